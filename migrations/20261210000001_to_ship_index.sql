-- The To ship list (packed orders with no live parcel, oldest change first) is read again
-- by every station watching it on each change to orders or shipments. The status index
-- is ordered by creation, so each read took every packed order and sorted them; this one
-- gives the first window in the list's own order.
create index if not exists orders_to_ship on orders (updated_at, id) where status = 'packed';
