-- The settlement of a period on a map: settlement_geojson() (a GeoJSON
-- FeatureCollection for QGIS or a web map) and settlement_map_svg() (an SVG
-- a browser shows: jurisdictions shaded by net position, rivers, arrows
-- payer -> payee sized by amount, labels in yuan or 万元, legend, title).
-- Both use net_positions() and net_transfers(), so a jurisdiction's role
-- sees only its own positions and transfers.  docs/finance.md.

-- An amount as a finance department writes it on a map: 万元 (10 000 yuan)
-- from 1 000 000 yuan up, else yuan; thousands separated, trailing zeros of
-- the fen dropped.  E.g. 20000000 -> '2,000万元', 1572480 -> '157.248万元',
-- 1234.5 -> '1,234.50元'.
CREATE OR REPLACE FUNCTION ecocomp._amount_label(amount numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN amount IS NULL THEN NULL
                WHEN abs(amount) >= 1000000 THEN
                    rtrim(rtrim(to_char(amount / 10000, 'FM999,999,999,999,990.999999'), '0'), '.') || '万元'
                ELSE to_char(amount, 'FM999,999,990.00') || '元' END
$$;
COMMENT ON FUNCTION ecocomp._amount_label(numeric) IS
    'internal: an amount as map label text, in 万元 from 1 000 000 yuan, else in yuan';

-- Text for SVG character data and attribute values.
CREATE OR REPLACE FUNCTION ecocomp._xml_text(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(replace(s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                           '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION ecocomp._xml_text(text) IS 'internal: escapes &, <, >, " and '' for XML';

CREATE OR REPLACE FUNCTION ecocomp.settlement_geojson(period daterange)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH pos AS (SELECT * FROM ecocomp.net_positions($1)),
    tr AS (SELECT * FROM ecocomp.net_transfers($1)),
    juris AS (
        SELECT jsonb_build_object(
                   'type', 'Feature',
                   'geometry', @postgis@.ST_AsGeoJSON(j.geom, 6)::jsonb,
                   'properties', jsonb_build_object(
                       'feature', 'jurisdiction', 'code', p.code, 'name', j.name, 'name_zh', j.name_zh,
                       'receivable', p.receivable, 'payable', p.payable, 'net', p.net,
                       'label', coalesce(j.name_zh, j.name, p.code) || ' ' ||
                                CASE WHEN p.net > 0 THEN '+' ELSE '' END || ecocomp._amount_label(p.net))) AS f,
               p.code AS k1, NULL::text AS k2
        FROM pos p LEFT JOIN ecocomp.jurisdiction j ON j.code = p.code
    ), arrows AS (
        SELECT jsonb_build_object(
                   'type', 'Feature',
                   'geometry', CASE WHEN a.geom IS NULL OR b.geom IS NULL THEN NULL
                                    ELSE @postgis@.ST_AsGeoJSON(@postgis@.ST_MakeLine(
                                             @postgis@.ST_PointOnSurface(a.geom),
                                             @postgis@.ST_PointOnSurface(b.geom)), 6)::jsonb END,
                   'properties', jsonb_build_object(
                       'feature', 'transfer', 'payer_code', t.payer_code, 'payee_code', t.payee_code,
                       'amount', t.amount, 'label', ecocomp._amount_label(t.amount))) AS f,
               t.payer_code, t.payee_code
        FROM tr t
        LEFT JOIN ecocomp.jurisdiction a ON a.code = t.payer_code
        LEFT JOIN ecocomp.jurisdiction b ON b.code = t.payee_code
    )
    SELECT jsonb_build_object(
               'type', 'FeatureCollection',
               'name', 'settlement ' || ecocomp._period_text($1),
               'features', coalesce((SELECT jsonb_agg(x.f ORDER BY x.o, x.k1, x.k2)
                                     FROM (SELECT f, 0 AS o, k1, k2 FROM juris
                                           UNION ALL SELECT f, 1, payer_code, payee_code FROM arrows) x),
                                    '[]'::jsonb))
$$;
COMMENT ON FUNCTION ecocomp.settlement_geojson(daterange) IS
    'A GeoJSON FeatureCollection (WGS 84) of the period''s settlement: each jurisdiction with a position (polygon; properties code, names, receivable, payable, net) and each net transfer as a line from payer to payee (properties payer_code, payee_code, amount, label)';

-- Width in pixels of a label line: full-width (CJK) characters measure
-- about the font size, the others a little over half of it.
CREATE OR REPLACE FUNCTION ecocomp._text_width(s text, font_size float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT font_size * (length(s) - 0.45 * length(regexp_replace(s, '[\u2E80-\uFFEF]', '', 'g')))
$$;
COMMENT ON FUNCTION ecocomp._text_width(text, float8) IS
    'internal: estimated width in pixels of a line of map text (full-width characters 1 em, others 0.55 em)';

-- The jurisdiction labels of settlement_map_svg(), placed so that none
-- covers another or a transfer's amount: largest positions first, each at
-- its anchor or, when that is taken, at the first free spot around it with
-- a leader line back.  Reads the caller's _map_pt and _map_tr.  Beyond 300
-- labels the map is too dense to read anyway and labels stay at anchors,
-- which also bounds the quadratic search.
CREATE OR REPLACE FUNCTION ecocomp._map_labels() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    boxes float8[] := '{}';   -- placed boxes, 4 numbers each: x0, y0, x1, y1
    n     int := 0;
    crowd boolean := (SELECT count(*) > 300 FROM _map_pt);
    out   text := '';
    r     record;
    w     float8;
    amt   text;
    dx    float8;
    dy    float8;
    cand  float8[];
    free  boolean;
    bx0   float8;
    by0   float8;
    bx1   float8;
    by1   float8;
BEGIN
    FOR r IN SELECT (a.x + b.x) / 2 AS x, (a.y + b.y) / 2 - 6 AS y, ecocomp._amount_label(tr.amount) AS t
             FROM _map_tr tr JOIN _map_pt a ON a.code = tr.payer_code JOIN _map_pt b ON b.code = tr.payee_code LOOP
        w := ecocomp._text_width(r.t, 13);
        boxes := boxes || ARRAY[r.x - w / 2, r.y - 13, r.x + w / 2, r.y + 3];
        n := n + 1;
    END LOOP;
    FOR r IN SELECT code, net, label, x, y FROM _map_pt ORDER BY abs(net) DESC, code LOOP
        amt := CASE WHEN r.net > 0 THEN '+' ELSE '' END || ecocomp._amount_label(r.net);
        w := greatest(ecocomp._text_width(r.label, 14), ecocomp._text_width(amt, 12)) + 4;
        dx := 0;
        dy := 0;
        IF NOT crowd THEN
            -- the name's baseline is 18 px below the anchor, the amount's 33 px
            FOREACH cand SLICE 1 IN ARRAY ARRAY[[0, 0], [0, -38], [0, 38], [1, 0], [-1, 0], [1, -38], [-1, -38],
                                              [1, 38], [-1, 38], [0, -76], [0, 76]]::float8[] LOOP
                bx0 := r.x + cand[1] * (w + 6) - w / 2;
                bx1 := bx0 + w;
                by0 := r.y + cand[2] + 4;
                by1 := by0 + 33;
                free := true;
                FOR i IN 0 .. n - 1 LOOP
                    IF bx0 < boxes[4 * i + 3] AND boxes[4 * i + 1] < bx1
                       AND by0 < boxes[4 * i + 4] AND boxes[4 * i + 2] < by1 THEN
                        free := false;
                        EXIT;
                    END IF;
                END LOOP;
                IF free THEN
                    dx := cand[1] * (w + 6);
                    dy := cand[2];
                    EXIT;
                END IF;
            END LOOP;
        END IF;
        boxes := boxes || ARRAY[r.x + dx - w / 2, r.y + dy + 4, r.x + dx + w / 2, r.y + dy + 37];
        n := n + 1;
        IF dx <> 0 OR dy <> 0 THEN
            -- leader from the anchor to the nearest point of the moved label
            out := out || format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555" stroke-width="0.8"/>',
                                 round(r.x::numeric, 1), round(r.y::numeric, 1),
                                 round(greatest(r.x + dx - w / 2, least(r.x, r.x + dx + w / 2))::numeric, 1),
                                 round(greatest(r.y + dy + 4, least(r.y, r.y + dy + 37))::numeric, 1));
        END IF;
        out := out || format('<text x="%s" y="%s" font-size="14" text-anchor="middle" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>'
                             || '<text x="%s" y="%s" font-size="12" text-anchor="middle" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>',
                             round((r.x + dx)::numeric, 1), round((r.y + dy + 18)::numeric, 1), ecocomp._xml_text(r.label),
                             round((r.x + dx)::numeric, 1), round((r.y + dy + 33)::numeric, 1), ecocomp._xml_text(amt));
    END LOOP;
    RETURN out;
END $$;
COMMENT ON FUNCTION ecocomp._map_labels() IS
    'internal: the labels of settlement_map_svg(), placed so that they do not overlap each other or the transfer amounts';

CREATE OR REPLACE FUNCTION ecocomp.settlement_map_svg(period daterange)
RETURNS text
LANGUAGE plpgsql VOLATILE AS $$  -- VOLATILE: it uses temporary tables
DECLARE
    map_w  constant float8 := 900;     -- map area, pixels
    top    constant float8 := 70;      -- title band
    legend constant float8 := 280;     -- legend column
    font   constant text := '''Noto Sans CJK SC'', ''Noto Sans SC'', ''Source Han Sans SC'', ''PingFang SC'', ''Microsoft YaHei'', sans-serif';
    box    @postgis@.box2d;
    k      float8;
    cosphi float8;
    xoff   float8;
    yoff   float8;
    labels text;
    map_h  float8;
    max_net numeric;
    max_amt numeric;
    n_pos  int;
    svg    text;
    body   text;
BEGIN
    PERFORM ecocomp._check_period($1, 'settlement_map_svg');
    CREATE TEMP TABLE IF NOT EXISTS _map_pos (code text, net numeric, geom @postgis@.geometry) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS _map_tr (payer_code text, payee_code text, amount numeric) ON COMMIT DROP;
    TRUNCATE _map_pos, _map_tr;
    INSERT INTO _map_pos SELECT p.code, p.net, j.geom
        FROM ecocomp.net_positions($1) p LEFT JOIN ecocomp.jurisdiction j ON j.code = p.code;
    INSERT INTO _map_tr SELECT * FROM ecocomp.net_transfers($1);
    SELECT count(*), max(abs(net)) INTO n_pos, max_net FROM _map_pos;
    SELECT max(amount) INTO max_amt FROM _map_tr;
    SELECT @postgis@.ST_Extent(geom) INTO box FROM _map_pos;

    svg := format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%%s" viewBox="0 0 %s %%s" font-family="%s">',
                  map_w + legend, map_w + legend, ecocomp._xml_text(font))
        || '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="2.5" markerHeight="2.5" '
        || 'orient="auto-start-reverse" markerUnits="strokeWidth"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>'
        || '<rect x="0" y="0" width="100%%" height="100%%" fill="#ffffff"/>'
        || format('<text x="20" y="32" font-size="22" font-weight="bold" fill="#222">%s</text>',
                  ecocomp._xml_text('横向生态补偿结算 Settlement ' || to_char(lower($1), 'YYYY-MM-DD') || ' – '
                                    || to_char(upper($1) - 1, 'YYYY-MM-DD')))
        || format('<text x="20" y="54" font-size="13" fill="#555">%s</text>',
                  ecocomp._xml_text(format('net positions and net transfers over the booked ledger, %s', ecocomp._period_text($1))));

    IF box IS NULL THEN
        map_h := 200;
        body := format('<text x="20" y="%s" font-size="16" fill="#555">%s</text>', top + 40,
                       ecocomp._xml_text(CASE WHEN n_pos = 0 THEN 'No booked entries in this period.'
                                              ELSE 'The jurisdictions of this period have no boundaries.' END));
        RETURN format(svg, top + map_h, top + map_h) || body || '</svg>';
    END IF;

    -- Equirectangular projection at the middle latitude, 5 % margin.
    cosphi := cos(radians((@postgis@.ST_YMin(box) + @postgis@.ST_YMax(box)) / 2));
    k := (map_w - 40) / greatest((@postgis@.ST_XMax(box) - @postgis@.ST_XMin(box)) * cosphi * 1.1, 1e-9);
    map_h := least(greatest((@postgis@.ST_YMax(box) - @postgis@.ST_YMin(box)) * 1.1 * k, 300), 1200);
    k := least(k, (map_h - 20) / greatest((@postgis@.ST_YMax(box) - @postgis@.ST_YMin(box)) * 1.1, 1e-9));
    xoff := 20 - (@postgis@.ST_XMin(box) - 0.05 * (@postgis@.ST_XMax(box) - @postgis@.ST_XMin(box))) * k * cosphi;
    yoff := -(top + 10) - (@postgis@.ST_YMax(box) + 0.05 * (@postgis@.ST_YMax(box) - @postgis@.ST_YMin(box))) * k;

    -- Each drawn jurisdiction's anchor in pixels (ST_AsSVG writes -y, so y is mirrored).
    CREATE TEMP TABLE IF NOT EXISTS _map_pt (code text, net numeric, label text, x float8, y float8) ON COMMIT DROP;
    TRUNCATE _map_pt;
    INSERT INTO _map_pt
    SELECT p.code, p.net, coalesce(j.name_zh, j.name, p.code), @postgis@.ST_X(q), -@postgis@.ST_Y(q)
    FROM _map_pos p
    JOIN ecocomp.jurisdiction j ON j.code = p.code
    CROSS JOIN LATERAL (SELECT @postgis@.ST_Affine(@postgis@.ST_PointOnSurface(p.geom), k * cosphi, 0, 0, k, xoff, yoff) AS q) z
    WHERE p.geom IS NOT NULL;
    labels := ecocomp._map_labels();

    WITH t AS (
        SELECT k * cosphi AS a, k AS e, xoff, yoff
    ), shapes AS (
        SELECT string_agg(format('<path d="%s" fill="%s" stroke="#666" stroke-width="0.8" fill-rule="evenodd"><title>%s</title></path>',
                                 @postgis@.ST_AsSVG(@postgis@.ST_Affine(@postgis@.ST_SimplifyPreserveTopology(p.geom, 0.6 / k),
                                                                       t.a, 0, 0, t.e, t.xoff, t.yoff), 0, 1),
                                 ecocomp._net_colour(p.net, max_net),
                                 ecocomp._xml_text(coalesce(j.name_zh, j.name, p.code) || ' ' || ecocomp._amount_label(p.net))),
                          '' ORDER BY p.code) AS s
        FROM _map_pos p, t, ecocomp.jurisdiction j
        WHERE j.code = p.code AND p.geom IS NOT NULL
    ), rivers AS (
        SELECT string_agg(format('<path d="%s" fill="none" stroke="#3a7bd5" stroke-width="%s" stroke-opacity="0.8"/>',
                                 @postgis@.ST_AsSVG(@postgis@.ST_Affine(@postgis@.ST_SimplifyPreserveTopology(r.geom, 0.6 / k),
                                                                       t.a, 0, 0, t.e, t.xoff, t.yoff), 0, 1),
                                 CASE WHEN coalesce(r.strahler, 1) >= 4
                                      THEN 2 ELSE 1.2 END),
                          '' ORDER BY r.reach_id) AS s
        FROM ecocomp.reach r, t
        WHERE r.geom OPERATOR(@postgis@.&&) box::@postgis@.geometry
    ), arrows AS (
        SELECT string_agg(format('<g><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333" stroke-opacity="0.75" stroke-width="%s" marker-end="url(#arrowhead)"/>'
                                 || '<text x="%s" y="%s" font-size="13" text-anchor="middle" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text></g>',
                                 round(a.x::numeric, 1), round(a.y::numeric, 1),
                                 round((a.x + 0.85 * (b.x - a.x))::numeric, 1), round((a.y + 0.85 * (b.y - a.y))::numeric, 1),
                                 round((2 + 12 * tr.amount / max_amt)::numeric, 1),
                                 round(((a.x + b.x) / 2)::numeric, 1), round(((a.y + b.y) / 2 - 6)::numeric, 1),
                                 ecocomp._xml_text(ecocomp._amount_label(tr.amount))),
                          '' ORDER BY tr.amount DESC, tr.payer_code, tr.payee_code) AS s
        FROM _map_tr tr JOIN _map_pt a ON a.code = tr.payer_code JOIN _map_pt b ON b.code = tr.payee_code
    )
    SELECT '<g id="jurisdictions">' || coalesce(shapes.s, '') || '</g>'
        || '<g id="rivers">' || coalesce(rivers.s, '') || '</g>'
        || '<g id="transfers">' || coalesce(arrows.s, '') || '</g>'
        || '<g id="labels">' || labels || '</g>'
    INTO body
    FROM shapes, rivers, arrows;

    -- Legend: the colour ramp, the arrow width scale, units.
    body := body || format('<g id="legend" transform="translate(%s,%s)">', map_w + 10, top + 10)
        || '<text x="0" y="0" font-size="15" font-weight="bold">图例 Legend</text>'
        || format('<rect x="0" y="14" width="24" height="16" fill="%s" stroke="#666"/><text x="32" y="27" font-size="13">%s</text>',
                  ecocomp._net_colour(max_net, max_net), ecocomp._xml_text('收款 receives ' || ecocomp._amount_label(max_net)))
        || format('<rect x="0" y="38" width="24" height="16" fill="%s" stroke="#666"/><text x="32" y="51" font-size="13">%s</text>',
                  ecocomp._net_colour(0, max_net), '持平 balanced 0')
        || format('<rect x="0" y="62" width="24" height="16" fill="%s" stroke="#666"/><text x="32" y="75" font-size="13">%s</text>',
                  ecocomp._net_colour(-max_net, max_net), ecocomp._xml_text('付款 pays ' || ecocomp._amount_label(max_net)))
        || '<line x1="0" y1="100" x2="24" y2="100" stroke="#3a7bd5" stroke-width="2"/><text x="32" y="104" font-size="13">河流 river</text>'
        || CASE WHEN max_amt IS NULL THEN ''
                ELSE format('<line x1="0" y1="128" x2="30" y2="128" stroke="#333" stroke-width="14" marker-end="url(#arrowhead)"/><text x="50" y="132" font-size="13">%s</text>',
                            ecocomp._xml_text('转账 transfer ' || ecocomp._amount_label(max_amt)))
                   || '<line x1="0" y1="156" x2="30" y2="156" stroke="#333" stroke-width="2" marker-end="url(#arrowhead)"/><text x="50" y="160" font-size="13">0</text>' END
        || '<text x="0" y="190" font-size="11" fill="#555">万元 = 10 000 元 (yuan)</text>'
        -- jurisdictions with a position but no boundary are named, not drawn
        || coalesce((SELECT '<text x="0" y="220" font-size="12" fill="#555">无边界，未绘出 not drawn (no boundary):</text>'
                            || string_agg(format('<text x="8" y="%s" font-size="12" fill="#555">%s</text>', 238 + 16 * (x.i - 1),
                                                 ecocomp._xml_text(x.label)), '' ORDER BY x.i)
                     FROM (SELECT row_number() OVER (ORDER BY p.code) AS i,
                                  coalesce(j.name_zh, j.name, p.code) || ' ' ||
                                  CASE WHEN p.net > 0 THEN '+' ELSE '' END || ecocomp._amount_label(p.net) AS label
                           FROM _map_pos p LEFT JOIN ecocomp.jurisdiction j ON j.code = p.code
                           WHERE p.geom IS NULL) x
                     WHERE x.i <= 20), '')
        || '</g>';
    RETURN format(svg, top + map_h + 20, top + map_h + 20) || body || '</svg>';
END $$;
COMMENT ON FUNCTION ecocomp.settlement_map_svg(daterange) IS
    'An SVG map of the period''s settlement: jurisdictions shaded by net position (green receives, red pays), rivers, arrows payer -> payee with width by amount and labels in yuan or 万元, a legend and a title with the period';

-- Fill colour of a net position: white at 0, up to green (receives) or red
-- (pays) at the largest absolute position.
CREATE OR REPLACE FUNCTION ecocomp._net_colour(net numeric, max_abs numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT format('#%s%s%s',
                  lpad(to_hex(round(247 + s * ((CASE WHEN net >= 0 THEN 26 ELSE 215 END) - 247))::int), 2, '0'),
                  lpad(to_hex(round(247 + s * ((CASE WHEN net >= 0 THEN 152 ELSE 48 END) - 247))::int), 2, '0'),
                  lpad(to_hex(round(247 + s * ((CASE WHEN net >= 0 THEN 80 ELSE 39 END) - 247))::int), 2, '0'))
    FROM (SELECT CASE WHEN coalesce(max_abs, 0) = 0 THEN 0
                      ELSE least(abs(coalesce(net, 0)) / max_abs, 1)::float8 END AS s) x
$$;
COMMENT ON FUNCTION ecocomp._net_colour(numeric, numeric) IS
    'internal: fill colour of a net position relative to the largest one (white to green for receivers, to red for payers)';
