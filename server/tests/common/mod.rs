//! Test support: a fresh database per test (a SQLite file in a temp dir, or a new PostgreSQL
//! database on the server named by TEST_DATABASE_URL, dropped afterwards), the real router with
//! its session layer, and a tiny client that keeps the session cookie.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use app::db::{self, Pool};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use fikir::config::ServeArgs;
use fikir::router;
use fikir::state::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A fresh, migrated database with the reference data installed.
pub struct TestDb {
    pub url: String,
    pub pool: Pool,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    pub fn new(kind: Kind) -> TestDb {
        let (url, dir, drop_pg) = match kind {
            Kind::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = dir.path().join("test.sqlite3").to_string_lossy().into_owned();
                (url, Some(dir), None)
            }
            Kind::Postgres => {
                let admin = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| {
                    panic!(
                        "TEST_DATABASE_URL is not set: the PostgreSQL variant of this test needs a server. \
                         Run the README's test command (scripts/test), which starts one."
                    )
                });
                let name = format!("fikir_test_{}_{}", std::process::id(), rand::random::<u32>());
                let mut c = diesel::PgConnection::establish(&admin).expect("connect to TEST_DATABASE_URL");
                c.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
                let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).expect("database URL with a path");
                (format!("{base}/{name}"), None, Some((admin, name)))
            }
        };
        let pool = db::connect(&url, 8).expect("pool");
        {
            let mut c = pool.get().expect("connection");
            db::migrate(&mut c).expect("migrate");
            app::reference::service::install_if_empty(&mut c).expect("reference data");
            app::evaluation::service::install_default_rubric(&mut c).expect("default rubric");
            app::response_times::service::install_holidays_if_empty(&mut c).expect("holidays");
            app::moderation::service::install_words_if_empty(&mut c).expect("word list");
        }
        TestDb { url, pool, _dir: dir, drop_pg }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.drop_pg.take() {
            if let Ok(mut c) = diesel::PgConnection::establish(&admin) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// Runs an async test body `fn(Kind)` on a fresh SQLite file and on a fresh PostgreSQL database:
/// `both_backends!(name_sqlite, name_postgres, body)`.
#[macro_export]
macro_rules! both_backends {
    ($sqlite:ident, $postgres:ident, $body:ident) => {
        #[tokio::test(flavor = "current_thread")]
        async fn $sqlite() {
            $body($crate::common::Kind::Sqlite).await
        }
        #[tokio::test(flavor = "current_thread")]
        async fn $postgres() {
            $body($crate::common::Kind::Postgres).await
        }
    };
}

pub struct TestApp {
    pub db: TestDb,
    pub router: Router,
    pub state: AppState,
    pub media_dir: tempfile::TempDir,
}

impl TestApp {
    pub fn new(kind: Kind) -> TestApp {
        Self::with_args(kind, ServeArgs::default())
    }

    pub fn with_args(kind: Kind, mut args: ServeArgs) -> TestApp {
        let db = TestDb::new(kind);
        let media_dir = tempfile::tempdir().expect("media dir");
        args.media_dir = Some(media_dir.path().to_owned());
        let state = AppState::new(db.pool.clone(), args);
        let router = router::build(state.clone());
        TestApp { db, router, state, media_dir }
    }

    /// The files in the media folder (photos, thumbnails, videos).
    pub fn media_files(&self) -> Vec<String> {
        match std::fs::read_dir(self.media_dir.path()) {
            Ok(dir) => dir.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
            Err(_) => Vec::new(),
        }
    }

    pub fn client(&self) -> Client {
        Client { router: self.router.clone(), cookie: None, lang: None }
    }

    /// A signed-in client for a new account with the given roles (password `kestane şekeri 16`).
    pub async fn user_with_roles(&self, email: &str, roles: &[app::domain::roles::Role]) -> (Client, i64) {
        let hash = app::auth::password::hash_password(PASSWORD).expect("hash");
        let input = app::domain::accounts::NewAccount {
            display_name: "Deneme Kişi".into(),
            email: email.into(),
            password: PASSWORD.into(),
        };
        let roles = roles.to_vec();
        let user = db::tx(&self.db.pool, move |c| app::accounts::service::create_user(c, &input, &hash, &roles))
            .await
            .expect("create user");
        let mut client = self.client();
        let res =
            client.json("POST", "/api/v1/auth/login", serde_json::json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        (client, user.id)
    }

    /// Runs statements straight on the database (to set times a test cannot wait for).
    pub fn exec(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        let mut c = self.db.pool.get().expect("conn");
        c.batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn count(&self, sql_table: &str) -> i64 {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut c = self.db.pool.get().expect("conn");
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {sql_table}")).get_result::<N>(&mut *c).expect("count").n
    }
}

/// Every test's app ends with the stalled-render safety net unused (`http::stall`).
impl Drop for TestApp {
    fn drop(&mut self) {
        let stalls = self.state.stalled_renders.load(std::sync::atomic::Ordering::Relaxed);
        if stalls > 0 && !std::thread::panicking() {
            panic!("{stalls} page render(s) stalled and were rendered again");
        }
    }
}

pub const PASSWORD: &str = "kestane şekeri 16";

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn location(&self) -> String {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    }
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    }
}

/// Sends requests through the real router, keeping the session cookie like a browser.
#[derive(Clone)]
pub struct Client {
    pub router: Router,
    pub cookie: Option<String>,
    pub lang: Option<String>,
}

impl Client {
    pub async fn send(&mut self, req: Request<Body>) -> Resp {
        let what = format!("{} {}", req.method(), req.uri());
        // A hung request fails the test with its name instead of stalling the whole suite.
        let res = tokio::time::timeout(std::time::Duration::from_secs(15), self.router.clone().oneshot(req))
            .await
            .unwrap_or_else(|_| panic!("{what} did not answer within 15 s"))
            .expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or_default();
            if let Some(rest) = v.strip_prefix("fikir_session=") {
                let value = rest.split(';').next().unwrap_or_default();
                let expired = v.contains("Max-Age=0") || value.is_empty();
                self.cookie = if expired { None } else { Some(format!("fikir_session={value}")) };
            }
        }
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Resp { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    fn builder(&self, method: &str, uri: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(l) = &self.lang {
            b = b.header(header::ACCEPT_LANGUAGE, l);
        }
        b
    }

    pub async fn get(&mut self, uri: &str) -> Resp {
        let req = self.builder("GET", uri).body(Body::empty()).expect("request");
        self.send(req).await
    }

    pub async fn json(&mut self, method: &str, uri: &str, body: serde_json::Value) -> Resp {
        self.raw(method, uri, "application/json", body.to_string().into_bytes()).await
    }

    /// A request as an API client sends it: writes name their origin (`Origin`), as browsers do
    /// and as the server requires of any write carrying the session cookie.
    pub async fn raw(&mut self, method: &str, uri: &str, content_type: &str, body: Vec<u8>) -> Resp {
        let mut b = self.builder(method, uri).header(header::CONTENT_TYPE, content_type);
        if method != "GET" {
            b = b.header(header::ORIGIN, "http://127.0.0.1:3000").header(header::HOST, "127.0.0.1:3000");
        }
        self.send(b.body(Body::from(body)).expect("request")).await
    }

    /// A multipart form post as a browser sends it, with our own Origin.
    pub async fn multipart_form(&mut self, uri: &str, content_type: &str, body: Vec<u8>) -> Resp {
        let req = self
            .builder("POST", uri)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::HOST, "127.0.0.1:3000")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// A form post from the page `page`, as a browser sends it (with `Referer`).
    pub async fn form_on(&mut self, page: &str, uri: &str, fields: &[(&str, &str)]) -> Resp {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let req = self
            .builder("POST", uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::REFERER, format!("http://127.0.0.1:3000{page}"))
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// A form post as a browser sends it: urlencoded, with our own Origin.
    pub async fn form(&mut self, uri: &str, fields: &[(&str, &str)]) -> Resp {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let req = self
            .builder("POST", uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::HOST, "127.0.0.1:3000")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A multipart body: text fields, then files as (field, file name, content type, bytes).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "----fikir-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (name, file, ctype, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {ctype}\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
