//! `fikir demo`: a platform to try out, never a real city's database. Demo accounts (one per
//! role, with a password printed once) and, on a database without submissions, a living city:
//! a few thousand submissions of every kind and status in İnegöl's real neighbourhoods from the
//! seed generator, with supports, comments, official answers and a few photos.
use super::seed::{self, SeedArgs};
use app::accounts::service;
use app::auth::Actor;
use app::db::{self, Pool};
use app::domain::accounts::NewAccount;
use app::domain::roles::Role;
use std::path::Path;

/// The size of the demo city: small enough to be made in seconds on first start.
pub const DEMO_CITY: SeedArgs =
    SeedArgs { submissions: 3_000, supports: 40_000, comments: 6_000, users: 2_000, seed: 2026 };
/// Submissions that get a generated photo.
const PHOTOS: usize = 8;

pub async fn run(pool: &Pool, media_dir: &Path) -> Result<(), String> {
    accounts(pool).await?;
    let empty = db::read(pool, |c| {
        use app::db::schema::submissions;
        use diesel::prelude::*;
        Ok(submissions::table.count().get_result::<i64>(c)? == 0)
    })
    .await
    .map_err(|e| e.to_string())?;
    if !empty {
        return Ok(());
    }
    let started = std::time::Instant::now();
    seed::run(pool, DEMO_CITY).await?;
    photos(pool, media_dir).await?;
    println!(
        "  Demo city: {} submissions, {} supports, {} comments in {:.1} s",
        DEMO_CITY.submissions,
        DEMO_CITY.supports,
        DEMO_CITY.comments,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A generated picture of İnegöl's plain: sky, the Uludağ foothills, fields and a sun, in
/// colours that differ per picture.
fn landscape(n: usize) -> Vec<u8> {
    let (w, h) = (1200u32, 800u32);
    let hue = (n as f32) * 0.7;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let ridge = 0.45 + 0.08 * (fx * 6.0 + hue).sin() + 0.04 * (fx * 17.0 + hue * 2.0).sin();
        let field = 0.72 + 0.02 * (fx * 9.0 + hue).cos();
        let sun = ((fx - 0.75).powi(2) + (fy - 0.2).powi(2)).sqrt() < 0.06;
        let px = if sun {
            [250, 220, 120]
        } else if fy < ridge {
            [(120.0 + 80.0 * fy) as u8, (170.0 + 60.0 * fy) as u8, 235]
        } else if fy < field {
            [(60.0 + 30.0 * hue.sin().abs()) as u8, (110.0 + 40.0 * fx) as u8, 70]
        } else {
            let stripe = ((fx * 40.0 + fy * 10.0) as u32 % 2) as u8;
            [170 + 20 * stripe, 150 + 10 * stripe, (60.0 + 40.0 * hue.cos().abs()) as u8]
        };
        image::Rgb(px)
    });
    let mut out = std::io::Cursor::new(Vec::new());
    let _ = img.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

/// A photo on each of a few open submissions, through the same checks and store as an upload.
async fn photos(pool: &Pool, media_dir: &Path) -> Result<(), String> {
    let open: Vec<i64> = db::read(pool, |c| {
        use app::db::schema::submissions;
        use diesel::prelude::*;
        Ok(submissions::table
            .filter(submissions::status.eq_any(["published", "received", "in_progress", "under_evaluation"]))
            .order(submissions::id.desc())
            .select(submissions::id)
            .limit(PHOTOS as i64)
            .load(c)?)
    })
    .await
    .map_err(|e| e.to_string())?;
    let store = crate::media::MediaStore::new(media_dir.to_owned());
    let admin = db::read(pool, |c| Ok(app::accounts::model::by_email(c, "yonetici@fikir.example")?.map(|u| u.id)))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no demo administrator")?;
    for (n, id) in open.into_iter().enumerate() {
        let uploads =
            vec![crate::media::Upload { field: app::domain::submissions::MediaKind::Photo, bytes: landscape(n) }];
        let actor = Actor::user(admin, vec![Role::Staff, Role::Admin]);
        crate::media::attach(&store, uploads, |rows| async move {
            db::tx(pool, move |c| app::submissions::service::add_media(c, &actor, id, &rows)).await.map(|m| (m, true))
        })
        .await
        .map_err(|e| format!("demo photo: {e}"))?;
    }
    Ok(())
}

/// Demo accounts for trying the platform. The password is random and printed once.
async fn accounts(pool: &Pool) -> Result<(), String> {
    use rand::Rng;
    const ACCOUNTS: &[(&str, &str, &[Role])] = &[
        ("yonetici@fikir.example", "Demo Yönetici", &[Role::Citizen, Role::Admin]),
        ("personel@fikir.example", "Demo Personel (Çözüm Merkezi)", &[Role::Citizen, Role::Staff]),
        // Three evaluators with the chair: a round can reach the default quorum of three.
        ("kurul@fikir.example", "Demo Kurul Üyesi", &[Role::Citizen, Role::Evaluator]),
        ("kurul2@fikir.example", "Demo Kurul Üyesi 2", &[Role::Citizen, Role::Evaluator]),
        ("baskan@fikir.example", "Demo Kurul Başkanı", &[Role::Citizen, Role::Evaluator, Role::Chair]),
        ("vatandas@fikir.example", "Ayşe Demir", &[Role::Citizen]),
    ];
    let exists = db::tx(pool, |c| Ok(app::accounts::model::by_email(c, ACCOUNTS[0].0)?.is_some()))
        .await
        .map_err(|e| e.to_string())?;
    if exists {
        println!("Demo accounts already exist (their password was printed when they were created).");
        println!("To set a new one: fikir create-admin --email {} --password '…'", ACCOUNTS[0].0);
        return Ok(());
    }
    let password: String = {
        const WORDS: &[&str] =
            &["kestane", "inegol", "kofte", "mobilya", "cinar", "ulu", "dag", "ova", "kaplica", "pazar"];
        let mut rng = rand::thread_rng();
        let words: Vec<&str> = (0..3).map(|_| WORDS[rng.gen_range(0..WORDS.len())]).collect();
        format!("{}-{}", words.join("-"), rng.gen_range(1000..9999))
    };
    let hash = app::auth::password::hash_password_async(password.clone()).await.map_err(|e| e.to_string())?;
    db::tx(pool, move |c| {
        let mut ids = Vec::new();
        for (email, name, roles) in ACCOUNTS {
            let input = NewAccount { display_name: (*name).into(), email: (*email).into(), password: String::new() };
            ids.push(service::create_user(c, &input, &hash, roles)?.id);
        }
        // The staff member works in the first directorate (its queue at /staff/queue), and the
        // evaluators sit on a committee the chair runs.
        let admin = Actor::user(ids[0], vec![Role::Admin]);
        let directorate = app::reference::service::directorates(c)?.first().map(|d| d.id);
        service::set_directorate(c, &admin, ids[1], directorate)?;
        let committee = app::evaluation::CommitteeInput {
            name: "Değerlendirme Kurulu".into(),
            chair_email: Some(ACCOUNTS[4].0.into()),
            member_emails: ACCOUNTS[2..5].iter().map(|a| a.0.to_owned()).collect(),
            active: Some(true),
        };
        app::evaluation::admin::save_committee(c, &admin, None, &committee)?;
        Ok(())
    })
    .await
    .map_err(|e| super::describe(&e, "demo"))?;
    println!();
    println!("  Demo accounts (password shown only now): {password}");
    for (email, name, _) in ACCOUNTS {
        println!("    {email:<26} {name}");
    }
    println!();
    Ok(())
}
