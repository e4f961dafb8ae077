//! The public map's clusters, counted on the server (issue 11): when a view holds more
//! submissions than a phone should draw one by one, the box is cut into square cells of about
//! `CELL_PX` pixels at the map's zoom, and each cell is sent as one marker with its count, the
//! mean position of its submissions and the box they fill (a click zooms to it). Cells are fixed
//! to the globe, not to the view, so panning keeps them where they are (and two people looking
//! at about the same place ask the same question).
use super::geo::BBox;
use std::collections::HashMap;

/// The side of a cell on screen, in pixels (Leaflet's tiles are 256 px square).
pub const CELL_PX: f64 = 64.0;
/// The most cells one answer may hold: a large box at a close zoom gets wider cells instead.
pub const MAX_CELLS: i64 = 4_096;
/// The closest zoom a grid is drawn for (Leaflet's and OpenStreetMap's last is 19).
pub const MAX_ZOOM: u8 = 19;

/// A grid of cells `dlat` by `dlon` degrees, anchored at 0°, 0°.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    pub dlat: f64,
    pub dlon: f64,
}

impl Grid {
    /// The grid for a map at `zoom` showing `view`: cells of `CELL_PX` on screen, widened (by
    /// doubling) until the view holds at most `MAX_CELLS` of them.
    pub fn for_view(zoom: u8, view: &BBox) -> Grid {
        let zoom = zoom.min(MAX_ZOOM);
        let dlon = CELL_PX * 360.0 / (256.0 * f64::from(1u32 << zoom));
        // Square on screen: on a Mercator map a degree of latitude is 1/cos(lat) times longer than
        // one of longitude. The latitude is rounded to a whole degree so that a pan north or
        // south keeps the cells.
        let middle = ((view.south + view.north) / 2.0).round().clamp(-85.0, 85.0);
        let dlat = dlon * middle.to_radians().cos();
        let mut grid = Grid { dlat, dlon };
        while grid.cells_in(view) > MAX_CELLS {
            grid.dlat *= 2.0;
            grid.dlon *= 2.0;
        }
        grid
    }

    /// The cell holding a point: (row, column).
    pub fn cell(&self, lat: f64, lon: f64) -> (i64, i64) {
        ((lat / self.dlat).floor() as i64, (lon / self.dlon).floor() as i64)
    }

    /// The box of a cell.
    pub fn cell_box(&self, (row, column): (i64, i64)) -> BBox {
        BBox {
            south: row as f64 * self.dlat,
            west: column as f64 * self.dlon,
            north: (row + 1) as f64 * self.dlat,
            east: (column + 1) as f64 * self.dlon,
        }
    }

    /// How many cells the view touches.
    pub fn cells_in(&self, view: &BBox) -> i64 {
        let (south, west) = self.cell(view.south, view.west);
        let (north, east) = self.cell(view.north, view.east);
        (north - south + 1).saturating_mul(east - west + 1)
    }
}

/// The submissions of one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub cell: (i64, i64),
    pub count: usize,
    /// The mean position of its submissions, where its marker stands.
    pub lat: f64,
    pub lon: f64,
    /// The box its submissions fill (a point when they share one place).
    pub bounds: BBox,
    /// The first `keep` of its submissions, in the order they were given.
    pub members: Vec<usize>,
}

/// The points `(index, lat, lon)` gathered by the cells of `grid`, in the order of their cells
/// (south to north, then west to east); each keeps its first `keep` members.
pub fn clusters(grid: &Grid, points: impl IntoIterator<Item = (usize, f64, f64)>, keep: usize) -> Vec<Cluster> {
    let mut cells: HashMap<(i64, i64), Cluster> = HashMap::new();
    for (index, lat, lon) in points {
        let cell = grid.cell(lat, lon);
        let c = cells.entry(cell).or_insert_with(|| Cluster {
            cell,
            count: 0,
            lat: 0.0,
            lon: 0.0,
            bounds: BBox::point(lat, lon),
            members: Vec::new(),
        });
        c.count += 1;
        // Sums for now; divided once all are in.
        c.lat += lat;
        c.lon += lon;
        c.bounds = c.bounds.including(lat, lon);
        if c.members.len() < keep {
            c.members.push(index);
        }
    }
    let mut out: Vec<Cluster> = cells
        .into_values()
        .map(|mut c| {
            let n = c.count as f64;
            // The mean of points in a box is in that box; clamped against rounding.
            c.lat = (c.lat / n).clamp(c.bounds.south, c.bounds.north);
            c.lon = (c.lon / n).clamp(c.bounds.west, c.bounds.east);
            c
        })
        .collect();
    out.sort_by_key(|c| c.cell);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, Rng, SeedableRng};

    /// The district's box (reference/inegol-district.json), where the map mostly looks.
    const DISTRICT: BBox = BBox { south: 39.8269099, west: 29.2423081, north: 40.2139153, east: 29.7980751 };

    fn random_view(rng: &mut StdRng) -> BBox {
        let south = rng.gen_range(39.0..40.5);
        let west = rng.gen_range(29.0..30.0);
        BBox { south, west, north: south + rng.gen_range(0.0005..1.5), east: west + rng.gen_range(0.0005..1.5) }
    }

    #[test]
    fn a_cell_is_about_sixty_four_pixels_square_on_screen() {
        // Zoom 10: a 256 px tile spans 360/1024 degrees of longitude.
        let g = Grid::for_view(10, &DISTRICT);
        assert!((g.dlon - 360.0 / 1024.0 / 4.0).abs() < 1e-12, "{g:?}");
        // At 40° north a degree of latitude looks 1/cos(40°) ≈ 1.31 times longer.
        assert!((g.dlon / g.dlat - 1.0 / 40f64.to_radians().cos()).abs() < 1e-9, "{g:?}");
        // One zoom closer, cells half as wide.
        let closer = Grid::for_view(11, &DISTRICT);
        assert!((g.dlon / closer.dlon - 2.0).abs() < 1e-12);
        // The whole district at zoom 10 is a handful of cells across.
        assert!((20..=60).contains(&g.cells_in(&DISTRICT)), "{}", g.cells_in(&DISTRICT));
    }

    #[test]
    fn a_large_box_at_a_close_zoom_gets_wider_cells_never_more_than_the_most() {
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..2_000 {
            let view = random_view(&mut rng);
            let zoom = rng.gen_range(0..=MAX_ZOOM + 3);
            let g = Grid::for_view(zoom, &view);
            assert!(g.cells_in(&view) <= MAX_CELLS, "{zoom} {view:?} {g:?}");
            assert!(g.dlat > 0.0 && g.dlon > 0.0);
        }
        let g = Grid::for_view(19, &DISTRICT);
        assert!(g.cells_in(&DISTRICT) > MAX_CELLS / 4, "widened no more than needed: {}", g.cells_in(&DISTRICT));
    }

    #[test]
    fn cells_stay_put_when_the_view_pans() {
        let here = BBox { south: 40.05, west: 29.48, north: 40.10, east: 29.55 };
        let panned = BBox { south: 40.07, west: 29.50, north: 40.12, east: 29.57 };
        let (a, b) = (Grid::for_view(14, &here), Grid::for_view(14, &panned));
        assert_eq!(a, b);
        assert_eq!(a.cell(40.0781, 29.5133), b.cell(40.0781, 29.5133));
    }

    #[test]
    fn every_point_is_counted_once_in_the_cell_that_holds_it() {
        let mut rng = StdRng::seed_from_u64(7);
        for round in 0..200 {
            let view = random_view(&mut rng);
            let grid = Grid::for_view(rng.gen_range(8..=18), &view);
            let n = rng.gen_range(0..3_000);
            let points: Vec<(usize, f64, f64)> = (0..n)
                .map(|i| (i, rng.gen_range(view.south..=view.north), rng.gen_range(view.west..=view.east)))
                .collect();
            let keep = rng.gen_range(0..5);
            let found = clusters(&grid, points.iter().copied(), keep);
            assert_eq!(found.iter().map(|c| c.count).sum::<usize>(), n, "round {round}");
            let cells: std::collections::HashSet<_> = found.iter().map(|c| c.cell).collect();
            assert_eq!(cells.len(), found.len(), "one cluster per cell");
            for c in &found {
                let cell_box = grid.cell_box(c.cell);
                // Its bounds are in its cell (to rounding), its marker within its bounds.
                let eps = 1e-9;
                assert!(c.bounds.south >= cell_box.south - eps && c.bounds.north <= cell_box.north + eps);
                assert!(c.bounds.west >= cell_box.west - eps && c.bounds.east <= cell_box.east + eps);
                assert!(c.bounds.contains(c.lat, c.lon), "{c:?}");
                assert_eq!(c.members.len(), c.count.min(keep));
                for &m in &c.members {
                    let (_, lat, lon) = points[m];
                    assert_eq!(grid.cell(lat, lon), c.cell);
                }
            }
            // The members kept are the first given of each cell.
            for c in &found {
                let first: Vec<usize> = points
                    .iter()
                    .filter(|(_, lat, lon)| grid.cell(*lat, *lon) == c.cell)
                    .map(|p| p.0)
                    .take(keep)
                    .collect();
                assert_eq!(c.members, first);
            }
        }
    }

    #[test]
    fn points_on_one_spot_make_one_cluster_standing_there() {
        let grid = Grid::for_view(12, &DISTRICT);
        let found = clusters(&grid, (0..40).map(|i| (i, 40.0781, 29.5133)), 3);
        assert_eq!(found.len(), 1);
        let c = &found[0];
        assert_eq!((c.count, c.lat, c.lon), (40, 40.0781, 29.5133));
        assert_eq!(c.bounds, BBox { south: 40.0781, west: 29.5133, north: 40.0781, east: 29.5133 });
        assert_eq!(c.members, vec![0, 1, 2]);
        assert!(clusters(&grid, std::iter::empty(), 3).is_empty());
    }
}
