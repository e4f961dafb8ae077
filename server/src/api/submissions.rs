//! Submissions over JSON: list and search, send, read, support, follow, withdraw, comment, flag,
//! the public tracking view, staff intake and the signed-in user's notifications. Reads are
//! public; writes need the session cookie.
use super::error::{ApiError, ApiLang, AppJson, ErrorBody};
use crate::router::AppState;
use app::accounts::service::actor_from_session;
use app::auth::Actor;
use app::comments::{service as comments, CommentView, NewComment};
use app::db;
use app::error::AppError;
use app::notifications::{service as notifications, NotificationList};
use app::submissions::{
    listing, service, Created, Intake, ListPage, ListQuery, NewSubmission, SubmissionDetail, SupportState, TrackView,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

pub(super) async fn actor(state: &AppState, session: &Session) -> Result<Actor, AppError> {
    Ok(actor_from_session(&state.pool, session).await?.0)
}

/// Ids in paths: anything that is not a positive number names nothing (404).
pub(super) fn id_of(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>().ok().filter(|n| *n > 0).ok_or(AppError::NotFound)
}

#[utoipa::path(get, path = "/api/v1/submissions", tag = "submissions", params(ListQuery),
    responses((status = 200, body = ListPage), (status = 422, description = "A filter value is not valid", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    lang: ApiLang,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<ListPage>, ApiError> {
    let Query(query) = query.map_err(|r| lang.err(AppError::BadRequest { detail: r.body_text() }))?;
    let filter = query.check().map_err(|fields| lang.err(AppError::Validation { fields }))?;
    listing::list(&state.pool, filter).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(post, path = "/api/v1/submissions", tag = "submissions", request_body = NewSubmission,
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    AppJson(body): AppJson<NewSubmission>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    let created = service::submit(&state.pool, actor, body, None, None).await.map_err(|e| lang.err(e))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A submission recorded by staff for a citizen who called, wrote or came in.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct IntakeBody {
    #[serde(flatten)]
    pub submission: NewSubmission,
    #[serde(flatten)]
    pub intake: Intake,
}

#[utoipa::path(post, path = "/api/v1/intake", tag = "submissions", request_body = IntakeBody,
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn intake(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    AppJson(body): AppJson<IntakeBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    let created =
        service::submit(&state.pool, actor, body.submission, Some(body.intake), None).await.map_err(|e| lang.err(e))?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "submissions",
    responses((status = 200, body = SubmissionDetail), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SubmissionDetail>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::read(&state.pool, move |c| service::detail(c, &actor, id)).await.map(Json).map_err(|e| lang.err(e))
}

async fn support(
    state: AppState,
    lang: ApiLang,
    session: Session,
    id: String,
    on: bool,
) -> Result<Json<SupportState>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| service::set_support(c, &actor, id, on)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(put, path = "/api/v1/submissions/{id}/support", tag = "submissions",
    responses((status = 200, description = "Supported (idempotent)", body = SupportState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "No longer collecting support", body = ErrorBody)))]
pub async fn support_put(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SupportState>, ApiError> {
    support(state, lang, session, id, true).await
}

#[utoipa::path(delete, path = "/api/v1/submissions/{id}/support", tag = "submissions",
    responses((status = 200, description = "Support withdrawn (idempotent)", body = SupportState),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn support_delete(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SupportState>, ApiError> {
    support(state, lang, session, id, false).await
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FollowState {
    pub following: bool,
}

async fn follow(
    state: AppState,
    lang: ApiLang,
    session: Session,
    id: String,
    on: bool,
) -> Result<Json<FollowState>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| service::set_follow(c, &actor, id, on))
        .await
        .map(|following| Json(FollowState { following }))
        .map_err(|e| lang.err(e))
}

#[utoipa::path(put, path = "/api/v1/submissions/{id}/follow", tag = "submissions",
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_put(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<FollowState>, ApiError> {
    follow(state, lang, session, id, true).await
}

#[utoipa::path(delete, path = "/api/v1/submissions/{id}/follow", tag = "submissions",
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_delete(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<FollowState>, ApiError> {
    follow(state, lang, session, id, false).await
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/withdraw", tag = "submissions",
    responses((status = 200, body = SubmissionDetail), (status = 403, description = "Not the author", body = ErrorBody),
        (status = 409, description = "Already closed", body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<SubmissionDetail>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    service::withdraw_tx(&state.pool, actor.clone(), id).await.map_err(|e| lang.err(e))?;
    db::read(&state.pool, move |c| service::detail(c, &actor, id)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}/comments", tag = "comments",
    responses((status = 200, body = Vec<CommentView>), (status = 404, body = ErrorBody)))]
pub async fn comments_list(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::read(&state.pool, move |c| comments::list(c, &actor, id)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/comments", tag = "comments", request_body = NewComment,
    responses((status = 201, body = CommentView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn comments_create(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
    AppJson(body): AppJson<NewComment>,
) -> Result<(StatusCode, Json<CommentView>), ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    let comment = db::tx(&state.pool, move |c| comments::add(c, &actor, id, &body)).await.map_err(|e| lang.err(e))?;
    Ok((StatusCode::CREATED, Json(comment)))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EditComment {
    pub body: String,
}

#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments", request_body = EditComment,
    responses((status = 200, body = CommentView), (status = 403, body = ErrorBody),
        (status = 409, description = "More than ten minutes have passed", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn comment_edit(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
    AppJson(body): AppJson<EditComment>,
) -> Result<Json<CommentView>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| comments::edit(c, &actor, id, &body.body)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments",
    responses((status = 204, description = "Deleted; a placeholder stays"), (status = 403, body = ErrorBody)))]
pub async fn comment_delete(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| comments::delete(c, &actor, id)).await.map_err(|e| lang.err(e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FlagBody {
    /// Why this breaks the comment policy (1–500 characters).
    pub reason: String,
}

async fn flag(
    state: AppState,
    lang: ApiLang,
    session: Session,
    kind: &'static str,
    id: String,
    reason: String,
) -> Result<StatusCode, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| comments::flag(c, &actor, kind, id, &reason)).await.map_err(|e| lang.err(e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/flag", tag = "comments", request_body = FlagBody,
    responses((status = 204, description = "Flagged for the moderators"), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn flag_submission(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
    AppJson(body): AppJson<FlagBody>,
) -> Result<StatusCode, ApiError> {
    flag(state, lang, session, "submission", id, body.reason).await
}

#[utoipa::path(post, path = "/api/v1/comments/{id}/flag", tag = "comments", request_body = FlagBody,
    responses((status = 204, description = "Flagged for the moderators"), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn flag_comment(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
    AppJson(body): AppJson<FlagBody>,
) -> Result<StatusCode, ApiError> {
    flag(state, lang, session, "comment", id, body.reason).await
}

#[utoipa::path(get, path = "/api/v1/track/{reference}", tag = "submissions",
    params(("reference" = String, Path, description = "INE-YYYY-NNNNNN, any case, dashes optional")),
    responses((status = 200, body = TrackView), (status = 404, body = ErrorBody)))]
pub async fn track(
    State(state): State<AppState>,
    lang: ApiLang,
    Path(reference): Path<String>,
) -> Result<Json<TrackView>, ApiError> {
    db::read(&state.pool, move |c| service::track(c, &reference)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 200, body = NotificationList), (status = 401, body = ErrorBody)))]
pub async fn notifications_list(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
) -> Result<Json<NotificationList>, ApiError> {
    let user = actor(&state, &session).await.and_then(|a| a.require_user()).map_err(|e| lang.err(e))?;
    db::read(&state.pool, move |c| notifications::list(c, user, 50)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications",
    responses((status = 204, description = "All marked read"), (status = 401, body = ErrorBody)))]
pub async fn notifications_read(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
) -> Result<StatusCode, ApiError> {
    let user = actor(&state, &session).await.and_then(|a| a.require_user()).map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| notifications::mark_all_read(c, user)).await.map_err(|e| lang.err(e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/photos", tag = "submissions",
    request_body(content_type = "multipart/form-data",
        description = "Fields `photo` (up to 5 in all, 10 MB each; JPEG, PNG, WebP or GIF) and `video` (one, MP4 or WebM, 50 MB)"),
    responses((status = 201, description = "Every photo and video of the submission", body = Vec<app::submissions::MediaView>),
        (status = 401, body = ErrorBody), (status = 403, description = "Not the author", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, description = "Too many files, too large, or not what it claims to be", body = ErrorBody)))]
pub async fn photos(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Vec<app::submissions::MediaView>>), ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    actor.require_user().map_err(|e| lang.err(e))?;
    let multipart = multipart.map_err(|e| lang.err(AppError::BadRequest { detail: e.body_text() }))?;
    let (_, uploads) = crate::media::read_multipart(multipart).await.map_err(|e| lang.err(e))?;
    if uploads.is_empty() {
        return Err(lang.err(AppError::Validation { fields: app::error::FieldErrors::single("photos", "required") }));
    }
    let prepared = crate::media::prepare_all(uploads).await.map_err(|e| lang.err(e))?;
    let stored = state.media.write_all(prepared).await.map_err(|e| lang.err(e))?;
    let rows = crate::media::rows(&stored);
    match db::tx(&state.pool, move |c| service::add_media(c, &actor, id, &rows)).await {
        Ok(all) => Ok((StatusCode::CREATED, Json(all))),
        Err(e) => {
            state.media.remove(stored).await;
            Err(lang.err(e))
        }
    }
}

#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "notifications",
    responses((status = 200, body = app::notifications::NotificationSettings), (status = 401, body = ErrorBody)))]
pub async fn settings_get(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
) -> Result<Json<app::notifications::NotificationSettings>, ApiError> {
    let user = actor(&state, &session).await.and_then(|a| a.require_user()).map_err(|e| lang.err(e))?;
    db::read(&state.pool, move |c| app::notifications::mailer::settings_of(c, user))
        .await
        .map(Json)
        .map_err(|e| lang.err(e))
}

#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "notifications",
    request_body = app::notifications::NotificationSettings,
    responses((status = 200, body = app::notifications::NotificationSettings), (status = 401, body = ErrorBody)))]
pub async fn settings_put(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    AppJson(body): AppJson<app::notifications::NotificationSettings>,
) -> Result<Json<app::notifications::NotificationSettings>, ApiError> {
    let user = actor(&state, &session).await.and_then(|a| a.require_user()).map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| app::notifications::mailer::save_settings(c, user, &body))
        .await
        .map_err(|e| lang.err(e))?;
    Ok(Json(body))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct SimilarQuery {
    /// The title being typed.
    pub title: String,
}

#[utoipa::path(get, path = "/api/v1/submissions/similar", tag = "submissions", params(SimilarQuery),
    responses((status = 200, description = "Up to 5 public submissions sharing words with the title", body = Vec<app::submissions::SubmissionSummary>)))]
pub async fn similar(
    State(state): State<AppState>,
    lang: ApiLang,
    Query(q): Query<SimilarQuery>,
) -> Result<Json<Vec<app::submissions::SubmissionSummary>>, ApiError> {
    listing::similar(&state.pool, &q.title, 5).await.map(Json).map_err(|e| lang.err(e))
}
