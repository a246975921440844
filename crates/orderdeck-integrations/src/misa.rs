//! MISA meInvoice over its integration API, reference §4.
//!
//! Log-in: POST `{base}/auth/token` with `{appid, taxcode, username, password}` gives a
//! JWT (14 days); it is cached for the client's life and fetched again once when MISA
//! says it is no longer valid (HTTP 401 or `UnAuthorize`/`TokenExpiredCode`/
//! `InvalidTokenCode`). Every call carries `Authorization: Bearer` and `CompanyTaxCode`.
//!
//! Replies: `{success, errorCode, descriptionErrorCode, createInvoiceResult,
//! publishInvoiceResult, errors, data}`, checked in that order (§4.2): `success`, the
//! top-level `errorCode`, then each result item's `ErrorCode`. Result lists and `data`
//! may arrive as JSON text needing a second parse (one source), so both are read.
//!
//! Exactly once: `RefID` is our transaction uuid; MISA refuses a second invoice with it
//! (`DuplicateInvoiceRefID`), and `find` asks `/invoice/status?inputType=2` (by RefID).
//!
//! One series at a time: MISA numbers a series strictly in order and refuses concurrent
//! publishes on one `InvSeries` (`InvoiceNumberNotCotinuous`, §4.7). So `issue` holds a
//! per-series async lock, shared by every clone of the client, for the whole publish
//! call: issues on one series queue up in this process, different series still run in
//! parallel. It does not span processes; two orderdeck instances issuing on one series
//! still need the job queue to keep them apart.
//!
//! Signing: `SignType` 2, MISA's HSM signs with the signature shown, and the issue body
//! names the certificate (`CertificateSN`, required with SignType 2, §4.3). The serial is
//! `invoices.misa.certificate_sn`; unset, the account's certificates are listed with
//! `GET /invoice/get-certificates` and the only one is used — none, or several, is a
//! configuration error said before anything is issued. The reference documents that
//! call but not its reply fields: the serial is read as `CertificateSN` (the name the
//! issue body uses), else `SerialNumber` — an assumption, said again where it is read.
//! The other signing types are not built: 1 (USB token or file, signed on this machine
//! with MISA's sign tool, three steps), 3 (HSM, asynchronous), 4 (tickets without code)
//! and 5/6 (cash-register invoices).
//!
//! Tax-authority code: MISA reports it in `/invoice/status` (`InvoiceCode`, §4.6, §5.3),
//! not as a documented field of the publish result. After a publish on a with-code
//! series the status is read for it; `find` and `status` read it there too.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::http::{self, Reply};
use crate::invoice_provider::{
    InvoiceError, InvoiceProvider, InvoiceRequest, InvoiceResult, IssuedInvoice, MisaConfig,
    ProviderKind, ReferenceKind, base64_decode, json_amount, series_has_authority_code,
    symbol_parts, validate,
};

pub(crate) const PROVIDER: &str = "MISA meInvoice";

const VN_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

/// Codes that mean the token is no longer good (log in again).
const TOKEN_CODES: [&str; 3] = ["UnAuthorize", "TokenExpiredCode", "InvalidTokenCode"];
/// Codes that mean the account itself is wrong (no point logging in again).
const ACCOUNT_CODES: [&str; 2] = ["InvalidAppID", "InActiveAppID"];

type SeriesLocks = std::sync::Mutex<HashMap<String, Arc<Mutex<()>>>>;

#[derive(Clone)]
pub struct MisaClient {
    http: reqwest::Client,
    /// `…/api/integration`, no trailing slash.
    base: String,
    origin: String,
    app_id: Arc<str>,
    tax_code: Arc<str>,
    username: Arc<str>,
    password: Arc<str>,
    token: http::TokenCache,
    /// `certificate_sn` from the config, else the account's only certificate once listed.
    certificate: Arc<tokio::sync::OnceCell<Arc<str>>>,
    /// One lock per series (7-character symbol); see the module notes.
    series_locks: Arc<SeriesLocks>,
}

impl std::fmt::Debug for MisaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::carrier::redact;
        f.debug_struct("MisaClient")
            .field("base", &self.base)
            .field("app_id", &redact(&self.app_id))
            .field("tax_code", &self.tax_code)
            .field("username", &self.username)
            .field("password", &redact(&self.password))
            .finish()
    }
}

/// What `/invoice/status` says about one invoice.
struct StatusEntry(Value);

impl MisaClient {
    pub fn new(cfg: &MisaConfig) -> InvoiceResult<MisaClient> {
        MisaClient::with_timeout(cfg, http::timeout_from(cfg.timeout_secs))
    }

    /// As [`MisaClient::new`] with a timeout finer than whole seconds (tests).
    pub fn with_timeout(cfg: &MisaConfig, timeout: Duration) -> InvoiceResult<MisaClient> {
        let base = http::checked_base_url(
            PROVIDER,
            "invoices.misa.base_url (ORDERDECK_INVOICES__MISA__BASE_URL)",
            &cfg.base_url,
        )?;
        if cfg.app_id.trim().is_empty()
            || cfg.tax_code.trim().is_empty()
            || cfg.username.trim().is_empty()
            || cfg.password.is_empty()
        {
            return Err(InvoiceError::NotConfigured {
                provider: PROVIDER,
                detail: "set invoices.misa.app_id, tax_code, username and password \
                         (ORDERDECK_INVOICES__MISA__APP_ID, …__TAX_CODE, …__USERNAME, \
                         …__PASSWORD)"
                    .into(),
            });
        }
        Ok(MisaClient {
            http: http::build_client(PROVIDER, timeout)?,
            base: base.as_str().trim_end_matches('/').to_string(),
            origin: base.origin().ascii_serialization(),
            app_id: Arc::from(cfg.app_id.trim()),
            tax_code: Arc::from(cfg.tax_code.trim()),
            username: Arc::from(cfg.username.trim()),
            password: Arc::from(cfg.password.as_str()),
            token: http::TokenCache::default(),
            certificate: Arc::new(
                match cfg
                    .certificate_sn
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    Some(sn) => tokio::sync::OnceCell::new_with(Some(Arc::from(sn))),
                    None => tokio::sync::OnceCell::new(),
                },
            ),
            series_locks: Arc::new(std::sync::Mutex::new(HashMap::new())),
        })
    }

    async fn login(&self) -> InvoiceResult<Arc<str>> {
        let body = json!({
            "appid": &*self.app_id,
            "taxcode": &*self.tax_code,
            "username": &*self.username,
            "password": &*self.password,
        });
        let request = self
            .http
            .post(format!("{}/auth/token", self.base))
            .json(&body);
        let reply = http::send(PROVIDER, "/auth/token", request).await?;
        if let Some(e) = http::status_error(PROVIDER, &reply) {
            return Err(e.into());
        }
        // Quiet: the reply carries the token.
        let v = http::json_body(PROVIDER, &reply, true)?;
        let ok = v.get("success").and_then(Value::as_bool).unwrap_or(false);
        match v
            .get("data")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            Some(t) if ok => {
                tracing::debug!(provider = PROVIDER, "logged in");
                Ok(Arc::from(t))
            }
            _ => Err(InvoiceError::Auth {
                provider: PROVIDER,
                message: format!("log-in refused: {}", refusal_text(&v)),
            }),
        }
    }

    /// Logs in and finds the certificate to sign with: what `config check` asks, so a
    /// check that passes means an issue would not stop at either.
    pub async fn check(&self) -> InvoiceResult<()> {
        self.current_token().await?;
        self.certificate().await.map(|_| ())
    }

    async fn current_token(&self) -> InvoiceResult<Arc<str>> {
        self.token
            .get(|| async { Ok((self.login().await?, None)) })
            .await
    }

    async fn forget_token(&self, stale: &Arc<str>) {
        self.token.forget(stale).await;
    }

    /// POSTs `body` to `{base}{path}` (path may carry a query); logs in again once when
    /// the token is refused. Returns an envelope whose `success` is true.
    async fn call(&self, path: &str, body: &Value) -> InvoiceResult<Value> {
        self.call_with(path, Some(body)).await
    }

    /// As [`call`](Self::call); `None` is a GET (the certificate list).
    async fn call_with(&self, path: &str, body: Option<&Value>) -> InvoiceResult<Value> {
        let mut retried = false;
        loop {
            let token = self.current_token().await?;
            let url = format!("{}{path}", self.base);
            let request = match body {
                Some(b) => self.http.post(url).json(b),
                None => self.http.get(url),
            }
            .bearer_auth(&*token)
            .header("CompanyTaxCode", &*self.tax_code);
            let reply = http::send(PROVIDER, path, request).await?;
            match read(reply) {
                Err(InvoiceError::Auth { message, .. }) if !retried => {
                    self.forget_token(&token).await;
                    tracing::debug!(
                        provider = PROVIDER,
                        path,
                        "token refused; logging in again: {message}"
                    );
                    retried = true;
                }
                Err(InvoiceError::Auth { message, .. }) => {
                    self.forget_token(&token).await;
                    return Err(InvoiceError::Auth {
                        provider: PROVIDER,
                        message: format!("token refused right after logging in: {message}"),
                    });
                }
                other => return other,
            }
        }
    }

    /// The certificate MISA's HSM signs with: the configured serial, else the account's
    /// only one (listed once). Errs before any invoice call when there is none to choose.
    async fn certificate(&self) -> InvoiceResult<Arc<str>> {
        self.certificate
            .get_or_try_init(|| async {
                let v = self.call_with("/invoice/get-certificates", None).await?;
                let serials: Vec<String> = list_field(&v, "data")?
                    .iter()
                    // The reference names the call, not its reply fields: the serial is
                    // read by the issue body's name for it, else `SerialNumber`.
                    .filter_map(|c| text(c, "CertificateSN").or_else(|| text(c, "SerialNumber")))
                    .collect();
                match serials.as_slice() {
                    [one] => Ok(Arc::from(one.as_str())),
                    [] => Err(InvoiceError::NotConfigured {
                        provider: PROVIDER,
                        detail: "MISA lists no HSM certificate for this account: register one \
                                 with MISA, or set invoices.misa.certificate_sn"
                            .into(),
                    }),
                    many => Err(InvoiceError::NotConfigured {
                        provider: PROVIDER,
                        detail: format!(
                            "the account has {} certificates ({}): set invoices.misa.certificate_sn \
                             (ORDERDECK_INVOICES__MISA__CERTIFICATE_SN) to the one to sign with",
                            many.len(),
                            many.join(", ")
                        ),
                    }),
                }
            })
            .await
            .cloned()
    }

    fn series_lock(&self, series: &str) -> Arc<Mutex<()>> {
        // Poisoning only means a panic elsewhere; the map itself is still good.
        let mut map = self.series_locks.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(series.to_string()).or_default().clone()
    }

    fn invoice_data(&self, req: &InvoiceRequest) -> InvoiceResult<Value> {
        validate(PROVIDER, req)?;
        let (t, six) = symbol_parts(&req.series, &req.template);
        let lines: Vec<Value> = req
            .lines
            .iter()
            .map(|l| {
                json!({
                    "ItemType": 1,
                    "SortOrder": l.line_no,
                    "LineNumber": l.line_no,
                    "ItemName": l.name,
                    "UnitName": l.unit,
                    "Quantity": json_amount(l.qty),
                    "UnitPrice": json_amount(l.unit_price),
                    "AmountOC": json_amount(l.amount),
                    "Amount": json_amount(l.amount),
                    "DiscountRate": 0,
                    "DiscountAmountOC": 0,
                    "DiscountAmount": 0,
                    "AmountWithoutVATOC": json_amount(l.amount),
                    "AmountWithoutVAT": json_amount(l.amount),
                    "VATRateName": l.vat_rate.misa_name(),
                    "VATAmountOC": json_amount(l.vat_amount),
                    "VATAmount": json_amount(l.vat_amount),
                })
            })
            .collect();
        let mut rates: Vec<(&str, Decimal, Decimal)> = Vec::new();
        for l in &req.lines {
            let name = l.vat_rate.misa_name();
            match rates.iter_mut().find(|r| r.0 == name) {
                Some(r) => {
                    r.1 += l.amount;
                    r.2 += l.vat_amount;
                }
                None => rates.push((name, l.amount, l.vat_amount)),
            }
        }
        let b = &req.buyer;
        let totals = &req.totals;
        let mut data = json!({
            "RefID": req.transaction_uuid.trim(),
            "InvSeries": format!("{t}{six}"),
            "InvDate": req.issue_date.format("%Y-%m-%d").to_string(),
            "CurrencyCode": req.currency.trim(),
            "ExchangeRate": 1,
            "PaymentMethodName": req.payment_method.code(),
            "IsInvoiceSummary": false,
            "IsSendEmail": false,
            "BuyerLegalName": b.company,
            "BuyerTaxCode": b.tax_code,
            "BuyerAddress": b.address,
            "BuyerFullName": b.name,
            "BuyerEmail": b.email,
            "TotalSaleAmountOC": json_amount(totals.before_vat),
            "TotalSaleAmount": json_amount(totals.before_vat),
            "TotalDiscountAmountOC": 0,
            "TotalDiscountAmount": 0,
            "TotalAmountWithoutVATOC": json_amount(totals.before_vat),
            "TotalAmountWithoutVAT": json_amount(totals.before_vat),
            "TotalVATAmountOC": json_amount(totals.vat),
            "TotalVATAmount": json_amount(totals.vat),
            "TotalAmountOC": json_amount(totals.total),
            "TotalAmount": json_amount(totals.total),
            "TotalAmountInWords": req.total_in_words,
            "OriginalInvoiceDetail": lines,
            "TaxRateInfo": rates.iter().map(|(n, base, vat)| json!({
                "VATRateName": n,
                "AmountWithoutVATOC": json_amount(*base),
                "VATAmountOC": json_amount(*vat),
            })).collect::<Vec<_>>(),
        });
        if let Some(r) = &req.reference {
            let (ot, osix) = symbol_parts(&r.original_series, &r.original_template);
            data["ReferenceType"] = json!(match r.kind {
                ReferenceKind::Replacement => 1,
                ReferenceKind::Adjustment => 2,
            });
            // Decree 123 invoices only: older (Decree 51) originals are out of scope.
            data["OrgInvoiceType"] = json!(1);
            data["OrgInvTemplateNo"] = json!(ot);
            data["OrgInvSeries"] = json!(osix);
            data["OrgInvNo"] = json!(r.original_number);
            data["OrgInvDate"] = json!(r.original_issue_date.format("%Y-%m-%d").to_string());
            data["InvoiceNote"] = json!(r.reason);
        }
        Ok(data)
    }

    /// `/invoice/status` by RefID: `None` when MISA has no invoice with it.
    async fn status_entry(
        &self,
        transaction_uuid: &str,
        with_code: bool,
    ) -> InvoiceResult<Option<StatusEntry>> {
        let path =
            format!("/invoice/status?invoiceWithCode={with_code}&invoiceCalcu=false&inputType=2");
        let v = self.call(&path, &json!([transaction_uuid.trim()])).await?;
        let list = list_field(&v, "data")?;
        let uuid = transaction_uuid.trim();
        Ok(list
            .into_iter()
            .find(|e| {
                e.get("RefID")
                    .and_then(Value::as_str)
                    .is_none_or(|r| r.eq_ignore_ascii_case(uuid))
            })
            .map(StatusEntry))
    }

    /// Fetches a view link MISA handed out (it lives 5 minutes).
    async fn fetch_link(&self, link: &str) -> InvoiceResult<Vec<u8>> {
        let url = if link.starts_with('/') {
            format!("{}{link}", self.origin)
        } else {
            link.to_string()
        };
        let reply = http::send(PROVIDER, "view link", self.http.get(url)).await?;
        if let Some(e) = http::status_error(PROVIDER, &reply) {
            return Err(e.into());
        }
        if !reply.status.is_success() || reply.body.is_empty() {
            return Err(InvoiceError::Rejected {
                provider: PROVIDER,
                message: format!(
                    "view link HTTP {}: {}",
                    reply.status.as_u16(),
                    http::excerpt(&reply.body)
                ),
                code: None,
            });
        }
        Ok(reply.body)
    }
}

impl StatusEntry {
    fn text(&self, key: &str) -> Option<String> {
        text(&self.0, key)
    }

    fn int(&self, key: &str) -> Option<i64> {
        match self.0.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn issued(&self, transaction_uuid: &str) -> Option<IssuedInvoice> {
        let number = self.text("InvNo")?;
        let series = self.text("InvSeries").unwrap_or_default();
        let template = self
            .text("InvTempl")
            .unwrap_or_else(|| series.chars().take(1).collect());
        let issued_at = self
            .text("PublishedTime")
            .and_then(|t| parse_time(&t))
            .or_else(|| self.text("InvDate").and_then(|t| parse_time(&t)))
            .unwrap_or_else(Utc::now);
        Some(IssuedInvoice {
            number,
            series,
            template,
            tax_authority_code: self.text("InvoiceCode"),
            transaction_uuid: transaction_uuid.trim().to_string(),
            issued_at,
        })
    }

    fn describe(&self) -> String {
        let publish = match self.int("PublishStatus") {
            Some(1) => "published".to_string(),
            Some(n) => format!("not published (PublishStatus {n})"),
            None => "publish status unknown".to_string(),
        };
        let kind = match self.int("EInvoiceStatus") {
            Some(1) => "original",
            Some(2) => "cancelled",
            Some(3) => "replacement",
            Some(5) => "adjustment",
            Some(7) => "replaced",
            Some(8) => "adjusted",
            _ => "unknown kind",
        };
        let tax = match self.int("SendTaxStatus") {
            Some(0) => "not sent to the tax authority",
            Some(1) => "sent to the tax authority",
            Some(2) => "accepted by the tax authority",
            Some(3) => "rejected by the tax authority",
            Some(4) => "tax registration invalid",
            _ => "tax authority status unknown",
        };
        format!("{publish}, {kind}, {tax}")
    }
}

/// Reads the envelope (reference §4.2). Token problems come back as [`InvoiceError::Auth`].
fn read(reply: Reply) -> InvoiceResult<Value> {
    if let Some(e) = http::status_error(PROVIDER, &reply) {
        return Err(e.into());
    }
    if matches!(reply.status.as_u16(), 401 | 403) {
        return Err(InvoiceError::Auth {
            provider: PROVIDER,
            message: format!(
                "HTTP {}: {}",
                reply.status.as_u16(),
                http::excerpt(&reply.body)
            ),
        });
    }
    let v = http::json_body(PROVIDER, &reply, false)?;
    let ok = v.get("success").and_then(Value::as_bool).unwrap_or(false);
    let code = text(&v, "errorCode");
    if ok && code.is_none() {
        return Ok(v);
    }
    let message = refusal_text(&v);
    match code {
        Some(c) if TOKEN_CODES.contains(&c.as_str()) || ACCOUNT_CODES.contains(&c.as_str()) => {
            Err(InvoiceError::Auth {
                provider: PROVIDER,
                message,
            })
        }
        code => Err(InvoiceError::Rejected {
            provider: PROVIDER,
            message,
            code,
        }),
    }
}

/// "Code: description (errors…)" from whatever the envelope holds.
fn refusal_text(v: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(c) = text(v, "errorCode") {
        parts.push(c);
    }
    if let Some(d) = text(v, "descriptionErrorCode") {
        parts.push(d);
    }
    if let Some(errs) = v.get("errors").and_then(Value::as_array) {
        let list: Vec<String> = errs
            .iter()
            .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
            .collect();
        if !list.is_empty() {
            parts.push(list.join("; "));
        }
    }
    if parts.is_empty() {
        "no reason given".to_string()
    } else {
        parts.join(": ")
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A list field that may be a JSON list or JSON text of one (second parse); absent or
/// null is an empty list.
fn list_field(v: &Value, key: &str) -> InvoiceResult<Vec<Value>> {
    let malformed = |detail: String| InvoiceError::Malformed {
        provider: PROVIDER,
        detail,
    };
    match v.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => Ok(a.clone()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Vec::new()),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(a)) => Ok(a),
            Ok(Value::Null) => Ok(Vec::new()),
            _ => Err(malformed(format!("{key} is text but not a JSON list"))),
        },
        Some(other) => Err(malformed(format!("{key} is not a list: {other}"))),
    }
}

/// MISA's times: RFC 3339, or Vietnam local time without an offset, or a bare date.
fn parse_time(t: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })?;
    VN_OFFSET
        .from_local_datetime(&naive)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

impl InvoiceProvider for MisaClient {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Misa
    }

    async fn issue(&self, req: &InvoiceRequest) -> InvoiceResult<IssuedInvoice> {
        let data = self.invoice_data(req)?;
        let series = data["InvSeries"].as_str().unwrap_or_default().to_string();
        let certificate = self.certificate().await?;
        let body = json!({
            "SignType": 2,
            "CertificateSN": &*certificate,
            "InvoiceData": [data],
            "PublishInvoiceData": null,
        });
        // Held across the publish call: the next issue on this series waits until MISA
        // has numbered this one (module notes).
        let lock = self.series_lock(&series);
        let turn = lock.lock().await;
        let v = self.call("/invoice", &body).await?;
        let results = list_field(&v, "publishInvoiceResult")?;
        let uuid = req.transaction_uuid.trim();
        let item = results
            .into_iter()
            .find(|r| {
                r.get("RefID")
                    .and_then(Value::as_str)
                    .is_none_or(|x| x.eq_ignore_ascii_case(uuid))
            })
            .ok_or_else(|| InvoiceError::Malformed {
                provider: PROVIDER,
                detail: "publish accepted but publishInvoiceResult holds no result".into(),
            })?;
        if let Some(code) = text(&item, "ErrorCode") {
            return Err(InvoiceError::Rejected {
                provider: PROVIDER,
                message: text(&item, "DescriptionErrorCode").unwrap_or_else(|| code.clone()),
                code: Some(code),
            });
        }
        let number = text(&item, "InvNo").ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: "publish result without InvNo".into(),
        })?;
        let (t, _) = symbol_parts(&series, &req.template);
        let series = text(&item, "InvSeries").unwrap_or(series);
        drop(turn);
        // The tax-authority code is a status field (§4.6): read it there when the publish
        // result does not carry it. The invoice is issued either way; a status that cannot
        // be read now leaves the code to `find`/`status` later.
        let tax_authority_code = match text(&item, "InvoiceCode") {
            Some(code) => Some(code),
            None if series_has_authority_code(&series) => {
                match self.status_entry(uuid, true).await {
                    Ok(entry) => entry.and_then(|e| e.text("InvoiceCode")),
                    Err(e) => {
                        tracing::warn!(
                            provider = PROVIDER,
                            "issued {number}; its status (for the tax-authority code) could not be read: {e}"
                        );
                        None
                    }
                }
            }
            None => None,
        };
        Ok(IssuedInvoice {
            number,
            series,
            template: t,
            tax_authority_code,
            transaction_uuid: uuid.to_string(),
            issued_at: Utc::now(),
        })
    }

    async fn find(&self, req: &InvoiceRequest) -> InvoiceResult<Option<IssuedInvoice>> {
        let uuid = req.transaction_uuid.trim();
        Ok(self
            .status_entry(uuid, series_has_authority_code(&req.series))
            .await?
            .and_then(|e| e.issued(uuid)))
    }

    async fn preview(&self, req: &InvoiceRequest) -> InvoiceResult<Vec<u8>> {
        let data = self.invoice_data(req)?;
        let v = self.call("/invoice/unpublishview", &data).await?;
        let link = text(&v, "data").ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: "unpublishview sent no view link".into(),
        })?;
        self.fetch_link(&link).await
    }

    async fn pdf(&self, invoice: &IssuedInvoice) -> InvoiceResult<Vec<u8>> {
        let with_code = series_has_authority_code(&invoice.series);
        let entry = self
            .status_entry(&invoice.transaction_uuid, with_code)
            .await?
            .ok_or_else(|| not_found(invoice))?;
        let id = entry
            .text("TransactionID")
            .ok_or_else(|| InvoiceError::Malformed {
                provider: PROVIDER,
                detail: format!("status of {} has no TransactionID", invoice.number),
            })?;
        let path = format!(
            "/invoice/download?invoiceWithCode={with_code}&invoiceCalcu=false&downloadDataType=pdf"
        );
        let v = self.call(&path, &json!([id])).await?;
        let files = list_field(&v, "data")?;
        let file = files
            .iter()
            .find(|f| f.get("TransactionID").and_then(Value::as_str) == Some(id.as_str()))
            .or(files.first())
            .ok_or_else(|| InvoiceError::Malformed {
                provider: PROVIDER,
                detail: format!("download sent no file for {}", invoice.number),
            })?;
        let data = text(file, "Data").ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: format!("download of {} has no Data", invoice.number),
        })?;
        base64_decode(&data).ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: format!("download of {} is not base64", invoice.number),
        })
    }

    async fn status(&self, invoice: &IssuedInvoice) -> InvoiceResult<String> {
        let entry = self
            .status_entry(
                &invoice.transaction_uuid,
                series_has_authority_code(&invoice.series),
            )
            .await?
            .ok_or_else(|| not_found(invoice))?;
        Ok(entry.describe())
    }
}

fn not_found(invoice: &IssuedInvoice) -> InvoiceError {
    InvoiceError::Rejected {
        provider: PROVIDER,
        message: format!(
            "no invoice with RefID {} (number {})",
            invoice.transaction_uuid, invoice.number
        ),
        code: None,
    }
}
