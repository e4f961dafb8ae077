//! Small in-memory caches in front of the database, one set per pool. Both hold numbers that may
//! be a few seconds old without harm: listing totals (a `count(*)` over a city's submissions is
//! the slowest part of a listing page) and the reference lists every page's filters show.
//! Writes on this server clear them at once; other servers see a change within the TTL.
use super::Backend;
use crate::reference::ReferenceData;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

const COUNT_TTL: Duration = Duration::from_secs(10);
const COUNT_MAX_ENTRIES: usize = 10_000;
const REFERENCE_TTL: Duration = Duration::from_secs(60);

pub struct Caches {
    pub backend: Backend,
    counts: Mutex<HashMap<String, (Instant, i64)>>,
    reference: RwLock<Option<(Instant, Arc<ReferenceData>)>>,
}

impl Caches {
    pub fn new(backend: Backend) -> Self {
        Caches { backend, counts: Mutex::new(HashMap::new()), reference: RwLock::new(None) }
    }

    pub fn count(&self, key: &str) -> Option<i64> {
        let counts = self.counts.lock().ok()?;
        counts.get(key).filter(|(at, _)| at.elapsed() < COUNT_TTL).map(|(_, n)| *n)
    }

    pub fn put_count(&self, key: String, n: i64) {
        if let Ok(mut counts) = self.counts.lock() {
            if counts.len() >= COUNT_MAX_ENTRIES {
                counts.clear();
            }
            counts.insert(key, (Instant::now(), n));
        }
    }

    /// After a submission is created or changes status: totals are counted again.
    pub fn clear_counts(&self) {
        if let Ok(mut counts) = self.counts.lock() {
            counts.clear();
        }
    }

    pub fn reference(&self) -> Option<Arc<ReferenceData>> {
        let slot = self.reference.read().ok()?;
        slot.as_ref().filter(|(at, _)| at.elapsed() < REFERENCE_TTL).map(|(_, r)| r.clone())
    }

    pub fn put_reference(&self, data: Arc<ReferenceData>) {
        if let Ok(mut slot) = self.reference.write() {
            *slot = Some((Instant::now(), data));
        }
    }

    /// After an admin edits directorates, categories or neighbourhoods.
    pub fn clear_reference(&self) {
        if let Ok(mut slot) = self.reference.write() {
            *slot = None;
        }
    }
}
