//! The configured marketplace shops as a process uses them: the `sales_channels` row of
//! each `[channels.*]` table, its tokens kept in the database, and one client per shop.
//!
//! A process opens each shop once and shares the client (and so its [`TokenKeeper`])
//! between everything that calls the platform: the sync worker and the webhook listener
//! then never refresh one shop's tokens twice. Across processes the database is the
//! meeting point: a new pair is committed before it is used ([`DbTokenStore`]), and a
//! process about to refresh first looks whether another one already did.

use std::sync::Arc;

use futures::future::BoxFuture;
use sqlx::PgPool;

use crate::secrets;
pub use orderdeck_domain::channels::parse_stock_buffer;
use orderdeck_integrations::marketplace::fulfil::{
    Arranged, BatchResult, CancelDecision, CancelRequest, Document, Fulfilment, Handover,
    HandoverOptions, PackageRef, PackageTracking,
};
use orderdeck_integrations::marketplace::lazada::LazadaClient;
use orderdeck_integrations::marketplace::shopee::ShopeeClient;
use orderdeck_integrations::marketplace::tiktok::TikTokClient;
use orderdeck_integrations::marketplace::{
    ChannelError, ChannelKind, ChannelResult, ChannelsConfig, ListingPage, NewListing, OrderPage,
    PageCursor, SalesChannel, Secret, StockPush, StockPushResult, TimeRange, TokenKeeper,
    TokenPair, TokenStore, WebhookEvent,
};
use orderdeck_integrations::marketplace::{ChannelOrder, Listing};
use orderdeck_integrations::storefront::StorefrontClient;
use orderdeck_store::channels::{self, ChannelRow, StoredTokens};
use orderdeck_store::{self as db, StoreError};

/// The pair as the row keeps it: sealed (see [`crate::secrets`]).
fn to_stored(channel_id: i64, p: &TokenPair) -> StoredTokens {
    StoredTokens {
        access_token: secrets::seal(channel_id, "access_token", p.access_token.expose()),
        refresh_token: secrets::seal(channel_id, "refresh_token", p.refresh_token.expose()),
        access_expires_at: p.access_expires_at,
        refresh_expires_at: p.refresh_expires_at,
    }
}

fn from_stored(channel_id: i64, t: StoredTokens) -> Result<TokenPair, StoreError> {
    let open = |field: &str, v: &str| {
        secrets::open(channel_id, field, v).map_err(|e| StoreError::Invalid(e.to_string()))
    };
    Ok(TokenPair {
        access_token: Secret::new(open("access_token", &t.access_token)?),
        refresh_token: Secret::new(open("refresh_token", &t.refresh_token)?),
        access_expires_at: t.access_expires_at,
        refresh_expires_at: t.refresh_expires_at,
    })
}

/// Tokens kept on the channel's `sales_channels` row.
#[derive(Debug, Clone)]
pub struct DbTokenStore {
    pool: PgPool,
    channel_id: i64,
}

impl DbTokenStore {
    pub fn new(pool: PgPool, channel_id: i64) -> DbTokenStore {
        DbTokenStore { pool, channel_id }
    }

    /// The pair stored now.
    pub async fn load(&self) -> Result<Option<TokenPair>, StoreError> {
        channels::load_tokens(&self.pool, self.channel_id)
            .await?
            .map(|t| from_stored(self.channel_id, t))
            .transpose()
    }
}

impl TokenStore for DbTokenStore {
    /// One autocommit statement on a pooled connection: committed on return, before the
    /// keeper starts using the pair.
    fn save<'a>(
        &'a self,
        _channel: ChannelKind,
        _shop: &'a str,
        tokens: &'a TokenPair,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            channels::save_tokens(
                &self.pool,
                self.channel_id,
                &to_stored(self.channel_id, tokens),
            )
            .await
            .map_err(|e| e.to_string())
        })
    }

    fn latest<'a>(
        &'a self,
        _channel: ChannelKind,
        _shop: &'a str,
    ) -> BoxFuture<'a, Result<Option<TokenPair>, String>> {
        Box::pin(async move { self.load().await.map_err(|e| e.to_string()) })
    }
}

/// A client for one shop, whichever platform it is on.
#[derive(Debug, Clone)]
pub enum ChannelClient {
    Shopee(ShopeeClient),
    Lazada(LazadaClient),
    TikTok(TikTokClient),
    /// The seller's own website (Haravan, Sapo, WooCommerce, Shopify): stock only.
    Store(Box<StorefrontClient>),
}

impl ChannelClient {
    /// Checks a push notification's signature (`Authorization` header over the raw body,
    /// each platform its own way) and reads it. A bad signature is
    /// [`ChannelError::Auth`].
    pub fn verify_push(
        &self,
        body: &[u8],
        authorization: Option<&str>,
    ) -> ChannelResult<WebhookEvent> {
        match self {
            ChannelClient::Shopee(c) => c.verify_push(body, authorization),
            ChannelClient::Lazada(c) => c.verify_push(body, authorization),
            ChannelClient::TikTok(c) => c.verify_webhook(body, authorization),
            // Storefront webhooks carry the order itself: `http::hooks` reads them.
            ChannelClient::Store(c) => Err(ships_itself(c.kind())),
        }
    }
}

impl SalesChannel for ChannelClient {
    fn kind(&self) -> ChannelKind {
        match self {
            ChannelClient::Shopee(_) => ChannelKind::Shopee,
            ChannelClient::Lazada(_) => ChannelKind::Lazada,
            ChannelClient::TikTok(_) => ChannelKind::TikTok,
            ChannelClient::Store(c) => c.kind(),
        }
    }

    async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        match self {
            ChannelClient::Shopee(c) => c.orders_changed(range, cursor).await,
            ChannelClient::Lazada(c) => c.orders_changed(range, cursor).await,
            ChannelClient::TikTok(c) => c.orders_changed(range, cursor).await,
            ChannelClient::Store(c) => c.orders_changed(range, cursor).await,
        }
    }

    async fn order_details(&self, external_ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        match self {
            ChannelClient::Shopee(c) => c.order_details(external_ids).await,
            ChannelClient::Lazada(c) => c.order_details(external_ids).await,
            ChannelClient::TikTok(c) => c.order_details(external_ids).await,
            ChannelClient::Store(c) => c.order_details(external_ids).await,
        }
    }

    async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        match self {
            ChannelClient::Shopee(c) => c.listings(cursor).await,
            ChannelClient::Lazada(c) => c.listings(cursor).await,
            ChannelClient::TikTok(c) => c.listings(cursor).await,
            ChannelClient::Store(c) => c.listings(cursor).await,
        }
    }

    async fn find_listing(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        match self {
            ChannelClient::Shopee(c) => c.find_listing(sku).await,
            ChannelClient::Lazada(c) => c.find_listing(sku).await,
            ChannelClient::TikTok(c) => c.find_listing(sku).await,
            ChannelClient::Store(c) => c.find_listing(sku).await,
        }
    }

    async fn push_stock(&self, pushes: &[StockPush]) -> ChannelResult<Vec<StockPushResult>> {
        match self {
            ChannelClient::Shopee(c) => c.push_stock(pushes).await,
            ChannelClient::Lazada(c) => c.push_stock(pushes).await,
            ChannelClient::TikTok(c) => c.push_stock(pushes).await,
            ChannelClient::Store(c) => c.push_stock(pushes).await,
        }
    }

    async fn create_listing(&self, product: &NewListing) -> ChannelResult<Vec<Listing>> {
        match self {
            ChannelClient::Shopee(c) => c.create_listing(product).await,
            ChannelClient::Lazada(c) => c.create_listing(product).await,
            ChannelClient::TikTok(c) => c.create_listing(product).await,
            ChannelClient::Store(c) => c.create_listing(product).await,
        }
    }

    async fn exchange_code(&self, code: &str) -> ChannelResult<TokenPair> {
        match self {
            ChannelClient::Shopee(c) => c.exchange_code(code).await,
            ChannelClient::Lazada(c) => c.exchange_code(code).await,
            ChannelClient::TikTok(c) => c.exchange_code(code).await,
            ChannelClient::Store(c) => c.exchange_code(code).await,
        }
    }

    async fn refresh_tokens(&self) -> ChannelResult<TokenPair> {
        match self {
            ChannelClient::Shopee(c) => c.refresh_tokens().await,
            ChannelClient::Lazada(c) => c.refresh_tokens().await,
            ChannelClient::TikTok(c) => c.refresh_tokens().await,
            ChannelClient::Store(c) => c.refresh_tokens().await,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Channel(#[from] ChannelError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One configured shop: its row and its client.
#[derive(Debug, Clone)]
pub struct OpenChannel {
    pub row: ChannelRow,
    pub client: ChannelClient,
}

impl OpenChannel {
    pub fn kind(&self) -> ChannelKind {
        self.client.kind()
    }
}

/// The kinds that have a `[channels.*]` table.
pub fn configured(cfg: &ChannelsConfig) -> Vec<ChannelKind> {
    let mut kinds = Vec::new();
    if cfg.shopee.is_some() {
        kinds.push(ChannelKind::Shopee);
    }
    if cfg.lazada.is_some() {
        kinds.push(ChannelKind::Lazada);
    }
    if cfg.tiktok.is_some() {
        kinds.push(ChannelKind::TikTok);
    }
    kinds
}

/// Opens the configured shop of this kind: its `sales_channels` row (made when missing,
/// code = kind; a configured shop id recorded), its stored tokens, a client. `None` when
/// `[channels.<kind>]` is absent.
pub async fn open(
    pool: &PgPool,
    cfg: &ChannelsConfig,
    kind: ChannelKind,
) -> Result<Option<OpenChannel>, OpenError> {
    let Some(shop_id) = configured_shop_id(cfg, kind) else {
        return Ok(None);
    };
    let row = channels::ensure(pool, kind.code(), kind.label(), &shop_id).await?;
    with_client(pool, cfg, kind, row).await
}

/// As [`open`], changing nothing: `None` also when the database has no row for the shop
/// yet (`config check` must not record a shop id from the config it is checking).
pub async fn open_existing(
    pool: &PgPool,
    cfg: &ChannelsConfig,
    kind: ChannelKind,
) -> Result<Option<OpenChannel>, OpenError> {
    if configured_shop_id(cfg, kind).is_none() {
        return Ok(None);
    }
    match channels::find_by_kind(pool, kind.code()).await? {
        Some(row) => with_client(pool, cfg, kind, row).await,
        None => Ok(None),
    }
}

/// The configured shop id (empty for platforms that name the shop by its token), or
/// `None` when the platform is not configured.
fn configured_shop_id(cfg: &ChannelsConfig, kind: ChannelKind) -> Option<String> {
    match kind {
        ChannelKind::Shopee => cfg.shopee.as_ref().map(|c| c.shop_id.to_string()),
        ChannelKind::Lazada => cfg.lazada.as_ref().map(|_| String::new()),
        ChannelKind::TikTok => cfg.tiktok.as_ref().map(|_| String::new()),
        // Storefronts are configured under `[storefronts.<code>]`, not here.
        ChannelKind::Haravan
        | ChannelKind::Sapo
        | ChannelKind::WooCommerce
        | ChannelKind::Shopify => None,
    }
}

async fn with_client(
    pool: &PgPool,
    cfg: &ChannelsConfig,
    kind: ChannelKind,
    row: ChannelRow,
) -> Result<Option<OpenChannel>, OpenError> {
    let store = DbTokenStore::new(pool.clone(), row.id);
    let initial = store.load().await?;
    let shop = if row.shop_id.is_empty() {
        row.code.clone()
    } else {
        row.shop_id.clone()
    };
    let keeper = TokenKeeper::new(kind, shop, initial, Arc::new(store));
    let client = match kind {
        ChannelKind::Shopee => match &cfg.shopee {
            Some(c) => ChannelClient::Shopee(ShopeeClient::new(c, keeper)?),
            None => return Ok(None),
        },
        ChannelKind::Lazada => match &cfg.lazada {
            Some(c) => ChannelClient::Lazada(LazadaClient::new(c, keeper)?),
            None => return Ok(None),
        },
        ChannelKind::TikTok => match &cfg.tiktok {
            Some(c) => ChannelClient::TikTok(TikTokClient::new(c, keeper)?),
            None => return Ok(None),
        },
        ChannelKind::Haravan
        | ChannelKind::Sapo
        | ChannelKind::WooCommerce
        | ChannelKind::Shopify => {
            return Ok(None);
        }
    };
    Ok(Some(OpenChannel { row, client }))
}

/// Every configured shop, each opened or with the reason it could not be.
pub async fn open_all(
    pool: &PgPool,
    cfg: &ChannelsConfig,
) -> Vec<(ChannelKind, Result<OpenChannel, OpenError>)> {
    let mut out = Vec::new();
    for kind in configured(cfg) {
        match open(pool, cfg, kind).await {
            Ok(Some(c)) => out.push((kind, Ok(c))),
            Ok(None) => {}
            Err(e) => out.push((kind, Err(e))),
        }
    }
    out
}

/// Stores tokens for a shop the seller has just authorised (from a code exchange done
/// elsewhere, or a pair handed over by hand).
pub async fn store_tokens(pool: &PgPool, channel_id: i64, pair: &TokenPair) -> db::Result<()> {
    channels::save_tokens(pool, channel_id, &to_stored(channel_id, pair)).await
}

/// A storefront has no logistics of its own to arrange: its orders are shipped with our
/// carriers (pane 4, the pack station), like a manual order's.
fn ships_itself(kind: ChannelKind) -> ChannelError {
    ChannelError::Rejected {
        channel: kind.label(),
        code: "own_shipping".into(),
        message: orderdeck_i18n::t!("err-storefront-ships-itself", platform = kind.label()),
    }
}

/// Each platform's own logistics, by the shop's platform.
impl Fulfilment for ChannelClient {
    async fn handover_options(&self, package: &PackageRef) -> ChannelResult<HandoverOptions> {
        match self {
            ChannelClient::Shopee(c) => c.handover_options(package).await,
            ChannelClient::Lazada(c) => c.handover_options(package).await,
            ChannelClient::TikTok(c) => c.handover_options(package).await,
            ChannelClient::Store(c) => Err(ships_itself(c.kind())),
        }
    }

    async fn arrange(&self, package: &PackageRef, handover: &Handover) -> ChannelResult<Arranged> {
        match self {
            ChannelClient::Shopee(c) => c.arrange(package, handover).await,
            ChannelClient::Lazada(c) => c.arrange(package, handover).await,
            ChannelClient::TikTok(c) => c.arrange(package, handover).await,
            ChannelClient::Store(c) => Err(ships_itself(c.kind())),
        }
    }

    async fn arrange_many(
        &self,
        packages: &[PackageRef],
        handover: &Handover,
    ) -> ChannelResult<Vec<BatchResult>> {
        match self {
            ChannelClient::Shopee(c) => c.arrange_many(packages, handover).await,
            ChannelClient::Lazada(c) => c.arrange_many(packages, handover).await,
            ChannelClient::TikTok(c) => c.arrange_many(packages, handover).await,
            ChannelClient::Store(c) => Err(ships_itself(c.kind())),
        }
    }

    async fn find_arranged(&self, package: &PackageRef) -> ChannelResult<Option<Arranged>> {
        match self {
            ChannelClient::Shopee(c) => c.find_arranged(package).await,
            ChannelClient::Lazada(c) => c.find_arranged(package).await,
            ChannelClient::TikTok(c) => c.find_arranged(package).await,
            ChannelClient::Store(_) => Ok(None),
        }
    }

    async fn tracking_number(&self, package: &PackageRef) -> ChannelResult<Option<String>> {
        match self {
            ChannelClient::Shopee(c) => c.tracking_number(package).await,
            ChannelClient::Lazada(c) => c.tracking_number(package).await,
            ChannelClient::TikTok(c) => c.tracking_number(package).await,
            ChannelClient::Store(_) => Ok(None),
        }
    }

    async fn documents(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<(PackageRef, ChannelResult<Document>)>> {
        match self {
            ChannelClient::Shopee(c) => c.documents(packages).await,
            ChannelClient::Lazada(c) => c.documents(packages).await,
            ChannelClient::TikTok(c) => c.documents(packages).await,
            ChannelClient::Store(c) => Ok(packages
                .iter()
                .map(|p| (p.clone(), Err(ships_itself(c.kind()))))
                .collect()),
        }
    }

    async fn package_tracking(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<PackageTracking>> {
        match self {
            ChannelClient::Shopee(c) => c.package_tracking(packages).await,
            ChannelClient::Lazada(c) => c.package_tracking(packages).await,
            ChannelClient::TikTok(c) => c.package_tracking(packages).await,
            ChannelClient::Store(_) => Ok(Vec::new()),
        }
    }

    async fn cancel_requests(&self, order_ids: &[String]) -> ChannelResult<Vec<CancelRequest>> {
        match self {
            ChannelClient::Shopee(c) => c.cancel_requests(order_ids).await,
            ChannelClient::Lazada(c) => c.cancel_requests(order_ids).await,
            ChannelClient::TikTok(c) => c.cancel_requests(order_ids).await,
            // A website's buyer cancels on the website: that arrives as a webhook.
            ChannelClient::Store(_) => Ok(Vec::new()),
        }
    }

    async fn decide_cancel(
        &self,
        request: &CancelRequest,
        decision: &CancelDecision,
        key: &str,
    ) -> ChannelResult<()> {
        match self {
            ChannelClient::Shopee(c) => c.decide_cancel(request, decision, key).await,
            ChannelClient::Lazada(c) => c.decide_cancel(request, decision, key).await,
            ChannelClient::TikTok(c) => c.decide_cancel(request, decision, key).await,
            ChannelClient::Store(c) => Err(ships_itself(c.kind())),
        }
    }
}
