package org.errandless.documents;

import java.util.List;
import java.util.Map;

import org.errandless.support.S3ProxyServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The application with its documents on S3 (a real S3 API server, S3Proxy, started for the profile). */
public class S3StoreProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3Proxy.class));
    }

    /** Starts S3Proxy with an empty bucket and points the S3 content store at it. */
    public static class S3Proxy implements QuarkusTestResourceLifecycleManager {

        private S3ProxyServer server;

        @Override
        public Map<String, String> start() {
            server = S3ProxyServer.start("errandless-documents");
            return Map.of(
                    "errandless.documents.store", "s3",
                    "errandless.documents.s3.endpoint", server.endpoint().toString(),
                    "errandless.documents.s3.region", S3ProxyServer.REGION,
                    "errandless.documents.s3.bucket", server.bucket(),
                    "errandless.documents.s3.access-key-id", S3ProxyServer.ACCESS_KEY,
                    "errandless.documents.s3.secret-access-key", S3ProxyServer.SECRET_KEY,
                    "errandless.documents.s3.path-style", "true",
                    "errandless.documents.s3.part-size", "5M");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }
}
