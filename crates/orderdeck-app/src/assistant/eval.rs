//! `assistant eval FILE`: a labelled set of buyer messages run through exactly the path a
//! real message takes, judged against the database.
//!
//! The set is JSON Lines: `{"id", "lang", "intent", "expect", "text"}`, where `expect` is
//! `answer`, `handover` or `refuse`. Texts carry placeholders filled from the data at hand,
//! so one set runs on any shop: `{order}` / `{order_digits}` (an order of the buyer who
//! asks), `{other_order}` and `{other_phone}` (another buyer's), `{phone}` (the buyer's
//! own), `{product}` / `{product_plain}` (a product in stock, with or without diacritics).
//!
//! Each message ends as one of three: answered correctly; sent to a person (never wrong,
//! only unhelpful); answered wrongly — the wrong intent, a refusal where an answer was
//! due, an order that is not the buyer's, another product than the one asked about.
//! Disclosures (another buyer's order in a reply or its facts) are counted on their own.

use std::collections::{BTreeMap, HashMap};

use chrono::FixedOffset;

use orderdeck_domain::text::fold;
use orderdeck_i18n::Lang;
use orderdeck_store::assistant as store;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use super::{Answer, Ask, AssistantConfig, Buyer, Outcome};

/// One labelled message.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub lang: String,
    pub intent: String,
    pub expect: String,
    pub text: String,
}

/// Reads a set; a line that does not parse is named with its number.
pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str::<Case>(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

/// How one message ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Correct,
    Person,
    Wrong,
}

/// One message's result.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    pub id: String,
    pub lang: String,
    pub intent: String,
    pub text: String,
    pub verdict: Verdict,
    /// Why it is wrong (empty otherwise).
    pub why: String,
    pub disclosed: bool,
    pub answer: Answer,
}

/// Counts per (intent, language).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    pub total: usize,
    pub correct: usize,
    pub person: usize,
    pub wrong: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub by_intent_lang: BTreeMap<String, BTreeMap<String, Tally>>,
    pub total: Tally,
    /// Wrong answers that stated an order's or the stock's facts (the hard line: zero).
    pub wrong_about_orders_or_stock: usize,
    /// Replies that named another buyer's order (must be zero).
    pub disclosed: usize,
    /// How many answers each engine wrote (`built_in`, `model`).
    pub engines: BTreeMap<&'static str, usize>,
    /// Answers not in the language the message was labelled with.
    pub wrong_language: usize,
    pub cases: Vec<Judged>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}")]
    Store(#[from] orderdeck_store::StoreError),
    #[error(
        "the database has no orders with a phone, or fewer than two buyers: seed the demo first"
    )]
    NoBuyers,
    #[error("the database has no product in stock: seed the demo first")]
    NoProducts,
}

/// A labelled message with its placeholders filled, and who sends it.
#[derive(Debug, Clone)]
pub struct Filled {
    pub text: String,
    /// The buyer's phone, their order, and another buyer's phone; the product named.
    pub phone: String,
    pub order: String,
    pub other_phone: String,
    pub product: String,
}

/// Fills each case's placeholders from the database: buyers and products taken in turn.
pub async fn fill(pool: &PgPool, cases: &[Case]) -> Result<Vec<Filled>, EvalError> {
    let buyers = store::sample_buyers(pool, 12).await?;
    if buyers.len() < 2 {
        return Err(EvalError::NoBuyers);
    }
    let products = store::sample_products(pool, 24).await?;
    if products.is_empty() {
        return Err(EvalError::NoProducts);
    }
    Ok(cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let (phone, order) = &buyers[i % buyers.len()];
            let (other_phone, other_order) = &buyers[(i + 1) % buyers.len()];
            let product = &products[i % products.len()];
            let digits = order.trim_start_matches("OD-").trim_start_matches('0');
            let text = case
                .text
                .replace("{order_digits}", digits)
                .replace("{other_order}", other_order)
                .replace("{other_phone}", other_phone)
                .replace("{order}", order)
                .replace("{phone}", phone)
                .replace("{product_plain}", &fold(product))
                .replace("{product}", product);
            Filled {
                text,
                phone: phone.clone(),
                order: order.clone(),
                other_phone: other_phone.clone(),
                product: product.clone(),
            }
        })
        .collect())
}

/// Runs `cases` as buyers of `channel` would send them, in a shop at `offset`.
pub async fn run(
    pool: &PgPool,
    config: &AssistantConfig,
    channel: &str,
    offset: FixedOffset,
    cases: &[Case],
) -> Result<Report, EvalError> {
    let filled = fill(pool, cases).await?;
    // Each buyer's orders and tracking numbers, read once: a dozen buyers take turns.
    let mut orders_of: HashMap<String, Vec<String>> = HashMap::new();
    for phone in filled.iter().flat_map(|f| [&f.phone, &f.other_phone]) {
        if !orders_of.contains_key(phone) {
            let known = store::orders_of_phone(pool, phone, 50)
                .await?
                .into_iter()
                .flat_map(|o| std::iter::once(o.number).chain(o.tracking_number))
                .collect();
            orders_of.insert(phone.clone(), known);
        }
    }
    let mut judged = Vec::with_capacity(cases.len());
    for (case, f) in cases.iter().zip(filled) {
        let ask = Ask {
            channel,
            buyer: Buyer::Phone(f.phone.clone()),
            text: &f.text,
            usual: Lang::Vi,
            offset,
            about: None,
        };
        let answer = super::answer(pool, config, &ask).await?;
        let mine = orders_of.get(&f.phone).map_or(&[][..], Vec::as_slice);
        let others = orders_of.get(&f.other_phone).map_or(&[][..], Vec::as_slice);
        let named_product = case.text.contains("{product").then_some(f.product.as_str());
        let (verdict, why, disclosed) = judge(
            case,
            &f.text,
            &answer,
            &f.order,
            mine,
            others,
            named_product,
        );
        judged.push(Judged {
            id: case.id.clone(),
            lang: case.lang.clone(),
            intent: case.intent.clone(),
            text: f.text,
            verdict,
            why,
            disclosed,
            answer,
        });
    }
    Ok(report(judged))
}

fn judge(
    case: &Case,
    text: &str,
    answer: &Answer,
    own_order: &str,
    mine: &[String],
    others: &[String],
    product: Option<&str>,
) -> (Verdict, String, bool) {
    let disclosed = others.iter().any(|o| {
        !mine.contains(o)
            && (answer.reply.contains(o.as_str()) || answer.facts.iter().any(|f| f.value == *o))
    });
    if disclosed {
        return (Verdict::Wrong, "named another buyer's order".into(), true);
    }
    let stranger = answer
        .facts
        .iter()
        .find(|f| f.kind == "order" && !mine.contains(&f.value));
    if let Some(f) = stranger {
        return (
            Verdict::Wrong,
            format!("told of order {} not the buyer's", f.value),
            false,
        );
    }
    match (case.expect.as_str(), answer.outcome) {
        ("refuse", Outcome::Refused) | ("handover", Outcome::Handover) => {
            (Verdict::Correct, String::new(), false)
        }
        (_, Outcome::Handover) => (Verdict::Person, String::new(), false),
        ("refuse", _) => (
            Verdict::Wrong,
            "answered instead of declining".into(),
            false,
        ),
        ("handover", _) => (
            Verdict::Wrong,
            format!("answered as {}", answer.intent),
            false,
        ),
        (_, Outcome::Refused) => (
            Verdict::Wrong,
            "declined a question it should answer".into(),
            false,
        ),
        _ => {
            let about_orders = answer.facts.iter().any(|f| f.kind == "order");
            let intent_ok =
                answer.intent == case.intent || (case.intent == "order_status" && about_orders);
            if !intent_ok {
                return (
                    Verdict::Wrong,
                    format!("took it as {}", answer.intent),
                    false,
                );
            }
            if case.intent == "order_status"
                && text.contains(own_order)
                && !answer.facts.iter().any(|f| f.value == own_order)
            {
                return (
                    Verdict::Wrong,
                    format!("did not tell of {own_order}"),
                    false,
                );
            }
            if let Some(p) = product
                && let Some(f) = answer.facts.iter().find(|f| f.kind == "product")
                && f.value != p
            {
                return (
                    Verdict::Wrong,
                    format!("told of {} instead of {p}", f.value),
                    false,
                );
            }
            (Verdict::Correct, String::new(), false)
        }
    }
}

fn report(cases: Vec<Judged>) -> Report {
    let mut by: BTreeMap<String, BTreeMap<String, Tally>> = BTreeMap::new();
    let mut total = Tally::default();
    let (mut hard, mut disclosed) = (0, 0);
    let mut engines = BTreeMap::new();
    let mut wrong_language = 0;
    for c in &cases {
        *engines.entry(c.answer.engine).or_default() += 1;
        wrong_language += usize::from(c.answer.language != c.lang);
        let t = by
            .entry(c.intent.clone())
            .or_default()
            .entry(c.lang.clone())
            .or_default();
        for t in [t, &mut total] {
            t.total += 1;
            match c.verdict {
                Verdict::Correct => t.correct += 1,
                Verdict::Person => t.person += 1,
                Verdict::Wrong => t.wrong += 1,
            }
        }
        let about = c
            .answer
            .facts
            .iter()
            .any(|f| matches!(f.kind, "order" | "tracking" | "sku" | "available" | "price"));
        if c.verdict == Verdict::Wrong && about {
            hard += 1;
        }
        disclosed += usize::from(c.disclosed);
    }
    Report {
        by_intent_lang: by,
        total,
        engines,
        wrong_language,
        wrong_about_orders_or_stock: hard,
        disclosed,
        cases,
    }
}
