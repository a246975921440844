//! The same guarantees through separate processes, as scripts and consoles would run.

use crate::common;

use std::process::{Command, Stdio};
use std::time::Duration;

use orderdeck_tui::panes::{ListKind, PaneId};

fn orderdeck(url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orderdeck"));
    c.arg("--database-url")
        .arg(url)
        .env("ORDERDECK_CONFIG", "/dev/null")
        .env("ORDERDECK_LANGUAGE", "en");
    c
}

#[tokio::test]
async fn forty_processes_against_ten_units() {
    let db = common::fresh_db().await;
    common::catalog(&db.pool, &[(10, 0)]).await;
    let dir = tempfile::tempdir().unwrap();
    let url = db.url();
    let mut children = Vec::new();
    for i in 0..40 {
        let file = dir.path().join(format!("o{i}.json"));
        let json = format!(
            r#"{{"channel": "website", "external_id": "PROC-{i}", "customer": {{"name": "Khách {i}", "phone": "09{i:08}"}},
                "shipping_address": {{"line1": "1 Lê Lợi", "province": "Hà Nội"}}, "payment": "cod", "shipping_fee": "30000",
                "lines": [{{"sku": "S0", "qty": 1}}]}}"#
        );
        std::fs::write(&file, json).unwrap();
        children.push(
            orderdeck(&url)
                .args(["orders", "create", "--file"])
                .arg(&file)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    let mut created = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if String::from_utf8_lossy(&out.stdout).starts_with("created") {
            created += 1;
        }
    }
    assert_eq!(created, 40);
    let out = orderdeck(&url)
        .args(["stock", "show", "--sku", "S0", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"]["reserved"], 10);
    assert_eq!(v["total"]["available"], 0);
    assert_eq!(v["total"]["on_hand"], 10);
    let out = orderdeck(&url)
        .args([
            "orders",
            "list",
            "--status",
            "backordered",
            "--limit",
            "1000",
            "--json",
        ])
        .output()
        .unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 30);
    common::assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn an_order_created_by_the_cli_reaches_open_consoles() {
    let db = common::fresh_db().await;
    common::catalog(&db.pool, &[(10, 0)]).await;
    let mut orders_console =
        common::Live::start(&db.pool, db.options.clone(), common::new_app("default"));
    let mut dashboard_app = common::new_app("default");
    dashboard_app.pane = PaneId::Dashboard;
    let mut dashboard_console = common::Live::start(&db.pool, db.options.clone(), dashboard_app);
    orders_console
        .pump_until(Duration::from_secs(10), "orders console", |a| {
            a.listening && a.list(ListKind::Orders).pager.loaded
        })
        .await;
    dashboard_console
        .pump_until(Duration::from_secs(10), "dashboard console", |a| {
            a.listening && a.dashboard.is_some()
        })
        .await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("o.json");
    std::fs::write(&file, r#"{"channel": "shopee", "external_id": "2611CLI", "customer": {"name": "Đỗ Thu Hà", "phone": "0987654321"}, "lines": [{"sku": "S0", "qty": 2}]}"#).unwrap();
    let out = orderdeck(&db.url())
        .args(["orders", "create", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let number = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .trim_end_matches(':')
        .to_string();

    let took = orders_console
        .pump_until(
            Duration::from_secs(5),
            "the order in the Orders pane",
            |a| {
                a.list(ListKind::Orders)
                    .pager
                    .rows
                    .iter()
                    .any(|r| r.cells.first().is_some_and(|c| c.text == number))
            },
        )
        .await;
    eprintln!("Orders pane showed {number} after {took:?}");
    let took = dashboard_console
        .pump_until(Duration::from_secs(5), "the order on the dashboard", |a| {
            a.dashboard.as_ref().is_some_and(|d| {
                d.by_status_channel
                    .iter()
                    .any(|(c, s, n)| c == "shopee" && s == "reserved" && *n == 1)
            })
        })
        .await;
    eprintln!("Dashboard counted it after {took:?}");
}

/// Stored text that came in with escape sequences (a platform's product name, a buyer's
/// name) is shown by the CLI, never sent: no window title, no clipboard write, no forged
/// row. And input with them is refused, naming the field.
#[tokio::test]
async fn the_cli_shows_stored_escapes_and_refuses_new_ones() {
    let db = common::fresh_db().await;
    common::catalog(&db.pool, &[(10, 0)]).await;
    let url = db.url();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("o.json");
    std::fs::write(
        &file,
        r#"{"channel": "website", "external_id": "ESC-1", "customer": {"name": "Khách", "phone": "0912345678"},
            "shipping_address": {"line1": "1 Lê Lợi", "province": "Hà Nội"}, "payment": "cod",
            "lines": [{"sku": "S0", "qty": 1}]}"#,
    )
    .unwrap();
    let out = orderdeck(&url)
        .args(["orders", "create", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // As a marketplace could have sent them: an OSC 52 clipboard write in the product's
    // name, a line break and a title change in the buyer's.
    for sql in [
        "update order_lines set name = E'Áo \\x1b]52;c;cm0gLXJmIH4=\\x07thun'",
        "update orders set buyer_name = E'Lan\\nOD-999999  forged row\\x1b]0;pwned\\x07'",
    ] {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
    for args in [vec!["orders", "show", "OD-000001"], vec!["orders", "list"]] {
        let out = orderdeck(&url).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("\\u{1b}]"), "{args:?}: {text}");
        assert!(
            !text.lines().any(|l| l.starts_with("OD-999999")),
            "{args:?}: {text}"
        );
    }
    // New input with a control character is refused, and the refusal shows it.
    std::fs::write(
        &file,
        "{\"channel\": \"website\", \"external_id\": \"ESC-2\", \"customer\": {\"name\": \"Kh\\u001b]0;x\\u0007ách\", \"phone\": \"0912345678\"},
          \"shipping_address\": {\"line1\": \"1 Lê Lợi\", \"province\": \"Hà Nội\"}, \"payment\": \"cod\",
          \"lines\": [{\"sku\": \"S0\", \"qty\": 1}]}",
    )
    .unwrap();
    let out = orderdeck(&url)
        .args(["orders", "create", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("customer.name") && err.contains("control character"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let out = orderdeck(&url)
        .args(["orders", "cancel", "OD-000001", "--reason", "\u{1b}[2Jgone"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("reason"));
}

/// Marketplace tokens are sealed at rest: the database holds `enc1:…`, the CLI with the
/// same key uses them, a machine with another key says so instead of using garbage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marketplace_tokens_are_sealed_in_the_database() {
    let db = common::fresh_db().await;
    let url = db.url();
    let sim = orderdeck_sim::start("127.0.0.1:0".parse().unwrap(), Default::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let lz = sim.lazada_config();
    std::fs::write(
        &cfg,
        format!(
            "[channels.lazada]\nbase_url = \"{}\"\nauth_url = \"{}\"\napp_key = \"{}\"\napp_secret = \"{}\"\n",
            lz.base_url, lz.auth_url, lz.app_key, lz.app_secret
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &cfg,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    let key_a = orderdeck_app::secrets::new_key_base64();
    let key_b = orderdeck_app::secrets::new_key_base64();
    let run = |key: &str, args: &[&str]| {
        orderdeck(&url)
            .env("ORDERDECK_CONFIG", &cfg)
            .env("ORDERDECK_LANGUAGE", "en")
            .env("ORDERDECK_SECRET_KEY", key)
            .args(args)
            .output()
            .unwrap()
    };
    let code = sim.lazada_auth_code();
    let out = run(&key_a, &["channels", "connect", "lazada", "--code", &code]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (access, refresh): (String, String) = sqlx::query_as(
        "select access_token, refresh_token from sales_channels where code = 'lazada'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(
        access.starts_with("enc1:") && refresh.starts_with("enc1:"),
        "{access}"
    );
    // The same key uses them (a pull needs a working access token).
    let out = run(&key_a, &["channels", "sync", "lazada"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Another key cannot, and says why.
    let out = run(&key_b, &["channels", "status"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("sealed with another key"), "{text}");
}

/// JSON lines are imported as they are read (memory stays flat), still all or nothing: a
/// bad last line imports nothing, and says its line.
#[tokio::test]
async fn a_json_lines_import_is_all_or_nothing_while_streamed() {
    let db = common::fresh_db().await;
    common::catalog(&db.pool, &[(5000, 0)]).await;
    let url = db.url();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.jsonl");
    let mut text = String::new();
    for i in 0..2500 {
        text.push_str(&format!(
            r#"{{"channel": "website", "external_id": "JL-{i}", "customer": {{"name": "Khách {i}", "phone": "0912345678"}}, "shipping_address": {{"line1": "1 Lê Lợi", "province": "Hà Nội"}}, "payment": "cod", "lines": [{{"sku": "S0", "qty": 1}}]}}"#
        ));
        text.push('\n');
    }
    std::fs::write(
        &file,
        format!("{text}{{\"channel\": \"website\", \"broken\n"),
    )
    .unwrap();
    let out = orderdeck(&url)
        .args(["orders", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 2501"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    std::fs::write(&file, &text).unwrap();
    let out = orderdeck(&url)
        .args(["orders", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 2500);
    common::assert_invariants(&db.pool).await;
}

/// The injection tried again through every CLI command that prints data (issue 14,
/// must-show 3): on a demo shop, stored text carries an OSC 52 clipboard write and a
/// window-title sequence (product, order line, warehouse, supplier, tracking text,
/// carrier error, marketplace error, a person's name) and a line break that would forge a
/// row (buyer name, address, note). No command sends any of it raw: not on standard
/// output, not in an error. (`export products` writes data, raw into a pipe by design, and
/// shows it on a terminal: `export_products_shows_stored_text_on_a_terminal`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_printing_command_sends_stored_escapes() {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let url = db.url();
    const OSC: &str = "\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;pwned\\x07";
    const ROW: &str = "\\nOD-999999  forged row\\r";
    let poison = [
        format!("update products set name = name || E'{OSC}'"),
        format!("update order_lines set name = name || E'{OSC}'"),
        format!("update orders set buyer_name = buyer_name || E'{ROW}{OSC}', note = E'{ROW}{OSC}'"),
        format!("update customers set name = name || E'{ROW}'"),
        format!("update warehouses set name = name || E'{OSC}', address = E'{ROW}'"),
        format!("update suppliers set name = name || E'{OSC}'"),
        format!("update purchase_orders set note = E'{ROW}{OSC}'"),
        format!(
            "update tracking_events set description = description || E'{OSC}', location = E'{ROW}'"
        ),
        format!(
            "update shipments set last_error = E'{ROW}{OSC}', carrier_status = carrier_status || E'{OSC}'"
        ),
        format!("update sales_channels set last_error = E'{ROW}{OSC}', name = name || E'{OSC}'"),
        format!("update channel_order_problems set reason = reason || E'{ROW}{OSC}'"),
        format!(
            "insert into users (login, full_name, role) values ('lan', E'Lan{ROW}{OSC}', 'packer')"
        ),
    ];
    for sql in &poison {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
    let one = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let order = one("select number from orders order by id limit 1").await;
    let shipped = one(
        "select o.number from orders o join shipments s on s.order_id = o.id order by o.id limit 1",
    )
    .await;
    let tracking =
        one("select tracking_number from shipments where tracking_number is not null limit 1")
            .await;
    let sku = one("select sku from variants order by id limit 1").await;
    let invoiced = one("select o.number from orders o join invoices i on i.order_id = o.id where i.status = 'issued' limit 1").await;
    let commands: Vec<Vec<&str>> = vec![
        vec!["orders", "list"],
        vec!["orders", "list", "--limit", "500"],
        vec!["orders", "show", &order],
        vec!["orders", "show", &shipped],
        vec!["stock", "show", "--sku", &sku],
        vec!["po", "list"],
        vec!["shipments", "show", &tracking],
        vec!["shipments", "show", &shipped],
        vec!["shipments", "exceptions"],
        vec!["invoice", "preview", &order],
        vec!["invoice", "preview", &invoiced],
        vec!["invoice", "auto", "--dry-run"],
        vec!["listings", "status"],
        vec!["channels", "status"],
        vec!["users", "list"],
        vec!["users", "me"],
        vec!["returns", "create", &shipped, "--line", "nope"],
    ];
    for args in &commands {
        let out = orderdeck(&url).args(args).output().unwrap();
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !bytes
                    .iter()
                    .any(|b| *b == 0x1b || *b == 0x07 || *b == b'\r'),
                "{args:?} {stream} sent a control character raw: {text:?}"
            );
            assert!(
                !text
                    .lines()
                    .any(|l| l.trim_start().starts_with("OD-999999")),
                "{args:?} {stream} forged a row: {text}"
            );
        }
    }
}
