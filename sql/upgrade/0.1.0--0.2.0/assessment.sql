-- _assess_collect keeps its running state as internal (chunks of records,
-- serialized by parameter and sorted between processes) instead of a
-- float8[]: its transition and combine functions change argument types, so
-- 0.1.0's aggregate and both functions go and the install piece creates
-- them again.
DROP AGGREGATE IF EXISTS ecocomp._assess_collect(timestamptz, text, double precision, boolean, text[]);
DROP FUNCTION IF EXISTS ecocomp._assess_collect_accum(double precision[], timestamptz, text,
                                                      double precision, boolean, text[]);
DROP FUNCTION IF EXISTS ecocomp._assess_combine(double precision[], double precision[]);
