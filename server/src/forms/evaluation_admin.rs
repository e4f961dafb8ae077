//! The review board's admin forms: the settings and committees (`/admin/board`) and a new
//! version of the rubric (`/admin/rubric`). Each calls the same `evaluation::admin` function as
//! the JSON API; failures go back with the errors and what was typed.
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::domain::evaluation::{CriterionDraft, RUBRIC_MAX_CRITERIA};
use app::error::{AppError, FieldErrors, Problem};
use app::evaluation::admin;
use app::evaluation::{CommitteeInput, RubricInput, SettingsInput};
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

/// A whole number typed into `k`; an empty field is `None`, anything else unreadable is -1 (out
/// of every range, so the service names it).
fn number(f: &HashMap<String, String>, k: &str) -> Option<i64> {
    let v = text(f, k);
    (!v.is_empty()).then(|| v.parse::<i64>().unwrap_or(-1))
}

pub async fn settings(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/admin/board#settings", FormName::BoardSettings).read(form)?;
    let quorum = number(&f, "evaluation_quorum");
    if quorum.is_none() {
        return Err(
            back.fail(AppError::Validation { fields: FieldErrors::single("evaluation_quorum", Problem::Required) })
        );
    }
    let input = SettingsInput {
        support_threshold: None,
        evaluation_quorum: quorum,
        publish_individual_scores: Some(f.contains_key("publish_individual_scores")),
        timeline_actor_names: Some(f.contains_key("timeline_actor_names")),
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| admin::save_settings(c, &actor, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/board", "settings_saved"))
}

/// The rubric form has a row per criterion (`name_tr_{i}`, `name_en_{i}`, `weight_{i}`), some of
/// them blank for new criteria. Blank rows are left out, and the service's problems (numbered
/// by the criteria sent) are put back on the rows they came from.
pub async fn rubric(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/admin/rubric", FormName::Rubric).read(form)?;
    let mut rows = Vec::new();
    let mut errors = FieldErrors::new();
    for i in 0..RUBRIC_MAX_CRITERIA + 2 {
        let (name_tr, name_en, weight) =
            (text(&f, &format!("name_tr_{i}")), text(&f, &format!("name_en_{i}")), text(&f, &format!("weight_{i}")));
        if name_tr.is_empty() && name_en.is_empty() && weight.is_empty() {
            continue;
        }
        let weight = weight.parse::<i32>().unwrap_or_else(|_| {
            errors.add(&format!("weight_{i}"), if weight.is_empty() { Problem::Required } else { Problem::NotANumber });
            0
        });
        rows.push((i, CriterionDraft { name_tr, name_en, weight }));
    }
    errors.into_result().map_err(|e| back.fail(e))?;
    let input = RubricInput {
        scale_max: text(&f, "scale_max").parse().unwrap_or(0),
        criteria: rows.iter().map(|(_, c)| c.clone()).collect(),
    };
    let actor = me.actor.clone();
    let result = db::tx(&state.pool, move |c| admin::new_rubric(c, &actor, &input)).await;
    if let Err(AppError::Validation { fields }) = result {
        let mut on_rows = FieldErrors::new();
        for (field, problem) in fields.iter() {
            let renamed = field
                .rsplit_once('_')
                .and_then(|(name, k)| Some((name, rows.get(k.parse::<usize>().ok()?)?.0)))
                .map_or_else(|| field.to_owned(), |(name, row)| format!("{name}_{row}"));
            on_rows.add(&renamed, problem);
        }
        return Err(back.fail(AppError::Validation { fields: on_rows }));
    }
    result.map_err(|e| back.fail(e))?;
    Ok(done("/admin/rubric", "rubric_saved"))
}

/// Members are typed one e-mail address a line (commas and spaces also separate them).
fn committee_input(f: &HashMap<String, String>, active: Option<bool>) -> CommitteeInput {
    CommitteeInput {
        name: text(f, "name"),
        chair_email: Some(text(f, "chair_email")),
        member_emails: text(f, "member_emails")
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect(),
        active,
    }
}

async fn committee(state: AppState, me: SignedIn, id: Option<i64>, form: Fields) -> Result<Response, FormError> {
    let item = id.map_or("new".to_owned(), |i| i.to_string());
    let anchor = format!("/admin/board#committee-{item}");
    let (back, f) = Back::new(anchor.as_str(), FormName::Committee).item(item).read(form)?;
    let input = committee_input(&f, id.map(|_| f.contains_key("active")));
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| admin::save_committee(c, &actor, id, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/board#committees", "committee_saved"))
}

pub async fn committee_new(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    committee(state, me, None, form).await
}

pub async fn committee_edit(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    committee(state, me, Some(id), form).await
}
