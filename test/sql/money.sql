-- allocate() and p_index(): the examples of docs/money.md.  Expected values
-- are hand-computed (see the comments there).
SELECT ecocomp.allocate(100000000, '{1,1,1}') AS three_ways;
SELECT ecocomp.allocate(0.01, array_fill(1::float8, ARRAY[11])) AS eleven_ways;
SELECT ecocomp.allocate(200000000, '{3,4,3}') AS chishui_allocation;
SELECT ecocomp.allocate(1.00, '{0.1,0.2,0.7}') AS decimal_weights;
SELECT ecocomp.allocate(-100, '{1,1,1,0}') AS negative_total;
SELECT (SELECT sum(x) FROM unnest(ecocomp.allocate(1234567.89, '{3,1,4,1,5,9,2,6}')) x) AS sum_back;
SELECT ecocomp.p_index('{3.0,0.3,1.2,0.04}', '{3.0,0.3,1.5,0.05}',
                       '{0.25,0.25,0.25,0.25}', 0.85)::numeric(10,6) AS p;
