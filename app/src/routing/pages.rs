//! The staff's queue page (`/staff/queue`): a directorate's open service requests, oldest
//! first, with the filters of `GET /api/v1/queues/{directorate_id}`. Filters are a GET form.
use super::{Queue, QueueQuery};
use crate::domain::submissions::{Channel, Kind, Status, Track};
use crate::error::AppError;
use crate::i18n::*;
use crate::reference::ReferenceData;
use crate::ui::messages::{channel_name, format_count, format_date, kind_name, status_name};
use crate::ui::{ForbiddenPage, Page, SelectField, SignInFirst, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The queue page's data: the queue shown, and the reference lists for names and filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePageData {
    pub queue: Queue,
    pub reference: std::sync::Arc<ReferenceData>,
}

/// `None` for someone who is not staff. Without a directorate, the asker's own (else the first).
#[server(prefix = "/_sf", endpoint = "staff_queue")]
pub async fn load_queue(directorate: Option<String>, q: QueueQuery) -> Result<Option<QueuePageData>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    if !ctx.actor.has(crate::domain::roles::Role::Staff) {
        return Ok(None);
    }
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let chosen = directorate.and_then(|d| d.trim().parse::<i64>().ok());
    let mine = ctx.user.as_ref().and_then(|u| u.directorate_id);
    let Some(directorate) = chosen.or(mine).or_else(|| reference.directorates.first().map(|d| d.id)) else {
        return Err(AppError::NotFound);
    };
    let actor = ctx.actor.clone();
    let queue = crate::db::read(&ctx.pool, move |c| super::service::queue(c, &actor, directorate, &q)).await?;
    Ok(Some(QueuePageData { queue, reference }))
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || query.get(),
        |q| {
            let filters = QueueQuery {
                status: q.get("status"),
                kind: q.get("kind"),
                neighbourhood: q.get("neighbourhood"),
                channel: q.get("channel"),
                assigned_to: q.get("assigned_to"),
                older_than_days: q.get("older_than_days"),
                overdue: q.get("overdue"),
                due_today: q.get("due_today"),
                page: q.get("page"),
            };
            load_queue(q.get("directorate"), filters)
        },
    );
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/staff/queue"/> }.into_any();
            }
            let Some(Some(QueuePageData { queue, reference })) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let q = query.get_untracked();
            let any = td_string!(locale, listing.any).to_string();
            let directorates: Vec<(String, String)> =
                reference.directorates.iter().map(|d| (d.id.to_string(), d.name(locale).to_owned())).collect();
            let mut statuses = vec![(String::new(), td_string!(locale, queue.open_any).to_string())];
            statuses.extend(Status::ALL.iter().filter(|s| s.is_open() && s.track() == Some(Track::ServiceRequest))
                .map(|s| (s.as_str().to_owned(), status_name(locale, *s))));
            let mut kinds = vec![(String::new(), any.clone())];
            kinds.extend(Kind::ALL.iter().filter(|k| k.track() == Track::ServiceRequest).map(|k| (k.as_str().to_owned(), kind_name(locale, *k))));
            let mut hoods = vec![(String::new(), any.clone())];
            hoods.extend(reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let mut channels = vec![(String::new(), any)];
            channels.extend(Channel::ALL.iter().map(|c| (c.as_str().to_owned(), channel_name(locale, *c))));
            let mine = q.get("assigned_to").as_deref() == Some("me");
            let late = q.get("overdue").as_deref() == Some("true");
            let today = q.get("due_today").as_deref() == Some("true");
            // Open while filters are in use; on a phone the list comes first otherwise.
            let filtered = ["status", "kind", "neighbourhood", "channel", "assigned_to", "overdue", "due_today"].iter().any(|k| q.get(k).is_some_and(|v| !v.is_empty()));
            let base = format!("/staff/queue?directorate={}", queue.directorate_id);
            let overdue_link = format!("{base}&overdue=true");
            let today_link = format!("{base}&due_today=true");
            let overdue_text = td_string!(locale, queue.overdue_count, count = format_count(locale, queue.overdue)).to_string();
            let today_text = td_string!(locale, queue.due_today_count, count = format_count(locale, queue.due_today)).to_string();
            let count = td_string!(locale, queue.count, count = format_count(locale, queue.total)).to_string();
            let name = reference.directorate(queue.directorate_id).map(|d| d.name(locale).to_owned()).unwrap_or_default();
            view! {
                <Page title=td_string!(locale, queue.title).to_string() state=state>
                    <h1>{t!(i18n, queue.title)}</h1>
                    <p class="lead">{name}</p>
                    <ul class="queue-due">
                        <li><a href=overdue_link class="tag tag--late">{overdue_text}</a></li>
                        <li><a href=today_link class="tag">{today_text}</a></li>
                    </ul>
                    <details class="filters" open=filtered>
                        <summary class="filters__title">{t!(i18n, listing.filters)}</summary>
                        <form method="get" action="/staff/queue">
                            <SelectField name="directorate" label=td_string!(locale, routing.directorate).to_string() options=directorates
                                selected=queue.directorate_id.to_string()/>
                            <SelectField name="status" label=td_string!(locale, listing.status).to_string() options=statuses
                                selected=q.get("status").unwrap_or_default()/>
                            <SelectField name="kind" label=td_string!(locale, listing.kind).to_string() options=kinds
                                selected=q.get("kind").unwrap_or_default()/>
                            <SelectField name="neighbourhood" label=td_string!(locale, listing.neighbourhood).to_string() options=hoods
                                selected=q.get("neighbourhood").unwrap_or_default()/>
                            <SelectField name="channel" label=td_string!(locale, queue.channel).to_string() options=channels
                                selected=q.get("channel").unwrap_or_default()/>
                            <div class="checkbox">
                                <input type="checkbox" id="assigned_to" name="assigned_to" value="me" checked=mine/>
                                <label for="assigned_to">{t!(i18n, queue.assigned_to_me)}</label>
                            </div>
                            <div class="checkbox">
                                <input type="checkbox" id="overdue" name="overdue" value="true" checked=late/>
                                <label for="overdue">{t!(i18n, queue.only_overdue)}</label>
                            </div>
                            <div class="checkbox">
                                <input type="checkbox" id="due_today" name="due_today" value="true" checked=today/>
                                <label for="due_today">{t!(i18n, queue.only_due_today)}</label>
                            </div>
                            <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                        </form>
                    </details>
                    <p role="status">{count}</p>
                    <ol class="results">
                        {queue.items.into_iter().map(|e| {
                            let kind = Kind::parse(&e.kind).map(|k| kind_name(locale, k)).unwrap_or_default();
                            let status = Status::parse(&e.status).map(|s| status_name(locale, s)).unwrap_or_default();
                            let hood = reference.neighbourhoods.iter().find(|n| n.id == e.neighbourhood_id).map(|n| n.name.clone()).unwrap_or_default();
                            let who = e.assignee_name.clone().unwrap_or_else(|| td_string!(locale, queue.unassigned).to_string());
                            let due = crate::response_times::pages::due_line(locale, &e.due);
                            view! {
                                <li class="result">
                                    <h2 class="result__title"><a href=format!("/submissions/{}", e.id)>{e.title.clone()}</a></h2>
                                    <p class="result__meta">{format!("{} · {kind} · {status} · {hood}", e.reference)}</p>
                                    <p class="result__meta">{td_string!(locale, queue.received, date = format_date(locale, &e.created_at), who = who).to_string()}</p>
                                    <p class="result__meta">
                                        {e.due.overdue.then(|| view! { <strong class="tag tag--late">{t!(i18n, queue.late)}</strong>" " })}
                                        {due}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </Page>
            }.into_any()
        }/>
    }
}
