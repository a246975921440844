//! Emailing an issued e-invoice: issued through the invoice simulator, sent with lettre
//! over real SMTP to the simulator's mail sink on loopback. The message carries the
//! subject with its diacritics, a letter and the stored PDF; the timeline records the
//! send only when the server accepted it.

use crate::common;

use std::time::Duration;

use base64::Engine as _;
use common::catalog;
use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::invoice_mail::{self, InvoiceMailError};
use orderdeck_app::invoicing::{self, InvoicingConfig, Issued};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use orderdeck_integrations::mail::{MailError, Mailer, SmtpConfig};
use orderdeck_integrations::misa::MisaClient;
use orderdeck_integrations::sinvoice::SInvoiceClient;
use orderdeck_sim::{self as sim, SimHandle, SimOptions};
use sqlx::PgPool;

async fn start_sim() -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 7,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

fn seller() -> InvoicingConfig {
    InvoicingConfig {
        seller_name: "Công ty TNHH Cửa hàng Ánh Dương".into(),
        seller_tax_code: "0100233488".into(),
        seller_address: "135 Nam Kỳ Khởi Nghĩa, Quận 1, TP. Hồ Chí Minh".into(),
        ..InvoicingConfig::default()
    }
}

fn mailer(cfg: &SmtpConfig) -> Mailer {
    Mailer::with_timeout(cfg, Duration::from_secs(5)).unwrap()
}

/// An order with an issued invoice (its PDF stored); `email` is the buyer's address.
async fn issued_order(pool: &PgPool, sim: &SimHandle, external: &str, email: &str) -> Issued {
    let number = match create_order(pool, &common::order(external, &[("S0", 2)]), "test")
        .await
        .unwrap()
    {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    };
    let t = Duration::from_secs(5);
    let providers = InvoiceProviders::from_clients(
        Some(SInvoiceClient::with_timeout(&sim.sinvoice_config(), t).unwrap()),
        Some(MisaClient::with_timeout(&sim.misa_config(), t).unwrap()),
    );
    let buyer = Buyer {
        company: "Công ty TNHH Hoa Mai".into(),
        tax_code: "0104093672".into(),
        address: "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh".into(),
        email: email.into(),
        name: "Nguyễn Thị Lan".into(),
    };
    let issued = invoicing::issue(
        pool,
        &providers,
        &seller(),
        &number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        Some(buyer),
        "test",
    )
    .await
    .unwrap();
    // The PDF is stored (fetched now if the issue did not fetch it).
    invoicing::pdf(pool, Some(&providers), &number)
        .await
        .unwrap();
    issued
}

async fn stored_pdf(pool: &PgPool, invoice_id: i64) -> Vec<u8> {
    sqlx::query_scalar("select pdf from invoices where id = $1")
        .bind(invoice_id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn emailed_events(pool: &PgPool, order: &str) -> Vec<(String, String, serde_json::Value)> {
    sqlx::query_as(
        "select e.actor, e.message, e.after from order_events e join orders o on o.id = e.order_id
         where o.number = $1 and e.kind = 'invoice_emailed' order by e.id",
    )
    .bind(order)
    .fetch_all(pool)
    .await
    .unwrap()
}

// ---- a small MIME reader, enough for lettre's output --------------------------------

/// Headers (unfolded) and body of one entity.
fn split_entity(raw: &str) -> (Vec<(String, String)>, String) {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .expect("a blank line after the headers");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            headers
                .last_mut()
                .expect("a folded line follows a header")
                .1 += line;
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    (headers, body.to_string())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

fn b64(text: &str) -> Vec<u8> {
    let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(clean)
        .unwrap()
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let bytes = text.replace("=\r\n", "").into_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded; whitespace between
/// two encoded words dropped.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while !rest.is_empty() {
        match rest.find("=?") {
            Some(start) => {
                let between = &rest[..start];
                if !(last_was_word && between.trim().is_empty()) {
                    out.push_str(between);
                }
                let word = &rest[start + 2..];
                let mut parts = word.splitn(3, '?');
                let _charset = parts.next().unwrap();
                let enc = parts.next().unwrap().to_ascii_lowercase();
                let tail = parts.next().unwrap();
                let end = tail.find("?=").unwrap();
                let data = &tail[..end];
                let bytes = if enc == "b" {
                    b64(data)
                } else {
                    quoted_printable(&data.replace('_', " "))
                };
                out.push_str(&String::from_utf8(bytes).unwrap());
                rest = &tail[end + 2..];
                last_was_word = true;
            }
            None => {
                out.push_str(rest);
                rest = "";
            }
        }
    }
    out
}

fn boundary(content_type: &str) -> String {
    let b = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .expect("a multipart boundary");
    b.trim_matches('"').to_string()
}

/// (decoded Subject, plain-text body, attachment file name, attachment bytes).
fn read_invoice_mail(raw: &[u8]) -> (String, String, String, Vec<u8>) {
    let raw = std::str::from_utf8(raw).expect("lettre sends 7-bit text");
    let (headers, body) = split_entity(raw);
    let subject = decode_words(header(&headers, "subject"));
    let ct = header(&headers, "content-type");
    assert!(ct.starts_with("multipart/mixed"), "{ct}");
    let sep = format!("--{}", boundary(ct));
    let mut text = None;
    let mut attachment = None;
    for part in body.split(&sep).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let (h, b) = split_entity(part.trim_start_matches("\r\n"));
        let encoding = header(&h, "content-transfer-encoding").to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => b64(&b),
            "quoted-printable" => quoted_printable(b.trim_end_matches("\r\n")),
            _ => b.trim_end_matches("\r\n").as_bytes().to_vec(),
        };
        let ctype = header(&h, "content-type");
        if ctype.starts_with("application/pdf") {
            assert_eq!(encoding, "base64", "the PDF travels as base64");
        }
        if ctype.starts_with("text/plain") {
            text = Some(String::from_utf8(bytes).unwrap());
        } else if ctype.starts_with("application/pdf") {
            let disposition = header(&h, "content-disposition");
            assert!(disposition.starts_with("attachment"), "{disposition}");
            let name = disposition
                .split(';')
                .find_map(|p| p.trim().strip_prefix("filename="))
                .unwrap()
                .trim_matches('"')
                .to_string();
            attachment = Some((name, bytes));
        }
    }
    let (name, pdf) = attachment.expect("a PDF attachment");
    (subject, text.expect("a text part"), name, pdf)
}

// ---- tests --------------------------------------------------------------------------

#[tokio::test]
async fn an_issued_invoice_is_emailed_to_the_buyer_with_its_pdf() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let issued = issued_order(&db.pool, &sim, "MAIL-1", "ketoan@hoamai.vn").await;
    let order = issued.order_number.clone();
    let sent = invoice_mail::send(
        &db.pool,
        &mailer(&sim.smtp_config()),
        &seller(),
        &order,
        None,
        "lan.nguyen",
    )
    .await
    .unwrap();
    assert_eq!(sent.to, vec!["ketoan@hoamai.vn".to_string()]);
    assert_eq!(
        (&sent.series, &sent.number),
        (&issued.series, &issued.number)
    );

    let mail = sim.sent_mail();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].from, "hoadon@example.vn");
    assert_eq!(mail[0].to, vec!["ketoan@hoamai.vn".to_string()]);
    let (subject, text, name, pdf) = read_invoice_mail(&mail[0].data);
    assert_eq!(
        subject,
        format!(
            "Hóa đơn điện tử số {} ({}) – đơn {order}",
            issued.number, issued.series
        )
    );
    assert_eq!(name, format!("{}-{}.pdf", issued.series, issued.number));
    assert!(pdf.starts_with(b"%PDF"), "{:?}", &pdf[..pdf.len().min(16)]);
    assert_eq!(pdf, stored_pdf(&db.pool, issued.invoice_id).await);
    // The letter: seller, invoice particulars, the code, where to look it up.
    let code = issued
        .tax_authority_code
        .clone()
        .expect("a C-series invoice has a code");
    // The attachment is the invoice the provider issued, drawn in full.
    let pdf_text: String = pdf_extract::extract_text_from_mem(&pdf)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "CôngtyTNHHHoaMai".to_string(),
        format!("Số:{}", issued.number),
        format!("MãCQT:{code}"),
        "Tổngcộngtiềnthanhtoán230.000".to_string(),
    ] {
        assert!(pdf_text.contains(&needle), "{needle:?} not in {pdf_text}");
    }
    for needle in [
        "Kính gửi Công ty TNHH Hoa Mai,",
        "Công ty TNHH Cửa hàng Ánh Dương",
        "0100233488",
        &format!("Số hóa đơn:           {}", issued.number),
        "230.000 ₫",
        &format!("Mã của cơ quan thuế:  {code}"),
        "https://hoadondientu.gdt.gov.vn",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    let (headers, _) = split_entity(std::str::from_utf8(&mail[0].data).unwrap());
    assert_eq!(
        decode_words(header(&headers, "from")),
        "Shop Ánh Dương <hoadon@example.vn>"
    );
    assert_eq!(header(&headers, "to"), "ketoan@hoamai.vn");

    let events = emailed_events(&db.pool, &order).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "lan.nguyen");
    assert!(events[0].1.contains("ketoan@hoamai.vn"), "{events:?}");
    assert_eq!(events[0].2["to"], serde_json::json!(["ketoan@hoamai.vn"]));

    // --to sends elsewhere, and is recorded as such; binary PDF bytes arrive intact.
    let mut binary = b"%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n".to_vec();
    binary.extend((0..=255u8).cycle().take(5000));
    sqlx::query("update invoices set pdf = $2 where id = $1")
        .bind(issued.invoice_id)
        .bind(&binary)
        .execute(&db.pool)
        .await
        .unwrap();
    invoice_mail::send(
        &db.pool,
        &mailer(&sim.smtp_config()),
        &seller(),
        &order.to_lowercase(),
        Some("Chị Lan <lan@hoamai.vn>"),
        "lan.nguyen",
    )
    .await
    .unwrap();
    let second = &sim.sent_mail()[1];
    assert_eq!(second.to, vec!["lan@hoamai.vn".to_string()]);
    assert_eq!(read_invoice_mail(&second.data).3, binary);
    assert_eq!(emailed_events(&db.pool, &order).await.len(), 2);
}

#[tokio::test]
async fn a_refused_recipient_is_an_error_and_nothing_is_recorded() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let issued = issued_order(&db.pool, &sim, "MAIL-2", "nobody@hoamai.vn").await;
    sim.reject_recipient("nobody@hoamai.vn");
    let err = invoice_mail::send(
        &db.pool,
        &mailer(&sim.smtp_config()),
        &seller(),
        &issued.order_number,
        None,
        "test",
    )
    .await
    .unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            &err,
            InvoiceMailError::Mail {
                error: MailError::Refused { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        text.contains("refused") && text.contains("550") && text.contains("nobody@hoamai.vn"),
        "{text}"
    );
    assert!(!text.contains('\n'), "one line: {text}");
    assert!(sim.sent_mail().is_empty());
    assert!(
        emailed_events(&db.pool, &issued.order_number)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn no_server_a_wrong_password_and_a_silent_server_are_clear_errors() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let issued = issued_order(&db.pool, &sim, "MAIL-3", "ketoan@hoamai.vn").await;
    let order = issued.order_number.clone();

    // Nothing listening on the port.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let mut cfg = sim.smtp_config();
    cfg.port = Some(port);
    let err = invoice_mail::send(&db.pool, &mailer(&cfg), &seller(), &order, None, "test")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!(
            "cannot connect to the mail server 127.0.0.1:{port}"
        )) && err.contains("connection refused"),
        "{err}"
    );

    // A wrong password: the server's refusal, never the password.
    let mut cfg = sim.smtp_config();
    cfg.password = Some("wrong-password-123".into());
    let err = invoice_mail::send(&db.pool, &mailer(&cfg), &seller(), &order, None, "test")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("refused the log-in of hoadon@example.vn") && err.contains("535"),
        "{err}"
    );
    assert!(!err.contains("wrong-password"), "{err}");

    // A server that accepts the connection and never says a word.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((s, _)) = silent.accept().await {
            open.push(s);
        }
    });
    let mut cfg = sim.smtp_config();
    cfg.port = Some(silent_port);
    let started = std::time::Instant::now();
    let quick = Mailer::with_timeout(&cfg, Duration::from_millis(500)).unwrap();
    let err = invoice_mail::send(&db.pool, &quick, &seller(), &order, None, "test")
        .await
        .unwrap_err()
        .to_string();
    hold.abort();
    assert!(
        err.ends_with(&format!(
            "the mail server 127.0.0.1:{silent_port} did not answer within 0.5 s"
        )),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    assert!(sim.sent_mail().is_empty());
    assert!(emailed_events(&db.pool, &order).await.is_empty());
}

#[tokio::test]
async fn no_buyer_email_no_invoice_and_no_order_are_said_before_connecting() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let issued = issued_order(&db.pool, &sim, "MAIL-4", "").await;
    let m = mailer(&sim.smtp_config());
    let err = invoice_mail::send(&db.pool, &m, &seller(), &issued.order_number, None, "t")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "order {}: the buyer has no email address: pass --to",
            issued.order_number
        )
    );
    let err = invoice_mail::send(
        &db.pool,
        &m,
        &seller(),
        &issued.order_number,
        Some("lan@"),
        "t",
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("\"lan@\" is not an email address"), "{err}");

    // An order without an invoice, and no order at all.
    let plain = match create_order(&db.pool, &common::order("MAIL-5", &[("S0", 1)]), "t")
        .await
        .unwrap()
    {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    };
    let err = invoice_mail::send(&db.pool, &m, &seller(), &plain, Some("a@b.vn"), "t")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("has no issued invoice"), "{err}");
    let err = invoice_mail::send(&db.pool, &m, &seller(), "OD-999999", Some("a@b.vn"), "t")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(err, "no order OD-999999");

    // A stored invoice without its PDF.
    sqlx::query("update invoices set pdf = null where id = $1")
        .bind(issued.invoice_id)
        .execute(&db.pool)
        .await
        .unwrap();
    let err = invoice_mail::send(
        &db.pool,
        &m,
        &seller(),
        &issued.order_number,
        Some("a@b.vn"),
        "t",
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("PDF") && err.contains("orderdeck invoice pdf"),
        "{err}"
    );

    assert!(sim.sent_mail().is_empty());
    assert!(
        emailed_events(&db.pool, &issued.order_number)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_command_sends_with_the_config_file() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim().await;
    let issued = issued_order(&db.pool, &sim, "MAIL-6", "ketoan@hoamai.vn").await;
    let smtp = sim.smtp_config();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[invoicing]\nseller_name = \"Công ty TNHH Cửa hàng Ánh Dương\"\n\
             seller_tax_code = \"0100233488\"\n\n\
             [smtp]\nhost = \"{}\"\nport = {}\nsecurity = \"none\"\nusername = \"{}\"\n\
             from = \"{}\"\nreply_to = \"cskh@example.vn\"\ntimeout_secs = 5\n",
            smtp.host,
            smtp.port.unwrap(),
            smtp.username.as_deref().unwrap(),
            smtp.from
        ),
    )
    .unwrap();
    let run = |args: Vec<String>, password: &str| {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_orderdeck"))
            .arg("--database-url")
            .arg(db.url())
            .args(args)
            .env("ORDERDECK_CONFIG", &config)
            .env("ORDERDECK_LANGUAGE", "en")
            .env("ORDERDECK_SMTP__PASSWORD", password)
            .output()
    };
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = vec![
            "invoice".into(),
            "email".into(),
            issued.order_number.clone(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let out = run(args(&[]), smtp.password.as_deref().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.trim(),
        format!(
            "sent invoice {} to ketoan@hoamai.vn",
            orderdeck_domain::invoice::shown_number(&issued.series, &issued.number)
        )
    );
    let mail = sim.sent_mail();
    assert_eq!(mail.len(), 1);
    let raw = String::from_utf8_lossy(&mail[0].data);
    assert!(raw.contains("Reply-To: cskh@example.vn"), "{raw}");

    // The password from the environment is wrong: one line, exit 1, no password shown.
    let out = run(args(&["--to", "lan@hoamai.vn"]), "not-it-4567")
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("refused the log-in"), "{stderr}");
    assert!(!stderr.contains("not-it-4567"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(sim.sent_mail().len(), 1);
}
