//! (ssr) The review board's administration: its settings (support threshold, quorum, published
//! scores, names on the timeline), new versions of the rubric, and the committees. Admins only;
//! every change is audited.
use super::service::{PUBLISH_SCORES, QUORUM};
use super::{BoardSettings, CommitteeInput, CommitteePerson, CommitteeView, RubricInput, RubricView, SettingsInput};
use crate::auth::Actor;
use crate::db::schema::{committee_members, committees, rubric_criteria, rubrics, users};
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::accounts::normalize_email;
use crate::domain::evaluation::{check_rubric, RubricProblem};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::settings;
use diesel::prelude::*;

/// The largest quorum a round may ask for.
pub const QUORUM_MAX: i64 = 50;
/// The longest committee name, and the most members a committee may have.
pub const COMMITTEE_NAME_MAX: usize = 120;
pub const COMMITTEE_MEMBERS_MAX: usize = 50;

/// The settings as they are now.
pub fn settings_now(conn: &mut DbConn) -> AppResult<BoardSettings> {
    Ok(BoardSettings {
        support_threshold: settings::get_i64(conn, settings::SUPPORT_THRESHOLD)?,
        evaluation_quorum: settings::get_i64(conn, QUORUM)?,
        publish_individual_scores: settings::get_i64(conn, PUBLISH_SCORES)? == 1,
        timeline_actor_names: settings::get_i64(conn, settings::TIMELINE_ACTOR_NAMES)? == 1,
    })
}

/// What an admin reads before changing them.
pub fn board_settings(conn: &mut DbConn, actor: &Actor) -> AppResult<BoardSettings> {
    actor.require(Role::Admin)?;
    settings_now(conn)
}

/// An admin changes the settings given; each change is audited. A round keeps the quorum it was
/// opened with.
pub fn save_settings(conn: &mut DbConn, actor: &Actor, input: &SettingsInput) -> AppResult<BoardSettings> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    if input.support_threshold.is_some_and(|v| !(1..=crate::reference::admin::THRESHOLD_MAX).contains(&v)) {
        errors.add("support_threshold", Problem::OutOfRange);
    }
    if input.evaluation_quorum.is_some_and(|v| !(1..=QUORUM_MAX).contains(&v)) {
        errors.add("evaluation_quorum", Problem::OutOfRange);
    }
    errors.into_result()?;
    let flag = |b: bool| i64::from(b);
    let changes = [
        (settings::SUPPORT_THRESHOLD, input.support_threshold),
        (QUORUM, input.evaluation_quorum),
        (PUBLISH_SCORES, input.publish_individual_scores.map(flag)),
        (settings::TIMELINE_ACTOR_NAMES, input.timeline_actor_names.map(flag)),
    ];
    for (setting, value) in changes {
        let Some(value) = value else { continue };
        if settings::get_i64(conn, setting)? != value {
            settings::set_i64(conn, setting, value)?;
            crate::audit::service::record(conn, actor, "setting.saved", setting.0, &value.to_string())?;
        }
    }
    settings_now(conn)
}

/// An admin writes a new version of the rubric; rounds already opened keep theirs. Criteria
/// keep their key where the Turkish name is unchanged from the current version.
pub fn new_rubric(conn: &mut DbConn, actor: &Actor, input: &RubricInput) -> AppResult<RubricView> {
    let admin = actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    for problem in check_rubric(input.scale_max, &input.criteria) {
        let (field, p) = match problem {
            RubricProblem::Scale => ("scale_max".to_owned(), Problem::Invalid),
            RubricProblem::Count => ("criteria".to_owned(), Problem::TooMany),
            RubricProblem::NameTr(i, long) => (format!("name_tr_{i}"), too(long)),
            RubricProblem::NameEn(i, long) => (format!("name_en_{i}"), too(long)),
            RubricProblem::Weight(i) => (format!("weight_{i}"), Problem::OutOfRange),
            RubricProblem::Total => ("weights".to_owned(), Problem::WeightsTotal),
            RubricProblem::Duplicate(i) => (format!("name_tr_{i}"), Problem::Taken),
        };
        errors.add(&field, p);
    }
    errors.into_result()?;
    let current: Option<(i64, i64)> =
        rubrics::table.order(rubrics::version.desc()).select((rubrics::id, rubrics::version)).first(conn).optional()?;
    let known: Vec<(String, String)> = match current {
        Some((id, _)) => rubric_criteria::table
            .filter(rubric_criteria::rubric_id.eq(id))
            .select((rubric_criteria::name_tr, rubric_criteria::key))
            .load(conn)?,
        None => Vec::new(),
    };
    let version = current.map_or(1, |(_, v)| v + 1);
    let rubric: i64 = diesel::insert_into(rubrics::table)
        .values((
            rubrics::version.eq(version),
            rubrics::scale_max.eq(input.scale_max),
            rubrics::created_at.eq(now()),
            rubrics::created_by.eq(Some(admin)),
        ))
        .returning(rubrics::id)
        .get_result(conn)?;
    for (position, c) in input.criteria.iter().enumerate() {
        let name_tr = c.name_tr.trim();
        let key = known
            .iter()
            .find(|(name, _)| name == name_tr)
            .map_or_else(|| format!("c{version}_{}", position + 1), |(_, key)| key.clone());
        diesel::insert_into(rubric_criteria::table)
            .values((
                rubric_criteria::rubric_id.eq(rubric),
                rubric_criteria::position.eq(position as i32),
                rubric_criteria::key.eq(key),
                rubric_criteria::name_tr.eq(name_tr),
                rubric_criteria::name_en.eq(c.name_en.trim()),
                rubric_criteria::weight.eq(c.weight),
            ))
            .execute(conn)?;
    }
    crate::audit::service::record(conn, actor, "rubric.saved", &format!("rubric:{rubric}"), &format!("v{version}"))?;
    super::service::rubrics(conn)?.into_iter().find(|r| r.id == rubric).ok_or(AppError::Internal)
}

fn too(long: bool) -> Problem {
    if long {
        Problem::TooLong
    } else {
        Problem::Required
    }
}

/// Every committee, active first, then by name. The committee's people see names; admins the
/// e-mail addresses too.
pub fn committees(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<CommitteeView>> {
    actor.require_user()?;
    if ![Role::Admin, Role::Chair, Role::Evaluator].iter().any(|r| actor.has(*r)) {
        return Err(AppError::Forbidden);
    }
    let admin = actor.has(Role::Admin);
    let rows: Vec<(i64, String, bool, Option<i64>)> = committees::table
        .order((committees::active.desc(), committees::name, committees::id))
        .select((committees::id, committees::name, committees::active, committees::chair_id))
        .load(conn)?;
    let people: Vec<(i64, i64, String, String)> = committee_members::table
        .inner_join(users::table.on(users::id.eq(committee_members::user_id)))
        .order((committee_members::committee_id, users::display_name))
        .select((committee_members::committee_id, users::id, users::display_name, users::email))
        .load(conn)?;
    let chairs: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
    let chair_rows: Vec<(i64, String, String)> = users::table
        .filter(users::id.eq_any(chairs))
        .select((users::id, users::display_name, users::email))
        .load(conn)?;
    let person = |id: i64, name: &str, email: &str| CommitteePerson {
        id,
        name: name.to_owned(),
        email: admin.then(|| email.to_owned()),
    };
    Ok(rows
        .into_iter()
        .map(|(id, name, active, chair)| CommitteeView {
            id,
            name,
            active,
            chair: chair.and_then(|c| chair_rows.iter().find(|r| r.0 == c)).map(|(i, n, e)| person(*i, n, e)),
            members: people.iter().filter(|p| p.0 == id).map(|(_, i, n, e)| person(*i, n, e)).collect(),
        })
        .collect())
}

/// The person with this e-mail address if they hold `role`; the field's problem if not.
fn holder(conn: &mut DbConn, email: &str, role: Role) -> AppResult<Result<i64, Problem>> {
    use crate::accounts::model;
    let Some(user) = model::by_email(conn, &normalize_email(email))? else { return Ok(Err(Problem::NotFound)) };
    Ok(if model::roles_of(conn, user.id)?.contains(&role) {
        Ok(user.id)
    } else if role == Role::Chair {
        Err(Problem::NotChair)
    } else {
        Err(Problem::NotEvaluator)
    })
}

/// An admin makes (`id` None) or changes a committee: its name (unique), its chair (someone
/// holding the chair role, or none: any chair) and its members (people holding the evaluator
/// role), replaced as a whole. Returns its id.
pub fn save_committee(conn: &mut DbConn, actor: &Actor, id: Option<i64>, input: &CommitteeInput) -> AppResult<i64> {
    actor.require(Role::Admin)?;
    if let Some(id) = id {
        committees::table.find(id).select(committees::id).first::<i64>(conn)?;
    }
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", Problem::Required);
    } else if name.chars().count() > COMMITTEE_NAME_MAX {
        errors.add("name", Problem::TooLong);
    } else {
        let taken: i64 = committees::table
            .filter(committees::name.eq(name))
            .filter(committees::id.ne(id.unwrap_or(0)))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            errors.add("name", Problem::Taken);
        }
    }
    let chair = match input.chair_email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        None => None,
        Some(email) => match holder(conn, email, Role::Chair)? {
            Ok(id) => Some(id),
            Err(p) => {
                errors.add("chair_email", p);
                None
            }
        },
    };
    let mut members = Vec::new();
    for email in input.member_emails.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        match holder(conn, email, Role::Evaluator)? {
            Ok(id) if !members.contains(&id) => members.push(id),
            Ok(_) => {}
            Err(p) => errors.add("member_emails", p),
        }
    }
    if members.len() > COMMITTEE_MEMBERS_MAX {
        errors.add("member_emails", Problem::TooMany);
    }
    errors.into_result()?;
    let active = input.active.unwrap_or(true);
    let id = match id {
        Some(id) => {
            diesel::update(committees::table.find(id))
                .set((committees::name.eq(name), committees::chair_id.eq(chair), committees::active.eq(active)))
                .execute(conn)?;
            diesel::delete(committee_members::table.filter(committee_members::committee_id.eq(id))).execute(conn)?;
            id
        }
        None => diesel::insert_into(committees::table)
            .values((
                committees::name.eq(name),
                committees::chair_id.eq(chair),
                committees::active.eq(active),
                committees::created_at.eq(now()),
            ))
            .returning(committees::id)
            .get_result(conn)?,
    };
    for member in &members {
        diesel::insert_into(committee_members::table)
            .values((committee_members::committee_id.eq(id), committee_members::user_id.eq(member)))
            .execute(conn)?;
    }
    let detail = format!("{name}; {} members", members.len());
    crate::audit::service::record(conn, actor, "committee.saved", &format!("committee:{id}"), &detail)?;
    Ok(id)
}
