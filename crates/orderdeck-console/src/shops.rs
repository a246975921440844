use crate::services::Services;
use chrono::Utc;
use orderdeck_app::channel_sync::{SyncError, SyncProgress, Syncer};
use orderdeck_app::channels::{self, ChannelClient, OpenChannel};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_i18n::t;
use orderdeck_integrations::marketplace::{ChannelError, ChannelKind, SalesChannel, consent_code};
use orderdeck_store::channels as channel_store;
use orderdeck_tui::outcome::Done;
use orderdeck_tui::shops::{ShopJob, SyncBar};
use sqlx::PgPool;

/// "4 h 59 m": how long new tokens last.
pub(crate) fn lasting(until: chrono::DateTime<Utc>) -> String {
    let mins = (until - Utc::now()).num_minutes().max(0);
    match mins {
        m if m >= 2 * 24 * 60 => t!("console-lasting-days", days = m / (24 * 60)),
        m if m >= 60 => t!("console-lasting-hours", hours = m / 60, minutes = m % 60),
        m => t!("console-lasting-minutes", minutes = m),
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
        .ok_or_else(|| t!("console-shop-gone"))?;
    let Some(kind) = ChannelKind::parse(&row.kind) else {
        return Err(t!("console-shop-not-marketplace", name = &row.name));
    };
    if kind.is_storefront() {
        let Some(config) = services.config.storefronts.get(&row.code) else {
            return Err(t!("console-storefront-not-configured", code = &row.code));
        };
        let mut configs = std::collections::BTreeMap::new();
        configs.insert(row.code.clone(), config.clone());
        let (mut opened, problems) = orderdeck_app::storefronts::open_all(pool, &configs).await;
        return match opened.pop() {
            Some(front) => Ok(front.shop),
            None => Err(problems.join("; ")),
        };
    }
    let shop = channels::open(pool, &services.config.channels, kind)
        .await
        .map_err(|e| format!("{}: {e}", kind.label()))?
        .ok_or_else(|| {
            t!(
                "console-shop-not-configured",
                platform = kind.label(),
                code = kind.code()
            )
        })?;
    if shop.row.id != shop_id {
        return Err(t!(
            "console-shop-configured-for-other",
            platform = kind.label(),
            configured = &shop.row.code,
            shop = &row.code
        ));
    }
    Ok(shop)
}

pub async fn run(
    pool: &PgPool,
    services: Option<&Services>,
    job: ShopJob,
    actor: &str,
    progress: &(dyn Fn(orderdeck_tui::jobs::Progress) + Send + Sync),
) -> Result<Done, String> {
    // Shop jobs that call a platform need its config; the stock buffer lives in the
    // database alone.
    let services = || services.ok_or_else(|| t!("console-shops-not-set-up"));
    match job {
        ShopJob::LoadBuffer { shop_id } => {
            let shop = orderdeck_store::shops::get(pool, shop_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| t!("console-shop-gone"))?;
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
                Ok(Some(listings)) => Ok(Done::Saved(t!(
                    "console-buffer-saved",
                    buffer = buffer,
                    listings = listings
                ))),
                Ok(None) => Err(t!("console-shop-gone")),
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
            if shop.kind().is_storefront() {
                // A storefront's orders come by webhook; what a person can start here is
                // reading its variants, so its stock can go back.
                let result = orderdeck_app::product_sync::pull(pool, shop.row.id, &shop.client)
                    .await
                    .map(|r| {
                        t!(
                            "console-storefront-read",
                            platform = platform,
                            listings = r.listings,
                            matched = r.matched
                        )
                    })
                    .map_err(|e| {
                        t!(
                            "console-sync-failed",
                            platform = platform,
                            error = e.to_string()
                        )
                    });
                return Ok(Done::SyncEnded { shop_id, result });
            }
            // Orders go through the same intake as every other, one writer: a console
            // pull is one shop's pages, one after another.
            let syncer = Syncer::new(
                pool.clone(),
                IntakeQueue::start(pool.clone(), 1),
                services.config.order_sync.options(actor),
            );
            let tell = |done_so_far: SyncProgress| {
                progress(orderdeck_tui::jobs::Progress::Sync(SyncBar {
                    shop_id,
                    platform: platform.to_string(),
                    progress: done_so_far,
                }));
            };
            let result = syncer
                .sync_channel_watched(&shop.client, shop.row.id, &tell)
                .await
                .map(|r| {
                    t!(
                        "console-sync-pulled",
                        platform = platform,
                        report = r.to_string()
                    )
                })
                .map_err(|e| match e {
                    SyncError::Busy(_) => format!("{platform}: {e}"),
                    e => t!(
                        "console-sync-failed",
                        platform = platform,
                        error = e.to_string()
                    ),
                });
            Ok(Done::SyncEnded { shop_id, result })
        }
        ShopJob::Reconnect { shop_id } => {
            let services = services()?;
            let shop = open_shop(pool, services, shop_id).await?;
            let platform = shop.kind().label();
            if shop.kind().is_storefront() {
                return Err(t!("console-storefront-no-consent", platform = platform));
            }
            let why = if shop.row.has_tokens {
                match shop.client.refresh_tokens().await {
                    Ok(pair) => {
                        return Ok(Done::Said(t!(
                            "console-shop-reconnected",
                            platform = platform,
                            lasting = lasting(pair.access_expires_at)
                        )));
                    }
                    // Not the tokens' fault: nothing to authorise again.
                    Err(
                        e @ (ChannelError::Transport { .. }
                        | ChannelError::RateLimited { .. }
                        | ChannelError::TokensNotSaved { .. }),
                    ) => return Err(format!("{platform}: {e}")),
                    Err(e) => t!("console-shop-tokens-dead", error = e.to_string()),
                }
            } else {
                t!("console-shop-not-authorised")
            };
            let redirect = services.config.channels.redirect();
            let link = match &shop.client {
                ChannelClient::Shopee(c) => Some(c.auth_link(redirect)),
                ChannelClient::Lazada(c) => Some(c.auth_link(redirect, &shop.row.code)),
                ChannelClient::TikTok(c) => c.auth_link(&shop.row.code),
                ChannelClient::Store(_) => None,
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
                Ok(pair) => Ok(Done::Saved(t!(
                    "console-shop-authorised",
                    platform = platform,
                    lasting = lasting(pair.access_expires_at)
                ))),
                Err(e @ (ChannelError::Rejected { .. } | ChannelError::Auth { .. })) => {
                    Ok(Done::FormRefused(vec![(
                        "code".into(),
                        t!("console-shop-code-rejected", error = e.to_string()),
                    )]))
                }
                // Shown under the field, so the consent link above stays on screen.
                Err(e) => Ok(Done::FormRefused(vec![(
                    "code".into(),
                    t!("console-shop-code-failed", error = e.to_string()),
                )])),
            }
        }
    }
}
