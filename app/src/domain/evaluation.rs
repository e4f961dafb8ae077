//! The evaluation committee's rules (DESIGN.md §4.2): the default rubric, what a score sheet
//! must hold, the result of a round (weighted means with their spread), and who may see which
//! scores when (blind scoring). Pure arithmetic and decisions; the service stores and enforces.
use serde::{Deserialize, Serialize};

/// One criterion of the default rubric: stable key, Turkish and English names, weight in percent.
pub struct DefaultCriterion {
    pub key: &'static str,
    pub name_tr: &'static str,
    pub name_en: &'static str,
    pub weight: i32,
}

/// DESIGN.md §4.2: public benefit 30 %, technical feasibility 25 %, cost-effectiveness 20 %,
/// urgency 15 %, fit with the strategic plan 10 %, each scored 1–5.
pub const DEFAULT_RUBRIC: [DefaultCriterion; 5] = [
    DefaultCriterion { key: "public_benefit", name_tr: "Kamu yararı", name_en: "Public benefit", weight: 30 },
    DefaultCriterion {
        key: "technical_feasibility",
        name_tr: "Teknik uygulanabilirlik",
        name_en: "Technical feasibility",
        weight: 25,
    },
    DefaultCriterion {
        key: "cost_effectiveness",
        name_tr: "Maliyet etkinliği",
        name_en: "Cost-effectiveness",
        weight: 20,
    },
    DefaultCriterion { key: "urgency", name_tr: "Aciliyet", name_en: "Urgency", weight: 15 },
    DefaultCriterion {
        key: "strategic_fit",
        name_tr: "Stratejik plana uygunluk",
        name_en: "Fit with the strategic plan",
        weight: 10,
    },
];
pub const DEFAULT_SCALE_MAX: i32 = 5;
/// Members who must have scored before the chair may close a round (a setting; this default).
pub const DEFAULT_QUORUM: i64 = 3;
/// The longest justification of one score, in characters.
pub const JUSTIFICATION_MAX: usize = 1_000;

/// A criterion as a round uses it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Criterion {
    pub id: i64,
    pub weight: i32,
    pub scale_max: i32,
}

/// One member's score of one criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub member: i64,
    pub criterion: i64,
    pub score: i32,
}

/// The result of one criterion: the mean and the spread of the members' scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CriterionResult {
    pub criterion_id: i64,
    pub weight: i32,
    /// How many members scored it.
    pub count: i64,
    pub mean: f64,
    pub min: i32,
    pub max: i32,
    /// The population standard deviation (the members are the whole committee, not a sample).
    pub std_dev: f64,
}

/// A round's result: each criterion's, and the overall mean weighted by the criteria's weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundResult {
    pub criteria: Vec<CriterionResult>,
    /// Σ(weight × mean) / Σ weight over the criteria that were scored; `None` when none was.
    pub mean: Option<f64>,
}

/// The weighted means and spreads of a round's scores. Scores of other criteria are ignored.
pub fn aggregate(criteria: &[Criterion], scores: &[Score]) -> RoundResult {
    let mut results = Vec::new();
    for c in criteria {
        let values: Vec<i32> = scores.iter().filter(|s| s.criterion == c.id).map(|s| s.score).collect();
        if values.is_empty() {
            continue;
        }
        let n = values.len() as f64;
        let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let variance = values.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / n;
        results.push(CriterionResult {
            criterion_id: c.id,
            weight: c.weight,
            count: values.len() as i64,
            mean,
            min: values.iter().copied().min().unwrap_or_default(),
            max: values.iter().copied().max().unwrap_or_default(),
            std_dev: variance.sqrt(),
        });
    }
    let weights: i32 = results.iter().map(|r| r.weight).sum();
    let mean =
        (weights > 0).then(|| results.iter().map(|r| f64::from(r.weight) * r.mean).sum::<f64>() / f64::from(weights));
    RoundResult { criteria: results, mean }
}

/// What is wrong with a member's score sheet, by criterion id (`None` for the sheet itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetProblem {
    /// A criterion of the rubric has no score.
    Missing(i64),
    /// A score outside 1..=scale_max.
    OutOfRange(i64),
    /// A score without its justification, or one too long.
    Justification(i64),
    /// A criterion that is not the round's, or one scored twice.
    Unknown(i64),
}

/// One line of a score sheet as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SheetLine {
    pub criterion_id: i64,
    pub score: i32,
    pub justification: String,
}

/// A sheet is complete: every criterion once, each score on its scale, each with a short
/// justification.
pub fn check_sheet(criteria: &[Criterion], lines: &[SheetLine]) -> Vec<SheetProblem> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for line in lines {
        let Some(c) = criteria.iter().find(|c| c.id == line.criterion_id) else {
            problems.push(SheetProblem::Unknown(line.criterion_id));
            continue;
        };
        if seen.contains(&c.id) {
            problems.push(SheetProblem::Unknown(c.id));
            continue;
        }
        seen.push(c.id);
        if !(1..=c.scale_max).contains(&line.score) {
            problems.push(SheetProblem::OutOfRange(c.id));
        }
        let words = line.justification.trim().chars().count();
        if words == 0 || words > JUSTIFICATION_MAX {
            problems.push(SheetProblem::Justification(c.id));
        }
    }
    for c in criteria {
        if !seen.contains(&c.id) {
            problems.push(SheetProblem::Missing(c.id));
        }
    }
    problems
}

/// Most criteria a rubric may have, and the longest criterion name.
pub const RUBRIC_MAX_CRITERIA: usize = 10;
pub const CRITERION_NAME_MAX: usize = 120;

/// One criterion of a rubric version an admin is writing (position = index).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CriterionDraft {
    pub name_tr: String,
    pub name_en: String,
    /// Percent, a whole number; a rubric's weights add up to 100.
    pub weight: i32,
}

/// What is wrong with a rubric being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RubricProblem {
    /// The scale is neither 1–5 nor 1–10.
    Scale,
    /// No criterion, or more than `RUBRIC_MAX_CRITERIA`.
    Count,
    /// Criterion `i` has no Turkish name, or one too long (`true`).
    NameTr(usize, bool),
    /// Criterion `i` has no English name, or one too long.
    NameEn(usize, bool),
    /// Criterion `i` weighs outside 1–100.
    Weight(usize),
    /// The weights do not add up to 100.
    Total,
    /// Two criteria share a Turkish name (the second's index).
    Duplicate(usize),
}

/// A rubric version is 1–10 criteria, each named in both languages (uniquely), weighing 1–100
/// percent, 100 in all, on a scale of 1–5 or 1–10.
pub fn check_rubric(scale_max: i32, criteria: &[CriterionDraft]) -> Vec<RubricProblem> {
    let mut problems = Vec::new();
    if scale_max != 5 && scale_max != 10 {
        problems.push(RubricProblem::Scale);
    }
    if criteria.is_empty() || criteria.len() > RUBRIC_MAX_CRITERIA {
        problems.push(RubricProblem::Count);
    }
    let name = |s: &str| {
        let n = s.trim().chars().count();
        (n == 0 || n > CRITERION_NAME_MAX).then_some(n > CRITERION_NAME_MAX)
    };
    for (i, c) in criteria.iter().enumerate() {
        if let Some(long) = name(&c.name_tr) {
            problems.push(RubricProblem::NameTr(i, long));
        } else if criteria[..i].iter().any(|o| o.name_tr.trim() == c.name_tr.trim()) {
            problems.push(RubricProblem::Duplicate(i));
        }
        if let Some(long) = name(&c.name_en) {
            problems.push(RubricProblem::NameEn(i, long));
        }
        if !(1..=100).contains(&c.weight) {
            problems.push(RubricProblem::Weight(i));
        }
    }
    if !criteria.is_empty() && criteria.iter().map(|c| i64::from(c.weight)).sum::<i64>() != 100 {
        problems.push(RubricProblem::Total);
    }
    problems
}

/// Who is looking at a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A member of the round who has submitted their sheet.
    MemberScored,
    /// A member who has not (yet), or who recused.
    MemberNotScored,
    /// Anyone else: the chair (when not a member), staff, other evaluators, the public.
    Other,
}

/// Which scores a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoresShown {
    /// Nothing of anyone's scores (only who has scored, for the chair's progress).
    None,
    /// Their own sheet only.
    Own,
    /// Everyone's, with the members' names.
    AllNamed,
    /// The result, and every score without names (when the admin setting allows).
    AllAnonymous,
    /// The result only.
    ResultOnly,
}

/// Blind scoring: before a round closes, a member sees their own sheet and, once they have sent
/// it, the others'; nobody else sees any score. After it closes members see everything; everyone
/// else the result, and the individual scores without names where the setting allows.
pub fn scores_shown(viewer: Viewer, closed: bool, publish_individual: bool) -> ScoresShown {
    match (viewer, closed) {
        (Viewer::MemberScored, _) => ScoresShown::AllNamed,
        (Viewer::MemberNotScored, false) => ScoresShown::Own,
        (Viewer::MemberNotScored, true) => ScoresShown::AllNamed,
        (Viewer::Other, false) => ScoresShown::None,
        (Viewer::Other, true) if publish_individual => ScoresShown::AllAnonymous,
        (Viewer::Other, true) => ScoresShown::ResultOnly,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Vec<Criterion> {
        DEFAULT_RUBRIC
            .iter()
            .enumerate()
            .map(|(i, c)| Criterion { id: i as i64 + 1, weight: c.weight, scale_max: DEFAULT_SCALE_MAX })
            .collect()
    }

    #[test]
    fn the_default_rubric_weighs_one_hundred_percent() {
        assert_eq!(DEFAULT_RUBRIC.iter().map(|c| c.weight).sum::<i32>(), 100);
    }

    /// Three members, figures worked out by hand:
    /// benefit 5,4,3 → mean 4, sd √(2/3) ≈ 0.8165; feasibility 2,2,2 → 2, sd 0;
    /// cost 1,5,3 → 3, sd √(8/3) ≈ 1.633; urgency 4,4,5 → 13/3 ≈ 4.333; fit 3,3,3 → 3.
    /// Overall (30·4 + 25·2 + 20·3 + 15·13/3 + 10·3) / 100 = (120 + 50 + 60 + 65 + 30) / 100 = 3.25.
    #[test]
    fn a_round_aggregates_to_hand_computed_figures() {
        let sheet = |member: i64, scores: [i32; 5]| {
            scores.into_iter().enumerate().map(move |(i, score)| Score { member, criterion: i as i64 + 1, score })
        };
        let scores: Vec<Score> =
            sheet(1, [5, 2, 1, 4, 3]).chain(sheet(2, [4, 2, 5, 4, 3])).chain(sheet(3, [3, 2, 3, 5, 3])).collect();
        let r = aggregate(&rubric(), &scores);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert_eq!(r.criteria.len(), 5);
        assert!(close(r.criteria[0].mean, 4.0) && close(r.criteria[0].std_dev, (2.0f64 / 3.0).sqrt()));
        assert_eq!((r.criteria[0].min, r.criteria[0].max, r.criteria[0].count), (3, 5, 3));
        assert!(close(r.criteria[1].mean, 2.0) && close(r.criteria[1].std_dev, 0.0));
        assert!(close(r.criteria[2].mean, 3.0) && close(r.criteria[2].std_dev, (8.0f64 / 3.0).sqrt()));
        assert!(close(r.criteria[3].mean, 13.0 / 3.0));
        assert!(close(r.mean.unwrap_or_default(), 3.25), "{:?}", r.mean);
    }

    #[test]
    fn a_round_without_scores_has_no_result() {
        let r = aggregate(&rubric(), &[]);
        assert!(r.criteria.is_empty());
        assert_eq!(r.mean, None);
    }

    #[test]
    fn a_sheet_scores_every_criterion_once_on_its_scale_with_a_reason() {
        let rubric = rubric();
        let line = |id: i64, score: i32, why: &str| SheetLine { criterion_id: id, score, justification: why.into() };
        let good: Vec<SheetLine> = (1..=5).map(|id| line(id, 3, "Gerekçe")).collect();
        assert!(check_sheet(&rubric, &good).is_empty());
        let mut bad = good.clone();
        bad[0].score = 6;
        bad[1].justification = "  ".into();
        bad.pop();
        bad.push(line(99, 3, "x"));
        bad.push(line(1, 3, "again"));
        assert_eq!(
            check_sheet(&rubric, &bad),
            vec![
                SheetProblem::OutOfRange(1),
                SheetProblem::Justification(2),
                SheetProblem::Unknown(99),
                SheetProblem::Unknown(1),
                SheetProblem::Missing(5)
            ]
        );
        let ten = [Criterion { id: 1, weight: 100, scale_max: 10 }];
        assert!(check_sheet(&ten, &[line(1, 10, "Çok iyi")]).is_empty(), "a 1–10 scale");
        assert_eq!(check_sheet(&ten, &[line(1, 0, "Sıfır")]), vec![SheetProblem::OutOfRange(1)]);
    }

    #[test]
    fn a_rubric_weighs_one_hundred_percent_on_a_known_scale() {
        let c = |tr: &str, en: &str, weight: i32| CriterionDraft { name_tr: tr.into(), name_en: en.into(), weight };
        let good = [c("Kamu yararı", "Public benefit", 60), c("Aciliyet", "Urgency", 40)];
        assert!(check_rubric(5, &good).is_empty());
        assert!(check_rubric(10, &good).is_empty(), "a 1–10 scale");
        assert_eq!(check_rubric(7, &good), vec![RubricProblem::Scale]);
        assert_eq!(check_rubric(5, &[]), vec![RubricProblem::Count]);
        let bad = [c("Kamu yararı", "", 60), c(" Kamu yararı ", "Again", 0), c(&"ç".repeat(121), "Long", 30)];
        assert_eq!(
            check_rubric(5, &bad),
            vec![
                RubricProblem::NameEn(0, false),
                RubricProblem::Duplicate(1),
                RubricProblem::Weight(1),
                RubricProblem::NameTr(2, true),
                RubricProblem::Total
            ]
        );
        let eleven: Vec<CriterionDraft> = (0..11).map(|i| c(&format!("Ölçüt {i}"), &format!("C {i}"), 1)).collect();
        assert!(check_rubric(5, &eleven).contains(&RubricProblem::Count));
    }

    #[test]
    fn scoring_is_blind_until_a_member_has_scored_or_the_round_closed() {
        use ScoresShown::*;
        assert_eq!(scores_shown(Viewer::MemberNotScored, false, true), Own);
        assert_eq!(scores_shown(Viewer::MemberScored, false, false), AllNamed);
        assert_eq!(scores_shown(Viewer::Other, false, true), None, "not the chair, staff or the public");
        assert_eq!(scores_shown(Viewer::Other, true, false), ResultOnly);
        assert_eq!(scores_shown(Viewer::Other, true, true), AllAnonymous);
        assert_eq!(scores_shown(Viewer::MemberNotScored, true, false), AllNamed);
    }
}
