//! Marketplace orders shipped their platform's way, from the console: the handover pick
//! list (pickup address and slot, drop-off, the platform's allocation), arranging one
//! or many orders, printing the platform's airway bill, and the answer to a buyer's
//! cancellation request at the pack station.

use chrono::{DateTime, FixedOffset, Utc};
use orderdeck_app::channels::{self, OpenChannel};
use orderdeck_app::fulfil::{self, BulkLine, PlatformForm};
use orderdeck_i18n::t;
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_integrations::marketplace::fulfil::{CancelDecision, Handover, HandoverOptions};
use orderdeck_tui::jobs::Progress;
use orderdeck_tui::outcome::Done;
use sqlx::PgPool;

use crate::services::Services;

/// The seller's offset for slot times (`utc_offset`, Vietnam by default).
pub(crate) fn offset(ctx: &Services) -> FixedOffset {
    ctx.config
        .utc_offset
        .as_deref()
        .and_then(|o| orderdeck_domain::time::parse_offset(o).ok())
        .or_else(|| FixedOffset::east_opt(7 * 3600))
        .unwrap_or_else(|| chrono::Offset::fix(&Utc))
}

/// The configured shop of the order's platform, opened.
async fn shop_for(pool: &PgPool, ctx: &Services, number: &str) -> Result<OpenChannel, String> {
    let kind = fulfil::platform_of(pool, number)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| t!("err-fulfil-not-marketplace", number = number.trim()))?;
    open(pool, ctx, kind).await
}

/// The configured shop of this platform, opened.
pub(crate) async fn open(
    pool: &PgPool,
    ctx: &Services,
    kind: ChannelKind,
) -> Result<OpenChannel, String> {
    channels::open(pool, &ctx.config.channels, kind)
        .await
        .map_err(|e| format!("{}: {e}", kind.label()))?
        .ok_or_else(|| {
            t!(
                "console-shop-not-configured",
                platform = kind.label(),
                code = kind.code()
            )
        })
}

/// A slot as a person reads it: the platform's words, else its times in the seller's
/// offset.
fn slot_text(
    text: &str,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    at: FixedOffset,
) -> String {
    let text = orderdeck_domain::text::visible(text.trim()).into_owned();
    if !text.is_empty() {
        // Shopee's words are the hours ("08:00 - 12:00"); the day comes from its date.
        return match start {
            Some(s) => format!(
                "{} {text}",
                orderdeck_i18n::format::day_month(s.with_timezone(&at).date_naive())
            ),
            None => text,
        };
    }
    match (start, end) {
        (Some(s), Some(e)) => format!(
            "{}–{}",
            orderdeck_i18n::format::short_time(s, at),
            e.with_timezone(&at).format("%H:%M")
        ),
        (Some(s), None) => orderdeck_i18n::format::short_time(s, at),
        _ => String::new(),
    }
}

/// Every way the platform offers to hand this parcel over, labelled; the default's index.
pub fn choices(
    platform: ChannelKind,
    o: &HandoverOptions,
    default: &Handover,
    at: FixedOffset,
) -> (Vec<(Handover, String)>, usize) {
    let mut out: Vec<(Handover, String)> = Vec::new();
    for a in o.pickup.iter().flatten() {
        let address = orderdeck_domain::text::visible(a.label.trim()).into_owned();
        // Lazada names no address: the courier comes to the shop's pickup address.
        let address = if address.is_empty() {
            t!("console-handover-shop-address")
        } else {
            address
        };
        if a.slots.is_empty() {
            out.push((
                Handover::Pickup {
                    address_id: a.id.clone(),
                    slot_id: None,
                },
                t!("console-handover-pickup-any", address = &address),
            ));
        }
        for s in &a.slots {
            let mut slot = slot_text(&s.text, s.start, s.end, at);
            if s.recommended {
                slot.push_str(&t!("console-handover-recommended"));
            }
            let label = t!("console-handover-pickup", address = &address, slot = slot);
            out.push((
                Handover::Pickup {
                    address_id: a.id.clone(),
                    slot_id: Some(s.id.clone()),
                },
                label,
            ));
        }
    }
    if let Some(branches) = &o.dropoff {
        if branches.is_empty() {
            out.push((
                Handover::DropOff {
                    branch_id: None,
                    sender_name: None,
                },
                t!("console-handover-dropoff-any"),
            ));
        }
        for b in branches {
            out.push((
                Handover::DropOff {
                    branch_id: Some(b.id.clone()),
                    sender_name: None,
                },
                t!(
                    "console-handover-dropoff",
                    branch = orderdeck_domain::text::visible(b.label.trim()).into_owned()
                ),
            ));
        }
    }
    if o.seller_ship {
        // The platform takes a tracking number of ours: our carriers' form, then the
        // number is told to the platform.
        out.push((
            Handover::SellerShipped {
                provider: String::new(),
                tracking_number: String::new(),
            },
            t!("console-handover-ourselves", platform = platform.label()),
        ));
    }
    if out.is_empty() {
        // Lazada: the platform allocates the carrier, or the seller picks one (NTFS).
        out.push((
            Handover::Platform { provider: None },
            t!("console-handover-platform", platform = platform.label()),
        ));
        for p in &o.providers {
            out.push((
                Handover::Platform {
                    provider: Some(p.code.clone()),
                },
                t!(
                    "console-handover-provider",
                    provider = orderdeck_domain::text::visible(p.name.trim()).into_owned()
                ),
            ));
        }
    }
    let selected = out.iter().position(|(h, _)| h == default).unwrap_or(0);
    (out, selected)
}

/// `S` on a marketplace order: its platform's choices, the shop's usual one selected.
pub async fn prepare(pool: &PgPool, ctx: &Services, number: &str) -> Result<Done, String> {
    let shop = shop_for(pool, ctx, number).await?;
    let PlatformForm {
        number,
        platform,
        options,
        default,
        ship_by,
    } = fulfil::prepare(pool, &shop.client, number)
        .await
        .map_err(|e| e.to_string())?;
    let at = offset(ctx);
    let (choices, selected) = choices(platform, &options, &default, at);
    let note = match ship_by {
        Some(t) => t!(
            "console-handover-note-ship-by",
            platform = platform.label(),
            ship_by = orderdeck_i18n::format::short_time(t, at)
        ),
        None => t!("console-handover-note", platform = platform.label()),
    };
    Ok(Done::PlatformDraft {
        title: t!(
            "console-handover-title",
            number = &number,
            platform = platform.label()
        ),
        number,
        note,
        choices,
        selected,
    })
}

/// Writes the AWB next to our labels and sends it to the print command.
async fn print(ctx: &Services, name: &str, bytes: &[u8]) -> Result<String, String> {
    std::fs::create_dir_all(&ctx.labels_dir).map_err(|e| e.to_string())?;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = ctx.labels_dir.join(format!("awb-{safe}.pdf"));
    std::fs::write(&path, bytes).map_err(|e| {
        t!(
            "console-cannot-write",
            path = path.display().to_string(),
            error = e.to_string()
        )
    })?;
    let command = ctx.config.shipping.print_command.as_deref().unwrap_or("lp");
    Ok(match crate::ship::print(command, &path).await {
        Ok(()) => t!(
            "console-awb-sent",
            command = command,
            path = path.display().to_string()
        ),
        Err(e) => t!(
            "console-label-print-failed",
            path = path.display().to_string(),
            error = &e
        ),
    })
}

/// Picks a handover: the platform arranges the parcel; its AWB is printed at once when
/// it is ready (else the poller fetches it and `L` prints it).
pub async fn arrange(
    pool: &PgPool,
    ctx: &Services,
    number: &str,
    handover: &Handover,
    actor: &str,
) -> Result<Done, String> {
    let shop = shop_for(pool, ctx, number).await?;
    let a = fulfil::arrange(pool, &shop.client, number, handover, actor)
        .await
        .map_err(|e| e.to_string())?;
    let tracking = a
        .tracking_number
        .clone()
        .unwrap_or_else(|| t!("console-tracking-pending"));
    let mut said = t!(
        "console-arranged",
        number = &a.order_number,
        platform = shop.kind().label(),
        carrier = &a.carrier,
        tracking = &tracking
    );
    if a.document {
        match fulfil::document(pool, &shop.client, &a.order_number).await {
            Ok(Some((_, bytes))) => {
                said.push_str("; ");
                said.push_str(&print(ctx, &a.order_number, &bytes).await?);
            }
            Ok(None) => said.push_str(&t!("console-awb-later")),
            Err(e) => said.push_str(&format!("; {e}")),
        }
    } else {
        said.push_str(&t!("console-awb-later"));
    }
    Ok(Done::Said(said))
}

/// Tells the order's platform the tracking number of our carrier; what happened, in
/// words (a refusal is said, the parcel is on its way either way).
pub async fn report(
    pool: &PgPool,
    ctx: &Services,
    number: &str,
    carrier: &str,
    tracking: &str,
    actor: &str,
) -> String {
    let shop = match shop_for(pool, ctx, number).await {
        Ok(s) => s,
        Err(e) => return e,
    };
    match fulfil::report_own_shipment(pool, &shop.client, number, carrier, tracking, actor).await {
        Ok(()) => t!("console-tracking-reported", platform = shop.kind().label()),
        Err(e) => t!(
            "console-tracking-not-reported",
            platform = shop.kind().label(),
            error = e.to_string()
        ),
    }
}

/// `L` on a platform parcel: its AWB (fetched from the platform first when not kept yet).
pub async fn print_document(pool: &PgPool, ctx: &Services, key: &str) -> Result<Done, String> {
    let shop = shop_for(pool, ctx, key).await;
    let shop = match shop {
        Ok(s) => s,
        // A tracking number, not an order number: the parcel names its platform.
        Err(_) => {
            let p = fulfil::parcel(pool, key)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| t!("console-shipment-not-found", tracking = key))?;
            let kind = ChannelKind::parse(&p.carrier)
                .ok_or_else(|| t!("console-shipment-not-found", tracking = key))?;
            open(pool, ctx, kind).await?
        }
    };
    match fulfil::document(pool, &shop.client, key)
        .await
        .map_err(|e| e.to_string())?
    {
        Some((_, bytes)) => Ok(Done::Said(print(ctx, key, &bytes).await?)),
        None => Err(t!("console-awb-not-ready", key = key)),
    }
}

/// Many marked orders of one shop: arranged together (with each shop's usual handover),
/// their AWBs merged into one file and printed once.
pub async fn arrange_many(
    pool: &PgPool,
    ctx: &Services,
    numbers: &[String],
    actor: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    let Some(first) = numbers.first() else {
        return Err(t!("console-mark-first"));
    };
    let shop = shop_for(pool, ctx, first).await?;
    let platform = shop.kind().label();
    // The first order's choices stand for all: one shop, one pickup address and slot.
    let form = fulfil::prepare(pool, &shop.client, first)
        .await
        .map_err(|e| e.to_string())?;
    let total = numbers.len();
    let label = t!("console-arranging-many", platform = platform);
    progress(Progress::Bulk {
        label: label.clone(),
        done: 0,
        total,
    });
    let tell = |done: usize, total: usize| {
        progress(Progress::Bulk {
            label: label.clone(),
            done,
            total,
        })
    };
    let lines = fulfil::arrange_many(pool, &shop.client, numbers, &form.default, actor, &tell)
        .await
        .map_err(|e| e.to_string())?;
    let arranged: Vec<String> = lines
        .iter()
        .filter(|l| l.outcome.is_ok())
        .map(|l| l.order_number.clone())
        .collect();
    let docs = orderdeck_store::fulfil::documents_for(pool, &arranged)
        .await
        .map_err(|e| e.to_string())?;
    let mut said = t!(
        "console-arranged-many",
        arranged = arranged.len(),
        total = total,
        platform = platform
    );
    let missing = arranged.len().saturating_sub(docs.len());
    if missing > 0 {
        said.push_str(&t!("console-awb-some-later", count = missing));
    }
    if !docs.is_empty() {
        let files: Vec<Vec<u8>> = docs.into_iter().map(|(_, _, b)| b).collect();
        let merged = orderdeck_print::merge_pdfs(&files).map_err(|e| e.to_string())?;
        said.push_str("; ");
        said.push_str(&print(ctx, &format!("{}-{}", shop.kind().code(), total), &merged).await?);
    }
    Ok(Done::BulkDone {
        said,
        lines: lines.into_iter().map(bulk_line).collect(),
    })
}

fn bulk_line(l: BulkLine) -> (String, bool) {
    match l.outcome {
        Ok(a) => (
            t!(
                "console-bulk-line-ok",
                number = &l.order_number,
                tracking = a
                    .tracking_number
                    .unwrap_or_else(|| t!("console-tracking-pending"))
            ),
            true,
        ),
        Err(e) => (format!("{}: {e}", l.order_number), false),
    }
}

/// `a` / `r` at the pack station on an order whose buyer asked to cancel.
pub async fn decide_cancel(
    pool: &PgPool,
    ctx: &Services,
    number: &str,
    accept: bool,
    actor: &str,
) -> Result<Done, String> {
    let shop = shop_for(pool, ctx, number).await?;
    let decision = if accept {
        CancelDecision::Accept
    } else {
        // TikTok's list has this reason for a parcel already in its box (reference
        // A3.7); the others take no reason.
        CancelDecision::Reject {
            reason: "seller_reject_apply_product_has_been_packed".into(),
        }
    };
    let d = fulfil::decide_cancel(pool, &shop.client, number, &decision, actor)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Done::Said(if d.cancelled {
        t!("console-cancel-request-accepted", number = &d.order_number)
    } else if d.accepted {
        t!(
            "console-cancel-request-accepted-late",
            number = &d.order_number
        )
    } else {
        t!("console-cancel-request-rejected", number = &d.order_number)
    }))
}
