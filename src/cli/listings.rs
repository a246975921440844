//! `orderdeck listings …`: product sync with a marketplace shop on demand, the stock
//! outbox drained now, and where both stand.

use std::time::Duration;

use anyhow::{Result, bail};
use clap::Subcommand;

use orderdeck_app::channels;
use orderdeck_app::product_sync;
use orderdeck_app::stock_sync::{self, DrainOptions, DrainReport, Pacer, Shops};
use orderdeck_i18n::t;

#[derive(Debug, Subcommand)]
pub enum ListingsAction {
    /// Product sync with one shop now: pull its listings and match them to our variants
    /// by SKU; with --push, then list every active variant that has no listing there.
    Sync {
        /// shopee, lazada or tiktok (a shop configured in [channels.*]).
        channel: String,
        /// Also create listings for our variants that have none on the shop.
        #[arg(long)]
        push: bool,
        /// With --push: only these SKUs (repeatable).
        #[arg(long = "sku", requires = "push")]
        skus: Vec<String>,
    },
    /// Push queued stock changes to the marketplaces now (the worker does it by itself).
    Drain {
        /// Also what is still inside its debounce delay.
        #[arg(long)]
        now: bool,
    },
    /// Listings per shop, the stock queue, the last product sync.
    Status,
}

use crate::cli::channels::shop;

fn print_list(title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    say!("  {title} ({}):", items.len());
    for i in items.iter().take(20) {
        say!("    {i}");
    }
    if items.len() > 20 {
        say!("    {}", t!("cli-and-more", count = items.len() - 20));
    }
}

fn print_pull(r: &product_sync::PullReport) {
    say!(
        "  {}",
        t!(
            "cli-listings-pulled",
            listings = r.listings,
            matched = r.matched,
            new = r.new,
            unmatched = r.unmatched.len(),
            ambiguous = r.ambiguous.len(),
            gone = r.gone,
            not_listed = r.not_listed
        )
    );
    print_list(&t!("cli-listings-unmatched"), &r.unmatched);
    print_list(&t!("cli-listings-ambiguous"), &r.ambiguous);
}

pub async fn run(setup: &crate::cli::setup::Setup, action: ListingsAction) -> Result<()> {
    let config = &setup.config;
    let pool = setup.target.open(4).await?;
    match action {
        ListingsAction::Sync {
            channel,
            push,
            skus,
        } => {
            let s = shop(&pool, config, &channel).await?;
            let kind = s.kind();
            if push {
                let only = (!skus.is_empty()).then_some(skus.as_slice());
                let r = product_sync::push(
                    &pool,
                    s.row.id,
                    &s.client,
                    config.listings.defaults(kind),
                    only,
                )
                .await?;
                say!(
                    "{}",
                    t!("cli-listings-sync-pull-push", channel = kind.label())
                );
                print_pull(&r.pull);
                say!(
                    "  {}",
                    t!(
                        "cli-listings-pushed",
                        created = r.created.len(),
                        found = r.found_after_timeout.len(),
                        failed = r.failed.len()
                    )
                );
                print_list(&t!("cli-listings-listed"), &r.created);
                print_list(
                    &t!("cli-listings-not-listed"),
                    &r.failed
                        .iter()
                        .map(|(sku, why)| format!("{sku}: {why}"))
                        .collect::<Vec<_>>(),
                );
            } else {
                let r = product_sync::pull(&pool, s.row.id, &s.client).await?;
                say!("{}", t!("cli-listings-sync-pull", channel = kind.label()));
                print_pull(&r);
            }
            say!("  {}", t!("cli-listings-pushes-queued"));
            Ok(())
        }
        ListingsAction::Drain { now } => {
            let mut shops = Shops::new();
            for (kind, opened) in channels::open_all(&pool, &config.channels).await {
                match opened {
                    Ok(s) => {
                        shops.insert(
                            s.row.id,
                            stock_sync::with_retry(&s.client, stock_sync::DRAIN_RETRY),
                        );
                    }
                    Err(e) => warn_user!("{}: {e}", kind.label()),
                }
            }
            if shops.is_empty() {
                bail!("{}", t!("cli-no-marketplace-configured"));
            }
            let opts = DrainOptions {
                horizon: if now {
                    Duration::from_secs(3600)
                } else {
                    Duration::ZERO
                },
                pace: config.listings.stock_pace_ms.pace(),
                ..DrainOptions::default()
            };
            let pacer = Pacer::new();
            let mut total = DrainReport::default();
            // Until nothing due is left (rows kept for later are not due again at once).
            for _ in 0..100 {
                let r = stock_sync::drain(&pool, &shops, &opts, &pacer).await?;
                let done = r.rows == 0 || r.rows == r.rescheduled;
                total.rows += r.rows;
                total.calls += r.calls;
                total.pushed += r.pushed;
                total.skipped += r.skipped;
                total.refused += r.refused;
                total.rescheduled += r.rescheduled;
                total.unconfigured += r.unconfigured;
                total.errors.extend(r.errors);
                if done {
                    break;
                }
            }
            say!(
                "{}",
                t!(
                    "cli-listings-drained",
                    rows = total.rows,
                    calls = total.calls,
                    pushed = total.pushed,
                    skipped = total.skipped,
                    refused = total.refused,
                    rescheduled = total.rescheduled,
                    unconfigured = total.unconfigured
                )
            );
            for e in &total.errors {
                say!("  {e}");
            }
            Ok(())
        }
        ListingsAction::Status => {
            let b = stock_sync::backlog(&pool).await?;
            let queue = t!(
                "cli-listings-queue",
                pending = b.pending,
                due = b.due,
                failing = b.failing
            );
            match b.last_error {
                Some(e) => say!(
                    "{queue} ({})",
                    t!("cli-listings-last-error", problem = e.to_string())
                ),
                None => say!("{queue}"),
            }
            type Row = (
                String,
                i64,
                i64,
                i64,
                Option<chrono::DateTime<chrono::Utc>>,
                Option<String>,
            );
            let rows: Vec<Row> = sqlx::query_as(
                "select c.code, count(l.id), count(l.variant_id),
                        count(l.id) filter (where l.last_push_error is not null),
                        ps.last_run_at, ps.last_error
                 from sales_channels c
                 left join channel_listings l on l.channel_id = c.id
                 left join channel_product_syncs ps on ps.channel_id = c.id
                 where c.kind in ('shopee', 'lazada', 'tiktok')
                 group by c.id, c.code, ps.last_run_at, ps.last_error order by c.code",
            )
            .fetch_all(&pool)
            .await?;
            if rows.is_empty() {
                say!("{}", t!("cli-listings-no-channel"));
            }
            for (code, listings, matched, refused, last, error) in rows {
                let ran = match last {
                    Some(at) => t!(
                        "cli-listings-sync-last-ran",
                        time = crate::cli::utc_minute(at)
                    ),
                    None => t!("cli-listings-sync-never-ran"),
                };
                let line = t!(
                    "cli-listings-channel",
                    channel = &code,
                    listings = listings,
                    matched = matched,
                    refused = refused,
                    ran = ran
                );
                match error {
                    Some(e) => say!("{line} ({})", t!("cli-listings-sync-failed", problem = e)),
                    None => say!("{line}"),
                }
            }
            match config.listings.product_sync_window {
                Some(w) => say!("{}", t!("cli-listings-window", window = w.to_string())),
                None => say!("{}", t!("cli-listings-on-demand")),
            }
            Ok(())
        }
    }
}
