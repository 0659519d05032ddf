package org.errandless.privacy;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.errandless.applications.ApplicationQueries;
import org.errandless.applications.ApplicationSummary;
import org.errandless.applications.Caller;
import org.errandless.applications.ConsentRequestItem;
import org.errandless.applications.DataSharingConsents;
import org.errandless.applications.MoveInConsents;
import org.errandless.audit.ActorType;
import org.errandless.authorisations.AuthorisationService;
import org.errandless.authorisations.AuthorisationViews;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditEvent;
import org.errandless.audit.AuditOutcome;
import org.errandless.audit.AuditQuery;
import org.errandless.audit.AuditTrail;
import org.errandless.certificates.CertificateService;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.ratelimit.RateDecision;
import org.errandless.common.ratelimit.RateLimit;
import org.errandless.common.ratelimit.RateLimiter;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Page;
import org.errandless.documents.DocumentService;
import org.errandless.evaluation.EvaluationService;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.HouseholdMemberView;
import org.errandless.identity.citizen.MyHouseholdView;
import org.errandless.identity.citizen.ProfileService;
import org.errandless.identity.citizen.ProfileView;
import org.errandless.notifications.CitizenNotifications;
import org.errandless.privacy.PersonalDataExport.Account;
import org.errandless.privacy.PersonalDataExport.ExportedApplication;
import org.errandless.privacy.PersonalDataExport.ExportedDocument;
import org.errandless.privacy.PersonalDataExport.IdentityVerificationAttempt;
import org.errandless.privacy.PersonalDataExport.Person;
import org.errandless.sharing.DataAccessService;
import org.jboss.logging.Logger;

/**
 * The citizen's copy of everything held about them (PIPL art. 45), as one JSON document ({@link PersonalDataExport}).
 *
 * <p>The document is streamed: each section is read a page at a time through the owning feature's own read methods
 * (never its tables), each page in a short transaction of its own, and written out before the next is read. So a long
 * history never sits in memory whole, and no database connection is held while the client reads. The export is not a
 * snapshot: a change committed while it is written may or may not be in it.
 *
 * <p>What it holds is what the citizen's own views show them, nothing more: other household members are masked as in
 * {@code GET /me/household}; the timeline has the PUBLIC events only (the INTERNAL ones are the station's working
 * notes, not the citizen's personal information); identity checks show when, which check and how it ended, never what
 * a provider answered; documents are listed with the address of their bytes, not the bytes.
 */
@ApplicationScoped
public class PersonalDataExportService {

    /** The audit action of an export (and of a refused one). */
    static final String EXPORT = "privacy.export";
    static final String FORMAT = "errandless-personal-data-export";
    static final int VERSION = 1;
    static final String LEGAL_BASIS = "《中华人民共和国个人信息保护法》第四十五条 (PIPL art. 45)";
    static final List<String> NOTES = List.of(
            "身份证号码按各处显示方式打码；完整号码不写入下载文件。 ID numbers are masked as everywhere in the app; "
                    + "the full number is never written to a downloaded file.",
            "办件进度只含公开事件；派出所内部工作备注不属于本人个人信息。 Timelines hold the public events; the "
                    + "station's internal working notes are not part of your personal information.",
            "文件只列出信息，内容请按 contentUrl 下载。 Documents are listed; download their bytes at contentUrl.",
            "身份核验只记录时间、项目和结果，不含核验机构的答复。 Identity checks show when, which and how they "
                    + "ended, never what a provider answered.");
    private static final int PAGE = 100;
    private static final Logger LOG = Logger.getLogger(PersonalDataExportService.class);

    @Inject
    PrivacyConfig config;
    @Inject
    RateLimiter limiter;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    ProfileService profiles;
    @Inject
    ApplicationQueries applications;
    @Inject
    EvaluationService evaluations;
    @Inject
    DataSharingConsents consents;
    @Inject
    CertificateService certificates;
    @Inject
    DocumentService documents;
    @Inject
    CitizenNotifications notifications;
    @Inject
    DataAccessService dataAccess;
    @Inject
    AuthorisationService authorisations;
    @Inject
    MoveInConsents moveInConsents;
    @Inject
    ObjectMapper json;

    private RateLimit limit;
    private ObjectWriter writer;

    @PostConstruct
    void init() {
        limit = new RateLimit("personal-data-export", config.export().permits(), config.export().window());
        // one flush per page, not per item: the generator's buffer makes the chunks
        writer = json.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    /** An export that may be written: whose, in which language, as of when. */
    public record Started(UUID accountId, boolean english, Instant at) {
    }

    /**
     * Takes one of the account's exports of the window and records in the audit trail that it was taken, before any
     * of the document is written (so a download that breaks off is on record too).
     *
     * @throws ProblemException 401 {@code unauthorized} for an unknown or disabled account; 429 {@code rate-limited}
     *         with {@code Retry-After} when the account's exports of the window are used up
     */
    @Transactional(TxType.NEVER)
    public Started start(UUID accountId, boolean english) {
        profiles.account(accountId);
        AuditActor actor = AuditActor.citizen(accountId.toString());
        RateDecision decision = limiter.acquire(limit, accountId.toString());
        if (!decision.allowed()) {
            audit.recordFailure(AuditEntry.denied(actor, EXPORT).target("citizen-account", accountId.toString())
                    .detail("reason", "rate-limited"));
            throw ProblemException.tooManyRequests("rate-limited", config.export().permits() + " exports per "
                    + config.export().window().toMinutes() + " minutes; try again later",
                    decision.retryAfterSeconds());
        }
        audit.record(AuditEntry.success(actor, EXPORT).target("citizen-account", accountId.toString()));
        return new Started(accountId, english, clock.now());
    }

    /**
     * Writes the document of a {@link #start started} export, section by section, flushing after every page. An
     * error after the first bytes cannot become a problem answer any more: it ends the response early, and the
     * missing {@code "complete": true} at the end tells the client the file is cut short.
     */
    @Transactional(TxType.NEVER)
    public void write(Started export, OutputStream out) throws IOException {
        UUID accountId = export.accountId();
        try (JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            generator.setCodec(json);
            // the framework ends the response; and a document that broke off must not be closed into valid JSON
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            generator.writeStartObject();
            generator.writeStringField("format", FORMAT);
            generator.writeNumberField("version", VERSION);
            generator.writeFieldName("exportedAt");
            writer.writeValue(generator, export.at());
            generator.writeStringField("legalBasis", LEGAL_BASIS);
            generator.writeFieldName("notes");
            writer.writeValue(generator, NOTES);

            CitizenAccount account = profiles.account(accountId);
            AssuranceLevel level = account.assuranceLevel;
            ProfileView profile = profiles.profile(accountId);
            Optional<MyHouseholdView> household = household(accountId, account);
            generator.writeFieldName("account");
            writer.writeValue(generator, new Account(account.id, profile.phone(), level, account.createdAt,
                    lastSignIn(accountId)));
            generator.writeFieldName("person");
            writer.writeValue(generator, person(account, profile, household).orElse(null));
            generator.writeFieldName("household");
            writer.writeValue(generator, household.orElse(null));
            generator.flush();

            Caller caller = Caller.citizen(accountId, level);
            section(generator, "applications",
                    cursor -> applications.list(caller, null, null, cursor, PAGE),
                    (ApplicationSummary summary) -> new ExportedApplication(applications.own(caller, summary.id()),
                            evaluations.ofApplicant(accountId, summary.id()).orElse(null)));
            // with those issued about the person on applications made for them (verified accounts only)
            UUID verifiedPerson = account.personId != null && level.isAtLeast(AssuranceLevel.L2) ? account.personId
                    : null;
            section(generator, "certificates", cursor -> certificates.heldBy(accountId, verifiedPerson, cursor, PAGE),
                    Function.identity());
            section(generator, "documents", cursor -> documents.owned(accountId, cursor, PAGE),
                    document -> new ExportedDocument(document,
                            "/api/v1/documents/" + document.id() + "/content"));
            section(generator, "notifications", cursor -> notifications.list(accountId, cursor, PAGE),
                    Function.identity());
            section(generator, "dataAccess", cursor -> dataAccess.list(accountId, cursor, PAGE, export.english()),
                    Function.identity());
            AuditQuery checks = AuditQuery.all().actor(ActorType.CITIZEN, accountId.toString()).action("identity.*");
            section(generator, "identityVerifications", cursor -> audit.list(checks, cursor, PAGE),
                    PersonalDataExportService::attempt);
            section(generator, "dataSharingConsents", cursor -> consents.of(accountId, cursor, PAGE),
                    Function.identity());
            boolean verified = account.personId != null && level.isAtLeast(AssuranceLevel.L2);
            section(generator, "authorisations", cursor -> verified ? authorisations.list(accountId, cursor, PAGE)
                    : Page.last(List.<AuthorisationViews.View>of()), Function.identity());
            section(generator, "consentRequestsAskedOfMe", cursor -> verified
                    ? moveInConsents.list(accountId, cursor, PAGE) : Page.last(List.<ConsentRequestItem>of()),
                    Function.identity());
            section(generator, "consentRequestsOnMyApplications",
                    cursor -> moveInConsents.aboutApplicationsOf(accountId, cursor, PAGE), Function.identity());
            generator.writeBooleanField("complete", true);
            generator.writeEndObject();
        } catch (RuntimeException e) {
            LOG.errorf(e, "The export of account %s broke off; the client got an incomplete document", accountId);
            throw e;
        }
    }

    /** Writes one array field, a page at a time, flushing after each page. */
    private <T> void section(JsonGenerator generator, String name, Function<String, Page<T>> pages,
            Function<T, ?> item) throws IOException {
        generator.writeArrayFieldStart(name);
        String cursor = null;
        do {
            Page<T> page = pages.apply(cursor);
            for (T each : page.items()) {
                writer.writeValue(generator, item.apply(each));
            }
            generator.flush();
            cursor = page.nextCursor();
        } while (cursor != null);
        generator.writeEndArray();
    }

    private Optional<MyHouseholdView> household(UUID accountId, CitizenAccount account) {
        if (account.personId == null || !account.assuranceLevel.isAtLeast(AssuranceLevel.L2)) {
            return Optional.empty();
        }
        try {
            return Optional.of(profiles.household(accountId));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                // a person no longer in any household: the export says so by its absence
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<Person> person(CitizenAccount account, ProfileView profile,
            Optional<MyHouseholdView> household) {
        if (account.personId == null || profile.name() == null) {
            return Optional.empty();
        }
        Optional<HouseholdMemberView> member = household.flatMap(view -> view.members().stream()
                .filter(each -> each.id().equals(account.personId)).findFirst());
        return Optional.of(new Person(account.personId, profile.name(), profile.idNumber(),
                member.map(HouseholdMemberView::sex).orElse(null),
                member.map(HouseholdMemberView::birthDate).orElse(null),
                member.map(HouseholdMemberView::ethnicity).orElse(null),
                member.map(HouseholdMemberView::relationship).orElse(null),
                member.map(HouseholdMemberView::status).orElse(null)));
    }

    private Instant lastSignIn(UUID accountId) {
        List<AuditEvent> last = audit.list(AuditQuery.all().actor(ActorType.CITIZEN, accountId.toString())
                .action("auth.otp.verify").outcome(AuditOutcome.SUCCESS), null, 1).items();
        return last.isEmpty() ? null : last.get(0).occurredAt();
    }

    private static IdentityVerificationAttempt attempt(AuditEvent event) {
        String check = switch (event.action()) {
            case "identity.verify" -> "REAL_NAME";
            case "identity.face.verify" -> "FACE";
            case "identity.rebind" -> "REBIND";
            default -> event.action();
        };
        return new IdentityVerificationAttempt(event.occurredAt(), check, event.outcome(),
                event.outcome() == AuditOutcome.SUCCESS ? null : event.details().get("reason"));
    }
}
