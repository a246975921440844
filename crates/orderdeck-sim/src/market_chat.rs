//! The marketplaces' buyer chat, served beside their order APIs (reference
//! `customer-channels.md` §3–§5), as strict as the documents and each platform's gateway:
//! the same signing and token checks as the order calls (the shop's own authorisation).
//!
//! - TikTok Shop Customer Service: `POST /customer_service/202309/conversations/{id}/messages`
//!   — `type` must be `TEXT` (the other documented types are refused as not supported
//!   here, 45111001), `content` must be a JSON **string** holding `{"content": "…"}`
//!   (an object is 45101001), text ≤ 2000 characters, no hyperlink (45111001: not
//!   supported), an unknown conversation 45101003, more than 7 days after the buyer's last
//!   message or a conversation the test closed 45109001, the daily quota 45101004, a word
//!   the test banned 45101006. Buyers write with [`SimHandle::tiktok_buyer_writes`]: a
//!   type-14 webhook signed `hex(HMAC-SHA256(app_secret, app_key + body))`, posted to
//!   orderdeck.
//! - Shopee `POST /api/v2/sellerchat/send_message`: the v2 shop signature and token;
//!   refused with a permission error until the test grants chat (Shopee grants it only to
//!   Customer Service apps, §3.1 — the exact refusal body is single-source: here
//!   `error_permission` with "491" in the message, HTTP 403); `to_id` must be a JSON
//!   integer of a buyer who wrote, `message_type` `text`, `content.text` a non-empty
//!   string. Buyers write with [`SimHandle::shopee_buyer_writes`]: a code-10 push signed
//!   `hex(HMAC-SHA256(partner_key, callback_url + "|" + body))`, with message and
//!   conversation ids past 2^53.
//! - Lazada `POST /rest/im/message/send`: the Lazada gateway's checks, then
//!   `InsufficientPermission` until the test grants IM; a known `session_id`,
//!   `template_id` 1, a non-empty `txt`. No buyer side: Lazada's IM push payload is
//!   unconfirmed (§4), so the simulator sends none; a test opens a session with
//!   [`SimHandle::lazada_chat_open_session`].
//!
//! The reply bodies of a successful Shopee and Lazada send are not in the reference: they
//! carry a `message_id` here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::{SimHandle, SimState, lazada, lock, shopee, tiktok};
use orderdeck_integrations::marketplace::chat::find_link;
use orderdeck_integrations::marketplace::signing;

const TIKTOK_SEND: &str = "/customer_service/202309/conversations/{conversation_id}/messages";
const SHOPEE_SEND: &str = "/api/v2/sellerchat/send_message";
const LAZADA_SEND: &str = "/im/message/send";
/// TikTok's daily quota of Customer Service calls (§5.1).
const TIKTOK_DAILY_QUOTA: u32 = 10_000;

/// A chat message the shop sent, as the platform took it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatSent {
    /// `tiktok`, `shopee` or `lazada`.
    pub platform: &'static str,
    /// The conversation (TikTok), the buyer's id (Shopee `to_id`) or the session (Lazada).
    pub to: String,
    pub text: String,
    /// The body exactly as it arrived (JSON), or the form parameters (Lazada).
    pub body: Value,
    pub message_id: String,
}

struct TikTokConv {
    buyer: String,
    last_buyer_at: DateTime<Utc>,
    closed: bool,
}

#[derive(Default)]
struct Inner {
    tiktok: HashMap<String, TikTokConv>,
    tiktok_quota_used: u32,
    tiktok_banned: Vec<String>,
    shopee_granted: bool,
    /// Buyer id → (conversation id, last message).
    shopee_buyers: HashMap<u64, (String, DateTime<Utc>)>,
    lazada_granted: bool,
    lazada_sessions: Vec<String>,
    sent: Vec<ChatSent>,
    next: u64,
}

impl Inner {
    /// An id of 18 or 19 digits, past 2^53 like the platforms' own.
    fn id(&mut self, prefix: u64) -> String {
        self.next += 1;
        format!("{}", prefix * 10_000_000_000_000_000 + self.next)
    }
}

#[derive(Default)]
pub(crate) struct Chats {
    inner: Mutex<Inner>,
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route(TIKTOK_SEND, post(tiktok_send))
        .route(SHOPEE_SEND, post(shopee_send))
        .route(&format!("/rest{LAZADA_SEND}"), post(lazada_send))
}

// ----------------------------------------------------------------------------------
// TikTok Shop

async fn tiktok_send(
    State(state): State<Arc<SimState>>,
    Path(conversation_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<tiktok::Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = tiktok::gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let fail = |code: i64, message: &str| tiktok::fail(&state, code, message);
    let Ok(body) = serde_json::from_slice::<Value>(&raw) else {
        return fail(45_101_001, "invalid parameter: body must be JSON");
    };
    if !body.is_object() {
        return fail(45_101_001, "invalid parameter: body must be a JSON object");
    }
    match body.get("type").and_then(Value::as_str) {
        Some("TEXT") => {}
        Some(
            "IMAGE" | "PRODUCT_CARD" | "ORDER_CARD" | "RETURN_REFUND_CARD" | "COUPON_CARD"
            | "EMOTICONS",
        ) => return fail(45_111_001, "not supported by this simulator"),
        _ => return fail(45_101_001, "invalid parameter: type"),
    }
    // `content` is a JSON-serialised string, never an object.
    let Some(content) = body.get("content").and_then(Value::as_str) else {
        return fail(
            45_101_001,
            "invalid parameter: content must be a JSON string",
        );
    };
    let Some(text) = serde_json::from_str::<Value>(content)
        .ok()
        .and_then(|c| c.get("content").and_then(Value::as_str).map(str::to_string))
    else {
        return fail(
            45_101_001,
            "invalid parameter: content must hold {\"content\": text}",
        );
    };
    if text.trim().is_empty() || text.chars().count() > 2000 {
        return fail(
            45_101_001,
            "invalid parameter: text must be 1 to 2000 characters",
        );
    }
    if find_link(&text).is_some() {
        return fail(45_111_001, "hyperlinks are not supported");
    }
    let mut g = lock(&state.chats.inner);
    let banned = g
        .tiktok_banned
        .iter()
        .any(|w| text.to_lowercase().contains(&w.to_lowercase()));
    let Some(conv) = g.tiktok.get(&conversation_id) else {
        return fail(45_101_003, "record not found");
    };
    if conv.closed || Utc::now() - conv.last_buyer_at > Duration::days(7) {
        return fail(45_109_001, "unable to send due to conversation rules");
    }
    if g.tiktok_quota_used >= TIKTOK_DAILY_QUOTA {
        return fail(
            45_101_004,
            "query quota has been reached (10000 request per day)",
        );
    }
    g.tiktok_quota_used += 1;
    if banned {
        return fail(45_101_006, "sensitive content");
    }
    let message_id = g.id(7_3);
    g.sent.push(ChatSent {
        platform: "tiktok",
        to: conversation_id,
        text,
        body,
        message_id: message_id.clone(),
    });
    drop(g);
    tiktok::ok(&state, json!({ "message_id": message_id }))
}

// ----------------------------------------------------------------------------------
// Shopee

async fn shopee_send(
    State(state): State<Arc<SimState>>,
    Query(q): Query<shopee::Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = shopee::gate(&state, &q, SHOPEE_SEND, true) {
        return r;
    }
    if !lock(&state.chats.inner).shopee_granted {
        return shopee::fail(
            &state,
            StatusCode::FORBIDDEN,
            "error_permission",
            "491: no permission to call sellerchat",
        );
    }
    let param = |m: &str| shopee::param_error(&state, m);
    let Ok(body) = serde_json::from_slice::<Value>(&raw) else {
        return param("body must be JSON");
    };
    // An integer, as the reference shows it (`to_id: <buyer user id>`).
    let Some(to_id) = body.get("to_id").and_then(Value::as_u64) else {
        return param("to_id must be an integer");
    };
    match body.get("message_type").and_then(Value::as_str) {
        Some("text") => {}
        Some("sticker" | "image" | "item" | "order") => {
            return param("this message_type is not supported by the simulator");
        }
        _ => return param("message_type is invalid"),
    }
    let Some(text) = body.pointer("/content/text").and_then(Value::as_str) else {
        return param("content.text is required");
    };
    if text.trim().is_empty() {
        return param("content.text is empty");
    }
    let mut g = lock(&state.chats.inner);
    let Some((conversation_id, _)) = g.shopee_buyers.get(&to_id).cloned() else {
        return param("to_id is not a buyer of this shop");
    };
    let message_id = g.id(2_3);
    g.sent.push(ChatSent {
        platform: "shopee",
        to: to_id.to_string(),
        text: text.to_string(),
        body: body.clone(),
        message_id: message_id.clone(),
    });
    drop(g);
    shopee::ok(
        &state,
        json!({
            "message_id": message_id,
            "to_id": to_id,
            "message_type": "text",
            "content": { "text": text },
            "conversation_id": conversation_id,
            "created_timestamp": Utc::now().timestamp(),
        }),
    )
}

// ----------------------------------------------------------------------------------
// Lazada

async fn lazada_send(
    State(state): State<Arc<SimState>>,
    Query(q): Query<lazada::Params>,
    raw: Bytes,
) -> Response {
    let p = match lazada::admit(&state, &Method::POST, q, &raw, LAZADA_SEND, true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    if !lock(&state.chats.inner).lazada_granted {
        return lazada::isv(
            &state,
            "InsufficientPermission",
            "Buyer IM rejected due to app permission",
        );
    }
    let get = |k: &str| lazada::first(&p, k).map(str::to_string);
    let Some(session_id) = get("session_id").filter(|s| !s.trim().is_empty()) else {
        return lazada::isv(&state, "MissingParameter", "session_id is required");
    };
    match get("template_id").as_deref() {
        Some("1") => {}
        Some(_) => {
            return lazada::isv(
                &state,
                "InvalidParameter",
                "template_id other than 1 is not supported by the simulator",
            );
        }
        None => return lazada::isv(&state, "MissingParameter", "template_id is required"),
    }
    let Some(txt) = get("txt").filter(|t| !t.trim().is_empty()) else {
        return lazada::isv(&state, "MissingParameter", "txt is required");
    };
    let mut g = lock(&state.chats.inner);
    if !g.lazada_sessions.contains(&session_id) {
        return lazada::isv(&state, "InvalidParameter", "session not found");
    }
    let message_id = g.id(4_1);
    let form: serde_json::Map<String, Value> = p
        .iter()
        .filter(|(k, _)| !["sign", "access_token", "timestamp", "app_key"].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    g.sent.push(ChatSent {
        platform: "lazada",
        to: session_id,
        text: txt,
        body: Value::Object(form),
        message_id: message_id.clone(),
    });
    drop(g);
    axum::Json(json!({
        "code": "0",
        "data": { "message_id": message_id },
        "request_id": lazada::request_id(&state),
    }))
    .into_response()
}

// ----------------------------------------------------------------------------------
// The buyers' side (the tests', and the demo's scripted buyers)

async fn post_signed(url: &str, authorization: &str, body: String) -> Result<u16, String> {
    let reply = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("authorization", authorization)
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(reply.status().as_u16())
}

/// A delivered webhook: the ids it carried and orderdeck's HTTP status.
#[derive(Debug, Clone)]
pub struct ChatDelivery {
    pub conversation_id: String,
    pub message_id: String,
    pub status: u16,
    /// The body and the `Authorization` header sent (to deliver again, or tamper with).
    pub body: String,
    pub authorization: String,
}

/// The marketplaces' buyers, apart from the simulator's handle: the demo's scripted
/// buyers write through this from a task of their own, while the handle (dropping it stops
/// the simulator) stays with the console that started it. Same state, same conversations:
/// the shop's replies to these buyers are accepted by the send endpoints above.
#[derive(Clone)]
pub struct MarketBuyers {
    state: Arc<SimState>,
}

impl MarketBuyers {
    /// A TikTok buyer (`im_user_id`) writes `text`: their conversation (made on the first
    /// message) takes it, and the type-14 webhook goes to `webhook`, signed.
    pub async fn tiktok_buyer_writes(
        &self,
        webhook: &str,
        buyer: &str,
        text: &str,
    ) -> Result<ChatDelivery, String> {
        let now = Utc::now();
        let (conversation_id, message_id, index) = {
            let mut g = lock(&self.state.chats.inner);
            let known = g
                .tiktok
                .iter()
                .find(|(_, c)| c.buyer == buyer)
                .map(|(id, _)| id.clone());
            let id = match known {
                Some(id) => id,
                None => g.id(7_1),
            };
            g.tiktok.insert(
                id.clone(),
                TikTokConv {
                    buyer: buyer.to_string(),
                    last_buyer_at: now,
                    closed: false,
                },
            );
            (id, g.id(7_2), g.id(7_4))
        };
        let body = tiktok_message(
            &conversation_id,
            &message_id,
            &index,
            buyer,
            "BUYER",
            text,
            now,
        );
        self.deliver_tiktok(webhook, conversation_id, message_id, body)
            .await
    }

    /// A person answers in TikTok's seller centre: a type-14 webhook with role SHOP.
    pub async fn tiktok_shop_person_writes(
        &self,
        webhook: &str,
        conversation_id: &str,
        text: &str,
    ) -> Result<ChatDelivery, String> {
        let (message_id, index) = {
            let mut g = lock(&self.state.chats.inner);
            (g.id(7_2), g.id(7_4))
        };
        let body = tiktok_message(
            conversation_id,
            &message_id,
            &index,
            "7000000000000000001",
            "SHOP",
            text,
            Utc::now(),
        );
        self.deliver_tiktok(webhook, conversation_id.to_string(), message_id, body)
            .await
    }

    async fn deliver_tiktok(
        &self,
        webhook: &str,
        conversation_id: String,
        message_id: String,
        body: String,
    ) -> Result<ChatDelivery, String> {
        let authorization =
            signing::tiktok_webhook_signature(tiktok::APP_KEY, tiktok::APP_SECRET, body.as_bytes());
        let status = post_signed(webhook, &authorization, body.clone()).await?;
        Ok(ChatDelivery {
            conversation_id,
            message_id,
            status,
            body,
            authorization,
        })
    }

    /// A Shopee buyer (`buyer` user id, `username` their Shopee login) writes `text`:
    /// a code-10 push, signed for `callback_url` (the URL as registered), posted there.
    pub async fn shopee_buyer_writes(
        &self,
        callback_url: &str,
        buyer: u64,
        username: &str,
        text: &str,
    ) -> Result<ChatDelivery, String> {
        let now = Utc::now();
        let (conversation_id, message_id) = {
            let mut g = lock(&self.state.chats.inner);
            let conversation = match g.shopee_buyers.get(&buyer) {
                Some((c, _)) => c.clone(),
                None => g.id(7_09),
            };
            g.shopee_buyers.insert(buyer, (conversation.clone(), now));
            (conversation, g.id(2_30))
        };
        // As the captured payload (§3.3): message and conversation ids as strings, user
        // ids as numbers.
        let body = format!(
            r#"{{"msg_id":"","shop_id":{shop},"code":10,"timestamp":{ts},"data":{{"type":"message","region":"VN","content":{{"message_id":"{message_id}","conversation_id":"{conversation_id}","shop_id":{shop},"from_id":{buyer},"from_user_name":{username},"to_id":{shop_user},"to_user_name":"nhaxinh","message_type":"text","content":{text},"created_timestamp":{ts},"region":"VN","is_in_chatbot_session":false,"quoted_msg":{{"message_id":""}},"source_content":{{}},"request_id":"sim-{message_id}","sub_account_id":0,"sub_account_name":0}}}}}}"#,
            shop = shopee::SHOP_ID,
            shop_user = shopee::SHOP_ID + 1,
            ts = now.timestamp(),
            username = json!(username),
            text = json!({ "text": text }),
        );
        let authorization =
            signing::shopee_push_signature(shopee::PARTNER_KEY, callback_url, body.as_bytes());
        let status = post_signed(callback_url, &authorization, body.clone()).await?;
        Ok(ChatDelivery {
            conversation_id,
            message_id,
            status,
            body,
            authorization,
        })
    }
}

impl SimHandle {
    /// Writes as the marketplaces' buyers from elsewhere (the demo's buyers' task).
    pub fn market_buyers(&self) -> MarketBuyers {
        MarketBuyers {
            state: self.state.clone(),
        }
    }

    /// A TikTok buyer (`im_user_id`) writes `text`: see [`MarketBuyers::tiktok_buyer_writes`].
    pub async fn tiktok_buyer_writes(
        &self,
        webhook: &str,
        buyer: &str,
        text: &str,
    ) -> Result<ChatDelivery, String> {
        self.market_buyers()
            .tiktok_buyer_writes(webhook, buyer, text)
            .await
    }

    /// A person answers in TikTok's seller centre: see
    /// [`MarketBuyers::tiktok_shop_person_writes`].
    pub async fn tiktok_shop_person_writes(
        &self,
        webhook: &str,
        conversation_id: &str,
        text: &str,
    ) -> Result<ChatDelivery, String> {
        self.market_buyers()
            .tiktok_shop_person_writes(webhook, conversation_id, text)
            .await
    }

    /// Moves a TikTok conversation's last buyer message `days` back.
    pub fn tiktok_chat_backdate(&self, conversation_id: &str, days: i64) {
        if let Some(c) = lock(&self.state.chats.inner)
            .tiktok
            .get_mut(conversation_id)
        {
            c.last_buyer_at -= Duration::days(days);
        }
    }

    /// TikTok's rules close the conversation for the shop (sends get 45109001).
    pub fn tiktok_chat_close(&self, conversation_id: &str) {
        if let Some(c) = lock(&self.state.chats.inner)
            .tiktok
            .get_mut(conversation_id)
        {
            c.closed = true;
        }
    }

    /// The shop has used up its daily Customer Service quota (45101004).
    pub fn tiktok_chat_quota_used_up(&self) {
        lock(&self.state.chats.inner).tiktok_quota_used = TIKTOK_DAILY_QUOTA;
    }

    /// Sends containing `word` are refused as sensitive content (45101006).
    pub fn tiktok_chat_ban_word(&self, word: &str) {
        lock(&self.state.chats.inner)
            .tiktok_banned
            .push(word.to_string());
    }

    /// Grants this Shopee app seller chat (a Customer Service app), or takes it away.
    pub fn shopee_chat_grant(&self, granted: bool) {
        lock(&self.state.chats.inner).shopee_granted = granted;
    }

    /// A Shopee buyer (`buyer` user id) writes `text`: a code-10 push, signed for
    /// `callback_url` (the URL as registered), posted there.
    pub async fn shopee_buyer_writes(
        &self,
        callback_url: &str,
        buyer: u64,
        text: &str,
    ) -> Result<ChatDelivery, String> {
        self.market_buyers()
            .shopee_buyer_writes(callback_url, buyer, &format!("buyer_{buyer}"), text)
            .await
    }

    /// Grants this Lazada app the IM category, or takes it away.
    pub fn lazada_chat_grant(&self, granted: bool) {
        lock(&self.state.chats.inner).lazada_granted = granted;
    }

    /// A Lazada IM session exists (a buyer wrote; no push tells orderdeck, §4).
    pub fn lazada_chat_open_session(&self, session_id: &str) {
        lock(&self.state.chats.inner)
            .lazada_sessions
            .push(session_id.to_string());
    }

    /// Every chat message the shops sent, in order.
    pub fn chat_sent(&self) -> Vec<ChatSent> {
        lock(&self.state.chats.inner).sent.clone()
    }
}

fn tiktok_message(
    conversation_id: &str,
    message_id: &str,
    index: &str,
    sender: &str,
    role: &str,
    text: &str,
    at: DateTime<Utc>,
) -> String {
    json!({
        "type": 14,
        "tts_notification_id": format!("9{message_id}"),
        "shop_id": tiktok::SHOP_ID,
        "timestamp": at.timestamp(),
        "data": {
            "content": json!({ "content": text }).to_string(),
            "conversation_id": conversation_id,
            "create_time": at.timestamp(),
            "is_visible": true,
            "message_id": message_id,
            "index": index,
            "type": "TEXT",
            "sender": { "im_user_id": sender, "role": role },
        },
    })
    .to_string()
}
