package org.errandless.sharing;

import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;

/**
 * Derives how two members of one household are related from each one's relationship to the head (与户主关系).
 *
 * <p>The path runs from the first person to the head and on to the second: the head is the inverse of the first
 * person's relation to them, the second person is their relation of the head. Only compositions the register makes
 * certain are answered (a child of the head and another child are siblings; the head's spouse is a parent of the
 * head's children); anything that could be two things (a grandchild of the head is a son's child or a nephew of
 * another son) is {@link Kinship#OTHER}. The answer is gendered by the second person's sex.
 */
public final class Kinships {

    /** A relation without sex. */
    enum Kin {
        SELF, SPOUSE, PARENT, CHILD, SIBLING, GRANDPARENT, GRANDCHILD, PARENT_IN_LAW, CHILD_IN_LAW, OTHER;

        Kin inverse() {
            return switch (this) {
                case PARENT -> CHILD;
                case CHILD -> PARENT;
                case GRANDPARENT -> GRANDCHILD;
                case GRANDCHILD -> GRANDPARENT;
                case PARENT_IN_LAW -> CHILD_IN_LAW;
                case CHILD_IN_LAW -> PARENT_IN_LAW;
                default -> this;
            };
        }
    }

    private Kinships() {
    }

    /**
     * The second person's relation to the first, both of one household.
     *
     * @param first the first person's relationship to the head
     * @param firstSex the first person's sex
     * @param second the second person's relationship to the head
     * @param secondSex the second person's sex (genders the answer)
     */
    public static Kinship derive(Relationship first, Sex firstSex, Relationship second, Sex secondSex) {
        if (first == Relationship.HEAD && second == Relationship.HEAD) {
            return Kinship.OTHER; // one household has one head: two heads say the data is not what we think
        }
        Kin headToFirst = kinOf(first).inverse();
        Kin secondToHead = kinOf(second);
        Kin kin = compose(headToFirst, secondToHead, firstSex, secondSex);
        return gendered(kin, secondSex);
    }

    /** The relation of B to A, given the head's relation to A ({@code x}) and B's relation to the head ({@code y}). */
    static Kin compose(Kin x, Kin y, Sex aSex, Sex bSex) {
        if (x == Kin.OTHER || y == Kin.OTHER) {
            return Kin.OTHER;
        }
        if (x == Kin.SELF) {
            return y;
        }
        if (y == Kin.SELF) {
            return x;
        }
        return switch (x) {
            // A is the head's spouse
            case SPOUSE -> switch (y) {
                case CHILD -> Kin.CHILD;
                case GRANDCHILD -> Kin.GRANDCHILD;
                case CHILD_IN_LAW -> Kin.CHILD_IN_LAW;
                case PARENT -> Kin.PARENT_IN_LAW;
                default -> Kin.OTHER;
            };
            // A is the head's child
            case PARENT -> switch (y) {
                case SPOUSE -> Kin.PARENT;
                case CHILD -> Kin.SIBLING;
                case PARENT -> Kin.GRANDPARENT;
                default -> Kin.OTHER;
            };
            // A is the head's parent
            case CHILD -> switch (y) {
                case SPOUSE -> Kin.CHILD_IN_LAW;
                case CHILD -> Kin.GRANDCHILD;
                case SIBLING -> Kin.CHILD;
                // the head's father and mother: registered together they are each other's spouse
                case PARENT -> aSex != bSex ? Kin.SPOUSE : Kin.OTHER;
                default -> Kin.OTHER;
            };
            // A is the head's grandchild
            case GRANDPARENT -> y == Kin.SPOUSE ? Kin.GRANDPARENT : Kin.OTHER;
            // A is the head's sibling
            case SIBLING -> switch (y) {
                case PARENT -> Kin.PARENT;
                case SIBLING -> Kin.SIBLING;
                case GRANDPARENT -> Kin.GRANDPARENT;
                default -> Kin.OTHER;
            };
            // A is the head's grandparent
            case GRANDCHILD -> y == Kin.SIBLING ? Kin.GRANDCHILD : Kin.OTHER;
            // A is the head's child-in-law
            case PARENT_IN_LAW -> y == Kin.SPOUSE ? Kin.PARENT_IN_LAW : Kin.OTHER;
            default -> Kin.OTHER;
        };
    }

    static Kin kinOf(Relationship relationship) {
        return switch (relationship) {
            case HEAD -> Kin.SELF;
            case SPOUSE -> Kin.SPOUSE;
            case SON, DAUGHTER -> Kin.CHILD;
            case FATHER, MOTHER -> Kin.PARENT;
            case GRANDSON, GRANDDAUGHTER -> Kin.GRANDCHILD;
            case GRANDFATHER, GRANDMOTHER -> Kin.GRANDPARENT;
            case SON_IN_LAW, DAUGHTER_IN_LAW -> Kin.CHILD_IN_LAW;
            case BROTHER, SISTER -> Kin.SIBLING;
            case OTHER -> Kin.OTHER;
        };
    }

    static Kinship gendered(Kin kin, Sex sex) {
        boolean male = sex == Sex.M;
        return switch (kin) {
            case SELF -> Kinship.SELF;
            case SPOUSE -> Kinship.SPOUSE;
            case PARENT -> male ? Kinship.FATHER : Kinship.MOTHER;
            case CHILD -> male ? Kinship.SON : Kinship.DAUGHTER;
            case SIBLING -> male ? Kinship.BROTHER : Kinship.SISTER;
            case GRANDPARENT -> male ? Kinship.GRANDFATHER : Kinship.GRANDMOTHER;
            case GRANDCHILD -> male ? Kinship.GRANDSON : Kinship.GRANDDAUGHTER;
            case PARENT_IN_LAW -> male ? Kinship.FATHER_IN_LAW : Kinship.MOTHER_IN_LAW;
            case CHILD_IN_LAW -> male ? Kinship.SON_IN_LAW : Kinship.DAUGHTER_IN_LAW;
            case OTHER -> Kinship.OTHER;
        };
    }
}
