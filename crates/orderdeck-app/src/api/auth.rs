//! `Authorization: Bearer <token>` (RFC 6750, reference §12.3).
//!
//! | request | answer |
//! |---|---|
//! | no `Authorization`, or another scheme | 401, `WWW-Authenticate: Bearer realm="orderdeck"` (no `error`: nothing was tried) |
//! | a token that is not ours, unknown or revoked | 401, `… error="invalid_token", error_description="…"` |
//! | a live key without the scope the route needs | 403, `… error="insufficient_scope", scope="…"` |

use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode, header};

use orderdeck_domain::api_access::{Scope, token_hash, token_prefix};
use orderdeck_store::api_keys::{self, LiveKey};

use super::ApiState;
use super::problem::{Problem, en, internal};

/// The key a request came with, checked live.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key: LiveKey,
    pub scopes: Vec<Scope>,
}

impl Caller {
    /// `api:<key name>`: how the order's timeline names who sent it.
    pub fn actor(&self) -> String {
        format!("api:{}", self.key.name)
    }

    /// 403 unless the key holds `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Problem> {
        if self.scopes.contains(&scope) {
            return Ok(());
        }
        let mut p = Problem::new(
            StatusCode::FORBIDDEN,
            "insufficient-scope",
            en!("err-api-insufficient-scope", scope = scope.code()),
        );
        p.www_authenticate = Some(format!(
            "Bearer realm=\"orderdeck\", error=\"insufficient_scope\", scope=\"{}\"",
            scope.code()
        ));
        Err(p)
    }
}

/// How often a key's `last_used_at` is written at most: to the minute is what a person
/// reading `orderdeck keys list` needs, and a busy client then costs one write a minute,
/// not one per order.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The key of this request, looked up in the database.
///
/// Looked up on EVERY request, never cached: a revoked key must be refused at once by
/// every process that serves the API (`orderdeck serve` on several machines, `worker
/// --listen`), and a cache in each would keep a leaked key working until it expired —
/// while revoking is what a seller does when a key has leaked. The look-up is one probe of
/// a unique index, small beside the order's own write.
pub async fn authenticate(state: &ApiState, headers: &HeaderMap) -> Result<Caller, Problem> {
    let Some(token) = bearer(headers) else {
        let mut p = Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            en!("err-api-no-token"),
        );
        p.www_authenticate = Some("Bearer realm=\"orderdeck\"".into());
        return Err(p);
    };
    let invalid = || {
        let mut p = Problem::new(
            StatusCode::UNAUTHORIZED,
            "invalid-token",
            en!("err-api-invalid-token"),
        );
        p.www_authenticate = Some(
            "Bearer realm=\"orderdeck\", error=\"invalid_token\", \
             error_description=\"unknown or revoked API key\""
                .into(),
        );
        p
    };
    // A text that cannot be one of our tokens is refused without a query.
    if token_prefix(token).is_none() {
        return Err(invalid());
    }
    let key = api_keys::authenticate(&state.pool, &token_hash(token))
        .await
        .map_err(|e| internal("key look-up", &e))?
        .ok_or_else(invalid)?;
    // A scope the database holds but this build does not know grants nothing.
    let scopes = key.scopes.iter().filter_map(|s| s.parse().ok()).collect();
    touch(state, key.id);
    Ok(Caller { key, scopes })
}

/// The token of `Authorization: Bearer <token>`; the scheme is case-insensitive
/// (RFC 9110 §11.1). `None` when there is no such header or it is another scheme.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Writes the key's last use when it was last written over [`TOUCH_EVERY`] ago (by this
/// process), in the background: the request does not wait for it.
fn touch(state: &ApiState, id: i64) {
    let due = state.shared.touched.lock().is_ok_and(|mut seen| {
        let now = Instant::now();
        match seen.get(&id) {
            Some(at) if now.duration_since(*at) < TOUCH_EVERY => false,
            _ => {
                seen.insert(id, now);
                true
            }
        }
    });
    if due {
        let pool = state.pool.clone();
        tokio::spawn(async move {
            if let Err(e) = api_keys::touch(&pool, id).await {
                tracing::warn!("intake API: cannot note a key's last use: {e}");
            }
        });
    }
}
