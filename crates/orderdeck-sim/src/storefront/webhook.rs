//! Orders on the simulated storefronts and the webhooks they send (reference §8.2, §9.2,
//! §10.1, §11, §13): every platform signs with `base64(HMAC-SHA256(secret, raw body))`
//! in its own header and adds its own topic/shop/id headers.
//!
//! - Haravan: `X-Haravan-Hmacsha256`, `X-Haravan-Topic`, `X-Haravan-Org-Id`,
//!   `X-Haravan-Order-Id`; no delivery id (none is documented).
//! - Sapo: `x-sapo-hmac-sha256`, `x-sapo-topic`, `x-sapo-tenant-domain`,
//!   `x-sapo-object-id`, `x-sapo-order-id`, `x-sapo-test`, `x-sapo-webhook-address`,
//!   `x-event-version`, User-Agent `JVM`. Which secret signs is unconfirmed (§9.2): here
//!   the webhook's own secret.
//! - WooCommerce: `X-WC-Webhook-{Source,Topic,Resource,Event,Signature,ID,Delivery-ID}`;
//!   the Delivery-ID is new on every delivery, a redelivery included (it is
//!   `wp_hash(webhook_id + time)`, not an event id). More than five failed deliveries in
//!   a row disable the webhook; no retries.
//! - Shopify: `X-Shopify-{Hmac-Sha256,Topic,Shop-Domain,API-Version,Webhook-Id,Event-Id,
//!   Triggered-At}`; a failed delivery (non-2xx, or no answer within 5 s) is retried with
//!   the same Webhook-Id and Event-Id after each of [`StorefrontLimits::shopify_retry_delays`].
//! - Haravan and Sapo retries are not documented: the simulator sends once.

use std::sync::Arc;

use base64::Engine;
use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::Value;

use super::{
    Buyer, HARAVAN_ORG_ID, Order, OrderLine, SAPO_STORE_DOMAIN, SHOPIFY_API_VERSION,
    SHOPIFY_SHOP_DOMAIN, Store, WOO_WEBHOOK_ID, haravan, sapo, shopify, webhook_secret,
    woocommerce,
};
use crate::{SimHandle, SimState, lock};
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_integrations::marketplace::signing::hmac_sha256;

/// `base64(HMAC-SHA256(key = secret, message = raw body))`: the signature of all four
/// platforms (§13).
pub fn storefront_signature(secret: &str, body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(hmac_sha256(secret.as_bytes(), body))
}

/// How a webhook goes out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DeliveryMode {
    /// At once, signed properly.
    #[default]
    Send,
    /// Held back until [`SimHandle::storefront_release_held`]: later deliveries overtake it.
    Hold,
    /// At once, signed with another secret (the receiver must refuse it).
    WrongSignature,
}

/// An order to place on a storefront.
#[derive(Debug, Clone, Default)]
pub struct StorefrontOrderSpec {
    /// (SKU, quantity). A SKU the store does not list goes as a custom line (no product,
    /// no variant, no stock change). Empty: one to three lines the store has in stock.
    pub lines: Vec<(String, i64)>,
    /// Paid online at checkout; otherwise cash on delivery.
    pub paid: bool,
    /// VND.
    pub shipping_fee: i64,
    /// VND off the order (a coupon).
    pub discount: i64,
    /// The buyer's note.
    pub note: String,
    pub delivery: DeliveryMode,
}

/// What happened to an order after it was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorefrontChange {
    /// The buyer paid (a COD order on delivery, a pending one online).
    Paid,
    /// The shop or the buyer cancelled it; its stock goes back.
    Cancelled,
}

/// One webhook delivery attempt, as sent and as answered.
#[derive(Debug, Clone, PartialEq)]
pub struct StorefrontDelivery {
    /// Which delivery this is (a retry or a redelivery keeps the number).
    pub delivery: u64,
    /// 1 for the first attempt, then each retry or redelivery.
    pub attempt: u32,
    pub kind: ChannelKind,
    /// The order's id on the platform.
    pub order_id: String,
    pub topic: String,
    pub url: String,
    /// As sent; names lower-case.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The answer's status; None when no answer came (or the webhook is disabled).
    pub status: Option<u16>,
    pub answer: String,
    pub error: Option<String>,
    /// Signed with the store's real secret.
    pub signed_correctly: bool,
}

impl StorefrontDelivery {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Counted as delivered by the platform: 2xx, and for WooCommerce up to 302 (§10.1).
    pub fn delivered(&self) -> bool {
        match (self.kind, self.status) {
            (ChannelKind::WooCommerce, Some(s)) => (200..=302).contains(&s),
            (_, Some(s)) => (200..300).contains(&s),
            _ => false,
        }
    }
}

/// A delivery built and signed, waiting to be sent (or to be sent again).
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    delivery: u64,
    kind: ChannelKind,
    order_id: i64,
    topic: String,
    url: String,
    body: Vec<u8>,
    /// Every header but WooCommerce's Delivery-ID (new per delivery).
    headers: Vec<(String, String)>,
    signed_correctly: bool,
    attempts: u32,
}

fn random_hex(rng: &mut impl Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)]))
        .collect()
}

fn random_uuid(rng: &mut impl Rng) -> String {
    let h = random_hex(rng, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

// ------------------------------------------------------------------------------------
// Buyers

const FAMILY: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ",
];
const GIVEN: [&str; 12] = [
    "Thị Lan",
    "Văn Minh",
    "Hoàng Anh",
    "Thu Trang",
    "Quốc Bảo",
    "Mỹ Linh",
    "Đức Huy",
    "Ngọc Hà",
    "Thanh Tâm",
    "Gia Khánh",
    "Minh Quân",
    "Thu Thảo",
];
const STREETS: [&str; 6] = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
];
/// (ward, code, district, code, province, code): GSO administrative codes.
const PLACES: [(&str, &str, &str, &str, &str, &str); 5] = [
    (
        "Phường Bến Nghé",
        "26740",
        "Quận 1",
        "760",
        "Hồ Chí Minh",
        "79",
    ),
    (
        "Phường Dịch Vọng",
        "00163",
        "Quận Cầu Giấy",
        "005",
        "Hà Nội",
        "01",
    ),
    (
        "Phường Hải Châu I",
        "20194",
        "Quận Hải Châu",
        "492",
        "Đà Nẵng",
        "48",
    ),
    (
        "Phường An Hòa",
        "31135",
        "Quận Ninh Kiều",
        "916",
        "Cần Thơ",
        "92",
    ),
    (
        "Phường Cát Dài",
        "30544",
        "Quận Lê Chân",
        "304",
        "Hải Phòng",
        "31",
    ),
];

fn random_buyer(rng: &mut impl Rng) -> Buyer {
    let (ward, ward_code, district, district_code, province, province_code) =
        PLACES[rng.random_range(0..PLACES.len())];
    let last = FAMILY[rng.random_range(0..FAMILY.len())];
    let first = GIVEN[rng.random_range(0..GIVEN.len())];
    let phone = format!(
        "0{}{:08}",
        [3, 7, 8, 9][rng.random_range(0..4)],
        rng.random_range(0..100_000_000u32)
    );
    Buyer {
        first: first.to_string(),
        last: last.to_string(),
        email: format!("khach{}@example.vn", &phone[phone.len() - 6..]),
        phone,
        street: format!(
            "{} {}",
            rng.random_range(1..300),
            STREETS[rng.random_range(0..STREETS.len())]
        ),
        ward: ward.to_string(),
        ward_code: ward_code.to_string(),
        district: district.to_string(),
        district_code: district_code.to_string(),
        province: province.to_string(),
        province_code: province_code.to_string(),
    }
}

// ------------------------------------------------------------------------------------
// Orders on the store

impl Store {
    /// Takes an order: lowers stock at the primary location and keeps it. Refuses a
    /// quantity the store does not have (the platforms' default "deny" policy).
    fn place(
        &mut self,
        spec: &StorefrontOrderSpec,
        callback: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, String> {
        let loc = self.primary_location();
        let wanted: Vec<(String, i64)> = if spec.lines.is_empty() {
            self.random_lines()
        } else {
            spec.lines.clone()
        };
        if wanted.is_empty() {
            return Err(format!("{} has nothing in stock", self.kind.code()));
        }
        let mut lines = Vec::new();
        for (sku, qty) in &wanted {
            if *qty < 1 {
                return Err(format!("quantity of {sku} must be at least 1"));
            }
            let listed = self
                .variant_by_sku(sku)
                .map(|(p, v)| (p.id, p.title.clone(), v.clone()));
            let line_id = self.next_line_id();
            match listed {
                Some((pid, title, v)) => {
                    let have = v.stock.get(&loc).copied().unwrap_or(0);
                    if v.managed && have < *qty {
                        return Err(format!(
                            "{} has {have} of {sku}, not {qty}",
                            self.kind.code()
                        ));
                    }
                    lines.push(OrderLine {
                        id: line_id,
                        product_id: Some(pid),
                        variant_id: Some(v.id),
                        sku: v.sku.clone(),
                        title,
                        variant_title: v.title.clone(),
                        qty: *qty,
                        price: v.price,
                        grams: v.grams,
                    });
                }
                None => lines.push(OrderLine {
                    id: line_id,
                    product_id: None,
                    variant_id: None,
                    sku: sku.clone(),
                    title: format!("Sản phẩm {sku}"),
                    variant_title: String::new(),
                    qty: *qty,
                    price: 100_000,
                    grams: 300,
                }),
            }
        }
        for l in &lines {
            if let Some((v, _)) = l.variant_id.and_then(|id| self.variant_mut(id))
                && v.managed
            {
                *v.stock.entry(loc).or_default() -= l.qty;
            }
        }
        let (id, number) = self.next_ids();
        let buyer = random_buyer(&mut self.rng);
        let key = random_hex(&mut self.rng, 13);
        let order = Order {
            id,
            number,
            created: now,
            updated: now,
            paid_at: spec.paid.then_some(now),
            cancelled_at: None,
            cod: !spec.paid,
            buyer,
            lines,
            shipping_fee: spec.shipping_fee.max(0),
            discount: spec.discount.max(0),
            note: spec.note.clone(),
            callback: callback.to_string(),
            key,
        };
        self.orders.insert(id, order);
        Ok(id)
    }

    /// One to three lines the store has at least one of (the gift bag, not in the demo
    /// catalog, now and then).
    fn random_lines(&mut self) -> Vec<(String, i64)> {
        let loc = self.primary_location();
        let mut in_stock: Vec<(String, i64)> = self
            .products
            .iter()
            .flat_map(|p| p.variants.iter())
            .filter(|v| !v.sku.starts_with("WEB-"))
            .map(|v| (v.sku.clone(), v.stock.get(&loc).copied().unwrap_or(0)))
            .filter(|(_, n)| *n > 0)
            .collect();
        let mut out = Vec::new();
        for _ in 0..self.rng.random_range(1..=3) {
            if in_stock.is_empty() {
                break;
            }
            let (sku, have) = in_stock.swap_remove(self.rng.random_range(0..in_stock.len()));
            out.push((sku, self.rng.random_range(1..=have.min(2))));
        }
        let gift_left = self.stock_of("WEB-GIFT-01").unwrap_or(0);
        if !out.is_empty() && gift_left > 0 && self.rng.random_bool(0.05) {
            out.push(("WEB-GIFT-01".to_string(), 1));
        }
        out
    }

    /// Applies a change; the order's update time moves past its last one.
    fn change(
        &mut self,
        id: i64,
        change: StorefrontChange,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        let loc = self.primary_location();
        let order = self
            .orders
            .get(&id)
            .cloned()
            .ok_or_else(|| format!("{} has no order {id}", self.kind.code()))?;
        // Webhook receivers order by update time: every change is strictly newer.
        let at = if now > order.updated {
            now
        } else {
            order.updated + chrono::Duration::seconds(1)
        };
        match change {
            StorefrontChange::Paid => {
                if order.cancelled_at.is_some() {
                    return Err(format!("order {id} is cancelled"));
                }
            }
            StorefrontChange::Cancelled => {
                if order.cancelled_at.is_some() {
                    return Err(format!("order {id} is already cancelled"));
                }
                // The platforms put a cancelled order's stock back (Shopify and Haravan
                // when the shop ticks "restock", WooCommerce always): here always.
                for l in &order.lines {
                    if let Some((v, _)) = l.variant_id.and_then(|vid| self.variant_mut(vid))
                        && v.managed
                    {
                        *v.stock.entry(loc).or_default() += l.qty;
                    }
                }
            }
        }
        if let Some(o) = self.orders.get_mut(&id) {
            o.updated = at;
            match change {
                StorefrontChange::Paid => o.paid_at = Some(at),
                StorefrontChange::Cancelled => o.cancelled_at = Some(at),
            }
        }
        Ok(())
    }

    /// The order's webhook body as the platform sends it.
    fn order_body(&self, order: &Order, site: &str) -> Value {
        match self.kind {
            ChannelKind::Haravan => haravan::order_json(order),
            ChannelKind::Sapo => sapo::order_json(order),
            ChannelKind::WooCommerce => woocommerce::order_json(order, site),
            _ => shopify::order_json(order),
        }
    }
}

/// The topic a platform uses for an event (WooCommerce has no paid/cancelled topics:
/// those are `order.updated` with the new status).
fn topic(kind: ChannelKind, event: Option<StorefrontChange>) -> &'static str {
    match (kind, event) {
        (ChannelKind::WooCommerce, None) => "order.created",
        (ChannelKind::WooCommerce, Some(_)) => "order.updated",
        (_, None) => "orders/create",
        (_, Some(StorefrontChange::Paid)) => "orders/paid",
        (_, Some(StorefrontChange::Cancelled)) => "orders/cancelled",
    }
}

// ------------------------------------------------------------------------------------
// Building, sending and recording deliveries

fn build(
    state: &SimState,
    kind: ChannelKind,
    order: &Order,
    body: Value,
    topic: &str,
    mode: DeliveryMode,
) -> Outgoing {
    let body = serde_json::to_vec(&body).unwrap_or_default();
    let secret = webhook_secret(kind);
    let signed_correctly = mode != DeliveryMode::WrongSignature;
    let signature = if signed_correctly {
        storefront_signature(secret, &body)
    } else {
        storefront_signature(&format!("{secret}-not-the-secret"), &body)
    };
    let delivery = {
        let mut seq = lock(&state.storefronts.next_seq);
        *seq += 1;
        *seq
    };
    let id = order.id.to_string();
    let url = order.callback.clone();
    let mut h: Vec<(String, String)> = vec![("content-type".into(), "application/json".into())];
    let mut add = |n: &str, v: String| h.push((n.to_string(), v));
    match kind {
        ChannelKind::Haravan => {
            add("x-haravan-hmacsha256", signature);
            add("x-haravan-topic", topic.to_string());
            add("x-haravan-org-id", HARAVAN_ORG_ID.to_string());
            add("x-haravan-order-id", id.clone());
        }
        ChannelKind::Sapo => {
            add("user-agent", "JVM".to_string());
            add("x-sapo-hmac-sha256", signature);
            add("x-sapo-topic", topic.to_string());
            add("x-sapo-tenant-domain", SAPO_STORE_DOMAIN.to_string());
            add("x-sapo-object-id", id.clone());
            add("x-sapo-order-id", id.clone());
            // Present on real deliveries; what it means is not documented (§9.2).
            add("x-sapo-test", "false".to_string());
            add("x-sapo-webhook-address", url.clone());
            // Single source (§9.2); the value seen is not recorded: "1" is a guess.
            add("x-event-version", "1".to_string());
        }
        ChannelKind::WooCommerce => {
            let (resource, event) = topic.split_once('.').unwrap_or(("order", "updated"));
            add(
                "user-agent",
                "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)".to_string(),
            );
            add("x-wc-webhook-source", state.storefronts.site_url());
            add("x-wc-webhook-topic", topic.to_string());
            add("x-wc-webhook-resource", resource.to_string());
            add("x-wc-webhook-event", event.to_string());
            add("x-wc-webhook-signature", signature);
            add("x-wc-webhook-id", WOO_WEBHOOK_ID.to_string());
        }
        _ => {
            let mut rng = lock(&state.storefronts.activity_rng);
            let webhook_id = random_uuid(&mut *rng);
            let event_id = random_uuid(&mut *rng);
            drop(rng);
            add("x-shopify-hmac-sha256", signature);
            add("x-shopify-topic", topic.to_string());
            add("x-shopify-shop-domain", SHOPIFY_SHOP_DOMAIN.to_string());
            add("x-shopify-api-version", SHOPIFY_API_VERSION.to_string());
            add("x-shopify-webhook-id", webhook_id);
            add("x-shopify-event-id", event_id);
            add(
                "x-shopify-triggered-at",
                Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            );
        }
    }
    Outgoing {
        delivery,
        kind,
        order_id: order.id,
        topic: topic.to_string(),
        url,
        body,
        headers: h,
        signed_correctly,
        attempts: 0,
    }
}

/// Sends one attempt and records it.
async fn send(state: &SimState, out: &mut Outgoing) -> StorefrontDelivery {
    out.attempts += 1;
    let mut headers = out.headers.clone();
    if out.kind == ChannelKind::WooCommerce {
        // wp_hash(webhook id + time): a new value on every delivery.
        let id = random_hex(&mut *lock(&state.storefronts.activity_rng), 32);
        headers.push(("x-wc-webhook-delivery-id".into(), id));
    }
    let mut record = StorefrontDelivery {
        delivery: out.delivery,
        attempt: out.attempts,
        kind: out.kind,
        order_id: out.order_id.to_string(),
        topic: out.topic.clone(),
        url: out.url.clone(),
        headers: headers.clone(),
        body: String::from_utf8_lossy(&out.body).into_owned(),
        status: None,
        answer: String::new(),
        error: None,
        signed_correctly: out.signed_correctly,
    };
    let disabled = state
        .storefronts
        .store(out.kind)
        .is_some_and(|s| lock(s).webhook_disabled);
    if disabled {
        record.error = Some("the webhook is disabled".to_string());
    } else {
        let mut req = state.storefronts.client.post(&out.url);
        for (n, v) in &headers {
            req = req.header(n.as_str(), v.as_str());
        }
        match req.body(out.body.clone()).send().await {
            Ok(resp) => {
                record.status = Some(resp.status().as_u16());
                record.answer = resp.text().await.unwrap_or_default();
            }
            Err(e) => record.error = Some(e.to_string()),
        }
        if out.kind == ChannelKind::WooCommerce
            && let Some(store) = state.storefronts.store(out.kind)
        {
            let mut s = lock(store);
            if record.delivered() {
                s.failures_in_a_row = 0;
            } else {
                s.failures_in_a_row += 1;
                // class-wc-webhook.php: disabled once the count is more than 5.
                if s.failures_in_a_row > 5 {
                    s.webhook_disabled = true;
                }
            }
        }
    }
    tracing::debug!(
        kind = out.kind.code(),
        topic = out.topic,
        status = ?record.status,
        "storefront webhook delivery"
    );
    lock(&state.storefronts.deliveries).push(record.clone());
    record
}

/// Sends now (Shopify retrying in the background on failure), or holds it back.
async fn dispatch(state: &Arc<SimState>, mut out: Outgoing, mode: DeliveryMode) {
    if mode == DeliveryMode::Hold {
        lock(&state.storefronts.held).push(out);
        return;
    }
    let first = send(state, &mut out).await;
    if out.kind == ChannelKind::Shopify && !first.delivered() {
        let state = state.clone();
        tokio::spawn(async move {
            let delays = state.storefronts.limits().shopify_retry_delays;
            for delay in delays {
                tokio::time::sleep(delay).await;
                if send(&state, &mut out).await.delivered() {
                    break;
                }
            }
        });
    }
}

impl super::Storefronts {
    /// WooCommerce's site URL (`X-WC-Webhook-Source`: `home_url('/')`).
    pub(crate) fn site_url(&self) -> String {
        format!("{}/woo/", lock(&self.site))
    }
}

pub(super) async fn place(
    state: &Arc<SimState>,
    kind: ChannelKind,
    callback: &str,
    spec: &StorefrontOrderSpec,
) -> Result<String, String> {
    let store = state
        .storefronts
        .store(kind)
        .ok_or_else(|| format!("{} is not a storefront", kind.code()))?;
    let out = {
        let mut s = lock(store);
        let id = s.place(spec, callback, Utc::now())?;
        let order = s.orders.get(&id).cloned().ok_or("order lost")?;
        let body = s.order_body(&order, &state.storefronts.site_url());
        build(state, kind, &order, body, topic(kind, None), spec.delivery)
    };
    let id = out.order_id.to_string();
    dispatch(state, out, spec.delivery).await;
    Ok(id)
}

pub(super) async fn update(
    state: &Arc<SimState>,
    kind: ChannelKind,
    external_id: &str,
    change: StorefrontChange,
    mode: DeliveryMode,
) -> Result<(), String> {
    let store = state
        .storefronts
        .store(kind)
        .ok_or_else(|| format!("{} is not a storefront", kind.code()))?;
    let id: i64 = external_id
        .trim()
        .parse()
        .map_err(|_| format!("{external_id:?} is not an order id"))?;
    let out = {
        let mut s = lock(store);
        s.change(id, change, Utc::now())?;
        let order = s.orders.get(&id).cloned().ok_or("order lost")?;
        let body = s.order_body(&order, &state.storefronts.site_url());
        build(state, kind, &order, body, topic(kind, Some(change)), mode)
    };
    dispatch(state, out, mode).await;
    Ok(())
}

/// Sends the held deliveries of `kind`, oldest first.
pub(super) async fn release_held(state: &SimState, kind: ChannelKind) -> Vec<StorefrontDelivery> {
    let held: Vec<Outgoing> = {
        let mut all = lock(&state.storefronts.held);
        let (mine, rest): (Vec<_>, Vec<_>) = all.drain(..).partition(|o| o.kind == kind);
        *all = rest;
        mine
    };
    let mut out = Vec::new();
    for mut o in held {
        out.push(send(state, &mut o).await);
    }
    out
}

/// One step of the demo's storefront life, when a callback is set for a storefront:
/// usually a new order (WooCommerce, the demo's storefront, first), now and then a COD
/// order paid or a recent order cancelled. What it did, or None.
pub(crate) async fn activity_step(state: &Arc<SimState>) -> Option<(ChannelKind, String)> {
    let targets: Vec<(ChannelKind, String)> = [
        ChannelKind::WooCommerce,
        ChannelKind::Haravan,
        ChannelKind::Sapo,
        ChannelKind::Shopify,
    ]
    .into_iter()
    .filter_map(|k| {
        let url = state
            .storefronts
            .store(k)
            .and_then(|s| lock(s).callback.clone())?;
        Some((k, url))
    })
    .collect();
    let (kind, url, roll, paid) = {
        let mut rng = lock(&state.storefronts.activity_rng);
        let (kind, url) = if targets
            .first()
            .is_some_and(|(k, _)| *k == ChannelKind::WooCommerce)
            && (targets.len() == 1 || rng.random_bool(0.6))
        {
            targets.first()?.clone()
        } else {
            targets
                .get(rng.random_range(0..targets.len().max(1)))?
                .clone()
        };
        (kind, url, rng.random_range(0..100), rng.random_bool(0.35))
    };
    let recent = |want_cod: bool| -> Option<String> {
        let s = lock(state.storefronts.store(kind)?);
        s.orders
            .values()
            .rev()
            .take(10)
            .find(|o| o.cancelled_at.is_none() && (!want_cod || !o.paid()))
            .map(|o| o.id.to_string())
    };
    if roll >= 80 {
        let (change, id) = if roll >= 90 {
            (StorefrontChange::Cancelled, recent(false))
        } else {
            (StorefrontChange::Paid, recent(true))
        };
        if let Some(id) = id
            && update(state, kind, &id, change, DeliveryMode::Send)
                .await
                .is_ok()
        {
            return Some((kind, id));
        }
    }
    let spec = StorefrontOrderSpec {
        paid,
        shipping_fee: [0, 20_000, 30_000][usize::from(paid)],
        ..StorefrontOrderSpec::default()
    };
    let id = place(state, kind, &url, &spec).await.ok()?;
    Some((kind, id))
}

impl SimHandle {
    /// Places an order on the simulated store (its stock goes down) and POSTs the
    /// platform's order-created webhook to `callback_url`, signed with the store's secret
    /// (or held back / wrongly signed, as `spec.delivery` says). The order's id on the
    /// platform.
    pub async fn storefront_place_order(
        &self,
        kind: ChannelKind,
        callback_url: &str,
        spec: StorefrontOrderSpec,
    ) -> Result<String, String> {
        place(&self.state, kind, callback_url, &spec).await
    }

    /// The order is paid or cancelled now; the platform's update topic goes to the URL it
    /// was placed with, its update time newer than the last.
    pub async fn storefront_update_order(
        &self,
        kind: ChannelKind,
        external_id: &str,
        change: StorefrontChange,
        mode: DeliveryMode,
    ) -> Result<(), String> {
        update(&self.state, kind, external_id, change, mode).await
    }

    /// Sends delivery number `delivery` again, byte for byte the same body: Shopify with
    /// the same Webhook-Id and Event-Id, WooCommerce with a new Delivery-ID.
    pub async fn storefront_redeliver(
        &self,
        kind: ChannelKind,
        delivery: u64,
    ) -> Result<StorefrontDelivery, String> {
        let first = lock(&self.state.storefronts.deliveries)
            .iter()
            .find(|d| d.kind == kind && d.delivery == delivery)
            .cloned()
            .ok_or_else(|| format!("no {} delivery {delivery}", kind.code()))?;
        let attempts = lock(&self.state.storefronts.deliveries)
            .iter()
            .filter(|d| d.kind == kind && d.delivery == delivery)
            .count();
        let mut out = Outgoing {
            delivery,
            kind,
            order_id: first.order_id.parse().unwrap_or(0),
            topic: first.topic.clone(),
            url: first.url.clone(),
            body: first.body.into_bytes(),
            headers: first
                .headers
                .into_iter()
                .filter(|(n, _)| n != "x-wc-webhook-delivery-id")
                .collect(),
            signed_correctly: first.signed_correctly,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        };
        Ok(send(&self.state, &mut out).await)
    }

    /// Sends the deliveries held back ([`DeliveryMode::Hold`]) on this store, oldest
    /// first: they arrive after everything sent since.
    pub async fn storefront_release_held(&self, kind: ChannelKind) -> Vec<StorefrontDelivery> {
        release_held(&self.state, kind).await
    }

    /// Every delivery attempt to date on this store, oldest first (retries in the
    /// background included).
    pub fn storefront_deliveries(&self, kind: ChannelKind) -> Vec<StorefrontDelivery> {
        lock(&self.state.storefronts.deliveries)
            .iter()
            .filter(|d| d.kind == kind)
            .cloned()
            .collect()
    }

    /// One step of the demo's storefront activity now (see `set_storefront_callback`):
    /// the store and order it touched, or None when no callback is set.
    pub async fn storefront_activity_step(&self) -> Option<(ChannelKind, String)> {
        activity_step(&self.state).await
    }

    /// WooCommerce's ping when a webhook is created or activated: a form-encoded
    /// `webhook_id=<id>` POST with no signature worth checking (§10.1). The answer's
    /// status.
    pub async fn storefront_woo_ping(&self, callback_url: &str) -> Result<u16, String> {
        let resp = self
            .state
            .storefronts
            .client
            .post(callback_url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("user-agent", "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)")
            .body(format!("webhook_id={WOO_WEBHOOK_ID}"))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(resp.status().as_u16())
    }

    /// Haravan's check of an app's callback URL (§8.2): `GET url?hub.mode=subscribe&
    /// hub.verify_token=…&hub.challenge=…` with `verify_token`; true when the answer is
    /// 200 with the challenge echoed.
    pub async fn storefront_haravan_verify(
        &self,
        callback_url: &str,
        verify_token: &str,
    ) -> Result<bool, String> {
        let challenge = random_hex(&mut *lock(&self.state.storefronts.activity_rng), 16);
        let resp = self
            .state
            .storefronts
            .client
            .get(callback_url)
            .query(&[
                ("hub.mode", "subscribe"),
                ("hub.verify_token", verify_token),
                ("hub.challenge", challenge.as_str()),
            ])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let ok = resp.status().is_success();
        let text = resp.text().await.unwrap_or_default();
        Ok(ok && text.trim() == challenge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_reference_vector() {
        // §13: key test_secret, body {"id":1001,"total_price":"150000"}.
        assert_eq!(
            storefront_signature("test_secret", br#"{"id":1001,"total_price":"150000"}"#),
            "ZSH7ZVuuEchNv6fm/dVLAMUCo/DoQLFMTfaYGU3wvFk="
        );
    }

    #[test]
    fn placing_lowers_stock_and_cancelling_puts_it_back() {
        let mut store = Store::seeded(ChannelKind::Haravan, 1, Utc::now());
        store.variant_mut_by_sku_for_test("TT-001-2", 5);
        let spec = StorefrontOrderSpec {
            lines: vec![("TT-001-2".into(), 2), ("NOT-LISTED".into(), 1)],
            ..StorefrontOrderSpec::default()
        };
        let id = store.place(&spec, "http://x", Utc::now()).expect("placed");
        assert_eq!(store.stock_of("TT-001-2"), Some(3));
        let order = &store.orders[&id];
        assert!(order.cod);
        assert_eq!(order.lines[1].variant_id, None);
        let too_many = StorefrontOrderSpec {
            lines: vec![("TT-001-2".into(), 4)],
            ..StorefrontOrderSpec::default()
        };
        assert!(store.place(&too_many, "http://x", Utc::now()).is_err());
        let before = store.orders[&id].updated;
        store
            .change(id, StorefrontChange::Cancelled, before)
            .expect("cancelled");
        assert_eq!(store.stock_of("TT-001-2"), Some(5));
        assert!(store.orders[&id].updated > before);
        assert!(
            store
                .change(id, StorefrontChange::Cancelled, Utc::now())
                .is_err()
        );
    }

    impl Store {
        fn variant_mut_by_sku_for_test(&mut self, sku: &str, qty: i64) {
            let loc = self.primary_location();
            let id = self.variant_by_sku(sku).map(|(_, v)| v.id).expect("listed");
            self.variant_mut(id)
                .expect("variant")
                .0
                .stock
                .insert(loc, qty);
        }
    }
}
