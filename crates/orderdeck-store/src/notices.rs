//! Buyer notices: the timeline events a buyer is told of, read past a mark; each claimed
//! once (`buyer_notices.order_event_id` is unique) before it is sent.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;
use crate::conversations::Conversation;

/// The event kinds a buyer is told of.
pub const KINDS: &[&str] = &[
    "shipped",
    "shipment_out_for_delivery",
    "shipment_delivery_failed",
    "shipment_delivered",
    "invoice_issued",
];

/// One event to tell a buyer of, with what the notice says.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub event_id: i64,
    pub kind: String,
    pub order_id: i64,
    pub number: String,
    pub buyer_phone: String,
    pub buyer_email: String,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub at: DateTime<Utc>,
}

/// Where the reading stands; on the very first round, the timeline's end (history is
/// not told).
pub async fn mark(pool: &PgPool) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "insert into buyer_notice_mark (last_event_id)
         select coalesce(max(id), 0) from order_events
         on conflict (only_one) do update set last_event_id = buyer_notice_mark.last_event_id
         returning last_event_id",
    )
    .fetch_one(pool)
    .await?)
}

pub async fn set_mark(pool: &PgPool, last_event_id: i64) -> Result<()> {
    sqlx::query("update buyer_notice_mark set last_event_id = greatest(last_event_id, $1)")
        .bind(last_event_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Events after `after` — and recent ones a little before it, as an event numbered
/// earlier may commit later — not yet told, oldest first.
pub async fn due(pool: &PgPool, after: i64, limit: i64) -> Result<Vec<Due>> {
    Ok(sqlx::query_as::<_, Due>(
        "select e.id as event_id, e.kind, o.id as order_id, o.number, o.buyer_phone,
                o.buyer_email, s.carrier, s.tracking_number, e.created_at as at
         from order_events e
         join orders o on o.id = e.order_id
         left join lateral (select carrier, tracking_number from shipments
                            where order_id = o.id order by created_at desc, id desc limit 1) s
                on true
         where e.kind = any($2)
           and (e.id > $1 or (e.id > $1 - 500 and e.created_at > now() - interval '2 minutes'))
           and not exists (select 1 from buyer_notices n where n.order_event_id = e.id)
         order by e.id limit $3",
    )
    .bind(after)
    .bind(KINDS)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The buyer's conversation to tell them in: the one their order was placed in, else the
/// latest on their phone.
pub async fn conversation_of(
    pool: &PgPool,
    number: &str,
    phone: &str,
) -> Result<Option<Conversation>> {
    let id: Option<i64> = sqlx::query_scalar(
        "select id from (
             select m.conversation_id as id, 0 as rank, m.created_at as at, m.id as tie
             from chat_messages m where m.order_number = $1
             union all
             select c.id, 1, coalesce(c.last_in_at, c.created_at), c.id
             from conversations c where c.buyer_phone = $2 and $2 <> ''
         ) x order by rank, at desc, tie desc limit 1",
    )
    .bind(number)
    .bind(phone)
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => crate::conversations::get(pool, id).await,
        None => Ok(None),
    }
}

/// Claims the event: `false` when it was claimed before (by this worker's last term, or
/// another's).
pub async fn claim(
    pool: &PgPool,
    due: &Due,
    channel: &str,
    conversation_id: Option<i64>,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "insert into buyer_notices (order_event_id, order_id, kind, channel, conversation_id, state)
         values ($1, $2, $3, $4, $5, 'sending')
         on conflict (order_event_id) do nothing returning id",
    )
    .bind(due.event_id)
    .bind(due.order_id)
    .bind(&due.kind)
    .bind(channel)
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?)
}

/// How the notice ended; a sent one goes in the conversation (as the assistant's) and in
/// the order's timeline, in one transaction.
pub async fn finish(
    pool: &PgPool,
    notice_id: i64,
    due: &Due,
    state: &str,
    reason: &str,
    sent: Option<(Option<i64>, &str)>,
    said: Option<&orderdeck_domain::order_event::Said>,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("update buyer_notices set state = $2, reason = $3 where id = $1")
        .bind(notice_id)
        .bind(state)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    if let Some((Some(conversation_id), body)) = sent {
        sqlx::query(
            "insert into chat_messages (conversation_id, direction, author, body, state, intent,
                                        outcome, facts, order_number, sent_at)
             values ($1, 'out', 'assistant', $2, 'sent', 'notice', 'answered',
                     jsonb_build_array(jsonb_build_object('kind', 'order', 'value', $3::text)),
                     null, now())",
        )
        .bind(conversation_id)
        .bind(body)
        .bind(&due.number)
        .execute(&mut *tx)
        .await?;
        sqlx::query("update conversations set last_at = now() where id = $1")
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(said) = said {
        crate::orders::add_event_said(
            &mut tx,
            due.order_id,
            "assistant",
            &orderdeck_domain::order_event::OrderEventKind::Other("buyer_notified".into()),
            said,
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
