//! Reference data: İnegöl's directorates (müdürlük), the categories mapped to them, and the 118
//! neighbourhoods (mahalle). Installed once into an empty database from `reference/*.csv`
//! (sources in `reference/SOURCES.md`); admins edit them afterwards, so a restart never
//! overwrites their changes.
#[cfg(feature = "ssr")]
pub mod service;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Directorate {
    pub id: i64,
    pub name_tr: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name_tr: String,
    pub name_en: String,
    pub directorate_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Neighbourhood {
    pub id: i64,
    pub name: String,
    /// `urban` (merkez), `rural` (kırsal) or `industrial` (the two OSB zones).
    pub kind: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// How much of İnegöl the platform covers, for the home page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub neighbourhoods: i64,
    pub directorates: i64,
}

#[server(prefix = "/_sf", endpoint = "coverage")]
pub async fn load_coverage() -> Result<Coverage, crate::error::AppError> {
    let pool =
        use_context::<crate::db::Pool>().ok_or_else(|| crate::error::AppError::internal("no pool in context"))?;
    crate::db::tx(&pool, service::coverage).await
}
