package org.errandless.applications.forms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.catalog.CountingUnit;
import org.errandless.catalog.HandlingMode;
import org.errandless.catalog.LocalisedText;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.time.BusinessClock;

/**
 * The form schemas exactly as the migration ships them, read from its SQL without a database, and rules built
 * around them for plain JUnit tests of validation (no register, the test profile's fixed clock).
 */
final class ShippedForms {

    static final String MIGRATION = "db/migration/V20261128_1110__service_form_schemas.sql";
    /** The test profile's business clock: today is 2026-09-30 in Asia/Shanghai. */
    static final Instant NOW = Instant.parse("2026-09-30T02:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern UPDATE = Pattern.compile(
            "form_schema = \\$form\\$(.*?)\\$form\\$::jsonb WHERE code = '([A-Z_]+)';", Pattern.DOTALL);
    private static final Map<String, Map<String, Object>> SCHEMAS = read();

    private ShippedForms() {
    }

    static List<String> codes() {
        return List.copyOf(SCHEMAS.keySet());
    }

    static Map<String, Object> schema(String code) {
        return SCHEMAS.get(code);
    }

    static ServiceItemView service(String code) {
        return new ServiceItemView(code, new LocalisedText(code, code), List.of(),
                new ServiceItemView.TimeLimit(1, CountingUnit.WORKING_DAYS), AssuranceLevel.L2,
                HandlingMode.FULLY_ONLINE, false, SCHEMAS.get(code));
    }

    /** Rules that can validate (and nothing else: no register, no card orders). */
    static CatalogServiceRules rules() {
        return new CatalogServiceRules(null, new BusinessClock(Optional.of(NOW)), null, JSON);
    }

    private static Map<String, Map<String, Object>> read() {
        try (InputStream in = ShippedForms.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
            Matcher matcher = UPDATE.matcher(sql);
            while (matcher.find()) {
                schemas.put(matcher.group(2), JSON.readValue(matcher.group(1), new TypeReference<>() {
                }));
            }
            return schemas;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
