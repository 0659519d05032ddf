package org.errandless.documents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import io.quarkus.arc.ClientProxy;

/** Looks into whichever content store a test runs against (the file store, or S3 in the s3 test profile). */
final class TestStores {

    private TestStores() {
    }

    /** The store behind the CDI client proxy. */
    static ContentStore actual(ContentStore store) {
        return ClientProxy.unwrap(store);
    }

    /** Whether an unfinished upload still has bytes in the store. */
    static boolean uploadBytesExist(ContentStore proxy, UUID id) {
        ContentStore store = actual(proxy);
        if (store instanceof S3ContentStore s3) {
            return s3.uploadExists(id);
        }
        return ((FileSystemContentStore) store).uploadExists(id);
    }

    /** How many documents' contents (and leftover temporary copies) the store holds. */
    static long storedContents(ContentStore proxy) throws IOException {
        ContentStore store = actual(proxy);
        if (store instanceof S3ContentStore s3) {
            return s3.client().listObjectsV2Paginator(b -> b.bucket(s3.bucket()).prefix(s3.documentKey(UUID
                    .randomUUID()).substring(0, s3.documentKey(UUID.randomUUID()).length() - 36))).contents()
                    .stream().count();
        }
        Path root = ((FileSystemContentStore) store).root();
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }
}
