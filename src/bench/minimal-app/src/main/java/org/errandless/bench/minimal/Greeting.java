package org.errandless.bench.minimal;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One Panache entity, mapped onto the table of the one Flyway migration. */
@Entity
public class Greeting extends PanacheEntityBase {

    @Id
    public UUID id;

    public String text;
}
