//! The customer desk: a buyer's message on a chat channel stored once (by the channel's
//! message id), then answered by the assistant, drafted for a person, or left to one —
//! as the seller chose for that channel (`[assistant.channels.*] mode`). A conversation a
//! person took over is theirs: the assistant writes nothing in it until it is handed back.
//!
//! What reaches the buyer is recorded with the facts it states (the conversation's
//! timeline); a reply waiting for a person is a draft the Inbox sends with one key.

use chrono::FixedOffset;
use orderdeck_domain::assistant::read;
use orderdeck_i18n::Lang;
use orderdeck_store::conversations::{self as chats, Reply};
use sqlx::PgPool;

use super::config::Mode;
use super::sale::{self, Sale};
use super::senders::Senders;
use super::{Answer, Ask, AssistantConfig, Buyer, Outcome, answer};

/// The longest message taken: a paste of a whole catalogue is not a question.
pub const MAX_TEXT: usize = 4000;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("{}", orderdeck_i18n::t!("err-chat-empty"))]
    Empty,
    #[error("{}", orderdeck_i18n::t!("err-chat-too-long", max = MAX_TEXT))]
    TooLong,
    #[error("{}", orderdeck_i18n::t!("err-chat-buyer"))]
    Buyer,
    #[error("{}", orderdeck_i18n::t!("err-chat-no-draft"))]
    NoDraft,
    /// The channel did not take the reply (its window, its client): kept as failed.
    #[error("{0}")]
    NotDelivered(String),
    #[error(transparent)]
    Store(#[from] orderdeck_store::StoreError),
}

impl From<sqlx::Error> for DeskError {
    fn from(e: sqlx::Error) -> Self {
        DeskError::Store(e.into())
    }
}

/// One buyer message as a channel delivers it.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    /// The chat channel ("web", "messenger", "zalo", …).
    pub channel: &'a str,
    /// The channel's id for the buyer.
    pub buyer_key: &'a str,
    pub buyer_name: &'a str,
    /// A phone the channel vouches for (Zalo's shared phone); "" when none.
    pub buyer_phone: &'a str,
    /// The channel's message id; a redelivery with the same id is stored once.
    pub platform_id: Option<&'a str>,
    pub text: &'a str,
}

/// What the desk did with a message.
#[derive(Debug, Clone)]
pub struct Handled {
    pub conversation_id: i64,
    /// False when the channel had delivered this message before: nothing was done again.
    pub new: bool,
    /// The assistant's answer (also when it is only a draft).
    pub answer: Option<Answer>,
    /// The reply's id and state ('sent' or 'draft').
    pub reply: Option<(i64, &'static str)>,
    /// The order the message completed, when it closed a sale.
    pub order_number: Option<String>,
}

/// Stores a buyer's message and does what the channel's mode says; an automatic reply
/// goes out through `senders` and is marked sent only when it went.
pub async fn receive(
    pool: &PgPool,
    config: &AssistantConfig,
    senders: &Senders,
    offset: FixedOffset,
    msg: &Incoming<'_>,
) -> Result<Handled, DeskError> {
    let text = msg.text.trim();
    check_body(text)?;
    let key = msg.buyer_key.trim();
    if key.is_empty() || key.chars().count() > 200 || key.chars().any(char::is_control) {
        return Err(DeskError::Buyer);
    }
    let phone = orderdeck_domain::intake::normalise_phone(msg.buyer_phone).unwrap_or_default();
    let conv = chats::open(pool, msg.channel, key, msg.buyer_name.trim(), &phone).await?;
    let Some(_message) = chats::receive(pool, conv.id, msg.platform_id, text).await? else {
        return Ok(Handled {
            conversation_id: conv.id,
            new: false,
            answer: None,
            reply: None,
            order_number: None,
        });
    };
    let setting = config.channel(msg.channel);
    if conv.taken_over() || setting.mode == Mode::Off {
        let why = if conv.taken_over() { "person" } else { "off" };
        chats::record_turn(pool, conv.id, None, why, &conv.language, &conv.sale).await?;
        return Ok(Handled {
            conversation_id: conv.id,
            new: true,
            answer: None,
            reply: None,
            order_number: None,
        });
    }
    let turn = converse(
        pool,
        config,
        offset,
        &conv,
        &setting.sales_channel,
        text,
        true,
    )
    .await?;
    let needs_person = match (turn.needs_person, turn.answer.outcome, setting.mode) {
        (true, _, _) | (_, Outcome::Handover, _) => "handover",
        (_, _, Mode::Auto) => "",
        _ => "draft",
    };
    let facts = serde_json::to_value(&turn.answer.facts).unwrap_or_default();
    // Written as a draft first: it becomes sent only once the channel took it.
    let reply_id = chats::record_turn(
        pool,
        conv.id,
        Some(&Reply {
            author: "assistant",
            body: &turn.answer.reply,
            state: "draft",
            intent: turn.answer.intent,
            outcome: outcome_code(turn.answer.outcome),
            facts,
            order_number: turn.order_number.as_deref(),
            engine: turn.answer.engine,
        }),
        needs_person,
        turn.answer.language,
        &turn.sale.to_json(),
    )
    .await?;
    let conversation_id = conv.id;
    let mut state = "draft";
    if let (Some(id), Mode::Auto) = (reply_id, setting.mode) {
        let fresh = chats::get(pool, conv.id).await?.unwrap_or(conv);
        match senders
            .deliver(pool, &fresh, &turn.answer.reply, false)
            .await
        {
            Ok(platform_id) => {
                let by = if needs_person == "handover" {
                    chats::SentBy::AssistantHandingOver
                } else {
                    chats::SentBy::Assistant
                };
                chats::mark_sent(pool, id, "assistant", &turn.answer.reply, by).await?;
                keep_platform_id(pool, id, platform_id.as_deref()).await;
                state = "sent";
            }
            Err(why) => {
                tracing::warn!(channel = %fresh.channel, "a reply was not delivered: {why}");
                chats::mark_failed(pool, id, &why).await?;
                chats::needs_person(pool, fresh.id, "failed").await?;
                state = "failed";
            }
        }
    }
    Ok(Handled {
        conversation_id,
        new: true,
        answer: Some(turn.answer),
        reply: reply_id.map(|id| (id, state)),
        order_number: turn.order_number,
    })
}

/// One turn of a conversation, decided but not recorded.
pub struct Turn {
    pub answer: Answer,
    pub sale: Sale,
    pub order_number: Option<String>,
    pub needs_person: bool,
}

/// Answers `text` in `conv` as the assistant would: a step of the sale under way (or one
/// the message starts), or the assistant's usual answer. `create` lets a completed sale
/// become an order — one per sale, however many messages complete it at once.
pub async fn converse(
    pool: &PgPool,
    config: &AssistantConfig,
    offset: FixedOffset,
    conv: &chats::Conversation,
    sales_channel: &str,
    text: &str,
    create: bool,
) -> orderdeck_store::Result<Turn> {
    let usual = Lang::parse(&conv.language).unwrap_or(Lang::Vi);
    let reading = read(text, usual);
    let mut sale = Sale::from_json(&conv.sale);
    let buyer_phone = (!conv.buyer_phone.is_empty()).then_some(conv.buyer_phone.as_str());
    if sale::takes(&sale, &reading, text) {
        let mut facts = Vec::new();
        let step = sale::step(
            &sale::Context {
                pool,
                sales_channel,
                buyer_phone,
                conversation_id: conv.id,
                create,
                cod: config.cod.unwrap_or(true),
            },
            &mut sale,
            &reading,
            text,
            &mut facts,
        )
        .await?;
        return Ok(Turn {
            answer: Answer {
                language: reading.lang.code(),
                intent: orderdeck_domain::assistant::Intent::Buy.code(),
                outcome: step.outcome,
                reply: step.reply,
                facts,
                engine: super::BUILT_IN,
                why: None,
            },
            sale,
            order_number: step.order_number,
            needs_person: step.needs_person,
        });
    }
    let buyer = match buyer_phone {
        Some(p) => Buyer::Phone(p.to_string()),
        None => Buyer::Id(conv.buyer_key.clone()),
    };
    let about = chats::last_product(pool, conv.id)
        .await?
        .map(|(product, sku)| super::About { product, sku });
    let answer = answer(
        pool,
        config,
        &Ask {
            channel: sales_channel,
            buyer,
            text,
            usual,
            offset,
            about,
        },
    )
    .await?;
    Ok(Turn {
        answer,
        sale,
        order_number: None,
        needs_person: false,
    })
}

fn outcome_code(o: Outcome) -> &'static str {
    match o {
        Outcome::Answered => "answered",
        Outcome::Handover => "handover",
        Outcome::Refused => "refused",
    }
}

/// A person sends the conversation's draft, as written or as they edited it: it goes to
/// the buyer's channel first (within its window) and is marked sent only when it went.
pub async fn send_draft(
    pool: &PgPool,
    senders: &Senders,
    conversation_id: i64,
    user: &str,
    edited: Option<&str>,
) -> Result<i64, DeskError> {
    let Some(draft) = chats::draft(pool, conversation_id).await? else {
        return Err(DeskError::NoDraft);
    };
    let body = edited.map(str::trim).unwrap_or(&draft.body);
    deliver_as_person(pool, senders, conversation_id, draft.id, user, body).await
}

/// A person writes their own reply (replacing any draft) and sends it.
pub async fn send_own(
    pool: &PgPool,
    senders: &Senders,
    conversation_id: i64,
    user: &str,
    body: &str,
) -> Result<i64, DeskError> {
    let body = body.trim();
    check_body(body)?;
    let id = chats::person_draft(pool, conversation_id, user, body).await?;
    deliver_as_person(pool, senders, conversation_id, id, user, body).await
}

fn check_body(body: &str) -> Result<(), DeskError> {
    if body.is_empty() {
        return Err(DeskError::Empty);
    }
    if body.chars().count() > MAX_TEXT {
        return Err(DeskError::TooLong);
    }
    Ok(())
}

async fn deliver_as_person(
    pool: &PgPool,
    senders: &Senders,
    conversation_id: i64,
    message_id: i64,
    user: &str,
    body: &str,
) -> Result<i64, DeskError> {
    check_body(body)?;
    let conv = chats::get(pool, conversation_id)
        .await?
        .ok_or(DeskError::NoDraft)?;
    // Claimed before the call, so two agents pressing `s` at once send it once.
    if !chats::claim_draft(pool, message_id).await? {
        return Err(DeskError::NoDraft);
    }
    match senders.deliver(pool, &conv, body, true).await {
        Ok(platform_id) => {
            chats::mark_sent(pool, message_id, user, body, chats::SentBy::Person).await?;
            keep_platform_id(pool, message_id, platform_id.as_deref()).await;
            Ok(message_id)
        }
        Err(why) => {
            chats::release_draft(pool, message_id, &why).await?;
            Err(DeskError::NotDelivered(why))
        }
    }
}

/// Keeps the channel's id of a sent message. The message went and is marked sent: a
/// failure here is logged, not the send's.
async fn keep_platform_id(pool: &PgPool, message_id: i64, platform_id: Option<&str>) {
    if let Some(pid) = platform_id
        && let Err(e) = chats::set_platform_id(pool, message_id, pid).await
    {
        tracing::warn!("the channel's id of a sent message was not kept: {e}");
    }
}

/// A person takes the conversation (the assistant stops), or hands it back (`None`).
pub async fn take_over(
    pool: &PgPool,
    conversation_id: i64,
    user: Option<&str>,
) -> Result<bool, DeskError> {
    Ok(chats::set_handler(pool, conversation_id, user).await?)
}
