//! Returns and refunds. A return names lines, quantities (never more than was delivered
//! and not yet returned), a reason and each unit's condition. Receiving it puts good units
//! back on hand in a chosen warehouse and writes damaged ones off — both ledger moves with
//! the reason — and the order becomes Returned or partly returned. A refund is a record of
//! money going back: never more than was paid.

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::{OrderEventKind, Said};
use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;

pub use orderdeck_domain::returns::{
    Condition, ExchangeLine, ExchangeWith, InvalidLine, RefundInput, ReturnInput, ReturnLine,
};
use orderdeck_store::{self as store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<InvalidLine> for ReturnError {
    fn from(e: InvalidLine) -> Self {
        ReturnError::Invalid(e.0)
    }
}

impl From<sqlx::Error> for ReturnError {
    fn from(e: sqlx::Error) -> Self {
        ReturnError::Store(e.into())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnReport {
    pub return_id: i64,
    pub order_number: String,
    pub order_status: String,
    pub restocked: i32,
    pub written_off: i32,
    pub refund_id: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
struct OrderLineState {
    id: i64,
    sku: String,
    variant_id: i64,
    qty: i32,
    returned: i64,
}

/// Records and receives a return (and its refund) in one transaction.
pub async fn create(
    pool: &PgPool,
    input: &ReturnInput,
    actor: &str,
) -> Result<ReturnReport, ReturnError> {
    if input.lines.is_empty() {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-return-no-lines"
        )));
    }
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-return-reason"
        )));
    }
    let mut tx = pool.begin().await?;
    let order: Option<(i64, String, String, Decimal, String)> = sqlx::query_as(
        "select id, number, status, total, payment_status from orders where number = upper($1) for update",
    )
    .bind(input.order_number.trim())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((order_id, number, status, total, payment_status)) = order else {
        return Err(ReturnError::NotFound(input.order_number.trim().to_string()));
    };
    check_returnable(&number, &status)?;
    let lines: Vec<OrderLineState> = sqlx::query_as(
        "select l.id, l.sku, l.variant_id, l.qty,
                coalesce((select sum(rl.qty) from return_lines rl join returns r on r.id = rl.return_id
                          where rl.order_line_id = l.id and r.status <> 'cancelled'), 0)::bigint as returned
         from order_lines l where l.order_id = $1 order by l.line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *tx)
    .await?;
    // Quantities asked for, per line, against what is still returnable.
    let mut asked: HashMap<i64, i64> = HashMap::new();
    let mut resolved = Vec::new();
    for r in &input.lines {
        let line = lines
            .iter()
            .find(|l| l.sku.eq_ignore_ascii_case(r.sku.trim()))
            .ok_or_else(|| {
                ReturnError::Invalid(orderdeck_i18n::t!(
                    "err-sku-not-in-order",
                    sku = &r.sku,
                    number = &number
                ))
            })?;
        *asked.entry(line.id).or_default() += i64::from(r.qty);
        resolved.push((line, r));
    }
    for l in &lines {
        let want = asked.get(&l.id).copied().unwrap_or(0);
        let left = i64::from(l.qty) - l.returned;
        if want > left {
            return Err(ReturnError::Invalid(orderdeck_i18n::t!(
                "err-return-too-many",
                sku = &l.sku,
                want = want,
                left = left,
                qty = l.qty
            )));
        }
    }
    let warehouse_id = match &input.warehouse {
        Some(code) => Some(
            sqlx::query_scalar::<_, i64>(
                "select id from warehouses where code = upper($1) and active",
            )
            .bind(code.trim())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| ReturnError::Invalid(format!("no active warehouse {code}")))?,
        ),
        None => None,
    };
    let return_id: i64 = sqlx::query_scalar(
        "insert into returns (order_id, reason, status, created_by, received_at) values ($1, $2, 'received', $3, now()) returning id",
    )
    .bind(order_id)
    .bind(reason)
    .bind(actor)
    .fetch_one(&mut *tx)
    .await?;
    let (mut restocked, mut written_off) = (0, 0);
    let mut back_in_stock: Vec<i64> = Vec::new();
    for (line, r) in resolved {
        // Good units go back where they left from unless a warehouse was chosen.
        let wh = match warehouse_id {
            Some(w) => w,
            None => shipped_from(&mut tx, order_id, line.variant_id).await?,
        };
        sqlx::query(
            "insert into return_lines (return_id, order_line_id, qty, condition, warehouse_id) values ($1, $2, $3, $4, $5)",
        )
        .bind(return_id)
        .bind(line.id)
        .bind(r.qty)
        .bind(r.condition.code())
        .bind(wh)
        .execute(&mut *tx)
        .await?;
        let back = store::stock::Move {
            variant_id: line.variant_id,
            warehouse_id: wh,
            qty: r.qty,
            kind: "return",
            reason,
            actor,
            reference: Some(("returns", return_id)),
        };
        store::stock::post_move(&mut tx, &back).await?;
        match r.condition {
            Condition::Good => {
                restocked += r.qty;
                back_in_stock.push(line.variant_id);
            }
            Condition::Damaged => {
                // Back in, then off the books: the ledger tells both halves.
                store::stock::post_move(
                    &mut tx,
                    &store::stock::Move {
                        qty: -r.qty,
                        kind: "write_off",
                        reason: &format!("damaged on return: {reason}"),
                        ..back
                    },
                )
                .await?;
                written_off += r.qty;
            }
        }
    }
    // Everything delivered now back? Returned; else partly returned.
    let outstanding: i64 = lines
        .iter()
        .map(|l| i64::from(l.qty) - l.returned - asked.get(&l.id).copied().unwrap_or(0))
        .sum();
    let new_status = if outstanding == 0 {
        "returned"
    } else {
        "partly_returned"
    };
    sqlx::query(
        "update orders set status = $2, version = version + 1, updated_at = now() where id = $1",
    )
    .bind(order_id)
    .bind(new_status)
    .execute(&mut *tx)
    .await?;
    store::orders::add_event_said(
        &mut tx,
        order_id,
        actor,
        &OrderEventKind::Returned,
        &Said::new("event-returned")
            .with("return_id", return_id.to_string())
            .count("restocked", i64::from(restocked))
            .count("written_off", i64::from(written_off))
            .with("reason", reason.to_string()),
        Some(serde_json::json!({"status": status})),
        Some(serde_json::json!({"status": new_status})),
    )
    .await?;
    // Good units back on the shelf go to orders waiting for them, oldest first.
    back_in_stock.sort_unstable();
    back_in_stock.dedup();
    if !back_in_stock.is_empty() {
        crate::purchasing::fill_backorders(&mut tx, &back_in_stock, actor).await?;
    }
    let refund_id = match &input.refund {
        None => None,
        Some(refund) => Some(
            record_refund(
                &mut tx,
                order_id,
                Some(return_id),
                total,
                &payment_status,
                refund,
                actor,
            )
            .await?,
        ),
    };
    tx.commit().await?;
    Ok(ReturnReport {
        return_id,
        order_number: number,
        order_status: new_status.to_string(),
        restocked,
        written_off,
        refund_id,
    })
}

/// The warehouse a variant of this order was shipped from (the latest shipment move),
/// else the first active warehouse.
async fn shipped_from(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    variant_id: i64,
) -> Result<i64, ReturnError> {
    let from: Option<i64> = sqlx::query_scalar(
        "select m.warehouse_id from stock_moves m join shipments s on m.ref_table = 'shipments' and m.ref_id = s.id
         where s.order_id = $1 and m.variant_id = $2 and m.qty < 0 order by m.id desc limit 1",
    )
    .bind(order_id)
    .bind(variant_id)
    .fetch_optional(&mut *conn)
    .await?;
    match from {
        Some(w) => Ok(w),
        None => sqlx::query_scalar("select id from warehouses where active order by id limit 1")
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| ReturnError::Invalid("no active warehouse to return goods to".into())),
    }
}

/// What was paid for an order and not yet refunded (below zero when more went back).
async fn left_to_refund(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    total: Decimal,
    payment_status: &str,
) -> Result<Decimal, sqlx::Error> {
    let paid = match payment_status {
        "paid" | "cod_received" | "partly_refunded" => total,
        _ => Decimal::ZERO,
    };
    let refunded: Decimal = sqlx::query_scalar(
        "select coalesce(sum(amount), 0) from refunds where order_id = $1 and status <> 'failed'",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(paid - refunded)
}

/// A refund record: never more than was paid and not yet refunded.
async fn record_refund(
    conn: &mut sqlx::PgConnection,
    order_id: i64,
    return_id: Option<i64>,
    total: Decimal,
    payment_status: &str,
    refund: &RefundInput,
    actor: &str,
) -> Result<i64, ReturnError> {
    if refund.amount <= Decimal::ZERO {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-refund-not-positive"
        )));
    }
    if !matches!(refund.method.as_str(), "cash" | "transfer" | "channel") {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-refund-method",
            method = &refund.method
        )));
    }
    let left = left_to_refund(conn, order_id, total, payment_status).await?;
    if refund.amount > left {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-refund-too-much",
            amount = orderdeck_domain::money::format_vnd(refund.amount),
            left = orderdeck_domain::money::format_vnd(left.max(Decimal::ZERO))
        )));
    }
    let id: i64 = sqlx::query_scalar(
        "insert into refunds (order_id, return_id, amount, method, reference, status, created_by)
         values ($1, $2, $3, $4, $5, 'pending', $6) returning id",
    )
    .bind(order_id)
    .bind(return_id)
    .bind(refund.amount)
    .bind(&refund.method)
    .bind(refund.reference.trim())
    .bind(actor)
    .fetch_one(&mut *conn)
    .await?;
    let fully = refund.amount == left;
    sqlx::query("update orders set payment_status = $2, updated_at = now() where id = $1")
        .bind(order_id)
        .bind(if fully { "refunded" } else { "partly_refunded" })
        .execute(&mut *conn)
        .await?;
    store::orders::add_event_said(
        conn,
        order_id,
        actor,
        &OrderEventKind::Refund,
        &if refund.reference.trim().is_empty() {
            Said::new("event-refund")
        } else {
            Said::new("event-refund-ref").with("reference", refund.reference.trim())
        }
        .money("amount", refund.amount)
        .with("method", refund.method.to_string()),
        Some(serde_json::json!({"payment_status": payment_status})),
        Some(serde_json::json!({"payment_status": if fully { "refunded" } else { "partly_refunded" }})),
    )
    .await?;
    Ok(id)
}

/// The same SKUs and quantities as the return took back: the usual exchange.
pub async fn same_as_returned(
    pool: &PgPool,
    return_id: i64,
) -> Result<Vec<ExchangeLine>, ReturnError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "select l.sku, sum(rl.qty)::bigint from return_lines rl
         join order_lines l on l.id = rl.order_line_id
         where rl.return_id = $1 group by l.sku, l.line_no order by l.line_no",
    )
    .bind(return_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(sku, qty)| ExchangeLine {
            sku,
            qty: i32::try_from(qty).unwrap_or(i32::MAX),
        })
        .collect())
}

/// Creates the replacement order of an exchange: the customer's goods at no charge (the
/// original order paid for them), to the same person and address, through the same
/// intake as every order (so it is reserved like any other). Linked both ways; running it
/// again for the same return finds the order made the first time.
pub async fn exchange(
    pool: &PgPool,
    return_id: i64,
    lines: &[ExchangeLine],
    actor: &str,
) -> Result<String, ReturnError> {
    use crate::intake::{self, IntakeOutcome};
    use orderdeck_domain::intake::{Address, NewCustomer, NewLine, NewOrder};

    if lines.is_empty() {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-exchange-no-lines"
        )));
    }
    let row: Option<(i64, String, String, String, String, serde_json::Value)> = sqlx::query_as(
        "select o.id, o.number, o.buyer_name, o.buyer_phone, o.buyer_email, o.ship_address
         from returns r join orders o on o.id = r.order_id where r.id = $1",
    )
    .bind(return_id)
    .fetch_optional(pool)
    .await?;
    let Some((order_id, number, name, phone, email, address)) = row else {
        return Err(ReturnError::NotFound(format!("return {return_id}")));
    };
    let channel: Option<String> = sqlx::query_scalar(
        "select code from sales_channels where kind = 'manual' and active order by id limit 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some(channel) = channel else {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-exchange-no-manual-channel"
        )));
    };
    let address: Address = serde_json::from_value(address).unwrap_or_default();
    let order = NewOrder {
        channel,
        // The return is the exchange's identity: intake's (channel, external id)
        // de-duplication makes a second run find the first order.
        external_id: Some(format!("exchange-{return_id}")),
        source: Some("other".into()),
        customer: NewCustomer {
            name,
            phone,
            email,
            masked: false,
        },
        shipping_address: address,
        payment: "prepaid".into(),
        shipping_fee: Decimal::ZERO,
        discount: Decimal::ZERO,
        note: Some(format!("Đổi hàng cho đơn {number} (phiếu trả {return_id})")),
        wants_invoice: false,
        warehouse: None,
        lines: lines
            .iter()
            .map(|l| NewLine {
                sku: l.sku.clone(),
                qty: l.qty,
                unit_price: Some(Decimal::ZERO),
                discount: Decimal::ZERO,
            })
            .collect(),
    };
    let outcome = intake::create_order(pool, &order, actor)
        .await
        .map_err(|e| ReturnError::Invalid(format!("the exchange order cannot be made: {e}")))?;
    let (new_number, fresh) = match outcome {
        IntakeOutcome::Created { number, .. } => (number, true),
        IntakeOutcome::Duplicate { number } => (number, false),
    };
    if fresh {
        let mut tx = pool.begin().await?;
        let new_id: i64 = sqlx::query_scalar(
            "update returns set replacement_order_id = o.id from orders o
             where returns.id = $1 and o.number = $2 returning o.id",
        )
        .bind(return_id)
        .bind(&new_number)
        .fetch_one(&mut *tx)
        .await?;
        let what: Vec<String> = lines
            .iter()
            .map(|l| format!("{} × {}", l.qty, l.sku))
            .collect();
        store::orders::add_event_said(
            &mut tx,
            order_id,
            actor,
            &OrderEventKind::Exchange,
            &Said::new("event-exchange")
                .with("return_id", return_id.to_string())
                .with("number", new_number.clone())
                .with("items", what.join(", ")),
            None,
            Some(serde_json::json!({"replacement_order": new_number})),
        )
        .await?;
        store::orders::add_event_said(
            &mut tx,
            new_id,
            actor,
            &OrderEventKind::Exchange,
            &Said::new("event-replacement")
                .with("number", number.to_string())
                .with("return_id", return_id.to_string()),
            None,
            Some(serde_json::json!({"exchange_for": number})),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(new_number)
}

/// What became of the order's invoice after a return.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InvoiceFollowUp {
    /// The order had no issued invoice: nothing to correct.
    NoInvoice,
    Replaced {
        replaced: String,
        series: String,
        number: String,
        tax_authority_code: Option<String>,
    },
    /// Not issued now (no provider configured, the provider refused, an unclear answer);
    /// `orderdeck invoice replace --return N` finishes it.
    Pending { message: String },
}

/// A received return and everything that follows from it.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnOutcome {
    #[serde(flatten)]
    pub report: ReturnReport,
    pub exchange_order: Option<String>,
    /// Why the exchange order was not made (the return itself stands).
    pub exchange_error: Option<String>,
    pub invoice: InvoiceFollowUp,
}

/// Receives a return (one transaction), then makes the exchange order if one is asked
/// for, then the replacement invoice if the order had an issued one. The return stands
/// whatever the follow-ups do; each can be finished later and never happens twice.
pub async fn receive(
    pool: &PgPool,
    invoicing: Option<(
        &orderdeck_integrations::invoice_providers::InvoiceProviders,
        &crate::invoicing::InvoicingConfig,
    )>,
    input: &ReturnInput,
    exchange_with: &ExchangeWith,
    actor: &str,
) -> Result<ReturnOutcome, ReturnError> {
    let report = create(pool, input, actor).await?;
    let lines = match exchange_with {
        ExchangeWith::Nothing => None,
        ExchangeWith::Same => Some(same_as_returned(pool, report.return_id).await),
        ExchangeWith::Lines(l) => Some(Ok(l.clone())),
    };
    let (exchange_order, exchange_error) = match lines {
        None => (None, None),
        Some(lines) => {
            match async { exchange(pool, report.return_id, &lines?, actor).await }.await {
                Ok(n) => (Some(n), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
    };
    let invoice = follow_up_invoice(pool, invoicing, &report, actor).await;
    Ok(ReturnOutcome {
        report,
        exchange_order,
        exchange_error,
        invoice,
    })
}

async fn follow_up_invoice(
    pool: &PgPool,
    invoicing: Option<(
        &orderdeck_integrations::invoice_providers::InvoiceProviders,
        &crate::invoicing::InvoicingConfig,
    )>,
    report: &ReturnReport,
    actor: &str,
) -> InvoiceFollowUp {
    use crate::invoice_corrections::{current_invoice, replace_after_return};
    let order_id: Option<i64> = sqlx::query_scalar("select order_id from returns where id = $1")
        .bind(report.return_id)
        .fetch_optional(pool)
        .await
        .ok()
        .flatten();
    let current = match order_id {
        Some(id) => current_invoice(pool, id).await.ok().flatten(),
        None => None,
    };
    let Some(current) = current else {
        return InvoiceFollowUp::NoInvoice;
    };
    let replaced = format!(
        "{} {}",
        current.series,
        current.number.as_deref().unwrap_or_default()
    );
    let later = format!(
        "finish it with `orderdeck invoice replace --return {}`",
        report.return_id
    );
    let Some((providers, config)) = invoicing else {
        return InvoiceFollowUp::Pending {
            message: format!("invoice {replaced} needs replacing; {later}"),
        };
    };
    match replace_after_return(pool, providers, config, report.return_id, actor).await {
        Ok(Some(i)) => InvoiceFollowUp::Replaced {
            replaced,
            series: i.series,
            number: i.number,
            tax_authority_code: i.tax_authority_code,
        },
        Ok(None) => InvoiceFollowUp::NoInvoice,
        Err(e) => InvoiceFollowUp::Pending {
            message: format!("invoice {replaced} is not replaced yet: {e}; {later}"),
        },
    }
}

/// Only delivered goods come back (see [`OrderStatus::returnable`]).
fn check_returnable(number: &str, status: &str) -> Result<(), ReturnError> {
    if status.parse().is_ok_and(OrderStatus::returnable) {
        return Ok(());
    }
    Err(ReturnError::Invalid(orderdeck_i18n::t!(
        "err-return-not-delivered",
        number = number,
        status = status
            .parse::<OrderStatus>()
            .map(|s| s.shown())
            .unwrap_or_else(|_| status.replace('_', " "))
    )))
}

/// What of a delivered order may still come back: (SKU, units not yet returned) for
/// each line with something left, under the order's number as stored.
/// What was paid for an order and not yet refunded: the most a refund may be (the same
/// figure `receive` checks against).
pub async fn refundable(pool: &PgPool, number: &str) -> Result<Decimal, ReturnError> {
    let order: Option<(i64, Decimal, String)> =
        sqlx::query_as("select id, total, payment_status from orders where number = upper($1)")
            .bind(number.trim())
            .fetch_optional(pool)
            .await?;
    let Some((order_id, total, payment_status)) = order else {
        return Err(ReturnError::NotFound(number.trim().to_string()));
    };
    let mut conn = pool.acquire().await?;
    let left = left_to_refund(&mut conn, order_id, total, &payment_status).await?;
    Ok(left.max(Decimal::ZERO))
}

pub async fn returnable_lines(
    pool: &PgPool,
    number: &str,
) -> Result<(String, Vec<(String, i64)>), ReturnError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "select o.number, o.status, l.sku,
                l.qty - coalesce((select sum(rl.qty) from return_lines rl
                    join returns r on r.id = rl.return_id
                    where rl.order_line_id = l.id and r.status <> 'cancelled'), 0)
         from orders o join order_lines l on l.order_id = o.id
         where o.number = upper($1) order by l.line_no",
    )
    .bind(number.trim())
    .fetch_all(pool)
    .await?;
    let Some((number, status, _, _)) = rows.first().cloned() else {
        return Err(ReturnError::NotFound(number.trim().to_string()));
    };
    check_returnable(&number, &status)?;
    let left: Vec<(String, i64)> = rows
        .into_iter()
        .filter(|r| r.3 > 0)
        .map(|(_, _, sku, left)| (sku, left))
        .collect();
    if left.is_empty() {
        return Err(ReturnError::Invalid(orderdeck_i18n::t!(
            "err-return-all-back",
            number = &number
        )));
    }
    Ok((number, left))
}
