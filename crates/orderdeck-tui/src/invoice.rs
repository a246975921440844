//! Invoices and returns from the console.
//!
//! `I` on an order opens its invoice preview: the buyer fields edited in place, each
//! checked as it is typed with the reason beside the field, above the invoice drawn like
//! the paper form (seller, buyer, lines, rates, breakdown, totals, amount in words).
//! Ctrl-s issues it after a y/n; Ctrl-p writes it as an A4 PDF; Ctrl-t switches between
//! the VAT and the sales template. `T` on a delivered order opens its return form.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::outcome::Done;
use crate::services::Services;
use orderdeck_app::invoicing::{self, InvoiceDraft};
use orderdeck_app::returns::{self, ExchangeLine, ExchangeWith, RefundInput, ReturnInput};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
use orderdeck_integrations::invoice_provider::ProviderKind;

/// The buyer fields, keyed as `Buyer::validate` names its problems, so each reason lands
/// beside its field.
pub(crate) const BUYER_FIELDS: [(&str, &str, &str); 5] = [
    (
        "buyer.company",
        "Company",
        "buying company (blank: a person)",
    ),
    (
        "buyer.tax_code",
        "Tax code",
        "MST: 10 digits, or 0123456789-001",
    ),
    (
        "buyer.address",
        "Address",
        "the company's registered address",
    ),
    ("buyer.email", "Email", "where the invoice is sent"),
    ("buyer.name", "Buyer name", "the person buying"),
];

#[derive(Debug, Clone)]
pub enum InvoiceJob {
    /// Drafts the order's invoice to open the preview.
    Prepare {
        number: String,
        template: InvoiceTemplate,
    },
    Issue {
        number: String,
        template: InvoiceTemplate,
        provider: ProviderKind,
        buyer: Buyer,
    },
    /// The preview as it stands, written as an A4 PDF.
    ExportPdf {
        number: String,
        template: InvoiceTemplate,
        buyer: Buyer,
    },
    /// A replacement of the issued invoice with the buyer corrected.
    Replace {
        number: String,
        buyer: Buyer,
        reason: String,
    },
    /// The issued invoice's own PDF (from the provider), saved to a file.
    SavePdf { number: String },
    /// The issued invoice, e-mailed to the buyer.
    Email { number: String },
    /// Loads the order's returnable lines to open the return form.
    PrepareReturn { number: String },
    Return {
        input: ReturnInput,
        exchange: ExchangeWith,
    },
}

/// The preview open on screen: the draft as last read from the order.
pub struct InvoicePreview {
    pub draft: Box<InvoiceDraft>,
    /// The order's invoice when one was issued already ("1C26TAA 0000012").
    pub issued: Option<String>,
    pub scroll: u16,
}

pub(crate) fn buyer_from_form(form: &Form) -> Buyer {
    Buyer {
        company: form.get("buyer.company"),
        tax_code: form.get("buyer.tax_code"),
        address: form.get("buyer.address"),
        email: form.get("buyer.email"),
        name: form.get("buyer.name"),
    }
}

pub(crate) fn provider_from_form(form: &Form) -> Result<ProviderKind, String> {
    ProviderKind::parse(&form.get("provider"))
        .ok_or_else(|| "sinvoice (Viettel S-Invoice) or misa (MISA meInvoice)".to_string())
}

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

/// The invoice preview form: provider, then the buyer fields.
pub(crate) fn invoice_form(
    draft: &InvoiceDraft,
    provider: &str,
    issued: Option<&str>,
) -> FormState {
    let mut fields = vec![Field::new("provider", "Provider", provider).hint("sinvoice or misa")];
    let values = [
        &draft.buyer.company,
        &draft.buyer.tax_code,
        &draft.buyer.address,
        &draft.buyer.email,
        &draft.buyer.name,
    ];
    for ((key, label, hint), value) in BUYER_FIELDS.into_iter().zip(values) {
        fields.push(Field::new(key, label, value).hint(hint));
    }
    let mut form = Form::new(
        format!(
            "Invoice of {} — {} ({})",
            draft.order_number,
            draft.template.name_vi(),
            draft.symbol
        ),
        fields,
    );
    form.focus = 1;
    form.note = Some(match issued {
        Some(i) => (
            format!(
                "issued as {i}, never edited: correct the buyer and Ctrl-s issues a \
                 replacement · Ctrl-p PDF · P in Invoices saves the issued one"
            ),
            true,
        ),
        None => (
            "Ctrl-s issues · Ctrl-p A4 PDF · Ctrl-t VAT/sales · PgUp/PgDn scroll · Esc closes"
                .into(),
            false,
        ),
    });
    let mut state = FormState {
        form,
        kind: FormKind::Invoice {
            number: draft.order_number.clone(),
            template: draft.template,
        },
    };
    check_buyer(&mut state);
    state
}

/// Shows each buyer problem beside its field, as it is typed.
pub fn check_buyer(state: &mut FormState) {
    let FormKind::Invoice { template, .. } = &state.kind else {
        return;
    };
    let problems = buyer_from_form(&state.form).validate(*template);
    for f in &mut state.form.fields {
        if f.key.starts_with("buyer.") {
            f.error = None;
        }
    }
    for p in problems {
        state.form.error(&p.field, p.message);
    }
}

pub(crate) fn return_form(number: &str, lines: &str) -> FormState {
    let mut form = Form::new(
        format!("Return of {number}"),
        vec![
            Field::new("lines", "Lines", lines)
                .multiline()
                .hint("SKU:QTY:good or SKU:QTY:damaged, one per line"),
            Field::new("reason", "Reason", "").hint("why it came back"),
            Field::new("warehouse", "Warehouse", "").hint("code; blank = where it shipped from"),
            Field::new("refund", "Refund", "").hint("đồng; blank = no refund"),
            Field::new("method", "Refund by", "transfer").hint("cash, transfer or channel"),
            Field::new("reference", "Reference", "").hint("bank or channel reference"),
            Field::new("exchange", "Exchange", "no").hint("no, same, or SKU:QTY, SKU:QTY"),
        ],
    );
    form.note = Some((
        "Every returnable unit is listed: keep the lines that came back, mark damaged ones. \
         Ctrl-s asks before anything is changed"
            .into(),
        false,
    ));
    FormState {
        form,
        kind: FormKind::Return {
            number: number.to_string(),
        },
    }
}

/// The return form's answer, field by field.
pub fn read_return(
    number: &str,
    form: &Form,
) -> Result<(ReturnInput, ExchangeWith), Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for l in form.lines_of("lines") {
        match returns::ReturnLine::parse(&l) {
            Ok(x) => lines.push(x),
            Err(e) => errors.push(("lines".to_string(), e.to_string())),
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.push(("lines".into(), "at least one line comes back".into()));
    }
    let reason = form.get("reason");
    if reason.is_empty() {
        errors.push(("reason".into(), "give the reason".into()));
    }
    let warehouse = Some(form.get("warehouse")).filter(|w| !w.is_empty());
    let refund_text: String = form
        .get("refund")
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '₫'))
        .collect();
    let refund = if refund_text.is_empty() {
        None
    } else {
        match refund_text.parse::<Decimal>() {
            Ok(a) if a > Decimal::ZERO => Some(RefundInput {
                amount: a,
                method: form.get("method"),
                reference: form.get("reference"),
            }),
            _ => {
                errors.push(("refund".into(), "an amount in đồng above 0".into()));
                None
            }
        }
    };
    let exchange_text = form.get("exchange");
    let exchange = match exchange_text.to_lowercase().as_str() {
        "" | "no" | "none" => ExchangeWith::Nothing,
        "same" => ExchangeWith::Same,
        _ => {
            let parsed: Result<Vec<ExchangeLine>, _> = exchange_text
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(ExchangeLine::parse)
                .collect();
            match parsed {
                Ok(l) => ExchangeWith::Lines(l),
                Err(e) => {
                    errors.push(("exchange".into(), e.to_string()));
                    ExchangeWith::Nothing
                }
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        ReturnInput {
            order_number: number.to_string(),
            lines,
            reason,
            warehouse,
            refund,
        },
        exchange,
    ))
}
