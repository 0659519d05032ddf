package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.ETags;
import org.errandless.common.web.idempotency.Idempotent;
import org.errandless.identity.token.Claims;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Documents a citizen uploads as evidence for applications. */
@Path("/api/v1/documents")
@Tag(name = "Documents", description = "Evidence a citizen uploads (JPEG, PNG, HEIC/HEIF, PDF), checked by its bytes, "
        + "read by its owner and by officers handling an application it is attached to")
public class DocumentResource {

    static final String DOCUMENT_EXAMPLE = """
            {"id": "7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f", "kind": "household-register-page",
             "filename": "户口本首页.pdf", "contentType": "application/pdf", "size": 183204,
             "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "width": null,
             "height": null, "scanResult": "CLEAN", "createdAt": "2026-09-30T02:00:00Z"}""";
    private static final String ID_EXAMPLE = "7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f";

    @Inject
    DocumentService documents;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Idempotent
    @Operation(operationId = "uploadDocument",
            summary = "Upload a document", description = "Single-shot upload of one file (multipart part `file`, "
            + "optionally `kind`): JPEG, PNG, HEIC/HEIF or PDF, at most 20 MB (larger files: the resumable upload). "
            + "The type is detected from the bytes; the file name and declared type are not trusted, and the name "
            + "is kept, sanitised, only as metadata. Images may declare at most 50 million pixels. The file is "
            + "hashed (SHA-256) and virus-scanned where a scanner is configured. Each citizen may keep at most 200 "
            + "documents of together 500 MB. A failed upload leaves nothing behind.")
    @APIResponse(responseCode = "201", description = "Stored: the document's metadata",
            headers = {
                    @Header(name = "Location", description = "The document's URL",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = "The metadata's tag, as `GET /documents/{id}` answers it",
                            schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DocumentView.class),
                    examples = @ExampleObject(name = "pdf", value = DOCUMENT_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No `file` part, or `kind` longer than 64 characters "
            + "(`validation-failed`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The file or the request is larger than allowed "
            + "(`document-too-large`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The content is not JPEG, PNG, HEIC/HEIF or PDF, whatever "
            + "its name says (`document-type-not-allowed`); or the body is not multipart (`unsupported-media-type`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The image declares too many pixels (`image-too-large`), the "
            + "citizen's quota is used up (`document-quota-exceeded`), or the scanner found malware "
            + "(`document-infected`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The virus scanner is unavailable (`scan-unavailable`), or the "
            + "document store is (`storage-unavailable`, with `Retry-After`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "507", description = "The document store is full (`insufficient-storage`): nothing "
            + "was kept and the quota is unchanged", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response upload(
            @Schema(description = "The file: JPEG, PNG, HEIC/HEIF or PDF, at most 20 MB", type = SchemaType.STRING,
                    format = "binary") @NotNull @RestForm("file") FileUpload file,
            @Schema(description = "What the document is, in the citizen's or the app's words",
                    example = "household-register-page") @Size(max = 64) @RestForm("kind") String kind) {
        DocumentView document = documents.upload(accountId(), new DocumentService.Upload(file.uploadedFile(),
                file.fileName(), kind == null || kind.isBlank() ? null : kind.strip()));
        return Response.created(UriBuilder.fromResource(DocumentResource.class).path(document.id().toString())
                .build()).entity(document).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, ETags.of(json, document)).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER, Roles.SUPERVISOR })
    @Operation(operationId = "getDocument",
            summary = "A document's metadata", description = "For the owner; read-only for the citizen it was "
            + "handed in for (evidence of an application a guardian or an authorised agent made for them, from its "
            + "first submission on); for staff only where the access policy allows it (an officer handling an application the document is attached to), and each such "
            + "read is recorded in the citizen's data-access log. Honours `If-None-Match`.")
    @APIResponse(responseCode = "200", description = "The metadata",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DocumentView.class),
                    examples = @ExampleObject(name = "pdf", value = DOCUMENT_EXAMPLE)))
    @APIResponse(responseCode = "304", description = "Not modified since the tag in `If-None-Match`")
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither citizen nor officer or supervisor (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such document (an id that is not a UUID names "
            + "none), or not one the caller may read (`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response get(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "A tag from an earlier answer", example = "\"n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg\"")
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return ETags.conditionalGet(json, documents.get(reader(), id), ifNoneMatch).build();
    }

    @GET
    @Path("{id}/content")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({ Roles.CITIZEN, Roles.OFFICER, Roles.SUPERVISOR })
    @Operation(operationId = "getDocumentContent",
            summary = "A document's bytes", description = "The stored bytes with their detected `Content-Type`, "
            + "always as an attachment (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`) so a "
            + "browser never renders them in our origin. The strong `ETag` is the SHA-256 of the bytes; "
            + "`If-None-Match` answers 304. A single `Range: bytes=…` answers 206 with that part (`If-Range` "
            + "honoured); several ranges answer the whole file. Same readers as the metadata.")
    @APIResponse(responseCode = "200", description = "The whole file", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Content-Disposition", schema = @Schema(type = SchemaType.STRING,
                    example = "attachment; filename=\"document.pdf\"; filename*=UTF-8''%E6%88%B7.pdf")),
            @Header(name = "Accept-Ranges", schema = @Schema(type = SchemaType.STRING, example = "bytes")),
            @Header(name = "X-Content-Type-Options", schema = @Schema(type = SchemaType.STRING, example = "nosniff")) },
            content = {
                    @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING,
                            format = "binary")),
                    @Content(mediaType = "image/*", schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "206", description = "The requested range", headers = {
            @Header(name = "Content-Range", schema = @Schema(type = SchemaType.STRING,
                    example = "bytes 0-1023/183204")),
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Content-Disposition", schema = @Schema(type = SchemaType.STRING,
                    example = "attachment; filename=\"document.pdf\"; filename*=UTF-8''%E6%88%B7.pdf")),
            @Header(name = "Accept-Ranges", schema = @Schema(type = SchemaType.STRING, example = "bytes")),
            @Header(name = "X-Content-Type-Options", schema = @Schema(type = SchemaType.STRING, example = "nosniff")) },
            content = {
                    @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING,
                            format = "binary")),
                    @Content(mediaType = "image/*", schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "304", description = "Not modified since the tag in `If-None-Match`")
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither citizen nor officer or supervisor (`forbidden`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such document (an id that is not a UUID names "
            + "none), or not one the caller may read (`not-found`)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "416", description = "The range starts beyond the end of the file "
            + "(`range-not-satisfiable`)", headers = @Header(name = "Content-Range",
                    schema = @Schema(type = SchemaType.STRING, example = "bytes */183204")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response content(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id,
            @Parameter(description = "A tag from an earlier answer") @HeaderParam(HttpHeaders.IF_NONE_MATCH)
            String ifNoneMatch,
            @Parameter(description = "One byte range", example = "bytes=0-1023") @HeaderParam("Range") String range,
            @Parameter(description = "Serve the range only while the tag still matches")
            @HeaderParam("If-Range") String ifRange) {
        DocumentView document = documents.get(reader(), id);
        String tag = '"' + document.sha256() + '"';
        if (ETags.notModified(ifNoneMatch, tag)) {
            return Response.notModified().header(HttpHeaders.ETAG, tag).build();
        }
        long size = document.size();
        long[] span = ifRange == null || ifRange.trim().equals(tag) ? ByteRanges.parse(range, size) : null;
        if (span != null && span.length == 0) {
            throw new ProblemException(416, "range-not-satisfiable",
                    "The range lies beyond the end of the file (" + size + " bytes)");
        }
        long start = span == null ? 0 : span[0];
        long length = span == null ? size : span[1] - span[0] + 1;
        // the read was authorised (and recorded, for staff) once, by get above
        InputStream bytes = documents.bytes(id, start, length);
        StreamingOutput body = out -> copy(bytes, out, length);
        Response.ResponseBuilder response = Response.status(span == null ? 200 : 206).entity(body)
                .type(document.contentType())
                .header(HttpHeaders.ETAG, tag)
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .header("Content-Disposition", disposition(document.filename()));
        if (span != null) {
            response.header("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + size);
        }
        return response.build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.CITIZEN)
    @Operation(operationId = "deleteDocument",
            summary = "Delete a document", description = "Deletes one of the caller's documents, bytes and "
            + "metadata, unless a submitted application uses it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked token (`unauthorized`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a citizen (`forbidden`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such document of the caller's (`not-found`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A submitted application uses it (`document-in-use`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@Parameter(example = ID_EXAMPLE) @PathParam("id") UUID id) {
        documents.delete(accountId(), id);
        return Response.noContent().build();
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
    }

    private static String disposition(String filename) {
        return "attachment; filename=\"" + FileNames.asciiFallback(filename) + "\"; filename*=UTF-8''"
                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private DocumentService.Reader reader() {
        Set<String> groups = jwt.getGroups();
        if (groups.contains(Roles.CITIZEN)) {
            return new DocumentService.Owner(accountId());
        }
        Object station = jwt.getClaim(Claims.STATION);
        return new DocumentService.Staff(new DocumentAccessPolicy.StaffReader(jwt.getSubject(), Set.copyOf(groups),
                station == null ? null : station.toString()));
    }

    private UUID accountId() {
        return UUID.fromString(jwt.getSubject());
    }
}
