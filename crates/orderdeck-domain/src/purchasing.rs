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
