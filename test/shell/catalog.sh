#!/bin/sh
# Every public object of the extension has a COMMENT and is documented in
# docs/ (its name appears in a docs page).  Internal objects (names starting
# with an underscore) need a comment only.  Prints TAP.
set -u
db=ecocomp_catalog
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" && psql -X -q -d "$db" -c "CREATE EXTENSION ecocomp CASCADE" >/dev/null 2>&1 ||
    { echo "1..1"; echo "not ok 1 - create extension"; exit 1; }

objects=$(psql -X -At -F ' ' -d "$db" <<'SQL'
SELECT kind, name, (comment IS NOT NULL)::int
FROM (
    SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' WHEN 'p' THEN 'procedure' ELSE 'function' END AS kind,
           p.proname::text AS name, obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ecocomp'
    WHERE p.prorettype <> 'trigger'::regtype
    UNION ALL
    SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' END,
           c.relname::text, obj_description(c.oid, 'pg_class')
    FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ecocomp'
    WHERE c.relkind IN ('r', 'v', 'm')
    UNION ALL
    SELECT 'type', t.typname::text, obj_description(t.oid, 'pg_type')
    FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ecocomp'
    WHERE t.typtype IN ('e', 'c', 'b', 'd')
) o
GROUP BY kind, name, comment IS NOT NULL
ORDER BY kind, name;
SQL
)
dropdb "$db" >/dev/null 2>&1

n=0
tap=""
undocumented=""
uncommented=""
echo "$objects" | {
    while read -r kind name has_comment; do
        [ -n "$name" ] || continue
        if [ "$has_comment" != 1 ]; then
            uncommented="$uncommented $kind:$name"
        fi
        case "$name" in
            _*) ;;
            *) grep -rqw -- "$name" docs/ || undocumented="$undocumented $kind:$name" ;;
        esac
        n=$((n + 1))
    done
    echo "1..3"
    [ "$n" -gt 0 ] && echo "ok 1 - $n extension objects found" || echo "not ok 1 - no extension objects found"
    [ -z "$uncommented" ] && echo "ok 2 - every object has a COMMENT" || echo "not ok 2 - objects without COMMENT:$uncommented"
    [ -z "$undocumented" ] && echo "ok 3 - every public object is named in docs/" || echo "not ok 3 - public objects missing from docs/:$undocumented"
}
