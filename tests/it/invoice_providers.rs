//! The real Viettel S-Invoice and MISA meInvoice adapters against the loopback
//! simulator: every call, every injected fault, wrong credentials, and exactly-once
//! issuing when replies are lost. No database needed.

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt;
use orderdeck_integrations::invoice_provider::{
    Buyer, InvoiceError, InvoiceLine, InvoiceProvider, InvoiceProvidersConfig, InvoiceReference,
    InvoiceRequest, InvoiceTotals, IssuedInvoice, MisaConfig, PaymentMethod, ProviderKind,
    ReferenceKind, SInvoiceConfig, VatRate, new_transaction_uuid,
};
use orderdeck_integrations::invoice_providers::{AnyInvoiceProvider, InvoiceProviders};
use orderdeck_integrations::misa::MisaClient;
use orderdeck_integrations::sinvoice::SInvoiceClient;
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use rust_decimal_macros::dec;

async fn start() -> SimHandle {
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

fn sinvoice(sim: &SimHandle, timeout_ms: u64) -> SInvoiceClient {
    SInvoiceClient::with_timeout(&sim.sinvoice_config(), Duration::from_millis(timeout_ms)).unwrap()
}

fn misa(sim: &SimHandle, timeout_ms: u64) -> MisaClient {
    MisaClient::with_timeout(&sim.misa_config(), Duration::from_millis(timeout_ms)).unwrap()
}

fn both(sim: &SimHandle, timeout_ms: u64) -> [AnyInvoiceProvider; 2] {
    [
        AnyInvoiceProvider::SInvoice(sinvoice(sim, timeout_ms)),
        AnyInvoiceProvider::Misa(misa(sim, timeout_ms)),
    ]
}

fn template(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::SInvoice => "1/001",
        ProviderKind::Misa => "1",
    }
}

/// Two lines (10% and KCT), totals that add up, a company buyer.
pub(crate) fn request(kind: ProviderKind, uuid: &str, series: &str) -> InvoiceRequest {
    InvoiceRequest {
        transaction_uuid: uuid.to_string(),
        template: template(kind).to_string(),
        series: series.to_string(),
        issue_date: chrono::Utc::now().date_naive(),
        seller_tax_code: "0100233488".into(),
        buyer: Buyer {
            company: "Công ty TNHH Hoa Mai".into(),
            tax_code: "0104093672".into(),
            address: "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh".into(),
            email: "ketoan@hoamai.vn".into(),
            name: "Nguyễn Thị Lan".into(),
        },
        payment_method: PaymentMethod::Transfer,
        currency: "VND".into(),
        lines: vec![
            InvoiceLine {
                line_no: 1,
                name: "Áo dài lụa".into(),
                unit: "Cái".into(),
                qty: dec!(2),
                unit_price: dec!(150000),
                vat_rate: VatRate::Ten,
                amount: dec!(300000),
                vat_amount: dec!(30000),
            },
            InvoiceLine {
                line_no: 2,
                name: "Sách hướng dẫn".into(),
                unit: "Quyển".into(),
                qty: dec!(1),
                unit_price: dec!(50000),
                vat_rate: VatRate::Kct,
                amount: dec!(50000),
                vat_amount: dec!(0),
            },
        ],
        totals: InvoiceTotals {
            before_vat: dec!(350000),
            vat: dec!(30000),
            total: dec!(380000),
        },
        total_in_words: "Ba trăm tám mươi nghìn đồng".into(),
        reference: None,
    }
}

#[tokio::test]
async fn every_call_of_both_providers() {
    let sim = start().await;
    for p in both(&sim, 5_000) {
        let kind = p.kind();
        let uuid = new_transaction_uuid();
        let req = request(kind, &uuid, "1C26TAA");

        let draft = p.preview(&req).await.unwrap();
        assert!(!draft.is_empty(), "{kind:?} preview");
        assert_eq!(sim.invoice_count(kind), 0, "a preview issues nothing");

        let issued = p.issue(&req).await.unwrap();
        assert_eq!(issued.transaction_uuid, uuid);
        assert_eq!(issued.series, "1C26TAA", "{kind:?}");
        assert!(!issued.number.is_empty());
        let mcqt = issued
            .tax_authority_code
            .clone()
            .expect("C series has a code");
        assert_eq!(mcqt.len(), 34);
        assert_eq!(sim.invoice_count(kind), 1);

        // What went over the wire.
        let wire = sim.invoice_request(kind, &uuid).unwrap();
        match kind {
            ProviderKind::SInvoice => {
                assert_eq!(wire["generalInvoiceInfo"]["transactionUuid"], uuid.as_str());
                assert_eq!(wire["generalInvoiceInfo"]["invoiceSeries"], "C26TAA");
                assert_eq!(wire["generalInvoiceInfo"]["templateCode"], "1/001");
                assert_eq!(wire["itemInfo"][1]["taxPercentage"], -2);
                assert_eq!(wire["summarizeInfo"]["totalAmountWithTax"], 380000);
                assert_eq!(wire["payments"][0]["paymentMethodName"], "CK");
                assert_eq!(wire["taxBreakdowns"].as_array().unwrap().len(), 2);
                assert!(issued.number.starts_with("C26TAA"), "{}", issued.number);
            }
            ProviderKind::Misa => {
                assert_eq!(wire["RefID"], uuid.as_str());
                assert_eq!(wire["InvSeries"], "1C26TAA");
                assert_eq!(wire["OriginalInvoiceDetail"][0]["VATRateName"], "10%");
                assert_eq!(wire["OriginalInvoiceDetail"][1]["VATRateName"], "KCT");
                assert_eq!(wire["TotalAmountOC"], 380000);
                assert_eq!(issued.number, "00000001");
            }
        }

        let found = p.find(&req).await.unwrap().expect("found by uuid");
        assert_eq!(found.number, issued.number);
        assert_eq!(
            (&found.series, &found.template, &found.tax_authority_code),
            (&issued.series, &issued.template, &issued.tax_authority_code),
            "{kind:?}: found reads as issued"
        );
        assert_eq!(found.series, issued.series);
        assert_eq!(found.tax_authority_code, issued.tax_authority_code);
        assert!(
            p.find(&request(kind, &new_transaction_uuid(), "1C26TAA"))
                .await
                .unwrap()
                .is_none()
        );

        let pdf = p.pdf(&found).await.unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{kind:?} pdf");
        let status = p.status(&issued).await.unwrap();
        assert!(!status.is_empty(), "{kind:?} status");

        // The same uuid again: the provider's duplicate refusal, nothing new.
        let e = p.issue(&req).await.unwrap_err();
        let code = match kind {
            ProviderKind::SInvoice => "TRANSACTION_UUID_DUPLICATE",
            ProviderKind::Misa => "DuplicateInvoiceRefID",
        };
        assert_eq!(e.code(), Some(code), "{e}");
        assert!(matches!(e, InvoiceError::Rejected { .. }), "{e:?}");
        assert!(e.to_string().contains(code), "{e}");
        assert_eq!(sim.invoice_count(kind), 1);

        // A without-code series has no tax-authority code; numbering is per series.
        let k = p
            .issue(&request(kind, &new_transaction_uuid(), "1K26TBB"))
            .await
            .unwrap();
        assert_eq!(k.tax_authority_code, None);

        // A replacement of the first invoice.
        let mut repl = request(kind, &new_transaction_uuid(), "1C26TAA");
        repl.reference = Some(InvoiceReference {
            kind: ReferenceKind::Replacement,
            original_number: issued.number.clone(),
            original_series: issued.series.clone(),
            original_template: issued.template.clone(),
            original_issue_date: req.issue_date,
            reason: "Sai địa chỉ người mua".into(),
        });
        let r = p.issue(&repl).await.unwrap();
        assert_ne!(r.number, issued.number);
        let wire = sim.invoice_request(kind, &repl.transaction_uuid).unwrap();
        match kind {
            ProviderKind::SInvoice => {
                assert_eq!(wire["generalInvoiceInfo"]["adjustmentType"], "3");
                assert_eq!(
                    wire["generalInvoiceInfo"]["originalInvoiceId"],
                    issued.number.as_str()
                );
            }
            ProviderKind::Misa => {
                assert_eq!(wire["ReferenceType"], 1);
                assert_eq!(wire["OrgInvSeries"], "C26TAA");
                assert_eq!(wire["OrgInvTemplateNo"], "1");
            }
        }
        assert_eq!(sim.invoice_count(kind), 3);
    }
}

/// A PDF's text without whitespace, so checks do not depend on how the extractor
/// guesses spaces and line breaks.
fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "{:?}", &pdf[..pdf.len().min(16)]);
    squeeze(&pdf_extract::extract_text_from_mem(pdf).unwrap())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Each expected piece (whitespace aside) is in the text.
fn assert_shows(kind: ProviderKind, text: &str, expected: &[&str]) {
    for e in expected {
        assert!(
            text.contains(&squeeze(e)),
            "{kind:?}: {e:?} not in:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_pdf_of_an_issued_invoice_is_that_invoice() {
    let sim = start().await;
    for p in both(&sim, 5_000) {
        let kind = p.kind();
        let mut req = request(kind, &new_transaction_uuid(), "1C26TAA");
        req.buyer.company = "Công ty TNHH Thương mại Ánh Dương".into();
        // A line priced VAT-inclusive, as orderdeck prices them: 2 × 459.000 at 10%.
        req.lines.push(InvoiceLine {
            line_no: 3,
            name: "Áo sơ mi lụa tơ tằm".into(),
            unit: "Cái".into(),
            qty: dec!(2),
            unit_price: dec!(417272.5),
            vat_rate: VatRate::Ten,
            amount: dec!(834545),
            vat_amount: dec!(83455),
        });
        req.totals = InvoiceTotals {
            before_vat: dec!(1184545),
            vat: dec!(113455),
            total: dec!(1298000),
        };
        req.total_in_words = "Một triệu hai trăm chín mươi tám nghìn đồng".into();
        let issued = p.issue(&req).await.unwrap();
        let code = issued
            .tax_authority_code
            .clone()
            .expect("C series has a code");

        let text = pdf_text(&p.pdf(&issued).await.unwrap());
        assert_shows(
            kind,
            &text,
            &[
                "HÓA ĐƠN GIÁ TRỊ GIA TĂNG",
                "Công ty TNHH Thương mại Ánh Dương",
                "Nguyễn Thị Lan",
                &format!("Số: {}", issued.number),
                "Ký hiệu: 1C26TAA",
                &format!("Mã CQT: {code}"),
                "(người bán theo mã số thuế 0100233488)",
                "Áo sơ mi lụa tơ tằm",
                "Sách hướng dẫn",
                "Chuyển khoản",
                "1.298.000",
                "Một triệu hai trăm chín mươi tám nghìn đồng",
                &format!("Hóa đơn điện tử ký hiệu 1C26TAA số {}", issued.number),
            ],
        );
        assert!(!text.contains(&squeeze("chưa cấp số")), "{kind:?}: {text}");
        assert!(
            !text.contains(&squeeze("Bản xem trước")),
            "{kind:?}: {text}"
        );

        // A sales invoice on a without-code series: its number, no Mã CQT.
        let mut sales = request(kind, &new_transaction_uuid(), "2K26TBB");
        sales.template = match kind {
            ProviderKind::SInvoice => "2/001",
            ProviderKind::Misa => "2",
        }
        .into();
        sales.lines[0].unit_price = dec!(165000);
        sales.lines[0].amount = dec!(330000);
        sales.lines[0].vat_amount = dec!(0);
        sales.totals = InvoiceTotals {
            before_vat: dec!(380000),
            vat: dec!(0),
            total: dec!(380000),
        };
        let k = p.issue(&sales).await.unwrap();
        assert_eq!(k.tax_authority_code, None);
        let text = pdf_text(&p.pdf(&k).await.unwrap());
        assert_shows(
            kind,
            &text,
            &[
                "HÓA ĐƠN BÁN HÀNG",
                "Công ty TNHH Hoa Mai",
                &format!("Số: {}", k.number),
                "Ký hiệu: 2K26TBB",
                "330.000",
                "380.000",
                "Ba trăm tám mươi nghìn đồng",
            ],
        );
        assert!(!text.contains(&squeeze("Mã CQT")), "{kind:?}: {text}");
    }
}

#[tokio::test]
async fn bad_requests_are_refused_before_sending() {
    let sim = start().await;
    for p in both(&sim, 5_000) {
        let kind = p.kind();
        let mut req = request(kind, &new_transaction_uuid(), "1C26TAA");
        req.totals.total = dec!(380001);
        let e = p.issue(&req).await.unwrap_err();
        assert!(e.to_string().contains("not sent"), "{e}");
        let mut req = request(kind, "short", "1C26TAA");
        let e = p.issue(&req).await.unwrap_err();
        assert!(e.to_string().contains("10 to 36"), "{e}");
        req.transaction_uuid = new_transaction_uuid();
        req.lines[0].vat_amount = dec!(30000.5);
        req.totals.vat = dec!(30000.5);
        req.totals.total = dec!(380000.5);
        let e = p.issue(&req).await.unwrap_err();
        assert!(e.to_string().contains("whole number of đồng"), "{e}");
        assert_eq!(sim.invoice_count(kind), 0);
    }
}

#[tokio::test]
async fn wrong_credentials_are_auth_errors() {
    let sim = start().await;
    let mut s = sim.sinvoice_config();
    s.password = "wrong-password".into();
    let e = SInvoiceClient::new(&s)
        .unwrap()
        .find(&request(
            ProviderKind::SInvoice,
            &new_transaction_uuid(),
            "1C26TAA",
        ))
        .await
        .unwrap_err();
    assert!(matches!(e, InvoiceError::Auth { .. }), "{e:?}");
    assert!(e.to_string().contains("bad credentials"), "{e}");
    assert!(!e.to_string().contains("wrong-password"), "{e}");

    let mut m = sim.misa_config();
    m.password = "wrong-password".into();
    let e = MisaClient::new(&m)
        .unwrap()
        .find(&request(ProviderKind::Misa, "x-uuid-0000001", "1C26TAA"))
        .await
        .unwrap_err();
    assert!(matches!(e, InvoiceError::Auth { .. }), "{e:?}");
    assert!(e.to_string().contains("UnAuthorize"), "{e}");

    let mut m = sim.misa_config();
    m.app_id = "not-our-app".into();
    let e = MisaClient::new(&m)
        .unwrap()
        .find(&request(ProviderKind::Misa, "x-uuid-0000001", "1C26TAA"))
        .await
        .unwrap_err();
    assert!(matches!(e, InvoiceError::Auth { .. }), "{e:?}");
    assert!(e.to_string().contains("InvalidAppID"), "{e}");
}

#[tokio::test]
async fn expired_tokens_mean_logging_in_again() {
    let sim = start().await;
    for p in both(&sim, 5_000) {
        let kind = p.kind();
        assert!(
            p.find(&request(kind, &new_transaction_uuid(), "1C26TAA"))
                .await
                .unwrap()
                .is_none()
        );
        sim.expire_invoice_tokens(kind);
        let issued = p
            .issue(&request(kind, &new_transaction_uuid(), "1C26TAA"))
            .await
            .unwrap();
        assert!(!issued.number.is_empty());
    }
}

#[tokio::test]
async fn configuration() {
    let none = InvoiceProviders::new(&InvoiceProvidersConfig::default()).unwrap();
    assert!(none.configured().is_empty());
    for kind in ProviderKind::ALL {
        let e = none.get(kind).unwrap_err();
        assert!(matches!(e, InvoiceError::NotConfigured { .. }), "{e:?}");
        assert!(e.to_string().contains("[invoices."), "{e}");
    }
    let sim = start().await;
    let all = InvoiceProviders::new(&sim.invoice_providers_config()).unwrap();
    assert_eq!(all.configured(), ProviderKind::ALL.to_vec());
    assert_eq!(
        all.get(ProviderKind::Misa).unwrap().kind(),
        ProviderKind::Misa
    );

    let bad = SInvoiceConfig {
        base_url: "ftp://x".into(),
        ..sim.sinvoice_config()
    };
    assert!(matches!(
        SInvoiceClient::new(&bad).unwrap_err(),
        InvoiceError::NotConfigured { .. }
    ));
    let blank = MisaConfig {
        app_id: " ".into(),
        ..sim.misa_config()
    };
    assert!(matches!(
        MisaClient::new(&blank).unwrap_err(),
        InvoiceError::NotConfigured { .. }
    ));

    let cfg: InvoiceProvidersConfig = toml::from_str(
        r#"
        [sinvoice]
        base_url = "https://api-vinvoice.viettel.vn/services/einvoiceapplication/api"
        username = "0100233488"
        password = "very-secret-password-1234"
        supplier_tax_code = "0100233488"
        [misa]
        base_url = "https://testapi.meinvoice.vn/api/integration"
        app_id = "app-id-secret-9876"
        tax_code = "0100233488"
        username = "u"
        password = "another-secret-5555"
        timeout_secs = 60
        "#,
    )
    .unwrap();
    let shown = format!("{cfg:?}");
    for secret in ["very-secret-password", "app-id-secret", "another-secret"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("****1234"), "{shown}");
    assert!(toml::from_str::<InvoiceProvidersConfig>("[misa]\nbogus = 1\n").is_err());
}

/// Each fault, on the issue call, for both providers: the exact error and a clear message.
#[tokio::test]
async fn every_fault_becomes_the_right_error() {
    let sim = start().await;
    let faults = sim.faults();
    for p in both(&sim, 400) {
        let kind = p.kind();
        // Log in first, so the faults below hit the issue call.
        assert!(
            p.find(&request(kind, &new_transaction_uuid(), "1C26TAA"))
                .await
                .unwrap()
                .is_none()
        );
        let path = match kind {
            ProviderKind::SInvoice => "createInvoice",
            ProviderKind::Misa => "/api/integration/invoice",
        };
        let set = |change: &dyn Fn(&mut FaultSpec)| {
            let mut spec = FaultSpec {
                provider: Some(kind),
                path_contains: Some(path.into()),
                delay_ms: 1_500,
                ..FaultSpec::default()
            };
            change(&mut spec);
            faults.set(spec);
        };
        let label = match kind {
            ProviderKind::SInvoice => "Viettel S-Invoice",
            ProviderKind::Misa => "MISA meInvoice",
        };
        let issue = || async {
            p.issue(&request(kind, &new_transaction_uuid(), "1C26TAA"))
                .await
        };
        // One clean issue first: the faults below are meant for the publish call, not
        // for the log-in or MISA's certificate list that a fresh client makes once.
        issue().await.unwrap();

        set(&|s| s.timeout = Trigger::next(1));
        let e = issue().await.unwrap_err();
        assert_eq!(e, InvoiceError::Timeout { provider: label });
        assert!(e.outcome_unknown());
        assert_eq!(e.to_string(), format!("{label} did not answer in time"));

        set(&|s| s.http_500 = Trigger::next(1));
        let e = issue().await.unwrap_err();
        assert_eq!(
            e,
            InvoiceError::Unavailable {
                provider: label,
                status: 500
            }
        );
        assert!(e.to_string().contains("HTTP 500"), "{e}");

        set(&|s| s.http_503 = Trigger::next(1));
        let e = issue().await.unwrap_err();
        assert_eq!(
            e,
            InvoiceError::Unavailable {
                provider: label,
                status: 503
            }
        );

        set(&|s| s.rate_limit = Trigger::next(1));
        let e = issue().await.unwrap_err();
        assert_eq!(
            e,
            InvoiceError::RateLimited {
                provider: label,
                retry_after_secs: 3
            }
        );
        assert!(e.to_string().contains("try again in 3 s"), "{e}");
        assert!(!e.outcome_unknown());

        let before = sim.invoice_count(kind);
        set(&|s| s.malformed = Trigger::next(1));
        let e = issue().await.unwrap_err();
        assert!(matches!(e, InvoiceError::Malformed { .. }), "{e:?}");
        assert!(e.to_string().contains("not JSON"), "{e}");
        assert!(e.outcome_unknown());
        assert_eq!(
            sim.invoice_count(kind),
            before + 1,
            "carried out, reply cut"
        );

        set(&|s| s.accept_then_timeout = Trigger::next(1));
        let uuid = new_transaction_uuid();
        let e = p.issue(&request(kind, &uuid, "1C26TAA")).await.unwrap_err();
        assert_eq!(e, InvoiceError::Timeout { provider: label });
        assert_eq!(
            sim.invoice_count(kind),
            before + 2,
            "stored though the reply was lost"
        );
        let lost = request(kind, &uuid, "1C26TAA");
        let found = p.find(&lost).await.unwrap().expect("recovered by uuid");
        assert_eq!(found.transaction_uuid, uuid);
        // Recovered, it reads as one issued in one go: the whole symbol, the template,
        // the tax-authority code, and its PDF (asked for with the template).
        assert_eq!(found.series, "1C26TAA", "{kind:?}");
        assert_eq!(found.template, lost.template.trim(), "{kind:?}");
        assert_eq!(
            found.tax_authority_code.as_deref().map(str::len),
            Some(34),
            "{kind:?}: {found:?}"
        );
        let pdf = p.pdf(&found).await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{kind:?}");

        // Faults on the read calls too.
        faults.set(FaultSpec {
            provider: Some(kind),
            http_503: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = p.find(&lost).await.unwrap_err();
        assert_eq!(
            e,
            InvoiceError::Unavailable {
                provider: label,
                status: 503
            }
        );
        faults.set(FaultSpec {
            provider: Some(kind),
            malformed: Trigger::next(1),
            ..FaultSpec::default()
        });
        assert!(matches!(
            p.pdf(&found).await.unwrap_err(),
            InvoiceError::Malformed { .. }
        ));
        faults.clear();
        assert!(p.pdf(&found).await.unwrap().starts_with(b"%PDF"));
    }
}

#[tokio::test]
async fn provider_filter_keeps_faults_to_one_provider_over_http() {
    let sim = start().await;
    let http = reqwest::Client::new();
    let reply = http
        .post(format!("http://{}/_sim/faults", sim.addr))
        .body(r#"{"provider":"misa","http_503":{"next":5}}"#)
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success());
    let s = sinvoice(&sim, 5_000);
    let m = misa(&sim, 5_000);
    let unknown = |kind| request(kind, &new_transaction_uuid(), "1C26TAA");
    assert!(
        s.find(&unknown(ProviderKind::SInvoice))
            .await
            .unwrap()
            .is_none()
    );
    let e = m.find(&unknown(ProviderKind::Misa)).await.unwrap_err();
    assert!(
        matches!(e, InvoiceError::Unavailable { status: 503, .. }),
        "{e:?}"
    );
    // A carrier-only spec leaves the invoice providers alone.
    sim.faults().set(FaultSpec {
        carrier: Some(orderdeck_integrations::carrier::CarrierKind::Ghn),
        http_500: Trigger::always(),
        ..FaultSpec::default()
    });
    assert!(
        m.find(&request(
            ProviderKind::Misa,
            &new_transaction_uuid(),
            "1C26TAA"
        ))
        .await
        .unwrap()
        .is_none()
    );
}

/// Odoo's pattern: the uuid is fixed before the first call; after an unknown outcome,
/// find first and issue again (same uuid) only when nothing is there.
/// Also says whether a reply was lost on the way.
async fn issue_exactly_once<P: InvoiceProvider>(
    p: &P,
    req: &InvoiceRequest,
) -> (IssuedInvoice, bool) {
    let mut unknown = false;
    for _ in 0..30 {
        if unknown {
            match p.find(req).await {
                Ok(Some(found)) => return (found, true),
                Ok(None) => {}
                Err(e) if e.is_transient() || e.outcome_unknown() => continue,
                Err(e) => panic!("find failed: {e}"),
            }
        }
        match p.issue(req).await {
            Ok(issued) => return (issued, unknown),
            Err(e) if e.outcome_unknown() => unknown = true,
            Err(e) => panic!("issue refused: {e}"),
        }
    }
    panic!("no invoice for {} after 30 tries", req.transaction_uuid);
}

async fn exactly_once(kind: ProviderKind, series_for: fn(usize) -> String) {
    const N: usize = 500;
    let sim = start().await;
    sim.faults().set(FaultSpec {
        provider: Some(kind),
        delay_ms: 700,
        accept_then_timeout: Trigger::probability(0.6),
        ..FaultSpec::default()
    });
    let client = match kind {
        ProviderKind::SInvoice => AnyInvoiceProvider::SInvoice(sinvoice(&sim, 250)),
        ProviderKind::Misa => AnyInvoiceProvider::Misa(misa(&sim, 250)),
    };
    let requests: Vec<InvoiceRequest> = (0..N)
        .map(|i| request(kind, &new_transaction_uuid(), &series_for(i)))
        .collect();
    let results: Vec<(IssuedInvoice, bool)> = futures::stream::iter(requests.iter())
        .map(|req| {
            let client = client.clone();
            async move { issue_exactly_once(&client, req).await }
        })
        .buffer_unordered(25)
        .collect()
        .await;
    let lost = results.iter().filter(|(_, lost)| *lost).count();
    assert!(lost > N / 3, "only {lost} replies were lost");
    let issued: Vec<IssuedInvoice> = results.into_iter().map(|(i, _)| i).collect();
    assert_eq!(issued.len(), N);
    assert_eq!(sim.invoice_count(kind), N, "exactly one invoice per uuid");
    let uuids: HashSet<_> = issued.iter().map(|i| i.transaction_uuid.clone()).collect();
    assert_eq!(uuids.len(), N);
    let numbers: HashSet<_> = issued
        .iter()
        .map(|i| (i.series.clone(), i.number.clone()))
        .collect();
    assert_eq!(numbers.len(), N, "no number given twice");
    for req in &requests {
        assert!(sim.invoice_request(kind, &req.transaction_uuid).is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sinvoice_issues_exactly_once_when_replies_are_lost() {
    exactly_once(ProviderKind::SInvoice, |_| "1C26TAA".to_string()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misa_issues_exactly_once_when_replies_are_lost() {
    // 25 series so the per-series queue does not make the test serial.
    exactly_once(ProviderKind::Misa, |i| {
        format!("1C26T{}{}", char::from(b'A' + (i % 25) as u8), 'Z')
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misa_same_series_issues_are_serialised_and_consecutive() {
    let sim = start().await;
    let client = misa(&sim, 5_000);
    let issued: Vec<IssuedInvoice> = futures::stream::iter(0..30)
        .map(|_| {
            let client = client.clone();
            async move {
                client
                    .issue(&request(
                        ProviderKind::Misa,
                        &new_transaction_uuid(),
                        "1C26TQQ",
                    ))
                    .await
                    .unwrap()
            }
        })
        .buffer_unordered(30)
        .collect()
        .await;
    let mut numbers: Vec<u64> = issued.iter().map(|i| i.number.parse().unwrap()).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=30).collect::<Vec<u64>>());
    assert_eq!(sim.invoice_count(ProviderKind::Misa), 30);
}

/// Without the per-series queue (separate clients, separate locks) MISA refuses
/// overlapping publishes on one series: what the queue is for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misa_refuses_overlapping_publishes_without_the_queue() {
    let sim = start().await;
    let results: Vec<Result<IssuedInvoice, InvoiceError>> = futures::stream::iter(0..30)
        .map(|_| {
            let client = misa(&sim, 5_000);
            async move {
                client
                    .issue(&request(
                        ProviderKind::Misa,
                        &new_transaction_uuid(),
                        "1C26TOO",
                    ))
                    .await
            }
        })
        .buffer_unordered(30)
        .collect()
        .await;
    let refused = results
        .iter()
        .filter(|r| {
            r.as_ref()
                .is_err_and(|e| e.code() == Some("InvoiceNumberNotCotinuous"))
        })
        .count();
    assert!(refused > 0, "no overlap caught");
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok + refused, 30);
    assert_eq!(sim.invoice_count(ProviderKind::Misa), ok);
}

#[test]
fn base64_round_trip() {
    use orderdeck_integrations::invoice_provider::{base64_decode, base64_encode};
    for s in ["", "a", "ab", "abc", "abcd", "%PDF-1.4 hoá đơn"] {
        let e = base64_encode(s.as_bytes());
        assert_eq!(base64_decode(&e).unwrap(), s.as_bytes(), "{e}");
    }
    assert_eq!(base64_encode(b"Man"), "TWFu");
    assert_eq!(base64_encode(b"Ma"), "TWE=");
    assert!(base64_decode("TW!u").is_none());
}

#[test]
fn uuids_symbols_and_rates() {
    use orderdeck_integrations::invoice_provider::{
        json_amount, series_has_authority_code, symbol_parts,
    };
    let u = new_transaction_uuid();
    assert_eq!(u.len(), 36);
    assert_eq!(&u[14..15], "4");
    assert_ne!(u, new_transaction_uuid());
    assert_eq!(
        symbol_parts("1C26TAA", "1/001"),
        ("1".into(), "C26TAA".into())
    );
    assert_eq!(
        symbol_parts("K26TAA", "2/001"),
        ("2".into(), "K26TAA".into())
    );
    assert!(series_has_authority_code("1C26TAA"));
    assert!(!series_has_authority_code("1K26TAA"));
    assert_eq!(VatRate::parse("10%").ok(), Some(VatRate::Ten));
    assert_eq!(VatRate::parse("kct").ok(), Some(VatRate::Kct));
    assert_eq!(VatRate::Kkknt.viettel_percentage(), -1);
    assert_eq!(VatRate::Eight.misa_name(), "8%");
    assert_eq!(json_amount(dec!(380000.00)), serde_json::json!(380000));
    assert_eq!(json_amount(dec!(1.5)), serde_json::json!(1.5));
    assert_eq!(ProviderKind::parse("MISA"), Some(ProviderKind::Misa));
    assert_eq!(ProviderKind::SInvoice.code(), "sinvoice");
}

/// MISA signs with a named HSM certificate (`CertificateSN`, required with SignType 2):
/// the account's only one is found by listing them; with two and none configured,
/// nothing is issued and the message names both; a configured serial is the one sent;
/// a serial MISA does not know is refused. The tax-authority code of a with-code series
/// is read from `/invoice/status` and kept.
#[tokio::test]
async fn misa_signs_with_a_named_certificate_and_keeps_the_tax_authority_code() {
    let sim = start().await;
    let kind = ProviderKind::Misa;
    let uuid = new_transaction_uuid();
    let issued = misa(&sim, 5_000)
        .issue(&request(kind, &uuid, "1C26TAA"))
        .await
        .unwrap();
    let code = issued
        .tax_authority_code
        .clone()
        .expect("a C series has a code");
    let found = misa(&sim, 5_000)
        .find(&request(kind, &uuid, "1C26TAA"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.tax_authority_code.as_deref(), Some(code.as_str()));

    sim.add_misa_certificate("6F00AA11BB22CC33DD44EE55FF667788");
    let before = sim.invoice_count(kind);
    let e = misa(&sim, 5_000)
        .issue(&request(kind, &new_transaction_uuid(), "1C26TAA"))
        .await
        .unwrap_err();
    let text = e.to_string();
    assert!(
        matches!(e, InvoiceError::NotConfigured { .. })
            && text.contains("6F00AA11BB22CC33DD44EE55FF667788")
            && text.contains("certificate_sn"),
        "{text}"
    );
    assert_eq!(sim.invoice_count(kind), before, "nothing issued");

    let chosen = MisaConfig {
        certificate_sn: Some("6F00AA11BB22CC33DD44EE55FF667788".into()),
        ..sim.misa_config()
    };
    let client = MisaClient::with_timeout(&chosen, Duration::from_millis(5_000)).unwrap();
    client
        .issue(&request(kind, &new_transaction_uuid(), "1C26TAA"))
        .await
        .unwrap();
    assert_eq!(sim.invoice_count(kind), before + 1);

    let unknown = MisaConfig {
        certificate_sn: Some("0000".into()),
        ..sim.misa_config()
    };
    let client = MisaClient::with_timeout(&unknown, Duration::from_millis(5_000)).unwrap();
    let e = client
        .issue(&request(kind, &new_transaction_uuid(), "1C26TAA"))
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("InvalidCertByRegistration")
            || matches!(&e, InvoiceError::Rejected { code: Some(c), .. } if c == "InvalidCertByRegistration"),
        "{e:?}"
    );
    assert_eq!(sim.invoice_count(kind), before + 1);
}
