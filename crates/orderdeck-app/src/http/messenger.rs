//! `/hooks/messenger`: the shop's Facebook Page talking to the desk. `GET` answers the
//! handshake Meta makes when the webhook is saved; `POST` takes a `messages` delivery
//! signed with the app secret over the raw body — each buyer message stored once (by
//! `mid`) and answered, drafted or left to a person as `[assistant.channels.messenger]`
//! says. A message the Page sent that is not ours (a person answering in Meta's own
//! inbox) takes the conversation over: the assistant stops there.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::FixedOffset;
use orderdeck_integrations::marketplace::Secret;
use orderdeck_integrations::messenger::{self, Event, MessengerConfig};
use sqlx::PgPool;

use crate::assistant::AssistantConfig;
use crate::assistant::desk::{self, Incoming};
use crate::assistant::senders::Senders;

/// The chat channel's code.
pub const CHANNEL: &str = "messenger";

/// What the hook needs.
#[derive(Clone)]
pub struct MessengerHook {
    pub pool: PgPool,
    pub assistant: Arc<AssistantConfig>,
    pub page: MessengerConfig,
    pub senders: Senders,
    pub offset: FixedOffset,
}

pub fn router(hook: MessengerHook) -> Router {
    Router::new()
        .route("/hooks/messenger", get(handshake).post(deliver))
        .with_state(hook)
}

async fn handshake(
    State(hook): State<MessengerHook>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    match messenger::handshake(&hook.page, &pairs) {
        Some(challenge) => (StatusCode::OK, challenge).into_response(),
        None => StatusCode::FORBIDDEN.into_response(),
    }
}

async fn deliver(State(hook): State<MessengerHook>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    if !messenger::signature_ok(&Secret::new(hook.page.app_secret.clone()), &body, signature) {
        tracing::warn!("messenger: a delivery with a wrong or missing signature was refused");
        return StatusCode::FORBIDDEN.into_response();
    }
    let events = match messenger::parse(&body) {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!("messenger: a delivery could not be read: {e}");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    // Answered within the platform's time whatever the engine (a language model, a
    // carrier's quote): a failure by then answers 500 so Meta delivers again (stored
    // once); still running, 200 — the work carries on.
    let work = async move {
        for event in events {
            let done = match &event {
                Event::Message {
                    psid, mid, text, ..
                } => desk::receive(
                    &hook.pool,
                    &hook.assistant,
                    &hook.senders,
                    hook.offset,
                    &Incoming {
                        channel: CHANNEL,
                        buyer_key: psid,
                        buyer_name: "",
                        buyer_phone: "",
                        platform_id: Some(mid),
                        text,
                    },
                )
                .await
                .map(|_| ()),
                Event::Echo { psid, metadata, .. }
                    if metadata.as_deref() != Some(messenger::OUR_METADATA) =>
                {
                    took_over_in_page_inbox(&hook.pool, psid).await
                }
                Event::Echo { .. } => Ok(()),
            };
            match done {
                // A message too long or empty is the buyer's; it is not ours to retry.
                Ok(())
                | Err(desk::DeskError::Empty | desk::DeskError::TooLong | desk::DeskError::Buyer) =>
                    {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    };
    match crate::http::answer_chat("messenger", work).await {
        StatusCode::OK => (StatusCode::OK, "EVENT_RECEIVED").into_response(),
        failed => failed.into_response(),
    }
}

/// A person answered in Meta's Page inbox: the conversation is theirs.
async fn took_over_in_page_inbox(pool: &PgPool, psid: &str) -> Result<(), desk::DeskError> {
    let conv = orderdeck_store::conversations::open(pool, CHANNEL, psid, "", "").await?;
    if !conv.taken_over() {
        desk::take_over(pool, conv.id, Some("page-inbox")).await?;
    }
    Ok(())
}
