package org.errandless.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A kind of evidence (材料) with a stable code; services say which ones they need. */
@Entity
@Table(name = "material")
public class Material extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MaterialSource source;

    /** Only for {@link MaterialSource#SHARED}. */
    @Enumerated(EnumType.STRING)
    @Column(name = "source_department")
    public SourceDepartment sourceDepartment;
}
