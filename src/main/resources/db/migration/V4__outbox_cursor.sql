-- The publisher's position in the outbox: every row at or before (txid, id) has been delivered.
-- Moving one cursor row per batch replaces an update of every delivered row. Rows were delivered
-- in (txid, id) order, so the delivered ones form a prefix and the cursor starts at its end.
create table outbox_cursor (
    name varchar(50) primary key,
    txid xid8        not null,
    id   bigint      not null
);

insert into outbox_cursor (name, txid, id)
select 'publisher', coalesce(last.txid, '0'::xid8), coalesce(last.id, 0)
from (select 1) one
left join lateral (select txid, id from outbox where delivered_at is not null
                   order by txid desc, id desc limit 1) last on true;

drop index outbox_pending;
alter table outbox drop column delivered_at;
