//! Generates the `i18n` module from `locales/tr.json` and `locales/en.json` (leptos_i18n).
//! Turkish is the default locale; English must hold exactly the same keys (a unit test checks).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let i18n_mod_directory = PathBuf::from(out_dir).join("i18n");
    // interpolate_display: messages with {{ placeholders }} are also built as plain strings
    // (td_string!), for the JSON API and for attributes.
    let cfg = Config::new("tr")?.add_locale("en")?.parse_options(ParseOptions::new().interpolate_display(true));
    let translations_infos = TranslationsInfos::parse(cfg)?;
    translations_infos.emit_diagnostics();
    translations_infos.rerun_if_locales_changed();
    translations_infos.generate_i18n_module(i18n_mod_directory)?;
    Ok(())
}
