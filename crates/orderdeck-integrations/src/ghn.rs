//! Giao Hàng Nhanh over its v2 API ("shiip/public-api"), reference §1.
//!
//! Every call sends `Token`; shop-scoped calls (fee, create, switch-status) also send
//! `ShopId`. Replies are `{code, message, data}`; a refusal comes with a non-2xx status
//! and its text in `message`.
//!
//! Services (§1.5): GHN today has two, `service_type_id` 2 ("Hàng nhẹ", e-commerce
//! delivery, the default for light goods) and 5 ("Hàng nặng", heavy goods, weighed and
//! measured per item in `items[]`). Which one is the parcel's weight, not the person's
//! express/economy choice: GHN has one light service, so both map to 2, and 5 is used from
//! 20 kg — a line the reference does not draw (GHN's public service description does),
//! said here so it can be checked. The legacy ids 1 and 3 are documented as unreliable.
//! When both ends of the route are known as GHN district ids, the route's own `service_id`
//! of that kind is asked from `available-services` (ids are per route, §1.5) and sent
//! instead; where that call does not answer, `service_type_id` is sent as before.
//!
//! Places (§1.3, §1.4): the fee endpoint requires `to_district_id` and `to_ward_code`, so
//! the receiver's address must first be resolved against GHN's master data
//! ([`GhnClient::places`], cached in the database by the app). Both fee and create send
//! the ids; names only go for the sender when its address did not resolve (create takes
//! names, the fee endpoint documents none, and GHN falls back to the shop's address).
//!
//! Pick-up shift: `carriers.ghn.pick_shift` (shift ids from `/v2/shift/date`, reference
//! §1.4) goes on every create as `pick_shift`; without it the field is left out and GHN
//! picks up as it usually does. The fee endpoint does not take it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use orderdeck_domain::places::{Level, Located, Place};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::carrier::{
    Carrier, CarrierError, CarrierKind, CarrierLabel, CarrierOrder, CarrierResult, GhnConfig,
    ParcelAction, ParcelRequest, Payer, Quote, RequiredNote, ShipmentStatus, Tracking,
    TrackingEvent,
};
use crate::http::{self, Reply};

pub(crate) const CARRIER: &str = "GHN";

/// GHN pays out at most this much on a lost parcel, and its current pages refuse a higher
/// `insurance_value` (an older page says 10,000,000): declaring more buys nothing.
const MAX_INSURANCE_VND: i64 = 5_000_000;

/// `service_type_id` values, see the module comment.
const SERVICE_TYPE_LIGHT: i64 = 2;
const SERVICE_TYPE_HEAVY: i64 = 5;
/// From this weight a parcel goes as heavy goods (module comment: not in the reference).
const HEAVY_FROM_GRAMS: u32 = 20_000;

#[derive(Clone)]
pub struct GhnClient {
    http: reqwest::Client,
    /// `…/shiip/public-api`, no trailing slash.
    api: String,
    /// `scheme://host[:port]`: the print pages live outside `/shiip/public-api`.
    print_origin: String,
    token: Arc<str>,
    shop_id: i64,
    /// `pick_shift` for creates; `None` when not configured (or configured empty).
    pick_shift: Option<Arc<[i64]>>,
    /// `available-services` per (from, to) district: routes do not change within a run.
    services: Arc<Mutex<RouteServices>>,
}

/// A route's services by (from, to) district.
type RouteServices = HashMap<(i64, i64), Vec<RouteService>>;

/// One of a route's services (§1.3 available-services).
#[derive(Debug, Clone, Deserialize)]
struct RouteService {
    service_id: i64,
    #[serde(default)]
    service_type_id: i64,
}

/// How many master-data calls run at once while the lists are fetched.
const MASTER_DATA_CALLS_AT_ONCE: usize = 8;

impl std::fmt::Debug for GhnClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GhnClient")
            .field("api", &self.api)
            .field("token", &crate::carrier::redact(&self.token))
            .field("shop_id", &self.shop_id)
            .field("pick_shift", &self.pick_shift)
            .finish()
    }
}

/// A refusal in GHN's envelope.
struct Refusal {
    http: u16,
    code: i64,
    message: String,
}

impl Refusal {
    /// "Lỗi gọi API: corev2_tenant_order_detail - code=404, message=Đơn hàng không tồn tại".
    fn is_not_found(&self) -> bool {
        let m = self.message.to_lowercase();
        self.code == 404
            || self.http == 404
            || m.contains("không tồn tại")
            || m.contains("code=404")
            || m.contains("not found")
    }

    fn is_duplicate(&self) -> bool {
        http::says_duplicate(&self.message)
    }

    fn into_error(self) -> CarrierError {
        CarrierError::Rejected {
            carrier: CARRIER,
            message: self.message,
        }
    }
}

/// How long a quote waits for GHN's lead time before going without its date.
const LEAD_TIME_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

impl GhnClient {
    pub fn new(cfg: &GhnConfig) -> Result<GhnClient, CarrierError> {
        GhnClient::with_timeout(cfg, http::timeout_from(cfg.timeout_secs))
    }

    /// As [`GhnClient::new`] with a timeout finer than the config's whole seconds (tests).
    pub fn with_timeout(
        cfg: &GhnConfig,
        timeout: std::time::Duration,
    ) -> Result<GhnClient, CarrierError> {
        let base = http::checked_base_url(
            CARRIER,
            "carriers.ghn.base_url (ORDERDECK_CARRIERS__GHN__BASE_URL)",
            &cfg.base_url,
        )?;
        if cfg.token.trim().is_empty() {
            return Err(CarrierError::NotConfigured {
                carrier: CARRIER,
                detail: "set carriers.ghn.token (ORDERDECK_CARRIERS__GHN__TOKEN)".into(),
            });
        }
        if cfg.shop_id <= 0 {
            return Err(CarrierError::NotConfigured {
                carrier: CARRIER,
                detail: "set carriers.ghn.shop_id (ORDERDECK_CARRIERS__GHN__SHOP_ID)".into(),
            });
        }
        let print_origin = base.origin().ascii_serialization();
        Ok(GhnClient {
            http: http::build_client(CARRIER, timeout)?,
            api: base.as_str().trim_end_matches('/').to_string(),
            print_origin,
            token: Arc::from(cfg.token.trim()),
            shop_id: cfg.shop_id,
            // An empty list asks for nothing: leave the field out rather than send `[]`.
            pick_shift: cfg
                .pick_shift
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(Arc::from),
            services: Arc::default(),
        })
    }

    /// POSTs to an API path; `Ok(Err(_))` is GHN saying no.
    async fn post(
        &self,
        path: &str,
        body: &Value,
        shop_scoped: bool,
    ) -> CarrierResult<Result<Value, Refusal>> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.api))
            .header("Token", &*self.token)
            .json(body);
        if shop_scoped {
            request = request.header("ShopId", self.shop_id);
        }
        let reply = http::send(CARRIER, path, request).await?;
        read_envelope(&reply)
    }

    /// When a parcel on this route should arrive (`/v2/shipping-order/leadtime`), for a fee
    /// body that names a route's `service_id`; `None` without one, or when GHN does not
    /// say — a quote is still a quote without its date. The reference does not give
    /// `data.leadtime`'s type: unix seconds (GHN's examples) and RFC 3339 text are read.
    async fn lead_time(&self, fee_body: &Value) -> Option<DateTime<Utc>> {
        let service_id = fee_body.get("service_id")?;
        let mut body = json!({
            "to_district_id": fee_body.get("to_district_id")?,
            "to_ward_code": fee_body.get("to_ward_code")?,
            "service_id": service_id,
        });
        if let (Some(d), Some(w)) = (
            fee_body.get("from_district_id"),
            fee_body.get("from_ward_code"),
        ) {
            body["from_district_id"] = d.clone();
            body["from_ward_code"] = w.clone();
        }
        // Its own short wait: a slow date must not cost the fee it goes with.
        let asked = self.post("/v2/shipping-order/leadtime", &body, true);
        let data = match tokio::time::timeout(LEAD_TIME_WAIT, asked).await {
            Ok(Ok(Ok(data))) => data,
            Ok(Ok(Err(refusal))) => {
                tracing::debug!("GHN gave no lead time: {}", refusal.into_error());
                return None;
            }
            Ok(Err(e)) => {
                tracing::debug!("GHN gave no lead time: {e}");
                return None;
            }
            Err(_) => {
                tracing::debug!("GHN gave no lead time in {LEAD_TIME_WAIT:?}");
                return None;
            }
        };
        match data.get("leadtime")? {
            Value::Number(n) => n
                .as_i64()
                .filter(|s| *s > 0)
                .and_then(|s| DateTime::from_timestamp(s, 0)),
            Value::String(s) => parse_time(s),
            _ => None,
        }
    }

    /// The JSON both the fee and the create endpoints read.
    async fn parcel_body(&self, req: &ParcelRequest, for_create: bool) -> CarrierResult<Value> {
        let to = req
            .receiver_place
            .as_ref()
            .ok_or_else(|| CarrierError::Incomplete {
                carrier: CARRIER,
                detail: "GHN needs the receiver's district and ward ids (to_district_id, \
                         to_ward_code): the address was not resolved against GHN's places"
                    .into(),
            })?;
        let to_district = district_id(to)?;
        let from = req.sender_place.as_ref();
        let service_type_id = if req.weight_grams >= HEAVY_FROM_GRAMS {
            SERVICE_TYPE_HEAVY
        } else {
            SERVICE_TYPE_LIGHT
        };
        let route_service = match from {
            Some(f) => {
                self.route_service(district_id(f)?, to_district, service_type_id)
                    .await?
            }
            None => None,
        };
        let cod = http::to_vnd(CARRIER, "cod_amount", req.cod_amount)?;
        let insurance =
            http::to_vnd(CARRIER, "goods_value", req.goods_value)?.min(MAX_INSURANCE_VND);
        let total_qty: u32 = req.items.iter().map(|i| i.qty).sum::<u32>().max(1);
        let unit_weight = (req.weight_grams / total_qty).max(1);
        let mut items = Vec::with_capacity(req.items.len());
        for (n, item) in req.items.iter().enumerate() {
            let mut it = json!({
                "name": item.name,
                "code": item.code,
                "quantity": item.qty,
                "price": http::to_vnd(CARRIER, "item price", item.price)?,
            });
            // Heavy goods are weighed and measured per item, not as a parcel. Each unit
            // gets its share of the weight; the items' own sizes are not known, so the
            // box's size goes on the first item and the rest count as packed inside it
            // (1 cm sides) — the box measured once, not once per item.
            if service_type_id == SERVICE_TYPE_HEAVY {
                let (l, w, h) = if n == 0 {
                    (req.length_cm, req.width_cm, req.height_cm)
                } else {
                    (1, 1, 1)
                };
                it["weight"] = json!(unit_weight);
                it["length"] = json!(l);
                it["width"] = json!(w);
                it["height"] = json!(h);
            }
            items.push(it);
        }
        let mut body = json!({
            "to_district_id": to_district,
            "to_ward_code": to.ward_id,
            "weight": req.weight_grams,
            "length": req.length_cm,
            "width": req.width_cm,
            "height": req.height_cm,
            "insurance_value": insurance,
            "items": items,
        });
        match route_service {
            Some(id) => body["service_id"] = json!(id),
            None => body["service_type_id"] = json!(service_type_id),
        }
        match from {
            Some(f) => {
                body["from_district_id"] = json!(district_id(f)?);
                body["from_ward_code"] = json!(f.ward_id);
            }
            // Names are documented for create only; the fee then starts from the shop's
            // registered address.
            None if for_create => {
                body["from_ward_name"] = json!(req.sender.ward);
                body["from_district_name"] = json!(req.sender.district);
                body["from_province_name"] = json!(req.sender.province);
            }
            None => {}
        }
        if for_create {
            body["from_name"] = json!(req.sender.name);
            body["from_phone"] = json!(req.sender.phone);
            body["from_address"] = json!(req.sender.address);
            body["to_name"] = json!(req.receiver.name);
            body["to_phone"] = json!(req.receiver.phone);
            body["to_address"] = json!(req.receiver.address);
            body["client_order_code"] = json!(req.client_order_code);
            body["cod_amount"] = json!(cod);
            body["payment_type_id"] = json!(payment_type(cod, req.payer));
            body["required_note"] = json!(required_note_code(req.required_note));
            body["note"] = json!(req.note);
            body["content"] = json!(content_line(req));
            if let Some(shifts) = &self.pick_shift {
                body["pick_shift"] = json!(shifts.as_ref());
            }
        } else {
            // The fee endpoint calls COD `cod_value`.
            body["cod_value"] = json!(cod);
        }
        Ok(body)
    }

    /// The route's own service of this kind, from `available-services` (asked once per
    /// route). `None` when GHN does not answer it or offers none of that kind: the
    /// generic `service_type_id` then goes instead.
    async fn route_service(&self, from: i64, to: i64, kind: i64) -> CarrierResult<Option<i64>> {
        let known = self
            .services
            .lock()
            .ok()
            .and_then(|m| m.get(&(from, to)).cloned());
        let list = match known {
            Some(list) => list,
            None => {
                let body =
                    json!({ "shop_id": self.shop_id, "from_district": from, "to_district": to });
                match self
                    .post("/v2/shipping-order/available-services", &body, false)
                    .await
                {
                    Ok(Ok(data)) => {
                        let list: Vec<RouteService> =
                            http::decode(CARRIER, "available-services reply", data)
                                .unwrap_or_default();
                        if let Ok(mut m) = self.services.lock() {
                            m.insert((from, to), list.clone());
                        }
                        list
                    }
                    // Bad credentials are worth saying; anything else falls back.
                    Err(e @ CarrierError::Auth { .. }) => return Err(e),
                    Ok(Err(_)) | Err(_) => return Ok(None),
                }
            }
        };
        Ok(list
            .iter()
            .find(|s| s.service_type_id == kind)
            .map(|s| s.service_id))
    }

    /// GHN's provinces, districts and wards (§1.3 master data): one call for the
    /// provinces, one per province, one per district. Locked entries (`Status` 2,
    /// `SupportType` 0) are left out: nothing can be sent there. `SupportType` 1 (pick up
    /// only) is kept, since the same list serves senders too — the reference does not say
    /// how GHN answers a parcel sent to such a ward.
    pub async fn places(&self) -> CarrierResult<Vec<Place>> {
        let reply = http::send(
            CARRIER,
            "/master-data/province",
            self.http
                .get(format!("{}/master-data/province", self.api))
                .header("Token", &*self.token),
        )
        .await?;
        let data = read_envelope(&reply)?.map_err(Refusal::into_error)?;
        let provinces: Vec<MasterRow> = http::decode(CARRIER, "province list", data)?;
        let mut places: Vec<Place> = provinces
            .iter()
            .filter(|p| p.live())
            .filter_map(|p| p.place(Level::Province))
            .collect();
        let province_ids: Vec<i64> = provinces
            .iter()
            .filter(|p| p.live())
            .filter_map(|p| p.province_id)
            .collect();
        let districts: Vec<Vec<MasterRow>> = futures::stream::iter(province_ids)
            .map(|id| self.master_list("/master-data/district", "province_id", id))
            .buffer_unordered(MASTER_DATA_CALLS_AT_ONCE)
            .try_collect()
            .await?;
        let district_ids: Vec<i64> = districts
            .iter()
            .flatten()
            .filter(|d| d.live())
            .filter_map(|d| d.district_id)
            .collect();
        places.extend(
            districts
                .iter()
                .flatten()
                .filter(|d| d.live())
                .filter_map(|d| d.place(Level::District)),
        );
        let wards: Vec<Vec<MasterRow>> = futures::stream::iter(district_ids)
            .map(|id| self.master_list("/master-data/ward", "district_id", id))
            .buffer_unordered(MASTER_DATA_CALLS_AT_ONCE)
            .try_collect()
            .await?;
        places.extend(
            wards
                .iter()
                .flatten()
                .filter(|w| w.live())
                .filter_map(|w| w.place(Level::Ward)),
        );
        Ok(places)
    }

    /// One master-data list under a parent. The ward row of §1.3 writes the id in the
    /// query (`/master-data/ward?district_id`) and as the body's key field: both are sent.
    /// An unknown parent is GHN's 404, an empty list here. A read changes nothing, so a
    /// call that timed out or met a busy gateway is tried again (three tries in all):
    /// one slow answer in seven hundred should not cost the whole list.
    async fn master_list(&self, path: &str, key: &str, id: i64) -> CarrierResult<Vec<MasterRow>> {
        let url = format!("{}{path}?{key}={id}", self.api);
        let mut tries = 0;
        let reply = loop {
            tries += 1;
            let request = self
                .http
                .post(&url)
                .header("Token", &*self.token)
                .json(&json!({ key: id }));
            match http::send(CARRIER, path, request).await {
                Err(e) if e.is_transient() && tries < 3 => {
                    tokio::time::sleep(std::time::Duration::from_millis(200 * tries)).await;
                }
                other => break other?,
            }
        };
        match read_envelope(&reply)? {
            Ok(Value::Null) => Ok(Vec::new()),
            Ok(data) => http::decode(CARRIER, "master-data list", data),
            Err(r) if r.is_not_found() => Ok(Vec::new()),
            Err(r) => Err(r.into_error()),
        }
    }

    fn order_from_detail(data: Value) -> CarrierResult<Option<CarrierOrder>> {
        if data.is_null() {
            return Ok(None);
        }
        let d: DetailData = http::decode(CARRIER, "order detail", data)?;
        if d.order_code.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(CarrierOrder {
            tracking_number: d.order_code,
            // Detail may not repeat the fee; the caller keeps what create said then.
            fee: http::amount_from_json(CARRIER, "total_fee", &d.total_fee)?,
            expected_delivery: d.leadtime.as_deref().and_then(parse_time),
        }))
    }
}

/// Turns a reply into GHN's data or GHN's refusal; everything else is a [`CarrierError`].
fn read_envelope(reply: &Reply) -> CarrierResult<Result<Value, Refusal>> {
    if let Some(e) = http::status_error(CARRIER, reply) {
        return Err(e);
    }
    let auth_status = matches!(reply.status.as_u16(), 401 | 403);
    let value = match http::json_body(CARRIER, reply, false) {
        Ok(v) => v,
        Err(_) if auth_status => {
            return Err(CarrierError::Auth {
                carrier: CARRIER,
                message: format!(
                    "HTTP {}: {}",
                    reply.status.as_u16(),
                    http::excerpt(&reply.body)
                ),
            });
        }
        Err(e) => return Err(e),
    };
    let env: Envelope = http::decode(CARRIER, "reply (no {code, message, data})", value)?;
    if auth_status || matches!(env.code, 401 | 403) {
        return Err(CarrierError::Auth {
            carrier: CARRIER,
            message: env.message,
        });
    }
    if !reply.status.is_success() || env.code != 200 {
        return Ok(Err(Refusal {
            http: reply.status.as_u16(),
            code: env.code,
            message: if env.message.trim().is_empty() {
                format!("code {} without a message", env.code)
            } else {
                env.message
            },
        }));
    }
    Ok(Ok(env.data))
}

#[derive(Deserialize)]
struct Envelope {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    data: Value,
}

/// A row of any master-data list (§1.3): the fields of its level are there.
#[derive(Deserialize)]
struct MasterRow {
    #[serde(rename = "ProvinceID", default)]
    province_id: Option<i64>,
    #[serde(rename = "ProvinceName", default)]
    province_name: Option<String>,
    #[serde(rename = "DistrictID", default)]
    district_id: Option<i64>,
    #[serde(rename = "DistrictName", default)]
    district_name: Option<String>,
    #[serde(rename = "WardCode", default)]
    ward_code: Option<String>,
    #[serde(rename = "WardName", default)]
    ward_name: Option<String>,
    #[serde(rename = "NameExtension", default)]
    name_extension: Option<Vec<String>>,
    #[serde(rename = "Status", default)]
    status: Option<i64>,
    #[serde(rename = "SupportType", default)]
    support_type: Option<i64>,
}

impl MasterRow {
    /// Not locked (`Status` 2) and not closed to all service (`SupportType` 0).
    fn live(&self) -> bool {
        self.status != Some(2) && self.support_type != Some(0)
    }

    fn place(&self, level: Level) -> Option<Place> {
        let text = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").to_string();
        let (id, parent, name) = match level {
            Level::Province => (
                self.province_id?.to_string(),
                String::new(),
                text(&self.province_name),
            ),
            Level::District => (
                self.district_id?.to_string(),
                self.province_id?.to_string(),
                text(&self.district_name),
            ),
            Level::Ward => (
                text(&self.ward_code),
                self.district_id?.to_string(),
                text(&self.ward_name),
            ),
        };
        if id.is_empty() || name.is_empty() {
            return None;
        }
        Some(Place {
            level,
            id,
            parent,
            name,
            aliases: self.name_extension.clone().unwrap_or_default(),
        })
    }
}

/// A GHN district id from a resolved place (GHN's are numbers).
fn district_id(place: &Located) -> CarrierResult<i64> {
    place
        .district_id
        .trim()
        .parse()
        .map_err(|_| CarrierError::Incomplete {
            carrier: CARRIER,
            detail: format!(
                "district id {:?} is not GHN's (a number): refresh GHN's places",
                place.district_id
            ),
        })
}

#[derive(Deserialize)]
struct CreateData {
    order_code: String,
    #[serde(default)]
    total_fee: Value,
    #[serde(default)]
    expected_delivery_time: Option<String>,
}

#[derive(Deserialize)]
struct FeeData {
    total: Value,
}

#[derive(Deserialize)]
struct DetailData {
    #[serde(default)]
    order_code: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    total_fee: Value,
    #[serde(default)]
    leadtime: Option<String>,
    #[serde(default)]
    updated_date: Option<String>,
    #[serde(default)]
    log: Option<Vec<LogEntry>>,
}

#[derive(Deserialize)]
struct LogEntry {
    status: String,
    updated_date: String,
    #[serde(default)]
    warehouse: Option<String>,
}

#[derive(Deserialize)]
struct SwitchResult {
    #[serde(default)]
    order_code: String,
    result: bool,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct PrintToken {
    token: String,
}

/// `payment_type_id` (reference §1.4): who pays GHN's fee, 1 the shop, 2 the receiver.
/// Our COD already holds the shipping the buyer pays, so with a COD the shop pays GHN (1);
/// 2 would make GHN collect its fee on top. Only with nothing to collect does the buyer
/// pay GHN's fee at the door. Same rule as Viettel Post's `ORDER_PAYMENT`.
fn payment_type(cod: i64, payer: Payer) -> i64 {
    if crate::carrier::carrier_collects_fee(cod, payer) {
        2
    } else {
        1
    }
}

fn required_note_code(n: RequiredNote) -> &'static str {
    match n {
        RequiredNote::MayTry => "CHOTHUHANG",
        RequiredNote::MayLook => "CHOXEMHANGKHONGTHU",
        RequiredNote::MayNotLook => "KHONGCHOXEMHANG",
    }
}

/// `content` (≤ 2000 chars): what is in the box, for the shipper.
fn content_line(req: &ParcelRequest) -> String {
    let line = req
        .items
        .iter()
        .map(|i| format!("{} x{}", i.name, i.qty))
        .collect::<Vec<_>>()
        .join(", ");
    line.chars().take(2000).collect()
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// What GHN's status strings mean (reference §1.8), for the tracking view.
fn status_text(code: &str) -> &'static str {
    match code {
        "ready_to_pick" => "New order, waiting for pickup",
        "picking" => "Shipper on the way to pick up",
        "money_collect_picking" => "Shipper dealing with the sender",
        "picked" => "Picked up",
        "storing" => "At a GHN warehouse",
        "transporting" => "In transit between hubs",
        "sorting" => "Being sorted",
        "delivering" => "Out for delivery",
        "money_collect_delivering" => "Shipper dealing with the recipient",
        "delivered" => "Delivered",
        "delivery_fail" => "Delivery attempt failed",
        "waiting_to_return" => "Waiting: re-deliver if confirmed, else return",
        "return" => "Return to sender started",
        "return_transporting" => "Return in transit",
        "return_sorting" => "Return being sorted",
        "returning" => "Being returned to the sender",
        "return_fail" => "Return attempt failed",
        "returned" => "Returned to sender",
        "cancel" => "Cancelled",
        "exception" => "Exception handling",
        "lost" => "Lost",
        "damage" => "Damaged",
        _ => "",
    }
}

fn event(code: &str, at: DateTime<Utc>, location: String) -> TrackingEvent {
    let text = status_text(code);
    TrackingEvent {
        status: ShipmentStatus::from_ghn(code),
        carrier_status: code.to_string(),
        description: if text.is_empty() {
            code.to_string()
        } else {
            text.to_string()
        },
        location,
        occurred_at: at,
    }
}

impl Carrier for GhnClient {
    fn kind(&self) -> CarrierKind {
        CarrierKind::Ghn
    }

    async fn quote(&self, req: &ParcelRequest) -> CarrierResult<Quote> {
        let body = self.parcel_body(req, false).await?;
        let data = self
            .post("/v2/shipping-order/fee", &body, true)
            .await?
            .map_err(Refusal::into_error)?;
        let fee: FeeData = http::decode(CARRIER, "fee reply", data)?;
        Ok(Quote {
            fee: http::amount_from_json(CARRIER, "total", &fee.total)?,
            // The fee endpoint gives no lead time: its own endpoint does, and only for a
            // route's service id (known when the sender's place resolved).
            expected_delivery: self.lead_time(&body).await,
        })
    }

    async fn create(&self, req: &ParcelRequest) -> CarrierResult<CarrierOrder> {
        let body = self.parcel_body(req, true).await?;
        match self.post("/v2/shipping-order/create", &body, true).await? {
            Ok(data) => {
                let d: CreateData = http::decode(CARRIER, "create reply", data)?;
                if d.order_code.trim().is_empty() {
                    return Err(CarrierError::Malformed {
                        carrier: CARRIER,
                        detail: "create reply without order_code".into(),
                    });
                }
                Ok(CarrierOrder {
                    tracking_number: d.order_code,
                    fee: http::amount_from_json(CARRIER, "total_fee", &d.total_fee)?,
                    expected_delivery: d.expected_delivery_time.as_deref().and_then(parse_time),
                })
            }
            // Our code is ours alone and stored before the first call: a duplicate is
            // our own earlier create (whose reply was lost), so hand that order back.
            Err(refusal) if refusal.is_duplicate() => {
                match self.find(&req.client_order_code).await? {
                    Some(order) => Ok(order),
                    None => Err(refusal.into_error()),
                }
            }
            Err(refusal) => Err(refusal.into_error()),
        }
    }

    async fn find(&self, client_order_code: &str) -> CarrierResult<Option<CarrierOrder>> {
        let body = json!({ "client_order_code": client_order_code });
        match self
            .post("/v2/shipping-order/detail-by-client-code", &body, false)
            .await?
        {
            Ok(data) => GhnClient::order_from_detail(data),
            Err(r) if r.is_not_found() => Ok(None),
            Err(r) => Err(r.into_error()),
        }
    }

    async fn track(&self, tracking_number: &str) -> CarrierResult<Tracking> {
        let body = json!({ "order_code": tracking_number });
        let data = self
            .post("/v2/shipping-order/detail", &body, false)
            .await?
            .map_err(|r| {
                if r.is_not_found() {
                    CarrierError::Rejected {
                        carrier: CARRIER,
                        message: format!("no order {tracking_number}: {}", r.message),
                    }
                } else {
                    r.into_error()
                }
            })?;
        let d: DetailData = http::decode(CARRIER, "order detail", data)?;
        let mut events = Vec::new();
        for entry in d.log.unwrap_or_default() {
            let at = parse_time(&entry.updated_date).ok_or_else(|| CarrierError::Malformed {
                carrier: CARRIER,
                detail: format!("log time {:?} is not ISO-8601", entry.updated_date),
            })?;
            events.push(event(
                &entry.status,
                at,
                entry.warehouse.unwrap_or_default(),
            ));
        }
        // Stable: two steps in one instant keep GHN's order.
        events.sort_by_key(|e| e.occurred_at);
        let current = if d.status.trim().is_empty() {
            events
                .last()
                .map(|e| e.carrier_status.clone())
                .unwrap_or_default()
        } else {
            d.status.trim().to_string()
        };
        if current.is_empty() {
            return Err(CarrierError::Malformed {
                carrier: CARRIER,
                detail: format!("order {tracking_number} has no status"),
            });
        }
        // A status newer than the log (or no log at all) is still an event.
        if events.last().map(|e| e.carrier_status.as_str()) != Some(current.as_str()) {
            let at = d
                .updated_date
                .as_deref()
                .and_then(parse_time)
                .or_else(|| events.last().map(|e| e.occurred_at))
                .unwrap_or_else(Utc::now);
            events.push(event(&current, at, String::new()));
        }
        Ok(Tracking {
            status: ShipmentStatus::from_ghn(&current),
            carrier_status: current,
            events,
        })
    }

    async fn act(&self, tracking_number: &str, action: ParcelAction) -> CarrierResult<()> {
        let path = match action {
            ParcelAction::Cancel => "/v2/switch-status/cancel",
            ParcelAction::Redeliver => "/v2/switch-status/storing",
            ParcelAction::ReturnToSender => "/v2/switch-status/return",
        };
        let body = json!({ "order_codes": [tracking_number] });
        let data = self
            .post(path, &body, true)
            .await?
            .map_err(Refusal::into_error)?;
        let results: Vec<SwitchResult> = http::decode(CARRIER, "switch-status reply", data)?;
        let ours = results
            .iter()
            .find(|r| r.order_code == tracking_number)
            .or_else(|| (results.len() == 1).then(|| &results[0]))
            .ok_or_else(|| CarrierError::Malformed {
                carrier: CARRIER,
                detail: format!("switch-status reply does not mention {tracking_number}"),
            })?;
        if ours.result {
            Ok(())
        } else {
            Err(CarrierError::Rejected {
                carrier: CARRIER,
                message: if ours.message.trim().is_empty() {
                    format!("{tracking_number}: not done (no reason given)")
                } else {
                    format!("{tracking_number}: {}", ours.message)
                },
            })
        }
    }

    async fn label(&self, tracking_number: &str) -> CarrierResult<CarrierLabel> {
        let body = json!({ "order_codes": [tracking_number] });
        let data = self
            .post("/v2/a5/gen-token", &body, false)
            .await?
            .map_err(Refusal::into_error)?;
        let token: PrintToken = http::decode(CARRIER, "print token reply", data)?;
        let path = "/a5/public-api/printA5";
        let url = reqwest::Url::parse_with_params(
            &format!("{}{path}", self.print_origin),
            &[("token", token.token.as_str())],
        )
        .map_err(|e| CarrierError::Malformed {
            carrier: CARRIER,
            detail: format!("cannot build the print URL: {e}"),
        })?;
        let reply = http::send(CARRIER, path, self.http.get(url.clone())).await?;
        http::label_from_reply(CARRIER, url.to_string(), reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ghn_adds_its_fee_only_when_nothing_else_is_collected() {
        // A COD holds the buyer's shipping already: the shop pays GHN.
        assert_eq!(payment_type(350_000, Payer::Buyer), 1);
        assert_eq!(payment_type(350_000, Payer::Seller), 1);
        // Prepaid goods, the buyer pays shipping at the door.
        assert_eq!(payment_type(0, Payer::Buyer), 2);
        assert_eq!(payment_type(0, Payer::Seller), 1);
    }
}
