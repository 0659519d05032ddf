package org.errandless.catalog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How far a service is handled online. */
@Schema(description = "FULLY_ONLINE: 全程网办, nothing to collect in person; ONLINE_WITH_PICKUP: applied for online, "
        + "the result (e.g. the ID card) is handed over at the station")
public enum HandlingMode {
    /** 全程网办: from application to result without a visit. */
    FULLY_ONLINE,
    /** 网上申请、窗口领取: applied for online, the result is collected in person. */
    ONLINE_WITH_PICKUP
}
