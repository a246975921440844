//! The console's forms as the app handles them: opening, saving, refusals beside their
//! fields.

use crate::form::FormKey;
use crate::jobs::{Done, Job};
use crate::lists::ListKind;
use crate::order_form;
use crossterm::event::KeyEvent;
use orderdeck_domain::catalog::WarehouseInput;

use super::*;
use crate::app_forms::*;

impl App {
    /// Opens a form (a pane's `n`, or a blank one of its own).
    pub(crate) fn open_form(&mut self, form: FormState) -> Vec<Effect> {
        self.form = Some(form);
        Vec::new()
    }

    /// A pane's `e`: loads the selected row of `list` fresh, to fill its form.
    pub(crate) fn load_selected(&mut self, list: ListKind, load: fn(i64) -> Job) -> Vec<Effect> {
        match self.list(list).pager.selected_row() {
            Some(r) => vec![Effect::Job(load(r.id))],
            None => Vec::new(),
        }
    }

    /// Asks a yes/no question; yes runs the job.
    pub(crate) fn ask(&mut self, question: String, job: Job) -> Vec<Effect> {
        self.confirm = Some(Confirm { question, job });
        Vec::new()
    }

    /// `x` in the warehouses list.
    pub(crate) fn confirm_deactivate_warehouse(&mut self) -> Vec<Effect> {
        if let Some(code) = self
            .list(ListKind::Warehouses)
            .pager
            .selected_row()
            .and_then(|r| r.cells.first())
            .map(|c| c.text.clone())
        {
            self.confirm = Some(Confirm {
                question: t!("form-confirm-deactivate-warehouse", code = code),
                job: Job::DeactivateWarehouse { code },
            });
        }
        Vec::new()
    }

    pub fn on_form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        if state.form.busy {
            return Vec::new();
        }
        if let Some(fx) = self.on_invoice_key(key) {
            return fx;
        }
        if let Some(fx) = self.on_cancel_key(key) {
            return fx;
        }
        if let Some(fx) = self.on_consent_key(key) {
            return fx;
        }
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        let was = state.form.focused_key();
        let (what, warning) = if self.keymap.matches(Action::Save, Mode::Form, &key) {
            (FormKey::Submit, None)
        } else {
            state.form.on_key(key)
        };
        if let Some(w) = warning {
            state.form.note = Some((w, true));
        }
        match what {
            FormKey::Cancel => {
                self.form = None;
                self.info(t!("form-closed-unsaved"));
                Vec::new()
            }
            FormKey::Moved => {
                // Leaving the phone field of a new order looks the customer up.
                if state.kind == FormKind::NewOrder
                    && was == "phone"
                    && state.form.focused_key() != "phone"
                {
                    let phone = state.form.get("phone");
                    if !phone.is_empty() && state.form.get("name").is_empty() {
                        return vec![Effect::Job(Job::LookupCustomer { phone })];
                    }
                }
                Vec::new()
            }
            FormKey::Edited => {
                crate::invoice::check_buyer(state);
                Vec::new()
            }
            FormKey::Submit => match state.kind {
                FormKind::Invoice { .. } => self.submit_invoice(),
                FormKind::Cancel { .. } => self.submit_cancel(),
                FormKind::Return { .. } => self.submit_return(),
                _ => self.submit_form(),
            },
        }
    }

    pub(super) fn submit_form(&mut self) -> Vec<Effect> {
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        // The consent form's note is its instructions and link: it stays.
        let keep = match state.kind {
            FormKind::Reconnect { .. } => state.form.note.clone(),
            _ => None,
        };
        state.form.clear_errors();
        if keep.is_some() {
            state.form.note = keep;
        }
        let job = match &state.kind {
            FormKind::NewOrder => match order_form::read_new_order(&state.form) {
                Ok(o) => Job::CreateOrder(Box::new(o)),
                Err(errors) => {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
            },
            FormKind::EditOrder { number, version } => match order_form::read_edit(&state.form) {
                Ok(edit) => Job::SaveOrderEdit {
                    number: number.clone(),
                    version: *version,
                    edit: Box::new(edit),
                },
                Err(errors) => {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
            },
            FormKind::Warehouse { id } => {
                let input = WarehouseInput {
                    code: state.form.get("code").to_uppercase(),
                    name: state.form.get("name"),
                    address: state.form.get("address"),
                    manager: state.form.get("manager"),
                };
                let errors = input.validate();
                if !errors.is_empty() {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
                Job::SaveWarehouse { id: *id, input }
            }
            FormKind::Supplier { id } => Job::SaveSupplier {
                id: *id,
                input: orderdeck_domain::purchasing::SupplierInput {
                    name: state.form.get("name"),
                    contact: state.form.get("contact"),
                    phone: state.form.get("phone"),
                    tax_code: state.form.get("tax_code"),
                    lead_time_days: state.form.get("lead_time_days"),
                },
            },
            FormKind::ManualPo => Job::CreateManualPo(orderdeck_domain::purchasing::ManualPo {
                supplier: state.form.get("supplier"),
                warehouse: state.form.get("warehouse"),
                expected: state.form.get("expected"),
                lines: state.form.get("lines"),
            }),
            FormKind::Receipt { number } => match read_receipt(&state.form) {
                Ok(lines) => Job::ReceiveLines {
                    number: number.clone(),
                    lines,
                },
                Err(errors) => {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
            },
            FormKind::NewProduct => match read_product(&state.form) {
                Ok(p) => Job::CreateProduct(Box::new(p)),
                Err(errors) => {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
            },
            FormKind::Ship { number } => {
                let choice = crate::ship::choice_from_form(&state.form);
                if let Err(errors) = crate::ship::read_choice(&choice) {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
                Job::Shipping(crate::ship::ShipJob::Quote {
                    number: number.clone(),
                    choice,
                })
            }
            FormKind::ParcelNote { tracking } => {
                let text = state.form.get("text");
                if text.trim().is_empty() {
                    state
                        .form
                        .show_errors(vec![("text".into(), t!("form-note-empty"))]);
                    return Vec::new();
                }
                Job::Shipping(crate::ship::ShipJob::Note {
                    tracking: tracking.clone(),
                    text,
                })
            }
            // Asked before they run: see `submit_invoice` and `submit_return`.
            FormKind::Invoice { .. } | FormKind::Return { .. } | FormKind::Cancel { .. } => {
                return Vec::new();
            }
            FormKind::ShopBuffer { shop_id } => {
                let typed = state.form.get("buffer");
                if let Err(e) = orderdeck_domain::channels::parse_stock_buffer(&typed) {
                    state.form.show_errors(vec![("buffer".into(), e)]);
                    return Vec::new();
                }
                Job::Shops(crate::shops::ShopJob::SaveBuffer {
                    shop_id: *shop_id,
                    typed,
                })
            }
            FormKind::ChatReply { conversation_id } => {
                let text = state.form.get("text");
                if text.trim().is_empty() {
                    state
                        .form
                        .show_errors(vec![("text".into(), t!("form-reply-empty"))]);
                    return Vec::new();
                }
                Job::Inbox(crate::inbox::InboxJob::SendOwn {
                    conversation_id: *conversation_id,
                    text,
                })
            }
            FormKind::Reconnect { shop_id, .. } => {
                let pasted = state.form.get("code");
                if let Err(e) = orderdeck_integrations::marketplace::consent_code(&pasted) {
                    state.form.show_errors(vec![("code".into(), e)]);
                    return Vec::new();
                }
                // The note keeps the consent link on screen while the code is traded.
                state.form.busy = true;
                return vec![Effect::Job(Job::Shops(crate::shops::ShopJob::Authorise {
                    shop_id: *shop_id,
                    pasted,
                }))];
            }
            FormKind::EditProduct { id } => match read_product_edit(&state.form) {
                Ok(edit) => Job::SaveProduct {
                    id: *id,
                    edit: Box::new(edit),
                },
                Err(errors) => {
                    state.form.show_errors(errors);
                    return Vec::new();
                }
            },
        };
        state.form.busy = true;
        state.form.note = Some((t!("form-saving"), false));
        vec![Effect::Job(job)]
    }

    /// Answers that concern forms; `true` when handled.
    pub fn on_form_done(&mut self, done: &Done) -> bool {
        match done {
            Done::Saved(msg) => {
                self.form = None;
                self.info(msg.clone());
                true
            }
            Done::FormRefused(errors) => {
                if let Some(state) = self.form.as_mut() {
                    state.form.busy = false;
                    // The consent form's note is its instructions and link: keep them.
                    if !matches!(state.kind, FormKind::Reconnect { .. }) {
                        state.form.note = Some((t!("form-not-saved"), true));
                    }
                    state.form.show_errors(errors.clone());
                } else {
                    self.error(
                        errors
                            .iter()
                            .map(|(_, m)| m.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                }
                true
            }
            Done::Conflict { message, fresh } => {
                match fresh {
                    Some(o) => {
                        let mut form = order_form::edit_order_form(o);
                        form.note = Some((message.clone(), true));
                        self.form = Some(FormState {
                            form,
                            kind: FormKind::EditOrder {
                                number: o.number.clone(),
                                version: o.version,
                            },
                        });
                    }
                    None => {
                        self.form = None;
                        self.error(message.clone());
                    }
                }
                true
            }
            Done::EditLoaded(o) => {
                self.form = Some(FormState {
                    form: order_form::edit_order_form(o),
                    kind: FormKind::EditOrder {
                        number: o.number.clone(),
                        version: o.version,
                    },
                });
                true
            }
            Done::WarehouseLoaded { id, input } => {
                self.form = Some(warehouse_form(Some(*id), input));
                true
            }
            Done::SupplierLoaded { id, input } => {
                self.form = Some(supplier_form(Some(*id), input));
                true
            }
            Done::ReceiptLoaded { number, lines } => {
                self.form = Some(receipt_form(number, lines));
                true
            }
            Done::InvoiceDraft {
                draft,
                issued,
                provider,
            } => {
                self.on_invoice_draft(draft.clone(), issued.clone(), provider.clone());
                true
            }
            Done::Cancel(d) => {
                self.on_cancel_done(d.clone());
                true
            }
            Done::ReturnDraft {
                number,
                lines,
                refundable,
            } => {
                self.on_return_draft(number.clone(), lines.clone(), *refundable);
                true
            }
            Done::ProductLoaded { id, detail } => {
                self.form = Some(edit_product_form(*id, detail));
                true
            }
            Done::Customer(c) => {
                if let Some(state) = self.form.as_mut() {
                    let addr = |k: &str| {
                        c.address
                            .get(k)
                            .and_then(|v| v.as_str())
                            .unwrap_or("")
                            .to_string()
                    };
                    for (key, value) in [
                        ("name", c.name.clone()),
                        ("email", c.email.clone()),
                        ("line1", addr("line1")),
                        ("ward", addr("ward")),
                        ("district", addr("district")),
                        ("province", addr("province")),
                    ] {
                        if state.form.get(key).is_empty() && !value.is_empty() {
                            state.form.set(key, &value);
                        }
                    }
                    state.form.note = Some((t!("form-known-customer", name = &c.name), false));
                }
                true
            }
            _ => false,
        }
    }
}
