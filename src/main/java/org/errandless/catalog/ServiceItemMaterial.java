package org.errandless.catalog;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** That a service needs a material: whether it is required and which alternatives group it belongs to. */
@Entity
@Table(name = "service_item_material")
public class ServiceItemMaterial extends PanacheEntityBase {

    @EmbeddedId
    public Key id = new Key();

    @MapsId("serviceCode")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "service_code")
    public ServiceItem service;

    @MapsId("materialCode")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "material_code")
    public Material material;

    @Column(nullable = false)
    public boolean required;

    /** Materials of one service with the same group are alternatives: any one satisfies the group. */
    @Column(name = "one_of_group")
    public String oneOfGroup;

    @Column(name = "sort_order", nullable = false)
    public int sortOrder;

    /** Primary key: service and material. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "service_code")
        public String serviceCode;

        @Column(name = "material_code")
        public String materialCode;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(serviceCode, key.serviceCode)
                    && Objects.equals(materialCode, key.materialCode);
        }

        @Override
        public int hashCode() {
            return Objects.hash(serviceCode, materialCode);
        }
    }
}
