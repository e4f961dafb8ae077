//! The evaluation committee over the API (issue 10): the chair opens a round on a proposal under
//! evaluation, members score blind, one recuses, the chair closes at the quorum and decides; the
//! public reads the scorecard. Blindness is checked through every read path there is.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Client, Kind, TestApp};
use serde_json::{json, Value};

/// A score sheet over the rubric's criteria, each justification tagged so a leak can be found.
fn sheet(criteria: &[i64], scores: [i32; 5], tag: &str) -> Value {
    let lines: Vec<Value> = criteria
        .iter()
        .zip(scores)
        .map(|(id, score)| json!({"criterion_id": id, "score": score, "justification": format!("{tag} gerekçe {id}")}))
        .collect();
    json!({ "scores": lines })
}

async fn a_round_is_blind_until_scored_or_closed_and_ends_in_a_public_scorecard(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let mut members: Vec<Client> = Vec::new();
    for n in 1..=4 {
        members.push(app.user_with_roles(&format!("uye{n}@example.com"), &[Role::Evaluator]).await.0);
    }
    let mut public = app.client();

    let rubrics = public.get("/api/v1/rubrics").await.json();
    let criteria: Vec<i64> =
        rubrics[0]["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let weights: i64 = rubrics[0]["criteria"].as_array().unwrap().iter().map(|c| c["weight"].as_i64().unwrap()).sum();
    assert_eq!((criteria.len(), weights, rubrics[0]["scale_max"].as_i64()), (5, 100, Some(5)));

    let body = json!({"kind": "idea", "title": "Kütüphaneye gece salonu", "body": "Sınav dönemi.", "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let rounds = format!("/api/v1/submissions/{id}/rounds");
    let res = chair.json("POST", &rounds, json!({})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "not under evaluation yet: {}", res.text);
    assert_eq!(res.json()["error"]["fields"]["status"]["code"], "not_under_evaluation");
    let moved =
        staff.json("POST", &format!("/api/v1/submissions/{id}/transitions"), json!({"to": "under_evaluation"})).await;
    assert_eq!(moved.status, StatusCode::CREATED);
    assert_eq!(staff.json("POST", &rounds, json!({})).await.status, StatusCode::FORBIDDEN, "the chair's");
    let res = chair.json("POST", &rounds, json!({"deadline": "2020-01-01"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a deadline in the past");
    let res = chair.json("POST", &rounds, json!({"deadline": "2099-06-30"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let round = res.json()["id"].as_i64().unwrap();
    assert_eq!(chair.json("POST", &rounds, json!({})).await.status, StatusCode::CONFLICT, "one open round");
    let url = format!("/api/v1/rounds/{round}");
    for member in members.iter_mut() {
        let heard = member.get("/api/v1/notifications").await.json();
        assert_eq!(heard["items"][0]["kind"], "evaluation", "every member hears of the round: {heard}");
        assert_eq!(heard["items"][0]["detail"], format!("round_opened:{round}"));
    }
    let view = chair.get(&url).await.json();
    assert_eq!(view["deadline"], "2099-06-30T20:59:59Z", "the end of that day in İnegöl");
    assert_eq!(view["members"].as_array().unwrap().len(), 4);

    // A sheet must be complete.
    let incomplete = json!({"scores": [{"criterion_id": criteria[0], "score": 9, "justification": ""}]});
    let res = members[1].json("PUT", &format!("{url}/scores/me"), incomplete).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let fields = &res.json()["error"]["fields"];
    assert_eq!(fields[format!("score_{}", criteria[0])]["code"], "out_of_range");
    assert_eq!(fields[format!("justification_{}", criteria[0])]["code"], "required");
    assert_eq!(fields[format!("score_{}", criteria[4])]["code"], "required");

    // The first member scores: they see their sheet, nobody else sees any score.
    let res = members[0].json("PUT", &format!("{url}/scores/me"), sheet(&criteria, [5, 2, 1, 4, 3], "UYE1")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(res.text.contains("UYE1 gerekçe"));
    assert_eq!(
        members[0].json("PUT", &format!("{url}/scores/me"), sheet(&criteria, [1, 1, 1, 1, 1], "AGAIN")).await.status,
        StatusCode::CONFLICT,
        "a sheet is final"
    );
    let page = format!("/submissions/{id}");
    let api_detail = format!("/api/v1/submissions/{id}");
    let events = format!("/api/v1/submissions/{id}/events");
    let scorecard = format!("/api/v1/submissions/{id}/scorecard");
    for (who, client) in [
        ("member 2", &mut members[1]),
        ("chair", &mut chair),
        ("staff", &mut staff),
        ("author", &mut author),
        ("public", &mut public),
    ] {
        for path in [url.as_str(), page.as_str(), api_detail.as_str(), events.as_str(), scorecard.as_str()] {
            let res = client.get(path).await;
            assert!(!res.text.contains("UYE1 gerekçe"), "{who} saw a score through {path}");
        }
    }
    let progress = chair.get(&url).await.json();
    assert_eq!(progress["scored"], 1);
    assert_eq!(progress["scores"], json!([]));
    assert_eq!(progress["members"][0]["name"], "Deneme Kişi", "the chair follows progress by name");
    let outside = public.get(&url).await.json();
    assert!(outside["members"].as_array().unwrap().iter().all(|m| m.get("name").is_none()), "{outside}");
    assert_eq!(public.get(&scorecard).await.status, StatusCode::NOT_FOUND, "no result before the round closes");

    // A member with a conflict of interest steps aside: public, without the reason.
    let res = members[3].json("POST", &format!("{url}/recusal"), json!({"reason": "Öneri sahibi akrabam"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        members[3].json("PUT", &format!("{url}/scores/me"), sheet(&criteria, [3, 3, 3, 3, 3], "UYE4")).await.status,
        StatusCode::CONFLICT
    );
    let timeline = public.get(&events).await;
    assert!(timeline.text.contains("\"recused\"") && !timeline.text.contains("akrabam"), "{}", timeline.text);

    // The quorum (3) has not scored: the round cannot close.
    let res = chair.json("POST", &format!("{url}/close"), json!({})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["fields"]["round"]["code"], "quorum_not_met");
    let res = members[1].json("PUT", &format!("{url}/scores/me"), sheet(&criteria, [4, 2, 5, 4, 3], "UYE2")).await;
    assert!(
        res.text.contains("UYE1 gerekçe") && res.text.contains("UYE2 gerekçe"),
        "after scoring, a member sees the others'"
    );
    members[2].json("PUT", &format!("{url}/scores/me"), sheet(&criteria, [3, 2, 3, 5, 3], "UYE3")).await;
    assert!(!chair.get(&url).await.text.contains("gerekçe"), "the chair sees no score before closing");
    assert_eq!(members[0].json("POST", &format!("{url}/close"), json!({})).await.status, StatusCode::FORBIDDEN);
    let closed = chair.json("POST", &format!("{url}/close"), json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);

    // The scorecard: per-criterion means and spread, the weighted overall mean (worked out in
    // domain::evaluation's test: 3.25), no names, no individual scores by default.
    let card = public.get(&scorecard).await;
    assert_eq!(card.status, StatusCode::OK, "{}", card.text);
    let card = card.json();
    let mean = |v: &Value| v.as_f64().unwrap();
    assert!((mean(&card["result"]["mean"]) - 3.25).abs() < 1e-9, "{card}");
    assert!((mean(&card["result"]["criteria"][0]["mean"]) - 4.0).abs() < 1e-9);
    assert_eq!(card["result"]["criteria"][2]["min"], 1);
    assert_eq!(card["result"]["criteria"][2]["max"], 5);
    assert_eq!((card["scored"].as_i64(), card["recused"].as_i64()), (Some(3), Some(1)));
    assert_eq!(card["scores"], json!([]));
    assert!(!card.to_string().contains("Deneme"), "no names");

    // The decision: a public reason is required; it moves the proposal on, as the chair's move.
    let decision = format!("/api/v1/submissions/{id}/decision");
    let res = chair.json("POST", &decision, json!({"outcome": "approved"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["public_reason"]["code"], "required");
    assert_eq!(
        staff.json("POST", &decision, json!({"outcome": "approved", "public_reason": "x"})).await.status,
        StatusCode::FORBIDDEN
    );
    let res = chair
        .json("POST", &decision, json!({"outcome": "approved", "public_reason": "Kurul puanı 3,25.", "estimated_cost": 1250000.5, "estimated_days": 90}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(public.get(&api_detail).await.json()["status"], "approved");
    let card = public.get(&scorecard).await.json();
    assert_eq!(card["decisions"][0]["outcome"], "approved");
    assert_eq!(card["decisions"][0]["estimated_cost"], 1250000.5);
    assert!(public.get(&events).await.text.contains("Kurul puanı 3,25."));

    // Where the admin setting allows, the scores are published without names.
    {
        let mut c = app.db.pool.get().unwrap();
        app::settings::set_i64(&mut c, app::evaluation::service::PUBLISH_SCORES, 1).unwrap();
    }
    let card = public.get(&scorecard).await.json();
    assert_eq!(card["scores"].as_array().unwrap().len(), 15);
    assert!(card["scores"].as_array().unwrap().iter().all(|s| s.get("member").is_none()));
}
both_backends!(round_sqlite, round_postgres, a_round_is_blind_until_scored_or_closed_and_ends_in_a_public_scorecard);

/// A day before the deadline, the members who have neither scored nor stepped aside are
/// reminded, once.
async fn members_who_have_not_scored_are_reminded_a_day_before_the_deadline(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let mut members: Vec<Client> = Vec::new();
    for n in 1..=3 {
        members.push(app.user_with_roles(&format!("uye{n}@example.com"), &[Role::Evaluator]).await.0);
    }
    let body = json!({"kind": "idea", "title": "Pazar yerine tuvalet", "body": "Gerekli.", "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    staff.json("POST", &format!("/api/v1/submissions/{id}/transitions"), json!({"to": "under_evaluation"})).await;
    let round =
        chair.json("POST", &format!("/api/v1/submissions/{id}/rounds"), json!({"deadline": "2099-06-30"})).await.json()
            ["id"]
            .as_i64()
            .unwrap();
    let criteria: Vec<i64> = app.client().get("/api/v1/rubrics").await.json()[0]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    members[0]
        .json("PUT", &format!("/api/v1/rounds/{round}/scores/me"), sheet(&criteria, [3, 3, 3, 3, 3], "UYE1"))
        .await;
    members[1].json("POST", &format!("/api/v1/rounds/{round}/recusal"), json!({"reason": "Komşum"})).await;

    let remind = |at: time::PrimitiveDateTime| {
        let mut c = app.db.pool.get().unwrap();
        app::evaluation::service::send_reminders(&mut c, at).unwrap()
    };
    assert_eq!(remind(time::macros::datetime!(2099-06-28 12:00)), 0, "two days before: not yet");
    assert_eq!(remind(time::macros::datetime!(2099-06-30 08:00)), 1, "only the member still to score");
    assert_eq!(remind(time::macros::datetime!(2099-06-30 09:00)), 0, "once per round");
    let heard = members[2].get("/api/v1/notifications").await.json();
    assert_eq!(heard["items"][0]["detail"], format!("round_reminder:{round}"), "{heard}");
    let scored = members[0].get("/api/v1/notifications").await.json();
    assert!(scored["items"].as_array().unwrap().iter().all(|n| n["detail"] != format!("round_reminder:{round}")));
}
both_backends!(reminder_sqlite, reminder_postgres, members_who_have_not_scored_are_reminded_a_day_before_the_deadline);
