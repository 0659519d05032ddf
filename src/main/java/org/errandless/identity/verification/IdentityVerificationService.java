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
import org.errandless.registry.IdNumbers;
import org.errandless.registry.PersonView;
import org.errandless.registry.RegistryService;
import org.jboss.logging.Logger;

/**
 * Real-name verification (L2) and the face check (L3), including the move of a person's binding to the account that
 * proves it is theirs.
 *
 * <p>Checks run in this order, each refusal with its own code: today's failures not used up (429), the ID number
 * well-formed (422 {@code id-number-invalid}), name and number of an ACTIVE person (422 {@code identity-mismatch}),
 * the carrier confirms the account's phone for that person (422 {@code phone-not-registered-to-id}), only then
 * whether another account holds the person (409 {@code identity-already-bound}): who cannot show the person's phone
 * learns nothing about their account. Each 422 of these checks, and a failed face check, is a failure of the day; at
 * {@code errandless.identity-verification.max-failures-per-day} the account waits for the next day (429
 * {@code rate-limited}).
 *
 * <p>Access decisions use the level and binding stored for the account, not the token's claims: a token issued
 * before a rebinding may still say L2. Provider calls run outside any transaction; only the short change at the end
 * takes one ({@link IdentityBindings}).
 */
@ApplicationScoped
public class IdentityVerificationService {

    private static final Logger LOG = Logger.getLogger(IdentityVerificationService.class);

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
        requireFailuresLeft(accountId, IdentityBindings.VERIFY);
        PersonView person = confirmIdentity(account, IdentityBindings.VERIFY, name, idNumber);
        return bindings.bind(accountId, person.id());
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
        requireFailuresLeft(accountId, IdentityBindings.FACE_VERIFY);
        boolean bound = account.personId != null && account.assuranceLevel.isAtLeast(AssuranceLevel.L2);
        if (bound) {
            UUID personId = account.personId;
            String boundIdNumber = registry.fullIdNumber(personId).orElseThrow();
            if (idNumber != null && !IdNumbers.normalise(idNumber).equals(boundIdNumber)) {
                throw ProblemException.conflict("identity-already-bound", "This account is bound to another person");
            }
            FacePhoto photo = readPhoto(upload);
            PersonView person = registry.person(personId).filter(PersonView::active).orElseThrow(
                    () -> ProblemException.unprocessable("identity-mismatch", "The person this account is bound to "
                            + "is no longer active in the register"));
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
            throw new ProblemException(403, "assurance-too-low", "This person is bound to no account: verify your "
                    + "name and ID number first (POST /api/v1/me/identity, level L2)");
        }
        requireFaceMatch(accountId, photo, person, IdNumbers.normalise(idNumber));
        return bindings.rebind(accountId, person.id());
    }

    /** The ID number, name and carrier checks; answers the ACTIVE person they identify. */
    private PersonView confirmIdentity(CitizenAccount account, String action, String name, String idNumber) {
        IdNumbers.Validation validation = IdNumbers.validate(idNumber, clock.today());
        if (!validation.valid()) {
            throw failed(account.id, action, null, ProblemException.unprocessable("id-number-invalid",
                    "The ID number is not valid (" + validation.reason().code() + ")",
                    List.of(new Problem.InvalidParam("idNumber", "is not a valid ID number",
                            validation.reason().code()))));
        }
        PersonView person = registry.findActivePersonByIdentity(name, validation.idNumber()).orElseThrow(
                () -> failed(account.id, action, null, ProblemException.unprocessable("identity-mismatch",
                        "Name and ID number do not match an active person in the register")));
        boolean registered = ask("carrier check", () -> providers.carrier()
                .phoneRegisteredTo(accounts.phoneOf(account), person.name(), validation.idNumber()));
        if (!registered) {
            throw failed(account.id, action, person.id(), ProblemException.unprocessable("phone-not-registered-to-id",
                    "The carrier does not have this account's phone registered to that ID number"));
        }
        return person;
    }

    private void requireFaceMatch(UUID accountId, FacePhoto photo, PersonView person, String idNumber) {
        FaceVerdict verdict = ask("face check", () -> providers.face().verify(photo, person.name(), idNumber));
        if (!verdict.passed()) {
            throw failed(accountId, IdentityBindings.FACE_VERIFY, person.id(), ProblemException.unprocessable(
                    "face-mismatch", verdict.match() ? "The photo does not show a living person; take a new one"
                            : "The face does not match the person"));
        }
    }

    private FacePhoto readPhoto(PhotoUpload upload) {
        return FacePhotos.read(upload.file(), faceConfig.maxPhotoSize().asLongValue(), faceConfig.minDimension());
    }

    private void requireFailuresLeft(UUID accountId, String action) {
        if (attempts.exhausted(accountId)) {
            audit.recordFailure(AuditEntry.denied(AuditActor.citizen(accountId.toString()), action)
                    .detail("reason", "rate-limited"));
            throw ProblemException.tooManyRequests("rate-limited", attempts.maxFailuresPerDay() + " failed "
                    + "verifications today; try again tomorrow", attempts.secondsUntilTomorrow());
        }
    }

    /** Counts a failure of the day, records it and answers the problem to throw. */
    private ProblemException failed(UUID accountId, String action, UUID personId, ProblemException problem) {
        attempts.recordFailure(accountId);
        AuditEntry entry = AuditEntry.failure(AuditActor.citizen(accountId.toString()), action)
                .detail("reason", problem.code());
        if (personId != null) {
            entry = entry.target("person", personId.toString());
        }
        audit.recordFailure(entry);
        return problem;
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
