//! The Channels pane's keys (pane 9): pull a shop's orders now, drawn as a progress bar
//! while it runs, and reconnect a shop — refresh its tokens, or, when the platform no
//! longer takes them, authorise it again: the consent link to open in a browser and the
//! address (or code) it sends the seller back with, pasted into a form.

use chrono::Utc;
use sqlx::PgPool;
use tokio::sync::mpsc::UnboundedSender;

use crate::app::{App, Effect, Msg};
use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::jobs::{Done, Job};
use crate::panes::{ListKind, PaneId};
use crate::services::Services;
use orderdeck_app::channel_sync::{SyncError, SyncProgress, Syncer};
use orderdeck_app::channels::{self, ChannelClient, OpenChannel};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_integrations::marketplace::{ChannelError, ChannelKind, SalesChannel, consent_code};
use orderdeck_store::channels as channel_store;

#[derive(Debug, Clone)]
pub enum ShopJob {
    /// Pull the shop's changed orders now.
    Sync { shop_id: i64 },
    /// Refresh the shop's tokens; when that cannot work, ask for the seller's consent.
    Reconnect { shop_id: i64 },
    /// Trade the pasted consent code (or the address carrying it) for tokens.
    Authorise { shop_id: i64, pasted: String },
    /// The shop's stock buffer, for its form.
    LoadBuffer { shop_id: i64 },
    /// Hold this many units of each variant back from the shop.
    SaveBuffer { shop_id: i64, typed: String },
}

/// A pull running for one shop, drawn under the list until it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncBar {
    pub shop_id: i64,
    pub platform: String,
    pub progress: SyncProgress,
}

impl SyncBar {
    /// "Shopee · 1,250 orders read, 340 new, 2 updated" — what the bar says beside it.
    pub fn said(&self) -> String {
        let r = &self.progress.report;
        let mut text = format!(
            "{} · page {} · {} order(s) read, {} new",
            self.platform, r.pages, r.fetched, r.created
        );
        if r.updated + r.cancelled > 0 {
            text.push_str(&format!(", {} updated", r.updated + r.cancelled));
        }
        if r.problems > 0 {
            text.push_str(&format!(", {} not taken in", r.problems));
        }
        text
    }
}

/// The shop behind a Channels row, opened with its client; refused with the reason.
async fn open_shop(
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

/// "4 h 59 m": how long new tokens last.
fn lasting(until: chrono::DateTime<Utc>) -> String {
    let mins = (until - Utc::now()).num_minutes().max(0);
    match mins {
        m if m >= 2 * 24 * 60 => format!("{} days", m / (24 * 60)),
        m if m >= 60 => format!("{} h {} m", m / 60, m % 60),
        m => format!("{m} min"),
    }
}

pub async fn run(
    pool: &PgPool,
    services: Option<&Services>,
    job: ShopJob,
    actor: &str,
    tx: &UnboundedSender<Msg>,
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
            let tell = |progress: SyncProgress| {
                let _ = tx.send(Msg::SyncProgress(SyncBar {
                    shop_id,
                    platform: platform.to_string(),
                    progress,
                }));
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

/// The consent form: what to open, what to paste back.
pub fn consent_form(shop_id: i64, platform: &str, why: &str, link: Option<&str>) -> FormState {
    let mut form = Form::new(
        format!("Reconnect {platform}"),
        vec![
            Field::new("code", "Code", "")
                .hint("the address you were sent back to, or just its code"),
        ],
    );
    let steps = match link {
        Some(link) => format!(
            "{platform}: {why}.\n1. Open this link in a browser and approve as the seller \
             (Ctrl-y copies it):\n{link}\n2. Paste the address the browser lands on (or only \
             its code) below; Ctrl-s authorises. The code works once, for a few minutes."
        ),
        None => format!(
            "{platform}: {why}.\n1. In Partner Center, open your app's authorisation link and \
             approve as the seller (put the link in the config as authorize_url to see it \
             here).\n2. Paste the address you are sent back to (or only its code) below; \
             Ctrl-s authorises."
        ),
    };
    form.note = Some((steps, false));
    FormState {
        form,
        kind: FormKind::Reconnect {
            shop_id,
            link: link.map(str::to_string),
        },
    }
}

impl App {
    /// The shop the keys act on: the open detail's, else the selected row's.
    fn selected_shop_id(&self) -> Option<i64> {
        let state = self.list(ListKind::Channels);
        match &state.detail {
            Some(d) => Some(d.id),
            None => state.pager.selected_row().map(|r| r.id),
        }
    }

    /// The Channels row the keys act on: its id and platform.
    fn selected_shop(&mut self) -> Option<(i64, String)> {
        let id = self.selected_shop_id();
        let platform = self.selected_cell(ListKind::Channels, 1);
        match (id, platform) {
            (Some(id), Some(p)) if matches!(p.as_str(), "Shopee" | "Lazada" | "TikTok") => {
                Some((id, p))
            }
            (Some(_), Some(p)) => {
                self.error(format!(
                    "{p} orders are entered here, not pulled: pick a Shopee, Lazada or TikTok shop"
                ));
                None
            }
            _ => {
                self.error("select a shop first");
                None
            }
        }
    }

    /// `s` in Channels: pull the selected shop's orders now, with a progress bar.
    pub(crate) fn sync_selected_shop(&mut self) -> Vec<Effect> {
        if self.pane != PaneId::Channels {
            return Vec::new();
        }
        let Some((shop_id, platform)) = self.selected_shop() else {
            return Vec::new();
        };
        if self.syncs.iter().any(|b| b.shop_id == shop_id) {
            self.info(format!("{platform} is being pulled already"));
            return Vec::new();
        }
        self.syncs.push(SyncBar {
            shop_id,
            platform,
            progress: SyncProgress {
                permille: Some(0),
                ..SyncProgress::default()
            },
        });
        vec![Effect::Job(Job::Shops(ShopJob::Sync { shop_id }))]
    }

    /// `e` in Channels: the selected shop's stock buffer (any shop: the website's too).
    pub(crate) fn edit_shop_buffer(&mut self) -> Vec<Effect> {
        match self.selected_shop_id() {
            Some(shop_id) => vec![Effect::Job(Job::Shops(ShopJob::LoadBuffer { shop_id }))],
            None => {
                self.error("select a shop first");
                Vec::new()
            }
        }
    }

    pub(crate) fn on_buffer_form(&mut self, shop_id: i64, shop: &str, buffer: i32, listings: i64) {
        let mut form = Form::new(
            format!("Stock buffer — {shop}"),
            vec![Field::new("buffer", "Units", &buffer.to_string()).hint("0 or more")],
        );
        form.note = Some((
            format!(
                "Each of its {listings} listing(s) shows what we have available minus this many \
                 units (never below 0), so a sale elsewhere cannot oversell it. Ctrl-s saves."
            ),
            false,
        ));
        self.form = Some(FormState {
            form,
            kind: FormKind::ShopBuffer { shop_id },
        });
    }

    /// `r` in Channels: refresh the selected shop's tokens, or ask for consent.
    pub(crate) fn reconnect_selected_shop(&mut self) -> Vec<Effect> {
        if self.pane != PaneId::Channels {
            return Vec::new();
        }
        let Some((shop_id, platform)) = self.selected_shop() else {
            return Vec::new();
        };
        self.info(format!("{platform}: reconnecting …"));
        vec![Effect::Job(Job::Shops(ShopJob::Reconnect { shop_id }))]
    }

    pub(crate) fn on_sync_progress(&mut self, bar: SyncBar) {
        if let Some(b) = self.syncs.iter_mut().find(|b| b.shop_id == bar.shop_id) {
            *b = bar;
        }
    }

    pub(crate) fn on_sync_ended(&mut self, shop_id: i64, result: Result<String, String>) {
        self.syncs.retain(|b| b.shop_id != shop_id);
        match result {
            Ok(said) => self.info(said),
            Err(e) => self.error(e),
        }
    }

    /// Ctrl-y in the consent form: the link goes to the terminal's clipboard (OSC 52, so
    /// it works over SSH too) — a long link wrapped inside a box is hard to select.
    pub(crate) fn on_consent_key(
        &mut self,
        key: crossterm::event::KeyEvent,
    ) -> Option<Vec<Effect>> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let FormKind::Reconnect { link, .. } = &self.form.as_ref()?.kind else {
            return None;
        };
        if key.code != KeyCode::Char('y') || !key.modifiers.contains(KeyModifiers::CONTROL) {
            return None;
        }
        match link.clone() {
            Some(link) => {
                self.clipboard = Some(link);
                self.info(
                    "link copied to the clipboard (if your terminal allows it; else select it \
                     on screen)",
                );
            }
            None => self.error("no link to copy: it is in Partner Center"),
        }
        Some(Vec::new())
    }

    pub(crate) fn on_consent_needed(
        &mut self,
        shop_id: i64,
        platform: &str,
        why: &str,
        link: Option<&str>,
    ) {
        self.form = Some(consent_form(shop_id, platform, why, link));
        self.message = None;
    }
}

/// The pulls running now, one bar each: what has been read and taken in, and how far
/// through the time range the platform's pages have come.
pub fn draw_bars(frame: &mut ratatui::Frame, app: &App, area: ratatui::layout::Rect) {
    use ratatui::layout::Rect;
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Borders, LineGauge, Paragraph};

    let theme = &app.theme;
    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style("border_focus"))
        .title(Span::styled(" Pulling orders ", theme.style("title")));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    for (i, bar) in app.syncs.iter().enumerate() {
        let y = inner.y + 2 * i as u16;
        if y + 1 >= inner.y + inner.height {
            break;
        }
        frame.render_widget(
            Paragraph::new(bar.said()).style(theme.style("base")),
            Rect::new(inner.x, y, inner.width, 1),
        );
        let (ratio, label) = match bar.progress.permille {
            Some(p) => (
                f64::from(p.min(1000)) / 1000.0,
                format!("{:>3}%", p.min(1000) / 10),
            ),
            None => (0.0, " …".to_string()),
        };
        frame.render_widget(
            LineGauge::default()
                .ratio(ratio)
                .label(label)
                .filled_symbol("━")
                .unfilled_symbol("─")
                .filled_style(theme.style("ok"))
                .unfilled_style(theme.style("dim")),
            Rect::new(inner.x, y + 1, inner.width, 1),
        );
    }
}
