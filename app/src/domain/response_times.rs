//! How well the Çözüm Merkezi keeps its response-time targets (issue 11): given the times of a set
//! of service requests, the figures the statistics page and `GET /api/v1/stats/response-times`
//! publish. Pure: the requests, the calendar and "now" come from the caller.
//!
//! The rules, stated once:
//! * a request's first response is late when it came after its due time, or has not come and the
//!   due time has passed; it is on time when it came by its due time. A request not yet answered
//!   whose due time is still ahead is neither (it is left out of the share);
//! * the same for resolution, with the resolution due time;
//! * response and resolution times are measured in working time from receipt (so a request sent
//!   on a Friday evening and answered on Monday at 09:00 took one working hour);
//! * open now: not yet resolved and not ended otherwise (withdrawn, merged); overdue now: open,
//!   and its first response or its resolution is past due.
use super::working_time::Calendar;
use time::{Duration, PrimitiveDateTime};

/// One service request's times (UTC), as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestTimes {
    pub received: PrimitiveDateTime,
    pub first_response_due: Option<PrimitiveDateTime>,
    pub resolution_due: Option<PrimitiveDateTime>,
    pub first_response: Option<PrimitiveDateTime>,
    pub resolved: Option<PrimitiveDateTime>,
    /// Still open (its status can move).
    pub open: bool,
}

impl RequestTimes {
    /// Whether the first response is due and has not come by `now`.
    pub fn response_overdue(&self, now: PrimitiveDateTime) -> bool {
        self.open && self.first_response.is_none() && self.first_response_due.is_some_and(|d| d <= now)
    }

    /// Whether the request is open and its first response or its resolution is past due.
    pub fn overdue(&self, now: PrimitiveDateTime) -> bool {
        self.response_overdue(now)
            || (self.open && self.resolved.is_none() && self.resolution_due.is_some_and(|d| d <= now))
    }
}

/// The published figures of a set of requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub count: i64,
    /// The median working hours from receipt to first response, of those answered.
    pub median_first_response_hours: Option<f64>,
    /// Of the requests whose first response came or is past due: the share that came on time.
    pub first_response_within_target: Option<f64>,
    /// The median working days (full working days' length) from receipt to resolution.
    pub median_resolution_days: Option<f64>,
    /// Of the requests resolved or past their resolution due time: the share resolved on time.
    pub resolution_within_target: Option<f64>,
    pub open: i64,
    pub overdue: i64,
}

/// On time, late, or not decided yet (`None`): whether `done` came by `due`, at `now`.
fn kept(due: Option<PrimitiveDateTime>, done: Option<PrimitiveDateTime>, now: PrimitiveDateTime) -> Option<bool> {
    let due = due?;
    match done {
        Some(at) => Some(at <= due),
        None if due <= now => Some(false),
        None => None,
    }
}

fn share(outcomes: impl Iterator<Item = Option<bool>>) -> Option<f64> {
    let (mut on_time, mut decided) = (0u32, 0u32);
    for kept in outcomes.flatten() {
        decided += 1;
        on_time += u32::from(kept);
    }
    (decided > 0).then(|| round(f64::from(on_time) / f64::from(decided), 1000.0))
}

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

fn round(x: f64, by: f64) -> f64 {
    (x * by).round() / by
}

fn hours(d: Duration) -> f64 {
    d.as_seconds_f64() / 3600.0
}

/// The figures of `requests` at `now`, working time measured with `calendar`.
pub fn summarise(calendar: &Calendar, now: PrimitiveDateTime, requests: &[RequestTimes]) -> Summary {
    let full_day = hours(calendar.hours.full_day());
    let first: Vec<f64> = requests
        .iter()
        .filter_map(|r| Some(hours(calendar.working_time_between(r.received, r.first_response?))))
        .collect();
    let resolution: Vec<f64> = requests
        .iter()
        .filter_map(|r| Some(hours(calendar.working_time_between(r.received, r.resolved?)) / full_day))
        .collect();
    let open: Vec<&RequestTimes> = requests.iter().filter(|r| r.open).collect();
    Summary {
        count: requests.len() as i64,
        median_first_response_hours: median(first).map(|h| round(h, 10.0)),
        first_response_within_target: share(requests.iter().map(|r| kept(r.first_response_due, r.first_response, now))),
        median_resolution_days: median(resolution).map(|d| round(d, 10.0)),
        resolution_within_target: share(requests.iter().map(|r| kept(r.resolution_due, r.resolved, now))),
        open: open.len() as i64,
        overdue: open.iter().filter(|r| r.overdue(now)).count() as i64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month, Time};

    fn cal() -> Calendar {
        Calendar::turkey_2026_2027().unwrap()
    }

    /// A time written in İnegöl (UTC+3): `datetime(2026, 12, 4, 18, 30)`.
    fn datetime(y: i32, m: u8, d: u8, h: u8, min: u8) -> PrimitiveDateTime {
        let date = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        PrimitiveDateTime::new(date, Time::from_hms(h, min, 0).unwrap())
    }

    /// A time written in İnegöl, as stored (UTC).
    fn local(t: PrimitiveDateTime) -> PrimitiveDateTime {
        super::super::working_time::from_istanbul(t)
    }

    fn request(received: PrimitiveDateTime) -> RequestTimes {
        let c = cal();
        RequestTimes {
            received: local(received),
            first_response_due: Some(c.first_response_due(local(received), 4)),
            resolution_due: Some(c.resolution_due(local(received), 2)),
            first_response: None,
            resolved: None,
            open: true,
        }
    }

    #[test]
    fn medians_are_the_middle_value_or_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0]), Some(5.0));
        assert_eq!(median(vec![9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 10.0]), Some(3.0));
    }

    #[test]
    fn a_friday_evening_request_answered_on_monday_morning_took_one_working_hour() {
        // Friday 4 December 2026, 18:30; answered Monday 7 December, 09:00.
        let mut r = request(datetime(2026, 12, 4, 18, 30));
        assert_eq!(r.first_response_due, Some(local(datetime(2026, 12, 7, 12, 0))));
        r.first_response = Some(local(datetime(2026, 12, 7, 9, 0)));
        let s = summarise(&cal(), local(datetime(2026, 12, 7, 10, 0)), &[r]);
        assert_eq!(s.median_first_response_hours, Some(1.0));
        assert_eq!(s.first_response_within_target, Some(1.0));
        assert_eq!((s.open, s.overdue), (1, 0));
    }

    #[test]
    fn late_answers_and_unanswered_requests_past_due_count_against_the_target() {
        let now = local(datetime(2026, 12, 10, 12, 0));
        // Received Monday 7 December 09:00: the first response is due at 13:00 that day.
        let mut on_time = request(datetime(2026, 12, 7, 9, 0));
        on_time.first_response = Some(local(datetime(2026, 12, 7, 10, 0)));
        let mut late = request(datetime(2026, 12, 7, 9, 0));
        late.first_response = Some(local(datetime(2026, 12, 8, 9, 0)));
        let silent = request(datetime(2026, 12, 7, 9, 0));
        // Received a minute ago: nothing is due yet, so it is left out of the shares.
        let fresh = request(datetime(2026, 12, 10, 11, 59));
        let s = summarise(&cal(), now, &[on_time, late, silent, fresh]);
        assert_eq!(s.count, 4);
        assert_eq!(s.first_response_within_target, Some(0.333));
        // Answered after 1 and after 9 working hours (09:00 Monday to 09:00 Tuesday is 8 + 1).
        assert_eq!(s.median_first_response_hours, Some(5.0));
        // Resolution (two working days, due Wednesday 9 December 09:00) is past for the first
        // three and not yet for the fresh one.
        assert_eq!(s.resolution_within_target, Some(0.0));
        assert_eq!((s.open, s.overdue), (4, 3));
    }

    #[test]
    fn resolution_days_are_counted_in_full_working_days_across_a_holiday() {
        // Received Friday 30 October 2026 at 08:00 (the day after Republic Day, a working day);
        // resolved Tuesday 3 November at 17:00: Friday, Monday, Tuesday are three working days.
        let mut r = request(datetime(2026, 10, 30, 8, 0));
        r.resolved = Some(local(datetime(2026, 11, 3, 17, 0)));
        r.first_response = Some(local(datetime(2026, 10, 30, 9, 0)));
        r.open = false;
        let s = summarise(&cal(), local(datetime(2026, 11, 4, 12, 0)), &[r]);
        assert_eq!(s.median_resolution_days, Some(3.0));
        assert_eq!(s.resolution_within_target, Some(0.0), "two days were the target");
        assert_eq!((s.open, s.overdue), (0, 0), "a resolved request is neither open nor overdue");
    }

    #[test]
    fn a_request_with_no_target_counts_but_takes_no_side() {
        let r = RequestTimes {
            received: local(datetime(2026, 12, 7, 9, 0)),
            first_response_due: None,
            resolution_due: None,
            first_response: None,
            resolved: None,
            open: true,
        };
        let s = summarise(&cal(), local(datetime(2027, 1, 1, 9, 0)), &[r]);
        assert_eq!((s.count, s.open, s.overdue), (1, 1, 0));
        assert_eq!((s.first_response_within_target, s.resolution_within_target), (None, None));
    }
}
