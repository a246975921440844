//! `orderdeck channels …`: authorise a marketplace shop (its tokens go to the database,
//! never to the screen), see where order sync stands, pull orders now.

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use sqlx::PgPool;

use orderdeck_app::channel_sync::Syncer;
use orderdeck_app::channels::{self, ChannelClient, OpenChannel};
use orderdeck_app::config::Config;
use orderdeck_app::intake::IntakeQueue;
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
        bail!("`{name}` is not a marketplace: shopee, lazada or tiktok");
    };
    channels::open(pool, &config.channels, kind)
        .await?
        .with_context(|| {
            format!(
                "{} is not configured: add [channels.{}] to the config file",
                kind.label(),
                kind.code()
            )
        })
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(
        || "never".to_string(),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
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
                    None => bail!(
                        "TikTok Shop: use the authorisation link of your app in Partner Center \
                         (or set [channels.tiktok] authorize_url), then `orderdeck channels \
                         connect tiktok --code …`"
                    ),
                },
            };
            if link.is_empty() {
                bail!("the configured base URL does not make a valid link");
            }
            say!("{link}");
        }
        ChannelsAction::Connect { channel, code } => {
            let shop = shop(&pool, config, &channel).await?;
            let code = orderdeck_integrations::marketplace::consent_code(&code)
                .map_err(anyhow::Error::msg)?;
            let pair = shop.client.exchange_code(&code).await?;
            say!(
                "{} shop {} authorised: tokens stored (access token {} until {})",
                shop.kind().label(),
                if shop.row.shop_id.is_empty() {
                    &shop.row.code
                } else {
                    &shop.row.shop_id
                },
                pair.access_token,
                pair.access_expires_at.format("%Y-%m-%d %H:%M UTC")
            );
        }
        ChannelsAction::Status => {
            let kinds = channels::configured(&config.channels);
            if kinds.is_empty() {
                say!(
                    "no marketplace shop is configured ([channels.shopee], [channels.lazada], \
                     [channels.tiktok])"
                );
            }
            for kind in kinds {
                let Some(row) = channel_store::find_by_kind(&pool, kind.code()).await? else {
                    say!("{}: no sales channel yet (made on first use)", kind.label());
                    continue;
                };
                say!("{} ({}):", kind.label(), row.code);
                match orderdeck_app::channels::DbTokenStore::new(pool.clone(), row.id)
                    .load()
                    .await
                {
                    Ok(Some(t)) => say!(
                        "  tokens: access {} until {}, refresh {} until {}",
                        t.access_token,
                        when(Some(t.access_expires_at)),
                        t.refresh_token,
                        when(t.refresh_expires_at)
                    ),
                    Ok(None) => say!(
                        "  tokens: none — authorise the shop (`orderdeck channels connect {}`)",
                        kind.code()
                    ),
                    Err(e) => say!("  tokens: {e}"),
                }
                say!("  last pull: {}", when(row.last_sync_at));
                // The platform's words: shown, never sent.
                if let Some(e) = &row.last_error {
                    say!(
                        "  last error ({}): {}",
                        when(row.last_error_at),
                        crate::cli::commands::shown(e)
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
                    say!("  orders not taken in ({}):", problems.len());
                    for (id, reason, attempts) in problems.iter().take(20) {
                        say!(
                            "    {}: {} ({attempts} tries)",
                            crate::cli::commands::shown(id),
                            crate::cli::commands::shown(reason)
                        );
                    }
                    if problems.len() > 20 {
                        say!("    … and {} more", problems.len() - 20);
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
                bail!("no shop `{shop}`: the codes are in pane 9 (shopee, lazada, tiktok, …)");
            };
            match channel_store::set_stock_buffer(&pool, id, buffer).await? {
                Some(listings) => say!(
                    "{shop}: {buffer} unit(s) held back; its {listings} listing(s) are queued \
                     for a stock push"
                ),
                None => bail!("shop `{shop}` vanished meanwhile"),
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
