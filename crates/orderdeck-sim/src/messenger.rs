//! A loopback Facebook Messenger Page (reference `customer-channels.md` §1), as strict as
//! the documents: the Send API (`POST /v25.0/{page}/messages?access_token=`) refuses a
//! wrong token (190), a wrong Page, a missing recipient, an unknown `messaging_type`, a
//! deprecated or unknown tag (100), text of 2,000 characters or more (100), and any send
//! outside the buyer's window — 24 hours, or 7 days tagged `HUMAN_AGENT` — with
//! `(#10) This message is sent outside of allowed window.` (10 / 2018278). Buyers write
//! through [`MessengerSim::buyer_writes`]: a `messages` delivery signed with the app
//! secret (`X-Hub-Signature-256`) posted to the webhook, as Meta posts it.
//!
//! Utility messages (reference B5.3): `messaging_type: UTILITY` with `message.template`
//! naming one of the Page's approved templates ([`APPROVED`]) in a language it was made in,
//! lowercase component types, one text parameter per body placeholder and the URL
//! button's suffix when the template has one; no window applies. What Meta answers to a
//! template it does not know is not in the reference: the simulator answers `(#100)` with
//! a message saying so (the code is a guess; the refusal is not).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{DateTime, Duration, Utc};
use orderdeck_integrations::messenger::{MessengerConfig, sign};
use serde_json::{Value, json};

/// The Page the simulator plays, and its app's credentials.
#[derive(Debug, Clone)]
pub struct PageCredentials {
    pub page_id: String,
    pub page_token: String,
    pub app_secret: String,
    pub verify_token: String,
}

impl Default for PageCredentials {
    fn default() -> Self {
        PageCredentials {
            page_id: "1029384756".into(),
            page_token: "EAAsimpagetoken".into(),
            app_secret: "sim-app-secret".into(),
            verify_token: "sim-verify-token".into(),
        }
    }
}

/// A utility template approved on the simulated Page: name, languages, body placeholders,
/// whether it has a URL button.
pub struct Approved {
    pub name: &'static str,
    pub languages: &'static [&'static str],
    pub placeholders: usize,
    pub url_button: bool,
}

/// The demo Page's approved templates: one order update, with the order number, what
/// happened and the tracking number — and a URL button ending in the order number.
pub const APPROVED: &[Approved] = &[Approved {
    name: "cap_nhat_don_hang",
    languages: &["vi", "en_US", "id"],
    placeholders: 3,
    url_button: false,
}];

/// `[assistant.messenger.utility]` for the demo Page: every order notice by its one
/// approved template, filled with the order number, what happened and the tracking number.
pub fn demo_utility()
-> std::collections::BTreeMap<String, orderdeck_integrations::messenger::UtilityTemplate> {
    use orderdeck_integrations::messenger::{NoticeField, UtilityTemplate};
    [
        "shipped",
        "out_for_delivery",
        "delivery_failed",
        "delivered",
        "invoice",
    ]
    .into_iter()
    .map(|kind| {
        (
            kind.to_string(),
            UtilityTemplate {
                name: APPROVED[0].name.into(),
                languages: APPROVED[0]
                    .languages
                    .iter()
                    .map(|l| l.to_string())
                    .collect(),
                body: vec![
                    NoticeField::Number,
                    NoticeField::Status,
                    NoticeField::Tracking,
                ],
                url_button: None,
            },
        )
    })
    .collect()
}

/// A send the Page made.
#[derive(Debug, Clone)]
pub struct Sent {
    pub psid: String,
    /// The text; for a utility message, the template's name and its values.
    pub text: String,
    pub messaging_type: String,
    pub tag: Option<String>,
}

#[derive(Default)]
struct Inner {
    last_in: HashMap<String, DateTime<Utc>>,
    sent: Vec<Sent>,
    next_mid: u64,
}

#[derive(Clone)]
pub struct MessengerSim {
    pub addr: SocketAddr,
    pub page: PageCredentials,
    inner: Arc<Mutex<Inner>>,
    http: reqwest::Client,
}

impl MessengerSim {
    /// Starts the Page on a loopback port.
    pub async fn start(page: PageCredentials) -> std::io::Result<MessengerSim> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let sim = MessengerSim {
            addr,
            page,
            inner: Arc::default(),
            http: reqwest::Client::new(),
        };
        let app = axum::Router::new()
            .route("/v25.0/{page}/messages", post(send_api))
            .with_state(sim.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(sim)
    }

    /// `[assistant.messenger]` pointing here.
    pub fn config(&self) -> MessengerConfig {
        MessengerConfig {
            page_id: self.page.page_id.clone(),
            page_token: self.page.page_token.clone(),
            app_secret: self.page.app_secret.clone(),
            verify_token: self.page.verify_token.clone(),
            api_base: format!("http://{}/v25.0", self.addr),
            timeout_secs: Some(5),
            utility: Default::default(),
        }
    }

    /// A buyer writes to the Page: the delivery Meta would post to `webhook`, signed.
    /// Returns the message id and the webhook's HTTP status.
    pub async fn buyer_writes(
        &self,
        webhook: &str,
        psid: &str,
        text: &str,
    ) -> Result<(String, u16), String> {
        let now = Utc::now();
        let mid = {
            let mut g = self.inner.lock().map_err(|e| e.to_string())?;
            g.next_mid += 1;
            g.last_in.insert(psid.to_string(), now);
            format!("m_sim{}_{}", g.next_mid, now.timestamp_millis())
        };
        let body = json!({
            "object": "page",
            "entry": [{
                "id": self.page.page_id,
                "time": now.timestamp_millis(),
                "messaging": [{
                    "sender": {"id": psid},
                    "recipient": {"id": self.page.page_id},
                    "timestamp": now.timestamp_millis(),
                    "message": {"mid": mid, "text": text}
                }]
            }]
        })
        .to_string();
        let status = self
            .http
            .post(webhook)
            .header("content-type", "application/json")
            .header(
                "x-hub-signature-256",
                sign(&self.page.app_secret, body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?
            .status()
            .as_u16();
        Ok((mid, status))
    }

    /// Moves a buyer's last message back in time (to test the window).
    pub fn backdate(&self, psid: &str, hours: i64) {
        if let Ok(mut g) = self.inner.lock()
            && let Some(at) = g.last_in.get_mut(psid)
        {
            *at -= Duration::hours(hours);
        }
    }

    /// What the Page sent, in order.
    pub fn sent(&self) -> Vec<Sent> {
        self.inner
            .lock()
            .map(|g| g.sent.clone())
            .unwrap_or_default()
    }
}

fn error(code: i64, subcode: Option<i64>, message: &str) -> Response {
    let mut e = json!({"message": message, "type": "OAuthException", "code": code,
                       "fbtrace_id": "AsimTrace"});
    if let Some(s) = subcode {
        e["error_subcode"] = json!(s);
    }
    (StatusCode::BAD_REQUEST, Json(json!({"error": e}))).into_response()
}

async fn send_api(
    State(sim): State<MessengerSim>,
    Path(page): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    if q.get("access_token") != Some(&sim.page.page_token) {
        return error(
            190,
            None,
            "Invalid OAuth access token - Cannot parse access token",
        );
    }
    if page != sim.page.page_id && page != "me" {
        return error(
            100,
            None,
            "(#100) Unsupported post request. Object does not exist",
        );
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return error(100, None, "(#100) Invalid JSON");
    };
    let Some(psid) = v.pointer("/recipient/id").and_then(Value::as_str) else {
        return error(100, None, "(#100) The parameter recipient is required");
    };
    let kind = v
        .get("messaging_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !["RESPONSE", "UPDATE", "MESSAGE_TAG", "UTILITY"].contains(&kind) {
        return error(
            100,
            None,
            "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG, UTILITY}",
        );
    }
    if kind == "UTILITY" {
        return utility(&sim, psid, &v);
    }
    let tag = v.get("tag").and_then(Value::as_str);
    match (kind, tag) {
        ("MESSAGE_TAG", None) => {
            return error(100, None, "(#100) Param tag is required for MESSAGE_TAG");
        }
        ("MESSAGE_TAG", Some("HUMAN_AGENT")) => {}
        // Deprecated from 27 April 2026, and anything else.
        ("MESSAGE_TAG", Some(_)) => {
            return error(
                100,
                None,
                "(#100) Param tag must be a supported message tag",
            );
        }
        (_, Some(_)) => return error(100, None, "(#100) tag is only allowed with MESSAGE_TAG"),
        _ => {}
    }
    let Some(text) = v.pointer("/message/text").and_then(Value::as_str) else {
        return error(100, None, "(#100) The parameter message is required");
    };
    if text.chars().count() >= 2000 {
        return error(
            100,
            None,
            "(#100) Param message[text] must be UTF-8 encoded and less than 2000 characters",
        );
    }
    let mut g = match sim.inner.lock() {
        Ok(g) => g,
        Err(_) => return error(2, None, "Service temporarily unavailable"),
    };
    let allowed = match g.last_in.get(psid) {
        None => false,
        Some(at) => {
            let age = Utc::now() - *at;
            if kind == "MESSAGE_TAG" {
                age <= Duration::days(7)
            } else {
                age <= Duration::hours(24)
            }
        }
    };
    if !allowed {
        return error(
            10,
            Some(2018278),
            "(#10) This message is sent outside of allowed window.",
        );
    }
    g.next_mid += 1;
    let mid = format!("m_page{}", g.next_mid);
    g.sent.push(Sent {
        psid: psid.to_string(),
        text: text.to_string(),
        messaging_type: kind.to_string(),
        tag: tag.map(str::to_string),
    });
    (
        StatusCode::OK,
        Json(json!({"recipient_id": psid, "message_id": mid})),
    )
        .into_response()
}

/// A utility message: checked against the approved template, sent whatever the window.
fn utility(sim: &MessengerSim, psid: &str, v: &Value) -> Response {
    let Some(template) = v.pointer("/message/template") else {
        return error(
            100,
            None,
            "(#100) The parameter message[template] is required",
        );
    };
    let name = template.get("name").and_then(Value::as_str).unwrap_or("");
    let Some(approved) = APPROVED.iter().find(|a| a.name == name) else {
        return error(
            100,
            None,
            "(#100) Template name does not exist or is not approved",
        );
    };
    let language = template
        .pointer("/language/code")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !approved.languages.contains(&language) {
        return error(100, None, "(#100) Template does not exist in this language");
    }
    let components = template
        .get("components")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let of = |t: &str| components.iter().find(|c| c["type"] == t);
    if components
        .iter()
        .any(|c| !matches!(c["type"].as_str(), Some("body" | "header" | "buttons")))
    {
        return error(
            100,
            None,
            "(#100) Component type must be lowercase body, header or buttons",
        );
    }
    let values: Vec<String> = of("body")
        .and_then(|b| b["parameters"].as_array())
        .into_iter()
        .flatten()
        .filter(|p| p["type"] == "text")
        .filter_map(|p| p["text"].as_str().map(str::to_string))
        .collect();
    if values.len() != approved.placeholders || values.iter().any(|v| v.trim().is_empty()) {
        return error(
            100,
            None,
            &format!(
                "(#100) Number of body parameters does not match: expected {}, got {}",
                approved.placeholders,
                values.len()
            ),
        );
    }
    if approved.url_button != of("buttons").is_some() {
        return error(
            100,
            None,
            "(#100) Button parameters do not match the template",
        );
    }
    let mut g = match sim.inner.lock() {
        Ok(g) => g,
        Err(_) => return error(2, None, "Service temporarily unavailable"),
    };
    g.next_mid += 1;
    let mid = format!("m_page{}", g.next_mid);
    g.sent.push(Sent {
        psid: psid.to_string(),
        text: format!("{name}[{language}]: {}", values.join(" | ")),
        messaging_type: "UTILITY".into(),
        tag: None,
    });
    (
        StatusCode::OK,
        Json(json!({"recipient_id": psid, "message_id": mid})),
    )
        .into_response()
}
