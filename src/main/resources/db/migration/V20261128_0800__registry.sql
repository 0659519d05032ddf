-- The population register: divisions (reference data), police stations, households, persons, and the history of
-- every change. ID numbers are stored only encrypted (AES-256-GCM, `v1:` + base64) plus a keyed blind index
-- (HMAC-SHA256) for exact lookup and uniqueness: a dump of this database alone reveals none of them.

CREATE TABLE division (
    code        varchar(6)  PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name_zh     varchar(64) NOT NULL,
    name_en     varchar(64) NOT NULL,
    parent_code varchar(6)  REFERENCES division (code)
);

CREATE TABLE station (
    code          varchar(8)   PRIMARY KEY CHECK (code ~ '^[0-9]{8}$'),
    name          varchar(128) NOT NULL,
    division_code varchar(6)   NOT NULL REFERENCES division (code),
    -- a station's code is its division's code plus two digits
    CHECK (substr(code, 1, 6) = division_code)
);
CREATE INDEX station_division_idx ON station (division_code);

CREATE TABLE household (
    id               uuid         PRIMARY KEY,
    household_number varchar(20)  NOT NULL UNIQUE,
    type             varchar(16)  NOT NULL CHECK (type IN ('FAMILY', 'COLLECTIVE')),
    address          varchar(256) NOT NULL,
    station_code     varchar(8)   NOT NULL REFERENCES station (code),
    -- null only for a household left without active members
    head_person_id   uuid,
    version          bigint       NOT NULL DEFAULT 0
);
CREATE INDEX household_station_idx ON household (station_code);

CREATE TABLE person (
    id               uuid        PRIMARY KEY,
    household_id     uuid        NOT NULL REFERENCES household (id),
    id_number_cipher text        NOT NULL CHECK (id_number_cipher LIKE 'v1:%'),
    id_number_hash   varchar(64) NOT NULL UNIQUE,
    name             varchar(64) NOT NULL,
    sex              varchar(1)  NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date       date        NOT NULL,
    ethnicity        varchar(32) NOT NULL,
    relationship     varchar(32) NOT NULL CHECK (relationship IN ('HEAD', 'SPOUSE', 'SON', 'DAUGHTER', 'FATHER',
                         'MOTHER', 'GRANDSON', 'GRANDDAUGHTER', 'GRANDFATHER', 'GRANDMOTHER', 'SON_IN_LAW',
                         'DAUGHTER_IN_LAW', 'BROTHER', 'SISTER', 'OTHER')),
    status           varchar(16) NOT NULL CHECK (status IN ('ACTIVE', 'MOVED_OUT', 'DECEASED')),
    version          bigint      NOT NULL DEFAULT 0
);
CREATE INDEX person_household_idx ON person (household_id);

-- Checked at commit: a household and its head are inserted in one transaction, in either order.
ALTER TABLE household ADD CONSTRAINT household_head_fk FOREIGN KEY (head_person_id) REFERENCES person (id)
    DEFERRABLE INITIALLY DEFERRED;

-- Append-only history. Summaries are words and numbers of the register, never an ID number, not even masked
-- (a masked number plus the birth date column would give it away).
CREATE TABLE register_change (
    id             uuid        PRIMARY KEY,
    seq            bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    person_id      uuid        REFERENCES person (id),
    household_id   uuid        REFERENCES household (id),
    kind           varchar(32) NOT NULL CHECK (kind IN ('SEEDED', 'BORN', 'MOVED_IN', 'MOVED_OUT', 'ADDRESS_CHANGED',
                       'DECEASED', 'HEAD_CHANGED')),
    before_summary text,
    after_summary  text,
    application_id uuid,
    occurred_at    timestamptz NOT NULL,
    CHECK (person_id IS NOT NULL OR household_id IS NOT NULL)
);
CREATE INDEX register_change_person_idx ON register_change (person_id);
CREATE INDEX register_change_household_idx ON register_change (household_id);
CREATE INDEX register_change_application_idx ON register_change (application_id) WHERE application_id IS NOT NULL;

-- Demo only (empty outside demo data): the mobile number the demo carrier check knows for a demo person.
CREATE TABLE demo_mobile (
    person_id    uuid        PRIMARY KEY REFERENCES person (id),
    phone_cipher text        NOT NULL CHECK (phone_cipher LIKE 'v1:%'),
    phone_hash   varchar(64) NOT NULL UNIQUE
);

-- The history is append-only for the application's user where it is not the schema owner.
DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('REVOKE UPDATE, DELETE ON register_change FROM %I', '${app_user}');
    END IF;
END
$$;
