//! The audit log of staff actions: intake with a citizen's private contact, official answers and
//! every read of a private contact are recorded with who, when, what and from which address;
//! administrators read the log on a page and in the API, with filters. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Kind, TestApp};
use fikir::config::ServeArgs;
use serde_json::{json, Value};

fn from(addr: &str, method: &str, uri: &str, cookie: &str, body: Option<Value>) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::HOST, "127.0.0.1:3000")
        .header("x-forwarded-for", addr);
    if body.is_some() {
        b = b.header(header::CONTENT_TYPE, "application/json");
    }
    b.body(Body::from(body.map(|v| v.to_string()).unwrap_or_default())).unwrap()
}

async fn staff_actions_and_contact_reads_are_audited(kind: Kind) {
    let app = TestApp::with_args(kind, ServeArgs { trust_forwarded_for: true, ..ServeArgs::default() });
    let (mut staff, _) = app.user_with_roles("operator@example.com", &[Role::Citizen, Role::Staff]).await;
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Citizen, Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let cookie = staff.cookie.clone().unwrap();

    let intake = json!({"kind": "complaint", "title": "Çöp konteyneri taşıyor", "body": "Telefonla bildirildi.",
        "category_id": 1, "neighbourhood_id": 1, "channel": "phone_153", "citizen_name": "Mehmet Kaya",
        "citizen_contact": "0532 111 22 33", "consent": true});
    let res = staff.send(from("203.0.113.20", "POST", "/api/v1/intake", &cookie, Some(intake))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.json()["id"].as_i64().unwrap();

    let answer = json!({"body": "Ekip yönlendirildi.", "official": true});
    let res = staff
        .send(from("203.0.113.20", "POST", &format!("/api/v1/submissions/{id}/comments"), &cookie, Some(answer)))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    let contact_url = format!("/api/v1/submissions/{id}/contact");
    assert_eq!(citizen.get(&contact_url).await.status, StatusCode::FORBIDDEN, "citizens never see it");
    let res = staff.send(from("198.51.100.4", "GET", &contact_url, &cookie, None)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["contact"], "0532 111 22 33");

    assert_eq!(citizen.get("/api/v1/admin/audit").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.client().get("/api/v1/admin/audit").await.status, StatusCode::UNAUTHORIZED);
    let log = admin.get("/api/v1/admin/audit").await.json();
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(&actions[..3], ["contact_read", "official_answer", "intake_recorded"], "newest first");
    let entry = |action: &str| log["items"].as_array().unwrap().iter().find(|e| e["action"] == action).unwrap().clone();
    let recorded = entry("intake_recorded");
    assert_eq!(recorded["actor_email"], "operator@example.com");
    assert_eq!(recorded["subject"], format!("submission:{id}"));
    assert_eq!(recorded["addr"], "203.0.113.20", "from which address");
    assert!(recorded["detail"].as_str().unwrap().contains("contact=given"));
    assert!(!log.to_string().contains("0532"), "the log never holds the contact itself");
    assert_eq!(entry("contact_read")["addr"], "198.51.100.4");

    let only = admin.get("/api/v1/admin/audit?action=contact_read").await.json();
    assert_eq!(only["total"], 1);
    let by_staff = admin.get("/api/v1/admin/audit?actor=OPERATOR@example.com").await.json();
    assert_eq!(by_staff["total"], 3, "the operator's three actions, whatever the case of the address");
    let subject = admin.get(&format!("/api/v1/admin/audit?subject=submission:{id}")).await.json();
    assert_eq!(subject["total"], 3);
    let future = admin.get("/api/v1/admin/audit?from=2999-01-01").await.json();
    assert_eq!(future["total"], 0);
    let bad = admin.get("/api/v1/admin/audit?from=dün").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["fields"]["from"]["code"], "invalid");

    let page = admin.get("/admin/audit?action=intake_recorded").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Denetim kaydı") && page.text.contains("Vatandaş adına başvuru kaydı"), "{}", page.text);
    assert!(page.text.contains("203.0.113.20") && page.text.contains("operator@example.com"));
    assert!(!page.text.contains("0532"));
    assert_eq!(citizen.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
}
both_backends!(audit_sqlite, audit_postgres, staff_actions_and_contact_reads_are_audited);
