//! The review board's administration (issue 10): the settings (quorum, published scores, names on
//! the timeline), rubric versions (a round keeps the one it opened with), committees (a round
//! is scored by its committee's members and run by its chair), and the before and after photos
//! of an implementation. Over the API, and the rubric's form with its errors on the right rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{multipart, Client, Kind, TestApp};
use serde_json::{json, Value};

async fn proposal_under_evaluation(author: &mut Client, staff: &mut Client, title: &str) -> i64 {
    let body =
        json!({"kind": "project", "title": title, "body": "Ayrıntılar.", "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let res =
        staff.json("POST", &format!("/api/v1/submissions/{id}/transitions"), json!({"to": "under_evaluation"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    id
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

async fn settings_change_the_quorum_the_scorecard_and_the_timeline(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut public = app.client();

    assert_eq!(staff.get("/api/v1/admin/settings").await.status, StatusCode::FORBIDDEN);
    assert_eq!(public.get("/api/v1/admin/settings").await.status, StatusCode::UNAUTHORIZED);
    let now = admin.get("/api/v1/admin/settings").await.json();
    assert_eq!(
        now,
        json!({"support_threshold": 100, "evaluation_quorum": 3, "publish_individual_scores": false, "timeline_actor_names": false})
    );
    let res = admin.json("PUT", "/api/v1/admin/settings", json!({"evaluation_quorum": 0})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["evaluation_quorum"]["code"], "out_of_range");
    assert_eq!(
        staff.json("PUT", "/api/v1/admin/settings", json!({"evaluation_quorum": 2})).await.status,
        StatusCode::FORBIDDEN
    );

    // Officials are shown by role only, until the setting names them; citizens never.
    let id = proposal_under_evaluation(&mut author, &mut staff, "Pazar yerine çatı").await;
    let events = format!("/api/v1/submissions/{id}/events");
    let timeline = public.get(&events).await.json();
    assert!(timeline.as_array().unwrap().iter().all(|e| e.get("actor_name").is_none()), "{timeline}");
    let res = admin
        .json(
            "PUT",
            "/api/v1/admin/settings",
            json!({"evaluation_quorum": 2, "publish_individual_scores": true, "timeline_actor_names": true}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["evaluation_quorum"], 2);
    assert_eq!(res.json()["support_threshold"], 100, "fields not given stay");
    let timeline = public.get(&events).await.json();
    let by_staff = timeline.as_array().unwrap().iter().find(|e| e["actor_role"] == "staff").unwrap();
    assert_eq!(by_staff["actor_name"], "Deneme Kişi", "{timeline}");
    let created = timeline.as_array().unwrap().iter().find(|e| e["kind"] == "created").unwrap();
    assert!(created.get("actor_name").is_none(), "a citizen is never named: {created}");
    let page = public.get(&format!("/submissions/{id}")).await.text;
    assert!(page.contains("Deneme Kişi, "), "the page names the official too");
    assert_eq!(app.count("audit_log WHERE action = 'setting.saved'"), 3, "each changed setting is audited");
}
both_backends!(settings_sqlite, settings_postgres, settings_change_the_quorum_the_scorecard_and_the_timeline);

async fn a_new_rubric_version_is_used_by_new_rounds_only(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut members = Vec::new();
    for n in 1..=3 {
        members.push(app.user_with_roles(&format!("uye{n}@example.com"), &[Role::Evaluator]).await.0);
    }
    let first = proposal_under_evaluation(&mut author, &mut staff, "Spor salonu yenilemesi").await;
    let old_round = chair.json("POST", &format!("/api/v1/submissions/{first}/rounds"), json!({})).await.json()["id"]
        .as_i64()
        .unwrap();

    let rubric = json!({"scale_max": 10, "criteria": [
        {"name_tr": "Kamu yararı", "name_en": "Public benefit", "weight": 60},
        {"name_tr": "Çevreye etkisi", "name_en": "Effect on the environment", "weight": 30}
    ]});
    assert_eq!(chair.json("POST", "/api/v1/rubrics", rubric.clone()).await.status, StatusCode::FORBIDDEN);
    let res = admin.json("POST", "/api/v1/rubrics", rubric.clone()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["weights"]["code"], "weights_total");
    let bad = json!({"scale_max": 7, "criteria": [{"name_tr": "", "name_en": "X", "weight": 100}]});
    let fields = admin.json("POST", "/api/v1/rubrics", bad).await.json()["error"]["fields"].clone();
    assert_eq!(
        (fields["scale_max"]["code"].as_str(), fields["name_tr_0"]["code"].as_str()),
        (Some("invalid"), Some("required"))
    );
    let mut good = rubric.clone();
    good["criteria"][1]["weight"] = json!(40);
    let res = admin.json("POST", "/api/v1/rubrics", good).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let v2 = res.json();
    assert_eq!((v2["version"].as_i64(), v2["scale_max"].as_i64()), (Some(2), Some(10)));
    assert_eq!(v2["criteria"][0]["key"], "public_benefit", "an unchanged name keeps its key");
    let all = app.client().get("/api/v1/rubrics").await.json();
    assert_eq!(all.as_array().unwrap().iter().map(|r| r["version"].as_i64().unwrap()).collect::<Vec<_>>(), [2, 1]);

    // The round opened before keeps version 1 and its five criteria on 1–5.
    let old = members[0].get(&format!("/api/v1/rounds/{old_round}")).await.json();
    assert_eq!((old["rubric_version"].as_i64(), old["criteria"].as_array().unwrap().len()), (Some(1), 5));
    let old_criteria = ids(&old["criteria"]);
    let lines: Vec<Value> =
        old_criteria.iter().map(|c| json!({"criterion_id": c, "score": 9, "justification": "Çok iyi"})).collect();
    let res = members[0].json("PUT", &format!("/api/v1/rounds/{old_round}/scores/me"), json!({"scores": lines})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "9 is off the old 1–5 scale");

    // A new round uses version 2: two criteria on 1–10.
    let second = proposal_under_evaluation(&mut author, &mut staff, "Kent meydanına gölgelik").await;
    let round = chair.json("POST", &format!("/api/v1/submissions/{second}/rounds"), json!({})).await.json()["id"]
        .as_i64()
        .unwrap();
    let view = members[0].get(&format!("/api/v1/rounds/{round}")).await.json();
    assert_eq!((view["rubric_version"].as_i64(), view["scale_max"].as_i64()), (Some(2), Some(10)));
    let lines: Vec<Value> = ids(&view["criteria"])
        .iter()
        .map(|c| json!({"criterion_id": c, "score": 9, "justification": "Çok iyi"}))
        .collect();
    let res = members[0].json("PUT", &format!("/api/v1/rounds/{round}/scores/me"), json!({"scores": lines})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}
both_backends!(rubric_sqlite, rubric_postgres, a_new_rubric_version_is_used_by_new_rounds_only);

async fn a_committee_scores_its_rounds_and_its_chair_runs_them(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let (mut other_chair, _) = app.user_with_roles("baskan2@example.com", &[Role::Chair]).await;
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut members = Vec::new();
    for n in 1..=4 {
        members.push(app.user_with_roles(&format!("uye{n}@example.com"), &[Role::Evaluator]).await.0);
    }
    let emails = ["uye1@example.com", "uye2@example.com", "uye3@example.com"];

    let wrong = json!({"name": "Ulaşım Kurulu", "chair_email": "uye1@example.com", "member_emails": ["ayse@example.com", "kimse@example.com"]});
    let res = admin.json("POST", "/api/v1/committees", wrong).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let fields = &res.json()["error"]["fields"];
    assert_eq!(fields["chair_email"]["code"], "not_chair");
    assert_eq!(fields["member_emails"]["code"], "not_evaluator");
    let body = json!({"name": "Ulaşım Kurulu", "chair_email": "BASKAN@example.com", "member_emails": emails});
    assert_eq!(chair.json("POST", "/api/v1/committees", body.clone()).await.status, StatusCode::FORBIDDEN);
    let res = admin.json("POST", "/api/v1/committees", body.clone()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let committee = res.json()["id"].as_i64().unwrap();
    let res = admin.json("POST", "/api/v1/committees", body).await;
    assert_eq!(res.json()["error"]["fields"]["name"]["code"], "taken");
    let listed = members[0].get("/api/v1/committees").await.json();
    assert_eq!(listed[0]["members"].as_array().unwrap().len(), 3);
    assert!(listed[0]["members"][0].get("email").is_none(), "addresses are for admins: {listed}");
    assert!(admin.get("/api/v1/committees").await.text.contains("uye2@example.com"));
    assert_eq!(author.get("/api/v1/committees").await.status, StatusCode::FORBIDDEN);

    // Only the committee's chair opens its rounds; its members are the committee's evaluators.
    let id = proposal_under_evaluation(&mut author, &mut staff, "Otobüs durağına sundurma").await;
    let rounds = format!("/api/v1/submissions/{id}/rounds");
    assert_eq!(
        other_chair.json("POST", &rounds, json!({"committee_id": committee})).await.status,
        StatusCode::FORBIDDEN
    );
    let res = chair.json("POST", &rounds, json!({"committee_id": committee})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let round = res.json()["id"].as_i64().unwrap();
    let url = format!("/api/v1/rounds/{round}");
    let view = chair.get(&url).await.json();
    assert_eq!(view["members"].as_array().unwrap().len(), 3, "the committee's three, not every evaluator");
    assert_eq!(view["committee"], "Ulaşım Kurulu");
    assert_eq!(members[3].get(&url).await.json()["i_am_member"], false);
    let criteria = ids(&view["criteria"]);
    let sheet: Vec<Value> =
        criteria.iter().map(|c| json!({"criterion_id": c, "score": 4, "justification": "Gerekli"})).collect();
    let res = members[3].json("PUT", &format!("{url}/scores/me"), json!({"scores": sheet})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "not on the committee");
    for m in members.iter_mut().take(3) {
        let res = m.json("PUT", &format!("{url}/scores/me"), json!({"scores": sheet})).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    assert_eq!(other_chair.json("POST", &format!("{url}/close"), json!({})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(chair.json("POST", &format!("{url}/close"), json!({})).await.status, StatusCode::OK);
    let decision = json!({"outcome": "feasible", "public_reason": "Uygulanabilir."});
    let decide = format!("/api/v1/submissions/{id}/decision");
    assert_eq!(other_chair.json("POST", &decide, decision.clone()).await.status, StatusCode::FORBIDDEN);
    let res = chair.json("POST", &decide, decision).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    // An inactive committee gets no new rounds.
    let off =
        json!({"name": "Ulaşım Kurulu", "chair_email": "baskan@example.com", "member_emails": emails, "active": false});
    assert_eq!(admin.json("PUT", &format!("/api/v1/committees/{committee}"), off).await.status, StatusCode::OK);
    let next = proposal_under_evaluation(&mut author, &mut staff, "Parka aydınlatma").await;
    let res =
        chair.json("POST", &format!("/api/v1/submissions/{next}/rounds"), json!({"committee_id": committee})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["committee_id"]["code"], "invalid");
    assert_eq!(app.count("audit_log WHERE action = 'committee.saved'"), 2);
}
both_backends!(committee_sqlite, committee_postgres, a_committee_scores_its_rounds_and_its_chair_runs_them);

fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([(x * 6) as u8, (y * 8) as u8, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn staff_add_before_and_after_photos_of_an_implementation(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let id = proposal_under_evaluation(&mut author, &mut staff, "Okul önüne yaya geçidi").await;
    let url = format!("/api/v1/submissions/{id}/implementation/photos");
    let (ct, body) = multipart(&[("phase", "before")], &[("photos", "once.jpg", "image/jpeg", photo())]);
    let res = staff.multipart_form(&url, &ct, body.clone()).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "not approved yet: {}", res.text);
    let moved = chair
        .json(
            "POST",
            &format!("/api/v1/submissions/{id}/transitions"),
            json!({"to": "approved", "public_note": "Onaylandı."}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.text);
    assert_eq!(author.multipart_form(&url, &ct, body.clone()).await.status, StatusCode::FORBIDDEN, "staff only");
    let (no_phase_ct, no_phase) = multipart(&[], &[("photos", "once.jpg", "image/jpeg", photo())]);
    let res = staff.multipart_form(&url, &no_phase_ct, no_phase).await;
    assert_eq!(res.json()["error"]["fields"]["phase"]["code"], "required");
    let res = staff.multipart_form(&url, &ct, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["before"].as_array().unwrap().len(), 1);
    assert!(res.json()["after"].as_array().unwrap().is_empty());

    let seven: Vec<(&str, &str, &str, Vec<u8>)> =
        (0..7).map(|_| ("photos", "sonra.jpg", "image/jpeg", photo())).collect();
    let (ct, body) = multipart(&[("phase", "after")], &seven);
    let res = staff.multipart_form(&url, &ct, body).await;
    assert_eq!(res.json()["error"]["fields"]["photos"]["code"], "too_many", "six a side");
    let (ct, body) = multipart(&[("phase", "after")], &[("photos", "sonra.jpg", "image/jpeg", photo())]);
    let res = staff.multipart_form(&url, &ct, body).await;
    assert_eq!(res.status, StatusCode::CREATED);
    assert_eq!((res.json()["before"].as_array().unwrap().len(), res.json()["after"].as_array().unwrap().len()), (1, 1));

    // The author's own photos stay theirs; the implementation's are shown apart, and on the timeline.
    let detail = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert!(detail["media"].as_array().unwrap().is_empty(), "{detail}");
    let events = app.client().get(&format!("/api/v1/submissions/{id}/events")).await.json();
    assert_eq!(events.as_array().unwrap().iter().filter(|e| e["kind"] == "photos_added").count(), 2);
    let page = app.client().get(&format!("/submissions/{id}")).await.text;
    assert!(page.contains("Önce ve sonra"), "the page shows them");
    assert_eq!(app.media_files().len(), 4, "two photos, each with its thumbnail; nothing of the refused posts");
}
both_backends!(photos_sqlite, photos_postgres, staff_add_before_and_after_photos_of_an_implementation);

/// The rubric form has blank rows; an error found on the third criterion sent comes back on the
/// row it was typed in, with everything typed kept.
#[tokio::test(flavor = "current_thread")]
async fn the_rubric_form_puts_each_error_on_its_row() {
    let app = TestApp::new(Kind::Sqlite);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let res = admin
        .form_on(
            "/admin/rubric",
            "/admin/rubric",
            &[
                ("scale_max", "5"),
                ("name_tr_0", "Kamu yararı"),
                ("name_en_0", "Public benefit"),
                ("weight_0", "50"),
                ("name_tr_1", ""),
                ("name_en_1", ""),
                ("weight_1", ""),
                ("name_tr_2", "Aciliyet"),
                ("name_en_2", ""),
                ("weight_2", "50"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page = admin.get("/admin/rubric").await.text;
    assert!(page.contains("id=\"name_en_2-error\""), "the error is on the row typed in");
    assert!(!page.contains("id=\"name_en_1-error\""));
    assert!(page.contains("value=\"Aciliyet\""), "what was typed is kept");
    let res = admin
        .form_on(
            "/admin/rubric",
            "/admin/rubric",
            &[("scale_max", "10"), ("name_tr_0", "Kamu yararı"), ("name_en_0", "Public benefit"), ("weight_0", "100")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let rubrics = app.client().get("/api/v1/rubrics").await.json();
    assert_eq!((rubrics[0]["version"].as_i64(), rubrics[0]["scale_max"].as_i64()), (Some(2), Some(10)));
    let page = admin.get("/admin/rubric").await.text;
    assert!(page.contains("Ölçütlerin yeni sürümü kaydedildi"), "the notice says so");
}

/// Found by the browser journey: the author was told nothing when the idea reached the
/// threshold, when scoring began or ended, or when a milestone was reached.
async fn the_author_hears_of_every_step_of_the_review(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut supporter, _) = app.user_with_roles("destek@example.com", &[Role::Citizen]).await;
    let mut members = Vec::new();
    for n in 1..=2 {
        members.push(app.user_with_roles(&format!("uye{n}@example.com"), &[Role::Evaluator]).await.0);
    }
    admin.json("PUT", "/api/v1/admin/settings", json!({"support_threshold": 1, "evaluation_quorum": 2})).await;
    let body = json!({"kind": "idea", "title": "Dere kenarına yürüyüş yolu", "body": "Ayrıntı.", "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    let details = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| format!("{}:{}", n["kind"].as_str().unwrap(), n["detail"].as_str().unwrap()))
            .collect()
    };
    let res = supporter.json("PUT", &format!("/api/v1/submissions/{id}/support"), json!({})).await;
    assert_eq!(res.json()["reached_threshold"], true, "{}", res.text);
    assert!(details(author.get("/api/v1/notifications").await.json()).contains(&"evaluation:queued".to_owned()));
    staff.json("POST", &format!("/api/v1/submissions/{id}/transitions"), json!({"to": "under_evaluation"})).await;
    let round =
        chair.json("POST", &format!("/api/v1/submissions/{id}/rounds"), json!({})).await.json()["id"].as_i64().unwrap();
    assert!(
        details(author.get("/api/v1/notifications").await.json()).contains(&"evaluation:scoring_started".to_owned())
    );
    let criteria = ids(&members[0].get(&format!("/api/v1/rounds/{round}")).await.json()["criteria"]);
    let sheet: Vec<Value> =
        criteria.iter().map(|c| json!({"criterion_id": c, "score": 4, "justification": "İyi"})).collect();
    for m in members.iter_mut() {
        m.json("PUT", &format!("/api/v1/rounds/{round}/scores/me"), json!({"scores": sheet})).await;
    }
    assert_eq!(chair.json("POST", &format!("/api/v1/rounds/{round}/close"), json!({})).await.status, StatusCode::OK);
    assert!(details(author.get("/api/v1/notifications").await.json()).contains(&"evaluation:scoring_closed".to_owned()));
    chair
        .json(
            "POST",
            &format!("/api/v1/submissions/{id}/decision"),
            json!({"outcome": "approved", "public_reason": "Onay."}),
        )
        .await;
    let milestone = staff
        .json(
            "POST",
            &format!("/api/v1/submissions/{id}/milestones"),
            json!({"title": "Zemin etüdü", "planned_on": "2027-02-01"}),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    staff.json("PATCH", &format!("/api/v1/milestones/{milestone}"), json!({"done_on": "2027-01-20"})).await;
    let heard = details(author.get("/api/v1/notifications").await.json());
    assert!(heard.contains(&"milestone:done:Zemin etüdü".to_owned()), "{heard:?}");
    let page = author.get("/notifications").await.text;
    for words in
        ["Destek eşiğine ulaştı", "puanlamaya başladı", "puan kartı yayımlandı", "aşama tamamlandı, Zemin etüdü"]
    {
        assert!(page.contains(words), "the notifications page says: {words}");
    }
}
both_backends!(heard_sqlite, heard_postgres, the_author_hears_of_every_step_of_the_review);

/// Found by the browser journey: a failed form of a page lost what was typed into it, or blanked
/// its neighbours (the recusal's reason; the implementation editor's figures after a failed
/// milestone; the before/after choice after a refused upload).
#[tokio::test(flavor = "current_thread")]
async fn failed_forms_keep_what_was_typed_and_leave_their_neighbours_alone() {
    let app = TestApp::new(Kind::Sqlite);
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut chair, _) = app.user_with_roles("baskan@example.com", &[Role::Chair]).await;
    let (mut author, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut members = Vec::new();
    for n in 1..=3 {
        members.push(app.user_with_roles(&format!("uye{n}@example.com"), &[Role::Evaluator]).await.0);
    }
    let id = proposal_under_evaluation(&mut author, &mut staff, "Mahalle kütüphanesi").await;
    let round =
        chair.json("POST", &format!("/api/v1/submissions/{id}/rounds"), json!({})).await.json()["id"].as_i64().unwrap();
    let page = format!("/rounds/{round}");
    let long = "ç".repeat(501);
    let res = members[0].form_on(&page, &format!("/rounds/{round}/recusal"), &[("reason", long.as_str())]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let html = members[0].get(&page).await.text;
    assert!(html.contains("id=\"reason-error\""), "the error is at the field");
    assert!(html.contains(&long), "the reason typed is kept");
    assert!(html.contains("id=\"recusal\" open"), "the recusal form is open again");
    assert!(html.contains("en fazla 500 karakter"), "the limit it says is the limit it applies");

    chair.json("POST", &format!("/api/v1/rounds/{round}/close"), json!({})).await;
    let approved = chair
        .json(
            "POST",
            &format!("/api/v1/submissions/{id}/transitions"),
            json!({"to": "approved", "public_note": "Onay."}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.text);
    let sub = format!("/submissions/{id}");
    staff
        .form_on(
            &sub,
            &format!("/submissions/{id}/implementation"),
            &[("progress_percent", "30"), ("budget", "12.500")],
        )
        .await;
    staff.form_on(&sub, &format!("/submissions/{id}/milestones"), &[("title", ""), ("planned_on", "2027-01-01")]).await;
    let html = staff.get(&sub).await.text;
    assert!(html.contains("id=\"title-error\""), "the milestone's error is shown");
    assert!(html.contains("value=\"30\""), "the figures form still shows the stored progress");
    assert!(html.contains("value=\"2027-01-01\""), "the milestone form keeps its date");

    let (ct, body) = multipart(&[("phase", "after")], &[]);
    let res = staff.multipart_form(&format!("/submissions/{id}/implementation/photos"), &ct, body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let html = staff.get(&sub).await.text;
    assert!(html.contains("id=\"phase-after\" name=\"phase\" value=\"after\" checked"), "the side chosen is kept");
    assert!(html.contains("En az bir dosya seçin"));
}
