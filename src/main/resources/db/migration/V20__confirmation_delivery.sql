-- The answers to SMS STOP and START go to Kannel without an outbound_message row (they belong to no
-- interaction, see SmsConfirmations), so record_delivery used to ignore every status of theirs and the
-- confirmation's MESSAGE_OUT stayed QUEUED for ever. Such a message's status is now its latest DELIVERY
-- touchpoint (its own result at first), moving forward by the same rule; messages with a row are as before.
create or replace function record_delivery(p_touchpoint_id bigint, p_status varchar, p_reason text,
                                           p_gateway_ref varchar, p_next_attempt_at timestamptz,
                                           p_data jsonb) returns boolean
language plpgsql as $$
declare
    v_msg    outbound_message;
    v_tp     touchpoint;
    v_last   varchar;
    v_rank   constant jsonb := '{"QUEUED": 0, "RETRYING": 1, "SENT": 2, "DELIVERED": 3, "FAILED": 3}';
begin
    select * into v_tp from touchpoint where id = p_touchpoint_id;
    if not found then
        return false;
    end if;
    perform 1 from customer where id = v_tp.customer_id for update;
    select * into v_msg from outbound_message where touchpoint_id = p_touchpoint_id for update;
    if not found then
        if v_tp.kind <> 'MESSAGE_OUT' or v_tp.data is null or not (v_tp.data ? 'confirmation') then
            return false;
        end if;
        select t.result into v_last from touchpoint t
            where t.customer_id = v_tp.customer_id and t.kind = 'DELIVERY'
              and t.data ->> 'messageTouchpointId' = p_touchpoint_id::text
            order by t.id desc limit 1;
        v_last := coalesce(v_last, v_tp.result, 'QUEUED');
        if (v_rank ->> v_last)::int >= 3 or (v_rank ->> p_status)::int < (v_rank ->> v_last)::int
           or (p_status = v_last and p_status <> 'RETRYING') then
            return false;
        end if;
        perform append_touchpoint(v_tp.customer_id, v_tp.interaction_id, 'DELIVERY', v_tp.channel, 'OUTBOUND',
            v_tp.place, null, null, null, p_status,
            jsonb_strip_nulls(coalesce(p_data, '{}'::jsonb) || jsonb_build_object(
                'messageTouchpointId', p_touchpoint_id, 'reason', p_reason, 'gatewayRef', p_gateway_ref,
                'confirmation', v_tp.data ->> 'confirmation')));
        return true;
    end if;
    if (v_rank ->> v_msg.status)::int >= 3
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
