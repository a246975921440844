//! Pure types and rules: money, order states, stock maths, text folding.
//! No IO, no sqlx, no async: everything here is unit-testable on its own.

pub mod access;
pub mod api_access;
pub mod assistant;
pub mod cancel_reason;
pub mod catalog;
pub mod change;
pub mod channels;
pub mod dashboard;
pub mod intake;
pub mod invoice;
pub mod invoice_document;
pub mod money;
pub mod order;
pub mod order_edit;
pub mod order_event;
pub mod order_view;
pub mod packing;
pub mod page;
pub mod pick;
pub mod places;
pub mod products;
pub mod purchasing;
pub mod returns;
pub mod ship_rules;
pub mod stock;
pub mod tax_code;
pub mod text;
pub mod time;
pub mod vn_words;
