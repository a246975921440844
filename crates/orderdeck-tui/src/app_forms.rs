//! The console's forms: a new manual order, editing an order, a warehouse. Opening,
//! keys, saving through a job, and putting the answer (saved, refused by field, conflict)
//! back on screen.

use crate::form::{Field, Form};
use crate::order_form;
use orderdeck_domain::catalog::WarehouseInput;

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

pub(crate) fn new_product_form() -> FormState {
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
    form.note = Some(("{save} saves; margin = selling price − cost".into(), false));
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
    form.note = Some(("{save} saves".into(), false));
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
                format!("`{line}`: write SKU cost selling reorder-point"),
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
    form.note = Some(("{save} saves".into(), false));
    FormState {
        form,
        kind: FormKind::Supplier { id },
    }
}

pub(crate) fn manual_po_form() -> FormState {
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
    form.note = Some(("{save} saves a draft".into(), false));
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
        format!("Goods receipt for {number}"),
        vec![
            Field::new("lines", "Received", &text.join("\n"))
                .multiline()
                .hint("SKU accepted rejected [reason], one per line"),
        ],
    );
    form.note = Some((
        "edit what actually arrived; rejected units need a reason; {save} posts it to stock".into(),
        false,
    ));
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

pub(crate) fn warehouse_form(id: Option<i64>, w: &WarehouseInput) -> FormState {
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
    form.note = Some(("{save} saves".into(), false));
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
