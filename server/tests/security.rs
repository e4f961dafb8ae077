//! The security findings of the "solid ground" review, each tried from outside through the real
//! router on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Kind, TestApp};
use fikir::config::ServeArgs;
use futures_util::StreamExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A session in a second `Cookie` header is still a session: the page for it is the visitors'
/// copy with the person's menu put in, and what is kept for visitors never names them.
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
    // The header names the signed-in person and offers to sign out.
    assert!(mine.text.contains("Deneme Kişi"), "the page is rendered for the signed-in person");
    assert!(mine.text.contains(r#"action="/sign-out""#));
    assert_eq!(mine.header("x-page-cache"), "menu", "the visitors' page with the person's menu");
    let theirs = visitor.get("/submissions").await;
    assert!(!theirs.text.contains("Deneme Kişi"), "a visitor never gets someone's page");
    assert!(!theirs.text.contains(r#"action="/sign-out""#));
    // Nor does the page itself carry the person's e-mail (no hydration data outside islands).
    assert!(!mine.text.contains("gizli.ayse@example.com"));
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

/// A request as a client behind our proxy sends it: the proxy appended `addr` to whatever
/// `X-Forwarded-For` the client wrote.
fn via_proxy(method: &str, uri: &str, forwarded: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::HOST, "127.0.0.1:3000")
        .header("x-forwarded-for", forwarded)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn behind_proxy(args: ServeArgs) -> ServeArgs {
    ServeArgs { trust_forwarded_for: true, trusted_proxies: 1, ..args }
}

/// Wrong passwords typed for someone's e-mail from elsewhere lock out only that address: the
/// owner still signs in, and their own sign-ins never count against them.
async fn someone_elses_wrong_passwords_do_not_lock_the_owner_out(kind: Kind) {
    let args = behind_proxy(ServeArgs { sign_in_per_account: 3, sign_in_per_address: 1000, ..ServeArgs::default() });
    let app = TestApp::with_args(kind, args);
    app.user_with_roles("sahip@example.com", &[Role::Citizen]).await;
    let mut c = app.client();
    let login = |password: &str| serde_json::json!({"email": "sahip@example.com", "password": password});
    for _ in 0..3 {
        let res = c.send(via_proxy("POST", "/api/v1/auth/login", "203.0.113.9", login("tahmin tahmin 1"))).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let res = c.send(via_proxy("POST", "/api/v1/auth/login", "203.0.113.9", login(common::PASSWORD))).await;
    assert_eq!(
        res.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing address is stopped, even with the right password"
    );
    for n in 0..5 {
        let res = c.send(via_proxy("POST", "/api/v1/auth/login", "198.51.100.7", login(common::PASSWORD))).await;
        assert_eq!(res.status, StatusCode::OK, "the owner signs in from home (attempt {n})");
    }
}
both_backends!(lockout_sqlite, lockout_postgres, someone_elses_wrong_passwords_do_not_lock_the_owner_out);

/// Behind a proxy the client is the address the proxy added (the right-most), not what the client
/// wrote before it; IPv6 clients are counted by their /64.
async fn the_client_address_cannot_be_forged_past_the_limits(kind: Kind) {
    let args = behind_proxy(ServeArgs { register_per_address: 2, ..ServeArgs::default() });
    let app = TestApp::with_args(kind, args);
    let mut c = app.client();
    let register = |n: u32| serde_json::json!({"email": format!("kisi{n}@example.com"), "password": "uzun bir parola 77", "display_name": "Kişi"});
    for n in 0..2 {
        let forged = format!("10.9.9.{n}, 203.0.113.5");
        assert_eq!(
            c.send(via_proxy("POST", "/api/v1/auth/register", &forged, register(n))).await.status,
            StatusCode::CREATED
        );
        c.cookie = None;
    }
    let res = c.send(via_proxy("POST", "/api/v1/auth/register", "10.9.9.99, 203.0.113.5", register(9))).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "a new left-most entry is not a new client");

    for n in 10..12 {
        let addr = format!("2001:db8:1:2::{n}");
        assert_eq!(
            c.send(via_proxy("POST", "/api/v1/auth/register", &addr, register(n))).await.status,
            StatusCode::CREATED
        );
        c.cookie = None;
    }
    let res = c.send(via_proxy("POST", "/api/v1/auth/register", "2001:db8:1:2:ffff::1", register(12))).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "the same /64 is the same client");
    let res = c.send(via_proxy("POST", "/api/v1/auth/register", "2001:db8:1:3::1", register(13))).await;
    assert_eq!(res.status, StatusCode::CREATED, "another /64 is another client");
}
both_backends!(forwarded_sqlite, forwarded_postgres, the_client_address_cannot_be_forged_past_the_limits);

/// Writes that cost others (comments notify every follower, submissions use up reference numbers,
/// flags, supports) are limited per person: 429 with `Retry-After` on the API, and the form keeps
/// what was typed and says when to try again.
async fn writes_are_limited_per_person(kind: Kind) {
    // A tenth of the normal limits: 2 submissions an hour, 3 comments in 10 minutes, 6 supports a minute.
    let app = TestApp::with_args(kind, ServeArgs { rate_limit_scale: 0.1, ..ServeArgs::default() });
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let idea = |n: u32| serde_json::json!({"kind": "idea", "title": format!("Sınırlı fikir {n}"), "body": "Metin.", "category_id": 1, "neighbourhood_id": 1});
    let mut ids = Vec::new();
    for n in 0..2 {
        let res = ayse.json("POST", "/api/v1/submissions", idea(n)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        ids.push(res.json()["id"].as_i64().unwrap());
    }
    let res = ayse.json("POST", "/api/v1/submissions", idea(2)).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.json()["error"]["code"], "rate_limited");
    let retry: u32 = res.header("retry-after").parse().expect("Retry-After seconds");
    assert!(retry > 0 && retry <= 3600, "{retry}");

    let url = format!("/api/v1/submissions/{}/comments", ids[0]);
    for n in 0..3 {
        let res = ayse.json("POST", &url, serde_json::json!({"body": format!("Yorum {n}")})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let res = ayse.json("POST", &url, serde_json::json!({"body": "Bir yorum daha"})).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!res.header("retry-after").is_empty());

    let page = format!("/submissions/{}", ids[0]);
    let res = ayse.form(&format!("{page}/comments"), &[("body", "Formdan yazılan uzun yorum")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let html = ayse.get(&res.location()).await.text;
    assert!(html.contains("Çok fazla deneme"), "the form says why");
    assert!(html.contains("Formdan yazılan uzun yorum"), "and keeps what was typed");

    let (mut ali, _) = app.user_with_roles("ali@example.com", &[Role::Citizen]).await;
    let support = format!("/api/v1/submissions/{}/support", ids[1]);
    for n in 0..6 {
        let method = if n % 2 == 0 { "PUT" } else { "DELETE" };
        assert_eq!(ali.json(method, &support, serde_json::json!(null)).await.status, StatusCode::OK);
    }
    assert_eq!(ali.json("PUT", &support, serde_json::json!(null)).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("supports"), 0, "the refused support was not written");
}
both_backends!(write_limits_sqlite, write_limits_postgres, writes_are_limited_per_person);

/// A write that carries the session cookie must say where it comes from: browsers always send
/// `Origin` or `Sec-Fetch-Site`, so one with neither is not our page.
async fn a_cookie_write_without_origin_is_refused(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Kökensiz istek", "body": "Metin.", "category_id": 1, "neighbourhood_id": 1});
    let bare = |cookie: Option<&str>| {
        let mut b = Request::builder()
            .method("POST")
            .uri("/api/v1/submissions")
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::from(body.to_string())).unwrap()
    };
    let cookie = ayse.cookie.clone().unwrap();
    let res = ayse.send(bare(Some(&cookie))).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(app.count("submissions"), 0);
    assert_eq!(app.client().send(bare(None)).await.status, StatusCode::UNAUTHORIZED, "no cookie: nothing to borrow");
    assert_eq!(ayse.json("POST", "/api/v1/submissions", body.clone()).await.status, StatusCode::CREATED, "with Origin");
}
both_backends!(origin_sqlite, origin_postgres, a_cookie_write_without_origin_is_refused);

/// Changing the password ends the person's other sessions (a thief's cookie stops working); the
/// session that changed it stays.
async fn a_password_change_ends_other_sessions(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut here, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut elsewhere = app.client();
    let login = serde_json::json!({"email": "ayse@example.com", "password": common::PASSWORD});
    assert_eq!(elsewhere.json("POST", "/api/v1/auth/login", login).await.status, StatusCode::OK);
    let res = here
        .form(
            "/account/password",
            &[("current_password", common::PASSWORD), ("new_password", "yepyeni bir parola 2026")],
        )
        .await;
    assert_eq!(res.location(), "/account");
    assert_eq!(here.get("/api/v1/me").await.status, StatusCode::OK, "this session stays");
    assert_eq!(elsewhere.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "the other one is over");
}
both_backends!(password_sessions_sqlite, password_sessions_postgres, a_password_change_ends_other_sessions);

fn session_expiries(app: &TestApp) -> Vec<time::PrimitiveDateTime> {
    use diesel::prelude::*;
    let mut c = app.db.pool.get().unwrap();
    app::db::schema::sessions::table.select(app::db::schema::sessions::expires_at).load(&mut *c).unwrap()
}

/// A visitor's post keeps no fourteen-day session: one that only carries a form's typed values
/// to the next page lasts an hour, and an API call that is refused keeps none at all.
async fn anonymous_posts_keep_no_long_sessions(kind: Kind) {
    let app = TestApp::new(kind);
    let mut visitor = app.client();
    let res = visitor.json("POST", "/api/v1/submissions", serde_json::json!({"title": "x"})).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(session_expiries(&app).is_empty(), "a refused API call writes no session");
    let res = visitor.form("/sign-in", &[("email", "kimse@example.com"), ("password", "yanlış parola 1")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let expiries = session_expiries(&app);
    assert_eq!(expiries.len(), 1, "the form's state travels in one session");
    let now = time::OffsetDateTime::now_utc();
    let limit = time::PrimitiveDateTime::new(now.date(), now.time()) + time::Duration::hours(2);
    assert!(expiries[0] < limit, "it lasts an hour, not fourteen days: {}", expiries[0]);
    assert!(visitor.get("/sign-in").await.text.contains("kimse@example.com"), "and still brings the typed e-mail back");
}
both_backends!(anon_sessions_sqlite, anon_sessions_postgres, anonymous_posts_keep_no_long_sessions);

/// The health check only reads: it answers while a writer holds the database.
async fn health_answers_while_a_writer_holds_the_database(kind: Kind) {
    use diesel::connection::SimpleConnection;
    let app = TestApp::new(kind);
    let mut writer = app.db.pool.get().unwrap();
    let begin = if app.db.url.starts_with("postgres") { "BEGIN" } else { "BEGIN IMMEDIATE" };
    writer.batch_execute(begin).unwrap();
    writer.batch_execute("UPDATE settings SET value = value").unwrap();
    let res = app.client().get("/api/v1/health").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    writer.batch_execute("ROLLBACK").unwrap();
}
both_backends!(health_sqlite, health_postgres, health_answers_while_a_writer_holds_the_database);

/// A withdrawn submission keeps its conversation and files as they were.
async fn nothing_is_added_to_a_withdrawn_submission(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Geri çekilecek fikir", "body": "Metin.", "category_id": 1, "neighbourhood_id": 1});
    let id = ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    assert_eq!(
        ayse.json("POST", &format!("/api/v1/submissions/{id}/withdraw"), serde_json::json!(null)).await.status,
        StatusCode::OK
    );
    let res =
        ayse.json("POST", &format!("/api/v1/submissions/{id}/comments"), serde_json::json!({"body": "Sonradan"})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["fields"]["status"]["code"], "closed");
    let (ct, bytes) = common::multipart(&[], &[("photo", "a.jpg", "image/jpeg", vec![0xFF, 0xD8, 0xFF])]);
    let res = ayse.raw("POST", &format!("/api/v1/submissions/{id}/photos"), &ct, bytes).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(app.media_files().is_empty());
}
both_backends!(withdrawn_sqlite, withdrawn_postgres, nothing_is_added_to_a_withdrawn_submission);

/// A body that records whether anyone read it.
fn watched_body(read: Arc<AtomicBool>) -> Body {
    let chunks = futures_util::stream::iter(0..1024).map(move |_| {
        read.store(true, Ordering::SeqCst);
        Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b'x'; 64 * 1024]))
    });
    Body::from_stream(chunks)
}

/// An upload is refused before its body is read when the person may not add files: nobody signed
/// in, or not the author.
async fn uploads_are_authorised_before_they_are_read(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (ali, _) = app.user_with_roles("ali@example.com", &[Role::Citizen]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Dosya eklenecek", "body": "Metin.", "category_id": 1, "neighbourhood_id": 1});
    let id = ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    for (who, cookie, uri, want) in [
        ("nobody", None, format!("/api/v1/submissions/{id}/photos"), StatusCode::UNAUTHORIZED),
        ("not the author", ali.cookie.clone(), format!("/api/v1/submissions/{id}/photos"), StatusCode::FORBIDDEN),
        ("nobody, the form", None, "/submissions".to_owned(), StatusCode::SEE_OTHER),
    ] {
        let read = Arc::new(AtomicBool::new(false));
        let mut b = Request::builder()
            .method("POST")
            .uri(&uri)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = &cookie {
            b = b.header(header::COOKIE, c);
        }
        let res = app.client().send(b.body(watched_body(read.clone())).unwrap()).await;
        assert_eq!(res.status, want, "{who}: {}", res.text);
        assert!(!read.load(Ordering::SeqCst), "{who}: the body was not read");
    }
}
both_backends!(upload_auth_sqlite, upload_auth_postgres, uploads_are_authorised_before_they_are_read);

/// Searches are rendered for each request, so their cost is capped (deep pages of a search, words
/// of one letter) and each address may search only so often: the API, the page and the
/// similar-titles lookup share the limit; browsing is not limited.
async fn searches_are_capped_and_limited_per_address(kind: Kind) {
    // A tenth of the normal limits: 12 searches a minute.
    let app = TestApp::with_args(kind, ServeArgs { rate_limit_scale: 0.1, ..ServeArgs::default() });
    let mut visitor = app.client();
    let deep = visitor.get("/api/v1/submissions?q=park&page=51").await;
    assert_eq!(deep.status, StatusCode::UNPROCESSABLE_ENTITY, "results past the first thousand are not paged");
    assert_eq!(deep.json()["error"]["fields"]["page"]["code"], "out_of_range");
    let one_letter = visitor.get("/api/v1/submissions?q=a").await;
    assert_eq!(one_letter.json()["total"], 0, "one letter narrows nothing and is not searched");
    // The one-letter search counted: eleven more make the twelve of a minute.
    for n in 0..11 {
        let res = visitor.get(&format!("/api/v1/submissions?q=park{n}")).await;
        assert_eq!(res.status, StatusCode::OK, "search {n}");
    }
    let res = visitor.get("/api/v1/submissions?q=park").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!res.header("retry-after").is_empty());
    let page = visitor.get("/submissions?q=park").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "the search page shares the limit");
    assert!(page.text.contains("Çok fazla arama") && !page.header("retry-after").is_empty());
    let req = Request::builder()
        .method("POST")
        .uri("/_sf/similar")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::HOST, "127.0.0.1:3000")
        .body(Body::from("title=park+bank"))
        .unwrap();
    assert_eq!(visitor.send(req).await.status, StatusCode::TOO_MANY_REQUESTS, "so does the similar-titles lookup");
    assert_eq!(visitor.get("/submissions").await.status, StatusCode::OK, "browsing is not a search");
    assert_eq!(visitor.get("/api/v1/submissions?page=3").await.status, StatusCode::OK);
}
both_backends!(search_limits_sqlite, search_limits_postgres, searches_are_capped_and_limited_per_address);

/// Served over https, the session cookie is `__Host-` prefixed, `Secure`, for the whole site and
/// no other host, and still only sent by same-site requests.
async fn over_https_the_session_cookie_is_host_only_and_secure(kind: Kind) {
    let args = ServeArgs { public_url: Some("https://fikir.example".into()), ..ServeArgs::default() };
    let app = TestApp::with_args(kind, args);
    app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, "https://fikir.example")
        .body(Body::from(serde_json::json!({"email": "ayse@example.com", "password": common::PASSWORD}).to_string()))
        .unwrap();
    let res = app.client().send(req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("__Host-fikir_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}
both_backends!(host_cookie_sqlite, host_cookie_postgres, over_https_the_session_cookie_is_host_only_and_secure);
