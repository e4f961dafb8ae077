//! A visitor who leaves while their page is rendering (a closed tab, a dropped phone connection):
//! the render's owner is dropped with the request, but futures it spawned may still run once.
//! They must end quietly. Before `http::finish` they went on rendering without the page's
//! context and panicked ("I18n context is missing", or a disposed signal), about ten times in
//! these 900 requests.
//!
//! The last race was inside leptos_i18n 0.6.2: its server effect (`init_context_inner`, writing
//! the language cookie) may first run after the render has finished and disposed the locale
//! signal, and then panicked on `get()`. The in-tree patch (`vendor/leptos_i18n`) reads it with
//! `try_get`; this test counts that panic like any other.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::Request;
use common::{Kind, TestApp};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

async fn a_page_left_mid_render_panics_nowhere(kind: Kind) {
    let panics = Arc::new(AtomicUsize::new(0));
    let seen = panics.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    let app = TestApp::new(kind);
    let (ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut author = ayse.clone();
    let mut ids = Vec::new();
    for n in 0..3 {
        let body = serde_json::json!({"kind": "idea", "title": format!("Yarım kalan sayfa {n}"), "body": "Metin.",
            "category_id": 1, "neighbourhood_id": 1});
        ids.push(author.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap());
    }
    let pages: Vec<String> = ["/submissions", "/submissions?q=yarim", "/account", "/notifications", "/sign-in"]
        .iter()
        .map(|p| (*p).to_owned())
        .chain(ids.iter().map(|id| format!("/submissions/{id}")))
        .collect();
    let mut tasks = Vec::new();
    for worker in 0..6u64 {
        let router = app.router.clone();
        let cookie = if worker % 2 == 0 { ayse.cookie.clone() } else { None };
        let pages = pages.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..150u64 {
                let mut req = Request::builder().uri(pages[((i + worker) as usize) % pages.len()].as_str());
                if let Some(c) = &cookie {
                    req = req.header("cookie", c.as_str());
                }
                let req = req.body(Body::empty()).unwrap();
                // Leave after a moment somewhere inside the render (from 0.05 to 3 ms).
                let wait = Duration::from_micros(50 + (i * 37 + worker * 101) % 2950);
                let _left = tokio::time::timeout(wait, router.clone().oneshot(req)).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("requests ran");
    }
    // Whatever the dropped renders spawned has run by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = std::panic::take_hook();
    assert_eq!(panics.load(Ordering::SeqCst), 0, "a render left by its visitor panicked (see the output above)");
    let res = app.client().get("/submissions").await;
    assert_eq!(res.status, axum::http::StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn abandoned_sqlite() {
    a_page_left_mid_render_panics_nowhere(Kind::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn abandoned_postgres() {
    a_page_left_mid_render_panics_nowhere(Kind::Postgres).await
}

/// A page rendered outside the router (`app::ui::document`) leaves no task behind: the language
/// context leptos_i18n makes starts effects, tasks of their own, which another thread could run
/// while the render disposed the locale they read. That panicked in CI once (the test above,
/// session 20); here the tasks are counted, so it cannot hide in a lucky schedule.
#[tokio::test(flavor = "current_thread")]
async fn a_page_outside_the_router_leaves_no_task_behind() {
    let _app = TestApp::new(Kind::Sqlite); // sets up Leptos' task executor, as the server does
    let (parts, _) = Request::builder().uri("/t").body(()).unwrap().into_parts();
    let metrics = tokio::runtime::Handle::current().metrics();
    let before = metrics.num_alive_tasks();
    let page = app::ui::document::render(&parts, app::i18n::Locale::en, || {
        use leptos::prelude::*;
        view! { <p>"Nothing to wait for"</p> }.into_any()
    });
    assert!(page.html.contains("Nothing to wait for") && page.html.contains(r#"<html lang="en""#), "{}", page.html);
    assert_eq!(metrics.num_alive_tasks(), before, "the render left a task to run after it");
}
