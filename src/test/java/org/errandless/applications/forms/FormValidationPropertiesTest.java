package org.errandless.applications.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.errandless.common.problem.Problem;

/**
 * Properties of form validation over thousands of seeded random cases, on the schemas exactly as shipped: a random
 * valid form of any service validates, and each single mutation of it (a required field missing, a value outside
 * its enum, a text too long, a date in the future, a field the form does not have, a wrong type, a malformed date)
 * is reported once, under the field's own name, with the right code.
 */
class FormValidationPropertiesTest {

    private static final int CASES = 3000;
    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);
    private static final String CJK = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢"
            + "蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔"
            + "贺赖龚文重庆市渝中区路号栋单元室小满";
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final CatalogServiceRules RULES = ShippedForms.rules();

    enum Mutation {
        NONE, MISSING, WRONG_ENUM, TOO_LONG, FUTURE_DATE, UNKNOWN_FIELD, WRONG_TYPE, MALFORMED_DATE
    }

    /** One random case: a valid form of a service and one mutation of it with the one problem it must cause. */
    record Case(int index, String service, Mutation mutation, JsonNode form, String field, String code) {
        @Override
        public String toString() {
            return "#" + index + " " + service + " " + mutation + (field == null ? "" : " " + field) + " " + form;
        }
    }

    static Stream<Case> cases() {
        Random random = new Random(20261128);
        List<String> services = ShippedForms.codes();
        List<Case> cases = new ArrayList<>(CASES);
        for (int i = 0; i < CASES; i++) {
            String service = services.get(random.nextInt(services.size()));
            Map<String, Object> schema = ShippedForms.schema(service);
            ObjectNode form = validForm(service, schema, random);
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            cases.add(mutate(i, service, schema, form, mutation, random));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachMutationIsReportedOnceUnderTheFieldsNameWithItsCode(Case c) {
        List<Problem.InvalidParam> problems = RULES.validate(ShippedForms.service(c.service()), c.form());
        List<String> found = problems.stream().map(problem -> problem.name() + ":" + problem.code()).toList();
        List<String> expected = c.mutation() == Mutation.NONE ? List.of() : List.of(c.field() + ":" + c.code());
        assertEquals(expected, found, c.toString());
        problems.forEach(problem -> assertEquals(false, problem.reason().isBlank(), c.toString()));
    }

    // ---- random valid forms, from the schema --------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static ObjectNode validForm(String service, Map<String, Object> schema, Random random) {
        ObjectNode form = ShippedForms.JSON.createObjectNode();
        List<String> required = (List<String>) schema.get("required");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        properties.forEach((field, fieldSchema) -> {
            if (required.contains(field) || random.nextBoolean()) {
                form.put(field, validValue(service, field, fieldSchema, random));
            }
        });
        return form;
    }

    private static String validValue(String service, String field, Map<String, Object> fieldSchema, Random random) {
        if (fieldSchema.get("enum") instanceof List<?> values) {
            return String.valueOf(values.get(random.nextInt(values.size())));
        }
        Object format = fieldSchema.get("format");
        if ("date".equals(format)) {
            // a birth within the last year (both ends included), a death any time up to today
            int span = field.equals("childBirthDate") ? 366 : 30_000;
            return TODAY.minusDays(random.nextInt(span)).toString();
        }
        if ("uuid".equals(format)) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
        int max = ((Number) fieldSchema.get("maxLength")).intValue();
        return text(fieldSchema, 1 + random.nextInt(max), random);
    }

    /** A non-blank text of this length fitting the field's pattern (alphanumeric where it asks for that). */
    private static String text(Map<String, Object> fieldSchema, int length, Random random) {
        boolean alphanumeric = String.valueOf(fieldSchema.get("pattern")).contains("A-Za-z");
        String alphabet = alphanumeric ? ALNUM : CJK;
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            boolean blank = !alphanumeric && i > 0 && i < length - 1 && random.nextInt(10) == 0;
            text.append(blank ? ' ' : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    // ---- mutations ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Case mutate(int index, String service, Map<String, Object> schema, ObjectNode form,
            Mutation mutation, Random random) {
        List<String> required = (List<String>) schema.get("required");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        List<String> fields = new ArrayList<>(properties.keySet());
        switch (mutation) {
            case MISSING -> {
                String field = pick(required, random);
                form.remove(field);
                return new Case(index, service, mutation, form, field, "required");
            }
            case WRONG_ENUM -> {
                List<String> enums = fields.stream().filter(f -> properties.get(f).containsKey("enum")).toList();
                if (enums.isEmpty()) {
                    break;
                }
                String field = pick(enums, random);
                form.put(field, random.nextBoolean() ? "NOPE_" + random.nextInt(1000) : "head");
                return new Case(index, service, mutation, form, field, "invalid");
            }
            case TOO_LONG -> {
                List<String> texts = fields.stream().filter(f -> properties.get(f).containsKey("maxLength")).toList();
                if (texts.isEmpty()) {
                    break;
                }
                String field = pick(texts, random);
                int max = ((Number) properties.get(field).get("maxLength")).intValue();
                form.put(field, text(properties.get(field), max + 1 + random.nextInt(50), random));
                return new Case(index, service, mutation, form, field, "too-long");
            }
            case FUTURE_DATE, MALFORMED_DATE -> {
                List<String> dates = fields.stream().filter(f -> "date".equals(properties.get(f).get("format")))
                        .toList();
                if (dates.isEmpty()) {
                    break;
                }
                String field = pick(dates, random);
                if (mutation == Mutation.FUTURE_DATE) {
                    form.put(field, TODAY.plusDays(1 + random.nextInt(3000)).toString());
                    return new Case(index, service, mutation, form, field, "out-of-range");
                }
                String[] malformed = { "2026-02-30", "2026-13-01", "26-09-20", "2026/09/20", "yesterday", "" };
                form.put(field, malformed[random.nextInt(malformed.length)]);
                return new Case(index, service, mutation, form, field, "invalid");
            }
            case UNKNOWN_FIELD -> {
                String field = pick(List.of("idNumber", "mother", "childname", "extra" + random.nextInt(100),
                        "备注"), random);
                form.put(field, "x");
                return new Case(index, service, mutation, form, field, "unknown-field");
            }
            case WRONG_TYPE -> {
                String field = pick(fields, random);
                switch (random.nextInt(4)) {
                    case 0 -> form.put(field, random.nextInt());
                    case 1 -> form.put(field, random.nextBoolean());
                    case 2 -> form.putArray(field).add("x");
                    default -> form.putObject(field).put("value", "x");
                }
                return new Case(index, service, mutation, form, field, "invalid");
            }
            default -> {
            }
        }
        return new Case(index, service, Mutation.NONE, form, null, null);
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
