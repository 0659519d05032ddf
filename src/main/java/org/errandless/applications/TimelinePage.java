package org.errandless.applications;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of a (long-)poll of the timeline: the events after the caller's {@code after} that the caller may see,
 * oldest first, and the number to pass as {@code after} next time.
 */
@Schema(name = "TimelinePage", description = "Timeline events after `after`, oldest first")
public record TimelinePage(
        @Schema(required = true, description = "The events after `after` the caller may see (PUBLIC ones for the "
                + "citizen, all for officers), oldest first; empty when the wait ran out")
        List<ApplicationView.TimelineEvent> items,
        @Schema(example = "3", required = true, description = "Pass this as `after` in the next poll: the `seq` of "
                + "the last item, or `after` itself when there are none") int lastSeq) {

    static TimelinePage of(List<ApplicationView.TimelineEvent> items, int after) {
        return new TimelinePage(items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }
}
