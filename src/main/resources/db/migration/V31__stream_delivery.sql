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
    v_attachments := store_blobs(p_att_names, p_att_types, p_att_data);
    v_tp := append_touchpoint(v_interaction.customer_id, p_interaction_id, 'MESSAGE_OUT', v_interaction.channel,
                              'OUTBOUND', v_interaction.channel_address, p_agent_id, p_employee, p_content, p_status,
                              coalesce(touchpoint_data(p_data, v_attachments), '{}'::jsonb)
                                  || jsonb_build_object('to', p_destination));
    perform link_attachments(v_tp.id, v_attachments);
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
