package org.errandless.common.web;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list: the items and the opaque cursor of the next page ({@code null} on the last).
 *
 * @param <T> the item type
 */
public record Page<T>(List<T> items,
        @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true) String nextCursor) {

    /** A page with no successor. */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }
}
