//! The Channels pane's keys (pane 9): pull a shop's orders now, drawn as a progress bar
//! while it runs, and reconnect a shop — refresh its tokens, or, when the platform no
//! longer takes them, authorise it again: the consent link to open in a browser and the
//! address (or code) it sends the seller back with, pasted into a form.

use crate::app_forms::{FormKind, FormState};
use crate::form::{Field, Form};
use orderdeck_domain::channels::SyncProgress;
use orderdeck_i18n::t;

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
        let mut text = t!(
            "form-sync-said",
            platform = &self.platform,
            pages = r.pages,
            fetched = r.fetched,
            created = r.created
        );
        if r.updated + r.cancelled > 0 {
            text.push_str(&t!("form-sync-updated", count = r.updated + r.cancelled));
        }
        if r.problems > 0 {
            text.push_str(&t!("form-sync-problems", count = r.problems));
        }
        text
    }
}

/// The consent form: what to open, what to paste back.
pub fn consent_form(shop_id: i64, platform: &str, why: &str, link: Option<&str>) -> FormState {
    let mut form = Form::new(
        t!("form-consent-title", platform = platform),
        vec![Field::new("code", "form-consent-code", "").hint("form-consent-code-hint")],
    );
    let steps = match link {
        Some(link) => t!(
            "form-consent-steps",
            platform = platform,
            why = why,
            link = link
        ),
        None => t!("form-consent-steps-no-link", platform = platform, why = why),
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
