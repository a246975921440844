-- Orders are found by phone through search_text (trigram index), and customers by
-- customers_phone; this index was only ever written, on every intake.
drop index if exists orders_phone;
