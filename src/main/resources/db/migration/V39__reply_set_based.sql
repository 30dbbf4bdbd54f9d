-- reply_messages writes the common replies of a batch with one statement per table, as ingest_contacts does the
-- customers' messages (V36; docs/benchmarks.md, issue 22, fifth pass). V38 called reply_message once per reply, so
-- a batch saved commits but not the work of each reply. A common reply is one reply_message would store: on a
-- streamed channel, by the agent who holds the interaction or a supervisor, on an open interaction with the
-- customer's address (a chat: the customer has not left), its key not seen before and given once in the batch.
-- Those are, under load, nearly all of them: agents answering their chats. Several common replies on one
-- interaction (an agent often sends twice quickly) are numbered in the batch's order from the interaction's last
-- sequence. Their writes (the idempotency keys, the customers' and interactions' locks, the interactions' sequence,
-- the touchpoints, their outbox rows, the outbound messages, the keys' results) are one statement each for all of
-- them, in one block (one subtransaction), and are what reply_message writes for each: the same rows, the same
-- result, created true.
--
-- Every other reply, and every reply of a batch whose common block failed (a concurrent twin's key, a deadlock, an
-- interaction moved to another customer meanwhile), goes through reply_message in a block of its own as in V38,
-- which answers it exactly as a reply sent alone. So does every reply of an interaction after a reply whose key the
-- batch repeats: that reply is written by reply_message, after the common ones, and the interaction's replies keep
-- their order. A batch of fewer than eight replies goes reply by reply, as in V38: the set-based statements cost
-- more to start than a few calls of reply_message, as V37 found of routing_apply (pgbench, one client, replies with
-- keys on 64 chats: 2.2 to 3.1 ms a batch of two to six set-based against 1.6 to 2.4 ms in the loop; eight 2.8
-- against 3.1 ms; 64 replies 11.2 against 22.0 ms, 0.17 against 0.34 ms a reply).
--
-- Locks are taken in the order reply_message takes them (the key, the customer, the interaction), each kind in one
-- order (keys, then ids), so that a batch and concurrent single replies or other batches wait for each other
-- instead of deadlocking. The interactions are locked FOR NO KEY UPDATE, the lock the single path's update takes,
-- which does not block other transactions' foreign-key checks against them. o_common tells which replies went the
-- common way (the service counts them: switchboard.reply.common).
drop function reply_messages(varchar[], bigint[], bigint[], boolean[], varchar[], text[], text[], varchar[]);

create function reply_messages(
    p_keys            varchar[],
    p_interaction_ids bigint[],
    p_actor_agent_ids bigint[],
    p_supervisors     boolean[],
    p_employees       varchar[],
    p_contents        text[],
    p_data            text[],
    p_streamed        varchar[]
) returns table (o_result text, o_state text, o_message text, o_detail text, o_constraint text,
               o_common boolean)
language plpgsql as $$
declare
    v_least   constant integer := 8;
    v_n       integer := coalesce(array_length(p_interaction_ids, 1), 0);
    v_done    text[] := array_fill(null::text, array[v_n]);
    v_common  integer;
    v_written integer;
    r         record;
    -- The common replies, in the batch's order: parallel arrays.
    c_n           integer[];
    c_key         varchar[];
    c_interaction bigint[];
    c_customer    bigint[];
    c_agent       bigint[];
    c_employee    varchar[];
    c_content     text[];
    c_data        jsonb[];
    c_channel     varchar[];
    c_place       varchar[];
    c_address     varchar[];
    i             integer;
begin
    if v_n >= v_least then
        begin
            select coalesce(array_agg(e.n order by e.n), '{}'), array_agg(e.key order by e.n),
                   array_agg(e.interaction_id order by e.n), array_agg(e.customer_id order by e.n),
                   array_agg(e.actor order by e.n), array_agg(e.employee order by e.n),
                   array_agg(e.content order by e.n), array_agg(e.data::jsonb order by e.n),
                   array_agg(e.channel order by e.n), array_agg(e.channel_address order by e.n),
                   array_agg(e.customer_address order by e.n)
            into c_n, c_key, c_interaction, c_customer, c_agent, c_employee, c_content, c_data, c_channel, c_place,
                 c_address
            from (
                select c.*, bool_or(c.per_key > 1) over (partition by c.interaction_id order by c.n) as after_twin
                from (
                    select u.*, i.customer_id, i.channel, i.channel_address, i.customer_address,
                           case when u.key is null then 1 else count(*) over (partition by u.key) end as per_key,
                           coalesce(i.channel = any(p_streamed)
                               -- As reply_message reads its check, in which a null p_supervisor passes.
                               and (u.supervisor is not false or i.agent_id = u.actor)
                               and i.state in ('NEW', 'QUEUED', 'OFFERED', 'ACTIVE', 'WRAP_UP')
                               and i.customer_address is not null
                               and (i.channel <> 'CHAT' or exists (select 1 from chat_session s
                                                                   where s.interaction_id = i.id
                                                                     and s.state = 'OPEN'))
                               and (u.key is null or not exists (select 1 from idempotency_key k
                                                                 where k.key = u.key)), false) as sendable
                    from unnest(p_keys, p_interaction_ids, p_actor_agent_ids, p_supervisors, p_employees, p_contents,
                                p_data)
                             with ordinality as u(key, interaction_id, actor, supervisor, employee, content, data, n)
                    left join interaction i on i.id = u.interaction_id
                ) as c
            ) as e
            -- A reply whose key the batch repeats goes reply_message's way, after the common ones; so do the
            -- replies after it on its interaction, which would otherwise be stored before it.
            where e.sendable and e.per_key = 1 and not e.after_twin;
            v_common := coalesce(array_length(c_n, 1), 0);

            if v_common > 0 then
                -- The keys first, as queue_message writes them: a concurrent twin's key, once committed, is skipped
                -- here and sends the whole batch the exact way, which answers from it.
                insert into idempotency_key (key)
                select k from unnest(c_key) as k where k is not null order by k
                on conflict do nothing;
                get diagnostics v_written = row_count;
                if v_written <> (select count(*) from unnest(c_key) as k where k is not null) then
                    raise exception 'a key of the batch''s common replies was written meanwhile'
                        using errcode = 'SB003';
                end if;

                -- append_touchpoint's lock of the customer, then the interaction's, each in id order.
                select count(*) into v_written
                from (select 1 from customer where id = any(c_customer) order by id for update) as locked;
                if v_written <> (select count(distinct c) from unnest(c_customer) as c) then
                    raise exception 'a customer of the batch does not exist' using errcode = 'foreign_key_violation';
                end if;
                select count(*) into v_written
                from (select 1 from interaction i
                      join (select distinct u.id, u.customer_id
                            from unnest(c_interaction, c_customer) as u(id, customer_id)) as x
                          on x.id = i.id and x.customer_id = i.customer_id
                      order by i.id for no key update of i) as locked;
                if v_written <> (select count(distinct x) from unnest(c_interaction) as x) then
                    raise exception 'an interaction of the batch went to another customer' using errcode = 'SB003';
                end if;

                with e as (
                    select u.*, row_number() over (partition by u.interaction_id order by u.n) as nth,
                           count(*) over (partition by u.interaction_id) as per_interaction
                    from unnest(c_n, c_key, c_interaction, c_customer, c_agent, c_employee, c_content, c_data,
                                c_channel, c_place, c_address)
                        as u(n, key, interaction_id, customer_id, agent_id, employee, content, data, channel, place,
                             address)
                ), seq as (
                    update interaction i set last_seq = i.last_seq + g.replies
                    from (select interaction_id, count(*) as replies from e group by interaction_id) as g
                    where i.id = g.interaction_id
                    returning i.id, i.last_seq
                ), numbered as (
                    select e.*, (seq.last_seq - e.per_interaction + e.nth)::integer as seq
                    from e join seq on seq.id = e.interaction_id
                ), tp as (
                    insert into touchpoint (customer_id, interaction_id, seq, kind, channel, direction, place,
                                            agent_id, employee, content, result, data)
                    select n.customer_id, n.interaction_id, n.seq, 'MESSAGE_OUT', n.channel, 'OUTBOUND', n.place,
                           n.agent_id, n.employee, n.content, 'SENT',
                           coalesce(touchpoint_data(n.data, '[]'::jsonb), '{}'::jsonb)
                               || jsonb_build_object('to', n.address)
                    from numbered n
                    order by n.n
                    returning *
                ), outbox_rows as (
                    insert into outbox (event_id, customer_id, payload)
                    select tp.event_id, tp.customer_id, touchpoint_event(tp::touchpoint) from tp order by tp.id
                ), sent as (
                    insert into outbound_message (touchpoint_id, interaction_id, channel, destination, status)
                    select tp.id, tp.interaction_id, tp.channel, n.address, 'SENT'
                    from tp join numbered n on n.interaction_id = tp.interaction_id and n.seq = tp.seq
                    order by tp.id
                ), results as (
                    select n.n, n.key, jsonb_build_object('interactionId', n.interaction_id, 'touchpointId', tp.id,
                                                          'eventId', tp.event_id, 'seq', tp.seq, 'status', 'SENT')
                               as result
                    from numbered n join tp on tp.interaction_id = n.interaction_id and tp.seq = n.seq
                ), keys as (
                    update idempotency_key k set result = results.result
                    from results where k.key = results.key
                    returning k.key
                )
                select array_agg(x.n order by x.n) as ns,
                       array_agg((x.result || '{"created": true}'::jsonb)::text order by x.n) as texts,
                       count(*) as written,
                       (select count(*) from keys) as keys_written,
                       count(x.key) as keys_given
                into r
                from results x;

                if r.written <> v_common or r.keys_written <> r.keys_given then
                    raise exception 'the batch''s common replies were not all written' using errcode = 'SB003';
                end if;
                for i in 1 .. v_common loop
                    v_done[r.ns[i]] := r.texts[i];
                end loop;
            end if;
        exception when others then
            v_done := array_fill(null::text, array[v_n]);
        end;
    end if;

    for i in 1 .. v_n loop
        o_result := v_done[i];
        o_common := o_result is not null;
        o_state := null;
        o_message := null;
        o_detail := null;
        o_constraint := null;
        if o_result is null then
            begin
                o_result := reply_message(p_keys[i], p_interaction_ids[i], p_actor_agent_ids[i], p_supervisors[i],
                                          p_employees[i], p_contents[i], p_data[i]::jsonb, p_streamed)::text;
            exception when others then
                get stacked diagnostics o_state = returned_sqlstate, o_message = message_text,
                                        o_detail = pg_exception_detail, o_constraint = constraint_name;
            end;
        end if;
        return next;
    end loop;
end;
$$;
