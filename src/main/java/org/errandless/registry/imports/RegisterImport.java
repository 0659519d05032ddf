package org.errandless.registry.imports;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One register import: an extract received and staged, then applied once. Its state changes only through the named
 * transitions below, each refusing what the current state does not allow (QUEUED → RUNNING → SUCCEEDED or FAILED;
 * a RUNNING import whose instance died goes back to QUEUED).
 */
@Entity
@Table(name = "register_import")
class RegisterImport {

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "seq", insertable = false, updatable = false)
    private Long seq;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false)
    private RegisterImportState state;

    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false)
    private RegisterImportSource source;

    @Column(name = "requested_by")
    private String requestedBy;

    @Column(name = "sha256", nullable = false)
    private String sha256;

    @Column(name = "bytes", nullable = false)
    private long bytes;

    @Column(name = "lines_read", nullable = false)
    private long linesRead;

    @Column(name = "records_staged", nullable = false)
    private long recordsStaged;

    @Column(name = "stations_created")
    private Long stationsCreated;
    @Column(name = "stations_updated")
    private Long stationsUpdated;
    @Column(name = "stations_unchanged")
    private Long stationsUnchanged;
    @Column(name = "households_created")
    private Long householdsCreated;
    @Column(name = "households_updated")
    private Long householdsUpdated;
    @Column(name = "households_unchanged")
    private Long householdsUnchanged;
    @Column(name = "persons_created")
    private Long personsCreated;
    @Column(name = "persons_updated")
    private Long personsUpdated;
    @Column(name = "persons_unchanged")
    private Long personsUnchanged;
    @Column(name = "rejected")
    private Long rejected;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "claim_token")
    private UUID claimToken;

    @Column(name = "claimed_at")
    private Instant claimedAt;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "failure_code")
    private String failureCode;

    @Column(name = "failure_detail")
    private String failureDetail;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected RegisterImport() {
    }

    /** An extract fully received and staged: QUEUED. */
    static RegisterImport received(UUID id, RegisterImportSource source, String requestedBy, String sha256,
            long bytes, long linesRead, long recordsStaged, Instant now) {
        RegisterImport created = new RegisterImport();
        created.id = Objects.requireNonNull(id);
        created.source = Objects.requireNonNull(source);
        created.requestedBy = requestedBy;
        created.sha256 = Objects.requireNonNull(sha256);
        created.bytes = bytes;
        created.linesRead = linesRead;
        created.recordsStaged = recordsStaged;
        created.createdAt = Objects.requireNonNull(now);
        created.state = RegisterImportState.QUEUED;
        return created;
    }

    /** Claimed by an instance (QUEUED → RUNNING); {@code claimedAt} is the database's clock. */
    void start(UUID token, Instant claimedAt, Instant now) {
        require(RegisterImportState.QUEUED, "start");
        state = RegisterImportState.RUNNING;
        claimToken = Objects.requireNonNull(token);
        this.claimedAt = Objects.requireNonNull(claimedAt);
        attempts++;
        if (startedAt == null) {
            startedAt = now;
        }
    }

    /** Its instance died while applying it; the apply rolled back with it, so it can run again (RUNNING → QUEUED). */
    void resume() {
        require(RegisterImportState.RUNNING, "resume");
        state = RegisterImportState.QUEUED;
        claimToken = null;
        claimedAt = null;
    }

    /** Applied (RUNNING → SUCCEEDED). */
    void succeed(RegisterMerge.Counts counts, Instant now) {
        require(RegisterImportState.RUNNING, "finish");
        state = RegisterImportState.SUCCEEDED;
        stationsCreated = counts.stations().created();
        stationsUpdated = counts.stations().updated();
        stationsUnchanged = counts.stations().unchanged();
        householdsCreated = counts.households().created();
        householdsUpdated = counts.households().updated();
        householdsUnchanged = counts.households().unchanged();
        personsCreated = counts.persons().created();
        personsUpdated = counts.persons().updated();
        personsUnchanged = counts.persons().unchanged();
        rejected = counts.rejected();
        finishedAt = now;
        claimToken = null;
    }

    /** Given up: nothing of it is in the register (QUEUED or RUNNING → FAILED). */
    void fail(String code, String detail, Instant now) {
        if (state != RegisterImportState.QUEUED && state != RegisterImportState.RUNNING) {
            throw new IllegalStateException("Cannot fail an import that is " + state);
        }
        state = RegisterImportState.FAILED;
        failureCode = Objects.requireNonNull(code);
        failureDetail = detail;
        finishedAt = now;
        claimToken = null;
    }

    boolean claimedBy(UUID token) {
        return state == RegisterImportState.RUNNING && token.equals(claimToken);
    }

    UUID id() {
        return id;
    }

    RegisterImportState state() {
        return state;
    }

    long recordsStaged() {
        return recordsStaged;
    }

    int attempts() {
        return attempts;
    }

    Instant claimedAt() {
        return claimedAt;
    }

    long seq() {
        return seq;
    }

    RegisterImportView view() {
        RegisterImportView.Counts counts = state == RegisterImportState.SUCCEEDED
                ? new RegisterImportView.Counts(stationsCreated + householdsCreated + personsCreated,
                        stationsUpdated + householdsUpdated + personsUpdated,
                        stationsUnchanged + householdsUnchanged + personsUnchanged)
                : null;
        return new RegisterImportView(id, state, source, sha256, bytes, linesRead,
                counts == null ? null : counts.created(), counts == null ? null : counts.updated(),
                counts == null ? null : counts.unchanged(), rejected,
                state == RegisterImportState.SUCCEEDED ? new RegisterImportView.ByType(
                        new RegisterImportView.Counts(stationsCreated, stationsUpdated, stationsUnchanged),
                        new RegisterImportView.Counts(householdsCreated, householdsUpdated, householdsUnchanged),
                        new RegisterImportView.Counts(personsCreated, personsUpdated, personsUnchanged)) : null,
                createdAt, startedAt, finishedAt, failureCode, failureDetail);
    }

    private void require(RegisterImportState expected, String action) {
        if (state != expected) {
            throw new IllegalStateException("Cannot " + action + " an import that is " + state);
        }
    }
}
