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
#   --profile  one more launch of each with -Dquarkus.debug.print-startup-times=true: the slowest start-up steps, and
#              one under JFR each: the main thread at ready by owner and by start-up step (JFR_DETAIL=<owner>: its frames)
#   --appcds   also the JDK 17 AppCDS run mode: a dynamic CDS archive of each app (-XX:ArchiveClassesAtExit, trained on
#              one restart onto its existing database plus a few requests; retrained when the jar is newer), launched
#              with -XX:SharedArchiveFile, as series app-jdk17-appcds and minimal-jdk17-appcds (the floor of the mode)
#   JVM_OPTS="<java options>[;<java options>...]" adds, per set, a series app-jdk17+N of the JVM-mode launch with
#              those options (e.g. JVM_OPTS='-XX:TieredStopAtLevel=1;-XX:+UseSerialGC')
#   --aot      also the Java 25 mode: the application packaged as aot-jar with JDK 25, its AOT cache (JEP 483/514/515)
#              trained on the embedded database, launched with -XX:AOTCache on JDK 25; compared with the minimal app
#              on the default JDK (the goal), on JDK 25, and on JDK 25 with its own AOT cache (the framework's floor
#              in this mode). AOT_OPTS="<java options>[;<java options>...]" adds, per ';'-separated set, a series
#              of the application's AOT launch with those options (e.g. AOT_OPTS='-XX:+UseSerialGC;-XX:TieredStopAtLevel=1'
#              gives app-jdk25-aot+1 and app-jdk25-aot+2). With --profile: where an AOT launch goes (CPU per thread at
#              ready, young collections, classes not taken from the cache, -Xlog:aot, a JFR of the main thread)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-3}
PROFILE=false
AOT=false
APPCDS=false
for arg in "$@"; do
    case $arg in
        --profile) PROFILE=true ;;
        --aot) AOT=true ;;
        --appcds) APPCDS=true ;;
        *) echo "usage: $0 [--profile] [--aot] [--appcds]" >&2; exit 2 ;;
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
        -jar "${MINIMAL_RUN_JAR:-$MINIMAL_JAR}" >"$log" 2>&1 </dev/null) &
    APP_PID=$!
    bench_track "$APP_PID"
}

TICKS=$(getconf CLK_TCK)
# measure KIND LOG [java options...]: one launch of KIND (app, minimal, or a function name that launches), sets
# RESULT="ready_ms cpu_ms rss_mib started_ms" (started_ms: Quarkus' own "started in", counted from its main class, so
# without the JVM's start and the time until readiness answers). ON_READY=<function> is called with the pid at ready.
measure() {
    local kind=$1 log=$2 port start ready cpu rss started
    shift 2
    port=$(free_port 18500)
    start=$(now_ms)
    "${kind}_launch" "$port" "$log" "$@"
    wait_ready "http://127.0.0.1:$port/q/health/ready" "$APP_PID" "$log" 300
    ready=$(($(now_ms) - start))
    cpu=$(awk -v t="$TICKS" '{print int(($14 + $15) * 1000 / t)}' "/proc/$APP_PID/stat")
    rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$APP_PID/status")
    [ -z "${ON_READY:-}" ] || "$ON_READY" "$APP_PID"
    stop "$APP_PID"
    started=$(sed -nE 's/.* started in ([0-9.]+)s.*/\1/p' "$log" | head -n1 | awk '{print int($1 * 1000)}')
    RESULT="$ready $cpu $rss ${started:-n/a}"
}

# thread_cpu PID: the JVM's CPU time so far per thread group (names without their number), largest first
thread_cpu() {
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\n' "$(sed -E 's/[-#]?[0-9]+$//' "$t/comm")" \
            "$(sed 's/.*) //' "$t/stat" | awk -v k="$TICKS" '{print int(($12 + $13) * 1000 / k)}')"
    done | awk -F'\t' '{s[$1] += $2; n[$1]++} END {for (g in s) printf "%7d ms  %3d thread(s)  %s\n", s[g], n[g], g}' \
        | sort -rn | head -n 12
}

# Launches not counted: migrate both databases (and seed the application's), warm the page cache.
app_prepare_database
measure minimal "$WORK/minimal-first.log"
measure app "$WORK/app-first.log"

# run_series NAME KIND [java options...]: RUNS launches into $WORK/NAME.results
printf '%-26s %4s %10s %8s %8s %10s\n' launch run ready_ms cpu_ms rss_mib started_ms
run_series() {
    local name=$1 kind=$2 i
    shift 2
    for i in $(seq 1 "$RUNS"); do
        measure "$kind" "$WORK/$name-$i.log" "$@"
        echo "$RESULT" >>"$WORK/$name.results"
        printf '%-26s %4s %10s %8s %8s %10s\n' "$name" "$i" $RESULT
    done
}
col() { awk -v c="$2" '{print $c}' "$WORK/$1.results" | median; }

before_launch() { APP_JAR=$BEFORE_JAR app_launch "$@"; }
[ -n "${BEFORE_JAR:-}" ] && measure before "$WORK/before-first.log"

IFS=';' read -r -a JVM_OPT_SETS <<<"${JVM_OPTS:-}"
# jvm_opts_launch PORT LOG: the JVM-mode launch with the options set number $OPT_SET of JVM_OPTS
# shellcheck disable=SC2086
jvm_opts_launch() { app_launch "$@" ${JVM_OPT_SETS[$((OPT_SET - 1))]}; }

# The JDK 17 AppCDS mode: a dynamic archive per app (JEP 350), recorded at the exit of one restart onto the existing
# database that also answered a few requests. The JVM checks the archive against the JDK and the class path (the jar
# at the same path, unchanged) and runs without it (a warning) when they differ.
CDS_DIR="$BENCH_DIR/appcds"
if $APPCDS; then
    mkdir -p "$CDS_DIR"
    # cds_train KIND ARCHIVE JAR PATHS...: one launch of KIND recording ARCHIVE, unless it is newer than JAR
    cds_train() {
        local kind=$1 archive=$2 jar=$3 port path
        shift 3
        [ -f "$archive" ] && [ "$archive" -nt "$jar" ] && return 0
        echo "AppCDS training run of $kind ..." >&2
        rm -f "$archive"
        port=$(free_port 18650)
        "${kind}_launch" "$port" "$WORK/$kind-cds-train.log" -XX:ArchiveClassesAtExit="$archive"
        wait_ready "http://127.0.0.1:$port/q/health/ready" "$APP_PID" "$WORK/$kind-cds-train.log" 300
        for path in "$@"; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
        stop "$APP_PID"
        [ -f "$archive" ] || { tail -n 40 "$WORK/$kind-cds-train.log" >&2; echo "no CDS archive written" >&2; exit 1; }
    }
    cds_train app "$CDS_DIR/app.jsa" "$JAR" /q/health/live /q/health/ready /api/v1/services /.well-known/jwks.json \
        /q/openapi /api/v1/me
    cds_train minimal "$CDS_DIR/minimal.jsa" "$MINIMAL_JAR" /q/health/live /q/health/ready /greetings /greetings/me \
        /q/openapi
    app_cds_launch() { app_launch "$@" -XX:SharedArchiveFile="$CDS_DIR/app.jsa"; }
    minimal_cds_launch() { minimal_launch "$@" -XX:SharedArchiveFile="$CDS_DIR/minimal.jsa"; }
fi

jvm_series="minimal-jdk17 app-jdk17 ${BEFORE_JAR:+before-jdk17}"
for OPT_SET in $(seq 1 "${#JVM_OPT_SETS[@]}"); do jvm_series="$jvm_series app-jdk17+$OPT_SET"; done
$APPCDS && jvm_series="$jvm_series app-jdk17-appcds minimal-jdk17-appcds"
for i in $(seq 1 "$RUNS"); do
    RUNS_SAVED=$RUNS
    RUNS=1
    run_series minimal-jdk17 minimal
    run_series app-jdk17 app
    [ -n "${BEFORE_JAR:-}" ] && run_series before-jdk17 before
    for OPT_SET in $(seq 1 "${#JVM_OPT_SETS[@]}"); do run_series "app-jdk17+$OPT_SET" jvm_opts; done
    if $APPCDS; then
        run_series app-jdk17-appcds app_cds
        run_series minimal-jdk17-appcds minimal_cds
    fi
    RUNS=$RUNS_SAVED
done

echo
echo "== start-to-ready, existing database (median of $RUNS; JDK: $("$JAVA17" -version 2>&1 | head -n1))"
for name in $jvm_series; do
    printf '%-26s ready %6s ms   cpu %6s ms   rss %4s MiB   started in %6s ms\n' "$name" "$(col "$name" 1)" \
        "$(col "$name" 2)" "$(col "$name" 3)" "$(col "$name" 4)"
done
echo "ratio app / minimal app: ready $(ratio "$(col app-jdk17 1)" "$(col minimal-jdk17 1)")," \
    "cpu $(ratio "$(col app-jdk17 2)" "$(col minimal-jdk17 2)")   (goal: ready <= 1.0)"
if [ -n "${BEFORE_JAR:-}" ]; then
    echo "ratio before ($BEFORE_JAR) / minimal app: ready $(ratio "$(col before-jdk17 1)" "$(col minimal-jdk17 1)")," \
        "cpu $(ratio "$(col before-jdk17 2)" "$(col minimal-jdk17 2)")"
fi
for OPT_SET in $(seq 1 "${#JVM_OPT_SETS[@]}"); do
    echo "ratio app-jdk17+$OPT_SET (${JVM_OPT_SETS[$((OPT_SET - 1))]}) / minimal app: ready" \
        "$(ratio "$(col "app-jdk17+$OPT_SET" 1)" "$(col minimal-jdk17 1)"), cpu" \
        "$(ratio "$(col "app-jdk17+$OPT_SET" 2)" "$(col minimal-jdk17 2)"); / app-jdk17: ready" \
        "$(ratio "$(col "app-jdk17+$OPT_SET" 1)" "$(col app-jdk17 1)"), cpu $(ratio "$(col "app-jdk17+$OPT_SET" 2)" "$(col app-jdk17 2)")"
done
if $APPCDS; then
    echo "ratio app (AppCDS) / minimal app: ready $(ratio "$(col app-jdk17-appcds 1)" "$(col minimal-jdk17 1)")," \
        "cpu $(ratio "$(col app-jdk17-appcds 2)" "$(col minimal-jdk17 2)")   (goal: ready <= 1.0);" \
        "/ app-jdk17: ready $(ratio "$(col app-jdk17-appcds 1)" "$(col app-jdk17 1)")," \
        "cpu $(ratio "$(col app-jdk17-appcds 2)" "$(col app-jdk17 2)")"
    echo "ratio app (AppCDS) / minimal app (AppCDS, the floor of the mode): ready" \
        "$(ratio "$(col app-jdk17-appcds 1)" "$(col minimal-jdk17-appcds 1)"), cpu" \
        "$(ratio "$(col app-jdk17-appcds 2)" "$(col minimal-jdk17-appcds 2)");" \
        "the floor / minimal app: ready $(ratio "$(col minimal-jdk17-appcds 1)" "$(col minimal-jdk17 1)")" \
        "(archives: app $(du -h "$CDS_DIR/app.jsa" | cut -f1), minimal $(du -h "$CDS_DIR/minimal.jsa" | cut -f1))"
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

    # One more JVM-mode launch of each under JFR (Java samples every 1 ms), the recording dumped at ready by jcmd:
    # the main thread's samples by owner and by start-up step, in ms of the main thread's CPU at ready.
    echo
    echo "== the main thread at ready (JFR, Java samples every 1 ms; one launch each, not counted)"
    JAVA17_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA17")")")")
    JFC="$WORK/profile-1ms.jfc"
    sed -E '/name="jdk.ExecutionSample"/,/<\/event>/ s#(<setting name="period"[^>]*>)[^<]*#\11 ms#' \
        "$JAVA17_HOME/lib/jfr/profile.jfc" >"$JFC"
    mkdir -p "$BENCH_DIR/jvm-profile"
    # jfr_at_ready PID: the main thread's CPU (the threads named "java": the launcher's waits, Java's main works),
    # then the recording so far
    jfr_at_ready() {
        local t
        MAIN_CPU=$(for t in /proc/"$1"/task/*; do
            [ "$(cat "$t/comm")" != java ] || sed 's/.*) //' "$t/stat" | awk -v k="$TICKS" '{print int(($12 + $13) * 1000 / k)}'
        done | awk '{s += $1} END {print s}')
        "$JAVA17_HOME/bin/jcmd" "$1" JFR.dump name=start filename="$JFR_FILE" >/dev/null
    }
    for kind in app minimal ${BEFORE_JAR:+before}; do
        JFR_FILE="$BENCH_DIR/jvm-profile/$kind.jfr"
        rm -f "$JFR_FILE"
        ON_READY=jfr_at_ready measure "$kind" "$WORK/$kind-jfr.log" \
            -XX:StartFlightRecording=name=start,settings="$JFC"
        echo "-- $kind: ready $(echo "$RESULT" | cut -d' ' -f1) ms under JFR, main thread $MAIN_CPU ms of CPU"
        "$JAVA17_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 256 "$JFR_FILE" \
            | python3 "$(dirname "${BASH_SOURCE[0]}")/jfr-start.py" "$MAIN_CPU" ${JFR_DETAIL:+"$JFR_DETAIL"}
    done
    echo "(recordings: $BENCH_DIR/jvm-profile; JFR_DETAIL=<owner> lists that owner's frames)"
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
    # -XX:AOTMode=on: a cache the JVM cannot use (another JDK, class path or incompatible option) ends the launch
    # instead of silently running without it
    aot_launch() {
        local port=$1 log=$2
        shift 2
        # the cache was recorded with quarkus-run.jar at this absolute path: keep it
        JAVA=$JAVA25 APP_JAR="$AOT_DIR/quarkus-run.jar" app_launch "$port" "$log" -XX:AOTCache="$AOT_DIR/app.aot" \
            -XX:AOTMode=on "$@"
    }
    IFS=';' read -r -a AOT_OPT_SETS <<<"${AOT_OPTS:-}"
    # aot_opts_launch PORT LOG: the AOT launch with the options set number $OPT_SET of AOT_OPTS
    # shellcheck disable=SC2086
    aot_opts_launch() { aot_launch "$@" ${AOT_OPT_SETS[$((OPT_SET - 1))]}; }

    # The framework's floor in this mode: the minimal app packaged the same way (aot-jar, JDK 25) with its own cache,
    # trained on its own database (the start, the health checks, its two endpoints, the OpenAPI document).
    MINIMAL_AOT_DIR="$MINIMAL_DIR/target/quarkus-app-aot"
    if [ ! -f "$MINIMAL_AOT_DIR/quarkus-run.jar" ] || [ "$MINIMAL_JAR" -nt "$MINIMAL_AOT_DIR/quarkus-run.jar" ]; then
        echo "packaging the minimal app's aot-jar with JDK 25 into $MINIMAL_AOT_DIR ..." >&2
        JAVA_HOME=$JAVA25_HOME ./mvnw -B -q -o -f "$MINIMAL_DIR/pom.xml" package -DskipTests \
            -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=quarkus-app-aot >&2
        rm -f "$MINIMAL_AOT_DIR/app.aot"
    fi
    if [ ! -f "$MINIMAL_AOT_DIR/app.aot" ]; then
        echo "AOT training run of the minimal app (JDK 25) ..." >&2
        port=$(free_port 18600)
        JAVA=$JAVA25 MINIMAL_RUN_JAR="$MINIMAL_AOT_DIR/quarkus-run.jar" minimal_launch "$port" "$WORK/minimal-train.log" \
            -XX:AOTCacheOutput="$MINIMAL_AOT_DIR/app.aot"
        wait_ready "http://127.0.0.1:$port/q/health/ready" "$APP_PID" "$WORK/minimal-train.log" 300
        for round in 1 2 3; do
            for path in /q/health/live /q/health/ready /greetings /greetings/me /q/openapi; do
                curl -s -o /dev/null "http://127.0.0.1:$port$path"
            done
        done
        stop "$APP_PID"
        [ -f "$MINIMAL_AOT_DIR/app.aot" ] \
            || { tail -n 40 "$WORK/minimal-train.log" >&2; echo "no AOT cache written for the minimal app" >&2; exit 1; }
    fi
    minimal_aot_launch() {
        JAVA=$JAVA25 MINIMAL_RUN_JAR="$MINIMAL_AOT_DIR/quarkus-run.jar" minimal_launch "$@" \
            -XX:AOTCache="$MINIMAL_AOT_DIR/app.aot" -XX:AOTMode=on
    }

    series="minimal-jdk17-again minimal-jdk25 minimal-jdk25-aot app-jdk25-aot"
    for OPT_SET in $(seq 1 "${#AOT_OPT_SETS[@]}"); do series="$series app-jdk25-aot+$OPT_SET"; done
    for i in $(seq 1 "$RUNS"); do
        RUNS_SAVED=$RUNS
        RUNS=1
        run_series minimal-jdk17-again minimal
        run_series app-jdk25-aot aot
        JAVA=$JAVA25 run_series minimal-jdk25 minimal
        run_series minimal-jdk25-aot minimal_aot
        for OPT_SET in $(seq 1 "${#AOT_OPT_SETS[@]}"); do run_series "app-jdk25-aot+$OPT_SET" aot_opts; done
        RUNS=$RUNS_SAVED
    done
    echo
    echo "== Java 25 mode: AOT cache ($("$JAVA25" -version 2>&1 | head -n1)), median of $RUNS" \
        "(AOT cache $(du -h "$AOT_DIR/app.aot" | cut -f1), minimal app's $(du -h "$MINIMAL_AOT_DIR/app.aot" | cut -f1))"
    for name in $series; do
        printf '%-26s ready %6s ms   cpu %6s ms   rss %4s MiB   started in %6s ms\n' "$name" "$(col "$name" 1)" \
            "$(col "$name" 2)" "$(col "$name" 3)" "$(col "$name" 4)"
    done
    echo "ratio app (JDK 25, AOT cache) / minimal app (JDK 17): ready" \
        "$(ratio "$(col app-jdk25-aot 1)" "$(col minimal-jdk17-again 1)"), cpu" \
        "$(ratio "$(col app-jdk25-aot 2)" "$(col minimal-jdk17-again 2)")  (goal: ready <= 0.5)"
    echo "ratio app (JDK 25, AOT cache) / minimal app (JDK 25): ready" \
        "$(ratio "$(col app-jdk25-aot 1)" "$(col minimal-jdk25 1)")"
    echo "ratio app (JDK 25, AOT cache) / minimal app (JDK 25, its AOT cache): ready" \
        "$(ratio "$(col app-jdk25-aot 1)" "$(col minimal-jdk25-aot 1)"), cpu" \
        "$(ratio "$(col app-jdk25-aot 2)" "$(col minimal-jdk25-aot 2)")"
    echo "the floor: minimal app (JDK 25, its AOT cache) / minimal app (JDK 17): ready" \
        "$(ratio "$(col minimal-jdk25-aot 1)" "$(col minimal-jdk17-again 1)"), cpu" \
        "$(ratio "$(col minimal-jdk25-aot 2)" "$(col minimal-jdk17-again 2)")"
    for OPT_SET in $(seq 1 "${#AOT_OPT_SETS[@]}"); do
        echo "ratio app-jdk25-aot+$OPT_SET (${AOT_OPT_SETS[$((OPT_SET - 1))]}) / minimal app (JDK 17): ready" \
            "$(ratio "$(col "app-jdk25-aot+$OPT_SET" 1)" "$(col minimal-jdk17-again 1)"), cpu" \
            "$(ratio "$(col "app-jdk25-aot+$OPT_SET" 2)" "$(col minimal-jdk17-again 2)");" \
            "/ app-jdk25-aot: ready $(ratio "$(col "app-jdk25-aot+$OPT_SET" 1)" "$(col app-jdk25-aot 1)"), cpu" \
            "$(ratio "$(col "app-jdk25-aot+$OPT_SET" 2)" "$(col app-jdk25-aot 2)")"
    done
    echo "machine: $(machine)"

    if $PROFILE; then
        echo
        echo "== Java 25 mode: where an AOT launch goes (one launch each, not counted)"
        print_thread_cpu() { thread_cpu "$1" >"$WORK/threads.txt"; }
        for kind in aot minimal_aot; do
            ON_READY=print_thread_cpu measure "$kind" "$WORK/$kind-threads.log" -Xlog:gc:file="$WORK/$kind-gc.txt"
            echo "-- $kind: ready $(echo "$RESULT" | cut -d' ' -f1) ms, started in $(echo "$RESULT" | cut -d' ' -f4) ms;" \
                "CPU per thread at ready (young collections before ready: $(grep -c 'Pause Young' "$WORK/$kind-gc.txt"))"
            cat "$WORK/threads.txt"
        done
        # which classes the launch did not take from the cache, by kind or where they came from
        measure aot "$WORK/aot-classes.log" -Xlog:class+load=info:file="$WORK/aot-classes.txt"
        sed -nE 's/^(\[[^]]*\])+ *([^ ]+) source: (.*)$/\2 \3/p' "$WORK/aot-classes.txt" >"$WORK/aot-classes.src"
        echo "-- aot: classes loaded before ready $(wc -l <"$WORK/aot-classes.src"), from the AOT cache" \
            "$(grep -c ' shared objects file' "$WORK/aot-classes.src"); the others:"
        grep -v ' shared objects file' "$WORK/aot-classes.src" | awk '{
                src = $2
                if ($1 ~ /\$\$Lambda/) k = "hidden: lambda proxies"
                else if ($1 ~ /LambdaForm|\$Species_/) k = "hidden: method handle forms"
                else if ($1 ~ /\/0x/) k = "hidden: other (" src ")"
                else if ($1 ~ /^jdk\.proxy|\$Proxy/) k = "dynamic proxies"
                else if (src ~ /^jrt:/) k = "JDK module " src
                else if (src ~ /\.jar/) { sub(/!.*/, "", src); n = split(src, p, "/"); k = "jar " p[n] }
                else k = src
                print k
            }' | sort | uniq -c | sort -rn | head -n 15
        echo "   of which by package (first three names):"
        grep -v ' shared objects file' "$WORK/aot-classes.src" | awk '{split($1, p, "."); print p[1] "." p[2] "." p[3]}' \
            | sed -E 's#/0x[0-9a-f]+##; s/\$.*//' | sort | uniq -c | sort -rn | head -n 12
        # what the JVM says of the cache
        measure aot "$WORK/aot-xlog.log" -Xlog:aot=info,startuptime=info:file="$WORK/aot-xlog.txt"
        echo "-- aot: -Xlog:aot,startuptime (the cache's use, warnings; the JVM's own start before the main class)"
        grep -iE 'warn|error|train|AOT-linked|Using AOT|mapped|relocat|heap|code cache|Create VM|Start VMThread' \
            "$WORK/aot-xlog.txt" | sed -E 's/^\[[0-9.]+s\]//' | head -n 25
        # a JFR of the launch: the main thread's top frames. The JVM refuses a cache recorded without JFR's module
        # (jdk.jfr) for a launch under JFR, so this launch uses its own cache, trained the same way under JFR.
        if [ ! -f "$AOT_DIR/app-jfr.aot" ] || [ "$AOT_DIR/app.aot" -nt "$AOT_DIR/app-jfr.aot" ]; then
            AOT_CACHE="$AOT_DIR/app-jfr.aot" TRAIN_OPTS="-XX:StartFlightRecording=filename=$WORK/train.jfr" \
                "$(dirname "${BASH_SOURCE[0]}")/aot-train.sh" "$AOT_DIR"
        fi
        jfr_launch() {
            local port=$1 log=$2
            shift 2
            JAVA=$JAVA25 APP_JAR="$AOT_DIR/quarkus-run.jar" app_launch "$port" "$log" \
                -XX:AOTCache="$AOT_DIR/app-jfr.aot" -XX:AOTMode=on "$@"
        }
        measure jfr "$WORK/aot-jfr.log" \
            -XX:StartFlightRecording=filename="$WORK/aot.jfr",settings=profile,dumponexit=true
        mkdir -p "$BENCH_DIR/aot-profile"
        cp "$WORK"/*.log "$WORK"/*.txt "$WORK"/*.src "$BENCH_DIR/aot-profile/" 2>/dev/null || true
        echo "-- aot: JFR (settings=profile) of one launch, main thread, to ready"
        if [ -s "$WORK/aot.jfr" ]; then
            cp "$WORK/aot.jfr" "$BENCH_DIR/aot-profile/"
            "$JAVA25_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$WORK/aot.jfr" \
                | awk 'BEGIN {RS = "jdk.ExecutionSample"; ORS = ""} /sampledThread = "main"/ {print "jdk.ExecutionSample" $0}' \
                | python3 "$(dirname "${BASH_SOURCE[0]}")/jfr-top.py" 12 30 \
                    'errandless|quarkus|hibernate|smallrye|flyway|vertx|jackson|agroal|validator|postgresql|netty|jboss'
        else
            # seen once on a machine at load 28: the JVM ended without writing its recording; the launch's log is kept
            echo "   no recording written (see aot-jfr.log in $BENCH_DIR/aot-profile)"
        fi
        echo "(the profile launches' logs, class lists and JFR: $BENCH_DIR/aot-profile)"
    fi
fi
