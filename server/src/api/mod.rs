//! The public JSON API under /api/v1, one file per concept. Handlers are thin: read the input,
//! call the same service the web forms call, shape the output. The OpenAPI document is
//! generated from the handlers' annotations (utoipa) and served at /api/v1/openapi.json.
pub mod audit;
pub mod auth;
pub mod comments;
pub mod drafts;
pub mod error;
pub mod evaluation;
pub mod evaluation_admin;
pub mod health;
pub mod implementation;
pub mod mail;
pub mod map;
pub mod moderation;
pub mod notifications;
pub mod reference;
pub mod response_times;
pub mod routing;
pub mod submissions;
pub mod tokens;
pub mod visits;

use crate::state::AppState;
use axum::routing::{delete, get, patch, post, put};
use axum::Router;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "İnegöl'ün Fikri API",
        version = "1",
        description = "Public API of İnegöl'ün Fikri. Reads are public; writes need a session cookie from /api/v1/auth/login, sent with an Origin header naming this site (browsers do; other clients must too), or a personal API token made on the account page or at /api/v1/me/tokens, sent as Authorization: Bearer <token> (no cookie, no Origin needed). Errors are {\"error\": {\"code\", \"message\", \"fields\"}}; messages follow Accept-Language (tr, en)."
    ),
    paths(
        health::health,
        auth::register,
        auth::login,
        auth::logout,
        auth::me,
        reference::directorates,
        reference::categories,
        reference::neighbourhoods,
        submissions::list,
        submissions::create,
        submissions::intake,
        submissions::caller_history,
        submissions::detail,
        submissions::support_put,
        submissions::support_delete,
        submissions::follow_put,
        submissions::follow_delete,
        submissions::withdraw,
        submissions::events,
        submissions::transitions,
        evaluation::rubrics,
        evaluation::open_round,
        evaluation::round,
        evaluation::scores_me,
        evaluation::recusal,
        evaluation::close,
        evaluation::decision,
        evaluation::scorecard,
        implementation::list,
        implementation::create,
        implementation::update,
        implementation::board,
        implementation::photos,
        routing::assign,
        routing::queue,
        map::settings_get,
        map::settings_put,
        map::district_get,
        map::district_put,
        map::district_delete,
        response_times::targets_get,
        response_times::targets_put,
        response_times::hours_get,
        response_times::hours_put,
        response_times::holidays_get,
        response_times::holidays_post,
        response_times::holidays_delete,
        response_times::stats,
        visits::list,
        visits::create,
        visits::detail,
        evaluation_admin::settings_get,
        evaluation_admin::settings_put,
        evaluation_admin::rubric_create,
        evaluation_admin::committees,
        evaluation_admin::committee_create,
        evaluation_admin::committee_update,
        comments::comments_list,
        comments::comments_create,
        comments::comment_edit,
        comments::comment_delete,
        moderation::flag_submission,
        moderation::flag_comment,
        moderation::moderate_comment,
        moderation::moderate_submission,
        moderation::queue,
        moderation::settings,
        moderation::set_settings,
        moderation::block,
        moderation::merge,
        submissions::track,
        notifications::notifications_list,
        notifications::notifications_read,
        submissions::photos,
        notifications::settings_get,
        notifications::settings_put,
        submissions::similar,
        submissions::geojson,
        submissions::nearby,
        drafts::list,
        drafts::create,
        drafts::get,
        drafts::update,
        drafts::delete,
        drafts::publish,
        mail::list,
        mail::resend,
        submissions::contact,
        audit::list,
        tokens::list,
        tokens::create,
        tokens::revoke
    ),
    components(schemas(
        error::ErrorBody,
        error::ErrorDetail,
        error::FieldProblem,
        app::accounts::UserView,
        auth::RegisterBody,
        auth::LoginBody,
        health::Health,
        app::submissions::ListPage,
        app::submissions::SubmissionSummary,
        app::submissions::SubmissionDetail,
        app::submissions::EventView,
        app::submissions::workflow::Move,
        app::evaluation::RubricView,
        app::evaluation::CriterionView,
        app::evaluation::RoundView,
        app::evaluation::MemberView,
        app::evaluation::ScoreView,
        app::evaluation::Scorecard,
        app::evaluation::DecisionView,
        app::evaluation::service::DecisionInput,
        app::domain::evaluation::SheetLine,
        app::domain::evaluation::RoundResult,
        app::domain::evaluation::CriterionResult,
        evaluation::OpenRound,
        evaluation::CreatedId,
        evaluation::ScoreSheet,
        evaluation::Recusal,
        app::routing::AssignmentInput,
        app::routing::Queue,
        app::routing::QueueEntry,
        app::map::Tiles,
        app::map::DistrictView,
        app::submissions::Nearby,
        app::response_times::ResponseTarget,
        app::response_times::WorkingHoursView,
        app::response_times::HolidayView,
        app::response_times::StatsRow,
        app::response_times::ResponseStats,
        app::response_times::DueTimes,
        app::moderation::FlagInput,
        app::moderation::ModerationInput,
        app::moderation::ModerationOutcome,
        app::moderation::Placeholder,
        app::moderation::QueueEntry,
        app::moderation::ModerationQueue,
        app::moderation::BlockInput,
        app::moderation::BlockView,
        app::moderation::MergeInput,
        app::moderation::MergeView,
        app::moderation::MergeLink,
        app::moderation::Merges,
        moderation::ModerationSettings,
        app::submissions::MapFeatures,
        app::submissions::MapFeature,
        app::submissions::MapItem,
        app::submissions::MapCluster,
        app::submissions::ClusterProperties,
        app::submissions::MapPoint,
        app::submissions::MapProperties,
        app::visits::VisitInput,
        app::visits::VisitView,
        app::visits::VisitSubmission,
        app::visits::VisitDetail,
        app::visits::VisitList,
        app::evaluation::BoardSettings,
        app::evaluation::SettingsInput,
        app::evaluation::RubricInput,
        app::domain::evaluation::CriterionDraft,
        app::evaluation::CommitteeView,
        app::evaluation::CommitteePerson,
        app::evaluation::CommitteeInput,
        app::implementation::MilestoneView,
        app::implementation::ImplementationView,
        app::implementation::Board,
        app::implementation::BoardStage,
        app::implementation::BoardItem,
        app::implementation::service::MilestoneInput,
        app::submissions::MediaView,
        app::submissions::NewSubmission,
        app::submissions::Intake,
        app::submissions::Created,
        app::submissions::SupportState,
        app::submissions::TrackView,
        app::comments::CommentView,
        app::comments::NewComment,
        app::notifications::NotificationView,
        app::notifications::NotificationList,
        app::notifications::NotificationSettings,
        submissions::IntakeBody,
        submissions::FollowState,
        comments::EditComment,
        app::submissions::DraftView,
        drafts::DraftList,
        app::notifications::MailView,
        app::notifications::MailList,
        app::submissions::ContactView,
        app::submissions::CallerRequest,
        app::audit::AuditEntry,
        app::audit::AuditPage,
        app::accounts::TokenView,
        app::accounts::NewToken,
        tokens::TokenBody
    ))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(|| async { axum::Json(ApiDoc::openapi()) }))
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/directorates", get(reference::directorates))
        .route("/categories", get(reference::categories))
        .route("/neighbourhoods", get(reference::neighbourhoods))
        .route("/submissions", get(submissions::list).post(submissions::create))
        .route("/intake", post(submissions::intake))
        .route("/intake/history", get(submissions::caller_history))
        .route("/submissions/similar", get(submissions::similar))
        .route("/submissions.geojson", get(submissions::geojson))
        .route("/submissions/nearby", get(submissions::nearby))
        .route("/submissions/{id}", get(submissions::detail))
        .route("/submissions/{id}/support", put(submissions::support_put).delete(submissions::support_delete))
        .route("/submissions/{id}/follow", put(submissions::follow_put).delete(submissions::follow_delete))
        .route("/submissions/{id}/withdraw", post(submissions::withdraw))
        .route("/submissions/{id}/events", get(submissions::events))
        .route("/submissions/{id}/transitions", post(submissions::transitions))
        .route("/submissions/{id}/assignment", post(routing::assign))
        .route("/queues/{id}", get(routing::queue))
        .route("/map-settings", get(map::settings_get).put(map::settings_put))
        .route(
            "/district",
            get(map::district_get)
                .put(map::district_put)
                .delete(map::district_delete)
                .layer(axum::extract::DefaultBodyLimit::max(crate::forms::map::OUTLINE_BODY_LIMIT)),
        )
        .route("/response-targets", get(response_times::targets_get).put(response_times::targets_put))
        .route("/working-hours", get(response_times::hours_get).put(response_times::hours_put))
        .route("/holidays", get(response_times::holidays_get).post(response_times::holidays_post))
        .route("/holidays/{date}", delete(response_times::holidays_delete))
        .route("/stats/response-times", get(response_times::stats))
        .route("/visits", get(visits::list).post(visits::create))
        .route("/visits/{id}", get(visits::detail))
        .route("/rubrics", get(evaluation::rubrics).post(evaluation_admin::rubric_create))
        .route("/committees", get(evaluation_admin::committees).post(evaluation_admin::committee_create))
        .route("/committees/{id}", put(evaluation_admin::committee_update))
        .route("/admin/settings", get(evaluation_admin::settings_get).put(evaluation_admin::settings_put))
        .route("/submissions/{id}/rounds", post(evaluation::open_round))
        .route("/rounds/{id}", get(evaluation::round))
        .route("/rounds/{id}/scores/me", put(evaluation::scores_me))
        .route("/rounds/{id}/recusal", post(evaluation::recusal))
        .route("/rounds/{id}/close", post(evaluation::close))
        .route("/submissions/{id}/decision", post(evaluation::decision))
        .route("/submissions/{id}/scorecard", get(evaluation::scorecard))
        .route("/submissions/{id}/milestones", get(implementation::list).post(implementation::create))
        .route("/milestones/{id}", patch(implementation::update))
        .route("/board", get(implementation::board))
        .route(
            "/submissions/{id}/implementation/photos",
            post(implementation::photos).layer(axum::extract::DefaultBodyLimit::max(crate::media::UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/submissions/{id}/photos",
            post(submissions::photos).layer(axum::extract::DefaultBodyLimit::max(crate::media::UPLOAD_BODY_LIMIT)),
        )
        .route("/submissions/{id}/comments", get(comments::comments_list).post(comments::comments_create))
        .route("/submissions/{id}/flag", post(moderation::flag_submission))
        .route("/submissions/{id}/moderation", post(moderation::moderate_submission))
        .route("/submissions/{id}/merge", post(moderation::merge))
        .route("/comments/{id}/moderation", post(moderation::moderate_comment))
        .route("/moderation", get(moderation::queue))
        .route("/moderation/settings", get(moderation::settings).put(moderation::set_settings))
        .route("/users/{id}/block", post(moderation::block))
        .route("/comments/{id}", patch(comments::comment_edit).delete(comments::comment_delete))
        .route("/comments/{id}/flag", post(moderation::flag_comment))
        .route("/track/{reference}", get(submissions::track))
        .route("/submissions/{id}/contact", get(submissions::contact))
        .route("/admin/audit", get(audit::list))
        .route("/me/tokens", get(tokens::list).post(tokens::create))
        .route("/me/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/drafts", get(drafts::list).post(drafts::create))
        .route("/drafts/{id}", get(drafts::get).put(drafts::update).delete(drafts::delete))
        .route("/drafts/{id}/publish", post(drafts::publish))
        .route("/notifications", get(notifications::notifications_list))
        .route("/notifications/read", post(notifications::notifications_read))
        .route("/me/notification-settings", get(notifications::settings_get).put(notifications::settings_put))
        .route("/admin/mail", get(mail::list))
        .route("/admin/mail/{id}/resend", post(mail::resend))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
}
