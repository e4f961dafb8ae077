//! The mail outbox for admins over JSON: the messages that are late or given up, and resending
//! one. The same service as the admin page (`app::notifications::outbox`).
use super::error::{ApiError, ErrorBody};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::error::Problem;
use app::error::{AppError, FieldErrors};
use app::notifications::{outbox, MailList, MailView, MailViewFilter};
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MailQuery {
    /// `stuck` (pending, but more than 15 minutes late or failed at least 3 times) or `failed`
    /// (given up after the 48-hour retry window); both when absent.
    pub state: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/mail", tag = "admin", params(MailQuery),
    responses((status = 200, body = MailList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    me: SignedIn,
    Query(q): Query<MailQuery>,
) -> Result<Json<MailList>, ApiError> {
    let filters = match q.state.as_deref().map(str::trim) {
        None | Some("") => vec![MailViewFilter::Stuck, MailViewFilter::Failed],
        Some(s) => match MailViewFilter::parse(s) {
            Some(f) => vec![f],
            None => return Err(AppError::Validation { fields: FieldErrors::single("state", Problem::Invalid) }.into()),
        },
    };
    let actor = me.actor.clone();
    let items = db::read(&state.pool, move |c| {
        let now = app::db::time::now();
        let mut items = Vec::new();
        for f in filters {
            items.extend(outbox::for_admin(c, &actor, f, now)?);
        }
        Ok(items)
    })
    .await?;
    Ok(Json(MailList { items }))
}

#[utoipa::path(post, path = "/api/v1/admin/mail/{id}/resend", tag = "admin",
    params(("id" = i64, Path, description = "The message's id")),
    responses((status = 200, description = "Back in the queue, due now", body = MailView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already sent, or being sent right now", body = ErrorBody)))]
pub async fn resend(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Json<MailView>, ApiError> {
    let actor = me.actor.clone();
    let view = db::tx(&state.pool, move |c| outbox::resend(c, &actor, id, app::db::time::now())).await?;
    Ok(Json(view))
}
