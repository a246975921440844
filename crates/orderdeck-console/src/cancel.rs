//! Cancelling orders from the console: what the form says before (which orders carry an
//! issued invoice, which cannot be cancelled), then the cancellation — one order, or the
//! marked ones with a progress bar and a line each.

use orderdeck_app::cancelling::{self, Cancelled, InvoiceAfterCancel};
use orderdeck_domain::cancel_reason::{CancelCode, CancelReason};
use orderdeck_i18n::t;
use orderdeck_tui::cancel::{CancelDone, CancelJob};
use orderdeck_tui::jobs::{Done, Progress};
use orderdeck_tui::view::{Cell, Detail, Tone};
use sqlx::PgPool;

use crate::services::Services;

pub async fn run(
    pool: &PgPool,
    services: Option<&Services>,
    job: CancelJob,
    actor: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    match job {
        CancelJob::Prepare { numbers } => {
            let mut rows = Vec::with_capacity(numbers.len());
            for n in numbers {
                let said = cancelling::preview(pool, &n)
                    .await
                    .map_err(|e| e.to_string())?;
                rows.push((n.trim().to_uppercase(), said));
            }
            Ok(Done::Cancel(CancelDone::Draft { rows }))
        }
        CancelJob::Cancel {
            numbers,
            code,
            note,
        } => {
            let reason = match CancelReason::parse(&code, &note) {
                Ok(r) => r,
                Err(e) => return Ok(Done::FormRefused(vec![("note".into(), e.to_string())])),
            };
            let invoicing = services
                .filter(|s| !s.invoices.configured().is_empty())
                .map(|s| (&*s.invoices, &s.config.invoicing));
            if let [number] = numbers.as_slice() {
                // One order: a refusal keeps the form open with the reason why.
                let c = cancelling::cancel(pool, number, actor, &reason, invoicing)
                    .await
                    .map_err(|e| e.to_string())?;
                let line = line_of(&c);
                return Ok(Done::Cancel(CancelDone::Finished {
                    said: line.0.clone(),
                    lines: vec![line],
                }));
            }
            let total = numbers.len();
            let label = t!("console-cancelling-many");
            let tell = |done: usize, total: usize| {
                progress(Progress::Bulk {
                    label: label.clone(),
                    done,
                    total,
                })
            };
            tell(0, total);
            let results =
                cancelling::cancel_many(pool, &numbers, actor, &reason, invoicing, &tell).await;
            let cancelled: Vec<&str> = results
                .iter()
                .filter_map(|l| l.outcome.as_ref().ok().map(|c| c.number.as_str()))
                .collect();
            let said = t!(
                "console-cancelled-many",
                cancelled = cancelled.len(),
                total = total,
                numbers = cancelled.join(", ")
            );
            let lines = results
                .into_iter()
                .map(|l| match l.outcome {
                    Ok(c) => line_of(&c),
                    Err(e) => (format!("{}: {e}", l.number), false),
                })
                .collect();
            Ok(Done::Cancel(CancelDone::Finished { said, lines }))
        }
    }
}

/// One cancelled order in words; `false` when its invoice still needs action.
fn line_of(c: &Cancelled) -> (String, bool) {
    match &c.invoice {
        InvoiceAfterCancel::NoInvoice => (t!("console-order-cancelled", number = &c.number), true),
        InvoiceAfterCancel::Adjusted {
            adjusts,
            adjustment,
            ..
        } => (
            t!(
                "console-cancel-invoice-adjusted",
                number = &c.number,
                invoice = adjusts,
                adjustment = adjustment
            ),
            true,
        ),
        InvoiceAfterCancel::NeedsAction { invoice, message } => (
            t!(
                "console-cancel-invoice-owed",
                number = &c.number,
                invoice = invoice,
                why = message
            ),
            false,
        ),
    }
}

/// The order's page: why it was cancelled, and what became of its invoice — an
/// adjustment still owed shown as the exception it is.
pub async fn on_page(
    pool: &PgPool,
    order_id: i64,
    out: &mut Detail,
) -> orderdeck_store::Result<()> {
    let Some(s) = orderdeck_store::cancel::shown(pool, order_id).await? else {
        return Ok(());
    };
    if let Some(code) = s.cancel_reason.as_deref().and_then(CancelCode::parse) {
        let text = if s.cancel_note.is_empty() {
            code.label()
        } else {
            format!("{} — {}", code.label(), s.cancel_note)
        };
        out.field(
            &crate::words::label(t!("console-field-cancel-reason")),
            text,
        );
    }
    let Some(invoice) = s.invoice() else {
        return Ok(());
    };
    let label = crate::words::label(t!("console-field-cancel-invoice"));
    match s.adjustment_status.as_deref() {
        Some("issued") => out.field(
            &label,
            t!(
                "console-cancel-page-adjusted",
                invoice = &invoice,
                adjustment = s.adjustment().unwrap_or_default()
            ),
        ),
        Some(_) => out.field_cell(
            &label,
            Cell::tone(
                t!(
                    "console-cancel-page-owed",
                    invoice = &invoice,
                    why = s
                        .adjustment_error
                        .unwrap_or_else(|| t!("console-cancel-page-not-sent"))
                ),
                Tone::Error,
            ),
        ),
        None => {}
    }
    Ok(())
}
