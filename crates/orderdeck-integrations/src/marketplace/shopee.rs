//! Shopee Open Platform v2 (reference §1).
//!
//! Every call carries `partner_id`, `timestamp` (Unix seconds) and `sign` in the query;
//! shop calls add `access_token` and `shop_id`, which are then part of the signed base
//! string (`signing::shopee_sign`). GET calls take business parameters in the query, POST
//! calls in a JSON body. Replies are `{error, message, request_id, response}` with
//! `error == ""` on success; the token calls put their fields at the top level.
//!
//! - Orders: `get_order_list` by `update_time`, at most 15 days per call and 100 per page
//!   (`cursor` / `next_cursor` / `more`); a longer range is walked window by window, and
//!   the window and Shopee's cursor both live in our [`PageCursor`]. Details come from
//!   `get_order_detail`, 50 order_sn at a time, asking for the optional fields we read.
//! - Listings: `get_item_list` (50 a page: one `get_item_base_info` call), then
//!   `get_model_list` for items with models; one [`Listing`] per model (model_id "0" for
//!   an item without models).
//! - Stock: `update_stock`, one item per call, up to 50 models, `seller_stock` as a list.
//! - Tokens: `auth/token/get` (code → pair) and `auth/access_token/get` (refresh → a new
//!   pair; the refresh token is single-use, so the new pair is stored before anything
//!   else). An expired access token (`invalid_acceess_token`, Shopee's own spelling, or
//!   the corrected one) triggers one refresh and the call is repeated.
//! - Rate limits: HTTP 429 or `error_rate_limit` is waited out per [`RetryPolicy`];
//!   `error_limit` (the daily cap) says to wait until 00:00 UTC+8.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use reqwest::Method;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::signing::{self, ShopeeScope};
use super::{
    ChannelBuyer, ChannelError, ChannelKind, ChannelLine, ChannelOrder, ChannelResult,
    ChannelStatus, ChannelTotals, Listing, ListingPage, NewListing, OrderPage, OrderRef,
    PageCursor, RetryPolicy, SalesChannel, Secret, StockPush, StockPushResult, TimeRange,
    TokenKeeper, TokenPair, WebhookEvent, check_keeper, require, setting, status_refusal,
};
use crate::carrier::redact;
use crate::http::{self, Reply};
use orderdeck_domain::intake::Address;

pub mod chat;
mod replies;
use replies::*;

mod fulfil;
mod fulfil_replies;

pub(crate) const CHANNEL: &str = "Shopee";

/// Pushes for one item: (index among all pushes, the push, model id).
type StockGroup<'a> = Vec<(usize, &'a StockPush, i64)>;

/// `get_order_list` refuses a range over 15 days; each call asks for 15 days less a
/// second, so the limit holds whether Shopee counts it inclusively or not.
const WINDOW_SECS: i64 = 15 * 86_400;
const ORDER_PAGE_SIZE: u32 = 100;
/// `get_order_detail` and `get_item_base_info` take at most 50 ids.
const BATCH: usize = 50;
const ITEM_PAGE_SIZE: usize = BATCH;
/// `update_stock`: at most 50 models per call.
const STOCK_BATCH: usize = 50;
/// Refresh a little before the access token runs out rather than fail mid-sync.
const EARLY_REFRESH_SECS: i64 = 60;
/// Refresh tokens live 30 days (reference §1.4); Shopee does not send the date.
const REFRESH_TOKEN_DAYS: i64 = 30;
/// `find_listing` walks the shop's listings; a shop beyond this is not walked to the end.
const MAX_LISTING_PAGES: usize = 400;
/// The listings we read and push stock to: live and unlisted ones.
const ITEM_STATUSES: [&str; 2] = ["NORMAL", "UNLIST"];
/// The optional detail fields we read.
const DETAIL_FIELDS: &str = "buyer_user_id,buyer_username,recipient_address,item_list,\
total_amount,estimated_shipping_fee,actual_shipping_fee,note,payment_method,pay_time";

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

fn default_base_url() -> String {
    "https://partner.shopeemobile.com".into()
}

/// `[channels.shopee]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopeeConfig {
    /// `https://partner.shopeemobile.com` (production, the default) or
    /// `https://openplatform.sandbox.test-stable.shopee.sg` (sandbox).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    pub partner_id: i64,
    pub partner_key: String,
    pub shop_id: i64,
    pub timeout_secs: Option<u64>,
    /// Logistics channel ids enabled on new listings (`add_item` needs at least one).
    #[serde(default)]
    pub logistic_ids: Vec<i64>,
    /// The push callback URL exactly as registered with Shopee (push signatures cover it).
    pub push_url: Option<String>,
    /// The app was granted seller chat (`sellerchat`; push code 10 enabled). Shopee grants
    /// it only to "Customer Service" apps, which only third-party partners (ISV) can create
    /// (`customer-channels.md` §3.1). Off: the desk does not use Shopee buyer chat.
    #[serde(default)]
    pub chat: bool,
}

impl std::fmt::Debug for ShopeeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopeeConfig")
            .field("base_url", &self.base_url)
            .field("partner_id", &self.partner_id)
            .field("partner_key", &redact(&self.partner_key))
            .field("shop_id", &self.shop_id)
            .field("timeout_secs", &self.timeout_secs)
            .field("logistic_ids", &self.logistic_ids)
            .field("push_url", &self.push_url)
            .field("chat", &self.chat)
            .finish()
    }
}

#[derive(Clone)]
pub struct ShopeeClient {
    http: reqwest::Client,
    /// `scheme://host[:port]`, no trailing slash; paths start with `/api/v2`.
    base: String,
    partner_id: i64,
    partner_key: Arc<str>,
    shop_id: i64,
    logistic_ids: Arc<[i64]>,
    push_url: Option<Arc<str>>,
    tokens: Arc<TokenKeeper>,
    retry: RetryPolicy,
}

impl std::fmt::Debug for ShopeeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopeeClient")
            .field("base", &self.base)
            .field("partner_id", &self.partner_id)
            .field("partner_key", &redact(&self.partner_key))
            .field("shop_id", &self.shop_id)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ShopeeClient {
    pub fn new(cfg: &ShopeeConfig, tokens: Arc<TokenKeeper>) -> ChannelResult<ShopeeClient> {
        ShopeeClient::with_timeout(cfg, tokens, http::timeout_from(cfg.timeout_secs))
    }

    /// As [`ShopeeClient::new`] with a timeout finer than whole seconds (tests).
    pub fn with_timeout(
        cfg: &ShopeeConfig,
        tokens: Arc<TokenKeeper>,
        timeout: Duration,
    ) -> ChannelResult<ShopeeClient> {
        let base =
            http::checked_base_url(CHANNEL, &setting("channels.shopee.base_url"), &cfg.base_url)?;
        let missing = |detail: &str| ChannelError::NotConfigured {
            channel: CHANNEL,
            detail: detail.to_string(),
        };
        if cfg.partner_id <= 0 {
            return Err(missing(&format!(
                "set {}",
                setting("channels.shopee.partner_id")
            )));
        }
        require(CHANNEL, "channels.shopee.partner_key", &cfg.partner_key)?;
        if cfg.shop_id <= 0 {
            return Err(missing(&format!(
                "set {}",
                setting("channels.shopee.shop_id")
            )));
        }
        check_keeper(ChannelKind::Shopee, &tokens)?;
        // The signed path is the API path: the base URL must be the host alone.
        if !matches!(base.path(), "" | "/") {
            return Err(missing(
                "channels.shopee.base_url must be the host alone (paths start with /api/v2)",
            ));
        }
        Ok(ShopeeClient {
            http: http::build_client(CHANNEL, timeout)?,
            base: base.origin().ascii_serialization(),
            partner_id: cfg.partner_id,
            partner_key: Arc::from(cfg.partner_key.trim()),
            shop_id: cfg.shop_id,
            logistic_ids: Arc::from(cfg.logistic_ids.as_slice()),
            push_url: cfg.push_url.as_deref().map(Arc::from),
            tokens,
            retry: RetryPolicy::default(),
        })
    }

    /// How rate limits are waited out (default [`RetryPolicy::default`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> ShopeeClient {
        self.retry = retry;
        self
    }

    pub fn shop_id(&self) -> i64 {
        self.shop_id
    }

    /// The page where the seller authorises this app; Shopee then redirects to
    /// `redirect?code=…&shop_id=…` (the code lives 10 minutes, once). The link itself
    /// expires with its timestamp after 5 minutes.
    pub fn auth_link(&self, redirect: &str) -> String {
        let ts = Utc::now().timestamp();
        let sign = signing::shopee_sign(
            &self.partner_key,
            self.partner_id,
            PATH_AUTH_PARTNER,
            ts,
            ShopeeScope::Public,
        );
        let mut url = match reqwest::Url::parse(&format!("{}{PATH_AUTH_PARTNER}", self.base)) {
            Ok(u) => u,
            Err(_) => return String::new(),
        };
        url.query_pairs_mut()
            .append_pair("partner_id", &self.partner_id.to_string())
            .append_pair("timestamp", &ts.to_string())
            .append_pair("sign", &sign)
            .append_pair("redirect", redirect);
        url.to_string()
    }

    /// Reads a push (reference §1.7) after checking its `Authorization` header against
    /// the raw body and the registered callback URL (`push_url`).
    pub fn verify_push(
        &self,
        body: &[u8],
        authorization: Option<&str>,
    ) -> ChannelResult<WebhookEvent> {
        let Some(url) = self.push_url.as_deref() else {
            return Err(ChannelError::NotConfigured {
                channel: CHANNEL,
                detail: "set channels.shopee.push_url to the callback URL registered with \
                         Shopee"
                    .into(),
            });
        };
        let signed = authorization
            .is_some_and(|a| signing::verify_shopee_push(&self.partner_key, url, body, a));
        if !signed {
            return Err(ChannelError::Auth {
                channel: CHANNEL,
                message: "push signature does not match (not from Shopee, another callback \
                          URL, or an altered body)"
                    .into(),
            });
        }
        parse_push(body)
    }

    // --------------------------------------------------------------------------------
    // Calls

    async fn get(&self, path: &str, query: &[(&str, String)]) -> ChannelResult<Value> {
        self.call(Method::GET, path, query, None).await
    }

    async fn post(&self, path: &str, body: &Value) -> ChannelResult<Value> {
        self.call(Method::POST, path, &[], Some(body)).await
    }

    /// A shop call with everything around it: a fresh token, one refresh when Shopee
    /// says the token has expired, and waits on rate limits.
    async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> ChannelResult<Value> {
        self.call_reading(method, path, query, body, |reply| {
            read_envelope(reply, false)
        })
        .await
    }

    /// As [`ShopeeClient::call`], the reply read by `read`: a file rather than JSON
    /// (`download_shipping_document`), or a batch reply whose refusal still carries its
    /// per-element results (`common.batch_api_all_failed`).
    async fn call_reading<T>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        read: impl Fn(&Reply) -> ChannelResult<T>,
    ) -> ChannelResult<T> {
        let mut refreshed = false;
        let mut waits = 0;
        loop {
            let token = self.fresh_access_token().await?;
            let result = match self
                .send_once(method.clone(), path, Some(&token), query, body)
                .await
            {
                Ok(reply) => read(&reply),
                Err(e) => Err(e),
            };
            match result {
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

    /// The token calls: public, waits on rate limits, never refreshes.
    async fn token_call(&self, path: &str, body: &Value) -> ChannelResult<Value> {
        let mut waits = 0;
        loop {
            match self
                .call_once(Method::POST, path, None, &[], Some(body))
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
        path: &str,
        token: Option<&Secret>,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> ChannelResult<Value> {
        let reply = self.send_once(method, path, token, query, body).await?;
        // Token replies carry tokens: never quote them in an error.
        read_envelope(&reply, path.starts_with("/api/v2/auth/"))
    }

    /// One signed request, its reply as it came.
    async fn send_once(
        &self,
        method: Method,
        path: &str,
        token: Option<&Secret>,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> ChannelResult<Reply> {
        let ts = Utc::now().timestamp();
        let scope = match token {
            Some(t) => ShopeeScope::Shop {
                access_token: t.expose(),
                shop_id: self.shop_id,
            },
            None => ShopeeScope::Public,
        };
        let sign = signing::shopee_sign(&self.partner_key, self.partner_id, path, ts, scope);
        let mut q: Vec<(&str, String)> = vec![
            ("partner_id", self.partner_id.to_string()),
            ("timestamp", ts.to_string()),
            ("sign", sign),
        ];
        if let Some(t) = token {
            q.push(("access_token", t.expose().to_string()));
            q.push(("shop_id", self.shop_id.to_string()));
        }
        q.extend(query.iter().cloned());
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .query(&q);
        if let Some(b) = body {
            request = request.json(b);
        }
        Ok(http::send(CHANNEL, path, request).await?)
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
                let body = json!({
                    "refresh_token": refresh_token.expose(),
                    "partner_id": self.partner_id,
                    "shop_id": self.shop_id,
                });
                let reply = self.token_call(PATH_TOKEN_REFRESH, &body).await?;
                token_pair(reply)
            })
            .await
    }

    // --------------------------------------------------------------------------------
    // Listings

    async fn listing_page(&self, offset: u64) -> ChannelResult<ListingPage> {
        let mut query: Vec<(&str, String)> = vec![
            ("offset", offset.to_string()),
            ("page_size", ITEM_PAGE_SIZE.to_string()),
        ];
        for s in ITEM_STATUSES {
            query.push(("item_status", s.to_string()));
        }
        let list: ItemList = decode(
            "get_item_list reply",
            response(self.get(PATH_ITEM_LIST, &query).await?),
        )?;
        let ids: Vec<String> = list.item.iter().map(|i| i.item_id.to_string()).collect();
        let mut listings = Vec::new();
        if !ids.is_empty() {
            let info: BaseInfo = decode(
                "get_item_base_info reply",
                response(
                    self.get(PATH_ITEM_BASE_INFO, &[("item_id_list", ids.join(","))])
                        .await?,
                ),
            )?;
            for item in info.item_list {
                if item.has_model {
                    let models: ModelList = decode(
                        "get_model_list reply",
                        response(
                            self.get(PATH_MODEL_LIST, &[("item_id", item.item_id.to_string())])
                                .await?,
                        ),
                    )?;
                    listings.extend(models.listings(&item)?);
                } else {
                    listings.push(Listing {
                        item_id: item.item_id.to_string(),
                        sku_id: "0".into(),
                        sku: item.item_sku.trim().to_string(),
                        name: item.item_name.clone(),
                        price: first_price(&item.price_info)?,
                        stock: item.stock_info_v2.as_ref().map(StockInfo::seller_total),
                        status: item.item_status.clone(),
                    });
                }
            }
        }
        let next = if list.has_next_page {
            let next_offset = list.next_offset.unwrap_or(offset + list.item.len() as u64);
            if next_offset <= offset {
                return Err(malformed(format!(
                    "get_item_list says there is a next page but next_offset is {next_offset}"
                )));
            }
            Some(PageCursor(next_offset.to_string()))
        } else {
            None
        };
        Ok(ListingPage { listings, next })
    }

    /// Sets stock for up to 50 models of one item.
    async fn push_item_stock(
        &self,
        item_id: i64,
        group: &[(usize, &StockPush, i64)],
        out: &mut [Option<StockPushResult>],
    ) -> ChannelResult<()> {
        let stock_list: Vec<Value> = group
            .iter()
            .map(|(_, p, model_id)| {
                json!({ "model_id": model_id, "seller_stock": [ { "stock": p.qty } ] })
            })
            .collect();
        let body = json!({ "item_id": item_id, "stock_list": stock_list });
        let reply = match self.post(PATH_UPDATE_STOCK, &body).await {
            Ok(v) => v,
            // Shopee said no to the whole item (say, it was deleted): each push says so,
            // and the other items still go.
            Err(ChannelError::Rejected { code, message, .. }) => {
                for (i, p, _) in group {
                    out[*i] = Some(StockPushResult {
                        sku: p.sku.clone(),
                        outcome: Err(format!("{code}: {message}")),
                    });
                }
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let r: UpdateStock = decode("update_stock reply", response(reply))?;
        let ok: HashMap<i64, i64> = r
            .success_list
            .iter()
            .map(|s| (s.model_id, s.stock))
            .collect();
        let failed: HashMap<i64, String> = r
            .failure_list
            .into_iter()
            .map(|f| (f.model_id, f.failed_reason))
            .collect();
        for (i, p, model_id) in group {
            let outcome = if let Some(reason) = failed.get(model_id) {
                Err(reason.clone())
            } else if let Some(stock) = ok.get(model_id) {
                u32::try_from(*stock).map_err(|_| format!("Shopee reports stock {stock}"))
            } else {
                Err("Shopee did not confirm this model".to_string())
            };
            out[*i] = Some(StockPushResult {
                sku: p.sku.clone(),
                outcome,
            });
        }
        Ok(())
    }
}

impl SalesChannel for ShopeeClient {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Shopee
    }

    async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        let start = range.from.timestamp();
        // `to` is exclusive; Shopee's bounds are inclusive seconds.
        let last = range.to.timestamp() - 1;
        if last < start {
            return Ok(OrderPage::done(Vec::new(), range));
        }
        let mut pos = match cursor {
            None => OrdersCursor {
                w: start,
                c: String::new(),
            },
            Some(c) => serde_json::from_str::<OrdersCursor>(&c.0)
                .ok()
                .filter(|p| p.w >= start && p.w <= last)
                .ok_or_else(|| ChannelError::Rejected {
                    channel: CHANNEL,
                    code: "cursor".into(),
                    message: format!("not sent: {:?} is not a cursor for this range", c.0),
                })?,
        };
        loop {
            // Shopee wants from < to, so a one-second window is asked as two.
            let to = (pos.w + WINDOW_SECS - 1).min(last).max(pos.w + 1);
            let query = [
                ("time_range_field", "update_time".to_string()),
                ("time_from", pos.w.to_string()),
                ("time_to", to.to_string()),
                ("page_size", ORDER_PAGE_SIZE.to_string()),
                ("cursor", pos.c.clone()),
                ("response_optional_fields", "order_status".to_string()),
            ];
            let list: OrderList = decode(
                "get_order_list reply",
                response(self.get(PATH_ORDER_LIST, &query).await?),
            )?;
            let orders: Vec<OrderRef> = list
                .order_list
                .into_iter()
                .map(|o| OrderRef {
                    external_id: o.order_sn,
                    channel_status: o.order_status,
                })
                .collect();
            if list.more {
                if list.next_cursor.is_empty() {
                    return Err(malformed("get_order_list: more=true without next_cursor"));
                }
                let next = OrdersCursor {
                    w: pos.w,
                    c: list.next_cursor,
                };
                // Within a window Shopee's pages are in no time order: only the
                // windows before this one are known to be done (none, in the first).
                return Ok(OrderPage {
                    orders,
                    next: Some(next.encode()),
                    reached: (pos.w > start)
                        .then(|| DateTime::from_timestamp(pos.w, 0))
                        .flatten(),
                });
            }
            let next_w = pos.w + WINDOW_SECS;
            if next_w > last {
                return Ok(OrderPage::done(orders, range));
            }
            pos = OrdersCursor {
                w: next_w,
                c: String::new(),
            };
            // An empty window is skipped rather than handed back.
            if !orders.is_empty() {
                return Ok(OrderPage {
                    orders,
                    next: Some(pos.encode()),
                    reached: DateTime::from_timestamp(pos.w, 0),
                });
            }
        }
    }

    async fn order_details(&self, external_ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        let mut out = Vec::with_capacity(external_ids.len());
        let ids: Vec<&str> = external_ids
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        for chunk in ids.chunks(BATCH) {
            let query = [
                ("order_sn_list", chunk.join(",")),
                ("response_optional_fields", DETAIL_FIELDS.to_string()),
            ];
            let detail: OrderDetail = decode(
                "get_order_detail reply",
                response(self.get(PATH_ORDER_DETAIL, &query).await?),
            )?;
            for o in detail.order_list {
                out.push(o.into_order()?);
            }
        }
        Ok(out)
    }

    async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let offset = match cursor {
            None => 0,
            Some(c) => c.0.parse::<u64>().map_err(|_| ChannelError::Rejected {
                channel: CHANNEL,
                code: "cursor".into(),
                message: format!("not sent: {:?} is not a listings cursor", c.0),
            })?,
        };
        self.listing_page(offset).await
    }

    async fn find_listing(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        let wanted = sku.trim();
        let mut found = Vec::new();
        let mut cursor: Option<PageCursor> = None;
        for _ in 0..MAX_LISTING_PAGES {
            let page = self.listings(cursor.as_ref()).await?;
            found.extend(page.listings.into_iter().filter(|l| l.sku == wanted));
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(found),
            }
        }
        Err(ChannelError::Rejected {
            channel: CHANNEL,
            code: "too_many_listings".into(),
            message: format!(
                "stopped looking for {wanted} after {} listings",
                MAX_LISTING_PAGES * ITEM_PAGE_SIZE
            ),
        })
    }

    async fn push_stock(&self, pushes: &[StockPush]) -> ChannelResult<Vec<StockPushResult>> {
        let mut out: Vec<Option<StockPushResult>> = vec![None; pushes.len()];
        // One call per item (Shopee's rule), in the order items first appear.
        let mut groups: Vec<(i64, StockGroup<'_>)> = Vec::new();
        for (i, p) in pushes.iter().enumerate() {
            let ids = (
                p.item_id.trim().parse::<i64>(),
                p.sku_id.trim().parse::<i64>(),
            );
            let (Ok(item_id), Ok(model_id)) = ids else {
                out[i] = Some(StockPushResult {
                    sku: p.sku.clone(),
                    outcome: Err(format!(
                        "not sent: item {:?} / model {:?} are not Shopee ids",
                        p.item_id, p.sku_id
                    )),
                });
                continue;
            };
            match groups.iter_mut().find(|(id, _)| *id == item_id) {
                Some((_, g)) => g.push((i, p, model_id)),
                None => groups.push((item_id, vec![(i, p, model_id)])),
            }
        }
        for (item_id, group) in &groups {
            for chunk in group.chunks(STOCK_BATCH) {
                self.push_item_stock(*item_id, chunk, &mut out).await?;
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
        let not_sent = |why: String| ChannelError::Rejected {
            channel: CHANNEL,
            code: "not_sent".into(),
            message: format!("not sent: {why}"),
        };
        if self.logistic_ids.is_empty() {
            return Err(ChannelError::NotConfigured {
                channel: CHANNEL,
                detail: "set channels.shopee.logistic_ids (the logistics channels new \
                         listings ship with)"
                    .into(),
            });
        }
        let category_id: i64 = p.category_id.trim().parse().map_err(|_| {
            not_sent(format!(
                "category {:?} is not a Shopee category id",
                p.category_id
            ))
        })?;
        if p.images.is_empty() {
            return Err(not_sent("Shopee needs at least one image id".into()));
        }
        if p.sku.trim().is_empty() || p.name.trim().is_empty() {
            return Err(not_sent("a listing needs a SKU and a name".into()));
        }
        if p.price <= Decimal::ZERO {
            return Err(not_sent(format!("price {} must be above zero", p.price)));
        }
        if p.weight_grams == 0 {
            return Err(not_sent("weight must be above zero".into()));
        }
        let logistics: Vec<Value> = self
            .logistic_ids
            .iter()
            .map(|id| json!({ "logistic_id": id, "enabled": true }))
            .collect();
        let mut body = json!({
            "original_price": decimal_number(p.price)?,
            "description": p.description,
            "weight": decimal_number(Decimal::from(p.weight_grams) / Decimal::from(1000))?,
            "item_name": p.name,
            "item_status": "NORMAL",
            "category_id": category_id,
            "image": { "image_id_list": p.images },
            "logistic_info": logistics,
            "item_sku": p.sku.trim(),
            "condition": "NEW",
            "seller_stock": [ { "stock": p.stock } ],
        });
        if p.length_cm > 0 && p.width_cm > 0 && p.height_cm > 0 {
            body["dimension"] = json!({
                "package_length": p.length_cm,
                "package_width": p.width_cm,
                "package_height": p.height_cm,
            });
        }
        if let Some(brand) = p.brand.as_deref().filter(|b| !b.trim().is_empty()) {
            body["brand"] = json!({ "brand_id": 0, "original_brand_name": brand.trim() });
        }
        let created: AddItem = decode(
            "add_item reply",
            response(self.post(PATH_ADD_ITEM, &body).await?),
        )?;
        Ok(vec![Listing {
            item_id: created.item_id.to_string(),
            sku_id: "0".into(),
            sku: p.sku.trim().to_string(),
            name: p.name.clone(),
            price: Some(p.price),
            stock: Some(i64::from(p.stock)),
            status: created.item_status.unwrap_or_else(|| "NORMAL".into()),
        }])
    }

    async fn exchange_code(&self, code: &str) -> ChannelResult<TokenPair> {
        let body = json!({
            "code": code.trim(),
            "partner_id": self.partner_id,
            "shop_id": self.shop_id,
        });
        let pair = token_pair(self.token_call(PATH_TOKEN_GET, &body).await?)?;
        self.tokens.install(pair).await
    }

    async fn refresh_tokens(&self) -> ChannelResult<TokenPair> {
        self.refresh_after(None).await
    }
}

#[cfg(test)]
mod tests;
