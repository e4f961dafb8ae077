//! In-memory sliding windows per key: how many attempts a key made within a window, and how long
//! until the next is allowed. The policy of what is limited is `http::limits`.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Counts one attempt under `key`. `Err(seconds)` when the limit is already reached: the
    /// attempt is not counted, and the caller answers 429 with `Retry-After: seconds`.
    pub fn hit(&self, key: &str, limit: Limit) -> Result<(), u32> {
        self.hit_at(key, limit, Instant::now())
    }

    /// Like `hit`, but only looks: `Err(seconds)` when the limit is reached, nothing counted.
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), u32> {
        self.check_at(key, limit, Instant::now())
    }

    fn check_at(&self, key: &str, limit: Limit, now: Instant) -> Result<(), u32> {
        let map = match self.hits.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        let Some(q) = map.get(key) else { return Ok(()) };
        let recent: Vec<&Instant> = q.iter().filter(|t| now.duration_since(**t) < limit.window).collect();
        if recent.len() as u32 >= limit.max {
            let oldest = recent.first().map_or(now, |t| **t);
            return Err(limit.window.saturating_sub(now.duration_since(oldest)).as_secs().max(1) as u32);
        }
        Ok(())
    }

    fn hit_at(&self, key: &str, limit: Limit, now: Instant) -> Result<(), u32> {
        let mut map = match self.hits.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() > 100_000 {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < Duration::from_secs(3600)));
        }
        let q = map.entry(key.to_owned()).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= limit.window) {
            q.pop_front();
        }
        if q.len() as u32 >= limit.max {
            let oldest = q.front().copied().unwrap_or(now);
            let wait = limit.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1) as u32);
        }
        q.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_frees_after_the_window() {
        let rl = RateLimiter::default();
        let limit = Limit { max: 3, window: Duration::from_secs(60) };
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(rl.hit_at("k", limit, t0).is_ok());
        }
        let retry = rl.hit_at("k", limit, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(retry, 50);
        assert!(rl.hit_at("other", limit, t0).is_ok(), "keys are separate");
        assert!(rl.hit_at("k", limit, t0 + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn looking_counts_nothing() {
        let rl = RateLimiter::default();
        let limit = Limit { max: 2, window: Duration::from_secs(60) };
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(rl.check_at("k", limit, t0).is_ok());
        }
        assert!(rl.hit_at("k", limit, t0).is_ok() && rl.hit_at("k", limit, t0).is_ok());
        assert_eq!(rl.check_at("k", limit, t0 + Duration::from_secs(20)), Err(40));
        assert!(rl.check_at("k", limit, t0 + Duration::from_secs(60)).is_ok());
    }
}
