//! tower-sessions store on our own database (the `sessions` table), so several app servers can
//! share sessions through one PostgreSQL. Expired rows are invisible to `load` and deleted by
//! `delete_expired`, which the server runs every ten minutes. Each row names its account
//! (`user_id`), so a password change can end the person's other sessions. A session without a
//! sign-in only carries a notice or a form's typed values to the next page: its row lasts an hour,
//! not the fourteen days of a signed-in one. Every change of a session forgets who the pages'
//! sessions name (`app::session::ssr::people_changed`).
use app::db::schema::sessions;
use app::db::{self, Pool};
use app::error::AppError;
use async_trait::async_trait;
use diesel::prelude::*;
use time::{OffsetDateTime, PrimitiveDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone)]
pub struct DbSessionStore {
    pool: Pool,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(pool: Pool) -> Self {
        DbSessionStore { pool }
    }

    /// Deletes the rows of expired sessions; returns how many.
    pub async fn delete_expired(&self) -> Result<usize, AppError> {
        let deleted = db::tx(&self.pool, |c| {
            Ok(diesel::delete(sessions::table.filter(sessions::expires_at.le(utc(OffsetDateTime::now_utc()))))
                .execute(c)?)
        })
        .await?;
        if deleted > 0 {
            app::session::ssr::people_changed(&self.pool);
        }
        Ok(deleted)
    }
}

fn utc(t: OffsetDateTime) -> PrimitiveDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    PrimitiveDateTime::new(t.date(), t.time())
}

fn backend(e: AppError) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// How long the row of a session without a sign-in lasts.
const ANONYMOUS_TTL: time::Duration = time::Duration::hours(1);

/// The row's data, its account, and when it expires.
fn encode(record: &Record) -> session_store::Result<(String, Option<i64>, PrimitiveDateTime)> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user = record.data.get(app::session::SESSION_USER_ID).and_then(serde_json::Value::as_i64);
    let expires = match user {
        Some(_) => record.expiry_date,
        None => record.expiry_date.min(OffsetDateTime::now_utc() + ANONYMOUS_TTL),
    };
    Ok((data, user, utc(expires)))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let (data, user, expires) = encode(record)?;
        // Always a new id: tower-sessions also creates the session again after `flush` (signing
        // out) with the record's old id, which would let the ended session's cookie live on.
        let mut id = Id::default();
        let id = db::tx(&self.pool, move |c| {
            // A clash of 128-bit random ids is not expected; if one happens, draw again.
            loop {
                let taken: i64 = sessions::table.filter(sessions::id.eq(id.to_string())).count().get_result(c)?;
                if taken == 0 {
                    diesel::insert_into(sessions::table)
                        .values((
                            sessions::id.eq(id.to_string()),
                            sessions::data.eq(&data),
                            sessions::expires_at.eq(expires),
                            sessions::user_id.eq(user),
                        ))
                        .execute(c)?;
                    return Ok(id);
                }
                id = Id::default();
            }
        })
        .await
        .map_err(backend)?;
        app::session::ssr::people_changed(&self.pool);
        record.id = id;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, user, expires) = encode(record)?;
        let id = record.id.to_string();
        db::tx(&self.pool, move |c| {
            // Update, else insert: one statement shape that both backends accept.
            let n = diesel::update(sessions::table.find(&id))
                .set((sessions::data.eq(&data), sessions::expires_at.eq(expires), sessions::user_id.eq(user)))
                .execute(c)?;
            if n == 0 {
                diesel::insert_into(sessions::table)
                    .values((
                        sessions::id.eq(&id),
                        sessions::data.eq(&data),
                        sessions::expires_at.eq(expires),
                        sessions::user_id.eq(user),
                    ))
                    .execute(c)?;
            }
            Ok(())
        })
        .await
        .map_err(backend)?;
        app::session::ssr::people_changed(&self.pool);
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let id = session_id.to_string();
        let now = utc(OffsetDateTime::now_utc());
        let row: Option<(String, PrimitiveDateTime)> = db::read(&self.pool, move |c| {
            Ok(sessions::table
                .filter(sessions::id.eq(&id).and(sessions::expires_at.gt(now)))
                .select((sessions::data, sessions::expires_at))
                .first(c)
                .optional()?)
        })
        .await
        .map_err(backend)?;
        let Some((data, expires)) = row else { return Ok(None) };
        let data = serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *session_id, data, expiry_date: expires.assume_utc() }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let id = session_id.to_string();
        db::tx(&self.pool, move |c| Ok(diesel::delete(sessions::table.find(&id)).execute(c)?))
            .await
            .map_err(backend)?;
        app::session::ssr::people_changed(&self.pool);
        Ok(())
    }
}
