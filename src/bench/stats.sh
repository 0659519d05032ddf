#!/usr/bin/env bash
# Supervision statistics on a city's volume (issue 14 item 2): GET /api/v1/supervision/stats for a whole month,
# city-wide, as the demo supervisor (scope: the city), on the database generate.sh fills (1,000,000 applications over
# the 16 demo stations; it runs first and does nothing when the volume is there). Prints the median of RUNS answers
# (JSON, CSV, one station, one division) beside a baseline in the same run: psql counting that month's submitted
# applications (one indexed range scan), so the figure is also a ratio. The goal is an absolute one: under 1 s.
#
# Usage: src/bench/stats.sh     (RUNS=5 MONTH=<the month with most submissions> by default)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-5}
bench_init
"$ROOT/src/bench/generate.sh"
bench_db_start
package_if_stale

# The statistics read supervision's own facts (supervised_application), which generate.sql fills
# (supervision-facts.sql); a database generated before it did gets them here, once.
if [ "$(bench_psql -tAc "select exists (select 1 from supervised_application)")" != t ]; then
    bench_psql -f "$ROOT/src/bench/supervision-facts.sql"
fi
applications=$(bench_psql -tAc "select count(*) from application")
MONTH=${MONTH:-$(bench_psql -tAc "select to_char(date_trunc('month', submitted_at), 'YYYY-MM') from application
    where submitted_at is not null group by 1 order by count(*) desc limit 1")}
from="$MONTH-01"
to=$(bench_psql -tAc "select (date '$from' + interval '1 month' - interval '1 day')::date")
in_month=$(bench_psql -tAc "select count(*) from application where submitted_at >= date '$from'
    and submitted_at < date '$to' + 1")
supervised=$(bench_psql -tAc "select count(*) from supervised_application")
echo "database: $applications applications ($supervised in supervision's facts); $MONTH: $in_month submitted; $(machine)"

app_start "$(free_port 18500)" "$WORK/app.log" -Xmx512m
token=$(staff_token "$APP_BASE" supervisor "$BENCH_STAFF_PASSWORD")

# timed NAME URL [curl options...]: median seconds of RUNS answers (after one warm-up), each must answer 200
timed() {
    local name=$1 url=$2 i
    shift 2
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$@" "$url"
    for i in $(seq 1 "$RUNS"); do
        curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$@" "$url"
    done | median
}
baseline() {
    local i
    for i in $(seq 1 "$RUNS"); do
        local start end
        start=$(now_ms)
        bench_psql -tAc "select count(*) from application where submitted_at >= date '$from'
            and submitted_at < date '$to' + 1" >/dev/null
        end=$(now_ms)
        awk -v ms=$((end - start)) 'BEGIN {printf "%.3f\n", ms / 1000}'
    done | median
}

stats="$APP_BASE/api/v1/supervision/stats?from=$from&to=$to"
base=$(baseline)
json_s=$(timed json "$stats")
csv_s=$(timed csv "$stats" -H 'Accept: text/csv')
station_s=$(timed station "$stats&stationCode=50010301")
division_s=$(timed division "$stats&divisionCode=500103")
curl -fsS -H "Authorization: Bearer $token" "$stats" | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = d["totals"]
print("answer (city-wide " + sys.argv[1] + "):", json.dumps(t, ensure_ascii=False)[:700])
if not t["received"]:
    sys.exit("the answer counts nothing: the figures below would measure an empty report")' "$MONTH"

printf '\n%-52s %10s %10s\n' "figure (median of $RUNS, $(load_avg))" seconds "÷ psql"
printf '%-52s %10s %10s\n' "baseline: psql count of the month's submissions" "$base" 1.00
printf '%-52s %10s %10s\n' "stats, city-wide month, JSON" "$json_s" "$(ratio "$json_s" "$base" 1)"
printf '%-52s %10s %10s\n' "stats, city-wide month, text/csv" "$csv_s" "$(ratio "$csv_s" "$base" 1)"
printf '%-52s %10s %10s\n' "stats, one station" "$station_s" "$(ratio "$station_s" "$base" 1)"
printf '%-52s %10s %10s\n' "stats, one division" "$division_s" "$(ratio "$division_s" "$base" 1)"
awk -v s="$json_s" 'BEGIN {exit !(s < 1.0)}' && echo "goal (< 1 s city-wide): met" || echo "goal (< 1 s city-wide): NOT met"
