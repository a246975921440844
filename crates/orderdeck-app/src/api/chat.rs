//! The website's chat with its buyers: the site's own server passes each buyer message
//! on with a key of scope `chat:write`, and shows the buyer what the shop sent back.
//!
//! `POST /v1/chat/messages` `{"session": "…", "text": "…", "message_id"?, "name"?, "phone"?}`
//! stores the message once (a repeated `message_id` is not stored or answered again) and
//! answers with the assistant's reply when the channel `web` answers by itself
//! (`[assistant.channels.web] mode = "auto"`); with drafts, the reply comes later.
//! `GET /v1/chat/messages?session=…&after=ID` lists what the shop sent since ID (the
//! assistant's replies and people's), for the page to poll.
//!
//! `phone` is for a buyer the site knows (a logged-in account): the assistant then tells
//! them about the orders on that phone. A site must not pass a phone the buyer merely
//! typed — that is what the text is for, and the assistant asks for the order number too.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use orderdeck_domain::api_access::Scope;

use super::ApiState;
use super::auth::authenticate;
use super::problem::{FieldProblem, Problem, en, internal};
use crate::assistant::desk::{self, DeskError, Incoming};

/// The chat channel the website's messages are on.
pub const CHANNEL: &str = "web";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatIn {
    session: String,
    text: String,
    #[serde(default)]
    message_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    phone: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChatOut {
    conversation: i64,
    /// False when this message id was taken before: nothing was done again.
    stored: bool,
    /// The reply the buyer sees now; null when a person will answer.
    reply: Option<SentOut>,
    /// "assistant", "draft" (a person checks the reply first), or "person".
    answered_by: &'static str,
    order: Option<String>,
}

#[derive(Debug, Serialize)]
struct SentOut {
    id: i64,
    text: String,
    at: chrono::DateTime<chrono::Utc>,
}

pub(super) async fn post(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match post_inner(&state, &headers, body).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

async fn post_inner(
    state: &ApiState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let caller = authenticate(state, headers).await?;
    caller.require(Scope::ChatWrite)?;
    super::require_json(headers)?;
    let bytes = super::read_body(state.limits, headers, body).await?;
    let msg: ChatIn = serde_json::from_slice(&bytes).map_err(|e| {
        let detail = en!("err-api-malformed-json", reason = e.to_string());
        Problem::new(StatusCode::BAD_REQUEST, "malformed-json", detail.clone())
            .field(FieldProblem::outside("body", &detail))
    })?;
    if let Some(id) = &msg.message_id
        && (id.trim().is_empty() || id.chars().count() > 200 || id.chars().any(char::is_control))
    {
        return Err(invalid("message_id", en!("err-chat-message-id")));
    }
    let incoming = Incoming {
        channel: CHANNEL,
        buyer_key: &msg.session,
        buyer_name: msg.name.as_deref().unwrap_or(""),
        buyer_phone: msg.phone.as_deref().unwrap_or(""),
        platform_id: msg.message_id.as_deref(),
        text: &msg.text,
    };
    // The website's page reads the replies: nothing to call.
    let senders = crate::assistant::senders::Senders::default();
    let handled = desk::receive(
        &state.pool,
        &state.assistant,
        &senders,
        state.offset,
        &incoming,
    )
    .await
    .map_err(|e| match e {
        DeskError::Empty => invalid("text", en!("err-chat-empty")),
        DeskError::TooLong => invalid("text", en!("err-chat-too-long", max = desk::MAX_TEXT)),
        DeskError::Buyer => invalid("session", en!("err-chat-buyer")),
        DeskError::NoDraft | DeskError::NotDelivered(_) => {
            invalid("text", en!("err-chat-no-draft"))
        }
        DeskError::Store(e) => internal("chat message", &e),
    })?;
    let (reply, answered_by) = match (&handled.answer, handled.reply) {
        (Some(a), Some((id, "sent"))) => (
            Some(SentOut {
                id,
                text: a.reply.clone(),
                at: chrono::Utc::now(),
            }),
            "assistant",
        ),
        (Some(_), Some(_)) => (None, "draft"),
        _ => (None, "person"),
    };
    let out = ChatOut {
        conversation: handled.conversation_id,
        stored: handled.new,
        reply,
        answered_by,
        order: handled.order_number,
    };
    Ok((StatusCode::OK, axum::Json(out)).into_response())
}

#[derive(Debug, Deserialize)]
pub(super) struct SinceQuery {
    session: String,
    #[serde(default)]
    after: i64,
}

pub(super) async fn list(
    State(state): State<ApiState>,
    headers: HeaderMap,
    query: Result<Query<SinceQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let inner = async {
        let caller = authenticate(&state, &headers).await?;
        caller.require(Scope::ChatWrite)?;
        let Query(q) = query
            .map_err(|e| invalid("query", en!("err-api-bad-query", reason = e.body_text())))?;
        let sent =
            orderdeck_store::conversations::sent_since(&state.pool, CHANNEL, &q.session, q.after)
                .await
                .map_err(|e| internal("chat messages", &e))?;
        let out: Vec<SentOut> = sent
            .into_iter()
            .map(|m| SentOut {
                id: m.id,
                text: m.body,
                at: m.sent_at.unwrap_or(m.created_at),
            })
            .collect();
        Ok::<_, Problem>((StatusCode::OK, axum::Json(out)).into_response())
    };
    match inner.await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

fn invalid(field: &str, detail: String) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-message",
        detail.clone(),
    )
    .field(FieldProblem::outside(field, &detail))
}
