package org.errandless.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * When the factory must NOT start an embedded PostgreSQL: a configured URL, the prod profile, the switch off. (That it
 * does start one otherwise is what every {@code @QuarkusTest} relies on.) Plain SmallRye Config, no Quarkus.
 */
class EmbeddedDatabaseConfigSourceFactoryTest {

    private static final String EXTERNAL_URL = "jdbc:postgresql://db.example:5432/errandless";

    private final EmbeddedDatabaseConfigSourceFactory factory = new EmbeddedDatabaseConfigSourceFactory();

    @ParameterizedTest
    @ValueSource(strings = { "dev", "test", "demo", "prod" })
    void aConfiguredUrlStartsNothing(String profile) {
        Iterable<ConfigSource> sources = factory.getConfigSources(
                context(List.of(profile), Map.of(EmbeddedDatabaseConfigSourceFactory.URL, EXTERNAL_URL,
                        EmbeddedDatabaseConfigSourceFactory.ENABLED, "true")));

        assertFalse(sources.iterator().hasNext());
    }

    @Test
    void prodStartsNothingEvenWhenSwitchedOnByMistake() {
        Iterable<ConfigSource> sources = factory.getConfigSources(
                context(List.of("prod"), Map.of(EmbeddedDatabaseConfigSourceFactory.ENABLED, "true")));

        assertFalse(sources.iterator().hasNext());
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "test", "demo" })
    void switchedOffStartsNothing(String profile) {
        Iterable<ConfigSource> sources = factory.getConfigSources(
                context(List.of(profile), Map.of(EmbeddedDatabaseConfigSourceFactory.ENABLED, "false")));

        assertFalse(sources.iterator().hasNext());
    }

    @Test
    void theEnvironmentVariableOfTheUrlWinsOverTheEmbeddedDatabaseInTheRealConfiguration() throws IOException {
        // what CI's external-database pass does: QUARKUS_DATASOURCE_JDBC_URL in the environment of a test run
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("test")
                .withSources(applicationProperties())
                .withSources(new EnvConfigSource(Map.of("QUARKUS_DATASOURCE_JDBC_URL", EXTERNAL_URL), 300))
                .withSources(factory)
                .build();

        assertEquals(EXTERNAL_URL, config.getConfigValue(EmbeddedDatabaseConfigSourceFactory.URL).getValue());
        assertNoEmbeddedSource(config);
    }

    @Test
    void theProdProfileOfTheRealConfigurationStartsNothing() throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(applicationProperties())
                .withSources(factory)
                .build();

        assertTrue(config.getOptionalValue(EmbeddedDatabaseConfigSourceFactory.URL, String.class).isEmpty());
        assertNoEmbeddedSource(config);
    }

    private static ConfigSource applicationProperties() throws IOException {
        URL url = EmbeddedDatabaseConfigSourceFactoryTest.class.getResource("/application.properties");
        return new PropertiesConfigSource(url, 250);
    }

    private static void assertNoEmbeddedSource(SmallRyeConfig config) {
        for (ConfigSource source : config.getConfigSources()) {
            assertFalse(source.getName().contains("embedded-postgres"), "unexpected config source " + source.getName());
        }
    }

    /** The smallest context a factory can be asked with: a fixed map of values and the active profiles. */
    private static ConfigSourceContext context(List<String> profiles, Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = copy.get(name);
                return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return copy.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return profiles;
            }
        };
    }
}
