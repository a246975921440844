//! Marketplace buyer chat (reference `customer-channels.md` §3 Shopee `sellerchat`, §4
//! Lazada IM, §5 TikTok Shop Customer Service): what the three have in common — a buyer's
//! message read from a push, the refusals a send can meet (ours, made before any call,
//! and the platform's, mapped), and the rules every send passes first.
//!
//! Each platform's client lives beside its order client (`shopee::chat`, `lazada::chat`,
//! `tiktok::chat`) and speaks for the shop with the **same** authorisation the order sync
//! uses (its [`super::TokenKeeper`]): a shop connected for orders is the account its chat
//! speaks for. Whether the app was granted chat at all is the seller's to say
//! (`[channels.<kind>] chat = true`): none of the three grants it by default.
//!
//! Ids: a platform's conversation and message ids are kept as strings end to end (Shopee's
//! exceed 2^53, §3.2); [`id_text`] reads one whether it came as a JSON string or a number,
//! and refuses a number that could not be read exactly.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{ChannelError, ChannelKind};

/// A buyer's message, as a push delivered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerMessage {
    /// The platform's id for the buyer (TikTok `sender.im_user_id`, Shopee `from_id`).
    pub buyer_id: String,
    /// The buyer's name as the push gives it (Shopee's `from_user_name`); "" when the
    /// push has none (TikTok's carries only `im_user_id` and the role).
    pub buyer_name: String,
    /// The platform's thread (TikTok / Shopee `conversation_id`, Lazada `session_id`).
    pub thread_id: String,
    pub message_id: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// A message the shop's side wrote (our own send coming back, or a person answering in
/// the platform's seller centre): never answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopMessage {
    pub thread_id: String,
    pub message_id: String,
    pub text: String,
}

/// What one chat push says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatEvent {
    Buyer(BuyerMessage),
    Shop(ShopMessage),
    /// Nothing for the desk (a hidden message, a notification, a card we do not read).
    Ignored(String),
}

/// Why a chat send did not go. Ours (refused before any call) first, then the platform's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChatError {
    /// `[channels.<kind>] chat` is not set: the app was not granted chat.
    #[error("{}", orderdeck_i18n::t!("err-chat-no-client", channel = .0.label()))]
    NotGranted(ChannelKind),
    #[error("{}", orderdeck_i18n::t!("err-mchat-too-long", channel = .0.label(), max = *.1))]
    TooLong(ChannelKind, usize),
    #[error("{}", orderdeck_i18n::t!("err-mchat-empty"))]
    Empty,
    /// TikTok Shop sends no hyperlinks (§5.1).
    #[error("{}", orderdeck_i18n::t!("err-mchat-link", channel = .0.label(), link = .1.as_str()))]
    Link(ChannelKind, String),
    /// More than 7 days since the buyer's last message (TikTok Shop, §5.1).
    #[error("{}", orderdeck_i18n::t!("err-mchat-window-7d", channel = .0.label()))]
    After7Days(ChannelKind),
    /// The buyer has not written: we do not start conversations.
    #[error("{}", orderdeck_i18n::t!("err-mchat-never", channel = .0.label()))]
    NeverWrote(ChannelKind),
    /// We do not know the platform's thread to answer in.
    #[error("{}", orderdeck_i18n::t!("err-mchat-no-thread", channel = .0.label()))]
    NoThread(ChannelKind),
    /// The buyer id is not one the platform could take (Shopee's `to_id` is a number).
    #[error("{}", orderdeck_i18n::t!("err-mchat-bad-buyer", channel = .0.label(), buyer = .1.as_str()))]
    BadBuyer(ChannelKind, String),
    /// TikTok 45109001: the conversation's rules no longer let the shop write.
    #[error("{}", orderdeck_i18n::t!("err-mchat-rules"))]
    ConversationRules,
    /// TikTok 45101004: 10,000 calls a day.
    #[error("{}", orderdeck_i18n::t!("err-mchat-quota"))]
    DailyQuota,
    /// TikTok 45101006: words the platform's policy refuses.
    #[error("{}", orderdeck_i18n::t!("err-mchat-sensitive"))]
    Sensitive,
    /// TikTok 45102007: no permission for this conversation.
    #[error("{}", orderdeck_i18n::t!("err-mchat-no-permission", channel = .0.label()))]
    NoPermission(ChannelKind),
    /// Shopee 491 / "no permission": this app has no seller chat at all.
    #[error("{}", orderdeck_i18n::t!("err-mchat-shopee-no-chat"))]
    ShopeeNoChat,
    /// Lazada: the app is not of the IM category.
    #[error("{}", orderdeck_i18n::t!("err-mchat-lazada-no-im"))]
    LazadaNoIm,
    /// Anything else the platform (or the way to it) said.
    #[error(transparent)]
    Channel(#[from] ChannelError),
}

/// An id as text, from a JSON string or an integer — exactly. A number that is not an
/// integer within `u64`/`i64` (serde_json would have read it as a float, losing digits)
/// is refused rather than rounded.
pub fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => n
            .as_u64()
            .map(|u| u.to_string())
            .or_else(|| n.as_i64().map(|i| i.to_string())),
        _ => None,
    }
}

/// The first hyperlink in `text`, if any: a URL scheme, `www.`, or a bare domain with a
/// common top-level domain (`shopee.vn/abc`). Deliberately wide — a reply that TikTok
/// refuses is worse than one a person rewrites.
pub fn find_link(text: &str) -> Option<String> {
    const TLDS: [&str; 12] = [
        "com", "vn", "net", "org", "id", "co", "io", "me", "ly", "link", "shop", "info",
    ];
    for raw in text.split(|c: char| c.is_whitespace() || "()<>\"'[]{}".contains(c)) {
        let word = raw.trim_matches(|c: char| ",.;:!?".contains(c));
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        if lower.contains("://") || lower.starts_with("www.") {
            return Some(word.to_string());
        }
        // host[/path]: a dot inside the host, letters after the last dot, no '@' (an
        // email address is not a link), and not a number like 1.500.000.
        let host = lower.split('/').next().unwrap_or("");
        if host.contains('@') || !host.contains('.') {
            continue;
        }
        let Some((name, tld)) = host.rsplit_once('.') else {
            continue;
        };
        if !name.is_empty() && name.chars().any(|c| c.is_ascii_alphabetic()) && TLDS.contains(&tld)
        {
            return Some(word.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_kept_exactly() {
        // 2^53 + 1: a float would make it …992.
        let body = r#"{"a": 9007199254740993, "b": "9007199254740993", "c": 18446744073709551615, "d": 1.5e20, "e": -7}"#;
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(id_text(&v["a"]).as_deref(), Some("9007199254740993"));
        assert_eq!(id_text(&v["b"]).as_deref(), Some("9007199254740993"));
        assert_eq!(id_text(&v["c"]).as_deref(), Some("18446744073709551615"));
        assert_eq!(id_text(&v["d"]), None, "a float is never an id");
        assert_eq!(id_text(&v["e"]).as_deref(), Some("-7"));
        assert_eq!(id_text(&json!(null)), None);
        assert_eq!(id_text(&json!("  ")), None);
    }

    #[test]
    fn links_are_found() {
        for text in [
            "Xem tại https://shop.vn/p/1 nhé",
            "vào www.nhaxinh.vn ạ",
            "link: nhaxinh.vn/ao-thun",
            "(http://x.y)",
            "tokopedia.com",
        ] {
            assert!(find_link(text).is_some(), "{text}");
        }
        for text in [
            "Giá 1.500.000 ₫ ạ",
            "email: cskh@nhaxinh.vn",
            "Dạ còn hàng size M.",
            "v1.2 ok",
        ] {
            assert_eq!(find_link(text), None, "{text}");
        }
    }
}
