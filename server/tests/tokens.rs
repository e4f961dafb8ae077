//! Personal API tokens: made and revoked by a signed-in person (page and API), used by programs
//! as `Authorization: Bearer` with no cookie and no Origin, stored only as a hash. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Kind, TestApp};
use serde_json::json;

fn bearer(method: &str, uri: &str, secret: &str, body: Option<serde_json::Value>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri).header(header::AUTHORIZATION, format!("Bearer {secret}"));
    if body.is_some() {
        b = b.header(header::CONTENT_TYPE, "application/json");
    }
    b.body(Body::from(body.map(|v| v.to_string()).unwrap_or_default())).unwrap()
}

async fn a_program_acts_for_a_person_with_a_revocable_token(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, ayse_id) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let res = ayse.json("POST", "/api/v1/me/tokens", json!({"name": "Muhtarlık tableti"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let made = res.json();
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("fkr_") && secret.len() > 40);
    assert_eq!(app.count(&format!("api_tokens WHERE secret_hash = '{secret}'")), 0, "the secret itself is not stored");
    assert_eq!(app.count("api_tokens"), 1);

    let mut program = app.client();
    let me = program.send(bearer("GET", "/api/v1/me", &secret, None)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["id"], ayse_id);
    let idea = json!({"kind": "idea", "title": "Tabletten gelen fikir", "body": "Metin.", "category_id": 1, "neighbourhood_id": 1});
    let sent = program.send(bearer("POST", "/api/v1/submissions", &secret, Some(idea.clone()))).await;
    assert_eq!(sent.status, StatusCode::CREATED, "a token needs no Origin: {}", sent.text);
    assert!(program.cookie.is_none(), "and makes no session");
    let more = program.send(bearer("POST", "/api/v1/me/tokens", &secret, Some(json!({"name": "x"})))).await;
    assert_eq!(more.status, StatusCode::FORBIDDEN, "a token cannot make tokens");
    let listed = ayse.get("/api/v1/me/tokens").await.json();
    assert_eq!(listed[0]["name"], "Muhtarlık tableti");
    assert!(listed[0]["last_used_at"].is_string(), "its last use shows");
    assert!(!listed.to_string().contains(&secret));

    let wrong = program.send(bearer("GET", "/api/v1/me", "fkr_not-a-real-token", None)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let id = made["id"].as_i64().unwrap();
    let (mut ali, _) = app.user_with_roles("ali@example.com", &[Role::Citizen]).await;
    assert_eq!(ali.json("DELETE", &format!("/api/v1/me/tokens/{id}"), json!(null)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        ayse.json("DELETE", &format!("/api/v1/me/tokens/{id}"), json!(null)).await.status,
        StatusCode::NO_CONTENT
    );
    let after = program.send(bearer("POST", "/api/v1/submissions", &secret, Some(idea))).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED, "a revoked token signs nothing in");
}
both_backends!(tokens_api_sqlite, tokens_api_postgres, a_program_acts_for_a_person_with_a_revocable_token);

/// Without JavaScript: the account page makes a key, shows its secret once, and revokes it.
async fn the_account_page_makes_and_revokes_keys(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let empty = ayse.form("/account/tokens", &[("name", "  ")]).await;
    assert_eq!(empty.status, StatusCode::SEE_OTHER);
    let page = ayse.get("/account").await.text;
    assert!(page.contains("Adı girin") && page.contains("error-summary"), "the form says what is missing");
    assert_eq!(app.count("api_tokens"), 0);
    let res = ayse.form("/account/tokens", &[("name", "Gazete betiği")]).await;
    assert_eq!(res.location(), "/account#tokens");
    let page = ayse.get("/account").await.text;
    let start = page.find("fkr_").expect("the secret is shown once");
    let secret: String =
        page[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    assert!(page.contains("Gazete betiği"));
    assert!(!ayse.get("/account").await.text.contains(&secret), "and only once");
    let mut program = app.client();
    assert_eq!(program.send(bearer("GET", "/api/v1/me", &secret, None)).await.status, StatusCode::OK);
    let id = ayse.get("/api/v1/me/tokens").await.json()[0]["id"].as_i64().unwrap();
    let res = ayse.form(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(res.location(), "/account#tokens");
    assert_eq!(program.send(bearer("GET", "/api/v1/me", &secret, None)).await.status, StatusCode::UNAUTHORIZED);
}
both_backends!(tokens_page_sqlite, tokens_page_postgres, the_account_page_makes_and_revokes_keys);

/// The account page reads the person's e-mail settings and active tokens in one statement: the
/// same settings and tokens (newest first, revoked ones left out) as reading each on its own.
async fn the_account_page_reads_settings_and_tokens_at_once(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, me) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let read = |app: &TestApp| {
        let mut c = app.db.pool.get().expect("conn");
        let one = app::accounts::tokens::with_settings(&mut c, me).unwrap();
        let apart = (
            app::notifications::mailer::settings_of(&mut c, me).unwrap(),
            app::accounts::tokens::list(&mut c, me).unwrap(),
        );
        (one, apart)
    };
    let (fresh, apart) = read(&app);
    assert!(fresh.0.email_comments && fresh.1.is_empty(), "every e-mail and no token at first");
    assert_eq!(fresh, apart);
    for name in ["Eski anahtar", "Gazete betiği", "Muhtar tableti"] {
        assert_eq!(ayse.form("/account/tokens", &[("name", name)]).await.location(), "/account#tokens");
    }
    let oldest = ayse.get("/api/v1/me/tokens").await.json()[2]["id"].as_i64().unwrap();
    assert!(ayse.form(&format!("/account/tokens/{oldest}/revoke"), &[]).await.status.is_redirection());
    let saved = ayse.form("/account/notifications", &[("email_official", "1")]).await;
    assert!(saved.status.is_redirection(), "{}", saved.text);
    let (now, apart) = read(&app);
    let names: Vec<&str> = now.1.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Muhtar tableti", "Gazete betiği"], "newest first, the revoked (oldest) one gone");
    assert!(!now.0.email_comments && now.0.email_official && !now.0.email_status, "{:?}", now.0);
    assert_eq!(now, apart);
}
both_backends!(account_read_sqlite, account_read_postgres, the_account_page_reads_settings_and_tokens_at_once);
