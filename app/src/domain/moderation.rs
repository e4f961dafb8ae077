//! Finding Turkish profanity and insults, so that a comment or submission containing one goes to
//! pre-moderation instead of being published. The list is data (`reference/profanity-tr.txt`,
//! installed once into the database, where admins edit it); this module only folds and matches.
//!
//! Text is folded by Turkish case rules (İ→i, I→ı) and the usual tricks to dodge a filter are
//! undone (digits and symbols standing for letters, "siiiiktir"), but Turkish letters are *not*
//! turned into ASCII as search does (`text::fold_tr`): "sıkı" (tight), "sıkıntı" and "şike" are
//! everyday words that would all read as the vulgar "sik". ASCII spellings of an insult are
//! therefore entries of their own ("şerefsiz" and "serefsiz"). The price is paid by people who type
//! without Turkish letters: their "sik sik" (sık sık, often), "sikca" (sıkça) or "siki" (sıkı) is
//! the listed "sik" and goes to pre-moderation, where a moderator lets it through.
//!
//! Turkish is agglutinative, so an entry is a stem: a word matches when it is the stem followed by
//! nothing or by a short sequence of inflectional suffixes ("orospular", "salağa", "şerefsizsin").
//! Substring or prefix matching would flag "klasik", "müzik", "sikke" or "ambalaj"; requiring the
//! rest of the word to be made of suffixes does not. Vowel harmony is not checked (any variant of a
//! suffix is accepted), so some nonsense forms match too, and the odd foreign word ("picture" reads
//! as pic + tür + e).
//!
//! What it does not catch: letters split by spaces or punctuation ("s.i.k", "s i k" are separate
//! one-letter words; we do not guess), phrases whose words are harmless one by one, derived words
//! whose suffix is not in the grammar ("aptallık"), misspellings not in the list, and anything said
//! politely. It only decides what a moderator should look at first; people still decide.

/// The shipped list (one entry per line, `#` starts a comment), installed once into the database;
/// admins edit it there.
pub const DEFAULT_LIST: &str = include_str!("../../../reference/profanity-tr.txt");

/// Turkish lower case (İ→i, I→ı, then char lower-casing) and common letter substitutions used to
/// dodge filters (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s, €→e), with runs of three or more of
/// the same letter cut to one ("siiiik"→"sik"). Turkish letters are NOT mapped to ASCII (ı stays
/// ı, ş stays ş): "sıkı" (tight) and "şike" must never be read as a listed "sik".
pub fn fold(text: &str) -> String {
    let mut chars = Vec::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            'İ' => chars.push('i'),
            'I' => chars.push('ı'),
            '0' => chars.push('o'),
            '1' => chars.push('i'),
            '3' | '€' => chars.push('e'),
            '4' | '@' => chars.push('a'),
            '5' | '$' => chars.push('s'),
            '7' => chars.push('t'),
            other => chars.extend(other.to_lowercase()),
        }
    }
    let mut out = String::with_capacity(chars.len());
    let mut rest = chars.as_slice();
    while let Some(&first) = rest.first() {
        let run = rest.iter().take_while(|&&c| c == first).count();
        let kept = if run >= 3 && first.is_alphabetic() { 1 } else { run };
        out.extend(std::iter::repeat_n(first, kept));
        rest = &rest[run..];
    }
    out
}

/// The entries of a list as typed by an admin: one per line, trimmed, folded with `fold`, blank
/// lines and `#` comments skipped, duplicates removed, order kept. An entry is one word (letters
/// only after folding); a line with spaces or other characters is returned in the second vector
/// (the lines refused, as typed, so the admin page can say which).
///
/// A `#` anywhere starts a comment ("amk  # abbreviation" is the entry "amk"); a refused line is
/// returned trimmed and without its comment.
pub fn parse_list(text: &str) -> (Vec<String>, Vec<String>) {
    let mut entries: Vec<String> = Vec::new();
    let mut refused = Vec::new();
    for line in text.lines() {
        let typed = line.split_once('#').map_or(line, |(before, _)| before).trim();
        if typed.is_empty() {
            continue;
        }
        let entry = fold(typed);
        if !entry.chars().all(char::is_alphabetic) {
            refused.push(typed.to_string());
        } else if !entries.contains(&entry) {
            entries.push(entry);
        }
    }
    (entries, refused)
}

/// A compiled list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// Folded, non-empty, without duplicates, in the order given.
    entries: Vec<String>,
}

impl Lexicon {
    /// From entries (each is folded again; empty ones skipped).
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut folded: Vec<String> = Vec::new();
        for entry in entries.into_iter().map(|e| fold(e.trim())) {
            if !entry.is_empty() && !folded.contains(&entry) {
                folded.push(entry);
            }
        }
        Lexicon { entries: folded }
    }

    /// Whether the list has no entries (then nothing matches).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The first listed entry that a word of `text` is (the stem itself or the stem with Turkish
    /// suffixes), or None.
    pub fn find(&self, text: &str) -> Option<String> {
        let folded = fold(text);
        let words: Vec<&str> = folded.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
        self.entries.iter().find(|entry| words.iter().any(|word| is_form_of(word, entry))).cloned()
    }
}

/// Inflectional suffixes, every vowel-harmony variant. Plural -ler. Possessive: -im, -in, -i, -si,
/// -imiz, -iniz, -leri. Case: -e, -ye, -i, -yi, -de/-te, -den/-ten, -in, -nin, -le, -yle, -ile,
/// and the buffer-n forms after a possessive (-ne, -ni, -nde, -nden). Copula: -dir/-tir, -sin,
/// -siniz, -ler. Then -ki and -ce/-çe.
const SUFFIXES: &[&str] = &[
    "ler", "lar", "leri", "ları", //
    "im", "ım", "um", "üm", "in", "ın", "un", "ün", "i", "ı", "u", "ü", //
    "si", "sı", "su", "sü", "imiz", "ımız", "umuz", "ümüz", "iniz", "ınız", "unuz", "ünüz", //
    "e", "a", "ye", "ya", "yi", "yı", "yu", "yü", //
    "de", "da", "te", "ta", "den", "dan", "ten", "tan", //
    "nin", "nın", "nun", "nün", "le", "la", "yle", "yla", "ile", //
    "ne", "na", "ni", "nı", "nu", "nü", "nde", "nda", "nden", "ndan", //
    "dir", "dır", "dur", "dür", "tir", "tır", "tur", "tür", //
    "sin", "sın", "sun", "sün", "siniz", "sınız", "sunuz", "sünüz", //
    "ki", "ce", "ca", "çe", "ça",
];

/// At most this many suffixes follow a stem.
const MAX_SUFFIXES: usize = 4;

/// Whether `rest` is a sequence of at most `left` suffixes (the empty sequence included).
fn is_suffixes(rest: &str, left: usize) -> bool {
    rest.is_empty()
        || (left > 0 && SUFFIXES.iter().any(|s| rest.strip_prefix(s).is_some_and(|after| is_suffixes(after, left - 1))))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'ı' | 'i' | 'o' | 'ö' | 'u' | 'ü' | 'â' | 'î' | 'û')
}

/// Whether `word` is `stem` itself or `stem` with suffixes, also with the stem's last consonant
/// softened before a vowel-initial suffix: k→ğ (salak → salağa; after n, k→g: pezevenk →
/// pezevengi), p→b, t→d, ç→c. ASCII "salaga" is not read as softened: k→g everywhere would also
/// read "sigin" (sığın, take shelter) as "sik".
fn is_form_of(word: &str, stem: &str) -> bool {
    if word.strip_prefix(stem).is_some_and(|rest| is_suffixes(rest, MAX_SUFFIXES)) {
        return true;
    }
    let Some(last) = stem.chars().last() else {
        return false;
    };
    let head = &stem[..stem.len() - last.len_utf8()];
    let soft = match last {
        'k' if head.ends_with('n') => 'g',
        'k' => 'ğ',
        'p' => 'b',
        't' => 'd',
        'ç' => 'c',
        _ => return false,
    };
    word.strip_prefix(head)
        .and_then(|rest| rest.strip_prefix(soft))
        .is_some_and(|after| after.chars().next().is_some_and(is_vowel) && is_suffixes(after, MAX_SUFFIXES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Lexicon {
        let (entries, refused) = parse_list(DEFAULT_LIST);
        assert!(refused.is_empty(), "the shipped list has lines it refuses: {refused:?}");
        Lexicon::new(entries.iter().map(String::as_str))
    }

    #[test]
    fn folds_turkish_case_and_substitutions_but_keeps_turkish_letters() {
        assert_eq!(fold("ŞEREFSİZ"), "şerefsiz");
        assert_eq!(fold("IŞIK İnegöl"), "ışık inegöl");
        assert_eq!(fold("s1kt1r 0rospu $@l4k 3mbe5il g4v47 €"), "siktir orospu salak embesil gavat e");
        assert_eq!(fold("siiiiktir saat yarrak!!!"), "siktir saat yarrak!!!");
        assert_eq!(fold("sıkı şike"), "sıkı şike");
    }

    #[test]
    fn the_shipped_list_parses_and_has_no_everyday_entries() {
        let lexicon = shipped();
        assert!((40..=80).contains(&lexicon.len()), "{} entries", lexicon.len());
        for everyday in ["am", "mal", "göt", "hıyar", "kaşar", "alçak", "eşek", "ezik", "sıkı", "şike"] {
            assert_eq!(lexicon.find(everyday), None, "{everyday}");
        }
    }

    #[test]
    fn suffixed_forms_match() {
        let lexicon = shipped();
        for (word, entry) in [
            ("orospular", "orospu"),
            ("orospuya", "orospu"),
            ("şerefsizler", "şerefsiz"),
            ("şerefsizin", "şerefsiz"),
            ("şerefsizsiniz", "şerefsiz"),
            ("serefsizler", "serefsiz"),
            ("salağa", "salak"),
            ("salağın", "salak"),
            ("piçler", "piç"),
            ("piçin", "piç"),
            ("pezevengin", "pezevenk"),
            ("aptallar", "aptal"),
            ("aptalca", "aptal"),
            ("aptalsın", "aptal"),
            ("Gerizekalılar", "gerizekalı"),
            ("ibnelerin", "ibne"),
            ("yavşaklara", "yavşak"),
        ] {
            assert_eq!(lexicon.find(word).as_deref(), Some(entry), "{word}");
        }
    }

    #[test]
    fn upper_case_and_dodges_match() {
        let lexicon = shipped();
        assert_eq!(lexicon.find("SALAK").as_deref(), Some("salak"));
        assert_eq!(lexicon.find("Bunlar ŞEREFSİZ!").as_deref(), Some("şerefsiz"));
        assert_eq!(lexicon.find("AŞAĞILIK herifler").as_deref(), Some("aşağılık"));
        assert_eq!(lexicon.find("s1kt1r git").as_deref(), Some("siktir"));
        assert_eq!(lexicon.find("0rospu").as_deref(), Some("orospu"));
        assert_eq!(lexicon.find("siiiiktir").as_deref(), Some("siktir"));
        assert_eq!(lexicon.find("bu ne ya, amk").as_deref(), Some("amk"));
    }

    #[test]
    fn letters_split_by_punctuation_are_separate_words() {
        // "s.i.k" is three one-letter words: we do not guess what was meant.
        let lexicon = shipped();
        assert_eq!(lexicon.find("s.i.k"), None);
        assert_eq!(lexicon.find("s i k t i r"), None);
        assert_eq!(lexicon.find("salak'sın").as_deref(), Some("salak"));
    }

    #[test]
    fn ordinary_words_that_contain_a_stem_pass() {
        let lexicon = shipped();
        let ordinary = "klasik müzik sikke sikkeler ambalaj şikayet sikayet sıkıntı sikinti sıkı şike siklet \
            malzeme amaç amacımız ambulans pikap salata kapı İnegöl göt götür götürmek picnic amca \
            amcası taşa taşınma yara yaraları dallar pusula ibadet namus şeref aşağı aşağıda geri \
            zekalı gerçek kahve";
        for word in ordinary.split_whitespace() {
            assert_eq!(lexicon.find(word), None, "{word}");
        }
        // The price of listing "sik" (module doc): typed without Turkish letters, "sık sık" is it.
        assert_eq!(lexicon.find("sik sik").as_deref(), Some("sik"));
    }

    #[test]
    fn an_ordinary_complaint_passes() {
        let complaint = "Merhaba, Cerrah Mahallesi'ndeki Sakarya Caddesi'nde asfalt çok kötü durumda. Geçen hafta \
            yağmurdan sonra çukurlar su doldu; sabah okula giden çocuklar ve yaşlılar kaldırımsız yolda yürümek \
            zorunda kalıyor. Ambulansın bile zor geçtiği bu yolda sıkıntı büyük, esnaf da şikayetçi, müşteriler \
            dükkânlara gelemiyor. Aşağıdaki fotoğrafta kapının önündeki çukuru görebilirsiniz. Belediyeden \
            ekiplerin en kısa zamanda gelip yolu onarmasını, malzeme eksikse bile geçici bir dolgu yapılmasını \
            rica ediyoruz. Konuyu daha önce 153'ü arayarak ve 0530 157 30 00 numaralı WhatsApp hattından da \
            bildirdim ama hâlâ bir şey yapılmadı. Amacımız sadece güvenli bir yol; klasik bir şikâyet değil, \
            sıkı bir takip rica ediyoruz. İlginiz için teşekkürler, İnegöl'den saygılarımla.";
        assert_eq!(shipped().find(complaint), None);
    }

    #[test]
    fn neighbourhood_and_directorate_names_pass() {
        let lexicon = shipped();
        for csv in [
            include_str!("../../../reference/inegol-neighbourhoods.csv"),
            include_str!("../../../reference/inegol-directorates.csv"),
        ] {
            for line in csv.lines().skip(1) {
                let name = line.split(',').next().unwrap_or_default();
                for word in fold(name).split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
                    assert_eq!(lexicon.find(word), None, "{word} in {name}");
                }
            }
        }
    }

    #[test]
    fn parse_list_skips_comments_blanks_and_duplicates_and_refuses_phrases() {
        let typed =
            "# Our list\n\n  Salak  \nSALAK\nsalak # again\n$erefsiz\ngeri zekalı\nmal-adam\n2pac\n   \n#x\nAPTAL";
        let (entries, refused) = parse_list(typed);
        assert_eq!(entries, vec!["salak", "serefsiz", "aptal"]);
        assert_eq!(refused, vec!["geri zekalı", "mal-adam", "2pac"]);
        assert_eq!(parse_list("# only a comment\n\n"), (vec![], vec![]));
    }

    #[test]
    fn an_admins_own_entry_matches_its_suffixed_forms() {
        let lexicon = Lexicon::new(["  Kıro ", "", "kıro", "KÖPEK"]);
        assert_eq!(lexicon.len(), 2);
        assert!(!lexicon.is_empty());
        assert_eq!(lexicon.find("Kıroların işi bu").as_deref(), Some("kıro"));
        assert_eq!(lexicon.find("köpeğe").as_deref(), Some("köpek"));
        assert_eq!(lexicon.find("köpekbalığı"), None);
        assert!(Lexicon::new([]).is_empty());
        assert_eq!(Lexicon::default().find("her şey"), None);
    }
}
