//! The role management page: search people, tick their roles, save. One form per person, so
//! a save changes one person only; the handler (`server/src/web.rs`) calls
//! `accounts::service::set_roles`, which audits every grant and revoke.
use crate::accounts::admin_users;
use crate::domain::roles::Role;
use crate::i18n::*;
use crate::ui::messages::role_name;
use crate::ui::{ErrorSummary, ForbiddenPage, Page, SignInFirst, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminRolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let users = Resource::new(q, admin_users);
    view! {
        <WithStateAnd form="roles" extra=users render=move |state, list| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/roles"/> }.into_any();
            }
            if !state.is_admin() {
                return view! { <ForbiddenPage state=state/> }.into_any();
            }
            let errors = state.errors();
            let current_q = q();
            view! {
                <Page title=td_string!(locale, admin.title).to_string() has_errors=!errors.is_empty() state=state>
                    <ErrorSummary errors=errors.clone() order=&["roles"]/>
                    <h1>{t!(i18n, admin.title)}</h1>
                    <p>{t!(i18n, admin.intro)}</p>
                    <form method="get" action="/admin/roles" role="search" class="search-form">
                        <div class="field">
                            <label class="field__label" for="q">{t!(i18n, admin.search_label)}</label>
                            <input class="input" id="q" name="q" type="search" value=current_q.clone()/>
                        </div>
                        <button type="submit" class="btn btn--secondary">{t!(i18n, admin.search_submit)}</button>
                    </form>
                    {
                        let list = list.unwrap_or_default();
                                let count = list.len();
                                view! {
                                    <h2>{td_string!(locale, admin.results, count = count).to_string()}</h2>
                                    {(count == 0).then(|| view! { <p>{t!(i18n, admin.no_results)}</p> })}
                                    <ul class="people">
                                        {list.into_iter().map(|u| {
                                            let action = format!("/admin/users/{}/roles", u.id);
                                            let legend = td_string!(locale, admin.roles_legend, name = &u.display_name).to_string();
                                            view! {
                                                <li class="person">
                                                    <h3 class="person__name">{u.display_name.clone()}</h3>
                                                    <p class="person__email">{u.email.clone()}</p>
                                                    <form method="post" action=action>
                                                        <input type="hidden" name="q" value=current_q.clone()/>
                                                        <fieldset class="checkboxes">
                                                            <legend class="visually-hidden">{legend}</legend>
                                                            {Role::ALL.into_iter().map(|r| {
                                                                let id = format!("role-{}-{}", u.id, r.as_str());
                                                                view! {
                                                                    <div class="checkbox">
                                                                        <input type="checkbox" id=id.clone() name=format!("role_{}", r.as_str()) value="on" checked=u.roles.contains(&r)/>
                                                                        <label for=id>{role_name(locale, r)}</label>
                                                                    </div>
                                                                }
                                                            }).collect_view()}
                                                        </fieldset>
                                                        <button type="submit" class="btn btn--secondary">
                                                            {t!(i18n, admin.save)}
                                                            <span class="visually-hidden">" – "{u.display_name.clone()}</span>
                                                        </button>
                                                    </form>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }
                    }
                </Page>
            }.into_any()
        }/>
    }
}
