//! The console driven as a person would — the invoice preview and the return form, the
//! Channels pane's sync and reconnect keys: keys in, frames drawn into a TestBackend, jobs
//! run against a real PostgreSQL and the simulators on loopback.

use crate::common;

use std::time::Duration;

use common::screen;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdeck_sim::{self as sim, SimOptions};
use orderdeck_tui::app::{App, Msg};
use orderdeck_tui::app_forms::FormKind;

fn press(code: KeyCode, modifiers: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, modifiers))
}

fn typed(live: &mut common::Live, text: &str) {
    for c in text.chars() {
        live.send(press(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn form_is(app: &App, f: fn(&FormKind) -> bool) -> bool {
    app.form.as_ref().is_some_and(|s| f(&s.kind))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_fix_the_tax_code_issue_export_then_return_one_item() {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let number: String = sqlx::query_scalar(
        "select number from orders o where status = 'delivered'
           and not exists (select 1 from invoices i where i.order_id = o.id)
         order by id desc limit 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let sim = sim::start("127.0.0.1:0".parse().unwrap(), SimOptions::default())
        .await
        .unwrap();
    let exports = tempfile::tempdir().unwrap();
    let config = orderdeck_app::config::Config {
        invoicing: orderdeck_sim::demo::demo_seller(),
        ..Default::default()
    };
    let services = common::services(
        config,
        &Default::default(),
        &sim.invoice_providers_config(),
        exports.path(),
    );
    let app = common::new_app("default");
    let mut live = common::Live::start_with(&db.pool, db.options.clone(), app, Some(services));
    live.pump_until(Duration::from_secs(10), "the listener", |a| a.listening)
        .await;

    // Open the order, then its invoice preview.
    live.send(press(KeyCode::Char(':'), KeyModifiers::NONE));
    typed(&mut live, &format!("goto {number}"));
    live.send(press(KeyCode::Enter, KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "order detail", |a| {
        a.list(orderdeck_tui::panes::ListKind::Orders)
            .detail
            .as_ref()
            .is_some_and(|d| d.detail.is_some())
    })
    .await;
    live.send(press(KeyCode::Char('I'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "invoice preview", |a| {
        form_is(a, |k| matches!(k, FormKind::Invoice { .. })) && a.invoice.is_some()
    })
    .await;
    let shown = screen(&mut live.app);
    assert!(shown.contains(&format!("Invoice of {number}")), "{shown}");
    assert!(shown.contains("HÓA ĐƠN GIÁ TRỊ GIA TĂNG"), "{shown}");
    assert!(shown.contains("Tên hàng hóa, dịch vụ"), "{shown}");
    // The rest of the paper form is a PgDn away.
    live.send(press(KeyCode::PageDown, KeyModifiers::NONE));
    let shown = screen(&mut live.app);
    assert!(shown.contains("Số tiền viết bằng chữ"), "{shown}");
    live.send(press(KeyCode::PageUp, KeyModifiers::NONE));

    // A company with a mistyped tax code: the reason shows beside the field, at once.
    typed(&mut live, "Công ty TNHH Hoa Mai");
    live.send(press(KeyCode::Tab, KeyModifiers::NONE));
    typed(&mut live, "0104093673");
    let shown = screen(&mut live.app);
    assert!(
        shown.contains("the check digit (10th digit) should be 2, not 3"),
        "{shown}"
    );
    // Ctrl-s refuses while a field is wrong: nothing is asked, nothing is sent.
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(live.app.confirm.is_none());
    assert_eq!(
        sim.invoice_count(orderdeck_integrations::invoice_provider::ProviderKind::SInvoice),
        0
    );

    // Fixed: the error goes, and the preview shows the company.
    live.send(press(KeyCode::Backspace, KeyModifiers::NONE));
    typed(&mut live, "2");
    let shown = screen(&mut live.app);
    assert!(!shown.contains("check digit"), "{shown}");
    assert!(
        shown.contains("Tên đơn vị:       Công ty TNHH Hoa Mai"),
        "{shown}"
    );

    // Ctrl-p writes the A4 PDF.
    live.send(press(KeyCode::Char('p'), KeyModifiers::CONTROL));
    live.pump_until(Duration::from_secs(10), "the PDF", |a| {
        message(a).contains("PDF written")
    })
    .await;
    let pdf = std::fs::read(
        exports
            .path()
            .join("invoices")
            .join(format!("invoice-preview-{number}.pdf")),
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    // Ctrl-s asks, y issues.
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let question = live.app.confirm.as_ref().map(|c| c.question.clone());
    assert!(
        question
            .as_deref()
            .is_some_and(|q| q.contains("Issue the VAT invoice")),
        "{question:?}"
    );
    live.send(press(KeyCode::Char('y'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(15), "the invoice issued", |a| {
        message(a).contains("issued with Viettel S-Invoice")
    })
    .await;
    assert!(live.app.form.is_none());
    let (company, tax_code, status): (String, String, String) = sqlx::query_as(
        "select i.buyer_company, i.buyer_tax_code, i.status from invoices i
         join orders o on o.id = i.order_id where o.number = $1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        (company.as_str(), tax_code.as_str(), status.as_str()),
        ("Công ty TNHH Hoa Mai", "0104093672", "issued")
    );

    // Issued is never edited: the preview of an issued invoice replaces it instead.
    live.send(press(KeyCode::Char('I'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "issued invoice preview", |a| {
        form_is(a, |k| matches!(k, FormKind::Invoice { .. }))
            && a.invoice.as_ref().is_some_and(|p| p.issued.is_some())
    })
    .await;
    // Ctrl-s with nothing changed asks nothing.
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(live.app.confirm.is_none());
    let state = live.app.form.as_mut().unwrap();
    state
        .form
        .set("buyer.company", "Công ty TNHH Hoa Mai Việt Nam");
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(
        live.app
            .confirm
            .as_ref()
            .is_some_and(|c| c.question.starts_with("Replace invoice")),
        "{:?}",
        live.app.form.as_ref().map(|f| f.form.note.clone())
    );
    live.send(press(KeyCode::Char('y'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(15), "the replacement", |a| {
        message(a).contains("replacement invoice")
    })
    .await;

    // Return one unit of the first line.
    live.send(press(KeyCode::Char('T'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "return form", |a| {
        form_is(a, |k| matches!(k, FormKind::Return { .. }))
    })
    .await;
    let (sku, qty): (String, i32) = sqlx::query_as(
        "select l.sku, l.qty from order_lines l join orders o on o.id = l.order_id
         where o.number = $1 order by l.line_no limit 1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    // Keep only "SKU:1:good" in the lines field.
    let state = live.app.form.as_mut().unwrap();
    state.form.set("lines", &format!("{sku}:1:good"));
    live.send(press(KeyCode::Tab, KeyModifiers::NONE));
    typed(&mut live, "khách đổi ý");
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(
        live.app
            .confirm
            .as_ref()
            .is_some_and(|c| c.question.contains("1 good, 0 damaged")),
        "{:?}",
        live.app.form.as_ref().map(|f| f.form.note.clone())
    );
    live.send(press(KeyCode::Char('y'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(15), "the return", |a| {
        message(a).starts_with("return ")
    })
    .await;
    let said = message(&live.app);
    assert!(said.contains("1 back in stock"), "{said}");
    let expect_status = if qty == 1 && said.contains("order returned") {
        "returned"
    } else {
        "partly_returned"
    };
    let (status, kinds): (String, Vec<String>) = sqlx::query_as(
        "select o.status, array(select kind || ':' || status from invoices i
                                 where i.order_id = o.id order by i.id)
         from orders o where o.number = $1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(status, expect_status);
    if status == "partly_returned" {
        assert!(said.contains("replacement invoice"), "{said}");
        assert_eq!(
            kinds,
            vec![
                "original:replaced",
                "replacement:replaced",
                "replacement:issued"
            ]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channels_pane_syncs_a_shop_with_a_progress_bar_and_reconnects_another() {
    use orderdeck_app::channels;
    use orderdeck_integrations::marketplace::{ChannelKind, Secret, TokenPair};
    use orderdeck_tui::panes::ListKind;

    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let sim = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            demo_catalog: true,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap();
    // The shops sold for 20 days before orderdeck was connected.
    sim.add_backlog(1_500, chrono::Duration::days(20));
    let config = orderdeck_app::config::Config {
        channels: sim.channels_config(),
        ..Default::default()
    };
    let lazada = channels::open(&db.pool, &config.channels, ChannelKind::Lazada)
        .await
        .unwrap()
        .unwrap();
    channels::store_tokens(&db.pool, lazada.row.id, &sim.lazada_authorize())
        .await
        .unwrap();
    // Shopee's stored tokens are dead (say, not refreshed for a month).
    let shopee = channels::open(&db.pool, &config.channels, ChannelKind::Shopee)
        .await
        .unwrap()
        .unwrap();
    let dead = TokenPair {
        access_token: Secret::new("dead-access-token"),
        refresh_token: Secret::new("dead-refresh-token"),
        access_expires_at: chrono::Utc::now() - chrono::Duration::hours(1),
        refresh_expires_at: None,
    };
    channels::store_tokens(&db.pool, shopee.row.id, &dead)
        .await
        .unwrap();
    let exports = tempfile::tempdir().unwrap();
    let services = common::services(
        config,
        &Default::default(),
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
    live.send(press(KeyCode::Char('9'), KeyModifiers::NONE));
    let selected = |a: &App| {
        a.list(ListKind::Channels)
            .pager
            .selected_row()
            .and_then(|r| r.cells.first())
            .map(|c| c.text.clone())
            .unwrap_or_default()
    };
    live.pump_until(Duration::from_secs(10), "the shops", |a| {
        a.list(ListKind::Channels).pager.rows.len() >= 5
    })
    .await;
    assert_eq!(selected(&live.app), "lazada");

    // `s`: the pull runs with a bar that moves on page by page.
    live.send(press(KeyCode::Char('s'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(30), "a few pages pulled", |a| {
        a.syncs
            .first()
            .is_some_and(|b| b.progress.report.pages >= 3)
    })
    .await;
    let shown = screen(&mut live.app);
    assert!(shown.contains("Pulling orders"), "{shown}");
    assert!(shown.contains("Lazada · page"), "{shown}");
    assert!(shown.contains('%'), "{shown}");
    let best = std::sync::atomic::AtomicU16::new(0);
    live.pump_until(Duration::from_secs(60), "the pull to end", |a| {
        if let Some(p) = a.syncs.first().and_then(|b| b.progress.permille) {
            let before = best.fetch_max(p, std::sync::atomic::Ordering::Relaxed);
            assert!(p >= before, "the bar went back from {before} to {p}");
        }
        a.syncs.is_empty()
    })
    .await;
    assert!(
        message(&live.app).starts_with("Lazada: pulled"),
        "{}",
        message(&live.app)
    );
    let taken: i64 = sqlx::query_scalar("select count(*) from orders where channel_id = $1")
        .bind(lazada.row.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(taken >= 1_000, "{taken} Lazada orders taken in");

    // `r` on Shopee: its tokens cannot be refreshed, so the consent form opens with the
    // link to open and a field for what the browser lands on.
    while selected(&live.app) != "shopee" {
        live.send(press(KeyCode::Char('j'), KeyModifiers::NONE));
    }
    live.send(press(KeyCode::Char('r'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "the consent form", |a| {
        form_is(a, |k| matches!(k, FormKind::Reconnect { .. }))
    })
    .await;
    let shown = screen(&mut live.app);
    assert!(shown.contains("no longer work"), "{shown}");
    assert!(
        shown.contains("/api/v2/shop/auth_partner?partner_id="),
        "{shown}"
    );
    // Ctrl-y hands the whole link to the terminal's clipboard (a wrapped link is hard to
    // select inside a box).
    live.send(press(KeyCode::Char('y'), KeyModifiers::CONTROL));
    let copied = live.app.clipboard.take().unwrap_or_default();
    assert!(
        copied.contains("/api/v2/shop/auth_partner?partner_id=") && copied.contains("sign="),
        "{copied}"
    );
    // Something that is not a code is refused beside the field; the link stays.
    typed(&mut live, "hello world");
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let shown = screen(&mut live.app);
    assert!(shown.contains("not an authorisation code"), "{shown}");
    assert!(shown.contains("auth_partner"), "{shown}");
    for _ in 0.."hello world".len() {
        live.send(press(KeyCode::Backspace, KeyModifiers::NONE));
    }
    let code = sim.shopee_auth_code();
    typed(
        &mut live,
        &format!("https://localhost/orderdeck/authorised?code={code}&shop_id=1"),
    );
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    live.pump_until(Duration::from_secs(10), "the shop authorised", |a| {
        a.form.is_none()
    })
    .await;
    assert!(
        message(&live.app).starts_with("Shopee: authorised"),
        "{}",
        message(&live.app)
    );
    let stored = orderdeck_store::channels::load_tokens(&db.pool, shopee.row.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.access_token, "dead-access-token");
    assert!(stored.access_expires_at > chrono::Utc::now());

    // `r` again: the tokens work now, so they are simply refreshed.
    live.send(press(KeyCode::Char('r'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "the refresh", |a| {
        message(a).contains("reconnected")
    })
    .await;
    let refreshed = orderdeck_store::channels::load_tokens(&db.pool, shopee.row.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(refreshed.access_token, stored.access_token);
    assert!(live.app.form.is_none());

    // `e`: the shop's stock buffer; a negative one is refused beside the field.
    live.send(press(KeyCode::Char('e'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "the buffer form", |a| {
        form_is(a, |k| matches!(k, FormKind::ShopBuffer { .. }))
    })
    .await;
    live.send(press(KeyCode::Backspace, KeyModifiers::NONE));
    typed(&mut live, "-2");
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let shown = screen(&mut live.app);
    assert!(shown.contains("cannot be negative"), "{shown}");
    live.send(press(KeyCode::Backspace, KeyModifiers::NONE));
    live.send(press(KeyCode::Backspace, KeyModifiers::NONE));
    typed(&mut live, "3");
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    live.pump_until(Duration::from_secs(10), "the buffer saved", |a| {
        a.form.is_none()
    })
    .await;
    assert!(
        message(&live.app).contains("3 units"),
        "{}",
        message(&live.app)
    );
    let buffer: i32 = sqlx::query_scalar("select stock_buffer from sales_channels where id = $1")
        .bind(shopee.row.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(buffer, 3);
}

/// Ship form → GHN cannot tell which ward "Phường 1, TP. Hồ Chí Minh" is → the pick list
/// over the form, filtered as typed → the fee for the picked ward → shipped there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unclear_address_is_settled_in_the_ship_form_by_picking_the_ward() {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let number: String = sqlx::query_scalar(
        "update orders set ship_address = '{\"line1\": \"214 Lê Lợi\", \"ward\": \"Phường 1\", \"province\": \"TP. Hồ Chí Minh\"}'
         where id = (select id from orders where status = 'packed' order by id limit 1) returning number",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let sim = sim::start("127.0.0.1:0".parse().unwrap(), SimOptions::default())
        .await
        .unwrap();
    let mut config = orderdeck_app::config::Config::default();
    config.shipping.sender = orderdeck_sim::demo::demo_sender();
    let exports = tempfile::tempdir().unwrap();
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
    live.send(press(KeyCode::Char(':'), KeyModifiers::NONE));
    typed(&mut live, &format!("goto {number}"));
    live.send(press(KeyCode::Enter, KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "order detail", |a| {
        a.list(orderdeck_tui::panes::ListKind::Orders)
            .detail
            .as_ref()
            .is_some_and(|d| d.detail.is_some())
    })
    .await;
    live.send(press(KeyCode::Char('S'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(10), "the ship form", |a| {
        form_is(a, |k| matches!(k, FormKind::Ship { .. }))
    })
    .await;
    live.send(press(KeyCode::Char('s'), KeyModifiers::CONTROL));
    live.pump_until(Duration::from_secs(30), "the ward pick list", |a| {
        a.picker.is_some()
    })
    .await;
    let shown = screen(&mut live.app);
    assert!(
        shown.contains(&format!("Deliver {number} to which ward?")),
        "{shown}"
    );
    assert!(shown.contains("fits 12 places"), "{shown}");
    assert!(shown.contains("Phường 01, Quận 3, Hồ Chí Minh"), "{shown}");
    // Nothing went to GHN yet.
    assert_eq!(sim.calls_to("/shiip/public-api/v2/shipping-order/fee"), 0);
    typed(&mut live, "quan 3");
    let shown = screen(&mut live.app);
    assert!(shown.contains("1 of 12"), "{shown}");
    live.send(press(KeyCode::Enter, KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(30), "the fee question", |a| {
        a.confirm.is_some()
    })
    .await;
    let question = live.app.confirm.as_ref().unwrap().question.clone();
    assert!(
        question.contains("to Phường 01, Quận 3, Hồ Chí Minh"),
        "{question}"
    );
    live.send(press(KeyCode::Char('y'), KeyModifiers::NONE));
    live.pump_until(Duration::from_secs(30), "shipped", |a| {
        message(a).contains("shipped with")
    })
    .await;
    let tracking: String = sqlx::query_scalar(
        "select tracking_number from shipments s join orders o on o.id = s.order_id where o.number = $1",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let sent = sim
        .create_request(orderdeck_integrations::carrier::CarrierKind::Ghn, &tracking)
        .unwrap();
    assert_eq!(sent["to_district_id"], 1770, "{sent}");
}
