//! TikTok Shop Partner API, version 202309 (reference §3).
//!
//! Every call carries `app_key`, `timestamp` (Unix seconds) and `sign` in the query, and
//! shop-scoped calls `shop_cipher`; the seller token travels in the `x-tts-access-token`
//! header and is not signed. The sign covers the path, the sorted query (minus `sign` and
//! `access_token`) and the JSON body **exactly as sent**, so the body is serialised once
//! and those bytes are both signed and sent (`signing::tiktok_sign`). Replies are
//! `{code: 0, message, request_id, data}`, often with HTTP 200 on failure too.
//!
//! - Orders: `POST /order/202309/orders/search` with `update_time_ge` / `update_time_lt` in
//!   the body and `page_size` (≤ 100) / `page_token` in the query; details from
//!   `GET /order/202309/orders?ids=…` (≤ 50). Line items are units; units of one SKU at one
//!   price become one line.
//! - Listings: `POST /product/202309/products/search` (`seller_skus` finds one SKU).
//! - Stock: `POST /product/202309/products/{id}/inventory/update`, one product per call;
//!   per-SKU failures in `data.errors`. The product is read first (`GET
//!   /product/202309/products/{id}`): only an ACTIVATE product is pushed to, and each SKU's
//!   update names every warehouse it is assigned to, as the reference requires — the whole
//!   quantity on `warehouse_id` (else the SKU's first warehouse), 0 on the others.
//! - Tokens: `GET {auth_url}/api/v2/token/get` and `/api/v2/token/refresh`, unsigned, with
//!   the app secret in the query (so no URL is ever logged); the expiries in the reply are
//!   absolute Unix times. `105002` (token expired) triggers one refresh.
//! - `shop_cipher`: from the config, else from `GET /authorization/202309/shops` (first
//!   shop), fetched once.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

use super::signing;
use super::{
    AppSettings, ChannelBuyer, ChannelError, ChannelKind, ChannelLine, ChannelOrder, ChannelResult,
    ChannelStatus, ChannelTotals, Listing, ListingPage, NewListing, OrderPage, OrderRef,
    PageCursor, RetryPolicy, SalesChannel, Secret, StockPush, StockPushResult, TimeRange,
    TokenKeeper, TokenPair, WebhookEvent, status_refusal,
};
use crate::carrier::redact;
use crate::http::{self, Reply};
use orderdeck_domain::intake::Address;

pub mod chat;
mod fulfil;
mod replies;
use replies::*;

pub(crate) const CHANNEL: &str = "TikTok Shop";

const PAGE_SIZE: usize = 100;
const DETAIL_BATCH: usize = 50;
const EARLY_REFRESH_SECS: i64 = 60;
/// The documented range of one inventory figure (0 is used for "sold out"; the doc's
/// range starts at 1, see the progress notes).
const MAX_QTY: u32 = 99_999;

fn default_base_url() -> String {
    "https://open-api.tiktokglobalshop.com".into()
}

fn default_auth_url() -> String {
    "https://auth.tiktok-shops.com".into()
}

/// `[channels.tiktok]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TikTokConfig {
    /// `https://open-api.tiktokglobalshop.com` (the only environment, and the default).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// `https://auth.tiktok-shops.com` (token get and refresh; the default).
    #[serde(default = "default_auth_url")]
    pub auth_url: String,
    pub app_key: String,
    pub app_secret: String,
    /// The shop's cipher (Get Authorized Shops); empty: looked up on first use.
    #[serde(default)]
    pub shop_cipher: String,
    /// The warehouse stock is pushed to; unset for a shop with one warehouse.
    pub warehouse_id: Option<String>,
    pub timeout_secs: Option<u64>,
    /// The app's authorisation link as Partner Center shows it
    /// (`https://services.tiktokshop.com/open/authorize?service_id=…`); with it the console
    /// offers the link when a shop must be authorised again.
    #[serde(default)]
    pub authorize_url: Option<String>,
    /// The app was granted the Customer Service API (a custom API, inactive by default:
    /// applied for through the Partner Manager or Account Manager; shop owner account
    /// only; `customer-channels.md` §5.1). Off: the desk does not use TikTok buyer chat
    /// and the Channels pane says why.
    #[serde(default)]
    pub chat: bool,
}

impl std::fmt::Debug for TikTokConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TikTokConfig")
            .field("base_url", &self.base_url)
            .field("auth_url", &self.auth_url)
            .field("app_key", &self.app_key)
            .field("app_secret", &redact(&self.app_secret))
            .field("shop_cipher", &self.shop_cipher)
            .field("warehouse_id", &self.warehouse_id)
            .field("timeout_secs", &self.timeout_secs)
            .field("authorize_url", &self.authorize_url)
            .field("chat", &self.chat)
            .finish()
    }
}

#[derive(Clone)]
pub struct TikTokClient {
    http: reqwest::Client,
    base: String,
    auth: String,
    app_key: Arc<str>,
    app_secret: Arc<str>,
    cipher: Arc<tokio::sync::Mutex<Option<String>>>,
    warehouse_id: Option<Arc<str>>,
    /// Partner Center's authorisation link, when configured.
    authorize: Option<reqwest::Url>,
    tokens: Arc<TokenKeeper>,
    retry: RetryPolicy,
}

impl std::fmt::Debug for TikTokClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TikTokClient")
            .field("base", &self.base)
            .field("auth", &self.auth)
            .field("app_key", &self.app_key)
            .field("app_secret", &redact(&self.app_secret))
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// A shop the seller authorised this app for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuthorizedShop {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub region: String,
    pub cipher: String,
}

type Query = Vec<(&'static str, String)>;

impl TikTokClient {
    pub fn new(cfg: &TikTokConfig, tokens: Arc<TokenKeeper>) -> ChannelResult<TikTokClient> {
        TikTokClient::with_timeout(cfg, tokens, http::timeout_from(cfg.timeout_secs))
    }

    pub fn with_timeout(
        cfg: &TikTokConfig,
        tokens: Arc<TokenKeeper>,
        timeout: Duration,
    ) -> ChannelResult<TikTokClient> {
        let app = AppSettings::checked(
            ChannelKind::TikTok,
            [&cfg.base_url, &cfg.auth_url, &cfg.app_key, &cfg.app_secret],
            &tokens,
        )?;
        let missing = |detail: &str| ChannelError::NotConfigured {
            channel: CHANNEL,
            detail: detail.to_string(),
        };
        if !matches!(app.base.path(), "" | "/") || !matches!(app.auth.path(), "" | "/") {
            return Err(missing(
                "channels.tiktok.base_url and auth_url must be hosts alone (paths are signed)",
            ));
        }
        let cipher = Some(cfg.shop_cipher.trim().to_string()).filter(|c| !c.is_empty());
        Ok(TikTokClient {
            http: http::build_client(CHANNEL, timeout)?,
            base: app.base.origin().ascii_serialization(),
            auth: app.auth.origin().ascii_serialization(),
            app_key: app.key,
            app_secret: app.secret,
            cipher: Arc::new(tokio::sync::Mutex::new(cipher)),
            warehouse_id: cfg
                .warehouse_id
                .as_deref()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(Arc::from),
            authorize: match cfg.authorize_url.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(link) => Some(reqwest::Url::parse(link).map_err(|e| {
                    missing(&format!(
                        "channels.tiktok.authorize_url is not a link ({e}): copy it from \
                         Partner Center"
                    ))
                })?),
            },
            tokens,
            retry: RetryPolicy::default(),
        })
    }

    /// The page where the seller authorises this app — Partner Center's link with our
    /// `state` added — or `None` when `authorize_url` is not configured. TikTok Shop sends
    /// the seller back to the redirect URL registered with the app, with `?code=…`.
    pub fn auth_link(&self, state: &str) -> Option<String> {
        let mut url = self.authorize.clone()?;
        if !state.is_empty() {
            url.query_pairs_mut().append_pair("state", state);
        }
        Some(url.to_string())
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> TikTokClient {
        self.retry = retry;
        self
    }

    /// Checks a webhook's `Authorization` header (HMAC-SHA256 of app_key + raw body under
    /// the app secret, as two clients implement it) and reads it.
    pub fn verify_webhook(
        &self,
        body: &[u8],
        authorization: Option<&str>,
    ) -> ChannelResult<WebhookEvent> {
        let signed = authorization.is_some_and(|a| {
            signing::verify_tiktok_webhook(&self.app_key, &self.app_secret, body, a)
        });
        if !signed {
            return Err(ChannelError::Auth {
                channel: CHANNEL,
                message: "webhook signature does not match (not from TikTok Shop, or an \
                          altered body)"
                    .into(),
            });
        }
        parse_webhook(body)
    }

    /// The shops this app is authorised for (`/authorization/202309/shops`).
    pub async fn authorized_shops(&self) -> ChannelResult<Vec<AuthorizedShop>> {
        #[derive(Deserialize)]
        struct Shops {
            #[serde(default)]
            shops: Vec<AuthorizedShop>,
        }
        let v = self
            .call(Method::GET, "/authorization/202309/shops", Vec::new(), None)
            .await?;
        let shops: Shops = decode("shops", data(v))?;
        Ok(shops.shops)
    }

    async fn shop_cipher(&self) -> ChannelResult<String> {
        let mut cipher = self.cipher.lock().await;
        if let Some(c) = cipher.as_ref() {
            return Ok(c.clone());
        }
        let shops = self.authorized_shops().await?;
        let first = shops
            .into_iter()
            .next()
            .ok_or_else(|| ChannelError::NotConfigured {
                channel: CHANNEL,
                detail: "the app is authorised for no shop".into(),
            })?;
        *cipher = Some(first.cipher.clone());
        Ok(first.cipher)
    }

    // --------------------------------------------------------------------------------
    // Calls

    /// A shop call: `shop_cipher` added, then as [`TikTokClient::call`].
    /// Get Product, for what a stock push needs: its status and, per SKU, the
    /// warehouses it is assigned to.
    async fn product_stock(&self, product_id: &str) -> ChannelResult<ProductStock> {
        let path = format!("/product/202309/products/{product_id}");
        let v = self.shop_call(Method::GET, &path, Vec::new(), None).await?;
        decode("product", data(v))
    }

    /// One SKU's inventory entries: the whole quantity on one warehouse and 0 on each of
    /// its others, since the platform wants every assigned warehouse named and orderdeck
    /// keeps one available figure per SKU (a per-warehouse mapping is not built). The one
    /// is the configured `warehouse_id` — refused, not guessed, when the SKU is not in it —
    /// else, unconfigured, the lowest id, so it never moves between pushes. A SKU with no
    /// warehouse listed gets one entry without `warehouse_id` (a one-warehouse shop, where
    /// the reference lets it be left out).
    fn inventory_for(&self, warehouses: &[String], qty: u32) -> Result<Vec<Value>, String> {
        if warehouses.is_empty() {
            let mut one = json!({ "quantity": qty });
            if let Some(w) = &self.warehouse_id {
                one["warehouse_id"] = json!(w.as_ref());
            }
            return Ok(vec![one]);
        }
        let target = match self.warehouse_id.as_deref() {
            Some(w) if warehouses.iter().any(|x| x == w) => w.to_string(),
            Some(w) => {
                return Err(format!(
                    "not sent: on TikTok Shop this SKU is in warehouse(s) {}, not {w} \
                     (channels.tiktok.warehouse_id)",
                    warehouses.join(", ")
                ));
            }
            None => warehouses.iter().min().cloned().unwrap_or_default(),
        };
        Ok(warehouses
            .iter()
            .map(|w| json!({ "warehouse_id": w, "quantity": if *w == target { qty } else { 0 } }))
            .collect())
    }

    async fn shop_call(
        &self,
        method: Method,
        path: &str,
        mut query: Query,
        body: Option<&Value>,
    ) -> ChannelResult<Value> {
        query.push(("shop_cipher", self.shop_cipher().await?));
        self.call(method, path, query, body).await
    }

    /// A call with a fresh token, one refresh on expiry and waits on rate limits.
    async fn call(
        &self,
        method: Method,
        path: &str,
        query: Query,
        body: Option<&Value>,
    ) -> ChannelResult<Value> {
        // Serialised once: these bytes are signed and sent.
        let body_text = body.map(Value::to_string);
        let mut refreshed = false;
        let mut waits = 0;
        loop {
            let token = self.fresh_access_token().await?;
            match self
                .call_once(method.clone(), path, &token, &query, body_text.as_deref())
                .await
            {
                Err(ChannelError::TokenExpired { .. }) if !refreshed => {
                    refreshed = true;
                    self.refresh_after(Some(&token)).await?;
                }
                Err(e) => match self.retry.wait_for(&e, waits) {
                    Some(wait) => {
                        waits += 1;
                        tokio::time::sleep(wait).await;
                    }
                    None => return Err(e),
                },
                Ok(v) => return Ok(v),
            }
        }
    }

    async fn call_once(
        &self,
        method: Method,
        path: &str,
        token: &Secret,
        query: &Query,
        body: Option<&str>,
    ) -> ChannelResult<Value> {
        let mut q: Vec<(&str, String)> = vec![
            ("app_key", self.app_key.to_string()),
            ("timestamp", Utc::now().timestamp().to_string()),
        ];
        q.extend(query.iter().filter(|(_, v)| !v.is_empty()).cloned());
        let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let sign = signing::tiktok_sign(&self.app_secret, path, &pairs, body);
        q.push(("sign", sign));
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .query(&q)
            .header("x-tts-access-token", token.expose());
        if let Some(b) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b.to_string());
        }
        let reply = http::send(CHANNEL, path, request).await?;
        read_reply(&reply, false)
    }

    /// A token call on the auth host: unsigned, the secret in the query.
    async fn token_call(&self, path: &str, query: Query) -> ChannelResult<TokenPair> {
        let mut q: Query = vec![
            ("app_key", self.app_key.to_string()),
            ("app_secret", self.app_secret.to_string()),
        ];
        q.extend(query);
        let mut waits = 0;
        loop {
            let request = self.http.get(format!("{}{path}", self.auth)).query(&q);
            let reply = http::send(CHANNEL, path, request).await;
            let result = reply
                .map_err(ChannelError::from)
                .and_then(|r| read_reply(&r, true));
            match result {
                Ok(v) => return token_pair(data(v)),
                Err(e) => match self.retry.wait_for(&e, waits) {
                    Some(wait) => {
                        waits += 1;
                        tokio::time::sleep(wait).await;
                    }
                    None => return Err(e),
                },
            }
        }
    }

    async fn fresh_access_token(&self) -> ChannelResult<Secret> {
        let pair = self.tokens.pair().await?;
        if pair.access_expires_within(Utc::now(), chrono::Duration::seconds(EARLY_REFRESH_SECS)) {
            return Ok(self
                .refresh_after(Some(&pair.access_token))
                .await?
                .access_token);
        }
        Ok(pair.access_token)
    }

    async fn refresh_after(&self, stale: Option<&Secret>) -> ChannelResult<TokenPair> {
        self.tokens
            .refresh(stale, |refresh_token| async move {
                self.token_call(
                    "/api/v2/token/refresh",
                    vec![
                        ("refresh_token", refresh_token.expose().to_string()),
                        ("grant_type", "refresh_token".into()),
                    ],
                )
                .await
            })
            .await
    }

    async fn search_products(
        &self,
        page_token: &str,
        filter: Value,
    ) -> ChannelResult<(Vec<Listing>, String)> {
        let v = self
            .shop_call(
                Method::POST,
                "/product/202309/products/search",
                vec![
                    ("page_size", PAGE_SIZE.to_string()),
                    ("page_token", page_token.to_string()),
                ],
                Some(&filter),
            )
            .await?;
        let page: ProductPage = decode("products", data(v))?;
        let mut out = Vec::new();
        for p in page.products {
            if p.status == "DELETED" {
                continue;
            }
            for s in p.skus {
                let price = match s.price {
                    Some(pr) => {
                        let v = if pr.sale_price.is_null() {
                            &pr.tax_exclusive_price
                        } else {
                            &pr.sale_price
                        };
                        if v.is_null() {
                            None
                        } else {
                            Some(amount("price", v)?)
                        }
                    }
                    None => None,
                };
                out.push(Listing {
                    item_id: p.id.clone(),
                    sku_id: s.id,
                    sku: s.seller_sku.trim().to_string(),
                    name: p.title.clone(),
                    price,
                    stock: Some(s.inventory.iter().map(|i| i.quantity).sum()),
                    status: p.status.clone(),
                });
            }
        }
        Ok((out, page.next_page_token))
    }
}

impl SalesChannel for TikTokClient {
    fn kind(&self) -> ChannelKind {
        ChannelKind::TikTok
    }

    async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        if range.to <= range.from {
            return Ok(OrderPage::done(Vec::new(), range));
        }
        let body = json!({
            "update_time_ge": range.from.timestamp(),
            "update_time_lt": range.to.timestamp(),
        });
        let v = self
            .shop_call(
                Method::POST,
                "/order/202309/orders/search",
                vec![
                    ("page_size", PAGE_SIZE.to_string()),
                    (
                        "page_token",
                        cursor.map(|c| c.0.clone()).unwrap_or_default(),
                    ),
                    ("sort_field", "update_time".into()),
                    ("sort_order", "ASC".into()),
                ],
                Some(&body),
            )
            .await?;
        let page: OrderList = decode("order list", data(v))?;
        // Sorted by update time: the newest on the page is how far the pull has come.
        let newest = page.orders.iter().filter_map(|o| o.update_time).max();
        let orders = page
            .orders
            .into_iter()
            .map(|o| OrderRef {
                external_id: o.id,
                channel_status: o.status,
            })
            .collect();
        let next = Some(page.next_page_token.trim().to_string())
            .filter(|t| !t.is_empty())
            .map(PageCursor);
        match next {
            None => Ok(OrderPage::done(orders, range)),
            next => Ok(OrderPage {
                orders,
                next,
                reached: newest.and_then(|t| DateTime::from_timestamp(t, 0)),
            }),
        }
    }

    async fn order_details(&self, external_ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        let ids: Vec<&str> = external_ids
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(DETAIL_BATCH) {
            let v = self
                .shop_call(
                    Method::GET,
                    "/order/202309/orders",
                    vec![("ids", chunk.join(","))],
                    None,
                )
                .await?;
            let list: OrderDetails = decode("order detail", data(v))?;
            for o in list.orders {
                out.push(o.into_order()?);
            }
        }
        Ok(out)
    }

    async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let token = cursor.map(|c| c.0.clone()).unwrap_or_default();
        let (listings, next) = self
            .search_products(&token, json!({ "status": "ALL" }))
            .await?;
        Ok(ListingPage {
            listings,
            next: Some(next).filter(|t| !t.is_empty()).map(PageCursor),
        })
    }

    async fn find_listing(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        let wanted = sku.trim();
        let (listings, _) = self
            .search_products("", json!({ "status": "ALL", "seller_skus": [wanted] }))
            .await?;
        Ok(listings.into_iter().filter(|l| l.sku == wanted).collect())
    }

    async fn push_stock(&self, pushes: &[StockPush]) -> ChannelResult<Vec<StockPushResult>> {
        let mut out: Vec<Option<StockPushResult>> = vec![None; pushes.len()];
        // One call per product, in the order products first appear.
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, p) in pushes.iter().enumerate() {
            if p.item_id.trim().is_empty() || p.sku_id.trim().is_empty() || p.qty > MAX_QTY {
                out[i] = Some(StockPushResult {
                    sku: p.sku.clone(),
                    outcome: Err(format!(
                        "not sent: needs a product id, a SKU id and at most {MAX_QTY}"
                    )),
                });
                continue;
            }
            match groups.iter_mut().find(|(id, _)| *id == p.item_id.trim()) {
                Some((_, g)) => g.push(i),
                None => groups.push((p.item_id.trim(), vec![i])),
            }
        }
        for (product_id, group) in groups {
            // The product as the platform has it: only an ACTIVATE product takes stock,
            // and an update must name every warehouse each SKU is assigned to.
            // A product the platform refuses to show (deleted, say) fails its own SKUs only;
            // the others are still pushed.
            let product = match self.product_stock(product_id).await {
                Ok(p) => p,
                Err(ChannelError::Rejected { code, message, .. }) => {
                    for &i in &group {
                        out[i] = Some(StockPushResult {
                            sku: pushes[i].sku.clone(),
                            outcome: Err(format!(
                                "not sent: the product could not be read ({code}: {message})"
                            )),
                        });
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            if product.status != "ACTIVATE" {
                for &i in &group {
                    out[i] = Some(StockPushResult {
                        sku: pushes[i].sku.clone(),
                        outcome: Err(format!(
                            "not sent: the product is {} on TikTok Shop, and only an active \
                             product takes stock — activate it in Seller Center",
                            product.status
                        )),
                    });
                }
                continue;
            }
            let skus: Vec<Value> = group
                .iter()
                .filter_map(|&i| {
                    let sku_id = pushes[i].sku_id.trim();
                    let warehouses = product.warehouses(sku_id);
                    match self.inventory_for(&warehouses, pushes[i].qty) {
                        Ok(inventory) => Some(json!({ "id": sku_id, "inventory": inventory })),
                        Err(why) => {
                            out[i] = Some(StockPushResult {
                                sku: pushes[i].sku.clone(),
                                outcome: Err(why),
                            });
                            None
                        }
                    }
                })
                .collect();
            let group: Vec<usize> = group.into_iter().filter(|&i| out[i].is_none()).collect();
            if skus.is_empty() {
                continue;
            }
            let path = format!("/product/202309/products/{product_id}/inventory/update");
            let errors: Vec<SkuError> = match self
                .shop_call(
                    Method::POST,
                    &path,
                    Vec::new(),
                    Some(&json!({ "skus": skus })),
                )
                .await
            {
                Ok(v) => {
                    let d: InventoryReply = decode("inventory reply", data(v))?;
                    d.errors
                }
                // The product as a whole was refused (say, not ACTIVATE).
                Err(ChannelError::Rejected { code, message, .. }) => {
                    for &i in &group {
                        out[i] = Some(StockPushResult {
                            sku: pushes[i].sku.clone(),
                            outcome: Err(format!("{code}: {message}")),
                        });
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            for &i in &group {
                let failed = errors
                    .iter()
                    .find(|e| e.detail.sku_id == pushes[i].sku_id.trim());
                out[i] = Some(StockPushResult {
                    sku: pushes[i].sku.clone(),
                    outcome: match failed {
                        Some(e) => Err(format!("{}: {}", e.code, e.message)),
                        None => Ok(pushes[i].qty),
                    },
                });
            }
        }
        Ok(out
            .into_iter()
            .zip(pushes)
            .map(|(r, p)| {
                r.unwrap_or_else(|| StockPushResult {
                    sku: p.sku.clone(),
                    outcome: Err("not sent".into()),
                })
            })
            .collect())
    }

    async fn create_listing(&self, p: &NewListing) -> ChannelResult<Vec<Listing>> {
        let not_sent = |why: &str| ChannelError::Rejected {
            channel: CHANNEL,
            code: "not_sent".into(),
            message: format!("not sent: {why}"),
        };
        if p.sku.trim().is_empty() || p.name.trim().is_empty() {
            return Err(not_sent("a listing needs a SKU and a name"));
        }
        if p.category_id.trim().is_empty() || p.images.is_empty() {
            return Err(not_sent(
                "TikTok Shop needs a category id and at least one image uri",
            ));
        }
        if p.price <= Decimal::ZERO || p.weight_grams == 0 || p.stock > MAX_QTY {
            return Err(not_sent(
                "price and weight must be above zero, stock at most 99,999",
            ));
        }
        let mut inventory = json!({ "quantity": p.stock });
        if let Some(w) = &self.warehouse_id {
            inventory["warehouse_id"] = json!(w.as_ref());
        }
        let mut body = json!({
            "title": p.name.trim(),
            "description": p.description,
            "category_id": p.category_id.trim(),
            "main_images": p.images.iter().map(|u| json!({ "uri": u })).collect::<Vec<_>>(),
            "skus": [{
                "seller_sku": p.sku.trim(),
                "price": { "amount": p.price.normalize().to_string(), "currency": "VND" },
                "inventory": [inventory],
            }],
            "package_weight": {
                "value": (Decimal::from(p.weight_grams) / Decimal::from(1000)).normalize().to_string(),
                "unit": "KILOGRAM",
            },
        });
        if p.length_cm > 0 && p.width_cm > 0 && p.height_cm > 0 {
            body["package_dimensions"] = json!({
                "length": p.length_cm.to_string(),
                "width": p.width_cm.to_string(),
                "height": p.height_cm.to_string(),
                "unit": "CENTIMETER",
            });
        }
        let v = self
            .shop_call(
                Method::POST,
                "/product/202309/products",
                Vec::new(),
                Some(&body),
            )
            .await?;
        let created: Created = decode("create reply", data(v))?;
        let sku_id = created
            .skus
            .iter()
            .find(|s| s.seller_sku.trim() == p.sku.trim())
            .map(|s| s.id.clone())
            .unwrap_or_default();
        Ok(vec![Listing {
            item_id: created.product_id,
            sku_id,
            sku: p.sku.trim().to_string(),
            name: p.name.clone(),
            price: Some(p.price),
            stock: Some(i64::from(p.stock)),
            status: "PENDING".into(),
        }])
    }

    async fn exchange_code(&self, code: &str) -> ChannelResult<TokenPair> {
        let pair = self
            .token_call(
                "/api/v2/token/get",
                vec![
                    ("auth_code", code.trim().to_string()),
                    ("grant_type", "authorized_code".into()),
                ],
            )
            .await?;
        self.tokens.install(pair).await
    }

    async fn refresh_tokens(&self) -> ChannelResult<TokenPair> {
        self.refresh_after(None).await
    }
}

#[cfg(test)]
mod tests;
