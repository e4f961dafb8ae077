//! `fikir seed`: a city's worth of realistic Turkish demo data from a fixed random seed, for
//! trying the platform at scale and for the benchmark. Users, submissions of every kind and
//! status over the last three years in İnegöl's real neighbourhoods and categories, supports
//! (heavy-tailed: a few proposals collect thousands), comments with replies and official answers,
//! and the review board's side of every proposal that reached the committee: its evaluation
//! round (members, score sheets, a recusal now and then), the committee's decisions, the
//! implementation with its milestones, and the timeline that tells the same story.
//! Rows go in as multi-row INSERTs of generated literals (no user input is involved), in
//! transactions of a few thousand rows, with a progress bar on standard error.
use app::db::{Backend, DbConn, Pool};
use app::domain::roles::Role;
use app::domain::submissions::{Channel, EventKind, Kind, Status};
use app::domain::text::search_text;
use diesel::connection::SimpleConnection;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
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
    // The committee: the evaluators and the chair already there (the demo's accounts) count; the
    // last seeded people complete it, the last of them chairing when nobody does.
    let mut evaluators = holders(conn, Role::Evaluator)?;
    let chair_before = holders(conn, Role::Chair)?.first().copied();
    let extra = (COMMITTEE.saturating_sub(evaluators.len()) as u64).min(args.users);
    let seeded_evaluators: Vec<i64> = (args.users - extra + 1..=args.users).map(|n| user0 + n as i64).collect();
    evaluators.extend(&seeded_evaluators);
    let chair = chair_before.or(evaluators.last().copied());
    let new_chair = chair.filter(|_| chair_before.is_none());
    let roles = args.users + extra + u64::from(new_chair.is_some());
    let mut w = Writer::new(conn, "INSERT INTO user_roles (user_id, role, granted_at)", roles, "roles");
    for n in 1..=args.users {
        w.row(format!("({}, 'citizen', {})", user0 + n as i64, ts(now)))?;
    }
    for id in &seeded_evaluators {
        w.row(format!("({id}, 'evaluator', {})", ts(now)))?;
    }
    if let Some(id) = new_chair {
        w.row(format!("({id}, 'chair', {})", ts(now)))?;
    }
    w.finish()?;
    app::evaluation::service::install_default_rubric(conn).map_err(|e| e.to_string())?;
    let rubric = app::evaluation::service::rubrics(conn)
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("no evaluation rubric")?;
    let committee = Committee {
        evaluators: if chair.is_some() { evaluators } else { Vec::new() },
        chair: chair.unwrap_or_default(),
        quorum: app::settings::get_i64(conn, app::evaluation::service::QUORUM).map_err(|e| e.to_string())?,
        scale_max: rubric.scale_max,
        criteria: rubric.criteria.iter().map(|c| (c.id, c.key.clone())).collect(),
        rubric: rubric.id,
    };
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
    // The review board draws from its own numbers, so the rest of the city stays as it was.
    let mut board_rng = StdRng::seed_from_u64(args.seed ^ 0x00b0_a4d5);
    let mut journeys: Vec<Option<Journey>> = Vec::with_capacity(subs);
    // So do the Solution Centre's answers to service requests.
    let mut service_rng = StdRng::seed_from_u64(args.seed ^ 0x0153_0153);
    let calendar = app::domain::working_time::Calendar::turkey_2026_2027().map_err(|e| e.to_string())?;
    let mut stories: Vec<Vec<Step>> = Vec::with_capacity(subs);
    let mut last_round = scalar(conn, "SELECT coalesce(max(id), 0) AS n FROM evaluation_rounds")?;
    let mut w = Writer::new(conn, head, args.submissions, "submissions");
    let mut counters: std::collections::BTreeMap<i32, i64> = Default::default();
    let mut created_at = Vec::with_capacity(subs);
    for i in 0..subs {
        let at = now - three_years + (i as i64 * three_years / subs.max(1) as i64) + rng.gen_range(0..600);
        created_at.push(at);
        let year = time::OffsetDateTime::from_unix_timestamp(at).map(|t| t.year()).unwrap_or(2026);
        let number = counters.entry(year).and_modify(|n| *n += 1).or_insert(1);
        let kind = kinds[i];
        // A proposal too young for the committee's steps of its status is where its age allows.
        statuses[i] = reachable(statuses[i], (now - at) / DAY);
        // Most service requests over a month old have had their answer.
        let service = kind.track() == app::domain::submissions::Track::ServiceRequest;
        if service && statuses[i].is_open() && (now - at) / DAY > 30 && service_rng.gen_bool(0.9) {
            statuses[i] = Status::Resolved;
        }
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
        // Six in ten carry a point: near their neighbourhood's when it is known; otherwise (the
        // reference data has no coordinates yet) in the town for an urban one, anywhere in the
        // district for a rural one.
        let located = rng.gen_bool(0.6);
        let (la, lo, spread) = match (hood.lat, hood.lon) {
            (Some(la), Some(lo)) => (la, lo, 0.004),
            _ if hood.kind == "urban" => (40.0781, 29.5133, 0.02),
            _ => {
                let b = app::domain::submissions::DISTRICT_BOX;
                ((b.south + b.north) / 2.0, (b.west + b.east) / 2.0, (b.north - b.south) / 2.2)
            }
        };
        let (dlat, dlon) = (rng.gen_range(-spread..spread), rng.gen_range(-spread..spread));
        let (lat, lon) = if located {
            (format!("{:.6}", la + dlat), format!("{:.6}", lo + dlon))
        } else {
            ("NULL".into(), "NULL".into())
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
        let mut updated = (at + rng.gen_range(0..86_400 * 60)).min(now);
        let mut journey = if kind.track() == app::domain::submissions::Track::Participation {
            committee.journey(&mut board_rng, last_round + 1, status, (at, now), directorate_id)
        } else {
            None
        };
        if let Some(j) = &mut journey {
            j.settle();
            last_round += i64::from(j.round.is_some());
            updated = j.events.last().map_or(updated, |e| e.at);
        }
        let story = if service {
            service_story(&mut service_rng, &calendar, (at, now), status, directorate_id)
        } else {
            Vec::new()
        };
        if let Some(last) = story.last() {
            updated = last.at;
        }
        journeys.push(journey);
        stories.push(story);
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
            ts(updated),
        ))?;
    }
    w.finish()?;
    for (year, last) in &counters {
        let sql = format!("INSERT INTO reference_counters (year, last_number) VALUES ({year}, {last})");
        conn.batch_execute(&sql).map_err(|e| e.to_string())?;
    }
    let sub_id = |i: usize| sub0 + 1 + i as i64;

    // Events: each submission's creation, then the story of a proposal that reached the
    // committee, or else its current status when it has moved on.
    let events = subs
        + (0..subs)
            .map(|i| {
                journeys[i].as_ref().map_or_else(
                    || {
                        if stories[i].is_empty() {
                            usize::from(statuses[i] != kinds[i].initial_status())
                        } else {
                            stories[i].len()
                        }
                    },
                    |j| j.events.len(),
                )
            })
            .sum::<usize>();
    let mut w = Writer::new(
        conn,
        "INSERT INTO submission_events (submission_id, at, kind, from_status, to_status, actor_id, actor_role, \
         actor_directorate_id, public_note, internal_note)",
        events as u64,
        "events",
    );
    for i in 0..subs {
        let first = kinds[i].initial_status();
        w.row(format!(
            "({}, {}, 'created', NULL, {}, NULL, 'citizen', NULL, '', '')",
            sub_id(i),
            ts(created_at[i]),
            lit(first.as_str())
        ))?;
        if let Some(j) = &journeys[i] {
            for e in &j.events {
                w.row(format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {}, '')",
                    sub_id(i),
                    ts(e.at),
                    lit(e.kind.as_str()),
                    lit(e.from.as_str()),
                    lit(e.to.as_str()),
                    or_null(e.actor),
                    lit(e.role),
                    or_null(e.directorate),
                    lit(e.note)
                ))?;
            }
        } else if !stories[i].is_empty() {
            for step in &stories[i] {
                let kind = if step.from == Status::Received { EventKind::Assigned } else { EventKind::StatusChanged };
                w.row(format!(
                    "({}, {}, {}, {}, {}, NULL, 'staff', {}, '', '')",
                    sub_id(i),
                    ts(step.at),
                    lit(kind.as_str()),
                    lit(step.from.as_str()),
                    lit(step.to.as_str()),
                    step.directorate
                ))?;
            }
        } else if statuses[i] != first {
            w.row(format!(
                "({}, {}, 'status_changed', {}, {}, NULL, 'staff', NULL, '', '')",
                sub_id(i),
                ts((created_at[i] + 86_400 * 14).min(now)),
                lit(first.as_str()),
                lit(statuses[i].as_str())
            ))?;
        }
    }
    w.finish()?;
    let board = write_board(conn, &committee, &journeys, sub0 + 1, &mut board_rng)?;

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
    // The service requests' due times, first responses and resolutions, as the platform gives
    // them (the seed writes rows, not through the services).
    app::db::run_tx(conn, app::response_times::service::backfill).map_err(|e| e.to_string())?;
    write_visits(conn, reference, now, user0 + 1)?;
    if args.users >= 10 {
        write_moderation(conn, user0 + 1, user0 + args.users as i64)?;
    }
    if backend == Backend::Postgres {
        // Explicit ids were given: move the identities past them, then refresh the planner's statistics.
        for table in ["comments", "evaluation_rounds"] {
            conn.batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), m) FROM (SELECT max(id) AS m FROM {table}) t \
                 WHERE m IS NOT NULL"
            ))
            .map_err(|e| e.to_string())?;
        }
        // Its own statement: VACUUM cannot run in a transaction. It also sets the visibility map,
        // so listings can page through index-only scans right away.
        conn.batch_execute("VACUUM ANALYZE").map_err(|e| e.to_string())?;
    } else {
        // The planner keeps the per-index averages (sqlite_stat1) but not the value samples
        // (sqlite_stat4): with samples, SQLite prepares a statement again each time a new value
        // is bound to a column they cover, so diesel's prepared statements were parsed and planned
        // anew on nearly every read (a tenth to a third of a submission page's work).
        conn.batch_execute(
            "ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema; PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .map_err(|e| e.to_string())?;
    }
    eprintln!(
        "Seeded {} users, {} submissions, {} supports, {} comments, {} evaluation rounds ({} open) with {} scores, \
         {} decisions and {} implementations with {} milestones in {:.1} s. Every seeded person signs in as \
         kisiN@seed.fikir.example (N = 1…{}) with the password \"{SEED_PASSWORD}\"{}.",
        args.users,
        args.submissions,
        args.supports,
        args.comments,
        board.rounds,
        board.open_rounds,
        board.scores,
        board.decisions,
        board.implementations,
        board.milestones,
        started.elapsed().as_secs_f64(),
        args.users,
        match (seeded_evaluators.first(), new_chair) {
            (Some(first), _) => format!(
                "; kisi{}…kisi{} sit on the evaluation committee{}",
                first - user0,
                args.users,
                if new_chair.is_some() { format!(", kisi{} chairs it", args.users) } else { String::new() }
            ),
            _ => String::new(),
        }
    );
    Ok(())
}

/// The field visits of the requests staff recorded at a VİM stop or a neighbourhood meeting (one
/// visit per channel, neighbourhood and day, holding that day's requests), and a few VİM stops
/// planned for the coming weeks.
fn write_visits(conn: &mut DbConn, reference: &Places, now: i64, by: i64) -> Result<(), String> {
    use app::db::schema::{field_visits, submissions};
    use diesel::prelude::*;
    let err = |e: diesel::result::Error| e.to_string();
    let rows: Vec<(i64, String, i64, time::PrimitiveDateTime)> = submissions::table
        .filter(submissions::channel.eq_any([Channel::Vim.as_str(), Channel::NeighbourhoodMeeting.as_str()]))
        .select((submissions::id, submissions::channel, submissions::neighbourhood_id, submissions::created_at))
        .load(conn)
        .map_err(err)?;
    let mut groups: std::collections::BTreeMap<(String, i64, String), Vec<i64>> = Default::default();
    for (id, channel, hood, at) in rows {
        let date = app::domain::working_time::date_text(app::domain::working_time::to_istanbul(at).date());
        groups.entry((date, hood, channel)).or_default().push(id);
    }
    let today = time::OffsetDateTime::from_unix_timestamp(now + 3 * 3_600).map_err(|e| e.to_string())?.date();
    let planned = (0..6_i64).filter_map(|k| {
        let hood = reference.neighbourhoods.get((k as usize * 7) % reference.neighbourhoods.len().max(1))?;
        let date = app::domain::working_time::date_text(today + time::Duration::days(3 + k * 4));
        Some(((date, hood.id, Channel::Vim.as_str().to_owned()), Vec::new()))
    });
    let name = |id: i64| reference.neighbourhoods.iter().find(|n| n.id == id).map_or("", |n| n.name.as_str());
    let at = time::OffsetDateTime::from_unix_timestamp(now).map_err(|e| e.to_string())?;
    let at = time::PrimitiveDateTime::new(at.date(), at.time());
    for ((date, hood, channel), ids) in groups.into_iter().chain(planned) {
        let (place, notes) = if channel == Channel::Vim.as_str() {
            (format!("{} Mahallesi meydanı", name(hood)), "VİM mobil birimi mahallede başvuru alıyor.")
        } else {
            (format!("{} Mahallesi muhtarlığı", name(hood)), "Mahalle sakinleriyle belediye ekiplerinin toplantısı.")
        };
        let visit: i64 = diesel::insert_into(field_visits::table)
            .values((
                field_visits::kind.eq(&channel),
                field_visits::neighbourhood_id.eq(hood),
                field_visits::date.eq(&date),
                field_visits::place.eq(&place),
                field_visits::notes.eq(notes),
                field_visits::created_by.eq(by),
                field_visits::created_at.eq(at),
            ))
            .returning(field_visits::id)
            .get_result(conn)
            .map_err(err)?;
        diesel::update(submissions::table.filter(submissions::id.eq_any(&ids)))
            .set(submissions::visit_id.eq(visit))
            .execute(conn)
            .map_err(err)?;
    }
    Ok(())
}

/// A moderators' day, through the platform's own services: comments that three people flagged
/// (one hidden until a moderator looks, one a moderator restored, one hid with a reason), open
/// flags on a submission, a comment and an idea the word list held, a person blocked for two
/// weeks and a duplicate merged into its original. `first..=last` are the seeded people; the
/// first acts as the moderator.
fn write_moderation(conn: &mut DbConn, first: i64, last: i64) -> Result<(), String> {
    use app::auth::Actor;
    use app::db::schema::{comments, submissions};
    use app::domain::submissions::FlagTarget;
    use app::moderation::service as moderation;
    use app::moderation::{BlockInput, FlagInput, ModerationInput};
    use diesel::prelude::*;
    let moderator = Actor::user(first, vec![Role::Citizen, Role::Staff]);
    let citizen = |id: i64| Actor::user(id, vec![Role::Citizen]);
    app::db::run_tx(conn, |c| {
        // Citizens' comments on open ideas, newest first.
        let picked: Vec<(i64, i64, i64)> = comments::table
            .inner_join(submissions::table)
            .filter(comments::official.eq(false).and(comments::author_id.ne(first)))
            .filter(submissions::status.eq(Status::Published.as_str()))
            .order(comments::id.desc())
            .limit(4)
            .select((comments::id, comments::submission_id, comments::author_id))
            .load(c)?;
        let others = |author: i64| (first + 1..=last).filter(move |u| *u != author).take(3);
        let reasons = ["abuse", "personal_data", "spam"];
        for (n, (comment, _, author)) in picked.iter().copied().enumerate().take(3) {
            for (k, u) in others(author).enumerate() {
                let input = FlagInput { reason: reasons[(n + k) % 3].into(), detail: String::new() };
                moderation::flag(c, &citizen(u), FlagTarget::Comment, comment, &input)?;
            }
            let decision = match n {
                1 => Some(("restore", "Eleştiri, hakaret değil; yorum yeniden yayında.")),
                2 => Some(("hide", "Bir kişinin telefon numarasını içeriyordu (KVKK).")),
                _ => None,
            };
            if let Some((action, reason)) = decision {
                let input = ModerationInput { action: action.into(), reason: reason.into() };
                moderation::moderate(c, &moderator, FlagTarget::Comment, comment, &input)?;
            }
        }
        // Open flags below the threshold on a submission.
        if let Some((_, submission, author)) = picked.get(3).copied() {
            for u in others(author).take(2) {
                let input = FlagInput { reason: "misleading".into(), detail: "Fotoğraf başka bir yerden.".into() };
                moderation::flag(c, &citizen(u), FlagTarget::Submission, submission, &input)?;
            }
        }
        // Texts the word list held, as they arrive: the seed's counts stay as asked, so the newest
        // citizen's comment and complaint are reworded instead of new ones written.
        let comment: Option<(i64, i64)> = comments::table
            .filter(comments::official.eq(false).and(comments::moderation.is_null()).and(comments::parent_id.is_null()))
            .filter(comments::id.ne_all(picked.iter().map(|p| p.0).collect::<Vec<_>>()))
            .order(comments::id.desc())
            .select((comments::id, comments::submission_id))
            .first(c)
            .optional()?;
        if let Some((comment, submission)) = comment {
            let body = "Bu işi bu kadar geciktiren salaklar utansın.";
            diesel::update(comments::table.find(comment))
                .set((
                    comments::body.eq(body),
                    comments::body_html.eq(app::markdown::render(body)),
                    comments::moderation.eq(Some("pending")),
                ))
                .execute(c)?;
            diesel::update(submissions::table.find(submission))
                .set(submissions::comment_count.eq(submissions::comment_count - 1))
                .execute(c)?;
            moderation::hold(c, FlagTarget::Comment, comment, "salak")?;
        }
        let complaint: Option<i64> = submissions::table
            .filter(submissions::kind.eq(Kind::Complaint.as_str()).and(submissions::author_id.is_not_null()))
            .filter(submissions::moderation.is_null())
            .order(submissions::id.desc())
            .select(submissions::id)
            .first(c)
            .optional()?;
        if let Some(id) = complaint {
            let body = "Üç gündür çöpleri kimse toplamıyor, bu işe bakan şerefsizler utansın.";
            diesel::update(submissions::table.find(id))
                .set((
                    submissions::body.eq(body),
                    submissions::body_html.eq(app::markdown::render(body)),
                    submissions::summary.eq(body),
                    submissions::search_body.eq(search_text(body)),
                    submissions::moderation.eq(Some("pending")),
                ))
                .execute(c)?;
            moderation::hold(c, FlagTarget::Submission, id, "şerefsiz")?;
        }
        let block = BlockInput {
            reason: "Aynı reklam metnini onlarca başvuruya yorum olarak yazdı.".into(),
            until: app::domain::working_time::date_text(
                app::domain::working_time::to_istanbul(app::db::time::now()).date() + time::Duration::days(14),
            ),
        };
        moderation::block(c, &moderator, last - 2, &block)?;
        // A neighbour asked again for what an open idea asks: staff merge the second into the
        // first (the second's supporters are invited to support the first).
        let ideas: Vec<(i64, String)> = submissions::table
            .filter(submissions::kind.eq(Kind::Idea.as_str()).and(submissions::status.eq(Status::Published.as_str())))
            .filter(submissions::moderation.is_null())
            .order(submissions::id.desc())
            .limit(2)
            .select((submissions::id, submissions::title))
            .load(c)?;
        if let [(duplicate, _), (original, title)] = ideas.as_slice() {
            let title = format!("Ben de istiyorum: {title}");
            diesel::update(submissions::table.find(duplicate))
                .set((submissions::title.eq(&title), submissions::search_title.eq(search_text(&title))))
                .execute(c)?;
            moderation::merge(c, &moderator, *duplicate, *original)?;
        }
        Ok(())
    })
    .map_err(|e| format!("moderation cases: {e}"))
}

/// One public step of a service request, by the staff of its directorate.
struct Step {
    at: i64,
    from: Status,
    to: Status,
    directorate: i64,
}

/// A service request's steps from receipt to `status`, as the Solution Centre takes them, in the
/// municipality's working time (weekdays 08:00–17:00 and the holiday calendar: a call at night is
/// taken by the 24/7 line and routed by the directorate in the morning): routed within a few
/// working hours mostly (one in ten waits days), work started within three working days, a
/// result within nine working days mostly (one in five takes up to five weeks); never past now.
fn service_story(
    rng: &mut StdRng,
    calendar: &app::domain::working_time::Calendar,
    (created, now): (i64, i64),
    status: Status,
    directorate: i64,
) -> Vec<Step> {
    use Status::*;
    let path: &[Status] = match status {
        Routed => &[Routed],
        InProgress => &[Routed, InProgress],
        Resolved => &[Routed, InProgress, Resolved],
        NotOurJurisdiction => &[Routed, NotOurJurisdiction],
        Closed => &[Routed, Closed],
        _ => &[],
    };
    let day = calendar.hours.full_day().as_seconds_f64() / 3_600.0;
    let (mut at, mut from) = (created, Received);
    let mut steps = Vec::with_capacity(path.len());
    for (i, &to) in path.iter().enumerate() {
        let working_hours: f64 = match (i, rng.gen_range(0..100)) {
            (0, 0..75) => rng.gen_range(0.25..3.5),
            (0, 75..90) => rng.gen_range(3.5..8.0),
            (0, _) => rng.gen_range(8.0..30.0),
            (1, _) => rng.gen_range(1.0..3.0 * day),
            (_, 0..80) => rng.gen_range(0.5 * day..9.0 * day),
            _ => rng.gen_range(9.0 * day..25.0 * day),
        };
        at = after_working(calendar, at, working_hours).min(now);
        steps.push(Step { at, from, to, directorate });
        from = to;
    }
    steps
}

/// `hours` of working time after the instant `at` (Unix seconds).
fn after_working(calendar: &app::domain::working_time::Calendar, at: i64, hours: f64) -> i64 {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(at) else { return at };
    let utc = time::PrimitiveDateTime::new(t.date(), t.time());
    calendar.add_working(utc, time::Duration::seconds_f64(hours * 3_600.0)).assume_utc().unix_timestamp()
}

/// How far along the committee's path a proposal of `age_days` can be: `status`, or the last
/// step before it that such a young proposal can have reached (evaluation takes a month, the
/// work months).
fn reachable(status: Status, age_days: i64) -> Status {
    use Status::*;
    let (needs, before) = match status {
        UnderEvaluation => (10, Published),
        Feasible | NotFeasible | Rejected | Approved => (30, UnderEvaluation),
        Scheduled => (60, Approved),
        InImplementation => (90, Scheduled),
        Completed => (150, InImplementation),
        _ => return status,
    };
    if age_days >= needs {
        status
    } else {
        reachable(before, age_days)
    }
}

/// Evaluators the seeded committee has, the ones already there (the demo's accounts) included.
const COMMITTEE: usize = 7;

/// Justifications of a score, by criterion key: for a low, a middling and a high score.
const JUSTIFICATIONS: &[(&str, [&str; 3])] = &[
    (
        "public_benefit",
        [
            "Faydası dar bir çevreyle sınırlı kalıyor.",
            "Mahallenin bir kısmına fayda sağlar.",
            "Mahalle sakinlerinin büyük bölümüne doğrudan fayda sağlar.",
        ],
    ),
    (
        "technical_feasibility",
        [
            "Mevcut altyapıyla yapılması zor, ayrıntılı etüt gerekir.",
            "Yapılabilir, ancak yer seçimi yeniden değerlendirilmeli.",
            "Belediyenin kendi ekip ve ekipmanıyla yapılabilir.",
        ],
    ),
    (
        "cost_effectiveness",
        [
            "Maliyeti sağlayacağı faydaya göre yüksek.",
            "Maliyet kabul edilebilir, keşif özeti netleştirilmeli.",
            "Düşük maliyetle kalıcı bir iyileşme sağlar.",
        ],
    ),
    (
        "urgency",
        [
            "Acil bir ihtiyaç olarak görülmedi.",
            "Gelecek yılın programında ele alınabilir.",
            "Can güvenliğini ilgilendiriyor, öncelikle ele alınmalı.",
        ],
    ),
    (
        "strategic_fit",
        [
            "Stratejik planın öncelikleri arasında yer almıyor.",
            "Stratejik planla kısmen örtüşüyor.",
            "Stratejik plandaki hedeflerle doğrudan örtüşüyor.",
        ],
    ),
];
/// For a criterion an administrator added.
const JUSTIFICATION_OTHER: [&str; 3] = [
    "Gerekçesi zayıf, ek bilgi gerekli.",
    "Dengeli bir öneri, bazı eksikleri var.",
    "Güçlü ve iyi hazırlanmış bir öneri.",
];
const RECUSALS: &[&str] = &[
    "Öneri sahibiyle akrabalık bağım var.",
    "Önerinin yapılacağı sokakta oturuyorum.",
    "İşi üstlenebilecek firmayla ticari ilişkim var.",
    "Bu öneriyi daha önce mahalle toplantısında açıkça destekledim.",
];
/// The public reasons of the committee's decisions, by the status they lead to.
const REASONS: &[(Status, &[&str])] = &[
    (
        Status::Feasible,
        &[
            "Kurul öneriyi teknik ve mali açıdan uygulanabilir buldu; bütçe imkânları değerlendirilecek.",
            "Öneri uygulanabilir bulundu; ilgili müdürlükten keşif özeti istendi.",
        ],
    ),
    (
        Status::NotFeasible,
        &[
            "Alan imar planında başka bir kullanıma ayrıldığı için öneri uygulanabilir bulunmadı.",
            "Mevcut altyapı öneriyi taşımıyor; maliyeti sağlayacağı faydanın çok üzerinde.",
            "Bölgede benzer bir hizmet zaten verildiği için öneri uygulanabilir bulunmadı.",
        ],
    ),
    (
        Status::Approved,
        &[
            "Kurul öneriyi onayladı; iş ilgili müdürlüğün programına alındı.",
            "Yüksek kamu yararı nedeniyle onaylandı; çalışma bu yıl içinde başlayacak.",
            "Onaylandı: maliyeti makul, mahalleden güçlü destek aldı.",
        ],
    ),
    (
        Status::Rejected,
        &[
            "Konu belediyenin yetki alanı dışında kaldığı için öneri reddedildi; ilgili kuruma iletildi.",
            "Kurul, önerinin bu dönemin bütçesine ve önceliklerine uymadığına karar verdi.",
        ],
    ),
];
/// The steps of a piece of municipal work, in order; a proposal's milestones are some of them.
const MILESTONES: &[&str] = &[
    "Yerinde keşif ve ihtiyaç tespiti",
    "Proje çizimi ve maliyet hesabı",
    "İhale ve sözleşme",
    "Malzeme temini",
    "Saha çalışmaları",
    "Kontrol ve kabul",
    "Vatandaşa duyuru ve açılış",
];
/// Notes of a milestone done early, about on time, and late.
const MILESTONE_NOTES: [&[&str]; 3] = [
    &["Planlanandan birkaç gün önce tamamlandı."],
    &[
        "Planlanan tarihte bitirildi.",
        "Muhtarlıkla birlikte yerinde incelendi.",
        "Çalışma tamamlandı, saha kontrolü yapıldı.",
    ],
    &[
        "Hava koşulları nedeniyle birkaç gün gecikmeyle tamamlandı.",
        "Malzeme teslimatındaki gecikme yüzünden birkaç gün geç bitti.",
    ],
];
const DAY: i64 = 86_400;

/// Who evaluates: the committee's members and chair, the rubric of the day and the quorum.
struct Committee {
    evaluators: Vec<i64>,
    chair: i64,
    quorum: i64,
    scale_max: i32,
    /// (id, key) of each criterion of the current rubric.
    criteria: Vec<(i64, String)>,
    rubric: i64,
}

/// A proposal's way through the committee and its implementation, decided before any row is
/// written, so that the round, the decisions, the milestones and the timeline agree.
#[derive(Default)]
struct Journey {
    round: Option<Round>,
    decisions: Vec<Decision>,
    work: Option<Work>,
    /// The timeline after the proposal's creation, oldest first.
    events: Vec<Ev>,
}

impl Journey {
    /// Keeps the timeline in order: an event is never earlier than the one before it (a young
    /// proposal's steps may fall on the same moment).
    fn settle(&mut self) {
        let mut last = i64::MIN;
        for e in &mut self.events {
            e.at = e.at.max(last);
            last = e.at;
        }
    }
}

struct Round {
    id: i64,
    opened: i64,
    closed: Option<i64>,
    quorum: i64,
    /// How good the committee finds the proposal, 0–1: where its scores lie.
    quality: f64,
    members: Vec<Member>,
}

struct Member {
    user: i64,
    submitted: Option<i64>,
    recused: Option<(i64, &'static str)>,
}

struct Decision {
    round: i64,
    outcome: Status,
    reason: &'static str,
    /// (cost in kuruş, days)
    estimate: Option<(i64, i64)>,
    at: i64,
}

struct Work {
    progress: i32,
    budget: i64,
    directorate: i64,
    updated: i64,
    milestones: Vec<Milestone>,
}

struct Milestone {
    title: &'static str,
    planned: i64,
    done: Option<i64>,
    note: &'static str,
    created: i64,
}

struct Ev {
    at: i64,
    kind: EventKind,
    from: Status,
    to: Status,
    actor: Option<i64>,
    role: &'static str,
    directorate: Option<i64>,
    note: &'static str,
}

/// Steps a proposal's story forward from its creation: nominal days, shortened for a proposal
/// too young to have lived them all, never past now.
struct Clock {
    at: i64,
    now: i64,
    factor: f64,
}

impl Clock {
    /// A story of `nominal_days` (each step drawn up to 1.3 times its length) told in at most
    /// 90 % of the time since `created`.
    fn new(created: i64, now: i64, nominal_days: f64) -> Clock {
        let room = (now - created).max(0) as f64 * 0.9;
        Clock { at: created, now, factor: (room / (nominal_days * 1.3 * DAY as f64)).min(1.0) }
    }

    fn span(&self, days: f64) -> i64 {
        (days * DAY as f64 * self.factor) as i64
    }

    /// About `days` later (0.7–1.3 of it).
    fn after(&mut self, rng: &mut StdRng, days: f64) -> i64 {
        self.at += self.span(days * rng.gen_range(0.7..1.3));
        self.at.min(self.now)
    }
}

/// A day in İnegöl (UTC+3) as milestones store it: `YYYY-MM-DD`.
fn day(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix + 3 * 3_600).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("'{:04}-{:02}-{:02}'", t.year(), u8::from(t.month()), t.day())
}

fn or_null<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

fn reason(rng: &mut StdRng, outcome: Status) -> &'static str {
    REASONS.iter().find(|r| r.0 == outcome).map_or("", |r| *pick(rng, r.1))
}

impl Ev {
    fn new(at: i64, kind: EventKind, (from, to): (Status, Status), (actor, role): (Option<i64>, &'static str)) -> Ev {
        Ev { at, kind, from, to, actor, role, directorate: None, note: "" }
    }

    /// A move staff make for the responsible directorate.
    fn staff(at: i64, kind: EventKind, statuses: (Status, Status), directorate: i64, note: &'static str) -> Ev {
        Ev { directorate: Some(directorate), note, ..Ev::new(at, kind, statuses, (None, "staff")) }
    }
}

impl Committee {
    /// The round's members (3–5 of the committee), who scored when, and now and then one who
    /// stepped aside. Members of a closed round have all scored but perhaps one, and the quorum
    /// always; in an open one about half have.
    fn members(&self, rng: &mut StdRng, opened: i64, until: i64, closed: bool) -> (Vec<Member>, i64) {
        let size = rng.gen_range(3..=5).min(self.evaluators.len());
        let mut chosen: Vec<i64> = self.evaluators.choose_multiple(rng, size).copied().collect();
        chosen.sort_unstable();
        let quorum = self.quorum.min(size as i64);
        let recusing = (size as i64 > quorum && rng.gen_bool(0.15)).then(|| rng.gen_range(0..size));
        let mut late = (closed && size as i64 - i64::from(recusing.is_some()) > quorum && rng.gen_bool(0.1))
            .then(|| rng.gen_range(0..size));
        if late == recusing {
            late = None;
        }
        let mut scored = 0;
        let members = chosen
            .into_iter()
            .enumerate()
            .map(|(k, user)| {
                let when = opened + rng.gen_range(0..=(until - opened).max(0));
                if recusing == Some(k) {
                    let at = opened + (when - opened) / 3;
                    return Member { user, submitted: None, recused: Some((at, *pick(rng, RECUSALS))) };
                }
                let submitted = (late != Some(k) && (closed || rng.gen_bool(0.5))).then_some(when);
                scored += i64::from(submitted.is_some());
                Member { user, submitted, recused: None }
            })
            .collect();
        (members, if closed { quorum.min(scored) } else { quorum })
    }

    /// The story of a proposal in `status` that has reached the committee; `None` for any other.
    fn journey(
        &self,
        rng: &mut StdRng,
        round_id: i64,
        status: Status,
        (created, now): (i64, i64),
        directorate: i64,
    ) -> Option<Journey> {
        use Status::*;
        let decided = match status {
            UnderEvaluation => None,
            Feasible | NotFeasible | Approved | Rejected => Some(status),
            Scheduled | InImplementation | Completed => Some(Approved),
            _ => return None,
        };
        if self.evaluators.is_empty() {
            return None;
        }
        let implemented = matches!(status, Scheduled | InImplementation | Completed);
        let via_feasible = decided == Some(Approved) && rng.gen_bool(0.4);
        let days = rng.gen_range(30..=300_i64);
        let share_done = match status {
            InImplementation => rng.gen_range(0.2..0.8),
            Completed => 1.0,
            _ => 0.0,
        };
        let nominal = 17.0
            + if decided.is_some() { 16.0 } else { 0.0 }
            + if via_feasible { 21.0 } else { 0.0 }
            + if implemented { 20.0 } else { 0.0 }
            + if share_done > 0.0 { 15.0 + days as f64 * share_done } else { 0.0 };
        let mut clock = Clock::new(created, now, nominal);
        let mut j = Journey::default();
        let chair = (Some(self.chair), "chair");
        let evaluation = clock.after(rng, 14.0);
        let moved = (Published, UnderEvaluation);
        j.events.push(Ev::staff(evaluation, EventKind::StatusChanged, moved, directorate, ""));
        // Some wait in the committee's queue for their round.
        if decided.is_none() && rng.gen_bool(0.4) {
            return Some(j);
        }
        let opened = match decided {
            Some(_) => clock.after(rng, 3.0),
            None => (now - rng.gen_range(3_600..12 * DAY)).clamp(evaluation, now),
        };
        let closed = decided.map(|_| clock.after(rng, 14.0));
        let quality = match decided {
            None => rng.gen_range(0.2..0.9),
            Some(Approved) => rng.gen_range(0.65..0.92),
            Some(Feasible) => rng.gen_range(0.5..0.75),
            Some(_) => rng.gen_range(0.1..0.45),
        };
        let (members, quorum) = self.members(rng, opened, closed.unwrap_or(now), closed.is_some());
        let still = (UnderEvaluation, UnderEvaluation);
        j.events.push(Ev::new(opened, EventKind::RoundOpened, still, chair));
        for m in &members {
            if let Some((at, _)) = m.recused {
                j.events.push(Ev::new(at, EventKind::Recused, still, (Some(m.user), "evaluator")));
            }
        }
        j.round = Some(Round { id: round_id, opened, closed, quorum, quality, members });
        let (Some(decided), Some(closed)) = (decided, closed) else { return Some(j) };
        j.events.push(Ev::new(closed, EventKind::RoundClosed, still, chair));
        let cost = rng.gen_range(50..=5_000_i64) * 1_000 * 100;
        let decide = |rng: &mut StdRng, j: &mut Journey, at: i64, from: Status, outcome: Status| {
            let reason = reason(rng, outcome);
            let estimate = (outcome == Approved).then_some((cost, days));
            j.decisions.push(Decision { round: round_id, outcome, reason, estimate, at });
            j.events.push(Ev { note: reason, ..Ev::new(at, EventKind::StatusChanged, (from, outcome), chair) });
        };
        let first = if via_feasible { Feasible } else { decided };
        let at = clock.after(rng, 2.0);
        decide(rng, &mut j, at, UnderEvaluation, first);
        if via_feasible {
            let at = clock.after(rng, 21.0);
            decide(rng, &mut j, at, Feasible, Approved);
        }
        if implemented {
            let scheduled = clock.after(rng, 20.0);
            j.events.push(Ev::staff(scheduled, EventKind::StatusChanged, (Approved, Scheduled), directorate, ""));
            j.work = Some(self.work(rng, &mut j.events, (status, scheduled), &mut clock, (cost, days), directorate));
        }
        Some(j)
    }

    /// The implementation of an approved proposal scheduled at `scheduled`: milestones spread
    /// over its estimated days, those done (all of them once completed), the progress and
    /// budget; and its events.
    fn work(
        &self,
        rng: &mut StdRng,
        events: &mut Vec<Ev>,
        (status, scheduled): (Status, i64),
        clock: &mut Clock,
        (cost, days): (i64, i64),
        directorate: i64,
    ) -> Work {
        use Status::*;
        let started = status != Scheduled;
        let (start, length) = if started {
            (clock.after(rng, 15.0), clock.span(days as f64))
        } else {
            (scheduled + 15 * DAY, days * DAY)
        };
        let n = rng.gen_range(3..=5);
        let mut steps: Vec<usize> =
            (0..MILESTONES.len()).collect::<Vec<_>>().choose_multiple(rng, n).copied().collect();
        steps.sort_unstable();
        let budget = (cost as f64 * rng.gen_range(0.85..1.15) / 10_000.0).round() as i64 * 10_000;
        let mut updated = scheduled;
        for (k, &s) in steps.iter().enumerate() {
            let at = scheduled + 60 * (k as i64 + 1);
            events.push(Ev::staff(
                at.min(clock.now),
                EventKind::MilestoneAdded,
                (Scheduled, Scheduled),
                directorate,
                MILESTONES[s],
            ));
        }
        updated = (updated + 60 * (n as i64 + 1)).min(clock.now);
        events.push(Ev::staff(updated, EventKind::ProgressUpdated, (Scheduled, Scheduled), directorate, ""));
        if started {
            events.push(Ev::staff(start, EventKind::StatusChanged, (Scheduled, InImplementation), directorate, ""));
        }
        let going = (InImplementation, InImplementation);
        let mut milestones = Vec::with_capacity(n);
        // Done one after the other, give or take a few days from the plan.
        let mut last_done = start;
        for (k, &s) in steps.iter().enumerate() {
            let planned = start + length * (k as i64 + 1) / n as i64;
            let done_at = (planned + rng.gen_range(-3 * DAY..=4 * DAY)).max(last_done).min(clock.now);
            let done = (status == Completed || (status == InImplementation && planned + 4 * DAY <= clock.now))
                .then_some(done_at);
            last_done = done.unwrap_or(last_done);
            let note = match done {
                Some(at) if rng.gen_bool(0.6) => {
                    *pick(rng, MILESTONE_NOTES[usize::from(at > planned - DAY) + usize::from(at > planned + DAY)])
                }
                _ => "",
            };
            if let Some(at) = done {
                events.push(Ev::staff(at, EventKind::MilestoneUpdated, going, directorate, MILESTONES[s]));
                events.push(Ev::staff((at + 60).min(clock.now), EventKind::ProgressUpdated, going, directorate, ""));
                updated = updated.max((at + 60).min(clock.now));
            }
            milestones.push(Milestone { title: MILESTONES[s], planned, done, note, created: scheduled });
        }
        let finished = milestones.iter().filter(|m| m.done.is_some()).count();
        let progress = match status {
            Completed => 100,
            InImplementation => ((finished * 100 / n) as i32 + rng.gen_range(0..10)).clamp(5, 95),
            _ => 0,
        };
        if status == Completed {
            let end = (milestones.iter().filter_map(|m| m.done).max().unwrap_or(start) + DAY).min(clock.now);
            events.push(Ev::staff(end, EventKind::StatusChanged, (InImplementation, Completed), directorate, ""));
        }
        Work { progress, budget, directorate, updated, milestones }
    }

    /// One member's score of one criterion, around the proposal's quality, with its reason.
    fn score(&self, rng: &mut StdRng, quality: f64, key: &str) -> (i32, &'static str) {
        let scale = f64::from(self.scale_max - 1);
        let raw = 1.0 + (quality + rng.gen_range(-0.2..0.2)) * scale;
        let score = (raw.round() as i32).clamp(1, self.scale_max);
        let level = (((score - 1) as f64 / scale.max(1.0)) * 2.999) as usize;
        let texts = JUSTIFICATIONS.iter().find(|j| j.0 == key).map_or(JUSTIFICATION_OTHER, |j| j.1);
        (score, texts[level.min(2)])
    }
}

/// How many rows of the review board were written.
#[derive(Default)]
struct BoardCounts {
    rounds: usize,
    open_rounds: usize,
    scores: usize,
    decisions: usize,
    implementations: usize,
    milestones: usize,
}

/// Writes the rounds with their members and score sheets, the decisions, the implementations
/// and their milestones of the journeys (`journeys[i]` is the submission `first_id + i`'s).
fn write_board(
    conn: &mut DbConn,
    committee: &Committee,
    journeys: &[Option<Journey>],
    first_id: i64,
    rng: &mut StdRng,
) -> Result<BoardCounts, String> {
    let all = || journeys.iter().enumerate().filter_map(|(i, j)| j.as_ref().map(|j| (first_id + i as i64, j)));
    let rounds = || all().filter_map(|(s, j)| j.round.as_ref().map(|r| (s, r)));
    let members = || rounds().flat_map(|(_, r)| r.members.iter().map(move |m| (r, m)));
    let criteria = committee.criteria.len();
    let n = BoardCounts {
        rounds: rounds().count(),
        open_rounds: rounds().filter(|(_, r)| r.closed.is_none()).count(),
        scores: members().filter(|(_, m)| m.submitted.is_some()).count() * criteria,
        decisions: all().map(|(_, j)| j.decisions.len()).sum(),
        implementations: all().filter(|(_, j)| j.work.is_some()).count(),
        milestones: all().filter_map(|(_, j)| j.work.as_ref()).map(|w| w.milestones.len()).sum(),
    };
    let chair = committee.chair;
    let head = "INSERT INTO evaluation_rounds (id, submission_id, rubric_id, opened_by, opened_at, deadline, quorum, \
        closed_at, closed_by)";
    let mut w = Writer::new(conn, head, n.rounds as u64, "rounds");
    for (s, r) in rounds() {
        let closed_by = r.closed.map(|_| chair);
        let deadline = ts(r.opened + app::evaluation::service::DEFAULT_ROUND_DAYS * DAY);
        let (id, rubric, opened, closed) = (r.id, committee.rubric, ts(r.opened), or_null(r.closed.map(ts)));
        w.row(format!("({id},{s},{rubric},{chair},{opened},{deadline},{},{closed},{})", r.quorum, or_null(closed_by)))?;
    }
    w.finish()?;
    let head = "INSERT INTO round_members (round_id, user_id, submitted_at, recused_at, recusal_reason)";
    let mut w = Writer::new(conn, head, members().count() as u64, "members");
    for (r, m) in members() {
        let (recused, reason) = m.recused.map_or(("NULL".to_owned(), ""), |(at, why)| (ts(at), why));
        w.row(format!("({},{},{},{recused},{})", r.id, m.user, or_null(m.submitted.map(ts)), lit(reason)))?;
    }
    w.finish()?;
    let head = "INSERT INTO round_scores (round_id, user_id, criterion_id, score, justification)";
    let mut w = Writer::new(conn, head, n.scores as u64, "scores");
    for (r, m) in members().filter(|(_, m)| m.submitted.is_some()) {
        for (criterion, key) in &committee.criteria {
            let (score, why) = committee.score(rng, r.quality, key);
            w.row(format!("({},{},{criterion},{score},{})", r.id, m.user, lit(why)))?;
        }
    }
    w.finish()?;
    let head = "INSERT INTO decisions (submission_id, round_id, outcome, public_reason, estimated_cost_kurus, \
        estimated_days, decided_by, decided_at)";
    let mut w = Writer::new(conn, head, n.decisions as u64, "decisions");
    for (s, d) in all().flat_map(|(s, j)| j.decisions.iter().map(move |d| (s, d))) {
        let (cost, days) = (or_null(d.estimate.map(|e| e.0)), or_null(d.estimate.map(|e| e.1)));
        let (outcome, reason) = (lit(d.outcome.as_str()), lit(d.reason));
        w.row(format!("({s},{},{outcome},{reason},{cost},{days},{chair},{})", d.round, ts(d.at)))?;
    }
    w.finish()?;
    let works = || all().filter_map(|(s, j)| j.work.as_ref().map(|w| (s, w)));
    let head =
        "INSERT INTO implementations (submission_id, progress_percent, budget_kurus, directorate_id, updated_at)";
    let mut w = Writer::new(conn, head, n.implementations as u64, "works");
    for (s, work) in works() {
        w.row(format!("({s},{},{},{},{})", work.progress, work.budget, work.directorate, ts(work.updated)))?;
    }
    w.finish()?;
    let head = "INSERT INTO milestones (submission_id, title, planned_on, done_on, note, created_at, updated_at)";
    let mut w = Writer::new(conn, head, n.milestones as u64, "milestones");
    for (s, m) in works().flat_map(|(s, work)| work.milestones.iter().map(move |m| (s, m))) {
        let (title, planned, done, note) = (lit(m.title), day(m.planned), or_null(m.done.map(day)), lit(m.note));
        w.row(format!("({s},{title},{planned},{done},{note},{},{})", ts(m.created), ts(m.done.unwrap_or(m.created))))?;
    }
    w.finish()?;
    Ok(n)
}

/// The people holding `role`, by id.
fn holders(conn: &mut DbConn, role: Role) -> Result<Vec<i64>, String> {
    use app::db::schema::user_roles;
    use diesel::prelude::*;
    user_roles::table
        .filter(user_roles::role.eq(role.as_str()))
        .order(user_roles::user_id)
        .select(user_roles::user_id)
        .load(conn)
        .map_err(|e| e.to_string())
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
    fn young_proposals_are_only_as_far_as_their_age_allows() {
        use Status::*;
        assert_eq!(reachable(Completed, 400), Completed);
        assert_eq!(reachable(Completed, 100), InImplementation, "not yet 150 days: still being built");
        assert_eq!(reachable(Completed, 70), Scheduled);
        assert_eq!(reachable(InImplementation, 45), Approved);
        assert_eq!(reachable(Rejected, 12), UnderEvaluation);
        assert_eq!(reachable(NotFeasible, 3), Published);
        assert_eq!(reachable(Resolved, 0), Resolved, "service requests are left as drawn");
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
