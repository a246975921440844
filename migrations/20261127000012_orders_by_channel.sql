-- Orders are found by (channel, external id) through the unique index on those columns:
-- intake's duplicate check, channel sync's "which of these do we have". This index also
-- led with channel_id, and a plan made while `orders` was still empty (a new shop, a
-- fresh benchmark database; intake keeps its plans) could pick it for that check —
-- walking every order of the channel, with filtering on the external id, for every order
-- taken in. Intake slowed as the table grew until autovacuum's next analyze.
-- Nothing needs it: a channel's orders today are a range of orders_created, and the
-- order list filters channels after that index too. One index less to write per order.
drop index orders_channel_created;
