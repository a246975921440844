//! Closing a sale in chat: what the buyer wants (product, colour, size, quantity) and
//! where it goes (name, phone, address) gathered across their messages, and — once every
//! piece is there and the stock covers it — the order made through normal intake
//! (reserved, on the live queue, its timeline saying it came from the assistant) and
//! confirmed to the buyer.
//!
//! What the buyer has said so far is kept on the conversation ([`Sale`], JSON), so
//! "mình lấy 2 áo thun trắng M" then "Basic" then "Lan, 0912345678, 12 Lê Lợi, Q.1, HCM"
//! is one sale. A buyer whose phone the channel vouches for and who has ordered before
//! needs to say nothing of where: their saved name and address are used, and "ship về Q.3"
//! is taken as that address when it is in Quận 3 (another district needs the street).

use orderdeck_domain::assistant::{Intent, Reading, details};
use orderdeck_domain::intake::{Address, NewCustomer, NewLine, NewOrder, normalise_phone};
use orderdeck_domain::text::{fold, visible};
use orderdeck_i18n::{Lang, format, scoped, t};
use orderdeck_store::assistant::{self as store, Offer};
use orderdeck_store::conversations as chats;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use super::{Fact, Outcome, products};
use crate::intake::{IntakeOutcome, create_order};

/// What the buyer has told the assistant towards an order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sale {
    /// A buying conversation is under way: later messages that only give details belong to it.
    pub open: bool,
    pub product: Option<String>,
    pub colour: Option<String>,
    pub size: Option<String>,
    pub quantity: Option<u32>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<Address>,
    /// The products the assistant asked the buyer to choose between.
    pub candidates: Vec<String>,
    /// How many sales this conversation has closed: names the next order.
    pub number: u32,
}

impl Sale {
    pub fn from_json(v: &serde_json::Value) -> Sale {
        serde_json::from_value(v.clone()).unwrap_or_default()
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Whether this message belongs to a sale: the buyer wants to buy, or a sale is open and
/// the message gives what it lacks (and asks nothing else: "đơn OD-… đâu rồi" mid-sale is
/// still a question about an order).
pub fn takes(sale: &Sale, reading: &Reading, text: &str) -> bool {
    if reading.intent == Intent::Buy {
        return true;
    }
    if !sale.open
        || matches!(
            reading.intent,
            Intent::OrderStatus | Intent::Person | Intent::Returns | Intent::Cod | Intent::Hours
        )
        || !reading.slots.orders.is_empty()
    {
        return false;
    }
    let s = &reading.slots;
    s.colour.is_some()
        || s.size.is_some()
        || s.quantity.is_some()
        || !s.phones.is_empty()
        || details::name(text).is_some()
        || details::address(text).is_some()
        || (sale.product.is_none() || reading.intent == Intent::StockPrice)
}

/// One step of the sale: the reply, and the order when this message completed it.
pub struct Step {
    pub outcome: Outcome,
    pub reply: String,
    pub order_number: Option<String>,
    /// The sale failed in a way a person must look at.
    pub needs_person: bool,
}

/// Where the sale is going and who asks.
pub struct Context<'a> {
    pub pool: &'a PgPool,
    /// The sales channel the order is for (and whose stock buffer applies).
    pub sales_channel: &'a str,
    /// A phone the chat channel vouches for.
    pub buyer_phone: Option<&'a str>,
    /// With the sale's number, the order's external id: one order per sale. Two messages
    /// completing the same sale at once (a channel delivers them on separate requests, each
    /// reading the sale as it was) make the same id, and intake takes it once.
    pub conversation_id: i64,
    /// Whether this path may create orders (`assistant ask` without `--create` may not).
    pub create: bool,
    pub cod: bool,
}

pub async fn step(
    cx: &Context<'_>,
    sale: &mut Sale,
    reading: &Reading,
    text: &str,
    facts: &mut Vec<Fact>,
) -> orderdeck_store::Result<Step> {
    let lang = reading.lang;
    sale.open = true;
    let offers = store::offers(cx.pool).await?;
    let buffer = orderdeck_store::api_keys::channel_facts(cx.pool, cx.sales_channel)
        .await?
        .map_or(0, |c| i64::from(c.stock_buffer.max(0)));
    let sellable = |o: &Offer| (o.available - buffer).max(0);

    // What this message says, over what earlier ones said.
    match products::find(text, &offers) {
        products::Match::One(p) => {
            sale.product = Some(p.name.to_string());
            sale.candidates.clear();
        }
        products::Match::Several(names) if sale.product.is_none() => {
            match chosen(&sale.candidates, text) {
                Some(name) => {
                    sale.product = Some(name);
                    sale.candidates.clear();
                }
                None => {
                    remember(sale, reading, text);
                    sale.candidates = names.iter().map(|n| n.to_string()).collect();
                    return Ok(answered(super::reply::which_product(lang, &names)));
                }
            }
        }
        _ => {
            // "Basic" after "which one: … Basic / … Premium?"
            if let Some(name) = chosen(&sale.candidates, text) {
                sale.product = Some(name);
                sale.candidates.clear();
            }
        }
    }
    remember(sale, reading, text);
    fill_from_customer(cx, sale).await?;

    let Some(product_name) = sale.product.clone() else {
        return Ok(answered(sale_text(lang, "assistant-sale-what")));
    };
    let variants: Vec<&Offer> = offers
        .iter()
        .filter(|o| o.product == product_name)
        .collect();
    let product = products::Product {
        name: &product_name,
        variants,
    };
    let asked = product.variants_with(sale.colour.as_deref(), sale.size.as_deref());
    facts.push(Fact {
        kind: "product",
        value: product_name.clone(),
    });
    if asked.is_empty() {
        let list = super::reply::variant_list(lang, &product.variants, sellable);
        return Ok(answered(super::reply::no_such_variant(
            lang,
            &product_name,
            &list,
        )));
    }
    if asked.len() > 1 {
        return Ok(answered(super::reply::buy(
            lang,
            &product_name,
            &asked,
            sale.quantity,
            sellable,
        )));
    }
    let v = asked[0];
    let quantity = sale.quantity.unwrap_or(1);
    super::offer_facts(facts, v, sellable(v));
    if sellable(v) < i64::from(quantity) {
        return Ok(answered(super::reply::buy(
            lang,
            &product_name,
            &asked,
            Some(quantity),
            sellable,
        )));
    }

    let missing = missing(sale);
    if !missing.is_empty() || !cx.create {
        let _l = scoped(lang);
        let words: Vec<String> = missing.iter().map(|id| t!(*id)).collect();
        let missing = match words.as_slice() {
            [] => {
                return Ok(answered(super::reply::buy(
                    lang,
                    &product_name,
                    &asked,
                    Some(quantity),
                    sellable,
                )));
            }
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {last}", init.join(", "), t!("assistant-sale-and")),
        };
        return Ok(answered(t!(
            "assistant-sale-need",
            quantity = quantity,
            product = visible(&product_name),
            variant = super::reply::variant_name(v),
            price = format::money_in(lang, v.price),
            missing = missing
        )));
    }

    let address = sale.address.clone().unwrap_or_default();
    let order = NewOrder {
        channel: cx.sales_channel.to_string(),
        external_id: Some(format!("chat-{}-{}", cx.conversation_id, sale.number)),
        source: None,
        customer: NewCustomer {
            name: sale.name.clone().unwrap_or_default(),
            phone: sale.phone.clone().unwrap_or_default(),
            email: String::new(),
            masked: false,
        },
        shipping_address: address.clone(),
        payment: if cx.cod { "cod" } else { "prepaid" }.into(),
        shipping_fee: Decimal::ZERO,
        discount: Decimal::ZERO,
        note: Some(t!("assistant-order-note")),
        wants_invoice: false,
        warehouse: None,
        lines: vec![NewLine {
            sku: v.sku.clone(),
            qty: quantity as i32,
            unit_price: None,
            discount: Decimal::ZERO,
        }],
    };
    let outcome = match create_order(cx.pool, &order, "assistant").await {
        Ok(o) => o,
        Err(e) => {
            tracing::warn!(error = %e, "the assistant could not place a chat order");
            return Ok(Step {
                outcome: Outcome::Handover,
                reply: sale_text(lang, "assistant-sale-failed"),
                order_number: None,
                needs_person: true,
            });
        }
    };
    let (number, short) = match outcome {
        IntakeOutcome::Created {
            number, shortages, ..
        } => (number, !shortages.is_empty()),
        IntakeOutcome::Duplicate { number } => (number, false),
    };
    facts.push(Fact {
        kind: "order",
        value: number.clone(),
    });
    // The next purchase starts afresh; who and where are kept for it.
    sale.number += 1;
    sale.open = false;
    sale.product = None;
    sale.colour = None;
    sale.size = None;
    sale.quantity = None;
    let _l = scoped(lang);
    let reply = if short {
        t!("assistant-sale-done-short", number = &number)
    } else {
        t!(
            "assistant-sale-done",
            number = &number,
            quantity = quantity,
            product = visible(&product_name),
            variant = super::reply::variant_name(v),
            total = format::money_in(lang, v.price * Decimal::from(quantity)),
            payment = if cx.cod {
                t!("assistant-sale-pay-cod")
            } else {
                t!("assistant-sale-pay-prepaid")
            },
            address = visible(&written(&address))
        )
    };
    Ok(Step {
        outcome: Outcome::Answered,
        reply,
        order_number: Some(number),
        needs_person: short,
    })
}

fn answered(reply: String) -> Step {
    Step {
        outcome: Outcome::Answered,
        reply,
        order_number: None,
        needs_person: false,
    }
}

fn sale_text(lang: Lang, id: &str) -> String {
    orderdeck_i18n::lookup(lang, id, None)
}

/// The one product among those offered to choose from whose own words (those the others
/// do not share) the message has: "Basic", "loại premium", "form rộng".
fn chosen(candidates: &[String], text: &str) -> Option<String> {
    if candidates.len() < 2 {
        return None;
    }
    let said = fold(text);
    let said: Vec<&str> = said.split(|c: char| !c.is_alphanumeric()).collect();
    let words = |name: &str| -> Vec<String> {
        fold(name)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let all: Vec<Vec<String>> = candidates.iter().map(|c| words(c)).collect();
    let picked: Vec<&String> = candidates
        .iter()
        .zip(&all)
        .filter(|(_, ws)| {
            let own: Vec<&String> = ws
                .iter()
                .filter(|w| !all.iter().all(|other| other.contains(w)))
                .collect();
            !own.is_empty() && own.iter().all(|w| said.contains(&w.as_str()))
        })
        .map(|(c, _)| c)
        .collect();
    match picked.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// Takes what this message names into the sale.
fn remember(sale: &mut Sale, reading: &Reading, text: &str) {
    let s = &reading.slots;
    if let Some(c) = s.colour {
        sale.colour = Some(c.to_string());
    }
    if let Some(z) = s.size {
        sale.size = Some(z.to_string());
    }
    if let Some(q) = s.quantity {
        sale.quantity = Some(q);
    }
    if let Some(p) = s.phones.first() {
        sale.phone = Some(p.clone());
    }
    if let Some(n) = details::name(text) {
        sale.name = Some(n);
    } else if let Some(n) = name_beside_phone(text) {
        sale.name = Some(n);
    }
    let given = details::address(text).or_else(|| address_after_phone(text));
    if let Some(a) = given
        && (!a.line1.is_empty() || !a.district.is_empty())
    {
        // "ship về Q.3" keeps a street said earlier only if it is the same district.
        let keep_line = sale
            .address
            .as_ref()
            .filter(|old| a.line1.is_empty() && same_place(&old.district, &a.district));
        sale.address = Some(match keep_line {
            Some(old) => Address {
                district: a.district.clone(),
                ..old.clone()
            },
            None => a,
        });
    }
}

/// "Lan - 0912345678 - 12 Lê Lợi, Q.1": buyers send who and where without words around
/// them. The words before the phone are a name when they are a few words of letters.
fn name_beside_phone(text: &str) -> Option<String> {
    let at = phone_at(text)?;
    let before = text[..at.0]
        .trim()
        .trim_end_matches(['-', ',', ':', '/', ' ']);
    let words: Vec<&str> = before.split_whitespace().collect();
    let letters_only = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '.'));
    (!words.is_empty() && words.len() <= 5 && letters_only && !is_chat_words(before))
        .then(|| words.join(" "))
}

/// The address written after the phone, as in "Lan 0912345678 12 Lê Lợi, Q.1, HCM".
fn address_after_phone(text: &str) -> Option<Address> {
    let at = phone_at(text)?;
    let after = text[at.1..].trim_start_matches([' ', '-', ',', ':', '/']);
    if after.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
        return None;
    }
    details::address(&format!("địa chỉ: {after}"))
}

/// Where the first phone is written: (start, end) in bytes. The digits run on through
/// spaces, dots and dashes ("0912 345 678"); the phone ends where its digits last made
/// one ("0912345678 - 12 Lê Lợi": not at the house number).
fn phone_at(text: &str) -> Option<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if !(c.is_ascii_digit() || c == '+') {
            k += 1;
            continue;
        }
        let mut digits = String::new();
        let mut end = None;
        let mut j = k;
        while j < chars.len()
            && (chars[j].1.is_ascii_digit() || matches!(chars[j].1, '+' | ' ' | '.' | '-'))
        {
            if chars[j].1.is_ascii_digit() || chars[j].1 == '+' {
                digits.push(chars[j].1);
                if normalise_phone(&digits).is_some() {
                    end = Some(chars.get(j + 1).map_or(text.len(), |n| n.0));
                }
            }
            j += 1;
        }
        if let Some(end) = end {
            return Some((start, end));
        }
        k = j.max(k + 1);
    }
    None
}

/// Words that start a sentence rather than a name: "mình lấy", "sđt", "số".
fn is_chat_words(s: &str) -> bool {
    let f = fold(s);
    f.split_whitespace().any(|w| {
        matches!(
            w,
            "minh"
                | "em"
                | "lay"
                | "sdt"
                | "so"
                | "dt"
                | "ship"
                | "giao"
                | "mua"
                | "dat"
                | "saya"
                | "hp"
                | "no"
                | "phone"
                | "my"
                | "is"
                | "la"
                | "cho"
                | "ok"
                | "oke"
                | "shop"
        )
    })
}

/// A known buyer: their name and saved address fill what they did not say.
async fn fill_from_customer(cx: &Context<'_>, sale: &mut Sale) -> orderdeck_store::Result<()> {
    if sale.phone.is_none() {
        sale.phone = cx.buyer_phone.map(str::to_string);
    }
    let Some(phone) = sale.phone.clone() else {
        return Ok(());
    };
    // Only the channel's own phone is the buyer's: a phone typed in a message may be a
    // neighbour's, and their address is not the writer's to use.
    if cx.buyer_phone != Some(phone.as_str()) {
        return Ok(());
    }
    let Some(known) = chats::customer_of_phone(cx.pool, &phone).await? else {
        return Ok(());
    };
    if sale.name.is_none() && !known.name.trim().is_empty() {
        sale.name = Some(known.name.clone());
    }
    let saved: Address = serde_json::from_value(known.address).unwrap_or_default();
    if saved.line1.trim().is_empty() {
        return Ok(());
    }
    match &sale.address {
        None => sale.address = Some(saved),
        // "ship về Q.3": the saved address when it is in that district.
        Some(a) if a.line1.is_empty() && same_place(&a.district, &saved.district) => {
            sale.address = Some(saved)
        }
        Some(_) => {}
    }
    Ok(())
}

/// What is still missing for the order, as message ids.
fn missing(sale: &Sale) -> Vec<&'static str> {
    let mut m = Vec::new();
    if sale.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        m.push("assistant-sale-field-name");
    }
    if sale.phone.is_none() {
        m.push("assistant-sale-field-phone");
    }
    let address_ok = sale.address.as_ref().is_some_and(|a| {
        !a.line1.trim().is_empty() && (!a.district.is_empty() || !a.province.is_empty())
    });
    if !address_ok {
        m.push("assistant-sale-field-address");
    }
    m
}

fn same_place(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        fold(s)
            .replace("quan", "")
            .replace("huyen", "")
            .replace(['.', ' '], "")
    };
    !a.trim().is_empty() && key(a) == key(b)
}

fn written(a: &Address) -> String {
    [&a.line1, &a.ward, &a.district, &a.province]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
