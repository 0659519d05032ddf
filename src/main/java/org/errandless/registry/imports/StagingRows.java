package org.errandless.registry.imports;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.UUID;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Writes the lines of one import as rows of {@code register_import_line} in PostgreSQL's COPY text format, into a
 * fixed buffer that is handed to the sink whenever it fills, so memory does not grow with the file. ID and mobile
 * numbers are encrypted and blind-indexed here, exactly as {@code Person} stores them: only ciphertext and keyed
 * hashes reach the database (PostgreSQL has no key to compute them).
 *
 * <p>Not thread-safe: one per import.
 */
final class StagingRows {

    /** Receives full buffers (a pgjdbc {@code CopyIn} in production). */
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    /** The COPY statement whose column order {@link #write} follows. */
    static final String COPY = "COPY register_import_line (import_id, line_number, record_type, source_key, parent_key,"
            + " number, name, household_type, address, id_number_cipher, id_number_hash, sex, birth_date, ethnicity,"
            + " relationship, status, mobile_cipher, mobile_hash, rejection_code, rejection_detail, new_id, change_id)"
            + " FROM STDIN";

    private static final int COLUMNS = 22;
    private static final int FLUSH_AT = 64 * 1024;
    private static final byte[] NULL = { '\\', 'N' };
    private static final byte[] ESCAPED_BACKSLASH = { '\\', '\\' };
    private static final byte[] ESCAPED_TAB = { '\\', 't' };
    private static final byte[] ESCAPED_LINE_FEED = { '\\', 'n' };
    private static final byte[] ESCAPED_CARRIAGE_RETURN = { '\\', 'r' };

    private final Sink sink;
    private final PersonalDataProtector protector;
    private final byte[] importId;
    private byte[] buffer = new byte[FLUSH_AT + 8 * 1024];
    private int used;
    private long rows;
    private long rejected;

    StagingRows(UUID importId, PersonalDataProtector protector, Sink sink) {
        this.importId = importId.toString().getBytes(StandardCharsets.US_ASCII);
        this.protector = protector;
        this.sink = sink;
    }

    /** Appends the row of one (non-blank) line. */
    void write(long lineNumber, ImportRecord record) throws SQLException {
        String[] values = new String[COLUMNS];
        values[1] = Long.toString(lineNumber);
        if (record instanceof ImportRecord.Station station) {
            values[2] = "STATION";
            values[3] = station.code();
            values[6] = station.name();
        } else if (record instanceof ImportRecord.Household household) {
            values[2] = "HOUSEHOLD";
            values[3] = household.key();
            values[4] = household.stationCode();
            values[5] = household.number();
            values[7] = household.type().name();
            values[8] = household.address();
            newIds(values);
        } else if (record instanceof ImportRecord.Person person) {
            values[2] = "PERSON";
            values[3] = person.key();
            values[4] = person.householdKey();
            values[6] = person.name();
            values[9] = protector.encrypt(PersonalDataKind.ID_NUMBER, person.idNumber());
            values[10] = protector.blindIndex(PersonalDataKind.ID_NUMBER, person.idNumber());
            values[11] = person.sex().name();
            values[12] = person.birthDate().toString();
            values[13] = person.ethnicity();
            values[14] = person.relationship().name();
            values[15] = person.status().name();
            if (person.mobile() != null) {
                values[16] = protector.encrypt(PersonalDataKind.PHONE, person.mobile());
                values[17] = protector.blindIndex(PersonalDataKind.PHONE, person.mobile());
            }
            newIds(values);
        } else if (record instanceof ImportRecord.Rejected rejection) {
            values[18] = rejection.code();
            values[19] = rejection.detail();
            rejected++;
        }
        append(importId);
        for (int i = 1; i < COLUMNS; i++) {
            append((byte) '\t');
            if (values[i] == null) {
                append(NULL);
            } else {
                appendEscaped(values[i]);
            }
        }
        append((byte) '\n');
        rows++;
        if (used >= FLUSH_AT) {
            flush();
        }
    }

    /** The ids of the record and of its IMPORTED history row, should the import create it ({@link TimeOrderedIds}). */
    private static void newIds(String[] values) {
        long now = System.currentTimeMillis();
        values[20] = TimeOrderedIds.next(now).toString();
        values[21] = TimeOrderedIds.next(now).toString();
    }

    /** Hands what is buffered to the sink. */
    void flush() throws SQLException {
        if (used > 0) {
            sink.write(buffer, 0, used);
            used = 0;
        }
    }

    /** Rows written so far. */
    long rows() {
        return rows;
    }

    /** Rows of lines rejected on their own, so far. */
    long rejected() {
        return rejected;
    }

    /** COPY text format: backslash, tab, line feed and carriage return escaped; values hold no NUL. */
    private void appendEscaped(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> append(ESCAPED_BACKSLASH);
                case '\t' -> append(ESCAPED_TAB);
                case '\n' -> append(ESCAPED_LINE_FEED);
                case '\r' -> append(ESCAPED_CARRIAGE_RETURN);
                default -> append(b);
            }
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    private void append(byte b) {
        ensure(1);
        buffer[used++] = b;
    }

    private void ensure(int more) {
        if (used + more > buffer.length) {
            // one row longer than the slack: grow once (rows are bounded by the longest line allowed)
            byte[] larger = new byte[Math.max(buffer.length * 2, used + more)];
            System.arraycopy(buffer, 0, larger, 0, used);
            buffer = larger;
        }
    }
}
