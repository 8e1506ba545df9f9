-- import_observations reads times with _read_timestamptz, which refuses
-- zone abbreviations, POSIX offsets and keyword timestamps; the permissive
-- readers of 0.1.0 are gone.
DROP FUNCTION IF EXISTS ecocomp._try_timestamptz(text, text);
DROP FUNCTION IF EXISTS ecocomp._has_time_zone(text);
