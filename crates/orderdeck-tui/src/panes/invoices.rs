//! Pane 5: VAT e-invoices.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Number", 15),
    Column::fixed("Order", 10),
    Column::fixed("Provider", 8).from_width(90),
    Column::flex("Buyer", 12),
    Column::fixed("Tax code", 14).from_width(110),
    Column::fixed("Status", 9),
    Column::fixed("Total", 11).right(),
];
