package org.errandless.identity.verification;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The carrier check (运营商三要素) of real-name verification. */
@ConfigMapping(prefix = "errandless.carrier")
public interface CarrierConfig {

    /** {@code http}: a real provider; {@code demo}: a development adapter that knows the demo data's numbers. */
    @WithDefault("http")
    String provider();

    /** The real provider. */
    ProviderHttpConfig http();

    /** The development adapter. */
    Demo demo();

    /** Settings of the demo carrier. */
    interface Demo {

        /**
         * Numbers the demo carrier knows beside the demo people's, as {@code phone=idNumber} entries, for trying out
         * accounts with phones of one's own (e.g. the rebinding of an identity to a second phone).
         */
        Optional<List<String>> extraMappings();
    }
}
