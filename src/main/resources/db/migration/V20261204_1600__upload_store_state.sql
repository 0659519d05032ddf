-- Resumable uploads are written straight into the content store (an upload file beside the documents, or an S3
-- multipart upload to the document's own key), and any instance can continue any upload. What the store needs to go
-- on is kept on the row:
--   store_state   the store's own record of the bytes so far (for S3: the multipart upload's id, the part size and
--                 the parts' ETags); null for the filesystem store, whose file is its own record
--   sha256_state  the SHA-256 of the bytes so far (chaining value, length and unhashed tail, at most 103 bytes), so
--                 the document's hash is computed while the bytes stream, across PATCHes and instances; null when
--                 it was lost (a broken connection during a one-request upload), and the bytes are hashed once more
--                 when the upload finishes
ALTER TABLE resumable_upload
    ADD COLUMN store_state  text,
    ADD COLUMN sha256_state bytea CHECK (octet_length(sha256_state) BETWEEN 40 AND 103);
