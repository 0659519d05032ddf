package org.errandless.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * The default content store: files under {@code errandless.documents.storage.directory}, in subdirectories by the
 * first two characters of the id ({@code ab/ab12...}); unfinished uploads in
 * {@code errandless.documents.uploads.directory} as {@code <id>.part}.
 *
 * <p>Single-shot content is written to {@code .tmp/<id>.part}, forced to disk and renamed into place in one atomic
 * step (or, for a file the HTTP layer already wrote, forced and renamed from there). An upload's file is written at
 * the offset its row records, without a sync per chunk (a process that dies loses nothing the kernel has; after a
 * crash of the machine a shorter file is {@link UploadBytesLost} and the upload goes on from what is there), and on
 * finishing it is renamed to the document's name and forced once: its bytes are written once. After each rename the
 * directory is forced too, so the name survives a crash of the machine as the bytes do. A PATCH's bytes may also be
 * pushed to the file as they arrive ({@link #openSink}), with no stream and no worker thread in between. Both directories
 * should be on one filesystem (else finishing copies); with several instances both must be shared.
 */
public class FileSystemContentStore implements ContentStore {

    private static final Logger LOG = Logger.getLogger(FileSystemContentStore.class);
    static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path uploads;

    public FileSystemContentStore(Path root, Path uploads) {
        this.root = root.toAbsolutePath().normalize();
        this.uploads = uploads.toAbsolutePath().normalize();
    }

    /** The store's directory. */
    public Path root() {
        return root;
    }

    /** The file of an unfinished upload; its name comes from the id we generated, never from the client. */
    Path uploadPath(UUID id) {
        return uploads.resolve(id + ".part");
    }

    @Override
    public Stored put(UUID id, InputStream content) throws IOException {
        Path target = path(id);
        Path temporary = root.resolve(".tmp").resolve(id + ".part");
        MessageDigest sha256 = ResumableSha256.jdk();
        long size;
        try {
            Files.createDirectories(temporary.getParent());
            boolean newDirectory = directoryFor(target);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
                size = content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            moveAtomically(temporary, target);
            syncNames(target, newDirectory);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw StorageFullException.classify(e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new Stored(size, HexFormat.of().formatHex(sha256.digest()));
    }

    @Override
    public Stored adopt(UUID id, Path file) throws IOException {
        Path target = path(id);
        MessageDigest sha256 = ResumableSha256.jdk();
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                size += buffer.remaining();
                sha256.update(buffer);
                buffer.clear();
            }
            channel.force(true);
        }
        try {
            boolean newDirectory = directoryFor(target);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            syncNames(target, newDirectory);
            return new Stored(size, HexFormat.of().formatHex(sha256.digest()));
        } catch (AtomicMoveNotSupportedException e) {
            // another filesystem (quarkus.http.body.uploads-directory elsewhere): copy, which hashes again
            try (InputStream in = Files.newInputStream(file)) {
                return put(id, in);
            }
        } catch (IOException e) {
            throw StorageFullException.classify(e);
        }
    }

    @Override
    public InputStream open(UUID id, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(path(id), StandardOpenOption.READ);
        channel.position(offset);
        // the channel's stream skips by moving its position
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public boolean delete(UUID id) throws IOException {
        return Files.deleteIfExists(path(id));
    }

    @Override
    public boolean exists(UUID id) {
        return Files.isRegularFile(path(id));
    }

    @Override
    public Appended append(UploadRef upload, InputStream body, long declared, long limit, UploadListener listener)
            throws IOException {
        try (UploadSink sink = openSink(upload)) {
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
                    overflow = true;
                    break;
                }
                sink.write(ByteBuffer.wrap(buffer, 0, read));
                written += read;
                listener.bytes(buffer, 0, read);
            }
            return new Appended(written, interrupted, overflow, null);
        }
    }

    @Override
    public UploadSink openSink(UploadRef upload) throws IOException {
        FileChannel channel;
        try {
            Files.createDirectories(uploads);
            channel = FileChannel.open(uploadPath(upload.id()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StorageFullException.classify(e);
        }
        try {
            long offset = upload.offset();
            if (channel.size() < offset) {
                throw new UploadBytesLost(upload.id(), channel.size(), offset);
            }
            // bytes past the recorded offset are garbage of a write that was never recorded
            channel.truncate(offset);
            channel.position(offset);
            return new FileSink(channel);
        } catch (UploadBytesLost | RuntimeException e) {
            channel.close();
            throw e;
        } catch (IOException e) {
            channel.close();
            throw StorageFullException.classify(e);
        }
    }

    /** An upload's file, open for appending; each write goes to the kernel only (the one sync is at the end). */
    private record FileSink(FileChannel channel) implements UploadSink {

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw StorageFullException.classify(e);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Override
    public void discardAppended(UploadRef upload) throws IOException {
        Path file = uploadPath(upload.id());
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(upload.offset());
            }
        }
    }

    @Override
    public void finishUpload(UploadRef upload) throws IOException {
        Path file = uploadPath(upload.id());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() < upload.length()) {
                throw new UploadBytesLost(upload.id(), channel.size(), upload.length());
            }
            channel.truncate(upload.length());
        }
        Path target = path(upload.id());
        try {
            boolean newDirectory = directoryFor(target);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            // The one sync of this file (every chunk before went to the kernel only), after the rename, and the sync
            // of the directory that holds its new name, both at once: each makes its own part durable whatever the
            // other does (the bytes and the size with the file, the name with the directory), and a journalling
            // filesystem lets the second wait for the journal commit the first started instead of paying its own
            // cache flush after it. Nothing reads the name before both are durable: the document's row is written
            // after this returns (a crash before leaves the upload's row, whose client resumes and finishes it
            // again, over these bytes).
            Future<?> names = syncNamesAside(target, newDirectory);
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            awaitNames(names);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warnf("The upload area %s and the document store %s are on different filesystems: finishing an "
                    + "upload copies it", uploads, root);
            try (InputStream in = Files.newInputStream(file)) {
                put(upload.id(), in);
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw StorageFullException.classify(e);
        }
    }

    @Override
    public void abortUpload(UUID id, String state) throws IOException {
        Files.deleteIfExists(uploadPath(id));
    }

    /** Whether an unfinished upload has bytes here. */
    boolean uploadExists(UUID id) {
        return Files.exists(uploadPath(id));
    }

    @Override
    public int sweep(Instant olderThan, References references) throws IOException {
        int removed = 0;
        // single-shot copies that never got renamed (a crash mid-put)
        for (Path file : list(root.resolve(".tmp"))) {
            if (olderThan(file, olderThan) && Files.deleteIfExists(file)) {
                removed++;
            }
        }
        Map<UUID, Path> candidates = new HashMap<>();
        for (Path directory : list(root)) {
            String name = directory.getFileName().toString();
            if (name.length() != 2 || !Files.isDirectory(directory)) {
                continue;
            }
            for (Path file : list(directory)) {
                UUID id = uuid(file.getFileName().toString());
                if (id != null && olderThan(file, olderThan)) {
                    candidates.put(id, file);
                    if (candidates.size() >= 500) {
                        removed += removeUnreferenced(candidates, references);
                    }
                }
            }
        }
        for (Path file : list(uploads)) {
            String name = file.getFileName().toString();
            UUID id = name.endsWith(".part") ? uuid(name.substring(0, name.length() - 5)) : null;
            if (id != null && olderThan(file, olderThan)) {
                candidates.put(id, file);
                if (candidates.size() >= 500) {
                    removed += removeUnreferenced(candidates, references);
                }
            }
        }
        return removed + removeUnreferenced(candidates, references);
    }

    private static int removeUnreferenced(Map<UUID, Path> candidates, References references) throws IOException {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<UUID> kept = references.referenced(candidates.keySet());
        int removed = 0;
        for (Map.Entry<UUID, Path> candidate : candidates.entrySet()) {
            if (!kept.contains(candidate.getKey()) && Files.deleteIfExists(candidate.getValue())) {
                LOG.infof("Swept %s: no document or upload refers to it", candidate.getValue());
                removed++;
            }
        }
        candidates.clear();
        return removed;
    }

    private static boolean olderThan(Path file, Instant instant) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toInstant()
                    .isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(paths::add);
        } catch (NoSuchFileException e) {
            // nothing stored yet
        }
        return paths;
    }

    private static UUID uuid(String name) {
        try {
            return name.length() == 36 ? UUID.fromString(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Creates the directory {@code target} goes into if missing; true when it was created now. */
    private static boolean directoryFor(Path target) throws IOException {
        Path directory = target.getParent();
        if (Files.isDirectory(directory)) {
            return false;
        }
        Files.createDirectories(directory);
        return true;
    }

    /**
     * Makes a rename into the store durable: the file's bytes were forced before, but its new name lives in the
     * directory, which a crash right after the document's row commits could otherwise lose (the row would then name a
     * file that is not there). Forces the directory, and its parent when the directory itself is new.
     */
    private static void syncNames(Path target, boolean newDirectory) throws IOException {
        Path directory = target.getParent();
        force(directory);
        if (newDirectory) {
            force(directory.getParent());
        }
    }

    /**
     * Threads that force a directory while the finishing thread forces the file ({@link #finishUpload}): at most
     * {@link #NAME_SYNC_THREADS}, made when needed and gone after a minute idle; when all are busy the finishing
     * thread forces the directory itself, after the file, as before.
     */
    private static final ThreadPoolExecutor NAME_SYNCS = nameSyncs();
    static final int NAME_SYNC_THREADS = 4;

    private static ThreadPoolExecutor nameSyncs() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, NAME_SYNC_THREADS, 1, TimeUnit.MINUTES,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "errandless-directory-sync-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.setRejectedExecutionHandler((task, executor) -> {
            throw new RejectedExecutionException("every directory-sync thread is busy");
        });
        return pool;
    }

    /** {@link #syncNames} on another thread, or here and now when none is free (then the future is done). */
    private static Future<?> syncNamesAside(Path target, boolean newDirectory) throws IOException {
        try {
            return NAME_SYNCS.submit(() -> {
                syncNames(target, newDirectory);
                return null;
            });
        } catch (RejectedExecutionException e) {
            syncNames(target, newDirectory);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void awaitNames(Future<?> names) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    names.get();
                    return;
                } catch (InterruptedException e) {
                    // the sync runs on regardless; the name must be durable before this returns
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("Could not force the directory of a finished upload", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The document store directory must support atomic renames", e);
        }
    }

    private Path path(UUID id) {
        // the id is a UUID we generated: its text is hex digits and dashes, never a path of the client's choosing
        String name = id.toString();
        return root.resolve(name.substring(0, 2)).resolve(name);
    }
}
