#!/usr/bin/env bash
# The read paths of issue 16 under wrk, a flight recording per endpoint and its top frames (src/bench/README.md).
#
# Runs against the packaged application (APP_JAR to run another build, e.g. a copy of main's target/quarkus-app) on
# the benchmark database with the generated volume (src/bench/generate.sh), signs in citizen 0 of the volume and picks
# their newest SUBMITTED or ACCEPTED application, like hot-paths.sh. Per endpoint in ENDPOINTS (services, me, read,
# live; a name may repeat, so endpoints can alternate): wrk -t2 -c32, a 5 s warm-up, then DURATION, while a JFR
# recording (settings=profile, spanning warm-up and measurement) runs; it is written to OUT/<endpoint>.jfr and the
# endpoint's top frames are printed (self and inclusive, share of execution samples). NOJFR=1: no recordings.
#
# Usage: src/bench/read-profile.sh      (ENDPOINTS="services me read" DURATION=15s OUT=target/bench/profile NOJFR=)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ENDPOINTS=${ENDPOINTS:-services me read}
DURATION=${DURATION:-15s}
OUT=${OUT:-$ROOT/target/bench/profile}

bench_init
ensure_wrk
package_if_stale
compile_bench_helpers
bench_db_start
mkdir -p "$OUT"
PORT=$(free_port 18300)
app_start "$PORT" "$WORK/app.log" -Dquarkus.log.level=WARN
BASE=$APP_BASE
CITIZEN=$(citizen_token "$BASE" 13600000000)
APP_ID=$(bench_psql -tAc "select a.id from application a join bench_citizen c on c.account_id = a.applicant_account_id
    where c.n = 0 and a.status in ('SUBMITTED', 'ACCEPTED') order by a.created_at desc limit 1")
echo "application read: $APP_ID; $(machine)"

top_frames() { # recording
    # the inclusive part: application, security, JWT, metrics, context propagation
    jfr print --events jdk.ExecutionSample --stack-depth 64 "$1" \
        | python3 "$ROOT/src/bench/jfr-top.py" 12 40 'errandless|[Ss]ecurity|[Jj]wt|micrometer|context\.impl|UUID'
}

for ep in $ENDPOINTS; do
    headers=()
    case $ep in
        services) url="$BASE/api/v1/services" ;;
        live) url="$BASE/q/health/live" ;;
        me) url="$BASE/api/v1/me"; headers=("Authorization: Bearer $CITIZEN") ;;
        read) url="$BASE/api/v1/applications/$APP_ID"; headers=("Authorization: Bearer $CITIZEN") ;;
        *) echo "unknown endpoint $ep" >&2; exit 2 ;;
    esac
    [ -n "${NOJFR:-}" ] || jcmd "$APP_PID" JFR.start name="$ep" settings=profile >/dev/null
    # wrk_run: warm-up, then DURATION; prints "rps p99_ms non2xx p50_ms"
    echo "$ep: $(wrk_run "$DURATION" "$url" ${headers[@]+"${headers[@]}"}) [load $(load_avg)]"
    if [ -z "${NOJFR:-}" ]; then
        jcmd "$APP_PID" JFR.stop name="$ep" filename="$OUT/$ep.jfr" >/dev/null
        top_frames "$OUT/$ep.jfr"
    fi
done
