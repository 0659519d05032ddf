-- Retention (privacy/RetentionPurge): the nightly purge of what the law no longer requires us to keep.

-- 1. Access records older than the legal minimum, through one narrow door.
-- The application's database user has only INSERT and SELECT on access_record (V20261128_0601): it can append to
-- the record of who read a person's data, never rewrite or erase it. The purge must delete old rows, so instead of
-- a DELETE right (which would let a compromised application erase yesterday's reads as easily as those of five
-- years ago) it gets EXECUTE on this one function. The function runs with the rights of its owner, the schema owner
-- that runs these migrations (SECURITY DEFINER), and deletes only
--   * rows older than p_before, the cutoff the application's retention setting asks for, and never rows younger than
--     three years by the DATABASE's clock (now()), whatever cutoff the application passes: the application cannot
--     move that clock, and the three years can only be changed by the schema owner in a new migration;
--   * at most p_limit rows per call (1..10000), oldest first, so every batch is a short transaction;
--   * rows no other transaction holds (SKIP LOCKED), so two instances purging at once share the work.
-- It never updates. Three years: PIPL art. 56 keeps records of processing for at least three years, and three years
-- is the general limitation period of the Civil Code (art. 188) within which a citizen may claim over a misuse.
create function purge_access_records(p_before timestamptz, p_limit integer) returns integer
    language plpgsql
    security definer
as $$
declare
    legal_minimum constant interval := interval '3 years';
    deleted integer;
begin
    if p_before is null or p_limit is null or p_limit < 1 or p_limit > 10000 then
        raise exception 'purge_access_records: a cutoff and a batch size of 1 to 10000 are required'
            using errcode = '22023';
    end if;
    delete from access_record
     where seq in (select seq from access_record
                    where occurred_at < least(p_before, now() - legal_minimum)
                    order by occurred_at
                    limit p_limit
                    for update skip locked);
    get diagnostics deleted = row_count;
    return deleted;
end
$$;

-- A SECURITY DEFINER function must not resolve names through a search path its caller controls.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION purge_access_records(timestamptz, integer) SET search_path = %I, pg_temp',
                   current_schema());
END
$$;

-- Functions are executable by PUBLIC by default: only the application's user may call this one.
revoke all on function purge_access_records(timestamptz, integer) from public;
DO $$
BEGIN
    IF '${app_user}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION purge_access_records(timestamptz, integer) TO %I', '${app_user}');
    END IF;
END
$$;

-- 2. One row per scheduled job: an instance runs the purge only after it has claimed this row (a lease on the
-- database's clock, renewed after every batch), so N instances firing at the same time run it once.
create table retention_job (
    name         varchar(32)  primary key,
    holder       uuid,
    leased_until timestamptz,
    started_at   timestamptz,
    finished_at  timestamptz
);
insert into retention_job (name) values ('retention-purge');

-- 3. Indexes the purge walks: documents by age (the unattached ones), closed applications by the time they closed.
create index document_created_idx on document (created_at, id);
create index application_closed_idx on application (updated_at)
    where status in ('COMPLETED', 'REJECTED', 'WITHDRAWN');
