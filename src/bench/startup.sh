#!/usr/bin/env bash
# Startup benchmark of the packaged application (see src/bench/README.md).
#
# Measures, per run, the time from launching `java -jar target/quarkus-app/quarkus-run.jar` (demo profile, so an
# embedded PostgreSQL is used) to the first 200 on /q/health/ready, and the JVM's resident memory right then.
# Cold runs start in a fresh working directory, so the embedded database is created (initdb) and migrated; warm runs
# reuse the data directory of the last cold run. A trivial JVM (hello world) is timed in the same run as a baseline,
# because this machine is shared and noisy: compare ratios, not seconds, across machines and days.
#
# Usage: src/bench/startup.sh            (RUNS=5 WARM_RUNS=3 by default; --package forces a fresh package)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
WARM_RUNS=${WARM_RUNS:-3}
BASELINE_RUNS=${BASELINE_RUNS:-5}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-120}
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"

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

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { # numbers on stdin -> median (lower middle for an even count)
    sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)]}'
}

free_port() { # first port from 18090 on that nothing listens on
    local port=18090
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

needs_package() {
    [ ! -f "$JAR" ] && return 0
    [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]
}

if [ "${1:-}" = "--package" ] || needs_package; then
    echo "packaging (tests skipped) ..."
    ./mvnw -B -q package -DskipTests
fi

# --- baseline: a JVM that prints one line and exits ---------------------------------------------------------------
mkdir -p "$WORK/hello"
cat >"$WORK/hello/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
EOF
javac -d "$WORK/hello" "$WORK/hello/Hello.java"
java -cp "$WORK/hello" Hello >/dev/null # warm the page cache once
: >"$WORK/baseline"
for i in $(seq 1 "$BASELINE_RUNS"); do
    start=$(now_ms)
    java -cp "$WORK/hello" Hello >/dev/null
    echo $(($(now_ms) - start)) >>"$WORK/baseline"
done
BASELINE=$(median <"$WORK/baseline")

# --- one launch -----------------------------------------------------------------------------------------------------
# run_once DIR: launches in DIR, sets RESULT_MS and RESULT_RSS_KIB, stops the application cleanly.
run_once() {
    local dir=$1 port start elapsed rss
    port=$(free_port)
    start=$(now_ms)
    (
        cd "$dir"
        exec env ERRANDLESS_LOG_JSON=false java -Dquarkus.profile=demo -Dquarkus.http.port="$port" -jar "$JAR"
    ) >>"$dir/app.log" 2>&1 </dev/null &
    APP_PID=$!
    while ! curl -fs -o /dev/null "http://localhost:$port/q/health/ready"; do
        if ! kill -0 "$APP_PID" 2>/dev/null; then
            cat "$dir/app.log" >&2
            echo "the application exited before it was ready" >&2
            return 1
        fi
        if [ $(($(now_ms) - start)) -gt $((TIMEOUT_SECONDS * 1000)) ]; then
            cat "$dir/app.log" >&2
            echo "not ready within ${TIMEOUT_SECONDS}s" >&2
            return 1
        fi
        sleep 0.02
    done
    elapsed=$(($(now_ms) - start))
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status")
    # SIGTERM: Quarkus shuts down and its shutdown hook stops the embedded PostgreSQL
    kill "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    RESULT_MS=$elapsed
    RESULT_RSS_KIB=$rss
}

printf '%-6s %-5s %12s %10s\n' run kind ready_ms rss_mib
: >"$WORK/cold"
: >"$WORK/warm"
: >"$WORK/rss"
last_dir=""
for i in $(seq 1 "$RUNS"); do
    [ -n "$last_dir" ] && rm -rf "$last_dir"
    last_dir=$(mktemp -d "$WORK/run.XXXXXX")
    run_once "$last_dir"
    echo "$RESULT_MS" >>"$WORK/cold"
    echo "$RESULT_RSS_KIB" >>"$WORK/rss"
    printf '%-6s %-5s %12s %10s\n' "$i" cold "$RESULT_MS" "$((RESULT_RSS_KIB / 1024))"
done
for i in $(seq 1 "$WARM_RUNS"); do
    run_once "$last_dir"
    echo "$RESULT_MS" >>"$WORK/warm"
    printf '%-6s %-5s %12s %10s\n' "$i" warm "$RESULT_MS" "$((RESULT_RSS_KIB / 1024))"
done

COLD=$(median <"$WORK/cold")
WARM=$(median <"$WORK/warm")
RSS=$(median <"$WORK/rss")
echo
echo "baseline (hello-world JVM, median of $BASELINE_RUNS): ${BASELINE} ms"
echo "cold start to ready (median of $RUNS):   ${COLD} ms = $(awk -v a="$COLD" -v b="$BASELINE" 'BEGIN {printf "%.1f", a / b}') x baseline"
if [ "$WARM_RUNS" -gt 0 ]; then
    echo "warm start to ready (median of $WARM_RUNS):   ${WARM} ms = $(awk -v a="$WARM" -v b="$BASELINE" 'BEGIN {printf "%.1f", a / b}') x baseline"
fi
echo "JVM RSS at ready, cold (median):       $((RSS / 1024)) MiB (the embedded PostgreSQL's processes not included)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n1)"
