//! The home page: a start page (UX.md §3): what the platform is, how to take part, the other
//! channels (153, WhatsApp, VİM) and how much of İnegöl it covers.
#![cfg(feature = "ssr")]
use crate::i18n::*;
use crate::reference::Coverage;
use crate::session::PageState;
use crate::ui::Page;
use leptos::prelude::*;

/// The home page (`GET /`), rendered outside the router (`ui::document`).
pub async fn home_page(pool: crate::db::Pool, parts: &http::request::Parts) -> crate::ui::document::Document {
    use crate::ui::document::{page, Access};
    // The reference lists kept in memory are the active ones: counting them is no trip.
    let load = async |ctx: &crate::session::ssr::RequestCtx| {
        let lists = crate::reference::service::cached(&ctx.pool).await?;
        Ok::<_, crate::error::AppError>(Coverage {
            neighbourhoods: lists.neighbourhoods.len() as i64,
            directorates: lists.directorates.len() as i64,
        })
    };
    page(pool, parts, Access::Anyone, &[], load, home_view).await
}

/// The start page for the person in `state`, with how much of İnegöl the platform covers.
fn home_view(state: PageState, cov: Coverage) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let signed_in = state.user.is_some();
    view! {
        <Page title=td_string!(locale, home.title).to_string() state=state>
            <h1>{t!(i18n, home.heading)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            {if signed_in {
                view! { <a class="btn btn--start" href="/account">{t!(i18n, home.start_signed_in)}</a> }.into_any()
            } else {
                view! { <a class="btn btn--start" href="/sign-up">{t!(i18n, home.start)}</a> }.into_any()
            }}
            <h2>{t!(i18n, home.how_heading)}</h2>
            <ol class="steps">
                <li>{t!(i18n, home.step_1)}</li>
                <li>{t!(i18n, home.step_2)}</li>
                <li>{t!(i18n, home.step_3)}</li>
                <li>{t!(i18n, home.step_4)}</li>
            </ol>
            <h2>{t!(i18n, home.channels_heading)}</h2>
            <p>{t!(i18n, home.channels)}</p>
            <h2>{t!(i18n, home.facts_heading)}</h2>
            <p>{td_string!(locale, home.facts, neighbourhoods = cov.neighbourhoods, directorates = cov.directorates).to_string()}</p>
        </Page>
    }.into_any()
}
