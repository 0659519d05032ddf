package org.errandless.identity.verification;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The face check (人脸核验) that raises a verified account to L3. */
@ConfigMapping(prefix = "errandless.face")
public interface FaceConfig {

    /** {@code http}: a real provider; {@code demo}: a development adapter that passes every usable photo. */
    @WithDefault("http")
    String provider();

    /** The real provider. */
    ProviderHttpConfig http();

    /** Largest photo accepted (larger is 413). */
    @WithDefault("5M")
    MemorySize maxPhotoSize();

    /** Smallest width and height in pixels of a usable photo (smaller is 422 {@code photo-unusable}). */
    @WithDefault("480")
    int minDimension();
}
