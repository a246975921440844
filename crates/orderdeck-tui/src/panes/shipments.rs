//! Pane 4: shipments handed to carriers.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Tracking", 14),
    Column::fixed("Order", 10),
    Column::fixed("Carrier", 7),
    Column::fixed("Service", 7).from_width(100),
    Column::flex("Status", 12),
    Column::fixed("COD", 11).right(),
    Column::fixed("Fee", 8).right().from_width(110),
    Column::fixed("Created", 11).from_width(90),
];

pub const TO_SHIP_COLUMNS: &[Column] = &[
    Column::fixed("Order", 10),
    Column::flex("Buyer", 14),
    Column::fixed("Province", 16).from_width(90),
    Column::fixed("Total", 11).right(),
    Column::fixed("Pay", 7),
    Column::fixed("Packed", 11).from_width(100),
];
