package org.errandless.identity.token;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.web.idempotency.IdempotencyCaller;
import org.errandless.common.web.idempotency.IdempotentRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The caller of a refresh, for {@code Idempotency-Key}: the refresh token it presents. A stored pair is replayed only
 * to a request presenting the same token, and only while the refresh token of that pair is still unused: once the
 * client has moved on, the replay is a reuse of the spent token and ends the sign-in
 * ({@link TokenService#confirmReplayable}).
 */
@ApplicationScoped
public class RefreshTokenCaller implements IdempotencyCaller {

    @Inject
    TokenService tokens;
    @Inject
    ObjectMapper json;

    @Override
    public String kind() {
        return "refresh-token";
    }

    @Override
    public Optional<String> credential(IdempotentRequest request) {
        return request.jsonField("refreshToken").filter(token -> !token.isBlank());
    }

    @Override
    public void beforeReplay(int status, byte[] body) {
        if (status != 200 || body == null) {
            return; // a refusal replays as it is: it hands out nothing
        }
        JsonNode pair;
        try {
            pair = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("a stored refresh answer is not a token pair", e);
        }
        tokens.confirmReplayable(pair.path("refreshToken").asText());
    }
}
