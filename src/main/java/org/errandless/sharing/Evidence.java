package org.errandless.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.errandless.common.crypto.PersonalDataMasks;

/**
 * The evidence of a fetched material as officers see it, and its digest.
 *
 * <p>Evidence never carries a full ID number: fields named {@code ...idNumber} and any value that looks like one are
 * masked, at any depth. The digest is {@code sha256:<hex>} over the canonical JSON of the evidence (object keys
 * sorted, no insignificant whitespace, UTF-8), so the same facts always give the same digest and a later change of
 * the stored evidence shows.
 */
final class Evidence {

    private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[\\dXx]");
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private Evidence() {
    }

    /** The facts with ID numbers masked, objects as key-sorted maps. */
    static Map<String, Object> masked(Map<String, Object> facts) {
        Map<String, Object> evidence = new TreeMap<>();
        facts.forEach((key, value) -> evidence.put(key, mask(key, value)));
        return evidence;
    }

    @SuppressWarnings("unchecked")
    private static Object mask(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            return masked((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(mask(key, element)));
            return copy;
        }
        if (value instanceof String text && (key.toLowerCase(Locale.ROOT).endsWith("idnumber")
                || ID_NUMBER.matcher(text.strip()).matches())) {
            return PersonalDataMasks.idNumber(text);
        }
        return value;
    }

    /** The canonical JSON of the evidence. */
    static String canonicalJson(Map<String, Object> evidence) {
        try {
            return CANONICAL.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Evidence that is not JSON", e);
        }
    }

    /** {@code sha256:<hex>} over {@link #canonicalJson(Map)}. */
    static String digest(Map<String, Object> evidence) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(evidence).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
