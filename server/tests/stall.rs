//! Page renders running at the same moment as server-function calls and as other routers being
//! built in the same process (the tests build one per test; a city's deployment may build
//! several), on a runtime with several worker threads. Every request must answer promptly, and
//! the stalled-render safety net (`http::stall`) must never be used. Before `router::route_list`
//! kept the route list once per process, building a router suppressed resource loading in every
//! render of the process (a Leptos-wide flag), and this test saw pages hang.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Kind, TestApp};
use std::sync::atomic::Ordering;

async fn pages_and_server_functions_together_never_stall(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut ids = Vec::new();
    for n in 0..4 {
        let body = serde_json::json!({"kind": "idea", "title": format!("Eşzamanlı fikir {n}"), "body": "Metin **kalın**.",
            "category_id": 1, "neighbourhood_id": 1});
        ids.push(ayse.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap());
    }
    let pages: Vec<String> = ["/", "/submissions", "/sign-in", "/account", "/notifications", "/my/submissions"]
        .iter()
        .map(|p| (*p).to_owned())
        .chain(ids.iter().map(|id| format!("/submissions/{id}")))
        .collect();
    let calls =
        [("/_sf/page_state", ""), ("/_sf/similar", "title=e%C5%9Fzamanl%C4%B1+fikir"), ("/_sf/track", "code=INE")];
    let mut tasks = Vec::new();
    let builder = {
        let state = app.state.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                let _router = fikir::router::build(state.clone());
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        })
    };
    for worker in 0..8usize {
        let mut client = if worker % 2 == 0 { ayse.clone() } else { app.client() };
        let pages = pages.clone();
        tasks.push(tokio::spawn(async move {
            let mut answered = 0;
            for i in 0..40usize {
                let res = if (i + worker) % 2 == 0 {
                    client.get(&pages[(i * 7 + worker) % pages.len()]).await
                } else {
                    let (path, body) = calls[(i + worker) % calls.len()];
                    let req = Request::builder()
                        .method("POST")
                        .uri(path)
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header(header::ORIGIN, "http://127.0.0.1:3000")
                        .header(header::HOST, "127.0.0.1:3000")
                        .body(Body::from(body))
                        .unwrap();
                    client.send(req).await
                };
                assert!(res.status.as_u16() < 500, "{}: {}", res.status, res.text);
                answered += 1;
            }
            answered
        }));
    }
    builder.await.expect("routers built");
    let mut answered = 0;
    for t in tasks {
        answered += t.await.expect("no request panicked or hung");
    }
    assert_eq!(answered, 320);
    assert_eq!(app.state.stalled_renders.load(Ordering::Relaxed), 0, "no render stalled");
    let res = app.client().get("/submissions").await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stall_sqlite() {
    pages_and_server_functions_together_never_stall(Kind::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stall_postgres() {
    pages_and_server_functions_together_never_stall(Kind::Postgres).await
}
