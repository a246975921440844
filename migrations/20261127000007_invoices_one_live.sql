-- One original invoice per order that is being issued or has been issued: a second
-- station (or a retry with a fresh uuid) can never make a second invoice for an order.
-- Enforced here, not by a check-then-insert.
create unique index invoices_one_live_per_order on invoices(order_id)
    where kind = 'original' and status in ('issuing', 'issued');
