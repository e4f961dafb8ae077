//! The words for stable codes: field errors, API errors, notices and role names, in the reader's
//! locale. Codes are the contract (`email` + `taken`); sentences live in `locales/*.json`.
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::*;

/// The sentence for a field's error code, e.g. (`email`, `taken`).
pub fn field_message(locale: Locale, field: &str, code: &str) -> String {
    macro_rules! m {
        ($($key:tt)+) => { td_string!(locale, $($key)+).to_string() };
    }
    match (field, code) {
        ("display_name", "required") => m!(errors.display_name_required),
        ("display_name", "too_short") => m!(errors.display_name_too_short),
        ("display_name", "too_long") => m!(errors.display_name_too_long),
        ("display_name", "invalid") => m!(errors.display_name_invalid),
        ("email", "required") => m!(errors.email_required),
        ("email", "too_long") => m!(errors.email_too_long),
        ("email", "invalid") => m!(errors.email_invalid),
        ("email", "taken") => m!(errors.email_taken),
        ("password", "required") => m!(errors.password_required),
        ("password", "too_short") => m!(errors.password_too_short),
        ("password", "too_long") => m!(errors.password_too_long),
        ("password", "weak") => m!(errors.password_weak),
        ("password", "wrong_credentials") => m!(errors.password_wrong_credentials),
        ("current_password", "required") => m!(errors.current_password_required),
        ("current_password", "wrong") => m!(errors.current_password_wrong),
        ("new_password", "required") => m!(errors.new_password_required),
        ("new_password", "too_short") => m!(errors.new_password_too_short),
        ("new_password", "too_long") => m!(errors.new_password_too_long),
        ("new_password", "weak") => m!(errors.new_password_weak),
        ("kind", "required") => m!(errors.kind_required),
        ("kind", "invalid") => m!(errors.kind_invalid),
        ("title", "required") => m!(errors.title_required),
        ("title", "too_short") => m!(errors.title_too_short),
        ("title", "too_long") => m!(errors.title_too_long),
        ("body", "required") => m!(errors.body_required),
        ("body", "too_long") => m!(errors.body_too_long),
        ("location", "outside_district") => m!(errors.location_outside_district),
        ("location", "incomplete") => m!(errors.location_incomplete),
        ("roles", "unknown") => m!(errors.roles_unknown),
        ("roles", "own_admin") => m!(errors.roles_own_admin),
        ("form", code) => form_message(locale, code),
        _ => m!(errors.field_generic),
    }
}

/// A problem of the whole form (not of one field), by code.
fn form_message(locale: Locale, code: &str) -> String {
    match code {
        "cross_site" => td_string!(locale, errors.cross_site).to_string(),
        "payload_too_large" => td_string!(locale, errors.payload_too_large).to_string(),
        "unavailable" => td_string!(locale, errors.unavailable).to_string(),
        "internal" => td_string!(locale, errors.internal).to_string(),
        other => match other.strip_prefix("rate_limited:") {
            Some(secs) => td_string!(locale, errors.rate_limited, seconds = secs).to_string(),
            None => td_string!(locale, errors.internal).to_string(),
        },
    }
}

/// The top-level sentence for an error (the `message` of the JSON envelope).
pub fn error_message(locale: Locale, err: &AppError) -> String {
    match err {
        AppError::Validation { .. } => td_string!(locale, errors.validation).to_string(),
        AppError::BadRequest { .. } => td_string!(locale, errors.bad_request).to_string(),
        AppError::InvalidCredentials => td_string!(locale, errors.invalid_credentials).to_string(),
        AppError::Unauthenticated => td_string!(locale, errors.unauthenticated).to_string(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::MethodNotAllowed => td_string!(locale, errors.method_not_allowed).to_string(),
        AppError::Conflict { .. } => td_string!(locale, errors.conflict).to_string(),
        AppError::PayloadTooLarge => td_string!(locale, errors.payload_too_large).to_string(),
        AppError::RateLimited { retry_after_secs } => {
            td_string!(locale, errors.rate_limited, seconds = *retry_after_secs).to_string()
        }
        AppError::Unavailable => td_string!(locale, errors.unavailable).to_string(),
        AppError::Internal | AppError::Transport(_) => td_string!(locale, errors.internal).to_string(),
    }
}

/// A one-line confirmation shown after a redirect, by code; unknown codes show nothing.
pub fn notice_message(locale: Locale, code: &str) -> Option<String> {
    let s = match code {
        "welcome" => td_string!(locale, notices.welcome),
        "signed_in" => td_string!(locale, notices.signed_in),
        "signed_out" => td_string!(locale, notices.signed_out),
        "password_changed" => td_string!(locale, notices.password_changed),
        "roles_saved" => td_string!(locale, notices.roles_saved),
        "sign_in_required" => td_string!(locale, notices.sign_in_required),
        _ => return None,
    };
    Some(s.to_string())
}

pub fn role_name(locale: Locale, role: Role) -> String {
    match role {
        Role::Citizen => td_string!(locale, roles.citizen),
        Role::Staff => td_string!(locale, roles.staff),
        Role::Evaluator => td_string!(locale, roles.evaluator),
        Role::Chair => td_string!(locale, roles.chair),
        Role::Admin => td_string!(locale, roles.admin),
    }
    .to_string()
}

/// Picks the locale of a request from its Accept-Language header (used by the JSON API; pages
/// get theirs from leptos_i18n, which also honours the language cookie).
pub fn locale_from_accept_language(header: Option<&str>) -> Locale {
    let Some(header) = header else { return Locale::tr };
    let mut best: Option<(f32, Locale)> = None;
    for part in header.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
        let locale = match tag.split('-').next() {
            Some("tr") => Locale::tr,
            Some("en") => Locale::en,
            _ => continue,
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, locale));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Locale::tr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_are_in_the_readers_language() {
        assert_eq!(
            field_message(Locale::tr, "email", "taken"),
            "Bu e-posta adresiyle bir hesap zaten var. Giriş yapmayı deneyin"
        );
        assert_eq!(field_message(Locale::en, "display_name", "required"), "Enter your name");
        assert_eq!(field_message(Locale::tr, "title", "too_short"), "Başlık en az 5 karakter olmalı");
        assert_eq!(
            field_message(Locale::en, "location", "outside_district"),
            "The location must be inside İnegöl district"
        );
        assert_eq!(field_message(Locale::en, "form", "rate_limited:30"), "Too many attempts. Try again in 30 seconds.");
    }

    #[test]
    fn accept_language_picks_the_best_supported_locale() {
        assert_eq!(locale_from_accept_language(None), Locale::tr);
        assert_eq!(locale_from_accept_language(Some("en-GB,en;q=0.9")), Locale::en);
        assert_eq!(locale_from_accept_language(Some("de-DE,en;q=0.5,tr;q=0.8")), Locale::tr);
        assert_eq!(locale_from_accept_language(Some("fr")), Locale::tr);
    }

    #[test]
    fn locale_files_have_the_same_keys_and_placeholders() {
        fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, Vec<String>)>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        flatten(&format!("{prefix}{k}."), v, out);
                    }
                }
                serde_json::Value::String(s) => {
                    let mut vars: Vec<String> = s
                        .split("{{")
                        .skip(1)
                        .filter_map(|p| p.split("}}").next())
                        .map(|p| p.trim().to_owned())
                        .collect();
                    vars.sort();
                    out.push((prefix.trim_end_matches('.').to_owned(), vars));
                }
                other => panic!("unexpected value {other} at {prefix}"),
            }
        }
        let load = |name: &str| {
            let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let mut out = Vec::new();
            flatten("", &v, &mut out);
            out.sort();
            out
        };
        assert_eq!(load("tr"), load("en"));
    }
}
