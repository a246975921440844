//! Lazada's authorisation on the simulated platform: codes, access and refresh tokens.

use super::*;

pub(super) fn token_reply(
    state: &SimState,
    access: String,
    refresh: String,
    refresh_until: DateTime<Utc>,
) -> Response {
    let now = Utc::now();
    axum::Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": ACCESS_DAYS * 86_400,
        "refresh_expires_in": (refresh_until - now).num_seconds().max(0),
        "country": "vn",
        "account_platform": "seller_center",
        "account": "shop@example.vn",
        "country_user_info": [{
            "country": "vn",
            "seller_id": SELLER_ID.to_string(),
            "user_id": "300012345",
            "short_code": "VN1AB2CD",
        }],
        "code": "0",
        "request_id": request_id(state),
    }))
    .into_response()
}

pub(super) async fn token_create(
    State(state): State<Arc<SimState>>,
    method: Method,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    let p = match admit(&state, &method, q, &raw, "/auth/token/create", false) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let Some(code) = first(&p, "code").map(str::to_string) else {
        return isv(&state, "MissingParameter", "code is missing");
    };
    let now = Utc::now();
    let mut store = lock(&state.lazada);
    match store.codes.remove(&code) {
        Some(until) if until > now => {
            let refresh_until = now + Duration::days(REFRESH_DAYS);
            let (a, r) = store.issue(now, refresh_until);
            drop(store);
            token_reply(&state, a, r, refresh_until)
        }
        _ => {
            drop(store);
            isv(&state, "InvalidCode", "Invalid authorization code")
        }
    }
}

pub(super) async fn token_refresh(
    State(state): State<Arc<SimState>>,
    method: Method,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    let p = match admit(&state, &method, q, &raw, "/auth/token/refresh", false) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let Some(token) = first(&p, "refresh_token").map(str::to_string) else {
        return isv(&state, "MissingParameter", "refresh_token is missing");
    };
    let now = Utc::now();
    let mut store = lock(&state.lazada);
    match store.refresh.remove(&token) {
        Some((until, _old_access)) if until > now => {
            store.refreshes += 1;
            // The access lifetime resets; the refresh lifetime does not.
            let (a, r) = store.issue(now, until);
            drop(store);
            token_reply(&state, a, r, until)
        }
        _ => {
            drop(store);
            isv(
                &state,
                "IllegalRefreshToken",
                "The specified refresh token is invalid or expired",
            )
        }
    }
}
