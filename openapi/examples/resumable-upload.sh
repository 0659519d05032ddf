#!/usr/bin/env bash
# A photo uploaded over a bad network with nothing but curl, by the tus 1.0.0 protocol the stock clients speak: create
# the upload, send it in chunks, lose the connection, ask the server how far it got (HEAD), resume from there. The
# finished upload is the document with the same id, typed by its bytes and ready to attach to an application
# (POST /api/v1/applications/{id}/materials {materialCode, documentId}).
#
# Usage: resumable-upload.sh BASE_URL ADMIN_USERNAME ADMIN_PASSWORD FILE
#   (the admin only reads the development SMS outbox to sign the citizen in)
# Environment: PHONE, NAME, ID_NUMBER (default: the demo person 陈静), CHUNK (bytes per PATCH, 65536)
# Needs: bash, curl, jq, base64, head/tail.
set -euo pipefail
BASE=${1:?usage: resumable-upload.sh BASE_URL ADMIN_USERNAME ADMIN_PASSWORD FILE}
ADMIN_USERNAME=${2:?admin username}
ADMIN_PASSWORD=${3:?admin password}
FILE=${4:?a JPEG, PNG, HEIC or PDF file}
PHONE=${PHONE:-13800000006}
NAME=${NAME:-陈静}
ID_NUMBER=${ID_NUMBER:-500112199506200887}
CHUNK=${CHUNK:-65536}
. "$(dirname "$0")/lib.sh"
TUS=(-H 'Tus-Resumable: 1.0.0')

step "sign in, L2"
token=$(citizen_token "$PHONE" "$(staff_token "$ADMIN_USERNAME" "$ADMIN_PASSWORD")")
token=$(verified_token "$token" "$NAME" "$ID_NUMBER")

length=$(wc -c <"$FILE")
name=$(basename "$FILE" | tr -d '\n' | base64 -w0)
step "create an upload of $length bytes"
post /api/v1/uploads "$token" "" "${TUS[@]}" -H "Upload-Length: $length" -H "Upload-Metadata: filename $name" \
    -H 'Content-Length: 0' >/dev/null
location=$(header Location)
id=${location##*/}
echo "upload $id, expires $(header Upload-Expires)"

# send_chunk OFFSET: one PATCH of at most CHUNK bytes from OFFSET; prints the new offset
send_chunk() {
    tail -c +"$(($1 + 1))" "$FILE" | head -c "$CHUNK" >"$HEADERS.chunk"
    call PATCH "/api/v1/uploads/$id" "$token" "" "${TUS[@]}" -H "Upload-Offset: $1" \
        -H 'Content-Type: application/offset+octet-stream' --data-binary "@$HEADERS.chunk" >/dev/null
    rm -f "$HEADERS.chunk"
    header Upload-Offset
}

step "the first chunk, then the network drops"
offset=$(send_chunk 0)
echo "sent up to $offset"

step "back online: ask where to resume (HEAD), then send the rest"
call HEAD "/api/v1/uploads/$id" "$token" "" "${TUS[@]}" >/dev/null
offset=$(header Upload-Offset)
echo "the server has $offset bytes"
while [ "$offset" -lt "$length" ]; do
    offset=$(send_chunk "$offset")
    echo "  $offset / $length"
done

step "the finished upload is the document $id"
get "/api/v1/documents/$id" "$token" | jq -c '{id, contentType, size, sha256}'
echo "resumable upload: done"
