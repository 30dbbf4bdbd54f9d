-- Data scoping (issue 19): an agent sees the customers it is handling or has handled, that is the customers with
-- a touchpoint of its own (an offer, an acceptance, a message, a note). Found by agent, read by customer.
create index touchpoint_agent_customer on touchpoint (agent_id, customer_id) where agent_id is not null;
