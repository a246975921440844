//! Lazada Open Platform as the simulator serves it (reference §2), gateway and auth host
//! both under `/rest`: `app_key`, `timestamp` (ms, within 7200 s), `sign_method=sha256`
//! and `sign` on every call, checked with the real algorithm over every parameter (query
//! for GET, form for POST); a wrong one gets `IncompleteSignature`. Seller calls need a
//! live `access_token` (else `IllegalAccessToken`). Replies: `{code: "0", data,
//! request_id}` or `{type, code, message, request_id}`.
//!
//! - Tokens: access 30 days, refresh 180 days; a refresh retires the refresh token used
//!   and the new one keeps the old expiry (the refresh lifetime does not reset). Codes:
//!   30 minutes, once.
//! - Orders: 300 seeded over 60 days; every order item is one unit with its own status
//!   (some orders mix statuses). `/orders/get` needs `update_after` or `created_after`
//!   (ISO 8601 with offset, else `17`), takes `limit` 1–100 (`19`) and `offset` up to 5000
//!   (`14`). `/orders/items/get` takes up to 50 ids as `[1,2]`.
//! - Products: 40 seeded (some with two SKUs, one with a SKU that is not ours);
//!   `/products/get` (limit ≤ 50, offset ≤ 10000, `sku_seller_list`); XML payloads for
//!   `/product/price_quantity/update` (≤ 50 SKUs, `4171` beyond; per-SKU failures in
//!   `detail` under `501`, the others applied) and `/product/create`.
//! - Rate limits: the `rate_limit` fault answers 429 with `ApiCallLimit`.
//! - Fulfilment (Pack, ReadyToShip, PrintAWB, reverse orders): `lazada_fulfil.rs`; items
//!   carry `package_id`, `tracking_code`, `sla_time_stamp`, `delivery_option_sof`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::xml::{self, Element};
use super::{SimState, body, lock};
use orderdeck_integrations::marketplace::signing;
use orderdeck_integrations::marketplace::{Secret, TokenPair};

mod products;
use products::*;

mod auth;
use auth::*;

pub(crate) const APP_KEY: &str = "120735";
pub(crate) const APP_SECRET: &str = "sim-lazada-app-secret-2b7e151628aed2a6";
pub(crate) const SELLER_ID: i64 = 200_167_512;

const ACCESS_DAYS: i64 = 30;
const REFRESH_DAYS: i64 = 180;
const CODE_MINUTES: i64 = 30;
const TIMESTAMP_WINDOW_MS: i64 = 7_200_000;
const MAX_OFFSET: i64 = 5_000;
const MAX_PRODUCT_OFFSET: i64 = 10_000;
const SEEDED_ORDERS: usize = 300;
const SEEDED_DAYS: i64 = 60;
const SEEDED_PRODUCTS: i64 = 40;
const FIRST_ORDER_ID: i64 = 381_200_000_100;
const FIRST_ITEM_ID: i64 = 2_300_000_100;

const VN: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

const STATUS_FILTERS: [&str; 21] = [
    "unpaid",
    "pending",
    "packed",
    "canceled",
    "ready_to_ship",
    "delivered",
    "returned",
    "shipped",
    "failed",
    "topack",
    "toship",
    "lost",
    "lost_by_3pl",
    "damaged_by_3pl",
    "failed_delivery",
    "shipped_back",
    "shipped_back_success",
    "shipped_back_failed",
    "shipping",
    "repacked",
    "all",
];
const PRODUCT_FILTERS: [&str; 7] = [
    "all", "live", "inactive", "deleted", "pending", "rejected", "sold-out",
];

pub(crate) struct Store {
    access: HashMap<String, DateTime<Utc>>,
    /// Live refresh token → (valid until, the access token issued with it).
    refresh: HashMap<String, (DateTime<Utc>, String)>,
    codes: HashMap<String, DateTime<Utc>>,
    pub(crate) orders: BTreeMap<i64, Order>,
    products: BTreeMap<i64, Product>,
    next_order_id: i64,
    next_line_id: i64,
    next_item_id: i64,
    refreshes: usize,
    rng: StdRng,
    /// Packages, AWB links and buyers' cancellation requests (`lazada_fulfil.rs`).
    pub(crate) fulfil: super::lazada_fulfil::FulfilState,
}

#[derive(Clone)]
pub(crate) struct Order {
    pub(crate) order_id: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    cod: bool,
    shipping_fee: i64,
    voucher: i64,
    pub(crate) customer_first: String,
    pub(crate) customer_last: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) phone: String,
    street: String,
    ward: String,
    district: String,
    province: String,
    note: String,
    pub(crate) items: Vec<OrderItem>,
    /// Seller-delivered (DBS/SOF): `delivery_option_sof = 1` on its items (A2.7).
    pub(crate) sof: bool,
    /// A buyer's cancellation request waits on the seller (`need_cancel_confirm`).
    pub(crate) cancel_pending: bool,
}

#[derive(Clone)]
pub(crate) struct OrderItem {
    pub(crate) order_item_id: i64,
    sku: String,
    pub(crate) sku_id: i64,
    product_id: i64,
    name: String,
    price: i64,
    pub(crate) paid: i64,
    pub(crate) status: String,
    /// Set by Pack (`FP…`), with Lazada's tracking number and carrier; empty before.
    pub(crate) package_id: String,
    pub(crate) tracking_code: String,
    pub(crate) shipment_provider: String,
}

struct Product {
    item_id: i64,
    name: String,
    status: String,
    category: i64,
    created: i64,
    updated: i64,
    skus: Vec<Sku>,
    request: Option<String>,
}

struct Sku {
    sku_id: i64,
    seller_sku: String,
    price: i64,
    quantity: i64,
    status: String,
}

const PREFIXES: [&str; 5] = ["TT", "GD", "MP", "DT", "TP"];
const GOODS: [&str; 5] = [
    "Áo sơ mi linen",
    "Nồi chiên không dầu",
    "Kem chống nắng",
    "Sạc dự phòng",
    "Cà phê rang xay",
];
const FIRST_NAMES: [&str; 6] = ["Lan", "Minh", "Anh", "Trang", "Bảo", "Linh"];
const LAST_NAMES: [&str; 6] = [
    "Nguyễn Thị",
    "Trần Văn",
    "Lê Hoàng",
    "Phạm Thu",
    "Võ Quốc",
    "Đặng Mỹ",
];
const PLACES: [(&str, &str, &str); 4] = [
    ("Phường Bến Nghé", "Quận 1", "Hồ Chí Minh"),
    ("Phường Dịch Vọng", "Quận Cầu Giấy", "Hà Nội"),
    ("Phường Hải Châu I", "Quận Hải Châu", "Đà Nẵng"),
    ("Phường An Hòa", "Quận Ninh Kiều", "Cần Thơ"),
];

pub(crate) fn lazada_time(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&VN)
        .format("%Y-%m-%d %H:%M:%S %z")
        .to_string()
}

impl Store {
    pub fn seeded(seed: u64, now: DateTime<Utc>, demo: bool) -> Store {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x1a2a_da00);
        let mut products = BTreeMap::new();
        let start = now.timestamp() - 200 * 86_400;
        for k in 1..=SEEDED_PRODUCTS {
            let item_id = FIRST_ITEM_ID + k;
            let kind = usize::try_from(k).unwrap_or(0) % PREFIXES.len();
            let base = super::activity::sku_base(&PREFIXES, k, 100 + k, 20, demo);
            let n_skus = if k % 4 == 0 { 2 } else { 1 };
            let skus = (1..=n_skus)
                .map(|i| Sku {
                    sku_id: item_id * 10 + i,
                    seller_sku: if k == 40 {
                        format!("LZD-ONLY-40-{i}")
                    } else {
                        format!("{base}-{i}")
                    },
                    price: 80_000 + k * 12_000 + i * 3_000,
                    quantity: 20 + k,
                    status: "active".to_string(),
                })
                .collect();
            products.insert(
                item_id,
                Product {
                    item_id,
                    name: format!("{} {}", GOODS[kind], 100 + k),
                    status: if k == 39 { "inactive" } else { "Active" }.to_string(),
                    category: 10_000 + kind as i64,
                    created: start + k * 3_600,
                    updated: start + k * 7_200,
                    skus,
                    request: None,
                },
            );
        }
        let mut store = Store {
            access: HashMap::new(),
            refresh: HashMap::new(),
            codes: HashMap::new(),
            orders: BTreeMap::new(),
            products,
            next_order_id: FIRST_ORDER_ID,
            next_line_id: FIRST_ORDER_ID * 10,
            next_item_id: FIRST_ITEM_ID + 1_000,
            refreshes: 0,
            rng: StdRng::seed_from_u64(seed ^ 0x1a2a_7011),
            fulfil: super::lazada_fulfil::FulfilState::default(),
        };
        let span = SEEDED_DAYS * 86_400;
        let first = now.timestamp() - span;
        for i in 0..SEEDED_ORDERS {
            let created = first + span * i as i64 / SEEDED_ORDERS as i64 + rng.random_range(0..600);
            let updated = (created + rng.random_range(0..48 * 3_600)).min(now.timestamp() - 60);
            let id = store.add_order(&mut rng, created, updated.max(created));
            // The demo's history: items not shipped within days were shipped long ago,
            // so the deadlines on screen are today's.
            if demo
                && created < now.timestamp() - 2 * 86_400
                && let Some(o) = store.orders.get_mut(&id)
            {
                for item in &mut o.items {
                    if matches!(item.status.as_str(), "pending" | "packed" | "ready_to_ship") {
                        item.status = "delivered".into();
                    }
                }
            }
            store.fulfil.package_seeded(&mut store.orders, id);
        }
        store
    }

    fn add_order(&mut self, rng: &mut StdRng, created: i64, updated: i64) -> i64 {
        let order_id = self.next_order_id;
        self.next_order_id += 1;
        let sellable: Vec<(i64, usize)> = self
            .products
            .values()
            .filter(|p| p.status == "Active")
            .flat_map(|p| (0..p.skus.len()).map(move |s| (p.item_id, s)))
            .collect();
        let base_status = match rng.random_range(0..100) {
            0..=7 => "unpaid",
            8..=34 => "pending",
            35..=44 => "packed",
            45..=54 => "ready_to_ship",
            55..=69 => "shipped",
            70..=89 => "delivered",
            90..=94 => "canceled",
            95..=96 => "returned",
            _ => "failed_delivery",
        };
        let mut items = Vec::new();
        for _ in 0..rng.random_range(1..=3) {
            let (item_id, s) = sellable[rng.random_range(0..sellable.len())];
            let p = &self.products[&item_id];
            let sku = &p.skus[s];
            let paid = if rng.random_bool(0.25) {
                sku.price - 10_000
            } else {
                sku.price
            };
            for _ in 0..rng.random_range(1..=2) {
                self.next_line_id += 1;
                items.push(OrderItem {
                    order_item_id: self.next_line_id,
                    sku: sku.seller_sku.clone(),
                    sku_id: sku.sku_id,
                    product_id: p.item_id,
                    name: p.name.clone(),
                    price: sku.price,
                    paid,
                    status: base_status.to_string(),
                    package_id: String::new(),
                    tracking_code: String::new(),
                    shipment_provider: String::new(),
                });
            }
        }
        // Some orders go their separate ways: one unit cancelled.
        if items.len() > 1 && matches!(base_status, "shipped" | "delivered") && rng.random_bool(0.3)
        {
            items[0].status = "canceled".to_string();
        }
        let (ward, district, province) = PLACES[rng.random_range(0..PLACES.len())];
        let voucher: i64 = items.iter().map(|i| i.price - i.paid).sum();
        let order = Order {
            order_id,
            created,
            updated,
            cod: rng.random_bool(0.55),
            shipping_fee: [0, 16_500, 32_000][rng.random_range(0..3)],
            voucher,
            customer_first: FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())].to_string(),
            customer_last: "K.".to_string(),
            first_name: FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())].to_string(),
            last_name: LAST_NAMES[rng.random_range(0..LAST_NAMES.len())].to_string(),
            phone: format!("84{:09}", rng.random_range(300_000_000..999_999_999u32)),
            street: format!("{} Nguyễn Huệ", rng.random_range(1..300)),
            ward: ward.to_string(),
            district: district.to_string(),
            province: province.to_string(),
            note: String::new(),
            items,
            // One order in 25 is delivered by the seller's own fleet (DBS/SOF); the rule
            // is by id so the seeded random stream stays as it was.
            sof: order_id % 25 == 3,
            cancel_pending: false,
        };
        self.orders.insert(order_id, order);
        order_id
    }

    fn random_token(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                let a = b"0123456789abcdef";
                char::from(a[self.rng.random_range(0..a.len())])
            })
            .collect()
    }

    fn issue(&mut self, now: DateTime<Utc>, refresh_until: DateTime<Utc>) -> (String, String) {
        let access = format!("50000{}", self.random_token(40));
        let refresh = format!("50001{}", self.random_token(40));
        self.access
            .insert(access.clone(), now + Duration::days(ACCESS_DAYS));
        self.refresh
            .insert(refresh.clone(), (refresh_until, access.clone()));
        (access, refresh)
    }

    pub fn authorize(&mut self, now: DateTime<Utc>) -> TokenPair {
        let refresh_until = now + Duration::days(REFRESH_DAYS);
        let (access, refresh) = self.issue(now, refresh_until);
        TokenPair {
            access_token: Secret::new(access),
            refresh_token: Secret::new(refresh),
            access_expires_at: now + Duration::days(ACCESS_DAYS),
            refresh_expires_at: Some(refresh_until),
        }
    }

    pub fn new_code(&mut self, now: DateTime<Utc>) -> String {
        let code = format!("0_{APP_KEY}_{}", self.random_token(24));
        self.codes
            .insert(code.clone(), now + Duration::minutes(CODE_MINUTES));
        code
    }

    pub fn expire_tokens(&mut self, now: DateTime<Utc>) {
        for until in self.access.values_mut() {
            *until = now - Duration::seconds(1);
        }
    }

    pub fn refresh_count(&self) -> usize {
        self.refreshes
    }

    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// Order ids updated in `[from, to)` (Unix seconds).
    pub fn orders_updated(&self, from: i64, to: i64) -> Vec<String> {
        self.orders
            .values()
            .filter(|o| o.updated >= from && o.updated < to)
            .map(|o| o.order_id.to_string())
            .collect()
    }

    /// `n` more orders updated at `at` and the seconds before it, 200 to a second (the
    /// offset-cap case, with many orders sharing each second).
    pub fn add_orders(&mut self, n: usize, at: DateTime<Utc>) {
        let mut rng = StdRng::seed_from_u64(self.next_order_id as u64);
        for i in 0..n {
            let updated = at.timestamp() - (i / 200) as i64;
            let id = self.add_order(&mut rng, updated - 3_600, updated);
            self.fulfil.package_seeded(&mut self.orders, id);
        }
    }

    /// A buyer places an order now, every unit pending. Its order id.
    pub fn new_order(&mut self, rng: &mut StdRng, now: DateTime<Utc>) -> String {
        let id = self.add_order(rng, now.timestamp(), now.timestamp());
        if let Some(o) = self.orders.get_mut(&id) {
            for item in &mut o.items {
                item.status = "pending".to_string();
            }
        }
        id.to_string()
    }

    /// A recent order none of whose units has gone further than pending.
    fn recent_open(&mut self, rng: &mut StdRng) -> Option<&mut Order> {
        let open = self
            .orders
            .values()
            .filter(|o| {
                o.items
                    .iter()
                    .all(|i| matches!(i.status.as_str(), "unpaid" | "pending"))
            })
            .map(|o| (o.created, o.order_id))
            .collect();
        let id = super::activity::pick_recent(rng, open)?;
        self.orders.get_mut(&id)
    }

    /// The buyer cancels a recent order that has not shipped: every unit. Its order id.
    pub fn cancel_recent(&mut self, rng: &mut StdRng, now: DateTime<Utc>) -> Option<String> {
        let o = self.recent_open(rng)?;
        for item in &mut o.items {
            item.status = "canceled".to_string();
        }
        o.updated = now.timestamp();
        Some(o.order_id.to_string())
    }

    /// The buyer sends a recent order that has not shipped somewhere else. Its order id.
    pub fn change_address_recent(
        &mut self,
        rng: &mut StdRng,
        now: DateTime<Utc>,
    ) -> Option<String> {
        let o = self.recent_open(rng)?;
        let (ward, district, province) = PLACES[rng.random_range(0..PLACES.len())];
        o.street = super::activity::new_street(rng, &o.street);
        o.ward = ward.to_string();
        o.district = district.to_string();
        o.province = province.to_string();
        o.updated = now.timestamp();
        Some(o.order_id.to_string())
    }

    /// `n` more orders, every item in `status`, updated at `at` and the seconds before it
    /// (200 to a second); their ids.
    pub fn add_orders_in(&mut self, n: usize, at: DateTime<Utc>, status: &str) -> Vec<i64> {
        let first = self.next_order_id;
        self.add_orders(n, at);
        let ids: Vec<i64> = (first..self.next_order_id).collect();
        for id in &ids {
            if let Some(o) = self.orders.get_mut(id) {
                for item in &mut o.items {
                    item.status = status.to_string();
                }
            }
            self.fulfil.package_seeded(&mut self.orders, *id);
        }
        ids
    }

    /// The buyer changes the delivery street; updated now.
    pub fn set_address(&mut self, order_id: i64, street: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(&order_id) {
            Some(o) => {
                o.street = street.to_string();
                o.updated = now.timestamp();
                true
            }
            None => false,
        }
    }

    /// Sets one order item's status (by its place in the order), updated now.
    pub fn set_item_status(
        &mut self,
        order_id: i64,
        index: usize,
        status: &str,
        now: DateTime<Utc>,
    ) -> bool {
        let Some(o) = self.orders.get_mut(&order_id) else {
            return false;
        };
        let Some(item) = o.items.get_mut(index) else {
            return false;
        };
        item.status = status.to_string();
        o.updated = now.timestamp();
        true
    }

    pub fn stock(&self, seller_sku: &str) -> Option<i64> {
        self.products
            .values()
            .flat_map(|p| p.skus.iter())
            .find(|s| s.seller_sku == seller_sku)
            .map(|s| s.quantity)
    }

    pub fn product_count(&self) -> usize {
        self.products.len()
    }

    pub fn create_request(&self, seller_sku: &str) -> Option<String> {
        self.products
            .values()
            .find(|p| p.request.is_some() && p.skus.iter().any(|s| s.seller_sku == seller_sku))
            .and_then(|p| p.request.clone())
    }

    /// A signed trade-order push for the order's first item: (Authorization, body).
    pub fn push(&self, order_id: i64) -> Option<(String, Vec<u8>)> {
        let o = self.orders.get(&order_id)?;
        let item = o.items.first()?;
        let body = json!({
            "seller_id": SELLER_ID.to_string(),
            "message_type": 0,
            "data": {
                "order_status": item.status,
                "trade_order_id": o.order_id.to_string(),
                "trade_order_line_id": item.order_item_id.to_string(),
                "status_update_time": o.updated,
            },
            "timestamp": o.updated * 1000,
            "site": "lazada_vn",
        })
        .to_string()
        .into_bytes();
        let sig = signing::lazada_push_signature(APP_KEY, APP_SECRET, &body);
        Some((sig, body))
    }

    fn statuses(o: &Order) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in &o.items {
            if !out.contains(&i.status) {
                out.push(i.status.clone());
            }
        }
        out
    }

    pub(crate) fn order_json(o: &Order) -> Value {
        let price: i64 = o.items.iter().map(|i| i.price).sum();
        let address = json!({
            "first_name": o.first_name,
            "last_name": o.last_name,
            "phone": o.phone,
            "phone2": "",
            "address1": o.street,
            "address2": "",
            "address3": o.province,
            "address4": o.district,
            "address5": o.ward,
            "city": o.district,
            "post_code": "",
            "country": "Vietnam",
        });
        json!({
            "order_id": o.order_id,
            "order_number": o.order_id,
            "created_at": lazada_time(o.created),
            "updated_at": lazada_time(o.updated),
            // Money as strings with two decimals, as Lazada sends it.
            "price": format!("{price}.00"),
            "shipping_fee": o.shipping_fee,
            "voucher": o.voucher,
            "voucher_platform": 0,
            "voucher_seller": o.voucher,
            "payment_method": if o.cod { "COD" } else { "MIXEDCARD" },
            "items_count": o.items.len(),
            "statuses": Store::statuses(o),
            "customer_first_name": o.customer_first,
            "customer_last_name": o.customer_last,
            "buyer_note": o.note,
            "address_shipping": address,
            "address_billing": address,
            "warehouse_code": "dropshipping",
            // Unclear in the reference: the format and time zone of
            // promised_shipping_times are not given; the sim writes Lazada's order time
            // format (`2026-11-27 10:00:00 +0700`) and items' sla_time_stamp in ISO 8601.
            "promised_shipping_times": lazada_time(super::lazada_fulfil::ship_by(o)),
            "need_cancel_confirm": o.cancel_pending,
            "is_cancel_pending": o.cancel_pending,
        })
    }

    pub(crate) fn item_json(o: &Order, i: &OrderItem) -> Value {
        json!({
            "order_item_id": i.order_item_id,
            "order_id": o.order_id,
            "status": i.status,
            "name": i.name,
            "sku": i.sku,
            "shop_sku": format!("{}_VNAMZ-{}", i.product_id, i.sku_id),
            "sku_id": i.sku_id.to_string(),
            "product_id": i.product_id.to_string(),
            "item_price": i.price as f64,
            "paid_price": i.paid as f64,
            "currency": "VND",
            "shipping_amount": 0,
            "tracking_code": i.tracking_code,
            "package_id": i.package_id,
            "shipment_provider": i.shipment_provider,
            "shipping_provider_type": "standard",
            "delivery_option_sof": i64::from(o.sof),
            "sla_time_stamp": super::lazada_fulfil::iso_vn(super::lazada_fulfil::ship_by(o)),
            "created_at": lazada_time(o.created),
            "updated_at": lazada_time(o.updated),
        })
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/oauth/authorize", get(oauth_authorize))
        .route(
            "/rest/auth/token/create",
            get(token_create).post(token_create),
        )
        .route(
            "/rest/auth/token/refresh",
            get(token_refresh).post(token_refresh),
        )
        .route("/rest/orders/get", get(orders_get))
        .route("/rest/order/get", get(order_get))
        .route("/rest/order/items/get", get(order_items_get))
        .route("/rest/orders/items/get", get(multiple_items_get))
        .route("/rest/products/get", get(products_get))
        .route(
            "/rest/product/price_quantity/update",
            post(price_quantity_update),
        )
        .route("/rest/product/create", post(product_create))
        .merge(super::lazada_fulfil::routes())
}

pub(crate) type Params = Vec<(String, String)>;

/// The seller consents at once: back to `redirect_uri` with a code (and `state`).
async fn oauth_authorize(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if first(&q, "client_id") != Some(APP_KEY) || first(&q, "response_type") != Some("code") {
        return (
            StatusCode::BAD_REQUEST,
            "unknown client_id or response_type",
        )
            .into_response();
    }
    let Some(Ok(mut url)) = first(&q, "redirect_uri").map(reqwest::Url::parse) else {
        return (StatusCode::BAD_REQUEST, "redirect_uri is required").into_response();
    };
    let code = lock(&state.lazada).new_code(Utc::now());
    url.query_pairs_mut().append_pair("code", &code);
    if let Some(s) = first(&q, "state") {
        url.query_pairs_mut().append_pair("state", s);
    }
    (StatusCode::FOUND, [(header::LOCATION, url.to_string())]).into_response()
}

pub(crate) fn first<'a>(q: &'a Params, key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

pub(crate) fn request_id(state: &SimState) -> String {
    state.random_text(b"0123456789abcdef", 26)
}

fn ok(state: &SimState, data: Value) -> Response {
    axum::Json(json!({ "code": "0", "data": data, "request_id": request_id(state) }))
        .into_response()
}

fn fail(state: &SimState, kind: &str, code: &str, message: &str) -> Response {
    axum::Json(json!({
        "type": kind,
        "code": code,
        "message": message,
        "request_id": request_id(state),
    }))
    .into_response()
}

pub(crate) fn isv(state: &SimState, code: &str, message: &str) -> Response {
    fail(state, "ISV", code, message)
}

pub(crate) fn rate_limited(retry_after_secs: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, retry_after_secs.to_string())],
        axum::Json(json!({
            "type": "ISP",
            "code": "ApiCallLimit",
            "message": "Api access frequency exceeds the limit. this ban will last 1 seconds",
            "request_id": "",
        })),
    )
        .into_response()
}

/// All the request's parameters: the query, plus the form body on POST.
fn params(method: &Method, q: Params, raw: &[u8]) -> Result<Params, String> {
    let mut all = q;
    if *method == Method::POST && !raw.is_empty() {
        all.extend(body::form_pairs(raw)?);
    }
    Ok(all)
}

/// The gateway's checks: app key, sign method, timestamp, sign, then the token.
fn gate(state: &SimState, p: &Params, api_path: &str, seller_call: bool) -> Option<Response> {
    if first(p, "app_key") != Some(APP_KEY) {
        return Some(fail(
            state,
            "ISV",
            "InvalidAppKey",
            "The specified app key is invalid",
        ));
    }
    if first(p, "sign_method") != Some("sha256") {
        return Some(isv(state, "MissingParameter", "sign_method must be sha256"));
    }
    let now_ms = Utc::now().timestamp_millis();
    let ts = first(p, "timestamp").and_then(|t| {
        t.trim().parse::<i64>().ok().or_else(|| {
            DateTime::parse_from_rfc3339(t.trim())
                .ok()
                .map(|d| d.timestamp_millis())
        })
    });
    match ts {
        None => {
            return Some(isv(
                state,
                "MissingParameter",
                "timestamp is missing or invalid",
            ));
        }
        Some(t) if (now_ms - t).abs() > TIMESTAMP_WINDOW_MS => {
            return Some(isv(
                state,
                "InvalidTimestamp",
                "Timestamp is more than 7200 s from UTC",
            ));
        }
        Some(_) => {}
    }
    let Some(sign) = first(p, "sign") else {
        return Some(isv(state, "MissingParameter", "sign is missing"));
    };
    let pairs: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let expected = signing::lazada_sign(APP_SECRET, api_path, &pairs);
    if !sign.eq_ignore_ascii_case(&expected) {
        return Some(isv(
            state,
            "IncompleteSignature",
            "The request signature does not conform to platform standards",
        ));
    }
    if seller_call {
        let live = first(p, "access_token").is_some_and(|t| {
            lock(&state.lazada)
                .access
                .get(t)
                .is_some_and(|until| *until > Utc::now())
        });
        if !live {
            return Some(isv(
                state,
                "IllegalAccessToken",
                "The specified access token is invalid or expired",
            ));
        }
    }
    None
}

/// Parameters of a call that passed the gateway, or the refusal.
pub(crate) fn admit(
    state: &SimState,
    method: &Method,
    q: Params,
    raw: &[u8],
    api_path: &str,
    seller_call: bool,
) -> Result<Params, Box<Response>> {
    let p = params(method, q, raw).map_err(|e| Box::new(isv(state, "MissingParameter", &e)))?;
    match gate(state, &p, api_path, seller_call) {
        Some(r) => Err(Box::new(r)),
        None => Ok(p),
    }
}

fn iso_param(p: &Params, key: &str) -> Result<Option<i64>, &'static str> {
    match first(p, key) {
        None => Ok(None),
        Some(v) => DateTime::parse_from_rfc3339(v.trim())
            .map(|d| Some(d.timestamp()))
            .map_err(|_| "Invalid Date Format"),
    }
}

pub(crate) fn int_param(p: &Params, key: &str) -> Result<Option<i64>, String> {
    match first(p, key) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{key} must be a whole number")),
    }
}

async fn orders_get(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    let p = match admit(&state, &Method::GET, q, &[], "/orders/get", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let dates = (
        iso_param(&p, "created_after"),
        iso_param(&p, "created_before"),
        iso_param(&p, "update_after"),
        iso_param(&p, "update_before"),
    );
    let (created_after, created_before, update_after, update_before) = match dates {
        (Ok(a), Ok(b), Ok(c), Ok(d)) => (a, b, c, d),
        _ => return isv(&state, "17", "Invalid Date Format"),
    };
    if created_after.is_none() && update_after.is_none() {
        return isv(
            &state,
            "MissingParameter",
            "One of created_after and update_after is mandatory",
        );
    }
    let offset = match int_param(&p, "offset") {
        Ok(o) => o.unwrap_or(0),
        Err(_) => return isv(&state, "14", "Invalid Offset"),
    };
    if !(0..=MAX_OFFSET).contains(&offset) {
        return isv(&state, "14", "Invalid Offset");
    }
    let limit = match int_param(&p, "limit") {
        Ok(l) => l.unwrap_or(100),
        Err(_) => return isv(&state, "19", "Invalid Limit"),
    };
    if !(1..=100).contains(&limit) {
        return isv(&state, "19", "Invalid Limit");
    }
    let status = first(&p, "status").map(str::to_string);
    if let Some(s) = &status
        && !STATUS_FILTERS.contains(&s.as_str())
    {
        return isv(
            &state,
            "6",
            &format!(
                "Invalid status filter. Possible values are {}",
                STATUS_FILTERS.join(", ")
            ),
        );
    }
    let by_created = first(&p, "sort_by") == Some("created_at");
    let desc = first(&p, "sort_direction").is_none_or(|d| d.eq_ignore_ascii_case("DESC"));
    let mut store = lock(&state.lazada);
    store.advance(Utc::now());
    let mut matching: Vec<&Order> = store
        .orders
        .values()
        .filter(|o| {
            created_after.is_none_or(|t| o.created >= t)
                && created_before.is_none_or(|t| o.created < t)
                && update_after.is_none_or(|t| o.updated >= t)
                && update_before.is_none_or(|t| o.updated < t)
                && status
                    .as_deref()
                    .is_none_or(|s| s == "all" || o.items.iter().any(|i| i.status == s))
        })
        .collect();
    matching.sort_by_key(|o| (if by_created { o.created } else { o.updated }, o.order_id));
    if desc {
        matching.reverse();
    }
    let total = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|o| Store::order_json(o))
        .collect();
    drop(store);
    ok(
        &state,
        json!({ "count": page.len(), "countTotal": total, "orders": page }),
    )
}

async fn order_get(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    let p = match admit(&state, &Method::GET, q, &[], "/order/get", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let Ok(Some(id)) = int_param(&p, "order_id") else {
        return isv(&state, "MissingParameter", "order_id is missing or invalid");
    };
    let mut store = lock(&state.lazada);
    store.advance(Utc::now());
    let reply = store.orders.get(&id).map(Store::order_json);
    drop(store);
    match reply {
        Some(o) => ok(&state, o),
        None => isv(&state, "16", "Order not found"),
    }
}

async fn order_items_get(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    let p = match admit(&state, &Method::GET, q, &[], "/order/items/get", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let Ok(Some(id)) = int_param(&p, "order_id") else {
        return isv(&state, "MissingParameter", "order_id is missing or invalid");
    };
    let mut store = lock(&state.lazada);
    store.advance(Utc::now());
    let reply = store.orders.get(&id).map(|o| {
        o.items
            .iter()
            .map(|i| Store::item_json(o, i))
            .collect::<Vec<_>>()
    });
    drop(store);
    match reply {
        Some(items) => ok(&state, json!(items)),
        None => isv(&state, "16", "Order not found"),
    }
}

async fn multiple_items_get(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    let p = match admit(&state, &Method::GET, q, &[], "/orders/items/get", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let ids: Option<Vec<i64>> = first(&p, "order_ids")
        .and_then(|s| {
            s.trim()
                .strip_prefix('[')?
                .strip_suffix(']')
                .map(str::to_string)
        })
        .map(|inner| {
            inner
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<i64>().ok())
                .collect::<Option<Vec<i64>>>()
        })
        .unwrap_or(None);
    let ids = match ids {
        Some(ids) if !ids.is_empty() && ids.len() <= 50 => ids,
        _ => {
            return isv(
                &state,
                "MissingParameter",
                "order_ids must be a list like [1,2] of 1 to 50 ids",
            );
        }
    };
    let mut store = lock(&state.lazada);
    store.advance(Utc::now());
    let data: Vec<Value> = ids
        .iter()
        .filter_map(|id| store.orders.get(id))
        .map(|o| {
            json!({
                "order_id": o.order_id,
                "order_number": o.order_id,
                "order_items": o.items.iter().map(|i| Store::item_json(o, i)).collect::<Vec<_>>(),
            })
        })
        .collect();
    drop(store);
    ok(&state, json!(data))
}
