#!/usr/bin/env bash
# Training run of the JDK's AOT cache (JEP 483/514/515) for the aot-jar packaging (see src/bench/README.md, "Java 25
# mode"). Needs nothing a CI machine lacks: JDK 25 and the application's own embedded PostgreSQL (demo profile, no
# database URL, a throwaway working directory).
#
# First a launch that is not recorded creates, migrates and seeds the embedded database and stops; then the recorded
# launch, `java -XX:AOTCacheOutput=<dir>/app.aot -jar <dir>/quarkus-run.jar`, restarts onto that existing database,
# as production restarts do (so the cache holds the classes and profiles of that start, not those of a first
# migration), waits until ready, drives the common paths (health, catalogue, OTP sign-in, /me, staff sign-in, an
# application created, read and listed, the OpenAPI document), and stops with SIGTERM; the JVM then writes the cache
# (it forks a JVM that assembles it). PREPARE=false records the first launch instead (one launch less).
# AOT_CACHE=<file> writes the cache elsewhere and TRAIN_OPTS adds options to the recorded launch: a launch under JFR
# needs a cache recorded under JFR (the JVM refuses a cache whose module graph lacks jdk.jfr), see startup.sh --profile.
#
# Usage: src/bench/aot-train.sh [AOT_DIR]     (default target/quarkus-app-aot, packaged by startup.sh --aot)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

AOT_DIR=${1:-$ROOT/target/quarkus-app-aot}
AOT_CACHE=${AOT_CACHE:-$AOT_DIR/app.aot}
[ -n "$JAVA25_HOME" ] || { echo "no JDK 25 under /usr/lib/jvm (JAVA25_HOME)" >&2; exit 1; }
[ -f "$AOT_DIR/quarkus-run.jar" ] || { echo "no aot-jar in $AOT_DIR (src/bench/startup.sh --aot packages it)" >&2; exit 1; }
bench_init

PORT=$(free_port 18700)
DB_PORT=$(free_port 15700)
BASE="http://127.0.0.1:$PORT"
rm -f "$AOT_CACHE"
# train_launch LOG [java options...]: the aot-jar on JDK 25 in $WORK (its embedded database in $WORK/.errandless)
train_launch() {
    local log=$1
    shift
    (cd "$WORK" && ERRANDLESS_LOG_JSON=false ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD \
        ERRANDLESS_DEMO_STAFF_PASSWORD=$BENCH_STAFF_PASSWORD exec "$JAVA25_HOME/bin/java" "$@" \
        -Dquarkus.profile=demo -Dquarkus.http.port="$PORT" -Derrandless.embedded-database.port="$DB_PORT" \
        -jar "$AOT_DIR/quarkus-run.jar" >"$log" 2>&1 </dev/null) &
    TRAIN_PID=$!
    bench_track "$TRAIN_PID"
    wait_ready "$BASE/q/health/ready" "$TRAIN_PID" "$log" 600
}
if [ "${PREPARE:-true}" = true ]; then
    echo "AOT training: preparing the embedded database (JDK 25, port $DB_PORT; not recorded) ..." >&2
    train_launch "$WORK/prepare.log"
    stop "$TRAIN_PID"
fi
echo "AOT training run (JDK 25, embedded PostgreSQL on port $DB_PORT) ..." >&2
# shellcheck disable=SC2086
train_launch "$WORK/train.log" -XX:AOTCacheOutput="$AOT_CACHE" ${TRAIN_OPTS:-}

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
[ -f "$AOT_CACHE" ] || { tail -n 40 "$WORK/train.log" >&2; echo "no AOT cache written" >&2; exit 1; }
echo "AOT cache: $AOT_CACHE ($(du -h "$AOT_CACHE" | cut -f1))" >&2
