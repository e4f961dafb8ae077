//! Working time for the Çözüm Merkezi targets (issue 11): when a request's first response and its
//! resolution are due. Working time is weekdays from opening to closing in İnegöl (08:00–17:00 by
//! default), minus the holiday calendar; on an eve marked half day work ends at 13:00. A request
//! received outside working time starts counting at the next opening.
//!
//! Instants in and out are UTC [`PrimitiveDateTime`]s, as the database stores them; the calendar
//! and the hours are local. İnegöl is on Turkey time, UTC+3 all year (no daylight saving since
//! 2016), so the conversion is a constant shift done inside this module.
//!
//! Amounts of working time are [`Duration`]s, exact to the nanosecond, so that any interval split
//! at any point adds up exactly. At the edges:
//! * a working day is the half-open interval [opening, closing): 17:00 itself is outside it, and
//!   [`Calendar::next_opening`] of 17:00 is the next working morning;
//! * something due after a positive amount of working time is due at the earliest instant that
//!   much has passed, so a target that runs out exactly at closing is due at closing (17:00), not
//!   at the next opening; a zero amount is due at the next opening;
//! * a negative amount counts as zero.
//!
//! Pure arithmetic: the calendar and the hours come from the caller (the database, seeded from
//! `reference/turkey-holidays-2026-2027.csv`, which admins edit).
use std::collections::BTreeMap;
use time::{Date, Duration, Month, PrimitiveDateTime, Time, Weekday};

/// İnegöl's offset from UTC: Turkey has kept UTC+3 all year since 2016.
pub const ISTANBUL_OFFSET: Duration = Duration::hours(3);

/// The holiday calendar shipped with the app (sources in `reference/SOURCES.md`), which seeds the
/// database; admins edit the stored copy.
pub const TURKEY_HOLIDAYS_CSV: &str = include_str!("../../../reference/turkey-holidays-2026-2027.csv");

/// The header [`parse_holidays`] expects, column for column.
pub const HOLIDAYS_CSV_HEADER: &str = "date,name_tr,name_en,kind,half_day";

/// The UTC instant `utc` as local time in İnegöl. Saturates at the ends of `time`'s range (years
/// ±9999), where nothing real is due.
pub fn to_istanbul(utc: PrimitiveDateTime) -> PrimitiveDateTime {
    utc.checked_add(ISTANBUL_OFFSET).unwrap_or(PrimitiveDateTime::MAX)
}

/// The local İnegöl time `local` as a UTC instant; saturates like [`to_istanbul`].
pub fn from_istanbul(local: PrimitiveDateTime) -> PrimitiveDateTime {
    local.checked_sub(ISTANBUL_OFFSET).unwrap_or(PrimitiveDateTime::MIN)
}

/// The daily hours, local time: a working day runs from `open` to `close`, a half-day eve from
/// `open` to `half_day_close`. Built by [`WorkingHours::new`], so every working day, half days
/// included, has some working time (which keeps every search for the next opening finite).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    open: Time,
    close: Time,
    half_day_close: Time,
}

/// Why hours an admin typed were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("closing time must be after opening time")]
    CloseNotAfterOpen,
    #[error("a half day must close after opening and no later than a full day")]
    HalfDayCloseOutOfRange,
}

impl WorkingHours {
    /// Hours opening at `open`, closing at `close`, and at `half_day_close` on a half-day eve;
    /// requires `open < half_day_close ≤ close`.
    pub fn new(open: Time, close: Time, half_day_close: Time) -> Result<Self, HoursError> {
        if close <= open {
            return Err(HoursError::CloseNotAfterOpen);
        }
        if half_day_close <= open || half_day_close > close {
            return Err(HoursError::HalfDayCloseOutOfRange);
        }
        Ok(Self { open, close, half_day_close })
    }

    pub fn open(&self) -> Time {
        self.open
    }

    pub fn close(&self) -> Time {
        self.close
    }

    pub fn half_day_close(&self) -> Time {
        self.half_day_close
    }

    /// The length of a full working day (9 hours by default): the unit of a resolution target.
    pub fn full_day(&self) -> Duration {
        self.close - self.open
    }
}

impl Default for WorkingHours {
    /// 08:00–17:00, half days until 13:00, the municipality's hours.
    fn default() -> Self {
        let at = |hour: i64| Time::MIDNIGHT + Duration::hours(hour);
        Self { open: at(8), close: at(17), half_day_close: at(13) }
    }
}

/// One date of the holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// Open in the morning until the half-day closing (an eve); otherwise closed all day.
    pub half_day: bool,
    pub name_tr: String,
    pub name_en: String,
}

/// One row of the holiday CSV, as the seed stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayRow {
    pub date: Date,
    pub name_tr: String,
    pub name_en: String,
    /// `national` or `religious`; informative only.
    pub kind: String,
    pub half_day: bool,
}

/// A line of the holiday CSV that could not be read; `line` counts from 1, the header being 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("holiday CSV, line {line}: {problem}")]
pub struct CsvError {
    pub line: usize,
    pub problem: CsvProblem,
}

/// What was wrong with the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvProblem {
    #[error("the header must be `date,name_tr,name_en,kind,half_day`")]
    Header,
    #[error("expected 5 fields, found {0}")]
    FieldCount(usize),
    #[error("a quoted field is not closed, or a quote is followed by more text")]
    Quote,
    #[error("`{0}` is not a date written YYYY-MM-DD")]
    Date(String),
    #[error("half_day must be `yes` or `no`, not `{0}`")]
    HalfDay(String),
    #[error("the Turkish and English names must not be empty")]
    EmptyName,
}

/// Reads the holiday CSV (header [`HOLIDAYS_CSV_HEADER`], `half_day` `yes`/`no`, fields quoted as
/// in RFC 4180 when they hold commas; blank lines ignored). Every row is kept, in file order, so
/// a date may appear twice (2027-05-19 does). The first bad line is the error.
pub fn parse_holidays(text: &str) -> Result<Vec<HolidayRow>, CsvError> {
    let mut lines = text.trim_start_matches('\u{feff}').lines().enumerate();
    let header = lines.by_ref().find(|(_, l)| !l.trim().is_empty());
    match header {
        Some((_, h)) if h.trim() == HOLIDAYS_CSV_HEADER => {}
        Some((n, _)) => return Err(CsvError { line: n + 1, problem: CsvProblem::Header }),
        None => return Err(CsvError { line: 1, problem: CsvProblem::Header }),
    }
    let mut rows = Vec::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        rows.push(parse_row(line).map_err(|problem| CsvError { line: n + 1, problem })?);
    }
    Ok(rows)
}

fn parse_row(line: &str) -> Result<HolidayRow, CsvProblem> {
    let fields = split_csv_line(line)?;
    let [date, name_tr, name_en, kind, half_day] =
        <[String; 5]>::try_from(fields).map_err(|fields: Vec<String>| CsvProblem::FieldCount(fields.len()))?;
    let date = parse_date(date.trim()).ok_or(CsvProblem::Date(date))?;
    let half_day = match half_day.trim() {
        "yes" => true,
        "no" => false,
        _ => return Err(CsvProblem::HalfDay(half_day)),
    };
    let (name_tr, name_en) = (name_tr.trim().to_owned(), name_en.trim().to_owned());
    if name_tr.is_empty() || name_en.is_empty() {
        return Err(CsvProblem::EmptyName);
    }
    Ok(HolidayRow { date, name_tr, name_en, kind: kind.trim().to_owned(), half_day })
}

/// One CSV line into its fields: commas separate, a field may be quoted, `""` inside quotes is
/// one quote. (The `csv` crate is server-only; this file needs no more than this.)
fn split_csv_line(line: &str) -> Result<Vec<String>, CsvProblem> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err(CsvProblem::Quote),
                }
            }
            match chars.next() {
                Some(',') => fields.push(field),
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(_) => return Err(CsvProblem::Quote),
            }
        } else {
            loop {
                match chars.next() {
                    Some(',') => break,
                    Some('"') => return Err(CsvProblem::Quote),
                    Some(c) => field.push(c),
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                }
            }
            fields.push(field);
        }
    }
}

/// `YYYY-MM-DD`, exactly (the `time` crate's parser is server-only).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let year: i32 = s[0..4].parse().ok()?;
    let month: u8 = s[5..7].parse().ok()?;
    let day: u8 = s[8..10].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A date as `YYYY-MM-DD`.
pub fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The hours and the holidays: everything the arithmetic needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    pub hours: WorkingHours,
    /// Local dates. A date not here is a working day unless it is a Saturday or Sunday.
    pub holidays: BTreeMap<Date, Holiday>,
}

impl Calendar {
    /// A calendar from rows such as [`parse_holidays`] gives. Two rows on one date become one
    /// holiday whose names are joined with " / "; it is a half day only if every row says so
    /// (a full closure wins).
    pub fn from_rows(hours: WorkingHours, rows: impl IntoIterator<Item = HolidayRow>) -> Self {
        let mut holidays: BTreeMap<Date, Holiday> = BTreeMap::new();
        for row in rows {
            match holidays.get_mut(&row.date) {
                Some(h) => {
                    h.half_day &= row.half_day;
                    h.name_tr = format!("{} / {}", h.name_tr, row.name_tr);
                    h.name_en = format!("{} / {}", h.name_en, row.name_en);
                }
                None => {
                    holidays.insert(
                        row.date,
                        Holiday { half_day: row.half_day, name_tr: row.name_tr, name_en: row.name_en },
                    );
                }
            }
        }
        Self { hours, holidays }
    }

    /// The default hours with the holidays of a CSV in the [`parse_holidays`] format.
    pub fn from_csv(text: &str) -> Result<Self, CsvError> {
        Ok(Self::from_rows(WorkingHours::default(), parse_holidays(text)?))
    }

    /// The default hours with the shipped Turkish holidays for 2026–2027 ([`TURKEY_HOLIDAYS_CSV`];
    /// a test keeps it readable).
    pub fn turkey_2026_2027() -> Result<Self, CsvError> {
        Self::from_csv(TURKEY_HOLIDAYS_CSV)
    }

    /// The local opening and closing time of a local date, or `None` when it is closed all day
    /// (a Saturday, a Sunday, a full holiday).
    pub fn opening_hours(&self, date: Date) -> Option<(Time, Time)> {
        if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return None;
        }
        match self.holidays.get(&date) {
            None => Some((self.hours.open, self.hours.close)),
            Some(h) if h.half_day => Some((self.hours.open, self.hours.half_day_close)),
            Some(_) => None,
        }
    }

    /// Whether the UTC instant `t` is in working time (opening included, closing excluded).
    pub fn is_working(&self, t: PrimitiveDateTime) -> bool {
        let local = to_istanbul(t);
        self.opening_hours(local.date()).is_some_and(|(open, close)| open <= local.time() && local.time() < close)
    }

    /// The first instant of working time at or after `t` (UTC in, UTC out): `t` itself when it is
    /// in working time, otherwise the next opening.
    pub fn next_opening(&self, t: PrimitiveDateTime) -> PrimitiveDateTime {
        self.next_opening_local(to_istanbul(t)).map_or(PrimitiveDateTime::MAX, from_istanbul)
    }

    /// [`Calendar::next_opening`] in local time; `None` past the last representable date. Ends:
    /// every weekday has working time unless it is a holiday, and holidays are finitely many.
    fn next_opening_local(&self, local: PrimitiveDateTime) -> Option<PrimitiveDateTime> {
        let (mut day, mut from) = (local.date(), local.time());
        loop {
            if let Some((open, close)) = self.opening_hours(day) {
                if from < close {
                    return Some(PrimitiveDateTime::new(day, from.max(open)));
                }
            }
            day = day.next_day()?;
            from = Time::MIDNIGHT;
        }
    }

    /// The working time between the UTC instants `a` and `b`; zero when `b` is not after `a`.
    pub fn working_time_between(&self, a: PrimitiveDateTime, b: PrimitiveDateTime) -> Duration {
        if b <= a {
            return Duration::ZERO;
        }
        let (a, b) = (to_istanbul(a), to_istanbul(b));
        let mut total = Duration::ZERO;
        let mut day = a.date();
        loop {
            if let Some((open, close)) = self.opening_hours(day) {
                let start = if day == a.date() { open.max(a.time()) } else { open };
                let end = if day == b.date() { close.min(b.time()) } else { close };
                if start < end {
                    total += end - start;
                }
            }
            if day >= b.date() {
                return total;
            }
            match day.next_day() {
                Some(next) => day = next,
                None => return total,
            }
        }
    }

    /// The earliest UTC instant by which `amount` of working time has passed since `t`, counting
    /// from the next opening: [`Calendar::next_opening`] for zero (or a negative amount), and at
    /// most the closing of the day the amount runs out on (due at 17:00, not the next morning).
    pub fn add_working(&self, t: PrimitiveDateTime, amount: Duration) -> PrimitiveDateTime {
        self.add_working_local(to_istanbul(t), amount.max(Duration::ZERO)).map_or(PrimitiveDateTime::MAX, from_istanbul)
    }

    fn add_working_local(&self, local: PrimitiveDateTime, amount: Duration) -> Option<PrimitiveDateTime> {
        let mut at = self.next_opening_local(local)?;
        let mut left = amount;
        loop {
            // `at` is an opening instant, so its day is open and `at` is before its closing.
            let (_, close) = self.opening_hours(at.date())?;
            let available = close - at.time();
            if left <= available {
                return at.checked_add(left);
            }
            left -= available;
            at = self.next_opening_local(PrimitiveDateTime::new(at.date(), close))?;
        }
    }

    /// When the first response to a request received at `receipt` (UTC) is due: `hours` working
    /// hours later.
    pub fn first_response_due(&self, receipt: PrimitiveDateTime, hours: u32) -> PrimitiveDateTime {
        self.add_working(receipt, Duration::hours(i64::from(hours)))
    }

    /// When a request received at `receipt` (UTC) must be resolved: `days` times the length of a
    /// full working day, in working time (so a half day counts as the hours it has).
    pub fn resolution_due(&self, receipt: PrimitiveDateTime, days: u32) -> PrimitiveDateTime {
        self.add_working(receipt, self.hours.full_day() * days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn cal() -> Calendar {
        Calendar::turkey_2026_2027().unwrap()
    }

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    fn hms(h: u8, m: u8, s: u8) -> Time {
        Time::from_hms(h, m, s).unwrap()
    }

    /// A local İnegöl time as the UTC instant the functions take.
    fn local(y: i32, mo: u8, d: u8, h: u8, mi: u8) -> PrimitiveDateTime {
        from_istanbul(PrimitiveDateTime::new(date(y, mo, d), hms(h, mi, 0)))
    }

    fn utc(y: i32, mo: u8, d: u8, h: u8, mi: u8) -> PrimitiveDateTime {
        PrimitiveDateTime::new(date(y, mo, d), hms(h, mi, 0))
    }

    #[test]
    fn a_weekend_does_not_count() {
        let c = cal();
        // Friday 2026-06-05 16:00 to Monday 2026-06-08 09:00: one hour each side.
        assert_eq!(c.working_time_between(local(2026, 6, 5, 16, 0), local(2026, 6, 8, 9, 0)), Duration::hours(2));
        assert_eq!(c.next_opening(local(2026, 6, 6, 10, 0)), local(2026, 6, 8, 8, 0), "Saturday");
        assert_eq!(c.next_opening(local(2026, 6, 7, 23, 59)), local(2026, 6, 8, 8, 0), "Sunday");
        assert!(!c.is_working(local(2026, 6, 6, 10, 0)));
        assert_eq!(c.first_response_due(local(2026, 6, 5, 16, 30), 2), local(2026, 6, 8, 9, 30));
    }

    #[test]
    fn a_full_holiday_does_not_count() {
        let c = cal();
        // Thursday 2026-04-23 is National Sovereignty and Children's Day.
        assert_eq!(c.opening_hours(date(2026, 4, 23)), None);
        assert_eq!(c.next_opening(local(2026, 4, 23, 10, 0)), local(2026, 4, 24, 8, 0));
        assert_eq!(c.working_time_between(local(2026, 4, 22, 16, 0), local(2026, 4, 24, 9, 0)), Duration::hours(2));
        // Two rows on 2027-05-19 (a Wednesday): still one closed day.
        assert_eq!(c.opening_hours(date(2027, 5, 19)), None);
    }

    #[test]
    fn a_half_day_eve_closes_at_one() {
        let c = cal();
        // Wednesday 2026-10-28, the Republic Day eve; the 29th is the holiday.
        assert_eq!(c.opening_hours(date(2026, 10, 28)), Some((hms(8, 0, 0), hms(13, 0, 0))));
        assert_eq!(c.working_time_between(local(2026, 10, 28, 0, 0), local(2026, 10, 29, 0, 0)), Duration::hours(5));
        assert!(c.is_working(local(2026, 10, 28, 12, 59)));
        assert!(!c.is_working(local(2026, 10, 28, 13, 0)));
        assert_eq!(c.next_opening(local(2026, 10, 28, 13, 30)), local(2026, 10, 30, 8, 0));
        // A full day's target started on the eve's morning: 5 h there, 4 h on Friday.
        assert_eq!(c.resolution_due(local(2026, 10, 28, 8, 0), 1), local(2026, 10, 30, 12, 0));
    }

    #[test]
    fn an_evening_receipt_starts_counting_at_the_next_opening() {
        let c = cal();
        // Monday 2026-06-08 19:30 → Tuesday 08:00 + 2 h.
        assert_eq!(c.next_opening(local(2026, 6, 8, 19, 30)), local(2026, 6, 9, 8, 0));
        assert_eq!(c.first_response_due(local(2026, 6, 8, 19, 30), 2), local(2026, 6, 9, 10, 0));
        // Before opening the same morning.
        assert_eq!(c.first_response_due(local(2026, 6, 9, 6, 15), 2), local(2026, 6, 9, 10, 0));
    }

    #[test]
    fn a_request_at_12_55_on_a_holiday_eve_is_due_after_the_holiday() {
        let c = cal();
        // Tuesday 2026-05-26 is the Kurban Bayramı eve (half day); the bayram runs Wed 27 – Sat 30,
        // then Sunday. Five minutes before 13:00, then 55 minutes on Monday 1 June.
        let receipt = local(2026, 5, 26, 12, 55);
        assert_eq!(receipt, utc(2026, 5, 26, 9, 55));
        let due = c.first_response_due(receipt, 1);
        assert_eq!(due, local(2026, 6, 1, 8, 55));
        assert_eq!(due, utc(2026, 6, 1, 5, 55));
    }

    #[test]
    fn istanbul_is_three_hours_ahead_all_year() {
        let c = cal();
        // Friday 21:30 UTC is already Saturday 00:30 in İnegöl: next opening Monday 08:00 local.
        assert_eq!(to_istanbul(utc(2026, 6, 5, 21, 30)), PrimitiveDateTime::new(date(2026, 6, 6), hms(0, 30, 0)));
        assert_eq!(c.next_opening(utc(2026, 6, 5, 21, 30)), utc(2026, 6, 8, 5, 0));
        // Sunday 21:30 UTC is Monday 00:30 local: it opens that same (local) morning.
        assert_eq!(c.next_opening(utc(2026, 6, 7, 21, 30)), utc(2026, 6, 8, 5, 0));
        // Winter and summer alike: 05:00 UTC is opening, 14:00 UTC closing.
        for (m, d) in [(1, 5), (7, 6)] {
            assert!(!c.is_working(PrimitiveDateTime::new(date(2026, m, d), hms(4, 59, 59))));
            assert!(c.is_working(utc(2026, m, d, 5, 0)));
            assert!(c.is_working(PrimitiveDateTime::new(date(2026, m, d), hms(13, 59, 59))));
            assert!(!c.is_working(utc(2026, m, d, 14, 0)));
        }
    }

    #[test]
    fn something_due_at_closing_is_due_at_closing() {
        let c = cal();
        let monday = local(2026, 6, 8, 8, 0);
        assert_eq!(c.first_response_due(monday, 9), local(2026, 6, 8, 17, 0));
        assert_eq!(c.resolution_due(monday, 1), local(2026, 6, 8, 17, 0));
        assert_eq!(c.resolution_due(monday, 2), local(2026, 6, 9, 17, 0));
        // But 17:00 itself is outside working time: a request received then waits for Tuesday.
        assert_eq!(c.next_opening(local(2026, 6, 8, 17, 0)), local(2026, 6, 9, 8, 0));
        assert_eq!(c.first_response_due(local(2026, 6, 8, 17, 0), 1), local(2026, 6, 9, 9, 0));
    }

    #[test]
    fn zero_or_negative_targets_are_due_at_the_next_opening() {
        let c = cal();
        let evening = local(2026, 6, 8, 20, 0);
        assert_eq!(c.add_working(evening, Duration::ZERO), local(2026, 6, 9, 8, 0));
        assert_eq!(c.add_working(evening, Duration::hours(-3)), local(2026, 6, 9, 8, 0));
        assert_eq!(c.first_response_due(local(2026, 6, 8, 10, 0), 0), local(2026, 6, 8, 10, 0));
        assert_eq!(c.working_time_between(local(2026, 6, 9, 10, 0), local(2026, 6, 8, 10, 0)), Duration::ZERO);
    }

    #[test]
    fn a_day_target_counts_full_working_days() {
        let c = cal();
        // Friday 10:00 + 2 days → Tuesday 10:00 (Monday 10:00 is one day).
        assert_eq!(c.resolution_due(local(2026, 6, 5, 10, 0), 1), local(2026, 6, 8, 10, 0));
        assert_eq!(c.resolution_due(local(2026, 6, 5, 10, 0), 2), local(2026, 6, 9, 10, 0));
        // The Ramazan Bayramı: eve Thu 2026-03-19 (half), Fri 20 – Sun 22 closed.
        assert_eq!(c.resolution_due(local(2026, 3, 18, 12, 0), 1), local(2026, 3, 19, 12, 0));
        assert_eq!(c.resolution_due(local(2026, 3, 18, 12, 0), 2), local(2026, 3, 23, 16, 0));
    }

    #[test]
    fn edited_hours_are_used() {
        let hours = WorkingHours::new(hms(9, 0, 0), hms(18, 30, 0), hms(12, 0, 0)).unwrap();
        let c = Calendar { hours, ..cal() };
        assert_eq!(c.hours.full_day(), Duration::minutes(9 * 60 + 30));
        assert_eq!(c.next_opening(local(2026, 6, 8, 8, 30)), local(2026, 6, 8, 9, 0));
        assert_eq!(c.first_response_due(local(2026, 6, 8, 17, 30), 2), local(2026, 6, 9, 10, 0));
        assert_eq!(c.working_time_between(local(2026, 10, 28, 0, 0), local(2026, 10, 29, 0, 0)), Duration::hours(3));
    }

    #[test]
    fn hours_must_open_before_they_close() {
        let h = |o, c, half| WorkingHours::new(hms(o, 0, 0), hms(c, 0, 0), hms(half, 0, 0));
        assert_eq!(h(17, 8, 13), Err(HoursError::CloseNotAfterOpen));
        assert_eq!(h(8, 8, 8), Err(HoursError::CloseNotAfterOpen));
        assert_eq!(h(8, 17, 8), Err(HoursError::HalfDayCloseOutOfRange));
        assert_eq!(h(8, 17, 18), Err(HoursError::HalfDayCloseOutOfRange));
        assert_eq!(h(8, 17, 13), Ok(WorkingHours::default()));
        assert!(h(8, 17, 17).is_ok());
    }

    #[test]
    fn the_holiday_csv_parses_completely() {
        let rows = parse_holidays(TURKEY_HOLIDAYS_CSV).unwrap();
        assert_eq!(rows.len(), TURKEY_HOLIDAYS_CSV.lines().filter(|l| !l.trim().is_empty()).count() - 1);
        assert_eq!(rows.len(), 34, "reference/SOURCES.md says 34 rows");
        assert_eq!(rows.iter().filter(|r| r.half_day).count(), 6, "three eves a year");
        let quoted = rows.iter().find(|r| r.date == date(2026, 5, 19)).unwrap();
        assert_eq!(quoted.name_tr, "Atatürk'ü Anma, Gençlik ve Spor Bayramı");
        assert_eq!(quoted.kind, "national");
        let c = cal();
        assert_eq!(c.holidays.len(), 33, "2027-05-19 has two rows");
        let both = &c.holidays[&date(2027, 5, 19)];
        assert!(!both.half_day);
        assert_eq!(both.name_en, "Commemoration of Atatürk, Youth and Sports Day / Eid al-Adha (day 4)");
        assert!(c.holidays[&date(2026, 5, 26)].half_day);
    }

    #[test]
    fn a_malformed_line_is_refused_with_its_line_number() {
        let with = |line: &str| parse_holidays(&format!("{HOLIDAYS_CSV_HEADER}\n2026-01-01,A,B,national,no\n{line}\n"));
        let problem = |line: &str| with(line).map(|_| ()).map_err(|e| (e.line, e.problem));
        assert_eq!(problem("2026-02-30,A,B,national,no"), Err((3, CsvProblem::Date("2026-02-30".into()))));
        assert_eq!(problem("26-2-3,A,B,national,no"), Err((3, CsvProblem::Date("26-2-3".into()))));
        assert_eq!(problem("2026-02-03,A,B,national,maybe"), Err((3, CsvProblem::HalfDay("maybe".into()))));
        assert_eq!(problem("2026-02-03,A,B,national"), Err((3, CsvProblem::FieldCount(4))));
        assert_eq!(problem("2026-02-03,A,B,C,national,no"), Err((3, CsvProblem::FieldCount(6))));
        assert_eq!(problem("2026-02-03,\"A,B,national,no"), Err((3, CsvProblem::Quote)));
        assert_eq!(problem("2026-02-03,\"A\"x,B,national,no"), Err((3, CsvProblem::Quote)));
        assert_eq!(problem("2026-02-03, ,B,national,no"), Err((3, CsvProblem::EmptyName)));
        assert_eq!(with("2026-02-03,\"Say \"\"hi\"\"\",B,national,yes\r").unwrap()[1].name_tr, "Say \"hi\"");
        let no_header = parse_holidays("2026-01-01,A,B,national,no\n").unwrap_err();
        assert_eq!((no_header.line, no_header.problem), (1, CsvProblem::Header));
        assert_eq!(
            with("x").unwrap_err().to_string(),
            "holiday CSV, line 3: expected 5 fields, found 1",
            "the message names the line"
        );
        assert!(Calendar::from_csv("date,name\n").is_err());
    }

    // Properties over seeded random instants in 2026–2027 (UTC). Half of them sit on or one
    // second around a local opening or closing, where the off-by-one mistakes live; some carry
    // nanoseconds, which must not break exactness.
    fn instant(rng: &mut StdRng) -> PrimitiveDateTime {
        let start = utc(2026, 1, 1, 0, 0);
        let t = start + Duration::seconds(rng.gen_range(0..2 * 365 * 86_400));
        let t = if rng.gen_bool(0.5) {
            let edge = [8, 13, 17][rng.gen_range(0..3)];
            let local_edge = PrimitiveDateTime::new(to_istanbul(t).date(), hms(edge, 0, 0));
            from_istanbul(local_edge) + Duration::seconds(rng.gen_range(-1..=1))
        } else {
            t
        };
        if rng.gen_bool(0.1) {
            t + Duration::nanoseconds(rng.gen_range(1..1_000_000_000))
        } else {
            t
        }
    }

    fn amount(rng: &mut StdRng) -> Duration {
        match rng.gen_range(0..4) {
            0 => Duration::hours(rng.gen_range(0..=48)),
            1 => Duration::hours(9) * rng.gen_range(0..=30u32),
            2 => Duration::seconds(rng.gen_range(0..=40 * 3_600)),
            _ => Duration::nanoseconds(rng.gen_range(0..=1_000_000_000_000)),
        }
    }

    fn sorted3(rng: &mut StdRng) -> [PrimitiveDateTime; 3] {
        let mut v = [instant(rng), instant(rng), instant(rng)];
        if rng.gen_bool(0.5) {
            // Short intervals too: within a few days of each other.
            v[1] = v[0] + Duration::seconds(rng.gen_range(0..4 * 86_400));
            v[2] = v[1] + Duration::seconds(rng.gen_range(0..4 * 86_400));
        }
        v.sort();
        v
    }

    #[test]
    fn any_split_of_an_interval_adds_up() {
        let c = cal();
        let mut rng = StdRng::seed_from_u64(20_261_101);
        for _ in 0..3_000 {
            let [a, b, d] = sorted3(&mut rng);
            let whole = c.working_time_between(a, d);
            assert_eq!(whole, c.working_time_between(a, b) + c.working_time_between(b, d), "{a} ≤ {b} ≤ {d}");
            assert!(whole >= Duration::ZERO && whole <= d - a);
        }
    }

    #[test]
    fn adding_working_time_then_measuring_it_gives_it_back() {
        let c = cal();
        let mut rng = StdRng::seed_from_u64(20_261_102);
        for _ in 0..3_000 {
            let (t, s) = (instant(&mut rng), amount(&mut rng));
            let due = c.add_working(t, s);
            assert_eq!(c.working_time_between(t, due), s, "{t} + {s}");
            assert!(due >= t);
        }
    }

    #[test]
    fn add_working_is_monotonic() {
        let c = cal();
        let mut rng = StdRng::seed_from_u64(20_261_103);
        for _ in 0..3_000 {
            let [t1, t2, _] = sorted3(&mut rng);
            let (mut s1, mut s2) = (amount(&mut rng), amount(&mut rng));
            if s1 > s2 {
                std::mem::swap(&mut s1, &mut s2);
            }
            assert!(c.add_working(t1, s1) <= c.add_working(t1, s2), "{t1}: {s1} vs {s2}");
            assert!(c.add_working(t1, s1) <= c.add_working(t2, s1), "{t1} vs {t2}: {s1}");
        }
    }

    #[test]
    fn next_opening_lands_in_working_time() {
        let c = cal();
        let mut rng = StdRng::seed_from_u64(20_261_104);
        for _ in 0..5_000 {
            let t = instant(&mut rng);
            let o = c.next_opening(t);
            assert!(c.is_working(o), "{t} → {o}");
            assert!(o >= t);
            assert_eq!(c.working_time_between(t, o), Duration::ZERO, "nothing is skipped");
            assert_eq!(c.is_working(t), o == t);
            assert_eq!(c.add_working(t, Duration::ZERO), o);
        }
    }

    #[test]
    fn a_due_time_never_falls_on_a_closed_day() {
        let c = cal();
        let mut rng = StdRng::seed_from_u64(20_261_105);
        for _ in 0..5_000 {
            let (t, s) = (instant(&mut rng), amount(&mut rng));
            let due = to_istanbul(c.add_working(t, s));
            let (open, close) = c.opening_hours(due.date()).unwrap_or_else(|| panic!("{t} + {s} → closed {due}"));
            // Positive amounts end within (opening, closing]; zero at the opening itself.
            if s > Duration::ZERO {
                assert!(open < due.time() && due.time() <= close, "{t} + {s} → {due}");
            } else {
                assert!(open <= due.time() && due.time() < close, "{t} → {due}");
            }
        }
    }

    /// An independent check of the arithmetic: for minute-aligned instants, the working time is
    /// the number of minutes whose start is in working time.
    #[test]
    fn counting_agrees_with_a_minute_by_minute_count() {
        let c = cal();
        let mut rng = StdRng::seed_from_u64(20_261_106);
        for _ in 0..150 {
            let a = utc(2026, 1, 1, 0, 0) + Duration::minutes(rng.gen_range(0..2 * 365 * 1_440));
            let minutes = rng.gen_range(0..6 * 1_440);
            let open_minutes = (0..minutes).filter(|&m| c.is_working(a + Duration::minutes(m))).count();
            let b = a + Duration::minutes(minutes);
            assert_eq!(c.working_time_between(a, b), Duration::minutes(open_minutes as i64), "{a} – {b}");
        }
    }
}
