//! [`StorefrontClient`]: one storefront shop's admin API as a
//! [`SalesChannel`], so the stock outbox drain and the listing match treat it like a
//! marketplace shop. What differs per platform lives in `woocommerce`, `haravan`, `sapo`
//! and `shopify`; what they share — one HTTP client per shop with its timeout, each
//! platform's credentials on every request, rate limits waited out per
//! [`RetryPolicy`], and replies read into [`ChannelError`]s — lives here.
//!
//! Orders do not come through this client: storefronts send them by signed webhook.

use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use super::config::StorefrontConfig;
use super::{haravan::Haravan, sapo::Sapo, shopify::Shopify, woocommerce::WooCommerce};
use crate::http::{self, Reply};
use crate::marketplace::{
    ChannelError, ChannelKind, ChannelOrder, ChannelResult, Listing, ListingPage, NewListing,
    OrderPage, PageCursor, RetryPolicy, SalesChannel, Secret, StockPush, StockPushResult,
    TimeRange, TokenPair, status_refusal,
};

/// `find_listing` walks the listings when the platform cannot be asked by SKU; a shop
/// beyond this many pages is not walked to the end.
pub(super) const MAX_LISTING_PAGES: usize = 400;

/// How a request proves who we are (reference §8.1, §9.1, §10.3, B4).
#[derive(Debug, Clone)]
enum Auth {
    /// Sapo private app (API key : secret), WooCommerce (`ck_…` : `cs_…`).
    Basic { user: Secret, password: Secret },
    /// Haravan.
    Bearer(Secret),
    /// Shopify's `X-Shopify-Access-Token`.
    ShopifyToken(Secret),
}

/// One shop's admin API over HTTP: cheap to clone (reqwest shares its pool).
#[derive(Debug, Clone)]
pub(super) struct Admin {
    pub(super) kind: ChannelKind,
    http: reqwest::Client,
    /// The API root without a trailing slash; paths start with `/`.
    base: Arc<str>,
    auth: Auth,
    pub(super) retry: RetryPolicy,
}

impl Admin {
    pub(super) fn channel(&self) -> &'static str {
        self.kind.label()
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// One request with the shop's credentials; the reply as it came. Only the path goes
    /// to the debug log (http::send never logs headers, where the credentials are).
    pub(super) async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> ChannelResult<Reply> {
        let mut request = self.http.request(method, self.url(path));
        if !query.is_empty() {
            request = request.query(query);
        }
        request = match &self.auth {
            Auth::Basic { user, password } => {
                request.basic_auth(user.expose(), Some(password.expose()))
            }
            Auth::Bearer(token) => request.bearer_auth(token.expose()),
            Auth::ShopifyToken(token) => request.header("X-Shopify-Access-Token", token.expose()),
        };
        if let Some(b) = body {
            request = request.json(b);
        }
        Ok(http::send(self.channel(), path, request).await?)
    }

    /// A request whose reply `read` turns into a result, sent again after a rate limit
    /// as long as the retry policy allows (a refused or unanswered call is not repeated
    /// here: the outbox reschedules it).
    pub(super) async fn call<T>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        read: impl Fn(&Admin, &Reply) -> ChannelResult<T>,
    ) -> ChannelResult<T> {
        let mut waits = 0;
        loop {
            let result = match self.send(method.clone(), path, query, body).await {
                Ok(reply) => read(self, &reply),
                Err(e) => Err(e),
            };
            match result {
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

    /// The page `cursor` names of a REST list paged by `limit` and `page` (Haravan,
    /// Sapo): its number and its body read as `T`; `what` names the list when its shape
    /// is not the documented one.
    pub(super) async fn get_page<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        what: &str,
        cursor: Option<&PageCursor>,
        per_page: usize,
    ) -> ChannelResult<(u32, T)> {
        let page = page_number(self.channel(), cursor)?;
        let query = [("limit", per_page.to_string()), ("page", page.to_string())];
        let reply = self
            .call(Method::GET, path, &query, None, Admin::rest_json)
            .await?;
        Ok((page, decode(self.channel(), what, reply)?))
    }

    /// A REST reply (WooCommerce, Haravan, Sapo): 429 → rate limited (Retry-After, else
    /// a second), 5xx → transport trouble, 401/403 → our keys, any other non-2xx → the
    /// platform's refusal with its code and words, 2xx → the JSON body.
    pub(super) fn rest_json(&self, reply: &Reply) -> ChannelResult<Value> {
        let channel = self.channel();
        if let Some(e) = status_refusal(channel, reply) {
            return Err(e);
        }
        let status = reply.status.as_u16();
        if reply.status.is_success() {
            return Ok(http::json_body(channel, reply, false)?);
        }
        let (code, message) = rest_refusal(reply);
        if matches!(status, 401 | 403) {
            // Haravan also answers 403 for a resource that is not there (reference B2):
            // read as our keys, since one bad id cannot be told from a missing scope.
            return Err(ChannelError::Auth {
                channel,
                message: format!("HTTP {status} {code}: {message}"),
            });
        }
        Err(ChannelError::Rejected {
            channel,
            code,
            message,
        })
    }
}

/// The code and words of a REST error body: WooCommerce's `{"code","message"}`, the
/// Shopify-style `{"errors": "…" | {field: ["…"]}}` Haravan and Sapo answer with, or the
/// body's start.
fn rest_refusal(reply: &Reply) -> (String, String) {
    let status = reply.status.as_u16();
    let fallback = || (format!("http_{status}"), http::excerpt(&reply.body));
    let Ok(body) = serde_json::from_slice::<Value>(&reply.body) else {
        return fallback();
    };
    let code = body
        .get("code")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .map_or_else(|| format!("http_{status}"), str::to_string);
    let message = match (
        body.get("message"),
        body.get("errors").or(body.get("error")),
    ) {
        (Some(Value::String(m)), _) if !m.trim().is_empty() => m.clone(),
        (_, Some(errors)) => flatten_errors(errors),
        _ => http::excerpt(&reply.body),
    };
    (code, message)
}

/// `"bad"`, `["a","b"]` or `{"field": ["is bad"]}` as one line.
pub(super) fn flatten_errors(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(flatten_errors)
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", flatten_errors(v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// A malformed-reply error naming what was expected.
pub(super) fn malformed(channel: &'static str, detail: impl Into<String>) -> ChannelError {
    ChannelError::Malformed {
        channel,
        detail: detail.into(),
    }
}

/// Reads `value` as `T`, naming `what` when its shape is not the documented one.
pub(super) fn decode<T: serde::de::DeserializeOwned>(
    channel: &'static str,
    what: &str,
    value: Value,
) -> ChannelResult<T> {
    Ok(http::decode(channel, what, value)?)
}

/// A page-number cursor: `None` is page 1.
pub(super) fn page_number(
    channel: &'static str,
    cursor: Option<&PageCursor>,
) -> ChannelResult<u32> {
    match cursor {
        None => Ok(1),
        Some(c) => {
            c.0.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| ChannelError::Rejected {
                    channel,
                    code: "cursor".into(),
                    message: format!("not sent: {:?} is not a listings cursor", c.0),
                })
        }
    }
}

/// The next page's cursor when this one was full.
pub(super) fn next_page(page: u32, got: usize, per_page: usize) -> Option<PageCursor> {
    (got >= per_page).then(|| PageCursor((page + 1).to_string()))
}

/// Results in push order; a push nothing was said about is reported unsent.
pub(super) fn in_order(
    out: Vec<Option<StockPushResult>>,
    pushes: &[StockPush],
) -> Vec<StockPushResult> {
    out.into_iter()
        .zip(pushes)
        .map(|(r, p)| {
            r.unwrap_or_else(|| StockPushResult {
                sku: p.sku.clone(),
                outcome: Err("not sent".into()),
            })
        })
        .collect()
}

/// The platform refused a whole call: each of its pushes says so; other calls still go.
pub(super) fn refuse_all<'a>(
    out: &mut [Option<StockPushResult>],
    group: impl IntoIterator<Item = (usize, &'a StockPush)>,
    why: &str,
) {
    for (i, p) in group {
        out[i] = Some(StockPushResult {
            sku: p.sku.clone(),
            outcome: Err(why.to_string()),
        });
    }
}

/// A push whose ids are not this platform's: refused before anything is sent.
pub(super) fn bad_ids(channel: &'static str, p: &StockPush) -> StockPushResult {
    StockPushResult {
        sku: p.sku.clone(),
        outcome: Err(format!(
            "not sent: item {:?} / variant {:?} are not {channel} ids",
            p.item_id, p.sku_id
        )),
    }
}

#[derive(Debug, Clone)]
enum Platform {
    WooCommerce(WooCommerce),
    Haravan(Haravan),
    Sapo(Sapo),
    Shopify(Shopify),
}

/// One storefront shop's admin API. Cheap to clone.
#[derive(Debug, Clone)]
pub struct StorefrontClient {
    code: Arc<str>,
    platform: Platform,
}

impl StorefrontClient {
    /// The client for the shop `[storefronts.<code>]` describes. Its settings are checked
    /// first ([`StorefrontConfig::check_admin`]); nothing is sent.
    pub fn new(code: &str, cfg: &StorefrontConfig) -> ChannelResult<StorefrontClient> {
        cfg.check_admin(code)?;
        let kind = cfg.kind;
        let channel = kind.label();
        let setting = crate::marketplace::setting(&format!("storefronts.{code}.base_url"));
        let url = http::checked_base_url(channel, &setting, &cfg.base_url)?;
        let root = url.as_str().trim_end_matches('/').to_string();
        let secret = |s: &Option<Secret>| s.clone().unwrap_or_default();
        let (base, auth) = match kind {
            ChannelKind::WooCommerce => {
                // The site's address; the REST root is under it (reference §10.3).
                let base = if root.ends_with("/wp-json/wc/v3") {
                    root
                } else {
                    format!("{root}/wp-json/wc/v3")
                };
                let auth = Auth::Basic {
                    user: secret(&cfg.consumer_key),
                    password: secret(&cfg.consumer_secret),
                };
                (base, auth)
            }
            ChannelKind::Sapo => (
                root,
                Auth::Basic {
                    user: secret(&cfg.api_key),
                    password: secret(&cfg.api_secret),
                },
            ),
            ChannelKind::Haravan => (root, Auth::Bearer(secret(&cfg.access_token))),
            ChannelKind::Shopify => (root, Auth::ShopifyToken(secret(&cfg.access_token))),
            ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => {
                return Err(ChannelError::NotConfigured {
                    channel,
                    detail: format!("[storefronts.{code}] names a marketplace"),
                });
            }
        };
        let admin = Admin {
            kind,
            http: http::build_client(channel, http::timeout_from(cfg.timeout_secs))?,
            base: Arc::from(base),
            auth,
            retry: RetryPolicy::default(),
        };
        let location = cfg.location().unwrap_or_default();
        let platform = match kind {
            ChannelKind::WooCommerce => Platform::WooCommerce(WooCommerce::new(admin)),
            ChannelKind::Sapo => Platform::Sapo(Sapo::new(admin)),
            ChannelKind::Haravan => Platform::Haravan(Haravan::new(admin, location)?),
            _ => Platform::Shopify(Shopify::new(admin, location, cfg.api_version.trim())),
        };
        Ok(StorefrontClient {
            code: Arc::from(code),
            platform,
        })
    }

    /// The shop's channel code (`[storefronts.<code>]`).
    pub fn code(&self) -> &str {
        &self.code
    }

    fn admin_mut(&mut self) -> &mut Admin {
        match &mut self.platform {
            Platform::WooCommerce(p) => &mut p.admin,
            Platform::Haravan(p) => &mut p.admin,
            Platform::Sapo(p) => &mut p.admin,
            Platform::Shopify(p) => &mut p.admin,
        }
    }

    fn channel(&self) -> &'static str {
        self.kind().label()
    }

    /// How rate limits are waited out (default [`RetryPolicy::default`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> StorefrontClient {
        self.admin_mut().retry = retry;
        self
    }

    /// Walks the listings for the variants carrying `sku` (platforms that cannot be
    /// asked by SKU).
    pub(super) async fn walk_for(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        let wanted = sku.trim();
        let mut found = Vec::new();
        let mut cursor: Option<PageCursor> = None;
        for _ in 0..MAX_LISTING_PAGES {
            let page = self.listings(cursor.as_ref()).await?;
            found.extend(page.listings.into_iter().filter(|l| l.sku.trim() == wanted));
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(found),
            }
        }
        Err(ChannelError::Rejected {
            channel: self.channel(),
            code: "too_many_pages".into(),
            message: format!("stopped looking for {wanted} after {MAX_LISTING_PAGES} pages"),
        })
    }

    fn not_for_storefronts(&self, what: &str) -> ChannelError {
        ChannelError::Rejected {
            channel: self.channel(),
            code: "not_sent".into(),
            message: format!(
                "not sent: {what} — a storefront is reached with the admin keys in \
                 [storefronts.{}], and its products are made on the website",
                self.code
            ),
        }
    }
}

impl SalesChannel for StorefrontClient {
    fn kind(&self) -> ChannelKind {
        match &self.platform {
            Platform::WooCommerce(_) => ChannelKind::WooCommerce,
            Platform::Haravan(_) => ChannelKind::Haravan,
            Platform::Sapo(_) => ChannelKind::Sapo,
            Platform::Shopify(_) => ChannelKind::Shopify,
        }
    }

    /// Storefront orders arrive by signed webhook. WooCommerce, which never retries a
    /// failed delivery, is also pulled as a catch-up (its order list by modified time);
    /// the others retry (Shopify 8 times over 4 hours) and return nothing here: a
    /// catch-up pull for them is not built.
    async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        match &self.platform {
            Platform::WooCommerce(p) => p.orders_changed(range, cursor).await,
            _ => Ok(OrderPage::done(Vec::new(), range)),
        }
    }

    async fn order_details(&self, external_ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        match &self.platform {
            Platform::WooCommerce(p) => p.order_details(external_ids).await,
            _ => Ok(Vec::new()),
        }
    }

    async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        match &self.platform {
            Platform::WooCommerce(p) => p.listings(cursor).await,
            Platform::Haravan(p) => p.listings(cursor).await,
            Platform::Sapo(p) => p.listings(cursor).await,
            Platform::Shopify(p) => p.listings(cursor).await,
        }
    }

    async fn find_listing(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        match &self.platform {
            Platform::WooCommerce(p) => match p.find_by_sku(sku).await? {
                found if !found.is_empty() => Ok(found),
                // `?sku=` on /products finds products, and a variation only through a
                // parent that carries the same SKU: walk when it finds nothing.
                _ => self.walk_for(sku).await,
            },
            Platform::Shopify(p) => p.find_by_sku(sku).await,
            Platform::Haravan(_) | Platform::Sapo(_) => self.walk_for(sku).await,
        }
    }

    async fn push_stock(&self, pushes: &[StockPush]) -> ChannelResult<Vec<StockPushResult>> {
        match &self.platform {
            Platform::WooCommerce(p) => p.push_stock(pushes).await,
            Platform::Haravan(p) => p.push_stock(pushes).await,
            Platform::Sapo(p) => p.push_stock(pushes).await,
            Platform::Shopify(p) => p.push_stock(pushes).await,
        }
    }

    async fn create_listing(&self, _product: &NewListing) -> ChannelResult<Vec<Listing>> {
        Err(self.not_for_storefronts("orderdeck does not create products on a storefront"))
    }

    async fn exchange_code(&self, _code: &str) -> ChannelResult<TokenPair> {
        Err(self.not_for_storefronts("there is no authorisation code to exchange"))
    }

    async fn refresh_tokens(&self) -> ChannelResult<TokenPair> {
        Err(self.not_for_storefronts("there are no tokens to refresh"))
    }
}

/// A text field that may come as a string, a number or null (a blank SKU is `null` on
/// some platforms).
pub(super) fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::Deserialize;
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// An id that may come as a number or a numeric string.
pub(super) fn id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::Deserialize;
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| D::Error::custom(format!("id {n} is not a whole number"))),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("id {s:?} is not a number"))),
        other => Err(D::Error::custom(format!("id {other} is not a number"))),
    }
}

/// A listing price as the platform wrote it (WooCommerce: a string, empty when unset;
/// Haravan and Sapo: a number), read through its text so no float touches money.
pub(super) fn price(
    channel: &'static str,
    v: &Value,
) -> ChannelResult<Option<rust_decimal::Decimal>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        other => Ok(Some(http::amount_from_json(channel, "price", other)?)),
    }
}

/// "Product - Variant", or the product alone for a platform's one default variant.
pub(super) fn variant_name(product: &str, variant: &str) -> String {
    let (p, v) = (product.trim(), variant.trim());
    if v.is_empty() || v.eq_ignore_ascii_case("Default Title") || v == p {
        p.to_string()
    } else if p.is_empty() {
        v.to_string()
    } else {
        format!("{p} - {v}")
    }
}
