package org.errandless.registry;

/**
 * A person's relationship to the head of their household (与户主关系), as the household register records it.
 *
 * <p>Members of a collective household are {@link #OTHER} to its head.
 */
public enum Relationship {
    HEAD,
    SPOUSE,
    SON,
    DAUGHTER,
    FATHER,
    MOTHER,
    GRANDSON,
    GRANDDAUGHTER,
    GRANDFATHER,
    GRANDMOTHER,
    SON_IN_LAW,
    DAUGHTER_IN_LAW,
    BROTHER,
    SISTER,
    OTHER
}
