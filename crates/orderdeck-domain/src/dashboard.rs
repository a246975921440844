//! The manager's figures, as the dashboard shows them (computed by `orderdeck_store::dashboard`).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

/// Money of one period (today, or the last seven days counting today), in the shop's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Takings {
    /// Totals of the orders placed in the period and not cancelled.
    pub revenue: Decimal,
    /// How many orders those are.
    pub orders: i64,
    /// Refunds made or under way (not failed) in the period.
    pub refunds: Decimal,
    pub refund_count: i64,
}

/// Cash on delivery the carriers owe the shop: parcels whose COD has not been paid over yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodOutstanding {
    /// Delivered: the carrier holds the buyer's cash.
    pub collected: Decimal,
    pub collected_parcels: i64,
    /// Still on the way: the carrier will collect it on delivery.
    pub on_the_way: Decimal,
    pub on_the_way_parcels: i64,
}

impl CodOutstanding {
    pub fn total(&self) -> Decimal {
        self.collected + self.on_the_way
    }
    pub fn parcels(&self) -> i64 {
        self.collected_parcels + self.on_the_way_parcels
    }
}

/// The open orders of one status by age (since the order was placed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusAge {
    /// The status code (`orders.status`).
    pub status: String,
    pub count: i64,
    /// Under 1 h, 1–6 h, 6–24 h, over 24 h.
    pub buckets: [i64; 4],
    /// When the oldest of them was placed.
    pub oldest: Option<DateTime<Utc>>,
}

/// A variant at or under its reorder point, counting what is on order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowStock {
    pub sku: String,
    /// The product's name with the variant's values ("Áo thun basic · Đen / M").
    pub name: String,
    pub incoming: i64,
    pub available: i64,
    pub reorder_point: i32,
}

/// A purchase order past its expected date and not fully received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatePo {
    pub number: String,
    pub supplier: String,
    pub expected: NaiveDate,
}

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    /// Open orders, and closed ones placed in the last seven days: (channel code, status, count).
    pub by_status_channel: Vec<(String, String, i64)>,
    pub channels: Vec<String>,
    pub today: Takings,
    pub week: Takings,
    pub cod: CodOutstanding,
    /// Every open status (see [`OPEN_STATUSES`]) in that order, with its ages.
    pub ageing: Vec<StatusAge>,
    /// The first of the 24 hours of `per_hour` (the current hour is the last).
    pub hours_from: DateTime<Utc>,
    /// Orders placed in each of the last 24 hours, per channel code, in `channels`' order.
    pub per_hour: Vec<(String, [i64; 24])>,
    /// Parcels in the exceptions queue (failed, returning, late...) not handled since.
    pub exceptions: i64,
    pub low_stock: Vec<LowStock>,
    pub low_stock_count: i64,
    pub late_pos: Vec<LatePo>,
    pub late_pos_count: i64,
    /// Unshipped marketplace orders near or past their platform's ship-by time, soonest
    /// first: (number, channel code, ship by).
    pub at_risk: Vec<(String, String, DateTime<Utc>)>,
    pub at_risk_count: i64,
}

/// The statuses the dashboard ages: not yet shipped, on the way, delivered and waiting
/// to be completed.
pub const OPEN_STATUSES: [crate::order::OrderStatus; 7] = {
    use crate::order::OrderStatus::*;
    [
        New,
        Backordered,
        Reserved,
        Packing,
        Packed,
        Shipped,
        Delivered,
    ]
};

impl Dashboard {
    /// Orders placed in the last 24 hours, every channel.
    pub fn last_day_orders(&self) -> i64 {
        self.per_hour.iter().flat_map(|(_, h)| h.iter()).sum()
    }

    /// The busiest hour of one channel in the last 24 hours.
    pub fn peak_hour(&self) -> i64 {
        self.per_hour
            .iter()
            .flat_map(|(_, h)| h.iter().copied())
            .max()
            .unwrap_or(0)
    }

    /// Orders placed in each of the last 24 hours, every channel together.
    pub fn per_hour_total(&self) -> [i64; 24] {
        let mut all = [0i64; 24];
        for (_, hours) in &self.per_hour {
            for (a, n) in all.iter_mut().zip(hours) {
                *a += n;
            }
        }
        all
    }

    /// Open orders waiting in `status`.
    pub fn open(&self, status: crate::order::OrderStatus) -> i64 {
        self.ageing
            .iter()
            .find(|a| a.status == status.as_str())
            .map_or(0, |a| a.count)
    }
}
