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
# Usage: src/bench/me-throughput.sh     (DURATION=15s CONNECTIONS=16 THREADS=2 by default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
ADMIN_PASSWORD=bench-admin-password-2026
PHONE=13800000001

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
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

PORT=18190
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
BASE="http://127.0.0.1:$PORT"

(cd "$WORK" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD exec java -Dquarkus.profile=demo \
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

run() { # name, path, extra wrk args -> prints "name requests/s p99"
    local name=$1 path=$2
    shift 2
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$@" "$BASE$path" >/dev/null # warm-up
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$BASE$path")
    local rps p99 non2xx
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-40s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
    echo "$rps" >"$WORK/$name.rps"
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per endpoint, loopback, demo profile"
run jwks /.well-known/jwks.json
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run jwks2 /.well-known/jwks.json
run services /api/v1/services
run service /api/v1/services/BIRTH_REGISTRATION
run me /api/v1/me -H "Authorization: Bearer $token"
run services2 /api/v1/services
run me2 /api/v1/me -H "Authorization: Bearer $token"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" <<'PY'
import sys, pathlib
w = pathlib.Path(sys.argv[1])
r = {n: float((w / f"{n}.rps").read_text()) for n in ("jwks", "jwks2", "service", "services", "services2", "me", "me2")}
me, services, jwks = (r["me"] + r["me2"]) / 2, (r["services"] + r["services2"]) / 2, (r["jwks"] + r["jwks2"]) / 2
print(f"GET /me / GET jwks (unauthenticated, from memory):            {me / jwks:.2f}")
print(f"GET /me / GET services (the catalogue, from memory; goal >= 0.9): {me / services:.2f}")
print(f"GET /me / GET services/{{code}} (one service, from memory):     {me / r['service']:.2f}")
PY
