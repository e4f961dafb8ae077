//! Turkish-aware text folding. `to_lowercase` maps 'I' to 'i', but Turkish needs 'ı' (and 'İ'
//! to 'i'), so we fold by Turkish rules first and then drop the accents, so that "inegol" finds
//! "İnegöl" and "IŞIK" finds "ışık".

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
}
