//! (ssr) The listing and search query: filters, Turkish-aware full-text search (SQLite FTS5 or
//! PostgreSQL tsvector over the folded `search_title`/`search_body`), sort and page, with one
//! contract on both backends. Titles weigh four times the body in the ranking.
use super::model::{SummaryRow, COLUMNS};
use super::{
    ListFilter, ListPage, MapFeature, MapFeatures, MapItem, MapPoint, MapProperties, Sort, SubmissionSummary,
    SEARCH_RESULTS_MAX,
};
use crate::db::sql::{Count, Sql};
use crate::db::{Backend, DbConn, Plans, Pool};
use crate::domain::submissions::{Kind, Status};
use crate::domain::text::{fts5_query, pg_prefix_keys, pg_tsquery, search_terms};
use crate::error::AppResult;

/// FROM and WHERE of a filter, shared by the page query and its count.
fn from_where(sql: &mut Sql, f: &ListFilter, terms: &[String]) {
    let backend = sql.backend();
    if !terms.is_empty() && backend == Backend::Sqlite {
        sql.push(
            " FROM submissions_fts JOIN submissions s ON s.id = submissions_fts.rowid WHERE submissions_fts MATCH ",
        )
        .text(fts5_query(terms));
    } else if !terms.is_empty() {
        sql.push(
            " FROM submission_search ss JOIN submissions s ON s.id = ss.submission_id \
             WHERE ss.prefixes @@ to_tsquery('simple', ",
        )
        .text(pg_prefix_keys(terms, '&'))
        .push(")");
    } else {
        sql.push(" FROM submissions s WHERE 1 = 1");
    }
    // What is out of public view is in no public list (the search indexes hold public ones
    // only); its author's own list shows it, marked. The few out of view are left out by id (a
    // small partial index), so that every filter is still answered from its index alone.
    match f.author {
        Some(author) => sql.push(" AND s.author_id = ").int(author),
        None => sql.push(" AND s.id NOT IN (SELECT m.id FROM submissions m WHERE m.moderation IS NOT NULL)"),
    };
    if let Some(k) = f.kind {
        sql.push(" AND s.kind = ").text(k.as_str());
    }
    if let Some(st) = f.status {
        sql.push(" AND s.status = ").text(st.as_str());
    }
    if let Some(c) = f.category {
        sql.push(" AND s.category_id = ").int(c);
    }
    if let Some(n) = f.neighbourhood {
        sql.push(" AND s.neighbourhood_id = ").int(n);
    }
    if let Some(d) = f.directorate {
        sql.push(" AND s.directorate_id = ").int(d);
    }
}

fn order_by(sql: &mut Sql, sort: Sort, terms: &[String]) {
    match sort {
        // Relevance: submissions whose title has every word first, then the rest; newest first
        // within each (see `ranked_ids`).
        Sort::Relevance if !terms.is_empty() => match sql.backend() {
            Backend::Sqlite => sql
                .push(" ORDER BY (s.id IN (SELECT rowid FROM submissions_title_fts WHERE submissions_title_fts MATCH ")
                .text(fts5_query(terms))
                .push(")) DESC, s.id DESC"),
            Backend::Postgres => sql
                .push(" ORDER BY (ss.title_vector @@ to_tsquery('simple', ")
                .text(pg_tsquery(terms))
                .push(")) DESC, s.id DESC"),
        },
        Sort::Support => sql.push(" ORDER BY s.support_count DESC, s.id DESC"),
        Sort::Updated => sql.push(" ORDER BY s.updated_at DESC, s.id DESC"),
        Sort::New | Sort::Relevance => sql.push(" ORDER BY s.id DESC"),
    };
}

/// One page of submissions matching `f`, with the total (cached for a few seconds per filter).
/// A search's total is counted up to `SEARCH_COUNT_CAP` (past it, only "more than 1,000" is
/// known and said), and the ids of its pages are kept as long as the totals (see `db::cache`):
/// only the page's rows are read again, so supports and comments counted on them are current.
pub async fn list(pool: &Pool, f: ListFilter) -> AppResult<ListPage> {
    let terms = search_terms(&f.q);
    let searched_nothing = !f.q.trim().is_empty() && terms.is_empty();
    let count_key = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        f.kind,
        f.status,
        f.category,
        f.neighbourhood,
        f.directorate,
        f.author,
        terms.join(" ")
    );
    let mut cached_total = pool.caches().count(&count_key);
    // A total with no count to hand out is counted by one request; the others wait for it.
    let _counting = match cached_total {
        Some(_) => None,
        None => {
            let (turn, waited) = pool.caches().first_count(&count_key).await;
            if waited {
                cached_total = pool.caches().count(&count_key);
            }
            Some(turn)
        }
    };
    let titles_key = format!("titles|{count_key}");
    let cached_titles = pool.caches().count(&titles_key);
    // A search's page in relevance or newest order depends only on the words and the ids, which
    // no support or comment changes: its ids are kept with the totals. (Most supported or
    // recently updated first would not stay right for those seconds.)
    let ids_key = (!terms.is_empty() && matches!(f.sort, Sort::Relevance | Sort::New))
        .then(|| format!("ids|{count_key}|{:?}|{}|{}", f.sort, f.page, f.per_page));
    let cached_ids = ids_key.as_deref().and_then(|k| pool.caches().ids(k));
    // Where a deep page of the newest-first listing starts, as found the last time: the page is
    // then read from that id on, instead of stepping over every entry before it. Kept and
    // cleared with the totals (a new or withdrawn submission moves the pages). Page 2 of 100 per
    // page starts elsewhere than page 2 of 20: the page size is part of the key.
    let start_key = (f.sort == Sort::New && f.page > 1 && terms.is_empty())
        .then(|| format!("start|{count_key}|{}|{}", f.page, f.per_page));
    let known_start = start_key.as_deref().and_then(|k| pool.caches().count(k));
    let backend = pool.backend();
    let (page, per_page) = (f.page, f.per_page);
    let searching = !terms.is_empty();
    if let (Some(ids), Some(total)) = (cached_ids.clone(), cached_total) {
        let items = crate::db::read(pool, move |conn| rows_by_id(conn, backend, &ids)).await?;
        return Ok(ListPage::new(items, total, page, per_page, searching));
    }
    let plans = if searching { Plans::ForValues } else { Plans::Once };
    let (items, total, matches) = crate::db::read_with(pool, plans, move |conn| {
        if searched_nothing {
            return Ok((Vec::new(), 0, None));
        }
        // PostgreSQL: a search is counted first (the counts are cached), and the counts decide
        // how each relevance tier is read (see `Matches`).
        let matches = if backend == Backend::Postgres && index_only(&f, &terms) {
            let all = match cached_total {
                Some(n) => n,
                None => count(conn, backend, &f, &terms)?,
            };
            let titles = match cached_titles {
                Some(n) => n,
                // No title has words that no submission has (a word found nowhere).
                None if all == 0 => 0,
                None => count_matches(conn, backend, &terms, true)?,
            };
            Some(Matches { all, titles })
        } else {
            None
        };
        let items = match cached_ids {
            Some(ids) => rows_by_id(conn, backend, &ids)?,
            // Nothing matches, or the page starts past the last match: no page to read.
            None if matches.map(|m| m.all).or(cached_total).is_some_and(|n| n <= (f.page - 1) * f.per_page) => {
                Vec::new()
            }
            None => page_rows(conn, backend, &f, &terms, known_start, matches)?,
        };
        let total = match (matches, cached_total) {
            (Some(m), _) => m.all,
            (None, Some(n)) => n,
            // A short first page is the whole result: no need to count.
            (None, None) if f.page == 1 && (items.len() as i64) < f.per_page => items.len() as i64,
            (None, None) => count(conn, backend, &f, &terms)?,
        };
        Ok((items, total, matches))
    })
    .await?;
    if cached_total.is_none() {
        pool.caches().put_count(count_key, total);
    }
    if let (None, Some(m)) = (cached_titles, matches) {
        pool.caches().put_count(titles_key, m.titles);
    }
    if let (Some(key), None, Some(first)) = (start_key, known_start, items.first()) {
        pool.caches().put_count(key, first.id);
    }
    if let Some(key) = ids_key {
        let ids: Vec<i64> = items.iter().map(|s| s.id).collect();
        pool.caches().put_ids(key, &ids);
    }
    Ok(ListPage::new(items, total, page, per_page, searching))
}

/// A search is counted up to here: one more than can be paged through, enough to know that there
/// are more (and to page through all of them when there are not). Counting every one of 200,000
/// matches of a word in nearly every submission took 20–50 ms; counting 1,001 takes a fraction.
pub const SEARCH_COUNT_CAP: i64 = SEARCH_RESULTS_MAX + 1;

/// A search with no other filter is answered from the full-text index alone (the FTS5 table or the
/// narrow `submission_search` table; both hold only public submissions), then only the page's
/// rows are read.
fn index_only(f: &ListFilter, terms: &[String]) -> bool {
    !terms.is_empty()
        && f.kind.is_none()
        && f.status.is_none()
        && f.category.is_none()
        && f.neighbourhood.is_none()
        && f.directorate.is_none()
        && f.author.is_none()
        && matches!(f.sort, Sort::Relevance | Sort::New)
}

/// How many public submissions a PostgreSQL search matches, in all and in titles. The counts
/// decide how each relevance tier is read: a tier of few matches from the GIN index, then
/// sorted (`MATERIALIZED`, so the plan cannot fold it back), a tier of many newest first, where
/// its matches are dense. (Before every prefix was a key of its own, PostgreSQL could not
/// estimate a prefix query (`word:*`) and guessed a few thousand matches for everything: it read
/// a word found nowhere newest first through all 200,000 rows, 1.5 s, and collected every match
/// of a common word from the GIN index to sort them.)
#[derive(Debug, Clone, Copy)]
struct Matches {
    all: i64,
    titles: i64,
}

/// Up to this many matches a tier is read from the GIN index and sorted; above, newest first
/// (at 1,000 matches among 200,000, a page of 20 is found within the newest 4,000 or so). It is
/// as far as a search is counted anyway: counting on to 10,000 took 15–150 ms for a common word.
/// Both plans give the same pages; the tests set it to -1 to read a small city's searches the
/// way a large one's are read.
pub static FEW_MATCHES: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(SEARCH_RESULTS_MAX);

/// How far a search is counted: as far as its pages go, and on PostgreSQL as far as it takes to
/// know whether a tier has few matches or many (`Matches`).
fn count_cap(backend: Backend) -> i64 {
    match backend {
        Backend::Sqlite => SEARCH_COUNT_CAP,
        Backend::Postgres => SEARCH_COUNT_CAP.max(FEW_MATCHES.load(std::sync::atomic::Ordering::Relaxed) + 1),
    }
}

/// How many public submissions have every word: in their title (`titles`), or anywhere; counted
/// up to `count_cap`.
fn count_matches(conn: &mut DbConn, backend: Backend, terms: &[String], titles: bool) -> AppResult<i64> {
    let mut sql = Sql::new(backend);
    // A word in nearly every submission is counted by reading rows until the cap, a rarer one
    // from the GIN index: PostgreSQL chooses by the word's statistics, so it plans each count.
    sql.plan_each_time();
    sql.push("SELECT count(*) AS n FROM (");
    match (backend, titles) {
        (Backend::Sqlite, true) => sql
            .push("SELECT rowid FROM submissions_title_fts WHERE submissions_title_fts MATCH ")
            .text(fts5_query(terms)),
        (Backend::Sqlite, false) => {
            sql.push("SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH ").text(fts5_query(terms))
        }
        // The prefix vectors' keys have statistics, so PostgreSQL reads the GIN index for a rare
        // word and rows in order for one in most submissions. Planned on its own
        // (`MATERIALIZED`: with the LIMIT in sight, a misjudged pair of words that never meet
        // read the whole table newest first, 130 ms), and the LIMIT still stops reading rows at
        // the cap (a CTE is read as far as it is used).
        (Backend::Postgres, _) => sql
            .push(if titles {
                "WITH m AS MATERIALIZED (SELECT 1 FROM submission_search WHERE title_prefixes @@ to_tsquery('simple', "
            } else {
                "WITH m AS MATERIALIZED (SELECT 1 FROM submission_search WHERE prefixes @@ to_tsquery('simple', "
            })
            .text(pg_prefix_keys(terms, '&'))
            .push(")) SELECT 1 FROM m"),
    };
    sql.push(" LIMIT ").int(count_cap(backend)).push(") c");
    let rows: Vec<Count> = sql.load(conn)?;
    Ok(rows.first().map_or(0, |c| c.n))
}

/// Ids of one page of search results, in relevance order: first the submissions whose title has
/// every word, then those that have them only in the body; newest first within each. Both tiers
/// are read newest-first straight from the index, so a page costs the same for a word found in
/// ten submissions or in thirty thousand (a bm25/ts_rank over every match cost 10–30 ms for
/// common words), and the order is the same on SQLite and PostgreSQL.
fn ranked_ids(
    conn: &mut DbConn,
    backend: Backend,
    terms: &[String],
    relevance: bool,
    offset: i64,
    limit: i64,
    matches: Option<Matches>,
) -> AppResult<Vec<i64>> {
    // One query for every tier: SQLite has an index of titles alone (`submissions_title_fts`),
    // PostgreSQL title vectors, and both take the same query as the full index. PostgreSQL reads
    // its GIN indexes with exact keys (`keys`, on the prefix vectors) and checks rows one at a
    // time with prefixes (`q`, on the word vectors, which are smaller): both find the same rows.
    let q = match backend {
        Backend::Sqlite => fts5_query(terms),
        Backend::Postgres => pg_tsquery(terms),
    };
    let keys = pg_prefix_keys(terms, '&');
    let tier = |conn: &mut DbConn, which: u8, offset: i64, limit: i64| -> AppResult<Vec<i64>> {
        let mut sql = Sql::new(backend);
        // PostgreSQL, a tier of few matches: all of them from the index, then sorted.
        // The counts stop past `FEW_MATCHES` (see `count_cap`), so the body tier is known to
        // be few only when all the matches are.
        let few = matches.is_some_and(|m| {
            let n = match which {
                1 => m.titles,
                _ => m.all,
            };
            n <= FEW_MATCHES.load(std::sync::atomic::Ordering::Relaxed)
        });
        if few {
            sql.plan_each_time().push("WITH m AS MATERIALIZED (");
        }
        match (backend, which) {
            (Backend::Sqlite, 0) => {
                sql.push("SELECT rowid AS n FROM submissions_fts WHERE submissions_fts MATCH ").text(q.clone())
            }
            (Backend::Sqlite, 1) => sql
                .push("SELECT rowid AS n FROM submissions_title_fts WHERE submissions_title_fts MATCH ")
                .text(q.clone()),
            (Backend::Sqlite, _) => sql
                .push("SELECT rowid AS n FROM submissions_fts WHERE submissions_fts MATCH ")
                .text(q.clone())
                .push(" AND rowid NOT IN (SELECT rowid FROM submissions_title_fts WHERE submissions_title_fts MATCH ")
                .text(q.clone())
                .push(")"),
            // Few matches: all of them from the GIN indexes of the prefix vectors.
            (Backend::Postgres, 0) if few => sql
                .push("SELECT submission_id AS n FROM submission_search WHERE prefixes @@ to_tsquery('simple', ")
                .text(keys.clone())
                .push(")"),
            (Backend::Postgres, 1) if few => sql
                .push("SELECT submission_id AS n FROM submission_search WHERE title_prefixes @@ to_tsquery('simple', ")
                .text(keys.clone())
                .push(")"),
            (Backend::Postgres, _) if few => sql
                .push("SELECT submission_id AS n FROM submission_search WHERE prefixes @@ to_tsquery('simple', ")
                .text(keys.clone())
                .push(") AND NOT title_prefixes @@ to_tsquery('simple', ")
                .text(keys.clone())
                .push(")"),
            // Many matches: the word vectors, which have no index, so PostgreSQL reads newest
            // first by the primary key and stops at the page's end, instead of collecting tens
            // of thousands of matches from a GIN index to sort (`IS TRUE` keeps it so should
            // an index ever cover them).
            (Backend::Postgres, 0) => sql
                .push("SELECT submission_id AS n FROM submission_search WHERE (search_vector @@ to_tsquery('simple', ")
                .text(q.clone())
                .push(")) IS TRUE"),
            (Backend::Postgres, 1) => sql
                .push("SELECT submission_id AS n FROM submission_search WHERE (title_vector @@ to_tsquery('simple', ")
                .text(q.clone())
                .push(")) IS TRUE"),
            (Backend::Postgres, _) => sql
                .push("SELECT submission_id AS n FROM submission_search WHERE (search_vector @@ to_tsquery('simple', ")
                .text(q.clone())
                .push(") AND NOT title_vector @@ to_tsquery('simple', ")
                .text(q.clone())
                .push(")) IS TRUE"),
        };
        let order = match backend {
            Backend::Sqlite => " ORDER BY rowid DESC",
            Backend::Postgres if few => ") SELECT n FROM m ORDER BY n DESC",
            Backend::Postgres => " ORDER BY submission_id DESC",
        };
        sql.push(order).push(" LIMIT ").int(limit).push(" OFFSET ").int(offset);
        let rows: Vec<Count> = sql.load(conn)?;
        Ok(rows.into_iter().map(|c| c.n).collect())
    };
    if !relevance {
        return tier(conn, 0, offset, limit);
    }
    let mut ids = tier(conn, 1, offset, limit)?;
    if (ids.len() as i64) < limit {
        // The title tier ran out on this page: count it to know where the body tier starts.
        let in_titles = if let Some(m) = matches.filter(|_| ids.is_empty()) {
            m.titles
        } else if ids.is_empty() && offset > 0 {
            count_matches(conn, backend, terms, true)?
        } else {
            offset + ids.len() as i64
        };
        let rest_offset = (offset - in_titles).max(0);
        // No title has every word: the body tier is every match, and needs no title index.
        let body_tier = if in_titles == 0 { 0 } else { 2 };
        ids.extend(tier(conn, body_tier, rest_offset, limit - ids.len() as i64)?);
    }
    Ok(ids)
}

/// The summaries of `ids`, in that order.
fn rows_by_id(conn: &mut DbConn, backend: Backend, ids: &[i64]) -> AppResult<Vec<SubmissionSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM submissions s WHERE s.id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.int(*id);
    }
    sql.push(")");
    let rows: Vec<SummaryRow> = sql.load(conn)?;
    let mut by_id: std::collections::HashMap<i64, SubmissionSummary> =
        rows.into_iter().map(|r| Ok((r.id, r.into_view()?))).collect::<AppResult<_>>()?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// One page of a listing. `start`: the id the page is known to start at (newest first only).
fn page_rows(
    conn: &mut DbConn,
    backend: Backend,
    f: &ListFilter,
    terms: &[String],
    start: Option<i64>,
    matches: Option<Matches>,
) -> AppResult<Vec<SubmissionSummary>> {
    let mut sql = Sql::new(backend);
    if !terms.is_empty() {
        // How to find a search's matches depends on how many the words have (`count_matches`).
        sql.plan_each_time();
    }
    if index_only(f, terms) {
        let offset = (f.page - 1) * f.per_page;
        let ids = ranked_ids(conn, backend, terms, f.sort == Sort::Relevance, offset, f.per_page, matches)?;
        return rows_by_id(conn, backend, &ids);
    }
    push_page(&mut sql, f, terms, start);
    let rows: Vec<SummaryRow> = sql.load(conn)?;
    rows.into_iter().map(SummaryRow::into_view).collect()
}

/// The statement of one page of `f` (when it is not read from the search index alone): its
/// rows, in order.
fn push_page(sql: &mut Sql, f: &ListFilter, terms: &[String], start: Option<i64>) {
    sql.push("SELECT ").push(COLUMNS);
    if terms.is_empty() {
        // Page through the ids alone (an index scan), then read only the page's rows by id: an
        // offset of 10,000 then skips index entries, not whole rows. The page's ids are a list
        // (`IN`), not a table joined to: SQLite 3.50 joined that table the other way round and
        // read all 200,000 rows newest first for the listing's first page (120 ms each time).
        sql.push(" FROM submissions s WHERE s.id IN (SELECT s.id");
        from_where(sql, f, terms);
        if let Some(first) = start.filter(|_| f.sort == Sort::New) {
            sql.push(" AND s.id <= ").int(first);
            order_by(sql, f.sort, terms);
            sql.push(" LIMIT ").int(f.per_page);
        } else {
            order_by(sql, f.sort, terms);
            sql.push(" LIMIT ").int(f.per_page).push(" OFFSET ").int((f.page - 1) * f.per_page);
        }
        sql.push(")");
        order_by(sql, f.sort, terms);
    } else {
        from_where(sql, f, terms);
        order_by(sql, f.sort, terms);
        sql.push(" LIMIT ").int(f.per_page).push(" OFFSET ").int((f.page - 1) * f.per_page);
    }
}

/// One step of SQLite's plan for a statement (`EXPLAIN QUERY PLAN`).
#[derive(Debug, diesel::QueryableByName)]
pub struct PlanStep {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub parent: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub detail: String,
}

/// How SQLite plans the statement of `f`'s page (`push_page`), for the tests that keep the
/// listing's plans cheap on a city-sized database. SQLite only.
pub fn page_plan(conn: &mut DbConn, f: &ListFilter) -> AppResult<Vec<PlanStep>> {
    let mut sql = Sql::new(Backend::Sqlite);
    sql.push("EXPLAIN QUERY PLAN ");
    push_page(&mut sql, f, &search_terms(&f.q), None);
    Ok(sql.load(conn)?)
}

/// How many submissions match `f`; a search up to `count_cap`.
fn count(conn: &mut DbConn, backend: Backend, f: &ListFilter, terms: &[String]) -> AppResult<i64> {
    if index_only(f, terms) {
        return count_matches(conn, backend, terms, false);
    }
    let mut sql = Sql::new(backend);
    if terms.is_empty() {
        sql.push("SELECT count(*) AS n");
        from_where(&mut sql, f, terms);
    } else {
        sql.plan_each_time().push("SELECT count(*) AS n FROM (SELECT 1");
        from_where(&mut sql, f, terms);
        sql.push(" LIMIT ").int(count_cap(backend)).push(") c");
    }
    let rows: Vec<Count> = sql.load(conn)?;
    Ok(rows.first().map_or(0, |c| c.n))
}

/// Words too common to say two titles are about the same thing.
const STOPWORDS: &[&str] = &[
    "ve",
    "ile",
    "bir",
    "icin",
    "bu",
    "su",
    "da",
    "de",
    "ki",
    "mi",
    "ne",
    "cok",
    "daha",
    "en",
    "gibi",
    "olarak",
    "olsun",
    "yapilsin",
    "istiyoruz",
    "mahallesi",
    "mahalle",
    "the",
    "and",
    "for",
    "with",
];

/// Words of a title that count for similar submissions.
const SIMILAR_TERMS: usize = 4;
/// Newest matches ranked for similar submissions.
const SIMILAR_CANDIDATES: i64 = 300;

/// Up to `limit` public submissions whose title or body share words with `title`, best first:
/// what someone about to send a duplicate should see. Any shared word counts (OR), unlike the
/// search box, where every word must match.
///
/// Its cost is bounded whatever is typed: at most `SIMILAR_TERMS` words count (the longest, which
/// are the rarest), and only the newest `SIMILAR_CANDIDATES` matches are ranked, so a common word
/// does not mean ranking tens of thousands of submissions on every key press.
pub async fn similar(pool: &Pool, title: &str, limit: i64) -> AppResult<Vec<SubmissionSummary>> {
    let mut terms: Vec<String> = search_terms(title)
        .into_iter()
        .filter(|t| t.chars().count() >= 3 && !STOPWORDS.contains(&t.as_str()))
        .collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms.dedup();
    terms.truncate(SIMILAR_TERMS);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let backend = pool.backend();
    crate::db::read_with(pool, Plans::ForValues, move |conn| {
        let mut sql = Sql::new(backend);
        // Common words are read newest first, rare ones from the index (`count_matches`).
        sql.plan_each_time().push("SELECT ").push(COLUMNS);
        match backend {
            Backend::Sqlite => {
                let q = terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" OR ");
                // FTS5 reads matches newest first and stops at the candidate limit; bm25 is
                // computed for those rows only.
                sql.push(" FROM (SELECT rowid AS id, bm25(submissions_fts, 4.0, 1.0) AS score FROM submissions_fts WHERE submissions_fts MATCH ")
                    .text(q)
                    .push(" ORDER BY rowid DESC LIMIT ")
                    .int(SIMILAR_CANDIDATES)
                    .push(") c JOIN submissions s ON s.id = c.id ORDER BY c.score, s.id DESC");
            }
            Backend::Postgres => {
                // Found by the prefix vectors' GIN index (exact keys), ranked by the word vector
                // (it keeps the title's weight and the words' positions).
                let q = terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" | ");
                sql.push(" FROM (SELECT submission_id AS id, ts_rank(search_vector, to_tsquery('simple', ")
                    .text(q)
                    .push(")) AS score FROM submission_search WHERE prefixes @@ to_tsquery('simple', ")
                    .text(pg_prefix_keys(&terms, '|'))
                    .push(") ORDER BY submission_id DESC LIMIT ")
                    .int(SIMILAR_CANDIDATES)
                    .push(") c JOIN submissions s ON s.id = c.id ORDER BY c.score DESC, s.id DESC");
            }
        }
        sql.push(" LIMIT ").int(limit);
        let rows: Vec<SummaryRow> = sql.load(conn)?;
        rows.into_iter().map(SummaryRow::into_view).collect()
    })
    .await
}

/// The most features one map answer carries: a phone draws a few thousand clustered markers
/// without strain; past that, the map asks for a smaller box.
pub const MAP_FEATURES_MAX: i64 = 2_000;

/// Every located public submission, newest first, with what the map filters on and shows: what
/// `map::points` keeps in memory. On the 200k seed about 150k rows; read only when a write made
/// the kept copy old.
pub async fn located_all(pool: &Pool) -> AppResult<Vec<LocatedRow>> {
    let backend = pool.backend();
    crate::db::read(pool, move |conn| {
        let mut sql = Sql::new(backend);
        sql.push(LOCATED_COLUMNS);
        from_where(&mut sql, &ListFilter::default(), &[]);
        sql.push(" AND s.lat IS NOT NULL AND s.lon IS NOT NULL ORDER BY s.id DESC");
        Ok(sql.load(conn)?)
    })
    .await
}

/// What `LocatedRow` is read from.
const LOCATED_COLUMNS: &str =
    "SELECT s.id, s.reference, s.title, s.kind, s.status, s.lat, s.lon, s.category_id, s.neighbourhood_id, s.directorate_id";

/// A located public submission as the map shows and filters it.
#[derive(Debug, diesel::QueryableByName)]
pub struct LocatedRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub reference: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub title: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub status: String,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub lat: f64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub lon: f64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    pub category_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    pub neighbourhood_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    pub directorate_id: Option<i64>,
}

/// A submission as a map feature.
pub fn map_feature(
    id: i64,
    reference: &str,
    title: &str,
    kind: Kind,
    status: Status,
    lat: f64,
    lon: f64,
) -> MapFeature {
    MapFeature {
        kind: "Feature".into(),
        id,
        geometry: MapPoint { kind: "Point".into(), coordinates: [lon, lat] },
        properties: MapProperties {
            reference: reference.to_owned(),
            title: title.to_owned(),
            kind,
            status,
            url: format!("/submissions/{id}"),
        },
    }
}

/// The located public submissions matching the listing's filter `f` inside `bbox` (w, s, e, n),
/// newest first, at most `MAP_FEATURES_MAX` (`truncated` when more matched).
pub async fn located(pool: &Pool, f: ListFilter, bbox: Option<(f64, f64, f64, f64)>) -> AppResult<MapFeatures> {
    let terms = search_terms(&f.q);
    if !f.q.trim().is_empty() && terms.is_empty() {
        return Ok(MapFeatures { kind: "FeatureCollection".into(), features: Vec::new(), total: 0, truncated: false });
    }
    let backend = pool.backend();
    let plans = if terms.is_empty() { Plans::Once } else { Plans::ForValues };
    let rows: Vec<LocatedRow> = crate::db::read_with(pool, plans, move |conn| {
        let mut sql = Sql::new(backend);
        if !terms.is_empty() {
            sql.plan_each_time();
        }
        sql.push(LOCATED_COLUMNS);
        from_where(&mut sql, &f, &terms);
        sql.push(" AND s.lat IS NOT NULL AND s.lon IS NOT NULL");
        if let Some((w, s, e, n)) = bbox {
            // Bound, not written into the text: each box written out was one more statement
            // kept prepared on the connection, for as long as it lived.
            sql.push(" AND s.lat BETWEEN ").float(s).push(" AND ").float(n);
            sql.push(" AND s.lon BETWEEN ").float(w).push(" AND ").float(e);
        }
        sql.push(" ORDER BY s.id DESC LIMIT ").int(MAP_FEATURES_MAX + 1);
        Ok(sql.load(conn)?)
    })
    .await?;
    let total = rows.len() as i64;
    let features = rows
        .into_iter()
        .take(MAP_FEATURES_MAX as usize)
        .map(|r| {
            let (kind, status) = (Kind::stored(&r.kind)?, Status::stored(&r.status)?);
            let reference = r.reference.unwrap_or_default();
            Ok(MapItem::Submission(map_feature(r.id, &reference, &r.title, kind, status, r.lat, r.lon)))
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(MapFeatures { kind: "FeatureCollection".into(), features, total, truncated: total > MAP_FEATURES_MAX })
}
