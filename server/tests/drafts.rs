//! Drafts on both databases: a citizen saves an unfinished submission, sees it alone, finishes
//! and sends it later (through the JSON API and through the form without JavaScript). Nothing
//! about a draft is public, and sending one removes it.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::json;

async fn drafts_are_private_and_publish_with_every_rule(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut ali, _) = app.user_with_roles("ali@example.com", &[Role::Citizen]).await;
    assert_eq!(app.client().get("/api/v1/drafts").await.status, StatusCode::UNAUTHORIZED);

    let res = ayse.json("POST", "/api/v1/drafts", json!({})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "an empty draft is refused");
    let err = res.json();
    assert_eq!(err["error"]["fields"]["title"]["code"], "draft_empty");
    assert_eq!(err["error"]["fields"]["title"]["message"], "Taslağı kaydetmek için bir başlık ya da açıklama yazın");
    let res = ayse.json("POST", "/api/v1/drafts", json!({"title": "Hal", "category_id": 9999})).await;
    assert_eq!(res.json()["error"]["fields"]["category_id"]["code"], "invalid", "a chosen category must exist");
    let res = ayse.json("POST", "/api/v1/drafts", json!({"title": "Hal", "lat": 41.0, "lon": 28.9})).await;
    assert_eq!(res.json()["error"]["fields"]["location"]["code"], "outside_district");

    // A short title and no category: fine for a draft.
    let res = ayse.json("POST", "/api/v1/drafts", json!({"kind": "idea", "title": "Hal", "neighbourhood_id": 3})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let draft = res.json();
    let id = draft["id"].as_i64().unwrap();
    assert_eq!((draft["title"].as_str(), draft["category_id"].as_i64()), (Some("Hal"), None));
    assert_eq!(app.count("submissions"), 0, "a draft is not a submission");

    assert_eq!(ali.get(&format!("/api/v1/drafts/{id}")).await.status, StatusCode::NOT_FOUND, "others see nothing");
    assert_eq!(ali.get("/api/v1/drafts").await.json()["items"], json!([]));
    let res = ali.json("PUT", &format!("/api/v1/drafts/{id}"), json!({"title": "Benim"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "others cannot change it");
    let res = ali.json("POST", &format!("/api/v1/drafts/{id}/publish"), json!({})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "others cannot send it");

    let res = ayse.json("POST", &format!("/api/v1/drafts/{id}/publish"), json!({})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "sending applies every rule");
    let fields = res.json()["error"]["fields"].clone();
    assert_eq!(fields["title"]["code"], "too_short");
    assert_eq!(fields["category_id"]["code"], "required");
    assert_eq!(fields["body"]["code"], "required");
    assert_eq!(app.count("drafts"), 1, "a refused send keeps the draft");
    assert_eq!(app.count("submissions"), 0);

    let finished = json!({"kind": "idea", "title": "Hal binasına bisiklet parkı", "body": "Giriş kapısının yanına.",
        "category_id": 1, "neighbourhood_id": 3});
    let res = ayse.json("PUT", &format!("/api/v1/drafts/{id}"), finished).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(ayse.get("/api/v1/drafts").await.json()["items"][0]["title"], "Hal binasına bisiklet parkı");
    let search = app.client().get("/api/v1/submissions?q=bisiklet").await.json();
    assert_eq!(search["total"], 0, "drafts are never searchable");

    let res = ayse.json("POST", &format!("/api/v1/drafts/{id}/publish"), json!({})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let created = res.json();
    assert!(created["reference"].as_str().unwrap().starts_with("INE-"));
    assert_eq!(app.count("drafts"), 0, "sending removes the draft");
    assert_eq!(ayse.get(&format!("/api/v1/drafts/{id}")).await.status, StatusCode::NOT_FOUND);
    let search = app.client().get("/api/v1/submissions?q=bisiklet").await.json();
    assert_eq!(search["items"][0]["id"], created["id"], "the sent submission is public and found");
    let res = ayse.json("POST", &format!("/api/v1/drafts/{id}/publish"), json!({})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a draft is sent once");
    assert_eq!(app.count("submissions"), 1);

    let other = ayse.json("POST", "/api/v1/drafts", json!({"body": "Sadece bir not"})).await.json();
    let url = format!("/api/v1/drafts/{}", other["id"]);
    assert_eq!(ali.json("DELETE", &url, json!(null)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(ayse.json("DELETE", &url, json!(null)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("drafts"), 0);
}
both_backends!(api_sqlite, api_postgres, drafts_are_private_and_publish_with_every_rule);

async fn the_form_saves_a_draft_and_sends_it_later_without_javascript(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("zeynep@example.com", &[Role::Citizen]).await;
    let typed = [
        ("kind", "complaint"),
        ("title", "Sokak lambası"),
        ("body", "Akşamları **karanlık** </textarea><b>x</b>"),
        ("neighbourhood_id", "4"),
        ("lat", "40,08"),
        ("lon", "29,51"),
        ("action", "draft"),
    ];
    let res = c.form("/submissions", &typed).await;
    let location = res.location();
    assert!(location.starts_with("/submissions/new?draft="), "{location}");
    assert_eq!((app.count("drafts"), app.count("submissions")), (1, 0));

    let page = c.get(&location).await.text;
    assert!(page.contains("Taslağınız kaydedildi"), "the notice says it was saved");
    assert!(page.contains("Kaydettiğiniz bir taslağı düzenliyorsunuz"));
    assert!(page.contains("value=\"Sokak lambası\""), "the saved title is in the form");
    assert!(page.contains("&lt;/textarea&gt;&lt;b&gt;x"), "the saved body comes back as text");
    assert!(page.contains("value=\"40.08\""), "the decimal comma was read");
    let draft_id = location.trim_start_matches("/submissions/new?draft=").to_owned();
    assert!(page.contains(&format!("name=\"draft_id\" value=\"{draft_id}\"")));

    let mine = c.get("/my/submissions").await.text;
    assert!(mine.contains("Taslaklarım") && mine.contains("Sokak lambası"));
    assert!(!app.client().get("/submissions").await.text.contains("Sokak lambası"), "not in the public listing");
    let stranger = app.user_with_roles("x@example.com", &[Role::Citizen]).await.0.get(&location).await.text;
    assert!(!stranger.contains("Sokak lambası"), "someone else opening the link gets an empty form");

    // Sending it with what is still missing: the errors come back on the same draft.
    let fields = |category: &'static str| {
        [
            ("kind", "complaint"),
            ("title", "Sokak lambası yanmıyor"),
            ("body", "Akşamları karanlık."),
            ("category_id", category),
            ("neighbourhood_id", "4"),
            ("draft_id", draft_id.as_str()),
        ]
    };
    let res = c.form("/submissions", &fields("")).await;
    assert_eq!(res.location(), location, "back to the draft");
    let page = c.get(&location).await.text;
    assert!(page.contains(&app::ui::messages::field_message(
        app::i18n::Locale::tr,
        "category_id",
        app::error::Problem::Required
    )));
    assert!(page.contains("value=\"Sokak lambası yanmıyor\""), "the newer typing wins over the saved draft");
    assert_eq!((app.count("drafts"), app.count("submissions")), (1, 0));

    let res = c.form("/submissions", &fields("2")).await;
    assert!(res.location().starts_with("/submissions/"), "{}", res.location());
    assert_eq!((app.count("drafts"), app.count("submissions")), (0, 1), "sent, and the draft is gone");

    let other = c.form("/submissions", &[("title", "Bir not"), ("action", "draft")]).await.location();
    let other_id = other.trim_start_matches("/submissions/new?draft=");
    let res = c.form(&format!("/submissions/drafts/{other_id}/delete"), &[]).await;
    assert_eq!(res.location(), "/my/submissions");
    assert_eq!(app.count("drafts"), 0);
    assert!(c.get("/my/submissions").await.text.contains("Taslak silindi"));
}
both_backends!(form_sqlite, form_postgres, the_form_saves_a_draft_and_sends_it_later_without_javascript);
