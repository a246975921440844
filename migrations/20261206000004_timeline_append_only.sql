-- An order's timeline is what happened: like the stock ledger (stock_moves), it is only
-- ever added to. A mistake is corrected by a new event, never by rewriting an old one, so
-- nobody — a script, a support agent with SQL, a bug — can change who did what.
create function order_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'order_events is append-only: add an event instead of changing one'
        using errcode = 'P0001';
end $$;

create trigger order_events_no_update before update or delete on order_events
    for each row execute function order_events_append_only();
