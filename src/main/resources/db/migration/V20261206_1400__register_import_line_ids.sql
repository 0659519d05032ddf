-- The ids a staged household or person line gets if the import creates its record (new_id), and the id of its
-- IMPORTED history row (change_id): time-ordered UUIDs (version 7) made in Java while the lines stream in, instead of
-- one SQL expression per row at apply time (gen_random_uuid() and the byte surgery around it cost about 6 µs an id,
-- 2.7 million ids for a first load of a million persons). Unused when the line matches an existing record. Lines
-- staged before this migration have none: the apply then makes them in SQL as before.
ALTER TABLE register_import_line ADD COLUMN new_id uuid, ADD COLUMN change_id uuid;
