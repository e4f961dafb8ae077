//! "My submissions": the person's drafts and what they sent.
use super::*;

/// "My submissions": the user's drafts and a page of what they sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyData {
    pub drafts: Vec<DraftView>,
    pub sent: ListingData,
}

#[server(prefix = "/_sf", endpoint = "my_submissions")]
pub async fn load_my_submissions(page: String) -> Result<Option<MyData>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let Some(me) = ctx.actor.user_id() else { return Ok(None) };
    let mut filter = ListQuery { page: Some(page), ..Default::default() }.lenient();
    filter.author = Some(me);
    let page = crate::submissions::listing::list(&ctx.pool, filter.clone()).await?;
    let actor = ctx.actor.clone();
    let drafts = crate::db::read(&ctx.pool, move |c| crate::submissions::drafts::list(c, &actor)).await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    Ok(Some(MyData { drafts, sent: ListingData { filter, page, reference } }))
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

#[component]
pub fn MySubmissionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.get().get("page").unwrap_or_default(), load_my_submissions);
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/my/submissions"/> }.into_any();
            }
            let Some(Some(MyData { drafts, sent: ListingData { filter, page, reference } })) = data else {
                return view! { <crate::ui::ServerErrorPage/> }.into_any();
            };
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
        }/>
    }
}
