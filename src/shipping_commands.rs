//! The shipping side of the command line: ship, shipments, labels, COD, the worker and
//! the carrier simulator.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::cli::{CodAction, ShipArgs, ShipmentsAction};
use crate::config::Config;
use crate::integrations::carrier::{
    Carrier, CarrierKind, ParcelAction, Payer, RequiredNote, Service,
};
use crate::integrations::carriers::Carriers;
use crate::workers::poller::{self, PollerOptions};
use crate::workflow::{shipping, tracking};

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

pub fn poller_options(config: &Config, actor: &str) -> PollerOptions {
    PollerOptions {
        every: Duration::from_secs(config.shipping.poll_seconds.unwrap_or(60).max(1)),
        actor: actor.to_string(),
        ..PollerOptions::default()
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

pub async fn ship(pool: &PgPool, config: &Config, args: ShipArgs, actor: &str) -> Result<()> {
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
    };
    let carriers = carriers(config)?;
    let parcel = shipping::parcel(pool, &args.order, &config.shipping.sender, &choice).await?;
    let quote = shipping::quote(&carriers, &parcel).await?;
    if args.quote {
        if args.json {
            println!("{}", serde_json::to_string_pretty(&quote)?);
        } else {
            println!(
                "{} {}: fee {}, COD {}",
                carrier.label(),
                service.code(),
                crate::domain::money::format_vnd(quote.fee),
                crate::domain::money::format_vnd(parcel.request.cod_amount)
            );
        }
        return Ok(());
    }
    let shipped = shipping::ship(pool, &carriers, &parcel, actor).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&shipped)?);
    } else {
        println!("{}", shipped.tracking_number);
        eprintln!(
            "{} shipped with {} ({}), fee {}, COD {}{}",
            shipped.order_number,
            carrier.label(),
            service.code(),
            crate::domain::money::format_vnd(shipped.fee),
            crate::domain::money::format_vnd(shipped.cod_amount),
            if shipped.recovered {
                " — the carrier already had it from an earlier attempt"
            } else {
                ""
            }
        );
    }
    Ok(())
}

pub async fn shipments(
    pool: &PgPool,
    config: &Config,
    action: ShipmentsAction,
    actor: &str,
    offset: chrono::FixedOffset,
) -> Result<()> {
    match action {
        ShipmentsAction::Show { tracking, json } => {
            let s = tracking::show(pool, &tracking)
                .await?
                .with_context(|| format!("no shipment {tracking}"))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
                return Ok(());
            }
            println!(
                "{} {} {} — {} ({})",
                s.tracking_number
                    .as_deref()
                    .unwrap_or("(no tracking number yet)"),
                s.carrier,
                s.service,
                s.status,
                s.carrier_status
            );
            println!(
                "order {}, COD {}, fee {}, {} g, {}×{}×{} cm, {}",
                s.order_number,
                crate::domain::money::format_vnd(s.cod_amount),
                crate::domain::money::format_vnd(s.fee),
                s.weight_grams,
                s.length_cm,
                s.width_cm,
                s.height_cm,
                s.required_note
            );
            if let (Some(a), Some(at)) = (s.cod_received_amount, s.cod_received_at) {
                println!(
                    "COD received: {} on {}",
                    crate::domain::money::format_vnd(a),
                    at.with_timezone(&offset).format("%Y-%m-%d")
                );
            }
            if let Some(e) = &s.last_error {
                println!("last error: {e}");
            }
            for e in &s.events {
                println!(
                    "  {}  {:<16} {:<24} {} {}",
                    e.occurred_at
                        .with_timezone(&offset)
                        .format("%Y-%m-%d %H:%M"),
                    e.status,
                    e.carrier_status,
                    e.description,
                    e.location
                );
            }
        }
        ShipmentsAction::Exceptions { json } => {
            let list = tracking::exceptions(pool, 500).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            if list.is_empty() {
                println!("no shipment needs attention");
            }
            for s in list {
                println!(
                    "{:<16} {:<12} {:<11} {:<16} {}",
                    s.tracking_number.as_deref().unwrap_or(&s.client_order_code),
                    s.order_number,
                    s.carrier,
                    s.status,
                    s.carrier_status
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
            println!("asked the carrier to deliver {tracking} again");
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
            println!("asked the carrier to return {tracking} to us");
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
            println!("asked the carrier to cancel {tracking}");
        }
        ShipmentsAction::Note { tracking, text } => {
            tracking::note(pool, &tracking, &text, actor).await?;
            println!("noted on the order's timeline");
        }
        ShipmentsAction::Poll => {
            let r = poller::round(pool, &carriers(config)?, &poller_options(config, actor)).await;
            println!(
                "asked about {} parcel(s): {} new event(s), {} changed state, {} failed",
                r.asked, r.new_events, r.changed, r.failed
            );
        }
    }
    Ok(())
}

pub async fn label(
    pool: &PgPool,
    config: &Config,
    key: &str,
    format: &str,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let (data, s) = shipping::label_data(pool, &config.shipping.sender, key).await?;
    let (bytes, ext) = match format.to_ascii_lowercase().as_str() {
        "pdf" => (crate::labels::pdf(&data)?, "pdf"),
        "zpl" => (crate::labels::zpl(&data)?.into_bytes(), "zpl"),
        "carrier" => {
            let kind = CarrierKind::parse(&s.carrier).context("unknown carrier")?;
            let label = carriers(config)?
                .get(kind)?
                .label(&data.tracking_number)
                .await?;
            let ext = if label.content_type.contains("pdf") {
                "pdf"
            } else {
                "html"
            };
            (label.bytes, ext)
        }
        other => bail!("--format `{other}`: use pdf, zpl or carrier"),
    };
    match out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!(
                "label for {} written to {}",
                data.tracking_number,
                path.display()
            );
        }
        None => {
            let path = std::env::temp_dir()
                .join(format!("orderdeck-label-{}.{ext}", data.tracking_number));
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            print_file(config, &path)?;
            println!("label for {} sent to the printer", data.tracking_number);
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

pub async fn cod(pool: &PgPool, action: CodAction, actor: &str) -> Result<()> {
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
            println!(
                "COD {} for {tracking} recorded as received",
                crate::domain::money::format_vnd(amount)
            );
        }
        CodAction::Import { file, json } => {
            let text = read_limited(&file)?;
            let report = tracking::cod_import(pool, &text, actor).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(());
            }
            println!("{} matched and recorded", report.applied.len());
            for (r, expected) in &report.mismatched {
                println!(
                    "line {}: {} paid {}, we asked for {} — not applied",
                    r.line,
                    r.tracking_number,
                    crate::domain::money::format_vnd(r.amount),
                    crate::domain::money::format_vnd(*expected)
                );
            }
            for r in &report.unknown {
                println!(
                    "line {}: unknown tracking number {} — not applied",
                    r.line, r.tracking_number
                );
            }
            for r in &report.already {
                println!(
                    "line {}: {} was already recorded — not applied again",
                    r.line, r.tracking_number
                );
            }
            for (line, why) in &report.bad {
                println!("line {line}: {why}");
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

/// `orderdeck worker`: the tracking poller (elected: one runs across all instances).
/// The poller writes its timeline events as "tracking", whoever runs it.
pub async fn worker(
    pool: PgPool,
    config: &Config,
    seconds: Option<u64>,
    listen: Option<std::net::SocketAddr>,
) -> Result<()> {
    let carriers = Arc::new(carriers(config)?);
    let auto_invoicing = config.invoicing.auto_provider.is_some();
    let marketplaces = !crate::workflow::channels::configured(&config.channels).is_empty();
    if carriers.configured().is_empty() && !auto_invoicing && !marketplaces {
        bail!(
            "nothing to do: no carrier is configured ([carriers.ghn] or [carriers.viettelpost]), \
             automatic invoicing is off (invoicing.auto_provider) and no marketplace shop is \
             configured ([channels.shopee], [channels.lazada], [channels.tiktok])"
        );
    }
    if listen.is_some() && !marketplaces {
        bail!(
            "--listen takes the marketplaces' webhooks, but no shop is configured \
             ([channels.shopee], [channels.lazada], [channels.tiktok])"
        );
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut tasks = Vec::new();
    if marketplaces {
        let (m, problems) = crate::workers::channel_sync::start(
            &pool,
            &config.channels,
            &config.order_sync,
            stop_rx.clone(),
        )
        .await;
        for p in &problems {
            eprintln!("orderdeck worker: {p}");
        }
        if let Some(m) = m {
            eprintln!(
                "orderdeck worker: order sync started for {} (every {} s; one instance pulls, \
                 the others stand by)",
                m.shops
                    .iter()
                    .map(|s| s.kind().label())
                    .collect::<Vec<_>>()
                    .join(", "),
                config.order_sync.every().as_secs()
            );
            let (task, line) =
                crate::workers::stock_sync::start(&pool, &m.shops, config, stop_rx.clone());
            eprintln!("orderdeck worker: {line}");
            tasks.extend(task);
            if let Some(addr) = listen {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr}"))?;
                eprintln!(
                    "orderdeck worker: taking webhooks on http://{}/push/{{shopee,lazada,tiktok}}",
                    listener.local_addr().unwrap_or(addr)
                );
                let stop = stop_rx.clone();
                tasks.push(tokio::spawn(async move {
                    if let Err(e) = crate::workers::webhooks::serve(listener, m, stop).await {
                        tracing::error!("webhook listener stopped: {e}");
                    }
                }));
            }
        }
    }
    let active = Arc::new(AtomicBool::new(false));
    if !carriers.configured().is_empty() {
        tasks.push(tokio::spawn(poller::run(
            pool.clone(),
            carriers,
            poller_options(config, "tracking"),
            active.clone(),
            stop_rx.clone(),
        )));
        eprintln!(
            "orderdeck worker: tracking poller started (one instance polls; the others stand by)"
        );
    }
    if auto_invoicing {
        let providers = Arc::new(
            crate::integrations::invoice_providers::InvoiceProviders::new(&config.invoices)?,
        );
        tasks.push(tokio::spawn(crate::workers::invoicer::run(
            pool,
            providers,
            config.invoicing.clone(),
            Duration::from_secs(5),
            stop_rx,
        )));
        eprintln!("orderdeck worker: automatic invoicing started (one instance issues)");
    }
    match seconds {
        Some(s) => tokio::time::sleep(Duration::from_secs(s)).await,
        None => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    let _ = stop_tx.send(true);
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}

/// `orderdeck sim`: the loopback simulator (carriers, e-invoice providers, marketplaces
/// and a mail sink), until interrupted; it prints the config lines that point at it.
/// Every `channel_activity_secs` (0: never) a marketplace buyer orders, cancels or
/// changes an address.
pub async fn sim(
    listen: std::net::SocketAddr,
    opts: crate::integrations::sim::SimOptions,
    backlog: usize,
) -> Result<()> {
    let activity = opts.channel_activity;
    let handle = crate::integrations::sim::start(listen, opts).await?;
    if backlog > 0 {
        handle.add_backlog(backlog, chrono::Duration::days(20));
        println!("{backlog} paid orders waiting on each marketplace (last 20 days)");
    }
    let ghn = handle.ghn_config();
    let vtp = handle.viettel_post_config();
    println!("carrier simulator on http://{}", handle.addr);
    println!(
        "  [carriers.ghn]\n  base_url = \"{}\"\n  token = \"{}\"\n  shop_id = {}",
        ghn.base_url, ghn.token, ghn.shop_id
    );
    println!(
        "  [carriers.viettelpost]\n  base_url = \"{}\"\n  username = \"{}\"\n  password = \"{}\"",
        vtp.base_url, vtp.username, vtp.password
    );
    let si = handle.sinvoice_config();
    let misa = handle.misa_config();
    println!(
        "  [invoices.sinvoice]\n  base_url = \"{}\"\n  username = \"{}\"\n  password = \"{}\"\n  supplier_tax_code = \"{}\"",
        si.base_url, si.username, si.password, si.supplier_tax_code
    );
    println!(
        "  [invoices.misa]\n  base_url = \"{}\"\n  app_id = \"{}\"\n  tax_code = \"{}\"\n  username = \"{}\"\n  password = \"{}\"",
        misa.base_url, misa.app_id, misa.tax_code, misa.username, misa.password
    );
    let shopee = handle.shopee_config();
    println!(
        "  [channels.shopee]\n  base_url = \"{}\"\n  partner_id = {}\n  partner_key = \"{}\"\n  shop_id = {}\n  logistic_ids = {:?}",
        shopee.base_url, shopee.partner_id, shopee.partner_key, shopee.shop_id, shopee.logistic_ids
    );
    let lazada = handle.lazada_config();
    println!(
        "  [channels.lazada]\n  base_url = \"{}\"\n  auth_url = \"{}\"\n  app_key = \"{}\"\n  app_secret = \"{}\"",
        lazada.base_url, lazada.auth_url, lazada.app_key, lazada.app_secret
    );
    let tiktok = handle.tiktok_config();
    println!(
        "  [channels.tiktok]\n  base_url = \"{}\"\n  auth_url = \"{}\"\n  app_key = \"{}\"\n  app_secret = \"{}\"\n  authorize_url = \"{}\"",
        tiktok.base_url,
        tiktok.auth_url,
        tiktok.app_key,
        tiktok.app_secret,
        tiktok.authorize_url.unwrap_or_default()
    );
    let smtp = handle.smtp_config();
    println!(
        "  [smtp]\n  host = \"{}\"\n  port = {}\n  security = \"{}\"\n  username = \"{}\"\n  password = \"{}\"\n  from = \"{}\"",
        smtp.host,
        smtp.port(),
        smtp.security.code(),
        smtp.username.as_deref().unwrap_or_default(),
        smtp.password.as_deref().unwrap_or_default(),
        smtp.from
    );
    if let Some(every) = activity {
        println!(
            "marketplace buyers act every {} s (new orders, cancellations, address changes)",
            every.as_secs()
        );
    }
    let _ = tokio::signal::ctrl_c().await;
    drop(handle);
    Ok(())
}
