//! The facts a buyer's message carries: order numbers, phones, a quantity, a colour and a
//! size. Read from the text alone; whether an order or product exists is the app's to ask.

use crate::intake::normalise_phone;
use crate::text::fold;

use super::language::words;

/// What one message names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slots {
    /// Order numbers, as orderdeck writes them ("OD-000123"), in the order written.
    pub orders: Vec<String>,
    /// Phones, normalised to the national form ("0912345678").
    pub phones: Vec<String>,
    pub quantity: Option<u32>,
    /// A colour, as the demo catalogue and most Vietnamese shops name it ("Trắng").
    pub colour: Option<&'static str>,
    /// A size: "S", "M", "L", "XL", "XXL".
    pub size: Option<&'static str>,
}

/// Colours by the words buyers use in the three languages, folded.
const COLOURS: &[(&[&str], &str)] = &[
    (&["trang", "putih", "white"], "Trắng"),
    (&["den", "hitam", "black"], "Đen"),
    (&["be", "beige", "krem"], "Be"),
    (&["do", "merah", "red"], "Đỏ"),
    (&["xam", "abu", "abu-abu", "grey", "gray"], "Xám"),
    (&["xanh", "biru", "blue"], "Xanh"),
];

const SIZES: &[&str] = &["S", "M", "L", "XL", "XXL"];

/// Counting words up to five: buyers write "hai cái", "dua buah", "two of".
const NUMBER_WORDS: &[(&[&str], u32)] = &[
    (&["mot", "satu", "one", "se"], 1),
    (&["hai", "dua", "two"], 2),
    (&["ba", "tiga", "three"], 3),
    (&["bon", "tu", "empat", "four"], 4),
    (&["nam", "lima", "five"], 5),
];

/// Words that count things: "2 cái", "3 buah", "2 pcs".
const UNITS: &[&str] = &[
    "cai", "chiec", "bo", "hop", "sp", "goi", "chai", "tui", "lo", "buah", "pcs", "pc", "biji",
    "pieces", "piece", "items", "item", "x", "unit",
];

/// Reads the slots of one message.
pub fn read(text: &str) -> Slots {
    let folded = fold(text);
    let tokens: Vec<&str> = words(&folded).collect();
    Slots {
        orders: order_numbers(&folded, &tokens),
        phones: phones(text),
        quantity: quantity(&tokens),
        colour: colour(text, &tokens),
        size: size(text, &tokens),
    }
}

/// "OD-000123", "od000123", "#123", "đơn 123", "order 123", "pesanan 123".
fn order_numbers(folded: &str, tokens: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut push = |digits: &str| {
        if let Ok(n) = digits.parse::<u64>()
            && n > 0
            && digits.len() <= 9
        {
            let number = format!("OD-{n:06}");
            if !found.contains(&number) {
                found.push(number);
            }
        }
    };
    // "od-000123" and "#123" survive the word split only in part: scan the text itself.
    let bytes = folded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &folded[i..];
        let skip = if rest.starts_with("od-") || rest.starts_with("od ") {
            3
        } else if rest.starts_with("od") {
            2
        } else if rest.starts_with('#') {
            1
        } else {
            0
        };
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if skip > 0 && word_start {
            let digits: String = rest[skip..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if !digits.is_empty() {
                push(&digits);
                i += skip + digits.len();
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    // "đơn 123", "đơn số 123", "đơn hàng 123", "order 123", "order #123", "pesanan 123":
    // a number right after the word for an order (a phone is too long to be one).
    const ORDER_WORDS: &[&str] = &["don", "order", "orderan", "pesanan", "dh", "ma"];
    for (k, w) in tokens.iter().enumerate() {
        if !ORDER_WORDS.contains(w) {
            continue;
        }
        for (j, next) in tokens.iter().enumerate().skip(k + 1).take(3) {
            if next.bytes().all(|b| b.is_ascii_digit()) {
                // "đơn 123" is an order, "chốt đơn 1 cà phê" / "order 2 áo" a quantity:
                // one digit, or a number followed by what is counted, is not a number.
                let after = tokens.get(j + 1).copied().unwrap_or("");
                if (2..=7).contains(&next.len()) && !UNITS.contains(&after) && !is_item_word(after)
                {
                    push(next);
                }
                break;
            }
            if !matches!(
                *next,
                "so" | "hang"
                    | "nomor"
                    | "no"
                    | "number"
                    | "ma"
                    | "cua"
                    | "em"
                    | "saya"
                    | "aku"
                    | "my"
            ) {
                break;
            }
        }
    }
    found
}

/// Phones as written: "0912 345 678", "+84 912.345.678", "84912345678".
fn phones(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut run = String::new();
    let mut flush = |run: &mut String| {
        let digits = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect()
        };
        // "0912345678 - 12 Lê Lợi": the run goes on into the house number; the phone is
        // the longest run of its first groups that reads as one.
        let groups: Vec<&str> = run
            .split([' ', '-', '.'])
            .filter(|g| !g.is_empty())
            .collect();
        let phone = normalise_phone(&digits(run)).or_else(|| {
            (1..groups.len())
                .rev()
                .find_map(|n| normalise_phone(&digits(&groups[..n].concat())))
        });
        if let Some(p) = phone
            && !found.contains(&p)
        {
            found.push(p);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || c == '+' || (!run.is_empty() && matches!(c, ' ' | '.' | '-')) {
            run.push(c);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    found
}

fn quantity(tokens: &[&str]) -> Option<u32> {
    for (k, w) in tokens.iter().enumerate() {
        let next = tokens.get(k + 1).copied().unwrap_or("");
        let as_number = w
            .parse::<u32>()
            .ok()
            .or_else(|| {
                NUMBER_WORDS
                    .iter()
                    .find(|(ws, _)| ws.contains(w))
                    .map(|(_, n)| *n)
            })
            .filter(|n| (1..=99).contains(n));
        // "x2" / "2x" / "sl 2" / "qty 2" / "jumlah 2"
        if let Some(n) = w.strip_prefix('x').and_then(|d| d.parse::<u32>().ok())
            && (1..=99).contains(&n)
        {
            return Some(n);
        }
        if let Some(n) = w.strip_suffix('x').and_then(|d| d.parse::<u32>().ok())
            && (1..=99).contains(&n)
        {
            return Some(n);
        }
        if matches!(*w, "sl" | "qty" | "jumlah" | "so" | "quantity")
            && let Ok(n) = next.parse::<u32>()
            && (1..=99).contains(&n)
        {
            return Some(n);
        }
        if let Some(n) = as_number
            && (UNITS.contains(&next) || w.parse::<u32>().is_ok() && is_item_word(next))
        {
            return Some(n);
        }
    }
    None
}

/// A word that starts an item's name after a bare number: "lấy 2 áo", "2 tai nghe".
fn is_item_word(w: &str) -> bool {
    matches!(
        w,
        "ao" | "quan"
            | "vay"
            | "noi"
            | "binh"
            | "chao"
            | "am"
            | "sua"
            | "kem"
            | "nuoc"
            | "serum"
            | "tai"
            | "sac"
            | "loa"
            | "chuot"
            | "ca"
            | "tra"
            | "hat"
            | "mat"
            | "kaos"
            | "baju"
            | "celana"
            | "t-shirt"
            | "shirt"
            | "shirts"
            | "tshirt"
            | "jeans"
    )
}

fn colour(text: &str, tokens: &[&str]) -> Option<&'static str> {
    // Written with diacritics the Vietnamese colour is certain ("đỏ", "đen").
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if let Some((_, c)) = VI_COLOURS.iter().find(|(word, _)| *word == w) {
            return Some(c);
        }
    }
    tokens.iter().enumerate().find_map(|(k, w)| {
        // Without them "do", "den" and "be" are also "do", "đến" (to) and "bé" (small):
        // taken only after "màu" (colour).
        if AMBIGUOUS.contains(w) && (k == 0 || tokens[k - 1] != "mau") {
            return None;
        }
        COLOURS
            .iter()
            .find(|(words, _)| words.contains(w))
            .map(|(_, c)| *c)
    })
}

/// Folded colour words that are other words too.
const AMBIGUOUS: &[&str] = &["do", "den", "be"];

/// Vietnamese colour words as written with their diacritics.
const VI_COLOURS: &[(&str, &str)] = &[
    ("trắng", "Trắng"),
    ("đen", "Đen"),
    ("be", "Be"),
    ("đỏ", "Đỏ"),
    ("xám", "Xám"),
    ("xanh", "Xanh"),
];

/// "size M", "sz L", "ukuran XL", "cỡ S", or a lone capital S/M/L/XL as written.
fn size(text: &str, tokens: &[&str]) -> Option<&'static str> {
    for (k, w) in tokens.iter().enumerate() {
        if matches!(*w, "size" | "sz" | "ukuran" | "co" | "sai") {
            let next = tokens.get(k + 1).map(|n| n.to_ascii_uppercase());
            if let Some(s) = SIZES.iter().find(|s| next.as_deref() == Some(**s)) {
                return Some(s);
            }
        }
    }
    text.split(|c: char| !c.is_alphanumeric())
        .find_map(|w| SIZES.iter().find(|s| **s == w).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_as_buyers_write_them() {
        assert_eq!(read("đơn OD-000123 của em").orders, ["OD-000123"]);
        assert_eq!(read("don 123 toi dau roi").orders, ["OD-000123"]);
        assert_eq!(read("pesanan #45 kapan sampai").orders, ["OD-000045"]);
        assert_eq!(read("order od000077?").orders, ["OD-000077"]);
        // A phone is not an order number.
        assert!(read("sdt 0912345678").orders.is_empty());
    }

    #[test]
    fn phones_quantities_colours_sizes() {
        assert_eq!(
            read("Lan - 0912345678 - 12 Lê Lợi, Q.1").phones,
            vec!["0912345678".to_string()]
        );
        let s = read("mình lấy 2 cái áo thun trắng size M, sđt 0912 345 678");
        assert_eq!(s.quantity, Some(2));
        assert_eq!(s.colour, Some("Trắng"));
        assert_eq!(s.size, Some("M"));
        assert_eq!(s.phones, ["0912345678"]);
        assert_eq!(read("saya mau pesan dua buah kaos hitam").quantity, Some(2));
        assert_eq!(read("I'd like 3 pcs please").quantity, Some(3));
        assert_eq!(read("+84 912.345.678").phones, ["0912345678"]);
    }
}
