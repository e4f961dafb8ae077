//! (ssr) The committee's operations, each one transaction's work, called by the JSON API, the
//! pages and the tests alike. Who may see which scores is decided in one place
//! (`domain::evaluation::scores_shown`) and applied here to every read.
use super::{
    CriterionView, DecisionView, MemberView, QueueItem, QueueRound, RoundView, RubricView, ScoreView, Scorecard,
};
use crate::auth::Actor;
use crate::db::direct::Direct;
use crate::db::schema::{
    committee_members, committees, decisions, evaluation_rounds, round_members, round_scores, rubric_criteria, rubrics,
    submissions, user_roles, users,
};
use crate::db::time::{iso, now};
use crate::db::DbConn;
use crate::domain::evaluation::{
    aggregate, check_sheet, scores_shown, Criterion, Score, ScoresShown, SheetLine, SheetProblem, Viewer,
    DEFAULT_QUORUM, DEFAULT_RUBRIC, DEFAULT_SCALE_MAX,
};
use crate::domain::roles::Role;
use crate::domain::submissions::{EventKind, Status};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::notifications::service::{notify_followers, notify_users};
use crate::notifications::NotificationKind;
use crate::settings;
use crate::submissions::service::{record_event, EventActor};
use crate::submissions::workflow::{transition, Move};
use diesel::prelude::*;
use serde::Deserialize;
use time::PrimitiveDateTime;

/// Members who must have scored before a round can close.
pub const QUORUM: (&str, i64) = ("evaluation_quorum", DEFAULT_QUORUM);
/// 1: the public scorecard lists every score without names; 0: the result only.
pub const PUBLISH_SCORES: (&str, i64) = ("publish_individual_scores", 0);
/// Days a round stays open when the chair names no deadline.
pub const DEFAULT_ROUND_DAYS: i64 = 14;
/// The longest decision reason, in characters.
pub const REASON_MAX: usize = 2_000;
/// The longest recusal reason (as a flag's: the same field and message).
pub const RECUSAL_MAX: usize = 500;

fn conflict(field: &str, problem: Problem) -> AppError {
    AppError::Conflict { fields: FieldErrors::single(field, problem) }
}

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Validation { fields: FieldErrors::single(field, problem) }
}

/// Installs the default rubric (DESIGN.md §4.2) when there is none. Returns whether it did.
pub fn install_default_rubric(conn: &mut DbConn) -> AppResult<bool> {
    let any: i64 = rubrics::table.count().get_result(conn)?;
    if any > 0 {
        return Ok(false);
    }
    let rubric: i64 = diesel::insert_into(rubrics::table)
        .values((rubrics::version.eq(1i64), rubrics::scale_max.eq(DEFAULT_SCALE_MAX), rubrics::created_at.eq(now())))
        .returning(rubrics::id)
        .get_result(conn)?;
    for (position, c) in DEFAULT_RUBRIC.iter().enumerate() {
        diesel::insert_into(rubric_criteria::table)
            .values((
                rubric_criteria::rubric_id.eq(rubric),
                rubric_criteria::position.eq(position as i32),
                rubric_criteria::key.eq(c.key),
                rubric_criteria::name_tr.eq(c.name_tr),
                rubric_criteria::name_en.eq(c.name_en),
                rubric_criteria::weight.eq(c.weight),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Every version of the rubric, the one new rounds use first (the default one is installed when
/// the server prepares the database).
pub fn rubrics(conn: &mut DbConn) -> AppResult<Vec<RubricView>> {
    let rows: Vec<(i64, i64, i32, PrimitiveDateTime)> = rubrics::table
        .order(rubrics::version.desc())
        .select((rubrics::id, rubrics::version, rubrics::scale_max, rubrics::created_at))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, version, scale_max, created_at)| {
            Ok(RubricView { id, version, scale_max, created_at: iso(created_at), criteria: rubric_of(conn, id)?.2 })
        })
        .collect()
}

/// What a round's arithmetic needs of its rubric.
fn criteria_for_round(criteria: &[CriterionView], scale_max: i32) -> Vec<Criterion> {
    criteria.iter().map(|c| Criterion { id: c.id, weight: c.weight, scale_max }).collect()
}

/// The deadline a chair typed (`YYYY-MM-DD`): the end of that day in İnegöl (UTC+3), which must
/// be after now. Without one, two weeks from now.
fn deadline(typed: Option<&str>) -> AppResult<PrimitiveDateTime> {
    let Some(typed) = typed.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(now() + time::Duration::days(DEFAULT_ROUND_DAYS));
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(typed, &format).map_err(|_| invalid("deadline", Problem::Invalid))?;
    // 23:59:59 in İnegöl is 20:59:59 UTC.
    let end = day.with_hms(20, 59, 59).map_err(AppError::internal)?;
    if end <= now() {
        return Err(invalid("deadline", Problem::OutOfRange));
    }
    Ok(end)
}

/// The chair who may act on a committee's rounds: a holder of the chair role, and the
/// committee's own chair (`named`) where it names one.
fn chair_of(actor: &Actor, named: Option<i64>) -> AppResult<i64> {
    let me = actor.require(Role::Chair)?;
    match named {
        Some(chair) if chair != me => Err(AppError::Forbidden),
        _ => Ok(me),
    }
}

/// The chair a committee names, if any (none without a committee).
fn named_chair(conn: &mut DbConn, committee: Option<i64>) -> AppResult<Option<i64>> {
    match committee {
        Some(c) => Ok(committees::table.find(c).select(committees::chair_id).first(conn)?),
        None => Ok(None),
    }
}

/// The members a round opens with: the committee's evaluators, or every evaluator of the day
/// where no committee is named.
fn members_for(conn: &mut DbConn, committee: Option<i64>) -> AppResult<Vec<i64>> {
    let evaluators =
        user_roles::table.filter(user_roles::role.eq(Role::Evaluator.as_str())).select(user_roles::user_id);
    Ok(match committee {
        Some(c) => committee_members::table
            .filter(committee_members::committee_id.eq(c))
            .filter(committee_members::user_id.eq_any(evaluators))
            .select(committee_members::user_id)
            .order(committee_members::user_id)
            .load(conn)?,
        None => evaluators.order(user_roles::user_id).load(conn)?,
    })
}

/// The chair opens a round on a proposal under evaluation, with the current rubric and, as its
/// members, the evaluators of the committee named (its chair only may open it) or, without one,
/// every evaluator of the day. One open round per proposal; enough members for the quorum. The
/// timeline says so.
pub fn open_round(
    conn: &mut DbConn,
    actor: &Actor,
    submission: i64,
    typed_deadline: Option<&str>,
    committee: Option<i64>,
) -> AppResult<i64> {
    let named = match committee {
        Some(c) => {
            let row: Option<(bool, Option<i64>)> =
                committees::table.find(c).select((committees::active, committees::chair_id)).first(conn).optional()?;
            match row {
                Some((true, chair)) => chair,
                _ => return Err(invalid("committee_id", Problem::Invalid)),
            }
        }
        None => None,
    };
    let chair = chair_of(actor, named)?;
    let status: String = submissions::table.find(submission).select(submissions::status).first(conn)?;
    if Status::stored(&status)? != Status::UnderEvaluation {
        return Err(conflict("status", Problem::NotUnderEvaluation));
    }
    let open: i64 = evaluation_rounds::table
        .filter(evaluation_rounds::submission_id.eq(submission).and(evaluation_rounds::closed_at.is_null()))
        .count()
        .get_result(conn)?;
    if open > 0 {
        return Err(conflict("round", Problem::AlreadyOpen));
    }
    let deadline = deadline(typed_deadline)?;
    let rubric: i64 = rubrics::table.order(rubrics::version.desc()).select(rubrics::id).first(conn)?;
    let members = members_for(conn, committee)?;
    let quorum = settings::get_i64(conn, QUORUM)?;
    if (members.len() as i64) < quorum {
        return Err(conflict("round", Problem::QuorumNotMet));
    }
    let round: i64 = diesel::insert_into(evaluation_rounds::table)
        .values((
            evaluation_rounds::submission_id.eq(submission),
            evaluation_rounds::rubric_id.eq(rubric),
            evaluation_rounds::opened_by.eq(chair),
            evaluation_rounds::opened_at.eq(now()),
            evaluation_rounds::deadline.eq(deadline),
            evaluation_rounds::quorum.eq(quorum),
            evaluation_rounds::committee_id.eq(committee),
        ))
        .returning(evaluation_rounds::id)
        .get_result(conn)?;
    for &member in &members {
        diesel::insert_into(round_members::table)
            .values((round_members::round_id.eq(round), round_members::user_id.eq(member)))
            .execute(conn)?;
    }
    notify_users(conn, submission, &members, NotificationKind::Evaluation, &format!("round_opened:{round}"))?;
    // The author and followers hear that scoring has begun (members have their own word above).
    notify_followers(conn, submission, Some(chair), NotificationKind::Evaluation, "scoring_started")?;
    let status = Some(Status::UnderEvaluation);
    record_event(
        conn,
        submission,
        EventKind::RoundOpened,
        (status, status),
        Some(EventActor::new(chair, "chair")),
        ("", ""),
    )?;
    Ok(round)
}

/// A round's row.
struct Round {
    id: i64,
    submission: i64,
    rubric: i64,
    opened_at: PrimitiveDateTime,
    deadline: PrimitiveDateTime,
    quorum: i64,
    closed_at: Option<PrimitiveDateTime>,
    committee: Option<i64>,
}

/// A round by its id.
fn round(conn: &mut DbConn, id: i64) -> AppResult<Round> {
    Ok(round_to_show(conn, Shown::Round(id))?.0)
}

/// Which round a page shows.
enum Shown {
    Round(i64),
    /// A submission's last closed round: its public scorecard.
    LastClosedOf(i64),
}

/// The round a page shows, with whether individual scores are published (a setting, read with
/// the row: one statement, not two).
fn round_to_show(conn: &mut DbConn, which: Shown) -> AppResult<(Round, bool)> {
    type Row = (
        (i64, i64, i64, PrimitiveDateTime, PrimitiveDateTime, i64, Option<PrimitiveDateTime>, Option<i64>),
        Option<String>,
    );
    use crate::db::schema::settings as stored;
    let publish = stored::table.filter(stored::key.eq(PUBLISH_SCORES.0)).select(stored::value).single_value();
    let columns = (
        (
            evaluation_rounds::id,
            evaluation_rounds::submission_id,
            evaluation_rounds::rubric_id,
            evaluation_rounds::opened_at,
            evaluation_rounds::deadline,
            evaluation_rounds::quorum,
            evaluation_rounds::closed_at,
            evaluation_rounds::committee_id,
        ),
        publish,
    );
    let ((id, submission, rubric, opened_at, deadline, quorum, closed_at, committee), publish): Row = match which {
        Shown::Round(id) => evaluation_rounds::table.find(id).select(columns).first_direct(conn)?,
        Shown::LastClosedOf(submission) => evaluation_rounds::table
            .filter(evaluation_rounds::submission_id.eq(submission).and(evaluation_rounds::closed_at.is_not_null()))
            .order(evaluation_rounds::id.desc())
            .select(columns)
            .first_direct(conn)?,
    };
    let round = Round { id, submission, rubric, opened_at, deadline, quorum, closed_at, committee };
    Ok((round, settings::parse_i64(publish, PUBLISH_SCORES) == 1))
}

/// A round's member: (user, name, submitted, recused).
type Member = (i64, String, bool, bool);

/// The members of a round: (user, name, submitted, recused), in the order they were added.
fn members(conn: &mut DbConn, round: i64) -> AppResult<Vec<Member>> {
    let rows: Vec<(i64, String, Option<PrimitiveDateTime>, Option<PrimitiveDateTime>)> = round_members::table
        .inner_join(users::table.on(users::id.eq(round_members::user_id)))
        .filter(round_members::round_id.eq(round))
        .order(round_members::user_id)
        .select((round_members::user_id, users::display_name, round_members::submitted_at, round_members::recused_at))
        .load_direct(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, submitted, recused)| (id, name, submitted.is_some(), recused.is_some()))
        .collect())
}

/// One sent score, with its member.
#[derive(Queryable)]
struct SentScore {
    member: i64,
    name: String,
    criterion: i64,
    score: i32,
    justification: String,
}

/// The members of a round as `members` gives them, and every sent score in member and criterion
/// order: one statement, not two (scores are only ever a member's).
fn members_and_scores(conn: &mut DbConn, round: i64) -> AppResult<(Vec<Member>, Vec<SentScore>)> {
    type Row = (i64, String, Option<PrimitiveDateTime>, Option<PrimitiveDateTime>, Option<(i64, i32, String)>);
    let rows: Vec<Row> = round_members::table
        .inner_join(users::table.on(users::id.eq(round_members::user_id)))
        .left_join(round_scores::table.on(
            round_scores::round_id.eq(round_members::round_id).and(round_scores::user_id.eq(round_members::user_id)),
        ))
        .filter(round_members::round_id.eq(round))
        .order((round_members::user_id, round_scores::criterion_id))
        .select((
            round_members::user_id,
            users::display_name,
            round_members::submitted_at,
            round_members::recused_at,
            (round_scores::criterion_id, round_scores::score, round_scores::justification).nullable(),
        ))
        .load_direct(conn)?;
    let mut members: Vec<Member> = Vec::new();
    let mut scores = Vec::new();
    for (member, name, submitted, recused, score) in rows {
        if members.last().is_none_or(|m| m.0 != member) {
            members.push((member, name.clone(), submitted.is_some(), recused.is_some()));
        }
        if let Some((criterion, score, justification)) = score {
            scores.push(SentScore { member, name, criterion, score, justification });
        }
    }
    Ok((members, scores))
}

/// A rubric's version, scale and criteria in order (one statement, not two).
fn rubric_of(conn: &mut DbConn, rubric: i64) -> AppResult<(i64, i32, Vec<CriterionView>)> {
    type Row = (i64, i32, Option<(i64, String, String, String, i32)>);
    let rows: Vec<Row> = rubrics::table
        .left_join(rubric_criteria::table.on(rubric_criteria::rubric_id.eq(rubrics::id)))
        .filter(rubrics::id.eq(rubric))
        .order((rubric_criteria::position, rubric_criteria::id))
        .select((
            rubrics::version,
            rubrics::scale_max,
            (
                rubric_criteria::id,
                rubric_criteria::key,
                rubric_criteria::name_tr,
                rubric_criteria::name_en,
                rubric_criteria::weight,
            )
                .nullable(),
        ))
        .load_direct(conn)?;
    let (version, scale_max) = rows.first().map(|r| (r.0, r.1)).ok_or(AppError::NotFound)?;
    let criteria = rows
        .into_iter()
        .filter_map(|(_, _, c)| c)
        .map(|(id, key, name_tr, name_en, weight)| CriterionView { id, key, name_tr, name_en, weight })
        .collect();
    Ok((version, scale_max, criteria))
}

/// Rubrics as `rubric_of` reads them, kept for the life of the pool: a rubric is never changed
/// once made (a new version is a new rubric), so a proposal's public scorecard need not read it
/// each time. Held in the pool's caches (`db::cache::Caches::slot`), so one database's rubrics
/// never meet another's.
#[derive(Default)]
pub struct KeptRubrics(std::sync::Mutex<std::collections::HashMap<i64, std::sync::Arc<RubricRead>>>);

/// A rubric's version, scale and criteria in order.
type RubricRead = (i64, i32, Vec<CriterionView>);

impl KeptRubrics {
    fn rubric(&self, conn: &mut DbConn, id: i64) -> AppResult<std::sync::Arc<RubricRead>> {
        if let Some(kept) = self.0.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(kept);
        }
        let read = std::sync::Arc::new(rubric_of(conn, id)?);
        if let Ok(mut m) = self.0.lock() {
            m.insert(id, read.clone());
        }
        Ok(read)
    }
}

/// A round as `actor` may see it: blind until they have scored or the round has closed.
pub fn round_view(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<RoundView> {
    let (r, publish) = round_to_show(conn, Shown::Round(id))?;
    let rubric = rubric_of(conn, r.rubric)?;
    view_of(conn, actor, r, publish, rubric)
}

/// `round_view` of a round just read, with its rubric.
fn view_of(conn: &mut DbConn, actor: &Actor, r: Round, publish: bool, rubric: RubricRead) -> AppResult<RoundView> {
    let me = actor.user_id();
    let (members, all) = members_and_scores(conn, r.id)?;
    let mine = members.iter().find(|m| Some(m.0) == me);
    let (i_am_member, i_have_scored, i_have_recused) = mine.map_or((false, false, false), |m| (true, m.2, m.3));
    let viewer = match mine {
        Some(m) if m.2 => Viewer::MemberScored,
        Some(_) => Viewer::MemberNotScored,
        None => Viewer::Other,
    };
    let closed = r.closed_at.is_some();
    let shown = scores_shown(viewer, closed, publish);
    // The committee (members and the chair) see who is who; everyone else sees progress only.
    let committee = i_am_member || actor.has(Role::Chair);
    let (version, scale_max, criteria) = rubric;
    let committee_name: Option<String> = match r.committee {
        Some(c) => Some(committees::table.find(c).select(committees::name).first_direct(conn)?),
        None => None,
    };
    let scores = all
        .iter()
        .filter(|s| match shown {
            ScoresShown::None | ScoresShown::ResultOnly => false,
            ScoresShown::Own => Some(s.member) == me,
            ScoresShown::AllNamed | ScoresShown::AllAnonymous => true,
        })
        .map(|s| ScoreView {
            member: (shown == ScoresShown::AllNamed || Some(s.member) == me).then(|| s.name.clone()),
            criterion_id: s.criterion,
            score: s.score,
            justification: s.justification.clone(),
        })
        .collect();
    let result = closed.then(|| {
        let sent: Vec<Score> =
            all.iter().map(|s| Score { member: s.member, criterion: s.criterion, score: s.score }).collect();
        aggregate(&criteria_for_round(&criteria, scale_max), &sent)
    });
    Ok(RoundView {
        id: r.id,
        submission_id: r.submission,
        rubric_version: version,
        scale_max,
        criteria,
        opened_at: iso(r.opened_at),
        deadline: iso(r.deadline),
        quorum: r.quorum,
        closed_at: r.closed_at.map(iso),
        committee: committee_name,
        scored: members.iter().filter(|m| m.2).count() as i64,
        members: members
            .iter()
            .map(|m| MemberView { name: committee.then(|| m.1.clone()), scored: m.2, recused: m.3 })
            .collect(),
        i_am_member,
        i_have_scored,
        i_have_recused,
        scores,
        result,
    })
}

/// The member of an open round who is asking, who has neither scored nor recused.
fn member_who_may_act(conn: &mut DbConn, actor: &Actor, r: &Round) -> AppResult<i64> {
    let me = actor.require_user()?;
    if r.closed_at.is_some() {
        return Err(conflict("round", Problem::Closed));
    }
    let state: Option<(Option<PrimitiveDateTime>, Option<PrimitiveDateTime>)> = round_members::table
        .find((r.id, me))
        .select((round_members::submitted_at, round_members::recused_at))
        .first(conn)
        .optional()?;
    match state {
        None => Err(AppError::Forbidden),
        Some((_, Some(_))) => Err(conflict("round", Problem::Recused)),
        Some((Some(_), None)) => Err(conflict("round", Problem::AlreadyScored)),
        Some((None, None)) => Ok(me),
    }
}

/// A member sends their sheet: every criterion of the round's rubric once, on its scale, each
/// with a justification. A sheet is final (the member then sees the others').
pub fn submit_scores(conn: &mut DbConn, actor: &Actor, id: i64, lines: &[SheetLine]) -> AppResult<RoundView> {
    let r = round(conn, id)?;
    let me = member_who_may_act(conn, actor, &r)?;
    let (_, scale_max, criteria) = rubric_of(conn, r.rubric)?;
    let criteria = criteria_for_round(&criteria, scale_max);
    let mut errors = FieldErrors::new();
    for problem in check_sheet(&criteria, lines) {
        match problem {
            SheetProblem::Missing(c) => errors.add(&format!("score_{c}"), Problem::Required),
            SheetProblem::OutOfRange(c) => errors.add(&format!("score_{c}"), Problem::OutOfRange),
            SheetProblem::Justification(c) => errors.add(&format!("justification_{c}"), Problem::Required),
            SheetProblem::Unknown(_) => errors.add("scores", Problem::Invalid),
        }
    }
    errors.into_result()?;
    for line in lines {
        diesel::insert_into(round_scores::table)
            .values((
                round_scores::round_id.eq(r.id),
                round_scores::user_id.eq(me),
                round_scores::criterion_id.eq(line.criterion_id),
                round_scores::score.eq(line.score),
                round_scores::justification.eq(line.justification.trim()),
            ))
            .execute(conn)?;
    }
    diesel::update(round_members::table.find((r.id, me)))
        .set(round_members::submitted_at.eq(Some(now())))
        .execute(conn)?;
    round_view(conn, actor, id)
}

/// A member with a conflict of interest steps aside: logged with the reason (for the committee),
/// public without it, and they can no longer score in this round.
pub fn recuse(conn: &mut DbConn, actor: &Actor, id: i64, reason: &str) -> AppResult<RoundView> {
    let r = round(conn, id)?;
    let me = member_who_may_act(conn, actor, &r)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid("reason", Problem::Required));
    }
    if reason.chars().count() > RECUSAL_MAX {
        return Err(invalid("reason", Problem::TooLong));
    }
    diesel::update(round_members::table.find((r.id, me)))
        .set((round_members::recused_at.eq(Some(now())), round_members::recusal_reason.eq(reason)))
        .execute(conn)?;
    let status = Some(Status::UnderEvaluation);
    record_event(
        conn,
        r.submission,
        EventKind::Recused,
        (status, status),
        Some(EventActor::new(me, "evaluator")),
        ("", ""),
    )?;
    round_view(conn, actor, id)
}

/// The chair closes a round once the quorum has scored; the result is then public.
pub fn close_round(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<RoundView> {
    let r = round(conn, id)?;
    let chair = chair_of(actor, named_chair(conn, r.committee)?)?;
    if r.closed_at.is_some() {
        return Err(conflict("round", Problem::Closed));
    }
    let scored = members(conn, r.id)?.iter().filter(|m| m.2).count() as i64;
    if scored < r.quorum {
        return Err(conflict("round", Problem::QuorumNotMet));
    }
    diesel::update(evaluation_rounds::table.find(r.id))
        .set((evaluation_rounds::closed_at.eq(Some(now())), evaluation_rounds::closed_by.eq(Some(chair))))
        .execute(conn)?;
    let status = Some(Status::UnderEvaluation);
    record_event(
        conn,
        r.submission,
        EventKind::RoundClosed,
        (status, status),
        Some(EventActor::new(chair, "chair")),
        ("", ""),
    )?;
    notify_followers(conn, r.submission, Some(chair), NotificationKind::Evaluation, "scoring_closed")?;
    round_view(conn, actor, id)
}

/// The chair's decision as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    /// feasible, not_feasible, approved, rejected, more_information
    pub outcome: String,
    /// Required: the public reads it on the timeline and the scorecard.
    #[serde(default)]
    pub public_reason: Option<String>,
    /// Turkish lira (₺).
    #[serde(default)]
    pub estimated_cost: Option<f64>,
    #[serde(default)]
    pub estimated_days: Option<i64>,
}

/// The status each outcome moves the proposal to (`more_information` sends it back to collect).
fn outcome_status(outcome: &str) -> Option<Status> {
    Some(match outcome.trim() {
        "feasible" => Status::Feasible,
        "not_feasible" => Status::NotFeasible,
        "approved" => Status::Approved,
        "rejected" => Status::Rejected,
        "more_information" => Status::Published,
        _ => return None,
    })
}

/// The chair records the committee's decision: with public reasons, and the estimated cost and
/// duration; never while a round is open. It moves the proposal through the workflow (as the
/// chair's move: the workflow's table and owners apply).
pub fn decide(conn: &mut DbConn, actor: &Actor, submission: i64, d: &DecisionInput) -> AppResult<i64> {
    actor.require(Role::Chair)?;
    let mut errors = FieldErrors::new();
    let to = outcome_status(&d.outcome);
    if to.is_none() {
        errors.add("outcome", if d.outcome.trim().is_empty() { Problem::Required } else { Problem::Unknown });
    }
    let reason = d.public_reason.as_deref().unwrap_or_default().trim();
    if reason.is_empty() {
        errors.add("public_reason", Problem::Required);
    } else if reason.chars().count() > REASON_MAX {
        errors.add("public_reason", Problem::TooLong);
    }
    let cost = match d.estimated_cost {
        Some(c) if !(0.0..1e12).contains(&c) || !c.is_finite() => {
            errors.add("estimated_cost", Problem::OutOfRange);
            None
        }
        Some(c) => Some((c * 100.0).round() as i64),
        None => None,
    };
    if d.estimated_days.is_some_and(|n| !(0..=36_500).contains(&n)) {
        errors.add("estimated_days", Problem::OutOfRange);
    }
    errors.into_result()?;
    let to = to.ok_or(AppError::Internal)?;
    let rounds: Vec<(i64, Option<PrimitiveDateTime>, Option<i64>)> = evaluation_rounds::table
        .filter(evaluation_rounds::submission_id.eq(submission))
        .order(evaluation_rounds::id.desc())
        .select((evaluation_rounds::id, evaluation_rounds::closed_at, evaluation_rounds::committee_id))
        .load(conn)?;
    // The chair of the committee that scored it decides (any chair where none is named).
    let chair = chair_of(actor, named_chair(conn, rounds.first().and_then(|r| r.2))?)?;
    if rounds.first().is_some_and(|r| r.1.is_none()) {
        return Err(conflict("round", Problem::RoundOpen));
    }
    transition(
        conn,
        actor,
        submission,
        &Move { to: to.as_str().to_owned(), public_note: Some(reason.to_owned()), internal_note: None },
    )?;
    let id: i64 = diesel::insert_into(decisions::table)
        .values((
            decisions::submission_id.eq(submission),
            decisions::round_id.eq(rounds.first().map(|r| r.0)),
            decisions::outcome.eq(d.outcome.trim()),
            decisions::public_reason.eq(reason),
            decisions::estimated_cost_kurus.eq(cost),
            decisions::estimated_days.eq(d.estimated_days),
            decisions::decided_by.eq(chair),
            decisions::decided_at.eq(now()),
        ))
        .returning(decisions::id)
        .get_result(conn)?;
    Ok(id)
}

fn decisions_of(conn: &mut DbConn, submission: i64) -> AppResult<Vec<DecisionView>> {
    type Row = (i64, String, String, Option<i64>, Option<i64>, PrimitiveDateTime);
    let rows: Vec<Row> = decisions::table
        .filter(decisions::submission_id.eq(submission))
        .order(decisions::id)
        .select((
            decisions::id,
            decisions::outcome,
            decisions::public_reason,
            decisions::estimated_cost_kurus,
            decisions::estimated_days,
            decisions::decided_at,
        ))
        .load_direct(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, outcome, public_reason, cost, estimated_days, at)| DecisionView {
            id,
            outcome,
            public_reason,
            estimated_cost: cost.map(|k| k as f64 / 100.0),
            estimated_days,
            decided_at: iso(at),
        })
        .collect())
}

/// The public scorecard of a proposal: its last closed round's result (and the scores without
/// names where the setting publishes them) and the decisions. `NotFound` before a round closed.
pub fn scorecard(conn: &mut DbConn, submission: i64, rubrics: &KeptRubrics) -> AppResult<Scorecard> {
    let (round, publish) = round_to_show(conn, Shown::LastClosedOf(submission))?;
    let last = round.id;
    let rubric = (*rubrics.rubric(conn, round.rubric)?).clone();
    let view = view_of(conn, &Actor::Anonymous, round, publish, rubric)?;
    Ok(Scorecard {
        submission_id: submission,
        round_id: last,
        rubric_version: view.rubric_version,
        scale_max: view.scale_max,
        criteria: view.criteria,
        scored: view.scored,
        recused: view.members.iter().filter(|m| m.recused).count() as i64,
        closed_at: view.closed_at.unwrap_or_default(),
        result: view.result.ok_or(AppError::Internal)?,
        scores: view.scores,
        decisions: decisions_of(conn, submission)?,
    })
}

/// Proposals the queue shows at once.
pub const QUEUE_PAGE: i64 = 50;

/// The committee's queue (evaluators and the chair): the proposals under evaluation, longest
/// waiting first (at most `QUEUE_PAGE`), with their latest round and where the asker stands in
/// it; and how many are waiting in all (counted unless `known_total` says: a city has thousands,
/// and counting them was most of the page).
pub fn queue(conn: &mut DbConn, actor: &Actor, known_total: Option<i64>) -> AppResult<(Vec<QueueItem>, i64)> {
    let me = actor.require_user()?;
    if !actor.has(Role::Evaluator) && !actor.has(Role::Chair) {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<(i64, Option<String>, String, i64)> = submissions::table
        .filter(submissions::status.eq(Status::UnderEvaluation.as_str()))
        .order((submissions::updated_at, submissions::id))
        .limit(QUEUE_PAGE)
        .select((submissions::id, submissions::reference, submissions::title, submissions::support_count))
        .load(conn)?;
    let total: i64 = match known_total {
        Some(n) => n,
        None => submissions::table
            .filter(submissions::status.eq(Status::UnderEvaluation.as_str()))
            .count()
            .get_result(conn)?,
    };
    // Each proposal's latest round, and those rounds' members: two statements for the whole
    // page, not two per proposal.
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let rounds: Vec<(i64, i64, PrimitiveDateTime, i64, Option<PrimitiveDateTime>)> = evaluation_rounds::table
        .filter(evaluation_rounds::submission_id.eq_any(&ids))
        .order((evaluation_rounds::submission_id, evaluation_rounds::id.desc()))
        .select((
            evaluation_rounds::submission_id,
            evaluation_rounds::id,
            evaluation_rounds::deadline,
            evaluation_rounds::quorum,
            evaluation_rounds::closed_at,
        ))
        .load(conn)?;
    let mut latest: std::collections::HashMap<i64, (i64, PrimitiveDateTime, i64, Option<PrimitiveDateTime>)> =
        std::collections::HashMap::new();
    for (submission_id, id, deadline, quorum, closed_at) in rounds {
        latest.entry(submission_id).or_insert((id, deadline, quorum, closed_at));
    }
    let round_ids: Vec<i64> = latest.values().map(|r| r.0).collect();
    // (round, member, has scored, has stepped aside)
    let members: Vec<(i64, i64, bool, bool)> = round_members::table
        .filter(round_members::round_id.eq_any(&round_ids))
        .select((
            round_members::round_id,
            round_members::user_id,
            round_members::submitted_at,
            round_members::recused_at,
        ))
        .load::<(i64, i64, Option<PrimitiveDateTime>, Option<PrimitiveDateTime>)>(conn)?
        .into_iter()
        .map(|(round, user, submitted, recused)| (round, user, submitted.is_some(), recused.is_some()))
        .collect();
    let items = rows
        .into_iter()
        .map(|(submission_id, reference, title, support_count)| {
            let round = latest.get(&submission_id).map(|&(id, deadline, quorum, closed_at)| {
                let of_round = || members.iter().filter(move |m| m.0 == id);
                let mine = of_round().find(|m| m.1 == me);
                QueueRound {
                    id,
                    closed: closed_at.is_some(),
                    deadline: iso(deadline),
                    members: of_round().count() as i64,
                    scored: of_round().filter(|m| m.2).count() as i64,
                    quorum,
                    i_am_member: mine.is_some(),
                    i_have_scored: mine.is_some_and(|m| m.2),
                    i_have_recused: mine.is_some_and(|m| m.3),
                }
            });
            QueueItem { submission_id, reference: reference.unwrap_or_default(), title, support_count, round }
        })
        .collect();
    Ok((items, total))
}

/// Reminds the members of every open round whose deadline is within a day, and who have neither
/// scored nor stepped aside, once per round. Run by the server every few minutes; returns how
/// many reminders went out.
pub fn send_reminders(conn: &mut DbConn, now: PrimitiveDateTime) -> AppResult<usize> {
    let due: Vec<(i64, i64)> = evaluation_rounds::table
        .filter(evaluation_rounds::closed_at.is_null())
        .filter(evaluation_rounds::reminded_at.is_null())
        .filter(evaluation_rounds::deadline.gt(now))
        .filter(evaluation_rounds::deadline.le(now + time::Duration::days(1)))
        .select((evaluation_rounds::id, evaluation_rounds::submission_id))
        .load(conn)?;
    let mut sent = 0;
    for (round, submission) in due {
        let waiting: Vec<i64> = members(conn, round)?.into_iter().filter(|m| !m.2 && !m.3).map(|m| m.0).collect();
        sent +=
            notify_users(conn, submission, &waiting, NotificationKind::Evaluation, &format!("round_reminder:{round}"))?;
        diesel::update(evaluation_rounds::table.find(round))
            .set(evaluation_rounds::reminded_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(sent)
}

/// A round's proposal as its page names it: title, reference, and whether it still waits for the
/// committee's decision.
pub fn proposal_of(conn: &mut DbConn, submission: i64) -> AppResult<(String, String, bool)> {
    let (title, reference, status): (String, Option<String>, String) = submissions::table
        .find(submission)
        .select((submissions::title, submissions::reference, submissions::status))
        .first(conn)?;
    Ok((title, reference.unwrap_or_default(), Status::stored(&status)? == Status::UnderEvaluation))
}
