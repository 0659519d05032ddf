package org.errandless.applications;

import java.util.UUID;

import org.errandless.common.live.LiveFeed;

/**
 * The {@link LiveFeed} key of an application: every change of it (a timeline event, a form, a material) publishes it
 * in its transaction; long-polls and event streams wait on it, and every instance drops the application's answers
 * kept in memory when it arrives ({@link RenderedApplications}).
 */
public final class ApplicationFeed {

    /** The prefix of every application's key. */
    static final String PREFIX = "application:";

    private ApplicationFeed() {
    }

    /** The key of one application. */
    public static String key(UUID applicationId) {
        return PREFIX + applicationId;
    }

    /** The application a key names, or null for another key. */
    static UUID applicationOf(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return null;
        }
        try {
            return UUID.fromString(key.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
