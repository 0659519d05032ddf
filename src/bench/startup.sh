#!/usr/bin/env bash
# Start-to-ready of the packaged application against an existing database, beside a minimal Quarkus app (REST,
# Panache, Flyway, JWT, OpenAPI; built from src/bench/minimal-app) on the same JDK and the same PostgreSQL, in the same
# run (see src/bench/README.md).
#
# Each launch: `java -jar quarkus-run.jar` to the first 200 on /q/health/ready (curl every 20 ms), then the JVM's CPU
# time (user + system, /proc/<pid>/stat) and resident memory at that moment; SIGTERM. Both databases are migrated by
# a launch that is not counted, so every counted launch finds its schema and (for the application) its demo data in
# place. Launches alternate (minimal, app, minimal, app, ...) so drifting load hits both alike; medians of RUNS.
#
# Usage: src/bench/startup.sh [--profile] [--aot]     (RUNS=3 by default; BEFORE_JAR=<other quarkus-run.jar> adds
#        that build as a third series, e.g. the jar of the commit before a change)
#   --profile  one more launch of each with -Dquarkus.debug.print-startup-times=true: the slowest start-up steps
#   --aot      also the Java 25 mode: the application packaged as aot-jar with JDK 25, its AOT cache (JEP 483/514/515)
#              trained on the embedded database, launched with -XX:AOTCache on JDK 25; compared with the minimal app
#              on the default JDK (the goal) and on JDK 25
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-3}
PROFILE=false
AOT=false
for arg in "$@"; do
    case $arg in
        --profile) PROFILE=true ;;
        --aot) AOT=true ;;
        *) echo "usage: $0 [--profile] [--aot]" >&2; exit 2 ;;
    esac
done

bench_init
package_if_stale
bench_db_start

# --- the minimal app ------------------------------------------------------------------------------------------------
MINIMAL_SRC="$ROOT/src/bench/minimal-app"
MINIMAL_DIR="$BENCH_DIR/minimal-app"
MINIMAL_JAR="$MINIMAL_DIR/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$MINIMAL_JAR" ] || [ -n "$(find "$MINIMAL_SRC" -newer "$MINIMAL_JAR" -print -quit)" ]; then
    echo "building the minimal app in $MINIMAL_DIR ..." >&2
    rm -rf "$MINIMAL_DIR"
    cp -r "$MINIMAL_SRC" "$MINIMAL_DIR"
    ./mvnw -B -q -o -f "$MINIMAL_DIR/pom.xml" package -DskipTests >&2 \
        || ./mvnw -B -q -f "$MINIMAL_DIR/pom.xml" package -DskipTests >&2
fi
DB=postgres bench_psql -tAc "select 1 from pg_database where datname = 'minimal'" | grep -q 1 \
    || DB=postgres bench_psql -c 'create database minimal'

# minimal_launch PORT LOG [java options...]
minimal_launch() {
    local port=$1 log=$2
    shift 2
    (QUARKUS_DATASOURCE_JDBC_URL="$BENCH_JDBC/minimal" QUARKUS_DATASOURCE_USERNAME=$PGUSER \
        QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD exec "${JAVA:-$JAVA17}" "$@" -Dquarkus.http.port="$port" \
        -jar "$MINIMAL_JAR" >"$log" 2>&1 </dev/null) &
    APP_PID=$!
    bench_track "$APP_PID"
}

TICKS=$(getconf CLK_TCK)
# measure KIND LOG [java options...]: one launch of KIND (app, minimal, or a function name that launches), sets
# RESULT="ready_ms cpu_ms rss_mib"
measure() {
    local kind=$1 log=$2 port start ready cpu rss
    shift 2
    port=$(free_port 18500)
    start=$(now_ms)
    "${kind}_launch" "$port" "$log" "$@"
    wait_ready "http://127.0.0.1:$port/q/health/ready" "$APP_PID" "$log" 300
    ready=$(($(now_ms) - start))
    cpu=$(awk -v t="$TICKS" '{print int(($14 + $15) * 1000 / t)}' "/proc/$APP_PID/stat")
    rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$APP_PID/status")
    stop "$APP_PID"
    RESULT="$ready $cpu $rss"
}

# Launches not counted: migrate both databases (and seed the application's), warm the page cache.
app_prepare_database
measure minimal "$WORK/minimal-first.log"
measure app "$WORK/app-first.log"

# run_series NAME KIND [java options...]: RUNS launches into $WORK/NAME.results
printf '%-26s %4s %10s %8s %8s\n' launch run ready_ms cpu_ms rss_mib
run_series() {
    local name=$1 kind=$2 i
    shift 2
    for i in $(seq 1 "$RUNS"); do
        measure "$kind" "$WORK/$name-$i.log" "$@"
        echo "$RESULT" >>"$WORK/$name.results"
        printf '%-26s %4s %10s %8s %8s\n' "$name" "$i" $RESULT
    done
}
col() { awk -v c="$2" '{print $c}' "$WORK/$1.results" | median; }

before_launch() { APP_JAR=$BEFORE_JAR app_launch "$@"; }
[ -n "${BEFORE_JAR:-}" ] && measure before "$WORK/before-first.log"
for i in $(seq 1 "$RUNS"); do
    RUNS_SAVED=$RUNS
    RUNS=1
    run_series minimal-jdk17 minimal
    run_series app-jdk17 app
    [ -n "${BEFORE_JAR:-}" ] && run_series before-jdk17 before
    RUNS=$RUNS_SAVED
done

echo
echo "== start-to-ready, existing database (median of $RUNS; JDK: $("$JAVA17" -version 2>&1 | head -n1))"
for name in minimal-jdk17 app-jdk17 ${BEFORE_JAR:+before-jdk17}; do
    printf '%-26s ready %6s ms   cpu %6s ms   rss %4s MiB\n' "$name" "$(col "$name" 1)" "$(col "$name" 2)" "$(col "$name" 3)"
done
echo "ratio app / minimal app: ready $(ratio "$(col app-jdk17 1)" "$(col minimal-jdk17 1)")," \
    "cpu $(ratio "$(col app-jdk17 2)" "$(col minimal-jdk17 2)")   (goal: ready <= 1.0)"
if [ -n "${BEFORE_JAR:-}" ]; then
    echo "ratio before ($BEFORE_JAR) / minimal app: ready $(ratio "$(col before-jdk17 1)" "$(col minimal-jdk17 1)")," \
        "cpu $(ratio "$(col before-jdk17 2)" "$(col minimal-jdk17 2)")"
fi
echo "machine: $(machine)"

if $PROFILE; then
    echo
    echo "== start-up steps (-Dquarkus.debug.print-startup-times=true), slowest first"
    measure app "$WORK/app-profile.log" -Dquarkus.debug.print-startup-times=true
    measure minimal "$WORK/minimal-profile.log" -Dquarkus.debug.print-startup-times=true
    steps() { sed -nE 's/.*Build step ([^ ]+) completed in: ([0-9]+)ms/\2 \1/p' "$1" | sort -rn | head -n 18; }
    paste -d' ' <(steps "$WORK/app-profile.log" | awk '{printf "%6d ms  %-58s\n", $1, $2}') \
        <(steps "$WORK/minimal-profile.log" | awk '{printf "%6d ms  %s\n", $1, $2}') \
        | awk 'BEGIN {printf "%-69s %s\n", "application", "minimal app"} {print}'
    if [ -n "${BEFORE_JAR:-}" ]; then
        measure before "$WORK/before-profile.log" -Dquarkus.debug.print-startup-times=true
        echo "-- before ($BEFORE_JAR)"
        steps "$WORK/before-profile.log" | awk '{printf "%6d ms  %s\n", $1, $2}'
    fi
fi

if $AOT; then
    [ -n "$JAVA25_HOME" ] || { echo "no JDK 25 under /usr/lib/jvm (JAVA25_HOME)" >&2; exit 1; }
    JAVA25="$JAVA25_HOME/bin/java"
    AOT_DIR="$ROOT/target/quarkus-app-aot"
    if [ ! -f "$AOT_DIR/quarkus-run.jar" ] || [ "$JAR" -nt "$AOT_DIR/quarkus-run.jar" ]; then
        echo "packaging the aot-jar with JDK 25 into $AOT_DIR ..." >&2
        # the build stays Java 17 bytecode (maven.compiler.release); only the packaging and the JDK differ
        JAVA_HOME=$JAVA25_HOME ./mvnw -B -q -o package -DskipTests -Dquarkus.package.jar.type=aot-jar \
            -Dquarkus.package.output-directory=quarkus-app-aot >&2
        rm -f "$AOT_DIR/app.aot"
    fi
    if [ ! -f "$AOT_DIR/app.aot" ]; then
        "$(dirname "${BASH_SOURCE[0]}")/aot-train.sh" "$AOT_DIR"
    fi
    aot_launch() {
        local port=$1 log=$2
        shift 2
        # the cache was recorded with quarkus-run.jar run from its own directory: keep that path
        JAVA=$JAVA25 APP_JAR="$AOT_DIR/quarkus-run.jar" app_launch "$port" "$log" -XX:AOTCache="$AOT_DIR/app.aot" "$@"
    }
    for i in $(seq 1 "$RUNS"); do
        RUNS_SAVED=$RUNS
        RUNS=1
        run_series minimal-jdk17-again minimal
        run_series app-jdk25-aot aot
        JAVA=$JAVA25 run_series minimal-jdk25 minimal
        RUNS=$RUNS_SAVED
    done
    echo
    echo "== Java 25 mode: AOT cache ($("$JAVA25" -version 2>&1 | head -n1)), median of $RUNS"
    for name in minimal-jdk17-again minimal-jdk25 app-jdk25-aot; do
        printf '%-26s ready %6s ms   cpu %6s ms   rss %4s MiB\n' "$name" "$(col "$name" 1)" "$(col "$name" 2)" \
            "$(col "$name" 3)"
    done
    echo "ratio app (JDK 25, AOT cache) / minimal app (JDK 17): ready" \
        "$(ratio "$(col app-jdk25-aot 1)" "$(col minimal-jdk17-again 1)")  (goal: <= 0.5)"
    echo "ratio app (JDK 25, AOT cache) / minimal app (JDK 25): ready" \
        "$(ratio "$(col app-jdk25-aot 1)" "$(col minimal-jdk25 1)")"
    echo "machine: $(machine)"
fi
