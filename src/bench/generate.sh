#!/usr/bin/env bash
# Fills the benchmark database with a city's volume (see src/bench/README.md): CITIZENS citizens (households of two
# over the 16 demo stations, real-name verified accounts) and APPLICATIONS applications with their timelines, evidence
# and access records. The application's schema comes from its own Flyway migrations (one launch of the packaged app
# migrates and seeds the demo data first); the personal data is encrypted by the application's own classes
# (src/bench/java/org/errandless/bench/BenchPopulation.java) under the data key every benchmark launch uses; the rest
# is set-based SQL (src/bench/generate.sql, which lists the tables it fills).
#
# Idempotent: a database that already holds this volume is left as it is; --reset deletes the generated rows (and
# only those) first. Works on the benchmark's embedded PostgreSQL (default) or any other (BENCH_PGHOST, BENCH_PGPORT,
# BENCH_PGUSER, BENCH_PGPASSWORD; the user must own the schema).
#
# Usage: src/bench/generate.sh [--reset]     (CITIZENS=100000 APPLICATIONS=1000000 by default)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CITIZENS=${CITIZENS:-100000}
APPLICATIONS=${APPLICATIONS:-1000000}
bench_init
bench_db_start
app_prepare_database

bench_reset() {
    echo "deleting the generated volume ..." >&2
    bench_psql <<'SQL'
begin;
set constraints all deferred;
delete from access_record where person_id in (select person_id from bench_citizen);
delete from supervised_application where application_id in (select a.id from application a
    join bench_citizen c on c.account_id = a.applicant_account_id);
-- timelines and materials go with their applications (on delete cascade)
delete from application where applicant_account_id in (select account_id from bench_citizen);
delete from document where owner_id in (select account_id from bench_citizen);
delete from citizen_account where id in (select account_id from bench_citizen);
delete from person where household_id in (select id from household where household_number like 'BENCH%');
delete from household where household_number like 'BENCH%';
drop table bench_citizen;
drop table bench_volume;
commit;
SQL
}

existing=""
if [ "$(bench_psql -tAc "select to_regclass('bench_volume') is not null")" = t ]; then
    existing=$(bench_psql -tAc "select citizens || ' ' || applications from bench_volume")
fi
if [ "${1:-}" = "--reset" ] && [ -n "$existing" ]; then
    bench_reset
    existing=""
fi
if [ -n "$existing" ]; then
    read -r have_citizens have_applications <<<"$existing"
    if [ "$have_applications" = "$APPLICATIONS" ]; then
        echo "the database already holds the volume: $have_citizens citizens, $have_applications applications" >&2
        exit 0
    fi
    echo "the database holds another volume ($have_citizens citizens, $have_applications applications):" \
        "run $0 --reset" >&2
    exit 1
fi

compile_bench_helpers
STATIONS=$(bench_psql -tAc "select string_agg(code, ',' order by code) from station")
echo "stations: $STATIONS" >&2
mkdir -p "$WORK/csv"
start=$(now_ms)
"$JAVA17" -cp "$BENCH_CP" org.errandless.bench.BenchPopulation "$WORK/csv" "$CITIZENS" "$(bench_data_key)" "$STATIONS"
echo "citizens written in $(($(now_ms) - start)) ms; loading and generating $APPLICATIONS applications ..." >&2
start=$(now_ms)
(cd "$WORK/csv" && bench_psql -v applications="$APPLICATIONS" -f "$ROOT/src/bench/generate.sql")
echo "generated in $(($(now_ms) - start)) ms; database size: $(bench_psql -tAc \
    "select pg_size_pretty(pg_database_size(current_database()))")" >&2
