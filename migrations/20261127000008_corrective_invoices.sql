-- Replacement (type 3) and adjustment (type 5) invoices after a return.
alter table invoices add column return_id bigint references returns(id);
-- Why a replacement or adjustment was issued (sent to the provider as the reason).
alter table invoices add column reason text not null default '';
create index invoices_return on invoices(return_id) where return_id is not null;

-- A replaced original still counts: the order has had its invoice, and a second
-- original would be a second invoice for the same sale.
drop index invoices_one_live_per_order;
create unique index invoices_one_live_per_order on invoices(order_id)
    where kind = 'original' and status in ('issuing', 'issued', 'replaced');

-- One corrective invoice per return, and an invoice is replaced at most once: a retry
-- or a second station can never make a second one.
create unique index invoices_one_per_return on invoices(return_id)
    where status in ('issuing', 'issued', 'replaced');
create unique index invoices_replaced_once on invoices(replaces_invoice_id)
    where kind = 'replacement' and status in ('issuing', 'issued', 'replaced');
