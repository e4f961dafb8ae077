//! The admin mail page's form (`/admin/mail`): "resend" on a message that is late or was given
//! up. The service checks the admin role and audits the resend; a message already sent or being
//! sent returns to the page with the reason.
use crate::forms::{done, Back, FormError};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::notifications::outbox;
use app::session::FormName;
use axum::extract::State;
use axum::response::Response;

const PAGE: &str = "/admin/mail";

pub async fn resend(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Response, FormError> {
    let back = Back::new(PAGE, FormName::Mail);
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| outbox::resend(c, &actor, id, app::db::time::now()))
        .await
        .map_err(|e| back.fail(e))?;
    Ok(done(PAGE, "mail_resent"))
}
