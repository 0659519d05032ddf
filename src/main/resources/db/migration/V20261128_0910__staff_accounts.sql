-- Staff accounts: officers, supervisors and admins who sign in with a username and a password.
-- Usernames are stored normalised (trimmed, lower case), so the unique constraint makes them unique regardless of
-- case. Only a bcrypt hash of the password is kept. Station and division codes are plain strings: the register of
-- stations belongs to another feature, and an account must not depend on its tables.
-- A SUPERVISOR oversees a station (station_code), a district (division_code) or the whole city (neither); an OFFICER
-- always has a station. The service enforces that (roles live in their own table, out of reach of a CHECK).
CREATE TABLE staff_account (
    id                  uuid PRIMARY KEY,
    username            varchar(64)  NOT NULL UNIQUE CHECK (username = lower(username)),
    password_hash       varchar(100) NOT NULL,
    display_name        varchar(100) NOT NULL,
    station_code        varchar(12),
    division_code       varchar(6),
    disabled            boolean      NOT NULL DEFAULT false,
    password_changed_at timestamptz  NOT NULL,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    version             bigint       NOT NULL DEFAULT 0,
    CHECK (station_code IS NULL OR division_code IS NULL)
);
CREATE INDEX staff_account_station ON staff_account (station_code) WHERE station_code IS NOT NULL;

-- One row per role of an account (one or more).
CREATE TABLE staff_account_role (
    staff_account_id uuid        NOT NULL REFERENCES staff_account (id) ON DELETE CASCADE,
    role             varchar(16) NOT NULL CHECK (role IN ('OFFICER', 'SUPERVISOR', 'ADMIN')),
    PRIMARY KEY (staff_account_id, role)
);
CREATE INDEX staff_account_role_role ON staff_account_role (role, staff_account_id);

-- Failed sign-ins per normalised username, whether or not an account has that username, so a lockout looks the
-- same for every name and nothing tells which usernames exist. A row goes away with the next successful sign-in
-- (or a password reset); failures are forgotten once a lockout or a quiet period of the same length has passed.
CREATE TABLE staff_login_throttle (
    username       varchar(64) PRIMARY KEY,
    failed_count   integer     NOT NULL CHECK (failed_count >= 0),
    last_failed_at timestamptz NOT NULL,
    locked_until   timestamptz
);
