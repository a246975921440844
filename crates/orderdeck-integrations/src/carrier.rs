//! What orderdeck needs from a carrier, whichever it is: a fee quote, a carrier order
//! (with our client order code as the idempotency handle), a lookup by that code, the
//! tracking history, status actions and the carrier's own label. `ghn` and
//! `viettel_post` implement it over HTTP; `sim` serves both APIs on loopback.

use std::future::Future;

use chrono::{DateTime, Utc};
use orderdeck_domain::places::Located;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which carrier; stored as `shipments.carrier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CarrierKind {
    Ghn,
    ViettelPost,
}

impl CarrierKind {
    /// Checks a COD amount a person typed or a script passed.
    pub fn check_cod(self, cod: Decimal) -> Result<Decimal, String> {
        if cod.is_sign_negative() && !cod.is_zero() {
            return Err("the COD amount cannot be negative".into());
        }
        if cod.fract() != Decimal::ZERO {
            return Err("the COD amount must be whole đồng (no decimals)".into());
        }
        let limit = self.cod_limit();
        if cod > limit {
            return Err(format!(
                "the COD amount {} is above {}'s limit of {}",
                orderdeck_domain::money::format_vnd(cod),
                self.label(),
                orderdeck_domain::money::format_vnd(limit)
            ));
        }
        Ok(cod)
    }

    pub const ALL: [CarrierKind; 2] = [CarrierKind::Ghn, CarrierKind::ViettelPost];

    pub fn code(self) -> &'static str {
        match self {
            CarrierKind::Ghn => "ghn",
            CarrierKind::ViettelPost => "viettelpost",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CarrierKind::Ghn => "Giao Hàng Nhanh",
            CarrierKind::ViettelPost => "Viettel Post",
        }
    }

    pub fn parse(s: &str) -> Option<CarrierKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ghn" => Some(CarrierKind::Ghn),
            "viettelpost" | "viettel_post" | "vtp" => Some(CarrierKind::ViettelPost),
            _ => None,
        }
    }

    /// The most cash on delivery the carrier accepts on one parcel. GHN's documents
    /// disagree (50,000,000 now, 10,000,000 before): we hold to the lower one so an
    /// order we accept is never refused; Viettel Post publishes no limit, so the same.
    pub fn cod_limit(self) -> Decimal {
        Decimal::from(10_000_000)
    }
}

/// Express or economy; stored as `shipments.service`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Express,
    Economy,
}

impl Service {
    pub fn code(self) -> &'static str {
        match self {
            Service::Express => "express",
            Service::Economy => "economy",
        }
    }

    pub fn parse(s: &str) -> Option<Service> {
        match s.trim().to_ascii_lowercase().as_str() {
            "express" => Some(Service::Express),
            "economy" => Some(Service::Economy),
            _ => None,
        }
    }
}

/// Who pays the shipping fee; stored as `shipments.payer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
    Seller,
    Buyer,
}

impl Payer {
    pub fn code(self) -> &'static str {
        match self {
            Payer::Seller => "seller",
            Payer::Buyer => "buyer",
        }
    }

    pub fn parse(s: &str) -> Option<Payer> {
        match s.trim().to_ascii_lowercase().as_str() {
            "seller" | "shop" => Some(Payer::Seller),
            "buyer" => Some(Payer::Buyer),
            _ => None,
        }
    }
}

/// What the receiver hands over at the door, the one figure both carriers are told in
/// their own words (GHN `payment_type_id`, Viettel Post `ORDER_PAYMENT`). Our COD is that
/// amount in full — shipping included when the buyer pays it — so with a COD the carrier
/// collects exactly it and bills its fee to the shop; adding the fee on top would charge
/// the buyer shipping twice (reference §1.4, and the rule quoted under §2.3). With no COD
/// and the buyer paying shipping, the carrier collects just its fee.
pub fn receiver_pays(cod: Decimal, payer: Payer, fee: Decimal) -> Decimal {
    if cod > Decimal::ZERO {
        cod
    } else if payer == Payer::Buyer {
        fee
    } else {
        Decimal::ZERO
    }
}

/// Whether the carrier is to add its fee to what it collects: only when nothing else is
/// collected and the buyer pays shipping (see [`receiver_pays`]).
pub fn carrier_collects_fee(cod: i64, payer: Payer) -> bool {
    cod == 0 && payer == Payer::Buyer
}

/// What the receiver may do before paying; stored as `shipments.required_note`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredNote {
    /// GHN `CHOTHUHANG`.
    MayTry,
    /// GHN `CHOXEMHANGKHONGTHU`.
    MayLook,
    /// GHN `KHONGCHOXEMHANG`.
    MayNotLook,
}

impl RequiredNote {
    pub fn code(self) -> &'static str {
        match self {
            RequiredNote::MayTry => "may_try",
            RequiredNote::MayLook => "may_look",
            RequiredNote::MayNotLook => "may_not_look",
        }
    }

    pub fn parse(s: &str) -> Option<RequiredNote> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "may_try" => Some(RequiredNote::MayTry),
            "may_look" => Some(RequiredNote::MayLook),
            "may_not_look" => Some(RequiredNote::MayNotLook),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequiredNote::MayTry => "may try the goods",
            RequiredNote::MayLook => "may look, not try",
            RequiredNote::MayNotLook => "may not look",
        }
    }
}

/// Our shipment states; stored as `shipments.status`. A carrier code we do not know
/// maps to `Unknown` and the code itself is kept in `carrier_status` and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    /// Stored, the carrier not yet (or not surely) called.
    Pending,
    ReadyToPick,
    PickedUp,
    InTransit,
    OutForDelivery,
    Delivered,
    DeliveryFailed,
    Returning,
    Returned,
    Cancelled,
    LostOrDamaged,
    Unknown,
}

impl ShipmentStatus {
    pub const ALL: [ShipmentStatus; 12] = [
        ShipmentStatus::Pending,
        ShipmentStatus::ReadyToPick,
        ShipmentStatus::PickedUp,
        ShipmentStatus::InTransit,
        ShipmentStatus::OutForDelivery,
        ShipmentStatus::Delivered,
        ShipmentStatus::DeliveryFailed,
        ShipmentStatus::Returning,
        ShipmentStatus::Returned,
        ShipmentStatus::Cancelled,
        ShipmentStatus::LostOrDamaged,
        ShipmentStatus::Unknown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ShipmentStatus::Pending => "pending",
            ShipmentStatus::ReadyToPick => "ready_to_pick",
            ShipmentStatus::PickedUp => "picked_up",
            ShipmentStatus::InTransit => "in_transit",
            ShipmentStatus::OutForDelivery => "out_for_delivery",
            ShipmentStatus::Delivered => "delivered",
            ShipmentStatus::DeliveryFailed => "delivery_failed",
            ShipmentStatus::Returning => "returning",
            ShipmentStatus::Returned => "returned",
            ShipmentStatus::Cancelled => "cancelled",
            ShipmentStatus::LostOrDamaged => "lost_or_damaged",
            ShipmentStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<ShipmentStatus> {
        ShipmentStatus::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The message id of the state's word ("đang giao", "in transit" …).
    pub fn word_id(self) -> &'static str {
        match self {
            ShipmentStatus::Pending => "common-parcel-pending",
            ShipmentStatus::ReadyToPick => "common-parcel-ready-to-pick",
            ShipmentStatus::PickedUp => "common-parcel-picked-up",
            ShipmentStatus::InTransit => "common-parcel-in-transit",
            ShipmentStatus::OutForDelivery => "common-parcel-out-for-delivery",
            ShipmentStatus::Delivered => "common-parcel-delivered",
            ShipmentStatus::DeliveryFailed => "common-parcel-delivery-failed",
            ShipmentStatus::Returning => "common-parcel-returning",
            ShipmentStatus::Returned => "common-parcel-returned",
            ShipmentStatus::Cancelled => "common-parcel-cancelled",
            ShipmentStatus::LostOrDamaged => "common-parcel-lost-or-damaged",
            ShipmentStatus::Unknown => "common-parcel-unknown",
        }
    }

    /// The state as people read it, in their language.
    pub fn shown(self) -> String {
        orderdeck_i18n::text(self.word_id())
    }

    /// Nothing more will happen to the parcel: the poller stops asking.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ShipmentStatus::Delivered | ShipmentStatus::Returned | ShipmentStatus::Cancelled
        )
    }

    /// A person has to look at it (the exceptions queue).
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            ShipmentStatus::DeliveryFailed
                | ShipmentStatus::Returning
                | ShipmentStatus::LostOrDamaged
                | ShipmentStatus::Unknown
        )
    }

    /// GHN `status` strings (reference §1.8).
    pub fn from_ghn(code: &str) -> ShipmentStatus {
        match code.trim().to_ascii_lowercase().as_str() {
            "ready_to_pick" | "picking" | "money_collect_picking" => ShipmentStatus::ReadyToPick,
            "picked" => ShipmentStatus::PickedUp,
            "storing" | "transporting" | "sorting" => ShipmentStatus::InTransit,
            "delivering" | "money_collect_delivering" => ShipmentStatus::OutForDelivery,
            "delivered" => ShipmentStatus::Delivered,
            "delivery_fail" | "waiting_to_return" | "exception" => ShipmentStatus::DeliveryFailed,
            "return" | "return_transporting" | "return_sorting" | "returning" | "return_fail" => {
                ShipmentStatus::Returning
            }
            "returned" => ShipmentStatus::Returned,
            "cancel" => ShipmentStatus::Cancelled,
            "lost" | "damage" => ShipmentStatus::LostOrDamaged,
            _ => ShipmentStatus::Unknown,
        }
    }

    /// Viettel Post `ORDER_STATUS` codes (reference §2.6).
    pub fn from_viettel_post(code: i64) -> ShipmentStatus {
        match code {
            100 | 102 | 103 | 104 => ShipmentStatus::ReadyToPick,
            105 | 200 | 202 => ShipmentStatus::PickedUp,
            300..=303 | 400..=403 | 508 | 509 | 550 => ShipmentStatus::InTransit,
            500 => ShipmentStatus::OutForDelivery,
            501 => ShipmentStatus::Delivered,
            505..=507 | 510 => ShipmentStatus::DeliveryFailed,
            502 | 515 => ShipmentStatus::Returning,
            504 => ShipmentStatus::Returned,
            101 | 106 | 107 | 201 | 503 => ShipmentStatus::Cancelled,
            _ => ShipmentStatus::Unknown,
        }
    }
}

/// A postal address as carriers want it (names, not carrier-specific ids).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub phone: String,
    pub address: String,
    pub ward: String,
    pub district: String,
    pub province: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelItem {
    pub name: String,
    pub code: String,
    pub qty: u32,
    pub price: Decimal,
}

/// Everything needed to quote or create a carrier order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelRequest {
    /// Ours, unique, stored before the call: the idempotency handle.
    pub client_order_code: String,
    pub service: Service,
    pub sender: Party,
    pub receiver: Party,
    pub cod_amount: Decimal,
    /// Declared value of the goods (insurance).
    pub goods_value: Decimal,
    pub payer: Payer,
    pub weight_grams: u32,
    pub length_cm: u32,
    pub width_cm: u32,
    pub height_cm: u32,
    pub required_note: RequiredNote,
    pub note: String,
    pub items: Vec<ParcelItem>,
    /// The receiver's ward in the carrier's own list (GHN's fee and create take its ids,
    /// reference §1.4); `None` for a carrier that takes names.
    #[serde(default)]
    pub receiver_place: Option<Located>,
    /// The sender's, when the configured address resolves; without it GHN starts from the
    /// shop's registered address.
    #[serde(default)]
    pub sender_place: Option<Located>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub fee: Decimal,
    pub expected_delivery: Option<DateTime<Utc>>,
}

/// A carrier order that exists at the carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierOrder {
    pub tracking_number: String,
    pub fee: Decimal,
    pub expected_delivery: Option<DateTime<Utc>>,
}

/// One step in a parcel's history, as the carrier reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingEvent {
    pub status: ShipmentStatus,
    /// The carrier's own code, verbatim.
    pub carrier_status: String,
    pub description: String,
    pub location: String,
    pub occurred_at: DateTime<Utc>,
}

/// Where a parcel is now, and how it got there (oldest event first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub status: ShipmentStatus,
    pub carrier_status: String,
    pub events: Vec<TrackingEvent>,
}

/// Things a person can ask the carrier to do with a parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParcelAction {
    Cancel,
    Redeliver,
    ReturnToSender,
}

/// The carrier's own printable label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierLabel {
    pub url: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl CarrierLabel {
    /// What the carrier sent, by its bytes first (a PDF starts `%PDF-`), then by its
    /// content type: `"pdf"`, `"html"` (GHN's print pages, reference §1.3, are HTML to
    /// print from a browser), or `"bin"` when neither says.
    pub fn kind(&self) -> &'static str {
        let head: Vec<u8> = self
            .bytes
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take(16)
            .copied()
            .collect();
        if head.starts_with(b"%PDF-") {
            "pdf"
        } else if head.first() == Some(&b'<') || self.content_type.contains("html") {
            "html"
        } else if self.content_type.contains("pdf") {
            "pdf"
        } else {
            "bin"
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CarrierError {
    /// The carrier answered and said no (its message, verbatim).
    #[error("{}", orderdeck_i18n::t!("err-carrier-refused", carrier = *.carrier, message = .message))]
    Rejected {
        carrier: &'static str,
        message: String,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-auth", provider = *.carrier, message = .message))]
    Auth {
        carrier: &'static str,
        message: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-provider-rate-limited",
            provider = *.carrier,
            seconds = .retry_after_secs.to_string()
        )
    )]
    RateLimited {
        carrier: &'static str,
        retry_after_secs: u64,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-timeout", provider = *.carrier))]
    Timeout { carrier: &'static str },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-provider-unavailable", provider = *.carrier, status = .status.to_string())
    )]
    Unavailable { carrier: &'static str, status: u16 },
    #[error("{}", orderdeck_i18n::t!("err-provider-malformed", provider = *.carrier, detail = .detail))]
    Malformed {
        carrier: &'static str,
        detail: String,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-network", provider = *.carrier, detail = .detail))]
    Network {
        carrier: &'static str,
        detail: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-provider-not-configured", provider = *.carrier, detail = .detail)
    )]
    NotConfigured {
        carrier: &'static str,
        detail: String,
    },
    /// Caught before sending: the request lacks what the carrier requires.
    #[error("{}", orderdeck_i18n::t!("err-carrier-not-asked", carrier = *.carrier, detail = .detail))]
    Incomplete {
        carrier: &'static str,
        detail: String,
    },
}

impl CarrierError {
    /// The carrier did not look at the request (slow down, credentials refused, not
    /// configured): it says nothing of what an earlier attempt under the same code did,
    /// so that code is kept for the retry.
    pub fn not_processed(&self) -> bool {
        matches!(
            self,
            CarrierError::RateLimited { .. }
                | CarrierError::Auth { .. }
                | CarrierError::NotConfigured { .. }
                | CarrierError::Incomplete { .. }
        )
    }

    /// Worth trying again later (the poller backs off; a person may retry).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CarrierError::RateLimited { .. }
                | CarrierError::Timeout { .. }
                | CarrierError::Unavailable { .. }
                | CarrierError::Network { .. }
        )
    }

    /// The call may have reached the carrier and been carried out: before trying a
    /// create again, look the order up by its client order code.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            CarrierError::Timeout { .. }
                | CarrierError::Unavailable { .. }
                | CarrierError::Network { .. }
                | CarrierError::Malformed { .. }
        )
    }
}

pub type CarrierResult<T> = Result<T, CarrierError>;

/// One carrier's API. Implementations are cheap to clone (they share one HTTP client).
pub trait Carrier: Send + Sync {
    fn kind(&self) -> CarrierKind;

    fn quote(&self, req: &ParcelRequest) -> impl Future<Output = CarrierResult<Quote>> + Send;

    /// Creates the carrier order. After an error with [`CarrierError::outcome_unknown`],
    /// call [`Carrier::find`] before creating again.
    fn create(
        &self,
        req: &ParcelRequest,
    ) -> impl Future<Output = CarrierResult<CarrierOrder>> + Send;

    /// The carrier order made for this client order code, if there is one.
    fn find(
        &self,
        client_order_code: &str,
    ) -> impl Future<Output = CarrierResult<Option<CarrierOrder>>> + Send;

    fn track(&self, tracking_number: &str) -> impl Future<Output = CarrierResult<Tracking>> + Send;

    fn act(
        &self,
        tracking_number: &str,
        action: ParcelAction,
    ) -> impl Future<Output = CarrierResult<()>> + Send;

    fn label(
        &self,
        tracking_number: &str,
    ) -> impl Future<Output = CarrierResult<CarrierLabel>> + Send;
}

/// `[carriers.ghn]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GhnConfig {
    /// `https://online-gateway.ghn.vn/shiip/public-api` (production) or the dev gateway.
    pub base_url: String,
    pub token: String,
    pub shop_id: i64,
    /// Seconds before a call is given up as timed out (default 15).
    pub timeout_secs: Option<u64>,
    /// Pick-up shifts asked for on create (`pick_shift`, ids from GHN's `/v2/shift/date`);
    /// unset: GHN's usual pick-up.
    #[serde(default)]
    pub pick_shift: Option<Vec<i64>>,
}

/// `[carriers.viettelpost]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViettelPostConfig {
    /// `https://partner.viettelpost.vn` (production) or the dev host.
    pub base_url: String,
    pub username: String,
    pub password: String,
    /// Sender warehouse (`GROUPADDRESS_ID` from listInventory) and customer id.
    pub group_address_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub timeout_secs: Option<u64>,
}

/// `[carriers]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriersConfig {
    pub ghn: Option<GhnConfig>,
    pub viettelpost: Option<ViettelPostConfig>,
}

/// Shows a secret's last four characters at most: enough to tell two apart.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    if n <= 8 {
        "****".to_string()
    } else {
        let tail: String = secret.chars().skip(n - 4).collect();
        format!("****{tail}")
    }
}

impl std::fmt::Debug for GhnConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GhnConfig")
            .field("base_url", &self.base_url)
            .field("token", &redact(&self.token))
            .field("shop_id", &self.shop_id)
            .field("timeout_secs", &self.timeout_secs)
            .field("pick_shift", &self.pick_shift)
            .finish()
    }
}

impl std::fmt::Debug for ViettelPostConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViettelPostConfig")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("password", &redact(&self.password))
            .field("group_address_id", &self.group_address_id)
            .field("customer_id", &self.customer_id)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

/// What a person (or a script) chooses when shipping; everything else comes from the order.
#[derive(Debug, Clone)]
pub struct ShipChoice {
    pub carrier: CarrierKind,
    pub service: Service,
    /// Defaults to 500 g per item.
    pub weight_grams: Option<u32>,
    /// Length × width × height in cm; defaults to 20 × 15 × 10.
    pub size_cm: Option<(u32, u32, u32)>,
    /// Defaults to nothing for a prepaid order, else goods plus (when the buyer pays it)
    /// the shipping fee.
    pub cod: Option<Decimal>,
    pub payer: Payer,
    pub required_note: RequiredNote,
    pub note: String,
    /// A ward a person picked from the carrier's list (its id), over the resolved one.
    pub ward: Option<String>,
}

/// A stored shipment status code (`in_transit`) as people read it, for the console and
/// the CLI alike. Codes older rows may hold (`failed`, `lost`, `damaged`) have words
/// too; a code this program does not know is shown as it is.
pub fn shipment_status_word(code: &str) -> String {
    use orderdeck_i18n::t;
    match ShipmentStatus::parse(code) {
        Some(status) => status.shown(),
        None => match code {
            "failed" => t!("common-parcel-failed"),
            "lost" => t!("common-parcel-lost"),
            "damaged" => t!("common-parcel-damaged"),
            other => other.replace('_', " "),
        },
    }
}
