//! Shopee's authorisation on the simulated platform: the consent link, codes, access and
//! refresh tokens.

use super::*;

pub(super) fn token_reply(state: &SimState, access: String, refresh: String) -> Response {
    reply_json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "expire_in": ACCESS_HOURS * 3_600,
        "error": "",
        "message": "",
        "request_id": request_id(state),
        "shop_id_list": [SHOP_ID],
        "merchant_id_list": [],
    }))
}

/// The partner and shop in a token call's body.
pub(super) fn check_body_ids(state: &SimState, v: &Value) -> Option<Response> {
    match body::int(v, "partner_id") {
        Ok(Some(PARTNER_ID)) => {}
        Ok(_) => return Some(param_error(state, "partner_id in the body does not match")),
        Err(e) => return Some(param_error(state, &e)),
    }
    match body::int(v, "shop_id") {
        Ok(Some(SHOP_ID)) => None,
        Ok(Some(_)) => Some(fail(
            state,
            StatusCode::FORBIDDEN,
            "error_auth",
            "Invalid partner_id or shopid.",
        )),
        Ok(None) => Some(param_error(state, "shop_id is required")),
        Err(e) => Some(param_error(state, &e)),
    }
}

pub(super) async fn token_get(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_TOKEN_GET, false) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    if let Some(r) = check_body_ids(&state, &v) {
        return r;
    }
    let Some(code) = body::text(&v, "code") else {
        return param_error(&state, "code is required");
    };
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    match store.codes.remove(&code) {
        Some(until) if until > now => {
            let (access, refresh) = store.issue(now);
            drop(store);
            token_reply(&state, access, refresh)
        }
        _ => {
            drop(store);
            fail(
                &state,
                StatusCode::FORBIDDEN,
                "invalid_code",
                "Invalid code.",
            )
        }
    }
}

pub(super) async fn token_refresh(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_TOKEN_REFRESH, false) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    if let Some(r) = check_body_ids(&state, &v) {
        return r;
    }
    let Some(refresh) = body::text(&v, "refresh_token") else {
        return param_error(&state, "refresh_token is required");
    };
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    // Single use: the token is gone whatever happens next.
    match store.refresh.remove(&refresh) {
        Some((until, old_access)) if until > now => {
            let grace = now + Duration::minutes(OLD_ACCESS_GRACE_MINUTES);
            if let Some(t) = store.access.get_mut(&old_access) {
                *t = (*t).min(grace);
            }
            store.refreshes += 1;
            let (access, refresh) = store.issue(now);
            drop(store);
            token_reply(&state, access, refresh)
        }
        _ => {
            drop(store);
            fail(
                &state,
                StatusCode::FORBIDDEN,
                "error_shop_refresh_token",
                "Invalid refresh_token.",
            )
        }
    }
}

/// The seller consents at once: back to `redirect` with a fresh code.
pub(super) async fn auth_partner(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_AUTH_PARTNER, false) {
        return r;
    }
    let Some(redirect) = first(&q, "redirect").filter(|r| !r.trim().is_empty()) else {
        return param_error(&state, "redirect is required");
    };
    let code = lock(&state.shopee).new_code(Utc::now());
    let Ok(mut url) = reqwest::Url::parse(redirect) else {
        return param_error(&state, "redirect is not a URL");
    };
    url.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("shop_id", &SHOP_ID.to_string());
    (StatusCode::FOUND, [(header::LOCATION, url.to_string())]).into_response()
}
