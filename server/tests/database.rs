//! The schema and the reference data on both databases, and the command line.
// Test bodies are plain async fns run by `both_backends!`, so clippy does not see them as tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{Kind, TestDb};
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
        )>(&mut c)
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
        )>(&mut c)
        .unwrap();
    // The review board's tables (issue 10).
    rubrics::table
        .select(rubrics::all_columns)
        .load::<(i64, i64, i32, time::PrimitiveDateTime, Option<i64>)>(&mut c)
        .unwrap();
    rubric_criteria::table
        .select(rubric_criteria::all_columns)
        .load::<(i64, i64, i32, String, String, String, i32)>(&mut c)
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
    evaluation_rounds::table.select(evaluation_rounds::all_columns).load::<Round>(&mut c).unwrap();
    committees::table
        .select(committees::all_columns)
        .load::<(i64, String, Option<i64>, bool, time::PrimitiveDateTime)>(&mut c)
        .unwrap();
    committee_members::table.select(committee_members::all_columns).load::<(i64, i64)>(&mut c).unwrap();
    media::table.select(media::phase).load::<Option<String>>(&mut c).unwrap();
    round_members::table
        .select(round_members::all_columns)
        .load::<(i64, i64, Option<time::PrimitiveDateTime>, Option<time::PrimitiveDateTime>, String)>(&mut c)
        .unwrap();
    round_scores::table.select(round_scores::all_columns).load::<(i64, i64, i64, i32, String)>(&mut c).unwrap();
    decisions::table
        .select(decisions::all_columns)
        .load::<(i64, i64, Option<i64>, String, String, Option<i64>, Option<i64>, i64, time::PrimitiveDateTime)>(&mut c)
        .unwrap();
    milestones::table
        .select(milestones::all_columns)
        .load::<(i64, i64, String, String, Option<String>, String, time::PrimitiveDateTime, time::PrimitiveDateTime)>(
            &mut c,
        )
        .unwrap();
    implementations::table
        .select(implementations::all_columns)
        .load::<(i64, i32, Option<i64>, Option<i64>, time::PrimitiveDateTime)>(&mut c)
        .unwrap();
    user_roles::table.select(user_roles::all_columns).load::<(i64, String, time::PrimitiveDateTime)>(&mut c).unwrap();
    sessions::table
        .select(sessions::all_columns)
        .load::<(String, String, time::PrimitiveDateTime, Option<i64>)>(&mut c)
        .unwrap();
    audit_log::table
        .select(audit_log::all_columns)
        .load::<(i64, time::PrimitiveDateTime, Option<i64>, String, String, String, Option<String>)>(&mut c)
        .unwrap();
    directorates::table.select(directorates::all_columns).load::<(i64, String, String, String, bool)>(&mut c).unwrap();
    categories::table.select(categories::all_columns).load::<(i64, String, String, String, i64, bool)>(&mut c).unwrap();
    neighbourhoods::table
        .select(neighbourhoods::all_columns)
        .load::<(i64, String, String, Option<f64>, Option<f64>, bool)>(&mut c)
        .unwrap();
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
        .execute(&mut c)
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
    assert_eq!(n(&mut c, "SELECT CAST(coalesce(sum(comment_count), 0) AS BIGINT) AS n FROM submissions"), 600);
    assert_eq!(n(&mut c, "SELECT count(*) AS n FROM users WHERE email LIKE '%@seed.fikir.example'"), 120);
    assert_eq!(
        n(&mut c, "SELECT count(*) AS n FROM submissions s WHERE s.kind IN ('complaint','request','information_request') AND s.support_count > 0"),
        0,
        "service requests collect no support"
    );
    assert_eq!(n(&mut c, "SELECT count(DISTINCT reference) AS n FROM submissions"), 300, "references are unique");
    let counted = n(&mut c, "SELECT CAST(coalesce(sum(last_number), 0) AS BIGINT) AS n FROM reference_counters");
    assert_eq!(counted, 300, "the next submission continues the numbering");
    drop(c);
    let again = fikir::cli::seed::run(&db.pool, args).await;
    assert!(again.unwrap_err().contains("already has submissions"));
}
both_backends!(seed_sqlite, seed_postgres, seed_makes_a_consistent_city_and_refuses_to_run_twice);

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
        diesel::sql_query(sql).get_result::<N>(&mut c).unwrap().n
    };
    let city = fikir::cli::demo::DEMO_CITY;
    assert_eq!(count("SELECT count(*) AS n FROM submissions"), city.submissions as i64);
    assert_eq!(count("SELECT count(DISTINCT kind) AS n FROM submissions"), 6, "every kind");
    assert!(count("SELECT count(DISTINCT status) AS n FROM submissions") >= 8, "many statuses");
    assert_eq!(count("SELECT count(*) AS n FROM supports"), city.supports as i64);
    assert_eq!(count("SELECT count(*) AS n FROM media"), 8);
    let files = std::fs::read_dir(media.path().join("media")).unwrap().count();
    assert_eq!(files, 16, "eight photos and their thumbnails");
    let second = run();
    assert!(!second.contains("password shown only now") && !second.contains("Demo city"), "{second}");
    assert_eq!(count("SELECT count(*) AS n FROM submissions"), city.submissions as i64);
}
both_backends!(demo_sqlite, demo_postgres, demo_makes_a_living_city_once);
