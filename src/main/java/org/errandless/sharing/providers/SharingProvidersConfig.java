package org.errandless.sharing.providers;

import java.time.Duration;
import java.util.Optional;

import org.errandless.catalog.SourceDepartment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The partner departments SHARED materials are fetched from, one block per department. */
@ConfigMapping(prefix = "errandless.sharing.providers")
public interface SharingProvidersConfig {

    /** 卫健委: birth and death medical certificates. */
    Department health();

    /** 民政: marriage records. */
    Department civilAffairs();

    /** 住建: property records. */
    Department housing();

    /** The block of one department. */
    default Department of(SourceDepartment department) {
        return switch (department) {
            case HEALTH -> health();
            case CIVIL_AFFAIRS -> civilAffairs();
            case HOUSING -> housing();
        };
    }

    /** How one department is reached. */
    interface Department {

        /**
         * {@code off}: nothing is fetched (citizens upload the material); {@code demo}: records of the demo data
         * (development adapter); {@code http}: the department's service at {@link #url()}.
         */
        @WithDefault("off")
        String mode();

        /** Base URL of the department's service (http mode); the kind of record is appended as a path. */
        Optional<String> url();

        /** API key, sent as a bearer token; from the environment, never committed. */
        Optional<String> apiKey();

        /** How long to wait for a connection. */
        @WithDefault("2S")
        Duration connectTimeout();

        /** How long one attempt may wait for the answer (retries come on top, within the retry budget). */
        @WithDefault("3S")
        Duration readTimeout();
    }
}
