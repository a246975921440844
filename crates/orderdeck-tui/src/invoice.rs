//! Invoices and returns from the console.
//!
//! `I` on an order opens its invoice preview: the buyer fields edited in place, each
//! checked as it is typed with the reason beside the field, above the invoice drawn like
//! the paper form (seller, buyer, lines, rates, breakdown, totals, amount in words).
//! Ctrl-s issues it after a y/n; Ctrl-p writes it as an A4 PDF; Ctrl-t switches between
//! the VAT and the sales template. `T` on a delivered order opens its return form.

use rust_decimal::Decimal;

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
use orderdeck_domain::invoice_document::InvoiceDraft;
use orderdeck_domain::returns::{self, ExchangeLine, ExchangeWith, RefundInput, ReturnInput};
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
                "issued as {i}, never edited: correct the buyer and {{save}} issues a \
                 replacement · {{pdf}} PDF · P in Invoices saves the issued one"
            ),
            true,
        ),
        None => (
            "{save} issues · {pdf} A4 PDF · {template} VAT/sales · PgUp/PgDn scroll · Esc closes"
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
         {save} asks before anything is changed"
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
