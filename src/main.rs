use std::process::ExitCode;

use clap::Parser;

use orderdeck::cli::{BenchWhat, Cli, Command, ConfigAction, DbAction};
use orderdeck::config::Config;
use orderdeck::setup::Setup;
use orderdeck::store::Mode;
use orderdeck::tui::{
    self,
    app::{App, Identity},
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        // Scripts pipe our output into `head` and friends: a closed pipe ends the command
        // quietly, as it does for other command-line tools.
        // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("orderdeck: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("orderdeck: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Config {
        action: ConfigAction::Path,
    }) = &cli.command
    {
        let path = cli.global.config.clone().or_else(Config::default_path);
        match path {
            Some(p) => println!("{}", p.display()),
            None => anyhow::bail!("no config folder on this platform; pass --config"),
        }
        return Ok(());
    }
    let setup = Setup::resolve(&cli.global)?;
    let _log_guard = setup.init_logging();
    match cli.command {
        Some(Command::Db { action }) => db(&setup, action).await,
        Some(Command::Migrate) => {
            let pool = setup.target.open(2).await?;
            let version: Option<i64> =
                sqlx::query_scalar("select max(version) from _sqlx_migrations")
                    .fetch_one(&pool)
                    .await?;
            println!("schema is at version {}", version.unwrap_or(0));
            Ok(())
        }
        Some(Command::Demo) => {
            let pool = setup.target.open(4).await?;
            let report = orderdeck::workflow::demo::seed(&pool, chrono::Utc::now()).await?;
            println!("{report}");
            Ok(())
        }
        Some(Command::Bench {
            what:
                BenchWhat::Render {
                    orders,
                    frames,
                    size,
                },
        }) => orderdeck::bench::render(&setup, orders, frames, &size).await,
        Some(Command::Orders { action }) => {
            let pool = setup.target.open(4).await?;
            let offset = setup.offset().map_err(anyhow::Error::msg)?;
            orderdeck::commands::orders(&pool, action, &setup.operator(&cli.global), offset).await
        }
        Some(Command::Stock { action }) => {
            let pool = setup.target.open(2).await?;
            orderdeck::commands::stock(&pool, action).await
        }
        Some(Command::Import {
            what: orderdeck::cli::ImportWhat::Products { file },
        }) => {
            let pool = setup.target.open(2).await?;
            orderdeck::commands::import_products(&pool, &file, &setup.operator(&cli.global)).await
        }
        Some(Command::Export {
            what: orderdeck::cli::ExportWhat::Products { out },
        }) => {
            let pool = setup.target.open(2).await?;
            orderdeck::commands::export_products(&pool, out.as_deref()).await
        }
        Some(Command::Po { action }) => {
            let pool = setup.target.open(2).await?;
            orderdeck::commands::po(&pool, action, &setup.operator(&cli.global)).await
        }
        Some(Command::Bench {
            what: BenchWhat::Intake(bench),
        }) => orderdeck::bench::intake(&setup, bench).await,
        Some(Command::Ship(args)) => {
            let pool = setup.target.open(2).await?;
            orderdeck::shipping_commands::ship(
                &pool,
                &setup.config,
                args,
                &setup.operator(&cli.global),
            )
            .await
        }
        Some(Command::Shipments { action }) => {
            let pool = setup.target.open(4).await?;
            let offset = setup.offset().map_err(anyhow::Error::msg)?;
            orderdeck::shipping_commands::shipments(
                &pool,
                &setup.config,
                action,
                &setup.operator(&cli.global),
                offset,
            )
            .await
        }
        Some(Command::Label {
            tracking,
            format,
            out,
        }) => {
            let pool = setup.target.open(2).await?;
            orderdeck::shipping_commands::label(
                &pool,
                &setup.config,
                &tracking,
                &format,
                out.as_deref(),
            )
            .await
        }
        Some(Command::Cod { action }) => {
            let pool = setup.target.open(2).await?;
            orderdeck::shipping_commands::cod(&pool, action, &setup.operator(&cli.global)).await
        }
        Some(Command::Invoice {
            action:
                orderdeck::cli::InvoiceAction::Preview {
                    order,
                    template,
                    company,
                    buyer_tax_code,
                    buyer_address,
                    buyer_email,
                    buyer_name,
                    json,
                    pdf,
                },
        }) => {
            use orderdeck::invoice_commands::{self, PreviewArgs};
            let offset = setup.offset().map_err(anyhow::Error::msg)?;
            let pool = setup.target.open(2).await?;
            let args = PreviewArgs {
                order,
                template,
                buyer: orderdeck::domain::invoice_document::BuyerOverride {
                    company,
                    tax_code: buyer_tax_code,
                    address: buyer_address,
                    email: buyer_email,
                    name: buyer_name,
                },
                json,
                pdf,
            };
            invoice_commands::preview(&pool, &setup.config.invoicing, offset, args).await
        }
        Some(Command::Invoice {
            action:
                orderdeck::cli::InvoiceAction::Issue {
                    order,
                    provider,
                    template,
                    company,
                    buyer_tax_code,
                    buyer_address,
                    buyer_email,
                    buyer_name,
                    json,
                },
        }) => {
            use orderdeck::domain::invoice::{Buyer, InvoiceTemplate};
            use orderdeck::integrations::invoice_provider::ProviderKind;
            use orderdeck::integrations::invoice_providers::InvoiceProviders;
            use orderdeck::workflow::invoicing;
            let template = InvoiceTemplate::parse(&template)
                .ok_or_else(|| anyhow::anyhow!("--template `{template}`: use vat or sales"))?;
            let kind = ProviderKind::parse(&provider)
                .ok_or_else(|| anyhow::anyhow!("--provider `{provider}`: use sinvoice or misa"))?;
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let given = company.is_some()
                || buyer_tax_code.is_some()
                || buyer_address.is_some()
                || buyer_email.is_some()
                || buyer_name.is_some();
            let buyer = if given {
                // Fields not given come from the order, as in the preview.
                let d = invoicing::draft(
                    &pool,
                    &setup.config.invoicing,
                    &order,
                    template,
                    None,
                    chrono::Utc::now(),
                )
                .await?;
                Some(Buyer {
                    company: company.unwrap_or_default(),
                    tax_code: buyer_tax_code.unwrap_or_default(),
                    address: buyer_address.unwrap_or(d.buyer.address),
                    email: buyer_email.unwrap_or(d.buyer.email),
                    name: buyer_name.unwrap_or(d.buyer.name),
                })
            } else {
                None
            };
            let issued = invoicing::issue(
                &pool,
                &providers,
                &setup.config.invoicing,
                &order,
                template,
                kind,
                buyer,
                &setup.operator(&cli.global),
            )
            .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&issued)?);
            } else {
                println!(
                    "{}: invoice {} {} issued with {}",
                    issued.order_number,
                    issued.series,
                    issued.number,
                    kind.label()
                );
                println!(
                    "tax-authority code: {}",
                    issued.tax_authority_code.as_deref().unwrap_or("(none yet)")
                );
                if !issued.pdf_stored {
                    println!(
                        "the PDF was not fetched; `orderdeck invoice pdf {} --out FILE` fetches it",
                        issued.order_number
                    );
                }
            }
            Ok(())
        }
        Some(Command::Invoice {
            action: orderdeck::cli::InvoiceAction::Pdf { order, out },
        }) => {
            use orderdeck::integrations::invoice_providers::InvoiceProviders;
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let bytes =
                orderdeck::workflow::invoicing::pdf(&pool, Some(&providers), &order).await?;
            std::fs::write(&out, &bytes)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
            println!("{} bytes written to {}", bytes.len(), out.display());
            Ok(())
        }
        Some(Command::Invoice {
            action: orderdeck::cli::InvoiceAction::Email { order, to, json },
        }) => {
            let mailer = orderdeck::integrations::mail::Mailer::new(setup.config.smtp.as_ref())?;
            let pool = setup.target.open(2).await?;
            let sent = orderdeck::workflow::invoice_mail::send(
                &pool,
                &mailer,
                &setup.config.invoicing,
                &order,
                to.as_deref(),
                &setup.operator(&cli.global),
            )
            .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&sent)?);
            } else {
                println!(
                    "sent invoice {} {} to {}",
                    sent.series,
                    sent.number,
                    sent.to.join(", ")
                );
            }
            Ok(())
        }
        Some(Command::Returns {
            action:
                orderdeck::cli::ReturnsAction::Create {
                    order,
                    lines,
                    reason,
                    warehouse,
                    refund,
                    method,
                    reference,
                    exchange,
                    exchange_same,
                    json,
                },
        }) => {
            use orderdeck::integrations::invoice_providers::InvoiceProviders;
            use orderdeck::workflow::returns;
            let pool = setup.target.open(2).await?;
            let input = returns::ReturnInput {
                order_number: order,
                lines: lines
                    .iter()
                    .map(|l| returns::ReturnLine::parse(l))
                    .collect::<Result<_, _>>()?,
                reason,
                warehouse,
                refund: refund.map(|amount| returns::RefundInput {
                    amount,
                    method,
                    reference,
                }),
            };
            let exchange_with = if exchange_same {
                returns::ExchangeWith::Same
            } else if exchange.is_empty() {
                returns::ExchangeWith::Nothing
            } else {
                returns::ExchangeWith::Lines(
                    exchange
                        .iter()
                        .map(|l| returns::ExchangeLine::parse(l))
                        .collect::<Result<_, _>>()?,
                )
            };
            let providers = InvoiceProviders::new(&setup.config.invoices)
                .ok()
                .filter(|p| !p.configured().is_empty());
            let invoicing = providers.as_ref().map(|p| (p, &setup.config.invoicing));
            let o = returns::receive(
                &pool,
                invoicing,
                &input,
                &exchange_with,
                &setup.operator(&cli.global),
            )
            .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&o)?);
            } else {
                let r = &o.report;
                println!(
                    "return {} of {}: {} back in stock, {} written off; order is now {}{}",
                    r.return_id,
                    r.order_number,
                    r.restocked,
                    r.written_off,
                    r.order_status.replace('_', " "),
                    r.refund_id
                        .map(|id| format!("; refund {id} recorded"))
                        .unwrap_or_default()
                );
                if let Some(n) = &o.exchange_order {
                    println!("exchange: replacement order {n}");
                }
                if let Some(e) = &o.exchange_error {
                    println!("exchange NOT made: {e}");
                }
                match &o.invoice {
                    returns::InvoiceFollowUp::NoInvoice => {}
                    returns::InvoiceFollowUp::Replaced {
                        replaced,
                        series,
                        number,
                        tax_authority_code,
                    } => println!(
                        "replacement invoice {series} {number} issued (replaces {replaced}); \
                         tax-authority code: {}",
                        tax_authority_code.as_deref().unwrap_or("(none yet)")
                    ),
                    returns::InvoiceFollowUp::Pending { message } => println!("{message}"),
                }
            }
            Ok(())
        }
        Some(Command::Invoice {
            action:
                orderdeck::cli::InvoiceAction::Replace {
                    order,
                    return_id,
                    reason,
                    company,
                    buyer_tax_code,
                    buyer_address,
                    buyer_email,
                    buyer_name,
                },
        }) => {
            use orderdeck::integrations::invoice_providers::InvoiceProviders;
            use orderdeck::workflow::invoice_corrections;
            let providers = InvoiceProviders::new(&setup.config.invoices)?;
            let pool = setup.target.open(2).await?;
            let actor = setup.operator(&cli.global);
            let config = &setup.config.invoicing;
            let issued = match (return_id, order) {
                (Some(r), _) => {
                    invoice_corrections::replace_after_return(&pool, &providers, config, r, &actor)
                        .await?
                }
                (None, Some(order)) => {
                    // The buyer as the current invoice states it, with the flags over it.
                    let current = invoice_corrections::current_buyer(&pool, &order).await?;
                    let buyer = orderdeck::domain::invoice::Buyer {
                        company: company.unwrap_or(current.company),
                        tax_code: buyer_tax_code.unwrap_or(current.tax_code),
                        address: buyer_address.unwrap_or(current.address),
                        email: buyer_email.unwrap_or(current.email),
                        name: buyer_name.unwrap_or(current.name),
                    };
                    Some(
                        invoice_corrections::replace_with_buyer(
                            &pool, &providers, config, &order, buyer, &reason, &actor,
                        )
                        .await?,
                    )
                }
                (None, None) => anyhow::bail!("name the order, or the return with --return N"),
            };
            match issued {
                None => println!("its order has no issued invoice to replace"),
                Some(i) => println!(
                    "{}: replacement invoice {} {} issued; tax-authority code: {}",
                    i.order_number,
                    i.series,
                    i.number,
                    i.tax_authority_code.as_deref().unwrap_or("(none yet)")
                ),
            }
            Ok(())
        }
        Some(Command::Listings { action }) => {
            let pool = setup.target.open(4).await?;
            orderdeck::listing_commands::run(pool, &setup.config, action).await
        }
        Some(Command::Channels { action }) => {
            let pool = setup.target.open(4).await?;
            orderdeck::channel_commands::run(pool, &setup.config, action).await
        }
        Some(Command::Worker { seconds, listen }) => {
            let pool = setup.target.open(8).await?;
            orderdeck::shipping_commands::worker(pool, &setup.config, seconds, listen).await
        }
        Some(Command::Sim {
            listen,
            smtp_port,
            step_seconds,
            seed,
            channel_activity,
            backlog,
            demo_catalog,
        }) => {
            let opts = orderdeck::integrations::sim::SimOptions {
                seed,
                speed: step_seconds,
                smtp_port,
                channel_activity: (channel_activity > 0)
                    .then(|| std::time::Duration::from_secs(channel_activity)),
                demo_catalog,
                ..Default::default()
            };
            orderdeck::shipping_commands::sim(listen, opts, backlog).await
        }
        Some(Command::Bench {
            what:
                BenchWhat::Track {
                    shipments,
                    latency_ms,
                    concurrency,
                },
        }) => orderdeck::bench::track(&setup, shipments, latency_ms, concurrency).await,
        Some(Command::Bench {
            what: BenchWhat::Sync { orders },
        }) => orderdeck::bench::sync(&setup, orders).await,
        Some(Command::Config { .. }) => Ok(()),
        None => console(&cli, &setup).await,
    }
}

async fn db(setup: &Setup, action: DbAction) -> anyhow::Result<()> {
    let cluster = match (&setup.target.cluster, setup.target.mode) {
        (Some(c), Mode::Embedded) => c.clone(),
        _ => {
            match action {
                DbAction::Url => println!("{}", setup.target.url),
                DbAction::Status => println!(
                    "shared PostgreSQL at {}",
                    orderdeck::config::redact_url(&setup.target.url)
                ),
                DbAction::Stop => {
                    println!("a shared server is not orderdeck's to stop; nothing done")
                }
            }
            return Ok(());
        }
    };
    match action {
        DbAction::Status => print!(
            "{}",
            tokio::task::spawn_blocking(move || cluster.status()).await??
        ),
        DbAction::Url => {
            setup.target.open(1).await?;
            println!("{}", cluster.url());
        }
        DbAction::Stop => {
            let stopped = tokio::task::spawn_blocking(move || cluster.stop()).await??;
            println!(
                "{}",
                if stopped {
                    "embedded PostgreSQL stopped"
                } else {
                    "embedded PostgreSQL was not running"
                }
            );
        }
    }
    Ok(())
}

fn now_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
}

/// Stores the simulated shops' tokens on the demo's sales channels.
async fn connect_demo_shops(
    pool: &sqlx::PgPool,
    sim: &orderdeck::integrations::sim::SimHandle,
) -> anyhow::Result<()> {
    for (kind, pair) in [
        ("shopee", sim.shopee_authorize()),
        ("lazada", sim.lazada_authorize()),
        ("tiktok", sim.tiktok_authorize()),
    ] {
        let row = orderdeck::store::channels::ensure(pool, kind, kind, "").await?;
        orderdeck::workflow::channels::store_tokens(pool, row.id, &pair).await?;
    }
    Ok(())
}

/// How many invoices the demo database holds: the simulated providers number after them.
async fn invoice_numbers_used(pool: &sqlx::PgPool) -> u64 {
    sqlx::query_scalar::<_, i64>("select count(*) from invoices")
        .fetch_one(pool)
        .await
        .map_or(0, |n| u64::try_from(n).unwrap_or(0))
}

async fn console(cli: &Cli, setup: &Setup) -> anyhow::Result<()> {
    let theme = setup.theme(&cli.global).map_err(anyhow::Error::msg)?;
    let keymap = setup.keymap().map_err(anyhow::Error::msg)?;
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    if setup.target.mode == Mode::Embedded {
        eprintln!(
            "orderdeck: starting the embedded PostgreSQL in {} …",
            setup.data_dir.display()
        );
    }
    let pool = setup.target.open(6).await?;
    if cli.demo {
        let report = orderdeck::workflow::demo::seed(&pool, chrono::Utc::now()).await?;
        tracing::info!("{report}");
    }
    let identity_operator = setup.operator(&cli.global);
    let identity = Identity {
        mode: setup.target.mode.label().to_string(),
        operator: identity_operator.clone(),
    };
    let theme_names =
        orderdeck::tui::theme::Theme::names(orderdeck::tui::theme::Theme::user_dir().as_deref());
    let app = App::new(keymap, theme, theme_names, identity, offset);
    let listen_options = setup.target.options()?;
    let mut config = setup.config.clone();
    // The demo ships with the carrier simulator: it runs in this process on loopback,
    // and the real adapters talk to it, so parcels move live on screen.
    let _sim = if cli.demo && config.carriers.ghn.is_none() && config.carriers.viettelpost.is_none()
    {
        let sim = orderdeck::integrations::sim::start(
            "127.0.0.1:0".parse()?,
            orderdeck::integrations::sim::SimOptions {
                speed: 4.0,
                // A restarted demo keeps its database: fresh ids and invoice numbers
                // that do not collide with what the last run handed out.
                seed: now_seed(),
                invoices_issued_before: invoice_numbers_used(&pool).await,
                demo_catalog: true,
                // New marketplace orders arrive by themselves.
                channel_activity: Some(std::time::Duration::from_secs(15)),
                ..Default::default()
            },
        )
        .await?;
        config.carriers.ghn = Some(sim.ghn_config());
        config.carriers.viettelpost = Some(sim.viettel_post_config());
        if config.shipping.sender.name.is_empty() {
            config.shipping.sender = orderdeck::workflow::demo::demo_sender();
        }
        config.shipping.poll_seconds.get_or_insert(3);
        config
            .shipping
            .print_command
            .get_or_insert_with(|| "true".into());
        // Its e-invoice providers too, so invoices can be issued in the demo.
        if config.invoices.sinvoice.is_none() && config.invoices.misa.is_none() {
            config.invoices = sim.invoice_providers_config();
        }
        if config.smtp.is_none() {
            config.smtp = Some(sim.smtp_config());
        }
        if config.invoicing.seller_name.is_empty() {
            let given = config.invoicing.clone();
            config.invoicing = orderdeck::workflow::demo::demo_seller();
            config.invoicing.vat_symbol = given.vat_symbol;
            config.invoicing.sales_symbol = given.sales_symbol;
            // Invoices issue themselves as orders complete, as a shop would set it up.
            config.invoicing.auto_provider = given.auto_provider.or(Some("sinvoice".into()));
            config.invoicing.auto_threshold = given.auto_threshold.or(Some(5_000_000));
        }
        // And its marketplaces: the demo's three shops, authorised as a seller would,
        // so their orders arrive by themselves.
        if config.channels.shopee.is_none()
            && config.channels.lazada.is_none()
            && config.channels.tiktok.is_none()
        {
            config.channels = sim.channels_config();
            config.order_sync.every_seconds.get_or_insert(10);
            // Listings are matched at once (a real shop does it off-peak), so stock
            // changes are pushed to the shops from the start.
            if config.listings.product_sync_window.is_none() {
                config.listings.product_sync_window = "00:00-23:59".parse().ok();
            }
            connect_demo_shops(&pool, &sim).await?;
        }
        Some(sim)
    } else {
        None
    };
    let carriers = std::sync::Arc::new(orderdeck::integrations::carriers::Carriers::new(
        &config.carriers,
    )?);
    let config = std::sync::Arc::new(config);
    // The tracking poller runs inside every console unless `workers = false`; an
    // advisory lock makes exactly one of them (or of `orderdeck worker`) poll.
    let (stop_poller, stop_rx) = tokio::sync::watch::channel(false);
    if config.workers.unwrap_or(true) && !carriers.configured().is_empty() {
        tokio::spawn(orderdeck::workers::poller::run(
            pool.clone(),
            carriers.clone(),
            orderdeck::shipping_commands::poller_options(&config, "tracking"),
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
            stop_rx,
        ));
    }
    let invoices = std::sync::Arc::new(
        orderdeck::integrations::invoice_providers::InvoiceProviders::new(&config.invoices)?,
    );
    if config.workers.unwrap_or(true) {
        tokio::spawn(orderdeck::workers::invoicer::run(
            pool.clone(),
            invoices.clone(),
            config.invoicing.clone(),
            std::time::Duration::from_secs(5),
            stop_poller.subscribe(),
        ));
    }
    // Order sync from the marketplaces, elected the same way.
    if config.workers.unwrap_or(true) {
        let (m, problems) = orderdeck::workers::channel_sync::start(
            &pool,
            &config.channels,
            &config.order_sync,
            stop_poller.subscribe(),
        )
        .await;
        for p in problems {
            tracing::warn!("order sync: {p}");
        }
        // Stock pushes and scheduled product sync, through the same shops.
        if let Some(m) = m {
            let (_, line) = orderdeck::workers::stock_sync::start(
                &pool,
                &m.shops,
                &config,
                stop_poller.subscribe(),
            );
            tracing::info!("{line}");
        }
    }
    let services = std::sync::Arc::new(orderdeck::tui::services::Services {
        config,
        carriers,
        invoices,
        labels_dir: setup.data_dir.join("labels"),
        exports_dir: setup.data_dir.join("invoices"),
    });
    let result = tui::run(tui::Console {
        app,
        pool,
        listen_options,
        services: Some(services),
    })
    .await;
    let _ = stop_poller.send(true);
    result
}
