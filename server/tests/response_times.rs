//! Response times in working hours (issue 11): admins set the targets per kind, the working hours
//! and the holiday calendar (public reads); a service request gets its due times at receipt and
//! its first response from the first public step or official answer; queues show what is overdue
//! and due today; the statistics count working hours per month, kind and directorate.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use app::domain::roles::Role;
use app::domain::working_time::{from_istanbul, to_istanbul, Calendar};
use axum::http::StatusCode;
use common::{Kind, TestApp};
use serde_json::json;
use time::{Date, Month, PrimitiveDateTime, Time};

fn local(y: i32, m: u8, d: u8, h: u8, min: u8) -> PrimitiveDateTime {
    let date = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
    from_istanbul(PrimitiveDateTime::new(date, Time::from_hms(h, min, 0).unwrap()))
}

/// A stored time as SQL text (UTC, as both databases keep it).
fn sql(t: PrimitiveDateTime) -> String {
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

async fn complaint(who: &mut common::Client, title: &str) -> i64 {
    let body = json!({"kind": "complaint", "title": title, "body": "Üç gündür böyle.", "category_id": 1, "neighbourhood_id": 4});
    let res = who.json("POST", "/api/v1/submissions", body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()["id"].as_i64().unwrap()
}

async fn admins_set_targets_hours_and_holidays_everyone_reads_them(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut admin, _) = app.user_with_roles("yonetici@example.com", &[Role::Admin]).await;
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let mut visitor = app.client();

    let targets = visitor.get("/api/v1/response-targets").await.json();
    assert_eq!(
        targets,
        json!([
            {"kind": "complaint", "first_response_hours": 4, "resolution_days": 10},
            {"kind": "request", "first_response_hours": 8, "resolution_days": 15},
            {"kind": "information_request", "first_response_hours": 8, "resolution_days": 15}
        ])
    );
    let change = json!([{"kind": "complaint", "first_response_hours": 6, "resolution_days": 5}]);
    assert_eq!(visitor.json("PUT", "/api/v1/response-targets", change.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(citizen.json("PUT", "/api/v1/response-targets", change.clone()).await.status, StatusCode::FORBIDDEN);
    let wrong = json!([{"kind": "complaint", "first_response_hours": 0, "resolution_days": 400}, {"kind": "idea", "first_response_hours": 1, "resolution_days": 1}]);
    let res = admin.json("PUT", "/api/v1/response-targets", wrong).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let fields = &res.json()["error"]["fields"];
    assert_eq!(fields["complaint.first_response_hours"]["code"], "out_of_range", "{fields}");
    assert_eq!(fields["complaint.resolution_days"]["code"], "out_of_range");
    assert_eq!(fields["kind"]["code"], "not_a_service_request");
    let res = admin.json("PUT", "/api/v1/response-targets", change).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()[0], json!({"kind": "complaint", "first_response_hours": 6, "resolution_days": 5}));
    assert_eq!(
        visitor.get("/api/v1/response-targets").await.json()[1]["first_response_hours"],
        8,
        "other kinds keep theirs"
    );

    assert_eq!(
        visitor.get("/api/v1/working-hours").await.json(),
        json!({"open": "08:00", "close": "17:00", "half_day_close": "13:00"})
    );
    let res =
        admin.json("PUT", "/api/v1/working-hours", json!({"open": "8", "close": "25:00", "half_day_close": ""})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &res.json()["error"]["fields"];
    assert_eq!(
        (fields["open"]["code"].as_str(), fields["close"]["code"].as_str()),
        (Some("not_a_time"), Some("not_a_time"))
    );
    assert_eq!(fields["half_day_close"]["code"], "required");
    let res = admin
        .json("PUT", "/api/v1/working-hours", json!({"open": "09:00", "close": "08:30", "half_day_close": "08:45"}))
        .await;
    assert_eq!(res.json()["error"]["fields"]["close"]["code"], "close_before_open");
    let res = admin
        .json("PUT", "/api/v1/working-hours", json!({"open": "08:30", "close": "17:30", "half_day_close": "18:00"}))
        .await;
    assert_eq!(res.json()["error"]["fields"]["half_day_close"]["code"], "half_day_out_of_range");
    let res = admin
        .json("PUT", "/api/v1/working-hours", json!({"open": "8:30", "close": "17:30", "half_day_close": "12:30"}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(visitor.get("/api/v1/working-hours").await.json()["open"], "08:30");

    // The shipped calendar: every date of reference/turkey-holidays-2026-2027.csv, once.
    let holidays = visitor.get("/api/v1/holidays").await.json();
    let shipped = Calendar::turkey_2026_2027().unwrap();
    assert_eq!(holidays.as_array().unwrap().len(), shipped.holidays.len());
    let republic = holidays.as_array().unwrap().iter().find(|h| h["date"] == "2026-10-29").unwrap();
    assert_eq!(
        (republic["name_tr"].as_str(), republic["half_day"].as_bool()),
        (Some("Cumhuriyet Bayramı"), Some(false))
    );
    let eve = holidays.as_array().unwrap().iter().find(|h| h["date"] == "2026-03-19").unwrap();
    assert_eq!(eve["half_day"], true);

    let leave = json!({"date": "2027-01-04", "name_tr": "İdari izin", "kind": "administrative"});
    assert_eq!(citizen.json("POST", "/api/v1/holidays", leave.clone()).await.status, StatusCode::FORBIDDEN);
    let res = admin.json("POST", "/api/v1/holidays", leave.clone()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["name_en"], "İdari izin", "an empty English name is the Turkish one");
    let res = admin.json("POST", "/api/v1/holidays", leave).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.json()["error"]["fields"]["date"]["code"], "taken");
    let res =
        admin.json("POST", "/api/v1/holidays", json!({"date": "04.01.2027", "name_tr": "", "kind": "party"})).await;
    let fields = &res.json()["error"]["fields"];
    assert_eq!(
        (fields["date"]["code"].as_str(), fields["name_tr"]["code"].as_str(), fields["kind"]["code"].as_str()),
        (Some("not_a_date"), Some("required"), Some("invalid"))
    );
    assert_eq!(admin.json("DELETE", "/api/v1/holidays/2027-01-04", json!(null)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(admin.json("DELETE", "/api/v1/holidays/2027-01-04", json!(null)).await.status, StatusCode::NOT_FOUND);
    let audited = app.count(
        "audit_log WHERE action IN ('response_targets_set', 'working_hours_set', 'holiday_added', 'holiday_removed')",
    );
    assert_eq!(audited, 4, "every change is in the audit log");

    // The admin page's forms: a wrong value comes back with its message and what was typed.
    let res = admin
        .form_on(
            "/admin/response-times",
            "/admin/working-hours",
            &[("open", "09:00"), ("close", "08:00"), ("half_day_close", "08:30")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = admin.get("/admin/response-times").await.text;
    assert!(page.contains("Kapanış saati açılış saatinden sonra olmalı"), "the error, in Turkish");
    assert!(page.contains("value=\"08:00\""), "what was typed stays");
    let res = admin
        .form_on(
            "/admin/response-times",
            "/admin/response-times/targets",
            &[
                ("complaint.first_response_hours", "3"),
                ("complaint.resolution_days", "7"),
                ("request.first_response_hours", "8"),
                ("request.resolution_days", "15"),
                ("information_request.first_response_hours", "8"),
                ("information_request.resolution_days", "15"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.get("/api/v1/response-targets").await.json()[0]["first_response_hours"], 3);
    let res = admin
        .form_on(
            "/admin/response-times",
            "/admin/holidays",
            &[("date", "2027-02-01"), ("name_tr", "Kar tatili"), ("kind", "administrative")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(admin.get("/admin/response-times").await.text.contains("Kar tatili"));
    assert!(citizen.get("/admin/response-times").await.status == StatusCode::FORBIDDEN);
}

async fn a_request_is_due_in_working_time_and_answered_by_the_first_official_step(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let id = complaint(&mut citizen, "Sokak lambası yanmıyor").await;

    let detail = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    let due = detail["first_response_due_at"].as_str().unwrap().to_owned();
    assert!(due.ends_with("+03:00"), "due times are İnegöl's wall clock: {due}");
    assert!(detail["first_response_at"].is_null() && detail["resolved_at"].is_null());
    assert_eq!(detail["overdue"], false);
    // The due times are the domain's arithmetic on the stored receipt, with the stored calendar.
    let (received, first_due, resolution_due) = {
        use app::db::schema::submissions as s;
        use diesel::prelude::*;
        let mut c = app.state.pool.get().unwrap();
        s::table
            .find(id)
            .select((s::created_at, s::first_response_due_at, s::resolution_due_at))
            .first::<(PrimitiveDateTime, Option<PrimitiveDateTime>, Option<PrimitiveDateTime>)>(&mut *c)
            .unwrap()
    };
    let calendar = Calendar::turkey_2026_2027().unwrap();
    assert_eq!(first_due, Some(calendar.first_response_due(received, 4)));
    assert_eq!(resolution_due, Some(calendar.resolution_due(received, 10)));
    let local_due = to_istanbul(first_due.unwrap());
    assert!(due.starts_with(&format!(
        "{:04}-{:02}-{:02}T{:02}:",
        local_due.year(),
        u8::from(local_due.month()),
        local_due.day(),
        local_due.hour()
    )));

    let idea = json!({"kind": "idea", "title": "Parka satranç masası", "body": "Gençler için.", "category_id": 1, "neighbourhood_id": 4});
    let idea = citizen.json("POST", "/api/v1/submissions", idea).await.json()["id"].as_i64().unwrap();
    let detail = app.client().get(&format!("/api/v1/submissions/{idea}")).await.json();
    assert!(detail["first_response_due_at"].is_null(), "ideas have no response-time target");

    // The citizen's own comment is not an answer; the routing by staff is.
    citizen.json("POST", &format!("/api/v1/submissions/{id}/comments"), json!({"body": "Hâlâ yanmıyor."})).await;
    assert!(app.client().get(&format!("/api/v1/submissions/{id}")).await.json()["first_response_at"].is_null());
    let res = staff.json("POST", &format!("/api/v1/submissions/{id}/assignment"), json!({"directorate_id": 2})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let answered = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    let first = answered["first_response_at"].as_str().unwrap().to_owned();
    assert!(first.ends_with("+03:00"));
    let url = format!("/api/v1/submissions/{id}/transitions");
    let res = staff.json("POST", &url, json!({"to": "resolved", "public_note": "Lamba değiştirildi."})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let resolved = app.client().get(&format!("/api/v1/submissions/{id}")).await.json();
    assert!(resolved["resolved_at"].is_string(), "{resolved}");
    assert_eq!(resolved["first_response_at"], first.as_str(), "the first response stays the first");

    // An official answer is a first response too; the tracking page shows the due times.
    let other = complaint(&mut citizen, "Kaldırım çökmüş").await;
    let res = staff
        .json(
            "POST",
            &format!("/api/v1/submissions/{other}/comments"),
            json!({"body": "Ekip yönlendirildi.", "official": true}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let detail = app.client().get(&format!("/api/v1/submissions/{other}")).await.json();
    assert!(detail["first_response_at"].is_string(), "{detail}");
    let code = detail["reference"].as_str().unwrap().to_owned();
    let page = app.client().get(&format!("/t/{code}")).await.text;
    assert!(page.contains("İlk yanıt için son zaman") && page.contains("Yanıtlandı"), "the tracking page shows it");
    let tracked = app.client().get(&format!("/api/v1/track/{code}")).await.json();
    assert_eq!(tracked["resolution_due_at"], detail["resolution_due_at"], "{tracked}");
}

async fn queues_show_what_is_overdue_and_what_falls_due_today(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let (mut staff, _) = app.user_with_roles("personel@example.com", &[Role::Staff]).await;
    let late = complaint(&mut citizen, "Çöp toplanmadı").await;
    let today = complaint(&mut citizen, "Su kesintisi").await;
    let later = complaint(&mut citizen, "Park bankı kırık").await;
    let directorate =
        app.client().get(&format!("/api/v1/submissions/{late}")).await.json()["directorate_id"].as_i64().unwrap();
    // Received long ago: past due. Due at the last second of today (İnegöl). Due next year.
    let now = app::db::time::now();
    let local_now = to_istanbul(now);
    let end_of_today = from_istanbul(local_now.date().next_day().unwrap().midnight()) - time::Duration::seconds(1);
    app.exec(&format!(
        "UPDATE submissions SET first_response_due_at = {}, resolution_due_at = {} WHERE id = {late};
         UPDATE submissions SET first_response_due_at = {}, resolution_due_at = {} WHERE id = {today};
         UPDATE submissions SET first_response_due_at = {}, resolution_due_at = {} WHERE id = {later};",
        sql(local(2026, 1, 5, 9, 0)),
        sql(local(2026, 1, 20, 17, 0)),
        sql(end_of_today),
        sql(end_of_today + time::Duration::days(30)),
        sql(now + time::Duration::days(300)),
        sql(now + time::Duration::days(400)),
    ));
    let queue = staff.get(&format!("/api/v1/queues/{directorate}")).await.json();
    assert_eq!(
        (queue["total"].as_i64(), queue["overdue"].as_i64(), queue["due_today"].as_i64()),
        (Some(3), Some(1), Some(1)),
        "{queue}"
    );
    let overdue = staff.get(&format!("/api/v1/queues/{directorate}?overdue=true")).await.json();
    assert_eq!(overdue["total"], 1);
    assert_eq!(
        (overdue["items"][0]["id"].as_i64(), overdue["items"][0]["overdue"].as_bool()),
        (Some(late), Some(true))
    );
    assert_eq!(overdue["items"][0]["first_response_due_at"], "2026-01-05T09:00:00+03:00");
    let due = staff.get(&format!("/api/v1/queues/{directorate}?due_today=true")).await.json();
    assert_eq!((due["total"].as_i64(), due["items"][0]["id"].as_i64()), (Some(1), Some(today)), "{due}");
    // Answered: the first response no longer counts against it, the resolution still does.
    staff
        .json("POST", &format!("/api/v1/submissions/{late}/comments"), json!({"body": "Bakıyoruz.", "official": true}))
        .await;
    assert_eq!(
        staff.get(&format!("/api/v1/queues/{directorate}?overdue=true")).await.json()["total"],
        1,
        "resolution past due"
    );
    let page = staff.get(&format!("/staff/queue?directorate={directorate}&overdue=true")).await.text;
    assert!(page.contains("Çöp toplanmadı") && !page.contains("Park bankı kırık"), "the page filters the same way");
    assert!(page.contains("1 gecikmiş"));
}

async fn statistics_count_working_hours_per_month_kind_and_directorate(kind: Kind) {
    let app = TestApp::new(kind);
    let (mut citizen, _) = app.user_with_roles("ayse@example.com", &[Role::Citizen]).await;
    let a = complaint(&mut citizen, "Sokak lambası").await;
    let b = complaint(&mut citizen, "Kaldırım").await;
    let c = complaint(&mut citizen, "Çukur").await;
    // November 2026 in İnegöl. A: received Friday 6th at 18:30, answered Monday 9th at 09:00
    // (one working hour; due 12:00), resolved Wednesday 11th at 09:00 (two days and one hour,
    // due in ten). B: received Monday 9th at 09:00, due 13:00, answered Tuesday at 09:00 (nine
    // working hours: late). C: received Monday 9th at 10:00, never answered and still open.
    app.exec(&format!(
        "UPDATE submissions SET created_at = {}, first_response_due_at = {}, resolution_due_at = {}, first_response_at = {}, resolved_at = {}, status = 'resolved' WHERE id = {a};
         UPDATE submissions SET created_at = {}, first_response_due_at = {}, resolution_due_at = {}, first_response_at = {}, status = 'in_progress' WHERE id = {b};
         UPDATE submissions SET created_at = {}, first_response_due_at = {}, resolution_due_at = {}, status = 'routed' WHERE id = {c};",
        sql(local(2026, 11, 6, 18, 30)),
        sql(local(2026, 11, 9, 12, 0)),
        sql(local(2026, 11, 20, 17, 0)),
        sql(local(2026, 11, 9, 9, 0)),
        sql(local(2026, 11, 11, 9, 0)),
        sql(local(2026, 11, 9, 9, 0)),
        sql(local(2026, 11, 9, 13, 0)),
        sql(local(2026, 11, 23, 17, 0)),
        sql(local(2026, 11, 10, 9, 0)),
        sql(local(2026, 11, 9, 10, 0)),
        sql(local(2026, 11, 9, 14, 0)),
        sql(local(2026, 11, 23, 17, 0)),
    ));
    let stats = app.client().get("/api/v1/stats/response-times?from=2026-10&to=2026-11&kind=complaint").await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.text);
    let stats = stats.json();
    assert_eq!((stats["from"].as_str(), stats["to"].as_str()), (Some("2026-10"), Some("2026-11")));
    let months = stats["months"].as_array().unwrap();
    assert_eq!(months.len(), 2, "every month of the range, newest first");
    assert_eq!(
        months[1],
        json!({
            "month": "2026-10", "kind": null, "directorate_id": null, "count": 0,
            "median_first_response_hours": null, "first_response_within_target": null,
            "median_resolution_days": null, "resolution_within_target": null, "open": 0, "overdue": 0
        })
    );
    let november = &months[0];
    assert_eq!(november["month"], "2026-11");
    assert_eq!(november["count"], 3);
    assert_eq!(november["median_first_response_hours"], 5.0, "the median of 1 and 9 working hours");
    // A on time, B late, C unanswered and past due (it is now after 9 November).
    assert_eq!(november["first_response_within_target"], 0.333);
    // A resolved in 2 days and 1 hour of 9-hour days; B and C are past their resolution time.
    assert_eq!(november["median_resolution_days"], 2.1);
    assert_eq!(november["resolution_within_target"], 0.333);
    assert_eq!((november["open"].as_i64(), november["overdue"].as_i64()), (Some(2), Some(2)));
    let rows = stats["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "one kind and one directorate");
    assert_eq!((rows[0]["kind"].as_str(), rows[0]["count"].as_i64()), (Some("complaint"), Some(3)));
    assert!(rows[0]["directorate_id"].is_i64());
    let none = app.client().get("/api/v1/stats/response-times?from=2026-11&to=2026-11&kind=request").await.json();
    assert_eq!(none["months"][0]["count"], 0);

    for bad in ["from=2026-13", "from=2024-01&to=2026-12", "from=2026-11&to=2026-10", "kind=idea", "directorate=x"] {
        let res = app.client().get(&format!("/api/v1/stats/response-times?{bad}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.text);
    }
    let page = app.client().get("/response-times?from=2026-11&to=2026-11&kind=complaint").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Kasım 2026") && page.text.contains("%33"), "the public page shows the month");
    let wrong = app.client().get("/response-times?from=2026-99").await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.text.contains("error-summary"), "an unreadable month is named, and the default year shown");
}

both_backends!(
    admin_calendar_sqlite,
    admin_calendar_postgres,
    admins_set_targets_hours_and_holidays_everyone_reads_them
);
both_backends!(
    due_times_sqlite,
    due_times_postgres,
    a_request_is_due_in_working_time_and_answered_by_the_first_official_step
);
both_backends!(queue_due_sqlite, queue_due_postgres, queues_show_what_is_overdue_and_what_falls_due_today);
both_backends!(statistics_sqlite, statistics_postgres, statistics_count_working_hours_per_month_kind_and_directorate);
