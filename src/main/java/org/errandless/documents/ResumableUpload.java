package org.errandless.documents;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A resumable (tus) upload in progress: what the client declared and how many bytes have arrived. Its bytes are in
 * the {@link ContentStore} under the same id; when the last one arrives it becomes the {@link Document} with this id.
 */
@Entity
@Table(name = "resumable_upload")
public class ResumableUpload extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "owner_id")
    public UUID ownerId;
    @Column(name = "upload_length")
    public long length;
    @Column(name = "upload_offset")
    public long offset;
    /** Upload-Metadata as sent, echoed on HEAD. */
    public String metadata;
    public String filename;
    public String kind;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    /** The content store's own record of the bytes so far (an S3 multipart upload and its parts); opaque here. */
    @Column(name = "store_state")
    public String storeState;
    /** The SHA-256 of the bytes so far, to go on hashing from ({@link ResumableSha256}); null when it was lost. */
    @Column(name = "sha256_state")
    public byte[] sha256State;
    // lease_token and lease_until are only ever touched by UploadService's native statements

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    UploadView view() {
        return new UploadView(id, length, offset, metadata, expiresAt);
    }
}
