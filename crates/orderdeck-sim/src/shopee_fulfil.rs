//! Shopee fulfilment as the simulator serves it (marketplaces reference, "Fulfilment",
//! A1.0–A1.13): packages, shipping parameters, `ship_order` / `mass_ship_order`,
//! tracking numbers, the four air-waybill calls, package details and the buyer's
//! cancellation requests.
//!
//! The checks come from the reference first: required fields and their JSON types,
//! exactly one of pickup / dropoff / non_integrated, `package_number` required on a
//! split order and refused on an unsplit one, only `READY_TO_SHIP` orders arranged, a
//! second arrangement refused with `logistics.package_already_shipped`, batches of 1 to
//! 50, a document printable only while the order is `PROCESSED`, and
//! `handle_buyer_cancellation` only on an `IN_CANCEL` order.
//!
//! - Packages: every order has one package (`OFG` + 15 digits) made from its number, so
//!   it exists however the order came to be; some orders with two or more lines are
//!   split into two packages. A package's status follows its order until it is
//!   arranged; from then on it follows a [`Timeline`] stepping with the sim's speed:
//!   `LOGISTICS_REQUEST_CREATED` → `LOGISTICS_PICKUP_DONE` → `LOGISTICS_DELIVERY_DONE`,
//!   the order `PROCESSED` → `SHIPPED` → `TO_CONFIRM_RECEIVE` → `COMPLETED` (its
//!   `update_time` set when it moves, so an order sync sees it).
//! - Tracking numbers (`SPXVN0` + digits) come back empty for the first poll after
//!   arranging ([`Fulfil::tracking_polls`]), as A1.8 warns.
//! - Documents are `PROCESSING` for [`Fulfil::document_polls`] result polls after being
//!   created, then `READY`; the download is a small real PDF, one page per package.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::{Value, json};

use super::shopee::{
    LOGISTIC_ID, Order, Params, Store, fail, first, gate, ok, param_error, reply_json, request_id,
};
use super::timeline::{Timeline, roll};
use super::{SimState, body, lock};

mod arrange;
mod documents;

const PATH_SHIPPING_PARAMETER: &str = "/api/v2/logistics/get_shipping_parameter";
const PATH_SHIP_ORDER: &str = "/api/v2/logistics/ship_order";
const PATH_MASS_SHIP_ORDER: &str = "/api/v2/logistics/mass_ship_order";
const PATH_TRACKING_NUMBER: &str = "/api/v2/logistics/get_tracking_number";
const PATH_PACKAGE_DETAIL: &str = "/api/v2/order/get_package_detail";
const PATH_DOC_PARAMETER: &str = "/api/v2/logistics/get_shipping_document_parameter";
const PATH_DOC_CREATE: &str = "/api/v2/logistics/create_shipping_document";
const PATH_DOC_RESULT: &str = "/api/v2/logistics/get_shipping_document_result";
const PATH_DOC_DOWNLOAD: &str = "/api/v2/logistics/download_shipping_document";
const PATH_BUYER_CANCELLATION: &str = "/api/v2/order/handle_buyer_cancellation";

/// Batch calls take 1 to 50 elements (A1.13).
const BATCH: usize = 50;
/// A new order is "being allocated" to a channel this long (A1.5 `logistics.error_param`).
const ALLOCATING_SECS: i64 = 3;
/// Sender names and tracking numbers over this are refused (A1.6).
const MAX_TEXT: usize = 64;
const CARRIER: &str = "SPX Express";
/// The shop's one warehouse (`product_location_id`).
const LOCATION_ID: &str = "VNZ";

const DOC_TYPES: [&str; 5] = [
    "NORMAL_AIR_WAYBILL",
    "THERMAL_AIR_WAYBILL",
    "NORMAL_JOB_AIR_WAYBILL",
    "THERMAL_JOB_AIR_WAYBILL",
    "THERMAL_UNPACKAGED_LABEL",
];
const DOC_SELECTABLE: [&str; 2] = ["NORMAL_AIR_WAYBILL", "THERMAL_AIR_WAYBILL"];
const DOC_SUGGESTED: &str = "THERMAL_AIR_WAYBILL";

/// The shop's pickup addresses: id, street, `address_flag`.
const ADDRESSES: [(i64, &str, &[&str]); 2] = [
    (
        200_000_001,
        "112 Nguyễn Du",
        &["default_address", "pickup_address"],
    ),
    (
        200_000_002,
        "45 Trần Hưng Đạo",
        &["pickup_address", "return_address"],
    ),
];
/// Drop-off branches: id, address.
const BRANCHES: [(i64, &str); 2] = [
    (30_001, "SPX Quận 1, 12 Lê Lợi"),
    (30_002, "SPX Quận 3, 88 Võ Văn Tần"),
];

/// Vietnam time: pickup days start at local midnight.
const VN: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("UTC+7 is a valid offset"),
};

/// One step of an arranged package: the order's status and the package's.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    order: &'static str,
    package: &'static str,
}

const PLAN: [Step; 5] = [
    Step {
        order: "PROCESSED",
        package: "LOGISTICS_REQUEST_CREATED",
    },
    Step {
        order: "PROCESSED",
        package: "LOGISTICS_PICKUP_DONE",
    },
    Step {
        order: "SHIPPED",
        package: "LOGISTICS_PICKUP_DONE",
    },
    Step {
        order: "TO_CONFIRM_RECEIVE",
        package: "LOGISTICS_DELIVERY_DONE",
    },
    Step {
        order: "COMPLETED",
        package: "LOGISTICS_DELIVERY_DONE",
    },
];

fn rank(order_status: &str) -> usize {
    match order_status {
        "PROCESSED" => 1,
        "SHIPPED" => 2,
        "TO_CONFIRM_RECEIVE" => 3,
        "COMPLETED" => 4,
        _ => 0,
    }
}

struct Arrangement {
    timeline: Timeline<Step>,
    tracking: String,
    /// `get_tracking_number` calls since it was arranged.
    polls: u32,
}

struct DocTask {
    kind: String,
    /// `get_shipping_document_result` calls since it was created.
    polls: u32,
}

#[derive(Default)]
struct Parcel {
    arranged: Option<Arrangement>,
    document: Option<DocTask>,
    /// Cancelled after arranging: the status and when.
    cancelled: Option<(&'static str, i64)>,
}

/// How the order may be dropped off (fixed per order by the seed).
#[derive(Clone, Copy, PartialEq)]
enum Dropoff {
    /// `info_needed.dropoff: []`: allowed, nothing to choose (send `"dropoff": {}`).
    Empty,
    Branch,
    BranchAndName,
}

/// The fulfilment side of the simulated shop.
pub(crate) struct Fulfil {
    seed: u64,
    /// By package number: only packages something happened to.
    parcels: HashMap<String, Parcel>,
    /// order_sn → arrangements Shopee carried out for its packages.
    arranged: HashMap<String, usize>,
    /// order_sn → the order status last set from its packages' timelines.
    shown: HashMap<String, String>,
    /// order_sn in IN_CANCEL → the status to go back to on REJECT.
    cancel_from: HashMap<String, String>,
    /// order_sn → the buyer's cancellation reason.
    reasons: HashMap<String, String>,
    /// order_sn → the seller's decisions on its cancellation request, in order.
    decisions: HashMap<String, Vec<String>>,
    masked: HashSet<String>,
    /// Result polls a new document stays PROCESSING.
    pub(crate) document_polls: u32,
    /// `get_tracking_number` polls after arranging that still come back empty.
    pub(crate) tracking_polls: u32,
    /// `mass_ship_order` puts its lists at the top level instead of under `response`
    /// (the doc has both, A1.7).
    pub(crate) mass_top_level: bool,
}

/// A package as derived from its order.
struct Package {
    number: String,
    lines: Vec<usize>,
    split: bool,
}

impl Fulfil {
    pub(crate) fn new(seed: u64) -> Fulfil {
        Fulfil {
            seed,
            parcels: HashMap::new(),
            arranged: HashMap::new(),
            shown: HashMap::new(),
            cancel_from: HashMap::new(),
            reasons: HashMap::new(),
            decisions: HashMap::new(),
            masked: HashSet::new(),
            document_polls: 1,
            tracking_polls: 1,
            mass_top_level: false,
        }
    }

    /// The order's packages: one, or two for a split order.
    fn packages(&self, o: &Order) -> Vec<Package> {
        packages_of(self.seed, o)
    }

    fn dropoff(&self, sn: &str) -> Dropoff {
        match roll(self.seed, &format!("dropoff:{sn}")) {
            r if r < 0.3 => Dropoff::Empty,
            r if r < 0.5 => Dropoff::BranchAndName,
            _ => Dropoff::Branch,
        }
    }

    fn arrangement(&self, number: &str) -> Option<&Arrangement> {
        self.parcels.get(number).and_then(|p| p.arranged.as_ref())
    }

    /// The package's fulfilment status now and when it last changed.
    fn status(&self, o: &Order, p: &Package, now: DateTime<Utc>) -> (&'static str, i64) {
        let parcel = self.parcels.get(&p.number);
        if let Some((s, at)) = parcel.and_then(|x| x.cancelled) {
            return (s, at);
        }
        if let Some(a) = parcel.and_then(|x| x.arranged.as_ref())
            && let Some((step, at)) = a.timeline.events(now).pop()
        {
            if o.status == "CANCELLED" && step.package == "LOGISTICS_REQUEST_CREATED" {
                return ("LOGISTICS_REQUEST_CANCELED", o.update_time);
            }
            return (step.package, at.timestamp());
        }
        let s = match o.status.as_str() {
            "READY_TO_SHIP" | "IN_CANCEL" => "LOGISTICS_READY",
            // Arranged in Seller Center before the simulator started.
            "PROCESSED" => "LOGISTICS_REQUEST_CREATED",
            "RETRY_SHIP" => "LOGISTICS_PICKUP_RETRY",
            "SHIPPED" => "LOGISTICS_PICKUP_DONE",
            "TO_CONFIRM_RECEIVE" | "COMPLETED" | "TO_RETURN" => "LOGISTICS_DELIVERY_DONE",
            "CANCELLED" => "LOGISTICS_INVALID",
            _ => "LOGISTICS_NOT_START",
        };
        (s, o.update_time)
    }

    fn pickup_done_time(&self, p: &Package, now: DateTime<Utc>) -> i64 {
        self.arrangement(&p.number)
            .and_then(|a| {
                a.timeline
                    .events(now)
                    .into_iter()
                    .find(|(s, _)| s.package == "LOGISTICS_PICKUP_DONE")
            })
            .map(|(_, at)| at.timestamp())
            .unwrap_or(0)
    }

    /// The package's tracking number as Shopee shows it now ("" until assigned).
    fn tracking(&self, o: &Order, p: &Package, now: DateTime<Utc>) -> String {
        match self.arrangement(&p.number) {
            Some(a) => {
                let picked = a.timeline.events(now).len() > 1;
                if a.polls > self.tracking_polls || picked {
                    a.tracking.clone()
                } else {
                    String::new()
                }
            }
            None => match self.status(o, p, now).0 {
                "LOGISTICS_READY" | "LOGISTICS_NOT_START" | "LOGISTICS_INVALID" => String::new(),
                _ => {
                    let digits = (roll(self.seed, &format!("trk:{}", p.number)) * 1e11) as u64;
                    format!("SPXVN0{digits:011}")
                }
            },
        }
    }
}

/// Moves the orders of arranged packages to where their timelines are, `update_time`
/// now when one moves. An order someone else moved since (a cancel request, a test) is
/// left alone.
pub(crate) fn advance(store: &mut Store, now: DateTime<Utc>) {
    let Store { orders, fulfil, .. } = store;
    let Fulfil {
        seed,
        parcels,
        shown,
        ..
    } = fulfil;
    for (sn, shown) in shown.iter_mut() {
        let Some(o) = orders.get_mut(sn) else {
            continue;
        };
        if o.status != *shown {
            continue;
        }
        let Some(want) = derived(*seed, parcels, o, now) else {
            continue;
        };
        if want != shown.as_str() {
            o.status = want.to_string();
            o.update_time = now.timestamp();
            *shown = want.to_string();
        }
    }
}

/// The order status its arranged packages put it in (the least advanced package wins;
/// an unarranged one counts as READY_TO_SHIP). None: nothing arranged.
// Unclear in the reference: the order status of a split order with one package
// arranged. Here it stays READY_TO_SHIP until every package is arranged.
fn derived(
    seed: u64,
    parcels: &HashMap<String, Parcel>,
    o: &Order,
    now: DateTime<Utc>,
) -> Option<&'static str> {
    let mut any = false;
    let mut least = PLAN[PLAN.len() - 1].order;
    for p in packages_of(seed, o) {
        let s = match parcels.get(&p.number).and_then(|x| x.arranged.as_ref()) {
            Some(a) => {
                any = true;
                a.timeline
                    .current(now)
                    .map(|s| s.order)
                    .unwrap_or("PROCESSED")
            }
            None => "READY_TO_SHIP",
        };
        if rank(s) < rank(least) {
            least = s;
        }
    }
    any.then_some(least)
}

/// An order's packages, made from its number: one, or two for some orders of two or
/// more lines (a split order).
fn packages_of(seed: u64, o: &Order) -> Vec<Package> {
    let n = o.lines.len();
    // Shopee splits an order only when the seller asks (`split_order`): a few of them.
    let split = n >= 2 && roll(seed, &format!("split:{}", o.sn)) < 0.05;
    let number = |i: usize| {
        let digits = (roll(seed, &format!("pkg:{}:{i}", o.sn)) * 1e15) as u64;
        format!("OFG{digits:015}")
    };
    if split {
        vec![
            Package {
                number: number(0),
                lines: (0..n / 2).collect(),
                split,
            },
            Package {
                number: number(1),
                lines: (n / 2..n).collect(),
                split,
            },
        ]
    } else {
        vec![Package {
            number: number(0),
            lines: (0..n).collect(),
            split,
        }]
    }
}

/// What `get_order_detail` adds for the fulfilment fields asked for:
/// `package_list`, `split_up`, `shipping_carrier`, `pickup_done_time`,
/// `buyer_cancel_reason`, and the masked recipient of a masked order.
pub(crate) fn detail_extras(
    store: &Store,
    o: &Order,
    fields: &[&str],
    v: &mut Value,
    now: DateTime<Utc>,
) {
    let f = &store.fulfil;
    let has = |x: &str| fields.contains(&x);
    let pkgs = f.packages(o);
    if has("package_list") {
        v["package_list"] = json!(
            pkgs.iter()
                .map(|p| json!({
                    "package_number": p.number,
                    "logistics_status": f.status(o, p, now).0,
                    "shipping_carrier": CARRIER,
                    "item_list": items_json(o, p),
                }))
                .collect::<Vec<_>>()
        );
    }
    if has("split_up") {
        v["split_up"] = json!(pkgs.len() > 1);
    }
    if has("shipping_carrier") {
        v["shipping_carrier"] = json!(CARRIER);
    }
    if has("pickup_done_time") {
        let t = pkgs
            .iter()
            .map(|p| f.pickup_done_time(p, now))
            .max()
            .unwrap_or(0);
        v["pickup_done_time"] = json!(t);
    }
    if has("buyer_cancel_reason") {
        v["buyer_cancel_reason"] = json!(f.reasons.get(&o.sn).cloned().unwrap_or_default());
    }
    if has("cancel_by") {
        let by = if o.status == "CANCELLED" && f.reasons.contains_key(&o.sn) {
            "buyer"
        } else {
            ""
        };
        v["cancel_by"] = json!(by);
    }
    if f.masked.contains(&o.sn)
        && let Some(addr) = v.get_mut("recipient_address")
    {
        *addr = recipient_json(o, true);
    }
}

fn items_json(o: &Order, p: &Package) -> Vec<Value> {
    p.lines
        .iter()
        .filter_map(|i| o.lines.get(*i))
        .enumerate()
        .map(|(k, l)| {
            json!({
                "item_id": l.item_id,
                "model_id": l.model_id,
                "item_sku": l.item_sku,
                "model_sku": l.model_sku,
                "model_quantity": l.qty,
                "order_item_id": l.item_id,
                "promotion_group_id": 0,
                "product_location_id": LOCATION_ID,
                "line": k,
            })
        })
        .collect()
}

// Unclear in the reference: what a masked value looks like ("may be masked by
// market", A1.3). Here: the first and last letters of the name, the last two digits of
// the phone, the street and ward hidden, each with '*'.
fn recipient_json(o: &Order, masked: bool) -> Value {
    if masked {
        let first: String = o.name.chars().take(1).collect();
        let last: String = o.name.chars().last().map(String::from).unwrap_or_default();
        let tail: String = o
            .phone
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        json!({
            "name": format!("{first}****{last}"),
            "phone": format!("******{tail}"),
            "town": "",
            "district": "****",
            "city": o.district,
            "state": o.province,
            "region": "VN",
            "zipcode": "",
            "full_address": format!("****, {}, {}", o.district, o.province),
        })
    } else {
        json!({
            "name": o.name,
            "phone": o.phone,
            "town": "",
            "district": o.ward,
            "city": o.district,
            "state": o.province,
            "region": "VN",
            "zipcode": "",
            "full_address": format!("{}, {}, {}, {}", o.street, o.ward, o.district, o.province),
        })
    }
}

// --------------------------------------------------------------------------------------
// What the SimHandle helpers ask

impl Store {
    pub(crate) fn shopee_arranged_count(&self, sn: &str) -> usize {
        self.fulfil.arranged.get(sn).copied().unwrap_or(0)
    }

    /// Each package of the order: (package_number, fulfilment status).
    pub(crate) fn shopee_packages(
        &mut self,
        sn: &str,
        now: DateTime<Utc>,
    ) -> Vec<(String, String)> {
        advance(self, now);
        let Some(o) = self.orders.get(sn) else {
            return Vec::new();
        };
        self.fulfil
            .packages(o)
            .iter()
            .map(|p| {
                (
                    p.number.clone(),
                    self.fulfil.status(o, p, now).0.to_string(),
                )
            })
            .collect()
    }

    /// The buyer asks to cancel: the order goes IN_CANCEL. Only before the parcel is
    /// picked up (READY_TO_SHIP, or PROCESSED with every package still waiting).
    pub(crate) fn shopee_request_cancel(
        &mut self,
        sn: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> bool {
        advance(self, now);
        let Some(o) = self.orders.get(sn) else {
            return false;
        };
        let waiting = self.fulfil.packages(o).iter().all(|p| {
            matches!(
                self.fulfil.status(o, p, now).0,
                "LOGISTICS_READY" | "LOGISTICS_REQUEST_CREATED"
            )
        });
        if !matches!(o.status.as_str(), "READY_TO_SHIP" | "PROCESSED") || !waiting {
            return false;
        }
        let from = o.status.clone();
        self.fulfil.cancel_from.insert(sn.to_string(), from);
        self.fulfil
            .reasons
            .insert(sn.to_string(), reason.to_string());
        if let Some(o) = self.orders.get_mut(sn) {
            o.status = "IN_CANCEL".to_string();
            o.update_time = now.timestamp();
        }
        true
    }

    pub(crate) fn shopee_mask_buyer(&mut self, sn: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(sn) {
            Some(o) => {
                o.update_time = now.timestamp();
                self.fulfil.masked.insert(sn.to_string());
                true
            }
            None => false,
        }
    }

    /// Orders that can be arranged now: READY_TO_SHIP, past allocation, every package
    /// still LOGISTICS_READY.
    pub(crate) fn shopee_ready_orders(&mut self, now: DateTime<Utc>) -> Vec<String> {
        advance(self, now);
        self.orders
            .values()
            .filter(|o| o.status == "READY_TO_SHIP" && !allocating(o, now))
            .filter(|o| {
                self.fulfil
                    .packages(o)
                    .iter()
                    .all(|p| self.fulfil.status(o, p, now).0 == "LOGISTICS_READY")
            })
            .map(|o| o.sn.clone())
            .collect()
    }

    pub(crate) fn shopee_cancel_decisions(&self, sn: &str) -> Vec<String> {
        self.fulfil.decisions.get(sn).cloned().unwrap_or_default()
    }
}

fn allocating(o: &Order, now: DateTime<Utc>) -> bool {
    now.timestamp() - o.create_time < ALLOCATING_SECS
}

// --------------------------------------------------------------------------------------
// Routes

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route(PATH_SHIPPING_PARAMETER, get(shipping_parameter))
        .route(PATH_SHIP_ORDER, post(arrange::ship_order))
        .route(PATH_MASS_SHIP_ORDER, post(arrange::mass_ship_order))
        .route(PATH_TRACKING_NUMBER, get(tracking_number))
        .route(PATH_PACKAGE_DETAIL, get(package_detail))
        .route(PATH_DOC_PARAMETER, post(documents::doc_parameter))
        .route(PATH_DOC_CREATE, post(documents::doc_create))
        .route(PATH_DOC_RESULT, post(documents::doc_result))
        .route(PATH_DOC_DOWNLOAD, post(documents::doc_download))
        .route(PATH_BUYER_CANCELLATION, post(buyer_cancellation))
}

/// A business refusal. HTTP statuses per error are not documented (A1.0): 200 with the
/// error in the envelope, as the existing Shopee sim does for business errors.
fn refuse(state: &SimState, code: &str, message: &str) -> Response {
    fail(state, StatusCode::OK, code, message)
}

type Refusal = (&'static str, String);

fn not_found(state: &SimState) -> Response {
    refuse(
        state,
        "error_not_found",
        "Wrong parameters, detail: the order is not found.",
    )
}

fn allocating_refusal(state: &SimState) -> Response {
    refuse(
        state,
        "logistics.error_param",
        "The order is being allocated, please wait until the allocate is completed",
    )
}

/// A string field that must be a string when present.
fn opt_string(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("{key} should be string, not {other}")),
    }
}

fn required_string(v: &Value, key: &str) -> Result<String, String> {
    match opt_string(v, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(format!("{key} is required")),
    }
}

/// The pickup slots offered now: two tomorrow (Vietnam time), one the day after; the
/// afternoon of tomorrow recommended. (date, pickup_time_id, time_text, recommended)
fn slots(now: DateTime<Utc>) -> Vec<(i64, String, &'static str, bool)> {
    let local = now.with_timezone(&VN).date_naive();
    let day = |n: i64| {
        local
            .checked_add_days(chrono::Days::new(n as u64))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| VN.from_local_datetime(&t).single())
            .map(|t| t.timestamp())
            .unwrap_or(0)
    };
    let (d1, d2) = (day(1), day(2));
    vec![
        (d1, format!("{d1}_1"), "08:00 - 12:00", false),
        (d1, format!("{d1}_2"), "13:00 - 17:00", true),
        (d2, format!("{d2}_1"), "08:00 - 12:00", false),
    ]
}

/// The package a call names: `package_number` required on a split order (A1.0).
fn pick<'a>(pkgs: &'a [Package], pn: Option<&str>) -> Result<&'a Package, Refusal> {
    match pn {
        None if pkgs.len() > 1 => Err((
            "logistics.package_number_not_exist",
            "Please request with package_number for this split order".into(),
        )),
        None => pkgs.first().ok_or(("error_not_found", "no package".into())),
        // Unclear in the reference: what an empty package_number gets (it says only
        // "do not send \"\""). Refused here.
        Some("") => Err((
            "error_param",
            "package_number should not be empty; leave it out for an unsplit order".into(),
        )),
        Some(n) => pkgs.iter().find(|p| p.number == n).ok_or((
            "logistics.package_number_not_exist",
            format!("package_number {n} does not belong to this order"),
        )),
    }
}

async fn shipping_parameter(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_SHIPPING_PARAMETER, true) {
        return r;
    }
    let Some(sn) = first(&q, "order_sn")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return param_error(&state, "order_sn is required");
    };
    let pn = first(&q, "package_number");
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    advance(&mut store, now);
    let Some(o) = store.orders.get(sn) else {
        drop(store);
        return not_found(&state);
    };
    if o.status == "CANCELLED" {
        drop(store);
        return refuse(&state, "error_status", "The order has been cancelled");
    }
    if allocating(o, now) {
        drop(store);
        return allocating_refusal(&state);
    }
    let pkgs = store.fulfil.packages(o);
    if let Err((code, message)) = pick(&pkgs, pn) {
        drop(store);
        return refuse(&state, code, &message);
    }
    let (dropoff_needed, branches) = match store.fulfil.dropoff(sn) {
        Dropoff::Empty => (json!([]), Value::Null),
        kind => {
            let needed = if kind == Dropoff::BranchAndName {
                json!(["branch_id", "sender_real_name"])
            } else {
                json!(["branch_id"])
            };
            (needed, branches_json())
        }
    };
    drop(store);
    let slot_list: Vec<Value> = slots(now)
        .into_iter()
        .map(|(date, id, text, recommended)| {
            json!({
                "date": date,
                "time_text": text,
                "pickup_time_id": id,
                "flags": if recommended { json!(["recommended"]) } else { json!([]) },
            })
        })
        .collect();
    let addresses: Vec<Value> = ADDRESSES
        .iter()
        .map(|(id, street, flags)| {
            json!({
                "address_id": id,
                "region": "VN",
                "state": "TP. Hồ Chí Minh",
                "city": "Quận 1",
                "district": "Phường Bến Thành",
                "town": "",
                "address": street,
                "zipcode": "",
                "address_flag": flags,
                "time_slot_list": slot_list,
            })
        })
        .collect();
    ok(
        &state,
        json!({
            // No `non_integrated` key: these orders ship with Shopee's carriers only.
            "info_needed": {
                "pickup": ["address_id", "pickup_time_id"],
                "dropoff": dropoff_needed,
            },
            "pickup": { "address_list": addresses },
            "dropoff": { "branch_list": branches },
        }),
    )
}

fn branches_json() -> Value {
    json!(
        BRANCHES
            .iter()
            .map(|(id, address)| json!({
                "branch_id": id,
                "region": "VN",
                "state": "TP. Hồ Chí Minh",
                "city": "Quận 1",
                "district": "Phường Bến Nghé",
                "town": "",
                "address": address,
                "zipcode": "",
            }))
            .collect::<Vec<_>>()
    )
}

async fn tracking_number(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if let Some(r) = gate(&state, &q, PATH_TRACKING_NUMBER, true) {
        return r;
    }
    let Some(sn) = first(&q, "order_sn")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return param_error(&state, "order_sn is required");
    };
    let optional: Vec<&str> = first(&q, "response_optional_fields")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(bad) = optional.iter().find(|f| {
        !matches!(
            **f,
            "plp_number" | "first_mile_tracking_number" | "last_mile_tracking_number"
        )
    }) {
        return param_error(
            &state,
            &format!("response_optional_fields: unknown field {bad}"),
        );
    }
    let pn = first(&q, "package_number");
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    advance(&mut store, now);
    let Some(o) = store.orders.get(sn) else {
        drop(store);
        return refuse(&state, "logistics.invalid_error", "The order is not exist.");
    };
    if allocating(o, now) {
        drop(store);
        return allocating_refusal(&state);
    }
    let pkgs = store.fulfil.packages(o);
    let number = match pick(&pkgs, pn) {
        Ok(p) => p.number.clone(),
        Err(("logistics.package_number_not_exist", m)) if pn.is_some() => {
            drop(store);
            return refuse(&state, "logistics.package_not_exist", &m);
        }
        Err((code, m)) => {
            drop(store);
            return refuse(&state, code, &m);
        }
    };
    let o = o.clone();
    if let Some(a) = store
        .fulfil
        .parcels
        .get_mut(&number)
        .and_then(|p| p.arranged.as_mut())
    {
        a.polls += 1;
    }
    let p = pkgs
        .into_iter()
        .find(|p| p.number == number)
        .unwrap_or(Package {
            number,
            lines: Vec::new(),
            split: false,
        });
    let tracking = store.fulfil.tracking(&o, &p, now);
    drop(store);
    let mut response = json!({
        "tracking_number": tracking,
        "hint": if tracking.is_empty() { "The tracking number is not ready yet." } else { "" },
        "pickup_code": "",
    });
    for f in optional {
        response[f] = json!("");
    }
    ok(&state, response)
}

fn package_json(f: &Fulfil, o: &Order, p: &Package, now: DateTime<Utc>) -> Value {
    let (status, updated) = f.status(o, p, now);
    json!({
        "order_sn": o.sn,
        "package_number": p.number,
        "fulfillment_status": status,
        "update_time": updated,
        "ship_by_date": o.create_time + 2 * 86_400,
        "days_to_ship": 2,
        "pickup_done_time": f.pickup_done_time(p, now),
        "logistics_channel_id": LOGISTIC_ID,
        "shipping_carrier": CARRIER,
        "allow_self_design_awb": false,
        "pending_terms": [],
        "tracking_number": f.tracking(o, p, now),
        "is_split_up": p.split,
        "item_list": items_json(o, p),
        "recipient_address": recipient_json(o, f.masked.contains(&o.sn)),
        "parcel_chargeable_weight_gram": 300,
        "group_shipment_id": 0,
    })
}

async fn package_detail(State(state): State<Arc<SimState>>, Query(q): Query<Params>) -> Response {
    if let Some(r) = gate(&state, &q, PATH_PACKAGE_DETAIL, true) {
        return r;
    }
    let list: Vec<&str> = first(&q, "package_number_list")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if list.is_empty() || list.len() > BATCH {
        return param_error(
            &state,
            "package_number_list should have 1 to 50 package_number.",
        );
    }
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    advance(&mut store, now);
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for n in &list {
        let hit = store.orders.values().find_map(|o| {
            store
                .fulfil
                .packages(o)
                .into_iter()
                .find(|p| p.number == *n)
                .map(|p| package_json(&store.fulfil, o, &p, now))
        });
        match hit {
            Some(v) => found.push(v),
            None => missing.push(*n),
        }
    }
    drop(store);
    let mut reply = json!({
        "error": "",
        "message": "",
        "request_id": request_id(&state),
        "response": { "package_list": found },
    });
    if !missing.is_empty() {
        // Unclear in the reference: what an unknown package number gets. Left out, with
        // a warning, as get_order_detail does with an unknown order_sn.
        reply["warning"] = json!([format!("package_number not found: {}", missing.join(","))]);
    }
    reply_json(reply)
}

// --------------------------------------------------------------------------------------
// Buyer cancellation (A1.10)

async fn buyer_cancellation(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_BUYER_CANCELLATION, true) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    let sn = match required_string(&v, "order_sn") {
        Ok(s) => s,
        Err(e) => return param_error(&state, &e),
    };
    let operation = match required_string(&v, "operation") {
        Ok(o) if o == "ACCEPT" || o == "REJECT" => o,
        Ok(o) => {
            return param_error(
                &state,
                &format!("operation must be ACCEPT or REJECT, not {o}"),
            );
        }
        Err(e) => return param_error(&state, &e),
    };
    let now = Utc::now();
    let mut store = lock(&state.shopee);
    advance(&mut store, now);
    let Some(o) = store.orders.get(&sn) else {
        drop(store);
        return not_found(&state);
    };
    if o.status != "IN_CANCEL" {
        drop(store);
        return refuse(
            &state,
            "order.cancel_order_invalid_status",
            "Invalid order_status.The order status should be IN_CANCEL.",
        );
    }
    let numbers: Vec<String> = store
        .fulfil
        .packages(o)
        .into_iter()
        .map(|p| p.number)
        .collect();
    let back = store
        .fulfil
        .cancel_from
        .remove(&sn)
        .unwrap_or_else(|| "READY_TO_SHIP".to_string());
    store
        .fulfil
        .decisions
        .entry(sn.clone())
        .or_default()
        .push(operation.clone());
    let new_status = if operation == "ACCEPT" {
        for n in numbers {
            if let Some(p) = store.fulfil.parcels.get_mut(&n)
                && p.arranged.is_some()
            {
                p.cancelled = Some(("LOGISTICS_REQUEST_CANCELED", now.timestamp()));
            }
        }
        "CANCELLED".to_string()
    } else {
        back
    };
    if let Some(o) = store.orders.get_mut(&sn) {
        o.status = new_status;
        o.update_time = now.timestamp();
    }
    drop(store);
    ok(&state, json!({ "update_time": now.timestamp() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_tomorrow_and_the_day_after_one_recommended() {
        let now = Utc::now();
        let s = slots(now);
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|(d, _, _, _)| *d > now.timestamp()));
        assert_eq!(s.iter().filter(|x| x.3).count(), 1);
    }
}
