//! Order states: the state machine every use case, the console and the SQL read from.
//! The database keeps finer states; people speak of five. What may happen to an order in
//! each state (cancel, edit, pack, ship, return) is said here once, as predicates and as
//! sets the SQL binds (`status = any($1)` with [`OrderStatus::codes`]).

use std::fmt;
use std::str::FromStr;

/// The fine-grained state stored in `orders.status`; serde and the database use the codes
/// of [`OrderStatus::as_str`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
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

    /// The fine state as people say it, in their language.
    pub fn shown(self) -> String {
        use orderdeck_i18n::t;
        match self {
            OrderStatus::New => t!("common-status-new"),
            OrderStatus::Backordered => t!("common-status-backordered"),
            OrderStatus::Reserved => t!("common-status-reserved"),
            OrderStatus::Packing => t!("common-status-packing"),
            OrderStatus::Packed => t!("common-status-packed"),
            OrderStatus::Shipped => t!("common-status-shipped"),
            OrderStatus::Delivered => t!("common-status-delivered"),
            OrderStatus::Completed => t!("common-status-completed"),
            OrderStatus::Cancelled => t!("common-status-cancelled"),
            OrderStatus::Returned => t!("common-status-returned"),
            OrderStatus::PartlyReturned => t!("common-status-partly-returned"),
        }
    }

    /// The seller's word for where the order stands, and the fine state beside it when it
    /// says more ("Đang xử lý · đã đóng gói").
    pub fn shown_with_stage(self) -> String {
        let stage = self.stage().shown();
        let fine = self.shown();
        if stage.to_lowercase() == fine.to_lowercase() {
            stage
        } else {
            format!("{stage} · {fine}")
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

    /// Not yet handed to a carrier: it may still be cancelled (its reservations are
    /// released) and its buyer and address edited; what the ageing figures count.
    pub const UNSHIPPED: &'static [OrderStatus] = &[
        OrderStatus::New,
        OrderStatus::Backordered,
        OrderStatus::Reserved,
        OrderStatus::Packing,
        OrderStatus::Packed,
    ];

    /// Nobody is packing it yet: its lines and quantities may still change.
    pub const LINES_EDITABLE: &'static [OrderStatus] = &[
        OrderStatus::New,
        OrderStatus::Backordered,
        OrderStatus::Reserved,
    ];

    /// The goods reached the buyer: some or all of them may come back.
    pub const RETURNABLE: &'static [OrderStatus] = &[
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::PartlyReturned,
    ];

    /// Its life is over: tracking moves it no further.
    pub const FINAL: &'static [OrderStatus] = &[
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Returned,
    ];

    /// The codes of a set of states, for SQL (`status = any($1)`).
    pub fn codes(set: &[OrderStatus]) -> Vec<&'static str> {
        set.iter().map(|s| s.as_str()).collect()
    }

    /// Not yet handed to a carrier (see [`OrderStatus::UNSHIPPED`]).
    pub fn is_unshipped(self) -> bool {
        Self::UNSHIPPED.contains(&self)
    }

    /// It may be cancelled: it has not left the warehouse.
    pub fn cancellable(self) -> bool {
        self.is_unshipped()
    }

    /// Its lines and quantities may be edited.
    pub fn editable_lines(self) -> bool {
        Self::LINES_EDITABLE.contains(&self)
    }

    /// Its buyer, phone and address may be edited.
    pub fn editable_buyer(self) -> bool {
        self.is_unshipped()
    }

    /// A pack station may claim it (a claim left too long in `packing` is claimed again).
    pub fn packable(self) -> bool {
        self == OrderStatus::Reserved
    }

    /// It may be handed to a carrier.
    pub fn shippable(self) -> bool {
        self == OrderStatus::Packed
    }

    /// A return may be received against it.
    pub fn returnable(self) -> bool {
        Self::RETURNABLE.contains(&self)
    }

    /// Its life is over (see [`OrderStatus::FINAL`]).
    pub fn is_final(self) -> bool {
        Self::FINAL.contains(&self)
    }

    /// The states orderdeck moves an order to from this one: intake decides reserved or
    /// backordered; receipts and edits move between the two; a pack station claims,
    /// gives back and packs; a carrier takes it (and a cancelled shipment gives it back);
    /// tracking delivers and completes it, or brings it back; returns come back after
    /// delivery; anything unshipped may be cancelled.
    pub fn next(self) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            New => &[Reserved, Backordered, Cancelled],
            Backordered => &[Reserved, Cancelled],
            Reserved => &[Packing, Backordered, Cancelled],
            Packing => &[Packed, Reserved, Cancelled],
            Packed => &[Shipped, Cancelled],
            Shipped => &[Delivered, Completed, Returned, Packed],
            Delivered => &[Completed, Returned, PartlyReturned],
            Completed => &[Returned, PartlyReturned],
            PartlyReturned => &[PartlyReturned, Returned],
            Cancelled | Returned => &[],
        }
    }

    /// Whether orderdeck ever moves an order from this state to `to`.
    pub fn can_become(self, to: OrderStatus) -> bool {
        self.next().contains(&to)
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

    /// The stage as sellers say it, in their language (Mới / Đang xử lý / Hoàn thành).
    pub fn shown(self) -> String {
        use orderdeck_i18n::t;
        match self {
            Stage::New => t!("common-stage-new"),
            Stage::Processing => t!("common-stage-processing"),
            Stage::Completed => t!("common-stage-completed"),
            Stage::Cancelled => t!("common-stage-cancelled"),
            Stage::Returned => t!("common-stage-returned"),
        }
    }

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
#[error("{}", orderdeck_i18n::t!("err-unknown-order-status", status = .0))]
pub struct UnknownStatus(pub String);

impl TryFrom<String> for OrderStatus {
    type Error = UnknownStatus;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

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

    #[test]
    fn the_sets_agree_with_the_predicates_and_the_transitions() {
        for s in OrderStatus::ALL {
            assert_eq!(s.cancellable(), s.can_become(OrderStatus::Cancelled), "{s}");
            assert_eq!(
                s.is_final(),
                s.next().is_empty() || s == OrderStatus::Completed,
                "{s}"
            );
            assert!(!s.editable_lines() || s.editable_buyer(), "{s}");
            assert!(!s.returnable() || !s.is_unshipped(), "{s}");
            assert_eq!(s.shippable(), s.can_become(OrderStatus::Shipped), "{s}");
            assert_eq!(s.packable(), s.can_become(OrderStatus::Packing), "{s}");
            for n in s.next() {
                assert_ne!(n.stage(), crate::order::Stage::New, "{s} → {n}");
            }
        }
        assert_eq!(
            OrderStatus::codes(OrderStatus::RETURNABLE),
            ["delivered", "completed", "partly_returned"]
        );
    }

    #[test]
    fn serde_uses_the_stored_codes() {
        for s in OrderStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
