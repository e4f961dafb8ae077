//! The submission pages: the listing with search and filters, a submission's page (body,
//! support, follow, timeline, comments), the form to send one, staff intake, tracking by code,
//! "my submissions" and notifications. Every action is a real form posting to
//! `server/src/web.rs`; after hydration the same forms keep working.
use super::{
    DraftView, ListFilter, ListPage, ListQuery, ListingData, Sort, SubmissionDetail, SubmissionSummary, TrackView,
    CHANNELS,
};
use crate::comments::CommentView;
use crate::domain::roles::Role;
use crate::domain::submissions::{Kind, Status};
use crate::error::{AppError, FieldErrors};
use crate::i18n::*;
use crate::notifications::NotificationList;
use crate::reference::ReferenceData;
use crate::session::PageState;
use crate::ui::messages::{
    actor_role_name, channel_name, format_count, format_date, kind_hint, kind_name, status_code_name, status_name,
};
use crate::ui::{
    encode_component, ErrorSummary, ForbiddenPage, NotFoundPage, Page, SelectField, SignInFirst, TextAreaField,
    TextField, WithStateAnd,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
fn pool() -> Result<crate::db::Pool, AppError> {
    use_context::<crate::db::Pool>().ok_or_else(|| AppError::internal("no pool in context"))
}

/// A listing page's data for this query string (bad values dropped, not refused).
#[server(prefix = "/_sf", endpoint = "listing")]
pub async fn load_listing(query: ListQuery) -> Result<ListingData, AppError> {
    let pool = pool()?;
    let filter = query.lenient();
    let page = super::listing::list(&pool, filter.clone()).await?;
    let reference = crate::reference::service::cached(&pool).await?;
    Ok(ListingData { filter, page, reference: (*reference).clone() })
}

/// What a submission's page shows; `None` when there is no such (public) submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionPageData {
    pub detail: SubmissionDetail,
    pub comments: Vec<CommentView>,
    pub reference: ReferenceData,
    pub is_staff: bool,
}

#[server(prefix = "/_sf", endpoint = "submission_page")]
pub async fn load_submission_page(id: String) -> Result<Option<SubmissionPageData>, AppError> {
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else { return Ok(None) };
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    let is_staff = actor.has(Role::Staff);
    let found = crate::db::read(&ctx.pool, move |c| {
        let detail = super::service::detail(c, &actor, id)?;
        let comments = crate::comments::service::list(c, &actor, id)?;
        Ok((detail, comments))
    })
    .await;
    let (detail, comments) = match found {
        Ok(v) => v,
        Err(AppError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    Ok(Some(SubmissionPageData { detail, comments, reference: (*reference).clone(), is_staff }))
}

/// The reference lists the submission forms offer, a fresh token that makes a double-clicked
/// submit send one submission, and the draft being continued (`?draft=` of the user's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormData {
    pub reference: ReferenceData,
    pub token: String,
    pub draft: Option<DraftView>,
}

#[server(prefix = "/_sf", endpoint = "submission_form")]
pub async fn load_submission_form(draft: String) -> Result<FormData, AppError> {
    use rand::Rng;
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let token: String =
        rand::thread_rng().sample_iter(rand::distributions::Alphanumeric).take(24).map(char::from).collect();
    let draft = match (draft.parse::<i64>().ok().filter(|n| *n > 0), ctx.actor.user_id()) {
        (Some(id), Some(_)) => {
            let actor = ctx.actor.clone();
            match crate::db::read(&ctx.pool, move |c| super::drafts::get(c, &actor, id)).await {
                Ok(d) => Some(d),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    Ok(FormData { reference: (*reference).clone(), token, draft })
}

/// The form's values as a saved draft holds them.
fn draft_values(d: &DraftView) -> crate::session::FormFlash {
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let coord = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
    let values = [
        ("kind", d.kind.clone()),
        ("title", d.title.clone()),
        ("body", d.body.clone()),
        ("category_id", num(d.category_id)),
        ("neighbourhood_id", num(d.neighbourhood_id)),
        ("lat", coord(d.lat)),
        ("lon", coord(d.lon)),
    ];
    crate::session::FormFlash {
        form: "submission".into(),
        values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        errors: FieldErrors::new(),
    }
}

/// Submissions like the title being typed (for the suggestion list under the title field).
#[server(prefix = "/_sf", endpoint = "similar")]
pub async fn similar_submissions(title: String) -> Result<Vec<SubmissionSummary>, AppError> {
    let title: String = title.chars().take(crate::domain::submissions::TITLE_MAX).collect();
    super::listing::similar(&pool()?, &title, 5).await
}

#[server(prefix = "/_sf", endpoint = "track")]
pub async fn load_track(code: String) -> Result<Option<(TrackView, ReferenceData)>, AppError> {
    let pool = pool()?;
    let found = crate::db::read(&pool, move |c| super::service::track(c, &code)).await;
    match found {
        Ok(t) => Ok(Some((t, (*crate::reference::service::cached(&pool).await?).clone()))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// "My submissions": the user's drafts and a page of what they sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyData {
    pub drafts: Vec<DraftView>,
    pub sent: ListingData,
}

#[server(prefix = "/_sf", endpoint = "my_submissions")]
pub async fn load_my_submissions(page: String) -> Result<Option<MyData>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let Some(me) = ctx.actor.user_id() else { return Ok(None) };
    let mut filter = ListQuery { page: Some(page), ..Default::default() }.lenient();
    filter.author = Some(me);
    let page = super::listing::list(&ctx.pool, filter.clone()).await?;
    let actor = ctx.actor.clone();
    let drafts = crate::db::read(&ctx.pool, move |c| super::drafts::list(c, &actor)).await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    Ok(Some(MyData { drafts, sent: ListingData { filter, page, reference: (*reference).clone() } }))
}

#[server(prefix = "/_sf", endpoint = "notifications")]
pub async fn load_notifications() -> Result<Option<NotificationList>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let Some(me) = ctx.actor.user_id() else { return Ok(None) };
    crate::db::read(&ctx.pool, move |c| crate::notifications::service::list(c, me, 100)).await.map(Some)
}

fn query_from_map(q: &leptos_router::params::ParamsMap) -> ListQuery {
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

fn status_tag_class(status: Status) -> &'static str {
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
fn ResultItem(item: SubmissionSummary, reference: std::sync::Arc<ReferenceData>) -> impl IntoView {
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
fn Pagination(filter: ListFilter, page: ListPage, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let pages = ((page.total + page.per_page - 1) / page.per_page.max(1)).clamp(1, super::PAGE_MAX);
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

#[component]
pub fn ListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.get(), |q| load_listing(query_from_map(&q)));
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(data) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let ListingData { filter, page, reference } = data;
            let any = td_string!(locale, listing.any).to_string();
            let mut kinds = vec![(String::new(), any.clone())];
            kinds.extend(Kind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_name(locale, *k))));
            let mut statuses = vec![(String::new(), any.clone())];
            statuses.extend(Status::ALL.iter().map(|s| (s.as_str().to_owned(), status_name(locale, *s))));
            let mut categories = vec![(String::new(), any.clone())];
            categories.extend(reference.categories.iter().map(|c| (c.id.to_string(), c.name(locale).to_owned())));
            let mut hoods = vec![(String::new(), any.clone())];
            hoods.extend(reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let mut directorates = vec![(String::new(), any.clone())];
            directorates.extend(reference.directorates.iter().map(|d| (d.id.to_string(), d.name(locale).to_owned())));
            let mut sorts = vec![
                ("new".to_owned(), td_string!(locale, listing.sort_new).to_string()),
                ("support".to_owned(), td_string!(locale, listing.sort_support).to_string()),
                ("updated".to_owned(), td_string!(locale, listing.sort_updated).to_string()),
            ];
            if !filter.q.is_empty() {
                sorts.insert(0, ("relevance".to_owned(), td_string!(locale, listing.sort_relevance).to_string()));
            }
            let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
            let count = if filter.q.is_empty() {
                td_string!(locale, listing.count, count = format_count(locale, page.total)).to_string()
            } else {
                td_string!(locale, listing.count_for, count = format_count(locale, page.total), q = &filter.q).to_string()
            };
            let items = page.items.clone();
            let empty = items.is_empty();
            let refs = std::sync::Arc::new(reference.clone());
            let filters_open = filter.kind.is_some() || filter.status.is_some() || filter.category.is_some()
                || filter.neighbourhood.is_some() || filter.directorate.is_some() || filter.sort != Sort::New;
            view! {
                <Page title=td_string!(locale, listing.title).to_string() state=state>
                    <div class="page-head">
                        <h1>{t!(i18n, listing.title)}</h1>
                        <a class="btn" href="/submissions/new">{t!(i18n, listing.new_button)}</a>
                    </div>
                    <p class="lead">{t!(i18n, listing.lead)}</p>
                    <form class="search" method="get" action="/submissions" role="search">
                        <TextField name="q" input_type="search" label=td_string!(locale, listing.search_label).to_string()
                            hint=td_string!(locale, listing.search_hint).to_string() value=filter.q.clone() errors=FieldErrors::new()/>
                        <button type="submit" class="btn">{t!(i18n, listing.search_button)}</button>
                    </form>
                    <div class="listing">
                        <details class="filters" open=filters_open>
                        <summary class="filters__title">{t!(i18n, listing.filters)}</summary>
                        <form method="get" action="/submissions">
                            {(!filter.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=filter.q.clone()/> })}
                            <SelectField name="kind" label=td_string!(locale, listing.kind).to_string() options=kinds
                                selected=filter.kind.map(|k| k.as_str().to_owned()).unwrap_or_default()/>
                            <SelectField name="status" label=td_string!(locale, listing.status).to_string() options=statuses
                                selected=filter.status.map(|s| s.as_str().to_owned()).unwrap_or_default()/>
                            <SelectField name="category" label=td_string!(locale, listing.category).to_string() options=categories
                                selected=opt(filter.category)/>
                            <SelectField name="neighbourhood" label=td_string!(locale, listing.neighbourhood).to_string() options=hoods
                                selected=opt(filter.neighbourhood)/>
                            <SelectField name="directorate" label=td_string!(locale, listing.directorate).to_string() options=directorates
                                selected=opt(filter.directorate)/>
                            <SelectField name="sort" label=td_string!(locale, listing.sort).to_string() options=sorts
                                selected=filter.sort.as_str().to_owned()/>
                            <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                            <p><a href="/submissions">{t!(i18n, listing.clear)}</a></p>
                        </form>
                        </details>
                        <div class="listing__results">
                            <p class="listing__count" role="status">{count}</p>
                            {if empty {
                                view! { <p>{t!(i18n, listing.none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="results">
                                        {items.into_iter().map(|item| view! { <ResultItem item=item reference=refs.clone()/> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            <Pagination filter=filter.clone() page=page.clone() base="/submissions"/>
                        </div>
                    </div>
                </Page>
            }.into_any()
        }/>
    }
}

fn event_text(locale: Locale, kind: &str, from: Option<&str>, to: Option<&str>) -> String {
    match kind {
        "created" => td_string!(locale, detail.ev_created).to_string(),
        "status_changed" => td_string!(
            locale,
            detail.ev_status,
            from = status_code_name(locale, from.unwrap_or_default()),
            to = status_code_name(locale, to.unwrap_or_default())
        )
        .to_string(),
        "queued_for_committee" => td_string!(locale, detail.ev_queued).to_string(),
        _ => td_string!(locale, detail.ev_other).to_string(),
    }
}

/// The public timeline of a submission.
#[component]
fn Timeline(events: Vec<super::EventView>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <h2>{t!(i18n, detail.timeline)}</h2>
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let text = event_text(locale, &e.kind, e.from_status.as_deref(), e.to_status.as_deref());
                let role = e.actor_role.as_deref().map(|r| format!(" ({})", actor_role_name(locale, r)));
                view! {
                    <li class="timeline__item">
                        <p class="timeline__date">{format_date(locale, &e.at)}</p>
                        <p class="timeline__text">{text}{role}</p>
                        {(!e.public_note.is_empty()).then(|| view! { <p class="timeline__note">{e.public_note.clone()}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// A reason box that flags a submission or a comment.
#[component]
fn FlagForm(action: String, id: String, #[prop(into)] summary: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <details class="details">
            <summary>{summary}</summary>
            <form method="post" action=action class="details__body">
                <TextField name="reason" label=td_string!(locale, detail.flag_reason).to_string() errors=FieldErrors::new()/>
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="btn btn--secondary">{t!(i18n, detail.flag_submit)}</button>
            </form>
        </details>
    }
}

/// One comment with its actions and replies.
#[component]
fn Comment(comment: CommentView, submission_id: i64, signed_in: bool, is_reply: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let cid = comment.id;
    let class = match (comment.official, is_reply) {
        (true, _) => "comment comment--official",
        (false, true) => "comment comment--reply",
        _ => "comment",
    };
    let replies = comment.replies.clone();
    view! {
        <li class=class id=format!("comment-{cid}")>
            <p class="comment__meta">
                <strong>{comment.author_name.clone()}</strong>
                {comment.official.then(|| view! { " " <span class="tag tag--green">{t!(i18n, detail.official)}</span> })}
                " · "{format_date(locale, &comment.created_at)}
                {comment.edited.then(|| view! { " · " {t!(i18n, detail.edited)} })}
            </p>
            {if comment.deleted {
                view! { <p class="comment__deleted">{t!(i18n, detail.deleted)}</p> }.into_any()
            } else {
                view! { <div class="comment__body prose" inner_html=comment.body_html.clone()></div> }.into_any()
            }}
            {(signed_in && !comment.deleted).then(|| view! {
                <div class="comment__actions">
                    {(!is_reply).then(|| view! {
                        <details class="details">
                            <summary>{t!(i18n, detail.reply)}</summary>
                            <form method="post" action=format!("/submissions/{submission_id}/comments") class="details__body">
                                <input type="hidden" name="parent_id" value=cid.to_string()/>
                                <TextAreaField name="body" id=format!("reply-{cid}") label=td_string!(locale, detail.reply_label).to_string()
                                    errors=FieldErrors::new() rows=3/>
                                <button type="submit" class="btn">{t!(i18n, detail.reply_submit)}</button>
                            </form>
                        </details>
                    })}
                    {comment.can_edit.then(|| view! {
                        <details class="details">
                            <summary>{t!(i18n, detail.edit)}</summary>
                            <form method="post" action=format!("/comments/{cid}/edit") class="details__body">
                                <TextAreaField name="body" id=format!("edit-{cid}") label=td_string!(locale, detail.comment_label).to_string()
                                    value=comment.body.clone() errors=FieldErrors::new() rows=3/>
                                <button type="submit" class="btn">{t!(i18n, detail.save)}</button>
                            </form>
                        </details>
                    })}
                    {comment.mine.then(|| view! {
                        <form method="post" action=format!("/comments/{cid}/delete") class="inline-form">
                            <button type="submit" class="btn btn--secondary btn--small">{t!(i18n, detail.delete)}</button>
                        </form>
                    })}
                    {(!comment.mine).then(|| view! {
                        <FlagForm action=format!("/comments/{cid}/flag") id=cid.to_string() summary=td_string!(locale, detail.flag).to_string()/>
                    })}
                </div>
            })}
            {(!replies.is_empty()).then(|| view! {
                <ol class="comments comments--replies">
                    {replies.into_iter().map(|r| view! {
                        <Comment comment=r submission_id=submission_id signed_in=signed_in is_reply=true/>
                    }).collect_view()}
                </ol>
            })}
        </li>
    }
    .into_any()
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(move || params.get().get("id").unwrap_or_default(), load_submission_page);
    view! {
        <WithStateAnd form="comment" extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(Some(data)) = data else { return view! { <NotFoundPage/> }.into_any() };
            let SubmissionPageData { detail: d, comments, reference, is_staff } = data;
            let errors = state.errors();
            let signed_in = state.user.is_some();
            let id = d.id;
            let here = format!("/submissions/{id}");
            let sign_in = format!("/sign-in?next={}", encode_component(&here));
            let category = reference.category(d.category_id).map(|c| c.name(locale).to_owned()).unwrap_or_default();
            let hood = reference.neighbourhood(d.neighbourhood_id).map(|n| n.name.clone()).unwrap_or_default();
            let directorate = reference.directorate(d.directorate_id).map(|x| x.name(locale).to_owned()).unwrap_or_default();
            let author = match &d.author_name {
                Some(name) => name.clone(),
                None => td_string!(locale, detail.via_channel, channel = channel_name(locale, &d.channel)).to_string(),
            };
            let participation = d.kind.track() == crate::domain::submissions::Track::Participation;
            let support_count = td_string!(locale, detail.support_count, count = format_count(locale, d.support_count)).to_string();
            let threshold = td_string!(locale, detail.threshold, threshold = format_count(locale, d.support_threshold)).to_string();
            let comments_heading = td_string!(locale, detail.comments_heading, count = format_count(locale, d.comment_count)).to_string();
            let comment_body = if state.value("parent_id").is_empty() { state.value("body") } else { String::new() };
            let no_comments = comments.is_empty();
            let photos: Vec<super::MediaView> = d.media.iter().filter(|m| m.kind == "photo").cloned().collect();
            let videos: Vec<super::MediaView> = d.media.iter().filter(|m| m.kind == "video").cloned().collect();
            view! {
                <Page title=d.title.clone() has_errors=!errors.is_empty() state=state.clone()>
                    <p class="breadcrumbs"><a href="/submissions">{t!(i18n, detail.breadcrumb)}</a>" › "{d.reference.clone()}</p>
                    <p class="result__tags">
                        <span class="tag">{kind_name(locale, d.kind)}</span>" "
                        <span class=status_tag_class(d.status)>{status_name(locale, d.status)}</span>
                    </p>
                    <h1>{d.title.clone()}</h1>
                    <ErrorSummary errors=errors.clone() order=&["body", "reason", "support", "status"]/>
                    <div class="detail">
                        <div class="detail__main">
                            <div class="prose" inner_html=d.body_html.clone()></div>
                            {(!photos.is_empty()).then(|| view! {
                                <h2 class="visually-hidden">{t!(i18n, detail.photos)}</h2>
                                <ul class="photos">
                                    {photos.iter().enumerate().map(|(n, m)| view! {
                                        <li><a href=m.url.clone()><img src=m.thumb_url.clone().unwrap_or_else(|| m.url.clone())
                                            alt=td_string!(locale, detail.photo_alt, n = n + 1).to_string() loading="lazy"
                                            /></a></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            {videos.iter().map(|m| view! {
                                <video class="video" controls="" preload="metadata" src=m.url.clone()>
                                    <a href=m.url.clone()>{t!(i18n, detail.video)}</a>
                                </video>
                            }).collect_view()}
                            <dl class="summary-list">
                                <div><dt>{t!(i18n, detail.reference)}</dt><dd><strong>{d.reference.clone()}</strong></dd></div>
                                <div><dt>{t!(i18n, detail.author)}</dt><dd>{author}</dd></div>
                                <div><dt>{t!(i18n, detail.sent)}</dt><dd>{format_date(locale, &d.created_at)}</dd></div>
                                <div><dt>{t!(i18n, detail.category)}</dt><dd>{category}</dd></div>
                                <div><dt>{t!(i18n, detail.neighbourhood)}</dt><dd>{hood}</dd></div>
                                <div><dt>{t!(i18n, detail.directorate)}</dt><dd>{directorate}</dd></div>
                                {d.lat.zip(d.lon).map(|(lat, lon)| view! {
                                    <div><dt>{t!(i18n, detail.location)}</dt>
                                        <dd>{td_string!(locale, detail.location_value, lat = format!("{lat:.5}"), lon = format!("{lon:.5}")).to_string()}</dd></div>
                                })}
                            </dl>
                            <Timeline events=d.events.clone()/>
                        </div>
                        <aside class="detail__side">
                            {participation.then(|| view! {
                                <section class="panel" aria-labelledby="support-heading">
                                    <h2 id="support-heading" class="panel__title">{t!(i18n, detail.support_heading)}</h2>
                                    <p class="panel__count">{support_count.clone()}</p>
                                    {if d.queued_at.is_some() {
                                        view! { <p>{t!(i18n, detail.queued)}</p> }.into_any()
                                    } else {
                                        view! { <p class="hint">{threshold.clone()}</p> }.into_any()
                                    }}
                                    {if !d.status.accepts_support() {
                                        view! { <p>{t!(i18n, detail.support_closed)}</p> }.into_any()
                                    } else if !signed_in {
                                        view! { <a class="btn" href=sign_in.clone()>{t!(i18n, detail.support_sign_in)}</a> }.into_any()
                                    } else {
                                        let on = !d.supported_by_me;
                                        view! {
                                            <form method="post" action=format!("/submissions/{id}/support")>
                                                <input type="hidden" name="on" value=if on { "1" } else { "0" }/>
                                                {if on {
                                                    view! { <button type="submit" class="btn">{t!(i18n, detail.support)}</button> }.into_any()
                                                } else {
                                                    view! { <button type="submit" class="btn btn--secondary">{t!(i18n, detail.unsupport)}</button> }.into_any()
                                                }}
                                            </form>
                                        }.into_any()
                                    }}
                                </section>
                            })}
                            {signed_in.then(|| {
                                let on = !d.following;
                                view! {
                                    <section class="panel">
                                        <form method="post" action=format!("/submissions/{id}/follow")>
                                            <input type="hidden" name="on" value=if on { "1" } else { "0" }/>
                                            <button type="submit" class="btn btn--secondary">
                                                {if on { td_string!(locale, detail.follow).to_string() } else { td_string!(locale, detail.unfollow).to_string() }}
                                            </button>
                                        </form>
                                        <p class="hint">{t!(i18n, detail.follow_hint)}</p>
                                    </section>
                                }
                            })}
                            {(d.is_author && d.status.is_open()).then(|| view! {
                                <section class="panel">
                                    <form method="post" action=format!("/submissions/{id}/withdraw")>
                                        <button type="submit" class="btn btn--warning">{t!(i18n, detail.withdraw)}</button>
                                    </form>
                                    <p class="hint">{t!(i18n, detail.withdraw_hint)}</p>
                                </section>
                            })}
                            <p><a href=format!("/t/{}", d.reference)>{t!(i18n, detail.track_link)}</a></p>
                            {(signed_in && !d.is_author).then(|| view! {
                                <FlagForm action=format!("/submissions/{id}/flag") id=id.to_string()
                                    summary=td_string!(locale, detail.flag_submission).to_string()/>
                            })}
                        </aside>
                    </div>
                    <section class="comments-section" aria-labelledby="comments-heading">
                        <h2 id="comments-heading">{comments_heading}</h2>
                        {if no_comments {
                            view! { <p>{t!(i18n, detail.no_comments)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="comments">
                                    {comments.into_iter().map(|c| view! {
                                        <Comment comment=c submission_id=id signed_in=signed_in is_reply=false/>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        {if signed_in {
                            view! {
                                <form method="post" action=format!("/submissions/{id}/comments") class="comment-form" novalidate="">
                                    <TextAreaField name="body" label=td_string!(locale, detail.comment_label).to_string()
                                        hint=td_string!(locale, detail.comment_hint).to_string() value=comment_body errors=errors.clone() rows=4/>
                                    {is_staff.then(|| view! {
                                        <div class="checkbox">
                                            <input type="checkbox" id="official" name="official" value="1"/>
                                            <label for="official">{t!(i18n, detail.official_label)}</label>
                                        </div>
                                    })}
                                    <button type="submit" class="btn">{t!(i18n, detail.comment_submit)}</button>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p><a href=sign_in.clone()>{t!(i18n, detail.comment_sign_in)}</a></p> }.into_any()
                        }}
                    </section>
                </Page>
            }.into_any()
        }/>
    }
}

/// The fields a submission form shares with staff intake.
#[component]
fn SubmissionFields(state: PageState, reference: ReferenceData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let errors = state.errors();
    let kind_value = state.value("kind");
    let kind_error = errors.get("kind").map(|c| crate::ui::messages::field_message(locale, "kind", c));
    let choose = td_string!(locale, new_submission.choose).to_string();
    let mut categories = vec![(String::new(), choose.clone())];
    categories.extend(reference.categories.iter().map(|c| (c.id.to_string(), c.name(locale).to_owned())));
    let mut hoods = vec![(String::new(), choose)];
    hoods.extend(reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
    let location_error = errors.get("location").map(|c| crate::ui::messages::field_message(locale, "location", c));
    let photos_error = errors.get("photos").map(|c| crate::ui::messages::field_message(locale, "photos", c));
    let video_error = errors.get("video").map(|c| crate::ui::messages::field_message(locale, "video", c));
    let kind_class = if kind_error.is_some() { "field field--error" } else { "field" };
    let kind_described = kind_error.as_ref().map(|_| "kind-error");
    let location_class = if location_error.is_some() { "field field--error" } else { "field" };
    view! {
        <div class=kind_class id="kind">
            <fieldset class="radios" aria-describedby=kind_described>
                <legend class="field__label">{t!(i18n, new_submission.kind)}</legend>
                {kind_error.map(|e| view! { <p class="error" id="kind-error">{e}</p> })}
                {Kind::ALL.iter().map(|k| {
                    let value = k.as_str();
                    let id = format!("kind-{value}");
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="radio">
                            <input type="radio" id=id.clone() name="kind" value=value checked=kind_value == value aria-describedby=hint_id.clone()/>
                            <label for=id>{kind_name(locale, *k)}</label>
                            <p class="hint radio__hint" id=hint_id>{kind_hint(locale, *k)}</p>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </div>
        <TitleWithSuggestions value=state.value("title") errors=errors.clone()/>
        <TextAreaField name="body" label=td_string!(locale, new_submission.body_label).to_string()
            hint=td_string!(locale, new_submission.body_hint).to_string() value=state.value("body") errors=errors.clone() rows=8/>
        <SelectField name="category_id" label=td_string!(locale, new_submission.category_label).to_string()
            hint=td_string!(locale, new_submission.category_hint).to_string() options=categories selected=state.value("category_id") errors=errors.clone()/>
        <SelectField name="neighbourhood_id" label=td_string!(locale, new_submission.neighbourhood_label).to_string()
            options=hoods selected=state.value("neighbourhood_id") errors=errors.clone()/>
        <div class=location_class id="location">
            <fieldset class="location">
                <legend class="field__label">{t!(i18n, new_submission.location_legend)}</legend>
                <p class="hint">{t!(i18n, new_submission.location_hint)}</p>
                {location_error.map(|e| view! { <p class="error">{e}</p> })}
                <div class="location__inputs">
                    <TextField name="lat" label=td_string!(locale, new_submission.lat_label).to_string() value=state.value("lat") errors=FieldErrors::new()/>
                    <TextField name="lon" label=td_string!(locale, new_submission.lon_label).to_string() value=state.value("lon") errors=FieldErrors::new()/>
                </div>
            </fieldset>
        </div>
        <FileField name="photo" id="photos" error=photos_error multiple=true accept="image/jpeg,image/png,image/webp,image/gif"
            label=td_string!(locale, new_submission.photos_label).to_string() hint=td_string!(locale, new_submission.photos_hint).to_string()/>
        <FileField name="video" id="video" error=video_error multiple=false accept="video/mp4,video/webm"
            label=td_string!(locale, new_submission.video_label).to_string() hint=td_string!(locale, new_submission.video_hint).to_string()/>
    }
}

/// The title field; once the page is interactive, up to five existing submissions sharing words
/// with the typed title are listed under it, so people can support one instead of sending a
/// duplicate. Without JavaScript the field works as any other.
#[component]
fn TitleWithSuggestions(value: String, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let suggestions = RwSignal::new(Vec::<SubmissionSummary>::new());
    let generation = StoredValue::new(0_u64);
    let on_input = move |ev: leptos::ev::Event| {
        let title = event_target_value(&ev);
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        if title.trim().chars().count() < 5 {
            suggestions.set(Vec::new());
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return; // typed on: wait for the pause
                }
                leptos::task::spawn_local(async move {
                    if let Ok(found) = similar_submissions(title).await {
                        if generation.get_value() == mine {
                            suggestions.set(found);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(400),
        );
    };
    let error = errors.get("title").map(|c| crate::ui::messages::field_message(locale, "title", c));
    let described = if error.is_some() { "title-hint title-error similar" } else { "title-hint similar" };
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label class="field__label" for="title">{t!(i18n, new_submission.title_label)}</label>
            <p class="hint" id="title-hint">{t!(i18n, new_submission.title_hint)}</p>
            {error.clone().map(|e| view! {
                <p class="error" id="title-error">
                    <span class="visually-hidden">{td_string!(locale, errors.hidden_prefix)}" "</span>{e}
                </p>
            })}
            <input class="input" id="title" name="title" type="text" value=value autocomplete="off"
                aria-invalid=error.is_some().then_some("true") aria-describedby=described on:input=on_input/>
            <div id="similar" class="similar" aria-live="polite">
                {move || {
                    let list = suggestions.get();
                    (!list.is_empty()).then(|| view! {
                        <p class="similar__title">{t!(i18n, new_submission.similar_heading)}</p>
                        <p class="hint">{t!(i18n, new_submission.similar_hint)}</p>
                        <ul class="similar__list">
                            {list.into_iter().map(|s| view! {
                                <li><a href=format!("/submissions/{}", s.id) target="_blank">{s.title}</a>
                                    " "<span class="similar__meta">{s.reference}</span></li>
                            }).collect_view()}
                        </ul>
                    })
                }}
            </div>
        </div>
    }
}

/// A file input with its label, hint and error.
#[component]
fn FileField(
    name: &'static str,
    id: &'static str,
    label: String,
    hint: String,
    error: Option<String>,
    multiple: bool,
    accept: &'static str,
) -> impl IntoView {
    let described = if error.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label class="field__label" for=id>{label}</label>
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
            {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
            <input class="file" type="file" id=id name=name multiple=multiple accept=accept aria-describedby=described
                aria-invalid=error.is_some().then_some("true")/>
        </div>
    }
}

const SUBMISSION_ORDER: &[&str] =
    &["kind", "title", "body", "category_id", "neighbourhood_id", "location", "photos", "video"];

#[component]
pub fn NewSubmissionPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("draft").unwrap_or_default(), load_submission_form);
    view! {
        <WithStateAnd form="submission" extra=data render=move |mut state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/submissions/new"/> }.into_any();
            }
            let Some(data) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            // A failed post's values win over the saved draft's: they are what was typed last.
            if state.form.is_none() {
                state.form = data.draft.as_ref().map(draft_values);
            }
            let errors = state.errors();
            // Rendered and sanitised by the server's Markdown renderer when the preview was asked for.
            let preview_html = state.value("preview_html");
            let draft_id = data.draft.as_ref().map(|d| d.id.to_string()).unwrap_or_default();
            let draft_note = data.draft.as_ref().map(|d| {
                td_string!(locale, new_submission.editing_draft, date = format_date(locale, &d.updated_at)).to_string()
            });
            view! {
                <Page title=td_string!(locale, new_submission.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=SUBMISSION_ORDER/>
                    <h1>{t!(i18n, new_submission.title)}</h1>
                    <p class="lead">{t!(i18n, new_submission.intro)}</p>
                    {draft_note.map(|note| view! { <p class="inset">{note}</p> })}
                    {(!preview_html.is_empty()).then(|| view! {
                        <section class="preview" id="preview" aria-labelledby="preview-heading" tabindex="-1">
                            <h2 id="preview-heading" class="preview__label">{t!(i18n, new_submission.preview_heading)}</h2>
                            <p class="hint">{t!(i18n, new_submission.preview_hint)}</p>
                            <h3 class="preview__title">{state.value("title")}</h3>
                            <div class="prose" inner_html=preview_html.clone()></div>
                        </section>
                    })}
                    <form method="post" action="/submissions" novalidate="" class="form" enctype="multipart/form-data">
                        <input type="hidden" name="client_token" value=data.token.clone()/>
                        <input type="hidden" name="draft_id" value=draft_id/>
                        <SubmissionFields state=state.clone() reference=data.reference.clone()/>
                        <p class="hint">{t!(i18n, new_submission.privacy)}</p>
                        <p class="hint">{t!(i18n, new_submission.draft_hint)}</p>
                        <div class="buttons">
                            <button type="submit" class="btn">{t!(i18n, new_submission.submit)}</button>
                            <button type="submit" name="action" value="preview" class="btn btn--secondary">{t!(i18n, new_submission.preview)}</button>
                            <button type="submit" name="action" value="draft" class="btn btn--secondary">{t!(i18n, new_submission.save_draft)}</button>
                        </div>
                    </form>
                </Page>
            }.into_any()
        }/>
    }
}

#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_submission_form(String::new()));
    view! {
        <WithStateAnd form="intake" extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(user) = state.user.clone() else {
                return view! { <SignInFirst next="/staff/intake"/> }.into_any();
            };
            if !user.roles.contains(&Role::Staff) {
                return view! { <ForbiddenPage state=state/> }.into_any();
            }
            let Some(data) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let errors = state.errors();
            let mut channels = vec![(String::new(), td_string!(locale, new_submission.choose).to_string())];
            channels.extend(CHANNELS.iter().filter(|c| **c != "web").map(|c| ((*c).to_owned(), channel_name(locale, c))));
            let consent = state.value("consent") == "1";
            view! {
                <Page title=td_string!(locale, intake.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["channel", "citizen_name", "citizen_contact", "kind", "title", "body", "category_id", "neighbourhood_id", "location"]/>
                    <h1>{t!(i18n, intake.title)}</h1>
                    <p class="lead">{t!(i18n, intake.intro)}</p>
                    <form method="post" action="/staff/intake" novalidate="" class="form" enctype="multipart/form-data">
                        <SelectField name="channel" label=td_string!(locale, intake.channel_label).to_string() options=channels
                            selected=state.value("channel") errors=errors.clone()/>
                        <fieldset class="group">
                            <legend class="group__title">{t!(i18n, intake.citizen_heading)}</legend>
                            <TextField name="citizen_name" label=td_string!(locale, intake.citizen_name_label).to_string()
                                value=state.value("citizen_name") errors=errors.clone()/>
                            <TextField name="citizen_contact" label=td_string!(locale, intake.citizen_contact_label).to_string()
                                hint=td_string!(locale, intake.citizen_contact_hint).to_string() value=state.value("citizen_contact") errors=errors.clone()/>
                            <div class="checkbox">
                                <input type="checkbox" id="consent" name="consent" value="1" checked=consent/>
                                <label for="consent">{t!(i18n, intake.consent_label)}</label>
                            </div>
                        </fieldset>
                        <SubmissionFields state=state.clone() reference=data.reference.clone()/>
                        <button type="submit" class="btn">{t!(i18n, intake.submit)}</button>
                    </form>
                </Page>
            }.into_any()
        }/>
    }
}

/// `/t` (the form) and `/t/INE-…` (the status of that code).
#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.get().get("code").unwrap_or_default(),
        |code| async move {
            if code.is_empty() {
                Ok(None)
            } else {
                load_track(code).await
            }
        },
    );
    let query = use_query_map();
    view! {
        <WithStateAnd form="track" extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            // The form sends `/t?code=…`: a code that reads well goes to its own address.
            let typed_query = query.with_untracked(|q| q.get("code")).unwrap_or_default();
            if let Some(code) = crate::domain::submissions::RefCode::parse(&typed_query) {
                #[cfg(feature = "ssr")]
                if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                    res.set_status(http::StatusCode::FOUND);
                }
                return view! { <leptos_router::components::Redirect path=format!("/t/{code}")/> }.into_any();
            }
            let code = params.with_untracked(|p| p.get("code")).unwrap_or_default();
            let mut errors = state.errors();
            if !typed_query.trim().is_empty() {
                errors = FieldErrors::single("code", "invalid");
            }
            let found = data.flatten();
            if !code.is_empty() && found.is_none() && errors.is_empty() {
                #[cfg(feature = "ssr")]
                if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                    res.set_status(http::StatusCode::NOT_FOUND);
                }
                errors = FieldErrors::single("code", "not_found");
            }
            let typed = if typed_query.is_empty() { code.clone() } else { typed_query.clone() };
            view! {
                <Page title=td_string!(locale, track.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["code"]/>
                    <h1>{t!(i18n, track.title)}</h1>
                    {match found {
                        Some((t, reference)) => {
                            let directorate = reference.directorate(t.directorate_id).map(|d| d.name(locale).to_owned()).unwrap_or_default();
                            view! {
                                <p class="lead">{t.title.clone()}</p>
                                <dl class="summary-list">
                                    <div><dt>{t!(i18n, detail.reference)}</dt><dd><strong>{t.reference.clone()}</strong></dd></div>
                                    <div><dt>{t!(i18n, track.status)}</dt><dd><span class=status_tag_class(t.status)>{status_name(locale, t.status)}</span></dd></div>
                                    <div><dt>{t!(i18n, detail.directorate)}</dt><dd>{directorate}</dd></div>
                                    <div><dt>{t!(i18n, detail.sent)}</dt><dd>{format_date(locale, &t.created_at)}</dd></div>
                                </dl>
                                <Timeline events=t.events.clone()/>
                                <p><a href=format!("/submissions/{}", t.id)>{t!(i18n, track.full_page)}</a></p>
                            }.into_any()
                        }
                        None => view! {
                            <p class="lead">{t!(i18n, track.intro)}</p>
                            <form method="get" action="/t" novalidate="">
                                <TextField name="code" label=td_string!(locale, track.code_label).to_string()
                                    hint=td_string!(locale, track.code_hint).to_string() value=typed errors=errors.clone()/>
                                <button type="submit" class="btn">{t!(i18n, track.submit)}</button>
                            </form>
                        }.into_any(),
                    }}
                </Page>
            }.into_any()
        }/>
    }
}

/// One saved draft in "My submissions": continue it, or delete it.
#[component]
fn DraftItem(draft: DraftView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let untitled = td_string!(locale, mine.untitled).to_string();
    let title = if draft.title.is_empty() { untitled } else { draft.title.clone() };
    let saved = td_string!(locale, mine.saved_on, date = format_date(locale, &draft.updated_at)).to_string();
    let continue_label = td_string!(locale, mine.continue_label, title = title.clone()).to_string();
    let delete_label = td_string!(locale, mine.delete_label, title = title.clone()).to_string();
    view! {
        <li class="result draft">
            <h3 class="result__title"><a href=format!("/submissions/new?draft={}", draft.id)>{title}</a></h3>
            <p class="result__meta">{saved}</p>
            <div class="buttons">
                <a class="btn btn--secondary" href=format!("/submissions/new?draft={}", draft.id) aria-label=continue_label>{t!(i18n, mine.continue_draft)}</a>
                <form method="post" action=format!("/submissions/drafts/{}/delete", draft.id) class="inline-form">
                    <button type="submit" class="btn btn--warning" aria-label=delete_label>{t!(i18n, mine.delete_draft)}</button>
                </form>
            </div>
        </li>
    }
}

#[component]
pub fn MySubmissionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("page").unwrap_or_default(), load_my_submissions);
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/my/submissions"/> }.into_any();
            }
            let Some(Some(MyData { drafts, sent: ListingData { filter, page, reference } })) = data else {
                return view! { <crate::ui::ServerErrorPage/> }.into_any();
            };
            let empty = page.items.is_empty();
            let items = page.items.clone();
            let refs = std::sync::Arc::new(reference);
            view! {
                <Page title=td_string!(locale, mine.title).to_string() state=state>
                    <div class="page-head">
                        <h1>{t!(i18n, mine.title)}</h1>
                        <a class="btn" href="/submissions/new">{t!(i18n, listing.new_button)}</a>
                    </div>
                    {(!drafts.is_empty()).then(|| view! {
                        <section aria-labelledby="drafts-heading">
                            <h2 id="drafts-heading">{t!(i18n, mine.drafts_heading)}</h2>
                            <p class="hint">{t!(i18n, mine.drafts_intro)}</p>
                            <ol class="results">
                                {drafts.into_iter().map(|d| view! { <DraftItem draft=d/> }).collect_view()}
                            </ol>
                        </section>
                        <h2>{t!(i18n, mine.sent_heading)}</h2>
                    })}
                    {if empty {
                        view! { <p>{t!(i18n, mine.none)}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="results">
                                {items.into_iter().map(|item| view! { <ResultItem item=item reference=refs.clone()/> }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <Pagination filter=ListFilter { sort: Sort::New, ..filter } page=page base="/my/submissions"/>
                </Page>
            }.into_any()
        }/>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_notifications());
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/notifications"/> }.into_any();
            }
            let Some(Some(list)) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
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
                                    let text = match n.kind.as_str() {
                                        "comment" => td_string!(locale, notifications.comment, title = &title).to_string(),
                                        "official_answer" => td_string!(locale, notifications.official_answer, title = &title).to_string(),
                                        _ => td_string!(locale, notifications.status, title = &title, status = status_code_name(locale, &n.detail)).to_string(),
                                    };
                                    view! {
                                        <li class=if n.read { "notification" } else { "notification notification--unread" }>
                                            {(!n.read).then(|| view! { <span class="tag tag--blue">{t!(i18n, notifications.unread)}</span>" " })}
                                            <a href=format!("/submissions/{}", n.submission_id)>{text}</a>
                                            <span class="notification__date">" · "{format_date(locale, &n.created_at)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </Page>
            }.into_any()
        }/>
    }
}
