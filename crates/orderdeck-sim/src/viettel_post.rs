//! Viettel Post's partner API as the simulator serves it (reference §2): two-step log-in,
//! `Token` on every other call, `{status, error, message, data}` replies with refusals
//! sent as HTTP 200 and `error: true`, `getPriceAll` as a bare array.
//!
//! Both address styles are served. `createOrder` and `getPriceAll` take VTP's numeric
//! province/district/ward ids (not checked here: the simulator has no categories).
//! `createOrderNlp` and `getPriceAllNlp` take the address as free text in
//! `SENDER_ADDRESS`/`RECEIVER_ADDRESS`, which is what the adapter sends, since orderdeck
//! keeps addresses as names and not as VTP ids; there an address that is missing, blank,
//! or not text (a number, an id) is refused. `getPriceAllNlp` answers with the reference's
//! bare `{SENDER_ADDRESS, RECEIVER_ADDRESS, RESULT: […]}`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};

use super::timeline::{Timeline, roll};
use super::{SimState, body, lock};

/// What [`super::SimHandle::viettel_post_config`] hands out; createOrder checks neither.
pub(crate) const GROUP_ADDRESS_ID: i64 = 5_818_802;
pub(crate) const CUSTOMER_ID: i64 = 722;

const MAX_WEIGHT_G: i64 = 100_000;
const PRINT_CODE_MINUTES: i64 = 30;

const VN: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

#[derive(Default)]
pub(crate) struct Store {
    orders: HashMap<String, Order>,
    /// Our reference → waybills (several only when created without CHECK_UNIQUE).
    by_reference: HashMap<String, Vec<String>>,
    short_tokens: HashSet<String>,
    tokens: HashSet<String>,
    print_codes: HashMap<String, (Vec<String>, DateTime<Utc>)>,
    seq: u64,
}

impl Store {
    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    pub fn count_reference(&self, reference: &str) -> usize {
        self.by_reference.get(reference).map_or(0, Vec::len)
    }

    pub fn expire_tokens(&mut self) {
        self.short_tokens.clear();
        self.tokens.clear();
    }

    /// The create body received for this waybill (or the latest with this reference).
    pub fn request(&self, number: &str) -> Option<Value> {
        self.lookup(number).map(|o| o.request.clone())
    }

    /// What Viettel Post collects at the door (`ORDER_PAYMENT`, reference §2.3): 1
    /// nothing, 2 the COD and its fee, 3 the COD alone, 4 its fee alone.
    pub fn receiver_pays(&self, number: &str) -> Option<i64> {
        let o = self.lookup(number)?;
        let cod = o
            .request
            .get("MONEY_COLLECTION")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        Some(
            match o.request.get("ORDER_PAYMENT").and_then(Value::as_i64) {
                Some(2) => cod + o.money_total,
                Some(3) => cod,
                Some(4) => o.money_total,
                _ => 0,
            },
        )
    }

    /// By waybill, else the latest order with this reference.
    fn lookup(&self, number: &str) -> Option<&Order> {
        self.orders.get(number).or_else(|| {
            self.by_reference
                .get(number)
                .and_then(|w| w.last())
                .and_then(|w| self.orders.get(w))
        })
    }
}

struct Order {
    waybill: String,
    reference: String,
    request: Value,
    service: String,
    money_total: i64,
    cod_fee: i64,
    created: DateTime<Utc>,
    timeline: Timeline<i64>,
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/v2/user/Login", post(login))
        .route("/v2/user/ownerconnect", post(owner_connect))
        .route("/v2/order/getPriceAll", post(price_all))
        .route("/v2/order/getPriceAllNlp", post(price_all_nlp))
        .route("/v2/order/getPrice", post(price_one))
        .route("/v2/order/createOrder", post(create))
        .route("/v2/order/createOrderNlp", post(create_nlp))
        .route("/v2/order/getOrderInfoByOrderNumber", post(order_info))
        .route("/v2/order/getOrderStatusByOrderNumber", post(order_status))
        .route("/v2/order/UpdateOrder", post(update_order))
        .route("/v2/order/printing-code", post(printing_code))
        .route("/DigitalizePrint/report.do", get(print))
}

fn ok(message: &str, data: Value) -> Response {
    Json(json!({ "status": 200, "error": false, "message": message, "data": data })).into_response()
}

/// Viettel Post refuses with HTTP 200: only `error` and `status` say so.
fn refuse(status: u16, message: impl Into<String>) -> Response {
    Json(json!({ "status": status, "error": true, "message": message.into(), "data": null }))
        .into_response()
}

/// `Some(refusal)` unless the `Token` header holds a token from the log-in flow.
fn check_token(state: &SimState, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get("Token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if lock(&state.vtp).tokens.contains(token) {
        None
    } else {
        Some(refuse(
            401,
            "Token không hợp lệ hoặc đã hết hạn (token invalid or expired)",
        ))
    }
}

fn check_credentials(state: &SimState, v: &Value) -> Option<Response> {
    let user = body::text(v, "USERNAME").unwrap_or_default();
    let pass = v.get("PASSWORD").and_then(Value::as_str).unwrap_or("");
    if user == state.opts.vtp_username && pass == state.opts.vtp_password {
        None
    } else {
        Some(refuse(
            400,
            "Sai tên đăng nhập hoặc mật khẩu (wrong username or password)",
        ))
    }
}

async fn login(State(state): State<Arc<SimState>>, raw: Bytes) -> Response {
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse(400, e),
    };
    if let Some(r) = check_credentials(&state, &v) {
        return r;
    }
    let token = state.token("vtps-");
    lock(&state.vtp).short_tokens.insert(token.clone());
    ok(
        "OK",
        json!({
            "userId": CUSTOMER_ID,
            "token": token,
            "partner": 0,
            "phone": state.opts.vtp_username,
            "expired": (Utc::now() + chrono::Duration::hours(1)).timestamp_millis(),
            "encrypted": false,
            "source": 0,
        }),
    )
}

async fn owner_connect(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let token = headers
        .get("Token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !lock(&state.vtp).short_tokens.contains(token) {
        return refuse(
            401,
            "Token không hợp lệ hoặc đã hết hạn (token invalid or expired)",
        );
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse(400, e),
    };
    if let Some(r) = check_credentials(&state, &v) {
        return r;
    }
    let long = state.token("vtpl-");
    lock(&state.vtp).tokens.insert(long.clone());
    ok(
        "OK",
        json!({
            "userId": CUSTOMER_ID,
            "token": long,
            "phone": state.opts.vtp_username,
            "expired": (Utc::now() + chrono::Duration::days(365)).timestamp_millis(),
        }),
    )
}

struct Offer {
    code: &'static str,
    name: &'static str,
    price: i64,
    lead: &'static str,
}

/// The route's services, made-up but steady: express dearest, LCOD cheapest.
fn offers(weight: i64, cod: i64) -> Vec<Offer> {
    let halves = (weight - 1).max(0) / 500;
    let cod_fee = cod_fee(cod);
    [
        ("VCN", "Chuyển phát nhanh", 25_000, 5_500, "48 giờ"),
        ("STK", "Chuyển phát tiết kiệm", 20_000, 4_000, "72 giờ"),
        ("LCOD", "TMĐT tiết kiệm", 18_000, 3_500, "3-5 ngày"),
    ]
    .into_iter()
    .map(|(code, name, base, per_half, lead)| Offer {
        code,
        name,
        price: base + per_half * halves + cod_fee,
        lead,
    })
    .collect()
}

/// 0.5 % of the cash collected, at least 5,000 when there is any.
fn cod_fee(cod: i64) -> i64 {
    if cod > 0 { (cod / 200).max(5_000) } else { 0 }
}

fn read_price_request(v: &Value) -> Result<(i64, i64), String> {
    let weight = body::int_in(v, "PRODUCT_WEIGHT", 1, MAX_WEIGHT_G)?;
    let cod = body::int_in(v, "MONEY_COLLECTION", 0, i64::MAX)?;
    body::int_in(v, "PRODUCT_PRICE", 0, i64::MAX)?;
    // Both readings of NATIONAL_TYPE are accepted.
    body::int_in(v, "NATIONAL_TYPE", 0, 1)?;
    match body::text(v, "PRODUCT_TYPE").as_deref() {
        None | Some("HH") | Some("TH") => {}
        Some(other) => return Err(format!("PRODUCT_TYPE {other} không hợp lệ (HH or TH)")),
    }
    Ok((weight, cod))
}

/// A free-text address field of the `…Nlp` endpoints: the address written out.
fn text_address(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.trim().chars().all(|c| c.is_ascii_digit()) => Err(format!(
            "{key} phải là địa chỉ đầy đủ, không phải mã (must be the address as text, not an id: {s:?})"
        )),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(other) => Err(format!(
            "{key} phải là địa chỉ dạng chữ (must be the address as text, not {other})"
        )),
    }
}

fn required_text_address(v: &Value, key: &str) -> Result<String, String> {
    text_address(v, key)?.ok_or_else(|| {
        format!("{key} is required: the full address as text (số nhà, phường/xã, tỉnh/thành)")
    })
}

fn offer_json(o: &Offer, weight: i64) -> Value {
    json!({
        "MA_DV_CHINH": o.code,
        "TEN_DICHVU": o.name,
        "GIA_CUOC": o.price,
        "THOI_GIAN": o.lead,
        "EXCHANGE_WEIGHT": weight,
        "EXTRA_SERVICE": [],
    })
}

async fn price_all(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    match body::object(&raw).and_then(|v| read_price_request(&v)) {
        // A bare array, not the envelope.
        Ok((weight, cod)) => Json(Value::Array(
            offers(weight, cod)
                .iter()
                .map(|o| offer_json(o, weight))
                .collect(),
        ))
        .into_response(),
        Err(e) => refuse(400, e),
    }
}

/// `getPriceAllNlp`: the addresses as text; the reply is not in the envelope.
async fn price_all_nlp(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let read = body::object(&raw).and_then(|v| {
        let sender = required_text_address(&v, "SENDER_ADDRESS")?;
        let receiver = required_text_address(&v, "RECEIVER_ADDRESS")?;
        let (weight, cod) = read_price_request(&v)?;
        Ok((sender, receiver, weight, cod))
    });
    match read {
        Ok((sender, receiver, weight, cod)) => Json(json!({
            "SENDER_ADDRESS": sender,
            "RECEIVER_ADDRESS": receiver,
            "RESULT": offers(weight, cod)
                .iter()
                .map(|o| offer_json(o, weight))
                .collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => refuse(400, e),
    }
}

async fn price_one(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse(400, e),
    };
    let (weight, cod) = match read_price_request(&v) {
        Ok(x) => x,
        Err(e) => return refuse(400, e),
    };
    let code = body::text(&v, "ORDER_SERVICE").unwrap_or_default();
    match offers(weight, cod).into_iter().find(|o| o.code == code) {
        Some(o) => ok(
            "OK",
            json!({ "MONEY_TOTAL": o.price, "MONEY_TOTAL_FEE": o.price, "KPI_HT": 48, "EXCHANGE_WEIGHT": weight }),
        ),
        None => refuse(
            400,
            format!("Dịch vụ {code} không hỗ trợ trên tuyến này (service not offered)"),
        ),
    }
}

fn plan_for(seed: u64, waybill: &str) -> Vec<i64> {
    let r = roll(seed, waybill);
    let start = [100, 102, 103, 104, 105, 200, 300, 400, 500];
    let tail: &[i64] = if r < 0.82 {
        &[501]
    } else if r < 0.94 {
        &[506, 502, 504]
    } else {
        &[506, 550, 500, 501]
    };
    start.iter().chain(tail.iter()).copied().collect()
}

struct CreateFields {
    reference: String,
    service: String,
    weight: i64,
    cod: i64,
    check_unique: bool,
}

/// Which create: ids (`createOrder`) or the address as text (`createOrderNlp`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Addresses {
    Ids,
    Text,
}

fn read_create(v: &Value, addresses: Addresses) -> Result<CreateFields, String> {
    let reference = body::required_text(v, "ORDER_NUMBER")?;
    if reference.chars().count() > 50 {
        return Err("ORDER_NUMBER tối đa 50 ký tự (at most 50 characters)".into());
    }
    let warehouse = body::int(v, "GROUPADDRESS_ID")?.is_some();
    if addresses == Addresses::Text {
        // VTP reads the address from the text: it must be there and be words, not ids.
        // With a warehouse (GROUPADDRESS_ID) the sender's address may be left out.
        required_text_address(v, "RECEIVER_ADDRESS")?;
        if warehouse {
            text_address(v, "SENDER_ADDRESS")?;
        } else {
            required_text_address(v, "SENDER_ADDRESS")?;
        }
    }
    for key in ["RECEIVER_FULLNAME", "RECEIVER_PHONE", "RECEIVER_ADDRESS"] {
        body::required_text(v, key)?;
    }
    if !warehouse {
        for key in ["SENDER_FULLNAME", "SENDER_PHONE", "SENDER_ADDRESS"] {
            body::required_text(v, key).map_err(|e| format!("{e} (or GROUPADDRESS_ID)"))?;
        }
    }
    let (weight, cod) = read_price_request(v)?;
    let payment = body::int_in(v, "ORDER_PAYMENT", 1, 4)?;
    if payment == 1 && cod > 0 {
        return Err(format!(
            "ORDER_PAYMENT 1 (không thu tiền) nhưng MONEY_COLLECTION = {cod}: nothing may be collected"
        ));
    }
    let service = body::required_text(v, "ORDER_SERVICE")?;
    if !offers(weight, cod).iter().any(|o| o.code == service) {
        return Err(format!(
            "Dịch vụ {service} không hỗ trợ trên tuyến này (service not offered)"
        ));
    }
    let check_unique = v
        .get("CHECK_UNIQUE")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(CreateFields {
        reference,
        service,
        weight,
        cod,
        check_unique,
    })
}

async fn create(State(state): State<Arc<SimState>>, headers: HeaderMap, raw: Bytes) -> Response {
    create_order(&state, &headers, &raw, Addresses::Ids)
}

async fn create_nlp(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    create_order(&state, &headers, &raw, Addresses::Text)
}

/// Both creates: same body keys, same reply, same CHECK_UNIQUE handling.
fn create_order(
    state: &SimState,
    headers: &HeaderMap,
    raw: &[u8],
    addresses: Addresses,
) -> Response {
    if let Some(r) = check_token(state, headers) {
        return r;
    }
    let v = match body::object(raw) {
        Ok(v) => v,
        Err(e) => return refuse(400, e),
    };
    let f = match read_create(&v, addresses) {
        Ok(f) => f,
        Err(e) => return refuse(400, e),
    };
    let price = offers(f.weight, f.cod)
        .iter()
        .find(|o| o.code == f.service)
        .map_or(0, |o| o.price);
    let digits = state.random_text(b"0123456789", 5);
    let now = Utc::now();
    let mut store = lock(&state.vtp);
    if f.check_unique && store.by_reference.contains_key(&f.reference) {
        return refuse(
            400,
            format!("ORDER_NUMBER {} đã tồn tại (already exists)", f.reference),
        );
    }
    store.seq += 1;
    let waybill = format!("1{digits}{:07}", store.seq);
    let money_total_fee = price * 100 / 108;
    let reply = json!({
        "ORDER_NUMBER": waybill,
        "MONEY_COLLECTION": f.cod,
        "EXCHANGE_WEIGHT": f.weight,
        "MONEY_TOTAL": price,
        "MONEY_TOTAL_FEE": money_total_fee,
        "MONEY_FEE": money_total_fee - cod_fee(f.cod) * 100 / 108,
        "MONEY_COLLECTION_FEE": cod_fee(f.cod),
        "MONEY_OTHER_FEE": 0,
        "MONEY_VAS": 0,
        "MONEY_VAT": price - money_total_fee,
        "KPI_HT": 48,
    });
    store
        .by_reference
        .entry(f.reference.clone())
        .or_default()
        .push(waybill.clone());
    store.orders.insert(
        waybill.clone(),
        Order {
            timeline: Timeline::new(plan_for(state.opts.seed, &waybill), now, state.step),
            waybill,
            reference: f.reference,
            request: v,
            service: f.service,
            money_total: price,
            cod_fee: cod_fee(f.cod),
            created: now,
        },
    );
    ok("OK", reply)
}

fn status_name(code: i64) -> String {
    let name = match code {
        100 => "Tiếp nhận đơn hàng từ đối tác",
        102 => "Đơn hàng chờ xử lý",
        103 => "Giao cho bưu cục",
        104 => "Giao cho bưu tá đi nhận",
        105 => "Bưu tá đã nhận hàng",
        107 => "Đối tác yêu cầu hủy qua API",
        200 => "Nhận từ bưu tá - bưu cục gốc",
        300 => "Đóng bảng kê đi",
        400 => "Nhận bảng kê đến",
        500 => "Giao bưu tá đi phát",
        501 => "Phát thành công",
        502 => "Chuyển hoàn bưu cục gốc",
        504 => "Hoàn thành công - chuyển trả người gửi",
        506 => "Tồn - Khách hàng nghỉ, không có nhà",
        507 => "Tồn - Khách hàng đến bưu cục nhận",
        508 => "Phát tiếp",
        515 => "Bưu cục phát duyệt hoàn",
        550 => "Đơn vị yêu cầu phát tiếp",
        _ => return format!("Trạng thái {code}"),
    };
    name.to_string()
}

fn location(code: i64) -> &'static str {
    match code {
        100..=299 | 502 | 504 | 515 => "Bưu cục Cầu Giấy, Hà Nội",
        300..=399 => "Trung tâm khai thác Hà Nội",
        400..=499 => "Trung tâm khai thác TP Hồ Chí Minh",
        _ => "Bưu cục Quận 3, TP Hồ Chí Minh",
    }
}

fn vn_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&VN).format("%d/%m/%Y %H:%M:%S").to_string()
}

fn read_number(raw: &[u8]) -> Result<String, String> {
    body::object(raw).and_then(|v| body::required_text(&v, "ORDER_NUMBER"))
}

fn not_found(number: &str) -> Response {
    refuse(
        404,
        format!("Không tìm thấy vận đơn {number} (order not found)"),
    )
}

async fn order_info(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let number = match read_number(&raw) {
        Ok(n) => n,
        Err(e) => return refuse(400, e),
    };
    let store = lock(&state.vtp);
    let Some(o) = store.lookup(&number) else {
        return not_found(&number);
    };
    let status = o.timeline.current(Utc::now()).unwrap_or(100);
    let field = |k: &str| o.request.get(k).cloned().unwrap_or(Value::Null);
    ok(
        "OK",
        json!({
            "ORDER_NUMBER": o.waybill,
            "ORDER_REFERENCE": o.reference,
            "ORDER_STATUS": status,
            "STATUS_NAME": status_name(status),
            "ORDER_SERVICE": o.service,
            "ORDER_PAYMENT": field("ORDER_PAYMENT"),
            "MONEY_COLLECTION": field("MONEY_COLLECTION"),
            "MONEY_FEECOD": o.cod_fee,
            "MONEY_TOTAL": o.money_total,
            "PRODUCT_WEIGHT": field("PRODUCT_WEIGHT"),
            "RECEIVER_FULLNAME": field("RECEIVER_FULLNAME"),
            "ORDER_SYSTEMDATE": vn_time(o.created),
        }),
    )
}

async fn order_status(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let number = match read_number(&raw) {
        Ok(n) => n,
        Err(e) => return refuse(400, e),
    };
    let store = lock(&state.vtp);
    let Some(o) = store.lookup(&number) else {
        return not_found(&number);
    };
    let history: Vec<Value> = o
        .timeline
        .events(Utc::now())
        .into_iter()
        .map(|(code, at)| {
            json!({
                "ORDER_NUMBER": o.waybill,
                "ORDER_REFERENCE": o.reference,
                "ORDER_STATUS": code,
                "STATUS_NAME": status_name(code),
                "ORDER_STATUSDATE": vn_time(at),
                "NOTE": "",
                "LOCALION_CURRENTLY": location(code),
            })
        })
        .collect();
    ok("OK", Value::Array(history))
}

async fn update_order(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return refuse(400, e),
    };
    let (number, kind) = match (
        body::required_text(&v, "ORDER_NUMBER"),
        body::required_int(&v, "TYPE"),
    ) {
        (Ok(n), Ok(t)) => (n, t),
        (Err(e), _) | (_, Err(e)) => return refuse(400, e),
    };
    let now = Utc::now();
    let mut store = lock(&state.vtp);
    let Some(order) = store.orders.get_mut(&number) else {
        return not_found(&number);
    };
    let current = order.timeline.current(now).unwrap_or(100);
    // (allowed while, then, refusal) per TYPE (reference §2.5).
    let (allowed, then, refusal): (fn(i64) -> bool, &[i64], &str) = match kind {
        1 => (|_| true, &[], ""),
        2 => (
            |s| matches!(s, 300..=403 | 505..=507),
            &[515, 502, 504],
            "Chỉ duyệt hoàn khi đơn đang tồn hoặc đang vận chuyển (only while held or in transit)",
        ),
        3 => (
            |s| matches!(s, 505..=507),
            &[508, 500, 501],
            "Chỉ phát tiếp khi đơn đang tồn (only while held after a failed delivery)",
        ),
        4 => (
            |s| matches!(s, 100..=104),
            &[107],
            "Không thể hủy vận đơn đã lấy hàng (cannot cancel after pickup)",
        ),
        other => return refuse(400, format!("TYPE {other} không hợp lệ (1, 2, 3 or 4)")),
    };
    if !allowed(current) {
        return refuse(400, format!("{refusal} [ORDER_STATUS {current}]"));
    }
    if !then.is_empty() {
        order.timeline.replan(now, then.to_vec());
    }
    ok("OK", Value::Null)
}

async fn printing_code(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    if let Some(r) = check_token(&state, &headers) {
        return r;
    }
    let numbers = match body::object(&raw).and_then(|v| body::strings(&v, "ORDER_ARRAY")) {
        Ok(n) => n,
        Err(e) => return refuse(400, e),
    };
    let code = state.token("");
    let mut store = lock(&state.vtp);
    if let Some(missing) = numbers.iter().find(|n| !store.orders.contains_key(*n)) {
        return not_found(missing);
    }
    let expires = Utc::now() + chrono::Duration::minutes(PRINT_CODE_MINUTES);
    store.print_codes.insert(code.clone(), (numbers, expires));
    // The printing code comes back in `message`, not in `data`.
    ok(&code, Value::Null)
}

async fn print(
    State(state): State<Arc<SimState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let store = lock(&state.vtp);
    let numbers = q
        .get("bill")
        .and_then(|b| store.print_codes.get(b))
        .filter(|(_, expires)| *expires > Utc::now())
        .map(|(n, _)| n.clone());
    let Some(numbers) = numbers else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Mã in không hợp lệ hoặc đã hết hạn (printing code invalid or expired)",
        )
            .into_response();
    };
    (
        [(header::CONTENT_TYPE, "application/pdf")],
        crate::pdf::a6_pages(&[format!("Viettel Post {}", numbers.join(", "))]),
    )
        .into_response()
}

pub(crate) fn force_status(state: &SimState, waybill: &str, status: &str) -> bool {
    let Ok(code) = status.trim().parse::<i64>() else {
        return false;
    };
    let mut store = lock(&state.vtp);
    match store.orders.get_mut(waybill) {
        Some(o) => {
            o.timeline.replan(Utc::now(), vec![code]);
            true
        }
        None => false,
    }
}
