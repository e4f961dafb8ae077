//! The review board's workflow (issue 10): each move is made by the role that owns it, through
//! the API and the form alike, and lands on the public timeline; the log itself cannot be
//! changed, even with raw SQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::json;

async fn idea(author: &mut common::Client, title: &str) -> i64 {
    let body = json!({"kind": "idea", "title": title, "body": "Çocuk parkına gölgelik.", "category_id": 1, "neighbourhood_id": 1});
    let res = author.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()["id"].as_i64().unwrap()
}

async fn each_move_is_made_by_its_owner_and_lands_on_the_timeline(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let id = idea(&mut ayse, "Parka gölgelik").await;
    let url = format!("/api/v1/submissions/{id}/transitions");

    // Sending a proposal to the committee is staff's: the author and an admin may not.
    for who in [&mut ayse, &mut admin] {
        let res = who.json("POST", &url, json!({"to": "under_evaluation"})).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    }
    assert_eq!(
        app.client().json("POST", &url, json!({"to": "under_evaluation"})).await.status,
        StatusCode::UNAUTHORIZED
    );
    let res = staff
        .json(
            "POST",
            &url,
            json!({"to": "under_evaluation", "public_note": "Kurula gönderildi.", "internal_note": "Bütçe sorulacak."}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let step = res.json();
    assert_eq!(step["from_status"], "published");
    assert_eq!(step["to_status"], "under_evaluation");
    assert_eq!(step["actor_role"], "staff");
    assert_eq!(step["internal_note"], "Bütçe sorulacak.", "staff see the internal note");

    // The committee's outcomes are the chair's; a move the table lacks is a 409 naming the others.
    let res = staff.json("POST", &url, json!({"to": "approved"})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = chair.json("POST", &url, json!({"to": "completed"})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    assert_eq!(res.json()["error"]["code"], "illegal_move");
    let allowed: Vec<String> =
        serde_json::from_value(res.json()["error"]["allowed"].clone()).expect("the allowed moves are named");
    assert_eq!(allowed, ["published", "feasible", "not_feasible", "approved", "rejected", "withdrawn", "merged"]);
    let res = chair.json("POST", &url, json!({"to": "no_such_status"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["to"]["code"], "unknown");

    // Not feasible needs a public reason.
    let res = chair.json("POST", &url, json!({"to": "not_feasible", "public_note": "  "})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["public_note"]["code"], "required");
    let res = chair.json("POST", &url, json!({"to": "approved", "public_note": "Kurul onayladı."})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["actor_role"], "chair");
    // Implementation is staff's again.
    for to in ["scheduled", "in_implementation", "completed"] {
        let res = staff.json("POST", &url, json!({"to": to})).await;
        assert_eq!(res.status, StatusCode::CREATED, "{to}: {}", res.text);
    }
    let res = staff.json("POST", &url, json!({"to": "rejected", "public_note": "Geç."})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a completed proposal never moves again");
    assert_eq!(res.json()["error"]["allowed"], json!([]));

    // The public timeline: every step in order, public notes, no internal note, no names.
    let public = app.client().get(&format!("/api/v1/submissions/{id}/events")).await;
    assert_eq!(public.status, StatusCode::OK);
    let events = public.json();
    let steps: Vec<&str> = events.as_array().unwrap().iter().filter_map(|e| e["to_status"].as_str()).collect();
    assert_eq!(steps, ["published", "under_evaluation", "approved", "scheduled", "in_implementation", "completed"]);
    assert!(!public.text.contains("Bütçe sorulacak") && !public.text.contains("internal_note"), "{}", public.text);
    assert!(public.text.contains("Kurul onayladı."));
    assert!(!public.text.contains("personel@example.com") && !public.text.contains("baskan"));
    let internal = staff.get(&format!("/api/v1/submissions/{id}/events")).await;
    assert!(internal.text.contains("Bütçe sorulacak"));
    let detail = ayse.get(&format!("/api/v1/submissions/{id}")).await;
    assert!(!detail.text.contains("Bütçe sorulacak"), "the author is not staff");
    assert_eq!(detail.json()["status"], "completed");
    assert_eq!(app.client().get("/api/v1/submissions/999999/events").await.status, StatusCode::NOT_FOUND);

    // The author heard of each step.
    let notes = ayse.get("/api/v1/notifications").await.json();
    let statuses = notes["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "status").count();
    assert_eq!(statuses, 5, "{notes}");
}
both_backends!(moves_sqlite, moves_postgres, each_move_is_made_by_its_owner_and_lands_on_the_timeline);

async fn the_form_on_the_page_makes_the_same_moves(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let id = idea(&mut ayse, "Sokak lambası").await;
    let page = format!("/submissions/{id}");
    assert!(!ayse.get(&page).await.text.contains("/transition\""), "no move form for the author");
    let html = staff.get(&page).await.text;
    assert!(html.contains(&format!("action=\"/submissions/{id}/transition\"")), "staff get the move form");

    // Rejecting without a reason: back to the form with the error and what was typed.
    let res = staff
        .form_on(
            &page,
            &format!("/submissions/{id}/transition"),
            &[("to", "rejected"), ("internal_note", "Mükerrer olabilir")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), format!("{page}#move"));
    let html = staff.get(&page).await.text;
    assert!(html.contains("Kamunun okuyacağı gerekçeyi yazın"), "the error is on the page");
    assert!(html.contains("Mükerrer olabilir"), "what was typed is kept");

    let res = staff
        .form_on(
            &page,
            &format!("/submissions/{id}/transition"),
            &[("to", "rejected"), ("public_note", "Bu yol karayollarının.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), page);
    let html = app.client().get(&page).await.text;
    assert!(html.contains("Bu yol karayollarının."), "the public reason is on the timeline");
    let detail = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!(detail["status"], "rejected");
}
both_backends!(form_sqlite, form_postgres, the_form_on_the_page_makes_the_same_moves);

async fn events_cannot_be_changed_or_deleted_even_with_raw_sql(kind: Kind) {
    use diesel::RunQueryDsl;
    let postgres = matches!(kind, Kind::Postgres);
    let app = TestApp::new(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    idea(&mut ayse, "Değişmez kayıt").await;
    let before = app.count("submission_events");
    assert!(before >= 1);
    let mut c = app.db.pool.get().expect("conn");
    let mut attempts =
        vec!["UPDATE submission_events SET public_note = 'değiştirildi'", "DELETE FROM submission_events"];
    if postgres {
        attempts.push("TRUNCATE submission_events");
    }
    for sql in attempts {
        let res = match &mut *c {
            app::db::DbConn::Sqlite(conn) => diesel::sql_query(sql).execute(conn),
            app::db::DbConn::Postgres(conn) => diesel::sql_query(sql).execute(conn),
        };
        let err = res.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    drop(c);
    assert_eq!(app.count("submission_events"), before);
    assert_eq!(app.count("submission_events WHERE public_note = 'değiştirildi'"), 0);
}
both_backends!(append_only_sqlite, append_only_postgres, events_cannot_be_changed_or_deleted_even_with_raw_sql);

/// The transition table through the service and a real database: random calls by people of
/// every role (the author, staff, the chair, an evaluator, an admin, another citizen) to every
/// status. An accepted call is a move of the table made by its owner, and the stored status and
/// the timeline follow it by exactly one step; a refused call is a 409 naming the allowed moves
/// when the table lacks the move, a 403 when it is someone else's, and changes nothing.
async fn no_sequence_of_calls_leaves_the_table(kind: Kind) {
    use app::auth::Actor;
    use app::domain::submissions::{check_transition, Kind as SubmissionKind, Status};
    use app::domain::workflow::{allowed_moves, mover};
    use app::error::AppError;
    use app::submissions::workflow::{transition, Move};
    use rand::{Rng, SeedableRng};

    let app = TestApp::new(kind);
    let mut people = Vec::new();
    for (email, roles) in [
        ("yazar@example.com", vec![Role::Citizen]),
        ("personel@example.com", vec![Role::Staff]),
        ("baskan@example.com", vec![Role::Chair]),
        ("uye@example.com", vec![Role::Evaluator]),
        ("yonetici@example.com", vec![Role::Admin]),
        ("komsu@example.com", vec![Role::Citizen]),
    ] {
        let (_, id) = app.user_with_roles(email, &roles).await;
        people.push(Actor::user(id, roles));
    }
    let author = people[0].clone();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20_261_201);
    let mut c = app.db.pool.get().unwrap();
    // Calls in all; a submission whose workflow has ended is followed by a new one.
    let calls = if kind == Kind::Sqlite { 900 } else { 300 };
    let (mut accepted, mut illegal, mut forbidden, mut walks) = (0, 0, 0, 0);
    let mut current: Option<(i64, app::domain::submissions::Track, Status)> = None;
    for _ in 0..calls {
        let (id, track, status) = match current {
            Some(walk) if !allowed_moves(walk.1, walk.2).is_empty() => walk,
            _ => {
                let submission_kind = ["idea", "project", "complaint", "request"][walks % 4];
                walks += 1;
                let input = app::submissions::NewSubmission {
                    kind: submission_kind.into(),
                    title: format!("Yürüyüş {walks}: kaldırım onarımı"),
                    body: "Kaldırım taşları kırık.".into(),
                    category_id: Some(1),
                    neighbourhood_id: Some(1),
                    lat: None,
                    lon: None,
                };
                let id = app::submissions::service::create(&mut c, &author, &input, None, None).unwrap().id;
                let status = app::submissions::service::detail(&mut c, &author, id).unwrap().status;
                (id, SubmissionKind::parse(submission_kind).unwrap().track(), status)
            }
        };
        // Half the calls aim at a move the table has (else few would be accepted), half anywhere.
        let moves = allowed_moves(track, status);
        let to = if rng.gen_bool(0.5) {
            moves[rng.gen_range(0..moves.len())]
        } else {
            Status::ALL[rng.gen_range(0..Status::ALL.len())]
        };
        let who = &people[rng.gen_range(0..people.len())];
        let events_before = app::submissions::service::events(&mut c, id, true).unwrap().len();
        let m = Move { to: to.as_str().into(), public_note: Some("Gerekçe".into()), internal_note: None };
        let result = transition(&mut c, who, id, &m);
        let now = app::submissions::service::detail(&mut c, &author, id).unwrap().status;
        let events_after = app::submissions::service::events(&mut c, id, true).unwrap().len();
        let in_table = check_transition(track, status, to).is_ok();
        let mut status = status;
        match result {
            Ok(landed) => {
                assert!(in_table, "{status} → {to} accepted but not in the table");
                let owner = mover(track, status, to).unwrap();
                match owner.role() {
                    Some(role) => assert!(who.has(role), "{status} → {to} made by {who:?}, not {owner:?}"),
                    None => assert_eq!(who, &author, "only the author withdraws"),
                }
                assert_eq!((landed, now), (to, to));
                assert_eq!(events_after, events_before + 1, "one event per move");
                status = to;
                accepted += 1;
            }
            Err(AppError::IllegalMove { allowed, .. }) => {
                assert_eq!(events_after, events_before, "a refused call writes nothing");
                assert!(!in_table, "{status} → {to} is in the table but was refused as illegal");
                assert!(!allowed.contains(&to.as_str().to_owned()));
                illegal += 1;
            }
            Err(AppError::Forbidden) => {
                assert_eq!(events_after, events_before, "a refused call writes nothing");
                assert!(in_table, "{status} → {to} refused as someone else's but not in the table");
                let owner = mover(track, status, to).unwrap();
                assert!(owner.role().is_none_or(|r| !who.has(r)) && (owner.role().is_some() || who != &author));
                forbidden += 1;
            }
            Err(e) => panic!("{status} → {to} by {who:?}: {e:?}"),
        }
        assert_eq!(now, status, "the stored status is the last accepted move's");
        current = Some((id, track, status));
    }
    let each = calls / 20;
    assert!(accepted > each && illegal > each && forbidden > each, "{accepted} {illegal} {forbidden}");
}
both_backends!(table_sqlite, table_postgres, no_sequence_of_calls_leaves_the_table);
