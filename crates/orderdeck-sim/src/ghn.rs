//! GHN's API as the simulator serves it (reference §1): `{code, message, data}` replies,
//! refusals with a non-2xx status, `Token` on every call and `ShopId` (or `ShopID`,
//! `shop_id`) on shop-scoped ones.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::timeline::{Timeline, roll};
use super::{SimState, body, ghn_places, lock};

/// Both documented readings are accepted; the larger limit is enforced.
const MAX_WEIGHT_G: i64 = 50_000;
const MAX_COD: i64 = 50_000_000;
const MAX_INSURANCE: i64 = 10_000_000;
const MAX_SIDE_CM: i64 = 200;
const PRINT_TOKEN_MINUTES: i64 = 30;

const NOT_FOUND: &str =
    "Lỗi gọi API: corev2_tenant_order_detail - code=404, message=Đơn hàng không tồn tại";

#[derive(Default)]
pub(crate) struct Store {
    orders: HashMap<String, Order>,
    by_client_code: HashMap<String, String>,
    print_tokens: HashMap<String, (Vec<String>, DateTime<Utc>)>,
    seq: u64,
    /// Requests a real GHN would take but treat as a mistake (heavy goods for a light
    /// parcel): said, not refused, because the line is not in the reference.
    flags: Vec<String>,
}

impl Store {
    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    pub fn count_code(&self, client_order_code: &str) -> usize {
        self.orders
            .values()
            .filter(|o| o.client_order_code.as_deref() == Some(client_order_code))
            .count()
    }

    /// The create body received for this order code (or client order code).
    pub fn request(&self, code: &str) -> Option<Value> {
        self.orders
            .get(code)
            .or_else(|| {
                self.by_client_code
                    .get(code)
                    .and_then(|oc| self.orders.get(oc))
            })
            .map(|o| o.request.clone())
    }

    pub fn flags(&self) -> Vec<String> {
        self.flags.clone()
    }

    /// What GHN collects at the door: the COD, plus its own fee when the receiver pays it
    /// (`payment_type_id` 2, reference §1.4).
    pub fn receiver_pays(&self, code: &str) -> Option<i64> {
        let o = self.orders.get(code).or_else(|| {
            self.by_client_code
                .get(code)
                .and_then(|oc| self.orders.get(oc))
        })?;
        let cod = o
            .request
            .get("cod_amount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let receiver_pays_fee = o.request.get("payment_type_id").and_then(Value::as_i64) == Some(2);
        Some(cod + if receiver_pays_fee { o.total_fee } else { 0 })
    }
}

struct Order {
    order_code: String,
    client_order_code: Option<String>,
    request: Value,
    total_fee: i64,
    created: DateTime<Utc>,
    expected: DateTime<Utc>,
    timeline: Timeline<String>,
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    let api = "/shiip/public-api";
    Router::new()
        .route(&format!("{api}/v2/shipping-order/fee"), post(fee))
        .route(&format!("{api}/v2/shipping-order/preview"), post(preview))
        .route(&format!("{api}/v2/shipping-order/leadtime"), post(leadtime))
        .route(&format!("{api}/v2/shipping-order/create"), post(create))
        .route(&format!("{api}/v2/shipping-order/detail"), post(detail))
        .route(
            &format!("{api}/v2/shipping-order/detail-by-client-code"),
            post(detail_by_client_code),
        )
        .route(&format!("{api}/v2/switch-status/cancel"), post(cancel))
        .route(
            &format!("{api}/v2/switch-status/return"),
            post(return_to_sender),
        )
        .route(&format!("{api}/v2/switch-status/storing"), post(redeliver))
        .route(&format!("{api}/v2/a5/gen-token"), post(gen_token))
        .route("/a5/public-api/printA5", get(print))
        .route("/a5/public-api/print80x80", get(print))
        .route("/a5/public-api/print52x70", get(print))
}

pub(crate) fn ok(data: Value) -> Response {
    Json(json!({ "code": 200, "message": "Success", "data": data })).into_response()
}

pub(crate) fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({
            "code": status.as_u16(),
            "message": message.into(),
            "data": null,
            "code_message": "USER_ERR_COMMON",
        })),
    )
        .into_response()
}

pub(crate) fn bad_request(message: impl Into<String>) -> Response {
    refuse(StatusCode::BAD_REQUEST, message)
}

/// `Token` on every call; `ShopId` too on shop-scoped ones. `Some(refusal)` when the
/// caller may not make this call.
pub(crate) fn check_auth(
    state: &SimState,
    headers: &HeaderMap,
    shop_scoped: bool,
) -> Option<Response> {
    let token = headers.get("Token").and_then(|v| v.to_str().ok());
    if token != Some(state.opts.ghn_token.as_str()) {
        return Some(refuse(StatusCode::UNAUTHORIZED, "Token is not valid"));
    }
    if shop_scoped {
        // Header names are case-insensitive: `ShopId` and `ShopID` are one header.
        let shop = headers
            .get("ShopId")
            .or_else(|| headers.get("shop_id"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok());
        match shop {
            None => {
                return Some(refuse(
                    StatusCode::UNAUTHORIZED,
                    "ShopId header is missing or not a number",
                ));
            }
            Some(id) if id != state.opts.ghn_shop_id => {
                return Some(refuse(
                    StatusCode::FORBIDDEN,
                    format!("ShopId {id} does not belong to this token"),
                ));
            }
            Some(_) => {}
        }
    }
    None
}

/// From this weight a parcel is heavy goods (`service_type_id` 5, "Hàng nặng"). The
/// reference (§1.5) names the two services but gives no weight: 20 kg is GHN's public
/// service description, not the reference, so a lighter parcel sent as heavy goods is
/// flagged, not refused.
pub(crate) const HEAVY_FROM_GRAMS: i64 = 20_000;

fn flag_heavy_for_light(state: &SimState, p: &Parcel, what: &str) {
    if p.service_type_id == 5 && p.weight < HEAVY_FROM_GRAMS {
        lock(&state.ghn).flags.push(format!(
            "{what}: service_type_id 5 (heavy goods) for a {} g parcel",
            p.weight
        ));
    }
}

/// What fee and create share: the service, the destination, weight and size.
struct Parcel {
    service_type_id: i64,
    weight: i64,
    insurance: i64,
}

fn read_parcel(v: &Value, for_create: bool) -> Result<Parcel, String> {
    let to = read_destination(v, for_create)?;
    let from = read_origin(v)?;
    let service_type_id = match (
        body::int(v, "service_type_id")?,
        body::int(v, "service_id")?,
    ) {
        (Some(t @ (2 | 5)), _) => t,
        (Some(t), _) => return Err(format!("service_type_id {t} is not offered (2 or 5)")),
        // A route's own service (from available-services): it must be one of that route's.
        (None, Some(id)) => {
            let Some(to) = to else {
                return Err("service_id needs to_district_id: services are per route".into());
            };
            ghn_places::services_on(from.unwrap_or(SHOP_DISTRICT), to)
                .and_then(|list| list.into_iter().find(|(sid, _)| *sid == id))
                .map(|(_, kind)| kind)
                .ok_or_else(|| format!("service_id {id} is not available on this route"))?
        }
        (None, None) => return Err("service_type_id or service_id is required".into()),
    };
    let weight = body::int_in(v, "weight", 1, MAX_WEIGHT_G)?;
    for side in ["length", "width", "height"] {
        body::int_in(v, side, 0, MAX_SIDE_CM)?;
    }
    let insurance = body::int_in(v, "insurance_value", 0, MAX_INSURANCE)?;
    let cod_key = if for_create {
        "cod_amount"
    } else {
        "cod_value"
    };
    body::int_in(v, cod_key, 0, MAX_COD)?;
    if service_type_id == 5 {
        // Heavy/traditional goods are weighed per item.
        let items = v.get("items").and_then(Value::as_array);
        if !items.is_some_and(|i| {
            !i.is_empty()
                && i.iter()
                    .all(|it| body::int(it, "weight").ok().flatten().unwrap_or(0) > 0)
        }) {
            return Err("service_type_id 5 needs items[] with a weight each".into());
        }
    }
    Ok(Parcel {
        service_type_id,
        weight,
        insurance,
    })
}

/// The shop's registered district (Quận 1, Hồ Chí Minh): where a parcel starts when the
/// request names no `from_district_id` (reference §1.4: "GHN uses the ShopId's address").
const SHOP_DISTRICT: i64 = 1760;

/// A string field that, when present, must be a JSON string (`to_ward_code` is a string
/// even when it looks like a number, reference §1.4).
fn string_field(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(other) => Err(format!("{key} must be a string, not {other}")),
    }
}

/// The destination: the fee wants `to_district_id` and `to_ward_code` (required, §1.4's
/// fee paragraph); create takes them or, on the newer page, the three names instead.
/// Ids must be live places of GHN's master data, the ward inside the district.
/// `Some(district)` when ids were given.
fn read_destination(v: &Value, for_create: bool) -> Result<Option<i64>, String> {
    let district = body::int(v, "to_district_id")?;
    let ward = string_field(v, "to_ward_code")?;
    match (district, ward) {
        (Some(d), Some(w)) => {
            ghn_places::PLACES.deliverable_district(d)?;
            ghn_places::PLACES.deliverable_ward(d, &w)?;
            Ok(Some(d))
        }
        (Some(_), None) => Err("to_ward_code is required with to_district_id".into()),
        (None, Some(_)) => Err("to_district_id is required with to_ward_code".into()),
        (None, None) if !for_create => Err("to_district_id and to_ward_code are required".into()),
        (None, None) => {
            let by_name = body::text(v, "to_district_name").is_some()
                && body::text(v, "to_ward_name").is_some()
                && body::text(v, "to_province_name").is_some();
            if by_name {
                Ok(None)
            } else {
                Err(
                    "to_district_id and to_ward_code (or to_ward_name, to_district_name and \
                     to_province_name) are required"
                        .into(),
                )
            }
        }
    }
}

/// Where the parcel starts, when given: `from_district_id` and `from_ward_code` go
/// together (the leadtime row of §1.3 says so; the same pair on fee and create).
fn read_origin(v: &Value) -> Result<Option<i64>, String> {
    let district = body::int(v, "from_district_id")?;
    let ward = string_field(v, "from_ward_code")?;
    match (district, ward) {
        (None, None) => Ok(None),
        (Some(d), Some(w)) => {
            let place = ghn_places::PLACES
                .district(d)
                .ok_or_else(|| format!("from_district_id {d}: code=404, message=Not Found"))?;
            match ghn_places::PLACES.ward(&w) {
                Some(ward) if ward.district == place.id => Ok(Some(d)),
                Some(ward) => Err(format!(
                    "from_ward_code {w} ({}) is not in from_district_id {d}",
                    ward.name
                )),
                None => Err(format!("from_ward_code {w}: code=404, message=Not Found")),
            }
        }
        _ => Err("from_district_id and from_ward_code go together".into()),
    }
}

/// Made-up but steady prices: express dearer and faster than economy.
fn price(p: &Parcel) -> (i64, i64, chrono::Duration) {
    let extra_halves = (p.weight - 1).max(0) / 500;
    let (base, per_half, days) = match p.service_type_id {
        2 => (22_000, 5_000, 2),
        _ => (15_000, 2_500, 4),
    };
    let service_fee = base + per_half * extra_halves;
    let insurance_fee = if p.insurance > 1_000_000 {
        p.insurance * 5 / 1000
    } else {
        0
    };
    (service_fee, insurance_fee, chrono::Duration::days(days))
}

fn read_create(v: &Value) -> Result<Parcel, String> {
    for key in ["to_name", "to_phone", "to_address"] {
        body::required_text(v, key)?;
    }
    let parcel = read_parcel(v, true)?;
    if let Some(code) = body::text(v, "client_order_code")
        && code.chars().count() > 50
    {
        return Err("client_order_code must be at most 50 characters".into());
    }
    match body::required_int(v, "payment_type_id")? {
        1 | 2 => {}
        other => return Err(format!("payment_type_id must be 1 or 2, not {other}")),
    }
    let note = body::required_text(v, "required_note")?;
    if !["CHOTHUHANG", "CHOXEMHANGKHONGTHU", "KHONGCHOXEMHANG"].contains(&note.as_str()) {
        return Err(format!(
            "required_note {note} is not one of CHOTHUHANG, CHOXEMHANGKHONGTHU, KHONGCHOXEMHANG"
        ));
    }
    read_pick_shift(v)?;
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .filter(|i| !i.is_empty())
        .ok_or("items is required")?;
    for it in items {
        body::required_text(it, "name").map_err(|e| format!("items[]: {e}"))?;
        body::int_in(it, "quantity", 1, 1_000_000).map_err(|e| format!("items[]: {e}"))?;
    }
    Ok(parcel)
}

/// `pick_shift` (reference §1.4): optional, an int[] of shift ids from `/v2/shift/date`.
fn read_pick_shift(v: &Value) -> Result<Option<Vec<i64>>, String> {
    match v.get("pick_shift") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(list)) => list
            .iter()
            .map(|id| {
                id.as_i64().ok_or_else(|| {
                    format!("pick_shift must be an array of shift ids (int[]), found {id}")
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(format!(
            "pick_shift must be an array of shift ids (int[]), not {other}"
        )),
    }
}

async fn fee(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers, true) {
        return r;
    }
    let parcel = match body::object(&raw).and_then(|v| read_parcel(&v, false)) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    flag_heavy_for_light(&state, &parcel, "fee");
    let (service_fee, insurance_fee, _) = price(&parcel);
    ok(json!({
        "total": service_fee + insurance_fee,
        "service_fee": service_fee,
        "insurance_fee": insurance_fee,
        "pick_station_fee": 0,
        "coupon_value": 0,
        "r2s_fee": 0,
        "document_return": 0,
        "double_check": 0,
        "cod_fee": 0,
        "pick_remote_areas_fee": 0,
        "deliver_remote_areas_fee": 0,
        "cod_failed_fee": 0,
    }))
}

/// `/v2/shipping-order/leadtime` (reference §1.3): `to_district_id`, `to_ward_code` and
/// `service_id` required, the `from_` pair together or not at all. The reference names
/// `data.leadtime` without its type; GHN's own examples give unix seconds, and so does
/// this simulator (the client reads RFC 3339 text as well). Which headers it wants is not
/// in the reference's lists: the token is required, `ShopId` is taken when sent.
async fn leadtime(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let read = || -> Result<chrono::Duration, String> {
        let v = body::object(&raw)?;
        let service = body::required_int(&v, "service_id")?;
        if body::int(&v, "to_district_id")?.is_none() || string_field(&v, "to_ward_code")?.is_none()
        {
            return Err("to_district_id and to_ward_code are required".into());
        }
        let to = read_destination(&v, false)?.unwrap_or_default();
        let from = read_origin(&v)?.unwrap_or(SHOP_DISTRICT);
        let kind = ghn_places::services_on(from, to)
            .and_then(|list| list.into_iter().find(|(sid, _)| *sid == service))
            .map(|(_, kind)| kind)
            .ok_or_else(|| format!("service_id {service} is not available on this route"))?;
        Ok(chrono::Duration::days(if kind == 2 { 2 } else { 4 }))
    };
    match read() {
        Ok(lead) => {
            let now = Utc::now();
            ok(json!({
                "leadtime": (now + lead).timestamp(),
                "order_date": now.timestamp(),
            }))
        }
        Err(e) => bad_request(e),
    }
}

fn create_reply(
    order_code: &str,
    total: i64,
    service_fee: i64,
    insurance_fee: i64,
    expected: DateTime<Utc>,
) -> Value {
    json!({
        "order_code": order_code,
        "sort_code": "190-G-01-A1",
        "trans_type": "truck",
        "ward_encode": "",
        "district_encode": "",
        "fee": {
            "main_service": service_fee,
            "insurance": insurance_fee,
            "station_do": 0,
            "station_pu": 0,
            "return": 0,
            "r2s": 0,
            "coupon": 0,
            "cod_fee": 0,
            "cod_failed_fee": 0,
        },
        "total_fee": total,
        "expected_delivery_time": expected.to_rfc3339_opts(SecondsFormat::Secs, true),
        "operation_partner": "",
    })
}

async fn preview(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers, true) {
        return r;
    }
    let parcel = match body::object(&raw).and_then(|v| read_create(&v)) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    let (service_fee, insurance_fee, lead) = price(&parcel);
    ok(create_reply(
        "",
        service_fee + insurance_fee,
        service_fee,
        insurance_fee,
        Utc::now() + lead,
    ))
}

/// Where a parcel's story goes, fixed by the seed and its code.
fn plan_for(seed: u64, order_code: &str) -> Vec<String> {
    const START: [&str; 6] = [
        "ready_to_pick",
        "picking",
        "picked",
        "storing",
        "transporting",
        "sorting",
    ];
    let r = roll(seed, order_code);
    let tail: &[&str] = if r < 0.80 {
        &["delivering", "delivered"]
    } else if r < 0.92 {
        &[
            "delivering",
            "delivery_fail",
            "waiting_to_return",
            "return",
            "return_transporting",
            "returning",
            "returned",
        ]
    } else if r < 0.96 {
        &[
            "delivering",
            "delivery_fail",
            "storing",
            "delivering",
            "delivered",
        ]
    } else if r < 0.98 {
        return START[..5]
            .iter()
            .chain(["lost"].iter())
            .map(|s| s.to_string())
            .collect();
    } else {
        &["damage"]
    };
    START
        .iter()
        .chain(tail.iter())
        .map(|s| s.to_string())
        .collect()
}

async fn create(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers, true) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let parcel = match read_create(&v) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    flag_heavy_for_light(&state, &parcel, "create");
    let (service_fee, insurance_fee, lead) = price(&parcel);
    let client_code = body::text(&v, "client_order_code");
    let suffix = state.random_text(b"ABCDEFGHKLMNPQRTUVXY", 3);
    let now = Utc::now();
    let mut store = lock(&state.ghn);
    if let Some(code) = &client_code
        && store.by_client_code.contains_key(code)
    {
        return bad_request(format!("Mã đơn hàng client_order_code {code} đã tồn tại"));
    }
    store.seq += 1;
    let order_code = format!("G{suffix}{:06}", store.seq);
    let order = Order {
        order_code: order_code.clone(),
        client_order_code: client_code.clone(),
        request: v,
        total_fee: service_fee + insurance_fee,
        created: now,
        expected: now + lead,
        timeline: Timeline::new(plan_for(state.opts.seed, &order_code), now, state.step),
    };
    let reply = create_reply(
        &order_code,
        order.total_fee,
        service_fee,
        insurance_fee,
        order.expected,
    );
    if let Some(code) = client_code {
        store.by_client_code.insert(code, order_code.clone());
    }
    store.orders.insert(order_code, order);
    ok(reply)
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn detail_json(o: &Order, shop_id: i64) -> Value {
    let now = Utc::now();
    let events = o.timeline.events(now);
    let (status, updated) = events
        .last()
        .map(|(s, t)| (s.clone(), *t))
        .unwrap_or_else(|| ("ready_to_pick".to_string(), o.created));
    let field = |k: &str| o.request.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "shop_id": shop_id,
        "order_code": o.order_code,
        "client_order_code": o.client_order_code.clone().unwrap_or_default(),
        "status": status,
        "to_name": field("to_name"),
        "to_phone": field("to_phone"),
        "to_address": field("to_address"),
        "cod_amount": field("cod_amount"),
        "weight": field("weight"),
        "service_type_id": field("service_type_id"),
        "payment_type_id": field("payment_type_id"),
        "required_note": field("required_note"),
        "total_fee": o.total_fee,
        "leadtime": time(o.expected),
        "created_date": time(o.created),
        "updated_date": time(updated),
        "log": events
            .iter()
            .map(|(s, t)| json!({ "status": s, "updated_date": time(*t) }))
            .collect::<Vec<_>>(),
    })
}

async fn detail(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let code = match body::object(&raw).and_then(|v| body::required_text(&v, "order_code")) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    let store = lock(&state.ghn);
    match store.orders.get(&code) {
        Some(o) => ok(detail_json(o, state.opts.ghn_shop_id)),
        None => bad_request(NOT_FOUND),
    }
}

async fn detail_by_client_code(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let code = match body::object(&raw).and_then(|v| body::required_text(&v, "client_order_code")) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    let store = lock(&state.ghn);
    match store
        .by_client_code
        .get(&code)
        .and_then(|oc| store.orders.get(oc))
    {
        Some(o) => ok(detail_json(o, state.opts.ghn_shop_id)),
        None => bad_request(NOT_FOUND),
    }
}

/// One switch-status call: which states allow it, and where the parcel goes next.
struct Switch {
    allowed: &'static [&'static str],
    then: &'static [&'static str],
    refusal: &'static str,
}

const CANCEL: Switch = Switch {
    allowed: &["ready_to_pick", "picking", "money_collect_picking"],
    then: &["cancel"],
    refusal: "Đơn hàng đã được lấy, không thể hủy (already picked up, cannot cancel)",
};
const RETURN: Switch = Switch {
    allowed: &[
        "storing",
        "transporting",
        "sorting",
        "delivery_fail",
        "waiting_to_return",
    ],
    then: &["return", "return_transporting", "returning", "returned"],
    refusal: "Chỉ chuyển hoàn khi đơn đang lưu kho hoặc chờ giao (only while stored or waiting for delivery)",
};
const REDELIVER: Switch = Switch {
    allowed: &["delivery_fail", "waiting_to_return"],
    then: &["storing", "delivering", "delivered"],
    refusal: "Chỉ giao lại khi giao thất bại hoặc chờ trả hàng (only after a failed delivery)",
};

async fn switch_status(state: &SimState, headers: &HeaderMap, raw: &[u8], sw: &Switch) -> Response {
    if let Some(r) = check_auth(state, headers, true) {
        return r;
    }
    let codes = match body::object(raw).and_then(|v| body::strings(&v, "order_codes")) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    let now = Utc::now();
    let mut store = lock(&state.ghn);
    let results: Vec<Value> = codes
        .iter()
        .map(|code| {
            let Some(order) = store.orders.get_mut(code) else {
                return json!({ "order_code": code, "result": false, "message": "Đơn hàng không tồn tại" });
            };
            let current = order.timeline.current(now).unwrap_or_default();
            if sw.allowed.contains(&current.as_str()) {
                order.timeline.replan(now, sw.then.iter().map(|s| s.to_string()).collect());
                json!({ "order_code": code, "result": true, "message": "OK" })
            } else {
                json!({
                    "order_code": code,
                    "result": false,
                    "message": format!("{} [status: {current}]", sw.refusal),
                })
            }
        })
        .collect();
    ok(Value::Array(results))
}

async fn cancel(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    switch_status(&state, &headers, &raw, &CANCEL).await
}

async fn return_to_sender(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    switch_status(&state, &headers, &raw, &RETURN).await
}

async fn redeliver(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    switch_status(&state, &headers, &raw, &REDELIVER).await
}

async fn gen_token(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_auth(&state, &headers, false) {
        return r;
    }
    let codes = match body::object(&raw).and_then(|v| body::strings(&v, "order_codes")) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    let token = state.token("");
    let mut store = lock(&state.ghn);
    if let Some(missing) = codes.iter().find(|c| !store.orders.contains_key(*c)) {
        return bad_request(format!("{NOT_FOUND}: {missing}"));
    }
    let expires = Utc::now() + chrono::Duration::minutes(PRINT_TOKEN_MINUTES);
    store.print_tokens.insert(token.clone(), (codes, expires));
    ok(json!({ "token": token }))
}

async fn print(
    State(state): State<Arc<SimState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let store = lock(&state.ghn);
    let codes = q
        .get("token")
        .and_then(|t| store.print_tokens.get(t))
        .filter(|(_, expires)| *expires > Utc::now())
        .map(|(codes, _)| codes.clone());
    let Some(codes) = codes else {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><body>Token không hợp lệ hoặc đã hết hạn</body></html>",
        )
            .into_response();
    };
    let mut page =
        String::from("<html><head><meta charset=\"utf-8\"><title>GHN A5</title></head><body>");
    for code in &codes {
        let to = store
            .orders
            .get(code)
            .and_then(|o| body::text(&o.request, "to_name"))
            .unwrap_or_default();
        page.push_str(&format!(
            "<div class=\"label\"><h1>{}</h1><p>{}</p></div>",
            escape(code),
            escape(&to)
        ));
    }
    page.push_str("</body></html>");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

pub(crate) fn force_status(state: &SimState, order_code: &str, status: &str) -> bool {
    let status = status.trim();
    if status.is_empty() {
        return false;
    }
    let mut store = lock(&state.ghn);
    match store.orders.get_mut(order_code) {
        Some(o) => {
            o.timeline.replan(Utc::now(), vec![status.to_string()]);
            true
        }
        None => false,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
