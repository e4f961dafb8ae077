//! The moderation forms: a flag with its reason (from its own page), a moderator's
//! decision (a submission's page, the moderators' queue), a block, a merge and the moderation
//! settings; each calls the same `moderation::service` function as the JSON API.
use crate::forms::comments::page_of_comment;
use crate::forms::{done, safe_next, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::db;
use app::domain::submissions::FlagTarget;
use app::error::{AppError, FieldErrors, Problem};
use app::moderation::service as moderation;
use app::moderation::{BlockInput, FlagInput, ModerationInput};
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

type Fields = Result<Form<HashMap<String, String>>, FormRejection>;

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// A flag from its own page (`/submissions/{id}/flag`, `/comments/{id}/flag`): a refusal comes
/// back to that page with what was typed; a flag sent goes back to what was reported (`done`).
async fn flag(
    state: AppState,
    me: SignedIn,
    target: FlagTarget,
    id: i64,
    done_at: String,
    form: Fields,
) -> Result<Response, FormError> {
    let page = app::submissions::pages::flag_page_path(target, id);
    let (back, f) = Back::new(page.as_str(), FormName::Flag).item(target.form_item(id)).read(form)?;
    me.limit(&state, Action::Flag).map_err(|e| back.fail(e))?;
    let input = FlagInput { reason: text(&f, "reason"), detail: text(&f, "detail") };
    moderation::flag_tx(&state.pool, me.actor.clone(), target, id, input).await.map_err(|e| back.fail(e))?;
    Ok(done(&done_at, "flagged"))
}

pub async fn flag_submission(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    flag(state, me, FlagTarget::Submission, id, format!("/submissions/{id}"), form).await
}

pub async fn flag_comment(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let page = page_of_comment(&state, id).await?;
    flag(state, me, FlagTarget::Comment, id, format!("{page}#comment-{id}"), form).await
}

/// A decision, from the item's page or from the queue (`next`), back to where it was made.
async fn moderate(
    state: AppState,
    me: SignedIn,
    target: FlagTarget,
    id: i64,
    page: String,
    form: Fields,
) -> Result<Response, FormError> {
    let Form(fields) = form.map_err(|r| Back::new(page.as_str(), FormName::Moderation).unreadable(r))?;
    let to = safe_next(fields.get("next").map(String::as_str), &page);
    let back = Back::new(to.as_str(), FormName::Moderation).item(target.form_item(id)).keep(fields.iter());
    let input = ModerationInput { action: text(&fields, "action"), reason: text(&fields, "reason") };
    moderation::moderate_tx(&state.pool, me.actor.clone(), target, id, input).await.map_err(|e| back.fail(e))?;
    Ok(done(&to, "moderated"))
}

pub async fn moderate_submission(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    moderate(state, me, FlagTarget::Submission, id, format!("/submissions/{id}"), form).await
}

pub async fn moderate_comment(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let page = page_of_comment(&state, id).await?;
    moderate(state, me, FlagTarget::Comment, id, format!("{page}#comment-{id}"), form).await
}

/// A block, from the moderators' page (the person is chosen there by their id).
pub async fn block(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/moderation#block", FormName::Block).read(form)?;
    let Ok(user) = text(&f, "user_id").parse::<i64>() else {
        return Err(back.fail(AppError::Validation { fields: FieldErrors::single("user_id", Problem::Invalid) }));
    };
    let input = BlockInput { reason: text(&f, "reason"), until: text(&f, "until") };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| moderation::block(c, &actor, user, &input)).await.map_err(|e| match e {
        AppError::NotFound => {
            back.fail(AppError::Validation { fields: FieldErrors::single("user_id", Problem::NotFound) })
        }
        e => back.fail(e),
    })?;
    Ok(done("/moderation#blocked", "blocked"))
}

/// A merge, from the duplicate's page: staff type the original's tracking code.
pub async fn merge(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let page = format!("/submissions/{id}");
    let (back, f) = Back::new(format!("{page}#merge"), FormName::Merge).read(form)?;
    let code = text(&f, "into");
    let found =
        db::read(&state.pool, move |c| moderation::submission_by_code(c, &code)).await.map_err(|e| back.fail(e))?;
    let Some(into) = found else {
        let problem = if text(&f, "into").is_empty() { Problem::Required } else { Problem::NotFound };
        return Err(back.fail(AppError::Validation { fields: FieldErrors::single("into", problem) }));
    };
    moderation::merge_tx(&state.pool, me.actor.clone(), id, into).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, "merged"))
}

/// The flag threshold and the word list (admins).
pub async fn settings(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/moderation#settings", FormName::ModerationSettings).read(form)?;
    let (threshold, words) = (text(&f, "flag_threshold"), f.get("words").cloned().unwrap_or_default());
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| {
        // Both are checked before either is kept: a refusal loses nothing typed.
        let mut errors = FieldErrors::new();
        if let Err(AppError::Validation { fields }) = moderation::set_flag_threshold(c, &actor, &threshold) {
            errors = fields;
        }
        if let Err(AppError::Validation { fields }) = moderation::set_words(c, &actor, &words) {
            for (k, p) in fields.iter() {
                errors.add(k, p);
            }
        }
        errors.into_result()
    })
    .await
    .map_err(|e| back.fail(e))?;
    Ok(done("/moderation#settings", "moderation_settings_saved"))
}
