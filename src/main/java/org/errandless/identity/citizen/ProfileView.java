package org.errandless.identity.citizen;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.common.security.AssuranceLevel;

/** The signed-in citizen's own profile. */
@Schema(name = "Profile")
public record ProfileView(
        @Schema(example = "0b6f2c1e-8f7a-4d1b-9a55-3f1f0c2d7e91") UUID id,
        @Schema(description = "The account's own phone number (E.164); shown in full to its owner only",
                example = "+8613800000001") String phone,
        AssuranceLevel assuranceLevel,
        @Schema(description = "Name in the register, once real-name verified (L2)", nullable = true,
                example = "张伟") String name,
        @Schema(description = "ID number, masked", nullable = true, example = "500103********0516") String idNumber,
        @Schema(example = "[\"CITIZEN\"]") List<String> roles) {
}
