//! TikTok Shop (API version 202309) as the simulator serves it (reference §3): `app_key`,
//! `timestamp` (seconds, within −5 min…+30 s) and `sign` in the query, checked with the
//! real algorithm over the path, the sorted query and the raw body (a wrong one gets
//! `106001`); the token in `x-tts-access-token` (unknown: `36009004`, expired: `105002`);
//! `shop_cipher` required on shop calls (`106013`) and refused where it does not belong
//! (`36009004` "Unexpected identifier"). Replies `{code, message, request_id, data}`.
//!
//! - Tokens: `/api/v2/token/get` and `/api/v2/token/refresh` (unsigned, app secret in the
//!   query); expiries are absolute Unix times; access 7 days, refresh 365 days (the
//!   reference leaves its length unconfirmed). A refresh hands back the same refresh token
//!   (not stated either way in the reference).
//! - Orders: 250 seeded over 45 days; `orders/search` pages with `page_token` (≤ 100 a
//!   page), filters in the body; `orders?ids=` takes ≤ 50. Line items are units.
//! - Products: 30 seeded (one SKU not ours, one deactivated); search with `seller_skus`;
//!   inventory update per product (only ACTIVATE products; per-SKU `errors`); create.
//! - Rate limits: the `rate_limit` fault answers HTTP 429 with `36009002`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::{SimState, lock};
use orderdeck_integrations::marketplace::signing;
use orderdeck_integrations::marketplace::{Secret, TokenPair};

mod products;
use products::*;

pub(crate) const APP_KEY: &str = "6a1b2c3d4e5f6";
pub(crate) const APP_SECRET: &str = "sim-tiktok-app-secret-9c0ffee1d2b3a4f5";
pub(crate) const SHOP_ID: &str = "7494726673780148744";
pub(crate) const SHOP_CIPHER: &str = "ROW_sim_xkMbgAAAeVAQra0eZWebFQq5aIK";
pub(crate) const WAREHOUSE_ID: &str = "7300000000000000001";
/// The shop's second warehouse: every product whose number is a multiple of 4 is stocked
/// in both, so an inventory update must name both (reference, Update Inventory).
pub(crate) const WAREHOUSE_ID_2: &str = "7300000000000000002";
/// The simulated app's service id (in its Partner Center authorisation link).
pub(crate) const SERVICE_ID: &str = "7300000000000000042";

const ACCESS_DAYS: i64 = 7;
const REFRESH_DAYS: i64 = 365;
const CODE_MINUTES: i64 = 30;
const SEEDED_ORDERS: usize = 250;
const SEEDED_DAYS: i64 = 45;
const SEEDED_PRODUCTS: i64 = 30;
/// Not in the reference: the code the sim uses for a bad parameter.
pub(crate) const INVALID_PARAM: i64 = 12_019_001;
/// Not in the reference: a refused auth code or refresh token.
const INVALID_GRANT: i64 = 105_003;
/// Not in the reference: inventory update on a product that is not ACTIVATE.
const NOT_ACTIVATE: i64 = 17_009_010;

pub(crate) struct Store {
    access: HashMap<String, DateTime<Utc>>,
    refresh: HashMap<String, DateTime<Utc>>,
    codes: HashMap<String, DateTime<Utc>>,
    pub(crate) orders: BTreeMap<String, Order>,
    products: BTreeMap<String, Product>,
    next_id: u64,
    refreshes: usize,
    rng: StdRng,
    /// Fixes slot availability and which seeded buyers are masked.
    pub(crate) seed: u64,
    /// Packages, shipments, documents and cancellation requests (`tiktok_fulfil`).
    pub(crate) fulfil: crate::tiktok_fulfil::Fulfil,
}

#[derive(Clone)]
pub(crate) struct Order {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    user_id: String,
    cod: bool,
    shipping_fee: i64,
    platform_discount: i64,
    pub(crate) name: String,
    pub(crate) phone: String,
    pub(crate) street: String,
    pub(crate) ward: String,
    pub(crate) district: String,
    pub(crate) province: String,
    pub(crate) items: Vec<Item>,
    /// The one package of the order (VN: made when the buyer pays, with every item);
    /// the id is fixed at creation and shown once the order is paid.
    pub(crate) package_id: String,
    /// `TIKTOK` (TikTok Shipping) or `SELLER`.
    pub(crate) shipping_type: String,
    /// The recipient's name and phone are shown masked (platform logistics).
    pub(crate) masked: bool,
}

#[derive(Clone)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) sku_id: String,
    seller_sku: String,
    product_id: String,
    pub(crate) product_name: String,
    pub(crate) sku_name: String,
    original: i64,
    sale: i64,
    pub(crate) status: String,
}

struct Product {
    id: String,
    title: String,
    status: String,
    skus: Vec<Sku>,
    request: Option<Value>,
}

struct Sku {
    id: String,
    seller_sku: String,
    name: String,
    price: i64,
    /// (warehouse id, quantity), for every warehouse the SKU is assigned to.
    inventory: Vec<(String, i64)>,
}

impl Sku {
    fn quantity(&self) -> i64 {
        self.inventory.iter().map(|(_, q)| q).sum()
    }
}

const PREFIXES: [&str; 5] = ["TT", "GD", "MP", "DT", "TP"];
const GOODS: [&str; 5] = [
    "Váy hoa nhí",
    "Máy xay sinh tố",
    "Sữa rửa mặt",
    "Loa bluetooth",
    "Trà ô long",
];
const NAMES: [&str; 6] = [
    "Nguyễn Thu Hà",
    "Trần Quang Vinh",
    "Lê Thảo My",
    "Phạm Gia Huy",
    "Đỗ Khánh Linh",
    "Vũ Minh Châu",
];
const PLACES: [(&str, &str, &str); 3] = [
    ("Phường Bến Thành", "Quận 1", "Hồ Chí Minh"),
    ("Phường Láng Hạ", "Quận Đống Đa", "Hà Nội"),
    ("Phường Thạch Thang", "Quận Hải Châu", "Đà Nẵng"),
];

impl Store {
    pub fn seeded(seed: u64, now: DateTime<Utc>, demo: bool) -> Store {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x7171_0c00);
        let mut store = Store {
            access: HashMap::new(),
            refresh: HashMap::new(),
            codes: HashMap::new(),
            orders: BTreeMap::new(),
            products: BTreeMap::new(),
            next_id: 1_729_000_000_000_000_000,
            refreshes: 0,
            rng: StdRng::seed_from_u64(seed ^ 0x7171_7011),
            seed,
            fulfil: crate::tiktok_fulfil::Fulfil::default(),
        };
        for k in 1..=SEEDED_PRODUCTS {
            let id = store.new_id();
            let kind = usize::try_from(k).unwrap_or(0) % PREFIXES.len();
            let n = if k % 3 == 0 { 2 } else { 1 };
            let mut skus = Vec::new();
            for i in 1..=n {
                let sku_id = store.new_id();
                skus.push(Sku {
                    id: sku_id,
                    seller_sku: if k == 30 {
                        format!("TTS-ONLY-30-{i}")
                    } else {
                        format!(
                            "{}-{i}",
                            super::activity::sku_base(&PREFIXES, k, 200 + k, 40, demo)
                        )
                    },
                    name: if n > 1 {
                        ["S", "M"][i as usize - 1].to_string()
                    } else {
                        String::new()
                    },
                    price: 60_000 + k * 15_000 + i * 5_000,
                    inventory: if k % 4 == 0 {
                        vec![
                            (WAREHOUSE_ID.to_string(), 15 + k),
                            (WAREHOUSE_ID_2.to_string(), 3),
                        ]
                    } else {
                        vec![(WAREHOUSE_ID.to_string(), 15 + k)]
                    },
                });
            }
            store.products.insert(
                id.clone(),
                Product {
                    id,
                    title: format!("{} {}", GOODS[kind], 200 + k),
                    status: if k == 29 {
                        "SELLER_DEACTIVATED"
                    } else {
                        "ACTIVATE"
                    }
                    .into(),
                    skus,
                    request: None,
                },
            );
        }
        let span = SEEDED_DAYS * 86_400;
        let first = now.timestamp() - span;
        for i in 0..SEEDED_ORDERS {
            let created = first + span * i as i64 / SEEDED_ORDERS as i64 + rng.random_range(0..600);
            let updated = (created + rng.random_range(0..30 * 3_600)).min(now.timestamp() - 60);
            let id = store.add_order(&mut rng, created, updated.max(created));
            // About a third of the paid orders show their buyer masked, as TikTok does
            // under platform logistics (fixed by the seed).
            if let Some(o) = store.orders.get_mut(&id)
                && o.status != "UNPAID"
                && super::timeline::roll(seed, &format!("mask {id}")) < 0.34
            {
                o.masked = true;
            }
            // The demo's history: an order not shipped within days is one the shop
            // shipped long ago, so the deadlines on screen are today's.
            if let Some(o) = store.orders.get_mut(&id)
                && demo
                && o.status == "AWAITING_SHIPMENT"
                && o.created < now.timestamp() - 2 * 86_400
            {
                o.status = "COMPLETED".into();
                for item in &mut o.items {
                    item.status = "COMPLETED".into();
                }
            }
        }
        store
    }

    fn new_id(&mut self) -> String {
        self.next_id += u64::from(self.rng.random_range(1..1_000u32));
        self.next_id.to_string()
    }

    fn add_order(&mut self, rng: &mut StdRng, created: i64, updated: i64) -> String {
        let id = self.new_id();
        let status = match rng.random_range(0..100) {
            0..=7 => "UNPAID",
            8..=12 => "ON_HOLD",
            13..=39 => "AWAITING_SHIPMENT",
            40..=49 => "AWAITING_COLLECTION",
            50..=51 => "PARTIALLY_SHIPPING",
            52..=64 => "IN_TRANSIT",
            65..=74 => "DELIVERED",
            75..=91 => "COMPLETED",
            _ => "CANCELLED",
        };
        let sellable: Vec<(String, usize)> = self
            .products
            .values()
            .filter(|p| p.status == "ACTIVATE")
            .flat_map(|p| {
                (0..p.skus.len())
                    .map(|s| (p.id.clone(), s))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut items = Vec::new();
        for _ in 0..rng.random_range(1..=2) {
            let (pid, s) = sellable[rng.random_range(0..sellable.len())].clone();
            let (title, sku_id, seller_sku, sku_name, price) = {
                let p = &self.products[&pid];
                let k = &p.skus[s];
                (
                    p.title.clone(),
                    k.id.clone(),
                    k.seller_sku.clone(),
                    k.name.clone(),
                    k.price,
                )
            };
            let sale = if rng.random_bool(0.3) {
                price - 8_000
            } else {
                price
            };
            for _ in 0..rng.random_range(1..=2) {
                let line_id = self.new_id();
                items.push(Item {
                    id: line_id,
                    sku_id: sku_id.clone(),
                    seller_sku: seller_sku.clone(),
                    product_id: pid.clone(),
                    product_name: title.clone(),
                    sku_name: sku_name.clone(),
                    original: price,
                    sale,
                    status: match status {
                        "ON_HOLD" | "PARTIALLY_SHIPPING" => "AWAITING_SHIPMENT",
                        s => s,
                    }
                    .to_string(),
                });
            }
        }
        let (ward, district, province) = PLACES[rng.random_range(0..PLACES.len())];
        // Derived from the order id (no draw from the id stream, so every other id and
        // the orders `add_orders` makes stay as they were before packages existed).
        let package_id = format!("115{}", id.get(3..).unwrap_or(&id));
        self.orders.insert(
            id.clone(),
            Order {
                id: id.clone(),
                status: status.to_string(),
                created,
                updated,
                user_id: format!("7{:018}", rng.random_range(0..1_000_000_000u64)),
                cod: rng.random_bool(0.5),
                shipping_fee: [0, 18_000, 25_000][rng.random_range(0..3)],
                platform_discount: if rng.random_bool(0.2) { 5_000 } else { 0 },
                name: NAMES[rng.random_range(0..NAMES.len())].to_string(),
                phone: format!("(+84)9{:08}", rng.random_range(0..100_000_000u32)),
                street: format!("{} Trần Hưng Đạo", rng.random_range(1..400)),
                ward: ward.to_string(),
                district: district.to_string(),
                province: province.to_string(),
                items,
                package_id,
                shipping_type: "TIKTOK".to_string(),
                masked: false,
            },
        );
        id
    }

    /// `n` more orders in `status`, updated at `at` and the seconds before it (100 to a
    /// second); their ids.
    pub fn add_orders(&mut self, n: usize, at: DateTime<Utc>, status: &str) -> Vec<String> {
        let mut rng = StdRng::seed_from_u64(self.next_id ^ 0x7171_add0);
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            let updated = at.timestamp() - (i / 100) as i64;
            let id = self.add_order(&mut rng, updated - 3_600, updated);
            if let Some(o) = self.orders.get_mut(&id) {
                o.status = status.to_string();
                for item in &mut o.items {
                    item.status = match status {
                        "ON_HOLD" | "PARTIALLY_SHIPPING" => "AWAITING_SHIPMENT",
                        s => s,
                    }
                    .to_string();
                }
            }
            ids.push(id);
        }
        ids
    }

    /// The buyer changes the delivery street; updated now.
    pub fn set_address(&mut self, id: &str, street: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(id) {
            Some(o) => {
                o.street = street.to_string();
                o.updated = now.timestamp();
                true
            }
            None => false,
        }
    }

    fn random_token(&mut self, prefix: &str) -> String {
        let a = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let tail: String = (0..40)
            .map(|_| char::from(a[self.rng.random_range(0..a.len())]))
            .collect();
        format!("{prefix}{tail}")
    }

    fn issue(
        &mut self,
        now: DateTime<Utc>,
        refresh: Option<String>,
    ) -> (String, String, DateTime<Utc>) {
        let access = self.random_token("ROW_");
        self.access
            .insert(access.clone(), now + Duration::days(ACCESS_DAYS));
        let refresh = match refresh {
            Some(r) => r,
            None => {
                let r = self.random_token("ROW_r");
                self.refresh
                    .insert(r.clone(), now + Duration::days(REFRESH_DAYS));
                r
            }
        };
        let refresh_until = self.refresh[&refresh];
        (access, refresh, refresh_until)
    }

    pub fn authorize(&mut self, now: DateTime<Utc>) -> TokenPair {
        let (a, r, until) = self.issue(now, None);
        TokenPair {
            access_token: Secret::new(a),
            refresh_token: Secret::new(r),
            access_expires_at: now + Duration::days(ACCESS_DAYS),
            refresh_expires_at: Some(until),
        }
    }

    pub fn new_code(&mut self, now: DateTime<Utc>) -> String {
        let code = self.random_token("TTP_");
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

    pub fn product_count(&self) -> usize {
        self.products.len()
    }

    /// Order ids updated in `[from, to)`.
    pub fn orders_updated(&self, from: i64, to: i64) -> Vec<String> {
        self.orders
            .values()
            .filter(|o| o.updated >= from && o.updated < to)
            .map(|o| o.id.clone())
            .collect()
    }

    /// A buyer places an order now, awaiting shipment. Its order id.
    pub fn new_order(&mut self, rng: &mut StdRng, now: DateTime<Utc>) -> String {
        let id = self.add_order(rng, now.timestamp(), now.timestamp());
        if let Some(o) = self.orders.get_mut(&id) {
            o.status = "AWAITING_SHIPMENT".to_string();
            for item in &mut o.items {
                item.status = "AWAITING_SHIPMENT".to_string();
            }
            // About a third of buyers show masked, as under TikTok's own logistics (by
            // the id, so the random stream of the activity is untouched).
            if super::timeline::roll(0, &format!("mask {id}")) < 0.34 {
                o.masked = true;
            }
        }
        id
    }

    /// A recent order that has not shipped yet, in one of `statuses`.
    fn recent_in(&mut self, rng: &mut StdRng, statuses: &[&str]) -> Option<&mut Order> {
        let open = self
            .orders
            .values()
            .filter(|o| statuses.contains(&o.status.as_str()))
            .map(|o| (o.created, o.id.clone()))
            .collect();
        let id = super::activity::pick_recent(rng, open)?;
        self.orders.get_mut(&id)
    }

    /// The buyer cancels a recent order that has not shipped. Its order id.
    pub fn cancel_recent(&mut self, rng: &mut StdRng, now: DateTime<Utc>) -> Option<String> {
        let o = self.recent_in(rng, &["UNPAID", "ON_HOLD", "AWAITING_SHIPMENT"])?;
        o.status = "CANCELLED".to_string();
        for item in &mut o.items {
            item.status = "CANCELLED".to_string();
        }
        o.updated = now.timestamp();
        Some(o.id.clone())
    }

    /// The buyer sends a recent order that has not shipped somewhere else (not one on
    /// hold: those show no address yet). Its order id.
    pub fn change_address_recent(
        &mut self,
        rng: &mut StdRng,
        now: DateTime<Utc>,
    ) -> Option<String> {
        let o = self.recent_in(rng, &["UNPAID", "AWAITING_SHIPMENT"])?;
        let (ward, district, province) = PLACES[rng.random_range(0..PLACES.len())];
        o.street = super::activity::new_street(rng, &o.street);
        o.ward = ward.to_string();
        o.district = district.to_string();
        o.province = province.to_string();
        o.updated = now.timestamp();
        Some(o.id.clone())
    }

    pub fn set_order_status(&mut self, id: &str, status: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(id) {
            Some(o) => {
                o.status = status.to_string();
                o.updated = now.timestamp();
                true
            }
            None => false,
        }
    }

    /// The warehouses a SKU is stocked in, with their quantities.
    pub fn warehouses(&self, seller_sku: &str) -> Vec<(String, i64)> {
        self.products
            .values()
            .flat_map(|p| p.skus.iter())
            .find(|s| s.seller_sku == seller_sku)
            .map(|s| s.inventory.clone())
            .unwrap_or_default()
    }

    pub fn stock(&self, seller_sku: &str) -> Option<i64> {
        self.products
            .values()
            .flat_map(|p| p.skus.iter())
            .find(|s| s.seller_sku == seller_sku)
            .map(Sku::quantity)
    }

    pub fn create_request(&self, seller_sku: &str) -> Option<Value> {
        self.products
            .values()
            .find(|p| p.request.is_some() && p.skus.iter().any(|s| s.seller_sku == seller_sku))
            .and_then(|p| p.request.clone())
    }

    /// A signed order-status webhook for `id` (`CANCEL` for a cancelled order, as the
    /// webhook doc spells it): (Authorization header, raw body).
    pub fn webhook(&self, id: &str) -> Option<(String, Vec<u8>)> {
        let o = self.orders.get(id)?;
        let status = if o.status == "CANCELLED" {
            "CANCEL"
        } else {
            o.status.as_str()
        };
        let body = json!({
            "type": 1,
            "tts_notification_id": format!("7{}", o.updated),
            "shop_id": SHOP_ID,
            "timestamp": o.updated,
            "data": {
                "order_id": o.id,
                "order_status": status,
                "is_on_hold_order": o.status == "ON_HOLD",
                "update_time": o.updated,
            },
        })
        .to_string()
        .into_bytes();
        let sig = signing::tiktok_webhook_signature(APP_KEY, APP_SECRET, &body);
        Some((sig, body))
    }

    pub(crate) fn order_json(&self, o: &Order) -> Value {
        let sub_total: i64 = o.items.iter().map(|i| i.sale).sum();
        let original: i64 = o.items.iter().map(|i| i.original).sum();
        let seller_discount = original - sub_total;
        let paid = o.status != "UNPAID";
        let package_status = if paid {
            json!(self.package_status(o))
        } else {
            Value::Null
        };
        json!({
            "id": o.id,
            "status": o.status,
            "create_time": o.created,
            "update_time": o.updated,
            "paid_time": if o.status == "UNPAID" { Value::Null } else { json!(o.created + 60) },
            "user_id": o.user_id,
            "buyer_message": "",
            "is_cod": o.cod,
            "payment_method_name": if o.cod { "Cash on delivery" } else { "ZaloPay" },
            "is_on_hold_order": o.status == "ON_HOLD",
            "shipping_type": o.shipping_type,
            "payment": {
                "currency": "VND",
                "original_total_product_price": original.to_string(),
                "sub_total": (sub_total - o.platform_discount).to_string(),
                "shipping_fee": o.shipping_fee.to_string(),
                "seller_discount": seller_discount.to_string(),
                "platform_discount": o.platform_discount.to_string(),
                "total_amount": (sub_total - o.platform_discount + o.shipping_fee).to_string(),
                "tax": "0",
            },
            // ON_HOLD orders come without an address.
            "recipient_address": if o.status == "ON_HOLD" { json!({}) } else { json!({
                "name": crate::tiktok_fulfil::shown_name(o),
                "phone_number": crate::tiktok_fulfil::shown_phone(o),
                "address_detail": o.street,
                "full_address": format!("{}, {}, {}, {}", o.street, o.ward, o.district, o.province),
                "region_code": "VN",
                "postal_code": "",
                "district_info": [
                    { "address_level_name": "Country", "address_name": "Vietnam", "address_level": "L0" },
                    { "address_level_name": "Province", "address_name": o.province, "address_level": "L1" },
                    { "address_level_name": "District", "address_name": o.district, "address_level": "L2" },
                    { "address_level_name": "Ward", "address_name": o.ward, "address_level": "L3" },
                ],
            }) },
            "line_items": o.items.iter().map(|i| json!({
                "id": i.id,
                "sku_id": i.sku_id,
                "seller_sku": i.seller_sku,
                "product_id": i.product_id,
                "product_name": i.product_name,
                "sku_name": i.sku_name,
                "display_status": i.status,
                "original_price": i.original.to_string(),
                "sale_price": i.sale.to_string(),
                "currency": "VND",
                "package_id": if paid { json!(o.package_id) } else { Value::Null },
                "package_status": package_status,
            })).collect::<Vec<_>>(),
            "packages": if paid { json!([{ "id": o.package_id }]) } else { json!([]) },
            // Not in the reference: third-party DTOs show an `rts_sla_time` (ship by, Unix
            // s) on TikTok orders; sent so the ship-by reading is exercised. Paid + 2 days.
            "rts_sla_time": if paid { json!(o.created + 60 + 2 * 86_400) } else { Value::Null },
        })
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/open/authorize", get(open_authorize))
        .route("/api/v2/token/get", get(token_get))
        .route("/api/v2/token/refresh", get(token_refresh))
        .route("/authorization/202309/shops", get(shops))
        .route("/order/202309/orders/search", post(order_search))
        .route("/order/202309/orders", get(order_detail))
        .route("/product/202309/products/search", post(product_search))
        .route("/product/202309/products", post(product_create))
        .route(
            "/product/202309/products/{product_id}/inventory/update",
            post(inventory_update),
        )
        .route("/product/202309/products/{product_id}", get(product_get))
        .merge(crate::tiktok_fulfil::routes())
}

pub(crate) type Params = Vec<(String, String)>;

pub(crate) fn first<'a>(q: &'a Params, key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn request_id(state: &SimState) -> String {
    state.random_text(b"0123456789ABCDEF", 32)
}

pub(crate) fn ok(state: &SimState, data: Value) -> Response {
    axum::Json(
        json!({ "code": 0, "message": "Success", "request_id": request_id(state), "data": data }),
    )
    .into_response()
}

/// TikTok answers most refusals with HTTP 200 and the code in the body.
pub(crate) fn fail(state: &SimState, code: i64, message: &str) -> Response {
    axum::Json(
        json!({ "code": code, "message": message, "request_id": request_id(state), "data": null }),
    )
    .into_response()
}

pub(crate) fn rate_limited(retry_after_secs: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, retry_after_secs.to_string())],
        axum::Json(json!({ "code": 36_009_002, "message": "Too many requests", "request_id": "", "data": null })),
    )
        .into_response()
}

/// The gateway's checks for an Open API call.
pub(crate) fn gate(
    state: &SimState,
    uri: &Uri,
    q: &Params,
    headers: &HeaderMap,
    body: Option<&[u8]>,
    shop_call: bool,
) -> Option<Response> {
    if first(q, "app_key") != Some(APP_KEY) {
        return Some(fail(state, 36_009_004, "invalid app_key"));
    }
    let now = Utc::now().timestamp();
    match first(q, "timestamp").map(|t| t.trim().parse::<i64>()) {
        Some(Ok(t)) if t >= now - 300 && t <= now + 30 && t >= 0 => {}
        _ => return Some(fail(state, 36_009_004, "timestamp is invalid or expired")),
    }
    let Some(sign) = first(q, "sign") else {
        return Some(fail(state, 36_009_004, "missing sign"));
    };
    let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let body_text = match body.map(std::str::from_utf8) {
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => return Some(fail(state, INVALID_PARAM, "body is not UTF-8")),
        None => None,
    };
    let expected = signing::tiktok_sign(APP_SECRET, uri.path(), &pairs, body_text);
    if sign != expected {
        return Some(fail(state, 106_001, "Invalid sign"));
    }
    match (shop_call, first(q, "shop_cipher")) {
        (true, None) => return Some(fail(state, 106_013, "shop_cipher is required")),
        (true, Some(c)) if c != SHOP_CIPHER => {
            return Some(fail(state, 36_009_004, "invalid shop_cipher"));
        }
        (false, Some(_)) => {
            return Some(fail(
                state,
                36_009_004,
                "Unexpected identifier: shop_cipher",
            ));
        }
        _ => {}
    }
    let token = headers
        .get("x-tts-access-token")
        .and_then(|v| v.to_str().ok());
    let until = token.and_then(|t| lock(&state.tiktok).access.get(t).copied());
    match until {
        None => Some(fail(state, 36_009_004, "invalid x-tts-access-token")),
        Some(u) if u <= Utc::now() => Some(fail(state, 105_002, "access token is expired")),
        Some(_) => None,
    }
}

fn token_reply(
    state: &SimState,
    access: String,
    refresh: String,
    refresh_until: DateTime<Utc>,
) -> Response {
    let now = Utc::now();
    ok(
        state,
        json!({
            "access_token": access,
            "access_token_expire_in": (now + Duration::days(ACCESS_DAYS)).timestamp(),
            "refresh_token": refresh,
            "refresh_token_expire_in": refresh_until.timestamp(),
            "open_id": "sim-open-id",
            "seller_name": "Shop Hoa Mai",
            "seller_base_region": "VN",
            "user_type": 0,
            "granted_scopes": ["seller.order.info", "seller.product.basic"],
        }),
    )
}

fn check_app(state: &SimState, q: &Params) -> Option<Response> {
    if first(q, "app_key") != Some(APP_KEY) || first(q, "app_secret") != Some(APP_SECRET) {
        return Some(fail(state, 36_009_004, "invalid app_key or app_secret"));
    }
    None
}

/// The seller consents at once: back to the app's registered redirect URL (the default
/// of `[channels] redirect_url`) with a code and our `state`.
async fn open_authorize(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if first(&q, "service_id") != Some(SERVICE_ID) {
        return (StatusCode::BAD_REQUEST, "unknown service_id").into_response();
    }
    let Ok(mut url) = reqwest::Url::parse(orderdeck_integrations::marketplace::DEFAULT_REDIRECT)
    else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "no redirect").into_response();
    };
    let code = lock(&state.tiktok).new_code(Utc::now());
    url.query_pairs_mut().append_pair("code", &code);
    if let Some(s) = first(&q, "state") {
        url.query_pairs_mut().append_pair("state", s);
    }
    (StatusCode::FOUND, [(header::LOCATION, url.to_string())]).into_response()
}

async fn token_get(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if let Some(r) = check_app(&state, &q) {
        return r;
    }
    if first(&q, "grant_type") != Some("authorized_code") {
        return fail(&state, INVALID_PARAM, "grant_type must be authorized_code");
    }
    let Some(code) = first(&q, "auth_code").map(str::to_string) else {
        return fail(&state, INVALID_PARAM, "auth_code is required");
    };
    let now = Utc::now();
    let mut store = lock(&state.tiktok);
    match store.codes.remove(&code) {
        Some(until) if until > now => {
            let (a, r, ru) = store.issue(now, None);
            drop(store);
            token_reply(&state, a, r, ru)
        }
        _ => {
            drop(store);
            fail(&state, INVALID_GRANT, "auth_code is invalid or expired")
        }
    }
}

async fn token_refresh(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if let Some(r) = check_app(&state, &q) {
        return r;
    }
    if first(&q, "grant_type") != Some("refresh_token") {
        return fail(&state, INVALID_PARAM, "grant_type must be refresh_token");
    }
    let Some(token) = first(&q, "refresh_token").map(str::to_string) else {
        return fail(&state, INVALID_PARAM, "refresh_token is required");
    };
    let now = Utc::now();
    let mut store = lock(&state.tiktok);
    match store.refresh.get(&token).copied() {
        Some(until) if until > now => {
            store.refreshes += 1;
            let (a, r, ru) = store.issue(now, Some(token));
            drop(store);
            token_reply(&state, a, r, ru)
        }
        _ => {
            drop(store);
            fail(&state, INVALID_GRANT, "refresh_token is invalid or expired")
        }
    }
}

async fn shops(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, None, false) {
        return r;
    }
    ok(
        &state,
        json!({ "shops": [{
            "id": SHOP_ID,
            "name": "Shop Hoa Mai",
            "region": "VN",
            "seller_type": "LOCAL",
            "cipher": SHOP_CIPHER,
            "code": "VNLCHM2B7Q",
        }] }),
    )
}

pub(crate) fn json_body(state: &SimState, raw: &[u8]) -> Result<Value, Box<Response>> {
    if raw.is_empty() {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(raw) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(Box::new(fail(
            state,
            INVALID_PARAM,
            "body must be a JSON object",
        ))),
    }
}

fn page_size(state: &SimState, q: &Params) -> Result<usize, Box<Response>> {
    match first(q, "page_size").map(|p| p.trim().parse::<usize>()) {
        Some(Ok(n)) if (1..=100).contains(&n) => Ok(n),
        _ => Err(Box::new(fail(
            state,
            INVALID_PARAM,
            "page_size must be 1 to 100",
        ))),
    }
}

/// `page_token` is an offset the sim wraps; a token it did not hand out is refused.
pub(crate) fn page_offset(state: &SimState, q: &Params) -> Result<usize, Box<Response>> {
    match first(q, "page_token").map(str::trim) {
        None | Some("") => Ok(0),
        Some(t) => t
            .strip_prefix("pt_")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Box::new(fail(state, INVALID_PARAM, "page_token is invalid"))),
    }
}

async fn order_search(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let (body, size, offset) = match (
        json_body(&state, &raw),
        page_size(&state, &q),
        page_offset(&state, &q),
    ) {
        (Ok(b), Ok(s), Ok(o)) => (b, s, o),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return *r,
    };
    let bound = |k: &str| body.get(k).and_then(Value::as_i64);
    let (uge, ult, cge, clt) = (
        bound("update_time_ge"),
        bound("update_time_lt"),
        bound("create_time_ge"),
        bound("create_time_lt"),
    );
    let status = body
        .get("order_status")
        .and_then(Value::as_str)
        .map(str::to_string);
    let by_update = first(&q, "sort_field") == Some("update_time");
    let desc = first(&q, "sort_order").is_none_or(|s| s != "ASC");
    let asks_cancel = body.get("is_buyer_request_cancel").and_then(Value::as_bool);
    let mut store = lock(&state.tiktok);
    // Shipped parcels move with time: their orders' statuses catch up first.
    store.advance(Utc::now());
    let store = store;
    let mut matching: Vec<&Order> = store
        .orders
        .values()
        .filter(|o| {
            uge.is_none_or(|t| o.updated >= t)
                && ult.is_none_or(|t| o.updated < t)
                && cge.is_none_or(|t| o.created >= t)
                && clt.is_none_or(|t| o.created < t)
                && status.as_deref().is_none_or(|s| s == o.status)
                && asks_cancel.is_none_or(|a| a == store.cancel_pending(&o.id))
        })
        .collect();
    matching.sort_by(|a, b| {
        let key = |o: &Order| (if by_update { o.updated } else { o.created }, o.id.clone());
        key(a).cmp(&key(b))
    });
    if desc {
        matching.reverse();
    }
    let total = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|o| store.order_json(o))
        .collect();
    drop(store);
    let next = if offset + size < total {
        format!("pt_{}", offset + size)
    } else {
        String::new()
    };
    ok(
        &state,
        json!({ "next_page_token": next, "total_count": total, "orders": page }),
    )
}

async fn order_detail(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, None, true) {
        return r;
    }
    let ids: Vec<&str> = first(&q, "ids")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if ids.is_empty() || ids.len() > 50 {
        return fail(&state, INVALID_PARAM, "ids must name 1 to 50 orders");
    }
    let mut store = lock(&state.tiktok);
    store.advance(Utc::now());
    let orders: Vec<Value> = ids
        .iter()
        .filter_map(|id| store.orders.get(*id))
        .map(|o| store.order_json(o))
        .collect();
    drop(store);
    ok(&state, json!({ "orders": orders }))
}
