//! The Inbox's jobs: send the assistant's draft, open the reply form, send a person's
//! reply, take a conversation over or hand it back — each through the desk's use cases.

use orderdeck_app::assistant::desk::{self, DeskError};
use orderdeck_app::assistant::senders::Senders;
use orderdeck_domain::text::visible;
use orderdeck_i18n::t;
use orderdeck_store::conversations as chats;
use orderdeck_tui::inbox::InboxJob;
use orderdeck_tui::outcome::Done;
use sqlx::PgPool;

use crate::services::Services;

pub async fn run(
    pool: &PgPool,
    services: Option<&Services>,
    job: InboxJob,
    actor: &str,
) -> Result<Done, String> {
    let text = |e: DeskError| e.to_string();
    let none = Senders::default();
    // A console without services (a test's) can still answer on the website's chat.
    let senders = services.map_or(&none, |s| &s.chat);
    match job {
        InboxJob::SendDraft { conversation_id } => {
            desk::send_draft(pool, senders, conversation_id, actor, None)
                .await
                .map_err(text)?;
            Ok(Done::Said(t!("console-chat-sent")))
        }
        InboxJob::LoadReply { conversation_id } => {
            let conv = chats::get(pool, conversation_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| t!("console-chat-gone"))?;
            let draft = chats::draft(pool, conversation_id)
                .await
                .map_err(|e| e.to_string())?;
            let buyer = if conv.buyer_name.trim().is_empty() {
                visible(&conv.buyer_key).into_owned()
            } else {
                visible(conv.buyer_name.trim()).into_owned()
            };
            Ok(Done::ReplyForm {
                conversation_id,
                buyer,
                text: draft.map(|d| d.body.replace('\n', " ")).unwrap_or_default(),
            })
        }
        InboxJob::SendOwn {
            conversation_id,
            text: body,
        } => match desk::send_own(pool, senders, conversation_id, actor, &body).await {
            Ok(_) => Ok(Done::Saved(t!("console-chat-sent"))),
            Err(e @ (DeskError::Empty | DeskError::TooLong)) => {
                Ok(Done::FormRefused(vec![("text".into(), e.to_string())]))
            }
            Err(e) => Err(e.to_string()),
        },
        InboxJob::TakeOver {
            conversation_id,
            take,
        } => {
            let who = take.then_some(actor);
            if !desk::take_over(pool, conversation_id, who)
                .await
                .map_err(text)?
            {
                return Err(t!("console-chat-gone"));
            }
            Ok(Done::Said(if take {
                t!("console-chat-taken")
            } else {
                t!("console-chat-handed-back")
            }))
        }
    }
}
