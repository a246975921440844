-- Live refresh, cheaper: one announcement per table per statement instead of one per row.
-- Consoles only use the table name (they re-read what they show), identical payloads in
-- one transaction are sent once, and a bulk import no longer queues thousands of
-- notifications. The payload keeps its shape: {"table": ..., "op": ...}.
create or replace function orderdeck_notify_table() returns trigger language plpgsql as $$
begin
    perform pg_notify('orderdeck', json_build_object('table', tg_table_name, 'op', lower(tg_op))::text);
    return null;
end $$;

do $$
declare
    t text;
begin
    foreach t in array array['warehouses', 'products', 'variants', 'customers', 'sales_channels',
        'orders', 'order_lines', 'order_events', 'suppliers', 'purchase_orders',
        'purchase_order_lines', 'goods_receipts', 'shipments', 'tracking_events', 'invoices',
        'returns', 'refunds', 'stock_counts', 'outbox', 'stock_levels']
    loop
        execute format('drop trigger if exists %I on %I', t || '_notify', t);
        execute format('create trigger %I after insert or update or delete on %I
            for each statement execute function orderdeck_notify_table()', t || '_notify', t);
    end loop;
end $$;

drop function orderdeck_notify();
drop function orderdeck_notify_stock();
