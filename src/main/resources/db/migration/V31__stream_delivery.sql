-- Web chat's messages out are delivered by the touchpoint stream itself: the MESSAGE_OUT event
-- reaching the customer's socket (live, or replayed when it comes back) is the delivery. Such a
-- message is stored SENT, so no dispatcher claims it and no DELIVERY touchpoint follows (one
-- transaction and a third of the stream's events per chat reply, docs/benchmarks.md). Channels
-- with a gateway still start QUEUED. queue_message takes the status the message starts with.
drop function queue_message(varchar, bigint, bigint, varchar, text, varchar, varchar[], varchar[], bytea[], jsonb);

create function queue_message(
    p_key            varchar,
    p_interaction_id bigint,
    p_agent_id       bigint,
    p_employee       varchar,
    p_content        text,
    p_destination    varchar,
    p_att_names      varchar[],
    p_att_types      varchar[],
    p_att_data       bytea[],
    p_data           jsonb,
    p_status         varchar
) returns jsonb
language plpgsql as $$
declare
    v_result      jsonb;
    v_interaction interaction;
    v_tp          touchpoint;
    v_attachments jsonb;
begin
    if p_status not in ('QUEUED', 'SENT') then
        raise exception 'a message out starts QUEUED or SENT, not %', p_status using errcode = 'check_violation';
    end if;
    if p_key is not null then
        select result into v_result from idempotency_key where key = p_key;
        if v_result is not null then
            return v_result || '{"created": false}'::jsonb;
        end if;
        insert into idempotency_key (key) values (p_key) on conflict do nothing;
        if not found then
            select result into v_result from idempotency_key where key = p_key;
            raise exception using errcode = 'SB001', message = 'duplicate', detail = v_result::text;
        end if;
    end if;
    select * into v_interaction from interaction where id = p_interaction_id;
    if not found then
        raise exception 'interaction % does not exist', p_interaction_id using errcode = 'foreign_key_violation';
    end if;
    v_attachments := case when coalesce(array_length(p_att_names, 1), 0) = 0 then '[]'::jsonb
                          else store_blobs(p_att_names, p_att_types, p_att_data) end;
    v_tp := append_touchpoint(v_interaction.customer_id, p_interaction_id, 'MESSAGE_OUT', v_interaction.channel,
                              'OUTBOUND', v_interaction.channel_address, p_agent_id, p_employee, p_content, p_status,
                              coalesce(touchpoint_data(p_data, v_attachments), '{}'::jsonb)
                                  || jsonb_build_object('to', p_destination));
    if jsonb_array_length(v_attachments) > 0 then
        perform link_attachments(v_tp.id, v_attachments);
    end if;
    insert into outbound_message (touchpoint_id, interaction_id, channel, destination, status)
    values (v_tp.id, p_interaction_id, v_interaction.channel, p_destination, p_status);
    v_result := jsonb_build_object('interactionId', p_interaction_id, 'touchpointId', v_tp.id,
                                   'eventId', v_tp.event_id, 'seq', v_tp.seq, 'status', p_status);
    if p_key is not null then
        update idempotency_key set result = v_result where key = p_key;
    end if;
    return v_result || '{"created": true}'::jsonb;
end;
$$;

-- ingest_contact as in V5__channel_port.sql, doing less for a message on an open chat or thread: the
-- interaction's customer address is written only when it changed, and a message without files
-- neither stores nor links any.
create or replace function ingest_contact(
    p_key                varchar,
    p_cp_type            varchar,
    p_cp_value           varchar,
    p_channel            varchar,
    p_direction          varchar,
    p_external_key       varchar,
    p_content            text,
    p_place              varchar,
    p_name               varchar,
    p_att_names          varchar[],
    p_att_types          varchar[],
    p_att_data           bytea[],
    p_interaction_id     bigint,
    p_join_open          boolean,
    p_service_request_id bigint,
    p_data               jsonb
) returns jsonb
language plpgsql as $$
declare
    v_result              jsonb;
    v_customer_id         bigint;
    v_customer_created    boolean := false;
    v_interaction_id      bigint;
    v_interaction_created boolean := false;
    v_reopened            boolean := false;
    v_rejected            boolean := false;
    v_thread              interaction;
    v_tp                  touchpoint;
    v_attachments         jsonb;
    v_kind                varchar;
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

    if p_interaction_id is not null then
        select * into v_thread from interaction where id = p_interaction_id for update;
        if found and v_thread.customer_id = v_customer_id and v_thread.channel = p_channel then
            v_interaction_id := v_thread.id;
            if v_thread.state in ('CLOSED', 'ABANDONED', 'FAILED') then
                update interaction set state = 'NEW', agent_id = null, queue_id = null, ended_at = null,
                    offer_expires_at = null, wrap_up_until = null, wrapped_at = null, disposition = null
                where id = v_interaction_id;
                v_reopened := true;
            end if;
        else
            v_rejected := true;
        end if;
    end if;
    if v_interaction_id is null and p_external_key is not null then
        select id into v_interaction_id from interaction
        where channel = p_channel and external_key = p_external_key;
    end if;
    if v_interaction_id is null and coalesce(p_join_open, true) then
        select id into v_interaction_id from interaction
        where customer_id = v_customer_id and channel = p_channel
          and state not in ('CLOSED', 'ABANDONED', 'FAILED')
        order by id desc limit 1;
    end if;
    if v_interaction_id is null then
        insert into interaction (customer_id, channel, direction, external_key, service_request_id,
                                 customer_address, channel_address)
        values (v_customer_id, p_channel, p_direction, p_external_key, p_service_request_id, p_cp_value, p_place)
        returning id into v_interaction_id;
        v_interaction_created := true;
    else
        -- Only when it changed: a second update of the row in this transaction (append_touchpoint's
        -- sequence) would otherwise run the interaction's foreign-key checks again.
        update interaction set customer_address = p_cp_value
        where id = v_interaction_id and customer_address is distinct from p_cp_value;
    end if;

    v_attachments := case when coalesce(array_length(p_att_names, 1), 0) = 0 then '[]'::jsonb
                          else store_blobs(p_att_names, p_att_types, p_att_data) end;
    v_kind := case
        when p_content is null and jsonb_array_length(v_attachments) = 0 then 'CONTACT'
        when p_direction = 'OUTBOUND' then 'MESSAGE_OUT'
        else 'MESSAGE_IN' end;
    v_tp := append_touchpoint(v_customer_id, v_interaction_id, v_kind, p_channel, p_direction, p_place,
                              null, null, p_content, null, touchpoint_data(p_data, v_attachments));
    if jsonb_array_length(v_attachments) > 0 then
        perform link_attachments(v_tp.id, v_attachments);
    end if;

    update customer set last_contact_at = v_tp.occurred_at where id = v_customer_id;

    v_result := jsonb_build_object(
        'customerId', v_customer_id,
        'customerCreated', v_customer_created,
        'interactionId', v_interaction_id,
        'interactionCreated', v_interaction_created,
        'interactionReopened', v_reopened,
        'threadRejected', v_rejected,
        'touchpointId', v_tp.id,
        'eventId', v_tp.event_id,
        'seq', v_tp.seq);
    if p_key is not null then
        update idempotency_key set result = v_result where key = p_key;
    end if;
    return v_result || '{"created": true}'::jsonb;
end;
$$;
