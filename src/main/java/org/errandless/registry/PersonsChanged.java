package org.errandless.registry;

/**
 * Fired (synchronously, in the changing transaction) when persons of the register changed set-based, so that what
 * other features keep of them (the profiles of {@code GET /me}) is dropped: observers act in the same transaction.
 */
public record PersonsChanged(String cause) {
}
