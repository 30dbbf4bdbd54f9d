-- routing_apply_each writes a change's touchpoint and its outbox entry with one statement (issue 22, the routing
-- drain's database CPU). It called insert_touchpoint, a PL/pgSQL function run through a SELECT of its own, for two
-- statements of its own: three statements to start and end for every touchpoint, in the path that most batches of
-- the paced drain take (one or two changes). One change per call, pgbench on PostgreSQL 15: 13 % more calls a second
-- (medians of five 6-s runs each). What is written is what insert_touchpoint wrote with the arguments it was given
-- (no direction, place or content: those columns have no default), and the outbox's payload is touchpoint_event's
-- as before. Everything else is V3's function as it was.
create or replace function routing_apply_each(p_changes jsonb) returns integer
language plpgsql as $$
declare
    c     jsonb;
    i     jsonb;
    p     jsonb;
    t     jsonb;
    a     jsonb;
    v_id  bigint;
    v_seq integer;
    n     integer := 0;
begin
    for c in select value from jsonb_array_elements(p_changes) loop
        t := c -> 'touchpoint';
        i := c -> 'interaction';
        v_seq := null;
        if t is not null then
            perform 1 from customer where id = (t ->> 'customerId')::bigint for update;
            if not found then
                raise exception 'customer % does not exist', t ->> 'customerId' using errcode = 'foreign_key_violation';
            end if;
        end if;
        v_id := coalesce((i ->> 'id')::bigint, (t ->> 'interactionId')::bigint);
        if v_id is not null then
            update interaction set
                last_seq         = last_seq + case when t is null then 0 else 1 end,
                state            = case when i ? 'state' then i ->> 'state' else state end,
                queue_id         = case when i ? 'queueId' then (i ->> 'queueId')::bigint else queue_id end,
                agent_id         = case when i ? 'agentId' then (i ->> 'agentId')::bigint else agent_id end,
                tier             = case when i ? 'tier' then i ->> 'tier' else tier end,
                target_at        = case when i ? 'targetAt' then (i ->> 'targetAt')::timestamptz else target_at end,
                due_by           = case when i ? 'dueBy' then (i ->> 'dueBy')::timestamptz else due_by end,
                queued_at        = case when i ? 'queuedAt' then (i ->> 'queuedAt')::timestamptz else queued_at end,
                pinned_agent_id  = case when i ? 'pinnedAgentId' then (i ->> 'pinnedAgentId')::bigint
                                        else pinned_agent_id end,
                offer_expires_at = case when i ? 'offerExpiresAt' then (i ->> 'offerExpiresAt')::timestamptz
                                        else offer_expires_at end,
                answered_at      = case when i ? 'answeredAt' then (i ->> 'answeredAt')::timestamptz else answered_at end,
                ended_at         = case when i ? 'endedAt' then (i ->> 'endedAt')::timestamptz else ended_at end,
                wrap_up_until    = case when i ? 'wrapUpUntil' then (i ->> 'wrapUpUntil')::timestamptz
                                        else wrap_up_until end,
                wrapped_at       = case when i ? 'wrappedAt' then (i ->> 'wrappedAt')::timestamptz else wrapped_at end,
                disposition      = case when i ? 'disposition' then i ->> 'disposition' else disposition end
            where id = v_id
            returning last_seq into v_seq;
        end if;
        if t is not null then
            with tp as (
                insert into touchpoint (customer_id, interaction_id, seq, kind, channel, agent_id, employee, result, data)
                values ((t ->> 'customerId')::bigint, (t ->> 'interactionId')::bigint, v_seq, t ->> 'kind',
                        t ->> 'channel', (t ->> 'agentId')::bigint, t ->> 'employee', t ->> 'result', t -> 'data')
                returning *)
            insert into outbox (event_id, customer_id, payload)
            select tp.event_id, tp.customer_id, touchpoint_event(tp::touchpoint) from tp;
        end if;
        p := c -> 'presence';
        if p is not null then
            insert into agent_presence (agent_id, presence, reason, channels, state, since, ready_since, misses)
            values ((p ->> 'agentId')::bigint, p ->> 'presence', p ->> 'reason', p ->> 'channels', p ->> 'state',
                    (p ->> 'since')::timestamptz, (p ->> 'readySince')::timestamptz, (p ->> 'misses')::integer)
            on conflict (agent_id) do update set
                presence = excluded.presence, reason = excluded.reason, channels = excluded.channels,
                state = excluded.state, since = excluded.since, ready_since = excluded.ready_since,
                misses = excluded.misses;
            if p ->> 'logState' = 'true' then
                insert into agent_state_log (agent_id, state, reason, since)
                values ((p ->> 'agentId')::bigint, p ->> 'state', p ->> 'reason', (p ->> 'since')::timestamptz);
            end if;
        end if;
        a := c -> 'audit';
        if a is not null then
            insert into audit_log (actor, action, target, detail)
            values (a ->> 'actor', a ->> 'action', a ->> 'target', a -> 'detail');
        end if;
        n := n + 1;
    end loop;
    return n;
end;
$$;
