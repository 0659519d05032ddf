-- Supervision's own facts (supervised_application) for the generated applications, set-based, the way
-- supervision/SupervisionRecorder writes them on every transition: received = first submission, decided = approval
-- or rejection, late = after the due date, uploaded: generate.sql gives every submitted one an uploaded proof.
-- Included by generate.sql; stats.sh runs it on a database generated before generate.sql did (idempotent).
insert into supervised_application (application_id, station_code, division_code, service_code, status, received_on,
        accepted_on, decided_on, outcome, decided_late, completed_on, withdrawn_on, supplement_requested, uploaded,
        updated_at)
select a.id, a.handling_station, s.division_code, a.service_code, a.status,
       (a.submitted_at at time zone 'Asia/Shanghai')::date,
       (a.accepted_at at time zone 'Asia/Shanghai')::date,
       (a.decided_at at time zone 'Asia/Shanghai')::date,
       case a.status when 'COMPLETED' then 'APPROVED' when 'REJECTED' then
           case when a.accepted_at is null then 'REFUSED' else 'REJECTED' end end,
       case when a.decided_at is null then null
            else (a.decided_at at time zone 'Asia/Shanghai')::date > coalesce(a.due_date, a.acceptance_due_date) end,
       case when a.status = 'COMPLETED' then (a.decided_at at time zone 'Asia/Shanghai')::date end,
       null, a.supplement_requested, a.status <> 'DRAFT', now()
from application a join station s on s.code = a.handling_station
join bench_citizen c on c.account_id = a.applicant_account_id
where a.submitted_at is not null
on conflict (application_id) do nothing;
analyze supervised_application;
