//! The words for stable codes: field errors, API errors, notices and role names, in the reader's
//! locale. Codes are the contract (`email` + `taken`); sentences live in `locales/*.json`.
use crate::domain::roles::Role;
use crate::domain::submissions::{Channel, Kind, Status};
use crate::error::{AppError, FieldErrors, Problem};
use crate::i18n::*;

/// The sentence for a field's problem, e.g. (`email`, `Taken`): the field's own words where it
/// has them, else the problem's.
pub fn field_message(locale: Locale, field: &str, problem: Problem) -> String {
    use Problem as P;
    macro_rules! m {
        ($($key:tt)+) => { td_string!(locale, $($key)+).to_string() };
    }
    match (field, problem) {
        ("display_name", P::Required) => m!(errors.display_name_required),
        ("display_name", P::TooShort) => m!(errors.display_name_too_short),
        ("display_name", P::TooLong) => m!(errors.display_name_too_long),
        ("display_name", P::Invalid) => m!(errors.display_name_invalid),
        ("email", P::Required) => m!(errors.email_required),
        ("email", P::TooLong) => m!(errors.email_too_long),
        ("email", P::Invalid) => m!(errors.email_invalid),
        ("email", P::Taken) => m!(errors.email_taken),
        ("password", P::Required) => m!(errors.password_required),
        ("password", P::TooShort) => m!(errors.password_too_short),
        ("password", P::TooLong) => m!(errors.password_too_long),
        ("password", P::Weak) => m!(errors.password_weak),
        ("password", P::WrongCredentials) => m!(errors.password_wrong_credentials),
        ("current_password", P::Required) => m!(errors.current_password_required),
        ("current_password", P::Wrong) => m!(errors.current_password_wrong),
        ("new_password", P::Required) => m!(errors.new_password_required),
        ("new_password", P::TooShort) => m!(errors.new_password_too_short),
        ("new_password", P::TooLong) => m!(errors.new_password_too_long),
        ("new_password", P::Weak) => m!(errors.new_password_weak),
        ("kind", P::Required) => m!(errors.kind_required),
        ("kind", P::Invalid) => m!(errors.kind_invalid),
        ("title", P::Required) => m!(errors.title_required),
        ("title", P::TooShort) => m!(errors.title_too_short),
        ("title", P::TooLong) => m!(errors.title_too_long),
        ("title", P::DraftEmpty) => m!(errors.draft_empty),
        ("draft", P::TooMany) => m!(errors.drafts_too_many),
        ("body", P::Required) => m!(errors.body_required),
        ("body", P::TooLong) => m!(errors.body_too_long),
        ("location" | "lat" | "lon", P::OutsideDistrict) => m!(errors.location_outside_district),
        ("location" | "lat" | "lon", P::Incomplete) => m!(errors.location_incomplete),
        ("location" | "lat" | "lon", P::NotANumber) => m!(errors.location_not_a_number),
        ("category_id", P::Required) => m!(errors.category_id_required),
        ("category_id", P::Invalid) => m!(errors.category_id_invalid),
        ("neighbourhood_id", P::Required) => m!(errors.neighbourhood_id_required),
        ("neighbourhood_id", P::Invalid) => m!(errors.neighbourhood_id_invalid),
        ("channel", P::Required) => m!(errors.channel_required),
        ("channel", P::Invalid) => m!(errors.channel_invalid),
        ("citizen_name", P::Required) => m!(errors.citizen_name_required),
        ("citizen_name", P::TooLong) => m!(errors.citizen_name_too_long),
        ("citizen_contact", P::TooLong) => m!(errors.citizen_contact_too_long),
        ("citizen_contact", P::RequiredForConsent) => m!(errors.citizen_contact_required_for_consent),
        ("parent_id", P::Invalid) => m!(errors.parent_id_invalid),
        ("photos", P::TooLarge) => m!(errors.photos_too_large),
        ("outline", P::TooLarge) => m!(errors.outline_too_large),
        ("outline", P::Required) => m!(errors.outline_required),
        ("photos", P::NotAnImage) => m!(errors.photos_not_an_image),
        ("photos", P::Unreadable) => m!(errors.photos_unreadable),
        ("photos", P::TooMany) => m!(errors.photos_too_many),
        ("photos", P::Required) => m!(errors.photos_required),
        ("video", P::TooLarge) => m!(errors.video_too_large),
        ("video", P::NotAVideo) => m!(errors.video_not_a_video),
        ("video", P::TooMany) => m!(errors.video_too_many),
        ("photos", P::TooManyPixels) => m!(errors.photos_too_many_pixels),
        ("video", P::TooLong) => m!(errors.video_too_long),
        ("video", P::UnknownDuration) => m!(errors.video_unknown_duration),
        ("public_note", P::Required) => m!(errors.public_note_required),
        ("to", P::Required | P::Unknown) => m!(errors.to_invalid),
        (f, P::Required | P::OutOfRange) if f.starts_with("score_") => m!(errors.score_required),
        (f, P::Required) if f.starts_with("justification_") => m!(errors.justification_required),
        ("outcome", P::Required | P::Unknown) => m!(errors.outcome_required),
        ("progress_percent", P::OutOfRange | P::NotANumber) => m!(errors.progress_percent_out_of_range),
        ("evaluation_quorum", P::Required | P::OutOfRange) => m!(errors.quorum_out_of_range),
        ("scale_max", _) => m!(errors.scale_invalid),
        ("criteria", _) => m!(errors.criteria_count),
        (f, P::Required) if f.starts_with("name_tr_") => m!(errors.criterion_name_tr_required),
        (f, P::Taken) if f.starts_with("name_tr_") => m!(errors.criterion_name_taken),
        (f, P::Required) if f.starts_with("name_en_") => m!(errors.criterion_name_en_required),
        (f, P::TooLong) if f.starts_with("name_tr_") || f.starts_with("name_en_") => m!(errors.criterion_name_too_long),
        (f, P::Required | P::OutOfRange | P::NotANumber) if f.starts_with("weight_") => m!(errors.weight_out_of_range),
        ("chair_email", P::NotFound) | ("member_emails", P::NotFound) => m!(errors.person_not_found),
        ("phase", _) => m!(errors.phase_required),
        ("committee_id", _) => m!(errors.committee_id_invalid),
        ("officer_id", _) => m!(errors.not_in_directorate),
        (f, P::OutOfRange | P::Required | P::NotANumber) if f.ends_with(".first_response_hours") => {
            m!(errors.first_response_hours_out_of_range)
        }
        (f, P::OutOfRange | P::Required | P::NotANumber) if f.ends_with(".resolution_days") => {
            m!(errors.resolution_days_out_of_range)
        }
        ("date", P::Taken) => m!(errors.holiday_date_taken),
        ("visit_id", _) => m!(errors.visit_invalid),
        ("place", P::Required) => m!(errors.place_required),
        ("deadline", P::OutOfRange) => m!(errors.deadline_past),
        ("deadline", _) => m!(errors.deadline_invalid),
        ("public_reason", P::Required) => m!(errors.public_note_required),
        ("reason", P::Required) => m!(errors.reason_required),
        ("reason", P::TooLong) => m!(errors.reason_too_long),
        ("support", P::Closed) => m!(errors.support_closed),
        ("status", P::CannotWithdraw) => m!(errors.status_cannot_withdraw),
        ("status", P::Closed) => m!(errors.status_closed),
        ("body", P::CommentRequired) => m!(errors.comment_required),
        ("body", P::CommentTooLong) => m!(errors.comment_too_long),
        ("body", P::EditWindowPassed) => m!(errors.comment_edit_window_passed),
        ("code", P::Invalid) => m!(errors.code_invalid),
        ("code", P::NotFound) => m!(errors.code_not_found),
        ("page", P::OutOfRange) => m!(errors.page_out_of_range),
        ("per_page", P::OutOfRange) => m!(errors.per_page_out_of_range),
        ("category" | "neighbourhood" | "directorate" | "status" | "sort", P::Invalid) => m!(errors.query_invalid),
        ("name_tr", P::Required) => m!(errors.name_tr_required),
        ("name_tr", P::TooLong) => m!(errors.name_tr_too_long),
        ("name_tr", P::Taken) => m!(errors.name_tr_taken),
        ("name_en", P::Required) => m!(errors.name_en_required),
        ("name_en", P::TooLong) => m!(errors.name_en_too_long),
        ("name", P::Required) => m!(errors.name_required),
        ("name", P::TooLong) => m!(errors.name_too_long),
        ("name", P::Taken) => m!(errors.name_taken),
        ("directorate_id", P::Invalid) => m!(errors.directorate_id_invalid),
        ("support_threshold", P::Required) => m!(errors.support_threshold_required),
        ("support_threshold", P::OutOfRange) => m!(errors.support_threshold_out_of_range),
        ("roles", P::Unknown) => m!(errors.roles_unknown),
        ("roles", P::OwnAdmin) => m!(errors.roles_own_admin),
        ("name", P::TooManyTokens) => m!(errors.too_many_tokens),
        ("email", P::AlreadyVerified) => m!(errors.email_already_verified),
        ("state", P::AlreadySent) => m!(admin_mail.error_already_sent),
        ("state", P::Sending) => m!(admin_mail.error_sending),
        ("state", P::Invalid) => m!(admin_mail.error_state_invalid),
        ("to", P::Invalid) => m!(admin_mail.error_to_invalid),
        (_, problem) => problem_message(locale, problem),
    }
}

/// The words for each problem whatever the field (a match without a wildcard: a new problem
/// has no words until it is given them here).
fn problem_message(locale: Locale, problem: Problem) -> String {
    macro_rules! m {
        ($($key:tt)+) => { td_string!(locale, $($key)+).to_string() };
    }
    match problem {
        Problem::Required => m!(errors.field_required),
        Problem::TooShort => m!(errors.field_too_short),
        Problem::TooLong => m!(errors.field_too_long),
        Problem::Invalid | Problem::Unknown => m!(errors.field_invalid),
        Problem::Taken => m!(errors.field_taken),
        Problem::Weak => m!(errors.password_weak),
        Problem::Wrong => m!(errors.current_password_wrong),
        Problem::WrongCredentials => m!(errors.password_wrong_credentials),
        Problem::OwnAdmin => m!(errors.roles_own_admin),
        Problem::TooManyTokens => m!(errors.too_many_tokens),
        Problem::AlreadyVerified => m!(errors.email_already_verified),
        Problem::NotFound => m!(errors.field_not_found),
        Problem::OutOfRange => m!(errors.field_out_of_range),
        Problem::NotANumber => m!(errors.field_not_a_number),
        Problem::OutsideDistrict => m!(errors.location_outside_district),
        Problem::Incomplete => m!(errors.location_incomplete),
        Problem::RequiredForConsent => m!(errors.citizen_contact_required_for_consent),
        Problem::DraftEmpty => m!(errors.draft_empty),
        Problem::TooMany => m!(errors.field_too_many),
        Problem::TooLarge => m!(errors.field_too_large),
        Problem::NotAnImage => m!(errors.photos_not_an_image),
        Problem::Unreadable => m!(errors.photos_unreadable),
        Problem::TooManyPixels => m!(errors.photos_too_many_pixels),
        Problem::NotAVideo => m!(errors.video_not_a_video),
        Problem::UnknownDuration => m!(errors.video_unknown_duration),
        Problem::Closed => m!(errors.status_closed),
        Problem::Blocked => m!(errors.blocked_field),
        Problem::CannotMerge => m!(errors.cannot_merge),
        Problem::UnknownReason => m!(errors.unknown_reason),
        Problem::NotATileUrl => m!(errors.not_a_tile_url),
        Problem::NotGeoJson => m!(errors.not_geojson),
        Problem::NoPolygon => m!(errors.no_polygon),
        Problem::BadCoordinates => m!(errors.bad_coordinates),
        Problem::TooFewPoints => m!(errors.too_few_points),
        Problem::OpenRing => m!(errors.open_ring),
        Problem::NotTheDistrict => m!(errors.not_the_district),
        Problem::CannotWithdraw => m!(errors.status_cannot_withdraw),
        Problem::IllegalMove => m!(errors.illegal_move),
        Problem::NotUnderEvaluation => m!(errors.not_under_evaluation),
        Problem::AlreadyOpen => m!(errors.round_already_open),
        Problem::QuorumNotMet => m!(errors.quorum_not_met),
        Problem::Recused => m!(errors.recused),
        Problem::AlreadyScored => m!(errors.already_scored),
        Problem::RoundOpen => m!(errors.round_open),
        Problem::NotInImplementation => m!(errors.not_in_implementation),
        Problem::WeightsTotal => m!(errors.weights_total),
        Problem::NotEvaluator => m!(errors.not_evaluator),
        Problem::NotChair => m!(errors.not_chair),
        Problem::NotAServiceRequest => m!(errors.not_a_service_request),
        Problem::NotInDirectorate => m!(errors.not_in_directorate),
        Problem::NotATime => m!(errors.not_a_time),
        Problem::NotADate => m!(errors.not_a_date),
        Problem::CloseBeforeOpen => m!(errors.close_before_open),
        Problem::HalfDayOutOfRange => m!(errors.half_day_out_of_range),
        Problem::CommentRequired => m!(errors.comment_required),
        Problem::CommentTooLong => m!(errors.comment_too_long),
        Problem::EditWindowPassed => m!(errors.comment_edit_window_passed),
        Problem::AlreadySent => m!(admin_mail.error_already_sent),
        Problem::Sending => m!(admin_mail.error_sending),
        Problem::CrossSite => m!(errors.cross_site),
        Problem::PayloadTooLarge => m!(errors.payload_too_large),
        Problem::RateLimited => m!(errors.rate_limited_later),
        Problem::Unavailable => m!(errors.unavailable),
        Problem::Internal => m!(errors.internal),
    }
}

/// The sentences of a form's errors, field by field (`form` for the whole form); a form refused
/// for going too fast says when to try again.
pub fn form_messages(locale: Locale, errors: &FieldErrors) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|(field, problem)| {
            let message = match (field, problem, errors.retry_after_secs()) {
                ("form", Problem::RateLimited, Some(secs)) => retry_message(locale, secs),
                _ => field_message(locale, field, problem),
            };
            (field.to_owned(), message)
        })
        .collect()
}

/// "Try again in 30 seconds" / "in 5 minutes": minutes once it is more than a minute and a half.
pub fn retry_message(locale: Locale, secs: u32) -> String {
    if secs <= 90 {
        td_string!(locale, errors.rate_limited, seconds = secs).to_string()
    } else {
        td_string!(locale, errors.rate_limited_minutes, minutes = secs.div_ceil(60)).to_string()
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
        AppError::Blocked { until } => {
            td_string!(locale, errors.blocked, until = format_local_datetime(locale, until)).to_string()
        }
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::MethodNotAllowed => td_string!(locale, errors.method_not_allowed).to_string(),
        AppError::Conflict { .. } => td_string!(locale, errors.conflict).to_string(),
        AppError::IllegalMove { .. } => td_string!(locale, errors.illegal_move).to_string(),
        AppError::PayloadTooLarge => td_string!(locale, errors.payload_too_large).to_string(),
        AppError::RateLimited { retry_after_secs } => retry_message(locale, *retry_after_secs),
        AppError::Unavailable => td_string!(locale, errors.unavailable).to_string(),
        AppError::Internal | AppError::Transport { .. } => td_string!(locale, errors.internal).to_string(),
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
        "held" => td_string!(locale, notices.held),
        "moderated" => td_string!(locale, notices.moderated),
        "merged" => td_string!(locale, notices.merged),
        "blocked" => td_string!(locale, notices.blocked),
        "moderation_settings_saved" => td_string!(locale, notices.moderation_settings_saved),
        "flagged" => td_string!(locale, notices.flagged),
        "notifications_read" => td_string!(locale, notices.notifications_read),
        "reference_saved" => td_string!(locale, notices.reference_saved),
        "notification_settings_saved" => td_string!(locale, notices.notification_settings_saved),
        "draft_saved" => td_string!(locale, notices.draft_saved),
        "status_changed" => td_string!(locale, notices.status_changed),
        "round_opened" => td_string!(locale, notices.round_opened),
        "scores_sent" => td_string!(locale, notices.scores_sent),
        "recused" => td_string!(locale, notices.recused_notice),
        "round_closed" => td_string!(locale, notices.round_closed_notice),
        "decided" => td_string!(locale, notices.decided),
        "implementation_saved" => td_string!(locale, notices.implementation_saved),
        "milestone_added" => td_string!(locale, notices.milestone_added),
        "milestone_done" => td_string!(locale, notices.milestone_done),
        "settings_saved" => td_string!(locale, notices.settings_saved),
        "assigned" => td_string!(locale, notices.assigned),
        "rubric_saved" => td_string!(locale, notices.rubric_saved),
        "committee_saved" => td_string!(locale, notices.committee_saved),
        "photos_added" => td_string!(locale, notices.photos_added),
        "draft_deleted" => td_string!(locale, notices.draft_deleted),
        "token_revoked" => td_string!(locale, notices.token_revoked),
        "email_verified" => td_string!(locale, notices.email_verified),
        "email_verification_invalid" => td_string!(locale, notices.email_verification_invalid),
        "verification_sent" => td_string!(locale, notices.verification_sent),
        "response_targets_saved" => td_string!(locale, notices.response_targets_saved),
        "working_hours_saved" => td_string!(locale, notices.working_hours_saved),
        "map_tiles_saved" => td_string!(locale, notices.map_tiles_saved),
        "district_outline_saved" => td_string!(locale, notices.district_outline_saved),
        "district_outline_cleared" => td_string!(locale, notices.district_outline_cleared),
        "holiday_added" => td_string!(locale, notices.holiday_added),
        "holiday_removed" => td_string!(locale, notices.holiday_removed),
        "visit_created" => td_string!(locale, notices.visit_created),
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
        "chair" => td_string!(locale, actor_roles.chair).to_string(),
        "evaluator" => td_string!(locale, actor_roles.evaluator).to_string(),
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
    format!("{d} {} {y}", month_name(locale, m))
}

/// A time already in İnegöl's offset (`2026-12-03T10:00:00+03:00`, as due times leave the
/// server), in words: "3 Aralık 2026, 10:00".
pub fn format_local_datetime(locale: Locale, iso: &str) -> String {
    let parse = |a: usize, b: usize| iso.get(a..b).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d), Some(h), Some(min)) =
        (parse(0, 4), parse(5, 7), parse(8, 10), parse(11, 13), parse(14, 16))
    else {
        return iso.to_owned();
    };
    format!("{d} {} {y}, {h:02}:{min:02}", month_name(locale, m))
}

/// A month written YYYY-MM in words: "Aralık 2026" / "December 2026".
pub fn format_month(locale: Locale, month: &str) -> String {
    match (month.get(0..4), month.get(5..7).and_then(|m| m.parse::<u32>().ok())) {
        (Some(y), Some(m @ 1..=12)) => format!("{} {y}", month_name(locale, m)),
        _ => month.to_owned(),
    }
}

fn month_name(locale: Locale, m: u32) -> &'static str {
    match m {
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
    }
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

/// A number with `digits` decimals in the locale's way: 3,25 in Turkish, 3.25 in English (with
/// the thousands separated as in `format_count`).
pub fn format_decimal(locale: Locale, x: f64, digits: usize) -> String {
    let fixed = format!("{:.*}", digits, x.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((fixed.as_str(), ""));
    let whole = format_count(locale, whole.parse::<i64>().unwrap_or_default());
    let sign = if x < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0') { "-" } else { "" };
    let point = if locale == Locale::en { "." } else { "," };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{point}{fraction}")
    }
}

/// An amount in Turkish lira: 1.250.000,50 ₺ in Turkish, ₺1,250,000.50 in English.
pub fn format_lira(locale: Locale, amount: f64) -> String {
    let digits = if amount.fract().abs() < 0.005 { 0 } else { 2 };
    let n = format_decimal(locale, amount, digits);
    if locale == Locale::en {
        format!("₺{n}")
    } else {
        format!("{n} ₺")
    }
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
            field_message(Locale::tr, "email", Problem::Taken),
            "Bu e-posta adresiyle bir hesap zaten var. Giriş yapmayı deneyin"
        );
        assert_eq!(field_message(Locale::en, "display_name", Problem::Required), "Enter your name");
        assert_eq!(field_message(Locale::tr, "title", Problem::TooShort), "Başlık en az 5 karakter olmalı");
        assert_eq!(
            field_message(Locale::en, "location", Problem::OutsideDistrict),
            "The location must be inside İnegöl district"
        );
        let too_fast = |secs| form_messages(Locale::en, &FieldErrors::rate_limited(secs));
        assert_eq!(too_fast(30), [("form".to_owned(), "Too many attempts. Try again in 30 seconds.".to_owned())]);
        assert_eq!(too_fast(600), [("form".to_owned(), "Too many attempts. Try again in 10 minutes.".to_owned())]);
    }

    #[test]
    fn every_problem_has_words_in_both_languages() {
        for &problem in Problem::ALL {
            let (tr, en) = (problem_message(Locale::tr, problem), problem_message(Locale::en, problem));
            assert!(!tr.is_empty() && !en.is_empty(), "{problem}");
            assert_ne!(tr, en, "{problem} is not translated");
        }
    }

    #[test]
    fn fields_with_words_of_their_own_use_them() {
        let own = [
            ("category_id", Problem::Invalid),
            ("neighbourhood_id", Problem::Required),
            ("channel", Problem::Invalid),
            ("parent_id", Problem::Invalid),
            ("reason", Problem::Required),
            ("support", Problem::Closed),
            ("page", Problem::OutOfRange),
            ("draft", Problem::TooMany),
            ("video", Problem::TooLong),
            ("state", Problem::Invalid),
            ("to", Problem::Invalid),
            ("lon", Problem::NotANumber),
        ];
        for (field, problem) in own {
            for locale in [Locale::tr, Locale::en] {
                assert_ne!(
                    field_message(locale, field, problem),
                    problem_message(locale, problem),
                    "{field}/{problem}"
                );
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
        assert_eq!(format_decimal(Locale::tr, 3.25, 2), "3,25");
        assert_eq!(format_decimal(Locale::en, 1234.5, 1), "1,234.5");
        assert_eq!(format_decimal(Locale::tr, -0.04, 1), "0,0");
        assert_eq!(format_lira(Locale::tr, 1_250_000.5), "1.250.000,50 ₺");
        assert_eq!(format_lira(Locale::en, 1_250_000.0), "₺1,250,000");
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
