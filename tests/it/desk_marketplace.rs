//! Marketplace buyer chat on the customer desk (customer-channels §3–§5), over real HTTP
//! against the simulators and a real PostgreSQL: TikTok Shop Customer Service and Shopee
//! seller chat pushes on the shops' own `/push/{platform}` endpoints (signature checked,
//! each message stored once), replies through the shop's own client with the exact
//! documented bodies, each platform's rules refused before any call, their refusals said
//! plainly; Lazada IM replies in a session already known (no push is read: unconfirmed).

use crate::common;

use orderdeck_app::assistant::AssistantConfig;
use orderdeck_app::assistant::config::{ChannelSetting, Mode};
use orderdeck_app::assistant::desk::{self, DeskError};
use orderdeck_app::assistant::senders::Senders;
use orderdeck_app::channel_sync::OrderSyncConfig;
use orderdeck_app::channels;
use orderdeck_app::market_chat::{self, Access, ChatDesk};
use orderdeck_app::workers::channel_sync::Marketplaces;
use orderdeck_integrations::marketplace::chat::ChatError;
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig};
use orderdeck_sim::SimHandle;
use orderdeck_store::conversations as chats;
use serde_json::{Value, json};
use sqlx::PgPool;

struct Shop {
    db: common::TestDb,
    sim: SimHandle,
    /// `http://127.0.0.1:PORT`: orderdeck's listener.
    base: String,
    senders: Senders,
    desk: Option<ChatDesk>,
    _stop: tokio::sync::watch::Sender<bool>,
}

impl Shop {
    fn pool(&self) -> &PgPool {
        &self.db.pool
    }

    fn push(&self, kind: ChannelKind) -> String {
        format!("{}/push/{}", self.base, kind.code())
    }
}

fn vn() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).unwrap()
}

/// The demo shop with its three marketplace shops authorised against the simulator, chat
/// granted in the config when `grant`, each chat channel in `mode`, and the listener
/// serving the marketplaces' push endpoints.
async fn shop(mode: Mode, grant: bool) -> Shop {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    let sim = common::seeded_sim(31).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut cfg: ChannelsConfig = sim.channels_config();
    if let Some(s) = cfg.shopee.as_mut() {
        s.push_url = Some(format!("{base}/push/shopee"));
        s.chat = grant;
    }
    if let Some(l) = cfg.lazada.as_mut() {
        l.chat = grant;
    }
    if let Some(t) = cfg.tiktok.as_mut() {
        t.chat = grant;
    }
    for kind in ChannelKind::ALL {
        let open = channels::open(&db.pool, &cfg, kind).await.unwrap().unwrap();
        let pair = match kind {
            ChannelKind::Shopee => sim.shopee_authorize(),
            ChannelKind::Lazada => sim.lazada_authorize(),
            _ => sim.tiktok_authorize(),
        };
        channels::store_tokens(&db.pool, open.row.id, &pair)
            .await
            .unwrap();
    }
    let (m, problems) =
        Marketplaces::open(&db.pool, &cfg, &OrderSyncConfig::default(), "webhook").await;
    assert!(problems.is_empty(), "{problems:?}");
    let mut assistant = AssistantConfig::demo();
    for kind in ChannelKind::ALL {
        assistant.channels.insert(
            kind.code().into(),
            ChannelSetting {
                mode,
                sales_channel: "website".into(),
            },
        );
    }
    let (senders, problems) = Senders::from_config(&assistant);
    assert!(problems.is_empty(), "{problems:?}");
    let senders = senders.with_marketplaces(&m.shops, &cfg);
    let (desk, m) = if grant {
        let d = ChatDesk::new(db.pool.clone(), &assistant, senders.clone(), vn());
        (Some(d.clone()), m.with_chat(d))
    } else {
        (None, m)
    };
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(orderdeck_app::workers::webhooks::serve(
        listener, m, stop_rx,
    ));
    Shop {
        db,
        sim,
        base,
        senders,
        desk,
        _stop: stop,
    }
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn conversation(pool: &PgPool, channel: &str, buyer: &str) -> chats::Conversation {
    let id: i64 =
        sqlx::query_scalar("select id from conversations where channel = $1 and buyer_key = $2")
            .bind(channel)
            .bind(buyer)
            .fetch_one(pool)
            .await
            .unwrap();
    chats::get(pool, id).await.unwrap().unwrap()
}

async fn post(url: &str, authorization: &str, body: &str) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(url)
        .header("authorization", authorization)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

/// Sends made to a path ending so (the simulator records every call it receives).
fn calls(sim: &SimHandle, suffix: &str) -> usize {
    sim.requests_to(suffix).len()
}

mod tiktok_chat {
    use super::*;

    const SEND: &str = "/messages";

    #[tokio::test]
    async fn signed_pushes_stored_once_and_answered_with_the_documented_body() {
        let s = shop(Mode::Auto, true).await;
        let pool = s.pool();
        let hook = s.push(ChannelKind::TikTok);
        let d = s
            .sim
            .tiktok_buyer_writes(&hook, "707885565181165594", "shop có ship COD không ạ")
            .await
            .unwrap();
        assert_eq!(d.status, 200);
        // Stored once, keyed by the buyer's id, its platform id the thread and message.
        let conv = conversation(pool, "tiktok", "707885565181165594").await;
        let pid = format!("{}/{}", d.conversation_id, d.message_id);
        let stored: i64 = sqlx::query_scalar(
            "select count(*) from chat_messages where platform_id = $1 and direction = 'in'",
        )
        .bind(&pid)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(stored, 1);

        // Answered through the shop's own Send Message, content a JSON *string*.
        let sent = s.sim.chat_sent();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0].platform, "tiktok");
        assert_eq!(sent[0].to, d.conversation_id);
        assert!(sent[0].text.contains("COD"), "{}", sent[0].text);
        let body = &sent[0].body;
        assert_eq!(
            body.as_object().map(|o| o.len()),
            Some(2),
            "only type and content: {body}"
        );
        assert_eq!(body["type"], "TEXT");
        assert_eq!(
            body["content"],
            Value::String(json!({ "content": sent[0].text }).to_string()),
            "content is a JSON-serialised string"
        );
        // The reply is kept with TikTok's id, and marked sent.
        let out: (String, Option<String>) = sqlx::query_as(
            "select state, platform_id from chat_messages
             where conversation_id = $1 and direction = 'out'",
        )
        .bind(conv.id)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(out.0, "sent");
        assert_eq!(
            out.1,
            Some(format!("{}/{}", d.conversation_id, sent[0].message_id))
        );
        // The call went signed, with the shop's token and cipher.
        let req = s.sim.requests_to(SEND);
        assert_eq!(req.len(), 1);
        assert!(req[0].header("x-tts-access-token").is_some());
        assert!(req[0].query.iter().any(|(k, _)| k == "shop_cipher"));

        // TikTok delivers again: nothing new stored, nothing sent again.
        let (status, answer) = post(&hook, &d.authorization, &d.body).await;
        assert_eq!((status, answer.as_str()), (200, ""));
        let stored: i64 =
            sqlx::query_scalar("select count(*) from chat_messages where platform_id = $1")
                .bind(&pid)
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(stored, 1);
        assert_eq!(s.sim.chat_sent().len(), 1);

        // A wrong signature, or none: refused, nothing stored.
        let before = count(pool, "select count(*) from chat_messages").await;
        let forged = d.body.replace(&d.message_id, "7999999999999999999");
        let (status, _) = post(&hook, &d.authorization, &forged).await;
        assert_eq!(status, 401);
        let (status, _) = post(&hook, "", &forged).await;
        assert_eq!(status, 401);
        assert_eq!(
            count(pool, "select count(*) from chat_messages").await,
            before
        );

        // The conversation sells from the TikTok shop, not the website.
        let desk = s.desk.as_ref().unwrap();
        assert_eq!(desk.assistant.channel("tiktok").sales_channel, "tiktok");
        assert_eq!(desk.assistant.channel("tiktok").mode, Mode::Auto);
    }

    #[tokio::test]
    async fn outside_7_days_a_link_or_too_long_is_refused_before_any_call() {
        let s = shop(Mode::Draft, true).await;
        let pool = s.pool();
        let d = s
            .sim
            .tiktok_buyer_writes(
                &s.push(ChannelKind::TikTok),
                "7001",
                "còn size M không shop",
            )
            .await
            .unwrap();
        assert_eq!(d.status, 200);
        assert!(s.sim.chat_sent().is_empty(), "drafts wait for a person");
        let conv = conversation(pool, "tiktok", "7001").await;

        // 8 days since the buyer wrote: refused here, no call made.
        sqlx::query(
            "update conversations set last_in_at = now() - interval '8 days' where id = $1",
        )
        .bind(conv.id)
        .execute(pool)
        .await
        .unwrap();
        let err = desk::send_own(pool, &s.senders, conv.id, "lan", "Dạ còn ạ")
            .await
            .unwrap_err();
        let why = ChatError::After7Days(ChannelKind::TikTok).to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert_eq!(calls(&s.sim, SEND), 0);

        sqlx::query("update conversations set last_in_at = now() where id = $1")
            .bind(conv.id)
            .execute(pool)
            .await
            .unwrap();
        // A hyperlink: TikTok sends none; refused with the reason.
        let err = desk::send_own(
            pool,
            &s.senders,
            conv.id,
            "lan",
            "Dạ chị xem tại https://nhaxinh.vn/ao-thun nhé",
        )
        .await
        .unwrap_err();
        let why =
            ChatError::Link(ChannelKind::TikTok, "https://nhaxinh.vn/ao-thun".into()).to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        // Over 2000 characters (the desk itself takes 4000).
        let long = "á".repeat(2001);
        let err = desk::send_own(pool, &s.senders, conv.id, "lan", &long)
            .await
            .unwrap_err();
        let why = ChatError::TooLong(ChannelKind::TikTok, 2000).to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert_eq!(calls(&s.sim, SEND), 0, "nothing reached TikTok");
        assert!(s.sim.chat_sent().is_empty());

        // Within the rules: it goes.
        desk::send_own(pool, &s.senders, conv.id, "lan", "Dạ size M còn ạ")
            .await
            .unwrap();
        let sent = s.sim.chat_sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].text, "Dạ size M còn ạ");
    }

    #[tokio::test]
    async fn tiktok_refusals_are_said_plainly_and_nothing_is_marked_sent() {
        let s = shop(Mode::Draft, true).await;
        let pool = s.pool();
        let hook = s.push(ChannelKind::TikTok);
        let d = s
            .sim
            .tiktok_buyer_writes(&hook, "7002", "alo shop")
            .await
            .unwrap();
        let conv = conversation(pool, "tiktok", "7002").await;

        // 45109001: the conversation's rules no longer let the shop write.
        s.sim.tiktok_chat_close(&d.conversation_id);
        let err = desk::send_own(pool, &s.senders, conv.id, "lan", "Dạ shop đây ạ")
            .await
            .unwrap_err();
        let why = ChatError::ConversationRules.to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert!(why.contains("45109001"), "{why}");
        assert_eq!(
            calls(&s.sim, "/messages"),
            1,
            "TikTok was asked and said no"
        );
        let sent_rows = count(
            pool,
            "select count(*) from chat_messages where direction = 'out' and state = 'sent'",
        )
        .await;
        assert_eq!(sent_rows, 0);

        // 45101006 and 45101004 on another buyer's open conversation.
        let d2 = s
            .sim
            .tiktok_buyer_writes(&hook, "7003", "alo")
            .await
            .unwrap();
        assert_eq!(d2.status, 200);
        let conv2 = conversation(pool, "tiktok", "7003").await;
        s.sim.tiktok_chat_ban_word("chuyển khoản ngoài");
        let err = desk::send_own(
            pool,
            &s.senders,
            conv2.id,
            "lan",
            "Chị chuyển khoản ngoài nhé",
        )
        .await
        .unwrap_err();
        assert_eq!(err.to_string(), ChatError::Sensitive.to_string());
        s.sim.tiktok_chat_quota_used_up();
        let err = desk::send_own(pool, &s.senders, conv2.id, "lan", "Dạ")
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), ChatError::DailyQuota.to_string());
        assert!(s.sim.chat_sent().is_empty());
    }

    #[tokio::test]
    async fn the_shops_own_messages_are_never_answered_and_a_person_takes_over() {
        let s = shop(Mode::Auto, true).await;
        let pool = s.pool();
        let hook = s.push(ChannelKind::TikTok);
        let d = s
            .sim
            .tiktok_buyer_writes(&hook, "7004", "shop có ship COD không ạ")
            .await
            .unwrap();
        let ours = s.sim.chat_sent();
        assert_eq!(ours.len(), 1);
        let conv = conversation(pool, "tiktok", "7004").await;

        // Our own reply comes back as a SHOP message: dropped, the assistant stays.
        let echo = s
            .sim
            .tiktok_shop_person_writes(&hook, &d.conversation_id, &ours[0].text)
            .await
            .unwrap();
        assert_eq!(echo.status, 200);
        assert!(
            !chats::get(pool, conv.id)
                .await
                .unwrap()
                .unwrap()
                .taken_over()
        );

        // A person answers in TikTok's seller centre: the conversation is theirs.
        let person = s
            .sim
            .tiktok_shop_person_writes(&hook, &d.conversation_id, "Chào chị, em là Lan ạ")
            .await
            .unwrap();
        assert_eq!(person.status, 200);
        let now = chats::get(pool, conv.id).await.unwrap().unwrap();
        assert!(now.taken_over());
        assert_eq!(now.taken_by, "seller-centre");

        // The buyer writes again: stored, not answered by the assistant.
        s.sim
            .tiktok_buyer_writes(&hook, "7004", "shop có ship COD không ạ")
            .await
            .unwrap();
        assert_eq!(s.sim.chat_sent().len(), 1);
        // Neither shop-side message was stored as the buyer's.
        assert_eq!(
            count(
                pool,
                &format!(
                    "select count(*) from chat_messages where conversation_id = {} and direction = 'in'",
                    conv.id
                )
            )
            .await,
            2
        );
    }

    #[tokio::test]
    async fn without_granted_access_pushes_are_ignored_and_sends_refused() {
        let s = shop(Mode::Auto, false).await;
        let pool = s.pool();
        let d = s
            .sim
            .tiktok_buyer_writes(&s.push(ChannelKind::TikTok), "7005", "alo shop")
            .await
            .unwrap();
        assert_eq!(d.status, 200, "acknowledged");
        assert_eq!(
            count(
                pool,
                "select count(*) from conversations where channel = 'tiktok'"
            )
            .await,
            0
        );
        let conv = chats::open(pool, "tiktok", "7005", "", "").await.unwrap();
        chats::receive(pool, conv.id, Some("1/2"), "alo")
            .await
            .unwrap();
        let err = desk::send_own(pool, &s.senders, conv.id, "lan", "Dạ")
            .await
            .unwrap_err();
        let why = ChatError::NotGranted(ChannelKind::TikTok).to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert_eq!(
            why,
            orderdeck_i18n::t!("err-chat-no-client", channel = "TikTok Shop")
        );
        assert_eq!(calls(&s.sim, "/messages"), 0);
        assert_eq!(
            count(
                pool,
                "select count(*) from chat_messages where direction = 'out' and state = 'sent'"
            )
            .await,
            0
        );
    }
}

mod shopee_chat {
    use super::*;

    /// Past 2^53: a float would make it …992.
    const BUYER: u64 = 9_007_199_254_740_993;

    #[tokio::test]
    async fn signed_pushes_stored_once_and_answered_to_the_exact_buyer_id() {
        let s = shop(Mode::Auto, true).await;
        s.sim.shopee_chat_grant(true);
        let pool = s.pool();
        let hook = s.push(ChannelKind::Shopee);
        let d = s
            .sim
            .shopee_buyer_writes(&hook, BUYER, "shop có ship COD không ạ")
            .await
            .unwrap();
        assert_eq!(d.status, 200);
        let conv = conversation(pool, "shopee", "9007199254740993").await;
        assert_eq!(conv.buyer_key, BUYER.to_string());
        // The push's `from_user_name` names the conversation in the Inbox.
        assert_eq!(conv.buyer_name, format!("buyer_{BUYER}"));
        let sent = s.sim.chat_sent();
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(sent[0].platform, "shopee");
        assert_eq!(
            sent[0].body,
            json!({"to_id": BUYER, "message_type": "text", "content": {"text": sent[0].text}})
        );
        assert_eq!(
            sent[0].body["to_id"].as_u64(),
            Some(BUYER),
            "an exact integer"
        );
        let req = s.sim.requests_to("/api/v2/sellerchat/send_message");
        assert_eq!(req.len(), 1);
        for k in ["partner_id", "timestamp", "access_token", "shop_id", "sign"] {
            assert!(req[0].query.iter().any(|(n, _)| n == k), "{k}");
        }

        // Shopee pushes again: 2xx with an empty body, stored once, answered once.
        let (status, answer) = post(&hook, &d.authorization, &d.body).await;
        assert_eq!((status, answer.as_str()), (200, ""));
        let pid = format!("{}/{}", d.conversation_id, d.message_id);
        let stored: i64 =
            sqlx::query_scalar("select count(*) from chat_messages where platform_id = $1")
                .bind(&pid)
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(stored, 1);
        assert_eq!(s.sim.chat_sent().len(), 1);

        // Signed for another callback URL, or forged: refused.
        let (status, _) = post(
            &hook,
            &orderdeck_integrations::marketplace::signing::shopee_push_signature(
                "sim-shopee-partner-key-5f3a9c1e7b2d4086",
                "https://elsewhere.example/push",
                d.body.as_bytes(),
            ),
            &d.body,
        )
        .await;
        assert_eq!(status, 401);
        let before = count(pool, "select count(*) from chat_messages").await;
        let (status, _) = post(&hook, &d.authorization, &d.body.replace("COD", "QR")).await;
        assert_eq!(status, 401);
        assert_eq!(
            count(pool, "select count(*) from chat_messages").await,
            before
        );

        // The conversation sells from the Shopee shop.
        let desk = s.desk.as_ref().unwrap();
        assert_eq!(desk.assistant.channel("shopee").sales_channel, "shopee");
    }

    #[tokio::test]
    async fn an_app_without_chat_permission_is_told_why() {
        let s = shop(Mode::Draft, true).await;
        // The config says granted, Shopee does not: a non-Customer-Service app.
        s.sim.shopee_chat_grant(false);
        let pool = s.pool();
        let d = s
            .sim
            .shopee_buyer_writes(
                &s.push(ChannelKind::Shopee),
                1_650_105_353,
                "còn hàng không ạ",
            )
            .await
            .unwrap();
        assert_eq!(d.status, 200);
        let conv = conversation(pool, "shopee", "1650105353").await;
        let err = desk::send_own(pool, &s.senders, conv.id, "lan", "Dạ còn ạ")
            .await
            .unwrap_err();
        let why = ChatError::ShopeeNoChat.to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert!(s.sim.chat_sent().is_empty());
        // The reply is still a draft for a person, not marked sent.
        assert!(chats::draft(pool, conv.id).await.unwrap().is_some());
    }
}

mod lazada_chat {
    use super::*;

    const SEND: &str = "/im/message/send";

    /// A Lazada conversation known to the desk (no push is read: §4 unconfirmed), its
    /// session id on the buyer's message.
    async fn known(pool: &PgPool, buyer: &str, session: &str) -> i64 {
        let conv = chats::open(pool, "lazada", buyer, "", "").await.unwrap();
        chats::receive(
            pool,
            conv.id,
            Some(&format!("{session}/m1")),
            "còn hàng không ạ",
        )
        .await
        .unwrap();
        conv.id
    }

    #[tokio::test]
    async fn a_reply_in_a_known_session_goes_with_session_template_and_txt() {
        let s = shop(Mode::Draft, true).await;
        let pool = s.pool();
        s.sim.lazada_chat_grant(true);
        s.sim.lazada_chat_open_session("S100");
        let conv = known(pool, "200300", "S100").await;
        desk::send_own(pool, &s.senders, conv, "lan", "Dạ còn ạ")
            .await
            .unwrap();
        let sent = s.sim.chat_sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].platform, "lazada");
        assert_eq!(sent[0].to, "S100");
        for (k, v) in [
            ("session_id", "S100"),
            ("template_id", "1"),
            ("txt", "Dạ còn ạ"),
        ] {
            assert_eq!(sent[0].body[k], json!(v), "{k}: {}", sent[0].body);
        }
        let req = s.sim.requests_to(SEND);
        assert_eq!(req.len(), 1);
        assert_eq!(req[0].method, "POST");

        // No session known for the conversation: refused before any call.
        let bare = chats::open(pool, "lazada", "200301", "", "").await.unwrap();
        let err = desk::send_own(pool, &s.senders, bare.id, "lan", "Dạ")
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            ChatError::NoThread(ChannelKind::Lazada).to_string()
        );
        assert_eq!(calls(&s.sim, SEND), 1);

        // An app not of the IM category.
        s.sim.lazada_chat_grant(false);
        let err = desk::send_own(pool, &s.senders, conv, "lan", "Dạ nữa ạ")
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), ChatError::LazadaNoIm.to_string());
    }

    #[tokio::test]
    async fn access_notes_for_each_marketplace() {
        let sim = common::seeded_sim(32).await;
        let mut cfg = sim.channels_config();
        for kind in ChannelKind::ALL {
            assert_eq!(market_chat::access(&cfg, kind), Some(Access::NotGranted));
        }
        assert_eq!(market_chat::access(&cfg, ChannelKind::Shopify), None);
        assert_eq!(
            market_chat::access_words(ChannelKind::Shopee, Access::NotGranted),
            orderdeck_i18n::t!("console-chat-note-shopee")
        );
        assert_eq!(
            market_chat::access_words(ChannelKind::TikTok, Access::NotGranted),
            orderdeck_i18n::t!("console-chat-note-tiktok")
        );
        if let Some(t) = cfg.tiktok.as_mut() {
            t.chat = true;
        }
        if let Some(l) = cfg.lazada.as_mut() {
            l.chat = true;
        }
        assert_eq!(
            market_chat::access(&cfg, ChannelKind::TikTok),
            Some(Access::Connected)
        );
        assert_eq!(
            market_chat::access(&cfg, ChannelKind::Lazada),
            Some(Access::RepliesOnly),
            "no new-message push for Lazada"
        );
        // The Channels pane's page of a marketplace shop names its chat state.
        let db = common::fresh_db().await;
        orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
            .await
            .unwrap();
        let id: i64 = sqlx::query_scalar("select id from sales_channels where code = 'shopee'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let fmt = orderdeck_tui::view::Fmt {
            offset: vn(),
            now: chrono::Utc::now(),
        };
        let page = orderdeck_console::lists::channels::detail(&db.pool, id, &fmt)
            .await
            .unwrap()
            .unwrap();
        let text: String = page
            .lines
            .iter()
            .flatten()
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&orderdeck_i18n::t!("console-chat-note-shopee")),
            "{text}"
        );
    }
}
