package org.errandless.registry.imports;

import java.time.LocalDate;

import org.errandless.registry.HouseholdType;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;

/**
 * One line of a register extract, valid on its own (the rules across lines run later, in SQL over the staging
 * table). Holds personal data in clear: never log one; {@code toString} masks.
 */
sealed interface ImportRecord {

    /** A police station (派出所); its key is its code, whose first six digits are its division. */
    record Station(String code, String name) implements ImportRecord {
    }

    /** A household (户): the source system's key, the household number (户号), and the station that keeps it. */
    record Household(String key, String number, HouseholdType type, String address, String stationCode)
            implements ImportRecord {
    }

    /**
     * A person (人口) of a household (by the household's key), with the ID number and optional mobile number in clear
     * (protected before they leave the JVM).
     */
    record Person(String key, String householdKey, String idNumber, String name, Sex sex, LocalDate birthDate,
            String ethnicity, Relationship relationship, PersonStatus status, String mobile) implements ImportRecord {

        @Override
        public String toString() {
            return "Person[" + key + ", " + IdNumbers.mask(idNumber) + ", " + relationship + ", " + status + "]";
        }
    }

    /** A line rejected on its own: a stable code and a reason in words that never repeat the line's values. */
    record Rejected(String code, String detail) implements ImportRecord {
    }
}
