package org.errandless.registry;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.errandless.common.problem.ProblemException;

/**
 * A registered resident (人口). The ID number is held only encrypted plus its blind index (see
 * {@code PersonalDataProtector}); there is deliberately no {@code toString} and no plaintext field.
 *
 * <p>State changes are named methods that refuse what the current status does not allow.
 */
@Entity
@Table(name = "person")
class Person {

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "household_id", nullable = false)
    private UUID householdId;

    @Column(name = "id_number_cipher", nullable = false)
    private String idNumberCipher;

    @Column(name = "id_number_hash", nullable = false, unique = true)
    private String idNumberHash;

    @Column(name = "name", nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "sex", nullable = false)
    private Sex sex;

    @Column(name = "birth_date", nullable = false)
    private LocalDate birthDate;

    @Column(name = "ethnicity", nullable = false)
    private String ethnicity;

    @Enumerated(EnumType.STRING)
    @Column(name = "relationship", nullable = false)
    private Relationship relationship;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private PersonStatus status;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Person() {
    }

    Person(UUID id, UUID householdId, String idNumberCipher, String idNumberHash, String name, Sex sex,
            LocalDate birthDate, String ethnicity, Relationship relationship) {
        this.id = Objects.requireNonNull(id);
        this.householdId = Objects.requireNonNull(householdId);
        this.idNumberCipher = Objects.requireNonNull(idNumberCipher);
        this.idNumberHash = Objects.requireNonNull(idNumberHash);
        this.name = Objects.requireNonNull(name);
        this.sex = Objects.requireNonNull(sex);
        this.birthDate = Objects.requireNonNull(birthDate);
        this.ethnicity = Objects.requireNonNull(ethnicity);
        this.relationship = Objects.requireNonNull(relationship);
        this.status = PersonStatus.ACTIVE;
    }

    UUID id() {
        return id;
    }

    UUID householdId() {
        return householdId;
    }

    String idNumberCipher() {
        return idNumberCipher;
    }

    String idNumberHash() {
        return idNumberHash;
    }

    String name() {
        return name;
    }

    Sex sex() {
        return sex;
    }

    LocalDate birthDate() {
        return birthDate;
    }

    Relationship relationship() {
        return relationship;
    }

    PersonStatus status() {
        return status;
    }

    boolean isActive() {
        return status == PersonStatus.ACTIVE;
    }

    /** Joins another household, in the given relationship to its head. */
    void moveTo(UUID targetHouseholdId, Relationship relationshipToHead) {
        requireActive("move");
        if (householdId.equals(targetHouseholdId)) {
            throw ProblemException.conflict("invalid-transition", "The person already belongs to that household");
        }
        householdId = targetHouseholdId;
        relationship = relationshipToHead;
    }

    void markDeceased() {
        requireActive("deregister");
        status = PersonStatus.DECEASED;
    }

    void becomeHead() {
        requireActive("make head");
        relationship = Relationship.HEAD;
    }

    /** The history's view of this person: never the ID number itself. */
    String summary(String householdNumber) {
        return Summary.of("household", householdNumber, "name", name, "relationship", relationship, "status", status);
    }

    PersonView view(String maskedIdNumber) {
        return new PersonView(id, maskedIdNumber, name, sex, birthDate, ethnicity, relationship, status, householdId);
    }

    private void requireActive(String action) {
        if (!isActive()) {
            throw ProblemException.conflict("invalid-transition",
                    "Cannot " + action + " a person whose status is " + status);
        }
    }
}
