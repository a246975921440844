//! What providers answer, read by the real HTTP clients.
//!
//! The reply readers live inside the clients' methods (and the marketplaces' `replies`
//! modules are private), so rather than reach in, each target points a fresh client at a
//! loopback server that answers with the fuzz input, and calls the methods the app calls.
//! Everything from status checks through envelopes, refusals, token handling and the
//! decoding into our types is then the code that runs in production.
//!
//! The server answers every request with HTTP 200, `content-type: application/json` and
//! a body from the input. An input is one or more bodies separated by a line `---`
//! (`\n---\n`, which no JSON text contains outside a string, and a JSON string cannot hold
//! a raw line break): the first API path asked in an execution gets the first body, the
//! second distinct path the second, and so on; the last body answers every path beyond.
//! A single-body input is simply "every request gets this". Keyed by path rather than by
//! request, so calls a client makes at once (Lazada reads order headers eight at a time)
//! get the same answers whatever order they arrive in, and asking again gives the same
//! answer, as a real server would.
//!
//! Log-ins are not special-cased: a client that logs in first (Viettel Post, S-Invoice,
//! MISA) reads its log-in reply from the input too, so the first body of their seeds is a
//! valid log-in reply and the token readers are fuzzed along with the rest. Each execution
//! builds its clients anew — no cached token, certificate or listed order carries over —
//! so an input always takes the same path through the code.
//!
//! The `expect`s below are on constant configurations and the server's own setup, never
//! on input: one failing is a broken harness, not a finding.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use orderdeck_domain::places::Located;
use orderdeck_integrations::carrier::{
    Carrier, GhnConfig, ParcelAction, ParcelItem, ParcelRequest, Party, Payer, RequiredNote,
    Service, ViettelPostConfig,
};
use orderdeck_integrations::ghn::GhnClient;
use orderdeck_integrations::invoice_provider::{
    Buyer, InvoiceLine, InvoiceProvider, InvoiceRequest, InvoiceTotals, IssuedInvoice, MisaConfig,
    PaymentMethod, SInvoiceConfig, VatRate,
};
use orderdeck_integrations::marketplace::lazada::{LazadaClient, LazadaConfig};
use orderdeck_integrations::marketplace::shopee::{ShopeeClient, ShopeeConfig};
use orderdeck_integrations::marketplace::tiktok::{TikTokClient, TikTokConfig};
use orderdeck_integrations::marketplace::{
    ChannelKind, MemoryTokenStore, RetryPolicy, SalesChannel, Secret, StockPush, TimeRange,
    TokenKeeper, TokenPair,
};
use orderdeck_integrations::misa::MisaClient;
use orderdeck_integrations::sinvoice::SInvoiceClient;
use orderdeck_integrations::viettel_post::ViettelPostClient;
use rust_decimal::Decimal;

/// Between the bodies of one input.
pub const SEPARATOR: &[u8] = b"\n---\n";

/// Far above a loopback answer: a call that hits it is a hang worth seeing, not noise.
const TIMEOUT: Duration = Duration::from_secs(5);

/// At most this many order ids go from a listing to a detail call: two of Shopee's and
/// Lazada's batches of 50, enough to cross a batch boundary, bounded for any input.
const MAX_DETAIL_IDS: usize = 60;

/// The bodies of the execution in progress and the paths asked so far, in order.
struct Script {
    bodies: Vec<Vec<u8>>,
    paths: Vec<String>,
}

static SCRIPT: Mutex<Script> = Mutex::new(Script {
    bodies: Vec::new(),
    paths: Vec::new(),
});

/// One execution at a time: the script is global (callers may be test threads).
static TURN: Mutex<()> = Mutex::new(());

/// A lock whose holder panicked is still good here: the panic was the finding, and the
/// next execution sets everything it reads anew.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Where the loopback server listens; started on first use, for the whole process.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        crate::runtime().block_on(async {
            // Setup, not input: without the server no reply target can run.
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a loopback port for the fuzz server");
            let addr = listener.local_addr().expect("the fuzz server's address");
            let app = axum::Router::new().fallback(answer);
            tokio::spawn(async move {
                // Serves until the process ends; an error here ends only the serving.
                let _ = axum::serve(listener, app).await;
            });
            addr
        })
    })
}

/// Every request: 200, JSON, the body for its path (see the module notes).
async fn answer(uri: Uri) -> Response {
    let body = {
        let mut script = lock(&SCRIPT);
        let path = uri.path();
        let index = match script.paths.iter().position(|p| p == path) {
            Some(i) => i,
            None => {
                script.paths.push(path.to_string());
                script.paths.len() - 1
            }
        };
        script
            .bodies
            .get(index)
            .or(script.bodies.last())
            .cloned()
            .unwrap_or_default()
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// The bodies of an input: split at every [`SEPARATOR`]; never none.
pub fn bodies(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        out.push(rest[..at].to_vec());
        rest = &rest[at + SEPARATOR.len()..];
    }
    out.push(rest.to_vec());
    out
}

/// Runs `calls` against the server answering with `data`; `calls` gets the server's
/// `http://127.0.0.1:PORT`.
fn exchange<F, Fut>(data: &[u8], calls: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()>,
{
    let addr = server();
    let _turn = lock(&TURN);
    {
        let mut script = lock(&SCRIPT);
        script.bodies = bodies(data);
        script.paths.clear();
    }
    crate::runtime().block_on(calls(format!("http://{addr}")));
}

// ------------------------------------------------------------------------------------
// Carriers

/// GHN (`ghn.rs`): fee quote, create (with its look-up after a duplicate), tracking and a
/// cancel.
pub fn ghn(data: &[u8]) {
    exchange(data, |base| async move {
        let cfg = GhnConfig {
            base_url: format!("{base}/shiip/public-api"),
            token: "fuzz-ghn-token".into(),
            shop_id: 885,
            timeout_secs: None,
            pick_shift: Some(vec![2]),
        };
        let client = GhnClient::with_timeout(&cfg, TIMEOUT).expect("the GHN fuzz config is valid");
        // No sender place: the route's service look-up (`available-services`, which falls
        // back quietly on any error) would come before the fee and create replies this
        // target is for.
        let req = parcel(Some(ghn_place()));
        trace("quote", &client.quote(&req).await);
        trace("create", &client.create(&req).await);
        trace("track", &client.track("GHNFUZZ01").await);
        trace("act", &client.act("GHNFUZZ01", ParcelAction::Cancel).await);
    });
}

/// Viettel Post (`viettel_post.rs`): both log-in steps, the price list behind a quote,
/// create, and the status history.
pub fn viettel_post(data: &[u8]) {
    exchange(data, |base| async move {
        let cfg = ViettelPostConfig {
            base_url: base,
            username: "0900000000".into(),
            password: "fuzz-password".into(),
            group_address_id: Some(5_818_802),
            customer_id: Some(722),
            timeout_secs: None,
        };
        let client = ViettelPostClient::with_timeout(&cfg, TIMEOUT)
            .expect("the Viettel Post fuzz config is valid");
        let req = parcel(None);
        trace("quote", &client.quote(&req).await);
        trace("create", &client.create(&req).await);
        trace("track", &client.track("1840000001").await);
    });
}

/// With `ORDERDECK_FUZZ_TRACE` set, what each call returned, on stderr: to see how far
/// a new seed gets (`ORDERDECK_FUZZ_SECS=0 ORDERDECK_FUZZ_TARGETS=ghn cargo test -p
/// orderdeck-fuzz -- --nocapture`).
fn trace<T: std::fmt::Debug>(call: &str, result: &T) {
    if std::env::var_os("ORDERDECK_FUZZ_TRACE").is_some() {
        eprintln!("  {call}: {result:?}");
    }
}

/// A two-item parcel with COD, as a packed order makes one.
fn parcel(receiver_place: Option<Located>) -> ParcelRequest {
    let party = |name: &str, ward: &str, district: &str, province: &str| Party {
        name: name.into(),
        phone: "0912345678".into(),
        address: "12 Lê Lợi".into(),
        ward: ward.into(),
        district: district.into(),
        province: province.into(),
    };
    ParcelRequest {
        client_order_code: "OD-FUZZ-0001".into(),
        service: Service::Express,
        sender: party(
            "Shop Hoa Mai",
            "Phường Hàng Bạc",
            "Quận Hoàn Kiếm",
            "Hà Nội",
        ),
        receiver: party(
            "Nguyễn Thị Lan",
            "Phường Bến Nghé",
            "Quận 1",
            "TP. Hồ Chí Minh",
        ),
        cod_amount: Decimal::from(350_000),
        goods_value: Decimal::from(320_000),
        payer: Payer::Buyer,
        weight_grams: 800,
        length_cm: 30,
        width_cm: 20,
        height_cm: 10,
        required_note: RequiredNote::MayLook,
        note: "Gọi trước khi giao".into(),
        items: vec![
            ParcelItem {
                name: "Áo thun basic trắng S".into(),
                code: "AT-W-S".into(),
                qty: 2,
                price: Decimal::from(120_000),
            },
            ParcelItem {
                name: "Quần short kaki".into(),
                code: "QS-K-M".into(),
                qty: 1,
                price: Decimal::from(80_000),
            },
        ],
        receiver_place,
        sender_place: None,
    }
}

fn ghn_place() -> Located {
    Located {
        province_id: "202".into(),
        province: "Hồ Chí Minh".into(),
        district_id: "1442".into(),
        district: "Quận 1".into(),
        ward_id: "20109".into(),
        ward: "Phường Bến Nghé".into(),
    }
}

// ------------------------------------------------------------------------------------
// E-invoice providers

/// Viettel S-Invoice (`sinvoice.rs`): log-in, issue, and the look-up after a lost reply,
/// which for a series with a tax-authority code also reads the invoice's ZIP.
pub fn sinvoice(data: &[u8]) {
    exchange(data, |base| async move {
        let cfg = SInvoiceConfig {
            base_url: format!("{base}/services/einvoiceapplication/api"),
            username: "0100233488".into(),
            password: "fuzz-password".into(),
            supplier_tax_code: "0100233488".into(),
            timeout_secs: None,
        };
        let client = SInvoiceClient::with_timeout(&cfg, TIMEOUT)
            .expect("the S-Invoice fuzz config is valid");
        let req = invoice("1/001");
        trace("issue", &client.issue(&req).await);
        trace("find", &client.find(&req).await);
        trace("status", &client.status(&issued(&req)).await);
    });
}

/// MISA meInvoice (`misa.rs`): log-in, the certificate list, publish, and the status
/// look-ups behind find and status. Preview is left out on purpose: it fetches the view
/// link the reply names, and a fuzzed link may point off this machine.
pub fn misa(data: &[u8]) {
    exchange(data, |base| async move {
        let cfg = MisaConfig {
            base_url: format!("{base}/api/integration"),
            app_id: "fuzz-app-id".into(),
            tax_code: "0100233488".into(),
            username: "fuzz@example.vn".into(),
            password: "fuzz-password".into(),
            certificate_sn: None,
            timeout_secs: None,
        };
        let client =
            MisaClient::with_timeout(&cfg, TIMEOUT).expect("the MISA fuzz config is valid");
        let req = invoice("1");
        trace("issue", &client.issue(&req).await);
        trace("find", &client.find(&req).await);
        trace("status", &client.status(&issued(&req)).await);
    });
}

/// The invoice XML inside the ZIP a provider hands back (`invoice_xml.rs`), read
/// directly: a hostile archive (bombs, nesting, broken entries) must be refused.
pub fn invoice_xml(data: &[u8]) {
    trace(
        "authority_code",
        &orderdeck_integrations::invoice_xml::authority_code(data),
    );
}

/// Two lines (10% and KCT) whose totals add up, in a series with a tax-authority code.
fn invoice(template: &str) -> InvoiceRequest {
    let line = |no: u32, name: &str, qty: i64, price: i64, rate: VatRate, vat: i64| InvoiceLine {
        line_no: no,
        name: name.into(),
        unit: "Cái".into(),
        qty: Decimal::from(qty),
        unit_price: Decimal::from(price),
        vat_rate: rate,
        amount: Decimal::from(qty * price),
        vat_amount: Decimal::from(vat),
    };
    InvoiceRequest {
        transaction_uuid: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
        template: template.into(),
        series: "1C26TAA".into(),
        issue_date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default(),
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
            line(1, "Áo dài lụa", 2, 150_000, VatRate::Ten, 30_000),
            line(2, "Sách hướng dẫn", 1, 50_000, VatRate::Kct, 0),
        ],
        totals: InvoiceTotals {
            before_vat: Decimal::from(350_000),
            vat: Decimal::from(30_000),
            total: Decimal::from(380_000),
        },
        total_in_words: "Ba trăm tám mươi nghìn đồng".into(),
        reference: None,
    }
}

fn issued(req: &InvoiceRequest) -> IssuedInvoice {
    IssuedInvoice {
        number: "C26TAA0000001".into(),
        series: req.series.clone(),
        template: req.template.clone(),
        tax_authority_code: None,
        transaction_uuid: req.transaction_uuid.clone(),
        issued_at: Utc::now(),
    }
}

// ------------------------------------------------------------------------------------
// Marketplaces

/// Shopee (`marketplace/shopee.rs` and its `replies.rs`): the order list, the details of
/// what it listed, a stock push, and a token refresh.
pub fn shopee(data: &[u8]) {
    exchange(data, |base| async move {
        let client =
            ShopeeClient::with_timeout(&shopee_config(&base), keeper(ChannelKind::Shopee), TIMEOUT)
                .expect("the Shopee fuzz config is valid")
                .with_retry(RetryPolicy::NEVER);
        sync(&client, "2401015NQCJB2F").await;
    });
}

/// Lazada (`marketplace/lazada.rs`): `/orders/get`, the items of the orders it listed
/// (their headers come from the listing), a stock push, and a token refresh.
pub fn lazada(data: &[u8]) {
    exchange(data, |base| async move {
        let client =
            LazadaClient::with_timeout(&lazada_config(&base), keeper(ChannelKind::Lazada), TIMEOUT)
                .expect("the Lazada fuzz config is valid")
                .with_retry(RetryPolicy::NEVER);
        sync(&client, "480133204012345").await;
    });
}

/// TikTok Shop (`marketplace/tiktok.rs`): order search, order details, a stock push
/// (which reads the product first), a token refresh, and the authorised-shops list.
pub fn tiktok(data: &[u8]) {
    exchange(data, |base| async move {
        let client =
            TikTokClient::with_timeout(&tiktok_config(&base), keeper(ChannelKind::TikTok), TIMEOUT)
                .expect("the TikTok Shop fuzz config is valid")
                .with_retry(RetryPolicy::NEVER);
        sync(&client, "576461413038785752").await;
        trace("authorized_shops", &client.authorized_shops().await);
    });
}

/// What channel sync does with a shop, in its order: list, read the details of what was
/// listed (or of `fallback_id` when nothing was), push stock, refresh the tokens.
async fn sync(client: &impl SalesChannel, fallback_id: &str) {
    let now = Utc::now();
    let range = TimeRange {
        from: now - chrono::Duration::days(1),
        to: now,
    };
    let listed = client.orders_changed(range, None).await;
    trace("orders_changed", &listed);
    let mut ids: Vec<String> = match listed {
        Ok(page) => page.orders.into_iter().map(|o| o.external_id).collect(),
        Err(_) => Vec::new(),
    };
    ids.truncate(MAX_DETAIL_IDS);
    if ids.is_empty() {
        ids.push(fallback_id.to_string());
    }
    trace("order_details", &client.order_details(&ids).await);
    let push = StockPush {
        item_id: "1729384756".into(),
        sku_id: "2000000001".into(),
        sku: "AT-W-S".into(),
        qty: 12,
    };
    trace("push_stock", &client.push_stock(&[push]).await);
    trace("refresh_tokens", &client.refresh_tokens().await);
}

/// A shop authorised a minute ago: calls go straight out, no refresh first.
fn keeper(kind: ChannelKind) -> Arc<TokenKeeper> {
    let now = Utc::now();
    let pair = TokenPair {
        access_token: Secret::new("fuzz-access-token"),
        refresh_token: Secret::new("fuzz-refresh-token"),
        access_expires_at: now + chrono::Duration::hours(4),
        refresh_expires_at: Some(now + chrono::Duration::days(30)),
    };
    TokenKeeper::new(kind, "fuzz-shop", Some(pair), MemoryTokenStore::new())
}

pub(crate) fn shopee_config(base: &str) -> ShopeeConfig {
    ShopeeConfig {
        base_url: base.to_string(),
        partner_id: 2_001_887,
        partner_key: "fuzz-shopee-partner-key".into(),
        shop_id: 14_701_711,
        timeout_secs: None,
        logistic_ids: vec![5001],
        push_url: Some("https://shop.example.vn/hooks/shopee".into()),
        chat: false,
    }
}

pub(crate) fn lazada_config(base: &str) -> LazadaConfig {
    LazadaConfig {
        base_url: format!("{base}/rest"),
        auth_url: format!("{base}/rest"),
        app_key: "100001".into(),
        app_secret: "fuzz-lazada-app-secret".into(),
        timeout_secs: None,
        chat: false,
    }
}

pub(crate) fn tiktok_config(base: &str) -> TikTokConfig {
    TikTokConfig {
        base_url: base.to_string(),
        auth_url: base.to_string(),
        app_key: "6abcfuzz".into(),
        app_secret: "fuzz-tiktok-app-secret".into(),
        // Configured, so shop calls need no look-up first (`authorized_shops` is called
        // on its own instead).
        shop_cipher: "ROW_fuzzcipher".into(),
        warehouse_id: None,
        timeout_secs: None,
        authorize_url: None,
        chat: false,
    }
}
