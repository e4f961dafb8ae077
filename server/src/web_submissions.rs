//! The submission forms' door (post/redirect/get, like `web.rs`): send, record for a citizen,
//! support, follow, withdraw, comment, edit, delete, flag, mark notifications read. Each calls
//! the same service as the JSON API; failures go back to the page with the field errors and
//! what was typed.
use crate::router::AppState;
use crate::web::{back_with_errors, form_error, notice};
use app::accounts::service::actor_from_session;
use app::auth::Actor;
use app::comments::{service as comments, NewComment};
use app::db;
use app::error::AppError;
use app::submissions::{drafts, service, Intake, NewSubmission};
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use tower_sessions::Session;

/// The signed-in actor, or the redirect to the sign-in page that returns to `back`.
async fn signed_in(state: &AppState, session: &Session, back: &str) -> Result<Actor, Response> {
    match actor_from_session(&state.pool, session).await {
        Ok((actor, Some(_))) => Ok(actor),
        Ok((_, None)) => {
            notice(session, "sign_in_required").await;
            Err(Redirect::to(&format!("/sign-in?next={}", app::ui::encode_component(back))).into_response())
        }
        Err(_) => Err((axum::http::StatusCode::SERVICE_UNAVAILABLE, "503").into_response()),
    }
}

fn id_of(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

fn not_found() -> Response {
    (axum::http::StatusCode::NOT_FOUND, "404").into_response()
}

/// A number typed into a form: empty is none, anything else unreadable is -1 (refused as invalid).
fn form_id(s: &str) -> Option<i64> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.parse::<i64>().unwrap_or(-1))
}

/// A coordinate typed into a form, with a decimal comma accepted (Turkish keyboards type 40,08).
fn form_coord(s: &str) -> Result<Option<f64>, ()> {
    let s = s.trim().replace(',', ".");
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>().map(Some).map_err(|_| ())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SubmissionForm {
    kind: String,
    title: String,
    body: String,
    category_id: String,
    neighbourhood_id: String,
    lat: String,
    lon: String,
    client_token: String,
    channel: String,
    citizen_name: String,
    citizen_contact: String,
    consent: String,
    /// `preview` shows the submission as it will look, without sending it; `draft` saves it to
    /// finish later.
    action: String,
    /// The draft this form was opened from: sending it removes the draft.
    draft_id: String,
}

impl SubmissionForm {
    fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("kind", &self.kind),
            ("title", &self.title),
            ("body", &self.body),
            ("category_id", &self.category_id),
            ("neighbourhood_id", &self.neighbourhood_id),
            ("lat", &self.lat),
            ("lon", &self.lon),
            ("channel", &self.channel),
            ("citizen_name", &self.citizen_name),
            ("citizen_contact", &self.citizen_contact),
            ("consent", &self.consent),
        ]
    }

    /// The submission, or the location problem a typed coordinate has.
    fn submission(&self) -> (NewSubmission, Option<&'static str>) {
        let (lat, lon) = (form_coord(&self.lat), form_coord(&self.lon));
        let bad_number = lat.is_err() || lon.is_err();
        let s = NewSubmission {
            kind: self.kind.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            category_id: form_id(&self.category_id),
            neighbourhood_id: form_id(&self.neighbourhood_id),
            lat: lat.unwrap_or(Some(f64::NAN)),
            lon: lon.unwrap_or(Some(f64::NAN)),
        };
        (s, bad_number.then_some("not_a_number"))
    }
}

/// The form as a browser sends it: urlencoded, or multipart when it carries files.
async fn read_submission_form(req: Request) -> Result<(SubmissionForm, Vec<crate::media::Upload>), AppError> {
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let mp = axum::extract::Multipart::from_request(req, &())
            .await
            .map_err(|e| AppError::BadRequest { detail: e.body_text() })?;
        let (fields, uploads) = crate::media::read_multipart(mp).await?;
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let f = SubmissionForm {
            kind: get("kind"),
            title: get("title"),
            body: get("body"),
            category_id: get("category_id"),
            neighbourhood_id: get("neighbourhood_id"),
            lat: get("lat"),
            lon: get("lon"),
            client_token: get("client_token"),
            channel: get("channel"),
            citizen_name: get("citizen_name"),
            citizen_contact: get("citizen_contact"),
            consent: get("consent"),
            action: get("action"),
            draft_id: get("draft_id"),
        };
        Ok((f, uploads))
    } else {
        let Form(f) = Form::<SubmissionForm>::from_request(req, &()).await.map_err(form_error)?;
        Ok((f, Vec::new()))
    }
}

async fn send(state: AppState, session: Session, req: Request, intake: bool) -> Response {
    let (form_page, form_name) = if intake { ("/staff/intake", "intake") } else { ("/submissions/new", "submission") };
    let (f, uploads) = match read_submission_form(req).await {
        Ok(v) => v,
        // What was typed is lost only when the body itself could not be read.
        Err(e) => return back_with_errors(&session, form_page, form_name, &[], e).await,
    };
    let draft = if intake { None } else { id_of(&f.draft_id) };
    let page = match draft {
        Some(id) => format!("{form_page}?draft={id}"),
        None => form_page.to_owned(),
    };
    let page = page.as_str();
    let actor = match signed_in(&state, &session, page).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    if f.action == "draft" && !intake {
        return save_draft(&state, &session, page, &f, actor, draft).await;
    }
    let (submission, location_problem) = f.submission();
    if f.action == "preview" {
        return preview(&state, &session, page, form_name, &f, submission, location_problem).await;
    }
    let intake_fields = intake.then(|| Intake {
        channel: f.channel.clone(),
        citizen_name: f.citizen_name.clone(),
        citizen_contact: f.citizen_contact.clone(),
        consent: f.consent == "1",
    });
    let client_token = (!intake).then(|| f.client_token.clone());
    // Photos are checked and written before the submission; a refused photo refuses the whole
    // form, and files whose rows are not written are removed again.
    let stored = match crate::media::prepare_all(uploads).await {
        Ok(prepared) if prepared.is_empty() => Vec::new(),
        Ok(prepared) => match state.media.write_all(prepared).await {
            Ok(stored) => stored,
            Err(e) => return back_with_errors(&session, page, form_name, &f.values(), e).await,
        },
        Err(e) => return back_with_errors(&session, page, form_name, &f.values(), e).await,
    };
    let rows = crate::media::rows(&stored);
    let to_send = service::ToSend { input: submission, intake: intake_fields, client_token, draft };
    let result = service::submit_with_media(&state.pool, actor, to_send, rows).await;
    if !matches!(result, Ok((_, true))) {
        state.media.remove(stored).await;
    }
    match result {
        Ok((created, _)) => {
            let code = if intake { format!("recorded:{}", created.reference) } else { "submitted".to_owned() };
            notice(&session, &code).await;
            Redirect::to(&created.url).into_response()
        }
        Err(e) => back_with_errors(&session, page, form_name, &f.values(), with_location(e, location_problem)).await,
    }
}

/// A validation error with the problem of a typed coordinate added.
fn with_location(e: AppError, location_problem: Option<&'static str>) -> AppError {
    match (e, location_problem) {
        (AppError::Validation { mut fields }, Some(code)) => {
            fields.0.insert("location".into(), code.into());
            AppError::Validation { fields }
        }
        (e, _) => e,
    }
}

/// Saves the form as a draft (chosen files are not kept; the form's hint says so) and opens it
/// again, now a saved draft.
async fn save_draft(
    state: &AppState,
    session: &Session,
    page: &str,
    f: &SubmissionForm,
    actor: Actor,
    draft: Option<i64>,
) -> Response {
    let (submission, location_problem) = f.submission();
    let saved = match location_problem {
        Some(code) => Err(AppError::Validation { fields: app::error::FieldErrors::single("location", code) }),
        None => db::tx(&state.pool, move |c| drafts::save(c, &actor, draft, &submission)).await,
    };
    match saved {
        Ok(d) => {
            notice(session, "draft_saved").await;
            Redirect::to(&format!("/submissions/new?draft={}", d.id)).into_response()
        }
        Err(e) => back_with_errors(session, page, "submission", &f.values(), e).await,
    }
}

/// Deletes one of the user's drafts (from "My submissions").
pub async fn draft_delete(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let actor = match signed_in(&state, &session, "/my/submissions").await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match db::tx(&state.pool, move |c| drafts::delete(c, &actor, id)).await {
        Ok(()) => {
            notice(&session, "draft_deleted").await;
            Redirect::to("/my/submissions").into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(_) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "503").into_response(),
    }
}

/// The preview: the same checks as sending, nothing saved; the page shows the body rendered and
/// sanitised exactly as it will be published. Chosen files are not kept (the hint says so).
async fn preview(
    state: &AppState,
    session: &Session,
    page: &str,
    form_name: &str,
    f: &SubmissionForm,
    submission: NewSubmission,
    location_problem: Option<&'static str>,
) -> Response {
    let body = submission.body.clone();
    let checked = db::read(&state.pool, move |c| service::check(c, &submission)).await;
    let mut values = f.values();
    match (checked, location_problem) {
        (Ok(()), None) => {
            let html = app::markdown::render(body.trim());
            values.push(("preview_html", &html));
            let err = AppError::Validation { fields: app::error::FieldErrors::new() };
            back_with_errors(session, &format!("{page}#preview"), form_name, &values, err).await
        }
        (Err(AppError::Validation { mut fields }), problem) => {
            if let Some(code) = problem {
                fields.0.insert("location".into(), code.into());
            }
            back_with_errors(session, page, form_name, &values, AppError::Validation { fields }).await
        }
        (Ok(()), Some(code)) => {
            let err = AppError::Validation { fields: app::error::FieldErrors::single("location", code) };
            back_with_errors(session, page, form_name, &values, err).await
        }
        (Err(e), _) => back_with_errors(session, page, form_name, &values, e).await,
    }
}

pub async fn submit(State(state): State<AppState>, session: Session, req: Request) -> Response {
    send(state, session, req, false).await
}

pub async fn intake(State(state): State<AppState>, session: Session, req: Request) -> Response {
    send(state, session, req, true).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OnForm {
    on: String,
}

pub async fn support(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    form: Result<Form<OnForm>, FormRejection>,
) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let back = format!("/submissions/{id}");
    let on = form.map(|Form(f)| f.on != "0").unwrap_or(true);
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match db::tx(&state.pool, move |c| service::set_support(c, &actor, id, on)).await {
        Ok(s) => {
            let code = match (on, s.reached_threshold) {
                (true, true) => "threshold",
                (true, false) => "supported",
                (false, _) => "unsupported",
            };
            notice(&session, code).await;
            Redirect::to(&back).into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(e) => back_with_errors(&session, &back, "comment", &[], e).await,
    }
}

pub async fn follow(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    form: Result<Form<OnForm>, FormRejection>,
) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let back = format!("/submissions/{id}");
    let on = form.map(|Form(f)| f.on != "0").unwrap_or(true);
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match db::tx(&state.pool, move |c| service::set_follow(c, &actor, id, on)).await {
        Ok(_) => {
            notice(&session, if on { "followed" } else { "unfollowed" }).await;
            Redirect::to(&back).into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(e) => back_with_errors(&session, &back, "comment", &[], e).await,
    }
}

pub async fn withdraw(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let back = format!("/submissions/{id}");
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match service::withdraw_tx(&state.pool, actor, id).await {
        Ok(_) => {
            notice(&session, "withdrawn").await;
            Redirect::to(&back).into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(e) => back_with_errors(&session, &back, "comment", &[], e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    body: String,
    parent_id: String,
    official: String,
}

pub async fn comment(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    form: Result<Form<CommentForm>, FormRejection>,
) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let back = format!("/submissions/{id}");
    let f = match form {
        Ok(Form(f)) => f,
        Err(r) => return back_with_errors(&session, &back, "comment", &[], form_error(r)).await,
    };
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let input = NewComment { body: f.body.clone(), parent_id: form_id(&f.parent_id), official: f.official == "1" };
    match db::tx(&state.pool, move |c| comments::add(c, &actor, id, &input)).await {
        Ok(c) => {
            notice(&session, "commented").await;
            Redirect::to(&format!("{back}#comment-{}", c.id)).into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(e) => {
            let keep = [("body", f.body.as_str()), ("parent_id", f.parent_id.as_str())];
            back_with_errors(&session, &format!("{back}#body"), "comment", &keep, e).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BodyForm {
    body: String,
}

pub async fn comment_edit(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    form: Result<Form<BodyForm>, FormRejection>,
) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let Ok(Some(submission)) = db::read(&state.pool, move |c| comments::submission_of(c, id)).await else {
        return not_found();
    };
    let back = format!("/submissions/{submission}");
    let f = match form {
        Ok(Form(f)) => f,
        Err(r) => return back_with_errors(&session, &back, "comment", &[], form_error(r)).await,
    };
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match db::tx(&state.pool, move |c| comments::edit(c, &actor, id, &f.body)).await {
        Ok(_) => {
            notice(&session, "comment_edited").await;
            Redirect::to(&format!("{back}#comment-{id}")).into_response()
        }
        Err(e) => back_with_errors(&session, &back, "comment", &[], e).await,
    }
}

pub async fn comment_delete(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let Ok(Some(submission)) = db::read(&state.pool, move |c| comments::submission_of(c, id)).await else {
        return not_found();
    };
    let back = format!("/submissions/{submission}");
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match db::tx(&state.pool, move |c| comments::delete(c, &actor, id)).await {
        Ok(()) => {
            notice(&session, "comment_deleted").await;
            Redirect::to(&format!("{back}#comment-{id}")).into_response()
        }
        Err(e) => back_with_errors(&session, &back, "comment", &[], e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FlagForm {
    reason: String,
}

async fn flag(
    state: AppState,
    session: Session,
    kind: &'static str,
    id: i64,
    back: String,
    form: Result<Form<FlagForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(r) => return back_with_errors(&session, &back, "comment", &[], form_error(r)).await,
    };
    let actor = match signed_in(&state, &session, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match db::tx(&state.pool, move |c| comments::flag(c, &actor, kind, id, &f.reason)).await {
        Ok(()) => {
            notice(&session, "flagged").await;
            Redirect::to(&back).into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(e) => back_with_errors(&session, &back, "comment", &[], e).await,
    }
}

pub async fn flag_submission(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    form: Result<Form<FlagForm>, FormRejection>,
) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    flag(state, session, "submission", id, format!("/submissions/{id}"), form).await
}

pub async fn flag_comment(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    form: Result<Form<FlagForm>, FormRejection>,
) -> Response {
    let Some(id) = id_of(&id) else { return not_found() };
    let Ok(Some(submission)) = db::read(&state.pool, move |c| comments::submission_of(c, id)).await else {
        return not_found();
    };
    flag(state, session, "comment", id, format!("/submissions/{submission}#comment-{id}"), form).await
}

pub async fn notifications_read(State(state): State<AppState>, session: Session) -> Response {
    let actor = match signed_in(&state, &session, "/notifications").await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(me) = actor.user_id() else { return not_found() };
    match db::tx(&state.pool, move |c| app::notifications::service::mark_all_read(c, me)).await {
        Ok(_) => {
            notice(&session, "notifications_read").await;
            Redirect::to("/notifications").into_response()
        }
        Err(e) => back_with_errors(&session, "/notifications", "notifications", &[], e).await,
    }
}

pub async fn notification_settings(
    State(state): State<AppState>,
    session: Session,
    form: Result<Form<std::collections::HashMap<String, String>>, FormRejection>,
) -> Response {
    let actor = match signed_in(&state, &session, "/account").await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(me) = actor.user_id() else { return not_found() };
    let f = form.map(|Form(f)| f).unwrap_or_default();
    let on = |k: &str| f.get(k).is_some_and(|v| v == "1");
    let settings = app::notifications::NotificationSettings {
        email_comments: on("email_comments"),
        email_official: on("email_official"),
        email_status: on("email_status"),
    };
    match db::tx(&state.pool, move |c| app::notifications::mailer::save_settings(c, me, &settings)).await {
        Ok(()) => {
            notice(&session, "notification_settings_saved").await;
            Redirect::to("/account#notifications").into_response()
        }
        Err(e) => back_with_errors(&session, "/account", "change_password", &[], e).await,
    }
}
