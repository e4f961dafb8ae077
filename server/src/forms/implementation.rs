//! The staff's implementation editor on a proposal's page: the figures, a new milestone, a
//! milestone marked done. Each calls the same service as the JSON API.
use crate::forms::evaluation::parse_amount;
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::error::{FieldErrors, Problem};
use app::implementation::service::{self as implementation, MilestoneInput};
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

type Fields = Result<Form<HashMap<String, String>>, FormRejection>;

/// Back to the editor's form `item` (figures, milestone, photos).
fn back(submission: i64, item: &str) -> Back {
    Back::new(format!("/submissions/{submission}#implementation-editor"), FormName::Implementation).item(item)
}

/// Today in İnegöl (UTC+3 all year), as `YYYY-MM-DD`.
fn today() -> String {
    let d = (time::OffsetDateTime::now_utc() + time::Duration::hours(3)).date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

pub async fn figures(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let (back, f) = back(id, "figures").read(form)?;
    let text = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut errors = FieldErrors::new();
    let progress_percent = match text("progress_percent").as_str() {
        "" => None,
        p => p.parse::<i32>().map(Some).unwrap_or_else(|_| {
            errors.add("progress_percent", Problem::NotANumber);
            None
        }),
    };
    let budget = parse_amount(&text("budget")).unwrap_or_else(|problem| {
        errors.add("budget", problem);
        None
    });
    let directorate_id = text("directorate_id").parse::<i64>().ok();
    errors.into_result().map_err(|e| back.fail(e))?;
    let input = MilestoneInput { progress_percent, budget, directorate_id, ..MilestoneInput::default() };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| implementation::set_implementation(c, &actor, id, &input))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done(&format!("/submissions/{id}"), "implementation_saved"))
}

pub async fn add_milestone(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let (back, f) = back(id, "milestone").read(form)?;
    let input = MilestoneInput {
        title: Some(f.get("title").cloned().unwrap_or_default()),
        planned_on: Some(f.get("planned_on").cloned().unwrap_or_default()),
        note: f.get("note").cloned(),
        ..MilestoneInput::default()
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| implementation::add_milestone(c, &actor, id, &input))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done(&format!("/submissions/{id}"), "milestone_added"))
}

pub async fn milestone_done(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let submission =
        db::read(&state.pool, move |c| implementation::submission_of(c, id)).await.map_err(|_| FormError::NotFound)?;
    let back = back(submission, "milestone");
    let input = MilestoneInput { done_on: Some(today()), ..MilestoneInput::default() };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| implementation::update_milestone(c, &actor, id, &input))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done(&format!("/submissions/{submission}"), "milestone_done"))
}

/// Staff's before or after photos (a multipart form of the editor).
pub async fn photos(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, FormError> {
    let back = back(id, "photos");
    let mut typed = HashMap::new();
    let stored = crate::media::implementation_photos(&state, &me, id, multipart, &mut typed).await;
    stored.map_err(|e| back.keep(typed.iter().filter(|(k, _)| k.as_str() == "phase")).fail(e))?;
    Ok(done(&format!("/submissions/{id}#implementation"), "photos_added"))
}
