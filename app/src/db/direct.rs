//! Runs a diesel query on the variant's own connection (`SqliteConnection`, `PgConnection`)
//! instead of through `DbConn`, for the reads every page makes.
//!
//! Through `DbConn` (diesel's `MultiConnection`) each run writes the statement's SQL text again,
//! twice: once to ask whether it may be kept prepared and once more to collect its values, and
//! then finds the kept statement by that text. On a signed-in person's submission page that was
//! about a tenth of the server's CPU (`perf`: the derive's `SerializedQuery::walk_ast`,
//! `push_identifier`, `cached_statement_non_generic_impl`). On the variant's own connection a
//! statement of fixed shape is found by its Rust type, and its text is written once per
//! connection. The query must compile for both backends, which every query of the DSL does.
use super::DbConn;
use diesel::pg::PgConnection;
use diesel::query_dsl::methods::LimitDsl;
use diesel::query_dsl::LoadQuery;
use diesel::sqlite::SqliteConnection;
use diesel::{QueryResult, RunQueryDsl};

/// `load`, `get_result` and `first` on the variant's own connection (see the module).
pub trait Direct: Sized {
    fn load_direct<'q, U>(self, conn: &mut DbConn) -> QueryResult<Vec<U>>
    where
        Self: RunQueryDsl<SqliteConnection> + RunQueryDsl<PgConnection>,
        Self: LoadQuery<'q, SqliteConnection, U> + LoadQuery<'q, PgConnection, U>,
    {
        match conn {
            DbConn::Sqlite(c) => RunQueryDsl::<SqliteConnection>::load(self, c),
            DbConn::Postgres(c) => RunQueryDsl::<PgConnection>::load(self, c),
        }
    }

    fn get_result_direct<'q, U>(self, conn: &mut DbConn) -> QueryResult<U>
    where
        Self: RunQueryDsl<SqliteConnection> + RunQueryDsl<PgConnection>,
        Self: LoadQuery<'q, SqliteConnection, U> + LoadQuery<'q, PgConnection, U>,
    {
        match conn {
            DbConn::Sqlite(c) => RunQueryDsl::<SqliteConnection>::get_result(self, c),
            DbConn::Postgres(c) => RunQueryDsl::<PgConnection>::get_result(self, c),
        }
    }

    fn first_direct<'q, U>(self, conn: &mut DbConn) -> QueryResult<U>
    where
        Self: LimitDsl,
        diesel::dsl::Limit<Self>: RunQueryDsl<SqliteConnection> + RunQueryDsl<PgConnection>,
        diesel::dsl::Limit<Self>: LoadQuery<'q, SqliteConnection, U> + LoadQuery<'q, PgConnection, U>,
    {
        self.limit(1).get_result_direct(conn)
    }
}

impl<T> Direct for T {}
