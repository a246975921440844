//! Cancelling orders with a reason, against a real PostgreSQL and the invoice simulator
//! through the real S-Invoice and MISA adapters: the reason is required and kept; an order
//! with an issued VAT invoice has it adjusted to zero (or, when the provider fails, stays
//! cancelled with the adjustment owed, said, and finished later exactly once); many at
//! once, each all-or-nothing; and the command refuses a cancel without a reason.

use crate::common;

use std::sync::Mutex;

use common::{catalog, order};
use orderdeck_app::cancelling::{self, InvoiceAfterCancel};
use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::invoicing;
use orderdeck_app::orders::OrderError;
use orderdeck_domain::cancel_reason::{CancelReason, ReasonError};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use serde_json::Value;
use sqlx::PgPool;

use crate::invoicing::{config, providers_for};

async fn start_sim() -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 17,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

fn company() -> Buyer {
    Buyer {
        company: "Công ty TNHH Hoa Mai".into(),
        tax_code: "0104093672".into(),
        address: "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh".into(),
        email: "ketoan@hoamai.vn".into(),
        name: "Nguyễn Thị Lan".into(),
    }
}

/// An order of 2 × S0 (reserved), by its number.
async fn new_order(pool: &PgPool, external: &str) -> String {
    match create_order(pool, &order(external, &[("S0", 2)]), "test")
        .await
        .unwrap()
    {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    }
}

/// (status, cancel_reason, cancel_note, version, units reserved for it).
async fn state(pool: &PgPool, number: &str) -> (String, Option<String>, String, i32, i64) {
    sqlx::query_as(
        "select o.status, o.cancel_reason, o.cancel_note, o.version,
                coalesce((select sum(r.qty) from reservations r
                          join order_lines l on l.id = r.order_line_id
                          where l.order_id = o.id), 0)::bigint
         from orders o where o.number = $1",
    )
    .bind(number)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The order's invoices: (kind, status, number, total, transaction uuid, replaces).
type InvoiceRow = (
    String,
    String,
    Option<String>,
    rust_decimal::Decimal,
    String,
    Option<i64>,
);

async fn invoices(pool: &PgPool, number: &str) -> Vec<InvoiceRow> {
    sqlx::query_as(
        "select i.kind, i.status, i.number, i.total, i.transaction_uuid::text,
                i.replaces_invoice_id
         from invoices i join orders o on o.id = i.order_id where o.number = $1 order by i.id",
    )
    .bind(number)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The order's timeline as read in English: (kind, sentence).
async fn timeline(pool: &PgPool, number: &str) -> Vec<(String, String)> {
    let _en = orderdeck_i18n::scoped(orderdeck_i18n::Lang::En);
    let id: i64 = sqlx::query_scalar("select id from orders where number = $1")
        .bind(number)
        .fetch_one(pool)
        .await
        .unwrap();
    let d = orderdeck_store::orders::detail(pool, id)
        .await
        .unwrap()
        .unwrap();
    d.events
        .iter()
        .map(|e| (e.kind.code().to_string(), e.sentence()))
        .collect()
}

/// The order's page as the console draws it (English), as text.
async fn page(pool: &PgPool, number: &str) -> String {
    let _en = orderdeck_i18n::scoped(orderdeck_i18n::Lang::En);
    let id: i64 = sqlx::query_scalar("select id from orders where number = $1")
        .bind(number)
        .fetch_one(pool)
        .await
        .unwrap();
    let fmt = orderdeck_tui::view::Fmt {
        offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        now: chrono::Utc::now(),
    };
    let d = orderdeck_console::lists::orders::detail(pool, id, &fmt)
        .await
        .unwrap()
        .unwrap();
    d.lines
        .iter()
        .map(|l| l.iter().map(|c| c.text.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_reason_is_required_checked_and_kept_on_the_order() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    catalog(pool, &[(10, 0)]).await;
    let number = new_order(pool, "CXL-REASON").await;
    assert_eq!(state(pool, &number).await.4, 2);

    // "other" needs words; a note is one line of at most 500 characters.
    assert_eq!(
        CancelReason::parse("other", "  "),
        Err(ReasonError::NoteRequired)
    );
    assert_eq!(
        CancelReason::parse("buyer_asked", "line one\nline two"),
        Err(ReasonError::ControlCharacter)
    );
    assert!(matches!(
        CancelReason::parse("whim", ""),
        Err(ReasonError::UnknownCode(_))
    ));

    let reason = CancelReason::parse("buyer_asked", "  wants the red one  ").unwrap();
    let c = cancelling::cancel(pool, &number, "lan", &reason, None)
        .await
        .unwrap();
    assert_eq!(c.invoice, InvoiceAfterCancel::NoInvoice);
    assert!(!c.already);
    let (status, code, note, _, reserved) = state(pool, &number).await;
    assert_eq!(status, "cancelled");
    assert_eq!(code.as_deref(), Some("buyer_asked"));
    assert_eq!(note, "wants the red one");
    assert_eq!(reserved, 0, "its reservations are released");

    let events = timeline(pool, &number).await;
    let (_, sentence) = events
        .iter()
        .find(|(k, _)| k == "cancelled")
        .expect("a cancelled event");
    assert!(
        sentence.contains("the buyer asked") && sentence.contains("wants the red one"),
        "{sentence}"
    );
    let shown = page(pool, &number).await;
    assert!(
        shown.contains("the buyer asked — wants the red one"),
        "{shown}"
    );

    // A second cancel is refused and changes nothing.
    let v = state(pool, &number).await.3;
    let e = cancelling::cancel(pool, &number, "lan", &reason, None)
        .await
        .unwrap_err();
    assert!(matches!(e, OrderError::WrongState { .. }), "{e:?}");
    assert_eq!(state(pool, &number).await.3, v);
}

#[tokio::test]
async fn an_invoiced_order_is_adjusted_to_zero_with_the_provider() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    catalog(pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 5_000);
    let config = config();
    for kind in ProviderKind::ALL {
        let number = new_order(pool, &format!("CXL-INV-{}", kind.code())).await;
        let original = invoicing::issue(
            pool,
            &providers,
            &config,
            &number,
            InvoiceTemplate::Vat,
            kind,
            Some(company()),
            "test",
        )
        .await
        .unwrap();
        let before = sim.invoice_count(kind);

        // What the form says before anything happens.
        let preview = cancelling::preview(pool, &number).await.unwrap();
        let shown = orderdeck_domain::invoice::shown_number(&original.series, &original.number);
        assert_eq!(preview, Ok(Some(shown.clone())));

        let reason = CancelReason::parse("out_of_stock", "").unwrap();
        let c = cancelling::cancel(pool, &number, "lan", &reason, Some((&providers, &config)))
            .await
            .unwrap();
        let InvoiceAfterCancel::Adjusted {
            adjusts, number: n, ..
        } = &c.invoice
        else {
            panic!("{:?}", c.invoice);
        };
        assert_eq!(adjusts, &shown);
        assert_eq!(sim.invoice_count(kind), before + 1, "one adjustment issued");

        // The original stays issued (never edited); the adjustment names it and brings
        // the sale to zero.
        let rows = invoices(pool, &number).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(
            (rows[0].0.as_str(), rows[0].1.as_str()),
            ("original", "issued")
        );
        let adj = &rows[1];
        assert_eq!((adj.0.as_str(), adj.1.as_str()), ("adjustment", "issued"));
        assert_eq!(adj.2.as_deref(), Some(n.as_str()));
        assert_eq!(adj.3, -original.total);
        assert_eq!(rows[0].3 + adj.3, rust_decimal::Decimal::ZERO);

        // What the provider received: an adjustment of the original, every line decreased.
        let body = sim.invoice_request(kind, &adj.4).expect("the body sent");
        match kind {
            ProviderKind::SInvoice => {
                let g = &body["generalInvoiceInfo"];
                assert_eq!(g["adjustmentType"], "5");
                assert_eq!(g["adjustmentInvoiceType"], "1");
                assert_eq!(g["originalInvoiceId"], Value::from(original.number.clone()));
                let items = body["itemInfo"].as_array().unwrap();
                assert!(!items.is_empty());
                assert!(
                    items
                        .iter()
                        .all(|i| i["isIncreaseItem"] == Value::Bool(false))
                );
                assert!(
                    g["adjustedNote"]
                        .as_str()
                        .is_some_and(|s| s.contains(&number) && s.contains("hết hàng")),
                    "{g}"
                );
            }
            ProviderKind::Misa => {
                assert_eq!(body["ReferenceType"], 2);
                assert_eq!(body["OrgInvNo"], Value::from(original.number.clone()));
                assert!(
                    body["TotalAmount"].as_i64().is_some_and(|t| t < 0),
                    "{body}"
                );
            }
        }

        // The trace: the timeline says the order was cancelled and the invoice adjusted.
        let events = timeline(pool, &number).await;
        assert!(
            events
                .iter()
                .any(|(k, s)| k == "cancelled" && s.contains(&shown)),
            "{events:?}"
        );
        assert!(
            events.iter().any(|(k, _)| k == "invoice_adjusted"),
            "{events:?}"
        );
        let shown_page = page(pool, &number).await;
        assert!(shown_page.contains("adjusted to zero"), "{shown_page}");
        assert_eq!(state(pool, &number).await.0, "cancelled");
    }
}

#[tokio::test]
async fn a_provider_failure_leaves_the_order_cancelled_and_the_adjustment_owed() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    catalog(pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 2_000);
    let config = config();
    let kind = ProviderKind::SInvoice;
    let number = new_order(pool, "CXL-DOWN").await;
    let original = invoicing::issue(
        pool,
        &providers,
        &config,
        &number,
        InvoiceTemplate::Vat,
        kind,
        Some(company()),
        "test",
    )
    .await
    .unwrap();
    let shown = orderdeck_domain::invoice::shown_number(&original.series, &original.number);

    // The provider is down: the order is cancelled all the same, the adjustment stays
    // owed (stored, not issued), and that is said where people look.
    sim.faults().set(FaultSpec {
        provider: Some(kind),
        http_503: Trigger::always(),
        ..FaultSpec::default()
    });
    let reason = CancelReason::parse("fraud", "two orders, one card").unwrap();
    let c = cancelling::cancel(pool, &number, "lan", &reason, Some((&providers, &config)))
        .await
        .unwrap();
    let InvoiceAfterCancel::NeedsAction { invoice, message } = &c.invoice else {
        panic!("{:?}", c.invoice);
    };
    assert_eq!(invoice, &shown);
    assert!(!message.is_empty());
    let (status, code, _, _, reserved) = state(pool, &number).await;
    assert_eq!(
        (status.as_str(), code.as_deref()),
        ("cancelled", Some("fraud"))
    );
    assert_eq!(reserved, 0);
    let rows = invoices(pool, &number).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1].0, "adjustment");
    assert_ne!(rows[1].1, "issued", "{rows:?}");
    assert_eq!(
        sim.invoice_count(kind),
        1,
        "nothing issued while it was down"
    );
    let events = timeline(pool, &number).await;
    assert!(
        events.iter().any(|(k, s)| k == "invoice_refused"
            && s.contains("needs action")
            && s.contains(&shown)),
        "{events:?}"
    );
    let shown_page = page(pool, &number).await;
    assert!(shown_page.contains("STILL STANDS"), "{shown_page}");
    // The form, opened again on it, offers to finish it.
    assert_eq!(
        cancelling::preview(pool, &number).await.unwrap(),
        Ok(Some(shown.clone()))
    );

    // Back up: cancelling again issues the adjustment once, under the stored uuid.
    sim.faults().clear();
    let again = cancelling::cancel(pool, &number, "lan", &reason, Some((&providers, &config)))
        .await
        .unwrap();
    assert!(again.already);
    assert!(
        matches!(&again.invoice, InvoiceAfterCancel::Adjusted { adjusts, .. } if adjusts == &shown),
        "{:?}",
        again.invoice
    );
    assert_eq!(sim.invoice_count(kind), 2);
    let rows = invoices(pool, &number).await;
    let issued: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == "adjustment" && r.1 == "issued")
        .collect();
    assert_eq!(issued.len(), 1, "{rows:?}");
    assert_eq!(
        issued[0].4, rows[1].4,
        "the uuid stored with the cancellation"
    );
    // And nothing is owed any more: a third cancel is refused.
    let e = cancelling::cancel(pool, &number, "lan", &reason, Some((&providers, &config)))
        .await
        .unwrap_err();
    assert!(matches!(e, OrderError::WrongState { .. }), "{e:?}");
    assert_eq!(sim.invoice_count(kind), 2);

    // With no provider set up at all, the same: cancelled, owed, said.
    let other = new_order(pool, "CXL-NOPROV").await;
    invoicing::issue(
        pool,
        &providers,
        &config,
        &other,
        InvoiceTemplate::Vat,
        kind,
        Some(company()),
        "test",
    )
    .await
    .unwrap();
    let c = cancelling::cancel(pool, &other, "lan", &reason, None)
        .await
        .unwrap();
    assert!(
        matches!(&c.invoice, InvoiceAfterCancel::NeedsAction { .. }),
        "{:?}",
        c.invoice
    );
    assert_eq!(state(pool, &other).await.0, "cancelled");
    assert_eq!(invoices(pool, &other).await[1].1, "issuing");
}

#[tokio::test]
async fn many_at_once_each_all_or_nothing() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    catalog(pool, &[(20, 0)]).await;
    let mut numbers = Vec::new();
    for i in 0..3 {
        numbers.push(new_order(pool, &format!("CXL-MANY-{i}")).await);
    }
    // The middle one has left the warehouse: it cannot be cancelled.
    sqlx::query("update orders set status = 'shipped' where number = $1")
        .bind(&numbers[1])
        .execute(pool)
        .await
        .unwrap();
    let before = state(pool, &numbers[1]).await;

    let told = Mutex::new(Vec::new());
    let tell = |done: usize, total: usize| told.lock().unwrap().push((done, total));
    let reason = CancelReason::parse("duplicate", "").unwrap();
    let lines = cancelling::cancel_many(pool, &numbers, "lan", &reason, None, &tell).await;
    assert_eq!(lines.len(), 3);
    assert!(lines[0].outcome.is_ok() && lines[2].outcome.is_ok());
    assert!(
        matches!(&lines[1].outcome, Err(OrderError::WrongState { .. })),
        "{:?}",
        lines[1].outcome
    );
    assert_eq!(*told.lock().unwrap(), vec![(1, 3), (2, 3), (3, 3)]);
    for n in [&numbers[0], &numbers[2]] {
        let (status, code, _, _, reserved) = state(pool, n).await;
        assert_eq!(
            (status.as_str(), code.as_deref(), reserved),
            ("cancelled", Some("duplicate"), 0)
        );
    }
    // The refused one is exactly as it was: status, version, reservations, no reason.
    assert_eq!(state(pool, &numbers[1]).await, before);
    assert!(
        !timeline(pool, &numbers[1])
            .await
            .iter()
            .any(|(k, _)| k == "cancelled")
    );
}

#[tokio::test]
async fn the_command_refuses_a_cancel_without_a_reason() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    catalog(pool, &[(10, 0)]).await;
    let number = new_order(pool, "CXL-CLI").await;
    let dir = tempfile::tempdir().unwrap();
    // No providers: this order has no invoice.
    std::fs::write(dir.path().join("none.toml"), "").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_orderdeck"))
            .arg("--database-url")
            .arg(db.url())
            .args(args)
            .env("ORDERDECK_CONFIG", dir.path().join("none.toml"))
            .env("ORDERDECK_LANGUAGE", "en")
            .env_remove("ORDERDECK_LOG")
            .output()
            .unwrap()
    };
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    let out = run(&["orders", "cancel", &number]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("--reason"), "{said}");
    for code in orderdeck_domain::cancel_reason::CancelCode::codes() {
        assert!(said.contains(code), "{code} missing from: {said}");
    }
    let out = run(&["orders", "cancel", &number, "--reason", "whim"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("buyer_asked"), "{}", text(&out));
    let out = run(&["orders", "cancel", &number, "--reason", "other"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("note"), "{}", text(&out));
    assert_eq!(state(pool, &number).await.0, "reserved", "nothing changed");

    let help = text(&run(&["orders", "cancel", "--help"]));
    assert!(
        help.contains("out_of_stock") && help.contains("cannot_deliver"),
        "{help}"
    );

    let out = run(&[
        "orders",
        "cancel",
        &number,
        "--reason",
        "cannot_deliver",
        "--note",
        "no such street",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("cancelled"), "{}", text(&out));
    let (status, code, note, _, _) = state(pool, &number).await;
    assert_eq!(
        (status.as_str(), code.as_deref(), note.as_str()),
        ("cancelled", Some("cannot_deliver"), "no such street")
    );
}
