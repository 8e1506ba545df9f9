-- Core tables: geography (jurisdiction, reach, section) and monitoring
-- (observation, observation_reject).  Users own their rows; pg_dump keeps
-- them (pg_extension_config_dump).

CREATE TABLE IF NOT EXISTS ecocomp.jurisdiction (
    code        text PRIMARY KEY CHECK (code <> ''),
    name        text NOT NULL,
    name_zh     text,
    level       text NOT NULL DEFAULT 'other'
                CHECK (level IN ('province', 'prefecture', 'county', 'other')),
    parent_code text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    geom        geometry(MultiPolygon, 4326)
                CHECK (geom IS NULL OR (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))),
    CHECK (parent_code IS DISTINCT FROM code)
);
CREATE INDEX IF NOT EXISTS jurisdiction_geom_idx ON ecocomp.jurisdiction USING gist (geom);
CREATE INDEX IF NOT EXISTS jurisdiction_parent_idx ON ecocomp.jurisdiction (parent_code);
COMMENT ON TABLE ecocomp.jurisdiction IS
    'Provinces, prefectures, counties and other parties to agreements, with their boundaries (SRID 4326)';
COMMENT ON COLUMN ecocomp.jurisdiction.code IS 'identifier, e.g. the 6-digit administrative division code';
COMMENT ON COLUMN ecocomp.jurisdiction.level IS 'province, prefecture, county or other';
COMMENT ON COLUMN ecocomp.jurisdiction.parent_code IS 'enclosing jurisdiction, if any';
COMMENT ON COLUMN ecocomp.jurisdiction.geom IS 'boundary: a valid MultiPolygon in WGS 84 (EPSG:4326)';

CREATE TABLE IF NOT EXISTS ecocomp.reach (
    reach_id        bigint PRIMARY KEY,
    next_down       bigint CHECK (next_down IS DISTINCT FROM reach_id),
    next_down_minor bigint CHECK (next_down_minor IS DISTINCT FROM reach_id),
    name            text,
    local_area_km2  double precision CHECK (local_area_km2 >= 0 AND local_area_km2 < 'Infinity'),
    length_km       double precision CHECK (length_km >= 0 AND length_km < 'Infinity'),
    geom            geometry(LineString, 4326) CHECK (geom IS NULL OR NOT ST_IsEmpty(geom)),
    -- derived by ecocomp.refresh_network(); navigation reads its own copy
    -- (ecocomp._reach_label, sql/install/30_network.sql), so these carry no
    -- index and a refresh rewrites only the rows whose labels changed
    hydroseq        bigint,
    terminal_id     bigint,
    level_path_id   bigint,
    strahler        int,
    shreve          bigint,
    up_area_km2     double precision,
    arbolate_km     double precision,
    path_km         double precision,
    nav_lo          bigint,
    nav_hi          bigint,
    pfaf            text
);
CREATE INDEX IF NOT EXISTS reach_geom_idx ON ecocomp.reach USING gist (geom);
CREATE INDEX IF NOT EXISTS reach_next_down_idx ON ecocomp.reach (next_down);
COMMENT ON TABLE ecocomp.reach IS
    'River network: one row per reach, digitised in flow direction; topology from next_down (and next_down_minor, reach_minor_link); hydroseq to pfaf are derived by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.next_down IS 'main downstream reach; NULL at an outlet';
COMMENT ON COLUMN ecocomp.reach.next_down_minor IS 'minor downstream reach at a divergence (optional)';
COMMENT ON COLUMN ecocomp.reach.local_area_km2 IS 'area draining directly into this reach, km²';
COMMENT ON COLUMN ecocomp.reach.length_km IS 'length in km; the geodesic length of geom when not supplied';
COMMENT ON COLUMN ecocomp.reach.geom IS 'LineString in WGS 84, digitised from upstream to downstream';
COMMENT ON COLUMN ecocomp.reach.hydroseq IS 'hydrologic sequence: 1 at an outlet, larger upstream (NHDPlus HydroSeq); set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.terminal_id IS 'the outlet reached along main paths (NHDPlus TerminalPa); set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.level_path_id IS 'the main stem: reach_id of its most downstream reach (NHDPlus LevelPathI); set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.strahler IS 'Strahler order as NHDPlus StreamOrde counts it at divergences; set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.shreve IS 'Shreve magnitude: headwater reaches upstream; set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.up_area_km2 IS 'total upstream area in km² (NHDPlus TotDASqKM); NULL when an upstream local area is unknown; set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.arbolate_km IS 'total length of the reaches upstream, this one included, km (NHDPlus ArbolateSu); set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.path_km IS 'distance from the downstream end to the outlet along main paths, km (NHDPlus Pathlength); set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.nav_lo IS 'preorder number in the main-path tree (nested-interval navigation); set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.nav_hi IS 'the largest preorder number in the reach''s main-path subtree; set by refresh_network()';
COMMENT ON COLUMN ecocomp.reach.pfaf IS 'Pfafstetter code (refresh_network''s pfaf_depth digits); set by refresh_network()';

-- length_km defaults to the geodesic length of the line.
CREATE OR REPLACE FUNCTION ecocomp._reach_default_length() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.length_km IS NULL AND NEW.geom IS NOT NULL THEN
        NEW.length_km := @postgis@.ST_Length(NEW.geom::@postgis@.geography) / 1000.0;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION ecocomp._reach_default_length() IS 'internal: fills reach.length_km from geom';
CREATE OR REPLACE TRIGGER reach_default_length BEFORE INSERT OR UPDATE OF geom, length_km ON ecocomp.reach
    FOR EACH ROW EXECUTE FUNCTION ecocomp._reach_default_length();

CREATE TABLE IF NOT EXISTS ecocomp.section (
    code            text PRIMARY KEY CHECK (code <> ''),
    name            text,
    name_zh         text,
    geom            geometry(Point, 4326) CHECK (geom IS NULL OR NOT ST_IsEmpty(geom)),
    reach_id        bigint REFERENCES ecocomp.reach (reach_id) ON DELETE SET NULL,
    waterbody       text NOT NULL DEFAULT 'river' CHECK (waterbody IN ('river', 'lake')),
    target_class    ecocomp.wq_class,
    upstream_code   text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE,
    downstream_code text REFERENCES ecocomp.jurisdiction (code) ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS section_geom_idx ON ecocomp.section USING gist (geom);
CREATE INDEX IF NOT EXISTS section_reach_idx ON ecocomp.section (reach_id);
COMMENT ON TABLE ecocomp.section IS
    'Monitoring sections (断面): where water is sampled, on which reach, between which jurisdictions';
COMMENT ON COLUMN ecocomp.section.waterbody IS 'river, or lake (lakes and reservoirs: lake TP limits apply)';
COMMENT ON COLUMN ecocomp.section.target_class IS 'the water quality class the section is required to meet';
COMMENT ON COLUMN ecocomp.section.upstream_code IS 'jurisdiction the water comes from (derived by snap_sections() when NULL)';
COMMENT ON COLUMN ecocomp.section.downstream_code IS 'jurisdiction the water flows into (derived by snap_sections() when NULL)';

CREATE TABLE IF NOT EXISTS ecocomp.observation (
    section_code text NOT NULL REFERENCES ecocomp.section (code) ON UPDATE CASCADE,
    parameter    text NOT NULL REFERENCES ecocomp.parameter (code) ON UPDATE CASCADE,
    observed_at  timestamptz NOT NULL CHECK (isfinite(observed_at)),
    value        double precision NOT NULL
                 CHECK (value > '-Infinity' AND value < 'Infinity' AND value <> 'NaN'),
    censored     boolean NOT NULL DEFAULT false,
    unit         text,
    source       text,
    PRIMARY KEY (section_code, parameter, observed_at),
    -- only the canonical unit may be stored; import_observations() converts
    FOREIGN KEY (parameter, unit) REFERENCES ecocomp.parameter (code, unit) ON UPDATE CASCADE,
    CHECK (value >= 0 OR parameter = 'water_temp'),
    CHECK (parameter <> 'pH' OR value <= 14)
);
CREATE INDEX IF NOT EXISTS observation_parameter_time_idx ON ecocomp.observation (parameter, observed_at);
COMMENT ON TABLE ecocomp.observation IS
    'Monitoring data in long format: one value per section, parameter and time, in the parameter''s canonical unit';
COMMENT ON COLUMN ecocomp.observation.value IS 'value in the canonical unit; for a non-detect, the detection limit';
COMMENT ON COLUMN ecocomp.observation.censored IS 'true for a non-detect (below the detection limit held in value)';
COMMENT ON COLUMN ecocomp.observation.unit IS 'NULL or the parameter''s canonical unit; other units are converted by import_observations()';
COMMENT ON COLUMN ecocomp.observation.source IS 'free text: laboratory, automatic station, joint sampling, ...';

CREATE TABLE IF NOT EXISTS ecocomp.observation_reject (
    reject_id    bigserial PRIMARY KEY,
    staging      text NOT NULL,
    raw          jsonb NOT NULL,
    reason       text NOT NULL,
    rejected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS observation_reject_time_idx ON ecocomp.observation_reject (rejected_at);
COMMENT ON TABLE ecocomp.observation_reject IS
    'Quarantine: staging rows the importers (import_observations, import_air_observations, import_waste_transfers) refused, as they were, with the reason';
COMMENT ON COLUMN ecocomp.observation_reject.staging IS 'the staging table the row came from';
COMMENT ON COLUMN ecocomp.observation_reject.raw IS 'the staging row as it was (all columns, as JSON)';
COMMENT ON COLUMN ecocomp.observation_reject.reason IS 'why the row was refused';

SELECT pg_catalog.pg_extension_config_dump('ecocomp.jurisdiction', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.reach', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.section', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.observation', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.observation_reject', '');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.observation_reject_reject_id_seq', '');
