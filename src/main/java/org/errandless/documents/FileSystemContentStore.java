package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.DefaultBean;

/**
 * The default content store: files under {@code errandless.documents.storage.directory}, in subdirectories by the
 * first two characters of the id ({@code ab/ab12...}). Content is written to {@code .tmp/<id>.part}, forced to disk
 * and renamed into place in one atomic step.
 */
@ApplicationScoped
@DefaultBean
public class FileSystemContentStore implements ContentStore {

    private final Path root;

    @Inject
    public FileSystemContentStore(DocumentsConfig config) {
        this(Path.of(config.storage().directory()));
    }

    FileSystemContentStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The store's directory. */
    public Path root() {
        return root;
    }

    @Override
    public Stored put(UUID id, InputStream content) throws IOException {
        Path target = path(id);
        Path temporary = root.resolve(".tmp").resolve(id + ".part");
        Files.createDirectories(temporary.getParent());
        Files.createDirectories(target.getParent());
        MessageDigest sha256 = sha256();
        long size;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
                size = content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The document store directory must support atomic renames", e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new Stored(size, HexFormat.of().formatHex(sha256.digest()));
    }

    @Override
    public InputStream open(UUID id, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path(id), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public boolean delete(UUID id) throws IOException {
        return Files.deleteIfExists(path(id));
    }

    @Override
    public boolean exists(UUID id) {
        return Files.isRegularFile(path(id));
    }

    private Path path(UUID id) {
        // the id is a UUID we generated: its text is hex digits and dashes, never a path of the client's choosing
        String name = id.toString();
        return root.resolve(name.substring(0, 2)).resolve(name);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
