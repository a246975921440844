//! Marketplace order sync against a real PostgreSQL and the simulator: tokens kept in the
//! database, orders pulled through intake (once, whatever the overlaps), cancellations and
//! address changes from the platforms, webhooks.

mod common;

use orderdeck::integrations::marketplace::{
    ChannelKind, ChannelsConfig, PageCursor, SalesChannel, TimeRange,
};
use orderdeck::integrations::sim::{self, SimHandle, SimOptions};
use orderdeck::store::channels as store_channels;
use orderdeck::workflow::channels::{self, OpenChannel};

async fn start_sim() -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 42,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

fn config_for(sim: &SimHandle, kind: ChannelKind) -> ChannelsConfig {
    let mut cfg = ChannelsConfig::default();
    match kind {
        ChannelKind::Shopee => cfg.shopee = Some(sim.shopee_config()),
        ChannelKind::Lazada => cfg.lazada = Some(sim.lazada_config()),
        ChannelKind::TikTok => cfg.tiktok = Some(sim.tiktok_config()),
    }
    cfg
}

/// The shop opened from the database, authorised (tokens stored as after a consent).
async fn open_authorised(
    pool: &sqlx::PgPool,
    sim: &SimHandle,
    kind: ChannelKind,
) -> (ChannelsConfig, OpenChannel) {
    let cfg = config_for(sim, kind);
    let first = channels::open(pool, &cfg, kind).await.unwrap().unwrap();
    let pair = match kind {
        ChannelKind::Shopee => sim.shopee_authorize(),
        ChannelKind::Lazada => sim.lazada_authorize(),
        ChannelKind::TikTok => sim.tiktok_authorize(),
    };
    channels::store_tokens(pool, first.row.id, &pair)
        .await
        .unwrap();
    let open = channels::open(pool, &cfg, kind).await.unwrap().unwrap();
    (cfg, open)
}

fn last_days(days: i64) -> TimeRange {
    let now = chrono::Utc::now();
    TimeRange {
        from: now - chrono::Duration::days(days),
        to: now + chrono::Duration::seconds(1),
    }
}

#[tokio::test]
async fn tokens_live_in_the_database_and_a_refresh_is_stored_before_use() {
    let db = common::fresh_db().await;
    let sim = start_sim().await;
    for kind in ChannelKind::ALL {
        let (cfg, open) = open_authorised(&db.pool, &sim, kind).await;
        let before = store_channels::load_tokens(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        // The row and its Debug never show the tokens.
        let row = store_channels::get(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        assert!(row.has_tokens);
        let shown = format!("{row:?} {before:?} {open:?}");
        assert!(!shown.contains(&before.access_token), "{shown}");
        assert!(!shown.contains(&before.refresh_token), "{shown}");

        // The platform stops taking the access token in the middle of a pull.
        let range = last_days(40);
        let page = open.client.orders_changed(range, None).await.unwrap();
        sim.expire_channel_tokens(kind);
        let mut cursor: Option<PageCursor> = page.next;
        let mut pages = 1;
        while let Some(c) = cursor {
            let p = open.client.orders_changed(range, Some(&c)).await.unwrap();
            cursor = p.next;
            pages += 1;
        }
        assert!(pages >= 2, "{kind:?}: {pages} pages");
        assert_eq!(sim.channel_refresh_count(kind), 1, "{kind:?}");
        let after = store_channels::load_tokens(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(after.access_token, before.access_token, "{kind:?}");
        if kind == ChannelKind::Shopee {
            // Single-use refresh token: the new one is what is stored.
            assert_ne!(after.refresh_token, before.refresh_token);
        }

        // Another process opening the shop now starts from the stored pair, and a second
        // expiry is handled from it (Shopee's old refresh token would be refused).
        let again = channels::open(&db.pool, &cfg, kind).await.unwrap().unwrap();
        sim.expire_channel_tokens(kind);
        again
            .client
            .orders_changed(last_days(1), None)
            .await
            .unwrap();
        assert_eq!(sim.channel_refresh_count(kind), 2, "{kind:?}");

        // The first client's pair is stale now (and, on Shopee, its refresh token
        // spent): it takes the stored pair instead of refreshing.
        let refreshed = open.client.refresh_tokens().await.unwrap();
        let stored = store_channels::load_tokens(&db.pool, open.row.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(refreshed.access_token.expose(), stored.access_token);
        assert_eq!(sim.channel_refresh_count(kind), 2, "{kind:?}");
    }
}
