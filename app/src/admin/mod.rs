//! Administration pages. Roles for now (grant and revoke); directorates, categories and
//! neighbourhoods follow with the participation issue. Every check is made again on the server
//! by the service the form posts to.
pub mod pages;
