-- Identity verifications reserve a failure before they ask the carrier or face provider and give it back when they do
-- not fail (see VerificationAttempts): a burst of parallel attempts then reaches a provider at most as often as the
-- day's failures allow. A count given back to zero stays as a row of 0 until the past days' purge takes it.
ALTER TABLE identity_verification_failure DROP CONSTRAINT identity_verification_failure_failures_check;
ALTER TABLE identity_verification_failure ADD CONSTRAINT identity_verification_failure_failures_check
    CHECK (failures >= 0);
