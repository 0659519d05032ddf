-- The register history (register_change) keeps its person and household ids without foreign keys. PostgreSQL checks a
-- foreign key with one trigger query per inserted row, which locks the referenced person or household row: a first
-- register import of one million persons writes 1.36 million history rows and so ran 2.7 million such checks, the
-- larger part of its history step (in a 300,000-row trial on PostgreSQL 15 the same history insert took 14.5 s with
-- the two keys and 6.6 s without). The ids stay right by construction: every writer (RegistryService, DemoDataSeeder,
-- RegisterMerge) takes them from rows it has just read or written in the same transaction; persons and households
-- are never deleted (no code path deletes them); the history is append-only for the application's user
-- (V20261128_0800). The indexes on person_id and household_id stay: the history views use them.
ALTER TABLE register_change DROP CONSTRAINT IF EXISTS register_change_person_id_fkey;
ALTER TABLE register_change DROP CONSTRAINT IF EXISTS register_change_household_id_fkey;
