//! Following a submission by its tracking code (`/t`, `/t/INE-…`), with no account.
use super::*;
#[cfg(feature = "ssr")]
use crate::error::Problem;

#[server(prefix = "/_sf", endpoint = "track")]
pub async fn load_track(code: String) -> Result<Option<(TrackView, ReferenceData)>, AppError> {
    track_data(&pool()?, code).await
}

/// What tracking `code` shows: the submission's status and public timeline, with the reference
/// lists for its directorate's name; `None` for a code that names nothing.
#[cfg(feature = "ssr")]
async fn track_data(pool: &crate::db::Pool, code: String) -> Result<Option<(TrackView, ReferenceData)>, AppError> {
    let found = crate::db::read_now(pool, move |c| crate::submissions::service::track(c, &code)).await;
    match found {
        Ok(t) => Ok(Some((t, (*crate::reference::service::cached(pool).await?).clone()))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `/t` (the form) and `/t/INE-…` (the status of that code, `code`), rendered outside the router
/// (`ui::document`). The form sends `/t?code=…`: a code that reads well goes to its own address.
#[cfg(feature = "ssr")]
pub async fn track_page(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    code: Option<&str>,
) -> crate::ui::document::Document {
    use crate::ui::document::{page, query_value, Access, Document};
    let typed = query_value(parts, "code").unwrap_or_default();
    if let Some(code) = crate::domain::submissions::RefCode::parse(&typed) {
        return Document {
            status: http::StatusCode::FOUND,
            html: String::new(),
            location: Some(format!("/t/{code}")),
            nonce: None,
        };
    }
    let code = code.unwrap_or_default().to_owned();
    let load = async |ctx: &crate::session::ssr::RequestCtx| match code.is_empty() {
        true => Ok(None),
        false => track_data(&ctx.pool, code.clone()).await,
    };
    let shown = code.clone();
    page(pool, parts, Access::Anyone, &[], load, move |state, found| track_view(state, &shown, &typed, found)).await
}

/// The tracking page for `code` (from its address) or the code typed into the form (`typed`),
/// with what was `found`.
#[cfg(feature = "ssr")]
fn track_view(state: PageState, code: &str, typed_query: &str, found: Option<(TrackView, ReferenceData)>) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let mut errors = state.errors();
    if !typed_query.trim().is_empty() {
        errors = FieldErrors::single("code", Problem::Invalid);
    }
    if !code.is_empty() && found.is_none() && errors.is_empty() {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
        errors = FieldErrors::single("code", Problem::NotFound);
    }
    let typed = if typed_query.is_empty() { code.to_owned() } else { typed_query.to_owned() };
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
}
