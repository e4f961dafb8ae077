//! Accounts over JSON: register, log in, log out, who am I. Log-in sets the same session cookie
//! the web pages use.
use super::error::{ApiError, ApiLang, AppJson, ErrorBody};
use crate::rate_limit::Limit;
use crate::router::AppState;
use crate::security::ClientIp;
use app::accounts::{service, UserView};
use app::domain::accounts::{normalize_email, NewAccount};
use app::error::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tower_sessions::Session;

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

/// Checks the per-address registration limit.
pub fn check_register_limit(state: &AppState, ip: &str) -> Result<(), AppError> {
    let limit = Limit { max: state.serve.register_per_address, window: std::time::Duration::from_secs(3600) };
    state.limiter.hit(&format!("register:{ip}"), limit).map_err(|s| AppError::RateLimited { retry_after_secs: s })
}

/// Checks the sign-in limits, per address and per account.
pub fn check_sign_in_limit(state: &AppState, ip: &str, email: &str) -> Result<(), AppError> {
    let per_ip = Limit { max: state.serve.sign_in_per_address, window: std::time::Duration::from_secs(60) };
    let per_account = Limit { max: state.serve.sign_in_per_account, window: std::time::Duration::from_secs(900) };
    let rl = |s| AppError::RateLimited { retry_after_secs: s };
    state.limiter.hit(&format!("sign-in-ip:{ip}"), per_ip).map_err(rl)?;
    let email = normalize_email(email);
    if !email.is_empty() {
        state.limiter.hit(&format!("sign-in-account:{email}"), per_account).map_err(rl)?;
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterBody,
    responses(
        (status = 201, description = "Account created and signed in", body = UserView),
        (status = 400, body = ErrorBody), (status = 409, description = "E-mail already registered", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    lang: ApiLang,
    ClientIp(ip): ClientIp,
    session: Session,
    AppJson(body): AppJson<RegisterBody>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    check_register_limit(&state, &ip).map_err(|e| lang.err(e))?;
    let input = NewAccount { display_name: body.display_name, email: body.email, password: body.password };
    let user = service::register(&state.pool, input).await.map_err(|e| lang.err(e))?;
    service::sign_in_session(&session, user.id).await.map_err(|e| lang.err(e))?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    responses(
        (status = 200, description = "Signed in; the response sets the session cookie", body = UserView),
        (status = 400, body = ErrorBody), (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    lang: ApiLang,
    ClientIp(ip): ClientIp,
    session: Session,
    AppJson(body): AppJson<LoginBody>,
) -> Result<Json<UserView>, ApiError> {
    check_sign_in_limit(&state, &ip, &body.email).map_err(|e| lang.err(e))?;
    let user = service::authenticate(&state.pool, &body.email, &body.password).await.map_err(|e| lang.err(e))?;
    service::sign_in_session(&session, user.id).await.map_err(|e| lang.err(e))?;
    Ok(Json(user))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Session ended on the server")))]
pub async fn logout(lang: ApiLang, session: Session) -> Result<StatusCode, ApiError> {
    service::sign_out_session(&session).await.map_err(|e| lang.err(e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, lang: ApiLang, session: Session) -> Result<Json<UserView>, ApiError> {
    let (_, user) = service::actor_from_session(&state.pool, &session).await.map_err(|e| lang.err(e))?;
    user.map(Json).ok_or_else(|| lang.err(AppError::Unauthenticated))
}
