-- Describes every object the ecocomp extension owns, one sorted line (or
-- block) per fact, so that two databases can be compared with diff: an
-- upgraded one and a fresh install must print the same.
\pset format unaligned
\pset tuples_only on
\pset pager off
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'ecocomp'),
member AS (
    SELECT d.classid, d.objid, d.objsubid
    FROM pg_depend d, ext WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
),
rel AS (   -- tables, views, sequences and composite types' relations owned by the extension
    SELECT c.oid, c.relkind::text AS relkind, c.oid::regclass::text AS name FROM pg_class c
    JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
    UNION
    SELECT c.oid, c.relkind::text, t.oid::regtype::text FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
    JOIN member m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
),
facts(line) AS (
    SELECT 'member ' || pg_describe_object(classid, objid, objsubid) FROM member
    UNION ALL
    SELECT 'version ' || extversion || ' relocatable ' || extrelocatable || ' schema ' || extnamespace::regnamespace
    FROM pg_extension WHERE extname = 'ecocomp'
    UNION ALL   -- functions: the whole definition (body, volatility, strictness, parallel, security, config)
    SELECT 'function ' || p.oid::regprocedure || E'\n' || pg_get_functiondef(p.oid)
    FROM pg_proc p JOIN member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid WHERE p.prokind IN ('f', 'p')
    UNION ALL
    SELECT 'aggregate ' || p.oid::regprocedure || ' ' || concat_ws(' ', a.aggkind::text, a.aggnumdirectargs, a.aggtransfn::regprocedure::text,
           a.aggfinalfn::regproc::text, a.aggcombinefn::regproc::text, a.aggserialfn::regproc::text, a.aggdeserialfn::regproc::text,
           a.aggmtransfn::regproc::text, a.aggfinalextra, a.aggfinalmodify::text, a.aggtranstype::regtype::text, a.aggtransspace,
           a.agginitval, a.aggsortop::regoperator::text, p.provolatile::text, p.proparallel::text, p.proisstrict, p.prosecdef, p.proconfig::text)
    FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid JOIN member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
    UNION ALL
    SELECT 'function acl ' || p.oid::regprocedure || ' ' || coalesce(p.proacl::text, 'default') || ' owner ' || p.proowner::regrole
    FROM pg_proc p JOIN member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
    UNION ALL
    SELECT 'comment ' || pg_describe_object(m.classid, m.objid, 0) || ': ' || coalesce(obj_description(m.objid, m.classid::regclass::text), '(none)')
    FROM member m
    UNION ALL   -- relations: kind, options, row security, ACL, comment
    SELECT 'relation ' || r.name || ' kind ' || r.relkind::text || ' rls ' || c.relrowsecurity || ' force ' || c.relforcerowsecurity
           || ' options ' || coalesce(c.reloptions::text, '') || ' acl ' || coalesce(c.relacl::text, 'default') || ' owner ' || c.relowner::regrole
    FROM rel r JOIN pg_class c ON c.oid = r.oid
    UNION ALL   -- columns, in order (dropped ones skipped), with type, nullability, default, identity, generation, collation, comment
    SELECT 'column ' || r.name || ' #' || row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum) || ' ' || a.attname || ' '
           || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
           || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '') || coalesce(' identity ' || nullif(a.attidentity::text, ''), '')
           || coalesce(' generated ' || nullif(a.attgenerated::text, ''), '') || coalesce(' collate ' || nullif(a.attcollation, 0)::regcollation::text, '')
           || coalesce(' acl ' || a.attacl::text, '') || ' comment ' || coalesce(col_description(r.oid, a.attnum), '(none)')
    FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef ad ON ad.adrelid = r.oid AND ad.adnum = a.attnum
    UNION ALL
    SELECT 'constraint ' || r.name || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid, true)
           || ' deferrable ' || co.condeferrable || ' deferred ' || co.condeferred || ' valid ' || co.convalidated
           || ' comment ' || coalesce(obj_description(co.oid, 'pg_constraint'), '(none)')
    FROM rel r JOIN pg_constraint co ON co.conrelid = r.oid
    UNION ALL
    SELECT 'index ' || r.name || ' ' || pg_get_indexdef(i.indexrelid) || ' comment ' || coalesce(obj_description(i.indexrelid, 'pg_class'), '(none)')
    FROM rel r JOIN pg_index i ON i.indrelid = r.oid
    UNION ALL
    SELECT 'trigger ' || r.name || ' ' || pg_get_triggerdef(t.oid, true) || ' enabled ' || t.tgenabled::text
    FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
    UNION ALL
    SELECT 'policy ' || r.name || ' ' || pol.polname || ' ' || pol.polcmd::text || ' permissive ' || pol.polpermissive
           || ' roles ' || pol.polroles::regrole[]::text || ' using ' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '')
           || ' check ' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '')
    FROM rel r JOIN pg_policy pol ON pol.polrelid = r.oid
    UNION ALL
    SELECT 'view ' || r.name || E'\n' || pg_get_viewdef(r.oid, true) FROM rel r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT 'sequence ' || r.name || ' ' || concat_ws(' ', s.seqtypid::regtype::text, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle)
    FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
    UNION ALL   -- types: kind and, for enums, the labels in order
    SELECT 'type ' || t.oid::regtype || ' kind ' || t.typtype::text || coalesce(' labels ' ||
           (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')
           || ' acl ' || coalesce(t.typacl::text, 'default')
    FROM pg_type t JOIN member m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
    UNION ALL   -- what pg_dump keeps of each table
    SELECT 'config dump ' || cfg.tab::regclass || ' where ' || coalesce(cfg.cond, '')
    FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS cfg(tab, cond) WHERE e.extname = 'ecocomp'
    UNION ALL
    SELECT 'schema ' || n.nspname || ' owner ' || n.nspowner::regrole || ' acl ' || coalesce(n.nspacl::text, 'default')
           || ' comment ' || coalesce(obj_description(n.oid, 'pg_namespace'), '(none)')
    FROM pg_namespace n WHERE n.nspname = 'ecocomp'
)
SELECT line FROM facts ORDER BY line;
