//! TikTok Shop fulfilment (reference A3.0–A3.7): the platform arranges the carrier.
//!
//! - A paid VN order has one package with every item; its id comes from Get Order Detail
//!   (`packages[].id`, or a line item's `package_id`).
//! - Options: Get Order Detail (package, `shipping_type`, ship-by) + Get Package Detail
//!   (the shop's sender address) + `GET /fulfillment/202309/packages/{id}/handover_time_slots`.
//!   A slot's id is `start-end` in Unix seconds.
//! - Arrange: `POST /fulfillment/202309/packages/{id}/ship` (`handover_method`,
//!   `pickup_slot`, or `self_shipment`); then Get Package Detail for the tracking number.
//!   The "already shipped" codes come back as [`Arranged::already`].
//! - Many: `POST /fulfillment/202309/packages/ship`, 50 packages a call (the maximum is
//!   not stated in the reference — open point 3 — so 50, the size of its other lists).
//! - Document: `GET /fulfillment/202309/packages/{id}/shipping_documents` (A6 shipping
//!   label) → `doc_url` (24 hours), fetched at once; `11034037` is "still generating".
//! - Cancellations: `POST /return_refund/202309/cancellations/search`, then approve or
//!   reject with the caller's `idempotency_key`.

use super::*;
use crate::carrier::{ShipmentStatus, Tracking, TrackingEvent};
use crate::marketplace::fulfil::{
    Arranged, BatchResult, Branch, CancelDecision, CancelRequest, Document, Fulfilment, Handover,
    HandoverOptions, PackageRef, PackageTracking, PickupAddress, Slot,
};

#[path = "fulfil_replies.rs"]
mod fulfil_replies;
use fulfil_replies::*;

/// Packages per Batch Ship call: the maximum is not in the reference (open point 3).
const SHIP_BATCH: usize = 50;
/// Orders per cancellation search (its `page_size` is 1–50; the `order_ids` limit is not
/// stated, so the same).
const CANCEL_BATCH: usize = 50;
/// A cancellation search never runs away.
const MAX_PAGES: usize = 100;

/// A3.4: "already shipped; do not retry".
const ALREADY_SHIPPED: [&str; 4] = ["11006021", "21008099", "21011020", "21011040"];
/// A3.4 / A3.7: system, timeout or lock errors to retry. The call may or may not have
/// been carried out, so they are treated as no answer (look before trying again).
const TRY_AGAIN: [&str; 6] = [
    "36009003", "11001031", "21001003", "21001008", "21042001", "25001028",
];
/// A3.6: the carrier is still generating the document.
const GENERATING: &str = "11034037";

/// Nothing was asked of the platform: a refusal of ours.
fn not_sent(message: impl Into<String>) -> ChannelError {
    ChannelError::Rejected {
        channel: CHANNEL,
        code: "not_sent".into(),
        message: format!("not sent: {}", message.into()),
    }
}

/// The platform's retry codes are "no answer" for the caller's exactly-once logic.
fn retry_codes(e: ChannelError) -> ChannelError {
    match e {
        ChannelError::Rejected { code, message, .. } if TRY_AGAIN.contains(&code.as_str()) => {
            ChannelError::Transport {
                channel: CHANNEL,
                detail: format!("{code}: {message}"),
            }
        }
        e => e,
    }
}

/// An id that goes into a path: digits and letters only, so it names one resource.
fn path_id(what: &str, id: &str) -> ChannelResult<String> {
    let id = id.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(not_sent(format!("{what} {id:?} is not a TikTok Shop id")));
    }
    Ok(id.to_string())
}

/// The package status as our shipment status (issue 16 plan, `tracking.rs`).
fn shipment_status(package_status: &str) -> ShipmentStatus {
    match package_status {
        "TO_FULFILL" => ShipmentStatus::Pending,
        "PROCESSING" => ShipmentStatus::ReadyToPick,
        "FULFILLING" => ShipmentStatus::InTransit,
        "COMPLETED" => ShipmentStatus::Delivered,
        "CANCELLED" => ShipmentStatus::Cancelled,
        _ => ShipmentStatus::Unknown,
    }
}

/// Arranged: the platform has taken the parcel in hand (A3.1: PROCESSING = arranged,
/// FULFILLING = collected, COMPLETED = delivered).
fn is_arranged(package_status: &str) -> bool {
    matches!(package_status, "PROCESSING" | "FULFILLING" | "COMPLETED")
}

/// A [`Slot::id`] back into `pickup_slot`.
fn slot_times(id: &str) -> Option<(i64, i64)> {
    let (a, b) = id.trim().split_once('-')?;
    let (a, b) = (a.trim().parse::<i64>().ok()?, b.trim().parse::<i64>().ok()?);
    (a > 0 && b > a).then_some((a, b))
}

/// The Ship body for a handover (A3.4). Refused before sending when TikTok has no such
/// handover.
fn ship_body(h: &Handover) -> ChannelResult<Value> {
    match h {
        Handover::Pickup {
            slot_id: Some(slot),
            ..
        } => {
            let (start, end) = slot_times(slot).ok_or_else(|| {
                not_sent(format!(
                    "pickup slot {slot:?} is not a TikTok Shop slot (start-end)"
                ))
            })?;
            Ok(json!({
                "handover_method": "PICKUP",
                "pickup_slot": { "start_time": start, "end_time": end },
            }))
        }
        // TikTok takes pickup without a slot as drop-off (A3.4, single source).
        Handover::Pickup { slot_id: None, .. } => Ok(json!({ "handover_method": "PICKUP" })),
        // TikTok has no branch or sender name to send with a drop-off.
        Handover::DropOff { .. } => Ok(json!({ "handover_method": "DROP_OFF" })),
        Handover::SellerShipped {
            provider,
            tracking_number,
        } => {
            if provider.trim().is_empty() || tracking_number.trim().is_empty() {
                return Err(not_sent(
                    "shipping it ourselves needs the carrier's shipping_provider_id and a \
                     tracking number",
                ));
            }
            Ok(json!({
                "self_shipment": {
                    "tracking_number": tracking_number.trim(),
                    "shipping_provider_id": provider.trim(),
                },
            }))
        }
        Handover::Platform { .. } => Err(not_sent(
            "TikTok Shop needs pickup or drop-off (there is no platform-chosen handover)",
        )),
    }
}

fn arranged(
    p: &PackageRef,
    package_id: &str,
    d: Option<&PackageDetail>,
    already: bool,
) -> Arranged {
    Arranged {
        package: PackageRef {
            order_id: p.order_id.clone(),
            package_id: Some(package_id.to_string()),
        },
        tracking_number: d
            .map(|d| d.tracking_number.trim().to_string())
            .filter(|t| !t.is_empty()),
        carrier: d
            .map(|d| d.shipping_provider_name.trim().to_string())
            .unwrap_or_default(),
        already,
    }
}

fn no_package(order_id: &str) -> ChannelError {
    ChannelError::Rejected {
        channel: CHANNEL,
        code: "no_package".into(),
        message: format!(
            "TikTok Shop shows no package for order {order_id} (unknown, or not paid yet)"
        ),
    }
}

impl TikTokClient {
    /// Get Order Detail for these orders (50 a call), as fulfilment reads them.
    async fn order_packages(&self, order_ids: &[&str]) -> ChannelResult<Vec<OrderPackages>> {
        let mut out = Vec::new();
        for chunk in order_ids.chunks(DETAIL_BATCH) {
            let v = self
                .shop_call(
                    Method::GET,
                    "/order/202309/orders",
                    vec![("ids", chunk.join(","))],
                    None,
                )
                .await?;
            let list: OrderPackagesList = decode("order detail", data(v))?;
            out.extend(list.orders);
        }
        Ok(out)
    }

    /// The order with its package id: the one named, else the order's only package.
    async fn order_and_package(&self, p: &PackageRef) -> ChannelResult<(OrderPackages, String)> {
        let order_id = path_id("order", &p.order_id)?;
        let order = self
            .order_packages(&[&order_id])
            .await?
            .into_iter()
            .find(|o| o.id.trim() == order_id)
            .ok_or_else(|| no_package(&order_id))?;
        let ids = order.package_ids();
        let id = match p.package_id.as_deref().map(str::trim) {
            Some(wanted) if !wanted.is_empty() => wanted.to_string(),
            _ => match ids.as_slice() {
                [one] => one.clone(),
                [] => return Err(no_package(&order_id)),
                // A split order (not seen in VN): the caller must say which.
                _ => {
                    return Err(not_sent(format!(
                        "order {order_id} has {} packages ({}): name one",
                        ids.len(),
                        ids.join(", ")
                    )));
                }
            },
        };
        Ok((order, path_id("package", &id)?))
    }

    /// The package id: as given, else from the order.
    async fn package_id(&self, p: &PackageRef) -> ChannelResult<String> {
        match p.package_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => path_id("package", id),
            _ => Ok(self.order_and_package(p).await?.1),
        }
    }

    async fn package_detail(&self, package_id: &str) -> ChannelResult<PackageDetail> {
        let path = format!("/fulfillment/202309/packages/{package_id}");
        let v = self
            .shop_call(Method::GET, &path, Vec::new(), None)
            .await
            .map_err(retry_codes)?;
        decode("package detail", data(v))
    }

    async fn handover_slots(&self, package_id: &str) -> ChannelResult<HandoverSlots> {
        let path = format!("/fulfillment/202309/packages/{package_id}/handover_time_slots");
        let v = self
            .shop_call(Method::GET, &path, Vec::new(), None)
            .await
            .map_err(retry_codes)?;
        decode("handover time slots", data(v))
    }

    /// After a Ship call without an answer, per package: arranged now (the call went
    /// through), or not.
    async fn after_lost_reply(&self, p: &PackageRef, id: &str, e: &ChannelError) -> BatchResult {
        let outcome = match self.package_detail(id).await {
            Ok(d) if is_arranged(&d.package_status) => Ok(arranged(p, id, Some(&d), false)),
            Ok(_) => Err(format!("not arranged ({e})")),
            Err(e2) => Err(format!("no answer, and the look-up failed too: {e}; {e2}")),
        };
        BatchResult {
            package: PackageRef {
                order_id: p.order_id.clone(),
                package_id: Some(id.to_string()),
            },
            outcome,
        }
    }

    /// One package's A6 shipping label.
    async fn document(&self, package_id: &str) -> ChannelResult<Document> {
        let path = format!("/fulfillment/202309/packages/{package_id}/shipping_documents");
        let v = match self
            .shop_call(
                Method::GET,
                &path,
                vec![
                    ("document_type", "SHIPPING_LABEL".into()),
                    ("document_size", "A6".into()),
                ],
                None,
            )
            .await
            .map_err(retry_codes)
        {
            Ok(v) => v,
            Err(ChannelError::Rejected { code, .. }) if code == GENERATING => {
                return Ok(Document::Pending);
            }
            Err(e) => return Err(e),
        };
        let reply: DocumentReply = decode("shipping document", data(v))?;
        self.fetch_document(&reply.doc_url).await
    }

    /// The file behind `doc_url` (valid 24 hours): fetched at once. The link is the key,
    /// so it is neither signed nor logged.
    async fn fetch_document(&self, doc_url: &str) -> ChannelResult<Document> {
        let url = reqwest::Url::parse(doc_url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http"))
            .ok_or_else(|| malformed("doc_url is not a link"))?;
        let reply = http::send(CHANNEL, "shipping document file", self.http.get(url)).await?;
        if let Some(e) = status_refusal(CHANNEL, &reply) {
            return Err(e);
        }
        if !reply.status.is_success() {
            return Err(ChannelError::Rejected {
                channel: CHANNEL,
                code: format!("http_{}", reply.status.as_u16()),
                message: format!("shipping document: {}", http::excerpt(&reply.body)),
            });
        }
        // A shipping label is a PDF (A3.6): anything else is not what was asked for.
        if !reply.body.starts_with(b"%PDF") {
            return Err(malformed(format!(
                "the shipping label is not a PDF ({})",
                if reply.content_type.is_empty() {
                    "no content type"
                } else {
                    reply.content_type.as_str()
                }
            )));
        }
        Ok(Document::Ready {
            mime: "application/pdf".into(),
            bytes: reply.body,
        })
    }

    /// Package ids for these parcels: those given, the rest from their orders (50 orders a
    /// call). A parcel whose order shows no package gets `None`.
    async fn package_ids(&self, packages: &[PackageRef]) -> ChannelResult<Vec<Option<String>>> {
        let missing: Vec<&str> = packages
            .iter()
            .filter(|p| {
                p.package_id
                    .as_deref()
                    .is_none_or(|id| id.trim().is_empty())
            })
            .map(|p| p.order_id.trim())
            .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        let orders = if missing.is_empty() {
            Vec::new()
        } else {
            self.order_packages(&missing).await?
        };
        Ok(packages
            .iter()
            .map(|p| match p.package_id.as_deref().map(str::trim) {
                Some(id) if !id.is_empty() => path_id("package", id).ok(),
                _ => orders
                    .iter()
                    .find(|o| o.id.trim() == p.order_id.trim())
                    .map(OrderPackages::package_ids)
                    .and_then(|ids| match ids.as_slice() {
                        [one] => path_id("package", one).ok(),
                        _ => None,
                    }),
            })
            .collect())
    }
}

impl Fulfilment for TikTokClient {
    async fn handover_options(&self, package: &PackageRef) -> ChannelResult<HandoverOptions> {
        let (order, package_id) = self.order_and_package(package).await?;
        let with_id = PackageRef {
            order_id: order.id.trim().to_string(),
            package_id: Some(package_id.clone()),
        };
        if order.shipping_type.trim() == "SELLER" {
            // A seller-shipping package: our carrier, its number told with Ship
            // (`self_shipment`). The providers' list call is not in the reference (only
            // "Get Shipping Providers (/logistics/202309/...)"), so none is offered here.
            return Ok(HandoverOptions {
                package: with_id,
                pickup: None,
                dropoff: None,
                seller_ship: true,
                providers: Vec::new(),
                ship_by: order.ship_by(),
                needs_sender_name: false,
            });
        }
        let detail = self.package_detail(&package_id).await?;
        let slots = self.handover_slots(&package_id).await?;
        let offered: Vec<Slot> = slots
            .pickup_slots
            .iter()
            .filter(|s| s.avaliable != Some(false) && s.end_time > s.start_time)
            .map(|s| Slot {
                id: format!("{}-{}", s.start_time, s.end_time),
                start: DateTime::from_timestamp(s.start_time, 0),
                end: DateTime::from_timestamp(s.end_time, 0),
                text: String::new(),
                recommended: false,
            })
            .collect();
        // Pickup with no free slot would be taken as drop-off: not offered as pickup.
        let pickup = (slots.can_pickup && !offered.is_empty()).then(|| {
            vec![PickupAddress {
                id: String::new(),
                label: detail
                    .sender_address
                    .map(|a| a.full_address.trim().to_string())
                    .unwrap_or_default(),
                default: true,
                slots: offered,
            }]
        });
        Ok(HandoverOptions {
            package: with_id,
            pickup,
            dropoff: slots.can_drop_off.then(Vec::<Branch>::new),
            seller_ship: false,
            providers: Vec::new(),
            ship_by: order.ship_by(),
            needs_sender_name: false,
        })
    }

    async fn arrange(&self, package: &PackageRef, handover: &Handover) -> ChannelResult<Arranged> {
        let body = ship_body(handover)?;
        let package_id = self.package_id(package).await?;
        let path = format!("/fulfillment/202309/packages/{package_id}/ship");
        match self
            .shop_call(Method::POST, &path, Vec::new(), Some(&body))
            .await
            .map_err(retry_codes)
        {
            Ok(_) => {
                // Shipped. The number may not be known yet: then the caller polls
                // `tracking_number`.
                let detail = self.package_detail(&package_id).await.ok();
                Ok(arranged(package, &package_id, detail.as_ref(), false))
            }
            Err(ChannelError::Rejected { code, .. })
                if ALREADY_SHIPPED.contains(&code.as_str()) =>
            {
                let detail = self.package_detail(&package_id).await?;
                Ok(arranged(package, &package_id, Some(&detail), true))
            }
            Err(e) => Err(e),
        }
    }

    async fn arrange_many(
        &self,
        packages: &[PackageRef],
        handover: &Handover,
    ) -> ChannelResult<Vec<BatchResult>> {
        if matches!(handover, Handover::SellerShipped { .. }) {
            return Err(not_sent(
                "one tracking number cannot ship many packages: ship them one by one",
            ));
        }
        let base = ship_body(handover)?;
        let ids = self.package_ids(packages).await?;
        let mut out: Vec<Option<BatchResult>> = vec![None; packages.len()];
        let mut asks: Vec<(usize, String)> = Vec::new();
        for (i, (p, id)) in packages.iter().zip(ids).enumerate() {
            match id {
                Some(id) => asks.push((i, id)),
                None => {
                    out[i] = Some(BatchResult {
                        package: p.clone(),
                        outcome: Err(no_package(&p.order_id).to_string()),
                    })
                }
            }
        }
        let mut asked_any = false;
        for chunk in asks.chunks(SHIP_BATCH) {
            let list: Vec<Value> = chunk
                .iter()
                .map(|(_, id)| {
                    let mut one = base.clone();
                    one["id"] = json!(id);
                    one
                })
                .collect();
            let reply = self
                .shop_call(
                    Method::POST,
                    "/fulfillment/202309/packages/ship",
                    Vec::new(),
                    Some(&json!({ "packages": list })),
                )
                .await
                .map_err(retry_codes)
                .and_then(|v| decode::<BatchShipReply>("batch ship reply", data(v)));
            let errors = match reply {
                Ok(r) => r.errors,
                Err(e) if e.outcome_unknown() => {
                    // No answer: some or all may have shipped. Look each one up.
                    for (i, id) in chunk {
                        out[*i] = Some(self.after_lost_reply(&packages[*i], id, &e).await);
                    }
                    asked_any = true;
                    continue;
                }
                Err(e @ ChannelError::Rejected { .. }) => {
                    for (i, id) in chunk {
                        out[*i] = Some(BatchResult {
                            package: PackageRef {
                                order_id: packages[*i].order_id.clone(),
                                package_id: Some(id.clone()),
                            },
                            outcome: Err(e.to_string()),
                        });
                    }
                    asked_any = true;
                    continue;
                }
                // Credentials, configuration, rate limits: nothing was asked.
                Err(e) if !asked_any => return Err(e),
                Err(e) => {
                    for (i, id) in chunk {
                        out[*i] = Some(BatchResult {
                            package: PackageRef {
                                order_id: packages[*i].order_id.clone(),
                                package_id: Some(id.clone()),
                            },
                            outcome: Err(e.to_string()),
                        });
                    }
                    continue;
                }
            };
            asked_any = true;
            for (i, id) in chunk {
                let p = &packages[*i];
                let failed = errors.iter().find(|e| e.detail.package_id.trim() == id);
                let outcome = match failed {
                    Some(f) if ALREADY_SHIPPED.contains(&f.code_text().as_str()) => {
                        match self.package_detail(id).await {
                            Ok(d) => Ok(arranged(p, id, Some(&d), true)),
                            Err(e) => Err(format!("already shipped; look-up failed: {e}")),
                        }
                    }
                    Some(f) => Err(format!("{}: {}", f.code_text(), f.message.trim())),
                    None => {
                        let d = self.package_detail(id).await.ok();
                        Ok(arranged(p, id, d.as_ref(), false))
                    }
                };
                out[*i] = Some(BatchResult {
                    package: PackageRef {
                        order_id: p.order_id.clone(),
                        package_id: Some(id.clone()),
                    },
                    outcome,
                });
            }
        }
        Ok(out
            .into_iter()
            .zip(packages)
            .map(|(r, p)| {
                r.unwrap_or_else(|| BatchResult {
                    package: p.clone(),
                    outcome: Err("not sent".into()),
                })
            })
            .collect())
    }

    async fn find_arranged(&self, package: &PackageRef) -> ChannelResult<Option<Arranged>> {
        let package_id = match self.package_id(package).await {
            Ok(id) => id,
            // No package: nothing can have been arranged.
            Err(ChannelError::Rejected { code, .. }) if code == "no_package" => return Ok(None),
            Err(e) => return Err(e),
        };
        let d = self.package_detail(&package_id).await?;
        Ok(is_arranged(&d.package_status).then(|| arranged(package, &package_id, Some(&d), true)))
    }

    async fn tracking_number(&self, package: &PackageRef) -> ChannelResult<Option<String>> {
        let package_id = self.package_id(package).await?;
        let d = self.package_detail(&package_id).await?;
        Ok(Some(d.tracking_number.trim().to_string()).filter(|t| !t.is_empty()))
    }

    async fn documents(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<(PackageRef, ChannelResult<Document>)>> {
        // One call per package: no batch document call is documented (A3.6).
        let ids = self.package_ids(packages).await?;
        let mut out = Vec::with_capacity(packages.len());
        for (p, id) in packages.iter().zip(ids) {
            let Some(id) = id else {
                out.push((p.clone(), Err(no_package(&p.order_id))));
                continue;
            };
            let doc = self.document(&id).await;
            if let Err(
                e @ (ChannelError::Auth { .. }
                | ChannelError::TokenExpired { .. }
                | ChannelError::NotConfigured { .. }
                | ChannelError::TokensNotSaved { .. }),
            ) = doc
            {
                // The next package would fail the same way.
                return Err(e);
            }
            let with_id = PackageRef {
                order_id: p.order_id.clone(),
                package_id: Some(id),
            };
            out.push((with_id, doc));
        }
        Ok(out)
    }

    async fn package_tracking(
        &self,
        packages: &[PackageRef],
    ) -> ChannelResult<Vec<PackageTracking>> {
        let ids = self.package_ids(packages).await?;
        let mut out = Vec::new();
        for (p, id) in packages.iter().zip(ids) {
            let Some(id) = id else { continue };
            let d = match self.package_detail(&id).await {
                Ok(d) => d,
                // The platform does not know it: left out.
                Err(ChannelError::Rejected { .. }) => continue,
                Err(e) => return Err(e),
            };
            let status = shipment_status(&d.package_status);
            let at = d
                .update_time
                .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
                .unwrap_or_else(Utc::now);
            let event = TrackingEvent {
                status,
                carrier_status: d.package_status.clone(),
                // TikTok gives no words for a state: the state itself is said.
                description: d.package_status.clone(),
                location: String::new(),
                occurred_at: at,
            };
            out.push(PackageTracking {
                package: PackageRef {
                    order_id: p.order_id.clone(),
                    package_id: Some(id),
                },
                tracking_number: Some(d.tracking_number.trim().to_string())
                    .filter(|t| !t.is_empty()),
                carrier: d.shipping_provider_name.trim().to_string(),
                tracking: Tracking {
                    status,
                    carrier_status: d.package_status,
                    events: vec![event],
                },
            });
        }
        Ok(out)
    }

    async fn cancel_requests(&self, order_ids: &[String]) -> ChannelResult<Vec<CancelRequest>> {
        let ids: Vec<&str> = order_ids
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut out = Vec::new();
        for chunk in ids.chunks(CANCEL_BATCH) {
            let body = json!({
                "order_ids": chunk,
                "cancel_types": ["BUYER_CANCEL"],
                "cancel_status": ["CANCELLATION_REQUEST_PENDING"],
                "locale": "vi-VN",
            });
            let mut token = String::new();
            for _ in 0..MAX_PAGES {
                let v = self
                    .shop_call(
                        Method::POST,
                        "/return_refund/202309/cancellations/search",
                        vec![
                            ("page_size", CANCEL_BATCH.to_string()),
                            ("page_token", token.clone()),
                        ],
                        Some(&body),
                    )
                    .await
                    .map_err(retry_codes)?;
                let page: CancellationPage = decode("cancellations", data(v))?;
                for c in page.cancellations {
                    // Only a buyer's request still waiting on the seller.
                    let waiting = matches!(
                        c.cancel_status.as_str(),
                        "" | "CANCELLATION_REQUEST_PENDING"
                    );
                    let buyers = matches!(c.cancel_type.as_str(), "" | "BUYER_CANCEL");
                    if !waiting || !buyers || c.cancel_id.trim().is_empty() {
                        continue;
                    }
                    let respond_by = c
                        .seller_next_action_response
                        .iter()
                        .find(|a| a.action == "SELLER_RESPOND_CANCEL")
                        .and_then(NextAction::deadline);
                    out.push(CancelRequest {
                        id: c.cancel_id.trim().to_string(),
                        order_id: c.order_id.trim().to_string(),
                        reason: if c.cancel_reason_text.trim().is_empty() {
                            c.cancel_reason.trim().to_string()
                        } else {
                            c.cancel_reason_text.trim().to_string()
                        },
                        respond_by,
                        can_reject: true,
                    });
                }
                token = page.next_page_token.trim().to_string();
                if token.is_empty() {
                    break;
                }
            }
        }
        Ok(out)
    }

    async fn decide_cancel(
        &self,
        request: &CancelRequest,
        decision: &CancelDecision,
        key: &str,
    ) -> ChannelResult<()> {
        let cancel_id = path_id("cancellation", &request.id)?;
        let key = key.trim();
        if key.chars().count() > 255 {
            return Err(not_sent("idempotency_key is longer than 255 characters"));
        }
        let (path, body) = match decision {
            CancelDecision::Accept => (
                format!("/return_refund/202309/cancellations/{cancel_id}/approve"),
                json!({}),
            ),
            CancelDecision::Reject { reason } => {
                if reason.trim().is_empty() {
                    return Err(not_sent(
                        "rejecting needs a reason from TikTok Shop's list (e.g. \
                         seller_reject_apply_product_has_been_packed)",
                    ));
                }
                (
                    format!("/return_refund/202309/cancellations/{cancel_id}/reject"),
                    json!({ "reject_reason": reason.trim() }),
                )
            }
        };
        self.shop_call(
            Method::POST,
            &path,
            vec![("idempotency_key", key.to_string())],
            Some(&body),
        )
        .await
        .map_err(retry_codes)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_ids_go_back_into_times() {
        assert_eq!(
            slot_times("1700000000-1700014400"),
            Some((1700000000, 1700014400))
        );
        assert_eq!(slot_times("1700014400-1700000000"), None);
        assert_eq!(slot_times("tomorrow"), None);
        let b = ship_body(&Handover::Pickup {
            address_id: String::new(),
            slot_id: Some("10-20".into()),
        })
        .unwrap();
        assert_eq!(b["pickup_slot"]["start_time"], 10);
        assert!(ship_body(&Handover::Platform { provider: None }).is_err());
    }

    #[test]
    fn both_spellings_of_available() {
        let a: HandoverSlots = serde_json::from_str(
            r#"{"can_pickup":true,"pickup_slots":[{"start_time":1,"end_time":2,"avaliable":false},{"start_time":3,"end_time":4,"available":true}]}"#,
        )
        .unwrap();
        assert_eq!(a.pickup_slots[0].avaliable, Some(false));
        assert_eq!(a.pickup_slots[1].avaliable, Some(true));
    }

    #[test]
    fn package_statuses_map_to_ours() {
        assert_eq!(shipment_status("PROCESSING"), ShipmentStatus::ReadyToPick);
        assert_eq!(shipment_status("FULFILLING"), ShipmentStatus::InTransit);
        assert_eq!(shipment_status("COMPLETED"), ShipmentStatus::Delivered);
        assert_eq!(shipment_status("CANCELLED"), ShipmentStatus::Cancelled);
        assert!(!is_arranged("TO_FULFILL"));
    }
}
