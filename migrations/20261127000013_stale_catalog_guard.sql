-- Intake's queue keeps the catalog facts it decides on (SKU → variant, name, price, VAT
-- rate; active channels and warehouses) for a moment instead of reading them for every
-- group. Its one write statement checks them against the tables and calls this when any
-- has changed — a price, a VAT rate, a deactivated variant, channel or warehouse — so a
-- stale fact never reaches an order: the statement aborts, nothing is written, and the
-- order is decided again on facts read afresh.
create function orderdeck_stale_catalog() returns integer
language plpgsql as $$
begin
    raise exception 'the catalog changed while the order was being decided'
        using errcode = 'OD002';
end
$$;
