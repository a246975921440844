//! Facebook Messenger for a shop's Page (reference `customer-channels.md` §1): the
//! webhook's handshake and `X-Hub-Signature-256`, its `messages` payload read into buyer
//! messages (echoes of the Page's own sends told apart, postbacks read as the button's
//! title), the reply-window rule, and the Send API.
//!
//! The window (§1.5): a Page may answer freely for 24 hours after the buyer's last
//! message; after that only a *person* may, tagged `HUMAN_AGENT`, up to 7 days; nothing
//! automated at all. A send outside its window is refused here, before any call, with
//! the reason. The three old tags (`POST_PURCHASE_UPDATE` …) are never used: the Send API
//! refuses them from 27 April 2026. Order notices outside the window go as *utility
//! messages* instead (reference B5): a template the Page had approved, `messaging_type:
//! UTILITY`, its placeholders filled at send time — no window applies to them.

use chrono::{DateTime, Duration, TimeZone, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::marketplace::Secret;

/// What our sends carry in `message.metadata`, echoed back: an echo without it is a
/// person answering in Meta's own inbox.
pub const OUR_METADATA: &str = "orderdeck";

/// Text a send may carry: "< 2000 characters" (§1.4).
pub const MAX_TEXT: usize = 1999;

/// `[chat.messenger]`: the Page and the app's credentials.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessengerConfig {
    pub page_id: String,
    /// The Page access token (permission `pages_messaging`).
    pub page_token: String,
    /// The app secret: signs every webhook delivery.
    pub app_secret: String,
    /// The token chosen when saving the webhook in the App Dashboard.
    pub verify_token: String,
    /// The Graph API, with its version.
    #[serde(default = "default_base")]
    pub api_base: String,
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// Utility-message templates the Page had approved, per order notice
    /// (`[assistant.messenger.utility.shipped]` …): order notices outside the 24-hour
    /// window go by them.
    #[serde(default)]
    pub utility: std::collections::BTreeMap<String, UtilityTemplate>,
}

/// One approved utility template (reference B5): its name, the languages it was created
/// in, and what fills its body placeholders `{{1}}`, `{{2}}`… in order — and the suffix of
/// its URL button, when it has one. What the words mean (`number`, `tracking` …) is the
/// caller's: this module only sends values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilityTemplate {
    pub name: String,
    /// The language variants created on the Page (`vi`, `en_US` …); the buyer's is used
    /// when it is among them, else the first.
    #[serde(default = "vietnamese")]
    pub languages: Vec<String>,
    /// What fills `{{1}}`, `{{2}}`…, in order.
    #[serde(default)]
    pub body: Vec<NoticeField>,
    /// What fills the URL button's `{{1}}`, when the template has one.
    #[serde(default)]
    pub url_button: Option<NoticeField>,
}

/// What of an order notice fills a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeField {
    /// The order's number.
    Number,
    /// The carrier's name.
    Carrier,
    /// The tracking number.
    Tracking,
    /// The day it happened (dd/mm/yyyy).
    Date,
    /// What happened, in the buyer's words.
    Status,
}

fn vietnamese() -> Vec<String> {
    vec!["vi".into()]
}

impl UtilityTemplate {
    /// The variant to send to a buyer writing `lang` (`vi`, `id`, `en`): theirs, or the first.
    pub fn language_for(&self, lang: &str) -> &str {
        self.languages
            .iter()
            .find(|l| l.split(['_', '-']).next() == Some(lang))
            .or(self.languages.first())
            .map_or("vi", String::as_str)
    }
}

fn default_base() -> String {
    "https://graph.facebook.com/v25.0".into()
}

/// The handshake when the webhook is saved (§1.1): the challenge to send back, when
/// `hub.mode` is `subscribe` and the token is ours.
pub fn handshake(config: &MessengerConfig, query: &[(String, String)]) -> Option<String> {
    let mode = query.iter().find(|(k, _)| k == "hub.mode").map(|(_, v)| v);
    if mode.map(String::as_str) != Some("subscribe") {
        return None;
    }
    crate::storefront::hooks::verify_handshake(&config.verify_token, query)
}

/// Whether `header` (`X-Hub-Signature-256: sha256=<hex>`) signs `body` — the raw bytes
/// received — with the app secret (§1.2). Constant-time; an empty secret verifies nothing.
pub fn signature_ok(app_secret: &Secret, body: &[u8], header: Option<&str>) -> bool {
    let Some(hex) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Some(given) = from_hex(hex) else {
        return false;
    };
    if app_secret.is_empty() {
        return false;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret.expose().as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// The signature header's value for `body` (what Meta sends; the simulator signs with it).
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body);
    format!(
        "sha256={}",
        crate::marketplace::signing::hex_lower(&mac.finalize().into_bytes())
    )
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// One event of a delivery, as far as the desk needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A buyer wrote (text, or a postback's title; attachments only: a placeholder the
    /// assistant hands to a person).
    Message {
        psid: String,
        mid: String,
        text: String,
        at: DateTime<Utc>,
    },
    /// The Page sent something — from our app or from Meta's own inbox by a person
    /// (`app_id` not ours): a person answering there means the assistant stops (§1.3).
    Echo {
        psid: String,
        mid: String,
        app_id: Option<String>,
        /// What the send carried in `message.metadata`: ours say [`OUR_METADATA`].
        metadata: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the body is not JSON: {0}")]
    NotJson(String),
    #[error("`object` is {0:?}, not \"page\"")]
    NotPage(String),
}

/// Reads a `messages` delivery (§1.3): every `entry[].messaging[]` event, batched or not.
/// Events of other kinds (reads, deliveries, reactions) are skipped; one without a
/// sender or id is skipped, not fatal (Meta batches, and one bad event must not lose the
/// rest).
pub fn parse(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let object = v.get("object").and_then(Value::as_str).unwrap_or("");
    if object != "page" {
        return Err(ParseError::NotPage(object.to_string()));
    }
    let mut events = Vec::new();
    let entries = v
        .get("entry")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for entry in entries {
        let items = entry
            .get("messaging")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for e in items {
            let at = e
                .get("timestamp")
                .and_then(Value::as_i64)
                .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                .unwrap_or_else(Utc::now);
            let str_at = |path: &[&str]| {
                let mut cur = &e;
                for p in path {
                    cur = cur.get(*p)?;
                }
                cur.as_str().map(str::to_string)
            };
            if let Some(m) = e.get("message") {
                let echo = m.get("is_echo").and_then(Value::as_bool).unwrap_or(false);
                let Some(mid) = m.get("mid").and_then(Value::as_str).map(str::to_string) else {
                    continue;
                };
                if echo {
                    // An echo's buyer is its recipient.
                    if let Some(psid) = str_at(&["recipient", "id"]) {
                        events.push(Event::Echo {
                            psid,
                            mid,
                            app_id: m.get("app_id").map(|a| match a {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            }),
                            metadata: m
                                .get("metadata")
                                .and_then(Value::as_str)
                                .map(str::to_string),
                        });
                    }
                    continue;
                }
                let Some(psid) = str_at(&["sender", "id"]) else {
                    continue;
                };
                let text = match m.get("text").and_then(Value::as_str) {
                    Some(t) => t.to_string(),
                    None if m.get("attachments").is_some() => "[attachment]".to_string(),
                    None => continue,
                };
                events.push(Event::Message {
                    psid,
                    mid,
                    text,
                    at,
                });
            } else if let Some(p) = e.get("postback") {
                let (Some(psid), Some(mid)) = (
                    str_at(&["sender", "id"]),
                    p.get("mid").and_then(Value::as_str).map(str::to_string),
                ) else {
                    continue;
                };
                let text = p
                    .get("title")
                    .or_else(|| p.get("payload"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if !text.is_empty() {
                    events.push(Event::Message {
                        psid,
                        mid,
                        text,
                        at,
                    });
                }
            }
        }
    }
    Ok(events)
}

/// How a send goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendAs {
    /// `messaging_type: RESPONSE`, inside the 24-hour window.
    Response,
    /// `MESSAGE_TAG` `HUMAN_AGENT`: a person, up to 7 days after the buyer's last message.
    HumanAgent,
}

/// Why a send may not go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowRefusal {
    /// More than 24 hours since the buyer wrote: the assistant may not answer.
    AutomatedAfter24h,
    /// More than 7 days: nobody may, until the buyer writes again.
    After7Days,
    /// The buyer never wrote: a Page may not start a conversation.
    NeverWrote,
}

/// The window rule (§1.5, §1.8): whether a message may go to a buyer whose last message
/// was at `last_in`, written by a person or by the assistant.
pub fn may_send(
    last_in: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    by_person: bool,
) -> Result<SendAs, WindowRefusal> {
    let Some(last) = last_in else {
        return Err(WindowRefusal::NeverWrote);
    };
    let age = now - last;
    if age <= Duration::hours(24) {
        Ok(SendAs::Response)
    } else if !by_person {
        Err(WindowRefusal::AutomatedAfter24h)
    } else if age <= Duration::days(7) {
        Ok(SendAs::HumanAgent)
    } else {
        Err(WindowRefusal::After7Days)
    }
}

/// What a send came to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("the text is longer than {MAX_TEXT} characters")]
    TooLong,
    #[error("outside the reply window: {0:?}")]
    Window(WindowRefusal),
    /// Error 10 / 2018278: Meta says the window is closed (our clock and theirs differ).
    #[error("Messenger refused: outside the allowed window")]
    OutsideWindow,
    /// 551, 2018108: this person cannot be reached now.
    #[error("Messenger: this person isn't available right now")]
    Unreachable,
    /// 190: the Page token is invalid or expired.
    #[error("Messenger refused the Page token (invalid or expired): connect the Page again")]
    Token,
    /// 4: too many calls.
    #[error("Messenger: request limit reached, try again shortly")]
    RateLimited,
    #[error("Messenger refused ({code}): {message}")]
    Refused { code: i64, message: String },
    #[error("Messenger could not be reached: {0}")]
    Transport(String),
    #[error("Messenger answered something unreadable: {0}")]
    Unreadable(String),
}

/// The Send API for one Page.
#[derive(Clone)]
pub struct MessengerClient {
    http: reqwest::Client,
    base: String,
    page_id: String,
    token: Secret,
    pub app_secret: Secret,
    /// The Page's approved utility templates, per order notice.
    pub utility: std::collections::BTreeMap<String, UtilityTemplate>,
}

impl MessengerClient {
    pub fn new(config: &MessengerConfig) -> Result<MessengerClient, String> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(crate::http::timeout_from(config.timeout_secs))
            .build()
            .map_err(|e| e.to_string())?;
        let base = config.api_base.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("api_base must be an http(s) URL, not {base:?}"));
        }
        if config.page_id.trim().is_empty() || config.page_token.trim().is_empty() {
            return Err("set page_id and page_token".into());
        }
        Ok(MessengerClient {
            http,
            base,
            page_id: config.page_id.trim().to_string(),
            token: Secret::new(config.page_token.trim()),
            app_secret: Secret::new(config.app_secret.trim()),
            utility: config.utility.clone(),
        })
    }

    /// Sends a utility message (reference B5.3): `template` in `language`, its body
    /// placeholders filled with `body` in order and its URL button with `url`. No window
    /// applies; the message id Meta gives it.
    pub async fn send_utility(
        &self,
        psid: &str,
        template: &UtilityTemplate,
        language: &str,
        body: &[String],
        url: Option<&str>,
    ) -> Result<String, SendError> {
        let text = |v: &String| json!({"type": "text", "text": v});
        let mut components = vec![json!({
            "type": "body",
            "parameters": body.iter().map(text).collect::<Vec<_>>(),
        })];
        if let Some(url) = url {
            components
                .push(json!({"type": "buttons", "parameters": [{"type": "URL", "url": url}]}));
        }
        let request = json!({
            "recipient": {"id": psid},
            "messaging_type": "UTILITY",
            "message": {"template": {
                "name": template.name,
                "language": {"code": language},
                "components": components,
            }},
        });
        self.post_message(&request).await
    }

    /// Sends `text` to `psid` as `how`; the message id Meta gives it.
    pub async fn send(&self, psid: &str, text: &str, how: SendAs) -> Result<String, SendError> {
        if text.chars().count() > MAX_TEXT {
            return Err(SendError::TooLong);
        }
        let mut body = json!({
            "recipient": {"id": psid},
            "message": {"text": text, "metadata": OUR_METADATA},
        });
        match how {
            SendAs::Response => body["messaging_type"] = json!("RESPONSE"),
            SendAs::HumanAgent => {
                body["messaging_type"] = json!("MESSAGE_TAG");
                body["tag"] = json!("HUMAN_AGENT");
            }
        }
        self.post_message(&body).await
    }

    /// `POST /{page}/messages`: the message id, or Meta's refusal read into a [`SendError`].
    async fn post_message(&self, body: &Value) -> Result<String, SendError> {
        let url = format!("{}/{}/messages", self.base, self.page_id);
        let reply = self
            .http
            .post(&url)
            .query(&[("access_token", self.token.expose())])
            .json(body)
            .send()
            .await
            .map_err(|e| SendError::Transport(crate::http::error_chain(&e)))?;
        let status = reply.status();
        let bytes = reply
            .bytes()
            .await
            .map_err(|e| SendError::Transport(crate::http::error_chain(&e)))?;
        let v: Value = serde_json::from_slice(&bytes)
            .map_err(|_| SendError::Unreadable(crate::http::excerpt(&bytes)))?;
        if let Some(err) = v.get("error") {
            let code = err.get("code").and_then(Value::as_i64).unwrap_or(0);
            let sub = err
                .get("error_subcode")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let message = err
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            return Err(match (code, sub) {
                (10, 2018278) => SendError::OutsideWindow,
                (551, _) | (_, 2018108) => SendError::Unreachable,
                (190, _) => SendError::Token,
                (4, _) => SendError::RateLimited,
                _ => SendError::Refused { code, message },
            });
        }
        if !status.is_success() {
            return Err(SendError::Unreadable(crate::http::excerpt(&bytes)));
        }
        v.get("message_id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| SendError::Unreadable(crate::http::excerpt(&bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_rule() {
        let now = Utc::now();
        let h = |n: i64| Some(now - Duration::hours(n));
        assert_eq!(may_send(h(1), now, false), Ok(SendAs::Response));
        assert_eq!(may_send(h(23), now, true), Ok(SendAs::Response));
        assert_eq!(
            may_send(h(25), now, false),
            Err(WindowRefusal::AutomatedAfter24h)
        );
        assert_eq!(may_send(h(25), now, true), Ok(SendAs::HumanAgent));
        assert_eq!(
            may_send(h(24 * 7 + 1), now, true),
            Err(WindowRefusal::After7Days)
        );
        assert_eq!(may_send(None, now, true), Err(WindowRefusal::NeverWrote));
    }

    #[test]
    fn signatures_over_the_raw_bytes() {
        let body = "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"message\":{\"text\":\"Đơn của em\"}}]}]}".as_bytes();
        let header = sign("s3cret", body);
        let secret = Secret::new("s3cret");
        assert!(signature_ok(&secret, body, Some(&header)));
        assert!(!signature_ok(&Secret::new("other"), body, Some(&header)));
        assert!(!signature_ok(&secret, b"{}", Some(&header)));
        assert!(!signature_ok(&secret, body, None));
        assert!(!signature_ok(
            &secret,
            body,
            Some(header.trim_start_matches("sha256="))
        ));
        assert!(!signature_ok(&Secret::new(""), body, Some(&sign("", body))));
    }

    #[test]
    fn deliveries_read_into_events() {
        let body = json!({"object": "page", "entry": [
            {"id": "P", "time": 1, "messaging": [
                {"sender": {"id": "U1"}, "recipient": {"id": "P"}, "timestamp": 1700000000000u64,
                 "message": {"mid": "m_1", "text": "Đơn của em tới đâu rồi ạ?"}},
                {"sender": {"id": "P"}, "recipient": {"id": "U1"}, "timestamp": 1700000000001u64,
                 "message": {"mid": "m_2", "text": "Dạ", "is_echo": true, "app_id": 1234}},
                {"sender": {"id": "U2"}, "recipient": {"id": "P"}, "timestamp": 1700000000002u64,
                 "postback": {"mid": "m_3", "title": "Gặp nhân viên", "payload": "HUMAN"}},
                {"sender": {"id": "U3"}, "recipient": {"id": "P"}, "read": {"watermark": 1}}
            ]},
            {"id": "P", "time": 2, "messaging": [
                {"sender": {"id": "U4"}, "recipient": {"id": "P"}, "timestamp": 1700000000003u64,
                 "message": {"mid": "m_4", "attachments": [{"type": "image", "payload": {"url": "x"}}]}}
            ]}
        ]});
        let events = parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(events.len(), 4, "{events:?}");
        assert!(
            matches!(&events[0], Event::Message { psid, text, .. } if psid == "U1" && text.starts_with("Đơn"))
        );
        assert!(
            matches!(&events[1], Event::Echo { psid, app_id: Some(a), metadata: None, .. } if psid == "U1" && a == "1234")
        );
        assert!(matches!(&events[2], Event::Message { text, .. } if text == "Gặp nhân viên"));
        assert!(matches!(&events[3], Event::Message { text, .. } if text == "[attachment]"));
        assert!(matches!(
            parse(b"{\"object\":\"instagram\"}"),
            Err(ParseError::NotPage(_))
        ));
        assert!(parse(b"not json").is_err());
    }
}
