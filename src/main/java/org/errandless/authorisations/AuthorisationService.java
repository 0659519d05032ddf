package org.errandless.authorisations;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.errandless.applications.AgentAuthorisations;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.ratelimit.RateDecision;
import org.errandless.common.ratelimit.RateLimit;
import org.errandless.common.ratelimit.RateLimiter;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.notifications.MessagePurpose;
import org.errandless.notifications.Outbox;
import org.errandless.registry.Guardianship;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegisteredMobiles;
import org.errandless.registry.RegistryService;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * 代办 authorisations (issue 15 item 2): the agent, a verified (L2) citizen, names the principal (name and ID number),
 * the service and a validity; the server sends a six-digit code by SMS (through the outbox) to the mobile the
 * register records for the principal; the principal tells the agent the code if they agree, and the agent enters it:
 * the authorisation is ACTIVE for its days from then. Either party may revoke it; every request, grant, wrong code and
 * revocation is on the audit trail.
 *
 * <p>What it reveals: a malformed ID number is 422 {@code id-number-invalid} (from the number alone); a principal under
 * 18 (from the number's birth date, not the register) 422 {@code principal-not-adult}; an unknown name and number, a
 * person no longer active and a person without a registered mobile are one answer, 422
 * {@code principal-not-reachable}, so the register is no easier to probe here than through the identity check. Codes
 * are kept as an HMAC over the authorisation id and the code, expire ({@code errandless.authorisations.code-lifetime})
 * and take {@code max-attempts} wrong tries (the last locks it, 423 {@code authorisation-code-locked}); requests are
 * limited per agent and per principal ID number (429 {@code rate-limited}), counted before the register is asked.
 *
 * <p>What revocation and expiry do: no new application on the principal's behalf (403 {@code not-entitled-to-act}),
 * and a DRAFT made under it can no longer be submitted; an application already submitted continues to its decision
 * and stays the agent's (the agent keeps access to what they made).
 */
@ApplicationScoped
public class AuthorisationService implements AgentAuthorisations {

    static final String AGENT = "AGENT";
    static final String PRINCIPAL = "PRINCIPAL";

    @Inject
    AuthorisationConfig config;
    @Inject
    CitizenAccounts accounts;
    @Inject
    RegistryService registry;
    @Inject
    RegisteredMobiles mobiles;
    @Inject
    CatalogService catalog;
    @Inject
    Outbox outbox;
    @Inject
    AuditTrail audit;
    @Inject
    RateLimiter limiter;
    @Inject
    BusinessClock clock;
    @Inject
    PersonalDataProtector protector;
    @Inject
    EntityManager entityManager;

    private final SecureRandom random = new SecureRandom();
    private SecretKeySpec codeKey;
    private RateLimit perAgent;
    private RateLimit perPrincipal;

    @PostConstruct
    void init() {
        byte[] key = protector.deriveKey("authorisation-code", 32);
        codeKey = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
        perAgent = new RateLimit("authorisation-per-agent", config.perAgent().permits(), config.perAgent().window());
        perPrincipal = new RateLimit("authorisation-per-principal", config.perPrincipal().permits(),
                config.perPrincipal().window());
    }

    // ---- asking and confirming --------------------------------------------------------------------------------

    /**
     * The agent asks: a PENDING authorisation, its code queued by SMS to the principal's registered mobile.
     *
     * @throws ProblemException 403 {@code assurance-too-low}; 404 {@code service-not-found}; 400
     *         {@code validation-failed} (validity too long, one's own ID number); 422 {@code id-number-invalid},
     *         {@code principal-not-adult}, {@code principal-not-reachable}; 429 {@code rate-limited}
     */
    public AuthorisationViews.View request(UUID accountId, AuthorisationViews.Request request) {
        PersonView agent = verifiedPerson(accountId);
        ServiceItemView service = catalog.service(request.serviceCode());
        if (request.validDays() > config.maxValidDays()) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("validDays",
                    "must be at most " + config.maxValidDays(), "out-of-range")));
        }
        LocalDate today = clock.today();
        String idNumber = IdNumbers.normalise(request.principalIdNumber());
        if (!IdNumbers.isValid(idNumber, today)) {
            throw ProblemException.unprocessable("id-number-invalid", "The principal's ID number is not valid");
        }
        if (Period.between(IdNumbers.birthDateOf(idNumber), today).getYears() < Guardianship.ADULT_AGE) {
            throw ProblemException.unprocessable("principal-not-adult", "Only an adult authorises an agent; a parent "
                    + "applies for a minor child of the household directly (onBehalfOf)");
        }
        limit(perAgent, accountId.toString());
        limit(perPrincipal, idNumber);
        UUID id = UUID.randomUUID();
        Object outcome = QuarkusTransaction.requiringNew().call(() -> {
            PersonView principal = registry.findActivePersonByIdentity(request.principalName(), idNumber)
                    .orElse(null);
            if (principal != null && principal.id().equals(agent.id())) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("principalIdNumber",
                        "is your own: apply for yourself without an authorisation", "invalid")));
            }
            Optional<String> mobile = principal == null ? Optional.empty() : mobiles.of(principal.id());
            if (mobile.isEmpty()) {
                audit.record(AuditEntry.denied(AuditActor.citizen(accountId.toString()), "authorisation.request")
                        .detail("serviceCode", service.code()).detail("reason", "principal-not-reachable"));
                // returned, not thrown: the denial stays on the audit trail
                return ProblemException.unprocessable("principal-not-reachable", "No active resident with this "
                        + "name and ID number has a mobile number in the register to confirm by; the principal can "
                        + "register one at their police station");
            }
            Instant now = clock.now();
            String code = String.format("%06d", random.nextInt(1_000_000));
            AgentAuthorisation authorisation = new AgentAuthorisation();
            authorisation.id = id;
            authorisation.principalPersonId = principal.id();
            authorisation.agentPersonId = agent.id();
            authorisation.agentAccountId = accountId;
            authorisation.serviceCode = service.code();
            authorisation.status = AgentAuthorisation.Status.PENDING;
            authorisation.validDays = request.validDays();
            authorisation.codeHash = hash(id, code);
            authorisation.codeExpiresAt = now.plus(config.codeLifetime());
            authorisation.createdAt = now;
            authorisation.persist();
            outbox.enqueueSms(mobile.get(), config.smsTemplate().replace("{code}", code)
                    .replace("{service}", service.name().zh())
                    .replace("{minutes}", String.valueOf(config.codeLifetime().toMinutes())), MessagePurpose.OTP);
            audit.record(AuditEntry.success(AuditActor.citizen(accountId.toString()), "authorisation.request")
                    .target("authorisation", id.toString()).detail("serviceCode", service.code())
                    .detail("validDays", String.valueOf(request.validDays())));
            return view(authorisation, agent.id(), now);
        });
        if (outcome instanceof ProblemException problem) {
            throw problem;
        }
        return (AuthorisationViews.View) outcome;
    }

    /**
     * The agent enters the principal's code: ACTIVE from now for its days.
     *
     * @throws ProblemException 404 {@code not-found} (not the caller's as agent); 422
     *         {@code authorisation-code-invalid} (with the tries left); 423 {@code authorisation-code-locked}; 410
     *         {@code authorisation-code-expired}; 409 {@code authorisation-not-pending}
     */
    public AuthorisationViews.View confirm(UUID accountId, UUID id, String code) {
        PersonView agent = verifiedPerson(accountId);
        Object outcome = QuarkusTransaction.requiringNew().call(() -> {
            AgentAuthorisation authorisation = entityManager.find(AgentAuthorisation.class, id,
                    LockModeType.PESSIMISTIC_WRITE);
            if (authorisation == null || !authorisation.agentPersonId.equals(agent.id())) {
                return ProblemException.notFound("authorisation");
            }
            Instant now = clock.now();
            try {
                authorisation.requirePending(now);
            } catch (ProblemException e) {
                return e;
            }
            AuditActor actor = AuditActor.citizen(accountId.toString());
            if (!matches(id, code, authorisation.codeHash)) {
                int left = authorisation.wrongCode(config.maxAttempts());
                audit.record(AuditEntry.denied(actor, "authorisation.confirm").target("authorisation", id.toString())
                        .detail("reason", left == 0 ? "locked" : "code-invalid"));
                return left == 0
                        ? new ProblemException(423, "authorisation-code-locked", "Too many wrong codes: ask for a "
                                + "new authorisation")
                        : ProblemException.unprocessable("authorisation-code-invalid", "Wrong code; " + left
                                + (left == 1 ? " try" : " tries") + " left");
            }
            authorisation.confirm(now);
            audit.record(AuditEntry.success(actor, "authorisation.grant").target("authorisation", id.toString())
                    .detail("serviceCode", authorisation.serviceCode)
                    .detail("validUntil", authorisation.validUntil.toString()));
            return view(authorisation, agent.id(), now);
        });
        if (outcome instanceof ProblemException problem) {
            throw problem;
        }
        return (AuthorisationViews.View) outcome;
    }

    // ---- reading and revoking ---------------------------------------------------------------------------------

    /** The authorisations the caller gave or holds, newest first, in cursor pages. */
    public Page<AuthorisationViews.View> list(UUID accountId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        UUID person = accounts.byId(accountId).map(account -> account.personId).orElse(null);
        if (person == null) {
            return new Page<>(List.of(), null);
        }
        Instant afterAt = null;
        UUID afterId = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                afterAt = Instant.parse(keys[0]);
                afterId = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("cursor",
                        "is not a cursor this API issued", "invalid")));
            }
        }
        Instant now = clock.now();
        Instant at = afterAt;
        UUID after = afterId;
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createQuery("from AgentAuthorisation a where (a.agentPersonId = :person or "
                    + "a.principalPersonId = :person)" + (at == null ? "" : " and (a.createdAt < :at or "
                            + "(a.createdAt = :at and a.id < :after))") + " order by a.createdAt desc, a.id desc",
                    AgentAuthorisation.class).setParameter("person", person).setMaxResults(size + 1);
            if (at != null) {
                query.setParameter("at", at).setParameter("after", after);
            }
            List<AgentAuthorisation> rows = query.getResultList();
            Map<UUID, PersonView> people = new HashMap<>();
            List<AuthorisationViews.View> items = new ArrayList<>();
            for (AgentAuthorisation row : rows.subList(0, Math.min(size, rows.size()))) {
                items.add(view(row, person, now, people));
            }
            String next = null;
            if (rows.size() > size) {
                AgentAuthorisation last = rows.get(size - 1);
                next = Cursors.encode(last.createdAt.toString(), last.id.toString());
            }
            return new Page<>(items, next);
        });
    }

    /**
     * Either party revokes: REVOKED from now (again: no change). Answers the authorisation.
     *
     * @throws ProblemException 404 {@code not-found} for anyone else
     */
    public AuthorisationViews.View revoke(UUID accountId, UUID id) {
        UUID person = accounts.byId(accountId).map(account -> account.personId)
                .orElseThrow(() -> ProblemException.notFound("authorisation"));
        return QuarkusTransaction.requiringNew().call(() -> {
            AgentAuthorisation authorisation = entityManager.find(AgentAuthorisation.class, id,
                    LockModeType.PESSIMISTIC_WRITE);
            if (authorisation == null || !(authorisation.agentPersonId.equals(person)
                    || authorisation.principalPersonId.equals(person))) {
                throw ProblemException.notFound("authorisation");
            }
            Instant now = clock.now();
            String by = authorisation.principalPersonId.equals(person) ? PRINCIPAL : AGENT;
            if (authorisation.revoke(by, now)) {
                audit.record(AuditEntry.success(AuditActor.citizen(accountId.toString()), "authorisation.revoke")
                        .target("authorisation", id.toString()).detail("serviceCode", authorisation.serviceCode)
                        .detail("revokedBy", by));
            }
            return view(authorisation, person, now);
        });
    }

    // ---- for applications ---------------------------------------------------------------------------------------

    @Override
    public Optional<Authorisation> authorisationFor(UUID agentPersonId, UUID principalPersonId, String serviceCode) {
        if (agentPersonId == null || principalPersonId == null) {
            return Optional.empty();
        }
        Instant now = clock.now();
        List<AgentAuthorisation> rows = entityManager.createQuery("from AgentAuthorisation a where a.agentPersonId = "
                + ":agent and a.principalPersonId = :principal order by a.createdAt desc, a.id desc",
                AgentAuthorisation.class).setParameter("agent", agentPersonId).setParameter("principal",
                        principalPersonId).setMaxResults(200).getResultList();
        return rows.stream().filter(row -> row.serviceCode.equals(serviceCode) && row.usable(now)).findFirst()
                .or(() -> rows.stream().findFirst())
                .map(row -> new Authorisation(row.id, row.serviceCode.equals(serviceCode) && row.usable(now)));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private PersonView verifiedPerson(UUID accountId) {
        CitizenAccount account = accounts.byId(accountId).orElse(null);
        PersonView person = account == null || account.personId == null || account.assuranceLevel == null
                || !account.assuranceLevel.isAtLeast(AssuranceLevel.L2) ? null
                        : registry.person(account.personId).filter(PersonView::active).orElse(null);
        if (person == null) {
            throw new ProblemException(403, "assurance-too-low", "Verify your identity (level L2) to act for others");
        }
        return person;
    }

    private void limit(RateLimit limit, String subject) {
        RateDecision decision = limiter.acquire(limit, subject);
        if (!decision.allowed()) {
            throw ProblemException.tooManyRequests("rate-limited", "Too many authorisation requests; try again "
                    + "later", decision.retryAfterSeconds());
        }
    }

    private AuthorisationViews.View view(AgentAuthorisation row, UUID callerPerson, Instant now) {
        return view(row, callerPerson, now, new HashMap<>());
    }

    private AuthorisationViews.View view(AgentAuthorisation row, UUID callerPerson, Instant now,
            Map<UUID, PersonView> people) {
        PersonView principal = people.computeIfAbsent(row.principalPersonId,
                id -> registry.person(id).orElse(null));
        PersonView agent = people.computeIfAbsent(row.agentPersonId, id -> registry.person(id).orElse(null));
        AuthorisationState state = row.state(now);
        boolean callerIsAgent = row.agentPersonId.equals(callerPerson);
        // the agent learns the principal's register id only once the principal has confirmed
        UUID principalId = !callerIsAgent || row.confirmedAt != null ? row.principalPersonId : null;
        return new AuthorisationViews.View(row.id, row.serviceCode, state, callerIsAgent ? AGENT : PRINCIPAL,
                party(principalId, principal), party(row.agentPersonId, agent), row.validDays, row.createdAt,
                state == AuthorisationState.PENDING ? row.codeExpiresAt : null, row.confirmedAt, row.validUntil,
                row.revokedAt, row.revokedBy);
    }

    private static AuthorisationViews.Party party(UUID id, PersonView person) {
        return new AuthorisationViews.Party(id, person == null ? null : person.name(),
                person == null ? null : person.maskedIdNumber());
    }

    private String hash(UUID id, String code) {
        return HexFormat.of().formatHex(mac(id, code));
    }

    private boolean matches(UUID id, String presented, String stored) {
        if (stored == null || presented == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(HexFormat.of().parseHex(stored), mac(id, presented));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(UUID id, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(codeKey);
            mac.update(id.toString().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
