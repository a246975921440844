//! The manager's figures, as the dashboard shows them (computed by `orderdeck_store::dashboard`).

use chrono::NaiveDate;

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    /// (channel code, status, count)
    pub by_status_channel: Vec<(String, String, i64)>,
    pub channels: Vec<String>,
    /// Unshipped orders aged: <1h, 1–4h, 4–24h, >24h.
    pub ageing: [i64; 4],
    /// Orders created in each local hour of today, 0..=23.
    pub per_hour: [i64; 24],
    pub backorders: i64,
    /// (sku, incoming, available, reorder point)
    pub low_stock: Vec<(String, i64, i64, i32)>,
    pub low_stock_count: i64,
    /// (number, supplier, expected date)
    pub late_pos: Vec<(String, String, NaiveDate)>,
    /// Unshipped marketplace orders near or past their platform's ship-by time, soonest
    /// first: (number, channel code, ship by).
    pub at_risk: Vec<(String, String, chrono::DateTime<chrono::Utc>)>,
    pub at_risk_count: i64,
}
