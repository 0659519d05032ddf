package org.errandless.identity.staff;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.errandless.audit.AuditActor;
import org.errandless.audit.AuditEntry;
import org.errandless.audit.AuditTrail;
import org.errandless.common.problem.Problem.InvalidParam;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.time.BusinessClock;
import org.errandless.common.web.Cursors;
import org.errandless.common.web.Page;
import org.errandless.identity.token.TokenService;

/**
 * Staff accounts: creation, listing, disabling and password resets by admins. Every change is on the audit trail
 * with the admin as actor; disabling an account or resetting its password ends all of its sign-ins at once.
 *
 * <p>Rules beyond the shape of a request (an OFFICER needs a station; a station and a division do not go together;
 * a password that bcrypt would cut short) answer 400 {@code validation-failed} with {@code invalidParams} too: they
 * are about which fields a request must carry, and a client fixes them the same way as a missing field.
 */
@ApplicationScoped
@Transactional
public class StaffService {

    static final int MIN_PASSWORD_LENGTH = 12;
    static final String STATION_CODE = "^[0-9]{8,12}$";
    static final String DIVISION_CODE = "^[0-9]{6}$";
    static final String TARGET = StaffLoginService.TARGET;
    /** Advisory lock key of start-up seeding ("ERRSTAFF" in ASCII); no other code may use it. */
    static final long SEED_LOCK = 0x4552_5253_5441_4646L;

    @Inject
    PasswordHasher hasher;
    @Inject
    LoginThrottles throttles;
    @Inject
    TokenService tokens;
    @Inject
    AuditTrail audit;
    @Inject
    BusinessClock clock;
    @Inject
    EntityManager entityManager;

    /** Creates an account; 409 {@code username-taken} when the username is in use in any case. */
    public StaffAccountView create(CreateStaffRequest request, AuditActor admin) {
        checkScope(request.roles().contains(StaffRole.OFFICER), request.stationCode(), request.divisionCode());
        checkPassword(request.password());
        String username = Usernames.normalise(request.username());
        // hash before the first query: the transaction holds no connection while bcrypt works
        String hash = hasher.hash(request.password());
        if (StaffAccount.findByUsername(username).isPresent()) {
            throw usernameTaken();
        }
        Instant now = now();
        StaffAccount account = new StaffAccount();
        account.id = UUID.randomUUID();
        account.username = username;
        account.passwordHash = hash;
        account.displayName = request.displayName().strip();
        account.roles = EnumSet.copyOf(request.roles());
        account.stationCode = request.stationCode();
        account.divisionCode = request.divisionCode();
        account.passwordChangedAt = now;
        account.createdAt = now;
        account.updatedAt = now;
        account.mfaGraceFrom = now;
        try {
            account.persistAndFlush();
        } catch (PersistenceException e) {
            // a concurrent creation of the same username won the unique constraint
            if (isUniqueViolation(e)) {
                throw usernameTaken();
            }
            throw e;
        }
        audit.record(scopeDetails(AuditEntry.success(admin, "staff.create").target(TARGET, account.id.toString()),
                account));
        return StaffAccountView.of(account, null);
    }

    /** One account; 404 when unknown. */
    @Transactional(TxType.SUPPORTS)
    public StaffAccountView get(UUID id) {
        StaffAccount account = StaffAccount.findById(id);
        if (account == null) {
            throw ProblemException.notFound("Staff account");
        }
        return StaffAccountView.of(account, throttles.lockedUntil(account.username, clock.now()).orElse(null));
    }

    /**
     * Accounts in username order, optionally only those with a role or of a station.
     *
     * @throws ProblemException 400 for a foreign cursor or a limit outside 1..100
     */
    @Transactional(TxType.SUPPORTS)
    public Page<StaffAccountView> list(StaffRole role, String stationCode, String cursor, Integer limit) {
        int size = Cursors.limit(limit);
        StringBuilder query = new StringBuilder("from StaffAccount a where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (role != null) {
            query.append(" and :role member of a.roles");
            parameters.put("role", role);
        }
        if (stationCode != null) {
            query.append(" and a.stationCode = :station");
            parameters.put("station", stationCode);
        }
        if (cursor != null) {
            query.append(" and a.username > :after");
            parameters.put("after", Cursors.decode(cursor, 1)[0]);
        }
        query.append(" order by a.username");
        List<StaffAccount> rows = StaffAccount.<StaffAccount>find(query.toString(), parameters).range(0, size)
                .list();
        Map<String, Instant> locks = throttles.lockedUntil(
                rows.stream().map(account -> account.username).collect(Collectors.toList()), clock.now());
        List<StaffAccountView> items = new ArrayList<>(Math.min(rows.size(), size));
        for (int i = 0; i < rows.size() && i < size; i++) {
            items.add(StaffAccountView.of(rows.get(i), locks.get(rows.get(i).username)));
        }
        if (rows.size() <= size) {
            return Page.last(items);
        }
        return new Page<>(items, Cursors.encode(items.get(items.size() - 1).username()));
    }

    /** Disables an account and revokes every sign-in of it at once. */
    public StaffAccountView disable(UUID id, AuditActor admin) {
        StaffAccount account = locked(id);
        account.disable(now());
        tokens.accountDisabled(StaffSubjects.ACCOUNT_TYPE, account.id, "account-disabled");
        audit.record(AuditEntry.success(admin, "staff.disable").target(TARGET, account.id.toString()));
        return view(account);
    }

    /** Lets a disabled account sign in again. */
    public StaffAccountView enable(UUID id, AuditActor admin) {
        StaffAccount account = locked(id);
        account.enable(now());
        tokens.accountEnabled(StaffSubjects.ACCOUNT_TYPE, account.id);
        audit.record(AuditEntry.success(admin, "staff.enable").target(TARGET, account.id.toString()));
        return view(account);
    }

    /** Sets a new password, lifts any lockout and revokes every sign-in of the account. */
    public void resetPassword(UUID id, String password, AuditActor admin) {
        checkPassword(password);
        String hash = hasher.hash(password);
        StaffAccount account = locked(id);
        account.changePassword(hash, now());
        throttles.clear(account.username);
        tokens.revokeAll(StaffSubjects.ACCOUNT_TYPE, account.id, "password-reset");
        audit.record(AuditEntry.success(admin, "staff.password-reset").target(TARGET, account.id.toString()));
    }

    /**
     * Creates an account unless one has the username, for start-up seeding (bootstrap admin, demo staff). Instances
     * starting together take turns under an advisory lock, so exactly one creates it.
     *
     * @return whether this call created it
     */
    boolean createIfAbsent(NewAccount seed, AuditActor actor) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, SEED_LOCK)
                .getSingleResult();
        String username = Usernames.normalise(seed.username());
        if (StaffAccount.findByUsername(username).isPresent()) {
            return false;
        }
        Instant now = now();
        StaffAccount account = new StaffAccount();
        account.id = UUID.randomUUID();
        account.username = username;
        account.passwordHash = seed.passwordHash();
        account.displayName = seed.displayName();
        account.roles = EnumSet.copyOf(seed.roles());
        account.stationCode = seed.stationCode();
        account.divisionCode = seed.divisionCode();
        account.passwordChangedAt = now;
        account.createdAt = now;
        account.updatedAt = now;
        account.mfaGraceFrom = now;
        account.persistAndFlush();
        audit.record(scopeDetails(AuditEntry.success(actor, "staff.create").target(TARGET, account.id.toString()),
                account));
        return true;
    }

    /** An account to seed, its password already hashed. */
    record NewAccount(String username, String passwordHash, String displayName, Set<StaffRole> roles,
            String stationCode, String divisionCode) {
    }

    static void checkScope(boolean officer, String stationCode, String divisionCode) {
        List<InvalidParam> problems = new ArrayList<>();
        if (officer && stationCode == null) {
            problems.add(new InvalidParam("stationCode", "is required for an OFFICER", "required"));
        }
        if (stationCode != null && divisionCode != null) {
            problems.add(new InvalidParam("divisionCode",
                    "give a station or a division, not both (a supervisor oversees one of them)", "invalid"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems);
        }
    }

    static void checkPassword(String password) {
        if (!PasswordHasher.fitsBcrypt(password)) {
            throw ProblemException.validation(List.of(new InvalidParam("password",
                    "must be at most " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes in UTF-8", "wrong-size")));
        }
    }

    static AuditEntry scopeDetails(AuditEntry entry, StaffAccount account) {
        AuditEntry detailed = entry.detail("roles", account.roles.stream().sorted().map(Enum::name)
                .collect(Collectors.joining(",")));
        if (account.stationCode != null) {
            detailed = detailed.detail("stationCode", account.stationCode);
        }
        if (account.divisionCode != null) {
            detailed = detailed.detail("divisionCode", account.divisionCode);
        }
        return detailed;
    }

    private StaffAccount locked(UUID id) {
        StaffAccount account = StaffAccount.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw ProblemException.notFound("Staff account");
        }
        return account;
    }

    private StaffAccountView view(StaffAccount account) {
        return StaffAccountView.of(account, throttles.lockedUntil(account.username, clock.now()).orElse(null));
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException usernameTaken() {
        return ProblemException.conflict("username-taken", "Another staff account has this username");
    }
}
