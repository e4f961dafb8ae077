//! "My submissions": the person's drafts and what they sent.
#![cfg(feature = "ssr")]
use super::*;

/// "My submissions": the user's drafts and a page of what they sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyData {
    pub drafts: Vec<DraftView>,
    pub sent: ListingData,
}

/// "My submissions" (`GET /my/submissions`, signed-in people only), rendered outside the router
/// (`ui::document`): their drafts and the page (`?page=`) of what they sent, newest first.
#[cfg(feature = "ssr")]
pub async fn my_submissions_page(pool: crate::db::Pool, parts: &http::request::Parts) -> crate::ui::document::Document {
    use crate::ui::document::{page, query_value, Access};
    let load = async |ctx: &crate::session::ssr::RequestCtx| -> Result<MyData, AppError> {
        let me = ctx.actor.user_id().ok_or_else(|| AppError::internal("a signed-in page without a user"))?;
        let mut filter = ListQuery { page: query_value(parts, "page"), ..Default::default() }.lenient();
        filter.author = Some(me);
        let page = crate::submissions::listing::list(&ctx.pool, filter.clone()).await?;
        let actor = ctx.actor.clone();
        let drafts = crate::db::read_now(&ctx.pool, move |c| crate::submissions::drafts::list(c, &actor)).await?;
        let reference = crate::reference::service::cached(&ctx.pool).await?;
        Ok(MyData { drafts, sent: ListingData { filter, page, reference } })
    };
    page(pool, parts, Access::SignedIn, &[], load, my_submissions_view).await
}

/// One saved draft in "My submissions": continue it, or delete it.
#[component]
pub(super) fn DraftItem(draft: DraftView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let untitled = td_string!(locale, mine.untitled).to_string();
    let title = if draft.title.is_empty() { untitled } else { draft.title.clone() };
    let saved = td_string!(locale, mine.saved_on, date = format_date(locale, &draft.updated_at)).to_string();
    let continue_label = td_string!(locale, mine.continue_label, title = title.clone()).to_string();
    let delete_label = td_string!(locale, mine.delete_label, title = title.clone()).to_string();
    view! {
        <li class="result draft">
            <h3 class="result__title"><a href=format!("/submissions/new?draft={}", draft.id)>{title}</a></h3>
            <p class="result__meta">{saved}</p>
            <div class="buttons">
                <a class="btn btn--secondary" href=format!("/submissions/new?draft={}", draft.id) aria-label=continue_label>{t!(i18n, mine.continue_draft)}</a>
                <form method="post" action=format!("/submissions/drafts/{}/delete", draft.id) class="inline-form">
                    <button type="submit" class="btn btn--warning" aria-label=delete_label>{t!(i18n, mine.delete_draft)}</button>
                </form>
            </div>
        </li>
    }
}

/// The page of "my submissions" for the signed-in person in `state`.
#[cfg(feature = "ssr")]
fn my_submissions_view(state: PageState, data: MyData) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let MyData { drafts, sent: ListingData { filter, page, reference } } = data;
    let empty = page.items.is_empty();
    let items = page.items.clone();
    let refs = reference;
    view! {
        <Page title=td_string!(locale, mine.title).to_string() state=state>
            <div class="page-head">
                <h1>{t!(i18n, mine.title)}</h1>
                <a class="btn" href="/submissions/new">{t!(i18n, listing.new_button)}</a>
            </div>
            {(!drafts.is_empty()).then(|| view! {
                <section aria-labelledby="drafts-heading">
                    <h2 id="drafts-heading">{t!(i18n, mine.drafts_heading)}</h2>
                    <p class="hint">{t!(i18n, mine.drafts_intro)}</p>
                    <ol class="results">
                        {drafts.into_iter().map(|d| view! { <DraftItem draft=d/> }).collect_view()}
                    </ol>
                </section>
                <h2>{t!(i18n, mine.sent_heading)}</h2>
            })}
            {if empty {
                view! { <p>{t!(i18n, mine.none)}</p> }.into_any()
            } else {
                view! {
                    <ol class="results">
                        {items.into_iter().map(|item| view! { <ResultItem item=item reference=refs.clone()/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Pagination filter=ListFilter { sort: Sort::New, ..filter } page=page base="/my/submissions"/>
        </Page>
    }.into_any()
}
