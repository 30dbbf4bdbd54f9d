-- The outbox no longer keeps a unique index on event_id (issue 22). Every outbox row is written in the statement that
-- writes its touchpoint and copies that touchpoint's event_id, which touchpoint's own unique constraint already keeps
-- unique; nothing reads the outbox by event_id (the publisher reads it in (txid, id) order, outbox_feed). The index
-- was one more B-tree insertion per touchpoint at a random place (a random UUID) in every path that writes one:
-- contacts, chat messages, routing decisions.
alter table outbox drop constraint outbox_event_id_key;
