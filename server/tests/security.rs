//! The security findings of the "solid ground" review, each tried from outside through the real
//! router on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Kind, TestApp};

/// A session in a second `Cookie` header is still a session: the page rendered for it is
/// neither served from the visitors' cache nor stored there for them.
async fn a_session_in_any_cookie_header_keeps_the_page_out_of_the_shared_cache(kind: Kind) {
    let app = TestApp::new(kind);
    let (ayse, _) = app.user_with_roles("gizli.ayse@example.com", &[Role::Citizen]).await;
    let session = ayse.cookie.clone().expect("signed in");
    let mut visitor = app.client();
    let req = Request::builder()
        .uri("/submissions")
        .header(header::COOKIE, ";")
        .header(header::COOKIE, session.as_str())
        .body(Body::empty())
        .unwrap();
    let mine = visitor.send(req).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.text.contains("gizli.ayse@example.com"), "the page is rendered for the signed-in person");
    assert_eq!(mine.header("x-page-cache"), "", "a signed-in page never passes through the cache");
    let theirs = visitor.get("/submissions").await;
    assert!(!theirs.text.contains("gizli.ayse@example.com"), "a visitor never gets someone's page");
}
both_backends!(
    cookie_headers_sqlite,
    cookie_headers_postgres,
    a_session_in_any_cookie_header_keeps_the_page_out_of_the_shared_cache
);

/// Redirect targets stay on this site, whatever a link smuggles into `next`: a tab, a newline or
/// a backslash that browsers drop or read as `/`.
async fn next_never_leaves_the_site(kind: Kind) {
    let app = TestApp::new(kind);
    let mut visitor = app.client();
    for next in
        ["/%09/evil.example", "/%0A/evil.example", "/%5C/evil.example", "%2F%2Fevil.example", "https://evil.example"]
    {
        let res = visitor.get(&format!("/locale/en?next={next}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(res.location(), "/", "the language switch refuses {next}");
    }
    assert_eq!(visitor.get("/locale/en?next=%2Fsubmissions%3Fpage%3D2").await.location(), "/submissions?page=2");

    let hash = app::auth::password::hash_password(common::PASSWORD).unwrap();
    let input = app::domain::accounts::NewAccount {
        display_name: "Yönlendirme".into(),
        email: "yon@example.com".into(),
        password: common::PASSWORD.into(),
    };
    app::db::tx(&app.db.pool, move |c| app::accounts::service::create_user(c, &input, &hash, &[Role::Citizen]))
        .await
        .unwrap();
    let res = visitor
        .form("/sign-in", &[("email", "yon@example.com"), ("password", common::PASSWORD), ("next", "/\t/evil.example")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/account", "signing in refuses the smuggled target");
}
both_backends!(next_sqlite, next_postgres, next_never_leaves_the_site);
