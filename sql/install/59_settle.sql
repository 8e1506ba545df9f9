-- settle(): run every applicable agreement for a period and write its
-- obligations and issues; explain_obligation(): the formula of an
-- obligation with its numbers, in words.  docs/settlement.md.

-- One pass of a method over some of its agreements for a period: writes
-- their obligations and issues and returns the number of obligations.
-- Raises when the method is not installed or one of them cannot be computed
-- (settle() then runs them one by one; nothing of the failed pass is kept).
-- Each agreement row is handed to the method as a value of type
-- ecocomp.agreement: in one statement over the table, a Citus coordinator
-- would hand it the row type of the reference table's shard, which no
-- method accepts.
CREATE OR REPLACE FUNCTION ecocomp._settle_method(meth text, argp daterange, ids text[])
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    a ecocomp.agreement;
    l ecocomp.settlement_line;
    part daterange;
    n bigint := 0;
BEGIN
    IF to_regprocedure(format('ecocomp._settle_%s(ecocomp.agreement, daterange)', meth)) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '0A000',
            MESSAGE = format('method %s is not available', meth),
            DETAIL = format('The function ecocomp._settle_%s is not installed.', meth);
    END IF;
    FOR a IN SELECT * FROM ecocomp.agreement x
             WHERE x.agreement_id = ANY (ids) AND x.method = meth
             ORDER BY x.agreement_id LOOP
        part := a.valid * argp;
        FOR l IN EXECUTE format('SELECT * FROM ecocomp.%I($1, $2)', '_settle_' || meth) USING a, part LOOP
            IF l.amount IS NOT NULL AND (l.amount <= 0 OR l.payer_code IS NULL OR l.payee_code IS NULL)
               OR l.amount IS NULL AND (l.payer_code IS NOT NULL OR l.payee_code IS NOT NULL) THEN
                PERFORM ecocomp._settle_line_error(a.agreement_id, l.payer_code, l.payee_code, l.amount);
            END IF;
            IF l.amount > 0 THEN
                INSERT INTO ecocomp.obligation (agreement_id, period, payer_code, payee_code, amount, basis)
                VALUES (a.agreement_id, part, l.payer_code, l.payee_code, l.amount, l.basis);
                n := n + 1;
            END IF;
            IF l.issue IS NOT NULL THEN
                INSERT INTO ecocomp.settlement_issue (agreement_id, period, issue, basis)
                VALUES (a.agreement_id, part, l.issue, l.basis);
            END IF;
        END LOOP;
    END LOOP;
    RETURN n;
END $$;
COMMENT ON FUNCTION ecocomp._settle_method(text, daterange, text[]) IS
    'internal: one settle() pass of a method over the given agreements; returns the obligations written';

-- Reports an agreement settle() could not compute: an issue with the error.
CREATE OR REPLACE FUNCTION ecocomp._settle_failed(id text, argp daterange, sqlstate text,
                                                  message text, detail text)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- PL/pgSQL, not SQL: Citus cannot plan an SQL function body with
    -- parameters that reads a reference table (agreement)
    INSERT INTO ecocomp.settlement_issue (agreement_id, period, issue, basis)
    SELECT a.agreement_id, a.valid * _settle_failed.argp,
           format('not settled: %s%s', _settle_failed.message,
                  CASE WHEN coalesce(_settle_failed.detail, '') <> '' THEN ' (' || _settle_failed.detail || ')' ELSE '' END),
           jsonb_build_object('method', a.method, 'agreement_id', a.agreement_id,
                              'period', ecocomp._period_text(a.valid * _settle_failed.argp),
                              'sqlstate', _settle_failed.sqlstate, 'error', _settle_failed.message, 'detail', nullif(_settle_failed.detail, ''))
    FROM ecocomp.agreement a WHERE a.agreement_id = _settle_failed.id;
END $$;
COMMENT ON FUNCTION ecocomp._settle_failed(text, daterange, text, text, text) IS
    'internal: records in settlement_issue that settle() could not compute an agreement, with the SQLSTATE and message';

CREATE OR REPLACE FUNCTION ecocomp.settle(period daterange, agreement_ids text[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    argp daterange := $1;
    ids text[] := $2;
    bad text;
    todo text[];
    meth text;
    written bigint := 0;
    mids text[];
    r record;
    st text;
    msg text;
    det text;
BEGIN
    IF argp IS NULL OR isempty(argp) OR lower_inf(argp) OR upper_inf(argp) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'settlement period must be a bounded, non-empty date range',
            DETAIL = format('Got %s; expected e.g. ''[2024-01-01,2025-01-01)''.', coalesce(ecocomp._period_text(argp), 'NULL'));
    END IF;
    SELECT i INTO bad FROM unnest(ids) i
    WHERE i IS NULL OR NOT EXISTS (SELECT FROM ecocomp.agreement a WHERE a.agreement_id = i) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'settle was given an unknown agreement',
            DETAIL = format('Agreement %s is not in ecocomp.agreement.', coalesce('"' || bad || '"', 'NULL'));
    END IF;
    -- One settlement, booking or close at a time; none in a closed period.
    PERFORM ecocomp._settlement_lock();
    PERFORM ecocomp._refuse_closed(argp, 'settle');

    -- The applicable agreements, locked so that two concurrent runs for the
    -- same agreement queue up instead of both writing obligations.
    PERFORM 1 FROM ecocomp.agreement a
    WHERE a.valid && argp AND (ids IS NULL OR a.agreement_id = ANY (ids))
    ORDER BY a.agreement_id FOR UPDATE;

    SELECT coalesce(array_agg(a.agreement_id ORDER BY a.agreement_id), '{}') INTO todo
    FROM ecocomp.agreement a
    WHERE a.valid && argp AND (ids IS NULL OR a.agreement_id = ANY (ids));

    -- Replace what an earlier run wrote for these agreements and period:
    -- booked obligations are kept and marked superseded (book() reverses
    -- them), unbooked ones and issues whose period overlaps this one go.
    PERFORM ecocomp._supersede_booked(todo, argp);
    DELETE FROM ecocomp.obligation o
    WHERE o.agreement_id = ANY (todo) AND o.period && argp AND o.superseded_at IS NULL;
    DELETE FROM ecocomp.settlement_issue i
    WHERE i.agreement_id = ANY (todo) AND i.period && argp;

    -- One assessment of all their sections per time zone and period unit.
    PERFORM ecocomp._assessment_cache_fill(argp, todo);

    -- One set-based pass per method over all its agreements.  An agreement
    -- that cannot be computed must not stop the others: when a method's
    -- pass fails, its agreements are run one at a time, and each one that
    -- fails is reported in settlement_issue (and as a NOTICE below) with the
    -- error, while the rest are written.
    FOR meth IN SELECT DISTINCT a.method FROM ecocomp.agreement a
                WHERE a.agreement_id = ANY (todo) ORDER BY 1 LOOP
        mids := ARRAY(SELECT a.agreement_id FROM ecocomp.agreement a
                      WHERE a.agreement_id = ANY (todo) AND a.method = meth ORDER BY 1);
        BEGIN
            written := written + ecocomp._settle_method(meth, argp, mids);
        EXCEPTION WHEN OTHERS THEN
            FOREACH bad IN ARRAY mids LOOP
                BEGIN
                    written := written + ecocomp._settle_method(meth, argp, ARRAY[bad]);
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
                    PERFORM ecocomp._settle_failed(bad, argp, st, msg, det);
                END;
            END LOOP;
        END;
    END LOOP;

    PERFORM ecocomp._assessment_cache_clear();
    -- A booked obligation computed again unchanged stays the current one.
    PERFORM ecocomp._keep_unchanged(todo, argp);

    FOR r IN SELECT i.agreement_id, i.period, i.issue FROM ecocomp.settlement_issue i
             WHERE i.agreement_id = ANY (todo) AND i.period && argp
             ORDER BY i.agreement_id, i.issue_id LOOP
        RAISE NOTICE 'agreement %, %: %', r.agreement_id, ecocomp._period_text(r.period), r.issue;
    END LOOP;
    RETURN written;
END $$;
COMMENT ON FUNCTION ecocomp.settle(daterange, text[]) IS
    'Runs every agreement valid in the period (or those listed) and writes its obligations; replaces the unbooked obligations and issues of an earlier run for the same agreements and period, keeps booked ones and marks them superseded (book() then reverses them); refuses a closed period; reports missing data, and each agreement it cannot compute with the reason, in settlement_issue and as NOTICEs while the others settle; returns the number of obligations written';

-- A method's line breaks the rule every obligation obeys: check_violation
-- (23514), which settle() reports for that agreement in settlement_issue.
CREATE OR REPLACE FUNCTION ecocomp._settle_line_error(agreement_id text, payer text, payee text, amount numeric)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '23514',
        MESSAGE = 'a compensation method returned an invalid settlement line',
        DETAIL = format('Agreement "%s": payer %s, payee %s, amount %s; a payment needs a payer, a payee and an amount > 0.',
                        agreement_id, coalesce(payer, 'NULL'), coalesce(payee, 'NULL'), coalesce(amount::text, 'NULL'));
END $$;
COMMENT ON FUNCTION ecocomp._settle_line_error(text, text, text, numeric) IS
    'internal: raises the error for a settlement line that is neither a payment nor empty';

CREATE OR REPLACE FUNCTION ecocomp.explain_obligation(obligation_id bigint, lang text DEFAULT 'zh')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    o ecocomp.obligation;
    a ecocomp.agreement;
    body text;
BEGIN
    IF lang IS NULL OR lang NOT IN ('zh', 'en') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unsupported language "%s"', lang),
            DETAIL = 'The language must be "zh" or "en".';
    END IF;
    SELECT * INTO o FROM ecocomp.obligation x WHERE x.obligation_id = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = 'obligation not found',
            DETAIL = format('There is no obligation %s.', coalesce($1::text, 'NULL'));
    END IF;
    SELECT * INTO a FROM ecocomp.agreement x WHERE x.agreement_id = o.agreement_id;
    IF to_regprocedure(format('ecocomp._explain_%s(jsonb, text)', o.basis ->> 'method')) IS NOT NULL THEN
        EXECUTE format('SELECT ecocomp.%I($1, $2)', '_explain_' || (o.basis ->> 'method'))
        INTO body USING o.basis, lang;
    END IF;
    IF o.agreement_id IS NULL THEN   -- an incident's obligation (settle_incident)
        RETURN format(CASE WHEN lang = 'zh' THEN '污染事件 %s（%s），期间 %s：%s 向 %s 支付 %s 元。%s'
                           ELSE 'Incident %s (%s), period %s: %s pays %s %s yuan. %s' END,
                      o.incident_id, (SELECT i.name FROM ecocomp.incident i WHERE i.incident_id = o.incident_id),
                      ecocomp._period_text(o.period),
                      ecocomp._party_text(o.payer_code, lang), ecocomp._party_text(o.payee_code, lang),
                      ecocomp._yuan_text((o.amount * 100)::bigint),
                      coalesce(body, CASE WHEN lang = 'zh' THEN '计算依据：' ELSE 'Basis: ' END || o.basis::text));
    END IF;
    RETURN format(CASE WHEN lang = 'zh' THEN '协议 %s（%s，方法 %s），期间 %s：%s 向 %s 支付 %s 元。%s'
                       ELSE 'Agreement %s (%s, method %s), period %s: %s pays %s %s yuan. %s' END,
                  a.agreement_id, a.name, a.method, ecocomp._period_text(o.period),
                  ecocomp._party_text(o.payer_code, lang), ecocomp._party_text(o.payee_code, lang),
                  ecocomp._yuan_text((o.amount * 100)::bigint),
                  coalesce(body, CASE WHEN lang = 'zh' THEN '计算依据：' ELSE 'Basis: ' END || o.basis::text));
END $$;
COMMENT ON FUNCTION ecocomp.explain_obligation(bigint, text) IS
    'The formula of an obligation with its numbers filled in, in words: lang ''zh'' (default) or ''en''';
