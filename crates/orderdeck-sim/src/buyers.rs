//! Simulated buyers for the demo: people writing to the shop's website chat, its
//! Facebook Page, its Zalo OA and its TikTok Shop and Shopee shops in Vietnamese,
//! Indonesian and English — asking where their order is, what is in stock, about COD,
//! shipping fees and opening hours, complaining, and buying ("mình lấy 2 cái áo thun trắng
//! size M, ship về Q.3"). They talk through the real chat endpoint (`POST
//! /v1/chat/messages`, a key of scope `chat:write`), the Page's and the OA's signed
//! webhooks, or the marketplaces' signed chat pushes (TikTok type 14, Shopee code 10) on
//! the console's `/push/{platform}`, one message at a time, a few seconds apart, so the
//! Inbox fills by itself and the assistant answers.
//!
//! Buyers who are "logged in" on the website are demo customers: the site passes their
//! phone, as a real site passes its signed-in account's.

use std::time::Duration;

use rand::Rng;
use rand::seq::IndexedRandom;
use sqlx::PgPool;
use tokio::sync::watch;

/// Where a buyer writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    /// The website's chat endpoint.
    Web,
    /// The shop's Facebook Page (the Messenger simulator posts the signed webhook).
    Messenger,
    /// The shop's Zalo OA (the Zalo simulator posts the signed event).
    Zalo,
    /// The TikTok Shop shop's buyer chat (the marketplace simulator posts the signed
    /// type-14 webhook).
    TikTok,
    /// The Shopee shop's buyer chat (the marketplace simulator posts the code-10 push,
    /// signed for the console's push URL).
    Shopee,
}

/// One scripted conversation: who writes and what, in order.
struct Script {
    via: Via,
    /// The name the website's buyer gives; a Shopee buyer's username. (Messenger, Zalo
    /// and TikTok pushes carry only the buyer's id.)
    name: &'static str,
    /// Pass a demo customer's phone (a signed-in buyer); which kind of customer.
    signed_in: Option<Who>,
    lines: &'static [&'static str],
}

#[derive(Clone, Copy)]
enum Who {
    /// A customer with orders.
    WithOrders,
    /// A customer whose saved address is in Quận 3 (the sale "ship về Q.3").
    InDistrict3,
}

// The marketplaces' buyers are spread through the list, one of each early, so every
// channel shows in the Inbox within the first minute or two.
const SCRIPTS: &[Script] = &[
    Script {
        via: Via::TikTok,
        name: "",
        signed_in: None,
        lines: &[
            "Shop ơi áo thun Basic trắng size M còn hàng không ạ?",
            "giá bao nhiêu vậy shop",
        ],
    },
    Script {
        via: Via::Zalo,
        name: "",
        signed_in: None,
        lines: &[
            "Chào shop, bình giữ nhiệt còn màu đen không ạ?",
            "Giá bao nhiêu vậy shop?",
        ],
    },
    Script {
        via: Via::Shopee,
        name: "thuha.nguyen92",
        signed_in: None,
        lines: &["phí ship về Hà Nội bao nhiêu shop?", "có COD không ạ"],
    },
    Script {
        via: Via::Zalo,
        name: "",
        signed_in: None,
        lines: &["Shop ơi giao hàng về Cần Thơ mất mấy ngày ạ, có COD không?"],
    },
    Script {
        via: Via::Messenger,
        name: "",
        signed_in: None,
        lines: &["Shop ơi áo sơ mi linen Basic màu be size L còn không ạ?"],
    },
    Script {
        via: Via::Messenger,
        name: "",
        signed_in: None,
        lines: &["shop có freeship không ạ, giao về Đà Nẵng mất mấy ngày?"],
    },
    Script {
        via: Via::Messenger,
        name: "",
        signed_in: None,
        lines: &["Kak, bisa kirim ke Indonesia?", "terima kasih"],
    },
    Script {
        via: Via::TikTok,
        name: "",
        signed_in: None,
        lines: &[
            "Kak, kaos hitam ukuran L masih ada? harganya berapa?",
            "bisa COD kak?",
        ],
    },
    Script {
        via: Via::Shopee,
        name: "minhquan_store",
        signed_in: None,
        lines: &["đơn hàng của mình tới đâu rồi shop? đặt từ hôm kia mà chưa thấy giao"],
    },
    Script {
        via: Via::Web,
        name: "",
        signed_in: Some(Who::InDistrict3),
        lines: &[
            "shop ơi",
            "mình lấy 2 cái áo thun trắng size M, ship về Q.3",
            "Basic nha",
        ],
    },
    Script {
        via: Via::Web,
        name: "",
        signed_in: Some(Who::WithOrders),
        lines: &["đơn hàng của mình tới đâu rồi shop?", "cảm ơn shop nhiều"],
    },
    Script {
        via: Via::Web,
        name: "Sari",
        signed_in: None,
        lines: &["Halo kak, kaos putih ukuran M ada?", "bisa COD kak?"],
    },
    Script {
        via: Via::Web,
        name: "Minh Anh",
        signed_in: None,
        lines: &["hàng giao bị lỗi rách áo, mình muốn trả hàng hoàn tiền"],
    },
    Script {
        via: Via::Web,
        name: "John",
        signed_in: None,
        lines: &["Hi, what are your opening hours?", "do you ship COD?"],
    },
    Script {
        via: Via::Web,
        name: "",
        signed_in: None,
        lines: &["đơn OD-000012 của mình sao rồi ạ"],
    },
    Script {
        via: Via::Web,
        name: "Budi",
        signed_in: None,
        lines: &[
            "mau beli 1 kaos hitam L",
            "Basic",
            "Budi Santoso - 0987654321 - 45 Nguyễn Trãi, P. Bến Thành, Q.1, TP.HCM",
        ],
    },
    Script {
        via: Via::Web,
        name: "Thu Trang",
        signed_in: None,
        lines: &["bình giữ nhiệt còn màu đỏ không shop, giá bao nhiêu"],
    },
    Script {
        via: Via::Shopee,
        name: "dewi.lestari88",
        signed_in: None,
        lines: &[
            "Halo kak, serum vitamin C ready stok?",
            "ongkirnya berapa ya kak?",
        ],
    },
    Script {
        via: Via::TikTok,
        name: "",
        signed_in: None,
        lines: &[
            "Hi, is the linen shirt in stock in size L? how much is it?",
            "and where is my order? I ordered 3 days ago",
        ],
    },
    Script {
        via: Via::TikTok,
        name: "",
        signed_in: None,
        lines: &[
            "shop ơi live tối nay mấy giờ vậy ạ 😍",
            "hihi cảm ơn shop nhiều",
        ],
    },
    Script {
        via: Via::Shopee,
        name: "ngoclan.ho",
        signed_in: None,
        lines: &[
            "shop dễ thương quá, lần trước mua áo mặc rất thích",
            "bình giữ nhiệt còn màu đỏ không shop?",
        ],
    },
];

/// Where the simulated buyers write: the website's chat with its key, and the Page's
/// webhook through the Messenger simulator (when it runs).
pub struct Targets {
    pub chat_url: String,
    pub token: String,
    pub messenger: Option<(crate::messenger::MessengerSim, String)>,
    /// The Zalo OA's simulator and the `/hooks/zalo` URL, when it runs.
    pub zalo: Option<(crate::zalo::ZaloSim, String)>,
    /// The marketplace simulator's buyers and the console's `/push/tiktok` URL, when the
    /// demo's TikTok shop has its chat connected.
    pub tiktok: Option<(crate::MarketBuyers, String)>,
    /// The same for Shopee: `/push/shopee`, exactly the URL the shop's config holds as
    /// registered (Shopee signs each push over it).
    pub shopee: Option<(crate::MarketBuyers, String)>,
}

/// Writes the scripts' messages, one every `every` (give or take a third), over and over
/// with new buyers, until `stop`.
pub fn spawn(
    pool: PgPool,
    targets: Targets,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let Targets {
        chat_url,
        token,
        messenger,
        zalo,
        tiktok,
        shopee,
    } = targets;
    tokio::spawn(async move {
        let http = match reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
        {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!("demo buyers: no HTTP client: {e}");
                return;
            }
        };
        let mut round = 0u32;
        loop {
            round += 1;
            for (k, script) in SCRIPTS.iter().enumerate() {
                // A channel this demo does not have: its buyers do not wait their turn.
                let reachable = match script.via {
                    Via::Web => true,
                    Via::Messenger => messenger.is_some(),
                    Via::Zalo => zalo.is_some(),
                    Via::TikTok => tiktok.is_some(),
                    Via::Shopee => shopee.is_some(),
                };
                if !reachable {
                    continue;
                }
                let phone = match script.signed_in {
                    Some(who) => customer_phone(&pool, who).await,
                    None => None,
                };
                let session = format!("demo-{round}-{k}-{}", rand::rng().random::<u32>());
                for (n, text) in script.lines.iter().enumerate() {
                    let pause = every.mul_f64(rand::rng().random_range(0.66..1.33));
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = stop.changed() => return,
                    }
                    if script.via == Via::Messenger {
                        let Some((sim, webhook)) = &messenger else {
                            continue;
                        };
                        let psid = format!("{}", 7_000_000_000 + hash(&session));
                        match sim.buyer_writes(webhook, &psid, text).await {
                            Ok((_, 200)) => {}
                            Ok((_, status)) => {
                                tracing::warn!("demo buyers: the Page's webhook answered {status}")
                            }
                            Err(e) => tracing::warn!("demo buyers: cannot reach the webhook: {e}"),
                        }
                        continue;
                    }
                    if script.via == Via::Zalo {
                        let Some((sim, webhook)) = &zalo else {
                            continue;
                        };
                        // Zalo user ids are 18–19-digit numbers.
                        let user_id = format!("{}", 2_512_000_000_000_000_000u64 + hash(&session));
                        match sim.buyer_writes(webhook, &user_id, text).await {
                            Ok((_, 200)) => {}
                            Ok((_, status)) => {
                                tracing::warn!("demo buyers: the Zalo webhook answered {status}")
                            }
                            Err(e) => tracing::warn!("demo buyers: cannot reach the webhook: {e}"),
                        }
                        continue;
                    }
                    if script.via == Via::TikTok {
                        let Some((buyers, push)) = &tiktok else {
                            continue;
                        };
                        // TikTok's `im_user_id`: an 18-digit number, as a string.
                        let user_id = format!("{}", 707_885_000_000_000_000u64 + hash(&session));
                        let sent = buyers.tiktok_buyer_writes(push, &user_id, text).await;
                        report("TikTok", sent.map(|d| d.status));
                        continue;
                    }
                    if script.via == Via::Shopee {
                        let Some((buyers, push)) = &shopee else {
                            continue;
                        };
                        let user_id = shopee_user_id(&session);
                        let sent = buyers
                            .shopee_buyer_writes(push, user_id, script.name, text)
                            .await;
                        report("Shopee", sent.map(|d| d.status));
                        continue;
                    }
                    let body = serde_json::json!({
                        "session": session,
                        "message_id": format!("{session}-{n}"),
                        "text": text,
                        "name": script.name,
                        "phone": phone.clone().unwrap_or_default(),
                    });
                    match http
                        .post(&chat_url)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                    {
                        Ok(r) if r.status().is_success() => {}
                        Ok(r) => tracing::warn!("demo buyers: the chat answered {}", r.status()),
                        Err(e) => tracing::warn!("demo buyers: cannot reach the chat: {e}"),
                    }
                }
            }
        }
    })
}

/// A demo customer of the kind asked for, picked at random.
async fn customer_phone(pool: &PgPool, who: Who) -> Option<String> {
    let sql = match who {
        Who::WithOrders => {
            "select c.phone from customers c
             where c.phone <> '' and exists (select 1 from orders o where o.buyer_phone = c.phone
                                              and o.status in ('shipped', 'packed', 'reserved'))
             order by c.id limit 40"
        }
        Who::InDistrict3 => {
            "select phone from customers
             where phone <> '' and address->>'district' = 'Quận 3' and address->>'line1' <> ''
             order by id limit 40"
        }
    };
    let phones: Vec<String> = sqlx::query_scalar(sql).fetch_all(pool).await.ok()?;
    phones.choose(&mut rand::rng()).cloned()
}

/// Logs a marketplace push that was not taken: a 401 means the console's config and the
/// simulator disagree on a key or on the push URL.
fn report(platform: &str, sent: Result<u16, String>) {
    match sent {
        Ok(200) => {}
        Ok(status) => tracing::warn!("demo buyers: the {platform} push answered {status}"),
        Err(e) => tracing::warn!("demo buyers: cannot reach the {platform} push endpoint: {e}"),
    }
}

/// A Shopee buyer's user id. Every other one is past 2^53 and odd, a number a float
/// cannot hold: Shopee's ids are 64-bit, and the desk must keep them exactly (a reply to
/// a rounded `to_id` would go to nobody).
fn shopee_user_id(session: &str) -> u64 {
    let h = hash(session);
    if h.is_multiple_of(2) {
        1_000_000_000 + h
    } else {
        (1u64 << 53) + h
    }
}

/// A stable number for a session: its Messenger PSID.
fn hash(s: &str) -> u64 {
    s.bytes().fold(1_469_598_103_934_665_603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1_099_511_628_211)
    }) % 1_000_000_000
}
