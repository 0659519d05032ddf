package org.errandless.audit;

import org.errandless.common.web.RequestIds;
import org.jboss.logging.MDC;

/** The request id of the work in progress, as the HTTP layer put it into the log context. */
final class CurrentRequest {

    private static final int MAX_LENGTH = 64;

    private CurrentRequest() {
    }

    /** The request id, or null outside a request (background jobs, start-up). */
    static String id() {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId == null) {
            return null;
        }
        String text = requestId.toString();
        // ids from RequestIds are at most 64 characters; anything else put there is only a correlation hint
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
    }
}
