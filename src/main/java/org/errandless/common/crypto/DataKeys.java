package org.errandless.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Where the master data key comes from, by profile.
 *
 * <ol>
 * <li>Configured ({@code errandless.data-key}, environment {@code ERRANDLESS_DATA_KEY}): always used, in every
 * profile.</li>
 * <li>Not configured in {@code prod} or {@code test}: the application refuses to start, naming the variable. Losing
 * the key makes every stored ID and phone number unreadable, so prod must never invent one.</li>
 * <li>Not configured elsewhere (dev, demo): generated once and kept in {@code errandless.data-key-file} (readable by
 * the owner only), beside the embedded database, so a restart can still read the register.</li>
 * </ol>
 *
 * <p>Neither the key nor a configured value is ever logged or put into an exception message.
 */
public final class DataKeys {

    /** The configuration key of the master data key. */
    public static final String CONFIG_KEY = "errandless.data-key";
    /** The environment variable that sets {@link #CONFIG_KEY}. */
    public static final String ENVIRONMENT_VARIABLE = "ERRANDLESS_DATA_KEY";

    private static final Logger LOG = Logger.getLogger(DataKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DataKeys() {
    }

    /**
     * Resolves the master key.
     *
     * @param configured the configured base64 value, if any
     * @param keyFile where dev and demo keep a generated key
     * @param profiles the active configuration profiles
     * @return the {@value PersonalDataProtector#MASTER_KEY_LENGTH}-byte master key
     * @throws IllegalStateException when no key may be had, or the one found is malformed
     */
    public static byte[] resolve(Optional<String> configured, Path keyFile, Collection<String> profiles) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return decode(configured.get(), CONFIG_KEY + " (" + ENVIRONMENT_VARIABLE + ")");
        }
        if (profiles.contains("prod") || profiles.contains("test")) {
            throw new IllegalStateException("No data key configured: set " + ENVIRONMENT_VARIABLE
                    + " to the base64 encoding of 32 random bytes (for example `openssl rand -base64 32`) and keep it "
                    + "safe; ID and phone numbers in the database can only be read with it.");
        }
        return readOrCreate(keyFile);
    }

    /** Decodes a base64 key of exactly 32 bytes; {@code source} names where it came from in the error. */
    static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64; it must encode "
                    + PersonalDataProtector.MASTER_KEY_LENGTH + " random bytes (`openssl rand -base64 32`)");
        }
        if (key.length != PersonalDataProtector.MASTER_KEY_LENGTH) {
            throw new IllegalStateException(source + " must encode exactly " + PersonalDataProtector.MASTER_KEY_LENGTH
                    + " bytes, not " + key.length + " (`openssl rand -base64 32`)");
        }
        return key;
    }

    private static byte[] readOrCreate(Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), "The data key file " + keyFile);
            }
            byte[] key = new byte[PersonalDataProtector.MASTER_KEY_LENGTH];
            new SecureRandom().nextBytes(key);
            Path directory = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = createOwnerOnly(directory);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                // a hard link fails if the file appeared meanwhile, so a concurrent start never overwrites a key in use
                Files.createLink(keyFile.toAbsolutePath(), temporary);
            } catch (FileAlreadyExistsException e) {
                return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), "The data key file " + keyFile);
            } catch (UnsupportedOperationException | IOException e) {
                Files.move(temporary, keyFile.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            LOG.infof("Generated a new data key in %s (dev/demo only: keep the file with the embedded data; "
                    + "set %s in production)", keyFile, ENVIRONMENT_VARIABLE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the data key file " + keyFile + "; set "
                    + ENVIRONMENT_VARIABLE + " instead", e);
        }
    }

    private static Path createOwnerOnly(Path directory) throws IOException {
        try {
            return Files.createTempFile(directory, "data.key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Path file = Files.createTempFile(directory, "data.key", ".tmp");
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
            return file;
        }
    }
}
