-- Many agents' replies in one statement and one commit (docs/benchmarks.md, web chat, "What would move it"): the
-- service gathers the replies on streamed channels (chat) that arrive while its previous batch of replies is being
-- written and sends them here, as it does with inbound contacts (ingest_contacts, V32). Each element is one call
-- of reply_message in a block of its own, so that its failure (a refusal: SB404, SB403, SB409; a concurrent twin,
-- SB001; a deadlock; anything else) rolls back only that element's writes and is reported in its row; the other
-- elements commit. The arrays are parallel, one entry per reply, in arrival order (replies on one interaction keep
-- their order); the streamed channels are the same for every reply of the service, so they come once.
--
-- Each block is a subtransaction (reply_message has no block of its own): the service sends at most 64 elements,
-- the subtransaction ids a backend keeps in shared memory (PGPROC_MAX_CACHED_SUBXIDS).
create function reply_messages(
    p_keys            varchar[],
    p_interaction_ids bigint[],
    p_actor_agent_ids bigint[],
    p_supervisors     boolean[],
    p_employees       varchar[],
    p_contents        text[],
    p_data            text[],
    p_streamed        varchar[]
) returns table (o_result text, o_state text, o_message text, o_detail text, o_constraint text)
language plpgsql as $$
declare
    i integer;
begin
    for i in 1 .. coalesce(array_length(p_interaction_ids, 1), 0) loop
        o_result := null;
        o_state := null;
        o_message := null;
        o_detail := null;
        o_constraint := null;
        begin
            o_result := reply_message(p_keys[i], p_interaction_ids[i], p_actor_agent_ids[i], p_supervisors[i],
                                      p_employees[i], p_contents[i], p_data[i]::jsonb, p_streamed)::text;
        exception when others then
            get stacked diagnostics o_state = returned_sqlstate, o_message = message_text,
                                    o_detail = pg_exception_detail, o_constraint = constraint_name;
        end;
        return next;
    end loop;
end;
$$;
