//! The stations as people use them: an action lands on the row its key was pressed on,
//! whatever arrives meanwhile, and what an action makes is the row selected after it.
//! The console is driven key by key against a real PostgreSQL and the GHN simulator.

use crate::common;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_sim::{self as sim, SimOptions};
use orderdeck_tui::app::{App, Msg};
use orderdeck_tui::lists::ListKind;

fn press(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    press(KeyCode::Char(c))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(live: &mut common::Live, text: &str) {
    for c in text.chars() {
        live.send(ch(c));
    }
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn selected(app: &App, list: ListKind, col: usize) -> Option<String> {
    app.list(list)
        .pager
        .selected_row()
        .and_then(|r| r.cells.get(col))
        .map(|c| c.text.clone())
}

async fn console(db: &common::TestDb, sim: &sim::SimHandle) -> common::Live {
    let mut config = orderdeck_app::config::Config::default();
    config.shipping.sender = orderdeck_sim::demo::demo_sender();
    // No printer here: the label is written to the labels folder and the path said.
    config.shipping.print_command = Some("true".into());
    let exports = tempfile::tempdir().expect("a folder");
    let services = common::services(
        config,
        &orderdeck_integrations::carrier::CarriersConfig {
            ghn: Some(sim.ghn_config()),
            viettelpost: None,
        },
        &Default::default(),
        exports.path(),
    );
    let mut live = common::Live::start_with(
        &db.pool,
        db.options.clone(),
        common::new_app("default"),
        Some(services),
    );
    live.pump_until(Duration::from_secs(10), "the listener", |a| a.listening)
        .await;
    live
}

/// Ships one packed order straight through the workflow layer, as another console would.
async fn ship_elsewhere(db: &common::TestDb, sim: &sim::SimHandle, number: &str) -> String {
    let carriers = orderdeck_integrations::carriers::Carriers::new(
        &orderdeck_integrations::carrier::CarriersConfig {
            ghn: Some(sim.ghn_config()),
            viettelpost: None,
        },
    )
    .expect("carriers");
    let places = orderdeck_app::carrier_places::Places::new();
    let choice = orderdeck_integrations::carrier::ShipChoice {
        carrier: orderdeck_integrations::carrier::CarrierKind::Ghn,
        service: orderdeck_integrations::carrier::Service::Economy,
        weight_grams: Some(500),
        size_cm: Some((20, 15, 10)),
        cod: None,
        payer: orderdeck_integrations::carrier::Payer::Seller,
        required_note: orderdeck_integrations::carrier::RequiredNote::MayLook,
        note: String::new(),
        ward: None,
    };
    let sender = orderdeck_sim::demo::demo_sender();
    let parcel =
        orderdeck_app::shipping::parcel(&db.pool, &carriers, &places, number, &sender, &choice)
            .await
            .expect("a parcel");
    orderdeck_app::shipping::ship(&db.pool, &carriers, &parcel, "elsewhere")
        .await
        .expect("shipped elsewhere")
        .tracking_number
}

/// Packed orders whose address GHN can place at once (the demo has a few it cannot).
async fn packed_orders(db: &common::TestDb, n: i64) -> Vec<String> {
    sqlx::query(
        "update orders set ship_address = ship_address || '{\"ward\": \"Phường Bến Nghé\", \"district\": \"Quận 1\", \"province\": \"TP. Hồ Chí Minh\"}'
         where status = 'packed'",
    )
    .execute(&db.pool)
    .await
    .expect("addresses");
    sqlx::query_scalar("select number from orders where status = 'packed' order by id limit $1")
        .bind(n)
        .fetch_all(&db.pool)
        .await
        .expect("packed orders")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_acts_on_its_row_even_when_a_new_row_arrives_above_it() {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .expect("demo data");
    let sim = sim::start("127.0.0.1:0".parse().expect("addr"), SimOptions::default())
        .await
        .expect("simulators");
    let packed = packed_orders(&db, 3).await;
    assert_eq!(packed.len(), 3, "the demo has packed orders");
    // Two parcels exist; the cursor goes to the older one (the second row).
    let older = ship_elsewhere(&db, &sim, &packed[0]).await;
    let newer = ship_elsewhere(&db, &sim, &packed[1]).await;
    let mut live = console(&db, &sim).await;
    live.send(ch('4'));
    live.pump_until(Duration::from_secs(10), "parcels", |a| {
        a.list(ListKind::Shipments).pager.rows.len() >= 2
    })
    .await;
    let col = 0; // the tracking number
    while selected(&live.app, ListKind::Shipments, col).as_deref() != Some(older.as_str()) {
        live.send(ch('j'));
        assert!(
            live.app.list(ListKind::Shipments).pager.selected < 50,
            "{older} is listed"
        );
    }
    // `L` is pressed; before its job runs, a third parcel arrives at the top of the list.
    let effects = live.app.update(ch('L'));
    let third = ship_elsewhere(&db, &sim, &packed[2]).await;
    live.pump_until(Duration::from_secs(10), "the new parcel on screen", |a| {
        selected(a, ListKind::Shipments, col).is_some()
            && a.list(ListKind::Shipments)
                .pager
                .rows
                .first()
                .and_then(|r| r.cells.first())
                .is_some_and(|c| c.text == third)
    })
    .await;
    // The cursor stayed on the row, not on the index, and the label is that parcel's.
    assert_eq!(
        selected(&live.app, ListKind::Shipments, col).as_deref(),
        Some(older.as_str())
    );
    live.run(effects);
    live.pump_until(Duration::from_secs(20), "the label", |a| {
        message(a).contains("label")
    })
    .await;
    let said = message(&live.app);
    assert!(said.contains(&older), "{said}");
    assert!(!said.contains(&third) && !said.contains(&newer), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_an_action_makes_is_the_row_selected_after_it() {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .expect("demo data");
    let sim = sim::start("127.0.0.1:0".parse().expect("addr"), SimOptions::default())
        .await
        .expect("simulators");
    let packed = packed_orders(&db, 2).await;
    let mut live = console(&db, &sim).await;

    // A parcel: shipped from "To ship", it is then the selected row of the parcels list.
    live.send(ch('4'));
    live.send(press(KeyCode::Tab));
    live.pump_until(Duration::from_secs(10), "packed orders", |a| {
        a.list(ListKind::ToShip).pager.loaded && !a.list(ListKind::ToShip).pager.rows.is_empty()
    })
    .await;
    while selected(&live.app, ListKind::ToShip, 0).as_deref() != Some(packed[1].as_str()) {
        live.send(ch('j'));
        assert!(live.app.list(ListKind::ToShip).pager.selected < 50);
    }
    live.send(ch('S'));
    live.pump_until(Duration::from_secs(10), "the ship form", |a| {
        a.form.is_some()
    })
    .await;
    live.send(ctrl('s'));
    live.pump_until(Duration::from_secs(20), "the fee question", |a| {
        a.confirm.is_some()
    })
    .await;
    live.send(ch('y'));
    live.pump_until(Duration::from_secs(20), "shipped", |a| {
        a.message.is_some() && a.list(ListKind::Shipments).pager.want.is_none()
    })
    .await;
    let tracking: String = sqlx::query_scalar(
        "select tracking_number from shipments s join orders o on o.id = s.order_id where o.number = $1",
    )
    .bind(&packed[1])
    .fetch_one(&db.pool)
    .await
    .expect("its parcel");
    assert_eq!(live.app.focused_list(), Some(ListKind::Shipments));
    assert_eq!(
        selected(&live.app, ListKind::Shipments, 0).as_deref(),
        Some(tracking.as_str())
    );
    // So `L` prints that parcel's label.
    live.send(ch('L'));
    live.pump_until(Duration::from_secs(20), "the label", |a| {
        message(a).contains("label")
    })
    .await;
    assert!(
        message(&live.app).contains(&tracking),
        "{}",
        message(&live.app)
    );

    // An order: made in the form, its page is what opens.
    live.send(ch('1'));
    live.send(ch('n'));
    assert!(live.app.form.is_some(), "the new order form");
    typed(&mut live, "0912345678");
    live.send(press(KeyCode::Tab));
    typed(&mut live, "Trần Thị Mới");
    live.send(press(KeyCode::Tab));
    live.send(press(KeyCode::Tab));
    typed(&mut live, "12 Lê Lợi");
    live.send(press(KeyCode::Tab));
    typed(&mut live, "Phường Bến Nghé");
    live.send(press(KeyCode::Tab));
    typed(&mut live, "Quận 1");
    live.send(press(KeyCode::Tab));
    typed(&mut live, "TP. Hồ Chí Minh");
    live.send(press(KeyCode::Tab));
    let sku: String = sqlx::query_scalar(
        "select v.sku from variants v join stock_levels s on s.variant_id = v.id
         where v.active and s.on_hand - s.reserved > 5 order by v.id limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .expect("a SKU in stock");
    typed(&mut live, &format!("{sku}, 1"));
    live.send(ctrl('s'));
    if !live
        .pump_a_while(Duration::from_secs(20), |a| a.form.is_none())
        .await
    {
        panic!("the form stayed:\n{}", common::screen(&mut live.app));
    }
    live.pump_until(Duration::from_secs(20), "the new order's page", |a| {
        a.form.is_none()
            && a.list(ListKind::Orders)
                .detail
                .as_ref()
                .is_some_and(|d| d.detail.is_some())
    })
    .await;
    let (id, number): (i64, String) = sqlx::query_as(
        "select id, number from orders where buyer_phone like '%912345678' order by id desc limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .expect("the new order");
    let open = live
        .app
        .list(ListKind::Orders)
        .detail
        .as_ref()
        .map(|d| d.id);
    assert_eq!(open, Some(id), "the page of {number} is open");
}
