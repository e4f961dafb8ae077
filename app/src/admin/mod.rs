//! Administration pages: roles (grant and revoke), and the reference data (directorates,
//! categories, neighbourhoods) with the support threshold. Every check is made again on the
//! server by the service the form posts to.
pub mod pages;
