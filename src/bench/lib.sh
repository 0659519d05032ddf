# Shared pieces of the benchmark scripts (see src/bench/README.md). Source it; it defines functions and a few
# variables, and runs nothing by itself:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_init            # ROOT, WORK (a temporary directory removed at exit), the exit trap
#
# Everything a script starts in the background is registered with bench_track and ended (SIGTERM, by process id)
# when the script exits, however it exits.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
# Where the benchmark database, its data key and the built minimal app live between runs (under target/, so
# `mvn clean` resets it all). Override to keep it elsewhere.
BENCH_DIR=${BENCH_DIR:-$ROOT/target/bench}
BENCH_CLASSES="$ROOT/target/bench-classes"
BENCH_ADMIN_PASSWORD=bench-admin-password-2026
BENCH_STAFF_PASSWORD=demo-password-2026
JAVA17=${JAVA17:-java}
JAVA25_HOME=${JAVA25_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n1)}
BENCH_PIDS=()

bench_init() {
    cd "$ROOT"
    WORK=$(mktemp -d -t errandless-bench.XXXXXX)
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_track() { BENCH_PIDS+=("$@"); }

bench_cleanup() {
    local pid i
    # newest first: the applications before the database they use
    for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        pid=${BENCH_PIDS[$i]}
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
machine() { echo "$(nproc) cores, load average $(load_avg)"; }

# median of the numbers on stdin (the lower middle for an even count)
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)]}'; }
# ratio A B [decimals]
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN {if (b == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.*f\n", d, a / b}'; }

# free_port START: the first port from START on that nothing listens on
free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port"
}

ensure_wrk() { command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
ensure_pgbench() {
    command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-contrib >/dev/null; }
}

# Packages the application (tests skipped) when the jar is missing or older than the sources.
package_if_stale() {
    if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$JAR" -print -quit)" ]; then
        echo "packaging the application (tests skipped) ..." >&2
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests) >&2
    fi
}

# Compiles the bench's Java helpers (src/bench/java/org/errandless/bench) against the packaged application.
compile_bench_helpers() {
    package_if_stale
    BENCH_CP="$BENCH_CLASSES:$ROOT/target/classes:$ROOT/target/quarkus-app/lib/main/*:$ROOT/target/quarkus-app/lib/boot/*"
    local sources newest
    sources=$(find "$ROOT/src/bench/java/org/errandless/bench" -name '*.java')
    newest=$(ls -t $sources | head -n1)
    if [ ! -d "$BENCH_CLASSES/org/errandless/bench" ] || [ "$newest" -nt "$BENCH_CLASSES/org/errandless/bench" ] \
        || [ "$JAR" -nt "$BENCH_CLASSES/org/errandless/bench" ]; then
        mkdir -p "$BENCH_CLASSES"
        # shellcheck disable=SC2086
        javac -nowarn -d "$BENCH_CLASSES" -cp "$BENCH_CP" $sources
        touch "$BENCH_CLASSES/org/errandless/bench"
    fi
}

# --- the benchmark PostgreSQL ---------------------------------------------------------------------------------------
# With BENCH_PGHOST/BENCH_PGPORT (and BENCH_PGUSER/BENCH_PGPASSWORD) set, that server is used as it is. Otherwise the
# application's own embedded PostgreSQL (the zonky binaries of the demo) is started on BENCH_PGPORT (default 15600)
# with its data in $BENCH_DIR/pgdata, which survives between runs, and stopped when the script exits. Either way psql
# and pgbench find it through PGHOST/PGPORT/PGUSER/PGPASSWORD, and the application through BENCH_JDBC.
bench_db_start() {
    export PGHOST=${BENCH_PGHOST:-127.0.0.1}
    export PGPORT=${BENCH_PGPORT:-15600}
    export PGUSER=${BENCH_PGUSER:-postgres}
    export PGPASSWORD=${BENCH_PGPASSWORD:-postgres}
    BENCH_JDBC="jdbc:postgresql://$PGHOST:$PGPORT"
    if [ -z "${BENCH_PGHOST:-}" ] && ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        compile_bench_helpers
        mkdir -p "$BENCH_DIR"
        echo "starting the benchmark PostgreSQL on port $PGPORT (data in $BENCH_DIR/pgdata) ..." >&2
        "$JAVA17" -Xmx64m -cp "$BENCH_CP" org.errandless.bench.BenchDatabase "$BENCH_DIR/pgdata" "$PGPORT" \
            >"$BENCH_DIR/database.log" 2>&1 </dev/null &
        bench_track $!
        local i
        for i in $(seq 1 600); do
            grep -q '^ready' "$BENCH_DIR/database.log" 2>/dev/null && break
            kill -0 "${BENCH_PIDS[-1]}" 2>/dev/null || { cat "$BENCH_DIR/database.log" >&2; return 1; }
            sleep 0.2
        done
    fi
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || { echo "no PostgreSQL on $PGHOST:$PGPORT" >&2; return 1; }
    # The embedded server on this port must be this checkout's: another checkout's benchmark (another worktree) on
    # the same default port holds a register encrypted with another data key, and every figure would be an error.
    if [ -z "${BENCH_PGHOST:-}" ]; then
        local served
        served=$(psql -X -tAc "show data_directory" -d postgres)
        if [ "$(realpath -m "$served")" != "$(realpath -m "$BENCH_DIR/pgdata")" ]; then
            echo "port $PGPORT serves another checkout's benchmark database ($served): set BENCH_PGPORT" >&2
            return 1
        fi
    fi
}

# psql on the application's database (or the one named by DB=...)
bench_psql() { psql -X -q -v ON_ERROR_STOP=1 -d "${DB:-errandless}" "$@"; }

# The data key the generated volume is encrypted with: created once, beside the database, and handed to every
# launch of the application (ERRANDLESS_DATA_KEY), so all of them read the same register.
bench_data_key() {
    mkdir -p "$BENCH_DIR"
    [ -f "$BENCH_DIR/data.key" ] || (umask 077 && openssl rand -base64 32 >"$BENCH_DIR/data.key")
    cat "$BENCH_DIR/data.key"
}

# --- the application ------------------------------------------------------------------------------------------------
# app_launch PORT LOG [java options...]: launches the packaged application in the background (demo profile, against
# the benchmark database, its own working directory $BENCH_DIR/app-home so generated keys persist like a real
# restart's) and sets APP_PID. JAVA (default java) and APP_JAR (default the fast-jar) choose what runs.
app_launch() {
    local port=$1 log=$2
    shift 2
    mkdir -p "$BENCH_DIR/app-home"
    (cd "$BENCH_DIR/app-home" && ERRANDLESS_LOG_JSON=false ERRANDLESS_DATA_KEY=$(bench_data_key) \
        ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD ERRANDLESS_DEMO_STAFF_PASSWORD=$BENCH_STAFF_PASSWORD \
        QUARKUS_DATASOURCE_JDBC_URL="$BENCH_JDBC/errandless" QUARKUS_DATASOURCE_USERNAME=$PGUSER \
        QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD \
        exec "${JAVA:-$JAVA17}" "$@" -Dquarkus.profile=demo -Dquarkus.http.port="$port" -jar "${APP_JAR:-$JAR}" \
        >"$log" 2>&1 </dev/null) &
    APP_PID=$!
    bench_track "$APP_PID"
}

# wait_ready URL PID LOG [TIMEOUT_S]: polls URL every 20 ms until it answers 200; fails (printing LOG) if PID exits.
wait_ready() {
    local url=$1 pid=$2 log=$3 deadline=$(($(now_ms) + ${4:-300} * 1000))
    while ! curl -fs -o /dev/null "$url"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$log" >&2
            echo "the process exited before $url answered" >&2
            return 1
        fi
        if [ "$(now_ms)" -gt "$deadline" ]; then
            tail -n 40 "$log" >&2
            echo "$url did not answer in time" >&2
            return 1
        fi
        sleep 0.02
    done
}

# stop PID: SIGTERM and wait
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# app_start PORT LOG [java options...]: launches and waits until ready; APP_BASE is its URL.
app_start() {
    local port=$1 log=$2
    shift 2
    app_launch "$port" "$log" "$@"
    APP_BASE="http://127.0.0.1:$port"
    wait_ready "$APP_BASE/q/health/ready" "$APP_PID" "$log"
}

# The application's database exists and is migrated and seeded: one launch of the app, not measured.
app_prepare_database() {
    bench_psql -d postgres -tAc "select 1 from pg_database where datname = 'errandless'" | grep -q 1 \
        || bench_psql -d postgres -c 'create database errandless'
    if ! bench_psql -tAc "select 1 from information_schema.tables where table_name = 'flyway_schema_history'" \
        | grep -q 1 || [ "${1:-}" = "--always" ]; then
        echo "migrating and seeding the benchmark database (one launch of the app) ..." >&2
        app_start "$(free_port 18400)" "$BENCH_DIR/prepare.log"
        stop "$APP_PID"
    fi
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { curl -fsS -H 'Content-Type: application/json' "$@"; }

# staff_token BASE USERNAME PASSWORD
staff_token() {
    post -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/staff/login" | json "['accessToken']"
}

# citizen_token BASE PHONE: signs in through the real OTP flow (the code read from the development SMS outbox)
citizen_token() {
    local base=$1 phone=$2 challenge admin code
    challenge=$(post -d "{\"phone\":\"$phone\"}" "$base/api/v1/auth/otp" | json "['challengeId']")
    admin=$(staff_token "$base" admin "$BENCH_ADMIN_PASSWORD")
    code=$(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/admin/sms-outbox?phone=$phone" \
        | json "['items'][0]['text']" | grep -oE '[0-9]{6}' | head -n1)
    post -d "{\"challengeId\":\"$challenge\",\"code\":\"$code\"}" "$base/api/v1/auth/otp/verify" \
        | json "['accessToken']"
}

# wrk_run DURATION URL [header...]: wrk with WRK_THREADS/WRK_CONNECTIONS (default 2/32) after a warm-up of
# WRK_WARMUP (default 5s); prints "rps p99_ms non2xx p50_ms"
wrk_run() {
    local duration=$1 url=$2 out
    shift 2
    local headers=()
    local h
    for h in "$@"; do headers+=(-H "$h"); done
    wrk -t"${WRK_THREADS:-2}" -c"${WRK_CONNECTIONS:-32}" -d"${WRK_WARMUP:-5s}" "${headers[@]}" "$url" >/dev/null
    out=$(wrk -t"${WRK_THREADS:-2}" -c"${WRK_CONNECTIONS:-32}" -d"$duration" --latency "${headers[@]}" "$url")
    echo "$out" >>"$WORK/wrk.log"
    echo "$out" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)} /Non-2xx/ {bad = $NF}
        END {printf "%s %.2f %d %.2f\n", rps, p99, bad, p50}'
}
