//! The console's forms: a new manual order, editing an order, a warehouse. Opening,
//! keys, saving through a job, and putting the answer (saved, refused by field, conflict)
//! back on screen.

use crossterm::event::KeyEvent;

use crate::store::catalog::WarehouseInput;
use crate::tui::app::{App, Confirm, Effect};
use crate::tui::form::{Field, Form, FormKey};
use crate::tui::jobs::{Done, Job};
use crate::tui::panes::order_form;
use crate::tui::panes::{ListKind, PaneId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    NewOrder,
    EditOrder { number: String, version: i32 },
    Warehouse { id: Option<i64> },
}

pub struct FormState {
    pub form: Form,
    pub kind: FormKind,
}

fn warehouse_form(id: Option<i64>, w: &WarehouseInput) -> FormState {
    let title = if id.is_some() {
        format!("Edit warehouse {}", w.code)
    } else {
        "New warehouse".to_string()
    };
    let mut form = Form::new(
        title,
        vec![
            Field::new("code", "Code", &w.code).hint("HN, HCM, DN-2 …"),
            Field::new("name", "Name", &w.name),
            Field::new("address", "Address", &w.address),
            Field::new("manager", "In charge", &w.manager).hint("the person in charge"),
        ],
    );
    form.note = Some(("Ctrl-s saves".into(), false));
    FormState {
        form,
        kind: FormKind::Warehouse { id },
    }
}

impl App {
    /// `n`: a new order (Orders) or a new warehouse (Catalog, warehouses list).
    pub fn open_new_form(&mut self) -> Vec<Effect> {
        match (self.pane, self.focused_list()) {
            (PaneId::Orders, _) => {
                self.form = Some(FormState {
                    form: order_form::new_order_form(),
                    kind: FormKind::NewOrder,
                });
                Vec::new()
            }
            (PaneId::Catalog, Some(ListKind::Warehouses)) => {
                self.form = Some(warehouse_form(None, &WarehouseInput::default()));
                Vec::new()
            }
            (PaneId::Catalog, _) => {
                self.error("new products come in with `orderdeck import products FILE.csv`; Tab to warehouses to add one");
                Vec::new()
            }
            _ => {
                self.error("`n` makes a new order (1) or warehouse (8)");
                Vec::new()
            }
        }
    }

    /// `e`: edit the selected order or warehouse (loaded fresh from the database).
    pub fn open_edit_form(&mut self) -> Vec<Effect> {
        match (self.pane, self.focused_list()) {
            (PaneId::Orders, _) => match self
                .list(ListKind::Orders)
                .pager
                .selected_row()
                .and_then(|r| r.cells.first())
            {
                Some(c) => vec![Effect::Job(Job::LoadOrderForEdit {
                    number: c.text.clone(),
                })],
                None => Vec::new(),
            },
            (PaneId::Catalog, Some(ListKind::Warehouses)) => {
                match self.list(ListKind::Warehouses).pager.selected_row() {
                    Some(r) => vec![Effect::Job(Job::LoadWarehouse { id: r.id })],
                    None => Vec::new(),
                }
            }
            _ => {
                self.error("`e` edits an order (1) or a warehouse (8, Tab to warehouses)");
                Vec::new()
            }
        }
    }

    /// `x` in the warehouses list.
    pub fn confirm_deactivate_warehouse(&mut self) -> Vec<Effect> {
        if let Some(code) = self
            .list(ListKind::Warehouses)
            .pager
            .selected_row()
            .and_then(|r| r.cells.first())
            .map(|c| c.text.clone())
        {
            self.confirm = Some(Confirm {
                question: format!("Deactivate warehouse {code}? y = yes"),
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
        let was = state.form.focused_key();
        let (what, warning) = state.form.on_key(key);
        if let Some(w) = warning {
            state.form.note = Some((w, true));
        }
        match what {
            FormKey::Cancel => {
                self.form = None;
                self.info("closed without saving");
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
            FormKey::Edited => Vec::new(),
            FormKey::Submit => self.submit_form(),
        }
    }

    fn submit_form(&mut self) -> Vec<Effect> {
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
        state.form.clear_errors();
        let job = match &state.kind {
            FormKind::NewOrder => match order_form::read_new_order(&state.form) {
                Ok(o) => Job::CreateOrder(Box::new(o)),
                Err(errors) => {
                    for (k, m) in errors {
                        state.form.error(&k, m);
                    }
                    state.form.first_error();
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
                    for (k, m) in errors {
                        state.form.error(&k, m);
                    }
                    state.form.first_error();
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
                    for (k, m) in errors {
                        state.form.error(&k, m);
                    }
                    state.form.first_error();
                    return Vec::new();
                }
                Job::SaveWarehouse { id: *id, input }
            }
        };
        state.form.busy = true;
        state.form.note = Some(("saving…".into(), false));
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
                    state.form.note =
                        Some(("not saved: fix the fields marked in red".into(), true));
                    for (k, m) in errors {
                        state.form.error(k, m.clone());
                    }
                    state.form.first_error();
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
                    state.form.note = Some((
                        format!("known customer {}: details filled in", c.name),
                        false,
                    ));
                }
                true
            }
            _ => false,
        }
    }
}
