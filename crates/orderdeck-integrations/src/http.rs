//! The HTTP plumbing the adapters share: building the client, sending a request, one
//! token cache for the providers that log in, and turning what goes wrong on the wire
//! into an error a person can act on.
//!
//! Nothing here logs headers or bodies: tokens and passwords travel in both.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::carrier::{CarrierError, CarrierLabel};

/// A held token and, when it has one, the moment to stop using it.
type HeldToken = Option<(Arc<str>, Option<Instant>)>;

/// One provider account's bearer token, shared by every clone of its client: fetched
/// when none is held (or it is past its use-by time), one log-in at a time — callers wait
/// for it instead of each logging in — and forgotten when the provider refuses it, unless
/// another call has already put a fresh one in its place.
#[derive(Clone, Default)]
pub struct TokenCache {
    slot: Arc<Mutex<HeldToken>>,
}

impl TokenCache {
    /// The held token, or a new one from `login` (the token and, when it has one, the
    /// moment to stop using it).
    pub async fn get<E, Fut>(&self, login: impl FnOnce() -> Fut) -> Result<Arc<str>, E>
    where
        Fut: Future<Output = Result<(Arc<str>, Option<Instant>), E>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((t, until)) = slot.as_ref()
            && until.is_none_or(|u| Instant::now() < u)
        {
            return Ok(t.clone());
        }
        let (fresh, until) = login().await?;
        *slot = Some((fresh.clone(), until));
        Ok(fresh)
    }

    /// Forgets `stale` unless another caller has already replaced it.
    pub async fn forget(&self, stale: &Arc<str>) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|(t, _)| Arc::ptr_eq(t, stale)) {
            *slot = None;
        }
    }
}

/// Used when the config does not say (`timeout_secs`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// No parcel comes near a trillion đồng: a bigger figure is a typo, not a price.
const MAX_VND: i64 = 1_000_000_000_000;

/// How much of an unreadable body goes into an error message.
const EXCERPT_CHARS: usize = 120;

pub fn timeout_from(secs: Option<u64>) -> Duration {
    match secs {
        Some(s) if s > 0 => Duration::from_secs(s),
        _ => DEFAULT_TIMEOUT,
    }
}

/// One client per carrier account; reqwest pools connections inside it, so clones are
/// cheap and share the pool.
pub fn build_client(
    carrier: &'static str,
    timeout: Duration,
) -> Result<reqwest::Client, CarrierError> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("orderdeck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| CarrierError::NotConfigured {
            carrier,
            detail: format!("cannot build the HTTP client: {}", error_chain(&e)),
        })
}

/// Checks a configured base URL and returns it without a trailing slash.
pub fn checked_base_url(
    carrier: &'static str,
    key: &str,
    raw: &str,
) -> Result<reqwest::Url, CarrierError> {
    let trimmed = raw.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err(CarrierError::NotConfigured {
            carrier,
            detail: format!("set {key}"),
        });
    }
    match reqwest::Url::parse(trimmed) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(url),
        _ => Err(CarrierError::NotConfigured {
            carrier,
            detail: format!("{key} must be an http(s) URL, not {trimmed:?}"),
        }),
    }
}

/// True for 127.0.0.0/8, ::1 and `localhost`: the simulator, never a real carrier.
pub fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What came back, read in full (the client timeout covers the body too).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub retry_after_secs: Option<u64>,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Sends the request; `path` is only for the debug log (never the query: print tokens).
pub async fn send(
    carrier: &'static str,
    path: &str,
    request: reqwest::RequestBuilder,
) -> Result<Reply, CarrierError> {
    tracing::debug!(carrier, path, "carrier call");
    let response = request
        .send()
        .await
        .map_err(|e| transport_error(carrier, e))?;
    let status = response.status();
    let headers = response.headers();
    let retry_after_secs = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(carrier, e))?
        .to_vec();
    tracing::debug!(carrier, path, status = status.as_u16(), "carrier reply");
    Ok(Reply {
        status,
        retry_after_secs,
        content_type,
        body,
    })
}

/// The request never got a complete answer.
pub fn transport_error(carrier: &'static str, e: reqwest::Error) -> CarrierError {
    // Without the URL: a print URL carries a token.
    let e = e.without_url();
    if e.is_timeout() {
        CarrierError::Timeout { carrier }
    } else if e.is_connect() {
        CarrierError::Network {
            carrier,
            detail: format!("connection failed ({})", root_cause(&e)),
        }
    } else {
        CarrierError::Network {
            carrier,
            detail: error_chain(&e),
        }
    }
}

/// Errors that do not depend on the body: rate limits and server trouble. Both are
/// transient; a 5xx after a create also leaves the outcome unknown.
pub fn status_error(carrier: &'static str, reply: &Reply) -> Option<CarrierError> {
    if reply.status == StatusCode::TOO_MANY_REQUESTS {
        return Some(CarrierError::RateLimited {
            carrier,
            // No Retry-After: a short pause is still better than hammering.
            retry_after_secs: reply.retry_after_secs.unwrap_or(1),
        });
    }
    if reply.status.is_server_error() {
        return Some(CarrierError::Unavailable {
            carrier,
            status: reply.status.as_u16(),
        });
    }
    None
}

/// Parses the body as JSON. `quiet` leaves the body out of the message (login replies
/// carry tokens).
pub fn json_body(carrier: &'static str, reply: &Reply, quiet: bool) -> Result<Value, CarrierError> {
    serde_json::from_slice(&reply.body).map_err(|e| {
        let mut detail = format!("HTTP {}, not JSON ({e})", reply.status.as_u16());
        if !quiet {
            detail.push_str(": ");
            detail.push_str(&excerpt(&reply.body));
        }
        CarrierError::Malformed { carrier, detail }
    })
}

/// Reads `value` as `T`, naming `what` when its shape is not the documented one.
pub fn decode<T: DeserializeOwned>(
    carrier: &'static str,
    what: &str,
    value: Value,
) -> Result<T, CarrierError> {
    serde_json::from_value(value).map_err(|e| CarrierError::Malformed {
        carrier,
        detail: format!("unexpected {what}: {e}"),
    })
}

/// The start of a body, on one line, for error messages.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty body)".to_string();
    }
    let mut out: String = flat.chars().take(EXCERPT_CHARS).collect();
    if flat.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Whether a refusal says our order code was already used. Neither carrier documents its
/// wording, so these are the plausible phrasings; "không tồn tại" ("does not exist") is
/// the opposite and does not match.
pub fn says_duplicate(message: &str) -> bool {
    let m = message.to_lowercase();
    ["đã tồn tại", "already exist", "duplicate", "trùng"]
        .iter()
        .any(|w| m.contains(w))
}

/// An amount for an API that counts whole đồng. Fractions, negatives and amounts beyond
/// what the API can carry are refused before anything is sent, so nothing is rounded
/// behind anyone's back.
pub fn to_vnd(carrier: &'static str, field: &str, amount: Decimal) -> Result<i64, CarrierError> {
    let not_sent = |why: String| CarrierError::Rejected {
        carrier,
        message: format!("not sent: {field} {why}"),
    };
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(not_sent(format!("is negative ({amount})")));
    }
    if amount.fract() != Decimal::ZERO {
        return Err(not_sent(format!("{amount} is not a whole number of đồng")));
    }
    amount
        .to_i64()
        .filter(|v| *v <= MAX_VND)
        .ok_or_else(|| not_sent(format!("{amount} is too large")))
}

/// An amount the carrier sent: an integer, a number with a zero fraction, or a numeric
/// string. Read through its text so no binary float touches money.
pub fn amount_from_json(
    carrier: &'static str,
    field: &str,
    value: &Value,
) -> Result<Decimal, CarrierError> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        Value::Null => return Ok(Decimal::ZERO),
        other => {
            return Err(CarrierError::Malformed {
                carrier,
                detail: format!("{field} is not an amount: {other}"),
            });
        }
    };
    let parsed = text
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&text));
    match parsed {
        Ok(d) if !d.is_sign_negative() || d.is_zero() => Ok(d.normalize()),
        _ => Err(CarrierError::Malformed {
            carrier,
            detail: format!("{field} is not an amount: {text}"),
        }),
    }
}

/// The print page: bytes on 2xx, an error naming the status otherwise.
pub fn label_from_reply(
    carrier: &'static str,
    url: String,
    reply: Reply,
) -> Result<CarrierLabel, CarrierError> {
    if let Some(e) = status_error(carrier, &reply) {
        return Err(e);
    }
    let status = reply.status.as_u16();
    if matches!(status, 401 | 403) {
        return Err(CarrierError::Auth {
            carrier,
            message: format!("print page HTTP {status}: {}", excerpt(&reply.body)),
        });
    }
    if !reply.status.is_success() {
        return Err(CarrierError::Rejected {
            carrier,
            message: format!("print page HTTP {status}: {}", excerpt(&reply.body)),
        });
    }
    if reply.body.is_empty() {
        return Err(CarrierError::Malformed {
            carrier,
            detail: "the print page was empty".into(),
        });
    }
    Ok(CarrierLabel {
        url,
        content_type: if reply.content_type.is_empty() {
            "application/octet-stream".to_string()
        } else {
            reply.content_type
        },
        bytes: reply.body,
    })
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// "outer: root" — the two ends of an error chain say the most.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let top = e.to_string();
    let root = root_cause(e);
    if root == top {
        top
    } else {
        format!("{top}: {root}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn whole_dong_only() {
        assert_eq!(to_vnd("X", "cod", dec!(250000)).unwrap(), 250_000);
        assert_eq!(to_vnd("X", "cod", dec!(250000.00)).unwrap(), 250_000);
        let e = to_vnd("X", "cod", dec!(12.5)).unwrap_err().to_string();
        assert!(e.contains("not a whole number"), "{e}");
        let e = to_vnd("X", "cod", dec!(-1)).unwrap_err().to_string();
        assert!(e.contains("negative"), "{e}");
        let e = to_vnd("X", "cod", dec!(99999999999999999999))
            .unwrap_err()
            .to_string();
        assert!(e.contains("too large"), "{e}");
    }

    #[test]
    fn amounts_from_json() {
        let j = serde_json::json!([36300, "36300", 36300.0, null, -5, "x"]);
        let a = j.as_array().unwrap();
        assert_eq!(amount_from_json("X", "f", &a[0]).unwrap(), dec!(36300));
        assert_eq!(amount_from_json("X", "f", &a[1]).unwrap(), dec!(36300));
        assert_eq!(amount_from_json("X", "f", &a[2]).unwrap(), dec!(36300));
        assert_eq!(amount_from_json("X", "f", &a[3]).unwrap(), dec!(0));
        assert!(amount_from_json("X", "f", &a[4]).is_err());
        assert!(amount_from_json("X", "f", &a[5]).is_err());
    }

    #[test]
    fn excerpts_are_short_and_flat() {
        assert_eq!(excerpt(b"  <html>\n<b>oops</b> "), "<html> <b>oops</b>");
        assert_eq!(excerpt(b""), "(empty body)");
        assert!(excerpt(&[b'a'; 500]).ends_with('…'));
    }
}
