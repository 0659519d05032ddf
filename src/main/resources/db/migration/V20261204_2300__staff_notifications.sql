-- The staff inbox: messages to officers and supervisors (deadline warnings), listed by GET /staff/notifications and
-- delivered as PUSH through the one outbox, addressed by the staff account's id (outbox_message.recipient_account_id;
-- notification_id stays null, it points at citizens' messages only). Text without personal data.
create table staff_notification (
    id                 uuid         primary key,
    -- insertion order: "newest first" and the keyset of the inbox's cursor
    seq                bigint       generated always as identity unique,
    recipient_staff_id uuid         not null,
    -- what it is about: the application, or the evaluation of a rectification task
    subject_id         uuid,
    purpose            varchar(32)  not null,
    text               varchar(500) not null,
    created_at         timestamptz  not null
);

create index staff_notification_recipient on staff_notification (recipient_staff_id, seq desc);
