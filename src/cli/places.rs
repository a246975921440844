//! `orderdeck places …`: a carrier's list of places (GHN's master data) — fetch it, see
//! how old and how big it is, and resolve an address the way a shipment would.

use anyhow::{Context, Result, bail};
use orderdeck_app::carrier_places::{self, Places};
use orderdeck_domain::places::{Located, Unresolved, Written};
use orderdeck_domain::text::visible;
use orderdeck_i18n::t;
use orderdeck_integrations::carrier::CarrierKind;

use crate::cli::PlacesAction;
use crate::cli::setup::Setup;
use crate::cli::shipping::carriers;

fn carrier_kind(name: &str) -> Result<CarrierKind> {
    CarrierKind::parse(name).with_context(|| t!("cli-places-carrier-flag", given = name))
}

pub async fn run(setup: &Setup, action: PlacesAction) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    match action {
        PlacesAction::Refresh { carrier } => {
            let kind = carrier_kind(&carrier)?;
            let carriers = carriers(&setup.config)?;
            let started = std::time::Instant::now();
            let list = carrier_places::refresh(pool, &carriers, kind).await?;
            say!(
                "{}",
                t!(
                    "cli-places-fetched",
                    carrier = kind.label(),
                    provinces = list.provinces,
                    districts = list.districts,
                    wards = list.wards,
                    seconds = crate::cli::fixed(started.elapsed().as_secs_f64(), 1)
                )
            );
        }
        PlacesAction::Status { carrier, json } => {
            let kind = carrier_kind(&carrier)?;
            let info = carrier_places::info(pool, kind).await?;
            match (info, json) {
                (None, true) => say!("null"),
                (None, false) => say!("{}", t!("cli-places-never-fetched", carrier = kind.label())),
                (Some(i), true) => say!(
                    "{}",
                    serde_json::json!({
                        "carrier": kind.code(),
                        "refreshed_at": i.refreshed_at,
                        "provinces": i.provinces,
                        "districts": i.districts,
                        "wards": i.wards,
                    })
                ),
                (Some(i), false) => {
                    let offset = setup.offset().map_err(anyhow::Error::msg)?;
                    let stale = chrono::Utc::now() - i.refreshed_at > carrier_places::stale_after();
                    let status = t!(
                        "cli-places-status",
                        carrier = kind.label(),
                        provinces = i.provinces,
                        districts = i.districts,
                        wards = i.wards,
                        fetched = orderdeck_i18n::format::minute_time(i.refreshed_at, offset)
                    );
                    if stale {
                        say!("{status} ({})", t!("cli-places-stale"));
                    } else {
                        say!("{status}");
                    }
                }
            }
        }
        PlacesAction::Find {
            address,
            carrier,
            json,
        } => {
            let kind = carrier_kind(&carrier)?;
            let carriers = carriers(&setup.config)?;
            let index = Places::new().index(pool, &carriers, kind).await?;
            let parts: Vec<&str> = address
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let written = match parts.as_slice() {
                [] => bail!("{}", t!("cli-places-give-address")),
                [province] => Written {
                    province,
                    ..Written::default()
                },
                [ward, province] => Written {
                    ward,
                    province,
                    ..Written::default()
                },
                [.., ward, district, province] => Written {
                    ward,
                    district,
                    province,
                    ..Written::default()
                },
            };
            let result = index.resolve(&written);
            if json {
                say!("{}", serde_json::to_string_pretty(&result)?);
                return Ok(());
            }
            match result {
                Ok(l) => say!("{}", line(&l)),
                Err(problem) => {
                    print_candidates(&problem);
                    bail!("{}: {problem}", kind.label());
                }
            }
        }
    }
    Ok(())
}

/// "27139  Phường 1, Quận 3, Hồ Chí Minh": the id to pass as `--ward`, then the place.
pub fn line(l: &Located) -> String {
    format!("{:<8} {}", visible(&l.ward_id), visible(&l.label()))
}

/// The candidates of an unresolved address, one per line on stderr.
pub fn print_candidates(problem: &Unresolved) {
    if problem.candidates.is_empty() {
        return;
    }
    warn_user!("{}", t!("cli-places-candidates"));
    for c in problem.candidates.iter().take(40) {
        warn_user!("  {}", line(c));
    }
    if problem.candidates.len() > 40 {
        warn_user!(
            "  {}",
            t!("cli-and-more", count = problem.candidates.len() - 40)
        );
    }
}
