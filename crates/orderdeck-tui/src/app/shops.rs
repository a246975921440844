//! Marketplace shops in the console: sync now with its progress bar, reconnect, stock
//! buffer.

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::jobs::Job;
use crate::lists::{ListKind, PaneId};
use orderdeck_domain::channels::SyncProgress;

use super::*;
use crate::shops::*;

impl App {
    /// The shop the keys act on: the open detail's, else the selected row's.
    pub(super) fn selected_shop_id(&self) -> Option<i64> {
        let state = self.list(ListKind::Channels);
        match &state.detail {
            Some(d) => Some(d.id),
            None => state.pager.selected_row().map(|r| r.id),
        }
    }

    /// The Channels row the keys act on: its id and platform.
    pub(super) fn selected_shop(&mut self) -> Option<(i64, String)> {
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
                 units (never below 0), so a sale elsewhere cannot oversell it. {{save}} saves."
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
        let FormKind::Reconnect { link, .. } = &self.form.as_ref()?.kind else {
            return None;
        };
        if !self.keymap.matches(Action::CopyLink, Mode::Form, &key) {
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
