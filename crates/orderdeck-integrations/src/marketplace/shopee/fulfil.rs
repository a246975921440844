//! Shopee's logistics (reference "Fulfilment", A1.0–A1.13): the seller says how the
//! parcel reaches Shopee's carrier; Shopee gives the tracking number and the airway
//! bill.
//!
//! - Options: `get_order_detail` (`package_list`, `ship_by_date`), then
//!   `get_shipping_parameter`: pickup addresses with slots (`pickup_time_id` opaque),
//!   drop-off branches (an empty `info_needed.dropoff` still means drop-off), and
//!   `non_integrated` (the seller's own carrier).
//! - Arrange: `ship_order` with exactly one of pickup / dropoff / non_integrated. A split
//!   order must name its package; an unsplit one must leave `package_number` out, never
//!   `""` (A1.0): the order's `package_list` says which it is. Success is an empty
//!   `error` and no `response`; `logistics.package_already_shipped` is looked up and
//!   answered as arranged before ([`Arranged::already`]). Then `get_tracking_number`
//!   once: it may still be empty (Shopee says to poll within 5 minutes).
//! - Many: `mass_ship_order` by 50 packages (`package_number` required), then one
//!   `get_package_detail` per batch for tracking numbers and for the failed ones that
//!   turn out to be arranged already.
//! - Documents: `get_shipping_document_parameter` (suggested type) →
//!   `get_shipping_document_result` → `create_shipping_document` (only for packages
//!   Shopee says were never created) → result again → `download_shipping_document`,
//!   which answers with the file itself.
//! - Cancellation: buyers' requests are orders in `IN_CANCEL`
//!   (`buyer_cancel_reason`); `handle_buyer_cancellation` ACCEPT / REJECT.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use super::fulfil_replies::*;
use super::*;
use crate::carrier::{ShipmentStatus, Tracking, TrackingEvent};
mod documents;

use crate::marketplace::fulfil::{
    Arranged, BatchResult, Branch, CancelDecision, CancelRequest, Document, Fulfilment, Handover,
    HandoverOptions, PackageRef, PackageTracking, PickupAddress, Slot,
};

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

/// The detail fields the fulfilment calls read.
const PACKAGE_FIELDS: &str = "package_list";
const CANCEL_FIELDS: &str = "buyer_cancel_reason,package_list";

const ALREADY_SHIPPED: &str = "logistics.package_already_shipped";
const SHOULD_PRINT_FIRST: &str = "logistics.shipping_document_should_print_first";
const DOWNLOAD_LATER: &str = "logistics.download_later";

/// Package statuses that mean it was arranged (whatever happened after).
/// `LOGISTICS_INVALID` is not one: the order was cancelled before arranging (A1.4).
const ARRANGED: [&str; 8] = [
    "LOGISTICS_REQUEST_CREATED",
    "LOGISTICS_PICKUP_DONE",
    "LOGISTICS_DELIVERY_DONE",
    "LOGISTICS_PICKUP_RETRY",
    "LOGISTICS_PICKUP_FAILED",
    "LOGISTICS_DELIVERY_FAILED",
    "LOGISTICS_LOST",
    "LOGISTICS_REQUEST_CANCELED",
];

/// Order statuses past the arranging (A1.4).
const ORDER_ARRANGED: [&str; 5] = [
    "PROCESSED",
    "SHIPPED",
    "TO_CONFIRM_RECEIVE",
    "COMPLETED",
    "RETRY_SHIP",
];

/// Order statuses in which the parcel has left with the carrier.
const ORDER_ON_ITS_WAY: [&str; 3] = ["SHIPPED", "TO_CONFIRM_RECEIVE", "COMPLETED"];

use crate::marketplace::fulfil::SPLIT_ORDER;

fn not_sent(message: String) -> ChannelError {
    ChannelError::Rejected {
        channel: CHANNEL,
        code: "not_sent".into(),
        message: format!("not sent: {message}"),
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// How a call names one package of an order.
#[derive(Debug, Clone)]
struct Target {
    order_sn: String,
    /// What to send as `package_number`: only on a split order (A1.0).
    send: Option<String>,
    /// The package number, when Shopee has told us one.
    number: Option<String>,
    /// The carrier Shopee named for it.
    carrier: String,
}

impl Target {
    fn package(&self) -> PackageRef {
        PackageRef {
            order_id: self.order_sn.clone(),
            package_id: self.number.clone(),
        }
    }

    /// `{order_sn, package_number?}` as the document calls take it.
    fn element(&self) -> Value {
        let mut v = json!({ "order_sn": self.order_sn });
        if let Some(p) = &self.send {
            v["package_number"] = json!(p);
        }
        v
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![("order_sn", self.order_sn.clone())];
        if let Some(p) = &self.send {
            q.push(("package_number", p.clone()));
        }
        q
    }
}

/// Which package of `order` the caller means, and how to name it to Shopee.
fn target(order: &FulfilOrder, package: &PackageRef) -> ChannelResult<Target> {
    let split = order.package_list.len() > 1;
    let wanted = package
        .package_id
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let entry = match wanted {
        Some(p) => Some(
            order
                .package_list
                .iter()
                .find(|e| e.package_number == p)
                .ok_or_else(|| {
                    not_sent(format!(
                        "package {p} is not one of order {}'s packages",
                        order.order_sn
                    ))
                })?,
        ),
        None if split => {
            // Its own code: the caller tells a person the order is split, not that a
            // call failed.
            return Err(ChannelError::Rejected {
                channel: CHANNEL,
                code: SPLIT_ORDER.into(),
                message: format!(
                    "not sent: order {} is split into {} packages: say which one",
                    order.order_sn,
                    order.package_list.len()
                ),
            });
        }
        None => order.package_list.first(),
    };
    Ok(Target {
        order_sn: order.order_sn.clone(),
        send: entry.filter(|_| split).map(|e| e.package_number.clone()),
        number: entry.map(|e| e.package_number.clone()),
        carrier: entry
            .map(|e| e.shipping_carrier.clone())
            .unwrap_or_default(),
    })
}

/// The part of a `ship_order` body that says how the parcel is handed over.
fn handover_part(handover: &Handover) -> ChannelResult<(&'static str, Value)> {
    let id = |what: &str, raw: &str| {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| not_sent(format!("{what} {raw:?} is not a Shopee id")))
    };
    match handover {
        Handover::Pickup {
            address_id,
            slot_id,
        } => {
            let mut v = json!({ "address_id": id("pickup address", address_id)? });
            if let Some(slot) = slot_id.as_deref().filter(|s| !s.trim().is_empty()) {
                v["pickup_time_id"] = json!(slot);
            }
            Ok(("pickup", v))
        }
        Handover::DropOff {
            branch_id,
            sender_name,
        } => {
            // An empty object is a drop-off with nothing to choose (A1.5).
            let mut v = json!({});
            if let Some(b) = branch_id.as_deref().filter(|b| !b.trim().is_empty()) {
                v["branch_id"] = json!(id("drop-off branch", b)?);
            }
            if let Some(n) = sender_name.as_deref().filter(|n| !n.trim().is_empty()) {
                v["sender_real_name"] = json!(n.trim());
            }
            Ok(("dropoff", v))
        }
        Handover::SellerShipped {
            tracking_number, ..
        } => Ok((
            "non_integrated",
            json!({ "tracking_number": tracking_number.trim() }),
        )),
        Handover::Platform { .. } => Err(not_sent(
            "Shopee arranges a parcel by pickup, drop-off or the seller's own tracking number"
                .into(),
        )),
    }
}

/// Where a package is, from its status as `get_package_detail` gives it and its order's
/// status. One event per status reached. Shopee gives only the time of the last change
/// (`update_time`) and of the pickup (`pickup_done_time`); a step passed without a time
/// of its own is dated at the pickup, so the same event comes back on every poll.
// Unclear in the reference: the time a package was arranged. While
// LOGISTICS_REQUEST_CREATED is current it is dated `update_time`; once passed, at the
// pickup: a poller that saw it current keeps both.
fn package_tracking(p: &PackageWire, order_status: Option<&str>) -> ChannelResult<Tracking> {
    let updated = time("update_time", p.update_time)?;
    let picked = if p.pickup_done_time > 0 {
        Some(time("pickup_done_time", p.pickup_done_time)?)
    } else {
        None
    };
    let before = picked.unwrap_or(updated);
    let on_its_way = order_status.is_some_and(|s| ORDER_ON_ITS_WAY.contains(&s));
    let created = ("LOGISTICS_REQUEST_CREATED", ShipmentStatus::ReadyToPick);
    let pickup = ("LOGISTICS_PICKUP_DONE", ShipmentStatus::PickedUp);
    let transit = ("SHIPPED", ShipmentStatus::InTransit);
    let fs = p.fulfillment_status.as_str();
    let mut steps: Vec<((&str, ShipmentStatus), DateTime<Utc>)> = Vec::new();
    match fs {
        "LOGISTICS_REQUEST_CREATED" => steps.push((created, updated)),
        "LOGISTICS_PICKUP_DONE" => {
            steps.push((created, before));
            steps.push((pickup, before));
            if on_its_way {
                steps.push((transit, before));
            }
        }
        "LOGISTICS_DELIVERY_DONE" => {
            steps.push((created, before));
            steps.push((pickup, before));
            steps.push((transit, before));
            steps.push(((fs, ShipmentStatus::Delivered), updated));
        }
        "LOGISTICS_PICKUP_FAILED" | "LOGISTICS_PICKUP_RETRY" => {
            steps.push((created, before));
            if picked.is_some() {
                steps.push((pickup, before));
            }
            steps.push(((fs, ShipmentStatus::DeliveryFailed), updated));
        }
        "LOGISTICS_DELIVERY_FAILED" => {
            steps.push((created, before));
            steps.push((pickup, before));
            steps.push((transit, before));
            steps.push(((fs, ShipmentStatus::DeliveryFailed), updated));
        }
        "LOGISTICS_LOST" => {
            steps.push((created, before));
            if picked.is_some() {
                steps.push((pickup, before));
            }
            steps.push(((fs, ShipmentStatus::LostOrDamaged), updated));
        }
        "LOGISTICS_REQUEST_CANCELED" => {
            steps.push((created, before));
            steps.push(((fs, ShipmentStatus::Cancelled), updated));
        }
        "LOGISTICS_INVALID" => steps.push(((fs, ShipmentStatus::Cancelled), updated)),
        _ => {}
    }
    let status = match (steps.last(), fs) {
        (Some(((_, s), _)), _) => *s,
        (None, "LOGISTICS_NOT_START" | "LOGISTICS_READY" | "LOGISTICS_PENDING_ARRANGE") => {
            ShipmentStatus::Pending
        }
        (None, _) => ShipmentStatus::Unknown,
    };
    Ok(Tracking {
        status,
        carrier_status: fs.to_string(),
        events: steps
            .into_iter()
            .map(|((code, status), at)| TrackingEvent {
                status,
                carrier_status: code.to_string(),
                description: String::new(),
                location: String::new(),
                occurred_at: at,
            })
            .collect(),
    })
}

impl ShopeeClient {
    /// `get_order_detail` with `fields`, 50 at a time; orders Shopee does not know are
    /// left out.
    async fn fulfil_orders(
        &self,
        order_sns: &[&str],
        fields: &str,
    ) -> ChannelResult<HashMap<String, FulfilOrder>> {
        let mut unique: Vec<&str> = Vec::new();
        for sn in order_sns.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !unique.contains(&sn) {
                unique.push(sn);
            }
        }
        let mut out = HashMap::new();
        for chunk in unique.chunks(BATCH) {
            let query = [
                ("order_sn_list", chunk.join(",")),
                ("response_optional_fields", fields.to_string()),
            ];
            let detail: FulfilDetail = decode(
                "get_order_detail reply",
                response(self.get(PATH_ORDER_DETAIL, &query).await?),
            )?;
            for o in detail.order_list {
                out.insert(o.order_sn.clone(), o);
            }
        }
        Ok(out)
    }

    /// The one order a call is about, with its packages.
    async fn fulfil_order(&self, order_sn: &str) -> ChannelResult<FulfilOrder> {
        let sn = order_sn.trim();
        self.fulfil_orders(&[sn], PACKAGE_FIELDS)
            .await?
            .remove(sn)
            .ok_or_else(|| not_sent(format!("Shopee does not know order {sn:?}")))
    }

    /// `get_package_detail`, 50 at a time, by package number.
    async fn package_details(
        &self,
        numbers: &[String],
    ) -> ChannelResult<HashMap<String, PackageWire>> {
        let mut out = HashMap::new();
        for chunk in numbers.chunks(BATCH) {
            let query = [("package_number_list", chunk.join(","))];
            let detail: PackageDetail = decode(
                "get_package_detail reply",
                response(self.get(PATH_PACKAGE_DETAIL, &query).await?),
            )?;
            for p in detail.package_list {
                out.insert(p.package_number.clone(), p);
            }
        }
        Ok(out)
    }

    async fn tracking_for(&self, t: &Target) -> ChannelResult<Option<String>> {
        // Unclear in the reference: whether an unsplit order's own package_number is
        // refused here; it is only "required for split orders" (A1.8). Sent only then.
        let reply: TrackingReply = decode(
            "get_tracking_number reply",
            response(self.get(PATH_TRACKING_NUMBER, &t.query()).await?),
        )?;
        Ok(non_empty(&reply.tracking_number))
    }

    /// The look-up: is this package arranged on Shopee?
    async fn arranged_now(
        &self,
        order: &FulfilOrder,
        t: &Target,
    ) -> ChannelResult<Option<Arranged>> {
        let Some(number) = &t.number else {
            // No package list (an older order): the order status says it.
            if !ORDER_ARRANGED.contains(&order.order_status.as_str()) {
                return Ok(None);
            }
            return Ok(Some(Arranged {
                package: t.package(),
                tracking_number: self.tracking_for(t).await?,
                carrier: t.carrier.clone(),
                already: true,
            }));
        };
        let details = self.package_details(std::slice::from_ref(number)).await?;
        let Some(d) = details.get(number) else {
            return Ok(None);
        };
        if !ARRANGED.contains(&d.fulfillment_status.as_str()) {
            return Ok(None);
        }
        let tracking = match non_empty(&d.tracking_number) {
            Some(n) => Some(n),
            None => self.tracking_for(t).await?,
        };
        Ok(Some(Arranged {
            package: t.package(),
            tracking_number: tracking,
            carrier: if d.shipping_carrier.is_empty() {
                t.carrier.clone()
            } else {
                d.shipping_carrier.clone()
            },
            already: true,
        }))
    }

    /// The packages each ref names, for the calls that need package numbers: refs
    /// without one are looked up in their order's `package_list`.
    async fn package_numbers(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<ChannelResult<Target>>> {
        let sns: Vec<&str> = packages.iter().map(|p| p.order_id.as_str()).collect();
        let orders = self.fulfil_orders(&sns, PACKAGE_FIELDS).await?;
        Ok(packages
            .iter()
            .map(|p| {
                let order = orders.get(p.order_id.trim()).ok_or_else(|| {
                    not_sent(format!("Shopee does not know order {:?}", p.order_id))
                })?;
                let t = target(order, p)?;
                if t.number.is_none() {
                    return Err(not_sent(format!(
                        "Shopee lists no package for order {}",
                        p.order_id
                    )));
                }
                Ok(t)
            })
            .collect())
    }

    /// One `mass_ship_order` call of up to 50 packages and what became of each.
    async fn mass_ship(
        &self,
        batch: &[(usize, Target)],
        part: &(&'static str, Value),
        out: &mut [Option<Result<Arranged, String>>],
        first: bool,
    ) -> ChannelResult<()> {
        let list: Vec<Value> = batch
            .iter()
            .map(|(_, t)| json!({ "package_number": t.number }))
            .collect();
        let mut body = json!({ "package_list": list });
        body[part.0] = part.1.clone();
        let numbers: Vec<String> = batch.iter().filter_map(|(_, t)| t.number.clone()).collect();
        let (succeeded, failed): (Vec<String>, HashMap<String, String>) =
            match self.post(PATH_MASS_SHIP_ORDER, &body).await {
                Ok(v) => {
                    let lists = mass_ship_lists(v)?;
                    (
                        lists
                            .success_list
                            .into_iter()
                            .map(|s| s.package_number)
                            .collect(),
                        lists
                            .fail_list
                            .into_iter()
                            .map(|f| (f.package_number, f.fail_reason))
                            .collect(),
                    )
                }
                // Said no to the whole batch: each package says so.
                Err(ChannelError::Rejected { code, message, .. }) => {
                    for (i, _) in batch {
                        out[*i] = Some(Err(format!("{code}: {message}")));
                    }
                    return Ok(());
                }
                // Nothing asked yet: the caller gets the error itself.
                Err(e) if first && !e.outcome_unknown() => return Err(e),
                // No answer: whatever happened, the look-up below says.
                Err(e) => (
                    Vec::new(),
                    numbers
                        .iter()
                        .map(|n| (n.clone(), format!("no answer from Shopee: {e}")))
                        .collect(),
                ),
            };
        // Tracking numbers and carriers for all; and whether the failed ones were
        // arranged before (a retry) — then they count as arranged.
        let details = match self.package_details(&numbers).await {
            Ok(d) => d,
            Err(e) => {
                tracing::debug!(error = %e, "shopee: package details after mass_ship_order");
                HashMap::new()
            }
        };
        for (i, t) in batch {
            let Some(number) = &t.number else {
                continue;
            };
            let d = details.get(number);
            let arranged = |already: bool| Arranged {
                package: t.package(),
                tracking_number: d.and_then(|d| non_empty(&d.tracking_number)),
                carrier: d
                    .map(|d| d.shipping_carrier.clone())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| t.carrier.clone()),
                already,
            };
            out[*i] = Some(if succeeded.contains(number) {
                Ok(arranged(false))
            } else if d.is_some_and(|d| ARRANGED.contains(&d.fulfillment_status.as_str())) {
                Ok(arranged(true))
            } else if let Some(reason) = failed.get(number) {
                Err(reason.clone())
            } else {
                Err("Shopee did not say what became of this package".into())
            });
        }
        Ok(())
    }
}

impl Fulfilment for ShopeeClient {
    async fn handover_options(&self, package: &PackageRef) -> ChannelResult<HandoverOptions> {
        let order = self.fulfil_order(&package.order_id).await?;
        let t = target(&order, package)?;
        let p: ShippingParameter = decode(
            "get_shipping_parameter reply",
            response(self.get(PATH_SHIPPING_PARAMETER, &t.query()).await?),
        )?;
        let pickup = p.info_needed.pickup.as_ref().map(|_| {
            let mut addresses: Vec<PickupAddress> = p
                .pickup
                .address_list
                .iter()
                .map(|a| PickupAddress {
                    id: a.address_id.to_string(),
                    label: label(&[&a.address, &a.town, &a.district, &a.city, &a.state]),
                    default: a.address_flag.iter().any(|f| f == "default_address"),
                    slots: a
                        .time_slot_list
                        .iter()
                        .map(|s| Slot {
                            id: s.pickup_time_id.clone(),
                            start: (s.date > 0)
                                .then(|| DateTime::<Utc>::from_timestamp(s.date, 0))
                                .flatten(),
                            end: None,
                            text: s.time_text.trim().to_string(),
                            recommended: s.flags.iter().any(|f| f == "recommended"),
                        })
                        .collect(),
                })
                .collect();
            // No `default_address` flag: the first pickup address stands in.
            if !addresses.iter().any(|a| a.default)
                && let Some(a) = addresses.first_mut()
            {
                a.default = true;
            }
            addresses
        });
        let dropoff = p.info_needed.dropoff.as_ref().map(|_| {
            p.dropoff
                .branch_list
                .iter()
                .map(|b| Branch {
                    id: b.branch_id.to_string(),
                    label: label(&[&b.address, &b.town, &b.district, &b.city, &b.state]),
                })
                .collect()
        });
        let ship_by = if order.ship_by_date > 0 {
            Some(time("ship_by_date", order.ship_by_date)?)
        } else {
            None
        };
        Ok(HandoverOptions {
            package: t.package(),
            pickup,
            dropoff,
            seller_ship: p.info_needed.non_integrated.is_some(),
            providers: Vec::new(),
            ship_by,
            needs_sender_name: p
                .info_needed
                .dropoff
                .as_ref()
                .is_some_and(|d| d.iter().any(|f| f == "sender_real_name")),
        })
    }

    async fn arrange(&self, package: &PackageRef, handover: &Handover) -> ChannelResult<Arranged> {
        let part = handover_part(handover)?;
        let order = self.fulfil_order(&package.order_id).await?;
        let t = target(&order, package)?;
        let mut body = json!({ "order_sn": t.order_sn });
        if let Some(p) = &t.send {
            body["package_number"] = json!(p);
        }
        body[part.0] = part.1;
        match self.post(PATH_SHIP_ORDER, &body).await {
            // Success is an empty `error` and no `response` (A1.6).
            Ok(_) => {}
            Err(ChannelError::Rejected { code, message, .. }) if code == ALREADY_SHIPPED => {
                return match self.arranged_now(&order, &t).await? {
                    Some(a) => Ok(a),
                    // Shopee says arranged but shows nothing arranged: its word stands
                    // as a refusal.
                    None => Err(ChannelError::Rejected {
                        channel: CHANNEL,
                        code,
                        message,
                    }),
                };
            }
            Err(e) => return Err(e),
        }
        // The parcel is arranged; a number not there yet (or a failed look-up) is
        // polled later, never a failure of the arranging.
        let tracking_number = match self.tracking_for(&t).await {
            Ok(n) => n,
            Err(e) => {
                tracing::debug!(error = %e, "shopee: tracking number right after ship_order");
                None
            }
        };
        Ok(Arranged {
            package: t.package(),
            tracking_number,
            carrier: t.carrier.clone(),
            already: false,
        })
    }

    async fn arrange_many(
        &self,
        packages: &[PackageRef],
        handover: &Handover,
    ) -> ChannelResult<Vec<BatchResult>> {
        let mut out: Vec<Option<Result<Arranged, String>>> =
            packages.iter().map(|_| None).collect();
        let part = match handover {
            // mass_ship_order takes a list of {package_number, tracking_number} for this;
            // one seller tracking number cannot stand for many parcels.
            Handover::SellerShipped { .. } => Err(not_sent(
                "each parcel shipped by the seller needs its own tracking number: arrange \
                 them one by one"
                    .into(),
            )),
            other => handover_part(other),
        };
        let part = match part {
            Ok(p) => p,
            Err(e) => {
                let why = e.to_string();
                return Ok(packages
                    .iter()
                    .map(|p| BatchResult {
                        package: p.clone(),
                        outcome: Err(why.clone()),
                    })
                    .collect());
            }
        };
        let mut asked: Vec<(usize, Target)> = Vec::new();
        for (i, t) in self
            .package_numbers(packages)
            .await?
            .into_iter()
            .enumerate()
        {
            match t {
                Ok(t) => asked.push((i, t)),
                Err(e) => out[i] = Some(Err(e.to_string())),
            }
        }
        for (k, batch) in asked.chunks(BATCH).enumerate() {
            self.mass_ship(batch, &part, &mut out, k == 0).await?;
        }
        Ok(packages
            .iter()
            .zip(out)
            .map(|(p, r)| BatchResult {
                package: match &r {
                    Some(Ok(a)) => a.package.clone(),
                    _ => p.clone(),
                },
                outcome: r.unwrap_or_else(|| Err("not sent".into())),
            })
            .collect())
    }

    async fn find_arranged(&self, package: &PackageRef) -> ChannelResult<Option<Arranged>> {
        let sn = package.order_id.trim();
        let Some(order) = self.fulfil_orders(&[sn], PACKAGE_FIELDS).await?.remove(sn) else {
            return Ok(None);
        };
        let t = target(&order, package)?;
        self.arranged_now(&order, &t).await
    }

    async fn tracking_number(&self, package: &PackageRef) -> ChannelResult<Option<String>> {
        let order = self.fulfil_order(&package.order_id).await?;
        let t = target(&order, package)?;
        self.tracking_for(&t).await
    }

    async fn documents(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<(PackageRef, ChannelResult<Document>)>> {
        let mut out: Vec<Option<ChannelResult<Document>>> = packages.iter().map(|_| None).collect();
        let mut asked: Vec<(usize, Target)> = Vec::new();
        for (i, t) in self
            .package_numbers(packages)
            .await?
            .into_iter()
            .enumerate()
        {
            match t {
                Ok(t) => asked.push((i, t)),
                Err(e) => out[i] = Some(Err(e)),
            }
        }
        let mut refs: Vec<PackageRef> = packages.to_vec();
        for (i, t) in &asked {
            refs[*i] = t.package();
        }
        for batch in asked.chunks(BATCH) {
            self.documents_batch(batch, &mut out).await?;
        }
        Ok(refs
            .into_iter()
            .zip(out)
            .map(|(p, r)| (p, r.unwrap_or_else(|| Err(not_sent("no answer".into())))))
            .collect())
    }

    async fn package_tracking(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<PackageTracking>> {
        // Package numbers: given, or the order's only package.
        let missing: Vec<&str> = packages
            .iter()
            .filter(|p| p.package_id.as_deref().is_none_or(|n| n.trim().is_empty()))
            .map(|p| p.order_id.as_str())
            .collect();
        let orders = if missing.is_empty() {
            HashMap::new()
        } else {
            self.fulfil_orders(&missing, PACKAGE_FIELDS).await?
        };
        let mut numbers: Vec<String> = Vec::new();
        for p in packages {
            let number = match p.package_id.as_deref().map(str::trim) {
                Some(n) if !n.is_empty() => Some(n.to_string()),
                _ => orders
                    .get(p.order_id.trim())
                    .filter(|o| o.package_list.len() == 1)
                    .and_then(|o| o.package_list.first())
                    .map(|e| e.package_number.clone()),
            };
            if let Some(n) = number
                && !numbers.contains(&n)
            {
                numbers.push(n);
            }
        }
        let details = self.package_details(&numbers).await?;
        // In transit is the order's word (SHIPPED), not the package's.
        let picked: Vec<&str> = details
            .values()
            .filter(|d| d.fulfillment_status == "LOGISTICS_PICKUP_DONE")
            .map(|d| d.order_sn.as_str())
            .collect();
        let statuses: HashMap<String, String> = if picked.is_empty() {
            HashMap::new()
        } else {
            self.fulfil_orders(&picked, PACKAGE_FIELDS)
                .await?
                .into_iter()
                .map(|(sn, o)| (sn, o.order_status))
                .collect()
        };
        let mut out = Vec::new();
        for n in &numbers {
            let Some(d) = details.get(n) else {
                continue;
            };
            out.push(PackageTracking {
                package: PackageRef {
                    order_id: d.order_sn.clone(),
                    package_id: Some(d.package_number.clone()),
                },
                tracking_number: non_empty(&d.tracking_number),
                carrier: d.shipping_carrier.clone(),
                tracking: package_tracking(d, statuses.get(&d.order_sn).map(String::as_str))?,
            });
        }
        Ok(out)
    }

    async fn cancel_requests(&self, order_ids: &[String]) -> ChannelResult<Vec<CancelRequest>> {
        let sns: Vec<&str> = order_ids.iter().map(String::as_str).collect();
        let orders = self.fulfil_orders(&sns, CANCEL_FIELDS).await?;
        let mut out = Vec::new();
        // In the order asked.
        for sn in order_ids.iter().map(|s| s.trim()) {
            if out.iter().any(|r: &CancelRequest| r.id == sn) {
                continue;
            }
            if let Some(o) = orders.get(sn).filter(|o| o.order_status == "IN_CANCEL") {
                out.push(CancelRequest {
                    id: o.order_sn.clone(),
                    order_id: o.order_sn.clone(),
                    reason: o.buyer_cancel_reason.trim().to_string(),
                    // Shopee gives no deadline for the seller's answer in the reference.
                    respond_by: None,
                    can_reject: true,
                });
            }
        }
        Ok(out)
    }

    /// Shopee takes no idempotency key: `key` is not sent. A repeated decision (a retry
    /// after a lost reply) is refused by Shopee as the order is no longer IN_CANCEL;
    /// when the order is where the decision would have put it, that is success.
    async fn decide_cancel(
        &self,
        request: &CancelRequest,
        decision: &CancelDecision,
        _key: &str,
    ) -> ChannelResult<()> {
        let operation = match decision {
            CancelDecision::Accept => "ACCEPT",
            CancelDecision::Reject { .. } => "REJECT",
        };
        let body = json!({ "order_sn": request.id.trim(), "operation": operation });
        match self.post(PATH_BUYER_CANCELLATION, &body).await {
            Ok(_) => Ok(()),
            Err(ChannelError::Rejected {
                code,
                message,
                channel,
            }) if code == "order.cancel_order_invalid_status"
                || code == "order.order_status_invalid" =>
            {
                let status = self
                    .fulfil_orders(&[request.id.trim()], PACKAGE_FIELDS)
                    .await?
                    .remove(request.id.trim())
                    .map(|o| o.order_status)
                    .unwrap_or_default();
                let done = match decision {
                    CancelDecision::Accept => status == "CANCELLED",
                    CancelDecision::Reject { .. } => {
                        !status.is_empty() && status != "CANCELLED" && status != "IN_CANCEL"
                    }
                };
                if done {
                    Ok(())
                } else {
                    Err(ChannelError::Rejected {
                        channel,
                        code,
                        message,
                    })
                }
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(status: &str, update: i64, pickup: i64) -> PackageWire {
        PackageWire {
            order_sn: "A".into(),
            package_number: "OFG1".into(),
            fulfillment_status: status.into(),
            update_time: update,
            pickup_done_time: pickup,
            tracking_number: String::new(),
            shipping_carrier: String::new(),
        }
    }

    #[test]
    fn statuses_map_to_shipments_one_event_per_status_reached() {
        let t = package_tracking(&wire("LOGISTICS_REQUEST_CREATED", 100, 0), None).unwrap();
        assert_eq!(t.status, ShipmentStatus::ReadyToPick);
        assert_eq!(t.events.len(), 1);
        let t =
            package_tracking(&wire("LOGISTICS_PICKUP_DONE", 200, 150), Some("PROCESSED")).unwrap();
        assert_eq!(t.status, ShipmentStatus::PickedUp);
        let t =
            package_tracking(&wire("LOGISTICS_PICKUP_DONE", 200, 150), Some("SHIPPED")).unwrap();
        assert_eq!(t.status, ShipmentStatus::InTransit);
        assert_eq!(t.carrier_status, "LOGISTICS_PICKUP_DONE");
        let t = package_tracking(&wire("LOGISTICS_DELIVERY_DONE", 300, 150), None).unwrap();
        let seen: Vec<ShipmentStatus> = t.events.iter().map(|e| e.status).collect();
        assert_eq!(
            seen,
            [
                ShipmentStatus::ReadyToPick,
                ShipmentStatus::PickedUp,
                ShipmentStatus::InTransit,
                ShipmentStatus::Delivered
            ]
        );
        for (s, want) in [
            ("LOGISTICS_PICKUP_FAILED", ShipmentStatus::DeliveryFailed),
            ("LOGISTICS_DELIVERY_FAILED", ShipmentStatus::DeliveryFailed),
            ("LOGISTICS_PICKUP_RETRY", ShipmentStatus::DeliveryFailed),
            ("LOGISTICS_LOST", ShipmentStatus::LostOrDamaged),
            ("LOGISTICS_REQUEST_CANCELED", ShipmentStatus::Cancelled),
            ("LOGISTICS_INVALID", ShipmentStatus::Cancelled),
            ("LOGISTICS_READY", ShipmentStatus::Pending),
            ("SOMETHING_NEW", ShipmentStatus::Unknown),
        ] {
            assert_eq!(
                package_tracking(&wire(s, 300, 150), None).unwrap().status,
                want,
                "{s}"
            );
        }
    }

    #[test]
    fn an_unsplit_order_never_sends_a_package_number() {
        let order = FulfilOrder {
            order_sn: "A".into(),
            order_status: "READY_TO_SHIP".into(),
            ship_by_date: 0,
            package_list: vec![OrderPackage {
                package_number: "OFG1".into(),
                shipping_carrier: String::new(),
            }],
            buyer_cancel_reason: String::new(),
        };
        let t = target(&order, &PackageRef::order("A")).unwrap();
        assert_eq!((t.send, t.number.as_deref()), (None, Some("OFG1")));
        let named = PackageRef {
            order_id: "A".into(),
            package_id: Some("OFG1".into()),
        };
        assert_eq!(target(&order, &named).unwrap().send, None);
    }
}
