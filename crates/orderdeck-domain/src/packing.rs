//! What a packing station works through: one claimed order and its lines, packed or not.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackLine {
    pub line_no: i32,
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    pub qty: i32,
    pub packed_qty: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackJob {
    pub order_id: i64,
    pub number: String,
    pub buyer: String,
    pub lines: Vec<PackLine>,
    /// The platform's ship-by time (marketplace orders).
    pub ship_by: Option<chrono::DateTime<chrono::Utc>>,
    /// The buyer asked the platform to cancel; the station stops until someone decides.
    pub cancel_request: Option<CancelAsked>,
}

/// A buyer's cancellation request, as the pack station shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelAsked {
    pub reason: String,
    pub respond_by: Option<chrono::DateTime<chrono::Utc>>,
    pub can_reject: bool,
}

impl PackJob {
    pub fn complete(&self) -> bool {
        self.lines.iter().all(|l| l.packed_qty >= l.qty)
    }
}
