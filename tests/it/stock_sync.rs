//! Marketplace stock sync against a real PostgreSQL and the simulator: stock changes
//! through the real workflow queue one coalesced outbox row per variant, and the drain
//! sets every listing on Shopee, Lazada and TikTok Shop to available − buffer.

use crate::common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use orderdeck_app::channels;
use orderdeck_app::intake::{self, IntakeOutcome};
use orderdeck_app::product_sync::{self, ListingDefaults, ListingsConfig};
use orderdeck_app::stock_sync::{self, DrainOptions, DrainReport, Pacer, Shops};
use orderdeck_integrations::marketplace::{
    ChannelKind, ChannelsConfig, Listing, NewListing, RetryPolicy, SalesChannel,
};
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use rust_decimal_macros::dec;
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

fn config(sim: &SimHandle) -> ChannelsConfig {
    ChannelsConfig {
        redirect_url: None,
        shopee: Some(sim.shopee_config()),
        lazada: Some(sim.lazada_config()),
        tiktok: Some(sim.tiktok_config()),
    }
}

/// The three shops opened from the database and authorised, clients that hand rate
/// limits back at once (so the drain's rescheduling is what is tested).
async fn open_shops(pool: &PgPool, sim: &SimHandle) -> Shops {
    let cfg = config(sim);
    let mut shops = Shops::new();
    for kind in ChannelKind::ALL {
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
        shops.insert(
            open.row.id,
            stock_sync::with_retry(&open.client, RetryPolicy::NEVER),
        );
    }
    shops
}

fn channel_of(shops: &Shops, kind: ChannelKind) -> i64 {
    *shops
        .iter()
        .find(|(_, c)| c.kind() == kind)
        .map(|(id, _)| id)
        .unwrap()
}

fn new_listing(kind: ChannelKind, sku: &str) -> NewListing {
    let (category, image) = match kind {
        ChannelKind::Shopee => ("100017", "sg-11134201-7rbk0-lzabc123"),
        ChannelKind::Lazada => ("10002", "https://cdn.example.vn/ak.jpg"),
        ChannelKind::TikTok => ("600001", "tos-maliva-i-o3syd03w52-us/abc"),
        other => panic!("not a marketplace: {other:?}"),
    };
    NewListing {
        sku: sku.into(),
        name: "Áo khoác gió nữ".into(),
        description: "Áo khoác gió hai lớp.".into(),
        price: dec!(259000),
        stock: 0,
        weight_grams: 450,
        length_cm: 30,
        width_cm: 25,
        height_cm: 4,
        category_id: category.into(),
        images: vec![image.into()],
        brand: None,
    }
}

/// Gives `sku` a listing on every platform and records it: a new listing on Shopee and
/// Lazada (as product push does); on TikTok Shop, where a new product waits for review
/// (PENDING takes no stock), a live seeded product is tied to it instead.
async fn list_everywhere(pool: &PgPool, shops: &Shops, sku: &str) -> HashMap<ChannelKind, Listing> {
    let variant: i64 = sqlx::query_scalar("select id from variants where sku = $1")
        .bind(sku)
        .fetch_one(pool)
        .await
        .unwrap();
    let mut out = HashMap::new();
    for (id, client) in shops {
        let l = match client.kind() {
            ChannelKind::TikTok => {
                let page = client.listings(None).await.unwrap();
                page.listings
                    .into_iter()
                    .find(|l| l.status == "ACTIVATE")
                    .unwrap()
            }
            kind => {
                let created = client
                    .create_listing(&new_listing(kind, sku))
                    .await
                    .unwrap();
                created.into_iter().next().unwrap()
            }
        };
        sqlx::query(
            "insert into channel_listings (channel_id, variant_id, external_item_id, external_sku, seller_sku)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(variant)
        .bind(&l.item_id)
        .bind(&l.sku_id)
        .bind(&l.sku)
        .execute(pool)
        .await
        .unwrap();
        out.insert(client.kind(), l);
    }
    out
}

/// What each platform shows for these listings now.
fn platform_stock(
    sim: &SimHandle,
    listings: &HashMap<ChannelKind, Listing>,
) -> HashMap<ChannelKind, i64> {
    listings
        .iter()
        .map(|(kind, l)| {
            let q = match kind {
                ChannelKind::Shopee => {
                    sim.shopee_stock(l.item_id.parse().unwrap(), l.sku_id.parse().unwrap())
                }
                ChannelKind::Lazada => sim.lazada_stock(&l.sku),
                ChannelKind::TikTok => sim.tiktok_stock(&l.sku),
                other => panic!("not a marketplace: {other:?}"),
            };
            (*kind, q.unwrap())
        })
        .collect()
}

async fn available(pool: &PgPool, sku: &str) -> i64 {
    sqlx::query_scalar(
        "select coalesce(sum(s.on_hand - s.reserved), 0)::bigint from stock_levels s
         join variants v on v.id = s.variant_id join warehouses w on w.id = s.warehouse_id
         where v.sku = $1 and w.active",
    )
    .bind(sku)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn set_buffer(pool: &PgPool, shops: &Shops, kind: ChannelKind, buffer: i32) {
    sqlx::query("update sales_channels set stock_buffer = $2 where id = $1")
        .bind(channel_of(shops, kind))
        .bind(buffer)
        .execute(pool)
        .await
        .unwrap();
}

fn expected(avail: i64, buffers: &HashMap<ChannelKind, i64>) -> HashMap<ChannelKind, i64> {
    buffers
        .iter()
        .map(|(k, b)| (*k, (avail - b).max(0)))
        .collect()
}

/// Drains everything queued, debounce or not.
async fn flush(pool: &PgPool, shops: &Shops, pacer: &Pacer) -> DrainReport {
    let opts = DrainOptions {
        horizon: Duration::from_secs(3600),
        ..DrainOptions::default()
    };
    let mut total = DrainReport::default();
    for _ in 0..20 {
        let r = stock_sync::drain(pool, shops, &opts, pacer).await.unwrap();
        let rows = r.rows;
        total.rows += r.rows;
        total.calls += r.calls;
        total.pushed += r.pushed;
        total.skipped += r.skipped;
        total.refused += r.refused;
        total.rescheduled += r.rescheduled;
        total.unconfigured += r.unconfigured;
        total.errors.extend(r.errors);
        if rows == 0 {
            break;
        }
    }
    total
}

/// A stock move through the ledger, in its own transaction (what a count or a manual
/// adjustment does).
async fn adjust(pool: &PgPool, sku: &str, warehouse: &str, qty: i32) {
    let (variant, wh): (i64, i64) = sqlx::query_as(
        "select v.id, w.id from variants v, warehouses w where v.sku = $1 and w.code = $2",
    )
    .bind(sku)
    .bind(warehouse)
    .fetch_one(pool)
    .await
    .unwrap();
    let mut tx = pool.begin().await.unwrap();
    orderdeck_store::stock::lock_levels(&mut tx, &[variant])
        .await
        .unwrap();
    common::post_move(&mut tx, variant, wh, qty, "adjustment").await;
    tx.commit().await.unwrap();
}

async fn pending_rows(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from outbox where topic = 'stock'")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// `n` changes to S0 through the real workflow, `gap` apart: orders taken in (reserve),
/// cancelled (release), and stock moves. `tag` keeps each client's orders apart.
async fn changes(pool: PgPool, tag: &'static str, n: usize, gap: Duration) {
    let mut open_orders = std::collections::VecDeque::new();
    for i in 0..n {
        match i % 4 {
            0 | 1 => {
                let qty = 1 + i32::try_from(i % 2).unwrap();
                let o = common::order(&format!("{tag}-{i}"), &[("S0", qty)]);
                match intake::create_order(&pool, &o, "test").await.unwrap() {
                    IntakeOutcome::Created { number, status, .. } => {
                        assert_eq!(status, "reserved");
                        open_orders.push_back(number);
                    }
                    other => panic!("{other:?}"),
                }
            }
            2 => {
                let n = open_orders.pop_front().unwrap();
                let reason =
                    orderdeck_domain::cancel_reason::CancelReason::parse("buyer_asked", "")
                        .unwrap();
                orderdeck_app::orders::cancel(&pool, &n, "test", &reason, None)
                    .await
                    .unwrap();
            }
            _ => adjust(&pool, "S0", if i % 8 == 3 { "HN" } else { "HCM" }, 3).await,
        }
        if !gap.is_zero() {
            tokio::time::sleep(gap).await;
        }
    }
}

/// 1,000 changes to one SKU by `clients` concurrent clients, `gap` apart, while the
/// worker's drain runs all along (every 200 ms, debounce and all, as in production);
/// then whatever is left is flushed. Every listing must end at available − buffer.
/// Returns (calls, seconds the changes took).
async fn thousand_changes(clients: usize, gap: Duration) -> (usize, f64) {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(400, 400)]).await;
    let sim = start_sim().await;
    let shops = Arc::new(open_shops(pool, &sim).await);
    set_buffer(pool, &shops, ChannelKind::Shopee, 2).await;
    set_buffer(pool, &shops, ChannelKind::TikTok, 5).await;
    let listings = list_everywhere(pool, &shops, "S0").await;
    let pacer = Arc::new(Pacer::new());
    flush(pool, &shops, &pacer).await;

    let stop = Arc::new(AtomicBool::new(false));
    let drainer = {
        let (pool, shops, pacer, stop) = (pool.clone(), shops.clone(), pacer.clone(), stop.clone());
        tokio::spawn(async move {
            let mut total = DrainReport::default();
            let mut rounds = 0;
            while !stop.load(Ordering::SeqCst) {
                let r = stock_sync::drain(&pool, &shops, &DrainOptions::default(), &pacer)
                    .await
                    .unwrap();
                if r.rows > 0 {
                    rounds += 1;
                }
                total.calls += r.calls;
                total.changed_meanwhile += r.changed_meanwhile;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            (total, rounds)
        })
    };

    let started = Instant::now();
    let tags = ["A", "B", "C", "D", "E", "F", "G", "H"];
    let tasks: Vec<_> = tags[..clients]
        .iter()
        .map(|tag| tokio::spawn(changes(pool.clone(), tag, 1000 / clients, gap)))
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let burst = started.elapsed();
    assert!(pending_rows(pool).await <= 1, "one row per variant at most");
    stop.store(true, Ordering::SeqCst);
    let (during, rounds) = drainer.await.unwrap();
    let last = flush(pool, &shops, &pacer).await;
    let calls = during.calls + last.calls;

    let avail = available(pool, "S0").await;
    let buffers = HashMap::from([
        (ChannelKind::Shopee, 2),
        (ChannelKind::Lazada, 0),
        (ChannelKind::TikTok, 5),
    ]);
    assert_eq!(platform_stock(&sim, &listings), expected(avail, &buffers));
    assert_eq!(pending_rows(pool).await, 0);
    println!(
        "1000 stock changes to one SKU by {clients} client(s) in {:.1} s → {calls} stock calls \
         for 3 listings ({} during the changes in {rounds} drain rounds, {} changed while \
         being pushed; {} at the end); final available {avail}",
        burst.as_secs_f64(),
        during.calls,
        during.changed_meanwhile,
        last.calls
    );
    // Each listing is pushed at most once per 10 s of continuous change (the debounce's
    // limit), plus the first and the last push.
    let bound = 3 * (burst.as_secs() as usize / 10 + 3);
    assert!(
        calls <= bound,
        "{calls} calls for 1000 changes (bound {bound})"
    );
    assert!(calls >= 3);
    common::assert_invariants(pool).await;
    (calls, burst.as_secs_f64())
}

#[tokio::test]
async fn a_thousand_changes_end_right_after_a_handful_of_calls() {
    let (calls, _) = thousand_changes(1, Duration::ZERO).await;
    assert_eq!(
        calls, 3,
        "a burst shorter than the debounce limit: one push per listing"
    );
}

#[tokio::test]
async fn a_thousand_changes_spread_over_seconds_by_four_clients() {
    let (calls, secs) = thousand_changes(4, Duration::from_millis(40)).await;
    assert!(
        secs > 10.0,
        "the changes should outlast the 10 s limit ({secs:.1} s)"
    );
    assert!(calls > 3, "pushed during the changes too");
}

#[tokio::test]
async fn a_rate_limit_mid_drain_is_rescheduled_and_the_last_value_still_wins() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(30, 10)]).await;
    let sim = start_sim().await;
    let shops = open_shops(pool, &sim).await;
    let listings = list_everywhere(pool, &shops, "S0").await;
    let pacer = Pacer::new();
    flush(pool, &shops, &pacer).await;
    let none = HashMap::from([
        (ChannelKind::Shopee, 0),
        (ChannelKind::Lazada, 0),
        (ChannelKind::TikTok, 0),
    ]);
    assert_eq!(platform_stock(&sim, &listings), expected(40, &none));

    adjust(pool, "S0", "HN", -5).await;
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Lazada),
        retry_after_secs: 1,
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    });
    let opts = DrainOptions {
        horizon: Duration::from_secs(3600),
        ..DrainOptions::default()
    };
    let r = stock_sync::drain(pool, &shops, &opts, &pacer)
        .await
        .unwrap();
    assert_eq!(
        (r.rows, r.calls, r.pushed, r.rescheduled),
        (1, 3, 2, 1),
        "{r:?}"
    );
    assert!(r.errors.iter().any(|e| e.contains("slow down")), "{r:?}");
    let (attempts, wait, error): (i32, f64, Option<String>) = sqlx::query_as(
        "select attempts, extract(epoch from available_at - now())::float8, last_error
         from outbox where topic = 'stock'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(wait > 0.0 && wait <= 1.5, "rescheduled {wait} s ahead");
    assert!(error.unwrap().contains("Lazada"));
    let now = platform_stock(&sim, &listings);
    assert_eq!(now[&ChannelKind::Shopee], 35);
    assert_eq!(now[&ChannelKind::Lazada], 40, "not pushed yet");

    // More changes while it waits: they fold into the same row and keep its back-off.
    adjust(pool, "S0", "HCM", -4).await;
    adjust(pool, "S0", "HN", 1).await;
    assert_eq!(pending_rows(pool).await, 1);
    let early = stock_sync::drain(pool, &shops, &DrainOptions::default(), &pacer)
        .await
        .unwrap();
    assert_eq!(early.rows, 0, "not due before Retry-After: {early:?}");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let r = stock_sync::drain(pool, &shops, &DrainOptions::default(), &pacer)
        .await
        .unwrap();
    assert_eq!((r.rows, r.calls, r.pushed), (1, 3, 3), "{r:?}");
    assert_eq!(platform_stock(&sim, &listings), expected(32, &none));
    assert_eq!(pending_rows(pool).await, 0);
}

#[tokio::test]
async fn buffers_apply_per_channel_and_never_go_below_zero() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(2, 1)]).await;
    let sim = start_sim().await;
    let shops = open_shops(pool, &sim).await;
    set_buffer(pool, &shops, ChannelKind::Shopee, 1).await;
    set_buffer(pool, &shops, ChannelKind::TikTok, 5).await;
    let listings = list_everywhere(pool, &shops, "S0").await;
    let pacer = Pacer::new();
    let r = flush(pool, &shops, &pacer).await;
    assert_eq!(r.calls, 3, "{r:?}");
    let mut buffers = HashMap::from([
        (ChannelKind::Shopee, 1),
        (ChannelKind::Lazada, 0),
        (ChannelKind::TikTok, 5),
    ]);
    let now = platform_stock(&sim, &listings);
    assert_eq!(now, expected(3, &buffers));
    assert_eq!(now[&ChannelKind::TikTok], 0, "3 − 5 is pushed as 0");

    // Raising a buffer queues the channel's variants by itself.
    set_buffer(pool, &shops, ChannelKind::Lazada, 2).await;
    buffers.insert(ChannelKind::Lazada, 2);
    let r = flush(pool, &shops, &pacer).await;
    assert_eq!((r.calls, r.pushed, r.skipped), (1, 1, 2), "{r:?}");
    assert_eq!(platform_stock(&sim, &listings), expected(3, &buffers));

    // Sold out everywhere: an order takes the last units.
    let o = common::order("BUF-1", &[("S0", 3)]);
    intake::create_order(pool, &o, "test").await.unwrap();
    flush(pool, &shops, &pacer).await;
    assert_eq!(platform_stock(&sim, &listings), expected(0, &buffers));

    // A change that leaves available as it was (a shipment: on hand and reserved both
    // go down) queues nothing.
    sqlx::query(
        "update stock_levels set on_hand = on_hand - 1, reserved = reserved - 1 where reserved > 0",
    )
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(pending_rows(pool).await, 0);

    // A product switched off sells nothing anywhere; switched on again, it sells.
    adjust(pool, "S0", "HN", 10).await;
    flush(pool, &shops, &pacer).await;
    assert_eq!(platform_stock(&sim, &listings), expected(10, &buffers));
    sqlx::query("update products set active = false")
        .execute(pool)
        .await
        .unwrap();
    flush(pool, &shops, &pacer).await;
    assert!(platform_stock(&sim, &listings).values().all(|q| *q == 0));
    sqlx::query("update products set active = true")
        .execute(pool)
        .await
        .unwrap();
    flush(pool, &shops, &pacer).await;
    assert_eq!(platform_stock(&sim, &listings), expected(10, &buffers));
}

#[tokio::test]
async fn unlisted_variants_queue_nothing_and_unchanged_values_are_not_sent() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(5, 5), (7, 0)]).await;
    let sim = start_sim().await;
    let shops = open_shops(pool, &sim).await;
    adjust(pool, "S1", "HN", 4).await;
    assert_eq!(pending_rows(pool).await, 0, "S1 is listed nowhere");
    list_everywhere(pool, &shops, "S0").await;
    let pacer = Pacer::new();
    assert_eq!(flush(pool, &shops, &pacer).await.calls, 3);
    // Queued again with nothing changed: every listing is skipped, no call.
    for id in shops.keys() {
        stock_sync::enqueue_channel(pool, *id).await.unwrap();
    }
    let r = flush(pool, &shops, &pacer).await;
    assert_eq!((r.rows, r.calls, r.skipped), (1, 0, 3), "{r:?}");
    // A channel with no client here: its listings wait, the others go on.
    let mut only_two = shops.clone();
    only_two.retain(|_, c| c.kind() != ChannelKind::TikTok);
    adjust(pool, "S0", "HN", 1).await;
    let r = flush(pool, &only_two, &pacer).await;
    assert_eq!((r.calls, r.pushed, r.unconfigured), (2, 2, 1), "{r:?}");
    assert_eq!(pending_rows(pool).await, 0);
}

// ---------------------------------------------------------------------------------
// Product sync

/// A product of its own with one variant `sku` and `stock` units in HN.
async fn variant(pool: &PgPool, sku: &str, stock: i32) -> i64 {
    let p: i64 = sqlx::query_scalar(
        "insert into products (name, category, media_urls) values ($1, 'Thời trang', '{https://cdn.example.vn/p.jpg}') returning id",
    )
    .bind(format!("Sản phẩm {sku}"))
    .fetch_one(pool)
    .await
    .unwrap();
    let v: i64 = sqlx::query_scalar(
        "insert into variants (product_id, sku, sale_price, weight_grams) values ($1, $2, 189000, 350) returning id",
    )
    .bind(p)
    .bind(sku)
    .fetch_one(pool)
    .await
    .unwrap();
    if stock > 0 {
        adjust(pool, sku, "HN", stock).await;
    }
    v
}

fn listings_config() -> ListingsConfig {
    let defaults = |category: &str, image: &str| ListingDefaults {
        category_id: Some(category.into()),
        images: vec![image.into()],
        length_cm: 20,
        width_cm: 15,
        height_cm: 5,
        ..ListingDefaults::default()
    };
    ListingsConfig {
        shopee: Some(defaults("100017", "sg-11134201-7rbk0-lzabc123")),
        lazada: Some(defaults("10002", "https://cdn.example.vn/default.jpg")),
        tiktok: Some(defaults("600001", "tos-maliva-i-o3syd03w52-us/abc")),
        ..ListingsConfig::default()
    }
}

#[tokio::test]
async fn product_pull_matches_listings_to_our_variants_by_sku() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(5, 5)]).await;
    let sim = start_sim().await;
    let shops = open_shops(pool, &sim).await;
    let shopee = channel_of(&shops, ChannelKind::Shopee);
    // Seeded on the Shopee sim: GD-001-1 (an item without models) and DT-003-2 (a
    // model); ours spells the second in lower case. NOPE-1 is listed nowhere.
    let gd = variant(pool, "GD-001-1", 9).await;
    let dt = variant(pool, "dt-003-2", 4).await;
    variant(pool, "NOPE-1", 1).await;
    // A listing recorded earlier that the platform no longer has.
    sqlx::query("insert into channel_listings (channel_id, variant_id, external_item_id, external_sku, last_pushed_qty) values ($1, $2, '999', '0', 3)")
        .bind(shopee)
        .bind(gd)
        .execute(pool)
        .await
        .unwrap();

    let r = product_sync::pull(pool, shopee, &shops[&shopee])
        .await
        .unwrap();
    assert_eq!(r.matched, 2, "{r:?}");
    assert_eq!(r.gone, 1);
    assert_eq!(r.not_listed, 2, "S0 and NOPE-1: {r:?}");
    assert!(
        r.unmatched.iter().any(|u| u.contains("SHP-ONLY-56")),
        "{r:?}"
    );
    assert!(r.unmatched.iter().any(|u| u.contains("(no SKU)")), "{r:?}");
    assert_eq!(r.new, r.listings, "every listing recorded once");
    let rows: Vec<(Option<i64>, String, String, Option<i32>)> = sqlx::query_as(
        "select variant_id, seller_sku, status, last_pushed_qty from channel_listings
         where channel_id = $1 and variant_id is not null order by external_item_id",
    )
    .bind(shopee)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.0 == Some(gd) && r.1 == "GD-001-1" && r.3 == Some(11))
    );
    assert!(rows.iter().any(|r| r.0 == Some(dt) && r.1 == "DT-003-2"));
    assert!(
        rows.iter()
            .any(|r| r.0 == Some(gd) && r.2 == product_sync::GONE)
    );

    // A second pull changes nothing and records nothing new.
    let again = product_sync::pull(pool, shopee, &shops[&shopee])
        .await
        .unwrap();
    assert_eq!(
        (again.new, again.matched, again.gone),
        (0, 2, 0),
        "{again:?}"
    );

    // The matched variants were queued; the drain sets the platform to our stock,
    // and leaves the listing that is gone alone.
    let r = flush(pool, &shops, &Pacer::new()).await;
    assert_eq!((r.calls, r.pushed), (2, 2), "{r:?}");
    let gd_listing: (String, String) = sqlx::query_as(
        "select external_item_id, external_sku from channel_listings where variant_id = $1 and status <> $2",
    )
    .bind(gd)
    .bind(product_sync::GONE)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        sim.shopee_stock(gd_listing.0.parse().unwrap(), gd_listing.1.parse().unwrap()),
        Some(9)
    );
    let last: Option<chrono::DateTime<chrono::Utc>> =
        product_sync::last_run(pool, shopee).await.unwrap();
    assert!(last.is_some());
}

#[tokio::test]
async fn product_push_lists_a_variant_once() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(6, 2)]).await;
    let sim = start_sim().await;
    let shops = open_shops(pool, &sim).await;
    set_buffer(pool, &shops, ChannelKind::Shopee, 3).await;
    variant(pool, "AK-900-1", 12).await;
    let cfg = listings_config();
    for kind in [ChannelKind::Shopee, ChannelKind::Lazada] {
        let id = channel_of(&shops, kind);
        let r = product_sync::push(pool, id, &shops[&id], cfg.defaults(kind), None)
            .await
            .unwrap();
        // S0 has no weight: refused here, not sent.
        assert_eq!(r.created, ["AK-900-1"], "{kind:?} {r:?}");
        assert!(
            r.failed
                .iter()
                .any(|(s, why)| s == "S0" && why.contains("weight")),
            "{r:?}"
        );
    }
    let items = sim.shopee_item_count();
    let sent = sim.shopee_add_item_request("AK-900-1").unwrap();
    assert_eq!(sent["seller_stock"][0]["stock"], 9, "12 − the buffer of 3");
    assert_eq!(sent["item_name"], "Sản phẩm AK-900-1");
    assert_eq!(sent["dimension"]["package_length"], 20);
    let lz = sim.lazada_create_request("AK-900-1").unwrap();
    assert!(lz.contains("https://cdn.example.vn/p.jpg"), "{lz}");
    assert_eq!(sim.lazada_stock("AK-900-1"), Some(12));

    // Again, and with S0 given a weight: AK-900-1 is not listed twice.
    sqlx::query("update variants set weight_grams = 200 where sku = 'S0'")
        .execute(pool)
        .await
        .unwrap();
    let shopee = channel_of(&shops, ChannelKind::Shopee);
    let r = product_sync::push(
        pool,
        shopee,
        &shops[&shopee],
        cfg.defaults(ChannelKind::Shopee),
        None,
    )
    .await
    .unwrap();
    assert_eq!(r.created, ["S0"], "{r:?}");
    assert!(r.failed.is_empty(), "{r:?}");
    let r = product_sync::push(
        pool,
        shopee,
        &shops[&shopee],
        cfg.defaults(ChannelKind::Shopee),
        None,
    )
    .await
    .unwrap();
    assert!(r.created.is_empty() && r.failed.is_empty(), "{r:?}");
    assert_eq!(sim.shopee_item_count(), items + 1);
    let n: i64 = sqlx::query_scalar(
        "select count(*) from channel_listings l join variants v on v.id = l.variant_id
         where l.channel_id = $1 and v.sku = 'AK-900-1'",
    )
    .bind(shopee)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(n, 1);

    // The listings it made get the stock that changes afterwards; nothing to send now.
    let r = flush(pool, &shops, &Pacer::new()).await;
    assert_eq!(r.calls, 0, "created with the right stock: {r:?}");
    adjust(pool, "AK-900-1", "HCM", 5).await;
    let r = flush(pool, &shops, &Pacer::new()).await;
    assert_eq!((r.calls, r.pushed), (2, 2), "{r:?}");
    assert_eq!(sim.lazada_stock("AK-900-1"), Some(17));

    // Unknown SKUs and missing defaults are said plainly.
    let e = product_sync::push(pool, shopee, &shops[&shopee], None, Some(&["NOPE".into()]))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("NOPE"), "{e}");
    let tiktok = channel_of(&shops, ChannelKind::TikTok);
    let r = product_sync::push(
        pool,
        tiktok,
        &shops[&tiktok],
        None,
        Some(&["AK-900-1".into()]),
    )
    .await
    .unwrap();
    assert!(r.failed[0].1.contains("[listings.tiktok]"), "{r:?}");
}

#[tokio::test]
async fn a_create_that_timed_out_is_found_not_made_twice() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(1, 0)]).await;
    let sim = start_sim().await;
    open_shops(pool, &sim).await;
    let mut cfg = config(&sim);
    if let Some(s) = cfg.shopee.as_mut() {
        s.timeout_secs = Some(1);
    }
    let open = channels::open(pool, &cfg, ChannelKind::Shopee)
        .await
        .unwrap()
        .unwrap();
    variant(pool, "AK-901-1", 3).await;
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("add_item".into()),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let items = sim.shopee_item_count();
    let r = product_sync::push(
        pool,
        open.row.id,
        &open.client,
        listings_config().defaults(ChannelKind::Shopee),
        Some(&["AK-901-1".into()]),
    )
    .await
    .unwrap();
    assert_eq!(r.found_after_timeout, ["AK-901-1"], "{r:?}");
    assert_eq!(sim.shopee_item_count(), items + 1);
    let r = product_sync::push(
        pool,
        open.row.id,
        &open.client,
        listings_config().defaults(ChannelKind::Shopee),
        Some(&["AK-901-1".into()]),
    )
    .await
    .unwrap();
    assert!(
        r.created.is_empty() && r.found_after_timeout.is_empty(),
        "{r:?}"
    );
    assert_eq!(sim.shopee_item_count(), items + 1);
}

// ---------------------------------------------------------------------------------
// The real binary: `orderdeck listings …` and `orderdeck worker`

fn orderdeck(url: &str, config: &std::path::Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_orderdeck"));
    c.arg("--database-url")
        .arg(url)
        .env("ORDERDECK_CONFIG", config)
        .env("ORDERDECK_LANGUAGE", "en")
        .env_remove("ORDERDECK_LOG");
    c
}

fn run_ok(c: &mut std::process::Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// Several threads: the simulator answers the child processes while the test waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_lists_and_the_worker_pushes_and_syncs_in_its_window() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(8, 0)]).await;
    sqlx::query("update variants set weight_grams = 250")
        .execute(pool)
        .await
        .unwrap();
    let sim = start_sim().await;
    let shops = open_shops(pool, &sim).await;
    let shopee = channel_of(&shops, ChannelKind::Shopee);
    let c = sim.shopee_config();
    // A window around now, local time (+07:00): the worker's scheduled pull is due.
    let local = chrono::Utc::now() + chrono::Duration::hours(7);
    let window = format!(
        "{}-{}",
        (local - chrono::Duration::hours(1)).format("%H:%M"),
        (local + chrono::Duration::hours(1)).format("%H:%M")
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[channels.shopee]\nbase_url = \"{}\"\npartner_id = {}\npartner_key = \"{}\"\n\
             shop_id = {}\nlogistic_ids = {:?}\n\n\
             [order_sync]\nevery_seconds = 3600\nbackfill_days = 1\n\n\
             [listings]\nproduct_sync_window = \"{window}\"\n\n\
             [listings.shopee]\ncategory_id = \"100017\"\nimages = [\"sg-11134201-7rbk0-lzabc123\"]\n",
            c.base_url, c.partner_id, c.partner_key, c.shop_id, c.logistic_ids
        ),
    )
    .unwrap();
    // It holds the partner key: private, as orderdeck asks of such a file.
    std::fs::set_permissions(
        &config,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    let url = db.url();

    let out = run_ok(
        orderdeck(&url, &config).args(["listings", "sync", "shopee", "--push", "--sku", "S0"]),
    );
    assert!(out.contains("listed now: 1"), "{out}");
    assert!(out.contains("99 listings on the shop: 0 matched"), "{out}");
    let (item, model): (String, String) = sqlx::query_as(
        "select external_item_id, external_sku from channel_listings l join variants v on v.id = l.variant_id
         where l.channel_id = $1 and v.sku = 'S0'",
    )
    .bind(shopee)
    .fetch_one(pool)
    .await
    .unwrap();
    let stock = || sim.shopee_stock(item.parse().unwrap(), model.parse().unwrap());
    assert_eq!(stock(), Some(8));

    // A stock change, then the worker: it pushes it (after the debounce) and, inside
    // its window, runs product sync once by itself.
    adjust(pool, "S0", "HCM", 4).await;
    sqlx::query("delete from channel_product_syncs")
        .execute(pool)
        .await
        .unwrap();
    let out = run_ok(orderdeck(&url, &config).args(["worker", "--seconds", "6"]));
    assert!(
        out.contains("stock sync to the shops (marketplaces and websites) started"),
        "{out}"
    );
    assert_eq!(stock(), Some(12));
    assert_eq!(pending_rows(pool).await, 0);
    let ran: Option<chrono::DateTime<chrono::Utc>> =
        product_sync::last_run(pool, shopee).await.unwrap();
    assert!(ran.is_some(), "the scheduled product sync ran");

    let out = run_ok(orderdeck(&url, &config).args(["listings", "drain", "--now"]));
    assert!(out.starts_with("0 variants"), "{out}");
    let out = run_ok(orderdeck(&url, &config).args(["listings", "status"]));
    assert!(out.contains("stock queue: 0 variants waiting"), "{out}");
    assert!(out.contains("shopee: 100 listings, 1 matched"), "{out}");
    assert!(out.contains(&format!("daily in {window}")), "{out}");
    let e = orderdeck(&url, &config)
        .args(["listings", "sync", "lazada"])
        .output()
        .unwrap();
    assert!(!e.status.success());
    assert!(
        String::from_utf8_lossy(&e.stderr).contains("[channels.lazada]"),
        "{}",
        String::from_utf8_lossy(&e.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_while_the_platforms_are_called_goes_out_next() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    common::catalog(pool, &[(20, 0)]).await;
    let sim = start_sim().await;
    let shops = Arc::new(open_shops(pool, &sim).await);
    let listings = list_everywhere(pool, &shops, "S0").await;
    let pacer = Arc::new(Pacer::new());
    flush(pool, &shops, &pacer).await;

    // Shopee answers slowly; a change lands while the drain waits for it.
    adjust(pool, "S0", "HN", -2).await;
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        latency_ms: 800,
        ..FaultSpec::default()
    });
    let drain = {
        let (pool, shops, pacer) = (pool.clone(), shops.clone(), pacer.clone());
        tokio::spawn(async move {
            let opts = DrainOptions {
                horizon: Duration::from_secs(3600),
                ..DrainOptions::default()
            };
            stock_sync::drain(&pool, &shops, &opts, &pacer)
                .await
                .unwrap()
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    adjust(pool, "S0", "HN", -5).await;
    let r = drain.await.unwrap();
    sim.faults().clear();
    assert_eq!((r.rows, r.changed_meanwhile), (1, 1), "{r:?}");
    assert_eq!(pending_rows(pool).await, 1, "kept for the newer value");
    let r = flush(pool, &shops, &pacer).await;
    assert_eq!(r.rows, 1, "{r:?}");
    let none = HashMap::from([
        (ChannelKind::Shopee, 0),
        (ChannelKind::Lazada, 0),
        (ChannelKind::TikTok, 0),
    ]);
    assert_eq!(platform_stock(&sim, &listings), expected(13, &none));
    assert_eq!(pending_rows(pool).await, 0);
}
