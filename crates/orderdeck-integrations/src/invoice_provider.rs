//! What orderdeck needs from an e-invoice provider, whichever it is: issue an invoice
//! (with our transaction uuid as the idempotency handle), find it again by that uuid,
//! preview a draft, fetch the issued PDF and ask for its status. `sinvoice` (Viettel
//! S-Invoice) and `misa` (MISA meInvoice) implement it over HTTP; `sim` serves both.
//!
//! Exactly-once issuing (Odoo's pattern, oms-anchors b4): the caller stores the
//! transaction uuid before the first `issue`; after an error with
//! [`InvoiceError::outcome_unknown`] it calls [`InvoiceProvider::find`] with the same uuid
//! and issues again (same uuid) only when nothing is found. Never mint a new uuid on retry.

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use rand::Rng;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::carrier::{CarrierError, redact};

/// Which provider; stored with the invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    SInvoice,
    Misa,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 2] = [ProviderKind::SInvoice, ProviderKind::Misa];

    pub fn code(self) -> &'static str {
        match self {
            ProviderKind::SInvoice => "sinvoice",
            ProviderKind::Misa => "misa",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::SInvoice => "Viettel S-Invoice",
            ProviderKind::Misa => "MISA meInvoice",
        }
    }

    pub fn parse(s: &str) -> Option<ProviderKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sinvoice" | "s-invoice" | "viettel" | "vinvoice" => Some(ProviderKind::SInvoice),
            "misa" | "meinvoice" => Some(ProviderKind::Misa),
            _ => None,
        }
    }
}

// The rates and payment methods are the invoice rules' own (`domain::invoice`): one
// definition of what "KCT" or "TM/CK" means, with the providers' spellings beside it.
pub use orderdeck_domain::invoice::{PaymentMethod, VatRate};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    /// Legal name of the buyer's company; empty for a private person.
    pub company: String,
    /// MST; empty for a private person.
    pub tax_code: String,
    pub address: String,
    pub email: String,
    /// The person.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub line_no: u32,
    pub name: String,
    pub unit: String,
    pub qty: Decimal,
    pub unit_price: Decimal,
    pub vat_rate: VatRate,
    /// Before VAT.
    pub amount: Decimal,
    pub vat_amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceTotals {
    pub before_vat: Decimal,
    pub vat: Decimal,
    pub total: Decimal,
}

/// Replacement (S-Invoice `adjustmentType` 3, MISA `ReferenceType` 1) or adjustment
/// (5 / 2) of an invoice already issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReferenceKind {
    Replacement,
    Adjustment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceReference {
    pub kind: ReferenceKind,
    pub original_number: String,
    pub original_series: String,
    pub original_template: String,
    pub original_issue_date: NaiveDate,
    pub reason: String,
}

/// Everything needed to issue (or preview) one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRequest {
    /// Ours, unique, stored before the first call: the idempotency handle (S-Invoice
    /// `transactionUuid`, MISA `RefID`). See [`new_transaction_uuid`].
    pub transaction_uuid: String,
    /// S-Invoice's registered template code, e.g. "1/001"; for MISA its first character
    /// (the template number, "1" = VAT invoice) is what counts.
    pub template: String,
    /// The symbol as printed, e.g. "1C26TAA" (template number + 6 characters); the
    /// 6-character form "C26TAA" is accepted too.
    pub series: String,
    pub issue_date: NaiveDate,
    pub seller_tax_code: String,
    pub buyer: Buyer,
    pub payment_method: PaymentMethod,
    /// Always "VND" for now.
    pub currency: String,
    pub lines: Vec<InvoiceLine>,
    pub totals: InvoiceTotals,
    pub total_in_words: String,
    pub reference: Option<InvoiceReference>,
}

/// An invoice that exists at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedInvoice {
    pub number: String,
    /// The 7-character symbol, e.g. "1C26TAA" (or as the provider reports it).
    pub series: String,
    pub template: String,
    /// Mã CQT, for series with a tax-authority code (symbol letter C) once granted.
    pub tax_authority_code: Option<String>,
    pub transaction_uuid: String,
    pub issued_at: DateTime<Utc>,
}

/// A provider's refusal as a person reads it: its code and its own words, kept as it
/// wrote them and marked as its words.
fn invoice_refusal(provider: &str, message: &str, code: Option<&str>) -> String {
    match code {
        Some(code) => orderdeck_i18n::t!(
            "err-invoice-provider-refused-code",
            provider = provider,
            code = code,
            message = message
        ),
        None => orderdeck_i18n::t!(
            "err-invoice-provider-refused",
            provider = provider,
            message = message
        ),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    /// The provider answered and said no (its message and code, verbatim).
    #[error("{}", invoice_refusal(.provider, .message, .code.as_deref()))]
    Rejected {
        provider: &'static str,
        message: String,
        code: Option<String>,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-auth", provider = *.provider, message = .message))]
    Auth {
        provider: &'static str,
        message: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-provider-rate-limited",
            provider = *.provider,
            seconds = .retry_after_secs.to_string()
        )
    )]
    RateLimited {
        provider: &'static str,
        retry_after_secs: u64,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-timeout", provider = *.provider))]
    Timeout { provider: &'static str },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-provider-unavailable", provider = *.provider, status = .status.to_string())
    )]
    Unavailable { provider: &'static str, status: u16 },
    #[error("{}", orderdeck_i18n::t!("err-provider-malformed", provider = *.provider, detail = .detail))]
    Malformed {
        provider: &'static str,
        detail: String,
    },
    #[error("{}", orderdeck_i18n::t!("err-provider-network", provider = *.provider, detail = .detail))]
    Network {
        provider: &'static str,
        detail: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-provider-not-configured", provider = *.provider, detail = .detail)
    )]
    NotConfigured {
        provider: &'static str,
        detail: String,
    },
}

impl InvoiceError {
    /// Worth trying again later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            InvoiceError::RateLimited { .. }
                | InvoiceError::Timeout { .. }
                | InvoiceError::Unavailable { .. }
                | InvoiceError::Network { .. }
        )
    }

    /// The call may have reached the provider and been carried out: before issuing
    /// again, look the invoice up by its transaction uuid.
    /// The provider did not look at the request (slow down, credentials refused, not
    /// configured): it says nothing of what an earlier attempt under the same transaction
    /// uuid did, so that uuid is kept for the retry.
    pub fn not_processed(&self) -> bool {
        matches!(
            self,
            InvoiceError::RateLimited { .. }
                | InvoiceError::Auth { .. }
                | InvoiceError::NotConfigured { .. }
        )
    }

    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            InvoiceError::Timeout { .. }
                | InvoiceError::Unavailable { .. }
                | InvoiceError::Network { .. }
                | InvoiceError::Malformed { .. }
        )
    }

    /// The provider's own error code, when it refused with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            InvoiceError::Rejected { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

/// The shared HTTP plumbing (`http.rs`) speaks `CarrierError`; its variants mean the
/// same for an invoice provider, so they carry over one to one.
impl From<CarrierError> for InvoiceError {
    fn from(e: CarrierError) -> InvoiceError {
        match e {
            CarrierError::Rejected { carrier, message } => InvoiceError::Rejected {
                provider: carrier,
                message,
                code: None,
            },
            CarrierError::Auth { carrier, message } => InvoiceError::Auth {
                provider: carrier,
                message,
            },
            CarrierError::RateLimited {
                carrier,
                retry_after_secs,
            } => InvoiceError::RateLimited {
                provider: carrier,
                retry_after_secs,
            },
            CarrierError::Timeout { carrier } => InvoiceError::Timeout { provider: carrier },
            CarrierError::Unavailable { carrier, status } => InvoiceError::Unavailable {
                provider: carrier,
                status,
            },
            CarrierError::Malformed { carrier, detail } => InvoiceError::Malformed {
                provider: carrier,
                detail,
            },
            CarrierError::Network { carrier, detail } => InvoiceError::Network {
                provider: carrier,
                detail,
            },
            // Only carriers make `Incomplete` (a request caught before sending): nothing
            // was asked, like a missing setting.
            CarrierError::NotConfigured { carrier, detail }
            | CarrierError::Incomplete { carrier, detail } => InvoiceError::NotConfigured {
                provider: carrier,
                detail,
            },
        }
    }
}

pub type InvoiceResult<T> = Result<T, InvoiceError>;

/// One provider's API. Implementations are cheap to clone (they share one HTTP client).
pub trait InvoiceProvider: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// Issues (signs and publishes) the invoice. After an error with
    /// [`InvoiceError::outcome_unknown`], call [`InvoiceProvider::find`] before issuing
    /// again, with the same transaction uuid.
    fn issue(
        &self,
        req: &InvoiceRequest,
    ) -> impl Future<Output = InvoiceResult<IssuedInvoice>> + Send;

    /// The invoice issued for this request (by its transaction uuid), if there is one —
    /// as it would have come back from `issue`: the request says the series and template
    /// where the provider's look-up does not.
    fn find(
        &self,
        req: &InvoiceRequest,
    ) -> impl Future<Output = InvoiceResult<Option<IssuedInvoice>>> + Send;

    /// The draft as the provider would print it (PDF or HTML bytes); nothing is issued.
    fn preview(&self, req: &InvoiceRequest) -> impl Future<Output = InvoiceResult<Vec<u8>>> + Send;

    /// The issued invoice's PDF.
    fn pdf(&self, invoice: &IssuedInvoice) -> impl Future<Output = InvoiceResult<Vec<u8>>> + Send;

    /// The provider's status text for the invoice (e.g. payment or tax-authority state).
    fn status(&self, invoice: &IssuedInvoice)
    -> impl Future<Output = InvoiceResult<String>> + Send;
}

/// `[invoices.sinvoice]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SInvoiceConfig {
    /// `https://api-vinvoice.viettel.vn/services/einvoiceapplication/api`; the log-in
    /// goes to `/auth/login` on the same host.
    pub base_url: String,
    /// Usually the seller's tax code (MST), maybe with a branch suffix.
    pub username: String,
    pub password: String,
    /// The MST the invoices are issued under (in every path).
    pub supplier_tax_code: String,
    /// Viettel recommends 60–90 s.
    pub timeout_secs: Option<u64>,
}

/// `[invoices.misa]` in the config file.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MisaConfig {
    /// `https://api.meinvoice.vn/api/integration` (or `testapi.` for the sandbox).
    pub base_url: String,
    /// Issued by MISA when the API is bought.
    pub app_id: String,
    /// The seller's MST.
    pub tax_code: String,
    pub username: String,
    pub password: String,
    /// The serial of the HSM certificate MISA signs with (`CertificateSN`, sent with
    /// `SignType` 2, reference §4.3). Unset: the account's certificates are listed
    /// (`/invoice/get-certificates`) and used when there is exactly one.
    #[serde(default)]
    pub certificate_sn: Option<String>,
    pub timeout_secs: Option<u64>,
}

/// `[invoices]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceProvidersConfig {
    pub sinvoice: Option<SInvoiceConfig>,
    pub misa: Option<MisaConfig>,
}

impl std::fmt::Debug for SInvoiceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SInvoiceConfig")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("password", &redact(&self.password))
            .field("supplier_tax_code", &self.supplier_tax_code)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

impl std::fmt::Debug for MisaConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MisaConfig")
            .field("base_url", &self.base_url)
            .field("app_id", &redact(&self.app_id))
            .field("tax_code", &self.tax_code)
            .field("username", &self.username)
            .field("password", &redact(&self.password))
            .field("certificate_sn", &self.certificate_sn)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

/// A fresh v4-format uuid (the `uuid` crate is not a dependency): 36 characters, which
/// fits S-Invoice's 10–36 and MISA's guid `RefID`.
pub fn new_transaction_uuid() -> String {
    let mut b: [u8; 16] = rand::rng().random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Splits a symbol into (template number, 6-character series): "1C26TAA" → ("1",
/// "C26TAA"); a bare "C26TAA" takes the template number from `template` ("1/001" → "1").
pub fn symbol_parts(series: &str, template: &str) -> (String, String) {
    let s = series.trim();
    if s.chars().count() == 7 && s.starts_with(|c: char| c.is_ascii_digit()) {
        (s[..1].to_string(), s[1..].to_string())
    } else {
        let t: String = template.trim().chars().take(1).collect();
        (t, s.to_string())
    }
}

/// Whether invoices in this series get a tax-authority code (symbol letter `C`, §5.1).
pub fn series_has_authority_code(series: &str) -> bool {
    let (_, six) = symbol_parts(series, "");
    six.starts_with(['C', 'c'])
}

/// Checks a request before anything is sent, so a provider never sees totals that do not
/// add up or a uuid it would refuse: "not sent: …" says it was caught here.
pub fn validate(provider: &'static str, req: &InvoiceRequest) -> InvoiceResult<()> {
    let not_sent = |why: String| InvoiceError::Rejected {
        provider,
        message: format!("not sent: {why}"),
        code: None,
    };
    let n = req.transaction_uuid.trim().chars().count();
    if !(10..=36).contains(&n) {
        return Err(not_sent(format!(
            "transaction uuid must be 10 to 36 characters (got {n})"
        )));
    }
    if req.series.trim().is_empty() || req.template.trim().is_empty() {
        return Err(not_sent("template and series are required".into()));
    }
    if req.currency.trim() != "VND" {
        return Err(not_sent(format!("currency {} is not VND", req.currency)));
    }
    let info_only = req
        .reference
        .as_ref()
        .is_some_and(|r| r.kind == ReferenceKind::Adjustment)
        && req.lines.is_empty();
    if req.lines.is_empty() && !info_only {
        return Err(not_sent("an invoice needs at least one line".into()));
    }
    let before: Decimal = req.lines.iter().map(|l| l.amount).sum();
    let vat: Decimal = req.lines.iter().map(|l| l.vat_amount).sum();
    if before != req.totals.before_vat || vat != req.totals.vat {
        return Err(not_sent(format!(
            "totals ({} + VAT {}) are not the sum of the lines ({before} + VAT {vat})",
            req.totals.before_vat, req.totals.vat
        )));
    }
    if req.totals.before_vat + req.totals.vat != req.totals.total {
        return Err(not_sent(format!(
            "total {} is not {} + {}",
            req.totals.total, req.totals.before_vat, req.totals.vat
        )));
    }
    // VND has no minor unit: a fraction of a đồng on an invoice is a rounding mistake.
    for (what, d) in [
        ("total before VAT", req.totals.before_vat),
        ("VAT", req.totals.vat),
        ("total", req.totals.total),
    ] {
        if d.fract() != Decimal::ZERO {
            return Err(not_sent(format!(
                "{what} {d} is not a whole number of đồng"
            )));
        }
    }
    if req.total_in_words.trim().is_empty() {
        return Err(not_sent("the total in words is required".into()));
    }
    Ok(())
}

/// An amount for a JSON body as a JSON number, without going through a binary float
/// when it is whole (every VND amount); quantities and unit prices may carry decimals,
/// which an `f64` prints back exactly at the few places invoices use.
pub fn json_amount(d: Decimal) -> serde_json::Value {
    use rust_decimal::prelude::ToPrimitive;
    let d = d.normalize();
    if d.fract() == Decimal::ZERO
        && let Some(i) = d.to_i64()
    {
        return serde_json::Value::from(i);
    }
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(
            || serde_json::Value::String(d.to_string()),
            serde_json::Value::Number,
        )
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (providers send files this way; no crate for it here).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = match chunk.len() {
            3 => (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]),
            2 => (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8),
            _ => u32::from(chunk[0]) << 16,
        };
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Reads standard base64 (whitespace ignored); `None` when it is not base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut padding = false;
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if c == b'=' {
            padding = true;
            continue;
        }
        if padding {
            return None;
        }
        let v = B64.iter().position(|x| *x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}
