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

/// Which queue a hashing job waits in. Sign-ins go first: a flood of registrations or password
/// changes (each two argon2 runs) must not make people wait to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    SignIn,
    Other,
}

/// Jobs waiting per queue at most; past it a job is refused with `Unavailable` (503) at once
/// rather than queued behind minutes of work.
const MAX_WAITING_SIGN_IN: usize = 256;
const MAX_WAITING_OTHER: usize = 16;

#[derive(Default)]
struct Queues {
    sign_in: std::collections::VecDeque<Job>,
    other: std::collections::VecDeque<Job>,
}

struct HashPool {
    queues: std::sync::Mutex<Queues>,
    ready: std::sync::Condvar,
}

impl HashPool {
    fn push(&self, priority: Priority, job: Job) -> AppResult<()> {
        let mut q = self.queues.lock().map_err(|_| AppError::Internal)?;
        let (queue, max) = match priority {
            Priority::SignIn => (&mut q.sign_in, MAX_WAITING_SIGN_IN),
            Priority::Other => (&mut q.other, MAX_WAITING_OTHER),
        };
        if queue.len() >= max {
            tracing::warn!(?priority, waiting = queue.len(), "password hashing queue full; refusing");
            return Err(AppError::Unavailable);
        }
        queue.push_back(job);
        self.ready.notify_one();
        Ok(())
    }

    fn next(&self) -> Option<Job> {
        let mut q = self.queues.lock().ok()?;
        loop {
            if let Some(job) = q.sign_in.pop_front().or_else(|| q.other.pop_front()) {
                return Some(job);
            }
            q = self.ready.wait(q).ok()?;
        }
    }
}

/// Hashing runs on its own few threads (one per core), not on tokio's blocking pool: each hash
/// takes 19 MiB, and an allocator keeps such buffers per thread, so spreading hashes over dozens
/// of blocking threads made the server hold hundreds of MB after a burst of sign-ins. A burst now
/// waits in two bounded queues, sign-ins first.
fn hash_pool() -> &'static HashPool {
    static POOL: OnceLock<&'static HashPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let pool: &'static HashPool = Box::leak(Box::new(HashPool {
            queues: std::sync::Mutex::new(Queues::default()),
            ready: std::sync::Condvar::new(),
        }));
        let n = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        for i in 0..n {
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                while let Some(job) = pool.next() {
                    job();
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        pool
    })
}

async fn on_hash_threads<T: Send + 'static>(
    priority: Priority,
    f: impl FnOnce() -> T + Send + 'static,
) -> AppResult<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    hash_pool().push(priority, job)?;
    rx.await.map_err(AppError::internal)
}

pub async fn hash_password_async(password: String) -> AppResult<String> {
    on_hash_threads(Priority::Other, move || hash_password(&password)).await?
}

pub async fn verify_password_async(priority: Priority, password: String, phc: String) -> AppResult<bool> {
    on_hash_threads(priority, move || verify_password(&password, &phc)).await
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

    /// A flood of other hashing work is refused past its bound instead of queueing without end,
    /// and a sign-in queued after it runs before it.
    #[tokio::test]
    async fn a_flood_of_password_changes_neither_grows_without_bound_nor_delays_sign_ins() {
        let h = hash_password("kestane şekeri 16").expect("hash");
        let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut flood = Vec::new();
        let mut refused = 0;
        for i in 0..(MAX_WAITING_OTHER + 24) {
            let order = order.clone();
            let (tx, rx) = tokio::sync::oneshot::channel();
            let job: Job = Box::new(move || {
                std::thread::sleep(std::time::Duration::from_millis(20));
                order.lock().map(|mut o| o.push(format!("other-{i}"))).ok();
                let _ = tx.send(());
            });
            match hash_pool().push(Priority::Other, job) {
                Ok(()) => flood.push(rx),
                Err(e) => {
                    assert_eq!(e, AppError::Unavailable);
                    refused += 1;
                }
            }
        }
        assert!(refused >= 8, "past the bound the queue refuses (refused {refused})");
        let (pw, phc, o) = ("kestane şekeri 16".to_owned(), h.clone(), order.clone());
        let ok = on_hash_threads(Priority::SignIn, move || {
            o.lock().map(|mut v| v.push("sign-in".to_owned())).ok();
            verify_password(&pw, &phc)
        })
        .await
        .expect("sign-in runs");
        assert!(ok);
        for rx in flood {
            rx.await.expect("queued work still runs");
        }
        let order = order.lock().expect("order").clone();
        let at = order.iter().position(|s| s == "sign-in").expect("the sign-in ran");
        assert!(at <= 8, "the sign-in went ahead of the queued changes (ran {at}th of {})", order.len());
    }
}
