package org.errandless.identity.verification;

/**
 * A face provider's verdict.
 *
 * @param match the face is the person's
 * @param live the photo was taken of a living person, not of a picture or a screen
 */
public record FaceVerdict(boolean match, boolean live) {

    /** Both, which is what L3 needs. */
    public boolean passed() {
        return match && live;
    }
}
