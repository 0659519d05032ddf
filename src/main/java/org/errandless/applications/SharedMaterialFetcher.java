package org.errandless.applications;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.errandless.catalog.SourceDepartment;

/**
 * Fetches a SHARED material (e.g. a birth medical certificate) from the partner department that holds it, for an
 * application being submitted with the citizen's consent (SPI: "Information runs the errands" implements it, so the
 * dependency points from sharing to applications and never back).
 *
 * <p>Until an implementation exists, {@link NoSharedMaterialFetcher} answers every request with
 * {@link Unavailable}, and the citizen uploads the material instead.
 *
 * <p>The lifecycle calls it with no transaction open and no database connection held, because the department may
 * take seconds to answer; an implementation keeps its own database work (the register's facts it builds the query
 * from, the access records of the fetch) in short transactions of its own, before and after the remote call, and holds
 * nothing across it. It records each query sent in the access log of every registered person it is about.
 */
public interface SharedMaterialFetcher {

    /**
     * What to fetch.
     *
     * @param applicationId the application being submitted
     * @param serviceCode its service
     * @param materialCode the SHARED material, e.g. {@code BIRTH_MEDICAL_CERTIFICATE}
     * @param department the department that holds it
     * @param applicantPersonId the register's person of the applicant
     * @param form the application's form (e.g. the newborn's name and birth date, the deceased person's id)
     */
    record Request(UUID applicationId, String serviceCode, String materialCode, SourceDepartment department,
            UUID applicantPersonId, JsonNode form) {
    }

    /** The answer: the evidence, or why there is none. */
    sealed interface Result permits Fetched, Unavailable {
    }

    /**
     * Evidence obtained from the source.
     *
     * @param reference the source's own reference of the record (e.g. the certificate number)
     * @param retrievedAt when it was obtained
     * @param digest {@code sha256:<hex>} over the canonical form of {@code evidence}, so later tampering shows
     * @param evidence the facts the source confirmed, shown to the officer (field name to value)
     * @param subjects the register's people the evidence names (it shows them masked), so that an officer's read of
     *        the application is recorded for each of them
     */
    record Fetched(String reference, Instant retrievedAt, String digest, Map<String, Object> evidence,
            Set<UUID> subjects) implements Result {

        public Fetched {
            subjects = subjects == null ? Set.of() : Set.copyOf(subjects);
        }

        /** Evidence that names nobody of the register. */
        public Fetched(String reference, Instant retrievedAt, String digest, Map<String, Object> evidence) {
            this(reference, retrievedAt, digest, evidence, Set.of());
        }
    }

    /**
     * No evidence: the source is down, timed out or has no matching record. The citizen may upload the material.
     *
     * @param reason {@code source-unavailable} or {@code no-record}
     * @param detail plain words for the citizen
     */
    record Unavailable(String reason, String detail) implements Result {
    }

    /**
     * Fetches one material; never throws for a source's failure (that is {@link Unavailable}). Called outside any
     * transaction (see above).
     */
    Result fetch(Request request);
}
