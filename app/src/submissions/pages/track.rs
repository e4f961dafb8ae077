//! Following a submission by its tracking code (`/t`, `/t/INE-…`), with no account.
use super::*;

#[server(prefix = "/_sf", endpoint = "track")]
pub async fn load_track(code: String) -> Result<Option<(TrackView, ReferenceData)>, AppError> {
    let pool = pool()?;
    let found = crate::db::read(&pool, move |c| crate::submissions::service::track(c, &code)).await;
    match found {
        Ok(t) => Ok(Some((t, (*crate::reference::service::cached(&pool).await?).clone()))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `/t` (the form) and `/t/INE-…` (the status of that code).
#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.get().get("code").unwrap_or_default(),
        |code| async move {
            if code.is_empty() {
                Ok(None)
            } else {
                load_track(code).await
            }
        },
    );
    let query = use_query_map();
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            // The form sends `/t?code=…`: a code that reads well goes to its own address.
            let typed_query = query.with_untracked(|q| q.get("code")).unwrap_or_default();
            if let Some(code) = crate::domain::submissions::RefCode::parse(&typed_query) {
                #[cfg(feature = "ssr")]
                if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                    res.set_status(http::StatusCode::FOUND);
                }
                return view! { <leptos_router::components::Redirect path=format!("/t/{code}")/> }.into_any();
            }
            let code = params.with_untracked(|p| p.get("code")).unwrap_or_default();
            let mut errors = state.errors();
            if !typed_query.trim().is_empty() {
                errors = FieldErrors::single("code", Problem::Invalid);
            }
            let found = data.flatten();
            if !code.is_empty() && found.is_none() && errors.is_empty() {
                #[cfg(feature = "ssr")]
                if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                    res.set_status(http::StatusCode::NOT_FOUND);
                }
                errors = FieldErrors::single("code", Problem::NotFound);
            }
            let typed = if typed_query.is_empty() { code.clone() } else { typed_query.clone() };
            view! {
                <Page title=td_string!(locale, track.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["code"]/>
                    <h1>{t!(i18n, track.title)}</h1>
                    {match found {
                        Some((t, reference)) => {
                            let directorate = reference.directorate(t.directorate_id).map(|d| d.name(locale).to_owned()).unwrap_or_default();
                            view! {
                                <p class="lead">{t.title.clone()}</p>
                                <dl class="summary-list">
                                    <div><dt>{t!(i18n, detail.reference)}</dt><dd><strong>{t.reference.clone()}</strong></dd></div>
                                    <div><dt>{t!(i18n, track.status)}</dt><dd><span class=status_tag_class(t.status)>{status_name(locale, t.status)}</span></dd></div>
                                    <div><dt>{t!(i18n, detail.directorate)}</dt><dd>{directorate}</dd></div>
                                    <div><dt>{t!(i18n, detail.sent)}</dt><dd>{format_date(locale, &t.created_at)}</dd></div>
                                </dl>
                                <crate::response_times::pages::DueTimesBox due=t.due.clone()/>
                                <Timeline events=t.events.clone()/>
                                <p><a href=format!("/submissions/{}", t.id)>{t!(i18n, track.full_page)}</a></p>
                            }.into_any()
                        }
                        None => view! {
                            <p class="lead">{t!(i18n, track.intro)}</p>
                            <form method="get" action="/t" novalidate="">
                                <TextField name="code" label=td_string!(locale, track.code_label).to_string()
                                    hint=td_string!(locale, track.code_hint).to_string() value=typed errors=errors.clone()/>
                                <button type="submit" class="btn">{t!(i18n, track.submit)}</button>
                            </form>
                        }.into_any(),
                    }}
                </Page>
            }.into_any()
        }/>
    }
}
