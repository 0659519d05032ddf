package org.errandless.catalog;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An exceptional day of a covered year: a holiday, or a make-up working day (调休). */
@Entity
@Table(name = "calendar_day")
public class CalendarDay extends PanacheEntityBase {

    /** What kind of exception a day is. */
    public enum Kind {
        /** Off, although it may be a weekday. */
        HOLIDAY,
        /** Worked, although a weekend day. */
        MAKE_UP_WORKDAY
    }

    @Id
    public LocalDate day;

    @Column(nullable = false)
    public int year;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** The holiday's name; null for make-up working days. */
    public String name;
}
