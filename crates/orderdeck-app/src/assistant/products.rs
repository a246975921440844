//! Which product a buyer means: "áo thun trắng size M", "ao thun basic", "kaos putih",
//! "tai nghe bluetooth pro". Names are compared folded (no diacritics, lower case), word
//! by word; the product whose name has the most of its words in the message wins, and
//! only a clear winner is taken — two products equally named are asked about, not
//! guessed between.

use orderdeck_domain::text::fold;
use orderdeck_store::assistant::Offer;

/// Words buyers use for a kind of product in Indonesian and English, mapped to the
/// Vietnamese word the catalogue uses.
const SYNONYMS: &[(&str, &str)] = &[
    ("kaos", "ao thun"),
    ("t-shirt", "ao thun"),
    ("tshirt", "ao thun"),
    ("tee", "ao thun"),
    ("kemeja", "ao so mi"),
    ("shirt", "ao so mi"),
    ("jeans", "quan jeans"),
    ("celana", "quan"),
    ("dress", "vay"),
    ("rok", "vay"),
    ("headphone", "tai nghe"),
    ("headphones", "tai nghe"),
    ("earphone", "tai nghe"),
    ("earbuds", "tai nghe"),
    ("powerbank", "sac du phong"),
    ("speaker", "loa"),
    ("mouse", "chuot"),
    ("coffee", "ca phe"),
    ("kopi", "ca phe"),
    ("honey", "mat ong"),
    ("madu", "mat ong"),
    ("cashew", "hat dieu"),
    ("sunscreen", "kem chong nang"),
    ("sunblock", "kem chong nang"),
    ("cleanser", "sua rua mat"),
    ("airfryer", "noi chien khong dau"),
    ("kettle", "am sieu toc"),
    ("pan", "chao"),
    ("wajan", "chao"),
    ("tumbler", "binh giu nhiet"),
];

/// One product with its variants, as offered.
#[derive(Debug, Clone)]
pub struct Product<'a> {
    pub name: &'a str,
    pub variants: Vec<&'a Offer>,
}

/// The product the message names, or the candidates when it is not clear (empty when
/// nothing matches).
pub enum Match<'a> {
    One(Product<'a>),
    Several(Vec<&'a str>),
    None,
}

/// Finds the product `text` names among `offers` (sorted by product name).
pub fn find<'a>(text: &str, offers: &'a [Offer]) -> Match<'a> {
    let mut message = fold(text);
    for (word, vi) in SYNONYMS {
        if message
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| w == *word)
        {
            message.push(' ');
            message.push_str(vi);
        }
    }
    let said: Vec<&str> = message
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut best: Vec<(&str, usize)> = Vec::new();
    let mut best_score = (0usize, 0usize);
    let mut i = 0;
    while i < offers.len() {
        let name = offers[i].product.as_str();
        let words: Vec<String> = fold(name)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let hits = words.iter().filter(|w| said.contains(&w.as_str())).count();
        // The kind of thing (the name's first two words: "áo thun", "tai nghe") must be
        // there; then more of the name's words is a better match, and fewer words left
        // over breaks a tie ("Pro" beats "Pro Max" for "tai nghe pro").
        let kind = words.iter().take(2).all(|w| said.contains(&w.as_str()));
        let score = (hits, usize::MAX - (words.len() - hits));
        if kind && hits >= 2 {
            if score > best_score {
                best_score = score;
                best.clear();
            }
            if score == best_score {
                best.push((name, i));
            }
        }
        while i < offers.len() && offers[i].product == name {
            i += 1;
        }
    }
    match best.as_slice() {
        [] => Match::None,
        [(name, start)] => Match::One(Product {
            name,
            variants: offers[*start..]
                .iter()
                .take_while(|o| o.product == *name)
                .collect(),
        }),
        several => Match::Several(several.iter().map(|(n, _)| *n).take(4).collect()),
    }
}

impl<'a> Product<'a> {
    /// The variants that have the colour and size asked for (all when none was asked).
    pub fn variants_with(&self, colour: Option<&str>, size: Option<&str>) -> Vec<&'a Offer> {
        self.variants
            .iter()
            .copied()
            .filter(|v| colour.is_none_or(|c| v.attr_values.iter().any(|a| a == c)))
            .filter(|v| size.is_none_or(|s| v.attr_values.iter().any(|a| a == s)))
            .collect()
    }
}

/// Words, folded, a follow-up question is made of in the three languages — asking what
/// something costs, whether it is there, in which colour or size — and none that names
/// a thing. A message of these alone (with the catalogue's colours and sizes, and
/// numbers) is about the product the conversation was on; any other word may name a
/// product the shop does not sell ("có máy sấy tóc không"), which a person answers.
const FOLLOW_UP: &[&str] = &[
    // vi
    "gia",
    "bao",
    "nhieu",
    "vay",
    "v",
    "shop",
    "sh",
    "oi",
    "con",
    "khong",
    "ko",
    "k",
    "hong",
    "hok",
    "hang",
    "mau",
    "size",
    "sz",
    "co",
    "cai",
    "nay",
    "do",
    "the",
    "thi",
    "sao",
    "a",
    "ah",
    "nha",
    "nhe",
    "nhi",
    "em",
    "anh",
    "chi",
    "minh",
    "ban",
    "la",
    "het",
    "chua",
    "roi",
    "loai",
    "kia",
    "mat",
    "re",
    "tien",
    "bn",
    "nao",
    "gi",
    "duoc",
    "dc",
    "sp",
    "san",
    "pham",
    "lai",
    "nua",
    "them",
    "cho",
    "hoi",
    "xin",
    "mau",
    "con",
    "ak",
    "ha",
    "vang",
    "u",
    "uh",
    "the",
    "nao",
    "mot",
    "chiec",
    "bo",
    "doi",
    "sao",
    "hay",
    "voi",
    "va",
    "hoac",
    // id
    "berapa",
    "harga",
    "brp",
    "hrg",
    "kak",
    "gan",
    "sis",
    "min",
    "masih",
    "ada",
    "ga",
    "gak",
    "nggak",
    "tidak",
    "yang",
    "ini",
    "itu",
    "warna",
    "ukuran",
    "stok",
    "ready",
    "dong",
    "ya",
    "kalau",
    "kalo",
    "kah",
    "bisa",
    "apa",
    "aja",
    "lagi",
    "nya",
    "yg",
    "dan",
    "atau",
    "juga",
    // en
    "how",
    "much",
    "is",
    "it",
    "this",
    "that",
    "still",
    "available",
    "in",
    "stock",
    "price",
    "what",
    "about",
    "the",
    "do",
    "you",
    "have",
    "any",
    "left",
    "colour",
    "color",
    "size",
    "and",
    "or",
    "an",
    "there",
    "one",
    "ones",
    "cost",
    "does",
    "please",
    "pls",
    "hi",
    "hello",
    "ok",
    "for",
    "with",
    "of",
    "same",
    "too",
    "also",
    "then",
    "whats",
    "s",
];

/// Whether `text` is only a follow-up question (see [`FOLLOW_UP`]).
pub fn follow_up(text: &str, offers: &[Offer]) -> bool {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let attr = |w: &str| {
        offers
            .iter()
            .flat_map(|o| o.attr_values.iter())
            .any(|v| fold(v).split_whitespace().any(|p| p == w))
    };
    !words.is_empty()
        && words
            .iter()
            .all(|w| FOLLOW_UP.contains(w) || w.chars().all(|c| c.is_ascii_digit()) || attr(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn offer(product: &str, sku: &str, attrs: &[&str]) -> Offer {
        Offer {
            product: product.into(),
            sku: sku.into(),
            attr_values: attrs.iter().map(|a| a.to_string()).collect(),
            price: Decimal::from(199_000),
            available: 5,
        }
    }

    #[test]
    fn names_with_or_without_diacritics_and_in_other_languages() {
        let offers = vec![
            offer("Áo thun cotton Basic", "TT-1-1", &["Trắng", "M"]),
            offer("Áo thun cotton Basic", "TT-1-2", &["Đen", "M"]),
            offer("Áo thun cotton Premium", "TT-2-1", &["Trắng", "M"]),
            offer("Tai nghe Bluetooth Pro", "DT-1-1", &["Đen"]),
        ];
        let name = |m: Match| match m {
            Match::One(p) => p.name.to_string(),
            Match::Several(n) => format!("several {}", n.len()),
            Match::None => "none".into(),
        };
        assert_eq!(
            name(find("ao thun basic trang size M", &offers)),
            "Áo thun cotton Basic"
        );
        assert_eq!(
            name(find("kaos cotton premium ada?", &offers)),
            "Áo thun cotton Premium"
        );
        assert_eq!(name(find("áo thun cotton còn không", &offers)), "several 2");
        assert_eq!(
            name(find("tai nghe bluetooth pro", &offers)),
            "Tai nghe Bluetooth Pro"
        );
        assert_eq!(name(find("nồi chiên", &offers)), "none");
        let Match::One(p) = find("áo thun basic", &offers) else {
            panic!("one product");
        };
        assert_eq!(p.variants_with(Some("Đen"), Some("M")).len(), 1);
    }
}
