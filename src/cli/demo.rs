//! What only a build with the `demo` feature has: the loopback simulators, the demo seed
//! and the benchmarks. A build without it (`--no-default-features`) is a production
//! binary: these commands, and `--demo`, say so and change nothing.

#[cfg(not(feature = "demo"))]
use {
    crate::cli::setup::Setup,
    crate::cli::{BenchWhat, SimArgs},
    anyhow::{Result, bail},
    orderdeck_app::config::Config,
    sqlx::PgPool,
};

/// What a build without the `demo` feature says when `what` (a command, `--demo`) is
/// asked for.
#[cfg(not(feature = "demo"))]
fn without_demo(what: &str) -> String {
    orderdeck_i18n::t!("cli-built-without-demo", what = what)
}

/// Keeps the console's simulator running while it is held.
pub struct DemoGuard {
    #[cfg(feature = "demo")]
    _sim: Option<orderdeck_sim::SimHandle>,
    /// The demo's Facebook Page, when this console runs the simulators.
    #[cfg(feature = "demo")]
    page: Option<orderdeck_sim::messenger::MessengerSim>,
    /// The demo's Zalo OA, when this console runs the simulators.
    #[cfg(feature = "demo")]
    oa: Option<orderdeck_sim::zalo::ZaloSim>,
    /// The loopback listener for the simulators' webhooks and pushes, bound before the
    /// config was final: the demo's Shopee push URL is its address.
    #[cfg(feature = "demo")]
    listener: Option<tokio::net::TcpListener>,
    /// The marketplaces' buyers and the Shopee push URL as the config holds it, when the
    /// demo's TikTok and Shopee shops have their chat connected by this console.
    #[cfg(feature = "demo")]
    market: Option<(orderdeck_sim::MarketBuyers, String)>,
}

impl DemoGuard {
    /// Whether this console started the simulators (and so takes the demo storefront's
    /// webhooks).
    pub fn runs_simulators(&self) -> bool {
        #[cfg(feature = "demo")]
        return self._sim.is_some();
        #[cfg(not(feature = "demo"))]
        false
    }

    /// The listener this console is to serve the simulators' webhooks and pushes on (once).
    pub fn take_listener(&mut self) -> Option<tokio::net::TcpListener> {
        #[cfg(feature = "demo")]
        return self.listener.take();
        #[cfg(not(feature = "demo"))]
        None
    }

    /// The demo's storefront sends its orders' webhooks to the listener at `base` from
    /// now on.
    pub fn send_webhooks_to(&self, _base: &str) {
        #[cfg(feature = "demo")]
        if let Some(sim) = &self._sim {
            sim.set_storefront_callback(
                orderdeck_integrations::marketplace::ChannelKind::WooCommerce,
                Some(format!("{_base}/hooks/{DEMO_STOREFRONT}")),
            );
        }
    }
}

impl DemoGuard {
    /// Buyers start writing to the website's chat on the listener at `base` (a key of
    /// scope `chat:write` is made for them, the last run's demo keys revoked first), and
    /// to the Page, the OA and the marketplace shops through their signed pushes there.
    pub async fn start_buyers(
        &self,
        _pool: &sqlx::PgPool,
        _base: &str,
        _stop: tokio::sync::watch::Receiver<bool>,
    ) {
        #[cfg(feature = "demo")]
        if self._sim.is_some() {
            use orderdeck_app::api::keys;
            if let Ok(old) = keys::list(_pool).await {
                for k in old
                    .iter()
                    .filter(|k| k.name.starts_with("demo-chat-") && k.revoked_at.is_none())
                {
                    let _ = keys::revoke(_pool, &k.name, "demo").await;
                }
            }
            let name = format!("demo-chat-{}", chrono::Utc::now().timestamp());
            match keys::create(_pool, &name, "chat:write", None, "demo").await {
                Ok(made) => {
                    let targets = orderdeck_sim::buyers::Targets {
                        chat_url: format!("{_base}/v1/chat/messages"),
                        token: made.token,
                        messenger: self
                            .page
                            .clone()
                            .map(|p| (p, format!("{_base}/hooks/messenger"))),
                        zalo: self.oa.clone().map(|z| (z, format!("{_base}/hooks/zalo"))),
                        tiktok: self
                            .market
                            .clone()
                            .map(|(b, _)| (b, format!("{_base}/push/tiktok"))),
                        shopee: self.market.clone(),
                    };
                    orderdeck_sim::buyers::spawn(
                        _pool.clone(),
                        targets,
                        std::time::Duration::from_secs(6),
                        _stop,
                    );
                }
                Err(e) => tracing::warn!("demo: no key for the simulated buyers: {e}"),
            }
        }
    }
}

/// The channel code of the demo's website shop (on the simulated WooCommerce).
pub const DEMO_STOREFRONT: &str = "woo";

#[cfg(not(feature = "demo"))]
pub async fn seed(_setup: &Setup) -> Result<()> {
    bail!("{}", without_demo("`orderdeck demo`"))
}

#[cfg(not(feature = "demo"))]
pub async fn sim(_args: SimArgs) -> Result<()> {
    bail!("{}", without_demo("`orderdeck sim`"))
}

#[cfg(not(feature = "demo"))]
pub async fn bench(_setup: &Setup, _what: BenchWhat) -> Result<()> {
    bail!("{}", without_demo("`orderdeck bench`"))
}

#[cfg(not(feature = "demo"))]
pub async fn for_console(
    _pool: &PgPool,
    _config: &mut Config,
    _operator: &str,
) -> Result<DemoGuard> {
    bail!("{}", without_demo("--demo"))
}

/// Says at once, before any database is opened, when `--demo` cannot be had.
pub fn check_available() -> anyhow::Result<()> {
    #[cfg(not(feature = "demo"))]
    bail!("{}", without_demo("--demo"));
    #[cfg(feature = "demo")]
    Ok(())
}

#[cfg(feature = "demo")]
pub use with_demo::*;

#[cfg(feature = "demo")]
mod with_demo {
    use std::time::Duration;

    use anyhow::Result;
    use sqlx::PgPool;

    use orderdeck_app::assistant::config::{ChannelSetting, Mode};
    use orderdeck_app::config::Config;
    use orderdeck_integrations::marketplace::ChannelKind;
    use orderdeck_sim::{SimOptions, demo};

    use super::DemoGuard;
    use crate::cli::setup::Setup;
    use crate::cli::{BenchWhat, SimArgs};
    use crate::cli::{bench, bench_places};

    /// `orderdeck demo`: the demo shop seeded into an empty database.
    pub async fn seed(setup: &Setup) -> Result<()> {
        let pool = setup.target.open(4).await?;
        let report = demo::seed(&pool, chrono::Utc::now()).await?;
        say!("{report}");
        Ok(())
    }

    /// `orderdeck bench …`: benchmarks that print figures.
    pub async fn bench(setup: &Setup, what: BenchWhat) -> Result<()> {
        match what {
            BenchWhat::Render {
                orders,
                frames,
                size,
            } => bench::render(setup, orders, frames, &size).await,
            BenchWhat::Intake(b) => bench::intake(setup, b).await,
            BenchWhat::Track {
                shipments,
                latency_ms,
                concurrency,
            } => bench::track(setup, shipments, latency_ms, concurrency).await,
            BenchWhat::Sync { orders } => bench::sync(setup, orders).await,
            BenchWhat::Fulfil { orders } => crate::cli::bench_fulfil::run(setup, orders).await,
            BenchWhat::Places { addresses } => bench_places::run(setup, addresses).await,
            BenchWhat::Stations(b) => crate::cli::bench_stations::run(setup, b).await,
            BenchWhat::Api(b) => crate::cli::bench_api::run(setup, b).await,
            BenchWhat::Assistant {
                messages,
                concurrency,
            } => crate::cli::bench_assistant::run(setup, messages, concurrency).await,
        }
    }

    /// `--demo`: seeds the demo shop into an empty database, then — unless the config
    /// names real carriers — points the config at the demo's simulators (carriers,
    /// e-invoice providers, mail, marketplaces), so parcels move live on screen and
    /// marketplace orders arrive by themselves.
    ///
    /// One set of simulators per database: the first demo console starts them in its
    /// process and records where they listen; every later demo console on the database
    /// uses those. Two consoles each with simulators of their own would each be a
    /// different Shopee and GHN: tokens one console stored would mean nothing to the
    /// other's, and a parcel one shipped could not be tracked by the other. When the
    /// recorded ones no longer answer (their console quit), this console starts them anew.
    pub async fn for_console(
        pool: &PgPool,
        config: &mut Config,
        operator: &str,
    ) -> Result<DemoGuard> {
        let report = demo::seed(pool, chrono::Utc::now()).await?;
        tracing::info!("{report}");
        // The demo shop's own words for buyers, unless the config wrote the shop's.
        let texts = &config.assistant;
        if texts.returns.is_none() && texts.hours.is_none() && texts.shipping.is_none() {
            config.assistant = orderdeck_app::assistant::AssistantConfig::demo();
        }
        if config.carriers.ghn.is_some() || config.carriers.viettelpost.is_some() {
            config
                .assistant
                .set_quotes(&config.carriers, &config.shipping.sender);
            return Ok(DemoGuard {
                _sim: None,
                page: None,
                oa: None,
                listener: None,
                market: None,
            });
        }
        let shared = demo::shared_simulators(
            pool,
            SimOptions {
                speed: 4.0,
                // A restarted demo keeps its database: fresh ids and invoice numbers that
                // do not collide with what the last run handed out.
                seed: now_seed(),
                invoices_issued_before: invoice_numbers_used(pool).await,
                demo_catalog: true,
                // New marketplace orders arrive by themselves.
                channel_activity: Some(Duration::from_secs(15)),
                ..Default::default()
            },
            operator,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", orderdeck_i18n::t!("cli-demo-simulators")))?;
        let (endpoints, sim) = (shared.endpoints, shared.started);
        match &sim {
            Some(_) => tracing::info!("demo: simulators started at {}", endpoints.addr),
            None => tracing::info!("demo: using the simulators at {}", endpoints.addr),
        }
        // The console that runs the simulators listens for their webhooks and pushes on
        // loopback. Bound now, not when the console starts it: Shopee signs each push over
        // the callback URL registered for it, which the config must hold from the start.
        let mut listener = None;
        if sim.is_some() {
            match tokio::net::TcpListener::bind(("127.0.0.1", 0)).await {
                Ok(l) => listener = Some(l),
                Err(e) => tracing::warn!("demo: no webhook listener: {e}"),
            }
        }
        let mut market = None;
        config.carriers.ghn = Some(endpoints.ghn_config());
        config.carriers.viettelpost = Some(endpoints.viettel_post_config());
        if config.shipping.sender.name.is_empty() {
            config.shipping.sender = demo::demo_sender();
        }
        // The buyers' shipping questions are quoted by the demo's carriers.
        config
            .assistant
            .set_quotes(&config.carriers, &config.shipping.sender);
        config.shipping.poll_seconds.get_or_insert(3);
        config
            .shipping
            .print_command
            .get_or_insert_with(|| "true".into());
        // Its e-invoice providers too, so invoices can be issued in the demo.
        if config.invoices.sinvoice.is_none() && config.invoices.misa.is_none() {
            config.invoices = endpoints.invoice_providers_config();
        }
        if config.smtp.is_none() {
            config.smtp = Some(endpoints.smtp_config());
        }
        if config.invoicing.seller_name.is_empty() {
            let given = config.invoicing.clone();
            config.invoicing = demo::demo_seller();
            config.invoicing.vat_symbol = given.vat_symbol;
            config.invoicing.sales_symbol = given.sales_symbol;
            // Invoices issue themselves as orders complete, as a shop would set it up.
            config.invoicing.auto_provider = given.auto_provider.or(Some("sinvoice".into()));
            config.invoicing.auto_threshold = given.auto_threshold.or(Some(5_000_000));
        }
        // And its marketplaces: the demo's three shops, authorised as a seller would,
        // so their orders arrive by themselves — by the simulators that just started
        // (ones already running issued the tokens the database holds).
        if config.channels.shopee.is_none()
            && config.channels.lazada.is_none()
            && config.channels.tiktok.is_none()
        {
            config.channels = endpoints.channels_config();
            config.order_sync.every_seconds.get_or_insert(10);
            // With buyer chat: the demo's TikTok Shop and Shopee apps are Customer Service
            // apps (`chat = true`), the Shopee push URL the listener's, and the assistant
            // answers there by itself, selling from each shop's own stock.
            let shopee_push = listener
                .as_ref()
                .and_then(|l| l.local_addr().ok())
                .map(|a| format!("http://{a}/push/shopee"));
            if let Some(t) = config.channels.tiktok.as_mut() {
                t.chat = true;
            }
            if let Some(s) = config.channels.shopee.as_mut() {
                s.chat = true;
                s.push_url = shopee_push.clone();
            }
            for kind in [ChannelKind::TikTok, ChannelKind::Shopee] {
                config
                    .assistant
                    .channels
                    .entry(kind.code().to_string())
                    .or_insert_with(|| ChannelSetting {
                        mode: Mode::Auto,
                        sales_channel: kind.code().to_string(),
                    });
            }
            // Listings are matched at once (a real shop does it off-peak), so stock
            // changes are pushed to the shops from the start.
            if config.listings.product_sync_window.is_none() {
                config.listings.product_sync_window = "00:00-23:59".parse().ok();
            }
            if let Some(sim) = &sim {
                connect_demo_shops(pool, sim).await?;
                // Shopee lets only a Customer Service app use seller chat; the simulated
                // one refuses sends until told it is one.
                sim.shopee_chat_grant(true);
                market = shopee_push.map(|url| (sim.market_buyers(), url));
            }
        }
        // And its website on WooCommerce, whose orders come by webhook to the listener
        // this console runs (`DemoGuard::send_webhooks_to`); its stock follows ours.
        if config.storefronts.is_empty()
            && let Some(sim) = &sim
        {
            config.storefronts.insert(
                super::DEMO_STOREFRONT.to_string(),
                sim.storefront_config(
                    orderdeck_integrations::marketplace::ChannelKind::WooCommerce,
                ),
            );
        }
        // And its Facebook Page: buyers write there too, and a person sends the
        // assistant's drafts (`[assistant.channels.messenger] mode = "draft"`).
        let mut page = None;
        if sim.is_some() && config.assistant.messenger.is_none() {
            match orderdeck_sim::messenger::MessengerSim::start(Default::default()).await {
                Ok(p) => {
                    let mut page_config = p.config();
                    // Order notices outside the 24-hour window go as the Page's approved
                    // utility template.
                    page_config.utility = orderdeck_sim::messenger::demo_utility();
                    config.assistant.messenger = Some(page_config);
                    page = Some(p);
                }
                Err(e) => tracing::warn!("demo: no Messenger simulator: {e}"),
            }
        }
        // And its Zalo OA: Vietnamese buyers write there, a person sends the drafts
        // (`[assistant.channels.zalo] mode = "draft"`), and order notices go by ZNS to
        // buyers with no conversation. Connected as a seller would: a consent code
        // exchanged for tokens, kept in the database.
        let mut oa = None;
        if sim.is_some() && config.assistant.zalo.is_none() {
            match orderdeck_sim::zalo::ZaloSim::start(Default::default()).await {
                Ok(z) => {
                    let mut zalo = z.config();
                    zalo.zns = Some(orderdeck_sim::zalo::demo_zns());
                    let connected = match orderdeck_integrations::zalo::ZaloClient::new(&zalo) {
                        Ok(client) => {
                            orderdeck_app::zalo::connect(pool, &client, &z.auth_code(), None)
                                .await
                                .map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e),
                    };
                    match connected {
                        Ok(_) => {
                            config.assistant.zalo = Some(zalo);
                            oa = Some(z);
                        }
                        Err(e) => tracing::warn!("demo: the Zalo OA was not connected: {e}"),
                    }
                }
                Err(e) => tracing::warn!("demo: no Zalo simulator: {e}"),
            }
        }
        // And a language model writing the replies through the assistant's tools: the
        // simulated OpenAI-compatible endpoint (the built-in engine answers if it fails).
        if sim.is_some() && config.assistant.model.is_none() {
            match orderdeck_sim::llm::ModelSim::start_quiet(None).await {
                Ok(m) => {
                    config.assistant.model = Some(m.config());
                    config.assistant.model_client = Default::default();
                }
                Err(e) => tracing::warn!("demo: no language-model simulator: {e}"),
            }
        }
        Ok(DemoGuard {
            _sim: sim,
            page,
            oa,
            listener,
            market,
        })
    }

    fn now_seed() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
    }

    /// Stores the simulated shops' tokens on the demo's sales channels.
    async fn connect_demo_shops(
        pool: &PgPool,
        sim: &orderdeck_sim::SimHandle,
    ) -> anyhow::Result<()> {
        for (kind, pair) in [
            ("shopee", sim.shopee_authorize()),
            ("lazada", sim.lazada_authorize()),
            ("tiktok", sim.tiktok_authorize()),
        ] {
            let row = orderdeck_store::channels::ensure(pool, kind, kind, "").await?;
            orderdeck_app::channels::store_tokens(pool, row.id, &pair).await?;
        }
        Ok(())
    }

    /// How many invoices the demo database holds: the simulated providers number after them.
    async fn invoice_numbers_used(pool: &PgPool) -> u64 {
        orderdeck_store::invoices::count(pool)
            .await
            .map_or(0, |n| u64::try_from(n).unwrap_or(0))
    }

    /// `orderdeck sim`: the loopback simulator (carriers, e-invoice providers, marketplaces
    /// and a mail sink), until interrupted; it prints the config lines that point at it.
    /// Every `channel_activity_secs` (0: never) a marketplace buyer orders, cancels or
    /// changes an address.
    pub async fn sim(args: SimArgs) -> Result<()> {
        let opts = SimOptions {
            seed: args.seed,
            speed: args.step_seconds,
            smtp_port: args.smtp_port,
            channel_activity: (args.channel_activity > 0)
                .then(|| Duration::from_secs(args.channel_activity)),
            demo_catalog: args.demo_catalog,
            ..Default::default()
        };
        let backlog = args.backlog;
        let activity = opts.channel_activity;
        let handle = orderdeck_sim::start(args.listen, opts).await?;
        if backlog > 0 {
            handle.add_backlog(backlog, chrono::Duration::days(20));
            say!("{backlog} paid orders waiting on each marketplace (last 20 days)");
        }
        let ghn = handle.ghn_config();
        let vtp = handle.viettel_post_config();
        say!("carrier simulator on http://{}", handle.addr);
        say!(
            "  [carriers.ghn]\n  base_url = \"{}\"\n  token = \"{}\"\n  shop_id = {}",
            ghn.base_url,
            ghn.token,
            ghn.shop_id
        );
        say!(
            "  [carriers.viettelpost]\n  base_url = \"{}\"\n  username = \"{}\"\n  password = \"{}\"",
            vtp.base_url,
            vtp.username,
            vtp.password
        );
        let si = handle.sinvoice_config();
        let misa = handle.misa_config();
        say!(
            "  [invoices.sinvoice]\n  base_url = \"{}\"\n  username = \"{}\"\n  password = \"{}\"\n  supplier_tax_code = \"{}\"",
            si.base_url,
            si.username,
            si.password,
            si.supplier_tax_code
        );
        say!(
            "  [invoices.misa]\n  base_url = \"{}\"\n  app_id = \"{}\"\n  tax_code = \"{}\"\n  username = \"{}\"\n  password = \"{}\"",
            misa.base_url,
            misa.app_id,
            misa.tax_code,
            misa.username,
            misa.password
        );
        let shopee = handle.shopee_config();
        say!(
            "  [channels.shopee]\n  base_url = \"{}\"\n  partner_id = {}\n  partner_key = \"{}\"\n  shop_id = {}\n  logistic_ids = {:?}",
            shopee.base_url,
            shopee.partner_id,
            shopee.partner_key,
            shopee.shop_id,
            shopee.logistic_ids
        );
        let lazada = handle.lazada_config();
        say!(
            "  [channels.lazada]\n  base_url = \"{}\"\n  auth_url = \"{}\"\n  app_key = \"{}\"\n  app_secret = \"{}\"",
            lazada.base_url,
            lazada.auth_url,
            lazada.app_key,
            lazada.app_secret
        );
        let tiktok = handle.tiktok_config();
        say!(
            "  [channels.tiktok]\n  base_url = \"{}\"\n  auth_url = \"{}\"\n  app_key = \"{}\"\n  app_secret = \"{}\"\n  authorize_url = \"{}\"",
            tiktok.base_url,
            tiktok.auth_url,
            tiktok.app_key,
            tiktok.app_secret,
            tiktok.authorize_url.unwrap_or_default()
        );
        let smtp = handle.smtp_config();
        say!(
            "  [smtp]\n  host = \"{}\"\n  port = {}\n  security = \"{}\"\n  username = \"{}\"\n  password = \"{}\"\n  from = \"{}\"",
            smtp.host,
            smtp.port(),
            smtp.security.code(),
            smtp.username.as_deref().unwrap_or_default(),
            smtp.password.as_deref().unwrap_or_default(),
            smtp.from
        );
        // The four website shops, each under the channel code `web-<platform>`.
        for kind in orderdeck_integrations::marketplace::ChannelKind::STOREFRONTS {
            let code = format!("web-{}", kind.code());
            let mut table = toml::Table::new();
            table.insert(
                code.clone(),
                toml::Value::try_from(handle.storefront_config(kind))?,
            );
            let mut outer = toml::Table::new();
            outer.insert("storefronts".into(), toml::Value::Table(table));
            let text = toml::to_string(&outer)?;
            say!("  {}", text.trim_end().replace('\n', "\n  "));
        }
        if let Some(url) = &args.woocommerce_webhook {
            handle.set_storefront_callback(
                orderdeck_integrations::marketplace::ChannelKind::WooCommerce,
                Some(url.clone()),
            );
            say!("the WooCommerce shop sends its orders' webhooks to {url}");
        }
        if let Some(every) = activity {
            say!(
                "marketplace buyers act every {} s (new orders, cancellations, address changes)",
                every.as_secs()
            );
        }
        let _ = tokio::signal::ctrl_c().await;
        drop(handle);
        Ok(())
    }
}
