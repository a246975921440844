//! Viettel S-Invoice as the simulator serves it (reference §3): `/auth/login` for a
//! token, then the token as cookie `access_token` or bearer on every call (401 without);
//! replies `{errorCode, description, result}` with a non-null `errorCode` on refusal
//! (HTTP 400, codes in the style of Viettel's DTO validation, e.g.
//! `BAD_REQUEST_TRANSACTION_UUID_LENGTH_INVALID`).
//!
//! Invoices are kept by `transactionUuid`; a second `createInvoice` with a used uuid is
//! refused with `TRANSACTION_UUID_DUPLICATE` (the real server's behaviour is unconfirmed,
//! §3.5; refusing is the safe reading). Numbers run per template and series: the
//! 6-character series then 1, 2, 3… (`C26TAA1`). Series with letter `C` get a made-up
//! 34-character tax-authority code. `getInvoiceRepresentationFile` hands out the issued
//! invoice drawn from its createInvoice body (`invoice_file`); the draft preview is a
//! stand-in.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::invoice_file::{SentInvoice, SentLine, amount, fake_pdf, issued_pdf, text};
use super::{SimState, body, lock};
use orderdeck_domain::invoice::{Buyer, InvoiceTemplate, PaymentMethod, VatRate};
use orderdeck_domain::invoice_document::{InvoiceDraft, IssuedMark};
use orderdeck_integrations::invoice_provider::base64_encode;

/// What [`super::SimHandle::sinvoice_config`] hands out. The tax code is a valid MST.
pub(crate) const USERNAME: &str = "0100233488";
pub(crate) const PASSWORD: &str = "sim-sinvoice-password";
pub(crate) const SUPPLIER_TAX_CODE: &str = "0100233488";
pub(crate) const API: &str = "/services/einvoiceapplication/api";

#[derive(Default)]
pub(crate) struct Store {
    tokens: HashSet<String>,
    /// By transaction uuid.
    invoices: HashMap<String, Invoice>,
    /// (template, series) → last number given.
    last_no: HashMap<(String, String), u64>,
}

impl Store {
    pub fn invoice_count(&self) -> usize {
        self.invoices.len()
    }

    pub fn expire_tokens(&mut self) {
        self.tokens.clear();
    }

    /// The createInvoice body received for this uuid, as sent.
    pub fn request(&self, transaction_uuid: &str) -> Option<Value> {
        self.invoices
            .get(transaction_uuid)
            .map(|i| i.request.clone())
    }

    fn by_number(&self, number: &str, template: &str) -> Option<&Invoice> {
        self.invoices
            .values()
            .find(|i| i.number == number && i.template == template)
    }
}

struct Invoice {
    number: String,
    template: String,
    series: String,
    reservation_code: String,
    code_of_tax: Option<String>,
    issued_ms: i64,
    request: Value,
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    let ws = format!("{API}/InvoiceAPI/InvoiceWS");
    let utils = format!("{API}/InvoiceAPI/InvoiceUtilsWS");
    Router::new()
        .route("/auth/login", post(login))
        .route(&format!("{ws}/createInvoice/{{tax}}"), post(create))
        .route(
            &format!("{ws}/searchInvoiceByTransactionUuid"),
            post(search),
        )
        .route(
            &format!("{utils}/createInvoiceDraftPreview/{{tax}}"),
            post(preview),
        )
        .route(
            &format!("{utils}/getInvoiceRepresentationFile"),
            post(representation),
        )
}

fn refuse(code: &str, description: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "errorCode": code, "description": description.into(), "result": null })),
    )
        .into_response()
}

fn ok(extra: Value) -> Response {
    let mut v = json!({ "errorCode": null, "description": null });
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    Json(v).into_response()
}

/// `Some(401)` unless the cookie `access_token` or a bearer header holds a live token.
fn check_token(state: &SimState, headers: &HeaderMap) -> Option<Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let cookie = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .filter_map(|p| p.trim().strip_prefix("access_token="))
                .next()
        });
    let store = lock(&state.sinvoice);
    if [bearer, cookie]
        .into_iter()
        .flatten()
        .any(|t| store.tokens.contains(t))
    {
        None
    } else {
        Some(
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({
                    "code": 401,
                    "error": "unauthorized",
                    "message": "Full authentication is required to access this resource",
                })),
            )
                .into_response(),
        )
    }
}

fn check_tax(tax: &str) -> Option<Response> {
    (tax != SUPPLIER_TAX_CODE).then(|| {
        refuse(
            "SUPPLIER_TAX_CODE_INVALID",
            format!("Mã số thuế người bán {tax} không hợp lệ (supplier tax code not valid)"),
        )
    })
}

async fn login(State(state): State<Arc<SimState>>, raw: Bytes) -> Response {
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("BAD_REQUEST", e),
    };
    let user = body::text(&v, "username").unwrap_or_default();
    let pass = v.get("password").and_then(Value::as_str).unwrap_or("");
    if user != USERNAME || pass != PASSWORD {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({
                "code": 401,
                "error": "invalid_grant",
                "message": "Sai tên đăng nhập hoặc mật khẩu (bad credentials)",
            })),
        )
            .into_response();
    }
    let token = state.token("svt-");
    lock(&state.sinvoice).tokens.insert(token.clone());
    Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "refresh_token": state.token("svr-"),
        "expires_in": 299,
        "scope": "openid",
        "iat": Utc::now().timestamp(),
        "invoice_cluster": "cluster6",
        "type": 1,
        "jti": state.token(""),
    }))
    .into_response()
}

/// What createInvoice and the draft preview both check (reference §3.3), as
/// (template, 6-character series, uuid).
/// A refusal as (errorCode, description); [`refuse`] turns it into the reply.
type Refusal = (&'static str, String);

fn validate(v: &Value) -> Result<(String, String, String), Refusal> {
    let general = v
        .get("generalInvoiceInfo")
        .filter(|g| g.is_object())
        .ok_or_else(|| {
            no(
                "BAD_REQUEST_GENERAL_INVOICE_INFO_REQUIRED",
                "generalInvoiceInfo is required",
            )
        })?;
    let template = body::text(general, "templateCode").ok_or_else(|| {
        no(
            "BAD_REQUEST_TEMPLATE_CODE_REQUIRED",
            "templateCode is required",
        )
    })?;
    if template.chars().count() > 20 {
        return Err(no(
            "BAD_REQUEST_TEMPLATE_CODE_LENGTH_INVALID",
            "templateCode is at most 20 characters",
        ));
    }
    let series = body::text(general, "invoiceSeries").ok_or_else(|| {
        no(
            "BAD_REQUEST_INVOICE_SERIES_REQUIRED",
            "invoiceSeries is required",
        )
    })?;
    if series.chars().count() > 9 {
        return Err(no(
            "BAD_REQUEST_INVOICE_SERIES_LENGTH_INVALID",
            "invoiceSeries is at most 9 characters",
        ));
    }
    let uuid = body::text(general, "transactionUuid").unwrap_or_default();
    if !(10..=36).contains(&uuid.chars().count()) {
        return Err(no(
            "BAD_REQUEST_TRANSACTION_UUID_LENGTH_INVALID",
            "transactionUuid must be 10 to 36 characters",
        ));
    }
    if body::text(general, "currencyCode").is_none() {
        return Err(no(
            "BAD_REQUEST_CURRENCY_CODE_REQUIRED",
            "currencyCode is required",
        ));
    }
    let adjustment = body::text(general, "adjustmentType").unwrap_or_else(|| "1".into());
    if !matches!(adjustment.as_str(), "1" | "3" | "5") {
        return Err(no(
            "BAD_REQUEST_ADJUSTMENT_TYPE_INVALID",
            format!("adjustmentType {adjustment} is not valid"),
        ));
    }
    if adjustment != "1" && body::text(general, "originalInvoiceId").is_none() {
        return Err(no(
            "BAD_REQUEST_ORIGINAL_INVOICE_ID_REQUIRED",
            "originalInvoiceId is required for a replacement or adjustment",
        ));
    }
    let info_only = body::text(general, "adjustmentInvoiceType").as_deref() == Some("2");
    let items = v.get("itemInfo").and_then(Value::as_array);
    if !info_only && items.is_none_or(|i| i.is_empty()) {
        return Err(no(
            "BAD_REQUEST_ITEM_INFO_REQUIRED",
            "itemInfo must list at least one line",
        ));
    }
    for item in items.into_iter().flatten() {
        let p = item.get("taxPercentage").and_then(Value::as_i64);
        if !matches!(p, Some(-2 | -1 | 0 | 5 | 8 | 10)) {
            return Err(no(
                "BAD_REQUEST_TAX_PERCENTAGE_INVALID",
                format!(
                    "taxPercentage {} is not valid",
                    item.get("taxPercentage").unwrap_or(&Value::Null)
                ),
            ));
        }
    }
    Ok((template, series, uuid))
}

fn no(code: &'static str, description: impl Into<String>) -> Refusal {
    (code, description.into())
}

async fn create(
    State(state): State<Arc<SimState>>,
    Path(tax): Path<String>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    if let Some(r) = check_tax(&tax) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("BAD_REQUEST", e),
    };
    let (template, series, uuid) = match validate(&v) {
        Ok(x) => x,
        Err((code, d)) => return refuse(code, d),
    };
    let code_of_tax = series
        .starts_with(['C', 'c'])
        .then(|| state.random_text(b"ABCDEF0123456789", 34));
    let reservation_code = state.random_text(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10);
    let transaction_id = state.token("");
    let mut store = lock(&state.sinvoice);
    if let Some(original) = body::text(&v["generalInvoiceInfo"], "originalInvoiceId")
        && !store.invoices.values().any(|i| i.number == original)
    {
        return refuse(
            "ORIGINAL_INVOICE_NOT_FOUND",
            format!("Không tìm thấy hóa đơn gốc {original} (original invoice not found)"),
        );
    }
    if store.invoices.contains_key(&uuid) {
        return refuse(
            "TRANSACTION_UUID_DUPLICATE",
            format!("transactionUuid {uuid} đã tồn tại (already exists)"),
        );
    }
    let n = store
        .last_no
        .entry((template.clone(), series.clone()))
        .or_insert(state.opts.invoices_issued_before);
    *n += 1;
    let number = format!("{series}{n}");
    store.invoices.insert(
        uuid,
        Invoice {
            number: number.clone(),
            template,
            series,
            reservation_code: reservation_code.clone(),
            code_of_tax: code_of_tax.clone(),
            issued_ms: Utc::now().timestamp_millis(),
            request: v,
        },
    );
    ok(json!({
        "result": {
            "supplierTaxCode": SUPPLIER_TAX_CODE,
            "invoiceNo": number,
            "transactionID": transaction_id,
            "reservationCode": reservation_code,
            "codeOfTax": code_of_tax,
        }
    }))
}

async fn search(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let Ok(Form(form)) = form else {
        return refuse("BAD_REQUEST", "the body must be form-urlencoded");
    };
    if let Some(r) = check_tax(form.get("supplierTaxCode").map_or("", String::as_str)) {
        return r;
    }
    let Some(uuid) = form.get("transactionUuid").filter(|u| !u.trim().is_empty()) else {
        return refuse(
            "BAD_REQUEST_TRANSACTION_UUID_REQUIRED",
            "transactionUuid is required",
        );
    };
    let store = lock(&state.sinvoice);
    let result = store.invoices.get(uuid.trim()).map(|i| {
        json!([{
            "supplierTaxCode": SUPPLIER_TAX_CODE,
            "invoiceNo": i.number,
            "reservationCode": i.reservation_code,
            "issueDate": i.issued_ms,
            "status": "Chưa thanh toán",
        }])
    });
    ok(json!({ "result": result }))
}

/// The createInvoice body read back as the draft of the invoice it issued (see
/// `sinvoice::create_body` in the adapter for the fields).
fn draft(v: &Value, issued: IssuedMark) -> Result<InvoiceDraft, String> {
    let general = &v["generalInvoiceInfo"];
    // The template number, the symbol's first character.
    let t = Some(text(general, "invoiceType"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| text(general, "templateCode").chars().take(1).collect());
    let template =
        InvoiceTemplate::parse(&t).ok_or_else(|| format!("template number {t:?} is not 1 or 2"))?;
    let ms = general
        .get("invoiceIssuedDate")
        .and_then(Value::as_i64)
        .ok_or("invoiceIssuedDate is not epoch milliseconds")?;
    let b = &v["buyerInfo"];
    let lines = v["itemInfo"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|item| {
            let p = item.get("taxPercentage").and_then(Value::as_i64);
            Ok(SentLine {
                name: text(item, "itemName"),
                unit: text(item, "unitName"),
                qty: amount(item, "quantity")?,
                unit_price: amount(item, "unitPrice")?,
                amount: amount(item, "itemTotalAmountWithoutTax")?,
                vat_amount: amount(item, "taxAmount")?,
                rate: VatRate::ALL
                    .into_iter()
                    .find(|r| p == Some(i64::from(r.viettel_percentage())))
                    .ok_or_else(|| format!("taxPercentage {p:?} is not a rate"))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    SentInvoice {
        template,
        symbol: format!("{t}{}", text(general, "invoiceSeries")),
        date: DateTime::from_timestamp_millis(ms).ok_or("invoiceIssuedDate is out of range")?,
        seller_tax_code: text(&v["sellerInfo"], "sellerTaxCode"),
        buyer: Buyer {
            company: text(b, "buyerLegalName"),
            tax_code: text(b, "buyerTaxCode"),
            address: text(b, "buyerAddressLine"),
            email: text(b, "buyerEmail"),
            name: text(b, "buyerName"),
        },
        payment: PaymentMethod::parse(&text(&v["payments"][0], "paymentMethodName"))
            .unwrap_or_default(),
        lines,
        total: amount(&v["summarizeInfo"], "totalAmountWithTax")?,
    }
    .into_draft(issued)
}

async fn preview(
    State(state): State<Arc<SimState>>,
    Path(tax): Path<String>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    if let Some(r) = check_tax(&tax) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("BAD_REQUEST", e),
    };
    let (template, series, _) = match validate(&v) {
        Ok(x) => x,
        Err((code, d)) => return refuse(code, d),
    };
    ok(json!({
        "fileToBytes": base64_encode(&fake_pdf(&format!("DRAFT {template} {series}"))),
        "fileName": format!("draft-{series}.pdf"),
        "paymentStatus": false,
    }))
}

async fn representation(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse("BAD_REQUEST", e),
    };
    if let Some(r) = check_tax(&body::text(&v, "supplierTaxCode").unwrap_or_default()) {
        return r;
    }
    let number = body::text(&v, "invoiceNo").unwrap_or_default();
    // Required, as the DTO's codes say (BAD_REQUEST_TEMPLATE_CODE_REQUIRED): the number
    // alone does not name an invoice, templates number on their own.
    let Some(template) = body::text(&v, "templateCode") else {
        return refuse(
            "BAD_REQUEST_TEMPLATE_CODE_REQUIRED",
            "templateCode is required",
        );
    };
    let file_type = body::text(&v, "fileType").unwrap_or_else(|| "PDF".into());
    if file_type != "PDF" && file_type != "ZIP" {
        return refuse(
            "BAD_REQUEST_FILE_TYPE_INVALID",
            format!("fileType {file_type} is not PDF or ZIP"),
        );
    }
    let found = lock(&state.sinvoice)
        .by_number(&number, &template)
        .map(|i| {
            let mark = IssuedMark {
                number: i.number.clone(),
                tax_authority_code: i.code_of_tax.clone(),
            };
            (
                format!("{} {}", i.template, i.number),
                i.request.clone(),
                mark,
                i.series.clone(),
            )
        });
    // Drawn with the store unlocked.
    match found {
        Some((_, request, mark, series)) if file_type == "ZIP" => ok(json!({
            "fileToBytes": base64_encode(&invoice_zip(&template, &series, &mark, &request)),
            "fileName": format!("{number}.zip"),
        })),
        Some((what, request, mark, _)) => ok(json!({
            "fileToBytes": base64_encode(&issued_pdf(&what, draft(&request, mark))),
            "fileName": format!("{number}.pdf"),
        })),
        None => refuse(
            "NOT_FOUND_DATA",
            format!("Không tìm thấy hóa đơn {number} (invoice not found)"),
        ),
    }
}

/// The ZIP representation (§3.2): a zip holding a zip with the invoice's XML, in the tax
/// authority's tags (§5.1), and its XSL.
fn invoice_zip(template: &str, series: &str, mark: &IssuedMark, request: &Value) -> Vec<u8> {
    use std::io::Write;
    let general = &request["generalInvoiceInfo"];
    let template_no: String = template.chars().take(1).collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HDon><DLHDon Id=\"data\"><TTChung>\
         <KHMSHDon>{template_no}</KHMSHDon><KHHDon>{series}</KHHDon><SHDon>{number}</SHDon>\
         <NLap>{date}</NLap></TTChung></DLHDon>{code}</HDon>",
        number = mark.number.chars().skip(6).collect::<String>(),
        date = general["invoiceIssuedDate"],
        code = mark
            .tax_authority_code
            .as_deref()
            .map(|c| format!("<MCCQT Id=\"Id-MCCQT\">{c}</MCCQT>"))
            .unwrap_or_default(),
    );
    let zip = |entries: &[(&str, &[u8])]| -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, data) in entries {
            // Writing to memory cannot fail but for a bug; an empty file says so downstream.
            if w.start_file(*name, zip::write::SimpleFileOptions::default())
                .is_err()
                || w.write_all(data).is_err()
            {
                return Vec::new();
            }
        }
        if w.finish().is_err() {
            return Vec::new();
        }
        out.into_inner()
    };
    let inner = zip(&[
        (&format!("{}.xml", mark.number), xml.as_bytes()),
        (
            &format!("{}.xsl", mark.number),
            b"<xsl:stylesheet version=\"1.0\"/>",
        ),
    ]);
    zip(&[(&format!("{}.zip", mark.number), &inner)])
}
