package org.errandless.support;

import java.net.URI;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: S3Proxy on a free port of the loopback interface, keeping objects in memory
 * (its transient backend), with signature V4 authentication and one empty bucket. Every byte the S3 content store
 * sends goes through S3's wire protocol: multipart uploads, ranged reads, listings, chunked signing.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String bucket;

    private S3ProxyServer(S3Proxy proxy, URI endpoint, String bucket) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    /** Starts a server with a bucket of that name. */
    public static S3ProxyServer start(String bucket) {
        try {
            S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            S3ProxyServer server = new S3ProxyServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()),
                    bucket);
            try (S3Client client = server.client()) {
                client.createBucket(b -> b.bucket(bucket));
            }
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** A client for this server (path-style, static test credentials); the caller closes it. */
    public S3Client client() {
        return S3Client.builder().httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(endpoint)
                .region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
