-- Text helpers for explain_obligation() and the methods' _explain_<m>:
-- numbers, yuan, periods, parties, bands, caps and directions in words.

-- A number for the explanations: up to `digits` decimals, no trailing zeros.
CREATE OR REPLACE FUNCTION ecocomp._num(x double precision, digits int DEFAULT 4) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(trim_scale(round(x::numeric, digits))::text, '?')
$$;
COMMENT ON FUNCTION ecocomp._num(double precision, int) IS 'internal: a rounded number as text for explanations';

-- Yuan from fen, with thousands separators, for the explanations.
CREATE OR REPLACE FUNCTION ecocomp._yuan_text(fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN fen IS NULL THEN '?'
                ELSE trim(to_char(fen::numeric / 100, 'FM999,999,999,999,999,990.00')) END
$$;
COMMENT ON FUNCTION ecocomp._yuan_text(bigint) IS 'internal: fen as yuan text with thousands separators';

-- A date range as text in ISO dates whatever the DateStyle, e.g.
-- '[2024-01-01,2025-01-01)', for bases, issues and explanations.
CREATE OR REPLACE FUNCTION ecocomp._period_text(r daterange) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN r IS NULL THEN NULL WHEN isempty(r) THEN 'empty'
                ELSE CASE WHEN lower_inc(r) THEN '[' ELSE '(' END
                     || coalesce(to_char(lower(r), 'YYYY-MM-DD'), '')
                     || ',' || coalesce(to_char(upper(r), 'YYYY-MM-DD'), '')
                     || CASE WHEN upper_inc(r) THEN ']' ELSE ')' END END
$$;
COMMENT ON FUNCTION ecocomp._period_text(daterange) IS
    'internal: a daterange as text with ISO dates, independent of DateStyle';

-- The period unit of a basis in Chinese (月, 季度, 年), for the zh
-- explanations of the methods settled per unit.
CREATE OR REPLACE FUNCTION ecocomp._unit_zh(unit text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE unit WHEN 'month' THEN '月' WHEN 'quarter' THEN '季度' ELSE '年' END
$$;
COMMENT ON FUNCTION ecocomp._unit_zh(text) IS 'internal: a period unit (month, quarter, year) in Chinese for explanations';

-- A band of a basis as text: "0.1 < m ≤ 0.5".
CREATE OR REPLACE FUNCTION ecocomp._band_text(band jsonb, var text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN band IS NULL OR jsonb_typeof(band) = 'null' THEN NULL
           WHEN band ->> 'min' IS NULL AND band ->> 'max' IS NULL THEN var || ' (any value)'
           ELSE concat_ws(' ',
                CASE WHEN band ->> 'min' IS NOT NULL
                     THEN (band ->> 'min') || CASE WHEN (band ->> 'min_inclusive')::boolean THEN ' ≤' ELSE ' <' END END,
                var,
                CASE WHEN band ->> 'max' IS NOT NULL
                     THEN CASE WHEN coalesce((band ->> 'max_inclusive')::boolean, true) THEN '≤ ' ELSE '< ' END
                          || (band ->> 'max') END)
           END
$$;
COMMENT ON FUNCTION ecocomp._band_text(jsonb, text) IS 'internal: a band as text for explanations, e.g. 0.1 < m ≤ 0.5';

-- "U pays D 1,234.00 yuan" from a signed amount.
CREATE OR REPLACE FUNCTION ecocomp._direction_text(basis jsonb, lang text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN (basis ->> 'amount_fen')::bigint = 0 THEN
            CASE WHEN lang = 'zh' THEN '金额为零，无需支付。' ELSE 'The amount is zero: nobody pays.' END
        WHEN lang = 'zh' THEN
            format('合计 %s 元，由 %s 支付给 %s。', ecocomp._yuan_text(abs((basis ->> 'amount_fen')::bigint)),
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'downstream' ELSE basis ->> 'upstream' END,
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'upstream' ELSE basis ->> 'downstream' END)
        ELSE
            format('Total %s yuan: %s pays %s.', ecocomp._yuan_text(abs((basis ->> 'amount_fen')::bigint)),
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'downstream' ELSE basis ->> 'upstream' END,
                   CASE WHEN (basis ->> 'amount_fen')::bigint > 0 THEN basis ->> 'upstream' ELSE basis ->> 'downstream' END)
        END
$$;
COMMENT ON FUNCTION ecocomp._direction_text(jsonb, text) IS 'internal: the payer, payee and total of a two-party basis, in words';

-- "−1,234.00" for a negative amount in fen, "1,234.00" otherwise.
CREATE OR REPLACE FUNCTION ecocomp._signed_yuan_text(fen bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN fen < 0 THEN '−' ELSE '' END || ecocomp._yuan_text(abs(fen))
$$;
COMMENT ON FUNCTION ecocomp._signed_yuan_text(bigint) IS 'internal: a signed amount in fen as yuan text';

-- The sentence saying that a basis's total was cut to its cap, or NULL.
CREATE OR REPLACE FUNCTION ecocomp._cap_text(basis jsonb, lang text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN basis ->> 'cap_fen' IS NOT NULL
                     AND abs((basis ->> 'uncapped_fen')::bigint) > (basis ->> 'cap_fen')::bigint
                THEN format(CASE WHEN lang = 'zh' THEN '  合计 %s 元，超过上限，按 %s 元计。'
                                 ELSE '  The sum, %s yuan, is capped at %s yuan.' END,
                            ecocomp._yuan_text((basis ->> 'uncapped_fen')::bigint),
                            ecocomp._yuan_text((basis ->> 'cap_fen')::bigint)) END
$$;
COMMENT ON FUNCTION ecocomp._cap_text(jsonb, text) IS 'internal: the cap sentence of a basis whose total was capped, in words';

-- The explanation of an upstream/downstream basis: the formula, one line per
-- term, the cap when it cut the total, and who pays whom.
CREATE OR REPLACE FUNCTION ecocomp._explain_two_party(basis jsonb, lang text, formula text, terms text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n', formula, terms, ecocomp._cap_text(basis, lang), ecocomp._direction_text(basis, lang))
$$;
COMMENT ON FUNCTION ecocomp._explain_two_party(jsonb, text, text, text) IS
    'internal: formula, term lines, cap and direction of a two-party basis, one per line';

-- A party as an auditor reads it: its name and code, e.g. 武汉市（420100） or Wuhan (420100).
CREATE OR REPLACE FUNCTION ecocomp._party_text(code text, lang text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(
        (SELECT CASE WHEN lang = 'zh' AND j.name_zh IS NOT NULL THEN format('%s（%s）', j.name_zh, j.code)
                     ELSE format('%s (%s)', j.name, j.code) END
         FROM ecocomp.jurisdiction j WHERE j.code = $1),
        $1)
$$;
COMMENT ON FUNCTION ecocomp._party_text(text, text) IS
    'internal: a jurisdiction''s name followed by its code, for explanations';
