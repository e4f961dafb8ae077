//! (ssr) Flags, the threshold that hides, moderators' decisions, the word list of
//! pre-moderation, blocks and merges. Every step is logged in `moderation_actions` (with its
//! reason) and in the audit log; a hidden item's original is never changed.
use super::{
    BlockInput, BlockView, FlagInput, FlagReason, MergeLink, MergeView, Merges, ModerationAction, ModerationInput,
    ModerationOutcome, ModerationQueue, ModerationState, Placeholder, QueueEntry,
};
use crate::auth::Actor;
use crate::db::direct::Direct;
use crate::db::schema::{
    comments, flags, moderation_actions, moderation_words, submission_merges, submissions, supports, user_blocks, users,
};
use crate::db::sql::{Bind, Sql};
use crate::db::time::{iso, now};
use crate::db::DbConn;
use crate::domain::moderation::Lexicon;
use crate::domain::roles::Role;
use crate::domain::submissions::{EventKind, FlagTarget, Status};
use crate::domain::working_time::{date_text, from_istanbul, parse_date, to_istanbul};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::notifications::NotificationKind;
use crate::settings;
use crate::submissions::service::{change_status, record_event, status_of, EventActor};
use diesel::prelude::*;
use std::collections::HashMap;
use time::{Duration, PrimitiveDateTime, Time};

/// The longest reason or detail a moderator or flagger writes.
pub const REASON_MAX: usize = 500;
/// The longest word-list entry.
const WORD_MAX: usize = 40;

fn check_reason(errors: &mut FieldErrors, field: &str, text: &str, required: bool) {
    let n = text.trim().chars().count();
    if required && n == 0 {
        errors.add(field, Problem::Required);
    } else if n > REASON_MAX {
        errors.add(field, Problem::TooLong);
    }
}

/// An item's moderation state, the submission it is (or is on) and its author; `NotFound` when
/// there is no such item.
fn state_of(conn: &mut DbConn, target: FlagTarget, id: i64) -> AppResult<(Option<ModerationState>, i64, Option<i64>)> {
    let (state, submission, author): (Option<String>, i64, Option<i64>) = match target {
        FlagTarget::Submission => submissions::table
            .find(id)
            .select((submissions::moderation, submissions::id, submissions::author_id))
            .first(conn)?,
        FlagTarget::Comment => comments::table
            .find(id)
            .select((comments::moderation, comments::submission_id, comments::author_id.nullable()))
            .first(conn)?,
    };
    Ok((state.as_deref().map(ModerationState::stored).transpose()?, submission, author))
}

/// A submission's `comment_count` counts its public comments: it moves when one enters or leaves
/// public view.
pub(crate) fn count_comment(conn: &mut DbConn, submission: i64, delta: i64) -> AppResult<()> {
    diesel::update(submissions::table.find(submission))
        .set(submissions::comment_count.eq(submissions::comment_count + delta))
        .execute(conn)?;
    Ok(())
}

fn set_state(conn: &mut DbConn, target: FlagTarget, id: i64, state: Option<ModerationState>) -> AppResult<()> {
    let code = state.map(ModerationState::as_str);
    match target {
        FlagTarget::Submission => {
            diesel::update(submissions::table.find(id)).set(submissions::moderation.eq(code)).execute(conn)?
        }
        FlagTarget::Comment => {
            diesel::update(comments::table.find(id)).set(comments::moderation.eq(code)).execute(conn)?
        }
    };
    Ok(())
}

/// Records a step: `held`, `flagged`, `hidden` or `restored`.
fn log(conn: &mut DbConn, target: FlagTarget, id: i64, action: &str, reason: &str, by: Option<i64>) -> AppResult<()> {
    diesel::insert_into(moderation_actions::table)
        .values((
            moderation_actions::target_kind.eq(target.as_str()),
            moderation_actions::target_id.eq(id),
            moderation_actions::action.eq(action),
            moderation_actions::reason.eq(reason),
            moderation_actions::moderator_id.eq(by),
            moderation_actions::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The flags that hide an item until a moderator looks (an admin setting, 3 by default).
pub fn flag_threshold(conn: &mut DbConn) -> AppResult<i64> {
    Ok(settings::get_i64(conn, settings::FLAG_THRESHOLD)?.max(1))
}

/// Sets the flag threshold (admin): 1–100.
pub fn set_flag_threshold(conn: &mut DbConn, actor: &Actor, value: &str) -> AppResult<i64> {
    actor.require(Role::Admin)?;
    let n: i64 = value
        .trim()
        .parse()
        .map_err(|_| AppError::Validation { fields: FieldErrors::single("flag_threshold", Problem::NotANumber) })?;
    if !(1..=100).contains(&n) {
        return Err(AppError::Validation { fields: FieldErrors::single("flag_threshold", Problem::OutOfRange) });
    }
    settings::set_i64(conn, settings::FLAG_THRESHOLD, n)?;
    crate::audit::service::record(conn, actor, "flag_threshold_set", "settings", &n.to_string())?;
    Ok(n)
}

/// Flags a submission or a comment for the moderators, with a reason from the list; one flag per
/// person per item. The flag that reaches the threshold hides the item until a moderator looks.
/// Returns whether this flag hid it.
pub fn flag(conn: &mut DbConn, actor: &Actor, target: FlagTarget, id: i64, input: &FlagInput) -> AppResult<bool> {
    let me = actor.require_writer()?;
    let mut errors = FieldErrors::new();
    let reason = FlagReason::parse(&input.reason);
    if input.reason.trim().is_empty() {
        errors.add("reason", Problem::Required);
    } else if reason.is_none() {
        errors.add("reason", Problem::UnknownReason);
    }
    check_reason(&mut errors, "detail", &input.detail, false);
    errors.into_result()?;
    let reason = reason.unwrap_or(FlagReason::Other);
    let (state, submission, _) = state_of(conn, target, id)?;
    // What waits for a moderator before publication is not there to flag.
    if state == Some(ModerationState::Pending) {
        return Err(AppError::NotFound);
    }
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO flags (target_kind, target_id, user_id, reason, detail, created_at) VALUES (")
        .text(target.as_str())
        .push(", ")
        .int(id)
        .push(", ")
        .int(me)
        .push(", ")
        .text(reason.as_str())
        .push(", ")
        .text(input.detail.trim())
        .push(", ")
        .bind(Bind::Time(now()))
        .push(") ON CONFLICT DO NOTHING");
    if sql.execute(conn)? == 0 || state.is_some() {
        return Ok(false);
    }
    let open: i64 = flags::table
        .filter(flags::target_kind.eq(target.as_str()).and(flags::target_id.eq(id)).and(flags::reviewed_at.is_null()))
        .count()
        .get_result(conn)?;
    if open < flag_threshold(conn)? {
        return Ok(false);
    }
    set_state(conn, target, id, Some(ModerationState::Flagged))?;
    log(conn, target, id, "flagged", &format!("{open} flags"), None)?;
    if target == FlagTarget::Comment {
        count_comment(conn, submission, -1)?;
    }
    Ok(true)
}

/// Whether `user` has flagged this item already (a second flag from them counts for nothing).
pub fn flagged_by(conn: &mut DbConn, user: i64, target: FlagTarget, id: i64) -> AppResult<bool> {
    let found = flags::table
        .filter(flags::target_kind.eq(target.as_str()).and(flags::target_id.eq(id)).and(flags::user_id.eq(user)))
        .count()
        .get_result::<i64>(conn)?;
    Ok(found > 0)
}

/// A moderator (staff) hides an item or restores it, with a reason. Hiding keeps the original
/// and shows the public a placeholder with the reason; restoring makes it public again, or
/// publishes what the word list held. Either settles the flags so far. The author is told.
pub fn moderate(
    conn: &mut DbConn,
    actor: &Actor,
    target: FlagTarget,
    id: i64,
    input: &ModerationInput,
) -> AppResult<ModerationOutcome> {
    let moderator = actor.require(Role::Staff)?;
    let mut errors = FieldErrors::new();
    let action = ModerationAction::parse(&input.action);
    if input.action.trim().is_empty() {
        errors.add("action", Problem::Required);
    } else if action.is_none() {
        errors.add("action", Problem::Unknown);
    }
    check_reason(&mut errors, "reason", &input.reason, true);
    errors.into_result()?;
    let action = action.unwrap_or(ModerationAction::Restore);
    let reason = input.reason.trim();
    let (was, submission, author) = state_of(conn, target, id)?;
    let (now_state, step) = match action {
        ModerationAction::Hide => (Some(ModerationState::Hidden), "hidden"),
        ModerationAction::Restore => (None, "restored"),
    };
    // A comment held by the word list is first published by the first restore: its submission's
    // followers hear of it then.
    let first_publication = target == FlagTarget::Comment
        && was.is_some()
        && now_state.is_none()
        && moderation_actions::table
            .filter(moderation_actions::target_kind.eq(target.as_str()).and(moderation_actions::target_id.eq(id)))
            .select(moderation_actions::action)
            .load::<String>(conn)?
            .iter()
            .fold(false, |held, a| match a.as_str() {
                "held" => true,
                "restored" => false,
                _ => held,
            });
    set_state(conn, target, id, now_state)?;
    if target == FlagTarget::Comment && was.is_none() != now_state.is_none() {
        count_comment(conn, submission, if now_state.is_none() { 1 } else { -1 })?;
    }
    diesel::update(
        flags::table.filter(
            flags::target_kind.eq(target.as_str()).and(flags::target_id.eq(id)).and(flags::reviewed_at.is_null()),
        ),
    )
    .set(flags::reviewed_at.eq(Some(now())))
    .execute(conn)?;
    log(conn, target, id, step, reason, Some(moderator))?;
    let subject = format!("{}:{id}", target.as_str());
    crate::audit::service::record(conn, actor, &format!("moderation_{step}"), &subject, reason)?;
    let published = was == Some(ModerationState::Pending) && now_state.is_none();
    if first_publication {
        crate::notifications::service::notify_followers(conn, submission, author, NotificationKind::Comment, "")?;
    }
    if was != now_state {
        if let Some(author) = author.filter(|a| *a != moderator) {
            let what = if published { "published" } else { step };
            let detail = format!("{}_{what}:{reason}", target.as_str());
            crate::notifications::service::notify_users(
                conn,
                submission,
                &[author],
                NotificationKind::Moderation,
                &detail,
            )?;
        }
    }
    Ok(ModerationOutcome { target: target.as_str().to_owned(), id, moderation: now_state, reason: reason.to_owned() })
}

/// What the public reads in place of items out of view: the state and, for those a moderator
/// hid, the reason (the latest step's), by id.
pub fn placeholders(
    conn: &mut DbConn,
    target: FlagTarget,
    states: &[(i64, ModerationState)],
) -> AppResult<HashMap<i64, Placeholder>> {
    let hidden: Vec<i64> = states.iter().filter(|(_, s)| *s == ModerationState::Hidden).map(|(id, _)| *id).collect();
    let mut reasons: HashMap<i64, String> = HashMap::new();
    if !hidden.is_empty() {
        let rows: Vec<(i64, String)> = moderation_actions::table
            .filter(
                moderation_actions::target_kind.eq(target.as_str()).and(moderation_actions::target_id.eq_any(&hidden)),
            )
            .filter(moderation_actions::action.eq("hidden"))
            .order(moderation_actions::id)
            .select((moderation_actions::target_id, moderation_actions::reason))
            .load_direct(conn)?;
        reasons.extend(rows);
    }
    Ok(states
        .iter()
        .map(|(id, state)| (*id, Placeholder { state: *state, reason: reasons.get(id).cloned().unwrap_or_default() }))
        .collect())
}

/// The moderators' queue: what the word list held, what flags hid, and public items with open
/// flags, newest first; with the flag threshold and the people blocked now.
pub fn queue(conn: &mut DbConn, actor: &Actor) -> AppResult<ModerationQueue> {
    actor.require(Role::Staff)?;
    let open: Vec<(String, i64, String, i64)> = flags::table
        .filter(flags::reviewed_at.is_null())
        .group_by((flags::target_kind, flags::target_id, flags::reason))
        .select((flags::target_kind, flags::target_id, flags::reason, diesel::dsl::count_star()))
        .load(conn)?;
    let mut by_item: HashMap<(String, i64), Vec<(String, i64)>> = HashMap::new();
    for (kind, id, reason, n) in open {
        by_item.entry((kind, id)).or_default().push((reason, n));
    }
    let flagged_ids = |kind: FlagTarget| -> Vec<i64> {
        by_item.keys().filter(|(k, _)| k == kind.as_str()).map(|(_, id)| *id).collect()
    };
    let flagged_submissions = flagged_ids(FlagTarget::Submission);
    let flagged_comments = flagged_ids(FlagTarget::Comment);
    type SubRow = (i64, Option<String>, String, Option<i64>, Option<String>, Option<String>, PrimitiveDateTime);
    let subs: Vec<SubRow> = submissions::table
        .left_join(users::table.on(submissions::author_id.eq(users::id.nullable())))
        .filter(
            submissions::moderation
                .eq_any([ModerationState::Pending.as_str(), ModerationState::Flagged.as_str()])
                .or(submissions::id.eq_any(&flagged_submissions).and(submissions::moderation.is_null())),
        )
        .order(submissions::id.desc())
        .limit(200)
        .select((
            submissions::id,
            submissions::reference,
            submissions::title,
            submissions::author_id,
            users::display_name.nullable(),
            submissions::moderation,
            submissions::created_at,
        ))
        .load(conn)?;
    type ComRow = (i64, i64, Option<String>, String, i64, String, Option<String>, PrimitiveDateTime);
    let coms: Vec<ComRow> = comments::table
        .inner_join(submissions::table)
        .inner_join(users::table.on(users::id.eq(comments::author_id)))
        .filter(comments::deleted_at.is_null())
        .filter(
            comments::moderation
                .eq_any([ModerationState::Pending.as_str(), ModerationState::Flagged.as_str()])
                .or(comments::id.eq_any(&flagged_comments).and(comments::moderation.is_null())),
        )
        .order(comments::id.desc())
        .limit(200)
        .select((
            comments::id,
            comments::submission_id,
            submissions::reference,
            comments::body,
            comments::author_id,
            users::display_name,
            comments::moderation,
            comments::created_at,
        ))
        .load(conn)?;
    let held = held_words(conn)?;
    let mut entries = Vec::new();
    for (id, reference, title, author_id, name, state, at) in subs {
        let state = state.as_deref().map(ModerationState::stored).transpose()?;
        entries.push(QueueEntry {
            target: FlagTarget::Submission.as_str().to_owned(),
            id,
            submission_id: id,
            reference: reference.unwrap_or_default(),
            excerpt: title,
            author_id,
            author_name: name.unwrap_or_default(),
            moderation: state,
            held_for: held.get(&(FlagTarget::Submission.as_str().to_owned(), id)).cloned().unwrap_or_default(),
            flags: by_item.get(&(FlagTarget::Submission.as_str().to_owned(), id)).cloned().unwrap_or_default(),
            created_at: iso(at),
        });
    }
    for (id, submission_id, reference, body, author_id, name, state, at) in coms {
        let state = state.as_deref().map(ModerationState::stored).transpose()?;
        let excerpt: String = body.chars().take(200).collect();
        entries.push(QueueEntry {
            target: FlagTarget::Comment.as_str().to_owned(),
            id,
            submission_id,
            reference: reference.unwrap_or_default(),
            excerpt,
            author_id: Some(author_id),
            author_name: name,
            moderation: state,
            held_for: held.get(&(FlagTarget::Comment.as_str().to_owned(), id)).cloned().unwrap_or_default(),
            flags: by_item.get(&(FlagTarget::Comment.as_str().to_owned(), id)).cloned().unwrap_or_default(),
            created_at: iso(at),
        });
    }
    entries.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Ok(ModerationQueue { entries, flag_threshold: flag_threshold(conn)?, blocked: blocked_now(conn)? })
}

/// The listed word that held each item still waiting (by target and id).
fn held_words(conn: &mut DbConn) -> AppResult<HashMap<(String, i64), String>> {
    let rows: Vec<(String, i64, String)> = moderation_actions::table
        .filter(moderation_actions::action.eq("held"))
        .order(moderation_actions::id.desc())
        .limit(1000)
        .select((moderation_actions::target_kind, moderation_actions::target_id, moderation_actions::reason))
        .load(conn)?;
    Ok(rows.into_iter().map(|(k, id, word)| ((k, id), word)).collect())
}

// ---------------------------------------------------------------------------------------------
// The word list

/// The word list (folded entries, in alphabetical order).
pub fn words(conn: &mut DbConn) -> AppResult<Vec<String>> {
    Ok(moderation_words::table.order(moderation_words::word).select(moderation_words::word).load(conn)?)
}

/// Installs the shipped list once (`reference/profanity-tr.txt`); a list an admin emptied stays
/// empty. Returns how many entries it installed.
pub fn install_words_if_empty(conn: &mut DbConn) -> AppResult<usize> {
    if settings::get_i64(conn, settings::MODERATION_WORDS_INSTALLED)? != 0 {
        return Ok(0);
    }
    let (entries, _) = crate::domain::moderation::parse_list(crate::domain::moderation::DEFAULT_LIST);
    let n = replace_words(conn, &entries)?;
    settings::set_i64(conn, settings::MODERATION_WORDS_INSTALLED, 1)?;
    Ok(n)
}

fn replace_words(conn: &mut DbConn, entries: &[String]) -> AppResult<usize> {
    diesel::delete(moderation_words::table).execute(conn)?;
    let at = now();
    for word in entries {
        diesel::insert_into(moderation_words::table)
            .values((moderation_words::word.eq(word), moderation_words::added_at.eq(at)))
            .execute(conn)?;
    }
    Ok(entries.len())
}

/// An admin replaces the word list with `text` (one entry per line). A line that is not one word
/// refuses the whole list, naming it, so nothing typed is lost.
pub fn set_words(conn: &mut DbConn, actor: &Actor, text: &str) -> AppResult<Vec<String>> {
    actor.require(Role::Admin)?;
    let (entries, refused) = crate::domain::moderation::parse_list(text);
    if !refused.is_empty() || entries.iter().any(|w| w.chars().count() > WORD_MAX) {
        return Err(AppError::Validation { fields: FieldErrors::single("words", Problem::Invalid) });
    }
    replace_words(conn, &entries)?;
    settings::set_i64(conn, settings::MODERATION_WORDS_INSTALLED, 1)?;
    crate::audit::service::record(
        conn,
        actor,
        "moderation_words_set",
        "settings",
        &format!("{} entries", entries.len()),
    )?;
    words(conn)
}

/// The first listed word found in `texts`, if any (the reason a text waits for a moderator).
pub fn held_for(conn: &mut DbConn, texts: &[&str]) -> AppResult<Option<String>> {
    let list = words(conn)?;
    let lexicon = Lexicon::new(list.iter().map(String::as_str));
    Ok(texts.iter().find_map(|t| lexicon.find(t)))
}

/// Holds a new item for a moderator, recording the word that held it (seen by moderators only).
pub fn hold(conn: &mut DbConn, target: FlagTarget, id: i64, word: &str) -> AppResult<()> {
    log(conn, target, id, "held", word, None)
}

// ---------------------------------------------------------------------------------------------
// Blocks

/// When a block through `last_day` (İnegöl's calendar) ends: the next local midnight, in UTC.
fn block_end(last_day: time::Date) -> PrimitiveDateTime {
    from_istanbul(PrimitiveDateTime::new(last_day, Time::MIDNIGHT) + Duration::days(1))
}

/// A moderator blocks a person from writing through `until` (a day in the past lifts the block),
/// with a reason the person is told by e-mail. Staff and admins are blocked by admins only.
pub fn block(conn: &mut DbConn, actor: &Actor, user_id: i64, input: &BlockInput) -> AppResult<BlockView> {
    let moderator = actor.require(Role::Staff)?;
    let mut errors = FieldErrors::new();
    check_reason(&mut errors, "reason", &input.reason, true);
    let day = parse_date(input.until.trim());
    if input.until.trim().is_empty() {
        errors.add("until", Problem::Required);
    } else if day.is_none() {
        errors.add("until", Problem::NotADate);
    }
    if user_id == moderator {
        errors.add("user", Problem::Invalid);
    }
    let (name, email, verified): (String, String, Option<PrimitiveDateTime>) =
        users::table.find(user_id).select((users::display_name, users::email, users::email_verified_at)).first(conn)?;
    errors.into_result()?;
    let Some(day) = day else { return Err(AppError::internal("checked above")) };
    let roles = crate::accounts::model::roles_of(conn, user_id)?;
    if (roles.contains(&Role::Staff) || roles.contains(&Role::Admin)) && !actor.has(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let end = block_end(day);
    let active = end > now();
    let reason = input.reason.trim();
    diesel::update(users::table.find(user_id)).set(users::blocked_until.eq(active.then_some(end))).execute(conn)?;
    diesel::insert_into(user_blocks::table)
        .values((
            user_blocks::user_id.eq(user_id),
            user_blocks::reason.eq(reason),
            user_blocks::until.eq(end),
            user_blocks::blocked_by.eq(moderator),
            user_blocks::created_at.eq(now()),
        ))
        .execute(conn)?;
    let until = date_text(day);
    crate::audit::service::record(
        conn,
        actor,
        if active { "user_blocked" } else { "user_unblocked" },
        &format!("user:{user_id}"),
        &format!("until={until}; {reason}"),
    )?;
    if verified.is_some() {
        let (subject, body) = crate::notifications::mailer::block_letter(&name, &until, reason, active);
        crate::notifications::outbox::enqueue(conn, &email, &subject, &body, None)?;
    }
    Ok(BlockView { user_id, display_name: name, reason: reason.to_owned(), until, active })
}

/// The people blocked now, with the latest block's reason.
fn blocked_now(conn: &mut DbConn) -> AppResult<Vec<BlockView>> {
    let rows: Vec<(i64, String, Option<PrimitiveDateTime>)> = users::table
        .filter(users::blocked_until.gt(now()))
        .order(users::blocked_until)
        .limit(200)
        .select((users::id, users::display_name, users::blocked_until))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let reasons: HashMap<i64, String> = user_blocks::table
        .filter(user_blocks::user_id.eq_any(&ids))
        .order(user_blocks::id)
        .select((user_blocks::user_id, user_blocks::reason))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(user_id, display_name, until)| {
            let last_day = until.map(|t| to_istanbul(t).date().previous_day().unwrap_or(to_istanbul(t).date()));
            BlockView {
                user_id,
                display_name,
                reason: reasons.get(&user_id).cloned().unwrap_or_default(),
                until: last_day.map(date_text).unwrap_or_default(),
                active: true,
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Merges

/// Staff mark `id` as a duplicate of `into` and merge it: the duplicate moves to `merged` (an
/// event on each timeline, a public link both ways), its followers follow the original, and its
/// supporters are told and invited to support the original (no support is moved: a support
/// needs its citizen's consent).
pub fn merge(conn: &mut DbConn, actor: &Actor, id: i64, into: i64) -> AppResult<MergeView> {
    let staff = actor.require(Role::Staff)?;
    let (from, _) = status_of(conn, id)?;
    let cannot = || AppError::Validation { fields: FieldErrors::single("into", Problem::CannotMerge) };
    if into == id {
        return Err(cannot());
    }
    let original: Option<(String, Option<String>, String)> = submissions::table
        .find(into)
        .select((submissions::status, submissions::reference, submissions::kind))
        .first(conn)
        .optional()?;
    let Some((into_status, into_reference, into_kind)) = original else {
        return Err(AppError::Validation { fields: FieldErrors::single("into", Problem::NotFound) });
    };
    let kind: String = submissions::table.find(id).select(submissions::kind).first(conn)?;
    let track = crate::domain::submissions::Kind::stored(&kind)?.track();
    let into_status = Status::stored(&into_status)?;
    if crate::domain::submissions::Kind::stored(&into_kind)?.track() != track
        || matches!(into_status, Status::Merged | Status::Withdrawn)
    {
        return Err(cannot());
    }
    crate::domain::submissions::check_transition(track, from, Status::Merged)
        .map_err(|_| AppError::Conflict { fields: FieldErrors::single("status", Problem::Closed) })?;
    let into_reference = into_reference.unwrap_or_default();
    let directorate: Option<i64> = users::table.find(staff).select(users::directorate_id).first(conn)?;
    let who = EventActor { id: staff, role: "staff", directorate };
    change_status(conn, id, from, Status::Merged, Some(who), (&into_reference, ""))?;
    let own_reference: Option<String> = submissions::table.find(id).select(submissions::reference).first(conn)?;
    record_event(
        conn,
        into,
        EventKind::DuplicateMerged,
        (Some(into_status), Some(into_status)),
        Some(who),
        (own_reference.as_deref().unwrap_or_default(), ""),
    )?;
    diesel::insert_into(submission_merges::table)
        .values((
            submission_merges::duplicate_id.eq(id),
            submission_merges::original_id.eq(into),
            submission_merges::merged_by.eq(staff),
            submission_merges::merged_at.eq(now()),
        ))
        .execute(conn)?;
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO follows (submission_id, user_id, created_at) SELECT ")
        .int(into)
        .push(", f.user_id, ")
        .bind(Bind::Time(now()))
        .push(" FROM follows f WHERE f.submission_id = ")
        .int(id)
        .push(" ON CONFLICT DO NOTHING");
    let followers_moved = sql.execute(conn)? as i64;
    let supporters: Vec<i64> =
        supports::table.filter(supports::submission_id.eq(id)).select(supports::user_id).load(conn)?;
    // Supporters who already support the original need no invitation.
    let already: Vec<i64> = supports::table
        .filter(supports::submission_id.eq(into).and(supports::user_id.eq_any(&supporters)))
        .select(supports::user_id)
        .load(conn)?;
    let invite: Vec<i64> = supporters.into_iter().filter(|u| !already.contains(u)).collect();
    crate::notifications::service::notify_users(
        conn,
        id,
        &invite,
        NotificationKind::Merged,
        &format!("{into}:{into_reference}"),
    )?;
    crate::audit::service::record(
        conn,
        actor,
        "submission_merged",
        &format!("submission:{id}"),
        &format!("into={into}"),
    )?;
    Ok(MergeView {
        duplicate_id: id,
        original_id: into,
        original_reference: into_reference,
        followers_moved,
        supporters_told: invite.len() as i64,
    })
}

/// The original a submission was merged into, and the duplicates merged into it (public only).
pub fn merges_of(conn: &mut DbConn, id: i64) -> AppResult<Merges> {
    let link = |(id, reference, title): (i64, Option<String>, String)| MergeLink {
        id,
        reference: reference.unwrap_or_default(),
        title,
    };
    let into: Option<(i64, Option<String>, String)> = submission_merges::table
        .inner_join(submissions::table.on(submissions::id.eq(submission_merges::original_id)))
        .filter(submission_merges::duplicate_id.eq(id).and(submissions::moderation.is_null()))
        .select((submissions::id, submissions::reference, submissions::title))
        .first_direct(conn)
        .optional()?;
    let duplicates: Vec<(i64, Option<String>, String)> = submission_merges::table
        .inner_join(submissions::table.on(submissions::id.eq(submission_merges::duplicate_id)))
        .filter(submission_merges::original_id.eq(id).and(submissions::moderation.is_null()))
        .order(submissions::id)
        .select((submissions::id, submissions::reference, submissions::title))
        .load_direct(conn)?;
    Ok(Merges { into: into.map(link), duplicates: duplicates.into_iter().map(link).collect() })
}

// ---------------------------------------------------------------------------------------------
// In their own transactions: what changes a public list counts the listing's totals again.

/// `flag` in its own transaction.
pub async fn flag_tx(
    pool: &crate::db::Pool,
    actor: Actor,
    target: FlagTarget,
    id: i64,
    input: FlagInput,
) -> AppResult<bool> {
    let hid = crate::db::tx(pool, move |c| flag(c, &actor, target, id, &input)).await?;
    if hid {
        pool.caches().clear_counts();
    }
    Ok(hid)
}

/// `moderate` in its own transaction.
pub async fn moderate_tx(
    pool: &crate::db::Pool,
    actor: Actor,
    target: FlagTarget,
    id: i64,
    input: ModerationInput,
) -> AppResult<ModerationOutcome> {
    let outcome = crate::db::tx(pool, move |c| moderate(c, &actor, target, id, &input)).await?;
    pool.caches().clear_counts();
    Ok(outcome)
}

/// `merge` in its own transaction.
pub async fn merge_tx(pool: &crate::db::Pool, actor: Actor, id: i64, into: i64) -> AppResult<MergeView> {
    let merged = crate::db::tx(pool, move |c| merge(c, &actor, id, into)).await?;
    pool.caches().clear_counts();
    Ok(merged)
}

/// The id of the submission with this reference code (`INE-2026-000123`) or this number, for the
/// merge form, where staff type the code they see.
pub fn submission_by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<i64>> {
    let code = code.trim();
    if let Ok(id) = code.parse::<i64>() {
        return Ok(Some(id));
    }
    let Some(parsed) = crate::domain::submissions::RefCode::parse(code) else { return Ok(None) };
    Ok(submissions::table
        .filter(submissions::reference.eq(parsed.to_string()))
        .select(submissions::id)
        .first(conn)
        .optional()?)
}
