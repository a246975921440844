//! One order whole, as `orderdeck orders show --json` prints it and the edit form loads
//! it: the header, its lines and its timeline.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::order::OrderStatus;

#[derive(Debug, Clone, serde::Serialize)]
pub struct LineJson {
    pub line_no: i32,
    pub sku: String,
    pub name: String,
    pub qty: i32,
    pub unit_price: Decimal,
    pub discount: Decimal,
    pub reserved: i64,
    pub packed_qty: i32,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EventJson {
    pub created_at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub message: String,
    /// The message as a catalogue id and values (`{"id": "event-packed", "args": {}}`):
    /// language-neutral, for readers that show it in their own language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub said: Option<serde_json::Value>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// `orderdeck orders show NUMBER --json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OrderJson {
    pub number: String,
    pub channel: String,
    pub external_id: Option<String>,
    pub status: OrderStatus,
    pub stage: String,
    pub version: i32,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub buyer_email: String,
    pub ship_address: serde_json::Value,
    pub payment_method: String,
    pub subtotal: Decimal,
    pub discount: Decimal,
    pub shipping_fee: Decimal,
    pub total: Decimal,
    pub created_at: DateTime<Utc>,
    pub lines: Vec<LineJson>,
    pub events: Vec<EventJson>,
}
