//! The words for stable codes: field errors, API errors, notices and role names, in the reader's
//! locale. Codes are the contract (`email` + `taken`); sentences live in `locales/*.json`.
use crate::domain::roles::Role;
use crate::domain::submissions::{Channel, Kind, Status};
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
        ("title", "draft_empty") => m!(errors.draft_empty),
        ("draft", "too_many") => m!(errors.drafts_too_many),
        ("body", "required") => m!(errors.body_required),
        ("body", "too_long") => m!(errors.body_too_long),
        ("location" | "lat" | "lon", "outside_district") => m!(errors.location_outside_district),
        ("location" | "lat" | "lon", "incomplete") => m!(errors.location_incomplete),
        ("location" | "lat" | "lon", "not_a_number") => m!(errors.location_not_a_number),
        ("category_id", "required") => m!(errors.category_id_required),
        ("category_id", "invalid") => m!(errors.category_id_invalid),
        ("neighbourhood_id", "required") => m!(errors.neighbourhood_id_required),
        ("neighbourhood_id", "invalid") => m!(errors.neighbourhood_id_invalid),
        ("channel", "required") => m!(errors.channel_required),
        ("channel", "invalid") => m!(errors.channel_invalid),
        ("citizen_name", "required") => m!(errors.citizen_name_required),
        ("citizen_name", "too_long") => m!(errors.citizen_name_too_long),
        ("citizen_contact", "too_long") => m!(errors.citizen_contact_too_long),
        ("citizen_contact", "required_for_consent") => m!(errors.citizen_contact_required_for_consent),
        ("parent_id", "invalid") => m!(errors.parent_id_invalid),
        ("photos", "too_large") => m!(errors.photos_too_large),
        ("photos", "not_an_image") => m!(errors.photos_not_an_image),
        ("photos", "unreadable") => m!(errors.photos_unreadable),
        ("photos", "too_many") => m!(errors.photos_too_many),
        ("photos", "required") => m!(errors.photos_required),
        ("video", "too_large") => m!(errors.video_too_large),
        ("video", "not_a_video") => m!(errors.video_not_a_video),
        ("video", "too_many") => m!(errors.video_too_many),
        ("photos", "too_many_pixels") => m!(errors.photos_too_many_pixels),
        ("video", "too_long") => m!(errors.video_too_long),
        ("video", "unknown_duration") => m!(errors.video_unknown_duration),
        ("reason", "required") => m!(errors.reason_required),
        ("reason", "too_long") => m!(errors.reason_too_long),
        ("support", "closed") => m!(errors.support_closed),
        ("status", "cannot_withdraw") => m!(errors.status_cannot_withdraw),
        ("status", "closed") => m!(errors.status_closed),
        ("body", "comment_required") => m!(errors.comment_required),
        ("body", "comment_too_long") => m!(errors.comment_too_long),
        ("body", "edit_window_passed") => m!(errors.comment_edit_window_passed),
        ("code", "invalid") => m!(errors.code_invalid),
        ("code", "not_found") => m!(errors.code_not_found),
        ("page", "out_of_range") => m!(errors.page_out_of_range),
        ("per_page", "out_of_range") => m!(errors.per_page_out_of_range),
        ("category" | "neighbourhood" | "directorate" | "status" | "sort", "invalid") => m!(errors.query_invalid),
        ("name_tr", "required") => m!(errors.name_tr_required),
        ("name_tr", "too_long") => m!(errors.name_tr_too_long),
        ("name_tr", "taken") => m!(errors.name_tr_taken),
        ("name_en", "required") => m!(errors.name_en_required),
        ("name_en", "too_long") => m!(errors.name_en_too_long),
        ("name", "required") => m!(errors.name_required),
        ("name", "too_long") => m!(errors.name_too_long),
        ("name", "taken") => m!(errors.name_taken),
        ("directorate_id", "invalid") => m!(errors.directorate_id_invalid),
        ("support_threshold", "required") => m!(errors.support_threshold_required),
        ("support_threshold", "out_of_range") => m!(errors.support_threshold_out_of_range),
        ("roles", "unknown") => m!(errors.roles_unknown),
        ("roles", "own_admin") => m!(errors.roles_own_admin),
        ("name", "too_many_tokens") => m!(errors.too_many_tokens),
        ("email", "already_verified") => m!(errors.email_already_verified),
        ("state", "already_sent") => m!(admin_mail.error_already_sent),
        ("state", "sending") => m!(admin_mail.error_sending),
        ("state", "invalid") => m!(admin_mail.error_state_invalid),
        ("to", "invalid") => m!(admin_mail.error_to_invalid),
        ("form", code) => form_message(locale, code),
        (_, "too_long") => m!(errors.field_too_long),
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
        "submitted" => td_string!(locale, notices.submitted),
        "supported" => td_string!(locale, notices.supported),
        "unsupported" => td_string!(locale, notices.unsupported),
        "threshold" => td_string!(locale, notices.threshold),
        "followed" => td_string!(locale, notices.followed),
        "unfollowed" => td_string!(locale, notices.unfollowed),
        "withdrawn" => td_string!(locale, notices.withdrawn),
        "commented" => td_string!(locale, notices.commented),
        "comment_edited" => td_string!(locale, notices.comment_edited),
        "comment_deleted" => td_string!(locale, notices.comment_deleted),
        "flagged" => td_string!(locale, notices.flagged),
        "notifications_read" => td_string!(locale, notices.notifications_read),
        "reference_saved" => td_string!(locale, notices.reference_saved),
        "notification_settings_saved" => td_string!(locale, notices.notification_settings_saved),
        "draft_saved" => td_string!(locale, notices.draft_saved),
        "draft_deleted" => td_string!(locale, notices.draft_deleted),
        "token_revoked" => td_string!(locale, notices.token_revoked),
        "email_verified" => td_string!(locale, notices.email_verified),
        "email_verification_invalid" => td_string!(locale, notices.email_verification_invalid),
        "verification_sent" => td_string!(locale, notices.verification_sent),
        other => {
            if let Some(secret) = other.strip_prefix("token_created:") {
                return Some(td_string!(locale, notices.token_created, token = secret).to_string());
            }
            let code = other.strip_prefix("recorded:")?;
            return Some(td_string!(locale, notices.recorded, code = code).to_string());
        }
    };
    Some(s.to_string())
}

pub fn kind_name(locale: Locale, kind: Kind) -> String {
    match kind {
        Kind::Idea => td_string!(locale, kinds.idea),
        Kind::Project => td_string!(locale, kinds.project),
        Kind::Suggestion => td_string!(locale, kinds.suggestion),
        Kind::Complaint => td_string!(locale, kinds.complaint),
        Kind::Request => td_string!(locale, kinds.request),
        Kind::InformationRequest => td_string!(locale, kinds.information_request),
    }
    .to_string()
}

pub fn kind_hint(locale: Locale, kind: Kind) -> String {
    match kind {
        Kind::Idea => td_string!(locale, kind_hints.idea),
        Kind::Project => td_string!(locale, kind_hints.project),
        Kind::Suggestion => td_string!(locale, kind_hints.suggestion),
        Kind::Complaint => td_string!(locale, kind_hints.complaint),
        Kind::Request => td_string!(locale, kind_hints.request),
        Kind::InformationRequest => td_string!(locale, kind_hints.information_request),
    }
    .to_string()
}

pub fn status_name(locale: Locale, status: Status) -> String {
    match status {
        Status::Published => td_string!(locale, statuses.published),
        Status::UnderEvaluation => td_string!(locale, statuses.under_evaluation),
        Status::Feasible => td_string!(locale, statuses.feasible),
        Status::NotFeasible => td_string!(locale, statuses.not_feasible),
        Status::Approved => td_string!(locale, statuses.approved),
        Status::Scheduled => td_string!(locale, statuses.scheduled),
        Status::InImplementation => td_string!(locale, statuses.in_implementation),
        Status::Completed => td_string!(locale, statuses.completed),
        Status::Received => td_string!(locale, statuses.received),
        Status::Routed => td_string!(locale, statuses.routed),
        Status::InProgress => td_string!(locale, statuses.in_progress),
        Status::Resolved => td_string!(locale, statuses.resolved),
        Status::NotOurJurisdiction => td_string!(locale, statuses.not_our_jurisdiction),
        Status::Closed => td_string!(locale, statuses.closed),
        Status::Rejected => td_string!(locale, statuses.rejected),
        Status::Withdrawn => td_string!(locale, statuses.withdrawn),
        Status::Merged => td_string!(locale, statuses.merged),
    }
    .to_string()
}

/// A status code from the wire (`published`), in words; unknown codes are shown as they are.
pub fn status_code_name(locale: Locale, code: &str) -> String {
    Status::parse(code).map_or_else(|| code.to_owned(), |s| status_name(locale, s))
}

pub fn channel_name(locale: Locale, channel: Channel) -> String {
    match channel {
        Channel::Web => td_string!(locale, channels.web),
        Channel::Phone153 => td_string!(locale, channels.phone_153),
        Channel::WhatsApp => td_string!(locale, channels.whatsapp),
        Channel::Email => td_string!(locale, channels.email),
        Channel::SocialMedia => td_string!(locale, channels.social_media),
        Channel::WalkIn => td_string!(locale, channels.walk_in),
        Channel::Vim => td_string!(locale, channels.vim),
        Channel::NeighbourhoodMeeting => td_string!(locale, channels.neighbourhood_meeting),
    }
    .to_string()
}

pub fn actor_role_name(locale: Locale, role: &str) -> String {
    match role {
        "citizen" => td_string!(locale, actor_roles.citizen).to_string(),
        "staff" => td_string!(locale, actor_roles.staff).to_string(),
        other => other.to_owned(),
    }
}

/// An RFC 3339 timestamp's date in words: "23 Kasım 2026" / "23 November 2026" (UTC+3, İnegöl's
/// time, for the day).
pub fn format_date(locale: Locale, iso: &str) -> String {
    let parse = |a: usize, b: usize| iso.get(a..b).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d), Some(h)) = (parse(0, 4), parse(5, 7), parse(8, 10), parse(11, 13)) else {
        return iso.to_owned();
    };
    // Türkiye is UTC+3 all year: a late-evening UTC time is the next day in İnegöl.
    let (y, m, d) = if h + 3 >= 24 { next_day(y, m, d) } else { (y, m, d) };
    let month = match m {
        1 => td_string!(locale, months.m1),
        2 => td_string!(locale, months.m2),
        3 => td_string!(locale, months.m3),
        4 => td_string!(locale, months.m4),
        5 => td_string!(locale, months.m5),
        6 => td_string!(locale, months.m6),
        7 => td_string!(locale, months.m7),
        8 => td_string!(locale, months.m8),
        9 => td_string!(locale, months.m9),
        10 => td_string!(locale, months.m10),
        11 => td_string!(locale, months.m11),
        _ => td_string!(locale, months.m12),
    };
    format!("{d} {month} {y}")
}

fn next_day(y: u32, m: u32, d: u32) -> (u32, u32, u32) {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    match (d >= days, m == 12) {
        (false, _) => (y, m, d + 1),
        (true, false) => (y, m + 1, 1),
        (true, true) => (y + 1, 1, 1),
    }
}

/// A count with the locale's thousands separator: 12.345 in Turkish, 12,345 in English.
pub fn format_count(locale: Locale, n: i64) -> String {
    let sep = match locale {
        Locale::en => ',',
        _ => '.',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
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
    fn every_code_the_services_emit_has_its_own_sentence() {
        let generic = field_message(Locale::tr, "x", "y");
        let codes = [
            ("category_id", "invalid"),
            ("neighbourhood_id", "required"),
            ("channel", "invalid"),
            ("citizen_contact", "required_for_consent"),
            ("parent_id", "invalid"),
            ("reason", "required"),
            ("support", "closed"),
            ("status", "cannot_withdraw"),
            ("body", "comment_too_long"),
            ("body", "edit_window_passed"),
            ("page", "out_of_range"),
            ("title", "draft_empty"),
            ("draft", "too_many"),
            ("photos", "too_many_pixels"),
            ("video", "too_long"),
            ("video", "unknown_duration"),
            ("status", "closed"),
            ("state", "already_sent"),
            ("state", "sending"),
            ("to", "invalid"),
        ];
        for (field, code) in codes {
            for locale in [Locale::tr, Locale::en] {
                assert_ne!(field_message(locale, field, code), generic, "{field}/{code}");
            }
        }
    }

    #[test]
    fn dates_and_counts_read_naturally_in_both_languages() {
        assert_eq!(format_date(Locale::tr, "2026-11-23T10:00:00Z"), "23 Kasım 2026");
        assert_eq!(format_date(Locale::en, "2026-12-31T22:30:00Z"), "1 January 2027", "UTC+3 in İnegöl");
        assert_eq!(format_date(Locale::tr, "2024-02-28T21:00:00Z"), "29 Şubat 2024");
        assert_eq!(format_count(Locale::tr, 1_234_567), "1.234.567");
        assert_eq!(format_count(Locale::en, 12_345), "12,345");
        assert_eq!(format_count(Locale::en, 999), "999");
        assert_eq!(
            notice_message(Locale::en, "recorded:INE-2026-000007").unwrap_or_default(),
            "Submission recorded. Give the citizen the tracking code: INE-2026-000007"
        );
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
