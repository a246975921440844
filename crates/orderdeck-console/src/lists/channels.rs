//! Pane 9: the shops orderdeck sells through — platform, token state and expiry (never
//! the token itself), last successful sync, stock pushes waiting, last error.

use chrono::{DateTime, Utc};
use orderdeck_store::{self as store, page::PageRequest, shops::ShopRow};
use orderdeck_tui::view::{Cell, Detail, DisplayRow, Fmt, Tone};
use sqlx::PgPool;

fn platform(kind: &str) -> &str {
    match kind {
        "shopee" => "Shopee",
        "lazada" => "Lazada",
        "tiktok" => "TikTok",
        "website" => "Website",
        "manual" => "Manual",
        other => other,
    }
}

/// "in 3h 20m" / "2d ago": how far a moment is from now, in the largest units that matter.
fn span(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let secs = (to - from).num_seconds().abs();
    let text = match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        s => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    };
    if to >= from {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// The token's state as words and a tone.
pub fn token_state(s: &ShopRow, now: DateTime<Utc>) -> (String, Tone) {
    if !s.is_marketplace() {
        return ("—".into(), Tone::Dim);
    }
    if !s.connected {
        return ("not connected".into(), Tone::Error);
    }
    match s.token_expires_at {
        None => ("connected".into(), Tone::Ok),
        Some(t) if t <= now => ("expired".into(), Tone::Error),
        Some(t) if t - now < chrono::Duration::hours(1) => {
            (format!("ends {}", span(now, t)), Tone::Warn)
        }
        Some(t) => (format!("ok, {}", span(now, t)), Tone::Ok),
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
                    Cell::new(&s.code),
                    Cell::new(platform(&s.kind)),
                    Cell::new(&s.name),
                    Cell::tone(token, tone),
                    match s.last_sync_at {
                        Some(t) => Cell::new(span(fmt.now, t)),
                        None if s.is_marketplace() => Cell::tone("never", Tone::Warn),
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
    let mut d = Detail::new(format!("Shop {} — {}", s.code, s.name));
    d.field("Platform", platform(&s.kind));
    d.field(
        "Shop id",
        if s.shop_id.is_empty() {
            "—".to_string()
        } else {
            s.shop_id.clone()
        },
    );
    d.field("Active", if s.active { "yes" } else { "no" });
    let (token, _) = token_state(&s, fmt.now);
    d.field(
        "Token",
        match s.token_expires_at {
            Some(t) if s.connected => format!("{token} (until {})", fmt.long(t)),
            _ => token,
        },
    );
    d.field(
        "Last sync",
        s.last_sync_at.map_or("never".to_string(), |t| {
            format!("{} ({})", fmt.long(t), span(fmt.now, t))
        }),
    );
    d.field("Listings", s.listings.to_string());
    d.field(
        "Stock buffer",
        format!("{} unit(s) held back from the shop", s.stock_buffer),
    );
    d.field(
        "Pending",
        format!("{} stock change(s) waiting to be pushed", s.pending),
    );
    d.field("Orders today", s.orders_today.to_string());
    if let Some(e) = s.last_error.filter(|e| !e.is_empty()) {
        d.heading("Last error");
        d.line(vec![Cell::tone(e, Tone::Error)]);
    }
    if s.problems > 0 {
        d.heading(format!(
            "Orders not taken in ({}; tried again on every pull)",
            s.problems
        ));
        for (id, why) in store::shops::problems(pool, id, 20).await? {
            d.line(vec![Cell::tone(format!("{id}  {why}"), Tone::Error)]);
        }
        if s.problems > 20 {
            d.line(vec![Cell::tone(
                format!("… and {} more (orderdeck channels status)", s.problems - 20),
                Tone::Dim,
            )]);
        }
    }
    Ok(Some(d))
}
