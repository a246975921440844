//! Marketplace orders shipped the marketplace's way, end to end against a real
//! PostgreSQL and the platforms' simulators: taken in by an order pull, packed at the
//! pack station, arranged with the platform (exactly once, whatever the faults), their
//! airway bills kept, followed to delivery, at-risk orders first, buyers' cancellation
//! requests stopping the station.

use crate::common;

use std::time::{Duration, Instant};

use orderdeck_app::channel_sync::{SyncOptions, Syncer};
use orderdeck_app::channels::{self, OpenChannel};
use orderdeck_app::fulfil::{self, FulfilError};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_app::packing::{self, ScanResult};
use orderdeck_integrations::marketplace::fulfil::CancelDecision;
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig, PageCursor, SalesChannel};
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use sqlx::PgPool;

/// The simulators with parcels that stand still (`still`) or move a step every
/// `speed` seconds.
async fn start_sim(speed: f64) -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 16,
            speed,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

const STILL: f64 = 3600.0;

/// The shop, authorised, with our catalog made from its listings (well stocked in HN).
async fn open_shop(pool: &PgPool, sim: &SimHandle, kind: ChannelKind) -> OpenChannel {
    // A short timeout, so a held reply is a timeout within the test.
    let mut cfg = ChannelsConfig::default();
    match kind {
        ChannelKind::Shopee => {
            let mut c = sim.shopee_config();
            c.timeout_secs = Some(2);
            cfg.shopee = Some(c);
        }
        ChannelKind::Lazada => {
            let mut c = sim.lazada_config();
            c.timeout_secs = Some(2);
            cfg.lazada = Some(c);
        }
        ChannelKind::TikTok => {
            let mut c = sim.tiktok_config();
            c.timeout_secs = Some(2);
            cfg.tiktok = Some(c);
        }
        other => panic!("not a marketplace: {other:?}"),
    }
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
    sqlx::query(
        "insert into warehouses (code, name) values ('HN', 'Kho Hà Nội') on conflict do nothing",
    )
    .execute(pool)
    .await
    .unwrap();
    let hn: i64 = sqlx::query_scalar("select id from warehouses where code = 'HN'")
        .fetch_one(pool)
        .await
        .unwrap();
    let mut cursor: Option<PageCursor> = None;
    loop {
        let page = open.client.listings(cursor.as_ref()).await.unwrap();
        for l in page.listings {
            let sku = l.sku.trim().to_string();
            if sku.is_empty() {
                continue;
            }
            let v: Option<i64> = sqlx::query_scalar(
                "with p as (insert into products (name) values ($1) returning id)
                 insert into variants (product_id, sku, sale_price, cost_price)
                 select id, $2, 100000, 60000 from p on conflict (sku) do nothing returning id",
            )
            .bind(format!("Sản phẩm {sku}"))
            .bind(&sku)
            .fetch_optional(pool)
            .await
            .unwrap();
            if let Some(v) = v {
                let mut tx = pool.begin().await.unwrap();
                common::post_move(&mut tx, v, hn, 10_000, "opening").await;
                tx.commit().await.unwrap();
            }
        }
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    open
}

/// Placed a little while ago: Shopee refuses to arrange an order in its first seconds
/// ("being allocated").
fn just_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() - chrono::Duration::seconds(10)
}

/// `n` new orders on the platform, ready to ship.
fn new_orders(sim: &SimHandle, kind: ChannelKind, n: usize) -> Vec<String> {
    match kind {
        ChannelKind::Shopee => sim.shopee_add_orders(n, just_now(), "READY_TO_SHIP"),
        ChannelKind::Lazada => sim
            .lazada_add_orders_in(n, just_now(), "pending")
            .into_iter()
            .map(|i| i.to_string())
            .collect(),
        ChannelKind::TikTok => sim.tiktok_add_orders(n, just_now(), "AWAITING_SHIPMENT"),
        other => panic!("not a marketplace: {other:?}"),
    }
}

/// Pulls the shop's orders; only those of `ids` stay in the pack queue (the platform's
/// month of history is taken in too, and set aside as done).
async fn pull(pool: &PgPool, shop: &OpenChannel, ids: &[String]) {
    let syncer = Syncer::new(
        pool.clone(),
        IntakeQueue::start(pool.clone(), 1),
        SyncOptions::default(),
    );
    syncer
        .sync_channel(&shop.client, shop.row.id)
        .await
        .unwrap();
    sqlx::query(
        "update orders set status = 'completed'
         where channel_id = $1 and not (external_id = any($2))
           and status in ('new', 'backordered', 'reserved')",
    )
    .bind(shop.row.id)
    .bind(ids)
    .execute(pool)
    .await
    .unwrap();
}

/// Our number of the platform's order.
async fn number_of(pool: &PgPool, channel_id: i64, external_id: &str) -> String {
    sqlx::query_scalar("select number from orders where channel_id = $1 and external_id = $2")
        .bind(channel_id)
        .bind(external_id)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("order {external_id} not taken in: {e}"))
}

/// Packs the next order the queue gives, scanning every unit; its number.
async fn pack_next(pool: &PgPool) -> String {
    let job = packing::claim_next(pool, "st1")
        .await
        .unwrap()
        .expect("an order to pack");
    let mut last = None;
    for l in &job.lines {
        for _ in 0..l.qty {
            last = Some(
                packing::scan(pool, job.order_id, "st1", &l.sku)
                    .await
                    .unwrap(),
            );
        }
    }
    assert!(matches!(last, Some(ScanResult::Packed { .. })), "{last:?}");
    job.number
}

async fn arranged_count(sim: &SimHandle, kind: ChannelKind, id: &str) -> usize {
    match kind {
        ChannelKind::Shopee => sim.shopee_arranged_count(id),
        ChannelKind::Lazada => sim.lazada_arranged_count(id),
        ChannelKind::TikTok => sim.tiktok_arranged_count(id),
        other => panic!("not a marketplace: {other:?}"),
    }
}

#[derive(Debug, sqlx::FromRow)]
struct Shipped {
    status: String,
    shipments: i64,
    carrier: Option<String>,
    tracking: Option<String>,
    moved_out: i64,
    reserved: i64,
    awb: Option<Vec<u8>>,
}

async fn shipped(pool: &PgPool, number: &str) -> Shipped {
    sqlx::query_as(
        "select o.status,
                (select count(*) from shipments s where s.order_id = o.id
                   and s.status not in ('cancelled', 'failed')) as shipments,
                (select s.carrier from shipments s where s.order_id = o.id
                   and s.status not in ('cancelled', 'failed')) as carrier,
                (select s.tracking_number from shipments s where s.order_id = o.id
                   and s.status not in ('cancelled', 'failed')) as tracking,
                (select coalesce(-sum(m.qty), 0) from stock_moves m join shipments s
                   on m.ref_table = 'shipments' and m.ref_id = s.id
                   where s.order_id = o.id)::bigint as moved_out,
                (select coalesce(sum(r.qty), 0) from reservations r join order_lines l
                   on l.id = r.order_line_id where l.order_id = o.id)::bigint as reserved,
                (select d.bytes from shipping_documents d join shipments s on s.id = d.shipment_id
                   where s.order_id = o.id and s.status not in ('cancelled', 'failed')) as awb
         from orders o where o.number = $1",
    )
    .bind(number)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn units(pool: &PgPool, number: &str) -> i64 {
    sqlx::query_scalar(
        "select sum(l.qty)::bigint from order_lines l join orders o on o.id = l.order_id where o.number = $1",
    )
    .bind(number)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn each_platform_arranges_a_packed_order_once_with_its_tracking_number_and_awb() {
    let sim = start_sim(STILL).await;
    for kind in ChannelKind::ALL {
        let db = common::fresh_db().await;
        let shop = open_shop(&db.pool, &sim, kind).await;
        let id = new_orders(&sim, kind, 1).remove(0);
        pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
        let number = number_of(&db.pool, shop.row.id, &id).await;
        assert_eq!(pack_next(&db.pool).await, number);

        let form = fulfil::prepare(&db.pool, &shop.client, &number)
            .await
            .unwrap();
        assert_eq!(form.platform, kind);
        let a = fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st1")
            .await
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(!a.recovered, "{kind:?}");
        // Shopee may give the number a poll later; the poller fetches what is missing.
        for _ in 0..10 {
            if shipped(&db.pool, &number).await.awb.is_some()
                && shipped(&db.pool, &number).await.tracking.is_some()
            {
                break;
            }
            fulfil::poll_shop(
                &db.pool,
                &shop.client,
                shop.row.id,
                "tracking",
                Duration::from_secs(1),
            )
            .await
            .unwrap();
            sqlx::query("update shipments set next_poll_at = null")
                .execute(&db.pool)
                .await
                .unwrap();
        }
        let s = shipped(&db.pool, &number).await;
        assert_eq!(s.status, "shipped", "{kind:?}");
        assert_eq!(s.shipments, 1, "{kind:?}");
        assert_eq!(s.carrier.as_deref(), Some(kind.code()));
        assert!(s.tracking.is_some_and(|t| !t.is_empty()), "{kind:?}");
        assert_eq!(s.moved_out, units(&db.pool, &number).await, "{kind:?}");
        assert_eq!(s.reserved, 0, "{kind:?}");
        assert!(
            s.awb.as_deref().is_some_and(|b| b.starts_with(b"%PDF")),
            "{kind:?}: the AWB is kept"
        );
        assert_eq!(arranged_count(&sim, kind, &id).await, 1, "{kind:?}");

        // Again: refused here, nothing asked of the platform.
        match fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st2").await {
            Err(FulfilError::AlreadyShipped { .. }) => {}
            other => panic!("{kind:?}: expected already shipped, got {other:?}"),
        }
        assert_eq!(arranged_count(&sim, kind, &id).await, 1, "{kind:?}");
        // The stored AWB is what `label --format carrier` prints.
        let (mime, bytes) = fulfil::document(&db.pool, &shop.client, &number)
            .await
            .unwrap()
            .unwrap();
        assert!(mime.contains("pdf") && bytes.starts_with(b"%PDF"), "{mime}");
    }
}

/// The arrange call's path on each platform, for the faults.
fn arrange_path(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Shopee => "ship_order",
        ChannelKind::Lazada => "/order/fulfill/pack",
        ChannelKind::TikTok => "/ship",
        other => panic!("not a marketplace: {other:?}"),
    }
}

#[tokio::test]
async fn a_timeout_after_the_platform_accepted_ends_in_one_arrangement() {
    let sim = start_sim(STILL).await;
    for kind in ChannelKind::ALL {
        let db = common::fresh_db().await;
        let shop = open_shop(&db.pool, &sim, kind).await;
        let id = new_orders(&sim, kind, 1).remove(0);
        pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
        let number = number_of(&db.pool, shop.row.id, &id).await;
        pack_next(&db.pool).await;
        let form = fulfil::prepare(&db.pool, &shop.client, &number)
            .await
            .unwrap();
        // The platform carries the call out; its answer never arrives.
        sim.faults().set(FaultSpec {
            channel: Some(kind),
            path_contains: Some(arrange_path(kind).into()),
            delay_ms: 4_000,
            accept_then_timeout: Trigger::next(1),
            ..FaultSpec::default()
        });
        let first = fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st1").await;
        sim.faults().clear();
        // Either the look-up after the timeout found it at once, or the row waits as
        // asked and pressing S again finds it — never a second arrangement.
        let a = match first {
            Ok(a) => a,
            Err(FulfilError::Unsure { .. }) => {
                fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st1")
                    .await
                    .unwrap_or_else(|e| panic!("{kind:?}: the retry: {e}"))
            }
            Err(e) => panic!("{kind:?}: {e}"),
        };
        assert!(a.recovered, "{kind:?}: found, not made again");
        assert_eq!(arranged_count(&sim, kind, &id).await, 1, "{kind:?}");
        let s = shipped(&db.pool, &number).await;
        assert_eq!((s.status.as_str(), s.shipments), ("shipped", 1), "{kind:?}");
        assert_eq!(
            s.moved_out,
            units(&db.pool, &number).await,
            "{kind:?}: stock out once"
        );
    }
}

#[tokio::test]
async fn a_process_gone_after_asking_is_finished_by_the_poller_without_asking_again() {
    let sim = start_sim(STILL).await;
    let db = common::fresh_db().await;
    let kind = ChannelKind::Shopee;
    let shop = open_shop(&db.pool, &sim, kind).await;
    let id = new_orders(&sim, kind, 1).remove(0);
    pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
    let number = number_of(&db.pool, shop.row.id, &id).await;
    pack_next(&db.pool).await;
    let form = fulfil::prepare(&db.pool, &shop.client, &number)
        .await
        .unwrap();
    // Every answer about the arrangement is lost: the call and the look-up after it.
    sim.faults().set(FaultSpec {
        channel: Some(kind),
        path_contains: Some("ship_order".into()),
        delay_ms: 4_000,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let _ = fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st1").await;
    sim.faults().clear();
    assert_eq!(sim.shopee_arranged_count(&id), 1);
    // Whatever the console saw, the poller leaves the order shipped, the AWB kept.
    for _ in 0..10 {
        fulfil::poll_shop(
            &db.pool,
            &shop.client,
            shop.row.id,
            "tracking",
            Duration::from_secs(1),
        )
        .await
        .unwrap();
        sqlx::query("update shipments set next_poll_at = null")
            .execute(&db.pool)
            .await
            .unwrap();
        if shipped(&db.pool, &number).await.awb.is_some() {
            break;
        }
    }
    let s = shipped(&db.pool, &number).await;
    assert_eq!((s.status.as_str(), s.shipments), ("shipped", 1));
    assert!(s.awb.is_some());
    assert_eq!(sim.shopee_arranged_count(&id), 1);
}

#[tokio::test]
async fn parcels_move_to_delivered_by_themselves_and_the_order_completes() {
    // A step every second: the platform's courier picks up and delivers.
    let sim = start_sim(1.0).await;
    for kind in ChannelKind::ALL {
        let db = common::fresh_db().await;
        let shop = open_shop(&db.pool, &sim, kind).await;
        let id = new_orders(&sim, kind, 1).remove(0);
        pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
        let number = number_of(&db.pool, shop.row.id, &id).await;
        pack_next(&db.pool).await;
        let form = fulfil::prepare(&db.pool, &shop.client, &number)
            .await
            .unwrap();
        fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st1")
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(40);
        let mut status = String::new();
        while Instant::now() < deadline {
            fulfil::poll_shop(
                &db.pool,
                &shop.client,
                shop.row.id,
                "tracking",
                Duration::from_millis(200),
            )
            .await
            .unwrap();
            sqlx::query("update shipments set next_poll_at = null")
                .execute(&db.pool)
                .await
                .unwrap();
            status = shipped(&db.pool, &number).await.status;
            if status == "completed" || status == "delivered" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        assert!(
            status == "delivered" || status == "completed",
            "{kind:?}: still {status}"
        );
        let events: Vec<String> = sqlx::query_scalar(
            "select t.status from tracking_events t join shipments s on s.id = t.shipment_id
             join orders o on o.id = s.order_id where o.number = $1 order by t.occurred_at, t.id",
        )
        .bind(&number)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert!(
            events.contains(&"delivered".to_string()),
            "{kind:?}: {events:?}"
        );
        // Each platform state once, however often it was asked.
        let mut seen = events.clone();
        seen.dedup();
        assert_eq!(seen, events, "{kind:?}");
    }
}

#[tokio::test]
async fn ten_orders_of_one_shop_are_arranged_in_one_call_and_their_awbs_make_one_file() {
    let sim = start_sim(STILL).await;
    let db = common::fresh_db().await;
    let shop = open_shop(&db.pool, &sim, ChannelKind::Shopee).await;
    // Ten orders Shopee has not split (a split order is refused: one parcel per order).
    let ids: Vec<String> = new_orders(&sim, ChannelKind::Shopee, 20)
        .into_iter()
        .filter(|id| sim.shopee_packages(id).len() == 1)
        .take(10)
        .collect();
    assert_eq!(ids.len(), 10);
    pull(&db.pool, &shop, &ids).await;
    let mut numbers = Vec::new();
    for _ in 0..10 {
        numbers.push(pack_next(&db.pool).await);
    }
    let form = fulfil::prepare(&db.pool, &shop.client, &numbers[0])
        .await
        .unwrap();
    let before = sim.calls_to("/api/v2/logistics/mass_ship_order");
    let seen = std::sync::Mutex::new(Vec::new());
    let lines = fulfil::arrange_many(
        &db.pool,
        &shop.client,
        &numbers,
        &form.default,
        "st1",
        &|done, total| seen.lock().unwrap().push((done, total)),
    )
    .await
    .unwrap();
    assert_eq!(
        sim.calls_to("/api/v2/logistics/mass_ship_order") - before,
        1
    );
    assert_eq!(lines.len(), 10);
    assert!(lines.iter().all(|l| l.outcome.is_ok()), "{lines:?}");
    let progress = seen.lock().unwrap().clone();
    assert_eq!(progress.last(), Some(&(10, 10)), "{progress:?}");
    for id in &ids {
        assert_eq!(sim.shopee_arranged_count(id), 1);
    }
    let docs = orderdeck_store::fulfil::documents_for(&db.pool, &numbers)
        .await
        .unwrap();
    assert_eq!(docs.len(), 10, "every AWB kept");
    let merged =
        orderdeck_print::merge_pdfs(&docs.into_iter().map(|(_, _, b)| b).collect::<Vec<_>>())
            .unwrap();
    let text = pdf_extract::extract_text_from_mem(&merged).unwrap();
    // Shopee gives tracking numbers a poll later: the poller fills them in.
    for _ in 0..5 {
        fulfil::poll_shop(
            &db.pool,
            &shop.client,
            shop.row.id,
            "tracking",
            Duration::from_secs(1),
        )
        .await
        .unwrap();
        sqlx::query("update shipments set next_poll_at = null")
            .execute(&db.pool)
            .await
            .unwrap();
    }
    for n in &numbers {
        let s = shipped(&db.pool, n).await;
        let tracking = s.tracking.expect("a tracking number");
        assert!(text.contains(&tracking), "{tracking} in the one file");
    }

    // Orders of two shops are refused before anything is asked.
    let lazada = open_shop(&db.pool, &sim, ChannelKind::Lazada).await;
    let other_ids = new_orders(&sim, ChannelKind::Lazada, 1);
    pull(&db.pool, &lazada, &other_ids).await;
    let other = pack_next(&db.pool).await;
    let mixed = vec![other, numbers[0].clone()];
    assert!(matches!(
        fulfil::arrange_many(
            &db.pool,
            &shop.client,
            &mixed,
            &form.default,
            "st1",
            &|_, _| {}
        )
        .await,
        Err(FulfilError::MixedShops)
    ));
}

#[tokio::test]
async fn a_masked_tiktok_buyer_is_taken_in_and_shipped_without_a_phone() {
    let sim = start_sim(STILL).await;
    let db = common::fresh_db().await;
    let shop = open_shop(&db.pool, &sim, ChannelKind::TikTok).await;
    let ids = new_orders(&sim, ChannelKind::TikTok, 2);
    assert!(sim.tiktok_mask_buyer(&ids[0]));
    assert!(sim.tiktok_mask_buyer(&ids[1]));
    // A pull reads up to the second it starts in: let the masking second pass.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    pull(&db.pool, &shop, &ids).await;
    let rows: Vec<(String, bool, Option<i64>, String)> = sqlx::query_as(
        "select number, buyer_masked, customer_id, buyer_phone from orders
         where channel_id = $1 and external_id = any($2) order by number",
    )
    .bind(shop.row.id)
    .bind(&ids)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let problems: Vec<(String, String)> =
        sqlx::query_as("select external_id, reason from channel_order_problems")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        rows.len(),
        2,
        "both taken in (no 'no usable phone'): {problems:?}"
    );
    for (_, masked, customer, phone) in &rows {
        assert!(*masked);
        // Masked numbers look alike: nobody's customer, so strangers are never merged.
        assert!(customer.is_none());
        assert!(phone.contains('*'), "{phone}");
    }
    let number = pack_next(&db.pool).await;
    let form = fulfil::prepare(&db.pool, &shop.client, &number)
        .await
        .unwrap();
    fulfil::arrange(&db.pool, &shop.client, &number, &form.default, "st1")
        .await
        .unwrap();
    assert_eq!(shipped(&db.pool, &number).await.status, "shipped");
}

#[tokio::test]
async fn an_order_near_its_ship_by_time_heads_the_pack_queue_and_the_dashboard() {
    let db = common::fresh_db().await;
    let sim = start_sim(STILL).await;
    let shop = open_shop(&db.pool, &sim, ChannelKind::Shopee).await;
    let ids = new_orders(&sim, ChannelKind::Shopee, 3);
    pull(&db.pool, &shop, &ids).await;
    let newest = number_of(&db.pool, shop.row.id, &ids[2]).await;
    // The platform's deadlines: the newest order is due in an hour, the others in days.
    sqlx::query("update orders set ship_by = now() + interval '3 days' where channel_id = $1")
        .bind(shop.row.id)
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("update orders set ship_by = now() + interval '1 hour' where number = $1")
        .bind(&newest)
        .execute(&db.pool)
        .await
        .unwrap();
    let job = packing::claim_next(&db.pool, "st1").await.unwrap().unwrap();
    assert_eq!(job.number, newest, "the at-risk order first");
    assert!(job.ship_by.is_some());
    let d = orderdeck_store::dashboard::load(
        &db.pool,
        chrono::Utc::now(),
        chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        6,
    )
    .await
    .unwrap();
    assert_eq!(d.at_risk_count, 1);
    assert_eq!(
        d.at_risk.first().map(|r| r.0.as_str()),
        Some(newest.as_str())
    );
    // The rest go oldest first.
    let next = packing::claim_next(&db.pool, "st2").await.unwrap().unwrap();
    assert_eq!(next.number, number_of(&db.pool, shop.row.id, &ids[0]).await);
}

async fn available(pool: &PgPool, sku: &str) -> i64 {
    sqlx::query_scalar(
        "select sum(s.on_hand - s.reserved)::bigint from stock_levels s join variants v on v.id = s.variant_id where v.sku = $1",
    )
    .bind(sku)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_buyers_cancellation_stops_the_pack_station_and_accepting_it_releases_the_stock() {
    let sim = start_sim(STILL).await;
    for kind in ChannelKind::ALL {
        let db = common::fresh_db().await;
        let shop = open_shop(&db.pool, &sim, kind).await;
        let id = new_orders(&sim, kind, 1).remove(0);
        pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
        let number = number_of(&db.pool, shop.row.id, &id).await;
        let job = packing::claim_next(&db.pool, "st1").await.unwrap().unwrap();
        let sku = job.lines[0].sku.clone();
        let before = available(&db.pool, &sku).await;
        let asked = match kind {
            ChannelKind::Shopee => sim.shopee_request_cancel(&id, "Đổi ý, không muốn mua nữa"),
            ChannelKind::Lazada => sim.lazada_request_cancel(&id, "Đổi ý, không muốn mua nữa"),
            ChannelKind::TikTok => sim.tiktok_request_cancel(&id, "Đổi ý, không muốn mua nữa"),
            other => panic!("not a marketplace: {other:?}"),
        };
        assert!(asked, "{kind:?}");
        let fresh = fulfil::sync_cancel_requests(&db.pool, &shop.client, shop.row.id)
            .await
            .unwrap();
        assert_eq!(fresh, 1, "{kind:?}");
        // The station stops with the reason; nothing more is counted.
        match packing::scan(&db.pool, job.order_id, "st1", &sku).await {
            Err(packing::PackError::Refused(why)) => {
                assert!(
                    why.contains("Đổi ý") || why.contains("cancel"),
                    "{kind:?}: {why}"
                )
            }
            other => panic!("{kind:?}: expected a stop, got {other:?}"),
        }
        let shown = packing::reload(&db.pool, job.order_id).await.unwrap();
        assert!(shown.cancel_request.is_some(), "{kind:?}");
        // Nor can it be shipped.
        assert!(matches!(
            fulfil::arrange(
                &db.pool,
                &shop.client,
                &number,
                &orderdeck_integrations::marketplace::fulfil::Handover::Platform { provider: None },
                "st1"
            )
            .await,
            Err(FulfilError::NotPacked { .. }) | Err(FulfilError::CancelRequested { .. })
        ));
        let d = fulfil::decide_cancel(
            &db.pool,
            &shop.client,
            &number,
            &CancelDecision::Accept,
            "hoa.le",
        )
        .await
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(d.cancelled, "{kind:?}");
        let s = shipped(&db.pool, &number).await;
        assert_eq!(
            (s.status.as_str(), s.reserved),
            ("cancelled", 0),
            "{kind:?}"
        );
        assert!(
            available(&db.pool, &sku).await > before,
            "{kind:?}: the stock is back"
        );
        // Asked again: there is nothing left to decide.
        assert!(matches!(
            fulfil::decide_cancel(
                &db.pool,
                &shop.client,
                &number,
                &CancelDecision::Accept,
                "hoa.le"
            )
            .await,
            Err(FulfilError::NoCancelRequest(_))
        ));
    }
}

#[tokio::test]
async fn a_rejected_cancellation_lets_packing_go_on() {
    let sim = start_sim(STILL).await;
    let db = common::fresh_db().await;
    let kind = ChannelKind::TikTok;
    let shop = open_shop(&db.pool, &sim, kind).await;
    let id = new_orders(&sim, kind, 1).remove(0);
    pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
    let number = number_of(&db.pool, shop.row.id, &id).await;
    let job = packing::claim_next(&db.pool, "st1").await.unwrap().unwrap();
    assert!(sim.tiktok_request_cancel(&id, "Tìm được giá rẻ hơn"));
    fulfil::sync_cancel_requests(&db.pool, &shop.client, shop.row.id)
        .await
        .unwrap();
    let d = fulfil::decide_cancel(
        &db.pool,
        &shop.client,
        &number,
        &CancelDecision::Reject {
            reason: "seller_reject_apply_product_has_been_packed".into(),
        },
        "hoa.le",
    )
    .await
    .unwrap();
    assert!(!d.accepted && !d.cancelled);
    let sku = job.lines[0].sku.clone();
    assert!(matches!(
        packing::scan(&db.pool, job.order_id, "st1", &sku).await,
        Ok(ScanResult::Counted { .. }) | Ok(ScanResult::Packed { .. })
    ));
}

#[tokio::test]
async fn an_order_the_seller_ships_has_its_tracking_number_told_to_the_platform_once() {
    let sim = start_sim(STILL).await;
    let db = common::fresh_db().await;
    let kind = ChannelKind::TikTok;
    let shop = open_shop(&db.pool, &sim, kind).await;
    let id = new_orders(&sim, kind, 1).remove(0);
    assert!(sim.tiktok_set_seller_shipping(&id));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    pull(&db.pool, &shop, std::slice::from_ref(&id)).await;
    let number = number_of(&db.pool, shop.row.id, &id).await;
    pack_next(&db.pool).await;
    let form = fulfil::prepare(&db.pool, &shop.client, &number)
        .await
        .unwrap();
    assert!(form.options.seller_ship, "TikTok lets the seller ship it");
    // Shipped with GHN (elsewhere); the number goes to TikTok, once however often asked.
    for _ in 0..2 {
        fulfil::report_own_shipment(&db.pool, &shop.client, &number, "GHN", "GHNX7K9QP2", "st1")
            .await
            .unwrap();
    }
    assert_eq!(sim.tiktok_arranged_count(&id), 1);
    let said: i64 = sqlx::query_scalar(
        "select count(*) from order_events e join orders o on o.id = e.order_id
         where o.number = $1 and e.message like '%GHNX7K9QP2%'",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(said, 1, "the timeline says so once");
}
