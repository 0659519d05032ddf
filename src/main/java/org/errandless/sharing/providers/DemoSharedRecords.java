package org.errandless.sharing.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The records the demo departments hold ({@value #RESOURCE}, consistent with the demo register): the birth of 张小满
 * to 张伟 and 李娜 (the published BIRTH_REGISTRATION example), their marriage, property records of the demo households'
 * addresses (and a second flat of 张伟 and 李娜 for an address change), no death medical certificate. Each record's
 * facts are the record without its reference; its subjects are every ID number in it.
 */
public final class DemoSharedRecords {

    /** Where the records are, on the classpath. */
    public static final String RESOURCE = "reference/demo-shared-records.json";

    private final JsonNode records;
    private final ObjectMapper json;

    private DemoSharedRecords(JsonNode records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    /** The bundled records. */
    public static DemoSharedRecords load(ObjectMapper json) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new DemoSharedRecords(json.readTree(in), json);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }

    /** The answer of the demo department to a query: the first matching record, or no record. */
    public SharedDataAnswer find(SharedDataQuery query) {
        Optional<JsonNode> match;
        if (query instanceof SharedDataQuery.BirthMedicalCertificate birth) {
            match = first("birthMedicalCertificates",
                    record -> sameName(text(record, "childName"), birth.childName())
                            && birth.childBirthDate().toString().equals(text(record, "childBirthDate"))
                            && (sameId(text(record, "motherIdNumber"), birth.parentIdNumber())
                                    || sameId(text(record, "fatherIdNumber"), birth.parentIdNumber())));
        } else if (query instanceof SharedDataQuery.DeathMedicalCertificate death) {
            match = first("deathMedicalCertificates",
                    record -> sameId(text(record, "deceasedIdNumber"), death.deceasedIdNumber()));
        } else if (query instanceof SharedDataQuery.Marriage marriage) {
            match = first("marriages",
                    record -> ids(record.get("spouses")).stream().anyMatch(id -> sameId(id, marriage.idNumber()))
                            && (marriage.spouseIdNumber() == null || ids(record.get("spouses")).stream()
                                    .anyMatch(id -> sameId(id, marriage.spouseIdNumber()))));
        } else if (query instanceof SharedDataQuery.Property property) {
            match = first("propertyRecords",
                    record -> ids(record.get("owners")).stream().anyMatch(id -> sameId(id, property.ownerIdNumber()))
                            && (property.address() == null
                                    || sameAddress(text(record, "address"), property.address())));
        } else {
            throw new IllegalArgumentException("unknown query " + query.kind());
        }
        return match.<SharedDataAnswer>map(this::found).orElseGet(SharedDataAnswer.NoRecord::new);
    }

    /** How many records of a kind there are (for tests and the startup log). */
    public int count(String kind) {
        JsonNode list = records.get(kind);
        return list == null ? 0 : list.size();
    }

    private Optional<JsonNode> first(String kind, Predicate<JsonNode> matches) {
        JsonNode list = records.get(kind);
        if (list == null) {
            return Optional.empty();
        }
        for (JsonNode record : list) {
            if (matches.test(record)) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    private SharedDataAnswer.Found found(JsonNode record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = json.convertValue(record, LinkedHashMap.class);
        String reference = (String) facts.remove("reference");
        List<String> subjects = new ArrayList<>();
        collectIdNumbers(record, subjects);
        return new SharedDataAnswer.Found(reference, facts, subjects);
    }

    private static void collectIdNumbers(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().toLowerCase(Locale.ROOT).endsWith("idnumber") && field.getValue().isTextual()) {
                    into.add(field.getValue().asText());
                } else {
                    collectIdNumbers(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectIdNumbers(element, into));
        }
    }

    private static List<String> ids(JsonNode people) {
        if (people == null || !people.isArray()) {
            return Collections.emptyList();
        }
        List<String> ids = new ArrayList<>();
        people.forEach(person -> ids.add(text(person, "idNumber")));
        return ids;
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static boolean sameId(String a, String b) {
        return a != null && b != null && a.strip().equalsIgnoreCase(b.strip());
    }

    private static boolean sameName(String a, String b) {
        return a != null && b != null && normalise(a).equals(normalise(b));
    }

    /** Addresses as people type them: Unicode-normalised (full-width digits and brackets too), blanks ignored. */
    private static boolean sameAddress(String a, String b) {
        return a != null && b != null && normalise(a).equals(normalise(b));
    }

    private static String normalise(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
