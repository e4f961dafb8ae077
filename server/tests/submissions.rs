//! Submissions over the JSON API on both databases: sending, checking, listing, Turkish-aware
//! search, supports (also under concurrency), comments, follows, notifications, withdrawal,
//! staff intake and tracking by reference code.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{Client, Kind, TestApp};
use fikir::config::ServeArgs;
use serde_json::{json, Value};

/// Category 1 (roads → Fen İşleri) and the first neighbourhood id.
fn idea(title: &str, body: &str) -> Value {
    json!({"kind": "idea", "title": title, "body": body, "category_id": 1, "neighbourhood_id": 1})
}

async fn post(c: &mut Client, body: Value) -> Value {
    let res = c.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()
}

fn roomy_app(kind: Kind) -> TestApp {
    TestApp::with_args(kind, ServeArgs { sign_in_per_address: 10_000, ..ServeArgs::default() })
}

async fn a_citizen_submits_and_anyone_reads_and_tracks_it(kind: Kind) {
    let app = TestApp::new(kind);
    let mut anon = app.client();
    let res = anon.json("POST", "/api/v1/submissions", idea("Parka bank konulsun", "Banklar eski.")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let created = post(&mut ayse, idea("Parka bank konulsun", "Mahalle parkındaki **banklar** kırık.")).await;
    let reference = created["reference"].as_str().unwrap().to_owned();
    let year = time::OffsetDateTime::now_utc().year();
    assert_eq!(reference, format!("INE-{year}-000001"));
    assert_eq!(created["status"], "published");
    let categories = ayse.get("/api/v1/categories").await.json();
    let roads = categories.as_array().unwrap().iter().find(|c| c["id"] == 1).unwrap().clone();
    assert_eq!(created["directorate_id"], roads["directorate_id"], "routed to the category's directorate");
    let second = post(&mut ayse, idea("Kaldırım onarılsın", "Kaldırım taşları oynuyor.")).await;
    assert_eq!(second["reference"], format!("INE-{year}-000002"));

    let id = created["id"].as_i64().unwrap();
    let detail = anon.get(&format!("/api/v1/submissions/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    let d = detail.json();
    assert_eq!(d["title"], "Parka bank konulsun");
    assert!(d["body_html"].as_str().unwrap().contains("<strong>banklar</strong>"));
    assert_eq!(d["author_name"], "Deneme Kişi");
    assert_eq!((d["support_count"].as_i64(), d["supported_by_me"].as_bool()), (Some(0), Some(false)));
    assert_eq!(d["events"][0]["kind"], "created");
    assert_eq!(d["events"][0]["actor_role"], "citizen");

    let list = anon.get("/api/v1/submissions").await.json();
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["reference"], second["reference"], "newest first");
    assert_eq!((list["page"].as_i64(), list["per_page"].as_i64()), (Some(1), Some(20)));

    let typed = reference.to_lowercase().replace('-', " ");
    let tracked = anon.get(&format!("/api/v1/track/{}", typed.replace(' ', "%20"))).await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.text);
    assert_eq!(tracked.json()["reference"], reference);
    assert_eq!(anon.get("/api/v1/track/INE-2020-999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/submissions/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/submissions/999999").await.json()["error"]["code"], "not_found");
}
both_backends!(submit_read_track_sqlite, submit_read_track_postgres, a_citizen_submits_and_anyone_reads_and_tracks_it);

async fn bad_submissions_get_field_messages_and_write_nothing(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("ali@example.com", &[Role::Citizen]).await;
    let res = c.json("POST", "/api/v1/submissions", json!({})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = res.json()["error"]["fields"].clone();
    for f in ["kind", "title", "body", "category_id", "neighbourhood_id"] {
        assert_eq!(fields[f]["code"], "required", "{f}: {fields}");
        assert!(!fields[f]["message"].as_str().unwrap().is_empty());
    }

    c.lang = Some("en".into());
    let bad = json!({"kind": "wish", "title": "abc", "body": "x".repeat(10_001), "category_id": 9999,
        "neighbourhood_id": 9999, "lat": 41.0, "lon": 29.0});
    let res = c.json("POST", "/api/v1/submissions", bad).await;
    let fields = res.json()["error"]["fields"].clone();
    assert_eq!(fields["kind"]["code"], "invalid");
    assert_eq!(fields["title"]["code"], "too_short");
    assert_eq!(fields["body"]["code"], "too_long");
    assert_eq!(fields["category_id"]["code"], "invalid");
    assert_eq!(fields["neighbourhood_id"]["code"], "invalid");
    assert_eq!(fields["location"]["code"], "outside_district");
    assert!(fields["location"]["message"].as_str().unwrap().contains("İnegöl"), "{fields}");

    let res =
        c.json("POST", "/api/v1/submissions", json!({"kind": "idea", "title": "Bir başlık", "lat": "kuzey"})).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);
    assert_eq!(res.json()["error"]["code"], "bad_request");
    let half_point = json!({"kind": "idea", "title": "Bir başlık", "body": "Metin", "category_id": 1,
        "neighbourhood_id": 1, "lat": 40.08});
    let res = c.json("POST", "/api/v1/submissions", half_point).await;
    assert_eq!(res.json()["error"]["fields"]["location"]["code"], "incomplete");
    assert_eq!(app.count("submissions"), 0);
    assert_eq!(app.count("submission_events"), 0);
    assert_eq!(app.count("reference_counters"), 0, "no reference number is used up by a refused submission");

    for q in ["kind=wish", "page=0", "per_page=1000", "category=abc", "status=draft", "sort=best"] {
        let res = c.get(&format!("/api/v1/submissions?{q}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {}", res.text);
    }
}
both_backends!(bad_submissions_sqlite, bad_submissions_postgres, bad_submissions_get_field_messages_and_write_nothing);

/// No tag of `html` runs script: escaped text (`&lt;svg onload…`) is only text.
fn assert_safe(payload: &str, html: &str) {
    let lower = html.to_lowercase();
    for tag in lower.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        assert!(!["script", "iframe", "svg", "object", "embed", "style"].contains(&name), "{payload} → {html}");
        for bad in ["onerror", "onclick", "onload", "javascript:", "data:", "style="] {
            assert!(!tag.contains(bad), "{payload} → {html}");
        }
    }
}

async fn markdown_attacks_never_reach_the_page(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("x@example.com", &[Role::Citizen]).await;
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[tıkla](javascript:alert(1))",
        "[tıkla](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<svg/onload=alert(1)>",
    ];
    for (i, p) in payloads.iter().enumerate() {
        let created = post(&mut c, idea(&format!("Deneme {i} başlığı"), &format!("Metin {p}"))).await;
        let d = c.get(&format!("/api/v1/submissions/{}", created["id"])).await.json();
        assert_safe(p, d["body_html"].as_str().unwrap());
        let comment =
            c.json("POST", &format!("/api/v1/submissions/{}/comments", created["id"]), json!({"body": p})).await.json();
        assert_safe(p, comment["body_html"].as_str().unwrap());
    }
    let linked = post(&mut c, idea("Bağlantılı başlık", "[belediye](https://inegol.bel.tr)")).await;
    let html = c.get(&format!("/api/v1/submissions/{}", linked["id"])).await.json()["body_html"].to_string();
    assert!(html.contains("nofollow ugc noopener"), "{html}");
}
both_backends!(markdown_attacks_sqlite, markdown_attacks_postgres, markdown_attacks_never_reach_the_page);

fn refs(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_owned()).collect()
}

async fn search_folds_turkish_and_treats_operators_as_words(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("s@example.com", &[Role::Citizen]).await;
    post(&mut c, idea("İnegöl Çiçek Parkı'na bank", "Oturacak yer yok.")).await;
    post(&mut c, idea("Kestanelik yolu çukur", "Yolda büyük ÇUKUR var, IŞIK da yanmıyor.")).await;
    post(&mut c, idea("Cuma pazarı düzeni", "Pazar yerinde çiçek satıcıları yolu kapatıyor.")).await;
    let complaint = json!({"kind": "complaint", "title": "Gürültü şikayeti", "body": "Gece inşaat gürültüsü.",
        "category_id": 4, "neighbourhood_id": 2});
    post(&mut c, complaint).await;

    let search = |q: &str| format!("/api/v1/submissions?q={}", common::encode(q));
    let found = c.get(&search("inegol")).await.json();
    assert_eq!(refs(&found), vec!["İnegöl Çiçek Parkı'na bank"]);
    let found = c.get(&search("cicek")).await.json();
    assert_eq!(found["total"], 2);
    assert_eq!(refs(&found)[0], "İnegöl Çiçek Parkı'na bank", "a title match ranks above a body match");
    let second = c.get(&format!("{}&per_page=1&page=2", search("cicek"))).await.json();
    assert_eq!(
        (refs(&second), second["total"].as_i64()),
        (vec!["Cuma pazarı düzeni".to_owned()], Some(2)),
        "pages cross from title matches to body matches"
    );
    let third = c.get(&format!("{}&per_page=1&page=3", search("cicek"))).await.json();
    assert!(refs(&third).is_empty());
    assert_eq!(refs(&c.get(&search("ISIK")).await.json()), vec!["Kestanelik yolu çukur"]);
    assert_eq!(refs(&c.get(&search("ışık çukur")).await.json()), vec!["Kestanelik yolu çukur"]);
    assert_eq!(c.get(&search("cic")).await.json()["total"], 2, "words match by prefix");
    assert_eq!(c.get(&search("park otobüs")).await.json()["total"], 0, "every word must match");

    for hostile in ["park\" OR \"x", "*", "çiçek NEAR(a b)", "'; DROP TABLE submissions; --", "-cicek", "\"", "()"] {
        let res = c.get(&search(hostile)).await;
        assert_eq!(res.status, StatusCode::OK, "{hostile}: {}", res.text);
    }
    assert_eq!(app.count("submissions"), 4);

    let filtered = c.get(&format!("{}&kind=idea&sort=new", search("cicek"))).await.json();
    assert_eq!(refs(&filtered), vec!["Cuma pazarı düzeni", "İnegöl Çiçek Parkı'na bank"]);
    assert_eq!(c.get("/api/v1/submissions?kind=complaint").await.json()["total"], 1);
    assert_eq!(c.get("/api/v1/submissions?status=received").await.json()["total"], 1);
    assert_eq!(c.get("/api/v1/submissions?neighbourhood=2").await.json()["total"], 1);
    assert_eq!(
        c.get("/api/v1/submissions?category=1&per_page=2&page=2").await.json()["items"].as_array().unwrap().len(),
        1
    );
    let similar = c
        .get(&format!("/api/v1/submissions/similar?title={}", common::encode("Çiçek satıcıları için bir öneri")))
        .await
        .json();
    let mut titles: Vec<&str> = similar.as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    titles.sort_unstable();
    assert_eq!(titles, vec!["Cuma pazarı düzeni", "İnegöl Çiçek Parkı'na bank"], "any shared word counts");
    assert_eq!(
        c.get("/api/v1/submissions/similar?title=ve%20bir").await.json(),
        json!([]),
        "common words alone suggest nothing"
    );
    let zabita = c.get("/api/v1/categories").await.json()[3]["directorate_id"].clone();
    assert_eq!(c.get(&format!("/api/v1/submissions?directorate={zabita}")).await.json()["total"], 1);

    // Words longer than the index's longest prefix (12 letters) are found, typed whole or cut.
    post(&mut c, idea("Uzun kelimeler", "Bakımı belediyemizin sorumluluğundadır.")).await;
    for q in ["sorumluluğundadır", "SORUMLULUĞUN", "belediyemizin sorumluluğundadır"] {
        assert_eq!(refs(&c.get(&search(q)).await.json()), vec!["Uzun kelimeler"], "{q}");
    }
    assert_eq!(c.get(&search("sorumluluğundadır otobüs")).await.json()["total"], 0);

    // PostgreSQL reads a tier of many matches newest first and one of few from its index; the
    // pages are the same either way.
    let queries = ["cicek", "cic", "çukur ışık", "yok", "sorumluluğundadır", "zzqq", "park otobüs"];
    let mut pages = Vec::new();
    for q in queries {
        for page in 1..=3 {
            pages.push(refs(&c.get(&format!("{}&per_page=1&page={page}", search(q))).await.json()));
        }
    }
    app::submissions::listing::FEW_MATCHES.store(-1, std::sync::atomic::Ordering::Relaxed);
    let mut again = Vec::new();
    for q in queries {
        for page in 1..=3 {
            // A different page size keeps the cached totals and page starts out of it.
            let res = c.get(&format!("{}&per_page=1&page={page}&sort=relevance", search(q))).await.json();
            again.push(refs(&res));
        }
    }
    app::submissions::listing::FEW_MATCHES
        .store(app::submissions::SEARCH_RESULTS_MAX, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(again, pages);
}
both_backends!(search_sqlite, search_postgres, search_folds_turkish_and_treats_operators_as_words);

/// PostgreSQL finds a search's words as exact keys among every prefix (2 to 12 letters) of every
/// word, SQLite in its prefix indexes: both find the same submissions for a two-letter prefix, a
/// number, a word cut at twelve letters (and another word with the same twelve first letters),
/// and several words at once, whether a tier is read from the index or newest first.
async fn search_words_are_found_by_every_prefix(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("p@example.com", &[Role::Citizen]).await;
    post(&mut c, idea("Kaldırım yapılsın", "Sokakta 2024 yılından beri kaldırımlar kırık.")).await;
    post(&mut c, idea("Otobüs durağı", "Durak önünde kaldırım yok, Abdurrahmangazi tarafında.")).await;
    post(&mut c, idea("Çocuk parkı", "Parkın bankları kırık.")).await;
    let search = |q: &str| format!("/api/v1/submissions?q={}", common::encode(q));
    let cases: [(&str, &[&str]); 12] = [
        ("ka", &["Kaldırım yapılsın", "Otobüs durağı"]),
        ("KIRIK", &["Çocuk parkı", "Kaldırım yapılsın"]),
        ("2024", &["Kaldırım yapılsın"]),
        ("20", &["Kaldırım yapılsın"]),
        ("abdurrahmangazi", &["Otobüs durağı"]),
        ("abdurrahman", &["Otobüs durağı"]),
        ("Abdurrahmangaziler", &["Otobüs durağı"]),
        ("abdurrahmanpasa", &[]),
        ("par ban", &["Çocuk parkı"]),
        ("kal kır", &["Kaldırım yapılsın"]),
        ("durak kaldırım", &["Otobüs durağı"]),
        ("parkı otobüs", &[]),
    ];
    for few_matches in [10_000, -1] {
        app::submissions::listing::FEW_MATCHES.store(few_matches, std::sync::atomic::Ordering::Relaxed);
        for (q, want) in cases {
            // A page size of its own for each round keeps the first round's kept pages out.
            let per_page = if few_matches < 0 { 7 } else { 20 };
            let found = c.get(&format!("{}&per_page={per_page}", search(q))).await.json();
            assert_eq!(refs(&found), want.to_vec(), "{q} (few matches up to {few_matches})");
            assert_eq!(found["total"], want.len(), "{q}");
        }
    }
    app::submissions::listing::FEW_MATCHES
        .store(app::submissions::SEARCH_RESULTS_MAX, std::sync::atomic::Ordering::Relaxed);

    // The longest body, all different long words (each with eleven prefixes of its own to
    // index), is sent and found by its first and its last word.
    let word = |i: usize| -> String {
        let letters: String = (0..4).map(|d| char::from(b'a' + ((i / 26usize.pow(d)) % 26) as u8)).collect();
        format!("{letters}uzunkelime")
    };
    let mut body = String::new();
    let mut n = 0;
    while body.len() + word(n).len() < 10_000 {
        body.push_str(&word(n));
        body.push(' ');
        n += 1;
    }
    post(&mut c, idea("Uzun metin", body.trim_end())).await;
    for w in [word(0), word(n - 1)] {
        assert_eq!(refs(&c.get(&search(&w)).await.json()), vec!["Uzun metin"], "{w}");
    }
}
both_backends!(search_prefixes_sqlite, search_prefixes_postgres, search_words_are_found_by_every_prefix);

/// A search is counted as far as its pages go: past 1,000 matches the page says "more than
/// 1,000" in both languages and the API says `more`, and the pager stops at the last page a
/// search may show (it used to offer page 51, which is refused). The pages of a search are kept
/// for a few seconds, yet a new submission is found at once (a write forgets them) and the
/// counts on a kept page are current (only its ids are kept).
async fn a_search_is_counted_as_far_as_its_pages_go(kind: Kind) {
    use diesel::RunQueryDsl;
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("s@example.com", &[Role::Citizen]).await;
    post(&mut c, idea("Zeytinlik yoluna kaldırım", "Zeytin bahçelerinin yanında yürüyecek yer yok.")).await;
    post(&mut c, idea("Lavanta bahçesi", "Parkın köşesine lavanta ekilsin.")).await;
    // 1,004 copies of the first: 1,005 submissions with "zeytin" in their title.
    {
        let mut conn = app.db.pool.get().unwrap();
        diesel::sql_query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1004) \
             INSERT INTO submissions (reference, kind, status, title, body, body_html, summary, search_title, \
               search_body, category_id, neighbourhood_id, directorate_id, author_id, channel, support_count, \
               comment_count, created_at, updated_at) \
             SELECT s.reference || '-' || n.i, s.kind, s.status, s.title, s.body, s.body_html, s.summary, \
               s.search_title, s.search_body, s.category_id, s.neighbourhood_id, s.directorate_id, s.author_id, \
               s.channel, 0, 0, s.created_at, s.updated_at \
             FROM n, submissions s WHERE s.id = 1",
        )
        .execute(&mut *conn)
        .unwrap();
    }
    let found = c.get("/api/v1/submissions?q=zeytin").await.json();
    assert_eq!((&found["total"], &found["more"]), (&json!(1000), &json!(true)), "counted as far as the pages go");
    assert_eq!(found["items"].as_array().unwrap().len(), 20);
    let few = c.get("/api/v1/submissions?q=lavanta").await.json();
    assert_eq!((&few["total"], &few["more"]), (&json!(1), &json!(false)));
    assert_eq!(c.get("/api/v1/submissions?q=zeytin&page=50").await.json()["items"].as_array().unwrap().len(), 20);

    let mut visitor = app.client();
    let tr = visitor.get("/submissions?q=zeytin").await.text;
    assert!(tr.contains("1.000 sonuçtan fazlası"), "{tr}");
    let last = visitor.get("/submissions?q=zeytin&page=50").await.text;
    assert!(last.contains(r#"rel="prev""#) && !last.contains(r#"rel="next""#), "page 50 is the last: {last}");
    visitor.lang = Some("en".into());
    let en = visitor.get("/submissions?q=zeytin").await.text;
    assert!(en.contains("More than 1,000 results"), "{en}");
    let en_few = visitor.get("/submissions?q=lavanta").await.text;
    assert!(en_few.contains("1 results") && !en_few.contains("More than"), "{en_few}");

    // The first page is kept now; a new submission is still found at once, first.
    let newest = post(&mut c, idea("Zeytin hasadı için yol", "Hasat zamanı yol kapanıyor.")).await;
    let found = c.get("/api/v1/submissions?q=zeytin").await.json();
    assert_eq!(found["items"][0]["id"], newest["id"], "a write forgets the kept pages");
    // Supports on a kept page are counted as they are now.
    let (mut other, _) = app.user_with_roles("o@example.com", &[Role::Citizen]).await;
    let res = other.json("PUT", &format!("/api/v1/submissions/{}/support", newest["id"]), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let found = c.get("/api/v1/submissions?q=zeytin").await.json();
    assert_eq!((&found["items"][0]["id"], &found["items"][0]["support_count"]), (&newest["id"], &json!(1)));
}
both_backends!(search_count_sqlite, search_count_postgres, a_search_is_counted_as_far_as_its_pages_go);

/// Browsing the JSON listing is one answer for everyone, kept like the listing page: the second
/// asking (by anyone) gets the kept answer, byte for byte; searches are not kept; a write through
/// the server (a new submission, a support) empties it, so the next answer has it.
async fn the_json_listing_is_kept_while_browsing_and_a_write_shows_at_once(kind: Kind) {
    let app = roomy_app(kind);
    let (mut ayse, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let first = post(&mut ayse, idea("Parka bank konulsun", "Banklar kırık.")).await;
    let mut anon = app.client();
    let miss = anon.get("/api/v1/submissions?kind=idea").await;
    assert_eq!((miss.status, miss.header("x-page-cache").as_str()), (StatusCode::OK, "miss"));
    assert!(miss.header("content-type").starts_with("application/json"));
    let hit = ayse.get("/api/v1/submissions?kind=idea").await;
    assert_eq!((hit.header("x-page-cache").as_str(), &hit.text), ("hit", &miss.text), "the same answer for everyone");
    assert_eq!(anon.get("/api/v1/submissions").await.header("x-page-cache"), "miss", "each query has its own");
    for _ in 0..2 {
        assert_eq!(
            anon.get("/api/v1/submissions?q=bank").await.header("x-page-cache"),
            "miss",
            "searches are not kept"
        );
    }
    let (mut other, _) = app.user_with_roles("o@example.com", &[Role::Citizen]).await;
    let res = other.json("PUT", &format!("/api/v1/submissions/{}/support", first["id"]), json!({})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let after = anon.get("/api/v1/submissions?kind=idea").await;
    assert_eq!(after.header("x-page-cache"), "miss", "a write empties the kept answers");
    assert_eq!(after.json()["items"][0]["support_count"], 1);
    let second = post(&mut ayse, idea("Kaldırım onarılsın", "Taşlar oynuyor.")).await;
    let list = anon.get("/api/v1/submissions?kind=idea").await.json();
    assert_eq!((&list["total"], &list["items"][0]["id"]), (&json!(2), &second["id"]));
}
both_backends!(kept_json_sqlite, kept_json_postgres, the_json_listing_is_kept_while_browsing_and_a_write_shows_at_once);

async fn supports_are_idempotent_and_reaching_the_threshold_queues_once(kind: Kind) {
    let app = TestApp::new(kind);
    {
        let mut conn = app.db.pool.get().unwrap();
        app::settings::set_i64(&mut conn, app::settings::SUPPORT_THRESHOLD, 2).unwrap();
    }
    let (mut author, _) = app.user_with_roles("a@example.com", &[Role::Citizen]).await;
    let (mut b, _) = app.user_with_roles("b@example.com", &[Role::Citizen]).await;
    let id = post(&mut author, idea("Otobüs durağına sundurma", "Yağmurda ıslanıyoruz.")).await["id"].clone();
    let url = format!("/api/v1/submissions/{id}/support");
    assert_eq!(app.client().json("PUT", &url, json!(null)).await.status, StatusCode::UNAUTHORIZED);

    for _ in 0..2 {
        let s = author.json("PUT", &url, json!(null)).await.json();
        assert_eq!((s["support_count"].as_i64(), s["supported_by_me"].as_bool()), (Some(1), Some(true)));
        assert_eq!(s["reached_threshold"], false);
    }
    let s = b.json("PUT", &url, json!(null)).await.json();
    assert_eq!((s["support_count"].as_i64(), s["reached_threshold"].as_bool()), (Some(2), Some(true)));
    let s = b.json("DELETE", &url, json!(null)).await.json();
    assert_eq!((s["support_count"].as_i64(), s["supported_by_me"].as_bool()), (Some(1), Some(false)));
    assert_eq!(b.json("DELETE", &url, json!(null)).await.json()["support_count"], 1);
    let s = b.json("PUT", &url, json!(null)).await.json();
    assert_eq!((s["support_count"].as_i64(), s["reached_threshold"].as_bool()), (Some(2), Some(false)), "queued once");

    let d = b.get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!(d["supported_by_me"], true);
    let queued: Vec<&Value> =
        d["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "queued_for_committee").collect();
    assert_eq!(queued.len(), 1);
    assert!(d["queued_at"].is_string());
    assert_eq!(app.count("supports"), 2);

    let complaint = json!({"kind": "complaint", "title": "Su kesintisi", "body": "Üç gündür su yok.",
        "category_id": 6, "neighbourhood_id": 3});
    let cid = post(&mut author, complaint).await["id"].clone();
    let res = b.json("PUT", &format!("/api/v1/submissions/{cid}/support"), json!(null)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "service requests collect no support");
}
both_backends!(supports_sqlite, supports_postgres, supports_are_idempotent_and_reaching_the_threshold_queues_once);

async fn concurrent_supports_are_counted_exactly(kind: Kind) {
    const USERS: usize = 24;
    let app = roomy_app(kind);
    let (mut author, _) = app.user_with_roles("author@example.com", &[Role::Citizen]).await;
    let id = post(&mut author, idea("Kütüphane hafta sonu açık olsun", "Öğrenciler için.")).await["id"].clone();
    let url = format!("/api/v1/submissions/{id}/support");
    let mut clients = Vec::new();
    for i in 0..USERS {
        clients.push(app.user_with_roles(&format!("u{i}@example.com"), &[Role::Citizen]).await.0);
    }
    // Every user double-clicks (two PUTs at once); every third then also withdraws twice at once.
    let mut tasks = Vec::new();
    for c in &clients {
        for _ in 0..2 {
            let (mut c, url) = (c.clone(), url.clone());
            tasks.push(tokio::spawn(async move { c.json("PUT", &url, json!(null)).await.status }));
        }
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let mut tasks = Vec::new();
    for c in clients.iter().step_by(3) {
        for _ in 0..2 {
            let (mut c, url) = (c.clone(), url.clone());
            tasks.push(tokio::spawn(async move { c.json("DELETE", &url, json!(null)).await.status }));
        }
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let expected = (USERS - USERS.div_ceil(3)) as i64;
    let d = author.get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!(d["support_count"].as_i64(), Some(expected));
    assert_eq!(app.count("supports"), expected);
}
both_backends!(concurrent_supports_sqlite, concurrent_supports_postgres, concurrent_supports_are_counted_exactly);

async fn comments_reply_edit_delete_flag_and_notify(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("author@example.com", &[Role::Citizen]).await;
    let (mut b, _) = app.user_with_roles("b@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("staff@example.com", &[Role::Citizen, Role::Staff]).await;
    let id = post(&mut author, idea("Sokak lambası yanmıyor", "Akşamları karanlık.")).await["id"].clone();
    let url = format!("/api/v1/submissions/{id}/comments");
    assert_eq!(app.client().json("POST", &url, json!({"body": "x"})).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        b.json("POST", &url, json!({"body": "  "})).await.json()["error"]["fields"]["body"]["code"],
        "comment_required"
    );

    let first = b.json("POST", &url, json!({"body": "Bizim sokakta da **aynı** sorun var."})).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let first = first.json();
    assert_eq!(first["can_edit"], true);
    let n = author.get("/api/v1/notifications").await.json();
    assert_eq!(n["unread"], 1);
    assert_eq!(n["items"][0]["kind"], "comment");

    let reply = author.json("POST", &url, json!({"body": "Teşekkürler", "parent_id": first["id"]})).await.json();
    let res = b.json("POST", &url, json!({"body": "Derin yanıt", "parent_id": reply["id"]})).await;
    assert_eq!(res.json()["error"]["fields"]["parent_id"]["code"], "invalid", "replies are one level deep");
    assert_eq!(b.get("/api/v1/notifications").await.json()["unread"], 1, "the commenter follows and hears the reply");

    let res = b.json("POST", &url, json!({"body": "Resmî gibi", "official": true})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let official = staff.json("POST", &url, json!({"body": "Ekip yönlendirildi.", "official": true})).await.json();
    let n = author.get("/api/v1/notifications").await.json();
    assert_eq!((n["unread"].as_i64(), n["items"][0]["kind"].as_str()), (Some(2), Some("official_answer")));
    assert_eq!(author.json("POST", "/api/v1/notifications/read", json!(null)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(author.get("/api/v1/notifications").await.json()["unread"], 0);

    let list = app.client().get(&url).await.json();
    assert_eq!(list[0]["id"], official["id"], "official answers are pinned first");
    assert_eq!(list[1]["replies"][0]["id"], reply["id"]);
    assert_eq!(list[1]["body"], "", "only the author sees the Markdown source");

    let edit_url = format!("/api/v1/comments/{}", first["id"]);
    assert_eq!(author.json("PATCH", &edit_url, json!({"body": "başkası"})).await.status, StatusCode::FORBIDDEN);
    let edited = b.json("PATCH", &edit_url, json!({"body": "Düzeltilmiş yorum"})).await.json();
    assert_eq!((edited["edited"].as_bool(), edited["body"].as_str()), (Some(true), Some("Düzeltilmiş yorum")));
    assert_eq!(b.json("DELETE", &edit_url, json!(null)).await.status, StatusCode::NO_CONTENT);
    let list = app.client().get(&url).await.json();
    let deleted = list.as_array().unwrap().iter().find(|c| c["id"] == first["id"]).unwrap();
    assert_eq!((deleted["deleted"].as_bool(), deleted["body_html"].as_str()), (Some(true), Some("")));
    assert_eq!(deleted["replies"].as_array().unwrap().len(), 1, "replies stay under a deleted comment");

    let flag = format!("/api/v1/comments/{}/flag", official["id"]);
    assert_eq!(b.json("POST", &flag, json!({"reason": ""})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = b.json("POST", &flag, json!({"reason": "Hakaret"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason from the list");
    assert_eq!(res.json()["error"]["fields"]["reason"]["code"], "unknown_reason");
    assert_eq!(b.json("POST", &flag, json!({"reason": "abuse"})).await.status, StatusCode::NO_CONTENT);
    let again = json!({"reason": "abuse", "detail": "Hakaret içeriyor"});
    assert_eq!(b.json("POST", &flag, again).await.status, StatusCode::NO_CONTENT);
    let sflag = format!("/api/v1/submissions/{id}/flag");
    assert_eq!(b.json("POST", &sflag, json!({"reason": "spam"})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("flags"), 2);
}
both_backends!(comments_sqlite, comments_postgres, comments_reply_edit_delete_flag_and_notify);

async fn follows_and_withdrawal_notify_and_keep_history(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("author@example.com", &[Role::Citizen]).await;
    let (mut b, _) = app.user_with_roles("b@example.com", &[Role::Citizen]).await;
    let id = post(&mut author, idea("Bisiklet yolu yapılsın", "Sahil boyunca.")).await["id"].clone();
    let follow = format!("/api/v1/submissions/{id}/follow");
    assert_eq!(b.json("PUT", &follow, json!(null)).await.json()["following"], true);
    assert_eq!(b.json("PUT", &follow, json!(null)).await.json()["following"], true);
    assert_eq!(b.get(&format!("/api/v1/submissions/{id}")).await.json()["following"], true);

    let withdraw = format!("/api/v1/submissions/{id}/withdraw");
    assert_eq!(b.json("POST", &withdraw, json!(null)).await.status, StatusCode::FORBIDDEN);
    let d = author.json("POST", &withdraw, json!(null)).await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.text);
    let d = d.json();
    assert_eq!(d["status"], "withdrawn");
    let last = d["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["from_status"].as_str(), last["to_status"].as_str()), (Some("published"), Some("withdrawn")));
    assert_eq!(author.json("POST", &withdraw, json!(null)).await.status, StatusCode::CONFLICT);
    let n = b.get("/api/v1/notifications").await.json();
    assert_eq!((n["items"][0]["kind"].as_str(), n["items"][0]["detail"].as_str()), (Some("status"), Some("withdrawn")));
    let res = b.json("PUT", &format!("/api/v1/submissions/{id}/support"), json!(null)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(app.client().get("/api/v1/submissions?status=withdrawn").await.json()["total"], 1, "still public");

    assert_eq!(b.json("DELETE", &follow, json!(null)).await.json()["following"], false);
}
both_backends!(follows_sqlite, follows_postgres, follows_and_withdrawal_notify_and_keep_history);

async fn staff_record_for_a_citizen_who_tracks_it_by_code(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut citizen, _) = app.user_with_roles("c@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("op@example.com", &[Role::Citizen, Role::Staff]).await;
    let mut body = json!({"kind": "request", "title": "Çöp konteyneri istiyoruz", "body": "Sokağın başına.",
        "category_id": 3, "neighbourhood_id": 5, "channel": "phone_153", "citizen_name": "Hatice Demir",
        "citizen_contact": "0555 123 45 67", "consent": true});
    assert_eq!(citizen.json("POST", "/api/v1/intake", body.clone()).await.status, StatusCode::FORBIDDEN);
    let mut bad = body.clone();
    bad["channel"] = json!("web");
    bad["citizen_contact"] = json!("");
    let fields = staff.json("POST", "/api/v1/intake", bad).await.json()["error"]["fields"].clone();
    assert_eq!(fields["channel"]["code"], "invalid");
    assert_eq!(fields["citizen_contact"]["code"], "required_for_consent");
    assert_eq!(app.count("submissions"), 0);

    let created = staff.json("POST", "/api/v1/intake", body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let created = created.json();
    assert_eq!(created["status"], "received");
    let anon = app.client().get(&format!("/api/v1/submissions/{}", created["id"])).await;
    let d = anon.json();
    assert_eq!((d["channel"].as_str(), d["author_name"].clone()), (Some("phone_153"), Value::Null));
    assert_eq!(d["events"][0]["actor_role"], "staff");
    assert!(!anon.text.contains("Hatice") && !anon.text.contains("0555"), "contact details are never public");
    let listing = app.client().get("/api/v1/submissions").await.text;
    assert!(!listing.contains("Hatice") && !listing.contains("0555"));
    let tracked = app.client().get(&format!("/api/v1/track/{}", created["reference"].as_str().unwrap())).await;
    assert_eq!(tracked.json()["status"], "received");
    assert!(!tracked.text.contains("Hatice"));
    body["title"] = json!("İkinci kayıt");
    body["consent"] = json!(false);
    body["citizen_contact"] = json!("");
    assert_eq!(staff.json("POST", "/api/v1/intake", body).await.status, StatusCode::CREATED);
    assert_eq!(app.count("submission_contacts"), 2);
}
both_backends!(intake_sqlite, intake_postgres, staff_record_for_a_citizen_who_tracks_it_by_code);

async fn notification_emails_go_to_the_outbox_and_follow_settings(kind: Kind) {
    use app::notifications::mailer::{Mailer, Worker};
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("yazar@example.com", &[Role::Citizen]).await;
    let (mut b, _) = app.user_with_roles("b@example.com", &[Role::Citizen]).await;
    let id = post(&mut author, idea("Pazar yerine tuvalet", "Temiz tuvalet yok.")).await["id"].clone();
    b.json("PUT", &format!("/api/v1/submissions/{id}/follow"), json!(null)).await;
    let url = format!("/api/v1/submissions/{id}/comments");
    author.json("POST", &url, json!({"body": "Ek bilgi: hafta sonları çok kalabalık."})).await;

    // An SMTP server that is not there: nothing is lost, the message waits. Each round runs
    // `minutes` from now on the outbox's clock (tests/mail.rs has the whole outbox: backoff,
    // leases, a real SMTP server).
    let down = Mailer::new(Some("smtp://127.0.0.1:9"), std::path::PathBuf::new()).unwrap();
    let from = "İnegöl'ün Fikri <bildirim@fikir.example>";
    let deliver_pending = |mailer: &Mailer, minutes: i64| {
        let worker = Worker::new(app.db.pool.clone(), mailer.clone(), from, "https://fikir.example").unwrap();
        async move { worker.drain(app::db::time::now() + time::Duration::minutes(minutes)).await.unwrap().sent }
    };
    assert_eq!(deliver_pending(&down, 0).await, 0);
    assert_eq!(app.count("mail_outbox WHERE state = 'pending' AND attempts = 1"), 1);

    let outbox = tempfile::tempdir().unwrap();
    let mailer = Mailer::new(None, outbox.path().to_owned()).unwrap();
    // A minute on, the failed attempt's wait (30 s) is over.
    assert_eq!(deliver_pending(&mailer, 1).await, 1);
    let files: Vec<_> = std::fs::read_dir(outbox.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let mail = std::fs::read_to_string(&files[0]).unwrap();
    assert!(mail.contains("To: b@example.com"), "{mail}");
    assert!(mail.contains(&format!("https://fikir.example/submissions/{id}")), "{mail}");
    assert_eq!(deliver_pending(&mailer, 2).await, 0, "sent once");

    // B turns comment e-mails off: the next comment is in the app, not in the outbox.
    let res = b.json("PUT", "/api/v1/me/notification-settings", json!({"email_comments": false})).await;
    assert_eq!(res.json(), json!({"email_comments": false, "email_official": true, "email_status": true}));
    author.json("POST", &url, json!({"body": "Bir ek daha."})).await;
    assert_eq!(deliver_pending(&mailer, 3).await, 0);
    assert_eq!(std::fs::read_dir(outbox.path()).unwrap().count(), 1);
    assert_eq!(b.get("/api/v1/notifications").await.json()["unread"], 2);
    assert_eq!(app.count("notifications WHERE email_state = 'skipped'"), 1);
}
both_backends!(mail_sqlite, mail_postgres, notification_emails_go_to_the_outbox_and_follow_settings);

fn ids(list: &Value) -> Vec<i64> {
    list["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

/// Deep pages are read from where they were found to start last time: the same page answers the
/// same, and a new submission moves every page by one at once.
async fn pages_stay_exact_when_their_start_is_remembered(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("sayfa@example.com", &[Role::Citizen]).await;
    let mut made = Vec::new();
    for n in 0..12 {
        let kind = if n % 3 == 0 { "complaint" } else { "idea" };
        let body = json!({"kind": kind, "title": format!("Sayfalama denemesi {n}"), "body": "Metin.",
            "category_id": 1, "neighbourhood_id": 1});
        made.push((kind, post(&mut c, body).await["id"].as_i64().unwrap()));
    }
    let ideas: Vec<i64> = made.iter().rev().filter(|(k, _)| *k == "idea").map(|(_, id)| *id).collect();
    let url = "/api/v1/submissions?kind=idea&status=published&per_page=3&page=2";
    let first = c.get(url).await.json();
    assert_eq!(ids(&first), ideas[3..6].to_vec(), "page 2 of the ideas, newest first");
    let again = c.get(url).await.json();
    assert_eq!(ids(&again), ids(&first), "the remembered start gives the same page");
    let last = c.get("/api/v1/submissions?kind=idea&status=published&per_page=3&page=3").await.json();
    assert_eq!(ids(&last), ideas[6..8].to_vec(), "the last, shorter page");

    let newest = post(&mut c, idea("Sayfalama denemesi yeni", "Metin.")).await["id"].as_i64().unwrap();
    let moved = c.get(url).await.json();
    assert_eq!(ids(&moved), ideas[2..5].to_vec(), "one new idea moves page 2 by one");
    assert_eq!(ids(&c.get("/api/v1/submissions?kind=idea&per_page=3").await.json())[0], newest);

    // The same page number at another page size starts elsewhere: page 2 of 4 per page is the
    // 5th to 8th idea, whatever page 2 of 3 per page remembered.
    let ideas: Vec<i64> = std::iter::once(newest).chain(ideas).collect();
    let by_four = c.get("/api/v1/submissions?kind=idea&status=published&per_page=4&page=2").await.json();
    assert_eq!(ids(&by_four), ideas[4..8].to_vec(), "page 2 at 4 per page");
}
both_backends!(page_start_sqlite, page_start_postgres, pages_stay_exact_when_their_start_is_remembered);
