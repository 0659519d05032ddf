package org.errandless.identity.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.Roles;
import org.errandless.identity.token.TokenService;
import org.errandless.identity.token.TokenSubject;
import org.errandless.identity.token.TokenSubjects;
import org.hibernate.query.NativeQuery;

/**
 * Partner clients: created, rotated and disabled by admins (each on the audit trail), authenticated by the token
 * endpoint. Secrets are 256 random bits shown once; only their SHA-256 hash is stored, compared in constant time.
 * As a {@link TokenSubjects} loader it tells the token check whether a client is still enabled, so a disabled
 * client's tokens stop working with the next request.
 */
@ApplicationScoped
@Transactional
public class PartnerClients implements TokenSubjects {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the client id is unknown, so the answer takes as long as for a wrong secret. */
    private static final String NOBODY = hash("no-such-client");

    @Inject
    AuditTrail audit;
    @Inject
    PartnerPurposes purposes;
    @Inject
    TokenService tokens;

    public ClientCredentials create(CreateClientRequest request, AuditActor actor) {
        PartnerClient client = new PartnerClient();
        client.id = UUID.randomUUID();
        client.name = request.name().strip();
        client.department = request.department().strip();
        client.scopes = String.join(" ", new LinkedHashSet<>(request.scopes()));
        client.dailyQuota = request.dailyQuota();
        if (request.purposes() != null) {
            for (String code : request.purposes()) {
                client.purposes.add(purposeCode(code, "purposes"));
            }
        }
        String secret = null;
        if (request.publicKey() != null && !request.publicKey().isBlank()) {
            if (ClientAssertions.parse(request.publicKey()).isEmpty()) {
                throw ProblemException.validation(java.util.List.of(new org.errandless.common.problem.Problem
                        .InvalidParam("publicKey", "is not an RSA or EC public key in X.509 PEM", "invalid")));
            }
            client.publicKey = request.publicKey().strip();
        } else {
            secret = newSecret();
            client.secretHash = hash(secret);
        }
        client.createdAt = now();
        client.updatedAt = client.createdAt;
        client.persist();
        audit.record(AuditEntry.success(actor, "partner-client.create").target("partner-client", client.id.toString())
                .detail("scopes", client.scopes).detail("purposes", String.join(" ", new TreeSet<>(client.purposes)))
                .detail("dailyQuota", Integer.toString(client.dailyQuota)));
        return new ClientCredentials(client.id, secret, PartnerClientView.of(client));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PartnerClientView get(UUID id) {
        return PartnerClientView.of(existing(id));
    }

    /** Clients in id order, in cursor pages. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public org.errandless.common.web.Page<PartnerClientView> list(String cursor, Integer limit) {
        int size = org.errandless.common.web.Cursors.limit(limit);
        java.util.List<PartnerClient> rows;
        if (cursor == null) {
            rows = PartnerClient.<PartnerClient>find("order by id").range(0, size).list();
        } else {
            UUID after;
            try {
                after = UUID.fromString(org.errandless.common.web.Cursors.decode(cursor, 1)[0]);
            } catch (IllegalArgumentException e) {
                throw ProblemException.validation(java.util.List.of(new org.errandless.common.problem.Problem
                        .InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
            rows = PartnerClient.<PartnerClient>find("id > ?1 order by id", after).range(0, size).list();
        }
        java.util.List<PartnerClientView> items = rows.stream().limit(size).map(PartnerClientView::of).toList();
        if (rows.size() <= size) {
            return org.errandless.common.web.Page.last(items);
        }
        return new org.errandless.common.web.Page<>(items,
                org.errandless.common.web.Cursors.encode(items.get(items.size() - 1).clientId().toString()));
    }

    /** A new secret; the old one stops working at once (tokens already issued live out their few minutes). */
    public ClientCredentials rotateSecret(UUID id, AuditActor actor) {
        PartnerClient client = existing(id);
        String secret = newSecret();
        client.secretHash = hash(secret);
        client.updatedAt = now();
        audit.record(AuditEntry.success(actor, "partner-client.rotate-secret").target("partner-client",
                client.id.toString()));
        return new ClientCredentials(client.id, secret, PartnerClientView.of(client));
    }

    /** Disables the client: no new tokens, and its tokens are refused from the next request. Idempotent. */
    public PartnerClientView disable(UUID id, AuditActor actor) {
        PartnerClient client = existing(id);
        if (!client.disabled) {
            client.disabled = true;
            client.updatedAt = now();
            tokens.accountDisabled(TokenService.PARTNER, client.id, "client-disabled");
            audit.record(AuditEntry.success(actor, "partner-client.disable").target("partner-client",
                    client.id.toString()));
        }
        return PartnerClientView.of(client);
    }

    /**
     * Grants a purpose to a client: from now on its checks may name it. Granting a purpose it has changes nothing.
     *
     * @throws ProblemException 400 {@code validation-failed} for a code that is no purpose; 404 {@code not-found}
     */
    public PartnerClientView grantPurpose(UUID id, String purpose, AuditActor actor) {
        String code = purposeCode(purpose, "purpose");
        PartnerClient client = lockedForUpdate(id);
        if (client.purposes.add(code)) {
            client.updatedAt = now();
            audit.record(AuditEntry.success(actor, "partner-client.grant-purpose").target("partner-client",
                    client.id.toString()).detail("purpose", code));
        }
        return PartnerClientView.of(client);
    }

    /**
     * Revokes a purpose: from the next check on, naming it is refused. Revoking a purpose the client lacks changes
     * nothing.
     *
     * @throws ProblemException 400 {@code validation-failed} for a code that is no purpose; 404 {@code not-found}
     */
    public PartnerClientView revokePurpose(UUID id, String purpose, AuditActor actor) {
        String code = purposeCode(purpose, "purpose");
        PartnerClient client = lockedForUpdate(id);
        if (client.purposes.remove(code)) {
            client.updatedAt = now();
            audit.record(AuditEntry.success(actor, "partner-client.revoke-purpose").target("partner-client",
                    client.id.toString()).detail("purpose", code));
        }
        return PartnerClientView.of(client);
    }

    /** The enabled client with this id and secret; empty for anything else (one answer for every refusal). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PartnerClientView> authenticate(String clientId, String secret) {
        Optional<PartnerClient> client = parse(clientId).flatMap(id -> PartnerClient.<PartnerClient>findByIdOptional(id));
        String presented = hash(secret == null ? "" : secret);
        boolean matches = MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                client.map(found -> found.secretHash).filter(java.util.Objects::nonNull).orElse(NOBODY)
                        .getBytes(StandardCharsets.US_ASCII));
        return client.filter(found -> matches && !found.disabled).map(PartnerClientView::of);
    }

    /** An enabled client, for features that act for it (its department and quota). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PartnerClientView> enabled(UUID id) {
        return PartnerClient.<PartnerClient>findByIdOptional(id).filter(client -> !client.disabled)
                .map(PartnerClientView::of);
    }

    @Override
    public String accountType() {
        return TokenService.PARTNER;
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Set<UUID> disabledAccounts() {
        // native SQL: read at every start, where HQL would cost the start the HQL parser's first use (TokenRevocations)
        return Set.copyOf(PartnerClient.getEntityManager()
                .createNativeQuery("select id from partner_client where disabled").unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).getResultList());
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TokenSubject> load(UUID accountId) {
        return enabled(accountId).map(client -> new TokenSubject(TokenService.PARTNER, client.clientId(),
                Set.of(Roles.PARTNER), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static PartnerClient existing(UUID id) {
        PartnerClient client = PartnerClient.findById(id);
        if (client == null) {
            throw ProblemException.notFound("Partner client");
        }
        return client;
    }

    /** Locked, so concurrent changes of one client's purposes queue instead of failing on its version. */
    private static PartnerClient lockedForUpdate(UUID id) {
        PartnerClient client = PartnerClient.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (client == null) {
            throw ProblemException.notFound("Partner client");
        }
        return client;
    }

    /** A purpose code as stored (upper case), or 400 naming the parameter. */
    private String purposeCode(String code, String parameter) {
        String normalised = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (!purposes.codes().contains(normalised)) {
            throw ProblemException.validation(java.util.List.of(new org.errandless.common.problem.Problem
                    .InvalidParam(parameter, "is not a purpose of GET /api/v1/partner/purposes", "invalid")));
        }
        return normalised;
    }

    private static Optional<UUID> parse(String clientId) {
        try {
            return clientId == null ? Optional.empty() : Optional.of(UUID.fromString(clientId.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "cs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
