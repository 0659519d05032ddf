package org.errandless.applications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.applications.forms.CatalogServiceRules;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.LocalisedText;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.notifications.MessagePurpose;
import org.errandless.notifications.Outbox;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The consent of the receiving household's head to a MOVE_IN (投靠): asked when the application is submitted, given or
 * refused by the head in their own app, required by the officer's approval.
 *
 * <h2>When consent is needed</h2>
 * A MOVE_IN always names an existing household of the register ({@code targetHouseholdNumber}) and the applicant's
 * relationship to its head ({@code relationshipToHead}, never HEAD): whether the basis is a home purchase or joining
 * relatives, the applicant joins a household someone else heads, and that head is asked. Only a receiving household
 * without an active head, or headed by the applicant, needs no consent (neither can be submitted today; the rule says
 * so for the day the form allows it).
 *
 * <h2>Lifecycle</h2>
 * <ul>
 * <li>Submission (and resubmission after a supplement request), in its transaction: a request for the head of the
 * receiving household as the register says now, unless the live one already asks that head for that household (then
 * nothing changes, whatever its answer); one that asks someone else (the form or the register changed) closes. Each
 * new request sends one SMS to the head's registered mobile (else the phone of the head's account), with nothing of
 * the applicant but a masked name; the database admits one live request per application, so two instances never ask
 * twice.</li>
 * <li>The head answers once (GRANTED or REFUSED); the same answer again is answered as before, the other one is 409
 * {@code consent-already-answered}. The row lock settles two answers at once. The applicant is told, the answer is
 * audited, and every instance drops the application's kept representations (the view shows the consent).</li>
 * <li>Withdrawal or rejection closes a request still PENDING (CLOSED; answering it is 409
 * {@code consent-request-closed}); an answer given stays.</li>
 * <li>Approval needs the live request for the current head to be GRANTED: 409 {@code consent-missing} otherwise. A
 * refusal does not decide the application: the officer rejects it, with a reason. Where no request asks the current
 * head (an application submitted before consent was asked, a receiving household whose head changed), the refused
 * approval asks them ({@link #askWhereNoneAsks}), so the officer's next approval can succeed once they grant it.
 * Applications submitted before consent was asked got a request from the V20261206_1101 migration, their SMS sent by
 * {@link MoveInConsentNotices}.</li>
 * </ul>
 */
@ApplicationScoped
public class MoveInConsents {

    private static final Logger LOG = Logger.getLogger(MoveInConsents.class);

    static final String CONSENT_MISSING = "consent-missing";
    static final String ALREADY_ANSWERED = "consent-already-answered";
    static final String CLOSED = "consent-request-closed";

    /** The states of a request: PENDING until answered (GRANTED or REFUSED, final) or CLOSED. */
    @Schema(name = "ConsentRequestState", description = "PENDING: waiting for the head's answer; GRANTED, REFUSED: "
            + "answered (final); CLOSED: the application was withdrawn or rejected before an answer, or asks someone "
            + "else now")
    public enum State {
        PENDING, GRANTED, REFUSED, CLOSED
    }

    /** Submitted and not decided: where a head may still be asked. */
    private static final Set<ApplicationStatus> OPEN = EnumSet.of(ApplicationStatus.SUBMITTED,
            ApplicationStatus.SUPPLEMENT_REQUIRED, ApplicationStatus.ACCEPTED, ApplicationStatus.SUSPENDED);

    private static final String COLUMNS = "id, application_id, applicant_name, relationship, state, asked_at, "
            + "answered_at";

    @Inject
    EntityManager entityManager;
    @Inject
    RegistryService registry;
    @Inject
    CitizenAccounts accounts;
    @Inject
    Outbox outbox;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    CatalogService catalog;
    @Inject
    ApplicationChanges changes;
    @Inject
    ObjectMapper json;

    /** The head to ask and the household, for a MOVE_IN submitted into {@code targetHouseholdId}. */
    private record Head(UUID householdId, UUID personId) {
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /** Asks on submission, closes on withdrawal and rejection; in the transaction of the change. */
    void onStatusChanged(@Observes ApplicationStatusChanged change) {
        if (!CatalogServiceRules.MOVE_IN.equals(change.serviceCode()) || change.from() == change.to()) {
            return;
        }
        switch (change.to()) {
            case SUBMITTED -> ask(Application.findById(change.applicationId()), change.at());
            case WITHDRAWN, REJECTED -> closePending(change.applicationId(), change.at());
            default -> {
            }
        }
    }

    /** Asks the head the application needs now, unless the live request already asks them; true when it asked. */
    private boolean ask(Application application, Instant at) {
        Optional<Head> head = headToAsk(application);
        if (head.isPresent() && live(application.id, head.get()).isPresent()) {
            return false;
        }
        closeLive(application.id, at);
        if (head.isEmpty()) {
            return false;
        }
        PersonView applicant = registry.person(application.applicantPersonId).orElseThrow();
        String maskedName = PersonalDataMasks.name(applicant.name());
        JsonNode form = changes.formOf(application);
        UUID id = UUID.randomUUID();
        int inserted = entityManager.createNativeQuery("insert into move_in_consent (id, application_id, household_id, "
                + "head_person_id, applicant_person_id, applicant_name, relationship, state, asked_at) values (?1, ?2, "
                + "?3, ?4, ?5, ?6, ?7, 'PENDING', ?8) on conflict (application_id) where state <> 'CLOSED' do nothing")
                .setParameter(1, id).setParameter(2, application.id).setParameter(3, head.get().householdId())
                .setParameter(4, head.get().personId()).setParameter(5, application.applicantPersonId)
                .setParameter(6, maskedName).setParameter(7, form.path("relationshipToHead").asText("OTHER"))
                .setParameter(8, utc(at)).executeUpdate();
        if (inserted == 0) {
            return false;
        }
        tellHead(id, application.id, head.get().personId(), maskedName);
        return true;
    }

    /**
     * Queues the one SMS of a request to the head's registered mobile (else the phone of the head's account), naming
     * the applicant only masked; in the caller's transaction, which made the request or claimed its due notice.
     */
    void tellHead(UUID requestId, UUID applicationId, UUID headPersonId, String maskedName) {
        Optional<String> phone = registry.registeredMobile(headPersonId)
                .or(() -> accounts.boundTo(headPersonId).map(accounts::phoneOf));
        if (phone.isEmpty()) {
            LOG.infof("Consent request %s (application %s): the head has no mobile on the register and no account; "
                    + "not told by SMS", requestId, applicationId);
            return;
        }
        outbox.enqueueSms(phone.get(), Outbox.SMS_SIGNATURE + maskedName + "申请迁入您为户主的户口（投靠），需要您同意。"
                + "请登录重庆户籍APP，在“待我确认”中查看并答复。", MessagePurpose.CONSENT_REQUESTED);
    }

    /**
     * The way forward when an approval finds no request for the head the application needs now (a MOVE_IN submitted
     * before consent was asked, or whose receiving household changed head since): asks that head, in a transaction of
     * its own that locks the application's row first, so of two approvals at once (on any instances) one asks and the
     * other finds the request. Only for an open MOVE_IN (submitted, not decided).
     *
     * @return whether a head was asked now (and told by SMS)
     */
    boolean askWhereNoneAsks(UUID applicationId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Application application = Application.findById(applicationId, LockModeType.PESSIMISTIC_WRITE);
            if (application == null || !CatalogServiceRules.MOVE_IN.equals(application.serviceCode)
                    || !OPEN.contains(application.status)) {
                return false;
            }
            Optional<Head> head = headToAsk(application);
            if (head.isEmpty() || live(application.id, head.get()).isPresent()) {
                return false;
            }
            boolean asked = ask(application, clock.now().truncatedTo(ChronoUnit.MICROS));
            if (asked) {
                changes.published(application.id);
            }
            return asked;
        });
    }

    /** Closes the application's request still PENDING: withdrawn or rejected, nothing is asked any more. */
    private void closePending(UUID applicationId, Instant at) {
        entityManager.createNativeQuery("update move_in_consent set state = 'CLOSED', closed_at = ?1 "
                + "where application_id = ?2 and state = 'PENDING'").setParameter(1, utc(at))
                .setParameter(2, applicationId).executeUpdate();
    }

    /** Closes the application's live request, answered or not: it asked another head or for another household. */
    private void closeLive(UUID applicationId, Instant at) {
        entityManager.createNativeQuery("update move_in_consent set state = 'CLOSED', closed_at = ?1, answered_at = "
                + "null where application_id = ?2 and state <> 'CLOSED'").setParameter(1, utc(at))
                .setParameter(2, applicationId).executeUpdate();
    }

    /**
     * The head whose consent a MOVE_IN needs: the head of the household it moves into, per the register now, unless
     * there is none or it is the applicant.
     */
    private Optional<Head> headToAsk(Application application) {
        if (application.targetHouseholdId == null) {
            return Optional.empty();
        }
        return registry.household(application.targetHouseholdId).map(HouseholdView::headPersonId)
                .filter(head -> !head.equals(application.applicantPersonId))
                .map(head -> new Head(application.targetHouseholdId, head));
    }

    /** The state of the live request that asks this head for this household, if there is one. */
    private Optional<State> live(UUID applicationId, Head head) {
        List<?> rows = entityManager.createNativeQuery("select state from move_in_consent where application_id = ?1 "
                + "and household_id = ?2 and head_person_id = ?3 and state <> 'CLOSED'")
                .setParameter(1, applicationId).setParameter(2, head.householdId())
                .setParameter(3, head.personId()).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(State.valueOf((String) rows.get(0)));
    }

    /**
     * The approval's check, in its transaction: a MOVE_IN into a household someone else heads needs that head's
     * consent, given.
     *
     * @throws ProblemException 409 {@code consent-missing} when the head has not (yet) granted it
     */
    void requireGranted(Application application) {
        if (!CatalogServiceRules.MOVE_IN.equals(application.serviceCode)) {
            return;
        }
        Optional<Head> head = headToAsk(application);
        if (head.isEmpty()) {
            return;
        }
        Optional<State> state = live(application.id, head.get());
        if (state.orElse(null) != State.GRANTED) {
            throw ProblemException.conflict(CONSENT_MISSING, "The head of the receiving household has "
                    + (state.orElse(null) == State.REFUSED ? "refused" : "not (yet) given")
                    + " consent to this move; it cannot be approved"
                    + (state.orElse(null) == State.REFUSED ? " (reject it with a reason)" : ""));
        }
    }

    // ---- the head's side ----------------------------------------------------------------------------------------

    /**
     * The requests that asked the signed-in citizen as head, newest first, in cursor pages.
     *
     * @throws ProblemException 403 {@code assurance-too-low} below L2; 400 {@code validation-failed} for a foreign
     *         cursor or a limit outside 1..100
     */
    @Transactional
    public Page<ConsentRequestItem> list(UUID accountId, String cursor, Integer limit) {
        return page("head_person_id = ?1", head(accountId), cursor, limit);
    }

    /**
     * The requests made about the citizen's own applications (those their account made), newest first, in cursor
     * pages: for their export of their own data.
     *
     * @throws ProblemException 400 {@code validation-failed} for a foreign cursor or a limit outside 1..100
     */
    @Transactional
    public Page<ConsentRequestItem> aboutApplicationsOf(UUID accountId, String cursor, Integer limit) {
        return page("application_id in (select id from application where applicant_account_id = ?1)", accountId,
                cursor, limit);
    }

    private Page<ConsentRequestItem> page(String where, UUID whose, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from move_in_consent where " + where);
        OffsetDateTime afterAt = null;
        UUID afterId = null;
        if (cursor != null) {
            String[] keys = Cursors.decode(cursor, 2);
            try {
                afterAt = OffsetDateTime.parse(keys[0]);
                afterId = UUID.fromString(keys[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation(List.of(new Problem.InvalidParam("cursor",
                        "is not a cursor this API issued", "invalid")));
            }
            sql.append(" and (asked_at, id) < (?2, ?3)");
        }
        sql.append(" order by asked_at desc, id desc limit ").append(size + 1);
        var query = entityManager.createNativeQuery(sql.toString()).setParameter(1, whose);
        if (cursor != null) {
            query.setParameter(2, afterAt).setParameter(3, afterId);
        }
        List<ConsentRequestItem> items = new ArrayList<>();
        for (Object row : query.getResultList()) {
            items.add(item((Object[]) row));
        }
        String next = null;
        if (items.size() > size) {
            items = items.subList(0, size);
            ConsentRequestItem last = items.get(size - 1);
            next = Cursors.encode(utc(last.askedAt()).toString(), last.id().toString());
        }
        return new Page<>(List.copyOf(items), next);
    }

    /**
     * The head's answer. The same answer again answers the request as it stands; of two different answers at once,
     * the row lock lets the first through and the second is 409.
     *
     * @throws ProblemException 404 {@code not-found} when the request did not ask this citizen; 403
     *         {@code assurance-too-low} below L2; 409 {@code consent-already-answered} (answered otherwise),
     *         {@code consent-request-closed} (the application was withdrawn or rejected, or asks someone else now)
     */
    @Transactional
    public ConsentRequestItem answer(UUID accountId, UUID id, boolean grant) {
        UUID head = head(accountId);
        List<?> rows = entityManager.createNativeQuery("select " + COLUMNS + " from move_in_consent where id = ?1 "
                + "and head_person_id = ?2 for update").setParameter(1, id).setParameter(2, head).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("consent request");
        }
        ConsentRequestItem current = item((Object[]) rows.get(0));
        State wanted = grant ? State.GRANTED : State.REFUSED;
        if (current.state() == State.CLOSED) {
            throw ProblemException.conflict(CLOSED, "This request is closed: the application was withdrawn or "
                    + "decided, or no longer asks you");
        }
        if (current.state() == wanted) {
            return current;
        }
        if (current.state() != State.PENDING) {
            throw ProblemException.conflict(ALREADY_ANSWERED, "You already answered this request ("
                    + current.state() + "); an answer cannot be changed");
        }
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        entityManager.createNativeQuery("update move_in_consent set state = ?1, answered_at = ?2 where id = ?3")
                .setParameter(1, wanted.name()).setParameter(2, utc(now)).setParameter(3, id).executeUpdate();
        audit.record(AuditEntry.success(AuditActor.citizen(accountId.toString()),
                grant ? "application.consent.grant" : "application.consent.refuse")
                .target("consent-request", id.toString()).detail("applicationId",
                        current.applicationId().toString()));
        tellApplicant(current.applicationId(), grant);
        changes.published(current.applicationId());
        return new ConsentRequestItem(current.id(), current.applicationId(), current.serviceCode(),
                current.serviceName(), current.applicantName(), current.relationshipToHead(), wanted,
                current.askedAt(), now);
    }

    private void tellApplicant(UUID applicationId, boolean granted) {
        Application application = Application.findById(applicationId);
        Optional<CitizenAccount> account = application == null ? Optional.empty()
                : accounts.byId(application.applicantAccountId);
        if (account.isEmpty()) {
            LOG.warnf("Application %s: applicant account not found, consent answer not notified", applicationId);
            return;
        }
        outbox.notifyCitizen(account.get().id, accounts.phoneOf(account.get()), applicationId, granted
                ? "您的户口迁入申请：迁入户户主已同意，派出所将继续办理。"
                : "您的户口迁入申请：迁入户户主未同意，详情请在APP中查看。");
    }

    /** The person the signed-in citizen is, at L2 or above as stored for the account. */
    private UUID head(UUID accountId) {
        CitizenAccount account = accounts.byId(accountId).filter(found -> !found.disabled)
                .orElseThrow(() -> new ProblemException(401, "unauthorized", "Unknown or disabled account"));
        if (account.personId == null || !account.assuranceLevel.isAtLeast(AssuranceLevel.L2)) {
            throw new ProblemException(403, "assurance-too-low",
                    "Verify your identity (level L2) to see what is asked of you as head of a household");
        }
        return account.personId;
    }

    private ConsentRequestItem item(Object[] row) {
        LocalisedText serviceName = catalog.findService(CatalogServiceRules.MOVE_IN).map(service -> service.name())
                .orElse(null);
        return new ConsentRequestItem((UUID) row[0], (UUID) row[1], CatalogServiceRules.MOVE_IN, serviceName,
                (String) row[2], (String) row[3], State.valueOf((String) row[4]), instant(row[5]), instant(row[6]));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant at) {
            return at;
        }
        if (value instanceof OffsetDateTime at) {
            return at.toInstant();
        }
        if (value instanceof java.sql.Timestamp at) {
            return at.toInstant();
        }
        throw new IllegalStateException("Unexpected time " + value.getClass());
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
