-- Intake's group write, cheaper per statement and per row (issue 18). Same rules, fewer
-- function calls on the owner's bulk path.

-- "Is this session a person's own login?" asked in the WHEN clause of every timeline
-- event and stock move. As an SQL function with a sub-select it cannot be inlined, so
-- PostgreSQL planned its body again for every statement that inserts events — about a
-- sixth of a millisecond for each group the intake queue writes, more than the rows
-- themselves. A PL/pgSQL body keeps its plans for the session, and the owner's fast path
-- (the first comparison) is a simple expression. `create or replace` keeps the function
-- the triggers already call. The answer is the same for every session: the owner's name
-- as it is now, compared first; anyone else asked in full.
do $personal$
begin
    execute format($create$
        create or replace function orderdeck_personal() returns boolean
        language plpgsql stable as $body$
        begin
            if session_user = %L then
                return false;
            end if;
            return case
                when to_regrole('orderdeck_packer') is null then false
                else pg_has_role(session_user, 'orderdeck_packer', 'member')
                     and not pg_has_role(session_user,
                         (select relowner from pg_class where oid = 'public.orders'::regclass), 'member')
            end;
        end
        $body$
    $create$, current_user);
end $personal$;

-- When an order was completed: an order taken in is almost never completed already, and
-- then the trigger had nothing to do but was called for every row of every intake. Its
-- insert half now runs only when there is something to set or clear; the update half is
-- unchanged (same name, so it fires in the same order among the update triggers).
drop trigger orders_completed_at on orders;
create trigger orders_completed_at before update of status on orders
    for each row execute function orders_completed_at();
create trigger orders_completed_at_insert before insert on orders
    for each row when (new.status = 'completed' or new.completed_at is not null)
    execute function orders_completed_at();
