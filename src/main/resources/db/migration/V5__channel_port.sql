-- The channel port: what every channel adapter shares.
--
-- Inbound: ingest_contact learns threads (an interaction the adapter matched, a reopen, a new
-- interaction per conversation key) and stores the adapter's own data on the touchpoint.
-- Outbound: a message out is a MESSAGE_OUT touchpoint plus an outbound_message row, written in
-- one transaction and handed to the channel's gateway by the dispatcher, with retries; every
-- change of its delivery status is a DELIVERY touchpoint.

-- Where a conversation is held: the customer's address (last used) and ours (mailbox, number).
alter table interaction
    add column customer_address varchar(320),
    add column channel_address  varchar(320);

create table outbound_message (
    touchpoint_id   bigint       primary key references touchpoint (id),
    interaction_id  bigint       not null references interaction (id),
    channel         varchar(20)  not null,
    destination     varchar(320) not null,
    status          varchar(20)  not null,
    reason          text,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null default now(),
    claimed_until   timestamptz,
    gateway_ref     varchar(300),
    updated_at      timestamptz  not null default now()
);
create index outbound_message_due on outbound_message (next_attempt_at) where status in ('QUEUED', 'RETRYING');
create index outbound_message_interaction on outbound_message (interaction_id);

-- Stores files content-addressed and returns their descriptions for the touchpoint's data.
create function store_blobs(p_names varchar[], p_types varchar[], p_data bytea[]) returns jsonb
language plpgsql as $$
declare
    v_list jsonb := '[]'::jsonb;
    v_sha  char(64);
    i      integer;
begin
    for i in 1 .. coalesce(array_length(p_names, 1), 0) loop
        v_sha := encode(sha256(p_data[i]), 'hex');
        insert into blob (sha256, size, data) values (v_sha, length(p_data[i]), p_data[i]) on conflict do nothing;
        v_list := v_list || jsonb_build_object('filename', p_names[i], 'contentType', p_types[i],
                                               'size', length(p_data[i]), 'sha256', v_sha);
    end loop;
    return v_list;
end;
$$;

-- Lists the stored files (store_blobs' descriptions) as the touchpoint's attachments.
create function link_attachments(p_touchpoint_id bigint, p_list jsonb) returns void
language sql as $$
    insert into attachment (touchpoint_id, filename, content_type, size, sha256)
    select p_touchpoint_id, a ->> 'filename', a ->> 'contentType', (a ->> 'size')::bigint, a ->> 'sha256'
    from jsonb_array_elements(p_list) a
$$;

-- The data of a touchpoint: the adapter's data with the attachment list, or null when both are empty.
create function touchpoint_data(p_data jsonb, p_attachments jsonb) returns jsonb
language sql immutable as $$
    select case
        when jsonb_array_length(p_attachments) > 0
            then coalesce(p_data, '{}'::jsonb) || jsonb_build_object('attachments', p_attachments)
        when p_data is null or p_data = '{}'::jsonb then null
        else p_data end
$$;

drop function ingest_contact(varchar, varchar, varchar, varchar, varchar, varchar, text, varchar, varchar,
                             varchar[], varchar[], bytea[]);

-- p_interaction_id: a thread the adapter matched. Taken when it is the sender's customer's;
--   a closed one is reopened (back to NEW, to be routed again). Another customer's is ignored
--   and the result says threadRejected.
-- p_join_open: with no key or thread match, continue the customer's open interaction on the
--   channel (an SMS conversation) instead of opening a new one (an email, a chat).
-- p_service_request_id: the service request a newly opened interaction belongs to.
create function ingest_contact(
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
        update interaction set customer_address = p_cp_value where id = v_interaction_id;
    end if;

    v_attachments := store_blobs(p_att_names, p_att_types, p_att_data);
    v_kind := case
        when p_content is null and jsonb_array_length(v_attachments) = 0 then 'CONTACT'
        when p_direction = 'OUTBOUND' then 'MESSAGE_OUT'
        else 'MESSAGE_IN' end;
    v_tp := append_touchpoint(v_customer_id, v_interaction_id, v_kind, p_channel, p_direction, p_place,
                              null, null, p_content, null, touchpoint_data(p_data, v_attachments));
    perform link_attachments(v_tp.id, v_attachments);

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

-- Queues a message out on an interaction: the MESSAGE_OUT touchpoint (result QUEUED) and its
-- outbound_message row. p_key makes a repeat return the first result and write nothing.
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
    p_data           jsonb
) returns jsonb
language plpgsql as $$
declare
    v_result      jsonb;
    v_interaction interaction;
    v_tp          touchpoint;
    v_attachments jsonb;
begin
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
    v_attachments := store_blobs(p_att_names, p_att_types, p_att_data);
    v_tp := append_touchpoint(v_interaction.customer_id, p_interaction_id, 'MESSAGE_OUT', v_interaction.channel,
                              'OUTBOUND', v_interaction.channel_address, p_agent_id, p_employee, p_content, 'QUEUED',
                              coalesce(touchpoint_data(p_data, v_attachments), '{}'::jsonb)
                                  || jsonb_build_object('to', p_destination));
    perform link_attachments(v_tp.id, v_attachments);
    insert into outbound_message (touchpoint_id, interaction_id, channel, destination, status)
    values (v_tp.id, p_interaction_id, v_interaction.channel, p_destination, 'QUEUED');
    v_result := jsonb_build_object('interactionId', p_interaction_id, 'touchpointId', v_tp.id,
                                   'eventId', v_tp.event_id, 'seq', v_tp.seq, 'status', 'QUEUED');
    if p_key is not null then
        update idempotency_key set result = v_result where key = p_key;
    end if;
    return v_result || '{"created": true}'::jsonb;
end;
$$;

-- Records a delivery status of a message out. Statuses only move forward (QUEUED, RETRYING, SENT,
-- then DELIVERED or FAILED, which are final); a repeat or a step back writes nothing and returns
-- false. Every retry is recorded, so RETRYING may follow RETRYING.
create function record_delivery(p_touchpoint_id bigint, p_status varchar, p_reason text, p_gateway_ref varchar,
                                p_next_attempt_at timestamptz, p_data jsonb) returns boolean
language plpgsql as $$
declare
    v_msg    outbound_message;
    v_tp     touchpoint;
    v_rank   constant jsonb := '{"QUEUED": 0, "RETRYING": 1, "SENT": 2, "DELIVERED": 3, "FAILED": 3}';
begin
    select * into v_tp from touchpoint where id = p_touchpoint_id;
    if not found then
        return false;
    end if;
    perform 1 from customer where id = v_tp.customer_id for update;
    select * into v_msg from outbound_message where touchpoint_id = p_touchpoint_id for update;
    if not found or (v_rank ->> v_msg.status)::int >= 3
       or (v_rank ->> p_status)::int < (v_rank ->> v_msg.status)::int
       or (p_status = v_msg.status and p_status <> 'RETRYING') then
        return false;
    end if;
    update outbound_message set status = p_status, reason = p_reason,
        gateway_ref = coalesce(p_gateway_ref, gateway_ref),
        next_attempt_at = coalesce(p_next_attempt_at, next_attempt_at),
        claimed_until = null, updated_at = now()
    where touchpoint_id = p_touchpoint_id;
    perform append_touchpoint(v_tp.customer_id, v_tp.interaction_id, 'DELIVERY', v_tp.channel, 'OUTBOUND',
        v_tp.place, null, null, null, p_status,
        jsonb_strip_nulls(coalesce(p_data, '{}'::jsonb) || jsonb_build_object(
            'messageTouchpointId', p_touchpoint_id, 'reason', p_reason, 'gatewayRef', p_gateway_ref,
            'attempts', v_msg.attempts)));
    return true;
end;
$$;
