//! Many marked orders at once, through the console's own jobs against a real PostgreSQL
//! and the simulators: every label as one file printed once (our carriers' labels and a
//! marketplace's airway bill together; ZPL for a ZPL printer), and a pick list that sums
//! the batch by warehouse, bin and SKU.

use crate::common;
use crate::shipping::{carriers_for, choice, sender};

use std::sync::Mutex;
use std::time::Duration;

use orderdeck_app::carrier_places::Places;
use orderdeck_app::channel_sync::{SyncOptions, Syncer};
use orderdeck_app::channels::{self, OpenChannel};
use orderdeck_app::config::{Config, ShippingConfig};
use orderdeck_app::intake::{IntakeOutcome, IntakeQueue, create_order};
use orderdeck_app::{fulfil, packing, shipping};
use orderdeck_integrations::carrier::{CarrierKind, CarriersConfig};
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig, PageCursor, SalesChannel};
use orderdeck_sim::{self as sim, SimHandle, SimOptions};
use orderdeck_store::pick::BinSet;
use orderdeck_tui::jobs::Progress;
use orderdeck_tui::outcome::Done;
use orderdeck_tui::ship::ShipJob;
use sqlx::PgPool;

fn shopee_config(sim: &SimHandle) -> ChannelsConfig {
    ChannelsConfig {
        shopee: Some(sim.shopee_config()),
        ..Default::default()
    }
}

/// The Shopee shop, authorised; our catalog made from its listings, stocked in HN; a
/// website channel for our own orders.
async fn setup(pool: &PgPool, sim: &SimHandle) -> OpenChannel {
    let cfg = shopee_config(sim);
    let first = channels::open(pool, &cfg, ChannelKind::Shopee)
        .await
        .unwrap()
        .unwrap();
    channels::store_tokens(pool, first.row.id, &sim.shopee_authorize())
        .await
        .unwrap();
    let shop = channels::open(pool, &cfg, ChannelKind::Shopee)
        .await
        .unwrap()
        .unwrap();
    sqlx::query(
        "insert into sales_channels (code, kind, name) values ('website', 'website', 'Website')",
    )
    .execute(pool)
    .await
    .unwrap();
    let hn: i64 = sqlx::query_scalar(
        "insert into warehouses (code, name) values ('HN', 'Kho Hà Nội') returning id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let mut cursor: Option<PageCursor> = None;
    loop {
        let page = shop.client.listings(cursor.as_ref()).await.unwrap();
        for l in page.listings {
            let sku = l.sku.trim().to_string();
            if sku.is_empty() {
                continue;
            }
            let v: Option<i64> = sqlx::query_scalar(
                "with p as (insert into products (name, attributes) values ($1, '{Màu}') returning id)
                 insert into variants (product_id, sku, sale_price, cost_price, attr_values)
                 select id, $2, 100000, 60000, '{Đỏ}' from p on conflict (sku) do nothing returning id",
            )
            .bind(format!("Áo thun {sku}"))
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
    shop
}

/// One Shopee order pulled, packed and arranged the platform's way, its AWB kept.
async fn platform_parcel(pool: &PgPool, sim: &SimHandle, shop: &OpenChannel) -> String {
    let id = sim
        .shopee_add_orders(
            10,
            chrono::Utc::now() - chrono::Duration::seconds(10),
            "READY_TO_SHIP",
        )
        .into_iter()
        .find(|id| sim.shopee_packages(id).len() == 1)
        .expect("an order Shopee did not split");
    let syncer = Syncer::new(
        pool.clone(),
        IntakeQueue::start(pool.clone(), 1),
        SyncOptions::default(),
    );
    syncer
        .sync_channel(&shop.client, shop.row.id)
        .await
        .unwrap();
    // Only this one stays to be packed; the shop's history is set aside.
    sqlx::query(
        "update orders set status = 'completed'
         where channel_id = $1 and external_id <> $2 and status in ('new', 'backordered', 'reserved')",
    )
    .bind(shop.row.id)
    .bind(&id)
    .execute(pool)
    .await
    .unwrap();
    let number = pack_next(pool).await;
    let form = fulfil::prepare(pool, &shop.client, &number).await.unwrap();
    fulfil::arrange(pool, &shop.client, &number, &form.default, "st1")
        .await
        .unwrap();
    // Shopee gives the number and the AWB a poll later.
    for _ in 0..10 {
        let ready: (bool, bool) = sqlx::query_as(
            "select s.tracking_number is not null,
                    exists (select 1 from shipping_documents d where d.shipment_id = s.id)
             from shipments s join orders o on o.id = s.order_id where o.number = $1",
        )
        .bind(&number)
        .fetch_one(pool)
        .await
        .unwrap();
        if ready == (true, true) {
            break;
        }
        fulfil::poll_shop(
            pool,
            &shop.client,
            shop.row.id,
            "tracking",
            Duration::from_secs(1),
        )
        .await
        .unwrap();
        sqlx::query("update shipments set next_poll_at = null")
            .execute(pool)
            .await
            .unwrap();
    }
    number
}

/// Packs the next order the queue gives, every unit scanned; its number.
async fn pack_next(pool: &PgPool) -> String {
    let job = packing::claim_next(pool, "st1")
        .await
        .unwrap()
        .expect("an order to pack");
    for l in &job.lines {
        for _ in 0..l.qty {
            packing::scan(pool, job.order_id, "st1", &l.sku)
                .await
                .unwrap();
        }
    }
    job.number
}

async fn website_order(pool: &PgPool, external: &str, lines: &[(&str, i32)]) -> String {
    match create_order(pool, &common::order(external, lines), "test")
        .await
        .unwrap()
    {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    }
}

async fn skus(pool: &PgPool) -> (String, String) {
    let s: Vec<String> = sqlx::query_scalar("select sku from variants order by sku limit 2")
        .fetch_all(pool)
        .await
        .unwrap();
    (s[0].clone(), s[1].clone())
}

fn services(
    sim: &SimHandle,
    exports: &std::path::Path,
    print_command: &str,
    label_format: Option<&str>,
) -> std::sync::Arc<orderdeck_console::services::Services> {
    let config = Config {
        channels: shopee_config(sim),
        shipping: ShippingConfig {
            sender: sender(),
            print_command: Some(print_command.into()),
            label_format: label_format.map(str::to_string),
            ..Default::default()
        },
        ..Default::default()
    };
    let carriers = CarriersConfig {
        ghn: Some(sim.ghn_config()),
        viettelpost: None,
    };
    common::services(config, &carriers, &Default::default(), exports)
}

/// Runs a console job as the console does; what it said, and the progress it told.
async fn run(
    pool: &PgPool,
    services: &orderdeck_console::services::Services,
    job: ShipJob,
) -> (String, Vec<(String, bool)>, Vec<(usize, usize)>) {
    let seen = Mutex::new(Vec::new());
    let done = orderdeck_console::ship::run(pool, Some(services), job, "st1", &|p| {
        if let Progress::Bulk { done, total, .. } = p {
            seen.lock().unwrap().push((done, total));
        }
    })
    .await
    .unwrap_or_else(|e| panic!("the job failed: {e}"));
    let Done::BulkDone { said, lines } = done else {
        panic!("not a bulk outcome: {done:?}")
    };
    (said, lines, seen.into_inner().unwrap())
}

fn files(dir: &std::path::Path, prefix: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[tokio::test]
async fn marked_orders_labels_print_as_one_file_and_a_pick_list_sums_the_batch() {
    let sim = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 16,
            speed: 3600.0,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap();
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let shop = setup(pool, &sim).await;
    let (s1, s2) = skus(pool).await;

    // One marketplace parcel, three of ours with GHN, one order not shipped.
    let platform = platform_parcel(pool, &sim, &shop).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let mut ours = Vec::new();
    for k in 0..3 {
        let number = website_order(pool, &format!("W-{k}"), &[(s1.as_str(), 1)]).await;
        assert_eq!(pack_next(pool).await, number);
        let parcel = shipping::parcel(
            pool,
            &carriers,
            &places,
            &number,
            &sender(),
            &choice(CarrierKind::Ghn),
        )
        .await
        .unwrap();
        shipping::ship(pool, &carriers, &parcel, "st1")
            .await
            .unwrap();
        ours.push(number);
    }
    let unshipped = website_order(pool, "W-9", &[(s2.as_str(), 1)]).await;
    let mut numbers = ours.clone();
    numbers.insert(1, platform.clone());
    numbers.push(unshipped.clone());

    let exports = tempfile::tempdir().unwrap();
    let labels_dir = exports.path().join("labels");
    let ctx = services(&sim, exports.path(), "true", None);
    let (said, lines, seen) = run(
        pool,
        &ctx,
        ShipJob::LabelMany {
            numbers: numbers.clone(),
        },
    )
    .await;
    // One PDF of four labels, sent to the print command once.
    let written = files(&labels_dir, "labels-");
    assert_eq!(written.len(), 1, "{written:?}");
    let name = written[0]
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(name.ends_with("-4.pdf"), "{name}");
    let pdf = std::fs::read(&written[0]).unwrap();
    let pages = pdf_extract::Document::load_mem(&pdf)
        .unwrap()
        .get_pages()
        .len();
    assert_eq!(pages, 4, "three labels and one airway bill");
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    for n in &ours {
        assert!(text.contains(n.as_str()), "{n}'s label is in the file");
    }
    assert!(
        said.contains("4 of 5 labels") && said.contains(&written[0].display().to_string()),
        "{said}"
    );
    // A line an order, in the order marked; the unshipped one says why it has none.
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines.iter().filter(|(_, ok)| *ok).count(), 4, "{lines:?}");
    let (why, ok) = &lines[4];
    assert!(
        !ok && why.contains(&unshipped) && why.contains("not shipped"),
        "{why}"
    );
    assert!(lines[1].0.starts_with(&platform), "{lines:?}");
    assert_eq!(seen.first(), Some(&(0, 5)), "{seen:?}");
    assert_eq!(seen.last(), Some(&(5, 5)), "{seen:?}");

    // A ZPL printer, and none there: one .zpl job of our three labels; the airway bill
    // (PDF only) is left out on its line; the path is said with the failure.
    let zpl_ctx = services(&sim, exports.path(), "no-such-printer-here", Some("zpl"));
    let (said, lines, _) = run(
        pool,
        &zpl_ctx,
        ShipJob::LabelMany {
            numbers: numbers.clone(),
        },
    )
    .await;
    let zpl_files: Vec<_> = files(&labels_dir, "labels-")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "zpl"))
        .collect();
    assert_eq!(zpl_files.len(), 1, "{zpl_files:?}");
    let zpl = std::fs::read_to_string(&zpl_files[0]).unwrap();
    assert_eq!(zpl.matches("^XA").count(), 3, "{zpl}");
    assert!(
        said.contains(&zpl_files[0].display().to_string()) && said.contains("printing failed"),
        "{said}"
    );
    assert!(
        !lines[1].1 && lines[1].0.contains("ZPL") && lines[1].0.contains(&platform),
        "{lines:?}"
    );

    // Nothing to print: no file.
    let before = files(&labels_dir, "labels-").len();
    let (said, lines, _) = run(
        pool,
        &ctx,
        ShipJob::LabelMany {
            numbers: vec![unshipped.clone()],
        },
    )
    .await;
    assert!(said.contains("no file"), "{said}");
    assert!(!lines[0].1);
    assert_eq!(files(&labels_dir, "labels-").len(), before);

    // The pick list: two orders of the same SKU are one row, with its bin.
    let a = website_order(pool, "P-1", &[(s1.as_str(), 2)]).await;
    let b = website_order(pool, "P-2", &[(s1.as_str(), 3), (s2.as_str(), 1)]).await;
    assert_eq!(
        orderdeck_store::pick::set_bin(pool, &s1, "hn", " A-03-2 ")
            .await
            .unwrap(),
        BinSet::Set("A-03-2".into())
    );
    assert_eq!(
        orderdeck_store::pick::set_bin(pool, &s1, "XX", "A-1")
            .await
            .unwrap(),
        BinSet::UnknownWarehouse
    );
    assert_eq!(
        orderdeck_store::pick::set_bin(pool, &s1, "HN", &"x".repeat(33))
            .await
            .unwrap(),
        BinSet::TooLong
    );
    let asked = vec![a.clone(), b.clone(), ours[0].clone()];
    let (orders, list) = orderdeck_store::pick::pick_list(pool, &asked)
        .await
        .unwrap();
    assert_eq!(orders.len(), 3);
    assert_eq!(list.orders, vec![a.clone(), b.clone()]);
    let rows: Vec<(&str, &str, &str, i64)> = list
        .rows
        .iter()
        .map(|r| (r.warehouse.as_str(), r.bin.as_str(), r.sku.as_str(), r.qty))
        .collect();
    assert_eq!(
        rows,
        vec![("HN", "A-03-2", s1.as_str(), 5), ("HN", "", s2.as_str(), 1)]
    );
    assert_eq!(list.rows[0].item(), format!("Áo thun {s1} — Đỏ"));

    let (said, lines, _) = run(pool, &ctx, ShipJob::PickList { numbers: asked }).await;
    let written = files(&labels_dir, "pick-");
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(said.contains(&written[0].display().to_string()), "{said}");
    assert!(said.contains("2 orders (6 units)"), "{said}");
    assert_eq!(
        lines.iter().map(|(_, ok)| *ok).collect::<Vec<_>>(),
        vec![true, true, false],
        "{lines:?}"
    );
    assert!(
        lines[2].0.contains(&ours[0]) && lines[2].0.contains("shipped already"),
        "{lines:?}"
    );
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&written[0]).unwrap()).unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        "Pick list".to_string(),
        "A-03-2".to_string(),
        s1.clone(),
        s2.clone(),
        format!("Áo thun {s1} — Đỏ"),
        format!("2 orders: {a}, {b}"),
        "6 units in 2 rows".to_string(),
    ] {
        assert!(
            flat.contains(&expected.replace(' ', "")),
            "{expected:?} not in {text}"
        );
    }
}
