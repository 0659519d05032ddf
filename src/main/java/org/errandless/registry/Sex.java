package org.errandless.registry;

/** A person's sex as the register and the ID number record it (odd sequence = male, even = female). */
public enum Sex {
    M,
    F
}
