//! Pane 6: carrier tracking events as they are recorded, newest first.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Time", 11),
    Column::fixed("Carrier", 7),
    Column::fixed("Tracking", 14),
    Column::fixed("Order", 10).from_width(100),
    Column::fixed("Status", 16),
    Column::flex("Description", 12),
];
