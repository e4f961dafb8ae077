//! Who is asking, resolved once per request. `Caller` is anyone: the actor (user and roles, read
//! once from the session), the session itself, the client's address. `SignedIn` is a caller with
//! an account: without one, the API answers 401 and a form goes to the sign-in page, which
//! returns to the page the form was on. `Id` is a positive number in the path; anything else
//! names nothing (404). Handlers take these as extractors and never read the session for the
//! user themselves.
use crate::api::error::ApiError;
use crate::forms::FormError;
use crate::http::limits::{self, Action};
use crate::http::security::ClientAddr;
use crate::state::AppState;
use app::accounts::UserView;
use app::auth::Actor;
use app::error::AppError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

#[derive(Clone)]
pub struct Caller {
    pub actor: Actor,
    pub user: Option<UserView>,
    pub session: Session,
    pub addr: ClientAddr,
    /// Signed in by a personal API token (`Authorization: Bearer`), not by the session cookie.
    pub via_token: bool,
}

impl Caller {
    /// Counts one `action` against this caller's limits (per person and per address).
    pub fn limit(&self, state: &AppState, action: Action) -> Result<(), AppError> {
        limits::hit(state, action, self.actor.user_id(), &self.addr)
    }
}

/// How an extractor refuses: the JSON envelope for the API, a redirect for the web forms.
pub enum Refusal {
    Api(ApiError),
    Form(FormError),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Api(e) => e.into_response(),
            Refusal::Form(e) => e.into_response(),
        }
    }
}

/// Whether the request is for the JSON API (inside `nest("/api/v1")` the path has lost its
/// prefix; `OriginalUri` still has it).
fn is_api(parts: &Parts) -> bool {
    let original = parts.extensions.get::<axum::extract::OriginalUri>().map(|u| u.0.path());
    original.unwrap_or(parts.uri.path()).starts_with("/api/")
}

fn refuse(parts: &Parts, e: AppError) -> Refusal {
    if is_api(parts) {
        Refusal::Api(e.into())
    } else {
        Refusal::Form(FormError::from_app(e, return_to(parts)))
    }
}

/// The page a refused form returns to: where it was posted from (same site only), else home.
fn return_to(parts: &Parts) -> String {
    let referer = parts.headers.get(axum::http::header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("");
    let path = referer.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..])).unwrap_or("/");
    crate::forms::safe_next(Some(path), "/")
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| refuse(parts, AppError::internal("no session layer")))?;
        let addr = ClientAddr::from_request_parts(parts, state).await.unwrap_or(ClientAddr(None));
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|s| s.trim().to_owned());
        let via_token = bearer.is_some();
        let (actor, user) = match bearer {
            // A token that names nobody is refused; it never falls back to the cookie.
            Some(secret) => {
                // A read: only a use not recorded for a minute takes a write.
                let (token, user, stale) = app::db::read(&state.pool, move |c| {
                    let (token, id, stale) = app::accounts::tokens::find(c, &secret)?;
                    Ok((token, app::accounts::service::user_view(c, id)?, stale))
                })
                .await
                .map_err(|e| refuse(parts, e))?;
                if stale {
                    app::db::tx(&state.pool, move |c| app::accounts::tokens::touch(c, token))
                        .await
                        .map_err(|e| refuse(parts, e))?;
                }
                (Actor::person(&user), Some(user))
            }
            None => app::session::ssr::actor_from_session(&state.pool, &session).await.map_err(|e| refuse(parts, e))?,
        };
        let actor = actor.from_addr(addr.to_string());
        let caller = Caller { actor, user, session, addr, via_token };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// A caller with an account.
pub struct SignedIn {
    pub id: i64,
    pub caller: Caller,
}

impl std::ops::Deref for SignedIn {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match caller.actor.user_id() {
            Some(id) => Ok(SignedIn { id, caller }),
            None => Err(refuse(parts, AppError::Unauthenticated)),
        }
    }
}

/// A positive number in the path (`/submissions/{id}`).
pub struct Id(pub i64);

impl FromRequestParts<AppState> for Id {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let raw = Path::<String>::from_request_parts(parts, state).await.map(|Path(p)| p).unwrap_or_default();
        match raw.parse::<i64>().ok().filter(|n| *n > 0) {
            Some(id) => Ok(Id(id)),
            None => Err(refuse(parts, AppError::NotFound)),
        }
    }
}
