//! The console's forms: a new manual order, editing an order, a warehouse. Opening,
//! keys, saving through a job, and putting the answer (saved, refused by field, conflict)
//! back on screen.

use crossterm::event::KeyEvent;

use crate::app::{App, Confirm, Effect};
use crate::form::{Field, Form, FormKey};
use crate::jobs::{Done, Job};
use crate::panes::order_form;
use crate::panes::{ListKind, PaneId};
use orderdeck_store::catalog::WarehouseInput;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    NewOrder,
    EditOrder {
        number: String,
        version: i32,
    },
    Warehouse {
        id: Option<i64>,
    },
    NewProduct,
    EditProduct {
        id: i64,
    },
    Supplier {
        id: Option<i64>,
    },
    ManualPo,
    Receipt {
        number: String,
    },
    Ship {
        number: String,
    },
    ParcelNote {
        tracking: String,
    },
    Invoice {
        number: String,
        template: orderdeck_domain::invoice::InvoiceTemplate,
    },
    Return {
        number: String,
    },
    /// A shop's stock buffer (see `tui::shops`).
    ShopBuffer {
        shop_id: i64,
    },
    /// A marketplace shop's consent code (see `tui::shops`).
    Reconnect {
        shop_id: i64,
        /// The consent link shown (Ctrl-y copies it).
        link: Option<String>,
    },
}

pub struct FormState {
    pub form: Form,
    pub kind: FormKind,
}

fn new_product_form() -> FormState {
    let mut form = Form::new(
        "New product",
        vec![
            Field::new("name", "Name", ""),
            Field::new("category", "Category", ""),
            Field::new("brand", "Brand", ""),
            Field::new("vat_rate", "VAT rate", "10").hint("0, 5, 8, 10, KCT or KKKNT"),
            Field::new("attributes", "Variants", "")
                .multiline()
                .hint("up to 3 lines like  Màu: Đỏ, Xanh  — one variant per combination"),
            Field::new("sku_prefix", "SKU prefix", "").hint("variants get PREFIX-1, PREFIX-2 …"),
            Field::new("cost_price", "Cost price", "0"),
            Field::new("sale_price", "Selling price", "0"),
            Field::new("opening", "Opening stock", "").hint("per variant: HN=10, HCM=5"),
            Field::new("media", "Media links", "")
                .multiline()
                .hint("image or video URLs, one per line"),
            Field::new("description", "Description", "").multiline(),
            Field::new("specs", "Specifications", "").multiline(),
        ],
    );
    form.note = Some(("Ctrl-s saves; margin = selling price − cost".into(), false));
    FormState {
        form,
        kind: FormKind::NewProduct,
    }
}

fn edit_product_form(id: i64, d: &orderdeck_store::catalog::ProductDetail) -> FormState {
    let h = &d.header;
    let prices: Vec<String> = d
        .variants
        .iter()
        .map(|v| {
            format!(
                "{} {} {}",
                v.sku,
                v.cost_price.normalize(),
                v.sale_price.normalize()
            )
        })
        .collect();
    let mut form = Form::new(
        format!("Edit {}", h.name),
        vec![
            Field::new("name", "Name", &h.name),
            Field::new("category", "Category", &h.category),
            Field::new("brand", "Brand", &h.brand),
            Field::new("vat_rate", "VAT rate", &h.vat_rate),
            Field::new("prices", "Prices", &prices.join("\n"))
                .multiline()
                .hint("SKU cost selling reorder-point, one variant per line"),
            Field::new("media", "Media links", &h.media_urls.join("\n")).multiline(),
            Field::new("description", "Description", &h.description).multiline(),
            Field::new("specs", "Specifications", &h.specs).multiline(),
        ],
    );
    form.note = Some(("Ctrl-s saves".into(), false));
    FormState {
        form,
        kind: FormKind::EditProduct { id },
    }
}

fn read_product(
    form: &Form,
) -> Result<orderdeck_app::products::ProductInput, Vec<(String, String)>> {
    use orderdeck_app::products::{ProductInput, parse_attribute, parse_opening};
    let mut errors = Vec::new();
    let mut attributes = Vec::new();
    for line in form
        .get("attributes")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        match parse_attribute(line) {
            Ok(a) => attributes.push(a),
            Err(e) => errors.push(("attributes".into(), e)),
        }
    }
    let opening = parse_opening(&form.get("opening")).unwrap_or_else(|e| {
        errors.push(("opening".into(), e));
        Vec::new()
    });
    let input = ProductInput {
        name: form.get("name"),
        category: form.get("category"),
        brand: form.get("brand"),
        vat_rate: form.get("vat_rate").trim_end_matches('%').to_uppercase(),
        media: form.lines_of("media"),
        description: form.get("description"),
        specs: form.get("specs"),
        attributes,
        sku_prefix: form.get("sku_prefix").to_uppercase(),
        cost_price: order_form::parse_money(form, "cost_price", &mut errors),
        sale_price: order_form::parse_money(form, "sale_price", &mut errors),
        opening,
    };
    errors.extend(input.validate());
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    }
}

fn read_product_edit(
    form: &Form,
) -> Result<orderdeck_app::products::ProductEdit, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut prices = Vec::new();
    for line in form.get("prices").lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let money = |t: &str| t.replace('.', "").parse::<rust_decimal::Decimal>().ok();
        let parsed = match parts.as_slice() {
            [sku, cost, price] => money(cost)
                .zip(money(price))
                .map(|(c, p)| (sku.to_string(), c, p, None)),
            [sku, cost, price, reorder] => money(cost)
                .zip(money(price))
                .zip(reorder.parse::<i32>().ok())
                .map(|((c, p), r)| (sku.to_string(), c, p, Some(r))),
            _ => None,
        };
        match parsed {
            Some(p) => prices.push(p),
            None => errors.push((
                "prices".into(),
                format!("`{line}`: write SKU cost selling reorder-point"),
            )),
        }
    }
    let edit = orderdeck_app::products::ProductEdit {
        name: form.get("name"),
        category: form.get("category"),
        brand: form.get("brand"),
        vat_rate: form.get("vat_rate").trim_end_matches('%').to_uppercase(),
        media: form.lines_of("media"),
        description: form.get("description"),
        specs: form.get("specs"),
        prices,
    };
    if errors.is_empty() {
        Ok(edit)
    } else {
        Err(errors)
    }
}

fn supplier_form(id: Option<i64>, s: &orderdeck_app::purchasing::SupplierInput) -> FormState {
    let title = if id.is_some() {
        format!("Edit supplier {}", s.name)
    } else {
        "New supplier".to_string()
    };
    let lead = if s.lead_time_days.is_empty() {
        "7"
    } else {
        s.lead_time_days.as_str()
    };
    let mut form = Form::new(
        title,
        vec![
            Field::new("name", "Name", &s.name),
            Field::new("contact", "Contact", &s.contact),
            Field::new("phone", "Phone", &s.phone),
            Field::new("tax_code", "Tax code", &s.tax_code).hint("10 digits, or 0123456789-001"),
            Field::new("lead_time_days", "Lead time", lead).hint("days"),
        ],
    );
    form.note = Some(("Ctrl-s saves".into(), false));
    FormState {
        form,
        kind: FormKind::Supplier { id },
    }
}

fn manual_po_form() -> FormState {
    let mut form = Form::new(
        "New purchase order",
        vec![
            Field::new("supplier", "Supplier", "").hint("the supplier's name"),
            Field::new("warehouse", "Warehouse", "").hint("code of the warehouse receiving it"),
            Field::new("expected", "Expected", "")
                .hint("YYYY-MM-DD; empty: today + the supplier's lead time"),
            Field::new("lines", "Lines", "")
                .multiline()
                .hint("SKU qty [price], one per line; the price defaults to the last paid"),
        ],
    );
    form.note = Some(("Ctrl-s saves a draft".into(), false));
    FormState {
        form,
        kind: FormKind::ManualPo,
    }
}

fn receipt_form(number: &str, lines: &[orderdeck_app::purchasing::ReceiptLine]) -> FormState {
    let text: Vec<String> = lines
        .iter()
        .map(|l| format!("{} {} 0", l.sku, l.accepted))
        .collect();
    let mut form = Form::new(
        format!("Goods receipt for {number}"),
        vec![
            Field::new("lines", "Received", &text.join("\n"))
                .multiline()
                .hint("SKU accepted rejected [reason], one per line"),
        ],
    );
    form.note = Some((
        "edit what actually arrived; rejected units need a reason; Ctrl-s posts it to stock".into(),
        false,
    ));
    FormState {
        form,
        kind: FormKind::Receipt {
            number: number.to_string(),
        },
    }
}

fn read_receipt(
    form: &Form,
) -> Result<Vec<orderdeck_app::purchasing::ReceiptLine>, Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in form
        .get("lines")
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            [sku, acc, rej, reason @ ..] => match (acc.parse::<i32>(), rej.parse::<i32>()) {
                (Ok(a), Ok(r)) => out.push(orderdeck_app::purchasing::ReceiptLine {
                    sku: sku.to_string(),
                    accepted: a,
                    rejected: r,
                    reason: reason.join(" "),
                }),
                _ => errors.push((
                    "lines".to_string(),
                    format!("line {}: quantities must be whole numbers", i + 1),
                )),
            },
            _ => errors.push((
                "lines".to_string(),
                format!("line {}: write SKU accepted rejected [reason]", i + 1),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
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
    /// `n`: a new order, warehouse, product, purchase order or supplier, by pane and list.
    pub fn open_new_form(&mut self) -> Vec<Effect> {
        match (self.pane, self.focused_list()) {
            (PaneId::Purchasing, Some(ListKind::Suppliers)) => {
                self.form = Some(supplier_form(None, &Default::default()));
                Vec::new()
            }
            (PaneId::Purchasing, _) => {
                self.form = Some(manual_po_form());
                Vec::new()
            }
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
                self.form = Some(new_product_form());
                Vec::new()
            }
            _ => {
                self.error("`n` makes a new order (1), purchase order or supplier (3), product or warehouse (8)");
                Vec::new()
            }
        }
    }

    /// `e`: edit the selected order, warehouse, product or supplier (loaded fresh).
    pub fn open_edit_form(&mut self) -> Vec<Effect> {
        match (self.pane, self.focused_list()) {
            (PaneId::Purchasing, Some(ListKind::Suppliers)) => {
                match self.list(ListKind::Suppliers).pager.selected_row() {
                    Some(r) => vec![Effect::Job(Job::LoadSupplier { id: r.id })],
                    None => Vec::new(),
                }
            }
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
            (PaneId::Channels, _) => self.edit_shop_buffer(),
            (PaneId::Catalog, _) => match self.list(ListKind::Products).pager.selected_row() {
                Some(r) => vec![Effect::Job(Job::LoadProduct { id: r.id })],
                None => Vec::new(),
            },
            _ => {
                self.error("`e` edits an order (1), a supplier (3, Tab to suppliers), a product or warehouse (8), a shop's stock buffer (9)");
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
        if let Some(fx) = self.on_invoice_key(key) {
            return fx;
        }
        if let Some(fx) = self.on_consent_key(key) {
            return fx;
        }
        let Some(state) = self.form.as_mut() else {
            return Vec::new();
        };
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
            FormKey::Edited => {
                crate::invoice::check_buyer(state);
                Vec::new()
            }
            FormKey::Submit => match state.kind {
                FormKind::Invoice { .. } => self.submit_invoice(),
                FormKind::Return { .. } => self.submit_return(),
                _ => self.submit_form(),
            },
        }
    }

    fn submit_form(&mut self) -> Vec<Effect> {
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
                input: orderdeck_app::purchasing::SupplierInput {
                    name: state.form.get("name"),
                    contact: state.form.get("contact"),
                    phone: state.form.get("phone"),
                    tax_code: state.form.get("tax_code"),
                    lead_time_days: state.form.get("lead_time_days"),
                },
            },
            FormKind::ManualPo => Job::CreateManualPo(orderdeck_app::purchasing::ManualPo {
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
                        .show_errors(vec![("text".into(), "write something".into())]);
                    return Vec::new();
                }
                Job::Shipping(crate::ship::ShipJob::Note {
                    tracking: tracking.clone(),
                    text,
                })
            }
            // Asked before they run: see `submit_invoice` and `submit_return`.
            FormKind::Invoice { .. } | FormKind::Return { .. } => return Vec::new(),
            FormKind::ShopBuffer { shop_id } => {
                let typed = state.form.get("buffer");
                if let Err(e) = orderdeck_app::channels::parse_stock_buffer(&typed) {
                    state.form.show_errors(vec![("buffer".into(), e)]);
                    return Vec::new();
                }
                Job::Shops(crate::shops::ShopJob::SaveBuffer {
                    shop_id: *shop_id,
                    typed,
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
                    // The consent form's note is its instructions and link: keep them.
                    if !matches!(state.kind, FormKind::Reconnect { .. }) {
                        state.form.note =
                            Some(("not saved: fix the fields marked in red".into(), true));
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
            Done::ReturnDraft { number, lines } => {
                self.on_return_draft(number.clone(), lines.clone());
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
