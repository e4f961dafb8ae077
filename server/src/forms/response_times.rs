//! The admin forms of `/admin/response-times`: the targets, the working hours, a date added to or
//! removed from the holiday calendar. Each calls the same `response_times::service` function as
//! the JSON API; failures go back with the errors and what was typed.
use crate::forms::{done, Back, FormError};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::db;
use app::domain::submissions::Kind;
use app::error::{AppError, FieldErrors, Problem};
use app::response_times::service as response;
use app::response_times::{HolidayView, ResponseTarget, WorkingHoursView};
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

type Fields = Result<Form<HashMap<String, String>>, FormRejection>;

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// One pair of fields per service-request kind (`complaint.first_response_hours`, …); a field
/// left empty or not a whole number is named before the service is asked.
pub async fn targets(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/admin/response-times#targets", FormName::ResponseTargets).read(form)?;
    let mut errors = FieldErrors::new();
    let mut number = |field: String| {
        let v = text(&f, &field);
        v.parse::<i64>().unwrap_or_else(|_| {
            errors.add(&field, if v.is_empty() { Problem::Required } else { Problem::NotANumber });
            0
        })
    };
    let input: Vec<ResponseTarget> = Kind::service_requests()
        .map(|k| ResponseTarget {
            kind: k.as_str().to_owned(),
            first_response_hours: number(format!("{}.first_response_hours", k.as_str())),
            resolution_days: number(format!("{}.resolution_days", k.as_str())),
        })
        .collect();
    if !errors.is_empty() {
        return Err(back.fail(AppError::Validation { fields: errors }));
    }
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| response::set_targets(c, &actor, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/response-times#targets", "response_targets_saved"))
}

pub async fn hours(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/admin/response-times#hours", FormName::WorkingHours).read(form)?;
    let input = WorkingHoursView {
        open: text(&f, "open"),
        close: text(&f, "close"),
        half_day_close: text(&f, "half_day_close"),
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| response::set_hours(c, &actor, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/response-times#hours", "working_hours_saved"))
}

pub async fn holiday_add(State(state): State<AppState>, me: SignedIn, form: Fields) -> Result<Response, FormError> {
    let (back, f) = Back::new("/admin/response-times#new-holiday", FormName::Holiday).read(form)?;
    let input = HolidayView {
        date: text(&f, "date"),
        name_tr: text(&f, "name_tr"),
        name_en: text(&f, "name_en"),
        kind: text(&f, "kind"),
        half_day: f.contains_key("half_day"),
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| response::add_holiday(c, &actor, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/response-times#holidays", "holiday_added"))
}

pub async fn holiday_delete(
    State(state): State<AppState>,
    me: SignedIn,
    Path(date): Path<String>,
    form: Fields,
) -> Result<Response, FormError> {
    let (back, _) = Back::new("/admin/response-times#holidays", FormName::Page).read(form)?;
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| response::delete_holiday(c, &actor, &date)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/response-times#holidays", "holiday_removed"))
}
