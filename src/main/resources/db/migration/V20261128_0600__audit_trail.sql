-- The audit trail: append-only, hash-chained record of security-relevant events.
-- seq is the chain order: it is drawn while the appender holds the chain's advisory lock (see AuditTrail), so a
-- higher seq always links to a lower one. Gaps are harmless (a rolled-back append uses up its number); the chain is
-- the prev_hash -> hash linkage, which verification walks in seq order.
create table audit_event (
    seq          bigint generated always as identity primary key,
    id           uuid         not null unique,
    occurred_at  timestamptz  not null,
    actor_type   varchar(16)  not null check (actor_type in ('CITIZEN', 'STAFF', 'PARTNER', 'SYSTEM', 'ANONYMOUS')),
    -- opaque account / staff / client id; never an ID number or a phone number
    actor_id     varchar(128),
    actor_label  varchar(200),
    action       varchar(100) not null,
    target_type  varchar(64),
    target_id    varchar(128),
    outcome      varchar(16)  not null check (outcome in ('SUCCESS', 'FAILURE', 'DENIED')),
    request_id   varchar(64),
    -- small, flat string map; no personal data
    details      jsonb,
    prev_hash    char(64)     not null,
    hash         char(64)     not null
);

create index audit_event_occurred_at on audit_event (occurred_at);
create index audit_event_actor on audit_event (actor_type, actor_id, seq desc);
create index audit_event_action on audit_event (action, seq desc);

-- Access records: one per read of a person's data by anyone other than that person.
-- seq orders records that share a timestamp (newest first), so a citizen's list is stable.
create table access_record (
    seq            bigint generated always as identity primary key,
    id             uuid         not null unique,
    person_id      uuid         not null,
    accessor_type  varchar(16)  not null check (accessor_type in ('STAFF', 'PARTNER', 'SYSTEM')),
    accessor_id    varchar(128),
    -- plain words for the citizen: department or station, and role
    accessor_label varchar(200) not null,
    what           varchar(64)  not null,
    purpose        varchar(500) not null,
    legal_basis    varchar(500),
    occurred_at    timestamptz  not null,
    request_id     varchar(64)
);

create index access_record_person on access_record (person_id, occurred_at desc, seq desc);
create index access_record_occurred_at on access_record (occurred_at);
