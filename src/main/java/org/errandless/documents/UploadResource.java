package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.idempotency.Idempotent;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * Resumable uploads by the tus 1.0.0 protocol, so the stock tus clients (tus-js-client, TUSKit, tus-android-client)
 * work unchanged. HTTP only: headers in, headers out; {@link UploadService} does the work.
 */
@Path(UploadResource.PATH)
@Tag(name = "Uploads", description = "Resumable uploads (tus 1.0.0: core, creation, creation-with-upload, checksum, "
        + "expiration, termination). For large files and flaky mobile networks: create an upload with its length, "
        + "send the bytes in as many PATCHes as needed, ask HEAD where to go on after a broken connection. When the "
        + "last byte arrives the upload passes the same checks as `POST /documents` and becomes the document with "
        + "the same id. Every request but OPTIONS carries `Tus-Resumable: 1.0.0`; every response carries it too.")
public class UploadResource {

    static final String PATH = "/api/v1/uploads";
    private static final String ID_EXAMPLE = "3b0e8f52-7c1d-4a9e-b6f3-5d2c1a0e9f84";
    private static final String METADATA_EXAMPLE = "filename 5oi35Y+j5pys6aaW6aG1LmpwZw==,filetype aW1hZ2UvanBlZw==";
    private static final String EXPIRES_EXAMPLE = "Thu, 01 Oct 2026 02:00:00 GMT";

    @Inject
    UploadService uploads;
    @Inject
    DocumentsConfig config;
    @Inject
    JsonWebToken jwt;
    @Inject
    UploadWriters writers;
    @Inject
    TusCreationHeaders.Prefix creationPrefix;

    @OPTIONS
    @PermitAll
    @Operation(operationId = "getUploadCapabilities",
            summary = "What this tus server supports", description = "tus discovery: the protocol version, the "
            + "largest upload (`Tus-Max-Size`, the documents' size limit), the extensions and the checksum "
            + "algorithms. Needs no token and no `Tus-Resumable`.")
    @APIResponse(responseCode = "204", description = "The server's capabilities", headers = {
            @Header(name = "Tus-Resumable", schema = @Schema(type = SchemaType.STRING, example = "1.0.0")),
            @Header(name = "Tus-Version", schema = @Schema(type = SchemaType.STRING, example = "1.0.0")),
            @Header(name = "Tus-Max-Size", schema = @Schema(type = SchemaType.INTEGER, example = "20971520")),
            @Header(name = "Tus-Extension", schema = @Schema(type = SchemaType.STRING,
                    example = TusProtocol.EXTENSIONS)),
            @Header(name = "Tus-Checksum-Algorithm", schema = @Schema(type = SchemaType.STRING,
                    example = TusProtocol.CHECKSUM_ALGORITHMS)) })
    @APIResponse(responseCode = "405", description = "Another method than the tus ones (`method-not-allowed`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response options() {
        return Response.noContent()
                .header(TusProtocol.TUS_VERSION, TusProtocol.VERSION)
                .header(TusProtocol.TUS_MAX_SIZE, config.maxSize().asLongValue())
                .header(TusProtocol.TUS_EXTENSION, TusProtocol.EXTENSIONS)
                .header(TusProtocol.TUS_CHECKSUM_ALGORITHM, TusProtocol.CHECKSUM_ALGORITHMS).build();
    }

    @POST
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @TusCreation
    @Operation(operationId = "createUpload",
            summary = "Create a resumable upload", description = "tus creation: declares the file's length "
            + "(`Upload-Length`, at most the documents' size limit, 20 MB) and, optionally, `Upload-Metadata` "
            + "(comma-separated `key base64(value)` pairs: `filename`, `filetype`, `kind`). The file name is kept, "
            + "sanitised, as metadata; `filetype` is never trusted (the type is detected from the bytes at the end). "
            + "The length counts against the citizen's document quota while the upload is unfinished. With "
            + "creation-with-upload the body (`Content-Type: application/offset+octet-stream`) is the first chunk. "
            + "`Upload-Defer-Length` is not supported. The upload expires 24 hours after its creation "
            + "(`Upload-Expires`). Takes `Idempotency-Key`: a retry replays `Location` (ask HEAD for the offset).")
    @RequestBody(required = false, description = "creation-with-upload: the first bytes of the file",
            content = @Content(mediaType = TusProtocol.OFFSET_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "Created; PATCH the bytes to `Location`", headers = {
            @Header(name = "Location", description = "The upload's URL (absolute)",
                    schema = @Schema(type = SchemaType.STRING,
                            example = "https://api.errandless.example/api/v1/uploads/" + ID_EXAMPLE)),
            @Header(name = "Upload-Expires", schema = @Schema(type = SchemaType.STRING, example = EXPIRES_EXAMPLE)),
            @Header(name = "Upload-Offset", description = "With creation-with-upload: bytes received",
                    schema = @Schema(type = SchemaType.INTEGER, example = "0")),
            @Header(name = "Tus-Resumable", schema = @Schema(type = SchemaType.STRING, example = "1.0.0")) })
    @APIResponse(responseCode = "400", description = "`Upload-Length` missing or not a number, `Upload-Metadata` "
            + "or `Upload-Checksum` malformed, `Upload-Defer-Length` sent, or an unsupported checksum algorithm "
            + "(`validation-failed`, naming the header)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "`Tus-Resumable` missing or not 1.0.0 "
            + "(`tus-version-unsupported`; `Tus-Version` names ours)", headers = @Header(name = "Tus-Version",
                    schema = @Schema(type = SchemaType.STRING, example = "1.0.0")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "`Upload-Length` above the documents' size limit "
            + "(`document-too-large`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "`Upload-Length: 0` (`document-type-not-allowed`: an empty "
            + "file is no document), or a body that is not `application/offset+octet-stream` "
            + "(`unsupported-media-type`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The citizen's quota has no room for this length "
            + "(`document-quota-exceeded`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "460", description = "creation-with-upload: the first chunk does not match "
            + "`Upload-Checksum` (`checksum-mismatch`); nothing is kept", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "creation-with-upload: the document store is unavailable "
            + "(`storage-unavailable`, with `Retry-After`); nothing is kept", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "507", description = "The document store is full (`insufficient-storage`): nothing of "
            + "this request was kept", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(
            @Parameter(description = "The protocol version", required = true, example = "1.0.0")
            @HeaderParam(TusProtocol.TUS_RESUMABLE) String tusResumable,
            @Parameter(description = "The file's size in bytes", required = true, example = "183204")
            @HeaderParam(TusProtocol.UPLOAD_LENGTH) String uploadLength,
            @Parameter(description = "Not supported: the length must be known", example = "1")
            @HeaderParam(TusProtocol.UPLOAD_DEFER_LENGTH) String deferLength,
            @Parameter(description = "`key base64(value)` pairs; `filename` and `kind` are kept",
                    example = METADATA_EXAMPLE) @HeaderParam(TusProtocol.UPLOAD_METADATA) String metadata,
            @Parameter(description = "creation-with-upload: digest of the first chunk", example = "sha256 "
                    + "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")
            @HeaderParam(TusProtocol.UPLOAD_CHECKSUM) String checksum,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @Context UriInfo uri, InputStream sent) throws IOException {
        TusProtocol.requireVersion(tusResumable);
        InputStream body = creationPrefix.skip(sent);
        if (deferLength != null) {
            throw TusProtocol.invalid(TusProtocol.UPLOAD_DEFER_LENGTH, "is not supported: send Upload-Length",
                    "unsupported");
        }
        long length = TusProtocol.nonNegative(TusProtocol.UPLOAD_LENGTH, uploadLength);
        TusProtocol.Metadata parsed = TusProtocol.metadata(metadata);
        long declared = declaredLength(contentLength);
        boolean withUpload = isOffsetOctetStream(contentType);
        if (!withUpload && declared > 0) {
            throw unsupportedMediaType(contentType);
        }
        TusProtocol.Checksum expected = withUpload ? TusProtocol.checksum(checksum) : null;
        UploadView upload = uploads.create(accountId(), length, parsed);
        URI location = uri.getBaseUriBuilder().path(PATH).path(upload.id().toString()).build();
        Response.ResponseBuilder response = Response.created(location)
                .header(TusProtocol.UPLOAD_EXPIRES, TusProtocol.httpDate(upload.expiresAt()));
        if (withUpload) {
            UploadService.Written written;
            try {
                written = uploads.write(accountId(), upload.id(), 0, declared, expected, body);
            } catch (ProblemException e) {
                // the client learns no Location from a failed creation, so nothing of it may stay behind
                terminateQuietly(upload.id());
                throw e;
            }
            response.header(TusProtocol.UPLOAD_OFFSET, written.upload().offset());
        }
        return response.build();
    }

    @HEAD
    @Path("{id}")
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "getUploadOffset",
            summary = "Where an upload stands", description = "tus core: the number of bytes received "
            + "(`Upload-Offset`), to resume from after a broken connection; also the length, the metadata as sent "
            + "and the expiry. A finished upload (now the document with the same id) answers `Upload-Offset` equal "
            + "to `Upload-Length`, so a client that lost the last answer completes instead of starting over. Only "
            + "the creator sees an upload. A HEAD answer has no body: errors are in the status.")
    @APIResponse(responseCode = "200", description = "The upload's state (no body)", headers = {
            @Header(name = "Upload-Offset", schema = @Schema(type = SchemaType.INTEGER, example = "65536")),
            @Header(name = "Upload-Length", schema = @Schema(type = SchemaType.INTEGER, example = "183204")),
            @Header(name = "Upload-Metadata", schema = @Schema(type = SchemaType.STRING, example = METADATA_EXAMPLE)),
            @Header(name = "Upload-Expires", schema = @Schema(type = SchemaType.STRING, example = EXPIRES_EXAMPLE)),
            @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING, example = "no-store")),
            @Header(name = "Tus-Resumable", schema = @Schema(type = SchemaType.STRING, example = "1.0.0")) })
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such upload of the caller's, or its document was deleted "
            + "(`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "The upload expired (`upload-expired`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "`Tus-Resumable` missing or not 1.0.0 "
            + "(`tus-version-unsupported`)", headers = @Header(name = "Tus-Version",
                    schema = @Schema(type = SchemaType.STRING, example = "1.0.0")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response head(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "The protocol version", required = true, example = "1.0.0")
            @HeaderParam(TusProtocol.TUS_RESUMABLE) String tusResumable) {
        TusProtocol.requireVersion(tusResumable);
        UploadView upload = uploads.status(accountId(), id);
        Response.ResponseBuilder response = Response.ok()
                .header(TusProtocol.UPLOAD_OFFSET, upload.offset())
                .header(TusProtocol.UPLOAD_LENGTH, upload.length())
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (upload.expiresAt() != null) {
            response.header(TusProtocol.UPLOAD_EXPIRES, TusProtocol.httpDate(upload.expiresAt()));
        }
        if (upload.metadata() != null) {
            response.header(TusProtocol.UPLOAD_METADATA, upload.metadata());
        }
        return response.build();
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Roles.CITIZEN)
    @TusPatch
    @Operation(operationId = "appendUploadChunk",
            summary = "Send bytes of an upload", description = "tus core: the body "
            + "(`Content-Type: application/offset+octet-stream`) continues the file at `Upload-Offset`, which must be "
            + "the offset HEAD reports. Bytes are written to disk as they arrive; if the connection breaks, what "
            + "arrived is kept and HEAD tells the offset to resume from. With `Upload-Checksum` (sha1 or sha256 of "
            + "this chunk) a chunk that does not match, or that arrived incomplete, is discarded whole (460). One "
            + "PATCH at a time: a second one while the first is writing gets 409. When the last byte arrives the "
            + "file passes the checks of `POST /documents` (type from the bytes, allowed types, image dimensions, "
            + "virus scan, quota) and becomes the document with the upload's id (`GET /documents/{id}`); a failed "
            + "check answers its problem and leaves neither the upload nor a document.")
    @RequestBody(required = true, description = "The next bytes of the file",
            content = @Content(mediaType = TusProtocol.OFFSET_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "204", description = "Received; `Upload-Offset` is the new offset (equal to the "
            + "length: the document exists now)", headers = {
                    @Header(name = "Upload-Offset", schema = @Schema(type = SchemaType.INTEGER, example = "131072")),
                    @Header(name = "Upload-Expires", schema = @Schema(type = SchemaType.STRING,
                            example = EXPIRES_EXAMPLE)),
                    @Header(name = "Tus-Resumable", schema = @Schema(type = SchemaType.STRING, example = "1.0.0")) })
    @APIResponse(responseCode = "400", description = "`Upload-Offset` missing or not a number, `Upload-Checksum` "
            + "malformed or of an unsupported algorithm (`validation-failed`, naming the header)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such upload of the caller's (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "`Upload-Offset` is not the upload's offset, or another PATCH "
            + "is writing to it (`upload-offset-mismatch`): ask HEAD", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "The upload expired (`upload-expired`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "`Tus-Resumable` missing or not 1.0.0 "
            + "(`tus-version-unsupported`)", headers = @Header(name = "Tus-Version",
                    schema = @Schema(type = SchemaType.STRING, example = "1.0.0")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body would go past `Upload-Length` "
            + "(`document-too-large`); nothing of it is kept", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not `application/offset+octet-stream` "
            + "(`unsupported-media-type`); or, on the last chunk, the file is not JPEG, PNG, HEIC/HEIF or PDF "
            + "(`document-type-not-allowed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "On the last chunk: too many pixels (`image-too-large`), quota "
            + "used up (`document-quota-exceeded`), malware (`document-infected`)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "460", description = "The chunk does not match `Upload-Checksum` "
            + "(`checksum-mismatch`): discarded, the offset is unchanged", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The document store is unavailable (`storage-unavailable`, with "
            + "`Retry-After`; the offset is unchanged), or on the last chunk the virus scanner is unavailable "
            + "(`scan-unavailable`; the upload is gone, upload again later)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "507", description = "The document store is full (`insufficient-storage`): nothing of "
            + "this request was kept, the offset and the quota are unchanged", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Blocking
    public CompletionStage<Response> patch(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "The protocol version", required = true, example = "1.0.0")
            @HeaderParam(TusProtocol.TUS_RESUMABLE) String tusResumable,
            @Parameter(description = "Where this chunk starts: the offset HEAD reports", required = true,
                    example = "65536") @HeaderParam(TusProtocol.UPLOAD_OFFSET) String uploadOffset,
            @Parameter(description = "Digest of this chunk", example = "sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=")
            @HeaderParam(TusProtocol.UPLOAD_CHECKSUM) String checksum,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @Context HttpServerRequest request) {
        TusProtocol.requireVersion(tusResumable);
        if (!isOffsetOctetStream(contentType)) {
            throw unsupportedMediaType(contentType);
        }
        long offset = TusProtocol.nonNegative(TusProtocol.UPLOAD_OFFSET, uploadOffset);
        TusProtocol.Checksum expected = TusProtocol.checksum(checksum);
        long declared = declaredLength(contentLength);
        // this worker takes the lease (and opens the file); the I/O thread then queues the body's buffers, an upload
        // writer writes them into the store in order, and a worker is needed again only to record the offset or
        // finish the document
        UploadService.Transfer transfer = uploads.begin(accountId(), id, offset, declared, expected);
        ContentStore.UploadSink sink = transfer.openSink();
        CompletionStage<UploadService.Written> written;
        if (sink == null) {
            try (RequestBodyStream body = new RequestBodyStream(request)) {
                written = CompletableFuture.completedFuture(transfer.append(body, declared));
            }
        } else {
            written = PushedChunk.start(transfer, sink, request, writers.executor());
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        written.whenComplete((done, failure) -> {
            if (failure != null) {
                // the problem itself, for the problem mappers
                answer.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                answer.complete(Response.noContent()
                        .header(TusProtocol.UPLOAD_OFFSET, done.upload().offset())
                        .header(TusProtocol.UPLOAD_EXPIRES, TusProtocol.httpDate(done.upload().expiresAt())).build());
            }
        });
        return answer;
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "terminateUpload",
            summary = "Cancel an upload", description = "tus termination: the upload and every byte of it are "
            + "deleted (also an expired one); its length no longer counts against the quota. A finished upload is a "
            + "document: delete that at `DELETE /documents/{id}`.")
    @APIResponse(responseCode = "204", description = "Deleted", headers = @Header(name = "Tus-Resumable",
            schema = @Schema(type = SchemaType.STRING, example = "1.0.0")))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such upload of the caller's (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "`Tus-Resumable` missing or not 1.0.0 "
            + "(`tus-version-unsupported`)", headers = @Header(name = "Tus-Version",
                    schema = @Schema(type = SchemaType.STRING, example = "1.0.0")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response terminate(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "The protocol version", required = true, example = "1.0.0")
            @HeaderParam(TusProtocol.TUS_RESUMABLE) String tusResumable) {
        TusProtocol.requireVersion(tusResumable);
        uploads.terminate(accountId(), id);
        return Response.noContent().build();
    }

    /**
     * Answers {@code 100 Continue} to a client that waits for it before sending its body ({@code Expect:
     * 100-continue}, which curl sends with bodies above 1 MB), once the body is wanted: the lease is ours. A PATCH
     * whose headers were acceptable was answered earlier ({@link TusContinue}), and has no expectation left here.
     */
    static void continueIfExpected(HttpServerRequest request) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(TusContinue.EXPECT))) {
            request.response().writeContinue();
        }
    }

    private void terminateQuietly(UUID id) {
        try {
            uploads.terminate(accountId(), id);
        } catch (ProblemException e) {
            // already gone (a failed last-chunk check removes it itself)
        }
    }

    static boolean isOffsetOctetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals(TusProtocol.OFFSET_OCTET_STREAM);
    }

    private static ProblemException unsupportedMediaType(String contentType) {
        return new ProblemException(415, "unsupported-media-type", "The body must be "
                + TusProtocol.OFFSET_OCTET_STREAM + (contentType == null ? "" : ", not " + contentType));
    }

    /** Content-Length, or -1 for a chunked body. */
    private static long declaredLength(String contentLength) {
        if (contentLength == null || contentLength.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private UUID accountId() {
        return UUID.fromString(jwt.getSubject());
    }
}
