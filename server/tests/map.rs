//! The public map's data (issue 11): `GET /api/v1/submissions.geojson` gives the located public
//! submissions as GeoJSON, with the listing's filters and a bounding box; nothing out of public
//! view and nothing without a point is on it.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::{json, Value};

fn located(kind: &str, title: &str, point: Option<(f64, f64)>) -> Value {
    let mut v = json!({"kind": kind, "title": title, "body": "Mahallemizde uzun zamandır bekleniyor.",
        "category_id": 1, "neighbourhood_id": 1});
    if let Some((lat, lon)) = point {
        v["lat"] = json!(lat);
        v["lon"] = json!(lon);
    }
    v
}

async fn make(c: &mut common::Client, body: Value) -> i64 {
    let res = c.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()["id"].as_i64().unwrap()
}

/// A moderator hides or restores a submission.
async fn moderate(staff: &mut common::Client, id: i64, action: &str, reason: &str) {
    let res = staff
        .json("POST", &format!("/api/v1/submissions/{id}/moderation"), json!({"action": action, "reason": reason}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

async fn get(app: &TestApp, query: &str) -> common::Resp {
    app.client().get(&format!("/api/v1/submissions.geojson?{query}")).await
}

fn ids(map: &Value) -> Vec<i64> {
    map["features"].as_array().unwrap().iter().map(|f| f["id"].as_i64().unwrap()).collect()
}

async fn the_map_shows_located_public_submissions_with_the_listings_filters(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    // The town centre, a village to the south-east, and no point at all.
    let centre = make(&mut citizen, located("idea", "Çarşıya bisiklet yolu", Some((40.0781, 29.5133)))).await;
    let village = make(&mut citizen, located("complaint", "Köy yolunda çukur", Some((39.90, 29.70)))).await;
    let nowhere = make(&mut citizen, located("idea", "Kütüphane saatleri uzasın", None)).await;
    let hidden = make(&mut citizen, located("idea", "Parkta bisiklet yolu", Some((40.08, 29.51)))).await;
    moderate(&mut staff, hidden, "hide", "Reklam").await;

    let res = app.client().get("/api/v1/submissions.geojson").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let map = res.json();
    assert_eq!(map["type"], "FeatureCollection");
    assert_eq!(map["truncated"], false);
    assert_eq!(ids(&map), vec![village, centre], "located public ones, newest first: not {nowhere} nor {hidden}");
    let feature = &map["features"][1];
    assert_eq!(feature["type"], "Feature");
    assert_eq!(
        feature["geometry"],
        json!({"type": "Point", "coordinates": [29.5133, 40.0781]}),
        "GeoJSON is [lon, lat]"
    );
    assert_eq!(feature["properties"]["title"], "Çarşıya bisiklet yolu");
    assert_eq!(feature["properties"]["kind"], "idea");
    assert_eq!(feature["properties"]["status"], "published");
    assert_eq!(feature["properties"]["url"], format!("/submissions/{centre}"));
    assert!(feature["properties"]["reference"].as_str().unwrap().starts_with("INE-"));

    // The listing's filters and a box around the town.
    assert_eq!(ids(&get(&app, "kind=complaint").await.json()), vec![village]);
    assert_eq!(ids(&get(&app, "q=bisiklet").await.json()), vec![centre], "search, without the hidden one");
    assert_eq!(ids(&get(&app, "bbox=29.45,40.03,29.56,40.12").await.json()), vec![centre]);
    assert_eq!(ids(&get(&app, "bbox=29.45,40.03,29.56,40.12&kind=complaint").await.json()), Vec::<i64>::new());
    // A search inside a box, and the same words in a box elsewhere.
    let road = make(&mut citizen, located("complaint", "Köy yolunda bisiklet şeridi yok", Some((39.9, 29.7)))).await;
    assert_eq!(ids(&get(&app, "q=bisiklet&bbox=29.45,40.03,29.56,40.12").await.json()), vec![centre]);
    assert_eq!(ids(&get(&app, "q=bisiklet&bbox=29.65,39.85,29.75,39.95").await.json()), vec![road]);
    assert_eq!(ids(&get(&app, "q=bisiklet").await.json()), vec![road, centre]);

    // A box that is not four numbers west, south, east, north is refused, in Turkish.
    for bad in
        ["bbox=29.5,40.1", "bbox=a,b,c,d", "bbox=29.6,40.0,29.4,40.1", "bbox=29.4,40.2,29.6,40.0", "bbox=1,2,3,inf"]
    {
        let res = get(&app, bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.text);
        assert_eq!(res.json()["error"]["fields"]["bbox"]["code"], "invalid", "{bad}");
    }
    let res = get(&app, "kind=wish").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "the listing's own checks apply");

    // Restored, the hidden one is on the map again.
    moderate(&mut staff, hidden, "restore", "Yanlış bildirim").await;
    assert_eq!(ids(&get(&app, "q=bisiklet").await.json()), vec![road, hidden, centre]);
}
both_backends!(map_sqlite, map_postgres, the_map_shows_located_public_submissions_with_the_listings_filters);

// ---- Many submissions: clusters counted on the server ----

/// The district's box, as map.js asks for it at its first view.
const DISTRICT_BBOX: &str = "29.24,39.82,29.80,40.22";

/// `n` copies of submission `id`, set out on a grid of 0.001° (about 100 m) north-east of the
/// town centre, written straight into the database (a city's worth, without a city's requests).
fn copies(app: &TestApp, id: i64, n: i64) {
    app.exec(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         INSERT INTO submissions (reference, kind, status, title, body, body_html, summary, search_title, \
           search_body, category_id, neighbourhood_id, directorate_id, lat, lon, author_id, channel, \
           support_count, comment_count, created_at, updated_at) \
         SELECT s.reference || '-' || n.i, s.kind, s.status, s.title, s.body, s.body_html, s.summary, \
           s.search_title, s.search_body, s.category_id, s.neighbourhood_id, s.directorate_id, \
           40.0781 + (n.i % 30) * 0.001, 29.5133 + (n.i / 30) * 0.001, s.author_id, s.channel, 0, 0, \
           s.created_at, s.updated_at FROM submissions s, n WHERE s.id = {id}"
    ));
}

/// (clusters' counts, submissions sent one by one) of a map answer, after checking its shape.
fn counted(map: &Value) -> (i64, i64) {
    let (mut in_clusters, mut alone) = (0, 0);
    for f in map["features"].as_array().unwrap() {
        assert_eq!(f["type"], "Feature");
        let [lon, lat] =
            [f["geometry"]["coordinates"][0].as_f64().unwrap(), f["geometry"]["coordinates"][1].as_f64().unwrap()];
        if f["properties"]["cluster"] == true {
            let n = f["properties"]["count"].as_i64().unwrap();
            assert!(n > 1, "{f}");
            let b: Vec<f64> = f["properties"]["bbox"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
            assert!(b[0] <= lon && lon <= b[2] && b[1] <= lat && lat <= b[3], "the marker stands among its own: {f}");
            assert!(f.get("id").is_none());
            in_clusters += n;
        } else {
            assert!(f["id"].as_i64().is_some() && f["properties"]["url"].as_str().is_some(), "{f}");
            alone += 1;
        }
    }
    (in_clusters, alone)
}

async fn a_zoomed_out_map_of_many_gets_clusters_that_count_every_submission(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let pothole = make(&mut citizen, located("complaint", "Sokakta çukur", Some((40.0781, 29.5133)))).await;
    copies(&app, pothole, 899);
    let village = make(&mut citizen, located("idea", "Köy meydanına çeşme", Some((39.90, 29.70)))).await;

    // The whole district at zoom 10: a handful of clusters count all 900 in town, and the lone
    // village idea comes as itself.
    let res = get(&app, &format!("bbox={DISTRICT_BBOX}&zoom=10")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let map = res.json();
    assert_eq!((map["total"].as_i64(), map["truncated"].as_bool()), (Some(901), Some(false)));
    let (in_clusters, alone) = counted(&map);
    assert_eq!(in_clusters + alone, 901, "every submission once, in a cluster or alone");
    assert!(map["features"].as_array().unwrap().len() < 20, "{}", map["features"].as_array().unwrap().len());
    assert!(ids(&json!({"features": map["features"].as_array().unwrap().iter().filter(|f| f.get("id").is_some()).collect::<Vec<_>>()}))
        .contains(&village));

    // The listing's filters apply to the counts.
    let map = get(&app, &format!("bbox={DISTRICT_BBOX}&zoom=10&kind=idea")).await.json();
    assert_eq!((map["total"].as_i64(), ids(&map)), (Some(1), vec![village]), "one idea: sent as itself");
    let map = get(&app, &format!("bbox={DISTRICT_BBOX}&zoom=10&kind=complaint")).await.json();
    assert_eq!(map["total"], 900);
    assert_eq!(counted(&map).0 + counted(&map).1, 900);

    // Closer in, more and smaller clusters; a click on one zooms to its box, which holds its count.
    let map = get(&app, "bbox=29.50,40.07,29.56,40.12&zoom=15").await.json();
    assert_eq!(map["total"], 900);
    let (in_clusters, alone) = counted(&map);
    assert_eq!(in_clusters + alone, 900);
    let clusters: Vec<&Value> =
        map["features"].as_array().unwrap().iter().filter(|f| f["properties"]["cluster"] == true).collect();
    assert!(clusters.len() > 3, "{}", clusters.len());
    let first = clusters[0]["properties"].clone();
    // Widened by a hair: JSON numbers read back may differ in the last digit.
    let b: Vec<f64> = first["bbox"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    let (w, s, e, n) = (b[0] - 1e-7, b[1] - 1e-7, b[2] + 1e-7, b[3] + 1e-7);
    let inside = get(&app, &format!("bbox={w},{s},{e},{n}&zoom=17")).await.json();
    assert_eq!(inside["total"], first["count"], "{first} {inside}");
    assert!(inside["features"].as_array().unwrap().iter().all(|f| f.get("id").is_some()), "zoom 17: one by one");

    // Without a zoom (or from zoom 17): the submissions themselves, newest first.
    let map = get(&app, &format!("bbox={DISTRICT_BBOX}")).await.json();
    assert_eq!((map["total"].as_i64(), map["features"].as_array().unwrap().len()), (Some(901), 901));
    let sent = ids(&map);
    assert_eq!(sent[0], village);
    assert!(sent.windows(2).all(|w| w[0] > w[1]), "newest first");

    // A zoom that is not a whole number from 0 to 24 is refused.
    for bad in ["zoom=ten", "zoom=-1", "zoom=25", "zoom=10.5"] {
        let res = get(&app, &format!("bbox={DISTRICT_BBOX}&{bad}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.text);
        assert_eq!(res.json()["error"]["fields"]["zoom"]["code"], "invalid", "{bad}");
    }

    // A write on this server shows at once: the next answer counts it (the copy is read again).
    moderate(&mut staff, pothole, "hide", "Aynı çukur").await;
    let map = get(&app, &format!("bbox={DISTRICT_BBOX}&zoom=10")).await.json();
    assert_eq!(map["total"], 900);
    let added = make(&mut citizen, located("complaint", "Kaldırım kırık", Some((40.0790, 29.5140)))).await;
    let map = get(&app, &format!("bbox={DISTRICT_BBOX}")).await.json();
    assert_eq!((map["total"].as_i64(), ids(&map)[0]), (Some(901), added));
}
both_backends!(clusters_sqlite, clusters_postgres, a_zoomed_out_map_of_many_gets_clusters_that_count_every_submission);

// ---- The map's settings: the background tiles (an admin setting the pages' CSP follows) ----

const TILES: &str = "https://tiles.example.org/{z}/{x}/{y}.png";

/// The `img-src` directive of a page's Content-Security-Policy.
fn img_src(res: &common::Resp) -> String {
    let csp = res.header("content-security-policy");
    assert!(!csp.is_empty(), "a page has a Content-Security-Policy");
    csp.split(';').map(str::trim).find(|d| d.starts_with("img-src")).unwrap_or_default().to_owned()
}

/// The opening tag of the `/map` page's `#map` element.
fn map_element(page: &str) -> String {
    let start = page.find("id=\"map\"").expect("the /map page has #map");
    let open = page[..start].rfind('<').unwrap();
    let end = start + page[start..].find('>').unwrap();
    page[open..=end].to_owned()
}

async fn admins_set_the_map_tiles_and_every_page_allows_exactly_their_host(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut visitor = app.client();

    assert_eq!(visitor.get("/api/v1/map-settings").await.json(), json!({"tile_url": "", "attribution": ""}));
    // The pages are read (and the tiles kept in memory) before the change.
    for page in ["/", "/map", "/submissions"] {
        let res = visitor.get(page).await;
        assert_eq!(res.status, StatusCode::OK, "{page}");
        assert!(!img_src(&res).contains("tiles.example.org"), "{page}: {}", img_src(&res));
    }
    assert!(map_element(&visitor.get("/map").await.text).contains("data-tiles=\"\""));

    let tiles = json!({"tile_url": TILES, "attribution": "© Örnek"});
    assert_eq!(visitor.json("PUT", "/api/v1/map-settings", tiles.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(citizen.json("PUT", "/api/v1/map-settings", tiles.clone()).await.status, StatusCode::FORBIDDEN);
    for bad in [
        "http://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/harita.png",
        "https://tiles.example.org/{z}/{x}.png",
        "tiles.example.org/{z}/{x}/{y}.png",
    ] {
        let res = admin.json("PUT", "/api/v1/map-settings", json!({"tile_url": bad, "attribution": "© Örnek"})).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.text);
        assert_eq!(res.json()["error"]["fields"]["tile_url"]["code"], "not_a_tile_url", "{bad}");
    }
    let res = admin.json("PUT", "/api/v1/map-settings", json!({"tile_url": TILES, "attribution": " "})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["attribution"]["code"], "required");
    assert_eq!(visitor.get("/api/v1/map-settings").await.json()["tile_url"], "", "nothing refused was kept");

    let res = admin.json("PUT", "/api/v1/map-settings", tiles.clone()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json(), tiles);
    assert_eq!(visitor.get("/api/v1/map-settings").await.json(), tiles);
    // At once on this server: every page allows the tiles' host, and the map is told the URL.
    for page in ["/", "/map", "/submissions", "/board"] {
        let res = visitor.get(page).await;
        assert!(img_src(&res).contains(" https://tiles.example.org"), "{page}: {}", img_src(&res));
    }
    let map = map_element(&visitor.get("/map").await.text);
    assert!(map.contains(&format!("data-tiles=\"{TILES}\"")), "{map}");
    assert!(map.contains("data-attribution=\"© Örnek\""), "{map}");

    // Emptied, the maps have no background and no page allows the host any more.
    let res = admin.json("PUT", "/api/v1/map-settings", json!({"tile_url": "", "attribution": ""})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    for page in ["/", "/map"] {
        let res = visitor.get(page).await;
        assert!(!img_src(&res).contains("tiles.example.org"), "{page}: {}", img_src(&res));
    }
    assert_eq!(app.count("audit_log WHERE action = 'map_tiles_set'"), 2, "each change is in the audit log");
}
both_backends!(tiles_sqlite, tiles_postgres, admins_set_the_map_tiles_and_every_page_allows_exactly_their_host);

async fn the_admin_map_page_sets_the_tiles_and_brings_a_wrong_url_back_in_turkish(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;

    assert_eq!(citizen.get("/admin/map").await.status, StatusCode::FORBIDDEN);
    let res =
        citizen.form_on("/admin/map", "/admin/map/tiles", &[("tile_url", TILES), ("attribution", "© Örnek")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client().get("/api/v1/map-settings").await.json()["tile_url"], "");

    let page = admin.get("/admin/map").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("action=\"/admin/map/tiles\""));
    let res = admin.form_on("/admin/map", "/admin/map/tiles", &[("tile_url", TILES), ("attribution", "© Örnek")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/admin/map#tiles");
    assert_eq!(
        app.client().get("/api/v1/map-settings").await.json(),
        json!({"tile_url": TILES, "attribution": "© Örnek"})
    );
    let page = admin.get("/admin/map").await;
    assert!(page.text.contains(&format!("value=\"{TILES}\"")), "the page shows the tiles in use");
    assert!(img_src(&page).contains("https://tiles.example.org"));

    let typed = "http://tiles.example.org/{z}/{x}/{y}.png";
    let res = admin.form_on("/admin/map", "/admin/map/tiles", &[("tile_url", typed), ("attribution", "© Örnek")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/admin/map#tiles");
    let page = admin.get("/admin/map").await.text;
    let sentence = "Karo adresi https:// ile başlamalı ve {z}, {x}, {y} yer tutucularını içermeli";
    assert!(page.contains(sentence), "the error, in Turkish");
    assert!(page.contains(&format!("value=\"{typed}\"")), "what was typed stays");
    assert_eq!(app.client().get("/api/v1/map-settings").await.json()["tile_url"], TILES, "the good one holds");
}
both_backends!(
    tiles_form_sqlite,
    tiles_form_postgres,
    the_admin_map_page_sets_the_tiles_and_brings_a_wrong_url_back_in_turkish
);

// ---- The district: the default box until an admin uploads the outline ----

/// A small outline around the town (lat 40.03–40.12, lon 29.45–29.56), as a GeoJSON ring.
fn town_ring() -> Value {
    json!([[29.45, 40.03], [29.56, 40.03], [29.56, 40.12], [29.45, 40.12], [29.45, 40.03]])
}

fn point(title: &str, lat: f64, lon: f64) -> Value {
    located("complaint", title, Some((lat, lon)))
}

async fn put_outline(who: &mut common::Client, content_type: &str, body: &str) -> common::Resp {
    who.raw("PUT", "/api/v1/district", content_type, body.as_bytes().to_vec()).await
}

/// Inside the default box, outside the town's outline.
const VILLAGE: (f64, f64) = (39.90, 29.30);
const CENTRE: (f64, f64) = (40.0781, 29.5133);

async fn an_uploaded_outline_is_the_district_points_outside_it_are_refused(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut visitor = app.client();

    let the_box = json!({
        "source": "box", "south": 39.8269099, "west": 29.2423081, "north": 40.2139153, "east": 29.7980751,
        "vertices": 5, "updated_at": null,
        "geometry": {"type": "Polygon", "coordinates": [[[29.2423081, 39.8269099], [29.7980751, 39.8269099],
            [29.7980751, 40.2139153], [29.2423081, 40.2139153], [29.2423081, 39.8269099]]]}
    });
    assert_eq!(visitor.get("/api/v1/district").await.json(), the_box);
    // The map page reads (and keeps) the district's box before the change.
    assert!(map_element(&visitor.get("/map").await.text).contains("data-south=\"39.8269099\""));

    let polygon = json!({"type": "Polygon", "coordinates": [town_ring()]}).to_string();
    let res = put_outline(&mut visitor, "application/geo+json", &polygon).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = put_outline(&mut citizen, "application/geo+json", &polygon).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(citizen.json("DELETE", "/api/v1/district", json!(null)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(visitor.json("DELETE", "/api/v1/district", json!(null)).await.status, StatusCode::UNAUTHORIZED);

    // What is not the district's outline is refused, and the box holds.
    let ring = |r: Value| json!({"type": "Polygon", "coordinates": [r]}).to_string();
    let refused = [
        ("hello".to_owned(), "not_geojson"),
        (json!({"type": "Point", "coordinates": [29.5, 40.0]}).to_string(), "no_polygon"),
        (ring(json!([[29.45, 40.03], [29.56, 95.0], [29.56, 40.12], [29.45, 40.03]])), "bad_coordinates"),
        (ring(json!([[29.45, 40.03], [29.56, 40.12], [29.45, 40.03]])), "too_few_points"),
        (ring(json!([[29.45, 40.03], [29.56, 40.03], [29.56, 40.12], [29.45, 40.12]])), "open_ring"),
        // Around Ankara: a good polygon, but İnegöl's town centre is not in it.
        (
            ring(json!([[32.70, 39.80], [33.00, 39.80], [33.00, 40.05], [32.70, 40.05], [32.70, 39.80]])),
            "not_the_district",
        ),
    ];
    for (body, code) in &refused {
        let res = put_outline(&mut admin, "application/geo+json", body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.text);
        assert_eq!(res.json()["error"]["fields"]["outline"]["code"], *code, "{body}");
    }
    assert_eq!(visitor.get("/api/v1/district").await.json(), the_box);

    let res = put_outline(&mut admin, "application/geo+json", &polygon).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let d = res.json();
    assert_eq!((d["source"].as_str(), d["vertices"].as_u64()), (Some("outline"), Some(5)), "{d}");
    assert_eq!(
        (d["south"].as_f64(), d["west"].as_f64(), d["north"].as_f64(), d["east"].as_f64()),
        (Some(40.03), Some(29.45), Some(40.12), Some(29.56))
    );
    assert_eq!(d["geometry"], json!({"type": "MultiPolygon", "coordinates": [[town_ring()]]}));
    assert!(d["updated_at"].is_string(), "{d}");
    // Seen at once through this server: the API, the map page, and every new point.
    assert_eq!(visitor.get("/api/v1/district").await.json(), d);
    assert!(map_element(&visitor.get("/map").await.text).contains("data-south=\"40.03\""));
    let res = citizen.json("POST", "/api/v1/submissions", point("Köy yolunda çukur", VILLAGE.0, VILLAGE.1)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["location"]["code"], "outside_district");
    let res =
        citizen.json("POST", "/api/v1/drafts", json!({"title": "Köy yolu", "lat": VILLAGE.0, "lon": VILLAGE.1})).await;
    assert_eq!(res.json()["error"]["fields"]["location"]["code"], "outside_district", "a draft too: {}", res.text);
    let res = citizen.json("POST", "/api/v1/submissions", point("Çarşıda çukur", CENTRE.0, CENTRE.1)).await;
    assert!(matches!(res.status, StatusCode::CREATED | StatusCode::ACCEPTED), "{}", res.text);

    // Forgotten, the box holds again, at once.
    let res = admin.json("DELETE", "/api/v1/district", json!(null)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json(), the_box);
    assert_eq!(visitor.get("/api/v1/district").await.json(), the_box);
    assert!(map_element(&visitor.get("/map").await.text).contains("data-south=\"39.8269099\""));
    let res = citizen.json("POST", "/api/v1/submissions", point("Köy yolunda çukur", VILLAGE.0, VILLAGE.1)).await;
    assert!(matches!(res.status, StatusCode::CREATED | StatusCode::ACCEPTED), "{}", res.text);
    assert_eq!(
        app.count("audit_log WHERE action IN ('district_outline_set', 'district_outline_cleared')"),
        2,
        "each change is in the audit log, no refusal"
    );
}
both_backends!(district_sqlite, district_postgres, an_uploaded_outline_is_the_district_points_outside_it_are_refused);

async fn an_outline_may_come_as_a_multipolygon_a_feature_or_a_feature_collection(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    // The town, and a second part around the village to the south-west.
    let village = json!([[29.28, 39.88], [29.32, 39.88], [29.32, 39.92], [29.28, 39.92], [29.28, 39.88]]);
    let town = json!({"type": "Polygon", "coordinates": [town_ring()]});
    let bodies = [
        ("application/json", json!({"type": "Feature", "properties": {"ad": "İnegöl"}, "geometry": town}), 5),
        ("application/geo+json", json!({"type": "MultiPolygon", "coordinates": [[town_ring()], [village]]}), 10),
        (
            "application/geo+json",
            json!({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {}, "geometry": town},
                {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [village]}},
                {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [29.5, 40.0]}}
            ]}),
            10,
        ),
    ];
    for (content_type, body, vertices) in bodies {
        let res = put_outline(&mut admin, content_type, &body.to_string()).await;
        assert_eq!(res.status, StatusCode::OK, "{body}: {}", res.text);
        let d = res.json();
        assert_eq!((d["source"].as_str(), d["vertices"].as_u64()), (Some("outline"), Some(vertices)), "{body}");
        assert_eq!(d["geometry"]["type"], "MultiPolygon");
    }
    // Both parts of the last one are the district; the land between them is not.
    let d = app.client().get("/api/v1/district").await.json();
    assert_eq!((d["south"].as_f64(), d["west"].as_f64()), (Some(39.88), Some(29.28)));
    let res = citizen.json("POST", "/api/v1/submissions", point("Köy yolunda çukur", VILLAGE.0, VILLAGE.1)).await;
    assert!(matches!(res.status, StatusCode::CREATED | StatusCode::ACCEPTED), "{}", res.text);
    let res = citizen.json("POST", "/api/v1/submissions", point("Yol ortasında çukur", 40.0, 29.40)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["location"]["code"], "outside_district");
}
both_backends!(
    district_forms_sqlite,
    district_forms_postgres,
    an_outline_may_come_as_a_multipolygon_a_feature_or_a_feature_collection
);

async fn the_admin_map_page_uploads_and_forgets_the_outline_file(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let file = include_bytes!("fixtures/inegol-town.geojson").to_vec();

    let page = admin.get("/admin/map").await.text;
    assert!(page.contains("Şu anda varsayılan ilçe kutusu geçerli"), "the box, until an outline is uploaded");
    assert!(!page.contains("action=\"/admin/map/district/delete\""), "nothing to forget yet");

    let (ct, body) = common::multipart(&[], &[("outline", "inegol.geojson", "application/geo+json", file.clone())]);
    assert_eq!(citizen.multipart_form("/admin/map/district", &ct, body.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client().get("/api/v1/district").await.json()["source"], "box");

    let res = admin.multipart_form("/admin/map/district", &ct, body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(res.location(), "/admin/map#district");
    let page = admin.get("/admin/map").await.text;
    assert!(page.contains("Yüklenen sınır geçerli: 6 nokta"), "the page says the uploaded outline is in use");
    assert!(page.contains("action=\"/admin/map/district/delete\""));
    let d = app.client().get("/api/v1/district").await.json();
    assert_eq!((d["source"].as_str(), d["north"].as_f64()), (Some("outline"), Some(40.13)));
    let res = citizen.json("POST", "/api/v1/submissions", point("Köy yolunda çukur", VILLAGE.0, VILLAGE.1)).await;
    assert_eq!(res.json()["error"]["fields"]["location"]["code"], "outside_district", "{}", res.text);

    // A file without a polygon comes back with its reason in Turkish, and the outline holds.
    let point_file = br#"{"type":"Point","coordinates":[29.5,40.0]}"#.to_vec();
    let (ct, body) = common::multipart(&[], &[("outline", "nokta.geojson", "application/geo+json", point_file)]);
    let res = admin.multipart_form("/admin/map/district", &ct, body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/admin/map#district");
    let page = admin.get("/admin/map").await.text;
    assert!(page.contains("Dosyada çokgen yok: ilçe sınırı bir Polygon ya da MultiPolygon olmalı"), "the reason");
    assert_eq!(app.client().get("/api/v1/district").await.json()["vertices"], 6, "the uploaded outline holds");

    let res = citizen.form_on("/admin/map", "/admin/map/district/delete", &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = admin.form_on("/admin/map", "/admin/map/district/delete", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/admin/map#district");
    assert_eq!(app.client().get("/api/v1/district").await.json()["source"], "box");
    assert!(admin.get("/admin/map").await.text.contains("Şu anda varsayılan ilçe kutusu geçerli"));
    let res = citizen.json("POST", "/api/v1/submissions", point("Köy yolunda çukur", VILLAGE.0, VILLAGE.1)).await;
    assert!(matches!(res.status, StatusCode::CREATED | StatusCode::ACCEPTED), "{}", res.text);
}
both_backends!(district_page_sqlite, district_page_postgres, the_admin_map_page_uploads_and_forgets_the_outline_file);

// ---- Open submissions near a point ----

/// Metres north of a point, in degrees of latitude.
fn north(metres: f64) -> f64 {
    metres / 111_195.0
}

async fn nearby(app: &TestApp, query: &str) -> Vec<Value> {
    let res = app.client().get(&format!("/api/v1/submissions/nearby?{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.text);
    res.json().as_array().unwrap().clone()
}

fn nearby_ids(found: &[Value]) -> Vec<i64> {
    found.iter().map(|n| n["id"].as_i64().unwrap()).collect()
}

async fn nearby_lists_the_open_public_submissions_around_a_point_nearest_first(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut mehmet, _) = app.user_with_roles("mehmet@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (lat, lon) = CENTRE;
    let here = format!("lat={lat}&lon={lon}");

    let near = make(&mut ayse, point("Kaldırım taşları kırık", lat + north(50.0), lon)).await;
    let far = make(&mut ayse, point("Parkta bank kırık", lat + north(1_000.0), lon)).await;
    let withdrawn = make(&mut ayse, point("Çarşıda lamba yanmıyor", lat, lon)).await;
    let hidden = make(&mut mehmet, point("Çarşıda çöp birikti", lat, lon)).await;
    let res = ayse.json("POST", &format!("/api/v1/submissions/{withdrawn}/withdraw"), json!(null)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    moderate(&mut staff, hidden, "hide", "Reklam").await;

    let found = nearby(&app, &here).await;
    assert_eq!(nearby_ids(&found), vec![near], "300 m by default; never the withdrawn or the hidden one");
    let n = &found[0];
    assert_eq!(n["title"], "Kaldırım taşları kırık");
    assert_eq!(
        (n["kind"].as_str(), n["url"].as_str()),
        (Some("complaint"), Some(format!("/submissions/{near}").as_str()))
    );
    assert!(n["reference"].as_str().unwrap().starts_with("INE-"), "{n}");
    assert!(n["status"].is_string(), "{n}");
    assert!((n["distance_m"].as_i64().unwrap() - 50).abs() <= 10, "{n}");

    let found = nearby(&app, &format!("{here}&radius=2000")).await;
    assert_eq!(nearby_ids(&found), vec![near, far], "nearest first, not newest first");
    assert!((found[1]["distance_m"].as_i64().unwrap() - 1_000).abs() <= 10, "{}", found[1]);
    assert_eq!(nearby_ids(&nearby(&app, &format!("{here}&radius=40")).await), Vec::<i64>::new());

    // Restored, the hidden one is open and public again, right at the point.
    moderate(&mut staff, hidden, "restore", "Yanlış").await;
    let found = nearby(&app, &here).await;
    assert_eq!(nearby_ids(&found), vec![hidden, near]);
    assert_eq!(found[0]["distance_m"], 0);

    // At most ten, the nearest ones: ten more between 60 and 150 m away.
    let mut more = Vec::new();
    for i in 0..10 {
        let metres = 60.0 + 10.0 * f64::from(i);
        more.push(make(&mut mehmet, point(&format!("Sokakta çukur {i}"), lat + north(metres), lon)).await);
    }
    let found = nearby(&app, &here).await;
    let mut expected = vec![hidden, near];
    expected.extend(&more[..8]);
    assert_eq!(nearby_ids(&found), expected, "the ten nearest");
    let distances: Vec<i64> = found.iter().map(|n| n["distance_m"].as_i64().unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
}
both_backends!(nearby_sqlite, nearby_postgres, nearby_lists_the_open_public_submissions_around_a_point_nearest_first);

async fn nearby_refuses_a_point_that_is_missing_not_a_number_or_out_of_range(kind: Kind) {
    let app = TestApp::new(kind);
    let cases = [
        ("lon=29.5", "lat", "required"),
        ("lat=40.07", "lon", "required"),
        ("lat=&lon=29.5", "lat", "required"),
        ("lat=kuzey&lon=29.5", "lat", "not_a_number"),
        ("lat=95&lon=29.5", "lat", "out_of_range"),
        ("lat=40.07&lon=190", "lon", "out_of_range"),
        ("lat=40.07&lon=29.5&radius=5000", "radius", "out_of_range"),
        ("lat=40.07&lon=29.5&radius=0", "radius", "out_of_range"),
        ("lat=40.07&lon=29.5&radius=on", "radius", "not_a_number"),
        ("lat=NaN&lon=29.5", "lat", "out_of_range"),
    ];
    for (query, field, code) in cases {
        let res = app.client().get(&format!("/api/v1/submissions/nearby?{query}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", res.text);
        assert_eq!(res.json()["error"]["fields"][field]["code"], code, "{query}: {}", res.text);
    }
    assert_eq!(nearby(&app, "lat=40.07&lon=29.5&radius=2000").await, Vec::<Value>::new());
}
both_backends!(
    nearby_checks_sqlite,
    nearby_checks_postgres,
    nearby_refuses_a_point_that_is_missing_not_a_number_or_out_of_range
);

/// A closed ring of `positions` positions on a circle around the town centre, written with the
/// precision of a surveyed outline (what a real district file looks like, point for point).
fn detailed_outline(positions: usize) -> String {
    let ring: Vec<Value> = (0..positions)
        .map(|i| {
            let angle = std::f64::consts::TAU * (i % (positions - 1)) as f64 / (positions - 1) as f64;
            json!([CENTRE.1 + 0.06 * angle.cos(), CENTRE.0 + 0.045 * angle.sin()])
        })
        .collect();
    json!({"type": "Feature", "properties": {"ad": "İnegöl"}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
        .to_string()
}

async fn a_detailed_outline_of_a_few_hundred_kilobytes_is_accepted(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    // 12,000 points, about 400 KB: far below the documented 8 MB and 200,000 points.
    let outline = detailed_outline(12_000);
    assert!(outline.len() > 300 * 1024 && outline.len() < 8 * 1024 * 1024, "{}", outline.len());

    // Uploaded on the admin page…
    let (ct, body) =
        common::multipart(&[], &[("outline", "inegol.geojson", "application/geo+json", outline.clone().into_bytes())]);
    let res = admin.multipart_form("/admin/map/district", &ct, body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = admin.get("/admin/map").await.text;
    assert!(!page.contains("Dosya okunamadı"), "the file is read, not called unreadable");
    assert_eq!(app.client().get("/api/v1/district").await.json()["vertices"], 12_000, "the uploaded outline is in use");
    admin.json("DELETE", "/api/v1/district", json!(null)).await;

    // …or sent to the API.
    let res = put_outline(&mut admin, "application/geo+json", &outline).await;
    assert_eq!(res.status, StatusCode::OK, "{}", &res.text[..res.text.len().min(300)]);
    assert_eq!(res.json()["vertices"], 12_000);
}
both_backends!(big_outline_sqlite, big_outline_postgres, a_detailed_outline_of_a_few_hundred_kilobytes_is_accepted);
