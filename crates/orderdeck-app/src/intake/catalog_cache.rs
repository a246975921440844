//! What an intake queue's writer remembers of the catalog from one group to the next.
//!
//! Reading channels, warehouses, variants and their stock for every group is a round trip
//! and a query per group — about a tenth of a busy queue's time. The writer keeps what it
//! read for a moment instead. That is safe because nothing kept is trusted: the write
//! statement checks every catalog fact it used (and aborts with OD002 if one changed), and
//! the stock figures are only a snapshot to decide on, which the write re-checks as it
//! always does (the CHECK on stock_levels, OD001). A failed check throws the kept facts
//! away and the group is decided again on facts read afresh.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use sqlx::PgConnection;

use super::Lookup;
use super::batch::LeftOver;
use orderdeck_domain::intake::NewOrder;

/// How long kept facts are used. Catalog facts are checked on every write whatever their
/// age; this bounds how old the stock figures of rows the writer has not touched can be
/// when it picks a warehouse (a stale figure can only cost a retry, never an oversell).
const FRESH_FOR: Duration = Duration::from_secs(1);

/// Most SKUs kept: past this, a reload reads only what the group at hand names.
const MOST_SKUS: usize = 5_000;

/// Facts read for deciding orders, and when.
pub(super) struct Kept {
    pub facts: Lookup,
    read_at: Instant,
    /// Each kept variant's SKU (the key of `facts.variants`) by its id, which is how a
    /// write names the stock rows it left.
    sku_of: HashMap<i64, String>,
}

/// A writer's kept catalog facts; [`CatalogCache::none`] keeps nothing.
pub(super) struct CatalogCache {
    kept: Option<Kept>,
    keeps: bool,
}

impl CatalogCache {
    /// For a one-off intake (the CLI, a form): every attempt reads afresh.
    pub fn none() -> Self {
        CatalogCache {
            kept: None,
            keeps: false,
        }
    }

    /// For a writer that takes group after group.
    pub fn new() -> Self {
        CatalogCache {
            kept: None,
            keeps: true,
        }
    }

    /// The kept facts, taken out, if they are fresh and name every channel, warehouse and
    /// SKU of `orders`. Taken, so a write that fails leaves nothing kept.
    pub fn take_covering(&mut self, orders: &[&NewOrder]) -> Option<Kept> {
        let fresh = self
            .kept
            .as_ref()
            .is_some_and(|k| k.read_at.elapsed() < FRESH_FOR && k.facts.covers(orders));
        if fresh { self.kept.take() } else { None }
    }

    /// Reads the facts `orders` need, with the SKUs kept so far (one query either way),
    /// so a writer whose groups name different SKUs soon needs no reads at all.
    pub async fn load(
        &mut self,
        conn: &mut PgConnection,
        orders: &[&NewOrder],
    ) -> Result<Kept, sqlx::Error> {
        let more: Vec<String> = match self.kept.take() {
            Some(k) if k.facts.variants.len() < MOST_SKUS => k.facts.variants.into_keys().collect(),
            _ => Vec::new(),
        };
        let facts = Lookup::load(conn, orders, &more).await?;
        let sku_of = facts
            .variants
            .values()
            .map(|v| (v.id, v.sku.clone()))
            .collect();
        Ok(Kept {
            facts,
            read_at: Instant::now(),
            sku_of,
        })
    }

    /// Keeps facts a write has just succeeded on, with the stock figures that write left
    /// on the rows it locked. Which orders existed was true of that group only.
    pub fn keep(&mut self, mut kept: Kept, left: &[LeftOver]) {
        if !self.keeps {
            return;
        }
        kept.facts.existing.clear();
        for (variant, warehouse, available) in left {
            let Some(v) = kept
                .sku_of
                .get(variant)
                .and_then(|sku| kept.facts.variants.get_mut(sku))
            else {
                continue;
            };
            if let Some(i) = v.warehouses.iter().position(|w| w == warehouse)
                && let Some(a) = v.available.get_mut(i)
            {
                *a = *available;
            }
        }
        self.kept = Some(kept);
    }
}

impl Lookup {
    /// Whether these facts name every channel, warehouse and SKU the orders name.
    fn covers(&self, orders: &[&NewOrder]) -> bool {
        orders.iter().all(|o| {
            self.channels.contains_key(o.channel.trim())
                && o.warehouse
                    .as_deref()
                    .is_none_or(|w| self.warehouses.contains_key(w.trim()))
                && o.lines
                    .iter()
                    .all(|l| self.variants.contains_key(l.sku.trim()))
        })
    }
}
