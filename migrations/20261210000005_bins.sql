-- Where a SKU lies in a warehouse (a shelf or bin code like "A-03-2"), for pick lists that
-- walk the shelves in order. Empty when nobody has said; set with `orderdeck stock bin`.
alter table stock_levels add column bin text not null default ''
    check (char_length(bin) <= 32);
