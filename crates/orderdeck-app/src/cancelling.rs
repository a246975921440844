//! Cancelling orders, with a reason, one or many at once; and what an issued VAT invoice
//! of a cancelled order becomes.
//!
//! # The invoice of a cancelled order
//! An issued e-invoice is a document the tax authority holds: it is never edited or
//! deleted (`invoices_issued_are_final`). When the sale it states is called off, Decree
//! 123/2020 art. 19 (as amended by Decree 70/2025; Circular 78/2021) has the seller correct
//! it with a new invoice that names it. Of the corrections both providers offer (reference
//! `carriers-einvoice.md` §3.4, §4.5):
//! - a *replacement* (S-Invoice type 3, MISA reference 1) must carry the complete correct
//!   contents — for a sale called off there are none, and an invoice needs a line;
//! - *voiding* (S-Invoice `cancelTransactionInvoice`) needs the buyer's signed agreement
//!   (its document name and date), which a packing station does not have, and MISA offers
//!   no such call;
//! - an *adjustment* (S-Invoice type 5 money adjustment, MISA reference 2) naming the
//!   original, with every line decreased, brings it to nothing — the path the reference
//!   records for full returns. That is the one taken here.
//!
//! The adjustment row is stored in the cancellation's own transaction, before the provider
//! is called: a cancelled order never has a standing invoice without a trace. The provider
//! call comes after the commit (it cannot be inside a database transaction). If it fails,
//! the order stays cancelled — holding stock and a packing slot for a sale that is off
//! helps nobody, and the law lets the seller issue the correction afterwards — and the
//! pending adjustment is the mark: the timeline says it needs action and how, the order's
//! page and the invoice list show it, and cancelling again (`x`, `orders cancel`) finishes
//! it under the same transaction uuid, never issuing twice.

use chrono::Utc;
use orderdeck_domain::cancel_reason::CancelReason;
use orderdeck_domain::invoice::InvoiceTemplate;
use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::{OrderEventKind, Said};
use orderdeck_integrations::invoice_provider::{self as provider, ProviderKind};
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use serde::Serialize;
use sqlx::PgPool;

use crate::invoicing::{InvoicingConfig, Sending, send, symbol_for};
use crate::orders::{OrderError, cancel_locked};
use orderdeck_store::cancel::{self as store, Adjustment, StandingInvoice};

/// The invoice providers and the seller's invoicing settings, when this process has them.
pub type Invoicing<'a> = Option<(&'a InvoiceProviders, &'a InvoicingConfig)>;

/// What became of the order's issued invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InvoiceAfterCancel {
    /// The order had no issued invoice.
    NoInvoice,
    /// The adjustment that brings `adjusts` to nothing was issued (`adjustment` as
    /// people name it; its `series` and `number` as the provider gave them).
    Adjusted {
        adjusts: String,
        adjustment: String,
        series: String,
        number: String,
        tax_authority_code: Option<String>,
    },
    /// The order is cancelled, but `invoice` still stands: its adjustment is stored and
    /// not issued yet, for the reason said. Cancelling again finishes it.
    NeedsAction { invoice: String, message: String },
}

/// A cancelled order.
#[derive(Debug, Clone, Serialize)]
pub struct Cancelled {
    pub number: String,
    pub reason: String,
    pub note: String,
    /// It had been cancelled before: only its invoice's adjustment was finished now.
    pub already: bool,
    pub invoice: InvoiceAfterCancel,
}

/// Cancels an order that has not left the warehouse, for `reason`: reservations released,
/// the reason kept, and its issued invoice adjusted down to nothing (see the module's
/// words). All of the order's own change is one transaction; the invoice follows it.
///
/// On an order already cancelled whose invoice adjustment is still owed, finishes that.
pub async fn cancel(
    pool: &PgPool,
    number: &str,
    actor: &str,
    reason: &CancelReason,
    invoicing: Invoicing<'_>,
) -> Result<Cancelled, OrderError> {
    let mut tx = pool.begin().await?;
    let o = store::lock(&mut tx, number)
        .await?
        .ok_or_else(|| OrderError::NotFound(number.trim().to_string()))?;
    let status: OrderStatus = o
        .status
        .parse()
        .map_err(|_| OrderError::NotFound(o.number.clone()))?;
    let standing = store::standing_invoice(&mut tx, o.id).await?;
    let adjustment = match &standing {
        Some(s) => store::adjustment_of(&mut tx, s.id).await?,
        None => None,
    };
    let done = |invoice| Cancelled {
        number: o.number.clone(),
        reason: reason.code().code().to_string(),
        note: reason.note().to_string(),
        already: status == OrderStatus::Cancelled,
        invoice,
    };
    if status == OrderStatus::Cancelled {
        // Cancelled earlier with its invoice's adjustment not yet issued: finish it.
        let owed = adjustment.as_ref().is_some_and(|a| a.status != "issued");
        if let (true, Some(s)) = (owed, &standing) {
            let row = match adjustment {
                Some(a) if a.status == "issuing" => a,
                // Refused before: a new attempt under a new transaction uuid.
                _ => store_adjustment(&mut tx, &o.number, s, reason, invoicing).await?,
            };
            tx.commit().await?;
            let invoice = issue_adjustment(pool, invoicing, s, row, o.id, &o.number, actor).await;
            return Ok(done(invoice));
        }
    }
    if !status.cancellable() {
        return Err(OrderError::WrongState {
            number: o.number,
            status,
            what: orderdeck_i18n::t!("err-what-cancelling"),
        });
    }
    // An invoice whose issue is unclear has no number yet: nothing could name it in an
    // adjustment. Its issue is settled first (`orderdeck invoice issue` looks it up).
    if let Some(p) = store::unsure_invoice(&mut tx, o.id).await? {
        return Err(OrderError::InvoiceUnsure {
            number: o.number,
            provider: p,
        });
    }
    let row = match &standing {
        Some(s) => Some(store_adjustment(&mut tx, &o.number, s, reason, invoicing).await?),
        None => None,
    };
    let said = Said::new("event-cancelled-why")
        .with("code", reason.code().code())
        // "none" picks the sentence without words (Fluent selects on the value).
        .with(
            "note",
            if reason.note().is_empty() {
                "none"
            } else {
                reason.note()
            },
        )
        .with(
            "invoice",
            standing
                .as_ref()
                .map_or_else(|| "none".to_string(), StandingInvoice::shown),
        );
    cancel_locked(&mut tx, o.id, status.as_str(), actor, &said).await?;
    store::set_reason(&mut tx, o.id, reason.code().code(), reason.note()).await?;
    tx.commit().await?;
    let invoice = match (standing, row) {
        (Some(s), Some(row)) => {
            issue_adjustment(pool, invoicing, &s, row, o.id, &o.number, actor).await
        }
        _ => InvoiceAfterCancel::NoInvoice,
    };
    Ok(done(invoice))
}

/// One marked order's result.
#[derive(Debug)]
pub struct ManyLine {
    pub number: String,
    pub outcome: Result<Cancelled, OrderError>,
}

/// Cancels each of `numbers` for one reason, one after the other, each all-or-nothing on
/// its own (one refused leaves the others cancelled and itself untouched); `tell` hears
/// how many of how many are settled.
pub async fn cancel_many(
    pool: &PgPool,
    numbers: &[String],
    actor: &str,
    reason: &CancelReason,
    invoicing: Invoicing<'_>,
    tell: &(dyn Fn(usize, usize) + Send + Sync),
) -> Vec<ManyLine> {
    let total = numbers.len();
    let mut out = Vec::with_capacity(total);
    for (i, number) in numbers.iter().enumerate() {
        let outcome = cancel(pool, number, actor, reason, invoicing).await;
        out.push(ManyLine {
            number: number.clone(),
            outcome,
        });
        tell(i + 1, total);
    }
    out
}

/// What cancelling `number` would do, for the form's warning: `Err` says why it cannot be
/// cancelled; `Ok(Some(invoice))` names the issued invoice it will adjust.
pub async fn preview(
    pool: &PgPool,
    number: &str,
) -> Result<Result<Option<String>, String>, OrderError> {
    let Some(p) = store::preview(pool, number).await? else {
        return Ok(Err(
            OrderError::NotFound(number.trim().to_string()).to_string()
        ));
    };
    let Ok(status) = p.status.parse::<OrderStatus>() else {
        return Ok(Err(OrderError::NotFound(p.number).to_string()));
    };
    let owed = p
        .adjustment_status
        .as_deref()
        .is_some_and(|s| s != "issued");
    if status == OrderStatus::Cancelled && owed {
        return Ok(Ok(p.invoice()));
    }
    if !status.cancellable() {
        return Ok(Err(OrderError::WrongState {
            number: p.number,
            status,
            what: orderdeck_i18n::t!("err-what-cancelling"),
        }
        .to_string()));
    }
    Ok(Ok(p.invoice()))
}

/// Stores the adjustment of `s` (see [`store::store_adjustment`]) under a new transaction
/// uuid, in the seller's current symbol when the settings are known (else the symbol of the
/// invoice it adjusts, which the tax authority accepts for the same year).
async fn store_adjustment(
    conn: &mut sqlx::PgConnection,
    order_number: &str,
    s: &StandingInvoice,
    reason: &CancelReason,
    invoicing: Invoicing<'_>,
) -> Result<Adjustment, OrderError> {
    let template = InvoiceTemplate::parse(&s.template).unwrap_or(InvoiceTemplate::Vat);
    let series = invoicing
        .and_then(|(_, config)| symbol_for(config, template, Utc::now()).ok())
        .unwrap_or_else(|| s.series.clone());
    let uuid = provider::new_transaction_uuid();
    // Sent to the provider and printed on the adjustment: a Vietnamese legal document,
    // so in Vietnamese whatever the person's language (as a return's replacement).
    let mut args = orderdeck_i18n::FluentArgs::new();
    args.set("code", reason.code().code());
    let why = orderdeck_i18n::lookup(orderdeck_i18n::Lang::Vi, "event-cancel-reason", Some(&args));
    let note = if reason.note().is_empty() {
        String::new()
    } else {
        format!(": {}", reason.note())
    };
    let text = format!(
        "Điều chỉnh giảm toàn bộ hóa đơn {} do hủy đơn hàng {order_number} ({why}{note})",
        s.shown()
    );
    // The provider takes at most 255 characters of reason (S-Invoice `adjustedNote`).
    let text: String = text.chars().take(255).collect();
    let id = store::store_adjustment(conn, s, &series, &uuid, &text).await?;
    Ok(Adjustment {
        id,
        provider: s.provider.clone(),
        status: "issuing".into(),
        uuid,
        number: None,
        series,
        last_error: None,
    })
}

/// Sends the stored adjustment and says what became of the invoice; a failure is written
/// on the timeline as needing action, never lost.
async fn issue_adjustment(
    pool: &PgPool,
    invoicing: Invoicing<'_>,
    s: &StandingInvoice,
    row: Adjustment,
    order_id: i64,
    order_number: &str,
    actor: &str,
) -> InvoiceAfterCancel {
    let invoice = s.shown();
    let result = match (invoicing, ProviderKind::parse(&row.provider)) {
        (None, _) => Err(orderdeck_i18n::t!("err-cancel-invoice-no-provider")),
        (Some(_), None) => Err(orderdeck_i18n::t!(
            "err-invoice-unknown-provider-named",
            id = row.id.to_string(),
            provider = &row.provider
        )),
        (Some((providers, config)), Some(kind)) => {
            // Sent as a row that may have reached the provider already (`fresh: false`):
            // it is looked up before it is issued, and a refusal that did not look at it
            // keeps it 'issuing' rather than deleting it — the row is this cancellation's
            // trace, and must outlive any failure.
            let sending = Sending {
                invoice_id: row.id,
                order_id,
                order_number,
                uuid: row.uuid.clone(),
                fresh: false,
            };
            send(pool, providers, kind, sending, config, actor)
                .await
                .map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(i) => InvoiceAfterCancel::Adjusted {
            adjusts: invoice,
            adjustment: orderdeck_domain::invoice::shown_number(&i.series, &i.number),
            series: i.series,
            number: i.number,
            tax_authority_code: i.tax_authority_code,
        },
        Err(message) => {
            let said = Said::new("event-cancel-invoice-owed")
                .with("invoice", invoice.as_str())
                .with("why", message.as_str())
                .with("number", order_number);
            // The timeline is the lasting mark; if even it cannot be written, the stored
            // adjustment row still is, and the answer below says so.
            if let Ok(mut conn) = pool.acquire().await {
                let _ = orderdeck_store::orders::add_event_said(
                    &mut conn,
                    order_id,
                    actor,
                    &OrderEventKind::InvoiceRefused,
                    &said,
                    None,
                    Some(serde_json::json!({"needs_action": "adjust_invoice", "invoice": invoice})),
                )
                .await;
            }
            InvoiceAfterCancel::NeedsAction { invoice, message }
        }
    }
}
