//! Reference data: İnegöl's directorates (müdürlük), the categories mapped to them, and the 118
//! neighbourhoods (mahalle). Installed once into an empty database from `reference/*.csv`
//! (sources in `reference/SOURCES.md`); admins edit them afterwards, so a restart never
//! overwrites their changes.
#[cfg(feature = "ssr")]
pub mod admin;
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

/// A neighbourhood's id and name: all that filters and labels need (it travels with every
/// listing page, so it is kept small).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeighbourhoodName {
    pub id: i64,
    pub name: String,
}

/// All three lists at once, as the listing filters and every submission's labels need them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceData {
    pub directorates: Vec<Directorate>,
    pub categories: Vec<Category>,
    pub neighbourhoods: Vec<NeighbourhoodName>,
}

impl ReferenceData {
    pub fn directorate(&self, id: i64) -> Option<&Directorate> {
        self.directorates.iter().find(|d| d.id == id)
    }
    pub fn category(&self, id: i64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
    pub fn neighbourhood(&self, id: i64) -> Option<&NeighbourhoodName> {
        self.neighbourhoods.iter().find(|n| n.id == id)
    }
}

impl Directorate {
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::en => &self.name_en,
            _ => &self.name_tr,
        }
    }
}

impl Category {
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::en => &self.name_en,
            _ => &self.name_tr,
        }
    }
}

/// Reference rows as admins see and edit them, inactive ones included.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectorateRow {
    pub id: i64,
    pub name_tr: String,
    pub name_en: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub id: i64,
    pub name_tr: String,
    pub name_en: String,
    pub directorate_id: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NeighbourhoodRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminReference {
    pub directorates: Vec<DirectorateRow>,
    pub categories: Vec<CategoryRow>,
    pub neighbourhoods: Vec<NeighbourhoodRow>,
    pub support_threshold: i64,
}

/// Everything for the admin reference page; `None` for someone who is not an admin.
#[server(prefix = "/_sf", endpoint = "admin_reference")]
pub async fn load_admin_reference() -> Result<Option<AdminReference>, crate::error::AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    match crate::db::read(&ctx.pool, move |c| admin::all(c, &actor)).await {
        Ok(r) => Ok(Some(r)),
        Err(crate::error::AppError::Forbidden | crate::error::AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// How much of İnegöl the platform covers, for the home page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub neighbourhoods: i64,
    pub directorates: i64,
}
