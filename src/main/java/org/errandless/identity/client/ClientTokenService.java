package org.errandless.identity.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.identity.token.TokenService;

/**
 * OAuth2 client credentials (RFC 6749 §4.4) for partner clients: authenticate the client by its secret (in the form
 * or by HTTP Basic) or by a {@code private_key_jwt} assertion (RFC 7523, {@link ClientAssertions}), grant the scopes
 * asked for when all of them were granted to the client (all of its scopes when none are asked for), and issue a
 * short-lived access token. Issues and refusals of an authenticated client are on the audit trail
 * ({@code auth.client.token}), and so are failed authentications (anonymous).
 */
@ApplicationScoped
public class ClientTokenService {

    static final String GRANT_TYPE = "client_credentials";
    static final String ACTION = "auth.client.token";

    @Inject
    PartnerClients clients;
    @Inject
    TokenService tokens;
    @Inject
    ClientAssertions assertions;
    @Inject
    AuditTrail audit;
    @Inject
    PartnersConfig config;

    /** The outcome: a token, or an RFC 6749 error with its HTTP status. */
    public record Outcome(ClientToken token, int status, TokenError error) {
        static Outcome refused(int status, String error, String description) {
            return new Outcome(null, status, new TokenError(error, description));
        }
    }

    public Outcome issue(String grantType, String clientId, String clientSecret, String scope,
            String clientAssertionType, String clientAssertion) {
        if (grantType == null || grantType.isBlank()) {
            return Outcome.refused(400, "invalid_request", "grant_type is required");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            return Outcome.refused(400, "unsupported_grant_type", "Only client_credentials is supported");
        }
        Optional<PartnerClientView> client;
        if (clientAssertionType != null || clientAssertion != null) {
            if (clientSecret != null || !ClientAssertions.JWT_BEARER.equals(clientAssertionType)
                    || clientAssertion == null) {
                return Outcome.refused(401, "invalid_client", "Client authentication failed");
            }
            client = assertions.verify(clientAssertion).filter(id -> clientId == null || clientId.strip()
                    .equalsIgnoreCase(id.toString())).flatMap(clients::enabled);
        } else if (clientId == null || clientSecret == null) {
            return Outcome.refused(401, "invalid_client", "Client authentication failed");
        } else {
            client = clients.authenticate(clientId, clientSecret);
        }
        if (client.isEmpty()) {
            // the presented id is not an id we can vouch for, so the actor stays anonymous
            audit.recordFailure(AuditEntry.failure(AuditActor.anonymous(), ACTION).detail("reason", "invalid_client"));
            return Outcome.refused(401, "invalid_client", "Client authentication failed");
        }
        Set<String> granted = new LinkedHashSet<>(client.get().scopes());
        Set<String> asked = scope == null || scope.isBlank() ? granted
                : new LinkedHashSet<>(Arrays.asList(scope.strip().split("\\s+")));
        AuditActor actor = AuditActor.partner(client.get().clientId().toString(), client.get().department());
        if (!granted.containsAll(asked)) {
            audit.recordFailure(AuditEntry.denied(actor, ACTION).detail("reason", "invalid_scope"));
            return Outcome.refused(400, "invalid_scope", "The client was not granted every scope asked for");
        }
        Duration lifetime = config.tokenLifetime();
        String token = tokens.partnerAccessToken(client.get().clientId(), asked, lifetime);
        audit.record(AuditEntry.success(actor, ACTION).detail("scope", String.join(" ", asked)));
        return new Outcome(new ClientToken(token, "Bearer", lifetime.toSeconds(), String.join(" ", asked)), 200,
                null);
    }
}
