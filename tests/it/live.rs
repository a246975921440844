//! Live refresh and connection loss, against a real PostgreSQL.

use crate::common;

use std::time::Duration;

use common::{Live, fresh_db, new_app};
use orderdeck_tui::app::Connection;
use orderdeck_tui::panes::ListKind;

fn has_order(app: &orderdeck_tui::app::App, number: &str) -> bool {
    app.list(ListKind::Orders)
        .pager
        .rows
        .iter()
        .any(|r| r.cells.first().is_some_and(|c| c.text == number))
}

async fn insert_order(pool: &sqlx::PgPool, number: &str) {
    sqlx::query(
        "insert into orders (number, channel_id, buyer_name, total, search_text)
         select $1, id, 'Đặng Thị Xuân', 450000, lower($1) from sales_channels where code = 'manual'",
    )
    .bind(number)
    .execute(pool)
    .await
    .expect("insert from a second connection");
}

/// A console on demo data with its Orders window read and its listener subscribed.
async fn watching_orders() -> (common::TestDb, Live) {
    let db = fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let mut live = Live::start(&db.pool, db.options.clone(), new_app("default"));
    live.pump_until(Duration::from_secs(10), "the first window of orders", |a| {
        a.list(ListKind::Orders).pager.loaded
    })
    .await;
    live.pump_until(Duration::from_secs(10), "the listener", |a| a.listening)
        .await;
    (db, live)
}

fn selected_number(app: &orderdeck_tui::app::App) -> String {
    app.list(ListKind::Orders)
        .pager
        .selected_row()
        .and_then(|r| r.cells.first())
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

/// A burst longer than the screen arrives above the cursor: the cursor stays on its order
/// (a key pressed now acts on what the operator was looking at), the title says how many
/// rows are above, and Home shows the newest.
#[tokio::test]
async fn a_burst_of_new_orders_above_the_cursor_is_announced_not_hidden() {
    let (db, mut live) = watching_orders().await;
    let watched = selected_number(&live.app);
    assert!(!common::screen(&mut live.app).contains("above"));

    let other = orderdeck_store::pool(db.options.clone(), 1).await.unwrap();
    sqlx::query(
        "insert into orders (number, channel_id, buyer_name, total, search_text)
         select 'OD-BURST-' || lpad(g::text, 2, '0'), c.id, 'Đặng Thị Xuân', 450000, 'burst'
         from sales_channels c, generate_series(1, 60) g where c.code = 'manual'",
    )
    .execute(&other)
    .await
    .unwrap();
    live.pump_until(Duration::from_secs(5), "the burst read", |a| {
        has_order(a, "OD-BURST-60")
    })
    .await;
    let shown = common::screen(&mut live.app);
    assert_eq!(
        selected_number(&live.app),
        watched,
        "the cursor kept its order"
    );
    assert!(shown.contains(" above"), "{shown}");
    assert!(!shown.contains("OD-BURST-60"), "{shown}");

    live.send(orderdeck_tui::app::Msg::Key(
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Home,
            crossterm::event::KeyModifiers::NONE,
        ),
    ));
    let shown = common::screen(&mut live.app);
    assert!(selected_number(&live.app).starts_with("OD-BURST-"));
    assert!(!shown.contains(" above"), "{shown}");
}

#[tokio::test]
async fn a_row_changed_by_another_connection_reaches_an_open_console() {
    let (db, mut live) = watching_orders().await;

    // A separate connection, as psql or another console would be.
    let other = orderdeck_store::pool(db.options.clone(), 1).await.unwrap();
    insert_order(&other, "OD-LIVE-1").await;
    let took = live
        .pump_until(Duration::from_secs(5), "the new order on screen", |a| {
            has_order(a, "OD-LIVE-1")
        })
        .await;
    eprintln!("new order visible after {took:?}");

    // An update to an order shown in an open detail page refreshes it too.
    let id: i64 = sqlx::query_scalar("select id from orders where number = 'OD-LIVE-1'")
        .fetch_one(&other)
        .await
        .unwrap();
    let fx = live.app.open_detail(ListKind::Orders, id, 0);
    live.run(fx);
    live.pump_until(Duration::from_secs(5), "the detail page", |a| {
        a.list(ListKind::Orders)
            .detail
            .as_ref()
            .is_some_and(|d| d.detail.is_some())
    })
    .await;
    sqlx::query("update orders set buyer_name = 'Đặng Thị Xuân Mai' where id = $1")
        .bind(id)
        .execute(&other)
        .await
        .unwrap();
    live.pump_until(
        Duration::from_secs(5),
        "the edited buyer in the detail page",
        |a| {
            a.list(ListKind::Orders)
                .detail
                .as_ref()
                .and_then(|d| d.detail.as_ref())
                .is_some_and(|d| {
                    d.lines
                        .iter()
                        .any(|l| l.iter().any(|c| c.text.contains("Xuân Mai")))
                })
        },
    )
    .await;
}

/// Restarting PostgreSQL under an open console: it says so, then resumes by itself and
/// live refresh works again. Uses a cluster of its own so other tests are not disturbed.
#[tokio::test]
async fn the_console_survives_a_database_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = common::own_cluster(dir.path(), false).await;
    let pool = orderdeck_store::pool(options.clone(), 3).await.unwrap();
    orderdeck_store::migrate(&pool).await.unwrap();
    sqlx::query(
        "insert into sales_channels (code, kind, name) values ('manual', 'manual', 'Manual')",
    )
    .execute(&pool)
    .await
    .unwrap();
    insert_order(&pool, "OD-BEFORE").await;

    let mut live = Live::start(&pool, options.clone(), new_app("default"));
    live.pump_until(Duration::from_secs(10), "orders and listener", |a| {
        has_order(a, "OD-BEFORE") && a.listening
    })
    .await;

    let c = cluster.clone();
    tokio::task::spawn_blocking(move || c.stop())
        .await
        .unwrap()
        .unwrap();
    live.pump_until(Duration::from_secs(10), "the lost-connection banner", |a| {
        matches!(a.connection, Connection::Lost { .. })
    })
    .await;
    // What was on screen stays on screen.
    assert!(has_order(&live.app, "OD-BEFORE"));

    let c = cluster.clone();
    tokio::task::spawn_blocking(move || c.ensure_running())
        .await
        .unwrap()
        .unwrap();
    live.pump_until(Duration::from_secs(20), "reconnection", |a| a.listening)
        .await;

    let other = orderdeck_store::pool(options.clone(), 1).await.unwrap();
    insert_order(&other, "OD-AFTER").await;
    live.pump_until(
        Duration::from_secs(10),
        "live refresh after the restart",
        |a| has_order(a, "OD-AFTER"),
    )
    .await;
    drop(live);
    pool.close().await;
    other.close().await;
    cluster.stop().unwrap();
    if cluster.cluster_dir.starts_with("/var/lib/orderdeck") {
        std::fs::remove_dir_all(&cluster.cluster_dir).ok();
    }
}

/// Any query that answers clears the "database unavailable" banner at once (reported: it
/// stayed for minutes after the connections recovered, until the listener reconnected).
#[test]
fn a_query_that_answers_clears_the_banner() {
    use orderdeck_tui::app::{FetchError, Msg};
    let mut app = new_app("default");
    app.update(Msg::Dashboard(Box::new(Ok(Default::default()))));
    assert!(matches!(app.connection, Connection::Connected));
    app.update(Msg::Dashboard(Box::new(Err(FetchError {
        message: "too many clients already".into(),
        connection: true,
    }))));
    assert!(matches!(app.connection, Connection::Lost { .. }));
    // The listener is still down; a query answers.
    app.update(Msg::Dashboard(Box::new(Ok(Default::default()))));
    assert!(matches!(app.connection, Connection::Connected));
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("restored"), "{said}");
}

async fn next_event(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<orderdeck_store::listen::DbEvent>,
) -> orderdeck_store::listen::DbEvent {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("an event")
        .expect("the listener runs")
}

/// Reported: a crashed embedded server was not started again by the consoles on it (90 s
/// and more of "reconnecting…"). The listener of a console on an embedded cluster starts
/// it again by itself.
#[tokio::test]
async fn a_crashed_embedded_server_is_started_again_by_the_listener() {
    use orderdeck_store::listen::DbEvent;
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = common::own_cluster(dir.path(), false).await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let listener = tokio::spawn(orderdeck_store::listen::run_reviving(
        options.clone(),
        tx,
        Some(cluster.clone()),
    ));
    assert!(matches!(next_event(&mut rx).await, DbEvent::Connected));
    // The postmaster dies hard (as in an OOM kill).
    common::kill_postmaster(&cluster);
    assert!(matches!(next_event(&mut rx).await, DbEvent::Lost(_)));
    // No one else starts it: the listener does, and is back.
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match next_event(&mut rx).await {
                DbEvent::Connected => break,
                DbEvent::Lost(_) | DbEvent::Changed(_) => {}
            }
        }
    })
    .await
    .expect("the listener started the crashed server again and reconnected");
    let pool = orderdeck_store::pool(options, 1).await.unwrap();
    let one: i32 = sqlx::query_scalar("select 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(one, 1);
    listener.abort();
    let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
}

/// Chaos: PostgreSQL killed (SIGKILL, as an OOM kill would) in the middle of a burst of
/// orders and cancellations. After it is started again: every order whose intake answered
/// "created" is there, nothing is half-written (each order has its lines, reservations
/// match the stock figures and the ledger), and stock was never over-reserved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_database_mid_burst_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    // Durable as in production: a crash must lose nothing that was answered.
    let (cluster, options) = common::own_cluster(dir.path(), true).await;
    let pool = orderdeck_store::pool(options.clone(), 6).await.unwrap();
    orderdeck_store::migrate(&pool).await.unwrap();
    common::catalog(&pool, &[(40, 0)]).await;

    let mut tasks = Vec::new();
    for i in 0..120 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i * 3)).await;
            let created = orderdeck_app::intake::create_order(
                &pool,
                &common::order(&format!("CHAOS-{i}"), &[("S0", 1)]),
                "chaos",
            )
            .await;
            let number = match created {
                Ok(orderdeck_app::intake::IntakeOutcome::Created { number, .. }) => number,
                _ => return None,
            };
            // Every third one is cancelled at once (its unit goes to a backorder).
            if i % 3 == 0 {
                let _ = orderdeck_app::orders::cancel(
                    &pool,
                    &number,
                    "chaos",
                    &orderdeck_domain::cancel_reason::CancelReason::parse("other", "test").unwrap(),
                    None,
                )
                .await;
            }
            Some(number)
        }));
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    common::kill_postmaster(&cluster);
    let mut answered = Vec::new();
    for t in tasks {
        if let Ok(Some(number)) = t.await {
            answered.push(number);
        }
    }
    pool.close().await;
    let c = cluster.clone();
    tokio::task::spawn_blocking(move || c.ensure_running())
        .await
        .unwrap()
        .unwrap();
    let pool = orderdeck_store::pool(options, 2).await.unwrap();
    // Some got in before the kill, some did not: both must be true to test anything.
    assert!(!answered.is_empty(), "the kill came before any order");
    let total: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(total < 120, "the kill came after every order ({total})");
    common::assert_orders_whole(&pool, &answered).await;
    common::assert_invariants(&pool).await;
    pool.close().await;
    let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
}
