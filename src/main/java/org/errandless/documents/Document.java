package org.errandless.documents;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A document's metadata; its bytes are in the {@link ContentStore} under the same id. */
@Entity
@Table(name = "document")
public class Document extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "owner_id")
    public UUID ownerId;
    public String kind;
    public String filename;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public long size;
    public String sha256;
    public Integer width;
    public Integer height;
    @Column(name = "scan_result")
    public String scanResult;
    @Column(name = "created_at")
    public Instant createdAt;

    DocumentView view() {
        return new DocumentView(id, kind, filename, contentType, size, sha256, width, height, scanResult, createdAt);
    }
}
