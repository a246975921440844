//! Codes the store keeps (a purchase order's `partially_received`, a parcel's
//! `out_for_delivery` …) as the words people read, in their language. A code this console
//! does not know yet is shown as it is, its underscores as spaces.

use orderdeck_domain::order::OrderStatus;
use orderdeck_i18n::t;

fn as_is(code: &str) -> String {
    code.replace('_', " ")
}

/// An order's status code (`partly_returned`) in the seller's words.
pub fn order_status(code: &str) -> String {
    match code.parse::<OrderStatus>() {
        Ok(status) => status.shown(),
        Err(_) => as_is(code),
    }
}

/// A purchase order's status.
pub fn po_status(code: &str) -> String {
    orderdeck_domain::purchasing::po_status_word(code)
}

/// A parcel's status, as the carriers' codes are kept.
pub fn shipment_status(code: &str) -> String {
    orderdeck_integrations::carrier::shipment_status_word(code)
}

/// An e-invoice's status.
pub fn invoice_status(code: &str) -> String {
    match code {
        "draft" => t!("console-invoice-status-draft"),
        "issuing" => t!("console-invoice-status-issuing"),
        "issued" => t!("console-invoice-status-issued"),
        "failed" => t!("console-invoice-status-failed"),
        "replaced" => t!("console-invoice-status-replaced"),
        "cancelled" => t!("console-invoice-status-cancelled"),
        other => as_is(other),
    }
}

/// What an e-invoice is to the one before it.
pub fn invoice_kind(code: &str) -> String {
    match code {
        "original" => t!("console-invoice-kind-original"),
        "replacement" => t!("console-invoice-kind-replacement"),
        "adjustment" => t!("console-invoice-kind-adjustment"),
        other => as_is(other),
    }
}

/// Whether an order is paid.
pub fn payment_status(code: &str) -> String {
    match code {
        "unpaid" => t!("console-payment-unpaid"),
        "paid" => t!("console-payment-paid"),
        "cod_pending" => t!("console-payment-cod-pending"),
        "cod_received" => t!("console-payment-cod-received"),
        "refunded" => t!("console-payment-refunded"),
        "partly_refunded" => t!("console-payment-partly-refunded"),
        other => as_is(other),
    }
}

/// How an order is paid, in capitals as the lists show it: COD is COD in every language.
pub fn payment_method(code: &str) -> String {
    match code {
        "cod" => "COD".to_string(),
        "prepaid" => t!("console-payment-method-prepaid"),
        other => other.to_uppercase(),
    }
}

/// Why stock moved.
pub fn stock_move_kind(code: &str) -> String {
    match code {
        "opening" => t!("console-move-opening"),
        "receipt" => t!("console-move-receipt"),
        "shipment" => t!("console-move-shipment"),
        "return" => t!("console-move-return"),
        "write_off" => t!("console-move-write-off"),
        "count" => t!("console-move-count"),
        "adjustment" => t!("console-move-adjustment"),
        "transfer" => t!("console-move-transfer"),
        other => as_is(other),
    }
}

/// Lines an order is short of: "TSHIRT-M short 2, MUG short 1".
pub fn shortages<'a>(lines: impl Iterator<Item = (&'a str, i32)>) -> String {
    orderdeck_domain::stock::shortages_text(lines.map(|(sku, n)| (sku, i64::from(n))))
}

/// A column head padded or cut to `width` columns, left-aligned.
pub fn head_left(id_text: String, width: usize) -> String {
    let cut = fit(&id_text, width.saturating_sub(1));
    let pad = width.saturating_sub(cut.chars().count());
    format!("{cut}{}", " ".repeat(pad))
}

/// A column head padded or cut to `width` columns, right-aligned.
pub fn head_right(id_text: String, width: usize) -> String {
    let cut = fit(&id_text, width.saturating_sub(1));
    let pad = width.saturating_sub(cut.chars().count());
    format!("{}{cut}", " ".repeat(pad))
}

fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A decimal figure with the language's decimal mark, `digits` places (`0.50` / `0,50`).
pub fn fixed(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    match orderdeck_i18n::current() {
        orderdeck_i18n::Lang::En => text,
        orderdeck_i18n::Lang::Vi | orderdeck_i18n::Lang::Id => text.replace('.', ","),
    }
}

/// A detail view's field label: the view pads it to 14 columns; a longer one gets a space
/// of its own so its value never runs into it.
pub fn label(text: String) -> String {
    if text.chars().count() >= 14 {
        format!("{text} ")
    } else {
        text
    }
}
