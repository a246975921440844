-- Intake finds a customer as the oldest one with the phone:
--   select id from customers where phone = $1 order by id limit 1
-- With an index on phone alone the planner may walk the primary key in id order and
-- filter on the phone instead — a scan of every customer for a phone seen for the first
-- time. Inside a long import (statistics not yet updated) it did, for each of the chunk's
-- phones, and a 20,000-order import slowed to a crawl (each chunk slower than the last).
-- On (phone, id) the answer is the first entry of one index range, whatever the
-- statistics say; the index also serves every lookup by phone alone.
create index customers_phone_id on customers (phone, id);
drop index customers_phone;
