//! The console (no subcommand): the terminal UI on the configured database, with the
//! background workers running inside it.

use std::sync::Arc;

use orderdeck_app::workers;
use orderdeck_console::services::Services;
use orderdeck_i18n::t;
use orderdeck_integrations::carriers::Carriers;
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use orderdeck_store::Mode;
use orderdeck_tui::app::{App, Identity};
use orderdeck_tui::panes::pane_of;
use orderdeck_tui::theme::Theme;

use crate::cli::GlobalArgs;
use crate::cli::setup::Setup;

/// Opens the console on the configured database (with `demo`: the demo shop and its
/// simulators) and runs it until the operator quits.
pub async fn run(setup: &Setup, global: &GlobalArgs, demo: bool) -> anyhow::Result<()> {
    if demo {
        crate::cli::demo::check_available()?;
    }
    let theme = setup.theme(global).map_err(anyhow::Error::msg)?;
    let keymap = setup.keymap().map_err(anyhow::Error::msg)?;
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    if setup.target.mode == Mode::Embedded {
        warn_user!(
            "orderdeck: {}",
            t!(
                "cli-console-starting-embedded",
                path = setup.data_dir.display().to_string()
            )
        );
    }
    let pool = setup.target.open(6).await?;
    let me = orderdeck_app::people::whoami(&pool).await?;
    let Some(role) = me.role else {
        anyhow::bail!(
            "{}",
            t!(
                "cli-console-no-role",
                login = orderdeck_domain::text::visible(&me.login)
            )
        );
    };
    if demo && !me.trusted {
        anyhow::bail!("{}", t!("cli-console-demo-owner-only"));
    }
    let mut config = setup.config.clone();
    let identity_operator = setup.operator();
    let mut _demo = match demo {
        true => Some(crate::cli::demo::for_console(&pool, &mut config, &identity_operator).await?),
        false => None,
    };
    let identity = Identity {
        mode: setup.target.mode.label().to_string(),
        operator: identity_operator.clone(),
        role,
    };
    let theme_names = Theme::names(Theme::user_dir().as_deref());
    let mut app = App::new(pane_of, keymap, theme, theme_names, identity, offset);
    app.at_risk_hours = config.shipping.at_risk_hours();
    let state_file = orderdeck_console::state::path_in(&setup.data_dir);
    app.set_sorts(&orderdeck_console::state::load_sorts(&state_file));
    let listen_options = setup.target.options()?;
    let carriers = Arc::new(Carriers::new(&config.carriers)?);
    let invoices = Arc::new(InvoiceProviders::new(&config.invoices)?);
    let config = Arc::new(config);
    // The workers run inside every console unless `workers = false`; each elects one
    // instance across all consoles and `orderdeck worker`. They issue invoices and write
    // listings, so only consoles whose role may do all of it take part (a packer's station
    // leaves it to a manager's console or to `orderdeck worker`).
    let (stop_workers, stop_rx) = tokio::sync::watch::channel(false);
    let mut marketplaces = None;
    if config.workers.unwrap_or(true) && role.runs_workers() {
        let started = workers::spawn_all(
            &pool,
            &config,
            carriers.clone(),
            invoices.clone(),
            stop_rx.clone(),
        )
        .await;
        for p in started.problems {
            tracing::warn!("order sync: {p}");
        }
        for line in started.said {
            tracing::info!("{line}");
        }
        marketplaces = started.marketplaces;
    }
    // The demo's storefront sends its orders by webhook, and its marketplace shops their
    // buyers' chat messages by push: the console that runs the simulators listens for them
    // on loopback (a real shop runs `orderdeck serve`).
    if let Some(guard) = _demo.as_mut().filter(|g| g.runs_simulators())
        && let Some(listener) = guard.take_listener()
    {
        // Pushes are checked and answered through the shops the order sync opened (one
        // token keeper per shop); a console running no workers opens them for this alone.
        let marketplaces = match marketplaces {
            Some(m) => Some(m),
            None if !orderdeck_app::channels::configured(&config.channels).is_empty() => {
                let (m, problems) = orderdeck_app::workers::channel_sync::Marketplaces::open(
                    &pool,
                    &config.channels,
                    &config.order_sync,
                    "webhook",
                )
                .await;
                for p in problems {
                    tracing::warn!("demo listener: {p}");
                }
                Some(m)
            }
            None => None,
        };
        match crate::cli::serve::start_on(&pool, &config, listener, marketplaces, stop_rx.clone())
            .await
        {
            Ok(listening) => {
                for line in &listening.said {
                    tracing::info!("demo listener: {line}");
                }
                guard.send_webhooks_to(&format!("http://{}", listening.addr));
                guard
                    .start_buyers(
                        &pool,
                        &format!("http://{}", listening.addr),
                        stop_rx.clone(),
                    )
                    .await;
            }
            Err(e) => tracing::warn!("demo: no webhook listener: {e}"),
        }
    }
    let (chat, problems) =
        orderdeck_app::assistant::senders::Senders::from_config(&config.assistant);
    for p in problems {
        tracing::warn!("chat: {p}");
    }
    // Replies from the Inbox to marketplace buyers go through the shop whose chat was
    // granted (`[channels.<kind>] chat = true`); the Channels pane shows which are.
    orderdeck_console::lists::channels::set_chat_access(&config.channels);
    let shops: Vec<_> = orderdeck_app::channels::open_all(&pool, &config.channels)
        .await
        .into_iter()
        .filter_map(|(_, opened)| opened.ok())
        .collect();
    let chat = chat.with_marketplaces(&shops, &config.channels);
    let services = Arc::new(Services {
        chat,
        config,
        carriers,
        invoices,
        places: orderdeck_app::carrier_places::Places::new(),
        labels_dir: setup.data_dir.join("labels"),
        exports_dir: setup.data_dir.join("invoices"),
    });
    let result = orderdeck_console::run(orderdeck_console::Console {
        app,
        pool,
        listen_options,
        services: Some(services),
        cluster: setup.target.cluster.clone(),
        state_file: Some(state_file),
    })
    .await;
    let _ = stop_workers.send(true);
    result
}
