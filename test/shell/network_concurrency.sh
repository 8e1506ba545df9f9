#!/bin/sh
# A refresh does not lock navigation out while it writes: navigation and
# readers of reach keep getting the previous labels until the refresh
# commits.  The long part of a refresh is the update of reach's label
# columns; a statement trigger made for this test holds that update for
# 3 s, and a second session navigates meanwhile with a 1 s lock_timeout.
# Prints TAP.  Runs with PGHOST, PGPORT, PGUSER set.
set -u
. "$(dirname "$0")/lib/tap.sh"
tap_scratch ecocomp_network_concurrency 6
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db" || exit 1

# 2 and 3 flow into the outlet 1; 4 into 2 comes after the first refresh.
q >/dev/null 2>&1 <<'SQL' || echo "# setup failed"
CREATE EXTENSION ecocomp CASCADE;
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (1, NULL, 1), (2, 1, 1), (3, 1, 1);
SELECT ecocomp.refresh_network();
INSERT INTO ecocomp.reach (reach_id, next_down, length_km) VALUES (4, 2, 1);
CREATE FUNCTION public.hold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$;
CREATE TRIGGER hold BEFORE UPDATE ON ecocomp.reach FOR EACH STATEMENT EXECUTE FUNCTION public.hold();
SQL

q -c "SELECT 'labelled ' || ecocomp.refresh_network()" >"$tmp/refresh" 2>&1 &
pr=$!
# wait (at most 10 s) until the refresh sits in the held update
i=0
while [ $i -lt 100 ]; do
    w=$(q -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%refresh_network%'")
    [ "$w" = 1 ] && break
    sleep 0.1; i=$((i + 1))
done
check "the refresh reached its update of reach (sessions seen in it)" "$w" 1
export PGOPTIONS="-c lock_timeout=1s"
check "navigation during the refresh answers at once, from the previous labels" \
    "$(q -c "SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(1, 'UT') n" 2>&1)" "{1,2,3}"
check "is_upstream during the refresh answers at once" "$(q -c "SELECT ecocomp.is_upstream(3, 1)" 2>&1)" t
check "readers of reach see the previous labels until the refresh commits" \
    "$(q -c "SELECT hydroseq IS NULL FROM ecocomp.reach WHERE reach_id = 4" 2>&1)" t
unset PGOPTIONS
wait $pr
check "the refresh labelled 4 reaches" "$(cat "$tmp/refresh")" "labelled 4"
check "after it, navigation sees the new reach" \
    "$(q -c "SELECT array_agg(n ORDER BY n) FROM ecocomp.navigate(1, 'UT') n" 2>&1)" "{1,2,3,4}"
