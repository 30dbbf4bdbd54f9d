-- Every touchpoint is written by append_touchpoint, which writes its outbox row in the same
-- transaction; ingest_contact is the whole inbound path of a contact in one round trip.
--
-- Ordering rule: a transaction that appends touchpoints for a customer locks that customer's
-- row before its first write, so touchpoints of one customer get increasing transaction ids
-- and the outbox, read in (txid, id) order, keeps each customer's events in order.

create function append_touchpoint(
    p_customer_id    bigint,
    p_interaction_id bigint,
    p_kind           varchar,
    p_channel        varchar,
    p_direction      varchar,
    p_place          varchar,
    p_agent_id       bigint,
    p_employee       varchar,
    p_content        text,
    p_result         varchar,
    p_data           jsonb
) returns touchpoint
language plpgsql as $$
declare
    v_seq integer;
    v_tp  touchpoint;
begin
    perform 1 from customer where id = p_customer_id for update;
    if not found then
        raise exception 'customer % does not exist', p_customer_id using errcode = 'foreign_key_violation';
    end if;
    if p_interaction_id is not null then
        update interaction set last_seq = last_seq + 1 where id = p_interaction_id
            returning last_seq into v_seq;
    end if;
    insert into touchpoint (customer_id, interaction_id, seq, kind, channel, direction, place,
                            agent_id, employee, content, result, data)
    values (p_customer_id, p_interaction_id, v_seq, p_kind, p_channel, p_direction, p_place,
            p_agent_id, p_employee, p_content, p_result, p_data)
    returning * into v_tp;
    insert into outbox (event_id, customer_id, payload)
    values (v_tp.event_id, p_customer_id, jsonb_strip_nulls(jsonb_build_object(
        'eventId', v_tp.event_id,
        'type', 'touchpoint',
        'touchpointId', v_tp.id,
        'customerId', v_tp.customer_id,
        'interactionId', v_tp.interaction_id,
        'seq', v_tp.seq,
        'kind', v_tp.kind,
        'channel', v_tp.channel,
        'direction', v_tp.direction,
        'occurredAt', v_tp.occurred_at,
        'place', v_tp.place,
        'agentId', v_tp.agent_id,
        'employee', v_tp.employee,
        'content', v_tp.content,
        'result', v_tp.result,
        'data', v_tp.data)));
    return v_tp;
end;
$$;

create function ingest_contact(
    p_key           varchar,
    p_cp_type       varchar,
    p_cp_value      varchar,
    p_channel       varchar,
    p_direction     varchar,
    p_external_key  varchar,
    p_content       text,
    p_place         varchar,
    p_name          varchar,
    p_att_names     varchar[],
    p_att_types     varchar[],
    p_att_data      bytea[]
) returns jsonb
language plpgsql as $$
declare
    v_result               jsonb;
    v_customer_id          bigint;
    v_customer_created     boolean := false;
    v_interaction_id       bigint;
    v_interaction_created  boolean := false;
    v_tp                   touchpoint;
    v_attachments          jsonb := '[]'::jsonb;
    v_kind                 varchar;
    v_sha                  char(64);
    i                      integer;
begin
    if p_key is not null then
        select result into v_result from idempotency_key where key = p_key;
        if v_result is not null then
            return v_result || '{"created": false}'::jsonb;
        end if;
    end if;

    -- Serialise first contacts from one address without writing (no transaction id yet).
    perform pg_advisory_xact_lock(hashtextextended(p_cp_type || ':' || p_cp_value, 0));
    select customer_id into v_customer_id from contact_point where type = p_cp_type and value = p_cp_value;
    if found then
        perform 1 from customer where id = v_customer_id for update;
    else
        insert into customer (name, provisional) values (p_name, true) returning id into v_customer_id;
        insert into contact_point (customer_id, type, value, source)
        values (v_customer_id, p_cp_type, p_cp_value, 'inbound:' || lower(p_channel));
        v_customer_created := true;
    end if;

    if p_key is not null then
        insert into idempotency_key (key) values (p_key) on conflict do nothing;
        if not found then
            -- A concurrent twin committed first: answer with its result and write nothing.
            select result into v_result from idempotency_key where key = p_key;
            raise exception using errcode = 'SB001', message = 'duplicate', detail = v_result::text;
        end if;
    end if;

    if p_external_key is not null then
        select id into v_interaction_id from interaction
        where channel = p_channel and external_key = p_external_key;
    end if;
    if v_interaction_id is null then
        select id into v_interaction_id from interaction
        where customer_id = v_customer_id and channel = p_channel
          and state not in ('CLOSED', 'ABANDONED', 'FAILED')
        order by id desc limit 1;
    end if;
    if v_interaction_id is null then
        insert into interaction (customer_id, channel, direction, external_key)
        values (v_customer_id, p_channel, p_direction, p_external_key)
        returning id into v_interaction_id;
        v_interaction_created := true;
    end if;

    if p_att_names is not null then
        for i in 1 .. coalesce(array_length(p_att_names, 1), 0) loop
            v_sha := encode(sha256(p_att_data[i]), 'hex');
            insert into blob (sha256, size, data) values (v_sha, length(p_att_data[i]), p_att_data[i])
            on conflict do nothing;
            v_attachments := v_attachments || jsonb_build_object(
                'filename', p_att_names[i], 'contentType', p_att_types[i],
                'size', length(p_att_data[i]), 'sha256', v_sha);
        end loop;
    end if;

    v_kind := case
        when p_content is null and jsonb_array_length(v_attachments) = 0 then 'CONTACT'
        when p_direction = 'OUTBOUND' then 'MESSAGE_OUT'
        else 'MESSAGE_IN' end;
    v_tp := append_touchpoint(v_customer_id, v_interaction_id, v_kind, p_channel, p_direction, p_place,
                              null, null, p_content, null,
                              case when jsonb_array_length(v_attachments) > 0
                                   then jsonb_build_object('attachments', v_attachments) end);
    insert into attachment (touchpoint_id, filename, content_type, size, sha256)
    select v_tp.id, a ->> 'filename', a ->> 'contentType', (a ->> 'size')::bigint, a ->> 'sha256'
    from jsonb_array_elements(v_attachments) a;

    update customer set last_contact_at = v_tp.occurred_at where id = v_customer_id;

    v_result := jsonb_build_object(
        'customerId', v_customer_id,
        'customerCreated', v_customer_created,
        'interactionId', v_interaction_id,
        'interactionCreated', v_interaction_created,
        'touchpointId', v_tp.id,
        'eventId', v_tp.event_id,
        'seq', v_tp.seq);
    if p_key is not null then
        update idempotency_key set result = v_result where key = p_key;
    end if;
    return v_result || '{"created": true}'::jsonb;
end;
$$;
