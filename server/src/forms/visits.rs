//! The staff's form on `/visits` that plans a field visit: the same `visits::service::create` as
//! the JSON API.
use crate::forms::{done, Back, FormError};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::db;
use app::session::FormName;
use app::visits::service as visits;
use app::visits::VisitInput;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

pub async fn create(
    State(state): State<AppState>,
    me: SignedIn,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, FormError> {
    let (back, f) = Back::new("/visits#new-visit", FormName::Visit).read(form)?;
    let text = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let input = VisitInput {
        kind: text("kind"),
        // Unreadable is 0, which no neighbourhood has: the service names it.
        neighbourhood_id: text("neighbourhood_id").parse().unwrap_or(0),
        date: text("date"),
        place: text("place"),
        notes: text("notes"),
    };
    let actor = me.actor.clone();
    let id = db::tx(&state.pool, move |c| visits::create(c, &actor, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done(&format!("/visits/{id}"), "visit_created"))
}
