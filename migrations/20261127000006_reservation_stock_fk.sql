-- A reservation holds units of one stock row: it references that row, not the variant and
-- the warehouse separately. One check instead of two on every reservation written (intake's
-- hot path), and a stronger rule: no reservation without the stock row that counts it.
-- Checked at commit: a bulk writer (the demo seed) may add the stock rows after the
-- reservations in the same transaction.
alter table reservations
    drop constraint reservations_variant_id_fkey,
    drop constraint reservations_warehouse_id_fkey,
    add constraint reservations_stock_fkey foreign key (variant_id, warehouse_id)
        references stock_levels (variant_id, warehouse_id)
        deferrable initially deferred;
