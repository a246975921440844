//! Pane 3: purchase orders, late ones flagged.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Number", 9),
    Column::flex("Supplier", 12),
    Column::fixed("Whse", 5),
    Column::fixed("Status", 18),
    Column::fixed("Expected", 10),
    Column::fixed("Lines", 5).right().from_width(100),
    Column::fixed("Total", 12).right(),
];

pub const SUPPLIER_COLUMNS: &[Column] = &[
    Column::flex("Supplier", 16),
    Column::fixed("Contact", 16).from_width(100),
    Column::fixed("Phone", 12),
    Column::fixed("Tax code", 14).from_width(90),
    Column::fixed("Lead", 5).right(),
    Column::fixed("Open POs", 8).right(),
];
