//! A submission's page: body, photos and video, details, support, follow, withdraw, timeline
//! and the conversation (comments, replies, official answers, flags).
use super::*;

/// What a submission's page shows; `None` when there is no such (public) submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionPageData {
    pub detail: SubmissionDetail,
    pub comments: Vec<CommentView>,
    pub reference: std::sync::Arc<ReferenceData>,
    pub is_staff: bool,
    /// The workflow moves this person may make (staff, the chair), in status order.
    pub moves: Vec<Status>,
    /// The committee's last closed round and decisions, once there is one.
    pub scorecard: Option<crate::evaluation::Scorecard>,
    /// The implementation, once staff have recorded any of it.
    pub implementation: Option<crate::implementation::ImplementationView>,
    /// For staff on an open service request: the officers (id, name, directorate) it can be
    /// assigned to, and the one it is assigned to.
    pub officers: Vec<(i64, String, i64)>,
    pub assignee_id: Option<i64>,
    /// The map's background, for the point on the page.
    pub tiles: crate::map::Tiles,
}

/// The forms of a submission's page, whose typed values and errors it shows again.
pub const PAGE_FORMS: &[FormName] = &[
    FormName::Comment,
    FormName::Transition,
    FormName::Implementation,
    FormName::Assignment,
    FormName::Moderation,
    FormName::Merge,
];

/// A submission's page for the request `parts` (`GET /submissions/{id}`), rendered outside the
/// router (`ui::document`). 404 for an id that is no public submission.
#[cfg(feature = "ssr")]
pub async fn render_page(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    id: &str,
) -> crate::ui::document::Document {
    use crate::ui::document::{page, Access};
    page(pool, parts, Access::Anyone, PAGE_FORMS, async |ctx| submission_page_data(ctx, id).await, submission_view)
        .await
}

/// What the page of the submission `id` (as typed in its address) shows to the person `ctx`
/// serves; `None` when there is no such public submission.
#[cfg(feature = "ssr")]
pub async fn submission_page_data(
    ctx: &crate::session::ssr::RequestCtx,
    id: &str,
) -> Result<Option<SubmissionPageData>, AppError> {
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else { return Ok(None) };
    let actor = ctx.actor.clone();
    let is_staff = actor.has(Role::Staff);
    let rubrics = ctx.pool.caches().slot::<crate::evaluation::service::KeptRubrics>();
    let found = crate::db::read_page(&ctx.pool, move |c| {
        let detail = crate::submissions::service::detail(c, &actor, id)?;
        let comments = match detail.has_comments {
            true => crate::comments::service::conversation(c, &actor, id)?,
            false => Vec::new(),
        };
        // A closed round and every change to the implementation are in the public timeline:
        // without them there is nothing to read.
        let happened = |what: fn(EventKind) -> bool| detail.events.iter().any(|e| what(e.kind));
        let scorecard = match happened(|k| k == EventKind::RoundClosed) {
            true => match crate::evaluation::service::scorecard(c, id, &rubrics) {
                Ok(card) => Some(card),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            },
            false => None,
        };
        let implementation = match happened(EventKind::changes_implementation) {
            true => crate::implementation::service::implementation(c, id, detail.has_media)?,
            false => None,
        };
        let routable = is_staff
            && detail.kind.track() == crate::domain::submissions::Track::ServiceRequest
            && detail.status.is_open();
        let (officers, assignee_id) = if routable {
            (crate::routing::service::officers(c)?, crate::routing::service::assignee_of(c, id)?)
        } else {
            (Vec::new(), None)
        };
        Ok((detail, comments, scorecard, implementation, officers, assignee_id))
    })
    .await;
    let (detail, comments, scorecard, implementation, officers, assignee_id) = match found {
        Ok(v) => v,
        Err(AppError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let moves = crate::submissions::workflow::moves_of(&ctx.actor, &detail);
    let tiles = (*crate::map::service::tiles(&ctx.pool).await?).clone();
    Ok(Some(SubmissionPageData {
        detail,
        comments,
        reference,
        is_staff,
        moves,
        scorecard,
        implementation,
        officers,
        assignee_id,
        tiles,
    }))
}

pub(super) fn event_text(locale: Locale, kind: EventKind, from: Option<Status>, to: Option<Status>) -> String {
    let status = |s: Option<Status>| s.map(|s| status_name(locale, s)).unwrap_or_default();
    match kind {
        EventKind::Created => td_string!(locale, detail.ev_created).to_string(),
        EventKind::StatusChanged => {
            td_string!(locale, detail.ev_status, from = status(from), to = status(to)).to_string()
        }
        EventKind::QueuedForCommittee => td_string!(locale, detail.ev_queued).to_string(),
        EventKind::RoundOpened => td_string!(locale, detail.ev_round_opened).to_string(),
        EventKind::Recused => td_string!(locale, detail.ev_recused).to_string(),
        EventKind::RoundClosed => td_string!(locale, detail.ev_round_closed).to_string(),
        EventKind::MilestoneAdded => td_string!(locale, detail.ev_milestone_added).to_string(),
        EventKind::MilestoneUpdated => td_string!(locale, detail.ev_milestone_updated).to_string(),
        EventKind::ProgressUpdated => td_string!(locale, detail.ev_progress_updated).to_string(),
        EventKind::PhotosAdded => td_string!(locale, detail.ev_photos_added).to_string(),
        EventKind::Assigned => td_string!(locale, detail.ev_assigned).to_string(),
        EventKind::DuplicateMerged => td_string!(locale, detail.ev_duplicate_merged).to_string(),
    }
}

/// The public timeline of a submission: each step with who acted, by role and directorate
/// (never by name), the public note, and for staff the internal one.
#[component]
pub(super) fn Timeline(
    events: Vec<crate::submissions::EventView>,
    /// For the directorates' names; without it they are left out.
    #[prop(optional)]
    reference: Option<std::sync::Arc<ReferenceData>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <h2>{t!(i18n, detail.timeline)}</h2>
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let text = event_text(locale, e.kind, e.from_status, e.to_status);
                let directorate = e.actor_directorate_id
                    .and_then(|id| reference.as_ref().and_then(|r| r.directorate(id)))
                    .map(|d| d.name(locale).to_owned());
                let role = e.actor_role.as_deref().map(|r| {
                    let who = [e.actor_name.clone(), Some(actor_role_name(locale, r)), directorate.clone()];
                    format!(" ({})", who.into_iter().flatten().collect::<Vec<_>>().join(", "))
                });
                view! {
                    <li class="timeline__item">
                        <p class="timeline__date">{format_date(locale, &e.at)}</p>
                        <p class="timeline__text">{text}{role}</p>
                        {(!e.public_note.is_empty()).then(|| view! { <p class="timeline__note">{e.public_note.clone()}</p> })}
                        {e.internal_note.clone().filter(|n| !n.is_empty()).map(|n| view! {
                            <p class="timeline__note timeline__note--internal">
                                <strong>{t!(i18n, workflow.internal_label)}" "</strong>{n}
                            </p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The committee's result on the public page: each criterion's mean with its spread, the
/// weighted overall mean, and the decisions with their reasons, cost and duration.
#[component]
fn ScorecardSection(card: crate::evaluation::Scorecard) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let summary = td_string!(locale, scorecard.summary, scored = card.scored, recused = card.recused).to_string();
    view! {
        <section class="scorecard" aria-labelledby="scorecard-heading">
            <h2 id="scorecard-heading">{t!(i18n, scorecard.heading)}</h2>
            <p>{summary}</p>
            <crate::evaluation::pages::ResultTable criteria=card.criteria.clone() result=card.result.clone()
                scale_max=card.scale_max heading_id="scorecard-heading"/>
            {card.decisions.into_iter().map(|d| {
                let outcome = crate::evaluation::pages::outcome_name(locale, &d.outcome);
                let cost = d.estimated_cost.map(|c| td_string!(locale, scorecard.cost, cost = format_lira(locale, c)).to_string());
                let days = d.estimated_days.map(|n| td_string!(locale, scorecard.days, days = format_count(locale, n)).to_string());
                view! {
                    <div class="decision">
                        <h3>{td_string!(locale, scorecard.decision, outcome = outcome).to_string()}</h3>
                        <p>{d.public_reason.clone()}</p>
                        {cost.map(|c| view! { <p>{c}</p> })}
                        {days.map(|n| view! { <p>{n}</p> })}
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

/// The form that moves a submission on (staff, the chair): one choice per move that is theirs,
/// the public reason, and a note for staff only.
#[component]
fn MoveForm(id: i64, moves: Vec<Status>, state: PageState) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let errors = state.flash_of(FormName::Transition).map(|f| f.errors.clone()).unwrap_or_default();
    let typed = |field: &str| state.flash_of(FormName::Transition).map(|f| f.value(field)).unwrap_or_default();
    let chosen = typed("to");
    let mut options = vec![(String::new(), td_string!(locale, workflow.choose).to_string())];
    options.extend(moves.iter().map(|s| (s.as_str().to_owned(), status_name(locale, *s))));
    view! {
        <section class="panel" aria-labelledby="move-heading" id="move">
            <h2 id="move-heading" class="panel__title">{t!(i18n, workflow.heading)}</h2>
            <form method="post" action=format!("/submissions/{id}/transition") novalidate="">
                <SelectField name="to" label=td_string!(locale, workflow.to_label).to_string() options=options
                    selected=chosen errors=errors.clone()/>
                <TextAreaField name="public_note" label=td_string!(locale, workflow.public_note).to_string()
                    hint=td_string!(locale, workflow.public_note_hint).to_string() value=typed("public_note")
                    errors=errors.clone() rows=3/>
                <TextAreaField name="internal_note" label=td_string!(locale, workflow.internal_note).to_string()
                    hint=td_string!(locale, workflow.internal_note_hint).to_string() value=typed("internal_note")
                    errors=errors.clone() rows=2/>
                <button type="submit" class="btn">{t!(i18n, workflow.submit)}</button>
            </form>
        </section>
    }
}

/// Staff route an open service request: the directorate, an officer of it (or its queue), a
/// public note. Without JavaScript the officers are grouped by directorate.
#[component]
fn AssignForm(
    id: i64,
    directorate_id: i64,
    assignee_id: Option<i64>,
    officers: Vec<(i64, String, i64)>,
    reference: std::sync::Arc<ReferenceData>,
    state: PageState,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let flash = state.flash_of(FormName::Assignment).cloned();
    let errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let typed = |field: &str, stored: String| flash.as_ref().map_or(stored, |f| f.value(field));
    let chosen_directorate = typed("directorate_id", directorate_id.to_string());
    let chosen_officer = typed("officer_id", assignee_id.map(|a| a.to_string()).unwrap_or_default());
    let directorates: Vec<(String, String)> =
        reference.directorates.iter().map(|d| (d.id.to_string(), d.name(locale).to_owned())).collect();
    let officer_error = errors.get("officer_id").map(|p| crate::ui::messages::field_message(locale, "officer_id", p));
    let officer_class = if officer_error.is_some() { "field field--error" } else { "field" };
    view! {
        <section class="panel" aria-labelledby="assign-heading" id="assign">
            <h2 id="assign-heading" class="panel__title">{t!(i18n, routing.heading)}</h2>
            <form method="post" action=format!("/submissions/{id}/assignment") novalidate="">
                <SelectField name="directorate_id" label=td_string!(locale, routing.directorate).to_string()
                    options=directorates selected=chosen_directorate errors=errors.clone()/>
                <div class=officer_class>
                    <label class="field__label" for="officer_id">{t!(i18n, routing.officer)}</label>
                    <p class="hint" id="officer_id-hint">{t!(i18n, routing.officer_hint)}</p>
                    {officer_error.map(|e| view! { <p class="error" id="officer_id-error">{e}</p> })}
                    <select class="select" id="officer_id" name="officer_id" aria-describedby="officer_id-hint">
                        <option value="" selected=chosen_officer.is_empty()>{t!(i18n, routing.no_officer)}</option>
                        {reference.directorates.iter().filter(|d| officers.iter().any(|o| o.2 == d.id)).map(|d| {
                            let group: Vec<(i64, String)> = officers.iter().filter(|o| o.2 == d.id).map(|o| (o.0, o.1.clone())).collect();
                            let chosen = chosen_officer.clone();
                            view! {
                                <optgroup label=d.name(locale).to_owned()>
                                    {group.into_iter().map(|(oid, name)| {
                                        let value = oid.to_string();
                                        let is = value == chosen;
                                        view! { <option value=value selected=is>{name}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <TextAreaField name="public_note" id="assign-public_note" label=td_string!(locale, routing.public_note).to_string()
                    hint=td_string!(locale, routing.public_note_hint).to_string() value=typed("public_note", String::new())
                    errors=errors.clone() rows=2/>
                <button type="submit" class="btn">{t!(i18n, routing.submit)}</button>
            </form>
        </section>
    }
}

/// One comment with its actions and replies.
#[component]
pub(super) fn Comment(
    comment: CommentView,
    submission_id: i64,
    signed_in: bool,
    is_reply: bool,
    state: PageState,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let cid = comment.id;
    let class = match (comment.official, is_reply) {
        (true, _) => "comment comment--official",
        (false, true) => "comment comment--reply",
        _ => "comment",
    };
    let replies = comment.replies.clone();
    let placeholder = comment
        .moderation
        .map(|state| crate::moderation::Placeholder { state, reason: comment.moderation_reason.clone() });
    let staff = state.user.as_ref().is_some_and(|u| u.roles.contains(&Role::Staff));
    // The original, when this reader may read it (its author, a moderator).
    let readable = placeholder.is_none() || comment.mine || staff;
    view! {
        <li class=class id=format!("comment-{cid}")>
            <p class="comment__meta">
                <strong>{comment.author_name.clone()}</strong>
                {comment.official.then(|| view! { " " <span class="tag tag--green">{t!(i18n, detail.official)}</span> })}
                " · "{format_date(locale, &comment.created_at)}
                {comment.edited.then(|| view! { " · " {t!(i18n, detail.edited)} })}
            </p>
            {placeholder.clone().filter(|_| !comment.deleted).map(|p| view! {
                <crate::moderation::pages::PlaceholderNote placeholder=p target=FlagTarget::Comment insider=readable/>
            })}
            {if comment.deleted {
                view! { <p class="comment__deleted">{t!(i18n, detail.deleted)}</p> }.into_any()
            } else if readable {
                view! { <div class="comment__body prose" inner_html=comment.body_html.clone()></div> }.into_any()
            } else {
                ().into_any()
            }}
            {(staff && !comment.deleted).then(|| view! {
                <crate::moderation::pages::ModerationForm target=FlagTarget::Comment id=cid state=state.clone()/>
            })}
            {(signed_in && !comment.deleted).then(|| view! {
                <div class="comment__actions">
                    {(!is_reply).then(|| view! {
                        <details class="details">
                            <summary>{t!(i18n, detail.reply)}</summary>
                            <form method="post" action=format!("/submissions/{submission_id}/comments") class="details__body">
                                <input type="hidden" name="parent_id" value=cid.to_string()/>
                                <TextAreaField name="body" id=format!("reply-{cid}") label=td_string!(locale, detail.reply_label).to_string()
                                    errors=FieldErrors::new() rows=3/>
                                <button type="submit" class="btn">{t!(i18n, detail.reply_submit)}</button>
                            </form>
                        </details>
                    })}
                    {comment.can_edit.then(|| view! {
                        <details class="details">
                            <summary>{t!(i18n, detail.edit)}</summary>
                            <form method="post" action=format!("/comments/{cid}/edit") class="details__body">
                                <TextAreaField name="body" id=format!("edit-{cid}") label=td_string!(locale, detail.comment_label).to_string()
                                    value=comment.body.clone() errors=FieldErrors::new() rows=3/>
                                <button type="submit" class="btn">{t!(i18n, detail.save)}</button>
                            </form>
                        </details>
                    })}
                    {comment.mine.then(|| view! {
                        <form method="post" action=format!("/comments/{cid}/delete") class="inline-form">
                            <button type="submit" class="btn btn--secondary btn--small">{t!(i18n, detail.delete)}</button>
                        </form>
                    })}
                    {(!comment.mine && placeholder.is_none()).then(|| view! {
                        <a class="comment__action" href=flag_page_path(FlagTarget::Comment, cid)>{t!(i18n, detail.flag)}</a>
                    })}
                </div>
            })}
            {(!replies.is_empty()).then(|| view! {
                <ol class="comments comments--replies">
                    {replies.into_iter().map(|r| view! {
                        <Comment comment=r submission_id=submission_id signed_in=signed_in is_reply=true state=state.clone()/>
                    }).collect_view()}
                </ol>
            })}
        </li>
    }
    .into_any()
}

/// A submission's page, its state and data loaded (`render_page`).
pub fn submission_view(state: PageState, data: Option<SubmissionPageData>) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Some(data) = data else { return view! { <NotFound state=state/> }.into_any() };
    let SubmissionPageData {
        detail: d,
        comments,
        reference,
        is_staff,
        moves,
        scorecard,
        implementation,
        officers,
        assignee_id,
        tiles,
    } = data;
    let errors = state.errors();
    // A refused moderator's decision's summary leads to its own form's field.
    let decision_prefix = state
        .flash_of(FormName::Moderation)
        .and_then(|f| f.item.as_deref().map(crate::moderation::pages::decision_prefix))
        .unwrap_or_default();
    let signed_in = state.user.is_some();
    let id = d.id;
    let here = format!("/submissions/{id}");
    let sign_in = format!("/sign-in?next={}", encode_component(&here));
    let category = reference.category(d.category_id).map(|c| c.name(locale).to_owned()).unwrap_or_default();
    let hood = reference.neighbourhood(d.neighbourhood_id).map(|n| n.name.clone()).unwrap_or_default();
    let directorate = reference.directorate(d.directorate_id).map(|x| x.name(locale).to_owned()).unwrap_or_default();
    let author = match &d.author_name {
        Some(name) => name.clone(),
        None => td_string!(locale, detail.via_channel, channel = channel_name(locale, d.channel)).to_string(),
    };
    let participation = d.kind.track() == crate::domain::submissions::Track::Participation;
    let support_count =
        td_string!(locale, detail.support_count, count = format_count(locale, d.support_count)).to_string();
    let threshold =
        td_string!(locale, detail.threshold, threshold = format_count(locale, d.support_threshold)).to_string();
    let comments_heading =
        td_string!(locale, detail.comments_heading, count = format_count(locale, d.comment_count)).to_string();
    let comment_body = if state.value("parent_id").is_empty() { state.value("body") } else { String::new() };
    let no_comments = comments.is_empty();
    let photos: Vec<crate::submissions::MediaView> =
        d.media.iter().filter(|m| m.kind == MediaKind::Photo).cloned().collect();
    let videos: Vec<crate::submissions::MediaView> =
        d.media.iter().filter(|m| m.kind == MediaKind::Video).cloned().collect();
    // Out of public view: the public reads the placeholder; its author and moderators the
    // original beneath it.
    let masked = d.moderation.is_some() && !d.is_author && !is_staff;
    let title = if masked { d.reference.clone() } else { d.title.clone() };
    view! {
                <Page title=title.clone() has_errors=!errors.is_empty() state=state.clone()>
                    <p class="breadcrumbs"><a href="/submissions">{t!(i18n, detail.breadcrumb)}</a>" › "{d.reference.clone()}</p>
                    <p class="result__tags">
                        <span class="tag">{kind_name(locale, d.kind)}</span>" "
                        <span class=status_tag_class(d.status)>{status_name(locale, d.status)}</span>
                    </p>
                    <h1>{title.clone()}</h1>
                    <ErrorSummary errors=errors.clone() order=&["body", "reason", "detail", "action", "into", "support", "status"] id_prefix=decision_prefix/>
                    {d.moderation.clone().map(|p| view! {
                        <crate::moderation::pages::PlaceholderNote placeholder=p target=FlagTarget::Submission insider=!masked/>
                    })}
                    <crate::moderation::pages::MergeLinks merges=d.merges.clone()/>
                    <div class="detail">
                        <div class="detail__main">
                            <div class="prose" inner_html=d.body_html.clone()></div>
                            {(!photos.is_empty()).then(|| view! {
                                <h2 class="visually-hidden">{t!(i18n, detail.photos)}</h2>
                                <ul class="photos">
                                    {photos.iter().enumerate().map(|(n, m)| view! {
                                        <li><a href=m.url.clone()><img src=m.thumb_url.clone().unwrap_or_else(|| m.url.clone())
                                            alt=td_string!(locale, detail.photo_alt, n = n + 1).to_string() loading="lazy"
                                            /></a></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            {videos.iter().map(|m| view! {
                                <video class="video" controls="" preload="metadata" src=m.url.clone()>
                                    <a href=m.url.clone()>{t!(i18n, detail.video)}</a>
                                </video>
                            }).collect_view()}
                            <dl class="summary-list">
                                <div><dt>{t!(i18n, detail.reference)}</dt><dd><strong>{d.reference.clone()}</strong></dd></div>
                                <div><dt>{t!(i18n, detail.author)}</dt><dd>{author}</dd></div>
                                <div><dt>{t!(i18n, detail.sent)}</dt><dd>{format_date(locale, &d.created_at)}</dd></div>
                                <div><dt>{t!(i18n, detail.category)}</dt><dd>{category}</dd></div>
                                <div><dt>{t!(i18n, detail.neighbourhood)}</dt><dd>{hood}</dd></div>
                                <div><dt>{t!(i18n, detail.directorate)}</dt><dd>{directorate}</dd></div>
                                {d.lat.zip(d.lon).map(|(lat, lon)| view! {
                                    <div><dt>{t!(i18n, detail.location)}</dt>
                                        <dd>{td_string!(locale, detail.location_value, lat = format!("{lat:.5}"), lon = format!("{lon:.5}")).to_string()}</dd></div>
                                })}
                            </dl>
                            {d.lat.zip(d.lon).map(|(lat, lon)| view! {
                                <crate::map::pages::PointMap lat lon tiles=tiles.clone() label=d.title.clone()/>
                            })}
                            {implementation.clone().map(|i| view! {
                                <crate::implementation::pages::ImplementationSection implementation=i reference=reference.clone()/>
                            })}
                            {scorecard.map(|card| view! { <ScorecardSection card=card/> })}
                            <crate::response_times::pages::DueTimesBox due=d.due.clone()/>
                            <Timeline events=d.events.clone() reference=reference.clone()/>
                        </div>
                        <aside class="detail__side">
                            {participation.then(|| view! {
                                <section class="panel" aria-labelledby="support-heading">
                                    <h2 id="support-heading" class="panel__title">{t!(i18n, detail.support_heading)}</h2>
                                    <p class="panel__count">{support_count.clone()}</p>
                                    {if d.queued_at.is_some() {
                                        view! { <p>{t!(i18n, detail.queued)}</p> }.into_any()
                                    } else {
                                        view! { <p class="hint">{threshold.clone()}</p> }.into_any()
                                    }}
                                    {if !d.status.accepts_support() {
                                        view! { <p>{t!(i18n, detail.support_closed)}</p> }.into_any()
                                    } else if !signed_in {
                                        view! { <a class="btn" href=sign_in.clone()>{t!(i18n, detail.support_sign_in)}</a> }.into_any()
                                    } else {
                                        let on = !d.supported_by_me;
                                        view! {
                                            <form method="post" action=format!("/submissions/{id}/support")>
                                                <input type="hidden" name="on" value=if on { "1" } else { "0" }/>
                                                {if on {
                                                    view! { <button type="submit" class="btn">{t!(i18n, detail.support)}</button> }.into_any()
                                                } else {
                                                    view! { <button type="submit" class="btn btn--secondary">{t!(i18n, detail.unsupport)}</button> }.into_any()
                                                }}
                                            </form>
                                        }.into_any()
                                    }}
                                </section>
                            })}
                            {signed_in.then(|| {
                                let on = !d.following;
                                view! {
                                    <section class="panel">
                                        <form method="post" action=format!("/submissions/{id}/follow")>
                                            <input type="hidden" name="on" value=if on { "1" } else { "0" }/>
                                            <button type="submit" class="btn btn--secondary">
                                                {if on { td_string!(locale, detail.follow).to_string() } else { td_string!(locale, detail.unfollow).to_string() }}
                                            </button>
                                        </form>
                                        <p class="hint">{t!(i18n, detail.follow_hint)}</p>
                                    </section>
                                }
                            })}
                            {(d.is_author && d.status.is_open()).then(|| view! {
                                <section class="panel">
                                    <form method="post" action=format!("/submissions/{id}/withdraw")>
                                        <button type="submit" class="btn btn--warning">{t!(i18n, detail.withdraw)}</button>
                                    </form>
                                    <p class="hint">{t!(i18n, detail.withdraw_hint)}</p>
                                </section>
                            })}
                            {(!officers.is_empty() || (is_staff && d.kind.track() == crate::domain::submissions::Track::ServiceRequest && d.status.is_open())).then(|| view! {
                                <AssignForm id=id directorate_id=d.directorate_id assignee_id=assignee_id officers=officers.clone()
                                    reference=reference.clone() state=state.clone()/>
                            })}
                            {(!moves.is_empty()).then(|| view! { <MoveForm id=id moves=moves.clone() state=state.clone()/> })}
                            {(is_staff && matches!(d.status, Status::Approved | Status::Scheduled | Status::InImplementation | Status::Completed)).then(|| view! {
                                <crate::implementation::pages::ImplementationEditor submission_id=id implementation=implementation.clone()
                                    completed=d.status == Status::Completed
                                    reference=reference.clone() state=state.clone()/>
                            })}
                            {is_staff.then(|| view! {
                                <section class="panel">
                                    <crate::moderation::pages::ModerationForm target=FlagTarget::Submission id=id state=state.clone()/>
                                    {d.status.is_open().then(|| view! { <crate::moderation::pages::MergeForm id=id state=state.clone()/> })}
                                </section>
                            })}
                            <p><a href=format!("/t/{}", d.reference)>{t!(i18n, detail.track_link)}</a></p>
                            {(signed_in && !d.is_author && d.moderation.is_none()).then(|| view! {
                                <p><a href=flag_page_path(FlagTarget::Submission, id)>{t!(i18n, detail.flag_submission)}</a></p>
                            })}
                        </aside>
                    </div>
                    <section class="comments-section" aria-labelledby="comments-heading">
                        <h2 id="comments-heading">{comments_heading}</h2>
                        {if no_comments {
                            view! { <p>{t!(i18n, detail.no_comments)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="comments">
                                    {comments.into_iter().map(|c| view! {
                                        <Comment comment=c submission_id=id signed_in=signed_in is_reply=false state=state.clone()/>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        {if signed_in {
                            view! {
                                <form method="post" action=format!("/submissions/{id}/comments") class="comment-form" novalidate="">
                                    <TextAreaField name="body" label=td_string!(locale, detail.comment_label).to_string()
                                        hint=td_string!(locale, detail.comment_hint).to_string() value=comment_body errors=errors.clone() rows=4/>
                                    {is_staff.then(|| view! {
                                        <div class="checkbox">
                                            <input type="checkbox" id="official" name="official" value="1"/>
                                            <label for="official">{t!(i18n, detail.official_label)}</label>
                                        </div>
                                    })}
                                    <button type="submit" class="btn">{t!(i18n, detail.comment_submit)}</button>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p><a href=sign_in.clone()>{t!(i18n, detail.comment_sign_in)}</a></p> }.into_any()
                        }}
                    </section>
                </Page>
            }.into_any()
}
