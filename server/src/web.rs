//! The web forms' door: each page's `<form method="post">` lands here. A handler reads the
//! form, calls the same service the JSON API calls, and answers with a redirect
//! (post/redirect/get). On failure it leaves the field errors and what was typed (never a
//! password) in the session flash for the page to show; nothing is half-written.
use crate::api::auth::{check_register_limit, check_sign_in_limit};
use crate::router::AppState;
use crate::security::ClientIp;
use app::accounts::service;
use app::db;
use app::domain::accounts::NewAccount;
use app::domain::roles::Role;
use app::error::{AppError, FieldErrors};
use app::session::{FormFlash, SESSION_FLASH, SESSION_NOTICE};
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use tower_sessions::Session;

/// Only a path of this site may be a redirect target: it starts with one `/`, and holds no
/// scheme, backslash, whitespace or control character. Browsers drop tabs and newlines from a
/// URL and read a backslash as `/`, so a tab or a backslash between two slashes would otherwise
/// leave the site (an open redirect lets a link to our sign-in page send people elsewhere).
pub fn safe_next(next: Option<&str>, default: &str) -> String {
    let local = |n: &str| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains("://")
            && !n.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    };
    match next {
        Some(n) if local(n) => n.to_owned(),
        _ => default.to_owned(),
    }
}

pub(crate) async fn notice(session: &Session, code: &str) {
    if let Err(e) = session.insert(SESSION_NOTICE, code).await {
        tracing::warn!(error = %e, "could not store the notice");
    }
}

/// Leaves the form state for the page and sends the browser back to it.
pub(crate) async fn back_with_errors(
    session: &Session,
    to: &str,
    form: &str,
    values: &[(&str, &str)],
    err: AppError,
) -> Response {
    let errors = match err {
        AppError::Validation { fields } | AppError::Conflict { fields } => fields,
        AppError::InvalidCredentials => FieldErrors::single("password", "wrong_credentials"),
        AppError::RateLimited { retry_after_secs } => {
            FieldErrors::single("form", &format!("rate_limited:{retry_after_secs}"))
        }
        AppError::PayloadTooLarge => FieldErrors::single("form", "payload_too_large"),
        AppError::Unavailable => FieldErrors::single("form", "unavailable"),
        _ => FieldErrors::single("form", "internal"),
    };
    let flash = FormFlash {
        form: form.to_owned(),
        values: values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<BTreeMap<_, _>>(),
        errors,
    };
    if let Err(e) = session.insert(SESSION_FLASH, flash).await {
        tracing::warn!(error = %e, "could not store the form state");
    }
    Redirect::to(to).into_response()
}

pub(crate) fn form_error(rejection: FormRejection) -> AppError {
    if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest { detail: rejection.body_text() }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    display_name: String,
    email: String,
    password: String,
}

pub async fn sign_up(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    form: Result<Form<SignUpForm>, FormRejection>,
) -> Response {
    let Form(f) = match form {
        Ok(f) => f,
        Err(r) => return back_with_errors(&session, "/sign-up", "sign_up", &[], form_error(r)).await,
    };
    let keep = [("display_name", f.display_name.as_str()), ("email", f.email.as_str())];
    if let Err(e) = check_register_limit(&state, &ip) {
        return back_with_errors(&session, "/sign-up", "sign_up", &keep, e).await;
    }
    let input = NewAccount { display_name: f.display_name.clone(), email: f.email.clone(), password: f.password };
    match service::register(&state.pool, input).await {
        Ok(user) => match service::sign_in_session(&session, user.id).await {
            Ok(()) => {
                notice(&session, "welcome").await;
                Redirect::to("/account").into_response()
            }
            Err(e) => back_with_errors(&session, "/sign-up", "sign_up", &keep, e).await,
        },
        Err(e) => back_with_errors(&session, "/sign-up", "sign_up", &keep, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Response {
    let Form(f) = match form {
        Ok(f) => f,
        Err(r) => return back_with_errors(&session, "/sign-in", "sign_in", &[], form_error(r)).await,
    };
    let next = safe_next(Some(&f.next).filter(|n| !n.is_empty()).map(String::as_str), "/account");
    let back = format!("/sign-in?next={}", app::ui::encode_component(&next));
    let keep = [("email", f.email.as_str()), ("next", next.as_str())];
    if let Err(e) = check_sign_in_limit(&state, &ip, &f.email) {
        return back_with_errors(&session, &back, "sign_in", &keep, e).await;
    }
    match service::authenticate(&state.pool, &f.email, &f.password).await {
        Ok(user) => match service::sign_in_session(&session, user.id).await {
            Ok(()) => {
                notice(&session, "signed_in").await;
                Redirect::to(&next).into_response()
            }
            Err(e) => back_with_errors(&session, &back, "sign_in", &keep, e).await,
        },
        Err(e) => back_with_errors(&session, &back, "sign_in", &keep, e).await,
    }
}

pub async fn sign_out(session: Session) -> Response {
    if let Err(e) = service::sign_out_session(&session).await {
        tracing::warn!(error = ?e, "sign-out could not delete the session");
    }
    notice(&session, "signed_out").await;
    Redirect::to("/").into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Response {
    let Form(f) = match form {
        Ok(f) => f,
        Err(r) => return back_with_errors(&session, "/account", "change_password", &[], form_error(r)).await,
    };
    let actor = match service::actor_from_session(&state.pool, &session).await {
        Ok((actor, Some(_))) => actor,
        Ok((_, None)) => return Redirect::to("/sign-in?next=%2Faccount").into_response(),
        Err(e) => return back_with_errors(&session, "/account", "change_password", &[], e).await,
    };
    match service::change_password(&state.pool, &actor, &f.current_password, &f.new_password).await {
        Ok(()) => {
            notice(&session, "password_changed").await;
            Redirect::to("/account").into_response()
        }
        Err(e) => back_with_errors(&session, "/account", "change_password", &[], e).await,
    }
}

/// Saves the ticked roles of one person (`role_<name>=on` per ticked box).
pub async fn save_roles(
    State(state): State<AppState>,
    session: Session,
    Path(user_id): Path<i64>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let fields = match form {
        Ok(Form(f)) => f,
        Err(r) => return back_with_errors(&session, "/admin/roles", "roles", &[], form_error(r)).await,
    };
    let q = fields.get("q").cloned().unwrap_or_default();
    let back = if q.is_empty() {
        "/admin/roles".to_owned()
    } else {
        format!("/admin/roles?q={}", app::ui::encode_component(&q))
    };
    let mut unknown = false;
    let mut wanted = Vec::new();
    for key in fields.keys() {
        if let Some(name) = key.strip_prefix("role_") {
            match Role::parse(name) {
                Some(r) => wanted.push(r),
                None => unknown = true,
            }
        }
    }
    if unknown {
        let err = AppError::Validation { fields: FieldErrors::single("roles", "unknown") };
        return back_with_errors(&session, &back, "roles", &[], err).await;
    }
    let actor = match service::actor_from_session(&state.pool, &session).await {
        Ok((actor, Some(_))) => actor,
        Ok((_, None)) => return Redirect::to("/sign-in?next=%2Fadmin%2Froles").into_response(),
        Err(e) => return back_with_errors(&session, &back, "roles", &[], e).await,
    };
    match db::tx(&state.pool, move |c| service::set_roles(c, &actor, user_id, &wanted)).await {
        Ok(_) => {
            notice(&session, "roles_saved").await;
            Redirect::to(&back).into_response()
        }
        Err(AppError::Forbidden) => (axum::http::StatusCode::FORBIDDEN, "403").into_response(),
        Err(e) => back_with_errors(&session, &back, "roles", &[], e).await,
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The language switch: remembers the choice in the cookie leptos_i18n reads, then returns to
/// the same page. A link, so it works without JavaScript.
pub async fn switch_locale(Path(lang): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = if lang == "en" { "en" } else { "tr" };
    let next = safe_next(q.next.as_deref(), "/");
    let mut res = Redirect::to(&next).into_response();
    let cookie = format!("i18n_pref_locale={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_next(Some("/account?x=1"), "/"), "/account?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "account",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
        ] {
            assert_eq!(safe_next(Some(bad), "/"), "/", "{bad}");
        }
        assert_eq!(safe_next(None, "/account"), "/account");
    }
}
