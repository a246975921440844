-- Intake decides its reservations on a snapshot of the stock rows, then writes the order,
-- its reservations and the new reserved figures in one autocommit statement (one round
-- trip, no client hop while row locks are held). The CHECK on stock_levels stops any
-- oversell; this function stops the other stale case: an order judged short while stock
-- arrived meanwhile. Raising aborts the statement, so nothing of the order is written and
-- the caller decides again on fresh figures.
create function orderdeck_stale_stock() returns integer
language plpgsql as $$
begin
    raise exception 'stock changed while the order was being decided'
        using errcode = 'OD001';
end
$$;
