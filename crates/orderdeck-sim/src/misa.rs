//! MISA meInvoice as the simulator serves it (reference §4): `/auth/token` for a JWT-ish
//! token, then `Authorization: Bearer` and `CompanyTaxCode` on every call; replies in
//! the `{success, errorCode, descriptionErrorCode, publishInvoiceResult, errors, data}`
//! envelope, with `publishInvoiceResult` and status `data` sent as JSON text (the second
//! parse one source reports) so the adapter's handling of it is exercised.
//!
//! Invoices are kept by `RefID`; a reused RefID comes back as the item error
//! `DuplicateInvoiceRefID`. Numbers run per series, 8 digits (`00000001`). Publishing
//! takes a moment per invoice, and a publish that arrives while another on the same
//! series is in progress is refused with `InvoiceNumberNotCotinuous`, as MISA does (§4.7).
//! `/invoice/download` hands out the invoice drawn from its `InvoiceData` (`invoice_file`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, NaiveTime, Utc};
use serde_json::{Value, json};

use super::invoice_file::{SentInvoice, SentLine, VN, amount, issued_pdf, text};
use super::{SimState, body, lock};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate, PaymentMethod, VatRate};
use orderdeck_domain::invoice_document::{InvoiceDraft, IssuedMark};
use orderdeck_integrations::invoice_provider::base64_encode;

pub(crate) const APP_ID: &str = "sim-misa-app-7c1e55b0";
pub(crate) const TAX_CODE: &str = "0100233488";
pub(crate) const USERNAME: &str = "sim-misa-user";
pub(crate) const PASSWORD: &str = "sim-misa-password";
pub(crate) const API: &str = "/api/integration";
/// The account's HSM certificate, listed by `/invoice/get-certificates`.
pub(crate) const CERTIFICATE_SN: &str = "540101A8B3C2D4E5F60718293A4B5C6D";

/// How long publishing one invoice takes; long enough that overlapping publishes on a
/// series are caught, short enough for 500-invoice tests.
const PUBLISH_MS: u64 = 5;

const VAT_NAMES: [&str; 6] = ["0%", "5%", "8%", "10%", "KCT", "KKKNT"];

#[derive(Default)]
pub(crate) struct Store {
    tokens: HashSet<String>,
    /// By RefID.
    invoices: HashMap<String, Invoice>,
    last_no: HashMap<String, u64>,
    /// Series with a publish in progress.
    busy: HashSet<String>,
    views: HashMap<String, String>,
    /// Certificates added beside [`CERTIFICATE_SN`] (a test of choosing among several).
    more_certificates: Vec<String>,
}

impl Store {
    pub fn invoice_count(&self) -> usize {
        self.invoices.len()
    }

    pub fn expire_tokens(&mut self) {
        self.tokens.clear();
    }

    pub fn add_certificate(&mut self, serial: &str) {
        self.more_certificates.push(serial.to_string());
    }

    fn certificates(&self) -> Vec<String> {
        std::iter::once(CERTIFICATE_SN.to_string())
            .chain(self.more_certificates.iter().cloned())
            .collect()
    }

    pub fn request(&self, ref_id: &str) -> Option<Value> {
        self.invoices.get(ref_id).map(|i| i.request.clone())
    }
}

struct Invoice {
    ref_id: String,
    transaction_id: String,
    series: String,
    number: String,
    date: String,
    code: Option<String>,
    published: String,
    request: Value,
}

impl Invoice {
    fn status(&self) -> Value {
        let reference = self
            .request
            .get("ReferenceType")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        json!({
            "RefID": self.ref_id,
            "InvSeries": self.series,
            "InvTempl": self.series.chars().take(1).collect::<String>(),
            "TransactionID": self.transaction_id,
            "InvNo": self.number,
            "InvDate": self.date,
            "InvoiceCode": self.code,
            "PublishedTime": self.published,
            "PublishStatus": 1,
            "EInvoiceStatus": match reference { 1 => 3, 2 => 5, _ => 1 },
            "ReferenceType": reference,
            "SendTaxStatus": if self.code.is_some() { 2 } else { 1 },
            "ReceiverStatus": 0,
            "IsSendMail": false,
        })
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route(&format!("{API}/auth/token"), post(token))
        .route(&format!("{API}/invoice"), post(publish))
        .route(
            &format!("{API}/invoice/unpublishview"),
            post(unpublish_view),
        )
        .route(&format!("{API}/invoice/status"), post(status))
        .route(
            &format!("{API}/invoice/get-certificates"),
            get(certificates),
        )
        .route(&format!("{API}/invoice/download"), post(download))
        .route("/misa-view/{id}", get(view))
}

fn envelope(extra: Value) -> Response {
    let mut v = json!({
        "success": true,
        "errorCode": null,
        "descriptionErrorCode": null,
        "createInvoiceResult": null,
        "publishInvoiceResult": null,
        "errors": [],
        "data": null,
        "customData": null,
    });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    Json(v).into_response()
}

/// MISA refuses inside the envelope with HTTP 200.
fn refuse(code: &str, description: impl Into<String>) -> Response {
    let description = description.into();
    envelope(json!({
        "success": false,
        "errorCode": code,
        "descriptionErrorCode": description,
        "errors": [description],
    }))
}

fn check_auth(state: &SimState, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    if token.is_empty() {
        return Some(
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({ "success": false, "errorCode": "UnAuthorize", "errors": ["Authorization header is required"] })),
            )
                .into_response(),
        );
    }
    if !lock(&state.misa).tokens.contains(token) {
        return Some(refuse(
            "InvalidTokenCode",
            "Token không hợp lệ hoặc đã hết hạn (token invalid or expired)",
        ));
    }
    let company = headers
        .get("CompanyTaxCode")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if company != TAX_CODE {
        return Some(refuse(
            "InvalidTaxCode",
            format!("CompanyTaxCode {company:?} is not this account's"),
        ));
    }
    None
}

async fn token(State(state): State<Arc<SimState>>, raw: Bytes) -> Response {
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("InvalidXMLData", e),
    };
    if body::text(&v, "appid").as_deref() != Some(APP_ID) {
        return refuse("InvalidAppID", "AppID không hợp lệ (app id not valid)");
    }
    if body::text(&v, "taxcode").as_deref() != Some(TAX_CODE) {
        return refuse(
            "InvalidTaxCode",
            "Mã số thuế không hợp lệ (tax code not valid)",
        );
    }
    let user = body::text(&v, "username").unwrap_or_default();
    let pass = v.get("password").and_then(Value::as_str).unwrap_or("");
    if user != USERNAME || pass != PASSWORD {
        return refuse(
            "UnAuthorize",
            "Sai tên đăng nhập hoặc mật khẩu (wrong username or password)",
        );
    }
    let token = format!("eyJhbGciOiJIUzI1NiJ9.{}", state.token(""));
    lock(&state.misa).tokens.insert(token.clone());
    envelope(json!({ "data": token }))
}

/// The checks MISA makes on one `InvoiceData`: Err is (ErrorCode, description).
fn check_invoice(v: &Value) -> Result<(String, String), (String, String)> {
    let fail = |c: &str, d: &str| Err((c.to_string(), d.to_string()));
    let Some(ref_id) = body::text(v, "RefID") else {
        return fail("RequireError_0", "RefID is required");
    };
    let series = body::text(v, "InvSeries").unwrap_or_default();
    let valid_series = series.chars().count() == 7
        && series.starts_with(|c: char| c.is_ascii_digit())
        && matches!(series.chars().nth(1), Some('C' | 'K'));
    if !valid_series {
        return fail(
            "InvoiceTemplateNotExist",
            "InvSeries is not a registered 7-character symbol",
        );
    }
    if body::text(v, "InvDate").is_none() {
        return fail("RequireError_0", "InvDate is required");
    }
    let info_only = v.get("ReferenceType").and_then(Value::as_i64) == Some(2);
    let lines = v.get("OriginalInvoiceDetail").and_then(Value::as_array);
    if !info_only && lines.is_none_or(|l| l.is_empty()) {
        return fail(
            "InvoiceDetail_0",
            "OriginalInvoiceDetail must list at least one line",
        );
    }
    if lines.is_some_and(|l| l.len() > 200) {
        return fail("XMLTooLong", "too many lines (split at about 200)");
    }
    let rates = v.get("TaxRateInfo").and_then(Value::as_array);
    for r in rates.into_iter().flatten() {
        let name = r.get("VATRateName").and_then(Value::as_str).unwrap_or("");
        if !VAT_NAMES.contains(&name) && !name.starts_with("KHAC:") {
            return fail(
                "TaxRateInfo_VATRateName",
                &format!("VATRateName {name:?} is not valid"),
            );
        }
    }
    if body::text(v, "BuyerTaxCode").is_some() && body::text(v, "BuyerLegalName").is_none() {
        return fail(
            "RequireError_0",
            "BuyerLegalName is required with BuyerTaxCode",
        );
    }
    Ok((ref_id, series))
}

async fn publish(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("InvalidXMLData", e),
    };
    let sign_type = v.get("SignType").and_then(Value::as_i64).unwrap_or(0);
    if !(1..=6).contains(&sign_type) {
        return refuse(
            "InvalidSignType",
            format!("SignType {sign_type} is not valid"),
        );
    }
    // SignType 2 names the HSM certificate to sign with (§4.3). The reference lists the
    // certificate codes MISA has but not which one answers a missing serial:
    // SignatureEmpty is the nearest.
    if sign_type == 2 {
        match body::text(&v, "CertificateSN") {
            None => {
                return refuse(
                    "SignatureEmpty",
                    "CertificateSN is required with SignType 2 (chữ ký số HSM)",
                );
            }
            Some(sn) if !lock(&state.misa).certificates().contains(&sn) => {
                return refuse(
                    "InvalidCertByRegistration",
                    format!("certificate {sn} is not registered for this account"),
                );
            }
            Some(_) => {}
        }
    }
    let Some(list) = v.get("InvoiceData").and_then(Value::as_array) else {
        return refuse("RequireError_0", "InvoiceData must be a list");
    };
    if list.is_empty() || list.len() > 30 {
        return refuse(
            "InvoiceQuantityTooLarge",
            "send 1 to 30 invoices per request",
        );
    }
    let mut results = Vec::with_capacity(list.len());
    for data in list {
        results.push(publish_one(&state, data).await);
    }
    let text = Value::Array(results).to_string();
    envelope(json!({ "publishInvoiceResult": text }))
}

/// A publish in progress on a series.
struct Busy<'a> {
    state: &'a SimState,
    series: String,
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        lock(&self.state.misa).busy.remove(&self.series);
    }
}

async fn publish_one(state: &SimState, data: &Value) -> Value {
    let item_error = |ref_id: &str, code: &str, d: &str| json!({ "RefID": ref_id, "ErrorCode": code, "DescriptionErrorCode": d });
    let (ref_id, series) = match check_invoice(data) {
        Ok(x) => x,
        Err((code, d)) => {
            return item_error(
                body::text(data, "RefID").as_deref().unwrap_or(""),
                &code,
                &d,
            );
        }
    };
    {
        let mut store = lock(&state.misa);
        if store.invoices.contains_key(&ref_id) {
            return item_error(
                &ref_id,
                "DuplicateInvoiceRefID",
                "RefID đã tồn tại (already used)",
            );
        }
        if !store.busy.insert(series.clone()) {
            return item_error(
                &ref_id,
                "InvoiceNumberNotCotinuous",
                "Số hóa đơn không liên tục: another invoice of this series is being published",
            );
        }
    }
    // Frees the series however this ends, even if the connection drops mid-publish and
    // the handler is cancelled; otherwise the series would stay refused for good.
    let turn = Busy {
        state,
        series: series.clone(),
    };
    tokio::time::sleep(Duration::from_millis(PUBLISH_MS)).await;
    let code =
        (series.chars().nth(1) == Some('C')).then(|| state.random_text(b"ABCDEF0123456789", 34));
    let transaction_id = state.random_text(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12);
    drop(turn);
    let mut store = lock(&state.misa);
    // Two publishes of one RefID on different series could both get here.
    if store.invoices.contains_key(&ref_id) {
        return item_error(
            &ref_id,
            "DuplicateInvoiceRefID",
            "RefID đã tồn tại (already used)",
        );
    }
    let n = store
        .last_no
        .entry(series.clone())
        .or_insert(state.opts.invoices_issued_before);
    *n += 1;
    let invoice = Invoice {
        ref_id: ref_id.clone(),
        transaction_id,
        series,
        number: format!("{n:08}"),
        date: body::text(data, "InvDate").unwrap_or_default(),
        code,
        published: Utc::now()
            .with_timezone(&VN)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string(),
        request: data.clone(),
    };
    let mut out = invoice.status();
    // The tax-authority code is a status field (§4.6), not one the reference documents
    // in the publish result: it is read with `/invoice/status`.
    if let Some(o) = out.as_object_mut() {
        o.remove("InvoiceCode");
    }
    out["ErrorCode"] = Value::Null;
    out["DescriptionErrorCode"] = Value::Null;
    store.invoices.insert(ref_id, invoice);
    out
}

/// The account's certificates for HSM signing. The reference documents the call, not its
/// reply: each is given as `CertificateSN` (the issue body's name) with a subject and
/// validity, an assumption the adapter says it makes too.
async fn certificates(State(state): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    if let Some(r) = check_auth(&state, &headers) {
        return r;
    }
    let list: Vec<Value> = lock(&state.misa)
        .certificates()
        .into_iter()
        .map(|sn| json!({ "CertificateSN": sn, "SubjectName": "CÔNG TY TNHH HOA MAI", "ValidTo": "2028-12-31" }))
        .collect();
    envelope(json!({ "data": list }))
}

async fn unpublish_view(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("InvalidXMLData", e),
    };
    let (ref_id, series) = match check_invoice(&v) {
        Ok(x) => x,
        Err((code, d)) => return refuse(&code, d),
    };
    let id = state.token("v");
    let html = format!(
        "<html><body><h1>HÓA ĐƠN GIÁ TRỊ GIA TĂNG (bản xem trước)</h1><p>{series}</p><p>{ref_id}</p><p>{}</p></body></html>",
        body::text(&v, "TotalAmountInWords").unwrap_or_default()
    );
    lock(&state.misa).views.insert(id.clone(), html);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| format!("http://{h}"))
        .unwrap_or_default();
    envelope(json!({ "data": format!("{host}/misa-view/{id}") }))
}

async fn view(State(state): State<Arc<SimState>>, Path(id): Path<String>) -> Response {
    match lock(&state.misa).views.get(&id) {
        Some(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "link expired").into_response(),
    }
}

/// The id list body of status/download (at most 50); Err is (errorCode, description).
fn ids(raw: &[u8]) -> Result<Vec<String>, (&'static str, String)> {
    let v: Value = serde_json::from_slice(raw)
        .map_err(|e| ("InvalidXMLData", format!("body is not JSON ({e})")))?;
    let list = v
        .as_array()
        .ok_or(("InvalidXMLData", "body must be a list of ids".to_string()))?;
    if list.is_empty() || list.len() > 50 {
        return Err((
            "InvoiceQuantityTooLarge",
            "send 1 to 50 ids per request".to_string(),
        ));
    }
    Ok(list
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect())
}

async fn status(
    State(state): State<Arc<SimState>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers) {
        return r;
    }
    let ids = match ids(&raw) {
        Ok(i) => i,
        Err((code, d)) => return refuse(code, d),
    };
    let by_ref = match q.get("inputType").map(String::as_str) {
        Some("1") => false,
        Some("2") => true,
        other => {
            return refuse(
                "InvalidInputType",
                format!("inputType {other:?} must be 1 or 2"),
            );
        }
    };
    let store = lock(&state.misa);
    let found: Vec<Value> = ids
        .iter()
        .filter_map(|id| {
            if by_ref {
                store.invoices.get(id)
            } else {
                store.invoices.values().find(|i| &i.transaction_id == id)
            }
        })
        .map(Invoice::status)
        .collect();
    envelope(json!({ "data": Value::Array(found).to_string() }))
}

async fn download(
    State(state): State<Arc<SimState>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers) {
        return r;
    }
    let ids = match ids(&raw) {
        Ok(i) => i,
        Err((code, d)) => return refuse(code, d),
    };
    let kind = q.get("downloadDataType").map_or("pdf", String::as_str);
    if !matches!(kind, "pdf" | "xml" | "All") {
        return refuse(
            "InvalidDownloadDataType",
            format!("downloadDataType {kind} is not pdf, xml or All"),
        );
    }
    let found: Vec<(String, String, Value, IssuedMark)> = {
        let store = lock(&state.misa);
        ids.iter()
            .filter_map(|id| store.invoices.values().find(|i| &i.transaction_id == id))
            .map(|i| {
                let mark = IssuedMark {
                    number: i.number.clone(),
                    tax_authority_code: i.code.clone(),
                };
                let what = format!("{} {}", i.series, i.number);
                (i.transaction_id.clone(), what, i.request.clone(), mark)
            })
            .collect()
    };
    // Drawn with the store unlocked.
    let files: Vec<Value> = found
        .into_iter()
        .map(|(id, what, request, mark)| {
            json!({
                "TransactionID": id,
                "Data": base64_encode(&issued_pdf(&what, draft(&request, mark))),
            })
        })
        .collect();
    envelope(json!({ "data": files }))
}

/// One `InvoiceData` read back as the draft of the invoice it published (see
/// `misa::invoice_data` in the adapter for the fields).
fn draft(v: &Value, issued: IssuedMark) -> Result<InvoiceDraft, String> {
    let symbol = text(v, "InvSeries");
    let template = InvoiceTemplate::parse(&symbol.chars().take(1).collect::<String>())
        .ok_or_else(|| format!("InvSeries {symbol:?} is not of template 1 or 2"))?;
    let day = NaiveDate::parse_from_str(&text(v, "InvDate"), "%Y-%m-%d")
        .map_err(|e| format!("InvDate: {e}"))?;
    let lines = v["OriginalInvoiceDetail"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|l| {
            Ok(SentLine {
                name: text(l, "ItemName"),
                unit: text(l, "UnitName"),
                qty: amount(l, "Quantity")?,
                unit_price: amount(l, "UnitPrice")?,
                amount: amount(l, "AmountWithoutVAT")?,
                vat_amount: amount(l, "VATAmount")?,
                rate: VatRate::parse(&text(l, "VATRateName")).map_err(|e| e.to_string())?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    SentInvoice {
        template,
        symbol,
        date: day
            .and_time(NaiveTime::MIN)
            .and_local_timezone(VN)
            .single()
            .ok_or("InvDate has no start of day")?
            .to_utc(),
        seller_tax_code: TAX_CODE.to_string(),
        buyer: Buyer {
            company: text(v, "BuyerLegalName"),
            tax_code: text(v, "BuyerTaxCode"),
            address: text(v, "BuyerAddress"),
            email: text(v, "BuyerEmail"),
            name: text(v, "BuyerFullName"),
        },
        payment: PaymentMethod::parse(&text(v, "PaymentMethodName")).unwrap_or_default(),
        lines,
        total: amount(v, "TotalAmount")?,
    }
    .into_draft(issued)
}
