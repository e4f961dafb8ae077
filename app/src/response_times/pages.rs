//! The response-time pages: the public statistics (`/response-times`), the due times a service
//! request's page and tracking page show, and the admin page of targets, working hours and
//! holidays (`/admin/response-times`, plain posts to `server/src/forms/response_times.rs`).
use super::{
    DueTimes, HolidayView, ResponseStats, ResponseTarget, StatsQuery, WorkingCalendar, WorkingHoursView, HOLIDAY_KINDS,
};
use crate::domain::submissions::Kind;
use crate::error::{AppError, FieldErrors};
use crate::i18n::*;
use crate::reference::ReferenceData;
use crate::session::FormName;
use crate::ui::messages::{format_count, format_decimal, format_local_datetime, kind_name};
use crate::ui::{ErrorSummary, ForbiddenPage, Page, SelectField, SignInFirst, TextField, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A kind code as words ("Şikâyet"), or the code itself if it is not one of ours.
fn kind_words(locale: Locale, code: &str) -> String {
    Kind::parse(code).map(|k| kind_name(locale, k)).unwrap_or_else(|| code.to_owned())
}

/// One line for a list (the staff queue): "İlk yanıt 3 Aralık 2026, 10:00'a kadar · Çözüm …";
/// a time met says when it was met instead. `None` for a submission that has no due times.
pub fn due_line(locale: Locale, due: &DueTimes) -> Option<String> {
    let first = match (&due.first_response_at, &due.first_response_due_at) {
        (Some(at), _) => {
            td_string!(locale, response_times.answered_at, at = format_local_datetime(locale, at)).to_string()
        }
        (None, Some(by)) => {
            td_string!(locale, response_times.answer_by, at = format_local_datetime(locale, by)).to_string()
        }
        (None, None) => return None,
    };
    let resolution = match (&due.resolved_at, &due.resolution_due_at) {
        (Some(at), _) => {
            td_string!(locale, response_times.resolved_at, at = format_local_datetime(locale, at)).to_string()
        }
        (None, Some(by)) => {
            td_string!(locale, response_times.resolve_by, at = format_local_datetime(locale, by)).to_string()
        }
        (None, None) => String::new(),
    };
    Some(if resolution.is_empty() { first } else { format!("{first} · {resolution}") })
}

/// Whether `done` came after `due` (if any): both are written with the same offset, so their
/// text orders as their time.
fn late(done: &str, due: &Option<String>) -> bool {
    due.as_deref().is_some_and(|by| done > by)
}

/// A service request's due times and when they were met, on its page and its tracking page.
/// Nothing for a submission without due times (ideas, projects, suggestions).
#[component]
pub fn DueTimesBox(due: DueTimes) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let by = due.first_response_due_at.clone()?;
    let when = |at: &Option<String>, due: &Option<String>, done: &'static str, waiting: &'static str| match at {
        Some(at) => {
            let mut s = format!("{done}: {}", format_local_datetime(locale, at));
            if late(at, due) {
                s.push_str(&format!(" ({})", td_string!(locale, response_times.after_target)));
            }
            s
        }
        None => waiting.to_owned(),
    };
    let first_state = when(
        &due.first_response_at,
        &due.first_response_due_at,
        td_string!(locale, response_times.answered),
        td_string!(locale, response_times.waiting),
    );
    let resolution_state = when(
        &due.resolved_at,
        &due.resolution_due_at,
        td_string!(locale, response_times.resolved),
        td_string!(locale, response_times.waiting),
    );
    let resolution_by = due.resolution_due_at.as_deref().map(|t| format_local_datetime(locale, t)).unwrap_or_default();
    Some(view! {
        <section class="due" aria-labelledby="due-heading">
            <h2 id="due-heading">{t!(i18n, response_times.heading)}</h2>
            {due.overdue.then(|| view! { <p><strong class="tag tag--late">{t!(i18n, response_times.overdue_notice)}</strong></p> })}
            <dl class="summary-list">
                <div>
                    <dt>{t!(i18n, response_times.first_response_by)}</dt>
                    <dd>{format_local_datetime(locale, &by)}<br/>{first_state}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, response_times.resolution_by)}</dt>
                    <dd>{resolution_by}<br/>{resolution_state}</dd>
                </div>
            </dl>
            <p class="hint">{t!(i18n, response_times.counted_in_working_time)}" "<a href="/response-times">{t!(i18n, response_times.see_stats)}</a></p>
        </section>
    })
}

// ---- The public statistics ------------------------------------------------------------------

/// The statistics page's data. `errors`: filters that could not be read (the figures are then
/// the default year's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsPageData {
    pub stats: Arc<ResponseStats>,
    pub errors: FieldErrors,
    pub targets: Vec<ResponseTarget>,
    pub hours: WorkingHoursView,
    pub reference: Arc<ReferenceData>,
}

#[server(prefix = "/_sf", endpoint = "response_stats")]
pub async fn load_response_stats(q: StatsQuery) -> Result<StatsPageData, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let (stats, errors) = match super::service::stats_cached(&ctx.pool, q).await {
        Ok(s) => (s.stats, FieldErrors::new()),
        Err(AppError::Validation { fields }) => {
            (super::service::stats_cached(&ctx.pool, StatsQuery::default()).await?.stats, fields)
        }
        Err(e) => return Err(e),
    };
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let (targets, hours) = crate::db::read(&ctx.pool, |c| {
        let calendar = super::service::working_calendar(c)?;
        Ok((calendar.targets, calendar.hours))
    })
    .await?;
    Ok(StatsPageData { stats, errors, targets, hours, reference })
}

/// "Aralık 2026" for "2026-12".
fn month_words(locale: Locale, month: &str) -> String {
    crate::ui::messages::format_month(locale, month)
}

/// A share as a percentage: "%85" in Turkish, "85%" in English; "–" when nothing was decided.
fn share(locale: Locale, s: Option<f64>) -> String {
    match s {
        None => "–".to_owned(),
        Some(s) if locale == Locale::en => format!("{}%", format_decimal(locale, s * 100.0, 0)),
        Some(s) => format!("%{}", format_decimal(locale, s * 100.0, 0)),
    }
}

fn amount(locale: Locale, x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format_decimal(locale, x, 1))
}

#[component]
pub fn ResponseStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || query.get(),
        |q| {
            load_response_stats(StatsQuery {
                from: q.get("from"),
                to: q.get("to"),
                kind: q.get("kind"),
                directorate: q.get("directorate"),
            })
        },
    );
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(d) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let q = query.get_untracked();
            let any = td_string!(locale, listing.any).to_string();
            let mut kinds = vec![(String::new(), any.clone())];
            kinds.extend(Kind::service_requests().map(|k| (k.as_str().to_owned(), kind_name(locale, k))));
            let mut directorates = vec![(String::new(), any)];
            directorates.extend(d.reference.directorates.iter().map(|x| (x.id.to_string(), x.name(locale).to_owned())));
            let json = format!(
                "/api/v1/stats/response-times?from={}&to={}{}{}",
                d.stats.from,
                d.stats.to,
                q.get("kind").filter(|k| !k.is_empty()).map(|k| format!("&kind={}", crate::ui::encode_component(&k))).unwrap_or_default(),
                q.get("directorate").filter(|k| !k.is_empty()).map(|k| format!("&directorate={}", crate::ui::encode_component(&k))).unwrap_or_default(),
            );
            let hours = td_string!(locale, response_times.hours_note, open = d.hours.open.clone(), close = d.hours.close.clone(),
                half = d.hours.half_day_close.clone()).to_string();
            let total: i64 = d.stats.months.iter().map(|m| m.count).sum();
            let caption = td_string!(locale, response_times.table_caption, from = month_words(locale, &d.stats.from),
                to = month_words(locale, &d.stats.to), count = format_count(locale, total)).to_string();
            // The figures' columns: headings, and each figure's label when the table stacks on a phone.
            let columns: Vec<String> = vec![
                td_string!(locale, response_times.col_count).to_string(),
                td_string!(locale, response_times.col_first_median).to_string(),
                td_string!(locale, response_times.col_first_share).to_string(),
                td_string!(locale, response_times.col_resolution_median).to_string(),
                td_string!(locale, response_times.col_resolution_share).to_string(),
                td_string!(locale, response_times.col_open).to_string(),
                td_string!(locale, response_times.col_overdue).to_string(),
            ];
            view! {
                <Page title=td_string!(locale, response_times.title).to_string() has_errors=!d.errors.is_empty() state=state>
                    <ErrorSummary errors=d.errors.clone() order=&["kind", "directorate", "from", "to"]/>
                    <h1>{t!(i18n, response_times.title)}</h1>
                    <p class="lead">{t!(i18n, response_times.lead)}</p>
                    <details class="details">
                        <summary>{t!(i18n, response_times.how_counted)}</summary>
                        <p>{hours}</p>
                        <ul>
                            {d.targets.iter().map(|t| {
                                let line = td_string!(locale, response_times.target_line, kind = kind_words(locale, &t.kind),
                                    hours = t.first_response_hours, days = t.resolution_days).to_string();
                                view! { <li>{line}</li> }
                            }).collect_view()}
                        </ul>
                        <p>{t!(i18n, response_times.rules)}</p>
                    </details>
                    <details class="filters" open=!d.errors.is_empty() || ["kind", "directorate", "from", "to"].iter().any(|k| q.get(k).is_some_and(|v| !v.is_empty()))>
                        <summary class="filters__title">{t!(i18n, listing.filters)}</summary>
                        <form method="get" action="/response-times">
                            <SelectField name="kind" label=td_string!(locale, listing.kind).to_string() options=kinds selected=q.get("kind").unwrap_or_default()/>
                            <SelectField name="directorate" label=td_string!(locale, routing.directorate).to_string() options=directorates
                                selected=q.get("directorate").unwrap_or_default()/>
                            <TextField name="from" input_type="month" label=td_string!(locale, response_times.from).to_string()
                                hint=td_string!(locale, response_times.month_hint).to_string() value=d.stats.from.clone() errors=d.errors.clone()/>
                            <TextField name="to" input_type="month" label=td_string!(locale, response_times.to).to_string()
                                hint=td_string!(locale, response_times.month_hint).to_string() value=d.stats.to.clone() errors=d.errors.clone()/>
                            <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                        </form>
                    </details>
                    <div class="table-wrap" role="region" aria-labelledby="stats-caption" tabindex="0">
                        <table class="table table--numbers table--stack">
                            <caption id="stats-caption">{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, response_times.col_month)}</th>
                                    {columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {d.stats.months.iter().map(|m| {
                                    let figures = [
                                        format_count(locale, m.count),
                                        amount(locale, m.median_first_response_hours),
                                        share(locale, m.first_response_within_target),
                                        amount(locale, m.median_resolution_days),
                                        share(locale, m.resolution_within_target),
                                        format_count(locale, m.open),
                                        format_count(locale, m.overdue),
                                    ];
                                    view! {
                                        <tr>
                                            <th scope="row">{month_words(locale, &m.month)}</th>
                                            {figures.into_iter().zip(columns.iter()).map(|(f, c)| view! { <td data-label=c.clone()>{f}</td> }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p><a href=json rel="external">{t!(i18n, response_times.json)}</a></p>
                </Page>
            }.into_any()
        }/>
    }
}

// ---- The admin page -------------------------------------------------------------------------

/// `None` for someone who is not an admin.
#[server(prefix = "/_sf", endpoint = "response_admin")]
pub async fn load_response_admin() -> Result<Option<WorkingCalendar>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    if !ctx.actor.has(crate::domain::roles::Role::Admin) {
        return Ok(None);
    }
    crate::db::read(&ctx.pool, super::service::working_calendar).await.map(Some)
}

fn holiday_kind_words(locale: Locale, kind: &str) -> String {
    match kind {
        "national" => td_string!(locale, response_admin.kind_national).to_string(),
        "religious" => td_string!(locale, response_admin.kind_religious).to_string(),
        "administrative" => td_string!(locale, response_admin.kind_administrative).to_string(),
        other => other.to_owned(),
    }
}

/// The admin page's fields in page order, for the error summary.
const ADMIN_FIELDS: [&str; 13] = [
    "complaint.first_response_hours",
    "complaint.resolution_days",
    "request.first_response_hours",
    "request.resolution_days",
    "information_request.first_response_hours",
    "information_request.resolution_days",
    "open",
    "close",
    "half_day_close",
    "date",
    "name_tr",
    "name_en",
    "kind",
];

#[component]
pub fn ResponseAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_response_admin());
    view! {
        <WithStateAnd forms=&[FormName::ResponseTargets, FormName::WorkingHours, FormName::Holiday] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/response-times"/> }.into_any();
            }
            let Some(Some(cal)) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let errors = state.errors();
            let targets_errors = state.errors_of(FormName::ResponseTargets, None);
            let hours_errors = state.errors_of(FormName::WorkingHours, None);
            let holiday_errors = state.errors_of(FormName::Holiday, None);
            let hour = |field: &str, now: &str| state.shown(FormName::WorkingHours, None, field, now.to_owned());
            let (open, close, half) = (hour("open", &cal.hours.open), hour("close", &cal.hours.close), hour("half_day_close", &cal.hours.half_day_close));
            let (new_date, new_name_tr, new_name_en) = (
                state.shown(FormName::Holiday, None, "date", String::new()),
                state.shown(FormName::Holiday, None, "name_tr", String::new()),
                state.shown(FormName::Holiday, None, "name_en", String::new()),
            );
            let holiday_kinds: Vec<(String, String)> = HOLIDAY_KINDS.iter().map(|k| ((*k).to_owned(), holiday_kind_words(locale, k))).collect();
            let kind_chosen = state.shown(FormName::Holiday, None, "kind", "national".to_owned());
            let half_ticked = state.flash_of(FormName::Holiday).is_some_and(|f| f.value("half_day") == "1");
            let st = state.clone();
            let target_rows = cal.targets.iter().map(|t| {
                let first = format!("{}.first_response_hours", t.kind);
                let days = format!("{}.resolution_days", t.kind);
                let first_value = st.shown(FormName::ResponseTargets, None, &first, t.first_response_hours.to_string());
                let days_value = st.shown(FormName::ResponseTargets, None, &days, t.resolution_days.to_string());
                view! {
                    <fieldset class="fieldset">
                        <legend class="field__label">{kind_words(locale, &t.kind)}</legend>
                        <TextField name=first input_type="number" label=td_string!(locale, response_admin.first_response_hours).to_string()
                            value=first_value errors=targets_errors.clone()/>
                        <TextField name=days input_type="number" label=td_string!(locale, response_admin.resolution_days).to_string()
                            value=days_value errors=targets_errors.clone()/>
                    </fieldset>
                }
            }).collect_view();
            let holidays = cal.holidays.clone();
            view! {
                <Page title=td_string!(locale, response_admin.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&ADMIN_FIELDS/>
                    <h1>{t!(i18n, response_admin.title)}</h1>
                    <p>{t!(i18n, response_admin.intro)}</p>
                    <ul class="links"><li><a href="/response-times">{t!(i18n, response_times.title)}</a></li></ul>
                    <h2 id="targets">{t!(i18n, response_admin.targets_heading)}</h2>
                    <p class="hint">{t!(i18n, response_admin.targets_hint)}</p>
                    <form method="post" action="/admin/response-times/targets" novalidate="">
                        {target_rows}
                        <button type="submit" class="btn">{t!(i18n, response_admin.save_targets)}</button>
                    </form>
                    <h2 id="hours">{t!(i18n, response_admin.hours_heading)}</h2>
                    <form method="post" action="/admin/working-hours" novalidate="">
                        <TextField name="open" input_type="time" label=td_string!(locale, response_admin.open).to_string() value=open errors=hours_errors.clone()/>
                        <TextField name="close" input_type="time" label=td_string!(locale, response_admin.close).to_string() value=close errors=hours_errors.clone()/>
                        <TextField name="half_day_close" input_type="time" label=td_string!(locale, response_admin.half_day_close).to_string()
                            hint=td_string!(locale, response_admin.half_day_close_hint).to_string() value=half errors=hours_errors.clone()/>
                        <button type="submit" class="btn">{t!(i18n, response_admin.save_hours)}</button>
                    </form>
                    <h2 id="holidays">{t!(i18n, response_admin.holidays_heading)}</h2>
                    <div class="table-wrap" role="region" aria-labelledby="holidays-caption" tabindex="0">
                        <table class="table">
                            <caption id="holidays-caption">{td_string!(locale, response_admin.holidays_caption, count = holidays.len()).to_string()}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, response_admin.date)}</th>
                                <th scope="col">{t!(i18n, response_admin.name)}</th>
                                <th scope="col">{t!(i18n, response_admin.kind)}</th>
                                <th scope="col"><span class="visually-hidden">{t!(i18n, response_admin.actions)}</span></th>
                            </tr></thead>
                            <tbody>
                                {holidays.into_iter().map(|h: HolidayView| {
                                    let name = if locale == Locale::en { h.name_en.clone() } else { h.name_tr.clone() };
                                    let name = if h.half_day { format!("{name} ({})", td_string!(locale, response_admin.half_day)) } else { name };
                                    let label = td_string!(locale, response_admin.delete_named, date = h.date.clone()).to_string();
                                    view! {
                                        <tr>
                                            <td>{h.date.clone()}</td>
                                            <td>{name}</td>
                                            <td>{holiday_kind_words(locale, &h.kind)}</td>
                                            <td>
                                                <form method="post" action=format!("/admin/holidays/{}/delete", h.date)>
                                                    <button type="submit" class="btn btn--secondary btn--small" aria-label=label>{t!(i18n, response_admin.delete)}</button>
                                                </form>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h3 id="new-holiday">{t!(i18n, response_admin.add_heading)}</h3>
                    <form method="post" action="/admin/holidays" novalidate="">
                        <TextField name="date" input_type="date" label=td_string!(locale, response_admin.date).to_string()
                            hint=td_string!(locale, response_admin.date_hint).to_string() value=new_date errors=holiday_errors.clone()/>
                        <TextField name="name_tr" label=td_string!(locale, response_admin.name_tr).to_string() value=new_name_tr errors=holiday_errors.clone()/>
                        <TextField name="name_en" label=td_string!(locale, response_admin.name_en).to_string()
                            hint=td_string!(locale, response_admin.name_en_hint).to_string() value=new_name_en errors=holiday_errors.clone()/>
                        <SelectField name="kind" label=td_string!(locale, response_admin.kind).to_string() options=holiday_kinds selected=kind_chosen errors=holiday_errors.clone()/>
                        <div class="checkbox">
                            <input type="checkbox" id="half_day" name="half_day" value="1" checked=half_ticked/>
                            <label for="half_day">{t!(i18n, response_admin.half_day_label)}</label>
                        </div>
                        <button type="submit" class="btn">{t!(i18n, response_admin.add)}</button>
                    </form>
                </Page>
            }.into_any()
        }/>
    }
}
