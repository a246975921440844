//! Lazada fulfilment as the simulator serves it (marketplaces reference A2.0–A2.9):
//! GetShipmentProvider, Pack, ReadyToShip, PrintAWB (with its `pdf_url`), buyers'
//! cancellation requests (reverse orders) and the seller's decision on them.
//!
//! The checks come from the reference first:
//! - every fulfilment call takes ONE parameter whose value is a JSON string (`packReq`,
//!   `readyToShipReq`, `getDocumentReq`, `getShipmentProvidersReq`); absent → the
//!   gateway's `MissingParameter`, empty or `null` → `700017` param null, not a JSON
//!   object → `700004` param illegal;
//! - the envelope is `{code:"0", request_id, result:{success, error_code, error_msg,
//!   data}}`: a whole-call refusal is `success:false` with `error_code`; a call that was
//!   read answers `success:true` and says per item (`item_err_code`, "0" = done);
//! - Pack: `delivery_type` exactly `"dropship"` (`700004`), `shipping_allocate_type`
//!   TFS|NTFS, `shipment_provider_code` omitted on TFS and required on NTFS (`700017`),
//!   ≤ 20 orders (`700022`), unknown order `700021`, unknown item `700025`, item not
//!   `pending`/`repacked` → per item `700026`;
//! - ReadyToShip: ≤ 20 packages; only `packed` items (per package `700000`);
//! - PrintAWB: `doc_type` PDF|HTML, ≤ 20 packages, unpaid/pending/cancelled/DBS →
//!   `700040` "There are no packages that support printing!"; the `pdf_url` is served by
//!   the sim and refused 10 minutes after it was handed out;
//! - GetReverseOrdersForSeller: `page_size`, `page_no` required; decide:
//!   `reverse_order_id` (Number, `E0105` when empty or unknown), `agree_cancel`
//!   (Boolean), `E0131` once the request is no longer waiting on the seller.
//!
//! After ReadyToShip the package moves on a [`Timeline`] (one step per `speed`
//! seconds): ready_to_ship → shipped → delivered, and the order's `update_time` moves
//! with each step so the order sync sees it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde_json::{Value, json};

use super::lazada::{Order, Params, Store, admit, first, int_param, isv, request_id};
use super::timeline::Timeline;
use super::{SimState, lock};

/// Orders per Pack, packages per ReadyToShip / PrintAWB (A2.0).
const MAX_BATCH: usize = 20;
/// `pdf_url` is valid for 10 minutes (A2.4).
const AWB_VALID_MINUTES: i64 = 10;
/// The sim's ship-by: two days after the order was placed.
const SLA_SECS: i64 = 48 * 3_600;
/// How long a buyer's cancellation request waits on the seller (the sim's choice; the
/// reference gives `sla` in ms but not its length).
const CANCEL_SLA_HOURS: i64 = 24;

const VN: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

/// Item statuses that belong to a package (Pack has been done).
const PACKAGED: [&str; 13] = [
    "packed",
    "ready_to_ship",
    "shipped",
    "delivered",
    "failed",
    "failed_delivery",
    "shipped_back",
    "shipped_back_success",
    "shipped_back_failed",
    "returned",
    "lost",
    "lost_by_3pl",
    "damaged_by_3pl",
];

/// Cross-border (NTFS) shops choose among these; local (TFS) shops get LEX VN.
const NTFS_PROVIDERS: [(&str, &str); 3] = [
    ("LEX VN", "LEXVN"),
    ("Ninja Van", "NJV"),
    ("J&T Express", "JNT"),
];
const TFS_PROVIDER: &str = "LEX VN";

/// A buyer's request waits on the seller. Unclear in the reference: the list API's own
/// sample says `REQUEST_INITIATE` for a CANCEL request while the push sends `CANCEL_INIT`;
/// the sim lists `REQUEST_INITIATE`.
const WAITING: &str = "REQUEST_INITIATE";
/// Unclear in the reference: the status after a seller refuses is not given.
const REFUSED: &str = "REQUEST_REJECT";

pub(crate) struct FulfilState {
    packages: BTreeMap<String, Package>,
    next_package: u64,
    /// Pack calls that made a package, per order (the exactly-once tests' count).
    arranged: HashMap<i64, usize>,
    /// A new package's AWB is answered without a file this many times first (the
    /// "still being made" knob; default 1).
    pub(crate) document_polls: u32,
    /// `pdf_url` token → (packages, valid until).
    awb_links: HashMap<String, (Vec<String>, DateTime<Utc>)>,
    reverse: BTreeMap<i64, Reverse>,
    next_reverse: i64,
    /// The shop is cross-border (NTFS): the seller must pick a provider.
    pub(crate) cross_border: bool,
}

impl Default for FulfilState {
    fn default() -> FulfilState {
        FulfilState {
            packages: BTreeMap::new(),
            next_package: 94_612_143_977_000,
            arranged: HashMap::new(),
            document_polls: 1,
            awb_links: HashMap::new(),
            reverse: BTreeMap::new(),
            next_reverse: 510_000_100_000,
            cross_border: false,
        }
    }
}

struct Package {
    order_id: i64,
    items: Vec<i64>,
    /// Set by ReadyToShip: the package then moves by itself.
    timeline: Option<Timeline<String>>,
    /// Timeline steps already written to the items.
    applied: usize,
    polls_left: u32,
}

struct Reverse {
    order_id: i64,
    lines: Vec<ReverseLine>,
    status: String,
    created_ms: i64,
    sla_ms: i64,
}

struct ReverseLine {
    line_id: i64,
    item_id: i64,
    seller_sku_id: String,
    refund: i64,
    reason_text: String,
}

/// The sim's ship-by time for an order (Unix seconds): two days after it was placed.
pub(crate) fn ship_by(o: &Order) -> i64 {
    o.created + SLA_SECS
}

/// ISO 8601 in Vietnam time (`2026-12-08T17:00:00+07:00`).
pub(crate) fn iso_vn(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&VN)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

impl FulfilState {
    fn new_package_id(&mut self) -> (String, String) {
        self.next_package += 1;
        let n = self.next_package;
        (
            format!("FP{n:015}"),
            format!("LEXVN{:010}", n % 10_000_000_000),
        )
    }

    /// Seeded orders already past Pack get a package (and lose one they no longer
    /// have): items pending or unpaid carry none.
    pub(crate) fn package_seeded(&mut self, orders: &mut BTreeMap<i64, Order>, order_id: i64) {
        let Some(o) = orders.get_mut(&order_id) else {
            return;
        };
        for item in &mut o.items {
            if matches!(item.status.as_str(), "unpaid" | "pending" | "repacked") {
                item.package_id.clear();
                item.tracking_code.clear();
                item.shipment_provider.clear();
            }
        }
        self.packages
            .retain(|id, p| p.order_id != order_id || o.items.iter().any(|i| &i.package_id == id));
        let loose: Vec<i64> = o
            .items
            .iter()
            .filter(|i| i.package_id.is_empty() && PACKAGED.contains(&i.status.as_str()))
            .map(|i| i.order_item_id)
            .collect();
        if loose.is_empty() {
            return;
        }
        let (package_id, tracking) = self.new_package_id();
        for item in &mut o.items {
            if loose.contains(&item.order_item_id) {
                item.package_id = package_id.clone();
                item.tracking_code = tracking.clone();
                item.shipment_provider = TFS_PROVIDER.to_string();
            }
        }
        self.packages.insert(
            package_id,
            Package {
                order_id,
                items: loose,
                timeline: None,
                applied: 0,
                polls_left: 0,
            },
        );
    }
}

impl Store {
    /// Writes every package step reached by `now` to its items; the order's update time
    /// becomes the step's time (never earlier than it was).
    pub(crate) fn advance(&mut self, now: DateTime<Utc>) {
        for p in self.fulfil.packages.values_mut() {
            let Some(t) = &p.timeline else {
                continue;
            };
            let events = t.events(now);
            if events.len() <= p.applied {
                continue;
            }
            if let Some(o) = self.orders.get_mut(&p.order_id) {
                for (status, at) in &events[p.applied..] {
                    for item in o.items.iter_mut() {
                        if p.items.contains(&item.order_item_id) && item.status != "canceled" {
                            item.status = status.clone();
                        }
                    }
                    o.updated = o.updated.max(at.timestamp());
                }
            }
            p.applied = events.len();
        }
    }

    pub(crate) fn arranged_count(&self, order_id: &str) -> usize {
        order_id
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| self.fulfil.arranged.get(&id).copied())
            .unwrap_or(0)
    }

    /// The status of the order's packaged items (its first package), None before Pack.
    pub(crate) fn package_status(&mut self, order_id: &str, now: DateTime<Utc>) -> Option<String> {
        self.advance(now);
        let id = order_id.trim().parse::<i64>().ok()?;
        let o = self.orders.get(&id)?;
        o.items
            .iter()
            .find(|i| !i.package_id.is_empty())
            .map(|i| i.status.clone())
    }

    pub(crate) fn package_of(&self, order_id: &str) -> Option<String> {
        let id = order_id.trim().parse::<i64>().ok()?;
        self.orders
            .get(&id)?
            .items
            .iter()
            .find(|i| !i.package_id.is_empty())
            .map(|i| i.package_id.clone())
    }

    /// Orders whose live items are all waiting for Pack, oldest first.
    pub(crate) fn ready_orders(&mut self, now: DateTime<Utc>) -> Vec<String> {
        self.advance(now);
        self.orders
            .values()
            .filter(|o| {
                let live: Vec<_> = o.items.iter().filter(|i| i.status != "canceled").collect();
                !live.is_empty()
                    && !o.cancel_pending
                    && live
                        .iter()
                        .all(|i| matches!(i.status.as_str(), "pending" | "repacked"))
            })
            .map(|o| o.order_id.to_string())
            .collect()
    }

    /// The buyer asks to cancel an order not yet shipped (items from pending to
    /// ready_to_ship, A2.8): a reverse order of type CANCEL waiting on the seller.
    pub(crate) fn request_cancel(
        &mut self,
        order_id: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> bool {
        self.advance(now);
        let Ok(id) = order_id.trim().parse::<i64>() else {
            return false;
        };
        let waiting = self
            .fulfil
            .reverse
            .values()
            .any(|r| r.order_id == id && r.status == WAITING);
        let Some(o) = self.orders.get_mut(&id) else {
            return false;
        };
        let lines: Vec<(i64, String, i64)> = o
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i.status.as_str(),
                    "pending" | "packed" | "repacked" | "ready_to_ship"
                )
            })
            .map(|i| (i.order_item_id, i.sku_id.to_string(), i.paid))
            .collect();
        if waiting || lines.is_empty() {
            return false;
        }
        o.cancel_pending = true;
        o.updated = now.timestamp();
        self.fulfil.next_reverse += 1;
        let reverse_id = self.fulfil.next_reverse;
        let lines = lines
            .into_iter()
            .enumerate()
            .map(|(k, (item_id, sku, paid))| ReverseLine {
                line_id: reverse_id * 10 + k as i64,
                item_id,
                seller_sku_id: sku,
                refund: paid,
                reason_text: reason.to_string(),
            })
            .collect();
        self.fulfil.reverse.insert(
            reverse_id,
            Reverse {
                order_id: id,
                lines,
                status: WAITING.to_string(),
                created_ms: now.timestamp_millis(),
                sla_ms: (now + Duration::hours(CANCEL_SLA_HOURS)).timestamp_millis(),
            },
        );
        true
    }

    /// The buyer's name and phone as a platform masks them.
    pub(crate) fn mask_buyer(&mut self, order_id: &str, now: DateTime<Utc>) -> bool {
        let Some(o) = order_id
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| self.orders.get_mut(&id))
        else {
            return false;
        };
        let keep = |s: &str, n: usize| -> String {
            let head: String = s.chars().take(n).collect();
            format!("{head}***")
        };
        o.first_name = keep(&o.first_name, 1);
        o.last_name = "***".to_string();
        o.customer_first = keep(&o.customer_first, 1);
        let tail: String = o
            .phone
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        o.phone = format!("84******{tail}");
        o.updated = now.timestamp();
        true
    }

    pub(crate) fn expire_awb_links(&mut self, now: DateTime<Utc>) {
        for (_, until) in self.fulfil.awb_links.values_mut() {
            *until = now - Duration::seconds(1);
        }
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route(
            "/rest/order/shipment/providers/get",
            get(shipment_providers).post(shipment_providers),
        )
        .route("/rest/order/fulfill/pack", axum::routing::post(pack))
        .route(
            "/rest/order/package/rts",
            axum::routing::post(ready_to_ship),
        )
        .route(
            "/rest/order/package/document/get",
            get(print_awb).post(print_awb),
        )
        .route(
            "/rest/reverse/getreverseordersforseller",
            get(reverse_orders).post(reverse_orders),
        )
        .route("/rest/order/reverse/cancel/seller/decide", get(decide))
        .route("/lazada-awb/{file}", get(awb_file))
}

// ------------------------------------------------------------------------------------
// Envelopes and the JSON-string parameter

fn result_ok(state: &SimState, data: Value) -> Response {
    axum::Json(json!({
        "code": "0",
        "request_id": request_id(state),
        "result": { "success": true, "data": data },
    }))
    .into_response()
}

fn result_fail(state: &SimState, code: &str, message: &str) -> Response {
    axum::Json(json!({
        "code": "0",
        "request_id": request_id(state),
        "result": { "success": false, "error_code": code, "error_msg": message },
    }))
    .into_response()
}

/// The one business parameter, a JSON object in a string.
fn json_param(state: &SimState, p: &Params, name: &str) -> Result<Value, Box<Response>> {
    let Some(raw) = first(p, name) else {
        return Err(Box::new(isv(
            state,
            "MissingParameter",
            &format!(
                "The input parameter \u{201c}{name}\u{201d} that is mandatory for processing \
                 this request is not supplied"
            ),
        )));
    };
    let raw = raw.trim();
    if raw.is_empty() || raw == "null" {
        return Err(Box::new(result_fail(
            state,
            "700017",
            &format!("param null: {name}"),
        )));
    }
    match serde_json::from_str::<Value>(raw) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(Box::new(result_fail(
            state,
            "700004",
            &format!("param illegal: {name} must be a JSON object"),
        ))),
    }
}

/// A required field: absent or null → `700017`; present but not what `read` accepts →
/// `700004`.
fn field<T>(
    state: &SimState,
    v: &Value,
    name: &str,
    read: impl FnOnce(&Value) -> Option<T>,
) -> Result<T, Box<Response>> {
    match v.get(name) {
        None | Some(Value::Null) => Err(Box::new(result_fail(
            state,
            "700017",
            &format!("param null: {name}"),
        ))),
        Some(x) => read(x).ok_or_else(|| {
            Box::new(result_fail(
                state,
                "700004",
                &format!("param illegal: {name}"),
            ))
        }),
    }
}

/// A JSON list of 1..=20 entries (`700017` when empty, `700022` beyond 20).
fn batch<'a>(state: &SimState, v: &'a Value, name: &str) -> Result<&'a Vec<Value>, Box<Response>> {
    let list = match v.get(name) {
        None | Some(Value::Null) => {
            return Err(Box::new(result_fail(
                state,
                "700017",
                &format!("param null: {name}"),
            )));
        }
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(Box::new(result_fail(
                state,
                "700004",
                &format!("param illegal: {name}"),
            )));
        }
    };
    if list.is_empty() {
        return Err(Box::new(result_fail(
            state,
            "700017",
            &format!("param null: {name} is empty"),
        )));
    }
    if list.len() > MAX_BATCH {
        return Err(Box::new(result_fail(
            state,
            "700022",
            &format!("batch size over limit: at most {MAX_BATCH}"),
        )));
    }
    Ok(list)
}

/// A JSON Number that is a whole id (a string of digits is not a Number).
fn number(v: &Value) -> Option<i64> {
    v.as_i64()
}

fn package_ids(state: &SimState, req: &Value) -> Result<Vec<String>, Box<Response>> {
    let list = batch(state, req, "packages")?;
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        let id = field(state, p, "package_id", |x| {
            x.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })?;
        out.push(id);
    }
    Ok(out)
}

fn shop_allocate_type(store: &Store) -> &'static str {
    if store.fulfil.cross_border {
        "NTFS"
    } else {
        "TFS"
    }
}

// ------------------------------------------------------------------------------------
// GetShipmentProvider (A2.2)

async fn shipment_providers(
    State(state): State<Arc<SimState>>,
    method: Method,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    let path = "/order/shipment/providers/get";
    let p = match admit(&state, &method, q, &body, path, true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let req = match json_param(&state, &p, "getShipmentProvidersReq") {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let orders = match batch(&state, &req, "orders") {
        Ok(o) => o.clone(),
        Err(r) => return *r,
    };
    let mut store = lock(&state.lazada);
    store.advance(Utc::now());
    for o in &orders {
        let id = match field(&state, o, "order_id", number) {
            Ok(id) => id,
            Err(r) => return *r,
        };
        if let Err(r) = field(&state, o, "order_item_ids", |x| {
            x.as_array()
                .filter(|l| l.iter().all(|i| i.as_i64().is_some()))
                .map(|_| ())
        }) {
            return *r;
        }
        if !store.orders.contains_key(&id) {
            return result_fail(&state, "700021", &format!("order not found: {id}"));
        }
    }
    let ntfs = store.fulfil.cross_border;
    drop(store);
    let providers: Vec<Value> = if ntfs {
        NTFS_PROVIDERS
            .iter()
            .map(|(name, code)| json!({ "name": name, "provider_code": code }))
            .collect()
    } else {
        vec![json!({ "name": TFS_PROVIDER, "provider_code": "LEXVN" })]
    };
    result_ok(
        &state,
        json!({
            "platform_default": if ntfs { 0 } else { 1 },
            "shipment_providers": providers,
            "shipping_allocate_type": if ntfs { "NTFS" } else { "TFS" },
        }),
    )
}

// ------------------------------------------------------------------------------------
// Pack (A2.3)

struct PackOrder {
    order_id: i64,
    items: Vec<i64>,
}

async fn pack(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    let p = match admit(&state, &Method::POST, q, &body, "/order/fulfill/pack", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    match pack_checked(&state, &p) {
        Ok(r) | Err(r) => r,
    }
}

// Both arms are the reply: `Err` is only the early return of a refusal, built once and
// sent at once, so boxing it would buy nothing.
#[allow(clippy::result_large_err)]
fn pack_checked(state: &SimState, p: &Params) -> Result<Response, Response> {
    let req = json_param(state, p, "packReq").map_err(|r| *r)?;
    field(state, &req, "delivery_type", |x| {
        (x.as_str() == Some("dropship")).then_some(())
    })
    .map_err(|r| *r)?;
    let allocate = field(state, &req, "shipping_allocate_type", |x| {
        x.as_str()
            .filter(|s| matches!(*s, "TFS" | "NTFS"))
            .map(str::to_string)
    })
    .map_err(|r| *r)?;
    let provider = match req.get("shipment_provider_code") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => {
            return Err(result_fail(
                state,
                "700004",
                "param illegal: shipment_provider_code",
            ));
        }
    };
    let list = batch(state, &req, "pack_order_list").map_err(|r| *r)?;
    let mut wanted = Vec::with_capacity(list.len());
    for o in list {
        let order_id = field(state, o, "order_id", number).map_err(|r| *r)?;
        let items = field(state, o, "order_item_list", |x| {
            x.as_array()?
                .iter()
                .map(number)
                .collect::<Option<Vec<i64>>>()
        })
        .map_err(|r| *r)?;
        if items.is_empty() {
            return Err(result_fail(
                state,
                "700017",
                "param null: order_item_list is empty",
            ));
        }
        wanted.push(PackOrder { order_id, items });
    }
    let now = Utc::now();
    let mut store = lock(&state.lazada);
    store.advance(now);
    let shop = shop_allocate_type(&store);
    // Unclear in the reference: which code answers an allocate type that is not the
    // seller's; the sim uses 700004 (param illegal).
    if allocate != shop {
        return Err(result_fail(
            state,
            "700004",
            &format!("param illegal: shipping_allocate_type {allocate}, the seller is {shop}"),
        ));
    }
    let provider_name = match (shop, &provider) {
        // Unclear in the reference: "omit for local (TFS) shops" — the code for sending
        // one anyway is not given; the sim refuses it as param illegal.
        ("TFS", Some(_)) => {
            return Err(result_fail(
                state,
                "700004",
                "param illegal: shipment_provider_code must be omitted for TFS",
            ));
        }
        ("TFS", None) => TFS_PROVIDER.to_string(),
        (_, None) => {
            return Err(result_fail(
                state,
                "700017",
                "param null: shipment_provider_code is required for NTFS",
            ));
        }
        (_, Some(code)) => match NTFS_PROVIDERS.iter().find(|(_, c)| c == code) {
            Some((name, _)) => (*name).to_string(),
            // Unclear in the reference: 700001 names DBS providers only; an unknown
            // NTFS provider is answered as param illegal.
            None => {
                return Err(result_fail(
                    state,
                    "700004",
                    &format!("param illegal: no shipment provider {code}"),
                ));
            }
        },
    };
    let polls = store.fulfil.document_polls;
    let mut out = Vec::with_capacity(wanted.len());
    for w in wanted {
        let fail = |id: i64, code: &str, msg: &str| {
            json!({
                "order_item_id": id, "item_err_code": code, "msg": msg,
                "tracking_number": "", "shipment_provider": "", "package_id": "", "retry": false,
            })
        };
        let Some(o) = store.orders.get(&w.order_id) else {
            // Unclear in the reference: whether an unknown order fails the whole batch;
            // the sim answers it per item, like the other per-order refusals.
            let items: Vec<Value> = w
                .items
                .iter()
                .map(|i| fail(*i, "700021", "order not found"))
                .collect();
            out.push(json!({ "order_id": w.order_id, "order_item_list": items }));
            continue;
        };
        let mut results: Vec<(i64, Option<(&str, &str)>)> = Vec::new();
        for id in &w.items {
            let verdict = match o.items.iter().find(|i| i.order_item_id == *id) {
                None => Some(("700025", "order item not found")),
                Some(i) if !matches!(i.status.as_str(), "pending" | "repacked") => {
                    Some(("700026", "item status does not allow pack"))
                }
                Some(_) => None,
            };
            results.push((*id, verdict));
        }
        let ok_items: Vec<i64> = results
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(i, _)| *i)
            .collect();
        let mut package = (String::new(), String::new());
        if !ok_items.is_empty() {
            package = store.fulfil.new_package_id();
            if let Some(o) = store.orders.get_mut(&w.order_id) {
                for item in o.items.iter_mut() {
                    if ok_items.contains(&item.order_item_id) {
                        item.status = "packed".to_string();
                        item.package_id = package.0.clone();
                        item.tracking_code = package.1.clone();
                        item.shipment_provider = provider_name.clone();
                    }
                }
                o.updated = now.timestamp();
            }
            *store.fulfil.arranged.entry(w.order_id).or_default() += 1;
            store.fulfil.packages.insert(
                package.0.clone(),
                Package {
                    order_id: w.order_id,
                    items: ok_items.clone(),
                    timeline: None,
                    applied: 0,
                    polls_left: polls,
                },
            );
        }
        let items: Vec<Value> = results
            .into_iter()
            .map(|(id, verdict)| match verdict {
                Some((code, msg)) => fail(id, code, msg),
                None => json!({
                    "order_item_id": id, "item_err_code": "0", "msg": "success",
                    "tracking_number": package.1, "shipment_provider": provider_name,
                    "package_id": package.0, "retry": false,
                }),
            })
            .collect();
        out.push(json!({ "order_id": w.order_id, "order_item_list": items }));
    }
    drop(store);
    // Per-item refusals ride in a successful call (A2.0 "partial success").
    Ok(result_ok(state, json!({ "pack_order_list": out })))
}

// ------------------------------------------------------------------------------------
// ReadyToShip (A2.5)

async fn ready_to_ship(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    let p = match admit(&state, &Method::POST, q, &body, "/order/package/rts", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let req = match json_param(&state, &p, "readyToShipReq") {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let ids = match package_ids(&state, &req) {
        Ok(ids) => ids,
        Err(r) => return *r,
    };
    let now = Utc::now();
    let step = state.step;
    let mut store = lock(&state.lazada);
    store.advance(now);
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let verdict = match store.fulfil.packages.get(&id) {
            // Unclear in the reference: RTS's own list gives only 600002; 600001
            // "package not found" is Repack's (A2.6).
            None => Some(("600001", "package not found")),
            Some(pkg) => {
                let statuses: Vec<String> = store
                    .orders
                    .get(&pkg.order_id)
                    .map(|o| {
                        o.items
                            .iter()
                            .filter(|i| pkg.items.contains(&i.order_item_id))
                            .map(|i| i.status.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let live: Vec<&String> = statuses.iter().filter(|s| *s != "canceled").collect();
                if live.is_empty() {
                    Some(("600002", "package already cancelled"))
                } else if live.iter().any(|s| s.as_str() != "packed") {
                    Some(("700000", "package status does not allow the operation"))
                } else {
                    None
                }
            }
        };
        if verdict.is_none() {
            let Store { fulfil, orders, .. } = &mut *store;
            if let Some(pkg) = fulfil.packages.get_mut(&id) {
                // Unclear in the reference: the sim knows one happy path only (no failed
                // delivery or loss on its own); shipped and delivered follow at `speed`.
                pkg.timeline = Some(Timeline::new(
                    vec![
                        "ready_to_ship".to_string(),
                        "shipped".to_string(),
                        "delivered".to_string(),
                    ],
                    now,
                    step,
                ));
                pkg.applied = 0;
                if let Some(o) = orders.get_mut(&pkg.order_id) {
                    o.updated = now.timestamp();
                }
            }
        }
        let (code, msg) = verdict.unwrap_or(("0", "success"));
        out.push(json!({ "package_id": id, "item_err_code": code, "msg": msg, "retry": false }));
    }
    store.advance(now);
    drop(store);
    result_ok(&state, json!({ "packages": out }))
}

// ------------------------------------------------------------------------------------
// PrintAWB (A2.4) and the pdf_url

async fn print_awb(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    let p = match admit(
        &state,
        &method,
        q,
        &body,
        "/order/package/document/get",
        true,
    ) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let req = match json_param(&state, &p, "getDocumentReq") {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let doc_type = match field(&state, &req, "doc_type", |x| {
        x.as_str()
            .filter(|s| matches!(*s, "PDF" | "HTML"))
            .map(str::to_string)
    }) {
        Ok(t) => t,
        Err(r) => return *r,
    };
    if let Some(x) = req.get("print_item_list")
        && !x.is_boolean()
        && !x.is_null()
    {
        return result_fail(&state, "700004", "param illegal: print_item_list");
    }
    let ids = match package_ids(&state, &req) {
        Ok(ids) => ids,
        Err(r) => return *r,
    };
    let now = Utc::now();
    let mut store = lock(&state.lazada);
    store.advance(now);
    let printable = ids.iter().all(|id| {
        store.fulfil.packages.get(id).is_some_and(|pkg| {
            store.orders.get(&pkg.order_id).is_some_and(|o| {
                !o.sof
                    && o.items
                        .iter()
                        .filter(|i| pkg.items.contains(&i.order_item_id))
                        .any(|i| PACKAGED.contains(&i.status.as_str()))
            })
        })
    });
    if !printable {
        return result_fail(
            &state,
            "700040",
            "There are no packages that support printing!",
        );
    }
    let mut pending = false;
    for id in &ids {
        if let Some(pkg) = store.fulfil.packages.get_mut(id)
            && pkg.polls_left > 0
        {
            pkg.polls_left -= 1;
            pending = true;
        }
    }
    if pending {
        // Unclear in the reference: PrintAWB documents no "still being made" answer.
        // The sim's knob (`document_polls`) answers without a file or pdf_url.
        return result_ok(
            &state,
            json!({ "doc_type": doc_type, "file": "", "pdf_url": "" }),
        );
    }
    let trackings: Vec<String> = ids
        .iter()
        .filter_map(|id| {
            let pkg = store.fulfil.packages.get(id)?;
            let o = store.orders.get(&pkg.order_id)?;
            o.items
                .iter()
                .find(|i| &i.package_id == id)
                .map(|i| format!("{id} {}", i.tracking_code))
        })
        .collect();
    let token = state.random_text(b"abcdefghijklmnopqrstuvwxyz0123456789", 32);
    store.fulfil.awb_links.insert(
        token.clone(),
        (
            trackings.clone(),
            now + Duration::minutes(AWB_VALID_MINUTES),
        ),
    );
    drop(store);
    let b64 = base64::engine::general_purpose::STANDARD;
    if doc_type == "HTML" {
        let html = format!(
            "<html><body style=\"width: 105mm; height: 148mm\">{}</body></html>",
            trackings.join("<br>")
        );
        return result_ok(
            &state,
            json!({ "doc_type": "HTML", "file": b64.encode(html) }),
        );
    }
    // The decoded file is only an iframe with a relative link (A2.4): use pdf_url.
    let iframe = format!("<iframe src=\"/oss/proxy/awb/{token}\"></iframe>");
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    result_ok(
        &state,
        json!({
            "doc_type": "PDF",
            "file": b64.encode(iframe),
            "pdf_url": format!("http://{host}/lazada-awb/{token}.pdf"),
        }),
    )
}

async fn awb_file(State(state): State<Arc<SimState>>, Path(file): Path<String>) -> Response {
    let token = file.strip_suffix(".pdf").unwrap_or(&file);
    let link = lock(&state.lazada).fulfil.awb_links.get(token).cloned();
    match link {
        None => (StatusCode::NOT_FOUND, "NoSuchKey").into_response(),
        Some((_, until)) if until <= Utc::now() => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/xml")],
            "<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>",
        )
            .into_response(),
        Some((pages, _)) => {
            let pages: Vec<String> = pages.iter().map(|p| format!("Lazada AWB {p}")).collect();
            (
                [(header::CONTENT_TYPE, "application/pdf")],
                crate::pdf::a6_pages(&pages),
            )
                .into_response()
        }
    }
}

// ------------------------------------------------------------------------------------
// Buyers' cancellation requests (A2.9)

/// A `String[]` parameter: `["CANCEL"]`.
fn string_list(p: &Params, key: &str) -> Result<Option<Vec<String>>, String> {
    match first(p, key) {
        None => Ok(None),
        Some(raw) => serde_json::from_str::<Vec<String>>(raw.trim())
            .map(Some)
            .map_err(|_| format!("{key} must be a list like [\"CANCEL\"]")),
    }
}

async fn reverse_orders(
    State(state): State<Arc<SimState>>,
    method: Method,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    let path = "/reverse/getreverseordersforseller";
    let p = match admit(&state, &method, q, &body, path, true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let (size, page) = match (int_param(&p, "page_size"), int_param(&p, "page_no")) {
        (Ok(Some(s)), Ok(Some(n))) if s >= 1 && n >= 1 => (s as usize, n as usize),
        _ => {
            return isv(
                &state,
                "MissingParameter",
                "page_size and page_no are mandatory whole numbers from 1",
            );
        }
    };
    let types = string_list(&p, "request_type_list");
    let statuses = string_list(&p, "reverse_status_list");
    let (types, statuses) = match (types, statuses) {
        (Ok(t), Ok(s)) => (t, s),
        (Err(e), _) | (_, Err(e)) => return isv(&state, "MissingParameter", &e),
    };
    let trade_order = match int_param(&p, "trade_order_id") {
        Ok(t) => t.filter(|t| *t != 0),
        Err(e) => return isv(&state, "MissingParameter", &e),
    };
    let store = lock(&state.lazada);
    // Every reverse order here is a CANCEL one.
    let wanted_type = types
        .as_ref()
        .is_none_or(|t| t.iter().any(|x| x == "CANCEL"));
    let matching: Vec<(&i64, &Reverse)> = store
        .fulfil
        .reverse
        .iter()
        .filter(|(_, r)| {
            wanted_type
                && trade_order.is_none_or(|t| t == r.order_id)
                && statuses.as_ref().is_none_or(|s| s.contains(&r.status))
        })
        .collect();
    let total = matching.len();
    let items: Vec<Value> = matching
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|(id, r)| {
            let lines: Vec<Value> = r
                .lines
                .iter()
                .map(|l| {
                    json!({
                        "reverse_order_line_id": l.line_id,
                        "trade_order_line_id": l.item_id,
                        "reverse_status": r.status,
                        "reason_text": l.reason_text,
                        "reason_code": 10_000_001,
                        // VN amounts are whole đồng (A2.9).
                        "refund_amount": l.refund,
                        "sla": r.sla_ms,
                        "seller_sku_id": l.seller_sku_id,
                        "return_order_line_gmt_create": r.created_ms,
                        "is_need_refund": true,
                    })
                })
                .collect();
            json!({
                "reverse_order_id": id,
                "trade_order_id": r.order_id,
                "request_type": "CANCEL",
                "is_rtm": false,
                "shipping_type": "DEFAULT",
                "reverse_order_lines": lines,
            })
        })
        .collect();
    drop(store);
    // The list's sample answers under `result` itself (no `data`).
    axum::Json(json!({
        "code": "0",
        "request_id": request_id(&state),
        "result": {
            "success": true, "total": total, "page_no": page, "page_size": size, "items": items,
        },
    }))
    .into_response()
}

async fn decide(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    let path = "/order/reverse/cancel/seller/decide";
    let p = match admit(&state, &Method::GET, q, &[], path, true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    // Unclear in the reference: the API's error list names code "105"/"131" described as
    // "E0105: …"/"E0131: …"; the sim sends E0105 / E0131.
    let Ok(Some(reverse_id)) = int_param(&p, "reverse_order_id") else {
        return isv(
            &state,
            "E0105",
            "E0105: reverse order id is empty or invalid",
        );
    };
    let agree = match first(&p, "agree_cancel").map(str::trim) {
        Some("true") => true,
        Some("false") => false,
        _ => {
            return isv(
                &state,
                "MissingParameter",
                "agree_cancel is mandatory: true or false",
            );
        }
    };
    if int_param(&p, "reason_code").is_err() {
        return isv(&state, "MissingParameter", "reason_code must be a Number");
    }
    let now = Utc::now();
    let mut store = lock(&state.lazada);
    store.advance(now);
    let Store { fulfil, orders, .. } = &mut *store;
    let Some(r) = fulfil.reverse.get_mut(&reverse_id) else {
        return isv(
            &state,
            "E0105",
            "E0105: reverse order id is empty or invalid",
        );
    };
    if r.status != WAITING {
        return isv(&state, "E0131", "E0131: no decision for this reverse order");
    }
    let items: Vec<i64> = r.lines.iter().map(|l| l.item_id).collect();
    r.status = if agree { "CANCEL_SUCCESS" } else { REFUSED }.to_string();
    if let Some(o) = orders.get_mut(&r.order_id) {
        o.cancel_pending = false;
        o.updated = now.timestamp();
        if agree {
            for item in o.items.iter_mut() {
                if items.contains(&item.order_item_id) {
                    item.status = "canceled".to_string();
                }
            }
        }
    }
    if agree {
        // A cancelled package stops moving.
        for pkg in fulfil.packages.values_mut() {
            if pkg.items.iter().any(|i| items.contains(i)) {
                pkg.timeline = None;
            }
        }
    }
    drop(store);
    axum::Json(json!({ "code": "0", "request_id": request_id(&state) })).into_response()
}
