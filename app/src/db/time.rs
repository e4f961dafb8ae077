//! The clock and timestamps: every stored time is UTC without an offset (`Timestamp` on both
//! databases), and every time that leaves the server is RFC 3339 in UTC.
use time::PrimitiveDateTime;

/// Now, in UTC, as the database stores it.
pub fn now() -> PrimitiveDateTime {
    let t = time::OffsetDateTime::now_utc();
    PrimitiveDateTime::new(t.date(), t.time())
}

/// RFC 3339 in UTC, as every timestamp leaves the server.
pub fn iso(t: PrimitiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// RFC 3339 with İnegöl's offset (+03:00 all year), as the response-time fields leave the server:
/// a due time reads as the clock on the municipality's wall.
pub fn iso_istanbul(t: PrimitiveDateTime) -> String {
    let l = crate::domain::working_time::to_istanbul(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+03:00",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute(),
        l.second()
    )
}
