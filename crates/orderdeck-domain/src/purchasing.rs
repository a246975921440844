//! Purchasing as people type it: a supplier, a purchase order, a goods receipt line.

/// One line of a goods receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub sku: String,
    pub accepted: i32,
    pub rejected: i32,
    pub reason: String,
}

/// A supplier as the form edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierInput {
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub tax_code: String,
    pub lead_time_days: String,
}

/// A purchase order typed by a person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManualPo {
    pub supplier: String,
    pub warehouse: String,
    pub expected: String,
    /// "SKU qty [price]" per line.
    pub lines: String,
}

/// A purchase order's status code (`partially_received`) as people say it, for the console
/// and the CLI alike; an unknown code as it is.
pub fn po_status_word(code: &str) -> String {
    use orderdeck_i18n::t;
    match code {
        "draft" => t!("common-po-status-draft"),
        "confirmed" => t!("common-po-status-confirmed"),
        "partially_received" => t!("common-po-status-partially-received"),
        "received" => t!("common-po-status-received"),
        "cancelled" => t!("common-po-status-cancelled"),
        other => other.replace('_', " "),
    }
}
