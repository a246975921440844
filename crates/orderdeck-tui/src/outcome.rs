//! What a finished job says: the outcome the console shows (a message, a form's
//! refusal, data for the next screen). Jobs of every area return it; the app reads it.

use orderdeck_domain::packing::PackJob;
use orderdeck_domain::purchasing;

/// What an action made, so the console puts the cursor on it: the next key acts on the
/// thing just made, never on whatever row the cursor happened to be on.
#[derive(Debug, Clone)]
pub struct Made {
    pub list: crate::lists::ListKind,
    /// The text of one of its cells (an order, tracking, invoice or PO number).
    pub key: String,
    /// Opens its page too (a new order: what comes next is looking at it).
    pub open: bool,
}

#[derive(Debug, Clone)]
pub enum Done {
    /// A plain outcome for the message line.
    Said(String),
    /// Something was made: a form that made it closes, the message is shown, and the new
    /// row is selected (see [`Made`]).
    Made {
        said: String,
        made: Made,
    },
    /// The pack station's job changed (claimed, scanned, packed), or none is waiting.
    Pack {
        job: Option<PackJob>,
        said: String,
        packed: bool,
    },
    /// The pack station's ship step is ready: Enter ships the order this way.
    StationReady {
        number: String,
        way: crate::ship::StationWay,
        said: String,
    },
    /// A stock count was started.
    CountStarted {
        count_id: i64,
        warehouse: String,
    },
    /// A stock count was posted (or refused): the count view closes.
    CountPosted(String),
    /// A form was saved: it closes, with this message.
    Saved(String),
    /// A form was refused: errors by field key; it stays open.
    FormRefused(Vec<(String, String)>),
    /// Someone else changed the order first: the form reloads with the fresh order.
    Conflict {
        message: String,
        fresh: Option<Box<orderdeck_domain::order_view::OrderJson>>,
    },
    EditLoaded(Box<orderdeck_domain::order_view::OrderJson>),
    Customer(orderdeck_domain::catalog::KnownCustomer),
    WarehouseLoaded {
        id: i64,
        input: orderdeck_domain::catalog::WarehouseInput,
    },
    SupplierLoaded {
        id: i64,
        input: purchasing::SupplierInput,
    },
    ReceiptLoaded {
        number: String,
        lines: Vec<purchasing::ReceiptLine>,
    },
    ProductLoaded {
        id: i64,
        detail: Box<orderdeck_domain::catalog::ProductDetail>,
    },
    /// One unit counted.
    Counted {
        sku: String,
        counted: i32,
    },
    /// The invoice preview, drafted from the order.
    InvoiceDraft {
        draft: Box<orderdeck_domain::invoice_document::InvoiceDraft>,
        issued: Option<String>,
        provider: String,
    },
    /// The return form, with the order's returnable lines.
    ReturnDraft {
        refundable: rust_decimal::Decimal,
        number: String,
        lines: String,
    },
    /// The ship form, filled from the order.
    ShipDraft {
        number: String,
        defaults: crate::app_forms::ChoiceText,
        hint: String,
    },
    /// A shop's pull ended (its progress bar goes).
    SyncEnded {
        shop_id: i64,
        result: Result<String, String>,
    },
    /// A shop's stock buffer: its form opens.
    BufferForm {
        shop_id: i64,
        shop: String,
        buffer: i32,
        listings: i64,
    },
    /// A buyer's conversation: the reply form opens with this text (the draft, or empty).
    ReplyForm {
        conversation_id: i64,
        buyer: String,
        text: String,
    },
    /// The shop's tokens cannot be refreshed: the consent form opens.
    ConsentNeeded {
        shop_id: i64,
        platform: String,
        why: String,
        link: Option<String>,
    },
    /// The buyer's address is not one place of the carrier's list: a person picks the
    /// ward (id, label) over the ship form.
    ShipPlace {
        number: String,
        choice: crate::app_forms::ChoiceText,
        said: String,
        candidates: Vec<(String, String)>,
    },
    /// A marketplace order's ways to hand the parcel over, as its platform offers them:
    /// (handover, label) with the shop's usual one selected; picking one arranges it.
    PlatformDraft {
        number: String,
        title: String,
        note: String,
        choices: Vec<(crate::ship::Handover, String)>,
        selected: usize,
    },
    /// Cancelling orders: the form's draft, or the results (see `tui::cancel`).
    Cancel(crate::cancel::CancelDone),
    /// Many orders done at once: a line each (ok, what went wrong).
    BulkDone {
        said: String,
        lines: Vec<(String, bool)>,
    },
    /// The carrier's fee: asked before anything is sent.
    ShipQuoted {
        question: String,
        number: String,
        choice: crate::app_forms::ChoiceText,
    },
}
