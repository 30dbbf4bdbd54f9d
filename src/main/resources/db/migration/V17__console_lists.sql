-- What the agent console lists: interactions across customers, an agent's own work, customers by
-- name, and each queue's wrap-up dispositions.

-- A queue's dispositions, in the order agents see them, as a JSON array: [{"code":"resolved",
-- "labels":{"en":"Resolved","zh-CN":"已解决"}}, ...]. Null or [] means any disposition is accepted.
-- Text, not jsonb: Hibernate Reactive binds JSON columns as objects only, never as an array.
alter table queue add column dispositions text;

-- Newest first across customers, and per agent and per queue.
create index interaction_created on interaction (created_at desc, id desc);
create index interaction_agent_created on interaction (agent_id, created_at desc) where agent_id is not null;
create index interaction_queue_created on interaction (queue_id, created_at desc) where queue_id is not null;

-- The interactions an agent took (accepted) and may since have handed on.
create index touchpoint_accepted_by on touchpoint (agent_id, interaction_id)
    where kind = 'ACCEPTED' and agent_id is not null;
