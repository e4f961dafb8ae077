//! The schema and the reference data on both databases, and the command line.
// Test bodies are plain async fns run by `both_backends!`, so clippy does not see them as tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{Kind, TestDb};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

async fn migrations_create_every_table_and_column(kind: Kind) {
    use app::db::schema::*;
    let db = TestDb::new(kind);
    let mut c = db.pool.get().unwrap();
    // Selecting every column of every table proves schema.rs and both migrations agree.
    users::table
        .select(users::all_columns)
        .load::<(
            i64,
            String,
            String,
            String,
            String,
            time::PrimitiveDateTime,
            time::PrimitiveDateTime,
            Option<time::PrimitiveDateTime>,
            Option<i64>,
            Option<time::PrimitiveDateTime>,
        )>(&mut *c)
        .unwrap();
    submission_events::table
        .select(submission_events::all_columns)
        .load::<(
            i64,
            i64,
            time::PrimitiveDateTime,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
            String,
            String,
            Option<i64>,
        )>(&mut *c)
        .unwrap();
    // The review board's tables (issue 10).
    rubrics::table
        .select(rubrics::all_columns)
        .load::<(i64, i64, i32, time::PrimitiveDateTime, Option<i64>)>(&mut *c)
        .unwrap();
    rubric_criteria::table
        .select(rubric_criteria::all_columns)
        .load::<(i64, i64, i32, String, String, String, i32)>(&mut *c)
        .unwrap();
    type Round = (
        i64,
        i64,
        i64,
        i64,
        time::PrimitiveDateTime,
        time::PrimitiveDateTime,
        i64,
        Option<time::PrimitiveDateTime>,
        Option<time::PrimitiveDateTime>,
        Option<i64>,
        Option<i64>,
    );
    evaluation_rounds::table.select(evaluation_rounds::all_columns).load::<Round>(&mut *c).unwrap();
    committees::table
        .select(committees::all_columns)
        .load::<(i64, String, Option<i64>, bool, time::PrimitiveDateTime)>(&mut *c)
        .unwrap();
    committee_members::table.select(committee_members::all_columns).load::<(i64, i64)>(&mut *c).unwrap();
    media::table.select(media::phase).load::<Option<String>>(&mut *c).unwrap();
    round_members::table
        .select(round_members::all_columns)
        .load::<(i64, i64, Option<time::PrimitiveDateTime>, Option<time::PrimitiveDateTime>, String)>(&mut *c)
        .unwrap();
    round_scores::table.select(round_scores::all_columns).load::<(i64, i64, i64, i32, String)>(&mut *c).unwrap();
    decisions::table
        .select(decisions::all_columns)
        .load::<(i64, i64, Option<i64>, String, String, Option<i64>, Option<i64>, i64, time::PrimitiveDateTime)>(
            &mut *c,
        )
        .unwrap();
    milestones::table
        .select(milestones::all_columns)
        .load::<(i64, i64, String, String, Option<String>, String, time::PrimitiveDateTime, time::PrimitiveDateTime)>(
            &mut *c,
        )
        .unwrap();
    implementations::table
        .select(implementations::all_columns)
        .load::<(i64, i32, Option<i64>, Option<i64>, time::PrimitiveDateTime)>(&mut *c)
        .unwrap();
    user_roles::table.select(user_roles::all_columns).load::<(i64, String, time::PrimitiveDateTime)>(&mut *c).unwrap();
    sessions::table
        .select(sessions::all_columns)
        .load::<(String, String, time::PrimitiveDateTime, Option<i64>)>(&mut *c)
        .unwrap();
    audit_log::table
        .select(audit_log::all_columns)
        .load::<(i64, time::PrimitiveDateTime, Option<i64>, String, String, String, Option<String>)>(&mut *c)
        .unwrap();
    directorates::table.select(directorates::all_columns).load::<(i64, String, String, String, bool)>(&mut *c).unwrap();
    categories::table
        .select(categories::all_columns)
        .load::<(i64, String, String, String, i64, bool)>(&mut *c)
        .unwrap();
    neighbourhoods::table
        .select(neighbourhoods::all_columns)
        .load::<(i64, String, String, Option<f64>, Option<f64>, bool)>(&mut *c)
        .unwrap();
    type Time = time::PrimitiveDateTime;
    flags::table
        .select(flags::all_columns)
        .load::<(i64, String, i64, i64, String, Time, String, Option<Time>)>(&mut *c)
        .unwrap();
    comments::table
        .select((comments::id, comments::deleted_at, comments::moderation))
        .load::<(i64, Option<Time>, Option<String>)>(&mut *c)
        .unwrap();
    submissions::table
        .select((submissions::id, submissions::moderation))
        .load::<(i64, Option<String>)>(&mut *c)
        .unwrap();
    moderation_actions::table
        .select(moderation_actions::all_columns)
        .load::<(i64, String, i64, String, String, Option<i64>, Time)>(&mut *c)
        .unwrap();
    moderation_words::table.select(moderation_words::all_columns).load::<(String, Time)>(&mut *c).unwrap();
    user_blocks::table.select(user_blocks::all_columns).load::<(i64, i64, String, Time, i64, Time)>(&mut *c).unwrap();
    submission_merges::table.select(submission_merges::all_columns).load::<(i64, i64, i64, Time)>(&mut *c).unwrap();
    assert!(moderation_words::table.count().get_result::<i64>(&mut *c).unwrap() > 30, "the word list is installed");
    assert_eq!(app::db::migrate(&mut c).unwrap(), 0, "a second run applies nothing");
}
both_backends!(schema_sqlite, schema_postgres, migrations_create_every_table_and_column);

async fn reference_data_is_inegols_and_installed_once(kind: Kind) {
    let db = TestDb::new(kind);
    let mut c = db.pool.get().unwrap();
    let hoods = app::reference::service::neighbourhoods(&mut c).unwrap();
    assert_eq!(hoods.len(), 118);
    assert!(hoods.iter().any(|n| n.name == "Tahtaköprü" && n.kind == "rural"));
    assert_eq!(hoods.iter().filter(|n| n.kind == "urban").count(), 21);
    let pos = |name: &str| hoods.iter().position(|n| n.name == name).unwrap();
    assert!(pos("Cuma") < pos("Çitli") && pos("Çitli") < pos("Dipsizgöl"), "Turkish alphabetical order");

    let directorates = app::reference::service::directorates(&mut c).unwrap();
    assert_eq!(directorates.len(), 16);
    let categories = app::reference::service::categories(&mut c).unwrap();
    let parks = categories.iter().find(|c| c.slug == "parks").unwrap();
    let dir = directorates.iter().find(|d| d.id == parks.directorate_id).unwrap();
    assert_eq!(dir.name_tr, "Park Bahçeler Müdürlüğü");
    assert!(categories.iter().all(|cat| directorates.iter().any(|d| d.id == cat.directorate_id)));

    // An admin's edit survives the next start-up.
    diesel::update(app::db::schema::directorates::table.filter(app::db::schema::directorates::id.eq(dir.id)))
        .set(app::db::schema::directorates::name_en.eq("Parks Department"))
        .execute(&mut *c)
        .unwrap();
    assert!(!app::reference::service::install_if_empty(&mut c).unwrap());
    let again = app::reference::service::directorates(&mut c).unwrap();
    assert_eq!(again.len(), 16);
    assert!(again.iter().any(|d| d.name_en == "Parks Department"));
}
both_backends!(reference_sqlite, reference_postgres, reference_data_is_inegols_and_installed_once);

async fn command_line_creates_admins_and_grants_roles(kind: Kind) {
    let db = TestDb::new(kind);
    let bin = env!("CARGO_BIN_EXE_fikir");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).args(["--database-url", &db.url]).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, out) = run(&["create-admin", "--email", "Yonetici@Example.com", "--password", "uzun bir parola 16"]);
    assert!(ok, "{out}");
    let (ok, out) = run(&["create-admin", "--email", "x@example.com", "--password", "short"]);
    assert!(!ok && out.contains("password: too_short"), "{out}");
    let (ok, out) = run(&["grant-role", "--email", "yonetici@example.com", "--role", "evaluator"]);
    assert!(ok && out.contains("granted"), "{out}");
    let (ok, out) = run(&["grant-role", "--email", "yonetici@example.com", "--role", "wizard"]);
    assert!(!ok && out.contains("unknown role"), "{out}");
    let (ok, out) = run(&["grant-role", "--email", "nobody@example.com", "--role", "staff"]);
    assert!(!ok && out.contains("no account"), "{out}");
    let (ok, out) = run(&["grant-role", "--email", "yonetici@example.com", "--role", "admin", "--revoke"]);
    assert!(ok, "{out}");

    let mut c = db.pool.get().unwrap();
    let row = app::accounts::model::by_email(&mut c, "yonetici@example.com").unwrap().unwrap();
    let roles = app::accounts::model::roles_of(&mut c, row.id).unwrap();
    use app::domain::roles::Role;
    assert_eq!(roles, vec![Role::Citizen, Role::Evaluator]);
    assert!(app::auth::password::verify_password("uzun bir parola 16", &row.password_hash));
}
both_backends!(cli_sqlite, cli_postgres, command_line_creates_admins_and_grants_roles);

/// The real binary on an empty database: migrates itself, serves the reference data, and
/// finishes cleanly on SIGTERM.
#[test]
fn serve_migrates_an_empty_database_and_stops_on_sigterm() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite3");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_fikir"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--database-url", db.to_str().unwrap()])
        .args(["--data-dir", dir.path().to_str().unwrap()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let get = |path: &str| -> Option<String> {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        Some(out)
    };
    let mut health = None;
    for _ in 0..200 {
        health = get("/api/v1/health");
        if health.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let health = health.expect("the server answers within 10 s");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let hoods = get("/api/v1/neighbourhoods").unwrap();
    assert!(hoods.contains("Tahtaköprü"), "reference data installed and served");

    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit status {:?}: {log}", out.status);
    assert!(log.contains("stopped"), "{log}");
    assert!(log.contains("backend=\"sqlite\""), "start-up logs its settings: {log}");
}

/// The statuses of proposals the committee has decided on (and the implementation's after them).
const DECIDED: &str =
    "('feasible', 'not_feasible', 'approved', 'rejected', 'scheduled', 'in_implementation', 'completed')";

/// The review board's side of a seeded city tells one story with the statuses: every proposal
/// past evaluation has a closed round of 3–5 evaluators with whole score sheets (recusals with a
/// reason and no scores), the chair's decisions lead to its status, implementations and their
/// milestones match where the work stands, and the timeline follows all of it in order. Read
/// through the services too: the public scorecard and the board.
fn assert_board_tells_one_story(c: &mut app::db::DbConn) {
    let mut n = |sql: &str| -> i64 {
        let sql = sql.replace("DECIDED", DECIDED);
        diesel::sql_query(&sql).get_result::<app::db::sql::Count>(c).unwrap_or_else(|e| panic!("{sql}: {e}")).n
    };
    let none = |n: i64, what: &str| assert_eq!(n, 0, "{what}");
    // Rounds.
    assert!(n("SELECT count(*) AS n FROM submissions WHERE status IN DECIDED") > 0, "proposals past evaluation");
    none(
        n("SELECT count(*) AS n FROM submissions s WHERE s.status IN DECIDED AND NOT EXISTS \
           (SELECT 1 FROM evaluation_rounds r WHERE r.submission_id = s.id AND r.closed_at IS NOT NULL)"),
        "every proposal past evaluation has a closed round",
    );
    none(
        n("SELECT count(*) AS n FROM evaluation_rounds r JOIN submissions s ON s.id = r.submission_id \
           WHERE s.status NOT IN DECIDED AND (s.status <> 'under_evaluation' OR r.closed_at IS NOT NULL)"),
        "open rounds only under evaluation, closed ones only once decided, none elsewhere",
    );
    assert!(n("SELECT count(*) AS n FROM evaluation_rounds WHERE closed_at IS NULL") > 0, "some rounds are open");
    none(
        n("SELECT count(*) AS n FROM evaluation_rounds r \
           WHERE (SELECT count(*) FROM round_members m WHERE m.round_id = r.id) NOT BETWEEN 3 AND 5"),
        "3–5 members a round",
    );
    none(
        n("SELECT count(*) AS n FROM round_members m WHERE NOT EXISTS \
           (SELECT 1 FROM user_roles u WHERE u.user_id = m.user_id AND u.role = 'evaluator')"),
        "members are evaluators",
    );
    none(
        n("SELECT count(*) AS n FROM evaluation_rounds r WHERE NOT EXISTS \
           (SELECT 1 FROM user_roles u WHERE u.user_id = r.opened_by AND u.role = 'chair') \
           OR (r.closed_at IS NOT NULL AND r.closed_by IS NULL) OR r.deadline <= r.opened_at"),
        "the chair opens and closes rounds",
    );
    // Sheets and recusals.
    assert!(n("SELECT count(*) AS n FROM round_members WHERE recused_at IS NOT NULL") > 0, "someone stepped aside");
    none(
        n("SELECT count(*) AS n FROM round_members m WHERE (m.recused_at IS NOT NULL) <> (m.recusal_reason <> '') \
           OR (m.recused_at IS NOT NULL AND (m.submitted_at IS NOT NULL OR EXISTS \
           (SELECT 1 FROM round_scores s WHERE s.round_id = m.round_id AND s.user_id = m.user_id)))"),
        "a recusal has its reason and no scores",
    );
    none(
        n("SELECT count(*) AS n FROM round_members m JOIN evaluation_rounds r ON r.id = m.round_id \
           WHERE (SELECT count(*) FROM round_scores s WHERE s.round_id = m.round_id AND s.user_id = m.user_id) <> \
           CASE WHEN m.submitted_at IS NULL THEN 0 \
           ELSE (SELECT count(*) FROM rubric_criteria k WHERE k.rubric_id = r.rubric_id) END"),
        "each member who scored has a whole sheet, the others none",
    );
    none(
        n("SELECT count(*) AS n FROM round_scores s JOIN evaluation_rounds r ON r.id = s.round_id \
           JOIN rubrics b ON b.id = r.rubric_id JOIN rubric_criteria k ON k.id = s.criterion_id \
           WHERE k.rubric_id <> r.rubric_id OR s.score < 1 OR s.score > b.scale_max OR s.justification = ''"),
        "scores of the round's rubric, on its scale, each with its justification",
    );
    none(
        n("SELECT count(*) AS n FROM round_members m JOIN evaluation_rounds r ON r.id = m.round_id \
           WHERE m.submitted_at < r.opened_at OR m.recused_at < r.opened_at OR m.submitted_at > r.closed_at"),
        "sheets are sent while the round is open",
    );
    none(
        n("SELECT count(*) AS n FROM evaluation_rounds r WHERE r.closed_at IS NOT NULL AND r.quorum > \
           (SELECT count(*) FROM round_members m WHERE m.round_id = r.id AND m.submitted_at IS NOT NULL)"),
        "closed rounds met their quorum",
    );
    // Decisions.
    none(
        n("SELECT count(*) AS n FROM submissions s WHERE s.status IN DECIDED AND \
           coalesce((SELECT d.outcome FROM decisions d WHERE d.submission_id = s.id ORDER BY d.id DESC LIMIT 1), '') <> \
           CASE WHEN s.status IN ('scheduled', 'in_implementation', 'completed') THEN 'approved' ELSE s.status END"),
        "the last decision leads to the status",
    );
    none(
        n("SELECT count(*) AS n FROM decisions d JOIN submissions s ON s.id = d.submission_id \
           LEFT JOIN evaluation_rounds r ON r.id = d.round_id WHERE s.status NOT IN DECIDED OR r.id IS NULL \
           OR r.submission_id <> d.submission_id OR r.closed_at IS NULL OR d.decided_at < r.closed_at \
           OR d.public_reason = ''"),
        "decisions follow their proposal's closed round, with a public reason",
    );
    none(
        n("SELECT count(*) AS n FROM decisions WHERE (outcome = 'approved') <> \
           (coalesce(estimated_cost_kurus, 0) > 0 AND coalesce(estimated_days, 0) > 0)"),
        "approvals, and only they, carry the estimated cost and days",
    );
    // Implementation.
    let implemented = "('scheduled', 'in_implementation', 'completed')";
    none(
        n(&format!(
            "SELECT count(*) AS n FROM submissions s WHERE (s.status IN {implemented}) <> \
             EXISTS (SELECT 1 FROM implementations i WHERE i.submission_id = s.id AND i.budget_kurus > 0) \
             OR (s.status IN {implemented}) <> EXISTS (SELECT 1 FROM milestones m WHERE m.submission_id = s.id)"
        )),
        "scheduled and later proposals, and only they, have an implementation with milestones",
    );
    none(
        n("SELECT count(*) AS n FROM submissions s JOIN implementations i ON i.submission_id = s.id WHERE \
           CASE s.status WHEN 'completed' THEN i.progress_percent <> 100 OR EXISTS (SELECT 1 FROM milestones m \
             WHERE m.submission_id = s.id AND m.done_on IS NULL) \
           WHEN 'scheduled' THEN i.progress_percent <> 0 OR EXISTS (SELECT 1 FROM milestones m \
             WHERE m.submission_id = s.id AND m.done_on IS NOT NULL) \
           ELSE i.progress_percent NOT BETWEEN 1 AND 99 END"),
        "completed: 100 % and every milestone done; scheduled: nothing done yet; in implementation: between",
    );
    none(
        n("SELECT count(*) AS n FROM milestones WHERE planned_on NOT LIKE '____-__-__' OR done_on NOT LIKE '____-__-__' \
           OR title = ''"),
        "milestones' days are YYYY-MM-DD",
    );
    // The timeline.
    none(
        n("SELECT count(*) AS n FROM submissions s WHERE s.status <> coalesce((SELECT e.to_status FROM submission_events e \
           WHERE e.submission_id = s.id AND e.kind IN ('created', 'status_changed', 'assigned') ORDER BY e.id DESC LIMIT 1), '')"),
        "the last status event names the status",
    );
    none(
        n("SELECT count(*) AS n FROM submission_events e WHERE e.kind NOT IN ('created', 'status_changed', 'assigned') AND \
           coalesce(e.to_status, '') <> coalesce((SELECT p.to_status FROM submission_events p \
           WHERE p.submission_id = e.submission_id AND p.kind IN ('created', 'status_changed', 'assigned') AND p.id < e.id \
           ORDER BY p.id DESC LIMIT 1), '') OR e.kind IN ('status_changed', 'assigned') AND e.from_status <> \
           (SELECT p.to_status FROM submission_events p WHERE p.submission_id = e.submission_id \
           AND p.kind IN ('created', 'status_changed', 'assigned') AND p.id < e.id ORDER BY p.id DESC LIMIT 1)"),
        "each move (a routing is one) starts where the last one ended, and other events name the status of their moment",
    );
    none(
        n("SELECT count(*) AS n FROM submission_events a JOIN submission_events b \
           ON b.submission_id = a.submission_id AND b.id > a.id WHERE b.at < a.at"),
        "the timeline is in order",
    );
    // The Solution Centre's side: every service request has its due times, an answer once it
    // moved, and a resolution exactly when its status ended it.
    let service = "kind IN ('complaint', 'request', 'information_request')";
    none(
        n(&format!("SELECT count(*) AS n FROM submissions WHERE {service} AND (first_response_due_at IS NULL OR resolution_due_at IS NULL)")),
        "service requests have due times",
    );
    none(
        n("SELECT count(*) AS n FROM submissions WHERE kind IN ('idea', 'project', 'suggestion') AND first_response_due_at IS NOT NULL"),
        "proposals have none",
    );
    none(
        n(&format!("SELECT count(*) AS n FROM submissions WHERE {service} AND status <> 'received' AND first_response_at IS NULL")),
        "a request that moved was answered",
    );
    none(
        n(&format!(
            "SELECT count(*) AS n FROM submissions WHERE {service} AND \
           (status IN ('resolved', 'not_our_jurisdiction', 'closed', 'rejected')) <> (resolved_at IS NOT NULL)"
        )),
        "resolved exactly when ended",
    );
    for (events, rows, what) in [
        ("round_opened", "SELECT count(*) AS n FROM evaluation_rounds", "a round opened"),
        ("round_closed", "SELECT count(*) AS n FROM evaluation_rounds WHERE closed_at IS NOT NULL", "a round closed"),
        ("recused", "SELECT count(*) AS n FROM round_members WHERE recused_at IS NOT NULL", "a recusal"),
        ("milestone_added", "SELECT count(*) AS n FROM milestones", "a milestone"),
        ("milestone_updated", "SELECT count(*) AS n FROM milestones WHERE done_on IS NOT NULL", "a milestone done"),
    ] {
        let counted = n(&format!("SELECT count(*) AS n FROM submission_events WHERE kind = '{events}'"));
        assert_eq!(counted, n(rows), "an event for each {what}");
    }
    // In working time, as a Solution Centre answers: a few working hours to the first response
    // (not zero, as for a night call answered before the morning), most within target, some not.
    let year = app::response_times::service::stats(c, &Default::default(), app::db::time::now()).unwrap();
    let mut medians: Vec<f64> = year.months.iter().filter_map(|m| m.median_first_response_hours).collect();
    medians.sort_by(f64::total_cmp);
    assert!(medians.len() >= 6, "{year:?}");
    let typical = medians[medians.len() / 2];
    assert!((0.5..=8.0).contains(&typical), "a typical month's median first response: {medians:?}");
    let answered: Vec<f64> = year.rows.iter().filter_map(|r| r.median_first_response_hours).collect();
    let at_once = answered.iter().filter(|h| **h < 0.1).count();
    assert!(at_once * 4 < answered.len(), "few answered in no working time at all: {answered:?}");
    assert!(year.months.iter().any(|m| m.first_response_within_target.is_some_and(|s| s < 1.0)), "some are late");
    // Through the services: the public scorecard of every decided proposal, and the board.
    let decided: Vec<(i64, String)> = {
        use app::db::schema::submissions;
        let statuses = DECIDED.trim_matches(['(', ')']).split(", ").map(|s| s.trim_matches('\'').to_owned());
        submissions::table
            .filter(submissions::status.eq_any(statuses.collect::<Vec<_>>()))
            .select((submissions::id, submissions::status))
            .load(c)
            .unwrap()
    };
    for (id, status) in decided {
        let card = app::evaluation::service::scorecard(c, id, &Default::default()).unwrap();
        let mean = card.result.mean.unwrap();
        assert!(card.scored >= 1 && (1.0..=f64::from(card.scale_max)).contains(&mean), "{id}: {card:?}");
        let last = &card.decisions.last().unwrap().outcome;
        assert!(last == &status || last == "approved", "{id} is {status}, decided {last}");
    }
    let board = app::implementation::service::board(c, &Default::default()).unwrap();
    let completed = board.stages.iter().find(|s| s.status == "completed").unwrap();
    assert!(!completed.items.is_empty());
    assert!(completed.items.iter().all(|i| i.progress_percent == Some(100)), "{completed:?}");
    assert_pages_read_few_statements(c);
}

/// How many statements `read` sends to the database.
fn statements<T>(c: &mut app::db::DbConn, read: impl FnOnce(&mut app::db::DbConn) -> T) -> (usize, T) {
    use diesel::connection::{Instrumentation, InstrumentationEvent};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    let value = read(c);
    c.set_instrumentation(None::<Box<dyn Instrumentation>>);
    (sent.load(Ordering::SeqCst), value)
}

/// A submission's page reads its row and timeline in one statement and its photos only when it
/// has some, and a decided proposal's page reads its scorecard in four statements (the round with the setting of published scores, its
/// members with their scores, its rubric with the criteria, the decisions; a fifth for a
/// committee's name; one fewer once the rubric is kept) and its implementation in two (milestones, figures; a third for photos
/// when it has any). Each statement is a trip to PostgreSQL: the page read eight and four.
fn assert_pages_read_few_statements(c: &mut app::db::DbConn) {
    let id = diesel::sql_query(
        "SELECT i.submission_id AS n FROM implementations i WHERE EXISTS \
         (SELECT 1 FROM evaluation_rounds r WHERE r.submission_id = i.submission_id AND r.closed_at IS NOT NULL) \
         ORDER BY i.submission_id LIMIT 1",
    )
    .get_result::<app::db::sql::Count>(c)
    .unwrap()
    .n;
    let committee = {
        use app::db::schema::evaluation_rounds as r;
        r::table
            .filter(r::submission_id.eq(id).and(r::closed_at.is_not_null()))
            .order(r::id.desc())
            .select(r::committee_id)
            .first::<Option<i64>>(c)
            .unwrap()
            .is_some()
    };
    let rubrics = app::evaluation::service::KeptRubrics::default();
    let (sent, card) = statements(c, |c| app::evaluation::service::scorecard(c, id, &rubrics));
    let card = card.unwrap();
    assert!(card.scored >= 1 && !card.criteria.is_empty() && !card.decisions.is_empty(), "{card:?}");
    assert_eq!(sent, 4 + usize::from(committee), "statements for the scorecard of {id}");
    // A rubric never changes once made: the next scorecard has it at hand.
    let (sent, again) = statements(c, |c| app::evaluation::service::scorecard(c, id, &rubrics));
    assert_eq!(again.unwrap().criteria, card.criteria);
    assert_eq!(sent, 3 + usize::from(committee), "statements for the scorecard of {id}, its rubric kept");
    // The committee's queue: its proposals, how many wait, their latest rounds and those rounds'
    // members, in four statements however many proposals wait (it read two more per proposal).
    let evaluator: i64 = {
        use app::db::schema::user_roles as r;
        r::table.filter(r::role.eq("evaluator")).order(r::user_id).select(r::user_id).first(c).unwrap()
    };
    let member = app::auth::Actor::user(evaluator, vec![app::domain::roles::Role::Evaluator]);
    let chair: i64 = {
        use app::db::schema::user_roles as r;
        r::table.filter(r::role.eq("chair")).select(r::user_id).first(c).unwrap()
    };
    let chair = app::auth::Actor::user(chair, vec![app::domain::roles::Role::Chair]);
    let (items, _) = app::evaluation::service::queue(c, &member, None).unwrap();
    let mut opened = Vec::new();
    for item in items.iter().filter(|i| i.round.is_none()).take(3) {
        opened.push(app::evaluation::service::open_round(c, &chair, item.submission_id, None, None).unwrap());
    }
    let (sent, queue) = statements(c, |c| app::evaluation::service::queue(c, &member, None));
    let (items, total) = queue.unwrap();
    let rounds: Vec<_> = items.iter().filter_map(|i| i.round.as_ref()).collect();
    assert!(items.len() >= 3 && opened.iter().all(|id| rounds.iter().any(|r| r.id == *id)), "{total}: {items:?}");
    let new = rounds.iter().filter(|r| opened.contains(&r.id));
    assert!(new.clone().all(|r| r.members >= 1 && r.i_am_member && !r.i_have_scored && !r.closed), "{rounds:?}");
    assert_eq!(sent, 4, "statements for a queue of {} with {} rounds", items.len(), rounds.len());
    let (sent, known) = statements(c, |c| app::evaluation::service::queue(c, &member, Some(total)));
    assert_eq!((sent, known.unwrap().1), (3, total), "how many wait, when known, is not counted again");
    let visitor = app::auth::Actor::Anonymous;
    let has_media = app::submissions::service::detail(c, &visitor, id).unwrap().has_media;
    let (sent, implementation) = statements(c, |c| app::implementation::service::implementation(c, id, has_media));
    assert!(implementation.unwrap().is_some(), "{id} has an implementation");
    assert_eq!(sent, 2 + usize::from(has_media), "statements for the implementation of {id}");
    // Any submission's page: its row (with whether it has photos and comments) and its
    // timeline, in one statement; the photos only when there are some.
    let first = |c: &mut app::db::DbConn, sql: &str| {
        diesel::sql_query(sql).get_result::<app::db::sql::Count>(c).optional().unwrap().map(|n| n.n)
    };
    let bare = first(
        c,
        "SELECT min(s.id) AS n FROM submissions s WHERE s.moderation IS NULL AND s.status <> 'merged' \
         AND NOT EXISTS (SELECT 1 FROM submission_events e WHERE e.submission_id = s.id AND e.kind = 'duplicate_merged') \
         AND NOT EXISTS (SELECT 1 FROM media m WHERE m.submission_id = s.id) \
         AND NOT EXISTS (SELECT 1 FROM comments k WHERE k.submission_id = s.id)",
    )
    .expect("a submission without photos or comments");
    let (sent, detail) = statements(c, |c| app::submissions::service::detail(c, &visitor, bare));
    let detail = detail.unwrap();
    assert!(detail.media.is_empty() && !detail.has_comments && !detail.events.is_empty(), "{detail:?}");
    assert_eq!(sent, 1, "statements for the page of {bare}, without photos");
    let with_photos = first(
        c,
        "SELECT min(m.submission_id) AS n FROM media m JOIN submissions s ON s.id = m.submission_id \
         WHERE s.moderation IS NULL AND m.phase IS NULL HAVING count(*) > 0",
    );
    if let Some(id) = with_photos {
        let (sent, detail) = statements(c, |c| app::submissions::service::detail(c, &visitor, id));
        assert!(!detail.unwrap().media.is_empty(), "{id} has photos");
        assert!(sent <= 3, "statements for the page of {id}, with photos: {sent}");
    }
    // The account page: the person's e-mail settings and tokens in one.
    let (sent, account) = statements(c, |c| app::accounts::tokens::with_settings(c, evaluator));
    assert!(account.is_ok());
    assert_eq!(sent, 1, "statements for the account page");
}

async fn seed_makes_a_consistent_city_and_refuses_to_run_twice(kind: Kind) {
    let db = common::TestDb::new(kind);
    let args = fikir::cli::seed::SeedArgs { submissions: 300, supports: 4_000, comments: 600, users: 120, seed: 7 };
    fikir::cli::seed::run(&db.pool, args.clone()).await.expect("seed");
    let mut c = db.pool.get().unwrap();
    let n = |c: &mut app::db::DbConn, sql: &str| -> i64 {
        diesel::sql_query(sql).get_result::<app::db::sql::Count>(c).expect(sql).n
    };
    assert_eq!(n(&mut c, "SELECT count(*) AS n FROM submissions"), 300);
    assert_eq!(n(&mut c, "SELECT count(*) AS n FROM supports"), 4_000);
    assert_eq!(
        n(&mut c, "SELECT CAST(coalesce(sum(support_count), 0) AS BIGINT) AS n FROM submissions"),
        4_000,
        "counters match rows"
    );
    assert_eq!(n(&mut c, "SELECT count(*) AS n FROM comments"), 600);
    // A submission counts its public comments.
    assert_eq!(
        n(&mut c, "SELECT CAST(coalesce(sum(comment_count), 0) AS BIGINT) AS n FROM submissions"),
        n(&mut c, "SELECT count(*) AS n FROM comments WHERE moderation IS NULL")
    );
    // A moderators' day: a comment hidden by flags, one hidden by a moderator with a reason, one
    // restored, open flags, a comment and a complaint held by the word list, a person blocked
    // and a duplicate merged.
    for (what, sql) in [
        ("flagged", "SELECT count(*) AS n FROM comments WHERE moderation = 'flagged'"),
        ("hidden", "SELECT count(*) AS n FROM comments WHERE moderation = 'hidden'"),
        ("held comment", "SELECT count(*) AS n FROM comments WHERE moderation = 'pending'"),
        ("held complaint", "SELECT count(*) AS n FROM submissions WHERE moderation = 'pending'"),
        ("restored", "SELECT count(*) AS n FROM moderation_actions WHERE action = 'restored'"),
        ("open flags", "SELECT count(*) AS n FROM flags WHERE reviewed_at IS NULL AND target_kind = 'submission'"),
        ("blocked", "SELECT count(*) AS n FROM users WHERE blocked_until IS NOT NULL"),
        ("merged", "SELECT count(*) AS n FROM submission_merges m JOIN submissions s ON s.id = m.duplicate_id WHERE s.status = 'merged'"),
    ] {
        assert!(n(&mut c, sql) >= 1, "the seed has a case of {what}");
    }
    assert_eq!(n(&mut c, "SELECT count(*) AS n FROM users WHERE email LIKE '%@seed.fikir.example'"), 120);
    assert_eq!(
        n(&mut c, "SELECT count(*) AS n FROM submissions s WHERE s.kind IN ('complaint','request','information_request') AND s.support_count > 0"),
        0,
        "service requests collect no support"
    );
    assert_eq!(n(&mut c, "SELECT count(DISTINCT reference) AS n FROM submissions"), 300, "references are unique");
    let counted = n(&mut c, "SELECT CAST(coalesce(sum(last_number), 0) AS BIGINT) AS n FROM reference_counters");
    assert_eq!(counted, 300, "the next submission continues the numbering");
    assert_board_tells_one_story(&mut c);
    if kind == Kind::Sqlite {
        // The planner has its per-index statistics, but no value samples: with them SQLite
        // prepares a statement again at each new bound value, and no prepared statement is kept.
        assert!(n(&mut c, "SELECT count(*) AS n FROM sqlite_stat1") > 0, "the seed analyses the tables");
        assert_eq!(n(&mut c, "SELECT count(*) AS n FROM sqlite_stat4"), 0);
    }
    // The committee carries on from the seeded state: the chair opens the next round.
    let waiting = n(
        &mut c,
        "SELECT coalesce(min(s.id), 0) AS n FROM submissions s WHERE s.status = 'under_evaluation' \
         AND NOT EXISTS (SELECT 1 FROM evaluation_rounds r WHERE r.submission_id = s.id)",
    );
    let chair = n(&mut c, "SELECT coalesce(min(user_id), 0) AS n FROM user_roles WHERE role = 'chair'");
    assert!(waiting > 0 && chair > 0, "a proposal waits for its round, and someone chairs");
    let actor = app::auth::Actor::user(chair, vec![app::domain::roles::Role::Chair]);
    let before = n(&mut c, "SELECT max(id) AS n FROM evaluation_rounds");
    let round = app::evaluation::service::open_round(&mut c, &actor, waiting, None, None).unwrap();
    assert!(round > before, "the new round's id follows the seeded ones");
    drop(c);
    let again = fikir::cli::seed::run(&db.pool, args).await;
    assert!(again.unwrap_err().contains("already has submissions"));
}
both_backends!(seed_sqlite, seed_postgres, seed_makes_a_consistent_city_and_refuses_to_run_twice);

/// Who is asking is read on the worker's own thread when a connection is free (`read_now`); when
/// every connection is taken it waits on the blocking pool like any read, and answers once one
/// is back, instead of failing or holding the worker.
async fn who_is_asking_waits_its_turn_when_every_connection_is_taken(kind: Kind) {
    let db = TestDb::new(kind);
    let pool = app::db::connect(&db.url, 1).unwrap();
    let read = |pool: app::db::Pool| async move {
        app::session::ssr::of_session(&pool, "no-such-session".into()).await.map(|o| match o {
            app::session::ssr::OfSession::Known(who) => who.menu().is_none(),
            app::session::ssr::OfSession::Render => false,
        })
    };
    assert!(read(pool.clone()).await.unwrap(), "an unknown session is a visitor");
    let held = pool.get().unwrap();
    let started = std::time::Instant::now();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        drop(held);
    });
    assert!(read(pool.clone()).await.unwrap(), "answered once the connection came back");
    assert!(started.elapsed() >= std::time::Duration::from_millis(150), "it waited for the connection");
    release.join().unwrap();
}
both_backends!(read_now_sqlite, read_now_postgres, who_is_asking_waits_its_turn_when_every_connection_is_taken);

/// `fikir demo` (the run command's data) shows a living city on an empty database: demo accounts,
/// thousands of submissions with supports and comments, and a few photos; run again, it adds
/// nothing and prints no password.
async fn demo_makes_a_living_city_once(kind: Kind) {
    let db = TestDb::new(kind);
    let media = tempfile::tempdir().unwrap();
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fikir"))
            .args(["demo", "--database-url", &db.url, "--data-dir"])
            .arg(media.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = run();
    assert!(first.contains("password shown only now") && first.contains("Demo city"), "{first}");
    let count = |sql: &str| {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut c = db.pool.get().unwrap();
        diesel::sql_query(sql).get_result::<N>(&mut *c).unwrap().n
    };
    let city = fikir::cli::demo::DEMO_CITY;
    assert_eq!(count("SELECT count(*) AS n FROM submissions"), city.submissions as i64);
    assert_eq!(count("SELECT count(DISTINCT kind) AS n FROM submissions"), 6, "every kind");
    assert!(count("SELECT count(DISTINCT status) AS n FROM submissions") >= 8, "many statuses");
    assert_eq!(count("SELECT count(*) AS n FROM supports"), city.supports as i64);
    assert_eq!(count("SELECT count(*) AS n FROM media"), 8);
    assert_board_tells_one_story(&mut db.pool.get().unwrap());
    // The demo's committee accounts sit on seeded rounds, and some still wait for their sheet.
    let waiting = count(
        "SELECT count(*) AS n FROM round_members m JOIN evaluation_rounds r ON r.id = m.round_id \
         JOIN users u ON u.id = m.user_id WHERE u.email LIKE '%@fikir.example' AND r.closed_at IS NULL \
         AND m.submitted_at IS NULL AND m.recused_at IS NULL",
    );
    assert!(waiting > 0, "open rounds for the demo's evaluators");
    let files = std::fs::read_dir(media.path().join("media")).unwrap().count();
    assert_eq!(files, 16, "eight photos and their thumbnails");
    let second = run();
    assert!(!second.contains("password shown only now") && !second.contains("Demo city"), "{second}");
    assert_eq!(count("SELECT count(*) AS n FROM submissions"), city.submissions as i64);
}
both_backends!(demo_sqlite, demo_postgres, demo_makes_a_living_city_once);

/// SQLite keeps each query's plan whatever values are bound to it (the query planner stability
/// guarantee, compiled in through `.cargo/config.toml`). Without it, any statement with a
/// `LIMIT ?` (every diesel `.first()`) was parsed and planned again on each run.
#[test]
fn sqlite_keeps_prepared_plans_across_bound_values() {
    #[derive(QueryableByName)]
    struct Qpsg {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        qpsg: i32,
    }
    let db = TestDb::new(Kind::Sqlite);
    let mut c = db.pool.get().unwrap();
    let on = diesel::sql_query("SELECT sqlite_compileoption_used('ENABLE_QPSG') AS qpsg").get_result::<Qpsg>(&mut *c);
    assert_eq!(on.unwrap().qpsg, 1, "SQLite built with SQLITE_ENABLE_QPSG");
}

/// A PostgreSQL connection is not asked whether it is alive on every checkout (that was one more
/// round trip per read), but one the server closed is still found out and replaced: at most one
/// read within a second of the loss fails, and the next ones succeed.
#[tokio::test]
async fn postgresql_connections_the_server_closed_are_replaced() {
    let db = TestDb::new(Kind::Postgres);
    let read = || app::db::read(&db.pool, |c| app::settings::get_i64(c, app::settings::SUPPORT_THRESHOLD));
    let before = read().await.expect("a read before");
    // Every connection of the pool is closed by the server, as a restart would.
    let mut admin = diesel::PgConnection::establish(&db.url).unwrap();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for n in 0..20 {
        assert_eq!(read().await.unwrap_or_else(|e| panic!("read {n} after the loss: {e:?}")), before);
    }
}

/// The listing's pages are read by id on a city-sized database: SQLite plans them with the
/// statistics of the 200,000-submission seed, and reads no page by walking the whole table. (It
/// did, for the first page of the listing: SQLite 3.50 joined the page's ids the other way round,
/// and the JSON listing took 70–120 ms each time on the seed, 9 requests a second.)
#[tokio::test]
async fn listing_pages_are_read_by_id_on_a_city_sized_database() {
    use app::submissions::{ListFilter, Sort};
    let db = TestDb::new(Kind::Sqlite);
    let mut c = db.pool.get().unwrap();
    // The statistics the seed's ANALYZE wrote for 200,000 submissions.
    let city = [
        ("submissions_located", "119926 2 1 1 1 1 1 1"),
        ("submissions_moderated", "1 1 1"),
        ("submissions_updated", "200000 1 1"),
        ("submissions_support", "200000 154 1"),
        ("submissions_author", "200000 2 1"),
        ("submissions_directorate", "200000 16667 1"),
        ("submissions_neighbourhood", "200000 1695 1"),
        ("submissions_category", "200000 14286 1"),
        ("submissions_kind_status", "200000 33334 4082 1"),
        ("submissions_kind", "200000 33334 1"),
        ("submissions_status", "200000 11765 1"),
    ];
    diesel::sql_query("ANALYZE").execute(&mut *c).unwrap();
    diesel::sql_query("DELETE FROM sqlite_stat1 WHERE tbl = 'submissions'").execute(&mut *c).unwrap();
    for (idx, stat) in city {
        diesel::sql_query(format!(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('submissions', '{idx}', '{stat}')"
        ))
        .execute(&mut *c)
        .unwrap();
    }
    diesel::sql_query("ANALYZE sqlite_schema").execute(&mut *c).unwrap();
    let first = ListFilter { page: 1, per_page: 20, ..Default::default() };
    let filters = [
        ("the first page", first.clone()),
        (
            "page 500 of one kind and status",
            ListFilter {
                kind: Some(app::domain::submissions::Kind::Idea),
                status: Some(app::domain::submissions::Status::Published),
                page: 500,
                ..first.clone()
            },
        ),
        ("most supported first", ListFilter { sort: Sort::Support, ..first.clone() }),
        ("recently updated first", ListFilter { sort: Sort::Updated, ..first.clone() }),
        ("one neighbourhood", ListFilter { neighbourhood: Some(3), ..first.clone() }),
    ];
    for (what, f) in filters {
        let plan = app::submissions::listing::page_plan(&mut c, &f).unwrap();
        let whole_table: Vec<_> = plan.iter().filter(|s| s.parent == 0 && s.detail.starts_with("SCAN s")).collect();
        assert!(whole_table.is_empty(), "{what}: the page's rows are read by walking the table: {plan:#?}");
        assert!(
            plan.iter().any(|s| s.parent == 0 && s.detail.contains("USING INTEGER PRIMARY KEY")),
            "{what}: the page's rows are read by id: {plan:#?}"
        );
    }
}

/// PostgreSQL plans a kept statement once per connection, not at every run. Left to its default,
/// it planned the listing's page again at every request (its `LIMIT $n` made the kept plan look
/// costlier than the ones made for the values): 0.3–0.9 ms of planning where running took 0.1 ms,
/// a third of the JSON listing's time on the seed. Searches still run on connections that plan
/// each statement for its words.
#[tokio::test]
async fn postgresql_plans_the_listing_page_once_per_connection() {
    use app::submissions::{listing, ListFilter};
    let db = TestDb::new(Kind::Postgres);
    db.pool
        .get()
        .unwrap()
        .batch_execute(
            "INSERT INTO submissions (kind, status, title, body, body_html, summary, search_title, search_body, \
             category_id, neighbourhood_id, directorate_id, created_at, updated_at) \
             SELECT 'idea', 'published', 'Park ' || n, 'Bir park', '<p>Bir park</p>', 'Bir park', 'park', 'bir park', \
             (SELECT min(id) FROM categories), (SELECT min(id) FROM neighbourhoods), (SELECT min(id) FROM directorates), \
             now(), now() FROM generate_series(1, 5000) n; ANALYZE",
        )
        .unwrap();
    // One connection, so that every read is on it.
    let pool = app::db::connect(&db.url, 1).unwrap();
    let runs = 8;
    for page in 1..=runs {
        let got = listing::list(&pool, ListFilter { page, per_page: 20, ..Default::default() }).await.unwrap();
        assert_eq!(got.items.len(), 20, "page {page}");
    }
    #[derive(QueryableByName, Debug)]
    struct Plans {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        generic_plans: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        custom_plans: i64,
    }
    let mut c = pool.get().unwrap();
    let plans: Vec<Plans> = diesel::sql_query(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%WHERE s.id IN (SELECT%'",
    )
    .load(&mut *c)
    .unwrap();
    assert_eq!(plans.len(), 1, "the listing's page is one kept statement: {plans:?}");
    assert_eq!(plans[0].custom_plans, 0, "planned for its values at some runs: {plans:?}");
    assert_eq!(plans[0].generic_plans, runs, "{plans:?}");
    // A search plans for its words (a word in nearly every submission is read in order, a rare
    // one from the index) and still finds them.
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Text)]
        mode: String,
    }
    let mode = |c: &mut app::db::DbConn| {
        diesel::sql_query("SELECT current_setting('plan_cache_mode') AS mode").get_result::<Mode>(c).unwrap().mode
    };
    assert_eq!(mode(&mut c), "force_generic_plan");
    assert_eq!(mode(&mut pool.get_searching().unwrap()), "auto");
    let found = listing::list(&pool, ListFilter { q: "park".into(), page: 1, per_page: 20, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(found.items.len(), 20);
}
