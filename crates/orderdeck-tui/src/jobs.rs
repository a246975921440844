//! Work the console asks of the workflow layer: each job runs as a task (one
//! transaction) and comes back as a message saying what happened, in words for the
//! message line, or a refusal that changed nothing.

pub use crate::outcome::Done;
use orderdeck_domain::order_edit::OrderEdit;
use orderdeck_domain::purchasing;

/// How a long job is getting on, told before its answer.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A shop's pull (pane 7's bars).
    Sync(crate::shops::SyncBar),
    /// Many orders at once: how many of how many are settled (the message line's bar).
    Bulk {
        label: String,
        done: usize,
        total: usize,
    },
}

#[derive(Debug, Clone)]
pub enum Job {
    ClaimNext,
    /// The seller's answer to a buyer's cancellation request, from the pack station.
    DecideCancel {
        order_id: i64,
        number: String,
        accept: bool,
    },
    Scan {
        order_id: i64,
        code: String,
    },
    Unclaim {
        order_id: i64,
    },
    DraftPurchases,
    ConfirmPo {
        number: String,
    },
    ReceivePo {
        number: String,
    },
    CancelPo {
        number: String,
    },
    StartCount {
        warehouse: String,
    },
    CountEnter {
        count_id: i64,
        code: String,
    },
    PostCount {
        count_id: i64,
    },
    /// A manual order from the form; item codes (SKU, barcode or name) are resolved first.
    CreateOrder(Box<orderdeck_domain::intake::NewOrder>),
    LoadOrderForEdit {
        number: String,
    },
    SaveOrderEdit {
        number: String,
        version: i32,
        edit: Box<OrderEdit>,
    },
    LookupCustomer {
        phone: String,
    },
    SaveWarehouse {
        id: Option<i64>,
        input: orderdeck_domain::catalog::WarehouseInput,
    },
    DeactivateWarehouse {
        code: String,
    },
    LoadWarehouse {
        id: i64,
    },
    CreateProduct(Box<orderdeck_domain::products::ProductInput>),
    SaveSupplier {
        id: Option<i64>,
        input: purchasing::SupplierInput,
    },
    LoadSupplier {
        id: i64,
    },
    CreateManualPo(purchasing::ManualPo),
    LoadReceipt {
        number: String,
    },
    ReceiveLines {
        number: String,
        lines: Vec<purchasing::ReceiptLine>,
    },
    LoadProduct {
        id: i64,
    },
    SaveProduct {
        id: i64,
        edit: Box<orderdeck_domain::products::ProductEdit>,
    },
    /// Shipping: the ship form, quotes, parcels (see `tui::ship`).
    Shipping(crate::ship::ShipJob),
    /// Invoices and returns: the preview, issuing, PDFs, e-mail (see `tui::invoice`).
    Invoicing(crate::invoice::InvoiceJob),
    /// Cancelling orders with a reason (see `tui::cancel`).
    Cancel(crate::cancel::CancelJob),
    /// Marketplace shops: sync now (telling its progress), reconnect, stock buffer (see
    /// `tui::shops`).
    Shops(crate::shops::ShopJob),
    Inbox(crate::inbox::InboxJob),
}
