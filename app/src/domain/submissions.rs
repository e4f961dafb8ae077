//! What a submission is and how its status may move (DESIGN.md §3, §4.1, §4.3). Pure rules:
//! the kinds and their track, every status, the allowed transitions of each track, and the
//! public reference code. Services check a transition here before they write an event.
use crate::domain::geo::{BBox, District};
use crate::error::{FieldErrors, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

super::codes::code_enum! {
    /// How a submission reached the municipality (DESIGN.md §3): the web form, or staff recording
    /// it from another channel (intake).
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum Channel("channel") {
        Web = "web",
        Phone153 = "phone_153",
        WhatsApp = "whatsapp",
        Email = "email",
        SocialMedia = "social_media",
        WalkIn = "walk_in",
        Vim = "vim",
        NeighbourhoodMeeting = "neighbourhood_meeting",
    }
}

super::codes::code_enum! {
    /// What an entry of a submission's append-only timeline records.
    pub enum EventKind("event kind") {
        Created = "created",
        StatusChanged = "status_changed",
        /// The support threshold was reached: the proposal waits for the evaluation committee.
        QueuedForCommittee = "queued_for_committee",
        /// The chair opened a round of scoring.
        RoundOpened = "round_opened",
        /// A member stepped aside for a conflict of interest (the reason is not public).
        Recused = "recused",
        /// The chair closed the round; its result is public.
        RoundClosed = "round_closed",
        /// Staff added a milestone of the implementation (its title is the public note).
        MilestoneAdded = "milestone_added",
        /// A milestone changed (planned, done).
        MilestoneUpdated = "milestone_updated",
        /// The implementation's progress, budget or directorate changed.
        ProgressUpdated = "progress_updated",
        /// Staff added before or after photos of the implementation.
        PhotosAdded = "photos_added",
        /// Staff routed a service request to a directorate (and an officer of it).
        Assigned = "assigned",
        /// Staff merged a duplicate into this submission (the public note is its reference).
        DuplicateMerged = "duplicate_merged",
    }
}

impl EventKind {
    /// Whether the event records a change to the implementation (its figures, milestones or
    /// photos): every such change writes one, so a timeline without any has no implementation.
    pub fn changes_implementation(self) -> bool {
        matches!(self, EventKind::MilestoneAdded | EventKind::ProgressUpdated | EventKind::PhotosAdded)
    }
}

super::codes::code_enum! {
    /// What a file attached to a submission is.
    pub enum MediaKind("media kind") {
        Photo = "photo",
        Video = "video",
    }
}

super::codes::code_enum! {
    /// Which side of an implementation a staff photo shows: the place before the work, or after.
    pub enum PhotoPhase("photo phase") {
        Before = "before",
        After = "after",
    }
}

super::codes::code_enum! {
    /// What a flag for the moderators points at.
    pub enum FlagTarget("flag target") {
        Submission = "submission",
        Comment = "comment",
    }
}

impl FlagTarget {
    /// The name of the flag form of this target `id` among a page's forms (`comment-12`).
    pub fn form_item(self, id: i64) -> String {
        format!("{}-{id}", self.as_str())
    }
}

/// The two workflows a submission follows, decided by its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    Participation,
    ServiceRequest,
}

super::codes::code_enum! {
    /// What a citizen sends (DESIGN.md §3); the kind decides the workflow (`Track`).
    pub enum Kind("kind") {
        Idea = "idea",
        Project = "project",
        Suggestion = "suggestion",
        Complaint = "complaint",
        Request = "request",
        InformationRequest = "information_request",
    }
}

impl Kind {
    pub fn track(self) -> Track {
        match self {
            Kind::Idea | Kind::Project | Kind::Suggestion => Track::Participation,
            Kind::Complaint | Kind::Request | Kind::InformationRequest => Track::ServiceRequest,
        }
    }

    /// The kinds the Solution Centre answers (complaint, request, information request), in
    /// `Kind::ALL`'s order.
    pub fn service_requests() -> impl Iterator<Item = Kind> {
        Kind::ALL.iter().copied().filter(|k| k.track() == Track::ServiceRequest)
    }

    /// The status a submission of this kind starts in once sent (drafts aside).
    pub fn initial_status(self) -> Status {
        match self.track() {
            Track::Participation => Status::Published,
            Track::ServiceRequest => Status::Received,
        }
    }
}

super::codes::code_enum! {
    /// Where a submission stands. Participation: published (drafts are kept apart, in their own
    /// table, and never have a status) through evaluation to completion; service requests:
    /// received through resolution; the last three end either track.
    pub enum Status("status") {
        Published = "published",
        UnderEvaluation = "under_evaluation",
        Feasible = "feasible",
        NotFeasible = "not_feasible",
        Approved = "approved",
        Scheduled = "scheduled",
        InImplementation = "in_implementation",
        Completed = "completed",
        Received = "received",
        Routed = "routed",
        InProgress = "in_progress",
        Resolved = "resolved",
        NotOurJurisdiction = "not_our_jurisdiction",
        Closed = "closed",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
        Merged = "merged",
    }
}

impl Status {
    /// The track a status belongs to; `None` for the ends both tracks share.
    pub fn track(self) -> Option<Track> {
        use Status::*;
        match self {
            Published | UnderEvaluation | Feasible | NotFeasible | Approved | Scheduled | InImplementation
            | Completed => Some(Track::Participation),
            Received | Routed | InProgress | Resolved | NotOurJurisdiction | Closed => Some(Track::ServiceRequest),
            Rejected | Withdrawn | Merged => None,
        }
    }

    /// Open: the submission can still move. Closed ones keep their history and never move again.
    pub fn is_open(self) -> bool {
        use Status::*;
        !matches!(
            self,
            NotFeasible | Completed | Resolved | NotOurJurisdiction | Closed | Rejected | Withdrawn | Merged
        )
    }

    /// Whether reaching this status ends a service request on the municipality's side: answered
    /// (resolved), sent elsewhere (not our jurisdiction), closed or rejected. A request its
    /// citizen withdrew, or merged into another, was never resolved: its resolution time is not
    /// counted.
    pub fn resolves_request(self) -> bool {
        matches!(self, Status::Resolved | Status::NotOurJurisdiction | Status::Closed | Status::Rejected)
    }

    /// Only a published participation submission collects support (destek).
    pub fn accepts_support(self) -> bool {
        self == Status::Published
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransitionError {
    /// The submission is closed (completed, rejected, withdrawn, …) and cannot move.
    #[error("{from} is closed")]
    Closed { from: Status },
    /// The move is not a step of this track's workflow.
    #[error("{from} cannot become {to}")]
    NotAllowed { from: Status, to: Status },
}

/// Checks one status change of a submission on `track`. Any open status may end as rejected
/// (with a public reason, checked by the service), withdrawn (by its author) or merged into
/// another; otherwise only the steps of the workflow diagrams are allowed.
pub fn check_transition(track: Track, from: Status, to: Status) -> Result<(), TransitionError> {
    use Status::*;
    if !from.is_open() {
        return Err(TransitionError::Closed { from });
    }
    if from.track().is_some_and(|t| t != track) || to.track().is_some_and(|t| t != track) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    let allowed = match (from, to) {
        (_, Rejected | Withdrawn | Merged) => true,
        // Participation: published → under evaluation → feasible / not feasible
        // → approved → scheduled → in implementation → completed. The committee may also
        // approve directly, or send the proposal back for more information.
        (Published, UnderEvaluation) => true,
        (UnderEvaluation, Feasible | NotFeasible | Approved | Published) => true,
        (Feasible, Approved) => true,
        (Approved, Scheduled) => true,
        (Scheduled, InImplementation) => true,
        (InImplementation, Completed) => true,
        // Service requests: received → routed → in progress → resolved | not our jurisdiction
        // | closed; a request can be answered or closed before it is in progress too.
        (Received, Routed | NotOurJurisdiction | Closed) => true,
        (Routed, InProgress | NotOurJurisdiction | Closed | Resolved) => true,
        (InProgress, Resolved | NotOurJurisdiction | Closed) => true,
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(TransitionError::NotAllowed { from, to })
    }
}

/// A caller's contact written one way, to find their earlier requests however it was typed: an
/// e-mail address in lower case; a Turkish phone number as its ten national digits (`0555 111 22
/// 33`, `+90 555 1112233` and `5551112233` are one number). `None` for anything else.
pub fn contact_key(contact: &str) -> Option<String> {
    let c = contact.trim();
    if c.contains('@') {
        let lower = c.to_lowercase();
        let (local, domain) = lower.split_once('@')?;
        return (!local.is_empty() && domain.contains('.') && !lower.chars().any(char::is_whitespace)).then_some(lower);
    }
    if c.chars().any(|ch| !(ch.is_ascii_digit() || " +-().".contains(ch))) {
        return None;
    }
    let digits: String = c.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        12 if digits.starts_with("90") => &digits[2..],
        11 if digits.starts_with('0') => &digits[1..],
        10 => &digits[..],
        _ => return None,
    };
    Some(national.to_owned())
}

/// The public reference code of a submission: `INE-2026-000123` (year, then a six-digit number
/// counted per year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefCode {
    pub year: u16,
    pub number: u32,
}

impl RefCode {
    pub const MAX_NUMBER: u32 = 999_999;

    pub fn new(year: u16, number: u32) -> Option<RefCode> {
        ((1000..=9999).contains(&year) && (1..=Self::MAX_NUMBER).contains(&number)).then_some(RefCode { year, number })
    }

    /// Reads a code as people type it: any case, with or without dashes or spaces
    /// (`ine 2026 000123`, `INE2026000123`). `None` when it is not a code.
    pub fn parse(input: &str) -> Option<RefCode> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '–')
            .collect::<String>()
            .to_ascii_uppercase();
        let digits = compact.strip_prefix("INE")?;
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year = digits[..4].parse().ok()?;
        let number = digits[4..].parse().ok()?;
        RefCode::new(year, number)
    }
}

impl fmt::Display for RefCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "INE-{:04}-{:06}", self.year, self.number)
    }
}

pub const TITLE_MIN: usize = 5;
pub const TITLE_MAX: usize = 140;
pub const BODY_MAX: usize = 10_000;

/// İnegöl district's bounding box (reference/inegol-district.json, from the GADM outline,
/// approximate): the district until an admin uploads its outline.
pub const DISTRICT_BOX: BBox = BBox { south: 39.8269099, west: 29.2423081, north: 40.2139153, east: 29.7980751 };

/// İnegöl's town centre (reference/inegol-district.json, GeoNames): where maps open, and a point
/// every outline of the district holds.
pub const TOWN_CENTRE: (f64, f64) = (40.0781, 29.5133);

/// A submission as typed, before checks (category and neighbourhood are checked against the
/// database by the service).
#[derive(Debug, Clone, Default)]
pub struct SubmissionDraft {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The rules that need no database: a known kind, a title of 5–140 characters, a body of at
/// most 10,000 characters, and either no map point or both coordinates inside the district.
pub fn validate_draft(d: &SubmissionDraft, district: &District) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if d.kind.trim().is_empty() {
        errors.add("kind", Problem::Required);
    } else if Kind::parse(&d.kind).is_none() {
        errors.add("kind", Problem::Invalid);
    }
    let title = d.title.trim().chars().count();
    if title == 0 {
        errors.add("title", Problem::Required);
    } else if title < TITLE_MIN {
        errors.add("title", Problem::TooShort);
    } else if title > TITLE_MAX {
        errors.add("title", Problem::TooLong);
    }
    let body = d.body.trim().chars().count();
    if body == 0 {
        errors.add("body", Problem::Required);
    } else if body > BODY_MAX {
        errors.add("body", Problem::TooLong);
    }
    check_location(d.lat, d.lon, district, "location", &mut errors);
    errors
}

/// Either no map point, or both coordinates inside the district (the problem is given under
/// `field`).
pub fn check_location(lat: Option<f64>, lon: Option<f64>, district: &District, field: &str, errors: &mut FieldErrors) {
    match (lat, lon) {
        (None, None) => {}
        (Some(lat), Some(lon)) if district.contains(lat, lon) => {}
        (Some(_), Some(_)) => errors.add(field, Problem::OutsideDistrict),
        _ => errors.add(field, Problem::Incomplete),
    }
}

/// The lighter rules of a draft saved to finish later (what is missing is fine until it is
/// sent): something written, nothing too long, a known kind when one is chosen, and the map
/// point's rule.
pub fn validate_saved_draft(d: &SubmissionDraft, district: &District) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if !d.kind.trim().is_empty() && Kind::parse(d.kind.trim()).is_none() {
        errors.add("kind", Problem::Invalid);
    }
    let (title, body) = (d.title.trim().chars().count(), d.body.trim().chars().count());
    if title == 0 && body == 0 {
        errors.add("title", Problem::DraftEmpty);
    } else if title > TITLE_MAX {
        errors.add("title", Problem::TooLong);
    }
    if body > BODY_MAX {
        errors.add("body", Problem::TooLong);
    }
    check_location(d.lat, d.lon, district, "location", &mut errors);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callers_number_is_one_number_however_it_was_typed() {
        for typed in ["0555 111 22 33", "+90 555 111 22 33", "5551112233", "(0555) 111-22-33", "905551112233"] {
            assert_eq!(contact_key(typed).as_deref(), Some("5551112233"), "{typed}");
        }
        assert_eq!(contact_key(" Hatice@Example.COM ").as_deref(), Some("hatice@example.com"));
        for other in ["", "153", "Ahmet Bey", "555 11", "hatice@", "x@y"] {
            assert_eq!(contact_key(other), None, "{other}");
        }
    }
    use Status::*;

    /// Every allowed move of each track; everything not listed must be refused.
    const PARTICIPATION: &[(Status, Status)] = &[
        (Published, UnderEvaluation),
        (UnderEvaluation, Feasible),
        (UnderEvaluation, NotFeasible),
        (UnderEvaluation, Approved),
        (UnderEvaluation, Published),
        (Feasible, Approved),
        (Approved, Scheduled),
        (Scheduled, InImplementation),
        (InImplementation, Completed),
    ];
    const SERVICE: &[(Status, Status)] = &[
        (Received, Routed),
        (Received, NotOurJurisdiction),
        (Received, Closed),
        (Routed, InProgress),
        (Routed, NotOurJurisdiction),
        (Routed, Closed),
        (Routed, Resolved),
        (InProgress, Resolved),
        (InProgress, NotOurJurisdiction),
        (InProgress, Closed),
    ];

    fn expected(track: Track, from: Status, to: Status) -> bool {
        let list = match track {
            Track::Participation => PARTICIPATION,
            Track::ServiceRequest => SERVICE,
        };
        let on_track = from.track() == Some(track);
        on_track && from.is_open() && (list.contains(&(from, to)) || matches!(to, Rejected | Withdrawn | Merged))
    }

    #[test]
    fn every_transition_of_both_tracks_is_allowed_or_refused_as_designed() {
        for track in [Track::Participation, Track::ServiceRequest] {
            for &from in Status::ALL {
                for &to in Status::ALL {
                    let got = check_transition(track, from, to).is_ok();
                    assert_eq!(got, expected(track, from, to), "{track:?}: {from} → {to}");
                }
            }
        }
    }

    #[test]
    fn closed_submissions_never_move_and_say_why() {
        for from in [Completed, NotFeasible, Resolved, Rejected, Withdrawn, Merged] {
            let track = from.track().unwrap_or(Track::Participation);
            assert_eq!(check_transition(track, from, Rejected), Err(TransitionError::Closed { from }));
        }
        assert_eq!(
            check_transition(Track::ServiceRequest, Received, Published),
            Err(TransitionError::NotAllowed { from: Received, to: Published })
        );
    }

    #[test]
    fn kinds_pick_their_track_and_first_status() {
        assert_eq!(Kind::Idea.initial_status(), Published);
        assert_eq!(Kind::InformationRequest.track(), Track::ServiceRequest);
        assert_eq!(Kind::Complaint.initial_status(), Received);
        for &k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        for &s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            #[cfg(feature = "ssr")]
            assert_eq!(Status::stored(s.as_str()), Ok(s));
        }
        #[cfg(feature = "ssr")]
        {
            assert!(Status::stored("draft").is_err(), "a corrupt stored value is an error, not a default");
            assert!(Kind::stored("wish").is_err());
        }
        assert!(Published.accepts_support() && !UnderEvaluation.accepts_support() && !Withdrawn.accepts_support());
    }

    #[test]
    fn reference_codes_print_and_read_as_people_type_them() {
        let code = RefCode::new(2026, 123).unwrap();
        assert_eq!(code.to_string(), "INE-2026-000123");
        for typed in ["INE-2026-000123", "ine-2026-000123", " ine 2026 000123 ", "INE2026000123", "ine–2026–000123"]
        {
            assert_eq!(RefCode::parse(typed), Some(code), "{typed}");
        }
        for bad in ["", "INE-2026-0001234", "INE-26-000123", "ABC-2026-000123", "INE-2026-000000", "INE-2026-00012x"] {
            assert_eq!(RefCode::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn drafts_are_checked_field_by_field() {
        let ok = SubmissionDraft {
            kind: "idea".into(),
            title: "Cerrah parkına gölgelik".into(),
            body: "Yazın çocuklar güneşte kalıyor.".into(),
            lat: Some(40.0781),
            lon: Some(29.5133),
        };
        let district = District::Box(DISTRICT_BOX);
        assert!(validate_draft(&ok, &district).is_empty());

        let empty = validate_draft(&SubmissionDraft::default(), &district);
        assert_eq!(empty.get("kind"), Some(Problem::Required));
        assert_eq!(empty.get("title"), Some(Problem::Required));
        assert_eq!(empty.get("body"), Some(Problem::Required));
        assert_eq!(empty.get("location"), None, "the map point is optional");

        let bad = validate_draft(
            &SubmissionDraft {
                kind: "petition".into(),
                title: "Park".into(),
                body: "x".repeat(BODY_MAX + 1),
                lat: Some(41.0082),
                lon: Some(28.9784), // Istanbul
            },
            &district,
        );
        assert_eq!(bad.get("kind"), Some(Problem::Invalid));
        assert_eq!(bad.get("title"), Some(Problem::TooShort));
        assert_eq!(bad.get("body"), Some(Problem::TooLong));
        assert_eq!(bad.get("location"), Some(Problem::OutsideDistrict));

        let long_title = validate_draft(&SubmissionDraft { title: "ş".repeat(TITLE_MAX + 1), ..ok.clone() }, &district);
        assert_eq!(long_title.get("title"), Some(Problem::TooLong), "characters, not bytes");
        let exactly = validate_draft(&SubmissionDraft { title: "ş".repeat(TITLE_MAX), ..ok.clone() }, &district);
        assert!(exactly.is_empty());
        let half = validate_draft(&SubmissionDraft { lon: None, ..ok }, &district);
        assert_eq!(half.get("location"), Some(Problem::Incomplete));
    }

    #[test]
    fn district_bounds_include_the_town_but_not_bursa() {
        let d = District::Box(DISTRICT_BOX);
        assert!(d.contains(TOWN_CENTRE.0, TOWN_CENTRE.1), "town centre");
        assert!(!d.contains(40.1885, 29.0610), "Bursa city centre");
        assert!(!d.contains(f64::NAN, 29.5));
        assert!(d.contains(39.8269099, 29.2423081), "edges count");
    }
}
