-- Reports scoped like everything else (issue 19): the service-request summary gains the customer's advisor team
-- and branch (as when the request was last folded), so that a branch supervisor counts its own customers' requests.
alter table report_request_fact add column team_id bigint not null default 0,
                                add column branch_id bigint not null default 0;
alter table report_request_day add column team_id bigint not null default 0,
                               add column branch_id bigint not null default 0;
alter table report_request_day drop constraint report_request_day_pkey;
alter table report_request_day add primary key (day, type, team_id, branch_id);

-- The fold writes a request's fact; this fills in whose customer it is, on every insert and update.
create function report_request_fact_owner() returns trigger
language plpgsql as $$
begin
    select coalesce(c.advisor_team_id, 0), coalesce(c.branch_id, 0) into new.team_id, new.branch_id
    from service_request r join customer c on c.id = r.customer_id
    where r.id = new.service_request_id;
    new.team_id := coalesce(new.team_id, 0);
    new.branch_id := coalesce(new.branch_id, 0);
    return new;
end;
$$;
create trigger report_request_fact_owner before insert or update on report_request_fact
    for each row execute function report_request_fact_owner();

create or replace function report_apply_requests(p_ids bigint[], p_sign integer) returns void
language plpgsql as $$
begin
    insert into report_request_day as d (day, type, team_id, branch_id, opened, resolved, breached, resolve_ms)
    select day, type, team_id, branch_id, p_sign * sum(opened), p_sign * sum(resolved), p_sign * sum(breached),
           p_sign * sum(resolve_ms)
    from (select opened_day as day, type, team_id, branch_id, 1 as opened, 0 as resolved, 0 as breached,
                 0::bigint as resolve_ms
          from report_request_fact where service_request_id = any (p_ids)
          union all
          select resolved_day, type, team_id, branch_id, 0, 1, 0, resolve_ms
          from report_request_fact where service_request_id = any (p_ids) and resolved_day is not null
          union all
          select breached_day, type, team_id, branch_id, 0, 0, 1, 0
          from report_request_fact where service_request_id = any (p_ids) and breached_day is not null) f
    group by day, type, team_id, branch_id
    order by day, type, team_id, branch_id
    on conflict (day, type, team_id, branch_id) do update set
        opened = d.opened + excluded.opened,
        resolved = d.resolved + excluded.resolved,
        breached = d.breached + excluded.breached,
        resolve_ms = d.resolve_ms + excluded.resolve_ms;
end;
$$;

-- The requests folded so far: their owners now, and the summary counted again from the facts.
update report_request_fact set team_id = team_id;
truncate report_request_day;
insert into report_request_day (day, type, team_id, branch_id, opened, resolved, breached, resolve_ms)
select day, type, team_id, branch_id, sum(opened), sum(resolved), sum(breached), sum(resolve_ms)
from (select opened_day as day, type, team_id, branch_id, 1 as opened, 0 as resolved, 0 as breached,
             0::bigint as resolve_ms from report_request_fact
      union all
      select resolved_day, type, team_id, branch_id, 0, 1, 0, resolve_ms from report_request_fact
      where resolved_day is not null
      union all
      select breached_day, type, team_id, branch_id, 0, 0, 1, 0 from report_request_fact
      where breached_day is not null) f
group by day, type, team_id, branch_id;
