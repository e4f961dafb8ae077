//! The signed-in person's notifications.
#![cfg(feature = "ssr")]
use super::*;
use crate::notifications::{NotificationKind, NotificationList};
use crate::ui::messages::status_code_name;

/// The signed-in person's notifications (`GET /notifications`), rendered outside the router
/// (`ui::document`).
#[cfg(feature = "ssr")]
pub async fn notifications_page(pool: crate::db::Pool, parts: &http::request::Parts) -> crate::ui::document::Document {
    use crate::ui::document::{page, Access};
    let load = async |ctx: &crate::session::ssr::RequestCtx| {
        let me = ctx.actor.user_id().ok_or_else(|| AppError::internal("a signed-in page without a user"))?;
        // Who is asking came with the unread count: it is not counted twice.
        let unread = ctx.unread;
        crate::db::read_now(&ctx.pool, move |c| crate::notifications::service::list(c, me, 100, Some(unread))).await
    };
    page(pool, parts, Access::SignedIn, &[], load, notifications_view).await
}

/// The notifications of the signed-in person in `state`, newest first.
#[cfg(feature = "ssr")]
fn notifications_view(state: PageState, list: NotificationList) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let unread = list.unread;
    view! {
        <Page title=td_string!(locale, notifications.title).to_string() state=state>
            <h1>{t!(i18n, notifications.title)}</h1>
            {(unread > 0).then(|| view! {
                <form method="post" action="/notifications/read">
                    <button type="submit" class="btn btn--secondary">{t!(i18n, notifications.mark_read)}</button>
                </form>
            })}
            {if list.items.is_empty() {
                view! { <p>{t!(i18n, notifications.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="notifications">
                        {list.items.into_iter().map(|n| {
                            let title = n.submission_title.clone();
                            let text = match n.kind {
                                NotificationKind::Comment => td_string!(locale, notifications.comment, title = &title).to_string(),
                                NotificationKind::OfficialAnswer => td_string!(locale, notifications.official_answer, title = &title).to_string(),
                                NotificationKind::Status => td_string!(locale, notifications.status, title = &title, status = status_code_name(locale, &n.detail)).to_string(),
                                NotificationKind::Evaluation if n.detail.starts_with("round_reminder") => td_string!(locale, notifications.round_reminder, title = &title).to_string(),
                                NotificationKind::Evaluation if n.detail == "queued" => td_string!(locale, notifications.queued, title = &title).to_string(),
                                NotificationKind::Evaluation if n.detail == "scoring_started" => td_string!(locale, notifications.scoring_started, title = &title).to_string(),
                                NotificationKind::Evaluation if n.detail == "scoring_closed" => td_string!(locale, notifications.scoring_closed, title = &title).to_string(),
                                NotificationKind::Evaluation => td_string!(locale, notifications.round_opened, title = &title).to_string(),
                                NotificationKind::Moderation => {
                                    let (what, reason) = n.detail.split_once(':').unwrap_or((n.detail.as_str(), ""));
                                    match what {
                                        "comment_hidden" => td_string!(locale, notifications.comment_hidden, title = &title, reason = reason).to_string(),
                                        "comment_restored" => td_string!(locale, notifications.comment_restored, title = &title).to_string(),
                                        "comment_published" => td_string!(locale, notifications.comment_published, title = &title).to_string(),
                                        "submission_hidden" => td_string!(locale, notifications.submission_hidden, title = &title, reason = reason).to_string(),
                                        "submission_published" => td_string!(locale, notifications.submission_published, title = &title).to_string(),
                                        _ => td_string!(locale, notifications.submission_restored, title = &title).to_string(),
                                    }
                                }
                                NotificationKind::Merged => {
                                    let reference = n.detail.split_once(':').map(|(_, r)| r).unwrap_or_default();
                                    td_string!(locale, notifications.merged, title = &title, reference = reference).to_string()
                                }
                                NotificationKind::Milestone => match n.detail.strip_prefix("done:") {
                                    Some(done) => td_string!(locale, notifications.milestone_done, title = &title, milestone = done).to_string(),
                                    None => td_string!(locale, notifications.milestone, title = &title, milestone = &n.detail).to_string(),
                                },
                            };
                            let href = match (n.kind, n.detail.split_once(':')) {
                                (NotificationKind::Evaluation, Some((_, round))) => format!("/rounds/{round}"),
                                (NotificationKind::Merged, Some((original, _))) => format!("/submissions/{original}"),
                                _ => format!("/submissions/{}", n.submission_id),
                            };
                            view! {
                                <li class=if n.read { "notification" } else { "notification notification--unread" }>
                                    {(!n.read).then(|| view! { <span class="tag tag--blue">{t!(i18n, notifications.unread)}</span>" " })}
                                    <a href=href>{text}</a>
                                    <span class="notification__date">" · "{format_date(locale, &n.created_at)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Page>
    }.into_any()
}
