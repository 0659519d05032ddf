package org.errandless.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A GB/T 2260 administrative division: reference data, loaded from {@code reference/divisions-chongqing.csv}. */
@Entity
@Table(name = "division")
class Division {

    @Id
    @Column(name = "code")
    private String code;

    @Column(name = "name_zh", nullable = false)
    private String nameZh;

    @Column(name = "name_en", nullable = false)
    private String nameEn;

    @Column(name = "parent_code")
    private String parentCode;

    protected Division() {
    }

    String code() {
        return code;
    }

    DivisionView view() {
        return new DivisionView(code, nameZh, nameEn, parentCode);
    }
}
