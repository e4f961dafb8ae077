//! The listing: search box, filters, sort, results and pages; every state is a URL.
use super::*;

/// A listing page's data for this query string (bad values dropped, not refused).
#[server(prefix = "/_sf", endpoint = "listing")]
pub async fn load_listing(query: ListQuery) -> Result<ListingData, AppError> {
    let pool = pool()?;
    let filter = query.lenient();
    let page = crate::submissions::listing::list(&pool, filter.clone()).await?;
    let reference = crate::reference::service::cached(&pool).await?;
    Ok(ListingData { filter, page, reference })
}

#[component]
pub fn ListingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.get(), |q| load_listing(query_from_map(&q)));
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(data) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let ListingData { filter, page, reference } = data;
            let any = td_string!(locale, listing.any).to_string();
            let mut kinds = vec![(String::new(), any.clone())];
            kinds.extend(Kind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_name(locale, *k))));
            let mut statuses = vec![(String::new(), any.clone())];
            statuses.extend(Status::ALL.iter().map(|s| (s.as_str().to_owned(), status_name(locale, *s))));
            let mut categories = vec![(String::new(), any.clone())];
            categories.extend(reference.categories.iter().map(|c| (c.id.to_string(), c.name(locale).to_owned())));
            let mut hoods = vec![(String::new(), any.clone())];
            hoods.extend(reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let mut directorates = vec![(String::new(), any.clone())];
            directorates.extend(reference.directorates.iter().map(|d| (d.id.to_string(), d.name(locale).to_owned())));
            let mut sorts = vec![
                ("new".to_owned(), td_string!(locale, listing.sort_new).to_string()),
                ("support".to_owned(), td_string!(locale, listing.sort_support).to_string()),
                ("updated".to_owned(), td_string!(locale, listing.sort_updated).to_string()),
            ];
            if !filter.q.is_empty() {
                sorts.insert(0, ("relevance".to_owned(), td_string!(locale, listing.sort_relevance).to_string()));
            }
            let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
            let count = if filter.q.is_empty() {
                td_string!(locale, listing.count, count = format_count(locale, page.total)).to_string()
            } else if page.more {
                td_string!(locale, listing.count_for_more, count = format_count(locale, page.total), q = &filter.q).to_string()
            } else {
                td_string!(locale, listing.count_for, count = format_count(locale, page.total), q = &filter.q).to_string()
            };
            let items = page.items.clone();
            let empty = items.is_empty();
            let refs = reference.clone();
            let filters_open = filter.kind.is_some() || filter.status.is_some() || filter.category.is_some()
                || filter.neighbourhood.is_some() || filter.directorate.is_some() || filter.sort != Sort::New;
            view! {
                <Page title=td_string!(locale, listing.title).to_string() state=state>
                    <div class="page-head">
                        <h1>{t!(i18n, listing.title)}</h1>
                        <a class="btn" href="/submissions/new">{t!(i18n, listing.new_button)}</a>
                    </div>
                    <p class="lead">{t!(i18n, listing.lead)}</p>
                    <form class="search" method="get" action="/submissions" role="search">
                        <TextField name="q" input_type="search" label=td_string!(locale, listing.search_label).to_string()
                            hint=td_string!(locale, listing.search_hint).to_string() value=filter.q.clone() errors=FieldErrors::new()/>
                        <button type="submit" class="btn">{t!(i18n, listing.search_button)}</button>
                    </form>
                    <div class="listing">
                        <details class="filters" open=filters_open>
                        <summary class="filters__title">{t!(i18n, listing.filters)}</summary>
                        <form method="get" action="/submissions">
                            {(!filter.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=filter.q.clone()/> })}
                            <SelectField name="kind" label=td_string!(locale, listing.kind).to_string() options=kinds
                                selected=filter.kind.map(|k| k.as_str().to_owned()).unwrap_or_default()/>
                            <SelectField name="status" label=td_string!(locale, listing.status).to_string() options=statuses
                                selected=filter.status.map(|s| s.as_str().to_owned()).unwrap_or_default()/>
                            <SelectField name="category" label=td_string!(locale, listing.category).to_string() options=categories
                                selected=opt(filter.category)/>
                            <SelectField name="neighbourhood" label=td_string!(locale, listing.neighbourhood).to_string() options=hoods
                                selected=opt(filter.neighbourhood)/>
                            <SelectField name="directorate" label=td_string!(locale, listing.directorate).to_string() options=directorates
                                selected=opt(filter.directorate)/>
                            <SelectField name="sort" label=td_string!(locale, listing.sort).to_string() options=sorts
                                selected=filter.sort.as_str().to_owned()/>
                            <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                            <p><a href="/submissions">{t!(i18n, listing.clear)}</a></p>
                        </form>
                        </details>
                        <div class="listing__results">
                            <p class="listing__count" role="status">{count}</p>
                            {if empty {
                                view! { <p>{t!(i18n, listing.none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="results">
                                        {items.into_iter().map(|item| view! { <ResultItem item=item reference=refs.clone()/> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            <Pagination filter=filter.clone() page=page.clone() base="/submissions"/>
                        </div>
                    </div>
                </Page>
            }.into_any()
        }/>
    }
}
