package org.errandless.sharing.providers;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.errandless.catalog.SourceDepartment;
import org.errandless.common.crypto.PersonalDataMasks;

/**
 * A question to a partner department: which record we want and what identifies it. ID numbers are carried in full
 * (the department needs them) but never printed: {@code toString} masks them.
 */
public sealed interface SharedDataQuery {

    /** The department that holds such records. */
    SourceDepartment department();

    /** The kind of record, also the path of the http adapter's endpoint, e.g. {@code birth-medical-certificates}. */
    String kind();

    /** The query's fields as the http adapter sends them. */
    Map<String, Object> fields();

    /**
     * A birth medical certificate (出生医学证明): the newborn's name and birth date and one parent's ID number.
     */
    record BirthMedicalCertificate(String childName, LocalDate childBirthDate, String parentIdNumber)
            implements SharedDataQuery {

        public BirthMedicalCertificate {
            Objects.requireNonNull(childName, "childName");
            Objects.requireNonNull(childBirthDate, "childBirthDate");
            Objects.requireNonNull(parentIdNumber, "parentIdNumber");
        }

        @Override
        public SourceDepartment department() {
            return SourceDepartment.HEALTH;
        }

        @Override
        public String kind() {
            return "birth-medical-certificates";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("childName", childName);
            fields.put("childBirthDate", childBirthDate.toString());
            fields.put("parentIdNumber", parentIdNumber);
            return fields;
        }

        @Override
        public String toString() {
            return "BirthMedicalCertificate[" + childBirthDate + ", parent " + PersonalDataMasks.idNumber(
                    parentIdNumber) + "]";
        }
    }

    /** A death medical certificate (死亡医学证明): the deceased's ID number. */
    record DeathMedicalCertificate(String deceasedIdNumber) implements SharedDataQuery {

        public DeathMedicalCertificate {
            Objects.requireNonNull(deceasedIdNumber, "deceasedIdNumber");
        }

        @Override
        public SourceDepartment department() {
            return SourceDepartment.HEALTH;
        }

        @Override
        public String kind() {
            return "death-medical-certificates";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("deceasedIdNumber", deceasedIdNumber);
            return fields;
        }

        @Override
        public String toString() {
            return "DeathMedicalCertificate[" + PersonalDataMasks.idNumber(deceasedIdNumber) + "]";
        }
    }

    /**
     * A marriage record (婚姻登记): by one spouse's ID number; when the register knows the other spouse, the record must
     * be with them.
     *
     * @param spouseIdNumber the other spouse as the register has them; null when it does not know one
     */
    record Marriage(String idNumber, String spouseIdNumber) implements SharedDataQuery {

        public Marriage {
            Objects.requireNonNull(idNumber, "idNumber");
        }

        @Override
        public SourceDepartment department() {
            return SourceDepartment.CIVIL_AFFAIRS;
        }

        @Override
        public String kind() {
            return "marriages";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("idNumber", idNumber);
            if (spouseIdNumber != null) {
                fields.put("spouseIdNumber", spouseIdNumber);
            }
            return fields;
        }

        @Override
        public String toString() {
            return "Marriage[" + PersonalDataMasks.idNumber(idNumber) + ", " + PersonalDataMasks.idNumber(
                    spouseIdNumber) + "]";
        }
    }

    /**
     * A property record (不动产权证): by an owner's ID number, and where the matter is about one place (the receiving
     * household of a move, the new address of an address change) by its address.
     *
     * @param address the property's address; null for any property of the owner
     */
    record Property(String ownerIdNumber, String address) implements SharedDataQuery {

        public Property {
            Objects.requireNonNull(ownerIdNumber, "ownerIdNumber");
        }

        @Override
        public SourceDepartment department() {
            return SourceDepartment.HOUSING;
        }

        @Override
        public String kind() {
            return "property-records";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ownerIdNumber", ownerIdNumber);
            if (address != null) {
                fields.put("address", address);
            }
            return fields;
        }

        @Override
        public String toString() {
            return "Property[" + PersonalDataMasks.idNumber(ownerIdNumber) + ", " + address + "]";
        }
    }
}
