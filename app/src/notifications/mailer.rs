//! (ssr) Sending the mail outbox. `Worker` claims due messages from `outbox` (a lease, so several
//! servers never send one twice), sends each by SMTP when `--smtp-url` is set, or else writes it
//! as an `.eml` file into the outbox folder under the data dir, and records the outcome while its
//! lease holds: `sent`, or a failed attempt retried with backoff, `failed` after the retry window.
//! `serve` runs one worker (`spawn_worker`), waking every few seconds; stopping the server loses
//! nothing: a message in the middle of a send stays leased and goes out again once the lease
//! ends (SMTP cannot say whether an interrupted message arrived, so that rare case may arrive
//! twice; a message is never lost). Here too: the words of notification e-mails
//! (`notification_letter`) and the person's e-mail choices (`settings_of`, `save_settings`).
//!
//! Leases are compared with the servers' own clocks: the servers of one site must agree on the
//! time within `LEASE_MARGIN` (NTP does far better).
use super::outbox::{self, Claimed, Retry};
use super::NotificationKind;
use crate::db::schema::notification_settings;
use crate::db::Pool;
use crate::error::AppResult;
use diesel::prelude::*;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use time::PrimitiveDateTime;

/// The longest one message may take to send, all of it (connect, greeting, data, quit); the
/// send is abandoned and counted as a failed attempt after that.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// lettre's limit for each single exchange with the server (within `SEND_TIMEOUT`).
const SMTP_COMMAND_TIMEOUT: Duration = Duration::from_secs(20);
/// Lease time kept unused: for clocks of two servers that disagree, and for recording the result.
pub const LEASE_MARGIN: Duration = Duration::from_secs(30);
/// Messages claimed at once.
pub const BATCH: i64 = 20;
/// How often the worker looks for due messages.
pub const TICK: Duration = Duration::from_secs(5);
/// How often sent messages past `outbox::SENT_KEPT` are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

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
                .map(|b| Mailer::Smtp(b.timeout(Some(SMTP_COMMAND_TIMEOUT)).build()))
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

    /// Sends one message (or files it as `<file_stem>.eml`), within `SEND_TIMEOUT`.
    async fn send(&self, message: Message, file_stem: &str) -> Result<(), String> {
        let sending = async {
            match self {
                Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
                Mailer::Outbox(dir) => {
                    let bytes = message.formatted();
                    let dir = dir.clone();
                    let stem = file_stem.to_owned();
                    // Written under a temporary name, then renamed: a reader of the folder never
                    // sees half a message, and sending the same message again replaces it.
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
        };
        match tokio::time::timeout(SEND_TIMEOUT, sending).await {
            Ok(result) => result,
            Err(_) => Err(format!("no answer within {} s", SEND_TIMEOUT.as_secs())),
        }
    }
}

/// What one round of a worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Messages leased to this worker.
    pub claimed: usize,
    pub sent: usize,
    /// Failed attempts that will be tried again.
    pub retried: usize,
    /// Messages given up (`failed`, for an admin).
    pub failed: usize,
    /// Claimed but given back unsent, because the lease would not have covered another send.
    pub released: usize,
    /// Results not recorded because the lease had already passed to another worker.
    pub lost_lease: usize,
}

impl Round {
    fn add(&mut self, other: Round) {
        self.claimed += other.claimed;
        self.sent += other.sent;
        self.retried += other.retried;
        self.failed += other.failed;
        self.released += other.released;
        self.lost_lease += other.lost_lease;
    }
}

/// One sender of the outbox. Several may run, in one process or on several servers: each has
/// its own random id, which its leases carry.
pub struct Worker {
    pool: Pool,
    mailer: Mailer,
    from: Mailbox,
    site: String,
    id: String,
    batch: i64,
}

impl Worker {
    /// `from` is the sender (`--mail-from`); `public_url` replaces `{site}` in message bodies.
    pub fn new(pool: Pool, mailer: Mailer, from: &str, public_url: &str) -> Result<Worker, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("bad --mail-from {from:?}: {e}"))?;
        let id = format!("{}-{:016x}", std::process::id(), rand::random::<u64>());
        Ok(Worker { pool, mailer, from, site: public_url.trim_end_matches('/').to_owned(), id, batch: BATCH })
    }

    /// Claims at most `n` messages at a time (the default is `BATCH`).
    pub fn with_batch(mut self, n: i64) -> Worker {
        self.batch = n.max(1);
        self
    }

    /// The id this worker's leases carry.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn describe(&self) -> String {
        self.mailer.describe()
    }

    /// One round at time `now`: adopts notifications the mailer before the outbox left
    /// `pending`, claims up to a batch of due messages, sends them one by one and records each
    /// result as soon as it is known. A message whose send could end after the lease is given
    /// back unsent.
    pub async fn run_once(&self, now: PrimitiveDateTime) -> AppResult<Round> {
        adopt_legacy(&self.pool, now).await?;
        let (id, batch) = (self.id.clone(), self.batch);
        let claimed = crate::db::tx(&self.pool, move |c| outbox::claim(c, &id, now, batch)).await?;
        let mut round = Round { claimed: claimed.len(), ..Round::default() };
        let started = Instant::now();
        let budget = lease_budget();
        for (i, message) in claimed.iter().enumerate() {
            if started.elapsed() > budget {
                let rest: Vec<i64> = claimed[i..].iter().map(|m| m.id).collect();
                let id = self.id.clone();
                round.released = crate::db::tx(&self.pool, move |c| outbox::release(c, &id, &rest)).await?;
                break;
            }
            let result = self.send(message).await;
            let at = now + started.elapsed();
            let (id, m) = (self.id.clone(), message.clone());
            match result {
                Ok(()) => {
                    if crate::db::tx(&self.pool, move |c| outbox::mark_sent(c, &id, m.id, at)).await? {
                        round.sent += 1;
                    } else {
                        round.lost_lease += 1;
                        tracing::warn!(mail = message.id, "sent a message whose lease had passed to another worker");
                    }
                }
                Err((error, permanent)) => {
                    let e = error.clone();
                    match crate::db::tx(&self.pool, move |c| outbox::mark_failed(c, &id, &m, &e, permanent, at)).await?
                    {
                        Some(Retry::At(next)) => {
                            round.retried += 1;
                            tracing::warn!(mail = message.id, error = %error, next = %next, "could not send an e-mail; will retry");
                        }
                        Some(Retry::GiveUp) => {
                            round.failed += 1;
                            tracing::error!(mail = message.id, error = %error, "gave up an e-mail; an admin can resend it at /admin/mail");
                        }
                        None => round.lost_lease += 1,
                    }
                }
            }
        }
        Ok(round)
    }

    /// Rounds at `now` until no message is due at that time (the tests' clock; the running worker
    /// reads the clock again for each round, so its leases start when it claims).
    pub async fn drain(&self, now: PrimitiveDateTime) -> AppResult<Round> {
        let mut total = Round::default();
        loop {
            let round = self.run_once(now).await?;
            total.add(round);
            if round.claimed == 0 {
                return Ok(total);
            }
        }
    }

    /// The message for `m`, sent; `Err((why, permanent))`: a message that cannot even be
    /// built (a broken address) will never go, so it is not retried.
    async fn send(&self, m: &Claimed) -> Result<(), (String, bool)> {
        let to: Mailbox = m.recipient.parse().map_err(|e| (format!("bad address {}: {e}", m.recipient), true))?;
        let domain = self.from.email.domain().to_owned();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            // Stable for the message: should it ever arrive twice, mail programs show it once.
            .message_id(Some(format!("<mail-{}-{}@{domain}>", m.id, m.created_at.assume_utc().unix_timestamp())))
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.replace("{site}", &self.site))
            .map_err(|e| (e.to_string(), true))?;
        self.mailer.send(message, &format!("mail-{:010}", m.id)).await.map_err(|e| (e, false))
    }

    /// Runs the worker until the process ends: every `TICK`, rounds until nothing is due, each
    /// at the time it starts; every hour, the clean-up of old sent messages.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(TICK);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut purged: Option<Instant> = None;
            loop {
                tick.tick().await;
                let mut total = Round::default();
                loop {
                    match self.run_once(crate::db::time::now()).await {
                        Ok(round) => {
                            total.add(round);
                            if round.claimed == 0 {
                                break;
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "mail outbox round failed; next round in a few seconds");
                            break;
                        }
                    }
                }
                if total.claimed > 0 {
                    tracing::info!(
                        sent = total.sent,
                        retried = total.retried,
                        failed = total.failed,
                        released = total.released,
                        via = %self.mailer.describe(),
                        "mail outbox"
                    );
                }
                if purged.is_none_or(|t| t.elapsed() >= PURGE_EVERY) {
                    purged = Some(Instant::now());
                    let now = crate::db::time::now();
                    match crate::db::tx(&self.pool, move |c| outbox::purge_sent(c, now)).await {
                        Ok(n) if n > 0 => tracing::info!(deleted = n, "removed old sent e-mails"),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "could not remove old sent e-mails"),
                    }
                }
            }
        })
    }
}

/// How long after its claim a worker may still start a send: the lease, less the longest send
/// and the margin.
fn lease_budget() -> Duration {
    let lease = Duration::from_secs(outbox::LEASE.whole_seconds().unsigned_abs());
    lease.saturating_sub(SEND_TIMEOUT + LEASE_MARGIN)
}

/// Starts the outbox worker of `serve`.
pub fn spawn_worker(pool: Pool, mailer: Mailer, from: String, public_url: String) -> Result<(), String> {
    let worker = Worker::new(pool, mailer, &from, &public_url)?;
    tracing::info!(worker = %worker.id(), via = %worker.describe(), "mail outbox worker started");
    drop(worker.spawn());
    Ok(())
}

/// Moves notifications the mailer before the outbox left `pending` into the outbox (once; an
/// upgrade must not drop them). Reads first, so an idle round writes nothing.
async fn adopt_legacy(pool: &Pool, now: PrimitiveDateTime) -> AppResult<()> {
    use crate::db::schema::notifications;
    let waiting: i64 = crate::db::read(pool, |c| {
        Ok(notifications::table.filter(notifications::email_state.eq("pending")).count().get_result(c)?)
    })
    .await?;
    if waiting > 0 {
        let adopted = crate::db::tx(pool, move |c| super::service::adopt_legacy(c, now)).await?;
        tracing::info!(notifications = adopted, "moved pending notification e-mails into the outbox");
    }
    Ok(())
}

/// The words of a notification e-mail, in Turkish then English, around the recipient's name
/// (which the database puts in, once per follower): the body is `before_name`, name,
/// `between_names`, name, `after_name`. Links use `{site}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub subject: String,
    pub before_name: String,
    pub between_names: String,
    pub after_name: String,
}

/// The e-mail of a notification of `kind` (`comment`, `official_answer`, `status` with the new
/// status in `detail`) about a submission.
pub fn notification_letter(
    kind: NotificationKind,
    detail: &str,
    submission_id: i64,
    reference: &str,
    title: &str,
) -> Letter {
    let (what_tr, what_en) = what_happened(kind, detail);
    let link = match (kind, detail.split_once(':')) {
        (NotificationKind::Evaluation, Some((_, round))) => format!("{{site}}/rounds/{round}"),
        (NotificationKind::Merged, Some((original, _))) => format!("{{site}}/submissions/{original}"),
        _ => format!("{{site}}/submissions/{submission_id}"),
    };
    let settings = "{site}/account#notifications";
    Letter {
        subject: format!("İnegöl'ün Fikri: {reference} – {what_tr}"),
        before_name: "Merhaba ".into(),
        between_names: format!(
            ",\n\nTakip ettiğiniz başvuruda {what_tr}:\n{reference} – {title}\n{link}\n\n\
             Bu e-postaları almak istemiyorsanız bildirim ayarlarınızı değiştirin: {settings}\n\n---\n\nHello "
        ),
        after_name: format!(
            ",\n\nOn a submission you follow, {what_en}:\n{reference} – {title}\n{link}\n\n\
             To stop these e-mails, change your notification settings: {settings}\n\nİnegöl Belediyesi – İnegöl'ün Fikri\n"
        ),
    }
}

/// The e-mail to a citizen whose request staff recorded, who gave an e-mail address and agreed to
/// be contacted (they have no account, so the link is the tracking page): `None` for the receipt
/// (with the code and when a first response is due), else what happened. Returns the subject and
/// the body.
pub fn contact_letter(
    event: Option<(NotificationKind, &str)>,
    reference: &str,
    title: &str,
    name: &str,
    first_response_due: Option<&str>,
) -> (String, String) {
    let (what_tr, what_en) = match event {
        Some((kind, detail)) => what_happened(kind, detail),
        None => ("başvurunuz alındı".to_owned(), "your request was received".to_owned()),
    };
    let (due_tr, due_en) = match (event, first_response_due) {
        (None, Some(due)) => (
            format!(
                "İlk yanıt için son zaman: {}\n",
                crate::ui::messages::format_local_datetime(crate::i18n::Locale::tr, due)
            ),
            format!(
                "First response due: {}\n",
                crate::ui::messages::format_local_datetime(crate::i18n::Locale::en, due)
            ),
        ),
        _ => (String::new(), String::new()),
    };
    let link = format!("{{site}}/t/{reference}");
    let subject = format!("İnegöl'ün Fikri: {reference} – {what_tr}");
    let body = format!(
        "Merhaba {name},\n\nBelediyeye ilettiğiniz başvuruda {what_tr}:\n{reference} – {title}\n{due_tr}\
         Takip kodunuz {reference}. Başvurunuzu buradan izleyebilirsiniz: {link}\n\n\
         Bu e-postayı, başvurunuz alınırken bu adresten bilgilendirilmeyi kabul ettiğiniz için alıyorsunuz. \
         Başka e-posta istemiyorsanız Çözüm Merkezi'ni (153) arayın.\n\n---\n\n\
         Hello {name},\n\nOn the request you made to the municipality, {what_en}:\n{reference} – {title}\n{due_en}\
         Your tracking code is {reference}. Follow your request here: {link}\n\n\
         You receive this e-mail because you agreed to be informed at this address when your request was taken. \
         To receive no more, call the Solution Centre (153).\n\nİnegöl Belediyesi – İnegöl'ün Fikri\n"
    );
    (subject, body)
}

/// The e-mail telling a person a moderator blocked them from writing through `until` (or lifted
/// the block), and why.
pub fn block_letter(name: &str, until: &str, reason: &str, active: bool) -> (String, String) {
    if !active {
        let subject = "İnegöl'ün Fikri: hesabınızdaki kısıtlama kaldırıldı".to_owned();
        let body = format!(
            "Merhaba {name},\n\nHesabınızdaki yazma kısıtlaması kaldırıldı: yeniden başvuru, yorum ve destek \
             gönderebilirsiniz.\n\n---\n\nHello {name},\n\nThe block on your account was lifted: you can send \
             submissions, comments and supports again.\n\nİnegöl Belediyesi – İnegöl'ün Fikri\n"
        );
        return (subject, body);
    }
    let subject = format!("İnegöl'ün Fikri: hesabınız {until} tarihine kadar yazmaya kapatıldı");
    let body = format!(
        "Merhaba {name},\n\nBir moderatör hesabınızı {until} günü sonuna kadar yazmaya kapattı. Gerekçe: {reason}\n\
         Bu süre içinde sayfaları okuyabilir, takip ettiklerinizi izleyebilirsiniz; başvuru, yorum, destek ve bildirim \
         gönderemezsiniz. Bir yanlışlık olduğunu düşünüyorsanız Çözüm Merkezi'ni (153) arayın.\n\n---\n\n\
         Hello {name},\n\nA moderator blocked your account from writing until the end of {until}. Reason: {reason}\n\
         Meanwhile you can read pages and follow what you follow; you cannot send submissions, comments, supports or \
         flags. If you think this is a mistake, call the Solution Centre (153).\n\nİnegöl Belediyesi – İnegöl'ün Fikri\n"
    );
    (subject, body)
}

/// What happened, in Turkish and in English, for a notification of `kind` with `detail`.
fn what_happened(kind: NotificationKind, detail: &str) -> (String, String) {
    use crate::i18n::Locale;
    use crate::ui::messages::status_code_name;
    match kind {
        NotificationKind::Comment => ("yeni bir yorum var".to_owned(), "there is a new comment".to_owned()),
        NotificationKind::OfficialAnswer => {
            ("belediye yanıt verdi".to_owned(), "the municipality has answered".to_owned())
        }
        NotificationKind::Status => (
            format!("durum değişti: {}", status_code_name(Locale::tr, detail)),
            format!("the status changed: {}", status_code_name(Locale::en, detail)),
        ),
        NotificationKind::Evaluation if detail.starts_with("round_reminder") => (
            "puanlama turunun son günü yarın; puanlarınızı bekliyoruz".to_owned(),
            "the scoring round ends tomorrow; your scores are awaited".to_owned(),
        ),
        NotificationKind::Evaluation if detail == "queued" => (
            "destek eşiğine ulaşıldı; değerlendirme kurulunu bekliyor".to_owned(),
            "it reached the support threshold and waits for the evaluation committee".to_owned(),
        ),
        NotificationKind::Evaluation if detail == "scoring_started" => (
            "değerlendirme kurulu puanlamaya başladı".to_owned(),
            "the evaluation committee has started scoring it".to_owned(),
        ),
        NotificationKind::Evaluation if detail == "scoring_closed" => (
            "değerlendirme kurulu puanlamayı bitirdi; puan kartı yayımlandı".to_owned(),
            "the evaluation committee has finished scoring; the scorecard is public".to_owned(),
        ),
        NotificationKind::Evaluation => (
            "değerlendirme kurulu için bir puanlama turu açıldı".to_owned(),
            "a scoring round of the evaluation committee has opened".to_owned(),
        ),
        NotificationKind::Moderation => {
            let (what, reason) = detail.split_once(':').unwrap_or((detail, ""));
            let (tr, en) = match what {
                "comment_hidden" => ("yorumunuz moderatörlerce gizlendi", "a moderator hid your comment"),
                "comment_restored" => ("yorumunuz yeniden yayında", "your comment is public again"),
                "comment_published" => ("yorumunuz incelendi ve yayımlandı", "your comment was reviewed and published"),
                "submission_hidden" => ("başvurunuz moderatörlerce gizlendi", "a moderator hid your submission"),
                "submission_published" => {
                    ("başvurunuz incelendi ve yayımlandı", "your submission was reviewed and published")
                }
                _ => ("başvurunuz yeniden yayında", "your submission is public again"),
            };
            (format!("{tr} (gerekçe: {reason})"), format!("{en} (reason: {reason})"))
        }
        NotificationKind::Merged => {
            let original = detail.split_once(':').map(|(_, r)| r).unwrap_or(detail);
            (
                format!("desteklediğiniz başvuru {original} ile birleştirildi; dilerseniz onu destekleyin"),
                format!("the submission you supported was merged into {original}; you may support that one"),
            )
        }
        NotificationKind::Milestone => match detail.strip_prefix("done:") {
            Some(done) => (
                format!("uygulamada bir aşama tamamlandı: {done}"),
                format!("a milestone of the implementation was reached: {done}"),
            ),
            None => (format!("uygulamada bir aşama: {detail}"), format!("a milestone of the implementation: {detail}")),
        },
    }
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
    Ok(settings_from(row))
}

/// The settings a stored row says (comments, official answers, status changes); every e-mail
/// until the person changes them.
pub(crate) fn settings_from(row: Option<(bool, bool, bool)>) -> super::NotificationSettings {
    let (email_comments, email_official, email_status) = row.unwrap_or((true, true, true));
    super::NotificationSettings { email_comments, email_official, email_status }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_send_started_within_the_budget_ends_inside_the_lease() {
        let lease = Duration::from_secs(outbox::LEASE.whole_seconds().unsigned_abs());
        assert!(lease_budget() > Duration::ZERO);
        assert!(lease_budget() + SEND_TIMEOUT + LEASE_MARGIN <= lease);
        assert!(SMTP_COMMAND_TIMEOUT < SEND_TIMEOUT);
    }

    #[test]
    fn notification_letters_name_the_submission_and_link_to_the_site() {
        let l = notification_letter(NotificationKind::Comment, "", 7, "INE-2026-000007", "Pazar yerine tuvalet");
        assert_eq!(l.subject, "İnegöl'ün Fikri: INE-2026-000007 – yeni bir yorum var");
        let body = format!("{}Ayşe{}Ayşe{}", l.before_name, l.between_names, l.after_name);
        assert!(body.starts_with("Merhaba Ayşe,\n"), "{body}");
        assert!(body.contains("Hello Ayşe,\n") && body.contains("{site}/submissions/7\n"), "{body}");
        let status = notification_letter(NotificationKind::Status, "answered", 7, "INE-2026-000007", "x");
        assert!(status.between_names.contains("durum değişti") && status.after_name.contains("status changed"));
    }
}
