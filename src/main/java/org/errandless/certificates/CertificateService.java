package org.errandless.certificates;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.applications.ApplicationForms;
import org.errandless.applications.ApplicationLookup;
import org.errandless.applications.ApplicationStatus;
import org.errandless.applications.ApplicationStatusChanged;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.ServiceItemView;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.ratelimit.RateDecision;
import org.errandless.common.ratelimit.RateLimit;
import org.errandless.common.ratelimit.RateLimiter;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;
import org.errandless.registry.Relationship;
import org.errandless.registry.StationView;

/**
 * E-certificates: issued in the transaction of an application's completion, shown to their holder, verified by
 * anyone (by code or as a whole JWS), revoked by administrators.
 *
 * <p>Claims carry the holder's ID number only masked, so neither the database column nor a leaked certificate
 * reveals it. Verification answers are deliberately small: valid or not, the type, the date, the masked holder and
 * the issuer.
 */
@ApplicationScoped
@Transactional
public class CertificateService {

    static final String VERIFY_PATH = "/api/v1/certificates/verify/";
    static final String ISSUE = "certificate.issue";
    static final String REVOKE = "certificate.revoke";
    static final String TARGET = "certificate";

    /** More than enough: a collision among 2^60 codes is already improbable once. */
    private static final int MAX_CODE_ATTEMPTS = 10;

    private static final TypeReference<LinkedHashMap<String, Object>> CLAIMS = new TypeReference<>() {
    };
    private static final Map<Relationship, String> RELATIONSHIPS_ZH = new EnumMap<>(Relationship.class);

    static {
        RELATIONSHIPS_ZH.put(Relationship.HEAD, "户主");
        RELATIONSHIPS_ZH.put(Relationship.SPOUSE, "配偶");
        RELATIONSHIPS_ZH.put(Relationship.SON, "子");
        RELATIONSHIPS_ZH.put(Relationship.DAUGHTER, "女");
        RELATIONSHIPS_ZH.put(Relationship.FATHER, "父亲");
        RELATIONSHIPS_ZH.put(Relationship.MOTHER, "母亲");
        RELATIONSHIPS_ZH.put(Relationship.GRANDSON, "孙子");
        RELATIONSHIPS_ZH.put(Relationship.GRANDDAUGHTER, "孙女");
        RELATIONSHIPS_ZH.put(Relationship.GRANDFATHER, "祖父");
        RELATIONSHIPS_ZH.put(Relationship.GRANDMOTHER, "祖母");
        RELATIONSHIPS_ZH.put(Relationship.SON_IN_LAW, "女婿");
        RELATIONSHIPS_ZH.put(Relationship.DAUGHTER_IN_LAW, "儿媳");
        RELATIONSHIPS_ZH.put(Relationship.BROTHER, "兄弟");
        RELATIONSHIPS_ZH.put(Relationship.SISTER, "姐妹");
        RELATIONSHIPS_ZH.put(Relationship.OTHER, "其他");
    }

    @Inject
    Certificates certificates;
    @Inject
    CertificateSignatures signatures;
    @Inject
    CertificateConfig config;
    @Inject
    RegistryService registry;
    @Inject
    CatalogService catalog;
    @Inject
    ApplicationForms forms;
    @Inject
    ApplicationLookup applications;
    @Inject
    AuditTrail audit;
    @Inject
    RateLimiter limiter;
    @Inject
    BusinessClock clock;
    @Inject
    ObjectMapper json;

    private final SecureRandom random = new SecureRandom();
    private RateLimit verifyPerAddress;

    @PostConstruct
    void init() {
        verifyPerAddress = new RateLimit("certificate-verify-per-address", config.verifyPerAddress().permits(),
                config.verifyPerAddress().window());
    }

    // ---- issuance ---------------------------------------------------------------------------------------------

    /**
     * Issues the certificate a completed application yields, in the caller's transaction: a household-registration
     * certificate for HOUSEHOLD_CERTIFICATE, a completion notice for every other service. Does nothing for any other
     * transition, or when the application already has its certificate (a repeated event issues nothing new).
     *
     * @return the certificate's id when one was issued now
     */
    public Optional<UUID> issueOnCompletion(ApplicationStatusChanged event) {
        if (event.to() != ApplicationStatus.COMPLETED) {
            return Optional.empty();
        }
        CertificateType type = CertificateType.forService(event.serviceCode());
        if (certificates.ofApplication(event.applicationId(), type).isPresent()) {
            return Optional.empty();
        }
        PersonView holder = registry.person(event.applicantPersonId()).orElseThrow(() -> new IllegalStateException(
                "The applicant of application " + event.applicationId() + " is not in the register"));
        UUID id = UUID.randomUUID();
        String code = newVerificationCode();
        Instant issuedAt = (event.at() == null ? clock.now() : event.at()).truncatedTo(ChronoUnit.SECONDS);

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.issuer());
        claims.put("jti", id.toString());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("type", type.name());
        claims.put("title", type.titleZh);
        claims.put("verificationCode", code);
        claims.put("applicationId", event.applicationId().toString());
        claims.put("issuedAt", issuedAt.toString());
        if (type == CertificateType.HOUSEHOLD_REGISTRATION) {
            householdClaims(claims, holder, event);
        } else {
            completionClaims(claims, holder, event, issuedAt);
        }
        String claimsJson;
        try {
            claimsJson = json.writeValueAsString(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the claims of a certificate", e);
        }
        String jws = signatures.sign(claimsJson);
        certificates.persist(new Certificate(id, event.applicationId(), event.applicantAccountId(), holder.id(), type,
                code, issuedAt, claimsJson, jws, signatures.currentKid()));

        // no access record: the register is read for the holder's own application, on their behalf (the access
        // log is for reads by someone other than the person)
        audit.record(AuditEntry.success(AuditActor.system("certificates"), ISSUE).target(TARGET, id.toString())
                .detail("type", type.name()).detail("applicationId", event.applicationId().toString()));
        return Optional.of(id);
    }

    private void householdClaims(Map<String, Object> claims, PersonView holder, ApplicationStatusChanged event) {
        HouseholdView household = registry.household(holder.householdId()).orElseThrow(() -> new IllegalStateException(
                "The household of the applicant of application " + event.applicationId() + " is missing"));
        claims.put("holder", holderClaims(holder.name(), holder.maskedIdNumber()));
        claims.put("householdNumber", household.householdNumber());
        claims.put("address", household.address());
        Map<String, Object> relationship = new LinkedHashMap<>();
        relationship.put("code", holder.relationship() == null ? null : holder.relationship().name());
        relationship.put("name", holder.relationship() == null ? null : RELATIONSHIPS_ZH.get(holder.relationship()));
        claims.put("relationshipToHead", relationship);
        claims.put("station", stationClaims(household.station()));
        forms.form(event.applicationId()).map(form -> form.get("purpose")).filter(JsonNode::isTextual)
                .map(JsonNode::asText).filter(purpose -> !purpose.isBlank())
                .ifPresent(purpose -> claims.put("purpose", purpose));
    }

    private void completionClaims(Map<String, Object> claims, PersonView holder, ApplicationStatusChanged event,
            Instant issuedAt) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("code", event.serviceCode());
        Optional<ServiceItemView> item = catalog.findService(event.serviceCode());
        service.put("name", item.map(found -> found.name().zh()).orElse(event.serviceCode()));
        claims.put("service", service);
        claims.put("decisionDate", issuedAt.atZone(BusinessClock.ZONE).toLocalDate().toString());
        claims.put("holder", holderClaims(PersonalDataMasks.name(holder.name()), holder.maskedIdNumber()));
        registry.station(event.handlingStation()).ifPresent(station -> claims.put("station", stationClaims(station)));
    }

    private static Map<String, Object> holderClaims(String name, String maskedIdNumber) {
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("name", name);
        holder.put("idNumber", maskedIdNumber);
        return holder;
    }

    private static Map<String, Object> stationClaims(StationView station) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("code", station.code());
        claims.put("name", station.name());
        return claims;
    }

    private String newVerificationCode() {
        for (int attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
            String code = VerificationCodes.next(random);
            if (!certificates.codeTaken(code)) {
                return code;
            }
        }
        throw new IllegalStateException("No free verification code after " + MAX_CODE_ATTEMPTS + " attempts");
    }

    // ---- the holder -------------------------------------------------------------------------------------------

    /**
     * The certificate of an application, for its holder.
     *
     * @throws ProblemException 404 {@code not-found} when none was issued or it is someone else's (indistinguishable)
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public CertificateView ofApplication(UUID applicationId, UUID holderAccountId) {
        return view(held(applicationId, holderAccountId));
    }

    /**
     * Every certificate issued to the holder, revoked ones included, oldest first, in cursor pages: for the citizen's
     * export of their own data. With the holder's verified person, also the certificates issued about that person on
     * applications someone else (a guardian, an authorised agent) made for them.
     *
     * @param holderPersonId the account's verified person, or null
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<CertificateView> heldBy(UUID holderAccountId, UUID holderPersonId, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        Instant at = null;
        UUID after = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                at = Instant.EPOCH.plus(Long.parseLong(keys[0]), ChronoUnit.MICROS);
                after = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation(
                        List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
            }
        }
        List<Certificate> found = certificates.heldBy(holderAccountId, holderPersonId, at, after, size + 1);
        List<CertificateView> items = found.stream().limit(size).map(this::view).toList();
        if (found.size() <= size) {
            return Page.last(items);
        }
        Certificate last = found.get(size - 1);
        return new Page<>(items, Cursors.encode(
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, last.issuedAt())), last.id().toString()));
    }

    private CertificateView view(Certificate certificate) {
        return new CertificateView(certificate.id(), certificate.type(), certificate.verificationCode(),
                certificate.issuedAt(), certificate.revokedAt(), signedClaims(certificate),
                certificate.jws(), verificationUrl(certificate.verificationCode()));
    }

    /** A PNG of the QR code of the certificate's verification URL; same access as {@link #ofApplication}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public byte[] qrCode(UUID applicationId, UUID holderAccountId) {
        return QrCodes.png(verificationUrl(held(applicationId, holderAccountId).verificationCode()));
    }

    /**
     * The certificate of an application for the account that holds it (the applicant's), or for the person it is about
     * where someone else made the application for them (they read it as they read the application, read-only; no
     * access record: the certificate is theirs).
     */
    private Certificate held(UUID applicationId, UUID accountId) {
        return certificates.ofApplicationHeldBy(applicationId, accountId)
                .or(() -> applications.madeFor(accountId, applicationId) ? certificates.newestOf(applicationId)
                        : Optional.empty())
                .orElseThrow(() -> ProblemException.notFound("certificate"));
    }

    String verificationUrl(String code) {
        String base = config.publicBaseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + VERIFY_PATH + code;
    }

    /** The claims as signed (the JWS payload, in its own key order), not as jsonb reordered them. */
    private Map<String, Object> signedClaims(Certificate certificate) {
        String jws = certificate.jws();
        int from = jws.indexOf('.');
        int to = jws.lastIndexOf('.');
        try {
            return json.readValue(new String(Base64.getUrlDecoder().decode(jws.substring(from + 1, to)),
                    StandardCharsets.UTF_8), CLAIMS);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("The stored JWS of certificate " + certificate.id() + " is damaged", e);
        }
    }

    // ---- verification -----------------------------------------------------------------------------------------

    /**
     * Verifies a certificate by its verification code: {@code valid: false} for an unknown code (or anything that
     * cannot be one), {@code valid: false, revoked: true} for a revoked certificate.
     *
     * @param clientAddress for the per-address limit both verifications share
     * @throws ProblemException 429 {@code rate-limited} with {@code Retry-After}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public VerificationResult verifyCode(String code, String clientAddress) {
        throttle(clientAddress);
        Optional<Certificate> found = VerificationCodes.normalise(code).flatMap(certificates::byVerificationCode);
        if (found.isEmpty()) {
            return VerificationResult.unknown();
        }
        return answer(found.get(), null);
    }

    /**
     * Verifies a certificate presented whole (an offline copy): the signature against the current and retired
     * certificate keys, then that we issued exactly this JWS and have not revoked it.
     *
     * @throws ProblemException 429 {@code rate-limited} with {@code Retry-After}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public VerificationResult verifyJws(String compact, String clientAddress) {
        throttle(clientAddress);
        CertificateSignatures.Checked checked = signatures.check(compact.strip());
        if (!checked.valid()) {
            return VerificationResult.rejected(checked.rejection().reason);
        }
        Optional<Certificate> found = certificateId(checked.payload()).flatMap(certificates::findByIdOptional)
                // the same claims signed twice give the same JWS (RS256 is deterministic); anything else is not ours
                .filter(certificate -> certificate.jws().equals(compact.strip()));
        if (found.isEmpty()) {
            return VerificationResult.rejected("unknown-certificate");
        }
        return answer(found.get(), "revoked");
    }

    private VerificationResult answer(Certificate certificate, String revokedReason) {
        if (certificate.revoked()) {
            return VerificationResult.revoked(revokedReason);
        }
        JsonNode claims = json.valueToTree(signedClaims(certificate));
        return new VerificationResult(true, null, null, certificate.type(), certificate.issuedAt(),
                PersonalDataMasks.name(claims.path("holder").path("name").asText("")),
                claims.path("iss").asText(config.issuer()));
    }

    private Optional<UUID> certificateId(String payload) {
        try {
            JsonNode jti = json.readTree(payload).get("jti");
            return jti != null && jti.isTextual() ? Optional.of(UUID.fromString(jti.asText())) : Optional.empty();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void throttle(String clientAddress) {
        RateDecision decision = limiter.acquire(verifyPerAddress, clientAddress);
        if (!decision.allowed()) {
            throw ProblemException.tooManyRequests("rate-limited",
                    "Too many certificate verifications from your network; try again later",
                    decision.retryAfterSeconds());
        }
    }

    // ---- revocation -------------------------------------------------------------------------------------------

    /**
     * Revokes a certificate; every later verification says {@code valid: false}. Audited with the admin as actor
     * (the reason stays in the certificate, not in the trail: it is free text).
     *
     * @throws ProblemException 404 {@code not-found}; 409 {@code certificate-already-revoked}
     */
    public RevokedCertificateView revoke(UUID certificateId, String reason, String adminId, String adminLabel) {
        Certificate certificate = certificates.findByIdOptional(certificateId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("certificate"));
        certificate.revoke(clock.now().truncatedTo(ChronoUnit.MICROS), reason.strip());
        audit.record(AuditEntry.success(AuditActor.staff(adminId, adminLabel), REVOKE)
                .target(TARGET, certificate.id().toString()).detail("type", certificate.type().name())
                .detail("applicationId", certificate.applicationId().toString()));
        return new RevokedCertificateView(certificate.id(), certificate.applicationId(), certificate.type(),
                certificate.verificationCode(), certificate.issuedAt(), certificate.revokedAt(),
                certificate.revocationReason());
    }
}
