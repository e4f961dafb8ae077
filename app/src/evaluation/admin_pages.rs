//! The review board's admin pages: `/admin/board` (the settings and the committees) and
//! `/admin/rubric` (a new version of the rubric, and the versions before it). Every form is a
//! plain post (`server/src/forms/evaluation_admin.rs`); the service checks everything again.
use super::{BoardSettings, CommitteeView, RubricView};
use crate::domain::evaluation::RUBRIC_MAX_CRITERIA;
use crate::error::AppError;
use crate::i18n::*;
use crate::session::FormName;
use crate::ui::messages::format_date;
use crate::ui::{ErrorSummary, ForbiddenPage, Page, SignInFirst, TextAreaField, TextField, WithStateAnd};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The board page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardAdminData {
    pub settings: BoardSettings,
    pub committees: Vec<CommitteeView>,
}

/// `None` for someone who is not an admin.
#[server(prefix = "/_sf", endpoint = "board_admin")]
pub async fn load_board_admin() -> Result<Option<BoardAdminData>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    let found = crate::db::read(&ctx.pool, move |c| {
        Ok(BoardAdminData {
            settings: super::admin::board_settings(c, &actor)?,
            committees: super::admin::committees(c, &actor)?,
        })
    })
    .await;
    match found {
        Ok(d) => Ok(Some(d)),
        Err(AppError::Forbidden | AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every rubric version, newest first; `None` for someone who is not an admin.
#[server(prefix = "/_sf", endpoint = "rubric_admin")]
pub async fn load_rubric_admin() -> Result<Option<Vec<RubricView>>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    if !ctx.actor.has(crate::domain::roles::Role::Admin) {
        return Ok(None);
    }
    crate::db::read(&ctx.pool, super::service::rubrics).await.map(Some)
}

/// A checkbox with its hint; on a failed post it shows what was ticked.
#[component]
fn CheckField(name: &'static str, label: String, hint: String, checked: bool) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    view! {
        <div class="field">
            <div class="checkbox">
                <input type="checkbox" id=name name=name value="1" checked=checked aria-describedby=hint_id.clone()/>
                <label for=name>{label}</label>
            </div>
            <p class="hint hint--checkbox" id=hint_id>{hint}</p>
        </div>
    }
}

#[component]
pub fn BoardAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_board_admin());
    view! {
        <WithStateAnd forms=&[FormName::BoardSettings, FormName::Committee] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/board"/> }.into_any();
            }
            let Some(Some(d)) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let errors = state.errors();
            let failed = state.form.as_ref().map(|f| (f.form, f.item.clone()));
            let settings_failed = state.flash_of(FormName::BoardSettings).is_some();
            let tick = |field: &str, now: bool| if settings_failed { state.value(field) == "1" } else { now };
            let publish_checked = tick("publish_individual_scores", d.settings.publish_individual_scores);
            let names_checked = tick("timeline_actor_names", d.settings.timeline_actor_names);
            let id_prefix = match &failed {
                Some((FormName::Committee, Some(item))) => format!("committee-{item}-"),
                _ => String::new(),
            };
            let s = d.settings.clone();
            let quorum = state.shown(FormName::BoardSettings, None, "evaluation_quorum", s.evaluation_quorum.to_string());
            let st = state.clone();
            let committee_form = move |c: Option<CommitteeView>| {
                let item = c.as_ref().map_or("new".to_owned(), |c| c.id.to_string());
                let fid = |f: &str| format!("committee-{item}-{f}");
                let action = c.as_ref().map_or("/admin/committees".to_owned(), |c| format!("/admin/committees/{}", c.id));
                let errs = st.errors_of(FormName::Committee, Some(&item));
                let open = !errs.is_empty() || c.is_none();
                let email = |p: &super::CommitteePerson| p.email.clone().unwrap_or_default();
                let name = st.shown(FormName::Committee, Some(&item), "name", c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
                let chair = st.shown(FormName::Committee, Some(&item), "chair_email",
                    c.as_ref().and_then(|c| c.chair.as_ref()).map(email).unwrap_or_default());
                let members = st.shown(FormName::Committee, Some(&item), "member_emails",
                    c.as_ref().map(|c| c.members.iter().map(email).collect::<Vec<_>>().join("\n")).unwrap_or_default());
                let summary = match &c {
                    Some(c) if c.active => c.name.clone(),
                    Some(c) => format!("{} {}", c.name, td_string!(locale, admin_ref.inactive)),
                    None => td_string!(locale, board_admin.add_committee).to_string(),
                };
                let who = c.as_ref().map(|c| {
                    let chair = c.chair.as_ref().map_or_else(|| td_string!(locale, board_admin.any_chair).to_string(), |p| p.name.clone());
                    let names = c.members.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ");
                    view! {
                        <p class="hint">{td_string!(locale, board_admin.chair_is, name = chair).to_string()}</p>
                        <p class="hint">{td_string!(locale, board_admin.members_are, count = c.members.len(), names = names).to_string()}</p>
                    }
                });
                let active = c.as_ref().map(|c| c.active);
                let active_id = fid("active");
                view! {
                    <details class="edit-item" id=format!("committee-{item}") open=open>
                        <summary class="edit-item__summary">{summary}</summary>
                        {who}
                        <form method="post" action=action novalidate="">
                            <TextField name="name" id=fid("name") label=td_string!(locale, board_admin.committee_name).to_string() value=name errors=errs.clone()/>
                            <TextField name="chair_email" id=fid("chair_email") input_type="email" label=td_string!(locale, board_admin.chair_email).to_string()
                                hint=td_string!(locale, board_admin.chair_email_hint).to_string() value=chair errors=errs.clone()/>
                            <TextAreaField name="member_emails" id=fid("member_emails") rows=4 label=td_string!(locale, board_admin.member_emails).to_string()
                                hint=td_string!(locale, board_admin.member_emails_hint).to_string() value=members errors=errs.clone()/>
                            {active.map(|on| view! {
                                <div class="checkbox">
                                    <input type="checkbox" id=active_id.clone() name="active" value="1" checked=on/>
                                    <label for=active_id.clone()>{t!(i18n, board_admin.committee_active)}</label>
                                </div>
                            })}
                            <button type="submit" class="btn btn--secondary">{t!(i18n, admin_ref.save)}</button>
                        </form>
                    </details>
                }
            };
            let committees = d.committees.clone();
            view! {
                <Page title=td_string!(locale, board_admin.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() id_prefix=id_prefix order=&["evaluation_quorum", "name", "chair_email", "member_emails"]/>
                    <h1>{t!(i18n, board_admin.title)}</h1>
                    <p>{t!(i18n, board_admin.intro)}</p>
                    <ul class="links">
                        <li><a href="/admin/rubric">{t!(i18n, rubric_admin.nav)}</a></li>
                        <li><a href="/admin/reference">{td_string!(locale, board_admin.threshold_link, count = s.support_threshold).to_string()}</a></li>
                    </ul>
                    <h2 id="settings">{t!(i18n, board_admin.settings_heading)}</h2>
                    <form method="post" action="/admin/board/settings" novalidate="">
                        <TextField name="evaluation_quorum" input_type="number" label=td_string!(locale, board_admin.quorum).to_string()
                            hint=td_string!(locale, board_admin.quorum_hint).to_string() value=quorum
                            errors=state.errors_of(FormName::BoardSettings, None)/>
                        <CheckField name="publish_individual_scores" label=td_string!(locale, board_admin.publish_scores).to_string()
                            hint=td_string!(locale, board_admin.publish_scores_hint).to_string() checked=publish_checked/>
                        <CheckField name="timeline_actor_names" label=td_string!(locale, board_admin.actor_names).to_string()
                            hint=td_string!(locale, board_admin.actor_names_hint).to_string() checked=names_checked/>
                        <button type="submit" class="btn">{t!(i18n, board_admin.save_settings)}</button>
                    </form>
                    <h2 id="committees">{t!(i18n, board_admin.committees_heading)}</h2>
                    <p>{t!(i18n, board_admin.committees_intro)}</p>
                    {committees.is_empty().then(|| view! { <p>{t!(i18n, board_admin.no_committees)}</p> })}
                    {committees.into_iter().map(|c| committee_form(Some(c))).collect_view()}
                    {committee_form(None)}
                </Page>
            }.into_any()
        }/>
    }
}

#[component]
pub fn RubricAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_rubric_admin());
    view! {
        <WithStateAnd forms=&[FormName::Rubric] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/rubric"/> }.into_any();
            }
            let Some(Some(versions)) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let errors = state.errors();
            let current = versions.first().cloned();
            let value = |field: &str, default: String| state.shown(FormName::Rubric, None, field, default);
            let scale = value("scale_max", current.as_ref().map_or(5, |r| r.scale_max).to_string());
            let criteria = current.as_ref().map(|r| r.criteria.clone()).unwrap_or_default();
            // Each row as shown: what was typed into a failed form, else the current version's
            // criterion, else blank (two blank rows for new criteria).
            let rows: Vec<(String, String, String)> = (0..(criteria.len() + 2).min(RUBRIC_MAX_CRITERIA + 2))
                .map(|i| {
                    let c = criteria.get(i);
                    (
                        value(&format!("name_tr_{i}"), c.map(|c| c.name_tr.clone()).unwrap_or_default()),
                        value(&format!("name_en_{i}"), c.map(|c| c.name_en.clone()).unwrap_or_default()),
                        value(&format!("weight_{i}"), c.map(|c| c.weight.to_string()).unwrap_or_default()),
                    )
                })
                .collect();
            let intro = current.as_ref().map(|r| td_string!(locale, rubric_admin.current, version = r.version,
                date = format_date(locale, &r.created_at)).to_string());
            let field_errors = state.errors_of(FormName::Rubric, None);
            let weights_error = field_errors.get("weights").map(|p| crate::ui::messages::field_message(locale, "weights", p));
            view! {
                <Page title=td_string!(locale, rubric_admin.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["scale_max", "criteria", "weights"]/>
                    <p><a href="/admin/board">{t!(i18n, board_admin.title)}</a></p>
                    <h1>{t!(i18n, rubric_admin.title)}</h1>
                    <p>{intro}</p>
                    <p>{t!(i18n, rubric_admin.intro)}</p>
                    <form method="post" action="/admin/rubric" novalidate="">
                        <fieldset class="radios" id="scale_max">
                            <legend class="field__label">{t!(i18n, rubric_admin.scale)}</legend>
                            <div class="radios__row">
                                {[5, 10].into_iter().map(|n| {
                                    let id = format!("scale-{n}");
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=id.clone() name="scale_max" value=n.to_string() checked=scale == n.to_string()/>
                                            <label for=id>{td_string!(locale, rubric_admin.scale_option, max = n).to_string()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                        <p class="hint" id="weights">{t!(i18n, rubric_admin.weights_hint)}</p>
                        {weights_error.map(|e| view! { <p class="error">{e}</p> })}
                        {rows.into_iter().enumerate().map(|(i, (name_tr, name_en, weight))| {
                            let legend = td_string!(locale, rubric_admin.criterion, n = i + 1).to_string();
                            view! {
                                <fieldset class="criterion">
                                    <legend class="criterion__legend">{legend}</legend>
                                    <TextField name=format!("name_tr_{i}") label=td_string!(locale, rubric_admin.name_tr).to_string() value=name_tr errors=field_errors.clone()/>
                                    <TextField name=format!("name_en_{i}") label=td_string!(locale, rubric_admin.name_en).to_string() value=name_en errors=field_errors.clone()/>
                                    <TextField name=format!("weight_{i}") input_type="number" label=td_string!(locale, rubric_admin.weight).to_string() value=weight errors=field_errors.clone()/>
                                </fieldset>
                            }
                        }).collect_view()}
                        <button type="submit" class="btn">{t!(i18n, rubric_admin.save)}</button>
                    </form>
                    <h2>{t!(i18n, rubric_admin.versions)}</h2>
                    <ul class="versions">
                        {versions.iter().map(|r| {
                            let head = td_string!(locale, rubric_admin.version, version = r.version, date = format_date(locale, &r.created_at), max = r.scale_max).to_string();
                            view! {
                                <li>
                                    <p>{head}</p>
                                    <ul>
                                        {r.criteria.iter().map(|c| {
                                            let name = if locale == Locale::en { c.name_en.clone() } else { c.name_tr.clone() };
                                            view! { <li>{td_string!(locale, rubric_admin.weight_of, name = name, weight = c.weight).to_string()}</li> }
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Page>
            }.into_any()
        }/>
    }
}
