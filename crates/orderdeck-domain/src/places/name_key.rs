//! How a place name is written by buyers, reduced to one key: "Quận 1", "Q.1", "q1",
//! "District 1" and "quan 01" are all the district key `1`; "TP. Hồ Chí Minh", "Thành
//! phố Hồ Chí Minh", "HCM" and "ho chi minh city" all the province key `hochiminh`.
//!
//! The key drops diacritics, case, punctuation, spaces and the unit's type word (the
//! type stays as a hint that breaks ties such as Hậu Giang's "Huyện Long Mỹ" and "Thị xã
//! Long Mỹ"). Numbers lose leading zeros ("Phường 05" is "Phường 5").

use super::Level;
use crate::text::fold;

/// The kind of unit a type word names: a tie-breaker when two places share a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Quận, phường: urban.
    Urban,
    /// Huyện, xã: rural.
    Rural,
    /// Thị xã, thị trấn: towns.
    Town,
    /// Thành phố: a city (a province-level or a district-level one).
    City,
    /// Tỉnh: a province.
    Province,
}

/// Type words, longest first, as buyers write them (lower case, split on punctuation).
/// A Vietnamese type word matches written with its diacritics or with none — but not
/// with other ones: "Phương Liệt" is a name, "Phường Liệt" a ward.
fn type_words(level: Level) -> &'static [(&'static [&'static str], Kind)] {
    match level {
        Level::Province => &[
            (&["thành", "phố"], Kind::City),
            (&["tp"], Kind::City),
            (&["t", "p"], Kind::City),
            (&["tỉnh"], Kind::Province),
            (&["city"], Kind::City),
            (&["province"], Kind::Province),
        ],
        Level::District => &[
            (&["thành", "phố"], Kind::City),
            (&["thị", "xã"], Kind::Town),
            (&["tp"], Kind::City),
            (&["t", "p"], Kind::City),
            (&["tx"], Kind::Town),
            (&["quận"], Kind::Urban),
            (&["q"], Kind::Urban),
            (&["huyện"], Kind::Rural),
            (&["h"], Kind::Rural),
            (&["district"], Kind::Urban),
            (&["dist"], Kind::Urban),
            (&["city"], Kind::City),
            (&["town"], Kind::Town),
        ],
        Level::Ward => &[
            (&["thị", "trấn"], Kind::Town),
            (&["tt"], Kind::Town),
            (&["phường"], Kind::Urban),
            (&["p"], Kind::Urban),
            (&["xã"], Kind::Rural),
            (&["x"], Kind::Rural),
            (&["ward"], Kind::Urban),
            (&["commune"], Kind::Rural),
            (&["town"], Kind::Town),
        ],
    }
}

/// English type words come after the name ("Ben Nghe Ward", "Binh Thanh District").
const AFTER: &[&str] = &["ward", "commune", "district", "city", "town", "province"];

/// Short forms glued to a number ("q1", "p12", "tp3"), split before the type is read.
const GLUED: &[&str] = &["q", "p", "h", "x", "tx", "tt", "tp"];

/// A written name reduced for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// No diacritics, case, spaces or type word: what names are matched by.
    pub folded: String,
    /// The same with diacritics kept: breaks ties between names that differ only in
    /// them ("Sa Pa" and "Sa Pả").
    pub exact: String,
    /// The unit's kind, when a type word was written.
    pub kind: Option<Kind>,
    /// The writer used diacritics (anywhere in the name), so `exact` means something.
    pub marked: bool,
    /// The folded key with the type word kept, when the type word was written without
    /// diacritics and may have been part of the name ("phuong liet": Phường Liệt, or
    /// Phương Liệt?). Tried when `folded` finds nothing.
    pub whole: Option<String>,
}

fn word_is(written: &str, type_word: &str) -> bool {
    written == type_word || written == fold(type_word)
}

/// A written name as a [`Key`].
pub fn key(level: Level, written: &str) -> Key {
    let lower = written.to_lowercase();
    let mut words: Vec<String> = Vec::new();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        match split_glued(w) {
            Some((head, num)) if words.is_empty() => {
                words.push(head.to_string());
                words.push(num.to_string());
            }
            _ => words.push(w.to_string()),
        }
    }
    let mut kind = None;
    let mut whole = None;
    let last_is_type = words.last().is_some_and(|w| AFTER.contains(&w.as_str()));
    let types = type_words(level);
    if last_is_type && words.len() > 1 {
        if let Some((_, k)) = types
            .iter()
            .find(|(t, _)| t.len() == 1 && word_is(&words[words.len() - 1], t[0]))
        {
            words.pop();
            kind = Some(*k);
        }
    } else {
        for (t, k) in types {
            let n = t.len();
            if words.len() > n && words.iter().zip(t.iter()).all(|(a, b)| word_is(a, b)) {
                // Spelled out without diacritics, the word may be the name's own.
                if words
                    .iter()
                    .zip(t.iter())
                    .any(|(a, b)| a != b && a.len() > 2)
                {
                    whole = Some(join(&words, true));
                }
                words.drain(..n);
                kind = Some(*k);
                break;
            }
        }
    }
    Key {
        folded: join(&words, true),
        exact: join(&words, false),
        kind,
        marked: fold(&lower) != lower,
        whole,
    }
}

/// Old-style tone placement ("hoà", "thuỷ") written the new way ("hòa", "thủy"), so the
/// two spellings compare equal with their diacritics.
fn tone_style(word: &str) -> String {
    const MOVES: &[(&str, &str)] = &[
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ];
    let mut w = word.to_string();
    for (old, new) in MOVES {
        if w.contains(old) {
            w = w.replace(old, new);
        }
    }
    w
}

/// The letter without its tone mark, keeping the vowel's own mark (ấ → â, ợ → ơ).
fn without_tone(c: char) -> char {
    const FAMILIES: &[(&str, char)] = &[
        ("àáảãạ", 'a'),
        ("ằắẳẵặ", 'ă'),
        ("ầấẩẫậ", 'â'),
        ("èéẻẽẹ", 'e'),
        ("ềếểễệ", 'ê'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọ", 'o'),
        ("ồốổỗộ", 'ô'),
        ("ờớởỡợ", 'ơ'),
        ("ùúủũụ", 'u'),
        ("ừứửữự", 'ư'),
        ("ỳýỷỹỵ", 'y'),
    ];
    FAMILIES
        .iter()
        .find(|(set, _)| set.contains(c))
        .map(|(_, base)| *base)
        .unwrap_or(c)
}

/// Whether what was written with diacritics can be the place's name with some of them
/// left out — and none different. "Ben Nghé" and "Bến Nghe" can be "Bến Nghé"; "Nghi
/// Phơng" cannot be "Nghi Phong" (a mark the name does not have), nor "Nam Hái" "Nam Hải".
pub fn marks_agree(written: &str, name: &str) -> bool {
    let (w, n): (Vec<char>, Vec<char>) = (written.chars().collect(), name.chars().collect());
    w.len() == n.len()
        && w.iter().zip(&n).all(|(&a, &b)| {
            a == b
                || a == without_tone(b)
                || fold(&a.to_string()) == fold(&b.to_string()) && !has_mark(a)
        })
}

fn has_mark(c: char) -> bool {
    !fold(&c.to_string()).starts_with(c)
}

/// The words as one key; numbers lose their leading zeros.
fn join(words: &[String], folded: bool) -> String {
    words
        .iter()
        .map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                let t = w.trim_start_matches('0');
                if t.is_empty() {
                    "0".to_string()
                } else {
                    t.to_string()
                }
            } else if folded {
                fold(w)
            } else {
                tone_style(w)
            }
        })
        .collect()
}

fn split_glued(word: &str) -> Option<(&str, &str)> {
    let at = word.find(|c: char| c.is_ascii_digit())?;
    let (head, num) = word.split_at(at);
    (GLUED.contains(&head) && num.chars().all(|c| c.is_ascii_digit())).then_some((head, num))
}

/// Province names buyers use that are not the official one: keys of short forms → the
/// official name's key. Huế is the city's name since 2025 (it was Thừa Thiên Huế).
pub const PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("hcm", "hochiminh"),
    ("tphcm", "hochiminh"),
    ("saigon", "hochiminh"),
    ("sg", "hochiminh"),
    ("hn", "hanoi"),
    ("tphn", "hanoi"),
    ("hue", "thuathienhue"),
    ("tthue", "thuathienhue"),
    ("brvt", "bariavungtau"),
    ("vungtau", "bariavungtau"),
    ("daclac", "daklak"),
    ("daklac", "daklak"),
    ("dacnong", "daknong"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn k(level: Level, s: &str) -> String {
        key(level, s).folded
    }

    #[test]
    fn districts_written_every_way_share_a_key() {
        for s in [
            "Quận 1",
            "Q.1",
            "Q1",
            "q 1",
            "District 1",
            "quan 01",
            "QUẬN 1",
            "1",
        ] {
            assert_eq!(k(Level::District, s), "1", "{s}");
        }
        assert_eq!(k(Level::District, "Quận Bình Thạnh"), "binhthanh");
        assert_eq!(k(Level::District, "Q. Binh Thanh"), "binhthanh");
        assert_eq!(k(Level::District, "Binh Thanh District"), "binhthanh");
        assert_eq!(k(Level::District, "TP. Thủ Đức"), "thuduc");
        assert_eq!(k(Level::District, "Thành phố Thủ Đức"), "thuduc");
        assert_eq!(
            key(Level::District, "Thị xã Long Mỹ").kind,
            Some(Kind::Town)
        );
        assert_eq!(key(Level::District, "H. Long My").kind, Some(Kind::Rural));
    }

    #[test]
    fn wards_and_provinces_too() {
        for s in ["Phường 5", "P.5", "p5", "phuong 05", "Ward 5"] {
            assert_eq!(k(Level::Ward, s), "5", "{s}");
        }
        assert_eq!(k(Level::Ward, "P. Bến Nghé"), "bennghe");
        assert_eq!(k(Level::Ward, "Thị trấn Củ Chi"), "cuchi");
        for s in [
            "TP. Hồ Chí Minh",
            "Thành phố Hồ Chí Minh",
            "tp ho chi minh",
            "Ho Chi Minh City",
            "Hồ Chí Minh",
        ] {
            assert_eq!(k(Level::Province, s), "hochiminh", "{s}");
        }
        assert_eq!(k(Level::Province, "Tỉnh Bà Rịa - Vũng Tàu"), "bariavungtau");
        // A name that only starts like a type word keeps it.
        assert_eq!(k(Level::Ward, "Phường Phú Mỹ"), "phumy");
        assert_eq!(k(Level::Ward, "Phương Liệt"), "phuongliet");
        assert_eq!(k(Level::Ward, "Phuong Liet Ward"), "phuongliet");
        let unsure = key(Level::Ward, "phuong liet");
        assert_eq!(
            (unsure.folded.as_str(), unsure.whole.as_deref()),
            ("liet", Some("phuongliet"))
        );
        assert_eq!(key(Level::Ward, "p. liet").whole, None);
        // Diacritics kept for the tie-break, tone placement made one.
        assert_eq!(key(Level::Ward, "Phường Sa Pả").exact, "sapả");
        assert_eq!(
            key(Level::Ward, "Xã Hoà Phú").exact,
            key(Level::Ward, "xã hòa phú").exact
        );
    }

    #[test]
    fn marks_left_out_agree_different_marks_do_not() {
        assert!(marks_agree("bennghé", "bếnnghé"));
        assert!(marks_agree("bênnghe", "bếnnghé"));
        assert!(marks_agree("bếnnghé", "bếnnghé"));
        assert!(!marks_agree("nghiphơng", "nghiphong"));
        assert!(!marks_agree("namhái", "namhải"));
        assert!(!marks_agree("bénnghé", "bếnnghé"));
        assert_eq!(k(Level::Ward, "Xã Xuân Thới Thượng"), "xuanthoithuong");
    }
}
