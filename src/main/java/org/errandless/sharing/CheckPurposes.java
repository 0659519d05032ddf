package org.errandless.sharing;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.errandless.identity.client.PartnerPurposes;

/** The purposes admins may grant to partner clients: those of {@link Purpose}. */
@ApplicationScoped
public class CheckPurposes implements PartnerPurposes {

    private static final Set<String> CODES = Arrays.stream(Purpose.values()).map(Purpose::name)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<String> codes() {
        return CODES;
    }
}
