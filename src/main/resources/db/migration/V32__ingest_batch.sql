-- Many contacts in one statement and one commit (docs/benchmarks.md, ingest lever 6): the service
-- gathers the contacts that arrive while its previous batch is being written and sends them here.
-- Each element is one call of ingest_contact in a block of its own, so that its failure (a concurrent
-- twin, SB001; a unique violation; a deadlock; anything else) rolls back only that element's writes
-- and is reported in its row; the other elements commit. The arrays are parallel, one entry per
-- contact, in order; contacts with files are not sent here (the service sends them alone, as before).
--
-- Each block is a subtransaction with its own transaction id: the service sends at most 64 elements,
-- the number of subtransaction ids a backend keeps in shared memory before other sessions' snapshots
-- have to look them up on disk (PGPROC_MAX_CACHED_SUBXIDS).
create function ingest_contacts(
    p_keys                varchar[],
    p_cp_types            varchar[],
    p_cp_values           varchar[],
    p_channels            varchar[],
    p_directions          varchar[],
    p_external_keys       varchar[],
    p_contents            text[],
    p_places              varchar[],
    p_names               varchar[],
    p_interaction_ids     bigint[],
    p_join_opens          boolean[],
    p_service_request_ids bigint[],
    p_data                text[]
) returns table (o_result text, o_state text, o_message text, o_detail text, o_constraint text)
language plpgsql as $$
declare
    i integer;
begin
    for i in 1 .. coalesce(array_length(p_cp_types, 1), 0) loop
        o_result := null;
        o_state := null;
        o_message := null;
        o_detail := null;
        o_constraint := null;
        begin
            o_result := ingest_contact(p_keys[i], p_cp_types[i], p_cp_values[i], p_channels[i], p_directions[i],
                                       p_external_keys[i], p_contents[i], p_places[i], p_names[i], null, null, null,
                                       p_interaction_ids[i], p_join_opens[i], p_service_request_ids[i],
                                       p_data[i]::jsonb)::text;
        exception when others then
            get stacked diagnostics o_state = returned_sqlstate, o_message = message_text,
                                    o_detail = pg_exception_detail, o_constraint = constraint_name;
        end;
        return next;
    end loop;
end;
$$;
