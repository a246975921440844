//! Viettel S-Invoice (vInvoice) over its JSON API, reference §3.
//!
//! Log-in: POST `/auth/login` on the API host gives an `access_token` (about 5 minutes);
//! it is cached until shortly before `expires_in` and sent both as the cookie
//! `access_token` (what Odoo, the official connector, does) and as a bearer header (what
//! other clients do), since S-Invoice versions differ in which one they read. A 401/403
//! makes us log in once more and retry.
//!
//! Replies: `{errorCode, description, result}`; a non-null `errorCode` (or, as Odoo
//! checks, an `error`/`code` key) is a refusal, whatever the HTTP status.
//!
//! Exactly once: `generalInvoiceInfo.transactionUuid` is our transaction uuid; `find`
//! asks `searchInvoiceByTransactionUuid` (form-encoded, reference §3.2).
//!
//! Recovery: `searchInvoiceByTransactionUuid` is documented to return `invoiceNo`,
//! `reservationCode`, `issueDate` and `status` only. A found invoice takes its series and
//! template from the request we sent (we store it before the first send), and its
//! tax-authority code — returned only by createInvoice — from the invoice XML's `MCCQT`,
//! which the ZIP representation holds (`invoice_xml`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::http::{self, Reply};
use crate::invoice_provider::{
    InvoiceError, InvoiceProvider, InvoiceRequest, InvoiceResult, IssuedInvoice, ProviderKind,
    ReferenceKind, SInvoiceConfig, base64_decode, json_amount, series_has_authority_code,
    symbol_parts, validate,
};

pub(crate) const PROVIDER: &str = "Viettel S-Invoice";

const VN_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

/// Log in again this long before the token's stated expiry, so a call never races it.
const TOKEN_MARGIN: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct SInvoiceClient {
    http: reqwest::Client,
    /// `…/services/einvoiceapplication/api`, no trailing slash.
    base: String,
    /// `https://host/auth/login`.
    login_url: String,
    username: Arc<str>,
    password: Arc<str>,
    tax_code: Arc<str>,
    /// The token and when to stop using it.
    token: http::TokenCache,
}

impl std::fmt::Debug for SInvoiceClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SInvoiceClient")
            .field("base", &self.base)
            .field("username", &self.username)
            .field("password", &crate::carrier::redact(&self.password))
            .field("supplier_tax_code", &self.tax_code)
            .finish()
    }
}

enum Payload<'a> {
    Json(&'a Value),
    Form(&'a [(&'a str, &'a str)]),
}

impl SInvoiceClient {
    pub fn new(cfg: &SInvoiceConfig) -> InvoiceResult<SInvoiceClient> {
        SInvoiceClient::with_timeout(cfg, http::timeout_from(cfg.timeout_secs))
    }

    /// As [`SInvoiceClient::new`] with a timeout finer than whole seconds (tests).
    pub fn with_timeout(cfg: &SInvoiceConfig, timeout: Duration) -> InvoiceResult<SInvoiceClient> {
        let base = http::checked_base_url(
            PROVIDER,
            "invoices.sinvoice.base_url (ORDERDECK_INVOICES__SINVOICE__BASE_URL)",
            &cfg.base_url,
        )?;
        if cfg.username.trim().is_empty()
            || cfg.password.is_empty()
            || cfg.supplier_tax_code.trim().is_empty()
        {
            return Err(InvoiceError::NotConfigured {
                provider: PROVIDER,
                detail: "set invoices.sinvoice.username, password and supplier_tax_code \
                         (ORDERDECK_INVOICES__SINVOICE__USERNAME, …__PASSWORD, \
                         …__SUPPLIER_TAX_CODE)"
                    .into(),
            });
        }
        Ok(SInvoiceClient {
            http: http::build_client(PROVIDER, timeout)?,
            base: base.as_str().trim_end_matches('/').to_string(),
            login_url: format!("{}/auth/login", base.origin().ascii_serialization()),
            username: Arc::from(cfg.username.trim()),
            password: Arc::from(cfg.password.as_str()),
            tax_code: Arc::from(cfg.supplier_tax_code.trim()),
            token: http::TokenCache::default(),
        })
    }

    async fn login(&self) -> InvoiceResult<(Arc<str>, Instant)> {
        let creds = json!({ "username": &*self.username, "password": &*self.password });
        let request = self.http.post(&self.login_url).json(&creds);
        let reply = http::send(PROVIDER, "/auth/login", request).await?;
        if let Some(e) = http::status_error(PROVIDER, &reply) {
            return Err(e.into());
        }
        // Quiet: a successful reply carries the token.
        let v = http::json_body(PROVIDER, &reply, true)?;
        let token = v
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        match token {
            Some(t) => {
                // A lifetime beyond a day is not believed (a fuzzed reply of u64::MAX
                // seconds overflowed the clock): the token is simply asked for again.
                let secs = v
                    .get("expires_in")
                    .and_then(Value::as_u64)
                    .unwrap_or(300)
                    .min(86_400);
                let until = Instant::now() + Duration::from_secs(secs).saturating_sub(TOKEN_MARGIN);
                tracing::debug!(provider = PROVIDER, "logged in");
                Ok((Arc::from(t), until))
            }
            None => Err(InvoiceError::Auth {
                provider: PROVIDER,
                message: format!(
                    "log-in refused (HTTP {}): {}",
                    reply.status.as_u16(),
                    message_of(&v).unwrap_or_else(|| "no access_token in the reply".into())
                ),
            }),
        }
    }

    /// Logs in (or reuses the token): the cheap authenticated call `config check` makes.
    pub async fn check(&self) -> InvoiceResult<()> {
        self.current_token().await.map(|_| ())
    }

    async fn current_token(&self) -> InvoiceResult<Arc<str>> {
        self.token
            .get(|| async {
                let (token, until) = self.login().await?;
                Ok((token, Some(until)))
            })
            .await
    }

    async fn forget_token(&self, stale: &Arc<str>) {
        self.token.forget(stale).await;
    }

    /// POSTs to `{base}/{path}` with the token; logs in again once on 401/403. Returns
    /// the body of an accepted call; a refusal becomes [`InvoiceError::Rejected`].
    async fn call(&self, path: &str, payload: Payload<'_>) -> InvoiceResult<Value> {
        let mut retried = false;
        loop {
            let token = self.current_token().await?;
            let request = self
                .http
                .post(format!("{}/{path}", self.base))
                .header(reqwest::header::COOKIE, format!("access_token={token}"))
                .bearer_auth(&*token);
            let request = match &payload {
                Payload::Json(v) => request.json(v),
                Payload::Form(f) => request.form(f),
            };
            // The path ends with our tax code at most: nothing secret in the log.
            let reply = http::send(PROVIDER, path, request).await?;
            if matches!(reply.status.as_u16(), 401 | 403) {
                self.forget_token(&token).await;
                if retried {
                    return Err(InvoiceError::Auth {
                        provider: PROVIDER,
                        message: format!(
                            "token refused right after logging in (HTTP {}): {}",
                            reply.status.as_u16(),
                            http::excerpt(&reply.body)
                        ),
                    });
                }
                tracing::debug!(provider = PROVIDER, path, "token refused; logging in again");
                retried = true;
                continue;
            }
            return read(reply);
        }
    }

    fn create_body(&self, req: &InvoiceRequest) -> InvoiceResult<Value> {
        validate(PROVIDER, req)?;
        let (template_no, six) = symbol_parts(&req.series, &req.template);
        let mut general = json!({
            "invoiceType": template_no,
            "templateCode": req.template.trim(),
            "invoiceSeries": six,
            "invoiceIssuedDate": issue_millis(req.issue_date),
            "currencyCode": req.currency.trim(),
            "adjustmentType": "1",
            "paymentStatus": false,
            "cusGetInvoiceRight": true,
            "transactionUuid": req.transaction_uuid.trim(),
            "validation": 1,
        });
        if let Some(r) = &req.reference {
            general["adjustmentType"] = json!(match r.kind {
                ReferenceKind::Replacement => "3",
                ReferenceKind::Adjustment => "5",
            });
            if r.kind == ReferenceKind::Adjustment {
                // Money adjustment when there are lines, information only when not.
                general["adjustmentInvoiceType"] =
                    json!(if req.lines.is_empty() { "2" } else { "1" });
            }
            general["originalInvoiceId"] = json!(r.original_number);
            general["originalInvoiceIssueDate"] = json!(day_millis(r.original_issue_date));
            general["originalTemplateCode"] = json!(r.original_template);
            general["adjustedNote"] = json!(r.reason);
            general["additionalReferenceDesc"] = json!(r.reason);
            general["additionalReferenceDate"] = json!(issue_millis(req.issue_date));
        }
        let items: Vec<Value> = req
            .lines
            .iter()
            .map(|l| {
                let mut item = json!({
                    "lineNumber": l.line_no,
                    "selection": 1,
                    "itemName": l.name.chars().take(500).collect::<String>(),
                    "unitName": l.unit,
                    "unitPrice": json_amount(l.unit_price),
                    "quantity": json_amount(l.qty),
                    "itemTotalAmountWithoutTax": json_amount(l.amount),
                    "taxPercentage": i64::from(l.vat_rate.viettel_percentage()),
                    "taxAmount": json_amount(l.vat_amount),
                    "itemTotalAmountWithTax": json_amount(l.amount + l.vat_amount),
                });
                // A money adjustment's decreasing line (a cancelled sale): Odoo's credit
                // notes send the negative price with `isIncreaseItem: false`.
                if req.reference.is_some() && l.amount.is_sign_negative() {
                    item["isIncreaseItem"] = json!(false);
                }
                item
            })
            .collect();
        // One breakdown per rate, in the order the rates first appear.
        let mut breakdowns: Vec<(i64, Decimal, Decimal)> = Vec::new();
        for l in &req.lines {
            let p = i64::from(l.vat_rate.viettel_percentage());
            match breakdowns.iter_mut().find(|b| b.0 == p) {
                Some(b) => {
                    b.1 += l.amount;
                    b.2 += l.vat_amount;
                }
                None => breakdowns.push((p, l.amount, l.vat_amount)),
            }
        }
        let buyer = &req.buyer;
        Ok(json!({
            "generalInvoiceInfo": general,
            "buyerInfo": {
                "buyerName": buyer.name,
                "buyerLegalName": buyer.company,
                "buyerTaxCode": buyer.tax_code,
                "buyerAddressLine": buyer.address,
                "buyerEmail": buyer.email,
            },
            "sellerInfo": { "sellerTaxCode": req.seller_tax_code.trim() },
            "payments": [{ "paymentMethodName": req.payment_method.code() }],
            "itemInfo": items,
            "summarizeInfo": {
                "sumOfTotalLineAmountWithoutTax": json_amount(req.totals.before_vat),
                "totalAmountWithoutTax": json_amount(req.totals.before_vat),
                "totalTaxAmount": json_amount(req.totals.vat),
                "totalAmountWithTax": json_amount(req.totals.total),
                "totalAmountWithTaxInWords": req.total_in_words,
            },
            "taxBreakdowns": breakdowns.iter().map(|(p, base, tax)| json!({
                "taxPercentage": p,
                "taxableAmount": json_amount(*base),
                "taxAmount": json_amount(*tax),
            })).collect::<Vec<_>>(),
        }))
    }

    /// The search result for a transaction uuid: `None` when there is no such invoice.
    async fn search(&self, transaction_uuid: &str) -> InvoiceResult<Option<Value>> {
        let form = [
            ("supplierTaxCode", &*self.tax_code),
            ("transactionUuid", transaction_uuid.trim()),
        ];
        let v = match self
            .call(
                "InvoiceAPI/InvoiceWS/searchInvoiceByTransactionUuid",
                Payload::Form(&form),
            )
            .await
        {
            Ok(v) => v,
            Err(InvoiceError::Rejected { code: Some(c), .. }) if c.contains("NOT_FOUND") => {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        match v.get("result") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(list)) => Ok(list.first().cloned()),
            Some(other @ Value::Object(_)) => Ok(Some(other.clone())),
            Some(other) => Err(InvoiceError::Malformed {
                provider: PROVIDER,
                detail: format!("search result is not a list: {other}"),
            }),
        }
    }

    /// `fileToBytes` of a file reply, decoded.
    fn file_bytes(what: &str, v: &Value) -> InvoiceResult<Vec<u8>> {
        let text = v
            .get("fileToBytes")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| InvoiceError::Malformed {
                provider: PROVIDER,
                detail: format!("{what}: no fileToBytes in the reply"),
            })?;
        base64_decode(text).ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: format!("{what}: fileToBytes is not base64"),
        })
    }
}

/// Reads a reply through S-Invoice's error shape (reference §3.6).
fn read(reply: Reply) -> InvoiceResult<Value> {
    if let Some(e) = http::status_error(PROVIDER, &reply) {
        return Err(e.into());
    }
    let v = http::json_body(PROVIDER, &reply, false)?;
    let code = match v.get("errorCode") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(other) => Some(other.to_string()),
    };
    let odoo_error =
        v.get("error").is_some_and(|e| !e.is_null()) || v.get("code").is_some_and(|e| !e.is_null());
    if code.is_some() || odoo_error || !reply.status.is_success() {
        let code = code.or_else(|| {
            v.get("code")
                .filter(|c| !c.is_null())
                .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string))
        });
        return Err(InvoiceError::Rejected {
            provider: PROVIDER,
            message: message_of(&v).unwrap_or_else(|| {
                format!(
                    "HTTP {}: {}",
                    reply.status.as_u16(),
                    http::excerpt(&reply.body)
                )
            }),
            code,
        });
    }
    Ok(v)
}

/// The human part of an error reply.
fn message_of(v: &Value) -> Option<String> {
    [
        "description",
        "message",
        "error_description",
        "error",
        "data",
    ]
    .iter()
    .find_map(|k| v.get(*k).and_then(Value::as_str))
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Epoch ms of an issue date. Today is "now" (S-Invoice wants numbering to follow time,
/// as Odoo does), whole seconds; another day is its start in Vietnam time.
fn issue_millis(date: chrono::NaiveDate) -> i64 {
    let now = Utc::now().with_timezone(&VN_OFFSET);
    if now.date_naive() == date {
        now.timestamp() * 1000
    } else {
        day_millis(date)
    }
}

fn day_millis(date: chrono::NaiveDate) -> i64 {
    VN_OFFSET
        .from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .single()
        .map_or(0, |d| d.timestamp_millis())
}

/// `issueDate` as epoch ms, a number or numeric text.
fn millis_of(v: &Value) -> Option<DateTime<Utc>> {
    let ms = match v {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    DateTime::from_timestamp_millis(ms)
}

impl SInvoiceClient {
    /// An issued invoice's representation file (`PDF`, or `ZIP`: a zip holding a zip
    /// with the XML and its XSL, §3.2), by number and template.
    async fn representation(
        &self,
        invoice: &IssuedInvoice,
        file_type: &str,
    ) -> InvoiceResult<Vec<u8>> {
        let body = json!({
            "supplierTaxCode": &*self.tax_code,
            "invoiceNo": invoice.number,
            "templateCode": invoice.template,
            "fileType": file_type,
        });
        let v = self
            .call(
                "InvoiceAPI/InvoiceUtilsWS/getInvoiceRepresentationFile",
                Payload::Json(&body),
            )
            .await?;
        SInvoiceClient::file_bytes(
            if file_type == "ZIP" {
                "invoice XML (ZIP)"
            } else {
                "invoice PDF"
            },
            &v,
        )
    }

    /// `MCCQT` from the invoice's XML, read out of its ZIP representation.
    async fn authority_code_from_xml(
        &self,
        invoice: &IssuedInvoice,
    ) -> InvoiceResult<Option<String>> {
        let bytes = self.representation(invoice, "ZIP").await?;
        crate::invoice_xml::authority_code(&bytes).map_err(|detail| InvoiceError::Malformed {
            provider: PROVIDER,
            detail,
        })
    }
}

impl InvoiceProvider for SInvoiceClient {
    fn kind(&self) -> ProviderKind {
        ProviderKind::SInvoice
    }

    async fn issue(&self, req: &InvoiceRequest) -> InvoiceResult<IssuedInvoice> {
        let body = self.create_body(req)?;
        let path = format!("InvoiceAPI/InvoiceWS/createInvoice/{}", self.tax_code);
        let v = self.call(&path, Payload::Json(&body)).await?;
        let result = v.get("result").cloned().unwrap_or(Value::Null);
        let number = text(&result, "invoiceNo").ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: "createInvoice accepted but sent no result.invoiceNo".into(),
        })?;
        let (t, six) = symbol_parts(&req.series, &req.template);
        Ok(IssuedInvoice {
            number,
            series: format!("{t}{six}"),
            template: req.template.trim().to_string(),
            tax_authority_code: text(&result, "codeOfTax"),
            transaction_uuid: req.transaction_uuid.trim().to_string(),
            issued_at: Utc::now(),
        })
    }

    async fn find(&self, req: &InvoiceRequest) -> InvoiceResult<Option<IssuedInvoice>> {
        let uuid = req.transaction_uuid.trim();
        let Some(found) = self.search(uuid).await? else {
            return Ok(None);
        };
        let number = text(&found, "invoiceNo").ok_or_else(|| InvoiceError::Malformed {
            provider: PROVIDER,
            detail: "search result without invoiceNo".into(),
        })?;
        let issued_at =
            found
                .get("issueDate")
                .and_then(millis_of)
                .ok_or_else(|| InvoiceError::Malformed {
                    provider: PROVIDER,
                    detail: format!("search result without a readable issueDate for {number}"),
                })?;
        // The search documents the number, lookup code, date and status only: the series
        // and template are the ones we sent, so the recovered invoice reads exactly as
        // one issued in one go.
        let (t, six) = symbol_parts(&req.series, &req.template);
        let mut issued = IssuedInvoice {
            number,
            series: format!("{t}{six}"),
            template: req.template.trim().to_string(),
            tax_authority_code: text(&found, "codeOfTax"),
            transaction_uuid: uuid.to_string(),
            issued_at,
        };
        // The tax-authority code comes back only from createInvoice (§3.2, §5.3); after
        // a lost reply it is read from the invoice's own XML (`MCCQT`, §5.1), which the
        // ZIP representation holds. Unreadable: the invoice is still found, and said.
        if issued.tax_authority_code.is_none() && series_has_authority_code(&issued.series) {
            match self.authority_code_from_xml(&issued).await {
                Ok(code) => issued.tax_authority_code = code,
                Err(e) => tracing::warn!(
                    provider = PROVIDER,
                    "found {} by its transaction uuid; its tax-authority code could not be read: {e}",
                    issued.number
                ),
            }
        }
        Ok(Some(issued))
    }

    async fn preview(&self, req: &InvoiceRequest) -> InvoiceResult<Vec<u8>> {
        let body = self.create_body(req)?;
        let path = format!(
            "InvoiceAPI/InvoiceUtilsWS/createInvoiceDraftPreview/{}",
            self.tax_code
        );
        let v = self.call(&path, Payload::Json(&body)).await?;
        SInvoiceClient::file_bytes("draft preview", &v)
    }

    async fn pdf(&self, invoice: &IssuedInvoice) -> InvoiceResult<Vec<u8>> {
        self.representation(invoice, "PDF").await
    }

    async fn status(&self, invoice: &IssuedInvoice) -> InvoiceResult<String> {
        let found = self
            .search(&invoice.transaction_uuid)
            .await?
            .ok_or_else(|| InvoiceError::Rejected {
                provider: PROVIDER,
                message: format!(
                    "no invoice with transaction uuid {} (number {})",
                    invoice.transaction_uuid, invoice.number
                ),
                code: None,
            })?;
        Ok(text(&found, "status").unwrap_or_else(|| "issued".to_string()))
    }
}
