//! İnegöl'ün Fikri: the Leptos app. Compiled twice: with `ssr` into the server (pages, server
//! functions, database, domain services) and with `hydrate` into the wasm bundle (the same pages,
//! made interactive). Server-only modules are behind `#[cfg(feature = "ssr")]`, so the wasm bundle
//! never links diesel, argon2 or tower-sessions.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod accounts;
pub mod admin;
pub mod domain;
pub mod error;
pub mod home;
pub mod reference;
pub mod routes;
pub mod session;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;

use leptos::prelude::*;

/// The HTML document around the app (server side). Sets the page's Content-Security-Policy with
/// the nonce Leptos puts on its inline hydration scripts, so only our own scripts run.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&csp) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
        res.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-cache"));
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href="/pkg/fikir.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    leptos_meta::provide_meta_context();
    view! {
        <i18n::I18nContextProvider>
            <routes::AppRoutes/>
        </i18n::I18nContextProvider>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A flag the browser tests wait for before they check interactive behaviour.
    let _flag_set = js_sys::Reflect::set(
        &js_sys::global(),
        &wasm_bindgen::JsValue::from_str("__fikir_hydrated"),
        &wasm_bindgen::JsValue::TRUE,
    );
}
