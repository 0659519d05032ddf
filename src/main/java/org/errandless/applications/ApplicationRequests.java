package org.errandless.applications;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** Request bodies of the application endpoints. */
public final class ApplicationRequests {

    private ApplicationRequests() {
    }

    /** Start an application. */
    @Schema(name = "CreateApplication")
    public record Create(
            @Schema(example = "BIRTH_REGISTRATION", required = true) @NotBlank @Size(max = 64) String serviceCode,
            @Schema(type = SchemaType.OBJECT, nullable = true, description = "The form so far (fields per service); "
                    + "checked only at submission", example = "{\"childName\": \"张小满\", \"childSex\": \"F\"}")
            JsonNode form,
            @Schema(nullable = true, example = "5b1c7e2a-0d4f-4a8e-b3c6-9f2e1d0a7b45", description = "Apply for "
                    + "another person of the register: the `id` of a child under 16 of the caller's household (as "
                    + "`GET /me/household` lists its members; the caller is the child's parent by the register), or "
                    + "the `principalPersonId` of an ACTIVE 代办 authorisation the caller holds for this service "
                    + "(`GET /me/authorisations`). The service's rules are then checked for that person; the caller "
                    + "keeps the application. Omitted or the caller's own person: for oneself") UUID onBehalfOf) {
    }

    /** Attach an uploaded document as a material. */
    @Schema(name = "AttachMaterial")
    public record Attach(
            @Schema(example = "ID_PHOTO", required = true) @NotBlank @Size(max = 64) String materialCode,
            @Schema(example = "7d3f4c2a-1b5e-4e8f-9c6d-2a1b3c4d5e6f", required = true) @NotNull UUID documentId) {
    }

    /** Submit (or resubmit after a supplement request). */
    @Schema(name = "SubmitApplication")
    public record Submit(
            @Schema(example = "true", description = "Consent to fetch SHARED materials from the partner departments "
                    + "that hold them; needed only where a required material can be had no other way")
            Boolean consentToDataSharing) {
    }

    /** A transition with an optional comment (the citizen sees it) and an optional internal note (staff only). */
    @Schema(name = "TransitionComment")
    public record Comment(
            @Schema(example = "材料齐全，予以受理", nullable = true) @Size(max = 1000) String comment,
            @Schema(example = "已电话核实", nullable = true, description = "Officers only: a note only staff see")
            @Size(max = 1000) String internalNote) {
    }

    /** A rejection: the reason, and from ACCEPTED also the legal basis. */
    @Schema(name = "Rejection")
    public record Reject(
            @Schema(example = "申请人不是新生儿的父母", required = true) @NotBlank @Size(max = 1000) String reason,
            @Schema(example = "《重庆市户口迁移登记规定》第五条", nullable = true,
                    description = "Required when rejecting an ACCEPTED application") @Size(max = 500) String legalBasis,
            @Schema(nullable = true) @Size(max = 1000) String internalNote) {
    }

    /** A suspension with its reason. */
    @Schema(name = "Suspension")
    public record Suspend(
            @Schema(example = "需实地核查", required = true) @NotBlank @Size(max = 1000) String reason,
            @Schema(nullable = true) @Size(max = 1000) String internalNote) {
    }

    /** The single, complete supplement request. */
    @Schema(name = "SupplementRequestBody")
    public record RequestSupplement(
            @Schema(example = "[\"ID_PHOTO\"]", required = true) @NotEmpty @Size(max = 20)
            List<@NotBlank @Size(max = 64) String> missingMaterials,
            @Schema(example = "请补充近期免冠证件照", nullable = true) @Size(max = 1000) String comment,
            @Schema(nullable = true) @Size(max = 1000) String internalNote) {
    }
}
