//! The manager's figures, computed by the server in one round of queries.

use chrono::{DateTime, FixedOffset, Utc};
use orderdeck_domain::order::OrderStatus;
use sqlx::PgPool;

use super::Result;
pub use orderdeck_domain::dashboard::Dashboard;

/// The dashboard as of `now`; orders within `at_risk_hours` of their ship-by time are
/// listed as at risk.
pub async fn load(
    pool: &PgPool,
    now: DateTime<Utc>,
    offset: FixedOffset,
    at_risk_hours: u32,
) -> Result<Dashboard> {
    let mut d = Dashboard {
        channels: sqlx::query_scalar("select code from sales_channels order by id")
            .fetch_all(pool)
            .await?,
        ..Dashboard::default()
    };
    d.by_status_channel = sqlx::query_as(
        "select c.code, o.status, count(*) from orders o join sales_channels c on c.id = o.channel_id
         group by c.code, o.status",
    )
    .fetch_all(pool)
    .await?;
    let ageing: (i64, i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where created_at > $1 - interval '1 hour'),
                count(*) filter (where created_at <= $1 - interval '1 hour' and created_at > $1 - interval '4 hours'),
                count(*) filter (where created_at <= $1 - interval '4 hours' and created_at > $1 - interval '24 hours'),
                count(*) filter (where created_at <= $1 - interval '24 hours')
         from orders where status = any($2)",
    )
    .bind(now)
    .bind(OrderStatus::codes(OrderStatus::UNSHIPPED))
    .fetch_one(pool)
    .await?;
    d.ageing = [ageing.0, ageing.1, ageing.2, ageing.3];
    let local_midnight = now
        .with_timezone(&offset)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|m| m.and_local_timezone(offset).single())
        .map(|m| m.with_timezone(&Utc))
        .unwrap_or(now);
    let hours: Vec<(i32, i64)> = sqlx::query_as(
        "select (extract(epoch from created_at - $1)::bigint / 3600)::int as h, count(*)
         from orders where created_at >= $1 and created_at < $1 + interval '1 day' group by 1",
    )
    .bind(local_midnight)
    .fetch_all(pool)
    .await?;
    for (h, n) in hours {
        if let Some(slot) = usize::try_from(h).ok().and_then(|h| d.per_hour.get_mut(h)) {
            *slot = n;
        }
    }
    d.backorders = sqlx::query_scalar("select count(*) from orders where status = 'backordered'")
        .fetch_one(pool)
        .await?;
    // Reorder points are per SKU: available over every warehouse plus what is on order.
    let low_sql = "from (select v.sku, v.reorder_point,
                (select coalesce(sum(s.on_hand - s.reserved), 0) from stock_levels s where s.variant_id = v.id)::bigint as available,
                (select coalesce(sum(l.qty - l.received_qty - l.rejected_qty), 0) from purchase_order_lines l
                   join purchase_orders po on po.id = l.purchase_order_id
                   where l.variant_id = v.id and po.status in ('confirmed', 'partially_received'))::bigint as incoming
            from variants v where v.active and v.reorder_point > 0) x
         where x.available + x.incoming <= x.reorder_point";
    d.low_stock_count = sqlx::query_scalar(&format!("select count(*) {low_sql}"))
        .fetch_one(pool)
        .await?;
    d.low_stock = sqlx::query_as(&format!(
        "select x.sku, x.incoming, x.available, x.reorder_point {low_sql}
         order by x.available - x.reorder_point, x.sku limit 20"
    ))
    .fetch_all(pool)
    .await?;
    let today = now.with_timezone(&offset).date_naive();
    d.late_pos = sqlx::query_as(
        "select po.number, s.name, po.expected_at from purchase_orders po
         join suppliers s on s.id = po.supplier_id
         where po.status in ('confirmed', 'partially_received') and po.expected_at < $1
         order by po.expected_at, po.id limit 20",
    )
    .bind(today)
    .fetch_all(pool)
    .await?;
    let hours = i64::from(at_risk_hours);
    d.at_risk = super::fulfil::at_risk(pool, hours, 20)
        .await?
        .into_iter()
        .map(|r| (r.number, r.channel, r.ship_by))
        .collect();
    d.at_risk_count = super::fulfil::at_risk_count(pool, hours).await?;
    Ok(d)
}
