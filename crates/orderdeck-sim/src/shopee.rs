//! Shopee Open Platform v2 as the simulator serves it (reference §1): the same paths
//! under `/api/v2`, `partner_id` / `timestamp` / `sign` on every call (checked with the
//! real algorithm: a wrong one gets `error_sign` "Wrong sign."), `access_token` and
//! `shop_id` on shop calls, and the `{error, message, request_id, response}` envelope.
//!
//! - Tokens: access tokens live 4 hours, refresh tokens 30 days and **once**: a refresh
//!   retires the refresh token used and leaves the old access token 5 more minutes. An
//!   unknown or expired access token gets Shopee's `invalid_acceess_token` (their
//!   spelling). Codes (from `shop/auth_partner`, which consents at once and redirects)
//!   live 10 minutes, once.
//! - Orders: seeded across the last 45 days, so a sync crosses several 15-day windows;
//!   `get_order_list` refuses a range over 15 days with `order.order_list_invalid_time`
//!   and a `page_size` outside 1–100 with `error_param`; it pages with `cursor` /
//!   `next_cursor` / `more`. `get_order_detail` takes 1–50 order_sn and returns only the
//!   optional fields asked for.
//! - Listings: 60 seeded items (every third with three models; one without a SKU, one
//!   with a SKU that is not ours, one banned, one unlisted), `get_item_list` /
//!   `get_item_base_info` / `get_model_list`; `update_stock` (one item, ≤ 50 models,
//!   `seller_stock` a list); `add_item` with Shopee's required fields.
//! - Rate limits: the `rate_limit` fault answers HTTP 429 with `error_rate_limit`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::{SimState, body, lock};
use orderdeck_integrations::marketplace::signing::{self, ShopeeScope};
use orderdeck_integrations::marketplace::{Secret, TokenPair};

mod products;
use products::*;

mod auth;
use auth::*;

pub(crate) const PARTNER_ID: i64 = 2_001_887;
pub(crate) const PARTNER_KEY: &str = "sim-shopee-partner-key-5f3a9c1e7b2d4086";
pub(crate) const SHOP_ID: i64 = 14_701_711;
/// The logistics channel the simulated shop has enabled.
pub(crate) const LOGISTIC_ID: i64 = 50_021;

const ACCESS_HOURS: i64 = 4;
const REFRESH_DAYS: i64 = 30;
const OLD_ACCESS_GRACE_MINUTES: i64 = 5;
const CODE_MINUTES: i64 = 10;
const TIMESTAMP_SLACK_SECS: i64 = 300;
const MAX_RANGE_SECS: i64 = 15 * 86_400;
const SEEDED_ORDERS: usize = 260;
const SEEDED_DAYS: i64 = 45;
const SEEDED_ITEMS: i64 = 60;
const FIRST_ITEM_ID: i64 = 800_000_100;

const ORDER_STATUSES: [&str; 11] = [
    "UNPAID",
    "READY_TO_SHIP",
    "PROCESSED",
    "RETRY_SHIP",
    "SHIPPED",
    "TO_CONFIRM_RECEIVE",
    "IN_CANCEL",
    "CANCELLED",
    "TO_RETURN",
    "COMPLETED",
    "PENDING",
];
const ITEM_STATUSES: [&str; 6] = [
    "NORMAL",
    "BANNED",
    "UNLIST",
    "REVIEWING",
    "SELLER_DELETE",
    "SHOPEE_DELETE",
];

const PATH_TOKEN_GET: &str = "/api/v2/auth/token/get";
const PATH_TOKEN_REFRESH: &str = "/api/v2/auth/access_token/get";
const PATH_AUTH_PARTNER: &str = "/api/v2/shop/auth_partner";
const PATH_ORDER_LIST: &str = "/api/v2/order/get_order_list";
const PATH_ORDER_DETAIL: &str = "/api/v2/order/get_order_detail";
const PATH_ITEM_LIST: &str = "/api/v2/product/get_item_list";
const PATH_ITEM_BASE_INFO: &str = "/api/v2/product/get_item_base_info";
const PATH_MODEL_LIST: &str = "/api/v2/product/get_model_list";
const PATH_UPDATE_STOCK: &str = "/api/v2/product/update_stock";
const PATH_ADD_ITEM: &str = "/api/v2/product/add_item";

pub(crate) struct Store {
    /// Access token → valid until.
    access: HashMap<String, DateTime<Utc>>,
    /// Live refresh token → (valid until, the access token issued with it).
    refresh: HashMap<String, (DateTime<Utc>, String)>,
    /// Unused code → valid until.
    codes: HashMap<String, DateTime<Utc>>,
    pub(crate) orders: BTreeMap<String, Order>,
    items: BTreeMap<i64, Item>,
    /// Packages, arrangements, documents and cancel requests (`shopee_fulfil`).
    pub(crate) fulfil: crate::shopee_fulfil::Fulfil,
    next_item_id: i64,
    refreshes: usize,
    rng: StdRng,
}

#[derive(Clone)]
pub(crate) struct Order {
    pub(crate) sn: String,
    pub(crate) status: String,
    pub(crate) create_time: i64,
    pub(crate) update_time: i64,
    pub(crate) cod: bool,
    pub(crate) buyer_user_id: i64,
    pub(crate) buyer_username: String,
    pub(crate) name: String,
    pub(crate) phone: String,
    pub(crate) street: String,
    pub(crate) ward: String,
    pub(crate) district: String,
    pub(crate) province: String,
    pub(crate) lines: Vec<OrderLine>,
    pub(crate) shipping_fee: i64,
    pub(crate) message: String,
}

#[derive(Clone)]
pub(crate) struct OrderLine {
    pub(crate) item_id: i64,
    pub(crate) item_name: String,
    pub(crate) item_sku: String,
    pub(crate) model_id: i64,
    pub(crate) model_name: String,
    pub(crate) model_sku: String,
    pub(crate) qty: i64,
    pub(crate) original: i64,
    pub(crate) discounted: i64,
}

struct Item {
    item_id: i64,
    name: String,
    sku: String,
    status: String,
    category_id: i64,
    create_time: i64,
    update_time: i64,
    /// Items without models keep price and stock here.
    price: i64,
    stock: i64,
    tier_name: String,
    models: Vec<Model>,
    request: Option<Value>,
}

struct Model {
    model_id: i64,
    sku: String,
    option: String,
    price: i64,
    stock: i64,
}

const PREFIXES: [&str; 5] = ["TT", "GD", "MP", "DT", "TP"];
const GOODS: [&str; 5] = [
    "Áo thun cotton",
    "Bình giữ nhiệt",
    "Son dưỡng môi",
    "Tai nghe không dây",
    "Hạt điều rang muối",
];
const COLOURS: [&str; 3] = ["Đỏ", "Xanh", "Vàng"];
const NAMES: [&str; 8] = [
    "Nguyễn Thị Lan",
    "Trần Văn Minh",
    "Lê Hoàng Anh",
    "Phạm Thu Trang",
    "Võ Quốc Bảo",
    "Đặng Mỹ Linh",
    "Bùi Đức Huy",
    "Hồ Ngọc Hà",
];
const PLACES: [(&str, &str, &str); 4] = [
    ("Phường Bến Nghé", "Quận 1", "TP. Hồ Chí Minh"),
    ("Phường Dịch Vọng", "Quận Cầu Giấy", "Hà Nội"),
    ("Phường Hải Châu I", "Quận Hải Châu", "Đà Nẵng"),
    ("Phường An Hòa", "Quận Ninh Kiều", "Cần Thơ"),
];

impl Store {
    /// A shop with a catalogue and 45 days of orders, fixed by `seed`.
    pub fn seeded(seed: u64, now: DateTime<Utc>, demo: bool) -> Store {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x5402_ee00);
        let mut items = BTreeMap::new();
        let start = now.timestamp() - 120 * 86_400;
        for k in 1..=SEEDED_ITEMS {
            let item_id = FIRST_ITEM_ID + k;
            let kind = usize::try_from(k).unwrap_or(0) % PREFIXES.len();
            let base = super::activity::sku_base(&PREFIXES, k, k, 0, demo);
            let price = 50_000 + k * 10_000;
            let status = match k {
                58 => "BANNED",
                59 => "UNLIST",
                _ => "NORMAL",
            };
            // The demo catalog has two variants of most products: two colours there.
            let colours = if demo { 2 } else { COLOURS.len() };
            let models = if k % 3 == 0 {
                COLOURS
                    .iter()
                    .take(colours)
                    .enumerate()
                    .map(|(i, c)| Model {
                        model_id: item_id * 10 + i as i64 + 1,
                        sku: format!("{base}-{}", i + 1),
                        option: (*c).to_string(),
                        price: price + 5_000 * i as i64,
                        stock: 5 + k + i as i64,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            items.insert(
                item_id,
                Item {
                    item_id,
                    name: format!("{} {k:03}", GOODS[kind]),
                    // One listing carries no SKU at all, one a SKU that is not ours.
                    sku: match k {
                        _ if !models.is_empty() => String::new(),
                        55 => String::new(),
                        56 => "SHP-ONLY-56".to_string(),
                        _ => format!("{base}-1"),
                    },
                    status: status.to_string(),
                    category_id: 100_017 + kind as i64,
                    create_time: start + k * 3_600,
                    update_time: start + k * 7_200,
                    price,
                    stock: 10 + k,
                    tier_name: "Màu".to_string(),
                    models,
                    request: None,
                },
            );
        }
        let mut store = Store {
            access: HashMap::new(),
            refresh: HashMap::new(),
            codes: HashMap::new(),
            orders: BTreeMap::new(),
            items,
            next_item_id: FIRST_ITEM_ID + 1_000,
            refreshes: 0,
            rng: StdRng::seed_from_u64(seed ^ 0x5402_7011),
            fulfil: crate::shopee_fulfil::Fulfil::new(seed),
        };
        let span = SEEDED_DAYS * 86_400;
        let first = now.timestamp() - span;
        for i in 0..SEEDED_ORDERS {
            let created = first + span * i as i64 / SEEDED_ORDERS as i64 + rng.random_range(0..600);
            let updated = (created + rng.random_range(0..36 * 3_600)).min(now.timestamp() - 60);
            let mut order = store.seed_order(&mut rng, created, updated.max(created));
            // The demo's history: an order not shipped within its days to ship is one
            // the shop shipped long ago (Shopee would have cancelled it otherwise), so the
            // deadlines on screen are today's.
            if demo && created < now.timestamp() - 2 * 86_400 {
                match order.status.as_str() {
                    "READY_TO_SHIP" => order.status = "COMPLETED".into(),
                    "IN_CANCEL" => order.status = "CANCELLED".into(),
                    _ => {}
                }
            }
            store.orders.insert(order.sn.clone(), order);
        }
        store
    }

    fn seed_order(&mut self, rng: &mut StdRng, created: i64, updated: i64) -> Order {
        let date = DateTime::<Utc>::from_timestamp(created, 0)
            .unwrap_or_default()
            .format("%y%m%d");
        let sn = loop {
            let tail: String = (0..8)
                .map(|_| {
                    let a = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
                    char::from(a[rng.random_range(0..a.len())])
                })
                .collect();
            let sn = format!("{date}{tail}");
            if !self.orders.contains_key(&sn) {
                break sn;
            }
        };
        let sellable: Vec<(i64, Option<usize>)> = self
            .items
            .values()
            .filter(|i| i.status == "NORMAL" && (!i.sku.is_empty() || !i.models.is_empty()))
            .flat_map(|i| {
                if i.models.is_empty() {
                    vec![(i.item_id, None)]
                } else {
                    (0..i.models.len()).map(|m| (i.item_id, Some(m))).collect()
                }
            })
            .collect();
        let mut lines = Vec::new();
        for _ in 0..rng.random_range(1..=3) {
            let (item_id, model) = sellable[rng.random_range(0..sellable.len())];
            if lines.iter().any(|l: &OrderLine| l.item_id == item_id) {
                continue;
            }
            let item = &self.items[&item_id];
            let (model_id, model_name, model_sku, original) = match model {
                Some(m) => {
                    let m = &item.models[m];
                    (m.model_id, m.option.clone(), m.sku.clone(), m.price)
                }
                None => (0, String::new(), String::new(), item.price),
            };
            let discounted = if rng.random_bool(0.3) {
                original * 9 / 10
            } else {
                original
            };
            lines.push(OrderLine {
                item_id,
                item_name: item.name.clone(),
                item_sku: item.sku.clone(),
                model_id,
                model_name,
                model_sku,
                qty: rng.random_range(1..=3),
                original,
                discounted,
            });
        }
        let age_days = (updated - created) / 86_400;
        let status = match rng.random_range(0..100) {
            0..=9 => "UNPAID",
            10..=39 => "READY_TO_SHIP",
            40..=49 => "PROCESSED",
            50..=59 => "SHIPPED",
            60..=64 => "TO_CONFIRM_RECEIVE",
            65..=69 => "CANCELLED",
            70..=71 => "IN_CANCEL",
            72..=73 => "TO_RETURN",
            _ if age_days > 3 => "COMPLETED",
            _ => "SHIPPED",
        };
        let (ward, district, province) = PLACES[rng.random_range(0..PLACES.len())];
        Order {
            sn,
            status: status.to_string(),
            create_time: created,
            update_time: updated,
            cod: rng.random_bool(0.6),
            buyer_user_id: rng.random_range(10_000_000..99_999_999),
            buyer_username: format!("buyer{}", rng.random_range(1000..9999)),
            name: NAMES[rng.random_range(0..NAMES.len())].to_string(),
            phone: format!("849{:08}", rng.random_range(0..100_000_000u32)),
            street: format!("{} Lê Lợi", rng.random_range(1..300)),
            ward: ward.to_string(),
            district: district.to_string(),
            province: province.to_string(),
            lines,
            shipping_fee: [0, 15_000, 30_000][rng.random_range(0..3)],
            message: String::new(),
        }
    }

    fn random_token(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                let a = b"0123456789abcdef";
                char::from(a[self.rng.random_range(0..a.len())])
            })
            .collect()
    }

    /// A new token pair for the shop, as after an authorisation.
    fn issue(&mut self, now: DateTime<Utc>) -> (String, String) {
        let access = self.random_token(32);
        let refresh = self.random_token(32);
        self.access
            .insert(access.clone(), now + Duration::hours(ACCESS_HOURS));
        self.refresh.insert(
            refresh.clone(),
            (now + Duration::days(REFRESH_DAYS), access.clone()),
        );
        (access, refresh)
    }

    pub fn authorize(&mut self, now: DateTime<Utc>) -> TokenPair {
        let (access, refresh) = self.issue(now);
        TokenPair {
            access_token: Secret::new(access),
            refresh_token: Secret::new(refresh),
            access_expires_at: now + Duration::hours(ACCESS_HOURS),
            refresh_expires_at: Some(now + Duration::days(REFRESH_DAYS)),
        }
    }

    pub fn new_code(&mut self, now: DateTime<Utc>) -> String {
        let code = self.random_token(32);
        self.codes
            .insert(code.clone(), now + Duration::minutes(CODE_MINUTES));
        code
    }

    /// Every access token stops working now.
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

    /// Order numbers updated within `[from, to]` (Unix seconds).
    pub fn orders_updated(&self, from: i64, to: i64) -> Vec<String> {
        self.orders
            .values()
            .filter(|o| o.update_time >= from && o.update_time <= to)
            .map(|o| o.sn.clone())
            .collect()
    }

    /// Moves an order to `status`, updated now. False when there is no such order.
    pub fn set_order_status(&mut self, sn: &str, status: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(sn) {
            Some(o) => {
                o.status = status.to_string();
                o.update_time = now.timestamp();
                true
            }
            None => false,
        }
    }

    /// A buyer places an order now: COD orders are ready to ship at once, a few others
    /// wait for payment. Its order_sn.
    pub fn new_order(&mut self, rng: &mut StdRng, now: DateTime<Utc>) -> String {
        let mut order = self.seed_order(rng, now.timestamp(), now.timestamp());
        let paid = order.cod || rng.random_bool(0.8);
        order.status = if paid { "READY_TO_SHIP" } else { "UNPAID" }.to_string();
        let sn = order.sn.clone();
        self.orders.insert(sn.clone(), order);
        sn
    }

    /// A recent order that has not shipped yet.
    fn recent_open(&mut self, rng: &mut StdRng) -> Option<&mut Order> {
        let open = self
            .orders
            .values()
            .filter(|o| matches!(o.status.as_str(), "UNPAID" | "PENDING" | "READY_TO_SHIP"))
            .map(|o| (o.create_time, o.sn.clone()))
            .collect();
        let sn = super::activity::pick_recent(rng, open)?;
        self.orders.get_mut(&sn)
    }

    /// The buyer cancels a recent order that has not shipped. Its order_sn.
    pub fn cancel_recent(&mut self, rng: &mut StdRng, now: DateTime<Utc>) -> Option<String> {
        let o = self.recent_open(rng)?;
        o.status = "CANCELLED".to_string();
        o.update_time = now.timestamp();
        Some(o.sn.clone())
    }

    /// The buyer sends a recent order that has not shipped somewhere else. Its order_sn.
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
        o.update_time = now.timestamp();
        Some(o.sn.clone())
    }

    /// `n` more orders in `status`, updated at `at` and the seconds before it (100 to a
    /// second); their order numbers.
    pub fn add_orders(&mut self, n: usize, at: DateTime<Utc>, status: &str) -> Vec<String> {
        let mut rng = StdRng::seed_from_u64(self.orders.len() as u64 ^ 0x5402_add0);
        let mut sns = Vec::with_capacity(n);
        for i in 0..n {
            let updated = at.timestamp() - (i / 100) as i64;
            let mut order = self.seed_order(&mut rng, updated - 3_600, updated);
            order.status = status.to_string();
            sns.push(order.sn.clone());
            self.orders.insert(order.sn.clone(), order);
        }
        sns
    }

    /// The buyer changes the delivery street; updated now. False when there is no such
    /// order.
    pub fn set_address(&mut self, sn: &str, street: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(sn) {
            Some(o) => {
                o.street = street.to_string();
                o.update_time = now.timestamp();
                true
            }
            None => false,
        }
    }

    /// Seller stock of one model (model 0: the item itself).
    pub fn stock(&self, item_id: i64, model_id: i64) -> Option<i64> {
        let item = self.items.get(&item_id)?;
        if model_id == 0 && item.models.is_empty() {
            return Some(item.stock);
        }
        item.models
            .iter()
            .find(|m| m.model_id == model_id)
            .map(|m| m.stock)
    }

    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// The `add_item` body received for the item with this SKU, as sent.
    pub fn add_item_request(&self, sku: &str) -> Option<Value> {
        self.items
            .values()
            .find(|i| i.sku == sku && i.request.is_some())
            .and_then(|i| i.request.clone())
    }

    /// A signed order-status push (code 3) for `sn`, as Shopee would POST it to
    /// `callback_url`: (Authorization header, body).
    pub fn push(&self, callback_url: &str, sn: &str) -> Option<(String, Vec<u8>)> {
        let o = self.orders.get(sn)?;
        let body = json!({
            "data": {
                "items": [],
                "ordersn": o.sn,
                "status": o.status,
                "completed_scenario": "",
                "update_time": o.update_time,
            },
            "shop_id": SHOP_ID,
            "code": 3,
            "timestamp": o.update_time,
        })
        .to_string()
        .into_bytes();
        let sig = signing::shopee_push_signature(PARTNER_KEY, callback_url, &body);
        Some((sig, body))
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route(PATH_TOKEN_GET, post(token_get))
        .route(PATH_TOKEN_REFRESH, post(token_refresh))
        .route(PATH_AUTH_PARTNER, get(auth_partner))
        .route(PATH_ORDER_LIST, get(order_list))
        .route(PATH_ORDER_DETAIL, get(order_detail))
        .route(PATH_ITEM_LIST, get(item_list))
        .route(PATH_ITEM_BASE_INFO, get(item_base_info))
        .route(PATH_MODEL_LIST, get(model_list))
        .route(PATH_UPDATE_STOCK, post(update_stock))
        .route(PATH_ADD_ITEM, post(add_item))
        .merge(crate::shopee_fulfil::routes())
}

pub(crate) type Params = Vec<(String, String)>;

pub(crate) fn first<'a>(q: &'a Params, key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

pub(crate) fn request_id(state: &SimState) -> String {
    state.random_text(b"0123456789abcdef", 32)
}

pub(crate) fn ok(state: &SimState, response: Value) -> Response {
    reply_json(json!({
        "error": "",
        "message": "",
        "request_id": request_id(state),
        "response": response,
    }))
}

pub(crate) fn fail(state: &SimState, status: StatusCode, error: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({
            "error": error,
            "message": message,
            "request_id": request_id(state),
        })),
    )
        .into_response()
}

pub(crate) fn reply_json(v: Value) -> Response {
    axum::Json(v).into_response()
}

pub(crate) fn param_error(state: &SimState, message: &str) -> Response {
    fail(state, StatusCode::BAD_REQUEST, "error_param", message)
}

/// The 429 the `rate_limit` fault sends.
pub(crate) fn rate_limited(retry_after_secs: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, retry_after_secs.to_string())],
        axum::Json(json!({
            "error": "error_rate_limit",
            "message": "Too many requests, please try again later.",
            "request_id": "",
        })),
    )
        .into_response()
}

/// The gateway's checks, in its order: partner, timestamp, sign, shop, token.
pub(crate) fn gate(state: &SimState, q: &Params, path: &str, shop_call: bool) -> Option<Response> {
    let Some(partner_id) = first(q, "partner_id") else {
        return Some(param_error(state, "no partner_id"));
    };
    if partner_id.trim().parse::<i64>().ok() != Some(PARTNER_ID) {
        return Some(fail(
            state,
            StatusCode::FORBIDDEN,
            "invalid_partner_id",
            "Invalid partner_id.",
        ));
    }
    let Some(ts) = first(q, "timestamp") else {
        return Some(param_error(state, "no timestamp"));
    };
    let Ok(ts) = ts.trim().parse::<i64>() else {
        return Some(param_error(state, "invalid timestamp"));
    };
    if (Utc::now().timestamp() - ts).abs() > TIMESTAMP_SLACK_SECS {
        return Some(param_error(state, "Timestamp is expired."));
    }
    let Some(sign) = first(q, "sign") else {
        return Some(param_error(state, "no sign"));
    };
    let scope_token;
    let scope = if shop_call {
        let Some(token) = first(q, "access_token") else {
            return Some(param_error(state, "no access_token"));
        };
        let Some(shop) = first(q, "shop_id") else {
            return Some(param_error(state, "no shop_id"));
        };
        let Ok(shop_id) = shop.trim().parse::<i64>() else {
            return Some(param_error(state, "invalid shop_id"));
        };
        scope_token = token.to_string();
        ShopeeScope::Shop {
            access_token: &scope_token,
            shop_id,
        }
    } else {
        ShopeeScope::Public
    };
    let expected = signing::shopee_sign(PARTNER_KEY, PARTNER_ID, path, ts, scope);
    if sign != expected {
        return Some(fail(
            state,
            StatusCode::FORBIDDEN,
            "error_sign",
            "Wrong sign.",
        ));
    }
    if let ShopeeScope::Shop {
        access_token,
        shop_id,
    } = scope
    {
        if shop_id != SHOP_ID {
            return Some(fail(
                state,
                StatusCode::FORBIDDEN,
                "error_auth",
                "Invalid partner_id or shopid.",
            ));
        }
        let live = lock(&state.shopee)
            .access
            .get(access_token)
            .is_some_and(|until| *until > Utc::now());
        if !live {
            return Some(fail(
                state,
                StatusCode::FORBIDDEN,
                "invalid_acceess_token",
                "Invalid access_token, please have a check.",
            ));
        }
    }
    None
}

fn int_param(q: &Params, key: &str) -> Result<Option<i64>, String> {
    match first(q, key) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{key} must be a whole number")),
    }
}

async fn order_list(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if let Some(r) = gate(&state, &q, PATH_ORDER_LIST, true) {
        return r;
    }
    let field = first(&q, "time_range_field").unwrap_or("");
    if !matches!(field, "create_time" | "update_time") {
        return param_error(
            &state,
            "time_range_field must be create_time or update_time",
        );
    }
    let (from, to, page_size) = match (
        int_param(&q, "time_from"),
        int_param(&q, "time_to"),
        int_param(&q, "page_size"),
    ) {
        (Ok(Some(f)), Ok(Some(t)), Ok(Some(p))) => (f, t, p),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return param_error(&state, &e),
        _ => return param_error(&state, "time_from, time_to and page_size are required"),
    };
    if from >= to || to - from > MAX_RANGE_SECS {
        return fail(
            &state,
            StatusCode::OK,
            "order.order_list_invalid_time",
            "Start time must be earlier than end time and diff in 15days.",
        );
    }
    if !(1..=100).contains(&page_size) {
        return param_error(&state, "page_size should be between 1 and 100.");
    }
    let offset = match first(&q, "cursor").map(str::trim).unwrap_or("") {
        "" => 0,
        c => match c.parse::<usize>() {
            Ok(o) => o,
            Err(_) => return param_error(&state, "cursor is invalid."),
        },
    };
    let status_filter = first(&q, "order_status").map(str::to_string);
    if let Some(s) = &status_filter
        && !ORDER_STATUSES.contains(&s.as_str())
        && s != "INVOICE_PENDING"
    {
        return param_error(&state, "order_status is invalid.");
    }
    let with_status = first(&q, "response_optional_fields")
        .is_some_and(|f| f.split(',').any(|x| x.trim() == "order_status"));
    let mut store = lock(&state.shopee);
    // Arranged parcels move on by themselves: their orders' statuses first.
    crate::shopee_fulfil::advance(&mut store, Utc::now());
    let mut matching: Vec<&Order> = store
        .orders
        .values()
        .filter(|o| {
            let t = if field == "create_time" {
                o.create_time
            } else {
                o.update_time
            };
            t >= from && t <= to && status_filter.as_deref().is_none_or(|s| s == o.status)
        })
        .collect();
    matching.sort_by_key(|o| {
        (
            if field == "create_time" {
                o.create_time
            } else {
                o.update_time
            },
            o.sn.clone(),
        )
    });
    let size = usize::try_from(page_size).unwrap_or(100);
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|o| {
            let mut e = json!({ "order_sn": o.sn });
            if with_status {
                e["order_status"] = json!(o.status);
            }
            e
        })
        .collect();
    let more = offset + size < matching.len();
    drop(store);
    ok(
        &state,
        json!({
            "more": more,
            "next_cursor": if more { (offset + size).to_string() } else { String::new() },
            "order_list": page,
        }),
    )
}

fn order_json(o: &Order, fields: &[&str]) -> Value {
    let goods: i64 = o.lines.iter().map(|l| l.discounted * l.qty).sum();
    let mut v = json!({
        "order_sn": o.sn,
        "region": "VN",
        "currency": "VND",
        "cod": o.cod,
        "order_status": o.status,
        "message_to_seller": o.message,
        "create_time": o.create_time,
        "update_time": o.update_time,
        "days_to_ship": 2,
        "ship_by_date": o.create_time + 2 * 86_400,
    });
    let has = |f: &str| fields.contains(&f);
    if has("buyer_user_id") {
        v["buyer_user_id"] = json!(o.buyer_user_id);
    }
    if has("buyer_username") {
        v["buyer_username"] = json!(o.buyer_username);
    }
    if has("total_amount") {
        // Shopee sends money as JSON floats.
        v["total_amount"] = json!((goods + o.shipping_fee) as f64);
    }
    if has("estimated_shipping_fee") {
        v["estimated_shipping_fee"] = json!(o.shipping_fee as f64);
    }
    if has("payment_method") {
        v["payment_method"] = json!(if o.cod {
            "Cash on Delivery"
        } else {
            "ShopeePay"
        });
    }
    if has("recipient_address") {
        v["recipient_address"] = json!({
            "name": o.name,
            "phone": o.phone,
            "town": "",
            "district": o.ward,
            "city": o.district,
            "state": o.province,
            "region": "VN",
            "zipcode": "",
            "full_address": format!("{}, {}, {}, {}", o.street, o.ward, o.district, o.province),
        });
    }
    if has("item_list") {
        v["item_list"] = json!(
            o.lines
                .iter()
                .map(|l| json!({
                    "item_id": l.item_id,
                    "item_name": l.item_name,
                    "item_sku": l.item_sku,
                    "model_id": l.model_id,
                    "model_name": l.model_name,
                    "model_sku": l.model_sku,
                    "model_quantity_purchased": l.qty,
                    "model_original_price": l.original as f64,
                    "model_discounted_price": l.discounted as f64,
                    "wholesale": false,
                    "weight": 0.3,
                    "add_on_deal": false,
                    "main_item": false,
                    "promotion_type": "",
                }))
                .collect::<Vec<_>>()
        );
    }
    v
}

async fn order_detail(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if let Some(r) = gate(&state, &q, PATH_ORDER_DETAIL, true) {
        return r;
    }
    let list: Vec<&str> = first(&q, "order_sn_list")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if list.is_empty() || list.len() > 50 {
        return param_error(&state, "order_sn_list should have 1 to 50 order_sn.");
    }
    let fields: Vec<&str> = first(&q, "response_optional_fields")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .collect();
    let mut store = lock(&state.shopee);
    let now = Utc::now();
    crate::shopee_fulfil::advance(&mut store, now);
    let orders: Vec<Value> = list
        .iter()
        .filter_map(|sn| store.orders.get(*sn))
        .map(|o| {
            let mut v = order_json(o, &fields);
            // Packages, cancel reasons and masking live with the fulfilment state.
            crate::shopee_fulfil::detail_extras(&store, o, &fields, &mut v, now);
            v
        })
        .collect();
    let missing: Vec<&str> = list
        .iter()
        .copied()
        .filter(|sn| !store.orders.contains_key(*sn))
        .collect();
    drop(store);
    let mut reply = json!({
        "error": "",
        "message": "",
        "request_id": request_id(&state),
        "response": { "order_list": orders },
    });
    if !missing.is_empty() {
        // Unknown order_sn are left out, with a warning beside the others.
        reply["warning"] = json!([format!("order_sn not found: {}", missing.join(","))]);
    }
    reply_json(reply)
}
