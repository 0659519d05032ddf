package org.errandless.identity.client;

import java.util.Set;

/**
 * The purposes a partner client may be granted (SPI; "Sharing" implements it with the purposes of its checks and
 * their legal bases). Identity keeps which client was granted which purpose and refuses to grant a code that is not
 * here; what a purpose allows is the sharing feature's business.
 */
public interface PartnerPurposes {

    /** The codes of every purpose, e.g. {@code SOCIAL_ASSISTANCE}. */
    Set<String> codes();
}
