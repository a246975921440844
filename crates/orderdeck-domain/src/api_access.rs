//! The order-intake API's rules of access: what a key may do (its scopes), the
//! `Idempotency-Key` header a client sends with `POST /v1/orders`, and the body's
//! fingerprint that tells a retry (same body) from a reuse of the key (another body).
//! Facts: `reference/customer-channels.md` §12.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// What an API key may do. A key holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// `POST /v1/orders`.
    OrdersWrite,
    /// `GET /v1/orders/{number}`.
    OrdersRead,
    /// `GET /v1/stock`.
    StockRead,
    /// `POST /v1/chat/messages`, `GET /v1/chat/messages`: the website's chat with buyers.
    ChatWrite,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::OrdersWrite,
        Scope::OrdersRead,
        Scope::StockRead,
        Scope::ChatWrite,
    ];

    /// The scope as written on the command line, stored, and named in a 403's
    /// `WWW-Authenticate: … scope="…"`.
    pub fn code(self) -> &'static str {
        match self {
            Scope::OrdersWrite => "orders:write",
            Scope::OrdersRead => "orders:read",
            Scope::StockRead => "stock:read",
            Scope::ChatWrite => "chat:write",
        }
    }

    /// A comma list (`orders:write,stock:read`; spaces around the commas allowed) as a
    /// sorted set without repeats. An empty list or an unknown scope is refused, naming it
    /// and the scopes there are.
    pub fn parse_list(text: &str) -> Result<Vec<Scope>, ScopeError> {
        let mut scopes = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            scopes.push(part.parse::<Scope>()?);
        }
        if scopes.is_empty() {
            return Err(ScopeError::Empty);
        }
        scopes.sort_unstable();
        scopes.dedup();
        Ok(scopes)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Scope {
    type Err = ScopeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Scope::ALL
            .into_iter()
            .find(|scope| scope.code() == s)
            .ok_or_else(|| ScopeError::Unknown(crate::text::visible(s).into_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-api-unknown-scope",
            scope = .0,
            known = Scope::ALL.map(Scope::code).join(", ")
        )
    )]
    Unknown(String),
    #[error(
        "{}",
        orderdeck_i18n::t!("err-api-no-scope", known = Scope::ALL.map(Scope::code).join(", "))
    )]
    Empty,
}

/// The longest `Idempotency-Key` taken: Stripe's limit (reference §12.2); the draft sets
/// none.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;

/// Why an `Idempotency-Key` header was refused. Data, not sentences: the API words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyKeyError {
    /// Nothing between the quotes, or an empty header.
    Empty,
    /// More than [`MAX_IDEMPOTENCY_KEY`] characters.
    TooLong(usize),
    /// A character outside visible ASCII (a space, a control, a non-ASCII letter), or a
    /// quote or backslash inside the key. The character as an escape (`\u{7}`).
    BadCharacter(String),
    /// A quote that opens and does not close (or the other way round), or text after the
    /// closing quote (parameters: `"k";a=1`, a second key: `"a", "b"`).
    BadQuoting,
}

/// Reads an `Idempotency-Key` header value into the key itself.
///
/// Two forms are taken: the draft's RFC 8941 sf-string (`"8e03978e-…"`), and the bare
/// token Stripe's clients send (`8e03978e-…`) (reference §12.1 and §12.2; both
/// "confirmed"). Either way the key is 1–255 visible ASCII characters. RFC 8941 lets an
/// sf-string carry `\"` and `\\` escapes; a key that needs them is refused rather than
/// unescaped, so the quoted and the bare form of one key are always the same key.
/// Parameters after the string (`;a=1`), which RFC 8941 allows on an item, are refused:
/// the draft defines none, and ignoring them would make two different headers one key.
pub fn parse_idempotency_key(header: &str) -> Result<String, IdempotencyKeyError> {
    // Optional whitespace around a field value is not part of it (RFC 9110 §5.5).
    let value = header.trim_matches([' ', '\t']);
    let key = match (value.strip_prefix('"'), value.ends_with('"')) {
        (Some(rest), true) if !rest.is_empty() => &rest[..rest.len() - 1],
        (Some(_), _) | (None, true) => return Err(IdempotencyKeyError::BadQuoting),
        (None, false) => value,
    };
    if key.is_empty() {
        return Err(IdempotencyKeyError::Empty);
    }
    if let Some(c) = key
        .chars()
        .find(|c| !c.is_ascii_graphic() || matches!(c, '"' | '\\'))
    {
        // A quote inside a quoted key means the string ended early and more followed.
        if c == '"' {
            return Err(IdempotencyKeyError::BadQuoting);
        }
        return Err(IdempotencyKeyError::BadCharacter(
            c.escape_default().to_string(),
        ));
    }
    if key.len() > MAX_IDEMPOTENCY_KEY {
        return Err(IdempotencyKeyError::TooLong(key.len()));
    }
    Ok(key.to_string())
}

/// The fingerprint of a request body: SHA-256 of its canonical JSON — parsed, then
/// written again with object keys sorted and no whitespace — so a client that re-sends the
/// same order with other spacing or key order is seen as retrying, not as reusing the
/// key for another order. A body that is not JSON is fingerprinted as its raw bytes.
///
/// The keys are sorted here rather than trusting `serde_json::Map`'s order: that is
/// insertion order whenever any crate in the build turns on serde_json's
/// `preserve_order`, and a fingerprint must not change with the dependency graph.
pub fn body_fingerprint(body: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => {
            let mut out = String::with_capacity(body.len());
            canonical(&value, &mut out);
            hasher.update(out.as_bytes());
        }
        Err(_) => hasher.update(body),
    }
    hasher.finalize().into()
}

fn canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// SHA-256 of an API token: what is stored and looked up (the token never is).
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The public prefix of a token of our shape (`odk_<prefix>_<secret>`), or `None` when
/// the text is not one (so it is refused without asking the database).
pub fn token_prefix(token: &str) -> Option<&str> {
    let rest = token.strip_prefix("odk_")?;
    let (prefix, secret) = rest.split_once('_')?;
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    (prefix.len() == 8
        && secret.len() >= 32
        && secret.len() <= 128
        && alnum(prefix)
        && alnum(secret))
    .then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_as_a_set_and_an_unknown_one_is_named() {
        assert_eq!(
            Scope::parse_list("stock:read, orders:write,stock:read"),
            Ok(vec![Scope::OrdersWrite, Scope::StockRead])
        );
        assert_eq!(
            Scope::parse_list("orders:write,orders:delete"),
            Err(ScopeError::Unknown("orders:delete".into()))
        );
        let said = Scope::parse_list("orders:delete").unwrap_err().to_string();
        assert!(said.contains("orders:delete"), "{said}");
        assert_eq!(Scope::parse_list(" , "), Err(ScopeError::Empty));
        for s in Scope::ALL {
            assert_eq!(s.code().parse::<Scope>(), Ok(s));
        }
    }

    #[test]
    fn the_drafts_quoted_key_and_stripes_bare_key_are_the_same_key() {
        let uuid = "8e03978e-40d5-43e8-bc93-6894a57f9324";
        assert_eq!(
            parse_idempotency_key(&format!("\"{uuid}\"")).as_deref(),
            Ok(uuid)
        );
        assert_eq!(parse_idempotency_key(uuid).as_deref(), Ok(uuid));
        assert_eq!(
            parse_idempotency_key(&format!(" {uuid}\t")).as_deref(),
            Ok(uuid)
        );
        assert_eq!(
            parse_idempotency_key(&"k".repeat(255)).map(|k| k.len()),
            Ok(255)
        );
    }

    #[test]
    fn a_bad_key_says_what_is_wrong() {
        use IdempotencyKeyError::*;
        assert_eq!(parse_idempotency_key(""), Err(Empty));
        assert_eq!(parse_idempotency_key("\"\""), Err(Empty));
        assert_eq!(parse_idempotency_key("\""), Err(BadQuoting));
        assert_eq!(parse_idempotency_key("\"abc"), Err(BadQuoting));
        assert_eq!(parse_idempotency_key("abc\""), Err(BadQuoting));
        assert_eq!(parse_idempotency_key("\"a\";x=1"), Err(BadQuoting));
        assert_eq!(parse_idempotency_key("\"a\", \"b\""), Err(BadQuoting));
        assert_eq!(
            parse_idempotency_key("two words"),
            Err(BadCharacter(" ".into()))
        );
        assert_eq!(
            parse_idempotency_key("bell\u{7}"),
            Err(BadCharacter("\\u{7}".into()))
        );
        assert_eq!(
            parse_idempotency_key("khóa"),
            Err(BadCharacter("\\u{f3}".into()))
        );
        assert_eq!(
            parse_idempotency_key("a\\b"),
            Err(BadCharacter("\\\\".into()))
        );
        assert_eq!(parse_idempotency_key(&"k".repeat(256)), Err(TooLong(256)));
    }

    #[test]
    fn the_fingerprint_ignores_spacing_and_key_order_but_not_values() {
        let a = body_fingerprint(br#"{"channel":"website","lines":[{"sku":"A","qty":1}]}"#);
        let b = body_fingerprint(
            b"{ \"lines\" : [ {\"qty\": 1, \"sku\": \"A\"} ],\n  \"channel\": \"website\" }",
        );
        assert_eq!(a, b);
        let c = body_fingerprint(br#"{"channel":"website","lines":[{"sku":"A","qty":2}]}"#);
        assert_ne!(a, c);
        // Array order is the order's line order: it matters.
        let d = body_fingerprint(br#"{"lines":[1,2]}"#);
        let e = body_fingerprint(br#"{"lines":[2,1]}"#);
        assert_ne!(d, e);
        // Not JSON: the bytes themselves.
        assert_eq!(body_fingerprint(b"not json"), body_fingerprint(b"not json"));
        assert_ne!(
            body_fingerprint(b"not json"),
            body_fingerprint(b"not  json")
        );
    }

    #[test]
    fn only_tokens_of_our_shape_have_a_prefix() {
        let secret = "a".repeat(32);
        assert_eq!(
            token_prefix(&format!("odk_AbCd1234_{secret}")),
            Some("AbCd1234")
        );
        assert_eq!(token_prefix(&format!("odk_AbCd123_{secret}")), None);
        assert_eq!(token_prefix("odk_AbCd1234_short"), None);
        assert_eq!(token_prefix(&format!("xyz_AbCd1234_{secret}")), None);
        assert_eq!(token_prefix(&format!("odk_AbCd1234_{secret}!")), None);
    }
}
