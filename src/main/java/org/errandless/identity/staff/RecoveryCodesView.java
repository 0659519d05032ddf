package org.errandless.identity.staff;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A new set of recovery codes, shown this once.
 *
 * @param recoveryCodes ten codes, each good for one sign-in (or one other step that needs a code)
 * @param issuedAt when they were made; earlier sets stopped working then
 */
@Schema(name = "RecoveryCodes", description = "Ten one-time recovery codes, shown only in this answer: each replaces a "
        + "code of the app once (at sign-in, or to disable the second factor or get new codes). Keep them offline.")
public record RecoveryCodesView(
        @Schema(example = "[\"7KQ4M-ZP2XD\",\"R9TCW-4HNV6\",\"BX3JE-PL8QY\",\"M2VDS-6GKTA\",\"Q8HNF-3WZRC\","
                + "\"T5EJX-YK7PB\",\"LC4GM-9RDVN\",\"W6BPZ-2QXHS\",\"F3NKT-8MYJE\",\"H7SRA-5VCLW\"]")
        List<String> recoveryCodes,
        @Schema(example = "2026-09-30T02:00:00Z") Instant issuedAt) {
}
