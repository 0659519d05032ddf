#!/usr/bin/env bash
# Build-and-test time benchmark (see src/bench/README.md).
#
# Times a clean `./mvnw -B -q clean verify` (compile, all tests, package, integration tests) and, in the same run, the
# Maven baseline `./mvnw -q -B -o validate` (JVM + Maven start and project model, no work), so the figure can be
# given as a ratio: this machine is shared and its speed varies from minute to minute.
#
# Usage: src/bench/verify-time.sh        (VERIFY_RUNS=1 BASELINE_RUNS=3 by default)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
VERIFY_RUNS=${VERIFY_RUNS:-1}
BASELINE_RUNS=${BASELINE_RUNS:-3}
WORK=$(mktemp -d -t errandless-verify-time.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)]}'; }

# Online once, so that the offline baseline works. (On an empty local repository the first verify also downloads
# about 170 MB: run the script twice there and keep the second figure.)
echo "warming Maven (not timed) ..."
./mvnw -q -B validate

for i in $(seq 1 "$BASELINE_RUNS"); do
    start=$(now_ms)
    ./mvnw -q -B -o validate
    echo $(($(now_ms) - start)) >>"$WORK/baseline"
done
BASELINE=$(median <"$WORK/baseline")
echo "baseline ./mvnw -q -B -o validate: $(tr '\n' ' ' <"$WORK/baseline")ms -> median ${BASELINE} ms"

for i in $(seq 1 "$VERIFY_RUNS"); do
    start=$(now_ms)
    ./mvnw -B -q clean verify >"$WORK/verify.log" 2>&1 || { tail -n 50 "$WORK/verify.log"; echo "verify failed" >&2; exit 1; }
    ms=$(($(now_ms) - start))
    echo "$ms" >>"$WORK/verify"
    echo "run $i: ./mvnw -B -q clean verify: ${ms} ms"
done
VERIFY=$(median <"$WORK/verify")

echo
echo "clean verify (median of $VERIFY_RUNS): $((VERIFY / 1000)) s = $(awk -v a="$VERIFY" -v b="$BASELINE" 'BEGIN {printf "%.1f", a / b}') x the Maven baseline (${BASELINE} ms)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n1)"
