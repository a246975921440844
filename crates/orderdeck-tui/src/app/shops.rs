//! Marketplace shops in the console: sync now with its progress bar, reconnect, stock
//! buffer; a storefront's `s` reads its variants.

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use crate::jobs::Job;
use crate::lists::{ListKind, PaneId};
use orderdeck_domain::channels::SyncProgress;

use super::*;
use crate::shops::*;

/// The platforms whose orders are pulled (pane 9's platform column).
fn is_marketplace(platform: &str) -> bool {
    matches!(platform, "Shopee" | "Lazada" | "TikTok")
}

/// The seller's own website platforms: orders by webhook, stock pushed back.
fn is_storefront(platform: &str) -> bool {
    matches!(platform, "Haravan" | "Sapo" | "WooCommerce" | "Shopify")
}

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
            (Some(id), Some(p)) if is_marketplace(&p) || is_storefront(&p) => Some((id, p)),
            (Some(_), Some(p)) => {
                self.error(t!("form-shop-not-pulled", platform = &p));
                None
            }
            _ => {
                self.error(t!("form-select-shop"));
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
        // A storefront's orders come by webhook: `s` reads its variants (to match ours
        // by SKU, so its stock can go back), quick and without a bar.
        if is_storefront(&platform) {
            self.info(t!("form-storefront-reading", platform = &platform));
            return vec![Effect::Job(Job::Shops(ShopJob::Sync { shop_id }))];
        }
        if self.syncs.iter().any(|b| b.shop_id == shop_id) {
            self.info(t!("form-shop-pulling-already", platform = &platform));
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
                self.error(t!("form-select-shop"));
                Vec::new()
            }
        }
    }

    pub(crate) fn on_buffer_form(&mut self, shop_id: i64, shop: &str, buffer: i32, listings: i64) {
        let mut form = Form::new(
            t!("form-buffer-title", shop = shop),
            vec![
                Field::new("buffer", "form-buffer-units", &buffer.to_string())
                    .hint("form-buffer-units-hint"),
            ],
        );
        form.note = Some((t!("form-buffer-note", listings = listings), false));
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
        self.info(t!("form-shop-reconnecting", platform = &platform));
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
                self.info(t!("form-link-copied"));
            }
            None => self.error(t!("form-no-link")),
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
