//! One typed configuration. Every setting has a default, an environment variable and a flag;
//! the README lists them. Bad values fail at start with a clear message.
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "fikir", version, about = "İnegöl'ün Fikri: civic participation platform")]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Settings every command shares.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Database: a SQLite file path, or a postgres:// URL. Default: <data-dir>/fikir.sqlite3
    #[arg(long, env = "FIKIR_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite database, uploads and the e-mail outbox.
    #[arg(long, env = "FIKIR_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
}

impl Cli {
    /// The shared settings and the command to run: `serve` with the environment's settings when
    /// none is given.
    pub fn into_parts(self) -> (Common, Command) {
        (self.common, self.command.unwrap_or_else(|| Command::Serve(ServeArgs::default_from_env())))
    }
}

/// The machine's cores (2 when it cannot say).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl Common {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => self.data_dir.join("fikir.sqlite3").to_string_lossy().into_owned(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the platform (the default when no command is given).
    Serve(ServeArgs),
    /// Apply pending database migrations and install the reference data, then exit.
    Migrate,
    /// Create an administrator, or make an existing account one and set its password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Yönetici")]
        name: String,
    },
    /// Grant a role to an account (or take it away with --revoke).
    GrantRole {
        #[arg(long)]
        email: String,
        /// citizen | staff | evaluator | chair | admin
        #[arg(long)]
        role: String,
        #[arg(long)]
        revoke: bool,
    },
    /// Load demo accounts (only for trying the platform out; never on a real city's database).
    Demo,
    /// Fill an empty database with a city's worth of generated demo data (fixed random seed).
    Seed(crate::cli::seed::SeedArgs),
}

impl Command {
    /// The threads that serve requests: `ServeArgs::worker_threads` when serving, one per core
    /// for the one-off commands.
    pub fn worker_threads(&self, common: &Common) -> usize {
        match self {
            Command::Serve(args) => args.worker_threads(app::db::Backend::of(&common.database_url())),
            _ => cores(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "FIKIR_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The address people use to reach the platform; https makes the session cookie Secure.
    #[arg(long, env = "FIKIR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Folder with the built site (pkg/ with the wasm bundle and CSS, plus public assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Database connections in the pool. Default: PostgreSQL 16; SQLite twice the cores, at
    /// least 4 (SQLite works inside this process: more connections than cores only add page
    /// caches).
    #[arg(long, env = "FIKIR_DB_POOL_SIZE")]
    pub db_pool_size: Option<u32>,
    /// SQLite: MB of the database file each connection reads through a memory map (0: off). The
    /// map's pages are the operating system's file cache, shared by every connection, though
    /// resident memory counts them once per connection.
    #[arg(long, env = "FIKIR_SQLITE_MMAP_MB", default_value_t = SQLITE_MMAP_MB)]
    pub sqlite_mmap_mb: u64,
    /// Threads that serve requests. Default: one per core on SQLite, whose reads are work in
    /// this process; two per core on PostgreSQL, where a thread waits for the database's answer
    /// to a short read (who is asking) and serves no one meanwhile.
    #[arg(long, env = "FIKIR_WORKER_THREADS")]
    pub worker_threads: Option<usize>,
    /// Take the client's address from X-Forwarded-For (only behind trusted proxies): the entry
    /// added by the outermost of `--trusted-proxies` proxies, counted from the right.
    #[arg(long, env = "FIKIR_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// How many proxies of ours stand in front of the server (with --trust-forwarded-for).
    #[arg(long, env = "FIKIR_TRUSTED_PROXIES", default_value_t = 1)]
    pub trusted_proxies: u32,
    /// Multiplies every per-person and per-address limit on writes and searches (2 doubles
    /// them); for events, demos and tests. Sign-in and registration have their own settings.
    #[arg(long, env = "FIKIR_RATE_LIMIT_SCALE", default_value_t = 1.0)]
    pub rate_limit_scale: f64,
    /// Sign-in attempts allowed per client address per minute.
    #[arg(long, env = "FIKIR_SIGN_IN_PER_ADDRESS", default_value_t = 30)]
    pub sign_in_per_address: u32,
    /// Sign-in attempts allowed per account per 15 minutes.
    #[arg(long, env = "FIKIR_SIGN_IN_PER_ACCOUNT", default_value_t = 10)]
    pub sign_in_per_account: u32,
    /// Registrations allowed per client address per hour.
    #[arg(long, env = "FIKIR_REGISTER_PER_ADDRESS", default_value_t = 30)]
    pub register_per_address: u32,
    /// SMTP server for notification e-mails (smtp://user:pass@host:587, smtps://…). Unset: every
    /// message is written as an .eml file to <data-dir>/outbox instead.
    #[arg(long, env = "FIKIR_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of notification e-mails.
    #[arg(long, env = "FIKIR_MAIL_FROM", default_value = "İnegöl'ün Fikri <bildirim@fikir.example>")]
    pub mail_from: String,
    /// The maps' background tiles, `{z}/{x}/{y}` in the URL, until an admin sets others
    /// (`/admin/map`); the pages' Content-Security-Policy allows exactly the host in use. Empty:
    /// maps without tiles (the points still show), as the tests run, with no network.
    #[arg(long, env = "FIKIR_MAP_TILE_URL", default_value = app::map::DEFAULT_TILE_URL)]
    pub map_tile_url: String,
    /// Who the tiles are from, as the tile provider asks to be credited.
    #[arg(long, env = "FIKIR_MAP_ATTRIBUTION", default_value = app::map::DEFAULT_ATTRIBUTION)]
    pub map_attribution: String,
    /// Where photos and videos are kept: `<data-dir>/media` (set by the serve command).
    #[arg(skip)]
    pub media_dir: Option<PathBuf>,
}

/// The memory map of a SQLite database by default: reading pages through it instead of copying
/// them out of the file cache made a submission's page 1.3–1.5× faster on a 90 MB database. It
/// covers a whole city's database (1.25 GB with 200,000 submissions, 5 million supports and half a
/// million people): at 256 MB, pages past the map were copied out again (docs/BENCHMARK.md).
/// SQLite maps at most 2 GB − 64 KB by default; a larger database reads the rest as before.
pub const SQLITE_MMAP_MB: u64 = 2048;

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: None,
            site_root: "target/site".into(),
            db_pool_size: None,
            sqlite_mmap_mb: SQLITE_MMAP_MB,
            worker_threads: None,
            trust_forwarded_for: false,
            trusted_proxies: 1,
            rate_limit_scale: 1.0,
            sign_in_per_address: 30,
            sign_in_per_account: 10,
            register_per_address: 30,
            smtp_url: None,
            mail_from: "İnegöl'ün Fikri <bildirim@fikir.example>".into(),
            // Tests draw maps without tiles: no network.
            map_tile_url: String::new(),
            map_attribution: String::new(),
            media_dir: None,
        }
    }
}

impl ServeArgs {
    /// The pool size for a database of `backend` (see `db_pool_size`).
    pub fn pool_size(&self, backend: app::db::Backend) -> u32 {
        self.db_pool_size.unwrap_or_else(|| match backend {
            app::db::Backend::Postgres => 16,
            app::db::Backend::Sqlite => (2 * cores() as u32).max(4),
        })
    }

    /// The threads that serve requests on a database of `backend` (see `worker_threads`).
    pub fn worker_threads(&self, backend: app::db::Backend) -> usize {
        self.worker_threads.filter(|n| *n > 0).unwrap_or(match backend {
            app::db::Backend::Postgres => 2 * cores(),
            app::db::Backend::Sqlite => cores(),
        })
    }

    /// The serve settings from the environment and defaults (for `fikir` without a command).
    pub fn default_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::try_parse_from(["fikir"]).map(|o| o.serve).unwrap_or_default()
    }

    /// How many `X-Forwarded-For` entries from the right were written by our own proxies (0: the
    /// header is not trusted at all).
    pub fn proxies(&self) -> u32 {
        if self.trust_forwarded_for {
            self.trusted_proxies.max(1)
        } else {
            0
        }
    }

    /// The public URL, defaulting to http://<addr>.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.addr)).trim_end_matches('/').to_owned()
    }
}

/// A database URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threads(args: &[&str]) -> usize {
        let cli =
            Cli::try_parse_from(std::iter::once("fikir").chain(args.iter().copied())).expect("the arguments parse");
        let (common, command) = cli.into_parts();
        command.worker_threads(&common)
    }

    #[test]
    fn postgresql_gets_two_request_threads_per_core_and_a_setting_wins() {
        let cores = cores();
        let pg = "postgres://fikir@127.0.0.1/fikir";
        assert_eq!(threads(&["--database-url", pg, "serve"]), 2 * cores);
        assert_eq!(threads(&["--database-url", "/tmp/x.sqlite3", "serve"]), cores);
        assert_eq!(threads(&["--database-url", pg, "serve", "--worker-threads", "3"]), 3);
        // A one-off command serves nobody: one thread per core whatever the database.
        assert_eq!(threads(&["--database-url", pg, "migrate"]), cores);
    }
}
