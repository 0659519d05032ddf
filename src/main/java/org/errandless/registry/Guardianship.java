package org.errandless.registry;

import java.time.LocalDate;
import java.time.Period;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may act as a parent (监护人) for a minor of the same household, as far as the register can tell. The register
 * records each member's relationship to the head only, so parent-ness is derived from the pair of relationships:
 *
 * <table>
 * <caption>The applicant is a parent of the subject when</caption>
 * <tr><th>applicant (to the head)</th><th>subject (to the head)</th><th>why</th></tr>
 * <tr><td>HEAD, SPOUSE</td><td>SON, DAUGHTER</td><td>the head's (and spouse's) child</td></tr>
 * <tr><td>SON, DAUGHTER, SON_IN_LAW, DAUGHTER_IN_LAW</td><td>GRANDSON, GRANDDAUGHTER</td><td>a child of the head's
 * child (or of the child's spouse)</td></tr>
 * <tr><td>FATHER, MOTHER</td><td>HEAD, BROTHER, SISTER</td><td>the head's parents' children: the head and the head's
 * siblings</td></tr>
 * <tr><td>GRANDFATHER, GRANDMOTHER</td><td>FATHER, MOTHER</td><td>the head's grandparents' children</td></tr>
 * </table>
 *
 * Everything else is not parent-ness (OTHER, the members of a collective household, is never). Where a household
 * holds several sons or daughters of the head, the register cannot say whose child a grandchild is: any of them
 * counts, as at the station's counter, where the officer then sees who applied ({@code applicant} on the
 * application). On top of the table, the subject is under {@link #MINOR_AGE} and the applicant an adult
 * ({@link #ADULT_AGE}), both on the business date.
 */
public final class Guardianship {

    /** Below this age a person cannot sign in, and a parent applies for them. */
    public static final int MINOR_AGE = 16;
    /** A guardian who applies is at least this old. */
    public static final int ADULT_AGE = 18;

    private static final Map<Relationship, Set<Relationship>> CHILDREN = Map.of(
            Relationship.HEAD, EnumSet.of(Relationship.SON, Relationship.DAUGHTER),
            Relationship.SPOUSE, EnumSet.of(Relationship.SON, Relationship.DAUGHTER),
            Relationship.SON, EnumSet.of(Relationship.GRANDSON, Relationship.GRANDDAUGHTER),
            Relationship.DAUGHTER, EnumSet.of(Relationship.GRANDSON, Relationship.GRANDDAUGHTER),
            Relationship.SON_IN_LAW, EnumSet.of(Relationship.GRANDSON, Relationship.GRANDDAUGHTER),
            Relationship.DAUGHTER_IN_LAW, EnumSet.of(Relationship.GRANDSON, Relationship.GRANDDAUGHTER),
            Relationship.FATHER, EnumSet.of(Relationship.HEAD, Relationship.BROTHER, Relationship.SISTER),
            Relationship.MOTHER, EnumSet.of(Relationship.HEAD, Relationship.BROTHER, Relationship.SISTER),
            Relationship.GRANDFATHER, EnumSet.of(Relationship.FATHER, Relationship.MOTHER),
            Relationship.GRANDMOTHER, EnumSet.of(Relationship.FATHER, Relationship.MOTHER));

    private Guardianship() {
    }

    /** Whether a member related so to the head is a parent of a member related so to the head (the table above). */
    public static boolean isParent(Relationship applicant, Relationship subject) {
        return applicant != null && subject != null
                && CHILDREN.getOrDefault(applicant, Set.of()).contains(subject);
    }

    /**
     * Whether someone born then may sign in as themself (bind an account to their person) on {@code today}: from their
     * {@link #MINOR_AGE}th birthday on (someone born on 29 February turns {@link #MINOR_AGE} on 1 March of a common
     * year, as {@link Period} counts).
     */
    public static boolean maySignIn(LocalDate birthDate, LocalDate today) {
        return birthDate != null && !isMinor(birthDate, today);
    }

    /** Whether someone born then is under {@link #MINOR_AGE} on {@code today}. */
    public static boolean isMinor(LocalDate birthDate, LocalDate today) {
        return birthDate != null && Period.between(birthDate, today).getYears() < MINOR_AGE;
    }

    /**
     * Whether the applicant may act as parent for the subject: both active members of the same household, the
     * applicant an adult and a parent of the subject by the table above, the subject a minor.
     */
    public static boolean mayActFor(PersonView applicant, PersonView subject, LocalDate today) {
        return applicant.active() && subject.active() && !applicant.id().equals(subject.id())
                && applicant.householdId() != null && applicant.householdId().equals(subject.householdId())
                && applicant.birthDate() != null && Period.between(applicant.birthDate(), today).getYears() >= ADULT_AGE
                && isParent(applicant.relationship(), subject.relationship()) && isMinor(subject.birthDate(), today);
    }
}
