//! The submission pages: the listing with search and filters, a submission's page (body,
//! support, follow, timeline, comments), the form to send one, staff intake, tracking by code,
//! "my submissions" and notifications. Every action is a real form posting to
//! `server/src/forms/`; after hydration the same forms keep working.
mod detail;
mod flag;
pub(crate) mod form;
mod listing;
mod mine;
mod notifications;
mod track;

pub use detail::*;
pub use flag::*;
pub use form::*;
pub use listing::*;
#[cfg(feature = "ssr")]
pub use mine::*;
#[cfg(feature = "ssr")]
pub use notifications::*;
pub use track::*;

use super::{
    DraftView, ListFilter, ListPage, ListQuery, ListingData, Sort, SubmissionDetail, SubmissionSummary, TrackView,
};
use crate::comments::CommentView;
use crate::domain::roles::Role;
use crate::domain::submissions::{Channel, EventKind, FlagTarget, Kind, MediaKind, Status};
use crate::error::{AppError, FieldErrors};
use crate::i18n::*;
use crate::reference::ReferenceData;
use crate::session::{FormName, PageState};
use crate::ui::messages::{
    actor_role_name, channel_name, format_count, format_date, format_lira, kind_hint, kind_name, status_name,
};
use crate::ui::{
    encode_component, ErrorSummary, ForbiddenPage, NotFound, Page, SelectField, SignInFirst, TextAreaField, TextField,
    WithStateAnd,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub(super) fn pool() -> Result<crate::db::Pool, AppError> {
    use_context::<crate::db::Pool>().ok_or_else(|| AppError::internal("no pool in context"))
}

pub(super) fn query_from_map(q: &leptos_router::params::ParamsMap) -> ListQuery {
    ListQuery {
        kind: q.get("kind"),
        status: q.get("status"),
        category: q.get("category"),
        neighbourhood: q.get("neighbourhood"),
        directorate: q.get("directorate"),
        q: q.get("q"),
        sort: q.get("sort"),
        page: q.get("page"),
        per_page: q.get("per_page"),
    }
}

pub(super) fn status_tag_class(status: Status) -> &'static str {
    match status {
        Status::Completed | Status::Resolved | Status::Approved | Status::Feasible => "tag tag--green",
        Status::Rejected | Status::NotFeasible | Status::Withdrawn | Status::Closed | Status::NotOurJurisdiction => {
            "tag tag--grey"
        }
        Status::Merged => "tag tag--grey",
        _ => "tag tag--blue",
    }
}

/// One result of a listing.
#[component]
pub(super) fn ResultItem(item: SubmissionSummary, reference: std::sync::Arc<ReferenceData>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let hood = reference.neighbourhood(item.neighbourhood_id).map(|n| n.name.clone()).unwrap_or_default();
    let category = reference.category(item.category_id).map(|c| c.name(locale).to_owned()).unwrap_or_default();
    let supports = td_string!(locale, listing.supports, count = format_count(locale, item.support_count)).to_string();
    let comments = td_string!(locale, listing.comments, count = format_count(locale, item.comment_count)).to_string();
    let participation = item.kind.track() == crate::domain::submissions::Track::Participation;
    view! {
        <li class="result">
            <p class="result__tags">
                <span class="tag">{kind_name(locale, item.kind)}</span>" "
                <span class=status_tag_class(item.status)>{status_name(locale, item.status)}</span>
                {item.moderation.map(|m| view! { " "<span class="tag tag--late">{crate::moderation::pages::state_name(locale, Some(m))}</span> })}
            </p>
            <h2 class="result__title"><a href=format!("/submissions/{}", item.id)>{item.title.clone()}</a></h2>
            <p class="result__summary">{item.summary.clone()}</p>
            <p class="result__meta">
                <span>{item.reference.clone()}</span>" · "<span>{hood}</span>" · "<span>{category}</span>" · "
                <span>{format_date(locale, &item.created_at)}</span>
            </p>
            <p class="result__counts">
                {participation.then(|| view! { <span>{supports}</span>" · " })}
                <span>{comments}</span>
            </p>
        </li>
    }
}

/// Previous / next links and "page x of y".
#[component]
pub(super) fn Pagination(filter: ListFilter, page: ListPage, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let pages = ((page.total + page.per_page - 1) / page.per_page.max(1)).clamp(1, crate::submissions::PAGE_MAX);
    let link = move |p: i64| {
        let qs = filter.query_string(p);
        if qs.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{qs}")
        }
    };
    let current = page.page;
    (pages > 1 || current > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=td_string!(locale, listing.pagination)>
                {(current > 1).then(|| view! {
                    <a class="pagination__prev" rel="prev" href=link(current - 1)>{t!(i18n, listing.previous)}</a>
                })}
                <span class="pagination__where">
                    {td_string!(locale, listing.page_of, page = format_count(locale, current), pages = format_count(locale, pages)).to_string()}
                </span>
                {(current < pages).then(|| view! {
                    <a class="pagination__next" rel="next" href=link(current + 1)>{t!(i18n, listing.next)}</a>
                })}
            </nav>
        }
    })
}
