//! The moderation pieces of pages: the flag form's reasons, the placeholder the public reads in
//! place of what is out of view, the moderator's decision form, the merge form and links, the
//! banner of a blocked person; and `/moderation`, the moderators' page (the queue, who is
//! blocked, the block form, and for admins the threshold and the word list). Forms post to
//! `server/src/forms/moderation.rs`.
use super::{FlagReason, Merges, ModerationQueue, ModerationState, Placeholder, QueueEntry};
use crate::domain::submissions::FlagTarget;
use crate::error::{AppError, FieldErrors};
use crate::i18n::*;
use crate::session::{FormName, PageState};
use crate::ui::messages::{field_message, format_count, format_date, format_local_datetime};
use crate::ui::{ErrorSummary, Page, TextAreaField, TextField, WithStateAnd};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub fn reason_name(locale: Locale, reason: FlagReason) -> String {
    match reason {
        FlagReason::Spam => td_string!(locale, moderation.reason_spam),
        FlagReason::Abuse => td_string!(locale, moderation.reason_abuse),
        FlagReason::PersonalData => td_string!(locale, moderation.reason_personal_data),
        FlagReason::Misleading => td_string!(locale, moderation.reason_misleading),
        FlagReason::OffTopic => td_string!(locale, moderation.reason_off_topic),
        FlagReason::Other => td_string!(locale, moderation.reason_other),
    }
    .to_string()
}

pub fn state_name(locale: Locale, state: Option<ModerationState>) -> String {
    match state {
        Some(ModerationState::Pending) => td_string!(locale, moderation.state_pending),
        Some(ModerationState::Flagged) => td_string!(locale, moderation.state_flagged),
        Some(ModerationState::Hidden) => td_string!(locale, moderation.state_hidden),
        None => td_string!(locale, moderation.state_open),
    }
    .to_string()
}

/// The flag form's fields: a reason from the list (radios) and anything to add. Ids begin with
/// `prefix`, as each flag form on a page is its own.
#[component]
pub fn FlagFields(#[prop(into)] prefix: String, chosen: String, detail: String, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error = errors.get("reason").map(|p| field_message(locale, "reason", p));
    let error_id = format!("{prefix}reason-error");
    let class = if error.is_some() { "radios field--error" } else { "radios" };
    let described = error.as_ref().map(|_| error_id.clone());
    view! {
        <fieldset class=class id=format!("{prefix}reason")
            aria-describedby=described>
            <legend class="field__label">{t!(i18n, detail.flag_reason)}</legend>
            {error.map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
            {FlagReason::ALL.iter().map(|r| {
                let id = format!("{prefix}reason-{}", r.as_str());
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name="reason" value=r.as_str() checked=chosen == r.as_str()/>
                        <label for=id>{reason_name(locale, *r)}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <TextField name="detail" id=format!("{prefix}detail") label=td_string!(locale, detail.flag_detail).to_string()
            value=detail errors=errors/>
    }
}

/// What the public reads in place of a submission or comment out of view; its author and the
/// moderators (`insider`) read it above the original, with a line saying so.
#[component]
pub fn PlaceholderNote(placeholder: Placeholder, target: FlagTarget, insider: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = match (placeholder.state, target) {
        (ModerationState::Pending, _) => td_string!(locale, moderation.pending_note),
        (ModerationState::Flagged, FlagTarget::Submission) => td_string!(locale, moderation.flagged_submission),
        (ModerationState::Flagged, FlagTarget::Comment) => td_string!(locale, moderation.flagged_comment),
        (ModerationState::Hidden, FlagTarget::Submission) => td_string!(locale, moderation.hidden_submission),
        (ModerationState::Hidden, FlagTarget::Comment) => td_string!(locale, moderation.hidden_comment),
    };
    let reason = (!placeholder.reason.is_empty())
        .then(|| td_string!(locale, moderation.reason, reason = placeholder.reason.clone()).to_string());
    let insider_note = (insider && placeholder.state != ModerationState::Pending)
        .then(|| td_string!(locale, moderation.insider_note).to_string());
    view! {
        <div class="placeholder" role="note">
            <p class="placeholder__text">{text}</p>
            {reason.map(|r| view! { <p>{r}</p> })}
            {insider_note.map(|n| view! { <p class="hint">{n}</p> })}
        </div>
    }
}

/// What the ids of the decision form of `item` (`comment-12`) begin with.
pub fn decision_prefix(item: &str) -> String {
    format!("mod-{item}-")
}

/// A moderator's decision on one item: hide (with a public reason) or publish / restore. With
/// `next`, it returns there (the queue) instead of the item's page.
#[component]
pub fn ModerationForm(
    target: FlagTarget,
    id: i64,
    state: PageState,
    #[prop(optional, into)] next: Option<String>,
    #[prop(optional)] open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let item = target.form_item(id);
    let prefix = decision_prefix(&item);
    let flash = state.flash_of(FormName::Moderation).filter(|f| f.item.as_deref() == Some(item.as_str()));
    let errors = flash.map(|f| f.errors.clone()).unwrap_or_default();
    let typed = |k: &str| flash.map(|f| f.value(k)).unwrap_or_default();
    let chosen = typed("action");
    let action_error = errors.get("action").map(|p| field_message(locale, "action", p));
    let action = match target {
        FlagTarget::Submission => format!("/submissions/{id}/moderation"),
        FlagTarget::Comment => format!("/comments/{id}/moderation"),
    };
    view! {
        <details class="details" open=open || flash.is_some()>
            <summary>{t!(i18n, moderation.panel_heading)}</summary>
            <form method="post" action=action class="details__body" novalidate="">
                {next.map(|n| view! { <input type="hidden" name="next" value=n/> })}
                <fieldset class="radios" id=format!("{prefix}action")>
                    <legend class="field__label">{t!(i18n, moderation.action_legend)}</legend>
                    {action_error.map(|e| view! { <p class="error">{e}</p> })}
                    <div class="radios__row">
                        {[("hide", td_string!(locale, moderation.hide).to_string()), ("restore", td_string!(locale, moderation.restore).to_string())]
                            .into_iter().map(|(value, label)| {
                                let rid = format!("{prefix}action-{value}");
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=rid.clone() name="action" value=value checked=chosen == value/>
                                        <label for=rid>{label}</label>
                                    </div>
                                }
                            }).collect_view()}
                    </div>
                </fieldset>
                <TextField name="reason" id=format!("{prefix}reason") label=td_string!(locale, moderation.reason_label).to_string()
                    hint=td_string!(locale, moderation.reason_hint).to_string() value=typed("reason") errors=errors/>
                <button type="submit" class="btn btn--secondary">{t!(i18n, moderation.submit)}</button>
            </form>
        </details>
    }
}

/// Staff merge a duplicate into its original, typing the original's tracking code.
#[component]
pub fn MergeForm(id: i64, state: PageState) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let flash = state.flash_of(FormName::Merge);
    let errors = flash.map(|f| f.errors.clone()).unwrap_or_default();
    view! {
        <details class="details" id="merge" open=flash.is_some()>
            <summary>{t!(i18n, moderation.merge_heading)}</summary>
            <form method="post" action=format!("/submissions/{id}/merge") class="details__body" novalidate="">
                <TextField name="into" id="merge-into" label=td_string!(locale, moderation.merge_into).to_string()
                    hint=td_string!(locale, moderation.merge_hint).to_string()
                    value=flash.map(|f| f.value("into")).unwrap_or_default() errors=errors/>
                <button type="submit" class="btn btn--secondary">{t!(i18n, moderation.merge_submit)}</button>
            </form>
        </details>
    }
}

/// The public links of a merge: to the original, or to the duplicates merged into this one.
#[component]
pub fn MergeLinks(merges: Merges) -> impl IntoView {
    let i18n = use_i18n();
    let link = |m: super::MergeLink| view! { <a href=format!("/submissions/{}", m.id)>{format!("{} – {}", m.reference, m.title)}</a> };
    view! {
        {merges.into.map(|m| view! {
            <div class="placeholder" role="note"><p class="placeholder__text">{t!(i18n, moderation.merged_into)}</p><p>{link(m)}</p></div>
        })}
        {(!merges.duplicates.is_empty()).then(|| view! {
            <div class="merged">
                <p>{t!(i18n, moderation.duplicates)}</p>
                <ul>{merges.duplicates.into_iter().map(|m| view! { <li>{link(m)}</li> }).collect_view()}</ul>
            </div>
        })}
    }
}

/// The banner every page shows a person blocked from writing, with until when.
#[component]
pub fn BlockedBanner(until: String) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let text = td_string!(locale, moderation.blocked_banner, until = format_local_datetime(locale, &until)).to_string();
    view! { <div class="notice notice--warning" role="status"><p>{text}</p></div> }
}

/// The moderators' page data; the word list for admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModerationPageData {
    pub queue: ModerationQueue,
    pub is_staff: bool,
    pub is_admin: bool,
    pub words: Vec<String>,
}

#[server(prefix = "/_sf", endpoint = "moderation")]
pub async fn load_moderation() -> Result<Option<ModerationPageData>, AppError> {
    use crate::domain::roles::Role;
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    let (is_staff, is_admin) = (actor.has(Role::Staff), actor.has(Role::Admin));
    if !is_staff && !is_admin {
        return Ok(None);
    }
    // An admin who does not moderate sees the settings only.
    let (queue, words) = crate::db::read(&ctx.pool, move |c| {
        let words = if is_admin { super::service::words(c)? } else { Vec::new() };
        let queue = if is_staff {
            super::service::queue(c, &actor)?
        } else {
            ModerationQueue {
                entries: Vec::new(),
                flag_threshold: super::service::flag_threshold(c)?,
                blocked: Vec::new(),
            }
        };
        Ok((queue, words))
    })
    .await?;
    Ok(Some(ModerationPageData { queue, is_staff, is_admin, words }))
}

#[component]
fn QueueItem(entry: QueueEntry, state: PageState) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let target = FlagTarget::parse(&entry.target).unwrap_or(FlagTarget::Comment);
    let what = match target {
        FlagTarget::Submission => td_string!(locale, moderation.target_submission),
        FlagTarget::Comment => td_string!(locale, moderation.target_comment),
    };
    let href = match target {
        FlagTarget::Submission => format!("/submissions/{}", entry.id),
        FlagTarget::Comment => format!("/submissions/{}#comment-{}", entry.submission_id, entry.id),
    };
    let flags = entry
        .flags
        .iter()
        .map(|(code, n)| {
            let name = FlagReason::parse(code).map(|r| reason_name(locale, r)).unwrap_or_else(|| code.clone());
            format!("{name}: {}", format_count(locale, *n))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let tag = if entry.moderation.is_some() { "tag tag--late" } else { "tag" };
    view! {
        <li class="moderation-item" id=format!("{}-{}", entry.target, entry.id)>
            <p class="result__tags">
                <span class="tag">{what}</span>" "<span class=tag>{state_name(locale, entry.moderation)}</span>
            </p>
            <p><a href=href>{entry.reference.clone()}</a>" · "{format_date(locale, &entry.created_at)}" · "
                {td_string!(locale, moderation.by, name = entry.author_name.clone()).to_string()}</p>
            <blockquote class="moderation-item__text">{entry.excerpt.clone()}</blockquote>
            {(!entry.held_for.is_empty()).then(|| view! {
                <p class="hint">{td_string!(locale, moderation.held_for, word = entry.held_for.clone()).to_string()}</p>
            })}
            {(!flags.is_empty()).then(|| view! { <p>{td_string!(locale, moderation.col_flags)}": "{flags.clone()}</p> })}
            {entry.author_id.map(|a| view! {
                <p><a href=format!("/moderation?block={a}#block")>{t!(i18n, moderation.block_this_author)}</a></p>
            })}
            <ModerationForm target=target id=entry.id state=state next=format!("/moderation#{}-{}", entry.target, entry.id)/>
        </li>
    }
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_moderation());
    // "Block the author" links here with the person's id.
    let query = leptos_router::hooks::use_query_map();
    let chosen = move || query.with_untracked(|q| q.get("block").unwrap_or_default());
    view! {
        <WithStateAnd forms=&[FormName::Moderation, FormName::Block, FormName::ModerationSettings] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(Some(data)) = data else {
                return view! { <crate::ui::ForbiddenPage state=state/> }.into_any();
            };
            let ModerationPageData { queue, is_staff, is_admin, words } = data;
            let block = state.flash_of(FormName::Block).cloned();
            let block_errors = block.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
            let block_typed = |k: &str| block.as_ref().map(|f| f.value(k)).unwrap_or_default();
            let (typed_user, typed_until, typed_reason) = (block_typed("user_id"), block_typed("until"), block_typed("reason"));
            let typed_user = if block.is_none() { chosen() } else { typed_user };
            let settings = state.flash_of(FormName::ModerationSettings).cloned();
            let settings_errors = settings.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
            let threshold_typed = settings.as_ref().map(|f| f.value("flag_threshold")).unwrap_or_else(|| queue.flag_threshold.to_string());
            let words_typed = settings.as_ref().map(|f| f.value("words")).unwrap_or_else(|| words.join("\n"));
            // Only one form comes back refused at a time: the summary leads to its fields.
            let decision = state.flash_of(FormName::Moderation).cloned();
            let mut errors = block_errors.clone();
            for (k, p) in settings_errors.iter().chain(decision.iter().flat_map(|f| f.errors.iter())) {
                errors.add(k, p);
            }
            let summary_prefix = decision.as_ref().and_then(|f| f.item.as_deref()).map(decision_prefix).unwrap_or_default();
            let words_error = settings_errors.get("words").map(|_| td_string!(locale, errors.words_invalid).to_string());
            let entries = queue.entries.clone();
            view! {
                <Page title=td_string!(locale, moderation.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <h1>{t!(i18n, moderation.title)}</h1>
                    <ErrorSummary errors=errors order=&["action", "reason", "user_id", "until", "flag_threshold", "words"] id_prefix=summary_prefix/>
                    {is_staff.then(|| view! {
                    <p class="lead">{t!(i18n, moderation.intro)}</p>
                    {if entries.is_empty() {
                        view! { <p>{t!(i18n, moderation.empty)}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="moderation-list">
                                {entries.into_iter().map(|e| view! { <QueueItem entry=e state=state.clone()/> }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <h2 id="blocked">{t!(i18n, moderation.blocked_heading)}</h2>
                    {if queue.blocked.is_empty() {
                        view! { <p>{t!(i18n, moderation.blocked_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {queue.blocked.iter().map(|b| view! {
                                    <li><strong>{b.display_name.clone()}</strong>" (#"{b.user_id}") · "
                                        {td_string!(locale, moderation.blocked_until, date = crate::visits::pages::visit_date(locale, &b.until)).to_string()}
                                        " · "{b.reason.clone()}</li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <section class="panel" id="block" aria-labelledby="block-heading">
                        <h2 id="block-heading" class="panel__title">{t!(i18n, moderation.block_heading)}</h2>
                        <p>{t!(i18n, moderation.block_intro)}</p>
                        <form method="post" action="/moderation/block" novalidate="">
                            <TextField name="user_id" input_type="number" label=td_string!(locale, moderation.block_user).to_string()
                                value=typed_user errors=block_errors.clone()/>
                            <TextField name="until" input_type="date" label=td_string!(locale, moderation.block_until).to_string()
                                value=typed_until errors=block_errors.clone()/>
                            <TextAreaField name="reason" label=td_string!(locale, moderation.reason_label).to_string()
                                value=typed_reason errors=block_errors rows=2/>
                            <button type="submit" class="btn btn--warning">{t!(i18n, moderation.block_submit)}</button>
                        </form>
                    </section>
                    })}
                    {is_admin.then(|| view! {
                        <section class="panel" id="settings" aria-labelledby="settings-heading">
                            <h2 id="settings-heading" class="panel__title">{t!(i18n, moderation.settings_heading)}</h2>
                            <form method="post" action="/moderation/settings" novalidate="">
                                <TextField name="flag_threshold" input_type="number" label=td_string!(locale, moderation.threshold_label).to_string()
                                    hint=td_string!(locale, moderation.threshold_hint, n = queue.flag_threshold).to_string()
                                    value=threshold_typed.clone() errors=settings_errors.clone()/>
                                <div class=if words_error.is_some() { "field field--error" } else { "field" }>
                                    <label class="field__label" for="words">{t!(i18n, moderation.words_label)}</label>
                                    <p class="hint" id="words-hint">{t!(i18n, moderation.words_hint)}" "
                                        {td_string!(locale, moderation.words_count, n = words.len()).to_string()}</p>
                                    {words_error.clone().map(|e| view! { <p class="error" id="words-error">{e}</p> })}
                                    <textarea class="textarea" id="words" name="words" rows="12" spellcheck="false"
                                        aria-describedby="words-hint">{words_typed.clone()}</textarea>
                                </div>
                                <button type="submit" class="btn">{t!(i18n, moderation.save_settings)}</button>
                            </form>
                        </section>
                    })}
                </Page>
            }.into_any()
        }/>
    }
}
