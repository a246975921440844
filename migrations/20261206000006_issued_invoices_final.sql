-- An issued invoice is a legal document with the tax authority: never edited, never
-- deleted — a mistake is corrected by a replacement or an adjustment invoice (a new row).
-- What may still change on an issued row: its status to 'replaced' (when its replacement
-- is issued), its stored PDF (a cache of the provider's file), and a tax-authority code
-- the provider grants after issue (filled once, never changed).
create function invoices_issued_are_final() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        if old.status in ('issued', 'replaced') then
            raise exception 'an issued invoice is never deleted: issue a replacement or an adjustment';
        end if;
        return old;
    end if;
    if old.status in ('issued', 'replaced') and (
        (new.order_id, new.provider, new.template, new.kind, new.replaces_invoice_id,
         new.template_code, new.series, new.transaction_uuid, new.number, new.buyer_company,
         new.buyer_tax_code, new.buyer_address, new.buyer_email, new.buyer_name,
         new.payment_method, new.subtotal, new.vat_amount, new.total, new.issued_at)
        is distinct from
        (old.order_id, old.provider, old.template, old.kind, old.replaces_invoice_id,
         old.template_code, old.series, old.transaction_uuid, old.number, old.buyer_company,
         old.buyer_tax_code, old.buyer_address, old.buyer_email, old.buyer_name,
         old.payment_method, old.subtotal, old.vat_amount, old.total, old.issued_at)
        or (old.tax_authority_code is not null
            and new.tax_authority_code is distinct from old.tax_authority_code)
        or not (new.status = old.status or (old.status = 'issued' and new.status = 'replaced'))
    ) then
        raise exception 'an issued invoice is never edited: issue a replacement or an adjustment';
    end if;
    return new;
end $$;

create trigger invoices_issued_are_final before update or delete on invoices
    for each row execute function invoices_issued_are_final();

create function invoice_lines_of_issued_are_final() returns trigger language plpgsql as $$
declare
    parent bigint := old.invoice_id;
begin
    if exists (select 1 from invoices where id = parent and status in ('issued', 'replaced')) then
        raise exception 'the lines of an issued invoice are never changed';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end $$;

create trigger invoice_lines_of_issued_are_final before update or delete on invoice_lines
    for each row execute function invoice_lines_of_issued_are_final();
