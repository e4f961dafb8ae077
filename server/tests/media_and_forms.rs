//! Photos and videos (API and web form) and the submission web forms without JavaScript, on
//! both databases: files are judged by content, re-encoded without EXIF, limited in number, and
//! nothing is left behind by a refused submission.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use axum::http::StatusCode;
use common::{multipart, Kind, TestApp};
use serde_json::json;

/// A JPEG with an EXIF block holding a GPS position (latitude 40° N), as phones write them.
fn jpeg_with_gps(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    // APP1 "Exif\0\0" + big-endian TIFF: IFD0 with one entry, GPSInfo (0x8825) → GPS IFD with
    // GPSLatitudeRef 'N'. Enough for any EXIF reader to see a GPS block.
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn mp4_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(payload);
    b
}

/// An MP4 as phones write it, `seconds` long, with the place it was filmed in `moov/udta/©xyz`.
fn mp4_with_place(seconds: u32) -> Vec<u8> {
    let mut mvhd = vec![0; 12];
    mvhd.extend_from_slice(&1000u32.to_be_bytes());
    mvhd.extend_from_slice(&(seconds * 1000).to_be_bytes());
    mvhd.extend_from_slice(&[0; 80]);
    let mut xyz = vec![0, 18, 0x15, 0xC7];
    xyz.extend_from_slice(b"+40.0801+029.5087/");
    let udta = mp4_box(b"udta", &mp4_box(b"\xA9xyz", &xyz));
    let mut moov = mp4_box(b"mvhd", &mvhd);
    moov.extend(udta);
    let mut out = mp4_box(b"ftyp", b"isom\0\0\0\0isommp41");
    out.extend(mp4_box(b"moov", &moov));
    out.extend(mp4_box(b"mdat", b"frame data"));
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn photos_lose_exif_and_are_limited(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("a@example.com", &[Role::Citizen]).await;
    let (mut other, _) = app.user_with_roles("b@example.com", &[Role::Citizen]).await;
    let body = json!({"kind": "complaint", "title": "Kaldırımda çukur", "body": "Fotoğrafı ekledim.",
        "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].clone();
    let url = format!("/api/v1/submissions/{id}/photos");
    let photo = jpeg_with_gps(2600, 1300);
    assert!(contains(&photo, b"Exif"), "the test photo carries EXIF");

    let (ct, bytes) = multipart(&[], &[("photo", "x.jpg", "image/jpeg", photo.clone())]);
    let res = other.raw("POST", &url, &ct, bytes.clone()).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "only the author adds photos");
    let res = app.client().raw("POST", &url, &ct, bytes.clone()).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(app.media_files().is_empty(), "refused uploads write nothing");

    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let media = res.json();
    assert_eq!((media[0]["width"].as_i64(), media[0]["height"].as_i64()), (Some(2048), Some(1024)));
    let file_url = media[0]["url"].as_str().unwrap().to_owned();
    let served = app.client().get(&file_url).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/jpeg");
    let stored = std::fs::read(app.media_dir.path().join(file_url.trim_start_matches("/media/"))).unwrap();
    assert!(!contains(&stored, b"Exif"), "EXIF (and its GPS position) is gone");
    assert_eq!(app.media_files().len(), 2, "the photo and its thumbnail");

    let fake = b"<html><script>alert(1)</script></html>".to_vec();
    let (ct, bytes) = multipart(&[], &[("photo", "kedi.jpg", "image/jpeg", fake)]);
    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["photos"]["code"], "not_an_image");

    let small = jpeg_with_gps(40, 30);
    let five: Vec<(&str, &str, &str, Vec<u8>)> =
        (0..5).map(|_| ("photo", "a.jpg", "image/jpeg", small.clone())).collect();
    let (ct, bytes) = multipart(&[], &five);
    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.json()["error"]["fields"]["photos"]["code"], "too_many", "1 + 5 is a sixth photo");
    assert_eq!(app.media_files().len(), 2, "files of a refused upload are removed");
    assert_eq!(app.count("media"), 1);

    // A phone video says where it was filmed (`©xyz` in moov/udta): refused when too long, and
    // published without the place.
    let (ct, bytes) = multipart(&[], &[("video", "v.mp4", "video/mp4", mp4_with_place(600))]);
    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.json()["error"]["fields"]["video"]["code"], "too_long", "ten minutes is not a short video");
    let (ct, bytes) = multipart(&[], &[("video", "v.mp4", "video/mp4", mp4_with_place(20))]);
    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let video_url = res.json().as_array().unwrap().iter().find(|m| m["kind"] == "video").unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = std::fs::read(app.media_dir.path().join(video_url.trim_start_matches("/media/"))).unwrap();
    assert_eq!(stored.len(), mp4_with_place(20).len(), "the video is the same size, its boxes in place");
    assert!(!contains(&stored, b"+40.0801+029.5087"), "the place it was filmed is gone");
    assert!(contains(&stored, b"frame data"), "the pictures are kept");
    let (ct, bytes) = multipart(&[], &[("video", "v.mp4", "video/mp4", small.clone())]);
    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.json()["error"]["fields"]["video"]["code"], "not_a_video");

    let huge = vec![0xFF; 10 * 1024 * 1024 + 1];
    let (ct, bytes) = multipart(&[], &[("photo", "big.jpg", "image/jpeg", huge)]);
    let res = author.raw("POST", &url, &ct, bytes).await;
    assert_eq!(res.json()["error"]["fields"]["photos"]["code"], "too_large");
    let d = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!(d["media"].as_array().unwrap().len(), 2);
}
both_backends!(photos_sqlite, photos_postgres, photos_lose_exif_and_are_limited);

async fn the_web_form_sends_one_submission_with_its_photo(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("web@example.com", &[Role::Citizen]).await;
    let photo = jpeg_with_gps(300, 200);

    // A refused form: the typed values come back, and neither the submission nor the photo is kept.
    let fields = [
        ("kind", "idea"),
        ("title", "abc"),
        ("body", "Açıklama"),
        ("category_id", "2"),
        ("neighbourhood_id", "3"),
        ("lat", "40,07"),
        ("lon", "kuzey"),
        ("client_token", "tok-1"),
    ];
    let (ct, body) = multipart(&fields, &[("photo", "p.jpg", "image/jpeg", photo.clone())]);
    let res = c.multipart_form("/submissions", &ct, body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), "/submissions/new");
    assert_eq!(app.count("submissions"), 0);
    assert!(app.media_files().is_empty(), "the photo of a refused submission is not left behind");
    let page = c.get("/submissions/new").await;
    assert!(page.text.contains("Başlık en az 5 karakter olmalı"), "field message shown");
    assert!(page.text.contains("Enlem ve boylamı sayı olarak girin"), "an unreadable coordinate is named");
    assert!(page.text.contains("value=\"abc\""), "typed title kept");

    // The same form, fixed, double-clicked: one submission, one photo.
    let fields = [
        ("kind", "idea"),
        ("title", "Parka çeşme konulsun"),
        ("body", "Yazın su yok."),
        ("category_id", "2"),
        ("neighbourhood_id", "3"),
        ("lat", "40,078"),
        ("lon", "29,513"),
        ("client_token", "tok-2"),
    ];
    let (ct, body) = multipart(&fields, &[("photo", "p.jpg", "image/jpeg", photo)]);
    let first = c.multipart_form("/submissions", &ct, body.clone()).await;
    let second = c.multipart_form("/submissions", &ct, body).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location(), second.location(), "the second click lands on the first submission");
    assert_eq!(app.count("submissions"), 1);
    let page = c.get(&first.location()).await;
    assert!(page.text.contains("Başvurunuz alındı"), "notice after sending");
    assert!(page.text.contains("Parka çeşme konulsun"));
    assert!(page.text.contains("/media/"), "the photo is on the page");
    let id = first.location().trim_start_matches("/submissions/").to_owned();
    let d = c.get(&format!("/api/v1/submissions/{id}")).await.json();
    assert_eq!(d["media"].as_array().unwrap().len(), 1);
    assert_eq!(app.media_files().len(), 2, "the repeated form's photo is not kept");
    assert!((d["lat"].as_f64().unwrap() - 40.078).abs() < 1e-9, "a decimal comma is read");
}
both_backends!(web_form_sqlite, web_form_postgres, the_web_form_sends_one_submission_with_its_photo);

async fn support_follow_comment_and_withdraw_work_without_javascript(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut author, _) = app.user_with_roles("author@example.com", &[Role::Citizen]).await;
    let (mut b, _) = app.user_with_roles("b@example.com", &[Role::Citizen]).await;
    let fields = [
        ("kind", "idea"),
        ("title", "Kütüphane geç saate kadar açık olsun"),
        ("body", "Sınav dönemi."),
        ("category_id", "8"),
        ("neighbourhood_id", "4"),
    ];
    let res = author.form("/submissions", &fields).await;
    let page = res.location();
    assert!(page.starts_with("/submissions/"), "{}", res.text);
    let id = page.trim_start_matches("/submissions/").to_owned();

    let mut anon = app.client();
    let res = anon.form_on(&page, &format!("/submissions/{id}/support"), &[("on", "1")]).await;
    assert_eq!(res.location(), format!("/sign-in?next={page}"), "back to the page after sign-in");

    assert_eq!(b.form(&format!("/submissions/{id}/support"), &[("on", "1")]).await.location(), page);
    let html = b.get(&page).await.text;
    assert!(
        html.contains("Desteğiniz kaydedildi")
            && html.contains("1 kişi destekliyor")
            && html.contains("Desteğimi geri al")
    );
    b.form(&format!("/submissions/{id}/support"), &[("on", "0")]).await;
    assert!(b.get(&page).await.text.contains("0 kişi destekliyor"));

    let res = b.form(&format!("/submissions/{id}/comments"), &[("body", "")]).await;
    assert_eq!(res.location(), format!("{page}#body"));
    assert!(b.get(&page).await.text.contains("Yorumunuzu yazın"));
    let res = b.form(&format!("/submissions/{id}/comments"), &[("body", "Çok iyi olur **kesinlikle**")]).await;
    assert!(res.location().contains("#comment-"));
    let html = b.get(&page).await.text;
    assert!(html.contains("<strong>kesinlikle</strong>") && html.contains("Yorumunuz yayımlandı"));
    assert!(author.get("/notifications").await.text.contains("Yeni yorum: Kütüphane geç saate kadar açık olsun"));
    assert!(author.get("/").await.text.contains("Bildirimler (1 yeni)"));
    author.form("/notifications/read", &[]).await;
    assert!(!author.get("/").await.text.contains("1 yeni"));

    b.form(&format!("/submissions/{id}/follow"), &[("on", "1")]).await;
    assert!(b.get(&page).await.text.contains("Takibi bırak"));
    assert_eq!(b.form(&format!("/submissions/{id}/withdraw"), &[]).await.status, StatusCode::FORBIDDEN);
    assert!(b.get(&page).await.text.contains("Destek topluyor"), "only the author can withdraw");
    author.form(&format!("/submissions/{id}/withdraw"), &[]).await;
    let html = author.get(&page).await.text;
    assert!(html.contains("Geri çekildi") && html.contains("Bu başvuru artık destek toplamıyor"));
    assert!(b.get("/notifications").await.text.contains("Durum değişti (Geri çekildi)"));
}
both_backends!(no_js_sqlite, no_js_postgres, support_follow_comment_and_withdraw_work_without_javascript);

async fn listing_search_and_tracking_pages_render_on_the_server(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut staff, _) = app.user_with_roles("op@example.com", &[Role::Citizen, Role::Staff]).await;
    let fields = [
        ("channel", "whatsapp"),
        ("citizen_name", "Mehmet Kaya"),
        ("citizen_contact", "0532 000 00 00"),
        ("consent", "1"),
        ("kind", "request"),
        ("title", "Çiçekli parka çöp kutusu"),
        ("body", "Kutu yok."),
        ("category_id", "3"),
        ("neighbourhood_id", "7"),
    ];
    let res = staff.form("/staff/intake", &fields).await;
    let page = res.location();
    assert!(page.starts_with("/submissions/"), "{page}");
    let html = staff.get(&page).await.text;
    let code = html.split("INE-").nth(1).map(|rest| format!("INE-{}", &rest[..11])).unwrap();
    assert!(html.contains(&format!("Vatandaşa takip kodunu iletin: {code}")));
    assert!(html.contains("WhatsApp"));

    let mut anon = app.client();
    let public = anon.get(&page).await.text;
    assert!(!public.contains("Mehmet") && !public.contains("0532"), "contact details never public");
    let listing = anon.get("/submissions?q=CICEKLI+parka").await;
    assert_eq!(listing.status, StatusCode::OK);
    assert!(listing.text.contains("Çiçekli parka çöp kutusu"));
    assert!(listing.text.contains("için 1 sonuç"));
    let none = anon.get("/submissions?q=otob%C3%BCs").await.text;
    assert!(none.contains("Bu filtrelere uyan başvuru yok"));
    let odd = anon.get("/submissions?kind=wish&page=-1&category=x").await;
    assert_eq!(odd.status, StatusCode::OK, "a hand-edited URL still shows a listing");

    let typed = code.to_lowercase().replace('-', "");
    let res = anon.get(&format!("/t?code={typed}")).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.location(), format!("/t/{code}"));
    let tracked = anon.get(&format!("/t/{code}")).await;
    assert_eq!(tracked.status, StatusCode::OK);
    assert!(tracked.text.contains("Alındı") && tracked.text.contains("Başvuru alındı"));
    let missing = anon.get("/t/INE-2001-000001").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("Bu takip koduyla bir başvuru bulunamadı"));
    assert!(anon.get("/t?code=merhaba").await.text.contains("Takip kodunu INE-2026-000123 biçiminde girin"));
    assert_eq!(anon.get("/submissions/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/submissions/new").await.status, StatusCode::FOUND, "sign in first");
    let (mut citizen, _) = app.user_with_roles("c@example.com", &[Role::Citizen]).await;
    assert_eq!(citizen.get("/staff/intake").await.status, StatusCode::FORBIDDEN);
    assert!(citizen.get("/my/submissions").await.text.contains("Henüz başvurunuz yok"));
}
both_backends!(pages_sqlite, pages_postgres, listing_search_and_tracking_pages_render_on_the_server);

async fn admins_edit_reference_data_and_the_threshold(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("admin@example.com", &[Role::Citizen, Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("c@example.com", &[Role::Citizen]).await;
    assert_eq!(citizen.get("/admin/reference").await.status, StatusCode::FORBIDDEN);
    assert_eq!(citizen.form("/admin/settings", &[("support_threshold", "5")]).await.status, StatusCode::FORBIDDEN);

    let page = admin.get("/admin/reference").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Fen İşleri Müdürlüğü") && page.text.contains("Tahtaköprü"));

    let res = admin.form("/admin/settings", &[("support_threshold", "0")]).await;
    assert_eq!(res.location(), "/admin/reference#ref-threshold");
    assert!(admin.get("/admin/reference").await.text.contains("Destek eşiği 1 ile 1.000.000 arasında"));
    admin.form("/admin/settings", &[("support_threshold", "3")]).await;
    let (mut author, _) = app.user_with_roles("a@example.com", &[Role::Citizen]).await;
    let body =
        json!({"kind": "idea", "title": "Eşik denemesi", "body": "Metin", "category_id": 1, "neighbourhood_id": 1});
    let id = author.json("POST", "/api/v1/submissions", body).await.json()["id"].clone();
    assert_eq!(author.get(&format!("/api/v1/submissions/{id}")).await.json()["support_threshold"], 3);

    // A new directorate, a category routed to it, and a submission in that category goes there.
    let res = admin
        .form(
            "/admin/directorates",
            &[("name_tr", "Akıllı Şehir Müdürlüğü"), ("name_en", "Smart City Directorate"), ("active", "1")],
        )
        .await;
    assert_eq!(res.location(), "/admin/reference#ref-directorate-new");
    let directorates = admin.get("/api/v1/directorates").await.json();
    let new_dir = directorates.as_array().unwrap().iter().find(|d| d["name_tr"] == "Akıllı Şehir Müdürlüğü").unwrap()
        ["id"]
        .clone();
    let dir_id = new_dir.to_string();
    admin
        .form(
            "/admin/categories",
            &[
                ("name_tr", "Akıllı kavşaklar"),
                ("name_en", "Smart junctions"),
                ("directorate_id", &dir_id),
                ("active", "1"),
            ],
        )
        .await;
    let categories = admin.get("/api/v1/categories").await.json();
    let cat = categories.as_array().unwrap().iter().find(|c| c["name_tr"] == "Akıllı kavşaklar").unwrap().clone();
    assert_eq!((cat["slug"].as_str(), &cat["directorate_id"]), (Some("smart_junctions"), &new_dir));
    let body = json!({"kind": "request", "title": "Kavşağa sensör", "body": "Metin", "category_id": cat["id"], "neighbourhood_id": 1});
    let created = author.json("POST", "/api/v1/submissions", body).await.json();
    assert_eq!(created["directorate_id"], new_dir);

    // Duplicates and bad input come back with field errors and the typed values.
    let res = admin.form("/admin/directorates", &[("name_tr", "Akıllı Şehir Müdürlüğü"), ("name_en", "x")]).await;
    assert_eq!(res.location(), "/admin/reference#ref-directorate-new");
    let html = admin.get("/admin/reference").await.text;
    assert!(html.contains("Bu adla bir kayıt zaten var"));
    assert!(html.contains("href=\"#ref-directorate-new-name_tr\""), "the summary links to the failing form's field");
    let hood = admin.get("/api/v1/neighbourhoods").await.json()[0].clone();
    let res = admin
        .form(
            &format!("/admin/neighbourhoods/{}", hood["id"]),
            &[
                ("name", hood["name"].as_str().unwrap()),
                ("kind", "urban"),
                ("lat", "41.5"),
                ("lon", "29.5"),
                ("active", "1"),
            ],
        )
        .await;
    assert!(res.location().ends_with(&format!("#ref-neighbourhood-{}", hood["id"])));
    assert!(admin.get("/admin/reference").await.text.contains("Konum İnegöl ilçe sınırları içinde olmalı"));

    // Making a category inactive hides it from the lists; old submissions keep it.
    admin
        .form(
            &format!("/admin/categories/{}", cat["id"]),
            &[("name_tr", "Akıllı kavşaklar"), ("name_en", "Smart junctions"), ("directorate_id", &dir_id)],
        )
        .await;
    let categories = admin.get("/api/v1/categories").await.json();
    assert!(!categories.as_array().unwrap().iter().any(|c| c["id"] == cat["id"]));
    assert_eq!(admin.get(&format!("/api/v1/submissions/{}", created["id"])).await.json()["category_id"], cat["id"]);
    assert_eq!(app.count("audit_log"), 4, "every saved change is audited, refused ones are not");
}
both_backends!(admin_reference_sqlite, admin_reference_postgres, admins_edit_reference_data_and_the_threshold);

async fn the_preview_shows_the_sanitised_body_and_sends_nothing(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut c, _) = app.user_with_roles("p@example.com", &[Role::Citizen]).await;
    let fields = [
        ("kind", "suggestion"),
        ("title", "Otobüs saatleri duraklara asılsın"),
        ("body", "Durakta **saat** yok </textarea><script>alert(1)</script>"),
        ("category_id", "5"),
        ("neighbourhood_id", "2"),
        ("action", "preview"),
    ];
    let res = c.form("/submissions", &fields).await;
    assert_eq!(res.location(), "/submissions/new#preview");
    assert_eq!(app.count("submissions"), 0, "a preview sends nothing");
    let page = c.get("/submissions/new").await.text;
    assert!(page.contains("Önizleme") && page.contains("<strong>saat</strong>"));
    assert!(!page.contains("<script>alert(1)"), "neither the preview nor the kept text can run a script");
    assert!(page.contains("&lt;/textarea&gt;&lt;script&gt;"), "the typed text comes back as text");
    assert!(page.contains("value=\"Otobüs saatleri duraklara asılsın\""), "the form keeps what was typed");
    let quoted = [("kind", "suggestion"), ("title", "Saat \"x\"><script>alert(2)</script>"), ("action", "preview")];
    c.form("/submissions", &quoted).await;
    let page = c.get("/submissions/new").await.text;
    assert!(!page.contains("<script>alert(2)"), "typed values are escaped in attributes too");
    let bad = [("kind", "suggestion"), ("title", "kısa"), ("action", "preview")];
    c.form("/submissions", &bad).await;
    let page = c.get("/submissions/new").await.text;
    assert!(page.contains("Başlık en az 5 karakter olmalı") && !page.contains("Önizleme</h2>"));
}
both_backends!(preview_sqlite, preview_postgres, the_preview_shows_the_sanitised_body_and_sends_nothing);
