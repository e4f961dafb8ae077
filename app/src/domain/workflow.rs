//! Who moves a submission through its workflow (DESIGN.md §4.1–4.3). `submissions` says which
//! moves exist; this says who makes each one: the author withdraws; staff send proposals to the
//! committee, run their implementation and move service requests; the committee's chair
//! records its outcomes. A rejection belongs to whoever owns the stage it ends.
use super::roles::Role;
use super::submissions::{check_transition, Status, Track, TransitionError};

/// Who makes a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// The submission's author (a relation to the submission, not a role).
    Author,
    /// Municipal staff.
    Staff,
    /// The evaluation committee's chair.
    Chair,
}

impl Mover {
    /// The role that makes this mover; `None` for the author.
    pub fn role(self) -> Option<Role> {
        match self {
            Mover::Author => None,
            Mover::Staff => Some(Role::Staff),
            Mover::Chair => Some(Role::Chair),
        }
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefused {
    /// The workflow has no such move from here; these are the ones it has.
    Illegal { from: Status, allowed: Vec<Status> },
    /// The move exists, but it is `by`'s to make.
    NotYours { by: Mover },
}

/// Every move the workflow allows from `from` (none from a closed status), in status order.
pub fn allowed_moves(track: Track, from: Status) -> Vec<Status> {
    Status::ALL.iter().copied().filter(|&to| check_transition(track, from, to).is_ok()).collect()
}

/// Who makes the move `from` → `to`, or `None` when the workflow has no such move.
pub fn mover(track: Track, from: Status, to: Status) -> Option<Mover> {
    use Status::*;
    check_transition(track, from, to).ok()?;
    Some(match (track, from, to) {
        (_, _, Withdrawn) => Mover::Author,
        (_, _, Merged) => Mover::Staff,
        (Track::ServiceRequest, _, _) => Mover::Staff,
        // The committee's stages: its outcomes, and a rejection there, are the chair's.
        (Track::Participation, UnderEvaluation | Feasible, _) => Mover::Chair,
        // Sending to the committee, scheduling, implementing, completing; rejecting before
        // evaluation or after approval.
        (Track::Participation, _, _) => Mover::Staff,
    })
}

/// Moves whose public note (the reason the public reads) may not be empty.
pub fn needs_public_note(to: Status) -> bool {
    matches!(to, Status::Rejected | Status::NotFeasible | Status::NotOurJurisdiction)
}

/// Whether a person with `roles` (the author of the submission or not) may make the move.
/// Admins hold no implicit right here: the chair's and staff's moves need those roles.
pub fn check_move(
    track: Track,
    from: Status,
    to: Status,
    roles: &[Role],
    is_author: bool,
) -> Result<Mover, MoveRefused> {
    let Some(by) = mover(track, from, to) else {
        let from_closed = matches!(check_transition(track, from, to), Err(TransitionError::Closed { .. }));
        let allowed = if from_closed { Vec::new() } else { allowed_moves(track, from) };
        return Err(MoveRefused::Illegal { from, allowed });
    };
    let may = match by.role() {
        None => is_author,
        Some(role) => roles.contains(&role),
    };
    if may {
        Ok(by)
    } else {
        Err(MoveRefused::NotYours { by })
    }
}

/// The moves a person may make from `from` on the submission's page: those of the workflow that
/// are theirs, less withdrawing (its own button) and merging (done by marking a duplicate).
pub fn moves_for(track: Track, from: Status, roles: &[Role], is_author: bool) -> Vec<Status> {
    allowed_moves(track, from)
        .into_iter()
        .filter(|&to| !matches!(to, Status::Withdrawn | Status::Merged))
        .filter(|&to| check_move(track, from, to, roles, is_author).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use Status::*;

    const ROLE_SETS: [&[Role]; 5] = [
        &[Role::Citizen],
        &[Role::Staff],
        &[Role::Chair],
        &[Role::Evaluator, Role::Admin],
        &[Role::Staff, Role::Chair],
    ];

    #[test]
    fn each_stage_has_its_owner() {
        let p = Track::Participation;
        assert_eq!(mover(p, Published, UnderEvaluation), Some(Mover::Staff));
        assert_eq!(mover(p, UnderEvaluation, Approved), Some(Mover::Chair));
        assert_eq!(mover(p, UnderEvaluation, Published), Some(Mover::Chair), "more information needed");
        assert_eq!(mover(p, Feasible, Rejected), Some(Mover::Chair));
        assert_eq!(mover(p, Approved, Scheduled), Some(Mover::Staff));
        assert_eq!(mover(p, InImplementation, Completed), Some(Mover::Staff));
        assert_eq!(mover(p, Published, Rejected), Some(Mover::Staff));
        assert_eq!(mover(p, Scheduled, Withdrawn), Some(Mover::Author));
        assert_eq!(mover(p, Published, Approved), None);
        let s = Track::ServiceRequest;
        assert_eq!(mover(s, Received, Routed), Some(Mover::Staff));
        assert_eq!(mover(s, InProgress, Withdrawn), Some(Mover::Author));
        assert_eq!(mover(s, Resolved, InProgress), None, "closed");
    }

    #[test]
    fn a_refusal_names_the_moves_there_are() {
        let refused = check_move(Track::Participation, Published, Completed, &[Role::Staff], false);
        assert_eq!(
            refused,
            Err(MoveRefused::Illegal { from: Published, allowed: vec![UnderEvaluation, Rejected, Withdrawn, Merged] })
        );
        assert_eq!(
            check_move(Track::Participation, Completed, Rejected, &[Role::Chair], false),
            Err(MoveRefused::Illegal { from: Completed, allowed: vec![] })
        );
        assert_eq!(
            check_move(Track::Participation, UnderEvaluation, Approved, &[Role::Staff, Role::Admin], true),
            Err(MoveRefused::NotYours { by: Mover::Chair })
        );
    }

    #[test]
    fn each_person_is_offered_their_own_moves() {
        let p = Track::Participation;
        assert_eq!(moves_for(p, Published, &[Role::Staff], false), vec![UnderEvaluation, Rejected]);
        assert_eq!(
            moves_for(p, UnderEvaluation, &[Role::Chair], false),
            vec![Published, Feasible, NotFeasible, Approved, Rejected]
        );
        assert_eq!(moves_for(p, UnderEvaluation, &[Role::Staff], false), vec![]);
        assert_eq!(moves_for(p, Published, &[Role::Citizen], true), vec![], "withdrawing has its own button");
        let s = Track::ServiceRequest;
        assert_eq!(
            moves_for(s, Routed, &[Role::Staff], false),
            vec![InProgress, Resolved, NotOurJurisdiction, Closed, Rejected]
        );
    }

    /// Random walks through both workflows by people of random roles: every accepted move is in
    /// the table and made by its owner only; every refused one is either not in the table or
    /// someone else's; the walk never reaches a status the table cannot reach.
    #[test]
    fn random_walks_only_make_the_tables_moves_by_their_owners() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(20_261_201);
        for walk in 0..2_000 {
            let track = if walk % 2 == 0 { Track::Participation } else { Track::ServiceRequest };
            let mut status = if track == Track::Participation { Published } else { Received };
            for _ in 0..12 {
                let to = Status::ALL[rng.gen_range(0..Status::ALL.len())];
                let roles = ROLE_SETS[rng.gen_range(0..ROLE_SETS.len())];
                let is_author = rng.gen_bool(0.3);
                let legal = check_transition(track, status, to).is_ok();
                match check_move(track, status, to, roles, is_author) {
                    Ok(by) => {
                        assert!(legal, "{track:?}: {status} → {to} accepted but not in the table");
                        assert_eq!(Some(by), mover(track, status, to));
                        match by.role() {
                            Some(role) => assert!(roles.contains(&role)),
                            None => assert!(is_author),
                        }
                        status = to;
                    }
                    Err(MoveRefused::Illegal { allowed, .. }) => {
                        assert!(!legal);
                        assert!(!allowed.contains(&to));
                    }
                    Err(MoveRefused::NotYours { by }) => {
                        assert!(legal);
                        assert!(by.role().is_none_or(|r| !roles.contains(&r)) && (by != Mover::Author || !is_author));
                    }
                }
                assert!(status.track().is_none_or(|t| t == track), "{status} is not on {track:?}");
            }
        }
    }
}
