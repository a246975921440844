//! What the carriers say about parcels, recorded once each, and what follows from it:
//! delivered orders complete, returned parcels go back on the shelf, failures wait in the
//! exceptions queue for a person. Also the person's side: re-delivery, return, cancel,
//! notes, and COD money received.

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::{OrderEventKind, Said};
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;

use crate::shipping::ShipError;
use orderdeck_integrations::carrier::{
    Carrier, CarrierKind, ParcelAction, ShipmentStatus, Tracking,
};
use orderdeck_integrations::carriers::Carriers;
use orderdeck_store::{self as store, StoreError};

/// What applying one carrier report changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub new_events: usize,
    pub status: Option<ShipmentStatus>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ShipmentState {
    id: i64,
    order_id: i64,
    status: String,
    tracking_number: Option<String>,
    carrier: String,
}

/// Records a carrier's report for a shipment: each event once (the database refuses a
/// second copy), the shipment's state, and what that means for the order.
pub async fn apply(
    pool: &PgPool,
    shipment_id: i64,
    tracking: &Tracking,
    actor: &str,
    poll_every: std::time::Duration,
) -> Result<Applied, StoreError> {
    let mut tx = pool.begin().await?;
    let Some(s) = sqlx::query_as::<_, ShipmentState>(
        "select id, order_id, status, tracking_number, carrier from shipments where id = $1 for update",
    )
    .bind(shipment_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Applied::default());
    };
    let mut new_events = 0;
    for e in &tracking.events {
        let done = sqlx::query(
            "insert into tracking_events (shipment_id, status, carrier_status, description, location, occurred_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (shipment_id, carrier_status, occurred_at) do nothing",
        )
        .bind(s.id)
        .bind(e.status.code())
        .bind(&e.carrier_status)
        .bind(&e.description)
        .bind(&e.location)
        .bind(e.occurred_at)
        .execute(&mut *tx)
        .await?;
        new_events += done.rows_affected() as usize;
    }
    let before = ShipmentStatus::parse(&s.status).unwrap_or(ShipmentStatus::Unknown);
    let after = tracking.status;
    let next_poll = if after.is_final() {
        None
    } else {
        Some(Utc::now() + chrono::Duration::from_std(poll_every).unwrap_or_default())
    };
    sqlx::query(
        "update shipments set status = $2, carrier_status = $3, last_polled_at = now(), next_poll_at = $4,
                last_error = null, updated_at = case when status <> $2 then now() else updated_at end
         where id = $1",
    )
    .bind(s.id)
    .bind(after.code())
    .bind(&tracking.carrier_status)
    .bind(next_poll)
    .execute(&mut *tx)
    .await?;
    let changed = before != after;
    if changed {
        follow_order(&mut tx, &s, before, after, &tracking.carrier_status, actor).await?;
    }
    tx.commit().await?;
    Ok(Applied {
        new_events,
        status: changed.then_some(after),
    })
}

/// The order's side of a shipment state change, in the same transaction.
async fn follow_order(
    conn: &mut sqlx::PgConnection,
    s: &ShipmentState,
    before: ShipmentStatus,
    after: ShipmentStatus,
    carrier_status: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let carrier = CarrierKind::parse(&s.carrier).map_or(s.carrier.as_str(), |k| k.label());
    let tracking = s.tracking_number.as_deref().unwrap_or("");
    let order_status: String =
        sqlx::query_scalar("select status from orders where id = $1 for update")
            .bind(s.order_id)
            .fetch_one(&mut *conn)
            .await?;
    let said = |id: &str| {
        Said::new(id)
            .with("carrier", carrier)
            .with("tracking", tracking)
    };
    let (new_status, message) = match after {
        ShipmentStatus::Delivered => (Some("completed"), said("event-parcel-delivered")),
        ShipmentStatus::Returned => {
            store::stock::restock_shipment(conn, s.id, actor).await?;
            (Some("returned"), said("event-parcel-returned"))
        }
        ShipmentStatus::Cancelled if order_status == "shipped" => {
            // The parcel never left: back on the shelf, reserved again for this order,
            // which is ready to ship again (with another carrier, say).
            store::stock::restock_shipment(conn, s.id, actor).await?;
            let needs: Vec<orderdeck_store::stock::LineNeed> = sqlx::query_as::<_, (i64, i64, i32)>(
                "select id, variant_id, qty from order_lines where order_id = $1 order by line_no",
            )
            .bind(s.order_id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(
                |(line_id, variant_id, need)| orderdeck_store::stock::LineNeed {
                    line_id,
                    variant_id,
                    need,
                },
            )
            .collect();
            let (status, _) =
                crate::intake::reserve_and_set_status(conn, s.order_id, &needs, None, actor)
                    .await?;
            let ready = status == "reserved";
            (
                ready.then_some("packed"),
                said(if ready {
                    "event-parcel-cancelled-ready"
                } else {
                    "event-parcel-cancelled-waiting"
                }),
            )
        }
        ShipmentStatus::Unknown => (
            None,
            said("event-parcel-unknown-status").with("carrier_status", carrier_status),
        ),
        other => (
            None,
            said("event-parcel-status")
                .word("status", other.word_id())
                .with("carrier_status", carrier_status),
        ),
    };
    let closed = order_status.parse().is_ok_and(OrderStatus::is_final);
    if let Some(st) = new_status.filter(|_| !closed) {
        sqlx::query("update orders set status = $2, version = version + 1, updated_at = now() where id = $1")
            .bind(s.order_id)
            .bind(st)
            .execute(&mut *conn)
            .await?;
    }
    store::orders::add_event_said(
        conn,
        s.order_id,
        actor,
        &OrderEventKind::Shipment(after.code().to_string()),
        &message,
        Some(serde_json::json!({"shipment": before.code(), "order": order_status})),
        Some(serde_json::json!({"shipment": after.code(), "order": new_status.filter(|_| !closed).unwrap_or(&order_status)})),
    )
    .await?;
    Ok(())
}

/// A shipment the poller should ask about now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub carrier: String,
    pub tracking_number: String,
}

/// Active shipments whose turn has come, least recently asked first.
pub async fn due(pool: &PgPool, limit: i64) -> Result<Vec<Due>, StoreError> {
    Ok(sqlx::query_as(
        "select id, carrier, tracking_number from shipments
         where status not in ('delivered', 'returned', 'cancelled', 'failed', 'pending')
           and carrier in ('ghn', 'viettelpost')
           and tracking_number is not null and (next_poll_at is null or next_poll_at <= now())
         order by next_poll_at nulls first, id limit $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// A failed poll: the shipment is asked again after `wait`, and the error is kept.
pub async fn poll_failed(
    pool: &PgPool,
    shipment_id: i64,
    error: &str,
    wait: std::time::Duration,
) -> Result<(), StoreError> {
    sqlx::query(
        "update shipments set last_error = $2, last_polled_at = now(),
                next_poll_at = now() + make_interval(secs => $3) where id = $1",
    )
    .bind(shipment_id)
    .bind(error)
    .bind(wait.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(())
}

/// A shipment as a person sees it (`orderdeck shipments show`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ShipmentView {
    pub id: i64,
    pub order_number: String,
    pub carrier: String,
    pub service: String,
    pub client_order_code: String,
    pub tracking_number: Option<String>,
    pub status: String,
    pub carrier_status: String,
    pub cod_amount: Decimal,
    pub fee: Decimal,
    pub payer: String,
    pub weight_grams: i32,
    pub length_cm: i32,
    pub width_cm: i32,
    pub height_cm: i32,
    pub required_note: String,
    pub expected_delivery_at: Option<DateTime<Utc>>,
    pub cod_received_amount: Option<Decimal>,
    pub cod_received_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    #[sqlx(skip)]
    pub events: Vec<EventView>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EventView {
    pub occurred_at: DateTime<Utc>,
    pub status: String,
    pub carrier_status: String,
    pub description: String,
    pub location: String,
}

/// A shipment by tracking number (or client order code, or order number).
pub async fn show(pool: &PgPool, key: &str) -> Result<Option<ShipmentView>, StoreError> {
    let mut v: Option<ShipmentView> = sqlx::query_as(
        "select s.id, o.number as order_number, s.carrier, s.service, s.client_order_code, s.tracking_number,
                s.status, s.carrier_status, s.cod_amount, s.fee, s.payer, s.weight_grams, s.length_cm,
                s.width_cm, s.height_cm, s.required_note, s.expected_delivery_at, s.cod_received_amount,
                s.cod_received_at, s.last_error, s.created_at
         from shipments s join orders o on o.id = s.order_id
         where upper(s.tracking_number) = upper($1) or upper(s.client_order_code) = upper($1) or o.number = upper($1)
         order by (upper(s.tracking_number) = upper($1)) desc nulls last, s.id desc limit 1",
    )
    .bind(key.trim())
    .fetch_optional(pool)
    .await?;
    if let Some(v) = v.as_mut() {
        v.events = sqlx::query_as(
            "select occurred_at, status, carrier_status, description, location from tracking_events
             where shipment_id = $1 order by occurred_at, id",
        )
        .bind(v.id)
        .fetch_all(pool)
        .await?;
    }
    Ok(v)
}

/// Asks the carrier to do something with a parcel and writes it on the order's timeline.
pub async fn act(
    pool: &PgPool,
    carriers: &Carriers,
    tracking_number: &str,
    action: ParcelAction,
    actor: &str,
) -> Result<(), ShipError> {
    let s = show(pool, tracking_number)
        .await?
        .ok_or_else(|| ShipError::NotFound(tracking_number.to_string()))?;
    let tracking = s.tracking_number.clone().ok_or_else(|| {
        ShipError::Invalid(orderdeck_i18n::t!(
            "err-shipment-no-tracking",
            code = &s.client_order_code
        ))
    })?;
    let kind = CarrierKind::parse(&s.carrier).ok_or_else(|| {
        ShipError::Invalid(orderdeck_i18n::t!(
            "err-unknown-carrier",
            carrier = &s.carrier
        ))
    })?;
    carriers.get(kind)?.act(&tracking, action).await?;
    let what = match action {
        ParcelAction::Cancel => "event-asked-cancel",
        ParcelAction::Redeliver => "event-asked-redeliver",
        ParcelAction::ReturnToSender => "event-asked-return",
    };
    let mut tx = pool.begin().await?;
    let order_id: i64 = sqlx::query_scalar(
        "update shipments set exception_handled_at = now(), next_poll_at = now(), updated_at = now()
         where id = $1 returning order_id",
    )
    .bind(s.id)
    .fetch_one(&mut *tx)
    .await?;
    store::orders::add_event_said(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::ShipmentAction,
        &Said::new(what).with("tracking", tracking.as_str()),
        None,
        Some(serde_json::json!({"action": action})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A person's note on a shipment's order timeline; it also takes the shipment out of the
/// exceptions queue until something new happens.
pub async fn note(pool: &PgPool, key: &str, text: &str, actor: &str) -> Result<(), ShipError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(ShipError::Invalid(orderdeck_i18n::t!("err-note-length")));
    }
    let s = show(pool, key)
        .await?
        .ok_or_else(|| ShipError::NotFound(key.to_string()))?;
    let mut tx = pool.begin().await?;
    let order_id: i64 = sqlx::query_scalar(
        "update shipments set exception_handled_at = now() where id = $1 returning order_id",
    )
    .bind(s.id)
    .fetch_one(&mut *tx)
    .await?;
    store::orders::add_event(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::Note,
        text,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records the COD money for a shipment as received (once).
pub async fn cod_received(
    pool: &PgPool,
    key: &str,
    amount: Decimal,
    at: DateTime<Utc>,
    actor: &str,
) -> Result<(), ShipError> {
    if amount.is_sign_negative() {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-amount-cannot-be-negative"
        )));
    }
    let s = show(pool, key)
        .await?
        .ok_or_else(|| ShipError::NotFound(key.to_string()))?;
    let mut tx = pool.begin().await?;
    let row: Option<i64> = sqlx::query_scalar(
        "update shipments set cod_received_amount = $2, cod_received_at = $3, cod_reconciled_at = now(), updated_at = now()
         where id = $1 and cod_received_at is null returning order_id",
    )
    .bind(s.id)
    .bind(amount)
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(order_id) = row else {
        return Err(ShipError::Invalid(orderdeck_i18n::t!(
            "err-cod-already-recorded",
            parcel = s.tracking_number.as_deref().unwrap_or(&s.client_order_code)
        )));
    };
    sqlx::query(
        "update orders set payment_status = 'cod_received', updated_at = now() where id = $1",
    )
    .bind(order_id)
    .execute(&mut *tx)
    .await?;
    store::orders::add_event_said(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::CodReceived,
        &Said::new("event-cod-received")
            .money("amount", amount)
            .date("day", at.date_naive()),
        Some(serde_json::json!({"payment_status": "cod_pending"})),
        Some(serde_json::json!({"payment_status": "cod_received"})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One row of a carrier's COD remittance file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remittance {
    pub line: usize,
    pub tracking_number: String,
    pub amount: Decimal,
    pub date: NaiveDate,
}

/// What a COD file holds, matched against our shipments.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CodReport {
    pub applied: Vec<Remittance>,
    /// Amount differs from what we asked the carrier to collect: (row, expected).
    pub mismatched: Vec<(Remittance, Decimal)>,
    pub unknown: Vec<Remittance>,
    pub already: Vec<Remittance>,
    /// Lines that could not be read: (line, reason).
    pub bad: Vec<(usize, String)>,
}

/// Reads `tracking_number,amount,date` rows (a header line is allowed; dates as
/// YYYY-MM-DD or DD/MM/YYYY; amounts as the file writes them — `2.383.000`, `2383000.00`
/// — read with one decimal mark for the file, see `orderdeck_domain::money::read`).
pub fn parse_remittance(text: &str) -> (Vec<Remittance>, Vec<(usize, String)>) {
    parse_remittance_with(text, None)
}

/// As [`parse_remittance`], with the file's decimal mark said.
pub fn parse_remittance_with(
    text: &str,
    mark: Option<orderdeck_domain::money::read::DecimalMark>,
) -> (Vec<Remittance>, Vec<(usize, String)>) {
    use orderdeck_domain::money::read::{detect, read_vnd};
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    let records: Vec<_> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
        .into_records()
        .collect();
    let mark = match mark {
        Some(m) => Some(m),
        None => match detect(
            records
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.as_ref().ok().map(|r| (i, r)))
                // The header's "amount" says nothing.
                .filter(|(i, r)| {
                    !(*i == 0
                        && r.get(0)
                            .unwrap_or("")
                            .to_ascii_lowercase()
                            .contains("tracking"))
                })
                .map(|(_, r)| r.get(1).unwrap_or("")),
        ) {
            Ok(m) => m,
            Err(e) => return (Vec::new(), vec![(1, e)]),
        },
    };
    for (i, rec) in records.into_iter().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                bad.push((line, e.to_string()));
                continue;
            }
        };
        let get = |k: usize| rec.get(k).unwrap_or("").trim().to_string();
        let (tracking, amount, date) = (get(0), get(1), get(2));
        if line == 1 && tracking.to_ascii_lowercase().contains("tracking") {
            continue;
        }
        if tracking.is_empty() && amount.is_empty() {
            continue;
        }
        let amount = match read_vnd(&amount, mark) {
            Ok(a) => a,
            Err(e) => {
                bad.push((
                    line,
                    orderdeck_i18n::t!("err-remit-amount", error = e.to_string()),
                ));
                continue;
            }
        };
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&date, "%d/%m/%Y"));
        let Ok(date) = date else {
            bad.push((line, orderdeck_i18n::t!("err-remit-date")));
            continue;
        };
        if tracking.is_empty() {
            bad.push((line, orderdeck_i18n::t!("err-remit-no-tracking")));
            continue;
        }
        rows.push(Remittance {
            line,
            tracking_number: tracking,
            amount,
            date,
        });
    }
    (rows, bad)
}

/// Matches a remittance file: exact matches are recorded as received; mismatches,
/// unknown tracking numbers and rows already recorded are listed and left alone.
pub async fn cod_import(pool: &PgPool, text: &str, actor: &str) -> Result<CodReport, ShipError> {
    cod_import_with(pool, text, actor, None).await
}

/// As [`cod_import`], with the file's decimal mark said (`--decimal comma|point`).
pub async fn cod_import_with(
    pool: &PgPool,
    text: &str,
    actor: &str,
    mark: Option<orderdeck_domain::money::read::DecimalMark>,
) -> Result<CodReport, ShipError> {
    let (rows, bad) = parse_remittance_with(text, mark);
    let mut report = CodReport {
        bad,
        ..CodReport::default()
    };
    let numbers: Vec<String> = rows
        .iter()
        .map(|r| r.tracking_number.to_uppercase())
        .collect();
    let known: HashMap<String, (Decimal, bool)> = sqlx::query_as::<_, (String, Decimal, bool)>(
        "select upper(tracking_number), cod_amount, cod_received_at is not null from shipments
         where upper(tracking_number) = any($1)",
    )
    .bind(&numbers)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(t, a, done)| (t, (a, done)))
    .collect();
    for r in rows {
        match known.get(&r.tracking_number.to_uppercase()) {
            None => report.unknown.push(r),
            Some((_, true)) => report.already.push(r),
            Some((expected, false)) if *expected != r.amount => {
                report.mismatched.push((r, *expected))
            }
            Some(_) => {
                let at = r
                    .date
                    .and_hms_opt(12, 0, 0)
                    .map(|d| d.and_utc())
                    .unwrap_or_else(Utc::now);
                match cod_received(pool, &r.tracking_number, r.amount, at, actor).await {
                    Ok(()) => report.applied.push(r),
                    Err(ShipError::Invalid(_)) => report.already.push(r),
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(report)
}

/// Shipments that need a person: failed, returning, lost or damaged, unknown states, and
/// parcels past their expected delivery — unless handled since they last changed.
pub async fn exceptions(pool: &PgPool, limit: i64) -> Result<Vec<ShipmentView>, StoreError> {
    // The same condition as the Exceptions list of the console (store::shipments).
    let sql = format!(
        "select s.id, o.number as order_number, s.carrier, s.service, s.client_order_code, s.tracking_number,
                s.status, s.carrier_status, s.cod_amount, s.fee, s.payer, s.weight_grams, s.length_cm,
                s.width_cm, s.height_cm, s.required_note, s.expected_delivery_at, s.cod_received_amount,
                s.cod_received_at, s.last_error, s.created_at
         from shipments s join orders o on o.id = s.order_id
         where {}
         order by s.updated_at limit $1",
        store::shipments::NEEDS_ATTENTION
    );
    Ok(sqlx::query_as(&sql).bind(limit).fetch_all(pool).await?)
}

/// Asks a carrier about one shipment now and records the answer.
pub async fn refresh(
    pool: &PgPool,
    carriers: &Carriers,
    due: &Due,
    actor: &str,
    poll_every: std::time::Duration,
) -> Result<Applied, ShipError> {
    let kind = CarrierKind::parse(&due.carrier).ok_or_else(|| {
        ShipError::Invalid(orderdeck_i18n::t!(
            "err-unknown-carrier",
            carrier = &due.carrier
        ))
    })?;
    let tracking = carriers.get(kind)?.track(&due.tracking_number).await?;
    Ok(apply(pool, due.id, &tracking, actor, poll_every).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reported: 2383000.00 was read as 238.300.000 ₫, so no remittance written with
    /// decimals could ever match.
    #[test]
    fn remittance_amounts_are_read_as_written() {
        let (rows, bad) = parse_remittance(
            "tracking_number,amount,date\nGA1,2383000.00,2026-12-01\nGA2,150000.00,01/12/2026\n",
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(rows[0].amount, Decimal::from(2_383_000));
        let (rows, bad) =
            parse_remittance("GA1,\"2.383.000\",2026-12-01\nGA2,\"150.000\",2026-12-01\n");
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(rows[1].amount, Decimal::from(150_000));
        let (_, bad) = parse_remittance("GA1,\"1,5\",2026-12-01\n");
        assert!(bad[0].1.contains("fraction"), "{bad:?}");
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// Any remittance file is read row by row or refused with the row; never a panic.
        #[test]
        fn any_remittance_file_is_read_or_refused(text in "(\\PC{0,20}(,\\PC{0,12}){0,3}\n){0,8}|\\PC{0,200}") {
            let (rows, bad) = parse_remittance(&text);
            for r in &rows {
                prop_assert!(!r.amount.is_sign_negative());
                prop_assert!(!r.tracking_number.is_empty());
            }
            for (line, _) in &bad {
                prop_assert!(*line >= 1);
            }
        }
    }
}
