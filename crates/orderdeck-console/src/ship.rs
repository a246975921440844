use crate::services::Services;
use orderdeck_app::{fulfil, shipping, tracking};
use orderdeck_domain::ship_rules::ShipFacts;
use orderdeck_i18n::t;
use orderdeck_integrations::carrier::{
    CarrierKind, ParcelAction, Payer, RequiredNote, Service, receiver_pays,
};
use orderdeck_tui::app_forms::ChoiceText;
use orderdeck_tui::jobs::Progress;
use orderdeck_tui::lists::ListKind;
use orderdeck_tui::outcome::{Done, Made};
use orderdeck_tui::ship::{ShipJob, read_choice};
use rust_decimal::Decimal;
use sqlx::PgPool;

/// Money as the person reads it, in their language.
pub(crate) fn money(d: Decimal) -> String {
    orderdeck_i18n::format::money(d)
}

/// Runs a shipping job; `Err` is a message for the person.
pub async fn run(
    pool: &PgPool,
    ctx: Option<&Services>,
    job: ShipJob,
    actor: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Done, String> {
    let Some(ctx) = ctx else {
        return Err(t!("console-shipping-not-set-up"));
    };
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let sender = &ctx.config.shipping.sender;
    match job {
        // A marketplace order goes its platform's way; ours go to our carriers.
        ShipJob::Prepare { number }
            if fulfil::platform_of(pool, &number)
                .await
                .map_err(|e| text(&e))?
                .is_some() =>
        {
            crate::fulfil::prepare(pool, ctx, &number).await
        }
        ShipJob::Arrange { number, handover } => {
            crate::fulfil::arrange(pool, ctx, &number, &handover, actor).await
        }
        // The station's step runs the ship form's own jobs: boxed, as they come back here.
        ShipJob::StationPrepare { number, choice } => {
            Box::pin(crate::station::prepare(pool, ctx, &number, choice)).await
        }
        ShipJob::Station { number, way } => {
            Box::pin(crate::station::ship(
                pool, ctx, number, way, actor, progress,
            ))
            .await
        }
        ShipJob::LabelMany { numbers } => crate::many::labels(pool, ctx, &numbers, progress).await,
        ShipJob::PickList { numbers } => crate::many::pick_list(pool, ctx, &numbers).await,
        ShipJob::ShipMany { numbers } => {
            Box::pin(crate::station::ship_many(
                pool, ctx, &numbers, actor, progress,
            ))
            .await
        }
        ShipJob::Label { tracking }
            if fulfil::parcel(pool, &tracking)
                .await
                .map_err(|e| text(&e))?
                .is_some() =>
        {
            crate::fulfil::print_document(pool, ctx, &tracking).await
        }
        ShipJob::Prepare { number } | ShipJob::PrepareOwn { number } => {
            let shipping::ToShip {
                number,
                goods,
                shipping_fee: fee,
                prepaid,
                units,
                channel,
                grams,
                province,
            } = shipping::prepare(pool, &number)
                .await
                .map_err(|e| text(&e))?;
            let cod = shipping::default_cod(goods, fee, Payer::Seller, prepaid).round();
            // Half a kilo a unit when the catalog has no weights: the carrier re-weighs.
            let grams = if grams > 0 { grams } else { units.max(1) * 500 };
            let facts = ShipFacts {
                channel: &channel,
                grams: u32::try_from(grams).unwrap_or(u32::MAX),
                cod,
                province: &province,
            };
            let rules = &ctx.config.shipping.rules;
            let rule = rules.iter().position(|r| r.matches(&facts));
            let configured = ctx.carriers.configured();
            // A rule naming a carrier this shop has not set up falls back to the first one.
            let ruled = rule
                .and_then(|i| rules.get(i))
                .and_then(|r| CarrierKind::parse(&r.carrier))
                .filter(|k| configured.contains(k));
            let carrier = ruled
                .or_else(|| configured.first().copied())
                .map(|k| k.code())
                .unwrap_or("ghn")
                .to_string();
            let service = rule
                .and_then(|i| rules.get(i))
                .filter(|_| ruled.is_some())
                .and_then(|r| r.service.as_deref())
                .and_then(Service::parse)
                .map_or("economy", |s| s.code())
                .to_string();
            let note = ctx
                .config
                .shipping
                .required_note
                .as_deref()
                .and_then(RequiredNote::parse)
                .unwrap_or(RequiredNote::MayLook);
            let weight = (Decimal::from(grams) / Decimal::from(1000)).round_dp(2);
            let defaults = ChoiceText {
                carrier,
                service,
                weight_kg: weight.normalize().to_string(),
                size: "20x15x10".into(),
                cod: cod.normalize().to_string(),
                payer: "seller".into(),
                note: note.code().into(),
                ward: String::new(),
            };
            let by_rule = match (rule, ruled) {
                (Some(i), Some(_)) => t!("console-ship-by-rule", rule = (i + 1).to_string()),
                _ => String::new(),
            };
            let hint = if prepaid {
                t!("console-ship-hint-prepaid")
            } else {
                t!(
                    "console-ship-hint-cod",
                    goods = money(goods),
                    with_fee = money(goods + fee)
                )
            } + &by_rule;
            Ok(Done::ShipDraft {
                number,
                defaults,
                hint,
            })
        }
        ShipJob::Quote { number, choice } => {
            let Quoted {
                parcel,
                choice: c,
                fee,
                at_door,
            } = match quote(pool, ctx, &number, &choice).await? {
                Ok(q) => q,
                // Not one place: the person picks the ward, nothing was sent.
                Err(place) => return Ok(place),
            };
            let question = match parcel.request.receiver_place.as_ref() {
                Some(place) => t!(
                    "console-ship-question-to",
                    number = &parcel.order_number,
                    place = place.label(),
                    carrier = c.carrier.label(),
                    service = c.service.code(),
                    fee = money(fee),
                    at_door = money(at_door),
                    key = "{yes}"
                ),
                None => t!(
                    "console-ship-question",
                    number = &parcel.order_number,
                    carrier = c.carrier.label(),
                    service = c.service.code(),
                    fee = money(fee),
                    at_door = money(at_door),
                    key = "{yes}"
                ),
            };
            Ok(Done::ShipQuoted {
                question,
                number,
                choice,
            })
        }
        ShipJob::Ship { number, choice } => {
            let c = read_choice(&choice).map_err(|_| t!("console-ship-check-form"))?;
            let parcel = shipping::parcel(pool, &ctx.carriers, &ctx.places, &number, sender, &c)
                .await
                .map_err(|e| text(&e))?;
            let s = shipping::ship(pool, &ctx.carriers, &parcel, actor)
                .await
                .map_err(said_here)?;
            let mut said = t!(
                "console-ship-shipped",
                number = &s.order_number,
                carrier = c.carrier.label(),
                tracking = &s.tracking_number,
                fee = money(s.fee),
                cod = money(s.cod_amount)
            );
            // A marketplace order the seller ships: its platform is told the number.
            if let Ok(Some(_)) = fulfil::platform_of(pool, &s.order_number).await {
                said.push_str("; ");
                said.push_str(
                    &crate::fulfil::report(
                        pool,
                        ctx,
                        &s.order_number,
                        c.carrier.label(),
                        &s.tracking_number,
                        actor,
                    )
                    .await,
                );
            }
            Ok(Done::Made {
                said,
                made: Made {
                    list: ListKind::Shipments,
                    key: s.tracking_number,
                    open: false,
                },
            })
        }
        ShipJob::Act { tracking, action } => {
            tracking::act(pool, &ctx.carriers, &tracking, action, actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(match action {
                ParcelAction::Cancel => t!("console-parcel-cancel-asked", tracking = &tracking),
                ParcelAction::Redeliver => {
                    t!("console-parcel-redeliver-asked", tracking = &tracking)
                }
                ParcelAction::ReturnToSender => {
                    t!("console-parcel-return-asked", tracking = &tracking)
                }
            }))
        }
        ShipJob::Label { tracking } => {
            let (data, _) = orderdeck_app::labels::label_data(pool, sender, &tracking)
                .await
                .map_err(|e| text(&e))?;
            let pdf = orderdeck_print::pdf(&data).map_err(|e| text(&e))?;
            std::fs::create_dir_all(&ctx.labels_dir).map_err(|e| text(&e))?;
            let path = ctx
                .labels_dir
                .join(format!("label-{}.pdf", data.tracking_number));
            std::fs::write(&path, pdf).map_err(|e| {
                t!(
                    "console-cannot-write",
                    path = path.display().to_string(),
                    error = e.to_string()
                )
            })?;
            let command = ctx.config.shipping.print_command.as_deref().unwrap_or("lp");
            let printed = print(command, &path).await;
            Ok(Done::Said(match printed {
                Ok(()) => t!(
                    "console-label-sent",
                    tracking = &data.tracking_number,
                    command = command,
                    path = path.display().to_string()
                ),
                Err(e) => t!(
                    "console-label-print-failed",
                    path = path.display().to_string(),
                    error = &e
                ),
            }))
        }
        ShipJob::Note {
            tracking,
            text: note,
        } => {
            tracking::note(pool, &tracking, &note, actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(t!("console-note-added", tracking = &tracking)))
        }
        ShipJob::CodReceived { tracking } => {
            let s = tracking::show(pool, &tracking)
                .await
                .map_err(|e| text(&e))?
                .ok_or_else(|| t!("console-shipment-not-found", tracking = &tracking))?;
            tracking::cod_received(pool, &tracking, s.cod_amount, chrono::Utc::now(), actor)
                .await
                .map_err(|e| text(&e))?;
            Ok(Done::Said(t!(
                "console-cod-received",
                amount = money(s.cod_amount),
                tracking = &tracking
            )))
        }
    }
}

/// A choice's parcel and the carrier's fee for it, with what the buyer hands over at the
/// door; or, when the carrier cannot place the address, the ship form's answer with the
/// wards to pick from (`Err`), nothing sent. The ship form's question and the pack
/// station's ship step both start here.
pub(crate) struct Quoted {
    pub parcel: shipping::Parcel,
    pub choice: orderdeck_integrations::carrier::ShipChoice,
    pub fee: Decimal,
    pub at_door: Decimal,
}

pub(crate) async fn quote(
    pool: &PgPool,
    ctx: &Services,
    number: &str,
    choice: &ChoiceText,
) -> Result<Result<Quoted, Done>, String> {
    let c = read_choice(choice).map_err(|e| {
        e.into_iter()
            .map(|(k, m)| format!("{k}: {m}"))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let sender = &ctx.config.shipping.sender;
    let parcel = match shipping::parcel(pool, &ctx.carriers, &ctx.places, number, sender, &c).await
    {
        Ok(p) => p,
        Err(shipping::ShipError::Place {
            carrier,
            problem,
            written,
        }) => {
            return Ok(Err(Done::ShipPlace {
                number: number.to_string(),
                said: t!(
                    "console-ship-place",
                    carrier = carrier.to_string(),
                    problem = problem.to_string(),
                    written = &written
                ),
                candidates: problem
                    .candidates
                    .iter()
                    .map(|l| (l.ward_id.clone(), l.label()))
                    .collect(),
                choice: choice.clone(),
            }));
        }
        Err(e) => return Err(e.to_string()),
    };
    let fee = shipping::quote(&ctx.carriers, &parcel)
        .await
        .map_err(|e| e.to_string())?
        .fee;
    // What the buyer hands over at the door, said before anything is sent.
    let at_door = receiver_pays(parcel.request.cod_amount, c.payer, fee);
    Ok(Ok(Quoted {
        parcel,
        choice: c,
        fee,
        at_door,
    }))
}

/// Runs the print command without blocking the console; a missing printer is a message.
pub(crate) async fn print(command: &str, path: &std::path::Path) -> Result<(), String> {
    let mut words = command.split_whitespace();
    let program = words
        .next()
        .ok_or_else(|| t!("console-print-command-empty"))?;
    let out = tokio::process::Command::new(program)
        .args(words)
        .arg(path)
        .output()
        .await
        .map_err(|e| {
            t!(
                "console-cannot-run",
                command = command,
                error = e.to_string()
            )
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// A shipping error in the console's words: where the use case tells a CLI user to run
/// the same command again, a person here presses S again (the key that got them here).
fn said_here(e: shipping::ShipError) -> String {
    match e {
        shipping::ShipError::Unsure {
            carrier,
            code,
            cause,
        } => t!(
            "console-ship-unsure",
            carrier = carrier,
            cause = cause.to_string(),
            code = &code,
            key = "{ship}"
        ),
        shipping::ShipError::Held { code, cause } => t!(
            "console-ship-held",
            cause = cause.to_string(),
            code = &code,
            key = "{ship}"
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_integrations::carrier::CarrierError;

    #[test]
    fn an_unclear_shipment_says_press_s_again_not_run_a_command() {
        let said = said_here(shipping::ShipError::Unsure {
            carrier: "GHN",
            code: "OD-000001-1".into(),
            cause: CarrierError::Timeout { carrier: "GHN" },
        });
        assert!(
            said.contains("press {ship}") && said.contains("OD-000001-1"),
            "{said}"
        );
        assert!(!said.contains("command"), "{said}");
    }
}
