//! Life on the marketplaces after the seed: every period one thing happens on one
//! platform, drawn from the sim's seed. Most of the time a buyer places an order; now and
//! then one cancels a recent order that has not shipped, or changes its address. Each
//! moves the order's update time to now, so incremental pulls by update time see it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;
use rand::rngs::StdRng;
use serde::Serialize;

use super::{SimState, lock};
use orderdeck_integrations::marketplace::ChannelKind;

/// One thing a buyer does on a marketplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// A new order, built like the seeded ones, in the platform's first status.
    NewOrder,
    /// A recent order that has not shipped is cancelled.
    Cancel,
    /// A recent order that has not shipped gets another delivery address.
    AddressChange,
}

/// How many of each the simulator has carried out (on demand or on its own).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActivityCounts {
    pub new_orders: usize,
    pub cancellations: usize,
    pub address_changes: usize,
}

/// What the activity stream keeps: its own RNG (from the seed, so HTTP traffic does not
/// change what happens) and the counts. Locked before any store.
pub(crate) struct ActivityState {
    rng: StdRng,
    pub counts: ActivityCounts,
}

impl ActivityState {
    pub fn new(rng: StdRng) -> ActivityState {
        ActivityState {
            rng,
            counts: ActivityCounts::default(),
        }
    }
}

/// Cancellations and address changes pick among this many most recently created orders.
const RECENT: usize = 10;

const STREETS: [&str; 4] = [
    "Hai Bà Trưng",
    "Điện Biên Phủ",
    "Nguyễn Trãi",
    "Cách Mạng Tháng Tám",
];

/// One of the `RECENT` newest candidates (by creation time), at random.
pub(super) fn pick_recent<T>(rng: &mut StdRng, mut candidates: Vec<(i64, T)>) -> Option<T> {
    candidates.sort_by_key(|(created, _)| std::cmp::Reverse(*created));
    candidates.truncate(RECENT);
    if candidates.is_empty() {
        return None;
    }
    let i = rng.random_range(0..candidates.len());
    Some(candidates.swap_remove(i).1)
}

/// A street address other than `old`.
pub(super) fn new_street(rng: &mut StdRng, old: &str) -> String {
    loop {
        let street = format!(
            "{} {}",
            rng.random_range(1..500),
            STREETS[rng.random_range(0..STREETS.len())]
        );
        if street != old {
            return street;
        }
    }
}

/// Carries out `activity` on `kind` now: the order's external id, or None when no recent
/// order can be cancelled or moved.
pub(crate) fn step(state: &SimState, kind: ChannelKind, activity: Activity) -> Option<String> {
    let mut act = lock(&state.activity);
    let id = apply(state, &mut act.rng, kind, activity, Utc::now())?;
    let counts = &mut act.counts;
    match activity {
        Activity::NewOrder => counts.new_orders += 1,
        Activity::Cancel => counts.cancellations += 1,
        Activity::AddressChange => counts.address_changes += 1,
    }
    tracing::debug!(
        channel = kind.code(),
        ?activity,
        id,
        "simulated buyer activity"
    );
    Some(id)
}

fn apply(
    state: &SimState,
    rng: &mut StdRng,
    kind: ChannelKind,
    activity: Activity,
    now: DateTime<Utc>,
) -> Option<String> {
    match (kind, activity) {
        (ChannelKind::Shopee, Activity::NewOrder) => Some(lock(&state.shopee).new_order(rng, now)),
        (ChannelKind::Shopee, Activity::Cancel) => lock(&state.shopee).cancel_recent(rng, now),
        (ChannelKind::Shopee, Activity::AddressChange) => {
            lock(&state.shopee).change_address_recent(rng, now)
        }
        (ChannelKind::Lazada, Activity::NewOrder) => Some(lock(&state.lazada).new_order(rng, now)),
        (ChannelKind::Lazada, Activity::Cancel) => lock(&state.lazada).cancel_recent(rng, now),
        (ChannelKind::Lazada, Activity::AddressChange) => {
            lock(&state.lazada).change_address_recent(rng, now)
        }
        (ChannelKind::TikTok, Activity::NewOrder) => Some(lock(&state.tiktok).new_order(rng, now)),
        (ChannelKind::TikTok, Activity::Cancel) => lock(&state.tiktok).cancel_recent(rng, now),
        (ChannelKind::TikTok, Activity::AddressChange) => {
            lock(&state.tiktok).change_address_recent(rng, now)
        }
        // Storefront orders arrive by webhook, not through a marketplace's state.
        (
            ChannelKind::Haravan
            | ChannelKind::Sapo
            | ChannelKind::WooCommerce
            | ChannelKind::Shopify,
            _,
        ) => None,
    }
}

/// One random step: a platform, then a new order 70% of the time, a cancellation 15%, an
/// address change 15% (a new order when there is nothing to cancel or move).
fn random_step(state: &SimState) {
    let (kind, activity) = {
        let mut act = lock(&state.activity);
        let kind = [
            ChannelKind::Shopee,
            ChannelKind::Lazada,
            ChannelKind::TikTok,
        ][act.rng.random_range(0..3)];
        let activity = match act.rng.random_range(0..100) {
            0..70 => Activity::NewOrder,
            70..85 => Activity::Cancel,
            _ => Activity::AddressChange,
        };
        (kind, activity)
    };
    if step(state, kind, activity).is_none() {
        step(state, kind, Activity::NewOrder);
    }
}

/// Runs until aborted: one random step every `period`.
pub(crate) async fn run(state: Arc<SimState>, period: Duration) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await; // the first tick is immediate: the seed is the start
    loop {
        ticks.tick().await;
        random_step(&state);
        // The storefronts' own stream (its own randomness): only those given a callback.
        if lock(&state.storefronts.activity_rng).random_bool(0.5) {
            super::storefront::activity_step(&state).await;
        }
    }
}

/// The base of a seeded listing's SKU (`TT-001`). By default each platform has a range of
/// its own (`own` = k, 100 + k, 200 + k). With `demo`, the demo catalog's: products 1–80,
/// 16 per category (TT, GD, MP, DT, TP), `shift` apart per platform — so the orders the
/// simulated shops send name SKUs the demo shop sells.
pub(crate) fn sku_base(prefixes: &[&str; 5], k: i64, own: i64, shift: i64, demo: bool) -> String {
    if demo {
        const DEMO: [&str; 5] = ["TT", "GD", "MP", "DT", "TP"];
        let n = (k - 1 + shift).rem_euclid(80) + 1;
        let block = usize::try_from((n - 1) / 16).unwrap_or(0).min(4);
        format!("{}-{n:03}", DEMO[block])
    } else {
        let kind = usize::try_from(k).unwrap_or(0) % prefixes.len();
        format!("{}-{own:03}", prefixes[kind])
    }
}
