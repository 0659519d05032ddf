-- Token checks keep revoked sign-ins and disabled accounts in memory (identity/token/TokenRevocations); every instance
-- loads them at start-up and after each reconnection of its live-feed listener. These partial indexes let those loads
-- read only the recently revoked families and the few disabled citizens, not every sign-in and every citizen.
-- (Staff accounts and partner clients are few enough to scan.)
CREATE INDEX token_family_revoked_at ON token_family (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX citizen_account_disabled ON citizen_account (id) WHERE disabled;
