-- ingest_contacts writes the common contacts of a batch with one statement per table (docs/benchmarks.md, ingest
-- lever 6 in its set-based form): a known sender (its contact point exists), an interaction the contact continues
-- (the open thread it names, its interaction by external key, or its open interaction on the channel), a key not
-- seen before, and no other contact of the batch on the same customer or interaction. Those are, under load, most
-- of the contacts: the messages of ongoing conversations. Their writes (the customer's last contact, the
-- interaction's sequence, the touchpoint, its outbox row, the idempotency key) are one statement each for all of
-- them, in one block (one subtransaction). Every other contact, and every contact of a batch whose common block
-- failed (a concurrent twin's key, a deadlock, a customer merged away meanwhile), goes through ingest_contact in a
-- block of its own as before, which decides its case exactly as a contact sent alone.
--
-- The result of a common contact is what ingest_contact answers for it: the same fields, created true, nothing
-- created or reopened. The advisory locks of the batch's contact points are taken first, in one order, so that
-- two batches serialise on a shared sender as single calls do. o_common tells which contacts went the common way
-- (the service counts them: switchboard.ingest.common).
drop function ingest_contacts(varchar[], varchar[], varchar[], varchar[], varchar[], varchar[], text[], varchar[],
                              varchar[], bigint[], boolean[], bigint[], text[]);

create function ingest_contacts(
    p_keys                varchar[],
    p_cp_types            varchar[],
    p_cp_values           varchar[],
    p_channels            varchar[],
    p_directions          varchar[],
    p_external_keys       varchar[],
    p_contents            text[],
    p_places              varchar[],
    p_names               varchar[],
    p_interaction_ids     bigint[],
    p_join_opens          boolean[],
    p_service_request_ids bigint[],
    p_data                text[]
) returns table (o_result text, o_state text, o_message text, o_detail text, o_constraint text,
               o_common boolean)
language plpgsql as $$
declare
    v_n       integer := coalesce(array_length(p_cp_types, 1), 0);
    v_done    text[] := array_fill(null::text, array[v_n]);
    v_written integer;
    v_keys    integer;
    v_common  integer;
    r         record;
    -- The common contacts, in the batch's order: parallel arrays.
    c_n           integer[];
    c_key         varchar[];
    c_customer    bigint[];
    c_interaction bigint[];
    c_cp_value    varchar[];
    c_channel     varchar[];
    c_direction   varchar[];
    c_place       varchar[];
    c_content     text[];
    c_data        jsonb[];
    i         integer;
begin
    begin
        perform pg_advisory_xact_lock(h)
        from (select distinct hashtextextended(t || ':' || v, 0) as h
              from unnest(p_cp_types, p_cp_values) as u(t, v) order by 1) as locks;

        select coalesce(array_agg(e.n order by e.n), '{}'), array_agg(e.key order by e.n),
               array_agg(e.customer_id order by e.n), array_agg(e.iid order by e.n),
               array_agg(e.cp_value order by e.n), array_agg(e.channel order by e.n),
               array_agg(e.direction order by e.n), array_agg(e.place order by e.n),
               array_agg(e.content order by e.n), array_agg(e.data order by e.n)
        into c_n, c_key, c_customer, c_interaction, c_cp_value, c_channel, c_direction, c_place, c_content, c_data
        from (
            select c.*, count(*) over (partition by c.customer_id) as per_customer,
                   count(*) over (partition by c.iid) as per_interaction
            from (
                select u.n, u.key, u.cp_value, u.channel, u.direction, u.place, u.content, u.data::jsonb as data,
                       cp.customer_id,
                       case
                           when u.thread is not null then (
                               select i.id from interaction i
                               where i.id = u.thread and i.customer_id = cp.customer_id and i.channel = u.channel
                                 and i.state not in ('CLOSED', 'ABANDONED', 'FAILED'))
                           when u.external_key is not null then (
                               select i.id from interaction i
                               where i.channel = u.channel and i.external_key = u.external_key)
                           when coalesce(u.join_open, true) then (
                               select i.id from interaction i
                               where i.customer_id = cp.customer_id and i.channel = u.channel
                                 and i.state not in ('CLOSED', 'ABANDONED', 'FAILED')
                               order by i.id desc limit 1)
                       end as iid
                from unnest(p_keys, p_cp_types, p_cp_values, p_channels, p_directions, p_external_keys, p_contents,
                            p_places, p_interaction_ids, p_join_opens, p_data)
                         with ordinality as u(key, cp_type, cp_value, channel, direction, external_key, content, place,
                                              thread, join_open, data, n)
                join contact_point cp on cp.type = u.cp_type and cp.value = u.cp_value
                where u.key is null or not exists (select 1 from idempotency_key k where k.key = u.key)
            ) as c
        ) as e
        where e.iid is not null and e.per_customer = 1 and e.per_interaction = 1;
        v_common := coalesce(array_length(c_n, 1), 0);

        if v_common > 0 then
            -- The customer's lock and its one write, as ingest_contact takes them (customer, then interaction).
            update customer set last_contact_at = now() where id = any(c_customer);
            get diagnostics v_written = row_count;
            if v_written <> v_common then
                raise exception 'a customer of the batch does not exist' using errcode = 'foreign_key_violation';
            end if;

            with e as (
                select * from unnest(c_n, c_key, c_customer, c_interaction, c_cp_value, c_channel, c_direction,
                                     c_place, c_content, c_data)
                    as u(n, key, customer_id, interaction_id, cp_value, channel, direction, place, content, data)
            ), seq as (
                update interaction i set last_seq = i.last_seq + 1, customer_address = e.cp_value
                from e where i.id = e.interaction_id
                returning i.id, i.last_seq
            ), tp as (
                insert into touchpoint (customer_id, interaction_id, seq, kind, channel, direction, place,
                                        content, data)
                select e.customer_id, e.interaction_id, seq.last_seq,
                       case when e.content is null then 'CONTACT'
                            when e.direction = 'OUTBOUND' then 'MESSAGE_OUT'
                            else 'MESSAGE_IN' end,
                       e.channel, e.direction, e.place, e.content, touchpoint_data(e.data, '[]'::jsonb)
                from e join seq on seq.id = e.interaction_id
                returning *
            ), outbox_rows as (
                insert into outbox (event_id, customer_id, payload)
                select tp.event_id, tp.customer_id, touchpoint_event(tp::touchpoint) from tp
            ), results as (
                select e.n, e.key, jsonb_build_object(
                           'customerId', e.customer_id,
                           'customerCreated', false,
                           'interactionId', e.interaction_id,
                           'interactionCreated', false,
                           'interactionReopened', false,
                           'threadRejected', false,
                           'touchpointId', tp.id,
                           'eventId', tp.event_id,
                           'seq', tp.seq) as result
                from e join tp on tp.interaction_id = e.interaction_id
            ), keys as (
                insert into idempotency_key (key, result)
                select key, result from results where key is not null
                on conflict do nothing
                returning key
            )
            select array_agg(r2.n order by r2.n) as ns,
                   array_agg((r2.result || '{"created": true}'::jsonb)::text order by r2.n) as texts,
                   count(*) as written,
                   (select count(*) from keys) as keys_written,
                   count(r2.key) as keys_given
            into r
            from results r2;

            if r.written <> v_common or r.keys_written <> r.keys_given then
                -- A concurrent twin's key committed first (or a row went away): every contact goes the exact way.
                raise exception 'the batch''s common contacts were not all written' using errcode = 'SB003';
            end if;
            for i in 1 .. v_common loop
                v_done[r.ns[i]] := r.texts[i];
            end loop;
        end if;
    exception when others then
        v_done := array_fill(null::text, array[v_n]);
    end;

    for i in 1 .. v_n loop
        o_result := v_done[i];
        o_common := o_result is not null;
        o_state := null;
        o_message := null;
        o_detail := null;
        o_constraint := null;
        if o_result is null then
            begin
                o_result := ingest_contact(p_keys[i], p_cp_types[i], p_cp_values[i], p_channels[i],
                                           p_directions[i], p_external_keys[i], p_contents[i], p_places[i],
                                           p_names[i], null, null, null, p_interaction_ids[i], p_join_opens[i],
                                           p_service_request_ids[i], p_data[i]::jsonb)::text;
            exception when others then
                get stacked diagnostics o_state = returned_sqlstate, o_message = message_text,
                                        o_detail = pg_exception_detail, o_constraint = constraint_name;
            end;
        end if;
        return next;
    end loop;
end;
$$;
