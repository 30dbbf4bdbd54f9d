-- Web chat: a session is the customer's side of one chat interaction. The customer holds a token
-- for it alone (only its hash is stored); its messages are the interaction's touchpoints, and the
-- touchpoint's seq is the server sequence number the widget resumes from.
create table chat_session (
    id               uuid         primary key,
    token_hash       char(64)     not null,
    interaction_id   bigint       references interaction (id),
    customer_id      bigint       references customer (id),
    queue_id         bigint       references queue (id) on delete set null,
    visitor_name     varchar(200),
    email            varchar(320),
    phone            varchar(50),
    page             varchar(500),
    state            varchar(20)  not null default 'OPEN',
    created_at       timestamptz  not null default now(),
    last_activity_at timestamptz  not null default now(),
    ended_at         timestamptz,
    end_reason       varchar(100)
);
create index chat_session_open on chat_session (last_activity_at) where state = 'OPEN';
create unique index chat_session_interaction on chat_session (interaction_id);
