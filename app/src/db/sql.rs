//! Hand-written SQL with a varying number of parameters, for the few queries diesel's DSL cannot
//! say on both backends (full-text search, dynamic filters, upserts): the text is built once with
//! the right placeholders (`?` for SQLite, `$n` for PostgreSQL) and run on the variant's own
//! connection. Values are always bound, never spliced into the text.
use super::{Backend, DbConn};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamp};
use diesel::sqlite::Sqlite;

#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    Time(time::PrimitiveDateTime),
    Float(f64),
}

#[derive(Debug, Clone)]
pub struct Sql {
    backend: Backend,
    text: String,
    binds: Vec<Bind>,
    /// Where each bind's placeholder is in `text` (byte range), in order.
    marks: Vec<(usize, usize)>,
    /// Planned for its values at each run instead of kept prepared (`plan_each_time`).
    replan: bool,
}

impl Sql {
    pub fn new(backend: Backend) -> Self {
        Sql { backend, text: String::with_capacity(256), binds: Vec::new(), marks: Vec::new(), replan: false }
    }

    /// PostgreSQL plans this statement for the values it is run with, every time, instead of
    /// keeping it prepared. A kept statement is planned for its values only its first five runs;
    /// after that PostgreSQL may keep one plan for every value, made for a guessed number of
    /// rows. For a full-text search that guess (a thousand matches for every word) read the
    /// GIN index for 200,000 matches of a word in nearly every submission (28 ms) where reading
    /// rows in order until the count's cap took 1 ms. SQLite keeps the statement: its plan does
    /// not depend on the values. On PostgreSQL it must run on a connection that plans for
    /// values (`db::read_with(pool, Plans::ForValues, …)`): the others keep one plan for every
    /// statement (`db::Plans::Once`).
    pub fn plan_each_time(&mut self) -> &mut Self {
        self.replan = self.backend == Backend::Postgres;
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Appends SQL text (never user input).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        let start = self.text.len();
        match self.backend {
            Backend::Sqlite => self.text.push('?'),
            Backend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.binds.len().to_string());
            }
        }
        self.marks.push((start, self.text.len()));
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.bind(Bind::Int(value))
    }

    pub fn text(&mut self, value: impl Into<String>) -> &mut Self {
        self.bind(Bind::Text(value.into()))
    }

    pub fn float(&mut self, value: f64) -> &mut Self {
        self.bind(Bind::Float(value))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn load<R>(self, conn: &mut DbConn) -> QueryResult<Vec<R>>
    where
        R: QueryableByName<Sqlite> + QueryableByName<Pg> + 'static,
    {
        let query = Prepared { text: self.text, binds: self.binds, marks: self.marks, replan: self.replan };
        match conn {
            DbConn::Sqlite(c) => query.load(c),
            DbConn::Postgres(c) => query.load(c),
        }
    }

    pub fn execute(self, conn: &mut DbConn) -> QueryResult<usize> {
        let query = Prepared { text: self.text, binds: self.binds, marks: self.marks, replan: self.replan };
        match conn {
            DbConn::Sqlite(c) => query.execute(c),
            DbConn::Postgres(c) => query.execute(c),
        }
    }
}

/// The query as diesel runs it. Unlike diesel's own `sql_query`, it is safe to keep prepared:
/// the text never holds a value, so the same text with the same bind types is the same
/// statement. Connections keep it prepared, keyed by that text (parsing and planning the SQL
/// took an eighth of a listing page's time), unless `replan` (`Sql::plan_each_time`).
struct Prepared {
    text: String,
    binds: Vec<Bind>,
    marks: Vec<(usize, usize)>,
    replan: bool,
}

impl<DB> QueryFragment<DB> for Prepared
where
    DB: diesel::backend::Backend
        + diesel::sql_types::HasSqlType<BigInt>
        + diesel::sql_types::HasSqlType<Text>
        + diesel::sql_types::HasSqlType<Timestamp>
        + diesel::sql_types::HasSqlType<Double>,
    i64: diesel::serialize::ToSql<BigInt, DB>,
    f64: diesel::serialize::ToSql<Double, DB>,
    Option<i64>: diesel::serialize::ToSql<Nullable<BigInt>, DB>,
    String: diesel::serialize::ToSql<Text, DB>,
    time::PrimitiveDateTime: diesel::serialize::ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if self.replan {
            out.unsafe_to_cache_prepared();
        }
        // diesel writes each placeholder itself, in the same form and order as `Sql::bind`.
        let mut from = 0;
        for (b, (start, end)) in self.binds.iter().zip(&self.marks) {
            out.push_sql(&self.text[from..*start]);
            match b {
                Bind::Int(v) => out.push_bind_param::<BigInt, _>(v)?,
                Bind::OptInt(v) => out.push_bind_param::<Nullable<BigInt>, _>(v)?,
                Bind::Text(v) => out.push_bind_param::<Text, _>(v)?,
                Bind::Time(v) => out.push_bind_param::<Timestamp, _>(v)?,
                Bind::Float(v) => out.push_bind_param::<Double, _>(v)?,
            }
            from = *end;
        }
        out.push_sql(&self.text[from..]);
        Ok(())
    }
}

impl diesel::query_builder::QueryId for Prepared {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::Query for Prepared {
    type SqlType = diesel::sql_types::Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Prepared {}

#[derive(Debug, QueryableByName)]
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let mut s = Sql::new(Backend::Sqlite);
        s.push("a = ").int(1).push(" AND b = ").text("x");
        assert_eq!(s.as_str(), "a = ? AND b = ?");
        let mut p = Sql::new(Backend::Postgres);
        p.push("a = ").int(1).push(" AND b = ").text("x");
        assert_eq!(p.as_str(), "a = $1 AND b = $2");
    }
}
