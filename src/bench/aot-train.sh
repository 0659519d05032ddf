#!/usr/bin/env bash
# Training run of the JDK's AOT cache (JEP 483/514/515) for the aot-jar packaging (see src/bench/README.md, "Java 25
# mode"). Needs nothing a CI machine lacks: JDK 25 and the application's own embedded PostgreSQL (demo profile, no
# database URL, a throwaway working directory).
#
# Launches `java -XX:AOTCacheOutput=<dir>/app.aot -jar <dir>/quarkus-run.jar`, waits until ready, drives the common
# paths once (health, catalogue, OTP sign-in, /me, staff sign-in, an application created, read and listed, the OpenAPI
# document), and stops it with SIGTERM; the JVM then writes the cache (it forks a JVM that assembles it).
#
# Usage: src/bench/aot-train.sh [AOT_DIR]     (default target/quarkus-app-aot, packaged by startup.sh --aot)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

AOT_DIR=${1:-$ROOT/target/quarkus-app-aot}
[ -n "$JAVA25_HOME" ] || { echo "no JDK 25 under /usr/lib/jvm (JAVA25_HOME)" >&2; exit 1; }
[ -f "$AOT_DIR/quarkus-run.jar" ] || { echo "no aot-jar in $AOT_DIR (src/bench/startup.sh --aot packages it)" >&2; exit 1; }
bench_init

PORT=$(free_port 18700)
DB_PORT=$(free_port 15700)
BASE="http://127.0.0.1:$PORT"
rm -f "$AOT_DIR/app.aot"
echo "AOT training run (JDK 25, embedded PostgreSQL on port $DB_PORT) ..." >&2
(cd "$WORK" && ERRANDLESS_LOG_JSON=false ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD \
    ERRANDLESS_DEMO_STAFF_PASSWORD=$BENCH_STAFF_PASSWORD exec "$JAVA25_HOME/bin/java" \
    -XX:AOTCacheOutput="$AOT_DIR/app.aot" -Dquarkus.profile=demo -Dquarkus.http.port="$PORT" \
    -Derrandless.embedded-database.port="$DB_PORT" -jar "$AOT_DIR/quarkus-run.jar" >"$WORK/train.log" 2>&1 </dev/null) &
TRAIN_PID=$!
bench_track "$TRAIN_PID"
wait_ready "$BASE/q/health/ready" "$TRAIN_PID" "$WORK/train.log" 600

for round in 1 2 3; do
    curl -fs -o /dev/null "$BASE/q/health/live"
    curl -fs -o /dev/null "$BASE/api/v1/services"
    curl -fs -o /dev/null "$BASE/api/v1/services/ADDRESS_CHANGE"
    curl -fs -o /dev/null "$BASE/.well-known/jwks.json"
done
citizen=$(citizen_token "$BASE" 13800000001)
# real-name verification (L2) of the demo citizen 张伟: applying needs it
citizen=$(post -H "Authorization: Bearer $citizen" -d '{"name":"张伟","idNumber":"500103198803120516"}' \
    "$BASE/api/v1/me/identity" | json "['tokens']['accessToken']")
officer=$(staff_token "$BASE" officer.50010301 "$BENCH_STAFF_PASSWORD")
app=$(post -H "Authorization: Bearer $citizen" \
    -d '{"serviceCode":"ADDRESS_CHANGE","form":{"newAddress":"重庆市渝中区民族路101号(training)"}}' \
    "$BASE/api/v1/applications" | json "['id']")
for round in 1 2 3; do
    curl -fs -o /dev/null -H "Authorization: Bearer $citizen" "$BASE/api/v1/me"
    curl -fs -o /dev/null -H "Authorization: Bearer $citizen" "$BASE/api/v1/applications/$app"
    curl -fs -o /dev/null -H "Authorization: Bearer $citizen" "$BASE/api/v1/applications"
    curl -fs -o /dev/null -H "Authorization: Bearer $officer" "$BASE/api/v1/officer/queue" || true
done
curl -fs -o /dev/null "$BASE/q/openapi"

stop "$TRAIN_PID"
[ -f "$AOT_DIR/app.aot" ] || { tail -n 40 "$WORK/train.log" >&2; echo "no AOT cache written" >&2; exit 1; }
echo "AOT cache: $AOT_DIR/app.aot ($(du -h "$AOT_DIR/app.aot" | cut -f1))" >&2
