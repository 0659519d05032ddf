package org.errandless.identity.citizen;

import java.util.UUID;

/**
 * SPI: tells a citizen, on their phone, about something that happened to their account that they did not do
 * themselves. The default implementation only logs (the phone masked); a delivering implementation (the SMS outbox)
 * replaces it by being a bean of this type.
 *
 * <p>Calls come inside the transaction that made the change, so an implementation that writes an outbox row commits
 * or rolls back with it. Implementations must not block on delivery and must never log the phone number in clear.
 */
public interface AccountNotifier {

    /**
     * The person this account was bound to proved with a face check that they hold another account; this account is
     * back at L1 and all its sign-ins are revoked.
     *
     * @param accountId the account that lost its binding
     * @param phone its phone number (11 digits), to send the message to
     */
    void identityMovedAway(UUID accountId, String phone);
}
