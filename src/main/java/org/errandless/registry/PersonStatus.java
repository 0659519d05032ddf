package org.errandless.registry;

/** Where a person stands in the register. */
public enum PersonStatus {
    /** Registered and living: the only status that can apply for anything or be found by identity checks. */
    ACTIVE,
    /** Registration moved out of the city's register (to another province); the record stays for history. */
    MOVED_OUT,
    /** Deregistered after death (死亡注销). */
    DECEASED
}
