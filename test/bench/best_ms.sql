-- Included (\ir) by the benchmark SQL files, not a benchmark by itself.
-- pg_temp.best_ms(q, runs [, reset]): the best of `runs` timings of the
-- statement q, in ms of clock_timestamp(); `reset`, when given, runs before
-- each timing, untimed (to start every run from the same state).
CREATE FUNCTION pg_temp.best_ms(q text, runs int, reset text DEFAULT NULL) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best float8 := 'Infinity';
BEGIN
    FOR i IN 1 .. runs LOOP
        IF reset IS NOT NULL THEN
            EXECUTE reset;
        END IF;
        t0 := clock_timestamp();
        EXECUTE q;
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    RETURN best;
END $$;
