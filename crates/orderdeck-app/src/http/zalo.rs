//! `/hooks/zalo`: the shop's Zalo Official Account talking to the desk. `POST` takes one
//! event signed with the OA secret key (`X-ZEvent-Signature`, §2.6 of the reference) —
//! each buyer message stored once (by `msg_id`) and answered, drafted or left to a person
//! as `[assistant.channels.zalo]` says.
//!
//! Zalo wants HTTP 200 within about 2 seconds, else it retries for up to 12 hours and
//! then switches the webhook off (§2.6, single source). So the message is handled in a
//! task of its own and the answer waits for it at most [`CHAT_ANSWER_WITHIN`](super::CHAT_ANSWER_WITHIN): done by then,
//! a failure answers 500 and Zalo delivers again (stored once); not done, 200 is
//! answered and the task finishes by itself (the message is stored first thing, so a
//! retry would find it).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::FixedOffset;
use orderdeck_integrations::marketplace::Secret;
use orderdeck_integrations::zalo::{self, Event, ZaloConfig};
use sqlx::PgPool;

use crate::assistant::AssistantConfig;
use crate::assistant::desk::{self, Incoming};
use crate::assistant::senders::Senders;

/// The chat channel's code.
pub const CHANNEL: &str = "zalo";

/// What the hook needs.
#[derive(Clone)]
pub struct ZaloHook {
    pub pool: PgPool,
    pub assistant: Arc<AssistantConfig>,
    pub oa: ZaloConfig,
    pub senders: Senders,
    pub offset: FixedOffset,
}

pub fn router(hook: ZaloHook) -> Router {
    Router::new()
        .route("/hooks/zalo", post(deliver))
        .with_state(hook)
}

async fn deliver(State(hook): State<ZaloHook>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers
        .get("x-zevent-signature")
        .and_then(|v| v.to_str().ok());
    let key = Secret::new(hook.oa.oa_secret_key.clone());
    if !zalo::signature_ok(&hook.oa.app_id, &key, &body, signature) {
        tracing::warn!("zalo: an event with a wrong or missing signature was refused");
        return StatusCode::FORBIDDEN.into_response();
    }
    let events = match zalo::parse(&body) {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!("zalo: an event could not be read: {e}");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    super::answer_chat("zalo", handle(hook, events))
        .await
        .into_response()
}

async fn handle(hook: ZaloHook, events: Vec<Event>) -> Result<(), desk::DeskError> {
    for event in events {
        match &event {
            Event::Message {
                user_id,
                msg_id,
                text,
                ..
            } => {
                let done = desk::receive(
                    &hook.pool,
                    &hook.assistant,
                    &hook.senders,
                    hook.offset,
                    &Incoming {
                        channel: CHANNEL,
                        buyer_key: user_id,
                        buyer_name: "",
                        buyer_phone: "",
                        platform_id: Some(msg_id),
                        text,
                    },
                )
                .await;
                match done {
                    Ok(_) => {}
                    // A message too long or empty is the buyer's; it is not ours to retry.
                    Err(
                        desk::DeskError::Empty | desk::DeskError::TooLong | desk::DeskError::Buyer,
                    ) => {}
                    Err(e) => return Err(e),
                }
            }
            // Unconfirmed (§2.5), and nothing in it tells our own sends from a person's
            // in the Zalo OA admin: not a takeover (see `zalo::parse`).
            Event::OaSent { .. } => {
                tracing::debug!("zalo: an oa_send event, left alone");
            }
            Event::Other(name) => tracing::debug!("zalo: event {name} left alone"),
        }
    }
    Ok(())
}
