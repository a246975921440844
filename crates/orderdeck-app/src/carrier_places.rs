//! Carriers' lists of places (GHN's master data): fetched into the database by a command
//! or when a week old, held in memory as an index, and used to resolve a buyer's address
//! to the ids the carrier wants before anything is sent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use orderdeck_domain::places::{PlaceIndex, Resolution, Written};
use orderdeck_integrations::carrier::{CarrierError, CarrierKind, Party};
use orderdeck_integrations::carriers::Carriers;
use orderdeck_store::places::ListInfo;
use orderdeck_store::{self as store, StoreError};
use sqlx::PgPool;

/// A list older than this is fetched again the next time it is used (and kept if the
/// carrier cannot be reached then). Places change a few times a year; a week is plenty.
pub fn stale_after() -> Duration {
    Duration::days(7)
}

#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("{}", orderdeck_i18n::t!("err-places-no-list", carrier = *.carrier))]
    NoList { carrier: &'static str },
    #[error("{}", orderdeck_i18n::t!("err-places-empty", carrier = *.carrier))]
    Empty { carrier: &'static str },
    #[error(
        "{}",
        orderdeck_i18n::t!("err-places-fetch", carrier = *.carrier, cause = .cause.to_string())
    )]
    Carrier {
        carrier: &'static str,
        cause: CarrierError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fetches the carrier's list and stores it in place of the old one.
pub async fn refresh(
    pool: &PgPool,
    carriers: &Carriers,
    kind: CarrierKind,
) -> Result<ListInfo, PlacesError> {
    let carrier = carriers.get(kind).map_err(|cause| PlacesError::Carrier {
        carrier: kind.label(),
        cause,
    })?;
    if !carrier.wants_places() {
        return Err(PlacesError::NoList {
            carrier: kind.label(),
        });
    }
    let places = carrier
        .places()
        .await
        .map_err(|cause| PlacesError::Carrier {
            carrier: kind.label(),
            cause,
        })?;
    // A list without a single ward is no list: keep what works.
    if !places
        .iter()
        .any(|p| p.level == orderdeck_domain::places::Level::Ward)
    {
        return Err(PlacesError::Empty {
            carrier: kind.label(),
        });
    }
    Ok(store::places::replace(pool, kind.code(), &places).await?)
}

/// The stored list's date and size.
pub async fn info(pool: &PgPool, kind: CarrierKind) -> Result<Option<ListInfo>, PlacesError> {
    Ok(store::places::info(pool, kind.code()).await?)
}

/// Each carrier's index, with the stored list's date it was built from.
type Built = HashMap<CarrierKind, (DateTime<Utc>, Arc<PlaceIndex>)>;

/// The indexes this process has built, one per carrier, rebuilt when the stored list
/// changes (another console refreshed it). Cheap to clone; one per console or command.
#[derive(Clone, Default)]
pub struct Places {
    built: Arc<Mutex<Built>>,
    /// Held while a list is fetched or indexed (see [`Places::index`]).
    building: Arc<tokio::sync::Mutex<()>>,
}

impl std::fmt::Debug for Places {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Places")
    }
}

impl Places {
    pub fn new() -> Places {
        Places::default()
    }

    /// The carrier's index: fetched first when never stored or stale (a stale list
    /// stays in use when the carrier cannot be reached), built once per stored list.
    pub async fn index(
        &self,
        pool: &PgPool,
        carriers: &Carriers,
        kind: CarrierKind,
    ) -> Result<Arc<PlaceIndex>, PlacesError> {
        let fresh = |stored: &Option<ListInfo>| {
            stored
                .as_ref()
                .filter(|i| Utc::now() - i.refreshed_at <= stale_after())
                .map(|i| i.refreshed_at)
        };
        let first = info(pool, kind).await?;
        if let Some(at) = fresh(&first)
            && let Some(index) = self.built(kind, at)
        {
            return Ok(index);
        }
        // One fetch and one build at a time: fifty parcels shipped at once on a fresh
        // database ask the carrier once and index once. Whoever held this first may
        // have done both meanwhile.
        let _one_at_a_time = self.building.lock().await;
        let mut stored = info(pool, kind).await?;
        if fresh(&stored).is_none() {
            match refresh(pool, carriers, kind).await {
                Ok(list) => stored = Some(list),
                Err(e) if stored.is_some() => {
                    tracing::warn!("keeping {}'s week-old places: {e}", kind.label());
                }
                Err(e) => return Err(e),
            }
        }
        let Some(stored) = stored else {
            return Err(PlacesError::Empty {
                carrier: kind.label(),
            });
        };
        if let Some(index) = self.built(kind, stored.refreshed_at) {
            return Ok(index);
        }
        let index = Arc::new(PlaceIndex::new(
            store::places::load(pool, kind.code()).await?,
        ));
        if let Ok(mut m) = self.built.lock() {
            m.insert(kind, (stored.refreshed_at, index.clone()));
        }
        Ok(index)
    }

    /// The index of the list already stored, however old, without asking the carrier:
    /// for a buyer's question, which must not wait on a download of the whole list.
    /// `None` when nothing is stored; when the list is missing or stale, a refresh is
    /// started in the background for the next question.
    pub async fn stored_index(
        &self,
        pool: &PgPool,
        carriers: &Carriers,
        kind: CarrierKind,
    ) -> Result<Option<Arc<PlaceIndex>>, PlacesError> {
        let stored = info(pool, kind).await?;
        if stored
            .as_ref()
            .is_none_or(|i| Utc::now() - i.refreshed_at > stale_after())
            && let Ok(_free) = self.building.try_lock()
        {
            let (places, pool, carriers) = (self.clone(), pool.clone(), carriers.clone());
            tokio::spawn(async move {
                if let Err(e) = places.index(&pool, &carriers, kind).await {
                    tracing::info!("{}'s places not refreshed: {e}", kind.label());
                }
            });
        }
        let Some(stored) = stored else {
            return Ok(None);
        };
        if let Some(index) = self.built(kind, stored.refreshed_at) {
            return Ok(Some(index));
        }
        let index = Arc::new(PlaceIndex::new(
            store::places::load(pool, kind.code()).await?,
        ));
        if let Ok(mut m) = self.built.lock() {
            m.insert(kind, (stored.refreshed_at, index.clone()));
        }
        Ok(Some(index))
    }

    /// The index built from the list stored at `at`, if this process has it.
    fn built(&self, kind: CarrierKind, at: DateTime<Utc>) -> Option<Arc<PlaceIndex>> {
        let m = self.built.lock().ok()?;
        m.get(&kind)
            .filter(|(built_at, _)| *built_at == at)
            .map(|(_, index)| index.clone())
    }
}

/// A party's address as the resolver reads it.
pub fn written(p: &Party) -> Written<'_> {
    Written {
        line1: &p.address,
        ward: &p.ward,
        district: &p.district,
        province: &p.province,
    }
}

/// A party's whole address as a key for remembered picks: folded, one space between
/// words, punctuation gone ("12 Lê Lợi, P.1" and "12 le loi p 1" are one key).
pub fn written_key(p: &Party) -> String {
    let all = [&p.address, &p.ward, &p.district, &p.province]
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    orderdeck_domain::text::fold(&all)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Resolves a party's address.
pub fn resolve(index: &PlaceIndex, p: &Party) -> Resolution {
    index.resolve(&written(p))
}
