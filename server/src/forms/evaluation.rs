//! The committee's forms: open a round (the chair, on the queue), send a score sheet or step
//! aside (a member), close a round and record the decision (the chair). Each calls the same
//! service as the JSON API; failures go back to the form with its errors and what was typed.
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::domain::evaluation::SheetLine;
use app::error::{AppError, FieldErrors, Problem};
use app::evaluation::service::{self as evaluation, DecisionInput};
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

type Fields = Result<Form<HashMap<String, String>>, FormRejection>;

/// The chair opens a round from the committee's queue.
pub async fn open_round(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let (back, f) = Back::new("/committee", FormName::Round).item(id.to_string()).read(form)?;
    let deadline = f.get("deadline").cloned();
    // "" (every evaluator) or a committee's id; anything else is a committee that does not exist.
    let committee = match f.get("committee_id").map(|v| v.trim()).unwrap_or_default() {
        "" => None,
        v => Some(v.parse::<i64>().unwrap_or(0)),
    };
    let actor = me.actor.clone();
    let round = db::tx(&state.pool, move |c| evaluation::open_round(c, &actor, id, deadline.as_deref(), committee))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done(&format!("/rounds/{round}"), "round_opened"))
}

/// A score sheet as the form sends it: `score_{criterion}` (a radio) and `justification_{criterion}`.
/// A criterion whose score was not chosen is left out, so the service names it as missing; an
/// unreadable score is off the scale.
fn sheet(f: &HashMap<String, String>) -> Vec<SheetLine> {
    let mut lines: Vec<SheetLine> = f
        .iter()
        .filter_map(|(k, v)| {
            let criterion_id = k.strip_prefix("score_")?.parse::<i64>().ok()?;
            let justification = f.get(&format!("justification_{criterion_id}")).cloned().unwrap_or_default();
            Some(SheetLine { criterion_id, score: v.trim().parse().unwrap_or(0), justification })
        })
        .collect();
    lines.sort_by_key(|l| l.criterion_id);
    lines
}

pub async fn scores(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let page = format!("/rounds/{id}");
    let (back, f) = Back::new(page.as_str(), FormName::ScoreSheet).read(form)?;
    let lines = sheet(&f);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| evaluation::submit_scores(c, &actor, id, &lines)).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, "scores_sent"))
}

pub async fn recusal(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let page = format!("/rounds/{id}");
    let (back, f) = Back::new(format!("{page}#recusal"), FormName::ScoreSheet).item("recusal").read(form)?;
    let reason = f.get("reason").cloned().unwrap_or_default();
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| evaluation::recuse(c, &actor, id, &reason)).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, "recused"))
}

pub async fn close(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let page = format!("/rounds/{id}");
    let back = Back::new(page.as_str(), FormName::Round);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| evaluation::close_round(c, &actor, id)).await.map_err(|e| back.fail(e))?;
    Ok(done(&page, "round_closed"))
}

/// An amount as people type it: `1.250.000,50` (Turkish), `1250000.50` or `1,250,000.50`.
/// `Err` when it is not a number.
pub(crate) fn parse_amount(typed: &str) -> Result<Option<f64>, Problem> {
    let t: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '₺' && *c != '\'').collect();
    if t.is_empty() {
        return Ok(None);
    }
    let normal = if t.contains(',') && (!t.contains('.') || t.rfind(',') > t.rfind('.')) {
        // Turkish: dots group thousands, the comma is the decimal point.
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() > 1 || t.split_once('.').is_some_and(|(_, after)| after.len() == 3) {
        // Dots grouping thousands (`1.250.000`, `75.000`).
        t.replace('.', "")
    } else {
        t.replace(',', "")
    };
    normal.parse::<f64>().map(Some).map_err(|_| Problem::NotANumber)
}

pub async fn decision(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Fields,
) -> Result<Response, FormError> {
    let Form(f) = form.map_err(|r| Back::new(format!("/submissions/{id}"), FormName::Decision).unreadable(r))?;
    let round = f.get("round").and_then(|r| r.trim().parse::<i64>().ok()).filter(|r| *r > 0);
    let page = round.map_or_else(|| format!("/submissions/{id}"), |r| format!("/rounds/{r}#decision"));
    let back = Back::new(page, FormName::Decision).keep(f.iter());
    let text = |k: &str| f.get(k).cloned().unwrap_or_default();
    let mut errors = FieldErrors::new();
    let estimated_cost = parse_amount(&text("estimated_cost")).unwrap_or_else(|problem| {
        errors.add("estimated_cost", problem);
        None
    });
    let days = text("estimated_days");
    let estimated_days = match days.trim() {
        "" => None,
        n => n.parse::<i64>().map(Some).unwrap_or_else(|_| {
            errors.add("estimated_days", Problem::NotANumber);
            None
        }),
    };
    errors.into_result().map_err(|e| back.fail(e))?;
    let input = DecisionInput {
        outcome: text("outcome"),
        public_reason: Some(text("public_reason")),
        estimated_cost,
        estimated_days,
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| evaluation::decide(c, &actor, id, &input))
        .await
        .map_err(|e: AppError| back.fail(e))?;
    state.pool.caches().clear_counts();
    Ok(done(&format!("/submissions/{id}"), "decided"))
}

#[cfg(test)]
mod tests {
    use super::parse_amount;
    use app::error::Problem;

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(parse_amount("1.250.000,50"), Ok(Some(1_250_000.5)));
        assert_eq!(parse_amount("1250000.50"), Ok(Some(1_250_000.5)));
        assert_eq!(parse_amount("1,250,000.50"), Ok(Some(1_250_000.5)));
        assert_eq!(parse_amount("₺ 75.000"), Ok(Some(75_000.0)), "a dot alone before three digits is a thousands dot");
        assert_eq!(parse_amount(" "), Ok(None));
        assert_eq!(parse_amount("çok"), Err(Problem::NotANumber));
    }
}
