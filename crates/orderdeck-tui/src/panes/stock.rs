//! Pane 2: stock per SKU and warehouse, and a SKU's ledger.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("SKU", 14),
    Column::flex("Product", 14),
    Column::fixed("Whse", 5),
    Column::fixed("On hand", 7).right(),
    Column::fixed("Resv", 6).right(),
    Column::fixed("Avail", 6).right(),
    Column::fixed("Incoming", 8).right().from_width(90),
    Column::fixed("Reorder", 7).right().from_width(100),
    Column::fixed("Flag", 4),
];
