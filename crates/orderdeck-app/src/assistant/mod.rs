//! The customer assistant: answers a buyer's message from orderdeck's own data only, in
//! the buyer's language, and hands what it must not settle to a person.
//!
//! What it never does: tell anyone about an order that is not theirs. An order is
//! discussed with the buyer it belongs to — the phone on the order is the buyer's own
//! (their channel told us, or we reached them by it) — or with someone who names both the
//! order and the phone on it. A phone alone is not enough (anyone can type a neighbour's
//! number), nor is an order number alone. An order that is not theirs is refused in the
//! same words whether it exists or not, so asking reveals nothing.
//!
//! The built-in engine needs no network: [`orderdeck_domain::assistant`] reads the
//! message, this module looks the facts up and writes the reply. Every fact a reply
//! states (order numbers, tracking numbers, quantities, prices) is listed with it, so a
//! person — or `assistant eval` — can check it against the database.

pub mod config;
pub mod desk;
pub mod eval;
pub mod model;
pub mod notices;
pub mod products;
pub mod quote;
mod reply;
pub mod sale;
pub mod senders;

pub use config::AssistantConfig;

use chrono::FixedOffset;
use orderdeck_domain::assistant::{Intent, Reading};
use orderdeck_domain::intake::normalise_phone;
use orderdeck_i18n::Lang;
use orderdeck_store::assistant::{self as store, BuyerOrder};
use serde::Serialize;
use sqlx::PgPool;

use orderdeck_store::Result;

/// Who is writing, as the channel knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Buyer {
    /// Their phone is known (a Zalo follower who shared it, a buyer we called).
    Phone(String),
    /// Only the channel's id for them (a Messenger PSID, a chat session).
    Id(String),
}

/// One message to answer.
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    pub channel: &'a str,
    pub buyer: Buyer,
    pub text: &'a str,
    /// The conversation's language so far, for a message with no words of its own.
    pub usual: Lang,
    /// The shop's offset (`utc_offset`): delivery days are told as the buyer's calendar has them.
    pub offset: FixedOffset,
    /// What the conversation was last about, for a message that names no product of its
    /// own ("giá bao nhiêu vậy shop" after asking about a shirt); none outside a conversation.
    pub about: Option<About>,
}

/// The product a conversation was last about, and its variant when it was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub product: String,
    pub sku: Option<String>,
}

/// What happens with the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The assistant answers.
    Answered,
    /// A person answers; the reply only says so.
    Handover,
    /// The buyer asked about what is not theirs; the reply declines.
    Refused,
}

/// A fact a reply states, as it stands in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub kind: &'static str,
    pub value: String,
}

/// The assistant's answer to one message.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub language: &'static str,
    pub intent: &'static str,
    pub outcome: Outcome,
    pub reply: String,
    pub facts: Vec<Fact>,
    /// Who wrote the reply: `built_in`, or `model` (a language model through the tools).
    pub engine: &'static str,
    /// Why the model's reply went to a person instead (a fact no tool returned, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// The built-in engine's name in an answer.
pub const BUILT_IN: &str = "built_in";

/// Most of a buyer's orders looked at when they ask "where is my order".
const RECENT_ORDERS: i64 = 5;

/// Answers one message as the assistant would on `ask.channel`, sending nothing: through
/// the language model when `[assistant.model]` is set and answers, else the built-in engine.
pub async fn answer(pool: &PgPool, config: &AssistantConfig, ask: &Ask<'_>) -> Result<Answer> {
    match config.model_client() {
        Some(Ok(client)) => {
            if let Some(answer) = model::answer(pool, config, client, ask).await? {
                return Ok(answer);
            }
        }
        Some(Err(why)) => {
            tracing::warn!(%why, "assistant: [assistant.model] is not usable; the built-in engine answers");
        }
        None => {}
    }
    built_in(pool, config, ask).await
}

/// The built-in engine's answer: no network, the domain's reading of the message.
pub async fn built_in(pool: &PgPool, config: &AssistantConfig, ask: &Ask<'_>) -> Result<Answer> {
    let reading = orderdeck_domain::assistant::read(ask.text, ask.usual);
    let buyer_phone = match &ask.buyer {
        Buyer::Phone(p) => normalise_phone(p),
        Buyer::Id(_) => None,
    };
    // Naming an order, or someone else's phone, is asking about an order whatever the
    // words around it: that is where another buyer's data could leak.
    let names_other_phone = reading
        .slots
        .phones
        .iter()
        .any(|p| Some(p) != buyer_phone.as_ref());
    let about_orders = reading.intent == Intent::OrderStatus
        || (reading.intent != Intent::Buy
            && reading.intent != Intent::Person
            && (!reading.slots.orders.is_empty() || names_other_phone));
    let mut facts = Vec::new();
    let (outcome, reply) = if about_orders {
        order_status(pool, ask, &reading, buyer_phone.as_deref(), &mut facts).await?
    } else {
        match reading.intent {
            Intent::Greeting => (Outcome::Answered, reply::greeting(reading.lang)),
            Intent::Thanks => (Outcome::Answered, reply::thanks(reading.lang)),
            Intent::Cod => (
                Outcome::Answered,
                reply::cod(reading.lang, config.cod.unwrap_or(true)),
            ),
            Intent::Returns => policy(&config.returns, reading.lang),
            Intent::Hours => policy(&config.hours, reading.lang),
            Intent::ShippingFee => {
                quote::answer(
                    pool,
                    config,
                    reading.lang,
                    ask.offset,
                    ask.text,
                    reading.slots.quantity,
                    &mut facts,
                )
                .await
            }
            Intent::StockPrice | Intent::Buy => {
                match stock(pool, ask, &reading, &mut facts).await? {
                    Some(answered) => answered,
                    // "sđt 09… đặt đơn gì vậy" names no product: it asks what someone
                    // ordered, which is a question about orders.
                    None if names_other_phone || !reading.slots.orders.is_empty() => {
                        order_status(pool, ask, &reading, buyer_phone.as_deref(), &mut facts)
                            .await?
                    }
                    None => (Outcome::Handover, reply::handover(reading.lang)),
                }
            }
            Intent::Person | Intent::Unknown | Intent::OrderStatus => {
                (Outcome::Handover, reply::handover(reading.lang))
            }
        }
    };
    Ok(Answer {
        language: reading.lang.code(),
        intent: reading.intent.code(),
        outcome,
        reply,
        facts,
        engine: BUILT_IN,
        why: None,
    })
}

/// A text the shop wrote in the config, or a person when it wrote none.
fn policy(text: &Option<config::ShopText>, lang: Lang) -> (Outcome, String) {
    match text.as_ref().and_then(|t| t.for_lang(lang)) {
        Some(text) => (Outcome::Answered, reply::policy(lang, text)),
        None => (Outcome::Handover, reply::handover(lang)),
    }
}

async fn order_status(
    pool: &PgPool,
    ask: &Ask<'_>,
    reading: &Reading,
    buyer_phone: Option<&str>,
    facts: &mut Vec<Fact>,
) -> Result<(Outcome, String)> {
    let lang = reading.lang;
    let named = &reading.slots.orders;
    // Whose orders may be told: the buyer's own phone, or — for a buyer the channel does
    // not know by phone — a phone they name together with the order.
    let allowed: Vec<&str> = match buyer_phone {
        Some(p) => vec![p],
        None if !named.is_empty() => reading.slots.phones.iter().map(String::as_str).collect(),
        None => Vec::new(),
    };
    if allowed.is_empty() {
        return Ok((Outcome::Answered, reply::need_order_and_phone(lang)));
    }
    let asks_other_phone = reading
        .slots
        .phones
        .iter()
        .any(|p| !allowed.contains(&p.as_str()));
    let orders: Vec<BuyerOrder> = if named.is_empty() {
        if asks_other_phone {
            return Ok((Outcome::Refused, reply::refuse(lang)));
        }
        let recent = store::orders_of_phone(pool, allowed[0], RECENT_ORDERS).await?;
        // The ones still on their way to the buyer; when none is, the latest.
        let open: Vec<BuyerOrder> = recent
            .iter()
            .filter(|o| {
                !matches!(
                    o.status.as_str(),
                    "delivered" | "completed" | "cancelled" | "returned" | "partly_returned"
                )
            })
            .cloned()
            .collect();
        if open.is_empty() {
            recent.into_iter().take(1).collect()
        } else {
            open
        }
    } else {
        let found = store::orders_by_number(pool, named).await?;
        let own: Vec<BuyerOrder> = found
            .into_iter()
            .filter(|o| allowed.contains(&o.buyer_phone.as_str()))
            .collect();
        if own.len() < named.len() {
            // One of them is not theirs (or does not exist): the same words either way.
            return Ok((Outcome::Refused, reply::refuse(lang)));
        }
        own
    };
    if orders.is_empty() {
        return Ok((Outcome::Answered, reply::no_orders(lang)));
    }
    let mut lines = Vec::new();
    for o in &orders {
        facts.push(Fact {
            kind: "order",
            value: o.number.clone(),
        });
        facts.push(Fact {
            kind: "status",
            value: o.status.clone(),
        });
        if let Some(t) = &o.tracking_number {
            facts.push(Fact {
                kind: "tracking",
                value: t.clone(),
            });
        }
        lines.push(reply::order(lang, ask.offset, o));
    }
    Ok((Outcome::Answered, lines.join("\n")))
}

/// Price and stock of the product the message names; `None` when it names none the
/// catalogue knows (a photo, a product we do not sell): a person looks.
async fn stock(
    pool: &PgPool,
    ask: &Ask<'_>,
    reading: &Reading,
    facts: &mut Vec<Fact>,
) -> Result<Option<(Outcome, String)>> {
    let lang = reading.lang;
    let offers = store::offers(pool).await?;
    let buffer = orderdeck_store::api_keys::channel_facts(pool, ask.channel)
        .await?
        .map_or(0, |c| i64::from(c.stock_buffer.max(0)));
    // A message naming no product is about the one the conversation was on, and about its
    // variant too unless it names a colour or size of its own.
    let mut before: Option<&str> = None;
    let product = match products::find(ask.text, &offers) {
        products::Match::One(p) => p,
        products::Match::Several(names) => {
            return Ok(Some((
                Outcome::Answered,
                reply::which_product(lang, &names),
            )));
        }
        products::Match::None => match &ask.about {
            Some(about) if products::follow_up(ask.text, &offers) => {
                match products::find(&about.product, &offers) {
                    products::Match::One(p) => {
                        before = about.sku.as_deref();
                        p
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        },
    };
    let sellable = |o: &store::Offer| (o.available - buffer).max(0);
    let names_variant = reading.slots.colour.is_some() || reading.slots.size.is_some();
    let same: Vec<&store::Offer> = match before.filter(|_| !names_variant) {
        Some(sku) => product
            .variants
            .iter()
            .copied()
            .filter(|v| v.sku == sku)
            .collect(),
        None => Vec::new(),
    };
    let asked = if same.is_empty() {
        product.variants_with(reading.slots.colour, reading.slots.size)
    } else {
        same
    };
    facts.push(Fact {
        kind: "product",
        value: product.name.to_string(),
    });
    if asked.is_empty() {
        let list = reply::variant_list(lang, &product.variants, sellable);
        return Ok(Some((
            Outcome::Answered,
            reply::no_such_variant(lang, product.name, &list),
        )));
    }
    for v in &asked {
        offer_facts(facts, v, sellable(v));
    }
    let text = if reading.intent == Intent::Buy {
        reply::buy(lang, product.name, &asked, reading.slots.quantity, sellable)
    } else {
        reply::stock(lang, product.name, &asked, sellable)
    };
    Ok(Some((Outcome::Answered, text)))
}

/// The facts a reply about one variant states: its SKU, price and what can be sold.
fn offer_facts(facts: &mut Vec<Fact>, v: &store::Offer, sellable: i64) {
    facts.push(Fact {
        kind: "sku",
        value: v.sku.clone(),
    });
    facts.push(Fact {
        kind: "price",
        value: v.price.to_string(),
    });
    facts.push(Fact {
        kind: "available",
        value: sellable.to_string(),
    });
}
