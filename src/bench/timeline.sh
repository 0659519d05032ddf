#!/usr/bin/env bash
# The application timeline's live paths and cheap reads against the packaged app (see src/bench/README.md):
#  (a) wake-up latency of the long-poll over HTTP (median, p99 over EVENTS events), beside the transition's own
#      round trip;
#  (b) requests/s and p99 of an authenticated GET /applications/{id} under wrk, beside pgbench -S (select-only) on
#      the same embedded PostgreSQL in the same run;
#  (c) the app's RSS and thread count idle and with POLLS long-polls open.
#
# Starts the packaged app (demo profile, fresh embedded database on a known port, known admin password), signs in as
# the demo citizen 张伟 through the real OTP flow, verifies the real name (L2), files an ADDRESS_CHANGE with an
# uploaded tenancy proof, submits it, and has the demo officer of station 50010301 accept it; the events of (a) are
# the officer suspending and resuming it. wrk and pgbench are installed from Debian if missing.
#
# Usage: src/bench/timeline.sh   (EVENTS=100 POLLS=1000 DURATION=15s CONNECTIONS=16 THREADS=2 by default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
EVENTS=${EVENTS:-100}
POLLS=${POLLS:-1000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
ADMIN_PASSWORD=bench-admin-password-2026
STAFF_PASSWORD=demo-password-2026
PHONE=13800000001

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-contrib >/dev/null; }
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]; then
    echo "packaging (tests skipped) ..."
    ./mvnw -B -q package -DskipTests
fi

WORK=$(mktemp -d -t errandless-bench.XXXXXX)
APP_PID=""
cleanup() {
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
PORT=$(free_port 18290)
DB_PORT=$(free_port 15490)
BASE="http://127.0.0.1:$PORT"

ulimit -n 8192 2>/dev/null || true
(cd "$WORK" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD ERRANDLESS_DEMO_STAFF_PASSWORD=$STAFF_PASSWORD \
    exec java -Dquarkus.profile=demo -Dquarkus.http.port="$PORT" -Derrandless.embedded-database.port="$DB_PORT" \
    -Dquarkus.log.level=WARN -jar "$JAR" >"$WORK/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 1 600); do
    curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
    sleep 0.2
done
# the java process of the app (the subshell exec'd into it)
JAVA_PID=$APP_PID

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { curl -fsS -H 'Content-Type: application/json' "$@"; }
challenge=$(post -d "{\"phone\":\"$PHONE\"}" "$BASE/api/v1/auth/otp" | json "['challengeId']")
admin=$(post -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE/api/v1/auth/staff/login" \
    | json "['accessToken']")
code=$(curl -fs -H "Authorization: Bearer $admin" "$BASE/api/v1/admin/sms-outbox?phone=$PHONE" \
    | json "['items'][0]['text']" | grep -oE '[0-9]{6}' | head -1)
l1=$(post -d "{\"challengeId\":\"$challenge\",\"code\":\"$code\"}" "$BASE/api/v1/auth/otp/verify" | json "['accessToken']")
citizen=$(post -H "Authorization: Bearer $l1" -d '{"name":"张伟","idNumber":"500103198803120516"}' \
    "$BASE/api/v1/me/identity" | json "['tokens']['accessToken']")
officer=$(post -d "{\"username\":\"officer.50010301\",\"password\":\"$STAFF_PASSWORD\"}" \
    "$BASE/api/v1/auth/staff/login" | json "['accessToken']")

printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R /Size 4 >>\n%%%%EOF\n' >"$WORK/proof.pdf"
app=$(post -H "Authorization: Bearer $citizen" \
    -d '{"serviceCode":"ADDRESS_CHANGE","form":{"newAddress":"重庆市渝中区民族路101号(bench)"}}' \
    "$BASE/api/v1/applications" | json "['id']")
APP="$BASE/api/v1/applications/$app"
etag() { curl -fsS -o /dev/null -D - -H "Authorization: Bearer $1" "$APP" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r'; }
doc=$(curl -fsS -H "Authorization: Bearer $citizen" -F "file=@$WORK/proof.pdf;type=application/pdf" \
    "$BASE/api/v1/documents" | json "['id']")
post -o /dev/null -H "Authorization: Bearer $citizen" -H "If-Match: $(etag "$citizen")" \
    -d "{\"materialCode\":\"TENANCY_PROOF\",\"documentId\":\"$doc\"}" "$APP/materials"
post -o /dev/null -H "Authorization: Bearer $citizen" -H "If-Match: $(etag "$citizen")" \
    -d '{"consentToDataSharing":false}' "$APP/submit"
post -o /dev/null -H "Authorization: Bearer $officer" -H "If-Match: $(etag "$officer")" -d '{}' "$APP/accept"

SRC=src/bench/java/org/errandless/applications/TimelineBench.java
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(java -version 2>&1 | head -n1)"
echo
echo "== (a) long-poll wake-up latency, $EVENTS events (citizen polls, officer suspends/resumes)"
java "$SRC" latency "$BASE" "$citizen" "$officer" "$app" "$EVENTS"

echo
echo "== (b) GET /applications/{id} (citizen) under wrk beside pgbench -S on the same PostgreSQL"
export PGPASSWORD=postgres
psql -q -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -c 'create database bench' >/dev/null
pgbench -q -i -s 10 -h 127.0.0.1 -p "$DB_PORT" -U postgres bench >/dev/null 2>&1
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $citizen" "$APP" >/dev/null # warm-up
wrk_out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $citizen" "$APP")
rps=$(echo "$wrk_out" | awk '/Requests\/sec/ {print $2}')
p99=$(echo "$wrk_out" | awk '$1 == "99%" {print $2}')
non2xx=$(echo "$wrk_out" | awk '/Non-2xx/ {print $NF}')
seconds=${DURATION%s}
pg_out=$(pgbench -S -n -c "$CONNECTIONS" -j "$THREADS" -T "$seconds" -h 127.0.0.1 -p "$DB_PORT" -U postgres bench 2>&1)
tps=$(echo "$pg_out" | awk '/^tps/ {print $3; exit}')
pg_latency=$(echo "$pg_out" | awk '/latency average/ {print $4, $5}')
printf 'GET /applications/{id}: %s req/s, p99 %s, non-2xx %s (%s connections, %s threads, %s)\n' \
    "$rps" "$p99" "${non2xx:-0}" "$CONNECTIONS" "$THREADS" "$DURATION"
printf 'pgbench -S (select-only, scale 10): %s TPS, latency average %s (%s clients, %s threads)\n' \
    "$tps" "$pg_latency" "$CONNECTIONS" "$THREADS"
python3 -c "print(f'ratio GET /applications/{{id}} / pgbench -S: {float(\"$rps\") / float(\"$tps\"):.3f}')"

echo
echo "== (c) footprint with $POLLS long-polls open (waitSeconds=30)"
java -Xss512k "$SRC" footprint "$BASE" "$citizen" "$app" "$POLLS" "$JAVA_PID"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
