-- ecocomp: horizontal ecological compensation between jurisdictions that share rivers.
-- This file is assembled by the Makefile from the pieces in sql/install/.

\echo Use "CREATE EXTENSION ecocomp CASCADE" to load this file. \quit
