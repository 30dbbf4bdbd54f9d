-- report_fold writes nothing when there is nothing to fold (issue 22, review of the tenth pass). The fold runs four
-- times a second since the tenth pass, and every run of V41's function moved report_state.breach_checked_at: a write
-- transaction, and so a commit that waits for the WAL's flush, four times a second on an idle service. The clock
-- now moves only when the check found a service request that fell due; when it found none, the next check looks at
-- the longer window since the last one that did (an index range over the unresolved requests' due times, as cheap
-- when it is empty). A request whose due time is moved into a window already checked brings its own mark. Everything
-- else is V41's function as it was.
create or replace function report_fold(p_zone text, p_fcr_days integer, p_limit integer) returns integer
language plpgsql as $$
declare
    v_taken     integer;
    v_contacts  bigint[];
    v_requests  bigint[];
    v_last      timestamptz;
    v_due       integer;
    v_window    interval := make_interval(days => p_fcr_days);
begin
    if not pg_try_advisory_xact_lock(5357425452505254) then
        return -1;
    end if;

    select breach_checked_at into v_last from report_state where id = 1;
    insert into report_dirty (kind, ref_id)
    select 'S', id from service_request where resolved_at is null and due_at > v_last and due_at <= now();
    get diagnostics v_due = row_count;
    if v_due > 0 then
        update report_state set breach_checked_at = now() where id = 1;
    end if;

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
        -- Only a contact folded for the first time, or whose customer or channel moved since its last fold, can
        -- change an earlier contact's figure: the earlier one's own changes bring their own marks.
        v_contacts := v_contacts || array(
            select distinct p.id
            from (select i.customer_id, i.channel, i.created_at from interaction i
                  where i.id = any (v_contacts)
                    and not exists (select 1 from report_contact_fact f where f.interaction_id = i.id
                                    and f.customer_id = i.customer_id and f.channel = i.channel)
                  union
                  select f.customer_id, f.channel, i.created_at
                  from report_contact_fact f join interaction i on i.id = f.interaction_id
                  where f.interaction_id = any (v_contacts)
                    and (f.customer_id <> i.customer_id or f.channel <> i.channel)) n
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
