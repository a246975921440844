use crate::services::Services;
use orderdeck_app::invoicing::{self};
use orderdeck_app::returns::{self};
use orderdeck_i18n::t;
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
        return Err(t!("console-invoicing-not-set-up"));
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
            .map_err(said_here)?;
            let code = i
                .tax_authority_code
                .clone()
                .unwrap_or_else(|| t!("common-invoice-no-code-yet"));
            // Found at the provider (an earlier attempt had got through) says so.
            let said = if i.recovered {
                "console-invoice-issued-recovered"
            } else {
                "console-invoice-issued"
            };
            Ok(Done::Made {
                said: t!(
                    said,
                    order = &i.order_number,
                    invoice = orderdeck_domain::invoice::shown_number(&i.series, &i.number),
                    provider = provider.label(),
                    code = &code
                ),
                made: orderdeck_tui::outcome::Made {
                    list: orderdeck_tui::lists::ListKind::Invoices,
                    key: i.order_number.clone(),
                    open: false,
                },
            })
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
            .map_err(said_here)?;
            Ok(Done::Saved(t!(
                "console-invoice-replaced",
                order = &i.order_number,
                invoice = orderdeck_domain::invoice::shown_number(&i.series, &i.number),
                code = i
                    .tax_authority_code
                    .clone()
                    .unwrap_or_else(|| t!("common-invoice-no-code-yet"))
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
            let offset =
                chrono::FixedOffset::east_opt(7 * 3600).ok_or_else(|| t!("console-bad-offset"))?;
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
            Ok(Done::Said(t!(
                "console-invoice-emailed",
                invoice = orderdeck_domain::invoice::shown_number(&sent.series, &sent.number),
                order = &sent.order_number,
                to = sent.to.join(", ")
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
            let refundable = orderdeck_app::returns::refundable(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::ReturnDraft {
                refundable,
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
            let mut said = t!(
                "console-return-received",
                id = r.return_id.to_string(),
                order = &r.order_number,
                restocked = r.restocked,
                written_off = r.written_off,
                status = crate::words::order_status(&r.order_status)
            );
            if r.refund_id.is_some() {
                said.push_str(&t!("console-return-refund-recorded"));
            }
            if let Some(n) = &o.exchange_order {
                said.push_str(&t!("console-return-exchange-made", number = n));
            }
            if let Some(e) = &o.exchange_error {
                said.push_str(&t!("console-return-exchange-failed", error = e.to_string()));
            }
            match &o.invoice {
                returns::InvoiceFollowUp::NoInvoice => {}
                returns::InvoiceFollowUp::Replaced {
                    replaced,
                    series,
                    number,
                    ..
                } => said.push_str(&t!(
                    "console-return-invoice-replaced",
                    invoice = orderdeck_domain::invoice::shown_number(series, number),
                    replaced = replaced
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
    std::fs::create_dir_all(dir).map_err(|e| {
        t!(
            "console-cannot-create",
            path = dir.display().to_string(),
            error = e.to_string()
        )
    })?;
    let path = export_path(dir, number, what);
    std::fs::write(&path, bytes).map_err(|e| {
        t!(
            "console-cannot-write",
            path = path.display().to_string(),
            error = e.to_string()
        )
    })?;
    Ok(Done::Said(t!(
        "console-pdf-written",
        path = path.display().to_string()
    )))
}

/// An issuing error in the console's words: where the use case tells a CLI user to run the
/// same command again, a person here issues it again from the preview (I, then save).
fn said_here(e: invoicing::IssueError) -> String {
    match e {
        invoicing::IssueError::Unsure {
            order,
            provider,
            uuid,
            cause,
        } => t!(
            "console-invoice-unsure",
            provider = provider,
            cause = cause.to_string(),
            order = &order,
            uuid = uuid.to_string(),
            key = "{invoice}"
        ),
        invoicing::IssueError::Held { order, uuid, cause } => t!(
            "console-invoice-held",
            cause = cause.to_string(),
            order = &order,
            uuid = uuid.to_string(),
            key = "{invoice}"
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_integrations::invoice_provider::InvoiceError;

    #[test]
    fn an_unclear_invoice_says_issue_it_again_from_the_preview() {
        let said = said_here(invoicing::IssueError::Unsure {
            order: "OD-000001".into(),
            provider: "MISA meInvoice",
            uuid: "b10ff484-bc13-4112-b1bd-0329decedeed".into(),
            cause: Box::new(InvoiceError::Timeout {
                provider: "MISA meInvoice",
            }),
        });
        assert!(said.contains("from the preview ({invoice})"), "{said}");
        assert!(!said.contains("command"), "{said}");
    }
}
