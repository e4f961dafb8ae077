//! (ssr) E-mail for notifications. A worker picks the notifications still `pending`, checks the
//! person's settings, and sends each by SMTP when `--smtp-url` is set; otherwise it writes every
//! message as an `.eml` file into the outbox folder under the data dir. Nothing is dropped: a
//! message that cannot be sent stays pending and is tried again (at most `MAX_ATTEMPTS` times,
//! then kept as `failed` for an operator to look at).
use crate::db::schema::{notification_settings, notifications, submissions, users};
use crate::db::Pool;
use crate::error::{AppError, AppResult};
use diesel::prelude::*;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;

pub const MAX_ATTEMPTS: i64 = 5;
const BATCH: i64 = 100;

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

impl Mailer {
    /// SMTP from a URL such as `smtp://user:pass@mail.example:587?tls=required` or
    /// `smtps://…`; with no URL, the outbox folder.
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf) -> Result<Mailer, String> {
        match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Mailer::Smtp(b.build()))
                .map_err(|e| format!("bad --smtp-url: {e}")),
            None => Ok(Mailer::Outbox(outbox)),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) => "smtp".into(),
            Mailer::Outbox(dir) => format!("outbox folder {}", dir.display()),
        }
    }

    async fn send(&self, message: Message, file_stem: &str) -> Result<(), String> {
        match self {
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Outbox(dir) => {
                let bytes = message.formatted();
                let dir = dir.clone();
                let stem = file_stem.to_owned();
                tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    let tmp = dir.join(format!(".{stem}.part"));
                    std::fs::write(&tmp, bytes)?;
                    std::fs::rename(&tmp, dir.join(format!("{stem}.eml")))
                })
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())
            }
        }
    }
}

struct Pending {
    id: i64,
    kind: String,
    detail: String,
    email: String,
    name: String,
    submission_id: i64,
    reference: String,
    title: String,
    wants: bool,
}

fn pending(conn: &mut crate::db::DbConn) -> AppResult<Vec<Pending>> {
    type Row = (i64, String, String, String, String, i64, Option<String>, String, Option<(bool, bool, bool)>);
    let rows: Vec<Row> = notifications::table
        .inner_join(users::table.on(users::id.eq(notifications::user_id)))
        .inner_join(submissions::table.on(submissions::id.eq(notifications::submission_id)))
        .left_join(notification_settings::table.on(notification_settings::user_id.eq(notifications::user_id)))
        .filter(notifications::email_state.eq("pending"))
        .order(notifications::id)
        .limit(BATCH)
        .select((
            notifications::id,
            notifications::kind,
            notifications::detail,
            users::email,
            users::display_name,
            notifications::submission_id,
            submissions::reference,
            submissions::title,
            (
                notification_settings::email_comments,
                notification_settings::email_official,
                notification_settings::email_status,
            )
                .nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, detail, email, name, submission_id, reference, title, settings)| {
            let (comments, official, status) = settings.unwrap_or((true, true, true));
            let wants = match kind.as_str() {
                "comment" => comments,
                "official_answer" => official,
                _ => status,
            };
            Pending {
                id,
                kind,
                detail,
                email,
                name,
                submission_id,
                reference: reference.unwrap_or_default(),
                title,
                wants,
            }
        })
        .collect())
}

fn message(from: &Mailbox, public_url: &str, p: &Pending) -> Result<Message, String> {
    use crate::i18n::Locale;
    let what_tr = match p.kind.as_str() {
        "comment" => "yeni bir yorum var".to_owned(),
        "official_answer" => "belediye yanıt verdi".to_owned(),
        _ => format!("durum değişti: {}", crate::ui::messages::status_code_name(Locale::tr, &p.detail)),
    };
    let what_en = match p.kind.as_str() {
        "comment" => "there is a new comment".to_owned(),
        "official_answer" => "the municipality has answered".to_owned(),
        _ => format!("the status changed: {}", crate::ui::messages::status_code_name(Locale::en, &p.detail)),
    };
    let link = format!("{}/submissions/{}", public_url.trim_end_matches('/'), p.submission_id);
    let settings = format!("{}/account#notifications", public_url.trim_end_matches('/'));
    let body = format!(
        "Merhaba {name},\n\nTakip ettiğiniz başvuruda {what_tr}:\n{reference} – {title}\n{link}\n\n\
         Bu e-postaları almak istemiyorsanız bildirim ayarlarınızı değiştirin: {settings}\n\n---\n\n\
         Hello {name},\n\nOn a submission you follow, {what_en}:\n{reference} – {title}\n{link}\n\n\
         To stop these e-mails, change your notification settings: {settings}\n\nİnegöl Belediyesi – İnegöl'ün Fikri\n",
        name = p.name,
        reference = p.reference,
        title = p.title,
    );
    let to: Mailbox = p.email.parse().map_err(|e| format!("bad address {}: {e}", p.email))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(format!("İnegöl'ün Fikri: {} – {what_tr}", p.reference))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
}

/// Sends (or files) every pending notification e-mail; returns how many left the building.
pub async fn deliver_pending(pool: &Pool, mailer: &Mailer, from: &str, public_url: &str) -> AppResult<usize> {
    let from: Mailbox = from.parse().map_err(|e| AppError::internal(format!("bad --mail-from: {e}")))?;
    let mut delivered = 0;
    loop {
        let batch = crate::db::read(pool, pending).await?;
        if batch.is_empty() {
            return Ok(delivered);
        }
        let mut outcome: Vec<(i64, &'static str)> = Vec::with_capacity(batch.len());
        for p in &batch {
            if !p.wants {
                outcome.push((p.id, "skipped"));
                continue;
            }
            let sent = match message(&from, public_url, p) {
                Ok(m) => mailer.send(m, &format!("notification-{:010}", p.id)).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(()) => {
                    delivered += 1;
                    outcome.push((p.id, "sent"));
                }
                Err(e) => {
                    tracing::warn!(notification = p.id, error = %e, "could not send a notification e-mail; will retry");
                    outcome.push((p.id, "retry"));
                }
            }
        }
        let retries = outcome.iter().filter(|(_, s)| *s == "retry").count();
        crate::db::tx(pool, move |c| {
            for (id, state) in outcome {
                if state == "retry" {
                    diesel::update(notifications::table.find(id))
                        .set(notifications::email_attempts.eq(notifications::email_attempts + 1))
                        .execute(c)?;
                    diesel::update(
                        notifications::table.find(id).filter(notifications::email_attempts.ge(MAX_ATTEMPTS)),
                    )
                    .set(notifications::email_state.eq("failed"))
                    .execute(c)?;
                } else {
                    diesel::update(notifications::table.find(id))
                        .set(notifications::email_state.eq(state))
                        .execute(c)?;
                }
            }
            Ok(())
        })
        .await?;
        if retries > 0 {
            // Leave the rest for the next round instead of hammering a failing server.
            return Ok(delivered);
        }
    }
}

/// Runs `deliver_pending` every few seconds until the process ends.
pub fn spawn_worker(pool: Pool, mailer: Mailer, from: String, public_url: String) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            match deliver_pending(&pool, &mailer, &from, &public_url).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, via = %mailer.describe(), "notification e-mails"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notification e-mail round failed"),
            }
        }
    });
}

/// A person's e-mail choices (all on until they change them).
pub fn settings_of(conn: &mut crate::db::DbConn, user: i64) -> AppResult<super::NotificationSettings> {
    let row: Option<(bool, bool, bool)> = notification_settings::table
        .find(user)
        .select((
            notification_settings::email_comments,
            notification_settings::email_official,
            notification_settings::email_status,
        ))
        .first(conn)
        .optional()?;
    let (email_comments, email_official, email_status) = row.unwrap_or((true, true, true));
    Ok(super::NotificationSettings { email_comments, email_official, email_status })
}

pub fn save_settings(conn: &mut crate::db::DbConn, user: i64, s: &super::NotificationSettings) -> AppResult<()> {
    let values = (
        notification_settings::email_comments.eq(s.email_comments),
        notification_settings::email_official.eq(s.email_official),
        notification_settings::email_status.eq(s.email_status),
    );
    let updated = diesel::update(notification_settings::table.find(user)).set(values).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(notification_settings::table)
            .values((notification_settings::user_id.eq(user), values))
            .execute(conn)?;
    }
    Ok(())
}
