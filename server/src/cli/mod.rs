//! The commands: serve (default), migrate, create-admin, grant-role, demo. Each opens the
//! database, applies pending migrations and installs the reference data if the database is
//! empty, so any command works on a fresh database.
pub mod demo;
pub mod seed;

use crate::config::{redact_url, Command, Common, ServeArgs};
use crate::http::session_store::DbSessionStore;
use crate::router;
use crate::state::AppState;
use app::accounts::service;
use app::db::{self, Backend, Pool};
use app::domain::roles::Role;
use app::error::AppError;
use axum::serve::ListenerExt;
use std::net::SocketAddr;
use std::time::Duration;

pub async fn run(common: Common, command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => serve(&common, args).await,
        Command::Migrate => {
            let pool = open(&common, 2).await?;
            drop(pool);
            println!("Database is up to date.");
            Ok(())
        }
        Command::CreateAdmin { email, password, name } => {
            let pool = open(&common, 2).await?;
            let (user, created) = service::create_admin(&pool, &email, &password, &name)
                .await
                .map_err(|e| describe(&e, "create-admin"))?;
            let what =
                if created { "Created administrator" } else { "Made existing account administrator (password set)" };
            println!("{what}: {} <{}>", user.display_name, user.email);
            Ok(())
        }
        Command::GrantRole { email, role, revoke } => {
            let role = Role::parse(&role)
                .ok_or_else(|| format!("unknown role {role:?}: use citizen, staff, evaluator, chair or admin"))?;
            let pool = open(&common, 2).await?;
            let e2 = email.clone();
            let changed =
                db::tx(&pool, move |c| service::grant_role_cli(c, &e2, role, revoke)).await.map_err(|e| match e {
                    AppError::NotFound => format!("no account with e-mail {email}"),
                    other => describe(&other, "grant-role"),
                })?;
            let verb = if revoke { "revoked from" } else { "granted to" };
            if changed {
                println!("Role {} {verb} {email}.", role.as_str());
            } else {
                println!(
                    "Nothing to change: role {} was already {} {email}.",
                    role.as_str(),
                    if revoke { "absent for" } else { "held by" }
                );
            }
            Ok(())
        }
        Command::Seed(args) => {
            let pool = open(&common, 2).await?;
            seed::run(&pool, args).await
        }
        Command::Demo => {
            let pool = open(&common, 2).await?;
            demo::run(&pool, &common.data_dir.join("media")).await
        }
    }
}

fn describe(e: &AppError, what: &str) -> String {
    match e {
        AppError::Validation { fields } | AppError::Conflict { fields } => {
            let list: Vec<String> = fields.iter().map(|(f, c)| format!("{f}: {c}")).collect();
            format!("{what}: {}", list.join(", "))
        }
        other => format!("{what} failed: {other}"),
    }
}

/// Opens the pool, migrates, installs the reference data into an empty database.
async fn open(common: &Common, pool_size: u32) -> Result<Pool, String> {
    open_with(common, pool_size, 0).await
}

async fn open_with(common: &Common, pool_size: u32, sqlite_mmap_mb: u64) -> Result<Pool, String> {
    let url = common.database_url();
    let pool = tokio::task::spawn_blocking({
        let url = url.clone();
        move || db::connect_with(&url, pool_size, sqlite_mmap_mb)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|_| format!("cannot open the database at {}", redact_url(&url)))?;
    let (ran, installed) = db::tx(&pool, |c| {
        let ran = db::migrate(c)?;
        let installed = app::reference::service::install_if_empty(c)?;
        if app::evaluation::service::install_default_rubric(c)? {
            tracing::info!("installed the default evaluation rubric (DESIGN.md §4.2)");
        }
        let words = app::moderation::service::install_words_if_empty(c)?;
        if words > 0 {
            tracing::info!(words, "installed the word list of pre-moderation (reference/profanity-tr.txt)");
        }
        if app::response_times::service::install_holidays_if_empty(c)? {
            tracing::info!("installed Türkiye's public holidays 2026–2027 (reference/turkey-holidays-2026-2027.csv)");
        }
        app::submissions::service::backfill_contact_keys(c)?;
        let given = app::response_times::service::backfill(c)?;
        if given > 0 {
            tracing::info!(requests = given, "gave due times to service requests that had none");
        }
        Ok((ran, installed))
    })
    .await
    .map_err(|e| format!("cannot prepare the database at {}: {e}", redact_url(&url)))?;
    if ran > 0 {
        tracing::info!(migrations = ran, "applied migrations");
    }
    if installed {
        tracing::info!("installed İnegöl's reference data (directorates, categories, neighbourhoods)");
    }
    Ok(pool)
}

async fn serve(common: &Common, mut args: ServeArgs) -> Result<(), String> {
    args.media_dir = Some(common.data_dir.join("media"));
    app::map::set_starting_tiles(&args.map_tile_url, &args.map_attribution)?;
    let url = common.database_url();
    tracing::info!(
        addr = %args.addr,
        database = %redact_url(&url),
        backend = Backend::of(&url).as_str(),
        public_url = %args.public_url(),
        data_dir = %common.data_dir.display(),
        site_root = %args.site_root,
        pool_size = args.pool_size(Backend::of(&url)),
        sqlite_mmap_mb = args.sqlite_mmap_mb,
        worker_threads = tokio::runtime::Handle::current().metrics().num_workers(),
        trust_forwarded_for = args.trust_forwarded_for,
        "starting İnegöl'ün Fikri"
    );
    std::fs::create_dir_all(&common.data_dir)
        .map_err(|e| format!("cannot create data dir {}: {e}", common.data_dir.display()))?;
    let pool = open_with(common, args.pool_size(Backend::of(&url)), args.sqlite_mmap_mb).await?;
    let mailer = app::notifications::mailer::Mailer::new(args.smtp_url.as_deref(), common.data_dir.join("outbox"))?;
    tracing::info!(via = %mailer.describe(), from = %args.mail_from, "notification e-mail");
    app::notifications::mailer::spawn_worker(pool.clone(), mailer, args.mail_from.clone(), args.public_url())?;
    let addr = args.addr;
    let state = AppState::new(pool.clone(), args);
    let app = router::build(state);

    // Committee members hear a day before a round's deadline (once per round).
    let reminders = pool.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            let sent =
                app::db::tx(&reminders, |c| app::evaluation::service::send_reminders(c, app::db::time::now())).await;
            match sent {
                Ok(n) if n > 0 => {
                    // Their unread counts moved.
                    app::session::ssr::people_changed(&reminders);
                    tracing::info!(reminded = n, "reminded committee members of a deadline")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not send the committee's reminders"),
            }
        }
    });

    let store = DbSessionStore::new(pool);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match store.delete_expired().await {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "removed expired sessions"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
            }
        }
    });

    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    // Without TCP_NODELAY small responses wait for delayed ACKs (~40 ms each).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing open requests");
}
