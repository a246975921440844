//! A loopback server that speaks GHN's and Viettel Post's APIs (same paths, payloads,
//! auth and error shapes as reference §1 and §2), and the e-invoice providers Viettel
//! S-Invoice and MISA meInvoice (§3, §4: `sinvoice_config()`, `misa_config()`), and the
//! marketplaces (marketplaces reference: `shopee_config()`, `lazada_config()`,
//! `tiktok_config()`), so the
//! demo and the tests run the real adapters with no network. Faults apply to every kind
//! (`"provider":"misa"` narrows them to one invoice provider, `"channel":"shopee"` to
//! one marketplace).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use orderdeck_sim::{self as sim, SimOptions};
//! let sim = sim::start("127.0.0.1:0".parse().unwrap(), SimOptions::default()).await?;
//! let ghn_cfg = sim.ghn_config(); // base_url http://127.0.0.1:PORT/shiip/public-api
//! # Ok(()) }
//! ```
//!
//! Parcels move through realistic status sequences as real time passes (`speed` seconds
//! per step), with fates fixed by the seed. Faults are set through [`SimHandle::faults`]
//! or over HTTP:
//!
//! | call | what |
//! |---|---|
//! | `GET /_sim/health` | `{"ok":true,"ghn_orders":N,"viettelpost_orders":M,...}` |
//! | `GET /_sim/faults` | the current [`FaultSpec`] |
//! | `POST /_sim/faults` | replaces it with the JSON body, e.g. `{"http_503":{"next":2}}` |
//! | `DELETE /_sim/faults` | no faults |
//! | `POST /_sim/orders/status` | `{"carrier":"ghn","tracking_number":"…","status":"delivery_fail"}` holds a parcel at a status (VTP: `"status":"506"`) |
//! | `GET /_sim/auth_code/{shopee,lazada,tiktok}` | `{"code":"…"}`: a fresh authorisation code to exchange for tokens |
//! | `GET /_sim/requests?path=SUFFIX` | the recorded calls whose path ends with SUFFIX: method, path, query, body (headers left out: they carry the credentials) |
//! | `/_sim/storefronts/{kind}/…` | the storefronts' orders, webhooks and stock (see `storefront/control.rs`) |
//!
//! Every API call it receives (not `/_sim/…`) is recorded as it arrived — method, path,
//! query, headers and body, the last [`MAX_RECORDED_REQUESTS`] of them — for tests to
//! check what went over the wire: [`SimHandle::requests`], [`SimHandle::requests_to`].
//!
//! The seller's own website is served too, on Haravan, Sapo, WooCommerce and Shopify
//! (`storefront_config()`, base URLs under `/haravan`, `/sapo`, `/woo`, `/shopify`): their
//! admin APIs with the documented limits, and orders placed on them sent to a callback
//! URL as each platform's signed webhook ([`SimHandle::storefront_place_order`]).
//!
//! The marketplaces start from seeded orders; with [`SimOptions::channel_activity`] set,
//! buyers keep acting on them (new orders, cancellations, address changes: see
//! [`Activity`], [`SimHandle::channel_step`]).
//!
//! Beside the HTTP APIs, a mail sink speaks SMTP on a port of its own
//! ([`SimHandle::smtp_config`], [`SimHandle::sent_mail`]): it keeps every message it is
//! given and delivers none.

mod activity;
mod body;
pub mod buyers;
pub mod demo;
mod endpoints;
mod faults;
mod ghn;
mod ghn_places;
mod invoice_file;
mod lazada;
mod lazada_fulfil;
pub mod llm;
mod market_chat;
pub mod messenger;
mod misa;
mod pdf;
mod shopee;
mod shopee_fulfil;
mod sinvoice;
mod smtp;
mod storefront;
mod tiktok;
mod tiktok_fulfil;
mod timeline;
mod viettel_post;
mod xml;
pub mod zalo;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, body::Bytes};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use activity::{Activity, ActivityCounts};
pub use endpoints::{Endpoints, is_running};
use faults::Target;
pub use faults::{Fault, FaultSpec, Faults, Trigger};
pub use market_chat::{ChatDelivery, ChatSent, MarketBuyers};
pub use smtp::SentMail;
pub use storefront::{
    DeliveryMode, StorefrontChange, StorefrontDelivery, StorefrontLimits, StorefrontOrderSpec,
    storefront_signature,
};

use orderdeck_integrations::carrier::{CarrierKind, CarriersConfig, GhnConfig, ViettelPostConfig};
use orderdeck_integrations::invoice_provider::{
    InvoiceProvidersConfig, MisaConfig, ProviderKind, SInvoiceConfig,
};
use orderdeck_integrations::mail::SmtpConfig;
use orderdeck_integrations::marketplace::lazada::LazadaConfig;
use orderdeck_integrations::marketplace::shopee::ShopeeConfig;
use orderdeck_integrations::marketplace::tiktok::TikTokConfig;
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig, TokenPair};

#[derive(Debug, Clone)]
pub struct SimOptions {
    /// Fixes which parcels fail, get lost or come back, and the ids handed out.
    pub seed: u64,
    /// Seconds of real time per status step (0: every step at once).
    pub speed: f64,
    pub ghn_token: String,
    pub ghn_shop_id: i64,
    pub vtp_username: String,
    pub vtp_password: String,
    /// Port of the mail sink, on the same address (0: any free port).
    pub smtp_port: u16,
    /// The log-in the mail sink wants (AUTH PLAIN or LOGIN); an empty username: none.
    pub smtp_username: String,
    pub smtp_password: String,
    /// Invoice numbers of each series start after this (a provider's sequence does not
    /// restart when a demo does).
    pub invoices_issued_before: u64,
    /// Every this often a buyer does something on one of the marketplaces: a new order
    /// (mostly), a cancellation or an address change ([`Activity`]). None: the seeded
    /// orders only.
    pub channel_activity: Option<Duration>,
    /// The marketplaces list the demo catalog's SKUs (see `activity::sku_base`).
    pub demo_catalog: bool,
}

impl Default for SimOptions {
    fn default() -> SimOptions {
        SimOptions {
            seed: 1,
            speed: 2.0,
            ghn_token: "sim-ghn-token-3f6c2a9d".to_string(),
            ghn_shop_id: 885_112,
            vtp_username: "0987654321".to_string(),
            vtp_password: "sim-vtp-password".to_string(),
            smtp_port: 0,
            invoices_issued_before: 0,
            smtp_username: "hoadon@example.vn".to_string(),
            smtp_password: "sim-smtp-password".to_string(),
            channel_activity: None,
            demo_catalog: false,
        }
    }
}

pub(crate) struct SimState {
    opts: SimOptions,
    step: chrono::Duration,
    faults: Faults,
    ghn: Mutex<ghn::Store>,
    vtp: Mutex<viettel_post::Store>,
    sinvoice: Mutex<sinvoice::Store>,
    misa: Mutex<misa::Store>,
    shopee: Mutex<shopee::Store>,
    lazada: Mutex<lazada::Store>,
    tiktok: Mutex<tiktok::Store>,
    /// The marketplaces' buyer chat (`market_chat`).
    chats: market_chat::Chats,
    /// The seller's own website on Haravan, Sapo, WooCommerce and Shopify.
    storefronts: storefront::Storefronts,
    smtp: Arc<Mutex<smtp::Store>>,
    /// Ids and tokens.
    rng: Mutex<StdRng>,
    /// The marketplace activity stream; locked before any marketplace store.
    activity: Mutex<activity::ActivityState>,
    /// Calls received, by path: how many calls a pull took (the documented limits).
    calls: Mutex<std::collections::HashMap<String, usize>>,
    /// The last [`MAX_RECORDED_REQUESTS`] API calls received, oldest first.
    requests: Mutex<VecDeque<RecordedRequest>>,
}

/// How many received calls [`SimHandle::requests`] keeps (the oldest go first).
pub const MAX_RECORDED_REQUESTS: usize = 20_000;

/// The largest request body the simulator reads (and records); a bigger one is refused
/// with 413 before it reaches an API.
const MAX_REQUEST_BODY: usize = 32 * 1024 * 1024;

/// One API call as the simulator received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The URL path, without the query (`/shiip/public-api/v2/shipping-order/fee`).
    pub path: String,
    /// The query's name/value pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers, names lower-case, in order.
    pub headers: Vec<(String, String)>,
    /// The body: its JSON when it is JSON; a form-urlencoded body as a JSON object (a name
    /// given more than once holds the list of its values); otherwise the text; `null` when
    /// there is none.
    pub body: serde_json::Value,
}

impl RecordedRequest {
    /// The first value of a header (`name` in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn new(parts: &axum::http::request::Parts, bytes: &[u8]) -> RecordedRequest {
        RecordedRequest {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            query: parts
                .uri
                .query()
                .and_then(|q| body::form_pairs(q.as_bytes()).ok())
                .unwrap_or_default(),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_ascii_lowercase(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: recorded_body(&parts.headers, bytes),
        }
    }
}

/// A body as [`RecordedRequest::body`] holds it.
fn recorded_body(headers: &HeaderMap, bytes: &[u8]) -> serde_json::Value {
    use serde_json::Value;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
        return v;
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if is_form && let Ok(pairs) = body::form_pairs(bytes) {
        let mut object = serde_json::Map::new();
        for (name, value) in pairs {
            match object.get_mut(&name) {
                None => {
                    object.insert(name, Value::String(value));
                }
                Some(Value::Array(list)) => list.push(Value::String(value)),
                Some(first) => {
                    let first = first.take();
                    object.insert(name, Value::Array(vec![first, Value::String(value)]));
                }
            }
        }
        return Value::Object(object);
    }
    Value::String(String::from_utf8_lossy(bytes).into_owned())
}

/// A poisoned lock holds plain data that is still good: keep serving.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SimState {
    /// `n` random characters from `alphabet`.
    fn random_text(&self, alphabet: &[u8], n: usize) -> String {
        let mut rng = lock(&self.rng);
        (0..n)
            .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
            .collect()
    }

    fn token(&self, prefix: &str) -> String {
        format!(
            "{prefix}{}",
            self.random_text(b"abcdefghijklmnopqrstuvwxyz0123456789", 32)
        )
    }
}

/// The running simulator. Dropping it stops the server.
pub struct SimHandle {
    pub addr: SocketAddr,
    /// Where the mail sink listens.
    pub smtp_addr: SocketAddr,
    state: Arc<SimState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    smtp_task: JoinHandle<()>,
    activity_task: Option<JoinHandle<()>>,
}

/// Starts the simulator on `addr` (a loopback address; port 0 picks a free port).
pub async fn start(addr: SocketAddr, opts: SimOptions) -> std::io::Result<SimHandle> {
    if !addr.ip().is_loopback() {
        // It takes made-up credentials: never offer it beyond this machine.
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("the carrier simulator listens on loopback only, not {addr}"),
        ));
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let smtp_listener =
        tokio::net::TcpListener::bind(SocketAddr::new(addr.ip(), opts.smtp_port)).await?;
    let smtp_addr = smtp_listener.local_addr()?;
    let state = Arc::new(SimState {
        step: timeline::step_from_secs(opts.speed),
        faults: Faults::new(opts.seed),
        ghn: Mutex::new(ghn::Store::default()),
        vtp: Mutex::new(viettel_post::Store::default()),
        sinvoice: Mutex::new(sinvoice::Store::default()),
        misa: Mutex::new(misa::Store::default()),
        shopee: Mutex::new(shopee::Store::seeded(
            opts.seed,
            chrono::Utc::now(),
            opts.demo_catalog,
        )),
        lazada: Mutex::new(lazada::Store::seeded(
            opts.seed,
            chrono::Utc::now(),
            opts.demo_catalog,
        )),
        tiktok: Mutex::new(tiktok::Store::seeded(
            opts.seed,
            chrono::Utc::now(),
            opts.demo_catalog,
        )),
        chats: market_chat::Chats::default(),
        storefronts: storefront::Storefronts::new(
            opts.seed,
            chrono::Utc::now(),
            format!("http://{addr}"),
        ),
        smtp: Arc::new(Mutex::new(smtp::Store::default())),
        rng: Mutex::new(StdRng::seed_from_u64(opts.seed)),
        activity: Mutex::new(activity::ActivityState::new(StdRng::seed_from_u64(
            opts.seed ^ 0xac71_0000,
        ))),
        calls: Mutex::new(std::collections::HashMap::new()),
        requests: Mutex::new(VecDeque::new()),
        opts,
    });
    let app = router(state.clone());
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = server.await {
            tracing::warn!(error = %e, "carrier simulator stopped");
        }
    });
    let login = Some(&state.opts)
        .filter(|o| !o.smtp_username.is_empty())
        .map(|o| (o.smtp_username.clone(), o.smtp_password.clone()));
    let smtp_task = tokio::spawn(smtp::serve(smtp_listener, state.smtp.clone(), login));
    let activity_task = (state.opts.channel_activity)
        .filter(|period| !period.is_zero())
        .map(|period| tokio::spawn(activity::run(state.clone(), period)));
    tracing::debug!(%addr, %smtp_addr, "carrier simulator listening");
    Ok(SimHandle {
        addr,
        smtp_addr,
        state,
        shutdown: Some(tx),
        task: Some(task),
        smtp_task,
        activity_task,
    })
}

fn router(state: Arc<SimState>) -> Router {
    let apis = ghn::routes()
        .merge(ghn_places::routes())
        .merge(viettel_post::routes())
        .merge(sinvoice::routes())
        .merge(misa::routes())
        .merge(shopee::routes())
        .merge(lazada::routes())
        .merge(tiktok::routes())
        .merge(market_chat::routes())
        .merge(storefront::routes())
        .layer(middleware::from_fn_with_state(state.clone(), inject_faults));
    let control = Router::new()
        .route("/_sim/health", get(health))
        .route(
            "/_sim/faults",
            get(get_faults).post(set_faults).delete(clear_faults),
        )
        .route("/_sim/orders/status", post(force_status))
        .route("/_sim/auth_code/{channel}", get(auth_code))
        .route("/_sim/requests", get(recorded_requests))
        .merge(storefront::control_routes());
    apis.merge(control).with_state(state)
}

impl SimHandle {
    /// Its addresses and credentials (every config pointing here).
    pub fn endpoints(&self) -> Endpoints {
        Endpoints::new(self.addr, self.smtp_addr, &self.state.opts)
    }

    /// `[carriers.ghn]` pointing here.
    pub fn ghn_config(&self) -> GhnConfig {
        self.endpoints().ghn_config()
    }

    /// `[carriers.viettelpost]` pointing here.
    pub fn viettel_post_config(&self) -> ViettelPostConfig {
        self.endpoints().viettel_post_config()
    }

    pub fn carriers_config(&self) -> CarriersConfig {
        self.endpoints().carriers_config()
    }

    /// `[invoices.sinvoice]` pointing here.
    pub fn sinvoice_config(&self) -> SInvoiceConfig {
        self.endpoints().sinvoice_config()
    }

    /// `[invoices.misa]` pointing here.
    pub fn misa_config(&self) -> MisaConfig {
        self.endpoints().misa_config()
    }

    pub fn invoice_providers_config(&self) -> InvoiceProvidersConfig {
        self.endpoints().invoice_providers_config()
    }

    /// Registers one more HSM certificate with the MISA account (then there are two to
    /// choose from).
    pub fn add_misa_certificate(&self, serial: &str) {
        lock(&self.state.misa).add_certificate(serial);
    }

    /// Invoices held (every issue that was carried out, replies lost or not).
    pub fn invoice_count(&self, kind: ProviderKind) -> usize {
        match kind {
            ProviderKind::SInvoice => lock(&self.state.sinvoice).invoice_count(),
            ProviderKind::Misa => lock(&self.state.misa).invoice_count(),
        }
    }

    /// The issue body the provider received for this transaction uuid (S-Invoice's
    /// createInvoice body, MISA's `InvoiceData`), as sent.
    pub fn invoice_request(
        &self,
        kind: ProviderKind,
        transaction_uuid: &str,
    ) -> Option<serde_json::Value> {
        match kind {
            ProviderKind::SInvoice => lock(&self.state.sinvoice).request(transaction_uuid),
            ProviderKind::Misa => lock(&self.state.misa).request(transaction_uuid),
        }
    }

    /// Forgets every token the provider handed out, as if they had expired.
    pub fn expire_invoice_tokens(&self, kind: ProviderKind) {
        match kind {
            ProviderKind::SInvoice => lock(&self.state.sinvoice).expire_tokens(),
            ProviderKind::Misa => lock(&self.state.misa).expire_tokens(),
        }
    }

    /// `[channels.shopee]` pointing here (a pre-authorised shop: tokens from
    /// [`SimHandle::shopee_authorize`]).
    pub fn shopee_config(&self) -> ShopeeConfig {
        self.endpoints().shopee_config()
    }

    pub fn channels_config(&self) -> ChannelsConfig {
        self.endpoints().channels_config()
    }

    /// `n` paid orders on each marketplace, spread evenly over the `span` before now: a
    /// shop that sold before orderdeck was connected.
    pub fn add_backlog(&self, n: usize, span: chrono::Duration) {
        const CHUNK: usize = 50;
        let now = chrono::Utc::now();
        let chunks = n.div_ceil(CHUNK).max(1);
        for i in 0..chunks {
            let size = CHUNK.min(n - i * CHUNK);
            // Oldest first; the newest chunk a minute before now.
            let at = now
                - chrono::Duration::minutes(1)
                - span * i32::try_from(chunks - 1 - i).unwrap_or(0)
                    / i32::try_from(chunks).unwrap_or(1);
            self.shopee_add_orders(size, at, "READY_TO_SHIP");
            self.lazada_add_orders_in(size, at, "pending");
            self.tiktok_add_orders(size, at, "AWAITING_SHIPMENT");
        }
    }

    /// Tokens for the Shopee shop, as if the seller had just authorised the app.
    pub fn shopee_authorize(&self) -> TokenPair {
        lock(&self.state.shopee).authorize(chrono::Utc::now())
    }

    /// A fresh Shopee authorisation code (10 minutes, once), as the consent redirect
    /// would carry.
    pub fn shopee_auth_code(&self) -> String {
        lock(&self.state.shopee).new_code(chrono::Utc::now())
    }

    /// Every access token the platform handed out stops working now (refresh tokens
    /// still do).
    pub fn expire_channel_tokens(&self, kind: ChannelKind) {
        match kind {
            ChannelKind::Shopee => lock(&self.state.shopee).expire_tokens(chrono::Utc::now()),
            ChannelKind::Lazada => lock(&self.state.lazada).expire_tokens(chrono::Utc::now()),
            ChannelKind::TikTok => lock(&self.state.tiktok).expire_tokens(chrono::Utc::now()),
            // Storefronts use long-lived admin keys: nothing to expire.
            ChannelKind::Haravan
            | ChannelKind::Sapo
            | ChannelKind::WooCommerce
            | ChannelKind::Shopify => {}
        }
    }

    /// How many token refreshes the platform carried out.
    pub fn channel_refresh_count(&self, kind: ChannelKind) -> usize {
        match kind {
            ChannelKind::Shopee => lock(&self.state.shopee).refresh_count(),
            ChannelKind::Lazada => lock(&self.state.lazada).refresh_count(),
            ChannelKind::TikTok => lock(&self.state.tiktok).refresh_count(),
            ChannelKind::Haravan
            | ChannelKind::Sapo
            | ChannelKind::WooCommerce
            | ChannelKind::Shopify => 0,
        }
    }

    /// Shopee order numbers updated within `[from, to]` (Unix seconds, inclusive).
    pub fn shopee_orders_updated(&self, from: i64, to: i64) -> Vec<String> {
        lock(&self.state.shopee).orders_updated(from, to)
    }

    pub fn shopee_order_count(&self) -> usize {
        lock(&self.state.shopee).order_count()
    }

    pub fn shopee_item_count(&self) -> usize {
        lock(&self.state.shopee).item_count()
    }

    /// Moves a Shopee order to `status`, updated now. False when there is no such order.
    pub fn shopee_set_order_status(&self, order_sn: &str, status: &str) -> bool {
        lock(&self.state.shopee).set_order_status(order_sn, status, chrono::Utc::now())
    }

    /// Adds `n` Shopee orders in `status`, updated at `at` and just before; their numbers.
    pub fn shopee_add_orders(
        &self,
        n: usize,
        at: chrono::DateTime<chrono::Utc>,
        status: &str,
    ) -> Vec<String> {
        lock(&self.state.shopee).add_orders(n, at, status)
    }

    /// The buyer of a Shopee order changes its delivery street (updated now).
    pub fn shopee_set_address(&self, order_sn: &str, street: &str) -> bool {
        lock(&self.state.shopee).set_address(order_sn, street, chrono::Utc::now())
    }

    /// Seller stock of a Shopee model (model 0: an item without models).
    pub fn shopee_stock(&self, item_id: i64, model_id: i64) -> Option<i64> {
        lock(&self.state.shopee).stock(item_id, model_id)
    }

    /// The `add_item` body Shopee received for the listing with this SKU.
    pub fn shopee_add_item_request(&self, sku: &str) -> Option<serde_json::Value> {
        lock(&self.state.shopee).add_item_request(sku)
    }

    /// A signed order-status push for `order_sn` as Shopee would send it to
    /// `callback_url`: (Authorization header, raw body).
    pub fn shopee_push(&self, callback_url: &str, order_sn: &str) -> Option<(String, Vec<u8>)> {
        lock(&self.state.shopee).push(callback_url, order_sn)
    }

    // --- shopee fulfilment

    /// How many times Shopee actually arranged a package of this order (`ship_order`
    /// and `mass_ship_order` calls carried out, replies lost or not).
    pub fn shopee_arranged_count(&self, order_id: &str) -> usize {
        lock(&self.state.shopee).shopee_arranged_count(order_id)
    }

    /// The fulfilment status of the order's (first) package now, e.g.
    /// `LOGISTICS_REQUEST_CREATED`. None when there is no such order.
    pub fn shopee_package_status(&self, order_id: &str) -> Option<String> {
        self.shopee_packages(order_id)
            .into_iter()
            .next()
            .map(|(_, s)| s)
    }

    /// Every package of the order: (package_number, fulfilment status). Two for a
    /// split order.
    pub fn shopee_packages(&self, order_id: &str) -> Vec<(String, String)> {
        lock(&self.state.shopee).shopee_packages(order_id, chrono::Utc::now())
    }

    /// The buyer asks to cancel the order (it goes IN_CANCEL with `reason`). False when
    /// there is no such order or it is past the point a buyer can ask.
    pub fn shopee_request_cancel(&self, order_id: &str, reason: &str) -> bool {
        lock(&self.state.shopee).shopee_request_cancel(order_id, reason, chrono::Utc::now())
    }

    /// From now on the order's recipient name, phone and address come back masked.
    pub fn shopee_mask_buyer(&self, order_id: &str) -> bool {
        lock(&self.state.shopee).shopee_mask_buyer(order_id, chrono::Utc::now())
    }

    /// Order numbers that can be arranged now (READY_TO_SHIP, every package waiting).
    pub fn shopee_ready_orders(&self) -> Vec<String> {
        lock(&self.state.shopee).shopee_ready_orders(chrono::Utc::now())
    }

    /// The seller's decisions on the order's cancellation request (ACCEPT / REJECT), in
    /// the order Shopee carried them out.
    pub fn shopee_cancel_decisions(&self, order_id: &str) -> Vec<String> {
        lock(&self.state.shopee).shopee_cancel_decisions(order_id)
    }

    /// How many `get_shipping_document_result` polls a new document stays PROCESSING
    /// (default 1).
    pub fn shopee_set_document_polls(&self, polls: u32) {
        lock(&self.state.shopee).fulfil.document_polls = polls;
    }

    /// How many `get_tracking_number` polls after arranging still come back empty
    /// (default 1).
    pub fn shopee_set_tracking_polls(&self, polls: u32) {
        lock(&self.state.shopee).fulfil.tracking_polls = polls;
    }

    /// `mass_ship_order` answers with its lists at the top level (true) or under
    /// `response` (false, the default): the doc shows both.
    pub fn shopee_mass_ship_top_level(&self, on: bool) {
        lock(&self.state.shopee).fulfil.mass_top_level = on;
    }

    /// `[channels.lazada]` pointing here: gateway and auth host both on loopback.
    pub fn lazada_config(&self) -> LazadaConfig {
        self.endpoints().lazada_config()
    }

    /// Tokens for the Lazada seller, as if just authorised.
    pub fn lazada_authorize(&self) -> TokenPair {
        lock(&self.state.lazada).authorize(chrono::Utc::now())
    }

    /// A fresh Lazada authorisation code (30 minutes, once).
    pub fn lazada_auth_code(&self) -> String {
        lock(&self.state.lazada).new_code(chrono::Utc::now())
    }

    /// Lazada order ids updated within `[from, to)` (Unix seconds).
    pub fn lazada_orders_updated(&self, from: i64, to: i64) -> Vec<String> {
        lock(&self.state.lazada).orders_updated(from, to)
    }

    pub fn lazada_order_count(&self) -> usize {
        lock(&self.state.lazada).order_count()
    }

    pub fn lazada_product_count(&self) -> usize {
        lock(&self.state.lazada).product_count()
    }

    /// Adds `n` Lazada orders all updated at `at` (past the 5000-offset cap in one go).
    pub fn lazada_add_orders(&self, n: usize, at: chrono::DateTime<chrono::Utc>) {
        lock(&self.state.lazada).add_orders(n, at);
    }

    /// Adds `n` Lazada orders with every item in `status` (e.g. `pending`), updated at
    /// `at` and just before; their ids.
    pub fn lazada_add_orders_in(
        &self,
        n: usize,
        at: chrono::DateTime<chrono::Utc>,
        status: &str,
    ) -> Vec<i64> {
        lock(&self.state.lazada).add_orders_in(n, at, status)
    }

    /// The buyer of a Lazada order changes its delivery street (updated now).
    pub fn lazada_set_address(&self, order_id: i64, street: &str) -> bool {
        lock(&self.state.lazada).set_address(order_id, street, chrono::Utc::now())
    }

    /// Sets one Lazada order item's status (by its place in the order), updated now.
    pub fn lazada_set_item_status(&self, order_id: i64, index: usize, status: &str) -> bool {
        lock(&self.state.lazada).set_item_status(order_id, index, status, chrono::Utc::now())
    }

    /// Sellable quantity of a Lazada SKU.
    pub fn lazada_stock(&self, seller_sku: &str) -> Option<i64> {
        lock(&self.state.lazada).stock(seller_sku)
    }

    /// The XML payload `/product/create` received for the product with this SKU.
    pub fn lazada_create_request(&self, seller_sku: &str) -> Option<String> {
        lock(&self.state.lazada).create_request(seller_sku)
    }

    /// A signed trade-order push for `order_id`: (Authorization header, raw body).
    pub fn lazada_push(&self, order_id: i64) -> Option<(String, Vec<u8>)> {
        lock(&self.state.lazada).push(order_id)
    }

    // --- lazada fulfilment

    /// How many times Lazada packed (arranged) this order's parcel: Pack calls that made
    /// a package for it, replies lost or not.
    pub fn lazada_arranged_count(&self, order_id: &str) -> usize {
        lock(&self.state.lazada).arranged_count(order_id)
    }

    /// The status of the order's packaged items (`packed`, `ready_to_ship`, `shipped`,
    /// `delivered` …); None before Pack.
    pub fn lazada_package_status(&self, order_id: &str) -> Option<String> {
        lock(&self.state.lazada).package_status(order_id, chrono::Utc::now())
    }

    /// The order's package id (`FP…`), None before Pack.
    pub fn lazada_package_id(&self, order_id: &str) -> Option<String> {
        lock(&self.state.lazada).package_of(order_id)
    }

    /// The buyer asks to cancel (a reverse order of type CANCEL waiting on the seller).
    /// False when the order is unknown, already shipped or already has a request.
    pub fn lazada_request_cancel(&self, order_id: &str, reason: &str) -> bool {
        lock(&self.state.lazada).request_cancel(order_id, reason, chrono::Utc::now())
    }

    /// The order's buyer name and phone come back masked (`L***`, `84******123`).
    pub fn lazada_mask_buyer(&self, order_id: &str) -> bool {
        lock(&self.state.lazada).mask_buyer(order_id, chrono::Utc::now())
    }

    /// Orders whose live items all wait for Pack now.
    pub fn lazada_ready_orders(&self) -> Vec<String> {
        lock(&self.state.lazada).ready_orders(chrono::Utc::now())
    }

    /// PrintAWB answers a new package without a file this many times first (default 1).
    pub fn lazada_set_document_polls(&self, polls: u32) {
        lock(&self.state.lazada).fulfil.document_polls = polls;
    }

    /// The shop becomes cross-border (NTFS: the seller picks a provider) or local (TFS).
    pub fn lazada_set_cross_border(&self, on: bool) {
        lock(&self.state.lazada).fulfil.cross_border = on;
    }

    /// Every `pdf_url` handed out so far expires now (as 10 minutes later).
    pub fn lazada_expire_awb_links(&self) {
        lock(&self.state.lazada).expire_awb_links(chrono::Utc::now());
    }

    /// `[channels.tiktok]` pointing here (open API and token host both on loopback).
    /// `shop_cipher` is left empty so the client looks it up.
    pub fn tiktok_config(&self) -> TikTokConfig {
        self.endpoints().tiktok_config()
    }

    /// The simulated shop's cipher and warehouse.
    pub fn tiktok_shop(&self) -> (&'static str, &'static str) {
        (tiktok::SHOP_CIPHER, tiktok::WAREHOUSE_ID)
    }

    /// Tokens for the TikTok shop, as if just authorised.
    pub fn tiktok_authorize(&self) -> TokenPair {
        lock(&self.state.tiktok).authorize(chrono::Utc::now())
    }

    /// A fresh TikTok Shop auth code (30 minutes, once).
    pub fn tiktok_auth_code(&self) -> String {
        lock(&self.state.tiktok).new_code(chrono::Utc::now())
    }

    /// TikTok order ids updated within `[from, to)` (Unix seconds).
    pub fn tiktok_orders_updated(&self, from: i64, to: i64) -> Vec<String> {
        lock(&self.state.tiktok).orders_updated(from, to)
    }

    pub fn tiktok_order_count(&self) -> usize {
        lock(&self.state.tiktok).order_count()
    }

    /// Adds `n` TikTok orders in `status`, updated at `at` and just before; their ids.
    pub fn tiktok_add_orders(
        &self,
        n: usize,
        at: chrono::DateTime<chrono::Utc>,
        status: &str,
    ) -> Vec<String> {
        lock(&self.state.tiktok).add_orders(n, at, status)
    }

    /// The buyer of a TikTok order changes its delivery street (updated now).
    pub fn tiktok_set_address(&self, id: &str, street: &str) -> bool {
        lock(&self.state.tiktok).set_address(id, street, chrono::Utc::now())
    }

    /// Moves a TikTok order to `status`, updated now.
    pub fn tiktok_set_order_status(&self, id: &str, status: &str) -> bool {
        lock(&self.state.tiktok).set_order_status(id, status, chrono::Utc::now())
    }

    /// A TikTok SKU's stock per warehouse.
    pub fn tiktok_warehouses(&self, seller_sku: &str) -> Vec<(String, i64)> {
        lock(&self.state.tiktok).warehouses(seller_sku)
    }

    pub fn tiktok_stock(&self, seller_sku: &str) -> Option<i64> {
        lock(&self.state.tiktok).stock(seller_sku)
    }

    /// The body `POST /product/202309/products` received for the product with this SKU.
    pub fn tiktok_create_request(&self, seller_sku: &str) -> Option<serde_json::Value> {
        lock(&self.state.tiktok).create_request(seller_sku)
    }

    /// A signed order-status webhook for `id`: (Authorization header, raw body).
    pub fn tiktok_webhook(&self, id: &str) -> Option<(String, Vec<u8>)> {
        lock(&self.state.tiktok).webhook(id)
    }

    // --- tiktok fulfilment

    /// How many times TikTok Shop actually shipped (arranged) this order's package:
    /// accepted Ship calls, one or batch, replies lost or not.
    pub fn tiktok_arranged_count(&self, order_id: &str) -> usize {
        lock(&self.state.tiktok).arranged_count(order_id)
    }

    /// The order's package status now (`TO_FULFILL`, `PROCESSING`, `FULFILLING`,
    /// `COMPLETED`, `CANCELLED`); None for an unknown or unpaid order.
    pub fn tiktok_package_status(&self, order_id: &str) -> Option<String> {
        lock(&self.state.tiktok).package_status_of(order_id)
    }

    /// The order's package id (made when the buyer paid); None when unpaid or unknown.
    pub fn tiktok_package_id(&self, order_id: &str) -> Option<String> {
        lock(&self.state.tiktok).package_id_of(order_id)
    }

    /// The buyer asks to cancel (a BUYER_CANCEL request waiting on the seller).
    /// `reason`: a buyer reason name (`ecom_order_to_ship_canceled_reason_…`) or any
    /// text. False when the order is unknown, picked up already or has a request.
    pub fn tiktok_request_cancel(&self, order_id: &str, reason: &str) -> bool {
        let id = self.state.random_text(b"0123456789", 18);
        lock(&self.state.tiktok).request_cancel(
            order_id,
            reason,
            chrono::Utc::now(),
            format!("5{id}"),
        )
    }

    /// From now on the order's recipient name and phone come back masked
    /// (`N***n`, `(+84)90*****12`), as under platform logistics.
    pub fn tiktok_mask_buyer(&self, order_id: &str) -> bool {
        lock(&self.state.tiktok).mask_buyer(order_id, chrono::Utc::now())
    }

    /// Orders whose package can be shipped now (AWAITING_SHIPMENT, TO_FULFILL, no
    /// pending cancellation request).
    pub fn tiktok_ready_orders(&self) -> Vec<String> {
        lock(&self.state.tiktok).ready_orders()
    }

    /// A package shipped from now on answers its document with `11034037` (still
    /// generating) this many times first (default 1).
    pub fn tiktok_set_document_polls(&self, polls: u32) {
        lock(&self.state.tiktok).fulfil.doc_polls = polls;
    }

    /// What handover the order's package offers (default: both).
    pub fn tiktok_set_handover(&self, order_id: &str, pickup: bool, drop_off: bool) -> bool {
        lock(&self.state.tiktok).set_handover(order_id, pickup, drop_off)
    }

    /// The order becomes seller-shipped (`shipping_type` SELLER).
    pub fn tiktok_set_seller_shipping(&self, order_id: &str) -> bool {
        lock(&self.state.tiktok).set_seller_shipping(order_id, chrono::Utc::now())
    }

    /// Handover slots spell their flag `available` (true) or, as documented,
    /// `avaliable` (false, the default).
    pub fn tiktok_spell_slots_available(&self, on: bool) {
        lock(&self.state.tiktok).fulfil.spell_available = on;
    }

    /// Makes a buyer do `activity` on `kind`'s platform now, as the activity stream
    /// does: the order's external id (Shopee order_sn, Lazada / TikTok order id), or
    /// None when there is no recent unshipped order to cancel or move.
    pub fn channel_step(&self, kind: ChannelKind, activity: Activity) -> Option<String> {
        activity::step(&self.state, kind, activity)
    }

    /// What the activity stream (and [`SimHandle::channel_step`]) has done so far.
    pub fn channel_activity(&self) -> ActivityCounts {
        lock(&self.state.activity).counts
    }

    /// `[smtp]` pointing at the mail sink: plain SMTP on loopback, with its log-in.
    pub fn smtp_config(&self) -> SmtpConfig {
        self.endpoints().smtp_config()
    }

    /// Every message the mail sink accepted, oldest first.
    pub fn sent_mail(&self) -> Vec<SentMail> {
        lock(&self.state.smtp).mail.clone()
    }

    /// From now on the mail sink refuses `address` at RCPT TO with 550 (user unknown).
    pub fn reject_recipient(&self, address: &str) {
        lock(&self.state.smtp)
            .reject
            .insert(address.trim().to_lowercase());
    }

    pub fn faults(&self) -> Faults {
        self.state.faults.clone()
    }

    /// Carrier orders held (every create that was carried out, replies lost or not).
    pub fn order_count(&self, kind: CarrierKind) -> usize {
        match kind {
            CarrierKind::Ghn => lock(&self.state.ghn).order_count(),
            CarrierKind::ViettelPost => lock(&self.state.vtp).order_count(),
        }
    }

    /// How many orders carry this client order code (GHN) / reference (VTP).
    pub fn orders_with_code(&self, kind: CarrierKind, client_order_code: &str) -> usize {
        match kind {
            CarrierKind::Ghn => lock(&self.state.ghn).count_code(client_order_code),
            CarrierKind::ViettelPost => lock(&self.state.vtp).count_reference(client_order_code),
        }
    }

    /// The create body the carrier received for a parcel, as sent (for tests to check
    /// what went over the wire): by tracking number, or by client order code (GHN) /
    /// reference (VTP, the latest order with it). None when there is no such parcel.
    pub fn create_request(&self, kind: CarrierKind, number: &str) -> Option<serde_json::Value> {
        match kind {
            CarrierKind::Ghn => lock(&self.state.ghn).request(number),
            CarrierKind::ViettelPost => lock(&self.state.vtp).request(number),
        }
    }

    /// How many calls reached this path (`/rest/order/get` …) so far.
    /// Every API call received so far, all paths together (`/_sim/…` aside).
    pub fn call_count(&self) -> usize {
        lock(&self.state.calls).values().sum()
    }

    pub fn calls_to(&self, path: &str) -> usize {
        lock(&self.state.calls).get(path).copied().unwrap_or(0)
    }

    /// Every API call received so far (not `/_sim/…`), oldest first, as it arrived — the
    /// last [`MAX_RECORDED_REQUESTS`] of them. Recorded before any fault is applied, so
    /// a call answered with an injected error is here too.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).iter().cloned().collect()
    }

    /// The recorded calls whose path ends with `path` (`"/v2/shipping-order/fee"`),
    /// oldest first: see [`SimHandle::requests`].
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        lock(&self.state.requests)
            .iter()
            .filter(|r| r.path.ends_with(path))
            .cloned()
            .collect()
    }

    /// What GHN would take but treat as a mistake so far (heavy goods for a light parcel).
    pub fn ghn_flags(&self) -> Vec<String> {
        lock(&self.state.ghn).flags()
    }

    /// What the carrier will collect from the receiver for a parcel (by tracking number
    /// or client order code): the COD, and the carrier's fee when the receiver pays it.
    pub fn receiver_pays(&self, kind: CarrierKind, number: &str) -> Option<i64> {
        match kind {
            CarrierKind::Ghn => lock(&self.state.ghn).receiver_pays(number),
            CarrierKind::ViettelPost => lock(&self.state.vtp).receiver_pays(number),
        }
    }

    /// Holds a parcel at `status` from now on (GHN: `"delivery_fail"`; VTP: `"506"`).
    /// False when there is no such parcel or status.
    pub fn set_status(&self, kind: CarrierKind, tracking_number: &str, status: &str) -> bool {
        match kind {
            CarrierKind::Ghn => ghn::force_status(&self.state, tracking_number, status),
            CarrierKind::ViettelPost => {
                viettel_post::force_status(&self.state, tracking_number, status)
            }
        }
    }

    /// Forgets every Viettel Post token handed out, as if they had expired.
    pub fn expire_viettel_post_tokens(&self) {
        lock(&self.state.vtp).expire_tokens();
    }

    /// Stops accepting calls; calls in flight get a second to finish.
    pub async fn shutdown(mut self) {
        self.smtp_task.abort();
        if let Some(task) = self.activity_task.take() {
            task.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(1), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.smtp_task.abort();
        if let Some(task) = self.activity_task.take() {
            task.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // Held-back replies (timeout faults) would keep it alive for their delay.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn target_of(path: &str) -> Option<Target> {
    if let Some(kind) = storefront::kind_of_path(path) {
        Some(Target::Channel(kind))
    } else if path.starts_with("/shiip/") || path.starts_with("/a5/") {
        Some(Target::Carrier(CarrierKind::Ghn))
    } else if path.starts_with("/v2/") || path.starts_with("/DigitalizePrint/") {
        Some(Target::Carrier(CarrierKind::ViettelPost))
    } else if path.starts_with("/services/einvoiceapplication/") || path == "/auth/login" {
        Some(Target::Invoice(ProviderKind::SInvoice))
    } else if path.starts_with("/api/integration/") || path.starts_with("/misa-view/") {
        Some(Target::Invoice(ProviderKind::Misa))
    } else if path.starts_with("/api/v2/token/")
        || path.starts_with("/authorization/")
        || path.starts_with("/order/202309/")
        || path.starts_with("/product/202309/")
        || path.starts_with("/fulfillment/202309/")
        || path.starts_with("/return_refund/202309/")
    {
        Some(Target::Channel(ChannelKind::TikTok))
    } else if path.starts_with("/api/v2/") {
        Some(Target::Channel(ChannelKind::Shopee))
    } else if path.starts_with("/rest/") {
        Some(Target::Channel(ChannelKind::Lazada))
    } else {
        None
    }
}

/// `GET /_sim/requests?path=SUFFIX`: what went over the wire, for a person checking a
/// request by hand (tests use [`SimHandle::requests_to`]).
async fn recorded_requests(
    State(state): State<Arc<SimState>>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let suffix = q.get("path").map(String::as_str).unwrap_or("");
    let list: Vec<serde_json::Value> = lock(&state.requests)
        .iter()
        .filter(|r| r.path.ends_with(suffix))
        .map(|r| {
            serde_json::json!({
                "method": r.method,
                "path": r.path,
                "query": r.query,
                "body": r.body,
            })
        })
        .collect();
    Json(serde_json::Value::Array(list)).into_response()
}

/// Records every API call (not `/_sim/…`) and applies the fault settings to it.
async fn inject_faults(State(state): State<Arc<SimState>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    *lock(&state.calls).entry(path.clone()).or_default() += 1;
    // The body is read once here, recorded, and handed on unchanged.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REQUEST_BODY).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the simulator reads request bodies up to {MAX_REQUEST_BODY} bytes"),
        )
            .into_response();
    };
    {
        let recorded = RecordedRequest::new(&parts, &bytes);
        let mut requests = lock(&state.requests);
        if requests.len() >= MAX_RECORDED_REQUESTS {
            requests.pop_front();
        }
        requests.push_back(recorded);
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let Some(target) = target_of(&path) else {
        return next.run(req).await;
    };
    // The calls that make something (a shipment, an invoice): only these get
    // accept-then-timeout.
    let is_create = path.ends_with("/v2/shipping-order/create")
        || path.ends_with("/v2/order/createOrder")
        || path.ends_with("/v2/order/createOrderNlp")
        || path.contains("/InvoiceAPI/InvoiceWS/createInvoice/")
        || path == "/api/integration/invoice"
        || path == "/api/v2/product/add_item"
        || path == "/api/v2/logistics/ship_order"
        || path == "/api/v2/logistics/mass_ship_order"
        || path == "/api/v2/logistics/create_shipping_document"
        || path == "/api/v2/order/handle_buyer_cancellation"
        || path == "/rest/product/create"
        || path == "/product/202309/products"
        || path == "/rest/order/fulfill/pack"
        || path == "/rest/order/package/rts"
        || path == "/rest/order/reverse/cancel/seller/decide"
        || (path.starts_with("/fulfillment/202309/packages/") && path.ends_with("/ship"))
        || (path.starts_with("/return_refund/202309/cancellations/")
            && (path.ends_with("/approve") || path.ends_with("/reject")));
    let decision = state.faults.decide_for(target, &path, is_create);
    if decision.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(decision.latency_ms)).await;
    }
    let Some(fault) = decision.fault else {
        return next.run(req).await;
    };
    tracing::debug!(?fault, path, "simulated fault");
    match fault {
        Fault::Timeout { delay_ms } => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            (StatusCode::GATEWAY_TIMEOUT, "504 Gateway Time-out").into_response()
        }
        Fault::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                [(header::CONTENT_TYPE, "text/html")],
                format!("<html><body><h1>{status}</h1></body></html>"),
            )
                .into_response()
        }
        Fault::RateLimited { retry_after_secs } => match target {
            Target::Channel(ChannelKind::Shopee) => shopee::rate_limited(retry_after_secs),
            Target::Channel(ChannelKind::Lazada) => lazada::rate_limited(retry_after_secs),
            Target::Channel(ChannelKind::TikTok) => tiktok::rate_limited(retry_after_secs),
            _ => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                "Too Many Requests",
            )
                .into_response(),
        },
        Fault::Malformed => {
            let (mut parts, body) = next.run(req).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(half))
        }
        Fault::AcceptThenTimeout { delay_ms } => {
            let reply = next.run(req).await;
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            reply
        }
    }
}

/// A fresh authorisation code for a marketplace, as its consent page would hand out.
async fn auth_code(
    State(state): State<Arc<SimState>>,
    axum::extract::Path(channel): axum::extract::Path<String>,
) -> Response {
    let now = chrono::Utc::now();
    let code = match ChannelKind::parse(&channel) {
        Some(ChannelKind::Shopee) => lock(&state.shopee).new_code(now),
        Some(ChannelKind::Lazada) => lock(&state.lazada).new_code(now),
        Some(ChannelKind::TikTok) => lock(&state.tiktok).new_code(now),
        Some(
            ChannelKind::Haravan
            | ChannelKind::Sapo
            | ChannelKind::WooCommerce
            | ChannelKind::Shopify,
        )
        | None => {
            return (
                StatusCode::NOT_FOUND,
                Json(json!({ "error": format!("no marketplace {channel:?}") })),
            )
                .into_response();
        }
    };
    Json(json!({ "code": code })).into_response()
}

async fn health(State(state): State<Arc<SimState>>) -> Json<serde_json::Value> {
    Json(json!({
        "ok": true,
        "ghn_orders": lock(&state.ghn).order_count(),
        "viettelpost_orders": lock(&state.vtp).order_count(),
        "sinvoice_invoices": lock(&state.sinvoice).invoice_count(),
        "misa_invoices": lock(&state.misa).invoice_count(),
        "shopee_orders": lock(&state.shopee).order_count(),
        "shopee_items": lock(&state.shopee).item_count(),
        "lazada_orders": lock(&state.lazada).order_count(),
        "lazada_products": lock(&state.lazada).product_count(),
        "tiktok_orders": lock(&state.tiktok).order_count(),
        "tiktok_products": lock(&state.tiktok).product_count(),
        "storefront_orders": ChannelKind::STOREFRONTS
            .iter()
            .filter_map(|k| Some((k.code(), lock(state.storefronts.store(*k)?).orders.len())))
            .collect::<std::collections::BTreeMap<_, _>>(),
        "smtp_messages": lock(&state.smtp).mail.len(),
        "channel_activity": lock(&state.activity).counts,
        "seed": state.opts.seed,
        "speed": state.opts.speed,
    }))
}

async fn get_faults(State(state): State<Arc<SimState>>) -> Json<FaultSpec> {
    Json(state.faults.get())
}

async fn set_faults(State(state): State<Arc<SimState>>, body: Bytes) -> Response {
    match serde_json::from_slice::<FaultSpec>(&body) {
        Ok(spec) => {
            state.faults.set(spec.clone());
            Json(spec).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": format!("not a fault spec: {e}") })),
        )
            .into_response(),
    }
}

async fn clear_faults(State(state): State<Arc<SimState>>) -> Json<FaultSpec> {
    state.faults.clear();
    Json(state.faults.get())
}

async fn force_status(State(state): State<Arc<SimState>>, body: Bytes) -> Response {
    let parsed = body::object(&body).and_then(|v| {
        let carrier = body::required_text(&v, "carrier")?;
        let kind = CarrierKind::parse(&carrier).ok_or(format!("unknown carrier {carrier:?}"))?;
        let tracking = body::required_text(&v, "tracking_number")?;
        let status = match v.get("status") {
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => body::required_text(&v, "status")?,
        };
        Ok((kind, tracking, status))
    });
    let (kind, tracking, status) = match parsed {
        Ok(p) => p,
        Err(e) => return (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response(),
    };
    let done = match kind {
        CarrierKind::Ghn => ghn::force_status(&state, &tracking, &status),
        CarrierKind::ViettelPost => viettel_post::force_status(&state, &tracking, &status),
    };
    if done {
        Json(json!({ "ok": true })).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("no {} parcel {tracking} or no status {status}", kind.code()) })),
        )
            .into_response()
    }
}
