package org.errandless.registry;

import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A registered household (户). Members refer to it by id; the head is one of them.
 *
 * <p>Changes go through the named methods; the caller records each in the history.
 */
@Entity
@Table(name = "household")
class Household {

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "household_number", nullable = false, unique = true)
    private String householdNumber;

    @Enumerated(EnumType.STRING)
    @Column(name = "type", nullable = false)
    private HouseholdType type;

    @Column(name = "address", nullable = false)
    private String address;

    @Column(name = "station_code", nullable = false)
    private String stationCode;

    @Column(name = "head_person_id")
    private UUID headPersonId;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Household() {
    }

    Household(UUID id, String householdNumber, HouseholdType type, String address, String stationCode) {
        this.id = Objects.requireNonNull(id);
        this.householdNumber = Objects.requireNonNull(householdNumber);
        this.type = Objects.requireNonNull(type);
        this.address = Objects.requireNonNull(address);
        this.stationCode = Objects.requireNonNull(stationCode);
    }

    UUID id() {
        return id;
    }

    String householdNumber() {
        return householdNumber;
    }

    HouseholdType type() {
        return type;
    }

    String address() {
        return address;
    }

    String stationCode() {
        return stationCode;
    }

    UUID headPersonId() {
        return headPersonId;
    }

    boolean isHead(UUID personId) {
        return personId.equals(headPersonId);
    }

    /** @return whether anything changed */
    boolean changeAddress(String newAddress) {
        if (address.equals(newAddress)) {
            return false;
        }
        address = newAddress;
        return true;
    }

    void designateHead(UUID personId) {
        headPersonId = personId;
    }

    /** A household without active members has no head. */
    void clearHead() {
        headPersonId = null;
    }

    String summary() {
        return Summary.of("household", householdNumber, "station", stationCode, "address", address, "head",
                headPersonId);
    }
}
