-- A Message-ID is not unique in the wild: other mail reusing one is another message. Inbound mail is
-- known by its key (a hash of Message-ID, sender and content; see ParsedMail.idempotencyKey), outbound
-- by its Message-ID; message_id stays what threading looks up and may now repeat.
alter table email_message add column mail_key varchar(998);
update email_message set mail_key = message_id;
alter table email_message alter column mail_key set not null;
alter table email_message drop constraint email_message_message_id_direction_key;
alter table email_message add constraint email_message_mail_key unique (mail_key, direction);
create index email_message_message_id on email_message (message_id, direction);
