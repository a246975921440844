-- Shipping: one live shipment per order (enforced here, not by a check-then-insert), COD
-- money received, and what the tracking poller needs to back off.
create unique index shipments_one_live_per_order on shipments(order_id)
    where status not in ('cancelled', 'failed');

alter table shipments
    add column cod_received_amount numeric(18,2),
    add column cod_received_at timestamptz,
    add column goods_value numeric(18,2) not null default 0 check (goods_value >= 0),
    add column note text not null default '',
    add column last_error text,
    add column next_poll_at timestamptz,
    add column exception_handled_at timestamptz;

create index shipments_poll on shipments(next_poll_at nulls first, id)
    where status not in ('delivered', 'returned', 'cancelled', 'failed', 'pending');
