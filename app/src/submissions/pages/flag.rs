//! Reporting a submission or a comment to the moderators, on a page of its own (one thing per
//! page, as FixMyStreet's "report abuse"): what is reported, a reason from the list and anything
//! to add. The submission's page carries a link per comment instead of a form per comment, which
//! kept a signed-in person's page twice as heavy. The form posts to `server/src/forms/moderation.rs`;
//! a refusal comes back here with its errors and what was typed.
use super::*;

/// What a flag page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagPageData {
    pub target: FlagTarget,
    pub id: i64,
    /// The submission reported, or the one the comment is on.
    pub submission_id: i64,
    pub reference: String,
    pub title: String,
    /// The comment reported (none for a submission).
    pub comment: Option<CommentView>,
    /// This person has reported it already: there is nothing more to send.
    pub already: bool,
}

/// The page to report `target` `id` (as typed in its address; signed-in people only),
/// rendered outside the router (`ui::document`).
#[cfg(feature = "ssr")]
pub async fn flag_page(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    target: FlagTarget,
    id: &str,
) -> crate::ui::document::Document {
    use crate::ui::document::{page, Access};
    let load = async |ctx: &crate::session::ssr::RequestCtx| flag_page_data(ctx, target, id).await;
    page(pool, parts, Access::SignedIn, &[FormName::Flag], load, move |state, data| flag_view(state, target, data))
        .await
}

/// What the flag page of `target` `id` shows to the person `ctx` serves; `None` when there is
/// nothing they can report there: no such item, not public, out of public view already,
/// removed, or their own.
#[cfg(feature = "ssr")]
async fn flag_page_data(
    ctx: &crate::session::ssr::RequestCtx,
    target: FlagTarget,
    id: &str,
) -> Result<Option<FlagPageData>, AppError> {
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else { return Ok(None) };
    let actor = ctx.actor.clone();
    let Some(me) = actor.user_id() else { return Ok(None) };
    let found = crate::db::read_now(&ctx.pool, move |c| {
        let submission_id = match target {
            FlagTarget::Submission => id,
            FlagTarget::Comment => crate::comments::service::submission_of(c, id)?.ok_or(AppError::NotFound)?,
        };
        let detail = crate::submissions::service::detail(c, &actor, submission_id)?;
        let comment = match target {
            FlagTarget::Submission => None,
            FlagTarget::Comment => {
                let all = crate::comments::service::conversation(c, &actor, submission_id)?;
                let mut threads = all.into_iter().flat_map(|mut c| {
                    let replies = std::mem::take(&mut c.replies);
                    std::iter::once(c).chain(replies)
                });
                let found = threads.find(|c| c.id == id);
                Some(found.ok_or(AppError::NotFound)?)
            }
        };
        let reportable = match &comment {
            Some(c) => !c.deleted && !c.mine && c.moderation.is_none(),
            None => !detail.is_author && detail.moderation.is_none(),
        };
        if !reportable {
            return Err(AppError::NotFound);
        }
        let already = crate::moderation::service::flagged_by(c, me, target, id)?;
        Ok(FlagPageData {
            target,
            id,
            submission_id,
            reference: detail.reference,
            title: detail.title,
            comment,
            already,
        })
    })
    .await;
    match found {
        Ok(data) => Ok(Some(data)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where a flag page of `target` `id` is.
pub fn flag_page_path(target: FlagTarget, id: i64) -> String {
    match target {
        FlagTarget::Submission => format!("/submissions/{id}/flag"),
        FlagTarget::Comment => format!("/comments/{id}/flag"),
    }
}

/// The flag page of `target` for the signed-in person in `state`, or the page not found.
#[cfg(feature = "ssr")]
fn flag_view(state: PageState, target: FlagTarget, data: Option<FlagPageData>) -> AnyView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Some(data) = data else { return view! { <NotFound state=state/> }.into_any() };
    let FlagPageData { id, submission_id, reference, title, comment, already, .. } = data;
    let back = match target {
        FlagTarget::Submission => format!("/submissions/{submission_id}"),
        FlagTarget::Comment => format!("/submissions/{submission_id}#comment-{id}"),
    };
    let heading = match target {
        FlagTarget::Submission => td_string!(locale, flag.title_submission).to_string(),
        FlagTarget::Comment => td_string!(locale, flag.title_comment).to_string(),
    };
    let flash = state.flash_of(FormName::Flag).cloned();
    let errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let typed = |k: &str| flash.as_ref().map(|f| f.value(k)).unwrap_or_default();
    let (reason, detail) = (typed("reason"), typed("detail"));
    view! {
        <Page title=heading.clone() has_errors=!errors.is_empty() state=state.clone()>
            <p class="breadcrumbs">
                <a href="/submissions">{t!(i18n, detail.breadcrumb)}</a>" › "
                <a href=format!("/submissions/{submission_id}")>{reference.clone()}</a>
            </p>
            <h1>{heading}</h1>
            <ErrorSummary errors=errors.clone() order=&["reason", "detail"]/>
            {match comment {
                Some(c) => view! {
                    <figure class="reported">
                        <figcaption class="comment__meta">
                            <strong>{c.author_name.clone()}</strong>" · "{format_date(locale, &c.created_at)}
                            " · "<a href=back.clone()>{title.clone()}</a>
                        </figcaption>
                        <div class="prose" inner_html=c.body_html.clone()></div>
                    </figure>
                }.into_any(),
                None => view! {
                    <p class="reported"><strong>{reference.clone()}</strong>" · "<a href=back.clone()>{title.clone()}</a></p>
                }.into_any(),
            }}
            {if already {
                view! {
                    <p class="inset">{t!(i18n, flag.already)}</p>
                    <p><a href=back.clone()>{t!(i18n, flag.back)}</a></p>
                }.into_any()
            } else {
                view! {
                    <p>{t!(i18n, flag.intro)}</p>
                    <form method="post" action=flag_page_path(target, id) novalidate="">
                        <crate::moderation::pages::FlagFields prefix="" chosen=reason detail=detail errors=errors/>
                        <div class="button-row">
                            <button type="submit" class="btn">{t!(i18n, detail.flag_submit)}</button>
                            <a href=back.clone()>{t!(i18n, flag.cancel)}</a>
                        </div>
                    </form>
                }.into_any()
            }}
        </Page>
    }.into_any()
}
