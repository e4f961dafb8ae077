//! Accounts and sessions over the JSON API and the web forms, on both databases.
// Test bodies are plain async fns run by `both_backends!`, so clippy does not see them as tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp, PASSWORD};
use fikir::config::ServeArgs;
use serde_json::json;

fn register_body(email: &str) -> serde_json::Value {
    json!({"email": email, "password": PASSWORD, "display_name": "Ayşe Yılmaz"})
}

async fn register_signs_in_and_me_answers(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let res = c.json("GET", "/api/v1/me", json!(null)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["error"]["code"], "unauthenticated");

    let res = c.json("POST", "/api/v1/auth/register", register_body("Ayse@Example.com")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let cookie = res.header("set-cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "not Secure on a plain-http public URL: {cookie}");
    let user = res.json();
    assert_eq!(user["display_name"], "Ayşe Yılmaz");
    assert_eq!(user["roles"], json!(["citizen"]));
    assert!(user.get("password_hash").is_none());

    let me = c.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "Ayse@Example.com");
    assert_eq!(app.count("users"), 1);
}
both_backends!(
    register_signs_in_and_me_answers_sqlite,
    register_signs_in_and_me_answers_postgres,
    register_signs_in_and_me_answers
);

async fn taken_email_is_a_conflict_in_the_readers_language(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    assert_eq!(
        c.json("POST", "/api/v1/auth/register", register_body("ayse@example.com")).await.status,
        StatusCode::CREATED
    );

    let mut other = app.client();
    let res = other.json("POST", "/api/v1/auth/register", register_body("  AYSE@example.COM ")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let body = res.json();
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["error"]["fields"]["email"]["code"], "taken");
    assert!(body["error"]["fields"]["email"]["message"].as_str().unwrap().contains("zaten var"));

    other.lang = Some("en-GB,en;q=0.9".into());
    let res = other.json("POST", "/api/v1/auth/register", register_body("ayse@EXAMPLE.com")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        res.json()["error"]["fields"]["email"]["message"],
        "An account with this e-mail address already exists. Try signing in"
    );
    assert_eq!(app.count("users"), 1, "nothing half-written");
}
both_backends!(
    taken_email_conflict_sqlite,
    taken_email_conflict_postgres,
    taken_email_is_a_conflict_in_the_readers_language
);

async fn bad_input_gets_field_errors_and_the_right_status(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();

    let res = c.json("POST", "/api/v1/auth/register", json!({})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &res.json()["error"]["fields"];
    for f in ["email", "password", "display_name"] {
        assert_eq!(fields[f]["code"], "required", "{f}: {}", res.text);
    }
    assert_eq!(fields["display_name"]["message"], "Adınızı girin");

    let res = c
        .json(
            "POST",
            "/api/v1/auth/register",
            json!({"email": "x".repeat(300), "password": "p".repeat(200), "display_name": "y".repeat(100)}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &res.json()["error"]["fields"];
    assert_eq!(fields["email"]["code"], "too_long");
    assert_eq!(fields["password"]["code"], "too_long");
    assert_eq!(fields["display_name"]["code"], "too_long");

    let res = c
        .json(
            "POST",
            "/api/v1/auth/register",
            json!({"email": "a@b.co", "password": "1234567890", "display_name": "Ali"}),
        )
        .await;
    assert_eq!(res.json()["error"]["fields"]["password"]["code"], "weak");

    let res = c.raw("POST", "/api/v1/auth/register", "application/json", b"{\"email\": ".to_vec()).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.json()["error"]["code"], "bad_request");

    let res = c.raw("POST", "/api/v1/auth/register", "application/json", br#"{"email": 42}"#.to_vec()).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);

    let huge = format!("{{\"email\": \"{}\"}}", "a".repeat(10 * 1024 * 1024));
    let res = c.raw("POST", "/api/v1/auth/register", "application/json", huge.into_bytes()).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.json()["error"]["code"], "payload_too_large");

    let res = c.get("/api/v1/auth/register").await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.json()["error"]["code"], "method_not_allowed");

    let res = c.get("/api/v1/no-such-thing").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.json()["error"]["code"], "not_found");
    assert_eq!(app.count("users"), 0, "nothing half-written");
}
both_backends!(bad_input_sqlite, bad_input_postgres, bad_input_gets_field_errors_and_the_right_status);

async fn login_cycles_the_session_and_logout_ends_it(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    c.json("POST", "/api/v1/auth/register", register_body("ayse@example.com")).await;
    c.json("POST", "/api/v1/auth/logout", json!(null)).await;
    assert_eq!(c.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);

    // A session that exists before sign-in (here: a failed form post left a flash in it).
    let mut browser = app.client();
    browser.form("/sign-in", &[("email", "ayse@example.com"), ("password", "wrong password here")]).await;
    let before = browser.cookie.clone().expect("anonymous session cookie");

    let res = browser
        .json("POST", "/api/v1/auth/login", json!({"email": "AYSE@example.com", "password": "wrong password!"}))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["error"]["code"], "invalid_credentials");
    let unknown = browser
        .json("POST", "/api/v1/auth/login", json!({"email": "nobody@example.com", "password": "wrong password!"}))
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        unknown.json()["error"]["message"],
        res.json()["error"]["message"],
        "same words: no account enumeration"
    );

    let res =
        browser.json("POST", "/api/v1/auth/login", json!({"email": "AYSE@example.com", "password": PASSWORD})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let after = browser.cookie.clone().expect("session cookie");
    assert_ne!(before, after, "the session id changes at sign-in");

    let mut stale = browser.clone();
    stale.cookie = Some(before);
    assert_eq!(stale.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "the pre-login id is dead");

    let sessions_before = app.count("sessions");
    let res = browser.json("POST", "/api/v1/auth/logout", json!(null)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("sessions"), sessions_before - 1, "sign-out deletes the session row");
    let mut replay = browser.clone();
    replay.cookie = Some(after);
    assert_eq!(
        replay.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED,
        "a copied cookie is useless after sign-out"
    );
}
both_backends!(login_session_sqlite, login_session_postgres, login_cycles_the_session_and_logout_ends_it);

async fn sign_in_is_rate_limited_per_account(kind: Kind) {
    let args = ServeArgs { sign_in_per_account: 3, ..ServeArgs::default() };
    let app = TestApp::with_args(kind, args);
    let mut c = app.client();
    for _ in 0..3 {
        let res = c
            .json("POST", "/api/v1/auth/login", json!({"email": "ayse@example.com", "password": "guess guess 1"}))
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res =
        c.json("POST", "/api/v1/auth/login", json!({"email": "Ayse@Example.com", "password": "guess guess 2"})).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["code"], "rate_limited");
    let retry: u32 = res.header("retry-after").parse().expect("Retry-After seconds");
    assert!(retry > 0 && retry <= 900, "{retry}");
    let other =
        c.json("POST", "/api/v1/auth/login", json!({"email": "other@example.com", "password": "guess guess 3"})).await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED, "another account is not blocked");
}
both_backends!(rate_limit_sqlite, rate_limit_postgres, sign_in_is_rate_limited_per_account);

async fn cross_site_writes_are_refused(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/auth/register")
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .header("host", "127.0.0.1:3000")
        .body(axum::body::Body::from(register_body("ayse@example.com").to_string()))
        .unwrap();
    let res = c.send(req).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.json()["error"]["code"], "forbidden");

    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/sign-up")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from("display_name=Ali+Veli&email=ali%40example.com&password=kestane+sekeri+16"))
        .unwrap();
    assert_eq!(c.send(req).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("users"), 0);
}
both_backends!(cross_site_sqlite, cross_site_postgres, cross_site_writes_are_refused);

async fn sign_up_form_keeps_input_and_shows_errors(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let res = c
        .form("/sign-up", &[("display_name", "Ayşe Yılmaz"), ("email", "ayse-at-example.com"), ("password", "short")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/sign-up");

    let page = c.get("/sign-up").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("<title>Hata: Hesap oluşturun – İnegöl&#39;ün Fikri</title>")
            || page.text.contains("<title>Hata: Hesap oluşturun – İnegöl'ün Fikri</title>"),
        "{}",
        &page.text[..page.text.len().min(2000)]
    );
    assert!(page.text.contains("E-posta adresini ad@ornek.com biçiminde girin"));
    assert!(page.text.contains("Parola en az 10 karakter olmalı"));
    assert!(page.text.contains(r#"value="Ayşe Yılmaz""#), "typed name kept");
    assert!(page.text.contains(r#"value="ayse-at-example.com""#), "typed e-mail kept");
    assert!(!page.text.contains(r#"value="short""#), "passwords are never echoed");
    assert!(page.text.contains(r#"aria-invalid="true""#));

    let again = c.get("/sign-up").await;
    assert!(!again.text.contains("Bir sorun var"), "the flash is shown once");

    let ok = c
        .form("/sign-up", &[("display_name", "Ayşe Yılmaz"), ("email", "ayse@example.com"), ("password", PASSWORD)])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), "/account");
    let account = c.get("/account").await;
    assert!(account.text.contains("Hesabınız oluşturuldu"), "welcome notice");
    assert!(account.text.contains("ayse@example.com"));
}
both_backends!(sign_up_form_sqlite, sign_up_form_postgres, sign_up_form_keeps_input_and_shows_errors);

async fn password_change_through_the_form(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let res = c
        .form("/account/password", &[("current_password", "not my password"), ("new_password", "yeni parola 2026 kış")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = c.get("/account").await;
    assert!(page.text.contains("Şu anki parolanız yanlış"), "{}", page.text);

    let res =
        c.form("/account/password", &[("current_password", PASSWORD), ("new_password", "yeni parola 2026 kış")]).await;
    assert_eq!(res.location(), "/account");
    assert!(c.get("/account").await.text.contains("Parolanız değiştirildi"));

    let mut fresh = app.client();
    let old =
        fresh.json("POST", "/api/v1/auth/login", json!({"email": "ayse@example.com", "password": PASSWORD})).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = fresh
        .json("POST", "/api/v1/auth/login", json!({"email": "ayse@example.com", "password": "yeni parola 2026 kış"}))
        .await;
    assert_eq!(new.status, StatusCode::OK);
    assert_eq!(app.count("audit_log"), 1, "the change is audited");
}
both_backends!(password_change_sqlite, password_change_postgres, password_change_through_the_form);

async fn admins_grant_and_revoke_roles_with_an_audit_trail(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, admin_id) = app.user_with_roles("admin@example.com", &[Role::Citizen, Role::Admin]).await;
    let (mut citizen, citizen_id) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;

    let page = citizen.get("/admin/roles").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let res = citizen.form(&format!("/admin/users/{admin_id}/roles"), &[("role_citizen", "on")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let res = admin
        .form(
            &format!("/admin/users/{citizen_id}/roles"),
            &[("role_citizen", "on"), ("role_staff", "on"), ("role_evaluator", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let me = citizen.get("/api/v1/me").await.json();
    assert_eq!(me["roles"], json!(["citizen", "staff", "evaluator"]));

    admin.form(&format!("/admin/users/{citizen_id}/roles"), &[("role_staff", "on")]).await;
    assert_eq!(citizen.get("/api/v1/me").await.json()["roles"], json!(["staff"]), "revocation applies at once");
    assert_eq!(app.count("audit_log"), 4, "two grants, then two revocations");

    admin.form(&format!("/admin/users/{admin_id}/roles"), &[("role_citizen", "on")]).await;
    let page = admin.get("/admin/roles").await;
    assert!(page.text.contains("Kendi yönetici rolünüzü kaldıramazsınız"));
    assert!(page.text.contains("ayse@example.com"), "the list shows people");
    assert_eq!(admin.get("/api/v1/me").await.json()["roles"], json!(["citizen", "admin"]));

    let anonymous = app.client().get("/admin/roles").await;
    assert_eq!(anonymous.status, StatusCode::FOUND);
    assert!(anonymous.location().starts_with("/sign-in?next="), "{}", anonymous.location());
}
both_backends!(admin_roles_sqlite, admin_roles_postgres, admins_grant_and_revoke_roles_with_an_audit_trail);

async fn expired_sessions_are_invisible_and_cleaned_up(kind: Kind) {
    use diesel::prelude::*;
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    {
        use app::db::schema::sessions;
        let mut conn = app.db.pool.get().unwrap();
        let past = time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(2020, time::Month::January, 1).unwrap(),
            time::Time::MIDNIGHT,
        );
        diesel::update(sessions::table).set(sessions::expires_at.eq(past)).execute(&mut *conn).unwrap();
    }
    assert_eq!(c.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let store = fikir::http::session_store::DbSessionStore::new(app.db.pool.clone());
    assert!(store.delete_expired().await.unwrap() >= 1);
    assert_eq!(app.count("sessions"), 0);
}
both_backends!(expired_sessions_sqlite, expired_sessions_postgres, expired_sessions_are_invisible_and_cleaned_up);
