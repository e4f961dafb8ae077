//! The form to send a submission (with preview, drafts and similar titles while typing) and
//! the staff intake form that shares its fields.
use super::*;

/// The reference lists the submission forms offer, a fresh token that makes a double-clicked
/// submit send one submission, and the draft being continued (`?draft=` of the user's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormData {
    pub reference: std::sync::Arc<ReferenceData>,
    pub token: String,
    pub draft: Option<DraftView>,
    /// The map's background and the district's box, for the point picker.
    pub tiles: crate::map::Tiles,
    pub district: crate::domain::geo::BBox,
}

#[server(prefix = "/_sf", endpoint = "submission_form")]
pub async fn load_submission_form(draft: String) -> Result<FormData, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    submission_form_data(&ctx, &draft).await
}

/// What the submission form shows the person `ctx` serves, continuing their draft `draft` (its
/// id as typed in the address; anything else, or someone else's, is a new submission).
#[cfg(feature = "ssr")]
pub async fn submission_form_data(ctx: &crate::session::ssr::RequestCtx, draft: &str) -> Result<FormData, AppError> {
    use rand::Rng;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let token: String =
        rand::thread_rng().sample_iter(rand::distributions::Alphanumeric).take(24).map(char::from).collect();
    let draft = match (draft.parse::<i64>().ok().filter(|n| *n > 0), ctx.actor.user_id()) {
        (Some(id), Some(_)) => {
            let actor = ctx.actor.clone();
            match crate::db::read(&ctx.pool, move |c| crate::submissions::drafts::get(c, &actor, id)).await {
                Ok(d) => Some(d),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    let tiles = (*crate::map::service::tiles(&ctx.pool).await?).clone();
    let district = crate::map::service::district(&ctx.pool).await?.bbox();
    Ok(FormData { reference, token, draft, tiles, district })
}

/// The form's values as a saved draft holds them.
#[cfg(feature = "ssr")]
pub(super) fn draft_values(d: &DraftView) -> crate::session::FormFlash {
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let coord = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
    let values = [
        ("kind", d.kind.clone()),
        ("title", d.title.clone()),
        ("body", d.body.clone()),
        ("category_id", num(d.category_id)),
        ("neighbourhood_id", num(d.neighbourhood_id)),
        ("lat", coord(d.lat)),
        ("lon", coord(d.lon)),
    ];
    crate::session::FormFlash {
        form: crate::session::FormName::Submission,
        item: None,
        values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        errors: FieldErrors::new(),
    }
}

/// Submissions like the title being typed (for the suggestion list under the title field).
#[server(prefix = "/_sf", endpoint = "similar")]
pub async fn similar_submissions(title: String) -> Result<Vec<SubmissionSummary>, AppError> {
    let title: String = title.chars().take(crate::domain::submissions::TITLE_MAX).collect();
    crate::submissions::listing::similar(&pool()?, &title, 5).await
}

/// The fields a submission form shares with staff intake.
#[component]
pub(super) fn SubmissionFields(
    state: PageState,
    reference: std::sync::Arc<ReferenceData>,
    tiles: crate::map::Tiles,
    district: crate::domain::geo::BBox,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let errors = state.errors();
    let kind_value = state.value("kind");
    let kind_error = errors.get("kind").map(|c| crate::ui::messages::field_message(locale, "kind", c));
    let choose = td_string!(locale, new_submission.choose).to_string();
    let mut categories = vec![(String::new(), choose.clone())];
    categories.extend(reference.categories.iter().map(|c| (c.id.to_string(), c.name(locale).to_owned())));
    let mut hoods = vec![(String::new(), choose)];
    hoods.extend(reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
    let location_error = errors.get("location").map(|c| crate::ui::messages::field_message(locale, "location", c));
    let photos_error = errors.get("photos").map(|c| crate::ui::messages::field_message(locale, "photos", c));
    let video_error = errors.get("video").map(|c| crate::ui::messages::field_message(locale, "video", c));
    let kind_class = if kind_error.is_some() { "field field--error" } else { "field" };
    let kind_described = kind_error.as_ref().map(|_| "kind-error");
    let location_class = if location_error.is_some() { "field field--error" } else { "field" };
    view! {
        <div class=kind_class id="kind">
            <fieldset class="radios" aria-describedby=kind_described>
                <legend class="field__label">{t!(i18n, new_submission.kind)}</legend>
                {kind_error.map(|e| view! { <p class="error" id="kind-error">{e}</p> })}
                {Kind::ALL.iter().map(|k| {
                    let value = k.as_str();
                    let id = format!("kind-{value}");
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="radio">
                            <input type="radio" id=id.clone() name="kind" value=value checked=kind_value == value aria-describedby=hint_id.clone()/>
                            <label for=id>{kind_name(locale, *k)}</label>
                            <p class="hint radio__hint" id=hint_id>{kind_hint(locale, *k)}</p>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </div>
        <TitleWithSuggestions value=state.value("title") errors=errors.clone()/>
        <TextAreaField name="body" label=td_string!(locale, new_submission.body_label).to_string()
            hint=td_string!(locale, new_submission.body_hint).to_string() value=state.value("body") errors=errors.clone() rows=8/>
        <SelectField name="category_id" label=td_string!(locale, new_submission.category_label).to_string()
            hint=td_string!(locale, new_submission.category_hint).to_string() options=categories selected=state.value("category_id") errors=errors.clone()/>
        <SelectField name="neighbourhood_id" label=td_string!(locale, new_submission.neighbourhood_label).to_string()
            options=hoods selected=state.value("neighbourhood_id") errors=errors.clone()/>
        <div class=location_class id="location">
            <fieldset class="location">
                <legend class="field__label">{t!(i18n, new_submission.location_legend)}</legend>
                <p class="hint">{t!(i18n, new_submission.location_hint)}</p>
                {location_error.map(|e| view! { <p class="error">{e}</p> })}
                <div class="location__inputs">
                    <TextField name="lat" label=td_string!(locale, new_submission.lat_label).to_string() value=state.value("lat") errors=FieldErrors::new()/>
                    <TextField name="lon" label=td_string!(locale, new_submission.lon_label).to_string() value=state.value("lon") errors=FieldErrors::new()/>
                </div>
                <crate::map::pages::PointPicker tiles district/>
            </fieldset>
        </div>
        <FileField name="photo" id="photos" error=photos_error multiple=true accept="image/jpeg,image/png,image/webp,image/gif"
            label=td_string!(locale, new_submission.photos_label).to_string() hint=td_string!(locale, new_submission.photos_hint).to_string()/>
        <FileField name="video" id="video" error=video_error multiple=false accept="video/mp4,video/webm"
            label=td_string!(locale, new_submission.video_label).to_string() hint=td_string!(locale, new_submission.video_hint).to_string()/>
    }
}

/// The title field; once the page is interactive, up to five existing submissions sharing words
/// with the typed title are listed under it, so people can support one instead of sending a
/// duplicate. Without JavaScript the field works as any other. The words are translated here, on
/// the server; the island gets them ready-made, so the wasm bundle carries no translations.
#[component]
pub(super) fn TitleWithSuggestions(value: String, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error = errors.get("title").map(|c| crate::ui::messages::field_message(locale, "title", c));
    let words = TitleWords {
        label: td_string!(locale, new_submission.title_label).to_string(),
        hint: td_string!(locale, new_submission.title_hint).to_string(),
        hidden_prefix: td_string!(locale, errors.hidden_prefix).to_string(),
        similar_heading: td_string!(locale, new_submission.similar_heading).to_string(),
        similar_hint: td_string!(locale, new_submission.similar_hint).to_string(),
    };
    view! { <TitleField value error words/> }
}

/// The translated words of the title field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleWords {
    label: String,
    hint: String,
    hidden_prefix: String,
    similar_heading: String,
    similar_hint: String,
}

/// The interactive part of the title field (an island: the only code the page ships).
#[island]
fn TitleField(value: String, error: Option<String>, words: TitleWords) -> impl IntoView {
    let suggestions = RwSignal::new(Vec::<SubmissionSummary>::new());
    let generation = StoredValue::new(0_u64);
    let on_input = move |ev: leptos::ev::Event| {
        let title = event_target_value(&ev);
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        if title.trim().chars().count() < 5 {
            suggestions.set(Vec::new());
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return; // typed on: wait for the pause
                }
                leptos::task::spawn_local(async move {
                    if let Ok(found) = similar_submissions(title).await {
                        if generation.get_value() == mine {
                            suggestions.set(found);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(400),
        );
    };
    let described = if error.is_some() { "title-hint title-error similar" } else { "title-hint similar" };
    let TitleWords { label, hint, hidden_prefix, similar_heading, similar_hint } = words;
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label class="field__label" for="title">{label}</label>
            <p class="hint" id="title-hint">{hint}</p>
            {error.clone().map(|e| view! {
                <p class="error" id="title-error">
                    <span class="visually-hidden">{hidden_prefix}" "</span>{e}
                </p>
            })}
            <input class="input" id="title" name="title" type="text" value=value autocomplete="off"
                aria-invalid=error.is_some().then_some("true") aria-describedby=described on:input=on_input/>
            <div id="similar" class="similar" aria-live="polite">
                {move || {
                    let list = suggestions.get();
                    (!list.is_empty()).then(|| view! {
                        <p class="similar__title">{similar_heading.clone()}</p>
                        <p class="hint">{similar_hint.clone()}</p>
                        <ul class="similar__list">
                            {list.into_iter().map(|s| view! {
                                <li><a href=format!("/submissions/{}", s.id) target="_blank">{s.title}</a>
                                    " "<span class="similar__meta">{s.reference}</span></li>
                            }).collect_view()}
                        </ul>
                    })
                }}
            </div>
        </div>
    }
}

/// A file input with its label, hint and error.
#[component]
pub(crate) fn FileField(
    name: &'static str,
    id: &'static str,
    label: String,
    hint: String,
    error: Option<String>,
    multiple: bool,
    accept: &'static str,
) -> impl IntoView {
    let described = if error.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    view! {
        <div class=if error.is_some() { "field field--error" } else { "field" }>
            <label class="field__label" for=id>{label}</label>
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
            {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
            <input class="file" type="file" id=id name=name multiple=multiple accept=accept aria-describedby=described
                aria-invalid=error.is_some().then_some("true")/>
        </div>
    }
}

#[cfg(feature = "ssr")]
pub(super) const SUBMISSION_ORDER: &[&str] =
    &["kind", "title", "body", "category_id", "neighbourhood_id", "location", "photos", "video"];

/// The submission form (`GET /submissions/new`, `?draft=` to continue a draft), rendered outside
/// the router (`ui::document`) with the hydration scripts of its island (similar titles while
/// typing); a visitor is sent to sign in first, and back.
#[cfg(feature = "ssr")]
pub async fn new_submission_page(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    options: &leptos::config::LeptosOptions,
) -> crate::ui::document::Document {
    let draft = crate::ui::document::query_value(parts, "draft").unwrap_or_default();
    use crate::ui::document::{page_with_islands, Access};
    let load = async |ctx: &crate::session::ssr::RequestCtx| submission_form_data(ctx, &draft).await;
    page_with_islands(pool, parts, Access::SignedIn, &[FormName::Submission], options, load, new_submission_view).await
}

/// The submission form for `state`, the signed-in person's.
#[cfg(feature = "ssr")]
fn new_submission_view(mut state: PageState, data: FormData) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // A failed post's values win over the saved draft's: they are what was typed last.
    if state.form.is_none() {
        state.form = data.draft.as_ref().map(draft_values);
    }
    let errors = state.errors();
    // Rendered and sanitised by the server's Markdown renderer when the preview was asked for.
    let preview_html = state.value("preview_html");
    let draft_id = data.draft.as_ref().map(|d| d.id.to_string()).unwrap_or_default();
    let draft_note = data.draft.as_ref().map(|d| {
        td_string!(locale, new_submission.editing_draft, date = format_date(locale, &d.updated_at)).to_string()
    });
    view! {
        <Page title=td_string!(locale, new_submission.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
            <ErrorSummary errors=errors.clone() order=SUBMISSION_ORDER/>
            <h1>{t!(i18n, new_submission.title)}</h1>
            <p class="lead">{t!(i18n, new_submission.intro)}</p>
            {draft_note.map(|note| view! { <p class="inset">{note}</p> })}
            {(!preview_html.is_empty()).then(|| view! {
                <section class="preview" id="preview" aria-labelledby="preview-heading" tabindex="-1">
                    <h2 id="preview-heading" class="preview__label">{t!(i18n, new_submission.preview_heading)}</h2>
                    <p class="hint">{t!(i18n, new_submission.preview_hint)}</p>
                    <h3 class="preview__title">{state.value("title")}</h3>
                    <div class="prose" inner_html=preview_html.clone()></div>
                </section>
            })}
            <form method="post" action="/submissions" novalidate="" class="form" enctype="multipart/form-data">
                <input type="hidden" name="client_token" value=data.token.clone()/>
                <input type="hidden" name="draft_id" value=draft_id/>
                <SubmissionFields state=state.clone() reference=data.reference.clone() tiles=data.tiles.clone() district=data.district/>
                <p class="hint">{t!(i18n, new_submission.privacy)}</p>
                <p class="hint">{t!(i18n, new_submission.draft_hint)}</p>
                <div class="buttons">
                    <button type="submit" class="btn">{t!(i18n, new_submission.submit)}</button>
                    <button type="submit" name="action" value="preview" class="btn btn--secondary">{t!(i18n, new_submission.preview)}</button>
                    <button type="submit" name="action" value="draft" class="btn btn--secondary">{t!(i18n, new_submission.save_draft)}</button>
                </div>
            </form>
        </Page>
    }
    .into_any()
}

/// The caller's earlier requests (staff; audited). `None` when the contact is neither a phone
/// number nor an e-mail address.
#[server(prefix = "/_sf", endpoint = "caller_history")]
pub async fn load_caller_history(contact: String) -> Result<Option<Vec<crate::submissions::CallerRequest>>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    if !ctx.actor.has(Role::Staff) {
        return Ok(Some(Vec::new()));
    }
    let actor = ctx.actor.clone();
    match crate::db::tx(&ctx.pool, move |c| crate::submissions::service::caller_history(c, &actor, &contact)).await {
        Ok(list) => Ok(Some(list)),
        Err(AppError::Validation { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || query.get().get("contact").unwrap_or_default(),
        |contact| async move {
            let form = load_submission_form(String::new()).await?;
            let history = if contact.trim().is_empty() { None } else { Some(load_caller_history(contact).await?) };
            Ok((form, crate::visits::pages::load_intake_visits().await?, history))
        },
    );
    view! {
        <WithStateAnd forms=&[FormName::Intake] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(user) = state.user.clone() else {
                return view! { <SignInFirst next="/staff/intake"/> }.into_any();
            };
            if !user.roles.contains(&Role::Staff) {
                return view! { <ForbiddenPage state=state/> }.into_any();
            }
            let Some((data, visits, history)) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let looked_up = query.get_untracked().get("contact").unwrap_or_default();
            let contact_value = if state.form.is_some() { state.value("citizen_contact") } else { looked_up.clone() };
            let history_view = history.map(|found| match found {
                None => view! { <p class="error" id="contact-error">{t!(i18n, intake.lookup_invalid)}</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p role="status">{t!(i18n, intake.lookup_none)}</p> }.into_any(),
                Some(list) => view! {
                    <p role="status">{td_string!(locale, intake.lookup_found, count = list.len()).to_string()}</p>
                    <ul class="results">
                        {list.into_iter().map(|r| view! {
                            <li class="result">
                                <p class="result__title"><a href=format!("/submissions/{}", r.id)>{r.title.clone()}</a></p>
                                <p class="result__meta">{format!("{} · {} · {} · {}", r.reference, kind_name(locale, r.kind),
                                    crate::ui::messages::status_name(locale, r.status), crate::ui::messages::format_date(locale, &r.created_at))}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            });
            let errors = state.errors();
            let mut visit_options = vec![(String::new(), td_string!(locale, intake.no_visit).to_string())];
            visit_options.extend(visits.iter().map(|v| (v.id.to_string(), crate::visits::pages::visit_line(locale, v, &data.reference))));
            let mut channels = vec![(String::new(), td_string!(locale, new_submission.choose).to_string())];
            channels.extend(
                Channel::ALL.iter().filter(|c| **c != Channel::Web).map(|c| (c.as_str().to_owned(), channel_name(locale, *c))),
            );
            let consent = state.value("consent") == "1";
            view! {
                <Page title=td_string!(locale, intake.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["channel", "visit_id", "citizen_name", "citizen_contact", "kind", "title", "body", "category_id", "neighbourhood_id", "location"]/>
                    <h1>{t!(i18n, intake.title)}</h1>
                    <p class="lead">{t!(i18n, intake.intro)}</p>
                    <section class="panel" aria-labelledby="lookup-heading">
                        <h2 id="lookup-heading" class="panel__title">{t!(i18n, intake.lookup_heading)}</h2>
                        <form method="get" action="/staff/intake" class="search-form">
                            <div class="field">
                                <label class="field__label" for="contact">{t!(i18n, intake.lookup_label)}</label>
                                <input class="input" id="contact" name="contact" type="search" value=looked_up.clone() autocomplete="off"/>
                            </div>
                            <button type="submit" class="btn btn--secondary">{t!(i18n, intake.lookup_submit)}</button>
                        </form>
                        {history_view}
                    </section>
                    <form method="post" action="/staff/intake" novalidate="" class="form" enctype="multipart/form-data">
                        // A second click, or the browser sending the form again, records nothing new.
                        <input type="hidden" name="client_token" value=data.token.clone()/>
                        <SelectField name="channel" label=td_string!(locale, intake.channel_label).to_string() options=channels
                            selected=state.value("channel") errors=errors.clone()/>
                        <SelectField name="visit_id" label=td_string!(locale, intake.visit_label).to_string()
                            hint=td_string!(locale, intake.visit_hint).to_string() options=visit_options
                            selected=state.value("visit_id") errors=errors.clone()/>
                        <fieldset class="group">
                            <legend class="group__title">{t!(i18n, intake.citizen_heading)}</legend>
                            <TextField name="citizen_name" label=td_string!(locale, intake.citizen_name_label).to_string()
                                value=state.value("citizen_name") errors=errors.clone()/>
                            <TextField name="citizen_contact" label=td_string!(locale, intake.citizen_contact_label).to_string()
                                hint=td_string!(locale, intake.citizen_contact_hint).to_string() value=contact_value errors=errors.clone()/>
                            <div class="checkbox">
                                <input type="checkbox" id="consent" name="consent" value="1" checked=consent/>
                                <label for="consent">{t!(i18n, intake.consent_label)}</label>
                            </div>
                        </fieldset>
                        <SubmissionFields state=state.clone() reference=data.reference.clone() tiles=data.tiles.clone() district=data.district/>
                        <button type="submit" class="btn">{t!(i18n, intake.submit)}</button>
                    </form>
                </Page>
            }.into_any()
        }/>
    }
}
