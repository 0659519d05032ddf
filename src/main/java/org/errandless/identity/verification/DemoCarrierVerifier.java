package org.errandless.identity.verification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.registry.DemoMobiles;

/**
 * Development adapter {@code demo} of the carrier check: a phone is registered to an ID number when the demo data
 * says so (the {@code mobile} column of demo-people.csv and the numbers of the generated population), when
 * {@code errandless.carrier.demo.extra-mappings} lists the pair, or when {@link #register} was told. It ignores the
 * name: the register already matched it. Refused in prod unless development adapters are allowed (see
 * {@link VerificationProviders}).
 */
@ApplicationScoped
public class DemoCarrierVerifier implements CarrierVerifier {

    @Inject
    DemoMobiles demoMobiles;
    @Inject
    CarrierConfig config;

    /** Normalised phone to the normalised ID numbers it is registered to. */
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    @PostConstruct
    void loadExtraMappings() {
        parse(config.demo().extraMappings().orElse(List.of())).forEach(this::register);
    }

    @Override
    public boolean phoneRegisteredTo(String phone, String name, String idNumber) {
        String normalisedPhone = PersonalDataKind.PHONE.normalise(phone);
        String normalisedId = PersonalDataKind.ID_NUMBER.normalise(idNumber);
        return known.getOrDefault(normalisedPhone, Set.of()).contains(normalisedId)
                || demoMobiles.isRegisteredTo(normalisedPhone, normalisedId);
    }

    /**
     * Teaches this demo carrier one more number, in memory until restart: tests and demonstrations that sign in with
     * phones of their own use it. Only this development adapter has it; a real carrier knows its own customers.
     */
    public void register(String phone, String idNumber) {
        known.computeIfAbsent(PersonalDataKind.PHONE.normalise(phone), ignored -> ConcurrentHashMap.newKeySet())
                .add(PersonalDataKind.ID_NUMBER.normalise(idNumber));
    }

    /**
     * Reads {@code phone=idNumber} entries.
     *
     * @throws IllegalArgumentException naming the position of a malformed entry (never its content: personal data)
     */
    static Map<String, String> parse(List<String> entries) {
        Map<String, String> mappings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String phone = equals < 0 ? "" : PersonalDataKind.PHONE.normalise(entry.substring(0, equals));
            String idNumber = equals < 0 ? "" : PersonalDataKind.ID_NUMBER.normalise(entry.substring(equals + 1));
            if (!phone.matches("1\\d{10}") || !idNumber.matches("\\d{17}[\\dX]")) {
                throw new IllegalArgumentException("Entry " + (i + 1) + " of errandless.carrier.demo.extra-mappings "
                        + "is not phone=idNumber (an 11-digit mobile number and an 18-character ID number)");
            }
            mappings.put(phone, idNumber);
        }
        return mappings;
    }
}
