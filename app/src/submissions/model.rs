//! (ssr) The rows of submissions as the database gives them: codes still strings, times still
//! `PrimitiveDateTime`. `SummaryRow::into_view` and `service::detail` turn them into the shapes
//! that leave the server, parsing every code once (a code that is not one of ours is an error).
use super::SubmissionSummary;
use crate::db::time::iso;
use crate::domain::submissions::{Kind, Status};
use crate::error::AppResult;
use crate::response_times::service::due_times;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use diesel::{Queryable, QueryableByName};
use time::PrimitiveDateTime;

/// A submission as lists show it, read by the hand-written listing and search queries.
#[derive(Debug, QueryableByName)]
pub struct SummaryRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub reference: Option<String>,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub summary: String,
    #[diesel(sql_type = BigInt)]
    pub category_id: i64,
    #[diesel(sql_type = BigInt)]
    pub neighbourhood_id: i64,
    #[diesel(sql_type = BigInt)]
    pub directorate_id: i64,
    #[diesel(sql_type = BigInt)]
    pub support_count: i64,
    #[diesel(sql_type = BigInt)]
    pub comment_count: i64,
    #[diesel(sql_type = Timestamp)]
    pub created_at: PrimitiveDateTime,
    #[diesel(sql_type = Timestamp)]
    pub updated_at: PrimitiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub first_response_due_at: Option<PrimitiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub resolution_due_at: Option<PrimitiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub first_response_at: Option<PrimitiveDateTime>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub resolved_at: Option<PrimitiveDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    pub moderation: Option<String>,
}

/// The columns of `SummaryRow`, in its order, for hand-written queries over `submissions s`.
pub const COLUMNS: &str =
    "s.id, s.reference, s.kind, s.status, s.title, s.summary, s.category_id, s.neighbourhood_id, \
     s.directorate_id, s.support_count, s.comment_count, s.created_at, s.updated_at, \
     s.first_response_due_at, s.resolution_due_at, s.first_response_at, s.resolved_at, s.moderation";

impl SummaryRow {
    pub fn into_view(self) -> AppResult<SubmissionSummary> {
        let status = Status::stored(&self.status)?;
        Ok(SubmissionSummary {
            id: self.id,
            reference: self.reference.unwrap_or_default(),
            kind: Kind::stored(&self.kind)?,
            status,
            title: self.title,
            summary: self.summary,
            category_id: self.category_id,
            neighbourhood_id: self.neighbourhood_id,
            directorate_id: self.directorate_id,
            support_count: self.support_count,
            comment_count: self.comment_count,
            created_at: iso(self.created_at),
            updated_at: iso(self.updated_at),
            due: due_times(
                self.created_at,
                (self.first_response_due_at, self.resolution_due_at, self.first_response_at, self.resolved_at),
                status.is_open(),
            ),
            moderation: self.moderation.as_deref().map(crate::moderation::ModerationState::stored).transpose()?,
        })
    }
}

/// A submission's own columns, as its page reads them (`service::detail`).
#[derive(Debug, Queryable)]
pub struct DetailRow {
    pub id: i64,
    pub reference: Option<String>,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub category_id: i64,
    pub neighbourhood_id: i64,
    pub directorate_id: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub author_id: Option<i64>,
    pub channel: String,
    pub support_count: i64,
    pub comment_count: i64,
    pub queued_at: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    pub first_response_due_at: Option<PrimitiveDateTime>,
    pub resolution_due_at: Option<PrimitiveDateTime>,
    pub first_response_at: Option<PrimitiveDateTime>,
    pub resolved_at: Option<PrimitiveDateTime>,
    pub moderation: Option<String>,
}
