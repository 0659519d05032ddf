-- The benchmark volume (src/bench/generate.sh runs this; see src/bench/README.md). Set-based: generate_series and
-- INSERT ... SELECT, one transaction. psql variable :applications (1,000,000 by default in generate.sh); the citizens
-- are the rows of the CSV files BenchPopulation wrote into psql's working directory.
--
-- Tables it fills (keep in step with the migrations under src/main/resources/db/migration):
--   household, person, citizen_account      100,000 citizens (BenchPopulation's CSV: encrypted, blind-indexed),
--                                            households of two ('BENCH…' numbers) over the 16 demo stations
--   application                             :applications, ADDRESS_CHANGE, statuses mixed as a city's would be
--   application_event                       the timeline of each (create, submit, accept, ...), 1 % with 40 extra
--                                            suspend/resume events
--   document, application_material          one uploaded tenancy proof (the row, not the bytes) per non-draft
--   access_record                           two officer reads per non-draft application
--   supervised_application                  supervision's facts of each submitted one (supervision-facts.sql)
--   bench_citizen, bench_volume             the benchmark's own: citizen number -> account, and what was generated
-- Nothing else is touched; src/bench/generate.sh --reset deletes exactly these rows (the demo data stays).

\set ON_ERROR_STOP on
\timing on
begin;

-- --- citizens (from BenchPopulation's CSV) --------------------------------------------------------------------------
create temporary table stage_household (id uuid, household_number varchar(20), type varchar(16), address varchar(256),
    station_code varchar(8), head_person_id uuid) on commit drop;
create temporary table stage_person (id uuid, household_id uuid, id_number_cipher text, id_number_hash varchar(64),
    name varchar(64), sex varchar(1), birth_date date, ethnicity varchar(32), relationship varchar(32),
    status varchar(16)) on commit drop;
create temporary table stage_account (id uuid, phone_cipher text, phone_hash varchar(64), assurance_level varchar(2),
    person_id uuid, created_at timestamptz, n integer) on commit drop;
-- relative paths: generate.sh runs psql in the directory of the CSV files
\copy stage_household from 'household.csv' with (format csv)
\copy stage_person from 'person.csv' with (format csv)
\copy stage_account from 'account.csv' with (format csv)

-- a household whose person's ID number or phone is registered already (the demo's are random) is left out whole
create temporary table stage_clash on commit drop as
    select distinct p.household_id from stage_person p join person e on e.id_number_hash = p.id_number_hash
    union
    select distinct p.household_id from stage_account a join stage_person p on p.id = a.person_id
        join citizen_account e on e.phone_hash = a.phone_hash;
select count(*) as households_left_out_for_clashes from stage_clash;

\echo households, persons, accounts
insert into household (id, household_number, type, address, station_code, head_person_id)
    select id, household_number, type, address, station_code, head_person_id from stage_household
    where id not in (select household_id from stage_clash);
insert into person (id, household_id, id_number_cipher, id_number_hash, name, sex, birth_date, ethnicity,
        relationship, status)
    select id, household_id, id_number_cipher, id_number_hash, name, sex, birth_date, ethnicity, relationship, status
    from stage_person where household_id not in (select household_id from stage_clash);
insert into citizen_account (id, phone_cipher, phone_hash, assurance_level, person_id, disabled, created_at,
        updated_at, version)
    select a.id, a.phone_cipher, a.phone_hash, a.assurance_level, a.person_id, false, a.created_at, a.created_at, 0
    from stage_account a join person p on p.id = a.person_id;

-- citizen number -> account, person, household, station; numbered densely (k) for spreading applications
\echo bench_citizen
create table bench_citizen as
    select a.n, (row_number() over (order by a.n) - 1)::integer as k, a.id as account_id, a.person_id,
           p.household_id, h.station_code
    from stage_account a join person p on p.id = a.person_id join household h on h.id = p.household_id;
alter table bench_citizen add primary key (n);
create unique index bench_citizen_k on bench_citizen (k);

-- --- applications -----------------------------------------------------------------------------------------------------
-- status by a bucket b in 0..99: DRAFT 5, SUBMITTED 12, SUPPLEMENT_REQUIRED 4, ACCEPTED 20, SUSPENDED 4, COMPLETED 48,
-- REJECTED 5, WITHDRAWN 2 (%); created over the two years before now; citizen k = g * 7919 mod (number of citizens)
analyze household, person, citizen_account;
\echo applications: staging
create temporary table stage_application on commit drop as
    select g, b,
           md5('errandless-bench:application:' || g)::uuid as id,
           c.account_id, c.person_id, c.household_id, c.station_code,
           case when b < 5 then 'DRAFT' when b < 17 then 'SUBMITTED' when b < 21 then 'SUPPLEMENT_REQUIRED'
                when b < 41 then 'ACCEPTED' when b < 45 then 'SUSPENDED' when b < 93 then 'COMPLETED'
                when b < 98 then 'REJECTED' else 'WITHDRAWN' end as status,
           now() - make_interval(days => (g % 730)::integer, secs => (g * 37 % 86400)::integer) as created_at,
           -- 1 % of the accepted ones have a long timeline: 20 suspensions, each resumed
           (b between 21 and 40 and g % 20 = 0) as long_timeline
    from generate_series(1, :applications) as g
    -- the status bucket 0..99 from a hash of g, so that a citizen's applications differ in status
    cross join lateral (select ('x' || substr(md5('errandless-bench:status:' || g), 1, 8))::bit(32)::bigint % 100
                        as b) h
    join bench_citizen c on c.k = (g::bigint * 7919) % (select count(*) from bench_citizen);

create temporary table stage_action (status varchar(24), seq integer, action varchar(32), to_status varchar(24))
    on commit drop;
insert into stage_action values
    ('DRAFT', 1, 'create', 'DRAFT'),
    ('SUBMITTED', 1, 'create', 'DRAFT'), ('SUBMITTED', 2, 'submit', 'SUBMITTED'),
    ('SUPPLEMENT_REQUIRED', 1, 'create', 'DRAFT'), ('SUPPLEMENT_REQUIRED', 2, 'submit', 'SUBMITTED'),
    ('SUPPLEMENT_REQUIRED', 3, 'request-supplement', 'SUPPLEMENT_REQUIRED'),
    ('ACCEPTED', 1, 'create', 'DRAFT'), ('ACCEPTED', 2, 'submit', 'SUBMITTED'), ('ACCEPTED', 3, 'accept', 'ACCEPTED'),
    ('SUSPENDED', 1, 'create', 'DRAFT'), ('SUSPENDED', 2, 'submit', 'SUBMITTED'), ('SUSPENDED', 3, 'accept', 'ACCEPTED'),
    ('SUSPENDED', 4, 'suspend', 'SUSPENDED'),
    ('COMPLETED', 1, 'create', 'DRAFT'), ('COMPLETED', 2, 'submit', 'SUBMITTED'), ('COMPLETED', 3, 'accept', 'ACCEPTED'),
    ('COMPLETED', 4, 'approve', 'COMPLETED'),
    ('REJECTED', 1, 'create', 'DRAFT'), ('REJECTED', 2, 'submit', 'SUBMITTED'), ('REJECTED', 3, 'accept', 'ACCEPTED'),
    ('REJECTED', 4, 'reject', 'REJECTED'),
    ('WITHDRAWN', 1, 'create', 'DRAFT'), ('WITHDRAWN', 2, 'withdraw', 'WITHDRAWN');

\echo applications
insert into application (id, service_code, applicant_account_id, applicant_person_id, status, form, handling_station,
        target_household_id, version, created_at, updated_at, submitted_at, accepted_at, decided_at,
        acceptance_due_date, due_date, due_date_provisional, current_deadline, suspended_on, supplement_requested,
        supplement_materials, supplement_comment, consent_to_data_sharing, consent_at, decision_reason,
        decision_legal_basis, event_count)
select a.id, 'ADDRESS_CHANGE', a.account_id, a.person_id, a.status,
       jsonb_build_object('newAddress', '重庆市渝中区民族路' || (a.g % 500) || '号(bench)'),
       case when a.status in ('DRAFT', 'WITHDRAWN') then null else a.station_code end,
       a.household_id,
       n.events, a.created_at,
       a.created_at + make_interval(hours => n.events),
       case when a.status in ('DRAFT', 'WITHDRAWN') then null else a.created_at + interval '1 hour' end,
       case when a.status in ('ACCEPTED', 'SUSPENDED', 'COMPLETED', 'REJECTED')
            then a.created_at + interval '1 day' end,
       case when a.status in ('COMPLETED', 'REJECTED') then a.created_at + interval '4 days' end,
       case when a.status in ('DRAFT', 'WITHDRAWN') then null else (a.created_at + interval '7 days')::date end,
       case when a.status in ('ACCEPTED', 'SUSPENDED', 'COMPLETED', 'REJECTED')
            then (a.created_at + interval '8 days')::date end,
       false,
       case a.status when 'SUBMITTED' then (a.created_at + interval '7 days')::date
                     when 'ACCEPTED' then (a.created_at + interval '8 days')::date end,
       case when a.status = 'SUSPENDED' then (a.created_at + interval '3 days')::date end,
       a.status = 'SUPPLEMENT_REQUIRED',
       case when a.status = 'SUPPLEMENT_REQUIRED' then '["TENANCY_PROOF"]'::jsonb end,
       case when a.status = 'SUPPLEMENT_REQUIRED' then '租赁合同页面不清晰，请重新上传' end,
       false, null,
       case when a.status = 'REJECTED' then '新住址不在本派出所辖区' end,
       case when a.status = 'REJECTED' then '《重庆市常住户口登记管理规定》' end,
       n.events
from stage_application a
join (select status, count(*)::integer as actions from stage_action group by status) c on c.status = a.status
cross join lateral (select c.actions + case when a.long_timeline then 40 else 0 end as events) n;

-- --- timelines --------------------------------------------------------------------------------------------------------
-- The foreign-key checks of the next inserts plan their lookups once per session from the referenced table's
-- statistics: after a --reset those say "empty" (reltuples 0), and the planner then picked an index with the key
-- in second place, scanning it whole for every row (the timelines ran for over 30 minutes). Counting the rows
-- this transaction inserted first keeps the lookups on the primary keys.
analyze application;
\echo timelines
insert into application_event (id, application_id, seq, at, actor_role, action, from_status, to_status, comment,
        visibility)
select md5('errandless-bench:event:' || a.g || ':' || s.seq)::uuid, a.id, s.seq,
       a.created_at + make_interval(hours => s.seq - 1),
       case when s.action in ('create', 'submit', 'withdraw') then 'CITIZEN' else 'OFFICER' end,
       s.action, lag(s.to_status) over (partition by a.g order by s.seq), s.to_status,
       case s.action when 'request-supplement' then '租赁合同页面不清晰，请重新上传'
                     when 'reject' then '新住址不在本派出所辖区' end,
       'PUBLIC'
from stage_application a join stage_action s on s.status = a.status;

-- the long timelines: 20 suspend/resume pairs after the acceptance (seq 4..43), still ACCEPTED at the end
insert into application_event (id, application_id, seq, at, actor_role, action, from_status, to_status, comment,
        visibility)
select md5('errandless-bench:event:' || a.g || ':' || (3 + i))::uuid, a.id, 3 + i,
       a.created_at + make_interval(hours => 2 + i), 'OFFICER',
       case when i % 2 = 1 then 'suspend' else 'resume' end,
       case when i % 2 = 1 then 'ACCEPTED' else 'SUSPENDED' end,
       case when i % 2 = 1 then 'SUSPENDED' else 'ACCEPTED' end,
       case when i % 2 = 1 then '等待补充调查结果' end, 'PUBLIC'
from stage_application a cross join generate_series(1, 40) as i
where a.long_timeline;

-- --- evidence: a tenancy proof (the document row; no bytes in the store) for every non-draft -----------------------
\echo documents
insert into document (id, owner_id, kind, filename, content_type, size_bytes, sha256, width, height, scan_result,
        created_at)
select md5('errandless-bench:document:' || a.g)::uuid, a.account_id, null, 'tenancy-' || a.g || '.pdf',
       'application/pdf', 524288, encode(sha256(convert_to(a.g::text, 'UTF8')), 'hex'), null, null, 'NOT_SCANNED',
       a.created_at + interval '10 minutes'
from stage_application a where a.status <> 'DRAFT';

analyze document;
\echo materials
insert into application_material (id, application_id, material_code, source, document_id, updated_at)
select md5('errandless-bench:material:' || a.g)::uuid, a.id, 'TENANCY_PROOF', 'UPLOAD',
       md5('errandless-bench:document:' || a.g)::uuid, a.created_at + interval '10 minutes'
from stage_application a where a.status <> 'DRAFT';

-- --- access records: the station's officer read each non-draft application twice --------------------------------------
\echo access records
insert into access_record (id, person_id, accessor_type, accessor_id, accessor_label, what, purpose, legal_basis,
        occurred_at, request_id)
select md5('errandless-bench:access:' || a.g || ':' || r)::uuid, a.person_id, 'STAFF',
       coalesce(o.id::text, md5('errandless-bench:officer:' || a.station_code)::uuid::text),
       st.name || ' 户籍民警', 'application', '审核住址变更申请', null,
       a.created_at + make_interval(hours => 1 + r), null
from stage_application a
join station st on st.code = a.station_code
left join staff_account o on o.username = 'officer.' || a.station_code
cross join generate_series(1, 2) as r
where a.status not in ('DRAFT', 'WITHDRAWN');

-- --- supervision's facts, as the recorder writes them on each transition ------------------------------------------
\echo supervision facts
\ir supervision-facts.sql

create table bench_volume as
    select (select count(*) from bench_citizen) as citizens, :applications::integer as applications,
           now() as generated_at;
commit;

\echo analyze
analyze household, person, citizen_account, application, application_event, document, application_material,
    access_record, bench_citizen;
select (select count(*) from bench_citizen) as citizens,
       (select count(*) from application) as applications,
       (select count(*) from application_event) as events,
       (select count(*) from application_material) as materials,
       (select count(*) from access_record) as access_records;
