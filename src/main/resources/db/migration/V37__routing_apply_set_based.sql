-- routing_apply writes a batch with one statement per table instead of one pass per change (issue 22, the routing
-- drain). The batch's changes are folded per interaction first: each column takes the value of the last change that
-- names it, and the interaction's sequence moves once by the number of its touchpoints, so an interaction that
-- several changes of one batch touch (an agent's end and wrap-up, or offer and accept under load) gets one new row
-- version, one set of index entries and one report mark instead of one per change. What is written is what the
-- change-by-change loop of V3 wrote:
--   * the customers of the batch's touchpoints are locked first, in id order (the ordering rule of V2: customer
--     before interaction), and a missing one fails the batch as before;
--   * each interaction's columns end as the last change naming them left them; a key present with null clears;
--   * the touchpoints get the interaction's next sequence numbers in the order of the changes, and their outbox
--     rows follow in the same order;
--   * an agent's presence row ends as its last change left it; every state change to log is logged, in order;
--   * the audit rows are inserted in order.
-- The changes' format is V3's (see routing_apply there); routing_apply_fenced (V33) calls this.
--
-- The statements cost more to start than V3's loop spends on a few changes: measured with pgbench on PostgreSQL 15
-- (one client, commits not waiting for the disk, a shared and noisy 2-core machine), one change 0.33-0.38 ms in the
-- loop against 0.9-1.2 here, four changes (two interactions' end and wrap-up) 1.3-2.1 against 1.5-2.4, six 2.0-3.0
-- against 2.4-2.6, eight 2.1-2.4 against 1.6-2.0, thirty 6.5-11.1 against 3.7-5.2. So a batch of fewer than eight
-- changes (a paced service's usual batch) still goes change by change, through V3's function, kept as
-- routing_apply_each.
alter function routing_apply(jsonb) rename to routing_apply_each;

create function routing_apply(p_changes jsonb) returns integer
language plpgsql as $$
declare
    v_customers    bigint[];
    v_interactions bigint[];
    v_presence     boolean;
    v_audit        boolean;
    v_locked       integer;
    v_missing      bigint;
begin
    if jsonb_array_length(p_changes) < 8 then
        return routing_apply_each(p_changes);
    end if;
    -- What the batch holds: most batches have no presence or audit change, and skip those statements.
    select array_agg(distinct (c -> 'touchpoint' ->> 'customerId')::bigint)
               filter (where c -> 'touchpoint' is not null),
           array_agg(distinct coalesce((c -> 'interaction' ->> 'id')::bigint,
                                       (c -> 'touchpoint' ->> 'interactionId')::bigint)),
           coalesce(bool_or(c -> 'presence' is not null), false), coalesce(bool_or(c -> 'audit' is not null), false)
    into v_customers, v_interactions, v_presence, v_audit
    from jsonb_array_elements(p_changes) as c;

    if v_customers is not null then
        select count(*) into v_locked
        from (select id from customer where id = any(v_customers) order by id for update) as l;
        if v_locked <> cardinality(v_customers) then
            select w into v_missing from unnest(v_customers) as w
            where not exists (select 1 from customer where id = w) order by w limit 1;
            raise exception 'customer % does not exist', v_missing using errcode = 'foreign_key_violation';
        end if;
    end if;

    with e as (
        select x.n, x.c -> 'touchpoint' as t, x.c -> 'interaction' as i,
               coalesce((x.c -> 'interaction' ->> 'id')::bigint,
                        (x.c -> 'touchpoint' ->> 'interactionId')::bigint) as iid
        from jsonb_array_elements(p_changes) with ordinality as x(c, n)
    ), counted as (
        select iid, count(t) as touchpoints from e where iid is not null group by iid
    ), merged as (
        -- jsonb keeps the last value of a key given twice: the change that came last wins.
        select e.iid, jsonb_object_agg(kv.key, kv.value order by e.n) as i
        from e cross join lateral jsonb_each(case when jsonb_typeof(e.i) = 'object' then e.i end) as kv
        where e.iid is not null
        group by e.iid
    ), f as (
        select counted.iid, counted.touchpoints, coalesce(merged.i, '{}'::jsonb) as i
        from counted left join merged on merged.iid = counted.iid
    ), moved as (
        update interaction set
            last_seq         = last_seq + f.touchpoints,
            state            = case when f.i ? 'state' then f.i ->> 'state' else state end,
            queue_id         = case when f.i ? 'queueId' then (f.i ->> 'queueId')::bigint else queue_id end,
            agent_id         = case when f.i ? 'agentId' then (f.i ->> 'agentId')::bigint else agent_id end,
            tier             = case when f.i ? 'tier' then f.i ->> 'tier' else tier end,
            target_at        = case when f.i ? 'targetAt' then (f.i ->> 'targetAt')::timestamptz else target_at end,
            due_by           = case when f.i ? 'dueBy' then (f.i ->> 'dueBy')::timestamptz else due_by end,
            queued_at        = case when f.i ? 'queuedAt' then (f.i ->> 'queuedAt')::timestamptz else queued_at end,
            pinned_agent_id  = case when f.i ? 'pinnedAgentId' then (f.i ->> 'pinnedAgentId')::bigint
                                    else pinned_agent_id end,
            offer_expires_at = case when f.i ? 'offerExpiresAt' then (f.i ->> 'offerExpiresAt')::timestamptz
                                    else offer_expires_at end,
            answered_at      = case when f.i ? 'answeredAt' then (f.i ->> 'answeredAt')::timestamptz
                                    else answered_at end,
            ended_at         = case when f.i ? 'endedAt' then (f.i ->> 'endedAt')::timestamptz else ended_at end,
            wrap_up_until    = case when f.i ? 'wrapUpUntil' then (f.i ->> 'wrapUpUntil')::timestamptz
                                    else wrap_up_until end,
            wrapped_at       = case when f.i ? 'wrappedAt' then (f.i ->> 'wrappedAt')::timestamptz else wrapped_at end,
            disposition      = case when f.i ? 'disposition' then f.i ->> 'disposition' else disposition end
        from f
        -- The list as well as the join: the plan then looks the rows up by key (the planner takes a set from
        -- jsonb_array_elements for a hundred rows, and against a small table would read all of it).
        where interaction.id = f.iid and interaction.id = any(v_interactions)
        returning interaction.id, interaction.last_seq - f.touchpoints as before
    ), numbered as (
        select e.n, e.t, moved.before + row_number() over (partition by e.iid order by e.n) as seq
        from e left join moved on moved.id = e.iid
        where e.t is not null
    ), tp as (
        insert into touchpoint (customer_id, interaction_id, seq, kind, channel, agent_id, employee, result, data)
        select (t ->> 'customerId')::bigint, (t ->> 'interactionId')::bigint, seq, t ->> 'kind', t ->> 'channel',
               (t ->> 'agentId')::bigint, t ->> 'employee', t ->> 'result', t -> 'data'
        from numbered
        order by n
        returning *
    )
    insert into outbox (event_id, customer_id, payload)
    select tp.event_id, tp.customer_id, touchpoint_event(tp::touchpoint) from tp order by tp.id;

    if v_presence then
        with p as (
            select x.n, x.c -> 'presence' as p
            from jsonb_array_elements(p_changes) with ordinality as x(c, n)
            where x.c -> 'presence' is not null
        ), latest as (
            select distinct on ((p ->> 'agentId')::bigint) p from p order by (p ->> 'agentId')::bigint, n desc
        ), upserted as (
            insert into agent_presence (agent_id, presence, reason, channels, state, since, ready_since, misses)
            select (p ->> 'agentId')::bigint, p ->> 'presence', p ->> 'reason', p ->> 'channels', p ->> 'state',
                   (p ->> 'since')::timestamptz, (p ->> 'readySince')::timestamptz, (p ->> 'misses')::integer
            from latest
            order by 1
            on conflict (agent_id) do update set
                presence = excluded.presence, reason = excluded.reason, channels = excluded.channels,
                state = excluded.state, since = excluded.since, ready_since = excluded.ready_since,
                misses = excluded.misses
        )
        insert into agent_state_log (agent_id, state, reason, since)
        select (p ->> 'agentId')::bigint, p ->> 'state', p ->> 'reason', (p ->> 'since')::timestamptz
        from p
        where p ->> 'logState' = 'true'
        order by n;
    end if;

    if v_audit then
        insert into audit_log (actor, action, target, detail)
        select x.c -> 'audit' ->> 'actor', x.c -> 'audit' ->> 'action', x.c -> 'audit' ->> 'target',
               x.c -> 'audit' -> 'detail'
        from jsonb_array_elements(p_changes) with ordinality as x(c, n)
        where x.c -> 'audit' is not null
        order by x.n;
    end if;

    return jsonb_array_length(p_changes);
end;
$$;
