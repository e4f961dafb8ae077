//! The mail outbox end to end, on both databases, against a real SMTP server (aiosmtpd, started
//! by the test from `tests/smtp_sink.py`, stopped to make an outage): messages written with
//! their notifications, retried with backoff through an outage and then delivered exactly once,
//! two workers never sending one message twice, leases of a dead worker passing on, messages
//! given up after the retry window shown to admins and resent, and the admin-only doors.
//!
//! Time: the worker's `run_once(now)` / `drain(now)` take the clock as a parameter, and every
//! time the queue stores or compares comes from it, so a test steps through minutes or days of
//! backoff at once. The SMTP server's outage is real (the process is killed and started again).
// Test bodies are plain async fns run by `both_backends!`, so clippy does not see them as tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::db::schema::{audit_log, mail_outbox};
use app::domain::roles::Role;
use app::notifications::mailer::{Mailer, Worker};
use app::notifications::outbox;
use axum::http::StatusCode;
use common::{Kind, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use time::{Duration, PrimitiveDateTime};

const FROM: &str = "İnegöl'ün Fikri <bildirim@fikir.example>";
const SITE: &str = "https://fikir.example";

/// aiosmtpd on a free port of 127.0.0.1, writing what it receives into a folder.
struct SmtpSink {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    /// Starts the server and waits until it accepts connections. Without Python or aiosmtpd
    /// the test fails here and says what to install: it never skips.
    fn start() -> SmtpSink {
        let found = Command::new("python3").args(["-c", "import aiosmtpd"]).output();
        match found {
            Ok(out) if out.status.success() => {}
            Ok(out) => panic!(
                "aiosmtpd is missing: the mail tests need a real SMTP server. Install it with `pip install aiosmtpd` \
                 (scripts/test does). python3 said: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => panic!("python3 is missing ({e}): the mail tests run aiosmtpd (`pip install aiosmtpd`)"),
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut sink = SmtpSink { port, dir: tempfile::tempdir().unwrap(), child: None };
        sink.up();
        sink
    }

    /// Starts the server (again) on the same port; returns once it listens.
    fn up(&mut self) {
        assert!(self.child.is_none(), "the sink is already running");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start python3 tests/smtp_sink.py");
        // It prints "ready" once listening; a failed start closes stdout instead.
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        std::io::BufReader::new(stdout).read_line(&mut line).unwrap();
        if line.trim() != "ready" {
            let _ = child.kill();
            panic!("the SMTP sink did not start on port {} (said {line:?})", self.port);
        }
        self.child = Some(child);
    }

    /// The outage: the server is gone; connections are refused until `up`.
    fn down(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far (envelope, decoded headers and body).
    fn messages(&self) -> Vec<Value> {
        let mut found: Vec<Value> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        found.sort_by_key(|m| m["message_id"].as_str().unwrap_or_default().to_owned());
        found
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.down();
    }
}

fn now() -> PrimitiveDateTime {
    app::db::time::now()
}

fn worker(app: &TestApp, sink: &SmtpSink) -> Worker {
    let mailer = Mailer::new(Some(&sink.url()), std::path::PathBuf::new()).unwrap();
    Worker::new(app.db.pool.clone(), mailer, FROM, SITE).unwrap()
}

async fn enqueue(app: &TestApp, to: &str, subject: &str, at: PrimitiveDateTime) -> i64 {
    let (to, subject) = (to.to_owned(), subject.to_owned());
    app::db::tx(&app.db.pool, move |c| outbox::enqueue_at(c, &to, &subject, "Metin.\n{site}/account\n", None, at))
        .await
        .unwrap()
}

/// (state, attempts, next_attempt_at) of every message, by id.
fn rows(app: &TestApp) -> BTreeMap<i64, (String, i64, PrimitiveDateTime)> {
    let mut c = app.db.pool.get().unwrap();
    mail_outbox::table
        .select((mail_outbox::id, mail_outbox::state, mail_outbox::attempts, mail_outbox::next_attempt_at))
        .load::<(i64, String, i64, PrimitiveDateTime)>(&mut *c)
        .unwrap()
        .into_iter()
        .map(|(id, s, a, n)| (id, (s, a, n)))
        .collect()
}

/// The outbox id in a received message's Message-ID (`<mail-ID-CREATED@domain>`).
fn outbox_id(message: &Value) -> i64 {
    let id = message["message_id"].as_str().unwrap();
    id.trim_start_matches("<mail-").split('-').next().unwrap().parse().unwrap()
}

/// Notifications written while the SMTP server is down are tried, fail and wait longer each
/// time (none lost, none marked sent); once it is back, every one arrives exactly once, to the
/// right person, with links to the site.
async fn an_outage_of_minutes_then_everything_arrives_once(kind: Kind) {
    let app = TestApp::new(kind);
    let mut sink = SmtpSink::start();
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let mut followers = Vec::new();
    for email in ["ayse@example.com", "mehmet@example.com", "sessiz@example.com"] {
        followers.push(app.user_with_roles(email, &[Role::Citizen]).await.0);
    }
    let body = json!({"kind": "idea", "title": "Pazar yerine tuvalet", "body": "Temiz tuvalet yok.",
        "category_id": 1, "neighbourhood_id": 1});
    let created = author.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let (id, reference) =
        (created.json()["id"].as_i64().unwrap(), created.json()["reference"].as_str().unwrap().to_owned());
    for f in &mut followers {
        assert_eq!(
            f.json("PUT", &format!("/api/v1/submissions/{id}/follow"), json!(null)).await.status,
            StatusCode::OK
        );
    }
    let quiet = followers[2].json("PUT", "/api/v1/me/notification-settings", json!({"email_comments": false})).await;
    assert_eq!(quiet.status, StatusCode::OK);

    sink.down();
    for n in 1..=3 {
        let res = author
            .json("POST", &format!("/api/v1/submissions/{id}/comments"), json!({"body": format!("Ek bilgi {n}.")}))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    // Other mail goes through the same queue, written by the feature's own transaction.
    enqueue(&app, "yeni@example.com", "E-posta adresinizi doğrulayın", now()).await;
    assert_eq!(app.count("mail_outbox"), 7, "two followers × three comments, and the confirmation");
    assert_eq!(app.count("notifications WHERE email_state = 'queued'"), 6);
    assert_eq!(app.count("notifications WHERE email_state = 'skipped'"), 3, "the quiet follower's settings");

    // The outage on the worker's clock: each round, at the time the messages are due, fails;
    // before that time nothing is tried.
    let worker = worker(&app, &sink);
    let mut t = now();
    let mut waits = Vec::new();
    for _ in 0..5 {
        let round = worker.drain(t).await.unwrap();
        assert_eq!((round.claimed, round.retried, round.sent, round.failed), (7, 7, 0, 0), "{round:?}");
        assert_eq!(worker.drain(t + Duration::seconds(29)).await.unwrap().claimed, 0, "nothing due before the backoff");
        let due = rows(&app).values().map(|(_, _, next)| *next).max().unwrap();
        waits.push((due - t).whole_seconds());
        t = due;
    }
    for (wait, expected) in waits.iter().zip([30, 60, 120, 240, 480]) {
        assert!((expected..expected + 10).contains(wait), "backoff doubles from 30 s: {waits:?}");
    }
    assert!(rows(&app).values().all(|(state, attempts, _)| state == "pending" && *attempts == 5));
    assert_eq!(app.count("mail_outbox WHERE last_error IS NULL OR last_error = ''"), 0, "each keeps its error");
    assert!(sink.messages().is_empty());
    // Five failures each: admins see them as stuck.
    let stuck = admin.get("/api/v1/admin/mail?state=stuck").await;
    assert_eq!(stuck.json()["items"].as_array().unwrap().len(), 7, "{}", stuck.text);

    // The server is back, fifteen and a half minutes into the outage.
    sink.up();
    let round = worker.drain(t).await.unwrap();
    assert_eq!((round.sent, round.retried, round.lost_lease), (7, 0, 0), "{round:?}");
    let got = sink.messages();
    assert_eq!(got.len(), 7);
    let ids: BTreeSet<i64> = got.iter().map(outbox_id).collect();
    assert_eq!(ids, rows(&app).keys().copied().collect(), "each message once");
    let mut to: Vec<String> = got.iter().map(|m| m["rcpt_tos"][0].as_str().unwrap().to_owned()).collect();
    to.sort();
    let expected = ["ayse@example.com"; 3].into_iter().chain(["mehmet@example.com"; 3]).chain(["yeni@example.com"]);
    assert_eq!(to, expected.map(str::to_owned).collect::<Vec<_>>());
    for m in &got {
        let (subject, body) = (m["subject"].as_str().unwrap(), m["body"].as_str().unwrap().replace("\r\n", "\n"));
        assert_eq!(m["mail_from"], "bildirim@fikir.example");
        assert!(!body.contains("{site}"), "{body}");
        if m["rcpt_tos"][0] == "yeni@example.com" {
            assert_eq!(subject, "E-posta adresinizi doğrulayın");
            assert!(body.contains("https://fikir.example/account"), "{body}");
        } else {
            assert_eq!(subject, format!("İnegöl'ün Fikri: {reference} – yeni bir yorum var"));
            assert!(body.starts_with("Merhaba Deneme Kişi,"), "{body}");
            assert!(body.contains(&format!("{SITE}/submissions/{id}\n")), "{body}");
        }
    }
    assert_eq!(app.count("mail_outbox WHERE state = 'sent' AND sent_at IS NOT NULL AND leased_by IS NULL"), 7);
    assert_eq!(app.count("notifications WHERE email_state = 'sent'"), 6);

    // Hours later: nothing more goes out.
    assert_eq!(worker.drain(t + Duration::hours(3)).await.unwrap().claimed, 0);
    assert_eq!(sink.messages().len(), 7);

    // schema.rs and both migrations agree on every column.
    let mut c = app.db.pool.get().unwrap();
    type P = PrimitiveDateTime;
    type Row = (
        i64,
        String,
        String,
        String,
        Option<i64>,
        String,
        i64,
        P,
        P,
        Option<P>,
        Option<String>,
        Option<String>,
        P,
        Option<P>,
    );
    assert_eq!(mail_outbox::table.select(mail_outbox::all_columns).load::<Row>(&mut *c).unwrap().len(), 7);
}
both_backends!(outage_sqlite, outage_postgres, an_outage_of_minutes_then_everything_arrives_once);

/// Claims made at the same moment get disjoint messages, two workers sending at once deliver
/// each message once, and the messages of a worker that died go to another after its lease.
async fn two_workers_never_send_one_message_twice(kind: Kind) {
    let app = TestApp::new(kind);
    let sink = SmtpSink::start();
    let t = now();
    for n in 0..30 {
        enqueue(&app, &format!("kisi{n}@example.com"), &format!("İleti {n}"), t).await;
    }

    // Two claims at once, on two connections. PostgreSQL: A keeps its transaction open (its
    // rows locked, its leases not yet committed) while B claims; B must neither wait for A nor
    // take A's rows. SQLite has one writer at a time (`BEGIN IMMEDIATE`): B's claim runs after A's.
    let hold = app.db.pool.backend() == app::db::Backend::Postgres;
    let (claimed_tx, claimed_rx) = std::sync::mpsc::channel::<()>();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let pool = app.db.pool.clone();
    let first = std::thread::spawn(move || {
        let mut c = pool.get().unwrap();
        app::db::run_tx(&mut c, |c| {
            let got = outbox::claim(c, "a", t, 20)?;
            claimed_tx.send(()).unwrap();
            let b_did_not_wait = !hold || done_rx.recv_timeout(std::time::Duration::from_secs(10)).is_ok();
            Ok((got, b_did_not_wait))
        })
        .unwrap()
    });
    claimed_rx.recv().unwrap();
    let b = {
        let mut c = app.db.pool.get().unwrap();
        app::db::run_tx(&mut c, |c| outbox::claim(c, "b", t, 20)).unwrap()
    };
    let _ = done_tx.send(());
    let (a, b_did_not_wait) = first.join().unwrap();
    assert!(b_did_not_wait, "B waited for A's transaction: claims must skip locked rows");
    let a_ids: BTreeSet<i64> = a.iter().map(|m| m.id).collect();
    let b_ids: BTreeSet<i64> = b.iter().map(|m| m.id).collect();
    eprintln!("concurrent claims: a {} b {}", a_ids.len(), b_ids.len());
    assert!(a_ids.is_disjoint(&b_ids), "a message claimed twice: {a_ids:?} {b_ids:?}");
    assert_eq!(a_ids.union(&b_ids).count(), 30, "every due message claimed by one of them");
    // While the leases hold, nobody else gets them.
    let third = app::db::tx(&app.db.pool, move |c| outbox::claim(c, "c", t + Duration::seconds(90), 30)).await.unwrap();
    assert!(third.is_empty());
    // Give them back: the same messages, now for two real workers sending at once.
    let all: Vec<i64> = a_ids.iter().chain(&b_ids).copied().collect();
    for w in ["a", "b"] {
        let ids = all.clone();
        app::db::tx(&app.db.pool, move |c| outbox::release(c, w, &ids)).await.unwrap();
    }
    let (w1, w2) = (worker(&app, &sink).with_batch(4), worker(&app, &sink).with_batch(4));
    assert_ne!(w1.id(), w2.id());
    let (r1, r2) = tokio::join!(w1.drain(t), w2.drain(t));
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    eprintln!("two workers sent {} and {}", r1.sent, r2.sent);
    assert_eq!(r1.sent + r2.sent, 30, "{r1:?} {r2:?}");
    assert_eq!((r1.lost_lease, r2.lost_lease, r1.retried + r2.retried), (0, 0, 0));
    let got = sink.messages();
    assert_eq!(got.len(), 30, "each message once");
    let ids: BTreeSet<i64> = got.iter().map(outbox_id).collect();
    assert_eq!(ids.len(), 30);
    assert_eq!(app.count("mail_outbox WHERE state = 'sent'"), 30);

    // A worker claims a message and dies before it reports.
    let t = now();
    let lost = enqueue(&app, "gec@example.com", "Geç kalan ileti", t).await;
    let claimed = app::db::tx(&app.db.pool, move |c| outbox::claim(c, "dead", t, 10)).await.unwrap();
    assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![lost]);
    let survivor = worker(&app, &sink);
    assert_eq!(survivor.drain(t + Duration::minutes(1)).await.unwrap().claimed, 0, "the lease still holds");
    // After the lease another worker takes it; the first one's late reports then change nothing.
    let after = t + outbox::LEASE + Duration::seconds(1);
    let taken = app::db::tx(&app.db.pool, move |c| outbox::claim(c, "other", after, 10)).await.unwrap();
    assert_eq!(taken.iter().map(|m| m.id).collect::<Vec<_>>(), vec![lost]);
    let m = claimed[0].clone();
    let late = app::db::tx(&app.db.pool, move |c| {
        Ok((outbox::mark_sent(c, "dead", m.id, now())?, outbox::mark_failed(c, "dead", &m, "late", false, now())?))
    })
    .await
    .unwrap();
    assert_eq!(late, (false, None));
    assert_eq!(rows(&app)[&lost].0, "pending");
    // "other" dies too; the survivor sends it once their lease is over.
    let round = survivor.drain(after + outbox::LEASE + Duration::seconds(1)).await.unwrap();
    assert_eq!((round.claimed, round.sent), (1, 1), "{round:?}");
    assert_eq!(rows(&app)[&lost].0, "sent");
    assert_eq!(sink.messages().len(), 31);
}
both_backends!(two_workers_sqlite, two_workers_postgres, two_workers_never_send_one_message_twice);

/// A message still failing after the retry window is `failed`; admins see it on the page and the
/// API and resend it (audited), and it is then delivered. Citizens and visitors cannot.
async fn a_message_given_up_is_shown_to_admins_and_resent(kind: Kind) {
    let app = TestApp::new(kind);
    let mut sink = SmtpSink::start();
    sink.down();
    let (mut admin, admin_id) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("vatandas@example.com", &[Role::Citizen]).await;
    let mut visitor = app.client();
    let t = now();
    let id = enqueue(&app, "yeni@example.com", "E-posta adresinizi doğrulayın", t).await;
    let worker = worker(&app, &sink);
    assert_eq!(worker.run_once(t).await.unwrap().retried, 1);
    // 47 hours on it is still tried; past 48 hours the next failure gives it up.
    assert_eq!(worker.run_once(t + Duration::hours(47)).await.unwrap().retried, 1);
    assert_eq!(worker.run_once(t + Duration::hours(49)).await.unwrap().failed, 1);
    assert_eq!(rows(&app)[&id].0, "failed");
    assert_eq!(worker.drain(t + Duration::hours(100)).await.unwrap().claimed, 0, "failed messages wait for an admin");

    let failed = admin.get("/api/v1/admin/mail?state=failed").await;
    assert_eq!(failed.status, StatusCode::OK, "{}", failed.text);
    let item = failed.json()["items"][0].clone();
    assert_eq!((item["id"].as_i64(), item["recipient"].as_str()), (Some(id), Some("yeni@example.com")));
    assert_eq!(
        (item["subject"].as_str(), item["state"].as_str(), item["attempts"].as_i64()),
        (Some("E-posta adresinizi doğrulayın"), Some("failed"), Some(3))
    );
    assert!(item["last_error"].as_str().is_some_and(|e| !e.is_empty()), "{item}");
    assert_eq!(admin.get("/api/v1/admin/mail?state=stuck").await.json()["items"], json!([]));
    assert_eq!(admin.get("/api/v1/admin/mail").await.json()["items"].as_array().unwrap().len(), 1);
    assert_eq!(admin.get("/api/v1/admin/mail?state=sent").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The page: a table with a caption, the message, a resend form that works without JavaScript.
    let page = admin.get("/admin/mail").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<caption>") && page.text.contains("E-posta adresinizi doğrulayın"), "{}", page.text);
    assert!(page.text.contains("yeni@example.com") && page.text.contains("Yeniden gönder"));
    assert!(
        page.text.contains(&format!("action=\"/admin/mail/{id}/resend\"")) && page.text.contains("method=\"post\"")
    );
    admin.lang = Some("en".into());
    assert!(admin.get("/admin/mail").await.text.contains("Messages given up"));
    admin.lang = None;

    // Only admins.
    let resend = format!("/api/v1/admin/mail/{id}/resend");
    assert_eq!(citizen.get("/api/v1/admin/mail?state=failed").await.status, StatusCode::FORBIDDEN);
    assert_eq!(visitor.get("/api/v1/admin/mail?state=failed").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(citizen.json("POST", &resend, json!(null)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(visitor.json("POST", &resend, json!(null)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(citizen.form(&format!("/admin/mail/{id}/resend"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(citizen.get("/admin/mail").await.status, StatusCode::FORBIDDEN);
    assert_eq!(admin.json("POST", "/api/v1/admin/mail/999999/resend", json!(null)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.json("POST", "/api/v1/admin/mail/x/resend", json!(null)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(rows(&app)[&id].0, "failed", "refused resends change nothing");
    assert_eq!(app.count("audit_log WHERE action = 'mail_resent'"), 0);

    // The admin's form: back to the page, which says so; the message is due now with a new window.
    let res = admin.form_on("/admin/mail", &format!("/admin/mail/{id}/resend"), &[]).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, "/admin/mail".to_owned()));
    assert!(admin.get("/admin/mail").await.text.contains("İleti yeniden kuyruğa alındı"));
    let (state, attempts, next) = rows(&app)[&id].clone();
    assert_eq!((state.as_str(), attempts), ("pending", 0));
    assert!(next <= now());
    let mut c = app.db.pool.get().unwrap();
    let audit: (Option<i64>, String) = audit_log::table
        .filter(audit_log::action.eq("mail_resent"))
        .select((audit_log::actor_id, audit_log::subject))
        .first(&mut *c)
        .unwrap();
    assert_eq!(audit, (Some(admin_id), format!("mail:{id}")));

    // A message a worker is sending right now cannot be resent (it could go twice).
    let busy = enqueue(&app, "mesgul@example.com", "Gönderiliyor", now() - Duration::hours(1)).await;
    let t2 = now();
    let claimed = app::db::tx(&app.db.pool, move |c| outbox::claim(c, "busy", t2, 100)).await.unwrap();
    assert!(claimed.iter().any(|m| m.id == busy));
    let res = admin.json("POST", &format!("/api/v1/admin/mail/{busy}/resend"), json!(null)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    assert_eq!(res.json()["error"]["fields"]["state"]["code"], "sending");
    let ids: Vec<i64> = claimed.iter().map(|m| m.id).collect();
    app::db::tx(&app.db.pool, move |c| outbox::release(c, "busy", &ids)).await.unwrap();

    // The server is back: the resent message arrives, once; resending a sent one is refused.
    sink.up();
    let round = worker.drain(now()).await.unwrap();
    assert_eq!(round.sent, 2, "{round:?}");
    let got = sink.messages();
    let resent: Vec<&Value> = got.iter().filter(|m| outbox_id(m) == id).collect();
    assert_eq!(resent.len(), 1);
    assert_eq!(resent[0]["subject"], "E-posta adresinizi doğrulayın");
    assert_eq!(resent[0]["rcpt_tos"], json!(["yeni@example.com"]));
    let res = admin.json("POST", &resend, json!(null)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["fields"]["state"]["code"], "already_sent");
}
both_backends!(given_up_sqlite, given_up_postgres, a_message_given_up_is_shown_to_admins_and_resent);

/// Notifications the mailer before the outbox left `pending` are moved into it once, with the
/// person's settings, even by two workers at once; the outbox folder (no SMTP) sends them too.
async fn notifications_left_pending_are_adopted_once(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, author_id) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let body = json!({"kind": "complaint", "title": "Kaldırım kırık", "body": "Okul önü.",
        "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].as_i64().unwrap();
    {
        // As the old server wrote them: `email_state` left at its default, `pending`.
        let mut c = app.db.pool.get().unwrap();
        for kind in ["comment", "official_answer"] {
            diesel::sql_query(format!(
                "INSERT INTO notifications (user_id, submission_id, kind, detail, created_at) \
                 VALUES ({author_id}, {id}, '{kind}', '', CURRENT_TIMESTAMP)"
            ))
            .execute(&mut *c)
            .unwrap();
        }
    }
    let res = author.json("PUT", "/api/v1/me/notification-settings", json!({"email_official": false})).await;
    assert_eq!(res.status, StatusCode::OK);
    let folder = tempfile::tempdir().unwrap();
    let make = || {
        let mailer = Mailer::new(None, folder.path().to_owned()).unwrap();
        Worker::new(app.db.pool.clone(), mailer, FROM, SITE).unwrap()
    };
    let (w1, w2) = (make(), make());
    let t = now();
    let (r1, r2) = tokio::join!(w1.drain(t), w2.drain(t));
    assert_eq!(r1.unwrap().sent + r2.unwrap().sent, 1);
    assert_eq!(app.count("mail_outbox"), 1, "one e-mail, not one per worker");
    assert_eq!(app.count("notifications WHERE email_state = 'sent'"), 1);
    assert_eq!(app.count("notifications WHERE email_state = 'skipped'"), 1, "official answers are off");
    let files: Vec<_> = std::fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let mail = std::fs::read_to_string(&files[0]).unwrap();
    assert!(mail.contains("To: yazar@example.com"), "{mail}");
}
both_backends!(legacy_sqlite, legacy_postgres, notifications_left_pending_are_adopted_once);

/// `fikir serve` runs the worker itself: a message queued in its database reaches the SMTP
/// server within seconds, with no one asking, and the link in it names the public address.
async fn the_server_sends_the_queue_by_itself(kind: Kind) {
    let db = common::TestDb::new(kind);
    let sink = SmtpSink::start();
    let id = app::db::tx(&db.pool, |c| {
        outbox::enqueue(c, "yeni@example.com", "E-posta adresinizi doğrulayın", "{site}/account/confirm", None)
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log = data.path().join("server.log");
    let mut server = Command::new(env!("CARGO_BIN_EXE_fikir"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--public-url", SITE, "--smtp-url", &sink.url()])
        .args(["--database-url", &db.url, "--data-dir"])
        .arg(data.path())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    // Until the message has arrived and the server has recorded it (it records just after the
    // SMTP server's answer; stopped in between, it would send the message again after the lease).
    let state = || -> String {
        let mut c = db.pool.get().unwrap();
        mail_outbox::table.find(id).select(mail_outbox::state).first(&mut *c).unwrap()
    };
    let started = std::time::Instant::now();
    while sink.messages().is_empty() || state() != "sent" {
        let exited = server.try_wait().unwrap();
        if exited.is_some() || started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = server.kill();
            panic!(
                "nothing sent ({exited:?}); the server said:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    eprintln!("the server sent the queued message {:?} after starting", started.elapsed());
    server.kill().unwrap();
    server.wait().unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(outbox_id(&got[0]), id);
    assert_eq!(got[0]["body"].as_str().unwrap().trim_end(), "https://fikir.example/account/confirm");
}
both_backends!(serve_sqlite, serve_postgres, the_server_sends_the_queue_by_itself);
