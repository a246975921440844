use crate::services::Services;
use chrono::Utc;
use orderdeck_app::channel_sync::{SyncError, SyncProgress, Syncer};
use orderdeck_app::channels::{self, ChannelClient, OpenChannel};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_integrations::marketplace::{ChannelError, ChannelKind, SalesChannel, consent_code};
use orderdeck_store::channels as channel_store;
use orderdeck_tui::outcome::Done;
use orderdeck_tui::shops::{ShopJob, SyncBar};
use sqlx::PgPool;

/// "4 h 59 m": how long new tokens last.
pub(crate) fn lasting(until: chrono::DateTime<Utc>) -> String {
    let mins = (until - Utc::now()).num_minutes().max(0);
    match mins {
        m if m >= 2 * 24 * 60 => format!("{} days", m / (24 * 60)),
        m if m >= 60 => format!("{} h {} m", m / 60, m % 60),
        m => format!("{m} min"),
    }
}

/// The shop behind a Channels row, opened with its client; refused with the reason.
pub(crate) async fn open_shop(
    pool: &PgPool,
    services: &Services,
    shop_id: i64,
) -> Result<OpenChannel, String> {
    let row = channel_store::get(pool, shop_id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("that shop no longer exists")?;
    let Some(kind) = ChannelKind::parse(&row.kind) else {
        return Err(format!(
            "{} is not a marketplace: its orders are entered here, not pulled",
            row.name
        ));
    };
    let shop = channels::open(pool, &services.config.channels, kind)
        .await
        .map_err(|e| format!("{}: {e}", kind.label()))?
        .ok_or_else(|| {
            format!(
                "{} is not configured on this console: add [channels.{}] to the config file",
                kind.label(),
                kind.code()
            )
        })?;
    if shop.row.id != shop_id {
        return Err(format!(
            "{} is configured for shop {}, not {}",
            kind.label(),
            shop.row.code,
            row.code
        ));
    }
    Ok(shop)
}

pub async fn run(
    pool: &PgPool,
    services: Option<&Services>,
    job: ShopJob,
    actor: &str,
    progress: &(dyn Fn(SyncBar) + Send + Sync),
) -> Result<Done, String> {
    // Shop jobs that call a platform need its config; the stock buffer lives in the
    // database alone.
    let services = || services.ok_or("marketplace shops are not set up in this console");
    match job {
        ShopJob::LoadBuffer { shop_id } => {
            let shop = orderdeck_store::shops::get(pool, shop_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("that shop no longer exists")?;
            Ok(Done::BufferForm {
                shop_id: shop.id,
                shop: format!("{} ({})", shop.name, shop.code),
                buffer: shop.stock_buffer,
                listings: shop.listings,
            })
        }
        ShopJob::SaveBuffer { shop_id, typed } => {
            let buffer = match channels::parse_stock_buffer(&typed) {
                Ok(b) => b,
                Err(e) => return Ok(Done::FormRefused(vec![("buffer".into(), e)])),
            };
            match channel_store::set_stock_buffer(pool, shop_id, buffer).await {
                Ok(Some(listings)) => Ok(Done::Saved(format!(
                    "{buffer} unit(s) of each variant held back from this shop; its {listings} \
                     listing(s) get the new figure with the next stock push"
                ))),
                Ok(None) => Err("that shop no longer exists".into()),
                Err(e) => Err(e.to_string()),
            }
        }
        ShopJob::Sync { shop_id } => {
            let services = services()?;
            let shop = match open_shop(pool, services, shop_id).await {
                Ok(shop) => shop,
                Err(e) => {
                    return Ok(Done::SyncEnded {
                        shop_id,
                        result: Err(e),
                    });
                }
            };
            let platform = shop.kind().label();
            // Orders go through the same intake as every other, one writer: a console
            // pull is one shop's pages, one after another.
            let syncer = Syncer::new(
                pool.clone(),
                IntakeQueue::start(pool.clone(), 1),
                services.config.order_sync.options(actor),
            );
            let tell = |done_so_far: SyncProgress| {
                progress(SyncBar {
                    shop_id,
                    platform: platform.to_string(),
                    progress: done_so_far,
                });
            };
            let result = syncer
                .sync_channel_watched(&shop.client, shop.row.id, &tell)
                .await
                .map(|r| format!("{platform}: pulled — {r}"))
                .map_err(|e| match e {
                    SyncError::Busy(_) => format!("{platform}: {e}"),
                    e => format!("{platform}: {e} (what was pulled before it is kept)"),
                });
            Ok(Done::SyncEnded { shop_id, result })
        }
        ShopJob::Reconnect { shop_id } => {
            let services = services()?;
            let shop = open_shop(pool, services, shop_id).await?;
            let platform = shop.kind().label();
            let why = if shop.row.has_tokens {
                match shop.client.refresh_tokens().await {
                    Ok(pair) => {
                        return Ok(Done::Said(format!(
                            "{platform}: reconnected — new tokens stored, good for {}",
                            lasting(pair.access_expires_at)
                        )));
                    }
                    // Not the tokens' fault: nothing to authorise again.
                    Err(
                        e @ (ChannelError::Transport { .. }
                        | ChannelError::RateLimited { .. }
                        | ChannelError::TokensNotSaved { .. }),
                    ) => return Err(format!("{platform}: {e}")),
                    Err(e) => format!("the stored tokens no longer work ({e})"),
                }
            } else {
                "the shop has not been authorised yet".to_string()
            };
            let redirect = services.config.channels.redirect();
            let link = match &shop.client {
                ChannelClient::Shopee(c) => Some(c.auth_link(redirect)),
                ChannelClient::Lazada(c) => Some(c.auth_link(redirect, &shop.row.code)),
                ChannelClient::TikTok(c) => c.auth_link(&shop.row.code),
            }
            .filter(|l| !l.is_empty());
            Ok(Done::ConsentNeeded {
                shop_id,
                platform: platform.to_string(),
                why,
                link,
            })
        }
        ShopJob::Authorise { shop_id, pasted } => {
            let code = match consent_code(&pasted) {
                Ok(code) => code,
                Err(e) => return Ok(Done::FormRefused(vec![("code".into(), e)])),
            };
            let shop = open_shop(pool, services()?, shop_id).await?;
            let platform = shop.kind().label();
            match shop.client.exchange_code(&code).await {
                Ok(pair) => Ok(Done::Saved(format!(
                    "{platform}: authorised — new tokens stored, good for {}; s pulls its \
                     orders now",
                    lasting(pair.access_expires_at)
                ))),
                Err(e @ (ChannelError::Rejected { .. } | ChannelError::Auth { .. })) => {
                    Ok(Done::FormRefused(vec![(
                        "code".into(),
                        format!("{e} — codes work once and briefly: consent again for a new one"),
                    )]))
                }
                // Shown under the field, so the consent link above stays on screen.
                Err(e) => Ok(Done::FormRefused(vec![(
                    "code".into(),
                    format!("{e}; nothing was stored — try again"),
                )])),
            }
        }
    }
}
