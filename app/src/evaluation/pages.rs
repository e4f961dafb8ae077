//! The committee's pages: the queue of proposals under evaluation (`/committee`) and a round
//! (`/rounds/:id`): the member's score sheet and recusal, the chair's progress, close and
//! decision, and the result once closed. Every form is a plain post (`server/src/forms/evaluation.rs`).
use super::{QueueItem, RoundView};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::*;
use crate::session::{FormName, PageState};
use crate::ui::messages::{format_count, format_date, format_decimal};
use crate::ui::{ErrorSummary, ForbiddenPage, NotFoundPage, Page, SignInFirst, TextAreaField, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The committee's queue page: the proposals waiting, how many in all, and the active
/// committees the asker may open a round for (theirs to chair, or without a named chair).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    pub total: i64,
    pub committees: Vec<(i64, String)>,
}

/// The committee's queue (`GET /committee`, signed-in people only), rendered outside the router
/// (`ui::document`); the page forbidden to someone who is neither an evaluator nor the chair.
#[cfg(feature = "ssr")]
pub async fn committee_page(pool: crate::db::Pool, parts: &http::request::Parts) -> crate::ui::document::Document {
    use crate::ui::document::{page, Access};
    page(pool, parts, Access::SignedIn, &[FormName::Round], committee_data, committee_view).await
}

/// `None` for someone who is neither an evaluator nor the chair.
#[cfg(feature = "ssr")]
async fn committee_data(ctx: &crate::session::ssr::RequestCtx) -> Result<Option<QueuePage>, AppError> {
    let actor = ctx.actor.clone();
    // How many wait is kept with the listing totals (ten seconds, forgotten on any write).
    const WAITING: &str = "committee queue";
    let known = ctx.pool.caches().count(WAITING);
    let found = crate::db::read(&ctx.pool, move |c| {
        let (items, total) = super::service::queue(c, &actor, known)?;
        let me = actor.user_id();
        let committees = super::admin::committees(c, &actor)?
            .into_iter()
            .filter(|k| k.active && k.chair.as_ref().is_none_or(|p| Some(p.id) == me))
            .map(|k| (k.id, k.name))
            .collect();
        Ok(QueuePage { items, total, committees })
    })
    .await;
    match found {
        Ok(page) => {
            ctx.pool.caches().put_count(WAITING.to_owned(), page.total);
            Ok(Some(page))
        }
        Err(AppError::Forbidden | AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A round's page data: the round as the asker may see it, and its proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundPageData {
    pub round: RoundView,
    pub title: String,
    pub reference: String,
    pub is_chair: bool,
    /// The proposal still waits for the committee's decision.
    pub under_evaluation: bool,
}

#[server(prefix = "/_sf", endpoint = "round_page")]
pub async fn load_round_page(id: String) -> Result<Option<RoundPageData>, AppError> {
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else { return Ok(None) };
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    let is_chair = actor.has(Role::Chair);
    let found = crate::db::read(&ctx.pool, move |c| {
        let round = super::service::round_view(c, &actor, id)?;
        let (title, reference, under_evaluation) = super::service::proposal_of(c, round.submission_id)?;
        Ok(RoundPageData { round, title, reference, is_chair, under_evaluation })
    })
    .await;
    match found {
        Ok(data) => Ok(Some(data)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The committee's queue for the evaluator or chair in `state`: the proposals waiting, a link to
/// each open round, and for the chair the form to open one.
pub fn committee_view(state: PageState, data: Option<QueuePage>) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Some(QueuePage { items, total, committees }) = data else {
        return view! { <ForbiddenPage state=state/> }.into_any();
    };
    let errors = state.errors();
    let is_chair = state.has(Role::Chair);
    let failed = state.form.as_ref().and_then(|f| f.item.clone());
    let empty = items.is_empty();
    view! {
        <Page title=td_string!(locale, committee.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
            <ErrorSummary errors=errors.clone() order=&["committee_id", "deadline", "round", "status"]/>
            <h1>{t!(i18n, committee.title)}</h1>
            <p class="lead">{t!(i18n, committee.lead)}</p>
            {if empty {
                view! { <p>{t!(i18n, committee.empty)}</p> }.into_any()
            } else {
                view! { <p role="status">{td_string!(locale, committee.count, shown = items.len(), total = format_count(locale, total)).to_string()}</p> }.into_any()
            }}
            <ol class="results">
                {items.into_iter().map(|item| {
                    let sid = item.submission_id;
                    let supports = td_string!(locale, listing.supports, count = format_count(locale, item.support_count)).to_string();
                    let status = match &item.round {
                        None => td_string!(locale, committee.no_round).to_string(),
                        Some(r) if r.closed => td_string!(locale, committee.round_closed).to_string(),
                        Some(r) => td_string!(locale, committee.round_open, scored = r.scored, members = r.members,
                            deadline = format_date(locale, &r.deadline)).to_string(),
                    };
                    let link = item.round.as_ref().map(|r| {
                        let label = if r.i_am_member && !r.closed && !r.i_have_scored && !r.i_have_recused {
                            td_string!(locale, committee.score_link).to_string()
                        } else {
                            td_string!(locale, committee.round_link).to_string()
                        };
                        (format!("/rounds/{}", r.id), label)
                    });
                    let can_open = is_chair && item.round.as_ref().is_none_or(|r| r.closed);
                    let typed = if failed.as_deref() == Some(sid.to_string().as_str()) { state.value("deadline") } else { String::new() };
                    let deadline_id = format!("deadline-{sid}");
                    let committee_id = format!("committee_id-{sid}");
                    let chosen = if failed.as_deref() == Some(sid.to_string().as_str()) { state.value("committee_id") } else { String::new() };
                    let options: Vec<(String, String)> = std::iter::once((String::new(), td_string!(locale, committee.every_evaluator).to_string()))
                        .chain(committees.iter().map(|(id, name)| (id.to_string(), name.clone())))
                        .collect();
                    let has_committees = !committees.is_empty();
                    view! {
                        <li class="result">
                            <h2 class="result__title"><a href=format!("/submissions/{sid}")>{item.title.clone()}</a></h2>
                            <p class="result__meta">{item.reference.clone()}" · "{supports}</p>
                            <p>{status}</p>
                            {link.map(|(href, label)| view! { <p><a class="btn btn--secondary" href=href>{label}</a></p> })}
                            {can_open.then(|| view! {
                                <form method="post" action=format!("/submissions/{sid}/rounds") class="inline-form" novalidate="">
                                    {has_committees.then(|| view! {
                                        <div class="field">
                                            <label class="field__label" for=committee_id.clone()>{t!(i18n, committee.committee_label)}</label>
                                            <select class="select" id=committee_id.clone() name="committee_id">
                                                {options.into_iter().map(|(value, text)| {
                                                    let is = value == chosen;
                                                    view! { <option value=value selected=is>{text}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                    })}
                                    <div class="field">
                                        <label class="field__label" for=deadline_id.clone()>{t!(i18n, committee.deadline)}</label>
                                        <p class="hint">{t!(i18n, committee.deadline_hint)}</p>
                                        <input class="input input--short" type="date" id=deadline_id name="deadline" value=typed/>
                                    </div>
                                    <button type="submit" class="btn">{t!(i18n, committee.open_round)}</button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </Page>
    }.into_any()
}

/// A criterion's name in the reader's language.
fn criterion_name(locale: Locale, c: &super::CriterionView) -> String {
    if locale == Locale::en {
        c.name_en.clone()
    } else {
        c.name_tr.clone()
    }
}

/// The result of a closed round: each criterion's mean with its spread, and the weighted
/// overall mean (also the public scorecard's table).
#[component]
pub fn ResultTable(
    criteria: Vec<super::CriterionView>,
    result: crate::domain::evaluation::RoundResult,
    scale_max: i32,
    /// The heading the table's region is named by.
    heading_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let overall = result.mean.map(|m| format_decimal(locale, m, 2)).unwrap_or_default();
    let rows: Vec<_> = result
        .criteria
        .iter()
        .map(|r| {
            let name =
                criteria.iter().find(|c| c.id == r.criterion_id).map(|c| criterion_name(locale, c)).unwrap_or_default();
            (
                name,
                format!("%{}", r.weight),
                format_decimal(locale, r.mean, 2),
                format!("{}–{}", r.min, r.max),
                format_decimal(locale, r.std_dev, 2),
            )
        })
        .collect();
    // Each figure's column, named before it when the table stacks on a phone.
    let labels = [
        td_string!(locale, scorecard.weight).to_string(),
        td_string!(locale, scorecard.mean).to_string(),
        td_string!(locale, scorecard.range).to_string(),
        td_string!(locale, scorecard.std_dev).to_string(),
    ];
    view! {
        <p>{td_string!(locale, scorecard.overall, mean = overall, scale = scale_max).to_string()}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=heading_id>
            <table class="table table--stack">
                <thead><tr>
                    <th scope="col">{t!(i18n, scorecard.criterion)}</th>
                    <th scope="col">{t!(i18n, scorecard.weight)}</th>
                    <th scope="col">{t!(i18n, scorecard.mean)}</th>
                    <th scope="col">{t!(i18n, scorecard.range)}</th>
                    <th scope="col">{t!(i18n, scorecard.std_dev)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(n, w, m, range, sd)| view! {
                        <tr><th scope="row">{n}</th><td data-label=labels[0].clone()>{w}</td><td data-label=labels[1].clone()>{m}</td>
                            <td data-label=labels[2].clone()>{range}</td><td data-label=labels[3].clone()>{sd}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A member's score sheet: for each criterion a score on the scale and a justification.
#[component]
fn ScoreSheet(round: RoundView, state: PageState) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // The recusal form comes back as the item `recusal` of the same form name.
    let recusal = state.flash_of(FormName::ScoreSheet).filter(|f| f.item.as_deref() == Some("recusal")).cloned();
    let recusal_failed = recusal.is_some();
    let recusal_errors = recusal.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let recusal_typed = recusal.as_ref().map(|f| f.value("reason")).unwrap_or_default();
    let mine = state.flash_of(FormName::ScoreSheet).filter(|f| f.item.is_none()).cloned();
    let errors = mine.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let typed = move |field: &str| mine.as_ref().map(|f| f.value(field)).unwrap_or_default();
    let scale = round.scale_max;
    view! {
        <section aria-labelledby="sheet-heading">
            <h2 id="sheet-heading">{t!(i18n, round.sheet_heading)}</h2>
            <p>{t!(i18n, round.sheet_hint)}</p>
            <form method="post" action=format!("/rounds/{}/scores", round.id) novalidate="">
                {round.criteria.iter().map(|c| {
                    let score_field = format!("score_{}", c.id);
                    let why_field = format!("justification_{}", c.id);
                    let score_error = errors.get(&score_field).map(|p| crate::ui::messages::field_message(locale, &score_field, p));
                    let why_error = errors.get(&why_field).map(|p| crate::ui::messages::field_message(locale, &why_field, p));
                    let chosen = typed(&score_field);
                    let why = typed(&why_field);
                    let class = if score_error.is_some() || why_error.is_some() { "field field--error" } else { "field" };
                    let legend = td_string!(locale, round.criterion_legend, name = criterion_name(locale, c), weight = c.weight).to_string();
                    let score_error_id = format!("{score_field}-error");
                    let why_error_id = format!("{why_field}-error");
                    let described = score_error.as_ref().map(|_| score_error_id.clone());
                    view! {
                        <div class=class id=score_field.clone()>
                            <fieldset class="radios" aria-describedby=described>
                                <legend class="field__label">{legend}</legend>
                                {score_error.map(|e| view! { <p class="error" id=score_error_id.clone()>{e}</p> })}
                                <div class="radios__row">
                                {(1..=scale).map(|n| {
                                    let id = format!("{score_field}-{n}");
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=id.clone() name=score_field.clone() value=n.to_string() checked=chosen == n.to_string()/>
                                            <label for=id>{n}</label>
                                        </div>
                                    }
                                }).collect_view()}
                                </div>
                            </fieldset>
                            <label class="field__label" for=why_field.clone()>{t!(i18n, round.justification)}</label>
                            {why_error.map(|e| view! { <p class="error" id=why_error_id.clone()>{e}</p> })}
                            <textarea class="textarea" id=why_field.clone() name=why_field.clone() rows="2">{why}</textarea>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="btn">{t!(i18n, round.send_scores)}</button>
            </form>
            <details class="details" id="recusal" open=recusal_failed>
                <summary>{t!(i18n, round.recuse_summary)}</summary>
                <form method="post" action=format!("/rounds/{}/recusal", round.id) class="details__body" novalidate="">
                    <TextAreaField name="reason" label=td_string!(locale, round.recuse_reason).to_string()
                        hint=td_string!(locale, round.recuse_hint).to_string() value=recusal_typed errors=recusal_errors rows=2/>
                    <button type="submit" class="btn btn--secondary">{t!(i18n, round.recuse_submit)}</button>
                </form>
            </details>
        </section>
    }
}

/// The chair's decision once a round has closed.
#[component]
fn DecisionForm(submission_id: i64, round_id: i64, state: PageState) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let mine = state.flash_of(FormName::Decision).cloned();
    let errors = mine.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let typed = move |field: &str| mine.as_ref().map(|f| f.value(field)).unwrap_or_default();
    let outcomes = ["feasible", "not_feasible", "approved", "rejected", "more_information"];
    let mut options = vec![(String::new(), td_string!(locale, workflow.choose).to_string())];
    options.extend(outcomes.iter().map(|o| (o.to_string(), outcome_name(locale, o))));
    view! {
        <section class="panel" aria-labelledby="decision-heading" id="decision">
            <h2 id="decision-heading" class="panel__title">{t!(i18n, round.decision_heading)}</h2>
            <form method="post" action=format!("/submissions/{submission_id}/decision") novalidate="">
                <input type="hidden" name="round" value=round_id.to_string()/>
                <crate::ui::SelectField name="outcome" label=td_string!(locale, round.outcome).to_string() options=options
                    selected=typed("outcome") errors=errors.clone()/>
                <TextAreaField name="public_reason" label=td_string!(locale, round.public_reason).to_string()
                    hint=td_string!(locale, round.public_reason_hint).to_string() value=typed("public_reason") errors=errors.clone() rows=3/>
                <crate::ui::TextField name="estimated_cost" label=td_string!(locale, round.estimated_cost).to_string()
                    hint=td_string!(locale, round.estimated_cost_hint).to_string() value=typed("estimated_cost") errors=errors.clone()/>
                <crate::ui::TextField name="estimated_days" label=td_string!(locale, round.estimated_days).to_string()
                    value=typed("estimated_days") errors=errors.clone()/>
                <button type="submit" class="btn">{t!(i18n, round.decide)}</button>
            </form>
        </section>
    }
}

/// An outcome in words: the status it leads to (more information: back to collecting support).
pub fn outcome_name(locale: Locale, outcome: &str) -> String {
    match outcome {
        "more_information" => td_string!(locale, round.more_information).to_string(),
        other => crate::ui::messages::status_code_name(locale, other),
    }
}

#[component]
pub fn RoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(move || params.get().get("id").unwrap_or_default(), load_round_page);
    view! {
        <WithStateAnd forms=&[FormName::ScoreSheet, FormName::Round, FormName::Decision] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/committee"/> }.into_any();
            }
            let Some(Some(data)) = data else { return view! { <NotFoundPage/> }.into_any() };
            let RoundPageData { round: r, title, reference, is_chair, under_evaluation } = data;
            let errors = state.errors();
            let open = r.closed_at.is_none();
            let progress = td_string!(locale, round.progress, scored = r.scored, members = r.members.len(), quorum = r.quorum).to_string();
            let deadline = td_string!(locale, round.deadline, date = format_date(locale, &r.deadline)).to_string();
            let may_score = open && r.i_am_member && !r.i_have_scored && !r.i_have_recused;
            let names: std::collections::BTreeMap<String, Vec<super::ScoreView>> =
                r.scores.iter().fold(Default::default(), |mut m, s| {
                    m.entry(s.member.clone().unwrap_or_default()).or_default().push(s.clone());
                    m
                });
            let criteria = r.criteria.clone();
            let page_title = td_string!(locale, round.title, reference = &reference).to_string();
            view! {
                <Page title=page_title.clone() has_errors=!errors.is_empty() state=state.clone()>
                    <p class="breadcrumbs"><a href="/committee">{t!(i18n, committee.title)}</a>" › "{reference.clone()}</p>
                    <ErrorSummary errors=errors.clone() order=&["round", "outcome", "public_reason", "estimated_cost", "estimated_days"]/>
                    <h1>{page_title}</h1>
                    <p class="lead"><a href=format!("/submissions/{}", r.submission_id)>{title}</a></p>
                    <dl class="summary-list">
                        <div><dt>{t!(i18n, round.state)}</dt><dd>{if open { td_string!(locale, round.open).to_string() } else { td_string!(locale, round.closed).to_string() }}</dd></div>
                        <div><dt>{t!(i18n, round.committee_label)}</dt><dd>{r.committee.clone().unwrap_or_else(|| td_string!(locale, committee.every_evaluator).to_string())}</dd></div>
                        <div><dt>{t!(i18n, round.deadline_label)}</dt><dd>{deadline}</dd></div>
                        <div><dt>{t!(i18n, round.progress_label)}</dt><dd>{progress}</dd></div>
                        <div><dt>{t!(i18n, round.rubric)}</dt><dd>{td_string!(locale, round.rubric_value, version = r.rubric_version, scale = r.scale_max).to_string()}</dd></div>
                    </dl>
                    <h2>{t!(i18n, round.members_heading)}</h2>
                    <ul class="links">
                        {r.members.iter().map(|m| {
                            let who = m.name.clone().unwrap_or_else(|| td_string!(locale, round.a_member).to_string());
                            let state_text = if m.recused {
                                td_string!(locale, round.member_recused).to_string()
                            } else if m.scored {
                                td_string!(locale, round.member_scored).to_string()
                            } else {
                                td_string!(locale, round.member_waiting).to_string()
                            };
                            view! { <li>{format!("{who}: {state_text}")}</li> }
                        }).collect_view()}
                    </ul>
                    {may_score.then(|| view! { <ScoreSheet round=r.clone() state=state.clone()/> })}
                    {(r.i_have_recused && open).then(|| view! { <p>{t!(i18n, round.you_recused)}</p> })}
                    {(!names.is_empty()).then(|| view! {
                        <h2>{t!(i18n, round.scores_heading)}</h2>
                        {names.into_iter().map(|(member, scores)| view! {
                            <h3>{if member.is_empty() { td_string!(locale, round.a_member).to_string() } else { member }}</h3>
                            <ul>
                                {scores.into_iter().map(|s| {
                                    let name = criteria.iter().find(|c| c.id == s.criterion_id).map(|c| criterion_name(locale, c)).unwrap_or_default();
                                    view! { <li><strong>{format!("{name}: {}", s.score)}</strong>" – "{s.justification}</li> }
                                }).collect_view()}
                            </ul>
                        }).collect_view()}
                    })}
                    {r.result.clone().map(|result| view! {
                        <h2 id="result-heading">{t!(i18n, scorecard.heading)}</h2>
                        <ResultTable criteria=r.criteria.clone() result=result scale_max=r.scale_max heading_id="result-heading"/>
                    })}
                    {(is_chair && open).then(|| view! {
                        <form method="post" action=format!("/rounds/{}/close", r.id)>
                            <p class="hint">{t!(i18n, round.close_hint)}</p>
                            <button type="submit" class="btn">{t!(i18n, round.close)}</button>
                        </form>
                    })}
                    {(is_chair && !open && under_evaluation).then(|| view! { <DecisionForm submission_id=r.submission_id round_id=r.id state=state.clone()/> })}
                </Page>
            }.into_any()
        }/>
    }
}
