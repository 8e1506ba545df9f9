-- _settle_by_units reads the unit and what is fixed per unit from the
-- method registry (ecocomp.method.whole_units, unit_amount) instead of
-- taking them as arguments from every method.
DROP FUNCTION IF EXISTS ecocomp._settle_by_units(ecocomp.agreement, daterange, text, text, text);
