//! Lazada Open Platform (reference §2).
//!
//! Every call carries `app_key`, `timestamp` (milliseconds), `sign_method=sha256` and
//! `sign` (uppercase hex HMAC over the API path and all parameters sorted by name,
//! `signing::lazada_sign`); seller calls add `access_token`, which is signed like any
//! other parameter. GET sends everything in the query, POST as a form (the official
//! SDK's way). Replies are `{code: "0", data, request_id}` on success and
//! `{type, code, message, request_id}` otherwise (`code` is a string).
//!
//! - Orders: `/orders/get` by `update_after` / `update_before` (ISO 8601 with offset),
//!   sorted by `updated_at` ascending, 100 a page. The offset may not pass 5000: there
//!   the next page starts again at offset 0 from the last order's update time, skipping
//!   the orders of that very second already handed out (their ids ride in the cursor).
//! - Details: `/order/get` per order (address, money, buyer) and `/orders/items/get`
//!   for up to 50 orders at once. Lazada has one order item per unit and a status per
//!   item; units of one SKU at one price become one line, and the order's status comes
//!   from its items by [`ChannelStatus::lazada_order`].
//! - Listings: `/products/get` (50 a page, offset paging up to Lazada's 10,000), one
//!   [`Listing`] per SKU; `sku_seller_list` finds a SKU.
//! - Stock: `/product/price_quantity/update`, an XML `payload` of up to 20 SKUs per call
//!   (Lazada allows 50 and recommends 20). Per-SKU failures come back in `detail`.
//! - New listing: `/product/create` with an XML `payload`.
//! - Tokens: `/auth/token/create` and `/auth/token/refresh` on the auth host
//!   (`auth_url`), not the country gateway. `IllegalAccessToken` triggers one refresh.
//! - Rate limits: HTTP 429, `ApiCallLimit` ("this ban will last 1 seconds") or `901`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use reqwest::Method;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
mod replies;
use replies::*;

mod fulfil;
mod fulfil_replies;

pub(crate) const CHANNEL: &str = "Lazada";

const ORDER_PAGE_SIZE: usize = 100;
/// `/orders/get` refuses an offset beyond this.
const MAX_ORDER_OFFSET: usize = 5_000;
const PRODUCT_PAGE_SIZE: usize = 50;
/// `/products/get`'s offset is deprecated and capped.
const MAX_PRODUCT_OFFSET: usize = 10_000;
/// `/orders/items/get` takes at most 50 order ids.
const ITEMS_BATCH: usize = 50;
/// `/order/get` calls in flight at once while reading details.
const HEADERS_AT_ONCE: usize = 8;
/// `/product/price_quantity/update`: 50 allowed, 20 recommended.
const STOCK_BATCH: usize = 20;
const EARLY_REFRESH_SECS: i64 = 60;
const SDK_PARTNER_ID: &str = "orderdeck";

const VN: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

fn default_base_url() -> String {
    "https://api.lazada.vn/rest".into()
}

fn default_auth_url() -> String {
    "https://auth.lazada.com/rest".into()
}

/// `[channels.lazada]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LazadaConfig {
    /// The country gateway: Vietnam's `https://api.lazada.vn/rest` by default.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Token create and refresh, for every country: `https://auth.lazada.com/rest`.
    #[serde(default = "default_auth_url")]
    pub auth_url: String,
    pub app_key: String,
    pub app_secret: String,
    pub timeout_secs: Option<u64>,
    /// The app is of the IM category and may call `/im/*` (`customer-channels.md` §4).
    /// Even then Lazada's new-message push is not available to orderdeck (its payload is
    /// unconfirmed): replies go only into conversations already known here.
    #[serde(default)]
    pub chat: bool,
}

impl std::fmt::Debug for LazadaConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazadaConfig")
            .field("base_url", &self.base_url)
            .field("auth_url", &self.auth_url)
            .field("app_key", &self.app_key)
            .field("app_secret", &redact(&self.app_secret))
            .field("timeout_secs", &self.timeout_secs)
            .field("chat", &self.chat)
            .finish()
    }
}

#[derive(Clone)]
pub struct LazadaClient {
    http: reqwest::Client,
    /// Gateway and auth host, each without a trailing slash (`…/rest`).
    api: String,
    auth: String,
    app_key: Arc<str>,
    app_secret: Arc<str>,
    tokens: Arc<TokenKeeper>,
    retry: RetryPolicy,
    /// Orders as the last `/orders/get` pages listed them: GetOrders returns each
    /// order whole (the same shape as `/order/get`), so the details that follow need only
    /// `/orders/items/get`, 50 orders a call — not one `/order/get` per order.
    listed: Arc<std::sync::Mutex<ListedOrders>>,
}

/// Listed orders by id, kept a few minutes (a pull asks for their details right after
/// listing them); an order not here (a webhook's, say) is read with `/order/get`.
#[derive(Default)]
struct ListedOrders {
    by_id: std::collections::HashMap<String, (std::time::Instant, Value)>,
}

/// How long a listed order stands in for `/order/get`, and how many are kept.
const LISTED_FOR: std::time::Duration = std::time::Duration::from_secs(300);
const LISTED_MAX: usize = 20_000;

impl ListedOrders {
    fn keep(&mut self, id: String, order: Value) {
        let now = std::time::Instant::now();
        if self.by_id.len() >= LISTED_MAX {
            self.by_id
                .retain(|_, (at, _)| now.duration_since(*at) < LISTED_FOR);
        }
        if self.by_id.len() < LISTED_MAX {
            self.by_id.insert(id, (now, order));
        }
    }

    /// The listed order, once: a second detail of it reads it fresh.
    fn take(&mut self, id: &str) -> Option<Value> {
        let (at, order) = self.by_id.remove(id)?;
        (at.elapsed() < LISTED_FOR).then_some(order)
    }
}

impl std::fmt::Debug for LazadaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazadaClient")
            .field("api", &self.api)
            .field("auth", &self.auth)
            .field("app_key", &self.app_key)
            .field("app_secret", &redact(&self.app_secret))
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Which host a call goes to, and whether it carries the seller's token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Host {
    Seller,
    Auth,
}

type Params = Vec<(&'static str, String)>;

impl LazadaClient {
    pub fn new(cfg: &LazadaConfig, tokens: Arc<TokenKeeper>) -> ChannelResult<LazadaClient> {
        LazadaClient::with_timeout(cfg, tokens, http::timeout_from(cfg.timeout_secs))
    }

    pub fn with_timeout(
        cfg: &LazadaConfig,
        tokens: Arc<TokenKeeper>,
        timeout: Duration,
    ) -> ChannelResult<LazadaClient> {
        let app = AppSettings::checked(
            ChannelKind::Lazada,
            [&cfg.base_url, &cfg.auth_url, &cfg.app_key, &cfg.app_secret],
            &tokens,
        )?;
        Ok(LazadaClient {
            http: http::build_client(CHANNEL, timeout)?,
            api: app.base.as_str().trim_end_matches('/').to_string(),
            auth: app.auth.as_str().trim_end_matches('/').to_string(),
            app_key: app.key,
            app_secret: app.secret,
            tokens,
            retry: RetryPolicy::default(),
            listed: Arc::default(),
        })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> LazadaClient {
        self.retry = retry;
        self
    }

    /// The page where the seller authorises this app (reference §2.4); Lazada then
    /// redirects to `redirect_uri?code=…` (30 minutes, once).
    pub fn auth_link(&self, redirect_uri: &str, state: &str) -> String {
        let base = match self.auth.strip_suffix("/rest") {
            Some(b) => b.to_string(),
            None => self.auth.clone(),
        };
        let mut url = match reqwest::Url::parse(&format!("{base}/oauth/authorize")) {
            Ok(u) => u,
            Err(_) => return String::new(),
        };
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("force_auth", "true")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("client_id", &self.app_key);
        if !state.is_empty() {
            url.query_pairs_mut().append_pair("state", state);
        }
        url.to_string()
    }

    /// Reads a push (reference §2.7) after checking its `Authorization` header:
    /// HMAC-SHA256(app_secret, app_key + raw body).
    pub fn verify_push(
        &self,
        body: &[u8],
        authorization: Option<&str>,
    ) -> ChannelResult<WebhookEvent> {
        let signed = authorization
            .is_some_and(|a| signing::verify_lazada_push(&self.app_key, &self.app_secret, body, a));
        if !signed {
            return Err(ChannelError::Auth {
                channel: CHANNEL,
                message: "push signature does not match (not from Lazada, or an altered body)"
                    .into(),
            });
        }
        parse_push(body)
    }

    // --------------------------------------------------------------------------------
    // Calls

    async fn get(&self, path: &str, params: Params) -> ChannelResult<Value> {
        self.call(Method::GET, path, params, false).await
    }

    /// A seller call: a fresh token, one refresh on `IllegalAccessToken`, and waits on
    /// rate limits. `keep_refusal`: a business refusal comes back as the reply.
    async fn call(
        &self,
        method: Method,
        path: &str,
        params: Params,
        keep_refusal: bool,
    ) -> ChannelResult<Value> {
        let mut refreshed = false;
        let mut waits = 0;
        loop {
            let token = self.fresh_access_token().await?;
            match self
                .call_once(
                    method.clone(),
                    Host::Seller,
                    path,
                    Some(&token),
                    &params,
                    keep_refusal,
                )
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

    async fn token_call(&self, path: &str, params: Params) -> ChannelResult<Value> {
        let mut waits = 0;
        loop {
            match self
                .call_once(Method::POST, Host::Auth, path, None, &params, false)
                .await
            {
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
        host: Host,
        path: &str,
        token: Option<&Secret>,
        params: &Params,
        keep_refusal: bool,
    ) -> ChannelResult<Value> {
        let mut all: Vec<(&str, String)> = vec![
            ("app_key", self.app_key.to_string()),
            ("timestamp", Utc::now().timestamp_millis().to_string()),
            ("sign_method", "sha256".to_string()),
            ("partner_id", SDK_PARTNER_ID.to_string()),
        ];
        if let Some(t) = token {
            all.push(("access_token", t.expose().to_string()));
        }
        // Empty parameters are never sent: the SDKs disagree on signing them.
        all.extend(params.iter().filter(|(_, v)| !v.is_empty()).cloned());
        let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let sign = signing::lazada_sign(&self.app_secret, path, &pairs);
        all.push(("sign", sign));
        let base = match host {
            Host::Seller => &self.api,
            Host::Auth => &self.auth,
        };
        let url = format!("{base}{path}");
        let request = if method == Method::GET {
            self.http.get(url).query(&all)
        } else {
            self.http.post(url).form(&all)
        };
        let reply = http::send(CHANNEL, path, request).await?;
        read_reply(&reply, host == Host::Auth, keep_refusal)
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
                let v = self
                    .token_call(
                        "/auth/token/refresh",
                        vec![("refresh_token", refresh_token.expose().to_string())],
                    )
                    .await?;
                token_pair(v)
            })
            .await
    }

    async fn order_header(&self, order_id: &str) -> ChannelResult<Option<Header>> {
        let v = match self
            .get("/order/get", vec![("order_id", order_id.to_string())])
            .await
        {
            Ok(v) => v,
            Err(ChannelError::Rejected { message, .. }) if says_not_found(&message) => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let data = v.get("data").cloned().unwrap_or(Value::Null);
        if data.get("order_id").is_none_or(Value::is_null) {
            return Ok(None);
        }
        Ok(Some(decode("order", data)?))
    }

    async fn products(&self, params: Params) -> ChannelResult<(Vec<Listing>, usize, usize)> {
        let v = self.get("/products/get", params).await?;
        let data: Products = decode("products", v.get("data").cloned().unwrap_or_default())?;
        let count = data.products.len();
        let mut out = Vec::new();
        for p in data.products {
            let name = p.attributes.name.clone();
            for s in p.skus {
                out.push(Listing {
                    item_id: id_text(&p.item_id),
                    sku_id: id_text(&s.sku_id),
                    sku: s.seller_sku.trim().to_string(),
                    name: name.clone(),
                    price: if s.price.is_null() {
                        None
                    } else {
                        Some(amount("price", &s.price)?)
                    },
                    stock: s
                        .quantity
                        .as_i64()
                        .or_else(|| s.quantity.as_str().and_then(|q| q.trim().parse().ok())),
                    status: if s.status.is_empty() {
                        p.status.clone()
                    } else {
                        s.status
                    },
                });
            }
        }
        Ok((out, count, data.total_products))
    }
}

impl SalesChannel for LazadaClient {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Lazada
    }

    async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        if range.to <= range.from {
            return Ok(OrderPage::done(Vec::new(), range));
        }
        let mut pos = match cursor {
            None => OrdersCursor {
                after: range.from.timestamp(),
                offset: 0,
                skip: Vec::new(),
                tail: range.from.timestamp(),
                tail_ids: Vec::new(),
            },
            Some(c) => serde_json::from_str::<OrdersCursor>(&c.0)
                .ok()
                .filter(|p| p.after >= range.from.timestamp() && p.offset <= MAX_ORDER_OFFSET)
                .ok_or_else(|| ChannelError::Rejected {
                    channel: CHANNEL,
                    code: "cursor".into(),
                    message: format!("not sent: {:?} is not a cursor for this range", c.0),
                })?,
        };
        let after = DateTime::<Utc>::from_timestamp(pos.after, 0).unwrap_or(range.from);
        let params: Params = vec![
            ("update_after", iso(after.max(range.from))),
            ("update_before", iso(range.to)),
            ("sort_by", "updated_at".into()),
            ("sort_direction", "ASC".into()),
            ("offset", pos.offset.to_string()),
            ("limit", ORDER_PAGE_SIZE.to_string()),
        ];
        let v = self.get("/orders/get", params).await?;
        let raw = v.get("data").cloned().unwrap_or_default();
        if let Some(list) = raw.get("orders").and_then(Value::as_array) {
            let mut listed = self.listed.lock().unwrap_or_else(|p| p.into_inner());
            for o in list {
                if let Some(id) = o.get("order_id") {
                    listed.keep(id_text(id), o.clone());
                }
            }
        }
        let data: OrderList = decode("orders", raw)?;
        let got = data.orders.len();
        let skip: HashSet<&str> = pos.skip.iter().map(String::as_str).collect();
        let mut orders = Vec::with_capacity(got);
        let mut handed: Vec<(i64, String)> = Vec::with_capacity(got);
        for o in &data.orders {
            let id = id_text(&o.order_id);
            let updated = parse_time(&o.updated_at)
                .ok_or_else(|| malformed(format!("order {id} updated_at {:?}", o.updated_at)))?
                .timestamp();
            if updated == pos.after && skip.contains(id.as_str()) {
                continue;
            }
            handed.push((updated, id.clone()));
            let mut statuses: Vec<String> = Vec::new();
            for s in &o.statuses {
                if !statuses.contains(s) {
                    statuses.push(s.clone());
                }
            }
            orders.push(OrderRef {
                external_id: id,
                channel_status: statuses.join(","),
            });
        }
        let total = data.count_total.unwrap_or(pos.offset + got);
        if got < ORDER_PAGE_SIZE || pos.offset + got >= total {
            return Ok(OrderPage::done(orders, range));
        }
        // Sorted by update time: the newest handed out is how far the pull has come.
        let reached = handed
            .iter()
            .map(|(t, _)| *t)
            .max()
            .and_then(|t| DateTime::from_timestamp(t, 0));
        // The newest second handed out so far, and every id handed out in it.
        for (t, id) in handed {
            if t > pos.tail {
                pos.tail = t;
                pos.tail_ids.clear();
            }
            if t == pos.tail {
                pos.tail_ids.push(id);
            }
        }
        let next_offset = pos.offset + got;
        if next_offset < MAX_ORDER_OFFSET {
            pos.offset = next_offset;
        } else {
            // Lazada will not page past 5000: start again from the newest update time
            // handed out, skipping the orders of that second already handed out.
            let mut skip = std::mem::take(&mut pos.tail_ids);
            if pos.tail == pos.after {
                skip.append(&mut pos.skip);
            }
            if skip.len() >= MAX_ORDER_OFFSET {
                return Err(ChannelError::Rejected {
                    channel: CHANNEL,
                    code: "offset_cap".into(),
                    message: format!(
                        "more than {MAX_ORDER_OFFSET} orders updated in one second; Lazada \
                         cannot page past them"
                    ),
                });
            }
            pos.after = pos.tail.max(pos.after);
            pos.tail = pos.after;
            pos.skip = skip;
            pos.offset = 0;
        }
        Ok(OrderPage {
            orders,
            next: Some(PageCursor(serde_json::to_string(&pos).unwrap_or_default())),
            reached,
        })
    }

    async fn order_details(&self, external_ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        let ids: Vec<&str> = external_ids
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ITEMS_BATCH) {
            let numeric: Vec<&str> = chunk
                .iter()
                .copied()
                .filter(|id| id.bytes().all(|b| b.is_ascii_digit()))
                .collect();
            // Orders the listing just returned whole need no `/order/get`; the rest (a
            // webhook's, or listed long ago) are read one call each, a few at a time.
            let mut headers = Vec::with_capacity(chunk.len());
            let mut unlisted = Vec::new();
            {
                let mut listed = self.listed.lock().unwrap_or_else(|p| p.into_inner());
                for id in &numeric {
                    match listed.take(id) {
                        Some(order) => headers.push(decode::<Header>("listed order", order)?),
                        None => unlisted.push(*id),
                    }
                }
            }
            for part in unlisted.chunks(HEADERS_AT_ONCE) {
                let mut calls = Vec::with_capacity(part.len());
                for id in part {
                    calls.push(self.order_header(id));
                }
                for h in futures::future::join_all(calls).await {
                    if let Some(h) = h? {
                        headers.push(h);
                    }
                }
            }
            if headers.is_empty() {
                continue;
            }
            // In the order asked for, listed or not.
            headers.sort_by_key(|h| {
                let id = id_text(&h.order_id);
                numeric.iter().position(|n| *n == id)
            });
            let list = format!(
                "[{}]",
                headers
                    .iter()
                    .map(|h| id_text(&h.order_id))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let v = self
                .get("/orders/items/get", vec![("order_ids", list)])
                .await?;
            let items: Vec<OrderItems> =
                decode("order items", v.get("data").cloned().unwrap_or_default())?;
            for h in headers {
                let id = id_text(&h.order_id);
                let mine = items
                    .iter()
                    .find(|i| id_text(&i.order_id) == id)
                    .map(|i| i.order_items.as_slice())
                    .unwrap_or(&[]);
                out.push(h.into_order(mine)?);
            }
        }
        Ok(out)
    }

    async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let offset = match cursor {
            None => 0,
            Some(c) => c.0.parse::<usize>().map_err(|_| ChannelError::Rejected {
                channel: CHANNEL,
                code: "cursor".into(),
                message: format!("not sent: {:?} is not a listings cursor", c.0),
            })?,
        };
        if offset > MAX_PRODUCT_OFFSET {
            return Err(ChannelError::Rejected {
                channel: CHANNEL,
                code: "offset_cap".into(),
                message: format!("Lazada lists at most {MAX_PRODUCT_OFFSET} products by offset"),
            });
        }
        let (listings, count, total) = self
            .products(vec![
                ("filter", "all".into()),
                ("offset", offset.to_string()),
                ("limit", PRODUCT_PAGE_SIZE.to_string()),
                ("options", "1".into()),
            ])
            .await?;
        let next_offset = offset + count;
        let next = (count > 0 && next_offset < total).then(|| PageCursor(next_offset.to_string()));
        Ok(ListingPage { listings, next })
    }

    async fn find_listing(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        let wanted = sku.trim();
        let list = serde_json::to_string(&[wanted]).unwrap_or_default();
        let (listings, _, _) = self
            .products(vec![
                ("filter", "all".into()),
                ("sku_seller_list", list),
                ("limit", PRODUCT_PAGE_SIZE.to_string()),
            ])
            .await?;
        Ok(listings.into_iter().filter(|l| l.sku == wanted).collect())
    }

    async fn push_stock(&self, pushes: &[StockPush]) -> ChannelResult<Vec<StockPushResult>> {
        let mut out = Vec::with_capacity(pushes.len());
        for chunk in pushes.chunks(STOCK_BATCH) {
            let mut skus = String::new();
            for p in chunk {
                skus.push_str("<Sku>");
                push_tag(&mut skus, "ItemId", &p.item_id);
                push_tag(&mut skus, "SkuId", &p.sku_id);
                push_tag(&mut skus, "SellerSku", &p.sku);
                push_tag(&mut skus, "Quantity", &p.qty.to_string());
                skus.push_str("</Sku>");
            }
            let payload = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?><Request><Product><Skus>{skus}\
                 </Skus></Product></Request>"
            );
            let reply = self
                .call(
                    Method::POST,
                    "/product/price_quantity/update",
                    vec![("payload", payload)],
                    true,
                )
                .await?;
            let failures = sku_failures(&reply, chunk);
            for p in chunk {
                let failed = failures
                    .iter()
                    .find(|f| f.seller_sku.trim() == p.sku.trim());
                out.push(StockPushResult {
                    sku: p.sku.clone(),
                    outcome: match failed {
                        Some(f) => Err(f.message.clone()),
                        None => Ok(p.qty),
                    },
                });
            }
        }
        Ok(out)
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
        if p.category_id.trim().parse::<i64>().is_err() {
            return Err(not_sent("the category is not a Lazada category id"));
        }
        if p.images.is_empty() {
            return Err(not_sent("Lazada needs at least one image URL"));
        }
        if p.price <= Decimal::ZERO || p.weight_grams == 0 {
            return Err(not_sent("price and weight must be above zero"));
        }
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" ?><Request><Product>");
        push_tag(&mut x, "PrimaryCategory", p.category_id.trim());
        x.push_str("<Images>");
        for img in &p.images {
            push_tag(&mut x, "Image", img);
        }
        x.push_str("</Images><Attributes>");
        push_tag(&mut x, "name", p.name.trim());
        push_tag(&mut x, "description", &p.description);
        push_tag(&mut x, "brand", p.brand.as_deref().unwrap_or("No Brand"));
        x.push_str("</Attributes><Skus><Sku>");
        push_tag(&mut x, "SellerSku", p.sku.trim());
        push_tag(&mut x, "quantity", &p.stock.to_string());
        push_tag(&mut x, "price", &p.price.normalize().to_string());
        push_tag(
            &mut x,
            "package_weight",
            &(Decimal::from(p.weight_grams) / Decimal::from(1000))
                .normalize()
                .to_string(),
        );
        push_tag(&mut x, "package_length", &p.length_cm.to_string());
        push_tag(&mut x, "package_width", &p.width_cm.to_string());
        push_tag(&mut x, "package_height", &p.height_cm.to_string());
        x.push_str("</Sku></Skus></Product></Request>");
        let v = self
            .call(Method::POST, "/product/create", vec![("payload", x)], false)
            .await?;
        let created: Created = decode("create reply", v.get("data").cloned().unwrap_or_default())?;
        let sku = created
            .sku_list
            .iter()
            .find(|s| s.seller_sku.trim() == p.sku.trim());
        Ok(vec![Listing {
            item_id: id_text(&created.item_id),
            sku_id: sku.map(|s| id_text(&s.sku_id)).unwrap_or_default(),
            sku: p.sku.trim().to_string(),
            name: p.name.clone(),
            price: Some(p.price),
            stock: Some(i64::from(p.stock)),
            status: "pending".into(),
        }])
    }

    async fn exchange_code(&self, code: &str) -> ChannelResult<TokenPair> {
        let v = self
            .token_call(
                "/auth/token/create",
                vec![("code", code.trim().to_string())],
            )
            .await?;
        self.tokens.install(token_pair(v)?).await
    }

    async fn refresh_tokens(&self) -> ChannelResult<TokenPair> {
        self.refresh_after(None).await
    }
}

#[cfg(test)]
mod tests;
