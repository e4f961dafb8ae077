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
    let res = staff
        .json(
            "POST",
            &format!("/api/v1/submissions/{hidden}/moderation"),
            json!({"action": "hide", "reason": "Reklam"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

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
    let res = staff
        .json(
            "POST",
            &format!("/api/v1/submissions/{hidden}/moderation"),
            json!({"action": "restore", "reason": "Yanlış bildirim"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(ids(&get(&app, "q=bisiklet").await.json()), vec![hidden, centre]);
}
both_backends!(map_sqlite, map_postgres, the_map_shows_located_public_submissions_with_the_listings_filters);
