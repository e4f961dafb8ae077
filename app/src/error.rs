//! AppError: the one error type of service functions, server functions and the JSON API.
//! It crosses the wire (Serialize), so it never carries internal detail: causes are logged where
//! they happen (`AppError::internal`) and the client gets a stable `code`. Field problems are
//! `FieldErrors` (field name → stable code); the words come from the locale files.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::domain::codes::code_enum! {
    /// What is wrong with a field (or, under the key `form`, with the whole form): the stable
    /// code of a field error, sent in the API and matched exhaustively to a sentence in
    /// `ui::messages`. A new problem is a compile error until it has its words.
    pub enum Problem("field problem") {
        Required = "required",
        TooShort = "too_short",
        TooLong = "too_long",
        Invalid = "invalid",
        Taken = "taken",
        Weak = "weak",
        Wrong = "wrong",
        WrongCredentials = "wrong_credentials",
        Unknown = "unknown",
        OwnAdmin = "own_admin",
        TooManyTokens = "too_many_tokens",
        AlreadyVerified = "already_verified",
        NotFound = "not_found",
        OutOfRange = "out_of_range",
        NotANumber = "not_a_number",
        OutsideDistrict = "outside_district",
        Incomplete = "incomplete",
        RequiredForConsent = "required_for_consent",
        DraftEmpty = "draft_empty",
        TooMany = "too_many",
        TooLarge = "too_large",
        NotAnImage = "not_an_image",
        Unreadable = "unreadable",
        TooManyPixels = "too_many_pixels",
        NotAVideo = "not_a_video",
        UnknownDuration = "unknown_duration",
        Closed = "closed",
        CannotWithdraw = "cannot_withdraw",
        /// The workflow has no such step from where the submission is now.
        IllegalMove = "illegal_move",
        NotUnderEvaluation = "not_under_evaluation",
        AlreadyOpen = "already_open",
        QuorumNotMet = "quorum_not_met",
        Recused = "recused",
        AlreadyScored = "already_scored",
        RoundOpen = "round_open",
        NotInImplementation = "not_in_implementation",
        /// A rubric's weights do not add up to 100.
        WeightsTotal = "weights_total",
        /// The person named does not hold the evaluator role.
        NotEvaluator = "not_evaluator",
        /// The person named does not hold the chair role.
        NotChair = "not_chair",
        /// Routing is for service requests (complaints, requests, information requests).
        NotAServiceRequest = "not_a_service_request",
        /// The officer named is not staff of the directorate named.
        NotInDirectorate = "not_in_directorate",
        /// Not a time of day written HH:MM.
        NotATime = "not_a_time",
        /// Not a date written YYYY-MM-DD.
        NotADate = "not_a_date",
        /// A working day must close after it opens.
        CloseBeforeOpen = "close_before_open",
        /// A half day closes after opening and no later than a full day.
        HalfDayOutOfRange = "half_day_out_of_range",
        /// A moderator blocked the person from writing (until a date the page shows).
        Blocked = "blocked",
        /// A submission cannot be merged into itself, or into one merged elsewhere.
        CannotMerge = "cannot_merge",
        /// A flag's reason is not one of the list.
        UnknownReason = "unknown_reason",
        /// Not an `https://` tile URL with `{z}`, `{x}` and `{y}`.
        NotATileUrl = "not_a_tile_url",
        /// An uploaded outline that is not GeoJSON.
        NotGeoJson = "not_geojson",
        /// GeoJSON without a polygon in it.
        NoPolygon = "no_polygon",
        /// A position that is not longitude and latitude in range.
        BadCoordinates = "bad_coordinates",
        /// A ring of fewer than four positions.
        TooFewPoints = "too_few_points",
        /// A ring that does not end where it starts.
        OpenRing = "open_ring",
        /// An outline that does not hold İnegöl's town centre.
        NotTheDistrict = "not_the_district",
        CommentRequired = "comment_required",
        CommentTooLong = "comment_too_long",
        EditWindowPassed = "edit_window_passed",
        AlreadySent = "already_sent",
        Sending = "sending",
        CrossSite = "cross_site",
        PayloadTooLarge = "payload_too_large",
        RateLimited = "rate_limited",
        Unavailable = "unavailable",
        Internal = "internal",
    }
}

/// Field name → what is wrong with it. Ordered, so the error summary lists fields in a fixed
/// order. The key `form` is for problems of the whole form; a form refused for going too fast
/// (`form` → `rate_limited`) also says when to try again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors {
    problems: BTreeMap<String, Problem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u32>,
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    /// Records `problem` for `field`, unless the field already has one (the first one stands).
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.problems.entry(field.to_owned()).or_insert(problem);
    }
    /// Records `problem` for `field`, replacing what it had.
    pub fn set(&mut self, field: &str, problem: Problem) {
        self.problems.insert(field.to_owned(), problem);
    }
    /// The whole form was refused for going too fast: try again after `secs`.
    pub fn rate_limited(secs: u32) -> Self {
        let mut f = Self::single("form", Problem::RateLimited);
        f.retry_after_secs = Some(secs);
        f
    }
    /// When a rate-limited form may be sent again.
    pub fn retry_after_secs(&self) -> Option<u32> {
        self.retry_after_secs
    }
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
    pub fn get(&self, field: &str) -> Option<Problem> {
        self.problems.get(field).copied()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, Problem)> {
        self.problems.iter().map(|(k, v)| (k.as_str(), *v))
    }
    /// `Ok(())` when empty, else the validation error that carries these fields.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation { fields: self })
        }
    }
    pub fn single(field: &str, problem: Problem) -> Self {
        let mut f = Self::new();
        f.add(field, problem);
        f
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    /// 422: the input breaks a rule; each field says which.
    #[error("invalid input")]
    Validation { fields: FieldErrors },
    /// 400: the body could not be read at all (broken JSON, wrong types).
    #[error("unreadable request")]
    BadRequest { detail: String },
    /// 401: e-mail and password do not match an account (never says which one was wrong).
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    /// 401: this needs a signed-in user.
    #[error("sign-in required")]
    Unauthenticated,
    /// 403: signed in, but the roles do not allow it (or a cross-site request).
    #[error("not allowed")]
    Forbidden,
    /// 403: a moderator blocked the person from writing until `until` (RFC 3339).
    #[error("blocked until {until}")]
    Blocked { until: String },
    /// 404
    #[error("not found")]
    NotFound,
    /// 405: the path exists, but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: the request clashes with what is stored (an e-mail already registered).
    #[error("conflict")]
    Conflict { fields: FieldErrors },
    /// 409: the workflow has no such move from `from`; `allowed` are the moves it has there
    /// (status codes; none from a closed status).
    #[error("this move is not part of the workflow")]
    IllegalMove { from: String, allowed: Vec<String> },
    /// 413
    #[error("request body too large")]
    PayloadTooLarge,
    /// 429: too many attempts; try again after the given seconds.
    #[error("slow down")]
    RateLimited { retry_after_secs: u32 },
    /// 503: the database is unreachable or the pool is exhausted.
    #[error("unavailable")]
    Unavailable,
    /// 500: a fault of ours; the cause was logged, never sent.
    #[error("internal")]
    Internal,
    /// A failure of the server-function transport itself (network, decoding), client side.
    /// (A struct variant: the enum is serialised with its `code` inside, which a newtype of a
    /// string cannot carry.)
    #[error("transport: {detail}")]
    Transport { detail: String },
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// The HTTP status of each variant (the JSON API and error pages use it).
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation { .. } => 422,
            AppError::BadRequest { .. } => 400,
            AppError::InvalidCredentials | AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::Blocked { .. } => 403,
            AppError::NotFound => 404,
            AppError::MethodNotAllowed => 405,
            AppError::Conflict { .. } | AppError::IllegalMove { .. } => 409,
            AppError::PayloadTooLarge => 413,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::Transport { .. } => 500,
        }
    }

    /// The stable machine-readable code (the `code` of the JSON error envelope).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation { .. } => "validation",
            AppError::BadRequest { .. } => "bad_request",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Blocked { .. } => "blocked",
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Conflict { .. } => "conflict",
            AppError::IllegalMove { .. } => "illegal_move",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unavailable => "unavailable",
            AppError::Internal => "internal",
            AppError::Transport { .. } => "transport",
        }
    }

    /// The field errors carried by this error, if any.
    pub fn fields(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation { fields } | AppError::Conflict { fields } => Some(fields),
            _ => None,
        }
    }

    /// Logs an unexpected cause and returns `Internal`; the cause never reaches the client.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport { detail: value.to_string() }
    }
}

#[cfg(feature = "ssr")]
impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::ClosedConnection, _) => {
                AppError::Unavailable
            }
            other => AppError::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        tracing::warn!(error = %e, "database pool unavailable");
        AppError::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_status_and_code() {
        let table = [
            (AppError::Validation { fields: FieldErrors::single("email", Problem::Required) }, 422, "validation"),
            (AppError::BadRequest { detail: String::new() }, 400, "bad_request"),
            (AppError::InvalidCredentials, 401, "invalid_credentials"),
            (AppError::Unauthenticated, 401, "unauthenticated"),
            (AppError::Forbidden, 403, "forbidden"),
            (AppError::NotFound, 404, "not_found"),
            (AppError::MethodNotAllowed, 405, "method_not_allowed"),
            (AppError::Conflict { fields: FieldErrors::single("email", Problem::Taken) }, 409, "conflict"),
            (
                AppError::IllegalMove { from: "published".into(), allowed: vec!["under_evaluation".into()] },
                409,
                "illegal_move",
            ),
            (AppError::PayloadTooLarge, 413, "payload_too_large"),
            (AppError::RateLimited { retry_after_secs: 30 }, 429, "rate_limited"),
            (AppError::Unavailable, 503, "unavailable"),
            (AppError::Internal, 500, "internal"),
            (AppError::Transport { detail: "unreadable arguments".into() }, 500, "transport"),
        ];
        for (err, status, code) in table {
            assert_eq!(err.status(), status, "{err:?}");
            assert_eq!(err.code(), code, "{err:?}");
            // Server functions send errors to the browser as JSON: every variant must go and
            // come back (a newtype variant cannot, with the code inside).
            let json = serde_json::to_value(&err).unwrap_or_else(|e| panic!("{err:?} does not serialise: {e}"));
            assert_eq!(json["code"], code);
            assert_eq!(serde_json::from_value::<AppError>(json).ok(), Some(err));
        }
    }

    #[test]
    fn field_errors_keep_the_first_problem_of_a_field() {
        let mut f = FieldErrors::new();
        f.add("email", Problem::Required);
        f.add("email", Problem::Invalid);
        assert_eq!(f.get("email"), Some(Problem::Required));
        assert!(f.into_result().is_err());
        assert!(FieldErrors::new().into_result().is_ok());
    }
}
