#!/usr/bin/env bash
# Wake-up latency and footprint of the live feed (common/live/LiveFeed), see src/bench/README.md.
#
# Compiles src/bench/java/.../LiveFeedBench.java against the application's classes and runtime libraries and runs it:
# the real LiveFeed class wired by hand (no Quarkus), an embedded PostgreSQL, PUBLISHES wake-ups measured from the
# publisher's commit to the waiter's completion, idle and with WAITERS other futures waiting, and the JVM's RSS and
# thread count idle and with WAITERS futures waiting.
#
# Usage: src/bench/live-feed.sh          (PUBLISHES=100 WAITERS=1000 by default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
PUBLISHES=${PUBLISHES:-100}
WAITERS=${WAITERS:-1000}
LIB="$ROOT/target/quarkus-app/lib/main"

if [ ! -d "$LIB" ] || [ ! -d target/classes ] \
    || [ -n "$(find pom.xml src/main -newer target/quarkus-app/quarkus-run.jar -print -quit 2>/dev/null || echo stale)" ]; then
    echo "packaging (tests skipped) ..."
    ./mvnw -B -q package -DskipTests
fi

CLASSPATH="$ROOT/target/classes:$LIB/*:$ROOT/target/quarkus-app/lib/boot/*"
OUT="$ROOT/target/bench-classes"
mkdir -p "$OUT"
javac -q -d "$OUT" -cp "$CLASSPATH" src/bench/java/org/errandless/common/live/LiveFeedBench.java 2>/dev/null \
    || javac -d "$OUT" -cp "$CLASSPATH" src/bench/java/org/errandless/common/live/LiveFeedBench.java

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(java -version 2>&1 | head -n1)"
java -Xmx256m -Dpublishes="$PUBLISHES" -Dwaiters="$WAITERS" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$OUT:$CLASSPATH" org.errandless.common.live.LiveFeedBench
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
