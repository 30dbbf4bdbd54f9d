-- An agent's reply on an interaction in one call (docs/benchmarks.md, web chat, issue 22): the
-- checks the service made with two reads before queue_message (the interaction: the agent holds
-- it, it is open, it has the customer's address; for a chat: the customer has not left) are made
-- here, next to the write, so a chat reply is one round trip to the database instead of three.
--
-- Only for the channels the touchpoint stream delivers (p_streamed; web chat), whose messages need
-- no check by the channel's adapter before they are stored. For any other channel nothing is
-- written: the answer is the interaction ({"conversation": {...}}) and the service goes on as
-- before (the adapter's check, then queue_message). A refused reply raises, with the words the
-- service shows:
--   SB404 no such interaction; SB403 not the actor's; SB409 not open, no address, or the customer left.
create function reply_message(
    p_key            varchar,
    p_interaction_id bigint,
    p_actor_agent_id bigint,
    p_supervisor     boolean,
    p_employee       varchar,
    p_content        text,
    p_data           jsonb,
    p_streamed       varchar[]
) returns jsonb
language plpgsql as $$
declare
    v interaction;
begin
    select * into v from interaction where id = p_interaction_id;
    if not found then
        raise exception 'Interaction % not found', p_interaction_id using errcode = 'SB404';
    end if;
    if not (v.channel = any(p_streamed)) then
        return jsonb_build_object('conversation', jsonb_build_object(
            'id', v.id, 'customerId', v.customer_id, 'channel', v.channel, 'state', v.state,
            'agentId', v.agent_id, 'customerAddress', v.customer_address, 'channelAddress', v.channel_address));
    end if;
    if not p_supervisor and (p_actor_agent_id is null or v.agent_id is distinct from p_actor_agent_id) then
        raise exception 'Interaction % is not one of your contacts', p_interaction_id using errcode = 'SB403';
    end if;
    if v.state not in ('NEW', 'QUEUED', 'OFFERED', 'ACTIVE', 'WRAP_UP') then
        raise exception 'Interaction % is %; start a new conversation instead', p_interaction_id, v.state
            using errcode = 'SB409';
    end if;
    if v.customer_address is null then
        raise exception 'Interaction % has no address of the customer to send to', p_interaction_id
            using errcode = 'SB409';
    end if;
    if v.channel = 'CHAT' and not exists (select 1 from chat_session
                                          where interaction_id = p_interaction_id and state = 'OPEN') then
        raise exception 'The customer has left this chat' using errcode = 'SB409';
    end if;
    return queue_message(p_key, p_interaction_id, p_actor_agent_id, p_employee, p_content, v.customer_address,
                         null, null, null, p_data, 'SENT');
end;
$$;
