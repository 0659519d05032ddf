-- Card orders of approved ID card renewals (居民身份证换领): approval orders the card, hand-over completes the
-- application. One order per application; the person is the applicant whose card is renewed. No foreign keys: the
-- application and the person belong to other features' tables, and the rules check both through their services.

CREATE TABLE id_card_order (
    application_id  uuid        PRIMARY KEY,
    person_id       uuid        NOT NULL,
    reason          varchar(32) NOT NULL CHECK (reason IN ('EXPIRED', 'DAMAGED', 'LOST', 'DETAILS_CHANGED')),
    status          varchar(16) NOT NULL CHECK (status IN ('ORDERED', 'HANDED_OVER')),
    ordered_at      timestamptz NOT NULL,
    handed_over_at  timestamptz,
    CONSTRAINT id_card_order_handed_over_iff_time CHECK ((status = 'HANDED_OVER') = (handed_over_at IS NOT NULL))
);
CREATE INDEX id_card_order_person_idx ON id_card_order (person_id);
