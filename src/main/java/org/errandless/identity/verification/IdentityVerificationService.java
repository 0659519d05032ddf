package org.errandless.identity.verification;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.security.AssuranceLevel;
import org.errandless.common.time.BusinessClock;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.errandless.identity.citizen.ProfileService;
import org.errandless.registry.Guardianship;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;
import org.jboss.logging.Logger;

/**
 * Real-name verification (L2) and the face check (L3), including the move of a person's binding to the account that
 * proves it is theirs.
 *
 * <p>Checks run in this order, each refusal with its own code: today's failures not used up (429), the ID number
 * well-formed (422 {@code id-number-invalid}), its birth date 16 years or more before the business date (403
 * {@code minor-cannot-sign-in}: a child cannot sign in, a parent applies for them), name and number of an ACTIVE person (422 {@code identity-mismatch}),
 * the carrier confirms the account's phone for that person (422 {@code phone-not-registered-to-id}), only then
 * whether another account holds the person (409 {@code identity-already-bound}): who cannot show the person's phone
 * learns nothing about their account. Each 422 of these checks, and a failed face check, is a failure of the day; at
 * {@code errandless.identity-verification.max-failures-per-day} the account waits for the next day (429
 * {@code rate-limited}).
 *
 * <p>The limit holds under bursts: each attempt reserves a failure of the day before anything else and gives it back
 * unless it fails ({@link VerificationAttempts}), so of 20 parallel wrong attempts 5 reach the carrier and 15 are
 * refused with 429 at once.
 *
 * <p>Access decisions use the level and binding stored for the account, not the token's claims: a token issued
 * before a rebinding may still say L2. Nothing here runs inside a transaction ({@code TxType.NEVER}): the counters,
 * the register reads and the audit records each take a pooled connection for one short statement or transaction and
 * give it back, the provider calls hold none, and only the change at the end takes a transaction
 * ({@link IdentityBindings}); a refusal is recorded after that transaction has ended, never beside it.
 */
@ApplicationScoped
@Transactional(TxType.NEVER)
public class IdentityVerificationService {

    private static final Logger LOG = Logger.getLogger(IdentityVerificationService.class);

    /** Binding an account to a person under {@link Guardianship#MINOR_AGE} on the business date. */
    static final String MINOR_CANNOT_SIGN_IN = CitizenAccounts.MINOR_CANNOT_SIGN_IN;

    /** Seconds a client is asked to wait after a provider outage. */
    static final long UNAVAILABLE_RETRY_AFTER = 30;

    @Inject
    ProfileService profiles;
    @Inject
    CitizenAccounts accounts;
    @Inject
    RegistryService registry;
    @Inject
    VerificationProviders providers;
    @Inject
    VerificationAttempts attempts;
    @Inject
    IdentityBindings bindings;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    FaceConfig faceConfig;

    /** A face photo as uploaded. */
    public record PhotoUpload(Path file) {
    }

    /**
     * Real-name verification: binds the account to the person named and raises it to L2.
     *
     * @return the profile and a fresh token pair at the new level
     */
    public IdentityVerificationView verifyRealName(UUID accountId, String name, String idNumber) {
        CitizenAccount account = profiles.account(accountId);
        return attempt(accountId, IdentityBindings.VERIFY, () -> {
            PersonView person = confirmIdentity(account, IdentityBindings.VERIFY, name, idNumber);
            return change(accountId, IdentityBindings.VERIFY, person.id(), () -> bindings.bind(accountId, person.id()));
        });
    }

    /**
     * The face check. An account bound to a person (L2 or more) is checked against that person and raised to L3.
     * An unbound account may name a person (name and ID number) that another account holds: after the same checks
     * as real-name verification and a passed face check, the person's binding moves to this account.
     *
     * @param name with {@code idNumber} or neither
     */
    public IdentityVerificationView verifyFace(UUID accountId, PhotoUpload upload, String name, String idNumber) {
        if ((name == null) != (idNumber == null)) {
            String missing = name == null ? "name" : "idNumber";
            throw ProblemException.validation(List.of(new Problem.InvalidParam(missing,
                    "is required together with " + (name == null ? "idNumber" : "name"), "required")));
        }
        CitizenAccount account = profiles.account(accountId);
        return attempt(accountId, IdentityBindings.FACE_VERIFY, () -> {
            boolean bound = account.personId != null && account.assuranceLevel.isAtLeast(AssuranceLevel.L2);
            if (bound) {
                UUID personId = account.personId;
                String boundIdNumber = registry.fullIdNumber(personId).orElseThrow();
                if (idNumber != null && !IdNumbers.normalise(idNumber).equals(boundIdNumber)) {
                    throw ProblemException.conflict("identity-already-bound",
                            "This account is bound to another person");
                }
                FacePhoto photo = readPhoto(upload);
                PersonView person = registry.person(personId).filter(PersonView::active).orElseThrow(
                        () -> ProblemException.unprocessable("identity-mismatch", "The person this account is bound "
                                + "to is no longer active in the register"));
                requireFaceMatch(accountId, photo, person, boundIdNumber);
                return bindings.faceVerified(accountId, personId);
            }
            if (name == null) {
                throw new ProblemException(403, "assurance-too-low", "Verify your name and ID number first (POST "
                        + "/api/v1/me/identity, level L2); name and idNumber belong here only after that answered "
                        + "identity-already-bound");
            }
            FacePhoto photo = readPhoto(upload);
            PersonView person = confirmIdentity(account, IdentityBindings.REBIND, name, idNumber);
            if (accounts.boundTo(person.id()).isEmpty()) {
                throw new ProblemException(403, "assurance-too-low", "This person is bound to no account: verify "
                        + "your name and ID number first (POST /api/v1/me/identity, level L2)");
            }
            requireFaceMatch(accountId, photo, person, IdNumbers.normalise(idNumber));
            return change(accountId, IdentityBindings.REBIND, person.id(), () -> bindings.rebind(accountId,
                    person.id()));
        });
    }

    /**
     * Runs one attempt on a failure reserved in advance: a counted failure keeps it, anything else (success, no
     * verdict, a refusal that is not a failure, an unexpected error) gives it back.
     *
     * @throws ProblemException 429 {@code rate-limited} when today's failures are used up
     */
    private IdentityVerificationView attempt(UUID accountId, String action, Supplier<IdentityVerificationView> work) {
        VerificationAttempts.Reservation reservation = attempts.reserve(accountId).orElseThrow(() -> {
            audit.recordFailure(AuditEntry.denied(AuditActor.citizen(accountId.toString()), action)
                    .detail("reason", "rate-limited"));
            return ProblemException.tooManyRequests("rate-limited", attempts.maxFailuresPerDay() + " failed "
                    + "verifications today; try again tomorrow", attempts.secondsUntilTomorrow());
        });
        boolean failed = false;
        try {
            return work.get();
        } catch (CountedFailure failure) {
            failed = true;
            AuditEntry entry = AuditEntry.failure(AuditActor.citizen(accountId.toString()), failure.action)
                    .detail("reason", failure.problem.code());
            if (failure.personId != null) {
                entry = entry.target("person", failure.personId.toString());
            }
            audit.recordFailure(entry);
            throw failure.problem;
        } finally {
            if (!failed) {
                attempts.release(reservation);
            }
        }
    }

    /**
     * A change of {@link IdentityBindings}; its refusal because another account holds the person is recorded once
     * the change's transaction has rolled back (a record beside it would take a second pooled connection).
     */
    private IdentityVerificationView change(UUID accountId, String action, UUID personId,
            Supplier<IdentityVerificationView> change) {
        try {
            return change.get();
        } catch (ProblemException e) {
            if ("identity-already-bound".equals(e.code())) {
                audit.recordFailure(AuditEntry.denied(AuditActor.citizen(accountId.toString()), action)
                        .target("person", personId.toString()).detail("reason", "identity-already-bound"));
            }
            throw e;
        }
    }

    /** The ID number, name and carrier checks; answers the ACTIVE person they identify. */
    private PersonView confirmIdentity(CitizenAccount account, String action, String name, String idNumber) {
        IdNumbers.Validation validation = IdNumbers.validate(idNumber, clock.today());
        if (!validation.valid()) {
            throw failed(action, null, ProblemException.unprocessable("id-number-invalid",
                    "The ID number is not valid (" + validation.reason().code() + ")",
                    List.of(new Problem.InvalidParam("idNumber", "is not a valid ID number",
                            validation.reason().code()))));
        }
        if (!Guardianship.maySignIn(IdNumbers.birthDateOf(validation.idNumber()), clock.today())) {
            // the number itself says so: no guess is learnt from it, so it is no failure of the day
            audit.recordFailure(AuditEntry.denied(AuditActor.citizen(account.id.toString()), action)
                    .detail("reason", MINOR_CANNOT_SIGN_IN));
            throw new ProblemException(403, MINOR_CANNOT_SIGN_IN, "A child under " + Guardianship.MINOR_AGE
                    + " cannot sign in as themself; a parent in the same household applies for them (onBehalfOf)");
        }
        PersonView person = registry.findActivePersonByIdentity(name, validation.idNumber()).orElseThrow(
                () -> failed(action, null, ProblemException.unprocessable("identity-mismatch",
                        "Name and ID number do not match an active person in the register")));
        boolean registered = ask("carrier check", () -> providers.carrier()
                .phoneRegisteredTo(accounts.phoneOf(account), person.name(), validation.idNumber()));
        if (!registered) {
            throw failed(action, person.id(), ProblemException.unprocessable("phone-not-registered-to-id",
                    "The carrier does not have this account's phone registered to that ID number"));
        }
        return person;
    }

    private void requireFaceMatch(UUID accountId, FacePhoto photo, PersonView person, String idNumber) {
        FaceVerdict verdict = ask("face check", () -> providers.face().verify(photo, person.name(), idNumber));
        if (!verdict.passed()) {
            throw failed(IdentityBindings.FACE_VERIFY, person.id(), ProblemException.unprocessable(
                    "face-mismatch", verdict.match() ? "The photo does not show a living person; take a new one"
                            : "The face does not match the person"));
        }
    }

    private FacePhoto readPhoto(PhotoUpload upload) {
        return FacePhotos.read(upload.file(), faceConfig.maxPhotoSize().asLongValue(), faceConfig.minDimension());
    }

    /** A failure of the day: the attempt keeps its reservation, and the failure is recorded. */
    private static CountedFailure failed(String action, UUID personId, ProblemException problem) {
        return new CountedFailure(action, personId, problem);
    }

    /** Thrown through {@link #attempt} by a check that failed; what the client gets is {@code problem}. */
    private static final class CountedFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final String action;
        final UUID personId;
        final ProblemException problem;

        CountedFailure(String action, UUID personId, ProblemException problem) {
            super(problem.code(), null, false, false);
            this.action = action;
            this.personId = personId;
            this.problem = problem;
        }
    }

    /** A provider's verdict; no verdict (down, slow, circuit open) is 503, never a refusal of the citizen. */
    private static <T> T ask(String provider, Supplier<T> question) {
        try {
            return question.get();
        } catch (VerificationUnavailableException | FaultToleranceException e) {
            LOG.warnf("The %s is unavailable: %s", provider, describe(e));
            throw new ProblemException(503, "verification-unavailable", "The " + provider + " is unavailable at the "
                    + "moment; try again later", List.of(),
                    Map.of("Retry-After", Long.toString(UNAVAILABLE_RETRY_AFTER)));
        }
    }

    private static String describe(Throwable e) {
        List<String> causes = new ArrayList<>();
        for (Throwable cause = e; cause != null && causes.size() < 3; cause = cause.getCause()) {
            String text = cause.getClass().getSimpleName() + Optional.ofNullable(cause.getMessage())
                    .map(message -> ": " + message).orElse("");
            if (!causes.contains(text)) {
                causes.add(text);
            }
        }
        return String.join(" <- ", causes);
    }
}
