//! The simulator's marketplace activity (new orders, cancellations, address changes),
//! seen through the real adapters by update time, as an incremental sync would see it.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use orderdeck_domain::intake::Address;
use orderdeck_domain::order::Stage;
use orderdeck_integrations::marketplace::lazada::LazadaClient;
use orderdeck_integrations::marketplace::shopee::ShopeeClient;
use orderdeck_integrations::marketplace::tiktok::TikTokClient;
use orderdeck_integrations::marketplace::{
    ChannelKind, ChannelOrder, ChannelStatus, MemoryTokenStore, PageCursor, SalesChannel,
    TimeRange, TokenKeeper,
};
use orderdeck_sim::{self as sim, Activity, SimHandle, SimOptions};

async fn start(channel_activity: Option<Duration>) -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 7,
            channel_activity,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

const TIMEOUT: Duration = Duration::from_secs(5);

/// Full orders updated from `from` until now, through every page.
async fn changed_since(c: &impl SalesChannel, from: DateTime<Utc>) -> Vec<ChannelOrder> {
    let range = TimeRange {
        from,
        to: Utc::now() + chrono::Duration::seconds(2),
    };
    let mut ids = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    loop {
        let page = c.orders_changed(range, cursor.as_ref()).await.unwrap();
        ids.extend(page.orders.into_iter().map(|o| o.external_id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    c.order_details(&ids).await.unwrap()
}

/// A new order, an address change and a cancellation on `kind`, then one pull by update
/// time since just before them shows all three.
async fn steps_show_up_in_the_next_pull(sim: &SimHandle, kind: ChannelKind, c: &impl SalesChannel) {
    let weeks_ago = Utc::now() - chrono::Duration::days(20);
    // Update times are whole seconds.
    let before = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();

    let new = sim.channel_step(kind, Activity::NewOrder).unwrap();
    // Addresses as they were: changes pick among the newest orders.
    let old: HashMap<String, Address> = changed_since(c, weeks_ago)
        .await
        .into_iter()
        .map(|o| (o.external_id, o.address))
        .collect();
    assert!(
        old.contains_key(&new),
        "{kind:?}: new order {new} not in the pull"
    );
    let moved = sim.channel_step(kind, Activity::AddressChange).unwrap();
    let cancelled = sim.channel_step(kind, Activity::Cancel).unwrap();
    let counts = sim.channel_activity();
    assert_eq!(
        (
            counts.new_orders,
            counts.address_changes,
            counts.cancellations
        ),
        (1, 1, 1)
    );

    let pulled: HashMap<String, ChannelOrder> = changed_since(c, before)
        .await
        .into_iter()
        .map(|o| (o.external_id.clone(), o))
        .collect();
    for id in [&new, &moved, &cancelled] {
        assert!(
            pulled.contains_key(id),
            "{kind:?}: {id} not pulled by update time"
        );
        assert!(
            pulled[id].updated_at >= before,
            "{kind:?}: {id} update time"
        );
    }

    let o = &pulled[&new];
    assert!(o.created_at >= before, "{kind:?}: created {}", o.created_at);
    if new != cancelled {
        assert_eq!(o.status.stage(), Some(Stage::New), "{}", o.channel_status);
    }
    assert!(!o.lines.is_empty() && o.lines.len() <= 3);
    assert!(o.lines.iter().all(|l| !l.sku.is_empty() && l.qty >= 1));
    assert!(!o.buyer.name.is_empty() && !o.buyer.phone.is_empty());
    assert!(!o.address.province.is_empty() && !o.address.line1.is_empty());
    let t = &o.totals;
    assert!(t.total > rust_decimal::Decimal::ZERO);
    assert_eq!(t.subtotal - t.discount + t.shipping_fee, t.total);

    let o = &pulled[&cancelled];
    assert_eq!(o.status, ChannelStatus::Cancelled, "{}", o.channel_status);
    assert_eq!(o.status.stage(), Some(Stage::Cancelled));

    let o = &pulled[&moved];
    let was = old
        .get(&moved)
        .expect("the moved order was in the earlier pull");
    assert_ne!(
        &o.address, was,
        "{kind:?}: address of {moved} did not change"
    );
    assert!(!o.address.line1.is_empty() && !o.address.province.is_empty());
}

#[tokio::test]
async fn shopee_new_order_cancellation_and_address_change() {
    let sim = start(None).await;
    let keeper = TokenKeeper::new(
        ChannelKind::Shopee,
        "14701711",
        Some(sim.shopee_authorize()),
        MemoryTokenStore::new(),
    );
    let c = ShopeeClient::with_timeout(&sim.shopee_config(), keeper, TIMEOUT).unwrap();
    let before = sim.shopee_order_count();
    steps_show_up_in_the_next_pull(&sim, ChannelKind::Shopee, &c).await;
    assert_eq!(sim.shopee_order_count(), before + 1);
}

#[tokio::test]
async fn lazada_new_order_cancellation_and_address_change() {
    let sim = start(None).await;
    let keeper = TokenKeeper::new(
        ChannelKind::Lazada,
        "200167512",
        Some(sim.lazada_authorize()),
        MemoryTokenStore::new(),
    );
    let c = LazadaClient::with_timeout(&sim.lazada_config(), keeper, TIMEOUT).unwrap();
    let before = sim.lazada_order_count();
    steps_show_up_in_the_next_pull(&sim, ChannelKind::Lazada, &c).await;
    assert_eq!(sim.lazada_order_count(), before + 1);
}

#[tokio::test]
async fn tiktok_new_order_cancellation_and_address_change() {
    let sim = start(None).await;
    let keeper = TokenKeeper::new(
        ChannelKind::TikTok,
        "7494726673780148744",
        Some(sim.tiktok_authorize()),
        MemoryTokenStore::new(),
    );
    let c = TikTokClient::with_timeout(&sim.tiktok_config(), keeper, TIMEOUT).unwrap();
    let before = sim.tiktok_order_count();
    steps_show_up_in_the_next_pull(&sim, ChannelKind::TikTok, &c).await;
    assert_eq!(sim.tiktok_order_count(), before + 1);
}

#[tokio::test]
async fn the_stream_runs_by_itself_and_only_when_asked() {
    let quiet = start(None).await;
    let busy = start(Some(Duration::from_millis(20))).await;
    let seeded =
        |s: &SimHandle| s.shopee_order_count() + s.lazada_order_count() + s.tiktok_order_count();
    let at_start = seeded(&busy);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while busy.channel_activity().new_orders < 5 {
        assert!(std::time::Instant::now() < deadline, "no activity");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let counts = busy.channel_activity();
    assert!(seeded(&busy) >= at_start + counts.new_orders);
    assert_eq!(quiet.channel_activity(), Default::default());
    assert_eq!(seeded(&quiet), at_start, "same seed, nothing added");

    // It stops with the simulator.
    busy.shutdown().await;
}

/// Every demo console on one database uses one set of simulators: the second finds the
/// first's and starts none, so a token one stored is one the other's Shopee knows; once
/// they stop answering, the next console starts them anew.
#[tokio::test]
async fn demo_consoles_on_one_database_share_one_set_of_simulators() {
    let db = crate::common::fresh_db().await;
    let first = sim::demo::shared_simulators(&db.pool, SimOptions::default(), "station-1")
        .await
        .unwrap();
    let running = first
        .started
        .as_ref()
        .expect("the first console starts them");
    let second = sim::demo::shared_simulators(&db.pool, SimOptions::default(), "station-2")
        .await
        .unwrap();
    assert!(
        second.started.is_none(),
        "the second starts none of its own"
    );
    assert_eq!(second.endpoints.addr, first.endpoints.addr);
    // A shop authorised by the first's Shopee is one the second's client can pull from.
    let keeper = TokenKeeper::new(
        ChannelKind::Shopee,
        "14701711",
        Some(running.shopee_authorize()),
        MemoryTokenStore::new(),
    );
    let client =
        ShopeeClient::with_timeout(&second.endpoints.shopee_config(), keeper, TIMEOUT).unwrap();
    let page = client
        .orders_changed(
            TimeRange {
                from: Utc::now() - chrono::Duration::hours(1),
                to: Utc::now(),
            },
            None,
        )
        .await;
    assert!(page.is_ok(), "{page:?}");
    // The first console quits: its simulators stop, and the next console starts new ones.
    let gone = first.endpoints.addr;
    drop(first);
    let third = sim::demo::shared_simulators(&db.pool, SimOptions::default(), "station-3")
        .await
        .unwrap();
    assert!(third.started.is_some());
    assert_ne!(third.endpoints.addr, gone);
}
