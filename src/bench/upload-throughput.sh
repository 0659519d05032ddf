#!/usr/bin/env bash
# Resumable-upload (tus) throughput and memory against the packaged application (see src/bench/README.md).
#
# 1. MiB/s of 5 MiB uploads (POST creation + one PATCH each, curl) with 1 and with 8 concurrent clients, beside the
#    tus reference server (@tus/server + @tus/file-store on Node, installed from npm by this script) driven by the
#    same client on the same disk in the same run; median of ROUNDS runs each, alternating; the ratio is the figure.
#    A second, labelled baseline beside it: the same reference server forcing each finished file and its directory to
#    disk before its 204 (what the app does, and @tus/file-store does not): the ratio at the same durability.
# 2. The JVM's resident memory (VmRSS) idle, and its peak while 50 uploads of 10 MiB run at once (each client sends
#    at most LIMIT_RATE, so all 50 are in flight together).
#
# BEFORE_JAR=<another build's quarkus-run.jar> runs that build beside this one (its own data directory and port),
# in the same rounds, alternating app, before, reference: each figure is then printed for both builds.
#
# JFR_OUT=<directory>: a JFR recording (settings=profile) of each build over the measured rounds (not the warm-up, not
# the memory part), written there as app.jfr and before.jfr, and one of the budget's one-at-a-time uploads as
# app-one.jfr and before-one.jfr; read them with jfr-top.py / jfr-owners.py.
#
# 3. Where one upload's time goes (BUDGET uploads one at a time to each server, after the throughput): curl's time of
#    the POST and of the PATCH (medians), the server's own time of each request from its HTTP metrics (/q/metrics,
#    means), and the app's phases from its UploadTimings log lines (medians; see src/bench/README.md).
#
# Usage: nice src/bench/upload-throughput.sh
#        (UPLOADS=16 SIZE_MB=5 ROUNDS=3 WARMUP=48 BUDGET=30 BIG_MB=10 PARALLEL_BIG=50 LIMIT_RATE=2M BEFORE_JAR=
#        JFR_OUT= by default; BUDGET=0 or PARALLEL_BIG=0 leave those parts out)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
UPLOADS=${UPLOADS:-16}
SIZE_MB=${SIZE_MB:-5}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-48}
BUDGET=${BUDGET:-30}
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
// With a third argument "fsync" (the second baseline, not the issue's): each finished file and its directory are
// forced to disk, at the same time, before the 204, as the app does with its finished uploads.
import http from 'node:http';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [directory, port, durability] = process.argv.slice(2);
const force = async (name) => {
  const handle = await open(name, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
const options = { path: '/files', datastore: new FileStore({ directory }) };
if (durability === 'fsync') {
  options.onUploadFinish = async (req, upload) => {
    await Promise.all([force(path.join(directory, upload.id)), force(directory)]);
    return {};
  };
}
const tus = new Server(options);
http.createServer((req, res) => tus.handle(req, res)).listen(Number(port), '127.0.0.1');
JS

WORK=$(mktemp -d -t errandless-bench.XXXXXX)
APP_PID=""
BEFORE_PID=""
REF_PID=""
SYNC_PID=""
cleanup() {
    for pid in "$APP_PID" "$BEFORE_PID" "$REF_PID" "$SYNC_PID"; do
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
    # the upload phases' log lines at DEBUG (UploadTimings; a build without it has no such lines)
    (cd "$dir" && ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$ADMIN_PASSWORD ERRANDLESS_DOCUMENTS_QUOTA_BYTES=1000G \
        ERRANDLESS_DOCUMENTS_QUOTA_COUNT=1000000 exec java \
        "-Dquarkus.log.category.\"org.errandless.documents.UploadTimings\".level=${TIMINGS_LEVEL:-DEBUG}" \
        -Dquarkus.profile=demo -Dquarkus.http.port="$port" -Dquarkus.log.level=WARN -jar "$jar" >"$dir/app.log" 2>&1) &
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

# starts the reference server on a port with its files in a directory of its own; sets STARTED_PID
start_reference() {
    local port=$1 files=$2 durability=${3:-}
    mkdir -p "$files"
    (cd "$TUS_REF" && exec node server.mjs "$files" "$port" $durability >"$files.log" 2>&1) &
    STARTED_PID=$!
    for _ in $(seq 1 100); do
        curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:$port/files" && return 0
        kill -0 "$STARTED_PID" 2>/dev/null || { cat "$files.log"; exit 1; }
        sleep 0.1
    done
}
REF_PORT=$(free_port $((PORT + 2)))
REF_BASE="http://127.0.0.1:$REF_PORT"
start_reference "$REF_PORT" "$WORK/tus-reference-files"
REF_PID=$STARTED_PID
SYNC_PORT=$(free_port $((REF_PORT + 1)))
SYNC_BASE="http://127.0.0.1:$SYNC_PORT"
start_reference "$SYNC_PORT" "$WORK/tus-reference-fsync-files" fsync
SYNC_PID=$STARTED_PID

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
# TARGET=ref: the reference server's /files; TARGET=sync: the reference server that forces finished files).
# With TIMES=<file>, appends "<POST seconds> <PATCH seconds>" (curl's time_total of each) to it.
upload() {
    local file=$1 rate=${2:-} size location endpoint auth=() head post patch
    size=$(stat -c %s "$file")
    case "${TARGET:-app}" in
        ref) endpoint="$REF_BASE/files" ;;
        sync) endpoint="$SYNC_BASE/files" ;;
        before) endpoint="$BEFORE_BASE/api/v1/uploads"; auth=(-H "Authorization: Bearer $BEFORE_TOKEN") ;;
        *) endpoint="$BASE/api/v1/uploads"; auth=(-H "Authorization: Bearer $TOKEN") ;;
    esac
    head=$(curl -fsS -o /dev/null -D - -w 'time_total: %{time_total}\n' -X POST "${auth[@]}" \
        -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $size" "$endpoint" | tr -d '\r')
    location=$(sed -n 's/^[Ll]ocation: //p' <<<"$head")
    post=$(sed -n 's/^time_total: //p' <<<"$head")
    case "$location" in
        //*) location="http:$location" ;;
        /*) location="${endpoint%%/files*}${location}" ;;
    esac
    patch=$(curl -fsS -o /dev/null -w '%{time_total}' -X PATCH ${rate:+--limit-rate "$rate"} "${auth[@]}" \
        -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
        --data-binary "@$file" "$location")
    if [ -n "${TIMES:-}" ]; then
        echo "$post $patch" >>"$TIMES"
    fi
}
export -f upload
export REF_BASE SYNC_BASE

now() { date +%s.%N; }
mibps() { python3 -c "print(f'{$1 * $2 / ($4 - $3):.1f}')"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "$@"; }

run_uploads() {
    local target=$1 parallel=$2 start end
    start=$(now)
    seq 1 "$UPLOADS" | TARGET=$target xargs -P "$parallel" -I{} bash -c "upload '$WORK/file.pdf'"
    end=$(now)
    rm -rf "$WORK/tus-reference-files"/* "$WORK/tus-reference-fsync-files"/*
    mibps "$UPLOADS" "$SIZE_MB" "$start" "$end"
}

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

# a server's steady state, not the JVM's compiler at work: the JIT compiles the upload path over the first few
# dozen uploads (measured: with 4 warm-up uploads the compiler threads used more CPU than the request threads)
echo "warm-up ($WARMUP uploads each) ..."
UPLOADS=$WARMUP run_uploads app 8 >/dev/null
[ -n "$BEFORE_BASE" ] && UPLOADS=$WARMUP run_uploads before 8 >/dev/null
UPLOADS=$WARMUP run_uploads ref 8 >/dev/null
UPLOADS=$WARMUP run_uploads sync 8 >/dev/null
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
    sync_rates=()
    for _ in $(seq 1 "$ROUNDS"); do
        app_rates+=("$(run_uploads app "$parallel")")
        [ -n "$BEFORE_BASE" ] && before_rates+=("$(run_uploads before "$parallel")")
        ref_rates+=("$(run_uploads ref "$parallel")")
        sync_rates+=("$(run_uploads sync "$parallel")")
    done
    app_rate=$(median "${app_rates[@]}")
    ref_rate=$(median "${ref_rates[@]}")
    sync_rate=$(median "${sync_rates[@]}")
    ratio=$(python3 -c "print(f'{$app_rate / $ref_rate:.2f}')")
    echo "$UPLOADS uploads of $SIZE_MB MiB, $parallel at once (median of $ROUNDS): app $app_rate MiB/s" \
        "(${app_rates[*]}), tus reference server $ref_rate MiB/s (${ref_rates[*]}), ratio $ratio"
    echo "  second baseline, same durability (the reference server forcing each finished file and its directory):" \
        "$sync_rate MiB/s (${sync_rates[*]}), app / it $(python3 -c "print(f'{$app_rate / $sync_rate:.2f}')")"
    if [ -n "$BEFORE_BASE" ]; then
        before_rate=$(median "${before_rates[@]}")
        echo "  before ($BEFORE_JAR): $before_rate MiB/s (${before_rates[*]}), ratio" \
            "$(python3 -c "print(f'{$before_rate / $ref_rate:.2f}')"), same durability" \
            "$(python3 -c "print(f'{$before_rate / $sync_rate:.2f}')"); app / before" \
            "$(python3 -c "print(f'{$app_rate / $before_rate:.2f}')")"
    fi
done

if [ -n "${JFR_OUT:-}" ]; then
    jcmd "$APP_PID" JFR.stop name=uploads filename="$(cd "$JFR_OUT" && pwd)/app.jfr" >/dev/null
    [ -n "$BEFORE_BASE" ] && jcmd "$BEFORE_PID" JFR.stop name=uploads filename="$(cd "$JFR_OUT" && pwd)/before.jfr" \
        >/dev/null
    echo "JFR recordings in $JFR_OUT"
fi

# where one upload's time goes: BUDGET uploads one at a time to each server
# the server's own mean time per request (count and sum of the HTTP server timer) for one method and status
server_seconds() {
    curl -fs "$1/q/metrics" | python3 -c '
import re, sys
method, status = sys.argv[1], sys.argv[2]
count = total = 0.0
for line in sys.stdin:
    if line.startswith("http_server_requests_seconds_") and "/api/v1/uploads" in line \
            and f"method=\"{method}\"" in line and f"status=\"{status}\"" in line:
        value = float(line.rsplit(" ", 1)[1])
        if line.startswith("http_server_requests_seconds_count"):
            count += value
        elif line.startswith("http_server_requests_seconds_sum"):
            total += value
print(f"{count:.0f} {total:.6f}")' "$2" "$3" 2>/dev/null || echo "0 0"
}
budget() {
    local target=$1 base=${2:-} times="$WORK/times-$1" posts patches
    local before_post before_patch after_post after_patch
    : >"$times"
    if [ -n "$base" ]; then
        before_post=$(server_seconds "$base" POST 201)
        before_patch=$(server_seconds "$base" PATCH 204)
    fi
    for _ in $(seq 1 "$BUDGET"); do
        TARGET=$target TIMES=$times upload "$WORK/file.pdf"
    done
    rm -rf "$WORK/tus-reference-files"/* "$WORK/tus-reference-fsync-files"/*
    python3 - "$target" "$times" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[2])]
post = statistics.median(r[0] for r in rows) * 1000
patch = statistics.median(r[1] for r in rows) * 1000
whole = statistics.median(r[0] + r[1] for r in rows) * 1000
print(f"{sys.argv[1]}: client (curl) median of {len(rows)}: POST {post:.2f} ms, PATCH {patch:.2f} ms, "
      f"upload {whole:.2f} ms")
PY
    if [ -n "$base" ]; then
        after_post=$(server_seconds "$base" POST 201)
        after_patch=$(server_seconds "$base" PATCH 204)
        python3 -c '
import sys
def mean(before, after):
    (c0, s0), (c1, s1) = (map(float, before.split()), map(float, after.split()))
    return f"{(s1 - s0) / (c1 - c0) * 1000:.2f} ms" if c1 > c0 else "n/a"
print(f"  server (HTTP metrics, request start to response end), mean: POST {mean(sys.argv[1], sys.argv[2])}, "
      f"PATCH {mean(sys.argv[3], sys.argv[4])}")' "$before_post" "$after_post" "$before_patch" "$after_patch"
    fi
}
# the app's phases (UploadTimings lines logged after line $2 of its log), medians
phases() {
    python3 - "$1" "$2" <<'PY'
import collections, re, statistics, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()[int(sys.argv[2]):]
for request in ("create", "patch"):
    phases = collections.defaultdict(list)
    order = []
    for line in lines:
        found = re.search(r"upload-timing " + request + r" \S+((?: [a-z-]+=[0-9.]+)+)", line)
        if not found:
            continue
        for name, value in re.findall(r"([a-z-]+)=([0-9.]+)", found.group(1)):
            if name not in phases:
                order.append(name)
            phases[name].append(float(value))
    if order:
        count = len(phases["total"])
        print(f"  {request} ({count} requests), ms: median (p90, mean): " + ", ".join(
            f"{name} {statistics.median(phases[name]):.2f} ({sorted(phases[name])[int(0.9 * (len(phases[name]) - 1))]:.2f}, "
            f"{statistics.mean(phases[name]):.2f})"
            + ("" if len(phases[name]) == count else f" [{len(phases[name])}x]") for name in order))
PY
}
if [ "$BUDGET" -gt 0 ]; then
    echo "where one upload's time goes ($BUDGET uploads of $SIZE_MB MiB one at a time to each; load $(cut -d' ' -f1-3 /proc/loadavg)):"
    if [ -n "${JFR_OUT:-}" ]; then
        jcmd "$APP_PID" JFR.start name=one settings=profile >/dev/null
        [ -n "$BEFORE_BASE" ] && jcmd "$BEFORE_PID" JFR.start name=one settings=profile >/dev/null
    fi
    app_lines=$(wc -l <"$WORK/app/app.log")
    budget app "$BASE"
    phases "$WORK/app/app.log" "$app_lines"
    if [ -n "$BEFORE_BASE" ]; then
        before_lines=$(wc -l <"$WORK/before/app.log")
        budget before "$BEFORE_BASE"
        phases "$WORK/before/app.log" "$before_lines"
    fi
    budget ref
    budget sync
    if [ -n "${JFR_OUT:-}" ]; then
        jcmd "$APP_PID" JFR.stop name=one filename="$(cd "$JFR_OUT" && pwd)/app-one.jfr" >/dev/null
        [ -n "$BEFORE_BASE" ] && jcmd "$BEFORE_PID" JFR.stop name=one \
            filename="$(cd "$JFR_OUT" && pwd)/before-one.jfr" >/dev/null
    fi
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
if [ "$PARALLEL_BIG" -gt 0 ]; then
    memory app "$APP_PID"
    [ -n "$BEFORE_BASE" ] && memory before "$BEFORE_PID"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
