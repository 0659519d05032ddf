package org.errandless.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A police station (派出所) that keeps the register of the households in its jurisdiction. */
@Entity
@Table(name = "station")
class Station {

    @Id
    @Column(name = "code")
    private String code;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "division_code", nullable = false)
    private String divisionCode;

    protected Station() {
    }

    Station(String code, String name, String divisionCode) {
        this.code = code;
        this.name = name;
        this.divisionCode = divisionCode;
    }

    String code() {
        return code;
    }

    String divisionCode() {
        return divisionCode;
    }

    StationView view() {
        return new StationView(code, name, divisionCode);
    }
}
