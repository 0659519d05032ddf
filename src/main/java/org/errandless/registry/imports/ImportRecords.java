package org.errandless.registry.imports;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.errandless.common.validation.MainlandMobile;
import org.errandless.registry.HouseholdType;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonStatus;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads one line of a register extract into an {@link ImportRecord}: a flat JSON object with a {@code type} and the
 * fields of that type (README, "Register import"). Unknown fields are ignored, so the source system may send more.
 * Everything that can be checked on the line alone is checked here: JSON, type, required fields, lengths, codes, the
 * ID number (GB 11643), sex and birth date against it, the mobile number. A failure is a {@link ImportRecord.Rejected}
 * whose reason names fields and rules, never a value of the line.
 *
 * <p>Thread-safe.
 */
final class ImportRecords {

    /** Stable codes of the rejection report (the cross-line ones are in {@link RegisterMerge}). */
    static final String MALFORMED_JSON = "malformed-json";
    static final String LINE_TOO_LONG = "line-too-long";
    static final String UNKNOWN_TYPE = "unknown-type";
    static final String MISSING_FIELD = "missing-field";
    static final String INVALID_FIELD = "invalid-field";
    static final String ID_NUMBER_INVALID = "id-number-invalid";
    static final String ID_NUMBER_MISMATCH = "id-number-mismatch";

    static final int MAX_KEY = 64;
    static final int MAX_STATION_NAME = 128;
    static final int MAX_PERSON_NAME = 64;
    static final int MAX_NUMBER = 20;
    static final int MAX_ADDRESS = 256;
    static final int MAX_ETHNICITY = 32;

    private static final Pattern STATION_CODE = Pattern.compile("[0-9]{8}");
    private static final Pattern HOUSEHOLD_NUMBER = Pattern.compile("[0-9A-Za-z-]{1," + MAX_NUMBER + "}");
    // keys are stored in clear: one that looks like an ID number or a phone number is refused
    private static final Pattern PERSONAL_NUMBER = Pattern
            .compile("(?i)(?<!\\d)(\\d{17}[\\dx]|(\\+?86)?1[3-9]\\d{9})(?![\\dx])");
    private static final Set<String> FIELDS = Set.of("type", "code", "name", "key", "number", "householdType",
            "address", "station", "household", "idNumber", "sex", "birthDate", "ethnicity", "relationship", "status",
            "mobile");

    private final JsonFactory json;

    ImportRecords() {
        this.json = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** A line the reader found longer than allowed. */
    static ImportRecord.Rejected tooLong(long maxLength) {
        return new ImportRecord.Rejected(LINE_TOO_LONG, "The line is longer than " + maxLength + " bytes");
    }

    /**
     * @param today the business date: an ID number with a later birth date is invalid
     */
    ImportRecord parse(byte[] bytes, int length, LocalDate today) {
        return parse(bytes, 0, length, today);
    }

    /** {@link #parse(byte[], int, LocalDate)} of the line at {@code offset}. */
    ImportRecord parse(byte[] bytes, int offset, int length, LocalDate today) {
        Map<String, String> fields;
        try {
            fields = fields(bytes, offset, length);
        } catch (NotFlat e) {
            return new ImportRecord.Rejected(INVALID_FIELD, "Field " + e.getMessage()
                    + " must be a plain value (no object, array or NUL character)");
        } catch (IOException | RuntimeException e) {
            // the parser's message may quote the line: only say what is wrong in general
            return new ImportRecord.Rejected(MALFORMED_JSON, "The line is not one JSON object");
        }
        if (fields == null) {
            return new ImportRecord.Rejected(MALFORMED_JSON, "The line is not one JSON object");
        }
        String type = fields.get("type");
        if (type == null) {
            return missing(List.of("type"));
        }
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "STATION" -> station(fields);
            case "HOUSEHOLD" -> household(fields);
            case "PERSON" -> person(fields, today);
            default -> new ImportRecord.Rejected(UNKNOWN_TYPE, "type must be STATION, HOUSEHOLD or PERSON");
        };
    }

    private static ImportRecord station(Map<String, String> fields) {
        List<String> missing = missing(fields, "code", "name");
        if (!missing.isEmpty()) {
            return missing(missing);
        }
        String code = fields.get("code");
        if (!STATION_CODE.matcher(code).matches()) {
            return invalid("code must be 8 digits (the division's 6 and 2 more)");
        }
        String name = fields.get("name");
        if (name.length() > MAX_STATION_NAME) {
            return tooLong("name", MAX_STATION_NAME);
        }
        return new ImportRecord.Station(code, name);
    }

    private static ImportRecord household(Map<String, String> fields) {
        List<String> missing = missing(fields, "key", "number", "householdType", "address", "station");
        if (!missing.isEmpty()) {
            return missing(missing);
        }
        ImportRecord.Rejected badKey = checkKey("key", fields.get("key"));
        if (badKey != null) {
            return badKey;
        }
        String number = fields.get("number");
        if (!HOUSEHOLD_NUMBER.matcher(number).matches()) {
            return invalid("number must be 1 to " + MAX_NUMBER + " letters, digits or hyphens");
        }
        HouseholdType type = enumOf(HouseholdType.class, fields.get("householdType"));
        if (type == null) {
            return invalid("householdType must be FAMILY or COLLECTIVE");
        }
        String address = fields.get("address");
        if (address.length() > MAX_ADDRESS) {
            return tooLong("address", MAX_ADDRESS);
        }
        String station = fields.get("station");
        if (!STATION_CODE.matcher(station).matches()) {
            return invalid("station must be a station code of 8 digits");
        }
        return new ImportRecord.Household(fields.get("key"), number, type, address, station);
    }

    private static ImportRecord person(Map<String, String> fields, LocalDate today) {
        List<String> missing = missing(fields, "key", "household", "idNumber", "name", "ethnicity", "relationship",
                "status");
        if (!missing.isEmpty()) {
            return missing(missing);
        }
        ImportRecord.Rejected badKey = checkKey("key", fields.get("key"));
        if (badKey == null) {
            badKey = checkKey("household", fields.get("household"));
        }
        if (badKey != null) {
            return badKey;
        }
        IdNumbers.Validation id = IdNumbers.validate(fields.get("idNumber"), today);
        if (!id.valid()) {
            return new ImportRecord.Rejected(ID_NUMBER_INVALID,
                    "idNumber is not a valid ID number (GB 11643): " + id.reason().code());
        }
        String name = fields.get("name");
        if (name.length() > MAX_PERSON_NAME) {
            return tooLong("name", MAX_PERSON_NAME);
        }
        String ethnicity = fields.get("ethnicity");
        if (ethnicity.length() > MAX_ETHNICITY) {
            return tooLong("ethnicity", MAX_ETHNICITY);
        }
        Relationship relationship = enumOf(Relationship.class, fields.get("relationship"));
        if (relationship == null) {
            return invalid("relationship must be one of " + List.of(Relationship.values()));
        }
        PersonStatus status = enumOf(PersonStatus.class, fields.get("status"));
        if (status == null) {
            return invalid("status must be ACTIVE, MOVED_OUT or DECEASED");
        }
        Sex sex = IdNumbers.sexOf(id.idNumber());
        if (fields.get("sex") != null) {
            Sex given = enumOf(Sex.class, fields.get("sex"));
            if (given == null) {
                return invalid("sex must be M or F");
            }
            if (given != sex) {
                return new ImportRecord.Rejected(ID_NUMBER_MISMATCH, "sex does not match the ID number");
            }
        }
        LocalDate birthDate = IdNumbers.birthDateOf(id.idNumber());
        if (fields.get("birthDate") != null) {
            LocalDate given;
            try {
                given = LocalDate.parse(fields.get("birthDate"));
            } catch (DateTimeParseException e) {
                return invalid("birthDate must be a date (YYYY-MM-DD)");
            }
            if (!given.equals(birthDate)) {
                return new ImportRecord.Rejected(ID_NUMBER_MISMATCH, "birthDate does not match the ID number");
            }
        }
        String mobile = null;
        if (fields.get("mobile") != null) {
            mobile = MainlandMobile.national(fields.get("mobile")).orElse(null);
            if (mobile == null) {
                return invalid("mobile must be a mainland mobile number (11 digits, or +86 and 11 digits)");
            }
        }
        return new ImportRecord.Person(fields.get("key"), fields.get("household"), id.idNumber(), name, sex,
                birthDate, ethnicity, relationship, status, mobile);
    }

    /**
     * The known fields of a flat JSON object, stripped, blank ones as absent; null when the line is not one object.
     *
     * @throws NotFlat naming a known field whose value is an object or array
     */
    private Map<String, String> fields(byte[] bytes, int offset, int length) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = json.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    if (FIELDS.contains(name)) {
                        throw new NotFlat(name);
                    }
                    parser.skipChildren();
                    continue;
                }
                if (!FIELDS.contains(name) || value == JsonToken.VALUE_NULL) {
                    continue;
                }
                String text = parser.getText().strip();
                if (text.indexOf('\u0000') >= 0) {
                    throw new NotFlat(name);
                }
                if (!text.isEmpty()) {
                    fields.put(name, text);
                }
            }
            if (parser.nextToken() != null) {
                return null;
            }
        }
        return fields;
    }

    private static List<String> missing(Map<String, String> fields, String... required) {
        List<String> missing = new ArrayList<>();
        for (String field : required) {
            if (fields.get(field) == null) {
                missing.add(field);
            }
        }
        return missing;
    }

    private static ImportRecord.Rejected missing(List<String> fields) {
        return new ImportRecord.Rejected(MISSING_FIELD, "Missing " + String.join(", ", fields));
    }

    private static ImportRecord.Rejected invalid(String detail) {
        return new ImportRecord.Rejected(INVALID_FIELD, detail);
    }

    private static ImportRecord.Rejected tooLong(String field, int max) {
        return invalid(field + " is longer than " + max + " characters");
    }

    private static ImportRecord.Rejected checkKey(String field, String key) {
        if (key.length() > MAX_KEY) {
            return tooLong(field, MAX_KEY);
        }
        if (PERSONAL_NUMBER.matcher(key).find()) {
            return invalid(field + " must not contain an ID number or a phone number (keys are stored in clear)");
        }
        return null;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A known field holding an object, an array or a NUL character. */
    private static final class NotFlat extends IOException {
        NotFlat(String field) {
            super(field, null);
        }
    }
}
