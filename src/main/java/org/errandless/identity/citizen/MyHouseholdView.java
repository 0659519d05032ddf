package org.errandless.identity.citizen;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The citizen's household as registered. */
@Schema(name = "MyHousehold")
public record MyHouseholdView(UUID id, @Schema(example = "5001030100001") String householdNumber,
        @Schema(example = "FAMILY") String type, @Schema(example = "重庆市渝中区民族路100号(demo)") String address,
        @Schema(example = "50010301") String stationCode, @Schema(example = "渝中区解放碑派出所(demo)") String stationName,
        List<HouseholdMemberView> members) {
}
