//! Sign-up, sign-in and account pages. Each form is a real `<form method="post">` handled in
//! `server/src/web.rs`; after a failed post the page shows the field errors and what was typed
//! (passwords excepted), taken from the session flash.
use crate::i18n::*;
use crate::session::FormName;
#[cfg(feature = "ssr")]
use crate::ui::messages::role_name;
use crate::ui::{ErrorSummary, Page, TextField, WithState};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the account page shows besides who the person is: their e-mail settings and API tokens.
#[cfg(feature = "ssr")]
type AccountData = (crate::notifications::NotificationSettings, Vec<crate::accounts::TokenView>);

/// The forms of the account page, whose typed values and errors it shows again.
#[cfg(feature = "ssr")]
const ACCOUNT_FORMS: &[FormName] =
    &[FormName::AccountPassword, FormName::AccountTokens, FormName::AccountVerify, FormName::AccountNotifications];

/// The account page (`GET /account`, signed-in people only), rendered outside the router
/// (`ui::document`).
#[cfg(feature = "ssr")]
pub async fn account_page(pool: crate::db::Pool, parts: &http::request::Parts) -> crate::ui::document::Document {
    use crate::ui::document::{page, Access};
    let load = async |ctx: &crate::session::ssr::RequestCtx| -> Result<AccountData, crate::error::AppError> {
        let Some(me) = ctx.actor.user_id() else { return Ok(Default::default()) };
        crate::db::read_now(&ctx.pool, move |c| crate::accounts::tokens::with_settings(c, me)).await
    };
    page(pool, parts, Access::SignedIn, ACCOUNT_FORMS, load, account_view).await
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <WithState forms=&[FormName::SignUp] render=move |state| {
            let locale = i18n.get_locale_untracked();
            let errors = state.errors();
            let (name, email) = (state.value("display_name"), state.value("email"));
            view! {
                <Page title=td_string!(locale, sign_up.title).to_string() has_errors=!errors.is_empty() state=state>
                    <ErrorSummary errors=errors.clone() order=&["display_name", "email", "password"]/>
                    <h1>{t!(i18n, sign_up.title)}</h1>
                    <p>{t!(i18n, sign_up.intro)}</p>
                    <form method="post" action="/sign-up" novalidate="">
                        <TextField name="display_name" label=td_string!(locale, sign_up.display_name).to_string()
                            hint=td_string!(locale, sign_up.display_name_hint).to_string()
                            value=name errors=errors.clone() autocomplete="name"/>
                        <TextField name="email" input_type="email" label=td_string!(locale, sign_up.email).to_string()
                            hint=td_string!(locale, sign_up.email_hint).to_string()
                            value=email errors=errors.clone() autocomplete="email"/>
                        <TextField name="password" input_type="password" label=td_string!(locale, sign_up.password).to_string()
                            hint=td_string!(locale, sign_up.password_hint).to_string()
                            errors=errors.clone() autocomplete="new-password"/>
                        <button type="submit" class="btn">{t!(i18n, sign_up.submit)}</button>
                    </form>
                    <p>{t!(i18n, sign_up.have_account)}" "<a href="/sign-in">{t!(i18n, sign_up.sign_in_link)}</a></p>
                </Page>
            }
        }/>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    view! {
        <WithState forms=&[FormName::SignIn] render=move |state| {
            let locale = i18n.get_locale_untracked();
            let errors = state.errors();
            let next = query.with_untracked(|q| q.get("next")).unwrap_or_else(|| state.value("next"));
            let email = state.value("email");
            view! {
                <Page title=td_string!(locale, sign_in.title).to_string() has_errors=!errors.is_empty() state=state>
                    <ErrorSummary errors=errors.clone() order=&["email", "password"]/>
                    <h1>{t!(i18n, sign_in.title)}</h1>
                    <form method="post" action="/sign-in" novalidate="">
                        <input type="hidden" name="next" value=next/>
                        <TextField name="email" input_type="email" label=td_string!(locale, sign_in.email).to_string()
                            value=email errors=errors.clone() autocomplete="email"/>
                        <TextField name="password" input_type="password" label=td_string!(locale, sign_in.password).to_string()
                            errors=errors.clone() autocomplete="current-password"/>
                        <button type="submit" class="btn">{t!(i18n, sign_in.submit)}</button>
                    </form>
                    <p>{t!(i18n, sign_in.no_account)}" "<a href="/sign-up">{t!(i18n, sign_in.sign_up_link)}</a></p>
                </Page>
            }
        }/>
    }
}

/// The account page of the signed-in person in `state`: their details, password, e-mail
/// settings, API tokens and signing out.
#[cfg(feature = "ssr")]
fn account_view(state: crate::session::PageState, (settings, tokens): AccountData) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Some(user) = state.user.clone() else { return ().into_any() };
    let errors = state.errors();
    let token_name = state.value("name");
    let roles = user.roles.iter().map(|r| role_name(locale, *r)).collect::<Vec<_>>().join(", ");
    view! {
        <Page title=td_string!(locale, account.title).to_string() has_errors=!errors.is_empty() state=state>
            <ErrorSummary errors=errors.clone() order=&["current_password", "new_password", "name"]/>
            <h1>{t!(i18n, account.title)}</h1>
            <h2>{t!(i18n, account.details_heading)}</h2>
            <dl class="summary-list">
                <div><dt>{t!(i18n, account.name)}</dt><dd>{user.display_name.clone()}</dd></div>
                <div><dt>{t!(i18n, account.email)}</dt><dd>{user.email.clone()}
                    {if user.email_verified {
                        view! { <span class="tag">{t!(i18n, account.email_verified_label)}</span> }.into_any()
                    } else {
                        view! {
                            <p class="hint">{t!(i18n, account.email_unverified)}</p>
                            <form method="post" action="/account/verify-email">
                                <button type="submit" class="btn btn--secondary">{t!(i18n, account.send_verification)}</button>
                            </form>
                        }.into_any()
                    }}
                </dd></div>
                <div><dt>{t!(i18n, account.roles)}</dt><dd>{roles}</dd></div>
            </dl>
            <h2>{t!(i18n, account.password_heading)}</h2>
            <form method="post" action="/account/password" novalidate="">
                <TextField name="current_password" input_type="password"
                    label=td_string!(locale, account.current_password).to_string()
                    errors=errors.clone() autocomplete="current-password"/>
                <TextField name="new_password" input_type="password"
                    label=td_string!(locale, account.new_password).to_string()
                    hint=td_string!(locale, account.new_password_hint).to_string()
                    errors=errors.clone() autocomplete="new-password"/>
                <button type="submit" class="btn">{t!(i18n, account.change_password)}</button>
            </form>
            <h2 id="notifications">{t!(i18n, account.notifications_heading)}</h2>
            <p>{t!(i18n, account.notifications_intro)}</p>
            <form method="post" action="/account/notifications">
                <fieldset class="checkboxes">
                    <legend class="visually-hidden">{t!(i18n, account.notifications_heading)}</legend>
                    <div class="checkbox">
                        <input type="checkbox" id="email_comments" name="email_comments" value="1" checked=settings.email_comments/>
                        <label for="email_comments">{t!(i18n, account.email_comments)}</label>
                    </div>
                    <div class="checkbox">
                        <input type="checkbox" id="email_official" name="email_official" value="1" checked=settings.email_official/>
                        <label for="email_official">{t!(i18n, account.email_official)}</label>
                    </div>
                    <div class="checkbox">
                        <input type="checkbox" id="email_status" name="email_status" value="1" checked=settings.email_status/>
                        <label for="email_status">{t!(i18n, account.email_status)}</label>
                    </div>
                </fieldset>
                <button type="submit" class="btn btn--secondary">{t!(i18n, account.save_notifications)}</button>
            </form>
            <h2 id="tokens">{t!(i18n, account.tokens_heading)}</h2>
            <p>{t!(i18n, account.tokens_intro)}</p>
            {if tokens.is_empty() {
                view! { <p>{t!(i18n, account.tokens_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="tokens">
                        {tokens.into_iter().map(|tk| {
                            let used = match &tk.last_used_at {
                                Some(at) => format!("{}: {}", td_string!(locale, account.token_last_used), crate::ui::messages::format_date(locale, at)),
                                None => td_string!(locale, account.token_never_used).to_string(),
                            };
                            let label = td_string!(locale, account.token_revoke_label, name = &tk.name).to_string();
                            view! {
                                <li class="token">
                                    <strong>{tk.name.clone()}</strong>" "<code>{format!("{}…", tk.prefix)}</code>
                                    <br/>{format!("{}: {}", td_string!(locale, account.token_created_at), crate::ui::messages::format_date(locale, &tk.created_at))}" · "{used}
                                    <form method="post" action=format!("/account/tokens/{}/revoke", tk.id)>
                                        <button type="submit" class="btn btn--secondary" aria-label=label>{t!(i18n, account.token_revoke)}</button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form method="post" action="/account/tokens" novalidate="">
                <TextField name="name" label=td_string!(locale, account.token_name).to_string()
                    hint=td_string!(locale, account.token_name_hint).to_string()
                    value=token_name.clone() errors=errors.clone()/>
                <button type="submit" class="btn btn--secondary">{t!(i18n, account.token_create)}</button>
            </form>
            <h2>{t!(i18n, account.sign_out_heading)}</h2>
            <p>{t!(i18n, account.sign_out_text)}</p>
            <form method="post" action="/sign-out">
                <button type="submit" class="btn btn--secondary">{t!(i18n, site.sign_out)}</button>
            </form>
        </Page>
    }.into_any()
}
