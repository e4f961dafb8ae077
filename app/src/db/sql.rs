//! Hand-written SQL with a varying number of parameters, for the few queries diesel's DSL cannot
//! say on both backends (full-text search, dynamic filters, upserts): the text is built once with
//! the right placeholders (`?` for SQLite, `$n` for PostgreSQL) and run on the variant's own
//! connection. Values are always bound, never spliced into the text.
use super::{Backend, DbConn};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use diesel::sqlite::Sqlite;

#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    Time(time::PrimitiveDateTime),
}

#[derive(Debug, Clone)]
pub struct Sql {
    backend: Backend,
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    pub fn new(backend: Backend) -> Self {
        Sql { backend, text: String::with_capacity(256), binds: Vec::new() }
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
        match self.backend {
            Backend::Sqlite => self.text.push('?'),
            Backend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.binds.len().to_string());
            }
        }
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.bind(Bind::Int(value))
    }

    pub fn text(&mut self, value: impl Into<String>) -> &mut Self {
        self.bind(Bind::Text(value.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn boxed<'a, DB>(self) -> diesel::query_builder::BoxedSqlQuery<'a, DB, diesel::query_builder::SqlQuery>
    where
        DB: diesel::backend::Backend + diesel::sql_types::HasSqlType<BigInt> + diesel::sql_types::HasSqlType<Text>,
        i64: diesel::serialize::ToSql<BigInt, DB>,
        Option<i64>: diesel::serialize::ToSql<Nullable<BigInt>, DB>,
        String: diesel::serialize::ToSql<Text, DB>,
        time::PrimitiveDateTime: diesel::serialize::ToSql<Timestamp, DB>,
        DB: diesel::sql_types::HasSqlType<Timestamp>,
        diesel::query_builder::SqlQuery: QueryFragment<DB>,
    {
        let mut q = diesel::sql_query(self.text).into_boxed::<DB>();
        for b in self.binds {
            q = match b {
                Bind::Int(v) => q.bind::<BigInt, _>(v),
                Bind::OptInt(v) => q.bind::<Nullable<BigInt>, _>(v),
                Bind::Text(v) => q.bind::<Text, _>(v),
                Bind::Time(v) => q.bind::<Timestamp, _>(v),
            };
        }
        q
    }

    /// Runs the query and reads every row as `R`.
    pub fn load<R>(self, conn: &mut DbConn) -> QueryResult<Vec<R>>
    where
        R: QueryableByName<Sqlite> + QueryableByName<Pg> + 'static,
    {
        match conn {
            DbConn::Sqlite(c) => self.boxed::<Sqlite>().load(c),
            DbConn::Postgres(c) => self.boxed::<Pg>().load(c),
        }
    }

    /// Runs a statement; returns the number of rows it touched.
    pub fn execute(self, conn: &mut DbConn) -> QueryResult<usize> {
        match conn {
            DbConn::Sqlite(c) => self.boxed::<Sqlite>().execute(c),
            DbConn::Postgres(c) => self.boxed::<Pg>().execute(c),
        }
    }
}

/// One `count(*)`-style number read by `Sql::load`.
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
