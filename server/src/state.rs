//! What every request handler shares: the database pool, the settings, the rate limiter, the
//! media store and the page cache. Built once by `serve` (and by the tests).
use crate::config::ServeArgs;
use crate::http::page_cache::PageCache;
use crate::http::windows::RateLimiter;
use crate::media::MediaStore;
use app::db::Pool;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Behind one `Arc`: the state is cloned by every layer and handler of every request, which
/// cost about a tenth of a small page's time when each field was cloned (and dropped) on its own.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub pool: Pool,
    pub leptos_options: Arc<LeptosOptions>,
    pub limiter: Arc<RateLimiter>,
    pub serve: Arc<ServeArgs>,
    pub public_url: Arc<str>,
    pub media: MediaStore,
    pub page_cache: PageCache,
    /// Page renders that stalled and were started again (`http::stall`): a safety net the
    /// tests assert is never used.
    pub stalled_renders: Arc<std::sync::atomic::AtomicU64>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        (*state.leptos_options).clone()
    }
}

impl AppState {
    pub fn new(pool: Pool, serve: ServeArgs) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("fikir")
            .site_root(serve.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(serve.addr)
            .build();
        let page_cache = PageCache::new(pool.clone(), crate::http::security::session_cookie_name(&serve.public_url()));
        AppState(Arc::new(Shared {
            pool,
            leptos_options: Arc::new(leptos_options),
            limiter: Arc::new(RateLimiter::default()),
            public_url: serve.public_url().into(),
            media: MediaStore::new(serve.media_dir.clone().unwrap_or_else(|| std::env::temp_dir().join("fikir-media"))),
            serve: Arc::new(serve),
            page_cache,
            stalled_renders: Arc::default(),
        }))
    }
}
