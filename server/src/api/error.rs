//! The JSON error envelope: `{"error": {"code", "message", "fields"}}`, with the status of the
//! `AppError` variant, messages in the request's language (Accept-Language, else Turkish), and
//! `Retry-After` on 429. `AppJson` reads request bodies so that broken JSON, wrong types and
//! oversized bodies get this envelope too, never axum's plain-text rejections.
use app::error::{AppError, Problem};
use app::i18n::Locale;
use app::ui::messages::{error_message, field_message, locale_from_accept_language};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

pub fn request_locale(headers: &HeaderMap) -> Locale {
    locale_from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// An error on its way out of an API handler. Handlers return `Result<_, ApiError>` and use `?`
/// on any `AppError`; the envelope is written by `render` (one place, in the request's
/// language), which also handles refusals from the layers (cross-site writes, rate limits).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub error: AppError,
    /// Overrides the variant's default message with a whole-form problem's words (a
    /// cross-site refusal is a 403 with its own words).
    pub message: Option<Problem>,
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError { error, message: None }
    }
}

impl ApiError {
    pub fn cross_site() -> Self {
        ApiError { error: AppError::Forbidden, message: Some(Problem::CrossSite) }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// Stable code: required, too_short, too_long, invalid, taken, weak, …
    pub code: String,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code: validation, bad_request, invalid_credentials, unauthenticated, forbidden,
    /// not_found, conflict, illegal_move, payload_too_large, rate_limited, unavailable, internal
    pub code: String,
    pub message: String,
    pub fields: BTreeMap<String, FieldProblem>,
    /// With `illegal_move`: the statuses the submission can move to from where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// The body of every error response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The status, with the error itself left for `render`.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = status.into_response();
        res.extensions_mut().insert(self);
        res
    }
}

/// The envelope of an `ApiError` in `locale`.
pub fn envelope(e: &ApiError, locale: Locale) -> Response {
    let status = StatusCode::from_u16(e.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let fields = e
        .error
        .fields()
        .map(|f| {
            f.iter()
                .map(|(field, code)| {
                    let problem =
                        FieldProblem { code: code.as_str().to_owned(), message: field_message(locale, field, code) };
                    (field.to_owned(), problem)
                })
                .collect()
        })
        .unwrap_or_default();
    let message = match e.message {
        Some(code) => field_message(locale, "form", code),
        None => error_message(locale, &e.error),
    };
    let allowed = match &e.error {
        AppError::IllegalMove { allowed, .. } => Some(allowed.clone()),
        _ => None,
    };
    let body = ErrorBody { error: ErrorDetail { code: e.error.code().to_owned(), message, fields, allowed } };
    let mut res = (status, axum::Json(body)).into_response();
    if let AppError::RateLimited { retry_after_secs } = e.error {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    }
    res
}

/// Writes the JSON envelope of any `ApiError` a handler or layer answered with, in the
/// request's language (Accept-Language, else Turkish).
pub async fn render(req: Request, next: axum::middleware::Next) -> Response {
    let locale = request_locale(req.headers());
    let mut res = next.run(req).await;
    match res.extensions_mut().remove::<ApiError>() {
        Some(e) => {
            let mut out = envelope(&e, locale);
            for (name, value) in res.headers() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    out.headers_mut().entry(name.clone()).or_insert(value.clone());
                }
            }
            out
        }
        None => res,
    }
}

/// `axum::Json`, but its rejections are `ApiError`s in the reader's language.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(AppJson(v)),
            Err(rejection) => Err(json_rejection(&rejection).into()),
        }
    }
}

pub fn json_rejection(rejection: &JsonRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge;
    }
    AppError::BadRequest { detail: rejection.body_text() }
}

/// Unknown paths under /api/v1.
pub async fn not_found() -> ApiError {
    AppError::NotFound.into()
}

/// Known paths under /api/v1 called with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    AppError::MethodNotAllowed.into()
}
