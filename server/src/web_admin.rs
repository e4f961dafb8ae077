//! The admin forms of the reference data page (`/admin/reference`): the support threshold,
//! directorates, categories and neighbourhoods. Post/redirect/get like `web.rs`; each form has
//! its own name (`ref-category-7`), so the page opens the one that failed, with its errors.
use crate::router::AppState;
use crate::web::{back_with_errors, form_error, notice};
use app::accounts::service::actor_from_session;
use app::auth::Actor;
use app::db;
use app::error::{AppError, FieldErrors};
use app::reference::{admin, CategoryRow, DirectorateRow, NeighbourhoodRow};
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use std::collections::HashMap;
use tower_sessions::Session;

const PAGE: &str = "/admin/reference";

type Fields = Result<Form<HashMap<String, String>>, FormRejection>;

async fn admin_actor(state: &AppState, session: &Session) -> Result<Actor, Response> {
    match actor_from_session(&state.pool, session).await {
        Ok((actor, Some(_))) => Ok(actor),
        Ok((_, None)) => Err(Redirect::to("/sign-in?next=/admin/reference").into_response()),
        Err(_) => Err((axum::http::StatusCode::SERVICE_UNAVAILABLE, "503").into_response()),
    }
}

/// Runs one save and answers: back to the page at the item, with a notice or the errors.
async fn save(
    state: AppState,
    session: Session,
    form_name: String,
    fields: Fields,
    run: impl FnOnce(&mut app::db::DbConn, &Actor, &HashMap<String, String>) -> Result<(), AppError> + Send + 'static,
) -> Response {
    let back = format!("{PAGE}#{form_name}");
    let fields = match fields {
        Ok(Form(f)) => f,
        Err(r) => return back_with_errors(&session, &back, &form_name, &[], form_error(r)).await,
    };
    let actor = match admin_actor(&state, &session).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let typed = fields.clone();
    match db::tx(&state.pool, move |c| run(c, &actor, &fields)).await {
        Ok(()) => {
            state.pool.caches().clear_reference();
            notice(&session, "reference_saved").await;
            Redirect::to(&back).into_response()
        }
        Err(AppError::Forbidden) => (axum::http::StatusCode::FORBIDDEN, "403").into_response(),
        Err(AppError::NotFound) => (axum::http::StatusCode::NOT_FOUND, "404").into_response(),
        Err(e) => {
            let values: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            back_with_errors(&session, &back, &form_name, &values, e).await
        }
    }
}

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

fn checked(f: &HashMap<String, String>) -> bool {
    f.get("active").is_some_and(|v| v == "1")
}

fn coordinate(f: &HashMap<String, String>, k: &str) -> Result<Option<f64>, AppError> {
    let v = text(f, k).trim().replace(',', ".");
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<f64>().map(Some).map_err(|_| AppError::Validation { fields: FieldErrors::single("lat", "not_a_number") })
}

fn path_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

pub async fn threshold(State(state): State<AppState>, session: Session, fields: Fields) -> Response {
    save(state, session, "ref-threshold".into(), fields, |c, actor, f| {
        let raw = text(f, "support_threshold");
        let value = if raw.trim().is_empty() { None } else { Some(raw.trim().parse::<i64>().unwrap_or(-1)) };
        admin::set_support_threshold(c, actor, value)
    })
    .await
}

async fn directorate(state: AppState, session: Session, id: Option<i64>, fields: Fields) -> Response {
    let name = format!("ref-directorate-{}", id.map_or("new".to_owned(), |i| i.to_string()));
    save(state, session, name, fields, move |c, actor, f| {
        let row =
            DirectorateRow { id: 0, name_tr: text(f, "name_tr"), name_en: text(f, "name_en"), active: checked(f) };
        admin::save_directorate(c, actor, id, &row).map(|_| ())
    })
    .await
}

pub async fn directorate_new(State(state): State<AppState>, session: Session, fields: Fields) -> Response {
    directorate(state, session, None, fields).await
}

pub async fn directorate_edit(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    match path_id(&id) {
        Some(id) => directorate(state, session, Some(id), fields).await,
        None => (axum::http::StatusCode::NOT_FOUND, "404").into_response(),
    }
}

async fn category(state: AppState, session: Session, id: Option<i64>, fields: Fields) -> Response {
    let name = format!("ref-category-{}", id.map_or("new".to_owned(), |i| i.to_string()));
    save(state, session, name, fields, move |c, actor, f| {
        let row = CategoryRow {
            id: 0,
            name_tr: text(f, "name_tr"),
            name_en: text(f, "name_en"),
            directorate_id: text(f, "directorate_id").trim().parse().unwrap_or(-1),
            active: checked(f),
        };
        admin::save_category(c, actor, id, &row).map(|_| ())
    })
    .await
}

pub async fn category_new(State(state): State<AppState>, session: Session, fields: Fields) -> Response {
    category(state, session, None, fields).await
}

pub async fn category_edit(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    match path_id(&id) {
        Some(id) => category(state, session, Some(id), fields).await,
        None => (axum::http::StatusCode::NOT_FOUND, "404").into_response(),
    }
}

async fn neighbourhood(state: AppState, session: Session, id: Option<i64>, fields: Fields) -> Response {
    let name = format!("ref-neighbourhood-{}", id.map_or("new".to_owned(), |i| i.to_string()));
    save(state, session, name, fields, move |c, actor, f| {
        let row = NeighbourhoodRow {
            id: 0,
            name: text(f, "name"),
            kind: text(f, "kind"),
            lat: coordinate(f, "lat")?,
            lon: coordinate(f, "lon")?,
            active: checked(f),
        };
        admin::save_neighbourhood(c, actor, id, &row).map(|_| ())
    })
    .await
}

pub async fn neighbourhood_new(State(state): State<AppState>, session: Session, fields: Fields) -> Response {
    neighbourhood(state, session, None, fields).await
}

pub async fn neighbourhood_edit(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    fields: Fields,
) -> Response {
    match path_id(&id) {
        Some(id) => neighbourhood(state, session, Some(id), fields).await,
        None => (axum::http::StatusCode::NOT_FOUND, "404").into_response(),
    }
}
