//! Viettel Post over its partner API v2, reference §2.
//!
//! Log-in is two steps: `/v2/user/Login` gives a short-lived token, `/v2/user/ownerconnect`
//! (sent with that token) gives the long-lived one every other call carries in `Token`.
//! The token is cached; when VTP says it is no longer valid we log in once more and retry.
//! Replies are `{status, error, message, data}`, and a refusal often comes with HTTP 200,
//! so the `error` flag decides, not the status line.
//!
//! Choices where the sources disagree or are silent:
//! - Status query: `/v2/order/getOrderInfoByOrderNumber` (the order, looked up by our
//!   reference or the waybill) and `/v2/order/getOrderStatusByOrderNumber` (its history),
//!   both POST `{"ORDER_NUMBER": …}`; one plugin uses them, another source says no such
//!   endpoint exists. Without them there is no way to recover after a lost create reply.
//! - `NATIONAL_TYPE` 1 = domestic (two sources of three).
//! - Service: from the route's price list: express is `VCN` (or the dearest offer),
//!   economy the cheapest offer. Create asks for prices first so it books what was quoted.
//! - Addresses: [`Party`](crate::carrier::Party) holds names (line, ward,
//!   district, province), while `createOrder` and `getPriceAll` want VTP's numeric
//!   province/district/ward ids from its categories endpoints, which we do not keep (0 or
//!   a guess in their place is no address VTP can deliver to). So we use the free-text
//!   variants (reference §2.2): `createOrderNlp` (createOrder's body, with
//!   `SENDER_ADDRESS`/`RECEIVER_ADDRESS` as the written-out address "line, ward, district,
//!   province" and no ids) and `getPriceAllNlp`, where VTP reads the address itself.
//!   The reference says `getPriceAllNlp` answers `{SENDER_ADDRESS, RECEIVER_ADDRESS,
//!   RESULT: […]}` while `getPriceAll` answers a bare array; sources differ, so both
//!   shapes are read, bare or inside the envelope.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::carrier::{
    Carrier, CarrierError, CarrierKind, CarrierLabel, CarrierOrder, CarrierResult, ParcelAction,
    ParcelRequest, Party, Payer, Quote, RequiredNote, Service, ShipmentStatus, Tracking,
    TrackingEvent, ViettelPostConfig,
};
use crate::http::{self, Reply};

pub(crate) const CARRIER: &str = "Viettel Post";

/// Where labels are printed (reference §2.2, Odoo constants); type 2 = A6.
const PRINT_URL: &str = "https://digitalize.viettelpost.vn/DigitalizePrint/report.do";
const PRINT_PATH: &str = "/DigitalizePrint/report.do";

/// How long a printing code stays valid, asked for in `printing-code`.
const PRINT_EXPIRY_MS: i64 = 30 * 60 * 1000;

/// VTP writes its times in Vietnam time (UTC+7) without an offset.
const VN_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

const EXPRESS_SERVICE: &str = "VCN";

#[derive(Clone)]
pub struct ViettelPostClient {
    http: reqwest::Client,
    /// `https://partner.viettelpost.vn`, no trailing slash.
    base: String,
    print_url: String,
    username: Arc<str>,
    password: Arc<str>,
    group_address_id: Option<i64>,
    customer_id: Option<i64>,
    /// The long-lived token, shared by clones; held while logging in so that many
    /// callers wait for one log-in instead of each doing their own.
    token: http::TokenCache,
}

impl std::fmt::Debug for ViettelPostClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViettelPostClient")
            .field("base", &self.base)
            .field("username", &self.username)
            .field("password", &crate::carrier::redact(&self.password))
            .finish()
    }
}

/// A reply read through the envelope.
enum Outcome {
    /// `message` matters: `printing-code` returns its token there.
    Data {
        message: String,
        data: Value,
    },
    Refused {
        status: i64,
        message: String,
    },
    /// The token was not accepted: log in again.
    TokenRejected(String),
}

impl ViettelPostClient {
    pub fn new(cfg: &ViettelPostConfig) -> Result<ViettelPostClient, CarrierError> {
        ViettelPostClient::with_timeout(cfg, http::timeout_from(cfg.timeout_secs))
    }

    /// As [`ViettelPostClient::new`] with a timeout finer than whole seconds (tests).
    pub fn with_timeout(
        cfg: &ViettelPostConfig,
        timeout: std::time::Duration,
    ) -> Result<ViettelPostClient, CarrierError> {
        let base = http::checked_base_url(
            CARRIER,
            "carriers.viettelpost.base_url (ORDERDECK_CARRIERS__VIETTELPOST__BASE_URL)",
            &cfg.base_url,
        )?;
        if cfg.username.trim().is_empty() || cfg.password.is_empty() {
            return Err(CarrierError::NotConfigured {
                carrier: CARRIER,
                detail: "set carriers.viettelpost.username and carriers.viettelpost.password \
                         (ORDERDECK_CARRIERS__VIETTELPOST__USERNAME, …__PASSWORD)"
                    .into(),
            });
        }
        let base_str = base.as_str().trim_end_matches('/').to_string();
        // The simulator serves the print page itself; a real account prints at VTP's.
        let print_url = if http::is_loopback(&base) {
            format!("{}{PRINT_PATH}", base.origin().ascii_serialization())
        } else {
            PRINT_URL.to_string()
        };
        Ok(ViettelPostClient {
            http: http::build_client(CARRIER, timeout)?,
            base: base_str,
            print_url,
            username: Arc::from(cfg.username.trim()),
            password: Arc::from(cfg.password.as_str()),
            group_address_id: cfg.group_address_id,
            customer_id: cfg.customer_id,
            token: http::TokenCache::default(),
        })
    }

    /// Both log-in steps; errors say which step failed, never the secrets.
    async fn login(&self) -> CarrierResult<Arc<str>> {
        let creds = json!({ "USERNAME": &*self.username, "PASSWORD": &*self.password });
        let path = "/v2/user/Login";
        let request = self.http.post(format!("{}{path}", self.base)).json(&creds);
        let short = login_token(path, read(http::send(CARRIER, path, request).await?, true)?)?;
        let path = "/v2/user/ownerconnect";
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Token", short)
            .json(&creds);
        let long = login_token(path, read(http::send(CARRIER, path, request).await?, true)?)?;
        tracing::debug!(carrier = CARRIER, "logged in");
        Ok(Arc::from(long))
    }

    async fn current_token(&self) -> CarrierResult<Arc<str>> {
        self.token
            .get(|| async { Ok((self.login().await?, None)) })
            .await
    }

    /// Forgets `stale` unless another caller has already replaced it.
    async fn forget_token(&self, stale: &Arc<str>) {
        self.token.forget(stale).await;
    }

    /// POSTs with the cached token; logs in again once if VTP no longer accepts it.
    async fn call(&self, path: &str, body: &Value) -> CarrierResult<Outcome> {
        let mut retried = false;
        loop {
            let token = self.current_token().await?;
            let request = self
                .http
                .post(format!("{}{path}", self.base))
                .header("Token", &*token)
                .json(body);
            match read(http::send(CARRIER, path, request).await?, false)? {
                Outcome::TokenRejected(message) => {
                    self.forget_token(&token).await;
                    if retried {
                        return Err(CarrierError::Auth {
                            carrier: CARRIER,
                            message: format!("token refused right after logging in: {message}"),
                        });
                    }
                    tracing::debug!(carrier = CARRIER, path, "token refused; logging in again");
                    retried = true;
                }
                other => return Ok(other),
            }
        }
    }

    /// The data of a successful call; a refusal becomes [`CarrierError::Rejected`].
    async fn call_data(&self, path: &str, body: &Value) -> CarrierResult<(String, Value)> {
        match self.call(path, body).await? {
            Outcome::Data { message, data } => Ok((message, data)),
            Outcome::Refused { message, .. } => Err(CarrierError::Rejected {
                carrier: CARRIER,
                message,
            }),
            // `call` never returns it.
            Outcome::TokenRejected(message) => Err(CarrierError::Auth {
                carrier: CARRIER,
                message,
            }),
        }
    }

    /// The route's price list for our parcel, priced from the written-out addresses.
    async fn prices(&self, req: &ParcelRequest) -> CarrierResult<Vec<PriceOffer>> {
        let body = json!({
            "SENDER_ADDRESS": full_address(&req.sender),
            "RECEIVER_ADDRESS": full_address(&req.receiver),
            "PRODUCT_TYPE": "HH",
            "PRODUCT_WEIGHT": req.weight_grams,
            "PRODUCT_PRICE": http::to_vnd(CARRIER, "goods_value", req.goods_value)?,
            "MONEY_COLLECTION": http::to_vnd(CARRIER, "cod_amount", req.cod_amount)?,
            "PRODUCT_LENGTH": req.length_cm,
            "PRODUCT_WIDTH": req.width_cm,
            "PRODUCT_HEIGHT": req.height_cm,
            "ORDER_SERVICE_ADD": "",
            "NATIONAL_TYPE": 1,
            "TYPE": 1,
        });
        let (_, data) = self.call_data("/v2/order/getPriceAllNlp", &body).await?;
        price_list(data)
    }

    fn create_body(&self, req: &ParcelRequest, service: &str) -> CarrierResult<Value> {
        let cod = http::to_vnd(CARRIER, "cod_amount", req.cod_amount)?;
        let goods = http::to_vnd(CARRIER, "goods_value", req.goods_value)?;
        let total_qty: u32 = req.items.iter().map(|i| i.qty).sum::<u32>().max(1);
        let unit_weight = (req.weight_grams / total_qty).max(1);
        let mut items = Vec::with_capacity(req.items.len());
        for item in &req.items {
            items.push(json!({
                "PRODUCT_NAME": item.name,
                "PRODUCT_PRICE": http::to_vnd(CARRIER, "item price", item.price)?,
                "PRODUCT_WEIGHT": unit_weight,
                "PRODUCT_QUANTITY": item.qty,
            }));
        }
        let product_name: String = req
            .items
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
            .chars()
            .take(500)
            .collect();
        let mut body = json!({
            "ORDER_NUMBER": req.client_order_code,
            "DELIVERY_DATE": vn_now().format("%d/%m/%Y %H:%M:%S").to_string(),
            "PRODUCT_NAME": product_name,
            "PRODUCT_DESCRIPTION": req.note,
            "PRODUCT_QUANTITY": total_qty,
            "PRODUCT_PRICE": goods,
            "PRODUCT_WEIGHT": req.weight_grams,
            "PRODUCT_LENGTH": req.length_cm,
            "PRODUCT_WIDTH": req.width_cm,
            "PRODUCT_HEIGHT": req.height_cm,
            "PRODUCT_TYPE": "HH",
            "NATIONAL_TYPE": 1,
            "ORDER_PAYMENT": order_payment(cod, req.payer),
            "ORDER_SERVICE": service,
            "ORDER_SERVICE_ADD": "",
            "ORDER_VOUCHER": "",
            "ORDER_NOTE": order_note(req.required_note, &req.note),
            "MONEY_COLLECTION": cod,
            "MONEY_TOTALFEE": 0,
            "MONEY_FEECOD": 0,
            "MONEY_FEEVAS": 0,
            "MONEY_FEEINSURRANCE": 0,
            "MONEY_FEE": 0,
            "MONEY_FEEOTHER": 0,
            "MONEY_TOTALVAT": 0,
            "MONEY_TOTAL": 0,
            // Makes VTP refuse a second order with our reference: the retry guard.
            "CHECK_UNIQUE": true,
            "LIST_ITEM": items,
        });
        put_party(&mut body, "SENDER", &req.sender);
        put_party(&mut body, "RECEIVER", &req.receiver);
        if let Some(id) = self.group_address_id {
            body["GROUPADDRESS_ID"] = json!(id);
        }
        if let Some(id) = self.customer_id {
            body["CUS_ID"] = json!(id);
        }
        Ok(body)
    }
}

/// Reads VTP's envelope, or a bare price list: the array `getPriceAll` returns, or the
/// `{SENDER_ADDRESS, RECEIVER_ADDRESS, RESULT}` of `getPriceAllNlp`.
fn read(reply: Reply, quiet: bool) -> CarrierResult<Outcome> {
    if let Some(e) = http::status_error(CARRIER, &reply) {
        return Err(e);
    }
    let http_status = reply.status.as_u16();
    if http_status == 401 {
        return Ok(Outcome::TokenRejected(format!(
            "HTTP 401: {}",
            short_body(&reply, quiet)
        )));
    }
    if http_status == 403 {
        return Err(CarrierError::Auth {
            carrier: CARRIER,
            message: format!("HTTP 403: {}", short_body(&reply, quiet)),
        });
    }
    let value = http::json_body(CARRIER, &reply, quiet)?;
    if value.is_array() || is_bare_price_result(&value) {
        return Ok(Outcome::Data {
            message: String::new(),
            data: value,
        });
    }
    let env: Envelope = http::decode(CARRIER, "reply (no {status, error, message, data})", value)?;
    let status = env.status.as_ref().and_then(status_number).unwrap_or(0);
    let message = env.message.unwrap_or_default();
    if env.error || (status != 0 && !(200..300).contains(&status)) {
        if status == 401 || says_token_invalid(&message) {
            return Ok(Outcome::TokenRejected(message));
        }
        let message = if message.trim().is_empty() {
            format!("status {status} without a message")
        } else {
            message
        };
        return Ok(Outcome::Refused { status, message });
    }
    if !reply.status.is_success() {
        return Ok(Outcome::Refused {
            status: i64::from(http_status),
            message: format!("HTTP {http_status}: {message}"),
        });
    }
    Ok(Outcome::Data {
        message,
        data: env.data,
    })
}

/// `{…, RESULT: […]}` without the envelope's `error`/`data`: a bare `getPriceAllNlp` reply.
fn is_bare_price_result(v: &Value) -> bool {
    v.get("RESULT").is_some() && v.get("data").is_none() && v.get("error").is_none()
}

/// The offers in a price reply's data: a bare array, or the `RESULT` of
/// `{SENDER_ADDRESS, RECEIVER_ADDRESS, RESULT}`.
fn price_list(data: Value) -> CarrierResult<Vec<PriceOffer>> {
    const WHAT: &str = "getPriceAllNlp reply (a list of services, bare or in RESULT)";
    match data {
        Value::Array(_) => http::decode(CARRIER, WHAT, data),
        Value::Object(mut fields) => match fields.remove("RESULT") {
            Some(Value::Null) => Ok(Vec::new()),
            Some(list) => http::decode(CARRIER, WHAT, list),
            None => Err(CarrierError::Malformed {
                carrier: CARRIER,
                detail: format!("{WHAT}: an object without RESULT"),
            }),
        },
        other => Err(CarrierError::Malformed {
            carrier: CARRIER,
            detail: format!(
                "{WHAT}: got {}",
                http::excerpt(other.to_string().as_bytes())
            ),
        }),
    }
}

fn short_body(reply: &Reply, quiet: bool) -> String {
    if quiet {
        "(body not shown)".to_string()
    } else {
        http::excerpt(&reply.body)
    }
}

fn says_token_invalid(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("token")
        && ["invalid", "không hợp lệ", "hết hạn", "expired", "unauthori"]
            .iter()
            .any(|w| m.contains(w))
}

/// A log-in step's token; any refusal there is a credentials problem.
fn login_token(step: &str, outcome: Outcome) -> CarrierResult<String> {
    let (message, data) = match outcome {
        Outcome::Data { message, data } => (message, data),
        Outcome::Refused { message, .. } | Outcome::TokenRejected(message) => {
            return Err(CarrierError::Auth {
                carrier: CARRIER,
                message: format!("{step}: {message}"),
            });
        }
    };
    let token = data
        .get("token")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if token.is_empty() {
        return Err(CarrierError::Malformed {
            carrier: CARRIER,
            detail: format!("{step} gave no token ({message})"),
        });
    }
    Ok(token.to_string())
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    status: Option<Value>,
    #[serde(default)]
    error: bool,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    data: Value,
}

fn status_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct PriceOffer {
    MA_DV_CHINH: String,
    #[serde(default)]
    GIA_CUOC: Value,
    #[serde(default)]
    THOI_GIAN: Option<String>,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct CreateData {
    ORDER_NUMBER: String,
    #[serde(default)]
    MONEY_TOTAL: Value,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct OrderInfo {
    #[serde(default)]
    ORDER_NUMBER: String,
    #[serde(default)]
    ORDER_REFERENCE: Option<String>,
    #[serde(default)]
    MONEY_TOTAL: Value,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct StatusEntry {
    ORDER_STATUS: Value,
    #[serde(default)]
    ORDER_STATUSDATE: String,
    #[serde(default)]
    STATUS_NAME: Option<String>,
    #[serde(default)]
    NOTE: Option<String>,
    /// Misspelt in VTP's payloads; some handlers also read the correct spelling.
    #[serde(default)]
    LOCALION_CURRENTLY: Option<String>,
    #[serde(default)]
    LOCATION_CURRENTLY: Option<String>,
}

/// `ORDER_PAYMENT` (reference §2.3). Our COD amount is what the receiver hands over in
/// full, shipping included when the buyer pays, so VTP must collect exactly it (3) and
/// never add its fee on top (2 would charge shipping twice). With nothing to collect:
/// the seller is billed (1), or the receiver pays just the fee (4).
fn order_payment(cod: i64, payer: Payer) -> i64 {
    if cod > 0 {
        3
    } else if crate::carrier::carrier_collects_fee(cod, payer) {
        4
    } else {
        1
    }
}

/// VTP has no field for it: the note the shipper reads (reference's example wording).
fn order_note(note: RequiredNote, extra: &str) -> String {
    let rule = match note {
        RequiredNote::MayTry => "Cho thử hàng",
        RequiredNote::MayLook => "Cho xem hàng, không cho thử",
        RequiredNote::MayNotLook => "Không cho xem hàng",
    };
    if extra.trim().is_empty() {
        rule.to_string()
    } else {
        format!("{rule}. {}", extra.trim())
    }
}

/// "line1, ward, district, province", the parts that are filled in (post-2025 addresses
/// have no district): what the free-text endpoints read.
fn full_address(p: &Party) -> String {
    [&p.address, &p.ward, &p.district, &p.province]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One side of a `createOrderNlp` body: the address as text, no `_WARD`/`_DISTRICT`/
/// `_PROVINCE` ids (see the module comment).
fn put_party(body: &mut Value, side: &str, p: &Party) {
    body[format!("{side}_FULLNAME")] = json!(p.name);
    body[format!("{side}_ADDRESS")] = json!(full_address(p));
    body[format!("{side}_PHONE")] = json!(p.phone);
    body[format!("{side}_EMAIL")] = json!("");
}

fn vn_now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&VN_OFFSET)
}

/// `dd/MM/yyyy HH:mm:ss` in Vietnam time → UTC.
fn parse_vn_time(s: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(s.trim(), "%d/%m/%Y %H:%M:%S").ok()?;
    VN_OFFSET
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// A lead-time text such as "24 giờ", "48h", "2 ngày" or "3-4 ngày" → now + the longest
/// figure; None when it names no unit we know.
fn lead_time(text: &str) -> Option<DateTime<Utc>> {
    let lower = text.to_lowercase();
    let max = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse::<i64>().ok())
        .max()?;
    let hours_per_unit = if lower.contains("ngày") || lower.contains("day") {
        24
    } else if lower.contains("giờ") || lower.contains("hour") || lower.contains(&format!("{max}h"))
    {
        1
    } else {
        return None;
    };
    // A lead time past a year is no estimate (and a huge one overflowed the date).
    let hours = max.checked_mul(hours_per_unit).filter(|h| *h <= 366 * 24)?;
    Utc::now().checked_add_signed(chrono::Duration::try_hours(hours)?)
}

/// Express: VCN when offered, else the dearest offer; economy: the cheapest.
fn pick_offer(offers: Vec<PriceOffer>, service: Service) -> CarrierResult<(PriceOffer, Decimal)> {
    let mut priced = Vec::with_capacity(offers.len());
    for o in offers {
        let fee = http::amount_from_json(CARRIER, "GIA_CUOC", &o.GIA_CUOC)?;
        priced.push((o, fee));
    }
    let chosen = match service {
        Service::Express => {
            let vcn = priced
                .iter()
                .position(|(o, _)| o.MA_DV_CHINH.eq_ignore_ascii_case(EXPRESS_SERVICE));
            match vcn {
                Some(i) => Some(priced.swap_remove(i)),
                None => priced.into_iter().max_by_key(|(_, fee)| *fee),
            }
        }
        Service::Economy => priced.into_iter().min_by_key(|(_, fee)| *fee),
    };
    chosen.ok_or_else(|| CarrierError::Rejected {
        carrier: CARRIER,
        message: "no service is offered for this parcel and route".into(),
    })
}

fn is_not_found(message: &str) -> bool {
    let m = message.to_lowercase();
    ["không tìm thấy", "không tồn tại", "not found", "not exist"]
        .iter()
        .any(|w| m.contains(w))
}

impl Carrier for ViettelPostClient {
    fn kind(&self) -> CarrierKind {
        CarrierKind::ViettelPost
    }

    async fn quote(&self, req: &ParcelRequest) -> CarrierResult<Quote> {
        let (offer, fee) = pick_offer(self.prices(req).await?, req.service)?;
        Ok(Quote {
            fee,
            expected_delivery: offer.THOI_GIAN.as_deref().and_then(lead_time),
        })
    }

    async fn create(&self, req: &ParcelRequest) -> CarrierResult<CarrierOrder> {
        let (offer, _) = pick_offer(self.prices(req).await?, req.service)?;
        let body = self.create_body(req, &offer.MA_DV_CHINH)?;
        match self.call("/v2/order/createOrderNlp", &body).await? {
            Outcome::Data { data, .. } => {
                let d: CreateData = http::decode(CARRIER, "createOrderNlp reply", data)?;
                if d.ORDER_NUMBER.trim().is_empty() {
                    return Err(CarrierError::Malformed {
                        carrier: CARRIER,
                        detail: "createOrderNlp reply without ORDER_NUMBER".into(),
                    });
                }
                Ok(CarrierOrder {
                    tracking_number: d.ORDER_NUMBER,
                    fee: http::amount_from_json(CARRIER, "MONEY_TOTAL", &d.MONEY_TOTAL)?,
                    expected_delivery: offer.THOI_GIAN.as_deref().and_then(lead_time),
                })
            }
            Outcome::Refused { message, .. } => {
                // CHECK_UNIQUE refused our own reference: an earlier create of ours went
                // through and its reply was lost. Hand that order back.
                if http::says_duplicate(&message)
                    && let Some(order) = self.find(&req.client_order_code).await?
                {
                    return Ok(order);
                }
                Err(CarrierError::Rejected {
                    carrier: CARRIER,
                    message,
                })
            }
            Outcome::TokenRejected(message) => Err(CarrierError::Auth {
                carrier: CARRIER,
                message,
            }),
        }
    }

    async fn find(&self, client_order_code: &str) -> CarrierResult<Option<CarrierOrder>> {
        let body = json!({ "ORDER_NUMBER": client_order_code });
        let data = match self
            .call("/v2/order/getOrderInfoByOrderNumber", &body)
            .await?
        {
            Outcome::Data { data, .. } => data,
            Outcome::Refused { status: 404, .. } => return Ok(None),
            Outcome::Refused { message, .. } if is_not_found(&message) => return Ok(None),
            Outcome::Refused { message, .. } | Outcome::TokenRejected(message) => {
                return Err(CarrierError::Rejected {
                    carrier: CARRIER,
                    message,
                });
            }
        };
        // One order, or a list of them (the sources do not say which).
        let candidates: Vec<OrderInfo> = match data {
            Value::Null => return Ok(None),
            Value::Array(_) => http::decode(CARRIER, "order info", data)?,
            other => vec![http::decode(CARRIER, "order info", other)?],
        };
        let ours = candidates
            .into_iter()
            .filter(|o| !o.ORDER_NUMBER.trim().is_empty())
            .find(|o| {
                o.ORDER_REFERENCE
                    .as_deref()
                    .is_none_or(|r| r == client_order_code)
            });
        match ours {
            None => Ok(None),
            Some(o) => Ok(Some(CarrierOrder {
                fee: http::amount_from_json(CARRIER, "MONEY_TOTAL", &o.MONEY_TOTAL)?,
                tracking_number: o.ORDER_NUMBER,
                expected_delivery: None,
            })),
        }
    }

    async fn track(&self, tracking_number: &str) -> CarrierResult<Tracking> {
        let body = json!({ "ORDER_NUMBER": tracking_number });
        let (_, data) = self
            .call_data("/v2/order/getOrderStatusByOrderNumber", &body)
            .await?;
        let entries: Vec<StatusEntry> = match data {
            Value::Array(_) => http::decode(CARRIER, "status history", data)?,
            Value::Null => Vec::new(),
            other => vec![http::decode(CARRIER, "status history", other)?],
        };
        let mut events = Vec::with_capacity(entries.len());
        for e in entries {
            let code = status_number(&e.ORDER_STATUS).ok_or_else(|| CarrierError::Malformed {
                carrier: CARRIER,
                detail: format!("ORDER_STATUS {} is not a number", e.ORDER_STATUS),
            })?;
            let at = parse_vn_time(&e.ORDER_STATUSDATE).ok_or_else(|| CarrierError::Malformed {
                carrier: CARRIER,
                detail: format!(
                    "ORDER_STATUSDATE {:?} is not dd/MM/yyyy HH:mm:ss",
                    e.ORDER_STATUSDATE
                ),
            })?;
            let name = e.STATUS_NAME.unwrap_or_default();
            let note = e.NOTE.unwrap_or_default();
            let description = match (name.trim(), note.trim()) {
                ("", "") => code.to_string(),
                (n, "") => n.to_string(),
                ("", n) => n.to_string(),
                (n, m) => format!("{n} — {m}"),
            };
            events.push(TrackingEvent {
                status: ShipmentStatus::from_viettel_post(code),
                carrier_status: code.to_string(),
                description,
                location: e
                    .LOCALION_CURRENTLY
                    .or(e.LOCATION_CURRENTLY)
                    .unwrap_or_default(),
                occurred_at: at,
            });
        }
        // Stable: the times have whole seconds, so equal times keep VTP's order.
        events.sort_by_key(|e| e.occurred_at);
        let last = events.last().ok_or_else(|| CarrierError::Rejected {
            carrier: CARRIER,
            message: format!("no status history for {tracking_number}"),
        })?;
        Ok(Tracking {
            status: last.status,
            carrier_status: last.carrier_status.clone(),
            events,
        })
    }

    async fn act(&self, tracking_number: &str, action: ParcelAction) -> CarrierResult<()> {
        // UpdateOrder TYPE (reference §2.5): 4 cancel, 3 deliver again, 2 approve return.
        let (kind, note) = match action {
            ParcelAction::Cancel => (4, "Hủy đơn"),
            ParcelAction::Redeliver => (3, "Phát tiếp"),
            ParcelAction::ReturnToSender => (2, "Duyệt hoàn"),
        };
        let body = json!({ "ORDER_NUMBER": tracking_number, "TYPE": kind, "NOTE": note });
        self.call_data("/v2/order/UpdateOrder", &body)
            .await
            .map_err(|e| match e {
                CarrierError::Rejected { carrier, message } => CarrierError::Rejected {
                    carrier,
                    message: format!("{tracking_number}: {message}"),
                },
                other => other,
            })?;
        Ok(())
    }

    async fn label(&self, tracking_number: &str) -> CarrierResult<CarrierLabel> {
        let body = json!({
            "EXPIRY_TIME": Utc::now().timestamp_millis() + PRINT_EXPIRY_MS,
            "ORDER_ARRAY": [tracking_number],
        });
        let (message, _) = self.call_data("/v2/order/printing-code", &body).await?;
        let token = message.trim();
        if token.is_empty() {
            return Err(CarrierError::Malformed {
                carrier: CARRIER,
                detail: "printing-code gave no code in `message`".into(),
            });
        }
        let url = reqwest::Url::parse_with_params(
            &self.print_url,
            &[("type", "2"), ("bill", token), ("showPostage", "1")],
        )
        .map_err(|e| CarrierError::Malformed {
            carrier: CARRIER,
            detail: format!("cannot build the print URL: {e}"),
        })?;
        let reply = http::send(CARRIER, PRINT_PATH, self.http.get(url.clone())).await?;
        http::label_from_reply(CARRIER, url.to_string(), reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnam_times_become_utc() {
        let t = parse_vn_time("05/03/2025 14:30:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-03-05T07:30:00+00:00");
        assert!(parse_vn_time("2025-03-05 14:30").is_none());
    }

    #[test]
    fn payment_never_charges_shipping_twice() {
        assert_eq!(order_payment(250_000, Payer::Buyer), 3);
        assert_eq!(order_payment(250_000, Payer::Seller), 3);
        assert_eq!(order_payment(0, Payer::Seller), 1);
        assert_eq!(order_payment(0, Payer::Buyer), 4);
    }

    #[test]
    fn lead_times() {
        let now = Utc::now();
        let t = lead_time("3-4 ngày").unwrap();
        assert!(t > now + chrono::Duration::hours(95));
        assert!(lead_time("24 giờ").unwrap() < now + chrono::Duration::hours(25));
        assert!(lead_time("48h").unwrap() > now + chrono::Duration::hours(47));
        assert!(lead_time("sớm").is_none());
        assert!(lead_time("Nhanh 2").is_none());
    }
}
