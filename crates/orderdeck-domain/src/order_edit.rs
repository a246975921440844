//! A change to an order as the edit form or `orders edit` gives it.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::intake::Address;

/// A change to an order. `None` leaves a field as it is; `lines` replaces all lines.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderEdit {
    pub buyer_name: Option<String>,
    pub buyer_phone: Option<String>,
    pub buyer_email: Option<String>,
    pub ship_address: Option<Address>,
    pub shipping_fee: Option<Decimal>,
    pub discount: Option<Decimal>,
    pub lines: Option<Vec<EditLine>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EditLine {
    pub sku: String,
    pub qty: i32,
    /// Kept from the existing line, else the selling price.
    pub unit_price: Option<Decimal>,
}
