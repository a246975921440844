//! TikTok Shop Customer Service (reference `customer-channels.md` §5): webhook type 14
//! (new message) read into a [`ChatEvent`], and Send Message
//! (`POST /customer_service/202309/conversations/{id}/messages`) through the shop's own
//! signed, token-carrying calls — the same [`TikTokClient`] the order sync uses.
//!
//! Rules checked here before any call (§5.1): text only, at most [`MAX_TEXT`] characters,
//! no hyperlinks, and within 7 days of the buyer's last message (the seller has 7 days to
//! respond before the conversation auto-closes for non-response). The 30-day / 60-day
//! conditions for *starting* a conversation are not ours to meet: we only answer.
//!
//! The send's `content` is a JSON-serialised **string** (`{"content":"…"}` as text), not
//! an object (§5.2). Its errors (§5.2) are mapped: 45109001 conversation rules, 45101004
//! daily quota, 45101006 sensitive content, 45102007 no permission.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use super::{CHANNEL, TikTokClient};
use crate::marketplace::chat::{
    BuyerMessage, ChatError, ChatEvent, ShopMessage, find_link, id_text,
};
use crate::marketplace::{ChannelError, ChannelKind, ChannelResult};

/// A TEXT message's longest content (§5.1).
pub const MAX_TEXT: usize = 2000;
/// The seller's time to respond after the buyer's last message (§5.1).
pub const REPLY_DAYS: i64 = 7;
/// Webhook type of a new message (§5.3).
pub const NEW_MESSAGE: i64 = 14;

/// The Send Message path for a conversation.
pub fn send_path(conversation_id: &str) -> String {
    format!("/customer_service/202309/conversations/{conversation_id}/messages")
}

/// The Send Message body for a text: `content` is a JSON-serialised string.
pub fn text_body(text: &str) -> Value {
    json!({
        "type": "TEXT",
        "content": json!({ "content": text }).to_string(),
    })
}

/// Reads a type-14 webhook (signature already checked: [`TikTokClient::verify_webhook`]
/// or [`crate::marketplace::signing::verify_tiktok_webhook`]).
///
/// - `is_visible == false` (rating requests and the like): ignored, as §5.2 says to hide.
/// - `sender.role` BUYER: the buyer's message (TEXT read from the JSON-string `content`;
///   other types become a placeholder a person looks at).
/// - SHOP or CUSTOMER_SERVICE: the shop's side — our own send coming back, or a person
///   answering in TikTok's seller centre. §5.3 only says our own sends come back this way
///   (labelled an inference there); we infer likewise that a shop-side message that is
///   not ours is a person's, and the desk treats it as a person taking over (as
///   Messenger's echoes from another app). Never answered either way.
/// - SYSTEM, ROBOT and anything else: ignored.
pub fn parse_chat_webhook(body: &[u8]) -> ChannelResult<ChatEvent> {
    let v: Value = serde_json::from_slice(body).map_err(|e| ChannelError::Malformed {
        channel: CHANNEL,
        detail: format!("webhook body is not JSON ({e})"),
    })?;
    let kind = v.get("type").and_then(Value::as_i64).unwrap_or(-1);
    if kind != NEW_MESSAGE {
        return Ok(ChatEvent::Ignored(format!("type {kind}")));
    }
    let d = v.get("data").cloned().unwrap_or(Value::Null);
    let malformed = |what: &str| ChannelError::Malformed {
        channel: CHANNEL,
        detail: format!("message webhook without {what}"),
    };
    let thread_id = d
        .get("conversation_id")
        .and_then(id_text)
        .ok_or_else(|| malformed("conversation_id"))?;
    let message_id = d
        .get("message_id")
        .and_then(id_text)
        .ok_or_else(|| malformed("message_id"))?;
    if d.get("is_visible").and_then(Value::as_bool) == Some(false) {
        return Ok(ChatEvent::Ignored("hidden message".into()));
    }
    let msg_type = d.get("type").and_then(Value::as_str).unwrap_or("");
    let text = match msg_type {
        "TEXT" => {
            // `content` is a JSON string holding `{"content": "..."}`.
            let inner = d.get("content").and_then(Value::as_str).unwrap_or("");
            serde_json::from_str::<Value>(inner)
                .ok()
                .and_then(|c| c.get("content").and_then(Value::as_str).map(str::to_string))
                .unwrap_or_default()
        }
        "" => String::new(),
        other => format!("[{}]", other.to_ascii_lowercase()),
    };
    let role = d
        .pointer("/sender/role")
        .and_then(Value::as_str)
        .unwrap_or("");
    match role {
        "BUYER" => {
            let buyer_id = d
                .pointer("/sender/im_user_id")
                .and_then(id_text)
                .ok_or_else(|| malformed("sender.im_user_id"))?;
            if text.trim().is_empty() {
                return Ok(ChatEvent::Ignored("empty message".into()));
            }
            let at = d
                .get("create_time")
                .and_then(Value::as_i64)
                .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
                .unwrap_or_else(Utc::now);
            Ok(ChatEvent::Buyer(BuyerMessage {
                buyer_id,
                // The push's sender has no nickname (only Get Messages does).
                buyer_name: String::new(),
                thread_id,
                message_id,
                text,
                at,
            }))
        }
        "SHOP" | "CUSTOMER_SERVICE" => Ok(ChatEvent::Shop(ShopMessage {
            thread_id,
            message_id,
            text,
        })),
        other => Ok(ChatEvent::Ignored(format!("sender role {other:?}"))),
    }
}

/// The rules a reply meets before any call: not empty, ≤ [`MAX_TEXT`], no link, and
/// within [`REPLY_DAYS`] of the buyer's last message.
pub fn may_send(
    text: &str,
    last_in: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ChatError> {
    if text.trim().is_empty() {
        return Err(ChatError::Empty);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(ChatError::TooLong(ChannelKind::TikTok, MAX_TEXT));
    }
    if let Some(link) = find_link(text) {
        return Err(ChatError::Link(ChannelKind::TikTok, link));
    }
    match last_in {
        None => Err(ChatError::NeverWrote(ChannelKind::TikTok)),
        Some(at) if now - at > Duration::days(REPLY_DAYS) => {
            Err(ChatError::After7Days(ChannelKind::TikTok))
        }
        Some(_) => Ok(()),
    }
}

/// What TikTok's Customer Service codes mean for a send.
pub fn send_refusal(e: ChannelError) -> ChatError {
    match &e {
        ChannelError::Rejected { code, .. } => match code.as_str() {
            "45109001" => ChatError::ConversationRules,
            "45101004" => ChatError::DailyQuota,
            "45101006" => ChatError::Sensitive,
            "45102007" => ChatError::NoPermission(ChannelKind::TikTok),
            _ => ChatError::Channel(e),
        },
        _ => ChatError::Channel(e),
    }
}

impl TikTokClient {
    /// Sends `text` in the conversation; TikTok's message id. `last_in`: when the buyer
    /// last wrote (the 7-day rule). Nothing is called when a rule refuses it.
    pub async fn send_chat_text(
        &self,
        conversation_id: &str,
        text: &str,
        last_in: Option<DateTime<Utc>>,
    ) -> Result<String, ChatError> {
        may_send(text, last_in, Utc::now())?;
        let id = conversation_id.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ChatError::NoThread(ChannelKind::TikTok));
        }
        let v = self
            .shop_call(
                Method::POST,
                &send_path(id),
                Vec::new(),
                Some(&text_body(text)),
            )
            .await
            .map_err(send_refusal)?;
        v.pointer("/data/message_id")
            .and_then(id_text)
            .ok_or_else(|| {
                ChatError::Channel(ChannelError::Malformed {
                    channel: CHANNEL,
                    detail: "a sent message without data.message_id".into(),
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marketplace::signing;

    /// §5.3's official example, byte for byte.
    const EXAMPLE: &str = r#"{"type": 14, "tts_notification_id": "7327112393057371910", "shop_id": "7494049642642441621", "timestamp": 1644412885,
 "data": {"content": "{\"content\":\"444\"}", "conversation_id": "710688832392260838", "create_time": 1681790246,
          "is_visible": true, "message_id": "722323407926368819", "index": "7494560109732334274",
          "type": "TEXT", "sender": {"im_user_id": "707885565181165594", "role": "BUYER"}}}"#;

    #[test]
    fn the_official_example_reads() {
        let ChatEvent::Buyer(m) = parse_chat_webhook(EXAMPLE.as_bytes()).unwrap() else {
            panic!("not a buyer message");
        };
        assert_eq!(m.text, "444");
        assert_eq!(m.buyer_id, "707885565181165594");
        assert_eq!(m.thread_id, "710688832392260838");
        assert_eq!(m.message_id, "722323407926368819");
        assert_eq!(m.at.timestamp(), 1681790246);
    }

    #[test]
    fn hidden_shop_and_system_messages() {
        let with = |f: &dyn Fn(&mut Value)| {
            let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
            f(&mut v);
            parse_chat_webhook(v.to_string().as_bytes()).unwrap()
        };
        assert!(matches!(
            with(&|v| v["data"]["is_visible"] = json!(false)),
            ChatEvent::Ignored(_)
        ));
        for role in ["SHOP", "CUSTOMER_SERVICE"] {
            assert!(matches!(
                with(&|v| v["data"]["sender"]["role"] = json!(role)),
                ChatEvent::Shop(ShopMessage { ref text, .. }) if text == "444"
            ));
        }
        assert!(matches!(
            with(&|v| v["data"]["sender"]["role"] = json!("SYSTEM")),
            ChatEvent::Ignored(_)
        ));
        assert!(matches!(
            with(&|v| v["type"] = json!(1)),
            ChatEvent::Ignored(_)
        ));
        assert!(matches!(
            with(&|v| v["data"]["type"] = json!("IMAGE")),
            ChatEvent::Buyer(BuyerMessage { ref text, .. }) if text == "[image]"
        ));
        assert!(parse_chat_webhook(b"not json").is_err());
        assert!(parse_chat_webhook(br#"{"type":14,"data":{}}"#).is_err());
    }

    #[test]
    fn webhook_signature_is_app_key_then_body() {
        // §13's vector.
        let body = br#"{"type":14,"shop_id":"1","timestamp":1700000000}"#;
        assert_eq!(
            signing::tiktok_webhook_signature("app_key_x", "app_secret_x", body),
            "0c241cc2b142cb5aeb2083ded763dde6104d16e98fcb3f3831ea62baf5070fdb"
        );
        let sig = signing::tiktok_webhook_signature("k", "s", EXAMPLE.as_bytes());
        assert!(signing::verify_tiktok_webhook(
            "k",
            "s",
            EXAMPLE.as_bytes(),
            &sig
        ));
        assert!(!signing::verify_tiktok_webhook("k", "s", b"{}", &sig));
        assert!(!signing::verify_tiktok_webhook(
            "k",
            "other",
            EXAMPLE.as_bytes(),
            &sig
        ));
    }

    #[test]
    fn the_body_carries_content_as_a_json_string() {
        let b = text_body("Dạ \"còn\" hàng ạ");
        assert_eq!(b["type"], "TEXT");
        let inner = b["content"].as_str().expect("a string");
        assert_eq!(inner, r#"{"content":"Dạ \"còn\" hàng ạ"}"#);
    }

    #[test]
    fn rules_before_any_call() {
        let now = Utc::now();
        let recent = Some(now - Duration::hours(30));
        assert_eq!(may_send("Dạ còn ạ", recent, now), Ok(()));
        assert_eq!(
            may_send(&"a".repeat(MAX_TEXT + 1), recent, now),
            Err(ChatError::TooLong(ChannelKind::TikTok, MAX_TEXT))
        );
        assert!(may_send(&"a".repeat(MAX_TEXT), recent, now).is_ok());
        assert!(matches!(
            may_send("xem https://x.vn/a", recent, now),
            Err(ChatError::Link(_, l)) if l == "https://x.vn/a"
        ));
        assert_eq!(
            may_send(
                "ok",
                Some(now - Duration::days(7) - Duration::minutes(1)),
                now
            ),
            Err(ChatError::After7Days(ChannelKind::TikTok))
        );
        assert_eq!(
            may_send("ok", None, now),
            Err(ChatError::NeverWrote(ChannelKind::TikTok))
        );
    }

    #[test]
    fn send_codes_are_mapped() {
        let r = |c: &str| {
            send_refusal(ChannelError::Rejected {
                channel: CHANNEL,
                code: c.into(),
                message: String::new(),
            })
        };
        assert_eq!(r("45109001"), ChatError::ConversationRules);
        assert_eq!(r("45101004"), ChatError::DailyQuota);
        assert_eq!(r("45101006"), ChatError::Sensitive);
        assert_eq!(r("45102007"), ChatError::NoPermission(ChannelKind::TikTok));
        assert!(matches!(r("45101001"), ChatError::Channel(_)));
    }
}
