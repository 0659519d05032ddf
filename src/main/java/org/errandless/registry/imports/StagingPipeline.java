package org.errandless.registry.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Turns the lines of an extract into staging rows on several threads, in bounded memory. The calling thread reads
 * lines into batches (their bytes copied, nothing parsed) and writes finished batches to the sink in line order; the
 * workers parse, check, encrypt and hash ({@link ImportRecords}, {@link StagingRows}), the costly part. At most
 * {@code 2 × workers + 1} batches are in flight, so memory does not grow with the file.
 */
final class StagingPipeline {

    /** Lines per batch. */
    static final int BATCH_LINES = 1000;

    /** What the pipeline wrote. */
    record Totals(long rows, long rejected) {
    }

    private final ExecutorService workers;
    private final int maxInFlight;
    private final ImportRecords records = new ImportRecords();
    private final UUID importId;
    private final PersonalDataProtector protector;
    private final LocalDate today;
    private final long maxLineLength;

    StagingPipeline(ExecutorService workers, int parallelism, UUID importId, PersonalDataProtector protector,
            LocalDate today, long maxLineLength) {
        this.workers = workers;
        this.maxInFlight = 2 * parallelism + 1;
        this.importId = importId;
        this.protector = protector;
        this.today = today;
        this.maxLineLength = maxLineLength;
    }

    /** Reads every line and writes the rows of the non-blank ones to the sink. */
    Totals run(ImportLines lines, StagingRows.Sink sink) throws IOException, SQLException {
        Deque<Future<Chunk>> inFlight = new ArrayDeque<>();
        long rows = 0;
        long rejected = 0;
        try {
            Batch batch = new Batch();
            while (lines.next()) {
                if (lines.blank()) {
                    continue;
                }
                batch.add(lines);
                if (batch.full()) {
                    inFlight.add(workers.submit(batch::stage));
                    batch = new Batch();
                    while (inFlight.size() >= maxInFlight) {
                        Chunk chunk = next(inFlight);
                        sink.write(chunk.bytes(), 0, chunk.bytes().length);
                        rows += chunk.rows();
                        rejected += chunk.rejected();
                    }
                }
            }
            if (batch.size > 0) {
                inFlight.add(workers.submit(batch::stage));
            }
            while (!inFlight.isEmpty()) {
                Chunk chunk = next(inFlight);
                sink.write(chunk.bytes(), 0, chunk.bytes().length);
                rows += chunk.rows();
                rejected += chunk.rejected();
            }
            return new Totals(rows, rejected);
        } finally {
            inFlight.forEach(future -> future.cancel(true));
        }
    }

    private static Chunk next(Deque<Future<Chunk>> inFlight) throws SQLException {
        try {
            return inFlight.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while staging a register import", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Staging a register import failed", e.getCause());
        }
    }

    /** The COPY rows of one batch. */
    private record Chunk(byte[] bytes, long rows, long rejected) {
    }

    /** Lines copied out of the reader's buffer: their numbers, bytes, and which were too long. */
    private final class Batch {

        private final long[] numbers = new long[BATCH_LINES];
        private final int[] ends = new int[BATCH_LINES];
        private final boolean[] tooLong = new boolean[BATCH_LINES];
        private byte[] bytes = new byte[64 * 1024];
        private int used;
        private int size;

        void add(ImportLines lines) {
            numbers[size] = lines.number();
            tooLong[size] = lines.tooLong();
            int length = lines.tooLong() ? 0 : lines.length();
            if (used + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
            }
            System.arraycopy(lines.bytes(), 0, bytes, used, length);
            used += length;
            ends[size] = used;
            size++;
        }

        boolean full() {
            return size == BATCH_LINES;
        }

        Chunk stage() throws SQLException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(used * 2 + 1024);
            StagingRows rows = new StagingRows(importId, protector, out::write);
            int start = 0;
            for (int i = 0; i < size; i++) {
                ImportRecord record;
                if (tooLong[i]) {
                    record = ImportRecords.tooLong(maxLineLength);
                } else {
                    record = records.parse(bytes, start, ends[i] - start, today);
                }
                rows.write(numbers[i], record);
                start = ends[i];
            }
            rows.flush();
            return new Chunk(out.toByteArray(), rows.rows(), rows.rejected());
        }
    }
}
