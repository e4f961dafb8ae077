//! Where the district is, and how far apart two points are. The district is the default bounding
//! box (`reference/inegol-district.json`) until an admin uploads its outline as GeoJSON; a map
//! point outside it is refused. Distances find the similar and nearby open submissions shown at
//! intake.
//!
//! The rules:
//! * Functions take `(lat, lon)` in degrees (WGS84), as the rest of the app does; GeoJSON keeps
//!   positions as `[lon, lat]`, and so does [`Boundary`] inside.
//! * An outline is read as GeoJSON says (RFC 7946): a Polygon is an outer ring followed by holes,
//!   each ring closed (last position = first) with at least four positions; edges are straight
//!   lines in longitude/latitude, so the point-in-polygon test is planar in degrees. Winding order
//!   is not checked (the RFC asks readers not to refuse either order), nor are self-intersections
//!   (the even-odd rule decides). Extra position elements (altitude) are dropped. An outline has at
//!   most [`MAX_VERTICES`] positions, so that checking a point stays a quick linear scan.
//! * Edges belong to the district: a point on an edge or a vertex is inside, and so is a point on
//!   a hole's edge (the line between the district and a hole in it is the district's own border,
//!   as the box's edges are). "On" means within [`EDGE_EPSILON`] degrees (about 0.1 µm), far
//!   above the rounding of the arithmetic and far below anything a map click can tell apart.
//! * A MultiPolygon contains a point when any of its polygons does (an island inside another
//!   polygon's hole is part of the district).
//! * Non-finite coordinates are never inside anything.
//! * Nothing wraps across the antimeridian or the poles: İnegöl is far from both. [`around`] gives
//!   a box that is too large, never too small, where that would matter.
//!
//! Pure: the outline text comes from the caller (an admin's upload, or the stored copy).
use serde_json::Value;

/// The most positions an outline may have, all rings together.
pub const MAX_VERTICES: usize = 200_000;

/// How close to an edge, in degrees, a point counts as on it (about 0.1 µm on the ground).
pub const EDGE_EPSILON: f64 = 1e-12;

/// The mean Earth radius (IUGG), in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// How much [`around`] widens its box on every side, in degrees (about 0.1 mm), so that rounding
/// never leaves out a point exactly at the radius.
const AROUND_PAD: f64 = 1e-9;

/// A latitude/longitude box (degrees, WGS84), edges included.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl BBox {
    /// Whether the point lies in the box, edges included; false for non-finite input.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        lat.is_finite()
            && lon.is_finite()
            && self.south <= lat
            && lat <= self.north
            && self.west <= lon
            && lon <= self.east
    }

    /// The box of a single point.
    pub fn point(lat: f64, lon: f64) -> BBox {
        BBox { south: lat, west: lon, north: lat, east: lon }
    }

    /// The smallest box holding this one and the point.
    pub fn including(&self, lat: f64, lon: f64) -> BBox {
        BBox {
            south: self.south.min(lat),
            west: self.west.min(lon),
            north: self.north.max(lat),
            east: self.east.max(lon),
        }
    }

    /// The box widened by `margin` degrees on every side.
    fn widened(&self, margin: f64) -> BBox {
        BBox {
            south: self.south - margin,
            west: self.west - margin,
            north: self.north + margin,
            east: self.east + margin,
        }
    }
}

/// A ring as GeoJSON gives it: positions `(lon, lat)`, closed (the last equals the first).
type Ring = Vec<(f64, f64)>;

/// An outer ring followed by its holes.
type Polygon = Vec<Ring>;

/// An uploaded district outline: one or more polygons (each an outer ring and optional holes), as
/// GeoJSON gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// Never empty, and every polygon has its outer ring.
    polygons: Vec<Polygon>,
    /// The box around the outer rings.
    bbox: BBox,
    /// Positions in all rings, closing positions included.
    vertices: usize,
}

/// Why an uploaded outline was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundaryError {
    /// Not JSON, or JSON that is not a GeoJSON object with a "type".
    NotGeoJson,
    /// Valid GeoJSON with no Polygon or MultiPolygon in it.
    NoPolygon,
    /// A position that is not `[lon, lat]` numbers within ±180/±90.
    BadCoordinates,
    /// A ring with fewer than 4 positions (GeoJSON's minimum, first = last).
    TooFewPoints,
    /// A ring whose last position differs from its first.
    OpenRing,
    /// More than [`MAX_VERTICES`] positions in all.
    TooLarge,
}

impl BoundaryError {
    /// A stable code for the API and for looking up the message.
    pub fn code(self) -> &'static str {
        match self {
            BoundaryError::NotGeoJson => "not_geojson",
            BoundaryError::NoPolygon => "no_polygon",
            BoundaryError::BadCoordinates => "bad_coordinates",
            BoundaryError::TooFewPoints => "too_few_points",
            BoundaryError::OpenRing => "open_ring",
            BoundaryError::TooLarge => "too_large",
        }
    }
}

impl Boundary {
    /// Reads GeoJSON text: a Polygon or MultiPolygon geometry, a Feature whose geometry is one, or
    /// a FeatureCollection whose polygonal features are all taken together (non-polygonal features
    /// ignored; none polygonal → [`BoundaryError::NoPolygon`]). A GeometryCollection is not looked
    /// into. Polygons with no rings at all (GeoJSON allows empty coordinates) are skipped.
    pub fn parse(geojson: &str) -> Result<Boundary, BoundaryError> {
        let value: Value = serde_json::from_str(geojson).map_err(|_| BoundaryError::NotGeoJson)?;
        let mut reader = Reader::default();
        match geojson_type(&value)? {
            "FeatureCollection" => {
                let features = value.get("features").and_then(Value::as_array).ok_or(BoundaryError::NotGeoJson)?;
                for feature in features {
                    reader.feature(feature)?;
                }
            }
            "Feature" => reader.feature(&value)?,
            kind => reader.geometry(kind, &value)?,
        }
        reader.finish()
    }

    /// Whether the point is inside an outer ring and not inside one of its holes; a point on an
    /// edge or vertex (a hole's included) is inside; false for non-finite input.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        if !self.bbox.widened(EDGE_EPSILON).contains(lat, lon) {
            return false;
        }
        self.polygons.iter().any(|polygon| polygon_contains(polygon, lon, lat))
    }

    /// The box around the outline.
    pub fn bbox(&self) -> BBox {
        self.bbox
    }

    /// The number of positions in all rings, closing positions included.
    pub fn vertices(&self) -> usize {
        self.vertices
    }

    /// The outline as a GeoJSON MultiPolygon geometry object, positions `[lon, lat]`: what
    /// `GET /api/v1/district` returns and what is stored. [`Boundary::parse`] reads it back equal.
    pub fn to_geojson(&self) -> Value {
        let polygons: Vec<Value> = self
            .polygons
            .iter()
            .map(|polygon| {
                Value::Array(
                    polygon
                        .iter()
                        .map(|ring| {
                            Value::Array(
                                ring.iter().map(|&(lon, lat)| Value::Array(vec![lon.into(), lat.into()])).collect(),
                            )
                        })
                        .collect(),
                )
            })
            .collect();
        serde_json::json!({ "type": "MultiPolygon", "coordinates": polygons })
    }
}

/// The "type" of a GeoJSON object.
fn geojson_type(value: &Value) -> Result<&str, BoundaryError> {
    value.get("type").and_then(Value::as_str).ok_or(BoundaryError::NotGeoJson)
}

/// Collects polygons while walking a GeoJSON document, counting positions as it goes.
#[derive(Default)]
struct Reader {
    polygons: Vec<Polygon>,
    vertices: usize,
}

impl Reader {
    /// A Feature: its geometry if polygonal; a null or missing geometry adds nothing.
    fn feature(&mut self, feature: &Value) -> Result<(), BoundaryError> {
        if geojson_type(feature)? != "Feature" {
            return Err(BoundaryError::NotGeoJson);
        }
        match feature.get("geometry") {
            None | Some(Value::Null) => Ok(()),
            Some(geometry) => self.geometry(geojson_type(geometry)?, geometry),
        }
    }

    /// A geometry of the given type: polygons are taken, other geometries add nothing, anything
    /// else is not GeoJSON.
    fn geometry(&mut self, kind: &str, geometry: &Value) -> Result<(), BoundaryError> {
        match kind {
            "Polygon" => self.polygon(coordinates(geometry)?),
            "MultiPolygon" => {
                for polygon in array(coordinates(geometry)?)? {
                    self.polygon(polygon)?;
                }
                Ok(())
            }
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "GeometryCollection" => Ok(()),
            _ => Err(BoundaryError::NotGeoJson),
        }
    }

    /// A Polygon's coordinates: rings of positions.
    fn polygon(&mut self, rings: &Value) -> Result<(), BoundaryError> {
        let rings = array(rings)?;
        if rings.is_empty() {
            return Ok(());
        }
        let mut polygon = Vec::with_capacity(rings.len());
        for ring in rings {
            let positions = array(ring)?;
            self.vertices = self.vertices.saturating_add(positions.len());
            if self.vertices > MAX_VERTICES {
                return Err(BoundaryError::TooLarge);
            }
            let ring = positions.iter().map(position).collect::<Result<Ring, _>>()?;
            if ring.len() < 4 {
                return Err(BoundaryError::TooFewPoints);
            }
            if ring.first() != ring.last() {
                return Err(BoundaryError::OpenRing);
            }
            polygon.push(ring);
        }
        self.polygons.push(polygon);
        Ok(())
    }

    /// The outline read, or [`BoundaryError::NoPolygon`] when there was none.
    fn finish(self) -> Result<Boundary, BoundaryError> {
        let mut outer = self.polygons.iter().filter_map(|polygon| polygon.first()).flatten();
        let &(lon, lat) = outer.next().ok_or(BoundaryError::NoPolygon)?;
        let start = BBox { south: lat, west: lon, north: lat, east: lon };
        let bbox = outer.fold(start, |b, &(lon, lat)| BBox {
            south: b.south.min(lat),
            west: b.west.min(lon),
            north: b.north.max(lat),
            east: b.east.max(lon),
        });
        Ok(Boundary { polygons: self.polygons, bbox, vertices: self.vertices })
    }
}

/// A geometry's "coordinates" member.
fn coordinates(geometry: &Value) -> Result<&Value, BoundaryError> {
    geometry.get("coordinates").ok_or(BoundaryError::BadCoordinates)
}

/// A JSON array where GeoJSON wants one.
fn array(value: &Value) -> Result<&Vec<Value>, BoundaryError> {
    value.as_array().ok_or(BoundaryError::BadCoordinates)
}

/// A position `[lon, lat, ...]` as `(lon, lat)`; elements after the second are dropped.
fn position(value: &Value) -> Result<(f64, f64), BoundaryError> {
    let elements = array(value)?;
    let number = |i: usize| elements.get(i).and_then(Value::as_f64).ok_or(BoundaryError::BadCoordinates);
    let (lon, lat) = (number(0)?, number(1)?);
    if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
        Ok((lon, lat))
    } else {
        Err(BoundaryError::BadCoordinates)
    }
}

/// Where a point lies with respect to one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Outside,
    Edge,
    Inside,
}

/// Whether the polygon (outer ring, then holes) contains the point `(x, y)` = `(lon, lat)`.
fn polygon_contains(polygon: &[Ring], x: f64, y: f64) -> bool {
    let Some((outer, holes)) = polygon.split_first() else {
        return false;
    };
    match locate(outer, x, y) {
        Place::Outside => false,
        Place::Edge => true,
        Place::Inside => holes.iter().all(|hole| locate(hole, x, y) != Place::Inside),
    }
}

/// Where `(x, y)` lies with respect to a closed ring: on an edge (within [`EDGE_EPSILON`]), or
/// inside or outside by the even-odd rule (a ray towards +x, counting each edge whose ends lie on
/// either side of the ray's line, an end exactly on the line counting as below it).
fn locate(ring: &[(f64, f64)], x: f64, y: f64) -> Place {
    let mut inside = false;
    for (&a, &b) in ring.iter().zip(ring.iter().skip(1)) {
        if on_segment(a, b, x, y) {
            return Place::Edge;
        }
        if (a.1 > y) != (b.1 > y) {
            let crossing = a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1);
            if x < crossing {
                inside = !inside;
            }
        }
    }
    if inside {
        Place::Inside
    } else {
        Place::Outside
    }
}

/// Whether `(x, y)` is within [`EDGE_EPSILON`] of the segment from `a` to `b`.
fn on_segment(a: (f64, f64), b: (f64, f64), x: f64, y: f64) -> bool {
    if x < a.0.min(b.0) - EDGE_EPSILON
        || x > a.0.max(b.0) + EDGE_EPSILON
        || y < a.1.min(b.1) - EDGE_EPSILON
        || y > a.1.max(b.1) + EDGE_EPSILON
    {
        return false;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let cross = dx * (y - a.1) - dy * (x - a.0);
    cross.abs() <= EDGE_EPSILON * dx.hypot(dy)
}

/// The district the platform serves: the default box until an admin uploads an outline.
#[derive(Debug, Clone, PartialEq)]
pub enum District {
    Box(BBox),
    Outline(Boundary),
}

impl District {
    /// Whether the point is in the district (edges included); false for non-finite input.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        match self {
            District::Box(bbox) => bbox.contains(lat, lon),
            District::Outline(boundary) => boundary.contains(lat, lon),
        }
    }

    /// The box around the district (to frame the map).
    pub fn bbox(&self) -> BBox {
        match self {
            District::Box(bbox) => *bbox,
            District::Outline(boundary) => boundary.bbox(),
        }
    }
}

/// Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m); NaN when any
/// input is not finite. On the sphere the error against the ellipsoid is under 0.5 %.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    // clamp keeps NaN as NaN (f64::min would turn it into 1).
    2.0 * EARTH_RADIUS_M * h.clamp(0.0, 1.0).sqrt().asin()
}

/// The smallest box holding every point within `metres` of (lat, lon), widened by about 0.1 mm
/// for rounding: an index pre-filter before [`distance_m`]. Valid for small radii away from the
/// poles; where the circle reaches a pole or crosses the antimeridian the box spans all
/// longitudes (and stops at the pole), too large rather than too small. A negative or NaN radius
/// counts as 0; a non-finite centre gives a box of NaNs, which contains nothing.
pub fn around(lat: f64, lon: f64, metres: f64) -> BBox {
    if !lat.is_finite() || !lon.is_finite() {
        return BBox { south: f64::NAN, west: f64::NAN, north: f64::NAN, east: f64::NAN };
    }
    let radius = if metres > 0.0 { metres } else { 0.0 };
    // The angle the radius subtends at the Earth's centre; the north–south extent is exactly it.
    let delta = radius / EARTH_RADIUS_M;
    let dlat = delta.to_degrees();
    let (south, north) = (lat - dlat - AROUND_PAD, lat + dlat + AROUND_PAD);
    let whole_longitude =
        |south: f64, north: f64| BBox { south: south.max(-90.0), west: -180.0, north: north.min(90.0), east: 180.0 };
    if south <= -90.0 || north >= 90.0 {
        return whole_longitude(south, north);
    }
    // The widest point of a circle on the sphere is where a meridian touches it, not at the
    // centre's latitude: the longitude reach is asin(sin δ / cos φ).
    let reach = delta.sin() / lat.to_radians().cos();
    if reach >= 1.0 {
        return whole_longitude(south, north);
    }
    let dlon = reach.asin().to_degrees();
    let (west, east) = (lon - dlon - AROUND_PAD, lon + dlon + AROUND_PAD);
    if west < -180.0 || east > 180.0 {
        return whole_longitude(south, north);
    }
    BBox { south, west, north, east }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use serde_json::json;
    use std::f64::consts::PI;

    /// The default box (reference/inegol-district.json).
    const INEGOL: BBox = BBox { south: 39.8269099, west: 29.2423081, north: 40.2139153, east: 29.7980751 };

    fn parse(value: Value) -> Result<Boundary, BoundaryError> {
        Boundary::parse(&value.to_string())
    }

    /// A closed ring from `(lon, lat)` corners.
    fn ring(corners: &[(f64, f64)]) -> Value {
        let mut positions: Vec<Value> = corners.iter().map(|&(x, y)| json!([x, y])).collect();
        positions.push(json!([corners[0].0, corners[0].1]));
        Value::Array(positions)
    }

    fn square(x0: f64, y0: f64, side: f64) -> Value {
        ring(&[(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)])
    }

    fn polygon(rings: Vec<Value>) -> Value {
        json!({ "type": "Polygon", "coordinates": rings })
    }

    /// 0–10 square with a 4–6 square hole.
    fn square_with_hole() -> Boundary {
        parse(polygon(vec![square(0.0, 0.0, 10.0), square(4.0, 4.0, 2.0)])).unwrap()
    }

    #[test]
    fn a_square_with_a_hole_contains_its_inside_and_edges_but_not_the_hole() {
        let b = square_with_hole();
        assert!(b.contains(2.0, 2.0), "inside");
        assert!(b.contains(5.0, 8.0), "inside, level with the hole");
        assert!(!b.contains(5.0, 5.0), "in the hole");
        assert!(!b.contains(4.5, 5.9), "in the hole near its edge");
        assert!(b.contains(5.0, 0.0), "on the outer edge");
        assert!(b.contains(0.0, 7.5), "on the outer bottom edge");
        assert!(b.contains(10.0, 10.0), "on an outer vertex");
        assert!(b.contains(0.0, 0.0), "on the first vertex");
        assert!(b.contains(4.0, 5.0), "on the hole's edge: the district's own border");
        assert!(b.contains(6.0, 6.0), "on a hole's vertex");
        assert!(!b.contains(5.0, 11.0), "east of it");
        assert!(!b.contains(-1e-6, 5.0), "just south of it");
        assert_eq!(b.bbox(), BBox { south: 0.0, west: 0.0, north: 10.0, east: 10.0 });
        assert_eq!(b.vertices(), 10);
    }

    #[test]
    fn a_point_in_the_notch_of_a_u_shape_is_outside() {
        // A U: base 0–3 wide and 1 high, arms 0–1 and 2–3 up to 3; the notch is 1–2 from 1 up.
        let u = ring(&[(0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (2.0, 3.0), (2.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0)]);
        let b = parse(polygon(vec![u])).unwrap();
        assert!(!b.contains(2.0, 1.5), "in the notch");
        assert!(!b.contains(3.0, 1.5), "level with both arm tops, above the notch");
        assert!(b.contains(2.0, 0.5), "in the left arm");
        assert!(b.contains(2.0, 2.5), "in the right arm");
        assert!(b.contains(1.0, 2.5), "level with the notch's floor corners");
        assert!(b.contains(0.5, 1.5), "in the base");
        assert!(b.contains(1.0, 1.5), "on the notch's floor");
        assert!(b.contains(3.0, 0.5), "on a top edge");
        assert!(!b.contains(1.5, 3.5), "east of it");
    }

    #[test]
    fn a_multipolygon_of_two_islands_contains_both_but_not_the_sea_between() {
        let b = parse(json!({
            "type": "MultiPolygon",
            "coordinates": [[square(0.0, 0.0, 1.0)], [square(5.0, 5.0, 1.0)]],
        }))
        .unwrap();
        assert!(b.contains(0.5, 0.5));
        assert!(b.contains(5.5, 5.5));
        assert!(b.contains(6.0, 6.0), "a corner");
        assert!(!b.contains(3.0, 3.0), "between them, inside the box");
        assert!(!b.contains(0.5, 5.5));
        assert_eq!(b.bbox(), BBox { south: 0.0, west: 0.0, north: 6.0, east: 6.0 });
        assert_eq!(b.vertices(), 10);
    }

    #[test]
    fn an_island_inside_a_hole_is_part_of_the_district() {
        let b = parse(json!({
            "type": "MultiPolygon",
            "coordinates": [[square(0.0, 0.0, 10.0), square(3.0, 3.0, 4.0)], [square(4.0, 4.0, 2.0)]],
        }))
        .unwrap();
        assert!(b.contains(5.0, 5.0), "on the island");
        assert!(!b.contains(3.5, 3.5), "in the lake around it");
        assert!(b.contains(1.0, 1.0));
    }

    #[test]
    fn feature_and_feature_collection_wrappers_are_read() {
        let geometry = polygon(vec![square(29.4, 40.0, 0.1)]);
        let bare = parse(geometry.clone()).unwrap();
        let feature = json!({ "type": "Feature", "properties": { "name": "İnegöl" }, "geometry": geometry });
        assert_eq!(parse(feature.clone()).unwrap(), bare);

        let island = json!({ "type": "MultiPolygon", "coordinates": [[square(29.6, 40.1, 0.05)]] });
        let collection = json!({
            "type": "FeatureCollection",
            "features": [
                { "type": "Feature", "properties": {}, "geometry": { "type": "Point", "coordinates": [29.5, 40.0] } },
                feature,
                { "type": "Feature", "properties": {}, "geometry": null },
                { "type": "Feature", "properties": {}, "geometry": island },
                { "type": "Feature", "properties": {}, "geometry": { "type": "LineString", "coordinates": [[29.0, 40.0], [29.1, 40.1]] } },
            ],
        });
        let both = parse(collection).unwrap();
        assert_eq!(both.vertices(), 10);
        assert!(both.contains(40.05, 29.45));
        assert!(both.contains(40.12, 29.62));
        assert!(!both.contains(40.12, 29.55));
    }

    #[test]
    fn each_refusal_has_its_own_error_and_code() {
        use BoundaryError::*;
        let cases: Vec<(&str, BoundaryError)> = vec![
            ("not json", NotGeoJson),
            ("", NotGeoJson),
            ("[1, 2]", NotGeoJson),
            (r#"{"coordinates": []}"#, NotGeoJson),
            (r#"{"type": 3}"#, NotGeoJson),
            (r#"{"type": "Banana"}"#, NotGeoJson),
            (r#"{"type": "FeatureCollection"}"#, NotGeoJson),
            (r#"{"type": "FeatureCollection", "features": [{"type": "Polygon", "coordinates": []}]}"#, NotGeoJson),
            (r#"{"type": "Point", "coordinates": [29.5, 40.0]}"#, NoPolygon),
            (r#"{"type": "FeatureCollection", "features": []}"#, NoPolygon),
            (r#"{"type": "Feature", "properties": {}, "geometry": null}"#, NoPolygon),
            (r#"{"type": "Polygon", "coordinates": []}"#, NoPolygon),
            (r#"{"type": "MultiPolygon", "coordinates": [[]]}"#, NoPolygon),
            (r#"{"type": "Polygon"}"#, BadCoordinates),
            (r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, "0"], [1, 1], [0, 0]]]}"#, BadCoordinates),
            (r#"{"type": "Polygon", "coordinates": [[[0, 0], [1], [1, 1], [0, 0]]]}"#, BadCoordinates),
            (r#"{"type": "Polygon", "coordinates": [[[0, 0], [181, 0], [1, 1], [0, 0]]]}"#, BadCoordinates),
            (r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, -90.5], [1, 1], [0, 0]]]}"#, BadCoordinates),
            (r#"{"type": "Polygon", "coordinates": [[0, 0]]}"#, BadCoordinates),
            (r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#, TooFewPoints),
            (r#"{"type": "Polygon", "coordinates": [[]]}"#, TooFewPoints),
            (r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#, OpenRing),
        ];
        for (text, expected) in cases {
            assert_eq!(Boundary::parse(text), Err(expected), "{text}");
        }
        let codes = [NotGeoJson, NoPolygon, BadCoordinates, TooFewPoints, OpenRing, TooLarge].map(BoundaryError::code);
        assert_eq!(codes, ["not_geojson", "no_polygon", "bad_coordinates", "too_few_points", "open_ring", "too_large"]);
    }

    /// A closed ring of `positions` positions on a circle around İnegöl's centre.
    fn circle(positions: usize, radius: f64) -> Value {
        let n = positions - 1;
        let corners: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = 2.0 * PI * i as f64 / n as f64;
                (29.5133 + radius * a.cos(), 40.0781 + radius * a.sin())
            })
            .collect();
        ring(&corners)
    }

    #[test]
    fn more_than_max_vertices_in_all_is_too_large() {
        let split = json!({
            "type": "MultiPolygon",
            "coordinates": [[circle(MAX_VERTICES / 2, 0.1)], [circle(MAX_VERTICES / 2 + 1, 0.01)]],
        });
        assert_eq!(parse(split), Err(BoundaryError::TooLarge));
    }

    #[test]
    fn an_outline_of_exactly_max_vertices_is_accepted_and_checked() {
        let b = parse(polygon(vec![circle(MAX_VERTICES, 0.1)])).unwrap();
        assert_eq!(b.vertices(), MAX_VERTICES);
        assert!(b.contains(40.0781, 29.5133));
        assert!(b.contains(40.0781 + 0.099, 29.5133));
        assert!(!b.contains(40.0781 + 0.1001, 29.5133));
        assert!(!b.contains(40.0781 + 0.0708, 29.5133 + 0.0708), "just outside, between vertices diagonally");
    }

    #[test]
    fn altitude_is_dropped() {
        let with_altitude = json!({
            "type": "Polygon",
            "coordinates": [[[29.4, 40.0, 250.0], [29.5, 40.0, 251.5], [29.5, 40.1, 300], [29.4, 40.0, 250.0]]],
        });
        let without = polygon(vec![ring(&[(29.4, 40.0), (29.5, 40.0), (29.5, 40.1)])]);
        assert_eq!(parse(with_altitude).unwrap(), parse(without).unwrap());
    }

    #[test]
    fn to_geojson_is_a_multipolygon_that_parses_back_equal() {
        let b = parse(json!({
            "type": "FeatureCollection",
            "features": [
                { "type": "Feature", "geometry": polygon(vec![square(29.25, 39.85, 0.3), square(29.3, 39.9, 0.01)]) },
                { "type": "Feature", "geometry": polygon(vec![ring(&[(29.7, 40.2), (29.79807, 40.2), (29.75, 40.2139153)])]) },
            ],
        }))
        .unwrap();
        let stored = b.to_geojson();
        assert_eq!(stored["type"], "MultiPolygon");
        assert_eq!(stored["coordinates"][0][0][0], json!([29.25, 39.85]), "[lon, lat]");
        assert_eq!(stored["coordinates"][1][0][1], json!([29.79807, 40.2]));
        assert_eq!(Boundary::parse(&stored.to_string()).unwrap(), b);
    }

    #[test]
    fn non_finite_points_are_never_inside() {
        let whole_world =
            parse(polygon(vec![ring(&[(-180.0, -90.0), (180.0, -90.0), (180.0, 90.0), (-180.0, 90.0)])])).unwrap();
        let huge =
            BBox { south: f64::NEG_INFINITY, west: f64::NEG_INFINITY, north: f64::INFINITY, east: f64::INFINITY };
        let districts = [District::Box(INEGOL), District::Box(huge), District::Outline(whole_world.clone())];
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for (lat, lon) in [(bad, 0.0), (0.0, bad), (bad, bad)] {
                assert!(!whole_world.contains(lat, lon));
                assert!(!huge.contains(lat, lon));
                assert!(!square_with_hole().contains(lat, lon));
                for d in &districts {
                    assert!(!d.contains(lat, lon), "{d:?} {lat} {lon}");
                }
            }
        }
        assert!(whole_world.contains(0.0, 0.0));
    }

    #[test]
    fn a_district_is_its_box_until_an_outline_is_given() {
        let boxed = District::Box(INEGOL);
        assert_eq!(boxed.bbox(), INEGOL);
        assert!(boxed.contains(40.0781, 29.5133));
        assert!(boxed.contains(INEGOL.south, INEGOL.west), "corner");
        assert!(!boxed.contains(40.1826, 29.0665), "Bursa");

        let outline = parse(polygon(vec![square(29.5, 40.0, 0.1)])).unwrap();
        let district = District::Outline(outline.clone());
        assert_eq!(district.bbox(), outline.bbox());
        assert!(district.contains(40.05, 29.55));
        assert!(!district.contains(40.15, 29.55));
    }

    #[test]
    fn parse_never_panics_on_mangled_input() {
        let good = json!({
            "type": "FeatureCollection",
            "features": [{ "type": "Feature", "geometry": polygon(vec![square(29.4, 40.0, 0.1), square(29.42, 40.02, 0.01)]) }],
        })
        .to_string();
        let alphabet: Vec<char> = "{}[],:\"-.0123456789e type Polygon coordinates".chars().collect();
        let mut rng = StdRng::seed_from_u64(20_261_201);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..3_000 {
            let mut text: Vec<char> = good.chars().collect();
            for _ in 0..rng.gen_range(1..4) {
                if text.is_empty() {
                    break;
                }
                let i = rng.gen_range(0..text.len());
                match rng.gen_range(0..6) {
                    0..=2 => text[i] = alphabet[rng.gen_range(0..alphabet.len())],
                    3 | 4 => {
                        text.remove(i);
                    }
                    _ => text.truncate(i),
                }
            }
            let text: String = text.into_iter().collect();
            match Boundary::parse(&text) {
                Ok(b) => {
                    let _ = b.contains(40.05, 29.45);
                    seen.insert("ok");
                }
                Err(e) => {
                    seen.insert(e.code());
                }
            }
        }
        assert!(seen.len() >= 4, "{seen:?}");
    }

    /// A random convex polygon inside the İnegöl box: corners on an ellipse at sorted random
    /// angles, in random winding order, as `(lon, lat)` without the closing corner.
    fn convex(rng: &mut StdRng) -> Vec<(f64, f64)> {
        let (rx, ry) = (rng.gen_range(0.005..0.12), rng.gen_range(0.005..0.12));
        let cx = rng.gen_range(INEGOL.west + rx..INEGOL.east - rx);
        let cy = rng.gen_range(INEGOL.south + ry..INEGOL.north - ry);
        let mut angles: Vec<f64> = (0..rng.gen_range(3..40)).map(|_| rng.gen_range(0.0..2.0 * PI)).collect();
        angles.sort_by(f64::total_cmp);
        let mut corners: Vec<(f64, f64)> = angles.iter().map(|a| (cx + rx * a.cos(), cy + ry * a.sin())).collect();
        if rng.gen_bool(0.5) {
            corners.reverse();
        }
        corners
    }

    /// The independent reference: the signed distance (degrees) from the point to the nearest
    /// edge line of a convex polygon, positive inside, by half-planes.
    fn half_plane_depth(corners: &[(f64, f64)], x: f64, y: f64) -> f64 {
        let n = corners.len();
        let twice_area: f64 =
            (0..n).map(|i| corners[i].0 * corners[(i + 1) % n].1 - corners[(i + 1) % n].0 * corners[i].1).sum();
        let orientation = twice_area.signum();
        (0..n)
            .map(|i| {
                let (a, b) = (corners[i], corners[(i + 1) % n]);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                orientation * (dx * (y - a.1) - dy * (x - a.0)) / dx.hypot(dy)
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// Random points in and around the polygon's box.
    fn nearby(rng: &mut StdRng, corners: &[(f64, f64)]) -> (f64, f64) {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(x, y) in corners {
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
        }
        let (mx, my) = ((x1 - x0) * 0.1 + 1e-6, (y1 - y0) * 0.1 + 1e-6);
        (rng.gen_range(x0 - mx..x1 + mx), rng.gen_range(y0 - my..y1 + my))
    }

    #[test]
    fn random_convex_polygons_agree_with_a_half_plane_test() {
        let mut rng = StdRng::seed_from_u64(20_261_202);
        let (mut inside, mut outside) = (0, 0);
        for _ in 0..300 {
            let corners = convex(&mut rng);
            let b = parse(polygon(vec![ring(&corners)])).unwrap();
            for _ in 0..200 {
                let (x, y) = nearby(&mut rng, &corners);
                let depth = half_plane_depth(&corners, x, y);
                if depth.abs() < 1e-9 {
                    continue; // too close to an edge for the reference to be sure
                }
                assert_eq!(b.contains(y, x), depth > 0.0, "({y}, {x}) in {corners:?}");
                if depth > 0.0 {
                    inside += 1;
                } else {
                    outside += 1;
                }
            }
            // Points on the edges and at the corners are inside.
            for i in 0..corners.len() {
                let (a, c) = (corners[i], corners[(i + 1) % corners.len()]);
                let t: f64 = rng.gen_range(0.0..=1.0);
                assert!(b.contains(a.1, a.0), "corner {a:?}");
                assert!(b.contains(a.1 + t * (c.1 - a.1), a.0 + t * (c.0 - a.0)), "edge {a:?}–{c:?} at {t}");
            }
        }
        assert!(inside > 10_000 && outside > 10_000, "{inside} inside, {outside} outside");
    }

    #[test]
    fn random_convex_polygons_with_a_hole_agree_with_the_half_plane_test() {
        let mut rng = StdRng::seed_from_u64(20_261_203);
        let mut in_hole = 0;
        for _ in 0..200 {
            let corners = convex(&mut rng);
            let n = corners.len() as f64;
            let (cx, cy) = corners.iter().fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x / n, sy + y / n));
            let hole: Vec<(f64, f64)> =
                corners.iter().map(|&(x, y)| (cx + (x - cx) * 0.5, cy + (y - cy) * 0.5)).collect();
            let b = parse(polygon(vec![ring(&corners), ring(&hole)])).unwrap();
            for _ in 0..200 {
                let (x, y) = nearby(&mut rng, &corners);
                let (outer, inner) = (half_plane_depth(&corners, x, y), half_plane_depth(&hole, x, y));
                if outer.abs() < 1e-9 || inner.abs() < 1e-9 {
                    continue;
                }
                if inner > 0.0 {
                    in_hole += 1;
                }
                assert_eq!(b.contains(y, x), outer > 0.0 && inner < 0.0, "({y}, {x})");
            }
        }
        assert!(in_hole > 1_000, "{in_hole}");
    }

    #[test]
    fn inegol_to_bursa_is_about_forty_km() {
        // İnegöl town centre to Bursa (Osmangazi); 39,723.3 m worked out separately with the same
        // formula and radius (Python, math module).
        let d = distance_m(40.0781, 29.5133, 40.1826, 29.0665);
        assert!((d - 39_723.3).abs() < 1.0, "{d}");
        // Independently, flat at this scale: metres east and north at the mean latitude.
        let mean = ((40.0781_f64 + 40.1826) / 2.0).to_radians();
        let east = (29.0665_f64 - 29.5133).to_radians() * mean.cos() * EARTH_RADIUS_M;
        let north = (40.1826_f64 - 40.0781).to_radians() * EARTH_RADIUS_M;
        assert!((d - east.hypot(north)).abs() < 1.0, "{d}");
        assert!((distance_m(40.1826, 29.0665, 40.0781, 29.5133) - d).abs() < 1e-6, "symmetric");
    }

    #[test]
    fn distance_basics() {
        assert_eq!(distance_m(40.0781, 29.5133, 40.0781, 29.5133), 0.0);
        let one_degree = EARTH_RADIUS_M * PI / 180.0;
        assert!((distance_m(40.0, 29.5, 41.0, 29.5) - one_degree).abs() < 1e-6, "a degree of latitude");
        assert!((distance_m(0.0, 0.0, 0.0, 1.0) - one_degree).abs() < 1e-6, "a degree on the equator");
        assert!((distance_m(0.0, 0.0, 0.0, 180.0) - EARTH_RADIUS_M * PI).abs() < 1e-3, "antipodes");
        assert!((distance_m(0.0, 179.9, 0.0, -179.9) - 0.2 * one_degree).abs() < 1e-3, "across the antimeridian");
        for bad in [f64::NAN, f64::INFINITY] {
            assert!(distance_m(bad, 29.5, 40.0, 29.5).is_nan());
            assert!(distance_m(40.0, 29.5, 40.0, bad).is_nan());
        }
    }

    /// The point `metres` from (lat, lon) at `bearing` radians (from north, clockwise), on the
    /// sphere: the standard destination formula, independent of `around`.
    fn destination(lat: f64, lon: f64, bearing: f64, metres: f64) -> (f64, f64) {
        let (phi, delta) = (lat.to_radians(), metres / EARTH_RADIUS_M);
        let phi2 = (phi.sin() * delta.cos() + phi.cos() * delta.sin() * bearing.cos()).asin();
        let dlambda = (bearing.sin() * delta.sin() * phi.cos()).atan2(delta.cos() - phi.sin() * phi2.sin());
        (phi2.to_degrees(), lon + dlambda.to_degrees())
    }

    #[test]
    fn around_holds_every_point_within_the_radius() {
        let mut rng = StdRng::seed_from_u64(20_261_204);
        for _ in 0..2_000 {
            let lat = rng.gen_range(INEGOL.south..=INEGOL.north);
            let lon = rng.gen_range(INEGOL.west..=INEGOL.east);
            let r = if rng.gen_bool(0.1) { 5_000.0 } else { rng.gen_range(0.0..=5_000.0) };
            let bbox = around(lat, lon, r);
            let mut bearings: Vec<f64> = (0..50).map(|_| rng.gen_range(0.0..2.0 * PI)).collect();
            bearings.extend([0.0, PI / 2.0, PI, 3.0 * PI / 2.0]);
            for bearing in bearings {
                let d = if rng.gen_bool(0.5) { r } else { rng.gen_range(0.0..=r) };
                let (plat, plon) = destination(lat, lon, bearing, d);
                assert!(distance_m(lat, lon, plat, plon) <= r + 1e-6);
                assert!(bbox.contains(plat, plon), "{r} m at {bearing} from ({lat}, {lon}): {bbox:?}");
            }
        }
    }

    #[test]
    fn around_is_tight() {
        let (lat, lon) = (40.0781, 29.5133);
        let b = around(lat, lon, 1_000.0);
        // 1 km is 0.008993 degrees of latitude, and asin(sin(1 km / R) / cos 40.08°) = 0.0117532 of longitude.
        assert!((b.north - lat - 0.008_993_2).abs() < 1e-6, "{b:?}");
        assert!((lat - b.south - 0.008_993_2).abs() < 1e-6, "{b:?}");
        assert!((b.east - lon - 0.011_753_2).abs() < 1e-6, "{b:?}");
        assert!((lon - b.west - 0.011_753_2).abs() < 1e-6, "{b:?}");
        let point = around(lat, lon, 0.0);
        assert!(point.contains(lat, lon));
        assert!(point.north - point.south < 1e-8);
        assert_eq!(around(lat, lon, -5.0), point);
        assert_eq!(around(lat, lon, f64::NAN), point);
    }

    #[test]
    fn around_never_panics_and_widens_near_poles_and_the_antimeridian() {
        let near_pole = around(89.99, 10.0, 5_000.0);
        assert_eq!((near_pole.west, near_pole.east, near_pole.north), (-180.0, 180.0, 90.0));
        let near_antimeridian = around(0.0, 179.99, 5_000.0);
        assert_eq!((near_antimeridian.west, near_antimeridian.east), (-180.0, 180.0));
        assert!(near_antimeridian.contains(0.0, -179.99));
        let everything = around(40.0, 29.5, f64::INFINITY);
        assert_eq!(everything, BBox { south: -90.0, west: -180.0, north: 90.0, east: 180.0 });
        for bad in [f64::NAN, f64::INFINITY] {
            let b = around(bad, 29.5, 1_000.0);
            assert!(!b.contains(40.0, 29.5));
            assert!(!around(40.0, bad, 1_000.0).contains(40.0, 29.5));
        }
    }
}
