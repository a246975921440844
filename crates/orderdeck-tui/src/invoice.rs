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
use orderdeck_i18n::format::money;
use orderdeck_i18n::t;
use orderdeck_integrations::invoice_provider::ProviderKind;

/// The buyer fields, keyed as `Buyer::validate` names its problems, so each reason lands
/// beside its field: (key, label id, hint id).
pub(crate) const BUYER_FIELDS: [(&str, &str, &str); 5] = [
    (
        "buyer.company",
        "form-invoice-company",
        "form-invoice-company-hint",
    ),
    (
        "buyer.tax_code",
        "form-invoice-tax-code",
        "form-invoice-tax-code-hint",
    ),
    (
        "buyer.address",
        "form-invoice-address",
        "form-invoice-address-hint",
    ),
    (
        "buyer.email",
        "form-invoice-email",
        "form-invoice-email-hint",
    ),
    (
        "buyer.name",
        "form-invoice-buyer-name",
        "form-invoice-buyer-name-hint",
    ),
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
    ProviderKind::parse(&form.get("provider")).ok_or_else(|| t!("form-invoice-provider-unknown"))
}

/// The invoice preview form: provider, then the buyer fields.
pub(crate) fn invoice_form(
    draft: &InvoiceDraft,
    provider: &str,
    issued: Option<&str>,
) -> FormState {
    let mut fields = vec![
        Field::new("provider", "form-invoice-provider", provider)
            .hint("form-invoice-provider-hint"),
    ];
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
        t!(
            "form-invoice-title",
            number = &draft.order_number,
            template = draft.template.name_vi(),
            symbol = &draft.symbol
        ),
        fields,
    );
    form.focus = 1;
    form.note = Some(match issued {
        Some(i) => (t!("form-invoice-issued-note", issued = i), true),
        None => (t!("form-invoice-note"), false),
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

pub(crate) fn return_form(number: &str, lines: &str, refundable: Decimal) -> FormState {
    let mut form = Form::new(
        t!("form-return-title", number = number),
        vec![
            Field::new("lines", "form-return-lines", lines)
                .multiline()
                .hint("form-return-lines-hint"),
            Field::new("reason", "form-return-reason", "").hint("form-return-reason-hint"),
            Field::new("warehouse", "form-return-warehouse", "").hint("form-return-warehouse-hint"),
            Field::new("refund", "form-return-refund-amount", "")
                .hint("form-return-refund-amount-hint"),
            Field::new("method", "form-return-method", "transfer").hint("form-return-method-hint"),
            Field::new("reference", "form-return-reference", "").hint("form-return-reference-hint"),
            Field::new("exchange", "form-return-exchange", "no").hint("form-return-exchange-hint"),
        ],
    );
    form.note = Some((
        format!(
            "{} {}",
            t!("form-return-note"),
            t!("form-return-refundable", amount = money(refundable))
        ),
        false,
    ));
    FormState {
        form,
        kind: FormKind::Return {
            number: number.to_string(),
            refundable,
        },
    }
}

/// The return form's answer, field by field.
pub fn read_return(
    number: &str,
    form: &Form,
    refundable: Decimal,
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
        errors.push(("lines".into(), t!("form-return-no-lines")));
    }
    let reason = form.get("reason");
    if reason.is_empty() {
        errors.push(("reason".into(), t!("form-return-no-reason")));
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
            // Said here, beside the field, not after the question.
            Ok(a) if a > refundable => {
                errors.push((
                    "refund".into(),
                    t!(
                        "err-refund-too-much",
                        amount = money(a),
                        left = money(refundable.max(Decimal::ZERO))
                    ),
                ));
                None
            }
            Ok(a) if a > Decimal::ZERO => Some(RefundInput {
                amount: a,
                method: form.get("method"),
                reference: form.get("reference"),
            }),
            _ => {
                errors.push(("refund".into(), t!("form-return-bad-refund")));
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
