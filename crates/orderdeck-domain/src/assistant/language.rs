//! Which language a buyer wrote in: Vietnamese, Indonesian or English, told per message.
//!
//! Buyers switch: an Indonesian buyer of a Vietnamese shop writes Indonesian, a Vietnamese
//! one types without diacritics on a phone keyboard ("shop oi con hang ko"), a tourist
//! writes English. Diacritics only Vietnamese uses (ă â đ ê ô ơ ư and the tone marks) settle
//! it at once; otherwise the words do: each language has short, frequent words the other
//! two lack ("ko", "dc", "ạ" / "kak", "gak", "dong" / "the", "my", "is"). A message with no
//! telling word ("COD?", "ok", "👍") has no language of its own: the caller keeps the
//! conversation's.

use orderdeck_i18n::Lang;

use crate::text::{base_letter, fold};

/// Words that mark Vietnamese when written without diacritics, folded.
const VI: &[&str] = &[
    "shop", "ad", "oi", "minh", "em", "anh", "chi", "ban", "don", "hang", "ko", "k", "khong", "kh",
    "hok", "dc", "duoc", "bao", "nhieu", "gia", "con", "phi", "giao", "nhan", "cam", "on", "a",
    "ak", "ah", "nhe", "nha", "doi", "tra", "may", "gio", "lay", "cai", "mua", "dat", "mau",
    "trang", "den", "toi", "cua", "roi", "chua", "sao", "nao", "gi", "thi", "la", "voi", "ve",
    "tp", "hcm", "sp", "san", "pham", "ship", "nhieu", "bn", "ntn", "nhu", "the", "ha", "noi",
    "tien", "thanh", "toan", "khi", "mo", "cua", "dong", "lam", "viec", "hom", "nay", "mai",
    "ngay", "chiec", "bo", "hop", "cho", "xin", "chao", "oke", "nhi", "ne", "vay", "zay", "j",
    "hk", "hong", "hem", "vs", "mk", "e", "ac", "anh/chi", "quan", "q", "huyen", "tinh", "phuong",
];

/// Words that mark Indonesian, folded.
const ID: &[&str] = &[
    "kak",
    "kk",
    "gan",
    "min",
    "sis",
    "bang",
    "saya",
    "aku",
    "sy",
    "pesanan",
    "pesan",
    "barang",
    "kapan",
    "sampai",
    "nyampe",
    "berapa",
    "brp",
    "harga",
    "harganya",
    "ongkir",
    "bisa",
    "gak",
    "ga",
    "nggak",
    "ngga",
    "tidak",
    "tdk",
    "ada",
    "stok",
    "stoknya",
    "ready",
    "udah",
    "sudah",
    "blm",
    "belum",
    "kirim",
    "dikirim",
    "mau",
    "beli",
    "tolong",
    "dong",
    "ya",
    "yg",
    "yang",
    "untuk",
    "utk",
    "ke",
    "dari",
    "apakah",
    "apa",
    "terima",
    "kasih",
    "makasih",
    "trims",
    "jam",
    "buka",
    "tutup",
    "tukar",
    "retur",
    "pengembalian",
    "bayar",
    "di",
    "tempat",
    "paket",
    "resi",
    "kok",
    "nih",
    "sih",
    "aja",
    "juga",
    "halo",
    "selamat",
    "pagi",
    "siang",
    "sore",
    "malam",
    "terimakasih",
    "ukuran",
    "warna",
    "putih",
    "hitam",
    "merah",
    "ini",
    "itu",
    "dengan",
    "dan",
    "atau",
    "lagi",
    "masih",
    "mana",
    "sekarang",
    "besok",
    "hari",
    "gimana",
    "bagaimana",
    "kenapa",
    "pengiriman",
    "kurir",
    "alamat",
    "ambil",
    "order",
    "dipesan",
    "pembayaran",
    "tanya",
    "mohon",
    "bisakah",
    "boleh",
    "berapaan",
    "kirimnya",
    "sampainya",
];

/// Words that mark English.
const EN: &[&str] = &[
    "u",
    "r",
    "guys",
    "working",
    "during",
    "or",
    "closed",
    "public",
    "what's",
    "gimme",
    "next",
    "update",
    "moved",
    "week",
    "instead",
    "new",
    "just",
    "if",
    "big",
    "enough",
    "minimum",
    "stuff",
    "sent",
    "anyone",
    "hiii",
    "hii",
    "thx",
    "pls",
    "plz",
    "asap",
    "with",
    "the",
    "my",
    "order",
    "where",
    "is",
    "when",
    "will",
    "how",
    "much",
    "do",
    "does",
    "you",
    "have",
    "in",
    "stock",
    "price",
    "shipping",
    "cost",
    "can",
    "i",
    "pay",
    "delivery",
    "return",
    "returns",
    "policy",
    "hours",
    "open",
    "buy",
    "want",
    "thanks",
    "thank",
    "hi",
    "hello",
    "please",
    "what",
    "it",
    "deliver",
    "to",
    "get",
    "arrive",
    "a",
    "an",
    "of",
    "for",
    "and",
    "are",
    "your",
    "still",
    "available",
    "would",
    "like",
    "need",
    "send",
    "fee",
    "time",
    "cash",
    "exchange",
    "refund",
    "store",
    "today",
    "tomorrow",
    "yet",
    "has",
    "been",
    "any",
    "there",
    "this",
    "that",
    "me",
    "it's",
    "i'd",
    "i'm",
    "size",
    "colour",
    "color",
    "white",
    "black",
    "red",
    "grey",
    "gray",
    "two",
    "one",
    "ship",
    "ok",
    "okay",
    "hey",
    "morning",
];

/// The language of one message, or `None` when nothing in it tells.
pub fn detect(text: &str) -> Option<Lang> {
    // Words with Vietnamese letters in an Indonesian or English message are names: the
    // shop's products ("Trà ô long Quà tặng") and places ("Hà Nội"). When the words
    // without such letters clearly say Indonesian or English, that is the buyer's
    // language, however many names they quote.
    let plain: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '/'))
        .filter(|w| !w.is_empty() && !has_vietnamese_letters(w))
        .collect();
    let (vi, id, en) = scores(&fold(&plain.join(" ")));
    if id.max(en) >= 2 && id.max(en) > vi {
        return Some(if id >= en { Lang::Id } else { Lang::En });
    }
    detect_all(text)
}

/// Each language's count of telling words in folded text.
fn scores(folded: &str) -> (u32, u32, u32) {
    let (mut vi, mut id, mut en) = (0u32, 0u32, 0u32);
    for word in words(folded) {
        vi += u32::from(VI.contains(&word));
        id += u32::from(ID.contains(&word));
        en += u32::from(EN.contains(&word));
    }
    (vi, id, en)
}

/// The language by every word, names included.
fn detect_all(text: &str) -> Option<Lang> {
    // A word written with Vietnamese letters counts twice: it is Vietnamese beyond doubt,
    // but it may be a product's name ("kak mau order 2 áo thun putih") in a message
    // written in another language, so the other words still count.
    let mut vi = 2 * text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| has_vietnamese_letters(w))
        .count() as u32;
    let folded = fold(text);
    let (mut id, mut en) = (0u32, 0u32);
    for word in words(&folded) {
        // A word two languages share ("di", "ship", "a") counts for both: the others
        // in the message decide.
        vi += u32::from(VI.contains(&word));
        id += u32::from(ID.contains(&word));
        en += u32::from(EN.contains(&word));
    }
    let best = vi.max(id).max(en);
    if best == 0 {
        return None;
    }
    // Ties go to the shop's home language first, then to Indonesian over English: a
    // short mixed "order kak" is an Indonesian buyer using the English loan-word.
    Some(if vi == best {
        Lang::Vi
    } else if id == best {
        Lang::Id
    } else {
        Lang::En
    })
}

/// The words of folded text: letters, digits and the apostrophe of "i'd".
pub(crate) fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '/'))
        .filter(|w| !w.is_empty())
}

/// Letters of the Vietnamese alphabet that neither Indonesian nor English writes.
fn has_vietnamese_letters(text: &str) -> bool {
    text.chars().any(|c| {
        let lower = c.to_lowercase().next().unwrap_or(c);
        !lower.is_ascii() && lower.is_alphabetic() && base_letter(lower) != lower
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_three_languages() {
        for (text, lang) in [
            ("Đơn của em tới đâu rồi ạ", Lang::Vi),
            ("shop oi con hang ko", Lang::Vi),
            ("phi ship ve da nang bao nhieu vay ad", Lang::Vi),
            ("kak pesanan saya kapan sampai?", Lang::Id),
            ("ongkir ke Surabaya brp gan", Lang::Id),
            ("bisa COD gak min", Lang::Id),
            ("where is my order?", Lang::En),
            ("Do you have the white t-shirt in size M?", Lang::En),
            // Names of the shop's products and of places, quoted in another language.
            (
                "mau beli tai nghe bluetooth pro hitam 1, kirim ke Hà Nội",
                Lang::Id,
            ),
            (
                "place an order for 3 Trà ô long Quà tặng 500g please",
                Lang::En,
            ),
            ("how much is Trà ô long Quà tặng 500g", Lang::En),
            ("Saya ambil 3 trà ô long hữu cơ 250g kak", Lang::Id),
            // …and Vietnamese stays Vietnamese, with or without its marks.
            (
                "Shop ơi giao hàng về Cần Thơ mất mấy ngày ạ, có COD không?",
                Lang::Vi,
            ),
            (
                "Mình lấy 2 cái áo thun cotton Basic trắng size M nhé",
                Lang::Vi,
            ),
            (
                "Shop ơi áo sơ mi linen Basic màu be size L còn không ạ?",
                Lang::Vi,
            ),
            ("phí ship về Hà Nội bao nhiêu vậy shop", Lang::Vi),
        ] {
            assert_eq!(detect(text), Some(lang), "{text}");
        }
    }

    #[test]
    fn a_message_without_words_has_no_language() {
        assert_eq!(detect("👍"), None);
        assert_eq!(detect("OD-000123"), None);
    }
}
