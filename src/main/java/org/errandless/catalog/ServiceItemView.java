package org.errandless.catalog;

import org.errandless.common.security.AssuranceLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service item of the catalogue as other features and clients see it: what it needs, how long it may take and who
 * may apply.
 *
 * @param code stable code, e.g. {@code BIRTH_REGISTRATION}
 * @param name the name in Chinese and English
 * @param materials the materials it needs, in catalogue order
 * @param timeLimit the promised time limit from acceptance (0 = decided at once)
 * @param minimumAssuranceLevel the least assurance level an applicant must have
 * @param handlingMode how far it is handled online
 * @param handOverStep whether approval leaves the application APPROVED until something is handed over
 * @param formSchema the JSON Schema (draft 2020-12) of the application form; submission validates against exactly
 *        this; null for a service that defines none
 */
@Schema(name = "ServiceItem", description = "A standard service (政务服务事项) of the catalogue")
public record ServiceItemView(
        @Schema(example = "BIRTH_REGISTRATION", required = true) String code,
        @Schema(required = true) LocalisedText name,
        @Schema(required = true) List<MaterialView> materials,
        @Schema(required = true) TimeLimit timeLimit,
        @Schema(example = "L2", required = true) AssuranceLevel minimumAssuranceLevel,
        @Schema(example = "FULLY_ONLINE", required = true) HandlingMode handlingMode,
        @Schema(description = "true: approval leaves the application APPROVED until the result (e.g. the ID card) is "
                + "handed over, then COMPLETED", example = "false", required = true) boolean handOverStep,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The application form (`form` of `POST /applications`) as a JSON Schema, draft 2020-12: "
                + "`properties` (each with a Chinese `title`, a `description`, and its type, format, enum or "
                + "length limits), `required`, `additionalProperties: false`. Submission validates the form "
                + "against exactly this schema (422 `form-invalid`, one `invalidParams` entry per field, `name` = "
                + "the field) plus the date rules its `description` states (e.g. a birth date not in the future). "
                + "`examples[0]` is a valid form for the demo household of 张伟; the `description` says who its "
                + "applicant is. Left out for a service without a form.",
                type = SchemaType.OBJECT, nullable = true) Map<String, Object> formSchema) {

    /** The service is decided at once on submission (time limit 0). */
    @JsonIgnore
    public boolean isInstant() {
        return timeLimit.amount() == 0;
    }

    /** The material with this code, if the service needs it. */
    @JsonIgnore
    public Optional<MaterialView> material(String materialCode) {
        return materials.stream().filter(material -> material.code().equals(materialCode)).findFirst();
    }

    /**
     * What must be satisfied to submit: one entry per required material, alternatives of a {@code oneOfGroup}
     * together in one entry (any one of them satisfies it).
     */
    @JsonIgnore
    public List<List<MaterialView>> requiredGroups() {
        Map<String, List<MaterialView>> groups = new LinkedHashMap<>();
        for (MaterialView material : materials) {
            String key = material.oneOfGroup() == null ? "material:" + material.code() : "group:" + material.oneOfGroup();
            groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(material);
        }
        return groups.values().stream().filter(group -> group.stream().anyMatch(MaterialView::required))
                .map(List::copyOf).toList();
    }

    /**
     * A material a service needs.
     *
     * @param code stable code, e.g. {@code BIRTH_MEDICAL_CERTIFICATE}
     * @param name the name in Chinese and English
     * @param source where the evidence comes from
     * @param sourceDepartment for SHARED materials, the partner department; otherwise null
     * @param required whether it (or, in a group, one of its alternatives) must be there to submit
     * @param oneOfGroup materials of a service with the same group are alternatives; null when it stands alone
     */
    @Schema(name = "Material", description = "A material (evidence) a service needs")
    public record MaterialView(
            @Schema(example = "BIRTH_MEDICAL_CERTIFICATE", required = true) String code,
            @Schema(required = true) LocalisedText name,
            @Schema(example = "SHARED", required = true) MaterialSource source,
            @Schema(example = "HEALTH", nullable = true,
                    description = "For SHARED materials the partner department it is fetched from, otherwise null")
            SourceDepartment sourceDepartment,
            @Schema(example = "true", required = true) boolean required,
            @Schema(example = "SETTLEMENT_BASIS", nullable = true,
                    description = "Materials of a service with the same group are alternatives: any one satisfies "
                            + "the group")
            String oneOfGroup) {
    }

    /**
     * A promised time limit (承诺时限).
     *
     * @param amount how many days; 0 = decided at once
     * @param unit how the days are counted
     */
    @Schema(name = "TimeLimit", description = "Promised time limit from acceptance; amount 0 means decided at once")
    public record TimeLimit(
            @Schema(example = "5", minimum = "0", required = true) int amount,
            @Schema(example = "WORKING_DAYS", required = true) CountingUnit unit) {
    }
}
