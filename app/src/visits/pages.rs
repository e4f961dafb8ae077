//! The field-visit pages: `/visits` (planned and past visits by neighbourhood, and for staff the
//! form that plans one, posted to `server/src/forms/visits.rs`) and `/visits/{id}` (a visit with
//! the requests recorded during it and their statuses).
use super::{VisitDetail, VisitList, VisitView};
use crate::domain::roles::Role;
use crate::domain::submissions::{Channel, Kind, Status};
use crate::error::AppError;
use crate::i18n::*;
use crate::reference::ReferenceData;
use crate::session::FormName;
use crate::ui::messages::{channel_name, format_date, kind_name, status_name};
use crate::ui::{ErrorSummary, NotFoundPage, Page, SelectField, TextAreaField, TextField, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// "12 Aralık 2026" for a visit's date (`2026-12-12`).
pub fn visit_date(locale: Locale, date: &str) -> String {
    format_date(locale, &format!("{date}T09:00:00Z"))
}

fn kind_words(locale: Locale, kind: &str) -> String {
    Channel::parse(kind).map(|c| channel_name(locale, c)).unwrap_or_else(|| kind.to_owned())
}

/// "12 Aralık 2026 · Kemalpaşa · VİM mobil birimi: Cumhuriyet Meydanı", a visit in one line.
pub fn visit_line(locale: Locale, v: &VisitView, reference: &ReferenceData) -> String {
    let hood =
        reference.neighbourhoods.iter().find(|n| n.id == v.neighbourhood_id).map(|n| n.name.as_str()).unwrap_or("");
    format!("{} · {hood} · {}: {}", visit_date(locale, &v.date), kind_words(locale, &v.kind), v.place)
}

/// The visits page's data: the planned and the past visits of the filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitsPageData {
    pub planned: VisitList,
    pub past: VisitList,
    pub reference: Arc<ReferenceData>,
}

#[server(prefix = "/_sf", endpoint = "visits")]
pub async fn load_visits(neighbourhood: Option<String>) -> Result<VisitsPageData, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let (planned, past) = crate::db::read(&ctx.pool, move |c| {
        let q = |when: &str| super::VisitQuery { neighbourhood: neighbourhood.clone(), when: Some(when.to_owned()) };
        Ok((super::service::list(c, &q("planned"))?, super::service::list(c, &q("past"))?))
    })
    .await?;
    Ok(VisitsPageData { planned, past, reference })
}

/// The visits staff may choose at intake (none for anyone else).
#[server(prefix = "/_sf", endpoint = "intake_visits")]
pub async fn load_intake_visits() -> Result<Vec<VisitView>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    if !ctx.actor.has(Role::Staff) {
        return Ok(Vec::new());
    }
    crate::db::read(&ctx.pool, super::service::recent).await
}

#[component]
fn VisitItems(items: Vec<VisitView>, reference: Arc<ReferenceData>, empty: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if items.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <ul class="results">
            {items.into_iter().map(|v| {
                let line = visit_line(locale, &v, &reference);
                // A planned visit has taken nothing yet: no count to show.
                let count = (!v.planned || v.submission_count > 0)
                    .then(|| td_string!(locale, visits.count, count = v.submission_count).to_string());
                view! {
                    <li class="result">
                        <h3 class="result__title"><a href=format!("/visits/{}", v.id)>{line}</a></h3>
                        {count.map(|c| view! { <p class="result__meta">{c}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn VisitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("neighbourhood"), load_visits);
    view! {
        <WithStateAnd forms=&[FormName::Visit] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(d) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let errors = state.errors();
            let mut hoods = vec![(String::new(), td_string!(locale, listing.any).to_string())];
            hoods.extend(d.reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let chosen = query.get_untracked().get("neighbourhood").unwrap_or_default();
            let staff = state.has(Role::Staff);
            let mut kinds = vec![(String::new(), td_string!(locale, new_submission.choose).to_string())];
            kinds.extend([Channel::Vim, Channel::NeighbourhoodMeeting].iter().map(|c| (c.as_str().to_owned(), channel_name(locale, *c))));
            let mut new_hoods = vec![(String::new(), td_string!(locale, new_submission.choose).to_string())];
            new_hoods.extend(d.reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let planned_empty = td_string!(locale, visits.none_planned).to_string();
            let past_empty = td_string!(locale, visits.none_past).to_string();
            view! {
                <Page title=td_string!(locale, visits.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["kind", "neighbourhood_id", "date", "place", "notes"]/>
                    <h1>{t!(i18n, visits.title)}</h1>
                    <p class="lead">{t!(i18n, visits.lead)}</p>
                    <form method="get" action="/visits" class="search-form">
                        <SelectField name="neighbourhood" label=td_string!(locale, listing.neighbourhood).to_string() options=hoods selected=chosen/>
                        <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                    </form>
                    <h2>{t!(i18n, visits.planned)}</h2>
                    <VisitItems items=d.planned.items.clone() reference=d.reference.clone() empty=planned_empty/>
                    <h2>{t!(i18n, visits.past)}</h2>
                    <VisitItems items=d.past.items.clone() reference=d.reference.clone() empty=past_empty/>
                    {staff.then(|| view! {
                        <section class="panel" aria-labelledby="new-visit">
                            <h2 id="new-visit" class="panel__title">{t!(i18n, visits.new_heading)}</h2>
                            <form method="post" action="/visits" novalidate="">
                                <SelectField name="kind" label=td_string!(locale, visits.kind).to_string() options=kinds
                                    selected=state.value("kind") errors=errors.clone()/>
                                <SelectField name="neighbourhood_id" label=td_string!(locale, listing.neighbourhood).to_string() options=new_hoods
                                    selected=state.value("neighbourhood_id") errors=errors.clone()/>
                                <TextField name="date" input_type="date" label=td_string!(locale, visits.date).to_string()
                                    hint=td_string!(locale, response_admin.date_hint).to_string() value=state.value("date") errors=errors.clone()/>
                                <TextField name="place" label=td_string!(locale, visits.place).to_string()
                                    hint=td_string!(locale, visits.place_hint).to_string() value=state.value("place") errors=errors.clone()/>
                                <TextAreaField name="notes" rows=4 label=td_string!(locale, visits.notes).to_string()
                                    hint=td_string!(locale, visits.notes_hint).to_string() value=state.value("notes") errors=errors.clone()/>
                                <button type="submit" class="btn">{t!(i18n, visits.create)}</button>
                            </form>
                        </section>
                    })}
                </Page>
            }.into_any()
        }/>
    }
}

/// A visit and the reference lists for its names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitPageData {
    pub visit: VisitDetail,
    pub reference: Arc<ReferenceData>,
}

/// `None` when there is no such visit.
#[server(prefix = "/_sf", endpoint = "visit")]
pub async fn load_visit(id: String) -> Result<Option<VisitPageData>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let Some(id) = id.parse::<i64>().ok() else { return Ok(None) };
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    match crate::db::read(&ctx.pool, move |c| super::service::detail(c, id)).await {
        Ok(visit) => Ok(Some(VisitPageData { visit, reference })),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(move || params.get().get("id").unwrap_or_default(), load_visit);
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(Some(VisitPageData { visit, reference })) = data else { return view! { <NotFoundPage/> }.into_any() };
            let v = visit.visit.clone();
            let title = format!("{}: {}", kind_words(locale, &v.kind), v.place);
            let hood = reference.neighbourhoods.iter().find(|n| n.id == v.neighbourhood_id).map(|n| n.name.clone()).unwrap_or_default();
            let when = if v.planned { td_string!(locale, visits.is_planned) } else { td_string!(locale, visits.is_past) };
            let count = td_string!(locale, visits.count, count = v.submission_count).to_string();
            view! {
                <Page title=title.clone() state=state>
                    <p><a href="/visits">{t!(i18n, visits.title)}</a></p>
                    <h1>{title}</h1>
                    <dl class="summary-list">
                        <div><dt>{t!(i18n, visits.date)}</dt><dd>{format!("{} ({when})", visit_date(locale, &v.date))}</dd></div>
                        <div><dt>{t!(i18n, listing.neighbourhood)}</dt><dd><a href=format!("/visits?neighbourhood={}", v.neighbourhood_id)>{hood}</a></dd></div>
                        <div><dt>{t!(i18n, visits.place)}</dt><dd>{v.place.clone()}</dd></div>
                    </dl>
                    {(!v.notes.is_empty()).then(|| view! { <p class="prose">{v.notes.clone()}</p> })}
                    <h2>{count}</h2>
                    <ul class="results">
                        {visit.submissions.iter().map(|s| {
                            let kind = Kind::parse(&s.kind).map(|k| kind_name(locale, k)).unwrap_or_default();
                            let status = Status::parse(&s.status).map(|x| status_name(locale, x)).unwrap_or_default();
                            view! {
                                <li class="result">
                                    <h3 class="result__title"><a href=format!("/submissions/{}", s.id)>{s.title.clone()}</a></h3>
                                    <p class="result__meta">{format!("{} · {kind} · {status}", s.reference)}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Page>
            }.into_any()
        }/>
    }
}
