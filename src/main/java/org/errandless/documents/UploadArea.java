package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The partial bytes of unfinished resumable uploads: one file per upload, {@code <directory>/<id>.part}, written at
 * the offset the database holds. The file may be longer than that offset after an interrupted write (a crash between
 * writing and recording); such a tail is garbage and is cut off before the next write, so the row stays the truth.
 *
 * <p>Bytes go from the request to the file through one 64 KiB buffer: memory does not grow with the size of an
 * upload or with the number of uploads running at once.
 */
@ApplicationScoped
public class UploadArea {

    static final int BUFFER = 64 * 1024;

    private final Path root;

    @Inject
    public UploadArea(DocumentsConfig config) {
        this(Path.of(config.uploads().directory()));
    }

    UploadArea(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** What one write did. */
    record Written(long bytes, boolean interrupted, boolean overflow) {
    }

    /** Called while bytes flow, with the count so far; may throw to stop the write. */
    interface Progress {
        void bytes(long written);
    }

    /** The file of an upload; its name comes from the id we generated, never from the client. */
    Path path(UUID id) {
        return root.resolve(id + ".part");
    }

    /**
     * Writes the request body at {@code offset}, at most {@code limit} bytes, feeding {@code digest} when given.
     * When the client's connection breaks the bytes received so far are kept ({@code interrupted}); when the body
     * holds more than {@code limit} bytes, the first {@code limit} are written and {@code overflow} says so. The
     * written bytes are forced to disk before this returns, so an offset recorded afterwards never claims more than
     * the disk holds.
     *
     * @throws IOException when the file could not be written (nothing of this write counts then)
     */
    Written write(UUID id, long offset, long limit, InputStream body, MessageDigest digest, Progress progress)
            throws IOException {
        Files.createDirectories(root);
        try (FileChannel channel = FileChannel.open(path(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (channel.size() < offset) {
                throw new IOException("The upload area lost bytes of upload " + id + ": " + channel.size()
                        + " on disk, " + offset + " recorded");
            }
            channel.truncate(offset);
            channel.position(offset);
            byte[] buffer = new byte[BUFFER];
            long written = 0;
            boolean interrupted = false;
            boolean overflow = false;
            while (true) {
                int read;
                try {
                    read = body.read(buffer, 0, (int) Math.min(buffer.length, limit - written + 1));
                } catch (IOException e) {
                    // the client went away mid-body: what arrived is kept, tus clients resume from HEAD's offset
                    interrupted = true;
                    break;
                }
                if (read < 0) {
                    break;
                }
                if (written + read > limit) {
                    read = (int) (limit - written);
                    overflow = true;
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                if (digest != null) {
                    digest.update(buffer, 0, read);
                }
                written += read;
                if (overflow) {
                    break;
                }
                progress.bytes(written);
            }
            channel.force(false);
            return new Written(written, interrupted, overflow);
        }
    }

    /** Cuts an upload's file back to {@code offset} (a chunk that failed its checksum). */
    void truncate(UUID id, long offset) throws IOException {
        Path file = path(id);
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(offset);
                channel.force(false);
            }
        }
    }

    /** Creates the (empty) file of a new upload. */
    void create(UUID id) throws IOException {
        Files.createDirectories(root);
        Files.deleteIfExists(path(id));
        Files.createFile(path(id));
    }

    /** Removes an upload's bytes; true when there were some. */
    boolean delete(UUID id) throws IOException {
        return Files.deleteIfExists(path(id));
    }
}
