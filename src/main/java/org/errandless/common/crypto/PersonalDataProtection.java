package org.errandless.common.crypto;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Makes the {@link PersonalDataProtector} available for injection, keyed as {@link DataKeys} describes.
 *
 * <p>The protector is created at startup, so a prod deployment without {@code ERRANDLESS_DATA_KEY} fails at once with
 * a clear message instead of on the first request that touches personal data.
 */
@Singleton
public class PersonalDataProtection {

    @Produces
    @Singleton
    PersonalDataProtector personalDataProtector(@ConfigProperty(name = DataKeys.CONFIG_KEY) Optional<String> dataKey,
            @ConfigProperty(name = "errandless.data-key-file", defaultValue = ".errandless/data.key") String keyFile) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        byte[] masterKey = DataKeys.resolve(dataKey, Path.of(keyFile), config.getProfiles());
        try {
            return new PersonalDataProtector(masterKey);
        } finally {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    void createAtStartup(@Observes StartupEvent event, PersonalDataProtector protector) {
        // injecting it is the point: resolving the key early turns a missing key into a failed start
    }
}
