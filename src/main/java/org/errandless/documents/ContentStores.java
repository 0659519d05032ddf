package org.errandless.documents;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Chooses the {@link ContentStore} from {@code errandless.documents.store}. The S3 client is built only when the
 * S3 store is chosen, so the file store's start-up pays nothing for it.
 */
@ApplicationScoped
public class ContentStores {

    @Produces
    @ApplicationScoped
    @DefaultBean
    @io.quarkus.runtime.Startup
    ContentStore store(DocumentsConfig config) {
        String kind = config.store().trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("file") && !kind.equals("s3")) {
            throw new IllegalStateException("errandless.documents.store (ERRANDLESS_DOCUMENTS_STORE) must be file or s3, "
                    + "not '" + config.store() + "'");
        }
        if (kind.equals("s3")) {
            DocumentsConfig.S3 s3 = config.s3();
            String bucket = s3.bucket().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "errandless.documents.s3.bucket (ERRANDLESS_S3_BUCKET) is required with the s3 document store"));
            return new S3ContentStore(client(s3), bucket, s3.prefix().orElse(""), s3.partSize().asLongValue());
        }
        return new FileSystemContentStore(Path.of(config.storage().directory()),
                Path.of(config.uploads().directory()));
    }

    void close(@Disposes ContentStore store) {
        if (store instanceof S3ContentStore s3) {
            s3.client().close();
        }
    }

    /** A synchronous S3 client for an S3-compatible service, as the settings describe it. */
    static S3Client client(DocumentsConfig.S3 settings) {
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                        settings.secretAccessKey().orElseThrow(() -> new IllegalStateException(
                                "errandless.documents.s3.secret-access-key (ERRANDLESS_S3_SECRET_ACCESS_KEY) is "
                                        + "required with an access key id"))))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(settings.maxConnections())
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // checksums only where S3 demands them: many S3-compatible servers refuse the newer trailing ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
