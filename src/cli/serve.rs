//! `orderdeck serve --listen ADDR`: the HTTP listener on its own — our order-intake API
//! (`/v1/…`, API keys from `orderdeck keys`), the storefronts' webhooks
//! (`/hooks/{code}`), the marketplaces' pushes (`/push/{platform}`) — and, inside
//! `orderdeck worker --listen ADDR`, the same listener beside the background workers.
//! Run several behind a load balancer if one is not enough: they share nothing but the
//! database (idempotency keys, de-duplication and revocations live there).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use orderdeck_app::channel_sync::Syncer;
use orderdeck_app::config::Config;
use orderdeck_app::http;
use orderdeck_app::intake::IntakeQueue;
use orderdeck_app::workers::channel_sync::Marketplaces;
use orderdeck_i18n::t;

use crate::cli::setup::Setup;

/// `orderdeck serve`: runs until interrupted (or for `seconds`), then finishes the
/// requests under way.
pub async fn run(setup: &Setup, listen: SocketAddr, seconds: Option<u64>) -> Result<()> {
    let pool = setup.target.open(16).await?;
    let me = orderdeck_app::people::whoami(&pool).await?;
    if !me.role.is_some_and(|r| r.runs_workers()) {
        bail!(
            "{}",
            t!(
                "cli-serve-not-allowed",
                login = orderdeck_domain::text::visible(&me.login)
            )
        );
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    // The marketplaces' pushes are taken here too when shops are configured: their pulls
    // go through the same syncer.
    let marketplaces = if orderdeck_app::channels::configured(&setup.config.channels).is_empty() {
        None
    } else {
        let (m, problems) = Marketplaces::open(
            &pool,
            &setup.config.channels,
            &setup.config.order_sync,
            "webhook",
        )
        .await;
        for p in problems {
            warn_user!("orderdeck serve: {p}");
        }
        Some(m)
    };
    let listening = start(&pool, &setup.config, listen, marketplaces, stop_rx).await?;
    for line in &listening.said {
        warn_user!("orderdeck serve: {line}");
    }
    match seconds {
        Some(s) => tokio::time::sleep(Duration::from_secs(s)).await,
        None => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    warn_user!("orderdeck serve: {}", t!("cli-serve-stopping"));
    let _ = stop_tx.send(true);
    let _ = listening.task.await;
    Ok(())
}

/// A running listener.
pub struct Listening {
    pub task: JoinHandle<()>,
    pub addr: SocketAddr,
    /// What it serves where, one line per kind of caller (the CLI prints them; a console
    /// logs them).
    pub said: Vec<String>,
}

/// Binds `addr` and serves every route on it until `stop`.
pub async fn start(
    pool: &PgPool,
    config: &Config,
    addr: SocketAddr,
    marketplaces: Option<Marketplaces>,
    stop: watch::Receiver<bool>,
) -> Result<Listening> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| t!("cli-worker-cannot-listen", address = addr.to_string()))?;
    start_on(pool, config, listener, marketplaces, stop).await
}

/// Serves every route on a listener already bound until `stop`: for a caller that had to
/// know the address before the config was final (the demo console, whose Shopee push URL
/// — signed over by each push — is this listener's).
pub async fn start_on(
    pool: &PgPool,
    config: &Config,
    listener: tokio::net::TcpListener,
    marketplaces: Option<Marketplaces>,
    stop: watch::Receiver<bool>,
) -> Result<Listening> {
    let at = listener.local_addr()?;
    // Buyers' shipping questions are quoted from GHN's stored places: have them stored.
    if let Some(quotes) = &config.assistant.quotes {
        quotes.warm(pool).await;
    }
    // One intake queue for the API and the storefronts: simultaneous orders share commits.
    // Its writer has a connection of its own, set up for its one big statement (generic
    // plans: planned once, not per group) — the pool `bench api` measures.
    let writer = orderdeck_store::intake_pool((*pool.connect_options()).clone(), 1).await?;
    let intake = IntakeQueue::start(writer, 1);
    let (fronts, problems) = orderdeck_app::storefronts::open_all(pool, &config.storefronts).await;
    let mut said = problems;
    let syncer = Syncer::new(
        pool.clone(),
        intake.clone(),
        config.order_sync.options("webhook"),
    );
    said.push(t!("cli-serve-api", url = format!("http://{at}/v1/orders")));
    said.push(t!(
        "cli-serve-chat",
        url = format!("http://{at}/v1/chat/messages")
    ));
    for f in &fronts {
        said.push(t!(
            "cli-serve-storefront",
            platform = f.config.kind.label(),
            url = format!("http://{at}/hooks/{}", f.code)
        ));
    }
    if marketplaces.is_some() {
        said.push(t!(
            "cli-worker-webhooks",
            url = format!("http://{at}/push/{{shopee,lazada,tiktok}}")
        ));
    }
    let offset =
        orderdeck_domain::time::parse_offset(config.utc_offset.as_deref().unwrap_or("+07:00"))
            .map_err(anyhow::Error::msg)?;
    let (senders, chat_problems) =
        orderdeck_app::assistant::senders::Senders::from_config(&config.assistant);
    said.extend(chat_problems);
    // The marketplace shops' buyer chat, where granted: same shops, same tokens, the same
    // `/push/{platform}` endpoints as their orders.
    let senders = match &marketplaces {
        Some(m) => senders.with_marketplaces(&m.shops, &config.channels),
        None => senders,
    };
    let marketplaces = marketplaces.map(|m| {
        if senders.marketplace.is_empty() {
            m
        } else {
            m.with_chat(orderdeck_app::market_chat::ChatDesk::new(
                pool.clone(),
                &config.assistant,
                senders.clone(),
                offset,
            ))
        }
    });
    let messenger = match (&config.assistant.messenger, &senders.messenger) {
        (Some(page), Some(_)) => {
            said.push(t!(
                "cli-serve-messenger",
                url = format!("http://{at}/hooks/messenger")
            ));
            Some(http::messenger::MessengerHook {
                pool: pool.clone(),
                assistant: std::sync::Arc::new(config.assistant.clone()),
                page: page.clone(),
                senders: senders.clone(),
                offset,
            })
        }
        _ => None,
    };
    let zalo = match (&config.assistant.zalo, &senders.zalo) {
        (Some(oa), Some(_)) => {
            said.push(t!(
                "cli-serve-zalo",
                url = format!("http://{at}/hooks/zalo")
            ));
            Some(http::zalo::ZaloHook {
                pool: pool.clone(),
                assistant: std::sync::Arc::new(config.assistant.clone()),
                oa: oa.clone(),
                senders: senders.clone(),
                offset,
            })
        }
        _ => None,
    };
    let app = http::routes(http::Routes {
        messenger,
        zalo,
        api: orderdeck_app::api::ApiState::new(pool.clone(), intake)
            .with_assistant(config.assistant.clone(), offset),
        storefronts: fronts,
        syncer,
        marketplaces,
    });
    let task = tokio::spawn(async move {
        if let Err(e) = http::serve(listener, app, http::Limits::default(), stop).await {
            tracing::error!("listener stopped: {e}");
        }
    });
    Ok(Listening {
        task,
        addr: at,
        said,
    })
}
