//! The web forms' door: each page's `<form method="post">` lands in a handler here, one file per
//! concept mirroring `api/`. A handler reads the form, calls the same service the JSON API calls,
//! and answers with a redirect (post/redirect/get): `done` with a one-line notice, or a
//! `FormError` from `Back::fail`, which returns to the form with the field errors and what was
//! typed (never a password). Handlers only describe the answer; `keep_in_session` (inside the
//! session layer) stores the notice or the form state for the next page, in one place.
pub mod accounts;
pub mod admin;
pub mod comments;
pub mod evaluation;
pub mod evaluation_admin;
pub mod implementation;
pub mod mail;
pub mod map;
pub mod moderation;
pub mod notifications;
pub mod response_times;
pub mod routing;
pub mod submissions;
pub mod visits;

use app::error::{AppError, FieldErrors, Problem};
use app::session::{FormFlash, FormName, SESSION_FLASH, SESSION_NOTICE};
use axum::extract::rejection::FormRejection;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
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

/// A notice for the next page, carried out of a handler to `keep_in_session`.
#[derive(Clone)]
struct Notice(String);

/// Success: to `to`, with the one-line notice `code` on the next page.
pub fn done(to: &str, code: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.extensions_mut().insert(Notice(code.to_owned()));
    res
}

/// How a form post failed.
#[derive(Debug)]
pub enum FormError {
    /// Back to the form, with its field errors and what was typed.
    Back {
        to: String,
        flash: FormFlash,
    },
    /// To the sign-in page, which returns to `next`.
    SignIn {
        next: String,
    },
    NotFound,
    Forbidden,
}

impl FormError {
    /// An error met before the form was read (by an extractor): back to `page` with a notice.
    pub fn from_app(e: AppError, page: String) -> FormError {
        Back::new(page, FormName::Page).fail(e)
    }
}

impl IntoResponse for FormError {
    fn into_response(self) -> Response {
        match self {
            FormError::Back { to, flash } => {
                let mut res = Redirect::to(&to).into_response();
                res.extensions_mut().insert(flash);
                res
            }
            FormError::SignIn { next } => {
                let to = format!("/sign-in?next={}", app::ui::encode_component(&next));
                done(&to, "sign_in_required")
            }
            FormError::NotFound => refusal_page(
                StatusCode::NOT_FOUND,
                ("Sayfa bulunamadı", "Aradığınız başvuru ya da yorum yok ya da kaldırılmış."),
                ("Page not found", "The submission or comment you are looking for does not exist or was removed."),
            ),
            FormError::Forbidden => refusal_page(
                StatusCode::FORBIDDEN,
                ("Bu işlem için yetkiniz yok", "Hesabınızın bu işlemi yapma yetkisi yok."),
                ("You do not have permission", "Your account is not allowed to do this."),
            ),
        }
    }
}

/// A short page for a refused post, in both languages (the handler's answer does not know the
/// reader's), served with the site's stylesheet.
fn refusal_page(status: StatusCode, tr: (&str, &str), en: (&str, &str)) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"tr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} – İnegöl'ün Fikri</title><link rel=\"stylesheet\" href=\"/pkg/fikir.css\"></head>\
         <body><main id=\"main\" class=\"wrap main\"><h1>{}</h1><p>{}</p>\
         <div lang=\"en\"><h2>{}</h2><p>{}</p></div>\
         <p><a href=\"/\">Ana sayfa</a> · <a href=\"/\" lang=\"en\">Home</a></p></main></body></html>",
        tr.0, tr.0, tr.1, en.0, en.1
    );
    (status, axum::response::Html(body)).into_response()
}

/// The answer to a browser that searched too often: 429 with `Retry-After`, in both languages.
pub fn too_many_searches(retry_after_secs: u32) -> Response {
    let mut res = refusal_page(
        StatusCode::TOO_MANY_REQUESTS,
        (
            "Çok fazla arama",
            &format!("Bu adresten kısa sürede çok arama yapıldı. {retry_after_secs} saniye sonra yeniden deneyin."),
        ),
        (
            "Too many searches",
            &format!("Too many searches came from this address. Try again in {retry_after_secs} seconds."),
        ),
    );
    res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(retry_after_secs));
    res
}

/// Where a form returns on failure: the page, the form's name, and the typed values to keep.
#[derive(Clone)]
pub struct Back {
    to: String,
    form: FormName,
    item: Option<String>,
    values: BTreeMap<String, String>,
}

impl Back {
    pub fn new(to: impl Into<String>, form: FormName) -> Back {
        Back { to: to.into(), form, item: None, values: BTreeMap::new() }
    }

    /// Which of the page's forms of this name it is (an admin list has one per item).
    pub fn item(mut self, item: impl Into<String>) -> Back {
        self.item = Some(item.into());
        self
    }

    /// Keeps these typed values for the form (never a password).
    pub fn keep<K: AsRef<str>, V: AsRef<str>>(mut self, values: impl IntoIterator<Item = (K, V)>) -> Back {
        for (k, v) in values {
            self.values.insert(k.as_ref().to_owned(), v.as_ref().to_owned());
        }
        self
    }

    /// The same form returning elsewhere on the page (an anchor) or to another address.
    pub fn to(mut self, to: impl Into<String>) -> Back {
        self.to = to.into();
        self
    }

    pub fn page(&self) -> &str {
        &self.to
    }

    /// The answer for `e`: a missing thing or right is a 404 or 403 page, a missing sign-in the
    /// sign-in page; anything else goes back to the form with its message.
    pub fn fail(&self, e: AppError) -> FormError {
        let errors = match e {
            AppError::NotFound => return FormError::NotFound,
            AppError::Forbidden => return FormError::Forbidden,
            AppError::Unauthenticated => return FormError::SignIn { next: self.to.clone() },
            AppError::Validation { fields } | AppError::Conflict { fields } => fields,
            AppError::InvalidCredentials => FieldErrors::single("password", Problem::WrongCredentials),
            AppError::RateLimited { retry_after_secs } => FieldErrors::rate_limited(retry_after_secs),
            AppError::PayloadTooLarge => FieldErrors::single("form", Problem::PayloadTooLarge),
            AppError::Unavailable => FieldErrors::single("form", Problem::Unavailable),
            AppError::IllegalMove { .. } => FieldErrors::single("to", Problem::IllegalMove),
            AppError::Blocked { .. } => FieldErrors::single("form", Problem::Blocked),
            _ => FieldErrors::single("form", Problem::Internal),
        };
        let flash = FormFlash { form: self.form, item: self.item.clone(), values: self.values.clone(), errors };
        FormError::Back { to: self.to.clone(), flash }
    }

    /// The fields of a form body, with this form now keeping what was typed; a body that
    /// could not be read goes back at once.
    pub fn read(
        self,
        form: Result<axum::Form<std::collections::HashMap<String, String>>, FormRejection>,
    ) -> Result<(Back, std::collections::HashMap<String, String>), FormError> {
        let axum::Form(fields) = form.map_err(|r| self.unreadable(r))?;
        Ok((self.keep(fields.iter()), fields))
    }

    /// A form body that could not be read.
    pub fn unreadable(&self, rejection: FormRejection) -> FormError {
        self.fail(form_error(rejection))
    }
}

pub fn form_error(rejection: FormRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest { detail: rejection.body_text() }
    }
}

/// Stores what a form handler left for the next page (a notice, or the form's state) in the
/// session. Sits inside the session layer, which then saves the session.
pub async fn keep_in_session(req: Request, next: Next) -> Response {
    let session = req.extensions().get::<Session>().cloned();
    let mut res = next.run(req).await;
    let (flash, notice) = (res.extensions_mut().remove::<FormFlash>(), res.extensions_mut().remove::<Notice>());
    if let Some(session) = session {
        if let Some(flash) = flash {
            if let Err(e) = session.insert(SESSION_FLASH, flash).await {
                tracing::warn!(error = %e, "could not store the form state");
            }
        }
        if let Some(Notice(code)) = notice {
            if let Err(e) = session.insert(SESSION_NOTICE, code).await {
                tracing::warn!(error = %e, "could not store the notice");
            }
        }
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
