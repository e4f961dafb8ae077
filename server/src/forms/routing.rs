//! The routing form on a service request's page (staff): the same `routing::service::assign`
//! as the JSON API.
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::routing::service as routing;
use app::routing::AssignmentInput;
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

pub async fn assign(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, FormError> {
    let (back, f) = Back::new(format!("/submissions/{id}#assign"), FormName::Assignment).read(form)?;
    let number = |k: &str| f.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| v.parse::<i64>().unwrap_or(0));
    let input = AssignmentInput {
        directorate_id: number("directorate_id").unwrap_or(0),
        officer_id: number("officer_id"),
        public_note: f.get("public_note").cloned(),
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| routing::assign(c, &actor, id, &input)).await.map_err(|e| back.fail(e))?;
    state.pool.caches().clear_counts();
    Ok(done(&format!("/submissions/{id}"), "assigned"))
}
