//! E-mail addresses are confirmed before notifications go to them: registration queues a one-time
//! link; until it is opened the account works but gets no notification e-mail. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use diesel::prelude::*;
use serde_json::json;

/// The queued e-mails to `to`: (subject, body), oldest first.
fn mails_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    use app::db::schema::mail_outbox;
    let mut c = app.db.pool.get().unwrap();
    mail_outbox::table
        .filter(mail_outbox::recipient.eq(to))
        .order(mail_outbox::id)
        .select((mail_outbox::subject, mail_outbox::body))
        .load(&mut *c)
        .unwrap()
}

fn link_secret(body: &str) -> String {
    let start = body.find("/verify-email/").expect("a confirmation link") + "/verify-email/".len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

async fn notifications_wait_for_a_confirmed_address(kind: Kind) {
    let app = TestApp::new(kind);
    let mut zeynep = app.client();
    let body = json!({"email": "zeynep@example.com", "password": "uzun bir parola 77", "display_name": "Zeynep"});
    assert_eq!(zeynep.json("POST", "/api/v1/auth/register", body).await.status, StatusCode::CREATED);
    assert_eq!(zeynep.get("/api/v1/me").await.json()["email_verified"], false);
    let mails = mails_to(&app, "zeynep@example.com");
    assert_eq!(mails.len(), 1, "the confirmation link is queued with the registration");
    assert!(mails[0].0.contains("doğrulayın"));
    let secret = link_secret(&mails[0].1);
    assert_eq!(app.count(&format!("email_verifications WHERE token_hash = '{secret}'")), 0, "only a hash is kept");

    // Her own idea, which she follows; someone comments: in-app yes, e-mail no.
    let idea = json!({"kind": "idea", "title": "Bisiklet yolu yapılsın", "body": "Metin.", "category_id": 1, "neighbourhood_id": 1});
    let id = zeynep.json("POST", "/api/v1/submissions", idea).await.json()["id"].as_i64().unwrap();
    let (mut ali, _) = app.user_with_roles("ali@example.com", &[Role::Citizen]).await;
    let comments = format!("/api/v1/submissions/{id}/comments");
    assert_eq!(ali.json("POST", &comments, json!({"body": "Katılıyorum."})).await.status, StatusCode::CREATED);
    assert_eq!(zeynep.get("/api/v1/notifications").await.json()["unread"], 1, "the notification is there");
    assert_eq!(mails_to(&app, "zeynep@example.com").len(), 1, "but no e-mail to an unconfirmed address");

    let res = zeynep.get(&format!("/verify-email/{secret}")).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, "/account".to_owned()));
    assert!(zeynep.get("/account").await.text.contains("E-posta adresiniz doğrulandı"));
    assert_eq!(zeynep.get("/api/v1/me").await.json()["email_verified"], true);
    assert_eq!(ali.json("POST", &comments, json!({"body": "Bir daha."})).await.status, StatusCode::CREATED);
    assert_eq!(mails_to(&app, "zeynep@example.com").len(), 2, "now the e-mail goes out");

    let again = zeynep.get(&format!("/verify-email/{secret}")).await;
    assert_eq!(again.location(), "/account");
    assert!(zeynep.get("/account").await.text.contains("geçersiz"), "a link works once");
}
both_backends!(verify_sqlite, verify_postgres, notifications_wait_for_a_confirmed_address);

/// A new link from the account page replaces the old one; a confirmed address needs none.
async fn a_new_link_replaces_the_old(kind: Kind) {
    let app = TestApp::new(kind);
    let mut can = app.client();
    let body = json!({"email": "can@example.com", "password": "uzun bir parola 77", "display_name": "Can"});
    assert_eq!(can.json("POST", "/api/v1/auth/register", body).await.status, StatusCode::CREATED);
    let old = link_secret(&mails_to(&app, "can@example.com")[0].1);
    assert!(can.get("/account").await.text.contains("Doğrulama bağlantısını yeniden gönder"));
    let res = can.form("/account/verify-email", &[]).await;
    assert_eq!(res.location(), "/account");
    let mails = mails_to(&app, "can@example.com");
    assert_eq!(mails.len(), 2);
    let new = link_secret(&mails[1].1);
    assert_ne!(old, new);
    can.get(&format!("/verify-email/{old}")).await;
    assert_eq!(can.get("/api/v1/me").await.json()["email_verified"], false, "the old link no longer works");
    can.get(&format!("/verify-email/{new}")).await;
    assert_eq!(can.get("/api/v1/me").await.json()["email_verified"], true);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    ayse.form("/account/verify-email", &[]).await;
    assert!(mails_to(&app, "ayse@example.com").is_empty(), "a confirmed address gets no link");
}
both_backends!(relink_sqlite, relink_postgres, a_new_link_replaces_the_old);
