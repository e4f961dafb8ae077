//! The admin forms of the reference data page (`/admin/reference`): the support threshold,
//! directorates, categories and neighbourhoods. Each form has its own name (`ref-category-7`), so
//! the page opens the one that failed, with its errors.
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::auth::Actor;
use app::error::{AppError, FieldErrors, Problem};
use app::reference::{admin, CategoryRow, DirectorateRow, NeighbourhoodRow};
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

const PAGE: &str = "/admin/reference";

type Fields = Result<Form<HashMap<String, String>>, FormRejection>;

/// Runs one save and answers: back to the page at the item, with a notice or the errors.
async fn save(
    state: AppState,
    me: SignedIn,
    form_name: String,
    fields: Fields,
    run: impl FnOnce(&mut app::db::DbConn, &Actor, &HashMap<String, String>) -> Result<(), AppError> + Send + 'static,
) -> Result<Response, FormError> {
    let to = format!("{PAGE}#{form_name}");
    let back = Back::new(to.as_str(), FormName::Reference).item(form_name);
    let Form(fields) = fields.map_err(|r| back.unreadable(r))?;
    let back = back.keep(fields.iter());
    let actor = me.actor.clone();
    app::reference::service::write(&state.pool, move |c| run(c, &actor, &fields)).await.map_err(|e| back.fail(e))?;
    Ok(done(&to, "reference_saved"))
}

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

fn checked(f: &HashMap<String, String>) -> bool {
    f.get("active").is_some_and(|v| v == "1")
}

/// A coordinate typed into field `k` (a decimal comma is fine); a problem is reported on `k`.
fn coordinate(f: &HashMap<String, String>, k: &str) -> Result<Option<f64>, AppError> {
    let v = text(f, k).trim().replace(',', ".");
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<f64>().map(Some).map_err(|_| AppError::Validation { fields: FieldErrors::single(k, Problem::NotANumber) })
}

pub async fn threshold(State(state): State<AppState>, me: SignedIn, fields: Fields) -> Result<Response, FormError> {
    save(state, me, "ref-threshold".into(), fields, |c, actor, f| {
        let raw = text(f, "support_threshold");
        let value = if raw.trim().is_empty() { None } else { Some(raw.trim().parse::<i64>().unwrap_or(-1)) };
        admin::set_support_threshold(c, actor, value)
    })
    .await
}

fn form_name(kind: &str, id: Option<i64>) -> String {
    format!("ref-{kind}-{}", id.map_or("new".to_owned(), |i| i.to_string()))
}

async fn directorate(state: AppState, me: SignedIn, id: Option<i64>, fields: Fields) -> Result<Response, FormError> {
    save(state, me, form_name("directorate", id), fields, move |c, actor, f| {
        let row =
            DirectorateRow { id: 0, name_tr: text(f, "name_tr"), name_en: text(f, "name_en"), active: checked(f) };
        admin::save_directorate(c, actor, id, &row).map(|_| ())
    })
    .await
}

pub async fn directorate_new(State(state): State<AppState>, me: SignedIn, f: Fields) -> Result<Response, FormError> {
    directorate(state, me, None, f).await
}

pub async fn directorate_edit(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    f: Fields,
) -> Result<Response, FormError> {
    directorate(state, me, Some(id), f).await
}

async fn category(state: AppState, me: SignedIn, id: Option<i64>, fields: Fields) -> Result<Response, FormError> {
    save(state, me, form_name("category", id), fields, move |c, actor, f| {
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

pub async fn category_new(State(state): State<AppState>, me: SignedIn, f: Fields) -> Result<Response, FormError> {
    category(state, me, None, f).await
}

pub async fn category_edit(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    f: Fields,
) -> Result<Response, FormError> {
    category(state, me, Some(id), f).await
}

async fn neighbourhood(state: AppState, me: SignedIn, id: Option<i64>, fields: Fields) -> Result<Response, FormError> {
    save(state, me, form_name("neighbourhood", id), fields, move |c, actor, f| {
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

pub async fn neighbourhood_new(State(state): State<AppState>, me: SignedIn, f: Fields) -> Result<Response, FormError> {
    neighbourhood(state, me, None, f).await
}

pub async fn neighbourhood_edit(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    f: Fields,
) -> Result<Response, FormError> {
    neighbourhood(state, me, Some(id), f).await
}
