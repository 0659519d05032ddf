package org.errandless.registry;

/** A family household (家庭户) or a collective one (集体户: a dormitory, a company, a care home). */
public enum HouseholdType {
    FAMILY,
    COLLECTIVE
}
