-- Output shape of the evaluation functions.
SELECT ecocomp.gb3838_class('NH3-N', 0.5) AS nh3n, ecocomp.class_label('III', 'en') AS label;
