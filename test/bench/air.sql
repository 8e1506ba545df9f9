-- Air benchmark body (test/bench/air.sh): a year of hourly data for
-- :cities cities × :stations stations × 6 pollutants (about 2 % of hours
-- missing), then air_assessment(year) beside one GROUP BY station,
-- parameter, day pass over the same rows, best of :runs each.
\pset pager off
SET client_min_messages = warning;
INSERT INTO ecocomp.jurisdiction (code, name, level)
SELECT 'b' || c, 'bench city ' || c, 'prefecture' FROM generate_series(1, :cities) c;
INSERT INTO ecocomp.air_station (code, jurisdiction_code)
SELECT format('b%s-%s', c, s), 'b' || c FROM generate_series(1, :cities) c, generate_series(1, :stations) s;
-- Deterministic values; hours are written in time order, as a platform delivers them.
INSERT INTO ecocomp.air_observation (station_code, parameter, observed_at, value)
SELECT st.code, p.par, timestamptz '2024-01-01 01:00+08' + h * interval '1 hour',
       p.base * (0.5 + (abs(hashtext(st.code || p.par || h)) % 1000) / 1000.0)
FROM generate_series(0, 366 * 24 - 1) h
CROSS JOIN ecocomp.air_station st
CROSS JOIN (VALUES ('PM2.5', 70.0), ('PM10', 120.0), ('SO2', 20.0), ('NO2', 50.0),
                   ('O3', 140.0), ('CO', 1.2)) AS p (par, base)
WHERE abs(hashtext(st.code || h || p.par)) % 50 <> 0;
ANALYZE ecocomp.air_observation;
SELECT count(*) AS hourly_rows FROM ecocomp.air_observation;

CREATE FUNCTION pg_temp.best_ms(q text, runs int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best float8 := 'Infinity';
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    RETURN best;
END $$;

SELECT round(e::numeric) AS air_assessment_ms, round(b::numeric) AS group_by_day_ms,
       round((e / b)::numeric, 2) AS ratio
FROM (SELECT pg_temp.best_ms($q$SELECT count(*) FROM ecocomp.air_assessment('[2024-01-01,2025-01-01)', 'year')$q$, :runs) AS e,
             pg_temp.best_ms($q$SELECT count(*) FROM (
                 SELECT station_code, parameter, ((observed_at AT TIME ZONE 'Asia/Shanghai') - interval '1 hour')::date,
                        avg(value), count(*)
                 FROM ecocomp.air_observation
                 WHERE observed_at > '2024-01-01 00:00+08' AND observed_at <= '2025-01-01 00:00+08'
                 GROUP BY 1, 2, 3) x$q$, :runs) AS b) t;
