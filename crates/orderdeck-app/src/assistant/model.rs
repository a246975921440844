//! The language-model engine: a model behind an OpenAI-compatible endpoint writes the
//! reply, and the built-in engine's lookups are the only things it can reach — as tools
//! (reference `customer-channels.md` §6). It never sees SQL, never sees an order the buyer
//! may not see (the tools apply the same ownership rule as the built-in engine, from the
//! conversation's own buyer, not from anything the model passes), and what it writes is
//! checked before it goes: every number or code in the reply must come from a tool's
//! result or the buyer's own message. A reply that states anything else goes to a person.
//! A refusal is said in the built-in engine's fixed words, never the model's. What the
//! check cannot see: the model's own words about a fact (calling a parcel on its way
//! "delivered"); only numbers and codes are compared.
//!
//! When the endpoint cannot be reached, refuses, or answers something unreadable, the
//! built-in engine answers instead: the desk keeps working when the model server is down.

use std::collections::HashSet;

use orderdeck_domain::assistant::{Intent, Reading, Slots};
use orderdeck_i18n::Lang;
use orderdeck_integrations::llm::{Message, ModelClient, ModelError, Tool, ToolCall};
use serde_json::{Value, json};
use sqlx::PgPool;

use super::{Answer, Ask, AssistantConfig, Buyer, Fact, Outcome, reply};
use orderdeck_store::Result;

/// Most completions for one message: a tool round or two, then the reply.
const MAX_ROUNDS: usize = 4;

/// The tools the model may call, with their arguments' schemas. Every schema closes its
/// properties: an invented field is refused, not ignored.
pub fn tools() -> Vec<Tool> {
    vec![
        Tool {
            name: "look_up_orders",
            description: "The buyer's own orders: status, carrier, tracking number, expected delivery. Without arguments: their recent orders. An order number is told only to the buyer it belongs to.",
            parameters: json!({"type": "object", "additionalProperties": false, "properties": {
                "order_numbers": {"type": "array", "items": {"type": "string"}, "maxItems": 5,
                                  "description": "Order numbers the buyer wrote, e.g. OD-000123"},
                "phone": {"type": "string", "description": "A phone number the buyer wrote"}}}),
        },
        Tool {
            name: "check_stock",
            description: "Price and available stock of a product the shop sells, by variant (colour, size).",
            parameters: product_parameters(),
        },
        Tool {
            name: "draft_order",
            description: "The buyer wants to buy a product: checks the variant and stock and asks for what the order still needs (variant, quantity, name, phone, address). The order itself is placed by the shop's own steps once everything is there.",
            parameters: product_parameters(),
        },
        Tool {
            name: "shop_policy",
            description: "The shop's own words on cash on delivery, returns and exchanges, opening hours, or shipping fees and times.",
            parameters: json!({"type": "object", "additionalProperties": false,
                "required": ["topic"], "properties": {
                "topic": {"type": "string", "enum": ["cod", "returns", "hours", "shipping"]}}}),
        },
        Tool {
            name: "quote_shipping",
            description: "The carriers' live shipping fee and expected delivery date for a parcel to a place in Vietnam (a province, or a district in one), with the shop's own shipping terms.",
            parameters: json!({"type": "object", "additionalProperties": false,
                "required": ["place"], "properties": {
                "place": {"type": "string", "description": "The place as the buyer wrote it, e.g. Đà Nẵng or Quận 3, TP HCM"},
                "quantity": {"type": "integer", "minimum": 1, "description": "How many items the parcel holds"}}}),
        },
        Tool {
            name: "hand_to_person",
            description: "Give the conversation to a shop assistant: a complaint, an angry buyer, anything the other tools cannot answer.",
            parameters: json!({"type": "object", "additionalProperties": false, "properties": {
                "reason": {"type": "string"}}}),
        },
    ]
}

/// The arguments of the two tools about one product (asking, buying).
fn product_parameters() -> Value {
    json!({"type": "object", "additionalProperties": false,
        "required": ["product"], "properties": {
        "product": {"type": "string", "description": "The product as the buyer named it"},
        "colour": {"type": "string"},
        "size": {"type": "string"},
        "quantity": {"type": "integer", "minimum": 1}}})
}

/// What one tool call gave: the text for the model, and what it means for the answer.
struct ToolResult {
    content: String,
    outcome: Outcome,
    /// What the call shows the buyer asked; none for a call that was not run.
    intent: Option<&'static str>,
    facts: Vec<Fact>,
}

/// Answers one message through the model; `Ok(None)` when the model could not be used
/// (the caller answers with the built-in engine).
pub async fn answer(
    pool: &PgPool,
    config: &AssistantConfig,
    client: &ModelClient,
    ask: &Ask<'_>,
) -> Result<Option<Answer>> {
    let reading = orderdeck_domain::assistant::read(ask.text, ask.usual);
    let lang = reading.lang;
    // A buyer asking for a person, cancelling, wanting a refund or upset goes to a person
    // whatever the model would say: the desk's rule, not the model's judgement.
    if reading.intent == Intent::Person {
        return Ok(Some(handed(
            &reading,
            None,
            Vec::new(),
            "asks for a person, or is upset",
        )));
    }
    let tools = tools();
    let mut messages = vec![
        Message::System {
            content: system_prompt(lang),
        },
        Message::User {
            content: ask.text.to_string(),
        },
    ];
    // What the reply may state: the buyer's message and every tool result.
    let mut evidence = ask.text.to_string();
    let mut facts = Vec::new();
    let mut outcome = Outcome::Answered;
    let mut intent: Option<&'static str> = None;
    for _ in 0..MAX_ROUNDS {
        let completion = match client.complete(&messages, &tools).await {
            Ok(c) => c,
            Err(e) => {
                log_unusable(&e);
                return Ok(None);
            }
        };
        if completion.tool_calls.is_empty() {
            let text = completion.content.unwrap_or_default();
            let text = text.trim();
            if outcome == Outcome::Refused {
                // Not theirs, or no such order: declined in the built-in engine's fixed
                // words, so how the model would put it cannot tell the two apart.
                return Ok(Some(Answer {
                    language: lang.code(),
                    intent: intent.unwrap_or_else(|| reading.intent.code()),
                    outcome,
                    reply: reply::refuse(lang),
                    facts,
                    engine: ENGINE,
                    why: None,
                }));
            }
            if text.is_empty() {
                return Ok(Some(handed(
                    &reading,
                    intent,
                    facts,
                    "the model wrote nothing",
                )));
            }
            if let Some(token) = unsupported(text, &evidence) {
                tracing::warn!(%token, "assistant: the model's reply states what no tool returned; a person answers");
                return Ok(Some(handed(
                    &reading,
                    intent,
                    facts,
                    &format!("the reply stated {token:?}, which no tool returned"),
                )));
            }
            return Ok(Some(Answer {
                language: lang.code(),
                intent: intent.unwrap_or_else(|| reading.intent.code()),
                outcome,
                reply: orderdeck_domain::text::visible_lines(text),
                facts,
                engine: ENGINE,
                why: None,
            }));
        }
        messages.push(completion.as_message());
        for call in &completion.tool_calls {
            let result = run(pool, config, ask, lang, call).await?;
            evidence.push('\n');
            evidence.push_str(&result.content);
            if let Some(asked) = result.intent {
                intent.get_or_insert(asked);
            }
            facts.extend(result.facts);
            // The strictest outcome stands: a refusal is not undone by a later answer.
            outcome = match (outcome, result.outcome) {
                (Outcome::Refused, _) | (_, Outcome::Refused) => Outcome::Refused,
                (Outcome::Handover, _) | (_, Outcome::Handover) => Outcome::Handover,
                _ => Outcome::Answered,
            };
            messages.push(Message::Tool {
                tool_call_id: call.id.clone(),
                content: result.content,
            });
        }
        if outcome == Outcome::Handover {
            // A person answers; the model has nothing more to say.
            return Ok(Some(handed(&reading, intent, facts, "handed to a person")));
        }
    }
    Ok(Some(handed(
        &reading,
        intent,
        facts,
        "the model did not finish its reply",
    )))
}

/// The engine's name in an answer.
pub const ENGINE: &str = "model";

fn log_unusable(e: &ModelError) {
    tracing::warn!(error = %e, "assistant: the language model could not answer; the built-in engine does");
}

/// A person answers: the buyer is told so in the built-in engine's words.
fn handed(reading: &Reading, intent: Option<&'static str>, facts: Vec<Fact>, why: &str) -> Answer {
    Answer {
        language: reading.lang.code(),
        intent: intent.unwrap_or_else(|| reading.intent.code()),
        outcome: Outcome::Handover,
        reply: reply::handover(reading.lang),
        facts,
        engine: ENGINE,
        why: Some(why.to_string()),
    }
}

fn system_prompt(lang: Lang) -> String {
    let language = match lang {
        Lang::Vi => {
            "Vietnamese. Open with \"Dạ\", end with \"ạ\", call yourself \"shop\" or \"em\" and the buyer \"anh/chị\""
        }
        Lang::Id => "Indonesian. Call the buyer \"kak\"",
        Lang::En => "English",
    };
    format!(
        "You are the shop's customer-service assistant in a chat with one buyer. Reply in {language}, briefly and politely. \
         Use the tools for every fact: orders, tracking, stock, prices, shipping, payment, returns, hours. \
         Never state an order number, tracking number, price, quantity or date that a tool did not return. \
         If a tool refuses, decline politely without guessing. If the buyer is angry, complains, or asks for something no tool answers, call hand_to_person."
    )
}

/// Runs one tool call, after checking its arguments against the tool's schema. A call
/// that does not fit is answered with the reason, so the model can correct itself.
async fn run(
    pool: &PgPool,
    config: &AssistantConfig,
    ask: &Ask<'_>,
    lang: Lang,
    call: &ToolCall,
) -> Result<ToolResult> {
    let args = match arguments(call) {
        Ok(a) => a,
        Err(why) => return Ok(refusal(why)),
    };
    let mut facts = Vec::new();
    let (intent, (outcome, say)) = match call.function.name.as_str() {
        "look_up_orders" => {
            let reading = Reading {
                lang,
                intent: Intent::OrderStatus,
                slots: Slots {
                    orders: strings(&args, "order_numbers")
                        .iter()
                        .filter_map(|o| {
                            orderdeck_domain::assistant::read(o, lang)
                                .slots
                                .orders
                                .into_iter()
                                .next()
                        })
                        .collect(),
                    phones: args
                        .get("phone")
                        .and_then(Value::as_str)
                        .and_then(orderdeck_domain::intake::normalise_phone)
                        .into_iter()
                        .collect(),
                    ..Slots::default()
                },
            };
            let buyer_phone = match &ask.buyer {
                Buyer::Phone(p) => orderdeck_domain::intake::normalise_phone(p),
                Buyer::Id(_) => None,
            };
            (
                Intent::OrderStatus.code(),
                super::order_status(pool, ask, &reading, buyer_phone.as_deref(), &mut facts)
                    .await?,
            )
        }
        "check_stock" | "draft_order" => {
            let buying = call.function.name == "draft_order";
            let words: Vec<&str> = ["product", "colour", "size"]
                .iter()
                .filter_map(|k| args.get(*k).and_then(Value::as_str))
                .collect();
            let text = words.join(" ");
            let mut reading = orderdeck_domain::assistant::read(&text, lang);
            reading.lang = lang;
            reading.intent = if buying {
                Intent::Buy
            } else {
                Intent::StockPrice
            };
            if let Some(q) = args.get("quantity").and_then(Value::as_u64) {
                reading.slots.quantity = u32::try_from(q).ok();
            }
            let product_ask = Ask {
                text: &text,
                ..ask.clone()
            };
            let found = super::stock(pool, &product_ask, &reading, &mut facts).await?;
            (
                reading.intent.code(),
                found.unwrap_or((Outcome::Handover, reply::handover(lang))),
            )
        }
        "quote_shipping" => {
            let place = args.get("place").and_then(Value::as_str).unwrap_or("");
            let items = args
                .get("quantity")
                .and_then(Value::as_u64)
                .and_then(|q| u32::try_from(q).ok());
            (
                Intent::ShippingFee.code(),
                super::quote::answer(pool, config, lang, ask.offset, place, items, &mut facts)
                    .await,
            )
        }
        "shop_policy" => {
            let topic = args.get("topic").and_then(Value::as_str).unwrap_or("");
            let (intent, said) = match topic {
                "cod" => (
                    Intent::Cod,
                    (
                        Outcome::Answered,
                        reply::cod(lang, config.cod.unwrap_or(true)),
                    ),
                ),
                "returns" => (Intent::Returns, super::policy(&config.returns, lang)),
                "hours" => (Intent::Hours, super::policy(&config.hours, lang)),
                _ => (Intent::ShippingFee, super::policy(&config.shipping, lang)),
            };
            (intent.code(), said)
        }
        _ => (
            Intent::Person.code(),
            (Outcome::Handover, reply::handover(lang)),
        ),
    };
    let content = json!({
        "outcome": match outcome {
            Outcome::Answered => "answered",
            Outcome::Handover => "handover",
            Outcome::Refused => "refused",
        },
        "text": say,
        "facts": facts,
    })
    .to_string();
    Ok(ToolResult {
        content,
        outcome,
        intent: Some(intent),
        facts,
    })
}

/// A call that was not run, and why (sent back to the model as the tool's result).
fn refusal(why: String) -> ToolResult {
    ToolResult {
        content: json!({"error": why}).to_string(),
        outcome: Outcome::Answered,
        intent: None,
        facts: Vec::new(),
    }
}

/// The call's arguments, if they are a JSON object that fits the tool's schema: known
/// tool, no field the schema does not name, required fields there, types right.
fn arguments(call: &ToolCall) -> std::result::Result<Value, String> {
    let tools = tools();
    let Some(tool) = tools.iter().find(|t| t.name == call.function.name) else {
        return Err(format!(
            "there is no tool named {:?}",
            orderdeck_domain::text::visible(&call.function.name)
        ));
    };
    let args: Value = serde_json::from_str(&call.function.arguments)
        .map_err(|e| format!("the arguments are not JSON: {e}"))?;
    let Value::Object(fields) = &args else {
        return Err("the arguments must be a JSON object".into());
    };
    let schema = &tool.parameters;
    let properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (name, value) in fields {
        let Some(spec) = properties.get(name) else {
            return Err(format!(
                "{} takes no argument {:?}",
                tool.name,
                orderdeck_domain::text::visible(name)
            ));
        };
        if !fits(spec, value) {
            return Err(format!("{name} does not fit its schema {spec}"));
        }
    }
    for required in schema["required"].as_array().into_iter().flatten() {
        if let Some(name) = required.as_str()
            && !fields.contains_key(name)
        {
            return Err(format!("{} needs {name}", tool.name));
        }
    }
    Ok(args)
}

/// Whether `value` fits one property's schema (the subset the tools use).
fn fits(spec: &Value, value: &Value) -> bool {
    match spec["type"].as_str() {
        Some("string") => value.as_str().is_some_and(|s| {
            s.chars().count() <= 500
                && spec["enum"]
                    .as_array()
                    .is_none_or(|allowed| allowed.iter().any(|a| a.as_str() == Some(s)))
        }),
        Some("integer") => value
            .as_i64()
            .is_some_and(|n| spec["minimum"].as_i64().is_none_or(|m| n >= m)),
        Some("array") => value.as_array().is_some_and(|items| {
            spec["maxItems"]
                .as_u64()
                .is_none_or(|m| items.len() as u64 <= m)
                && items.iter().all(|i| fits(&spec["items"], i))
        }),
        _ => false,
    }
}

fn strings(args: &Value, key: &str) -> Vec<String> {
    args.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// The first number or code in `reply` that `evidence` does not hold: a word with a digit
/// in it ("OD-000123", "GHN8XK2Q91", "149.000", "12/12") must appear there too, compared
/// by its digits and letters so "149,000" matches "149.000". Only such words are checked:
/// they are what a wrong answer about an order or stock is made of (a made-up tracking
/// number, price, quantity or day); the words around them are the model's own.
pub fn unsupported(reply: &str, evidence: &str) -> Option<String> {
    let known: HashSet<String> = words(evidence).map(|w| key(&w)).collect();
    words(reply)
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .find(|w| !known.contains(&key(w)))
}

/// The words of a text, split at spaces and at punctuation that does not join a code or
/// a number ("OD-000123", "149.000", "12/12" stay whole; a trailing full stop goes).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | ';' | '!' | '?' | '“' | '”' | '\\'
            )
    })
    .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ',' | ':' | '-' | '/')))
    .filter(|w| !w.is_empty())
    .map(str::to_string)
}

/// A word's letters and digits, lower case: the same fact however it is punctuated.
fn key(word: &str) -> String {
    word.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_integrations::llm::FunctionCall;

    fn call(name: &str, args: &str) -> ToolCall {
        ToolCall {
            id: "call_1".into(),
            kind: "function".into(),
            function: FunctionCall {
                name: name.into(),
                arguments: args.into(),
            },
        }
    }

    #[test]
    fn arguments_must_fit_the_schema() {
        assert!(arguments(&call("check_stock", r#"{"product":"áo thun","size":"M"}"#)).is_ok());
        assert!(arguments(&call("look_up_orders", "{}")).is_ok());
        for (name, args) in [
            ("run_sql", "{}"),
            ("check_stock", "{}"),
            ("check_stock", r#"{"product": 3}"#),
            ("check_stock", r#"{"product":"x","sql":"select 1"}"#),
            ("check_stock", r#"{"product":"x","quantity":0}"#),
            ("shop_policy", r#"{"topic":"salaries"}"#),
            ("look_up_orders", r#"{"order_numbers":"OD-1"}"#),
            ("look_up_orders", "{\"phone\": \"09"),
            ("look_up_orders", "[]"),
        ] {
            assert!(arguments(&call(name, args)).is_err(), "{name} {args}");
        }
    }

    #[test]
    fn a_reply_may_state_only_what_the_tools_returned() {
        let evidence = r#"đơn OD-000123 {"text":"Dạ đơn OD-000123 đang giao (GHN, mã vận đơn GHNAB12CD), dự kiến 12/12 ạ","facts":[{"kind":"price","value":"149000"}]} Áo thun: 149.000 ₫, còn 7"#;
        assert_eq!(
            unsupported(
                "Dạ đơn OD-000123 đang trên đường giao, mã vận đơn GHNAB12CD, dự kiến 12/12 ạ.",
                evidence
            ),
            None
        );
        assert_eq!(unsupported("Giá 149,000 ₫, còn 7 cái ạ!", evidence), None);
        assert_eq!(
            unsupported("Dạ mã vận đơn là GHN8XK2Q91 ạ", evidence).as_deref(),
            Some("GHN8XK2Q91")
        );
        assert_eq!(unsupported("Còn 9 cái ạ", evidence).as_deref(), Some("9"));
        assert_eq!(unsupported("Dạ shop chào anh/chị ạ", evidence), None);
    }
}
