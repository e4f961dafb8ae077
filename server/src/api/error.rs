//! The JSON error envelope: `{"error": {"code", "message", "fields"}}`, with the status of the
//! `AppError` variant, messages in the request's language (Accept-Language, else Turkish), and
//! `Retry-After` on 429. `AppJson` reads request bodies so that broken JSON, wrong types and
//! oversized bodies get this envelope too, never axum's plain-text rejections.
use app::error::AppError;
use app::i18n::Locale;
use app::ui::messages::{error_message, field_message, locale_from_accept_language};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

pub fn request_locale(headers: &HeaderMap) -> Locale {
    locale_from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// The reader's language for API messages.
#[derive(Clone, Copy)]
pub struct ApiLang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(request_locale(&parts.headers)))
    }
}

impl ApiLang {
    pub fn err(self, e: AppError) -> ApiError {
        ApiError { error: e, locale: self.0, message: None }
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub error: AppError,
    pub locale: Locale,
    /// Overrides the variant's default message (e.g. a cross-site refusal is a 403 with its own words).
    pub message: Option<String>,
}

impl ApiError {
    pub fn cross_site(locale: Locale) -> Self {
        let message = app::ui::messages::field_message(locale, "form", "cross_site");
        ApiError { error: AppError::Forbidden, locale, message: Some(message) }
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
    /// not_found, conflict, payload_too_large, rate_limited, unavailable, internal
    pub code: String,
    pub message: String,
    pub fields: BTreeMap<String, FieldProblem>,
}

/// The body of every error response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fields = self
            .error
            .fields()
            .map(|f| {
                f.iter()
                    .map(|(field, code)| {
                        let problem =
                            FieldProblem { code: code.to_owned(), message: field_message(self.locale, field, code) };
                        (field.to_owned(), problem)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.error.code().to_owned(),
                message: self.message.unwrap_or_else(|| error_message(self.locale, &self.error)),
                fields,
            },
        };
        let mut res = (status, axum::Json(body)).into_response();
        if let AppError::RateLimited { retry_after_secs } = self.error {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        res
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
        let locale = request_locale(req.headers());
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(AppJson(v)),
            Err(rejection) => Err(ApiError { error: json_rejection(&rejection), locale, message: None }),
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
pub async fn not_found(lang: ApiLang) -> ApiError {
    lang.err(AppError::NotFound)
}

/// Known paths under /api/v1 called with the wrong method.
pub async fn method_not_allowed(lang: ApiLang) -> ApiError {
    lang.err(AppError::MethodNotAllowed)
}
