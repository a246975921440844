//! The seller's own website shops end to end: the four simulated storefronts (Haravan,
//! Sapo, WooCommerce, Shopify) place orders and send their signed webhooks to the real
//! listener (`orderdeck_app::http`), which takes each order in once, in its latest state,
//! on a real PostgreSQL.

use crate::common;

use std::collections::BTreeMap;

use orderdeck_app::channel_sync::{SyncOptions, Syncer};
use orderdeck_app::http;
use orderdeck_app::intake::IntakeQueue;
use orderdeck_app::storefronts;
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_sim::SimHandle;
use orderdeck_sim::{DeliveryMode, StorefrontChange, StorefrontOrderSpec};
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::watch;

struct Shop {
    db: common::TestDb,
    sim: SimHandle,
    base: String,
    _stop: watch::Sender<bool>,
}

fn code(kind: ChannelKind) -> String {
    format!("web-{}", kind.code())
}

/// The demo shop's catalog, the four storefronts configured against the simulator, and
/// the listener serving their webhooks on loopback.
async fn shop() -> Shop {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let sim = common::seeded_sim(18).await;
    let configs: BTreeMap<_, _> = ChannelKind::STOREFRONTS
        .into_iter()
        .map(|k| (code(k), sim.storefront_config(k)))
        .collect();
    let (fronts, problems) = storefronts::open_all(&db.pool, &configs).await;
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(fronts.len(), 4);
    let intake = IntakeQueue::start(db.pool.clone(), 1);
    let syncer = Syncer::new(
        db.pool.clone(),
        intake.clone(),
        SyncOptions {
            actor: "webhook".into(),
            ..SyncOptions::default()
        },
    );
    let app = http::routes(http::Routes {
        messenger: None,
        zalo: None,
        api: orderdeck_app::api::ApiState::new(db.pool.clone(), intake),
        storefronts: fronts,
        syncer,
        marketplaces: None,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stop_rx) = watch::channel(false);
    tokio::spawn(http::serve(listener, app, http::Limits::default(), stop_rx));
    Shop {
        db,
        sim,
        base,
        _stop: stop,
    }
}

impl Shop {
    fn hook(&self, kind: ChannelKind) -> String {
        format!("{}/hooks/{}", self.base, code(kind))
    }

    /// Places a COD order on the storefront of `kind`, its webhook pointed at our
    /// listener and its first delivery going as `delivery`; the store's order id.
    async fn place_cod(&self, kind: ChannelKind, delivery: DeliveryMode) -> String {
        let spec = StorefrontOrderSpec { delivery, ..cod() };
        self.sim
            .storefront_place_order(kind, &self.hook(kind), spec)
            .await
            .unwrap()
    }

    /// Sends the held deliveries late (each must still be taken, 200) and checks that the
    /// order ended as the cancellation left it: one order, cancelled, nothing reserved.
    async fn release_held_and_expect_cancelled(&self, kind: ChannelKind, id: &str) {
        let late = self.sim.storefront_release_held(kind).await;
        assert!(
            late.iter().all(|d| d.status == Some(200)),
            "{kind:?}: {late:?}"
        );
        let orders = orders_of(&self.db.pool, kind, id).await;
        assert_eq!(orders.len(), 1, "{kind:?}: {orders:?}");
        assert_eq!(orders[0].1, "cancelled", "{kind:?}");
        assert_eq!(reserved_of(&self.db.pool, kind, id).await, 0, "{kind:?}");
    }
}

/// (number, status) of each order of the storefront with this platform id.
async fn orders_of(pool: &PgPool, kind: ChannelKind, external_id: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "select o.number, o.status from orders o join sales_channels c on c.id = o.channel_id
         where c.code = $1 and o.external_id = $2 order by o.id",
    )
    .bind(code(kind))
    .bind(external_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn reserved_of(pool: &PgPool, kind: ChannelKind, external_id: &str) -> i64 {
    sqlx::query_scalar(
        "select coalesce(sum(r.qty), 0)::bigint from reservations r
         join order_lines l on l.id = r.order_line_id join orders o on o.id = l.order_id
         join sales_channels c on c.id = o.channel_id
         where c.code = $1 and o.external_id = $2",
    )
    .bind(code(kind))
    .bind(external_id)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn cod() -> StorefrontOrderSpec {
    StorefrontOrderSpec {
        shipping_fee: 30_000,
        note: "Giao giờ hành chính".into(),
        ..StorefrontOrderSpec::default()
    }
}

#[tokio::test]
async fn each_platform_s_order_arrives_once_reserved_with_its_buyer_and_money() {
    let s = shop().await;
    for kind in ChannelKind::STOREFRONTS {
        let id = s.place_cod(kind, DeliveryMode::Send).await;
        let delivered = s.sim.storefront_deliveries(kind);
        let first = delivered.last().unwrap();
        assert_eq!(first.status, Some(200), "{kind:?}: {}", first.answer);
        let orders = orders_of(&s.db.pool, kind, &id).await;
        assert_eq!(orders.len(), 1, "{kind:?}");
        assert!(
            ["reserved", "backordered"].contains(&orders[0].1.as_str()),
            "{kind:?}: {orders:?}"
        );
        let (phone, fee, payment, created_by): (String, rust_decimal::Decimal, String, String) =
            sqlx::query_as(
                "select o.buyer_phone, o.shipping_fee, o.payment_method,
                        (select e.actor from order_events e where e.order_id = o.id
                         order by e.id limit 1)
                 from orders o where o.number = $1",
            )
            .bind(&orders[0].0)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
        assert!(
            phone.starts_with('0') && phone.len() == 10,
            "{kind:?}: {phone}"
        );
        assert_eq!(fee, rust_decimal::Decimal::from(30_000), "{kind:?}");
        assert_eq!(payment, "cod", "{kind:?}");
        assert_eq!(created_by, "webhook");

        // The same delivery again (a retry after a lost answer): acknowledged, not taken.
        let again = s
            .sim
            .storefront_redeliver(kind, first.delivery)
            .await
            .unwrap();
        assert_eq!(again.status, Some(200), "{kind:?}");
        if kind == ChannelKind::WooCommerce {
            // WooCommerce's delivery id is new on every delivery: not what de-duplicates.
            assert_ne!(
                again.header("x-wc-webhook-delivery-id"),
                first.header("x-wc-webhook-delivery-id")
            );
        }
        assert_eq!(orders_of(&s.db.pool, kind, &id).await.len(), 1, "{kind:?}");
    }
}

#[tokio::test]
async fn a_wrong_signature_is_refused_recorded_and_changes_nothing() {
    let s = shop().await;
    for kind in ChannelKind::STOREFRONTS {
        let id = s.place_cod(kind, DeliveryMode::WrongSignature).await;
        let d = s.sim.storefront_deliveries(kind);
        assert_eq!(d.last().unwrap().status, Some(401), "{kind:?}");
        assert!(
            orders_of(&s.db.pool, kind, &id).await.is_empty(),
            "{kind:?}"
        );
        let refused: i64 = sqlx::query_scalar(
            "select count(*) from webhook_refusals r join sales_channels c on c.id = r.channel_id
             where c.code = $1",
        )
        .bind(code(kind))
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
        assert!(refused >= 1, "{kind:?}: the refusal is kept for pane 9");
    }
    // A body far larger than any order is refused before it is read whole.
    let huge = reqwest::Client::new()
        .post(s.hook(ChannelKind::WooCommerce))
        .header("content-type", "application/json")
        .body(vec![b' '; 3 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    // A body without any signature at all is refused the same way.
    let unsigned = reqwest::Client::new()
        .post(s.hook(ChannelKind::Shopify))
        .header("content-type", "application/json")
        .header("x-shopify-topic", "orders/create")
        .body(r#"{"id":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
}

#[tokio::test]
async fn deliveries_out_of_order_end_in_the_latest_state() {
    let s = shop().await;
    for kind in ChannelKind::STOREFRONTS {
        // Placed, then cancelled; the "created" delivery is overtaken by the cancellation.
        let id = s.place_cod(kind, DeliveryMode::Hold).await;
        s.sim
            .storefront_update_order(kind, &id, StorefrontChange::Cancelled, DeliveryMode::Send)
            .await
            .unwrap();
        s.release_held_and_expect_cancelled(kind, &id).await;

        // Placed and taken in; then paid, but that delivery is overtaken by the
        // cancellation after it: the late "paid" changes nothing.
        let id = s.place_cod(kind, DeliveryMode::Send).await;
        assert_eq!(orders_of(&s.db.pool, kind, &id).await.len(), 1, "{kind:?}");
        s.sim
            .storefront_update_order(kind, &id, StorefrontChange::Paid, DeliveryMode::Hold)
            .await
            .unwrap();
        s.sim
            .storefront_update_order(kind, &id, StorefrontChange::Cancelled, DeliveryMode::Send)
            .await
            .unwrap();
        s.release_held_and_expect_cancelled(kind, &id).await;
    }
}

#[tokio::test]
async fn haravan_s_handshake_and_woocommerce_s_ping_are_answered() {
    let s = shop().await;
    assert!(
        s.sim
            .storefront_haravan_verify(
                &s.hook(ChannelKind::Haravan),
                s.sim
                    .storefront_config(ChannelKind::Haravan)
                    .verify_token
                    .as_ref()
                    .unwrap()
                    .expose()
            )
            .await
            .unwrap()
    );
    assert_eq!(
        s.sim
            .storefront_woo_ping(&s.hook(ChannelKind::WooCommerce))
            .await
            .unwrap(),
        200
    );
    let wrong = reqwest::get(format!(
        "{}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=abc",
        s.hook(ChannelKind::Haravan)
    ))
    .await
    .unwrap();
    assert_eq!(wrong.status(), 403);
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

#[tokio::test]
async fn a_sale_on_shopee_moves_the_website_s_stock() {
    use orderdeck_app::stock_sync::{self, DrainOptions, Pacer, Shops};
    let s = shop().await;
    let pool = &s.db.pool;
    let mut shops = Shops::new();
    let mut woo_id = 0;
    for kind in ChannelKind::STOREFRONTS {
        let mut one = BTreeMap::new();
        one.insert(code(kind), s.sim.storefront_config(kind));
        let (mut fronts, _) = storefronts::open_all(pool, &one).await;
        let front = fronts.pop().unwrap();
        // What the stock worker does on its first start: read the shop's variants.
        let read = orderdeck_app::product_sync::pull(pool, front.shop.row.id, &front.shop.client)
            .await
            .unwrap();
        assert!(read.matched > 0, "{kind:?}: {read:?}");
        if kind == ChannelKind::WooCommerce {
            woo_id = front.shop.row.id;
        }
        shops.insert(front.shop.row.id, front.shop.client);
    }
    sqlx::query("update sales_channels set stock_buffer = 2 where id = $1")
        .bind(woo_id)
        .execute(pool)
        .await
        .unwrap();
    orderdeck_store::channels::ensure(pool, "shopee", "Shopee", "")
        .await
        .unwrap();
    let sku = "TT-001-1";
    let mut sale = common::order("SHOPEE-260001", &[(sku, 2)]);
    sale.channel = "shopee".into();
    orderdeck_app::intake::create_order(pool, &sale, "channel sync")
        .await
        .unwrap();
    let opts = DrainOptions {
        horizon: Duration::from_secs(3600),
        ..DrainOptions::default()
    };
    let pacer = Pacer::new();
    for _ in 0..10 {
        let r = stock_sync::drain(pool, &shops, &opts, &pacer)
            .await
            .unwrap();
        if r.rows == 0 {
            break;
        }
    }
    let left = available(pool, sku).await;
    assert_eq!(
        s.sim.storefront_stock(ChannelKind::WooCommerce, sku),
        Some((left - 2).max(0)),
        "WooCommerce shows what is left minus its buffer of 2"
    );
    for kind in [
        ChannelKind::Haravan,
        ChannelKind::Sapo,
        ChannelKind::Shopify,
    ] {
        if s.sim.storefront_listing_ids(kind, sku).is_some() {
            assert_eq!(
                s.sim.storefront_stock(kind, sku),
                Some(left),
                "{kind:?} follows the sale too"
            );
        }
    }
}

#[tokio::test]
async fn a_woocommerce_order_whose_webhook_was_lost_is_pulled_once() {
    use orderdeck_integrations::marketplace::SalesChannel;
    let s = shop().await;
    let pool = &s.db.pool;
    let kind = ChannelKind::WooCommerce;
    // The listener was down: the delivery fails and WooCommerce does not retry it.
    let id = s
        .sim
        .storefront_place_order(kind, "http://127.0.0.1:9/hooks/down", cod())
        .await
        .unwrap();
    assert!(orders_of(pool, kind, &id).await.is_empty());
    let mut one = BTreeMap::new();
    one.insert(code(kind), s.sim.storefront_config(kind));
    let (mut fronts, _) = storefronts::open_all(pool, &one).await;
    let front = fronts.pop().unwrap();
    assert_eq!(front.shop.client.kind(), kind);
    let syncer = Syncer::new(
        pool.clone(),
        IntakeQueue::start(pool.clone(), 1),
        SyncOptions::default(),
    );
    let first = syncer
        .sync_channel(&front.shop.client, front.shop.row.id)
        .await
        .unwrap();
    assert!(first.created >= 1, "{first}");
    let orders = orders_of(pool, kind, &id).await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].1, "reserved");
    // Pulled again, and the webhook arriving after all: still one order.
    syncer
        .sync_channel(&front.shop.client, front.shop.row.id)
        .await
        .unwrap();
    let late = s
        .sim
        .storefront_deliveries(kind)
        .into_iter()
        .rfind(|d| d.order_id == id)
        .unwrap();
    let mut redirected = reqwest::Client::new().post(s.hook(kind));
    for (name, value) in &late.headers {
        redirected = redirected.header(name.as_str(), value.as_str());
    }
    let answer = redirected.body(late.body.clone()).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(orders_of(pool, kind, &id).await.len(), 1);
}
