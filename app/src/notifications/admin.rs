//! The admin page of the mail outbox (`/admin/mail`): messages that are late or failed several
//! times, and those given up after the retry window, each with a "resend" form (a plain post to
//! `/admin/mail/{id}/resend`, handled in `server/src/forms/mail.rs`, which calls
//! `outbox::resend`; the service checks the admin role again). Nothing here changes data.
use super::{load_admin_mail, MailView};
use crate::i18n::*;
use crate::session::FormName;
use crate::ui::{ForbiddenPage, Page, SignInFirst, WithStateAnd};
use leptos::prelude::*;

/// "12 min", "5 h", "3 d": how long a message has been waiting.
fn age(locale: Locale, minutes: i64) -> String {
    match minutes {
        m if m < 60 => td_string!(locale, admin_mail.age_minutes, n = m).to_string(),
        m if m < 48 * 60 => td_string!(locale, admin_mail.age_hours, n = m / 60).to_string(),
        m => td_string!(locale, admin_mail.age_days, n = m / (24 * 60)).to_string(),
    }
}

/// One list as a table with its caption, or a sentence when it is empty.
#[component]
fn MailTable(items: Vec<MailView>, caption: String, empty: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if items.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    let full = items.len() as i64 >= super::ADMIN_MAIL_LIST_MAX;
    let region = caption.clone();
    view! {
        <div class="table-wrap" role="region" aria-label=region tabindex="0">
        <table class="table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, admin_mail.col_recipient)}</th>
                    <th scope="col">{t!(i18n, admin_mail.col_subject)}</th>
                    <th scope="col">{t!(i18n, admin_mail.col_attempts)}</th>
                    <th scope="col">{t!(i18n, admin_mail.col_error)}</th>
                    <th scope="col">{t!(i18n, admin_mail.col_age)}</th>
                    <th scope="col">{t!(i18n, admin_mail.col_action)}</th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|m| {
                    let action = format!("/admin/mail/{}/resend", m.id);
                    let label = td_string!(locale, admin_mail.resend_label, subject = &m.subject, recipient = &m.recipient).to_string();
                    let error = m.last_error.clone().unwrap_or_else(|| td_string!(locale, admin_mail.no_error).to_string());
                    view! {
                        <tr id=format!("mail-{}", m.id)>
                            <td>{m.recipient.clone()}</td>
                            <td>{m.subject.clone()}</td>
                            <td>{m.attempts}</td>
                            <td>{error}</td>
                            <td>{age(locale, m.age_minutes)}</td>
                            <td>
                                {if m.sending {
                                    view! { <span>{t!(i18n, admin_mail.sending)}</span> }.into_any()
                                } else {
                                    view! {
                                        <form method="post" action=action class="inline-form">
                                            <button type="submit" class="btn btn--secondary btn--small">
                                                {t!(i18n, admin_mail.resend)}
                                                <span class="visually-hidden">" – "{label}</span>
                                            </button>
                                        </form>
                                    }.into_any()
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        {full.then(|| view! {
            <p class="hint">{td_string!(locale, admin_mail.limit_note, max = super::ADMIN_MAIL_LIST_MAX).to_string()}</p>
        })}
    }
    .into_any()
}

#[component]
pub fn AdminMailPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_admin_mail());
    view! {
        <WithStateAnd forms=&[FormName::Mail] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/mail"/> }.into_any();
            }
            let Some(Some(lists)) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let errors = state.errors();
            // A refused resend: the message is sent already or being sent (field `state`), or
            // the whole form failed (the database was busy…).
            let problem = crate::ui::messages::form_messages(locale, &errors).into_iter().next().map(|(_, m)| m);
            let resent = state.notice.as_deref() == Some("mail_resent");
            let stuck_caption = td_string!(locale, admin_mail.stuck_caption, count = lists.stuck.len()).to_string();
            let failed_caption = td_string!(locale, admin_mail.failed_caption, count = lists.failed.len()).to_string();
            view! {
                <Page title=td_string!(locale, admin_mail.title).to_string() has_errors=problem.is_some() state=state.clone()>
                    {problem.map(|p| view! {
                        <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="mail-error-title">
                            <h2 id="mail-error-title" class="error-summary__title">{t!(i18n, admin_mail.error_title)}</h2>
                            <p>{p}</p>
                        </div>
                    })}
                    {resent.then(|| view! { <div class="notice" role="status"><p>{t!(i18n, admin_mail.resent_notice)}</p></div> })}
                    <h1>{t!(i18n, admin_mail.title)}</h1>
                    <p>{t!(i18n, admin_mail.intro)}</p>
                    <h2>{t!(i18n, admin_mail.stuck_heading)}</h2>
                    <MailTable items=lists.stuck caption=stuck_caption empty=td_string!(locale, admin_mail.stuck_none).to_string()/>
                    <h2>{t!(i18n, admin_mail.failed_heading)}</h2>
                    <MailTable items=lists.failed caption=failed_caption empty=td_string!(locale, admin_mail.failed_none).to_string()/>
                </Page>
            }.into_any()
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_minutes_hours_then_days() {
        assert_eq!(age(Locale::en, 0), "0 min");
        assert_eq!(age(Locale::en, 59), "59 min");
        assert_eq!(age(Locale::tr, 60), "1 sa");
        assert_eq!(age(Locale::en, 47 * 60 + 59), "47 h");
        assert_eq!(age(Locale::tr, 49 * 60), "2 gün");
    }
}
