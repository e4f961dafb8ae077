//! Turkish-aware text folding. `to_lowercase` maps 'I' to 'i', but Turkish needs 'ı' (and 'İ'
//! to 'i'), so we fold by Turkish rules first and then drop the accents, so that "inegol" finds
//! "İnegöl" and "IŞIK" finds "ışık".
//! Searches are cut into folded words the same way (`search_terms`) and only then turned into
//! an FTS5 or PostgreSQL query, so nothing typed into a search box is query syntax.

/// Folds text for matching: Turkish case rules, then accents removed (ç→c, ğ→g, ı→i, ö→o, ş→s,
/// ü→u, â→a, î→i, û→u). Not for display.
pub fn fold_tr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            'İ' | 'I' | 'ı' | 'i' | 'Î' | 'î' => out.push('i'),
            'Ç' | 'ç' => out.push('c'),
            'Ğ' | 'ğ' => out.push('g'),
            'Ö' | 'ö' => out.push('o'),
            'Ş' | 'ş' => out.push('s'),
            'Ü' | 'ü' | 'Û' | 'û' => out.push('u'),
            'Â' | 'â' => out.push('a'),
            other => out.extend(other.to_lowercase()),
        }
    }
    out
}

/// Turkish alphabetical order key (c < ç, g < ğ, ı < i, o < ö, s < ş, u < ü), for sorting
/// names such as neighbourhoods. Each letter maps to its rank in the Turkish alphabet.
pub fn tr_sort_key(s: &str) -> Vec<u32> {
    const ALPHABET: &str = "abcçdefgğhıijklmnoöprsştuüvyz";
    s.chars()
        .map(|ch| {
            let lower = match ch {
                'I' => 'ı',
                'İ' => 'i',
                c => c.to_lowercase().next().unwrap_or(c),
            };
            match ALPHABET.chars().position(|a| a == lower) {
                Some(p) => p as u32 * 2 + 1000,
                None => lower as u32 + 2000,
            }
        })
        .collect()
}

/// The stored search form of a title or body: folded words separated by single spaces. Both
/// full-text engines then see the same plain words (PostgreSQL's parser would otherwise read
/// e-mail addresses, URLs and hyphenated words its own way), so both find the same rows.
pub fn search_text(s: &str) -> String {
    let folded = fold_tr(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// At most this many words of a search are used.
pub const MAX_SEARCH_TERMS: usize = 6;
/// Longer words are searched by their first this many letters: the longest prefix the SQLite
/// index keeps (`prefix='2 … 12'`), so each word is one index lookup, never a merge of the
/// posting lists of every word it begins. Turkish words are matched as prefixes anyway
/// ("kaldırım" finds "kaldırımlar"), so a cut word finds what the whole word found, and at
/// most a few more words with the same twelve first letters.
pub const MAX_TERM_CHARS: usize = 12;

/// The words of a search, folded like the stored `search_text` (Turkish case rules, accents
/// dropped) and stripped of everything but letters and digits, so that quotes, `*`, `-`, `OR`,
/// `NEAR(…)` or SQL typed into the box are only ever words, never query syntax. One-letter words
/// are left out (as a prefix, one letter matches most of the index and narrows nothing), and at
/// most `MAX_SEARCH_TERMS` words count: every further word would only narrow, at the cost of one
/// more posting list to merge.
pub fn search_terms(query: &str) -> Vec<String> {
    fold_tr(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(|w| w.chars().take(MAX_TERM_CHARS).collect::<String>())
        .take(MAX_SEARCH_TERMS)
        .collect()
}

/// An SQLite FTS5 MATCH expression: every term must appear, each as a prefix ("cice" finds
/// "cicek"). Terms are letters and digits only, then quoted, so FTS5 reads no operator.
pub fn fts5_query(terms: &[String]) -> String {
    terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ")
}

/// A PostgreSQL `to_tsquery('simple', …)` expression with the same meaning as `fts5_query`, for
/// the word vectors (`search_vector`, `title_vector`): every term as a prefix. It is what a row
/// is checked with one at a time; the GIN indexes are read with `pg_prefix_keys`.
pub fn pg_tsquery(terms: &[String]) -> String {
    terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ")
}

/// The same search as `pg_tsquery`, for the prefix vectors (`prefixes`, `title_prefixes`: every
/// prefix of 2 to `MAX_TERM_CHARS` letters of every word is a lexeme of its own): each term is
/// one exact key of the GIN index. `join` is `&` (every word) or `|` (any word).
pub fn pg_prefix_keys(terms: &[String], join: char) -> String {
    terms.iter().map(String::as_str).collect::<Vec<_>>().join(&format!(" {join} "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_by_turkish_rules() {
        assert_eq!(fold_tr("İnegöl"), "inegol");
        assert_eq!(fold_tr("IŞIK"), "isik");
        assert_eq!(fold_tr("Çiçek"), "cicek");
        assert_eq!(fold_tr("ĞÜŞÖÇ ığüşöç"), "gusoc igusoc");
        assert_eq!(fold_tr("Tahtaköprü"), "tahtakopru");
    }

    #[test]
    fn sorts_in_turkish_alphabet_order() {
        let mut names = vec!["Çitli", "Cuma", "Ilıca", "İclaliye", "Osmaniye", "Örnekköy", "Şehitler", "Sinanbey"];
        names.sort_by_key(|n| tr_sort_key(n));
        assert_eq!(names, vec!["Cuma", "Çitli", "Ilıca", "İclaliye", "Osmaniye", "Örnekköy", "Sinanbey", "Şehitler"]);
    }

    #[test]
    fn stored_search_text_is_plain_folded_words() {
        assert_eq!(search_text("İnegöl'ün  Çiçek-Parkı (e-posta: a@b.tr)"), "inegol un cicek parki e posta a b tr");
    }

    #[test]
    fn search_operators_and_sql_are_only_words() {
        assert_eq!(search_terms("İnegöl ÇİÇEK"), vec!["inegol", "cicek"]);
        assert_eq!(search_terms("  "), Vec::<String>::new());
        let hostile = search_terms("park\" OR \"x\"* NEAR(a b) -çöp'; DROP TABLE users; --");
        assert_eq!(hostile, vec!["park", "or", "near", "cop", "drop", "table"]);
        assert_eq!(fts5_query(&hostile[..2]), "\"park\"* \"or\"*");
        assert_eq!(pg_tsquery(&hostile[..2]), "park:* & or:*");
        assert_eq!(pg_prefix_keys(&hostile[..2], '&'), "park & or");
        assert_eq!(pg_prefix_keys(&hostile[..3], '|'), "park | or | near");
        assert_eq!(search_terms(&"ab ".repeat(50)).len(), MAX_SEARCH_TERMS);
        assert!(search_terms("a e i o u 5").is_empty(), "one letter or digit narrows nothing");
        assert_eq!(search_terms("5 nolu sokak"), vec!["nolu", "sokak"]);
        assert_eq!(search_terms(&"k".repeat(100))[0].len(), MAX_TERM_CHARS);
    }
}
