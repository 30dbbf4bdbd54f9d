-- The customer's widget (issue 18): the language the chat started in (the service's texts follow it),
-- how far the agent has read the customer's messages (the widget's read ticks), and the customer's
-- rating of the chat (also a RATING touchpoint of the interaction, for the service and marketing modules).
alter table chat_session add column language varchar(10) not null default 'en';
alter table chat_session add column read_seq integer not null default 0;
alter table chat_session add column rating smallint constraint chat_session_rating_check check (rating between 1 and 5);
