-- The methods are listed in ecocomp.method (50_method_registry.sql) and
-- checked by the agreement trigger: the CHECK constraint that wrote the
-- list out a second time goes.
ALTER TABLE ecocomp.agreement DROP CONSTRAINT IF EXISTS agreement_method_check;
-- The flux_exceedance kernel is named after its method; the 0.1.0 name
-- goes (the C symbol stays for a library loaded before the update).
DROP FUNCTION IF EXISTS ecocomp._flux_kernel(double precision[], double precision[],
                                             double precision[], double precision[], boolean);
