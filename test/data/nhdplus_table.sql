-- The temporary table nhd, with the columns of the NHDPlus V2 extracts of
-- test/data (walker.csv, coastal.csv, new_hope.csv) in their order; fill it
-- with \copy nhd FROM 'test/data/<file>.csv' WITH (FORMAT csv, HEADER true).
-- Included (\i test/data/nhdplus_table.sql) by the tests and benchmarks
-- that read them.
CREATE TEMP TABLE nhd (
    comid bigint PRIMARY KEY, gnis_name text, lengthkm float8, areasqkm float8, totdasqkm float8,
    hydroseq bigint, dnhydroseq bigint, uphydroseq bigint, dnminorhyd bigint,
    levelpathi bigint, dnlevelpat bigint, terminalpa bigint, terminalfl smallint, startflag smallint,
    divergence smallint, streamorde smallint, streamcalc smallint, pathlength float8, arbolatesu float8,
    fromnode bigint, tonode bigint, wkt text);
