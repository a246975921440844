//! The shipping side of the command line: ship, shipments, labels, COD, the worker and
//! the carrier simulator.

use anyhow::{Context, Result, bail};
use rust_decimal::Decimal;

use crate::cli::commands::shown;
use crate::cli::setup::Setup;
use crate::cli::{CodAction, ShipArgs, ShipmentsAction};
use orderdeck_app::config::Config;
use orderdeck_app::workers::poller::{self, PollerOptions};
use orderdeck_app::{shipping, tracking};
use orderdeck_integrations::carrier::{
    Carrier, CarrierKind, ParcelAction, Payer, RequiredNote, Service,
};
use orderdeck_integrations::carriers::Carriers;

/// The carriers as configured.
pub fn carriers(config: &Config) -> Result<Carriers> {
    Ok(Carriers::new(&config.carriers)?)
}

/// The required note the config asks for, or "may look".
pub fn default_note(config: &Config) -> Result<RequiredNote> {
    match config.shipping.required_note.as_deref() {
        None => Ok(RequiredNote::MayLook),
        Some(s) => RequiredNote::parse(s).with_context(|| {
            format!("shipping.required_note = `{s}`: use may_try, may_look or may_not_look")
        }),
    }
}

fn parse_size(s: &str) -> Result<(u32, u32, u32)> {
    let parts: Vec<&str> = s.split(['x', 'X', '×', '*']).map(str::trim).collect();
    let [l, w, h] = parts.as_slice() else {
        bail!("--size must be LxWxH in cm, for example 30x20x10 (got `{s}`)");
    };
    let n = |x: &str| -> Result<u32> {
        x.parse::<u32>()
            .with_context(|| format!("--size: `{x}` is not a whole number of cm"))
    };
    Ok((n(l)?, n(w)?, n(h)?))
}

fn grams(kg: Decimal) -> Result<u32> {
    if kg <= Decimal::ZERO {
        bail!("--weight must be more than 0 kg");
    }
    let g = (kg * Decimal::from(1000)).round();
    u32::try_from(g.mantissa() / 10i128.pow(g.scale()))
        .ok()
        .filter(|g| *g <= 50_000)
        .context("--weight must be at most 50 kg")
}

pub async fn ship(setup: &Setup, args: ShipArgs, actor: &str) -> Result<()> {
    let config = &setup.config;
    let pool = &setup.target.open(2).await?;
    let carrier = CarrierKind::parse(&args.carrier)
        .with_context(|| format!("--carrier `{}`: use ghn or viettelpost", args.carrier))?;
    let service = Service::parse(&args.service)
        .with_context(|| format!("--service `{}`: use express or economy", args.service))?;
    let payer = Payer::parse(&args.payer)
        .with_context(|| format!("--payer `{}`: use seller or buyer", args.payer))?;
    let required_note = match &args.note_code {
        Some(s) => RequiredNote::parse(s)
            .with_context(|| format!("--note-code `{s}`: use may_try, may_look or may_not_look"))?,
        None => default_note(config)?,
    };
    let choice = shipping::ShipChoice {
        carrier,
        service,
        weight_grams: args.weight.map(grams).transpose()?,
        size_cm: args.size.as_deref().map(parse_size).transpose()?,
        cod: args.cod,
        payer,
        required_note,
        note: String::new(),
        ward: args.ward.clone(),
    };
    let carriers = carriers(config)?;
    let places = orderdeck_app::carrier_places::Places::new();
    let parcel = match shipping::parcel(
        pool,
        &carriers,
        &places,
        &args.order,
        &config.shipping.sender,
        &choice,
    )
    .await
    {
        Ok(p) => p,
        Err(e @ shipping::ShipError::Place { .. }) => {
            if let shipping::ShipError::Place { problem, .. } = &e {
                crate::cli::places::print_candidates(problem);
            }
            if matches!(&e, shipping::ShipError::Place { problem, .. } if problem.candidates.is_empty())
            {
                bail!("{e}: fix the order's address");
            }
            bail!("{e}: pick one with --ward ID");
        }
        Err(e) => return Err(e.into()),
    };
    let quote = shipping::quote(&carriers, &parcel).await?;
    if args.quote {
        if args.json {
            say!("{}", serde_json::to_string_pretty(&quote)?);
        } else {
            let at_door = orderdeck_integrations::carrier::receiver_pays(
                parcel.request.cod_amount,
                payer,
                quote.fee,
            );
            let to = parcel
                .request
                .receiver_place
                .as_ref()
                .map(|p| format!(" to {}", orderdeck_domain::text::visible(&p.label())))
                .unwrap_or_default();
            say!(
                "{} {}{to}: fee {}; the buyer hands over {}",
                carrier.label(),
                service.code(),
                orderdeck_domain::money::format_vnd(quote.fee),
                orderdeck_domain::money::format_vnd(at_door)
            );
        }
        return Ok(());
    }
    let shipped = shipping::ship(pool, &carriers, &parcel, actor).await?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&shipped)?);
    } else {
        say!("{}", shipped.tracking_number);
        warn_user!(
            "{} shipped with {} ({}), fee {}, COD {}{}",
            shipped.order_number,
            carrier.label(),
            service.code(),
            orderdeck_domain::money::format_vnd(shipped.fee),
            orderdeck_domain::money::format_vnd(shipped.cod_amount),
            if shipped.recovered {
                " — the carrier already had it from an earlier attempt"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// Times are shown at the config's offset (JSON keeps UTC).
pub async fn shipments(setup: &Setup, action: ShipmentsAction, actor: &str) -> Result<()> {
    let config = &setup.config;
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    let pool = &setup.target.open(4).await?;
    match action {
        ShipmentsAction::Show { tracking, json } => {
            let s = tracking::show(pool, &tracking)
                .await?
                .with_context(|| format!("no shipment {tracking}"))?;
            if json {
                say!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(());
            }
            // Carriers' texts and codes are outside text: shown, never sent.
            say!(
                "{} {} {} — {} ({})",
                shown(
                    s.tracking_number
                        .as_deref()
                        .unwrap_or("(no tracking number yet)")
                ),
                s.carrier,
                s.service,
                s.status,
                shown(&s.carrier_status)
            );
            say!(
                "order {}, COD {}, fee {}, {} g, {}×{}×{} cm, {}",
                shown(&s.order_number),
                orderdeck_domain::money::format_vnd(s.cod_amount),
                orderdeck_domain::money::format_vnd(s.fee),
                s.weight_grams,
                s.length_cm,
                s.width_cm,
                s.height_cm,
                s.required_note
            );
            if let (Some(a), Some(at)) = (s.cod_received_amount, s.cod_received_at) {
                say!(
                    "COD received: {} on {}",
                    orderdeck_domain::money::format_vnd(a),
                    at.with_timezone(&offset).format("%Y-%m-%d")
                );
            }
            if let Some(e) = &s.last_error {
                say!("last error: {}", shown(e));
            }
            for e in &s.events {
                say!(
                    "  {}  {:<16} {:<24} {} {}",
                    e.occurred_at
                        .with_timezone(&offset)
                        .format("%Y-%m-%d %H:%M"),
                    e.status,
                    shown(&e.carrier_status),
                    shown(&e.description),
                    shown(&e.location)
                );
            }
        }
        ShipmentsAction::Exceptions { json } => {
            let list = tracking::exceptions(pool, 500).await?;
            if json {
                say!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            if list.is_empty() {
                say!("no shipment needs attention");
            }
            for s in list {
                say!(
                    "{:<16} {:<12} {:<11} {:<16} {}",
                    shown(s.tracking_number.as_deref().unwrap_or(&s.client_order_code)),
                    shown(&s.order_number),
                    s.carrier,
                    s.status,
                    shown(&s.carrier_status)
                );
            }
        }
        ShipmentsAction::Redeliver { tracking } => {
            tracking::act(
                pool,
                &carriers(config)?,
                &tracking,
                ParcelAction::Redeliver,
                actor,
            )
            .await?;
            say!("asked the carrier to deliver {tracking} again");
        }
        ShipmentsAction::Return { tracking } => {
            tracking::act(
                pool,
                &carriers(config)?,
                &tracking,
                ParcelAction::ReturnToSender,
                actor,
            )
            .await?;
            say!("asked the carrier to return {tracking} to us");
        }
        ShipmentsAction::Cancel { tracking } => {
            tracking::act(
                pool,
                &carriers(config)?,
                &tracking,
                ParcelAction::Cancel,
                actor,
            )
            .await?;
            say!("asked the carrier to cancel {tracking}");
        }
        ShipmentsAction::Note { tracking, text } => {
            tracking::note(pool, &tracking, &text, actor).await?;
            say!("noted on the order's timeline");
        }
        ShipmentsAction::Poll => {
            let r = poller::round(
                pool,
                &carriers(config)?,
                &PollerOptions::from_config(config, actor),
            )
            .await;
            say!(
                "asked about {} parcel(s): {} new event(s), {} changed state, {} failed",
                r.asked,
                r.new_events,
                r.changed,
                r.failed
            );
        }
    }
    Ok(())
}

pub async fn label(
    setup: &Setup,
    key: &str,
    format: &str,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let config = &setup.config;
    let pool = &setup.target.open(2).await?;
    let (data, s) = orderdeck_app::labels::label_data(pool, &config.shipping.sender, key).await?;
    let (bytes, ext) = match format.to_ascii_lowercase().as_str() {
        "pdf" => (orderdeck_print::pdf(&data)?, "pdf"),
        "zpl" => (orderdeck_print::zpl(&data)?.into_bytes(), "zpl"),
        "carrier" => {
            let kind = CarrierKind::parse(&s.carrier).context("unknown carrier")?;
            let label = carriers(config)?
                .get(kind)?
                .label(&data.tracking_number)
                .await?;
            let ext = label.kind();
            (label.bytes, ext)
        }
        other => bail!("--format `{other}`: use pdf, zpl or carrier"),
    };
    let what = match ext {
        "html" => "an HTML print page",
        "pdf" => "a PDF",
        "zpl" => "ZPL for a label printer",
        _ => "a file of unknown kind",
    };
    match out {
        Some(path) => {
            // The file is named for what it is: a print page saved as .pdf opens as a
            // broken PDF.
            let given = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if let Some(given) = given.as_deref()
                && given != ext
                && !(ext == "html" && given == "htm")
            {
                bail!(
                    "the label of {} is {what}, not .{given}: write it as {} (or use --format pdf for orderdeck's own 100×150 mm label)",
                    data.tracking_number,
                    path.with_extension(ext).display()
                );
            }
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            say!(
                "label for {} ({what}) written to {}",
                data.tracking_number,
                path.display()
            );
        }
        None => {
            let path = std::env::temp_dir().join(format!(
                "orderdeck-label-{}.{ext}",
                orderdeck_domain::text::file_safe(&data.tracking_number)
            ));
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            if ext == "html" {
                // A print command takes PDF or ZPL; an HTML page prints from a browser.
                say!(
                    "the carrier's label for {} is {what}: open {} in a browser to print it",
                    data.tracking_number,
                    path.display()
                );
            } else {
                print_file(config, &path)?;
                say!("label for {} sent to the printer", data.tracking_number);
            }
        }
    }
    Ok(())
}

/// Sends a file to the configured print command (default `lp`).
pub fn print_file(config: &Config, path: &std::path::Path) -> Result<()> {
    let command = config.shipping.print_command.as_deref().unwrap_or("lp");
    let mut words = command.split_whitespace();
    let program = words.next().context("shipping.print_command is empty")?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .with_context(|| {
            format!("cannot run the print command `{command}` (set shipping.print_command, or use --out FILE)")
        })?;
    if !status.success() {
        bail!("the print command `{command}` failed ({status})");
    }
    Ok(())
}

pub async fn cod(setup: &Setup, action: CodAction, actor: &str) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    match action {
        CodAction::Received {
            tracking,
            amount,
            date,
        } => {
            let at = date
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|d| d.and_utc())
                .unwrap_or_else(chrono::Utc::now);
            tracking::cod_received(pool, &tracking, amount, at, actor).await?;
            say!(
                "COD {} for {tracking} recorded as received",
                orderdeck_domain::money::format_vnd(amount)
            );
        }
        CodAction::Import {
            file,
            decimal,
            json,
        } => {
            let mark = crate::cli::commands::decimal_mark(decimal.as_deref())?;
            let text = read_limited(&file)?;
            let report = tracking::cod_import_with(pool, &text, actor, mark).await?;
            if json {
                say!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(());
            }
            say!("{} matched and recorded", report.applied.len());
            for (r, expected) in &report.mismatched {
                say!(
                    "line {}: {} paid {}, we asked for {} — not applied",
                    r.line,
                    r.tracking_number,
                    orderdeck_domain::money::format_vnd(r.amount),
                    orderdeck_domain::money::format_vnd(*expected)
                );
            }
            for r in &report.unknown {
                say!(
                    "line {}: unknown tracking number {} — not applied",
                    r.line,
                    r.tracking_number
                );
            }
            for r in &report.already {
                say!(
                    "line {}: {} was already recorded — not applied again",
                    r.line,
                    r.tracking_number
                );
            }
            for (line, why) in &report.bad {
                say!("line {line}: {why}");
            }
        }
    }
    Ok(())
}

/// Reads a file a person named, refusing what is clearly not a remittance file.
fn read_limited(path: &std::path::Path) -> Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > 50 * 1024 * 1024 {
        bail!("{} is larger than 50 MB: not a COD file", path.display());
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))
}
