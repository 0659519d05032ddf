#!/usr/bin/env bash
# The table of issue 16, each figure beside its baseline measured in the same run (see src/bench/README.md):
#
#   1. GET /api/v1/services                      vs GET /q/health/live of the same app                 goal >= 0.5
#   2. GET /api/v1/me (citizen JWT)              / GET /api/v1/services                                goal >= 0.9
#   3. GET /api/v1/applications/{id}, citizen    vs pgbench -S -M prepared -c4 -j2 on the same PG      goal >= 0.35,
#      token, a submitted application of the generated volume                                          p99 <= 15 ms
#   4. the same read, one client at a time: median / p99                                               <= 2 / 10 ms
#      (Open Zaak 1.26 publishes 140 ms median for one user; pgbench -S with one client in this run for scale)
#   5. tus upload of a 5 MiB PNG, 1 and 8 workers vs @tus/server + @tus/file-store (Node), same curl    goal >= 1.0
#   6. start-to-ready, existing database         vs the minimal Quarkus app (src/bench/startup.sh)     goal <= 1.0
#   7. POLLS (10,000) open long-polls: RSS <= 1.5 x idle, and no thread per poll
#
# Runs against the packaged application (demo profile) on the benchmark database, which must hold the generated
# volume (src/bench/generate.sh). wrk -t2 -c32 (WRK_THREADS, WRK_CONNECTIONS), 5 s warm-up, DURATION per measurement;
# each figure and its baseline are measured RUNS times, alternately, and the medians printed with every raw number.
#
# Usage: src/bench/hot-paths.sh      (RUNS=3 DURATION=10s UPLOADS=16 POLLS=10000; SKIP=startup,polls,... to leave out;
#                                     APP_OPTS= further JVM options for the application, e.g. a flight recording)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
UPLOADS=${UPLOADS:-16}
POLLS=${POLLS:-10000}
SKIP=${SKIP:-}
skipped() { [[ ",$SKIP," == *",$1,"* ]]; }

bench_init
ensure_wrk
ensure_pgbench
package_if_stale
compile_bench_helpers
bench_db_start
if [ "$(bench_psql -tAc "select to_regclass('bench_volume') is not null")" != t ]; then
    echo "the benchmark database holds no generated volume: run src/bench/generate.sh first" >&2
    exit 1
fi
VOLUME=$(bench_psql -tAc "select citizens || ' citizens, ' || applications || ' applications' from bench_volume")
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# quota lifted for the upload citizen; everything else as the demo profile has it
export ERRANDLESS_DOCUMENTS_QUOTA_BYTES=1000G ERRANDLESS_DOCUMENTS_QUOTA_COUNT=1000000
PORT=$(free_port 18300)
# APP_OPTS: further JVM options for the application, e.g. a flight recording of the whole run:
#   APP_OPTS="-XX:StartFlightRecording=filename=/tmp/reads.jfr,settings=profile" SKIP=uploads,polls,startup ...
# shellcheck disable=SC2086
app_start "$PORT" "$WORK/app.log" -Dquarkus.log.level=WARN ${APP_OPTS:-}
BASE=$APP_BASE
JAVA_PID=$APP_PID

# citizen 0 of the volume reads, citizen 1 uploads (phones 136 + the number in eight digits)
CITIZEN=$(citizen_token "$BASE" 13600000000)
UPLOADER=$(citizen_token "$BASE" 13600000001)
APP_ID=$(bench_psql -tAc "select a.id from application a join bench_citizen c on c.account_id = a.applicant_account_id
    where c.n = 0 and a.status in ('SUBMITTED', 'ACCEPTED') order by a.created_at desc limit 1")
[ -n "$APP_ID" ] || { echo "citizen 0 of the volume has no submitted application" >&2; exit 1; }
curl -fs -o /dev/null -H "Authorization: Bearer $CITIZEN" "$BASE/api/v1/applications/$APP_ID" \
    || { echo "GET /applications/$APP_ID does not answer 200" >&2; exit 1; }

# pgbench's own database on the same server, scale 10, made once
if ! DB=postgres bench_psql -tAc "select 1 from pg_database where datname = 'pgbench'" | grep -q 1; then
    DB=postgres bench_psql -c 'create database pgbench'
    pgbench -q -i -s 10 pgbench >/dev/null 2>&1
fi
SECONDS_EACH=${DURATION%s}
pgbench_tps() { # clients threads -> "tps latency_ms"
    pgbench -S -M prepared -n -c "$1" -j "$2" -T "$SECONDS_EACH" pgbench 2>&1 | tee -a "$WORK/pgbench.log" \
        | awk '/latency average/ {lat = $4} /^tps/ {tps = $3} END {print tps, lat}'
}

echo "volume: $VOLUME; application read: $APP_ID"
echo "machine: $(machine), $("$JAVA17" -version 2>&1 | head -n1)"
echo "wrk -t${WRK_THREADS:-2} -c${WRK_CONNECTIONS:-32} -d$DURATION (after a ${WRK_WARMUP:-5s} warm-up), runs: $RUNS"
echo

# record NAME VALUE...: appends a raw measurement; med NAME [column]: its median
record() { local name=$1; shift; echo "$*" >>"$WORK/$name.raw"; }
med() { awk -v c="${2:-1}" '{print $c}' "$WORK/$1.raw" | median; }
raw() { awk -v c="${2:-1}" '{printf "%s%s", sep, $c; sep = " "}' "$WORK/$1.raw"; }
row() { # figure, value, baseline, ratio, goal
    printf '%-44s %-22s %-30s %-8s %s\n' "$1" "$2" "$3" "$4" "$5"
}

# --- 1-4: reads ---------------------------------------------------------------------------------------------------
if ! skipped reads; then
    for run in $(seq 1 "$RUNS"); do
        record live $(wrk_run "$DURATION" "$BASE/q/health/live")
        record services $(wrk_run "$DURATION" "$BASE/api/v1/services")
        record me $(wrk_run "$DURATION" "$BASE/api/v1/me" "Authorization: Bearer $CITIZEN")
        record read $(wrk_run "$DURATION" "$BASE/api/v1/applications/$APP_ID" "Authorization: Bearer $CITIZEN")
        record pgbench $(pgbench_tps 4 2)
        # one client at a time: wrk's latency distribution with one connection
        out=$(WRK_THREADS=1 WRK_CONNECTIONS=1 wrk_run "$DURATION" "$BASE/api/v1/applications/$APP_ID" \
            "Authorization: Bearer $CITIZEN")
        record single $(echo "$out" | awk '{print $4, $2, $1}')
        record pgbench1 $(pgbench_tps 1 1)
        echo "run $run: live $(tail -n1 "$WORK/live.raw" | cut -d' ' -f1) rps, services $(tail -n1 "$WORK/services.raw" \
            | cut -d' ' -f1), me $(tail -n1 "$WORK/me.raw" | cut -d' ' -f1), read $(tail -n1 "$WORK/read.raw" \
            | cut -d' ' -f1) (p99 $(tail -n1 "$WORK/read.raw" | cut -d' ' -f2) ms), pgbench $(tail -n1 \
            "$WORK/pgbench.raw" | cut -d' ' -f1) tps, one client $(tail -n1 "$WORK/single.raw" | cut -d' ' -f1) /" \
            "$(tail -n1 "$WORK/single.raw" | cut -d' ' -f2) ms  [load $(load_avg)]"
    done
fi

# --- 5: tus uploads -------------------------------------------------------------------------------------------------
if ! skipped uploads; then
    TUS_DIR="$BENCH_DIR/tus-reference"
    if [ ! -d "$TUS_DIR/node_modules/@tus/server" ] || [ "$ROOT/src/bench/tus-reference/package.json" -nt "$TUS_DIR" ]; then
        echo "installing @tus/server and @tus/file-store from npm into $TUS_DIR ..." >&2
        rm -rf "$TUS_DIR" && mkdir -p "$TUS_DIR"
        cp "$ROOT/src/bench/tus-reference/package.json" "$ROOT/src/bench/tus-reference/server.mjs" "$TUS_DIR/"
        (cd "$TUS_DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
    fi
    cp "$ROOT/src/bench/tus-reference/server.mjs" "$TUS_DIR/server.mjs"
    TUS_PORT=$(free_port 18950)
    mkdir -p "$WORK/tus-store"
    node "$TUS_DIR/server.mjs" "$TUS_PORT" "$WORK/tus-store" >"$WORK/tus.log" 2>&1 &
    TUS_PID=$!
    bench_track "$TUS_PID"
    for _ in $(seq 1 100); do grep -q '^ready' "$WORK/tus.log" && break; sleep 0.1; done

    # a 5 MiB PNG: valid header and image data (random RGB, stored uncompressed), so the app accepts it as an image
    python3 - "$WORK/photo.png" <<'PY'
import os, struct, sys, zlib
width, height = 1280, 1365  # 3 bytes a pixel: 5 MiB of image data
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
rows = b''.join(b'\x00' + os.urandom(width * 3) for _ in range(height))
with open(sys.argv[1], 'wb') as f:
    f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(rows, 0)) + chunk(b'IEND', b''))
PY
    SIZE=$(stat -c %s "$WORK/photo.png")
    export SIZE
    # tus_one CREATE_URL [TOKEN]: creation, then the whole file in one PATCH; fails unless both succeed
    tus_one() {
        local location
        location=$(curl -fsS -o /dev/null -D - -X POST ${2:+-H "Authorization: Bearer $2"} -H 'Tus-Resumable: 1.0.0' \
            -H "Upload-Length: $SIZE" "$1" \
            | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
        curl -fsS -o /dev/null -X PATCH ${2:+-H "Authorization: Bearer $2"} -H 'Tus-Resumable: 1.0.0' \
            -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
            --data-binary "@$PHOTO" "$location"
    }
    export -f tus_one
    export PHOTO="$WORK/photo.png"
    tus_mibps() { # workers url [token]
        local start end
        start=$(date +%s.%N)
        seq 1 "$UPLOADS" | xargs -P "$1" -I{} bash -c "tus_one '$2' '${3:-}'"
        end=$(date +%s.%N)
        python3 -c "print(f'{$UPLOADS * $SIZE / 1048576 / ($end - $start):.1f}')"
    }
    UPLOADS=2 tus_mibps 2 "$BASE/api/v1/uploads" "$UPLOADER" >/dev/null # warm-up
    UPLOADS=2 tus_mibps 2 "http://127.0.0.1:$TUS_PORT/files" >/dev/null
    for run in $(seq 1 "$RUNS"); do
        for workers in 1 8; do
            record "tus-ref-$workers" "$(tus_mibps "$workers" "http://127.0.0.1:$TUS_PORT/files")"
            record "tus-app-$workers" "$(tus_mibps "$workers" "$BASE/api/v1/uploads" "$UPLOADER")"
        done
        echo "run $run: tus 1 worker app $(tail -n1 "$WORK/tus-app-1.raw") / reference $(tail -n1 "$WORK/tus-ref-1.raw")" \
            "MiB/s, 8 workers app $(tail -n1 "$WORK/tus-app-8.raw") / reference $(tail -n1 "$WORK/tus-ref-8.raw") MiB/s" \
            "[load $(load_avg)]"
    done
    stop "$TUS_PID"
    # the uploaded documents' bytes are not needed any more (their rows stay with the upload citizen)
    rm -rf "$BENCH_DIR/app-home/.errandless/documents"
fi

# --- 7: open long-polls -------------------------------------------------------------------------------------------
if ! skipped polls; then
    echo "opening $POLLS long-polls ..." >&2
    "$JAVA17" -Xss256k -cp "$BENCH_CP" org.errandless.bench.PollFootprint "$BASE" "$CITIZEN" "$APP_ID" "$POLLS" \
        "$JAVA_PID" | tee "$WORK/polls.out" >&2
fi
stop "$JAVA_PID"

# --- 6: start-to-ready (its own launches; the app above is stopped) ------------------------------------------------
if ! skipped startup; then
    RUNS=$RUNS "$ROOT/src/bench/startup.sh" | tee "$WORK/startup.out" >&2
fi

# --- the table -------------------------------------------------------------------------------------------------------
echo
echo "== issue 16, median of $RUNS (raw numbers in brackets); volume: $VOLUME"
row "figure" "now" "baseline (same run)" "ratio" "goal"
if ! skipped reads; then
    row "GET /services req/s" "$(med services) [$(raw services)]" "/q/health/live $(med live) [$(raw live)]" \
        "$(ratio "$(med services)" "$(med live)")" ">= 0.5"
    row "GET /me req/s ÷ GET /services" "$(med me) [$(raw me)]" "services $(med services)" \
        "$(ratio "$(med me)" "$(med services)")" ">= 0.9"
    row "GET /applications/{id} req/s, p99 ms" "$(med read) [$(raw read)], p99 $(med read 2) [$(raw read 2)]" \
        "pgbench -S -c4 -j2 $(med pgbench) tps [$(raw pgbench)]" "$(ratio "$(med read)" "$(med pgbench)" 3)" \
        ">= 0.35, p99 <= 15 ms"
    row "same read, one client: median / p99 ms" "$(med single) / $(med single 2) [$(raw single) / $(raw single 2)]" \
        "Open Zaak 140 ms median; pgbench -c1 $(med pgbench1 2) ms avg" "-" "<= 2 / 10 ms"
fi
if ! skipped uploads; then
    for workers in 1 8; do
        row "tus 5 MiB PNG, $workers worker(s), MiB/s" "$(med "tus-app-$workers") [$(raw "tus-app-$workers")]" \
            "@tus/server $(med "tus-ref-$workers") [$(raw "tus-ref-$workers")]" \
            "$(ratio "$(med "tus-app-$workers")" "$(med "tus-ref-$workers")")" ">= 1.0"
    done
fi
if ! skipped startup; then
    row "start-to-ready, existing database" "$(grep -m1 -E '^app-jdk17 +ready' "$WORK/startup.out" | awk '{print $3 " ms"}')" \
        "minimal app $(grep -m1 -E '^minimal-jdk17 +ready' "$WORK/startup.out" | awk '{print $3 " ms"}')" \
        "$(sed -nE 's/^ratio app \/ minimal app: ready ([0-9.na\/]+),.*/\1/p' "$WORK/startup.out")" "<= 1.0"
fi
if ! skipped polls; then
    eval "$(sed -nE 's/^RESULT (.*)/\1/p' "$WORK/polls.out")"
    row "$open long-polls open: RSS MiB, threads" "$((rss_kib / 1024)), $threads (peak RSS $((peak_rss_kib / 1024)))" \
        "idle $((idle_rss_kib / 1024)), $idle_threads" "$(ratio "$peak_rss_kib" "$idle_rss_kib")" \
        "<= 1.5, no thread per poll (+$((threads - idle_threads)) threads for $open polls)"
fi
if ! skipped reads; then
    echo "non-2xx answers (sum over runs): live $(awk '{s += $3} END {print s}' "$WORK/live.raw"), services" \
        "$(awk '{s += $3} END {print s}' "$WORK/services.raw"), me $(awk '{s += $3} END {print s}' "$WORK/me.raw")," \
        "read $(awk '{s += $3} END {print s}' "$WORK/read.raw")"
fi
echo "machine: $(machine)"
