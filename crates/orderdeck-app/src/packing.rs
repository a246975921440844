//! The pack queue: a packer claims the next ready order (oldest first), scans each item,
//! and the order is Packed when every line is complete. Two stations never get the same
//! order (`FOR UPDATE SKIP LOCKED`), a claim left idle expires, an order is never packed twice.

use orderdeck_domain::order_event::{OrderEventKind, Said};
use sqlx::PgPool;

pub use orderdeck_domain::packing::{CancelAsked, PackJob, PackLine};
use orderdeck_store::{self as store, StoreError};

/// A claim with no scan for this long is free for another station.
pub const CLAIM_EXPIRY_MINUTES: i32 = 15;

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PackError {
    fn from(e: sqlx::Error) -> Self {
        PackError::Store(e.into())
    }
}

async fn job(conn: &mut sqlx::PgConnection, order_id: i64) -> Result<PackJob, PackError> {
    type Head = (String, String, Option<chrono::DateTime<chrono::Utc>>);
    let (number, buyer, ship_by): Head =
        sqlx::query_as("select number, buyer_name, ship_by from orders where id = $1")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await?;
    let cancel_request = store::fulfil::pending_cancel_request(&mut *conn, order_id)
        .await?
        .map(|r| CancelAsked {
            reason: r.reason,
            respond_by: r.respond_by,
            can_reject: r.can_reject,
        });
    type LineRow = (i32, String, Option<String>, String, i32, i32);
    let lines = sqlx::query_as::<_, LineRow>(
        "select l.line_no, l.sku, v.barcode, l.name, l.qty, l.packed_qty from order_lines l
         join variants v on v.id = l.variant_id where l.order_id = $1 order by l.line_no",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(line_no, sku, barcode, name, qty, packed_qty)| PackLine {
        line_no,
        sku,
        barcode,
        name,
        qty,
        packed_qty,
    })
    .collect();
    Ok(PackJob {
        order_id,
        number,
        buyer,
        lines,
        ship_by,
        cancel_request,
    })
}

/// How near its platform's ship-by time an order must be to head the pack queue, when
/// the config does not say (`[packing] at_risk_hours`).
pub const AT_RISK_HOURS: u32 = 6;

/// Claims the next order ready to pack (or one whose claim expired) for `station`:
/// orders due to ship within [`AT_RISK_HOURS`] (or late) first, soonest due first, then
/// the oldest. `None` when nothing is waiting.
pub async fn claim_next(pool: &PgPool, station: &str) -> Result<Option<PackJob>, PackError> {
    claim_next_within(pool, station, AT_RISK_HOURS).await
}

/// [`claim_next`] with the shop's own at-risk window.
pub async fn claim_next_within(
    pool: &PgPool,
    station: &str,
    at_risk_hours: u32,
) -> Result<Option<PackJob>, PackError> {
    let mut tx = pool.begin().await?;
    let claimed: Option<(i64, String)> = sqlx::query_as(
        "update orders o set status = 'packing', claimed_by = $1, claimed_at = now(), version = version + 1, updated_at = now()
         where o.id = (select id from orders
                       where status = 'reserved'
                          or (status = 'packing' and claimed_at < now() - make_interval(mins => $2))
                       order by (ship_by <= now() + make_interval(hours => $3)) is true desc,
                                case when ship_by <= now() + make_interval(hours => $3)
                                     then ship_by end,
                                created_at, id
                       limit 1
                       for update skip locked)
         returning o.id, (select coalesce(claimed_by, '') from orders x where x.id = o.id)",
    )
    .bind(station)
    .bind(CLAIM_EXPIRY_MINUTES)
    .bind(i32::try_from(at_risk_hours.min(24 * 365)).unwrap_or(6))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, previous)) = claimed else {
        return Ok(None);
    };
    let said = if previous.is_empty() || previous == station {
        Said::new("event-claimed").with("station", station)
    } else {
        Said::new("event-claimed-expired")
            .with("station", station)
            .with("previous", previous)
    };
    store::orders::add_event_said(
        &mut tx,
        id,
        station,
        &OrderEventKind::Claimed,
        &said,
        None,
        None,
    )
    .await?;
    let j = job(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Some(j))
}

/// The order this station left half scanned (Esc keeps the scans), if any: `p` comes back
/// to it before claiming another.
pub async fn resume(pool: &PgPool, station: &str) -> Result<Option<PackJob>, PackError> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "update orders set claimed_at = now()
         where id = (select id from orders where status = 'packing' and claimed_by = $1
                     order by claimed_at, id limit 1 for update skip locked)
         returning id",
    )
    .bind(station)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    let j = job(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Some(j))
}

/// Gives a claimed order back to the queue, untouched.
pub async fn unclaim(pool: &PgPool, order_id: i64, station: &str) -> Result<(), PackError> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query(
        "update orders set status = 'reserved', claimed_by = null, claimed_at = null, version = version + 1, updated_at = now()
         where id = $1 and status = 'packing' and claimed_by = $2",
    )
    .bind(order_id)
    .bind(station)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 1 {
        sqlx::query("update order_lines set packed_qty = 0 where order_id = $1")
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
        store::orders::add_event_said(
            &mut tx,
            order_id,
            station,
            &OrderEventKind::Unclaimed,
            &Said::new("event-unclaimed"),
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What a scan did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanResult {
    /// Counted one unit of a line: (sku, packed now, of qty).
    Counted {
        sku: String,
        packed: i32,
        qty: i32,
        job: PackJob,
    },
    /// That scan completed the order: it is Packed.
    Packed { job: PackJob },
}

/// Counts one scanned barcode or SKU against a claimed order. A wrong item, one too many,
/// or an order that is not this station's is refused and changes nothing.
pub async fn scan(
    pool: &PgPool,
    order_id: i64,
    station: &str,
    code: &str,
) -> Result<ScanResult, PackError> {
    let code = code.trim();
    if code.is_empty() || code.len() > 64 {
        return Err(PackError::Refused(orderdeck_i18n::t!(
            "err-pack-scan-something"
        )));
    }
    let mut tx = pool.begin().await?;
    let state: Option<(String, Option<String>, String)> =
        sqlx::query_as("select status, claimed_by, number from orders where id = $1 for update")
            .bind(order_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((status, claimed_by, number)) = state else {
        return Err(PackError::Refused(orderdeck_i18n::t!(
            "err-pack-order-gone"
        )));
    };
    if status != "packing" || claimed_by.as_deref() != Some(station) {
        return Err(PackError::Refused(match status.as_str() {
            "packed" => orderdeck_i18n::t!("err-pack-already-packed", number = &number),
            "packing" => orderdeck_i18n::t!(
                "err-pack-packed-by-other",
                number = &number,
                station = claimed_by.unwrap_or_default()
            ),
            other => orderdeck_i18n::t!(
                "err-pack-not-here",
                number = &number,
                status = other
                    .parse::<orderdeck_domain::order::OrderStatus>()
                    .map(|s| s.shown())
                    .unwrap_or_else(|_| other.to_string())
            ),
        }));
    }
    // The buyer asked to cancel: nothing more goes in the box until someone decides.
    if let Some(r) = store::fulfil::pending_cancel_request(&mut tx, order_id).await? {
        return Err(PackError::Refused(orderdeck_i18n::t!(
            "err-pack-cancel-requested",
            number = &number,
            reason = r.reason
        )));
    }
    let line: Option<(i64, String, i32, i32)> = sqlx::query_as(
        "select l.id, l.sku, l.packed_qty, l.qty from order_lines l join variants v on v.id = l.variant_id
         where l.order_id = $1 and (v.barcode = $2 or upper(l.sku) = upper($2))
         order by (l.packed_qty < l.qty) desc, l.line_no limit 1",
    )
    .bind(order_id)
    .bind(code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((line_id, sku, packed, qty)) = line else {
        return Err(PackError::Refused(orderdeck_i18n::t!(
            "err-pack-not-in-order",
            code = code,
            number = &number
        )));
    };
    if packed >= qty {
        return Err(PackError::Refused(orderdeck_i18n::t!(
            "err-pack-one-too-many",
            sku = &sku,
            number = &number,
            qty = qty
        )));
    }
    sqlx::query("update order_lines set packed_qty = packed_qty + 1 where id = $1")
        .bind(line_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update orders set claimed_at = now() where id = $1")
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    let j = job(&mut tx, order_id).await?;
    let result = if j.complete() {
        sqlx::query("update orders set status = 'packed', version = version + 1, updated_at = now() where id = $1 and status = 'packing'")
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
        store::orders::add_event_said(
            &mut tx,
            order_id,
            station,
            &OrderEventKind::Packed,
            &Said::new("event-packed"),
            Some(serde_json::json!({"status": "packing"})),
            Some(serde_json::json!({"status": "packed"})),
        )
        .await?;
        ScanResult::Packed { job: j }
    } else {
        ScanResult::Counted {
            sku,
            packed: packed + 1,
            qty,
            job: j,
        }
    };
    tx.commit().await?;
    Ok(result)
}

/// The order as the pack station shows it now (after a decision on a buyer's request).
pub async fn reload(pool: &PgPool, order_id: i64) -> Result<PackJob, PackError> {
    let mut conn = pool.acquire().await?;
    job(&mut conn, order_id).await
}
