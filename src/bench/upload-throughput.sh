#!/usr/bin/env bash
# Resumable-upload (tus) throughput and memory against the packaged application (see src/bench/README.md).
#
# 1. MB/s of 5 MB uploads (POST creation + one PATCH each, curl) with 1 and with 8 concurrent clients, beside `dd`
#    writing the same bytes to the same disk in the same run (conv=fsync, 1 and 8 at once): the ratio is the figure.
# 2. The JVM's resident memory (VmRSS) idle, and its peak while 50 uploads of 10 MB run at once (each client sends at
#    most LIMIT_RATE, so all 50 are in flight together).
#
# Usage: src/bench/upload-throughput.sh   (UPLOADS=24 SIZE_MB=5 BIG_MB=10 PARALLEL_BIG=50 LIMIT_RATE=2M by default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
UPLOADS=${UPLOADS:-24}
SIZE_MB=${SIZE_MB:-5}
BIG_MB=${BIG_MB:-10}
PARALLEL_BIG=${PARALLEL_BIG:-50}
LIMIT_RATE=${LIMIT_RATE:-2M}
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
ADMIN_PASSWORD=bench-admin-password-2026
PHONE=13800000002

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

PORT=18290
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
BASE="http://127.0.0.1:$PORT"

# the application's data (database, upload area, document store) lives in $WORK, on the same disk as dd's output
(cd "$WORK" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD ERRANDLESS_DOCUMENTS_QUOTA_BYTES=1000G \
    ERRANDLESS_DOCUMENTS_QUOTA_COUNT=1000000 exec java -Dquarkus.profile=demo -Dquarkus.http.port="$PORT" \
    -Dquarkus.log.level=WARN -jar "$JAR" >"$WORK/app.log" 2>&1) &
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
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d "{\"challengeId\":\"$challenge\",\"code\":\"$code\"}" \
    "$BASE/api/v1/auth/otp/verify" | json "['accessToken']")
export BASE TOKEN LIMIT_RATE

# PDFs by their magic number (so every upload passes the checks and becomes a document), random inside
pdf() {
    { printf '%%PDF-1.4\n%%'; head -c $(($1 * 1024 * 1024 - 16)) /dev/urandom; printf '\n%%%%EOF\n'; } >"$2"
}
pdf "$SIZE_MB" "$WORK/file.pdf"
pdf "$BIG_MB" "$WORK/big.pdf"

# one upload: creation, then the whole file in one PATCH; fails unless the document exists
upload() {
    local file=$1 rate=${2:-} size location
    size=$(stat -c %s "$file")
    location=$(curl -fsS -o /dev/null -D - -X POST -H "Authorization: Bearer $TOKEN" -H 'Tus-Resumable: 1.0.0' \
        -H "Upload-Length: $size" "$BASE/api/v1/uploads" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    curl -fsS -o /dev/null -X PATCH ${rate:+--limit-rate "$rate"} -H "Authorization: Bearer $TOKEN" \
        -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
        --data-binary "@$file" "$location"
}
export -f upload

now() { date +%s.%N; }
mbps() { python3 -c "print(f'{$1 * $2 / ($4 - $3):.1f}')"; }

run_uploads() {
    local parallel=$1 start end
    start=$(now)
    seq 1 "$UPLOADS" | xargs -P "$parallel" -I{} bash -c "upload '$WORK/file.pdf'"
    end=$(now)
    mbps "$UPLOADS" "$SIZE_MB" "$start" "$end"
}
run_dd() {
    local parallel=$1 start end
    start=$(now)
    seq 1 "$UPLOADS" | xargs -P "$parallel" -I{} dd if="$WORK/file.pdf" of="$WORK/dd-{}.out" bs=1M conv=fsync status=none
    end=$(now)
    rm -f "$WORK"/dd-*.out
    mbps "$UPLOADS" "$SIZE_MB" "$start" "$end"
}

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$APP_PID/status"; }

echo "warm-up ..."
UPLOADS=4 run_uploads 2 >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for parallel in 1 8; do
    dd_rate=$(run_dd "$parallel")
    app_rate=$(run_uploads "$parallel")
    ratio=$(python3 -c "print(f'{$app_rate / $dd_rate:.2f}')")
    echo "$UPLOADS uploads of $SIZE_MB MB, $parallel at once: app $app_rate MB/s, dd $dd_rate MB/s, ratio $ratio"
done

idle=$(rss)
peak=$idle
seq 1 "$PARALLEL_BIG" | xargs -P "$PARALLEL_BIG" -I{} bash -c "upload '$WORK/big.pdf' '$LIMIT_RATE'" &
LOAD=$!
while kill -0 "$LOAD" 2>/dev/null; do
    current=$(rss)
    [ "$current" -gt "$peak" ] && peak=$current
    sleep 0.1
done
wait "$LOAD"
echo "RSS idle $idle MiB; peak during $PARALLEL_BIG uploads of $BIG_MB MB at once ($LIMIT_RATE/s each): $peak MiB" \
    "(+$((peak - idle)) MiB)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
