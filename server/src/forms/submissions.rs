//! Submission forms: send (with photos and a video), save as a draft, preview, record for a
//! caller (staff), support, follow, withdraw, delete a draft. Each calls the same service as the
//! JSON API; failures go back to the form with the field errors and what was typed.
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::db;
use app::domain::roles::Role;
use app::error::{AppError, FieldErrors, Problem};
use app::session::FormName;
use app::submissions::workflow::{self, Move};
use app::submissions::{drafts, service, Intake, NewSubmission};
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Request, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

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
    visit_id: String,
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
            ("visit_id", &self.visit_id),
        ]
    }

    /// The submission, or the location problem a typed coordinate has.
    fn submission(&self) -> (NewSubmission, Option<Problem>) {
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
        (s, bad_number.then_some(Problem::NotANumber))
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
            visit_id: get("visit_id"),
            action: get("action"),
            draft_id: get("draft_id"),
        };
        Ok((f, uploads))
    } else {
        let Form(f) = Form::<SubmissionForm>::from_request(req, &()).await.map_err(crate::forms::form_error)?;
        Ok((f, Vec::new()))
    }
}

pub async fn submit(State(state): State<AppState>, me: SignedIn, req: Request) -> Result<Response, FormError> {
    send(state, me, req, false).await
}

/// Staff recording a request for a caller. The role is checked before the body is read.
pub async fn intake(State(state): State<AppState>, me: SignedIn, req: Request) -> Result<Response, FormError> {
    me.actor.require(Role::Staff).map_err(|e| Back::new("/staff/intake", FormName::Intake).fail(e))?;
    send(state, me, req, true).await
}

/// Sends the form (or saves it as a draft, or previews it). Who is asking is known before the
/// body is read (`SignedIn`), so an anonymous upload is refused without reading it.
async fn send(state: AppState, me: SignedIn, req: Request, intake: bool) -> Result<Response, FormError> {
    let (form_page, form_name) =
        if intake { ("/staff/intake", FormName::Intake) } else { ("/submissions/new", FormName::Submission) };
    // What was typed is lost only when the body itself could not be read.
    let (f, uploads) = read_submission_form(req).await.map_err(|e| Back::new(form_page, form_name).fail(e))?;
    let draft = if intake { None } else { form_id(&f.draft_id).filter(|id| *id > 0) };
    let page = match draft {
        Some(id) => format!("{form_page}?draft={id}"),
        None => form_page.to_owned(),
    };
    let back = Back::new(page, form_name).keep(f.values());
    let (submission, location_problem) = f.submission();
    if f.action == "draft" && !intake {
        return save_draft(&state, &me, &back, submission, location_problem, draft).await;
    }
    if f.action == "preview" {
        return preview(&state, &back, submission, location_problem).await;
    }
    me.limit(&state, if intake { Action::Intake } else { Action::Submit }).map_err(|e| back.fail(e))?;
    let intake_fields = intake.then(|| Intake {
        channel: f.channel.clone(),
        citizen_name: f.citizen_name.clone(),
        citizen_contact: f.citizen_contact.clone(),
        consent: f.consent == "1",
        // Unreadable is 0, which no visit has: the service names it.
        visit_id: Some(f.visit_id.trim()).filter(|v| !v.is_empty()).map(|v| v.parse().unwrap_or(0)),
    });
    let client_token = Some(f.client_token.clone());
    let to_send = service::ToSend { input: submission, intake: intake_fields, client_token, draft };
    let actor = me.actor.clone();
    // A refused photo refuses the whole form; files whose rows are not written are removed.
    let created = crate::media::attach(&state.media, uploads, |rows| {
        service::submit_with_media(&state.pool, actor, to_send, rows)
    })
    .await
    .map_err(|e| back.fail(with_location(e, location_problem)))?;
    let code = match (intake, created.moderation) {
        (true, _) => format!("recorded:{}", created.reference),
        (false, Some(_)) => "held".to_owned(),
        (false, None) => "submitted".to_owned(),
    };
    Ok(done(&created.url, &code))
}

/// A validation error with the problem of a typed coordinate added.
fn with_location(e: AppError, location_problem: Option<Problem>) -> AppError {
    match (e, location_problem) {
        (AppError::Validation { mut fields }, Some(code)) => {
            fields.set("location", code);
            AppError::Validation { fields }
        }
        (e, _) => e,
    }
}

/// Saves the form as a draft (chosen files are not kept; the form's hint says so) and opens it
/// again, now a saved draft.
async fn save_draft(
    state: &AppState,
    me: &SignedIn,
    back: &Back,
    submission: NewSubmission,
    location_problem: Option<Problem>,
    draft: Option<i64>,
) -> Result<Response, FormError> {
    if let Some(code) = location_problem {
        return Err(back.fail(AppError::Validation { fields: FieldErrors::single("location", code) }));
    }
    let actor = me.actor.clone();
    let d =
        db::tx(&state.pool, move |c| drafts::save(c, &actor, draft, &submission)).await.map_err(|e| back.fail(e))?;
    Ok(done(&format!("/submissions/new?draft={}", d.id), "draft_saved"))
}

/// Deletes one of the user's drafts (from "My submissions").
pub async fn draft_delete(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let back = Back::new("/my/submissions", FormName::Page);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| drafts::delete(c, &actor, id)).await.map_err(|e| back.fail(e))?;
    Ok(done("/my/submissions", "draft_deleted"))
}

/// The preview: the same checks as sending, nothing saved; the page shows the body rendered and
/// sanitised exactly as it will be published. Chosen files are not kept (the hint says so).
async fn preview(
    state: &AppState,
    back: &Back,
    submission: NewSubmission,
    location_problem: Option<Problem>,
) -> Result<Response, FormError> {
    let body = submission.body.clone();
    let checked = db::read(&state.pool, move |c| service::check(c, &submission)).await;
    match (checked, location_problem) {
        (Ok(()), None) => {
            let html = app::markdown::render(body.trim());
            let to = format!("{}#preview", back.page());
            let back = back.clone().keep([("preview_html", html)]).to(to);
            Err(back.fail(AppError::Validation { fields: FieldErrors::new() }))
        }
        (Err(e), problem) => Err(back.fail(with_location(e, problem))),
        (Ok(()), Some(code)) => Err(back.fail(AppError::Validation { fields: FieldErrors::single("location", code) })),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OnForm {
    on: String,
}

pub async fn support(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Result<Form<OnForm>, FormRejection>,
) -> Result<Response, FormError> {
    let page = format!("/submissions/{id}");
    let back = Back::new(page.as_str(), FormName::Comment);
    let on = form.map(|Form(f)| f.on != "0").unwrap_or(true);
    me.limit(&state, Action::Support).map_err(|e| back.fail(e))?;
    let actor = me.actor.clone();
    let s = db::tx(&state.pool, move |c| service::set_support(c, &actor, id, on)).await.map_err(|e| back.fail(e))?;
    let code = match (on, s.reached_threshold) {
        (true, true) => "threshold",
        (true, false) => "supported",
        (false, _) => "unsupported",
    };
    Ok(done(&page, code))
}

pub async fn follow(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Result<Form<OnForm>, FormRejection>,
) -> Result<Response, FormError> {
    let page = format!("/submissions/{id}");
    let back = Back::new(page.as_str(), FormName::Comment);
    let on = form.map(|Form(f)| f.on != "0").unwrap_or(true);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| service::set_follow(c, &actor, id, on)).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, if on { "followed" } else { "unfollowed" }))
}

pub async fn withdraw(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let page = format!("/submissions/{id}");
    let back = Back::new(page.as_str(), FormName::Comment);
    service::withdraw_tx(&state.pool, me.actor.clone(), id).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, "withdrawn"))
}

/// The workflow step typed into the form on a submission's page (staff, the chair).
#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    public_note: String,
    #[serde(default)]
    internal_note: String,
}

/// Moves a submission on: the same service as the API's `transitions`; back to the form with
/// its errors and what was typed, or to the page with the step on its timeline.
pub async fn transition(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Result<Form<MoveForm>, FormRejection>,
) -> Result<Response, FormError> {
    let page = format!("/submissions/{id}");
    let back = Back::new(format!("{page}#move"), FormName::Transition);
    let Form(f) = form.map_err(|r| back.unreadable(r))?;
    let back = back.keep([
        ("to", f.to.as_str()),
        ("public_note", f.public_note.as_str()),
        ("internal_note", f.internal_note.as_str()),
    ]);
    let m = Move { to: f.to, public_note: Some(f.public_note), internal_note: Some(f.internal_note) };
    workflow::transition_tx(&state.pool, me.actor.clone(), id, m).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, "status_changed"))
}
