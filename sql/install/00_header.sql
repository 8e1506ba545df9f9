-- ecocomp: horizontal ecological compensation between jurisdictions that share rivers.
-- This file is assembled by the Makefile from the pieces in sql/install/.

\echo Use "CREATE EXTENSION ecocomp CASCADE" to load this file. \quit

-- Function bodies name PostGIS objects as @postgis@.name; the last piece
-- puts PostGIS's real schema in and checks those bodies then.  Until then
-- they cannot be parsed, so body checks wait (CREATE EXTENSION restores the
-- setting when the script ends).
SET check_function_bodies = off;
