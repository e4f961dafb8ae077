//! (ssr) One-time secrets handed to a person (API tokens, e-mail confirmation links): 32 random
//! bytes in URL-safe base64, stored only as their SHA-256 (a fast hash is enough for a secret of
//! that much entropy), so a copy of the database holds nothing usable.
use base64::Engine;
use sha2::{Digest, Sha256};

/// A new random secret (43 URL-safe characters).
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret: its SHA-256 in lower-case hex.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_stored_as_their_sha256() {
        assert_eq!(super::hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_ne!(super::new_secret(), super::new_secret());
        assert_eq!(super::new_secret().len(), 43);
    }
}
