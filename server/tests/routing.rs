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

/// A citizen whose request staff took, who gave an e-mail address and agreed to be contacted,
/// hears at that address: the receipt with the tracking code and the first-response due time,
/// each change of status and the official answer; not other people's comments. A phone number,
/// or no consent, gets nothing.
async fn a_caller_who_gave_an_address_hears_of_their_request(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("operator@example.com", &[Role::Staff]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let taken = |contact: &str, consent: bool| {
        json!({"kind": "request", "title": "Sokağa konteyner", "body": "Telefonla bildirildi.", "category_id": 1,
            "neighbourhood_id": 4, "channel": "phone_153", "citizen_name": "Hatice Arayan", "citizen_contact": contact,
            "consent": consent})
    };
    let res = staff.json("POST", "/api/v1/intake", taken("hatice@example.com", true)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.json()["id"].as_i64().unwrap();
    let code = res.json()["reference"].as_str().unwrap().to_owned();
    let mails = |extra: &str| app.count(&format!("mail_outbox WHERE recipient = 'hatice@example.com'{extra}"));
    assert_eq!(mails(""), 1, "the receipt");
    assert_eq!(mails(&format!(" AND subject LIKE '%{code}%başvurunuz alındı%'")), 1);
    assert_eq!(mails(&format!(" AND body LIKE '%/t/{code}%' AND body LIKE '%İlk yanıt için son zaman%'")), 1);
    staff.json("POST", "/api/v1/intake", taken("0555 111 22 33", true)).await;
    staff.json("POST", "/api/v1/intake", taken("baska@example.com", false)).await;
    assert_eq!(app.count("mail_outbox"), 1, "no address, or no consent: nothing");

    citizen.json("POST", &format!("/api/v1/submissions/{id}/comments"), json!({"body": "Bizim sokakta da."})).await;
    assert_eq!(mails(""), 1, "other people's comments are not sent");
    let res = staff.json("POST", &format!("/api/v1/submissions/{id}/assignment"), json!({"directorate_id": 2})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(mails(" AND subject LIKE '%durum değişti%'"), 1, "the change of status");
    let answer = json!({"body": "Konteyner yarın konacak.", "official": true});
    assert_eq!(
        staff.json("POST", &format!("/api/v1/submissions/{id}/comments"), answer).await.status,
        StatusCode::CREATED
    );
    assert_eq!(mails(" AND subject LIKE '%belediye yanıt verdi%'"), 1, "the official answer");
    assert_eq!(mails(""), 3);
}

both_backends!(contact_sqlite, contact_postgres, a_caller_who_gave_an_address_hears_of_their_request);

/// An operator's double click (or a form sent again) records one request, not two; another
/// token, or another operator, is another request.
async fn a_request_taken_twice_is_recorded_once(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("operator@example.com", &[Role::Staff]).await;
    let (mut other, _) = app.user_with_roles("operator2@example.com", &[Role::Staff]).await;
    let taken = |token: &str| {
        json!({"kind": "complaint", "title": "Çukur var", "body": "Telefonla bildirildi.", "category_id": 1,
            "neighbourhood_id": 4, "channel": "phone_153", "citizen_name": "Ali Veli", "citizen_contact": "",
            "consent": false, "client_token": token})
    };
    let first = staff.json("POST", "/api/v1/intake", taken("tok-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = staff.json("POST", "/api/v1/intake", taken("tok-1")).await;
    assert_eq!(again.json()["id"], first.json()["id"], "the same request");
    assert_eq!(again.json()["reference"], first.json()["reference"]);
    assert_eq!(app.count("submissions"), 1);
    staff.json("POST", "/api/v1/intake", taken("tok-2")).await;
    other.json("POST", "/api/v1/intake", taken("tok-1")).await;
    assert_eq!(app.count("submissions"), 3);

    // The intake form carries its token: sending the same form twice records one request.
    let page = staff.get("/staff/intake").await.text;
    let token =
        page.split("name=\"client_token\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
    let fields = [
        ("client_token", token.as_str()),
        ("channel", "walk_in"),
        ("citizen_name", "Zeynep Kaya"),
        ("kind", "request"),
        ("title", "Durağa bank"),
        ("body", "Yaşlılar için."),
        ("category_id", "1"),
        ("neighbourhood_id", "4"),
    ];
    let (ct, body) = common::multipart(&fields, &[]);
    assert_eq!(staff.multipart_form("/staff/intake", &ct, body.clone()).await.status, StatusCode::SEE_OTHER);
    assert_eq!(staff.multipart_form("/staff/intake", &ct, body).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("submissions WHERE title = 'Durağa bank'"), 1);
}

both_backends!(intake_once_sqlite, intake_once_postgres, a_request_taken_twice_is_recorded_once);

/// Staff find a caller's earlier requests by the number or address they give, however it is
/// typed; only staff, and each lookup is audited without writing the contact into the log.
async fn staff_find_a_callers_earlier_requests(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("operator@example.com", &[Role::Staff]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let taken = |title: &str, contact: &str| {
        json!({"kind": "complaint", "title": title, "body": "Telefonla bildirildi.", "category_id": 1,
            "neighbourhood_id": 4, "channel": "phone_153", "citizen_name": "Ali Veli", "citizen_contact": contact,
            "consent": false})
    };
    staff.json("POST", "/api/v1/intake", taken("Su borusu patladı", "0555 111 22 33")).await;
    staff.json("POST", "/api/v1/intake", taken("Çöp alınmadı", "+90 (555) 111-2233")).await;
    staff.json("POST", "/api/v1/intake", taken("Başka bir arayan", "0532 999 88 77")).await;

    let found = staff.get("/api/v1/intake/history?contact=5551112233").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    let titles: Vec<String> =
        found.json().as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap().to_owned()).collect();
    assert_eq!(titles, ["Çöp alınmadı", "Su borusu patladı"], "newest first, however the number was typed");
    assert_eq!(found.json()[0]["status"], "received");
    let res = staff.get("/api/v1/intake/history?contact=Ali").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["contact"]["code"], "invalid");
    assert_eq!(citizen.get("/api/v1/intake/history?contact=05551112233").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("audit_log WHERE action = 'caller_lookup'"), 1, "the lookup that ran is audited");
    assert_eq!(app.count("audit_log WHERE detail LIKE '%555%'"), 0, "the contact is not written to the log");

    // On the intake screen: the list, and the contact carried into the form.
    let page = staff.get("/staff/intake?contact=0555%20111%2022%2033").await.text;
    assert!(page.contains("Su borusu patladı") && page.contains("Çöp alınmadı") && !page.contains("Başka bir arayan"));
    assert!(page.contains("value=\"0555 111 22 33\""), "the contact is already in the form");
    let page = staff.get("/staff/intake?contact=abc").await.text;
    assert!(page.contains("Bir telefon numarası"), "an unreadable contact is named");
}

both_backends!(history_sqlite, history_postgres, staff_find_a_callers_earlier_requests);
