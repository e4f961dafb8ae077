//! The home page: a start page (UX.md §3): what the platform is, how to take part, the other
//! channels (153, WhatsApp, VİM) and how much of İnegöl it covers.
use crate::i18n::*;
use crate::reference::load_coverage;
use crate::ui::{Page, WithStateAnd};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let cov = Resource::new(|| (), |_| load_coverage());
    view! {
        <WithStateAnd extra=cov render=move |state, cov| {
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
                    {cov.map(|c| view! {
                        <h2>{t!(i18n, home.facts_heading)}</h2>
                        <p>{td_string!(locale, home.facts, neighbourhoods = c.neighbourhoods, directorates = c.directorates).to_string()}</p>
                    })}
                </Page>
            }
        }/>
    }
}
