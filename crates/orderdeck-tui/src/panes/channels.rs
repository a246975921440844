//! Pane 9: the shops orderdeck sells through — platform, token state and expiry (never
//! the token itself), last successful sync, stock pushes waiting, last error.

use crate::view::Column;

pub const COLUMNS: &[Column] = &[
    Column::fixed("Shop", 9),
    Column::fixed("Platform", 8),
    Column::flex("Name", 14),
    Column::fixed("Token", 18),
    Column::fixed("Last sync", 11),
    Column::fixed("Pending", 7).right(),
    Column::fixed("Not in", 6).right(),
    Column::flex("Last error", 12).from_width(100),
];
