-- The dashboard's figures without reading every parcel (issue 17): it reloads every half
-- second on a busy shop, and a shop keeps years of shipments and refunds.

-- COD the carriers still owe: few parcels at any time, whatever the history. The
-- dashboard's query repeats this condition word for word so the planner can use it.
create index shipments_cod_owed on shipments(status) include (cod_amount)
    where cod_amount > 0 and cod_received_at is null
      and status not in ('cancelled', 'failed', 'returning', 'returned', 'lost_or_damaged');

-- The exceptions queue's "past its expected delivery" branch: live parcels only (the
-- other branches have `shipments_status` and `shipments_platform_unfinished`).
create index shipments_live_expected on shipments(expected_delivery_at)
    where status not in ('delivered', 'returned', 'cancelled', 'failed');

-- Refunds of today and of the week.
create index refunds_created on refunds(created_at);
