//! Marketplace tokens sealed at rest: a database dump, a backup or a support agent with SQL
//! sees `enc1:…`, not a token that can act on the shop.
//!
//! ChaCha20-Poly1305 with a 32-byte key from `ORDERDECK_SECRET_KEY` (base64), or else the
//! key file the binary keeps in its data directory (made on first use, mode 600). Each
//! value gets a random nonce and is bound to its channel and field (a sealed refresh
//! token cannot be moved to another shop's row). Consoles on one shared database must
//! share the key: set `ORDERDECK_SECRET_KEY` to the same value on each machine (the README
//! says how). Values stored before sealing was switched on are read as they are and
//! sealed when next written.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

const PREFIX: &str = "enc1:";

static KEY: OnceLock<Key> = OnceLock::new();

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{}", orderdeck_i18n::t!("err-secret-wrong-key"))]
    WrongKey,
    #[error("{}", orderdeck_i18n::t!("err-secret-damaged"))]
    Damaged,
    #[error("{}", orderdeck_i18n::t!("err-secret-bad-key"))]
    BadKey,
    #[error("{}", orderdeck_i18n::t!("err-secret-no-key"))]
    NoKey,
}

/// Parses a key given as base64 (44 characters for 32 bytes).
pub fn key_from_base64(text: &str) -> Result<[u8; 32], SecretError> {
    let bytes = STANDARD
        .decode(text.trim())
        .map_err(|_| SecretError::BadKey)?;
    bytes.try_into().map_err(|_| SecretError::BadKey)
}

/// A new random key, as base64.
pub fn new_key_base64() -> String {
    let key: [u8; 32] = rand::random();
    STANDARD.encode(key)
}

/// Sets this process's key (once; later calls are ignored).
pub fn use_key(key: [u8; 32]) {
    let _ = KEY.set(*Key::from_slice(&key));
}

/// Whether tokens written now are sealed.
pub fn sealing() -> bool {
    KEY.get().is_some()
}

fn aad(channel_id: i64, field: &str) -> Vec<u8> {
    format!("orderdeck:{channel_id}:{field}").into_bytes()
}

/// The value as stored: sealed when this process has a key, else as it is.
pub fn seal(channel_id: i64, field: &str, plain: &str) -> String {
    let Some(key) = KEY.get() else {
        return plain.to_string();
    };
    let cipher = ChaCha20Poly1305::new(key);
    let nonce_bytes: [u8; 12] = rand::random();
    let nonce = Nonce::from_slice(&nonce_bytes);
    match cipher.encrypt(
        nonce,
        Payload {
            msg: plain.as_bytes(),
            aad: &aad(channel_id, field),
        },
    ) {
        Ok(sealed) => {
            let mut out = nonce_bytes.to_vec();
            out.extend(sealed);
            format!("{PREFIX}{}", STANDARD.encode(out))
        }
        // Encryption of a short string with a valid key does not fail; were it to, the
        // value must not be stored in the clear silently.
        Err(_) => String::new(),
    }
}

/// The value as it was given to [`seal`]; an unsealed (older) value as it is.
pub fn open(channel_id: i64, field: &str, stored: &str) -> Result<String, SecretError> {
    let Some(body) = stored.strip_prefix(PREFIX) else {
        return Ok(stored.to_string());
    };
    let key = KEY.get().ok_or(SecretError::NoKey)?;
    let bytes = STANDARD.decode(body).map_err(|_| SecretError::Damaged)?;
    if bytes.len() < 12 {
        return Err(SecretError::Damaged);
    }
    let (nonce, sealed) = bytes.split_at(12);
    let plain = ChaCha20Poly1305::new(key)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: &aad(channel_id, field),
            },
        )
        .map_err(|_| SecretError::WrongKey)?;
    String::from_utf8(plain).map_err(|_| SecretError::Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_where_they_were_sealed() {
        use_key(key_from_base64(&new_key_base64()).unwrap());
        let sealed = seal(7, "refresh_token", "real-refresh-token");
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("real-refresh-token"));
        assert_eq!(
            open(7, "refresh_token", &sealed).unwrap(),
            "real-refresh-token"
        );
        // Another shop's row or another field: refused.
        assert!(open(8, "refresh_token", &sealed).is_err());
        assert!(open(7, "access_token", &sealed).is_err());
        // Sealed twice, two different texts (random nonce).
        assert_ne!(sealed, seal(7, "refresh_token", "real-refresh-token"));
        // Older plain values still read.
        assert_eq!(open(7, "access_token", "plain").unwrap(), "plain");
        assert!(key_from_base64("short").is_err());
    }
}
