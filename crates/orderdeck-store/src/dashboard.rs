//! The manager's figures, computed by the server in one round of queries.
//!
//! Each query reads an index range, never the whole history: the dashboard reloads
//! every half second on a busy shop, on a database of millions of orders. Open orders
//! come from `orders_status_created`, the last week's from `orders_created`, COD owed and
//! late parcels from the partial indexes of `20261210000002_dashboard.sql`.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Timelike, Utc};
use orderdeck_domain::dashboard::{
    CodOutstanding, LatePo, LowStock, OPEN_STATUSES, StatusAge, Takings,
};
use orderdeck_domain::order::OrderStatus;
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::Result;
pub use orderdeck_domain::dashboard::Dashboard;

/// The dashboard as of `now`; orders within `at_risk_hours` of their ship-by time are
/// listed as at risk. Days and hours are the shop's (`offset`).
pub async fn load(
    pool: &PgPool,
    now: DateTime<Utc>,
    offset: FixedOffset,
    at_risk_hours: u32,
) -> Result<Dashboard> {
    let today = local_midnight(now, offset, 0);
    let week = local_midnight(now, offset, 6);
    let hours_from = hour_start(now, offset) - Duration::hours(23);
    let mut d = Dashboard {
        channels: sqlx::query_scalar("select code from sales_channels order by id")
            .fetch_all(pool)
            .await?,
        hours_from,
        ..Dashboard::default()
    };
    // Open orders of any age, and the closed ones of the week: a shop's whole history
    // of completed orders says nothing about today's queues.
    d.by_status_channel = sqlx::query_as(
        "select c.code, x.status, count(*) from (
             select channel_id, status from orders where status = any($1)
             union all
             select channel_id, status from orders where created_at >= $2 and status <> all($1)
         ) x join sales_channels c on c.id = x.channel_id
         group by c.code, x.status",
    )
    .bind(OrderStatus::codes(&OPEN_STATUSES))
    .bind(week)
    .fetch_all(pool)
    .await?;
    d.ageing = ageing(pool, now).await?;
    d.today = takings(pool, today).await?;
    d.week = takings(pool, week).await?;
    d.cod = cod_outstanding(pool).await?;
    d.per_hour = per_hour(pool, &d.channels, hours_from).await?;
    d.exceptions = exceptions(pool, now).await?;
    (d.low_stock_count, d.low_stock) = low_stock(pool).await?;
    let today_date = now.with_timezone(&offset).date_naive();
    let late: Vec<(String, String, chrono::NaiveDate, i64)> = sqlx::query_as(
        "select po.number, s.name, po.expected_at, count(*) over () from purchase_orders po
         join suppliers s on s.id = po.supplier_id
         where po.status in ('confirmed', 'partially_received') and po.expected_at < $1
         order by po.expected_at, po.id limit 20",
    )
    .bind(today_date)
    .fetch_all(pool)
    .await?;
    d.late_pos_count = late.first().map_or(0, |r| r.3);
    d.late_pos = late
        .into_iter()
        .map(|(number, supplier, expected, _)| LatePo {
            number,
            supplier,
            expected,
        })
        .collect();
    let hours = i64::from(at_risk_hours);
    d.at_risk = super::fulfil::at_risk(pool, hours, 20)
        .await?
        .into_iter()
        .map(|r| (r.number, r.channel, r.ship_by))
        .collect();
    d.at_risk_count = super::fulfil::at_risk_count(pool, hours).await?;
    Ok(d)
}

/// The shop's midnight `days_back` days before `now`'s day, in UTC.
fn local_midnight(now: DateTime<Utc>, offset: FixedOffset, days_back: i64) -> DateTime<Utc> {
    let day = now.with_timezone(&offset).date_naive() - Duration::days(days_back);
    day.and_time(NaiveTime::MIN)
        .and_local_timezone(offset)
        .single()
        .map_or(now, |m| m.with_timezone(&Utc))
}

/// The start of `now`'s hour on the shop's clock (an offset of half an hour moves it).
fn hour_start(now: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
    let local = now.with_timezone(&offset);
    local
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .map_or(now, |t| t.with_timezone(&Utc))
}

async fn ageing(pool: &PgPool, now: DateTime<Utc>) -> Result<Vec<StatusAge>> {
    type Row = (String, i64, i64, i64, i64, i64, Option<DateTime<Utc>>);
    let rows: Vec<Row> = sqlx::query_as(
        "select status, count(*),
                count(*) filter (where created_at > $1 - interval '1 hour'),
                count(*) filter (where created_at <= $1 - interval '1 hour' and created_at > $1 - interval '6 hours'),
                count(*) filter (where created_at <= $1 - interval '6 hours' and created_at > $1 - interval '24 hours'),
                count(*) filter (where created_at <= $1 - interval '24 hours'),
                min(created_at)
         from orders where status = any($2) group by status",
    )
    .bind(now)
    .bind(OrderStatus::codes(&OPEN_STATUSES))
    .fetch_all(pool)
    .await?;
    Ok(OPEN_STATUSES
        .iter()
        .map(|st| {
            let row = rows.iter().find(|r| r.0 == st.as_str());
            StatusAge {
                status: st.as_str().to_string(),
                count: row.map_or(0, |r| r.1),
                buckets: row.map_or([0; 4], |r| [r.2, r.3, r.4, r.5]),
                oldest: row.and_then(|r| r.6),
            }
        })
        .collect())
}

/// Orders placed since `from` and refunds made since then.
async fn takings(pool: &PgPool, from: DateTime<Utc>) -> Result<Takings> {
    let (revenue, orders): (Option<Decimal>, i64) = sqlx::query_as(
        "select sum(total), count(*) from orders where created_at >= $1 and status <> 'cancelled'",
    )
    .bind(from)
    .fetch_one(pool)
    .await?;
    let (refunds, refund_count): (Option<Decimal>, i64) = sqlx::query_as(
        "select sum(amount), count(*) from refunds where created_at >= $1 and status <> 'failed'",
    )
    .bind(from)
    .fetch_one(pool)
    .await?;
    Ok(Takings {
        revenue: revenue.unwrap_or_default(),
        orders,
        refunds: refunds.unwrap_or_default(),
        refund_count,
    })
}

/// COD the carriers have not paid over: delivered (collected) or still on the way. A
/// parcel coming back, lost, cancelled or never booked brings no cash.
async fn cod_outstanding(pool: &PgPool) -> Result<CodOutstanding> {
    // The condition is the partial index `shipments_cod_owed`'s, word for word, so the
    // planner reads the index (the parcels whose cash is owed) and not every parcel.
    let (collected, collected_parcels, on_the_way, on_the_way_parcels): (
        Option<Decimal>,
        i64,
        Option<Decimal>,
        i64,
    ) = sqlx::query_as(
        "select sum(cod_amount) filter (where status = 'delivered'),
                count(*) filter (where status = 'delivered'),
                sum(cod_amount) filter (where status <> 'delivered'),
                count(*) filter (where status <> 'delivered')
         from shipments
         where cod_amount > 0 and cod_received_at is null
           and status not in ('cancelled', 'failed', 'returning', 'returned', 'lost_or_damaged')",
    )
    .fetch_one(pool)
    .await?;
    Ok(CodOutstanding {
        collected: collected.unwrap_or_default(),
        collected_parcels,
        on_the_way: on_the_way.unwrap_or_default(),
        on_the_way_parcels,
    })
}

async fn per_hour(
    pool: &PgPool,
    channels: &[String],
    from: DateTime<Utc>,
) -> Result<Vec<(String, [i64; 24])>> {
    let rows: Vec<(String, i32, i64)> = sqlx::query_as(
        "select c.code, (extract(epoch from o.created_at - $1)::bigint / 3600)::int as h, count(*)
         from orders o join sales_channels c on c.id = o.channel_id
         where o.created_at >= $1 and o.created_at < $1 + interval '24 hours'
         group by 1, 2",
    )
    .bind(from)
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(String, [i64; 24])> = channels.iter().map(|c| (c.clone(), [0; 24])).collect();
    for (code, h, n) in rows {
        let slot = out
            .iter_mut()
            .find(|(c, _)| *c == code)
            .and_then(|(_, hours)| usize::try_from(h).ok().and_then(|h| hours.get_mut(h)));
        if let Some(slot) = slot {
            *slot = n;
        }
    }
    Ok(out)
}

/// The exceptions queue's length, by its own rule (`shipments::NEEDS_ATTENTION`), on the
/// dashboard's clock so a frozen clock (tests, snapshots) gives the same figure.
async fn exceptions(pool: &PgPool, now: DateTime<Utc>) -> Result<i64> {
    let rule = super::shipments::NEEDS_ATTENTION.replace("now()", "$1");
    Ok(
        sqlx::query_scalar(&format!("select count(*) from shipments s where {rule}"))
            .bind(now)
            .fetch_one(pool)
            .await?,
    )
}

/// Variants at or under their reorder point (available in every warehouse plus what is
/// on order), the most short first, with their products' names.
async fn low_stock(pool: &PgPool) -> Result<(i64, Vec<LowStock>)> {
    type Row = (String, String, i64, i64, i32, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "select x.sku, x.name, x.incoming, x.available, x.reorder_point, count(*) over ()
         from (select v.sku, v.reorder_point,
                p.name || case when cardinality(v.attr_values) > 0
                               then ' · ' || array_to_string(v.attr_values, ' / ') else '' end as name,
                (select coalesce(sum(s.on_hand - s.reserved), 0) from stock_levels s where s.variant_id = v.id)::bigint as available,
                (select coalesce(sum(l.qty - l.received_qty - l.rejected_qty), 0) from purchase_order_lines l
                   join purchase_orders po on po.id = l.purchase_order_id
                   where l.variant_id = v.id and po.status in ('confirmed', 'partially_received'))::bigint as incoming
            from variants v join products p on p.id = v.product_id
            where v.active and v.reorder_point > 0) x
         where x.available + x.incoming <= x.reorder_point
         order by x.available - x.reorder_point, x.sku limit 30",
    )
    .fetch_all(pool)
    .await?;
    let count = rows.first().map_or(0, |r| r.5);
    Ok((
        count,
        rows.into_iter()
            .map(
                |(sku, name, incoming, available, reorder_point, _)| LowStock {
                    sku,
                    name,
                    incoming,
                    available,
                    reorder_point,
                },
            )
            .collect(),
    ))
}
