package org.errandless.common.security;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.Path;

/**
 * Which operations need a staff sign-in with a second factor (NIST 800-63B AAL2): everything under
 * {@code /api/v1/admin} (staff, catalogue, calendar, partner clients, certificates, audit trail, and whatever is added
 * there later: deny by default), and the officer transitions of an application, each of which decides the matter or
 * moves its statutory clock: accept (受理), request-supplement (the once-only 一次性告知), approve, reject, suspend,
 * resume and complete; and the staff decisions on reviews (好差评): an officer's appeal against a review, and every
 * supervisor's change under {@code /api/v1/supervision} (closing a rectification, deciding an appeal); and the
 * officer's writes of appointments (publishing a station's schedule, which decides what every citizen may book, and
 * recording attendance or a no-show at the hand-over).
 *
 * <p>Operations are named by method and path template, the published contract (API.md keeps paths stable), so the rule
 * holds however the resources that serve them are arranged; the runtime check ({@link SecondFactorFilter}) and the
 * published spec (the 403 {@code mfa-required} answer) read the same rule.
 */
public final class SecondFactorPolicy {

    private static final String ADMIN = "/api/v1/admin";
    private static final Pattern OFFICER_DECISION = Pattern.compile(
            "/api/v1/applications/\\{[^/}]+}/(accept|request-supplement|approve|reject|suspend|resume|complete"
                    + "|evaluation/appeal|appointment/attendance)");
    private static final Pattern STATION_SCHEDULE = Pattern.compile("/api/v1/officer/stations/\\{[^/}]+}/schedule");
    private static final String SUPERVISION = "/api/v1/supervision/";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private SecondFactorPolicy() {
    }

    /**
     * Whether the operation needs the second factor.
     *
     * @param httpMethod e.g. {@code POST}
     * @param pathTemplate the path as the spec writes it, e.g. {@code /api/v1/applications/{id}/approve}
     */
    public static boolean requires(String httpMethod, String pathTemplate) {
        String path = normalise(pathTemplate);
        if (path.equals(ADMIN) || path.startsWith(ADMIN + "/")) {
            return true;
        }
        return WRITES.contains(httpMethod.toUpperCase(java.util.Locale.ROOT))
                && (OFFICER_DECISION.matcher(path).matches() || STATION_SCHEDULE.matcher(path).matches()
                        || path.startsWith(SUPERVISION));
    }

    /** The path template of a resource method: its class's {@code @Path} and its own, joined and normalised. */
    public static String template(Class<?> resourceClass, Method method) {
        Path classPath = resourceClass.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        return normalise((classPath == null ? "" : classPath.value()) + "/"
                + (methodPath == null ? "" : methodPath.value()));
    }

    /** One leading slash, no doubled or trailing slashes, and no regular expressions in parameters. */
    static String normalise(String path) {
        String plain = path.replaceAll("\\{\\s*([^:}\\s]+)\\s*(:[^}]*)?}", "{$1}");
        String collapsed = ("/" + plain).replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1)
                : collapsed;
    }
}
