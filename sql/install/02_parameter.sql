-- The parameter catalogue: GB 3838-2002 Table 1 (24 basic items), Table 2
-- (5 supplementary items for drinking-water sources) and four other
-- monitored quantities.  Class limits live in the C kernel; see
-- ecocomp.gb3838_limit() and the view ecocomp.gb3838_limits.

CREATE TABLE IF NOT EXISTS ecocomp.parameter (
    code        text PRIMARY KEY,
    name_en     text NOT NULL,
    name_zh     text NOT NULL,
    unit        text NOT NULL,
    gb3838_table int CHECK (gb3838_table IN (1, 2)),
    gb3838_item int CHECK (gb3838_item BETWEEN 1 AND 24),
    kind        text NOT NULL CHECK (kind IN ('upper', 'lower', 'range', 'none')),
    evaluated   boolean NOT NULL DEFAULT false,
    builtin     boolean NOT NULL DEFAULT false,
    medium      text NOT NULL DEFAULT 'water' CHECK (medium IN ('water', 'air')),
    UNIQUE (code, unit),
    CHECK ((gb3838_table IS NULL) = (gb3838_item IS NULL))
);
COMMENT ON TABLE ecocomp.parameter IS
    'Monitored parameters: GB 3838-2002 Table 1 and 2 items and others, with canonical unit and limit kind';
COMMENT ON COLUMN ecocomp.parameter.code IS 'parameter code used by observation.parameter, e.g. NH3-N, TP, pH';
COMMENT ON COLUMN ecocomp.parameter.unit IS 'canonical unit: observations are stored in it';
COMMENT ON COLUMN ecocomp.parameter.gb3838_table IS 'GB 3838-2002 table (1 basic items, 2 drinking-water source items), NULL if not in the standard';
COMMENT ON COLUMN ecocomp.parameter.gb3838_item IS 'item number within its GB 3838-2002 table';
COMMENT ON COLUMN ecocomp.parameter.kind IS 'upper (value <= limit), lower (value >= limit, DO), range (pH 6-9) or none';
COMMENT ON COLUMN ecocomp.parameter.evaluated IS 'one of the 21 items that decide a section''s class (not water temperature, TN or fecal coliform)';
COMMENT ON COLUMN ecocomp.parameter.medium IS 'water (observation) or air (air_observation)';
COMMENT ON COLUMN ecocomp.parameter.builtin IS 'row shipped with ecocomp (not dumped by pg_dump; user rows are)';

INSERT INTO ecocomp.parameter
    (code, name_en, name_zh, unit, gb3838_table, gb3838_item, kind, evaluated, builtin)
VALUES
    ('water_temp',     'water temperature',                 '水温',             '°C',      1, 1,  'none',  false, true),
    ('pH',             'pH',                                'pH值',             '1',       1, 2,  'range', true,  true),
    ('DO',             'dissolved oxygen',                  '溶解氧',           'mg/L',    1, 3,  'lower', true,  true),
    ('CODMn',          'permanganate index',                '高锰酸盐指数',     'mg/L',    1, 4,  'upper', true,  true),
    ('COD',            'chemical oxygen demand',            '化学需氧量',       'mg/L',    1, 5,  'upper', true,  true),
    ('BOD5',           'five-day biochemical oxygen demand', '五日生化需氧量',  'mg/L',    1, 6,  'upper', true,  true),
    ('NH3-N',          'ammonia nitrogen',                  '氨氮',             'mg/L',    1, 7,  'upper', true,  true),
    ('TP',             'total phosphorus (as P)',           '总磷',             'mg/L',    1, 8,  'upper', true,  true),
    ('TN',             'total nitrogen (as N)',             '总氮',             'mg/L',    1, 9,  'upper', false, true),
    ('Cu',             'copper',                            '铜',               'mg/L',    1, 10, 'upper', true,  true),
    ('Zn',             'zinc',                              '锌',               'mg/L',    1, 11, 'upper', true,  true),
    ('F',              'fluoride (as F-)',                  '氟化物',           'mg/L',    1, 12, 'upper', true,  true),
    ('Se',             'selenium',                          '硒',               'mg/L',    1, 13, 'upper', true,  true),
    ('As',             'arsenic',                           '砷',               'mg/L',    1, 14, 'upper', true,  true),
    ('Hg',             'mercury',                           '汞',               'mg/L',    1, 15, 'upper', true,  true),
    ('Cd',             'cadmium',                           '镉',               'mg/L',    1, 16, 'upper', true,  true),
    ('Cr6',            'chromium (hexavalent)',             '铬（六价）',       'mg/L',    1, 17, 'upper', true,  true),
    ('Pb',             'lead',                              '铅',               'mg/L',    1, 18, 'upper', true,  true),
    ('CN',             'cyanide',                           '氰化物',           'mg/L',    1, 19, 'upper', true,  true),
    ('phenol',         'volatile phenol',                   '挥发酚',           'mg/L',    1, 20, 'upper', true,  true),
    ('petroleum',      'petroleum',                         '石油类',           'mg/L',    1, 21, 'upper', true,  true),
    ('LAS',            'anionic surfactant',                '阴离子表面活性剂', 'mg/L',    1, 22, 'upper', true,  true),
    ('sulfide',        'sulfide',                           '硫化物',           'mg/L',    1, 23, 'upper', true,  true),
    ('fecal_coliform', 'fecal coliform',                    '粪大肠菌群',       'count/L', 1, 24, 'upper', false, true),
    ('SO4',            'sulfate (as SO4 2-)',               '硫酸盐',           'mg/L',    2, 1,  'upper', false, true),
    ('Cl',             'chloride (as Cl-)',                 '氯化物',           'mg/L',    2, 2,  'upper', false, true),
    ('NO3-N',          'nitrate (as N)',                    '硝酸盐',           'mg/L',    2, 3,  'upper', false, true),
    ('Fe',             'iron',                              '铁',               'mg/L',    2, 4,  'upper', false, true),
    ('Mn',             'manganese',                         '锰',               'mg/L',    2, 5,  'upper', false, true),
    ('flow',           'flow',                              '流量',             'm3/s',    NULL, NULL, 'none', false, true),
    ('conductivity',   'electrical conductivity',           '电导率',           'uS/cm',   NULL, NULL, 'none', false, true),
    ('turbidity',      'turbidity',                         '浊度',             'NTU',     NULL, NULL, 'none', false, true),
    ('chla',           'chlorophyll-a',                     '叶绿素a',          'mg/L',    NULL, NULL, 'none', false, true)
ON CONFLICT DO NOTHING;

-- Units accepted on import and the factor to the canonical unit.
CREATE TABLE IF NOT EXISTS ecocomp.unit_conversion (
    unit        text NOT NULL,
    canonical   text NOT NULL,
    factor      numeric NOT NULL CHECK (factor > 0),
    builtin     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (unit, canonical)
);
COMMENT ON TABLE ecocomp.unit_conversion IS
    'Units accepted by import_observations: value in unit × factor = value in the canonical unit';

INSERT INTO ecocomp.unit_conversion (unit, canonical, factor, builtin) VALUES
    ('mg/L',     'mg/L',    1,     true),
    ('mg/l',     'mg/L',    1,     true),
    ('g/m3',     'mg/L',    1,     true),
    ('g/m³',     'mg/L',    1,     true),
    ('µg/L',     'mg/L',    0.001, true),   -- U+00B5 micro sign
    ('μg/L',     'mg/L',    0.001, true),   -- U+03BC Greek mu
    ('ug/L',     'mg/L',    0.001, true),
    ('ug/l',     'mg/L',    0.001, true),
    ('m3/s',     'm3/s',    1,     true),
    ('m³/s',     'm3/s',    1,     true),
    ('L/s',      'm3/s',    0.001, true),
    ('l/s',      'm3/s',    0.001, true),
    ('count/L',  'count/L', 1,     true),
    ('个/L',     'count/L', 1,     true),
    ('MPN/L',    'count/L', 1,     true),
    ('°C',       '°C',      1,     true),
    ('1',        '1',       1,     true),
    ('uS/cm',    'uS/cm',   1,     true),
    ('µS/cm',    'uS/cm',   1,     true),
    ('NTU',      'NTU',     1,     true)
ON CONFLICT DO NOTHING;

SELECT pg_catalog.pg_extension_config_dump('ecocomp.parameter', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('ecocomp.unit_conversion', 'WHERE NOT builtin');
