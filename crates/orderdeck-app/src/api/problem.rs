//! Every refusal of the API as an RFC 9457 problem document (`application/problem+json`):
//! `{type, title, status, detail, errors: [{field, pointer, message}]}`.
//!
//! In English, whatever language the shop's consoles speak: the reader is a program and
//! the developer who wrote it, who may be anywhere, and an answer that changed language
//! with the server's config would change under a client that logs or shows it. The texts
//! still come from the catalogues (`err-api-…`, looked up in English), so they are worded
//! and reviewed with the rest. Programs should match on `type` and `status`, never on text.
//!
//! Nothing from a request is echoed raw: every value is passed through
//! [`orderdeck_domain::text::visible`], so a control character a client sent comes back as
//! the text `\u{1b}`, never as the character (a log viewer or terminal would act on it).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use orderdeck_domain::intake::FieldError;
use orderdeck_domain::text::visible;

/// Looks a message up in English (see the module doc): `en!("err-api-…", name = value)`.
macro_rules! en {
    ($id:expr) => {
        orderdeck_i18n::lookup(orderdeck_i18n::Lang::En, $id, None)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let _en = orderdeck_i18n::scoped(orderdeck_i18n::Lang::En);
        let mut args = orderdeck_i18n::FluentArgs::new();
        $(args.set(stringify!($name), orderdeck_i18n::Arg::arg(&$value));)+
        orderdeck_i18n::lookup(orderdeck_i18n::Lang::En, $id, Some(&args))
    }};
}
pub(crate) use en;

/// The media type of every refusal.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem with one part of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field as the order JSON names it (`lines[0].sku`), or a query parameter or
    /// header (`sku`, `Idempotency-Key`).
    pub field: String,
    /// RFC 6901 JSON Pointer into the request body (`/lines/0/sku`); null for a query
    /// parameter or a header.
    pub pointer: Option<String>,
    pub message: String,
}

impl FieldProblem {
    /// A field of the JSON body.
    pub fn body(field: &str, message: &str) -> FieldProblem {
        FieldProblem {
            field: visible(field).into_owned(),
            pointer: Some(pointer(field)),
            message: visible(message).into_owned(),
        }
    }

    /// A query parameter or header.
    pub fn outside(field: &str, message: &str) -> FieldProblem {
        FieldProblem {
            field: field.to_string(),
            pointer: None,
            message: visible(message).into_owned(),
        }
    }
}

impl From<&FieldError> for FieldProblem {
    fn from(e: &FieldError) -> Self {
        FieldProblem::body(&e.field, &e.message)
    }
}

/// `lines[0].sku` → `/lines/0/sku` (RFC 6901, `~` and `/` escaped); `.` or empty → ``
/// (the whole document).
pub fn pointer(field: &str) -> String {
    let mut out = String::new();
    for part in field.split(['.', '[', ']']).filter(|p| !p.is_empty()) {
        out.push('/');
        out.push_str(&part.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// A problem document and the headers that go with it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    /// The last part of the type URI: `urn:orderdeck:problem:<kind>`.
    pub kind: &'static str,
    pub detail: String,
    pub errors: Vec<FieldProblem>,
    /// `WWW-Authenticate` on a 401 or 403 (RFC 6750).
    pub www_authenticate: Option<String>,
    /// `Retry-After` seconds on a 409 in flight or a 503.
    pub retry_after: Option<u32>,
    /// Close the connection after answering: the request's body was not read to its end
    /// (too large, too slow), so what follows on the connection is not a request.
    pub close: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    errors: &'a [FieldProblem],
}

impl Problem {
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            kind,
            detail: visible(&detail.into()).into_owned(),
            errors: Vec::new(),
            www_authenticate: None,
            retry_after: None,
            close: false,
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldProblem>) -> Problem {
        self.errors = errors;
        self
    }

    pub fn field(self, error: FieldProblem) -> Problem {
        self.with_errors(vec![error])
    }

    /// The type URI. A URN, not a web address: there is no page to fetch, and a URL that
    /// answers 404 would look like a broken link (RFC 9457 §3.1.1 allows either).
    pub fn type_uri(kind: &str) -> String {
        format!("urn:orderdeck:problem:{kind}")
    }

    /// The body as bytes (for tests and for the OpenAPI example).
    pub fn body(&self) -> Vec<u8> {
        // The title is HTTP's own reason phrase for the status: the summary RFC 9457 asks
        // for, in the protocol's words; what went wrong is in `detail` and `errors`.
        let title = self.status.canonical_reason().unwrap_or("Error");
        serde_json::to_vec(&Document {
            kind: Problem::type_uri(self.kind),
            title,
            status: self.status.as_u16(),
            detail: &self.detail,
            errors: &self.errors,
        })
        .unwrap_or_default()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body()).into_response();
        let h = response.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(value) = self
            .www_authenticate
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            h.insert(header::WWW_AUTHENTICATE, value);
        }
        if let Some(secs) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.close {
            h.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// 500: something of ours failed (the database went away); logged, not shown.
pub fn internal(what: &str, e: &dyn std::fmt::Display) -> Problem {
    tracing::warn!("intake API: {what}: {e}");
    let mut p = Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        en!("err-api-unavailable"),
    );
    p.retry_after = Some(1);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_become_json_pointers() {
        assert_eq!(pointer("lines[0].sku"), "/lines/0/sku");
        assert_eq!(pointer("customer.phone"), "/customer/phone");
        assert_eq!(pointer("a/b~c"), "/a~1b~0c");
        assert_eq!(pointer("."), "");
    }

    #[test]
    fn nothing_from_outside_is_echoed_raw() {
        let p = Problem::new(StatusCode::BAD_REQUEST, "x", "bad \u{1b}[2J")
            .field(FieldProblem::body("lines[0].sku", "unknown SKU \u{7}"));
        let body: serde_json::Value = serde_json::from_slice(&p.body()).unwrap();
        assert_eq!(body["detail"], "bad \\u{1b}[2J");
        assert_eq!(body["errors"][0]["message"], "unknown SKU \\u{7}");
        assert_eq!(body["errors"][0]["pointer"], "/lines/0/sku");
        assert_eq!(body["type"], "urn:orderdeck:problem:x");
        assert_eq!(body["title"], "Bad Request");
    }
}
