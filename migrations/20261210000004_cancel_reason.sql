-- Why an order was cancelled: a code from the list the console and `orders cancel` offer,
-- and the person's own words (required for 'other', checked by the app). Null on orders
-- cancelled before reasons were asked, and on orders cancelled by their marketplace.
alter table orders add column cancel_reason text
    check (cancel_reason in ('out_of_stock', 'buyer_asked', 'duplicate', 'fraud',
                             'cannot_deliver', 'other'));
alter table orders add column cancel_note text not null default ''
    check (char_length(cancel_note) <= 500);

-- Cancelling an order whose VAT invoice was issued adjusts that invoice down to nothing
-- (an adjustment invoice, Decree 123/2020 art. 19 as amended by Decree 70/2025). The
-- adjustment row is stored with the cancellation, in its transaction, before the provider
-- is called; at most one such adjustment per invoice, whatever retries or stations do.
-- (A return's correction is a replacement and carries its return_id.)
create unique index invoices_cancel_adjusted_once on invoices(replaces_invoice_id)
    where kind = 'adjustment' and return_id is null and status in ('issuing', 'issued');
