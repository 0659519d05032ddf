#!/usr/bin/env bash
# Register import: 1 million persons through the API beside a plain COPY of the same rows (see src/bench/README.md).
#
# 1. Generates the extract (src/bench/register-import-data.py: the 16 demo stations, ~360k households, PERSONS
#    persons) once into the cache directory, as JSON Lines and as the same records in tab-separated rows.
# 2. Starts the packaged application (demo profile, fresh embedded PostgreSQL, heap capped at HEAP) and, as the
#    baseline, times psql's \copy of the tab-separated rows into a plain table without indexes on the same database.
# 3. Times the import through the API: POST of the file (curl -T, streamed), then polling until SUCCEEDED; samples the
#    JVM's resident memory every 0.2 s meanwhile.
# 4. Prints both times, the ratio (goal: at most 5), the counts, idle and peak RSS and the load average.
#
# Usage: src/bench/register-import.sh   (PERSONS=1000000 HEAP=384m REIMPORT=0 by default; REIMPORT=1 also times the
#        same extract again, which changes nothing; JAR=path/to/quarkus-run.jar runs that build as it is)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
PERSONS=${PERSONS:-1000000}
HEAP=${HEAP:-384m}
REIMPORT=${REIMPORT:-0}
CACHE=${CACHE:-$ROOT/target/bench-register-import}
JAR_GIVEN=${JAR:+1}
JAR=${JAR:-"$ROOT/target/quarkus-app/quarkus-run.jar"}
ADMIN_PASSWORD=bench-admin-password-2026

if [ -z "$JAR_GIVEN" ] && { [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]; }; then
    echo "packaging (tests skipped) ..."
    ./mvnw -B -q package -DskipTests
fi

mkdir -p "$CACHE"
DATA="$CACHE/extract-$PERSONS"
if [ ! -f "$DATA.ndjson" ] || [ "$DATA.ndjson" -ot src/bench/register-import-data.py ]; then
    echo "generating the extract ..."
    python3 src/bench/register-import-data.py "$DATA" "$PERSONS"
fi
echo "extract: $(wc -l <"$DATA.ndjson") lines, $(($(stat -c %s "$DATA.ndjson") / 1024 / 1024)) MiB"

WORK=$(mktemp -d -t errandless-bench.XXXXXX)
APP_PID=""
SAMPLER=""
cleanup() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}
PORT=$(free_port 18390)
DB_PORT=$(free_port 18490)
BASE="http://127.0.0.1:$PORT"

(cd "$WORK" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD ERRANDLESS_EMBEDDED_DB_PORT=$DB_PORT \
    exec java -Xmx"$HEAP" -Dquarkus.profile=demo -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
    -Dquarkus.log.category.\"org.errandless.registry.imports\".level=INFO -jar "$JAR" >"$WORK/app.log" 2>&1) &
APP_PID=$!
# a fresh embedded database is initialised, migrated and seeded first: minutes on a loaded machine
ready=""
for _ in $(seq 1 3000); do
    curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && { ready=1; break; }
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
    sleep 0.2
done
[ -n "$ready" ] || { echo "the application was not ready after 10 minutes:" >&2; tail -20 "$WORK/app.log" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
now() { date +%s.%N; }
sign_in() {
    admin=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" \
        "$BASE/api/v1/auth/staff/login" | json "['accessToken']")
    signed_in=$(now)
}
sign_in
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$APP_PID/status"; }
PSQL=(env PGPASSWORD=postgres psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U postgres -d errandless)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

# baseline: the same records, one row each, into a plain table without indexes (client-side COPY, like the import)
"${PSQL[@]}" -c "create table bench_copy_baseline (type text, key text, code text, household text, number text,
    name text, household_type text, address text, station text, id_number text, sex text, birth_date date,
    ethnicity text, relationship text, status text, mobile text)"
start=$(now)
"${PSQL[@]}" -c "\\copy bench_copy_baseline from '$DATA.tsv'"
baseline=$(python3 -c "print(f'{$(now) - $start:.1f}')")
rows=$("${PSQL[@]}" -t -A -c "select count(*) from bench_copy_baseline")
"${PSQL[@]}" -c "drop table bench_copy_baseline"
echo "baseline: COPY of $rows rows into a table without indexes: $baseline s"

# second baseline: the same COPY into a table indexed as the register's person table is (a generated primary key
# growing at its right edge, as the import's time-ordered ids do,
# the source key unique, the ID number, the household and the mobile number indexed: person's five indexes; the ID
# number is not declared unique because the extract holds deliberate duplicates the import rejects), to tell what
# the indexes alone cost from what the import's own work (validation, encryption, upserts, history) costs
"${PSQL[@]}" -c "create table bench_copy_indexed (id bigint generated always as identity primary key, type text,
    key text, code text, household text, number text, name text, household_type text, address text,
    station text, id_number text, sex text, birth_date date, ethnicity text, relationship text, status text,
    mobile text);
    create unique index on bench_copy_indexed (type, key); create index on bench_copy_indexed (id_number);
    create index on bench_copy_indexed (household); create index on bench_copy_indexed (mobile) where mobile is not null"
start=$(now)
columns="type, key, code, household, number, name, household_type, address, station, id_number, sex, birth_date"
"${PSQL[@]}" -c "\\copy bench_copy_indexed ($columns, ethnicity, relationship, status, mobile) from '$DATA.tsv'"
indexed=$(python3 -c "print(f'{$(now) - $start:.1f}')")
"${PSQL[@]}" -c "drop table bench_copy_indexed"
echo "baseline 2: the same COPY into a table with person's five indexes: $indexed s"

import() {
    local label=$1 start id state peak idle samples
    idle=$(rss)
    : >"$WORK/rss"
    (while true; do rss >>"$WORK/rss"; sleep 0.2; done) &
    SAMPLER=$!
    start=$(now)
    id=$(curl -fsS -T "$DATA.ndjson" -X POST -H "Authorization: Bearer $admin" -H "Idempotency-Key: bench-$(date +%s%N)" \
        -H 'Content-Type: application/x-ndjson' "$BASE/api/v1/admin/register-imports" | json "['id']")
    local received
    received=$(python3 -c "print(f'{$(now) - $start:.1f}')")
    while true; do
        state=$(curl -fsS -H "Authorization: Bearer $admin" "$BASE/api/v1/admin/register-imports/$id" \
            | tee "$WORK/import.json" | json "['state']")
        [ "$state" = SUCCEEDED ] || [ "$state" = FAILED ] && break
        sleep 0.5
        if python3 -c "import sys; sys.exit(0 if $(now) - $signed_in > 600 else 1)"; then
            sign_in  # access tokens last 15 minutes
        fi
    done
    local total
    total=$(python3 -c "print(f'{$(now) - $start:.1f}')")
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    SAMPLER=""
    peak=$(sort -n "$WORK/rss" | tail -1)
    samples=$(wc -l <"$WORK/rss")
    echo "$label: $state in $total s (body streamed and staged in $received s); ratio to the baseline:" \
        "$(python3 -c "print(f'{$total / $baseline:.1f}')")", to baseline 2: "$(python3 -c "print(f'{$total / $indexed:.1f}')")"
    python3 -c "
import json; i = json.load(open('$WORK/import.json')); b = i['byType']
print('  lines %d; created %s, updated %s, unchanged %s, rejected %s' % (i['linesRead'], i['created'], i['updated'],
      i['unchanged'], i['rejected']))
print('  persons %s, households %s, stations %s (created/updated/unchanged)' % tuple(
      '%d/%d/%d' % (c['created'], c['updated'], c['unchanged']) for c in (b['persons'], b['households'], b['stations'])))"
    # flat memory: the first and the last tenth of the samples against the peak
    python3 -c "
s = [int(x) for x in open('$WORK/rss')]; n = max(1, len(s) // 10)
print('  JVM RSS: idle $idle MiB, peak $peak MiB; max in the first tenth %d MiB, in the last tenth %d MiB (%d samples)'
      % (max(s[:n]), max(s[-n:]), len(s)))"
    grep -h "Register import .* \(received in\|merged:\|applied in\)" "$WORK/app.log" | tail -3 \
        | sed 's/^.*Register import [0-9a-f-]*/  log:/'
}

import "import"
if [ "$REIMPORT" = 1 ]; then
    import "the same extract again"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); JVM heap -Xmx$HEAP"
