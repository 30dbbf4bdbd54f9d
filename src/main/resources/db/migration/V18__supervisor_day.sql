-- What the supervisor's wallboard reads for the day (issue 17).

-- Offers an agent missed (declined or timed out), counted per agent for the day after a restart.
create index touchpoint_missed on touchpoint (occurred_at, agent_id)
    where kind = 'DECLINED' and result in ('declined', 'timeout');

-- A queue's contacts by the time they joined it: the 15-minute intervals of a day.
create index interaction_queue_queued on interaction (queue_id, queued_at) where queued_at is not null;
