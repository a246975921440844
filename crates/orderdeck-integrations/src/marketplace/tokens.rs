//! Keeping one shop's OAuth tokens: the pair in use, one refresh at a time, and the
//! rule that a new pair is handed to the [`TokenStore`] before the old one is forgotten.
//!
//! Only one process should refresh a shop's tokens (the channel-sync worker, elected by
//! an advisory lock): two processes refreshing one Shopee shop would burn each other's
//! single-use refresh token. Inside a process the keeper's lock makes concurrent calls
//! that all met an expired token share one refresh.

use std::future::Future;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;

use super::{ChannelError, ChannelKind, ChannelResult, Secret, TokenPair};

/// Where new tokens are kept (the `sales_channels` row, in the app).
pub trait TokenStore: Send + Sync {
    /// Keeps `tokens` for this shop; `Err` says why not.
    fn save<'a>(
        &'a self,
        channel: ChannelKind,
        shop: &'a str,
        tokens: &'a TokenPair,
    ) -> BoxFuture<'a, Result<(), String>>;

    /// The pair stored now, when the store can tell (the database can: another process
    /// may have refreshed meanwhile). `Ok(None)`: it cannot, or there is none.
    fn latest<'a>(
        &'a self,
        _channel: ChannelKind,
        _shop: &'a str,
    ) -> BoxFuture<'a, Result<Option<TokenPair>, String>> {
        Box::pin(async { Ok(None) })
    }
}

/// Keeps every pair it is given (tests, the simulator demo).
#[derive(Default)]
pub struct MemoryTokenStore {
    saved: Mutex<Vec<TokenPair>>,
    /// The next this many saves fail.
    fail_next: Mutex<u32>,
}

impl MemoryTokenStore {
    pub fn new() -> Arc<MemoryTokenStore> {
        Arc::new(MemoryTokenStore::default())
    }

    /// Every pair saved, oldest first.
    pub fn saved(&self) -> Vec<TokenPair> {
        self.saved.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn latest(&self) -> Option<TokenPair> {
        self.saved().pop()
    }

    /// Makes the next `n` saves fail (the database went away).
    pub fn fail_next(&self, n: u32) {
        *self.fail_next.lock().unwrap_or_else(|p| p.into_inner()) = n;
    }
}

impl TokenStore for MemoryTokenStore {
    fn save<'a>(
        &'a self,
        _channel: ChannelKind,
        _shop: &'a str,
        tokens: &'a TokenPair,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            {
                let mut fail = self.fail_next.lock().unwrap_or_else(|p| p.into_inner());
                if *fail > 0 {
                    *fail -= 1;
                    return Err("the token store is unavailable".to_string());
                }
            }
            self.saved
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(tokens.clone());
            Ok(())
        })
    }
}

/// One shop's tokens in use.
pub struct TokenKeeper {
    channel: ChannelKind,
    shop: String,
    current: tokio::sync::Mutex<Option<TokenPair>>,
    store: Arc<dyn TokenStore>,
}

impl std::fmt::Debug for TokenKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeeper")
            .field("channel", &self.channel)
            .field("shop", &self.shop)
            .finish_non_exhaustive()
    }
}

impl TokenKeeper {
    /// `initial`: the pair stored for this shop, if it has been authorised.
    pub fn new(
        channel: ChannelKind,
        shop: impl Into<String>,
        initial: Option<TokenPair>,
        store: Arc<dyn TokenStore>,
    ) -> Arc<TokenKeeper> {
        Arc::new(TokenKeeper {
            channel,
            shop: shop.into(),
            current: tokio::sync::Mutex::new(initial),
            store,
        })
    }

    pub fn channel(&self) -> ChannelKind {
        self.channel
    }

    /// The pair in use now.
    pub async fn current(&self) -> Option<TokenPair> {
        self.current.lock().await.clone()
    }

    fn not_authorised(&self) -> ChannelError {
        ChannelError::NotConfigured {
            channel: self.channel.label(),
            detail: format!(
                "shop {} has no tokens yet: authorise it (exchange a code) first",
                self.shop
            ),
        }
    }

    /// The pair to call with; `Err` when the shop was never authorised. A shop that had
    /// no tokens when this keeper was made may have been authorised since: the store is
    /// asked again.
    pub async fn pair(&self) -> ChannelResult<TokenPair> {
        let mut current = self.current.lock().await;
        if current.is_none()
            && let Ok(Some(stored)) = self.store.latest(self.channel, &self.shop).await
        {
            *current = Some(stored);
        }
        current.clone().ok_or_else(|| self.not_authorised())
    }

    /// Stores `pair`, then uses it. Both happen even when storing fails (the platform
    /// has already retired the old pair), and the error says so.
    pub async fn install(&self, pair: TokenPair) -> ChannelResult<TokenPair> {
        let mut current = self.current.lock().await;
        self.keep(&mut current, pair).await
    }

    async fn keep(
        &self,
        current: &mut Option<TokenPair>,
        pair: TokenPair,
    ) -> ChannelResult<TokenPair> {
        let saved = self.store.save(self.channel, &self.shop, &pair).await;
        *current = Some(pair.clone());
        match saved {
            Ok(()) => Ok(pair),
            Err(detail) => {
                tracing::error!(
                    channel = self.channel.code(),
                    shop = %self.shop,
                    "new tokens could not be stored: {detail}"
                );
                Err(ChannelError::TokensNotSaved {
                    channel: self.channel.label(),
                    detail,
                })
            }
        }
    }

    /// A pair in the store other than `pair` and not about to expire: stored by someone
    /// else after `pair` was read.
    async fn newer_in_store(&self, pair: &TokenPair) -> Option<TokenPair> {
        match self.store.latest(self.channel, &self.shop).await {
            Ok(Some(stored))
                if stored.access_token != pair.access_token
                    && !stored.access_expires_within(
                        chrono::Utc::now(),
                        chrono::Duration::seconds(60),
                    ) =>
            {
                tracing::info!(
                    channel = self.channel.code(),
                    shop = %self.shop,
                    "tokens were refreshed elsewhere; using the stored pair"
                );
                Some(stored)
            }
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(
                    channel = self.channel.code(),
                    shop = %self.shop,
                    "cannot read the stored tokens: {e}"
                );
                None
            }
        }
    }

    /// Refreshes the pair with `refresh` (given the refresh token), stores the new pair
    /// and uses it. `stale`: the access token a call just failed with; when the pair in
    /// use is already a different one, another call refreshed meanwhile and that pair
    /// is returned without a second refresh. The lock is held across the platform call
    /// on purpose: one refresh at a time per shop.
    pub async fn refresh<F, Fut>(
        &self,
        stale: Option<&Secret>,
        refresh: F,
    ) -> ChannelResult<TokenPair>
    where
        F: FnOnce(Secret) -> Fut,
        Fut: Future<Output = ChannelResult<TokenPair>>,
    {
        let mut current = self.current.lock().await;
        let Some(pair) = current.clone() else {
            return Err(self.not_authorised());
        };
        if let Some(stale) = stale
            && pair.access_token != *stale
        {
            return Ok(pair);
        }
        // Another process (a console's worker, the webhook listener) may have refreshed
        // this shop already: its pair is in the store, and the refresh token we hold may
        // be spent (Shopee's are single-use).
        if let Some(stored) = self.newer_in_store(&pair).await {
            *current = Some(stored.clone());
            return Ok(stored);
        }
        let new = match refresh(pair.refresh_token.clone()).await {
            Ok(new) => new,
            Err(e) => {
                // Refused: if someone else refreshed in the meantime, theirs is the pair.
                if matches!(e, ChannelError::Auth { .. })
                    && let Some(stored) = self.newer_in_store(&pair).await
                {
                    *current = Some(stored.clone());
                    return Ok(stored);
                }
                return Err(e);
            }
        };
        tracing::info!(
            channel = self.channel.code(),
            shop = %self.shop,
            expires = %new.access_expires_at,
            "access token refreshed"
        );
        self.keep(&mut current, new).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::sync::atomic::{AtomicU32, Ordering};

    fn pair(n: u32) -> TokenPair {
        TokenPair {
            access_token: Secret::new(format!("access-{n}")),
            refresh_token: Secret::new(format!("refresh-{n}")),
            access_expires_at: Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap(),
            refresh_expires_at: None,
        }
    }

    #[tokio::test]
    async fn one_refresh_for_many_stale_calls() {
        let store = MemoryTokenStore::new();
        let keeper = TokenKeeper::new(ChannelKind::Shopee, "1", Some(pair(1)), store.clone());
        let calls = Arc::new(AtomicU32::new(0));
        let stale = Secret::new("access-1");
        let mut tasks = Vec::new();
        for _ in 0..5 {
            let keeper = keeper.clone();
            let calls = calls.clone();
            let stale = stale.clone();
            tasks.push(tokio::spawn(async move {
                keeper
                    .refresh(Some(&stale), |rt| async move {
                        assert_eq!(
                            rt.expose(),
                            "refresh-1",
                            "the old refresh token is used once"
                        );
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok(pair(2))
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), pair(2));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(store.saved(), vec![pair(2)]);
    }

    #[tokio::test]
    async fn a_failed_save_still_uses_the_new_pair_and_says_so() {
        let store = MemoryTokenStore::new();
        store.fail_next(1);
        let keeper = TokenKeeper::new(ChannelKind::Shopee, "1", Some(pair(1)), store.clone());
        let e = keeper
            .refresh(None, |_| async { Ok(pair(2)) })
            .await
            .unwrap_err();
        assert!(matches!(e, ChannelError::TokensNotSaved { .. }), "{e:?}");
        assert!(e.to_string().contains("authorised again"), "{e}");
        assert_eq!(keeper.current().await, Some(pair(2)));
        // A failed refresh keeps the pair in use.
        let e = keeper
            .refresh(None, |_| async {
                Err(ChannelError::Auth {
                    channel: "Shopee",
                    message: "error_shop_refresh_token".into(),
                })
            })
            .await
            .unwrap_err();
        assert!(matches!(e, ChannelError::Auth { .. }));
        assert_eq!(keeper.current().await, Some(pair(2)));
    }

    /// A store that another process has already written a newer pair to.
    struct Shared(Mutex<Option<TokenPair>>);

    impl TokenStore for Shared {
        fn save<'a>(
            &'a self,
            _channel: ChannelKind,
            _shop: &'a str,
            tokens: &'a TokenPair,
        ) -> BoxFuture<'a, Result<(), String>> {
            *self.0.lock().unwrap() = Some(tokens.clone());
            Box::pin(async { Ok(()) })
        }

        fn latest<'a>(
            &'a self,
            _channel: ChannelKind,
            _shop: &'a str,
        ) -> BoxFuture<'a, Result<Option<TokenPair>, String>> {
            let p = self.0.lock().unwrap().clone();
            Box::pin(async move { Ok(p) })
        }
    }

    fn fresh(n: u32) -> TokenPair {
        TokenPair {
            access_expires_at: Utc::now() + chrono::Duration::hours(4),
            ..pair(n)
        }
    }

    #[tokio::test]
    async fn a_pair_refreshed_elsewhere_is_used_without_refreshing() {
        let store = Arc::new(Shared(Mutex::new(Some(fresh(2)))));
        let keeper = TokenKeeper::new(ChannelKind::Shopee, "1", Some(pair(1)), store.clone());
        let got = keeper
            .refresh(Some(&Secret::new("access-1")), |_| async {
                panic!("the spent refresh token must not be used")
            })
            .await
            .unwrap();
        assert_eq!(got.access_token.expose(), "access-2");
        assert_eq!(keeper.current().await, Some(got));
    }

    #[tokio::test]
    async fn a_refused_refresh_falls_back_to_a_pair_stored_meanwhile() {
        let store = Arc::new(Shared(Mutex::new(None)));
        let keeper = TokenKeeper::new(ChannelKind::Shopee, "1", Some(pair(1)), store.clone());
        let s = store.clone();
        let got = keeper
            .refresh(Some(&Secret::new("access-1")), |_| async move {
                // Another process won the race and stored its pair.
                *s.0.lock().unwrap() = Some(fresh(3));
                Err(ChannelError::Auth {
                    channel: "Shopee",
                    message: "error_shop_refresh_token".into(),
                })
            })
            .await
            .unwrap();
        assert_eq!(got.access_token.expose(), "access-3");
    }

    #[tokio::test]
    async fn no_tokens_is_a_clear_message() {
        let keeper = TokenKeeper::new(ChannelKind::Lazada, "vn-1", None, MemoryTokenStore::new());
        let e = keeper.pair().await.unwrap_err().to_string();
        assert!(e.contains("authorise"), "{e}");
    }
}
