#!/usr/bin/env bash
# An officer's day at a police station: sign in, work the queue (RED deadlines first, then YELLOW, then by due date),
# open each submitted application (every read of personal data is recorded for the citizen to see), accept it (受理)
# and approve it, each change with the If-Match of the last answer; then read the staff inbox.
#
# Usage: officer-day.sh BASE_URL [OFFICER_USERNAME [PASSWORD]]   (default: the demo officer.50010301)
# Environment: MAX (how many applications to decide, 5), WAIT_FOR_QUEUE (seconds to wait for a first item, 0)
# Needs: bash, curl, jq. Decisions need the staff second factor outside the demo profile (POST /auth/staff/mfa).
set -euo pipefail
BASE=${1:?usage: officer-day.sh BASE_URL [OFFICER_USERNAME [PASSWORD]]}
OFFICER=${2:-officer.50010301}
PASSWORD=${3:-demo-password-2026}
MAX=${MAX:-5}
WAIT_FOR_QUEUE=${WAIT_FOR_QUEUE:-0}
. "$(dirname "$0")/lib.sh"

step "sign in as $OFFICER"
token=$(staff_token "$OFFICER" "$PASSWORD")

step "the queue"
deadline=$((SECONDS + WAIT_FOR_QUEUE))
while :; do
    queue=$(get "/api/v1/officer/queue?limit=20" "$token")
    todo=$(echo "$queue" | jq -r '[.items[] | select(.status == "SUBMITTED")] | .[].id')
    [ -n "$todo" ] || [ "$SECONDS" -ge "$deadline" ] && break
    sleep 2
done
echo "$queue" | jq -r '.items[] | "  \(.warningLevel) \(.dueDate // "-") \(.status) \(.serviceCode) \(.id)"'
[ -n "$todo" ] || { echo "nothing submitted is waiting"; exit 0; }

decided=0
for id in $todo; do
    [ "$decided" -lt "$MAX" ] || break
    step "application $id"
    get "/api/v1/applications/$id" "$token" | jq -c '{serviceCode, status, dueDate, form}'
    post "/api/v1/applications/$id/accept" "$token" '{"comment": "材料齐全，予以受理"}' -H "If-Match: $(etag)" \
        | jq -c '{status, dueDate}'
    post "/api/v1/applications/$id/approve" "$token" '{}' -H "If-Match: $(etag)" | jq -c '{status, decidedAt}'
    decided=$((decided + 1))
done

step "the staff inbox (deadline warnings of the station)"
get "/api/v1/staff/notifications?limit=5" "$token" | jq -r '.items[] | "  \(.createdAt) \(.purpose) \(.text)"'
echo "officer day: decided $decided application(s)"
