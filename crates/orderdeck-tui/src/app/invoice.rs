//! Invoices and returns in the console: the preview, issuing, replacing, the return form.

use crate::app_forms::FormKind;
use crate::jobs::Job;
use crate::lists::ListKind;
use orderdeck_domain::invoice::InvoiceTemplate;
use orderdeck_domain::invoice_document::InvoiceDraft;
use orderdeck_domain::returns::{self, ExchangeWith};
use orderdeck_i18n::format::money;
use rust_decimal::Decimal;

use super::*;
use crate::app_forms::FormState;
use crate::invoice::*;
use orderdeck_domain::invoice::Buyer;

impl App {
    /// `I`: an order's invoice preview (the order selected in Orders, or the selected
    /// invoice's order in Invoices).
    pub(crate) fn start_invoice(&mut self, order: Option<String>) -> Vec<Effect> {
        match order {
            Some(number) => vec![Effect::Job(Job::Invoicing(InvoiceJob::Prepare {
                number,
                template: InvoiceTemplate::Vat,
            }))],
            None => Vec::new(),
        }
    }

    /// `T`: an order's return form.
    pub(crate) fn start_return(&mut self, order: Option<String>) -> Vec<Effect> {
        match order {
            Some(number) => vec![Effect::Job(Job::Invoicing(InvoiceJob::PrepareReturn {
                number,
            }))],
            None => Vec::new(),
        }
    }

    /// `P` in Invoices: the selected invoice's issued PDF, to a file.
    pub(crate) fn save_invoice_pdf(&mut self) -> Vec<Effect> {
        match self.selected_cell(ListKind::Invoices, 1) {
            Some(number) => vec![Effect::Job(Job::Invoicing(InvoiceJob::SavePdf { number }))],
            None => Vec::new(),
        }
    }

    /// `E` in Invoices: the selected invoice e-mailed to its buyer.
    pub(crate) fn email_invoice(&mut self) -> Vec<Effect> {
        let Some(number) = self.selected_cell(ListKind::Invoices, 1) else {
            return Vec::new();
        };
        self.confirm = Some(Confirm {
            question: t!("form-confirm-email-invoice", number = &number),
            job: Job::Invoicing(InvoiceJob::Email { number }),
        });
        Vec::new()
    }

    pub fn on_invoice_draft(
        &mut self,
        draft: Box<InvoiceDraft>,
        issued: Option<String>,
        provider: String,
    ) {
        let state = invoice_form(&draft, &provider, issued.as_deref());
        self.form = Some(state);
        self.invoice = Some(InvoicePreview {
            draft,
            issued,
            scroll: 0,
        });
    }

    pub fn on_return_draft(&mut self, number: String, lines: String, refundable: Decimal) {
        self.form = Some(return_form(&number, &lines, refundable));
    }

    /// Keys the invoice preview takes before the form: `None` passes the key on.
    pub fn on_invoice_key(&mut self, key: crossterm::event::KeyEvent) -> Option<Vec<Effect>> {
        use crossterm::event::KeyCode;
        let state = self.form.as_ref()?;
        let FormKind::Invoice { number, template } = &state.kind else {
            return None;
        };
        let pdf = self
            .keymap
            .matches(Action::InvoiceFormPdf, Mode::Form, &key);
        let other_template = self
            .keymap
            .matches(Action::InvoiceFormTemplate, Mode::Form, &key);
        match key.code {
            KeyCode::PageDown | KeyCode::PageUp => {
                if let Some(p) = self.invoice.as_mut() {
                    p.scroll = if key.code == KeyCode::PageDown {
                        p.scroll.saturating_add(10)
                    } else {
                        p.scroll.saturating_sub(10)
                    };
                }
                Some(Vec::new())
            }
            _ if pdf => Some(vec![Effect::Job(Job::Invoicing(InvoiceJob::ExportPdf {
                number: number.clone(),
                template: *template,
                buyer: buyer_from_form(&state.form),
            }))]),
            _ if other_template => {
                let other = match template {
                    InvoiceTemplate::Vat => InvoiceTemplate::Sales,
                    InvoiceTemplate::Sales => InvoiceTemplate::Vat,
                };
                Some(vec![Effect::Job(Job::Invoicing(InvoiceJob::Prepare {
                    number: number.clone(),
                    template: other,
                }))])
            }
            _ => None,
        }
    }

    /// Ctrl-s in the invoice preview: checked here, then asked, then issued.
    pub fn submit_invoice(&mut self) -> Vec<Effect> {
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        let FormKind::Invoice { number, template } = state.kind.clone() else {
            return Vec::new();
        };
        check_buyer(state);
        if let Some(p) = self.invoice.as_ref()
            && let Some(i) = p.issued.clone()
        {
            return replace_instead(state, &p.draft.buyer, &number, &i, &mut self.confirm);
        }
        let provider = provider_from_form(&state.form);
        if let Err(m) = &provider {
            state.form.error("provider", m.clone());
        }
        if state.form.fields.iter().any(|f| f.error.is_some()) {
            state.form.note = Some((t!("form-not-issued"), true));
            state.form.first_error();
            return Vec::new();
        }
        let Ok(provider) = provider else {
            return Vec::new();
        };
        let total = self
            .invoice
            .as_ref()
            .map(|p| money(p.draft.totals.total))
            .unwrap_or_default();
        self.confirm = Some(Confirm {
            question: match template {
                InvoiceTemplate::Vat => t!(
                    "form-confirm-issue-vat",
                    number = &number,
                    total = &total,
                    provider = provider.label()
                ),
                InvoiceTemplate::Sales => t!(
                    "form-confirm-issue-sales",
                    number = &number,
                    total = &total,
                    provider = provider.label()
                ),
            },
            job: Job::Invoicing(InvoiceJob::Issue {
                number,
                template,
                provider,
                buyer: buyer_from_form(&state.form),
            }),
        });
        Vec::new()
    }

    /// Ctrl-s in the return form: checked here, then asked, then received.
    pub fn submit_return(&mut self) -> Vec<Effect> {
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        let FormKind::Return { number, refundable } = state.kind.clone() else {
            return Vec::new();
        };
        state.form.clear_errors();
        match read_return(&number, &state.form, refundable) {
            Err(errors) => {
                state.form.show_errors(errors);
                Vec::new()
            }
            Ok((input, exchange)) => {
                let good: i32 = input
                    .lines
                    .iter()
                    .filter(|l| l.condition == returns::Condition::Good)
                    .map(|l| l.qty)
                    .sum();
                let damaged: i32 = input.lines.iter().map(|l| l.qty).sum::<i32>() - good;
                let refund = input
                    .refund
                    .as_ref()
                    .map(|r| {
                        t!(
                            "form-return-refund",
                            amount = money(r.amount),
                            method = &r.method
                        )
                    })
                    .unwrap_or_default();
                let exchange_said = match &exchange {
                    ExchangeWith::Nothing => String::new(),
                    ExchangeWith::Same => t!("form-return-exchange-same"),
                    ExchangeWith::Lines(l) => t!("form-return-exchange-lines", count = l.len()),
                };
                self.confirm = Some(Confirm {
                    question: t!(
                        "form-confirm-return",
                        number = &number,
                        good = good,
                        damaged = damaged,
                        refund = refund,
                        exchange = exchange_said
                    ),
                    job: Job::Invoicing(InvoiceJob::Return { input, exchange }),
                });
                Vec::new()
            }
        }
    }
}

/// Ctrl-s on an issued invoice: a replacement with the buyer as now typed, after a y/n.
fn replace_instead(
    state: &mut FormState,
    issued_buyer: &Buyer,
    number: &str,
    issued: &str,
    confirm: &mut Option<Confirm>,
) -> Vec<Effect> {
    if state.form.fields.iter().any(|f| f.error.is_some()) {
        state.form.note = Some((t!("form-not-replaced"), true));
        state.form.first_error();
        return Vec::new();
    }
    let buyer = buyer_from_form(&state.form);
    let changed: Vec<&str> = [
        ("tên đơn vị", &buyer.company, &issued_buyer.company),
        ("mã số thuế", &buyer.tax_code, &issued_buyer.tax_code),
        ("địa chỉ", &buyer.address, &issued_buyer.address),
        ("email", &buyer.email, &issued_buyer.email),
        ("người mua", &buyer.name, &issued_buyer.name),
    ]
    .into_iter()
    .filter(|(_, now, was)| now.trim() != was.trim())
    .map(|(what, _, _)| what)
    .collect();
    if changed.is_empty() {
        state.form.note = Some((t!("form-replace-unchanged", issued = issued), true));
        return Vec::new();
    }
    *confirm = Some(Confirm {
        question: t!("form-confirm-replace", issued = issued, number = number),
        job: Job::Invoicing(InvoiceJob::Replace {
            number: number.to_string(),
            buyer,
            reason: format!("sai thông tin người mua ({})", changed.join(", ")),
        }),
    });
    Vec::new()
}
