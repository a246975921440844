//! Lazada IM (reference `customer-channels.md` §4): `POST /im/message/send` with
//! `session_id`, `template_id=1` (text) and `txt`, through the shop's own signed call
//! (app_key, timestamp, access_token, sign_method, sign) — the same [`LazadaClient`] and
//! token the order sync uses. A reply `code` "0" is a success.
//!
//! What is **not** here: reading new buyer messages. Lazada's IM push ("LPM") has chat
//! message types, but their payload is unconfirmed (§4, §14.4), so none is invented: the
//! desk can answer in a Lazada conversation only when one is already known to it (its
//! session id recorded), never start or discover one. A later reader of
//! `/im/session/list` (confirmed) would be the way to learn sessions.

use reqwest::Method;
use serde_json::Value;

use super::LazadaClient;
use crate::marketplace::chat::{ChatError, id_text};
use crate::marketplace::{ChannelError, ChannelKind};

pub const PATH_SEND: &str = "/im/message/send";
/// `template_id` of a text message (§4, confirmed).
pub const TEMPLATE_TEXT: &str = "1";
/// Not documented; the desk's own ceiling.
pub const MAX_TEXT: usize = 4000;

/// The send's business parameters, as they are signed and posted.
pub fn text_params(session_id: &str, text: &str) -> Vec<(&'static str, String)> {
    vec![
        ("session_id", session_id.to_string()),
        ("template_id", TEMPLATE_TEXT.to_string()),
        ("txt", text.to_string()),
    ]
}

/// Lazada's refusals of an IM call: an app not of the IM category is refused
/// ("InsufficientPermission", "Buyer IM rejected due to app permission", §4 single
/// source).
pub fn send_refusal(e: ChannelError) -> ChatError {
    let about_permission = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("permission") || s.contains("apiaccessdenied")
    };
    match &e {
        ChannelError::Auth { message, .. } if about_permission(message) => ChatError::LazadaNoIm,
        ChannelError::Rejected { code, message, .. }
            if about_permission(code) || about_permission(message) =>
        {
            ChatError::LazadaNoIm
        }
        _ => ChatError::Channel(e),
    }
}

impl LazadaClient {
    /// Sends `text` in the IM session; Lazada's message id when it gives one.
    pub async fn send_chat_text(&self, session_id: &str, text: &str) -> Result<String, ChatError> {
        if text.trim().is_empty() {
            return Err(ChatError::Empty);
        }
        if text.chars().count() > MAX_TEXT {
            return Err(ChatError::TooLong(ChannelKind::Lazada, MAX_TEXT));
        }
        if session_id.trim().is_empty() {
            return Err(ChatError::NoThread(ChannelKind::Lazada));
        }
        let v = self
            .call(
                Method::POST,
                PATH_SEND,
                text_params(session_id.trim(), text),
                false,
            )
            .await
            .map_err(send_refusal)?;
        // `data` fields of the send reply are not captured; `message_id` when present.
        let data = v.get("data").cloned().unwrap_or(Value::Null);
        Ok(data
            .get("message_id")
            .and_then(id_text)
            .or_else(|| v.get("request_id").and_then(id_text))
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marketplace::lazada::CHANNEL;
    use crate::marketplace::signing;

    #[test]
    fn the_send_is_signed_over_its_sorted_params() {
        let mut all: Vec<(&str, String)> = vec![
            ("app_key", "120735".into()),
            ("timestamp", "1700000000000".into()),
            ("sign_method", "sha256".into()),
            ("access_token", "tok".into()),
        ];
        all.extend(text_params("S1", "Dạ còn ạ"));
        let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            signing::lazada_sign_string(PATH_SEND, &pairs),
            "/im/message/sendaccess_tokentokapp_key120735session_idS1sign_methodsha256\
             template_id1timestamp1700000000000txtDạ còn ạ"
        );
        let sign = signing::lazada_sign("secret", PATH_SEND, &pairs);
        assert_eq!(sign, sign.to_uppercase());
        assert_eq!(sign.len(), 64);
    }

    #[test]
    fn permission_refusals() {
        assert_eq!(
            send_refusal(ChannelError::Auth {
                channel: CHANNEL,
                message: "InsufficientPermission: Buyer IM rejected due to app permission".into()
            }),
            ChatError::LazadaNoIm
        );
        assert!(matches!(
            send_refusal(ChannelError::Rejected {
                channel: CHANNEL,
                code: "MissingParameter".into(),
                message: "txt".into()
            }),
            ChatError::Channel(_)
        ));
    }
}
