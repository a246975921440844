//! Marketplace order sync against a real PostgreSQL and the simulator: tokens kept in the
//! database, orders pulled through intake (once, whatever the overlaps), cancellations and
//! address changes from the platforms, webhooks.

use crate::common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use orderdeck_app::channel_sync::{SyncError, SyncOptions, Syncer};
use orderdeck_app::channels::{self, ChannelClient, OpenChannel};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_integrations::marketplace::{
    ChannelKind, ChannelOrder, ChannelResult, ChannelsConfig, Listing, ListingPage, NewListing,
    OrderPage, PageCursor, SalesChannel, StockPush, StockPushResult, TimeRange, TokenPair,
};
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use orderdeck_store::channels as store_channels;
use sqlx::PgPool;

async fn start_sim() -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 42,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

fn config_for(sim: &SimHandle, kind: ChannelKind) -> ChannelsConfig {
    let mut cfg = ChannelsConfig::default();
    match kind {
        ChannelKind::Shopee => cfg.shopee = Some(sim.shopee_config()),
        ChannelKind::Lazada => cfg.lazada = Some(sim.lazada_config()),
        ChannelKind::TikTok => cfg.tiktok = Some(sim.tiktok_config()),
        other => panic!("not a marketplace: {other:?}"),
    }
    cfg
}

/// The shop opened from the database, authorised (tokens stored as after a consent).
async fn open_authorised(
    pool: &sqlx::PgPool,
    sim: &SimHandle,
    kind: ChannelKind,
) -> (ChannelsConfig, OpenChannel) {
    let cfg = config_for(sim, kind);
    let first = channels::open(pool, &cfg, kind).await.unwrap().unwrap();
    let pair = match kind {
        ChannelKind::Shopee => sim.shopee_authorize(),
        ChannelKind::Lazada => sim.lazada_authorize(),
        ChannelKind::TikTok => sim.tiktok_authorize(),
        other => panic!("not a marketplace: {other:?}"),
    };
    channels::store_tokens(pool, first.row.id, &pair)
        .await
        .unwrap();
    let open = channels::open(pool, &cfg, kind).await.unwrap().unwrap();
    (cfg, open)
}

fn last_days(days: i64) -> TimeRange {
    let now = chrono::Utc::now();
    TimeRange {
        from: now - chrono::Duration::days(days),
        to: now + chrono::Duration::seconds(1),
    }
}

#[tokio::test]
async fn tokens_live_in_the_database_and_a_refresh_is_stored_before_use() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    for kind in ChannelKind::ALL {
        let (cfg, open) = open_authorised(&db.pool, &sim, kind).await;
        let before = store_channels::load_tokens(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        // The row and its Debug never show the tokens.
        let row = store_channels::get(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        assert!(row.has_tokens);
        let shown = format!("{row:?} {before:?} {open:?}");
        assert!(!shown.contains(&before.access_token), "{shown}");
        assert!(!shown.contains(&before.refresh_token), "{shown}");

        // The platform stops taking the access token in the middle of a pull.
        let range = last_days(40);
        let page = open.client.orders_changed(range, None).await.unwrap();
        sim.expire_channel_tokens(kind);
        let mut cursor: Option<PageCursor> = page.next;
        let mut pages = 1;
        while let Some(c) = cursor {
            let p = open.client.orders_changed(range, Some(&c)).await.unwrap();
            cursor = p.next;
            pages += 1;
        }
        assert!(pages >= 2, "{kind:?}: {pages} pages");
        assert_eq!(sim.channel_refresh_count(kind), 1, "{kind:?}");
        let after = store_channels::load_tokens(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(after.access_token, before.access_token, "{kind:?}");
        if kind == ChannelKind::Shopee {
            // Single-use refresh token: the new one is what is stored.
            assert_ne!(after.refresh_token, before.refresh_token);
        }

        // Another process opening the shop now starts from the stored pair, and a second
        // expiry is handled from it (Shopee's old refresh token would be refused).
        let again = channels::open(&db.pool, &cfg, kind).await.unwrap().unwrap();
        sim.expire_channel_tokens(kind);
        again
            .client
            .orders_changed(last_days(1), None)
            .await
            .unwrap();
        assert_eq!(sim.channel_refresh_count(kind), 2, "{kind:?}");

        // The first client's pair is stale now (and, on Shopee, its refresh token
        // spent): it takes the stored pair instead of refreshing.
        let refreshed = open.client.refresh_tokens().await.unwrap();
        let stored = store_channels::load_tokens(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(refreshed.access_token.expose(), stored.access_token);
        assert_eq!(sim.channel_refresh_count(kind), 2, "{kind:?}");
    }
}

// ---------------------------------------------------------------------------------
// Order sync

/// Warehouses, and one variant for every SKU the shop lists (bar the platform-only
/// ones unless `all`), each with `stock` units in HN.
async fn catalog_from_listings(
    pool: &PgPool,
    client: &ChannelClient,
    stock: i32,
    all: bool,
) -> Vec<String> {
    sqlx::query(
        "insert into warehouses (code, name) values ('HN', 'Kho Hà Nội'), ('HCM', 'Kho Hồ Chí Minh')
         on conflict do nothing",
    )
    .execute(pool)
    .await
    .unwrap();
    let hn: i64 = sqlx::query_scalar("select id from warehouses where code = 'HN'")
        .fetch_one(pool)
        .await
        .unwrap();
    let mut skus = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    loop {
        let page = client.listings(cursor.as_ref()).await.unwrap();
        for l in page.listings {
            let sku = l.sku.trim().to_string();
            if !sku.is_empty() && (all || !sku.contains("ONLY")) && !skus.contains(&sku) {
                skus.push(sku);
            }
        }
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    for sku in &skus {
        let p: i64 = sqlx::query_scalar("insert into products (name) values ($1) returning id")
            .bind(format!("Sản phẩm {sku}"))
            .fetch_one(pool)
            .await
            .unwrap();
        let v: i64 = sqlx::query_scalar(
            "insert into variants (product_id, sku, sale_price, cost_price) values ($1, $2, 100000, 60000) returning id",
        )
        .bind(p)
        .bind(sku)
        .fetch_one(pool)
        .await
        .unwrap();
        let mut tx = pool.begin().await.unwrap();
        common::post_move(&mut tx, v, hn, stock, "opening").await;
        tx.commit().await.unwrap();
    }
    skus
}

fn syncer(pool: &PgPool) -> Syncer {
    Syncer::new(
        pool.clone(),
        IntakeQueue::start(pool.clone(), 1),
        SyncOptions::default(),
    )
}

/// A shop ready to sync: authorised, our catalog made from its listings.
async fn shop(pool: &PgPool, sim: &SimHandle, kind: ChannelKind) -> OpenChannel {
    let (_, open) = open_authorised(pool, sim, kind).await;
    catalog_from_listings(pool, &open.client, 100_000, false).await;
    open
}

/// A moment ago: a pull reads up to the second it starts in, not that second itself.
fn just_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() - chrono::Duration::seconds(2)
}

/// One fresh order on the platform, ready to ship, updated just now.
fn new_platform_order(sim: &SimHandle, kind: ChannelKind) -> String {
    let now = just_now();
    match kind {
        ChannelKind::Shopee => sim.shopee_add_orders(1, now, "READY_TO_SHIP").remove(0),
        ChannelKind::Lazada => sim.lazada_add_orders_in(1, now, "pending")[0].to_string(),
        ChannelKind::TikTok => sim.tiktok_add_orders(1, now, "AWAITING_SHIPMENT").remove(0),
        other => panic!("not a marketplace: {other:?}"),
    }
}

fn cancel_on_platform(sim: &SimHandle, kind: ChannelKind, id: &str) {
    let done = match kind {
        ChannelKind::Shopee => sim.shopee_set_order_status(id, "CANCELLED"),
        ChannelKind::Lazada => {
            let id: i64 = id.parse().unwrap();
            let mut i = 0;
            while sim.lazada_set_item_status(id, i, "canceled") {
                i += 1;
            }
            i > 0
        }
        ChannelKind::TikTok => sim.tiktok_set_order_status(id, "CANCELLED"),
        other => panic!("not a marketplace: {other:?}"),
    };
    assert!(done, "{kind:?} {id}");
}

fn move_on_platform(sim: &SimHandle, kind: ChannelKind, id: &str, street: &str) {
    let done = match kind {
        ChannelKind::Shopee => sim.shopee_set_address(id, street),
        ChannelKind::Lazada => sim.lazada_set_address(id.parse().unwrap(), street),
        ChannelKind::TikTok => sim.tiktok_set_address(id, street),
        other => panic!("not a marketplace: {other:?}"),
    };
    assert!(done, "{kind:?} {id}");
}

#[derive(Debug, sqlx::FromRow)]
struct Ours {
    id: i64,
    status: String,
    ship_address: serde_json::Value,
    reserved: i64,
    qty: i64,
}

async fn ours(pool: &PgPool, channel_id: i64, external_id: &str) -> Vec<Ours> {
    sqlx::query_as(
        "select o.id, o.status, o.ship_address,
                coalesce((select sum(r.qty) from reservations r join order_lines l on l.id = r.order_line_id
                          where l.order_id = o.id), 0)::bigint as reserved,
                (select sum(l.qty) from order_lines l where l.order_id = o.id)::bigint as qty
         from orders o where o.channel_id = $1 and o.external_id = $2",
    )
    .bind(channel_id)
    .bind(external_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn timeline(pool: &PgPool, order_id: i64) -> Vec<(String, String)> {
    sqlx::query_as("select kind, message from order_events where order_id = $1 order by id")
        .bind(order_id)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn pulled_and_pushed_twice_each_is_one_order_with_its_reservation() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    for kind in ChannelKind::ALL {
        let shop = shop(&db.pool, &sim, kind).await;
        let id = new_platform_order(&sim, kind);
        let first = sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        assert!(first.created > 1, "{kind:?}: {first}");
        let second = sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        assert_eq!(second.created, 0, "{kind:?} overlap: {second}");
        assert!(second.duplicates >= 1, "{kind:?}: {second}");
        for _ in 0..2 {
            let r = sync
                .sync_order(&shop.client, shop.row.id, &id)
                .await
                .unwrap();
            assert_eq!(
                (r.fetched, r.created, r.duplicates),
                (1, 0, 1),
                "{kind:?}: {r}"
            );
        }
        let found = ours(&db.pool, shop.row.id, &id).await;
        assert_eq!(found.len(), 1, "{kind:?}");
        assert_eq!(found[0].status, "reserved", "{kind:?}");
        assert_eq!(found[0].reserved, found[0].qty, "{kind:?}");

        // Nothing at all is in twice, and every order that wants stock is in.
        let dupes: i64 = sqlx::query_scalar(
            "select count(*) from (select external_id from orders where channel_id = $1
             group by external_id having count(*) > 1) d",
        )
        .bind(shop.row.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(dupes, 0);
        let row = store_channels::get(&db.pool, shop.row.id)
            .await
            .unwrap()
            .unwrap();
        assert!(
            row.last_sync_at.is_some() && row.last_error.is_none(),
            "{row:?}"
        );
        // The platform-only SKUs are problems with a reason, not lost.
        let problems: Vec<String> =
            sqlx::query_scalar("select reason from channel_order_problems where channel_id = $1")
                .bind(shop.row.id)
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert!(
            problems.iter().all(|r| r.contains("unknown SKU")),
            "{kind:?}: {problems:?}"
        );
    }
    common::assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn a_cancellation_on_the_platform_cancels_ours_and_gives_the_stock_back() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    for kind in ChannelKind::ALL {
        let shop = shop(&db.pool, &sim, kind).await;
        let id = new_platform_order(&sim, kind);
        let shipped = new_platform_order(&sim, kind);
        sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        let before = ours(&db.pool, shop.row.id, &id).await.remove(0);
        assert_eq!(before.reserved, before.qty);
        // The other one has left the warehouse here.
        let other = ours(&db.pool, shop.row.id, &shipped).await.remove(0);
        sqlx::query("update orders set status = 'shipped' where id = $1")
            .bind(other.id)
            .execute(&db.pool)
            .await
            .unwrap();

        cancel_on_platform(&sim, kind, &id);
        cancel_on_platform(&sim, kind, &shipped);
        // A pull reads up to the second it starts in.
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let r = sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        assert_eq!(r.cancelled, 1, "{kind:?}: {r}");
        let after = ours(&db.pool, shop.row.id, &id).await.remove(0);
        assert_eq!(after.status, "cancelled", "{kind:?}");
        assert_eq!(after.reserved, 0, "{kind:?}");
        let events = timeline(&db.pool, after.id).await;
        let (k, m) = events.last().unwrap();
        assert_eq!(k, "cancelled");
        assert!(
            m.contains(kind.label()) && m.contains("reservations released"),
            "{m}"
        );

        // Shipped already: not cancelled, but the timeline says so.
        let other = ours(&db.pool, shop.row.id, &shipped).await.remove(0);
        assert_eq!(other.status, "shipped");
        let events = timeline(&db.pool, other.id).await;
        assert!(
            events
                .iter()
                .any(|(k, m)| k == "platform" && m.contains("already shipped")),
            "{events:?}"
        );

        // Told again (webhook, overlap): nothing more happens.
        let r = sync
            .sync_order(&shop.client, shop.row.id, &id)
            .await
            .unwrap();
        assert_eq!((r.cancelled, r.updated), (0, 0), "{kind:?}: {r}");
        let r = sync
            .sync_order(&shop.client, shop.row.id, &shipped)
            .await
            .unwrap();
        assert_eq!((r.cancelled, r.updated), (0, 0), "{kind:?}: {r}");
        assert_eq!(timeline(&db.pool, other.id).await.len(), events.len());
    }
}

#[tokio::test]
async fn an_address_change_on_the_platform_updates_ours_and_its_timeline() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    for kind in ChannelKind::ALL {
        let shop = shop(&db.pool, &sim, kind).await;
        let id = new_platform_order(&sim, kind);
        sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        let before = ours(&db.pool, shop.row.id, &id).await.remove(0);

        move_on_platform(&sim, kind, &id, "99 Đường Mới");
        let r = sync
            .sync_order(&shop.client, shop.row.id, &id)
            .await
            .unwrap();
        assert_eq!(r.updated, 1, "{kind:?}: {r}");
        let after = ours(&db.pool, shop.row.id, &id).await.remove(0);
        assert_ne!(after.ship_address, before.ship_address);
        assert!(
            after.ship_address["line1"]
                .as_str()
                .unwrap()
                .contains("99 Đường Mới"),
            "{kind:?}: {}",
            after.ship_address
        );
        assert_eq!(after.status, "reserved");
        let events = timeline(&db.pool, after.id).await;
        let (k, m) = events.last().unwrap();
        assert_eq!(k, "address");
        assert!(
            m.contains("99 Đường Mới") && m.contains(kind.label()),
            "{m}"
        );

        // An agent corrects it here; the platform changed nothing since: ours stays.
        sqlx::query("update orders set ship_address = jsonb_set(ship_address, '{line1}', '\"99 Đường Mới, hẻm 4\"') where id = $1")
            .bind(after.id)
            .execute(&db.pool)
            .await
            .unwrap();
        let r = sync
            .sync_order(&shop.client, shop.row.id, &id)
            .await
            .unwrap();
        assert_eq!(r.updated, 0, "{kind:?}: {r}");
        let kept = ours(&db.pool, shop.row.id, &id).await.remove(0);
        assert_eq!(kept.ship_address["line1"], "99 Đường Mới, hẻm 4");
    }
    common::assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn a_status_change_on_the_platform_is_on_the_timeline_once() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    let shop = shop(&db.pool, &sim, ChannelKind::Shopee).await;
    let id = new_platform_order(&sim, ChannelKind::Shopee);
    sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
    assert!(sim.shopee_set_order_status(&id, "PROCESSED"));
    for _ in 0..2 {
        sync.sync_order(&shop.client, shop.row.id, &id)
            .await
            .unwrap();
        sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
    }
    let o = ours(&db.pool, shop.row.id, &id).await.remove(0);
    let events: Vec<String> = timeline(&db.pool, o.id)
        .await
        .into_iter()
        .filter(|(k, _)| k == "platform")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        events,
        ["Shopee: READY_TO_SHIP → PROCESSED (awaiting pickup)"]
    );
}

#[tokio::test]
async fn a_failed_pull_says_why_and_the_next_one_resumes() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    let shop = shop(&db.pool, &sim, ChannelKind::TikTok).await;
    sim.tiktok_add_orders(450, just_now(), "AWAITING_SHIPMENT");
    // The platform goes away after a few pages.
    let flaky = PagesThen {
        inner: shop.client.clone(),
        after: 3,
        pages: AtomicUsize::new(0),
        then: Box::new(|| {
            sim.faults().set(FaultSpec {
                channel: Some(ChannelKind::TikTok),
                http_503: Trigger::always(),
                ..FaultSpec::default()
            })
        }),
    };
    let e = sync.sync_channel(&flaky, shop.row.id).await.unwrap_err();
    assert!(e.is_transient(), "{e:?}");
    let row = store_channels::get(&db.pool, shop.row.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.last_error
            .as_deref()
            .unwrap_or("")
            .contains("TikTok Shop"),
        "{row:?}"
    );
    assert!(row.last_sync_at.is_none());
    let cursor = row.sync_cursor.clone().unwrap();
    assert!(cursor["page"].is_string(), "kept where it was: {cursor}");
    let taken: i64 = sqlx::query_scalar("select count(*) from orders where channel_id = $1")
        .bind(shop.row.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(taken > 0);

    sim.faults().clear();
    let r = sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
    let row = store_channels::get(&db.pool, shop.row.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.last_error.is_none() && row.last_sync_at.is_some(),
        "{row:?}"
    );
    assert!(row.sync_cursor.unwrap()["range"].is_null());
    let all: i64 = sqlx::query_scalar("select count(*) from orders where channel_id = $1")
        .bind(shop.row.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(all as usize, taken as usize + r.created);
    assert!(all >= 450);
}

/// A client that runs `then` after `after` pages of changed orders (a token expiring,
/// the platform going away) and otherwise is the real one.
struct PagesThen<'a> {
    inner: ChannelClient,
    after: usize,
    pages: AtomicUsize,
    then: Box<dyn Fn() + Send + Sync + 'a>,
}

impl SalesChannel for PagesThen<'_> {
    fn kind(&self) -> ChannelKind {
        self.inner.kind()
    }

    async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        if self.pages.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
            (self.then)();
        }
        self.inner.orders_changed(range, cursor).await
    }

    async fn order_details(&self, ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        self.inner.order_details(ids).await
    }

    async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        self.inner.listings(cursor).await
    }

    async fn find_listing(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        self.inner.find_listing(sku).await
    }

    async fn push_stock(&self, pushes: &[StockPush]) -> ChannelResult<Vec<StockPushResult>> {
        self.inner.push_stock(pushes).await
    }

    async fn create_listing(&self, product: &NewListing) -> ChannelResult<Vec<Listing>> {
        self.inner.create_listing(product).await
    }

    async fn exchange_code(&self, code: &str) -> ChannelResult<TokenPair> {
        self.inner.exchange_code(code).await
    }

    async fn refresh_tokens(&self) -> ChannelResult<TokenPair> {
        self.inner.refresh_tokens().await
    }
}

#[tokio::test]
async fn a_token_expiring_mid_sync_is_refreshed_and_stored_first() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    for kind in ChannelKind::ALL {
        let shop = shop(&db.pool, &sim, kind).await;
        let before = store_channels::load_tokens(&db.pool, shop.row.id)
            .await
            .unwrap()
            .unwrap();
        match kind {
            ChannelKind::Shopee => {
                sim.shopee_add_orders(350, just_now(), "READY_TO_SHIP");
            }
            ChannelKind::Lazada => {
                sim.lazada_add_orders_in(350, just_now(), "pending");
            }
            ChannelKind::TikTok => {
                sim.tiktok_add_orders(350, just_now(), "AWAITING_SHIPMENT");
            }
            other => panic!("not a marketplace: {other:?}"),
        }
        let expiring = PagesThen {
            inner: shop.client.clone(),
            after: 2,
            pages: AtomicUsize::new(0),
            then: Box::new(|| sim.expire_channel_tokens(kind)),
        };
        let r = sync.sync_channel(&expiring, shop.row.id).await.unwrap();
        assert!(r.pages > 2 && r.created >= 350, "{kind:?}: {r}");
        assert_eq!(sim.channel_refresh_count(kind), 1, "{kind:?}");
        let after = store_channels::load_tokens(&db.pool, shop.row.id)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(after.access_token, before.access_token);
        let row = store_channels::get(&db.pool, shop.row.id)
            .await
            .unwrap()
            .unwrap();
        assert!(row.last_error.is_none(), "{row:?}");
    }
    common::assert_invariants(&db.pool).await;
}

/// 5,000 new orders on each platform: a first pull takes every one in once, within each
/// platform's paging limits (Shopee's 100 a page and 15-day windows, Lazada's offset cap
/// of 5,000, TikTok's page tokens); a second pull takes in nothing.
#[tokio::test]
async fn a_5000_order_backfill_per_platform() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let sync = syncer(&db.pool);
    for kind in ChannelKind::ALL {
        // Every SKU the shop lists is ours here, so every new order can go in.
        let (_, shop) = open_authorised(&db.pool, &sim, kind).await;
        catalog_from_listings(&db.pool, &shop.client, 1_000_000, true).await;
        let now = just_now();
        let ids: Vec<String> = match kind {
            ChannelKind::Shopee => sim.shopee_add_orders(5_000, now, "READY_TO_SHIP"),
            ChannelKind::Lazada => sim
                .lazada_add_orders_in(5_000, now, "pending")
                .into_iter()
                .map(|i| i.to_string())
                .collect(),
            ChannelKind::TikTok => sim.tiktok_add_orders(5_000, now, "AWAITING_SHIPMENT"),
            other => panic!("not a marketplace: {other:?}"),
        };
        let t = std::time::Instant::now();
        let r = sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        eprintln!(
            "{kind:?} backfill: {r} in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        assert!(r.pages >= 50, "{kind:?}: {r}");
        let taken: HashSet<String> =
            sqlx::query_scalar("select external_id from orders where channel_id = $1")
                .bind(shop.row.id)
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .into_iter()
                .collect();
        assert_eq!(taken.len(), r.created, "{kind:?}: no order twice");
        for id in &ids {
            assert!(taken.contains(id), "{kind:?}: {id} missing");
        }
        let again = sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        assert_eq!(again.created, 0, "{kind:?}: {again}");
    }
    common::assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn a_pull_tells_its_progress_page_by_page() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    // A shop that sold for 20 days before it was connected: its first pull reaches back
    // 30 days, through two of Shopee's 15-day windows.
    sim.add_backlog(600, chrono::Duration::days(20));
    let sync = syncer(&db.pool);
    for kind in ChannelKind::ALL {
        let shop = shop(&db.pool, &sim, kind).await;
        let seen = std::sync::Mutex::new(Vec::new());
        let report = sync
            .sync_channel_watched(&shop.client, shop.row.id, &|p| seen.lock().unwrap().push(p))
            .await
            .unwrap();
        let seen = seen.into_inner().unwrap();
        assert!(report.fetched >= 600, "{kind:?}: {report}");
        assert_eq!(seen.len(), report.pages + 1, "{kind:?}: told once per page");
        assert_eq!(seen[0].permille, Some(0), "{kind:?}");
        let last = seen.last().unwrap();
        assert_eq!(last.permille, Some(1000), "{kind:?}");
        assert_eq!(
            last.report, report,
            "{kind:?}: the last word is the whole pull"
        );
        let known: Vec<u16> = seen.iter().filter_map(|p| p.permille).collect();
        assert!(
            known.windows(2).all(|w| w[0] <= w[1]),
            "{kind:?}: the bar never goes back: {known:?}"
        );
        assert!(
            known.iter().any(|p| (1..1000).contains(p)),
            "{kind:?}: the bar moves on between start and end: {known:?}"
        );
        assert!(
            seen.windows(2)
                .all(|w| w[0].report.fetched <= w[1].report.fetched),
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn a_shop_is_pulled_by_one_puller_at_a_time() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    sim.add_backlog(1_500, chrono::Duration::days(20));
    let shop = shop(&db.pool, &sim, ChannelKind::Lazada).await;
    // Two pullers (say, the worker and a console's `s`) on separate syncers at once.
    let (a, b) = (syncer(&db.pool), syncer(&db.pool));
    let (ra, rb) = tokio::join!(
        a.sync_channel(&shop.client, shop.row.id),
        b.sync_channel(&shop.client, shop.row.id)
    );
    let (done, busy) = match (ra, rb) {
        (Ok(r), Err(e)) | (Err(e), Ok(r)) => (r, e),
        other => panic!("one pull and one refusal expected, got {other:?}"),
    };
    assert!(matches!(busy, SyncError::Busy(_)), "{busy:?}");
    assert!(busy.to_string().contains("being pulled already"), "{busy}");
    assert!(done.fetched >= 1_500, "{done}");
    // The refusal is not the shop's error, and once the pull is over the next one runs.
    let row = store_channels::get(&db.pool, shop.row.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.last_error, None);
    let again = b.sync_channel(&shop.client, shop.row.id).await.unwrap();
    assert_eq!(again.created, 0, "{again}");
}

// ---------------------------------------------------------------------------------
// The worker

#[tokio::test]
async fn one_elected_worker_pulls_every_shop_and_waits_out_a_rate_limit() {
    use orderdeck_app::channel_sync::OrderSyncConfig;
    use orderdeck_app::workers::channel_sync::{self as worker, ChannelSyncOptions, Marketplaces};
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let cfg = sim.channels_config();
    for kind in ChannelKind::ALL {
        shop(&db.pool, &sim, kind).await;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let opts = ChannelSyncOptions {
        every: std::time::Duration::from_millis(300),
        standby_retry: std::time::Duration::from_millis(100),
    };
    let mut flags = Vec::new();
    for _ in 0..2 {
        let (m, problems) =
            Marketplaces::open(&db.pool, &cfg, &OrderSyncConfig::default(), "channel sync").await;
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(m.shops.len(), 3);
        let active = Arc::new(AtomicBool::new(false));
        flags.push(active.clone());
        tokio::spawn(worker::run(
            db.pool.clone(),
            m,
            opts.clone(),
            active,
            stop_rx.clone(),
        ));
    }
    // Shopee asks us to slow down for a while.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        retry_after_secs: 1,
        rate_limit: Trigger::next(8),
        ..FaultSpec::default()
    });
    let ids: Vec<(ChannelKind, String)> = ChannelKind::ALL
        .into_iter()
        .map(|k| (k, new_platform_order(&sim, k)))
        .collect();
    let pool = db.pool.clone();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let mut all = true;
        for (kind, id) in &ids {
            let n: i64 = sqlx::query_scalar(
                "select count(*) from orders o join sales_channels c on c.id = o.channel_id
                 where c.kind = $1 and o.external_id = $2",
            )
            .bind(kind.code())
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
            assert!(n <= 1);
            all &= n == 1;
        }
        if all {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the worker did not bring the orders in"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let leaders = flags.iter().filter(|f| f.load(Ordering::SeqCst)).count();
    assert_eq!(leaders, 1, "exactly one instance pulls");
    assert_eq!(sim.faults().get().rate_limit.next, 0, "the 429s were met");
    let _ = stop_tx.send(true);
    common::assert_invariants(&db.pool).await;
}

// ---------------------------------------------------------------------------------
// Webhooks

/// The listener on a free port, for all three shops; its address.
async fn listen(
    pool: &PgPool,
    sim: &SimHandle,
    stop: tokio::sync::watch::Receiver<bool>,
) -> std::net::SocketAddr {
    use orderdeck_app::channel_sync::OrderSyncConfig;
    use orderdeck_app::workers::channel_sync::Marketplaces;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut cfg = sim.channels_config();
    if let Some(s) = cfg.shopee.as_mut() {
        s.push_url = Some("https://shop.example.vn/push/shopee".to_string());
    }
    let (m, problems) =
        Marketplaces::open(pool, &cfg, &OrderSyncConfig::default(), "webhook").await;
    assert!(problems.is_empty(), "{problems:?}");
    tokio::spawn(orderdeck_app::workers::webhooks::serve(listener, m, stop));
    addr
}

/// What the platform would POST for this order: (Authorization, body).
fn signed_push(sim: &SimHandle, kind: ChannelKind, id: &str) -> (String, Vec<u8>) {
    match kind {
        ChannelKind::Shopee => sim
            .shopee_push("https://shop.example.vn/push/shopee", id)
            .unwrap(),
        ChannelKind::Lazada => sim.lazada_push(id.parse().unwrap()).unwrap(),
        ChannelKind::TikTok => sim.tiktok_webhook(id).unwrap(),
        other => panic!("not a marketplace: {other:?}"),
    }
}

async fn post_push(
    addr: std::net::SocketAddr,
    kind: ChannelKind,
    authorization: &str,
    body: Vec<u8>,
) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(format!("http://{addr}/push/{}", kind.code()))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

async fn wait_for_order(pool: &PgPool, channel_id: i64, id: &str) -> Ours {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(o) = ours(pool, channel_id, id).await.pop() {
            return o;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "order {id} never came in"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn webhooks_twice_and_pulls_twice_make_one_order_and_bad_signatures_pull_nothing() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let (_stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut shops = Vec::new();
    for kind in ChannelKind::ALL {
        shops.push(shop(&db.pool, &sim, kind).await);
    }
    let addr = listen(&db.pool, &sim, stop_rx).await;
    let sync = syncer(&db.pool);
    for shop in &shops {
        let kind = shop.kind();
        // A new order: the webhook comes twice (platforms retry), pulls overlap it twice.
        let id = new_platform_order(&sim, kind);
        let (auth, body) = signed_push(&sim, kind, &id);
        for _ in 0..2 {
            let (status, text) = post_push(addr, kind, &auth, body.clone()).await;
            assert_eq!((status, text.as_str()), (200, ""), "{kind:?}");
        }
        let o = wait_for_order(&db.pool, shop.row.id, &id).await;
        for _ in 0..2 {
            sync.sync_channel(&shop.client, shop.row.id).await.unwrap();
        }
        let all = ours(&db.pool, shop.row.id, &id).await;
        assert_eq!(all.len(), 1, "{kind:?}");
        assert_eq!(all[0].id, o.id);
        assert_eq!(all[0].status, "reserved", "{kind:?}");
        assert_eq!(all[0].reserved, all[0].qty, "{kind:?}");

        // Signed with the wrong key, or altered on the way: 401, empty, nothing pulled.
        let stranger = new_platform_order(&sim, kind);
        let (auth, body) = signed_push(&sim, kind, &stranger);
        let (status, text) = post_push(addr, kind, "0badc0ffee", body.clone()).await;
        assert_eq!((status, text.as_str()), (401, ""), "{kind:?}");
        let mut altered = body.clone();
        if let Some(b) = altered.iter_mut().rev().find(|b| b.is_ascii_digit()) {
            *b = if *b == b'9' { b'8' } else { *b + 1 };
        }
        let (status, _) = post_push(addr, kind, &auth, altered).await;
        assert_eq!(status, 401, "{kind:?}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert!(
            ours(&db.pool, shop.row.id, &stranger).await.is_empty(),
            "{kind:?}"
        );

        // A cancellation pushed: ours is cancelled and its stock given back.
        cancel_on_platform(&sim, kind, &id);
        let (auth, body) = signed_push(&sim, kind, &id);
        assert_eq!(post_push(addr, kind, &auth, body).await.0, 200);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let o = ours(&db.pool, shop.row.id, &id).await.remove(0);
            if o.status == "cancelled" {
                assert_eq!(o.reserved, 0);
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{kind:?}: not cancelled"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    // Unknown platform paths are not ours.
    let r = reqwest::Client::new()
        .post(format!("http://{addr}/push/amazon"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    common::assert_invariants(&db.pool).await;
}

/// Reported: 1,100 slow connections stopped the listener accepting (it ran out of file
/// handles). 1,100 connections from five addresses that send a request line and then
/// nothing: each address holds at most `MAX_PER_SOURCE` open, the rest are turned away at
/// once, and a real push from elsewhere is answered meanwhile; the held ones are closed
/// after the header timeout.
#[tokio::test]
async fn slow_connections_cannot_stop_the_webhook_listener() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    raise_open_files_limit(4096);
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    let (_stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut shops = Vec::new();
    for kind in ChannelKind::ALL {
        shops.push(shop(&db.pool, &sim, kind).await);
    }
    let shop = shops.remove(1);
    assert_eq!(shop.kind(), ChannelKind::Lazada);
    let addr = listen(&db.pool, &sim, stop_rx.clone()).await;
    let mut slow = Vec::new();
    let mut turned_away = 0;
    for i in 0..1_100u32 {
        let source = std::net::Ipv4Addr::new(127, 0, 0, 2 + (i % 5) as u8);
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind((source, 0).into()).unwrap();
        let Ok(mut s) = socket.connect(addr).await else {
            turned_away += 1;
            continue;
        };
        if s.write_all(b"POST /push/lazada HTTP/1.1\r\nHost: x\r\n")
            .await
            .is_err()
        {
            turned_away += 1;
            continue;
        }
        slow.push(s);
    }
    eprintln!("1,100 slow connections opened ({turned_away} refused at connect)");
    // A real push still gets through.
    let id = new_platform_order(&sim, ChannelKind::Lazada);
    let (auth, body) = signed_push(&sim, ChannelKind::Lazada, &id);
    assert_eq!(
        post_push(addr, ChannelKind::Lazada, &auth, body).await.0,
        200
    );
    wait_for_order(&db.pool, shop.row.id, &id).await;
    // Every slow one is closed: at once (turned away) or once the header timeout has passed.
    let started = std::time::Instant::now();
    for mut s in slow {
        let mut buf = [0u8; 256];
        let n = tokio::time::timeout(
            orderdeck_app::workers::webhooks::HEADER_TIMEOUT + std::time::Duration::from_secs(5),
            s.read(&mut buf),
        )
        .await
        .expect("the listener closes a connection that never sends its headers");
        // Closed (or reset), or answered with 408 and then closed.
        assert!(n.map_or(true, |n| n == 0 || buf.starts_with(b"HTTP/1.1 408")));
    }
    assert!(
        started.elapsed()
            <= orderdeck_app::workers::webhooks::HEADER_TIMEOUT + std::time::Duration::from_secs(5)
    );
    // Shopee's pushes cannot be checked without its `push_url`: anyone's push gets a
    // 404 (it used to be a 500 and an error line each).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare = listener.local_addr().unwrap();
    let (m, _) = orderdeck_app::workers::channel_sync::Marketplaces::open(
        &db.pool,
        &sim.channels_config(),
        &orderdeck_app::channel_sync::OrderSyncConfig::default(),
        "webhook",
    )
    .await;
    tokio::spawn(orderdeck_app::workers::webhooks::serve(
        listener, m, stop_rx,
    ));
    let some_order = new_platform_order(&sim, ChannelKind::Shopee);
    let (auth, body) = signed_push(&sim, ChannelKind::Shopee, &some_order);
    let (status, _) = post_push(bare, ChannelKind::Shopee, &auth, body).await;
    assert_eq!(status, 404);
}

/// The test holds both ends of many sockets: lift the soft limit on open files towards the
/// hard one (a shell's 1,024 would stop the test, not the listener).
fn raise_open_files_limit(want: u64) {
    // SAFETY: getrlimit/setrlimit on this process with a struct we own.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < want {
            lim.rlim_cur = want.min(lim.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}
