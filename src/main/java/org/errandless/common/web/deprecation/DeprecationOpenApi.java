package org.errandless.common.web.deprecation;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Shows the retirements of {@link ApiDeprecations} in the published spec: the operation is {@code deprecated}, its
 * description ends with the dates and the migration note, and each of its answers declares the {@code Deprecation},
 * {@code Sunset} and {@code Link} headers {@link DeprecationHeaders} sends.
 */
public final class DeprecationOpenApi {

    private DeprecationOpenApi() {
    }

    /** Marks every operation of the spec that {@code retirements} names. */
    public static void document(OpenAPI openAPI, Map<String, Retirement> retirements) {
        if (retirements.isEmpty() || openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                Retirement retirement = operation.getOperationId() == null
                        ? null : retirements.get(operation.getOperationId());
                if (retirement != null) {
                    mark(operation, retirement);
                }
            }
        }
    }

    private static void mark(Operation operation, Retirement retirement) {
        operation.setDeprecated(true);
        String note = "**Deprecated** since " + retirement.deprecatedOn() + "; answers until its sunset on "
                + retirement.sunsetOn() + ". What to use instead: " + retirement.link() + ".";
        operation.setDescription(operation.getDescription() == null || operation.getDescription().isBlank()
                ? note : operation.getDescription() + "\n\n" + note);
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
            if (response.getRef() != null) {
                continue;
            }
            response.addHeader("Deprecation", header("When this operation was deprecated (RFC 9745): `@` and "
                    + "seconds since the epoch.", retirement.deprecationHeader()));
            response.addHeader("Sunset", header("From when this operation may stop answering (RFC 8594).",
                    retirement.sunsetHeader()));
            response.addHeader("Link", header("The migration note, `rel=\"deprecation\"` (RFC 9745).",
                    retirement.linkHeader()));
        }
    }

    private static Header header(String description, String example) {
        return OASFactory.createHeader().description(description).required(true).example(example)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
