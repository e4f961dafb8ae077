//! Account forms: sign up, sign in, sign out, change password, an admin saving someone's roles,
//! and the language switch.
use crate::forms::{done, safe_next, Back, FormError};
use crate::http::caller::{Caller, Id, SignedIn};
use crate::http::limits::{self, Action};
use crate::state::AppState;
use app::accounts::service;
use app::db;
use app::domain::accounts::NewAccount;
use app::domain::roles::Role;
use app::error::{AppError, FieldErrors, Problem};
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    display_name: String,
    email: String,
    password: String,
}

pub async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    form: Result<Form<SignUpForm>, FormRejection>,
) -> Result<Response, FormError> {
    let back = Back::new("/sign-up", FormName::SignUp);
    let Form(f) = form.map_err(|r| back.unreadable(r))?;
    let back = back.keep([("display_name", &f.display_name), ("email", &f.email)]);
    limits::check_register_limit(&state, &caller.addr).map_err(|e| back.fail(e))?;
    let input = NewAccount { display_name: f.display_name, email: f.email, password: f.password };
    let user = service::register(&state.pool, input).await.map_err(|e| back.fail(e))?;
    app::session::ssr::sign_in_session(&caller.session, user.id).await.map_err(|e| back.fail(e))?;
    Ok(done("/account", "welcome"))
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
    caller: Caller,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, FormError> {
    let Form(f) = form.map_err(|r| Back::new("/sign-in", FormName::SignIn).unreadable(r))?;
    let next = safe_next(Some(&f.next).filter(|n| !n.is_empty()).map(String::as_str), "/account");
    let back = Back::new(format!("/sign-in?next={}", app::ui::encode_component(&next)), FormName::SignIn)
        .keep([("email", f.email.as_str()), ("next", next.as_str())]);
    let user = limits::sign_in(&state, &caller.addr, &f.email, &f.password).await.map_err(|e| back.fail(e))?;
    app::session::ssr::sign_in_session(&caller.session, user.id).await.map_err(|e| back.fail(e))?;
    Ok(done(&next, "signed_in"))
}

pub async fn sign_out(caller: Caller) -> Response {
    if let Err(e) = app::session::ssr::sign_out_session(&caller.session).await {
        tracing::warn!(error = ?e, "sign-out could not delete the session");
    }
    done("/", "signed_out")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    me: SignedIn,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, FormError> {
    let back = Back::new("/account", FormName::AccountPassword);
    let Form(f) = form.map_err(|r| back.unreadable(r))?;
    me.limit(&state, Action::PasswordChange).map_err(|e| back.fail(e))?;
    let this_session = me.session.id().map(|id| id.to_string());
    service::change_password(&state.pool, &me.actor, &f.current_password, &f.new_password, this_session)
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done("/account", "password_changed"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    name: String,
}

/// Makes a personal API token; the next page shows its secret, once.
pub async fn token_create(
    State(state): State<AppState>,
    me: SignedIn,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, FormError> {
    let back = Back::new("/account#tokens", FormName::AccountTokens);
    let Form(f) = form.map_err(|r| back.unreadable(r))?;
    let back = back.keep([("name", f.name.as_str())]);
    let actor = me.actor.clone();
    let (_, secret) = db::tx(&state.pool, move |c| app::accounts::tokens::create(c, &actor, &f.name))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done("/account#tokens", &format!("token_created:{secret}")))
}

pub async fn token_revoke(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let back = Back::new("/account#tokens", FormName::AccountTokens);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| app::accounts::tokens::revoke(c, &actor, id)).await.map_err(|e| back.fail(e))?;
    Ok(done("/account#tokens", "token_revoked"))
}

/// Opens a one-time link from the confirmation e-mail (a plain link, so a GET; it changes only
/// the confirmation of the address it was sent to, once).
pub async fn verify_email(State(state): State<AppState>, Path(secret): Path<String>) -> Response {
    match db::tx(&state.pool, move |c| app::accounts::verification::confirm(c, &secret)).await {
        Ok(_) => done("/account", "email_verified"),
        Err(_) => done("/account", "email_verification_invalid"),
    }
}

/// Sends a new confirmation link to the signed-in person's address.
pub async fn verify_email_again(State(state): State<AppState>, me: SignedIn) -> Result<Response, FormError> {
    let back = Back::new("/account", FormName::AccountVerify);
    me.limit(&state, Action::PasswordChange).map_err(|e| back.fail(e))?;
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| app::accounts::verification::resend(c, &actor)).await.map_err(|e| back.fail(e))?;
    Ok(done("/account", "verification_sent"))
}

/// Saves the ticked roles of one person (`role_<name>=on` per ticked box).
pub async fn save_roles(
    State(state): State<AppState>,
    me: SignedIn,
    Id(user_id): Id,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, FormError> {
    let fields = form.map_err(|r| Back::new("/admin/roles", FormName::Roles).unreadable(r))?.0;
    let q = fields.get("q").cloned().unwrap_or_default();
    let page = if q.is_empty() {
        "/admin/roles".to_owned()
    } else {
        format!("/admin/roles?q={}", app::ui::encode_component(&q))
    };
    let back = Back::new(page.clone(), FormName::Roles);
    let mut wanted = Vec::new();
    for key in fields.keys() {
        if let Some(name) = key.strip_prefix("role_") {
            let role = Role::parse(name).ok_or_else(|| {
                back.fail(AppError::Validation { fields: FieldErrors::single("roles", Problem::Unknown) })
            })?;
            wanted.push(role);
        }
    }
    // The directorate a staff member works in: "" for none; anything unreadable is refused.
    let directorate = match fields.get("directorate_id").map(|v| v.trim()) {
        None => None,
        Some("") => Some(None),
        Some(v) => Some(Some(v.parse::<i64>().unwrap_or(0))),
    };
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| {
        service::set_roles(c, &actor, user_id, &wanted)?;
        match directorate {
            Some(d) => service::set_directorate(c, &actor, user_id, d),
            None => Ok(()),
        }
    })
    .await
    .map_err(|e| back.fail(e))?;
    Ok(done(&page, "roles_saved"))
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
