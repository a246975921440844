//! Marketplace buyer chat (TikTok Shop, Shopee, Lazada) on the desk's tables: the
//! platform's thread a conversation lives in, found from its messages' platform ids.
//!
//! A marketplace chat message's `platform_id` is `<thread id>/<message id>` (TikTok and
//! Shopee `conversation_id`, Lazada `session_id`): still unique per message, so a
//! redelivered push is stored once, and it carries the thread a reply must name (TikTok,
//! Lazada) without a column of its own.

use sqlx::PgPool;

use super::Result;

/// `<thread>/<message>`, as stored.
pub fn platform_id(thread_id: &str, message_id: &str) -> String {
    format!("{thread_id}/{message_id}")
}

/// The thread of the conversation's latest buyer message that named one.
pub async fn thread_of(pool: &PgPool, conversation_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "select split_part(platform_id, '/', 1) from chat_messages
         where conversation_id = $1 and direction = 'in' and strpos(platform_id, '/') > 1
         order by id desc limit 1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?)
}

/// The conversation of `channel` living in this thread: (id, buyer key).
pub async fn by_thread(
    pool: &PgPool,
    channel: &str,
    thread_id: &str,
) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "select c.id, c.buyer_key from chat_messages m
         join conversations c on c.id = m.conversation_id
         where c.channel = $1 and m.direction = 'in'
           and m.platform_id is not null and split_part(m.platform_id, '/', 1) = $2
         order by m.id desc limit 1",
    )
    .bind(channel)
    .bind(thread_id)
    .fetch_optional(pool)
    .await?)
}

/// Whether a shop-side message the platform reported is one of ours: its id is a sent
/// message's, or (its id not kept yet: the push can overtake our own bookkeeping) a
/// message with the same text is about to go, going or sent in the last 10 minutes.
pub async fn is_ours(
    pool: &PgPool,
    conversation_id: i64,
    platform_id: &str,
    body: &str,
) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from chat_messages
           where conversation_id = $1 and direction = 'out'
             and (platform_id = $2
                  or (state in ('draft', 'sending', 'sent') and body = $3
                      and coalesce(sent_at, created_at) > now() - interval '10 minutes')))",
    )
    .bind(conversation_id)
    .bind(platform_id)
    .bind(body)
    .fetch_one(pool)
    .await?)
}
