//! What Lazada's fulfilment and reverse-order APIs answer (reference A2.0–A2.9): the
//! `result` envelope, per-item codes, and the wire shapes, read leniently (ids and flags
//! come as numbers or strings).

use super::*;

/// `result` of a fulfilment reply when the whole call went through. `success:false`
/// (the whole batch failed) becomes the refusal; `success:true` still needs every
/// `item_err_code` read (A2.0 partial success).
pub(super) fn result_of(v: &Value) -> ChannelResult<&Value> {
    let r = v
        .get("result")
        .filter(|r| r.is_object())
        .ok_or_else(|| malformed("a fulfilment reply without result"))?;
    let success = match r.get("success") {
        Some(Value::Bool(b)) => *b,
        // The reverse-order list's sample writes "true".
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => return Err(malformed("a fulfilment result without success")),
    };
    if success {
        return Ok(r);
    }
    let code = r.get("error_code").map(id_text).unwrap_or_default();
    let message = r
        .get("error_msg")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    Err(fulfil_refusal(&code, message))
}

/// A refusal of a whole call or of one item. Lazada marks `6` SYSTEM_ERROR, `40011`
/// RPC_ERROR and `700024` lock failure "retry" (A2.3): they are transient, and as
/// nothing says the call was not carried out, the outcome counts as unknown (the caller
/// looks before trying again).
pub(super) fn fulfil_refusal(code: &str, message: String) -> ChannelError {
    let code = code.trim();
    match code {
        "6" | "40011" | "700024" => ChannelError::Transport {
            channel: CHANNEL,
            detail: format!("Lazada asks to try again ({code}: {message})"),
        },
        "" => malformed(format!("a refusal without error_code: {message}")),
        _ => ChannelError::Rejected {
            channel: CHANNEL,
            code: code.to_string(),
            message: if message.is_empty() {
                code.to_string()
            } else {
                message
            },
        },
    }
}

/// `result.data`, required.
pub(super) fn data_of(v: &Value) -> ChannelResult<Value> {
    result_of(v)?
        .get("data")
        .filter(|d| !d.is_null())
        .cloned()
        .ok_or_else(|| malformed("a fulfilment result without data"))
}

/// An item or package answer's code: "0" is done.
pub(super) fn item_ok(code: &Value) -> bool {
    id_text(code) == "0"
}

#[derive(Deserialize, Default)]
pub(super) struct Providers {
    #[serde(default)]
    pub(super) platform_default: Value,
    #[serde(default)]
    pub(super) shipment_providers: Vec<ProviderEntry>,
    #[serde(default)]
    pub(super) shipping_allocate_type: String,
}

#[derive(Deserialize)]
pub(super) struct ProviderEntry {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) provider_code: String,
}

#[derive(Deserialize)]
pub(super) struct Packed {
    #[serde(default)]
    pub(super) pack_order_list: Vec<PackedOrder>,
}

#[derive(Deserialize)]
pub(super) struct PackedOrder {
    pub(super) order_id: Value,
    #[serde(default)]
    pub(super) order_item_list: Vec<PackedItem>,
}

#[derive(Deserialize)]
pub(super) struct PackedItem {
    #[serde(default)]
    pub(super) order_item_id: Value,
    #[serde(default)]
    pub(super) item_err_code: Value,
    #[serde(default)]
    pub(super) msg: Value,
    #[serde(default)]
    pub(super) tracking_number: Value,
    #[serde(default)]
    pub(super) shipment_provider: Value,
    #[serde(default)]
    pub(super) package_id: Value,
}

#[derive(Deserialize)]
pub(super) struct ReadyPackages {
    #[serde(default)]
    pub(super) packages: Vec<ReadyPackage>,
}

#[derive(Deserialize)]
pub(super) struct ReadyPackage {
    #[serde(default)]
    pub(super) package_id: Value,
    #[serde(default)]
    pub(super) item_err_code: Value,
    #[serde(default)]
    pub(super) msg: Value,
}

#[derive(Deserialize, Default)]
pub(super) struct AwbDocument {
    #[serde(default)]
    pub(super) pdf_url: Value,
    #[serde(default)]
    pub(super) file: Value,
}

#[derive(Deserialize, Default)]
pub(super) struct ReverseList {
    #[serde(default)]
    pub(super) total: Value,
    #[serde(default)]
    pub(super) items: Vec<ReverseOrder>,
}

#[derive(Deserialize)]
pub(super) struct ReverseOrder {
    pub(super) reverse_order_id: Value,
    #[serde(default)]
    pub(super) trade_order_id: Value,
    #[serde(default)]
    pub(super) request_type: String,
    #[serde(default)]
    pub(super) reverse_order_lines: Vec<ReverseLine>,
}

#[derive(Deserialize)]
pub(super) struct ReverseLine {
    #[serde(default)]
    pub(super) reverse_status: String,
    #[serde(default)]
    pub(super) reason_text: String,
    #[serde(default)]
    pub(super) sla: Value,
}

/// A number sent as a number or a string of digits.
pub(super) fn whole(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}
