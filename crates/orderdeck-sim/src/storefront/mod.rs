//! The seller's own website on four storefront platforms (reference `customer-channels.md`
//! Part 2 §8–§11, §13 and Part 3 B1–B4), each under a path prefix of the simulator:
//!
//! | platform | prefix | admin API served | auth |
//! |---|---|---|---|
//! | Haravan | `/haravan` | `GET /com/products.json`, `GET /com/locations.json`, `POST /com/inventories/adjustorset.json` | `Authorization: Bearer` |
//! | Sapo (Sapo Web) | `/sapo` | `GET /admin/variants.json`, `GET`/`PUT /admin/variants/{id}.json` | HTTP Basic key:secret |
//! | WooCommerce | `/woo` | `/wp-json/wc/v3/products` (list, `?sku=`, one, `PUT`, `batch`) and `…/{id}/variations` (the same) | HTTP Basic ck:cs, or the `consumer_key`/`consumer_secret` query |
//! | Shopify | `/shopify` | `POST /admin/api/{version}/graphql.json`: `productVariants`, `inventorySetQuantities` | `X-Shopify-Access-Token` |
//!
//! so a storefront config's `base_url` is `http://<sim>/haravan` and so on. Each store
//! lists a handful of the demo catalog's products (some with variants, two simple ones and
//! one whose SKU the demo shop does not sell), keeps stock per variant (per location on
//! Haravan and Shopify), and takes orders placed through [`SimHandle::storefront_place_order`]:
//! it lowers its own stock, as a real storefront does, and POSTs the platform's signed
//! order webhook to a callback URL (`webhook.rs`).
//!
//! The rate limits are the documented ones, adjustable with
//! [`SimHandle::set_storefront_limits`]: Haravan's leaky bucket (80, 4/s,
//! `X-Haravan-Api-Call-Limit`, 429 + `Retry-After`), Sapo's 40 calls a minute (429 +
//! `Retry-After`), Shopify's GraphQL cost bucket (1000 points, 100/s; a throttled call is
//! HTTP 200 with `THROTTLED`), WooCommerce's 100 objects per batch (413).

// The request checks return the refusal to send as their `Err`: built once and sent at
// once, so boxing it would buy nothing (as in `lazada_fulfil`).
#![allow(clippy::result_large_err)]

mod control;
mod haravan;
mod legacy;
mod sapo;
mod shopify;
mod webhook;
mod woocommerce;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use super::{SimHandle, SimState, lock};
use orderdeck_integrations::marketplace::{ChannelKind, Secret};
use orderdeck_integrations::storefront::StorefrontConfig;

pub(crate) use control::routes as control_routes;
pub(crate) use webhook::activity_step;
pub use webhook::{
    DeliveryMode, StorefrontChange, StorefrontDelivery, StorefrontOrderSpec, storefront_signature,
};

// ------------------------------------------------------------------------------------
// The simulated shops' credentials (made up; the simulator only listens on loopback).

pub(crate) const HARAVAN_TOKEN: &str = "sim-haravan-token-6b1f0c9e2a7d4f35";
pub(crate) const HARAVAN_ORG_ID: i64 = 200_000_451;
pub(crate) const HARAVAN_WEBHOOK_SECRET: &str = "sim-haravan-client-secret-0a4e";
pub(crate) const HARAVAN_VERIFY_TOKEN: &str = "sim-haravan-verify-7d2c";
/// The shop's primary location (stock is set here) and a second one.
pub(crate) const HARAVAN_LOCATIONS: [i64; 2] = [963_414, 963_415];

pub(crate) const SAPO_API_KEY: &str = "sim-sapo-key-3c8a51f0";
pub(crate) const SAPO_API_SECRET: &str = "sim-sapo-secret-e92b7d44a1c6";
pub(crate) const SAPO_WEBHOOK_SECRET: &str = "sim-sapo-webhook-secret-51d0";
pub(crate) const SAPO_STORE_DOMAIN: &str = "nhaxinh-sim.mysapo.net";

pub(crate) const WOO_CONSUMER_KEY: &str = "ck_sim4f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b";
pub(crate) const WOO_CONSUMER_SECRET: &str = "cs_sim9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";
pub(crate) const WOO_WEBHOOK_SECRET: &str = "sim-woo-webhook-secret-#7Hq";
/// The id of the simulated shop's order webhook (`X-WC-Webhook-ID`).
pub(crate) const WOO_WEBHOOK_ID: i64 = 31;

pub(crate) const SHOPIFY_TOKEN: &str = "shpat_sim0f1e2d3c4b5a69788796a5b4c3d2e1f0";
pub(crate) const SHOPIFY_CLIENT_SECRET: &str = "sim-shopify-client-secret-9c3e";
pub(crate) const SHOPIFY_SHOP_DOMAIN: &str = "nhaxinh-sim.myshopify.com";
pub(crate) const SHOPIFY_API_VERSION: &str = "2026-10";
pub(crate) const SHOPIFY_LOCATIONS: [i64; 2] = [124_656_943, 124_656_944];

/// The prefix under which a platform is served.
pub(crate) fn prefix(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Haravan => "/haravan",
        ChannelKind::Sapo => "/sapo",
        ChannelKind::WooCommerce => "/woo",
        ChannelKind::Shopify => "/shopify",
        ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => "",
    }
}

/// The storefront a request path belongs to (for the fault settings).
pub(crate) fn kind_of_path(path: &str) -> Option<ChannelKind> {
    ChannelKind::STOREFRONTS.into_iter().find(|k| {
        let p = prefix(*k);
        path.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    haravan::routes()
        .merge(sapo::routes())
        .merge(woocommerce::routes())
        .merge(shopify::routes())
}

// ------------------------------------------------------------------------------------
// Limits

/// The platforms' limits as the simulator enforces them (the documented ones by default).
#[derive(Debug, Clone, PartialEq)]
pub struct StorefrontLimits {
    /// Haravan's leaky bucket: its size (80) and how many calls leak out a second (4).
    pub haravan_bucket: u32,
    pub haravan_leak_per_sec: f64,
    /// Sapo: calls per rolling minute (40).
    pub sapo_per_minute: u32,
    /// Shopify GraphQL: the bucket's points (1000) and the restore rate a second (100).
    pub shopify_max_points: f64,
    pub shopify_restore_per_sec: f64,
    /// WooCommerce: objects in one batch call (100, the `woocommerce_rest_batch_items_limit`
    /// default).
    pub woo_batch_max: usize,
    /// Shopify's retries of a failed webhook delivery, one delay before each (the real
    /// platform: 8 retries over 4 hours; here 0.1 s to 12 s, so a demo or a test sees them).
    pub shopify_retry_delays: Vec<Duration>,
}

impl Default for StorefrontLimits {
    fn default() -> StorefrontLimits {
        StorefrontLimits {
            haravan_bucket: 80,
            haravan_leak_per_sec: 4.0,
            sapo_per_minute: 40,
            shopify_max_points: 1000.0,
            shopify_restore_per_sec: 100.0,
            woo_batch_max: 100,
            shopify_retry_delays: [1, 2, 4, 8, 15, 30, 60, 120]
                .into_iter()
                .map(Duration::from_millis)
                .map(|d| d * 100)
                .collect(),
        }
    }
}

/// What a store remembers of its callers' pace.
#[derive(Debug, Default)]
pub(crate) struct Pace {
    /// Haravan: the bucket's level when last seen, and when.
    level: f64,
    level_at: Option<Instant>,
    /// Sapo: when each call of the last minute came.
    window: VecDeque<Instant>,
    /// Shopify: points available when last seen, and when (None: full).
    points: Option<(f64, Instant)>,
}

impl Pace {
    /// Haravan's leaky bucket: Ok(level after this call) or Err(seconds to wait).
    pub(crate) fn leaky(&mut self, limits: &StorefrontLimits, now: Instant) -> Result<f64, u64> {
        let cap = f64::from(limits.haravan_bucket.max(1));
        if let Some(at) = self.level_at {
            let leaked = now.duration_since(at).as_secs_f64() * limits.haravan_leak_per_sec;
            self.level = (self.level - leaked).max(0.0);
        }
        self.level_at = Some(now);
        if self.level + 1.0 > cap {
            let wait = (self.level + 1.0 - cap) / limits.haravan_leak_per_sec.max(0.001);
            return Err(wait.ceil().max(1.0) as u64);
        }
        self.level += 1.0;
        Ok(self.level)
    }

    /// The bucket's level now, for the header of a refused call.
    pub(crate) fn level(&self) -> f64 {
        self.level
    }

    /// Sapo's calls per rolling minute: Ok(()) or Err(seconds to wait).
    pub(crate) fn per_minute(
        &mut self,
        limits: &StorefrontLimits,
        now: Instant,
    ) -> Result<(), u64> {
        let minute = Duration::from_secs(60);
        while self
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= minute)
        {
            self.window.pop_front();
        }
        if self.window.len() >= limits.sapo_per_minute as usize {
            let oldest = self.window.front().copied().unwrap_or(now);
            let wait = minute.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        self.window.push_back(now);
        Ok(())
    }

    /// Shopify's cost bucket: the points available now.
    pub(crate) fn points_now(&mut self, limits: &StorefrontLimits, now: Instant) -> f64 {
        let available = match self.points {
            None => limits.shopify_max_points,
            Some((p, at)) => (p + now.duration_since(at).as_secs_f64()
                * limits.shopify_restore_per_sec)
                .min(limits.shopify_max_points),
        };
        self.points = Some((available, now));
        available
    }

    pub(crate) fn spend_points(&mut self, cost: f64, now: Instant) {
        let available = self.points.map(|(p, _)| p).unwrap_or(0.0);
        self.points = Some(((available - cost).max(0.0), now));
    }
}

// ------------------------------------------------------------------------------------
// Catalogue and orders

/// A product as a storefront lists it.
#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub(crate) id: i64,
    pub(crate) title: String,
    /// WooCommerce: a simple product (no variations; its one variant is the product).
    pub(crate) simple: bool,
    /// The option names (`Màu`, `Size`).
    pub(crate) options: Vec<String>,
    pub(crate) variants: Vec<Variant>,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) id: i64,
    pub(crate) sku: String,
    /// `Trắng / M`; empty for a simple product.
    pub(crate) title: String,
    pub(crate) price: i64,
    pub(crate) grams: i64,
    /// Shopify's inventory item (1:1 with the variant); 0 elsewhere.
    pub(crate) inventory_item: i64,
    /// Whether the platform tracks its stock (Woo `manage_stock`, Haravan/Sapo
    /// `inventory_management`). Untracked: no quantity.
    pub(crate) managed: bool,
    /// Stock per location (Haravan, Shopify); the other two keep location 0.
    pub(crate) stock: BTreeMap<i64, i64>,
}

impl Variant {
    /// Stock over every location (what a single-location read shows).
    pub(crate) fn total(&self) -> i64 {
        self.stock.values().sum()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Buyer {
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) street: String,
    pub(crate) ward: String,
    pub(crate) ward_code: String,
    pub(crate) district: String,
    pub(crate) district_code: String,
    pub(crate) province: String,
    pub(crate) province_code: String,
}

impl Buyer {
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.last, self.first)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct OrderLine {
    pub(crate) id: i64,
    /// None: a line the store does not list (a custom item).
    pub(crate) product_id: Option<i64>,
    pub(crate) variant_id: Option<i64>,
    pub(crate) sku: String,
    pub(crate) title: String,
    pub(crate) variant_title: String,
    pub(crate) qty: i64,
    pub(crate) price: i64,
    pub(crate) grams: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub(crate) id: i64,
    pub(crate) number: i64,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) paid_at: Option<DateTime<Utc>>,
    pub(crate) cancelled_at: Option<DateTime<Utc>>,
    pub(crate) cod: bool,
    pub(crate) buyer: Buyer,
    pub(crate) lines: Vec<OrderLine>,
    pub(crate) shipping_fee: i64,
    pub(crate) discount: i64,
    pub(crate) note: String,
    /// Where its webhooks go.
    pub(crate) callback: String,
    /// WooCommerce's `order_key`, Shopify's `token`.
    pub(crate) key: String,
}

impl Order {
    pub(crate) fn subtotal(&self) -> i64 {
        self.lines.iter().map(|l| l.price * l.qty).sum()
    }

    pub(crate) fn total(&self) -> i64 {
        (self.subtotal() - self.discount).max(0) + self.shipping_fee
    }

    pub(crate) fn paid(&self) -> bool {
        self.paid_at.is_some()
    }
}

/// One simulated store.
pub(crate) struct Store {
    pub(crate) kind: ChannelKind,
    pub(crate) products: Vec<Product>,
    pub(crate) orders: BTreeMap<i64, Order>,
    next_order: i64,
    next_line: i64,
    pub(crate) pace: Pace,
    /// Where the demo's activity sends this store's orders.
    pub(crate) callback: Option<String>,
    /// WooCommerce: failed deliveries in a row, and whether the webhook was disabled.
    pub(crate) failures_in_a_row: u32,
    pub(crate) webhook_disabled: bool,
    /// Shopify `@idempotent` keys seen: key → (the input, the answer).
    pub(crate) idempotent: HashMap<String, (Value, Value)>,
    /// Haravan `adjustorset` numbers handed out.
    pub(crate) adjustments: i64,
    pub(crate) rng: StdRng,
}

/// The demo catalog's products a seeded storefront lists: (SKU base, title, options,
/// the variants' option values, price in VND, simple). The SKUs are the demo seed's
/// (`TT-001-1` …); `WEB-GIFT-01` is a product only the website sells.
type Listing = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    i64,
    bool,
);
const LISTINGS: &[Listing] = &[
    (
        "TT-001",
        "Áo thun cotton Basic",
        &["Màu", "Size"],
        &[
            "Trắng / S",
            "Trắng / M",
            "Trắng / L",
            "Đen / S",
            "Đen / M",
            "Đen / L",
        ],
        199_000,
        false,
    ),
    (
        "TT-005",
        "Áo sơ mi linen Basic",
        &["Màu", "Size"],
        &["Trắng / S", "Trắng / M", "Trắng / L"],
        329_000,
        false,
    ),
    (
        "GD-017",
        "Nồi chiên không dầu Mini",
        &["Màu"],
        &["Đỏ", "Xám"],
        1_290_000,
        false,
    ),
    (
        "GD-018",
        "Nồi chiên không dầu Classic",
        &[],
        &[""],
        1_490_000,
        true,
    ),
    (
        "MP-033",
        "Sữa rửa mặt trà xanh Dịu nhẹ",
        &["Dung tích"],
        &["50ml", "100ml"],
        89_000,
        false,
    ),
    (
        "DT-049",
        "Tai nghe Bluetooth Lite",
        &["Màu"],
        &["Đen", "Trắng"],
        459_000,
        false,
    ),
    (
        "TP-065",
        "Cà phê rang xay Đặc biệt",
        &[],
        &[""],
        145_000,
        true,
    ),
    (
        "TP-066",
        "Cà phê rang xay Truyền thống",
        &[],
        &[""],
        125_000,
        true,
    ),
    ("WEB-GIFT", "Túi quà tặng", &[], &[""], 15_000, true),
];

/// (product id base, variant id base, inventory item base, first order id, first number)
fn ids(kind: ChannelKind) -> (i64, i64, i64, i64, i64) {
    match kind {
        ChannelKind::Haravan => (1_031_046_300, 1_068_095_300, 0, 1_300_000_000, 100_021),
        ChannelKind::Sapo => (21_550_100, 61_330_200, 0, 45_000_000, 1_001),
        // WooCommerce posts share one id sequence: small numbers.
        ChannelKind::WooCommerce => (20, 700, 0, 1_500, 1_500),
        ChannelKind::Shopify => (
            8_123_456_700_000,
            45_001_234_500_000,
            47_900_000_000_000,
            6_100_000_000_000,
            1,
        ),
        ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => (0, 0, 0, 0, 0),
    }
}

impl Store {
    /// A shop listing `LISTINGS`, stock fixed by `seed`.
    pub(crate) fn seeded(kind: ChannelKind, seed: u64, now: DateTime<Utc>) -> Store {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x5f0e_f207 ^ kind.code().len() as u64);
        let (pbase, vbase, ibase, first_order, _) = ids(kind);
        let locations: Vec<i64> = match kind {
            ChannelKind::Haravan => HARAVAN_LOCATIONS.to_vec(),
            ChannelKind::Shopify => SHOPIFY_LOCATIONS.to_vec(),
            _ => vec![0],
        };
        let mut products = Vec::new();
        let mut vid = vbase;
        for (i, (base, title, options, values, price, simple)) in LISTINGS.iter().enumerate() {
            let pid = pbase
                + i as i64
                    * if kind == ChannelKind::WooCommerce {
                        1
                    } else {
                        7
                    };
            let variants = values
                .iter()
                .enumerate()
                .map(|(vi, value)| {
                    vid += 1;
                    let sku = if base.starts_with("WEB-") {
                        format!("{base}-01")
                    } else {
                        format!("{base}-{}", vi + 1)
                    };
                    let mut stock = BTreeMap::new();
                    for (li, loc) in locations.iter().enumerate() {
                        // Now and then a variant is sold out at the main location.
                        let qty = if li == 0 && rng.random_bool(0.1) && !base.starts_with("WEB-") {
                            0
                        } else if li == 0 {
                            rng.random_range(8..40)
                        } else {
                            rng.random_range(0..6)
                        };
                        stock.insert(*loc, qty);
                    }
                    Variant {
                        // A simple WooCommerce product has no variation: its stock is the
                        // product's.
                        id: if *simple && kind == ChannelKind::WooCommerce {
                            pid
                        } else {
                            vid
                        },
                        sku,
                        title: (*value).to_string(),
                        price: price + vi as i64 * (price / 10 / 1000) * 1000,
                        grams: 200 + 50 * vi as i64,
                        inventory_item: if ibase > 0 { ibase + vid - vbase } else { 0 },
                        managed: true,
                        stock,
                    }
                })
                .collect();
            products.push(Product {
                id: pid,
                title: (*title).to_string(),
                simple: *simple,
                options: options.iter().map(|o| o.to_string()).collect(),
                variants,
                created: now - chrono::Duration::days(90),
                updated: now - chrono::Duration::days(3),
            });
        }
        Store {
            kind,
            products,
            orders: BTreeMap::new(),
            next_order: first_order,
            next_line: first_order / 1000 * 7 + 11,
            pace: Pace::default(),
            callback: None,
            failures_in_a_row: 0,
            webhook_disabled: false,
            idempotent: HashMap::new(),
            adjustments: 0,
            rng,
        }
    }

    /// The primary location (where stock is set and orders take from).
    pub(crate) fn primary_location(&self) -> i64 {
        match self.kind {
            ChannelKind::Haravan => HARAVAN_LOCATIONS[0],
            ChannelKind::Shopify => SHOPIFY_LOCATIONS[0],
            _ => 0,
        }
    }

    pub(crate) fn variant_by_sku(&self, sku: &str) -> Option<(&Product, &Variant)> {
        self.products.iter().find_map(|p| {
            p.variants
                .iter()
                .find(|v| v.sku.eq_ignore_ascii_case(sku))
                .map(|v| (p, v))
        })
    }

    /// A variant by its id, with its product.
    pub(crate) fn variant_mut(&mut self, id: i64) -> Option<(&mut Variant, i64)> {
        self.products.iter_mut().find_map(|p| {
            let pid = p.id;
            p.variants.iter_mut().find(|v| v.id == id).map(|v| (v, pid))
        })
    }

    /// The stock of a SKU where the admin API reads and writes it: the primary location
    /// on Haravan and Shopify. None: not listed, or not tracked.
    pub(crate) fn stock_of(&self, sku: &str) -> Option<i64> {
        let loc = self.primary_location();
        self.variant_by_sku(sku)
            .filter(|(_, v)| v.managed)
            .map(|(_, v)| v.stock.get(&loc).copied().unwrap_or(0))
    }

    fn next_ids(&mut self) -> (i64, i64) {
        let id = self.next_order;
        self.next_order += 1;
        let (_, _, _, first_order, first_number) = ids(self.kind);
        (id, first_number + (id - first_order))
    }

    fn next_line_id(&mut self) -> i64 {
        self.next_line += 1;
        self.next_line
    }
}

/// The four stores and what they share.
pub(crate) struct Storefronts {
    pub(crate) haravan: Mutex<Store>,
    pub(crate) sapo: Mutex<Store>,
    pub(crate) woo: Mutex<Store>,
    pub(crate) shopify: Mutex<Store>,
    pub(crate) limits: Mutex<StorefrontLimits>,
    /// Every webhook delivery attempt, oldest first.
    pub(crate) deliveries: Mutex<Vec<StorefrontDelivery>>,
    /// Deliveries held back ([`DeliveryMode::Hold`]) until released.
    pub(crate) held: Mutex<Vec<webhook::Outgoing>>,
    pub(crate) next_seq: Mutex<u64>,
    /// The demo activity's own randomness (the marketplaces' draws stay as they were).
    pub(crate) activity_rng: Mutex<StdRng>,
    pub(crate) client: reqwest::Client,
    /// `http://<sim address>`: WooCommerce's site URL is built on it.
    pub(crate) site: Mutex<String>,
}

impl Storefronts {
    pub(crate) fn new(seed: u64, now: DateTime<Utc>, site: String) -> Storefronts {
        // Shopify's documented timeouts (§11): 1 s to connect, 5 s in all; used for every
        // platform (WooCommerce's own default is 5 s too).
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Storefronts {
            haravan: Mutex::new(Store::seeded(ChannelKind::Haravan, seed, now)),
            sapo: Mutex::new(Store::seeded(ChannelKind::Sapo, seed, now)),
            woo: Mutex::new(Store::seeded(ChannelKind::WooCommerce, seed, now)),
            shopify: Mutex::new(Store::seeded(ChannelKind::Shopify, seed, now)),
            limits: Mutex::new(StorefrontLimits::default()),
            deliveries: Mutex::new(Vec::new()),
            held: Mutex::new(Vec::new()),
            next_seq: Mutex::new(0),
            activity_rng: Mutex::new(StdRng::seed_from_u64(seed ^ 0x0057_0e5f)),
            client,
            site: Mutex::new(site),
        }
    }

    pub(crate) fn store(&self, kind: ChannelKind) -> Option<&Mutex<Store>> {
        match kind {
            ChannelKind::Haravan => Some(&self.haravan),
            ChannelKind::Sapo => Some(&self.sapo),
            ChannelKind::WooCommerce => Some(&self.woo),
            ChannelKind::Shopify => Some(&self.shopify),
            ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => None,
        }
    }

    pub(crate) fn limits(&self) -> StorefrontLimits {
        lock(&self.limits).clone()
    }
}

// ------------------------------------------------------------------------------------
// Shared request helpers

/// HTTP Basic credentials: (user, password).
pub(crate) fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_string(), pass.to_string()))
}

/// A JSON answer with a status.
pub(crate) fn json_reply(status: StatusCode, v: Value) -> Response {
    (status, axum::Json(v)).into_response()
}

/// `limit`/`page` style paging: the slice of `n` items for `page` (1-based).
pub(crate) fn page_range(n: usize, per_page: usize, page: usize) -> std::ops::Range<usize> {
    let start = per_page.saturating_mul(page.saturating_sub(1)).min(n);
    start..(start + per_page).min(n)
}

/// A query parameter as a whole number within `min..=max`; absent → `default`.
pub(crate) fn query_int(
    q: &HashMap<String, String>,
    name: &str,
    default: i64,
    min: i64,
    max: i64,
) -> Result<i64, String> {
    match q.get(name) {
        None => Ok(default),
        Some(v) => match v.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(format!(
                "{name} must be between {min} (inclusive) and {max} (inclusive)"
            )),
        },
    }
}

// ------------------------------------------------------------------------------------
// The handle's storefront calls

impl SimHandle {
    /// `[storefronts.<code>]` for the simulated store of `kind`: its base URL under this
    /// simulator (`http://<sim>/haravan` …), its webhook secret and admin credentials,
    /// Haravan's and Shopify's primary location. Named "Website (<platform>)".
    pub fn storefront_config(&self, kind: ChannelKind) -> StorefrontConfig {
        let base = format!("http://{}{}", self.addr, prefix(kind));
        let mut c = StorefrontConfig::new(kind, format!("Website ({})", kind.label()), base);
        c.webhook_secret = Secret::new(webhook_secret(kind));
        c.api_version = SHOPIFY_API_VERSION.to_string();
        match kind {
            ChannelKind::Haravan => {
                c.access_token = Some(Secret::new(HARAVAN_TOKEN));
                c.verify_token = Some(Secret::new(HARAVAN_VERIFY_TOKEN));
                c.location_id = Some(HARAVAN_LOCATIONS[0].to_string());
            }
            ChannelKind::Sapo => {
                c.api_key = Some(Secret::new(SAPO_API_KEY));
                c.api_secret = Some(Secret::new(SAPO_API_SECRET));
            }
            ChannelKind::WooCommerce => {
                c.consumer_key = Some(Secret::new(WOO_CONSUMER_KEY));
                c.consumer_secret = Some(Secret::new(WOO_CONSUMER_SECRET));
            }
            ChannelKind::Shopify => {
                c.access_token = Some(Secret::new(SHOPIFY_TOKEN));
                c.location_id = Some(format!("gid://shopify/Location/{}", SHOPIFY_LOCATIONS[0]));
            }
            ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => {}
        }
        c
    }

    /// The limits the storefronts enforce now.
    pub fn storefront_limits(&self) -> StorefrontLimits {
        self.state.storefronts.limits()
    }

    /// Changes the limits (a test lowers Sapo's 40 a minute to 3, say).
    pub fn set_storefront_limits(&self, limits: StorefrontLimits) {
        *lock(&self.state.storefronts.limits) = limits;
    }

    /// The storefront's stock of `sku` where its admin API writes it (the primary
    /// location on Haravan and Shopify). None: not a storefront, not listed, or its stock
    /// is not tracked (WooCommerce `manage_stock: false`).
    pub fn storefront_stock(&self, kind: ChannelKind, sku: &str) -> Option<i64> {
        let store = self.state.storefronts.store(kind)?;
        lock(store).stock_of(sku)
    }

    /// Sets the storefront's stock of `sku` at its primary location, as the seller would
    /// in the platform's admin. False when it does not list the SKU.
    pub fn storefront_set_stock(&self, kind: ChannelKind, sku: &str, qty: i64) -> bool {
        let Some(store) = self.state.storefronts.store(kind) else {
            return false;
        };
        let mut store = lock(store);
        let loc = store.primary_location();
        let Some(id) = store.variant_by_sku(sku).map(|(_, v)| v.id) else {
            return false;
        };
        match store.variant_mut(id) {
            Some((v, _)) => {
                v.managed = true;
                v.stock.insert(loc, qty);
                true
            }
            None => false,
        }
    }

    /// The SKUs the storefront lists, in its order.
    pub fn storefront_skus(&self, kind: ChannelKind) -> Vec<String> {
        let Some(store) = self.state.storefronts.store(kind) else {
            return Vec::new();
        };
        lock(store)
            .products
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.sku.clone()))
            .collect()
    }

    /// (item id, sku id) of a SKU as the storefront's listing read gives them (shared
    /// decisions: Woo product id / variation id or "0"; Haravan and Sapo product id /
    /// variant id; Shopify product GID / inventory item GID).
    pub fn storefront_listing_ids(&self, kind: ChannelKind, sku: &str) -> Option<(String, String)> {
        let store = lock(self.state.storefronts.store(kind)?);
        let (p, v) = store.variant_by_sku(sku)?;
        Some(match kind {
            ChannelKind::WooCommerce if p.simple => (p.id.to_string(), "0".to_string()),
            ChannelKind::Shopify => (
                format!("gid://shopify/Product/{}", p.id),
                format!("gid://shopify/InventoryItem/{}", v.inventory_item),
            ),
            _ => (p.id.to_string(), v.id.to_string()),
        })
    }

    /// The demo's storefront activity sends this store's orders to `url` from now on
    /// (None: no more).
    pub fn set_storefront_callback(&self, kind: ChannelKind, url: Option<String>) {
        if let Some(store) = self.state.storefronts.store(kind) {
            lock(store).callback = url;
        }
    }

    /// The URL the demo's storefront activity sends this store's orders to.
    pub fn storefront_callback(&self, kind: ChannelKind) -> Option<String> {
        lock(self.state.storefronts.store(kind)?).callback.clone()
    }

    /// How many orders the store has taken.
    pub fn storefront_order_count(&self, kind: ChannelKind) -> usize {
        self.state
            .storefronts
            .store(kind)
            .map(|s| lock(s).orders.len())
            .unwrap_or(0)
    }

    /// The webhook secret the store signs with (Haravan, Shopify: the app's client
    /// secret; Sapo, WooCommerce: the webhook's own).
    pub fn storefront_webhook_secret(&self, kind: ChannelKind) -> &'static str {
        webhook_secret(kind)
    }

    /// WooCommerce: whether the order webhook is still active (it is disabled after more
    /// than five failed deliveries in a row). The others: always true.
    pub fn storefront_webhook_active(&self, kind: ChannelKind) -> bool {
        self.state
            .storefronts
            .store(kind)
            .is_some_and(|s| !lock(s).webhook_disabled)
    }

    /// The seller switches a disabled webhook back on.
    pub fn storefront_enable_webhook(&self, kind: ChannelKind) {
        if let Some(s) = self.state.storefronts.store(kind) {
            let mut s = lock(s);
            s.webhook_disabled = false;
            s.failures_in_a_row = 0;
        }
    }
}

pub(crate) fn webhook_secret(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Haravan => HARAVAN_WEBHOOK_SECRET,
        ChannelKind::Sapo => SAPO_WEBHOOK_SECRET,
        ChannelKind::WooCommerce => WOO_WEBHOOK_SECRET,
        ChannelKind::Shopify => SHOPIFY_CLIENT_SECRET,
        ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaky_bucket_refuses_the_eighty_first_call_at_once() {
        let limits = StorefrontLimits::default();
        let mut pace = Pace::default();
        let now = Instant::now();
        for i in 1..=80 {
            assert_eq!(pace.leaky(&limits, now), Ok(f64::from(i)));
        }
        assert_eq!(pace.leaky(&limits, now), Err(1));
        // A second later four have leaked out.
        let later = now + Duration::from_secs(1);
        for _ in 0..4 {
            assert!(pace.leaky(&limits, later).is_ok());
        }
        assert!(pace.leaky(&limits, later).is_err());
    }

    #[test]
    fn sapo_window_is_a_rolling_minute() {
        let limits = StorefrontLimits {
            sapo_per_minute: 2,
            ..StorefrontLimits::default()
        };
        let mut pace = Pace::default();
        let now = Instant::now();
        assert!(pace.per_minute(&limits, now).is_ok());
        assert!(
            pace.per_minute(&limits, now + Duration::from_secs(30))
                .is_ok()
        );
        assert_eq!(
            pace.per_minute(&limits, now + Duration::from_secs(31)),
            Err(29)
        );
        assert!(
            pace.per_minute(&limits, now + Duration::from_secs(61))
                .is_ok()
        );
    }

    #[test]
    fn seeded_stores_list_demo_skus_with_variants_and_simple_products() {
        let store = Store::seeded(ChannelKind::WooCommerce, 1, Utc::now());
        assert!(store.variant_by_sku("TT-001-6").is_some());
        let (p, v) = store.variant_by_sku("TP-065-1").expect("listed");
        assert!(p.simple);
        assert_eq!(v.id, p.id, "a simple Woo product is its own stock holder");
        let shopify = Store::seeded(ChannelKind::Shopify, 1, Utc::now());
        let (_, v) = shopify.variant_by_sku("GD-017-2").expect("listed");
        assert!(v.inventory_item > 0);
        assert_eq!(v.stock.len(), 2, "two locations");
    }
}
