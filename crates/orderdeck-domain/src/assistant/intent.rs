//! What a buyer asks, told from the words of one message in any of the three languages.
//!
//! Phrases, not single words, wherever a word means two things: "ship" alone is shipping,
//! but "ship COD" is paying on delivery, and "bao giờ nhận được hàng" (when do I get it) is
//! about an order, not stock. The checks run from the most specific to the most general,
//! and a message that matches nothing is not guessed at: it goes to a person.

use crate::text::fold;

use super::language::words;
use super::slots::Slots;

/// What the buyer wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Intent {
    Greeting,
    OrderStatus,
    StockPrice,
    ShippingFee,
    Cod,
    Returns,
    Hours,
    Buy,
    Thanks,
    /// A person is wanted: asked for, or the buyer is upset, or the request is one the
    /// assistant must not settle (a cancellation, a refund, a broken item).
    Person,
    /// Nothing the assistant knows how to answer.
    Unknown,
}

impl Intent {
    /// The code used in `--json`, the eval set and the conversation's record.
    pub fn code(self) -> &'static str {
        match self {
            Intent::Greeting => "greeting",
            Intent::OrderStatus => "order_status",
            Intent::StockPrice => "stock_price",
            Intent::ShippingFee => "shipping_fee",
            Intent::Cod => "cod",
            Intent::Returns => "returns",
            Intent::Hours => "hours",
            Intent::Buy => "buy",
            Intent::Thanks => "thanks",
            Intent::Person => "other",
            Intent::Unknown => "unknown",
        }
    }
}

/// Phrases (folded, matched on word boundaries) for each intent.
const PERSON: &[&str] = &[
    // asks for a person
    "nguoi that",
    "gap nhan vien",
    "nhan vien",
    "noi chuyen voi nguoi",
    "quan ly",
    "admin that",
    "orang asli",
    "bicara dengan orang",
    "manusia",
    "agen",
    "real person",
    "human",
    "agent",
    "speak to someone",
    "talk to someone",
    "manager",
    // cancellations, refunds, broken or wrong goods: a person decides
    "huy don",
    "huy dum",
    "huy giup",
    "hoan tien",
    "bi hong",
    "hong roi",
    "bi vo",
    "vo roi",
    "sai hang",
    "giao sai",
    "thieu hang",
    "lua dao",
    "boc phot",
    "batal",
    "batalkan",
    "refund",
    "uang kembali",
    "rusak",
    "pecah",
    "salah kirim",
    "penipu",
    "cancel",
    "broken",
    "damaged",
    "wrong item",
    "missing",
    "scam",
    "complaint",
    "khieu nai",
    "komplain",
    "hoa don",
    "xuat hoa don",
    "invoice",
    // changing an order, wholesale: a person decides
    "doi dia chi",
    "sua dia chi",
    "thay doi dia chi",
    "ganti alamat",
    "ubah alamat",
    "change address",
    "change the address",
    "change the delivery address",
    "change my address",
    "update the address",
    "si",
    "gia si",
    "lay si",
    "mua si",
    "ctv",
    "grosir",
    "reseller",
    "dropship",
    "wholesale",
    "bulk order",
    "faktur",
    // anger
    "tuc qua",
    "buc minh",
    "qua te",
    "te qua",
    "do te",
    "lam an",
    "vo trach nhiem",
    "kecewa",
    "marah",
    "parah",
    "payah",
    "angry",
    "terrible",
    "worst",
    "ridiculous",
    "unacceptable",
    "wtf",
    "dm",
    "vl",
    "vcl",
    "bullshit",
];

const ORDER_STATUS: &[&str] = &[
    "any update",
    "i ordered",
    "update on my",
    "da dat",
    "minh dat",
    "em dat",
    "saya pesan",
    "aku pesan",
    "toi dau",
    "den dau",
    "o dau roi",
    "dau roi",
    "bao gio nhan",
    "khi nao nhan",
    "bao gio giao",
    "khi nao giao",
    "bao gio toi",
    "khi nao toi",
    "bao gio den",
    "nhan duoc hang",
    "giao chua",
    "gui chua",
    "ship chua",
    "da giao",
    "tinh trang don",
    "trang thai don",
    "kiem tra don",
    "check don",
    "ma van don",
    "van don",
    "tra don",
    "don cua",
    "don hang cua",
    "don em",
    "don minh",
    "don toi",
    "kapan sampai",
    "sampai mana",
    "sudah dikirim",
    "udah dikirim",
    "dikirim belum",
    "sudah sampai",
    "status pesanan",
    "cek pesanan",
    "lacak",
    "resi",
    "pesanan saya",
    "pesananku",
    "paket saya",
    "where is my",
    "where's my",
    "when will",
    "arrive",
    "tracking",
    "track my",
    "order status",
    "status of my",
    "my order",
    "my parcel",
    "my package",
    "shipped yet",
    "been shipped",
    "dispatched",
    "dang giao",
    "co don",
    "don nao",
    "status",
    "statusnya",
    "dipacking",
    "dikonfirmasi",
    "orderan",
];

const COD: &[&str] = &[
    "tien mat",
    "dua tien cho shipper",
    "tra cho shipper",
    "tunai",
    "cash",
    "cod",
    "thanh toan khi nhan",
    "tra tien khi nhan",
    "nhan hang roi tra",
    "bayar di tempat",
    "moi tra tien",
    "roi tra tien",
    "bayar pas",
    "sampe baru bayar",
    "sampai baru bayar",
    "bayar ditempat",
    "bayar pas sampai",
    "cash on delivery",
    "pay on delivery",
    "pay when",
    "pay at the door",
];

const SHIPPING_FEE: &[&str] = &[
    "phi vc",
    "tien vc",
    "sent to",
    "send to",
    "free delivery",
    "phi ship",
    "phi van chuyen",
    "tien ship",
    "ship bao nhieu",
    "ship ve",
    "ship ra",
    "ship toi",
    "ship di",
    "ship tinh",
    "freeship",
    "free ship",
    "mien phi van chuyen",
    "giao ve",
    "giao den",
    "giao toi",
    "giao ra",
    "may ngay",
    "bao lau",
    "ongkir",
    "ongkos kirim",
    "biaya kirim",
    "biaya pengiriman",
    "kirim ke",
    "berapa hari",
    "estimasi",
    "shipping",
    "delivery fee",
    "delivery cost",
    "deliver to",
    "ship to",
    "how long",
    "how many days",
    "postage",
    "trong ngay",
    "noi thanh",
    "hoa toc",
    "same day",
    "delivery charge",
    "delivery to",
    "express",
];

const RETURNS: &[&str] = &[
    "doi sang",
    "ditukar",
    "send something back",
    "sending back",
    "doi tra",
    "doi hang",
    "tra hang",
    "doi size",
    "doi mau",
    "bao hanh",
    "duoc doi",
    "tukar",
    "retur",
    "pengembalian",
    "kembalikan",
    "garansi",
    "return",
    "returns",
    "returned",
    "returning",
    "exchange",
    "warranty",
    "tra lai",
    "doi nhu",
    "doi the nao",
    "dikembalikan",
    "send it back",
    "send back",
    "doesn't fit",
    "does not fit",
];

const HOURS: &[&str] = &[
    "truc",
    "cuoi tuan",
    "t7",
    "holiday",
    "holidays",
    "tet",
    "lebaran",
    "working",
    "may gio",
    "gio mo cua",
    "mo cua",
    "dong cua",
    "gio lam viec",
    "lam viec",
    "ngay le",
    "chu nhat",
    "jam buka",
    "jam berapa",
    "buka jam",
    "tutup jam",
    "jam operasional",
    "buka hari",
    "hours",
    "open",
    "opening",
    "close",
    "closing",
    "what time",
    "buka",
    "libur",
    "online",
    "jam brp",
    "hari minggu",
    "tanggal merah",
    "tra loi tin nhan",
    "con tra loi",
    "9h",
    "10h",
    "8h",
];

const BUY: &[&str] = &[
    "gimme",
    "give me",
    "i'm sold",
    "lay",
    "mua",
    "dat",
    "chot",
    "len don",
    "order",
    "pesan",
    "pesen",
    "mesen",
    "beli",
    "ambil",
    "checkout",
    "get 1",
    "get one",
    "get two",
    "want to get",
    "let's do",
    "lets do",
    "i'll have",
    "i'll take",
    "i will take",
    "i'd like",
    "i want to buy",
    "want to order",
    "buy",
    "purchase",
    "place an order",
];

const STOCK_PRICE: &[&str] = &[
    "con hang",
    "con khong",
    "con ko",
    "con k",
    "het hang",
    "con size",
    "con mau",
    "con sp",
    "co hang",
    "co san",
    "co size",
    "co mau",
    "gia",
    "bao nhieu tien",
    "nhieu tien",
    "bn tien",
    "ready",
    "stok",
    "stock",
    "ada",
    "harga",
    "harganya",
    "berapa",
    "brp",
    "available",
    "in stock",
    "price",
    "how much",
    "cost",
    "sold out",
    "have",
    "what colours",
    "what colors",
    "come in",
    "co mau",
    "mau gi",
    "warna apa",
];

const GREETING: &[&str] = &[
    "hii",
    "hiii",
    "hiiii",
    "helo",
    "hallo",
    "chao",
    "xin chao",
    "hello",
    "hi",
    "hey",
    "alo",
    "shop oi",
    "ad oi",
    "halo",
    "hai",
    "selamat pagi",
    "selamat siang",
    "selamat sore",
    "selamat malam",
    "permisi",
    "good morning",
    "good afternoon",
    "good evening",
    "assalamualaikum",
    "pagi",
    "siang",
    "sore",
    "malam",
    "yo",
];

/// Openers that would otherwise read as a question about stock ("ada orang?" — anyone
/// there?; "I have a question").
const OPENERS: &[&str] = &[
    "anyone available",
    "anybody there",
    "ada orang",
    "mau tanya",
    "mo hoi",
    "cho hoi",
    "i have a question",
    "have a question",
    "anyone there",
    "are you there",
    "ada admin",
];

const THANKS: &[&str] = &[
    "cam on",
    "camon",
    "thanks",
    "thank",
    "thank you",
    "ty",
    "tks",
    "thanks",
    "makasih",
    "terima kasih",
    "terimakasih",
    "trims",
    "thx",
    "ok",
    "oke",
    "okie",
    "okay",
    "vang",
    "da vang",
    "siap",
    "baik",
    "sip",
    "👍",
    "❤",
    "mksh",
    "appreciate",
    "cheers",
    "great",
];

/// Tells the intent of one message, given what it names.
pub fn classify(text: &str, slots: &Slots) -> Intent {
    let folded = fold(text);
    let words: Vec<&str> = words(&folded).collect();
    let has = |phrases: &[&str]| phrases.iter().any(|p| contains_phrase(&words, &folded, p));
    // Shouting ("GIAO HÀNG KIỂU GÌ VẬY!!!") is a person's to answer.
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = letters.len() >= 12 && letters.iter().all(|c| !c.is_lowercase());
    // Changing where an order goes is a person's to do, however it is put.
    let address = has(&[
        "dia chi",
        "alamat",
        "address",
        "new flat",
        "new place",
        "chuyen nha",
        "pindah",
    ]);
    let change = has(&[
        "doi", "sua", "thay", "chuyen", "ganti", "ubah", "pindah", "change", "update", "moved",
        "instead",
    ]);
    if has(PERSON) || shouting || text.matches('!').count() >= 3 || (address && change) {
        return Intent::Person;
    }
    if has(COD) {
        return Intent::Cod;
    }
    if !slots.orders.is_empty() || has(ORDER_STATUS) {
        return Intent::OrderStatus;
    }
    if has(RETURNS) {
        return Intent::Returns;
    }
    // Buying names a quantity or uses a buying verb; "còn hàng không" before it would
    // have been asked as a question.
    let asking = text.contains('?') || has(&["khong", "ko", "k", "hong", "ga", "gak", "nggak"]);
    // "muốn đặt", "lấy 2 cái", "fix ambil": wanting it is buying even when put as a question.
    let wants = has(&[
        "muon dat",
        "muon mua",
        "de mua",
        "chot",
        "lay",
        "ambil",
        "fix",
        "mau beli",
        "mau pesan",
        "want to buy",
        "i'll take",
        "gimme",
        "i'm sold",
        "i'll buy",
    ]);
    let price = has(&[
        "gia", "harga", "harganya", "berapa", "berapaan", "brp", "price", "how much",
    ]);
    // "còn hàng không, lấy 2 cái được không": asked whether there is any first.
    let in_stock = has(&["con hang", "co hang", "ada stok", "masih ada", "in stock"]);
    if has(BUY) && (slots.quantity.is_some() || !asking || wants) && !price && !(asking && in_stock)
    {
        return Intent::Buy;
    }
    // Price and shipping in one message ("berapaan? udah termasuk ongkir?"): the price.
    if price
        && has(&[
            "termasuk ongkir",
            "include shipping",
            "including shipping",
            "gom ship",
            "bao ship",
        ])
    {
        return Intent::StockPrice;
    }
    if has(OPENERS) && slots.orders.is_empty() {
        return Intent::Greeting;
    }
    if has(SHIPPING_FEE) {
        return Intent::ShippingFee;
    }
    if has(HOURS) && !has(&["con hang", "stock", "stok"]) {
        return Intent::Hours;
    }
    if has(STOCK_PRICE) || slots.colour.is_some() || slots.size.is_some() {
        return Intent::StockPrice;
    }
    if has(THANKS) && words.len() <= 12 {
        return Intent::Thanks;
    }
    if has(GREETING) {
        return Intent::Greeting;
    }
    Intent::Unknown
}

/// Whether `phrase` occurs in the message on word boundaries ("lay" in "lấy 2 cái", never
/// in "giày lạy"), or as a symbol anywhere ("👍").
fn contains_phrase(words: &[&str], folded: &str, phrase: &str) -> bool {
    if !phrase.chars().any(char::is_alphanumeric) {
        return folded.contains(phrase);
    }
    let parts: Vec<&str> = phrase.split(' ').collect();
    words.windows(parts.len()).any(|w| w == parts.as_slice())
}

#[cfg(test)]
mod tests {
    use super::super::slots::read;
    use super::*;

    fn intent(text: &str) -> Intent {
        classify(text, &read(text))
    }

    #[test]
    fn common_questions_in_three_languages() {
        for (text, want) in [
            ("Đơn của em tới đâu rồi ạ", Intent::OrderStatus),
            ("bao giờ em nhận được hàng vậy shop", Intent::OrderStatus),
            ("kak pesanan saya kapan sampai?", Intent::OrderStatus),
            ("where is my order OD-000123", Intent::OrderStatus),
            ("shop ơi áo thun trắng còn size M không", Intent::StockPrice),
            ("harga kaos putih berapa kak", Intent::StockPrice),
            ("phí ship về Đà Nẵng bao nhiêu ạ", Intent::ShippingFee),
            ("ongkir ke Surabaya brp gan", Intent::ShippingFee),
            ("ship COD được không shop", Intent::Cod),
            ("bisa COD gak min", Intent::Cod),
            ("shop có đổi trả không ạ", Intent::Returns),
            ("jam buka toko jam berapa?", Intent::Hours),
            (
                "mình lấy 2 cái áo thun trắng size M, ship về Q.3",
                Intent::Buy,
            ),
            ("saya mau pesan 1 tai nghe bluetooth pro", Intent::Buy),
            ("cảm ơn shop nhiều", Intent::Thanks),
            ("chào shop", Intent::Greeting),
            ("tôi muốn gặp người thật", Intent::Person),
            ("barang saya rusak!!!", Intent::Person),
            ("cancel my order and refund now", Intent::Person),
            ("hôm nay trời đẹp quá", Intent::Unknown),
        ] {
            assert_eq!(intent(text), want, "{text}");
        }
    }
}
