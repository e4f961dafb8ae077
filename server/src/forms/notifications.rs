//! Notification forms: mark all read, and the e-mail settings on the account page.
use crate::forms::{done, Back, FormError};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::db;
use app::notifications::NotificationSettings;
use app::session::FormName;
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

pub async fn notifications_read(State(state): State<AppState>, me: SignedIn) -> Result<Response, FormError> {
    let back = Back::new("/notifications", FormName::Page);
    let id = me.id;
    db::tx(&state.pool, move |c| app::notifications::service::mark_all_read(c, id)).await.map_err(|e| back.fail(e))?;
    Ok(done("/notifications", "notifications_read"))
}

pub async fn notification_settings(
    State(state): State<AppState>,
    me: SignedIn,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, FormError> {
    let back = Back::new("/account#notifications", FormName::AccountNotifications);
    let Form(f) = form.map_err(|r| back.unreadable(r))?;
    let on = |k: &str| f.get(k).is_some_and(|v| v == "1");
    let settings = NotificationSettings {
        email_comments: on("email_comments"),
        email_official: on("email_official"),
        email_status: on("email_status"),
    };
    let id = me.id;
    db::tx(&state.pool, move |c| app::notifications::mailer::save_settings(c, id, &settings))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done("/account#notifications", "notification_settings_saved"))
}
