package org.errandless.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The schema of the catalogue's one page ({@code GET /services}), for the spec: the resource answers a
 * {@code Page<ServiceItemView>}, which the spec cannot name by itself.
 *
 * @param items every service, in catalogue order
 * @param nextCursor always null: the catalogue is one page
 */
@Schema(name = "ServiceItemPage", description = "The whole catalogue, as one page")
record ServiceItemPage(
        @Schema(required = true) List<ServiceItemView> items,
        @Schema(required = true, nullable = true, description = "Always null: the catalogue is one page")
        String nextCursor) {
}
