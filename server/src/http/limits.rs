//! Rate limits: the policy of what is limited and how much (`Action`), counted in the sliding
//! windows of `http::windows`. Each app server counts its own requests; behind a load
//! balancer with N servers the effective limit is at most N times the setting, which still stops
//! floods and guessing at scale. Every refusal is 429 with `Retry-After`.
use crate::http::security::ClientAddr;
pub use crate::http::windows::{Limit, RateLimiter};
use crate::state::AppState;
use app::domain::accounts::normalize_email;
use app::error::AppError;
use std::time::Duration;

/// What people do that is limited, per person (when signed in) and per address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Sending a submission (each takes a reference number; a year has 999,999).
    Submit,
    /// Staff recording a request for a caller.
    Intake,
    /// A comment or an official answer (each notifies every follower, by e-mail too).
    Comment,
    /// Reporting a submission or a comment.
    Flag,
    /// Supporting or withdrawing support.
    Support,
    /// Changing one's password (two argon2 runs).
    PasswordChange,
    /// A full-text search or the similar-submissions lookup (rendered for each request).
    Search,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Intake => "intake",
            Action::Comment => "comment",
            Action::Flag => "flag",
            Action::Support => "support",
            Action::PasswordChange => "password",
            Action::Search => "search",
        }
    }

    /// (per person, per address). An address is shared by a household, a school or a mobile
    /// carrier's NAT, so it gets several people's worth.
    fn limits(self) -> (Option<Limit>, Limit) {
        let l = |max, window| Limit { max, window };
        match self {
            Action::Submit => (Some(l(20, HOUR)), l(60, HOUR)),
            Action::Intake => (Some(l(240, HOUR)), l(600, HOUR)),
            Action::Comment => (Some(l(30, 10 * MINUTE)), l(120, 10 * MINUTE)),
            Action::Flag => (Some(l(30, HOUR)), l(100, HOUR)),
            Action::Support => (Some(l(60, MINUTE)), l(300, MINUTE)),
            Action::PasswordChange => (Some(l(10, HOUR)), l(30, HOUR)),
            Action::Search => (None, l(120, MINUTE)),
        }
    }
}

fn scaled(limit: Limit, scale: f64) -> Limit {
    let max = (f64::from(limit.max) * scale).round().clamp(1.0, f64::from(u32::MAX)) as u32;
    Limit { max, ..limit }
}

fn refused(secs: u32) -> AppError {
    AppError::RateLimited { retry_after_secs: secs }
}

/// Counts one `action` by `user` (if signed in) from `addr`; `RateLimited` when either limit
/// is reached (nothing counted then).
pub fn hit(state: &AppState, action: Action, user: Option<i64>, addr: &ClientAddr) -> Result<(), AppError> {
    let scale = state.serve.rate_limit_scale;
    let (per_person, per_address) = action.limits();
    let address_key = format!("{}:addr:{}", action.name(), addr.rate_key());
    let per_address = scaled(per_address, scale);
    state.limiter.check(&address_key, per_address).map_err(refused)?;
    if let (Some(limit), Some(id)) = (per_person, user) {
        state.limiter.hit(&format!("{}:user:{id}", action.name()), scaled(limit, scale)).map_err(refused)?;
    }
    state.limiter.hit(&address_key, per_address).map_err(refused)
}

/// Whether a request is a search (the listing page or its data with words to find, or the
/// similar-titles lookup): rendered for each request, so limited per address.
fn is_search(req: &axum::extract::Request) -> bool {
    let path = req.uri().path();
    let query = req.uri().query().unwrap_or("");
    let has_words = query.split('&').any(|p| p.strip_prefix("q=").is_some_and(|v| !v.is_empty()));
    matches!(path, "/_sf/listing" | "/_sf/similar")
        || (path == "/submissions" && req.method() == axum::http::Method::GET && has_words)
}

/// Limits searches per address on the pages and their server functions (the JSON API's
/// searches are limited in their handlers): 429 with `Retry-After`, as a short page for a
/// browser.
pub async fn limit_searches(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if !is_search(&req) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let addr = <ClientAddr as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, &state)
        .await
        .unwrap_or(ClientAddr(None));
    match hit(&state, Action::Search, None, &addr) {
        Ok(()) => next.run(axum::extract::Request::from_parts(parts, body)).await,
        Err(AppError::RateLimited { retry_after_secs }) if parts.uri.path() == "/submissions" => {
            crate::forms::too_many_searches(retry_after_secs)
        }
        Err(e) => crate::api::error::ApiError::from(e).into_response(),
    }
}

/// Checks the per-address registration limit.
pub fn check_register_limit(state: &AppState, addr: &ClientAddr) -> Result<(), AppError> {
    let limit = Limit { max: state.serve.register_per_address, window: HOUR };
    state.limiter.hit(&format!("register:{}", addr.rate_key()), limit).map_err(refused)
}

fn sign_in_limits(state: &AppState) -> (Limit, Limit, Limit) {
    let per_address = Limit { max: state.serve.sign_in_per_address, window: MINUTE };
    let failures = Limit { max: state.serve.sign_in_per_account, window: 15 * MINUTE };
    // Failures on one account from everywhere: a distributed guess, stopped at ten times the
    // per-address number.
    let failures_everywhere = Limit { max: failures.max.saturating_mul(10), window: failures.window };
    (per_address, failures, failures_everywhere)
}

/// Before a sign-in attempt: attempts per address, and failed attempts on this account from this
/// address and from everywhere. Only failures count against an account (`sign_in_failed`), and
/// those from one address only lock that address out, so someone typing wrong passwords for a
/// person's e-mail does not lock its owner out.
fn check_sign_in_limit(state: &AppState, addr: &ClientAddr, email: &str) -> Result<(), AppError> {
    let (per_address, failures, failures_everywhere) = sign_in_limits(state);
    state.limiter.hit(&format!("sign-in-ip:{}", addr.rate_key()), per_address).map_err(refused)?;
    let email = normalize_email(email);
    if !email.is_empty() {
        state.limiter.check(&format!("sign-in-fail:{email}|{}", addr.rate_key()), failures).map_err(refused)?;
        state.limiter.check(&format!("sign-in-fail:{email}"), failures_everywhere).map_err(refused)?;
    }
    Ok(())
}

/// Counts a failed sign-in on `email` from `addr`.
fn sign_in_failed(state: &AppState, addr: &ClientAddr, email: &str) {
    let (_, failures, failures_everywhere) = sign_in_limits(state);
    let email = normalize_email(email);
    if !email.is_empty() {
        let _ = state.limiter.hit(&format!("sign-in-fail:{email}|{}", addr.rate_key()), failures);
        let _ = state.limiter.hit(&format!("sign-in-fail:{email}"), failures_everywhere);
    }
}

/// Checks e-mail and password under the sign-in limits; a wrong password counts against the
/// account from this address. The form and the JSON API sign in through it.
pub async fn sign_in(
    state: &AppState,
    addr: &ClientAddr,
    email: &str,
    password: &str,
) -> Result<app::accounts::UserView, AppError> {
    check_sign_in_limit(state, addr, email)?;
    match app::accounts::service::authenticate(&state.pool, email, password).await {
        Err(AppError::InvalidCredentials) => {
            sign_in_failed(state, addr, email);
            Err(AppError::InvalidCredentials)
        }
        other => other,
    }
}
