-- Assessment for the methods, shared within one settle() run.
--
-- settle() assesses all the sections of the agreements it runs at once, per
-- time zone and period unit, into a temporary table (one pass over the
-- observations instead of one per agreement); _assessment_for() serves an
-- agreement's rows from it when the request is covered (same unit and time
-- zone, sections included, period inside the settled period with bounds on
-- unit boundaries, so the clipped units are the same), and otherwise calls
-- ecocomp.assessment() itself.  The cache is emptied when settle() ends.
-- Which units an agreement reads comes from the method registry.

CREATE OR REPLACE FUNCTION ecocomp._assessment_for(a ecocomp.agreement, for_period daterange, for_unit text)
RETURNS SETOF ecocomp.assessment_row
LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
    q daterange := $2;
    u text := $3;
    hit boolean := false;
BEGIN
    -- (two steps: a query naming the cache cannot even be planned before
    -- the first settle() of the session has created it)
    IF to_regclass('pg_temp.ecocomp_assessment_cover') IS NOT NULL THEN
        hit := EXISTS (SELECT FROM pg_temp.ecocomp_assessment_cover c
                   WHERE c.unit = u AND c.tz = a.time_zone AND q <@ c.cover
                     AND a.section_codes <@ c.sections
                     AND (lower(q) = lower(c.cover) OR date_trunc(u, lower(q)::timestamp)::date = lower(q))
                     AND (upper(q) = upper(c.cover) OR date_trunc(u, upper(q)::timestamp)::date = upper(q)));
    END IF;
    IF hit THEN
        RETURN QUERY
        SELECT x.section_code, x.parameter, x.period, x.samples, x.censored_samples, x.mean,
               x.mean_class, x.target_class, x.target_limit, x.meets_target, x.exceedance_multiple,
               x.samples_meeting_target, x.flow_mean_m3s, x.volume_m3, x.load_kg, x.exceedance_load_kg
        FROM pg_temp.ecocomp_assessment_cache x
        WHERE x.unit = u AND x.tz = a.time_zone AND x.section_code = ANY (a.section_codes)
          AND x.period <@ q;
    ELSE
        RETURN QUERY SELECT * FROM ecocomp.assessment(q, u, a.time_zone, a.section_codes);
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_for(ecocomp.agreement, daterange, text) IS
    'internal: ecocomp.assessment() of an agreement''s sections, served from the assessment settle() made for all its agreements when covered';

-- Fills the cache for a settle() run: for each time zone and period unit
-- the agreements use, one assessment of all their sections over the period.
-- Returns false (no cache) when temporary tables cannot be created.
CREATE OR REPLACE FUNCTION ecocomp._assessment_cache_fill(argp daterange, ids text[]) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r record;
BEGIN
    BEGIN
        IF to_regclass('pg_temp.ecocomp_assessment_cover') IS NULL THEN
            CREATE TEMP TABLE ecocomp_assessment_cover (unit text, tz text, cover daterange, sections text[]);
            CREATE TEMP TABLE ecocomp_assessment_cache AS
            SELECT ''::text AS unit, ''::text AS tz, x.*
            FROM ecocomp.assessment('empty'::daterange) x WITH NO DATA;
            CREATE INDEX ON pg_temp.ecocomp_assessment_cache (section_code, unit, tz);
        END IF;
    EXCEPTION WHEN insufficient_privilege OR read_only_sql_transaction THEN
        RETURN false;
    END;
    DELETE FROM pg_temp.ecocomp_assessment_cover;
    DELETE FROM pg_temp.ecocomp_assessment_cache;
    FOR r IN
        WITH a AS (SELECT * FROM ecocomp.agreement a WHERE a.agreement_id = ANY (ids)
                                                      AND cardinality(a.section_codes) > 0)
        SELECT x.tz, x.unit, array_agg(DISTINCT s) AS sections
        FROM (SELECT a.time_zone AS tz, a.section_codes,
                     unnest(coalesce(m.units, ARRAY[coalesce(a.params ->> 'period_unit', m.default_unit)])) AS unit
              FROM a JOIN ecocomp.method m ON m.method = a.method) x, unnest(x.section_codes) s
        WHERE x.unit IN ('month', 'quarter', 'year')
        GROUP BY x.tz, x.unit
    LOOP
        INSERT INTO pg_temp.ecocomp_assessment_cache
        SELECT r.unit, r.tz, x.* FROM ecocomp.assessment(argp, r.unit, r.tz, r.sections) x;
        INSERT INTO pg_temp.ecocomp_assessment_cover VALUES (r.unit, r.tz, argp, r.sections);
    END LOOP;
    ANALYZE pg_temp.ecocomp_assessment_cache;
    RETURN true;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_cache_fill(daterange, text[]) IS
    'internal: assesses the sections of the agreements settle() runs, once per time zone and period unit, into a temporary cache';

CREATE OR REPLACE FUNCTION ecocomp._assessment_cache_clear() RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF to_regclass('pg_temp.ecocomp_assessment_cover') IS NOT NULL THEN
        DELETE FROM pg_temp.ecocomp_assessment_cover;
        DELETE FROM pg_temp.ecocomp_assessment_cache;
    END IF;
END $$;
COMMENT ON FUNCTION ecocomp._assessment_cache_clear() IS 'internal: empties the settle() assessment cache';
