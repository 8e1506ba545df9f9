-- GB 3838-2002 evaluation (C kernels in src/core/gb3838.c).

CREATE OR REPLACE FUNCTION ecocomp.gb3838_class(parameter text, value double precision,
                                     waterbody text DEFAULT 'river')
RETURNS ecocomp.wq_class
AS 'MODULE_PATHNAME', 'ecocomp_gb3838_class'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.gb3838_class(text, double precision, text) IS
    'GB 3838-2002 class of one value of a parameter in a river or lake; NULL for items without classes (water temperature, Table 2 items, flow)';

CREATE OR REPLACE FUNCTION ecocomp.gb3838_limit(parameter text, class ecocomp.wq_class,
                                     waterbody text DEFAULT 'river')
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_gb3838_limit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.gb3838_limit(text, ecocomp.wq_class, text) IS
    'GB 3838-2002 limit of a class (upper limit; lower limit for DO; upper end of 6-9 for pH); NULL for inferior_V and items without limits';

CREATE OR REPLACE FUNCTION ecocomp.cwqi(parameter text, value double precision,
                             waterbody text DEFAULT 'river')
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_cwqi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.cwqi(text, double precision, text) IS
    'CWQI sub-index of one value: C / Class III limit, 5 / C for DO, pH by its own formula; NULL for items outside the 21 evaluated';

CREATE OR REPLACE FUNCTION ecocomp.class_label(class ecocomp.wq_class, lang text DEFAULT 'zh')
RETURNS text
AS 'MODULE_PATHNAME', 'ecocomp_class_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp.class_label(ecocomp.wq_class, text) IS
    'Label of a class: ''Ⅲ类'', ''劣Ⅴ类'' (zh) or ''Class III'', ''Worse than Class V'' (en)';

-- The section aggregates share one state: per-parameter count and sum.
CREATE OR REPLACE FUNCTION ecocomp._means_accum(state double precision[], parameter text,
                                     value double precision, waterbody text)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_means_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._means_accum(double precision[], text, double precision, text) IS
    'internal: transition function of section_class and cwqi_sum';

-- Aggregates cannot have argument defaults: the two-argument forms mean 'river'.
CREATE OR REPLACE FUNCTION ecocomp._means_accum(state double precision[], parameter text,
                                     value double precision)
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_means_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._means_accum(double precision[], text, double precision) IS
    'internal: transition function of section_class and cwqi_sum for rivers';

CREATE OR REPLACE FUNCTION ecocomp._means_combine(double precision[], double precision[])
RETURNS double precision[]
AS 'MODULE_PATHNAME', 'ecocomp_means_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._means_combine(double precision[], double precision[]) IS
    'internal: combine function of section_class and cwqi_sum';

CREATE OR REPLACE FUNCTION ecocomp._section_class_final(double precision[])
RETURNS ecocomp.wq_class
AS 'MODULE_PATHNAME', 'ecocomp_section_class_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._section_class_final(double precision[]) IS
    'internal: final function of section_class';

CREATE OR REPLACE FUNCTION ecocomp._cwqi_sum_final(double precision[])
RETURNS double precision
AS 'MODULE_PATHNAME', 'ecocomp_cwqi_sum_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ecocomp._cwqi_sum_final(double precision[]) IS
    'internal: final function of cwqi_sum';

CREATE OR REPLACE AGGREGATE ecocomp.section_class(parameter text, value double precision,
                                       waterbody text) (
    SFUNC = ecocomp._means_accum,
    STYPE = double precision[],
    INITCOND = '{}',
    COMBINEFUNC = ecocomp._means_combine,
    FINALFUNC = ecocomp._section_class_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.section_class(text, double precision, text) IS
    'Single-factor class of a section: each of the 21 evaluated items is averaged, classed, and the worst class wins';

CREATE OR REPLACE AGGREGATE ecocomp.section_class(parameter text, value double precision) (
    SFUNC = ecocomp._means_accum,
    STYPE = double precision[],
    INITCOND = '{}',
    COMBINEFUNC = ecocomp._means_combine,
    FINALFUNC = ecocomp._section_class_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.section_class(text, double precision) IS
    'Single-factor class of a river section: section_class(parameter, value, ''river'')';

CREATE OR REPLACE AGGREGATE ecocomp.cwqi_sum(parameter text, value double precision,
                                  waterbody text) (
    SFUNC = ecocomp._means_accum,
    STYPE = double precision[],
    INITCOND = '{}',
    COMBINEFUNC = ecocomp._means_combine,
    FINALFUNC = ecocomp._cwqi_sum_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.cwqi_sum(text, double precision, text) IS
    'CWQI of a section or city: each of the 21 evaluated items is averaged, its sub-index computed, and the sub-indices summed';

CREATE OR REPLACE AGGREGATE ecocomp.cwqi_sum(parameter text, value double precision) (
    SFUNC = ecocomp._means_accum,
    STYPE = double precision[],
    INITCOND = '{}',
    COMBINEFUNC = ecocomp._means_combine,
    FINALFUNC = ecocomp._cwqi_sum_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ecocomp.cwqi_sum(text, double precision) IS
    'CWQI of a river section: cwqi_sum(parameter, value, ''river'')';

-- Every limit of the catalogue, for reading and joining.
CREATE OR REPLACE VIEW ecocomp.gb3838_limits AS
SELECT p.code AS parameter, p.kind, w.waterbody, c.class,
       CASE p.kind WHEN 'range' THEN 6.0::double precision
                   WHEN 'lower' THEN ecocomp.gb3838_limit(p.code, c.class, w.waterbody)
       END AS lower_limit,
       CASE WHEN p.kind IN ('upper', 'range')
            THEN ecocomp.gb3838_limit(p.code, c.class, w.waterbody)
       END AS upper_limit,
       p.unit
FROM ecocomp.parameter p
CROSS JOIN (VALUES ('river'), ('lake')) AS w (waterbody)
CROSS JOIN unnest(enum_range(NULL::ecocomp.wq_class)) AS c (class)
WHERE p.builtin AND p.medium = 'water' AND p.kind <> 'none' AND c.class <> 'inferior_V';
COMMENT ON VIEW ecocomp.gb3838_limits IS
    'GB 3838-2002 limits of every class I-V, river and lake: a value meets a class when lower_limit <= value <= upper_limit (NULL bounds are open)';
