//! What a page needs to know about the request it renders: who is signed in, the form state a
//! failed post left behind, and a one-line notice. Forms post to plain handlers
//! (`server/src/web.rs`), which put `FormFlash` in the session and redirect (post/redirect/get);
//! the page takes it back here, once. Typed values travel in the session, never the URL.
use crate::accounts::UserView;
use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Session keys.
pub const SESSION_USER_ID: &str = "user_id";
pub const SESSION_FLASH: &str = "flash";
pub const SESSION_NOTICE: &str = "notice";

crate::domain::codes::code_enum! {
    /// The forms whose failed posts come back to a page. A page names the forms it shows
    /// (`WithState forms=…`), so a flash reaches the form it belongs to and no other.
    pub enum FormName("form name") {
        SignUp = "sign_up",
        SignIn = "sign_in",
        AccountPassword = "account_password",
        AccountTokens = "account_tokens",
        AccountVerify = "account_verify",
        AccountNotifications = "account_notifications",
        Submission = "submission",
        Intake = "intake",
        Comment = "comment",
        /// Flagging a submission or a comment; `FormFlash::item` says which
        /// (`submission-{id}`, `comment-{id}`).
        Flag = "flag",
        /// The workflow step on a submission's page (staff, the chair).
        Transition = "transition",
        /// Opening a round, closing it (the committee's queue, a round's page).
        Round = "round",
        /// A member's score sheet or recusal.
        ScoreSheet = "score_sheet",
        /// The chair's decision.
        Decision = "decision",
        /// The staff's implementation editor on a proposal's page.
        Implementation = "implementation",
        Roles = "roles",
        /// Routing a service request (staff, on its page).
        Assignment = "assignment",
        /// The review board's settings (quorum, published scores, names on the timeline).
        BoardSettings = "board_settings",
        /// A new version of the rubric.
        Rubric = "rubric",
        /// A committee, new or changed; `FormFlash::item` says which.
        Committee = "committee",
        /// One of the reference-data forms of the admin page; `FormFlash::item` says which.
        Reference = "reference",
        Mail = "mail",
        /// The response-time targets (admin).
        ResponseTargets = "response_targets",
        /// The working hours (admin).
        WorkingHours = "working_hours",
        /// A new date of the holiday calendar (admin).
        Holiday = "holiday",
        /// A moderator's decision on a comment or submission; `FormFlash::item` says which.
        Moderation = "moderation",
        /// Blocking a person from writing (moderators).
        Block = "block",
        /// Merging a duplicate into its original (staff, on the duplicate's page).
        Merge = "merge",
        /// The flag threshold and the word list (admin).
        ModerationSettings = "moderation_settings",
        /// The map's background tiles (admin).
        MapTiles = "map_tiles",
        /// The district's outline, uploaded (admin).
        DistrictOutline = "district_outline",
        /// A field visit planned by staff.
        Visit = "visit",
        /// A form of buttons only (delete a draft, mark all read), or a request refused before
        /// its form was read (the service unavailable): every page shows its problem above
        /// its content.
        Page = "page",
    }
}

/// What a failed form post leaves for the page: which form, what was typed (never passwords),
/// and the field errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormFlash {
    pub form: FormName,
    /// Which of the page's forms of that name (an admin list has one per item).
    pub item: Option<String>,
    pub values: BTreeMap<String, String>,
    pub errors: FieldErrors,
}

impl FormFlash {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageState {
    pub user: Option<UserView>,
    pub form: Option<FormFlash>,
    /// Problems of a request refused before its form was read (`FormName::Page`).
    pub page_errors: FieldErrors,
    pub notice: Option<String>,
    /// Unread notifications of the signed-in user.
    pub unread: i64,
}

impl PageState {
    pub fn errors(&self) -> FieldErrors {
        self.form.as_ref().map(|f| f.errors.clone()).unwrap_or_default()
    }
    pub fn value(&self, field: &str) -> String {
        self.form.as_ref().map(|f| f.value(field)).unwrap_or_default()
    }
    /// The flash of `form`, when the last failed post was that form.
    pub fn flash_of(&self, form: FormName) -> Option<&FormFlash> {
        self.form.as_ref().filter(|f| f.form == form)
    }
    /// What a field shows: what was typed into the failed form (`form`, `item`), else `default`.
    pub fn shown(&self, form: FormName, item: Option<&str>, field: &str, default: String) -> String {
        match self.flash_of(form) {
            Some(f) if f.item.as_deref() == item => f.value(field),
            _ => default,
        }
    }
    /// The errors of the failed form (`form`, `item`), for its fields.
    pub fn errors_of(&self, form: FormName, item: Option<&str>) -> FieldErrors {
        self.flash_of(form).filter(|f| f.item.as_deref() == item).map(|f| f.errors.clone()).unwrap_or_default()
    }
    pub fn has(&self, role: crate::domain::roles::Role) -> bool {
        self.user.as_ref().is_some_and(|u| u.roles.contains(&role))
    }
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.roles.contains(&crate::domain::roles::Role::Admin))
    }
}

/// The signed-in user, plus the flash of the last failed post if it was one of `forms` (or
/// was refused before any form was read), plus the pending notice. Both are taken out of the
/// session: a reload shows a clean page.
#[server(prefix = "/_sf", endpoint = "page_state")]
pub async fn load_page_state(#[server(default)] forms: Vec<FormName>) -> Result<PageState, AppError> {
    let ctx = ssr::RequestCtx::from_leptos().await?;
    Ok(ssr::page_state(&ctx, &forms).await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::auth::Actor;
    use crate::db::Pool;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};
    use tower_sessions::Session;

    /// Who is asking: the actor, the user and their unread notifications (the header shows
    /// them on every page), read together in one trip to the database.
    #[derive(Clone)]
    struct Who {
        actor: Actor,
        user: Option<UserView>,
        unread: i64,
    }

    impl Who {
        /// The person found (with their unread count), or a visitor.
        fn of(found: Option<(UserView, i64)>) -> Who {
            match found {
                Some((u, unread)) => Who { actor: Actor::person(&u), unread, user: Some(u) },
                None => Who { actor: Actor::Anonymous, user: None, unread: 0 },
            }
        }
    }

    /// The actor of a session: the stored user id, checked against the database (a deleted
    /// user or a stale id counts as signed out).
    pub async fn actor_from_session(pool: &Pool, session: &Session) -> Result<(Actor, Option<UserView>), AppError> {
        let who = resolve(pool, session, false).await?;
        Ok((who.actor, who.user))
    }

    /// Starts a signed-in session: a new session id (so a planted id is useless), then the
    /// user id.
    pub async fn sign_in_session(session: &Session, user_id: i64) -> Result<(), AppError> {
        session.cycle_id().await.map_err(AppError::internal)?;
        session.insert(SESSION_USER_ID, user_id).await.map_err(AppError::internal)
    }

    /// Ends the session on the server (the row is deleted) and in the browser.
    pub async fn sign_out_session(session: &Session) -> Result<(), AppError> {
        session.flush().await.map_err(AppError::internal)
    }

    /// The session's user, checked against the database, and with `unread` their unread count,
    /// in the same trip to the database.
    async fn resolve(pool: &Pool, session: &Session, unread: bool) -> Result<Who, AppError> {
        let id: Option<i64> = session.get(SESSION_USER_ID).await.map_err(AppError::internal)?;
        let Some(id) = id else { return Ok(Who::of(None)) };
        crate::db::read(pool, move |c| Ok(Who::of(person(c, id, unread)?))).await
    }

    /// The user a session names and, with `unread`, their unread count (else 0); `None` when the
    /// account is gone (the session names nobody).
    fn person(c: &mut crate::db::DbConn, id: i64, unread: bool) -> Result<Option<(UserView, i64)>, AppError> {
        let found = crate::accounts::service::signed_in(c, id)?;
        Ok(found.map(|(u, count)| (u, if unread { count } else { 0 })))
    }

    /// Who a session names, read by the page layer (`server/src/http/page_cache.rs`) before a
    /// page is rendered, together with the session row in one trip to the database. Given to the
    /// render as a request extension, it spares the render loading the session and reading the
    /// person again; the listing and the board use it for the person's menu.
    #[derive(Clone)]
    pub struct Resolved(Who);

    impl Resolved {
        /// The signed-in person's menu; `None` for a visitor.
        pub fn menu(&self) -> Option<crate::ui::nav::MenuPerson> {
            self.0.user.as_ref().map(|u| crate::ui::nav::MenuPerson::new(u, self.0.unread))
        }
        /// Whether the signed-in person holds `role` (never for a visitor).
        pub fn has(&self, role: crate::domain::roles::Role) -> bool {
            self.0.user.as_ref().is_some_and(|u| u.roles.contains(&role))
        }
    }

    /// What the session with the id `id` (the cookie's value) means for a page render.
    pub enum OfSession {
        /// Who is asking (a visitor, when the session is gone or has no sign-in); the session
        /// holds nothing for the page to take.
        Known(Box<Resolved>),
        /// The session carries a notice or a form's typed values for the next page: the render
        /// reads the session itself and takes them.
        Render,
    }

    /// Reads the session `id` and the person it names in one statement
    /// (`accounts::service::by_session`), without going through the session layer. The person is
    /// the one the session row names in its `user_id` column, which the session store writes from
    /// the same sign-in as the session's data.
    pub async fn of_session(pool: &Pool, id: String) -> Result<OfSession, AppError> {
        let kept = pool.caches().slot::<KeptWho>();
        if let Some(who) = kept.get(&id) {
            return Ok(OfSession::Known(Box::new(who)));
        }
        let generation = kept.generation.load(Ordering::SeqCst);
        let key = id.clone();
        let found = read_session(pool, id).await?;
        if let OfSession::Known(who) = &found {
            kept.put(key, generation, who);
        }
        Ok(found)
    }

    async fn read_session(pool: &Pool, id: String) -> Result<OfSession, AppError> {
        let visitor = || OfSession::Known(Box::new(Resolved(Who::of(None))));
        crate::db::read_now(pool, move |c| {
            let Some((data, person)) = crate::accounts::service::by_session(c, &id)? else { return Ok(visitor()) };
            let data: std::collections::HashMap<String, serde_json::Value> =
                serde_json::from_str(&data).map_err(AppError::internal)?;
            if data.contains_key(SESSION_FLASH) || data.contains_key(SESSION_NOTICE) {
                return Ok(OfSession::Render);
            }
            Ok(OfSession::Known(Box::new(Resolved(Who::of(person)))))
        })
        .await
    }

    /// How long who a session names is kept for the pages it asks for (`of_session`).
    const WHO_KEPT_FOR: Duration = Duration::from_secs(10);
    /// Sessions kept at most; past it all go.
    const WHO_KEPT_MAX: usize = 100_000;

    /// Who the sessions asking for pages name (the person, their roles, their unread count),
    /// kept for `WHO_KEPT_FOR` so that a person's next pages need no trip to the database for
    /// it. Any write through this server forgets them all at once (`people_changed`: the page
    /// layer after every request that is not a read, the session store after every change of a
    /// session, the committee's reminders), so what changes here shows at once; a change made
    /// through another server (a sign-out, a role, a notification) shows on this one's pages
    /// within `WHO_KEPT_FOR`. Forms and the API never use it: they read the session and the
    /// person afresh. Only sessions that name a person are kept (an unknown id is read each time,
    /// so made-up ids cannot fill it).
    #[derive(Default)]
    pub struct KeptWho {
        entries: std::sync::Mutex<std::collections::HashMap<String, (Instant, Resolved)>>,
        /// Moves with every `people_changed`: a read begun before a change is not kept after it.
        generation: AtomicU64,
    }

    impl KeptWho {
        fn get(&self, id: &str) -> Option<Resolved> {
            let entries = self.entries.lock().ok()?;
            let (at, who) = entries.get(id)?;
            (at.elapsed() < WHO_KEPT_FOR).then(|| who.clone())
        }

        /// Keeps `who` for the session `id`, read when the generation was `generation`; not if
        /// people changed since (the read may be older than the change).
        fn put(&self, id: String, generation: u64, who: &Resolved) {
            if who.0.user.is_none() {
                return;
            }
            let Ok(mut entries) = self.entries.lock() else { return };
            if self.generation.load(Ordering::SeqCst) != generation {
                return;
            }
            crate::db::cache::keep_bounded(&mut entries, id, who.clone(), WHO_KEPT_MAX, WHO_KEPT_FOR);
        }
    }

    /// Forgets who every session names (`KeptWho`): after any write through this server.
    pub fn people_changed(pool: &Pool) {
        let kept = pool.caches().slot::<KeptWho>();
        // Under the lock, so that no read that began before the change is kept after it.
        let Ok(mut entries) = kept.entries.lock() else { return };
        kept.generation.fetch_add(1, Ordering::SeqCst);
        entries.clear();
    }

    /// Who is asking, resolved once per request: every server function a page render calls
    /// (the page state, the page's data) shares the first one's answer instead of reading the
    /// user, their roles and their unread count again. The server provides a fresh one with
    /// each request's context.
    #[derive(Clone, Default)]
    pub struct Asker(std::sync::Arc<tokio::sync::OnceCell<Who>>);

    /// The pool, the session and the signed-in user of the request a server function serves.
    pub struct RequestCtx {
        pub pool: Pool,
        pub session: Session,
        pub actor: Actor,
        pub user: Option<UserView>,
        /// The signed-in user's unread notifications (0 for a visitor).
        pub unread: i64,
        /// Who is asking was read by the page layer, which found nothing in the session to take
        /// (`Resolved`): the session is not loaded for it.
        settled: bool,
    }

    /// The page state of the request `ctx` serves: the signed-in user, the flash of the last
    /// failed post if it was one of `forms` (or was refused before any form was read), and the
    /// pending notice, both taken out of the session.
    pub async fn page_state(ctx: &RequestCtx, forms: &[FormName]) -> PageState {
        let flash: Option<FormFlash> = ctx.take(SESSION_FLASH).await;
        let notice: Option<String> = ctx.take(SESSION_NOTICE).await;
        let (form, page_errors) = match flash {
            Some(f) if f.form == FormName::Page => (None, f.errors),
            Some(f) if forms.contains(&f.form) => (Some(f), FieldErrors::new()),
            _ => (None, FieldErrors::new()),
        };
        PageState { user: ctx.user.clone(), form, page_errors, notice, unread: ctx.unread }
    }

    impl RequestCtx {
        pub async fn from_leptos() -> Result<Self, AppError> {
            let pool = use_context::<Pool>().ok_or_else(|| AppError::internal("no pool in context"))?;
            let asker = use_context::<Asker>();
            let session: Session = leptos_axum::extract().await.map_err(AppError::internal)?;
            let resolved = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Resolved>().cloned());
            Self::of(pool, session, resolved, asker).await
        }

        /// The context of a request the server handles itself (a page rendered outside the
        /// router, `ui::document`): its session from the session layer and who is asking as the
        /// page layer read it, if it did.
        pub async fn from_parts(pool: Pool, parts: &http::request::Parts) -> Result<Self, AppError> {
            let session =
                parts.extensions.get::<Session>().cloned().ok_or_else(|| AppError::internal("no session layer"))?;
            Self::of(pool, session, parts.extensions.get::<Resolved>().cloned(), None).await
        }

        async fn of(
            pool: Pool,
            session: Session,
            resolved: Option<Resolved>,
            asker: Option<Asker>,
        ) -> Result<Self, AppError> {
            let settled = resolved.is_some();
            let Who { actor, user, unread } = match (asker, resolved) {
                (Some(Asker(cell)), Some(Resolved(who))) => cell.get_or_init(|| async { who }).await.clone(),
                (Some(Asker(cell)), None) => cell.get_or_try_init(|| resolve(&pool, &session, true)).await?.clone(),
                (None, Some(Resolved(who))) => who,
                (None, None) => resolve(&pool, &session, true).await?,
            };
            Ok(RequestCtx { pool, session, actor, user, unread, settled })
        }

        /// Removes and returns a session value; a value that no longer decodes is dropped.
        pub async fn take<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
            if self.settled {
                return None;
            }
            // Look first: `remove_value` marks the session modified even when the key is
            // absent, which would write a session row for every anonymous page view.
            let raw = self.session.get_value(key).await.ok().flatten()?;
            let _removed = self.session.remove_value(key).await;
            match serde_json::from_value(raw) {
                Ok(v) => Some(v),
                Err(e) => {
                    tracing::warn!(error = %e, key, "dropping unreadable session value");
                    None
                }
            }
        }
    }
}
