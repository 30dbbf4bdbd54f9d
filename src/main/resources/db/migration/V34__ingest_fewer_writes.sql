-- ingest_contact with fewer writes per contact (docs/benchmarks.md, ingest lever 4):
-- * a known customer is locked by the update of last_contact_at itself (now(): the touchpoint's occurred_at, the
--   transaction's start), not by select ... for update and a later update of the same row; a new customer is
--   inserted with it;
-- * the touchpoint is appended by append_touchpoint_locked, which does not lock the customer again (its caller
--   holds the row);
-- * the idempotency key is written once, with its result, at the end: a concurrent twin waits on the key's
--   unique index until the first commits and then raises SB001 as before, its writes rolled back with it.
-- Lock order is unchanged (customer, then interaction). The update takes FOR NO KEY UPDATE where select ... for
-- update took FOR UPDATE: it still conflicts with every writer that locks the customer (they all take FOR UPDATE),
-- and no longer blocks other transactions' foreign-key checks against the customer row.

-- append_touchpoint without its lock of the customer: for a caller that holds that row locked already.
create function append_touchpoint_locked(
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
begin
    if p_interaction_id is not null then
        update interaction set last_seq = last_seq + 1 where id = p_interaction_id
            returning last_seq into v_seq;
    end if;
    return insert_touchpoint(v_seq, p_customer_id, p_interaction_id, p_kind, p_channel, p_direction, p_place,
                             p_agent_id, p_employee, p_content, p_result, p_data);
end;
$$;

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
        -- The lock of the customer row, and its one write in this contact.
        update customer set last_contact_at = now() where id = v_customer_id;
        if not found then
            -- As append_touchpoint says it (a merge removed the customer since the contact point was read).
            raise exception 'customer % does not exist', v_customer_id using errcode = 'foreign_key_violation';
        end if;
    else
        insert into customer (name, provisional, last_contact_at) values (p_name, true, now())
        returning id into v_customer_id;
        insert into contact_point (customer_id, type, value, source)
        values (v_customer_id, p_cp_type, p_cp_value, 'inbound:' || lower(p_channel));
        v_customer_created := true;
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
        -- Only when it changed: a second update of the row in this transaction (append_touchpoint_locked's
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
    v_tp := append_touchpoint_locked(v_customer_id, v_interaction_id, v_kind, p_channel, p_direction, p_place,
                                     null, null, p_content, null, touchpoint_data(p_data, v_attachments));
    if jsonb_array_length(v_attachments) > 0 then
        perform link_attachments(v_tp.id, v_attachments);
    end if;

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
        insert into idempotency_key (key, result) values (p_key, v_result) on conflict do nothing;
        if not found then
            -- A concurrent twin committed first: answer with its result; raising rolls back this contact's writes.
            select result into v_result from idempotency_key where key = p_key;
            raise exception using errcode = 'SB001', message = 'duplicate', detail = v_result::text;
        end if;
    end if;
    return v_result || '{"created": true}'::jsonb;
end;
$$;
