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
use orderdeck_i18n::format::{date, minute_time, money};
use orderdeck_i18n::t;
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
        Some(s) => {
            RequiredNote::parse(s).with_context(|| t!("cli-ship-required-note-bad", given = s))
        }
    }
}

fn parse_size(s: &str) -> Result<(u32, u32, u32)> {
    let parts: Vec<&str> = s.split(['x', 'X', '×', '*']).map(str::trim).collect();
    let [l, w, h] = parts.as_slice() else {
        bail!("{}", t!("cli-ship-size-flag", given = s));
    };
    let n = |x: &str| -> Result<u32> {
        x.parse::<u32>()
            .with_context(|| t!("cli-ship-size-not-whole", given = x))
    };
    Ok((n(l)?, n(w)?, n(h)?))
}

fn grams(kg: Decimal) -> Result<u32> {
    if kg <= Decimal::ZERO {
        bail!("{}", t!("cli-ship-weight-zero"));
    }
    let g = (kg * Decimal::from(1000)).round();
    u32::try_from(g.mantissa() / 10i128.pow(g.scale()))
        .ok()
        .filter(|g| *g <= 50_000)
        .with_context(|| t!("cli-ship-weight-max"))
}

pub async fn ship(setup: &Setup, args: ShipArgs, actor: &str) -> Result<()> {
    let config = &setup.config;
    let pool = &setup.target.open(2).await?;
    let first = args.orders.first().context("an order number")?;
    // A marketplace order goes its platform's way, unless a carrier of ours is named.
    if args.carrier.is_none()
        && let Some(kind) = orderdeck_app::fulfil::platform_of(pool, first).await?
    {
        return crate::cli::fulfil::ship(setup, pool, kind, &args, actor).await;
    }
    if args.orders.len() > 1 {
        bail!("{}", t!("cli-ship-one-at-a-time"));
    }
    let given = args.carrier.clone().unwrap_or_default();
    let carrier =
        CarrierKind::parse(&given).with_context(|| t!("cli-ship-carrier-flag", given = &given))?;
    let service = Service::parse(&args.service)
        .with_context(|| t!("cli-ship-service-flag", given = &args.service))?;
    let payer = Payer::parse(&args.payer)
        .with_context(|| t!("cli-ship-payer-flag", given = &args.payer))?;
    let required_note = match &args.note_code {
        Some(s) => {
            RequiredNote::parse(s).with_context(|| t!("cli-ship-note-code-flag", given = s))?
        }
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
        first,
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
                bail!("{e}: {}", t!("cli-ship-fix-address"));
            }
            bail!("{e}: {}", t!("cli-ship-pick-ward"));
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
            let service = format!("{} {}", carrier.label(), service.code());
            let quoted = match parcel.request.receiver_place.as_ref() {
                Some(p) => t!(
                    "cli-ship-quote-to",
                    service = service,
                    place = orderdeck_domain::text::visible(&p.label()),
                    fee = money(quote.fee),
                    at_door = money(at_door)
                ),
                None => t!(
                    "cli-ship-quote",
                    service = service,
                    fee = money(quote.fee),
                    at_door = money(at_door)
                ),
            };
            say!("{quoted}");
        }
        return Ok(());
    }
    let shipped = shipping::ship(pool, &carriers, &parcel, actor).await?;
    // A marketplace order the seller ships with our carrier: its platform is told.
    if let Some(kind) = orderdeck_app::fulfil::platform_of(pool, first).await? {
        let shop = crate::cli::fulfil::open_shop(setup, pool, kind).await?;
        match orderdeck_app::fulfil::report_own_shipment(
            pool,
            &shop.client,
            first,
            carrier.label(),
            &shipped.tracking_number,
            actor,
        )
        .await
        {
            Ok(()) => warn_user!(
                "{}",
                t!("console-tracking-reported", platform = kind.label())
            ),
            Err(e) => warn_user!(
                "{}",
                t!(
                    "console-tracking-not-reported",
                    platform = kind.label(),
                    error = e.to_string()
                )
            ),
        }
    }
    if args.json {
        say!("{}", serde_json::to_string_pretty(&shipped)?);
    } else {
        say!("{}", shipped.tracking_number);
        let said = t!(
            "cli-ship-shipped",
            order = &shipped.order_number,
            carrier = carrier.label(),
            service = service.code(),
            fee = money(shipped.fee),
            cod = money(shipped.cod_amount)
        );
        if shipped.recovered {
            warn_user!("{said} — {}", t!("cli-ship-recovered"));
        } else {
            warn_user!("{said}");
        }
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
                .with_context(|| t!("cli-no-shipment", tracking = &tracking))?;
            if json {
                say!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(());
            }
            // Carriers' texts and codes are outside text: shown, never sent.
            say!(
                "{} {} {} — {} ({})",
                match s.tracking_number.as_deref() {
                    Some(n) => shown(n).into_owned(),
                    None => t!("cli-shipment-no-tracking-yet"),
                },
                s.carrier,
                s.service,
                orderdeck_integrations::carrier::shipment_status_word(&s.status),
                shown(&s.carrier_status)
            );
            say!(
                "{}",
                t!(
                    "cli-shipment-parcel",
                    order = shown(&s.order_number),
                    cod = money(s.cod_amount),
                    fee = money(s.fee),
                    grams = s.weight_grams,
                    length = s.length_cm,
                    width = s.width_cm,
                    height = s.height_cm,
                    note = &s.required_note
                )
            );
            if let (Some(a), Some(at)) = (s.cod_received_amount, s.cod_received_at) {
                say!(
                    "{}",
                    t!(
                        "cli-shipment-cod-received",
                        amount = money(a),
                        date = date(at.with_timezone(&offset).date_naive())
                    )
                );
            }
            if let Some(e) = &s.last_error {
                say!("{}", t!("cli-shipment-last-error", problem = shown(e)));
            }
            for e in &s.events {
                say!(
                    "  {}  {:<16} {:<24} {} {}",
                    minute_time(e.occurred_at, offset),
                    orderdeck_integrations::carrier::shipment_status_word(&e.status),
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
                say!("{}", t!("cli-shipments-none-need-attention"));
            }
            for s in list {
                say!(
                    "{:<16} {:<12} {:<11} {:<16} {}",
                    shown(s.tracking_number.as_deref().unwrap_or(&s.client_order_code)),
                    shown(&s.order_number),
                    s.carrier,
                    orderdeck_integrations::carrier::shipment_status_word(&s.status),
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
            say!(
                "{}",
                t!("cli-shipment-redeliver-asked", tracking = &tracking)
            );
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
            say!("{}", t!("cli-shipment-return-asked", tracking = &tracking));
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
            say!("{}", t!("cli-shipment-cancel-asked", tracking = &tracking));
        }
        ShipmentsAction::Note { tracking, text } => {
            tracking::note(pool, &tracking, &text, actor).await?;
            say!("{}", t!("cli-shipment-noted"));
        }
        ShipmentsAction::Poll => {
            let r = poller::round(
                pool,
                &carriers(config)?,
                &PollerOptions::from_config(config, actor),
            )
            .await;
            say!(
                "{}",
                t!(
                    "cli-shipments-polled",
                    asked = r.asked,
                    new_events = r.new_events,
                    changed = r.changed,
                    failed = r.failed
                )
            );
        }
    }
    Ok(())
}

/// `orderdeck label KEY…`: one label as before; a marketplace parcel's airway bill
/// (`--format carrier`, or any parcel its platform arranged); several parcels as one PDF.
pub async fn labels(
    setup: &Setup,
    keys: &[String],
    format: &str,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let pool = &setup.target.open(2).await?;
    let mut platform = 0;
    for k in keys {
        if orderdeck_app::fulfil::parcel(pool, k).await?.is_some() {
            platform += 1;
        }
    }
    match (keys, platform) {
        ([one], 0) => return label(setup, pool, one, format, out).await,
        (_, n) if n == keys.len() => {}
        (_, 0) if format.eq_ignore_ascii_case("pdf") => {}
        _ => bail!("{}", t!("cli-label-mixed")),
    }
    let bytes = if platform > 0 {
        crate::cli::fulfil::documents(setup, pool, keys).await?
    } else {
        let mut files = Vec::with_capacity(keys.len());
        for k in keys {
            let (data, _) =
                orderdeck_app::labels::label_data(pool, &setup.config.shipping.sender, k).await?;
            files.push(orderdeck_print::pdf(&data)?);
        }
        orderdeck_print::merge_pdfs(&files)?
    };
    let name = if keys.len() == 1 {
        keys[0].clone()
    } else {
        format!("{}-{}", keys[0], keys.len())
    };
    match out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| t!("cli-cannot-write", path = path.display().to_string()))?;
            say!(
                "{}",
                t!(
                    "cli-label-written",
                    tracking = &name,
                    kind = t!("cli-label-kind-pdf"),
                    path = path.display().to_string()
                )
            );
        }
        None => {
            let path = std::env::temp_dir().join(format!(
                "orderdeck-label-{}.pdf",
                orderdeck_domain::text::file_safe(&name)
            ));
            std::fs::write(&path, &bytes)
                .with_context(|| t!("cli-cannot-write", path = path.display().to_string()))?;
            print_file(&setup.config, &path)?;
            say!("{}", t!("cli-label-printed", tracking = &name));
        }
    }
    Ok(())
}

async fn label(
    setup: &Setup,
    pool: &sqlx::PgPool,
    key: &str,
    format: &str,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let config = &setup.config;
    let (data, s) = orderdeck_app::labels::label_data(pool, &config.shipping.sender, key).await?;
    let (bytes, ext) = match format.to_ascii_lowercase().as_str() {
        "pdf" => (orderdeck_print::pdf(&data)?, "pdf"),
        "zpl" => (orderdeck_print::zpl(&data)?.into_bytes(), "zpl"),
        "carrier" => {
            let kind =
                CarrierKind::parse(&s.carrier).with_context(|| t!("cli-label-unknown-carrier"))?;
            let label = carriers(config)?
                .get(kind)?
                .label(&data.tracking_number)
                .await?;
            let ext = label.kind();
            (label.bytes, ext)
        }
        other => bail!("{}", t!("cli-label-format-flag", given = other)),
    };
    let what = match ext {
        "html" => t!("cli-label-kind-html"),
        "pdf" => t!("cli-label-kind-pdf"),
        "zpl" => t!("cli-label-kind-zpl"),
        _ => t!("cli-label-kind-unknown"),
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
                    "{}",
                    t!(
                        "cli-label-wrong-extension",
                        tracking = &data.tracking_number,
                        kind = &what,
                        given = given,
                        path = path.with_extension(ext).display().to_string()
                    )
                );
            }
            std::fs::write(path, &bytes)
                .with_context(|| t!("cli-cannot-write", path = path.display().to_string()))?;
            say!(
                "{}",
                t!(
                    "cli-label-written",
                    tracking = &data.tracking_number,
                    kind = &what,
                    path = path.display().to_string()
                )
            );
        }
        None => {
            let path = std::env::temp_dir().join(format!(
                "orderdeck-label-{}.{ext}",
                orderdeck_domain::text::file_safe(&data.tracking_number)
            ));
            std::fs::write(&path, &bytes)
                .with_context(|| t!("cli-cannot-write", path = path.display().to_string()))?;
            if ext == "html" {
                // A print command takes PDF or ZPL; an HTML page prints from a browser.
                say!(
                    "{}",
                    t!(
                        "cli-label-open-in-browser",
                        tracking = &data.tracking_number,
                        kind = &what,
                        path = path.display().to_string()
                    )
                );
            } else {
                print_file(config, &path)?;
                say!(
                    "{}",
                    t!("cli-label-printed", tracking = &data.tracking_number)
                );
            }
        }
    }
    Ok(())
}

/// Sends a file to the configured print command (default `lp`).
pub fn print_file(config: &Config, path: &std::path::Path) -> Result<()> {
    let command = config.shipping.print_command.as_deref().unwrap_or("lp");
    let mut words = command.split_whitespace();
    let program = words
        .next()
        .with_context(|| t!("cli-print-command-empty"))?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .with_context(|| t!("cli-print-command-cannot-run", command = command))?;
    if !status.success() {
        bail!(
            "{}",
            t!(
                "cli-print-command-failed",
                command = command,
                status = status.to_string()
            )
        );
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
                "{}",
                t!(
                    "cli-cod-received",
                    amount = money(amount),
                    tracking = &tracking
                )
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
            say!("{}", t!("cli-cod-matched", count = report.applied.len()));
            let at_line = |line: &dyn std::fmt::Display, problem: String| {
                t!("cli-at-line", line = line.to_string(), problem = problem)
            };
            for (r, expected) in &report.mismatched {
                say!(
                    "{}",
                    at_line(
                        &r.line,
                        t!(
                            "cli-cod-mismatch",
                            tracking = &r.tracking_number,
                            paid = money(r.amount),
                            expected = money(*expected)
                        )
                    )
                );
            }
            for r in &report.unknown {
                say!(
                    "{}",
                    at_line(
                        &r.line,
                        t!("cli-cod-unknown", tracking = &r.tracking_number)
                    )
                );
            }
            for r in &report.already {
                say!(
                    "{}",
                    at_line(
                        &r.line,
                        t!("cli-cod-already", tracking = &r.tracking_number)
                    )
                );
            }
            for (line, why) in &report.bad {
                say!("{}", at_line(line, why.to_string()));
            }
        }
    }
    Ok(())
}

/// Reads a file a person named, refusing what is clearly not a remittance file.
fn read_limited(path: &std::path::Path) -> Result<String> {
    let shown_path = || path.display().to_string();
    let meta =
        std::fs::metadata(path).with_context(|| t!("cli-cannot-read", path = shown_path()))?;
    if meta.len() > 50 * 1024 * 1024 {
        bail!("{}", t!("cli-cod-file-too-large", path = shown_path()));
    }
    let bytes = std::fs::read(path).with_context(|| t!("cli-cannot-read", path = shown_path()))?;
    String::from_utf8(bytes).with_context(|| t!("cli-file-not-utf8", path = shown_path()))
}
