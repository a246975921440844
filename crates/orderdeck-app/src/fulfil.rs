//! Shipping a marketplace order the marketplace's way: the seller says how the parcel is
//! handed over, the platform arranges the carrier and gives the tracking number and its
//! airway bill (AWB), which is kept with the shipment and printed like our labels.
//!
//! Exactly once, as [`crate::shipping::ship`] does for GHN: the shipment row and the
//! call's log entry are stored before the platform is called, under the order's lock
//! (one live shipment per order, one per platform package: unique indexes). A retry
//! finds the row and asks the platform whether the parcel is arranged before asking it
//! to arrange; an unclear answer keeps the row as "asked" (the poller, or the next
//! press of S, looks first); the platform's own "already arranged" is success. The
//! stock leaves the books only when the platform has said yes.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::Said;
use orderdeck_integrations::marketplace::fulfil::{
    Arranged, Document, Fulfilment, Handover, HandoverOptions, PackageRef,
};
use orderdeck_integrations::marketplace::{ChannelError, ChannelKind};
use orderdeck_store::fulfil::{self as rows, ArrangedRow, Ask, Begun, NotNow, PlatformParcel};
use orderdeck_store::{self as store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum FulfilError {
    #[error("{}", orderdeck_i18n::t!("err-no-order", number = .0))]
    NotFound(String),
    /// A website or manual order: our carriers ship it.
    #[error("{}", orderdeck_i18n::t!("err-fulfil-not-marketplace", number = .0))]
    NotMarketplace(String),
    #[error(
        "{}",
        orderdeck_i18n::t!("err-fulfil-wrong-shop", number = .number, platform = .platform)
    )]
    WrongShop {
        number: String,
        platform: &'static str,
    },
    #[error("{}", orderdeck_i18n::t!("err-fulfil-no-external-id", number = .0))]
    NoExternalId(String),
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-ship-not-packed",
            number = .number,
            status = .status
                .parse::<OrderStatus>()
                .map(|s| s.shown())
                .unwrap_or_else(|_| .status.clone())
        )
    )]
    NotPacked { number: String, status: String },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-ship-already-shipped", number = .number, tracking = .tracking, carrier = .carrier)
    )]
    AlreadyShipped {
        number: String,
        carrier: String,
        tracking: String,
    },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-fulfil-cancel-requested", number = .number, reason = .reason)
    )]
    CancelRequested { number: String, reason: String },
    /// No answer, and the platform could not be asked whether it arranged the parcel:
    /// the row stays as asked; trying again looks first and never arranges twice.
    #[error(
        "{}",
        orderdeck_i18n::t!("err-fulfil-unsure", platform = *.platform, cause = .cause.to_string())
    )]
    Unsure {
        platform: &'static str,
        cause: ChannelError,
    },
    #[error("{}", orderdeck_i18n::t!("err-fulfil-no-cancel-request", number = .0))]
    NoCancelRequest(String),
    /// The platform split the order into several packages; orderdeck ships one parcel
    /// per order.
    #[error("{}", orderdeck_i18n::t!("err-fulfil-split", number = .number, platform = *.platform))]
    Split {
        number: String,
        platform: &'static str,
    },
    #[error("{}", orderdeck_i18n::t!("err-fulfil-mixed-shops"))]
    MixedShops,
    #[error(transparent)]
    Channel(#[from] ChannelError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl FulfilError {
    /// A platform's refusal, said for this order (a split order gets its own words).
    fn from_channel(e: ChannelError, number: &str, kind: ChannelKind) -> FulfilError {
        match &e {
            ChannelError::Rejected { code, .. }
                if code == orderdeck_integrations::marketplace::fulfil::SPLIT_ORDER =>
            {
                FulfilError::Split {
                    number: number.to_string(),
                    platform: kind.label(),
                }
            }
            _ => FulfilError::Channel(e),
        }
    }
}

impl From<sqlx::Error> for FulfilError {
    fn from(e: sqlx::Error) -> Self {
        FulfilError::Store(e.into())
    }
}

/// The marketplace order `number`, checked to belong to `kind`'s shop.
async fn order_of(
    pool: &PgPool,
    kind: ChannelKind,
    number: &str,
) -> Result<rows::PlatformOrder, FulfilError> {
    let Some(o) = rows::platform_order(pool, number).await? else {
        return Err(FulfilError::NotFound(number.trim().to_string()));
    };
    match ChannelKind::parse(&o.channel_kind) {
        None => Err(FulfilError::NotMarketplace(o.number)),
        Some(k) if k != kind => Err(FulfilError::WrongShop {
            number: o.number,
            platform: k.label(),
        }),
        Some(_) if o.external_id.as_deref().is_none_or(|e| e.trim().is_empty()) => {
            Err(FulfilError::NoExternalId(o.number))
        }
        Some(_) => Ok(o),
    }
}

/// Which platform ships the order `number` (`None`: a website or manual order, ours).
pub async fn platform_of(pool: &PgPool, number: &str) -> Result<Option<ChannelKind>, FulfilError> {
    match rows::platform_order(pool, number).await? {
        Some(o) => Ok(ChannelKind::parse(&o.channel_kind)),
        None => Err(FulfilError::NotFound(number.trim().to_string())),
    }
}

/// What the ship form of a marketplace order starts from.
#[derive(Debug, Clone)]
pub struct PlatformForm {
    pub number: String,
    pub platform: ChannelKind,
    pub options: HandoverOptions,
    /// The shop's usual choice: the default pickup address at the platform's
    /// recommended slot, else drop-off, else what the platform decides.
    pub default: Handover,
    pub ship_by: Option<DateTime<Utc>>,
}

/// The platform's choices for a packed order.
pub async fn prepare<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    number: &str,
) -> Result<PlatformForm, FulfilError> {
    let o = order_of(pool, client.kind(), number).await?;
    if let Some(p) = rows::parcel(pool, &o.number).await? {
        return Err(FulfilError::AlreadyShipped {
            number: o.number,
            carrier: p.carrier,
            tracking: p.tracking_number.unwrap_or_default(),
        });
    }
    if o.status != "packed" {
        return Err(FulfilError::NotPacked {
            number: o.number,
            status: o.status,
        });
    }
    let options = client
        .handover_options(&PackageRef::order(
            o.external_id.clone().unwrap_or_default(),
        ))
        .await
        .map_err(|e| FulfilError::from_channel(e, &o.number, client.kind()))?;
    Ok(PlatformForm {
        number: o.number,
        platform: client.kind(),
        default: default_handover(&options),
        ship_by: options.ship_by.or(o.ship_by),
        options,
    })
}

/// Pickup from the default address at the recommended (else first) slot; else drop-off;
/// else the platform's own allocation.
pub fn default_handover(o: &HandoverOptions) -> Handover {
    if let Some(addresses) = &o.pickup
        && let Some(a) = addresses
            .iter()
            .find(|a| a.default)
            .or_else(|| addresses.first())
    {
        let slot = a
            .slots
            .iter()
            .find(|s| s.recommended)
            .or_else(|| a.slots.first());
        return Handover::Pickup {
            address_id: a.id.clone(),
            slot_id: slot.map(|s| s.id.clone()),
        };
    }
    if let Some(branches) = &o.dropoff {
        return Handover::DropOff {
            branch_id: branches.first().map(|b| b.id.clone()),
            sender_name: None,
        };
    }
    Handover::Platform { provider: None }
}

fn handover_code(h: &Handover) -> &'static str {
    match h {
        Handover::Pickup { .. } => "pickup",
        Handover::DropOff { .. } => "dropoff",
        Handover::Platform { .. } => "platform",
        Handover::SellerShipped { .. } => "seller",
    }
}

/// The call log's key for arranging one parcel: fixed by what it does, so every try of
/// it (from any console) meets the same row.
pub fn arrange_key(kind: ChannelKind, pkg: &PackageRef) -> String {
    format!(
        "{}:arrange:{}:{}",
        kind.code(),
        pkg.order_id,
        pkg.package_id.as_deref().unwrap_or("-")
    )
}

/// An arranged order, as the console and the CLI say it.
#[derive(Debug, Clone, Serialize)]
pub struct ArrangedOrder {
    pub order_number: String,
    pub platform: String,
    pub carrier: String,
    pub tracking_number: Option<String>,
    /// The platform had it arranged already (an earlier try, or Seller Center).
    pub recovered: bool,
    /// The AWB is stored and can be printed.
    pub document: bool,
}

/// Arranges one packed marketplace order with its platform, once.
pub async fn arrange<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    number: &str,
    handover: &Handover,
    actor: &str,
) -> Result<ArrangedOrder, FulfilError> {
    let kind = client.kind();
    let o = order_of(pool, kind, number).await?;
    let pkg = PackageRef::order(o.external_id.clone().unwrap_or_default());
    let key = arrange_key(kind, &pkg);
    let begun = begin(pool, &o, kind, &pkg, handover, &key).await?;
    let (shipment_id, fresh, pkg) = match begun {
        Begun::Fresh { shipment_id } => (shipment_id, true, pkg),
        Begun::Retry {
            shipment_id,
            package_id,
        } => (
            shipment_id,
            false,
            PackageRef {
                package_id: package_id.or(pkg.package_id),
                ..pkg
            },
        ),
    };
    // Lazada's arranging is two calls (Pack, then ReadyToShip) and its adapter reads the
    // items' state before each: a retry goes through it so a package left packed is
    // still handed over. Elsewhere the look-up comes first.
    // What a look-up finds was arranged before this call: recovered, not made.
    let recovered = |a: Arranged| Arranged { already: true, ..a };
    let found = if fresh || kind == ChannelKind::Lazada {
        None
    } else {
        client.find_arranged(&pkg).await?.map(recovered)
    };
    let arranged = match found {
        Some(a) => a,
        None => match client.arrange(&pkg, handover).await {
            Ok(a) => a,
            Err(e) if e.outcome_unknown() => match client.find_arranged(&pkg).await {
                Ok(Some(a)) => recovered(a),
                _ => {
                    rows::note_unsure(pool, shipment_id, &e.to_string()).await?;
                    return Err(FulfilError::Unsure {
                        platform: kind.label(),
                        cause: e,
                    });
                }
            },
            Err(e) if e.is_transient() => {
                // Rate limited: nothing was done; the row waits for the next try.
                rows::note_unsure(pool, shipment_id, &e.to_string()).await?;
                return Err(e.into());
            }
            Err(e) => {
                // A definite no. After an unclear first try, look once more: only the
                // platform saying it has nothing ends the row.
                if !fresh && let Ok(Some(a)) = client.find_arranged(&pkg).await {
                    recovered(a)
                } else {
                    rows::drop_arrange(pool, shipment_id, o.order_id, &key, actor, &e.to_string())
                        .await?;
                    return Err(FulfilError::from_channel(e, &o.number, kind));
                }
            }
        },
    };
    finish(
        pool,
        client,
        (&o, shipment_id, &key),
        &arranged,
        actor,
        true,
    )
    .await
}

async fn begin(
    pool: &PgPool,
    o: &rows::PlatformOrder,
    kind: ChannelKind,
    pkg: &PackageRef,
    handover: &Handover,
    key: &str,
) -> Result<Begun, FulfilError> {
    let ask = Ask {
        order_id: o.order_id,
        order_number: &o.number,
        channel_id: o.channel_id,
        carrier: kind.code(),
        package_id: pkg.package_id.as_deref(),
        handover: handover_code(handover),
        detail: serde_json::to_value(handover).unwrap_or_default(),
        key,
    };
    match rows::begin_arrange(pool, &ask).await? {
        Ok(b) => Ok(b),
        Err(NotNow::NotPacked(status)) => Err(FulfilError::NotPacked {
            number: o.number.clone(),
            status,
        }),
        Err(NotNow::Shipped { carrier, tracking }) => Err(FulfilError::AlreadyShipped {
            number: o.number.clone(),
            carrier,
            tracking,
        }),
        Err(NotNow::CancelRequested { reason }) => Err(FulfilError::CancelRequested {
            number: o.number.clone(),
            reason,
        }),
    }
}

/// Records the arrangement, then asks for the tracking number (when it did not come
/// with it) and the AWB once each; what is not ready yet the poller fetches.
async fn finish<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    (o, shipment_id, key): (&rows::PlatformOrder, i64, &str),
    a: &Arranged,
    actor: &str,
    with_document: bool,
) -> Result<ArrangedOrder, FulfilError> {
    let kind = client.kind();
    let said = Said::new("event-arranged")
        .with("platform", kind.label())
        .with("carrier", a.carrier.clone())
        .with("tracking", a.tracking_number.clone().unwrap_or_default());
    rows::record_arranged(
        pool,
        &ArrangedRow {
            shipment_id,
            order_id: o.order_id,
            package_id: a.package.package_id.as_deref(),
            tracking_number: a.tracking_number.as_deref(),
            platform_carrier: &a.carrier,
            key,
        },
        &said,
        actor,
    )
    .await?;
    let mut tracking = a.tracking_number.clone();
    if tracking.is_none() {
        // Shopee may take minutes; the poller asks again.
        match client.tracking_number(&a.package).await {
            Ok(Some(t)) => {
                rows::set_tracking(pool, shipment_id, &t).await?;
                tracking = Some(t);
            }
            Ok(None) => {}
            Err(e) => tracing::info!("{}: tracking number not yet: {e}", o.number),
        }
    }
    let document = if !with_document {
        false
    } else {
        match fetch_document(pool, client, shipment_id, &a.package).await {
            Ok(ready) => ready,
            Err(e) => {
                tracing::info!("{}: AWB not yet: {e}", o.number);
                false
            }
        }
    };
    Ok(ArrangedOrder {
        order_number: o.number.clone(),
        platform: kind.code().to_string(),
        carrier: a.carrier.clone(),
        tracking_number: tracking,
        recovered: a.already,
        document,
    })
}

/// Asks for the parcel's AWB a few times (the platforms make it in seconds) and keeps
/// it; `false` when it is still being made (the poller fetches it later).
pub async fn fetch_document<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    shipment_id: i64,
    pkg: &PackageRef,
) -> Result<bool, FulfilError> {
    for wait_ms in [0u64, 300, 700, 1500] {
        if wait_ms > 0 {
            tokio::time::sleep(Duration::from_millis(wait_ms)).await;
        }
        let docs = client.documents(std::slice::from_ref(pkg)).await?;
        match docs.into_iter().next().map(|(_, d)| d) {
            Some(Ok(Document::Ready { mime, bytes })) => {
                rows::store_document(pool, shipment_id, &mime, &bytes).await?;
                return Ok(true);
            }
            Some(Ok(Document::Pending)) | None => continue,
            Some(Err(e)) if e.is_transient() => continue,
            Some(Err(e)) => return Err(e.into()),
        }
    }
    Ok(false)
}

/// The stored AWB of an order (by number or tracking number), fetched from the platform
/// first when it is not stored yet.
pub async fn document<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    key: &str,
) -> Result<Option<(String, Vec<u8>)>, FulfilError> {
    let Some(p) = rows::parcel(pool, key).await? else {
        return Err(FulfilError::NotFound(key.trim().to_string()));
    };
    if let Some(d) = rows::document(pool, p.shipment_id).await? {
        return Ok(Some(d));
    }
    let pkg = parcel_ref(&p);
    if fetch_document(pool, client, p.shipment_id, &pkg).await? {
        return Ok(rows::document(pool, p.shipment_id).await?);
    }
    Ok(None)
}

fn parcel_ref(p: &PlatformParcel) -> PackageRef {
    PackageRef {
        order_id: p.external_id.clone().unwrap_or_default(),
        package_id: p.package_id.clone(),
    }
}

/// The live platform parcel of an order or tracking number (`None`: not a platform's).
pub async fn parcel(pool: &PgPool, key: &str) -> Result<Option<PlatformParcel>, StoreError> {
    rows::parcel(pool, key).await
}

// ------------------------------------------------------------------------------------
// Many at once

/// One order's outcome in a bulk arrangement.
#[derive(Debug, Clone, Serialize)]
pub struct BulkLine {
    pub order_number: String,
    pub outcome: Result<ArrangedOrder, String>,
}

/// Arranges many packed orders of one shop in as few platform calls as it allows, then
/// fetches their AWBs. `progress(done, total)` is called as each order is settled.
/// Every order keeps the single-order guarantees: its row and log entry are stored
/// first, retries look before asking, and an order that fails does not stop the others.
pub async fn arrange_many<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    numbers: &[String],
    handover: &Handover,
    actor: &str,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<Vec<BulkLine>, FulfilError> {
    let kind = client.kind();
    let total = numbers.len();
    let mut out: Vec<BulkLine> = Vec::with_capacity(total);
    // Orders of another shop are refused before anything is asked.
    let mut orders = Vec::with_capacity(total);
    for n in numbers {
        match order_of(pool, kind, n).await {
            Ok(o) => orders.push(o),
            Err(FulfilError::WrongShop { .. }) | Err(FulfilError::NotMarketplace(_)) => {
                return Err(FulfilError::MixedShops);
            }
            Err(e) => return Err(e),
        }
    }
    struct Pending {
        o: rows::PlatformOrder,
        shipment_id: i64,
        key: String,
        pkg: PackageRef,
    }
    let mut ask: Vec<Pending> = Vec::new();
    let mut settled = 0usize;
    // Arranged ones whose AWB is fetched at the end, together: (line, shipment, parcel).
    let mut awaiting: Vec<(usize, i64, PackageRef)> = Vec::new();
    for o in orders {
        let pkg = PackageRef::order(o.external_id.clone().unwrap_or_default());
        let key = arrange_key(kind, &pkg);
        match begin(pool, &o, kind, &pkg, handover, &key).await {
            Ok(Begun::Fresh { shipment_id }) => ask.push(Pending {
                o,
                shipment_id,
                key,
                pkg,
            }),
            Ok(Begun::Retry {
                shipment_id,
                package_id,
            }) => {
                let pkg = PackageRef {
                    package_id: package_id.or(pkg.package_id),
                    ..pkg
                };
                // An earlier try may have arranged it: look first, one by one.
                match client.find_arranged(&pkg).await {
                    Ok(Some(a)) => {
                        let a = Arranged { already: true, ..a };
                        let r =
                            finish(pool, client, (&o, shipment_id, &key), &a, actor, false).await;
                        if r.is_ok() {
                            awaiting.push((out.len(), shipment_id, a.package.clone()));
                        }
                        settled += 1;
                        progress(settled, total);
                        out.push(BulkLine {
                            order_number: o.number.clone(),
                            outcome: r.map_err(|e| e.to_string()),
                        });
                    }
                    Ok(None) => ask.push(Pending {
                        o,
                        shipment_id,
                        key,
                        pkg,
                    }),
                    Err(e) => {
                        settled += 1;
                        progress(settled, total);
                        out.push(BulkLine {
                            order_number: o.number.clone(),
                            outcome: Err(e.to_string()),
                        });
                    }
                }
            }
            Err(e) => {
                settled += 1;
                progress(settled, total);
                out.push(BulkLine {
                    order_number: o.number.clone(),
                    outcome: Err(e.to_string()),
                });
            }
        }
    }
    if ask.is_empty() {
        fetch_documents(pool, client, &awaiting, &mut out).await;
        return Ok(out);
    }
    let pkgs: Vec<PackageRef> = ask.iter().map(|p| p.pkg.clone()).collect();
    let results = match client.arrange_many(&pkgs, handover).await {
        Ok(r) => Some(r),
        Err(e) if e.outcome_unknown() => None,
        Err(e) => {
            // Nothing was asked of the platform for any of them.
            for p in &ask {
                rows::drop_arrange(
                    pool,
                    p.shipment_id,
                    p.o.order_id,
                    &p.key,
                    actor,
                    &e.to_string(),
                )
                .await?;
                settled += 1;
                progress(settled, total);
                out.push(BulkLine {
                    order_number: p.o.number.clone(),
                    outcome: Err(e.to_string()),
                });
            }
            return Ok(out);
        }
    };
    for (i, p) in ask.iter().enumerate() {
        let result = results.as_ref().and_then(|r| {
            r.iter()
                .find(|b| b.package.order_id == p.pkg.order_id)
                .or_else(|| r.get(i))
                .map(|b| b.outcome.clone())
        });
        let line = match result {
            Some(Ok(a)) => {
                let r = finish(
                    pool,
                    client,
                    (&p.o, p.shipment_id, &p.key),
                    &a,
                    actor,
                    false,
                )
                .await;
                if r.is_ok() {
                    awaiting.push((out.len(), p.shipment_id, a.package.clone()));
                }
                r.map_err(|e| e.to_string())
            }
            Some(Err(why)) => {
                rows::drop_arrange(pool, p.shipment_id, p.o.order_id, &p.key, actor, &why).await?;
                Err(why)
            }
            // No answer for it: look on the platform before saying anything.
            None => match client.find_arranged(&p.pkg).await {
                Ok(Some(a)) => {
                    let r = finish(
                        pool,
                        client,
                        (&p.o, p.shipment_id, &p.key),
                        &a,
                        actor,
                        false,
                    )
                    .await;
                    if r.is_ok() {
                        awaiting.push((out.len(), p.shipment_id, a.package.clone()));
                    }
                    r.map_err(|e| e.to_string())
                }
                Ok(None) | Err(_) => {
                    let why = orderdeck_i18n::t!("err-fulfil-no-answer", platform = kind.label());
                    rows::note_unsure(pool, p.shipment_id, &why).await?;
                    Err(why)
                }
            },
        };
        settled += 1;
        progress(settled, total);
        out.push(BulkLine {
            order_number: p.o.number.clone(),
            outcome: line,
        });
    }
    fetch_documents(pool, client, &awaiting, &mut out).await;
    Ok(out)
}

/// The AWBs of many arranged parcels, asked for in the platform's batches and polled a
/// few times while they are made; each stored one marks its line. What is not ready
/// yet the poller fetches later.
async fn fetch_documents<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    awaiting: &[(usize, i64, PackageRef)],
    out: &mut [BulkLine],
) {
    let mut left: Vec<&(usize, i64, PackageRef)> = awaiting.iter().collect();
    for wait_ms in [0u64, 300, 700, 1500] {
        if left.is_empty() {
            return;
        }
        if wait_ms > 0 {
            tokio::time::sleep(Duration::from_millis(wait_ms)).await;
        }
        let mut still = Vec::new();
        // 20: the smallest batch the three platforms take (Lazada's PrintAWB).
        for chunk in left.chunks(20) {
            let pkgs: Vec<PackageRef> = chunk.iter().map(|(_, _, p)| p.clone()).collect();
            let docs = match client.documents(&pkgs).await {
                Ok(d) => d,
                Err(e) => {
                    tracing::info!("AWBs not yet: {e}");
                    still.extend(chunk.iter().copied());
                    continue;
                }
            };
            for item in chunk {
                let (line, shipment_id, pkg) = item;
                let doc = docs.iter().find(|(p, _)| p.order_id == pkg.order_id);
                match doc.map(|(_, d)| d) {
                    Some(Ok(Document::Ready { mime, bytes })) => {
                        match rows::store_document(pool, *shipment_id, mime, bytes).await {
                            Ok(()) => {
                                if let Some(Ok(a)) = out.get_mut(*line).map(|l| &mut l.outcome) {
                                    a.document = true;
                                }
                            }
                            Err(e) => tracing::warn!("an AWB was not kept: {e}"),
                        }
                    }
                    Some(Err(e)) if !e.is_transient() => {
                        tracing::info!("{}: AWB refused: {e}", pkg.order_id);
                    }
                    _ => still.push(*item),
                }
            }
        }
        left = still;
    }
}

// ------------------------------------------------------------------------------------
// The poller's part

/// What one round over a shop's platform parcels did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParcelRound {
    pub finished: usize,
    pub asked: usize,
    pub changed: usize,
    pub failed: usize,
}

/// Finishes what arranging left (a lost reply, a tracking number or AWB not ready) and
/// asks the platform where its parcels are, recording each change once as our
/// carriers' parcels are (panes 4 and 6, the exceptions queue, completion).
pub async fn poll_shop<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    channel_id: i64,
    actor: &str,
    every: Duration,
) -> Result<ParcelRound, FulfilError> {
    let mut round = ParcelRound::default();
    for p in rows::unfinished(pool, channel_id, 200).await? {
        // Not every round: a tracking number or an AWB takes seconds to minutes.
        let again = every.clamp(Duration::from_secs(2), Duration::from_secs(30));
        match finish_parcel(pool, client, &p, actor).await {
            Ok(true) => round.finished += 1,
            Ok(false) => rows::poll_later(pool, p.shipment_id, again).await?,
            Err(e) => {
                round.failed += 1;
                tracing::info!("{}: {e}", p.number);
                rows::poll_later(pool, p.shipment_id, again).await?;
            }
        }
    }
    let due = rows::due_for_tracking(pool, channel_id, 200).await?;
    if due.is_empty() {
        return Ok(round);
    }
    let pkgs: Vec<PackageRef> = due.iter().map(parcel_ref).collect();
    round.asked = due.len();
    let states = match client.package_tracking(&pkgs).await {
        Ok(s) => s,
        Err(e) => {
            for p in &due {
                crate::tracking::poll_failed(pool, p.shipment_id, &e.to_string(), every).await?;
            }
            return Err(e.into());
        }
    };
    for p in &due {
        let Some(state) = states.iter().find(|s| {
            s.package.order_id == p.external_id.clone().unwrap_or_default()
                && (s.package.package_id.is_none()
                    || p.package_id.is_none()
                    || s.package.package_id == p.package_id)
        }) else {
            crate::tracking::poll_failed(pool, p.shipment_id, "", every).await?;
            continue;
        };
        if let Some(t) = &state.tracking_number
            && p.tracking_number.is_none()
        {
            rows::set_tracking(pool, p.shipment_id, t).await?;
        }
        // Platforms give a state, not a history with times: an event already recorded
        // under the same platform status is not recorded again at a new time.
        let seen = rows::recorded_statuses(pool, p.shipment_id).await?;
        let mut tracking = state.tracking.clone();
        tracking
            .events
            .retain(|e| !seen.contains(&e.carrier_status));
        // The platform's own word for the state is the event's description.
        for e in &mut tracking.events {
            if e.description.trim().is_empty() {
                e.description = e.carrier_status.clone();
            }
        }
        let applied = crate::tracking::apply(pool, p.shipment_id, &tracking, actor, every).await?;
        round.changed += usize::from(applied.status.is_some());
    }
    Ok(round)
}

/// One unfinished parcel moved on a step; `true` when it is now finished.
async fn finish_parcel<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    p: &PlatformParcel,
    actor: &str,
) -> Result<bool, FulfilError> {
    let pkg = parcel_ref(p);
    match p.platform_step.as_deref() {
        Some("asked") => {
            // The reply was lost or the process stopped: the platform knows.
            let Some(mut a) = client.find_arranged(&pkg).await? else {
                return Ok(false);
            };
            if client.kind() == ChannelKind::Lazada {
                // Packed but perhaps not handed over: the adapter skips Pack for packed
                // items and sends only the ReadyToShip still owed.
                a = client
                    .arrange(&pkg, &Handover::Platform { provider: None })
                    .await?;
            }
            let Some(o) = rows::platform_order(pool, &p.number).await? else {
                return Ok(false);
            };
            let key = arrange_key(client.kind(), &pkg);
            finish(pool, client, (&o, p.shipment_id, &key), &a, actor, true).await?;
            Ok(true)
        }
        Some("arranged") => {
            if let Some(t) = client.tracking_number(&pkg).await? {
                rows::set_tracking(pool, p.shipment_id, &t).await?;
            }
            Ok(false)
        }
        Some("tracked") => match fetch_document(pool, client, p.shipment_id, &pkg).await {
            // A definite no (Lazada prints nothing for a seller-delivered order): stop
            // asking, keep why.
            Err(FulfilError::Channel(e)) if !e.is_transient() && !e.outcome_unknown() => {
                rows::no_document(pool, p.shipment_id, &e.to_string()).await?;
                Ok(true)
            }
            other => other,
        },
        _ => Ok(true),
    }
}

/// Unshipped orders due to ship within `hours` (or late), soonest first.
pub async fn at_risk(
    pool: &PgPool,
    hours: u32,
    limit: i64,
) -> Result<Vec<rows::AtRisk>, StoreError> {
    store::fulfil::at_risk(pool, i64::from(hours), limit).await
}

// ------------------------------------------------------------------------------------
// Buyers' cancellation requests

/// Asks the platform which of the shop's open orders have a buyer's request to cancel
/// waiting, and records them (a new one says so on the timeline once). Requests the
/// platform no longer lists as pending are closed here too. Returns how many are new.
pub async fn sync_cancel_requests<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    channel_id: i64,
) -> Result<usize, FulfilError> {
    let open = rows::open_orders(pool, channel_id, 200).await?;
    let mut fresh = 0;
    // The platforms take up to 50 orders a call.
    for chunk in open.chunks(50) {
        let ids: Vec<String> = chunk.iter().map(|(_, e)| e.clone()).collect();
        let requests = client.cancel_requests(&ids).await?;
        for (order_id, external_id) in chunk {
            let mine: Vec<_> = requests
                .iter()
                .filter(|r| r.order_id == *external_id)
                .collect();
            for r in &mine {
                let reason: String = r.reason.chars().take(500).collect();
                if rows::upsert_cancel_request(
                    pool,
                    *order_id,
                    &r.id,
                    &reason,
                    r.respond_by,
                    r.can_reject,
                )
                .await?
                {
                    fresh += 1;
                }
            }
            let still: Vec<String> = mine.iter().map(|r| r.id.clone()).collect();
            rows::close_cancel_requests(pool, *order_id, &still).await?;
        }
    }
    Ok(fresh)
}

/// The buyer's request waiting on order `number`, if any.
pub async fn pending_cancel_request(
    pool: &PgPool,
    number: &str,
) -> Result<Option<rows::CancelRequestRow>, StoreError> {
    Ok(rows::pending_request_of(pool, number)
        .await?
        .map(|(r, _)| r))
}

/// What became of a decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    pub order_number: String,
    pub accepted: bool,
    /// Accepted: the order is cancelled here and its reserved stock released.
    pub cancelled: bool,
}

/// Tells the platform the seller's answer to the buyer's request on order `number`,
/// then records it: accepted, the order is cancelled and its reserved stock released
/// (as a cancellation on the platform would be); rejected, packing goes on. The call is
/// logged under a fixed key first and the key is sent where the platform takes one
/// (TikTok's `idempotency_key`), so a retry never answers twice.
pub async fn decide_cancel<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    number: &str,
    decision: &orderdeck_integrations::marketplace::fulfil::CancelDecision,
    actor: &str,
) -> Result<Decided, FulfilError> {
    use orderdeck_integrations::marketplace::fulfil::{CancelDecision, CancelRequest};
    let kind = client.kind();
    let o = order_of(pool, kind, number).await?;
    let Some((req, _)) = rows::pending_request_of(pool, &o.number).await? else {
        return Err(FulfilError::NoCancelRequest(o.number));
    };
    let accept = matches!(decision, CancelDecision::Accept);
    let key = format!(
        "{}:cancel:{}:{}:{}",
        kind.code(),
        o.external_id.as_deref().unwrap_or(""),
        req.external_id,
        if accept { "accept" } else { "reject" }
    );
    rows::log_call(pool, &key, o.channel_id, Some(o.order_id), "decide_cancel").await?;
    let request = CancelRequest {
        id: req.external_id.clone(),
        order_id: o.external_id.clone().unwrap_or_default(),
        reason: req.reason.clone(),
        respond_by: req.respond_by,
        can_reject: req.can_reject,
    };
    if let Err(e) = client.decide_cancel(&request, decision, &key).await {
        let state = if e.outcome_unknown() || e.is_transient() {
            "sent"
        } else {
            "refused"
        };
        rows::finish_call(pool, &key, state, &e.to_string()).await?;
        return Err(e.into());
    }
    rows::finish_call(pool, &key, "done", "").await?;
    let mut tx = pool.begin().await?;
    let status = rows::lock_order(&mut tx, o.order_id).await?;
    rows::decide_cancel_request(&mut tx, req.id, accept, actor).await?;
    let mut cancelled = false;
    if accept && status.parse().is_ok_and(OrderStatus::cancellable) {
        crate::orders::cancel_locked(
            &mut tx,
            o.order_id,
            &status,
            actor,
            &Said::new("event-cancel-request-accepted")
                .with("platform", kind.label())
                .with("reason", req.reason.clone()),
        )
        .await?;
        cancelled = true;
    } else {
        store::orders::add_event_said(
            &mut tx,
            o.order_id,
            actor,
            &orderdeck_domain::order_event::OrderEventKind::Platform,
            &Said::new(if accept {
                "event-cancel-request-accepted"
            } else {
                "event-cancel-request-rejected"
            })
            .with("platform", kind.label())
            .with("reason", req.reason.clone()),
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Decided {
        order_number: o.number,
        accepted: accept,
        cancelled,
    })
}

// ------------------------------------------------------------------------------------
// Shipped by the seller

/// An order its platform lets the seller ship, shipped with a carrier of ours: the
/// tracking number is told to the platform (Shopee `non_integrated`, TikTok
/// `self_shipment`; Lazada's seller-delivered orders are packed and handed over, no
/// number being documented for them). Logged under a fixed key first; a retry that
/// the platform answers "already arranged" is done.
pub async fn report_own_shipment<F: Fulfilment>(
    pool: &PgPool,
    client: &F,
    number: &str,
    provider: &str,
    tracking: &str,
    actor: &str,
) -> Result<(), FulfilError> {
    let kind = client.kind();
    let o = order_of(pool, kind, number).await?;
    let pkg = PackageRef::order(o.external_id.clone().unwrap_or_default());
    let key = format!("{}:report:{}:{}", kind.code(), pkg.order_id, tracking);
    if rows::call_state(pool, &key).await?.as_deref() == Some("done") {
        return Ok(());
    }
    rows::log_call(
        pool,
        &key,
        o.channel_id,
        Some(o.order_id),
        "report_tracking",
    )
    .await?;
    let handover = Handover::SellerShipped {
        provider: provider.to_string(),
        tracking_number: tracking.to_string(),
    };
    match client.arrange(&pkg, &handover).await {
        Ok(_) => {
            rows::finish_call(pool, &key, "done", "").await?;
            rows::note_reported(
                pool,
                o.order_id,
                actor,
                &Said::new("event-tracking-reported")
                    .with("platform", kind.label())
                    .with("tracking", tracking),
            )
            .await?;
            Ok(())
        }
        Err(e) => {
            let state = if e.outcome_unknown() || e.is_transient() {
                "sent"
            } else {
                "refused"
            };
            rows::finish_call(pool, &key, state, &e.to_string()).await?;
            Err(FulfilError::from_channel(e, &o.number, kind))
        }
    }
}
