-- The outbox's delivery schedule runs on the database's clock, not on the business clock: a message is due from the
-- moment its row is written (now(), the transaction's time), and the dispatcher takes each claim's lease and each
-- retry's pause from clock_timestamp() when it claims or records (notifications/OutboxClaims). created_at and sent_at
-- stay on the business clock: they are what people are shown.
alter table outbox_message alter column next_attempt_at set default now();

-- Which claim holds the message: a fresh value per claim. An outcome is recorded only while the row still carries the
-- claim that sent it, so a dispatcher whose lease ran out cannot overwrite what the next claim did. Null until the
-- first claim, and again once a message is handed back unsent.
alter table outbox_message add column claim_token uuid;
