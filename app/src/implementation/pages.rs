//! The public board (`/board`): proposals by stage, from evaluation to completion, with the
//! listing's filters; and the implementation section of a proposal's page.
use super::{Board, BoardQuery, ImplementationView};
use crate::error::AppError;
use crate::i18n::*;
use crate::reference::ReferenceData;
use crate::ui::messages::{format_count, format_date, format_lira, status_code_name};
use crate::ui::{Page, SelectField, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/_sf", endpoint = "board")]
pub async fn load_board(query: BoardQuery) -> Result<(Board, std::sync::Arc<ReferenceData>), AppError> {
    let pool = use_context::<crate::db::Pool>().ok_or_else(|| AppError::internal("no pool in context"))?;
    let board = crate::db::read(&pool, move |c| super::service::board(c, &query)).await?;
    let reference = crate::reference::service::cached(&pool).await?;
    Ok((board, reference))
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || query.get(),
        |q| {
            load_board(BoardQuery {
                category: q.get("category"),
                neighbourhood: q.get("neighbourhood"),
                directorate: q.get("directorate"),
            })
        },
    );
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some((board, reference)) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let q = query.get_untracked();
            let any = td_string!(locale, listing.any).to_string();
            let mut categories = vec![(String::new(), any.clone())];
            categories.extend(reference.categories.iter().map(|c| (c.id.to_string(), c.name(locale).to_owned())));
            let mut hoods = vec![(String::new(), any.clone())];
            hoods.extend(reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let mut directorates = vec![(String::new(), any)];
            directorates.extend(reference.directorates.iter().map(|d| (d.id.to_string(), d.name(locale).to_owned())));
            view! {
                <Page title=td_string!(locale, board.title).to_string() state=state>
                    <h1>{t!(i18n, board.title)}</h1>
                    <p class="lead">{t!(i18n, board.lead)}</p>
                    <details class="filters">
                        <summary class="filters__title">{t!(i18n, listing.filters)}</summary>
                        <form method="get" action="/board">
                            <SelectField name="category" label=td_string!(locale, listing.category).to_string() options=categories
                                selected=q.get("category").unwrap_or_default()/>
                            <SelectField name="neighbourhood" label=td_string!(locale, listing.neighbourhood).to_string() options=hoods
                                selected=q.get("neighbourhood").unwrap_or_default()/>
                            <SelectField name="directorate" label=td_string!(locale, listing.directorate).to_string() options=directorates
                                selected=q.get("directorate").unwrap_or_default()/>
                            <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                            <p><a href="/board">{t!(i18n, listing.clear)}</a></p>
                        </form>
                    </details>
                    <div class="board">
                        {board.stages.into_iter().map(|stage| {
                            let heading_id = format!("stage-{}", stage.status);
                            let labelled_by = heading_id.clone();
                            let heading = td_string!(locale, board.stage, stage = status_code_name(locale, &stage.status),
                                count = format_count(locale, stage.count)).to_string();
                            let more = (stage.count > stage.items.len() as i64).then(|| {
                                (format!("/submissions?status={}", stage.status), td_string!(locale, board.more).to_string())
                            });
                            view! {
                                <section class="board__stage" aria-labelledby=labelled_by>
                                    <h2 id=heading_id>{heading}</h2>
                                    <ul class="board__items">
                                        {stage.items.into_iter().map(|item| {
                                            let progress = item.progress_percent
                                                .map(|p| td_string!(locale, board.progress, percent = p).to_string());
                                            view! {
                                                <li>
                                                    <a href=format!("/submissions/{}", item.id)>{item.title.clone()}</a>
                                                    <p class="hint">{item.reference.clone()}" · "{format_date(locale, &item.updated_at)}</p>
                                                    {progress.map(|p| view! { <p>{p}</p> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    {more.map(|(href, label)| view! { <p><a href=href>{label}</a></p> })}
                                </section>
                            }
                        }).collect_view()}
                    </div>
                </Page>
            }.into_any()
        }/>
    }
}

/// A proposal's implementation on its page: progress, budget, responsible directorate and the
/// milestones with their planned and done dates.
#[component]
pub fn ImplementationSection(
    implementation: ImplementationView,
    reference: std::sync::Arc<ReferenceData>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let directorate =
        implementation.directorate_id.and_then(|id| reference.directorate(id)).map(|d| d.name(locale).to_owned());
    let budget = implementation.budget.map(|b| format_lira(locale, b));
    let progress = implementation.progress_percent;
    view! {
        <section class="implementation" id="implementation" aria-labelledby="implementation-heading">
            <h2 id="implementation-heading">{t!(i18n, implementation.heading)}</h2>
            <p>
                <label for="implementation-progress">{td_string!(locale, board.progress, percent = progress).to_string()}</label>
                " "
                <progress id="implementation-progress" max="100" value=progress.to_string()>{format!("%{progress}")}</progress>
            </p>
            <dl class="summary-list">
                {budget.map(|b| view! { <div><dt>{t!(i18n, implementation.budget)}</dt><dd>{b}</dd></div> })}
                {directorate.map(|d| view! { <div><dt>{t!(i18n, implementation.directorate)}</dt><dd>{d}</dd></div> })}
            </dl>
            {(!implementation.milestones.is_empty()).then(|| view! {
                <h3>{t!(i18n, implementation.milestones)}</h3>
                <ol class="milestones">
                    {implementation.milestones.into_iter().map(|m| {
                        let when = match &m.done_on {
                            Some(done) => td_string!(locale, implementation.done, date = format_date(locale, &format!("{done}T09:00:00Z"))).to_string(),
                            None => td_string!(locale, implementation.planned, date = format_date(locale, &format!("{}T09:00:00Z", m.planned_on))).to_string(),
                        };
                        view! {
                            <li class=if m.done_on.is_some() { "milestone milestone--done" } else { "milestone" }>
                                <strong>{m.title.clone()}</strong>
                                <p class="hint">{when}</p>
                                {(!m.note.is_empty()).then(|| view! { <p>{m.note.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
            {(!implementation.before.is_empty() || !implementation.after.is_empty()).then(|| view! {
                <h3>{t!(i18n, implementation.photos_heading)}</h3>
                <div class="before-after">
                    <PhotoSide heading=td_string!(locale, implementation.before).to_string() photos=implementation.before.clone()/>
                    <PhotoSide heading=td_string!(locale, implementation.after).to_string() photos=implementation.after.clone()/>
                </div>
            })}
        </section>
    }
}

/// One side of the before/after photos, each linking to the full picture.
#[component]
fn PhotoSide(heading: String, photos: Vec<crate::submissions::MediaView>) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    (!photos.is_empty()).then(|| {
        view! {
            <figure class="before-after__side">
                <figcaption>{heading.clone()}</figcaption>
                <ul class="photos">
                    {photos.into_iter().enumerate().map(|(n, m)| {
                        let alt = td_string!(locale, implementation.photo_alt, side = &heading, n = n + 1).to_string();
                        let thumb = m.thumb_url.unwrap_or_else(|| m.url.clone());
                        view! {
                            <li><a href=m.url><img src=thumb alt=alt loading="lazy"/></a></li>
                        }
                    }).collect_view()}
                </ul>
            </figure>
        }
    })
}

/// The staff's implementation editor on a proposal's page: the figures (progress, budget,
/// responsible directorate), a new milestone, and marking milestones done. Plain forms.
#[component]
pub fn ImplementationEditor(
    submission_id: i64,
    /// A completed proposal takes after photos only.
    completed: bool,
    implementation: Option<ImplementationView>,
    reference: std::sync::Arc<ReferenceData>,
    state: crate::session::PageState,
) -> impl IntoView {
    use crate::session::FormName;
    use crate::ui::{TextAreaField, TextField};
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let mine = state.flash_of(FormName::Implementation).cloned();
    let errors = mine.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let current = implementation.clone().unwrap_or_default();
    // Each of the editor's forms is an item of the form name; a failed one shows what was typed
    // into it, the others what is stored.
    let typed = move |field: &str, stored: String| {
        let item = match field {
            "progress_percent" | "budget" | "directorate_id" => "figures",
            "phase" => "photos",
            _ => "milestone",
        };
        mine.as_ref().filter(|f| f.item.as_deref() == Some(item)).map_or(stored, |f| f.value(field))
    };
    let mut directorates = vec![(String::new(), td_string!(locale, implementation.choose_directorate).to_string())];
    directorates.extend(reference.directorates.iter().map(|d| (d.id.to_string(), d.name(locale).to_owned())));
    let budget = current.budget.map(|b| crate::ui::messages::format_decimal(locale, b, 2)).unwrap_or_default();
    let open: Vec<_> = current.milestones.iter().filter(|m| m.done_on.is_none()).cloned().collect();
    let photos_error = errors.get("photos").map(|p| crate::ui::messages::field_message(locale, "photos", p));
    let phase_error = errors.get("phase").map(|p| crate::ui::messages::field_message(locale, "phase", p));
    let phase_typed = typed("phase", if completed { "after".into() } else { "before".into() });
    let photos_form = view! {
        <h3>{t!(i18n, implementation.photos_add_heading)}</h3>
        <form method="post" action=format!("/submissions/{submission_id}/implementation/photos") enctype="multipart/form-data" novalidate="">
            <fieldset class="radios" id="phase">
                <legend class="field__label">{t!(i18n, implementation.phase_legend)}</legend>
                {phase_error.map(|e| view! { <p class="error">{e}</p> })}
                <div class="radios__row">
                    {[("before", td_string!(locale, implementation.before).to_string()), ("after", td_string!(locale, implementation.after).to_string())]
                        .into_iter().map(|(value, label)| {
                            let id = format!("phase-{value}");
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name="phase" value=value checked=phase_typed == value/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                </div>
            </fieldset>
            <crate::submissions::pages::form::FileField name="photos" id="photos" error=photos_error multiple=true
                accept="image/jpeg,image/png,image/webp,image/gif"
                label=td_string!(locale, implementation.photos_label).to_string() hint=td_string!(locale, implementation.photos_hint).to_string()/>
            <button type="submit" class="btn btn--secondary">{t!(i18n, implementation.photos_submit)}</button>
        </form>
    };
    if completed {
        return view! {
            <section class="panel" aria-labelledby="editor-heading" id="implementation-editor">
                <h2 id="editor-heading" class="panel__title">{t!(i18n, implementation.editor_heading)}</h2>
                {photos_form}
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby="editor-heading" id="implementation-editor">
            <h2 id="editor-heading" class="panel__title">{t!(i18n, implementation.editor_heading)}</h2>
            <form method="post" action=format!("/submissions/{submission_id}/implementation") novalidate="">
                <TextField name="progress_percent" input_type="number" label=td_string!(locale, implementation.progress_label).to_string()
                    value=typed("progress_percent", current.progress_percent.to_string()) errors=errors.clone()/>
                <TextField name="budget" label=td_string!(locale, implementation.budget_label).to_string()
                    hint=td_string!(locale, round.estimated_cost_hint).to_string() value=typed("budget", budget) errors=errors.clone()/>
                <SelectField name="directorate_id" label=td_string!(locale, implementation.directorate).to_string() options=directorates
                    selected=typed("directorate_id", current.directorate_id.map(|d| d.to_string()).unwrap_or_default()) errors=errors.clone()/>
                <button type="submit" class="btn btn--secondary">{t!(i18n, implementation.save_figures)}</button>
            </form>
            <h3>{t!(i18n, implementation.add_heading)}</h3>
            <form method="post" action=format!("/submissions/{submission_id}/milestones") novalidate="">
                <TextField name="title" label=td_string!(locale, implementation.title_label).to_string()
                    value=typed("title", String::new()) errors=errors.clone()/>
                <TextField name="planned_on" input_type="date" label=td_string!(locale, implementation.planned_label).to_string()
                    value=typed("planned_on", String::new()) errors=errors.clone()/>
                <TextAreaField name="note" label=td_string!(locale, implementation.note_label).to_string()
                    value=typed("note", String::new()) errors=errors.clone() rows=2/>
                <button type="submit" class="btn">{t!(i18n, implementation.add)}</button>
            </form>
            {(!open.is_empty()).then(|| view! {
                <h3>{t!(i18n, implementation.open_heading)}</h3>
                <ul class="links">
                    {open.into_iter().map(|m| {
                        let label = td_string!(locale, implementation.mark_done, title = &m.title).to_string();
                        view! {
                            <li>
                                <form method="post" action=format!("/milestones/{}/done", m.id) class="inline-form">
                                    <button type="submit" class="btn btn--secondary">{label}</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {photos_form}
        </section>
    }
    .into_any()
}
