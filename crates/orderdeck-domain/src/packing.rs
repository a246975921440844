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
}

impl PackJob {
    pub fn complete(&self) -> bool {
        self.lines.iter().all(|l| l.packed_qty >= l.qty)
    }
}
