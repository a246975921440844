//! People and roles: `orderdeck users add|list|role|disable` and who this session is.
//! A person is a PostgreSQL login in one of the orderdeck group roles; the server decides
//! what it may do and writes its name on what it did.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use orderdeck_domain::access::Role;
use orderdeck_store::people::{self, NewPerson, Person, Whoami};
use orderdeck_store::{StoreError, is_permission_denied};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PeopleError {
    #[error("{}", orderdeck_i18n::t!("err-bad-login", login = format!("{:?}", .0)))]
    BadLogin(String),
    #[error("{}", orderdeck_i18n::t!("err-login-taken", login = .0))]
    Taken(String),
    #[error("{}", orderdeck_i18n::t!("err-short-password"))]
    ShortPassword,
    #[error("{}", orderdeck_i18n::t!("err-people-admin-only", detail = .0))]
    NotAllowed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PeopleError {
    fn from(e: sqlx::Error) -> Self {
        if is_permission_denied(&e) {
            PeopleError::NotAllowed(e.to_string())
        } else {
            PeopleError::Store(StoreError::Sql(e))
        }
    }
}

/// A refusal of the role statements for `login`: a name taken (42710) says which.
fn from_store(e: StoreError, login: &str) -> PeopleError {
    match e {
        StoreError::Sql(e)
            if e.as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c == "42710") =>
        {
            PeopleError::Taken(login.to_string())
        }
        StoreError::Sql(e) => e.into(),
        other => PeopleError::Store(other),
    }
}

/// Who this pool's sessions are.
pub async fn whoami(pool: &PgPool) -> Result<Whoami, StoreError> {
    let mut conn = pool.acquire().await?;
    people::whoami(&mut conn).await
}

pub async fn list(pool: &PgPool) -> Result<Vec<Person>, StoreError> {
    let mut conn = pool.acquire().await?;
    people::list(&mut conn).await
}

/// A login name PostgreSQL and a terminal both take as it is.
pub fn check_login(login: &str) -> Result<(), PeopleError> {
    let ok = !login.is_empty()
        && login.len() <= 63
        && login.starts_with(|c: char| c.is_ascii_lowercase())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'))
        && !login.starts_with("orderdeck_")
        && !login.starts_with("pg_");
    if ok {
        Ok(())
    } else {
        Err(PeopleError::BadLogin(
            orderdeck_domain::text::visible(login).into_owned(),
        ))
    }
}

/// Adds a person. With a password, the server stores only its SCRAM verifier (made here:
/// the password itself never travels to the server or its logs).
pub async fn add(
    pool: &PgPool,
    login: &str,
    full_name: &str,
    role: Role,
    password: Option<&str>,
) -> Result<(), PeopleError> {
    check_login(login)?;
    if full_name.chars().any(char::is_control) || full_name.chars().count() > 200 {
        return Err(PeopleError::Store(StoreError::Invalid(orderdeck_i18n::t!(
            "err-full-name"
        ))));
    }
    let verifier = match password {
        Some(p) if p.chars().count() < 8 => return Err(PeopleError::ShortPassword),
        Some(p) => Some(scram_verifier(p, &rand::random::<[u8; 16]>())),
        None => None,
    };
    let mut tx = pool.begin().await?;
    people::add(
        &mut tx,
        &NewPerson {
            login,
            full_name: full_name.trim(),
            role,
            verifier: verifier.as_deref(),
        },
    )
    .await
    .map_err(|e| from_store(e, login))?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_role(pool: &PgPool, login: &str, role: Role) -> Result<(), PeopleError> {
    let mut tx = pool.begin().await?;
    people::set_role(&mut tx, login, role)
        .await
        .map_err(|e| from_store(e, login))?;
    tx.commit().await?;
    Ok(())
}

pub async fn disable(pool: &PgPool, login: &str) -> Result<(), PeopleError> {
    let mut tx = pool.begin().await?;
    people::disable(&mut tx, login)
        .await
        .map_err(|e| from_store(e, login))?;
    tx.commit().await?;
    Ok(())
}

/// PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677, as the server's
/// own `scram_build_secret` makes it): `SCRAM-SHA-256$4096:salt$StoredKey:ServerKey`.
/// The password is SASLprep-normalised first, as the server and clients do, so a
/// Vietnamese password typed composed or decomposed is the same password.
pub fn scram_verifier(password: &str, salt: &[u8]) -> String {
    const ITERATIONS: u32 = 4096;
    let prepared = stringprep::saslprep(password)
        .map(|p| p.into_owned())
        .unwrap_or_else(|_| password.to_string());
    let salted = pbkdf2_sha256(prepared.as_bytes(), salt, ITERATIONS);
    let client_key = hmac_sha256(&salted, b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac_sha256(&salted, b"Server Key");
    format!(
        "SCRAM-SHA-256${ITERATIONS}:{}${}:{}",
        B64.encode(salt),
        B64.encode(stored_key),
        B64.encode(server_key)
    )
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length: new_from_slice cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// PBKDF2-HMAC-SHA256 for one 32-byte block (all SCRAM-SHA-256 needs).
fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut first = salt.to_vec();
    first.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac_sha256(password, &first);
    let mut out = u;
    for _ in 1..iterations {
        u = hmac_sha256(password, &u);
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_plain() {
        assert!(check_login("lan.nguyen").is_ok());
        assert!(check_login("packer_2").is_ok());
        for bad in [
            "",
            "Lan",
            "2lan",
            "lan nguyen",
            "lan\u{1b}]0;x",
            "orderdeck_admin",
            "pg_x",
        ] {
            assert!(check_login(bad).is_err(), "{bad:?}");
        }
    }

    /// RFC 7677's test vector: user "user", password "pencil", salt "W22ZaJ0SNY7soEsUEjb6gQ==".
    #[test]
    fn verifier_matches_rfc_7677() {
        let salt = B64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").expect("salt");
        let v = scram_verifier("pencil", &salt);
        // The same keys computed by another implementation (Python's hashlib.pbkdf2_hmac
        // and hmac) for that password and salt.
        assert_eq!(
            v,
            "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="
        );
    }
}
