//! Pane 1: the order queue, newest first, and one order with its timeline.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Number", 10),
    Column::fixed("Created", 11),
    Column::fixed("Channel", 7),
    Column::flex("Buyer", 12),
    Column::fixed("Phone", 11).from_width(110),
    Column::fixed("Province", 16).from_width(150),
    Column::fixed("External id", 20).from_width(180),
    Column::fixed("Items", 5).right().from_width(100),
    Column::fixed("Pay", 7).from_width(120),
    Column::fixed("Status", 22),
    Column::fixed("Total", 10).right(),
];
