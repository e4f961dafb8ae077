//! Moderation (issue 11): after N flags (an admin setting) a comment or submission is hidden until
//! a moderator looks; moderators (staff) hide or restore with a reason, the original kept and the
//! public shown a placeholder with the reason; flags take a reason from a short list; text that
//! matches the Turkish word list waits for a moderator instead of being published, and its author
//! is told; a blocked person reads but does not write; staff merge a duplicate into its original.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{encode, Client, Kind, Resp, TestApp};
use serde_json::{json, Value};

/// An idea in category 1 (roads) and the first neighbourhood.
fn idea(title: &str, body: &str) -> Value {
    json!({"kind": "idea", "title": title, "body": body, "category_id": 1, "neighbourhood_id": 1})
}

/// Sends a submission that is published at once (201), returning its id.
async fn submit(c: &mut Client, body: Value) -> i64 {
    let res = c.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert!(res.json().get("moderation").is_none(), "published, not held: {}", res.text);
    res.json()["id"].as_i64().unwrap()
}

async fn comment(c: &mut Client, submission: i64, body: &str) -> Resp {
    c.json("POST", &format!("/api/v1/submissions/{submission}/comments"), json!({"body": body})).await
}

/// A comment as `c` reads it in its submission's conversation (top level or reply), if listed.
async fn comment_as_read(c: &mut Client, submission: i64, id: i64) -> Option<Value> {
    let res = c.get(&format!("/api/v1/submissions/{submission}/comments")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let list = res.json();
    list.as_array()
        .unwrap()
        .iter()
        .flat_map(|c| std::iter::once(c.clone()).chain(c["replies"].as_array().cloned().unwrap_or_default()))
        .find(|c| c["id"].as_i64() == Some(id))
}

/// The ids a public listing (or search, with `query`) shows to a visitor, and its total.
async fn listed(app: &TestApp, query: &str) -> (Vec<i64>, i64) {
    let res = app.client().get(&format!("/api/v1/submissions{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let page = res.json();
    let ids = page["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    (ids, page["total"].as_i64().unwrap())
}

/// The moderators' queue entry for `target` `id`, if it is in the queue.
async fn queued(staff: &mut Client, target: &str, id: i64) -> Option<Value> {
    let res = staff.get("/api/v1/moderation").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == target && e["id"].as_i64() == Some(id))
        .cloned()
}

/// An entry's open flags by reason, sorted.
fn flags_of(entry: &Value) -> Vec<(String, i64)> {
    let mut flags: Vec<(String, i64)> = entry["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f[0].as_str().unwrap().to_owned(), f[1].as_i64().unwrap()))
        .collect();
    flags.sort();
    flags
}

/// The details of `c`'s notifications of `kind`.
async fn notified(c: &mut Client, kind: &str) -> Vec<String> {
    let res = c.get("/api/v1/notifications").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .map(|n| n["detail"].as_str().unwrap().to_owned())
        .collect()
}

/// A submission's comment count as the public reads it.
async fn comment_count(app: &TestApp, submission: i64) -> i64 {
    app.client().get(&format!("/api/v1/submissions/{submission}")).await.json()["comment_count"].as_i64().unwrap()
}

fn field_code(res: &Resp, field: &str) -> String {
    res.json()["error"]["fields"][field]["code"].as_str().unwrap_or_default().to_owned()
}

/// Two citizens flagging a comment (reasons from the list) hide it from the public at a threshold
/// of 2; the author still reads it and the moderators see it with its flags by reason; a
/// moderator's restore makes it public again and settles those flags; a moderator's hide shows
/// the public the reason in its place, and the author is told.
async fn flags_past_the_threshold_hide_a_comment_until_a_moderator_looks(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Staff, Role::Admin]).await;
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut can, _) = app.user_with_roles("can@example.com", &[Role::Citizen]).await;
    let (mut deniz, _) = app.user_with_roles("deniz@example.com", &[Role::Citizen]).await;

    // The admin sets the threshold, keeping the word list as it is.
    let settings = admin.get("/api/v1/moderation/settings").await.json();
    let words = settings["words"].as_array().unwrap().clone();
    assert!(words.iter().any(|w| w == "şerefsiz"), "the shipped list is installed: {settings}");
    let body = json!({"flag_threshold": 2, "words": words});
    assert_eq!(staff.json("PUT", "/api/v1/moderation/settings", body.clone()).await.status, StatusCode::FORBIDDEN);
    let res = admin.json("PUT", "/api/v1/moderation/settings", body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["flag_threshold"], 2);
    assert_eq!(res.json()["words"].as_array().unwrap().len(), words.len(), "the words are kept");
    assert_eq!(app.client().get("/api/v1/moderation/settings").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(ayse.get("/api/v1/moderation/settings").await.status, StatusCode::FORBIDDEN);

    let sid = submit(&mut author, idea("Parka yeni banklar", "Eski banklar kırık.")).await;
    let res = comment(&mut author, sid, "Bankların **boyası** da dökülüyor.").await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let cid = res.json()["id"].as_i64().unwrap();
    let flag = format!("/api/v1/comments/{cid}/flag");

    // A reason is one of the list.
    let res = ayse.json("POST", &flag, json!({"reason": "Hakaret"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_code(&res, "reason"), "unknown_reason");
    let res = ayse.json("POST", &flag, json!({"reason": ""})).await;
    assert_eq!((res.status, field_code(&res, "reason")), (StatusCode::UNPROCESSABLE_ENTITY, "required".to_owned()));
    assert_eq!(app.client().json("POST", &flag, json!({"reason": "spam"})).await.status, StatusCode::UNAUTHORIZED);
    let res = ayse.json("POST", "/api/v1/comments/999999/flag", json!({"reason": "spam"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("flags"), 0, "nothing refused is kept");

    // The same person flagging twice counts once: still public.
    assert_eq!(ayse.json("POST", &flag, json!({"reason": "spam"})).await.status, StatusCode::NO_CONTENT);
    let res = ayse.json("POST", &flag, json!({"reason": "abuse", "detail": "Yine aynı kişi"})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let public = comment_as_read(&mut app.client(), sid, cid).await.expect("listed");
    assert!(public["body_html"].as_str().unwrap().contains("boyası"), "one person's flags do not hide: {public}");
    assert!(public.get("moderation").is_none(), "{public}");

    // A second person's flag reaches the threshold: hidden from the public, not from its author.
    assert_eq!(can.json("POST", &flag, json!({"reason": "abuse"})).await.status, StatusCode::NO_CONTENT);
    let public = comment_as_read(&mut app.client(), sid, cid).await.expect("a placeholder stays in its place");
    assert_eq!((public["body_html"].as_str(), public["moderation"].as_str()), (Some(""), Some("flagged")), "{public}");
    let other = comment_as_read(&mut deniz, sid, cid).await.unwrap();
    assert_eq!(other["body_html"], "", "other citizens read the placeholder too");
    let own = comment_as_read(&mut author, sid, cid).await.unwrap();
    assert!(own["body_html"].as_str().unwrap().contains("boyası"), "its author still reads it: {own}");
    assert_eq!(own["moderation"], "flagged");
    assert_eq!(comment_count(&app, sid).await, 0, "the count is of public comments");

    // The moderators' queue lists it with its flags by reason (one per person).
    assert_eq!(app.client().get("/api/v1/moderation").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(ayse.get("/api/v1/moderation").await.status, StatusCode::FORBIDDEN);
    let entry = queued(&mut staff, "comment", cid).await.expect("in the queue");
    assert_eq!(entry["moderation"], "flagged");
    assert_eq!(entry["submission_id"].as_i64(), Some(sid));
    assert_eq!(flags_of(&entry), vec![("abuse".to_owned(), 1), ("spam".to_owned(), 1)], "{entry}");
    assert_eq!(staff.get("/api/v1/moderation").await.json()["flag_threshold"], 2);

    // Only moderators decide, with an action from the list and a reason.
    let decide = format!("/api/v1/comments/{cid}/moderation");
    let restore = json!({"action": "restore", "reason": "Kurallara uygun"});
    assert_eq!(app.client().json("POST", &decide, restore.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(ayse.json("POST", &decide, restore.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(author.json("POST", &decide, restore.clone()).await.status, StatusCode::FORBIDDEN);
    let res = staff.json("POST", &decide, json!({"action": "delete", "reason": "Kurallara aykırı"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!field_code(&res, "action").is_empty(), "{}", res.text);
    let res = staff.json("POST", &decide, json!({"action": "hide", "reason": "  "})).await;
    assert_eq!((res.status, field_code(&res, "reason")), (StatusCode::UNPROCESSABLE_ENTITY, "required".to_owned()));
    let res = staff.json("POST", "/api/v1/comments/999999/moderation", restore.clone()).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // Restored: public again, and the flags so far are settled.
    let res = staff.json("POST", &decide, restore).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json(), json!({"target": "comment", "id": cid, "moderation": null, "reason": "Kurallara uygun"}));
    let public = comment_as_read(&mut app.client(), sid, cid).await.unwrap();
    assert!(public["body_html"].as_str().unwrap().contains("boyası") && public.get("moderation").is_none(), "{public}");
    assert!(queued(&mut staff, "comment", cid).await.is_none(), "settled: out of the queue");
    assert_eq!(comment_count(&app, sid).await, 1);
    // One more flag is below the threshold again.
    assert_eq!(deniz.json("POST", &flag, json!({"reason": "off_topic"})).await.status, StatusCode::NO_CONTENT);
    let public = comment_as_read(&mut app.client(), sid, cid).await.unwrap();
    assert!(public.get("moderation").is_none(), "settled flags do not count again: {public}");
    let entry = queued(&mut staff, "comment", cid).await.expect("public, with an open flag");
    assert_eq!((entry["moderation"].clone(), flags_of(&entry)), (Value::Null, vec![("off_topic".to_owned(), 1)]));

    // Hidden by a moderator: the public reads the reason in its place; the author is told.
    let res = staff.json("POST", &decide, json!({"action": "hide", "reason": "Kişisel bilgi içeriyor"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["moderation"], "hidden");
    let public = comment_as_read(&mut app.client(), sid, cid).await.unwrap();
    assert_eq!(
        (public["moderation"].as_str(), public["moderation_reason"].as_str(), public["body_html"].as_str()),
        (Some("hidden"), Some("Kişisel bilgi içeriyor"), Some("")),
        "{public}"
    );
    assert_eq!(comment_count(&app, sid).await, 0);
    let seen = comment_as_read(&mut staff, sid, cid).await.unwrap();
    assert!(seen["body_html"].as_str().unwrap().contains("boyası"), "moderators read the original");
    assert_eq!(app.count("comments WHERE body LIKE '%boyası%'"), 1, "the original is kept");
    let told = notified(&mut author, "moderation").await;
    assert!(told.iter().any(|d| d == "comment_hidden:Kişisel bilgi içeriyor"), "{told:?}");
    assert!(told.iter().any(|d| d == "comment_restored:Kurallara uygun"), "{told:?}");
    assert_eq!(app.count("moderation_actions WHERE action = 'flagged'"), 1, "the flags' step is logged");
    assert_eq!(app.count("audit_log WHERE action = 'moderation_hidden'"), 1);
}
both_backends!(
    flag_threshold_sqlite,
    flag_threshold_postgres,
    flags_past_the_threshold_hide_a_comment_until_a_moderator_looks
);

/// A hidden submission is in no public list or search at once (the totals are not left cached),
/// and its page shows visitors the reason instead of its text; its author and the moderators
/// still read it. Restored, it is back everywhere. Enough flags hide a submission too.
async fn a_hidden_submission_leaves_the_listing_and_search_until_restored(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let id = submit(&mut author, idea("Pazar yerine tente kurulsun", "Yağmurda esnaf ıslanıyor.")).await;
    let other = submit(&mut author, idea("Kütüphaneye kitap bağışı", "Okuma köşesi için.")).await;

    // The totals and the search are read (and cached) before the decision.
    assert_eq!(listed(&app, "").await, (vec![other, id], 2));
    assert_eq!(listed(&app, "?q=tente").await, (vec![id], 1));

    let decide = format!("/api/v1/submissions/{id}/moderation");
    let res = staff.json("POST", &decide, json!({"action": "hide", "reason": "Yanıltıcı bilgi içeriyor"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.json(),
        json!({"target": "submission", "id": id, "moderation": "hidden", "reason": "Yanıltıcı bilgi içeriyor"})
    );
    assert_eq!(listed(&app, "").await, (vec![other], 1), "out of the listing at once");
    assert_eq!(listed(&app, "?q=tente").await, (vec![], 0), "and out of search");
    assert_eq!(listed(&app, &format!("?q={}", encode("pazar yerine"))).await.1, 0);
    assert_eq!(listed(&app, "?kind=idea&neighbourhood=1").await.1, 1, "and out of filtered lists");

    let public = app.client().get(&format!("/api/v1/submissions/{id}")).await;
    assert_eq!(public.status, StatusCode::OK, "a placeholder, not a 404");
    let d = public.json();
    assert_eq!((d["title"].as_str(), d["body_html"].as_str()), (Some(""), Some("")), "{d}");
    assert_eq!(d["moderation"], json!({"state": "hidden", "reason": "Yanıltıcı bilgi içeriyor"}));
    assert!(!public.text.contains("tente") && !public.text.contains("ıslanıyor"), "{}", public.text);
    for reader in [&mut staff, &mut author] {
        let d = reader.get(&format!("/api/v1/submissions/{id}")).await.json();
        assert_eq!(d["title"], "Pazar yerine tente kurulsun", "its author and moderators read the original");
        assert_eq!(d["moderation"]["state"], "hidden");
    }
    assert_eq!(app.count("submissions WHERE title = 'Pazar yerine tente kurulsun'"), 1, "the original is kept");

    let res = staff.json("POST", &decide, json!({"action": "restore", "reason": "Düzeltildi"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(listed(&app, "").await, (vec![other, id], 2), "back in the listing at once");
    assert_eq!(listed(&app, "?q=tente").await, (vec![id], 1), "and in search");
    let d = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!(d["title"], "Pazar yerine tente kurulsun");
    assert!(d.get("moderation").is_none(), "{d}");
    let told = notified(&mut author, "moderation").await;
    assert!(told.contains(&"submission_hidden:Yanıltıcı bilgi içeriyor".to_owned()), "{told:?}");

    // Three flags (the default threshold) hide a submission until a moderator looks.
    let flag = format!("/api/v1/submissions/{id}/flag");
    for (n, reason) in ["misleading", "spam", "other"].into_iter().enumerate() {
        let (mut flagger, _) = app.user_with_roles(&format!("f{n}@example.com"), &[Role::Citizen]).await;
        assert_eq!(flagger.json("POST", &flag, json!({"reason": reason})).await.status, StatusCode::NO_CONTENT);
        let in_list = listed(&app, "").await.0.contains(&id);
        assert_eq!(in_list, n < 2, "after {} flags", n + 1);
    }
    assert_eq!(listed(&app, "?q=tente").await.1, 0);
    let d = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!((d["title"].as_str(), d["moderation"]["state"].as_str()), (Some(""), Some("flagged")), "{d}");
    let entry = queued(&mut staff, "submission", id).await.expect("in the queue");
    assert_eq!(flags_of(&entry).len(), 3);
}
both_backends!(
    hidden_submission_sqlite,
    hidden_submission_postgres,
    a_hidden_submission_leaves_the_listing_and_search_until_restored
);

/// A citizen's text that matches the word list waits for a moderator (202, pending): in no public
/// list, read by its author and the moderators only, counted and announced once published, and
/// its author is told. Everyday words that merely contain a listed stem pass; staff word what
/// they record.
async fn listed_words_send_text_to_pre_moderation_and_its_author_is_told(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut other, _) = app.user_with_roles("komsu@example.com", &[Role::Citizen]).await;
    let open = submit(&mut other, idea("Çarşıya bisiklet parkı", "Bisikletler ağaçlara bağlanıyor.")).await;

    let res = author
        .json("POST", "/api/v1/submissions", idea("Çöp toplama saatleri", "Bu işi yapan şerefsizler utansın"))
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    assert_eq!(res.json()["moderation"], "pending");
    let held = res.json()["id"].as_i64().unwrap();
    assert_eq!(listed(&app, "").await, (vec![open], 1), "not in the listing");
    assert_eq!(listed(&app, "?q=toplama").await.1, 0, "not in search");
    assert_eq!(app.client().get(&format!("/api/v1/submissions/{held}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/api/v1/submissions/{held}")).await.status, StatusCode::NOT_FOUND);
    let res = other.json("POST", &format!("/api/v1/submissions/{held}/flag"), json!({"reason": "abuse"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "what is not published cannot be flagged");
    let own = author.get(&format!("/api/v1/submissions/{held}")).await.json();
    assert_eq!(
        (own["title"].as_str(), own["moderation"]["state"].as_str()),
        (Some("Çöp toplama saatleri"), Some("pending"))
    );
    let entry = queued(&mut staff, "submission", held).await.expect("in the queue");
    assert_eq!((entry["moderation"].as_str(), entry["held_for"].as_str()), (Some("pending"), Some("şerefsiz")));

    let decide = format!("/api/v1/submissions/{held}/moderation");
    let res = staff.json("POST", &decide, json!({"action": "restore", "reason": "Eleştiri, hakaret değil"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(listed(&app, "").await, (vec![held, open], 2), "published: in the listing");
    assert_eq!(listed(&app, "?q=toplama").await, (vec![held], 1), "and in search");
    assert_eq!(app.client().get(&format!("/api/v1/submissions/{held}")).await.status, StatusCode::OK);
    let told = notified(&mut author, "moderation").await;
    assert_eq!(told, vec!["submission_published:Eleştiri, hakaret değil".to_owned()]);

    // A comment with a suffixed insult waits too, uncounted and unseen by others.
    let res = comment(&mut author, open, "Siz ne salaksınız").await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    assert_eq!(res.json()["moderation"], "pending");
    let cid = res.json()["id"].as_i64().unwrap();
    assert!(comment_as_read(&mut app.client(), open, cid).await.is_none(), "not listed for visitors");
    assert!(comment_as_read(&mut other, open, cid).await.is_none(), "nor for the submission's author");
    let own = comment_as_read(&mut author, open, cid).await.expect("its author reads it");
    assert_eq!(own["moderation"], "pending");
    assert!(own["body_html"].as_str().unwrap().contains("salaksınız"));
    assert_eq!(comment_count(&app, open).await, 0);
    assert!(notified(&mut other, "comment").await.is_empty(), "nobody is told of it yet");
    let res = other.json("POST", &format!("/api/v1/comments/{cid}/flag"), json!({"reason": "abuse"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let entry = queued(&mut staff, "comment", cid).await.expect("in the queue");
    assert_eq!((entry["moderation"].as_str(), entry["held_for"].as_str()), (Some("pending"), Some("salak")));
    let res = staff
        .json("POST", &format!("/api/v1/comments/{cid}/moderation"), json!({"action": "restore", "reason": "Uygun"}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(comment_count(&app, open).await, 1);
    let public = comment_as_read(&mut app.client(), open, cid).await.expect("published");
    assert!(public["body_html"].as_str().unwrap().contains("salaksınız") && public.get("moderation").is_none());
    assert_eq!(notified(&mut other, "comment").await.len(), 1, "the submission's followers are told once published");
    assert!(notified(&mut author, "moderation").await.contains(&"comment_published:Uygun".to_owned()));

    // An edit that brings in a listed word takes a published comment out of view until a
    // moderator looks, and out of the count.
    let res = comment(&mut author, open, "Bisiklet parkı şart.").await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let edited = res.json()["id"].as_i64().unwrap();
    assert_eq!(comment_count(&app, open).await, 2);
    let res = author.json("PATCH", &format!("/api/v1/comments/{edited}"), json!({"body": "Yapmayanlar aptal"})).await;
    assert!(res.status.is_success(), "{}", res.text);
    assert_eq!(res.json()["moderation"], "pending", "{}", res.text);
    assert!(comment_as_read(&mut app.client(), open, edited).await.is_none(), "out of view");
    assert_eq!(comment_count(&app, open).await, 1);
    let entry = queued(&mut staff, "comment", edited).await.expect("in the queue");
    assert_eq!(entry["held_for"], "aptal");

    // A draft sent with a listed word waits too.
    let res =
        author.json("POST", "/api/v1/drafts", idea("Otobüs şoförleri", "Şoförler gerizekalı gibi sürüyor.")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let draft = res.json()["id"].as_i64().unwrap();
    let res = author.json("POST", &format!("/api/v1/drafts/{draft}/publish"), json!({})).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    assert_eq!(res.json()["moderation"], "pending");
    let from_draft = res.json()["id"].as_i64().unwrap();
    assert!(!listed(&app, "").await.0.contains(&from_draft));
    assert_eq!(queued(&mut staff, "submission", from_draft).await.expect("queued")["held_for"], "gerizekalı");

    // Everyday words that contain a listed stem are published at once.
    let ordinary = idea(
        "Klasik müzik konseri düzenlensin",
        "Ambalaj atıkları için şikayet ettim; sikke koleksiyonu sergisi de açılsın.",
    );
    let fine = submit(&mut author, ordinary).await;
    for text in ["Klasik müzik konseri harika olur.", "Sikke sergisi ve ambalaj atıkları için şikayet kutusu."] {
        let res = comment(&mut other, fine, text).await;
        assert_eq!(res.status, StatusCode::CREATED, "{text}: {}", res.text);
        assert!(res.json().get("moderation").is_none(), "{}", res.text);
    }
    assert_eq!(comment_count(&app, fine).await, 2);

    // Staff recording what a caller said record it as it is.
    let intake = json!({"kind": "request", "title": "Pazar yerinde kavga", "category_id": 3, "neighbourhood_id": 5,
        "body": "Arayan vatandaş: \"Bu işi yapan şerefsizler utansın\" dedi.", "channel": "phone_153",
        "citizen_name": "Hatice Demir", "citizen_contact": "", "consent": false});
    let res = staff.json("POST", "/api/v1/intake", intake).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert!(res.json().get("moderation").is_none(), "{}", res.text);
    let recorded = res.json()["id"].as_i64().unwrap();
    assert!(listed(&app, "").await.0.contains(&recorded), "public at once");
    assert_eq!(app.count("submissions WHERE moderation IS NOT NULL"), 1, "the draft's only");
}
both_backends!(
    pre_moderation_sqlite,
    pre_moderation_postgres,
    listed_words_send_text_to_pre_moderation_and_its_author_is_told
);

/// A moderator blocks a citizen until a date, with a reason they get by e-mail: the person still
/// reads and follows, but sends no submission, comment, support, flag or draft; a date in the past
/// lifts the block. Citizens cannot block, staff cannot block an admin.
async fn a_blocked_person_reads_but_does_not_write_until_the_block_ends(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, staff_id) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (_, admin_id) = app.user_with_roles("yonetici@example.com", &[Role::Citizen, Role::Admin]).await;
    let (mut other, _) = app.user_with_roles("komsu@example.com", &[Role::Citizen]).await;
    let (mut kerem, kerem_id) = app.user_with_roles("kerem@example.com", &[Role::Citizen]).await;
    let target = submit(&mut other, idea("Sahil yoluna bank", "Yürüyüşte dinlenmek için.")).await;
    app.exec(&format!("UPDATE users SET email_verified_at = created_at WHERE id = {kerem_id}"));
    let mails = |app: &TestApp| app.count("mail_outbox WHERE recipient = 'kerem@example.com'");
    let before = mails(&app);

    let block = format!("/api/v1/users/{kerem_id}/block");
    let body = json!({"reason": "Tekrarlanan hakaretler", "until": "2099-01-31"});
    assert_eq!(app.client().json("POST", &block, body.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(other.json("POST", &block, body.clone()).await.status, StatusCode::FORBIDDEN, "citizens do not block");
    let res = staff.json("POST", &format!("/api/v1/users/{admin_id}/block"), body.clone()).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "staff do not block an admin");
    let res = staff.json("POST", &block, json!({"reason": "Hakaret", "until": "31.01.2099"})).await;
    assert_eq!((res.status, field_code(&res, "until")), (StatusCode::UNPROCESSABLE_ENTITY, "not_a_date".to_owned()));
    let res = staff.json("POST", &block, json!({"reason": " ", "until": "2099-01-31"})).await;
    assert_eq!((res.status, field_code(&res, "reason")), (StatusCode::UNPROCESSABLE_ENTITY, "required".to_owned()));
    let res = staff.json("POST", &format!("/api/v1/users/{staff_id}/block"), body.clone()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "not oneself");
    assert_eq!(staff.json("POST", "/api/v1/users/999999/block", body.clone()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(mails(&app), before, "nothing refused is sent");
    assert_eq!(app.count("user_blocks"), 0);

    let res = staff.json("POST", &block, body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let view = res.json();
    assert_eq!(
        (view["user_id"].as_i64(), view["until"].as_str(), view["active"].as_bool(), view["reason"].as_str()),
        (Some(kerem_id), Some("2099-01-31"), Some(true), Some("Tekrarlanan hakaretler"))
    );
    assert_eq!(mails(&app), before + 1, "the person is told by e-mail");
    assert_eq!(
        app.count("mail_outbox WHERE recipient = 'kerem@example.com' AND body LIKE '%Tekrarlanan hakaretler%'"),
        1
    );
    let queue = staff.get("/api/v1/moderation").await.json();
    assert!(
        queue["blocked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["user_id"].as_i64() == Some(kerem_id) && b["until"] == "2099-01-31"),
        "{queue}"
    );

    // Reads and follows…
    let me = kerem.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.json()["blocked_until"].as_str().is_some_and(|s| s.starts_with("2099-")), "{}", me.text);
    assert_eq!(kerem.get("/submissions").await.status, StatusCode::OK);
    assert_eq!(kerem.get(&format!("/submissions/{target}")).await.status, StatusCode::OK);
    assert_eq!(kerem.get(&format!("/api/v1/submissions/{target}")).await.status, StatusCode::OK);
    let res = kerem.json("PUT", &format!("/api/v1/submissions/{target}/follow"), json!(null)).await;
    assert_eq!((res.status, res.json()["following"].as_bool()), (StatusCode::OK, Some(true)), "{}", res.text);

    // …but writes nothing others see.
    let writes = [
        ("POST", "/api/v1/submissions".to_owned(), idea("Engellendim mi?", "Deneme.")),
        ("POST", format!("/api/v1/submissions/{target}/comments"), json!({"body": "Katılıyorum."})),
        ("PUT", format!("/api/v1/submissions/{target}/support"), json!(null)),
        ("POST", format!("/api/v1/submissions/{target}/flag"), json!({"reason": "spam"})),
        ("POST", "/api/v1/drafts".to_owned(), json!({"kind": "idea", "title": "Taslak"})),
    ];
    for (method, url, body) in &writes {
        let res = kerem.json(method, url, body.clone()).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {url}: {}", res.text);
        assert_eq!(res.json()["error"]["code"], "blocked", "{method} {url}: {}", res.text);
    }
    assert_eq!(app.count(&format!("submissions WHERE author_id = {kerem_id}")), 0);
    assert_eq!(app.count("comments") + app.count("supports") + app.count("flags") + app.count("drafts"), 0);

    // A day in the past lifts the block: writing works again.
    let res = staff.json("POST", &block, json!({"reason": "Süre kısaltıldı", "until": "2020-01-01"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["active"], false);
    assert_eq!(mails(&app), before + 2, "told that the block was lifted");
    assert!(kerem.get("/api/v1/me").await.json()["blocked_until"].is_null());
    let expected =
        [StatusCode::CREATED, StatusCode::CREATED, StatusCode::OK, StatusCode::NO_CONTENT, StatusCode::CREATED];
    for ((method, url, body), status) in writes.iter().zip(expected) {
        let res = kerem.json(method, url, body.clone()).await;
        assert_eq!(res.status, status, "{method} {url}: {}", res.text);
    }
    let queue = staff.get("/api/v1/moderation").await.json();
    assert!(queue["blocked"].as_array().unwrap().is_empty(), "{queue}");
    assert_eq!(app.count("audit_log WHERE action IN ('user_blocked', 'user_unblocked')"), 2);
}
both_backends!(blocks_sqlite, blocks_postgres, a_blocked_person_reads_but_does_not_write_until_the_block_ends);

/// Staff merge a duplicate into its original: a public link both ways and an event on the
/// original's timeline; the duplicate's followers follow the original; its supporters are told
/// and invited, but no support is moved.
async fn a_duplicate_merged_into_its_original_links_both_and_moves_its_followers(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let (mut first, _) = app.user_with_roles("ilk@example.com", &[Role::Citizen]).await;
    let (mut second, _) = app.user_with_roles("ikinci@example.com", &[Role::Citizen]).await;
    let (mut follower, follower_id) = app.user_with_roles("takipci@example.com", &[Role::Citizen]).await;
    let (mut supporter, supporter_id) = app.user_with_roles("destekci@example.com", &[Role::Citizen]).await;
    let original = submit(&mut first, idea("Meydana süs havuzu", "Yazın serinlik için.")).await;
    let duplicate = submit(&mut second, idea("Meydanda havuz olsun", "Çocuklar için serinlik.")).await;
    let complaint = json!({"kind": "complaint", "title": "Havuz kirli", "body": "Yosun tuttu.",
        "category_id": 1, "neighbourhood_id": 1});
    let complaint = submit(&mut second, complaint).await;
    let reference = app.client().get(&format!("/api/v1/submissions/{original}")).await.json()["reference"]
        .as_str()
        .unwrap()
        .to_owned();

    let res = follower.json("PUT", &format!("/api/v1/submissions/{duplicate}/follow"), json!(null)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = supporter.json("PUT", &format!("/api/v1/submissions/{duplicate}/support"), json!(null)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let merge = format!("/api/v1/submissions/{duplicate}/merge");
    assert_eq!(app.client().json("POST", &merge, json!({"into": original})).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(second.json("POST", &merge, json!({"into": original})).await.status, StatusCode::FORBIDDEN);
    let res = staff.json("POST", &merge, json!({"into": duplicate})).await;
    assert_eq!((res.status, field_code(&res, "into")), (StatusCode::UNPROCESSABLE_ENTITY, "cannot_merge".to_owned()));
    let res = staff.json("POST", &merge, json!({"into": 999999})).await;
    assert_eq!((res.status, field_code(&res, "into")), (StatusCode::UNPROCESSABLE_ENTITY, "not_found".to_owned()));
    let res = staff.json("POST", &format!("/api/v1/submissions/{complaint}/merge"), json!({"into": original})).await;
    assert_eq!(
        (res.status, field_code(&res, "into")),
        (StatusCode::UNPROCESSABLE_ENTITY, "cannot_merge".to_owned()),
        "a complaint is not merged into an idea"
    );
    assert_eq!(app.count("submission_merges"), 0);

    let res = staff.json("POST", &merge, json!({"into": original})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let merged = res.json();
    assert_eq!((merged["duplicate_id"].as_i64(), merged["original_id"].as_i64()), (Some(duplicate), Some(original)));
    assert_eq!(merged["original_reference"], reference.as_str());
    assert!(merged["followers_moved"].as_i64().unwrap() >= 1, "{merged}");
    assert_eq!(merged["supporters_told"], 1, "{merged}");

    // A public link both ways.
    let dup = app.client().get(&format!("/api/v1/submissions/{duplicate}")).await.json();
    assert_eq!(dup["status"], "merged");
    assert_eq!(
        (dup["merges"]["into"]["id"].as_i64(), dup["merges"]["into"]["reference"].as_str()),
        (Some(original), Some(reference.as_str())),
        "{dup}"
    );
    let orig = app.client().get(&format!("/api/v1/submissions/{original}")).await.json();
    assert_eq!(orig["merges"]["duplicates"][0]["id"].as_i64(), Some(duplicate), "{orig}");
    assert_eq!(orig["merges"]["duplicates"].as_array().unwrap().len(), 1);
    let events = app.client().get(&format!("/api/v1/submissions/{original}/events")).await.json();
    assert!(events.as_array().unwrap().iter().any(|e| e["kind"] == "duplicate_merged"), "{events}");

    // The follower follows the original; the support stays where it was given.
    let follows = |user: i64, on: i64| app.count(&format!("follows WHERE user_id = {user} AND submission_id = {on}"));
    assert_eq!((follows(follower_id, original), follows(follower_id, duplicate)), (1, 1));
    assert!(follower.get(&format!("/api/v1/submissions/{original}")).await.json()["following"].as_bool().unwrap());
    assert_eq!(app.count(&format!("supports WHERE submission_id = {original}")), 0, "no support is moved");
    assert_eq!(app.count(&format!("supports WHERE submission_id = {duplicate} AND user_id = {supporter_id}")), 1);
    let told = notified(&mut supporter, "merged").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains(&reference), "{told:?}");
    assert!(notified(&mut follower, "merged").await.is_empty(), "followers are moved, not invited");

    // A merged submission is closed.
    let res = staff.json("POST", &merge, json!({"into": original})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    let res = staff.json("POST", &format!("/api/v1/submissions/{original}/merge"), json!({"into": duplicate})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "nothing is merged into a merged one");
    assert_eq!(app.count("submission_merges"), 1);
}
both_backends!(merge_sqlite, merge_postgres, a_duplicate_merged_into_its_original_links_both_and_moves_its_followers);

/// Without JavaScript: a hidden submission's page and a hidden comment show visitors the
/// moderator's reason, not the original; the flag form takes a reason from the list, and a flag
/// without one comes back to its form with the error.
async fn pages_show_the_reason_in_place_of_what_was_hidden_and_flag_with_a_listed_reason(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut can, _) = app.user_with_roles("can@example.com", &[Role::Citizen]).await;
    let hidden = submit(&mut author, idea("Gizlenecek fıskiye başlığı", "Komşumun telefonu 0555 111 22 33.")).await;
    let open = submit(&mut author, idea("Okul önüne hız kesici", "Araçlar çok hızlı geçiyor.")).await;
    let res = comment(&mut can, open, "Ev adresim Cumhuriyet sokak beş numara").await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let cid = res.json()["id"].as_i64().unwrap();
    assert!(app.client().get("/submissions").await.text.contains("Gizlenecek fıskiye"), "listed before");

    let res = staff
        .json(
            "POST",
            &format!("/api/v1/submissions/{hidden}/moderation"),
            json!({"action": "hide", "reason": "Telefon numarası paylaşılmış"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = staff
        .json(
            "POST",
            &format!("/api/v1/comments/{cid}/moderation"),
            json!({"action": "hide", "reason": "Adres paylaşılmış"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let page = app.client().get(&format!("/submissions/{hidden}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Telefon numarası paylaşılmış"), "the reason is shown");
    assert!(!page.text.contains("fıskiye") && !page.text.contains("0555 111"), "not the original");
    assert!(author.get(&format!("/submissions/{hidden}")).await.text.contains("Gizlenecek fıskiye başlığı"));
    assert!(!app.client().get("/submissions").await.text.contains("Gizlenecek fıskiye"), "nor the listing page");
    let page = app.client().get(&format!("/submissions/{open}")).await.text;
    assert!(page.contains("Adres paylaşılmış"), "the comment's reason is shown");
    assert!(!page.contains("Cumhuriyet sokak"), "not the comment");
    assert!(staff.get(&format!("/submissions/{open}")).await.text.contains("Cumhuriyet sokak"), "moderators read it");

    // The flag page: a reason from the list.
    let detail = format!("/submissions/{open}");
    let flag_page = format!("{detail}/flag");
    let page = can.get(&flag_page).await.text;
    assert!(page.contains("id=\"reason-spam\""), "the reasons are radios");
    let sent = can.form(&flag_page, &[("reason", ""), ("detail", "Neden seçmedim")]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, flag_page.clone()), "{}", sent.text);
    let page = can.get(&flag_page).await.text;
    assert!(page.contains("href=\"#reason\""), "the summary leads to the reasons");
    let at = page.find("id=\"reason\"").expect("the reasons");
    let tag = &page[page[..at].rfind('<').unwrap()..at + page[at..].find('>').unwrap()];
    assert!(tag.contains("field--error"), "the error is at the reasons: {tag}");
    assert!(page.contains("Neden seçmedim"), "with what was typed");
    assert_eq!(app.count("flags"), 0, "the refused flag is not kept");
    let sent = can.form(&flag_page, &[("reason", "spam"), ("detail", "")]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, detail.clone()), "{}", sent.text);
    assert!(can.get(&detail).await.text.contains("Bildiriminiz moderatörlere iletildi"), "the notice");
    assert_eq!(
        app.count(&format!("flags WHERE target_kind = 'submission' AND target_id = {open} AND reason = 'spam'")),
        1
    );

    // A comment held by the word list: its author is told on the next page; visitors do not read it.
    let sent = can.form(&format!("/submissions/{open}/comments"), &[("body", "Siz ne salaksınız")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    assert!(sent.location().starts_with(&format!("{detail}#comment-")), "{}", sent.location());
    let page = can.get(&detail).await.text;
    assert!(page.contains("Metniniz yayımlanmadan önce bir moderatörün onayını bekliyor"), "the author is told");
    assert!(page.contains("salaksınız"), "and reads it");
    assert!(!app.client().get(&detail).await.text.contains("salaksınız"), "visitors do not");
}
both_backends!(
    moderation_pages_sqlite,
    moderation_pages_postgres,
    pages_show_the_reason_in_place_of_what_was_hidden_and_flag_with_a_listed_reason
);

/// The public tracking of a reference code (`/api/v1/track/{code}`, the `/t/{code}` page) gives no
/// more than the submission's page does: not the title of one a moderator hid, and nothing of one
/// waiting for a moderator (reference codes are sequential, and a hidden one's page shows its
/// code).
async fn tracking_a_reference_does_not_reveal_what_is_out_of_view(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let res =
        author.json("POST", "/api/v1/submissions", idea("Gizli başlık burada", "Komşumun adresi: Lale sokak 3.")).await;
    let (hidden, hidden_ref) =
        (res.json()["id"].as_i64().unwrap(), res.json()["reference"].as_str().unwrap().to_owned());
    let res = author
        .json("POST", "/api/v1/submissions", idea("Bekleyen başlık şerefsizler", "Bu işi yapan şerefsizler utansın"))
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    let held_ref = res.json()["reference"].as_str().unwrap().to_owned();
    let res = staff
        .json(
            "POST",
            &format!("/api/v1/submissions/{hidden}/moderation"),
            json!({"action": "hide", "reason": "Adres içeriyor"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let page = app.client().get(&format!("/api/v1/submissions/{hidden}")).await.json();
    assert_eq!(page["reference"], hidden_ref.as_str(), "the hidden one's page shows its code");

    let mut leaks = Vec::new();
    let tracked = app.client().get(&format!("/api/v1/track/{hidden_ref}")).await;
    if tracked.text.contains("Gizli başlık") {
        leaks.push(format!("GET /api/v1/track/{hidden_ref} (hidden) → {} {}", tracked.status, tracked.text));
    }
    let tracked = app.client().get(&format!("/api/v1/track/{held_ref}")).await;
    if tracked.text.contains("Bekleyen başlık") {
        leaks.push(format!("GET /api/v1/track/{held_ref} (held) → {} {}", tracked.status, tracked.text));
    }
    for code in [&hidden_ref, &held_ref] {
        let page = app.client().get(&format!("/t/{code}")).await;
        if page.text.contains("Gizli başlık") || page.text.contains("Bekleyen başlık") {
            leaks.push(format!("GET /t/{code} → {} shows the title", page.status));
        }
    }
    assert!(leaks.is_empty(), "tracking reveals what is out of view:\n{}", leaks.join("\n"));
}
both_backends!(track_sqlite, track_postgres, tracking_a_reference_does_not_reveal_what_is_out_of_view);

/// A comment held by the word list that a moderator first hides and later restores is counted,
/// and its submission's followers told, when it is finally public (as one restored straight from
/// the queue is).
async fn a_held_comment_hidden_then_restored_is_counted_when_public(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("moderator@example.com", &[Role::Staff]).await;
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut other, _) = app.user_with_roles("komsu@example.com", &[Role::Citizen]).await;
    let sid = submit(&mut author, idea("Parka çeşme", "Yazın su yok.")).await;
    let res = comment(&mut other, sid, "Siz ne salaksınız").await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    let cid = res.json()["id"].as_i64().unwrap();
    let decide = format!("/api/v1/comments/{cid}/moderation");
    let res = staff.json("POST", &decide, json!({"action": "hide", "reason": "Hakaret"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(comment_count(&app, sid).await, 0);
    let res = staff.json("POST", &decide, json!({"action": "restore", "reason": "Yeniden bakıldı, eleştiri"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let public = comment_as_read(&mut app.client(), sid, cid).await.expect("public");
    assert!(public.get("moderation").is_none(), "{public}");
    let counted = comment_count(&app, sid).await;
    let told = notified(&mut author, "comment").await.len();
    assert_eq!(
        (counted, told),
        (1, 1),
        "the comment, public now, is counted (comment_count) and the submission's author hears of it"
    );
}
both_backends!(
    held_hidden_restored_sqlite,
    held_hidden_restored_postgres,
    a_held_comment_hidden_then_restored_is_counted_when_public
);

/// A submission waiting for a moderator is not there for anyone but its author and the
/// moderators (its page is a 404): others cannot comment on it, support it or follow it.
async fn nobody_else_writes_on_a_submission_waiting_for_a_moderator(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut other, other_id) = app.user_with_roles("komsu@example.com", &[Role::Citizen]).await;
    let res = author
        .json("POST", "/api/v1/submissions", idea("Çöp toplama saatleri", "Bu işi yapan şerefsizler utansın"))
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    let held = res.json()["id"].as_i64().unwrap();
    assert_eq!(other.get(&format!("/api/v1/submissions/{held}")).await.status, StatusCode::NOT_FOUND);
    let writes = [
        ("POST", format!("/api/v1/submissions/{held}/comments"), json!({"body": "Ben de katılıyorum."})),
        ("PUT", format!("/api/v1/submissions/{held}/support"), json!(null)),
        ("PUT", format!("/api/v1/submissions/{held}/follow"), json!(null)),
    ];
    let mut accepted = Vec::new();
    for (method, url, body) in writes {
        let res = other.json(method, &url, body).await;
        if res.status != StatusCode::NOT_FOUND {
            accepted.push(format!("{method} {url} → {}", res.status));
        }
    }
    let kept =
        (app.count("comments"), app.count("supports"), app.count(&format!("follows WHERE user_id = {other_id}")));
    assert!(accepted.is_empty(), "writes on a held submission were accepted: {accepted:?}; kept {kept:?}");
    assert_eq!(kept, (0, 0, 0));
}
both_backends!(
    held_submission_writes_sqlite,
    held_submission_writes_postgres,
    nobody_else_writes_on_a_submission_waiting_for_a_moderator
);
