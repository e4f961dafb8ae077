//! (ssr) Installing and reading the reference data.
use super::{Category, Directorate, Neighbourhood, ReferenceData};
use crate::db::schema::{categories, directorates, neighbourhoods};
use crate::db::DbConn;
use crate::db::Pool;
use crate::domain::text::tr_sort_key;
use crate::error::{AppError, AppResult};
use diesel::prelude::*;
use std::sync::Arc;

const DIRECTORATES_CSV: &str = include_str!("../../../reference/inegol-directorates.csv");
const NEIGHBOURHOODS_CSV: &str = include_str!("../../../reference/inegol-neighbourhoods.csv");

/// Categories and their default directorate (DESIGN.md §3). Staff can re-route a submission.
/// (slug, Turkish, English, directorate's Turkish name)
const CATEGORIES: &[(&str, &str, &str, &str)] = &[
    ("roads", "Yol, kaldırım ve asfalt", "Roads, pavements and asphalt", "Fen İşleri Müdürlüğü"),
    ("parks", "Park ve yeşil alanlar", "Parks and green spaces", "Park Bahçeler Müdürlüğü"),
    ("waste", "Temizlik ve çöp", "Cleaning and waste", "Temizlik İşleri Müdürlüğü"),
    (
        "noise_stalls",
        "Gürültü, işgal ve seyyar satıcılar",
        "Noise, pavement occupation and street stalls",
        "Zabıta Müdürlüğü",
    ),
    ("transport", "Ulaşım ve trafik", "Transport and traffic", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
    ("water", "Su ve kanalizasyon (BUSKİ)", "Water and sewerage (BUSKİ)", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
    (
        "environment",
        "Çevre ve hava kalitesi",
        "Environment and air quality",
        "İklim Değişikliği ve Sıfır Atık Müdürlüğü",
    ),
    ("culture", "Kültür ve etkinlikler", "Culture and events", "Kültür ve Sosyal İşler Müdürlüğü"),
    ("social_support", "Sosyal yardım", "Social support", "Sosyal Yardım İşleri Müdürlüğü"),
    ("sport", "Spor ve gençlik", "Sport and youth", "Gençlik ve Spor Hizmetleri Müdürlüğü"),
    ("stray_animals", "Sokak hayvanları", "Stray animals", "Veteriner İşleri Müdürlüğü"),
    ("zoning", "İmar ve yapılaşma", "Zoning and building", "İmar ve Şehircilik Müdürlüğü"),
    ("disaster", "Afet ve acil durum hazırlığı", "Disaster preparedness", "Afet İşleri Müdürlüğü"),
    ("other", "Diğer", "Other", "Basın Yayın ve Halkla İlişkiler Müdürlüğü"),
];

fn parse_csv(text: &str) -> AppResult<Vec<csv::StringRecord>> {
    csv::Reader::from_reader(text.as_bytes()).records().collect::<Result<Vec<_>, _>>().map_err(AppError::internal)
}

/// Installs directorates, categories and neighbourhoods into an empty database; does nothing
/// when directorates already exist. Returns whether it installed.
pub fn install_if_empty(conn: &mut DbConn) -> AppResult<bool> {
    let existing: i64 = directorates::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(false);
    }
    for rec in parse_csv(DIRECTORATES_CSV)? {
        let handles = rec.get(2).unwrap_or_default();
        diesel::insert_into(directorates::table)
            .values((
                directorates::name_tr.eq(rec.get(0).unwrap_or_default()),
                directorates::name_en.eq(rec.get(1).unwrap_or_default()),
                directorates::handles.eq(if handles == "unknown" { "" } else { handles }),
                directorates::active.eq(true),
            ))
            .execute(conn)?;
    }
    for (slug, tr, en, directorate) in CATEGORIES {
        let directorate_id: i64 = directorates::table
            .filter(directorates::name_tr.eq(directorate))
            .select(directorates::id)
            .first(conn)
            .map_err(|e| AppError::internal(format!("category {slug}: directorate {directorate}: {e}")))?;
        diesel::insert_into(categories::table)
            .values((
                categories::slug.eq(slug),
                categories::name_tr.eq(tr),
                categories::name_en.eq(en),
                categories::directorate_id.eq(directorate_id),
                categories::active.eq(true),
            ))
            .execute(conn)?;
    }
    for rec in parse_csv(NEIGHBOURHOODS_CSV)? {
        let kind = match rec.get(1).unwrap_or_default() {
            "" => "industrial",
            k => k,
        };
        let coord = |i: usize| rec.get(i).and_then(|v| v.parse::<f64>().ok());
        diesel::insert_into(neighbourhoods::table)
            .values((
                neighbourhoods::name.eq(rec.get(0).unwrap_or_default()),
                neighbourhoods::kind.eq(kind),
                neighbourhoods::lat.eq(coord(2)),
                neighbourhoods::lon.eq(coord(3)),
                neighbourhoods::active.eq(true),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

pub fn directorates(conn: &mut DbConn) -> AppResult<Vec<Directorate>> {
    let rows: Vec<(i64, String, String)> = directorates::table
        .filter(directorates::active.eq(true))
        .order(directorates::id)
        .select((directorates::id, directorates::name_tr, directorates::name_en))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, name_tr, name_en)| Directorate { id, name_tr, name_en }).collect())
}

pub fn categories(conn: &mut DbConn) -> AppResult<Vec<Category>> {
    let rows: Vec<(i64, String, String, String, i64)> = categories::table
        .filter(categories::active.eq(true))
        .order(categories::id)
        .select((
            categories::id,
            categories::slug,
            categories::name_tr,
            categories::name_en,
            categories::directorate_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name_tr, name_en, directorate_id)| Category { id, slug, name_tr, name_en, directorate_id })
        .collect())
}

/// Neighbourhoods in Turkish alphabetical order (c < ç, ı < i, …), not byte order.
pub fn neighbourhoods(conn: &mut DbConn) -> AppResult<Vec<Neighbourhood>> {
    type Row = (i64, String, String, Option<f64>, Option<f64>);
    let rows: Vec<Row> = neighbourhoods::table
        .filter(neighbourhoods::active.eq(true))
        .select((
            neighbourhoods::id,
            neighbourhoods::name,
            neighbourhoods::kind,
            neighbourhoods::lat,
            neighbourhoods::lon,
        ))
        .load(conn)?;
    let mut out: Vec<Neighbourhood> =
        rows.into_iter().map(|(id, name, kind, lat, lon)| Neighbourhood { id, name, kind, lat, lon }).collect();
    out.sort_by_cached_key(|n| tr_sort_key(&n.name));
    Ok(out)
}

/// How long the reference lists are kept in memory (an admin's edit on this server forgets them
/// at once; other servers see it within this time).
const CACHED_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// The three lists, from the pool's cache when it is fresh.
pub async fn cached(pool: &Pool) -> AppResult<Arc<ReferenceData>> {
    if let Some(data) = pool.caches().get::<ReferenceData>() {
        return Ok(data);
    }
    let data = crate::db::read(pool, |conn| {
        Ok(ReferenceData {
            directorates: directorates(conn)?,
            categories: categories(conn)?,
            neighbourhoods: neighbourhoods(conn)?
                .into_iter()
                .map(|n| super::NeighbourhoodName { id: n.id, name: n.name })
                .collect(),
        })
    })
    .await?;
    let data = Arc::new(data);
    pool.caches().put(data.clone(), CACHED_FOR);
    Ok(data)
}

/// An admin's edit of directorates, categories or neighbourhoods (`edit` runs in one
/// transaction); once it has committed, the cached lists are forgotten, so the next page reads
/// them again. Every door that edits the lists comes through here.
pub async fn write<T: Send + 'static>(
    pool: &Pool,
    edit: impl FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let done = crate::db::tx(pool, edit).await?;
    pool.caches().forget::<ReferenceData>();
    Ok(done)
}
