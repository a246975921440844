-- `orderdeck_personal()` runs in the WHEN clause of every timeline event and stock move
-- insert. Asked in full (role look-ups and the owner of `orders`) it cost about 10 µs a
-- row, half the cost of the insert itself, on the owner's bulk paths (intake, imports,
-- workers), which are never personal. The owner's name, as it is when this migration runs
-- (the migrating role owns the tables), is now compared first; any other session is asked
-- in full as before, so a later change of owner is still right, only slower.
do $migration$
begin
    execute format($create$
        create or replace function orderdeck_personal() returns boolean
        language sql stable as $body$
            select session_user <> %L and case
                when to_regrole('orderdeck_packer') is null then false
                else pg_has_role(session_user, 'orderdeck_packer', 'member')
                     and not pg_has_role(session_user,
                         (select relowner from pg_class where oid = 'public.orders'::regclass), 'member')
            end
        $body$
    $create$, current_user);
end $migration$;
