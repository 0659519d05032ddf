# Shared by the example scripts: curl + jq around the Errandless API. Source it; set BASE first.
# Every call prints the answer's body; its headers are kept in $HEADERS for etag/location/header below.
# Errors (4xx/5xx) print the problem+json document and stop the script (set -e).

HEADERS=$(mktemp)
trap 'rm -f "$HEADERS"' EXIT

# call METHOD PATH TOKEN [JSON BODY] [extra curl arguments...]
call() {
    local method=$1 path=$2 token=$3 body=${4:-}
    shift 4 2>/dev/null || shift $#
    local args=(-sS --fail-with-body -D "$HEADERS" -H 'Accept-Language: en')
    if [ "$method" = HEAD ]; then args+=(-I); else args+=(-X "$method"); fi
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    curl "${args[@]}" "$@" "$BASE$path" || { echo >&2; echo "failed: $method $path" >&2; return 1; }
}

get() { call GET "$1" "${2:-}" "" "${@:3}"; }
post() { call POST "$1" "${2:-}" "${3:-}" "${@:4}"; }

# a response header of the last call (case-insensitive), without the trailing CR
header() { grep -i "^$1:" "$HEADERS" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
etag() { header ETag; }

# staff_token USERNAME PASSWORD: a staff access token (password sign-in; demo staff skip the second factor)
staff_token() {
    post /api/v1/auth/staff/login "" "$(jq -nc --arg u "$1" --arg p "$2" '{username: $u, password: $p}')" \
        | jq -er .accessToken
}

# citizen_token PHONE ADMIN_TOKEN: signs a citizen in with the code of the development SMS outbox (read by an admin;
# a real phone receives it by SMS)
citizen_token() {
    local phone=$1 admin=$2 challenge code
    challenge=$(post /api/v1/auth/otp "" "$(jq -nc --arg p "$phone" '{phone: $p}')" | jq -er .challengeId)
    code=$(get "/api/v1/admin/sms-outbox?phone=$phone&limit=1" "$admin" | jq -er '.items[0].text' \
        | grep -oE '(^|[^0-9])[0-9]{6}([^0-9]|$)' | grep -oE '[0-9]{6}' | head -1)
    post /api/v1/auth/otp/verify "" "$(jq -nc --arg c "$challenge" --arg k "$code" '{challengeId: $c, code: $k}')" \
        | jq -er .accessToken
}

# verified_token TOKEN NAME ID_NUMBER: raises the account to L2 (real name) and prints the fresh access token
verified_token() {
    post /api/v1/me/identity "$1" "$(jq -nc --arg n "$2" --arg i "$3" '{name: $n, idNumber: $i}')" \
        | jq -er .tokens.accessToken
}

step() { printf '\n== %s\n' "$*" >&2; }
