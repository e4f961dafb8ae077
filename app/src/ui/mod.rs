//! Shared page parts (UX.md §3): the page frame (skip link, header with the language link, menu,
//! main, footer), form fields with their errors, the error summary, notices, and the frame that
//! loads a page's `PageState` before rendering it.
#[cfg(feature = "ssr")]
pub mod document;
pub mod frame;
pub mod messages;
pub mod nav;

use crate::error::FieldErrors;
use crate::i18n::*;
use crate::session::{load_page_state, FormName, PageState};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;
use messages::{field_message, form_messages};

/// Escapes text for use inside HTML (element content or a quoted attribute).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a path-and-query for use as a query value (`next=`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The page state of this request: signed-in user, the flash of one of `forms`, the notice.
fn page_state_resource(forms: &'static [FormName]) -> Resource<Result<PageState, crate::error::AppError>> {
    Resource::new(|| (), move |_| load_page_state(forms.to_vec()))
}

/// The page, or the service-error page when its state could not be loaded.
fn page_or_error<V: IntoView + 'static>(
    state: Result<PageState, crate::error::AppError>,
    render: impl FnOnce(PageState) -> V,
) -> AnyView {
    match state {
        Ok(st) => render(st).into_any(),
        Err(_) => view! { <ServerErrorPage/> }.into_any(),
    }
}

/// Loads the page state (signed-in user, the flash of one of the page's `forms`, the notice),
/// then renders.
#[component]
pub fn WithState<F, V>(#[prop(optional)] forms: &'static [FormName], render: F) -> impl IntoView
where
    F: Fn(PageState) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let state = page_state_resource(forms);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move { page_or_error(state.await, render) })
            }}
        </Suspense>
    }
}

/// Like `WithState`, for pages that also need one more resource: both are awaited in one
/// `Suspense`, so a page has exactly one. (Hung renders once blamed on nested `Suspense`s were
/// Leptos' process-wide resource suppression while a route list was generated; see
/// `server/src/router.rs`, `route_list`.)
#[component]
pub fn WithStateAnd<T, F, V>(
    #[prop(optional)] forms: &'static [FormName],
    extra: Resource<Result<T, crate::error::AppError>>,
    render: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(PageState, Option<T>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let state = page_state_resource(forms);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    let extra = extra.await.ok();
                    page_or_error(state.await, |st| render(st, extra))
                })
            }}
        </Suspense>
    }
}

/// Whether the page at `here` is in the section `href` leads to (marked `aria-current`): the
/// page itself, or a page under it (a submission under the listing, a tracked code under
/// tracking), but not a section of its own (the new-submission form).
pub fn in_section(here: &str, href: &str) -> bool {
    let here = here.trim_end_matches('/');
    here == href || (here.starts_with(&format!("{href}/")) && !matches!(here, "/submissions/new") && href != "/")
}

/// The path and the query (without `?`) of the page being rendered.
fn here() -> (String, String) {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return (parts.uri.path().to_owned(), parts.uri.query().unwrap_or_default().to_owned());
    }
    let location = use_location();
    (location.pathname.get_untracked(), location.search.get_untracked().trim_start_matches('?').to_owned())
}

/// The frame of every page. In-page links carry `rel="external"` so that, once hydrated, the
/// router leaves them to the browser, which moves the focus to the target (the router would not).
/// `title` is the page's own name; the frame adds the site name and,
/// when the page shows form errors, the error prefix.
#[component]
pub fn Page(
    #[prop(into)] title: String,
    state: PageState,
    #[prop(optional)] has_errors: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let full_title = if has_errors {
        format!("{} {} – {}", td_string!(locale, site.error_prefix), title, td_string!(locale, site.title_suffix))
    } else {
        format!("{} – {}", title, td_string!(locale, site.title_suffix))
    };
    let notice = state.notice.as_deref().and_then(|c| messages::notice_message(locale, c));
    let page_errors = state.page_errors.clone();
    let other = td_string!(locale, site.other_language_code);
    let (path, search) = here();
    // Pages are not routed in the browser (islands only): the link is written once, here.
    let lang_href = {
        let next = if search.is_empty() { path.clone() } else { format!("{path}?{search}") };
        format!("/locale/{other}?next={}", encode_component(&next))
    };
    let menu = nav::menu_html(locale, &path, nav::MenuPerson::of(&state).as_ref());
    // A page rendered outside the router (`ui::document`) writes its head itself.
    #[cfg(feature = "ssr")]
    let full_title = match use_context::<document::DocumentHead>() {
        Some(head) => {
            head.set_title(full_title);
            None
        }
        None => Some(full_title),
    };
    #[cfg(not(feature = "ssr"))]
    let full_title = Some(full_title);
    let meta = full_title.map(|title| {
        view! {
            <Title text=title/>
            <Meta name="description" content=td_string!(locale, site.description).to_string()/>
        }
    });
    view! {
        {meta}
        <a class="skip-link" href="#main" rel="external">{t!(i18n, site.skip_link)}</a>
        <header class="site-header" inner_html=frame::header_html(locale, &lang_href)/>
        <nav class="site-nav" aria-label=td_string!(locale, site.nav_label) inner_html=menu/>
        <main id="main" tabindex="-1" class="wrap main">
            {notice.map(|n| view! { <div class="notice" role="status"><p>{n}</p></div> })}
            {state.user.as_ref().and_then(|u| u.blocked_until.clone()).map(|until| view! {
                <crate::moderation::pages::BlockedBanner until=until/>
            })}
            <ErrorSummary errors=page_errors order=&[]/>
            {children()}
        </main>
        <footer class="site-footer" inner_html=frame::footer_html(locale)/>
    }
}

/// The summary above a form with errors: one link per problem, in form order (UX.md §3).
/// It takes the focus when the page loads (`autofocus`, no script needed), so screen readers
/// announce it.
#[component]
pub fn ErrorSummary(
    errors: FieldErrors,
    order: &'static [&'static str],
    /// Prepended to field ids in the links, when a page has several forms.
    #[prop(optional, into)]
    id_prefix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // The form's fields in their order, then the whole form's problem, then any other field.
    let mut items = form_messages(locale, &errors);
    let rank =
        |field: &str| order.iter().position(|f| *f == field).unwrap_or(order.len() + usize::from(field != "form"));
    items.sort_by_key(|(field, _)| rank(field));
    (!items.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" autofocus=true>
                <h2 id="error-summary-title" class="error-summary__title">{t!(i18n, errors.summary_title)}</h2>
                <ul class="error-summary__list">
                    {items.into_iter().map(|(field, msg)| {
                        let href = if field == "form" { "#main".to_owned() } else { format!("#{id_prefix}{field}") };
                        view! { <li><a href=href rel="external">{msg}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A labelled input with its hint and error (label, hint, error, input: UX.md §3 Forms).
#[component]
pub fn TextField(
    /// The input's name (and id, unless `id` is given).
    #[prop(into)]
    name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] value: String,
    errors: FieldErrors,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The element id when `name` is not unique on the page (several forms).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.clone());
    let p = field_parts(&name, &id, hint.is_some(), &errors);
    let spellcheck = matches!(input_type, "email" | "password").then_some("false");
    view! {
        <div class=p.class>
            <FieldHead id=id.clone() label=label hint=hint hint_id=p.hint_id error=p.error error_id=p.error_id/>
            <input
                class="input"
                id=id
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                spellcheck=spellcheck
                aria-invalid=p.invalid
                aria-describedby=p.described
            />
        </div>
    }
}

/// The ids and classes of a field with its hint and error, shared by every kind of input.
struct FieldParts {
    error: Option<String>,
    hint_id: String,
    error_id: String,
    described: Option<String>,
    class: &'static str,
    invalid: Option<&'static str>,
}

fn field_parts(name: &str, id: &str, hint: bool, errors: &FieldErrors) -> FieldParts {
    let locale = use_i18n().get_locale_untracked();
    let error = errors.get(name).map(|code| field_message(locale, name, code));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [hint.then(|| hint_id.clone()), error.as_ref().map(|_| error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    FieldParts {
        class: if error.is_some() { "field field--error" } else { "field" },
        invalid: error.is_some().then_some("true"),
        described: (!described.is_empty()).then_some(described),
        error,
        hint_id,
        error_id,
    }
}

/// The label, hint and error above a field.
#[component]
fn FieldHead(
    #[prop(into)] id: String,
    label: String,
    hint: Option<String>,
    hint_id: String,
    error: Option<String>,
    error_id: String,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <label class="field__label" for=id>{label}</label>
        {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        {error.map(|e| view! {
            <p class="error" id=error_id>
                <span class="visually-hidden">{td_string!(locale, errors.hidden_prefix)}" "</span>{e}
            </p>
        })}
    }
}

/// A labelled multi-line text box.
#[component]
pub fn TextAreaField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] id: Option<String>,
    errors: FieldErrors,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_owned());
    let p = field_parts(name, &id, hint.is_some(), &errors);
    view! {
        <div class=p.class>
            <FieldHead id=id.clone() label=label hint=hint hint_id=p.hint_id error=p.error error_id=p.error_id/>
            // Leptos writes a textarea's text unescaped during server rendering, so typed text with
            // `</textarea>` could end the element; it goes in escaped instead.
            <textarea class="textarea" id=id name=name rows=rows aria-invalid=p.invalid aria-describedby=p.described
                inner_html=escape_html(&value)>
            </textarea>
        </div>
    }
}

/// A labelled drop-down list. `options` are (value, label); an empty value is "choose"/"any".
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional)] errors: FieldErrors,
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_owned());
    let p = field_parts(name, &id, hint.is_some(), &errors);
    view! {
        <div class=p.class>
            <FieldHead id=id.clone() label=label hint=hint hint_id=p.hint_id error=p.error error_id=p.error_id/>
            <select class="select" id=id name=name aria-invalid=p.invalid aria-describedby=p.described
                inner_html=options_html(&options, &selected)></select>
        </div>
    }
}

/// The `<option>`s of a drop-down, the `selected` one marked, written as one piece of HTML
/// rather than a view per option: the form to send a submission has about 150 (every
/// neighbourhood and category), a fifth of what its render cost.
fn options_html(options: &[(String, String)], selected: &str) -> String {
    let mut html = String::with_capacity(options.iter().map(|(v, t)| v.len() + t.len() + 32).sum());
    for (value, text) in options {
        html.push_str("<option value=\"");
        html.push_str(&escape_html(value));
        html.push_str(if *value == selected { "\" selected>" } else { "\">" });
        html.push_str(&escape_html(text));
        html.push_str("</option>");
    }
    html
}

/// Sends a signed-out visitor to the sign-in page, then back to `next`. A real 302 on the
/// server (whatever the request's Accept header says), client-side navigation after hydration.
#[component]
pub fn SignInFirst(#[prop(into)] next: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FOUND);
    }
    let path = format!("/sign-in?next={}", encode_component(&next));
    view! { <leptos_router::components::Redirect path=path/> }
}

/// The 404 page body, with its status. Also the router's fallback.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <WithState render=move |state| view! { <NotFound state=state/> }/> }
}

/// The body of the page not found, for a page whose state is already loaded; it sets the
/// status 404 too.
#[component]
pub fn NotFound(state: PageState) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    let title = td_string!(i18n.get_locale_untracked(), not_found.title).to_string();
    view! {
        <Page title=title state=state>
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <p><a href="/">{t!(i18n, not_found.home_link)}</a></p>
            <p>{t!(i18n, not_found.help)}</p>
        </Page>
    }
}

/// The body shown when a page cannot load its data (the database is down). Needs no database.
#[component]
pub fn ServerErrorPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
    }
    let i18n = use_i18n();
    let title = td_string!(i18n.get_locale_untracked(), server_error.title).to_string();
    view! {
        <Page title=title state=PageState::default()>
            <h1>{t!(i18n, server_error.title)}</h1>
            <p>{t!(i18n, server_error.text)}</p>
            <p>{t!(i18n, server_error.help)}</p>
        </Page>
    }
}

/// The body for a signed-in user who lacks the role a page needs, with status 403.
#[component]
pub fn ForbiddenPage(state: PageState) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FORBIDDEN);
    }
    let i18n = use_i18n();
    let title = td_string!(i18n.get_locale_untracked(), forbidden.title).to_string();
    view! {
        <Page title=title state=state>
            <h1>{t!(i18n, forbidden.title)}</h1>
            <p>{t!(i18n, admin.forbidden_text)}</p>
        </Page>
    }
}

#[cfg(test)]
mod nav_tests {
    use super::in_section;

    #[test]
    fn the_current_section_is_marked_in_the_menu() {
        assert!(in_section("/submissions", "/submissions"));
        assert!(in_section("/submissions/42", "/submissions"), "a submission belongs to the listing");
        assert!(!in_section("/submissions/new", "/submissions"), "the form is a section of its own");
        assert!(in_section("/submissions/new", "/submissions/new"));
        assert!(in_section("/t/INE-2026-000001", "/t"));
        assert!(!in_section("/board", "/submissions"));
        assert!(!in_section("/admin/roles", "/"));
    }
}

#[cfg(test)]
mod tests {
    use super::options_html;

    #[test]
    fn a_drop_down_marks_the_chosen_option_and_escapes_what_it_shows() {
        let options = vec![
            (String::new(), "Seçiniz".to_owned()),
            ("7".to_owned(), "Akhisar".to_owned()),
            ("8\"".to_owned(), "Cami <Kebir> & Ali'nin".to_owned()),
        ];
        assert_eq!(
            options_html(&options, "7"),
            "<option value=\"\">Seçiniz</option><option value=\"7\" selected>Akhisar</option>\
             <option value=\"8&quot;\">Cami &lt;Kebir&gt; &amp; Ali&#39;nin</option>"
        );
        assert_eq!(options_html(&options, "").matches(" selected").count(), 1, "\"choose\" when nothing is");
        assert!(!options_html(&options, "9").contains("selected"), "no option that was not offered");
    }
}
