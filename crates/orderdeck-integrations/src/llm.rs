//! A client of any OpenAI-compatible Chat Completions endpoint with tool calling
//! (reference: customer-channels.md §6): a local Ollama (`http://localhost:11434/v1`),
//! llama.cpp's `llama-server`, vLLM, or a hosted one.
//!
//! It speaks the non-streaming form only: the desk needs the whole reply before it can
//! check its facts, so streaming would save nothing. `tool_choice` is left out of the
//! request (its default with tools is `auto`), because Ollama refuses the field (§6.4).
//!
//! What comes back is read strictly: a choice, an assistant message, each tool call with
//! an id, the type `function`, a name and its `arguments` as a JSON *string* (§6.2) —
//! whether those arguments fit the tool's schema is the caller's to check, since a model
//! may invent fields or write invalid JSON.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::marketplace::Secret;

/// `[assistant.model]`: where the language model is and which one to use.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// The API's base, ending in `/v1` (`http://localhost:11434/v1` for Ollama).
    pub base_url: String,
    /// The model's id (`qwen2.5:7b-instruct`, `gpt-4o-mini`, …).
    pub model: String,
    /// The API key, when the server wants one (`Authorization: Bearer …`). Local servers
    /// usually need none.
    #[serde(default)]
    pub api_key: Option<String>,
    /// Seconds to wait for one completion (default 30: a local model on a CPU is slow).
    #[serde(default)]
    pub timeout_secs: Option<u64>,
}

impl std::fmt::Debug for ModelConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelConfig")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "…"))
            .finish()
    }
}

/// One message of the conversation sent to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Message {
    System {
        content: String,
    },
    User {
        content: String,
    },
    /// The model's own turn, sent back unchanged (§6.2 "next turn").
    Assistant {
        content: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<ToolCall>,
    },
    /// What one tool call returned.
    Tool {
        tool_call_id: String,
        content: String,
    },
}

/// A call the model asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub function: FunctionCall,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionCall {
    pub name: String,
    /// A JSON document as a string, exactly as the model wrote it.
    pub arguments: String,
}

/// A tool the model may call: its name, what it is for, and its arguments' JSON Schema.
#[derive(Debug, Clone)]
pub struct Tool {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: Value,
}

/// The model's answer to one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// Text for the buyer (none when it only calls tools).
    pub content: Option<String>,
    pub tool_calls: Vec<ToolCall>,
    /// `stop`, `tool_calls`, `length`, `content_filter`.
    pub finish_reason: String,
}

impl Completion {
    /// The assistant message to send back before the tool results.
    pub fn as_message(&self) -> Message {
        Message::Assistant {
            content: self.content.clone(),
            tool_calls: self.tool_calls.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("the language model could not be reached: {0}")]
    Transport(String),
    #[error("the language model refused ({status}): {message}")]
    Refused { status: u16, message: String },
    #[error("the language model answered something unreadable: {0}")]
    Unreadable(String),
}

/// The client for one endpoint and model.
#[derive(Clone)]
pub struct ModelClient {
    http: reqwest::Client,
    url: String,
    model: String,
    key: Option<Secret>,
}

impl std::fmt::Debug for ModelClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelClient")
            .field("url", &self.url)
            .field("model", &self.model)
            .finish()
    }
}

impl ModelClient {
    pub fn new(config: &ModelConfig) -> Result<ModelClient, String> {
        let base = config.base_url.trim().trim_end_matches('/');
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("base_url must be an http(s) URL, not {base:?}"));
        }
        if config.model.trim().is_empty() {
            return Err("set model (the model's id on that server)".into());
        }
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(Duration::from_secs(
                config.timeout_secs.unwrap_or(30).max(1),
            ))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(ModelClient {
            http,
            url: format!("{base}/chat/completions"),
            model: config.model.trim().to_string(),
            key: config
                .api_key
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(Secret::new),
        })
    }

    /// One completion: the conversation so far and the tools the model may call.
    pub async fn complete(
        &self,
        messages: &[Message],
        tools: &[Tool],
    ) -> Result<Completion, ModelError> {
        let tools: Vec<Value> = tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": t.parameters}})
            })
            .collect();
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            // Answers about orders and stock should not vary run to run.
            "temperature": 0,
        });
        if !tools.is_empty() {
            body["tools"] = Value::Array(tools);
        }
        let mut request = self.http.post(&self.url).json(&body);
        if let Some(key) = &self.key {
            request = request.bearer_auth(key.expose());
        }
        let reply = request
            .send()
            .await
            .map_err(|e| ModelError::Transport(crate::http::error_chain(&e)))?;
        let status = reply.status();
        let bytes = reply
            .bytes()
            .await
            .map_err(|e| ModelError::Transport(crate::http::error_chain(&e)))?;
        if !status.is_success() {
            return Err(ModelError::Refused {
                status: status.as_u16(),
                message: error_message(&bytes),
            });
        }
        parse_completion(&bytes)
    }
}

/// The `error.message` of an OpenAI-style error body, or the start of whatever came.
fn error_message(bytes: &[u8]) -> String {
    let parsed: Option<Value> = serde_json::from_slice(bytes).ok();
    let text = parsed
        .as_ref()
        .and_then(|v| v.pointer("/error/message").or_else(|| v.get("error")))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned());
    orderdeck_domain::text::visible(&text).into_owned()
}

/// Reads a `chat.completion` strictly (§6.2).
pub fn parse_completion(bytes: &[u8]) -> Result<Completion, ModelError> {
    let bad = |why: &str| ModelError::Unreadable(why.to_string());
    let v: Value = serde_json::from_slice(bytes).map_err(|e| bad(&format!("not JSON: {e}")))?;
    let choice = v
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
        .ok_or_else(|| bad("no choices"))?;
    let message = choice.get("message").ok_or_else(|| bad("no message"))?;
    if message.get("role").and_then(Value::as_str) != Some("assistant") {
        return Err(bad("the message is not the assistant's"));
    }
    let content = match message.get("content") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad("content is not a string")),
    };
    let tool_calls = match message.get("tool_calls") {
        None | Some(Value::Null) => Vec::new(),
        Some(calls) => serde_json::from_value::<Vec<ToolCall>>(calls.clone())
            .map_err(|e| bad(&format!("tool_calls: {e}")))?,
    };
    for call in &tool_calls {
        if call.kind != "function" || call.id.is_empty() || call.function.name.is_empty() {
            return Err(bad(
                "a tool call without an id, a name or the type function",
            ));
        }
    }
    let finish_reason = choice
        .get("finish_reason")
        .and_then(Value::as_str)
        .unwrap_or("stop")
        .to_string();
    if content.is_none() && tool_calls.is_empty() {
        return Err(bad("neither text nor tool calls"));
    }
    Ok(Completion {
        content,
        tool_calls,
        finish_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_tool_call_and_sends_it_back_unchanged() {
        let body = br#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m",
          "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
          "tool_calls":[{"id":"call_1","type":"function","function":{"name":"look_up_orders","arguments":"{\"phone\":\"0901234567\"}"}}]}}]}"#;
        let c = parse_completion(body).expect("a completion");
        assert_eq!(c.finish_reason, "tool_calls");
        assert_eq!(c.tool_calls[0].function.name, "look_up_orders");
        let back = serde_json::to_value(c.as_message()).expect("json");
        assert_eq!(back["role"], "assistant");
        assert_eq!(back["content"], Value::Null);
        assert_eq!(back["tool_calls"][0]["id"], "call_1");
        assert_eq!(
            back["tool_calls"][0]["function"]["arguments"],
            "{\"phone\":\"0901234567\"}"
        );
        let tool = serde_json::to_value(Message::Tool {
            tool_call_id: "call_1".into(),
            content: "{}".into(),
        })
        .expect("json");
        assert_eq!(
            tool,
            json!({"role": "tool", "tool_call_id": "call_1", "content": "{}"})
        );
    }

    #[test]
    fn refuses_what_is_not_a_completion() {
        for body in [
            &b"not json"[..],
            br#"{"choices":[]}"#,
            br#"{"choices":[{"message":{"role":"user","content":"x"}}]}"#,
            br#"{"choices":[{"message":{"role":"assistant","content":null}}]}"#,
            br#"{"choices":[{"message":{"role":"assistant","content":3}}]}"#,
            br#"{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"x","arguments":{"a":1}}}]}}]}"#,
            br#"{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"","type":"function","function":{"name":"x","arguments":"{}"}}]}}]}"#,
        ] {
            assert!(
                parse_completion(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn an_error_body_gives_its_message_with_control_characters_shown() {
        assert_eq!(
            error_message(br#"{"error":{"message":"model \u001b[31mx not found","type":"invalid_request_error"}}"#),
            orderdeck_domain::text::visible("model \u{1b}[31mx not found")
        );
        assert_eq!(error_message(br#"{"error":"bad"}"#), "bad");
    }
}
