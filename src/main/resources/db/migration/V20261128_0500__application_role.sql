-- Where the schema owner (the Flyway user) and the application's database user differ, the application user
-- gets only data rights: no DDL. Tables that must stay append-only (audit trail, access records) revoke
-- UPDATE and DELETE in their own migration. Where both are the same role (embedded database, simple setups)
-- this does nothing.
DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), '${app_user}');
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                       current_user, current_schema(), '${app_user}');
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I',
                       current_user, current_schema(), '${app_user}');
    END IF;
END
$$;
