//! Order states. The database keeps finer states; people speak of five.

use std::fmt;
use std::str::FromStr;

/// The fine-grained state stored in `orders.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrderStatus {
    New,
    Backordered,
    Reserved,
    Packing,
    Packed,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    Returned,
    PartlyReturned,
}

/// The three-word view (plus Cancelled and Returned) that every screen can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    New,
    Processing,
    Completed,
    Cancelled,
    Returned,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 11] = [
        OrderStatus::New,
        OrderStatus::Backordered,
        OrderStatus::Reserved,
        OrderStatus::Packing,
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Returned,
        OrderStatus::PartlyReturned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Backordered => "backordered",
            OrderStatus::Reserved => "reserved",
            OrderStatus::Packing => "packing",
            OrderStatus::Packed => "packed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Returned => "returned",
            OrderStatus::PartlyReturned => "partly_returned",
        }
    }

    /// Human label of the fine state.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Backordered => "backorder",
            OrderStatus::Reserved => "reserved",
            OrderStatus::Packing => "packing",
            OrderStatus::Packed => "packed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Returned => "returned",
            OrderStatus::PartlyReturned => "partial",
        }
    }

    pub fn stage(self) -> Stage {
        match self {
            OrderStatus::New => Stage::New,
            OrderStatus::Backordered
            | OrderStatus::Reserved
            | OrderStatus::Packing
            | OrderStatus::Packed
            | OrderStatus::Shipped
            | OrderStatus::Delivered => Stage::Processing,
            OrderStatus::Completed => Stage::Completed,
            OrderStatus::Cancelled => Stage::Cancelled,
            OrderStatus::Returned | OrderStatus::PartlyReturned => Stage::Returned,
        }
    }

    /// Not yet handed to a carrier: what the ageing figures count.
    pub fn is_unshipped(self) -> bool {
        matches!(
            self,
            OrderStatus::New
                | OrderStatus::Backordered
                | OrderStatus::Reserved
                | OrderStatus::Packing
                | OrderStatus::Packed
        )
    }
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::New,
        Stage::Processing,
        Stage::Completed,
        Stage::Cancelled,
        Stage::Returned,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::New => "New",
            Stage::Processing => "Processing",
            Stage::Completed => "Completed",
            Stage::Cancelled => "Cancelled",
            Stage::Returned => "Returned",
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown order status `{0}`")]
pub struct UnknownStatus(pub String);

impl FromStr for OrderStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrderStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_and_has_a_stage() {
        for s in OrderStatus::ALL {
            assert_eq!(s.as_str().parse::<OrderStatus>(), Ok(s));
        }
        assert_eq!(OrderStatus::Backordered.stage(), Stage::Processing);
        assert_eq!(OrderStatus::PartlyReturned.stage(), Stage::Returned);
        assert!("shipping".parse::<OrderStatus>().is_err());
    }
}
