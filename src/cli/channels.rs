//! `orderdeck channels …`: authorise a marketplace shop (its tokens go to the database,
//! never to the screen), see where order sync stands, pull orders now.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use sqlx::PgPool;

use orderdeck_app::channel_sync::Syncer;
use orderdeck_app::channels::{self, ChannelClient, OpenChannel};
use orderdeck_app::config::Config;
use orderdeck_app::intake::IntakeQueue;
use orderdeck_i18n::t;
use orderdeck_integrations::marketplace::{ChannelKind, SalesChannel};
use orderdeck_store::channels as channel_store;

#[derive(Debug, Subcommand)]
pub enum ChannelsAction {
    /// The page where the seller authorises this app (Shopee, Lazada); it redirects to
    /// REDIRECT with a code for `channels connect`.
    Link {
        /// shopee or lazada (TikTok Shop: the authorisation link in Partner Center).
        channel: String,
        /// Where the platform sends the seller back, with `?code=…` (default: `[channels]
        /// redirect_url`, else https://localhost/orderdeck/authorised).
        #[arg(long)]
        redirect: Option<String>,
    },
    /// Authorise a shop: trade the code from the seller's consent for tokens, stored in
    /// the database (never printed in full).
    Connect {
        /// shopee, lazada or tiktok (a shop configured in [channels.*]).
        channel: String,
        /// The code from the consent redirect, or the whole address it came back to
        /// (Shopee: 10 minutes, once).
        #[arg(long)]
        code: String,
    },
    /// Each configured shop: tokens (last four characters), last pull, last error, orders
    /// that could not be taken in.
    Status,
    /// Hold this many units of each variant back from a shop (its listings show
    /// available − buffer); every listing of the shop is queued for a stock push.
    Buffer {
        /// The shop's code as pane 9 shows it (shopee, lazada, tiktok, website …).
        shop: String,
        units: String,
    },
    /// Pull a shop's changed orders now (the worker does it by itself), or one order.
    Sync {
        channel: String,
        /// Only this order (the platform's order id).
        #[arg(long)]
        order: Option<String>,
    },
}

/// The configured shop named on the command line, authorised or not.
pub(crate) async fn shop(pool: &PgPool, config: &Config, name: &str) -> Result<OpenChannel> {
    let Some(kind) = ChannelKind::parse(name) else {
        bail!("{}", t!("cli-channels-not-marketplace", given = name));
    };
    channels::open(pool, &config.channels, kind)
        .await?
        .with_context(|| {
            t!(
                "cli-channels-not-configured",
                channel = kind.label(),
                section = format!("[channels.{}]", kind.code())
            )
        })
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(|| t!("cli-channels-never"), crate::cli::utc_long)
}

pub async fn run(setup: &crate::cli::setup::Setup, action: ChannelsAction) -> Result<()> {
    let config = &setup.config;
    let pool = setup.target.open(4).await?;
    match action {
        ChannelsAction::Link { channel, redirect } => {
            let shop = shop(&pool, config, &channel).await?;
            let redirect = redirect.unwrap_or_else(|| config.channels.redirect().to_string());
            let link = match &shop.client {
                ChannelClient::Shopee(c) => c.auth_link(&redirect),
                ChannelClient::Lazada(c) => c.auth_link(&redirect, &shop.row.code),
                ChannelClient::TikTok(c) => match c.auth_link(&shop.row.code) {
                    Some(link) => link,
                    None => bail!("{}", t!("cli-channels-tiktok-link")),
                },
                ChannelClient::Store(c) => bail!(
                    "{}",
                    t!("console-storefront-no-consent", platform = c.kind().label())
                ),
            };
            if link.is_empty() {
                bail!("{}", t!("cli-channels-bad-link"));
            }
            say!("{link}");
        }
        ChannelsAction::Connect { channel, code } => {
            let shop = shop(&pool, config, &channel).await?;
            let code = orderdeck_integrations::marketplace::consent_code(&code)
                .map_err(anyhow::Error::msg)?;
            let pair = shop.client.exchange_code(&code).await?;
            say!(
                "{}",
                t!(
                    "cli-channels-authorised",
                    channel = shop.kind().label(),
                    shop = if shop.row.shop_id.is_empty() {
                        &shop.row.code
                    } else {
                        &shop.row.shop_id
                    },
                    token = pair.access_token.to_string(),
                    until = crate::cli::utc_minute(pair.access_expires_at)
                )
            );
        }
        ChannelsAction::Status => {
            let kinds = channels::configured(&config.channels);
            if kinds.is_empty() && config.storefronts.is_empty() {
                say!("{}", t!("cli-no-marketplace-configured"));
            }
            for (code, front) in &config.storefronts {
                say!("{} ({code}):", front.kind.label());
                let Some(row) = channel_store::find_by_code(&pool, code).await? else {
                    say!(
                        "  {}",
                        t!("cli-channels-no-channel-yet", channel = front.kind.label())
                    );
                    continue;
                };
                let health = orderdeck_store::storefronts::health(&pool, row.id).await?;
                say!(
                    "  {}",
                    t!(
                        "cli-storefront-hooks",
                        path = format!("/hooks/{code}"),
                        count = health.deliveries_today,
                        last = when(health.last_delivery)
                    )
                );
                if let Some((at, why)) = &health.last_refusal {
                    say!(
                        "  {}",
                        t!(
                            "cli-storefront-refused",
                            count = health.refused_today,
                            time = when(Some(*at)),
                            reason = crate::cli::commands::shown(why)
                        )
                    );
                }
            }
            for kind in kinds {
                let Some(row) = channel_store::find_by_kind(&pool, kind.code()).await? else {
                    say!(
                        "{}",
                        t!("cli-channels-no-channel-yet", channel = kind.label())
                    );
                    continue;
                };
                say!("{} ({}):", kind.label(), row.code);
                match orderdeck_app::channels::DbTokenStore::new(pool.clone(), row.id)
                    .load()
                    .await
                {
                    Ok(Some(tokens)) => say!(
                        "  {}",
                        t!(
                            "cli-channels-tokens",
                            access = tokens.access_token.to_string(),
                            access_until = when(Some(tokens.access_expires_at)),
                            refresh = tokens.refresh_token.to_string(),
                            refresh_until = when(tokens.refresh_expires_at)
                        )
                    ),
                    Ok(None) => say!("  {}", t!("cli-channels-no-tokens", channel = kind.code())),
                    Err(e) => say!(
                        "  {}",
                        t!("cli-channels-tokens-problem", problem = e.to_string())
                    ),
                }
                say!(
                    "  {}",
                    t!("cli-channels-last-pull", time = when(row.last_sync_at))
                );
                // The platform's words: shown, never sent.
                if let Some(e) = &row.last_error {
                    say!(
                        "  {}",
                        t!(
                            "cli-channels-last-error",
                            time = when(row.last_error_at),
                            problem = crate::cli::commands::shown(e)
                        )
                    );
                }
                let problems: Vec<(String, String, i32)> = sqlx::query_as(
                    "select external_id, reason, attempts from channel_order_problems
                     where channel_id = $1 order by last_seen desc",
                )
                .bind(row.id)
                .fetch_all(&pool)
                .await?;
                if !problems.is_empty() {
                    say!(
                        "  {}",
                        t!("cli-channels-not-taken-in", count = problems.len())
                    );
                    for (id, reason, attempts) in problems.iter().take(20) {
                        say!(
                            "    {}",
                            t!(
                                "cli-channels-problem",
                                id = crate::cli::commands::shown(id),
                                reason = crate::cli::commands::shown(reason),
                                attempts = *attempts
                            )
                        );
                    }
                    if problems.len() > 20 {
                        say!("    {}", t!("cli-and-more", count = problems.len() - 20));
                    }
                }
            }
        }
        ChannelsAction::Buffer { shop, units } => {
            let buffer = channels::parse_stock_buffer(&units).map_err(anyhow::Error::msg)?;
            let id: Option<i64> =
                sqlx::query_scalar("select id from sales_channels where code = lower($1)")
                    .bind(shop.trim())
                    .fetch_optional(&pool)
                    .await?;
            let Some(id) = id else {
                bail!("{}", t!("cli-channels-no-shop", shop = &shop));
            };
            match channel_store::set_stock_buffer(&pool, id, buffer).await? {
                Some(listings) => say!(
                    "{}",
                    t!(
                        "cli-channels-buffer-set",
                        shop = &shop,
                        buffer = buffer,
                        listings = listings
                    )
                ),
                None => bail!("{}", t!("cli-channels-shop-vanished", shop = &shop)),
            }
        }
        ChannelsAction::Sync { channel, order } => {
            let shop = shop(&pool, config, &channel).await?;
            let syncer = Syncer::new(
                pool.clone(),
                IntakeQueue::start(pool.clone(), 1),
                config.order_sync.options("channel sync"),
            );
            let report = match order {
                Some(id) => syncer.sync_order(&shop.client, shop.row.id, &id).await?,
                None => syncer.sync_channel(&shop.client, shop.row.id).await?,
            };
            say!("{}: {report}", shop.kind().label());
        }
    }
    Ok(())
}
