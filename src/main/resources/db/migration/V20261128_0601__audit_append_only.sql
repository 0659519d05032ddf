-- The audit trail and the access records are append-only for the application.
-- Where the application's database user (${app_user}) is not the schema owner and exists, the default privileges of
-- V20261128_0500 granted it SELECT, INSERT, UPDATE and DELETE on these new tables; take back everything but INSERT and
-- SELECT, so a compromised or buggy application cannot rewrite or erase history. Appends are serialised with a
-- transaction-scoped advisory lock (pg_advisory_xact_lock), which needs no table right at all.
-- Only the schema owner (the Flyway user) can still change rows, and verification of the hash chain shows it.
-- Where owner and application user are the same role (embedded database, simple setups) this does nothing: an owner
-- keeps its rights whatever is revoked.
DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON TABLE audit_event, access_record FROM %I', '${app_user}');
        EXECUTE format('GRANT SELECT, INSERT ON TABLE audit_event, access_record TO %I', '${app_user}');
    END IF;
END
$$;
