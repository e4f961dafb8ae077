//! (ssr) Admins edit the reference data: directorates, categories (with their directorate),
//! neighbourhoods, and the support threshold. Every change is checked, audited, and clears the
//! pool's reference cache. Nothing is deleted: an item no longer in use is made inactive, so
//! old submissions keep their labels.
use super::{AdminReference, CategoryRow, DirectorateRow, NeighbourhoodRow};
use crate::auth::Actor;
use crate::db::schema::{categories, directorates, neighbourhoods};
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::check_location;
use crate::domain::text::{fold_tr, tr_sort_key};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::settings;
use diesel::prelude::*;

pub const NAME_MAX: usize = 120;
pub const THRESHOLD_MAX: i64 = 1_000_000;

fn check_name(errors: &mut FieldErrors, field: &str, value: &str) {
    let n = value.trim().chars().count();
    if n == 0 {
        errors.add(field, Problem::Required);
    } else if n > NAME_MAX {
        errors.add(field, Problem::TooLong);
    }
}

/// Everything, active or not, for the admin page.
pub fn all(conn: &mut DbConn, actor: &Actor) -> AppResult<AdminReference> {
    actor.require(Role::Admin)?;
    let directorates: Vec<DirectorateRow> = directorates::table
        .order(directorates::id)
        .select((directorates::id, directorates::name_tr, directorates::name_en, directorates::active))
        .load::<(i64, String, String, bool)>(conn)?
        .into_iter()
        .map(|(id, name_tr, name_en, active)| DirectorateRow { id, name_tr, name_en, active })
        .collect();
    let categories: Vec<CategoryRow> = categories::table
        .order(categories::id)
        .select((
            categories::id,
            categories::name_tr,
            categories::name_en,
            categories::directorate_id,
            categories::active,
        ))
        .load::<(i64, String, String, i64, bool)>(conn)?
        .into_iter()
        .map(|(id, name_tr, name_en, directorate_id, active)| CategoryRow {
            id,
            name_tr,
            name_en,
            directorate_id,
            active,
        })
        .collect();
    let mut neighbourhoods: Vec<NeighbourhoodRow> = neighbourhoods::table
        .select((
            neighbourhoods::id,
            neighbourhoods::name,
            neighbourhoods::kind,
            neighbourhoods::lat,
            neighbourhoods::lon,
            neighbourhoods::active,
        ))
        .load::<(i64, String, String, Option<f64>, Option<f64>, bool)>(conn)?
        .into_iter()
        .map(|(id, name, kind, lat, lon, active)| NeighbourhoodRow { id, name, kind, lat, lon, active })
        .collect();
    neighbourhoods.sort_by_cached_key(|n| tr_sort_key(&n.name));
    let support_threshold = settings::get_i64(conn, settings::SUPPORT_THRESHOLD)?;
    Ok(AdminReference { directorates, categories, neighbourhoods, support_threshold })
}

pub fn save_directorate(conn: &mut DbConn, actor: &Actor, id: Option<i64>, d: &DirectorateRow) -> AppResult<i64> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    check_name(&mut errors, "name_tr", &d.name_tr);
    check_name(&mut errors, "name_en", &d.name_en);
    errors.into_result()?;
    let taken: i64 = directorates::table
        .filter(directorates::name_tr.eq(d.name_tr.trim()).and(directorates::id.ne(id.unwrap_or(0))))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(AppError::Conflict { fields: FieldErrors::single("name_tr", Problem::Taken) });
    }
    let values = (
        directorates::name_tr.eq(d.name_tr.trim()),
        directorates::name_en.eq(d.name_en.trim()),
        directorates::active.eq(d.active),
    );
    let id = match id {
        Some(id) => {
            let n = diesel::update(directorates::table.find(id)).set(values).execute(conn)?;
            if n == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => diesel::insert_into(directorates::table).values(values).returning(directorates::id).get_result(conn)?,
    };
    crate::audit::service::record(conn, actor, "directorate.saved", &format!("directorate:{id}"), d.name_tr.trim())?;
    Ok(id)
}

/// A slug for a new category from its English (else Turkish) name: folded, words joined by `_`.
fn slug_for(conn: &mut DbConn, name: &str) -> AppResult<String> {
    let base: String = fold_tr(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let base = if base.is_empty() { "category".to_owned() } else { base.chars().take(40).collect() };
    let mut slug = base.clone();
    let mut n = 2;
    while categories::table.filter(categories::slug.eq(&slug)).count().get_result::<i64>(conn)? > 0 {
        slug = format!("{base}_{n}");
        n += 1;
    }
    Ok(slug)
}

pub fn save_category(conn: &mut DbConn, actor: &Actor, id: Option<i64>, c: &CategoryRow) -> AppResult<i64> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    check_name(&mut errors, "name_tr", &c.name_tr);
    check_name(&mut errors, "name_en", &c.name_en);
    let directorate: i64 =
        directorates::table.filter(directorates::id.eq(c.directorate_id)).count().get_result(conn)?;
    if directorate == 0 {
        errors.add("directorate_id", Problem::Invalid);
    }
    errors.into_result()?;
    let id = match id {
        Some(id) => {
            let n = diesel::update(categories::table.find(id))
                .set((
                    categories::name_tr.eq(c.name_tr.trim()),
                    categories::name_en.eq(c.name_en.trim()),
                    categories::directorate_id.eq(c.directorate_id),
                    categories::active.eq(c.active),
                ))
                .execute(conn)?;
            if n == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            let slug = slug_for(conn, if c.name_en.trim().is_empty() { &c.name_tr } else { &c.name_en })?;
            diesel::insert_into(categories::table)
                .values((
                    categories::slug.eq(slug),
                    categories::name_tr.eq(c.name_tr.trim()),
                    categories::name_en.eq(c.name_en.trim()),
                    categories::directorate_id.eq(c.directorate_id),
                    categories::active.eq(c.active),
                ))
                .returning(categories::id)
                .get_result(conn)?
        }
    };
    let detail = format!("{} → directorate {}", c.name_tr.trim(), c.directorate_id);
    crate::audit::service::record(conn, actor, "category.saved", &format!("category:{id}"), &detail)?;
    Ok(id)
}

pub fn save_neighbourhood(conn: &mut DbConn, actor: &Actor, id: Option<i64>, n: &NeighbourhoodRow) -> AppResult<i64> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    check_name(&mut errors, "name", &n.name);
    if !matches!(n.kind.as_str(), "urban" | "rural" | "industrial") {
        errors.add("kind", Problem::Invalid);
    }
    let district = crate::map::service::district_in(conn)?;
    check_location(n.lat, n.lon, &district, "lat", &mut errors);
    errors.into_result()?;
    let taken: i64 = neighbourhoods::table
        .filter(neighbourhoods::name.eq(n.name.trim()).and(neighbourhoods::id.ne(id.unwrap_or(0))))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(AppError::Conflict { fields: FieldErrors::single("name", Problem::Taken) });
    }
    let values = (
        neighbourhoods::name.eq(n.name.trim()),
        neighbourhoods::kind.eq(&n.kind),
        neighbourhoods::lat.eq(n.lat),
        neighbourhoods::lon.eq(n.lon),
        neighbourhoods::active.eq(n.active),
    );
    let id = match id {
        Some(id) => {
            if diesel::update(neighbourhoods::table.find(id)).set(values).execute(conn)? == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            diesel::insert_into(neighbourhoods::table).values(values).returning(neighbourhoods::id).get_result(conn)?
        }
    };
    crate::audit::service::record(conn, actor, "neighbourhood.saved", &format!("neighbourhood:{id}"), n.name.trim())?;
    Ok(id)
}

pub fn set_support_threshold(conn: &mut DbConn, actor: &Actor, value: Option<i64>) -> AppResult<()> {
    actor.require(Role::Admin)?;
    let value = match value {
        Some(v) if (1..=THRESHOLD_MAX).contains(&v) => v,
        Some(_) => {
            return Err(AppError::Validation { fields: FieldErrors::single("support_threshold", Problem::OutOfRange) })
        }
        None => {
            return Err(AppError::Validation { fields: FieldErrors::single("support_threshold", Problem::Required) })
        }
    };
    settings::set_i64(conn, settings::SUPPORT_THRESHOLD, value)?;
    crate::audit::service::record(conn, actor, "setting.saved", "support_threshold", &value.to_string())?;
    Ok(())
}
