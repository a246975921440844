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

/// Type words, longest first, as buyers write them (folded, words split on punctuation).
fn type_words(level: Level) -> &'static [(&'static [&'static str], Kind)] {
    match level {
        Level::Province => &[
            (&["thanh", "pho"], Kind::City),
            (&["tp"], Kind::City),
            (&["t", "p"], Kind::City),
            (&["tinh"], Kind::Province),
            (&["city"], Kind::City),
            (&["province"], Kind::Province),
        ],
        Level::District => &[
            (&["thanh", "pho"], Kind::City),
            (&["thi", "xa"], Kind::Town),
            (&["tp"], Kind::City),
            (&["t", "p"], Kind::City),
            (&["tx"], Kind::Town),
            (&["quan"], Kind::Urban),
            (&["q"], Kind::Urban),
            (&["huyen"], Kind::Rural),
            (&["h"], Kind::Rural),
            (&["district"], Kind::Urban),
            (&["dist"], Kind::Urban),
            (&["city"], Kind::City),
            (&["town"], Kind::Town),
        ],
        Level::Ward => &[
            (&["thi", "tran"], Kind::Town),
            (&["tt"], Kind::Town),
            (&["phuong"], Kind::Urban),
            (&["p"], Kind::Urban),
            (&["xa"], Kind::Rural),
            (&["x"], Kind::Rural),
            (&["ward"], Kind::Urban),
            (&["commune"], Kind::Rural),
            (&["town"], Kind::Town),
        ],
    }
}

/// Short forms glued to a number ("q1", "p12", "tp3"), split before the type is read.
const GLUED: &[&str] = &["q", "p", "h", "x", "tx", "tt", "tp"];

/// A written name as a key, with the type word's kind when one was written.
pub fn key(level: Level, written: &str) -> (String, Option<Kind>) {
    let folded = fold(written);
    let mut words: Vec<String> = Vec::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
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
    for (type_words, k) in type_words(level) {
        if words.len() > type_words.len() && words.iter().zip(type_words.iter()).all(|(a, b)| a == b)
        {
            words.drain(..type_words.len());
            kind = Some(*k);
            break;
        }
    }
    // "Ho Chi Minh City", "Ben Thanh Ward", "District 1" read either way round.
    if kind.is_none() {
        for (type_words, k) in type_words(level) {
            let n = type_words.len();
            if words.len() > n && words[words.len() - n..].iter().zip(type_words.iter()).all(|(a, b)| a == b) {
                words.truncate(words.len() - n);
                kind = Some(*k);
                break;
            }
        }
    }
    let key = words
        .iter()
        .map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                let t = w.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }
            } else {
                w.as_str()
            }
        })
        .collect::<String>();
    (key, kind)
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
        key(level, s).0
    }

    #[test]
    fn districts_written_every_way_share_a_key() {
        for s in ["Quận 1", "Q.1", "Q1", "q 1", "District 1", "quan 01", "QUẬN 1", "1"] {
            assert_eq!(k(Level::District, s), "1", "{s}");
        }
        assert_eq!(k(Level::District, "Quận Bình Thạnh"), "binhthanh");
        assert_eq!(k(Level::District, "Q. Binh Thanh"), "binhthanh");
        assert_eq!(k(Level::District, "Binh Thanh District"), "binhthanh");
        assert_eq!(k(Level::District, "TP. Thủ Đức"), "thuduc");
        assert_eq!(k(Level::District, "Thành phố Thủ Đức"), "thuduc");
        assert_eq!(key(Level::District, "Thị xã Long Mỹ").1, Some(Kind::Town));
        assert_eq!(key(Level::District, "H. Long My").1, Some(Kind::Rural));
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
        assert_eq!(k(Level::Ward, "Xã Xuân Thới Thượng"), "xuanthoithuong");
    }
}
