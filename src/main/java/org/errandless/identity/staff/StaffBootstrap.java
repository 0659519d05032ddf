package org.errandless.identity.staff;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.errandless.common.config.DevelopmentAdapters;
import org.errandless.audit.AuditActor;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Seeds staff accounts at start-up: the bootstrap admin always (so a fresh installation can be administered at all),
 * and one officer per demo station plus a city-wide supervisor where demo data is on (in a development run only: prod
 * with the demo-data flag refuses to start, see {@link DevelopmentAdapters}).
 *
 * <p>Both are created only when no account has the username, so restarts and several instances starting together
 * change nothing; a configured password is used only at creation (change it through the admin API afterwards).
 * Prod refuses to start without a configured bootstrap admin; dev and demo generate a password when none is set and
 * log it once, at creation.
 */
@ApplicationScoped
public class StaffBootstrap {

    private static final Logger LOG = Logger.getLogger(StaffBootstrap.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The demo stations (code and name, from the reference file demo-people.csv). Kept here as plain strings: staff
     * accounts do not depend on the register's tables.
     */
    static final List<DemoStation> DEMO_STATIONS = List.of(
            new DemoStation("50010301", "渝中区解放碑派出所"),
            new DemoStation("50010501", "江北区观音桥派出所"),
            new DemoStation("50010601", "沙坪坝区磁器口派出所"),
            new DemoStation("50011201", "渝北区两路派出所"));
    /** Username of the city-wide demo supervisor. */
    static final String DEMO_SUPERVISOR = "supervisor";
    private static final Set<String> DEMO_USERNAMES = demoUsernames();

    @Inject
    BootstrapAdminConfig admin;
    @Inject
    StaffService staff;
    @Inject
    PasswordHasher hasher;
    @Inject
    DataSource dataSource;

    @ConfigProperty(name = DevelopmentAdapters.DEMO_DATA_KEY, defaultValue = "false")
    boolean demoData;

    @ConfigProperty(name = "errandless.demo-data.staff-password", defaultValue = "demo-password-2026")
    String demoPassword;

    void onStart(@Observes StartupEvent event) {
        // refused before anything is created: the demo staff share a password published in the README
        boolean demoStaff = DevelopmentAdapters.demoDataAllowed("the demo staff (officer.<station code>, "
                + DEMO_SUPERVISOR + ") with their published password", DevelopmentAdapters.profiles(), demoData);
        seedBootstrapAdmin();
        if (demoStaff) {
            seedDemoStaff();
        }
    }

    void seedBootstrapAdmin() {
        Optional<String> username = admin.username().map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> password = admin.password().filter(value -> !value.isEmpty());
        if (username.isEmpty() || (password.isEmpty() && !admin.generatePassword())) {
            throw new IllegalStateException("No bootstrap admin configured: set ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME "
                    + "and ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD (at least " + StaffService.MIN_PASSWORD_LENGTH
                    + " characters). The account is created at the first start if no account has that username; "
                    + "change its password through the admin API afterwards.");
        }
        if (!Usernames.valid(username.get())) {
            throw new IllegalStateException("ERRANDLESS_BOOTSTRAP_ADMIN_USERNAME must be " + Usernames.RULE);
        }
        if (password.isPresent() && !acceptable(password.get())) {
            throw new IllegalStateException("ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD must have at least "
                    + StaffService.MIN_PASSWORD_LENGTH + " characters and at most "
                    + PasswordHasher.MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        if (!existing(List.of(username.get())).isEmpty()) {
            return;
        }
        String initial = password.orElseGet(StaffBootstrap::generatePassword);
        boolean created = staff.createIfAbsent(new StaffService.NewAccount(username.get(), hasher.hash(initial),
                "Administrator", Set.of(StaffRole.ADMIN), null, null), AuditActor.system("bootstrap-admin"));
        if (created && password.isEmpty()) {
            LOG.warnf("Created the bootstrap admin '%s' with the generated password: %s (shown only now; set "
                    + "ERRANDLESS_BOOTSTRAP_ADMIN_PASSWORD to choose one, or change it through the admin API)",
                    Usernames.normalise(username.get()), initial);
        } else if (created) {
            LOG.infof("Created the bootstrap admin '%s'", Usernames.normalise(username.get()));
        }
    }

    void seedDemoStaff() {
        if (!acceptable(demoPassword)) {
            throw new IllegalStateException("errandless.demo-data.staff-password must have at least "
                    + StaffService.MIN_PASSWORD_LENGTH + " characters");
        }
        AuditActor actor = AuditActor.system("demo-data");
        Set<String> existing = existing(DEMO_USERNAMES);
        if (existing.size() == DEMO_USERNAMES.size()) {
            return;
        }
        String hash = null;
        int created = 0;
        for (DemoStation station : DEMO_STATIONS) {
            String username = "officer." + station.code();
            if (!existing.contains(username)) {
                hash = hash == null ? hasher.hash(demoPassword) : hash;
                created += staff.createIfAbsent(new StaffService.NewAccount(username, hash,
                        station.name() + " 户籍民警", Set.of(StaffRole.OFFICER), station.code(), null), actor) ? 1 : 0;
            }
        }
        if (!existing.contains(DEMO_SUPERVISOR)) {
            hash = hash == null ? hasher.hash(demoPassword) : hash;
            created += staff.createIfAbsent(new StaffService.NewAccount(DEMO_SUPERVISOR, hash, "重庆市 户籍督查",
                    Set.of(StaffRole.SUPERVISOR), null, null), actor) ? 1 : 0;
        }
        if (created > 0) {
            LOG.infof("Created %d demo staff accounts (officer.<station code>, %s) with the demo staff password",
                    created, DEMO_SUPERVISOR);
        }
    }

    /**
     * Which of these usernames (normalised) have an account. One statement on a connection of its own, outside any
     * transaction: a restart that finds every account in place starts neither a transaction nor a Hibernate session.
     */
    Set<String> existing(Collection<String> usernames) {
        List<String> normalised = new ArrayList<>();
        usernames.forEach(username -> normalised.add(Usernames.normalise(username)));
        Set<String> found = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection
                        .prepareStatement("select username from staff_account where username = any (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", normalised.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the staff accounts", e);
        }
        return found;
    }

    /** Whether demo data seeds an account with this (normalised) username: the demo officers and supervisor. */
    static boolean isDemoUsername(String username) {
        return DEMO_USERNAMES.contains(username);
    }

    private static Set<String> demoUsernames() {
        Set<String> names = new HashSet<>();
        DEMO_STATIONS.forEach(station -> names.add("officer." + station.code()));
        names.add(DEMO_SUPERVISOR);
        return Set.copyOf(names);
    }

    private static boolean acceptable(String password) {
        return password.length() >= StaffService.MIN_PASSWORD_LENGTH && PasswordHasher.fitsBcrypt(password);
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A demo station: code and name. */
    record DemoStation(String code, String name) {
    }
}
