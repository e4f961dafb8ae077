//! Personal API tokens over JSON: list, create (the secret is in the answer, once), revoke.
//! Managing tokens needs the session cookie: a token cannot make or revoke tokens.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::accounts::{tokens, NewToken, TokenView};
use app::db;
use app::error::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

fn by_session(me: &SignedIn) -> Result<(), ApiError> {
    if me.via_token {
        return Err(AppError::Forbidden.into());
    }
    Ok(())
}

#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenView>), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, me: SignedIn) -> Result<Json<Vec<TokenView>>, ApiError> {
    let id = me.id;
    Ok(Json(db::read(&state.pool, move |c| tokens::list(c, id)).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TokenBody {
    /// What the token is for (1–120 characters).
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "accounts", request_body = TokenBody,
    responses((status = 201, description = "The token, with its secret shown this once", body = NewToken),
        (status = 401, body = ErrorBody), (status = 403, description = "Asked with a token, not the session", body = ErrorBody),
        (status = 409, description = "Ten active tokens already", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(body): AppJson<TokenBody>,
) -> Result<(StatusCode, Json<NewToken>), ApiError> {
    by_session(&me)?;
    let actor = me.actor.clone();
    let (token, secret) = db::tx(&state.pool, move |c| tokens::create(c, &actor, &body.name)).await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, secret })))
}

#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "accounts",
    responses((status = 204, description = "Revoked: it no longer signs anything in"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<StatusCode, ApiError> {
    by_session(&me)?;
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| tokens::revoke(c, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
