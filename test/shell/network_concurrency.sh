#!/bin/sh
# A refresh does not lock navigation out while it writes: navigation and
# readers of reach keep getting the previous labels until the refresh
# commits.  The long part of a refresh is the update of reach's label
# columns; a statement trigger made for this test holds that update for
# 3 s, and a second session navigates meanwhile with a 1 s lock_timeout.
# Prints TAP.  Runs with PGHOST, PGPORT, PGUSER set.
set -u
db=ecocomp_network_concurrency
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || { echo "1..1"; echo "not ok 1 - createdb"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$db" >/dev/null 2>&1' EXIT

# 2 and 3 flow into the outlet 1; 4 into 2 comes after the first refresh.
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null 2>&1 <<'SQL' || { echo "1..1"; echo "not ok 1 - load data"; exit 1; }
CREATE EXTENSION ecocomp CASCADE;
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (1, NULL, 1), (2, 1, 1), (3, 1, 1);
SELECT ecocomp.refresh_network();
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (4, 2, 1);
CREATE FUNCTION public.hold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$;
CREATE TRIGGER hold BEFORE UPDATE ON ecocomp.reach FOR EACH STATEMENT EXECUTE FUNCTION public.hold();
SQL

psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "SELECT 'labelled ' || ecocomp.refresh_network()" >"$tmp/refresh" 2>&1 &
pr=$!
# wait (at most 10 s) until the refresh sits in the held update
i=0
while [ $i -lt 100 ]; do
    w=$(psql -X -At -d "$db" -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%refresh_network%'")
    [ "$w" = 1 ] && break
    sleep 0.1; i=$((i + 1))
done
during_nav=$(PGOPTIONS="-c lock_timeout=1s" psql -X -At -d "$db" \
    -c "SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(1, 'UT') n" 2>&1)
during_up=$(PGOPTIONS="-c lock_timeout=1s" psql -X -At -d "$db" \
    -c "SELECT ecocomp.is_upstream(3, 1)" 2>&1)
during_reach=$(PGOPTIONS="-c lock_timeout=1s" psql -X -At -d "$db" \
    -c "SELECT hydroseq IS NULL FROM ecocomp.reach WHERE reach_id = 4" 2>&1)
wait $pr; rr=$?
after_nav=$(psql -X -At -d "$db" -c "SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(1, 'UT') n" 2>&1)

echo "1..6"
[ "$w" = 1 ] && echo "ok 1 - the refresh reached its update of reach" ||
    echo "not ok 1 - the refresh was not seen in its update (sessions waiting: '$w')"
[ "$during_nav" = "{1,2,3}" ] && echo "ok 2 - navigation during the refresh answers at once, from the previous labels" ||
    echo "not ok 2 - navigation during the refresh gave: $during_nav"
[ "$during_up" = "t" ] && echo "ok 3 - is_upstream during the refresh answers at once" ||
    echo "not ok 3 - is_upstream during the refresh gave: $during_up"
[ "$during_reach" = "t" ] && echo "ok 4 - readers of reach see the previous labels until the refresh commits" ||
    echo "not ok 4 - reach 4's hydroseq during the refresh: $during_reach"
[ "$rr" = 0 ] && grep -qx 'labelled 4' "$tmp/refresh" && echo "ok 5 - the refresh labelled 4 reaches" ||
    { echo "not ok 5 - the refresh failed"; sed 's/^/# /' "$tmp/refresh"; }
[ "$after_nav" = "{1,2,3,4}" ] && echo "ok 6 - after it, navigation sees the new reach" ||
    echo "not ok 6 - navigation after the refresh gave: $after_nav"
