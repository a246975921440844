//! Shipping a marketplace order the marketplace's way (reference: marketplaces.md,
//! "Fulfilment", A1 Shopee, A2 Lazada, A3 TikTok Shop).
//!
//! On these platforms the platform arranges the carrier. The seller says how the parcel
//! is handed over: the courier picks it up in a slot, or the seller drops it off.
//! The platform gives the tracking number and its own airway bill (AWB). orderdeck
//! never books GHN or Viettel Post for such an order unless the platform allows the
//! seller to ship it (then our tracking number is reported to the platform).
//!
//! Every call that changes the platform's state (arrange, Lazada Pack and
//! ReadyToShip, a cancellation decision) may have been carried out even when no answer
//! came back ([`ChannelError::outcome_unknown`]). The caller then looks with
//! [`Fulfilment::find_arranged`] before any retry. The platform's "already done" refusals
//! (Shopee `logistics.package_already_shipped`, Lazada `700026` on a packed item,
//! TikTok `21011040` …) come back as success with [`Arranged::already`] set, never as an
//! error: the result is one arranged parcel, never two and never a stuck order.

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ChannelKind, ChannelResult, SalesChannel};
use crate::carrier::Tracking;

/// One parcel of a platform order. `package_id` is the platform's own id for it:
/// Shopee `package_number`, Lazada `package_id` (known only after Pack), TikTok
/// package `id` (made when the buyer pays). `None` until the platform has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PackageRef {
    /// Shopee `order_sn`, Lazada `order_id`, TikTok order `id`.
    pub order_id: String,
    pub package_id: Option<String>,
}

impl PackageRef {
    pub fn order(order_id: impl Into<String>) -> PackageRef {
        PackageRef {
            order_id: order_id.into(),
            package_id: None,
        }
    }
}

/// A pickup time the platform offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// What to send back: Shopee's opaque `pickup_time_id`; TikTok `start-end` in Unix
    /// seconds (the adapter turns it back into `pickup_slot`).
    pub id: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// The platform's own words for it when it gives them (Shopee `time_text`).
    pub text: String,
    /// The platform recommends it (Shopee flag `recommended`): the form's default.
    pub recommended: bool,
}

/// Where a courier can pick the parcel up, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupAddress {
    /// Shopee `address_id`; TikTok and Lazada have one (the shop's) and use "".
    pub id: String,
    pub label: String,
    /// The shop's default pickup address (Shopee `address_flag` `default_address` /
    /// `pickup_address`).
    pub default: bool,
    /// Empty: the platform takes no slot (ship without one).
    pub slots: Vec<Slot>,
}

/// A drop-off point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub id: String,
    pub label: String,
}

/// A carrier the seller may choose (Lazada NTFS shipment providers; TikTok
/// self-shipment providers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub code: String,
    pub name: String,
}

/// What the platform lets the seller choose for one parcel, as it said just now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverOptions {
    /// The parcel, its package id filled in where the platform has one before arranging.
    pub package: PackageRef,
    /// `None`: the platform offers no pickup for it.
    pub pickup: Option<Vec<PickupAddress>>,
    /// `None`: no drop-off. `Some(vec![])`: drop-off, no branch to choose (Shopee sends
    /// `"dropoff": {}`).
    pub dropoff: Option<Vec<Branch>>,
    /// The platform accepts a tracking number of the seller's own carrier (Shopee
    /// `non_integrated`, TikTok `SEND_BY_SELLER`).
    pub seller_ship: bool,
    /// Carriers the seller may pick; empty: the platform allocates.
    pub providers: Vec<Provider>,
    /// The platform's ship-by time for it, when it said.
    pub ship_by: Option<DateTime<Utc>>,
    /// Shopee's drop-off needs the sender's real name (`info_needed.dropoff`).
    pub needs_sender_name: bool,
}

/// How the parcel reaches the platform's carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Handover {
    Pickup {
        /// Shopee `address_id`; "" where the platform has only the shop's.
        address_id: String,
        /// A [`Slot::id`]; `None` where the platform takes none.
        slot_id: Option<String>,
    },
    DropOff {
        branch_id: Option<String>,
        sender_name: Option<String>,
    },
    /// Lazada: the platform picks the carrier unless `provider` names one (NTFS).
    Platform { provider: Option<String> },
    /// The seller ships it with a carrier of ours; the number is told to the platform.
    SellerShipped {
        provider: String,
        tracking_number: String,
    },
}

/// An arranged parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arranged {
    /// With its package id (Lazada's comes back from Pack).
    pub package: PackageRef,
    /// The platform's tracking number. Shopee may give it minutes later: poll
    /// [`Fulfilment::tracking_number`].
    pub tracking_number: Option<String>,
    /// The platform's carrier ("SPX Express", "LEX VN", "J&T Express"), when said.
    pub carrier: String,
    /// It was arranged before this call (a retry after a lost reply, or someone in
    /// Seller Center): nothing new was asked of the platform.
    pub already: bool,
}

/// One parcel's outcome in a batch, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchResult {
    pub package: PackageRef,
    pub outcome: Result<Arranged, String>,
}

/// A shipping document (AWB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// The file as the platform sent it (`application/pdf` for all three here).
    Ready { mime: String, bytes: Vec<u8> },
    /// Still being made: ask again shortly (Shopee `PROCESSING` / `download_later`,
    /// TikTok `11034037`).
    Pending,
}

/// Where a platform parcel is, mapped to our shipment statuses (pane 4 and 6 read them
/// as they read our carriers'). `tracking.carrier_status` keeps the platform's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageTracking {
    pub package: PackageRef,
    pub tracking_number: Option<String>,
    pub carrier: String,
    pub tracking: Tracking,
}

/// A buyer's request to cancel, waiting for the seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRequest {
    /// Shopee `order_sn`; Lazada `reverse_order_id`; TikTok `cancel_id`.
    pub id: String,
    pub order_id: String,
    /// The buyer's reason as the platform gives it.
    pub reason: String,
    /// Decide before this, or the platform decides (TikTok `deadline`, Lazada `sla`).
    pub respond_by: Option<DateTime<Utc>>,
    /// The seller can refuse it through the API (Lazada: not documented; see
    /// marketplaces.md open point 2).
    pub can_reject: bool,
}

/// What the seller decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CancelDecision {
    Accept,
    /// With the platform's reason code (TikTok's list, e.g.
    /// `seller_reject_apply_product_has_been_packed`); ignored by Shopee.
    Reject {
        reason: String,
    },
}

/// One shop's logistics on its platform.
pub trait Fulfilment: SalesChannel {
    /// What the seller may choose for this order's parcel now (Shopee
    /// `get_shipping_parameter`, Lazada GetOrderItems + GetShipmentProvider, TikTok
    /// package detail + `handover_time_slots`).
    fn handover_options(
        &self,
        package: &PackageRef,
    ) -> impl Future<Output = ChannelResult<HandoverOptions>> + Send;

    /// Arranges one parcel (Shopee `ship_order`; Lazada Pack, then ReadyToShip; TikTok
    /// `packages/{id}/ship`). The platform's "already arranged" is `Ok` with
    /// [`Arranged::already`].
    fn arrange(
        &self,
        package: &PackageRef,
        handover: &Handover,
    ) -> impl Future<Output = ChannelResult<Arranged>> + Send;

    /// Arranges many parcels of this shop in as few calls as the platform allows
    /// (Shopee `mass_ship_order` by 50, Lazada Pack by 20, TikTok batch ship). One
    /// result per parcel, in order; `Err` only when no parcel could be asked about.
    fn arrange_many(
        &self,
        packages: &[PackageRef],
        handover: &Handover,
    ) -> impl Future<Output = ChannelResult<Vec<BatchResult>>> + Send;

    /// The look-up before any retry: `Some` when the platform has this parcel arranged.
    fn find_arranged(
        &self,
        package: &PackageRef,
    ) -> impl Future<Output = ChannelResult<Option<Arranged>>> + Send;

    /// The platform's tracking number once it has one.
    fn tracking_number(
        &self,
        package: &PackageRef,
    ) -> impl Future<Output = ChannelResult<Option<String>>> + Send;

    /// The AWB of these parcels (all arranged): asks for it to be made where the
    /// platform needs asking (Shopee `create_shipping_document`), then fetches it when
    /// ready. Call again on [`Document::Pending`]. One document per parcel, in order.
    fn documents(
        &self,
        packages: &[PackageRef],
    ) -> impl Future<Output = ChannelResult<Vec<(PackageRef, ChannelResult<Document>)>>> + Send;

    /// Where these parcels are (Shopee `get_package_detail`, Lazada item statuses,
    /// TikTok package detail). Parcels the platform does not know are left out.
    fn package_tracking(
        &self,
        packages: &[PackageRef],
    ) -> impl Future<Output = ChannelResult<Vec<PackageTracking>>> + Send;

    /// Buyers' cancellation requests waiting on the seller, for these orders.
    fn cancel_requests(
        &self,
        order_ids: &[String],
    ) -> impl Future<Output = ChannelResult<Vec<CancelRequest>>> + Send;

    /// Answers a request. `key` is stored by the caller before the call and sent where
    /// the platform takes one (TikTok `idempotency_key`), so a retry changes nothing.
    fn decide_cancel(
        &self,
        request: &CancelRequest,
        decision: &CancelDecision,
        key: &str,
    ) -> impl Future<Output = ChannelResult<()>> + Send;
}

/// The code of the refusal a platform adapter gives (before calling) when an order the
/// platform split into several packages is asked about without naming one.
pub const SPLIT_ORDER: &str = "split_order";

/// Which platform a `shipments.carrier` code names, for the parcels the platform
/// arranged.
pub fn platform_of_carrier(code: &str) -> Option<ChannelKind> {
    ChannelKind::parse(code)
}
