//! A loopback Zalo Official Account (reference `customer-channels.md` §2), as strict as
//! the documents, on one port for the three hosts (OAuth, Open API, ZNS):
//!
//! - `POST /v4/oa/access_token` (§2.1): the `secret_key` header must be the app secret;
//!   a form body with our `app_id` and `grant_type` `authorization_code` (a code handed
//!   out by [`ZaloSim::auth_code`], good once) or `refresh_token` (the one most recently
//!   issued: single-use, so an old one is refused). It answers the pair at the top level
//!   with `expires_in` as a string.
//! - `POST /v3.0/oa/message/cs` (§2.3): the `access_token` header must be a token issued
//!   and not expired ([`ZaloSim::expire_access_tokens`] ages them all: `-216`); a JSON body
//!   with `recipient.user_id` of a user who wrote to the OA and `message.text` of at most
//!   2000 characters; and the reply window (§2.4): within 48 hours of the user's last
//!   message and at most 8 replies since.
//! - `POST /message/template` (§2.7): the same token (`-124` when not valid), `phone` in
//!   the documented `84xxxxxxxxx` form (`-108`), a known `template_id` (`-109`),
//!   `template_data` an object (`-111` when empty or missing) with every parameter the
//!   template declares as a non-empty string (`-112`).
//!
//! Refusals are Zalo's envelope `{"error": <non-zero>, "message": …}` with HTTP 200. The
//! numbers the reference gives are used as given (-216, -108, -109, -111, -112, -124);
//! where it gives none (a malformed cs body, an unknown user, a reply past the window, a
//! refused token request) the number here is the simulator's own and marked so.
//!
//! Buyers write through [`ZaloSim::buyer_writes`]: a `user_send_text` event signed as
//! §2.6 says (`X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA key)`),
//! posted to the webhook.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{DateTime, Duration, Utc};
use orderdeck_integrations::zalo::{ZaloConfig, ZnsConfig, ZnsField, ZnsTemplate, sign};
use serde_json::{Value, json};

/// The app and OA the simulator plays.
#[derive(Debug, Clone)]
pub struct OaCredentials {
    pub app_id: String,
    pub app_secret: String,
    pub oa_secret_key: String,
    pub oa_id: String,
    /// What a token reply says in `expires_in` (seconds, a string on the wire).
    pub token_lifetime_secs: i64,
}

impl Default for OaCredentials {
    fn default() -> Self {
        OaCredentials {
            app_id: "4318829120463514275".into(),
            app_secret: "sim-zalo-app-secret".into(),
            oa_secret_key: "sim-zalo-oa-secret-key".into(),
            oa_id: "579745863508352884".into(),
            // 25 h, the newer integrator page's reading (§2.1).
            token_lifetime_secs: 90_000,
        }
    }
}

/// The ZNS templates the simulated OA has approved: id → the parameters each declares.
pub fn demo_templates() -> BTreeMap<String, Vec<String>> {
    let p = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    [
        ("240101", p(&["order_code", "carrier", "tracking_code"])),
        ("240102", p(&["order_code", "tracking_code"])),
        ("240103", p(&["order_code", "carrier"])),
        ("240104", p(&["order_code", "date"])),
        ("240105", p(&["order_code"])),
    ]
    .into_iter()
    .map(|(id, params)| (id.to_string(), params))
    .collect()
}

/// `[assistant.zalo.zns]` for [`demo_templates`].
pub fn demo_zns() -> ZnsConfig {
    let t = |id: &str, data: &[(&str, ZnsField)]| ZnsTemplate {
        template_id: id.to_string(),
        data: data.iter().map(|(k, f)| (k.to_string(), *f)).collect(),
    };
    ZnsConfig {
        development: false,
        shipped: Some(t(
            "240101",
            &[
                ("order_code", ZnsField::Number),
                ("carrier", ZnsField::Carrier),
                ("tracking_code", ZnsField::Tracking),
            ],
        )),
        out_for_delivery: Some(t(
            "240102",
            &[
                ("order_code", ZnsField::Number),
                ("tracking_code", ZnsField::Tracking),
            ],
        )),
        delivery_failed: Some(t(
            "240103",
            &[
                ("order_code", ZnsField::Number),
                ("carrier", ZnsField::Carrier),
            ],
        )),
        delivered: Some(t(
            "240104",
            &[("order_code", ZnsField::Number), ("date", ZnsField::Date)],
        )),
        invoice: Some(t("240105", &[("order_code", ZnsField::Number)])),
    }
}

/// A cs message the OA sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub user_id: String,
    pub text: String,
    pub message_id: String,
}

/// A ZNS message the OA sent.
#[derive(Debug, Clone)]
pub struct ZnsSent {
    pub phone: String,
    pub template_id: String,
    pub template_data: BTreeMap<String, String>,
    pub tracking_id: String,
    pub msg_id: String,
}

#[derive(Default)]
struct Inner {
    codes: HashSet<String>,
    /// Access tokens handed out, with when each stops working.
    access: HashMap<String, DateTime<Utc>>,
    /// The one refresh token that works now (each is good once).
    refresh: Option<String>,
    /// Refresh tokens spent or replaced: refused.
    spent_refresh: HashSet<String>,
    /// Per user: their last message, and the replies since.
    users: HashMap<String, (DateTime<Utc>, i64)>,
    templates: BTreeMap<String, Vec<String>>,
    sent: Vec<Sent>,
    zns: Vec<ZnsSent>,
    /// Calls received per path (refused ones too).
    calls: HashMap<String, usize>,
    next: u64,
}

#[derive(Clone)]
pub struct ZaloSim {
    pub addr: SocketAddr,
    pub oa: OaCredentials,
    inner: Arc<Mutex<Inner>>,
    http: reqwest::Client,
}

fn lock(m: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ZaloSim {
    /// Starts the OA on a loopback port, with [`demo_templates`] approved.
    pub async fn start(oa: OaCredentials) -> std::io::Result<ZaloSim> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let sim = ZaloSim {
            addr,
            oa,
            inner: Arc::new(Mutex::new(Inner {
                templates: demo_templates(),
                ..Default::default()
            })),
            http: reqwest::Client::new(),
        };
        let app = axum::Router::new()
            .route("/v4/oa/access_token", post(access_token))
            .route("/v3.0/oa/message/cs", post(send_cs))
            .route("/message/template", post(send_zns))
            .with_state(sim.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(sim)
    }

    /// `[assistant.zalo]` pointing here (no ZNS templates: see [`demo_zns`]).
    pub fn config(&self) -> ZaloConfig {
        let base = format!("http://{}", self.addr);
        ZaloConfig {
            app_id: self.oa.app_id.clone(),
            app_secret: self.oa.app_secret.clone(),
            oa_secret_key: self.oa.oa_secret_key.clone(),
            oauth_base: base.clone(),
            openapi_base: base.clone(),
            business_base: base,
            timeout_secs: Some(5),
            zns: None,
        }
    }

    /// A fresh authorisation code, as the OA admin's consent would hand out (good once).
    pub fn auth_code(&self) -> String {
        let mut g = lock(&self.inner);
        g.next += 1;
        let code = format!("sim-zalo-code-{}-{}", g.next, Utc::now().timestamp_micros());
        g.codes.insert(code.clone());
        code
    }

    /// Every access token handed out stops working (the next call gets `-216`).
    pub fn expire_access_tokens(&self) {
        let past = Utc::now() - Duration::seconds(1);
        for at in lock(&self.inner).access.values_mut() {
            *at = past;
        }
    }

    /// Approves a template with these parameters.
    pub fn add_template(&self, id: &str, params: &[&str]) {
        lock(&self.inner).templates.insert(
            id.to_string(),
            params.iter().map(|s| s.to_string()).collect(),
        );
    }

    /// A user writes to the OA: the `user_send_text` event Zalo would post to `webhook`,
    /// signed. Returns the message id and the webhook's HTTP status.
    pub async fn buyer_writes(
        &self,
        webhook: &str,
        user_id: &str,
        text: &str,
    ) -> Result<(String, u16), String> {
        let now = Utc::now();
        let msg_id = {
            let mut g = lock(&self.inner);
            g.next += 1;
            g.users.insert(user_id.to_string(), (now, 0));
            format!(
                "{:032x}",
                u128::from(g.next) << 64 | now.timestamp_micros() as u128
            )
        };
        let body = json!({
            "app_id": self.oa.app_id,
            "user_id_by_app": format!("55{user_id}"),
            "event_name": "user_send_text",
            "timestamp": now.timestamp_millis().to_string(),
            "sender": {"id": user_id},
            "recipient": {"id": self.oa.oa_id},
            "message": {"msg_id": msg_id, "text": text},
        });
        let status = self.post_event(webhook, &body).await?;
        Ok((msg_id, status))
    }

    /// Posts any event body to `webhook`, signed with the OA key; the HTTP status.
    pub async fn post_event(&self, webhook: &str, body: &Value) -> Result<u16, String> {
        let raw = body.to_string();
        let timestamp = match body.get("timestamp") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let app_id = body
            .get("app_id")
            .and_then(Value::as_str)
            .unwrap_or(&self.oa.app_id)
            .to_string();
        self.post_signed(
            webhook,
            &raw,
            &sign(&app_id, raw.as_bytes(), &timestamp, &self.oa.oa_secret_key),
        )
        .await
    }

    /// Posts `raw` with this signature header (a test's forgery); the HTTP status.
    pub async fn post_signed(
        &self,
        webhook: &str,
        raw: &str,
        signature: &str,
    ) -> Result<u16, String> {
        Ok(self
            .http
            .post(webhook)
            .header("content-type", "application/json")
            .header("x-zevent-signature", signature)
            .body(raw.to_string())
            .send()
            .await
            .map_err(|e| e.to_string())?
            .status()
            .as_u16())
    }

    /// Moves a user's last message back in time (to test the window).
    pub fn backdate(&self, user_id: &str, hours: i64) {
        if let Some((at, _)) = lock(&self.inner).users.get_mut(user_id) {
            *at -= Duration::hours(hours);
        }
    }

    /// The cs messages the OA sent, in order.
    pub fn sent(&self) -> Vec<Sent> {
        lock(&self.inner).sent.clone()
    }

    /// The ZNS messages the OA sent, in order.
    pub fn zns_sent(&self) -> Vec<ZnsSent> {
        lock(&self.inner).zns.clone()
    }

    /// How many calls reached `path` (`/v3.0/oa/message/cs` …), refused ones included.
    pub fn calls(&self, path: &str) -> usize {
        lock(&self.inner).calls.get(path).copied().unwrap_or(0)
    }
}

/// Zalo's envelope for a refusal: HTTP 200, a non-zero `error`.
fn refuse(code: i64, message: &str) -> Response {
    (
        StatusCode::OK,
        Json(json!({"error": code, "message": message})),
    )
        .into_response()
}

fn ok(data: Value) -> Response {
    (
        StatusCode::OK,
        Json(json!({"error": 0, "message": "Success", "data": data})),
    )
        .into_response()
}

/// A refused token request. Its shape is not in the reference: the fields here are the
/// simulator's (the client reads `error_description` / `error_name` / `message`).
fn oauth_refuse(code: i64, name: &str, description: &str) -> Response {
    (
        StatusCode::OK,
        Json(json!({"error": code, "error_name": name, "error_description": description})),
    )
        .into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn access_token(State(sim): State<ZaloSim>, headers: HeaderMap, body: Bytes) -> Response {
    let mut g = lock(&sim.inner);
    *g.calls.entry("/v4/oa/access_token".into()).or_default() += 1;
    if header(&headers, "secret_key") != Some(sim.oa.app_secret.as_str()) {
        return oauth_refuse(
            -14002,
            "Invalid secret key",
            "secret_key header is missing or wrong",
        );
    }
    let form_ok = header(&headers, "content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !form_ok {
        return oauth_refuse(
            -14001,
            "Invalid parameter",
            "the body must be a form (application/x-www-form-urlencoded)",
        );
    }
    let Ok(pairs) = crate::body::form_pairs(&body) else {
        return oauth_refuse(
            -14001,
            "Invalid parameter",
            "the form body is not well encoded",
        );
    };
    let form: HashMap<String, String> = pairs.into_iter().collect();
    if form.get("app_id") != Some(&sim.oa.app_id) {
        return oauth_refuse(
            -14003,
            "Invalid app_id",
            "app_id is missing or not this app",
        );
    }
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let Some(code) = form.get("code") else {
                return oauth_refuse(-14001, "Invalid parameter", "code is required");
            };
            if !g.codes.remove(code) {
                return oauth_refuse(
                    -14019,
                    "Invalid code",
                    "the code is invalid, used or expired",
                );
            }
        }
        Some("refresh_token") => {
            let Some(rt) = form.get("refresh_token") else {
                return oauth_refuse(-14001, "Invalid parameter", "refresh_token is required");
            };
            if g.refresh.as_ref() != Some(rt) {
                let why = if g.spent_refresh.contains(rt) {
                    "the refresh token was already used (each works once)"
                } else {
                    "the refresh token is invalid"
                };
                return oauth_refuse(-14014, "Invalid refresh token", why);
            }
        }
        _ => {
            return oauth_refuse(
                -14001,
                "Invalid parameter",
                "grant_type must be authorization_code or refresh_token",
            );
        }
    }
    g.next += 1;
    let n = g.next;
    let access = format!("sim-zalo-access-{n}-{}", Utc::now().timestamp_micros());
    let refresh = format!("sim-zalo-refresh-{n}-{}", Utc::now().timestamp_micros());
    let until = Utc::now() + Duration::seconds(sim.oa.token_lifetime_secs);
    g.access.insert(access.clone(), until);
    if let Some(old) = g.refresh.replace(refresh.clone()) {
        g.spent_refresh.insert(old);
    }
    (
        StatusCode::OK,
        Json(json!({
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": sim.oa.token_lifetime_secs.to_string(),
        })),
    )
        .into_response()
}

fn json_body(headers: &HeaderMap) -> bool {
    header(headers, "content-type").is_some_and(|c| c.starts_with("application/json"))
}

fn token_ok(g: &Inner, headers: &HeaderMap) -> bool {
    header(headers, "access_token")
        .and_then(|t| g.access.get(t))
        .is_some_and(|until| Utc::now() < *until)
}

async fn send_cs(State(sim): State<ZaloSim>, headers: HeaderMap, body: Bytes) -> Response {
    let mut g = lock(&sim.inner);
    *g.calls.entry("/v3.0/oa/message/cs".into()).or_default() += 1;
    if !token_ok(&g, &headers) {
        return refuse(-216, "Access token is invalid");
    }
    // -201 for a malformed request is the simulator's number (not in the reference).
    if !json_body(&headers) {
        return refuse(
            -201,
            "Parameters are invalid: the body must be JSON (application/json)",
        );
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return refuse(-201, "Parameters are invalid: the body is not JSON");
    };
    let Some(user_id) = v.pointer("/recipient/user_id").and_then(Value::as_str) else {
        return refuse(
            -201,
            "Parameters are invalid: recipient.user_id is required (a string)",
        );
    };
    let Some(message) = v.get("message").and_then(Value::as_object) else {
        return refuse(-201, "Parameters are invalid: message is required");
    };
    let Some(text) = message.get("text").and_then(Value::as_str) else {
        return refuse(
            -201,
            "Parameters are invalid: message.text is required (a string)",
        );
    };
    if text.trim().is_empty() {
        return refuse(-201, "Parameters are invalid: message.text is empty");
    }
    if text.chars().count() > 2000 {
        return refuse(
            -201,
            "Parameters are invalid: message.text is longer than 2000 characters",
        );
    }
    let now = Utc::now();
    // -213 and -230 are the simulator's numbers: the reference names the rule (§2.4),
    // not the code Zalo answers with.
    let Some((last_in, replies)) = g.users.get(user_id).copied() else {
        return refuse(-213, "User has not interacted with the OA");
    };
    if now - last_in > Duration::hours(48) || replies >= 8 {
        return refuse(
            -230,
            "Outside the reply window: 8 replies within 48 hours of the user's last message",
        );
    }
    g.next += 1;
    let message_id = format!("{:032x}", u128::from(g.next) << 32 | 0xa11e);
    if let Some(u) = g.users.get_mut(user_id) {
        u.1 += 1;
    }
    g.sent.push(Sent {
        user_id: user_id.to_string(),
        text: text.to_string(),
        message_id: message_id.clone(),
    });
    ok(json!({"message_id": message_id, "user_id": user_id}))
}

async fn send_zns(State(sim): State<ZaloSim>, headers: HeaderMap, body: Bytes) -> Response {
    let mut g = lock(&sim.inner);
    *g.calls.entry("/message/template".into()).or_default() += 1;
    if !token_ok(&g, &headers) {
        return refuse(-124, "Access token is invalid");
    }
    if !json_body(&headers) {
        return refuse(
            -100,
            "Unknown error: the body must be JSON (application/json)",
        );
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return refuse(-100, "Unknown error: the body is not JSON");
    };
    let phone = v.get("phone").and_then(Value::as_str).unwrap_or("");
    // The documented form only (§2.7); the 0… form is single-source.
    let phone_ok =
        phone.len() == 11 && phone.starts_with("84") && phone.bytes().all(|b| b.is_ascii_digit());
    if !phone_ok {
        return refuse(-108, "Phone number is invalid");
    }
    let template_id = match v.get("template_id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return refuse(-109, "Template id is invalid"),
    };
    let Some(params) = g.templates.get(&template_id).cloned() else {
        return refuse(-109, "Template id is invalid");
    };
    let data = match v.get("template_data") {
        Some(Value::Object(m)) if !m.is_empty() => m.clone(),
        _ => return refuse(-111, "Template data is empty"),
    };
    let mut template_data = BTreeMap::new();
    for p in &params {
        match data.get(p).and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => {
                template_data.insert(p.clone(), s.to_string());
            }
            _ => {
                return refuse(
                    -112,
                    &format!("Template data is invalid: {p} is missing or empty"),
                );
            }
        }
    }
    let tracking_id = match v.get("tracking_id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None => String::new(),
        Some(_) => return refuse(-100, "Unknown error: tracking_id must be a string"),
    };
    g.next += 1;
    let msg_id = format!("{:032x}", u128::from(g.next) << 32 | 0x2e5);
    g.zns.push(ZnsSent {
        phone: phone.to_string(),
        template_id,
        template_data,
        tracking_id,
        msg_id: msg_id.clone(),
    });
    ok(json!({
        "msg_id": msg_id,
        "sent_time": Utc::now().timestamp_millis().to_string(),
        "sending_mode": "1",
        "quota": {"dailyQuota": "20000", "remainingQuota": "19999"},
    }))
}
