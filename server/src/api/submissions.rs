//! Submissions over JSON: list and search, send, read, support, follow, withdraw, photos, the
//! public tracking view, staff intake and similar titles. Reads are public; writes need a
//! signed-in caller.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Caller, Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::db;
use app::domain::roles::Role;
use app::error::AppError;
use app::error::Problem;
use app::submissions::workflow::{self, Move};
use app::submissions::{
    listing, service, CallerRequest, Created, EventView, Intake, ListPage, ListQuery, NewSubmission, SubmissionDetail,
    SupportState, TrackView,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

#[utoipa::path(get, path = "/api/v1/submissions", tag = "submissions", params(ListQuery),
    responses((status = 200, body = ListPage), (status = 422, description = "A filter value is not valid", body = ErrorBody),
        (status = 429, description = "Too many searches from this address", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let Query(query) = query.map_err(|r| AppError::BadRequest { detail: r.body_text() })?;
    let filter = query.check().map_err(|fields| AppError::Validation { fields })?;
    let searching = !filter.q.trim().is_empty();
    if searching {
        caller.limit(&state, Action::Search)?;
    }
    // Browsing is the same answer for everyone (the listing page's data): kept like that page
    // (`http::page_cache`). Searches are too varied to share.
    let key = (!searching).then(|| format!("{filter:?}"));
    let (body, kept) = match key.as_deref().and_then(|k| state.page_cache.kept_answer(k)) {
        Some(body) => (body, "hit"),
        None => {
            let page = listing::list(&state.pool, filter).await?;
            let body = axum::body::Bytes::from(serde_json::to_vec(&page).map_err(AppError::internal)?);
            if let Some(key) = key {
                state.page_cache.keep_answer(key, body.clone());
            }
            (body, "miss")
        }
    };
    let json = axum::http::HeaderValue::from_static("application/json");
    Ok(([(axum::http::header::CONTENT_TYPE, json)], [("x-page-cache", kept)], body).into_response())
}

/// 201 for a published submission, 202 for one whose text waits for a moderator.
pub fn created_status(created: &Created) -> StatusCode {
    if created.moderation.is_some() {
        StatusCode::ACCEPTED
    } else {
        StatusCode::CREATED
    }
}

#[utoipa::path(post, path = "/api/v1/submissions", tag = "submissions", request_body = NewSubmission,
    responses((status = 201, body = Created),
        (status = 202, description = "The text matched the word list: it waits for a moderator (`\"moderation\": \"pending\"`) and is in no public list", body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(body): AppJson<NewSubmission>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    me.limit(&state, Action::Submit)?;
    let created = service::submit(&state.pool, me.actor.clone(), body, None, None).await?;
    Ok((created_status(&created), Json(created)))
}

/// A submission recorded by staff for a citizen who called, wrote or came in.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct IntakeBody {
    #[serde(flatten)]
    pub submission: NewSubmission,
    #[serde(flatten)]
    pub intake: Intake,
    /// Any text up to 64 characters, new for each request taken: the same token sent again by
    /// the same staff member answers with the request already made instead of a second one.
    pub client_token: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/intake", tag = "submissions", request_body = IntakeBody,
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn intake(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(body): AppJson<IntakeBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    me.actor.require(Role::Staff)?;
    me.limit(&state, Action::Intake)?;
    let created =
        service::submit(&state.pool, me.actor.clone(), body.submission, Some(body.intake), body.client_token).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The contact to look up (`GET /api/v1/intake/history`).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct HistoryQuery {
    /// A phone number (any spacing, with or without 0 or +90) or an e-mail address
    pub contact: String,
}

#[utoipa::path(get, path = "/api/v1/intake/history", tag = "submissions", params(HistoryQuery),
    responses((status = 200, description = "The requests taken earlier for this caller, newest first (at most 50); the lookup is audited", body = Vec<CallerRequest>),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody),
        (status = 422, description = "Neither a phone number nor an e-mail address", body = ErrorBody)))]
pub async fn caller_history(
    State(state): State<AppState>,
    me: SignedIn,
    Query(q): Query<HistoryQuery>,
) -> Result<Json<Vec<CallerRequest>>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| service::caller_history(c, &actor, &q.contact)).await?))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "submissions",
    responses((status = 200, body = SubmissionDetail), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<Json<SubmissionDetail>, ApiError> {
    let actor = caller.actor;
    Ok(Json(db::read(&state.pool, move |c| service::detail(c, &actor, id)).await?))
}

async fn support(state: AppState, me: SignedIn, id: i64, on: bool) -> Result<Json<SupportState>, ApiError> {
    me.limit(&state, Action::Support)?;
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| service::set_support(c, &actor, id, on)).await?))
}

#[utoipa::path(put, path = "/api/v1/submissions/{id}/support", tag = "submissions",
    responses((status = 200, description = "Supported (idempotent)", body = SupportState), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "No longer collecting support", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn support_put(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<Json<SupportState>, ApiError> {
    support(state, me, id, true).await
}

#[utoipa::path(delete, path = "/api/v1/submissions/{id}/support", tag = "submissions",
    responses((status = 200, description = "Support withdrawn (idempotent)", body = SupportState),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn support_delete(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<Json<SupportState>, ApiError> {
    support(state, me, id, false).await
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FollowState {
    pub following: bool,
}

async fn follow(state: AppState, me: SignedIn, id: i64, on: bool) -> Result<Json<FollowState>, ApiError> {
    let actor = me.actor.clone();
    let following = db::tx(&state.pool, move |c| service::set_follow(c, &actor, id, on)).await?;
    Ok(Json(FollowState { following }))
}

#[utoipa::path(put, path = "/api/v1/submissions/{id}/follow", tag = "submissions",
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_put(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<Json<FollowState>, ApiError> {
    follow(state, me, id, true).await
}

#[utoipa::path(delete, path = "/api/v1/submissions/{id}/follow", tag = "submissions",
    responses((status = 200, body = FollowState), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn follow_delete(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<Json<FollowState>, ApiError> {
    follow(state, me, id, false).await
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/withdraw", tag = "submissions",
    responses((status = 200, body = SubmissionDetail), (status = 403, description = "Not the author", body = ErrorBody),
        (status = 409, description = "Already closed", body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<Json<SubmissionDetail>, ApiError> {
    let actor = me.actor.clone();
    service::withdraw_tx(&state.pool, actor.clone(), id).await?;
    Ok(Json(db::read(&state.pool, move |c| service::detail(c, &actor, id)).await?))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}/events", tag = "workflow",
    responses((status = 200, description = "The timeline, oldest first: every step with its public note; staff also get the internal notes", body = Vec<EventView>),
        (status = 404, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<Json<Vec<EventView>>, ApiError> {
    let actor = caller.actor;
    Ok(Json(db::read(&state.pool, move |c| workflow::timeline(c, &actor, id)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/transitions", tag = "workflow", request_body = Move,
    responses((status = 201, description = "Moved: the step recorded on the timeline", body = EventView),
        (status = 401, body = ErrorBody), (status = 403, description = "The move is another role's (or the author's)", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The workflow has no such move from here; `allowed` names the ones it has", body = ErrorBody),
        (status = 422, description = "An unknown status, or a missing public note (rejected, not feasible, not our jurisdiction)", body = ErrorBody)))]
pub async fn transitions(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(m): AppJson<Move>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let actor = me.actor.clone();
    workflow::transition_tx(&state.pool, actor.clone(), id, m).await?;
    let timeline = db::read(&state.pool, move |c| workflow::timeline(c, &actor, id)).await?;
    let step = timeline.into_iter().next_back().ok_or(AppError::Internal)?;
    Ok((StatusCode::CREATED, Json(step)))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}/contact", tag = "submissions",
    responses((status = 200, description = "The private contact a citizen gave staff at intake (staff only; every read is audited)", body = app::submissions::ContactView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such submission, or no contact was given", body = ErrorBody)))]
pub async fn contact(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<Json<app::submissions::ContactView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| service::contact(c, &actor, id)).await?))
}

#[utoipa::path(get, path = "/api/v1/track/{reference}", tag = "submissions",
    params(("reference" = String, Path, description = "INE-YYYY-NNNNNN, any case, dashes optional")),
    responses((status = 200, body = TrackView), (status = 404, body = ErrorBody)))]
pub async fn track(State(state): State<AppState>, Path(reference): Path<String>) -> Result<Json<TrackView>, ApiError> {
    Ok(Json(db::read(&state.pool, move |c| service::track(c, &reference)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/photos", tag = "submissions",
    request_body(content_type = "multipart/form-data",
        description = "Fields `photo` (up to 5 in all, 10 MB and 50 megapixels each; JPEG, PNG, WebP or GIF) and `video` (one, MP4 or WebM, 50 MB, at most 90 seconds; its location metadata is removed)"),
    responses((status = 201, description = "Every photo and video of the submission", body = Vec<app::submissions::MediaView>),
        (status = 401, body = ErrorBody), (status = 403, description = "Not the author", body = ErrorBody),
        (status = 409, description = "The submission is closed or withdrawn", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, description = "Too many files, too large, too long, or not what it claims to be", body = ErrorBody)))]
pub async fn photos(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Vec<app::submissions::MediaView>>), ApiError> {
    // Who may add files is settled before a byte of the body is read.
    let actor = me.actor.clone();
    let asker = actor.clone();
    db::read(&state.pool, move |c| service::may_add_media(c, &asker, id)).await?;
    let multipart = multipart.map_err(|e| AppError::BadRequest { detail: e.body_text() })?;
    let (_, uploads) = crate::media::read_multipart(multipart).await?;
    if uploads.is_empty() {
        return Err(
            AppError::Validation { fields: app::error::FieldErrors::single("photos", Problem::Required) }.into()
        );
    }
    let pool = state.pool.clone();
    let all = crate::media::attach(&state.media, uploads, |rows| async move {
        db::tx(&pool, move |c| service::add_media(c, &actor, id, &rows)).await.map(|all| (all, true))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(all)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct SimilarQuery {
    /// The title being typed.
    pub title: String,
}

#[utoipa::path(get, path = "/api/v1/submissions/similar", tag = "submissions", params(SimilarQuery),
    responses((status = 200, description = "Up to 5 public submissions sharing words with the title", body = Vec<app::submissions::SubmissionSummary>),
        (status = 429, description = "Too many searches from this address", body = ErrorBody)))]
pub async fn similar(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SimilarQuery>,
) -> Result<Json<Vec<app::submissions::SubmissionSummary>>, ApiError> {
    caller.limit(&state, Action::Search)?;
    Ok(Json(listing::similar(&state.pool, &q.title, 5).await?))
}

/// The map's box (`GET /api/v1/submissions.geojson`).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct BboxQuery {
    /// `w,s,e,n`: the box shown, in degrees (west and east longitudes, south and north
    /// latitudes); the whole district when absent.
    pub bbox: Option<String>,
    /// The map's zoom (0–24, as Leaflet and OpenStreetMap count it): with it, a box holding more
    /// than 500 submissions is answered with clusters (features whose `properties.cluster` is
    /// true, with their `count` and `bbox`) among the submissions that stand alone at that zoom.
    /// From zoom 17 on, and without it, the submissions themselves.
    pub zoom: Option<String>,
}

/// The most a map's zoom may be.
const ZOOM_MAX: u8 = 24;

#[utoipa::path(get, path = "/api/v1/submissions.geojson", tag = "submissions", params(ListQuery, BboxQuery),
    responses((status = 200, description = "Located public submissions matching the listing's filters inside the box, as a GeoJSON FeatureCollection: newest first, at most 2,000 (`truncated` says when more matched), or with `zoom` and many in the box, clusters with their counts; `total` counts every match in the box", body = app::submissions::MapFeatures),
        (status = 422, description = "A filter the listing refuses, a `bbox` that is not four numbers w,s,e,n, or a `zoom` that is not a whole number from 0 to 24", body = ErrorBody),
        (status = 429, description = "Too many searches from this address", body = ErrorBody)))]
pub async fn geojson(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ListQuery>, QueryRejection>,
    view: Result<Query<BboxQuery>, QueryRejection>,
) -> Result<axum::response::Response, ApiError> {
    let Query(query) = query.map_err(|r| AppError::BadRequest { detail: r.body_text() })?;
    let Query(view) = view.map_err(|r| AppError::BadRequest { detail: r.body_text() })?;
    let filter = query.check().map_err(|fields| AppError::Validation { fields })?;
    let refuse = |field: &str| AppError::Validation {
        fields: app::error::FieldErrors::single(field, app::error::Problem::Invalid),
    };
    let bbox = match view.bbox.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => None,
        Some(text) => Some(app::submissions::parse_bbox(text).ok_or_else(|| refuse("bbox"))?),
    };
    let zoom = match view.zoom.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<u8>().ok().filter(|z| *z <= ZOOM_MAX).ok_or_else(|| refuse("zoom"))?),
    };
    if !filter.q.trim().is_empty() {
        caller.limit(&state, Action::Search)?;
    }
    let body = app::map::points::geojson(&state.pool, filter, bbox, zoom).await?;
    Ok(axum::response::IntoResponse::into_response((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        axum::body::Bytes::copy_from_slice(&body),
    )))
}

/// A point to look around (`GET /api/v1/submissions/nearby`).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct NearbyQuery {
    /// Latitude in degrees.
    pub lat: Option<String>,
    /// Longitude in degrees.
    pub lon: Option<String>,
    /// Metres around the point (default 300, at most 2,000).
    pub radius: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/submissions/nearby", tag = "submissions", params(NearbyQuery),
    responses((status = 200, description = "Open public submissions within `radius` metres of the point, nearest first (at most 10): before sending a new one about the same place, support or follow one of these", body = [app::submissions::Nearby]),
        (status = 422, description = "`lat` and `lon` missing or not numbers, or a `radius` outside 1–2,000", body = ErrorBody)))]
pub async fn nearby(
    State(state): State<AppState>,
    query: Result<Query<NearbyQuery>, QueryRejection>,
) -> Result<Json<Vec<app::submissions::Nearby>>, ApiError> {
    use app::error::{FieldErrors, Problem};
    let Query(q) = query.map_err(|r| AppError::BadRequest { detail: r.body_text() })?;
    let mut errors = FieldErrors::new();
    let mut number = |field: &str, v: &Option<String>, range: std::ops::RangeInclusive<f64>| match v
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => {
            errors.add(field, Problem::Required);
            None
        }
        Some(text) => match text.parse::<f64>() {
            Ok(n) if n.is_finite() && range.contains(&n) => Some(n),
            Ok(_) => {
                errors.add(field, Problem::OutOfRange);
                None
            }
            Err(_) => {
                errors.add(field, Problem::NotANumber);
                None
            }
        },
    };
    let lat = number("lat", &q.lat, -90.0..=90.0);
    let lon = number("lon", &q.lon, -180.0..=180.0);
    let radius = match q.radius {
        None => Some(app::map::points::NEARBY_RADIUS),
        Some(_) => number("radius", &q.radius, 1.0..=app::map::points::NEARBY_RADIUS_MAX),
    };
    let (Some(lat), Some(lon), Some(radius)) = (lat, lon, radius) else {
        return Err(AppError::Validation { fields: errors }.into());
    };
    Ok(Json(app::map::points::nearby(&state.pool, lat, lon, radius, 10).await?))
}
