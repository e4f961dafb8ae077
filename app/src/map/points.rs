//! (ssr) The public map's answer (`GET /api/v1/submissions.geojson`), from a copy of the located
//! public submissions kept in memory.
//!
//! A map asks for a new box after every pan and zoom, and a box around the town holds most of a
//! city's submissions: on the 200k seed, reading such a box from the database, even from an
//! index that holds every column it needs, took 300–550 ms. So the located public submissions
//! (what a map filters on and shows: about 100 bytes each) are read once and kept, and every box
//! is answered from memory:
//! * Without `zoom` (a client that wants the submissions themselves): the newest
//!   `MAP_FEATURES_MAX` in the box, `truncated` when more matched.
//! * With the map's `zoom`, a box holding more than `CLUSTER_FROM` is sent as clusters
//!   (`domain::grid`): each cell of about 64 px on screen is one marker with its count, or its
//!   few submissions themselves. Counts are of every submission in the box, not of the newest
//!   thousands.
//! * A word search (`q`) is answered by the database's search indexes, as the listing's.
//!
//! The point picker's question (`GET /api/v1/submissions/nearby`: the open ones around a point)
//! is answered from the same copy.
//!
//! The copy is read again when a write on this server changed what is public (the caches'
//! generation) or after `FRESH_FOR` (writes on other servers). One request reads it; those that
//! arrive meanwhile are answered from the copy before, so a busy map never waits on a reading,
//! and a person who just wrote reads their own change (their next request reads again).
use crate::db::Pool;
use crate::domain::geo::BBox;
use crate::domain::grid::{clusters, Grid};
use crate::domain::submissions::{Kind, Status};
use crate::error::{AppError, AppResult};
use crate::submissions::listing::{self, map_feature, MAP_FEATURES_MAX};
use crate::submissions::{
    ClusterProperties, ListFilter, MapCluster, MapFeature, MapFeatures, MapItem, MapPoint, Nearby,
};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long the copy serves without a write on this server (as long as the listing's totals).
const FRESH_FOR: Duration = Duration::from_secs(10);
/// A box with more matches than this, asked for with a zoom, is sent as clusters; fewer are sent
/// one by one (the page clusters them itself).
pub const CLUSTER_FROM: usize = 500;
/// At this zoom and closer, submissions are always sent one by one (a street's worth).
pub const POINTS_FROM_ZOOM: u8 = 17;
/// A cell holding at most this many is sent as its submissions rather than as a count.
const ALONE_MAX: usize = 3;

/// A located public submission as the map keeps it: where, and what the listing filters on
/// (ids of categories, neighbourhoods and directorates are small; 0 is none).
struct Spot {
    lat: f64,
    lon: f64,
    category: u32,
    neighbourhood: u32,
    directorate: u32,
    kind: Kind,
    status: Status,
}

/// What a submission's marker shows.
struct Shown {
    id: i64,
    reference: Box<str>,
    title: Box<str>,
}

/// The copy: newest first, `spots[i]` and `shown[i]` the same submission.
struct Kept {
    spots: Vec<Spot>,
    shown: Vec<Shown>,
    generation: u64,
    read_at: Instant,
}

/// The pool's keeper of the copy (one per pool, in its caches).
#[derive(Default)]
struct Keeper {
    current: RwLock<Option<Arc<Kept>>>,
    reading: tokio::sync::Mutex<()>,
}

impl Keeper {
    fn current(&self) -> Option<Arc<Kept>> {
        self.current.read().ok().and_then(|c| c.clone())
    }
}

fn small_id(id: Option<i64>) -> u32 {
    id.and_then(|i| u32::try_from(i).ok()).unwrap_or(0)
}

/// The listing's filter as the copy is searched with it, worked out once per request: for each
/// id, `None` when it is not asked for, `Some(0)` when it names nothing the copy can hold (no
/// spot matches it).
struct Wanted {
    kind: Option<Kind>,
    status: Option<Status>,
    category: Option<u32>,
    neighbourhood: Option<u32>,
    directorate: Option<u32>,
}

impl Wanted {
    fn of(f: &ListFilter) -> Wanted {
        let id = |v: Option<i64>| v.map(|i| small_id(Some(i)));
        Wanted {
            kind: f.kind,
            status: f.status,
            category: id(f.category),
            neighbourhood: id(f.neighbourhood),
            directorate: id(f.directorate),
        }
    }

    fn matches(&self, s: &Spot) -> bool {
        let id = |wanted: Option<u32>, held: u32| wanted.is_none_or(|w| w != 0 && w == held);
        self.kind.is_none_or(|k| s.kind == k)
            && self.status.is_none_or(|st| s.status == st)
            && id(self.category, s.category)
            && id(self.neighbourhood, s.neighbourhood)
            && id(self.directorate, s.directorate)
    }
}

impl Kept {
    /// The `i`-th submission of the copy as a map feature.
    fn feature(&self, i: usize) -> MapFeature {
        let (spot, shown) = (&self.spots[i], &self.shown[i]);
        map_feature(shown.id, &shown.reference, &shown.title, spot.kind, spot.status, spot.lat, spot.lon)
    }
}

/// The map's answer for the listing's filter `f`, the box `bbox` (w, s, e, n) and the map's
/// `zoom`, as JSON; kept a few seconds per question (the map's first view is the same for many
/// people), forgotten by any write that changes what is public.
pub async fn geojson(
    pool: &Pool,
    f: ListFilter,
    bbox: Option<(f64, f64, f64, f64)>,
    zoom: Option<u8>,
) -> AppResult<Arc<[u8]>> {
    let key = format!("map|{f:?}|{bbox:?}|{zoom:?}");
    if let Some(body) = pool.caches().body(&key) {
        return Ok(body);
    }
    let (features, current) = if f.q.trim().is_empty() && f.author.is_none() {
        let kept = kept(pool).await?;
        let view = bbox.map(|(west, south, east, north)| BBox { south, west, north, east });
        (answer(&kept, &f, view, zoom), kept.generation == pool.caches().generation())
    } else {
        (listing::located(pool, f, bbox).await?, true)
    };
    let body: Arc<[u8]> = serde_json::to_vec(&features).map_err(AppError::internal)?.into();
    // An answer from the copy before a write is not kept for the next people.
    if current {
        pool.caches().put_body(key, body.clone());
    }
    Ok(body)
}

/// How far around a point `nearby` looks by default, and at most (metres).
pub const NEARBY_RADIUS: f64 = 300.0;
pub const NEARBY_RADIUS_MAX: f64 = 2_000.0;

/// The open public submissions within `radius` metres of a point, nearest first (newest first
/// at the same distance), at most `limit`: what an operator or a citizen sees before sending a
/// new one about the same place.
pub async fn nearby(pool: &Pool, lat: f64, lon: f64, radius: f64, limit: usize) -> AppResult<Vec<Nearby>> {
    use crate::domain::geo::{around, distance_m};
    let kept = kept(pool).await?;
    let b = around(lat, lon, radius);
    let mut found: Vec<(i64, usize)> = kept
        .spots
        .iter()
        .enumerate()
        .filter(|(_, s)| b.contains(s.lat, s.lon) && s.status.is_open())
        .map(|(i, s)| (distance_m(lat, lon, s.lat, s.lon), i))
        .filter(|(d, _)| *d <= radius)
        .map(|(d, i)| (d.round() as i64, i))
        .collect();
    // The copy is newest first: a stable sort keeps the newer first at the same distance.
    found.sort_by_key(|(d, _)| *d);
    found.truncate(limit);
    Ok(found
        .into_iter()
        .map(|(distance_m, i)| {
            let feature = kept.feature(i);
            Nearby { id: feature.id, submission: feature.properties, distance_m }
        })
        .collect())
}

/// The copy, read again if a write made it old or it is older than `FRESH_FOR` (one reading at
/// a time: `db::cache::read_once`).
async fn kept(pool: &Pool) -> AppResult<Arc<Kept>> {
    let keeper = pool.caches().slot::<Keeper>();
    let fresh =
        || keeper.current().filter(|k| k.generation == pool.caches().generation() && k.read_at.elapsed() < FRESH_FOR);
    if let Some(k) = fresh() {
        return Ok(k);
    }
    crate::db::cache::read_once(&keeper.reading, keeper.current(), fresh, || read(pool, &keeper)).await
}

/// Reads the copy from the database and keeps it.
async fn read(pool: &Pool, keeper: &Keeper) -> AppResult<Arc<Kept>> {
    let generation = pool.caches().generation();
    let rows = listing::located_all(pool).await?;
    let mut spots = Vec::with_capacity(rows.len());
    let mut shown = Vec::with_capacity(rows.len());
    for r in rows {
        spots.push(Spot {
            lat: r.lat,
            lon: r.lon,
            category: small_id(r.category_id),
            neighbourhood: small_id(r.neighbourhood_id),
            directorate: small_id(r.directorate_id),
            kind: Kind::stored(&r.kind)?,
            status: Status::stored(&r.status)?,
        });
        shown.push(Shown { id: r.id, reference: r.reference.unwrap_or_default().into(), title: r.title.into() });
    }
    let kept = Arc::new(Kept { spots, shown, generation, read_at: Instant::now() });
    if let Ok(mut current) = keeper.current.write() {
        *current = Some(kept.clone());
    }
    Ok(kept)
}

/// The answer from the copy (see the module's notes).
fn answer(kept: &Kept, f: &ListFilter, view: Option<BBox>, zoom: Option<u8>) -> MapFeatures {
    let wanted = Wanted::of(f);
    let matches: Vec<usize> = kept
        .spots
        .iter()
        .enumerate()
        .filter(|(_, s)| view.is_none_or(|v| v.contains(s.lat, s.lon)) && wanted.matches(s))
        .map(|(i, _)| i)
        .collect();
    let total = matches.len();
    let one = |i: usize| MapItem::Submission(kept.feature(i));
    let cluster_at = zoom.filter(|z| *z < POINTS_FROM_ZOOM && total > CLUSTER_FROM);
    let Some(zoom) = cluster_at else {
        let features = matches.iter().take(MAP_FEATURES_MAX as usize).map(|&i| one(i)).collect();
        return MapFeatures {
            kind: "FeatureCollection".into(),
            features,
            total: total as i64,
            truncated: total > MAP_FEATURES_MAX as usize,
        };
    };
    let view = view.unwrap_or_else(|| around(kept, &matches));
    let grid = Grid::for_view(zoom, &view);
    let points = matches.iter().map(|&i| (i, kept.spots[i].lat, kept.spots[i].lon));
    let cells = clusters(&grid, points, ALONE_MAX);
    // A cell of a few is sent as its submissions, unless that makes the answer too long.
    let alone_max = {
        let sent: usize = cells.iter().map(|c| if c.count <= ALONE_MAX { c.count } else { 1 }).sum();
        if sent <= MAP_FEATURES_MAX as usize {
            ALONE_MAX
        } else {
            1
        }
    };
    let features = cells
        .into_iter()
        .flat_map(|c| -> Vec<MapItem> {
            if c.count <= alone_max {
                return c.members.iter().map(|&i| one(i)).collect();
            }
            vec![MapItem::Cluster(MapCluster {
                kind: "Feature".into(),
                geometry: MapPoint { kind: "Point".into(), coordinates: [c.lon, c.lat] },
                properties: ClusterProperties {
                    cluster: true,
                    count: c.count as i64,
                    bbox: [c.bounds.west, c.bounds.south, c.bounds.east, c.bounds.north],
                },
            })]
        })
        .collect();
    MapFeatures { kind: "FeatureCollection".into(), features, total: total as i64, truncated: false }
}

/// The box around the matches (asked for without a box; there is at least one).
fn around(kept: &Kept, matches: &[usize]) -> BBox {
    let spot = |i: usize| &kept.spots[i];
    let first = BBox::point(spot(matches[0]).lat, spot(matches[0]).lon);
    matches.iter().fold(first, |b, &i| b.including(spot(i).lat, spot(i).lon))
}
