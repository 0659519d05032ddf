-- The register import's merge works in temporary tables (ON COMMIT DROP), so the application's database user needs
-- TEMPORARY on the database. A database that revokes it from PUBLIC (as CI's external-database run does, and as a
-- hardened deployment may) would fail every import. The grant is made where the migrating role may make it: it owns
-- the database or is a superuser. Elsewhere the DBA grants it by hand (README, Operate, Database roles).
DO $$
DECLARE
    may_grant boolean;
BEGIN
    IF current_user = '${app_user}' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        RETURN;
    END IF;
    SELECT d.datdba = r.oid OR r.rolsuper INTO may_grant
    FROM pg_database d, pg_roles r
    WHERE d.datname = current_database() AND r.rolname = current_user;
    IF may_grant THEN
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), '${app_user}');
    ELSE
        RAISE NOTICE 'Grant TEMPORARY on database % to % by hand: the register import needs temporary tables',
            current_database(), '${app_user}';
    END IF;
END
$$;
