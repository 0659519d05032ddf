package org.errandless.sharing;

/**
 * How one person is related to another, as a relationship check answers it: the second person's relation to the
 * first, in the register's vocabulary, by the second person's sex. {@link #OTHER} where the register does not tell.
 */
public enum Kinship {
    SELF,
    SPOUSE,
    FATHER,
    MOTHER,
    SON,
    DAUGHTER,
    BROTHER,
    SISTER,
    GRANDFATHER,
    GRANDMOTHER,
    GRANDSON,
    GRANDDAUGHTER,
    FATHER_IN_LAW,
    MOTHER_IN_LAW,
    SON_IN_LAW,
    DAUGHTER_IN_LAW,
    OTHER
}
