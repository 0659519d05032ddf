package org.errandless.registry.imports;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.errandless.audit.AuditActor;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.common.web.idempotency.Idempotent;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Register imports, for admins: load the population register from the public-security system's extract. */
@Path(RegisterImportResource.PATH)
@Tag(name = "Register import", description = "Loading the population register from the public-security system's "
        + "extract (JSON Lines; admins only)")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RegisterImportResource {

    static final String PATH = "/api/v1/admin/register-imports";
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    static final int REPORT_BATCH = 1000;

    static final String EXTRACT = """
            {"type":"STATION","code":"50010399","name":"渝中区示例派出所"}
            {"type":"HOUSEHOLD","key":"GA-H-000001","number":"5001039900001","householdType":"FAMILY","address":"重庆市渝中区示例路1号","station":"50010399"}
            {"type":"PERSON","key":"GA-P-000001","household":"GA-H-000001","idNumber":"500103198803120516","name":"张伟","sex":"M","birthDate":"1988-03-12","ethnicity":"汉族","relationship":"HEAD","status":"ACTIVE","mobile":"13800000001"}
            {"type":"PERSON","key":"GA-P-000002","household":"GA-H-000001","idNumber":"500103199007180424","name":"李娜","ethnicity":"汉族","relationship":"SPOUSE","status":"ACTIVE"}
            """;
    static final String QUEUED = """
            {"id":"7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47","state":"QUEUED","source":"API",\
            "sha256":"3f2a9c0d5e7b1a4c6d8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c","bytes":612,"linesRead":4,\
            "created":null,"updated":null,"unchanged":null,"rejected":null,"byType":null,\
            "createdAt":"2026-09-30T02:00:00Z","startedAt":null,"finishedAt":null,"failureCode":null,\
            "failureDetail":null}""";
    static final String SUCCEEDED = """
            {"id":"7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47","state":"SUCCEEDED","source":"API",\
            "sha256":"3f2a9c0d5e7b1a4c6d8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c","bytes":612,"linesRead":4,\
            "created":3,"updated":0,"unchanged":0,"rejected":1,"byType":{"stations":{"created":1,"updated":0,\
            "unchanged":0},"households":{"created":1,"updated":0,"unchanged":0},"persons":{"created":1,"updated":0,\
            "unchanged":0}},"createdAt":"2026-09-30T02:00:00Z","startedAt":"2026-09-30T02:00:01Z",\
            "finishedAt":"2026-09-30T02:00:02Z","failureCode":null,"failureDetail":null}""";
    static final String PAGE = "{\"items\":[" + SUCCEEDED + "],\"nextCursor\":null}";
    static final String REPORT_CSV = """
            line,code,reason
            4,id-number-invalid,"idNumber is not a valid ID number (GB 11643): bad-check-character"
            """;
    static final String REPORT_NDJSON = """
            {"line":4,"code":"id-number-invalid","reason":"idNumber is not a valid ID number (GB 11643): bad-check-character"}
            """;
    static final String NOT_FOUND = """
            {"type":"urn:errandless:problem:not-found","title":"资源不存在","status":404,\
            "detail":"Register import not found",\
            "instance":"/api/v1/admin/register-imports/7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47","code":"not-found"}""";
    static final String NOT_APPLIED = """
            {"type":"urn:errandless:problem:register-import-not-applied","title":"户籍导入尚未完成","status":409,\
            "detail":"The import is RUNNING: the report of rejected lines exists once it SUCCEEDED",\
            "instance":"/api/v1/admin/register-imports/7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47/rejections",\
            "code":"register-import-not-applied"}""";
    static final String EMPTY = """
            {"type":"urn:errandless:problem:malformed-request","title":"请求体无法解析","status":400,\
            "detail":"The body holds no records: send the register extract as JSON Lines, one record per line",\
            "instance":"/api/v1/admin/register-imports","code":"malformed-request"}""";
    static final String ID_EXAMPLE = "7d4f0c2e-5b1a-4c8e-9f3d-2a6b8c0e1f47";

    @Inject
    RegisterImportService imports;
    @Inject
    JsonWebToken jwt;
    @Inject
    ObjectMapper json;

    @POST
    @Idempotent
    @Consumes(NDJSON)
    @Operation(operationId = "importRegisterExtract",
            summary = "Import a register extract", description = "Streams the extract of the public-security "
            + "population system (stations, households, persons; JSON Lines, one record per line with a `type`, "
            + "format in the README under \"Register import\") into the register. The body is read as it arrives, "
            + "each line checked on its own and its ID and mobile numbers encrypted before anything is stored, and "
            + "staged whole or not at all; the answer is 202 with the import (QUEUED) and its `Location`, and an "
            + "instance applies it in the background: poll `GET …/register-imports/{id}` until SUCCEEDED or FAILED. "
            + "An import is idempotent (the same extract again changes nothing and reports every record unchanged); "
            + "a later extract updates what changed, each change recorded in the register's history with the "
            + "import's id. A line that breaks a rule is rejected alone, with its number and reason, never the "
            + "whole extract. Up to `errandless.register-import.max-size` (4 GiB by default), else 413. Audited "
            + "(`register.import.received`, `register.import.applied`). From a file: `curl -H 'Content-Type: "
            + "application/x-ndjson' -H 'Authorization: Bearer …' --data-binary @extract.ndjson …`, or on a server "
            + "`java -jar quarkus-run.jar import extract.ndjson`.")
    @RequestBody(required = true, content = @Content(mediaType = NDJSON,
            schema = @Schema(type = SchemaType.STRING, description = "JSON Lines: one STATION, HOUSEHOLD or "
                    + "PERSON record per line"),
            examples = @ExampleObject(name = "extract",
                    extensions = @Extension(name = "x-text-example", value = EXTRACT))))
    @APIResponse(responseCode = "202", description = "Received and queued; `Location` is the import to poll",
            headers = @Header(name = "Location", description = "URL of the import",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RegisterImportView.class),
                    examples = @ExampleObject(name = "queued", value = QUEUED)))
    @APIResponse(responseCode = "400", description = "`malformed-request`: the body holds no records, or broke off "
            + "before its end (nothing is kept)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "empty", value = EMPTY)))
    @APIResponse(responseCode = "413", description = "`payload-too-large`: larger than "
            + "`errandless.register-import.max-size` (nothing is kept)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "`unsupported-media-type`: the body is not "
            + "`application/x-ndjson`", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response create(InputStream body) {
        RegisterImportView received = imports.receive(body, RegisterImportSource.API, jwt.getSubject(), actor());
        return Response.accepted(received).location(URI.create(PATH + "/" + received.id())).build();
    }

    @GET
    @Operation(operationId = "listRegisterImports",
            summary = "List register imports", description = "Imports, newest first, in cursor pages.")
    @APIResponse(responseCode = "200", description = "One page of imports", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisterImportPage.class),
            examples = @ExampleObject(name = "page", value = PAGE)))
    public Page<RegisterImportView> list(
            @Parameter(description = "`nextCursor` of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "100", defaultValue = "20"), example = "20")
            @QueryParam("limit") String limit) {
        return imports.list(cursor, Cursors.parseLimit(limit));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getRegisterImport",
            summary = "One register import", description = "Where the import stands (QUEUED, RUNNING, "
            + "SUCCEEDED, FAILED), lines read and, once SUCCEEDED, records created, updated and unchanged (in all and "
            + "per kind) and lines rejected; timestamps of receipt, start and end.")
    @APIResponse(responseCode = "200", description = "The import", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisterImportView.class),
            examples = { @ExampleObject(name = "queued", value = QUEUED),
                    @ExampleObject(name = "succeeded", value = SUCCEEDED) }))
    @APIResponse(responseCode = "404", description = "No such import (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    public RegisterImportView get(@Parameter(description = "The import's id", example = ID_EXAMPLE)
            @PathParam("id") String id) {
        return imports.get(id(id));
    }

    @GET
    @Path("{id}/rejections")
    @Produces({ CSV, NDJSON })
    @Operation(operationId = "listRegisterImportRejections",
            summary = "Rejected lines of a register import", description = "The report of the lines an import "
            + "rejected, in line order: line number, a stable code and the reason in words (never the line's "
            + "values: no ID or phone number). CSV (`Accept: text/csv`, the default) or JSON Lines (`Accept: "
            + "application/x-ndjson`), streamed, as a download. Codes: `malformed-json`, `line-too-long`, "
            + "`unknown-type`, `missing-field`, `invalid-field`, `id-number-invalid`, `id-number-mismatch`, "
            + "`unknown-division`, `unknown-station`, `unknown-household`, `duplicate-record`, "
            + "`member-in-two-households`, `id-number-taken`, `household-number-taken`, `two-heads`, "
            + "`household-without-head`. Exists once the import SUCCEEDED: before, and for a FAILED import, 409 "
            + "`register-import-not-applied`.")
    @APIResponse(responseCode = "200", description = "The report", headers = @Header(name = "Content-Disposition",
            description = "attachment, with a file name", schema = @Schema(type = SchemaType.STRING)),
            content = { @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "csv", value = REPORT_CSV)),
                    @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING),
                            examples = @ExampleObject(name = "ndjson", extensions = @Extension(name = "x-text-example",
                                    value = REPORT_NDJSON))) })
    @APIResponse(responseCode = "404", description = "No such import (`not-found`)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "`register-import-not-applied`: the import is QUEUED, RUNNING "
            + "or FAILED", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "register-import-not-applied", value = NOT_APPLIED)))
    public Response rejections(@Parameter(description = "The import's id", example = ID_EXAMPLE)
            @PathParam("id") String id, @Context HttpHeaders headers) {
        UUID importId = id(id);
        imports.requireReport(importId);
        boolean ndjson = prefersNdjson(headers.getAcceptableMediaTypes());
        StreamingOutput report = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (!ndjson) {
                writer.write("line,code,reason\n");
            }
            long after = 0;
            while (true) {
                // each batch in a short transaction of its own: nothing is held while the client reads
                List<RegisterImportService.Rejection> batch = imports.rejections(importId, after, REPORT_BATCH);
                for (RegisterImportService.Rejection rejection : batch) {
                    if (ndjson) {
                        writer.write(json.writeValueAsString(rejection));
                        writer.write('\n');
                    } else {
                        writer.write(rejection.line() + "," + rejection.code() + "," + csv(rejection.reason()) + "\n");
                    }
                    after = rejection.line();
                }
                if (batch.size() < REPORT_BATCH) {
                    break;
                }
            }
            writer.flush();
        };
        String file = "register-import-" + importId + "-rejections." + (ndjson ? "ndjson" : "csv");
        return Response.ok(report, ndjson ? NDJSON + "; charset=UTF-8" : CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    /** JSON Lines when the client ranks it above CSV; CSV otherwise (also for a bare {@code *}/{@code *}). */
    private static boolean prefersNdjson(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("x-ndjson")) {
                return true;
            }
            if (type.isCompatible(MediaType.valueOf(CSV))) {
                return false;
            }
        }
        return false;
    }

    static String csv(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private AuditActor actor() {
        Set<String> groups = new TreeSet<>(jwt.getGroups());
        return AuditActor.staff(jwt.getSubject(), String.join(",", groups));
    }

    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            // not an id we ever issued, so there is no such import
            throw ProblemException.notFound("Register import");
        }
    }


    /** The list body, named for the spec. */
    @Schema(name = "RegisterImportPage")
    record RegisterImportPage(List<RegisterImportView> items,
            @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true)
            String nextCursor) {
    }
}
