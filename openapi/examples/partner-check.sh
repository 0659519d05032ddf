#!/usr/bin/env bash
# A partner department checks a fact of the register, as the data-sharing rules allow: an admin registers the partner
# system with the purposes it may name; the partner takes a token with OAuth2 client credentials and asks a yes/no
# question for a named purpose. The citizen sees the check in their data-access log.
#
# Usage: partner-check.sh BASE_URL ADMIN_USERNAME ADMIN_PASSWORD [ID_NUMBER]   (default: the demo person 张伟)
# Needs: bash, curl, jq. Admin calls need the staff second factor outside the demo and test profiles.
set -euo pipefail
BASE=${1:?usage: partner-check.sh BASE_URL ADMIN_USERNAME ADMIN_PASSWORD [ID_NUMBER]}
ADMIN_USERNAME=${2:?admin username}
ADMIN_PASSWORD=${3:?admin password}
ID_NUMBER=${4:-500103198803120516}
. "$(dirname "$0")/lib.sh"

step "the admin registers the partner system (the secret is shown once)"
admin=$(staff_token "$ADMIN_USERNAME" "$ADMIN_PASSWORD")
credentials=$(post /api/v1/admin/clients "$admin" '{"name": "最低生活保障审核系统", "department": "重庆市民政局",
    "scopes": ["registry.person.read"], "dailyQuota": 1000, "purposes": ["SOCIAL_ASSISTANCE"]}')
client_id=$(echo "$credentials" | jq -er .clientId)
client_secret=$(echo "$credentials" | jq -er .clientSecret)
echo "client $client_id"

step "the partner takes a token (client credentials, client_secret_post)"
access=$(curl -sS --fail-with-body "$BASE/api/v1/auth/clients/token" \
    --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$client_id" \
    --data-urlencode "client_secret=$client_secret" --data-urlencode scope=registry.person.read | jq -er .access_token)

step "the purposes it may name"
get /api/v1/partner/purposes "$access" | jq -c '[.[] | {code, legalBasis}]'

step "is this person a registered resident? (yes/no and the district, nothing else)"
post /api/v1/partner/residency-checks "$access" \
    "$(jq -nc --arg i "$ID_NUMBER" '{idNumber: $i, purpose: "SOCIAL_ASSISTANCE"}')" | jq -c .

step "a purpose it was not granted is refused"
if post /api/v1/partner/residency-checks "$access" \
    "$(jq -nc --arg i "$ID_NUMBER" '{idNumber: $i, purpose: "FUNERAL_ALLOWANCE"}')" >/tmp/partner-refused.$$ 2>/dev/null; then
    echo "expected 403 purpose-not-granted" >&2; exit 1
fi
jq -c '{status, code}' </tmp/partner-refused.$$ 2>/dev/null || cat /tmp/partner-refused.$$
rm -f /tmp/partner-refused.$$
echo "partner check: done"
