-- Reports per role (issue 19): summary tables kept up to date incrementally.
--
-- Feed: triggers on interaction and service_request append a mark (kind, id) to report_dirty in
-- the writer's own transaction, whoever the writer is (ingest, routing_apply, the service-request
-- service, a merge, a hand-written fix). report_fold, called every second by one instance at a
-- time, takes a batch of marks, recomputes each marked record's contribution (its "fact" row)
-- from the record as it is now, subtracts the old fact from the summaries, adds the new one and
-- deletes the marks, all in one transaction. A mark applied twice changes nothing the second
-- time (the fact is already equal to the record), and a crash loses nothing (marks and summaries
-- commit together). Summaries are never rebuilt from a scan on a request.

create table report_dirty (
    id     bigint generated always as identity primary key,
    kind   char(1) not null, -- 'I' interaction, 'S' service request
    ref_id bigint  not null
);

-- When the last fold looked at the clock: service requests whose due time passes with no
-- resolution are breached without any row changing, so the fold marks them itself.
create table report_state (
    id                smallint primary key check (id = 1),
    breach_checked_at timestamptz not null
);
insert into report_state (id, breach_checked_at) values (1, now());

create index service_request_unresolved_due on service_request (due_at) where resolved_at is null;

create function report_mark_interaction() returns trigger
language plpgsql as $$
begin
    insert into report_dirty (kind, ref_id) values ('I', coalesce(new.id, old.id));
    return null;
end;
$$;

create function report_mark_service_request() returns trigger
language plpgsql as $$
begin
    insert into report_dirty (kind, ref_id) values ('S', coalesce(new.id, old.id));
    return null;
end;
$$;

create trigger interaction_report_insert after insert on interaction
    for each row execute function report_mark_interaction();
-- Only the columns a figure depends on: last_seq moves with every touchpoint and is not one.
create trigger interaction_report_update after update on interaction
    for each row when (old.state is distinct from new.state
        or old.customer_id is distinct from new.customer_id
        or old.channel is distinct from new.channel
        or old.direction is distinct from new.direction
        or old.queue_id is distinct from new.queue_id
        or old.agent_id is distinct from new.agent_id
        or old.tier is distinct from new.tier
        or old.created_at is distinct from new.created_at
        or old.queued_at is distinct from new.queued_at
        or old.target_at is distinct from new.target_at
        or old.answered_at is distinct from new.answered_at
        or old.ended_at is distinct from new.ended_at
        or old.wrapped_at is distinct from new.wrapped_at
        or old.disposition is distinct from new.disposition)
    execute function report_mark_interaction();

create trigger interaction_report_delete after delete on interaction
    for each row execute function report_mark_interaction();

create trigger service_request_report_insert after insert on service_request
    for each row execute function report_mark_service_request();
create trigger service_request_report_delete after delete on service_request
    for each row execute function report_mark_service_request();
create trigger service_request_report_update after update on service_request
    for each row when (old.type is distinct from new.type
        or old.created_at is distinct from new.created_at
        or old.resolved_at is distinct from new.resolved_at
        or old.due_at is distinct from new.due_at)
    execute function report_mark_service_request();

-- One contact's contribution, as last folded. queue_id and agent_id are 0 for none.
create table report_contact_fact (
    interaction_id      bigint      primary key,
    customer_id         bigint      not null,
    day                 date        not null,
    hour                smallint    not null,
    queue_id            bigint      not null,
    channel             varchar(20) not null,
    tier                varchar(20) not null,
    agent_id            bigint      not null,
    agent_day           date,
    disposition         varchar(100) not null,
    arrived             integer     not null,
    outbound            integer     not null,
    answered            integer     not null,
    answered_in_target  integer     not null,
    abandoned           integer     not null,
    abandoned_in_target integer     not null,
    speed_ms            bigint      not null,
    handled             integer     not null,
    handle_ms           bigint      not null,
    closed              integer     not null,
    resolved_first      integer     not null
);

-- Contacts by the local hour they arrived (joined a queue, else were opened).
create table report_contact_hour (
    day                 date        not null,
    hour                smallint    not null,
    queue_id            bigint      not null,
    channel             varchar(20) not null,
    tier                varchar(20) not null,
    arrived             bigint      not null default 0,
    outbound            bigint      not null default 0,
    answered            bigint      not null default 0,
    answered_in_target  bigint      not null default 0,
    abandoned           bigint      not null default 0,
    abandoned_in_target bigint      not null default 0,
    speed_ms            bigint      not null default 0,
    handled             bigint      not null default 0,
    handle_ms           bigint      not null default 0,
    closed              bigint      not null default 0,
    resolved_first      bigint      not null default 0,
    primary key (day, hour, queue_id, channel, tier)
);

-- The same by day, for every grouping without the hour: 24 times fewer rows to read.
create table report_contact_day (
    day                 date        not null,
    queue_id            bigint      not null,
    channel             varchar(20) not null,
    tier                varchar(20) not null,
    arrived             bigint      not null default 0,
    outbound            bigint      not null default 0,
    answered            bigint      not null default 0,
    answered_in_target  bigint      not null default 0,
    abandoned           bigint      not null default 0,
    abandoned_in_target bigint      not null default 0,
    speed_ms            bigint      not null default 0,
    handled             bigint      not null default 0,
    handle_ms           bigint      not null default 0,
    closed              bigint      not null default 0,
    resolved_first      bigint      not null default 0,
    primary key (day, queue_id, channel, tier)
);

-- Contacts an agent finished, by the local day handling ended and the disposition ('' for none).
create table report_agent_day (
    day         date         not null,
    agent_id    bigint       not null,
    disposition varchar(100) not null,
    handled     bigint       not null default 0,
    handle_ms   bigint       not null default 0,
    primary key (day, agent_id, disposition)
);
-- Covering: a year per agent and day is read from the index alone, already in group order.
create index report_agent_day_agent on report_agent_day (agent_id, day) include (disposition, handled, handle_ms);

create table report_request_fact (
    service_request_id bigint      primary key,
    type               varchar(20) not null,
    opened_day         date        not null,
    resolved_day       date,
    breached_day       date,
    resolve_ms         bigint      not null
);

-- Service requests opened, resolved and breached, each on its own local day.
create table report_request_day (
    day        date        not null,
    type       varchar(20) not null,
    opened     bigint      not null default 0,
    resolved   bigint      not null default 0,
    breached   bigint      not null default 0,
    resolve_ms bigint      not null default 0,
    primary key (day, type)
);

-- Adds (p_sign = 1) or removes (-1) the facts of these contacts to and from the summaries.
create function report_apply_contacts(p_ids bigint[], p_sign integer) returns void
language plpgsql as $$
begin
    insert into report_contact_hour as h (day, hour, queue_id, channel, tier, arrived, outbound, answered,
                                          answered_in_target, abandoned, abandoned_in_target, speed_ms, handled,
                                          handle_ms, closed, resolved_first)
    select day, hour, queue_id, channel, tier, p_sign * sum(arrived), p_sign * sum(outbound),
           p_sign * sum(answered), p_sign * sum(answered_in_target), p_sign * sum(abandoned),
           p_sign * sum(abandoned_in_target), p_sign * sum(speed_ms), p_sign * sum(handled),
           p_sign * sum(handle_ms), p_sign * sum(closed), p_sign * sum(resolved_first)
    from report_contact_fact where interaction_id = any (p_ids)
    group by day, hour, queue_id, channel, tier
    order by day, hour, queue_id, channel, tier
    on conflict (day, hour, queue_id, channel, tier) do update set
        arrived = h.arrived + excluded.arrived,
        outbound = h.outbound + excluded.outbound,
        answered = h.answered + excluded.answered,
        answered_in_target = h.answered_in_target + excluded.answered_in_target,
        abandoned = h.abandoned + excluded.abandoned,
        abandoned_in_target = h.abandoned_in_target + excluded.abandoned_in_target,
        speed_ms = h.speed_ms + excluded.speed_ms,
        handled = h.handled + excluded.handled,
        handle_ms = h.handle_ms + excluded.handle_ms,
        closed = h.closed + excluded.closed,
        resolved_first = h.resolved_first + excluded.resolved_first;

    insert into report_contact_day as h (day, queue_id, channel, tier, arrived, outbound, answered,
                                         answered_in_target, abandoned, abandoned_in_target, speed_ms, handled,
                                         handle_ms, closed, resolved_first)
    select day, queue_id, channel, tier, p_sign * sum(arrived), p_sign * sum(outbound),
           p_sign * sum(answered), p_sign * sum(answered_in_target), p_sign * sum(abandoned),
           p_sign * sum(abandoned_in_target), p_sign * sum(speed_ms), p_sign * sum(handled),
           p_sign * sum(handle_ms), p_sign * sum(closed), p_sign * sum(resolved_first)
    from report_contact_fact where interaction_id = any (p_ids)
    group by day, queue_id, channel, tier
    order by day, queue_id, channel, tier
    on conflict (day, queue_id, channel, tier) do update set
        arrived = h.arrived + excluded.arrived,
        outbound = h.outbound + excluded.outbound,
        answered = h.answered + excluded.answered,
        answered_in_target = h.answered_in_target + excluded.answered_in_target,
        abandoned = h.abandoned + excluded.abandoned,
        abandoned_in_target = h.abandoned_in_target + excluded.abandoned_in_target,
        speed_ms = h.speed_ms + excluded.speed_ms,
        handled = h.handled + excluded.handled,
        handle_ms = h.handle_ms + excluded.handle_ms,
        closed = h.closed + excluded.closed,
        resolved_first = h.resolved_first + excluded.resolved_first;

    insert into report_agent_day as a (day, agent_id, disposition, handled, handle_ms)
    select agent_day, agent_id, disposition, p_sign * sum(handled), p_sign * sum(handle_ms)
    from report_contact_fact where interaction_id = any (p_ids) and handled = 1 and agent_id <> 0
    group by agent_day, agent_id, disposition
    order by agent_day, agent_id, disposition
    on conflict (day, agent_id, disposition) do update set
        handled = a.handled + excluded.handled,
        handle_ms = a.handle_ms + excluded.handle_ms;
end;
$$;

create function report_apply_requests(p_ids bigint[], p_sign integer) returns void
language plpgsql as $$
begin
    insert into report_request_day as d (day, type, opened, resolved, breached, resolve_ms)
    select day, type, p_sign * sum(opened), p_sign * sum(resolved), p_sign * sum(breached), p_sign * sum(resolve_ms)
    from (select opened_day as day, type, 1 as opened, 0 as resolved, 0 as breached, 0::bigint as resolve_ms
          from report_request_fact where service_request_id = any (p_ids)
          union all
          select resolved_day, type, 0, 1, 0, resolve_ms
          from report_request_fact where service_request_id = any (p_ids) and resolved_day is not null
          union all
          select breached_day, type, 0, 0, 1, 0
          from report_request_fact where service_request_id = any (p_ids) and breached_day is not null) f
    group by day, type
    order by day, type
    on conflict (day, type) do update set
        opened = d.opened + excluded.opened,
        resolved = d.resolved + excluded.resolved,
        breached = d.breached + excluded.breached,
        resolve_ms = d.resolve_ms + excluded.resolve_ms;
end;
$$;

-- Folds up to p_limit marks into the summaries; returns the number of marks taken, or -1 when
-- another fold holds the lock. Days and hours are local to p_zone. A closed inbound contact is
-- resolved at first contact when no other inbound contact of the same customer on the same
-- channel arrived after it and within p_fcr_days of its end.
create function report_fold(p_zone text, p_fcr_days integer, p_limit integer) returns integer
language plpgsql as $$
declare
    v_taken     integer;
    v_contacts  bigint[];
    v_requests  bigint[];
    v_last      timestamptz;
    v_window    interval := make_interval(days => p_fcr_days);
begin
    if not pg_try_advisory_xact_lock(5357425452505254) then
        return -1;
    end if;

    select breach_checked_at into v_last from report_state where id = 1;
    insert into report_dirty (kind, ref_id)
    select 'S', id from service_request where resolved_at is null and due_at > v_last and due_at <= now();
    update report_state set breach_checked_at = now() where id = 1;

    with taken as (
        delete from report_dirty where id in (select id from report_dirty order by id limit p_limit)
        returning kind, ref_id)
    select count(*),
           coalesce(array_agg(distinct ref_id) filter (where kind = 'I'), '{}'),
           coalesce(array_agg(distinct ref_id) filter (where kind = 'S'), '{}')
    into v_taken, v_contacts, v_requests
    from taken;
    if v_taken = 0 then
        return 0;
    end if;

    if cardinality(v_contacts) > 0 then
        -- A new contact can take first-contact resolution from the customer's earlier ones on its
        -- channel (of the customer it has now and, after a merge, the one it had).
        v_contacts := v_contacts || array(
            select distinct p.id
            from (select i.customer_id, i.channel, i.created_at from interaction i where i.id = any (v_contacts)
                  union
                  select f.customer_id, f.channel, i.created_at
                  from report_contact_fact f join interaction i on i.id = f.interaction_id
                  where f.interaction_id = any (v_contacts)) n
            join interaction p on p.customer_id = n.customer_id and p.channel = n.channel
                and p.created_at < n.created_at
                and coalesce(p.ended_at, p.created_at) >= n.created_at - v_window
            where p.state = 'CLOSED');

        perform report_apply_contacts(v_contacts, -1);
        delete from report_contact_fact f
        where f.interaction_id = any (v_contacts) and not exists (select 1 from interaction i where i.id = f.interaction_id);

        insert into report_contact_fact as f
        select i.id, i.customer_id,
               (coalesce(i.queued_at, i.created_at) at time zone p_zone)::date,
               extract(hour from coalesce(i.queued_at, i.created_at) at time zone p_zone)::smallint,
               coalesce(i.queue_id, 0), i.channel,
               -- the tier the contact was routed with; else the one first seen, so that a later
               -- change of the customer's tier does not move old contacts
               coalesce(i.tier, old.tier, c.tier),
               coalesce(i.agent_id, 0),
               case when h.handled then (coalesce(i.wrapped_at, i.ended_at) at time zone p_zone)::date end,
               coalesce(i.disposition, ''),
               (i.direction <> 'OUTBOUND')::int,
               (i.direction = 'OUTBOUND')::int,
               (i.answered_at is not null)::int,
               coalesce(i.answered_at <= i.target_at, false)::int,
               (i.state = 'ABANDONED')::int,
               coalesce(i.state = 'ABANDONED' and i.ended_at <= i.target_at, false)::int,
               case when i.answered_at is not null
                    then greatest(0, (extract(epoch from i.answered_at - coalesce(i.queued_at, i.created_at)) * 1000)::bigint)
                    else 0 end,
               h.handled::int,
               case when h.handled
                    then greatest(0, (extract(epoch from coalesce(i.wrapped_at, i.ended_at) - i.answered_at) * 1000)::bigint)
                    else 0 end,
               (i.state = 'CLOSED' and i.direction <> 'OUTBOUND')::int,
               (i.state = 'CLOSED' and i.direction <> 'OUTBOUND' and not exists (
                    select 1 from interaction n
                    where n.customer_id = i.customer_id and n.channel = i.channel and n.id <> i.id
                      and n.direction <> 'OUTBOUND' and n.created_at > i.created_at
                      and n.created_at <= coalesce(i.ended_at, i.created_at) + v_window))::int
        from interaction i
        join customer c on c.id = i.customer_id
        left join report_contact_fact old on old.interaction_id = i.id
        cross join lateral (select i.state = 'CLOSED' and i.answered_at is not null
                                   and coalesce(i.wrapped_at, i.ended_at) is not null as handled) h
        where i.id = any (v_contacts)
        on conflict (interaction_id) do update set
            customer_id = excluded.customer_id, day = excluded.day, hour = excluded.hour,
            queue_id = excluded.queue_id, channel = excluded.channel, tier = excluded.tier,
            agent_id = excluded.agent_id, agent_day = excluded.agent_day, disposition = excluded.disposition,
            arrived = excluded.arrived, outbound = excluded.outbound, answered = excluded.answered,
            answered_in_target = excluded.answered_in_target, abandoned = excluded.abandoned,
            abandoned_in_target = excluded.abandoned_in_target, speed_ms = excluded.speed_ms,
            handled = excluded.handled, handle_ms = excluded.handle_ms, closed = excluded.closed,
            resolved_first = excluded.resolved_first;
        perform report_apply_contacts(v_contacts, 1);
    end if;

    if cardinality(v_requests) > 0 then
        perform report_apply_requests(v_requests, -1);
        delete from report_request_fact f
        where f.service_request_id = any (v_requests)
          and not exists (select 1 from service_request r where r.id = f.service_request_id);
        insert into report_request_fact as f
        select r.id, r.type,
               (r.created_at at time zone p_zone)::date,
               (r.resolved_at at time zone p_zone)::date,
               case when r.due_at is not null and coalesce(r.resolved_at, now()) > r.due_at
                    then (r.due_at at time zone p_zone)::date end,
               case when r.resolved_at is not null
                    then greatest(0, (extract(epoch from r.resolved_at - r.created_at) * 1000)::bigint)
                    else 0 end
        from service_request r
        where r.id = any (v_requests)
        on conflict (service_request_id) do update set
            type = excluded.type, opened_day = excluded.opened_day, resolved_day = excluded.resolved_day,
            breached_day = excluded.breached_day, resolve_ms = excluded.resolve_ms;
        perform report_apply_requests(v_requests, 1);
    end if;
    return v_taken;
end;
$$;

-- Empties the summaries and marks every record, so that the next folds recount everything
-- (after a change of switchboard.reports.zone or of the first-contact window).
create function report_rebuild() returns bigint
language plpgsql as $$
declare
    n bigint;
begin
    perform pg_advisory_xact_lock(5357425452505254);
    truncate report_contact_hour, report_contact_day, report_agent_day, report_request_day, report_contact_fact,
             report_request_fact, report_dirty;
    insert into report_dirty (kind, ref_id) select 'I', id from interaction order by id;
    get diagnostics n = row_count;
    insert into report_dirty (kind, ref_id) select 'S', id from service_request order by id;
    return n;
end;
$$;

-- The records written before this migration are counted by the first folds.
insert into report_dirty (kind, ref_id) select 'I', id from interaction order by id;
insert into report_dirty (kind, ref_id) select 'S', id from service_request order by id;
