//! The console's forms: a new manual order, editing an order, a warehouse. Opening,
//! keys, saving through a job, and putting the answer (saved, refused by field, conflict)
//! back on screen.

use crate::form::{Field, Form};
use crate::order_form;
use orderdeck_domain::catalog::WarehouseInput;
use orderdeck_i18n::t;

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
        /// What was paid and not yet refunded: a refund above it is refused in the form,
        /// before the question.
        refundable: rust_decimal::Decimal,
    },
    /// Cancelling orders (see `tui::cancel`): the orders captured when `x` was pressed,
    /// and the reason chosen (an index of `CancelCode::ALL`).
    Cancel {
        numbers: Vec<String>,
        choice: usize,
    },
    /// A shop's stock buffer (see `tui::shops`).
    ShopBuffer {
        shop_id: i64,
    },
    /// A reply to a buyer (see `tui::inbox`).
    ChatReply {
        conversation_id: i64,
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

pub(crate) fn new_product_form() -> FormState {
    let mut form = Form::new(
        t!("form-product-new-title"),
        vec![
            Field::new("name", "form-product-name", ""),
            Field::new("category", "form-product-category", ""),
            Field::new("brand", "form-product-brand", ""),
            Field::new("vat_rate", "form-product-vat", "10").hint("form-product-vat-hint"),
            Field::new("attributes", "form-product-variants", "")
                .multiline()
                .hint("form-product-variants-hint"),
            Field::new("sku_prefix", "form-product-sku-prefix", "")
                .hint("form-product-sku-prefix-hint"),
            Field::new("cost_price", "form-product-cost", "0"),
            Field::new("sale_price", "form-product-price", "0"),
            Field::new("opening", "form-product-opening", "").hint("form-product-opening-hint"),
            Field::new("media", "form-product-media", "")
                .multiline()
                .hint("form-product-media-hint"),
            Field::new("description", "form-product-description", "").multiline(),
            Field::new("specs", "form-product-specs", "").multiline(),
        ],
    );
    form.note = Some((t!("form-product-new-note"), false));
    FormState {
        form,
        kind: FormKind::NewProduct,
    }
}

pub(crate) fn edit_product_form(
    id: i64,
    d: &orderdeck_domain::catalog::ProductDetail,
) -> FormState {
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
        t!("form-product-edit-title", name = &h.name),
        vec![
            Field::new("name", "form-product-name", &h.name),
            Field::new("category", "form-product-category", &h.category),
            Field::new("brand", "form-product-brand", &h.brand),
            Field::new("vat_rate", "form-product-vat", &h.vat_rate),
            Field::new("prices", "form-product-prices", &prices.join("\n"))
                .multiline()
                .hint("form-product-prices-hint"),
            Field::new("media", "form-product-media", &h.media_urls.join("\n")).multiline(),
            Field::new("description", "form-product-description", &h.description).multiline(),
            Field::new("specs", "form-product-specs", &h.specs).multiline(),
        ],
    );
    form.note = Some((t!("form-save-saves"), false));
    FormState {
        form,
        kind: FormKind::EditProduct { id },
    }
}

pub(crate) fn read_product(
    form: &Form,
) -> Result<orderdeck_domain::products::ProductInput, Vec<(String, String)>> {
    use orderdeck_domain::products::{ProductInput, parse_attribute, parse_opening};
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

pub(crate) fn read_product_edit(
    form: &Form,
) -> Result<orderdeck_domain::products::ProductEdit, Vec<(String, String)>> {
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
                t!("form-product-prices-bad-line", line = line),
            )),
        }
    }
    let edit = orderdeck_domain::products::ProductEdit {
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

pub(crate) fn supplier_form(
    id: Option<i64>,
    s: &orderdeck_domain::purchasing::SupplierInput,
) -> FormState {
    let title = if id.is_some() {
        t!("form-supplier-edit-title", name = &s.name)
    } else {
        t!("form-supplier-new-title")
    };
    let lead = if s.lead_time_days.is_empty() {
        "7"
    } else {
        s.lead_time_days.as_str()
    };
    let mut form = Form::new(
        title,
        vec![
            Field::new("name", "form-supplier-name", &s.name),
            Field::new("contact", "form-supplier-contact", &s.contact),
            Field::new("phone", "form-supplier-phone", &s.phone),
            Field::new("tax_code", "form-supplier-tax-code", &s.tax_code)
                .hint("form-supplier-tax-code-hint"),
            Field::new("lead_time_days", "form-supplier-lead-time", lead)
                .hint("form-supplier-lead-time-hint"),
        ],
    );
    form.note = Some((t!("form-save-saves"), false));
    FormState {
        form,
        kind: FormKind::Supplier { id },
    }
}

pub(crate) fn manual_po_form() -> FormState {
    let mut form = Form::new(
        t!("form-po-new-title"),
        vec![
            Field::new("supplier", "form-po-supplier", "").hint("form-po-supplier-hint"),
            Field::new("warehouse", "form-po-warehouse", "").hint("form-po-warehouse-hint"),
            Field::new("expected", "form-po-expected", "").hint("form-po-expected-hint"),
            Field::new("lines", "form-po-lines", "")
                .multiline()
                .hint("form-po-lines-hint"),
        ],
    );
    form.note = Some((t!("form-po-new-note"), false));
    FormState {
        form,
        kind: FormKind::ManualPo,
    }
}

pub(crate) fn receipt_form(
    number: &str,
    lines: &[orderdeck_domain::purchasing::ReceiptLine],
) -> FormState {
    let text: Vec<String> = lines
        .iter()
        .map(|l| format!("{} {} 0", l.sku, l.accepted))
        .collect();
    let mut form = Form::new(
        t!("form-receipt-title", number = number),
        vec![
            Field::new("lines", "form-receipt-lines", &text.join("\n"))
                .multiline()
                .hint("form-receipt-lines-hint"),
        ],
    );
    form.note = Some((t!("form-receipt-note"), false));
    FormState {
        form,
        kind: FormKind::Receipt {
            number: number.to_string(),
        },
    }
}

pub(crate) fn read_receipt(
    form: &Form,
) -> Result<Vec<orderdeck_domain::purchasing::ReceiptLine>, Vec<(String, String)>> {
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
                (Ok(a), Ok(r)) => out.push(orderdeck_domain::purchasing::ReceiptLine {
                    sku: sku.to_string(),
                    accepted: a,
                    rejected: r,
                    reason: reason.join(" "),
                }),
                _ => errors.push((
                    "lines".to_string(),
                    t!("form-receipt-whole-numbers", line = i + 1),
                )),
            },
            _ => errors.push((
                "lines".to_string(),
                t!("form-receipt-bad-line", line = i + 1),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

pub(crate) fn warehouse_form(id: Option<i64>, w: &WarehouseInput) -> FormState {
    let title = if id.is_some() {
        t!("form-warehouse-edit-title", code = &w.code)
    } else {
        t!("form-warehouse-new-title")
    };
    let mut form = Form::new(
        title,
        vec![
            Field::new("code", "form-warehouse-code", &w.code).hint("form-warehouse-code-hint"),
            Field::new("name", "form-warehouse-name", &w.name),
            Field::new("address", "form-warehouse-address", &w.address),
            Field::new("manager", "form-warehouse-manager", &w.manager)
                .hint("form-warehouse-manager-hint"),
        ],
    );
    form.note = Some((t!("form-save-saves"), false));
    FormState {
        form,
        kind: FormKind::Warehouse { id },
    }
}

/// The ship form's fields, as typed (checked again when the job runs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChoiceText {
    pub carrier: String,
    pub service: String,
    pub weight_kg: String,
    pub size: String,
    pub cod: String,
    pub payer: String,
    pub note: String,
    /// A ward picked from the carrier's list, "id · label"; empty = found from the address.
    pub ward: String,
}
