//! Reading request bodies the way a strict carrier gateway would: each problem is named.

use serde_json::Value;

/// A JSON object body, or a message saying why not.
pub(crate) fn object(bytes: &[u8]) -> Result<Value, String> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("Syntax error: body is not JSON ({e})"))?;
    if v.is_object() {
        Ok(v)
    } else {
        Err("Syntax error: body must be a JSON object".to_string())
    }
}

/// A non-blank string field.
pub(crate) fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(crate) fn required_text(v: &Value, key: &str) -> Result<String, String> {
    text(v, key).ok_or_else(|| format!("{key} is required"))
}

/// An integer field: absent is `None`, anything but a whole number is an error.
pub(crate) fn int(v: &Value, key: &str) -> Result<Option<i64>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| format!("{key} must be a whole number, not {n}")),
        Some(other) => Err(format!("{key} must be a number, not {other}")),
    }
}

pub(crate) fn required_int(v: &Value, key: &str) -> Result<i64, String> {
    int(v, key)?.ok_or_else(|| format!("{key} is required"))
}

/// An integer field within `min..=max` (absent = 0 when `min` is 0).
pub(crate) fn int_in(v: &Value, key: &str, min: i64, max: i64) -> Result<i64, String> {
    let n = match int(v, key)? {
        Some(n) => n,
        None if min <= 0 => 0,
        None => return Err(format!("{key} is required")),
    };
    if n < min || n > max {
        return Err(format!("{key} must be between {min} and {max} (got {n})"));
    }
    Ok(n)
}

/// A list of strings (`order_codes`, `ORDER_ARRAY`).
pub(crate) fn strings(v: &Value, key: &str) -> Result<Vec<String>, String> {
    let list = v
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{key} must be a list"))?;
    let out: Vec<String> = list
        .iter()
        .filter_map(Value::as_str)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if out.is_empty() || out.len() != list.len() {
        return Err(format!("{key} must be a non-empty list of codes"));
    }
    Ok(out)
}

/// An `application/x-www-form-urlencoded` body as name/value pairs.
pub(crate) fn form_pairs(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "form body is not UTF-8".to_string())?;
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((percent_decode(k)?, percent_decode(v)?))
        })
        .collect()
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent escape in {s:?}"))?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "form value is not UTF-8".to_string())
}
