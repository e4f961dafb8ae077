//! Comment forms on a submission's page: comment or answer officially, edit, delete (flags are
//! in `moderation`).
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::comments::{service as comments, NewComment};
use app::db;
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

/// A number typed into a form: empty is none, anything else unreadable is -1 (refused as invalid).
fn form_id(s: &str) -> Option<i64> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.parse::<i64>().unwrap_or(-1))
}

/// The page of the submission comment `id` belongs to.
pub(super) async fn page_of_comment(state: &AppState, id: i64) -> Result<String, FormError> {
    match db::read(&state.pool, move |c| comments::submission_of(c, id)).await {
        Ok(Some(submission)) => Ok(format!("/submissions/{submission}")),
        _ => Err(FormError::NotFound),
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
    me: SignedIn,
    Id(id): Id,
    form: Result<Form<CommentForm>, FormRejection>,
) -> Result<Response, FormError> {
    let page = format!("/submissions/{id}");
    let Form(f) = form.map_err(|r| Back::new(page.as_str(), FormName::Comment).unreadable(r))?;
    let back = Back::new(format!("{page}#body"), FormName::Comment)
        .keep([("body", f.body.as_str()), ("parent_id", f.parent_id.as_str())]);
    me.limit(&state, Action::Comment).map_err(|e| back.fail(e))?;
    let input = NewComment { body: f.body, parent_id: form_id(&f.parent_id), official: f.official == "1" };
    let actor = me.actor.clone();
    let c = db::tx(&state.pool, move |c| comments::add(c, &actor, id, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done(&format!("{page}#comment-{}", c.id), if c.moderation.is_some() { "held" } else { "commented" }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BodyForm {
    body: String,
}

pub async fn comment_edit(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Result<Form<BodyForm>, FormRejection>,
) -> Result<Response, FormError> {
    let page = page_of_comment(&state, id).await?;
    let back = Back::new(page.as_str(), FormName::Comment);
    let Form(f) = form.map_err(|r| back.unreadable(r))?;
    let actor = me.actor.clone();
    let c = db::tx(&state.pool, move |c| comments::edit(c, &actor, id, &f.body)).await.map_err(|e| back.fail(e))?;
    let code = if c.moderation == Some(app::moderation::ModerationState::Pending) { "held" } else { "comment_edited" };
    Ok(done(&format!("{page}#comment-{id}"), code))
}

pub async fn comment_delete(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let page = page_of_comment(&state, id).await?;
    let back = Back::new(page.as_str(), FormName::Comment);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| comments::delete(c, &actor, id)).await.map_err(|e| back.fail(e))?;
    Ok(done(&format!("{page}#comment-{id}"), "comment_deleted"))
}
