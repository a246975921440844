//! What a buyer tells the assistant to close a sale: their name and where to ship —
//! "tên mình là Lan", "nama saya Budi", "ship về 12 Lê Lợi, P. Bến Nghé, Q.1, HCM",
//! "ship về Q.3". Read from the text alone; whether the address is deliverable is the
//! carrier's to say, and the assistant repeats it back in its confirmation.

use crate::intake::Address;
use crate::text::fold;

/// Phrases that introduce a name, folded; the name is what follows, up to a comma or
/// the end of the sentence.
const NAME_MARKERS: &[&str] = &[
    "ten minh la",
    "ten em la",
    "ten toi la",
    "ten la",
    "ten:",
    "ten nguoi nhan",
    "nguoi nhan:",
    "nguoi nhan la",
    "nama saya",
    "nama:",
    "atas nama",
    "my name is",
    "name:",
    "i am ",
    "i'm ",
];

/// Phrases that introduce an address, folded.
const ADDRESS_MARKERS: &[&str] = &[
    "ship ve",
    "ship den",
    "ship toi",
    "ship qua",
    "giao ve",
    "giao den",
    "giao toi",
    "giao hang den",
    "gui ve",
    "gui den",
    "dia chi:",
    "dia chi la",
    "dia chi",
    "dc:",
    "kirim ke",
    "dikirim ke",
    "alamat:",
    "alamat saya",
    "alamat",
    "ship to",
    "deliver to",
    "send to",
    "address:",
    "address is",
    "address",
];

/// Polite words that end a sentence and are not part of a name or address.
const TAIL_WORDS: &[&str] = &[
    "nhe", "nha", "nhe.", "a", "ak", "ah", "ya", "yah", "please", "pls", "thanks", "nhá", "ạ",
    "nhé", "nha.", "giup", "minh", "em", "voi", "vs", "dong", "kak", "gan", "ko", "khong", "k",
    "hok", "tidak", "gak", "nggak", "ga",
];

/// The name the buyer gives, as written.
pub fn name(text: &str) -> Option<String> {
    let start = after_marker(text, NAME_MARKERS)?;
    let rest: String = text.chars().skip(start).collect();
    let cut = rest
        .find([',', '.', '\n', ';', '!', '?'])
        .unwrap_or(rest.len());
    let mut words: Vec<&str> = rest[..cut].split_whitespace().collect();
    // "tên mình là Lan sđt 0912…": a name stops where the phone or address begins.
    if let Some(k) = words.iter().position(|w| {
        let f = fold(w);
        f.starts_with("sdt")
            || f.starts_with("so")
            || f.starts_with("dt")
            || f.starts_with("hp")
            || f.starts_with("phone")
            || f.starts_with("ship")
            || f.starts_with("giao")
            || f.starts_with("dia")
            || f.starts_with("alamat")
            || w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '+')
    }) {
        words.truncate(k);
    }
    trim_tail(&mut words);
    words.truncate(6);
    let name = words.join(" ");
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2).then_some(name)
}

/// The address the buyer gives, split into its parts as far as the words show them.
pub fn address(text: &str) -> Option<Address> {
    let start = after_marker(text, ADDRESS_MARKERS)?;
    let rest: String = text.chars().skip(start).collect();
    let rest = rest.trim_start_matches([':', ' ', '-']);
    // The address runs to the end of its line; a "?" or "!" ends it too.
    let cut = rest.find(['\n', '?', '!']).unwrap_or(rest.len());
    let mut words: Vec<&str> = rest[..cut].split_whitespace().collect();
    trim_tail(&mut words);
    let written = words.join(" ");
    let written = written.trim_end_matches(['.', ',', ' ']);
    if written.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    let mut a = Address::default();
    let mut line = Vec::new();
    for part in written
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match level(part) {
            Some(Level::Ward) if a.ward.is_empty() => a.ward = expand(part, Level::Ward),
            Some(Level::District) if a.district.is_empty() => {
                a.district = expand(part, Level::District)
            }
            Some(Level::Province) if a.province.is_empty() => {
                a.province = expand(part, Level::Province)
            }
            _ => line.push(part),
        }
    }
    a.line1 = line.join(", ");
    Some(a)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Ward,
    District,
    Province,
}

/// Which level a part of an address names, by its first word.
fn level(part: &str) -> Option<Level> {
    let f = fold(part);
    let f = f.trim();
    let starts = |ps: &[&str]| {
        ps.iter().any(|p| {
            f.strip_prefix(p).is_some_and(|r| {
                r.is_empty()
                    || r.starts_with([' ', '.'])
                    || r.starts_with(|c: char| c.is_ascii_digit())
            })
        })
    };
    if PROVINCES.iter().any(|(ws, _)| ws.contains(&f))
        || starts(&["tp", "thanh pho", "tinh", "provinsi", "kota", "city"])
    {
        Some(Level::Province)
    } else if starts(&[
        "q",
        "quan",
        "huyen",
        "h",
        "tx",
        "thi xa",
        "kec",
        "kecamatan",
        "kab",
        "kabupaten",
        "district",
    ]) {
        Some(Level::District)
    } else if starts(&[
        "p",
        "phuong",
        "xa",
        "thi tran",
        "tt",
        "kel",
        "kelurahan",
        "desa",
        "ward",
    ]) {
        Some(Level::Ward)
    } else {
        None
    }
}

/// Provinces buyers shorten, folded, and the name the shop's addresses use.
const PROVINCES: &[(&[&str], &str)] = &[
    (
        &[
            "hcm",
            "tphcm",
            "tp.hcm",
            "tp hcm",
            "sg",
            "sai gon",
            "saigon",
            "ho chi minh",
            "tp. hcm",
        ],
        "TP. Hồ Chí Minh",
    ),
    (
        &["hn", "ha noi", "hanoi", "tp ha noi", "tp. ha noi"],
        "Hà Nội",
    ),
    (&["dn", "da nang", "danang"], "Đà Nẵng"),
    (&["hp", "hai phong"], "Hải Phòng"),
    (&["ct", "can tho"], "Cần Thơ"),
    (&["jakarta", "dki jakarta"], "DKI Jakarta"),
];

/// "Q.3" → "Quận 3", "P. Bến Nghé" → "Phường Bến Nghé", "HCM" → "TP. Hồ Chí Minh".
fn expand(part: &str, level: Level) -> String {
    let f = fold(part);
    if level == Level::Province
        && let Some((_, name)) = PROVINCES.iter().find(|(ws, _)| ws.contains(&f.trim()))
    {
        return (*name).to_string();
    }
    let (short, long): (&[&str], &str) = match level {
        Level::District => (&["q", "quan"], "Quận"),
        Level::Ward => (&["p", "phuong"], "Phường"),
        Level::Province => (&["tp", "thanh pho"], "TP."),
    };
    let trimmed = part.trim();
    for s in short {
        let n = s.chars().count();
        let head: String = f.chars().take(n).collect();
        let after = f.chars().nth(n);
        if head == *s && after.is_none_or(|c| c == '.' || c == ' ' || c.is_ascii_digit()) {
            let rest: String = trimmed.chars().skip(n).collect();
            let rest = rest.trim_start_matches(['.', ' ']);
            if level == Level::Province
                && let Some((_, name)) = PROVINCES
                    .iter()
                    .find(|(ws, _)| ws.contains(&fold(rest).as_str()))
            {
                return (*name).to_string();
            }
            return format!("{long} {rest}").trim().to_string();
        }
    }
    trimmed.to_string()
}

/// Where the first marker ends in `text`, by characters (folding keeps one character for
/// one, so positions in the folded text are positions in the text).
fn after_marker(text: &str, markers: &[&str]) -> Option<usize> {
    let folded: Vec<char> = text
        .chars()
        .map(|c| fold(&c.to_string()).chars().next().unwrap_or(c))
        .collect();
    let folded: String = folded.into_iter().collect();
    let mut best: Option<(usize, usize)> = None;
    for m in markers {
        let mut from = 0;
        while let Some(i) = folded[from..].find(m) {
            let at = from + i;
            // A marker starts a word: "diachi" inside another word is not one.
            let starts_word = folded[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if starts_word {
                let start_chars = folded[..at].chars().count();
                let end = start_chars + m.chars().count();
                if best.is_none_or(|(s, _)| start_chars < s) {
                    best = Some((start_chars, end));
                }
                break;
            }
            from = at + m.len();
        }
    }
    best.map(|(_, end)| end)
}

fn trim_tail(words: &mut Vec<&str>) {
    while let Some(last) = words.last() {
        let f = fold(last.trim_end_matches(['.', '!', ',']));
        if TAIL_WORDS.contains(&f.as_str()) && words.len() > 1 {
            words.pop();
        } else {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_buyers_give_them() {
        assert_eq!(
            name("tên mình là Nguyễn Thị Lan nhé").as_deref(),
            Some("Nguyễn Thị Lan")
        );
        assert_eq!(
            name("Nama saya Budi Santoso, alamat Jl. Sudirman 5").as_deref(),
            Some("Budi Santoso")
        );
        assert_eq!(
            name("my name is Anna, phone 0912345678").as_deref(),
            Some("Anna")
        );
        assert_eq!(
            name("tên Lan sđt 0912345678").as_deref(),
            None,
            "no marker 'tên là'"
        );
        assert_eq!(
            name("người nhận: Trần Văn Nam 0912345678").as_deref(),
            Some("Trần Văn Nam")
        );
        assert_eq!(name("còn áo trắng không"), None);
    }

    #[test]
    fn addresses_split_into_parts() {
        let a = address("mình lấy 2 cái áo thun trắng size M, ship về Q.3").unwrap();
        assert_eq!(a.district, "Quận 3");
        assert!(a.line1.is_empty() && a.province.is_empty());

        let a = address("giao đến 12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM nhé").unwrap();
        assert_eq!(a.line1, "12 Lê Lợi");
        assert_eq!(a.ward, "Phường Bến Nghé");
        assert_eq!(a.district, "Quận 1");
        assert_eq!(a.province, "TP. Hồ Chí Minh");

        let a = address("địa chỉ: 5 Trần Duy Hưng, Cầu Giấy, Hà Nội").unwrap();
        assert_eq!(a.line1, "5 Trần Duy Hưng, Cầu Giấy");
        assert_eq!(a.province, "Hà Nội");

        let a = address("kirim ke Jl. Sudirman No. 5, Kec. Tanah Abang, Jakarta").unwrap();
        assert_eq!(a.line1, "Jl. Sudirman No. 5");
        assert_eq!(a.district, "Kec. Tanah Abang");
        assert_eq!(a.province, "DKI Jakarta");

        assert_eq!(address("ship về"), None);
        // A question about shipping names no place to ship to.
        assert!(
            address("shop có ship về tỉnh không")
                .is_none_or(|a| a.line1.is_empty() && a.district.is_empty())
        );
    }
}
