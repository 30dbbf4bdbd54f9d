-- Sign-in tokens can be revoked (docs/api.md#sign-in). A token carries its user's generation
-- (claim "gen"); changing a user's roles, password or enabled flag moves the generation on, which
-- revokes every token issued before. Signed-out tokens are listed until they expire. Both live
-- here so that every instance of the service can load them.
alter table app_user add column token_generation integer not null default 0;

create table revoked_token (
    jti        varchar(100) primary key,
    user_id    bigint       not null,
    expires_at timestamptz  not null,
    revoked_at timestamptz  not null default now()
);
create index revoked_token_expires_at on revoked_token (expires_at);
