-- Appointments for one-visit steps (最多跑一次): a station publishes a schedule (morning and afternoon sessions, each
-- with a capacity), the applicant of an APPROVED application of a service with a hand-over step books a session of
-- the handling station's working days. The appointments feature owns these tables; the application's representation
-- shows the appointment through a column expression the feature contributes (HandOverAppointments).

-- A station's published schedule: one row per station; a session without times is not offered.
CREATE TABLE station_schedule (
    station_code       varchar(8)   PRIMARY KEY REFERENCES station (code),
    morning_start      time,
    morning_end        time,
    morning_capacity   integer      CHECK (morning_capacity BETWEEN 1 AND 1000),
    afternoon_start    time,
    afternoon_end      time,
    afternoon_capacity integer      CHECK (afternoon_capacity BETWEEN 1 AND 1000),
    updated_at         timestamptz  NOT NULL,
    updated_by         varchar(64)  NOT NULL,
    CHECK ((morning_start IS NULL) = (morning_end IS NULL) AND (morning_start IS NULL) = (morning_capacity IS NULL)),
    CHECK ((afternoon_start IS NULL) = (afternoon_end IS NULL)
        AND (afternoon_start IS NULL) = (afternoon_capacity IS NULL)),
    CHECK (morning_start IS NULL OR morning_start < morning_end),
    CHECK (afternoon_start IS NULL OR afternoon_start < afternoon_end)
);

-- A session of one working day as booked: created by the first booking, the seats taken counted in `booked`. Every
-- booking raises `booked` with a conditional UPDATE (booked < capacity) under the row's lock, so capacity holds
-- whatever the number of instances. A schedule change updates `capacity` (and the times of sessions nobody booked);
-- `booked` may then exceed `capacity`: bookings are kept, no new ones are taken.
CREATE TABLE appointment_slot (
    station_code varchar(8)   NOT NULL REFERENCES station (code),
    day          date         NOT NULL,
    period       varchar(16)  NOT NULL CHECK (period IN ('MORNING', 'AFTERNOON')),
    starts_at    timestamptz  NOT NULL,
    ends_at      timestamptz  NOT NULL,
    capacity     integer      NOT NULL CHECK (capacity >= 0),
    booked       integer      NOT NULL DEFAULT 0 CHECK (booked >= 0),
    PRIMARY KEY (station_code, day, period),
    CHECK (starts_at < ends_at)
);

-- One booking of an application; a reschedule cancels the old row (replaced_by) and books a new one.
CREATE TABLE appointment (
    id             uuid         PRIMARY KEY,
    application_id uuid         NOT NULL,
    account_id     uuid         NOT NULL,
    station_code   varchar(8)   NOT NULL,
    day            date         NOT NULL,
    period         varchar(16)  NOT NULL,
    status         varchar(16)  NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED', 'ATTENDED', 'NO_SHOW')),
    booked_at      timestamptz  NOT NULL,
    cancelled_at   timestamptz,
    cancel_reason  varchar(32)  CHECK (cancel_reason IN ('CANCELLED', 'RESCHEDULED', 'APPLICATION_CLOSED')),
    replaced_by    uuid         REFERENCES appointment (id),
    reminded_at    timestamptz,
    outcome_at     timestamptz,
    outcome_by     varchar(64),
    FOREIGN KEY (station_code, day, period) REFERENCES appointment_slot (station_code, day, period),
    CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
-- one active booking per application, settled by the database
CREATE UNIQUE INDEX appointment_one_active ON appointment (application_id) WHERE status = 'BOOKED';
-- the application's representation: its latest appointment
CREATE INDEX appointment_application_idx ON appointment (application_id, booked_at DESC);
-- the reminder job and a station's day
CREATE INDEX appointment_due_idx ON appointment (day, station_code) WHERE status = 'BOOKED';
