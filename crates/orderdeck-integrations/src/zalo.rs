//! Zalo Official Account (reference `customer-channels.md` §2): the OA's OAuth v4 tokens
//! (code exchange and single-use refresh), the webhook's `X-ZEvent-Signature` and its
//! events read into buyer messages, the reply-window rule, the customer-service ("cs")
//! send, and Zalo ZNS — approved templates sent to the Zalo account behind a phone
//! number, used for order notices.
//!
//! ```toml
//! [assistant.zalo]
//! app_id = "1234567890123456789"          # the Zalo app (developers.zalo.me)
//! app_secret = "…"                        # the app's secret: header `secret_key` on token calls
//! oa_secret_key = "…"                     # the OA secret key from the webhook settings: signs events
//! # oauth_base = "https://oauth.zaloapp.com"            (overridable for the simulator)
//! # openapi_base = "https://openapi.zalo.me"
//! # business_base = "https://business.openapi.zalo.me"
//! # timeout_secs = 10
//!
//! [assistant.zalo.zns]                    # optional: order notices by ZNS
//! # development = true                    # `"mode": "development"`: only the app's admins receive
//! [assistant.zalo.zns.shipped]            # one table per notice kind:
//! template_id = "231234"                  # shipped, out_for_delivery, delivery_failed,
//! data = { order_code = "number", carrier = "carrier", tracking = "tracking" }  # delivered, invoice
//! ```
//!
//! `data` maps each parameter the approved template declares to what fills it: `number`
//! (the order number), `carrier`, `tracking` (the tracking number), `date` (the event's
//! day, dd/mm/yyyy, Vietnam time) or `status` (the notice's text in Vietnamese). Zalo
//! refuses a send that lacks a declared parameter (-112), so every one must be listed.
//!
//! Tokens are not in the config: the first pair comes from an authorisation code
//! (`orderdeck assistant zalo-connect --code …`) and is kept in the database; every
//! refresh spends the refresh token and returns a new one, which must be stored before
//! the old is forgotten (§2.1: single-use, single source). The access token's lifetime
//! is in conflict (25 h on a newer integrator page, 1 h on an older one): the reply's
//! `expires_in` is believed, and a send refused with `-216` refreshes once and retries.
//!
//! The window (§2.4, confirmed by Zalo's help centre): after the buyer's last message the
//! OA may send **up to 8 free replies within 48 hours**; past either limit a message is
//! "proactive" (paid quota, verified OA). A send past the window is refused here, before
//! any call, with the reason. The "7-day window" of older material is not used (§2.4:
//! outdated).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures::future::BoxFuture;
use orderdeck_i18n::t;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::marketplace::{Secret, TokenPair};

/// `message.text` of a cs send: at most 2000 characters (§2.3, single source).
pub const MAX_TEXT: usize = 2000;

/// Free replies after the buyer's last message (§2.4).
pub const FREE_REPLIES: i64 = 8;

/// …within this many hours of it (§2.4).
pub const WINDOW_HOURS: i64 = 48;

/// The error Zalo answers for an access token that is invalid or expired (§2.1; the
/// Chatwoot client refreshes and retries on it).
pub const TOKEN_EXPIRED: i64 = -216;

/// `[assistant.zalo]`: the app, the OA's webhook key, where Zalo is, and ZNS templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZaloConfig {
    pub app_id: String,
    /// The app secret: the `secret_key` header of the token calls.
    pub app_secret: String,
    /// The OA secret key from the webhook settings (not the app secret): signs events.
    pub oa_secret_key: String,
    #[serde(default = "default_oauth")]
    pub oauth_base: String,
    #[serde(default = "default_openapi")]
    pub openapi_base: String,
    #[serde(default = "default_business")]
    pub business_base: String,
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// Order notices by ZNS (`[assistant.zalo.zns]`).
    #[serde(default)]
    pub zns: Option<ZnsConfig>,
}

fn default_oauth() -> String {
    "https://oauth.zaloapp.com".into()
}

fn default_openapi() -> String {
    "https://openapi.zalo.me".into()
}

fn default_business() -> String {
    "https://business.openapi.zalo.me".into()
}

/// `[assistant.zalo.zns]`: an approved template per notice kind (none: that notice does
/// not go by ZNS).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZnsConfig {
    /// Sends carry `"mode": "development"`: only the app's and OA's admins receive them.
    #[serde(default)]
    pub development: bool,
    pub shipped: Option<ZnsTemplate>,
    pub out_for_delivery: Option<ZnsTemplate>,
    pub delivery_failed: Option<ZnsTemplate>,
    pub delivered: Option<ZnsTemplate>,
    pub invoice: Option<ZnsTemplate>,
}

impl ZnsConfig {
    /// The template for a notice of this timeline event kind (`shipped`,
    /// `shipment_out_for_delivery`, `shipment_delivery_failed`, `shipment_delivered`,
    /// `invoice_issued`).
    pub fn template_for(&self, event_kind: &str) -> Option<&ZnsTemplate> {
        match event_kind {
            "shipped" => self.shipped.as_ref(),
            "shipment_out_for_delivery" => self.out_for_delivery.as_ref(),
            "shipment_delivery_failed" => self.delivery_failed.as_ref(),
            "shipment_delivered" => self.delivered.as_ref(),
            "invoice_issued" => self.invoice.as_ref(),
            _ => None,
        }
    }
}

/// One approved template: its id and what fills each parameter it declares.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZnsTemplate {
    pub template_id: String,
    /// Template parameter name → what fills it.
    pub data: BTreeMap<String, ZnsField>,
}

/// What fills a template parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZnsField {
    Number,
    Carrier,
    Tracking,
    Date,
    Status,
}

/// The values a notice has, for its template.
#[derive(Debug, Clone, Default)]
pub struct ZnsValues {
    pub number: String,
    pub carrier: String,
    pub tracking: String,
    pub date: String,
    pub status: String,
}

impl ZnsTemplate {
    /// `template_data` for these values. Zalo refuses an empty parameter value (-112), so
    /// an empty one is sent as "-".
    pub fn data_for(&self, v: &ZnsValues) -> BTreeMap<String, String> {
        self.data
            .iter()
            .map(|(param, field)| {
                let value = match field {
                    ZnsField::Number => &v.number,
                    ZnsField::Carrier => &v.carrier,
                    ZnsField::Tracking => &v.tracking,
                    ZnsField::Date => &v.date,
                    ZnsField::Status => &v.status,
                };
                let value = if value.trim().is_empty() {
                    "-".to_string()
                } else {
                    value.clone()
                };
                (param.clone(), value)
            })
            .collect()
    }
}

// ------------------------------------------------------------------------------------
// Webhook

/// `mac=<hex>` for an event (§2.6): `hex(SHA-256(app_id + raw_body + timestamp +
/// oa_secret_key))`, the app id and timestamp as the body carries them. What Zalo sends;
/// the simulator signs with it.
pub fn sign(app_id: &str, body: &[u8], timestamp: &str, oa_secret_key: &str) -> String {
    let mut h = Sha256::new();
    h.update(app_id.as_bytes());
    h.update(body);
    h.update(timestamp.as_bytes());
    h.update(oa_secret_key.as_bytes());
    format!(
        "mac={}",
        crate::marketplace::signing::hex_lower(&h.finalize())
    )
}

/// Whether `header` (`X-ZEvent-Signature: mac=<hex>`) signs `body` — the raw bytes
/// received — for our app with the OA secret key (§2.6).
///
/// The algorithm is the **plain SHA-256** of `app_id + raw_body + timestamp +
/// OA_SECRET_KEY`, not an HMAC: Chatwoot's `zalo_events_job.rb`, a Zalo PHP tutorial and
/// several Python/PHP handlers agree (confirmed). Some code computes HMAC-SHA256 with the
/// app secret instead; the reference calls that a minority reading (conflict, to verify
/// with a real event), so it is not accepted here. `app_id` and `timestamp` are read from
/// the JSON body; an event for another app is refused. Compared in constant time; an
/// empty key verifies nothing.
pub fn signature_ok(
    app_id: &str,
    oa_secret_key: &Secret,
    body: &[u8],
    header: Option<&str>,
) -> bool {
    let Some(given) = header.and_then(|h| h.trim().strip_prefix("mac=")) else {
        return false;
    };
    if oa_secret_key.is_empty() || app_id.trim().is_empty() {
        return false;
    }
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    let (Some(body_app), Some(timestamp)) = (text_of(v.get("app_id")), text_of(v.get("timestamp")))
    else {
        return false;
    };
    if body_app != app_id.trim() {
        return false;
    }
    let want = sign(&body_app, body, &timestamp, oa_secret_key.expose());
    let want = want.trim_start_matches("mac=").as_bytes();
    let given = given.trim().to_ascii_lowercase();
    let given = given.as_bytes();
    if want.len() != given.len() {
        return false;
    }
    want.iter()
        .zip(given)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// A string field, or a number written as it is (ids are 18–19 digits: never read
/// through a float).
fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One webhook event, as far as the desk needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A user wrote to the OA. `user_id` is `sender.id` (the id to reply to), `msg_id` the
    /// de-duplication key; both kept as strings (18–19-digit numbers overflow a double).
    Message {
        user_id: String,
        msg_id: String,
        text: String,
        at: DateTime<Utc>,
    },
    /// `oa_send_*`: something the OA sent. Its existence is **unconfirmed** (§2.5: not
    /// found in the sources read). See [`parse`] for why it does not take a conversation
    /// over.
    OaSent { user_id: String, msg_id: String },
    /// Anything else (receipts, follows, anonymous users, forms): nothing to do.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("the event has no event_name")]
    NoEventName,
}

/// Reads one webhook event (§2.5). A `user_send_text` is the buyer's text. The other
/// `user_send_*` kinds (image, sticker, gif, audio, video, file, link, location) become a
/// message with a placeholder such as `[image]` (their caption when they carry one):
/// each restarts the 48-hour window and needs an answer, so it must reach the Inbox —
/// the assistant reads a placeholder as nothing it can settle, and a person looks at the
/// picture in Zalo. `anonymous_send_*` is left out: an anonymous user is not reachable
/// by a cs send to `user_id`. Receipts, follows and forms are [`Event::Other`].
///
/// `oa_send_*` (an echo of what the OA sent) is read as [`Event::OaSent`] but is
/// unconfirmed; unlike Messenger's echoes it carries nothing that tells our own sends
/// from a person's in the Zalo OA admin, so the desk does not treat it as a takeover
/// (were Zalo to echo API sends, the assistant would silence itself after each reply).
pub fn parse(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let name = v
        .get("event_name")
        .and_then(Value::as_str)
        .ok_or(ParseError::NoEventName)?
        .to_string();
    let at = text_of(v.get("timestamp"))
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
        .unwrap_or_else(Utc::now);
    let msg_id = text_of(v.pointer("/message/msg_id"));
    if let Some(kind) = name.strip_prefix("user_send_") {
        let (Some(user_id), Some(msg_id)) = (text_of(v.pointer("/sender/id")), msg_id) else {
            return Ok(vec![Event::Other(name)]);
        };
        let own = v
            .pointer("/message/text")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let text = match (kind, own) {
            (_, Some(t)) => t.to_string(),
            ("text", None) => return Ok(vec![Event::Other(name)]),
            (other, None) => format!("[{other}]"),
        };
        return Ok(vec![Event::Message {
            user_id,
            msg_id,
            text,
            at,
        }]);
    }
    if name.starts_with("oa_send_")
        && let (Some(user_id), Some(msg_id)) = (text_of(v.pointer("/recipient/id")), msg_id)
    {
        return Ok(vec![Event::OaSent { user_id, msg_id }]);
    }
    Ok(vec![Event::Other(name)])
}

// ------------------------------------------------------------------------------------
// Window

/// Why a reply may not go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowRefusal {
    /// The buyer never wrote to the OA.
    NeverWrote,
    /// More than 48 hours since the buyer's last message.
    After48h,
    /// The 8 free replies since the buyer's last message are used.
    RepliesUsed,
}

/// The window rule (§2.4): whether one more reply may go to a buyer whose last message
/// was at `last_in`, `replies_since` replies having been sent since. Any further message
/// would be "proactive" (paid quota), which orderdeck never sends by itself.
pub fn may_send(
    last_in: Option<DateTime<Utc>>,
    replies_since: i64,
    now: DateTime<Utc>,
) -> Result<(), WindowRefusal> {
    let Some(last) = last_in else {
        return Err(WindowRefusal::NeverWrote);
    };
    if now - last > Duration::hours(WINDOW_HOURS) {
        return Err(WindowRefusal::After48h);
    }
    if replies_since >= FREE_REPLIES {
        return Err(WindowRefusal::RepliesUsed);
    }
    Ok(())
}

// ------------------------------------------------------------------------------------
// Errors

/// What a Zalo call came to. Each says what to do, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZaloError {
    #[error("{}", t!("err-zalo-too-long", max = MAX_TEXT))]
    TooLong,
    #[error("{}", match .0 {
        WindowRefusal::NeverWrote => t!("err-zalo-window-never"),
        WindowRefusal::After48h => t!("err-zalo-window-48h"),
        WindowRefusal::RepliesUsed => t!("err-zalo-window-replies", max = FREE_REPLIES),
    })]
    Window(WindowRefusal),
    /// No tokens stored: the OA was never connected.
    #[error("{}", t!("err-zalo-not-connected"))]
    NotConnected,
    /// `-216` (or ZNS `-124`), also after one refresh.
    #[error("{}", t!("err-zalo-token"))]
    TokenExpired,
    /// The token endpoint refused the code or refresh token (spent, expired, revoked).
    #[error("{}", t!("err-zalo-oauth-refused", reason = .0.as_str()))]
    OAuthRefused(String),
    /// ZNS -108 (or a phone we cannot write as 84…).
    #[error("{}", t!("err-zalo-zns-phone"))]
    PhoneInvalid,
    /// ZNS -109.
    #[error("{}", t!("err-zalo-zns-template", template = .0.as_str()))]
    TemplateInvalid(String),
    /// ZNS -111 / -112.
    #[error("{}", t!("err-zalo-zns-data", code = *.0))]
    TemplateData(i64),
    /// ZNS -110: the buyer's Zalo is too old for ZNS.
    #[error("{}", t!("err-zalo-zns-unsupported"))]
    ZnsUnsupported,
    /// ZNS -101 … -105: the app or its setup is not valid for sending.
    #[error("{}", t!("err-zalo-zns-app", code = *.0))]
    AppSetup(i64),
    /// ZNS -133 (single source): this template may not be sent at night.
    #[error("{}", t!("err-zalo-zns-night"))]
    NightTime,
    #[error("{}", t!("err-zalo-refused", code = *code, message = message.as_str()))]
    Refused { code: i64, message: String },
    #[error("{}", t!("err-zalo-unreachable", reason = .0.as_str()))]
    Transport(String),
    #[error("{}", t!("err-zalo-unreadable", excerpt = .0.as_str()))]
    Unreadable(String),
    /// Our side could not read or keep the tokens.
    #[error("{}", t!("err-zalo-tokens-store", reason = .0.as_str()))]
    Store(String),
}

/// The OA access token for a call, and a fresh one when Zalo refused it. The app keeps
/// the pair in the database; a refresh there happens under a row lock so two processes
/// never both spend the single-use refresh token.
pub trait TokenSource: Send + Sync {
    /// The access token to use now (refreshed first when it is known to have expired).
    fn current(&self) -> BoxFuture<'_, Result<Secret, ZaloError>>;
    /// Zalo refused `stale`: a fresh token — another process's, if it refreshed already,
    /// else a new one from the refresh token.
    fn renew<'a>(&'a self, stale: &'a Secret) -> BoxFuture<'a, Result<Secret, ZaloError>>;
}

// ------------------------------------------------------------------------------------
// ZNS

/// One ZNS send (§2.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZnsMessage {
    /// `84xxxxxxxxx`: see [`phone_84`].
    pub phone: String,
    pub template_id: String,
    pub template_data: BTreeMap<String, String>,
    /// Ours, echoed in the delivery receipt (`user_received_message`).
    pub tracking_id: String,
}

/// A Vietnamese phone in the form ZNS documents: `84` and the nine digits after the
/// leading 0 (`0987654321` → `84987654321`; `+84…` and `84…` as given). The error page
/// also lists `0xxxxxxxxx` as accepted (single source); the documented form is sent.
pub fn phone_84(raw: &str) -> Option<String> {
    let national = orderdeck_domain::intake::normalise_phone(raw)?;
    national.strip_prefix('0').map(|rest| format!("84{rest}"))
}

// ------------------------------------------------------------------------------------
// Client

/// The OA's API: token calls, cs sends and ZNS.
#[derive(Clone)]
pub struct ZaloClient {
    http: reqwest::Client,
    oauth_base: String,
    openapi_base: String,
    business_base: String,
    pub app_id: String,
    app_secret: Secret,
    /// Checks webhook signatures.
    pub oa_secret_key: Secret,
    pub zns: Option<ZnsConfig>,
}

fn base_url(name: &str, raw: &str) -> Result<String, String> {
    let base = raw.trim().trim_end_matches('/').to_string();
    if base.starts_with("https://") || base.starts_with("http://") {
        Ok(base)
    } else {
        Err(format!("{name} must be an http(s) URL, not {base:?}"))
    }
}

impl ZaloClient {
    pub fn new(config: &ZaloConfig) -> Result<ZaloClient, String> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(crate::http::timeout_from(config.timeout_secs))
            .build()
            .map_err(|e| e.to_string())?;
        if config.app_id.trim().is_empty()
            || config.app_secret.trim().is_empty()
            || config.oa_secret_key.trim().is_empty()
        {
            return Err("set app_id, app_secret and oa_secret_key".into());
        }
        if let Some(zns) = &config.zns {
            for (kind, t) in [
                ("shipped", &zns.shipped),
                ("out_for_delivery", &zns.out_for_delivery),
                ("delivery_failed", &zns.delivery_failed),
                ("delivered", &zns.delivered),
                ("invoice", &zns.invoice),
            ] {
                if let Some(t) = t
                    && (t.template_id.trim().is_empty() || t.data.is_empty())
                {
                    return Err(format!(
                        "[assistant.zalo.zns.{kind}]: set template_id and the template's data"
                    ));
                }
            }
        }
        Ok(ZaloClient {
            http,
            oauth_base: base_url("oauth_base", &config.oauth_base)?,
            openapi_base: base_url("openapi_base", &config.openapi_base)?,
            business_base: base_url("business_base", &config.business_base)?,
            app_id: config.app_id.trim().to_string(),
            app_secret: Secret::new(config.app_secret.trim()),
            oa_secret_key: Secret::new(config.oa_secret_key.trim()),
            zns: config.zns.clone(),
        })
    }

    /// The first pair, from the code the OA admin's consent gave (§2.1).
    pub async fn exchange_code(
        &self,
        code: &str,
        code_verifier: Option<&str>,
    ) -> Result<TokenPair, ZaloError> {
        let mut form = vec![
            ("app_id", self.app_id.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code.trim()),
        ];
        if let Some(v) = code_verifier {
            form.push(("code_verifier", v));
        }
        self.token_call(&form).await
    }

    /// A new pair for the refresh token (which this spends: store the new one before
    /// anything else).
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<TokenPair, ZaloError> {
        self.token_call(&[
            ("app_id", self.app_id.as_str()),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ])
        .await
    }

    /// `POST /v4/oa/access_token`, header `secret_key`, a form body; the reply's pair at
    /// the top level with `expires_in` as a string of seconds (§2.1). The older variant
    /// (secret in the body, `data.access_token`) is not spoken.
    async fn token_call(&self, form: &[(&str, &str)]) -> Result<TokenPair, ZaloError> {
        let url = format!("{}/v4/oa/access_token", self.oauth_base);
        let reply = self
            .http
            .post(&url)
            .header("secret_key", self.app_secret.expose())
            .form(form)
            .send()
            .await
            .map_err(|e| ZaloError::Transport(crate::http::error_chain(&e)))?;
        let bytes = reply
            .bytes()
            .await
            .map_err(|e| ZaloError::Transport(crate::http::error_chain(&e)))?;
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|_| ZaloError::Unreadable(crate::http::excerpt(&bytes)))?;
        let access = v.get("access_token").and_then(Value::as_str).unwrap_or("");
        let refresh = v.get("refresh_token").and_then(Value::as_str).unwrap_or("");
        if access.is_empty() || refresh.is_empty() {
            // The shape of a refusal is not in the reference: say what it carries.
            let reason = ["error_description", "error_reason", "error_name", "message"]
                .iter()
                .find_map(|k| v.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))
                .map(str::to_string)
                .or_else(|| v.get("error").map(Value::to_string))
                .unwrap_or_else(|| crate::http::excerpt(&bytes));
            return Err(ZaloError::OAuthRefused(reason));
        }
        // Lifetime in conflict (25 h vs 1 h): believe the reply; without one, the
        // shorter reading.
        let lifetime = text_of(v.get("expires_in"))
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|s| *s > 0)
            .unwrap_or(3600);
        let now = Utc::now();
        let refresh_expires_at = text_of(v.get("refresh_token_expires_in"))
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|s| *s > 0)
            .map(|s| TokenPair::expiry_after(now, s));
        Ok(TokenPair {
            access_token: Secret::new(access),
            refresh_token: Secret::new(refresh),
            access_expires_at: TokenPair::expiry_after(now, lifetime),
            refresh_expires_at,
        })
    }

    /// Sends `text` to `user_id` as a cs reply; Zalo's message id. The window is the
    /// caller's to check ([`may_send`]); the length is checked here, before any call.
    /// A `-216` refreshes the token once and sends again.
    pub async fn send_text(
        &self,
        tokens: &dyn TokenSource,
        user_id: &str,
        text: &str,
    ) -> Result<String, ZaloError> {
        if text.chars().count() > MAX_TEXT {
            return Err(ZaloError::TooLong);
        }
        let body = json!({"recipient": {"user_id": user_id}, "message": {"text": text}});
        let url = format!("{}/v3.0/oa/message/cs", self.openapi_base);
        let token = tokens.current().await?;
        let data = match self.envelope(&url, &token, &body, cs_error).await {
            Err(ZaloError::TokenExpired) => {
                let fresh = tokens.renew(&token).await?;
                self.envelope(&url, &fresh, &body, cs_error).await?
            }
            other => other?,
        };
        text_of(data.get("message_id"))
            .ok_or_else(|| ZaloError::Unreadable(crate::http::excerpt(data.to_string().as_bytes())))
    }

    /// Sends a ZNS template message; Zalo's `msg_id`. A phone not in the `84…` form is
    /// refused before any call; an invalid token (-124, or -216) refreshes once and
    /// sends again.
    pub async fn send_zns(
        &self,
        tokens: &dyn TokenSource,
        msg: &ZnsMessage,
    ) -> Result<String, ZaloError> {
        let phone_ok = msg.phone.len() == 11
            && msg.phone.starts_with("84")
            && msg.phone.bytes().all(|b| b.is_ascii_digit());
        if !phone_ok {
            return Err(ZaloError::PhoneInvalid);
        }
        let mut body = json!({
            "phone": msg.phone,
            "template_id": msg.template_id,
            "template_data": msg.template_data,
            "tracking_id": msg.tracking_id,
        });
        if self.zns.as_ref().is_some_and(|z| z.development) {
            body["mode"] = json!("development");
        }
        let url = format!("{}/message/template", self.business_base);
        let token = tokens.current().await?;
        let zns = |code: i64, message: String| zns_error(code, message, &msg.template_id);
        let data = match self.envelope(&url, &token, &body, zns).await {
            Err(ZaloError::TokenExpired) => {
                let fresh = tokens.renew(&token).await?;
                self.envelope(&url, &fresh, &body, zns).await?
            }
            other => other?,
        };
        text_of(data.get("msg_id"))
            .ok_or_else(|| ZaloError::Unreadable(crate::http::excerpt(data.to_string().as_bytes())))
    }

    /// A call with the `access_token` header, read as Zalo's envelope
    /// `{"error": 0, "message", "data"}` (§2.2): its `data`, or the error `map` makes of
    /// a non-zero `error`. Zalo answers its refusals with HTTP 200.
    async fn envelope(
        &self,
        url: &str,
        token: &Secret,
        body: &Value,
        map: impl Fn(i64, String) -> ZaloError,
    ) -> Result<Value, ZaloError> {
        let reply = self
            .http
            .post(url)
            .header("access_token", token.expose())
            .json(body)
            .send()
            .await
            .map_err(|e| ZaloError::Transport(crate::http::error_chain(&e)))?;
        let status = reply.status();
        let bytes = reply
            .bytes()
            .await
            .map_err(|e| ZaloError::Transport(crate::http::error_chain(&e)))?;
        let Ok(v) = serde_json::from_slice::<Value>(&bytes) else {
            return Err(if status.is_success() {
                ZaloError::Unreadable(crate::http::excerpt(&bytes))
            } else {
                ZaloError::Transport(format!("HTTP {status}: {}", crate::http::excerpt(&bytes)))
            });
        };
        let code = match v.get("error") {
            Some(Value::Number(n)) => n.as_i64().unwrap_or(-1),
            Some(Value::String(s)) => s.trim().parse().unwrap_or(-1),
            _ => return Err(ZaloError::Unreadable(crate::http::excerpt(&bytes))),
        };
        if code != 0 {
            let message = v
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            return Err(map(code, message));
        }
        Ok(v.get("data").cloned().unwrap_or(Value::Null))
    }
}

fn cs_error(code: i64, message: String) -> ZaloError {
    match code {
        TOKEN_EXPIRED => ZaloError::TokenExpired,
        _ => ZaloError::Refused { code, message },
    }
}

/// The ZNS error codes of the official error page (§2.7). Numbers past -112 are not
/// confirmed: -124 (token) and -133 (night-time) come from a third party; the other
/// refusals it names (user inactive or refused ZNS, out of quota, no Zalo account) have
/// no confirmed number and come through as [`ZaloError::Refused`] with Zalo's message.
fn zns_error(code: i64, message: String, template: &str) -> ZaloError {
    match code {
        -108 => ZaloError::PhoneInvalid,
        -109 => ZaloError::TemplateInvalid(template.to_string()),
        -110 => ZaloError::ZnsUnsupported,
        -111 | -112 => ZaloError::TemplateData(code),
        -124 | TOKEN_EXPIRED => ZaloError::TokenExpired,
        -133 => ZaloError::NightTime,
        -105..=-101 => ZaloError::AppSetup(code),
        _ => ZaloError::Refused { code, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_rule() {
        let now = Utc::now();
        let ago = |m: i64| Some(now - Duration::minutes(m));
        assert_eq!(may_send(ago(5), 0, now), Ok(()));
        assert_eq!(may_send(ago(47 * 60 + 59), 0, now), Ok(()));
        assert_eq!(
            may_send(ago(48 * 60 + 1), 0, now),
            Err(WindowRefusal::After48h)
        );
        assert_eq!(may_send(ago(60), 7, now), Ok(()), "the 8th reply goes");
        assert_eq!(
            may_send(ago(60), 8, now),
            Err(WindowRefusal::RepliesUsed),
            "the 9th does not"
        );
        assert_eq!(may_send(None, 0, now), Err(WindowRefusal::NeverWrote));
    }

    #[test]
    fn the_reference_test_vector() {
        // customer-channels.md §13.
        let body = br#"{"app_id":"123","event_name":"user_send_text","timestamp":"1700000000000"}"#;
        assert_eq!(
            sign("123", body, "1700000000000", "oa_secret_x"),
            "mac=bb56348d5535c46a53e87d342d5288a87eea729f2859070a3ba483963d81f191"
        );
        let key = Secret::new("oa_secret_x");
        let header = "mac=bb56348d5535c46a53e87d342d5288a87eea729f2859070a3ba483963d81f191";
        assert!(signature_ok("123", &key, body, Some(header)));
        // Upper-case hex is the same digest.
        assert!(signature_ok(
            "123",
            &key,
            body,
            Some(&header.to_uppercase().replace("MAC=", "mac="))
        ));
    }

    #[test]
    fn signatures_refused() {
        let body = json!({"app_id": "4321", "event_name": "user_send_text",
                          "timestamp": "1700000000123", "sender": {"id": "1"},
                          "message": {"msg_id": "a", "text": "Còn hàng không shop?"}})
        .to_string();
        let body = body.as_bytes();
        let good = sign("4321", body, "1700000000123", "k");
        let key = Secret::new("k");
        assert!(signature_ok("4321", &key, body, Some(&good)));
        assert!(!signature_ok(
            "4321",
            &Secret::new("other"),
            body,
            Some(&good)
        ));
        assert!(!signature_ok("4321", &key, body, None));
        assert!(!signature_ok(
            "4321",
            &key,
            body,
            Some(good.trim_start_matches("mac="))
        ));
        assert!(
            !signature_ok("9999", &key, body, Some(&good)),
            "another app's event"
        );
        // One byte changed in the body.
        let forged = String::from_utf8_lossy(body).replace("Còn", "Con");
        assert!(!signature_ok("4321", &key, forged.as_bytes(), Some(&good)));
        // The HMAC reading (minority) is not accepted.
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<Sha256>::new_from_slice(b"k").unwrap();
        mac.update(body);
        let hmac = format!(
            "mac={}",
            crate::marketplace::signing::hex_lower(&mac.finalize().into_bytes())
        );
        assert!(!signature_ok("4321", &key, body, Some(&hmac)));
        assert!(!signature_ok(
            "4321",
            &Secret::new(""),
            body,
            Some(&sign("4321", body, "1700000000123", ""))
        ));
    }

    #[test]
    fn events_read() {
        let text = json!({"app_id": "1", "user_id_by_app": "552177279717587730",
            "event_name": "user_send_text", "timestamp": "1700000000000",
            "sender": {"id": "2512523625412515323"}, "recipient": {"id": "579745863508352884"},
            "message": {"msg_id": "96d3cdf3af150460909", "text": "Đơn của em tới đâu rồi ạ?"}});
        let events = parse(text.to_string().as_bytes()).unwrap();
        assert_eq!(
            events,
            vec![Event::Message {
                user_id: "2512523625412515323".into(),
                msg_id: "96d3cdf3af150460909".into(),
                text: "Đơn của em tới đâu rồi ạ?".into(),
                at: Utc.timestamp_millis_opt(1_700_000_000_000).unwrap(),
            }]
        );
        // A 19-digit id given as a number stays exact.
        let raw = r#"{"event_name":"user_send_image","timestamp":"1","sender":{"id":9223372036854775807},"message":{"msg_id":"m2","attachments":[{"type":"image","payload":{"url":"x"}}]}}"#;
        assert!(matches!(&parse(raw.as_bytes()).unwrap()[0],
            Event::Message { user_id, text, .. } if user_id == "9223372036854775807" && text == "[image]"));
        let sticker = json!({"event_name": "user_send_sticker", "timestamp": "1",
            "sender": {"id": "5"}, "message": {"msg_id": "m3"}});
        assert!(matches!(&parse(sticker.to_string().as_bytes()).unwrap()[0],
            Event::Message { text, .. } if text == "[sticker]"));
        let echo = json!({"event_name": "oa_send_text", "timestamp": "1",
            "sender": {"id": "OA"}, "recipient": {"id": "5"}, "message": {"msg_id": "m4", "text": "Dạ"}});
        assert_eq!(
            parse(echo.to_string().as_bytes()).unwrap(),
            vec![Event::OaSent {
                user_id: "5".into(),
                msg_id: "m4".into()
            }]
        );
        let seen = json!({"event_name": "user_seen_message", "timestamp": "1"});
        assert!(matches!(
            &parse(seen.to_string().as_bytes()).unwrap()[0],
            Event::Other(_)
        ));
        let anon = json!({"event_name": "anonymous_send_text", "timestamp": "1",
            "sender": {"id": "a"}, "message": {"msg_id": "m5", "text": "hi"}});
        assert!(matches!(
            &parse(anon.to_string().as_bytes()).unwrap()[0],
            Event::Other(_)
        ));
        assert!(parse(b"not json").is_err());
        assert_eq!(parse(b"{}"), Err(ParseError::NoEventName));
    }

    #[test]
    fn phones_in_the_zns_form() {
        assert_eq!(phone_84("0987654321").as_deref(), Some("84987654321"));
        assert_eq!(phone_84("+84 987 654 321").as_deref(), Some("84987654321"));
        assert_eq!(phone_84("84987654321").as_deref(), Some("84987654321"));
        assert_eq!(phone_84("12345"), None);
        assert_eq!(phone_84(""), None);
    }

    #[test]
    fn zns_config_and_data() {
        let cfg: ZaloConfig = serde_json::from_value(json!({
            "app_id": "1", "app_secret": "s", "oa_secret_key": "k",
            "zns": {"shipped": {"template_id": "231234",
                    "data": {"order_code": "number", "carrier": "carrier", "tracking": "tracking"}}}
        }))
        .unwrap();
        assert_eq!(cfg.openapi_base, "https://openapi.zalo.me");
        let zns = cfg.zns.as_ref().unwrap();
        let t = zns.template_for("shipped").unwrap();
        assert!(zns.template_for("shipment_delivered").is_none());
        let data = t.data_for(&ZnsValues {
            number: "OD-000012".into(),
            carrier: "GHN".into(),
            ..Default::default()
        });
        assert_eq!(data["order_code"], "OD-000012");
        assert_eq!(data["tracking"], "-");
        assert!(ZaloClient::new(&cfg).is_ok());
        let bad: Result<ZaloConfig, _> = serde_json::from_value(json!({
            "app_id": "1", "app_secret": "s", "oa_secret_key": "k",
            "zns": {"shipped": {"template_id": "1", "data": {"x": "price"}}}}));
        assert!(bad.is_err(), "an unknown field to fill is a config error");
    }

    #[test]
    fn zns_errors_mapped() {
        assert_eq!(zns_error(-108, String::new(), "t"), ZaloError::PhoneInvalid);
        assert_eq!(
            zns_error(-109, String::new(), "t"),
            ZaloError::TemplateInvalid("t".into())
        );
        assert_eq!(
            zns_error(-112, String::new(), "t"),
            ZaloError::TemplateData(-112)
        );
        assert_eq!(zns_error(-124, String::new(), "t"), ZaloError::TokenExpired);
        assert_eq!(
            zns_error(-103, String::new(), "t"),
            ZaloError::AppSetup(-103)
        );
        assert!(matches!(
            zns_error(-140, "x".into(), "t"),
            ZaloError::Refused { code: -140, .. }
        ));
        assert_eq!(cs_error(-216, String::new()), ZaloError::TokenExpired);
    }
}
