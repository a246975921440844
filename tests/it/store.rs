//! Migrations and the schema's own rules, against a real PostgreSQL.

use crate::common;

use orderdeck_store::{self as store, StoreError};

#[tokio::test]
async fn migrations_apply_to_a_fresh_database_and_are_idempotent() {
    let db = common::fresh_db().await;
    // Running them again changes nothing.
    store::migrate(&db.pool).await.expect("second migrate");
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables where table_schema = 'public' order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for t in [
        "warehouses",
        "products",
        "variants",
        "stock_levels",
        "stock_moves",
        "customers",
        "sales_channels",
        "orders",
        "order_lines",
        "order_events",
        "reservations",
        "suppliers",
        "purchase_orders",
        "purchase_order_lines",
        "goods_receipts",
        "shipments",
        "tracking_events",
        "invoices",
        "invoice_lines",
        "returns",
        "return_lines",
        "refunds",
        "users",
        "outbox",
        "stock_counts",
    ] {
        assert!(
            tables.iter().any(|x| x == t),
            "table {t} missing; have {tables:?}"
        );
    }
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_left_alone() {
    let db = common::fresh_db().await;
    sqlx::query("insert into _sqlx_migrations (version, description, success, checksum, execution_time) values (99990101000000, 'from the future', true, '\\x00', 0)")
        .execute(&db.pool)
        .await
        .unwrap();
    let err = store::migrate(&db.pool).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::SchemaTooNew {
                found: 99990101000000,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade orderdeck"));
}

async fn variant_and_warehouse(pool: &sqlx::PgPool) -> (i64, i64) {
    let p: i64 = sqlx::query_scalar("insert into products (name) values ('Áo thun') returning id")
        .fetch_one(pool)
        .await
        .unwrap();
    let v: i64 = sqlx::query_scalar(
        "insert into variants (product_id, sku) values ($1, 'AT-1') returning id",
    )
    .bind(p)
    .fetch_one(pool)
    .await
    .unwrap();
    let w: i64 = sqlx::query_scalar(
        "insert into warehouses (code, name) values ('HN', 'Kho Hà Nội') returning id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    (v, w)
}

#[tokio::test]
async fn stock_can_never_go_negative_nor_reserve_more_than_on_hand() {
    let db = common::fresh_db().await;
    let (v, w) = variant_and_warehouse(&db.pool).await;
    sqlx::query("insert into stock_levels (variant_id, warehouse_id, on_hand, reserved) values ($1, $2, 5, 5)")
        .bind(v).bind(w).execute(&db.pool).await.unwrap();
    let neg = sqlx::query("update stock_levels set on_hand = -1, reserved = 0")
        .execute(&db.pool)
        .await;
    assert!(
        neg.unwrap_err()
            .to_string()
            .contains("on_hand_not_negative")
    );
    let over = sqlx::query("update stock_levels set reserved = 6")
        .execute(&db.pool)
        .await;
    assert!(
        over.unwrap_err()
            .to_string()
            .contains("reserved_within_on_hand")
    );
    let row: (i32, i32) = sqlx::query_as("select on_hand, reserved from stock_levels")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(row, (5, 5));
}

#[tokio::test]
async fn the_ledger_is_append_only() {
    let db = common::fresh_db().await;
    let (v, w) = variant_and_warehouse(&db.pool).await;
    sqlx::query("insert into stock_moves (variant_id, warehouse_id, qty, kind) values ($1, $2, 10, 'opening')")
        .bind(v).bind(w).execute(&db.pool).await.unwrap();
    let upd = sqlx::query("update stock_moves set qty = 11")
        .execute(&db.pool)
        .await;
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = sqlx::query("delete from stock_moves")
        .execute(&db.pool)
        .await;
    assert!(del.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn at_most_three_variant_attributes_and_one_order_per_channel_id() {
    let db = common::fresh_db().await;
    let four = sqlx::query("insert into products (name, attributes) values ('x', '{a,b,c,d}')")
        .execute(&db.pool)
        .await;
    assert!(four.is_err());
    let ch: i64 = sqlx::query_scalar("insert into sales_channels (code, kind, name) values ('shopee', 'shopee', 'Shopee') returning id")
        .fetch_one(&db.pool).await.unwrap();
    let insert = "insert into orders (number, channel_id, external_id) values ($1, $2, '2611ABC')";
    sqlx::query(insert)
        .bind("OD-1")
        .bind(ch)
        .execute(&db.pool)
        .await
        .unwrap();
    let dup = sqlx::query(insert)
        .bind("OD-2")
        .bind(ch)
        .execute(&db.pool)
        .await
        .unwrap_err();
    assert_eq!(
        dup.as_database_error().and_then(|e| e.code()).as_deref(),
        Some("23505")
    );
}

#[tokio::test]
async fn demo_data_is_consistent_and_never_seeded_twice() {
    let db = common::fresh_db().await;
    let now = chrono::Utc::now();
    let first = orderdeck_sim::demo::seed(&db.pool, now).await.unwrap();
    assert!(first.seeded);
    assert!(
        first.warehouses >= 2
            && first.products >= 60
            && first.suppliers >= 4
            && first.orders >= 300,
        "{first}"
    );
    let second = orderdeck_sim::demo::seed(&db.pool, now).await.unwrap();
    assert!(!second.seeded);
    let orders: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(orders, first.orders as i64);
    // Every channel and every three-word stage is represented.
    let channels: i64 = sqlx::query_scalar("select count(distinct channel_id) from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(channels, 5);
    let statuses: Vec<String> = sqlx::query_scalar("select distinct status from orders")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    for s in [
        "new",
        "backordered",
        "reserved",
        "packed",
        "shipped",
        "delivered",
        "completed",
        "cancelled",
        "returned",
    ] {
        assert!(
            statuses.iter().any(|x| x == s),
            "no {s} order in {statuses:?}"
        );
    }
    // The stock invariants hold: on hand = ledger, reserved = reservations.
    let drift: i64 = sqlx::query_scalar(
        "select count(*) from stock_levels s
         where s.on_hand <> coalesce((select sum(qty) from stock_moves m where m.variant_id = s.variant_id and m.warehouse_id = s.warehouse_id), 0)
            or s.reserved <> coalesce((select sum(qty) from reservations r where r.variant_id = s.variant_id and r.warehouse_id = s.warehouse_id), 0)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(drift, 0);
    let shipped_without_tracking: i64 = sqlx::query_scalar(
        "select count(*) from orders o where o.status in ('shipped', 'delivered', 'completed')
         and not exists (select 1 from shipments s join tracking_events e on e.shipment_id = s.id where s.order_id = o.id)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(shipped_without_tracking, 0);
}

/// The shop a console talks to is the configured one: a shop id a seed or an earlier
/// config left on the row gives way to `[channels.shopee] shop_id`, so the console and
/// the CLI name the shop their marketplace answers to.
#[tokio::test]
async fn the_configured_shop_id_is_the_one_kept_and_shown() {
    let db = common::fresh_db().await;
    let sim = orderdeck_sim::start(
        "127.0.0.1:0".parse().unwrap(),
        orderdeck_sim::SimOptions::default(),
    )
    .await
    .unwrap();
    store::channels::ensure(&db.pool, "shopee", "Shopee", "220466")
        .await
        .unwrap();
    let cfg = orderdeck_integrations::marketplace::ChannelsConfig {
        shopee: Some(sim.shopee_config()),
        ..Default::default()
    };
    let open = orderdeck_app::channels::open(
        &db.pool,
        &cfg,
        orderdeck_integrations::marketplace::ChannelKind::Shopee,
    )
    .await
    .unwrap()
    .unwrap();
    let configured = sim.shopee_config().shop_id.to_string();
    assert_eq!(open.row.shop_id, configured);
    let shown: String =
        sqlx::query_scalar("select shop_id from sales_channels where code = 'shopee'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(shown, configured);
    // The demo's seeded shops are the simulators' own.
    let demo = common::fresh_db().await;
    orderdeck_sim::demo::seed(&demo.pool, chrono::Utc::now())
        .await
        .unwrap();
    let seeded: String =
        sqlx::query_scalar("select shop_id from sales_channels where code = 'shopee'")
            .fetch_one(&demo.pool)
            .await
            .unwrap();
    assert_eq!(seeded, configured);
}

/// The timeline, like the ledger, is only added to (issue 14: a timeline could be
/// rewritten).
#[tokio::test]
async fn the_timeline_is_append_only() {
    let db = common::fresh_db().await;
    common::catalog(&db.pool, &[(5, 0)]).await;
    orderdeck_app::intake::create_order(&db.pool, &common::order("TL-1", &[("S0", 1)]), "lan")
        .await
        .unwrap();
    let upd = sqlx::query("update order_events set actor = 'someone else'")
        .execute(&db.pool)
        .await;
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = sqlx::query("delete from order_events")
        .execute(&db.pool)
        .await;
    assert!(del.unwrap_err().to_string().contains("append-only"));
    let actors: Vec<String> = sqlx::query_scalar("select actor from order_events")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert!(actors.iter().all(|a| a == "lan"), "{actors:?}");
}

/// An issued invoice is a legal document: never edited or deleted, its lines neither; its
/// status may become 'replaced' and its PDF may be stored.
#[tokio::test]
async fn an_issued_invoice_is_final() {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let id: i64 =
        sqlx::query_scalar("select id from invoices where status = 'issued' order by id limit 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    for sql in [
        "update invoices set total = total + 1 where id = $1",
        "update invoices set buyer_tax_code = '0100109106' where id = $1",
        "update invoices set status = 'draft' where id = $1",
        "delete from invoices where id = $1",
        "delete from invoice_lines where invoice_id = $1",
        "update invoice_lines set qty = qty + 1 where invoice_id = $1",
    ] {
        let e = sqlx::query(sql)
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("issued invoice"), "{sql}: {e}");
    }
    sqlx::query(
        "update invoices set pdf = '\\x255044462d'::bytea, updated_at = now() where id = $1",
    )
    .bind(id)
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("update invoices set status = 'replaced' where id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
}
