-- Failed identity verifications (real-name and face) per citizen account and business date (Asia/Shanghai).
-- After a few failures a day the account must wait for the next day: whoever tries names and ID numbers, or
-- someone else's face, gets only a handful of guesses. Rows of past days are no longer read.
CREATE TABLE identity_verification_failure (
    account_id    uuid    NOT NULL REFERENCES citizen_account (id) ON DELETE CASCADE,
    business_date date    NOT NULL,
    failures      integer NOT NULL CHECK (failures > 0),
    PRIMARY KEY (account_id, business_date)
);
