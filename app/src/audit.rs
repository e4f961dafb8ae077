//! (ssr) The audit log: staff and admin actions, append-only. Written in the same transaction
//! as the change it records, so a change is never without its entry.
use crate::db::schema::audit_log;
use crate::db::DbConn;
use diesel::prelude::*;

pub fn record(conn: &mut DbConn, actor_id: Option<i64>, action: &str, subject: &str, detail: &str) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(crate::accounts::model::now()),
            audit_log::actor_id.eq(actor_id),
            audit_log::action.eq(action),
            audit_log::subject.eq(subject),
            audit_log::detail.eq(detail),
        ))
        .execute(conn)?;
    Ok(())
}
