//! Routing of service requests (issue 11): admins set the directorate a staff member works in;
//! staff route a request to a directorate and an officer of it (a public step; received becomes
//! routed); each directorate's queue lists its open requests, oldest first, with its filters, and
//! an officer sees what is assigned to them.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::json;

async fn staff_route_requests_to_directorates_and_officers(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut operator, _) = app.user_with_roles("operator@example.com", &[Role::Staff]).await;
    let (mut officer, officer_id) = app.user_with_roles("fen@example.com", &[Role::Staff]).await;
    let (_, outsider_id) = app.user_with_roles("park@example.com", &[Role::Staff]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;

    // The admin puts the officer in directorate 2 beside their roles (the roles form); audited.
    let res = admin
        .form_on(
            "/admin/roles",
            &format!("/admin/users/{officer_id}/roles"),
            &[("role_staff", "on"), ("directorate_id", "2")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    admin
        .form_on(
            "/admin/roles",
            &format!("/admin/users/{outsider_id}/roles"),
            &[("role_staff", "on"), ("directorate_id", "3")],
        )
        .await;
    assert_eq!(app.count("audit_log WHERE action = 'directorate_set'"), 2);
    assert!(officer.get("/api/v1/me").await.text.contains("\"directorate_id\":2"));

    let complaint = json!({"kind": "complaint", "title": "Sokak lambası yanmıyor", "body": "Üç gündür karanlık.", "category_id": 1, "neighbourhood_id": 4});
    let id = citizen.json("POST", "/api/v1/submissions", complaint).await.json()["id"].as_i64().unwrap();
    let idea = json!({"kind": "idea", "title": "Parka satranç masası", "body": "Gençler için.", "category_id": 1, "neighbourhood_id": 4});
    let idea = citizen.json("POST", "/api/v1/submissions", idea).await.json()["id"].as_i64().unwrap();
    let url = format!("/api/v1/submissions/{id}/assignment");

    let body = json!({"directorate_id": 2, "officer_id": officer_id, "public_note": "Fen İşleri ilgilenecek."});
    assert_eq!(citizen.json("POST", &url, body.clone()).await.status, StatusCode::FORBIDDEN);
    let res = operator.json("POST", &format!("/api/v1/submissions/{idea}/assignment"), body.clone()).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "ideas go to the committee, not to a directorate");
    assert_eq!(res.json()["error"]["fields"]["status"]["code"], "not_a_service_request");
    let wrong = json!({"directorate_id": 2, "officer_id": outsider_id});
    let res = operator.json("POST", &url, wrong).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["officer_id"]["code"], "not_in_directorate");
    assert_eq!(
        operator.json("POST", &url, json!({"directorate_id": 999})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let res = operator.json("POST", &url, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let step = res.json();
    assert_eq!(
        (step["kind"].as_str(), step["from_status"].as_str(), step["to_status"].as_str()),
        (Some("assigned"), Some("received"), Some("routed"))
    );
    assert_eq!(step["public_note"], "Fen İşleri ilgilenecek.");
    let public = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!((public["status"].as_str(), public["directorate_id"].as_i64()), (Some("routed"), Some(2)));
    let heard = citizen.get("/api/v1/notifications").await.json();
    assert_eq!(heard["items"][0]["detail"], "routed", "the author hears the request moved: {heard}");

    // The directorate's queue, and the officer's own.
    let queue = officer.get("/api/v1/queues/2").await.json();
    assert_eq!(queue["total"], 1, "{queue}");
    assert_eq!(queue["items"][0]["assignee_name"], "Deneme Kişi");
    assert_eq!(officer.get("/api/v1/queues/2?assigned_to=me").await.json()["total"], 1);
    assert_eq!(operator.get("/api/v1/queues/2?assigned_to=me").await.json()["total"], 0);
    assert_eq!(officer.get("/api/v1/queues/2?kind=request").await.json()["total"], 0);
    assert_eq!(officer.get("/api/v1/queues/2?channel=web&neighbourhood=4").await.json()["total"], 1);
    assert_eq!(officer.get("/api/v1/queues/2?older_than_days=2").await.json()["total"], 0, "received today");
    assert_eq!(officer.get("/api/v1/queues/1").await.json()["total"], 0, "routed away from its first directorate");
    assert_eq!(citizen.get("/api/v1/queues/2").await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.get("/api/v1/queues/99999").await.status, StatusCode::NOT_FOUND);

    // Re-routed to the directorate's queue without an officer; the page shows both.
    let res = operator.json("POST", &url, json!({"directorate_id": 2})).await;
    assert_eq!(res.json()["to_status"], "routed", "already routed: the status stays");
    assert_eq!(officer.get("/api/v1/queues/2?assigned_to=me").await.json()["total"], 0);
    let page = officer.get("/staff/queue").await.text;
    assert!(page.contains("Sokak lambası yanmıyor"), "the officer's own directorate by default");
    let detail = officer.get(&format!("/submissions/{id}")).await.text;
    assert!(
        detail.contains("action=\"/submissions/") && detail.contains("/assignment\""),
        "staff see the routing form"
    );
    let res = officer
        .form_on(
            &format!("/submissions/{id}"),
            &format!("/submissions/{id}/assignment"),
            &[("directorate_id", "2"), ("officer_id", &outsider_id.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let detail = officer.get(&format!("/submissions/{id}")).await.text;
    assert!(detail.contains("id=\"officer_id-error\""), "the refusal is shown at the field");
}
both_backends!(routing_sqlite, routing_postgres, staff_route_requests_to_directorates_and_officers);
