//! (ssr) The database: one code path over SQLite and PostgreSQL (`DbConn`, a diesel
//! MultiConnection), an r2d2 pool, embedded migrations, and `tx`, which runs blocking diesel
//! work in one transaction on tokio's blocking pool; only `read_now`, for reads of microseconds
//! (who is asking; on SQLite a person's notifications), runs on the async executor's thread.
pub mod cache;
pub mod direct;
pub mod schema;
pub mod sql;
pub mod time;

use crate::error::{AppError, AppResult};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// The connection pool, with the in-memory caches that belong to this database (several pools,
/// each on its own database, live side by side in the tests).
///
/// PostgreSQL has two kinds of connection (see `Plans`): most statements run where each is
/// planned once, searches where each is planned for the words it is run with (`read_search`).
#[derive(Clone)]
pub struct Pool {
    inner: r2d2::Pool<ConnManager>,
    /// PostgreSQL: connections that plan each statement for its values (`Plans::ForValues`).
    searching: Option<r2d2::Pool<ConnManager>>,
    caches: std::sync::Arc<cache::Caches>,
}

/// A connection taken from the pool (back to it when dropped).
pub struct Conn(r2d2::PooledConnection<ConnManager>);

impl std::ops::Deref for Conn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.0.conn
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.0.conn
    }
}

impl Pool {
    pub fn get(&self) -> Result<Conn, r2d2::Error> {
        self.inner.get().map(Conn)
    }
    /// A connection that plans each statement for its values (`Plans::ForValues`).
    pub fn get_searching(&self) -> Result<Conn, r2d2::Error> {
        self.searching.as_ref().unwrap_or(&self.inner).get().map(Conn)
    }
    pub fn caches(&self) -> &cache::Caches {
        &self.caches
    }
    pub fn backend(&self) -> Backend {
        self.caches.backend
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = diesel_migrations::embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = diesel_migrations::embed_migrations!("../migrations/postgres");

/// Which database a URL names: `postgres://` or `postgresql://` is PostgreSQL, anything else
/// a SQLite file path (an optional `sqlite://` prefix is dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Postgres(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Opens connections of the backend the URL names. We pick the variant ourselves: diesel's
/// `establish` tries variants in order, and SQLite accepts any string as a path.
#[derive(Debug, Clone)]
pub struct ConnManager {
    url: String,
    backend: Backend,
    /// SQLite: bytes of the file each connection reads through a memory map (0: none).
    sqlite_mmap: u64,
    plans: Plans,
}

/// How a PostgreSQL connection plans the statements it keeps prepared.
///
/// Left to itself (`plan_cache_mode = auto`) PostgreSQL plans a kept statement for its values
/// five times, then keeps one plan for every value only if that plan's estimated cost is no
/// higher than the average so far. On the 200,000-submission seed two hot statements never got
/// there, so they were planned again at every run: the listing's page (a `LIMIT $n` has no
/// known size, so the kept plan is costed for a tenth of the table: planning took 0.3–0.9 ms
/// where running took 0.1 ms) and a submission's comments (119 against 116, planning included,
/// on an identical plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plans {
    /// Every kept statement is planned once per connection (`force_generic_plan`).
    Once,
    /// PostgreSQL's default: a statement run without being kept (`Sql::plan_each_time`, the
    /// searches, where a word's statistics decide between reading rows in order and the index)
    /// is planned for its values each time.
    ForValues,
}

impl ConnManager {
    pub fn new(url: &str) -> Self {
        let backend = Backend::of(url);
        let url = match backend {
            Backend::Sqlite => url.strip_prefix("sqlite://").unwrap_or(url).to_owned(),
            Backend::Postgres => url.to_owned(),
        };
        ConnManager { url, backend, sqlite_mmap: 0, plans: Plans::Once }
    }
}

/// A connection of the pool, with when it was last found alive.
pub struct Pooled {
    conn: DbConn,
    checked_at: std::time::Instant,
}

/// How long a PostgreSQL connection found alive is taken as alive without asking again.
const ALIVE_FOR: Duration = Duration::from_secs(1);

impl r2d2::ManageConnection for ConnManager {
    type Connection = Pooled;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Pooled, Self::Error> {
        let conn = self.open()?;
        Ok(Pooled { conn, checked_at: std::time::Instant::now() })
    }

    /// Checked each time a connection is taken from the pool: a PostgreSQL connection may have
    /// been closed by the server, so it is asked (`SELECT 1`) when it was last found alive more
    /// than `ALIVE_FOR` ago. Asking on every checkout was one more round trip for every read,
    /// a fifth of a signed-in page's trips; a connection that died since is asked within a
    /// second and replaced. A SQLite file stays open, so it is not asked (the check was a
    /// statement parsed again on every read).
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), Self::Error> {
        match conn.conn {
            DbConn::Postgres(_) if conn.checked_at.elapsed() >= ALIVE_FOR => {
                conn.conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)?;
                conn.checked_at = std::time::Instant::now();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn has_broken(&self, _conn: &mut Pooled) -> bool {
        false
    }
}

impl ConnManager {
    fn open(&self) -> Result<DbConn, diesel::r2d2::Error> {
        use diesel::r2d2::Error as E;
        match self.backend {
            Backend::Postgres => {
                let mut c = diesel::PgConnection::establish(&self.url).map_err(E::ConnectionError)?;
                if self.plans == Plans::Once {
                    c.batch_execute("SET plan_cache_mode = force_generic_plan").map_err(E::QueryError)?;
                }
                Ok(DbConn::Postgres(c))
            }
            Backend::Sqlite => {
                let mut c = diesel::SqliteConnection::establish(&self.url).map_err(E::ConnectionError)?;
                // The busy timeout comes first, so that even switching to WAL waits for a lock
                // held by a connection opened at the same moment. WAL lets readers run beside one
                // writer; SQLite leaves foreign keys off unless asked. Each connection keeps up to
                // 4 MB of pages; a memory map (`--sqlite-mmap-mb`) saves copying pages out of the
                // OS cache, but every connection maps the file again and each mapping counts in
                // the server's resident memory, so it is off unless asked for.
                c.batch_execute(&format!(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA cache_size = -4000; PRAGMA mmap_size = {};",
                    self.sqlite_mmap
                ))
                .map_err(E::QueryError)?;
                Ok(DbConn::Sqlite(c))
            }
        }
    }
}

/// Builds the pool. For SQLite the file's folder is created first.
pub fn connect(url: &str, max_size: u32) -> AppResult<Pool> {
    connect_with(url, max_size, 0)
}

/// `connect`, with SQLite connections reading the first `sqlite_mmap_mb` MB of the file through a
/// memory map.
pub fn connect_with(url: &str, max_size: u32, sqlite_mmap_mb: u64) -> AppResult<Pool> {
    let manager = ConnManager { sqlite_mmap: sqlite_mmap_mb * 1024 * 1024, ..ConnManager::new(url) };
    if manager.backend == Backend::Sqlite {
        if let Some(dir) = std::path::Path::new(&manager.url).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(AppError::internal)?;
            }
        }
    }
    let backend = manager.backend;
    let unavailable = |e: r2d2::Error| {
        tracing::error!(error = %e, "cannot open the database");
        AppError::Unavailable
    };
    // Searches get a quarter of the connections (at least two), opened when first asked for.
    let searching = match backend {
        Backend::Postgres => Some(
            r2d2::Pool::builder()
                .max_size((max_size / 4).max(2))
                .min_idle(Some(0))
                .connection_timeout(Duration::from_secs(10))
                .build(ConnManager { plans: Plans::ForValues, ..manager.clone() })
                .map_err(unavailable)?,
        ),
        Backend::Sqlite => None,
    };
    let inner = r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)
        .map_err(unavailable)?;
    Ok(Pool { inner, searching, caches: std::sync::Arc::new(cache::Caches::new(backend)) })
}

/// Applies every pending migration of the connection's backend; returns how many ran.
pub fn migrate(conn: &mut DbConn) -> AppResult<usize> {
    let ran = match conn {
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len()),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    ran.map_err(|e| AppError::internal(format!("migration failed: {e}")))
}

/// Runs `f` in one transaction on the blocking pool, because diesel is synchronous.
/// SQLite transactions start with `BEGIN IMMEDIATE`, so two writers queue on the busy timeout
/// instead of one failing with SQLITE_BUSY when it upgrades a read lock.
pub async fn tx<T, F>(pool: &Pool, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        run_tx(&mut conn, f)
    })
    .await
    .map_err(AppError::internal)?
}

/// Runs read-only `f` on the blocking pool without a transaction of ours: SQLite readers in WAL
/// mode never wait for the writer, and each statement sees a consistent snapshot.
pub async fn read<T, F>(pool: &Pool, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    read_on(pool, Pool::get, f).await
}

/// `read` on a connection that plans kept statements as `plans` says: `Plans::ForValues` for
/// searches, whose statements are marked `Sql::plan_each_time`. (SQLite has one kind.)
pub async fn read_with<T, F>(pool: &Pool, plans: Plans, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    match plans {
        Plans::Once => read_on(pool, Pool::get, f).await,
        Plans::ForValues => read_on(pool, Pool::get_searching, f).await,
    }
}

/// `read` for what takes microseconds: one row by key (who is asking, before every signed-in
/// page) or a page of rows by key (a person's notifications). It runs on the calling thread when
/// a connection is free at once, because handing it to the blocking pool and back (two threads
/// woken) costs more than the read itself; when none is free it waits on the blocking pool like
/// `read`, so a worker never waits for a connection. On PostgreSQL the thread waits for the
/// database's answer meanwhile, which is why the server runs two request threads per core there
/// (`--worker-threads`). Anything longer must use `read`: run this way, a submission's page lost
/// a third of its rate on PostgreSQL with one thread per core and a fifteenth with two
/// (docs/BENCHMARK.md, sessions 14 and 17); `read_page` chooses by database.
pub async fn read_now<T, F>(pool: &Pool, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    match pool.inner.try_get() {
        Some(conn) => f(&mut Conn(conn)),
        None => read(pool, f).await,
    }
}

/// The reads of a page rendered outside the router (a submission's page: five to seventeen
/// statements): on SQLite, where they are our own CPU work, on the request's thread like
/// `read_now` (two threads fewer woken per page: 4,562–5,338 → 5,141–5,531 req/s side by side,
/// session 19); on PostgreSQL, where that thread would wait for another process, on the
/// blocking pool like `read`.
pub async fn read_page<T, F>(pool: &Pool, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    match pool.backend() {
        Backend::Sqlite => read_now(pool, f).await,
        Backend::Postgres => read(pool, f).await,
    }
}

async fn read_on<T, F>(pool: &Pool, take: fn(&Pool) -> Result<Conn, r2d2::Error>, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = take(&pool)?;
        f(&mut conn)
    })
    .await
    .map_err(AppError::internal)?
}

/// The synchronous core of `tx`, for the CLI and for code already on a blocking thread.
pub fn run_tx<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> AppResult<T>) -> AppResult<T> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    type Tm = AnsiTransactionManager;
    match conn {
        DbConn::Postgres(_) => conn.transaction(f),
        DbConn::Sqlite(c) => {
            // The transaction state lives in the inner connection, so nested `transaction` calls
            // made through the DbConn inside `f` become savepoints, as usual.
            Tm::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            let result = f(conn);
            let DbConn::Sqlite(c) = conn else { return Err(AppError::Internal) };
            match result {
                Ok(v) => match <Tm as TransactionManager<diesel::SqliteConnection>>::commit_transaction(c) {
                    Ok(()) => Ok(v),
                    Err(e) => {
                        let _rolled_back =
                            <Tm as TransactionManager<diesel::SqliteConnection>>::rollback_transaction(c);
                        Err(e.into())
                    }
                },
                Err(e) => {
                    <Tm as TransactionManager<diesel::SqliteConnection>>::rollback_transaction(c)?;
                    Err(e)
                }
            }
        }
    }
}

impl From<diesel::ConnectionError> for AppError {
    fn from(e: diesel::ConnectionError) -> Self {
        AppError::internal(e)
    }
}
