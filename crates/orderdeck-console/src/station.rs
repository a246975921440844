//! The pack station's last step. Once the last item is scanned, the way the order ships
//! is filled in — by the seller's `[[shipping.rules]]` for our carriers, or its platform's
//! usual handover for a marketplace order — and said with the carrier's fee before the
//! packer presses Enter. Enter ships it, prints its label (or writes it to the labels
//! folder, the path said) and claims the next order: the packer's loop is `p`, the scans
//! and Enter.

use orderdeck_app::fulfil;
use orderdeck_i18n::t;
use orderdeck_tui::jobs::Progress;
use orderdeck_tui::outcome::Done;
use orderdeck_tui::ship::{ChoiceText, ShipJob, StationWay};
use sqlx::PgPool;

use crate::services::Services;
use crate::ship::{Quoted, money};

/// The ship step for a packed order: the way, and what it costs, in one sentence.
pub async fn prepare(
    pool: &PgPool,
    ctx: &Services,
    number: &str,
    chosen: Option<ChoiceText>,
) -> Result<Done, String> {
    let platform = fulfil::platform_of(pool, number)
        .await
        .map_err(|e| e.to_string())?;
    if platform.is_some() {
        let Done::PlatformDraft {
            number,
            choices,
            selected,
            ..
        } = crate::fulfil::prepare(pool, ctx, number).await?
        else {
            return Err(t!("console-station-no-way", number = number));
        };
        let (handover, label) = choices
            .into_iter()
            .nth(selected)
            .ok_or_else(|| t!("console-station-no-way", number = &number))?;
        return Ok(Done::StationReady {
            said: t!("console-station-platform", number = &number, way = &label),
            number,
            way: StationWay::Platform(handover),
        });
    }
    let quiet = |_: Progress| {};
    let (number, defaults) = match chosen {
        Some(choice) => (number.to_string(), choice),
        None => {
            let draft = crate::ship::run(
                pool,
                Some(ctx),
                ShipJob::Prepare {
                    number: number.to_string(),
                },
                "",
                &quiet,
            )
            .await?;
            let Done::ShipDraft {
                number, defaults, ..
            } = draft
            else {
                return Err(t!("console-station-no-way", number = number));
            };
            (number, defaults)
        }
    };
    let Quoted {
        choice: c,
        fee,
        at_door,
        ..
    } = match crate::ship::quote(pool, ctx, &number, &defaults).await? {
        Ok(q) => q,
        // The carrier cannot place the address: the wards to pick from, which the
        // station opens over the ship form.
        Err(place) => return Ok(place),
    };
    Ok(Done::StationReady {
        said: t!(
            "console-station-own",
            number = &number,
            carrier = c.carrier.label(),
            service = c.service.code(),
            kg = defaults
                .weight_kg
                .parse::<rust_decimal::Decimal>()
                .map(|kg| orderdeck_i18n::format::decimal_in(orderdeck_i18n::current(), kg))
                .unwrap_or_else(|_| defaults.weight_kg.clone()),
            fee = money(fee),
            at_door = money(at_door)
        ),
        number,
        way: StationWay::Own(defaults),
    })
}

/// Enter at the station: ships the order the way shown, prints its label, claims the
/// next order. A refusal ships nothing and leaves the order packed for another try.
pub async fn ship(
    pool: &PgPool,
    ctx: &Services,
    number: String,
    way: StationWay,
    actor: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    let said = match way {
        StationWay::Own(choice) => {
            let shipped = crate::ship::run(
                pool,
                Some(ctx),
                ShipJob::Ship { number, choice },
                actor,
                progress,
            )
            .await?;
            let (said, tracking) = match shipped {
                Done::Made { said, made } => (said, made.key),
                Done::Said(said) => return Ok(Done::Said(said)),
                _ => return Err(t!("console-station-no-way", number = "")),
            };
            // The parcel exists now: a label that cannot print is said, not a failure.
            let label = match crate::ship::run(
                pool,
                Some(ctx),
                ShipJob::Label { tracking },
                actor,
                progress,
            )
            .await
            {
                Ok(Done::Said(s)) => s,
                Ok(_) => String::new(),
                Err(e) => e,
            };
            format!("{said}; {label}")
        }
        StationWay::Platform(handover) => {
            match crate::fulfil::arrange(pool, ctx, &number, &handover, actor).await? {
                Done::Said(s) => s,
                _ => String::new(),
            }
        }
    };
    match crate::jobs::claim_next(pool, actor, Some(ctx)).await? {
        Done::Pack {
            job, said: then, ..
        } => Ok(Done::Pack {
            job,
            said: format!("{said}; {then}"),
            packed: false,
        }),
        other => Ok(other),
    }
}

/// `S` on marked orders: each shipped as the pack station would (marketplace orders
/// arranged with their platform, a shop's together; ours by the seller's rules), then every
/// label in one file. The rules stand for the carrier and service: they are the seller's
/// choice already, and an order they cannot place is left for its own ship form.
pub async fn ship_many(
    pool: &PgPool,
    ctx: &Services,
    numbers: &[String],
    actor: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    if numbers.is_empty() {
        return Err(t!("console-mark-first"));
    }
    let total = numbers.len();
    let label = t!("console-shipping-many");
    let mut lines: Vec<(String, bool)> = Vec::new();
    let mut shipped: Vec<String> = Vec::new();
    let mut shops: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let mut own: Vec<String> = Vec::new();
    for number in numbers {
        match fulfil::platform_of(pool, number).await {
            Ok(Some(kind)) => shops.entry(kind.code()).or_default().push(number.clone()),
            Ok(None) => own.push(number.clone()),
            Err(e) => lines.push((format!("{number}: {e}"), false)),
        }
    }
    for group in shops.into_values() {
        match crate::fulfil::arrange_many(pool, ctx, &group, actor, progress).await {
            Ok(Done::BulkDone { lines: done, .. }) => {
                for (line, ok) in done {
                    if ok && let Some(n) = group.iter().find(|n| line.contains(n.as_str())) {
                        shipped.push(n.clone());
                    }
                    lines.push((line, ok));
                }
            }
            Ok(_) => {}
            Err(e) => lines.extend(group.iter().map(|n| (format!("{n}: {e}"), false))),
        }
    }
    let quiet = |_: Progress| {};
    for (i, number) in own.iter().enumerate() {
        progress(Progress::Bulk {
            label: label.clone(),
            done: i,
            total: own.len(),
        });
        let line = match Box::pin(prepare(pool, ctx, number, None)).await {
            Ok(Done::StationReady {
                way: StationWay::Own(choice),
                ..
            }) => {
                let job = ShipJob::Ship {
                    number: number.clone(),
                    choice,
                };
                match Box::pin(crate::ship::run(pool, Some(ctx), job, actor, &quiet)).await {
                    Ok(Done::Made { made, .. }) => {
                        shipped.push(number.clone());
                        (
                            t!(
                                "console-shipped-line",
                                number = number,
                                tracking = &made.key
                            ),
                            true,
                        )
                    }
                    Ok(_) => (t!("console-station-no-way", number = number), false),
                    Err(e) => (format!("{number}: {e}"), false),
                }
            }
            Ok(Done::ShipPlace { said, .. }) => (format!("{number}: {said}"), false),
            Ok(_) => (t!("console-station-no-way", number = number), false),
            Err(e) => (format!("{number}: {e}"), false),
        };
        lines.push(line);
    }
    let ok = lines.iter().filter(|(_, ok)| *ok).count();
    let mut said = t!("console-shipped-many", shipped = ok, total = total);
    if !shipped.is_empty() {
        // Every label of what went, in one file: the platform's airway bills and ours.
        if let Ok(Done::BulkDone { said: printed, .. }) =
            Box::pin(crate::many::labels(pool, ctx, &shipped, progress)).await
        {
            said.push_str("; ");
            said.push_str(&printed);
        }
    }
    Ok(Done::BulkDone { said, lines })
}
