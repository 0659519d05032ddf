#!/usr/bin/env bash
# Resumable-upload (tus) throughput and memory against the packaged application (see src/bench/README.md).
#
# 1. MiB/s of 5 MiB uploads (POST creation + one PATCH each, curl) with 1 and with 8 concurrent clients, beside the
#    tus reference server (@tus/server + @tus/file-store on Node, installed from npm by this script) driven by the
#    same client on the same disk in the same run; median of ROUNDS runs each, alternating; the ratio is the figure.
# 2. The JVM's resident memory (VmRSS) idle, and its peak while 50 uploads of 10 MiB run at once (each client sends
#    at most LIMIT_RATE, so all 50 are in flight together).
#
# BEFORE_JAR=<another build's quarkus-run.jar> runs that build beside this one (its own data directory and port),
# in the same rounds, alternating app, before, reference: each figure is then printed for both builds.
#
# JFR_OUT=<directory>: a JFR recording (settings=profile) of each build over the measured rounds (not the warm-up, not
# the memory part), written there as app.jfr and before.jfr; read them with jfr-top.py / jfr-owners.py.
#
# Usage: nice src/bench/upload-throughput.sh
#        (UPLOADS=16 SIZE_MB=5 ROUNDS=3 WARMUP=48 BIG_MB=10 PARALLEL_BIG=50 LIMIT_RATE=2M BEFORE_JAR= JFR_OUT= by
#        default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
UPLOADS=${UPLOADS:-16}
SIZE_MB=${SIZE_MB:-5}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-48}
TUS_SERVER_VERSION=2.4.5
TUS_FILE_STORE_VERSION=2.1.1
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

# the reference server, installed once into target/ (npm's ordinary client, pinned versions)
TUS_REF="$ROOT/target/bench/tus-reference"
if [ ! -f "$TUS_REF/node_modules/@tus/server/package.json" ] \
    || ! grep -q "\"version\": \"$TUS_SERVER_VERSION\"" "$TUS_REF/node_modules/@tus/server/package.json"; then
    echo "installing @tus/server $TUS_SERVER_VERSION and @tus/file-store $TUS_FILE_STORE_VERSION from npm ..."
    mkdir -p "$TUS_REF"
    (cd "$TUS_REF" && echo '{"private": true, "type": "module"}' >package.json \
        && npm install --silent --no-audit --no-fund "@tus/server@$TUS_SERVER_VERSION" \
            "@tus/file-store@$TUS_FILE_STORE_VERSION")
fi
cat >"$TUS_REF/server.mjs" <<'JS'
// The tus reference server as its README shows it: @tus/server with @tus/file-store, plain node:http.
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [directory, port] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
http.createServer((req, res) => tus.handle(req, res)).listen(Number(port), '127.0.0.1');
JS

WORK=$(mktemp -d -t errandless-bench.XXXXXX)
APP_PID=""
BEFORE_PID=""
REF_PID=""
cleanup() {
    for pid in "$APP_PID" "$BEFORE_PID" "$REF_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

# starts a build (jar) with its data (database, upload area, document store) in its own directory under $WORK, on
# the same disk as the reference server's files; sets STARTED_PID
start_app() {
    local jar=$1 dir=$2 port=$3
    mkdir -p "$dir"
    (cd "$dir" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD ERRANDLESS_DOCUMENTS_QUOTA_BYTES=1000G \
        ERRANDLESS_DOCUMENTS_QUOTA_COUNT=1000000 exec java -Dquarkus.profile=demo -Dquarkus.http.port="$port" \
        -Dquarkus.log.level=WARN -jar "$jar" >"$dir/app.log" 2>&1) &
    STARTED_PID=$!
    for _ in $(seq 1 600); do
        curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
        kill -0 "$STARTED_PID" 2>/dev/null || { cat "$dir/app.log"; exit 1; }
        sleep 0.2
    done
}

PORT=$(free_port 18290)
BASE="http://127.0.0.1:$PORT"
start_app "$JAR" "$WORK/app" "$PORT"
APP_PID=$STARTED_PID
if [ -n "${BEFORE_JAR:-}" ]; then
    BEFORE_PORT=$(free_port $((PORT + 1)))
    BEFORE_BASE="http://127.0.0.1:$BEFORE_PORT"
    start_app "$BEFORE_JAR" "$WORK/before" "$BEFORE_PORT"
    BEFORE_PID=$STARTED_PID
fi

REF_PORT=$(free_port $((PORT + 2)))
REF_BASE="http://127.0.0.1:$REF_PORT"
mkdir -p "$WORK/tus-reference-files"
(cd "$TUS_REF" && exec node server.mjs "$WORK/tus-reference-files" "$REF_PORT" >"$WORK/tus-reference.log" 2>&1) &
REF_PID=$!
for _ in $(seq 1 100); do
    curl -s -o /dev/null -X OPTIONS "$REF_BASE/files" && break
    kill -0 "$REF_PID" 2>/dev/null || { cat "$WORK/tus-reference.log"; exit 1; }
    sleep 0.1
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
# a demo citizen's access token from one build (OTP flow, the code read from the development SMS outbox)
sign_in() {
    local base=$1 challenge admin code
    challenge=$(curl -fs -H 'Content-Type: application/json' -d "{\"phone\":\"$PHONE\"}" "$base/api/v1/auth/otp" \
        | json "['challengeId']")
    admin=$(curl -fs -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$base/api/v1/auth/staff/login" \
        | json "['accessToken']")
    code=$(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/admin/sms-outbox?phone=$PHONE" \
        | json "['items'][0]['text']" | grep -oE '[0-9]{6}' | head -1)
    curl -fs -H 'Content-Type: application/json' -d "{\"challengeId\":\"$challenge\",\"code\":\"$code\"}" \
        "$base/api/v1/auth/otp/verify" | json "['accessToken']"
}
TOKEN=$(sign_in "$BASE")
BEFORE_TOKEN=""
BEFORE_BASE=${BEFORE_BASE:-}
[ -n "$BEFORE_BASE" ] && BEFORE_TOKEN=$(sign_in "$BEFORE_BASE")
export BASE TOKEN BEFORE_BASE BEFORE_TOKEN LIMIT_RATE

# PDFs by their magic number (so every upload passes the checks and becomes a document), random inside
pdf() {
    { printf '%%PDF-1.4\n%%'; head -c $(($1 * 1024 * 1024 - 16)) /dev/urandom; printf '\n%%%%EOF\n'; } >"$2"
}
pdf "$SIZE_MB" "$WORK/file.pdf"
pdf "$BIG_MB" "$WORK/big.pdf"

# one upload: creation, then the whole file in one PATCH; against our API it fails unless the document exists
# (TARGET=app: /api/v1/uploads with the citizen's token; TARGET=before: the same on BEFORE_JAR's build;
# TARGET=ref: the reference server's /files)
upload() {
    local file=$1 rate=${2:-} size location endpoint auth=()
    size=$(stat -c %s "$file")
    case "${TARGET:-app}" in
        ref) endpoint="$REF_BASE/files" ;;
        before) endpoint="$BEFORE_BASE/api/v1/uploads"; auth=(-H "Authorization: Bearer $BEFORE_TOKEN") ;;
        *) endpoint="$BASE/api/v1/uploads"; auth=(-H "Authorization: Bearer $TOKEN") ;;
    esac
    location=$(curl -fsS -o /dev/null -D - -X POST "${auth[@]}" -H 'Tus-Resumable: 1.0.0' \
        -H "Upload-Length: $size" "$endpoint" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    case "$location" in
        //*) location="http:$location" ;;
        /*) location="${endpoint%%/files*}${location}" ;;
    esac
    curl -fsS -o /dev/null -X PATCH ${rate:+--limit-rate "$rate"} "${auth[@]}" \
        -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
        --data-binary "@$file" "$location"
}
export -f upload
export REF_BASE

now() { date +%s.%N; }
mibps() { python3 -c "print(f'{$1 * $2 / ($4 - $3):.1f}')"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "$@"; }

run_uploads() {
    local target=$1 parallel=$2 start end
    start=$(now)
    seq 1 "$UPLOADS" | TARGET=$target xargs -P "$parallel" -I{} bash -c "upload '$WORK/file.pdf'"
    end=$(now)
    rm -rf "$WORK/tus-reference-files"/*
    mibps "$UPLOADS" "$SIZE_MB" "$start" "$end"
}

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

# a server's steady state, not the JVM's compiler at work: the JIT compiles the upload path over the first few
# dozen uploads (measured: with 4 warm-up uploads the compiler threads used more CPU than the request threads)
echo "warm-up ($WARMUP uploads each) ..."
UPLOADS=$WARMUP run_uploads app 8 >/dev/null
[ -n "$BEFORE_BASE" ] && UPLOADS=$WARMUP run_uploads before 8 >/dev/null
UPLOADS=$WARMUP run_uploads ref 8 >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
if [ -n "${JFR_OUT:-}" ]; then
    mkdir -p "$JFR_OUT"
    jcmd "$APP_PID" JFR.start name=uploads settings=profile >/dev/null
    [ -n "$BEFORE_BASE" ] && jcmd "$BEFORE_PID" JFR.start name=uploads settings=profile >/dev/null
fi
for parallel in 1 8; do
    app_rates=()
    before_rates=()
    ref_rates=()
    for _ in $(seq 1 "$ROUNDS"); do
        app_rates+=("$(run_uploads app "$parallel")")
        [ -n "$BEFORE_BASE" ] && before_rates+=("$(run_uploads before "$parallel")")
        ref_rates+=("$(run_uploads ref "$parallel")")
    done
    app_rate=$(median "${app_rates[@]}")
    ref_rate=$(median "${ref_rates[@]}")
    ratio=$(python3 -c "print(f'{$app_rate / $ref_rate:.2f}')")
    echo "$UPLOADS uploads of $SIZE_MB MiB, $parallel at once (median of $ROUNDS): app $app_rate MiB/s" \
        "(${app_rates[*]}), tus reference server $ref_rate MiB/s (${ref_rates[*]}), ratio $ratio"
    if [ -n "$BEFORE_BASE" ]; then
        before_rate=$(median "${before_rates[@]}")
        echo "  before ($BEFORE_JAR): $before_rate MiB/s (${before_rates[*]}), ratio" \
            "$(python3 -c "print(f'{$before_rate / $ref_rate:.2f}')"); app / before" \
            "$(python3 -c "print(f'{$app_rate / $before_rate:.2f}')")"
    fi
done

if [ -n "${JFR_OUT:-}" ]; then
    jcmd "$APP_PID" JFR.stop name=uploads filename="$(cd "$JFR_OUT" && pwd)/app.jfr" >/dev/null
    [ -n "$BEFORE_BASE" ] && jcmd "$BEFORE_PID" JFR.stop name=uploads filename="$(cd "$JFR_OUT" && pwd)/before.jfr" \
        >/dev/null
    echo "JFR recordings in $JFR_OUT"
fi

# the peak RSS of one build while PARALLEL_BIG uploads of BIG_MB run at once against it
memory() {
    local target=$1 pid=$2 idle peak current load
    idle=$(rss "$pid")
    peak=$idle
    seq 1 "$PARALLEL_BIG" | TARGET=$target xargs -P "$PARALLEL_BIG" -I{} bash -c "upload '$WORK/big.pdf' '$LIMIT_RATE'" &
    load=$!
    while kill -0 "$load" 2>/dev/null; do
        current=$(rss "$pid")
        [ "$current" -gt "$peak" ] && peak=$current
        sleep 0.1
    done
    wait "$load"
    echo "$target: RSS idle $idle MiB; peak during $PARALLEL_BIG uploads of $BIG_MB MiB at once ($LIMIT_RATE/s each):" \
        "$peak MiB (+$((peak - idle)) MiB)"
}
memory app "$APP_PID"
[ -n "$BEFORE_BASE" ] && memory before "$BEFORE_PID"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
