//! `/admin/audit`: the audit log for administrators, newest first, with filters (action, person,
//! subject, days) that are plain GET parameters, so every view of the log is a URL.
use super::{load_audit, AuditEntry, AuditPage, AuditQuery, ACTIONS};
use crate::i18n::*;
use crate::ui::messages::{format_count, format_date};
use crate::ui::{encode_component, ForbiddenPage, Page, SignInFirst, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn query_from_map(m: &leptos_router::params::ParamsMap) -> AuditQuery {
    let get = |k: &str| m.get(k).filter(|v| !v.trim().is_empty());
    AuditQuery {
        action: get("action"),
        actor: get("actor"),
        subject: get("subject"),
        from: get("from"),
        to: get("to"),
        page: get("page").and_then(|p| p.parse().ok()),
    }
}

/// The query string of `q` on page `page`.
fn query_string(q: &AuditQuery, page: i64) -> String {
    let mut parts = Vec::new();
    for (k, v) in
        [("action", &q.action), ("actor", &q.actor), ("subject", &q.subject), ("from", &q.from), ("to", &q.to)]
    {
        if let Some(v) = v {
            parts.push(format!("{k}={}", encode_component(v)));
        }
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    parts.join("&")
}

/// The action's name in the reader's language (the code itself for one the page does not know).
fn action_name(locale: Locale, code: &str) -> String {
    match code {
        "intake_recorded" => td_string!(locale, audit.action_intake_recorded).to_string(),
        "official_answer" => td_string!(locale, audit.action_official_answer).to_string(),
        "contact_read" => td_string!(locale, audit.action_contact_read).to_string(),
        "caller_lookup" => td_string!(locale, audit.action_caller_lookup).to_string(),
        "response_targets_set" => td_string!(locale, audit.action_response_targets_set).to_string(),
        "working_hours_set" => td_string!(locale, audit.action_working_hours_set).to_string(),
        "holiday_added" => td_string!(locale, audit.action_holiday_added).to_string(),
        "holiday_removed" => td_string!(locale, audit.action_holiday_removed).to_string(),
        "role_granted" => td_string!(locale, audit.action_role_granted).to_string(),
        "role_revoked" => td_string!(locale, audit.action_role_revoked).to_string(),
        "password_changed" => td_string!(locale, audit.action_password_changed).to_string(),
        "admin_created" => td_string!(locale, audit.action_admin_created).to_string(),
        "directorate.saved" => td_string!(locale, audit.action_directorate_saved).to_string(),
        "category.saved" => td_string!(locale, audit.action_category_saved).to_string(),
        "neighbourhood.saved" => td_string!(locale, audit.action_neighbourhood_saved).to_string(),
        "setting.saved" => td_string!(locale, audit.action_setting_saved).to_string(),
        "mail_resent" => td_string!(locale, audit.action_mail_resent).to_string(),
        "token_created" => td_string!(locale, audit.action_token_created).to_string(),
        "token_revoked" => td_string!(locale, audit.action_token_revoked).to_string(),
        other => other.to_owned(),
    }
}

fn row(locale: Locale, e: AuditEntry) -> impl IntoView {
    let who = match (e.actor_name, e.actor_email) {
        (Some(name), Some(email)) => format!("{name} ({email})"),
        _ => td_string!(locale, audit.command_line).to_string(),
    };
    let time = e.at.get(11..16).unwrap_or_default().to_owned();
    view! {
        <tr>
            <td>{format!("{} {time} UTC", format_date(locale, &e.at))}</td>
            <td>{who}</td>
            <td>{action_name(locale, &e.action)}</td>
            <td><code>{e.subject}</code></td>
            <td>{e.detail}</td>
            <td>{e.addr.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let log = Resource::new(move || query.with(query_from_map), load_audit);
    view! {
        <WithStateAnd extra=log render=move |state, log| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/audit"/> }.into_any();
            }
            if !state.is_admin() {
                return view! { <ForbiddenPage state=state/> }.into_any();
            }
            let q = query.with_untracked(query_from_map);
            let log: AuditPage = log.unwrap_or_default();
            let pages = ((log.total + log.per_page - 1) / log.per_page.max(1)).max(1);
            let current = log.page.max(1);
            let link = {
                let q = q.clone();
                move |p: i64| {
                    let qs = query_string(&q, p);
                    if qs.is_empty() { "/admin/audit".to_owned() } else { format!("/admin/audit?{qs}") }
                }
            };
            let (prev, next) = (link(current - 1), link(current + 1));
            let selected = q.action.clone().unwrap_or_default();
            view! {
                <Page title=td_string!(locale, audit.title).to_string() state=state>
                    <h1>{t!(i18n, audit.title)}</h1>
                    <p>{t!(i18n, audit.intro)}</p>
                    <form method="get" action="/admin/audit" class="filters">
                        <div class="field">
                            <label class="field__label" for="action">{t!(i18n, audit.filter_action)}</label>
                            <select class="select" id="action" name="action">
                                <option value="" selected=selected.is_empty()>{t!(i18n, audit.all_actions)}</option>
                                {ACTIONS.iter().map(|a| view! {
                                    <option value=*a selected=selected == *a>{action_name(locale, a)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label class="field__label" for="actor">{t!(i18n, audit.filter_actor)}</label>
                            <input class="input" id="actor" name="actor" type="email" value=q.actor.clone().unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label class="field__label" for="subject">{t!(i18n, audit.filter_subject)}</label>
                            <div class="field__hint" id="subject-hint">{t!(i18n, audit.filter_subject_hint)}</div>
                            <input class="input" id="subject" name="subject" aria-describedby="subject-hint" value=q.subject.clone().unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label class="field__label" for="from">{t!(i18n, audit.filter_from)}</label>
                            <input class="input" id="from" name="from" type="date" value=q.from.clone().unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label class="field__label" for="to">{t!(i18n, audit.filter_to)}</label>
                            <input class="input" id="to" name="to" type="date" value=q.to.clone().unwrap_or_default()/>
                        </div>
                        <button type="submit" class="btn btn--secondary">{t!(i18n, audit.submit)}</button>
                    </form>
                    <h2>{td_string!(locale, audit.results, count = format_count(locale, log.total)).to_string()}</h2>
                    {if log.items.is_empty() {
                        view! { <p>{t!(i18n, audit.none)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap" role="region" aria-labelledby="audit-caption" tabindex="0">
                                <table class="table">
                                    <caption id="audit-caption">{t!(i18n, audit.caption)}</caption>
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, audit.col_at)}</th>
                                        <th scope="col">{t!(i18n, audit.col_actor)}</th>
                                        <th scope="col">{t!(i18n, audit.col_action)}</th>
                                        <th scope="col">{t!(i18n, audit.col_subject)}</th>
                                        <th scope="col">{t!(i18n, audit.col_detail)}</th>
                                        <th scope="col">{t!(i18n, audit.col_addr)}</th>
                                    </tr></thead>
                                    <tbody>{log.items.into_iter().map(|e| row(locale, e)).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    {(pages > 1).then(|| view! {
                        <nav class="pagination" aria-label=td_string!(locale, listing.pagination)>
                            {(current > 1).then(|| view! { <a class="pagination__prev" rel="prev" href=prev.clone()>{t!(i18n, listing.previous)}</a> })}
                            <span class="pagination__where">
                                {td_string!(locale, listing.page_of, page = format_count(locale, current), pages = format_count(locale, pages)).to_string()}
                            </span>
                            {(current < pages).then(|| view! { <a class="pagination__next" rel="next" href=next.clone()>{t!(i18n, listing.next)}</a> })}
                        </nav>
                    })}
                </Page>
            }.into_any()
        }/>
    }
}
