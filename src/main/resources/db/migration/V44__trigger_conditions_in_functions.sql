-- The two hottest triggers test their condition inside their function instead of in a WHEN clause (issue 22, the
-- routing drain's database CPU). PostgreSQL reads a trigger's WHEN clause back from its stored node text and plans
-- it once per statement that fires the trigger: routing_apply_each updates an interaction and inserts a touchpoint
-- with one statement per change, so every change paid for reading interaction_report_update's 14 comparisons and
-- touchpoint_campaign_response's test (perf on PostgreSQL 15, one change per call: 13 % of the backend's CPU in
-- ExecARUpdateTriggers and ExecARInsertTriggers, most of it in stringToNode; 22 % more calls a second without them). A
-- PL/pgSQL function plans its conditions once per session. The conditions are the ones V26 and V30 wrote.

-- One function marks for all three of interaction's triggers, as in V26; an update marks only when it moves a column a
-- figure depends on (last_seq moves with every touchpoint and is not one).
create or replace function report_mark_interaction() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE'
       and (old.state, old.customer_id, old.channel, old.direction, old.queue_id, old.agent_id, old.tier,
            old.created_at, old.queued_at, old.target_at, old.answered_at, old.ended_at, old.wrapped_at,
            old.disposition)
           is not distinct from
           (new.state, new.customer_id, new.channel, new.direction, new.queue_id, new.agent_id, new.tier,
            new.created_at, new.queued_at, new.target_at, new.answered_at, new.ended_at, new.wrapped_at,
            new.disposition) then
        return null;
    end if;
    insert into report_dirty (kind, ref_id) values ('I', coalesce(new.id, old.id));
    return null;
end;
$$;

drop trigger interaction_report_update on interaction;
create trigger interaction_report_update after update on interaction
    for each row execute function report_mark_interaction();

create or replace function campaign_response() returns trigger
language plpgsql as $$
declare
    m record;
begin
    -- An opt-out (an SMS STOP or START, a mail asking to unsubscribe) is not a response: the evaluation counts it
    -- apart.
    if not coalesce(new.direction = 'INBOUND' and new.kind in ('CONTACT', 'MESSAGE_IN')
                    and new.result is distinct from 'opted-out' and new.result is distinct from 'opted-in'
                    and (new.data is null or not (new.data ? 'unsubscribe')), false) then
        return null;
    end if;
    for m in
        update campaign_member cm
        set responded_at = new.occurred_at, response_touchpoint_id = new.id, response_channel = new.channel
        where cm.customer_id = new.customer_id and cm.responded_at is null and cm.reference_at is not null
          and cm.reference_at <= new.occurred_at and cm.respond_until > new.occurred_at
        returning cm.campaign_id, cm.control, cm.touchpoint_id, cm.channel
    loop
        if not m.control then
            perform append_touchpoint(new.customer_id, null, 'CAMPAIGN_RESPONSE', new.channel, 'INBOUND', new.place,
                null, null, (select name from campaign where id = m.campaign_id), 'RESPONDED',
                jsonb_build_object('campaignId', m.campaign_id, 'responseTouchpointId', new.id,
                                   'responseInteractionId', new.interaction_id,
                                   'messageTouchpointId', m.touchpoint_id, 'campaignChannel', m.channel));
        end if;
    end loop;
    return null;
end;
$$;

drop trigger touchpoint_campaign_response on touchpoint;
create trigger touchpoint_campaign_response after insert on touchpoint
    for each row execute function campaign_response();
