//! Rows that the database hands over as one JSON value (several lists read in one statement,
//! see `submissions::service::page`), and the two things each backend writes its own way there:
//! a timestamp (PostgreSQL `2024-02-09T10:11:12.5`, SQLite `2024-02-09 10:11:12`) and a boolean
//! (PostgreSQL `true`, SQLite `1`).
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Deserializer};
use time::PrimitiveDateTime;

/// Parses the JSON value `text` that a statement built; a value it cannot read is an error of
/// ours, not the reader's.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> AppResult<T> {
    serde_json::from_str(text).map_err(AppError::internal)
}

/// A stored timestamp (UTC, no offset) as either backend writes it into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(pub PrimitiveDateTime);

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        stamp(&text).map(Stamp).ok_or_else(|| serde::de::Error::custom(format!("not a timestamp: {text}")))
    }
}

/// `YYYY-MM-DD HH:MM:SS` with `T` or a space between the date and the time, and an optional
/// fraction of a second (up to nanoseconds).
pub fn stamp(text: &str) -> Option<PrimitiveDateTime> {
    let number = |at: std::ops::Range<usize>| text.get(at)?.parse::<u32>().ok();
    let (b, len) = (text.as_bytes(), text.len());
    if len < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let nanos = match &text[19..] {
        "" => 0,
        fraction => {
            let digits = fraction.strip_prefix('.').filter(|d| (1..=9).contains(&d.len()))?;
            let value: u32 = digits.parse().ok().filter(|_| digits.bytes().all(|c| c.is_ascii_digit()))?;
            value * 10u32.pow(9 - digits.len() as u32)
        }
    };
    let month = time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(number(0..4)?).ok()?, month, u8::try_from(number(8..10)?).ok()?)
            .ok()?;
    let hms = |at| number(at).and_then(|n| u8::try_from(n).ok());
    let clock = time::Time::from_hms_nano(hms(11..13)?, hms(14..16)?, hms(17..19)?, nanos).ok()?;
    Some(PrimitiveDateTime::new(date, clock))
}

/// A stored boolean as either backend writes it into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Bool(b) => Ok(Flag(b)),
            serde_json::Value::Number(n) if n.as_i64() == Some(0) => Ok(Flag(false)),
            serde_json::Value::Number(n) if n.as_i64() == Some(1) => Ok(Flag(true)),
            other => Err(serde::de::Error::custom(format!("not a boolean: {other}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_timestamps_read_the_same() {
        let at = time::macros::datetime!(2024-02-09 10:11:12);
        assert_eq!(stamp("2024-02-09T10:11:12"), Some(at));
        assert_eq!(stamp("2024-02-09 10:11:12"), Some(at));
        assert_eq!(stamp("2024-02-09T10:11:12.5"), Some(at + time::Duration::milliseconds(500)));
        assert_eq!(stamp("2024-02-09 10:11:12.000123"), Some(at + time::Duration::microseconds(123)));
        for wrong in [
            "",
            "2024-02-09",
            "2024-02-09X10:11:12",
            "2024-13-09 10:11:12",
            "2024-02-09 10:11:12.",
            "2024-02-09 10:11:12+03:00",
            "2024-02-09 25:11:12",
        ] {
            assert_eq!(stamp(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn both_backends_booleans_read_the_same() {
        let read =
            |t: &str| serde_json::from_str::<Vec<Flag>>(t).map(|v| v.into_iter().map(|f| f.0).collect::<Vec<_>>());
        assert_eq!(read("[true, false, 1, 0]").unwrap(), vec![true, false, true, false]);
        assert!(read("[2]").is_err() && read("[\"1\"]").is_err());
    }
}
