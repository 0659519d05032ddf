package org.errandless.registry;

/** What a row of the register's change history records. */
public enum RegisterChangeKind {
    /** Loaded by the demo-data seeder (never in prod). */
    SEEDED,
    /** A newborn registered with a newly generated ID number (出生登记). */
    BORN,
    /** The person joined this household (迁入). */
    MOVED_IN,
    /** The person left this household (迁出) for another one. */
    MOVED_OUT,
    /** The household's address changed (住址变更). */
    ADDRESS_CHANGED,
    /** The person was deregistered after death (死亡注销). */
    DECEASED,
    /** Another member became the head of the household. */
    HEAD_CHANGED,
    /** Created from a register extract (register import); the row names the import. */
    IMPORTED,
    /**
     * A register extract changed the record in a way no other kind describes (a name, a relationship, a status other
     * than death, a household's number, type or station); the after summary names the changed fields.
     */
    UPDATED
}
