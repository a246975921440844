//! Shopee seller chat (`sellerchat`, reference `customer-channels.md` §3): push code 10
//! (`webchat_push`) read into a [`ChatEvent`], and `POST /api/v2/sellerchat/send_message`
//! through the shop's own signed v2 calls (partner_id, timestamp, access_token, shop_id,
//! sign) — the same [`ShopeeClient`] and token the order sync uses.
//!
//! The push arrives on the same callback as the order pushes and carries the same
//! `Authorization` (HMAC-SHA256 of `callback_url|body` under the partner key):
//! [`ShopeeClient::verify_push`] checks it for every code.
//!
//! Ids: `conversation_id` and `message_id` exceed 2^53 (§3.2); in the captured payload
//! they are strings, `from_id` / `to_id` numbers. All are read with [`id_text`], exactly,
//! and kept as strings; `to_id` is sent back as the JSON integer it came as.
//!
//! Who wrote: the push has no role. A message whose sender is not the conversation's
//! buyer is the shop's side (our send, or a person in Seller Centre); the desk tells them
//! apart by its own records (`orderdeck_app::market_chat`). That is our inference: the
//! reference has only a buyer's message (single source).

use reqwest::Method;
use serde_json::{Value, json};

use super::{CHANNEL, ShopeeClient};
use crate::marketplace::chat::{BuyerMessage, ChatError, ChatEvent, id_text};
use crate::marketplace::{ChannelError, ChannelKind, ChannelResult};

pub const PATH_SEND: &str = "/api/v2/sellerchat/send_message";
/// Push code of a chat message (§3.3).
pub const WEBCHAT_PUSH: i64 = 10;
/// Not documented for Shopee; the desk's own ceiling applies, and this one keeps a reply
/// to a size chat apps take (Shopee's own limit is unconfirmed).
pub const MAX_TEXT: usize = 4000;

/// The send body for a text (§3.2): `to_id` as a JSON integer (the buyer's user id).
pub fn text_body(to_id: &str, text: &str) -> Result<Value, ChatError> {
    let id: u64 = to_id
        .trim()
        .parse()
        .map_err(|_| ChatError::BadBuyer(ChannelKind::Shopee, to_id.to_string()))?;
    Ok(json!({
        "to_id": id,
        "message_type": "text",
        "content": { "text": text },
    }))
}

/// Reads a push whose signature was checked. Code 10 with `data.type == "message"` and
/// a text is a message; its sender is `from_id`, its thread `conversation_id`. Other
/// codes, notifications and non-text messages are ignored (non-text `content` keys are
/// not verified, §3.2).
pub fn parse_chat_push(body: &[u8]) -> ChannelResult<ChatEvent> {
    let v: Value = serde_json::from_slice(body).map_err(|e| ChannelError::Malformed {
        channel: CHANNEL,
        detail: format!("push body is not JSON ({e})"),
    })?;
    let code = v.get("code").and_then(Value::as_i64).unwrap_or(-1);
    if code != WEBCHAT_PUSH {
        return Ok(ChatEvent::Ignored(format!("push code {code}")));
    }
    let kind = v
        .pointer("/data/type")
        .and_then(Value::as_str)
        .unwrap_or("");
    if kind != "message" {
        return Ok(ChatEvent::Ignored(format!("chat push of type {kind:?}")));
    }
    let c = v.pointer("/data/content").cloned().unwrap_or(Value::Null);
    let malformed = |what: &str| ChannelError::Malformed {
        channel: CHANNEL,
        detail: format!("chat push without {what}"),
    };
    let message_id = c
        .get("message_id")
        .and_then(id_text)
        .ok_or_else(|| malformed("message_id"))?;
    let thread_id = c
        .get("conversation_id")
        .and_then(id_text)
        .ok_or_else(|| malformed("conversation_id"))?;
    let buyer_id = c
        .get("from_id")
        .and_then(id_text)
        .ok_or_else(|| malformed("from_id"))?;
    let text = match c.get("message_type").and_then(Value::as_str) {
        Some("text") => c
            .pointer("/content/text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        Some(other) => format!("[{other}]"),
        None => String::new(),
    };
    if text.trim().is_empty() {
        return Ok(ChatEvent::Ignored("empty chat message".into()));
    }
    let at = c
        .get("created_timestamp")
        .and_then(Value::as_i64)
        .and_then(|t| chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0))
        .unwrap_or_else(chrono::Utc::now);
    // §3.3: `from_user_name` is the sender's Shopee username — the buyer's, for a message
    // taken as the buyer's (see the role note above). Kept short; shown with control
    // characters made visible, like every stored text.
    let buyer_name: String = c
        .get("from_user_name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .chars()
        .take(100)
        .collect();
    Ok(ChatEvent::Buyer(BuyerMessage {
        buyer_id,
        buyer_name,
        thread_id,
        message_id,
        text,
        at,
    }))
}

/// Shopee's "no permission" for chat (error 491 or a permission error, §3.1, single
/// source): this app has no seller chat at all.
pub fn send_refusal(e: ChannelError) -> ChatError {
    let no_permission = |code: &str, message: &str| {
        let m = message.to_ascii_lowercase();
        code == "491"
            || code.contains("permission")
            || m.contains("491")
            || m.contains("no permission")
            || m.contains("error_permission")
            || m.contains("error_api_permission")
    };
    match &e {
        ChannelError::Rejected { code, message, .. } if no_permission(code, message) => {
            ChatError::ShopeeNoChat
        }
        ChannelError::Auth { message, .. } if no_permission("", message) => ChatError::ShopeeNoChat,
        _ => ChatError::Channel(e),
    }
}

impl ShopeeClient {
    /// Sends `text` to the buyer `to_id`; Shopee's message id.
    pub async fn send_chat_text(&self, to_id: &str, text: &str) -> Result<String, ChatError> {
        if text.trim().is_empty() {
            return Err(ChatError::Empty);
        }
        if text.chars().count() > MAX_TEXT {
            return Err(ChatError::TooLong(ChannelKind::Shopee, MAX_TEXT));
        }
        let body = text_body(to_id, text)?;
        let v = self
            .call(Method::POST, PATH_SEND, &[], Some(&body))
            .await
            .map_err(send_refusal)?;
        // The reply's fields for a text are not in the reference; the id is kept when
        // it comes (`response.message_id`), else the request id stands for it.
        Ok(v.pointer("/response/message_id")
            .and_then(id_text)
            .or_else(|| v.get("request_id").and_then(id_text))
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marketplace::signing;

    /// §3.3's captured payload, with the ids as numbers past 2^53 where JSON allows.
    const CAPTURED: &str = r#"{"msg_id": "", "shop_id": 947042923, "code": 10, "timestamp": 1726044722,
 "data": {"type": "message", "region": "ID",
          "content": {"message_id": "2302748948493123953", "conversation_id": "709122092476686867",
                      "shop_id": 165103149, "from_id": 165105353, "from_user_name": "<buyer>",
                      "to_id": 947151379, "to_user_name": "<shop>",
                      "message_type": "text", "content": {"text": "Baik kak .."},
                      "created_timestamp": 1726044721, "region": "ID",
                      "is_in_chatbot_session": false, "quoted_msg": {"message_id": ""},
                      "source_content": {}, "request_id": "<uuid>",
                      "sub_account_id": 0, "sub_account_name": 0}}}"#;

    #[test]
    fn the_captured_push_reads() {
        let ChatEvent::Buyer(m) = parse_chat_push(CAPTURED.as_bytes()).unwrap() else {
            panic!("not a buyer message");
        };
        assert_eq!(m.text, "Baik kak ..");
        assert_eq!(m.buyer_id, "165105353");
        assert_eq!(m.thread_id, "709122092476686867");
        assert_eq!(m.message_id, "2302748948493123953");
    }

    #[test]
    fn ids_past_2_53_as_numbers_stay_exact() {
        let body = CAPTURED
            .replace(r#""2302748948493123953""#, "2302748948493123953")
            .replace("165105353", "9007199254740993");
        let ChatEvent::Buyer(m) = parse_chat_push(body.as_bytes()).unwrap() else {
            panic!("not a buyer message");
        };
        assert_eq!(m.message_id, "2302748948493123953");
        assert_eq!(m.buyer_id, "9007199254740993");
        // And back out as the same integer.
        let b = text_body(&m.buyer_id, "ok").unwrap();
        assert_eq!(
            b.to_string(),
            r#"{"content":{"text":"ok"},"message_type":"text","to_id":9007199254740993}"#
        );
    }

    #[test]
    fn other_pushes_are_ignored() {
        let order = br#"{"code":3,"shop_id":1,"data":{"ordersn":"X"}}"#;
        assert!(matches!(parse_chat_push(order), Ok(ChatEvent::Ignored(_))));
        let note = CAPTURED.replace(r#""type": "message""#, r#""type": "notification""#);
        assert!(matches!(
            parse_chat_push(note.as_bytes()),
            Ok(ChatEvent::Ignored(_))
        ));
        assert!(parse_chat_push(br#"{"code":10,"data":{"type":"message","content":{}}}"#).is_err());
        assert!(text_body("abc", "x").is_err());
    }

    #[test]
    fn push_signature_is_url_bar_body() {
        // §13's vector.
        assert_eq!(
            signing::shopee_push_signature(
                "partner_key_x",
                "https://example.com/shopee/push",
                br#"{"code":10,"shop_id":1,"timestamp":1700000000}"#
            ),
            "d64d10d363d97eff94bf4ebd0213c1a11e5e19fefe72b61b0892e3b4ab7e9a6b"
        );
    }

    #[test]
    fn no_permission_is_said_plainly() {
        let e = |code: &str, message: &str| ChannelError::Rejected {
            channel: CHANNEL,
            code: code.into(),
            message: message.into(),
        };
        assert_eq!(send_refusal(e("491", "")), ChatError::ShopeeNoChat);
        assert_eq!(
            send_refusal(ChannelError::Auth {
                channel: CHANNEL,
                message: "error_permission: no permission".into()
            }),
            ChatError::ShopeeNoChat
        );
        assert!(matches!(
            send_refusal(e("error_param", "bad to_id")),
            ChatError::Channel(_)
        ));
    }
}
