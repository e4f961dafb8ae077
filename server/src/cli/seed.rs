//! `fikir seed`: a city's worth of realistic Turkish demo data from a fixed random seed, for
//! trying the platform at scale and for the benchmark. Users, submissions of every kind and
//! status over the last three years in İnegöl's real neighbourhoods and categories, supports
//! (heavy-tailed: a few proposals collect thousands), comments with replies and official answers.
//! Rows go in as multi-row INSERTs of generated literals (no user input is involved), in
//! transactions of a few thousand rows, with a progress bar on standard error.
use app::db::{Backend, DbConn, Pool};
use app::domain::submissions::{Channel, Kind, Status};
use app::domain::text::search_text;
use diesel::connection::SimpleConnection;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fmt::Write;

#[derive(Debug, Clone, clap::Args)]
pub struct SeedArgs {
    #[arg(long, default_value_t = 2_000)]
    pub submissions: u64,
    #[arg(long, default_value_t = 50_000)]
    pub supports: u64,
    #[arg(long, default_value_t = 5_000)]
    pub comments: u64,
    #[arg(long, default_value_t = 5_000)]
    pub users: u64,
    /// The random seed: the same seed and counts give the same data.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// Every seeded person signs in with this password (e-mail kisi{n}@seed.fikir.example).
pub const SEED_PASSWORD: &str = "inegol seed 2026";
const ROWS_PER_STATEMENT: usize = 500;
const STATEMENTS_PER_TX: usize = 20;

pub fn seed_email(n: u64) -> String {
    format!("kisi{n}@seed.fikir.example")
}

const FIRST_NAMES: &[&str] = &[
    "Ayşe",
    "Fatma",
    "Emine",
    "Hatice",
    "Zeynep",
    "Elif",
    "Meryem",
    "Şerife",
    "Zehra",
    "Sultan",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "İsmail",
    "Osman",
    "Yusuf",
    "Murat",
    "Ömer",
    "Ramazan",
    "Halil",
    "Süleyman",
    "Abdullah",
    "Mahmut",
    "Recep",
    "Emre",
    "Burak",
    "Büşra",
    "Esra",
    "Gül",
    "Özlem",
    "Çağla",
    "İrem",
];
const LAST_NAMES: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Korkmaz",
    "Erdoğan",
    "Güneş",
    "Akın",
    "Bulut",
    "Uçar",
    "Tekin",
    "İnce",
    "Köse",
];

/// (category slug, titles, body sentences)
const TOPICS: &[(&str, &[&str], &[&str])] = &[
    (
        "roads",
        &[
            "kaldırımlar bozuk",
            "yolda derin çukur var",
            "asfalt yenilensin",
            "kaldırıma rampa yapılsın",
            "yol çizgileri silinmiş",
        ],
        &[
            "Yağmurdan sonra su birikiyor ve yayalar yola inmek zorunda kalıyor.",
            "Özellikle yaşlılar ve bebek arabasıyla geçenler zorlanıyor.",
            "Okul servisleri bu yolu her gün kullanıyor.",
            "Geçen kış yapılan yama tekrar bozuldu.",
        ],
    ),
    (
        "parks",
        &[
            "parka çocuk oyun alanı",
            "parktaki banklar kırık",
            "yeşil alan düzenlensin",
            "parka gölgelik ağaç dikilsin",
            "parkın aydınlatması yetersiz",
        ],
        &[
            "Mahallede çocukların oynayabileceği güvenli bir alan yok.",
            "Akşamları park karanlık kalıyor, aileler gelmekten çekiniyor.",
            "Çiçek tarhları bakımsız, sulama sistemi çalışmıyor.",
            "Yaz aylarında gölge olmadığı için kimse oturamıyor.",
        ],
    ),
    (
        "waste",
        &[
            "çöp konteyneri taşıyor",
            "geri dönüşüm kutusu konulsun",
            "çöpler geç toplanıyor",
            "sokak süpürülmüyor",
            "moloz yığını kaldırılsın",
        ],
        &[
            "Konteynerler haftada iki kez boşaltılıyor, yetmiyor.",
            "Kötü koku yüzünden pencere açamıyoruz.",
            "Sokak hayvanları çöpleri dağıtıyor.",
            "Ambalaj atıkları için ayrı kutu olursa mahalle ayrıştırmaya hazır.",
        ],
    ),
    (
        "noise_stalls",
        &[
            "gece inşaat gürültüsü",
            "kaldırım işgali",
            "seyyar satıcılar yolu kapatıyor",
            "düğün salonu gürültüsü",
            "dükkan önü işgali",
        ],
        &[
            "Gece yarısından sonra da çalışma sürüyor.",
            "Yayalar kaldırımdan yürüyemiyor.",
            "Pazar günleri trafik tamamen kilitleniyor.",
            "Zabıta ekiplerinin denetim yapmasını rica ediyoruz.",
        ],
    ),
    (
        "transport",
        &[
            "otobüs seferleri artırılsın",
            "durağa sundurma yapılsın",
            "bisiklet yolu yapılsın",
            "trafik ışığı konulsun",
            "okul önüne yaya geçidi",
        ],
        &[
            "Sabah saatlerinde otobüsler tıklım tıklım dolu.",
            "Yağmurda durakta bekleyenler ıslanıyor.",
            "Kavşakta sık sık kaza oluyor.",
            "Öğrenciler karşıya geçerken tehlike yaşıyor.",
        ],
    ),
    (
        "water",
        &["su kesintisi", "kanalizasyon taşıyor", "yağmur suyu ızgarası tıkalı", "çeşme onarılsın", "su basıncı düşük"],
        &[
            "Üç gündür düzenli su gelmiyor.",
            "Bodrum katlara su doluyor.",
            "Izgaralar yapraklarla tıkanmış durumda.",
            "Üst katlara su çıkmıyor.",
        ],
    ),
    (
        "environment",
        &[
            "hava kirliliği ölçülsün",
            "dere kenarı temizlensin",
            "ağaç kesimi durdurulsun",
            "mobilya atölyesi tozu",
            "sıfır atık noktası kurulsun",
        ],
        &[
            "Kış aylarında soba dumanı nefes almayı zorlaştırıyor.",
            "Dere yatağına atık dökülüyor.",
            "Mahallenin son yaşlı ağaçları kesilmesin.",
            "Atölyelerden çıkan toz evlere giriyor.",
        ],
    ),
    (
        "culture",
        &[
            "kütüphane hafta sonu açık olsun",
            "mahalleye kültür merkezi",
            "yaz konserleri düzenlensin",
            "gençlere tiyatro atölyesi",
            "kitap okuma günleri",
        ],
        &[
            "Öğrenciler sınav dönemlerinde çalışacak yer bulamıyor.",
            "Gençlerin vakit geçirebileceği bir mekân yok.",
            "İnegöl'ün kültürel mirası tanıtılmalı.",
            "Etkinlikler çocuklar için ücretsiz olursa çok iyi olur.",
        ],
    ),
    (
        "social_support",
        &[
            "yaşlılara evde bakım desteği",
            "öğrencilere burs",
            "engelli erişimi iyileştirilsin",
            "aşevi hizmeti genişletilsin",
            "kışlık yakacak yardımı",
        ],
        &[
            "Yalnız yaşayan yaşlılarımız market alışverişinde zorlanıyor.",
            "Ailelerin eğitim masrafları çok arttı.",
            "Resmi binalara tekerlekli sandalyeyle girilemiyor.",
            "İhtiyaç sahibi aileler listesi güncellenmeli.",
        ],
    ),
    (
        "sport",
        &[
            "mahalleye halı saha",
            "açık hava spor aletleri",
            "yüzme havuzu yapılsın",
            "koşu parkuru",
            "kadınlara özel spor saatleri",
        ],
        &[
            "Gençler sokakta top oynamak zorunda kalıyor.",
            "Spor aletlerinin bir kısmı kırık.",
            "İlçede yüzme öğrenebilecek yer çok az.",
            "Sabah yürüyüşü için güvenli bir parkur istiyoruz.",
        ],
    ),
    (
        "stray_animals",
        &[
            "sokak köpekleri için barınak",
            "kedi evleri yapılsın",
            "hayvanlar kısırlaştırılsın",
            "yaralı köpek var",
            "mama ve su kapları konulsun",
        ],
        &[
            "Okul yolunda köpekler çocukları korkutuyor.",
            "Kış gelmeden kedilere korunak gerekiyor.",
            "Veteriner ekibinin bölgeye gelmesini rica ediyoruz.",
            "Hayvanseverler bakım için gönüllü olmaya hazır.",
        ],
    ),
    (
        "zoning",
        &[
            "kaçak yapı şikayeti",
            "imar planı açıklansın",
            "metruk bina yıkılsın",
            "otopark sorunu çözülsün",
            "cephe düzenlemesi",
        ],
        &[
            "Boş bina madde bağımlılarının uğrak yeri oldu.",
            "Mahallede park yeri bulmak imkânsız.",
            "Yeni plan hakkında bilgilendirme toplantısı yapılmalı.",
            "Çarşı cephelerinin aynı düzende olması İnegöl'e yakışır.",
        ],
    ),
    (
        "disaster",
        &[
            "toplanma alanı tabelası",
            "deprem tatbikatı yapılsın",
            "sel için önlem alınsın",
            "afet çantası eğitimi",
            "yangın hidrantı çalışmıyor",
        ],
        &[
            "Mahallede kimse toplanma alanının yerini bilmiyor.",
            "Okullarda tatbikat yapılması çok önemli.",
            "Dere taşarsa evler su altında kalır.",
            "Gönüllü afet ekibi kurmak istiyoruz.",
        ],
    ),
    (
        "other",
        &[
            "belediye hizmet saatleri",
            "e-belediye sorunu",
            "muhtarlıkla iletişim",
            "öneri kutusu konulsun",
            "bilgilendirme toplantısı",
        ],
        &[
            "Çalışanlar mesai saatinde başvuru yapamıyor.",
            "İnternet sitesinde ödeme yapılamıyor.",
            "Vatandaşın sesi daha çok duyulmalı.",
            "Herkesin katılabileceği saatlerde toplantı yapılmalı.",
        ],
    ),
];

const COMMENTS: &[&str] = &[
    "Kesinlikle katılıyorum, bizim sokakta da aynı durum var.",
    "Bu öneri çok yerinde, destekliyorum.",
    "Geçen ay da bildirmiştim, hâlâ bir şey yapılmadı.",
    "Çocuklarımız için çok önemli bir konu.",
    "Maliyeti ne kadar olur acaba?",
    "Muhtarımız da bu konuda dilekçe verdi.",
    "Benzer bir uygulama Bursa'da çok başarılı oldu.",
    "Lütfen önce okul çevresinden başlansın.",
    "Fotoğrafını da ekledim, durum gerçekten kötü.",
    "Ben de her sabah buradan geçiyorum, tehlikeli.",
    "Esnaf olarak biz de destek vermeye hazırız.",
    "Güzel fikir ama bakımı da düşünülmeli.",
];
const OFFICIAL: &[&str] = &[
    "Talebiniz ilgili müdürlüğümüze iletilmiştir. Teşekkür ederiz.",
    "Ekiplerimiz bölgede inceleme yapmış olup çalışma programına alınmıştır.",
    "Konu yerinde incelenmiş, gerekli düzenleme yapılmıştır.",
];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// An SQL string literal (doubles quotes; the values are generated, never user input).
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn ts(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "'{:04}-{:02}-{:02} {:02}:{:02}:{:02}'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Writes rows in multi-row INSERTs, a few thousand rows per transaction.
struct Writer<'a> {
    conn: &'a mut DbConn,
    head: String,
    rows: Vec<String>,
    statements: Vec<String>,
    bar: ProgressBar,
}

impl<'a> Writer<'a> {
    fn new(conn: &'a mut DbConn, head: &str, total: u64, label: &str) -> Self {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(label.to_owned());
        Writer { conn, head: head.to_owned(), rows: Vec::new(), statements: Vec::new(), bar }
    }

    fn row(&mut self, values: String) -> Result<(), String> {
        self.rows.push(values);
        if self.rows.len() >= ROWS_PER_STATEMENT {
            self.cut();
            if self.statements.len() >= STATEMENTS_PER_TX {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn cut(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let n = self.rows.len() as u64;
        let mut sql = String::with_capacity(self.rows.iter().map(|r| r.len() + 4).sum::<usize>() + self.head.len());
        sql.push_str(&self.head);
        sql.push_str(" VALUES ");
        sql.push_str(&self.rows.join(",\n"));
        self.statements.push(sql);
        self.rows.clear();
        self.bar.inc(n);
    }

    fn flush(&mut self) -> Result<(), String> {
        if self.statements.is_empty() {
            return Ok(());
        }
        let batch = format!("BEGIN; {}; COMMIT;", self.statements.join(";\n"));
        self.conn.batch_execute(&batch).map_err(|e| format!("seed insert failed: {e}"))?;
        self.statements.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(), String> {
        self.cut();
        self.flush()?;
        self.bar.finish();
        Ok(())
    }
}

fn scalar(conn: &mut DbConn, sql: &str) -> Result<i64, String> {
    use diesel::RunQueryDsl;
    let rows: Vec<app::db::sql::Count> = diesel::sql_query(sql).load(conn).map_err(|e| format!("{sql}: {e}"))?;
    Ok(rows.first().map_or(0, |c| c.n))
}

/// Status of a seeded submission: most are still open, a realistic share has moved on.
fn status_for(rng: &mut StdRng, kind: Kind) -> Status {
    let r = rng.gen_range(0..100);
    match kind.track() {
        app::domain::submissions::Track::Participation => match r {
            0..=54 => Status::Published,
            55..=64 => Status::UnderEvaluation,
            65..=69 => Status::Feasible,
            70..=74 => Status::NotFeasible,
            75..=79 => Status::Approved,
            80..=82 => Status::Scheduled,
            83..=86 => Status::InImplementation,
            87..=91 => Status::Completed,
            92..=95 => Status::Rejected,
            _ => Status::Withdrawn,
        },
        app::domain::submissions::Track::ServiceRequest => match r {
            0..=14 => Status::Received,
            15..=29 => Status::Routed,
            30..=44 => Status::InProgress,
            45..=84 => Status::Resolved,
            85..=91 => Status::NotOurJurisdiction,
            _ => Status::Closed,
        },
    }
}

fn kind_for(rng: &mut StdRng) -> Kind {
    match rng.gen_range(0..100) {
        0..=34 => Kind::Idea,
        35..=44 => Kind::Project,
        45..=59 => Kind::Suggestion,
        60..=79 => Kind::Complaint,
        80..=94 => Kind::Request,
        _ => Kind::InformationRequest,
    }
}

/// What the generator draws from: the categories (with their directorate) and the
/// neighbourhoods with their coordinates.
struct Places {
    categories: Vec<app::reference::Category>,
    neighbourhoods: Vec<app::reference::Neighbourhood>,
}

pub async fn run(pool: &Pool, args: SeedArgs) -> Result<(), String> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().map_err(|e| format!("cannot open the database: {e}"))?;
        let places = Places {
            categories: app::reference::service::categories(&mut conn).map_err(|e| e.to_string())?,
            neighbourhoods: app::reference::service::neighbourhoods(&mut conn).map_err(|e| e.to_string())?,
        };
        seed(&mut conn, &args, &places)
    })
    .await
    .map_err(|e| e.to_string())?
}

fn seed(conn: &mut DbConn, args: &SeedArgs, reference: &Places) -> Result<(), String> {
    let started = std::time::Instant::now();
    if scalar(conn, "SELECT count(*) AS n FROM submissions")? > 0 {
        return Err(
            "this database already has submissions: seed an empty database (a new --data-dir or database)".into()
        );
    }
    if args.users == 0 && (args.submissions > 0 || args.supports > 0 || args.comments > 0) {
        return Err("--users must be at least 1 to have authors".into());
    }
    let mut rng = StdRng::seed_from_u64(args.seed);
    let backend = conn.backend();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let three_years = 3 * 365 * 86_400;

    // People. One password hash for all, computed once: hashing 500k passwords would take hours.
    let hash = app::auth::password::hash_password(SEED_PASSWORD).map_err(|e| e.to_string())?;
    let user0 = scalar(conn, "SELECT coalesce(max(id), 0) AS n FROM users")?;
    let mut w = Writer::new(
        conn,
        "INSERT INTO users (email, email_normalized, display_name, password_hash, created_at, updated_at)",
        args.users,
        "users",
    );
    for n in 1..=args.users {
        let email = seed_email(n);
        let name = format!("{} {}", pick(&mut rng, FIRST_NAMES), pick(&mut rng, LAST_NAMES));
        let at = ts(now - three_years - 86_400 + (n as i64 * three_years / args.users.max(1) as i64));
        w.row(format!("({e},{e},{},{},{at},{at})", lit(&name), lit(&hash), e = lit(&email)))?;
    }
    w.finish()?;
    let mut w = Writer::new(conn, "INSERT INTO user_roles (user_id, role, granted_at)", args.users, "roles");
    for n in 1..=args.users {
        w.row(format!("({}, 'citizen', {})", user0 + n as i64, ts(now)))?;
    }
    w.finish()?;
    let user_id = |n: u64| user0 + 1 + n as i64;

    // How many supports and comments each submission gets: heavy-tailed (Pareto-like) weights,
    // supports only on participation submissions that have been public.
    let subs = args.submissions as usize;
    let mut kinds = Vec::with_capacity(subs);
    let mut statuses = Vec::with_capacity(subs);
    for _ in 0..subs {
        let k = kind_for(&mut rng);
        kinds.push(k);
        statuses.push(status_for(&mut rng, k));
    }
    let weights: Vec<f64> = (0..subs)
        .map(|i| {
            let u: f64 = rng.gen_range(0.0001..1.0);
            let participation = kinds[i].track() == app::domain::submissions::Track::Participation;
            if participation {
                u.powf(-1.2)
            } else {
                0.0
            }
        })
        .collect();
    let support_counts = spread(args.supports, &weights, args.users);
    let comment_weights: Vec<f64> = (0..subs).map(|_| rng.gen_range(0.0001f64..1.0).powf(-0.8)).collect();
    let comment_counts = spread(args.comments, &comment_weights, u64::MAX);
    let threshold = 100;

    // Submissions, oldest first, so ids grow with time like real ones.
    let sub0 = scalar(conn, "SELECT coalesce(max(id), 0) AS n FROM submissions")?;
    let head = "INSERT INTO submissions (reference, kind, status, title, body, body_html, summary, search_title, \
        search_body, category_id, neighbourhood_id, directorate_id, lat, lon, author_id, channel, recorded_by, \
        support_count, comment_count, queued_at, created_at, updated_at)";
    let mut w = Writer::new(conn, head, args.submissions, "submissions");
    let mut counters: std::collections::BTreeMap<i32, i64> = Default::default();
    let mut created_at = Vec::with_capacity(subs);
    for i in 0..subs {
        let at = now - three_years + (i as i64 * three_years / subs.max(1) as i64) + rng.gen_range(0..600);
        created_at.push(at);
        let year = time::OffsetDateTime::from_unix_timestamp(at).map(|t| t.year()).unwrap_or(2026);
        let number = counters.entry(year).and_modify(|n| *n += 1).or_insert(1);
        let kind = kinds[i];
        let status = statuses[i];
        let (slug, titles, sentences) = pick(&mut rng, TOPICS);
        let category = reference.categories.iter().find(|c| c.slug == *slug).or(reference.categories.first());
        let (category_id, directorate_id) = category.map_or((1, 1), |c| (c.id, c.directorate_id));
        let hood = pick(&mut rng, &reference.neighbourhoods);
        let title_core = pick(&mut rng, titles);
        let title = format!("{} Mahallesi: {}", hood.name, title_core);
        let title: String = title.chars().take(140).collect();
        let mut body = String::new();
        let first = rng.gen_range(0..sentences.len());
        for k in 0..rng.gen_range(2..=sentences.len()) {
            let _ = write!(body, "{} ", sentences[(first + k) % sentences.len()]);
        }
        let _ = write!(body, "\n\n**{}** için belediyemizden destek bekliyoruz.", hood.name);
        let (lat, lon) = match (hood.lat, hood.lon) {
            (Some(la), Some(lo)) if rng.gen_bool(0.6) => (
                format!("{:.6}", la + rng.gen_range(-0.004..0.004)),
                format!("{:.6}", lo + rng.gen_range(-0.004..0.004)),
            ),
            _ => ("NULL".into(), "NULL".into()),
        };
        let staff_intake = kind.track() == app::domain::submissions::Track::ServiceRequest && rng.gen_bool(0.4);
        let channel = if staff_intake {
            pick(
                &mut rng,
                &[
                    Channel::Phone153,
                    Channel::WhatsApp,
                    Channel::Email,
                    Channel::WalkIn,
                    Channel::Vim,
                    Channel::NeighbourhoodMeeting,
                ],
            )
            .as_str()
        } else {
            Channel::Web.as_str()
        };
        let author = if staff_intake { "NULL".to_owned() } else { user_id(rng.gen_range(0..args.users)).to_string() };
        let recorded_by = if staff_intake { user_id(rng.gen_range(0..args.users)).to_string() } else { "NULL".into() };
        let supports = support_counts[i];
        let queued = if supports >= threshold { ts(at + 86_400 * 7) } else { "NULL".into() };
        let updated = ts((at + rng.gen_range(0..86_400 * 60)).min(now));
        w.row(format!(
            "({},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{})",
            lit(&format!("INE-{year:04}-{number:06}")),
            lit(kind.as_str()),
            lit(status.as_str()),
            lit(&title),
            lit(&body),
            lit(&app::markdown::render(&body)),
            lit(&app::markdown::plain_summary(&body, 200)),
            lit(&search_text(&title)),
            lit(&search_text(&body)),
            category_id,
            hood.id,
            directorate_id,
            lat,
            lon,
            author,
            lit(channel),
            recorded_by,
            supports,
            comment_counts[i],
            queued,
            ts(at),
            updated,
        ))?;
    }
    w.finish()?;
    for (year, last) in &counters {
        let sql = format!("INSERT INTO reference_counters (year, last_number) VALUES ({year}, {last})");
        conn.batch_execute(&sql).map_err(|e| e.to_string())?;
    }
    let sub_id = |i: usize| sub0 + 1 + i as i64;

    // Events: each submission's creation, and its current status when it has moved on.
    let mut w = Writer::new(
        conn,
        "INSERT INTO submission_events (submission_id, at, kind, from_status, to_status, actor_role, public_note, internal_note)",
        args.submissions,
        "events",
    );
    for i in 0..subs {
        let first = kinds[i].initial_status();
        w.row(format!(
            "({}, {}, 'created', NULL, {}, 'citizen', '', '')",
            sub_id(i),
            ts(created_at[i]),
            lit(first.as_str())
        ))?;
        if statuses[i] != first {
            w.row(format!(
                "({}, {}, 'status_changed', {}, {}, 'staff', '', '')",
                sub_id(i),
                ts((created_at[i] + 86_400 * 14).min(now)),
                lit(first.as_str()),
                lit(statuses[i].as_str())
            ))?;
        }
    }
    w.finish()?;

    // Supports: k distinct people per submission, walked with a stride coprime to the number
    // of people, so no pair repeats.
    let users = args.users as i64;
    let mut w =
        Writer::new(conn, "INSERT INTO supports (submission_id, user_id, created_at)", args.supports, "supports");
    for (i, &k) in support_counts.iter().enumerate() {
        if k == 0 {
            continue;
        }
        let start = rng.gen_range(0..users);
        let stride = coprime_stride(&mut rng, users);
        let at = ts((created_at[i] + 3_600).min(now));
        for j in 0..k as i64 {
            let person = (start + j * stride) % users;
            w.row(format!("({},{},{at})", sub_id(i), user0 + 1 + person))?;
        }
    }
    w.finish()?;

    // Comments: a third are replies to the first comment of their submission; some are staff's
    // official answers.
    let comment0 = scalar(conn, "SELECT coalesce(max(id), 0) AS n FROM comments")?;
    let mut next_comment = comment0;
    let mut w = Writer::new(
        conn,
        "INSERT INTO comments (id, submission_id, parent_id, author_id, body, body_html, official, created_at)",
        args.comments,
        "comments",
    );
    let (t, f) = match backend {
        Backend::Sqlite => ("1", "0"),
        Backend::Postgres => ("true", "false"),
    };
    for (i, &k) in comment_counts.iter().enumerate() {
        let mut first: Option<i64> = None;
        for j in 0..k {
            next_comment += 1;
            let official = j == 0 && rng.gen_bool(0.15);
            let text = if official { *pick(&mut rng, OFFICIAL) } else { *pick(&mut rng, COMMENTS) };
            let parent = match first {
                Some(p) if rng.gen_bool(0.33) => p.to_string(),
                _ => "NULL".into(),
            };
            if first.is_none() {
                first = Some(next_comment);
            }
            let at = ts((created_at[i] + 7_200 + j as i64 * 3_600).min(now));
            w.row(format!(
                "({},{},{},{},{},{},{},{at})",
                next_comment,
                sub_id(i),
                parent,
                user_id(rng.gen_range(0..args.users)),
                lit(text),
                lit(&app::markdown::render(text)),
                if official { t } else { f },
            ))?;
        }
    }
    w.finish()?;
    if backend == Backend::Postgres {
        // Explicit ids were given: move the identity past them, then refresh the planner's statistics.
        conn.batch_execute(
            "SELECT setval(pg_get_serial_sequence('comments', 'id'), coalesce((SELECT max(id) FROM comments), 1))",
        )
        .map_err(|e| e.to_string())?;
        // Its own statement: VACUUM cannot run in a transaction. It also sets the visibility map,
        // so listings can page through index-only scans right away.
        conn.batch_execute("VACUUM ANALYZE").map_err(|e| e.to_string())?;
    } else {
        conn.batch_execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);").map_err(|e| e.to_string())?;
    }
    eprintln!(
        "Seeded {} users, {} submissions, {} supports and {} comments in {:.1} s. Every seeded person signs in as \
         kisiN@seed.fikir.example (N = 1…{}) with the password \"{SEED_PASSWORD}\".",
        args.users,
        args.submissions,
        args.supports,
        args.comments,
        started.elapsed().as_secs_f64(),
        args.users
    );
    Ok(())
}

/// Splits `total` into whole counts proportional to `weights`, none above `cap`; the counts add
/// up to `total` unless the caps make that impossible.
fn spread(total: u64, weights: &[f64], cap: u64) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || total == 0 {
        return vec![0; weights.len()];
    }
    let mut counts: Vec<u64> = weights.iter().map(|w| ((w / sum) * total as f64).floor() as u64).collect();
    for c in counts.iter_mut() {
        *c = (*c).min(cap);
    }
    let mut assigned: u64 = counts.iter().sum();
    // Hand out the remainder one by one to the heaviest submissions that have room.
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0.0).collect();
    order.sort_by(|a, b| weights[*b].total_cmp(&weights[*a]));
    let mut progress = true;
    while assigned < total && progress {
        progress = false;
        for &i in &order {
            if assigned >= total {
                break;
            }
            if counts[i] < cap {
                counts[i] += 1;
                assigned += 1;
                progress = true;
            }
        }
    }
    counts
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn coprime_stride(rng: &mut StdRng, n: i64) -> i64 {
    if n <= 2 {
        return 1;
    }
    loop {
        let s = rng.gen_range(1..n);
        if gcd(s, n) == 1 {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_adds_up_and_respects_the_cap() {
        let counts = spread(1_000, &[1.0, 2.0, 0.0, 7.0], 600);
        assert_eq!(counts.iter().sum::<u64>(), 1_000);
        assert_eq!(counts[2], 0);
        assert!(counts.iter().all(|&c| c <= 600));
        assert_eq!(spread(50, &[1.0, 1.0], 10), vec![10, 10], "caps win over the total");
    }

    #[test]
    fn strides_visit_distinct_people() {
        let mut rng = StdRng::seed_from_u64(1);
        for n in [3_i64, 10, 97, 1_000] {
            let s = coprime_stride(&mut rng, n);
            let mut seen: Vec<i64> = (0..n).map(|j| (5 + j * s) % n).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len() as i64, n);
        }
    }
}
