//! (ssr) Admin settings stored in the `settings` table, each with its default.
use crate::db::direct::Direct;
use crate::db::schema::settings;
use crate::db::DbConn;
use crate::error::AppResult;
use diesel::prelude::*;

/// Supports that queue a proposal for the evaluation committee.
pub const SUPPORT_THRESHOLD: (&str, i64) = ("support_threshold", 100);
/// 1: the timeline names the officials who acted (beside their role and directorate); 0: roles only.
pub const TIMELINE_ACTOR_NAMES: (&str, i64) = ("timeline_actor_names", 0);

/// The working day, in minutes after local midnight in İnegöl: opening (08:00), closing (17:00),
/// and closing on an eve marked half day (13:00). Written together by
/// `response_times::service::set_hours`, which checks them.
pub const WORKING_OPEN: (&str, i64) = ("working_hours_open", 8 * 60);
pub const WORKING_CLOSE: (&str, i64) = ("working_hours_close", 17 * 60);
pub const WORKING_HALF_DAY_CLOSE: (&str, i64) = ("working_hours_half_day_close", 13 * 60);
/// Flags that hide a comment or submission until a moderator looks.
pub const FLAG_THRESHOLD: (&str, i64) = ("moderation_flag_threshold", 3);
/// 1 once the shipped word list of pre-moderation was installed (an emptied list stays empty).
pub const MODERATION_WORDS_INSTALLED: (&str, i64) = ("moderation_words_installed", 0);
/// 1 once the shipped holiday calendar was installed (so a calendar an admin emptied stays empty).
pub const HOLIDAYS_INSTALLED: (&str, i64) = ("holidays_installed", 0);

/// The map's background tiles (an `https://` URL with `{z}`, `{x}`, `{y}`; empty: none) and
/// their attribution; unset, the server's `--map-tile-url` and `--map-attribution` hold.
pub const MAP_TILE_URL: &str = "map_tile_url";
pub const MAP_ATTRIBUTION: &str = "map_attribution";
/// The district's outline an admin uploaded (a GeoJSON MultiPolygon); unset, the box of
/// `reference/inegol-district.json` holds.
pub const DISTRICT_OUTLINE: &str = "district_outline";

pub fn get_i64(conn: &mut DbConn, setting: (&str, i64)) -> AppResult<i64> {
    let value: Option<String> =
        settings::table.find(setting.0).select(settings::value).first_direct(conn).optional()?;
    Ok(parse_i64(value, setting))
}

/// A setting's stored value (read with another statement), or its default.
pub fn parse_i64(value: Option<String>, (_, default): (&str, i64)) -> i64 {
    value.and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn set_i64(conn: &mut DbConn, (key, _): (&str, i64), value: i64) -> AppResult<()> {
    set_text(conn, key, &value.to_string())
}

/// A text setting's stored value, `None` when it was never set (or was cleared).
pub fn get_text(conn: &mut DbConn, key: &str) -> AppResult<Option<String>> {
    Ok(settings::table.find(key).select(settings::value).first_direct(conn).optional()?)
}

pub fn set_text(conn: &mut DbConn, key: &str, value: &str) -> AppResult<()> {
    let now = crate::db::time::now();
    let updated = diesel::update(settings::table.find(key))
        .set((settings::value.eq(value), settings::updated_at.eq(now)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((settings::key.eq(key), settings::value.eq(value), settings::updated_at.eq(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets a setting, so its default holds again.
pub fn clear(conn: &mut DbConn, key: &str) -> AppResult<()> {
    diesel::delete(settings::table.find(key)).execute(conn)?;
    Ok(())
}
