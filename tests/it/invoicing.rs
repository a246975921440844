//! Issuing e-invoices against a real PostgreSQL and the invoice simulator on loopback,
//! through the real S-Invoice and MISA adapters: the number and tax-authority code are
//! stored, bad buyers are refused before any call, an issued invoice is never issued
//! again, and lost replies never make a second invoice.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::{assert_invariants, catalog, order};
use futures::StreamExt;
use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::invoicing::{self, InvoicingConfig, IssueError};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use orderdeck_integrations::misa::MisaClient;
use orderdeck_integrations::sinvoice::SInvoiceClient;
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use sqlx::PgPool;

async fn start_sim() -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 11,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

pub(crate) fn providers_for(sim: &SimHandle, timeout_ms: u64) -> InvoiceProviders {
    let t = Duration::from_millis(timeout_ms);
    InvoiceProviders::from_clients(
        Some(SInvoiceClient::with_timeout(&sim.sinvoice_config(), t).unwrap()),
        Some(MisaClient::with_timeout(&sim.misa_config(), t).unwrap()),
    )
}

pub(crate) fn config() -> InvoicingConfig {
    InvoicingConfig {
        seller_name: "Công ty TNHH Cửa hàng ABC".into(),
        seller_tax_code: "0100233488".into(),
        seller_address: "135 Nam Kỳ Khởi Nghĩa, Quận 1, TP. Hồ Chí Minh".into(),
        ..InvoicingConfig::default()
    }
}

fn company(tax_code: &str) -> Buyer {
    Buyer {
        company: "Công ty TNHH Hoa Mai".into(),
        tax_code: tax_code.into(),
        address: "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh".into(),
        email: "ketoan@hoamai.vn".into(),
        name: "Nguyễn Thị Lan".into(),
    }
}

async fn new_order(pool: &PgPool, external: &str) -> String {
    match create_order(pool, &order(external, &[("S0", 2)]), "test")
        .await
        .unwrap()
    {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    }
}

/// An order whose customer asked for an invoice (one unit), by its number.
async fn asking_order(pool: &PgPool, external: &str) -> String {
    let mut o = order(external, &[("S0", 1)]);
    o.wants_invoice = true;
    match create_order(pool, &o, "test").await.unwrap() {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    }
}

/// The order is completed now (as delivery would).
async fn complete(pool: &PgPool, number: &str) {
    sqlx::query("update orders set status = 'completed' where number = $1")
        .bind(number)
        .execute(pool)
        .await
        .unwrap();
}

async fn invoice_rows(
    pool: &PgPool,
    number: &str,
) -> Vec<(String, Option<String>, Option<String>)> {
    sqlx::query_as(
        "select i.status, i.number, i.tax_authority_code from invoices i
         join orders o on o.id = i.order_id where o.number = $1 order by i.id",
    )
    .bind(number)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn issuing_stores_the_number_and_tax_authority_code_once() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 5_000);
    for kind in ProviderKind::ALL {
        let number = new_order(&db.pool, &format!("INV-{}", kind.code())).await;
        let issued = invoicing::issue(
            &db.pool,
            &providers,
            &config(),
            &number,
            InvoiceTemplate::Vat,
            kind,
            Some(company("0104093672")),
            "test",
        )
        .await
        .unwrap();
        assert!(!issued.number.is_empty());
        assert!(issued.tax_authority_code.is_some(), "{issued:?}");
        assert_eq!(sim.invoice_count(kind), 1);
        // 2 × 100 000 + 30 000 shipping, VAT included.
        assert_eq!(issued.total, rust_decimal::Decimal::from(230_000));
        let rows = invoice_rows(&db.pool, &number).await;
        assert_eq!(
            rows,
            vec![(
                "issued".to_string(),
                Some(issued.number.clone()),
                issued.tax_authority_code.clone()
            )]
        );
        let (lines, events, has_pdf): (i64, i64, bool) = sqlx::query_as(
            "select (select count(*) from invoice_lines where invoice_id = $1),
                    (select count(*) from order_events e join orders o on o.id = e.order_id
                      where o.number = $2 and e.kind = 'invoice_issued'),
                    (select pdf is not null from invoices where id = $1)",
        )
        .bind(issued.invoice_id)
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!((lines, events), (2, 1));
        assert_eq!(has_pdf, issued.pdf_stored);
        let pdf = invoicing::pdf(&db.pool, Some(&providers), &number)
            .await
            .unwrap();
        assert!(!pdf.is_empty());
        // A second issue is refused: an issued invoice is never edited or issued again.
        let again = invoicing::issue(
            &db.pool,
            &providers,
            &config(),
            &number,
            InvoiceTemplate::Vat,
            kind,
            None,
            "test",
        )
        .await
        .unwrap_err();
        assert!(matches!(again, IssueError::AlreadyIssued { .. }), "{again}");
        let text = again.to_string();
        assert!(
            text.contains(&issued.number) && text.contains("replacement"),
            "{text}"
        );
        assert_eq!(sim.invoice_count(kind), 1);
        assert_eq!(invoice_rows(&db.pool, &number).await.len(), 1);
    }
    // An order without an invoice has no PDF, and says so.
    let bare = new_order(&db.pool, "INV-NONE").await;
    let e = invoicing::pdf(&db.pool, None, &bare).await.unwrap_err();
    assert!(e.to_string().contains("has no invoice"), "{e}");
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn a_wrong_tax_code_is_refused_before_any_call() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 5_000);
    let number = new_order(&db.pool, "INV-BAD").await;
    // Check digit off by one.
    let e = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        Some(company("0104093673")),
        "test",
    )
    .await
    .unwrap_err();
    assert!(matches!(e, IssueError::Invalid { .. }), "{e}");
    let text = e.to_string();
    assert!(
        text.contains("buyer.tax_code") && text.contains("check digit"),
        "{text}"
    );
    // A company without any tax code is refused too, saying why.
    let mut no_code = company("");
    no_code.tax_code.clear();
    let e = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::Misa,
        Some(no_code),
        "test",
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("tax code"), "{e}");
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 0);
    assert_eq!(sim.invoice_count(ProviderKind::Misa), 0);
    assert!(invoice_rows(&db.pool, &number).await.is_empty());
    assert_invariants(&db.pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_issues_with_lost_replies_make_five_hundred_invoices() {
    const N: usize = 500;
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(1000, 0)]).await;
    let mut numbers = Vec::with_capacity(N);
    for i in 0..N {
        numbers.push(new_order(&db.pool, &format!("INV-LOST-{i}")).await);
    }
    let sim = start_sim().await;
    // Every issue is carried out, then its reply comes too late; some other calls (log
    // in, look-ups) time out without doing anything, so some attempts stay unsure.
    sim.faults().set(FaultSpec {
        delay_ms: 600,
        accept_then_timeout: Trigger::always(),
        timeout: Trigger::probability(0.2),
        ..FaultSpec::default()
    });
    let providers = Arc::new(providers_for(&sim, 250));
    let results: Vec<(usize, usize, invoicing::Issued)> =
        futures::stream::iter(numbers.iter().cloned().enumerate())
            .map(|(i, number)| {
                let pool = db.pool.clone();
                let providers = providers.clone();
                async move {
                    let kind = if i % 2 == 0 {
                        ProviderKind::SInvoice
                    } else {
                        ProviderKind::Misa
                    };
                    // "Run the same command again", as the message says.
                    let mut unsure = 0;
                    loop {
                        match invoicing::issue(
                            &pool,
                            &providers,
                            &config(),
                            &number,
                            InvoiceTemplate::Vat,
                            kind,
                            None,
                            "test",
                        )
                        .await
                        {
                            Ok(issued) => return (i, unsure, issued),
                            Err(IssueError::Unsure { .. }) if unsure < 50 => unsure += 1,
                            Err(e) => panic!("{number}: {e}"),
                        }
                    }
                }
            })
            .buffer_unordered(50)
            .collect()
            .await;
    sim.faults().clear();
    assert_eq!(results.len(), N);
    assert!(
        results.iter().all(|(_, _, r)| r.recovered),
        "every reply was lost"
    );
    let retried = results.iter().filter(|(_, u, _)| *u > 0).count();
    eprintln!("{retried} of {N} needed the command run again");
    let issued = |k| sim.invoice_count(k);
    assert_eq!(
        issued(ProviderKind::SInvoice) + issued(ProviderKind::Misa),
        N,
        "exactly one invoice per order at the providers"
    );
    assert_eq!(issued(ProviderKind::SInvoice), N / 2);
    let (rows, issued_rows, distinct): (i64, i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where status = 'issued'),
                count(distinct (provider, series, number)) filter (where status = 'issued')
         from invoices",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        (rows, issued_rows, distinct),
        (N as i64, N as i64, N as i64)
    );
    // Running it again now is refused, for every order.
    for number in numbers.iter().take(5) {
        let e = invoicing::issue(
            &db.pool,
            &providers,
            &config(),
            number,
            InvoiceTemplate::Vat,
            ProviderKind::SInvoice,
            None,
            "test",
        )
        .await
        .unwrap_err();
        assert!(matches!(e, IssueError::AlreadyIssued { .. }), "{e}");
    }
    assert_eq!(
        issued(ProviderKind::SInvoice) + issued(ProviderKind::Misa),
        N
    );
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn an_unclear_answer_keeps_the_invoice_issuing_and_the_rerun_finishes_it() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 250);
    let number = new_order(&db.pool, "INV-UNSURE").await;
    // Log in first, so the faults below hit the issue and the look-up.
    use orderdeck_integrations::invoice_provider::InvoiceProvider;
    let client = providers.get(ProviderKind::SInvoice).unwrap();
    let none =
        crate::invoice_providers::request(ProviderKind::SInvoice, "0000000000-none", "1C26TAA");
    assert!(client.find(&none).await.unwrap().is_none());
    sim.faults().set(FaultSpec {
        provider: Some(ProviderKind::SInvoice),
        delay_ms: 600,
        accept_then_timeout: Trigger::always(),
        timeout: Trigger::always(),
        ..FaultSpec::default()
    });
    let e = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        None,
        "test",
    )
    .await
    .unwrap_err();
    assert!(matches!(e, IssueError::Unsure { .. }), "{e}");
    assert!(e.to_string().contains("run the same command again"), "{e}");
    let rows = invoice_rows(&db.pool, &number).await;
    assert_eq!(rows, vec![("issuing".to_string(), None, None)]);
    let uuid: String = sqlx::query_scalar("select transaction_uuid::text from invoices")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // Another provider cannot start a second invoice meanwhile.
    let e = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::Misa,
        None,
        "test",
    )
    .await
    .unwrap_err();
    assert!(matches!(e, IssueError::IssuingElsewhere { .. }), "{e}");
    sim.faults().clear();
    let issued = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        None,
        "test",
    )
    .await
    .unwrap();
    assert_eq!(
        issued.transaction_uuid, uuid,
        "the same invoice, never a new one"
    );
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 1);
    assert_eq!(sim.invoice_count(ProviderKind::Misa), 0);
    let rows = invoice_rows(&db.pool, &number).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "issued");
    // A reply lost after S-Invoice issued: recovered by its transaction uuid in the same
    // call, and stored as one issued in one go — the whole symbol, the template, the
    // tax-authority code and the PDF (asked for with that template).
    let second = new_order(&db.pool, "INV-LOST-REPLY").await;
    sim.faults().set(FaultSpec {
        provider: Some(ProviderKind::SInvoice),
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let recovered = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &second,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        None,
        "test",
    )
    .await
    .unwrap();
    assert!(recovered.recovered);
    let (series, template, code, pdf): (String, String, Option<String>, bool) = sqlx::query_as(
        "select i.series, i.template_code, i.tax_authority_code, i.pdf is not null
         from invoices i join orders o on o.id = i.order_id where o.number = $1",
    )
    .bind(&second)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let (first_series, first_template): (String, String) = sqlx::query_as(
        "select i.series, i.template_code from invoices i join orders o on o.id = i.order_id where o.number = $1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((&series, &template), (&first_series, &first_template));
    assert_eq!(series.len(), 7, "{series}");
    assert_eq!(code.as_deref().map(str::len), Some(34), "{code:?}");
    assert!(pdf && recovered.pdf_stored);
    assert_invariants(&db.pool).await;
}

/// Completed orders get their invoice by themselves when the customer asked for one or the
/// total is at or above the threshold — once, whatever the rounds; others are left alone.
#[tokio::test]
async fn completed_orders_that_call_for_an_invoice_get_one_by_themselves() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(100, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 5_000);
    let mut asked = order("AUTO-ASKED", &[("S0", 1)]);
    asked.wants_invoice = true;
    let big = order("AUTO-BIG", &[("S0", 20)]);
    let small = order("AUTO-SMALL", &[("S0", 1)]);
    let open = {
        let mut o = order("AUTO-OPEN", &[("S0", 1)]);
        o.wants_invoice = true;
        o
    };
    let mut numbers = Vec::new();
    for o in [&asked, &big, &small, &open] {
        match create_order(&db.pool, o, "test").await.unwrap() {
            IntakeOutcome::Created { number, .. } => numbers.push(number),
            other => panic!("{other:?}"),
        }
    }
    let config = InvoicingConfig {
        auto_provider: Some("misa".into()),
        auto_threshold: Some(1_000_000),
        ..config()
    };
    // Switched on (its first round records the start), then the first three complete;
    // the fourth is still on its way.
    let first = invoicing::auto_issue_round(&db.pool, &providers, &config, 50, "invoicing")
        .await
        .unwrap();
    assert_eq!(first, invoicing::AutoRound::default());
    sqlx::query("update orders set status = 'completed' where number = any($1)")
        .bind(&numbers[..3])
        .execute(&db.pool)
        .await
        .unwrap();
    let round = invoicing::auto_issue_round(&db.pool, &providers, &config, 50, "invoicing")
        .await
        .unwrap();
    assert_eq!(round.issued.len(), 2, "{round:?}");
    assert!(round.issued[0].starts_with(&numbers[0]), "{round:?}");
    assert!(round.issued[1].starts_with(&numbers[1]), "{round:?}");
    assert_eq!(sim.invoice_count(ProviderKind::Misa), 2);
    // Again: nothing more.
    let again = invoicing::auto_issue_round(&db.pool, &providers, &config, 50, "invoicing")
        .await
        .unwrap();
    assert_eq!(again, invoicing::AutoRound::default());
    assert_eq!(sim.invoice_count(ProviderKind::Misa), 2);
    for n in &numbers[2..] {
        assert!(invoice_rows(&db.pool, n).await.is_empty(), "{n}");
    }
    // Off unless a provider is named.
    let off = invoicing::auto_issue_round(&db.pool, &providers, &config_off(), 50, "x")
        .await
        .unwrap();
    assert_eq!(off, invoicing::AutoRound::default());
}

fn config_off() -> InvoicingConfig {
    InvoicingConfig {
        auto_threshold: Some(0),
        ..config()
    }
}

/// An issued invoice with a wrong buyer is replaced, never edited: the replacement names
/// the original, the original is kept as replaced, a bad correction sends nothing.
#[tokio::test]
async fn a_wrong_buyer_is_corrected_by_a_replacement_invoice() {
    use orderdeck_app::invoice_corrections;
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 5_000);
    let number = new_order(&db.pool, "INV-FIX").await;
    let mut wrong = company("0104093672");
    wrong.company = "Công ty TNHH Hoa Maj".into();
    let original = invoicing::issue(
        &db.pool,
        &providers,
        &config(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        Some(wrong),
        "test",
    )
    .await
    .unwrap();
    // A correction that is itself wrong is refused before any call.
    let err = invoice_corrections::replace_with_buyer(
        &db.pool,
        &providers,
        &config(),
        &number,
        company("0104093673"),
        "sai tên",
        "test",
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("check digit"), "{err}");
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 1);
    let fixed = invoice_corrections::replace_with_buyer(
        &db.pool,
        &providers,
        &config(),
        &number,
        company("0104093672"),
        "sai tên đơn vị",
        "test",
    )
    .await
    .unwrap();
    assert_ne!(fixed.number, original.number);
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "select kind, status, buyer_company, replaces_invoice_id from invoices order by id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("original", "replaced")
    );
    assert_eq!(
        (rows[1].0.as_str(), rows[1].1.as_str(), rows[1].2.as_str()),
        ("replacement", "issued", "Công ty TNHH Hoa Mai")
    );
    assert_eq!(rows[1].3, Some(original.invoice_id));
    let sent = sim
        .invoice_request(ProviderKind::SInvoice, &fixed.transaction_uuid)
        .unwrap();
    assert_eq!(sent["generalInvoiceInfo"]["adjustmentType"], "3");
    assert_eq!(
        sent["generalInvoiceInfo"]["originalInvoiceId"],
        original.number.as_str()
    );
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 2);
}

/// While an earlier attempt's fate is unknown its transaction uuid is kept: a 429 on the
/// next try (the provider did not look at it) leaves the invoice issuing under the same
/// uuid, and the try after that finishes it under that uuid — never a second one.
#[tokio::test]
async fn a_slow_down_after_an_unclear_attempt_keeps_the_transaction_uuid() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 250);
    let number = new_order(&db.pool, "INV-KEEP-KEY").await;
    let cfg = config();
    let issue = || {
        invoicing::issue(
            &db.pool,
            &providers,
            &cfg,
            &number,
            InvoiceTemplate::Vat,
            ProviderKind::SInvoice,
            None,
            "test",
        )
    };
    let create_only = |spec: FaultSpec| FaultSpec {
        provider: Some(ProviderKind::SInvoice),
        path_contains: Some("createInvoice".into()),
        delay_ms: 600,
        ..spec
    };
    sim.faults().set(create_only(FaultSpec {
        timeout: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = issue().await.unwrap_err();
    assert!(matches!(e, IssueError::Unsure { .. }), "{e}");
    let uuid: String = sqlx::query_scalar("select transaction_uuid::text from invoices")
        .fetch_one(&db.pool)
        .await
        .unwrap();

    sim.faults().set(create_only(FaultSpec {
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = issue().await.unwrap_err();
    assert!(matches!(e, IssueError::Held { .. }), "{e}");
    assert!(e.to_string().contains(&uuid), "{e}");
    let rows: Vec<(String, String)> =
        sqlx::query_as("select status, transaction_uuid::text from invoices")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(rows, vec![("issuing".to_string(), uuid.clone())]);

    sim.faults().clear();
    let issued = issue().await.unwrap();
    assert_eq!(
        issued.transaction_uuid, uuid,
        "the same key, never a new one"
    );
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 1);
    assert_invariants(&db.pool).await;
}

/// Switching automatic invoicing on never back-issues: orders completed before its
/// recorded start get no invoice dated today by themselves — the dry run lists them and
/// they are issued only on request — while orders completed after it do.
#[tokio::test]
async fn automatic_invoicing_starts_when_switched_on_and_never_back_issues() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(100, 0)]).await;
    let sim = start_sim().await;
    let providers = providers_for(&sim, 5_000);
    let numbers = [
        asking_order(&db.pool, "BEFORE-ON").await,
        asking_order(&db.pool, "AFTER-ON").await,
    ];
    // Completed days ago, while automatic invoicing was off.
    complete(&db.pool, &numbers[0]).await;
    sqlx::query("update orders set completed_at = now() - interval '3 days' where number = $1")
        .bind(&numbers[0])
        .execute(&db.pool)
        .await
        .unwrap();
    let on = InvoicingConfig {
        auto_provider: Some("sinvoice".into()),
        ..config()
    };
    let round = invoicing::auto_issue_round(&db.pool, &providers, &on, 50, "invoicing")
        .await
        .unwrap();
    assert!(round.issued.is_empty(), "{round:?}");
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 0);
    // Completed now, after the start: issued by itself.
    complete(&db.pool, &numbers[1]).await;
    let plan = invoicing::auto_plan(&db.pool, &on).await.unwrap();
    assert!(plan.since.is_some());
    assert_eq!(plan.due, vec![numbers[1].clone()]);
    assert_eq!(
        plan.older
            .iter()
            .map(|o| o.number.clone())
            .collect::<Vec<_>>(),
        vec![numbers[0].clone()]
    );
    let round = invoicing::auto_issue_round(&db.pool, &providers, &on, 50, "invoicing")
        .await
        .unwrap();
    assert_eq!(round.issued.len(), 1, "{round:?}");
    assert!(round.issued[0].starts_with(&numbers[1]), "{round:?}");
    assert!(invoice_rows(&db.pool, &numbers[0]).await.is_empty());
    // Switched off and on again: a new start, and what completed meanwhile waits too.
    invoicing::auto_issue_round(&db.pool, &providers, &config_off(), 50, "x")
        .await
        .unwrap();
    let off_plan = invoicing::auto_plan(&db.pool, &config_off()).await.unwrap();
    assert_eq!(off_plan.since, None);
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 1);
    assert_invariants(&db.pool).await;
}

/// A provider that does not look at the order (here: MISA with two certificates and none
/// chosen) stops the automatic round without marking anything refused or failed; once
/// the configuration is fixed, the next round issues the invoice.
#[tokio::test]
async fn a_configuration_problem_stops_the_round_and_refuses_no_order() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(100, 0)]).await;
    let sim = start_sim().await;
    sim.add_misa_certificate("6F00AA11BB22CC33DD44EE55FF667788");
    let on = InvoicingConfig {
        auto_provider: Some("misa".into()),
        ..config()
    };
    let providers = providers_for(&sim, 5_000);
    invoicing::auto_issue_round(&db.pool, &providers, &on, 50, "invoicing")
        .await
        .unwrap();
    let number = asking_order(&db.pool, "AUTO-CERT").await;
    complete(&db.pool, &number).await;
    let e = invoicing::auto_issue_round(&db.pool, &providers, &on, 50, "invoicing")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("certificate_sn"), "{e}");
    assert!(
        invoice_rows(&db.pool, &number).await.is_empty(),
        "no failed row"
    );
    let refused: i64 =
        sqlx::query_scalar("select count(*) from order_events where kind = 'invoice_auto_refused'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(refused, 0);
    // Fixed: the certificate is named, and the next round issues it.
    let mut invoices = sim.invoice_providers_config();
    if let Some(m) = invoices.misa.as_mut() {
        m.certificate_sn = Some("6F00AA11BB22CC33DD44EE55FF667788".into());
    }
    let fixed = InvoiceProviders::new(&invoices).unwrap();
    let round = invoicing::auto_issue_round(&db.pool, &fixed, &on, 50, "invoicing")
        .await
        .unwrap();
    assert_eq!(round.issued.len(), 1, "{round:?}");
    assert_invariants(&db.pool).await;
}
