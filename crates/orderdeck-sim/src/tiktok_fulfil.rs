//! TikTok Shop fulfilment as the simulator serves it (marketplaces reference A3.0–A3.7):
//! packages, handover slots, Ship Package (one and batch), Get Package Detail, the
//! shipping document and buyers' cancellation requests. Every call passes the same gateway
//! checks as the order calls (`tiktok::gate`: sign, token, `shop_cipher`).
//!
//! What the sim holds to, from the reference:
//! - A paid order has one package with every item (VN); its id is in the order's
//!   `packages[].id` and on each line item (`package_id`, `package_status`).
//! - Ship: `handover_method` ∈ {PICKUP, DROP_OFF}; `pickup_slot{start_time, end_time}`
//!   integers naming a listed, available slot (else `21011053`); PICKUP without a slot is
//!   taken as drop-off when drop-off is offered (single source: a third-party note), else
//!   `21011054`; a second ship `21011040`; a cancelled order `21011041`; a pending buyer
//!   cancellation `21008044`; `self_shipment{tracking_number, shipping_provider_id}` only
//!   for SELLER packages.
//! - Documents: `document_type` required and from the list (`21001001`); before Ship
//!   `21023035`; still generating for the first N asks `11034037`; after pickup `21042102`;
//!   `doc_url` valid 24 hours.
//! - Cancellations: search (`page_size` 1–50), approve / reject with `idempotency_key`
//!   (same key → the same answer, nothing done twice), reject reasons from the VN list
//!   (`25001014`), decisions only while pending (`25011012` / `25011011`).
//! - After Ship the order moves AWAITING_COLLECTION → IN_TRANSIT → DELIVERED → COMPLETED
//!   and the package PROCESSING → FULFILLING → COMPLETED on a [`Timeline`] at the sim's
//!   speed, `update_time` following, so order pulls see it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::tiktok::{
    INVALID_PARAM, Order, Params, Store, fail, first, gate, json_body, ok, page_offset,
};
use super::timeline::{Timeline, roll};
use super::{SimState, lock};

/// "invalid params" in the fulfilment calls (A3.3 lists it for handover slots; used for
/// every malformed fulfilment request here).
const BAD_PARAMS: i64 = 21_001_001;
/// Not in the reference: the code for a package id the shop does not have.
const NO_PACKAGE: i64 = 21_001_001;
const ALREADY_SHIPPED: i64 = 21_011_040;
const ORDER_CANCELLED: i64 = 21_011_041;
const AFTER_SALE_PENDING: i64 = 21_008_044;
const OUTSIDE_SLOT: i64 = 21_011_053;
const MISSING_SLOT: i64 = 21_011_054;
const GENERATING: i64 = 11_034_037;
const ARRANGE_FIRST: i64 = 21_023_035;
const AFTER_PICKUP: i64 = 21_042_102;
const DOC_CANCELLED: i64 = 21_023_059;
const DOC_AFTER_SALE: i64 = 21_021_010;
const NOT_TIKTOK_SHIPPING: i64 = 11_034_002;
/// Reference A3.4: "bad, duplicate or already used tracking number or provider"
/// (`11028006`, `21011022`, `21011025`, `21034012`). Unclear in the reference which code
/// means which; the sim answers a tracking number already used with this one.
const TRACKING_USED: i64 = 21_011_025;
const UNKNOWN_REASON: i64 = 25_001_014;
const REASON_NOT_FOR_ACTION: i64 = 25_001_016;
const ALREADY_SHIPPED_NO_INTERCEPT: i64 = 25_001_045;
const CANNOT_APPROVE: i64 = 25_011_012;
const CANNOT_REJECT: i64 = 25_011_011;

/// `doc_url` lives this long (A3.6).
const DOC_URL_HOURS: i64 = 24;
/// Not in the reference: how long the seller has to answer a buyer's request.
const RESPOND_HOURS: i64 = 48;
/// The platform's carrier in VN for these parcels (sim choice).
const PROVIDER_NAME: &str = "J&T Express";
const PROVIDER_ID: &str = "6617675021119438849";

/// VN reasons a seller may give to reject a buyer's request (A3.7 appendix).
pub(crate) const REJECT_REASONS: [&str; 4] = [
    "order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason",
    "order_manage_list_action_respond_popup_reject_reason_delivered",
    "order_manage_list_action_respond_popup_reject_reason_buyer_agree",
    "seller_reject_apply_product_has_been_packed",
];

/// VN reasons of other uses (seller cancels): known, but not a rejection's.
const OTHER_REASONS: [&str; 6] = [
    "seller_cancel_unpaid_reason_out_of_stock",
    "seller_cancel_unpaid_reason_wrong_price",
    "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed",
    "seller_cancel_reason_out_of_stock",
    "seller_cancel_reason_wrong_price",
    "seller_cancel_paid_reason_address_not_deliver",
];

/// The buyer's VN reasons (A3.7) with the text the sim shows for them in `vi-VN`.
/// The reference gives the names only: the Vietnamese texts are the sim's.
const BUYER_REASONS: [(&str, &str); 7] = [
    (
        "ecom_order_to_ship_canceled_reason_change_payment_method",
        "Muốn đổi phương thức thanh toán",
    ),
    (
        "ecom_order_to_ship_canceled_reason_discount_not_expected",
        "Giảm giá không như mong đợi",
    ),
    (
        "ecom_order_to_ship_canceled_reason_created_by_mistakes",
        "Đặt nhầm đơn",
    ),
    (
        "ecom_order_to_ship_canceled_reason_high_delivery_costs",
        "Phí vận chuyển cao",
    ),
    (
        "ecom_order_to_ship_canceled_reason_better_price",
        "Tìm được giá tốt hơn",
    ),
    (
        "ecom_order_to_ship_canceled_reason_wrong_delivery_info",
        "Sai thông tin giao hàng",
    ),
    (
        "ecom_order_to_ship_canceled_reason_not_shipped_on_time",
        "Đơn không được gửi đúng hạn",
    ),
];

/// (order status, package status) after Ship. The parcel waits two steps for the courier
/// so an AWB fetched right after arranging is still printable.
const PLAN: [(&str, &str); 5] = [
    ("AWAITING_COLLECTION", "PROCESSING"),
    ("AWAITING_COLLECTION", "PROCESSING"),
    ("IN_TRANSIT", "FULFILLING"),
    ("DELIVERED", "COMPLETED"),
    ("COMPLETED", "COMPLETED"),
];

/// The fulfilment state of the TikTok shop.
pub(crate) struct Fulfil {
    /// Packages shipped through the API, by package id.
    shipped: HashMap<String, Shipped>,
    /// How many Ship calls the platform carried out per order (accepted, reply lost or not).
    arranged: HashMap<String, usize>,
    /// (can_pickup, can_drop_off) by package id; both when not set.
    handover: HashMap<String, (bool, bool)>,
    cancels: BTreeMap<String, CancelRequest>,
    /// Accepted decisions by `idempotency_key`.
    keys: HashMap<String, Decided>,
    /// Documents handed out, by the token in their `doc_url`.
    docs: HashMap<String, Doc>,
    /// How many asks a new shipment's document answers `11034037` first.
    pub(crate) doc_polls: u32,
    /// Slots say `available` (one third-party test reads it so) instead of the
    /// documented `avaliable`.
    pub(crate) spell_available: bool,
}

impl Default for Fulfil {
    fn default() -> Fulfil {
        Fulfil {
            shipped: HashMap::new(),
            arranged: HashMap::new(),
            handover: HashMap::new(),
            cancels: BTreeMap::new(),
            keys: HashMap::new(),
            docs: HashMap::new(),
            doc_polls: 1,
            spell_available: false,
        }
    }
}

struct Shipped {
    order_id: String,
    handover: &'static str,
    slot: Option<(i64, i64)>,
    tracking: String,
    /// The seller's `shipping_provider_id` (SELLER packages).
    provider_id: Option<String>,
    timeline: Timeline<(&'static str, &'static str)>,
    /// Timeline steps already written to the order.
    applied: usize,
    polls_left: u32,
}

struct CancelRequest {
    id: String,
    order_id: String,
    reason: String,
    reason_text: String,
    status: &'static str,
    created: i64,
    updated: i64,
    deadline: i64,
}

struct Decided {
    cancel_id: String,
    action: &'static str,
}

struct Doc {
    package_id: String,
    png: bool,
    expires: DateTime<Utc>,
}

/// A package's status from the order's when the API did not ship it (seeded history).
fn status_from_order(order_status: &str) -> &'static str {
    match order_status {
        // Unclear in the reference: Get Package Detail lists PROCESSING, FULFILLING,
        // COMPLETED, CANCELLED only; TO_FULFILL (the line items' value) is used for a
        // package not shipped yet.
        "ON_HOLD" | "AWAITING_SHIPMENT" => "TO_FULFILL",
        "AWAITING_COLLECTION" | "PARTIALLY_SHIPPING" => "PROCESSING",
        "IN_TRANSIT" => "FULFILLING",
        "DELIVERED" | "COMPLETED" => "COMPLETED",
        "CANCELLED" => "CANCELLED",
        _ => "TO_FULFILL",
    }
}

/// The platform's tracking number for a package it ships: fixed by its id.
fn tracking_for(package_id: &str) -> String {
    let digits: String = package_id.chars().filter(char::is_ascii_digit).collect();
    let tail = &digits[digits.len().saturating_sub(10)..];
    format!("84{tail:0>10}")
}

/// "N***n": the first and last letter (how TikTok masks exactly is not in the reference).
fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.as_slice() {
        [] => String::new(),
        [one] => format!("{one}***"),
        [first, .., last] => format!("{first}***{last}"),
    }
}

/// "(+84)90*****12" (the exact format is not in the reference).
fn mask_phone(phone: &str) -> String {
    let (prefix, rest) = match phone.strip_prefix("(+84)") {
        Some(r) => ("(+84)", r),
        None => ("", phone),
    };
    let digits: Vec<char> = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 5 {
        return format!("{prefix}*****");
    }
    let head: String = digits[..2].iter().collect();
    let tail: String = digits[digits.len() - 2..].iter().collect();
    format!("{prefix}{head}*****{tail}")
}

fn masked_shown(o: &Order) -> bool {
    o.masked && o.shipping_type == "TIKTOK"
}

/// The recipient's name as replies show it.
pub(crate) fn shown_name(o: &Order) -> String {
    if masked_shown(o) {
        mask_name(&o.name)
    } else {
        o.name.clone()
    }
}

/// The recipient's phone as replies show it.
pub(crate) fn shown_phone(o: &Order) -> String {
    if masked_shown(o) {
        mask_phone(&o.phone)
    } else {
        o.phone.clone()
    }
}

/// A pickup slot: (start, end, available).
type Slot = (i64, i64, bool);

impl Store {
    /// Writes the steps shipped parcels have reached into their orders.
    pub(crate) fn advance(&mut self, now: DateTime<Utc>) {
        let Store { fulfil, orders, .. } = self;
        for s in fulfil.shipped.values_mut() {
            let events = s.timeline.events(now);
            if events.len() <= s.applied {
                continue;
            }
            s.applied = events.len();
            let Some(((order_status, _), at)) = events.last() else {
                continue;
            };
            let Some(o) = orders.get_mut(&s.order_id) else {
                continue;
            };
            if o.status == "CANCELLED" || o.status == *order_status {
                continue;
            }
            o.status = (*order_status).to_string();
            for item in &mut o.items {
                item.status = (*order_status).to_string();
            }
            o.updated = at.timestamp().max(o.updated);
        }
    }

    /// The package's status now (TO_FULFILL … CANCELLED).
    pub(crate) fn package_status(&self, o: &Order) -> &'static str {
        if o.status == "CANCELLED" {
            return "CANCELLED";
        }
        match self.fulfil.shipped.get(&o.package_id) {
            Some(s) => s
                .timeline
                .current(Utc::now())
                .map(|(_, p)| p)
                .unwrap_or("PROCESSING"),
            None => status_from_order(&o.status),
        }
    }

    /// A buyer's cancellation request waits on the seller for this order.
    pub(crate) fn cancel_pending(&self, order_id: &str) -> bool {
        self.fulfil
            .cancels
            .values()
            .any(|c| c.order_id == order_id && c.status == "CANCELLATION_REQUEST_PENDING")
    }

    /// The paid order holding this package.
    fn order_of_package(&self, package_id: &str) -> Option<&Order> {
        self.orders
            .values()
            .find(|o| o.package_id == package_id && o.status != "UNPAID")
    }

    fn slots(&self, package_id: &str, now: DateTime<Utc>) -> Vec<Slot> {
        // Mornings 8–12 and afternoons 13–17, Vietnam time, today and the next two days,
        // those ending more than an hour from now. Availability is fixed by the seed.
        const VN: i64 = 7 * 3_600;
        let today = (now.timestamp() + VN).div_euclid(86_400) * 86_400 - VN;
        let mut out = Vec::new();
        for d in 0..3 {
            for (from, to) in [(8, 12), (13, 17)] {
                let start = today + d * 86_400 + from * 3_600;
                let end = today + d * 86_400 + to * 3_600;
                if end <= now.timestamp() + 3_600 {
                    continue;
                }
                let available =
                    out.is_empty() || roll(self.seed, &format!("{package_id} {start}")) >= 0.25;
                out.push((start, end, available));
            }
        }
        out
    }

    fn can(&self, package_id: &str) -> (bool, bool) {
        self.fulfil
            .handover
            .get(package_id)
            .copied()
            .unwrap_or((true, true))
    }

    fn package_json(&self, o: &Order) -> Value {
        let status = self.package_status(o);
        let shipped = self.fulfil.shipped.get(&o.package_id);
        let tracking = match shipped {
            Some(s) => s.tracking.clone(),
            None if status != "TO_FULFILL" && status != "CANCELLED" => tracking_for(&o.package_id),
            None => String::new(),
        };
        let seller_provider = shipped.and_then(|s| s.provider_id.as_ref());
        let updated = match shipped {
            Some(s) => s
                .timeline
                .events(Utc::now())
                .last()
                .map(|(_, at)| at.timestamp())
                .unwrap_or(o.updated),
            None => o.updated,
        };
        let mut v = json!({
            "package_id": o.package_id,
            "orders": [{ "id": o.id }],
            "package_status": status,
            "split_and_combine_tag": "DEFAULT",
            "has_multi_skus": o.items.len() > 1,
            "note_tag": "BUYER_UNNOTED",
            "shipping_provider_name": if tracking.is_empty() || seller_provider.is_some() { "" } else { PROVIDER_NAME },
            "shipping_provider_id": match seller_provider {
                Some(p) => p.as_str(),
                None if tracking.is_empty() => "",
                None => PROVIDER_ID,
            },
            "shipping_type": o.shipping_type,
            "delivery_option_name": "Standard",
            "delivery_option_id": "7000714532876273411",
            "tracking_number": tracking,
            "order_line_item_ids": o.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
            "recipient_address": {
                "name": shown_name(o),
                "phone_number": shown_phone(o),
                "address_detail": o.street,
                "full_address": format!("{}, {}, {}, {}", o.street, o.ward, o.district, o.province),
                "region_code": "VN",
                "postal_code": "",
            },
            "sender_address": {
                "name": "Shop Hoa Mai",
                "phone_number": "(+84)28*****88",
                "full_address": "12 Lê Lợi, Phường Bến Nghé, Quận 1, Hồ Chí Minh",
                "region_code": "VN",
            },
            "weight": { "value": "450", "unit": "GRAM" },
            "create_time": o.created + 60,
            "update_time": updated,
        });
        if let Some(s) = shipped {
            v["handover_method"] = json!(s.handover);
            if let Some((start, end)) = s.slot {
                v["pickup_slot"] = json!({ "start_time": start, "end_time": end });
            }
        }
        v
    }

    /// One Ship request for one package, checked and (when accepted) carried out.
    fn ship_one(
        &mut self,
        package_id: &str,
        body: &Value,
        now: DateTime<Utc>,
        step: Duration,
    ) -> Result<(), (i64, String)> {
        let refuse = |code: i64, m: &str| Err((code, m.to_string()));
        let Some(o) = self.order_of_package(package_id) else {
            return refuse(NO_PACKAGE, "package not found");
        };
        let (order_id, shipping_type) = (o.id.clone(), o.shipping_type.clone());
        // The body's shape first (types as documented).
        let method = match body.get("handover_method") {
            None | Some(Value::Null) => None,
            Some(Value::String(m)) if m == "PICKUP" || m == "DROP_OFF" => Some(m.as_str()),
            Some(_) => return refuse(BAD_PARAMS, "handover_method must be PICKUP or DROP_OFF"),
        };
        let slot = match body.get("pickup_slot") {
            None | Some(Value::Null) => None,
            Some(s) => match (
                s.get("start_time").and_then(Value::as_i64),
                s.get("end_time").and_then(Value::as_i64),
            ) {
                (Some(a), Some(b)) if s.is_object() => Some((a, b)),
                _ => {
                    return refuse(
                        BAD_PARAMS,
                        "pickup_slot.start_time and end_time must be integers",
                    );
                }
            },
        };
        let self_shipment = match body.get("self_shipment") {
            None | Some(Value::Null) => None,
            Some(s) => {
                let text = |k: &str| {
                    s.get(k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                };
                match (text("tracking_number"), text("shipping_provider_id")) {
                    (Some(t), Some(p)) => Some((t, p)),
                    _ => {
                        return refuse(
                            BAD_PARAMS,
                            "self_shipment needs tracking_number and shipping_provider_id",
                        );
                    }
                }
            }
        };
        // Then the package's state.
        if self.package_status(o) == "CANCELLED" {
            return refuse(ORDER_CANCELLED, "The order has been cancelled");
        }
        if self.package_status(o) != "TO_FULFILL" {
            return refuse(ALREADY_SHIPPED, "The package has already been shipped");
        }
        if self.cancel_pending(&order_id) {
            return refuse(
                AFTER_SALE_PENDING,
                "The item has an after-sale request; process it first",
            );
        }
        if o.status == "ON_HOLD" {
            // Unclear in the reference which code refuses shipping an ON_HOLD order.
            return refuse(BAD_PARAMS, "The order is on hold and cannot be shipped yet");
        }
        let (can_pickup, can_drop_off) = self.can(package_id);
        let (handover, chosen, tracking, provider_id) = if shipping_type == "SELLER" {
            // Unclear in the reference: what a SELLER package without self_shipment gets.
            let Some((t, provider)) = self_shipment else {
                return refuse(
                    BAD_PARAMS,
                    "a seller-shipping package needs self_shipment{tracking_number, shipping_provider_id}",
                );
            };
            let used = self.fulfil.shipped.values().any(|s| s.tracking == t);
            if used {
                return refuse(TRACKING_USED, "The tracking number has already been used");
            }
            ("DROP_OFF", None, t, Some(provider))
        } else {
            if self_shipment.is_some() {
                // Unclear in the reference which code refuses self_shipment on a TikTok
                // Shipping package (A3.4: "only for seller-shipping packages").
                return refuse(
                    BAD_PARAMS,
                    "self_shipment is only for seller-shipping (SEND_BY_SELLER) packages",
                );
            }
            // Unclear in the reference: with no handover_method, a slot means pickup.
            let method = method.unwrap_or(if slot.is_some() { "PICKUP" } else { "DROP_OFF" });
            let (h, chosen) = match (method, slot) {
                ("PICKUP", Some((a, b))) => {
                    let listed = self
                        .slots(package_id, now)
                        .into_iter()
                        .any(|(s, e, free)| free && s == a && e == b);
                    if !can_pickup || !listed {
                        return refuse(
                            OUTSIDE_SLOT,
                            "The shipment time is outside the pickup time slot",
                        );
                    }
                    ("PICKUP", Some((a, b)))
                }
                // A3.4 (single source): pickup without a slot is taken as drop-off.
                ("PICKUP", None) if can_drop_off => ("DROP_OFF", None),
                ("PICKUP", None) => return refuse(MISSING_SLOT, "Missing pickup slot"),
                (_, _) if !can_drop_off => {
                    // Unclear in the reference which code refuses a drop-off not offered.
                    return refuse(BAD_PARAMS, "Drop-off is not available for this package");
                }
                (_, _) => ("DROP_OFF", None),
            };
            (h, chosen, tracking_for(package_id), None)
        };
        self.fulfil.shipped.insert(
            package_id.to_string(),
            Shipped {
                order_id: order_id.clone(),
                handover,
                slot: chosen,
                tracking,
                provider_id,
                timeline: Timeline::new(PLAN.to_vec(), now, step),
                applied: 1,
                polls_left: self.fulfil.doc_polls,
            },
        );
        *self.fulfil.arranged.entry(order_id.clone()).or_default() += 1;
        if let Some(o) = self.orders.get_mut(&order_id) {
            o.status = "AWAITING_COLLECTION".into();
            for item in &mut o.items {
                item.status = "AWAITING_COLLECTION".into();
            }
            o.updated = now.timestamp().max(o.updated + 1);
        }
        Ok(())
    }

    // --- helpers behind SimHandle

    pub(crate) fn arranged_count(&self, order_id: &str) -> usize {
        self.fulfil.arranged.get(order_id).copied().unwrap_or(0)
    }

    pub(crate) fn package_status_of(&mut self, order_id: &str) -> Option<String> {
        self.advance(Utc::now());
        let o = self.orders.get(order_id)?;
        (o.status != "UNPAID").then(|| self.package_status(o).to_string())
    }

    pub(crate) fn package_id_of(&self, order_id: &str) -> Option<String> {
        let o = self.orders.get(order_id)?;
        (o.status != "UNPAID").then(|| o.package_id.clone())
    }

    /// The buyer asks to cancel an order not picked up yet. `reason`: one of the buyer
    /// reason names (shown with its text) or any text.
    pub(crate) fn request_cancel(
        &mut self,
        order_id: &str,
        reason: &str,
        now: DateTime<Utc>,
        cancel_id: String,
    ) -> bool {
        self.advance(now);
        if self.cancel_pending(order_id) {
            return false;
        }
        let Some(o) = self.orders.get_mut(order_id) else {
            return false;
        };
        if !matches!(
            o.status.as_str(),
            "AWAITING_SHIPMENT" | "AWAITING_COLLECTION"
        ) {
            return false;
        }
        o.updated = now.timestamp().max(o.updated + 1);
        let reason = reason.trim();
        let text = BUYER_REASONS
            .iter()
            .find(|(k, _)| *k == reason)
            .map(|(_, t)| (*t).to_string())
            .unwrap_or_else(|| reason.to_string());
        self.fulfil.cancels.insert(
            cancel_id.clone(),
            CancelRequest {
                id: cancel_id,
                order_id: order_id.to_string(),
                reason: reason.to_string(),
                reason_text: text,
                status: "CANCELLATION_REQUEST_PENDING",
                created: now.timestamp(),
                updated: now.timestamp(),
                deadline: now.timestamp() + RESPOND_HOURS * 3_600,
            },
        );
        true
    }

    pub(crate) fn mask_buyer(&mut self, order_id: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(order_id) {
            Some(o) => {
                o.masked = true;
                o.updated = now.timestamp().max(o.updated + 1);
                true
            }
            None => false,
        }
    }

    pub(crate) fn ready_orders(&mut self) -> Vec<String> {
        self.advance(Utc::now());
        self.orders
            .values()
            .filter(|o| o.status == "AWAITING_SHIPMENT" && self.package_status(o) == "TO_FULFILL")
            .filter(|o| !self.cancel_pending(&o.id))
            .map(|o| o.id.clone())
            .collect()
    }

    pub(crate) fn set_handover(&mut self, order_id: &str, pickup: bool, drop_off: bool) -> bool {
        let Some(pid) = self.orders.get(order_id).map(|o| o.package_id.clone()) else {
            return false;
        };
        self.fulfil.handover.insert(pid, (pickup, drop_off));
        true
    }

    pub(crate) fn set_seller_shipping(&mut self, order_id: &str, now: DateTime<Utc>) -> bool {
        match self.orders.get_mut(order_id) {
            Some(o) => {
                o.shipping_type = "SELLER".into();
                o.updated = now.timestamp().max(o.updated + 1);
                true
            }
            None => false,
        }
    }

    fn cancel_json(&self, c: &CancelRequest) -> Value {
        let items: Vec<Value> = self
            .orders
            .get(&c.order_id)
            .map(|o| {
                o.items
                    .iter()
                    .map(|i| {
                        json!({
                            "cancel_line_item_id": format!("{}{}", c.id, &i.id[i.id.len().saturating_sub(4)..]),
                            "order_line_item_id": i.id,
                            "sku_id": i.sku_id,
                            "sku_name": if i.sku_name.is_empty() { i.product_name.clone() } else { i.sku_name.clone() },
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let pending = c.status == "CANCELLATION_REQUEST_PENDING";
        json!({
            "order_id": c.order_id,
            "cancel_id": c.id,
            "cancel_type": "BUYER_CANCEL",
            "cancel_status": c.status,
            "role": "BUYER",
            "cancel_reason": c.reason,
            "cancel_reason_text": c.reason_text,
            "create_time": c.created,
            "update_time": c.updated,
            "seller_next_action_response": if pending {
                json!([{ "action": "SELLER_RESPOND_CANCEL", "deadline": c.deadline }])
            } else {
                json!([])
            },
            "refund_amount": { "currency": "VND" },
            "cancel_line_items": items,
        })
    }
}

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/fulfillment/202309/packages/ship", post(batch_ship))
        .route(
            "/fulfillment/202309/packages/{package_id}",
            get(package_detail),
        )
        .route(
            "/fulfillment/202309/packages/{package_id}/handover_time_slots",
            get(handover_slots),
        )
        .route("/fulfillment/202309/packages/{package_id}/ship", post(ship))
        .route(
            "/fulfillment/202309/packages/{package_id}/shipping_documents",
            get(shipping_document),
        )
        .route("/tiktok-sim/documents/{token}", get(document_file))
        .route(
            "/return_refund/202309/cancellations/search",
            post(search_cancellations),
        )
        .route(
            "/return_refund/202309/cancellations/{cancel_id}/approve",
            post(approve),
        )
        .route(
            "/return_refund/202309/cancellations/{cancel_id}/reject",
            post(reject),
        )
}

async fn package_detail(
    State(state): State<Arc<SimState>>,
    Path(package_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, None, true) {
        return r;
    }
    let mut store = lock(&state.tiktok);
    store.advance(Utc::now());
    let Some(o) = store.order_of_package(&package_id) else {
        drop(store);
        return fail(&state, NO_PACKAGE, "package not found");
    };
    let v = store.package_json(o);
    drop(store);
    ok(&state, v)
}

async fn handover_slots(
    State(state): State<Arc<SimState>>,
    Path(package_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, None, true) {
        return r;
    }
    let now = Utc::now();
    let store = lock(&state.tiktok);
    if store.order_of_package(&package_id).is_none() {
        drop(store);
        return fail(&state, BAD_PARAMS, "invalid params: package not found");
    }
    let (can_pickup, can_drop_off) = store.can(&package_id);
    let key = if store.fulfil.spell_available {
        "available"
    } else {
        // The documented spelling (A3.3).
        "avaliable"
    };
    let slots: Vec<Value> = if can_pickup {
        store
            .slots(&package_id, now)
            .into_iter()
            .map(|(s, e, free)| json!({ "start_time": s, "end_time": e, key: free }))
            .collect()
    } else {
        Vec::new()
    };
    drop(store);
    ok(
        &state,
        json!({
            "can_pickup": can_pickup,
            "can_drop_off": can_drop_off,
            "can_van_collection": false,
            "drop_off_point_url": if can_drop_off { "https://www.jtexpress.vn/vi/express/drop-off" } else { "" },
            "pickup_slots": slots,
        }),
    )
}

async fn ship(
    State(state): State<Arc<SimState>>,
    Path(package_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let body = match json_body(&state, &raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let result = lock(&state.tiktok).ship_one(&package_id, &body, Utc::now(), state.step);
    match result {
        Ok(()) => ok(&state, json!({})),
        Err((code, message)) => fail(&state, code, &message),
    }
}

/// Batch Ship Packages (A3.5). The maximum per call is not stated: the sim sets none.
async fn batch_ship(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let body = match json_body(&state, &raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(list) = body
        .get("packages")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
    else {
        return fail(&state, BAD_PARAMS, "packages is required");
    };
    let mut asks = Vec::with_capacity(list.len());
    for p in list {
        match p.get("id").and_then(Value::as_str).map(str::trim) {
            Some(id) if !id.is_empty() && p.is_object() => asks.push((id.to_string(), p)),
            _ => return fail(&state, BAD_PARAMS, "packages[].id is required"),
        }
    }
    let now = Utc::now();
    let mut errors = Vec::new();
    {
        let mut store = lock(&state.tiktok);
        for (id, p) in asks {
            if let Err((code, message)) = store.ship_one(&id, p, now, state.step) {
                errors.push(json!({
                    "code": code,
                    "message": message,
                    "detail": { "package_id": id },
                }));
            }
        }
    }
    ok(&state, json!({ "errors": errors }))
}

const DOC_TYPES: [&str; 6] = [
    "SHIPPING_LABEL",
    "PACKING_SLIP",
    "SHIPPING_LABEL_AND_PACKING_SLIP",
    "SHIPPING_LABEL_PICTURE",
    "HAZMAT_LABEL",
    "INVOICE_LABEL",
];

async fn shipping_document(
    State(state): State<Arc<SimState>>,
    Path(package_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, None, true) {
        return r;
    }
    let Some(kind) = first(&q, "document_type").filter(|t| DOC_TYPES.contains(t)) else {
        return fail(
            &state,
            BAD_PARAMS,
            "invalid params: document_type is required (SHIPPING_LABEL, PACKING_SLIP, …)",
        );
    };
    if !matches!(first(&q, "document_size"), None | Some("A6" | "A5")) {
        return fail(
            &state,
            BAD_PARAMS,
            "invalid params: document_size must be A6 or A5",
        );
    }
    if !matches!(first(&q, "document_format"), None | Some("PDF")) {
        // ZPL is for BR shops only (A3.6).
        return fail(
            &state,
            BAD_PARAMS,
            "invalid params: document_format must be PDF",
        );
    }
    if matches!(kind, "HAZMAT_LABEL" | "INVOICE_LABEL") {
        // No hazmat items in the sim's shop; invoice labels are BR only.
        return fail(
            &state,
            BAD_PARAMS,
            "invalid params: this document_type does not apply to the package",
        );
    }
    let now = Utc::now();
    let mut store = lock(&state.tiktok);
    store.advance(now);
    let refusal = match store.order_of_package(&package_id) {
        None => Some((NO_PACKAGE, "package not found")),
        Some(o) => {
            let status = store.package_status(o);
            let cancel = store.cancel_pending(&o.id);
            if o.shipping_type != "TIKTOK" {
                Some((NOT_TIKTOK_SHIPPING, "Not a TikTok Shipping order"))
            } else if status == "CANCELLED" {
                Some((DOC_CANCELLED, "The order has been cancelled"))
            } else if cancel {
                Some((
                    DOC_AFTER_SALE,
                    "The order has an after-sale request pending",
                ))
            } else if status == "TO_FULFILL" {
                Some((ARRANGE_FIRST, "Please arrange shipment first"))
            } else if status != "PROCESSING" {
                Some((AFTER_PICKUP, "Cannot print after the package is picked up"))
            } else {
                None
            }
        }
    };
    if let Some((code, message)) = refusal {
        drop(store);
        return fail(&state, code, message);
    }
    let tracking = store
        .order_of_package(&package_id)
        .map(|o| store.package_json(o)["tracking_number"].clone())
        .unwrap_or(Value::Null);
    if let Some(s) = store.fulfil.shipped.get_mut(&package_id)
        && s.polls_left > 0
    {
        s.polls_left -= 1;
        drop(store);
        return fail(
            &state,
            GENERATING,
            "The carrier is still generating the document, please retry later",
        );
    }
    let token = state.token("doc_");
    store.fulfil.docs.insert(
        token.clone(),
        Doc {
            package_id: package_id.clone(),
            png: kind == "SHIPPING_LABEL_PICTURE",
            expires: now + Duration::hours(DOC_URL_HOURS),
        },
    );
    drop(store);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    ok(
        &state,
        json!({
            "doc_url": format!("http://{host}/tiktok-sim/documents/{token}"),
            "tracking_number": tracking,
        }),
    )
}

/// The file behind a `doc_url` (no signature: the link itself is the key, 24 hours).
async fn document_file(State(state): State<Arc<SimState>>, Path(token): Path<String>) -> Response {
    let store = lock(&state.tiktok);
    let Some(doc) = store.fulfil.docs.get(&token) else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    if doc.expires <= Utc::now() {
        return (StatusCode::FORBIDDEN, "the link has expired").into_response();
    }
    let tracking = store
        .order_of_package(&doc.package_id)
        .map(|o| {
            store.package_json(o)["tracking_number"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    if doc.png {
        return ([(header::CONTENT_TYPE, "image/png")], TINY_PNG.to_vec()).into_response();
    }
    let pdf = crate::pdf::a6_pages(&[format!("TikTok Shop {} {tracking}", doc.package_id)]);
    ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response()
}

/// A 1×1 PNG.
const TINY_PNG: [u8; 67] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// A filter list of strings (absent: no filter); not a list of strings: refused.
fn string_list(body: &Value, key: &str) -> Result<Option<Vec<String>>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{key} must be a list of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(format!("{key} must be a list of strings")),
    }
}

/// The filter spelling `CANCELLATION_REQUEST_CANCEL` and the response spelling
/// `…_CANCELLED` name the same status (A3.7: both accepted).
fn same_cancel_status(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        if s == "CANCELLATION_REQUEST_CANCEL" {
            "CANCELLATION_REQUEST_CANCELLED".to_string()
        } else {
            s.to_string()
        }
    };
    norm(a) == norm(b)
}

const CANCEL_STATUSES: [&str; 5] = [
    "CANCELLATION_REQUEST_PENDING",
    "CANCELLATION_REQUEST_SUCCESS",
    "CANCELLATION_REQUEST_CANCEL",
    "CANCELLATION_REQUEST_CANCELLED",
    "CANCELLATION_REQUEST_COMPLETE",
];

async fn search_cancellations(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let body = match json_body(&state, &raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    // page_size 1–50, default 10 (A3.7).
    let size = match first(&q, "page_size").map(|p| p.trim().parse::<usize>()) {
        None => 10,
        Some(Ok(n)) if (1..=50).contains(&n) => n,
        _ => return fail(&state, INVALID_PARAM, "page_size must be 1 to 50"),
    };
    let offset = match page_offset(&state, &q) {
        Ok(o) => o,
        Err(r) => return *r,
    };
    if !matches!(first(&q, "sort_order"), None | Some("ASC" | "DESC"))
        || !matches!(
            first(&q, "sort_field"),
            None | Some("create_time" | "update_time")
        )
    {
        return fail(
            &state,
            INVALID_PARAM,
            "sort_field must be create_time or update_time, sort_order ASC or DESC",
        );
    }
    let lists = (
        string_list(&body, "cancel_ids"),
        string_list(&body, "order_ids"),
        string_list(&body, "cancel_types"),
        string_list(&body, "cancel_status"),
    );
    let (ids, orders, types, statuses) = match lists {
        (Ok(a), Ok(b), Ok(c), Ok(d)) => (a, b, c, d),
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
            return fail(&state, INVALID_PARAM, &e);
        }
    };
    if types
        .iter()
        .flatten()
        .any(|t| t != "CANCEL" && t != "BUYER_CANCEL")
    {
        return fail(
            &state,
            INVALID_PARAM,
            "cancel_types must be CANCEL or BUYER_CANCEL",
        );
    }
    if statuses
        .iter()
        .flatten()
        .any(|s| !CANCEL_STATUSES.contains(&s.as_str()))
    {
        return fail(&state, INVALID_PARAM, "cancel_status is not a known status");
    }
    if body.get("locale").is_some_and(|l| !l.is_string()) {
        return fail(&state, INVALID_PARAM, "locale must be a string");
    }
    let by_update = first(&q, "sort_field") == Some("update_time");
    let desc = first(&q, "sort_order") == Some("DESC");
    let store = lock(&state.tiktok);
    let mut found: Vec<&CancelRequest> = store
        .fulfil
        .cancels
        .values()
        .filter(|c| {
            ids.as_ref().is_none_or(|l| l.contains(&c.id))
                && orders.as_ref().is_none_or(|l| l.contains(&c.order_id))
                // Every request the sim makes is a buyer's.
                && types.as_ref().is_none_or(|l| l.iter().any(|t| t == "BUYER_CANCEL"))
                && statuses
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|s| same_cancel_status(s, c.status)))
        })
        .collect();
    found.sort_by_key(|c| (if by_update { c.updated } else { c.created }, c.id.clone()));
    if desc {
        found.reverse();
    }
    let total = found.len();
    let page: Vec<Value> = found
        .iter()
        .skip(offset)
        .take(size)
        .map(|c| store.cancel_json(c))
        .collect();
    drop(store);
    let next = if offset + size < total {
        format!("pt_{}", offset + size)
    } else {
        String::new()
    };
    ok(
        &state,
        json!({ "next_page_token": next, "total_count": total, "cancellations": page }),
    )
}

/// The `idempotency_key` of a decision: optional, at most 255 characters.
fn idempotency_key(q: &Params) -> Result<Option<String>, &'static str> {
    match first(q, "idempotency_key").map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if k.chars().count() <= 255 => Ok(Some(k.to_string())),
        Some(_) => Err("idempotency_key is longer than 255 characters"),
    }
}

/// A decision on a request: approve (`reject_reason` None) or reject.
fn decide(
    state: &SimState,
    cancel_id: &str,
    action: &'static str,
    key: Option<String>,
    reject_reason: Option<&str>,
) -> Response {
    let now = Utc::now();
    let mut store = lock(&state.tiktok);
    store.advance(now);
    if let Some(k) = &key
        && let Some(d) = store.fulfil.keys.get(k)
    {
        // The same key again: the same answer, nothing done a second time.
        if d.cancel_id == cancel_id && d.action == action {
            drop(store);
            return ok(state, json!({}));
        }
        // Unclear in the reference what a key reused for another decision gets.
        drop(store);
        return fail(
            state,
            INVALID_PARAM,
            "idempotency_key was used for another request",
        );
    }
    let Some(c) = store.fulfil.cancels.get(cancel_id) else {
        drop(store);
        // Unclear in the reference: the code for an unknown cancel_id.
        return fail(state, 25_007_006, "The cancellation was not found");
    };
    if c.status != "CANCELLATION_REQUEST_PENDING" {
        let (code, m) = if action == "approve" {
            (CANNOT_APPROVE, "The cancellation status cannot be approved")
        } else {
            (CANNOT_REJECT, "The cancellation status cannot be rejected")
        };
        drop(store);
        return fail(state, code, m);
    }
    let order_id = c.order_id.clone();
    let picked_up = store.orders.get(&order_id).is_some_and(|o| {
        !matches!(
            o.status.as_str(),
            "AWAITING_SHIPMENT" | "AWAITING_COLLECTION"
        )
    });
    if action == "approve" && picked_up {
        drop(store);
        return fail(
            state,
            ALREADY_SHIPPED_NO_INTERCEPT,
            "The order has already shipped and cannot be intercepted",
        );
    }
    if let Some(reason) = reject_reason {
        if OTHER_REASONS.contains(&reason) {
            drop(store);
            return fail(
                state,
                REASON_NOT_FOR_ACTION,
                "The reason does not match the action",
            );
        }
        if !REJECT_REASONS.contains(&reason) {
            drop(store);
            return fail(state, UNKNOWN_REASON, "Unknown reject reason");
        }
    }
    if let Some(c) = store.fulfil.cancels.get_mut(cancel_id) {
        // Unclear in the reference which status a rejected request takes; the sim uses
        // the response spelling of "request cancelled".
        c.status = if action == "approve" {
            "CANCELLATION_REQUEST_SUCCESS"
        } else {
            "CANCELLATION_REQUEST_CANCELLED"
        };
        c.updated = now.timestamp();
    }
    if let Some(o) = store.orders.get_mut(&order_id) {
        if action == "approve" {
            o.status = "CANCELLED".into();
            for item in &mut o.items {
                item.status = "CANCELLED".into();
            }
        }
        o.updated = now.timestamp().max(o.updated + 1);
    }
    // Unclear in the reference whether a refused call's key is kept: the sim keeps the
    // keys of decisions carried out, so a retry after a refusal is judged afresh.
    if let Some(k) = key {
        store.fulfil.keys.insert(
            k,
            Decided {
                cancel_id: cancel_id.to_string(),
                action,
            },
        );
    }
    drop(store);
    ok(state, json!({}))
}

async fn approve(
    State(state): State<Arc<SimState>>,
    Path(cancel_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    if let Err(r) = json_body(&state, &raw) {
        return *r;
    }
    match idempotency_key(&q) {
        Ok(key) => decide(&state, &cancel_id, "approve", key, None),
        Err(e) => fail(&state, INVALID_PARAM, e),
    }
}

async fn reject(
    State(state): State<Arc<SimState>>,
    Path(cancel_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let body = match json_body(&state, &raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(reason) = body
        .get("reject_reason")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|r| !r.is_empty())
    else {
        return fail(&state, INVALID_PARAM, "reject_reason is required");
    };
    if body
        .get("comment")
        .is_some_and(|c| !c.is_string() && !c.is_null())
    {
        return fail(&state, INVALID_PARAM, "comment must be a string");
    }
    let images_ok = match body.get("images") {
        None | Some(Value::Null) => true,
        Some(Value::Array(list)) => list
            .iter()
            .all(|i| i.get("image_id").and_then(Value::as_str).is_some()),
        Some(_) => false,
    };
    if !images_ok {
        return fail(&state, INVALID_PARAM, "images[].image_id is required");
    }
    match idempotency_key(&q) {
        Ok(key) => decide(&state, &cancel_id, "reject", key, Some(reason)),
        Err(e) => fail(&state, INVALID_PARAM, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_ends() {
        assert_eq!(mask_phone("(+84)901234512"), "(+84)90*****12");
        assert_eq!(mask_name("Nguyễn Thu Hà"), "N***à");
        assert_eq!(tracking_for("1729000000000123456"), "840000123456");
    }
}
