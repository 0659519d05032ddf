#!/usr/bin/env bash
# A citizen from sign-in to certificate, as the app does it: sign in with an SMS code, prove the real name (L2),
# apply for a birth registration with the service's published example form, submit it with consent to data sharing
# (the health department's birth record stands in for the birth certificate: nothing to upload), follow the progress
# with the long-poll timeline until an officer decides (run officer-day.sh meanwhile), then read the completion
# certificate, the notifications and who looked at the data.
#
# Usage: citizen-journey.sh BASE_URL ADMIN_USERNAME ADMIN_PASSWORD
#   (the admin only reads the development SMS outbox; a real phone receives the code)
# Environment: PHONE, NAME, ID_NUMBER (default: the demo person 张伟), SERVICE (BIRTH_REGISTRATION), WAIT (600 s)
# Needs: bash, curl, jq.
set -euo pipefail
BASE=${1:?usage: citizen-journey.sh BASE_URL ADMIN_USERNAME ADMIN_PASSWORD}
ADMIN_USERNAME=${2:?admin username}
ADMIN_PASSWORD=${3:?admin password}
PHONE=${PHONE:-13800000001}
NAME=${NAME:-张伟}
ID_NUMBER=${ID_NUMBER:-500103198803120516}
SERVICE=${SERVICE:-BIRTH_REGISTRATION}
WAIT=${WAIT:-600}
. "$(dirname "$0")/lib.sh"

step "sign in with the SMS code, then L2 by name and ID number"
admin=$(staff_token "$ADMIN_USERNAME" "$ADMIN_PASSWORD")
token=$(citizen_token "$PHONE" "$admin")
token=$(verified_token "$token" "$NAME" "$ID_NUMBER")
get /api/v1/me/household "$token" | jq -c '{householdNumber, members: [.members[] | {name, relationship}]}'

step "apply for $SERVICE with the service's example form"
form=$(get "/api/v1/services/$SERVICE" | jq -ec '.formSchema.examples[0]')
id=$(post /api/v1/applications "$token" "$(jq -nc --arg s "$SERVICE" --argjson f "$form" '{serviceCode: $s, form: $f}')" \
    -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid 2>/dev/null || date +%s%N)" | jq -er .id)
echo "application $id (DRAFT)"

step "submit, with consent to fetching the evidence from the departments that hold it"
post "/api/v1/applications/$id/submit" "$token" '{"consentToDataSharing": true}' -H "If-Match: $(etag)" \
    | jq -c '{status, dueDate, materials: [.materials[].materials[] | {code, state, source}]}'

step "follow the progress (long-poll: the answer comes as soon as an event commits, on any instance)"
after=0
deadline=$((SECONDS + WAIT))
status=SUBMITTED
while [ "$SECONDS" -lt "$deadline" ]; do
    page=$(get "/api/v1/applications/$id/timeline?after=$after&waitSeconds=30" "$token")
    echo "$page" | jq -r '.items[] | "  #\(.seq) \(.at) \(.actorRole) \(.action) → \(.toStatus // "")"'
    after=$(echo "$page" | jq -r --argjson a "$after" '[.lastSeq // $a, $a] | max')
    status=$(get "/api/v1/applications/$id" "$token" | jq -er .status)
    case "$status" in APPROVED|COMPLETED|REJECTED|WITHDRAWN) break ;; esac
done
echo "status: $status"
case "$status" in APPROVED|COMPLETED) ;; *) echo "not decided within $WAIT s" >&2; exit 1 ;; esac

step "the certificate, the messages, and who read my data"
get "/api/v1/applications/$id/certificate" "$token" | jq -c '{id, verificationUrl, issuedAt}'
get /api/v1/me/notifications "$token" | jq -r '.items[] | "  \(.createdAt) \(.text)"' | head -5
get /api/v1/me/data-access "$token" | jq -c '.items[]' | head -5
echo "citizen journey: done"
