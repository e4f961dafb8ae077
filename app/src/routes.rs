//! The route table of the pages. Every page renders on the server in full before it is sent
//! (`SsrMode::Async`), so it works without JavaScript and carries its real status code.
//! The form posts, the language switch and the JSON API are axum routes in `server/`, and so are
//! the pages people open most, rendered outside this router (`server/src/pages.rs`,
//! `ui::document`): the home page, a submission's page, the submission form, tracking, the flag
//! pages, "my submissions", notifications, the account and the committee's queue.
use crate::accounts::pages::{SignInPage, SignUpPage};
use crate::admin::pages::{AdminReferencePage, AdminRolesPage};
use crate::audit::pages::AuditLogPage;
use crate::evaluation::admin_pages::{BoardAdminPage, RubricAdminPage};
use crate::evaluation::pages::RoundPage;
use crate::submissions::pages::{IntakePage, ListingPage};
use crate::ui::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The routed pages with an island (`#[island]`: today the title field the staff intake form
/// shares with the submission form, which is rendered outside the router with its hydration
/// scripts: `ui::document::page_with_islands`). Only these load the wasm bundle; on every other
/// page it would be bytes and main-thread time for nothing.
const ISLAND_PAGES: &[&str] = &["/staff/intake"];

/// Whether the page at `path` has an island to hydrate.
pub fn has_islands(path: &str) -> bool {
    ISLAND_PAGES.contains(&path.trim_end_matches('/'))
}

#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/roles") view=AdminRolesPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/reference") view=AdminReferencePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/board") view=BoardAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/queue") view=crate::routing::pages::QueuePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/rubric") view=RubricAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=AuditLogPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/mail") view=crate::notifications::admin::AdminMailPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/response-times") view=crate::response_times::pages::ResponseAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/map") view=crate::map::admin::MapAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/response-times") view=crate::response_times::pages::ResponseStatsPage ssr=SsrMode::Async/>
                <Route path=path!("/visits") view=crate::visits::pages::VisitsPage ssr=SsrMode::Async/>
                <Route path=path!("/moderation") view=crate::moderation::pages::ModerationPage ssr=SsrMode::Async/>
                <Route path=path!("/map") view=crate::map::pages::MapPage ssr=SsrMode::Async/>
                <Route path=path!("/visits/:id") view=crate::visits::pages::VisitPage ssr=SsrMode::Async/>
                <Route path=path!("/submissions") view=ListingPage ssr=SsrMode::Async/>
                // `/submissions/{id}` is rendered outside the router (`server/src/pages.rs`).
                <Route path=path!("/staff/intake") view=IntakePage ssr=SsrMode::Async/>
                <Route path=path!("/board") view=crate::implementation::pages::BoardPage ssr=SsrMode::Async/>
                <Route path=path!("/rounds/:id") view=RoundPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
