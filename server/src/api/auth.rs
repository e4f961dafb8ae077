//! Accounts over JSON: register, log in, log out, who am I. Log-in sets the same session cookie
//! the web pages use.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::Caller;
use crate::http::limits;
use crate::state::AppState;
use app::accounts::{service, UserView};
use app::domain::accounts::NewAccount;
use app::error::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[derive(Default)]
pub struct RegisterBody {
    /// Case-insensitively unique.
    pub email: String,
    /// 10–128 characters, not a commonly used password.
    pub password: String,
    /// 2–80 characters; shown with the person's submissions.
    pub display_name: String,
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(default)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterBody,
    responses(
        (status = 201, description = "Account created and signed in", body = UserView),
        (status = 400, body = ErrorBody), (status = 409, description = "E-mail already registered", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    AppJson(body): AppJson<RegisterBody>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    limits::check_register_limit(&state, &caller.addr)?;
    let input = NewAccount { display_name: body.display_name, email: body.email, password: body.password };
    let user = service::register(&state.pool, input).await?;
    app::session::ssr::sign_in_session(&caller.session, user.id).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    responses(
        (status = 200, description = "Signed in; the response sets the session cookie", body = UserView),
        (status = 400, body = ErrorBody), (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    caller: Caller,
    AppJson(body): AppJson<LoginBody>,
) -> Result<Json<UserView>, ApiError> {
    let user = limits::sign_in(&state, &caller.addr, &body.email, &body.password).await?;
    app::session::ssr::sign_in_session(&caller.session, user.id).await?;
    Ok(Json(user))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Session ended on the server")))]
pub async fn logout(caller: Caller) -> Result<StatusCode, ApiError> {
    app::session::ssr::sign_out_session(&caller.session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(caller: Caller) -> Result<Json<UserView>, ApiError> {
    caller.user.map(Json).ok_or_else(|| AppError::Unauthenticated.into())
}
