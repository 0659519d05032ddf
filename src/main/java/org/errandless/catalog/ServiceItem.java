package org.errandless.catalog;

import org.errandless.common.security.AssuranceLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A standard service (政务服务事项) of the catalogue. Never leaves the catalog feature: see {@link ServiceItemView}. */
@Entity
@Table(name = "service_item")
public class ServiceItem extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    @Column(name = "time_limit_amount", nullable = false)
    public int timeLimitAmount;

    @Enumerated(EnumType.STRING)
    @Column(name = "time_limit_unit", nullable = false)
    public CountingUnit timeLimitUnit;

    @Enumerated(EnumType.STRING)
    @Column(name = "minimum_assurance_level", nullable = false)
    public AssuranceLevel minimumAssuranceLevel;

    @Enumerated(EnumType.STRING)
    @Column(name = "handling_mode", nullable = false)
    public HandlingMode handlingMode;

    @Column(name = "hand_over_step", nullable = false)
    public boolean handOverStep;

    @Column(name = "sort_order", nullable = false)
    public int sortOrder;

    /**
     * The application form as a JSON Schema (draft 2020-12), as JSON text. Mapped as text with a cast rather than as a
     * JSON type, so Hibernate needs no JSON format mapper (Quarkus refuses to reuse the REST one for the database);
     * jsonb keeps no key order, see {@link FormSchemas}.
     */
    @ColumnTransformer(read = "form_schema::text", write = "cast(? as jsonb)")
    @Column(name = "form_schema")
    public String formSchema;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @OneToMany(mappedBy = "service", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("sortOrder")
    public List<ServiceItemMaterial> materials = new ArrayList<>();
}
