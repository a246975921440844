//! Buyers' conversations and their messages (the customer desk): each buyer message
//! stored once by the channel's message id, the assistant's replies and drafts with the
//! facts they state, who answers (the assistant or a person who took over), and the
//! Inbox's order — unanswered first, newest first.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, PageSql, where_all};

/// One conversation as the Inbox lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Conversation {
    pub id: i64,
    pub channel: String,
    pub buyer_key: String,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub language: String,
    pub handled_by: String,
    pub taken_by: String,
    pub unanswered: bool,
    pub needs_person: String,
    pub sale: serde_json::Value,
    pub last_in_at: Option<DateTime<Utc>>,
    pub last_at: DateTime<Utc>,
    /// The latest message, either way, for the list.
    #[sqlx(default)]
    pub last_body: Option<String>,
    /// A draft waits to be sent.
    #[sqlx(default)]
    pub has_draft: bool,
    /// Unanswered first, then newest: the Inbox's order, as one sortable text.
    #[sqlx(default)]
    pub inbox_key: String,
}

impl Conversation {
    pub fn key(&self) -> PageKey {
        PageKey::Text(self.inbox_key.clone(), self.id)
    }

    pub fn taken_over(&self) -> bool {
        self.handled_by == "person"
    }
}

/// One message of a thread.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChatMessage {
    pub id: i64,
    pub conversation_id: i64,
    pub platform_id: Option<String>,
    pub direction: String,
    pub author: String,
    pub body: String,
    pub state: String,
    pub intent: String,
    pub outcome: String,
    pub facts: serde_json::Value,
    pub order_number: Option<String>,
    pub error: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The engine that wrote an assistant's reply (`built_in`, `model`), else ''.
    pub engine: String,
}

const INBOX_KEY: &str = "((case when c.unanswered then '1' else '0' end) || to_char(c.last_at at time zone 'UTC', 'YYYYMMDDHH24MISSUS'))";

fn select() -> String {
    format!(
        "select c.id, c.channel, c.buyer_key, c.buyer_name, c.buyer_phone, c.language,
                c.handled_by, c.taken_by, c.unanswered, c.needs_person, c.sale, c.last_in_at,
                c.last_at,
                (select m.body from chat_messages m where m.conversation_id = c.id
                   and m.state <> 'discarded' order by m.id desc limit 1) as last_body,
                exists (select 1 from chat_messages m where m.conversation_id = c.id
                          and m.state = 'draft') as has_draft,
                {INBOX_KEY} as inbox_key
         from conversations c"
    )
}

/// The buyer's conversation on a channel, made on their first message. A name or phone
/// the channel gives is kept (an empty one never clears what we know).
pub async fn open(
    pool: &PgPool,
    channel: &str,
    buyer_key: &str,
    name: &str,
    phone: &str,
) -> Result<Conversation> {
    let id: i64 = sqlx::query_scalar(
        "with known as (select id, name from customers where phone = $4 and $4 <> ''
                        order by id limit 1)
         insert into conversations (channel, buyer_key, buyer_name, buyer_phone, customer_id)
         values ($1, $2, coalesce(nullif($3, ''), (select name from known), ''), $4,
                 (select id from known))
         on conflict (channel, buyer_key) do update
            set buyer_name = case when excluded.buyer_name <> '' then excluded.buyer_name
                                  else conversations.buyer_name end,
                buyer_phone = case when excluded.buyer_phone <> '' then excluded.buyer_phone
                                   else conversations.buyer_phone end,
                customer_id = coalesce(excluded.customer_id, conversations.customer_id)
         returning id",
    )
    .bind(channel)
    .bind(buyer_key)
    .bind(name)
    .bind(phone)
    .fetch_one(pool)
    .await?;
    get(pool, id)
        .await?
        .ok_or(crate::StoreError::Sql(sqlx::Error::RowNotFound))
}

pub async fn get(pool: &PgPool, id: i64) -> Result<Option<Conversation>> {
    Ok(
        sqlx::query_as::<_, Conversation>(&format!("{} where c.id = $1", select()))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// A buyer's message, stored once: `None` when the channel delivered it before (the same
/// platform message id). The conversation becomes unanswered.
pub async fn receive(
    pool: &PgPool,
    conversation_id: i64,
    platform_id: Option<&str>,
    body: &str,
) -> Result<Option<i64>> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "insert into chat_messages (conversation_id, platform_id, direction, author, body, state)
         values ($1, $2, 'in', 'buyer', $3, 'received')
         on conflict (conversation_id, platform_id) where platform_id is not null do nothing
         returning id",
    )
    .bind(conversation_id)
    .bind(platform_id)
    .bind(body)
    .fetch_optional(&mut *tx)
    .await?;
    if id.is_some() {
        // Drafts written for earlier messages stay: each answers its own question, and a
        // person sends them in turn.
        sqlx::query(
            "update conversations set unanswered = true, last_in_at = now(), last_at = now()
             where id = $1",
        )
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A reply the assistant or a person wrote.
#[derive(Debug, Clone)]
pub struct Reply<'a> {
    pub author: &'a str,
    pub body: &'a str,
    /// 'draft' (waits for a person) or 'sent'.
    pub state: &'a str,
    pub intent: &'a str,
    pub outcome: &'a str,
    pub facts: serde_json::Value,
    pub order_number: Option<&'a str>,
    /// The engine that wrote it (`built_in`, `model`); '' for a person's.
    pub engine: &'a str,
}

/// After the assistant read a message: its reply (if any), what a person must look at,
/// the conversation's language and the sale as it stands now — in one transaction.
pub async fn record_turn(
    pool: &PgPool,
    conversation_id: i64,
    reply: Option<&Reply<'_>>,
    needs_person: &str,
    language: &str,
    sale: &serde_json::Value,
) -> Result<Option<i64>> {
    let mut tx = pool.begin().await?;
    let mut id = None;
    if let Some(r) = reply {
        id = Some(
            sqlx::query_scalar(
                "insert into chat_messages (conversation_id, direction, author, body, state,
                                            intent, outcome, facts, order_number, sent_at,
                                            engine)
                 values ($1, 'out', $2, $3, $4, $5, $6, $7, $8,
                         case when $4 = 'sent' then now() end, $9)
                 returning id",
            )
            .bind(conversation_id)
            .bind(r.author)
            .bind(r.body)
            .bind(r.state)
            .bind(r.intent)
            .bind(r.outcome)
            .bind(&r.facts)
            .bind(r.order_number)
            .bind(r.engine)
            .fetch_one(&mut *tx)
            .await?,
        );
    }
    let answered = reply.is_some_and(|r| r.state == "sent") && needs_person.is_empty();
    // A hand-over stands until a person answers: the assistant's later turns ("ok cảm ơn
    // shop" answered by itself) do not take the conversation off the people's queue.
    sqlx::query(
        "update conversations
            set unanswered = not $2 or needs_person = 'handover',
                needs_person = case when needs_person = 'handover' and $3 in ('', 'draft')
                                    then 'handover' else $3 end,
                language = $4, sale = $5, last_at = now()
         where id = $1",
    )
    .bind(conversation_id)
    .bind(answered)
    .bind(needs_person)
    .bind(language)
    .bind(sale)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The oldest draft waiting in a conversation, if any: drafts go out in the order the
/// questions came.
pub async fn draft(pool: &PgPool, conversation_id: i64) -> Result<Option<ChatMessage>> {
    Ok(sqlx::query_as::<_, ChatMessage>(
        "select * from chat_messages where conversation_id = $1 and state = 'draft'
         order by id limit 1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?)
}

/// Marks a draft (or a person's own reply, already inserted) as sent by `user`, with the
/// body as sent (a person may have edited it), and the conversation answered — or waiting
/// for a person, as [`SentBy`] says.
/// `false` when the draft is gone (sent by someone else, or discarded by a newer message).
/// Who sent a reply, and what it leaves the conversation waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentBy {
    /// A person: the conversation is answered, any hand-over settled.
    Person,
    /// The assistant: answered, unless a hand-over is still waiting for a person.
    Assistant,
    /// The assistant telling the buyer a person will answer: waiting for that person.
    AssistantHandingOver,
}

pub async fn mark_sent(
    pool: &PgPool,
    message_id: i64,
    user: &str,
    body: &str,
    by: SentBy,
) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let conv: Option<i64> = sqlx::query_scalar(
        "update chat_messages set state = 'sent', sent_at = now(), body = $3,
                author = case when body = $3 then author else $2 end
         where id = $1 and state in ('draft', 'sending')
         returning conversation_id",
    )
    .bind(message_id)
    .bind(user)
    .bind(body)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(conv) = conv else {
        return Ok(false);
    };
    // Answered once no other draft waits — unless what went was the assistant saying a
    // person will answer: then the conversation waits for that person.
    sqlx::query(
        "update conversations c
            set unanswered = ($2 or ($3 and c.needs_person = 'handover'))
                             or exists (select 1 from chat_messages m
                                        where m.conversation_id = c.id and m.state = 'draft'),
                needs_person = case when $2 or ($3 and c.needs_person = 'handover')
                                    then 'handover' else '' end,
                last_at = now()
         where c.id = $1",
    )
    .bind(conv)
    .bind(by == SentBy::AssistantHandingOver)
    .bind(by == SentBy::Assistant)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A person's send starts: the draft is theirs to send (`false`: someone else is sending
/// it, or it went, or a newer message replaced it).
pub async fn claim_draft(pool: &PgPool, message_id: i64) -> Result<bool> {
    let done =
        sqlx::query("update chat_messages set state = 'sending' where id = $1 and state = 'draft'")
            .bind(message_id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A person's send did not go: the draft waits again, with the reason.
pub async fn release_draft(pool: &PgPool, message_id: i64, error: &str) -> Result<()> {
    sqlx::query(
        "update chat_messages set state = 'draft', error = $2 where id = $1 and state = 'sending'",
    )
    .bind(message_id)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

/// The conversation needs a person, and why.
pub async fn needs_person(pool: &PgPool, conversation_id: i64, why: &str) -> Result<()> {
    sqlx::query("update conversations set needs_person = $2, unanswered = true where id = $1")
        .bind(conversation_id)
        .bind(why)
        .execute(pool)
        .await?;
    Ok(())
}

/// A draft the channel refused to deliver: kept as failed with the reason, the
/// conversation still waiting for an answer.
pub async fn mark_failed(pool: &PgPool, message_id: i64, error: &str) -> Result<()> {
    sqlx::query("update chat_messages set state = 'failed', error = $2 where id = $1")
        .bind(message_id)
        .bind(error)
        .execute(pool)
        .await?;
    Ok(())
}

/// A person's own message, as a draft to send (the send marks it).
pub async fn person_draft(
    pool: &PgPool,
    conversation_id: i64,
    user: &str,
    body: &str,
) -> Result<i64> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "update chat_messages set state = 'discarded' where conversation_id = $1 and state = 'draft'",
    )
    .bind(conversation_id)
    .execute(&mut *tx)
    .await?;
    let id = sqlx::query_scalar(
        "insert into chat_messages (conversation_id, direction, author, body, state)
         values ($1, 'out', $2, $3, 'draft') returning id",
    )
    .bind(conversation_id)
    .bind(user)
    .bind(body)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A person takes the conversation over (the assistant stops answering it), or hands it
/// back (`user` = None). Returns whether it changed.
pub async fn set_handler(pool: &PgPool, conversation_id: i64, user: Option<&str>) -> Result<bool> {
    let done = sqlx::query(
        "update conversations
            set handled_by = case when $2::text is null then 'assistant' else 'person' end,
                taken_by = coalesce($2, ''), last_at = now()
         where id = $1",
    )
    .bind(conversation_id)
    .bind(user)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The latest `limit` messages of a thread, oldest first.
pub async fn thread(pool: &PgPool, conversation_id: i64, limit: i64) -> Result<Vec<ChatMessage>> {
    let mut rows = sqlx::query_as::<_, ChatMessage>(
        "select * from chat_messages where conversation_id = $1 order by id desc limit $2",
    )
    .bind(conversation_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.reverse();
    Ok(rows)
}

/// The Inbox: unanswered first, newest first; the filter matches the buyer's name, phone,
/// key or channel.
pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<Conversation>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(c.buyer_name) like ${next} or c.buyer_phone like ${next}
              or lower(c.buyer_key) like ${next} or c.channel like ${next})"
        ));
        next += 1;
    }
    let (key_cond, order) = req.keyset(INBOX_KEY, "c.id", true, next);
    conds.push(key_cond);
    let sql = format!(
        "{} where {} order by {order} limit $1",
        select(),
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, Conversation>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}

/// The name and saved address of the customer with this phone, for a sale the buyer
/// makes in chat ("ship về Q.3" to the address we have).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KnownCustomer {
    pub name: String,
    pub address: serde_json::Value,
}

pub async fn customer_of_phone(pool: &PgPool, phone: &str) -> Result<Option<KnownCustomer>> {
    Ok(sqlx::query_as::<_, KnownCustomer>(
        "select name, address from customers where phone = $1 and phone <> ''
         order by updated_at desc, id desc limit 1",
    )
    .bind(phone)
    .fetch_optional(pool)
    .await?)
}

/// What the shop sent a buyer on `channel` after message `after` (the website's chat page
/// polls this), oldest first; at most 100.
pub async fn sent_since(
    pool: &PgPool,
    channel: &str,
    buyer_key: &str,
    after: i64,
) -> Result<Vec<ChatMessage>> {
    Ok(sqlx::query_as::<_, ChatMessage>(
        "select m.* from chat_messages m join conversations c on c.id = m.conversation_id
         where c.channel = $1 and c.buyer_key = $2 and m.direction = 'out'
           and m.state = 'sent' and m.id > $3
         order by m.id limit 100",
    )
    .bind(channel)
    .bind(buyer_key)
    .bind(after)
    .fetch_all(pool)
    .await?)
}

/// How many messages the shop sent in a conversation since `since` (the buyer's last
/// message): Zalo allows 8 free replies within 48 hours of it.
pub async fn replies_since(
    pool: &PgPool,
    conversation_id: i64,
    since: DateTime<Utc>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from chat_messages
         where conversation_id = $1 and direction = 'out' and state = 'sent' and sent_at >= $2",
    )
    .bind(conversation_id)
    .bind(since)
    .fetch_one(pool)
    .await?)
}

/// Keeps the channel's id for a message we sent (Messenger's `message_id`, Zalo's
/// `message_id`), for a person tracing it on the platform.
pub async fn set_platform_id(pool: &PgPool, message_id: i64, platform_id: &str) -> Result<()> {
    sqlx::query("update chat_messages set platform_id = $2 where id = $1 and platform_id is null")
        .bind(message_id)
        .bind(platform_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The product the conversation was last about, within the last day: the product named by
/// the latest reply that stated one, and its variant's SKU when that reply was about one
/// variant — so "giá bao nhiêu vậy shop" after "áo thun trắng size M còn không" is about
/// that shirt.
pub async fn last_product(
    pool: &PgPool,
    conversation_id: i64,
) -> Result<Option<(String, Option<String>)>> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "select (select f->>'value' from jsonb_array_elements(m.facts) f
                  where f->>'kind' = 'product' limit 1),
                (select case when count(*) = 1 then min(f->>'value') end
                   from jsonb_array_elements(m.facts) f where f->>'kind' = 'sku')
         from chat_messages m
         where m.conversation_id = $1 and m.direction = 'out' and m.state = 'sent'
           and m.facts @> '[{\"kind\": \"product\"}]'
           and m.created_at > now() - interval '1 day'
         order by m.id desc limit 1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(product, sku)| product.map(|p| (p, sku))))
}
