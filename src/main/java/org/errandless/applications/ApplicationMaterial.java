package org.errandless.applications;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.errandless.catalog.MaterialSource;
import org.errandless.catalog.SourceDepartment;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One material of an application: the evidence attached (an uploaded document or a record fetched from a partner
 * department), and/or the outcome of the last failed fetch ({@code unavailable*}), so the citizen knows to upload.
 */
@Entity
@Table(name = "application_material")
public class ApplicationMaterial extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "application_id")
    public UUID applicationId;
    @Column(name = "material_code")
    public String materialCode;
    /** UPLOAD or SHARED once evidence is attached; null while only the unavailable mark is set. */
    @Enumerated(EnumType.STRING)
    public MaterialSource source;
    @Column(name = "document_id")
    public UUID documentId;
    @Enumerated(EnumType.STRING)
    @Column(name = "source_department")
    public SourceDepartment sourceDepartment;
    public String reference;
    @Column(name = "retrieved_at")
    public Instant retrievedAt;
    public String digest;
    /** The facts the source confirmed, as a JSON object (jsonb). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String evidence;
    @Column(name = "unavailable_reason")
    public String unavailableReason;
    @Column(name = "unavailable_detail")
    public String unavailableDetail;
    @Column(name = "unavailable_at")
    public Instant unavailableAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** The register's people the fetched evidence names (it shows them masked); empty for uploads. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "subject_person_ids")
    public UUID[] subjectPersonIds = new UUID[0];
    /**
     * When the owner deleted the uploaded document of a withdrawn application: the evidence row stays, without the
     * document ({@code documentId} null).
     */
    @Column(name = "document_deleted_at")
    public Instant documentDeletedAt;

    /** Whether evidence is attached. */
    public boolean attached() {
        return source != null;
    }

    /** Whether the last fetch found nothing and no evidence is attached. */
    public boolean unavailable() {
        return source == null && unavailableReason != null;
    }
}
