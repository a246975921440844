//! API keys as people manage them (`orderdeck keys create|list|revoke`).
//!
//! A token is `odk_<prefix>_<secret>`: `odk_` says what it is (a secret scanner can find
//! a leaked one), the 8-character prefix tells keys apart in lists and logs without
//! revealing them, and the 32 base62 characters of the secret carry ~190 random bits.
//! The whole token is shown once, when made; only its SHA-256 is stored.
//! Only people whose role may manage people may manage keys: a key takes orders in the
//! shop's name, as a person's login does.

use rand::Rng;
use rand::distr::Alphanumeric;
use sqlx::PgPool;

use orderdeck_domain::access::{Duty, refusal};
use orderdeck_domain::api_access::{Scope, ScopeError, token_hash};
use orderdeck_domain::text::visible;
use orderdeck_store::StoreError;
use orderdeck_store::api_keys::{self, ApiKeyRow, NewApiKey, Revoked};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{0}")]
    NotAllowed(String),
    #[error("{}", orderdeck_i18n::t!("err-api-key-bad-name", name = .0))]
    BadName(String),
    #[error("{}", orderdeck_i18n::t!("err-api-key-name-taken", name = .0))]
    NameTaken(String),
    #[error("{}", orderdeck_i18n::t!("err-api-key-not-found", name = .0))]
    NotFound(String),
    #[error("{}", orderdeck_i18n::t!("err-api-key-unknown-channel", channel = .0))]
    UnknownChannel(String),
    #[error(transparent)]
    Scope(#[from] ScopeError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A key just made: the token to show once, and the row as listed.
#[derive(Debug)]
pub struct MadeKey {
    pub token: String,
    pub prefix: String,
    pub scopes: Vec<Scope>,
}

/// 403-like refusal unless this pool's sessions may manage people.
async fn may_manage(pool: &PgPool) -> Result<(), KeyError> {
    let me = crate::people::whoami(pool).await?;
    match me.role {
        Some(role) if role.may(Duty::People) => Ok(()),
        Some(role) => Err(KeyError::NotAllowed(refusal(role, Duty::People))),
        None => Err(KeyError::NotAllowed(refusal(
            orderdeck_domain::access::Role::Packer,
            Duty::People,
        ))),
    }
}

/// Key names: what `keys revoke` and the order's timeline (`api:<name>`) show.
fn check_name(name: &str) -> Result<(), KeyError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(KeyError::BadName(visible(name).into_owned()))
    }
}

fn base62(n: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(n)
        .map(char::from)
        .collect()
}

/// Makes a key. `scopes` is the comma list of `--scope`; `channel` binds it to one sales
/// channel (which must exist, or be one of the shop's own: website, manual).
pub async fn create(
    pool: &PgPool,
    name: &str,
    scopes: &str,
    channel: Option<&str>,
    actor: &str,
) -> Result<MadeKey, KeyError> {
    check_name(name)?;
    let scopes = Scope::parse_list(scopes)?;
    let channel = channel.map(str::trim).filter(|c| !c.is_empty());
    if let Some(code) = channel
        && !orderdeck_store::channels::is_own(code)
        && api_keys::channel_facts(pool, code).await?.is_none()
    {
        return Err(KeyError::UnknownChannel(visible(code).into_owned()));
    }
    may_manage(pool).await?;
    let codes: Vec<String> = scopes.iter().map(|s| s.code().to_string()).collect();
    // A prefix taken already (one chance in 62⁸ per key) is drawn again; a name taken
    // is the person's to change.
    for _ in 0..3 {
        let prefix = base62(8);
        let token = format!("odk_{prefix}_{}", base62(32));
        let made = api_keys::create(
            pool,
            &NewApiKey {
                name,
                prefix: &prefix,
                hash: &token_hash(&token),
                scopes: &codes,
                channel,
                created_by: actor,
            },
        )
        .await?;
        if made.is_some() {
            return Ok(MadeKey {
                token,
                prefix,
                scopes,
            });
        }
        if api_keys::list(pool).await?.iter().any(|k| k.name == name) {
            return Err(KeyError::NameTaken(name.to_string()));
        }
    }
    Err(KeyError::NameTaken(name.to_string()))
}

pub async fn list(pool: &PgPool) -> Result<Vec<ApiKeyRow>, KeyError> {
    may_manage(pool).await?;
    Ok(api_keys::list(pool).await?)
}

/// Revokes a key by name: every process refuses it from its next request. `Ok(false)`
/// when it was revoked before.
pub async fn revoke(pool: &PgPool, name: &str, actor: &str) -> Result<bool, KeyError> {
    may_manage(pool).await?;
    match api_keys::revoke(pool, name, actor).await? {
        Revoked::Now => Ok(true),
        Revoked::Already => Ok(false),
        Revoked::NoSuchKey => Err(KeyError::NotFound(visible(name).into_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_domain::api_access::token_prefix;

    #[test]
    fn tokens_have_our_shape() {
        let prefix = base62(8);
        let token = format!("odk_{prefix}_{}", base62(32));
        assert_eq!(token_prefix(&token), Some(prefix.as_str()));
        assert_ne!(base62(32), base62(32));
    }

    #[test]
    fn names_are_plain() {
        assert!(check_name("website").is_ok());
        assert!(check_name("shop-2.main").is_ok());
        assert!(check_name("Web site").is_err());
        assert!(check_name("").is_err());
        assert!(check_name("-x").is_err());
    }
}
