-- Status-change messages to citizens: the citizen's own list of them (citizen_notification, what GET /me/notifications
-- shows; its text is kept, it tells nothing the citizen does not know), and their deliveries in the one outbox, now
-- on two channels: SMS (to the account's phone) and PUSH (to the account's app, addressed by account id).
create table citizen_notification (
    id                   uuid         primary key,
    -- insertion order: "newest first" and the keyset of the list's cursor
    seq                  bigint       generated always as identity unique,
    recipient_account_id uuid         not null,
    -- what it is about, e.g. the application; null for messages about nothing in particular
    subject_id           uuid,
    purpose              varchar(32)  not null,
    text                 varchar(500) not null,
    created_at           timestamptz  not null
);

create index citizen_notification_recipient on citizen_notification (recipient_account_id, seq desc);

alter table outbox_message
    add column recipient_account_id uuid,
    add column subject_id uuid,
    add column notification_id uuid references citizen_notification (id),
    -- a push is addressed by account, not by phone
    alter column recipient_cipher drop not null,
    alter column recipient_hash drop not null,
    add constraint outbox_message_recipient check (
        (channel = 'SMS' and recipient_cipher is not null and recipient_hash is not null)
        or (channel = 'PUSH' and recipient_account_id is not null));

create index outbox_message_notification on outbox_message (notification_id) where notification_id is not null;
-- the admin outbox view: newest first, optionally one status (FAILED) and channel
create index outbox_message_status on outbox_message (status, seq desc);
