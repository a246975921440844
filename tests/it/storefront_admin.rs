//! The storefront admin-API clients against the simulated stores: each platform's
//! variants listed with their SKUs and stock, found by SKU, stock set and read back in
//! the store, a refused push kept to itself, wrong keys and rate limits reported as
//! such.

use std::time::Duration;

use crate::common;

use orderdeck_integrations::marketplace::{
    ChannelError, ChannelKind, Listing, PageCursor, RetryPolicy, SalesChannel, Secret, StockPush,
};
use orderdeck_integrations::storefront::StorefrontClient;
use orderdeck_sim::{SimHandle, StorefrontLimits};

async fn start_sim() -> SimHandle {
    common::seeded_sim(42).await
}

fn client(sim: &SimHandle, kind: ChannelKind) -> StorefrontClient {
    StorefrontClient::new(kind.code(), &sim.storefront_config(kind))
        .unwrap()
        .with_retry(RetryPolicy::NEVER)
}

async fn all_listings(c: &StorefrontClient) -> Vec<Listing> {
    let mut out = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    for _ in 0..100 {
        let page = c.listings(cursor.as_ref()).await.unwrap();
        out.extend(page.listings);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return out,
        }
    }
    panic!("more than 100 pages of listings");
}

fn push_of(l: &Listing, qty: u32) -> StockPush {
    StockPush {
        item_id: l.item_id.clone(),
        sku_id: l.sku_id.clone(),
        sku: l.sku.clone(),
        qty,
    }
}

#[tokio::test]
async fn every_storefront_lists_finds_and_takes_stock() {
    let sim = start_sim().await;
    for kind in ChannelKind::STOREFRONTS {
        let c = client(&sim, kind);
        assert_eq!(c.kind(), kind);
        let listings = all_listings(&c).await;
        let with_sku: Vec<&Listing> = listings.iter().filter(|l| !l.sku.is_empty()).collect();
        assert!(with_sku.len() >= 2, "{kind:?}: {listings:?}");
        // What the client read is what the store holds. Haravan's and Shopify's
        // variant quantity is the sum over locations; stock is set (and read back by
        // the simulator) at the configured one.
        for l in &with_sku {
            if let Some(stock) = l.stock {
                let here = sim.storefront_stock(kind, &l.sku);
                if matches!(kind, ChannelKind::Haravan | ChannelKind::Shopify) {
                    assert!(
                        here.is_some_and(|h| h <= stock),
                        "{kind:?} {}: {here:?} vs {stock}",
                        l.sku
                    );
                } else {
                    assert_eq!(here, Some(stock), "{kind:?} {}", l.sku);
                }
            }
        }
        let target = with_sku[0];
        let found = c.find_listing(&target.sku).await.unwrap();
        assert!(
            found
                .iter()
                .any(|f| f.item_id == target.item_id && f.sku_id == target.sku_id),
            "{kind:?}: {found:?} should hold {target:?}"
        );
        assert!(
            c.find_listing("NO-SUCH-SKU-424242")
                .await
                .unwrap()
                .is_empty(),
            "{kind:?}"
        );

        // New figures, different from what the store holds, for the first two.
        let pushes: Vec<StockPush> = with_sku
            .iter()
            .take(2)
            .enumerate()
            .map(|(i, l)| {
                let qty = u32::try_from(l.stock.unwrap_or(0).max(0)).unwrap() + 7 + i as u32;
                push_of(l, qty)
            })
            .collect();
        let results = c.push_stock(&pushes).await.unwrap();
        assert_eq!(results.len(), pushes.len());
        for (p, r) in pushes.iter().zip(&results) {
            assert_eq!(r.sku, p.sku);
            assert_eq!(r.outcome, Ok(p.qty), "{kind:?} {}", p.sku);
            assert_eq!(
                sim.storefront_stock(kind, &p.sku),
                Some(i64::from(p.qty)),
                "{kind:?}: the store holds what was set for {}",
                p.sku
            );
        }
        // Setting zero is a real figure too.
        let zero = [push_of(with_sku[0], 0)];
        assert_eq!(c.push_stock(&zero).await.unwrap()[0].outcome, Ok(0));
        assert_eq!(sim.storefront_stock(kind, &with_sku[0].sku), Some(0));
    }
}

/// Ids the store does not have: that push is refused, the one beside it still lands.
#[tokio::test]
async fn an_unknown_variant_is_refused_alone() {
    let sim = start_sim().await;
    for kind in ChannelKind::STOREFRONTS {
        let c = client(&sim, kind);
        let listings = all_listings(&c).await;
        let good = listings.iter().find(|l| !l.sku.is_empty()).unwrap();
        let mut ghost = push_of(good, 3);
        ghost.sku = "GHOST".into();
        ghost.sku_id = match kind {
            ChannelKind::Shopify => "gid://shopify/InventoryItem/987654321".into(),
            _ => "987654321".into(),
        };
        let results = c.push_stock(&[ghost, push_of(good, 5)]).await.unwrap();
        assert!(results[0].outcome.is_err(), "{kind:?}: {results:?}");
        assert_eq!(results[1].outcome, Ok(5), "{kind:?}: {results:?}");
        assert_eq!(sim.storefront_stock(kind, &good.sku), Some(5), "{kind:?}");
    }
}

#[tokio::test]
async fn wrong_keys_are_an_auth_error() {
    let sim = start_sim().await;
    for kind in ChannelKind::STOREFRONTS {
        let mut cfg = sim.storefront_config(kind);
        match kind {
            ChannelKind::Sapo => cfg.api_secret = Some(Secret::new("wrong-secret")),
            ChannelKind::WooCommerce => cfg.consumer_secret = Some(Secret::new("cs_wrong")),
            _ => cfg.access_token = Some(Secret::new("wrong-token")),
        }
        let c = StorefrontClient::new(kind.code(), &cfg)
            .unwrap()
            .with_retry(RetryPolicy::NEVER);
        match c.listings(None).await {
            Err(ChannelError::Auth { .. }) => {}
            other => panic!("{kind:?}: {other:?}"),
        }
    }
}

/// Limits lowered so a handful of calls meets them: Haravan's bucket, Sapo's calls a
/// minute and Shopify's points each come back as `RateLimited` with a wait.
#[tokio::test]
async fn rate_limits_come_back_with_a_wait() {
    let sim = start_sim().await;
    let kinds = [
        ChannelKind::Haravan,
        ChannelKind::Sapo,
        ChannelKind::Shopify,
    ];
    // A listing of each first, under the real limits (a Shopify page of 250 variants
    // costs more points than the lowered bucket holds).
    let mut targets = Vec::new();
    for kind in kinds {
        let first = client(&sim, kind).listings(None).await.unwrap();
        let l = first
            .listings
            .into_iter()
            .find(|l| !l.sku.is_empty())
            .unwrap();
        targets.push(l);
    }
    sim.set_storefront_limits(StorefrontLimits {
        haravan_bucket: 3,
        haravan_leak_per_sec: 1.0,
        sapo_per_minute: 3,
        shopify_max_points: 15.0,
        shopify_restore_per_sec: 5.0,
        ..StorefrontLimits::default()
    });
    for (kind, l) in kinds.into_iter().zip(targets) {
        let c = client(&sim, kind);
        let mut limited = None;
        for n in 0..12u32 {
            match c.push_stock(&[push_of(&l, n)]).await {
                Ok(r) => assert_eq!(r[0].outcome, Ok(n), "{kind:?}"),
                Err(ChannelError::RateLimited { retry_after, .. }) => {
                    limited = Some(retry_after);
                    break;
                }
                Err(e) => panic!("{kind:?}: {e:?}"),
            }
        }
        let wait = limited.unwrap_or_else(|| panic!("{kind:?}: never rate limited"));
        assert!(wait >= Duration::from_secs(1), "{kind:?}: {wait:?}");

        // Waiting it out inside the call: the push lands.
        let patient = StorefrontClient::new(kind.code(), &sim.storefront_config(kind))
            .unwrap()
            .with_retry(RetryPolicy {
                max_retries: 3,
                max_wait: Duration::from_secs(30),
            });
        // Sapo's window is a minute (its wait is most of one): not waited out here.
        if kind != ChannelKind::Sapo {
            assert!(wait <= Duration::from_secs(3), "{kind:?}: {wait:?}");
            let r = patient.push_stock(&[push_of(&l, 42)]).await.unwrap();
            assert_eq!(r[0].outcome, Ok(42), "{kind:?}");
            assert_eq!(sim.storefront_stock(kind, &l.sku), Some(42), "{kind:?}");
        }
    }
}

#[tokio::test]
async fn storefronts_neither_pull_orders_nor_make_listings() {
    let sim = start_sim().await;
    let c = client(&sim, ChannelKind::WooCommerce);
    let err = c.refresh_tokens().await.unwrap_err();
    assert!(matches!(err, ChannelError::Rejected { .. }), "{err:?}");
    assert!(err.to_string().contains("storefronts.woocommerce"), "{err}");
    assert!(c.order_details(&["1".into()]).await.unwrap().is_empty());
}
