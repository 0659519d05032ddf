package org.errandless.audit;

import java.util.Objects;
import java.util.UUID;

/**
 * A read of a person's data by someone other than that person, to record in the access log.
 *
 * <p>The log adds when (the business clock) and the request id. Everything here is shown to the citizen, so the label
 * and purpose are plain words, e.g. label {@code 解放碑派出所 户籍民警}, purpose {@code 审核出生登记申请}.
 *
 * @param personId the register's id of the person whose data was read
 * @param accessorType who read it
 * @param accessorId opaque staff id or partner client id; required for staff and partners
 * @param accessorLabel department or station and role, in plain words
 * @param what kind of data read, e.g. {@code application}, {@code document}, {@code residency-check}
 * @param purpose why it was read
 * @param legalBasis the rule that allows the read, where one is named; optional
 */
public record AccessEntry(UUID personId, AccessorType accessorType, String accessorId, String accessorLabel,
        String what, String purpose, String legalBasis) {

    public AccessEntry {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(accessorType, "accessorType");
        EntryChecks.noPersonalData("accessor id", EntryChecks.optional("accessor id", accessorId, 128));
        if (accessorType != AccessorType.SYSTEM && (accessorId == null || accessorId.isBlank())) {
            throw new IllegalArgumentException("a " + accessorType + " accessor needs an id");
        }
        EntryChecks.required("accessor label", accessorLabel, 200);
        EntryChecks.matching("what", EntryChecks.required("what", what, 64), EntryChecks.KIND);
        EntryChecks.required("purpose", purpose, 500);
        EntryChecks.optional("legal basis", legalBasis, 500);
    }

    /** A staff member's read. */
    public static AccessEntry byStaff(UUID personId, String staffId, String label, String what, String purpose) {
        return new AccessEntry(personId, AccessorType.STAFF, staffId, label, what, purpose, null);
    }

    /** A partner department's read. */
    public static AccessEntry byPartner(UUID personId, String clientId, String label, String what, String purpose) {
        return new AccessEntry(personId, AccessorType.PARTNER, clientId, label, what, purpose, null);
    }

    /** A read by the application itself, e.g. fetching a shared material. */
    public static AccessEntry bySystem(UUID personId, String label, String what, String purpose) {
        return new AccessEntry(personId, AccessorType.SYSTEM, null, label, what, purpose, null);
    }

    /** This entry about another person (the same read showed several people's data). */
    public AccessEntry about(UUID person) {
        return new AccessEntry(person, accessorType, accessorId, accessorLabel, what, purpose, legalBasis);
    }

    /** This entry with the legal basis of the read. */
    public AccessEntry legalBasis(String basis) {
        return new AccessEntry(personId, accessorType, accessorId, accessorLabel, what, purpose, basis);
    }
}
