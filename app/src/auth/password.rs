//! argon2id password hashes in PHC string form. Parameters: OWASP's first recommendation
//! (19 MiB memory, 2 iterations, 1 lane). Old hashes with other parameters still verify, because
//! the PHC string carries its own parameters.
use crate::error::{AppError, AppResult};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> &'static Argon2<'static> {
    static H: OnceLock<Argon2<'static>> = OnceLock::new();
    H.get_or_init(|| {
        let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    })
}

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(AppError::internal)
}

/// True when `password` matches `phc`. A malformed stored hash counts as no match (and is logged).
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(e) => {
            tracing::error!(error = %e, "stored password hash is malformed");
            false
        }
    }
}

/// A hash of a random password, verified against when the e-mail is unknown, so that a wrong
/// e-mail takes as long as a wrong password and response times do not reveal who has an account.
pub fn dummy_hash() -> &'static str {
    static D: OnceLock<String> = OnceLock::new();
    D.get_or_init(|| hash_password("not a real password, only for timing").unwrap_or_default())
}

type Job = Box<dyn FnOnce() + Send>;

/// Hashing runs on its own few threads (one per core), not on tokio's blocking pool: each hash
/// takes 19 MiB, and an allocator keeps such buffers per thread, so spreading hashes over dozens
/// of blocking threads made the server hold hundreds of MB after a burst of sign-ins. A burst now
/// queues here instead of taking every core.
fn hash_threads() -> &'static std::sync::Mutex<std::sync::mpsc::Sender<Job>> {
    static POOL: OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let n = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        for i in 0..n {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || loop {
                let job = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        std::sync::Mutex::new(tx)
    })
}

async fn on_hash_threads<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    hash_threads().lock().map_err(|_| AppError::Internal)?.send(job).map_err(AppError::internal)?;
    rx.await.map_err(AppError::internal)
}

pub async fn hash_password_async(password: String) -> AppResult<String> {
    on_hash_threads(move || hash_password(&password)).await?
}

pub async fn verify_password_async(password: String, phc: String) -> AppResult<bool> {
    on_hash_threads(move || verify_password(&password, &phc)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = hash_password("kestane şekeri 16").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("kestane şekeri 16", &h));
        assert!(!verify_password("kestane sekeri 16", &h));
        assert!(!verify_password("x", "not a hash"));
    }
}
