//! The role management page: search people, tick their roles, save. One form per person, so
//! a save changes one person only; the handler (`server/src/web.rs`) calls
//! `accounts::service::set_roles`, which audits every grant and revoke.
use crate::domain::roles::Role;
use crate::i18n::*;
use crate::session::FormName;
use crate::ui::messages::role_name;
use crate::ui::{ErrorSummary, ForbiddenPage, Page, SignInFirst, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The admin role page's data: the people found and the directorates staff may work in.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdminPeople {
    pub users: Vec<crate::accounts::UserView>,
    /// (id, Turkish name, English name) of the active directorates.
    pub directorates: Vec<(i64, String, String)>,
}

/// Users matching `q` (name or e-mail, Turkish-insensitive), for the admin role page; at most 50.
#[server(prefix = "/_sf", endpoint = "admin_users")]
pub async fn admin_users(q: String) -> Result<AdminPeople, crate::error::AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    let users = crate::db::read(&ctx.pool, move |c| crate::accounts::service::search_users(c, &actor, &q, 50)).await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let directorates = reference.directorates.iter().map(|d| (d.id, d.name_tr.clone(), d.name_en.clone())).collect();
    Ok(AdminPeople { users, directorates })
}

#[component]
pub fn AdminRolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let users = Resource::new(q, admin_users);
    view! {
        <WithStateAnd forms=&[FormName::Roles] extra=users render=move |state, list| {
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
                    <ul class="links">
                        <li><a href="/admin/reference">{t!(i18n, admin_ref.nav)}</a></li>
                        <li><a href="/admin/board">{t!(i18n, board_admin.nav)}</a></li>
                        <li><a href="/admin/audit">{t!(i18n, audit.nav)}</a></li>
                        <li><a href="/admin/mail">{t!(i18n, admin_mail.nav)}</a></li>
                        <li><a href="/admin/response-times">{t!(i18n, response_admin.nav)}</a></li>
                        <li><a href="/admin/map">{t!(i18n, map_admin.nav)}</a></li>
                    </ul>
                    <form method="get" action="/admin/roles" role="search" class="search-form">
                        <div class="field">
                            <label class="field__label" for="q">{t!(i18n, admin.search_label)}</label>
                            <input class="input" id="q" name="q" type="search" value=current_q.clone()/>
                        </div>
                        <button type="submit" class="btn btn--secondary">{t!(i18n, admin.search_submit)}</button>
                    </form>
                    {
                        let AdminPeople { users: list, directorates } = list.unwrap_or_default();
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
                                                        {
                                                            let id = format!("directorate-{}", u.id);
                                                            let current = u.directorate_id;
                                                            view! {
                                                                <div class="field">
                                                                    <label class="field__label" for=id.clone()>{t!(i18n, admin.directorate_label)}</label>
                                                                    <select class="select" id=id name="directorate_id">
                                                                        <option value="" selected=current.is_none()>{t!(i18n, admin.no_directorate)}</option>
                                                                        {directorates.iter().map(|(d, tr, en)| {
                                                                            let name = if locale == Locale::en { en.clone() } else { tr.clone() };
                                                                            view! { <option value=d.to_string() selected=current == Some(*d)>{name}</option> }
                                                                        }).collect_view()}
                                                                    </select>
                                                                </div>
                                                            }
                                                        }
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

/// One editable item: a `<details>` whose form posts to `action`; it opens when the last save
/// of this form failed, and shows the errors and what was typed.
#[component]
fn EditItem(
    #[prop(into)] summary: String,
    form_name: String,
    action: String,
    state: crate::session::PageState,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = state.form.as_ref().is_some_and(|f| f.item.as_deref() == Some(form_name.as_str()));
    view! {
        <details class="details admin-item" open=failed id=form_name.clone()>
            <summary>{summary}</summary>
            <form method="post" action=action class="details__body" novalidate="">
                {children()}
                <button type="submit" class="btn btn--secondary">{t!(i18n, admin_ref.save)}</button>
            </form>
        </details>
    }
}

/// What a form of `form_name` shows: the typed value after a failed save, else the stored one.
fn shown(state: &crate::session::PageState, form_name: &str, field: &str, stored: String) -> String {
    match &state.form {
        Some(f) if f.item.as_deref() == Some(form_name) => f.value(field),
        _ => stored,
    }
}

fn errors_of(state: &crate::session::PageState, form_name: &str) -> crate::error::FieldErrors {
    match &state.form {
        Some(f) if f.item.as_deref() == Some(form_name) => f.errors.clone(),
        _ => crate::error::FieldErrors::new(),
    }
}

/// The active checkbox of an item form.
#[component]
fn ActiveBox(id: String, checked: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="checkbox">
            <input type="checkbox" id=id.clone() name="active" value="1" checked=checked/>
            <label for=id>{t!(i18n, admin_ref.active)}</label>
        </div>
    }
}

#[component]
pub fn AdminReferencePage() -> impl IntoView {
    use crate::reference::load_admin_reference;
    use crate::ui::{SelectField, TextField};
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_admin_reference());
    view! {
        <WithStateAnd forms=&[FormName::Reference] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/reference"/> }.into_any();
            }
            let Some(Some(r)) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let errors = state.errors();
            let failed_form = state.form.as_ref().and_then(|f| f.item.clone()).unwrap_or_default();
            let id_prefix = if failed_form == "ref-threshold" { String::new() } else { format!("{failed_form}-") };
            let label = move |name: &str, active: bool| -> String {
                if active { name.to_owned() } else { format!("{name} {}", td_string!(locale, admin_ref.inactive)) }
            };
            let directorate_options: Vec<(String, String)> = r.directorates.iter()
                .map(|d| (d.id.to_string(), if locale == Locale::en { d.name_en.clone() } else { d.name_tr.clone() }))
                .collect();
            let kinds = vec![
                ("urban".to_owned(), td_string!(locale, admin_ref.kind_urban).to_string()),
                ("rural".to_owned(), td_string!(locale, admin_ref.kind_rural).to_string()),
                ("industrial".to_owned(), td_string!(locale, admin_ref.kind_industrial).to_string()),
            ];
            let st = state.clone();
            let directorate_form = move |id: Option<i64>, d: crate::reference::DirectorateRow| {
                let key = id.map_or("new".to_owned(), |i| i.to_string());
                let form_name = format!("ref-directorate-{key}");
                let action = id.map_or("/admin/directorates".to_owned(), |i| format!("/admin/directorates/{i}"));
                let summary = match id { Some(_) => label(&d.name_tr, d.active), None => td_string!(locale, admin_ref.add_directorate).to_string() };
                let (st2, fname) = (st.clone(), form_name.clone());
                view! {
                    <EditItem summary=summary form_name=form_name.clone() action=action state=st.clone()>
                        <TextField name="name_tr" id=format!("{fname}-name_tr") label=td_string!(locale, admin_ref.name_tr).to_string()
                            value=shown(&st2, &fname, "name_tr", d.name_tr.clone()) errors=errors_of(&st2, &fname)/>
                        <TextField name="name_en" id=format!("{fname}-name_en") label=td_string!(locale, admin_ref.name_en).to_string()
                            value=shown(&st2, &fname, "name_en", d.name_en.clone()) errors=errors_of(&st2, &fname)/>
                        <ActiveBox id=format!("{fname}-active") checked=d.active/>
                    </EditItem>
                }
            };
            let st = state.clone();
            let dopts = directorate_options.clone();
            let category_form = move |id: Option<i64>, c: crate::reference::CategoryRow| {
                let key = id.map_or("new".to_owned(), |i| i.to_string());
                let form_name = format!("ref-category-{key}");
                let action = id.map_or("/admin/categories".to_owned(), |i| format!("/admin/categories/{i}"));
                let summary = match id {
                    Some(_) => label(if locale == Locale::en { &c.name_en } else { &c.name_tr }, c.active),
                    None => td_string!(locale, admin_ref.add_category).to_string(),
                };
                let (st2, fname) = (st.clone(), form_name.clone());
                let dopts = dopts.clone();
                view! {
                    <EditItem summary=summary form_name=form_name.clone() action=action state=st.clone()>
                        <TextField name="name_tr" id=format!("{fname}-name_tr") label=td_string!(locale, admin_ref.name_tr).to_string()
                            value=shown(&st2, &fname, "name_tr", c.name_tr.clone()) errors=errors_of(&st2, &fname)/>
                        <TextField name="name_en" id=format!("{fname}-name_en") label=td_string!(locale, admin_ref.name_en).to_string()
                            value=shown(&st2, &fname, "name_en", c.name_en.clone()) errors=errors_of(&st2, &fname)/>
                        <SelectField name="directorate_id" id=format!("{fname}-directorate_id") label=td_string!(locale, admin_ref.directorate).to_string()
                            options=dopts.clone() selected=shown(&st2, &fname, "directorate_id", c.directorate_id.to_string())
                            errors=errors_of(&st2, &fname)/>
                        <ActiveBox id=format!("{fname}-active") checked=c.active/>
                    </EditItem>
                }
            };
            let st = state.clone();
            let kinds2 = kinds.clone();
            let neighbourhood_form = move |id: Option<i64>, n: crate::reference::NeighbourhoodRow| {
                let key = id.map_or("new".to_owned(), |i| i.to_string());
                let form_name = format!("ref-neighbourhood-{key}");
                let action = id.map_or("/admin/neighbourhoods".to_owned(), |i| format!("/admin/neighbourhoods/{i}"));
                let summary = match id { Some(_) => label(&n.name, n.active), None => td_string!(locale, admin_ref.add_neighbourhood).to_string() };
                let (st2, fname) = (st.clone(), form_name.clone());
                let coord = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                let kinds2 = kinds2.clone();
                view! {
                    <EditItem summary=summary form_name=form_name.clone() action=action state=st.clone()>
                        <TextField name="name" id=format!("{fname}-name") label=td_string!(locale, admin_ref.name).to_string()
                            value=shown(&st2, &fname, "name", n.name.clone()) errors=errors_of(&st2, &fname)/>
                        <SelectField name="kind" id=format!("{fname}-kind") label=td_string!(locale, admin_ref.kind).to_string() options=kinds2.clone()
                            selected=shown(&st2, &fname, "kind", n.kind.clone()) errors=errors_of(&st2, &fname)/>
                        <TextField name="lat" id=format!("{fname}-lat") label=td_string!(locale, admin_ref.lat).to_string()
                            value=shown(&st2, &fname, "lat", coord(n.lat)) errors=errors_of(&st2, &fname)/>
                        <TextField name="lon" id=format!("{fname}-lon") label=td_string!(locale, admin_ref.lon).to_string()
                            value=shown(&st2, &fname, "lon", coord(n.lon)) errors=errors_of(&st2, &fname)/>
                        <ActiveBox id=format!("{fname}-active") checked=n.active/>
                    </EditItem>
                }
            };
            let threshold_value = shown(&state, "ref-threshold", "support_threshold", r.support_threshold.to_string());
            let threshold_errors = errors_of(&state, "ref-threshold");
            view! {
                <Page title=td_string!(locale, admin_ref.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() id_prefix=id_prefix order=&["support_threshold", "name_tr", "name_en", "name", "directorate_id", "kind", "location"]/>
                    <h1>{t!(i18n, admin_ref.title)}</h1>
                    <p>{t!(i18n, admin_ref.intro)}</p>
                    <h2>{t!(i18n, admin_ref.threshold_heading)}</h2>
                    <form method="post" action="/admin/settings" novalidate="">
                        <TextField name="support_threshold" input_type="number" label=td_string!(locale, admin_ref.threshold_label).to_string()
                            hint=td_string!(locale, admin_ref.threshold_hint).to_string() value=threshold_value errors=threshold_errors/>
                        <button type="submit" class="btn btn--secondary">{t!(i18n, admin_ref.save)}</button>
                    </form>
                    <h2>{t!(i18n, admin_ref.directorates_heading)}</h2>
                    {r.directorates.iter().map(|d| directorate_form(Some(d.id), d.clone())).collect_view()}
                    {directorate_form(None, crate::reference::DirectorateRow { active: true, ..Default::default() })}
                    <h2>{t!(i18n, admin_ref.categories_heading)}</h2>
                    {r.categories.iter().map(|c| category_form(Some(c.id), c.clone())).collect_view()}
                    {category_form(None, crate::reference::CategoryRow { active: true, ..Default::default() })}
                    <h2>{t!(i18n, admin_ref.neighbourhoods_heading)}</h2>
                    {r.neighbourhoods.iter().map(|n| neighbourhood_form(Some(n.id), n.clone())).collect_view()}
                    {neighbourhood_form(None, crate::reference::NeighbourhoodRow { kind: "urban".into(), active: true, ..Default::default() })}
                </Page>
            }.into_any()
        }/>
    }
}
