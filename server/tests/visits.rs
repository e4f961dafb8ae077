//! Field visits (issue 11): staff plan a VİM stop or a neighbourhood meeting; requests recorded
//! during one name it (of the same kind as their channel); each visit's public page lists its
//! requests and their statuses; the list shows planned and past visits by neighbourhood.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::json;

fn intake(title: &str, channel: &str, visit: i64) -> serde_json::Value {
    json!({"kind": "request", "title": title, "body": "Mahalle toplantısında dile getirildi.", "category_id": 1,
        "neighbourhood_id": 4, "channel": channel, "citizen_name": "Fatma Yılmaz", "citizen_contact": "",
        "consent": false, "visit_id": visit})
}

async fn staff_plan_visits_and_record_requests_during_them(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let meeting = json!({"kind": "neighbourhood_meeting", "neighbourhood_id": 4, "date": "2099-05-12",
        "place": "Muhtarlık binası", "notes": "Yol ve park talepleri konuşulacak."});

    assert_eq!(app.client().json("POST", "/api/v1/visits", meeting.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(citizen.json("POST", "/api/v1/visits", meeting.clone()).await.status, StatusCode::FORBIDDEN);
    let bad = json!({"kind": "web", "neighbourhood_id": 99999, "date": "12.05.2099", "place": " "});
    let res = staff.json("POST", "/api/v1/visits", bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &res.json()["error"]["fields"];
    for (field, code) in
        [("kind", "invalid"), ("neighbourhood_id", "invalid"), ("date", "not_a_date"), ("place", "required")]
    {
        assert_eq!(fields[field]["code"], code, "{field}: {fields}");
    }
    let res = staff.json("POST", "/api/v1/visits", meeting).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let planned = res.json()["id"].as_i64().unwrap();
    let vim = json!({"kind": "vim", "neighbourhood_id": 5, "date": "2026-03-02", "place": "Cumhuriyet Meydanı"});
    let past = staff.json("POST", "/api/v1/visits", vim).await.json()["id"].as_i64().unwrap();

    // A request recorded during the meeting names it; a channel of another kind may not.
    let res = staff.json("POST", "/api/v1/intake", intake("Parka aydınlatma", "neighbourhood_meeting", planned)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let request = res.json()["id"].as_i64().unwrap();
    for (channel, visit) in [("phone_153", planned), ("vim", planned), ("neighbourhood_meeting", 424242)] {
        let res = staff.json("POST", "/api/v1/intake", intake("Yanlış ziyaret", channel, visit)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{channel} {visit}");
        assert_eq!(res.json()["error"]["fields"]["visit_id"]["code"], "invalid");
    }
    assert_eq!(app.count("submissions WHERE title = 'Yanlış ziyaret'"), 0, "nothing half-made");

    let visit = app.client().get(&format!("/api/v1/visits/{planned}")).await.json();
    assert_eq!(
        (visit["kind"].as_str(), visit["date"].as_str(), visit["planned"].as_bool()),
        (Some("neighbourhood_meeting"), Some("2099-05-12"), Some(true))
    );
    assert_eq!(visit["submission_count"], 1);
    assert_eq!(
        (visit["submissions"][0]["id"].as_i64(), visit["submissions"][0]["status"].as_str()),
        (Some(request), Some("received"))
    );
    assert_eq!(app.client().get("/api/v1/visits/999999").await.status, StatusCode::NOT_FOUND);

    let list = app.client().get("/api/v1/visits?when=planned").await.json();
    assert_eq!(
        list["items"].as_array().unwrap().iter().map(|v| v["id"].as_i64().unwrap()).collect::<Vec<_>>(),
        vec![planned]
    );
    let list = app.client().get("/api/v1/visits?when=past&neighbourhood=5").await.json();
    assert_eq!(list["items"][0]["id"].as_i64(), Some(past));
    assert_eq!(list["items"][0]["planned"], false);
    assert_eq!(app.client().get("/api/v1/visits?neighbourhood=4").await.json()["items"].as_array().unwrap().len(), 1);

    // The public pages: the list by neighbourhood, and the visit with its request and status.
    let page = app.client().get("/visits").await.text;
    assert!(
        page.contains("Planlanan ziyaretler")
            && page.contains("Muhtarlık binası")
            && page.contains("Cumhuriyet Meydanı")
    );
    let page = app.client().get(&format!("/visits/{planned}")).await.text;
    assert!(page.contains("Parka aydınlatma") && page.contains("Alındı"), "the request and its status");
    assert!(!page.contains("Fatma"), "the citizen's name stays private");
    assert_eq!(app.client().get("/visits/999999").await.status, StatusCode::NOT_FOUND);

    // The staff's form: errors come back with what was typed; a good one opens the new visit.
    let res = staff
        .form_on(
            "/visits",
            "/visits",
            &[("kind", "vim"), ("neighbourhood_id", "4"), ("date", "yarın"), ("place", "Okul bahçesi")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = staff.get("/visits").await.text;
    assert!(
        page.contains("Tarihi YYYY-AA-GG biçiminde yazın") && page.contains("value=\"Okul bahçesi\""),
        "errors and typed values"
    );
    let res = staff
        .form_on(
            "/visits",
            "/visits",
            &[("kind", "vim"), ("neighbourhood_id", "4"), ("date", "2099-06-01"), ("place", "Okul bahçesi")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.location().starts_with("/visits/"), "{}", res.location());
    // The intake page offers the visits of these weeks to choose from.
    let page = staff.get("/staff/intake").await.text;
    assert!(page.contains("Saha ziyareti"));
}

both_backends!(visits_sqlite, visits_postgres, staff_plan_visits_and_record_requests_during_them);
