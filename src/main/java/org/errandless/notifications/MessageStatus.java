package org.errandless.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a message of the outbox stands. */
@Schema(description = "PENDING: waiting for (another) delivery attempt; SENT: the gateway accepted it; FAILED: given "
        + "up after the last attempt or refused by the provider")
public enum MessageStatus {
    /** Not delivered yet; due at its next attempt time. */
    PENDING,
    /** The gateway accepted it. */
    SENT,
    /** Given up: the provider refused it, or every attempt failed. */
    FAILED
}
