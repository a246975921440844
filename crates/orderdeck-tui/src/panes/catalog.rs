//! Pane 8: products (with their variants) and warehouses.

use crate::view::Column;

pub const PRODUCT_COLUMNS: &[Column] = &[
    Column::flex("Product", 20),
    Column::fixed("Category", 12).from_width(90),
    Column::fixed("Brand", 10).from_width(110),
    Column::fixed("Var", 3).right(),
    Column::fixed("Price", 19).right(),
    Column::fixed("VAT", 5).right(),
    Column::fixed("On hand", 7).right(),
];

pub const WAREHOUSE_COLUMNS: &[Column] = &[
    Column::fixed("Code", 6),
    Column::flex("Name", 16),
    Column::fixed("Manager", 16).from_width(100),
    Column::fixed("SKUs", 5).right(),
    Column::fixed("On hand", 8).right(),
    Column::fixed("State", 8),
];
