//! Pane 9: the shops orderdeck sells through — platform, token state and expiry (never
//! the token itself), last successful sync, stock pushes waiting, last error.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::{DateTime, Utc};
use orderdeck_app::market_chat::{self, Access};
use orderdeck_i18n::t;
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig};
use orderdeck_store::{self as store, page::PageRequest, shops::ShopRow};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

fn platform(kind: &str) -> String {
    match kind {
        "shopee" => "Shopee".into(),
        "lazada" => "Lazada".into(),
        "tiktok" => "TikTok".into(),
        "haravan" => "Haravan".into(),
        "sapo" => "Sapo".into(),
        "woocommerce" => "WooCommerce".into(),
        "shopify" => "Shopify".into(),
        "website" => t!("console-platform-website"),
        "manual" => t!("console-platform-manual"),
        other => other.into(),
    }
}

/// Each marketplace's buyer-chat access as this console's config says it (pages are
/// fetched from the database alone; the config is read once at start). Unset: not
/// granted, which is also the config's default.
static CHAT_ACCESS: RwLock<Option<HashMap<ChannelKind, Access>>> = RwLock::new(None);

/// Records which marketplace shops were granted buyer chat (`[channels.<kind>] chat`).
pub fn set_chat_access(cfg: &ChannelsConfig) {
    let map = ChannelKind::ALL
        .into_iter()
        .filter_map(|k| market_chat::access(cfg, k).map(|a| (k, a)))
        .collect();
    if let Ok(mut g) = CHAT_ACCESS.write() {
        *g = Some(map);
    }
}

fn chat_access(kind: ChannelKind) -> Access {
    CHAT_ACCESS
        .read()
        .ok()
        .and_then(|g| g.as_ref().and_then(|m| m.get(&kind).copied()))
        .unwrap_or(Access::NotGranted)
}

/// "in 3h 20m" / "2d ago": how far a moment is from now, in the largest units that matter.
fn span(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let secs = (to - from).num_seconds().abs();
    let text = match secs {
        s if s < 60 => t!("console-span-seconds", seconds = s),
        s if s < 3600 => t!("console-span-minutes", minutes = s / 60),
        s if s < 86_400 => t!(
            "console-span-hours",
            hours = s / 3600,
            minutes = s % 3600 / 60
        ),
        s => t!(
            "console-span-days",
            days = s / 86_400,
            hours = s % 86_400 / 3600
        ),
    };
    if to >= from {
        t!("console-span-in", span = text)
    } else {
        t!("console-span-ago", span = text)
    }
}

/// The token's state as words and a tone.
pub fn token_state(s: &ShopRow, now: DateTime<Utc>) -> (String, Tone) {
    if s.is_storefront() {
        return hook_state(s, now);
    }
    if !s.is_marketplace() {
        return ("—".into(), Tone::Dim);
    }
    if !s.connected {
        return (t!("console-token-not-connected"), Tone::Error);
    }
    match s.token_expires_at {
        None => (t!("console-token-connected"), Tone::Ok),
        Some(at) if at <= now => (t!("console-token-expired"), Tone::Error),
        Some(at) if at - now < chrono::Duration::hours(1) => {
            (t!("console-token-ends", span = span(now, at)), Tone::Warn)
        }
        Some(at) => (t!("console-token-ok", span = span(now, at)), Tone::Ok),
    }
}

/// A storefront's webhooks as words and a tone: refusals first (a secret set wrong loses
/// every order until it is fixed), then how long since the last delivery.
fn hook_state(s: &ShopRow, now: DateTime<Utc>) -> (String, Tone) {
    if s.refused_today > 0 {
        return (
            t!("console-hooks-refused", count = s.refused_today),
            Tone::Error,
        );
    }
    match s.last_delivery {
        Some(at) => (t!("console-hooks-last", span = span(now, at)), Tone::Ok),
        None => (t!("console-hooks-none"), Tone::Warn),
    }
}

pub async fn fetch(pool: &PgPool, req: &PageRequest, fmt: &Fmt) -> store::Result<Vec<DisplayRow>> {
    let rows = store::shops::page(pool, req).await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let (token, tone) = token_state(&s, fmt.now);
            DisplayRow {
                id: s.id,
                id2: 0,
                key: s.key(),
                cells: vec![
                    Cell::new(orderdeck_domain::channels::channel_word(&s.code)),
                    Cell::new(platform(&s.kind)),
                    Cell::new(&s.name),
                    Cell::tone(token, tone),
                    match s.last_sync_at.or(s.last_delivery) {
                        Some(t) => Cell::new(span(fmt.now, t)),
                        None if s.is_marketplace() => Cell::tone(t!("console-never"), Tone::Warn),
                        None => Cell::tone("—", Tone::Dim),
                    },
                    Cell::tone(
                        s.pending.to_string(),
                        if s.pending > 0 { Tone::Warn } else { Tone::Dim },
                    ),
                    Cell::tone(
                        s.problems.to_string(),
                        if s.problems > 0 {
                            Tone::Error
                        } else {
                            Tone::Dim
                        },
                    ),
                    match &s.last_error {
                        Some(e) if !e.is_empty() => Cell::tone(e, Tone::Error),
                        _ => Cell::tone("", Tone::Dim),
                    },
                ],
            }
        })
        .collect())
}

pub async fn detail(pool: &PgPool, id: i64, fmt: &Fmt) -> store::Result<Option<Detail>> {
    let Some(s) = store::shops::get(pool, id).await? else {
        return Ok(None);
    };
    let mut d = Detail::new(t!("console-shop-title", code = &s.code, name = &s.name));
    d.field(
        &crate::words::label(t!("console-field-platform")),
        platform(&s.kind),
    );
    d.field(
        &crate::words::label(t!("console-field-shop-id")),
        if s.shop_id.is_empty() {
            "—".to_string()
        } else {
            s.shop_id.clone()
        },
    );
    d.field(
        &crate::words::label(t!("console-field-active")),
        if s.active {
            t!("common-yes")
        } else {
            t!("common-no")
        },
    );
    if s.is_storefront() {
        storefront_fields(pool, &mut d, &s, fmt).await?;
    }
    let (token, _) = token_state(&s, fmt.now);
    if !s.is_storefront() {
        d.field(
            &crate::words::label(t!("console-field-token")),
            match s.token_expires_at {
                Some(at) if s.connected => {
                    t!("console-token-until", state = &token, until = fmt.long(at))
                }
                _ => token,
            },
        );
    }
    // Buyer chat: connected, or why not and how to apply (each platform's rule).
    if s.is_marketplace()
        && let Some(kind) = ChannelKind::parse(&s.kind)
    {
        d.field(
            &crate::words::label(t!("console-field-buyer-chat")),
            market_chat::access_words(kind, chat_access(kind)),
        );
    }
    // A storefront's orders come by webhook (above): it has no order pull to date.
    if !s.is_storefront() {
        d.field(
            &crate::words::label(t!("console-field-last-sync")),
            s.last_sync_at.map_or_else(
                || t!("console-never"),
                |at| format!("{} ({})", fmt.long(at), span(fmt.now, at)),
            ),
        );
    }
    d.field(
        &crate::words::label(t!("console-field-listings")),
        s.listings.to_string(),
    );
    d.field(
        &crate::words::label(t!("console-field-stock-buffer")),
        t!("console-shop-buffer-value", units = s.stock_buffer),
    );
    d.field(
        &crate::words::label(t!("console-field-pending")),
        t!("console-shop-pending-value", changes = s.pending),
    );
    d.field(
        &crate::words::label(t!("console-field-orders-today")),
        s.orders_today.to_string(),
    );
    if let Some(e) = s.last_error.filter(|e| !e.is_empty()) {
        d.heading(t!("console-shop-last-error"));
        d.line(vec![Cell::tone(e, Tone::Error)]);
    }
    if s.problems > 0 {
        d.heading(t!("console-shop-problems", count = s.problems));
        for (id, why) in store::shops::problems(pool, id, 20).await? {
            d.line(vec![Cell::tone(format!("{id}  {why}"), Tone::Error)]);
        }
        if s.problems > 20 {
            d.line(vec![Cell::tone(
                t!("console-shop-problems-more", count = s.problems - 20),
                Tone::Dim,
            )]);
        }
    }
    Ok(Some(d))
}

/// A storefront's page: where its webhooks go, what came and what was refused.
async fn storefront_fields(
    pool: &PgPool,
    d: &mut Detail,
    s: &ShopRow,
    fmt: &Fmt,
) -> store::Result<()> {
    let health = store::storefronts::health(pool, s.id).await?;
    d.field(
        &crate::words::label(t!("console-field-webhook-path")),
        format!("POST /hooks/{}", s.code),
    );
    d.field(
        &crate::words::label(t!("console-field-webhooks")),
        match health.last_delivery {
            Some(at) => t!(
                "console-hooks-detail",
                count = health.deliveries_today,
                last = format!("{} ({})", fmt.long(at), span(fmt.now, at))
            ),
            None => t!("console-hooks-none"),
        },
    );
    if let Some((at, why)) = health.last_refusal {
        d.heading(t!("console-hooks-refused", count = health.refused_today));
        d.line(vec![Cell::tone(
            format!(
                "{}  {}",
                fmt.long(at),
                orderdeck_domain::text::visible(&why)
            ),
            Tone::Error,
        )]);
    }
    Ok(())
}
