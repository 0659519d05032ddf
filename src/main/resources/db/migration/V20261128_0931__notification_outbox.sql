-- The notification outbox: every message to a citizen is written here in the transaction of the change it tells
-- about, and delivered later by the dispatcher (notifications/OutboxDispatcher), which claims due rows with
-- FOR UPDATE SKIP LOCKED so any number of instances can run it. One outbox for every channel (SMS now, PUSH later).
-- The recipient is stored encrypted with a keyed hash for lookup (common/crypto), never in clear. The body is
-- removed (redacted) once a real gateway has delivered it; last_error never carries personal data.
create table outbox_message (
    id               uuid         primary key,
    -- insertion order: "newest first" for the admin view, and a stable tie-breaker when claiming
    seq              bigint       generated always as identity unique,
    channel          varchar(8)   not null check (channel in ('SMS', 'PUSH')),
    recipient_cipher text         not null,
    recipient_hash   varchar(64)  not null,
    purpose          varchar(32)  not null,
    body             text,
    redacted         boolean      not null default false,
    status           varchar(8)   not null check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts         integer      not null default 0 check (attempts >= 0),
    next_attempt_at  timestamptz  not null,
    last_error       varchar(500),
    created_at       timestamptz  not null,
    sent_at          timestamptz,
    check (redacted = (body is null))
);

create index outbox_message_due on outbox_message (next_attempt_at, seq) where status = 'PENDING';
create index outbox_message_recipient on outbox_message (recipient_hash, seq desc);
