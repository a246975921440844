//! Marketplace fulfilment's rows: the parcels a platform arranges (`shipments` with a
//! platform as carrier), the call log that keeps every state-changing platform call to
//! one, the airway bills, the ship-by deadlines and the buyers' cancellation requests.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgConnection, PgPool};

use super::{Result, StoreError};
use orderdeck_domain::order_event::{OrderEventKind, Said};

/// The platforms whose parcels are shipments here (`shipments.carrier`).
pub const PLATFORM_CARRIERS: [&str; 3] = ["shopee", "lazada", "tiktok"];

/// A marketplace order as arranging needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlatformOrder {
    pub order_id: i64,
    pub number: String,
    pub status: String,
    pub channel_id: i64,
    /// `sales_channels.kind`: shopee, lazada, tiktok (or website, manual).
    pub channel_kind: String,
    pub external_id: Option<String>,
    pub ship_by: Option<DateTime<Utc>>,
    pub buyer_masked: bool,
}

/// The order by number (case as typed), with its channel's kind.
pub async fn platform_order(pool: &PgPool, number: &str) -> Result<Option<PlatformOrder>> {
    Ok(sqlx::query_as(
        "select o.id as order_id, o.number, o.status, o.channel_id, c.kind as channel_kind,
                o.external_id, o.ship_by, o.buyer_masked
         from orders o join sales_channels c on c.id = o.channel_id
         where o.number = upper($1)",
    )
    .bind(number.trim())
    .fetch_optional(pool)
    .await?)
}

/// Why an order cannot be arranged now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotNow {
    /// Not packed (its status).
    NotPacked(String),
    /// It has a live shipment already.
    Shipped { carrier: String, tracking: String },
    /// The buyer asked to cancel; the seller has not answered.
    CancelRequested { reason: String },
}

/// Where an arrangement starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// A new shipment row: the platform has never been asked.
    Fresh { shipment_id: i64 },
    /// An earlier try left its row (the platform may have carried it out): look first.
    Retry {
        shipment_id: i64,
        package_id: Option<String>,
    },
}

/// What is asked of the platform, stored before asking.
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    pub order_id: i64,
    pub order_number: &'a str,
    pub channel_id: i64,
    /// `shipments.carrier`: the platform's code.
    pub carrier: &'a str,
    pub package_id: Option<&'a str>,
    /// pickup / dropoff / platform / seller.
    pub handover: &'a str,
    pub detail: Value,
    /// The call log's key: the same for every try of the same arrangement.
    pub key: &'a str,
}

/// Stores the shipment as asked (or finds the one an earlier try left) and the call in
/// the log, under the order's lock: two stations arranging one order get one row and
/// "already shipped" for the second.
pub async fn begin_arrange(pool: &PgPool, ask: &Ask<'_>) -> Result<Result<Begun, NotNow>> {
    let mut tx = pool.begin().await?;
    let status: String = sqlx::query_scalar("select status from orders where id = $1 for update")
        .bind(ask.order_id)
        .fetch_one(&mut *tx)
        .await?;
    // (id, carrier, tracking number, platform step, package id)
    type Live = (i64, String, Option<String>, Option<String>, Option<String>);
    let live: Option<Live> = sqlx::query_as(
        "select id, carrier, tracking_number, platform_step, package_id from shipments
             where order_id = $1 and status not in ('cancelled', 'failed')",
    )
    .bind(ask.order_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id, carrier, tracking, step, package_id)) = live {
        if carrier == ask.carrier && step.as_deref() == Some("asked") {
            bump_call(&mut tx, ask).await?;
            tx.commit().await?;
            return Ok(Ok(Begun::Retry {
                shipment_id: id,
                package_id,
            }));
        }
        return Ok(Err(NotNow::Shipped {
            carrier,
            tracking: tracking.unwrap_or_default(),
        }));
    }
    if status != "packed" {
        return Ok(Err(NotNow::NotPacked(status)));
    }
    if let Some(req) = pending_cancel_request(&mut tx, ask.order_id).await? {
        return Ok(Err(NotNow::CancelRequested { reason: req.reason }));
    }
    let n: i64 = sqlx::query_scalar("select count(*) from shipments where order_id = $1")
        .bind(ask.order_id)
        .fetch_one(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "insert into shipments (order_id, carrier, client_order_code, status, package_id,
                                handover, handover_detail, platform_step)
         values ($1, $2, $3, 'pending', $4, $5, $6, 'asked') returning id",
    )
    .bind(ask.order_id)
    .bind(ask.carrier)
    .bind(format!("{}-{}", ask.order_number, n + 1))
    .bind(ask.package_id)
    .bind(ask.handover)
    .bind(&ask.detail)
    .fetch_one(&mut *tx)
    .await?;
    bump_call(&mut tx, ask).await?;
    tx.commit().await?;
    Ok(Ok(Begun::Fresh { shipment_id: id }))
}

async fn bump_call(conn: &mut PgConnection, ask: &Ask<'_>) -> Result<()> {
    sqlx::query(
        "insert into platform_calls (key, channel_id, order_id, call) values ($1, $2, $3, 'arrange')
         on conflict (key) do update set attempts = platform_calls.attempts + 1,
                state = 'sent', updated_at = now()",
    )
    .bind(ask.key)
    .bind(ask.channel_id)
    .bind(ask.order_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes a call to the log before it is made; `attempts` > 1 on a retry.
pub async fn log_call(
    pool: &PgPool,
    key: &str,
    channel_id: i64,
    order_id: Option<i64>,
    call: &str,
) -> Result<i32> {
    Ok(sqlx::query_scalar(
        "insert into platform_calls (key, channel_id, order_id, call) values ($1, $2, $3, $4)
         on conflict (key) do update set attempts = platform_calls.attempts + 1,
                state = case when platform_calls.state = 'done' then 'done' else 'sent' end,
                updated_at = now()
         returning attempts",
    )
    .bind(key)
    .bind(channel_id)
    .bind(order_id)
    .bind(call)
    .fetch_one(pool)
    .await?)
}

/// How a logged call ended.
pub async fn finish_call(pool: &PgPool, key: &str, state: &str, reply: &str) -> Result<()> {
    sqlx::query(
        "update platform_calls set state = $2, reply = left($3, 2000), updated_at = now() where key = $1",
    )
    .bind(key)
    .bind(state)
    .bind(reply)
    .execute(pool)
    .await?;
    Ok(())
}

/// How a logged call ended (`None`: never made).
pub async fn call_state(pool: &PgPool, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("select state from platform_calls where key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?,
    )
}

/// What the platform said when it arranged the parcel.
#[derive(Debug, Clone)]
pub struct ArrangedRow<'a> {
    pub shipment_id: i64,
    pub order_id: i64,
    pub package_id: Option<&'a str>,
    pub tracking_number: Option<&'a str>,
    pub platform_carrier: &'a str,
    pub key: &'a str,
}

/// The platform arranged it: the shipment is live (ready to pick), the stock leaves the
/// books, the order is shipped and its timeline says so — at once. Nothing happens twice
/// when called again for the same shipment.
pub async fn record_arranged(
    pool: &PgPool,
    row: &ArrangedRow<'_>,
    said: &Said,
    actor: &str,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    let status: String = sqlx::query_scalar("select status from orders where id = $1 for update")
        .bind(row.order_id)
        .fetch_one(&mut *tx)
        .await?;
    let step = if row.tracking_number.is_some() {
        "tracked"
    } else {
        "arranged"
    };
    let moved = sqlx::query(
        "update shipments set tracking_number = coalesce($2, tracking_number),
                package_id = coalesce($3, package_id), platform_carrier = $4,
                status = 'ready_to_pick', platform_step = $5, last_error = null,
                next_poll_at = now(), updated_at = now()
         where id = $1 and status = 'pending'",
    )
    .bind(row.shipment_id)
    .bind(row.tracking_number)
    .bind(row.package_id)
    .bind(row.platform_carrier)
    .bind(step)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 1 && status == "packed" {
        super::stock::consume_reserved(&mut tx, row.order_id, row.shipment_id, actor).await?;
        sqlx::query(
            "update orders set status = 'shipped', version = version + 1, updated_at = now() where id = $1",
        )
        .bind(row.order_id)
        .execute(&mut *tx)
        .await?;
        super::orders::add_event_said(
            &mut tx,
            row.order_id,
            actor,
            &OrderEventKind::Shipped,
            said,
            Some(serde_json::json!({"status": status})),
            Some(serde_json::json!({"status": "shipped", "tracking_number": row.tracking_number})),
        )
        .await?;
    }
    sqlx::query("update platform_calls set state = 'done', updated_at = now() where key = $1")
        .bind(row.key)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The platform said no to a first try: nothing exists there, so the row is closed as
/// failed (the order can be arranged again) and the timeline says why.
pub async fn drop_arrange(
    pool: &PgPool,
    shipment_id: i64,
    order_id: i64,
    key: &str,
    actor: &str,
    why: &str,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "update shipments set status = 'failed', platform_step = null, last_error = $2, updated_at = now()
         where id = $1 and status = 'pending'",
    )
    .bind(shipment_id)
    .bind(why)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update platform_calls set state = 'refused', reply = left($2, 2000), updated_at = now() where key = $1",
    )
    .bind(key)
    .bind(why)
    .execute(&mut *tx)
    .await?;
    super::orders::add_event(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::ShippingRefused,
        why,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An unclear answer: the row stays as asked (the next try or the poller looks first).
pub async fn note_unsure(pool: &PgPool, shipment_id: i64, why: &str) -> Result<()> {
    sqlx::query("update shipments set last_error = $2, updated_at = now() where id = $1")
        .bind(shipment_id)
        .bind(why)
        .execute(pool)
        .await?;
    Ok(())
}

/// The platform's tracking number came (Shopee gives it after arranging).
pub async fn set_tracking(pool: &PgPool, shipment_id: i64, tracking: &str) -> Result<bool> {
    let r = sqlx::query(
        "update shipments set tracking_number = $2,
                platform_step = case when platform_step = 'arranged' then 'tracked' else platform_step end,
                updated_at = now()
         where id = $1 and tracking_number is null",
    )
    .bind(shipment_id)
    .bind(tracking)
    .execute(pool)
    .await;
    match r {
        Ok(r) => Ok(r.rows_affected() == 1),
        // Another shipment holds that number: say so rather than keep two.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::Invalid(
            orderdeck_i18n::t!("err-tracking-taken", tracking = tracking),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Keeps the AWB with the shipment; the arranging is then finished.
pub async fn store_document(
    pool: &PgPool,
    shipment_id: i64,
    mime: &str,
    bytes: &[u8],
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into shipping_documents (shipment_id, mime, bytes) values ($1, $2, $3)
         on conflict (shipment_id) do update set mime = excluded.mime, bytes = excluded.bytes,
                fetched_at = now()",
    )
    .bind(shipment_id)
    .bind(mime)
    .bind(bytes)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update shipments set platform_step = 'ready', updated_at = now()
         where id = $1 and platform_step in ('arranged', 'tracked')",
    )
    .bind(shipment_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The platform will not make an AWB for this parcel (Lazada's seller-delivered orders
/// have none): nothing more to fetch; the reason is kept.
pub async fn no_document(pool: &PgPool, shipment_id: i64, why: &str) -> Result<()> {
    sqlx::query(
        "update shipments set platform_step = 'ready', last_error = $2, updated_at = now()
         where id = $1 and platform_step = 'tracked'",
    )
    .bind(shipment_id)
    .bind(why)
    .execute(pool)
    .await?;
    Ok(())
}

/// The stored AWB: (mime, bytes).
pub async fn document(pool: &PgPool, shipment_id: i64) -> Result<Option<(String, Vec<u8>)>> {
    Ok(
        sqlx::query_as("select mime, bytes from shipping_documents where shipment_id = $1")
            .bind(shipment_id)
            .fetch_optional(pool)
            .await?,
    )
}

/// A parcel a platform arranged (or is arranging).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlatformParcel {
    pub shipment_id: i64,
    pub order_id: i64,
    pub number: String,
    pub channel_id: i64,
    /// The platform's code (`shipments.carrier`).
    pub carrier: String,
    pub external_id: Option<String>,
    pub package_id: Option<String>,
    pub tracking_number: Option<String>,
    pub platform_carrier: String,
    pub platform_step: Option<String>,
    pub status: String,
    pub has_document: bool,
}

const PARCEL_SELECT: &str = "select s.id as shipment_id, o.id as order_id, o.number, o.channel_id,
        s.carrier, o.external_id, s.package_id, s.tracking_number, s.platform_carrier,
        s.platform_step, s.status,
        exists (select 1 from shipping_documents d where d.shipment_id = s.id) as has_document
    from shipments s join orders o on o.id = s.order_id";

/// The live platform parcel of an order (by its number) or with this tracking number.
pub async fn parcel(pool: &PgPool, key: &str) -> Result<Option<PlatformParcel>> {
    Ok(sqlx::query_as(&format!(
        "{PARCEL_SELECT}
         where s.carrier = any($2) and s.status not in ('cancelled', 'failed')
           and (o.number = upper($1) or s.tracking_number = $1)
         order by s.id desc limit 1"
    ))
    .bind(key.trim())
    .bind(&PLATFORM_CARRIERS[..])
    .fetch_optional(pool)
    .await?)
}

/// One shop's platform parcels whose arranging is unfinished (asked without an answer,
/// no tracking number yet, no AWB yet), oldest first.
pub async fn unfinished(pool: &PgPool, channel_id: i64, limit: i64) -> Result<Vec<PlatformParcel>> {
    Ok(sqlx::query_as(&format!(
        "{PARCEL_SELECT}
         where s.platform_step in ('asked', 'arranged', 'tracked')
           and s.status not in ('cancelled', 'failed')
           and (s.next_poll_at is null or s.next_poll_at <= now())
           and o.channel_id = $2
         order by s.id limit $1"
    ))
    .bind(limit)
    .bind(channel_id)
    .fetch_all(pool)
    .await?)
}

/// Asks about a parcel again after `wait`.
pub async fn poll_later(pool: &PgPool, shipment_id: i64, wait: std::time::Duration) -> Result<()> {
    sqlx::query(
        "update shipments set next_poll_at = now() + make_interval(secs => $2) where id = $1",
    )
    .bind(shipment_id)
    .bind(wait.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(())
}

/// One shop's platform parcels still on their way, for the tracking poll: due first.
pub async fn due_for_tracking(
    pool: &PgPool,
    channel_id: i64,
    limit: i64,
) -> Result<Vec<PlatformParcel>> {
    Ok(sqlx::query_as(&format!(
        "{PARCEL_SELECT}
         where s.carrier = any($1) and s.platform_step is distinct from 'asked'
           and s.status not in ('pending', 'delivered', 'returned', 'cancelled', 'failed')
           and (s.next_poll_at is null or s.next_poll_at <= now())
           and o.channel_id = $3
         order by s.next_poll_at nulls first, s.id limit $2"
    ))
    .bind(&PLATFORM_CARRIERS[..])
    .bind(limit)
    .bind(channel_id)
    .fetch_all(pool)
    .await?)
}

/// The platform statuses already on a parcel's tracking history.
pub async fn recorded_statuses(pool: &PgPool, shipment_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "select distinct carrier_status from tracking_events where shipment_id = $1",
    )
    .bind(shipment_id)
    .fetch_all(pool)
    .await?)
}

/// Every shipment id whose AWB is stored, of these order numbers (bulk printing).
pub async fn documents_for(
    pool: &PgPool,
    numbers: &[String],
) -> Result<Vec<(String, String, Vec<u8>)>> {
    Ok(sqlx::query_as(
        "select o.number, d.mime, d.bytes from shipping_documents d
         join shipments s on s.id = d.shipment_id join orders o on o.id = s.order_id
         where o.number = any($1) and s.status not in ('cancelled', 'failed')
         order by array_position($1, o.number)",
    )
    .bind(numbers)
    .fetch_all(pool)
    .await?)
}

// ------------------------------------------------------------------------------------
// Deadlines and masked buyers

/// Keeps the platform's ship-by time and whether it masked the buyer.
pub async fn set_ship_by(
    conn: &mut PgConnection,
    order_id: i64,
    ship_by: Option<DateTime<Utc>>,
    masked: bool,
) -> Result<()> {
    sqlx::query(
        "update orders set ship_by = coalesce($2, ship_by), buyer_masked = buyer_masked or $3
         where id = $1 and (ship_by is distinct from coalesce($2, ship_by) or (not buyer_masked and $3))",
    )
    .bind(order_id)
    .bind(ship_by)
    .bind(masked)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the platform said of orders just taken in: ship-by times, and for a masked
/// buyer the phone as the platform shows it (kept for a person to read, never used).
pub async fn note_taken_in(
    pool: &PgPool,
    channel_id: i64,
    external_ids: &[&str],
    ship_by: &[Option<DateTime<Utc>>],
    masked_phone: &[Option<String>],
) -> Result<()> {
    sqlx::query(
        "update orders o set ship_by = t.ship_by,
                buyer_masked = t.masked_phone is not null,
                buyer_phone = coalesce(t.masked_phone, o.buyer_phone)
         from unnest($2::text[], $3::timestamptz[], $4::text[]) as t(external_id, ship_by, masked_phone)
         where o.channel_id = $1 and o.external_id = t.external_id
           and (t.ship_by is not null or t.masked_phone is not null)",
    )
    .bind(channel_id)
    .bind(external_ids)
    .bind(ship_by)
    .bind(masked_phone)
    .execute(pool)
    .await?;
    Ok(())
}

/// An unshipped order whose ship-by time is near or past.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct AtRisk {
    pub number: String,
    pub channel: String,
    pub status: String,
    pub ship_by: DateTime<Utc>,
}

/// Unshipped orders due to ship within `hours` (or late), soonest first.
pub async fn at_risk(pool: &PgPool, hours: i64, limit: i64) -> Result<Vec<AtRisk>> {
    Ok(sqlx::query_as(
        "select o.number, c.code as channel, o.status, o.ship_by
         from orders o join sales_channels c on c.id = o.channel_id
         where o.ship_by is not null and o.ship_by <= now() + make_interval(hours => $1::int)
           and o.status in ('new', 'backordered', 'reserved', 'packing', 'packed')
         order by o.ship_by, o.id limit $2",
    )
    .bind(hours.clamp(0, 24 * 365) as i32)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// How many unshipped orders are due within `hours` (or late).
pub async fn at_risk_count(pool: &PgPool, hours: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from orders
         where ship_by is not null and ship_by <= now() + make_interval(hours => $1::int)
           and status in ('new', 'backordered', 'reserved', 'packing', 'packed')",
    )
    .bind(hours.clamp(0, 24 * 365) as i32)
    .fetch_one(pool)
    .await?)
}

// ------------------------------------------------------------------------------------
// Buyers' cancellation requests

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CancelRequestRow {
    pub id: i64,
    pub order_id: i64,
    pub external_id: String,
    pub reason: String,
    pub respond_by: Option<DateTime<Utc>>,
    pub can_reject: bool,
    pub status: String,
}

/// The request waiting on the seller for this order, if any.
pub async fn pending_cancel_request(
    conn: &mut PgConnection,
    order_id: i64,
) -> Result<Option<CancelRequestRow>> {
    Ok(sqlx::query_as(
        "select id, order_id, external_id, reason, respond_by, can_reject, status
         from cancel_requests where order_id = $1 and status = 'pending' order by id limit 1",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await?)
}

/// Records a request the platform reported; `true` when it is new (the timeline says so
/// once).
pub async fn upsert_cancel_request(
    pool: &PgPool,
    order_id: i64,
    external_id: &str,
    reason: &str,
    respond_by: Option<DateTime<Utc>>,
    can_reject: bool,
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let fresh: Option<i64> = sqlx::query_scalar(
        "insert into cancel_requests (order_id, external_id, reason, respond_by, can_reject)
         values ($1, $2, $3, $4, $5)
         on conflict (order_id, external_id) do nothing returning id",
    )
    .bind(order_id)
    .bind(external_id)
    .bind(reason)
    .bind(respond_by)
    .bind(can_reject)
    .fetch_optional(&mut *tx)
    .await?;
    if fresh.is_some() {
        super::orders::add_event_said(
            &mut tx,
            order_id,
            "sync",
            &OrderEventKind::Platform,
            &Said::new("event-cancel-requested").with("reason", reason),
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(fresh.is_some())
}

/// The platform no longer has the request pending (the buyer withdrew it, or it was
/// decided in Seller Center): closes ours.
pub async fn close_cancel_requests(
    pool: &PgPool,
    order_id: i64,
    still_pending: &[String],
) -> Result<u64> {
    Ok(sqlx::query(
        "update cancel_requests set status = 'withdrawn', decided_at = now()
         where order_id = $1 and status = 'pending' and not (external_id = any($2))",
    )
    .bind(order_id)
    .bind(still_pending)
    .execute(pool)
    .await?
    .rows_affected())
}

/// The seller's answer, recorded (after the platform took it).
pub async fn decide_cancel_request(
    conn: &mut PgConnection,
    id: i64,
    accepted: bool,
    actor: &str,
) -> Result<bool> {
    Ok(sqlx::query(
        "update cancel_requests set status = $2, decided_by = $3, decided_at = now()
         where id = $1 and status = 'pending'",
    )
    .bind(id)
    .bind(if accepted { "accepted" } else { "rejected" })
    .bind(actor)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// A shop's orders not yet handed over (a buyer may still ask to cancel them), the
/// soonest due first: (order id, platform order id).
pub async fn open_orders(pool: &PgPool, channel_id: i64, limit: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "select id, external_id from orders
         where channel_id = $1 and external_id is not null
           and status in ('new', 'backordered', 'reserved', 'packing', 'packed')
         order by ship_by nulls last, id limit $2",
    )
    .bind(channel_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The pending request of an order by its number, with the order's id and status.
pub async fn pending_request_of(
    pool: &PgPool,
    number: &str,
) -> Result<Option<(CancelRequestRow, String)>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("select id, status from orders where number = upper($1)")
            .bind(number.trim())
            .fetch_optional(pool)
            .await?;
    let Some((order_id, status)) = row else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    Ok(pending_cancel_request(&mut conn, order_id)
        .await?
        .map(|r| (r, status)))
}

/// Locks an order for a change of state; its status now.
pub async fn lock_order(conn: &mut PgConnection, order_id: i64) -> Result<String> {
    Ok(
        sqlx::query_scalar("select status from orders where id = $1 for update")
            .bind(order_id)
            .fetch_one(conn)
            .await?,
    )
}

/// The timeline says our carrier's tracking number was told to the platform.
pub async fn note_reported(pool: &PgPool, order_id: i64, actor: &str, said: &Said) -> Result<()> {
    let mut conn = pool.acquire().await?;
    super::orders::add_event_said(
        &mut conn,
        order_id,
        actor,
        &OrderEventKind::Platform,
        said,
        None,
        None,
    )
    .await
}
