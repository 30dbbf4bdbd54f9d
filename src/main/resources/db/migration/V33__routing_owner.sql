-- Several instances (issue 21): who owns routing, and a fence against an owner that lost its Kafka
-- session without knowing it (frozen, cut off) and would go on writing after the next one took over.
-- An owner takes a partition by raising its epoch (routing_take); each journal write names the epoch
-- it was decided under (routing_apply_fenced) and is refused once a later owner raised it.
create table routing_owner (
    partition   integer primary key,
    epoch       bigint      not null,
    instance_id text        not null,
    since       timestamptz not null default now()
);

create function routing_take(p_partition integer, p_instance text) returns bigint
language sql as $$
    insert into routing_owner (partition, epoch, instance_id, since) values (p_partition, 1, p_instance, now())
    on conflict (partition) do update
        set epoch = routing_owner.epoch + 1, instance_id = excluded.instance_id, since = now()
    returning epoch
$$;

-- The row lock (FOR SHARE) holds a taking owner's update until this write has committed, so every write
-- is either before the take (and read by the new owner's rebuild) or refused.
create function routing_apply_fenced(p_changes jsonb, p_partition integer, p_epoch bigint) returns integer
language plpgsql as $$
begin
    perform 1 from routing_owner where partition = p_partition and epoch = p_epoch for share;
    if not found then
        raise exception using errcode = 'SB002', message = 'fenced',
            detail = format('routing partition %s has an owner later than epoch %s', p_partition, p_epoch);
    end if;
    return routing_apply(p_changes);
end
$$;
