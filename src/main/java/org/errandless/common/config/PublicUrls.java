package org.errandless.common.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a public base URL that the application hands out to others (printed in QR codes on e-certificates, say):
 * outside a development run (see {@link DevelopmentAdapters#isDevelopment}) it must be set and point somewhere other
 * than this machine, or every certificate issued would carry a link nobody can follow.
 */
public final class PublicUrls {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PublicUrls() {
    }

    /**
     * Refuses a public base URL that is unset or points at this machine, outside a development run.
     *
     * @param key the setting, e.g. {@code errandless.certificates.public-base-url}
     * @param variable its environment variable, e.g. {@code ERRANDLESS_PUBLIC_BASE_URL}
     * @param value the configured value (empty or {@code null} when unset)
     * @throws IllegalStateException naming the setting and the variable
     */
    public static void requirePublic(String key, String variable, String value, Collection<String> profiles) {
        if (DevelopmentAdapters.isDevelopment(profiles)) {
            return;
        }
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalStateException(key + " (" + variable + ") " + problem.get() + ": set it to the address "
                    + "the public reaches this API at, e.g. https://errandless.example.gov.cn (profile "
                    + String.join(",", profiles) + ")");
        }
    }

    /** What is wrong with a public base URL, if anything. */
    static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("is not set");
        }
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            return Optional.of("is not an http(s) URL with a host");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("localhost.localdomain")) {
            return Optional.of("points at localhost");
        }
        if (IPV4.matcher(host).matches() || host.startsWith("[")) {
            try {
                // a literal address: no name is looked up
                InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
                if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                    return Optional.of("points at a loopback address");
                }
            } catch (UnknownHostException e) {
                return Optional.of("has an invalid address");
            }
        }
        return Optional.empty();
    }
}
