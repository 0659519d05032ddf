package org.errandless.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test profile whose application reaches its own fresh database (see {@link FreshDatabaseProfile}) through a
 * {@link TcpProxy} the test can cut and restore, as if PostgreSQL went down and came back. The pool and the live
 * feed's listener go through the proxy; Flyway, at start, goes straight to the server. A field of the test annotated
 * {@link Proxy} receives the proxy.
 *
 * <p>It also turns on the pool's metrics (the tests count connection acquisitions), shortens the readiness grace of
 * the live feed to one second and the heartbeat of event streams to 300 ms.
 */
public class ProxiedDatabaseProfile extends FreshDatabaseProfile {

    /** Marks the test's {@link TcpProxy} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Proxy {
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.metrics.enabled", "true",
                "quarkus.datasource.metrics.enabled", "true",
                "errandless.live-feed.unready-after", "1S",
                // event streams beat often, so a test sees several heartbeats quickly
                "errandless.timeline.heartbeat", "300MS",
                // the listener's connection is probed only when a test wants it to be
                "errandless.live-feed.probe-interval", "1H");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ProxiedDatabase.class));
    }

    /** A fresh database behind a proxy. */
    public static class ProxiedDatabase extends FreshDatabase {

        private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.+)");

        private TcpProxy proxy;

        @Override
        public Map<String, String> start() {
            Map<String, String> direct = super.start();
            Matcher url = URL.matcher(direct.get("quarkus.datasource.jdbc.url"));
            if (!url.matches()) {
                throw new IllegalStateException("Unexpected database URL " + direct.get("quarkus.datasource.jdbc.url"));
            }
            proxy = TcpProxy.start(url.group(1), Integer.parseInt(url.group(2)));
            Map<String, String> proxied = new HashMap<>(direct);
            proxied.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + proxy.port() + "/"
                    + url.group(3));
            return proxied;
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Proxy.class, TcpProxy.class));
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
            super.stop();
        }
    }
}
