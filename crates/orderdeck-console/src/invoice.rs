use crate::services::Services;
use orderdeck_app::invoicing::{self};
use orderdeck_app::returns::{self};
use orderdeck_tui::invoice::InvoiceJob;
use orderdeck_tui::outcome::Done;
use sqlx::PgPool;
use std::path::{Path, PathBuf};

pub(crate) fn export_path(dir: &Path, number: &str, what: &str) -> PathBuf {
    dir.join(format!("{what}-{number}.pdf"))
}

/// Runs an invoice or return job; `Err` is a message for the person.
pub async fn run(
    pool: &PgPool,
    services: Option<&Services>,
    job: InvoiceJob,
    actor: &str,
) -> Result<Done, String> {
    let Some(s) = services else {
        return Err("invoicing is not set up in this console".into());
    };
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let config = &s.config.invoicing;
    match job {
        InvoiceJob::Prepare { number, template } => {
            let mut draft =
                invoicing::draft(pool, config, &number, template, None, chrono::Utc::now())
                    .await
                    .map_err(|e| text(&e))?;
            let issued =
                orderdeck_app::invoice_corrections::issued_buyer(pool, &draft.order_number)
                    .await
                    .map_err(|e| text(&e))?;
            let provider = s
                .invoices
                .configured()
                .first()
                .map_or("sinvoice", |k| k.code())
                .to_string();
            // An issued invoice shows the buyer it was issued to, not the order's.
            let issued = issued.map(|(label, buyer)| {
                draft.set_buyer(buyer);
                label
            });
            Ok(Done::InvoiceDraft {
                draft: Box::new(draft),
                issued,
                provider,
            })
        }
        InvoiceJob::Issue {
            number,
            template,
            provider,
            buyer,
        } => {
            let i = invoicing::issue(
                pool,
                &s.invoices,
                config,
                &number,
                template,
                provider,
                Some(buyer),
                actor,
            )
            .await
            .map_err(|e| text(&e))?;
            Ok(Done::Saved(format!(
                "{}: invoice {} {} issued with {} — tax-authority code {}{}",
                i.order_number,
                i.series,
                i.number,
                provider.label(),
                i.tax_authority_code.as_deref().unwrap_or("(none yet)"),
                if i.recovered {
                    " (found at the provider: an earlier attempt had got through)"
                } else {
                    ""
                }
            )))
        }
        InvoiceJob::Replace {
            number,
            buyer,
            reason,
        } => {
            let i = orderdeck_app::invoice_corrections::replace_with_buyer(
                pool,
                &s.invoices,
                config,
                &number,
                buyer,
                &reason,
                actor,
            )
            .await
            .map_err(|e| text(&e))?;
            Ok(Done::Saved(format!(
                "{}: replacement invoice {} {} issued — tax-authority code {}",
                i.order_number,
                i.series,
                i.number,
                i.tax_authority_code.as_deref().unwrap_or("(none yet)")
            )))
        }
        InvoiceJob::ExportPdf {
            number,
            template,
            buyer,
        } => {
            let mut draft =
                invoicing::draft(pool, config, &number, template, None, chrono::Utc::now())
                    .await
                    .map_err(|e| text(&e))?;
            draft.set_buyer(buyer);
            let offset = chrono::FixedOffset::east_opt(7 * 3600).ok_or("bad offset")?;
            let bytes = orderdeck_print::invoice_pdf(&draft, offset).map_err(|e| text(&e))?;
            write_file(
                &s.exports_dir,
                &draft.order_number,
                "invoice-preview",
                &bytes,
            )
        }
        InvoiceJob::SavePdf { number } => {
            let bytes = invoicing::pdf(pool, Some(&s.invoices), &number)
                .await
                .map_err(|e| text(&e))?;
            write_file(&s.exports_dir, &number.to_uppercase(), "invoice", &bytes)
        }
        InvoiceJob::Email { number } => {
            let mailer = orderdeck_integrations::mail::Mailer::new(s.config.smtp.as_ref())
                .map_err(|e| text(&e))?;
            let sent =
                orderdeck_app::invoice_mail::send(pool, &mailer, config, &number, None, actor)
                    .await
                    .map_err(|e| text(&e))?;
            Ok(Done::Said(format!(
                "invoice {} {} of {} e-mailed to {}",
                sent.series,
                sent.number,
                sent.order_number,
                sent.to.join(", ")
            )))
        }
        InvoiceJob::PrepareReturn { number } => {
            let (number, left) = orderdeck_app::returns::returnable_lines(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            let lines: Vec<String> = left
                .iter()
                .map(|(sku, left)| format!("{sku}:{left}:good"))
                .collect();
            Ok(Done::ReturnDraft {
                number,
                lines: lines.join("\n"),
            })
        }
        InvoiceJob::Return { input, exchange } => {
            let invoicing = (!s.invoices.configured().is_empty()).then_some((&*s.invoices, config));
            let o = returns::receive(pool, invoicing, &input, &exchange, actor)
                .await
                .map_err(|e| text(&e))?;
            let r = &o.report;
            let mut said = format!(
                "return {} of {}: {} back in stock, {} written off; order {}",
                r.return_id,
                r.order_number,
                r.restocked,
                r.written_off,
                r.order_status.replace('_', " ")
            );
            if r.refund_id.is_some() {
                said.push_str("; refund recorded");
            }
            if let Some(n) = &o.exchange_order {
                said.push_str(&format!("; exchange order {n}"));
            }
            if let Some(e) = &o.exchange_error {
                said.push_str(&format!("; exchange NOT made: {e}"));
            }
            match &o.invoice {
                returns::InvoiceFollowUp::NoInvoice => {}
                returns::InvoiceFollowUp::Replaced {
                    replaced,
                    series,
                    number,
                    ..
                } => said.push_str(&format!(
                    "; replacement invoice {series} {number} issued for {replaced}"
                )),
                returns::InvoiceFollowUp::Pending { message } => {
                    said.push_str(&format!("; {message}"))
                }
            }
            Ok(Done::Saved(said))
        }
    }
}

pub(crate) fn write_file(
    dir: &Path,
    number: &str,
    what: &str,
    bytes: &[u8],
) -> Result<Done, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = export_path(dir, number, what);
    std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Done::Said(format!("PDF written to {}", path.display())))
}
