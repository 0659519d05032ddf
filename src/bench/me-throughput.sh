#!/usr/bin/env bash
# Throughput of an authenticated read (GET /api/v1/me: bearer token (verified once, then remembered), the sign-in
# revocation check and the profile, both from memory) beside unauthenticated endpoints in the same run, GET
# /api/v1/services (the catalogue) among them: the figure of issue 16 (see src/bench/README.md).
#
# Starts the packaged app (demo profile, fresh embedded database, known admin password), signs in as the demo
# citizen 张伟 through the real OTP flow (code read from the development SMS outbox), then loads each endpoint with
# wrk (installed from Debian if missing) on loopback. Figures are ratios to the unauthenticated baseline, because
# this machine is shared and noisy.
#
# RUNS rounds of jwks, services, services/{code} and /me (each a 5 s warm-up, then DURATION); the figures are medians
# over the rounds. APP_JAR runs another build (e.g. a copy of main's target/quarkus-app). JFR=DIR records each
# endpoint's measured part (JFR_SETTINGS, default profile: a sample every 10 ms per thread; a copy of profile.jfc
# with the jdk.ExecutionSample period at 1 ms gives ten times the samples) to DIR/<endpoint>.jfr and prints the top
# frames of services and /me (of the last round; the recording slows the app, so take figures from a run without it).
#
# JAVA (default java) and JAVA_OPTS (options before -jar) choose the JVM, e.g. the Java 25 mode of startup.sh --aot:
# APP_JAR=target/quarkus-app-aot/quarkus-run.jar JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
# JAVA_OPTS="-XX:AOTCache=$PWD/target/quarkus-app-aot/app.aot -XX:AOTMode=on" src/bench/me-throughput.sh
#
# Usage: src/bench/me-throughput.sh     (DURATION=15s CONNECTIONS=16 THREADS=2 RUNS=3 APP_JAR= JFR= by default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
JFR=${JFR:+$(realpath -m "$JFR")}
JFR_SETTINGS=${JFR_SETTINGS:-profile}
JAR=${APP_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
ADMIN_PASSWORD=bench-admin-password-2026
PHONE=13800000001

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ -z "${APP_JAR:-}" ] && { [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]; }; then
    echo "packaging (tests skipped) ..."
    ./mvnw -B -q package -DskipTests
fi

[ -z "$JFR" ] || mkdir -p "$JFR"
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

PORT=18190
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
BASE="http://127.0.0.1:$PORT"

# shellcheck disable=SC2086
(cd "$WORK" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD exec "${JAVA:-java}" ${JAVA_OPTS:-} -Dquarkus.profile=demo \
    -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN -jar "$JAR" >"$WORK/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 1 600); do
    curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
    sleep 0.2
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
challenge=$(curl -fs -H 'Content-Type: application/json' -d "{\"phone\":\"$PHONE\"}" "$BASE/api/v1/auth/otp" \
    | json "['challengeId']")
admin=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" \
    "$BASE/api/v1/auth/staff/login" | json "['accessToken']")
code=$(curl -fs -H "Authorization: Bearer $admin" "$BASE/api/v1/admin/sms-outbox?phone=$PHONE" \
    | json "['items'][0]['text']" | grep -oE '[0-9]{6}' | head -1)
token=$(curl -fs -H 'Content-Type: application/json' -d "{\"challengeId\":\"$challenge\",\"code\":\"$code\"}" \
    "$BASE/api/v1/auth/otp/verify" | json "['accessToken']")
curl -fs -H "Authorization: Bearer $token" "$BASE/api/v1/me" >/dev/null

run() { # name, path, extra wrk args -> prints "name requests/s p99", appends the requests/s to WORK/<name>.rps
    local name=$1 path=$2
    shift 2
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$@" "$BASE$path" >/dev/null # warm-up
    [ -z "$JFR" ] || jcmd "$APP_PID" JFR.start name="$name" settings="$JFR_SETTINGS" >/dev/null
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$BASE$path")
    [ -z "$JFR" ] || jcmd "$APP_PID" JFR.stop name="$name" filename="$JFR/$name.jfr" >/dev/null
    local rps p99 non2xx
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-40s %10s req/s   p99 %8s   non-2xx %s   load %s\n' "$name" "$rps" "$p99" "${non2xx:-0}" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "$rps" >>"$WORK/$name.rps"
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per endpoint, loopback, demo profile, $RUNS rounds"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$RUNS"); do
    run jwks /.well-known/jwks.json
    run services /api/v1/services
    run service /api/v1/services/BIRTH_REGISTRATION
    run me /api/v1/me -H "Authorization: Bearer $token"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" <<'PY'
import sys, pathlib, statistics
w = pathlib.Path(sys.argv[1])
r = {n: [float(v) for v in (w / f"{n}.rps").read_text().split()] for n in ("jwks", "services", "service", "me")}
ratios = [m / s for m, s in zip(r["me"], r["services"])]
med = {n: statistics.median(v) for n, v in r.items()}
print("medians (req/s): " + ", ".join(f"{n} {v:.0f} {r[n]}" for n, v in med.items()))
print(f"GET /me / GET jwks (unauthenticated, from memory):              {med['me'] / med['jwks']:.2f}")
print(f"GET /me / GET services (the catalogue, from memory; goal >= 0.9): {med['me'] / med['services']:.2f}"
      f"   (per round: {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f})")
print(f"GET /me / GET services/{{code}} (one service, from memory):       {med['me'] / med['service']:.2f}")
PY
if [ -n "$JFR" ]; then
    for name in services me; do
        echo "== top frames of $name (JFR, last round) =="
        jfr print --events jdk.ExecutionSample --stack-depth 64 "$JFR/$name.jfr" | python3 "$ROOT/src/bench/jfr-top.py" 15 70
    done
fi
