//! Acts on many marked orders at once: all their labels as one file printed once, and a
//! pick list for picking the batch in one walk. Each order is on its own: one that cannot
//! be done is said on its line and the others go on.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use orderdeck_app::channels::OpenChannel;
use orderdeck_app::{fulfil, labels, tracking};
use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::pick::{PickList, Skip};
use orderdeck_i18n::t;
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_tui::jobs::Progress;
use orderdeck_tui::outcome::Done;
use sqlx::PgPool;

use crate::services::Services;

/// One order's label, in the form the printer takes.
enum Piece {
    Pdf(Vec<u8>),
    Zpl(String),
}

/// A label made for an order, and the number it carries.
struct Made {
    piece: Piece,
    tracking: String,
}

/// Every parcel label of these orders as one file (PDF, or ZPL for a ZPL printer),
/// printed once. Our carriers' parcels get our label; a marketplace's parcel its
/// airway bill.
pub async fn labels(
    pool: &PgPool,
    ctx: &Services,
    numbers: &[String],
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    if numbers.is_empty() {
        return Err(t!("console-mark-first"));
    }
    let zpl = ctx
        .config
        .shipping
        .zpl_labels()
        .map_err(|given| t!("console-label-format-bad", given = given))?;
    let total = numbers.len();
    let label = t!("console-labels-many-progress");
    progress(Progress::Bulk {
        label: label.clone(),
        done: 0,
        total,
    });
    // Each platform's shop is opened once for the batch (or said once why not).
    let mut shops: HashMap<ChannelKind, Result<OpenChannel, String>> = HashMap::new();
    let mut pdfs: Vec<Vec<u8>> = Vec::new();
    let mut zpls = String::new();
    let mut lines = Vec::with_capacity(total);
    for (i, number) in numbers.iter().enumerate() {
        match one_label(pool, ctx, number, zpl, &mut shops).await {
            Ok(made) => {
                match made.piece {
                    Piece::Pdf(bytes) => pdfs.push(bytes),
                    Piece::Zpl(text) => {
                        zpls.push_str(&text);
                        if !text.ends_with('\n') {
                            zpls.push('\n');
                        }
                    }
                }
                lines.push((
                    t!(
                        "console-labels-line-ok",
                        number = number.as_str(),
                        tracking = &made.tracking
                    ),
                    true,
                ));
            }
            Err(why) => lines.push((why, false)),
        }
        progress(Progress::Bulk {
            label: label.clone(),
            done: i + 1,
            total,
        });
    }
    let count = lines.iter().filter(|(_, ok)| *ok).count();
    if count == 0 {
        return Ok(Done::BulkDone {
            said: t!("console-labels-many-none", total = total),
            lines,
        });
    }
    let (bytes, ext) = if zpl {
        (zpls.into_bytes(), "zpl")
    } else {
        let merged = orderdeck_print::merge_pdfs(&pdfs).map_err(|e| e.to_string())?;
        (merged, "pdf")
    };
    let path = write(ctx, &format!("labels-{}-{count}.{ext}", stamp(ctx)), &bytes)?;
    let command = print_command(ctx);
    let said = match crate::ship::print(command, &path).await {
        Ok(()) => t!(
            "console-labels-many-sent",
            count = count,
            total = total,
            command = command,
            path = path.display().to_string()
        ),
        Err(e) => t!(
            "console-labels-many-print-failed",
            count = count,
            total = total,
            path = path.display().to_string(),
            error = &e
        ),
    };
    Ok(Done::BulkDone { said, lines })
}

/// One order's label, or why not, in words naming the order.
async fn one_label(
    pool: &PgPool,
    ctx: &Services,
    number: &str,
    zpl: bool,
    shops: &mut HashMap<ChannelKind, Result<OpenChannel, String>>,
) -> Result<Made, String> {
    let failed = |e: &dyn std::fmt::Display| {
        t!(
            "console-labels-line-failed",
            number = number,
            error = e.to_string()
        )
    };
    // A marketplace's parcel: its airway bill, which the platform makes as a PDF.
    if let Some(p) = fulfil::parcel(pool, number).await.map_err(|e| failed(&e))? {
        let kind = ChannelKind::parse(&p.carrier)
            .ok_or_else(|| t!("console-labels-not-shipped", number = number))?;
        if zpl {
            return Err(t!(
                "console-labels-awb-not-zpl",
                number = number,
                platform = kind.label()
            ));
        }
        let tracking = p
            .tracking_number
            .clone()
            .unwrap_or_else(|| t!("console-tracking-pending"));
        // Kept already: printed as kept, without asking the platform (or needing its shop).
        if p.has_document {
            let kept =
                orderdeck_store::fulfil::documents_for(pool, std::slice::from_ref(&p.number))
                    .await
                    .map_err(|e| failed(&e))?;
            if let Some((_, _, bytes)) = kept.into_iter().next() {
                return Ok(Made {
                    piece: Piece::Pdf(bytes),
                    tracking,
                });
            }
        }
        let shop = match shops.entry(kind) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(crate::fulfil::open(pool, ctx, kind).await),
        };
        let shop = match shop {
            Ok(shop) => &*shop,
            Err(e) => return Err(failed(e)),
        };
        return match fulfil::document(pool, &shop.client, number).await {
            Ok(Some((_, bytes))) => Ok(Made {
                piece: Piece::Pdf(bytes),
                tracking,
            }),
            Ok(None) => Err(t!(
                "console-labels-awb-not-ready",
                number = number,
                platform = kind.label()
            )),
            Err(e) => Err(failed(&e)),
        };
    }
    // Ours: the order's live parcel with one of our carriers.
    let parcel = tracking::show(pool, number)
        .await
        .map_err(|e| failed(&e))?
        .filter(|s| !matches!(s.status.as_str(), "cancelled" | "failed"));
    let Some(parcel) = parcel else {
        return Err(no_parcel(pool, number).await);
    };
    let Some(tracking_number) = parcel.tracking_number.clone() else {
        return Err(t!("console-labels-no-tracking", number = number));
    };
    let (data, _) = labels::label_data(pool, &ctx.config.shipping.sender, &tracking_number)
        .await
        .map_err(|e| failed(&e))?;
    let piece = if zpl {
        Piece::Zpl(orderdeck_print::zpl(&data).map_err(|e| failed(&e))?)
    } else {
        Piece::Pdf(orderdeck_print::pdf(&data).map_err(|e| failed(&e))?)
    };
    Ok(Made {
        piece,
        tracking: tracking_number,
    })
}

/// Why an order has no live parcel, in words: unknown, cancelled, or not shipped yet.
async fn no_parcel(pool: &PgPool, number: &str) -> String {
    match orderdeck_store::orders::find_by_number(pool, number).await {
        Ok(None) => t!("console-pick-skip-unknown", number = number),
        Ok(Some(o)) if o.status == OrderStatus::Cancelled => {
            t!("console-labels-cancelled", number = number)
        }
        _ => t!("console-labels-not-shipped", number = number),
    }
}

/// A pick list PDF for these orders: what they have reserved, summed by warehouse, bin
/// and SKU, printed once.
pub async fn pick_list(pool: &PgPool, ctx: &Services, numbers: &[String]) -> Result<Done, String> {
    if numbers.is_empty() {
        return Err(t!("console-mark-first"));
    }
    let (orders, list) = orderdeck_store::pick::pick_list(pool, numbers)
        .await
        .map_err(|e| e.to_string())?;
    let lines: Vec<(String, bool)> = orders
        .iter()
        .map(|o| {
            let number = o.number.as_str();
            match o.skip() {
                None if o.reserved < o.ordered => (
                    t!(
                        "console-pick-line-partly",
                        number = number,
                        units = o.reserved,
                        ordered = o.ordered
                    ),
                    true,
                ),
                None => (
                    t!("console-pick-line-ok", number = number, units = o.reserved),
                    true,
                ),
                Some(Skip::NotFound) => (t!("console-pick-skip-unknown", number = number), false),
                Some(Skip::Packed) => (t!("console-pick-skip-packed", number = number), false),
                Some(Skip::Shipped) => (t!("console-pick-skip-shipped", number = number), false),
                Some(Skip::Cancelled) => {
                    (t!("console-pick-skip-cancelled", number = number), false)
                }
                Some(Skip::NotReserved) => {
                    (t!("console-pick-skip-not-reserved", number = number), false)
                }
                Some(Skip::AwaitingStock) => (
                    t!("console-pick-skip-awaiting-stock", number = number),
                    false,
                ),
            }
        })
        .collect();
    if list.rows.is_empty() {
        return Ok(Done::BulkDone {
            said: t!("console-pick-none", total = orders.len()),
            lines,
        });
    }
    let units = list.units();
    let pdf = pick_pdf(ctx, &list)?;
    let path = write(ctx, &format!("pick-{}.pdf", stamp(ctx)), &pdf)?;
    let command = print_command(ctx);
    let said = match crate::ship::print(command, &path).await {
        Ok(()) => t!(
            "console-pick-sent",
            orders = list.orders.len(),
            units = units,
            command = command,
            path = path.display().to_string()
        ),
        Err(e) => t!(
            "console-pick-print-failed",
            orders = list.orders.len(),
            path = path.display().to_string(),
            error = &e
        ),
    };
    Ok(Done::BulkDone { said, lines })
}

/// The pick list's PDF, its fixed words in the operator's language.
fn pick_pdf(ctx: &Services, list: &PickList) -> Result<Vec<u8>, String> {
    let now = chrono::Utc::now();
    let page = |i: usize, n: usize| t!("console-pick-page", page = i, pages = n);
    let words = orderdeck_print::PickWords {
        title: t!("console-pick-title"),
        made: t!(
            "console-pick-made",
            at = orderdeck_i18n::format::minute_time(now, crate::fulfil::offset(ctx))
        ),
        orders: t!(
            "console-pick-orders",
            count = list.orders.len(),
            numbers = list.orders.join(", ")
        ),
        warehouse: t!("console-pick-col-warehouse"),
        bin: t!("console-pick-col-bin"),
        sku: t!("console-pick-col-sku"),
        item: t!("console-pick-col-item"),
        qty: t!("console-pick-col-qty"),
        picked: t!("console-pick-col-picked"),
        total: t!(
            "console-pick-total",
            units = list.units(),
            rows = list.rows.len()
        ),
        page: &page,
    };
    orderdeck_print::pick_list_pdf(list, &words).map_err(|e| e.to_string())
}

fn print_command(ctx: &Services) -> &str {
    ctx.config.shipping.print_command.as_deref().unwrap_or("lp")
}

/// Now in the seller's time, for file names that sort by when they were made.
fn stamp(ctx: &Services) -> String {
    chrono::Utc::now()
        .with_timezone(&crate::fulfil::offset(ctx))
        .format("%Y%m%d-%H%M%S")
        .to_string()
}

/// Writes `bytes` as `name` in the labels folder; a name already taken (two batches in
/// one second) gets a suffix, so no printed file is overwritten.
fn write(ctx: &Services, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let dir = &ctx.labels_dir;
    std::fs::create_dir_all(dir).map_err(|e| {
        t!(
            "console-cannot-write",
            path = dir.display().to_string(),
            error = e.to_string()
        )
    })?;
    let path = free_name(dir, name);
    std::fs::write(&path, bytes).map_err(|e| {
        t!(
            "console-cannot-write",
            path = path.display().to_string(),
            error = e.to_string()
        )
    })?;
    Ok(path)
}

fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..1000)
        .map(|k| dir.join(format!("{stem}-{k}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
