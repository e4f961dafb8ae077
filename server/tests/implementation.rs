//! Implementation of approved proposals (issue 10): staff record milestones, progress, budget and
//! the responsible directorate; each is a step on the public timeline; the board shows proposals
//! by stage.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::json;

async fn staff_record_the_implementation_and_the_public_follows_it(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let body = json!({"kind": "project", "title": "Derebahçe'ye bisiklet yolu", "body": "Okul yolu.", "category_id": 1, "neighbourhood_id": 1});
    let id = ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let url = format!("/api/v1/submissions/{id}/milestones");
    let first = json!({"title": "Proje çizimi", "planned_on": "2027-02-01", "progress_percent": 10, "budget": 500000});
    let res = staff.json("POST", &url, first.clone()).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "not approved yet: {}", res.text);
    assert_eq!(res.json()["error"]["fields"]["status"]["code"], "not_in_implementation");
    let moves = format!("/api/v1/submissions/{id}/transitions");
    assert_eq!(staff.json("POST", &moves, json!({"to": "under_evaluation"})).await.status, StatusCode::CREATED);
    assert_eq!(
        chair.json("POST", &moves, json!({"to": "approved", "public_note": "Onaylandı."})).await.status,
        StatusCode::CREATED
    );

    assert_eq!(ayse.json("POST", &url, first.clone()).await.status, StatusCode::FORBIDDEN, "staff only");
    let res = staff.json("POST", &url, json!({"planned_on": "2027-13-01", "progress_percent": 140})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &res.json()["error"]["fields"];
    assert_eq!(fields["title"]["code"], "required");
    assert_eq!(fields["planned_on"]["code"], "invalid");
    assert_eq!(fields["progress_percent"]["code"], "out_of_range");
    let res = staff.json("POST", &url, first).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let milestone = res.json()["id"].as_i64().unwrap();
    let second = json!({"title": "İhale", "planned_on": "2027-01-15", "note": "Açık ihale."});
    assert_eq!(staff.json("POST", &url, second).await.status, StatusCode::CREATED);
    let list = app.client().get(&url).await.json();
    let titles: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["İhale", "Proje çizimi"], "by planned date");

    let heard = ayse.get("/api/v1/notifications").await.json();
    let milestone_news: Vec<&str> = heard["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "milestone")
        .map(|n| n["detail"].as_str().unwrap())
        .collect();
    assert_eq!(milestone_news, ["İhale", "Proje çizimi"], "the author follows the implementation");
    let patch = format!("/api/v1/milestones/{milestone}");
    let res = staff.json("PATCH", &patch, json!({"done_on": "2027-01-30", "progress_percent": 40})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["done_on"], "2027-01-30");
    assert_eq!(res.json()["title"], "Proje çizimi", "untouched fields stay");
    assert_eq!(
        staff.json("PATCH", "/api/v1/milestones/999999", json!({"title": "x"})).await.status,
        StatusCode::NOT_FOUND
    );

    let events = app.client().get(&format!("/api/v1/submissions/{id}/events")).await.json();
    let kinds: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        &kinds[kinds.len() - 4..],
        ["milestone_added", "milestone_added", "milestone_updated", "progress_updated"]
    );

    let board = app.client().get("/api/v1/board").await.json();
    let approved = board["stages"].as_array().unwrap().iter().find(|s| s["status"] == "approved").unwrap();
    assert_eq!(approved["count"], 1);
    assert_eq!(approved["items"][0]["progress_percent"], 40);
    let filtered = app.client().get("/api/v1/board?neighbourhood=2").await.json();
    assert!(filtered["stages"].as_array().unwrap().iter().all(|s| s["count"] == 0), "another neighbourhood");

    let page = app.client().get(&format!("/submissions/{id}")).await.text;
    assert!(
        page.contains("Proje çizimi") && page.contains("İhale") && page.contains("500.000 ₺"),
        "the implementation is public"
    );
    let board_page = app.client().get("/board").await;
    assert_eq!(board_page.status, StatusCode::OK);
    assert!(
        board_page.text.contains("Derebahçe&#x27;ye bisiklet yolu")
            || board_page.text.contains("Derebahçe'ye bisiklet yolu")
    );
}
both_backends!(
    implementation_sqlite,
    implementation_postgres,
    staff_record_the_implementation_and_the_public_follows_it
);

/// The same steps through the editor's forms on the proposal's page (staff only).
async fn the_editor_on_the_page_records_the_same_steps(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let body = json!({"kind": "idea", "title": "Meydana çeşme", "body": "Sıcak günler için.", "category_id": 1, "neighbourhood_id": 1});
    let id = ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let moves = format!("/api/v1/submissions/{id}/transitions");
    staff.json("POST", &moves, json!({"to": "under_evaluation"})).await;
    chair.json("POST", &moves, json!({"to": "approved", "public_note": "Onaylandı."})).await;
    let page = format!("/submissions/{id}");
    assert!(!ayse.get(&page).await.text.contains("implementation-editor"), "staff only");
    assert!(staff.get(&page).await.text.contains("implementation-editor"));

    let res = staff
        .form_on(
            &page,
            &format!("/submissions/{id}/implementation"),
            &[("progress_percent", "çok"), ("budget", "75.000")],
        )
        .await;
    assert_eq!(res.location(), format!("{page}#implementation-editor"));
    let html = staff.get(&page).await.text;
    assert!(html.contains("0 ile 100 arasında bir ilerleme girin"), "the error is on the form");
    assert!(html.contains("value=\"75.000\""), "what was typed is kept");
    let res = staff
        .form_on(
            &page,
            &format!("/submissions/{id}/implementation"),
            &[("progress_percent", "25"), ("budget", "75.000")],
        )
        .await;
    assert_eq!(res.location(), page);
    let res = staff
        .form_on(
            &page,
            &format!("/submissions/{id}/milestones"),
            &[("title", "Su bağlantısı"), ("planned_on", "2027-04-01")],
        )
        .await;
    assert_eq!(res.location(), page);
    let milestone =
        app.client().get(&format!("/api/v1/submissions/{id}/milestones")).await.json()[0]["id"].as_i64().unwrap();
    let res = staff.form_on(&page, &format!("/milestones/{milestone}/done"), &[]).await;
    assert_eq!(res.location(), page);
    let list = app.client().get(&format!("/api/v1/submissions/{id}/milestones")).await.json();
    assert!(list[0]["done_on"].is_string(), "{list}");
    let html = app.client().get(&page).await.text;
    assert!(html.contains("75.000 ₺") && html.contains("%25") && html.contains("Su bağlantısı"));
    assert_eq!(ayse.form_on(&page, &format!("/milestones/{milestone}/done"), &[]).await.status, StatusCode::FORBIDDEN);
}
both_backends!(editor_sqlite, editor_postgres, the_editor_on_the_page_records_the_same_steps);
