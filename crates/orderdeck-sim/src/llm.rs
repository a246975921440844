//! A loopback OpenAI-compatible Chat Completions endpoint with tool calling (reference
//! `customer-channels.md` §6), as strict as the documents about what it is sent:
//! `POST /v1/chat/completions` with a bearer key (when one is set), a `model` it serves,
//! `messages` whose roles are `system`/`developer`/`user`/`assistant`/`tool`, `tools` of
//! type `function` with a name and an object schema, a valid `tool_choice`, and the tool
//! loop's rule: an assistant message with `tool_calls` is followed by one `tool` message
//! per call id, and a `tool` message answers a call that was made. It refuses otherwise
//! with OpenAI's error body (`{"error": {"message", "type", "param", "code"}}`) and 400,
//! 401 or 404.
//!
//! The "model" itself is a stand-in: it reads the buyer's message with orderdeck's own
//! built-in reader (so tests exercise the protocol, the tool loop and the checks, not a
//! model's wit), calls the tool that fits — only tools the request declared — and, given
//! the results, writes the reply from the tool's text. [`ModelFaults`] makes it behave as
//! real models do on a bad day: invent a tracking number, write arguments that are not
//! JSON or name a field the schema does not have, call a tool that does not exist, or
//! fail with a status.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use orderdeck_domain::assistant::Intent;
use orderdeck_i18n::Lang;
use orderdeck_integrations::llm::ModelConfig;
use serde_json::{Value, json};

/// The model id the simulator serves.
pub const MODEL: &str = "orderdeck-sim-chat";

/// How the simulated model misbehaves, for tests.
#[derive(Debug, Clone, Default)]
pub struct ModelFaults {
    /// The reply adds a tracking number no tool returned.
    pub invent_fact: bool,
    /// The first tool call's arguments are not JSON.
    pub broken_arguments: bool,
    /// The first tool call adds a field its schema does not have.
    pub extra_argument: bool,
    /// The first tool call names a tool that was not offered.
    pub unknown_tool: bool,
    /// Every request fails with this HTTP status.
    pub status: Option<u16>,
}

#[derive(Default)]
struct Inner {
    faults: ModelFaults,
    /// Every request's body, as received.
    requests: Vec<Value>,
}

#[derive(Clone)]
pub struct ModelSim {
    pub addr: SocketAddr,
    key: Option<String>,
    inner: Arc<Mutex<Inner>>,
    next_id: Arc<AtomicU64>,
    /// Whether to keep request bodies (off for benchmarks).
    keep: bool,
}

impl ModelSim {
    /// Starts the endpoint on a loopback port; `key`: the bearer key it wants, if any.
    pub async fn start(key: Option<&str>) -> std::io::Result<ModelSim> {
        Self::start_with(key, true).await
    }

    /// As [`start`](Self::start), keeping no request bodies (for a long benchmark).
    pub async fn start_quiet(key: Option<&str>) -> std::io::Result<ModelSim> {
        Self::start_with(key, false).await
    }

    async fn start_with(key: Option<&str>, keep: bool) -> std::io::Result<ModelSim> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let sim = ModelSim {
            addr,
            key: key.map(str::to_string),
            inner: Arc::default(),
            next_id: Arc::default(),
            keep,
        };
        let app = axum::Router::new()
            .route("/v1/chat/completions", post(completions))
            .with_state(sim.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(sim)
    }

    /// `[assistant.model]` pointing here.
    pub fn config(&self) -> ModelConfig {
        ModelConfig {
            base_url: format!("http://{}/v1", self.addr),
            model: MODEL.into(),
            api_key: self.key.clone(),
            timeout_secs: Some(5),
        }
    }

    pub fn set_faults(&self, faults: ModelFaults) {
        if let Ok(mut g) = self.inner.lock() {
            g.faults = faults;
        }
    }

    /// The request bodies received, in order.
    pub fn requests(&self) -> Vec<Value> {
        self.inner
            .lock()
            .map(|g| g.requests.clone())
            .unwrap_or_default()
    }
}

fn refuse(status: StatusCode, kind: &str, param: Option<&str>, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"message": message, "type": kind, "param": param, "code": Value::Null}})),
    )
        .into_response()
}

fn invalid(param: &str, message: &str) -> Response {
    refuse(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        Some(param),
        message,
    )
}

async fn completions(
    State(sim): State<ModelSim>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(key) = &sim.key {
        let given = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(key.as_str()) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_request_error",
                None,
                "Incorrect API key provided.",
            );
        }
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return invalid("body", "We could not parse the JSON body of your request.");
    };
    let faults = match sim.inner.lock() {
        Ok(mut g) => {
            if sim.keep {
                g.requests.push(request.clone());
            }
            g.faults.clone()
        }
        Err(_) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                None,
                "busy",
            );
        }
    };
    if let Some(status) = faults.status {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return refuse(
            status,
            "server_error",
            None,
            "The server had an error while processing your request.",
        );
    }
    let offered = match check(&request) {
        Ok(offered) => offered,
        Err(response) => return response,
    };
    let id = sim.next_id.fetch_add(1, Ordering::Relaxed);
    let message = respond(&request, &offered, &faults, id);
    let finish = if message.get("tool_calls").is_some() {
        "tool_calls"
    } else {
        "stop"
    };
    Json(json!({
        "id": format!("chatcmpl-sim{id}"),
        "object": "chat.completion",
        "created": chrono::Utc::now().timestamp(),
        "model": MODEL,
        "choices": [{"index": 0, "finish_reason": finish, "message": message}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }))
    .into_response()
}

/// Checks the request as the documents describe it; the names of the tools offered.
#[allow(clippy::result_large_err)]
fn check(request: &Value) -> Result<HashSet<String>, Response> {
    match request.get("model").and_then(Value::as_str) {
        None => return Err(invalid("model", "you must provide a model parameter")),
        Some(m) if m != MODEL => {
            return Err(refuse(
                StatusCode::NOT_FOUND,
                "invalid_request_error",
                Some("model"),
                &format!("The model `{m}` does not exist or you do not have access to it."),
            ));
        }
        Some(_) => {}
    }
    let Some(messages) = request.get("messages").and_then(Value::as_array) else {
        return Err(invalid("messages", "'messages' is a required property"));
    };
    if messages.is_empty() {
        return Err(invalid(
            "messages",
            "'messages' must contain at least one message",
        ));
    }
    let mut offered = HashSet::new();
    if let Some(tools) = request.get("tools") {
        let Some(tools) = tools.as_array() else {
            return Err(invalid("tools", "'tools' must be an array"));
        };
        for (i, t) in tools.iter().enumerate() {
            let name = t
                .pointer("/function/name")
                .and_then(Value::as_str)
                .unwrap_or("");
            let name_ok = !name.is_empty()
                && name.len() <= 64
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if t.get("type").and_then(Value::as_str) != Some("function") || !name_ok {
                return Err(invalid(
                    &format!("tools[{i}]"),
                    "each tool needs type 'function' and a name matching ^[a-zA-Z0-9_-]{1,64}$",
                ));
            }
            if let Some(p) = t.pointer("/function/parameters")
                && p.get("type").and_then(Value::as_str) != Some("object")
            {
                return Err(invalid(
                    &format!("tools[{i}].function.parameters"),
                    "parameters must be a JSON Schema of type 'object'",
                ));
            }
            offered.insert(name.to_string());
        }
    }
    match request.get("tool_choice") {
        None => {}
        Some(Value::String(s)) if ["none", "auto", "required"].contains(&s.as_str()) => {}
        Some(v)
            if v.get("type").and_then(Value::as_str) == Some("function")
                && v.pointer("/function/name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| offered.contains(n)) => {}
        Some(_) => return Err(invalid("tool_choice", "Invalid value for 'tool_choice'")),
    }
    // The tool loop: every call answered by exactly one tool message, right after it.
    let mut waiting: Vec<String> = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let role = m.get("role").and_then(Value::as_str).unwrap_or("");
        if role != "tool" && !waiting.is_empty() {
            return Err(invalid(
                &format!("messages.[{i}].role"),
                "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.",
            ));
        }
        match role {
            "system" | "developer" | "user" => {
                if !m.get("content").is_some_and(Value::is_string) {
                    return Err(invalid(
                        &format!("messages.[{i}].content"),
                        "content must be a string",
                    ));
                }
            }
            "assistant" => {
                for call in m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let (Some(id), Some("function"), Some(_), Some(_)) = (
                        call.get("id").and_then(Value::as_str),
                        call.get("type").and_then(Value::as_str),
                        call.pointer("/function/name").and_then(Value::as_str),
                        call.pointer("/function/arguments").and_then(Value::as_str),
                    ) else {
                        return Err(invalid(
                            &format!("messages.[{i}].tool_calls"),
                            "each tool call needs an id, type 'function', a name and arguments as a string",
                        ));
                    };
                    waiting.push(id.to_string());
                }
            }
            "tool" => {
                let id = m.get("tool_call_id").and_then(Value::as_str).unwrap_or("");
                let Some(at) = waiting.iter().position(|w| w == id) else {
                    return Err(invalid(
                        &format!("messages.[{i}]"),
                        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
                    ));
                };
                waiting.remove(at);
                if !m.get("content").is_some_and(Value::is_string) {
                    return Err(invalid(
                        &format!("messages.[{i}].content"),
                        "content must be a string",
                    ));
                }
            }
            other => {
                return Err(invalid(
                    &format!("messages.[{i}].role"),
                    &format!(
                        "'{other}' is not one of ['system', 'assistant', 'user', 'tool', 'developer']"
                    ),
                ));
            }
        }
    }
    if !waiting.is_empty() {
        return Err(invalid(
            "messages",
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.",
        ));
    }
    Ok(offered)
}

/// The simulated model's message: a tool call for a new question, the reply once the
/// tools have answered.
fn respond(request: &Value, offered: &HashSet<String>, faults: &ModelFaults, id: u64) -> Value {
    let messages = request["messages"].as_array().cloned().unwrap_or_default();
    let last_user = messages
        .iter()
        .rposition(|m| m["role"] == "user")
        .unwrap_or(0);
    let text = messages
        .get(last_user)
        .and_then(|m| m["content"].as_str())
        .unwrap_or("");
    let results: Vec<Value> = messages[last_user + 1..]
        .iter()
        .filter(|m| m["role"] == "tool")
        .filter_map(|m| {
            m["content"]
                .as_str()
                .and_then(|c| serde_json::from_str(c).ok())
        })
        .collect();
    let reading = orderdeck_domain::assistant::read(text, Lang::Vi);
    if results.is_empty() {
        if let Some((name, mut args)) = choose(&reading, text)
            && offered.contains(name)
        {
            let mut name = name.to_string();
            let mut arguments = args.to_string();
            if faults.unknown_tool {
                name = "run_sql".into();
            } else if faults.extra_argument {
                args["sql"] = json!("select * from orders");
                arguments = args.to_string();
            } else if faults.broken_arguments {
                arguments = arguments[..arguments.len() / 2].to_string();
            }
            return json!({"role": "assistant", "content": null, "tool_calls": [{
                "id": format!("call_sim{id}"), "type": "function",
                "function": {"name": name, "arguments": arguments}}]});
        }
        let said = match reading.intent {
            Intent::Thanks => orderdeck_i18n::lookup(reading.lang, "assistant-thanks", None),
            _ => orderdeck_i18n::lookup(reading.lang, "assistant-greeting", None),
        };
        return json!({"role": "assistant", "content": said});
    }
    // The tools answered: say what they said (a real model rephrases; the checks are the
    // same either way). A tool that refused the arguments is tried once more, correctly.
    if results.iter().all(|r| r.get("error").is_some())
        && let Some((name, args)) = choose(&reading, text)
        && messages[last_user + 1..]
            .iter()
            .filter(|m| m["role"] == "tool")
            .count()
            < 2
    {
        return json!({"role": "assistant", "content": null, "tool_calls": [{
            "id": format!("call_sim{id}"), "type": "function",
            "function": {"name": name, "arguments": args.to_string()}}]});
    }
    let mut said: Vec<String> = results
        .iter()
        .filter_map(|r| r["text"].as_str().map(str::to_string))
        .collect();
    if said.is_empty() {
        said.push(orderdeck_i18n::lookup(
            reading.lang,
            "assistant-handover",
            None,
        ));
    }
    let mut reply = said.join("\n");
    if faults.invent_fact {
        reply.push_str(" Mã vận đơn: GHN8XK2Q91.");
    }
    json!({"role": "assistant", "content": reply})
}

/// The tool a message calls for, with its arguments; none for small talk.
fn choose(
    reading: &orderdeck_domain::assistant::Reading,
    text: &str,
) -> Option<(&'static str, Value)> {
    let slots = &reading.slots;
    if reading.intent == Intent::Person {
        return Some((
            "hand_to_person",
            json!({"reason": "the buyer is upset or asks for a person"}),
        ));
    }
    if reading.intent == Intent::OrderStatus || !slots.orders.is_empty() {
        let mut args = serde_json::Map::new();
        if !slots.orders.is_empty() {
            args.insert("order_numbers".into(), json!(slots.orders));
        }
        if let Some(p) = slots.phones.first() {
            args.insert("phone".into(), json!(p));
        }
        return Some(("look_up_orders", Value::Object(args)));
    }
    if reading.intent == Intent::ShippingFee {
        // A real model would pass the place alone ("Đà Nẵng"); passing the sentence is
        // the harder case for the tool, which finds the place in it either way.
        let mut args = json!({"place": text.chars().take(200).collect::<String>()});
        if let Some(q) = slots.quantity {
            args["quantity"] = json!(q);
        }
        return Some(("quote_shipping", args));
    }
    let topic = match reading.intent {
        Intent::Cod => Some("cod"),
        Intent::Returns => Some("returns"),
        Intent::Hours => Some("hours"),
        _ => None,
    };
    if let Some(topic) = topic {
        return Some(("shop_policy", json!({"topic": topic})));
    }
    match reading.intent {
        Intent::StockPrice | Intent::Buy => {
            let mut args = json!({"product": text.chars().take(200).collect::<String>()});
            if let Some(q) = slots.quantity {
                args["quantity"] = json!(q);
            }
            let tool = if reading.intent == Intent::Buy {
                "draft_order"
            } else {
                "check_stock"
            };
            Some((tool, args))
        }
        Intent::Greeting | Intent::Thanks => None,
        _ => Some((
            "hand_to_person",
            json!({"reason": "not something the tools answer"}),
        )),
    }
}
