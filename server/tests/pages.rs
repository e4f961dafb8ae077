//! Pages as a browser without JavaScript gets them: language, status codes, security headers.
// Test bodies are plain async fns run by `both_backends!`, so clippy does not see them as tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use axum::http::StatusCode;
use common::{Kind, TestApp};

async fn home_page_is_turkish_by_default_and_english_on_request(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let res = c.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text.contains(r#"<html lang="tr""#), "{}", &res.text[..res.text.len().min(400)]);
    assert!(res.text.contains("İnegöl için fikrinizi paylaşın"));
    assert!(res.text.contains("118 mahallesini ve 16 müdürlüğünü"), "coverage from the reference data");
    assert!(res.text.contains(r#"hreflang="en""#));

    let csp = res.header("content-security-policy");
    assert!(csp.contains("script-src 'self' ") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!res.text.contains("<script"), "the home page has no script at all");
    assert!(
        !res.text.contains("/pkg/fikir.js") && !res.text.contains("fikir.wasm"),
        "a page without islands loads no bundle"
    );
    assert!(!res.text.contains("__RESOLVED_RESOURCES["), "and carries no page data for hydration");
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert_eq!(res.header("referrer-policy"), "same-origin");

    c.lang = Some("en-US,en;q=0.9".into());
    let en = c.get("/").await;
    assert!(en.text.contains(r#"<html lang="en""#));
    assert!(en.text.contains("Share your idea for İnegöl"));
}
both_backends!(home_lang_sqlite, home_lang_postgres, home_page_is_turkish_by_default_and_english_on_request);

/// The submission form has an island (similar titles while typing): it alone loads the bundle,
/// through an inline script that carries the page's nonce.
async fn only_pages_with_islands_load_the_bundle(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ada@example.com", &[app::domain::roles::Role::Citizen]).await;
    let form = ayse.get("/submissions/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("<leptos-island"), "the title field is an island");
    let csp = form.header("content-security-policy");
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap();
    assert!(form.text.contains(&format!(r#"nonce="{nonce}""#)), "the inline hydration script carries the nonce");
    assert!(form.text.contains("/pkg/fikir.js"), "the bundle is loaded");
    assert!(
        form.text.contains("__RESOLVED_RESOURCES=[]") && form.text.ends_with("</script></body></html>"),
        "the records its hydration reads, inside the document"
    );
    let visitor = app.client().get("/submissions/new?draft=3").await;
    assert_eq!(visitor.status, StatusCode::FOUND, "a visitor signs in first");
    assert_eq!(visitor.location(), "/sign-in?next=/submissions/new%3Fdraft%3D3", "and comes back");
    for page in ["/submissions", "/account", "/notifications", "/sign-in"] {
        let res = ayse.get(page).await;
        assert_eq!(res.status, StatusCode::OK, "{page}");
        assert!(!res.text.contains("/pkg/fikir.js") && !res.text.contains("fikir.wasm"), "{page} loads no bundle");
        assert!(!res.text.contains("__RESOLVED_RESOURCES["), "{page} carries no page data");
    }
}
both_backends!(islands_sqlite, islands_postgres, only_pages_with_islands_load_the_bundle);

async fn language_choice_is_remembered_over_accept_language(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let res = c.get("/locale/en?next=%2Fsign-in%3Fnext%3D%252Faccount").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/sign-in?next=%2Faccount");
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("i18n_pref_locale=en"), "{cookie}");
    let evil = c.get("/locale/en?next=https%3A%2F%2Fevil.example").await;
    assert_eq!(evil.location(), "/");

    let req = axum::http::Request::builder()
        .uri("/sign-in")
        .header("cookie", "i18n_pref_locale=en")
        .header("accept-language", "tr-TR")
        .body(axum::body::Body::empty())
        .unwrap();
    let page = c.send(req).await;
    assert!(page.text.contains(r#"<html lang="en""#));
    assert!(page.text.contains("<h1>Sign in"), "{}", page.text);
}
both_backends!(locale_cookie_sqlite, locale_cookie_postgres, language_choice_is_remembered_over_accept_language);

async fn unknown_pages_are_404_with_help(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let res = c.get("/bu-sayfa-yok").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.text.contains("Sayfa bulunamadı"));
    assert!(res.text.contains("153"));
}
both_backends!(not_found_sqlite, not_found_postgres, unknown_pages_are_404_with_help);

async fn openapi_describes_the_api(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let doc = c.get("/api/v1/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/health", "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me"] {
        assert!(doc["paths"].get(path).is_some(), "{path} documented");
    }
    assert!(doc["paths"]["/api/v1/auth/register"]["post"]["responses"].get("409").is_some());
    for path in ["/api/v1/directorates", "/api/v1/categories", "/api/v1/neighbourhoods"] {
        assert!(doc["paths"].get(path).is_some(), "{path} documented");
    }
    let health = c.get("/api/v1/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
}
both_backends!(openapi_sqlite, openapi_postgres, openapi_describes_the_api);

async fn reference_data_is_served_as_json(kind: Kind) {
    let app = TestApp::new(kind);
    let mut c = app.client();
    let hoods = c.get("/api/v1/neighbourhoods").await.json();
    let hoods = hoods.as_array().unwrap();
    assert_eq!(hoods.len(), 118);
    assert!(hoods.iter().any(|n| n["name"] == "Tahtaköprü"));
    let dirs = c.get("/api/v1/directorates").await.json();
    assert_eq!(dirs.as_array().unwrap().len(), 16);
    let cats = c.get("/api/v1/categories").await.json();
    let stray = cats.as_array().unwrap().iter().find(|c| c["slug"] == "stray_animals").unwrap().clone();
    let vet = dirs.as_array().unwrap().iter().find(|d| d["id"] == stray["directorate_id"]).unwrap();
    assert_eq!(vet["name_tr"], "Veteriner İşleri Müdürlüğü");
}
both_backends!(reference_json_sqlite, reference_json_postgres, reference_data_is_served_as_json);

/// Pages rendered while the site's files are served at the same moment keep their own headers:
/// each page its nonce policy, each file the strict one. (Leptos' file handler used to take the
/// headers of a page being rendered on the same thread, so the page went out without its nonce
/// and Chrome refused its hydration scripts.)
async fn pages_and_files_served_together_keep_their_own_headers(kind: Kind) {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    std::fs::write(site.path().join("pkg/fikir.css"), "body{}").unwrap();
    let args = fikir::config::ServeArgs {
        site_root: site.path().to_string_lossy().into_owned(),
        ..fikir::config::ServeArgs::default()
    };
    let app = TestApp::with_args(kind, args);
    let requests = (0..60).flat_map(|i| {
        let file = if i % 2 == 0 { "/favicon.svg" } else { "/pkg/fikir.css" };
        ["/submissions", file, "/sign-in", file]
    });
    // Spawned on the test's one-thread runtime: their polls interleave on the same thread.
    let mut running = tokio::task::JoinSet::new();
    for uri in requests {
        let mut c = app.client();
        running.spawn(async move { (uri, c.get(uri).await) });
    }
    let answers = running.join_all().await;
    for (uri, res) in answers {
        assert_eq!(res.status, StatusCode::OK, "{uri}");
        let csp = res.header("content-security-policy");
        if uri.contains('.') {
            assert!(!csp.contains("nonce-"), "{uri} took a page's policy: {csp}");
            assert_ne!(res.header("cache-control"), "no-cache", "{uri} took a page's Cache-Control");
        } else {
            assert!(csp.contains("'nonce-"), "{uri} lost its nonce policy: {csp}");
            assert_eq!(res.header("cache-control"), "no-cache", "{uri}");
        }
    }
    let mut c = app.client();
    let missing = c.get("/pkg/no-such-file.js").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "a missing file is a 404");
    let res = c.form("/no-such-page", &[("a", "b")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a post to no page is a 404 too");
}
both_backends!(headers_sqlite, headers_postgres, pages_and_files_served_together_keep_their_own_headers);

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce") + 7;
    csp[start..start + csp[start..].find('\'').unwrap()].to_owned()
}

/// Visitors without a session share a listing page rendered a moment ago, each with a nonce of
/// its own; a write through the server shows at once; a signed-in person always gets a fresh page.
async fn listing_pages_are_shared_briefly_by_visitors_without_a_session(kind: Kind) {
    let app = TestApp::new(kind);
    let mut visitor = app.client();
    let first = visitor.get("/submissions").await;
    assert_eq!(first.header("x-page-cache"), "miss");
    let second = visitor.get("/submissions").await;
    assert_eq!(second.header("x-page-cache"), "hit");
    let (n1, n2) =
        (nonce_of(&first.header("content-security-policy")), nonce_of(&second.header("content-security-policy")));
    assert_ne!(n1, n2, "every answer has its own nonce");
    assert!(second.text.contains(&format!("nonce=\"{n2}\"")) && !second.text.contains(&n1), "and its scripts carry it");
    let search = visitor.get("/submissions?q=park").await;
    assert_eq!(visitor.get("/submissions?q=park").await.header("x-page-cache"), "", "searches are not shared");
    assert_eq!(search.status, StatusCode::OK);
    visitor.lang = Some("en".into());
    assert_eq!(visitor.get("/submissions").await.header("x-page-cache"), "miss", "another language, another page");

    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[app::domain::roles::Role::Citizen]).await;
    let mine = ayse.get("/submissions").await;
    assert_eq!(mine.header("x-page-cache"), "menu", "signed-in people get the shared page with their menu");
    let body = serde_json::json!({"kind": "idea", "title": "Önbellek denemesi", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    assert_eq!(ayse.json("POST", "/api/v1/submissions", body).await.status, StatusCode::CREATED);
    visitor.lang = None;
    let after = visitor.get("/submissions").await;
    assert_eq!(after.header("x-page-cache"), "miss", "a write empties the cache");
    assert!(after.text.contains("Önbellek denemesi"), "the new submission shows at once");
    assert_eq!(visitor.get("/board").await.header("x-page-cache"), "miss");
    assert_eq!(visitor.get("/board").await.header("x-page-cache"), "hit", "the board is shared too");
    assert_eq!(ayse.get("/board").await.header("x-page-cache"), "menu");

    // The map, the response-time statistics and the field visits are shared too; the visits page
    // by everyone but staff, who see a form on it.
    let (mut staff, _) = app.user_with_roles("staff@example.com", &[app::domain::roles::Role::Staff]).await;
    for page in ["/map", "/response-times", "/visits"] {
        assert_eq!(visitor.get(page).await.header("x-page-cache"), "miss", "{page}");
        assert_eq!(visitor.get(page).await.header("x-page-cache"), "hit", "{page}");
    }
    let theirs = staff.get("/visits").await;
    assert_eq!(theirs.header("x-page-cache"), "", "staff get their own render");
    assert!(theirs.text.contains("id=\"new-visit\""), "with the form to plan a visit");
    let shared = visitor.get("/visits").await;
    assert_eq!(shared.header("x-page-cache"), "hit");
    assert!(!shared.text.contains("id=\"new-visit\"") && !shared.text.contains("staff@example.com"));
    let hers = ayse.get("/visits").await;
    assert_eq!(hers.header("x-page-cache"), "menu", "a citizen gets the shared page with her menu");
    assert!(!hers.text.contains("id=\"new-visit\"") && !hers.text.contains("staff@example.com"));
}
both_backends!(page_cache_sqlite, page_cache_postgres, listing_pages_are_shared_briefly_by_visitors_without_a_session);

/// `text` with its CSP nonce replaced by a fixed word, to compare two answers.
fn without_nonce(res: &common::Resp) -> String {
    let csp = res.header("content-security-policy");
    match csp.contains("'nonce-") {
        true => res.text.replace(&nonce_of(&csp), "NONCE"),
        false => res.text.clone(),
    }
}

/// The listing and the board differ between people only by their menu, so a signed-in person
/// gets the visitors' copy with their own menu put in: byte for byte the page a full render for
/// them gives (their name, roles and unread count, in their language), never kept for anyone
/// else; a session carrying a notice still gets the full render that shows it.
async fn signed_in_people_get_the_shared_page_with_their_own_menu(kind: Kind) {
    use app::domain::roles::Role;
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("staff@example.com", &[Role::Citizen, Role::Staff, Role::Evaluator]).await;
    let (mut admin, _) = app.user_with_roles("admin@example.com", &[Role::Admin]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Menü denemesi", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    let created = ayse.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let comments = format!("/api/v1/submissions/{}/comments", created.json()["id"]);
    assert_eq!(
        staff.json("POST", &comments, serde_json::json!({"body": "Bakıyoruz."})).await.status,
        StatusCode::CREATED
    );

    for (who, person) in [("ayse", &mut ayse), ("staff", &mut staff), ("admin", &mut admin)] {
        for lang in [None, Some("en")] {
            person.lang = lang.map(str::to_owned);
            let pages =
                ["/submissions", "/submissions?kind=idea&page=1", "/board", "/map", "/response-times", "/visits"];
            // Staff see a form on the field visits page: theirs is never the shared one.
            for page in pages.into_iter().filter(|p| who != "staff" || *p != "/visits") {
                let spliced = person.get(page).await;
                assert_eq!(spliced.status, StatusCode::OK);
                assert_eq!(spliced.header("x-page-cache"), "menu", "{who} {page}");
                assert_eq!(spliced.header("cache-control"), "private, no-cache", "a person's page is private");
                // Another cookie of no meaning to us makes the server render the page in full.
                let session = person.cookie.clone().expect("signed in");
                person.cookie = Some(format!("{session}; theme=dark"));
                let full = person.get(page).await;
                person.cookie = Some(session);
                assert_eq!(full.header("x-page-cache"), "", "{who} {page}");
                assert_eq!(without_nonce(&spliced), without_nonce(&full), "{who} {page} {lang:?}");
            }
        }
    }
    ayse.lang = None;
    let mine = ayse.get("/submissions").await.text;
    assert!(
        mine.contains("Hesabım (1 yeni)") && mine.contains("Giriş yapan: Deneme Kişi"),
        "Ayşe's menu counts the comment"
    );
    let work = staff.get("/board").await.text;
    assert!(work.contains("/staff/queue") && work.contains("/committee") && !work.contains("/admin/roles"));
    assert!(admin.get("/board").await.text.contains("/admin/roles"));

    let visitor = app.client().get("/submissions").await;
    assert_eq!(visitor.header("x-page-cache"), "hit", "the copy the signed-in requests made is the visitors'");
    assert!(!visitor.text.contains("Deneme Kişi") && !visitor.text.contains("sign-out"), "and names nobody");
    assert!(visitor.text.contains("href=\"/sign-in\""));

    // Signing in through the form leaves a notice for the next page: it is shown, not skipped.
    let mut form = app.client();
    let signed = form
        .form("/sign-in", &[("email", "ayse@example.com"), ("password", common::PASSWORD), ("next", "/submissions")])
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text);
    let next = form.get("/submissions").await;
    assert_eq!(next.header("x-page-cache"), "", "a notice to show: a full render");
    assert!(next.text.contains("Giriş yaptınız"), "the notice is there");
    assert_eq!(form.get("/submissions").await.header("x-page-cache"), "menu", "shown once, then the shared page");

    // Signing out ends the session: its cookie counts for nothing, and the notice comes in a new one.
    let old = ayse.cookie.clone();
    assert!(ayse.form("/sign-out", &[]).await.status.is_redirection());
    assert!(ayse.cookie.is_some() && ayse.cookie != old, "the notice is carried by a new session, not the ended one");
    assert!(ayse.get("/submissions").await.text.contains("Çıkış yaptınız"));
    assert_eq!(
        ayse.get("/submissions").await.header("x-page-cache"),
        "miss",
        "then the visitors' page (the sign-out emptied the cache)"
    );
    ayse.cookie = old;
    let after = ayse.get("/submissions").await;
    assert_eq!(after.header("x-page-cache"), "hit", "the ended session is a visitor's");
    assert!(!after.text.contains("sign-out"));
}
both_backends!(menu_splice_sqlite, menu_splice_postgres, signed_in_people_get_the_shared_page_with_their_own_menu);

/// Any other page asked for with a session has who is asking read with the session row, in one
/// trip, by the page layer (`http::page_cache`), and handed to the render. What a person sees is
/// the same as when the render reads the session itself (forced by a cookie of no meaning to us):
/// their submission page with its support and follow forms, their notifications, their account,
/// in both languages; and a form's errors, carried in the session, are still shown with what was
/// typed.
async fn personal_pages_render_alike_with_who_is_asking_read_ahead(kind: Kind) {
    use app::domain::roles::Role;
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("staff@example.com", &[Role::Citizen, Role::Staff]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Okuma denemesi", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    let created = ayse.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json()["id"].as_i64().unwrap();
    let comments = format!("/api/v1/submissions/{id}/comments");
    assert_eq!(
        staff.json("POST", &comments, serde_json::json!({"body": "Bakıyoruz."})).await.status,
        StatusCode::CREATED
    );
    let detail = format!("/submissions/{id}");
    for (who, person) in [("ayse", &mut ayse), ("staff", &mut staff)] {
        for lang in [None, Some("en")] {
            person.lang = lang.map(str::to_owned);
            for page in [detail.as_str(), "/notifications", "/account", "/my/submissions"] {
                let ahead = person.get(page).await;
                assert_eq!(ahead.status, StatusCode::OK, "{who} {page}");
                let session = person.cookie.clone().expect("signed in");
                person.cookie = Some(format!("{session}; theme=dark"));
                let itself = person.get(page).await;
                person.cookie = Some(session);
                assert_eq!(without_nonce(&ahead), without_nonce(&itself), "{who} {page} {lang:?}");
                assert!(ahead.text.contains("action=\"/sign-out\""), "{who} {page}: signed in");
            }
        }
        person.lang = None;
    }
    let page = ayse.get(&detail).await.text;
    assert!(page.contains("Hesabım (1 yeni)") && page.contains(&format!("action=\"/submissions/{id}/follow\"")));
    assert!(ayse.get("/notifications").await.text.contains("Okuma denemesi"), "the comment's notification");

    // An empty comment: the page shows the error and keeps the session's typed values once.
    let sent = staff.form(&format!("/submissions/{id}/comments"), &[("body", "  ")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let again = staff.get(&detail).await.text;
    assert!(again.contains("field--error"), "the comment's error is shown");
    assert!(!staff.get(&detail).await.text.contains("field--error"), "once");
}
both_backends!(read_ahead_sqlite, read_ahead_postgres, personal_pages_render_alike_with_who_is_asking_read_ahead);

/// Who a session names is kept for its next pages (`app::session::ssr::KeptWho`), and any write
/// through this server forgets it at once: a notification, reading them, a role an admin grants
/// and a sign-out show on the very next page. A change the server did not make itself (as another
/// server's would be, here a statement straight on the database) is not seen until a write here
/// or the few seconds the copy lasts.
async fn who_a_session_names_is_kept_until_a_write_here(kind: Kind) {
    use app::domain::roles::Role;
    let app = TestApp::new(kind);
    let (mut ayse, ayse_id) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("staff@example.com", &[Role::Citizen, Role::Staff]).await;
    let (mut admin, _) = app.user_with_roles("admin@example.com", &[Role::Admin]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Saklama denemesi", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    let created = ayse.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json()["id"].as_i64().unwrap();
    let detail = format!("/submissions/{id}");
    for page in ["/submissions", detail.as_str(), "/account"] {
        let before = ayse.get(page).await.text;
        assert!(before.contains("Giriş yapan: Deneme Kişi") && !before.contains("yeni)"), "{page}");
    }

    // Elsewhere (not through this server): the kept copy still names her as she was.
    app.exec(&format!("UPDATE users SET display_name = 'Ayşe Yılmaz' WHERE id = {ayse_id}"));
    assert!(ayse.get("/account").await.text.contains("Giriş yapan: Deneme Kişi"), "kept");

    // A comment here notifies her: the next page counts it and has her new name.
    let comments = format!("/api/v1/submissions/{id}/comments");
    let sent = staff.json("POST", &comments, serde_json::json!({"body": "Bakıyoruz."})).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    for page in ["/submissions", detail.as_str(), "/account"] {
        let after = ayse.get(page).await.text;
        assert!(after.contains("Hesabım (1 yeni)") && after.contains("Giriş yapan: Ayşe Yılmaz"), "{page}");
    }
    assert!(ayse.form("/notifications/read", &[]).await.status.is_redirection());
    assert!(!ayse.get(&detail).await.text.contains("yeni)"), "read: no longer counted");

    // A role granted by an admin: her menu has the staff's queue at once.
    assert!(!ayse.get("/board").await.text.contains("/staff/queue"));
    let granted =
        admin.form(&format!("/admin/users/{ayse_id}/roles"), &[("role_citizen", "on"), ("role_staff", "on")]).await;
    assert!(granted.status.is_redirection(), "{}", granted.text);
    assert!(ayse.get("/board").await.text.contains("/staff/queue"), "the role shows at once");

    // Signed out here: her old cookie is a visitor's on the next page.
    let old = ayse.cookie.clone();
    assert!(ayse.form("/sign-out", &[]).await.status.is_redirection());
    ayse.cookie = old;
    assert_eq!(ayse.get("/account").await.location(), "/sign-in?next=/account");
    assert!(!ayse.get(&detail).await.text.contains("action=\"/sign-out\""));
}
both_backends!(kept_who_sqlite, kept_who_postgres, who_a_session_names_is_kept_until_a_write_here);

/// The head of a page up to its title, without Leptos' markers, and with apostrophes written
/// one way (`&#39;` and `'` read the same).
fn head_of(page: &str) -> String {
    let head = &page[..page.find("<title>").unwrap_or(0)];
    head.replace("<!>", "").replace("<!--HEAD-->", "").replace("&#39;", "'")
}

/// A submission's page is rendered outside the router (`app::ui::document`) and is the same
/// document a routed page is: its language, the same head with its own title, the same
/// security headers (its policy has no nonce: it has no inline script), no hydration markers; a
/// missing or malformed id is the page not found, in the reader's language.
async fn a_submission_page_is_a_whole_document_outside_the_router(kind: Kind) {
    use app::domain::roles::Role;
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Çarşıya <bank> & gölge", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    let created = ayse.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json()["id"].as_i64().unwrap();
    let mut c = app.client();
    let page = c.get(&format!("/submissions/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(page.header("cache-control"), "no-cache");
    let csp = page.header("content-security-policy");
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.header("x-frame-options"), "DENY");
    assert!(page.text.starts_with(r#"<!DOCTYPE html><html lang="tr" dir="ltr"><head>"#), "{}", &page.text[..200]);
    assert!(
        page.text.contains("<title>Çarşıya &lt;bank&gt; &amp; gölge – İnegöl&#39;ün Fikri</title>"),
        "the page's own title, escaped: {}",
        &page.text[..800]
    );
    assert!(page.text.contains("<h1>Çarşıya &lt;bank&gt; &amp; gölge<!></h1>"), "{}", page.text);
    assert!(
        page.text.ends_with("</footer><!></body></html>") && page.text.matches("<html").count() == 1,
        "one whole document"
    );
    assert!(!page.text.contains("<!--"), "no marks of a streamed render");
    let routed = c.get("/t").await;
    assert_eq!(head_of(&page.text), head_of(&routed.text), "the head of every page");

    c.lang = Some("en-GB,en;q=0.9".into());
    let en = c.get(&format!("/submissions/{id}")).await;
    assert!(en.text.starts_with(r#"<!DOCTYPE html><html lang="en" dir="ltr">"#));
    assert!(en.text.contains("Sign in to support"), "English throughout");
    assert_eq!(head_of(&en.text), head_of(&c.get("/t").await.text));
    for missing in ["/submissions/999999", "/submissions/abc", "/submissions/-1"] {
        let res = c.get(missing).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{missing}");
        assert!(res.text.contains("<title>Page not found – "), "{missing}: {}", &res.text[..600]);
    }
    c.lang = None;
    let tr = c.get("/submissions/999999").await;
    assert_eq!(tr.status, StatusCode::NOT_FOUND);
    assert!(tr.text.contains("Sayfa bulunamadı") && tr.text.contains("153"));
}
both_backends!(direct_page_sqlite, direct_page_postgres, a_submission_page_is_a_whole_document_outside_the_router);

/// The pages only signed-in people have (the account, notifications, "my submissions", the
/// flag pages) are rendered outside the router too: a visitor is sent to sign in and back to
/// the very page (its query kept) before anything of it is read; a signed-in person gets a
/// whole document with the same head as a routed page, its own title, in their language.
async fn signed_in_pages_outside_the_router_send_visitors_to_sign_in(kind: Kind) {
    use app::domain::roles::Role;
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut can, _) = app.user_with_roles("can@example.com", &[Role::Citizen]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Gölgeli durak", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    let id = ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let flag = format!("/submissions/{id}/flag");
    let mut visitor = app.client();
    for (page, next) in [
        ("/account", "/account"),
        ("/notifications", "/notifications"),
        ("/my/submissions?page=2", "/my/submissions%3Fpage%3D2"),
        (flag.as_str(), flag.as_str()),
    ] {
        let res = visitor.get(page).await;
        assert_eq!(res.status, StatusCode::FOUND, "{page}");
        assert_eq!(res.location(), format!("/sign-in?next={next}"), "{page}");
        assert!(res.text.is_empty(), "{page}: nothing of the page");
    }
    let routed = head_of(&can.get("/t").await.text);
    for (page, title) in [
        ("/account", "<title>Hesabım – "),
        ("/notifications", "<title>Bildirimler – "),
        ("/my/submissions", "<title>Başvurularım – "),
        (flag.as_str(), "<title>Bu başvuruyu bildirin – "),
    ] {
        let res = can.get(page).await;
        assert_eq!(res.status, StatusCode::OK, "{page}");
        assert_eq!(res.header("cache-control"), "no-cache", "{page}");
        assert!(res.header("content-security-policy").contains("frame-ancestors 'none'"), "{page}");
        assert_eq!(head_of(&res.text), routed, "{page}: the head of every page");
        assert!(res.text.contains(title), "{page}: {}", &res.text[..700]);
        assert!(res.text.contains("action=\"/sign-out\"") || page != "/account", "{page}: signed in");
        assert!(res.text.ends_with("</body></html>") && !res.text.contains("<!--"), "{page}: one whole document");
    }
    // The committee's queue: its members' page, forbidden to other people.
    let (mut member, _) = app.user_with_roles("kurul@example.com", &[Role::Evaluator]).await;
    let queue = member.get("/committee").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.text.contains("<title>Değerlendirme kurulu – "), "{}", &queue.text[..700]);
    assert_eq!(head_of(&queue.text), routed);
    let refused = can.get("/committee").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.text.contains("<title>Bu sayfayı görme yetkiniz yok – "), "{}", &refused.text[..700]);
    assert_eq!(visitor.get("/committee").await.location(), "/sign-in?next=/committee");
    can.lang = Some("en".into());
    let en = can.get("/notifications").await.text;
    assert!(en.starts_with(r#"<!DOCTYPE html><html lang="en""#) && en.contains("<title>Notifications – "), "{en}");
    assert_eq!(head_of(&en), head_of(&can.get("/t").await.text));
}
both_backends!(
    signed_in_direct_sqlite,
    signed_in_direct_postgres,
    signed_in_pages_outside_the_router_send_visitors_to_sign_in
);

/// Reporting has a page of its own: a submission's page carries a link per comment, not a form
/// with six reasons per comment (which made a signed-in person's page twice as heavy). The flag
/// page shows what is reported; a refused flag comes back to it with the error at its field,
/// the summary leading there and what was typed; a flag sent goes back to the comment; a second
/// visit says it was reported already. Visitors are sent to sign in; one's own comment, and
/// one that does not exist, have no such page.
async fn a_flag_has_its_own_page_and_a_refusal_comes_back_to_it(kind: Kind) {
    use app::domain::roles::Role;
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut can, _) = app.user_with_roles("can@example.com", &[Role::Citizen]).await;
    let body = serde_json::json!({"kind": "idea", "title": "Bayrak denemesi", "body": "Metin.",
        "category_id": 1, "neighbourhood_id": 1});
    let id = ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let mut comment_ids = Vec::new();
    for text in ["Birinci yorum.", "İkinci yorum."] {
        let c =
            ayse.json("POST", &format!("/api/v1/submissions/{id}/comments"), serde_json::json!({"body": text})).await;
        comment_ids.push(c.json()["id"].as_i64().unwrap());
    }
    let (first, second) = (comment_ids[0], comment_ids[1]);
    let detail = format!("/submissions/{id}");
    let page = can.get(&detail).await.text;
    let mut ids: Vec<&str> = page.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "every id on the page is unique: {ids:?}");
    for c in [first, second] {
        assert!(page.contains(&format!("href=\"/comments/{c}/flag\"")), "a link to report comment {c}");
    }
    assert!(page.contains(&format!("href=\"/submissions/{id}/flag\"")), "a link to report the submission");
    assert!(!page.contains("name=\"reason\""), "no flag form on the submission's page");

    let flag_page = format!("/comments/{second}/flag");
    let page = can.get(&flag_page).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Bu yorumu bildirin") && page.text.contains("İkinci yorum."), "what is reported");
    assert!(!page.text.contains("Birinci yorum."), "and nothing else");
    assert!(page.text.contains("id=\"reason-spam\""), "the reasons are radios");

    let long = "ç".repeat(600);
    let sent = can.form(&flag_page, &[("reason", "abuse"), ("detail", long.as_str())]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, flag_page.clone()), "{}", sent.text);
    assert_eq!(app.count("flags"), 0, "the refused flag is not kept");
    let page = can.get(&flag_page).await.text;
    assert!(page.contains("href=\"#detail\""), "the summary leads to the field");
    let at = page.find("id=\"detail\"").expect("the field");
    let field = &page[page[..at].rfind("<div").unwrap()..at];
    assert!(field.contains("field--error"), "the error is at the field: {field}");
    assert!(page.contains(&long), "what was typed is kept");
    let radio = &page[page.find("id=\"reason-abuse\"").expect("the reasons")..];
    assert!(radio[..radio.find('>').unwrap()].contains("checked"), "the chosen reason stays chosen");

    let sent = can.form(&flag_page, &[("reason", "abuse"), ("detail", "")]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, format!("{detail}#comment-{second}")));
    assert!(can.get(&detail).await.text.contains("Bildiriminiz moderatörlere iletildi"), "the notice");
    assert_eq!(app.count(&format!("flags WHERE target_kind = 'comment' AND target_id = {second}")), 1);
    let page = can.get(&flag_page).await.text;
    assert!(page.contains("Bunu daha önce bildirdiniz") && !page.contains("name=\"reason\""), "reported already");

    let res = app.client().get(&flag_page).await;
    assert_eq!(res.status, StatusCode::FOUND, "a visitor is sent to sign in");
    assert_eq!(res.location(), format!("/sign-in?next=/comments/{second}/flag"));
    assert_eq!(ayse.get(&format!("/comments/{first}/flag")).await.status, StatusCode::NOT_FOUND, "one's own");
    assert_eq!(ayse.get(&format!("/submissions/{id}/flag")).await.status, StatusCode::NOT_FOUND, "one's own");
    assert_eq!(can.get("/comments/999999/flag").await.status, StatusCode::NOT_FOUND);
    let page = can.get(&format!("/submissions/{id}/flag")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Bu başvuruyu bildirin") && page.text.contains("Bayrak denemesi"));
}
both_backends!(flag_form_sqlite, flag_form_postgres, a_flag_has_its_own_page_and_a_refusal_comes_back_to_it);

/// A server-function call whose arguments cannot be read (a missing one, a wrong type: anyone can
/// send that) gets an error answer with the error envelope. It used to panic in the middle of the
/// answer: the transport error could not be serialised.
async fn unreadable_server_function_calls_are_answered_not_panicked(kind: Kind) {
    let app = TestApp::new(kind);
    let mut visitor = app.client();
    for (path, body) in
        [("/_sf/similar", "nothing=1"), ("/_sf/page_state", "forms[0]=no_such_form"), ("/_sf/track", "")]
    {
        let req = axum::http::Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "http://127.0.0.1:3000")
            .header("host", "127.0.0.1:3000")
            .body(axum::body::Body::from(body))
            .unwrap();
        let res = visitor.send(req).await;
        assert!(res.status.is_client_error() || res.status.is_server_error(), "{path}: {}", res.status);
        let error: serde_json::Value = serde_json::from_str(&res.text).unwrap_or_default();
        assert_eq!(error["code"], "transport", "{path}: {}", res.text);
    }
}
both_backends!(
    sf_unreadable_sqlite,
    sf_unreadable_postgres,
    unreadable_server_function_calls_are_answered_not_panicked
);
