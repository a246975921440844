//! What orderdeck needs from a marketplace, whichever it is: the orders that changed in a
//! time range (page by page, resumable from a cursor), their details, the shop's listings
//! (matched to our variants by SKU), stock pushes, a new listing, and the OAuth tokens
//! that every call needs. `shopee`, `lazada` and `tiktok` implement it over HTTP; `sim`
//! serves the platforms' APIs on loopback.
//!
//! Tokens: a client starts from the pair stored in the database and keeps it in a
//! [`TokenKeeper`]. When the platform says the access token has expired, the client
//! refreshes once, hands the new pair to the [`TokenStore`] *before* forgetting the old one
//! (Shopee's refresh token is single-use: after a refresh only the new one works), and
//! repeats the call. Tokens never appear in `Debug` output, logs or error messages.

pub mod chat;
pub mod fulfil;
pub mod lazada;
pub mod shopee;
pub mod signing;
pub mod tiktok;
mod tokens;

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::carrier::{CarrierError, redact};
use orderdeck_domain::intake::Address;
use orderdeck_domain::order::Stage;

pub use tokens::{MemoryTokenStore, TokenKeeper, TokenStore};

/// Which platform a shop is on; the code is `sales_channels.kind`. The first three are
/// marketplaces (orders pulled and pushed to us, buyers' parcels arranged by the
/// platform); the other four are the seller's own website on a storefront platform
/// (orders come by signed webhook, stock goes back through the same outbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Shopee,
    Lazada,
    #[serde(rename = "tiktok")]
    TikTok,
    Haravan,
    Sapo,
    #[serde(rename = "woocommerce")]
    WooCommerce,
    Shopify,
}

impl ChannelKind {
    /// The marketplaces.
    pub const ALL: [ChannelKind; 3] = [
        ChannelKind::Shopee,
        ChannelKind::Lazada,
        ChannelKind::TikTok,
    ];

    /// The storefront platforms of the seller's own website.
    pub const STOREFRONTS: [ChannelKind; 4] = [
        ChannelKind::Haravan,
        ChannelKind::Sapo,
        ChannelKind::WooCommerce,
        ChannelKind::Shopify,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChannelKind::Shopee => "shopee",
            ChannelKind::Lazada => "lazada",
            ChannelKind::TikTok => "tiktok",
            ChannelKind::Haravan => "haravan",
            ChannelKind::Sapo => "sapo",
            ChannelKind::WooCommerce => "woocommerce",
            ChannelKind::Shopify => "shopify",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Shopee => "Shopee",
            ChannelKind::Lazada => "Lazada",
            ChannelKind::TikTok => "TikTok Shop",
            ChannelKind::Haravan => "Haravan",
            ChannelKind::Sapo => "Sapo",
            ChannelKind::WooCommerce => "WooCommerce",
            ChannelKind::Shopify => "Shopify",
        }
    }

    /// The seller's own website on a storefront platform (not a marketplace).
    pub fn is_storefront(self) -> bool {
        ChannelKind::STOREFRONTS.contains(&self)
    }

    pub fn parse(s: &str) -> Option<ChannelKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "shopee" => Some(ChannelKind::Shopee),
            "lazada" => Some(ChannelKind::Lazada),
            "tiktok" | "tiktokshop" | "tiktok_shop" => Some(ChannelKind::TikTok),
            "haravan" => Some(ChannelKind::Haravan),
            "sapo" => Some(ChannelKind::Sapo),
            "woocommerce" | "woo" => Some(ChannelKind::WooCommerce),
            "shopify" => Some(ChannelKind::Shopify),
            _ => None,
        }
    }
}

// ------------------------------------------------------------------------------------
// Secrets and tokens

/// A token or key: usable as text, never shown in full (`Debug` and `Display` print at
/// most the last four characters).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The whole value, for a request. Never for a log line or a screen.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// One shop's OAuth tokens, as stored in `sales_channels`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub access_expires_at: DateTime<Utc>,
    /// When the platform says (Lazada, TikTok Shop); Shopee's is 30 days after issue.
    pub refresh_expires_at: Option<DateTime<Utc>>,
}

impl TokenPair {
    /// `now` + a lifetime in seconds as a token reply gives it. A lifetime past a year is
    /// not believed (a huge one overflowed the date arithmetic): the token is refreshed
    /// sooner instead.
    pub fn expiry_after(now: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
        const YEAR: i64 = 366 * 86_400;
        now + chrono::Duration::seconds(seconds.min(YEAR))
    }

    /// Expired, or about to: refresh before calling rather than fail mid-sync.
    pub fn access_expires_within(&self, now: DateTime<Utc>, margin: chrono::Duration) -> bool {
        self.access_expires_at <= now + margin
    }
}

// ------------------------------------------------------------------------------------
// Orders

/// A channel's order status, mapped to what it means for us. The platform's own value is
/// always kept beside it (`channel_status`) and shown when this is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelStatus {
    /// Placed, not paid: take no stock yet (Shopee/TikTok UNPAID, Lazada unpaid).
    AwaitingPayment,
    /// Paid but held by the platform; the buyer may still cancel (Shopee PENDING,
    /// TikTok ON_HOLD).
    OnHold,
    /// Ours to pack and ship (Shopee READY_TO_SHIP/RETRY_SHIP, Lazada pending/packed/
    /// repacked, TikTok AWAITING_SHIPMENT).
    ToShip,
    /// Shipment arranged, waiting for the carrier (Shopee PROCESSED, Lazada
    /// ready_to_ship, TikTok AWAITING_COLLECTION).
    AwaitingPickup,
    /// With the carrier (Shopee SHIPPED, Lazada shipped, TikTok IN_TRANSIT,
    /// PARTIALLY_SHIPPING).
    Shipped,
    /// Delivered, not yet closed (Shopee TO_CONFIRM_RECEIVE, Lazada/TikTok delivered).
    Delivered,
    /// Delivery failed or the parcel was lost or damaged: a person looks.
    DeliveryFailed,
    /// The buyer asked to cancel; not decided yet (Shopee IN_CANCEL).
    CancelRequested,
    /// Closed; no more returns (COMPLETED).
    Completed,
    Cancelled,
    /// A return is under way (Shopee TO_RETURN, Lazada shipped_back*).
    Returning,
    Returned,
    /// A value we do not know.
    Unknown,
}

impl ChannelStatus {
    pub fn code(self) -> &'static str {
        match self {
            ChannelStatus::AwaitingPayment => "awaiting_payment",
            ChannelStatus::OnHold => "on_hold",
            ChannelStatus::ToShip => "to_ship",
            ChannelStatus::AwaitingPickup => "awaiting_pickup",
            ChannelStatus::Shipped => "shipped",
            ChannelStatus::Delivered => "delivered",
            ChannelStatus::DeliveryFailed => "delivery_failed",
            ChannelStatus::CancelRequested => "cancel_requested",
            ChannelStatus::Completed => "completed",
            ChannelStatus::Cancelled => "cancelled",
            ChannelStatus::Returning => "returning",
            ChannelStatus::Returned => "returned",
            ChannelStatus::Unknown => "unknown",
        }
    }

    /// The three-word view of it; `None` for `Unknown`.
    pub fn stage(self) -> Option<Stage> {
        match self {
            ChannelStatus::AwaitingPayment | ChannelStatus::OnHold | ChannelStatus::ToShip => {
                Some(Stage::New)
            }
            ChannelStatus::AwaitingPickup
            | ChannelStatus::Shipped
            | ChannelStatus::Delivered
            | ChannelStatus::DeliveryFailed
            | ChannelStatus::CancelRequested => Some(Stage::Processing),
            ChannelStatus::Completed => Some(Stage::Completed),
            ChannelStatus::Cancelled => Some(Stage::Cancelled),
            ChannelStatus::Returning | ChannelStatus::Returned => Some(Stage::Returned),
            ChannelStatus::Unknown => None,
        }
    }

    /// Stock should be reserved for it (paid and not finished one way or another).
    pub fn wants_stock(self) -> bool {
        matches!(
            self,
            ChannelStatus::OnHold | ChannelStatus::ToShip | ChannelStatus::CancelRequested
        )
    }

    /// Shopee's `order_status` (reference §1.6). PENDING is paid but held; INVOICE_PENDING
    /// (a Brazilian filter value) is treated the same way.
    pub fn from_shopee(s: &str) -> ChannelStatus {
        match s.trim().to_ascii_uppercase().as_str() {
            "UNPAID" => ChannelStatus::AwaitingPayment,
            "PENDING" | "INVOICE_PENDING" => ChannelStatus::OnHold,
            "READY_TO_SHIP" | "RETRY_SHIP" => ChannelStatus::ToShip,
            "PROCESSED" => ChannelStatus::AwaitingPickup,
            "SHIPPED" => ChannelStatus::Shipped,
            "TO_CONFIRM_RECEIVE" => ChannelStatus::Delivered,
            "IN_CANCEL" => ChannelStatus::CancelRequested,
            "CANCELLED" => ChannelStatus::Cancelled,
            "TO_RETURN" => ChannelStatus::Returning,
            "COMPLETED" => ChannelStatus::Completed,
            _ => ChannelStatus::Unknown,
        }
    }

    /// One Lazada order item's status (reference §2.6). `topack`/`toship` are Seller
    /// Center tab filters, read as what they say.
    pub fn from_lazada_item(s: &str) -> ChannelStatus {
        match s.trim().to_ascii_lowercase().as_str() {
            "unpaid" => ChannelStatus::AwaitingPayment,
            "pending" | "packed" | "repacked" | "topack" | "toship" => ChannelStatus::ToShip,
            "ready_to_ship" => ChannelStatus::AwaitingPickup,
            "shipped" | "shipping" => ChannelStatus::Shipped,
            "delivered" => ChannelStatus::Delivered,
            "failed" | "failed_delivery" | "lost" | "lost_by_3pl" | "damaged_by_3pl"
            | "package_scrapped" => ChannelStatus::DeliveryFailed,
            "shipped_back" | "shipped_back_failed" => ChannelStatus::Returning,
            "shipped_back_success" | "returned" => ChannelStatus::Returned,
            "canceled" | "cancelled" => ChannelStatus::Cancelled,
            "confirmed" => ChannelStatus::Completed,
            _ => ChannelStatus::Unknown,
        }
    }

    /// A Lazada order's status from its items' statuses. Lazada has no order-level
    /// status (reference §2.6), so the rule is ours:
    ///
    /// 1. no items: `Unknown`; every item cancelled: `Cancelled`;
    /// 2. cancelled items are then left out (the rest of the order goes on without them);
    /// 3. any remaining item we cannot read: `Unknown` (a person looks at the raw values);
    /// 4. any remaining item failed, lost or damaged: `DeliveryFailed`;
    /// 5. any remaining item returning or returned: `Returned` when all of them are
    ///    returned, `Returning` otherwise;
    /// 6. otherwise the least advanced remaining item decides (unpaid < to ship <
    ///    awaiting pickup < shipped < delivered < completed): the order is only as far
    ///    along as its slowest live item.
    pub fn lazada_order(items: &[ChannelStatus]) -> ChannelStatus {
        if items.is_empty() {
            return ChannelStatus::Unknown;
        }
        let live: Vec<ChannelStatus> = items
            .iter()
            .copied()
            .filter(|s| *s != ChannelStatus::Cancelled)
            .collect();
        if live.is_empty() {
            return ChannelStatus::Cancelled;
        }
        if live.contains(&ChannelStatus::Unknown) {
            return ChannelStatus::Unknown;
        }
        if live.contains(&ChannelStatus::DeliveryFailed) {
            return ChannelStatus::DeliveryFailed;
        }
        let returning =
            |s: &ChannelStatus| matches!(s, ChannelStatus::Returning | ChannelStatus::Returned);
        if live.iter().any(returning) {
            return if live.iter().all(|s| *s == ChannelStatus::Returned) {
                ChannelStatus::Returned
            } else {
                ChannelStatus::Returning
            };
        }
        let rank = |s: ChannelStatus| match s {
            ChannelStatus::AwaitingPayment => 0,
            ChannelStatus::OnHold => 1,
            ChannelStatus::ToShip | ChannelStatus::CancelRequested => 2,
            ChannelStatus::AwaitingPickup => 3,
            ChannelStatus::Shipped => 4,
            ChannelStatus::Delivered => 5,
            _ => 6,
        };
        live.into_iter()
            .min_by_key(|s| rank(*s))
            .unwrap_or(ChannelStatus::Unknown)
    }

    /// TikTok Shop's order `status` (reference §3.6), and the webhook's `CANCEL` spelling.
    pub fn from_tiktok(s: &str) -> ChannelStatus {
        match s.trim().to_ascii_uppercase().as_str() {
            "UNPAID" => ChannelStatus::AwaitingPayment,
            "ON_HOLD" => ChannelStatus::OnHold,
            "AWAITING_SHIPMENT" => ChannelStatus::ToShip,
            "AWAITING_COLLECTION" => ChannelStatus::AwaitingPickup,
            "PARTIALLY_SHIPPING" | "IN_TRANSIT" => ChannelStatus::Shipped,
            "DELIVERED" => ChannelStatus::Delivered,
            "COMPLETED" => ChannelStatus::Completed,
            "CANCELLED" | "CANCEL" => ChannelStatus::Cancelled,
            _ => ChannelStatus::Unknown,
        }
    }
}

/// A time range of order updates, `from` inclusive and `to` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Where the next page starts: opaque to the caller, safe to store and resume from
/// (each platform puts its own position in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PageCursor(pub String);

/// One order in a list of changes; its details come from [`SalesChannel::order_details`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub external_id: String,
    /// The platform's status as the list gave it (may be empty).
    pub channel_status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub orders: Vec<OrderRef>,
    /// `None`: this was the last page of the range.
    pub next: Option<PageCursor>,
    /// Every order of the range updated before this moment has been handed out (pages
    /// come in update-time order): how far through the range the pull is, for a
    /// progress bar. `None` when the platform gives no such order.
    pub reached: Option<DateTime<Utc>>,
}

impl OrderPage {
    /// The range held nothing (more).
    pub fn done(orders: Vec<OrderRef>, range: TimeRange) -> OrderPage {
        OrderPage {
            orders,
            next: None,
            reached: Some(range.to),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelBuyer {
    /// The platform's buyer id or user name (often the only thing before payment).
    pub username: String,
    /// Recipient name and phone, as on the parcel (platforms may mask parts of them).
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLine {
    /// The platform's id for this line (Lazada order_item_id, TikTok line item id;
    /// Shopee: item_id/model_id).
    pub external_line_id: String,
    /// The seller SKU: how the line finds our variant. Empty when the listing has none.
    pub sku: String,
    pub name: String,
    pub qty: i32,
    /// Before discounts.
    pub unit_price: Decimal,
    /// Whole-line discount (seller and platform), never negative.
    pub discount: Decimal,
    /// The platform's own status for this line, when it has one (Lazada, TikTok).
    pub channel_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTotals {
    /// The goods before discounts.
    pub subtotal: Decimal,
    pub discount: Decimal,
    /// What the buyer pays for shipping.
    pub shipping_fee: Decimal,
    /// What the buyer pays in all.
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelOrder {
    pub channel: ChannelKind,
    pub external_id: String,
    pub status: ChannelStatus,
    /// The platform's value(s), verbatim (Lazada: the item statuses joined with ",").
    pub channel_status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub buyer: ChannelBuyer,
    pub address: Address,
    pub lines: Vec<ChannelLine>,
    pub currency: String,
    pub totals: ChannelTotals,
    /// Cash on delivery (else paid on the platform).
    pub cod: bool,
    pub note: String,
    /// Ship before this or the platform cancels the order and penalises the shop
    /// (Shopee `ship_by_date`, Lazada `sla_time_stamp`/`promised_shipping_times`, TikTok
    /// `rts_sla_time` where present).
    #[serde(default)]
    pub ship_by: Option<DateTime<Utc>>,
    /// The platform hid parts of the buyer's phone, name or address (platform-arranged
    /// parcels): kept as given, never needed to ship.
    #[serde(default)]
    pub buyer_masked: bool,
    /// The seller ships it (TikTok `shipping_type` SELLER, Lazada `delivery_option_sof`
    /// 1): booked with our carriers, the number told to the platform. Otherwise the
    /// platform arranges the carrier.
    #[serde(default)]
    pub seller_shipping: bool,
}

/// What a verified webhook says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebhookEvent {
    /// An order changed status: fetch its details.
    OrderStatus {
        external_id: String,
        status: ChannelStatus,
        channel_status: String,
        updated_at: Option<DateTime<Utc>>,
    },
    /// Anything else (shop authorisation, products...), by the platform's name for it.
    Other { kind: String },
}

// ------------------------------------------------------------------------------------
// Listings and stock

/// One sellable thing on a platform: a Shopee model (or an item without models), a
/// Lazada SKU, a TikTok SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// Shopee item_id, Lazada item_id, TikTok product id.
    pub item_id: String,
    /// Shopee model_id ("0" for an item without models), Lazada SkuId, TikTok SKU id:
    /// `channel_listings.external_sku`.
    pub sku_id: String,
    /// The seller SKU as the platform holds it.
    pub sku: String,
    pub name: String,
    pub price: Option<Decimal>,
    pub stock: Option<i64>,
    /// The platform's listing status, verbatim.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingPage {
    pub listings: Vec<Listing>,
    pub next: Option<PageCursor>,
}

/// How the shop's listings line up with our variants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingMatch {
    /// (listing, our SKU it belongs to).
    pub matched: Vec<(Listing, String)>,
    /// Listings whose SKU is none of ours (or empty).
    pub unmatched: Vec<Listing>,
    /// Listings whose SKU fits more than one of ours once case is ignored.
    pub ambiguous: Vec<Listing>,
    /// Our SKUs no listing carries.
    pub not_listed: Vec<String>,
}

/// Matches listings to our variants by SKU: exactly (after trimming), else ignoring case
/// when that names exactly one of ours. Several listings may share one of our SKUs (the
/// same variant listed twice); all of them are matched.
pub fn match_listings(listings: &[Listing], our_skus: &[String]) -> ListingMatch {
    use std::collections::{HashMap, HashSet};
    let exact: HashSet<&str> = our_skus.iter().map(|s| s.trim()).collect();
    let mut folded: HashMap<String, Vec<&str>> = HashMap::new();
    for s in &exact {
        folded.entry(s.to_lowercase()).or_default().push(s);
    }
    let mut out = ListingMatch::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for l in listings {
        let sku = l.sku.trim();
        if sku.is_empty() {
            out.unmatched.push(l.clone());
        } else if let Some(ours) = exact.get(sku) {
            seen.insert(ours);
            out.matched.push((l.clone(), (*ours).to_string()));
        } else {
            match folded.get(&sku.to_lowercase()).map(Vec::as_slice) {
                Some([one]) => {
                    seen.insert(one);
                    out.matched.push((l.clone(), (*one).to_string()));
                }
                Some(_) => out.ambiguous.push(l.clone()),
                None => out.unmatched.push(l.clone()),
            }
        }
    }
    let mut not_listed: Vec<String> = exact
        .iter()
        .filter(|s| !s.is_empty() && !seen.contains(*s))
        .map(|s| s.to_string())
        .collect();
    not_listed.sort();
    out.not_listed = not_listed;
    out
}

/// Set the sellable stock of one listing to `qty`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPush {
    pub item_id: String,
    pub sku_id: String,
    /// Ours, for messages (and Lazada's `SellerSku`).
    pub sku: String,
    pub qty: u32,
}

/// What became of one push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPushResult {
    pub sku: String,
    /// `Err(platform's reason)` when the platform refused this one.
    pub outcome: Result<u32, String>,
}

/// A product of ours to put on a platform. Platform specifics (Shopee logistics
/// channel ids, category attributes) are the channel's config or `extra`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewListing {
    /// Our variant SKU: the seller SKU on the platform, and how a lost reply is found.
    pub sku: String,
    pub name: String,
    pub description: String,
    pub price: Decimal,
    pub stock: u32,
    pub weight_grams: u32,
    pub length_cm: u32,
    pub width_cm: u32,
    pub height_cm: u32,
    /// The platform's category id.
    pub category_id: String,
    /// Platform image ids (Shopee image_id, TikTok uri) or URLs (Lazada).
    pub images: Vec<String>,
    pub brand: Option<String>,
}

// ------------------------------------------------------------------------------------
// Config

/// `[channels]` in the config file: one table per marketplace shop.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelsConfig {
    /// Where Shopee and Lazada send the seller back after consenting, with `?code=…` in
    /// the address (registered with the app). The page need not exist: the person copies
    /// the address, or just its code, into orderdeck.
    pub redirect_url: Option<String>,
    pub shopee: Option<shopee::ShopeeConfig>,
    pub lazada: Option<lazada::LazadaConfig>,
    pub tiktok: Option<tiktok::TikTokConfig>,
}

/// The consent redirect when `[channels] redirect_url` is not set.
pub const DEFAULT_REDIRECT: &str = "https://localhost/orderdeck/authorised";

impl ChannelsConfig {
    pub fn redirect(&self) -> &str {
        self.redirect_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .unwrap_or(DEFAULT_REDIRECT)
    }
}

/// The authorisation code in what the person pasted after consenting: the whole address
/// they were sent back to (`…?code=…&shop_id=…`) or the code alone.
pub fn consent_code(pasted: &str) -> Result<String, String> {
    let text = pasted.trim();
    if text.is_empty() {
        return Err("paste the address you were sent back to, or its code".into());
    }
    let code = if text.contains("code=") {
        let query = text.split_once('?').map_or(text, |(_, q)| q);
        let query = query.split('#').next().unwrap_or(query);
        reqwest::Url::parse(&format!("http://localhost/?{query}"))
            .ok()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "code")
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_default()
    } else {
        text.to_string()
    };
    if code.is_empty() {
        return Err("that address carries no code: consent again and copy the new one".into());
    }
    if code.len() > 512
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    {
        return Err(
            "that is not an authorisation code: copy the whole address from the browser, \
             or only the part after `code=`"
                .into(),
        );
    }
    Ok(code)
}

// ------------------------------------------------------------------------------------
// Errors

/// A platform's refusal as a person reads it. The codes we give our own refusals carry
/// our words; a platform code we know is said in the reader's language; the platform's
/// own words are kept as it wrote them, marked as its words.
fn channel_refusal(channel: &str, code: &str, message: &str) -> String {
    let said = match code {
        "not_sent" | "cursor" | "offset_cap" | "too_many_listings" | "too_many_pages" => {
            "err-channel-refused-ours"
        }
        "error_param" => "err-channel-refused-param",
        "error_item_not_found" => "err-channel-refused-not-found",
        _ => "err-channel-refused",
    };
    orderdeck_i18n::t!(said, channel = channel, code = code, message = message)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    /// Our credentials were refused (wrong sign, wrong partner key, no permission, the
    /// refresh token is dead): a person must fix the config or authorise the shop again.
    #[error("{}", orderdeck_i18n::t!("err-provider-auth", provider = *.channel, message = .message))]
    Auth {
        channel: &'static str,
        message: String,
    },
    /// The access token has expired or was revoked; a refresh may cure it.
    #[error("{}", orderdeck_i18n::t!("err-channel-token-expired", channel = *.channel, message = .message))]
    TokenExpired {
        channel: &'static str,
        message: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-channel-rate-limited",
            channel = *.channel,
            seconds = .retry_after.as_secs().max(1).to_string()
        )
    )]
    RateLimited {
        channel: &'static str,
        retry_after: Duration,
    },
    /// The platform answered and said no (its code and message, verbatim).
    #[error("{}", channel_refusal(.channel, .code, .message))]
    Rejected {
        channel: &'static str,
        code: String,
        message: String,
    },
    /// No complete answer: timeout, connection trouble, HTTP 5xx.
    #[error("{}", orderdeck_i18n::t!("err-provider-network", provider = *.channel, detail = .detail))]
    Transport {
        channel: &'static str,
        detail: String,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-malformed", provider = *.channel, detail = .detail))]
    Malformed {
        channel: &'static str,
        detail: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-provider-not-configured", provider = *.channel, detail = .detail)
    )]
    NotConfigured {
        channel: &'static str,
        detail: String,
    },
    /// The platform issued new tokens (and retired the old ones) but we could not store
    /// them. They are in use in this process; if it stops before they are stored, the
    /// shop has to be authorised again.
    #[error(
        "{}",
        orderdeck_i18n::t!("err-channel-tokens-not-saved", channel = *.channel, detail = .detail)
    )]
    TokensNotSaved {
        channel: &'static str,
        detail: String,
    },
}

impl ChannelError {
    /// Worth trying again later without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ChannelError::RateLimited { .. } | ChannelError::Transport { .. }
        )
    }

    /// The call may have reached the platform and been carried out: before creating a
    /// listing again, look it up by SKU.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ChannelError::Transport { .. } | ChannelError::Malformed { .. }
        )
    }
}

/// The shared HTTP helpers speak [`CarrierError`]; their failures mean the same here.
impl From<CarrierError> for ChannelError {
    fn from(e: CarrierError) -> ChannelError {
        match e {
            CarrierError::Rejected { carrier, message } => ChannelError::Rejected {
                channel: carrier,
                code: String::new(),
                message,
            },
            CarrierError::Auth { carrier, message } => ChannelError::Auth {
                channel: carrier,
                message,
            },
            CarrierError::RateLimited {
                carrier,
                retry_after_secs,
            } => ChannelError::RateLimited {
                channel: carrier,
                retry_after: Duration::from_secs(retry_after_secs),
            },
            CarrierError::Timeout { carrier } => ChannelError::Transport {
                channel: carrier,
                detail: "no answer in time".into(),
            },
            CarrierError::Unavailable { carrier, status } => ChannelError::Transport {
                channel: carrier,
                detail: format!("HTTP {status}"),
            },
            CarrierError::Network { carrier, detail } => ChannelError::Transport {
                channel: carrier,
                detail,
            },
            CarrierError::Malformed { carrier, detail } => ChannelError::Malformed {
                channel: carrier,
                detail,
            },
            // Only carriers make `Incomplete` (a request caught before sending): nothing
            // was asked, like a missing setting.
            CarrierError::NotConfigured { carrier, detail }
            | CarrierError::Incomplete { carrier, detail } => ChannelError::NotConfigured {
                channel: carrier,
                detail,
            },
        }
    }
}

pub type ChannelResult<T> = Result<T, ChannelError>;

/// A setting and the environment variable that overrides it, for messages
/// (`channels.lazada.app_key` → `channels.lazada.app_key (ORDERDECK_CHANNELS__LAZADA__APP_KEY)`).
pub(crate) fn setting(key: &str) -> String {
    format!(
        "{key} (ORDERDECK_{})",
        key.to_uppercase().replace('.', "__")
    )
}

/// `NotConfigured` for a blank setting, naming it and its environment variable.
pub(crate) fn require(channel: &'static str, key: &str, value: &str) -> ChannelResult<()> {
    if !value.trim().is_empty() {
        return Ok(());
    }
    Err(ChannelError::NotConfigured {
        channel,
        detail: format!("set {}", setting(key)),
    })
}

/// A client must be given its own platform's token keeper.
pub(crate) fn check_keeper(kind: ChannelKind, tokens: &TokenKeeper) -> ChannelResult<()> {
    if tokens.channel() == kind {
        return Ok(());
    }
    Err(ChannelError::NotConfigured {
        channel: kind.label(),
        detail: format!("the token keeper given is not a {} shop's", kind.label()),
    })
}

/// What Lazada and TikTok Shop apps are configured with, checked: the API and auth hosts
/// and the app key and secret (`channels.<kind>.base_url`, `auth_url`, `app_key`,
/// `app_secret`).
pub(crate) struct AppSettings {
    pub base: reqwest::Url,
    pub auth: reqwest::Url,
    pub key: std::sync::Arc<str>,
    pub secret: std::sync::Arc<str>,
}

impl AppSettings {
    pub(crate) fn checked(
        kind: ChannelKind,
        [base_url, auth_url, app_key, app_secret]: [&str; 4],
        tokens: &TokenKeeper,
    ) -> ChannelResult<AppSettings> {
        let channel = kind.label();
        let key = |name: &str| format!("channels.{}.{name}", kind.code());
        let base = crate::http::checked_base_url(channel, &setting(&key("base_url")), base_url)?;
        let auth = crate::http::checked_base_url(channel, &setting(&key("auth_url")), auth_url)?;
        require(channel, &key("app_key"), app_key)?;
        require(channel, &key("app_secret"), app_secret)?;
        check_keeper(kind, tokens)?;
        Ok(AppSettings {
            base,
            auth,
            key: std::sync::Arc::from(app_key.trim()),
            secret: std::sync::Arc::from(app_secret.trim()),
        })
    }
}

/// What the HTTP status alone says, before the body is read: 429 (with Retry-After, or
/// a second) and 5xx, the same on every platform.
pub(crate) fn status_refusal(
    channel: &'static str,
    reply: &crate::http::Reply,
) -> Option<ChannelError> {
    crate::http::status_error(channel, reply).map(ChannelError::from)
}

/// How a client waits out rate limits: up to `max_retries` times, when the platform's
/// wait is at most `max_wait`; beyond that the caller gets [`ChannelError::RateLimited`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    pub const NEVER: RetryPolicy = RetryPolicy {
        max_retries: 0,
        max_wait: Duration::ZERO,
    };

    /// How long to wait before trying again after `e`, when the policy allows another
    /// try (`waits_so_far` already made); `None`: hand the error back.
    pub fn wait_for(&self, e: &ChannelError, waits_so_far: u32) -> Option<Duration> {
        match e {
            ChannelError::RateLimited {
                channel,
                retry_after,
            } if waits_so_far < self.max_retries && *retry_after <= self.max_wait => {
                tracing::debug!(
                    channel,
                    wait_ms = u64::try_from(retry_after.as_millis()).unwrap_or(u64::MAX),
                    "rate limited; waiting"
                );
                Some(*retry_after)
            }
            _ => None,
        }
    }
}

// ------------------------------------------------------------------------------------
// The trait

/// One shop on one marketplace. Implementations are cheap to clone (they share one HTTP
/// client and one [`TokenKeeper`]).
pub trait SalesChannel: Send + Sync {
    fn kind(&self) -> ChannelKind;

    /// Orders updated within `range`, one page at a time: call with `None` first, then
    /// with each page's `next` until it is `None`. Platform limits (Shopee's 15-day
    /// window, Lazada's offset cap, page sizes) are handled inside.
    fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> impl Future<Output = ChannelResult<OrderPage>> + Send;

    /// Full orders for these ids (any number; batched inside). Ids the platform does not
    /// know are left out.
    fn order_details(
        &self,
        external_ids: &[String],
    ) -> impl Future<Output = ChannelResult<Vec<ChannelOrder>>> + Send;

    /// The shop's listings, a page at a time (as [`SalesChannel::orders_changed`]).
    fn listings(
        &self,
        cursor: Option<&PageCursor>,
    ) -> impl Future<Output = ChannelResult<ListingPage>> + Send;

    /// The listings carrying this seller SKU (after a create whose reply was lost).
    fn find_listing(&self, sku: &str) -> impl Future<Output = ChannelResult<Vec<Listing>>> + Send;

    /// Sets sellable stock; one result per push, in order.
    fn push_stock(
        &self,
        pushes: &[StockPush],
    ) -> impl Future<Output = ChannelResult<Vec<StockPushResult>>> + Send;

    /// Puts a product on the platform. After an error with
    /// [`ChannelError::outcome_unknown`], call [`SalesChannel::find_listing`] first.
    fn create_listing(
        &self,
        product: &NewListing,
    ) -> impl Future<Output = ChannelResult<Vec<Listing>>> + Send;

    /// Trades an authorisation code (from the seller's consent redirect) for tokens,
    /// which are stored and used from then on.
    fn exchange_code(&self, code: &str) -> impl Future<Output = ChannelResult<TokenPair>> + Send;

    /// Gets a new token pair now, stores it, then uses it.
    fn refresh_tokens(&self) -> impl Future<Output = ChannelResult<TokenPair>> + Send;
}

#[cfg(test)]
mod tests;
