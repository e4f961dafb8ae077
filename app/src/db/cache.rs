//! Small in-memory caches in front of the database, one set per pool, for values that may be a
//! few seconds old without harm: listing totals (a `count(*)` over a city's submissions is the
//! slowest part of a listing page), the ids of a search's pages (two common words that rarely
//! meet cost milliseconds of index walking, and people search the same words), and one value per
//! type for the modules that own one (the
//! reference lists every page's filters show: `reference::service` keeps them here, with its
//! own lifetime). Writes on this server clear them at once; other servers see a change within
//! the lifetime. The cache knows no module's types, so `db` depends on none of them.
use super::Backend;
use crate::error::AppResult;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

const COUNT_TTL: Duration = Duration::from_secs(10);
/// How long a value just past its lifetime still serves the others while the first request to
/// find it old reads it again (`still_good`).
const REREAD_GRACE: Duration = Duration::from_secs(1);
const COUNT_MAX_ENTRIES: usize = 10_000;
/// Pages of ids kept at most (each at most a page of 100 ids: 8 MB in all).
const IDS_MAX_ENTRIES: usize = 10_000;
/// Public response bodies kept at most (a map's GeoJSON is at most about 0.6 MB: 60 MB in all).
const BODIES_MAX_ENTRIES: usize = 100;

pub struct Caches {
    pub backend: Backend,
    counts: Mutex<HashMap<String, (Instant, i64)>>,
    ids: Mutex<HashMap<String, KeptIds>>,
    bodies: Mutex<HashMap<String, KeptBody>>,
    values: RwLock<HashMap<TypeId, Kept>>,
    /// The totals being counted with no count before to hand out, by key (`first_count`).
    counting: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// Counts the writes that change what is public (`clear_counts`): a module that keeps its
    /// own copy of public data notes the number it read at and reads again when it moved.
    generation: AtomicU64,
}

/// A response body and when it was stored.
type KeptBody = (Instant, Arc<[u8]>);

/// A page of ids and when it was stored.
type KeptIds = (Instant, Arc<[i64]>);

/// A value kept for its type: when it was stored, for how long it holds, the value.
type Kept = (Instant, Duration, Arc<dyn Any + Send + Sync>);

impl Caches {
    pub fn new(backend: Backend) -> Self {
        Caches {
            backend,
            counts: Mutex::new(HashMap::new()),
            ids: Mutex::new(HashMap::new()),
            bodies: Mutex::new(HashMap::new()),
            values: RwLock::new(HashMap::new()),
            counting: Arc::default(),
            generation: AtomicU64::new(0),
        }
    }

    /// The count kept under `key`, while `still_good`: the first request after its lifetime
    /// counts again, the others meanwhile take the count before.
    pub fn count(&self, key: &str) -> Option<i64> {
        kept(&mut *self.counts.lock().ok()?, key)
    }

    pub fn put_count(&self, key: String, n: i64) {
        if let Ok(mut counts) = self.counts.lock() {
            if counts.len() >= COUNT_MAX_ENTRIES {
                counts.clear();
            }
            counts.insert(key, (Instant::now(), n));
        }
    }

    /// Waits for the turn to count the total `key` that has no count to hand out: the first
    /// request counts, the ones arriving meanwhile wait for it (and then find its total with
    /// `count`) instead of each counting the same 200,000 rows (on PostgreSQL 32 such counts at a
    /// cold start took the machine's two cores for seconds). The turn lasts as long as the
    /// `Counting` kept; whether this request waited for another one says whether to look again.
    pub async fn first_count(&self, key: &str) -> (Counting, bool) {
        let lock = self.counting.lock().unwrap_or_else(|e| e.into_inner()).entry(key.to_owned()).or_default().clone();
        let (guard, waited) = match lock.clone().try_lock_owned() {
            Ok(guard) => (guard, false),
            Err(_) => (lock.lock_owned().await, true),
        };
        (Counting { key: key.to_owned(), guard, counting: self.counting.clone() }, waited)
    }

    /// The ids of a page of results kept under `key`, if stored less than the totals' lifetime
    /// ago (a page and its total are kept and forgotten together).
    pub fn ids(&self, key: &str) -> Option<Arc<[i64]>> {
        kept(&mut *self.ids.lock().ok()?, key)
    }

    pub fn put_ids(&self, key: String, page: &[i64]) {
        if let Ok(mut ids) = self.ids.lock() {
            keep_bounded(&mut ids, key, page.into(), IDS_MAX_ENTRIES, COUNT_TTL);
        }
    }

    /// A public response body kept under `key` (a map's GeoJSON for its filters and box), if
    /// stored less than the totals' lifetime ago.
    pub fn body(&self, key: &str) -> Option<Arc<[u8]>> {
        kept(&mut *self.bodies.lock().ok()?, key)
    }

    pub fn put_body(&self, key: String, body: Arc<[u8]>) {
        if let Ok(mut bodies) = self.bodies.lock() {
            keep_bounded(&mut bodies, key, body, BODIES_MAX_ENTRIES, COUNT_TTL);
        }
    }

    /// After a submission is created or changes status (or leaves public view): totals are
    /// counted, pages of results found and maps' points read again.
    pub fn clear_counts(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut counts) = self.counts.lock() {
            counts.clear();
        }
        if let Ok(mut ids) = self.ids.lock() {
            ids.clear();
        }
        if let Ok(mut bodies) = self.bodies.lock() {
            bodies.clear();
        }
    }

    /// How many writes changed what is public on this server so far (see `clear_counts`).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The one value of type `T` this pool holds for its whole life, made on first use (a
    /// module's own keeper, which decides itself when what it keeps is old).
    pub fn slot<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        if let Some(value) = self.get::<T>() {
            return value;
        }
        let Ok(mut values) = self.values.write() else { return Arc::new(T::default()) };
        let (_, _, value) = values
            .entry(TypeId::of::<T>())
            .or_insert_with(|| (Instant::now(), Duration::MAX, Arc::new(T::default()) as Arc<dyn Any + Send + Sync>));
        value.clone().downcast::<T>().unwrap_or_else(|_| Arc::new(T::default()))
    }

    /// The value of type `T`, if one was stored less than its lifetime ago.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let values = self.values.read().ok()?;
        let (at, ttl, value) = values.get(&TypeId::of::<T>())?;
        (at.elapsed() < *ttl).then(|| value.clone().downcast::<T>().ok()).flatten()
    }

    /// Keeps `value` for `ttl`, in place of any earlier value of its type.
    pub fn put<T: Any + Send + Sync>(&self, value: Arc<T>, ttl: Duration) {
        if let Ok(mut values) = self.values.write() {
            values.insert(TypeId::of::<T>(), (Instant::now(), ttl, value));
        }
    }

    /// Forgets the value of type `T` (after a write that changes it).
    pub fn forget<T: Any + Send + Sync>(&self) {
        if let Ok(mut values) = self.values.write() {
            values.remove(&TypeId::of::<T>());
        }
    }
}

/// A turn to count a total (`Caches::first_count`); the last one out forgets the key.
pub struct Counting {
    key: String,
    guard: tokio::sync::OwnedMutexGuard<()>,
    counting: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

impl Drop for Counting {
    fn drop(&mut self) {
        let mut counting = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        // The map's reference and this turn's: nobody else waits for this key (a newcomer
        // takes the map's lock first, held here).
        if Arc::strong_count(tokio::sync::OwnedMutexGuard::mutex(&self.guard)) <= 2 {
            counting.remove(&self.key);
        }
    }
}

/// The value kept under `key` in one of the maps of totals, ids and bodies, while `still_good`.
fn kept<T: Clone>(map: &mut HashMap<String, (Instant, T)>, key: &str) -> Option<T> {
    kept_for(map, key, COUNT_TTL)
}

/// The value kept under `key` in a map of values with the time each was stored, while
/// `still_good` for `ttl`.
pub fn kept_for<T: Clone>(map: &mut HashMap<String, (Instant, T)>, key: &str, ttl: Duration) -> Option<T> {
    let (at, value) = map.get_mut(key)?;
    still_good(at, ttl).then(|| value.clone())
}

/// Stores `value` under `key` now, in a map of at most `max` entries: when it is full, the ones
/// older than `ttl` go, then, if it is still full, all.
pub fn keep_bounded<T>(map: &mut HashMap<String, (Instant, T)>, key: String, value: T, max: usize, ttl: Duration) {
    if map.len() >= max {
        map.retain(|_, (at, _)| at.elapsed() < ttl);
        if map.len() >= max {
            map.clear();
        }
    }
    map.insert(key, (Instant::now(), value));
}

/// Whether a value stored `at` may still be used. Younger than `ttl`, it is. Just past it
/// (younger than twice `ttl`), the first request to ask reads the value again (`false`), and
/// the value before serves every other request for `REREAD_GRACE` meanwhile (`at` is moved so
/// that it looks that young). Older, it is read again by whoever asks. So a busy page whose
/// total expires is counted once, not by each of the requests arriving during the count (32 at
/// once each counting 200,000 rows made the listing's p99 half a second). Writes remove values
/// outright; no value older than a write is served this way.
pub fn still_good(at: &mut Instant, ttl: Duration) -> bool {
    let age = at.elapsed();
    if age < ttl {
        return true;
    }
    if age < ttl * 2 {
        if let Some(young) = Instant::now().checked_sub(ttl.saturating_sub(REREAD_GRACE)) {
            *at = young;
        }
    }
    false
}

/// One reading at a time of a value kept in memory that has become old: the request that gets
/// `reading` reads it again (`read` also stores it, before the lock is let go); the ones that
/// arrive meanwhile are answered with `stale`, the value before, or, when there is none yet, wait
/// for that reading and take what `fresh` then finds. A busy page never queues people who each
/// read the same thing again.
pub async fn read_once<T, F>(
    reading: &tokio::sync::Mutex<()>,
    stale: Option<T>,
    fresh: impl Fn() -> Option<T>,
    read: impl FnOnce() -> F,
) -> AppResult<T>
where
    F: Future<Output = AppResult<T>>,
{
    let _reading = match reading.try_lock() {
        Ok(guard) => guard,
        Err(_) => match stale {
            Some(value) => return Ok(value),
            None => reading.lock().await,
        },
    };
    // Read by another request while this one waited?
    if let Some(value) = fresh() {
        return Ok(value);
    }
    read().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_just_past_its_lifetime_is_read_again_by_one_request_while_the_others_use_it() {
        let ttl = Duration::from_secs(10);
        let mut fresh = Instant::now() - Duration::from_secs(3);
        assert!(still_good(&mut fresh, ttl));
        let mut old = Instant::now() - Duration::from_secs(12);
        assert!(!still_good(&mut old, ttl), "the first request to find it old reads it again");
        for n in 0..31 {
            assert!(still_good(&mut old, ttl), "request {n} meanwhile takes the value before");
        }
        let mut ancient = Instant::now() - Duration::from_secs(25);
        assert!(!still_good(&mut ancient, ttl));
        assert!(!still_good(&mut ancient, ttl), "too old for anyone: each asker reads it again");
    }

    #[tokio::test]
    async fn a_total_never_counted_is_counted_by_one_request_while_the_others_wait_for_it() {
        let caches = Arc::new(Caches::new(Backend::Sqlite));
        let (first, waited) = caches.first_count("listing").await;
        assert!(!waited, "the first request counts at once");
        let other = caches.clone();
        let second = tokio::spawn(async move {
            let (_turn, waited) = other.first_count("listing").await;
            (waited, other.count("listing"))
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!second.is_finished(), "the second request waits while the first counts");
        caches.put_count("listing".into(), 7);
        drop(first);
        let (waited, found) = second.await.unwrap();
        assert!(waited);
        assert_eq!(found, Some(7), "and takes the first one's total");
        assert!(caches.counting.lock().unwrap().is_empty(), "no key is left behind");
        let (_again, waited) = caches.first_count("listing").await;
        assert!(!waited);
    }

    #[test]
    fn an_old_total_is_counted_again_once_and_a_write_forgets_it() {
        let caches = Caches::new(Backend::Sqlite);
        caches.put_count("listing".into(), 5);
        assert_eq!(caches.count("listing"), Some(5));
        if let Some((at, _)) = caches.counts.lock().unwrap().get_mut("listing") {
            *at -= COUNT_TTL + Duration::from_secs(1);
        }
        assert_eq!(caches.count("listing"), None, "the first request counts again");
        assert_eq!(caches.count("listing"), Some(5), "the next one takes the total before");
        caches.put_count("listing".into(), 6);
        assert_eq!(caches.count("listing"), Some(6));
        caches.clear_counts();
        assert_eq!(caches.count("listing"), None, "after a write nobody gets the total before");
        assert_eq!(caches.count("listing"), None);
    }
}
