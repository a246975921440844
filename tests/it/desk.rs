//! The customer desk on a real PostgreSQL with the demo shop: buyers' messages stored once,
//! sales closed in chat placed as reserved orders exactly once, drafts waiting for a
//! person, a conversation taken over left alone by the assistant, and the website's chat
//! endpoint with its key, limits and privacy.

use crate::common;

use orderdeck_app::api::{self, ApiState};
use orderdeck_app::assistant::AssistantConfig;
use orderdeck_app::assistant::config::{ChannelSetting, Mode};
use orderdeck_app::assistant::desk::{self, DeskError, Incoming};
use orderdeck_app::assistant::senders::Senders;
use orderdeck_app::intake::IntakeQueue;
use serde_json::{Value, json};
use sqlx::PgPool;

async fn demo() -> common::TestDb {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    db
}

fn vn() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).unwrap()
}

fn config_with(channel: &str, mode: Mode) -> AssistantConfig {
    let mut c = AssistantConfig::demo();
    c.channels.insert(
        channel.into(),
        ChannelSetting {
            mode,
            sales_channel: "website".into(),
        },
    );
    c
}

fn msg<'a>(
    channel: &'a str,
    buyer: &'a str,
    phone: &'a str,
    id: &'a str,
    text: &'a str,
) -> Incoming<'a> {
    Incoming {
        channel,
        buyer_key: buyer,
        buyer_name: "",
        buyer_phone: phone,
        platform_id: Some(id),
        text,
    }
}

/// A demo customer whose saved address is in Quận 3.
async fn district3_customer(pool: &PgPool) -> (String, String) {
    sqlx::query_as(
        "select phone, address->>'line1' from customers
         where phone <> '' and address->>'district' = 'Quận 3' and address->>'line1' <> ''
         order by id limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn reserved(pool: &PgPool, sku: &str) -> i64 {
    sqlx::query_scalar(
        "select coalesce(sum(s.reserved), 0)::bigint from stock_levels s
         join variants v on v.id = s.variant_id where v.sku = $1",
    )
    .bind(sku)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_sale_in_chat_becomes_one_reserved_order_by_the_assistant() {
    let db = demo().await;
    let pool = &db.pool;
    let config = config_with("web", Mode::Auto);
    let (phone, line1) = district3_customer(pool).await;
    let first = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg(
            "web",
            "zu-1",
            &phone,
            "m1",
            "mình lấy 2 cái áo thun trắng size M, ship về Q.3",
        ),
    )
    .await
    .unwrap();
    let a = first.answer.unwrap();
    assert!(
        a.reply.contains("Basic") && a.reply.contains("Premium"),
        "asks which: {a:?}"
    );
    assert!(first.order_number.is_none());

    let sku: String = sqlx::query_scalar(
        "select v.sku from variants v join products p on p.id = v.product_id
         where p.name = 'Áo thun cotton Basic' and v.attr_values @> array['Trắng', 'M']",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let before = reserved(pool, &sku).await;
    let second = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "zu-1", &phone, "m2", "Basic nha"),
    )
    .await
    .unwrap();
    let number = second
        .order_number
        .clone()
        .expect("the sale placed an order");
    let reply = second.answer.unwrap().reply;
    assert!(
        reply.contains(&number) && reply.contains(&line1),
        "confirmed: {reply}"
    );
    assert_eq!(second.reply.map(|r| r.1), Some("sent"));

    // Reserved, on the live queue, made by the assistant, to the saved address in Quận 3.
    let (status, buyer_phone, actor, district): (String, String, String, String) = sqlx::query_as(
        "select o.status, o.buyer_phone, e.actor, o.ship_address->>'district' from orders o
         join order_events e on e.order_id = o.id and e.kind = 'created'
         where o.number = $1",
    )
    .bind(&number)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), actor.as_str()), ("reserved", "assistant"));
    assert_eq!(
        (buyer_phone, district),
        (phone.clone(), "Quận 3".to_string())
    );
    assert_eq!(reserved(pool, &sku).await, before + 2);

    // The channel delivers the same message again, twice at once: stored once, no
    // second order, no second reply.
    let again = msg("web", "zu-1", &phone, "m2", "Basic nha");
    let none = Senders::default();
    let (x, y) = tokio::join!(
        desk::receive(pool, &config, &none, vn(), &again),
        desk::receive(pool, &config, &none, vn(), &again)
    );
    for h in [x.unwrap(), y.unwrap()] {
        assert!(!h.new && h.answer.is_none() && h.order_number.is_none());
    }
    // Another buyer completes a sale with two different messages at once (two requests,
    // each reading the sale as it was): one order.
    let (phone2, _): (String, String) = sqlx::query_as(
        "select phone, address->>'line1' from customers
         where phone <> '' and address->>'district' = 'Quận 3' and address->>'line1' <> ''
         order by id desc limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    desk::receive(
        pool,
        &config,
        &none,
        vn(),
        &msg(
            "web",
            "zu-2",
            &phone2,
            "a",
            "mình lấy 1 áo thun trắng size M ship về Q.3",
        ),
    )
    .await
    .unwrap();
    let (b, c) = (
        msg("web", "zu-2", &phone2, "b", "Basic nha"),
        msg("web", "zu-2", &phone2, "c", "Basic"),
    );
    let (p, q) = tokio::join!(
        desk::receive(pool, &config, &none, vn(), &b),
        desk::receive(pool, &config, &none, vn(), &c)
    );
    let (p, q) = (p.unwrap(), q.unwrap());
    let numbers: Vec<String> = [p.order_number, q.order_number]
        .into_iter()
        .flatten()
        .collect();
    assert!(!numbers.is_empty(), "the sale closed");
    assert!(
        numbers.windows(2).all(|w| w[0] == w[1]),
        "one order: {numbers:?}"
    );
    let chat_orders: i64 =
        sqlx::query_scalar("select count(*) from orders where external_id like 'chat-%'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(chat_orders, 2, "one for each buyer");
    assert_eq!(reserved(pool, &sku).await, before + 3);
    let messages: i64 = sqlx::query_scalar(
        "select count(*) from chat_messages m join conversations c on c.id = m.conversation_id
         where c.buyer_key = 'zu-1'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(messages, 4, "two in, two out");
}

#[tokio::test]
async fn an_unknown_buyer_is_asked_for_what_is_missing_and_nothing_is_ordered_short() {
    let db = demo().await;
    let pool = &db.pool;
    let config = config_with("web", Mode::Auto);
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "s-9", "", "a", "mau beli 1 kaos hitam L"),
    )
    .await
    .unwrap();
    assert!(h.order_number.is_none());
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "s-9", "", "b", "Basic"),
    )
    .await
    .unwrap();
    let reply = h.answer.unwrap().reply;
    assert!(
        h.order_number.is_none(),
        "no name, phone or address yet: {reply}"
    );
    assert!(
        reply.contains("nama") && reply.contains("alamat"),
        "asks in Indonesian: {reply}"
    );
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg(
            "web",
            "s-9",
            "",
            "c",
            "Budi Santoso - 0987654321 - 45 Nguyễn Trãi, P. Bến Thành, Q.1, TP.HCM",
        ),
    )
    .await
    .unwrap();
    let number = h.order_number.expect("complete now");
    let (name, line1, district, province): (String, String, String, String) = sqlx::query_as(
        "select buyer_name, ship_address->>'line1', ship_address->>'district',
                ship_address->>'province' from orders where number = $1",
    )
    .bind(&number)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        (
            name.as_str(),
            line1.as_str(),
            district.as_str(),
            province.as_str()
        ),
        (
            "Budi Santoso",
            "45 Nguyễn Trãi",
            "Quận 1",
            "TP. Hồ Chí Minh"
        )
    );

    // More than the stock can give: told what there is, nothing ordered.
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg(
            "web",
            "s-10",
            "",
            "a",
            "mình lấy 99 cái bình giữ nhiệt Mini đỏ",
        ),
    )
    .await
    .unwrap();
    assert!(h.order_number.is_none(), "{:?}", h.answer);
}

#[tokio::test]
async fn drafts_wait_for_a_person_and_a_taken_conversation_is_left_alone() {
    let db = demo().await;
    let pool = &db.pool;
    let config = config_with("web", Mode::Draft);
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "zu-2", "", "1", "shop có ship COD không ạ"),
    )
    .await
    .unwrap();
    let (draft_id, state) = h.reply.unwrap();
    assert_eq!(state, "draft");
    let conv = orderdeck_store::conversations::get(pool, h.conversation_id)
        .await
        .unwrap()
        .unwrap();
    assert!(conv.unanswered && conv.has_draft);
    // Sent with one key, as written.
    assert_eq!(
        desk::send_draft(pool, &Senders::default(), conv.id, "lan", None)
            .await
            .unwrap(),
        draft_id
    );
    let conv = orderdeck_store::conversations::get(pool, conv.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!conv.unanswered && !conv.has_draft);
    // Sending it twice (two agents at once) sends it once.
    assert!(matches!(
        desk::send_draft(pool, &Senders::default(), conv.id, "minh", None).await,
        Err(DeskError::NoDraft)
    ));

    // A person takes over: the assistant writes nothing, the message waits for them.
    assert!(desk::take_over(pool, conv.id, Some("lan")).await.unwrap());
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "zu-2", "", "2", "còn áo thun trắng size M không"),
    )
    .await
    .unwrap();
    assert!(h.new && h.answer.is_none() && h.reply.is_none());
    let conv = orderdeck_store::conversations::get(pool, conv.id)
        .await
        .unwrap()
        .unwrap();
    assert!(conv.unanswered && conv.taken_over() && !conv.has_draft);
    desk::send_own(
        pool,
        &Senders::default(),
        conv.id,
        "lan",
        "Dạ còn ạ, em gửi ảnh anh/chị xem nhé",
    )
    .await
    .unwrap();
    let conv = orderdeck_store::conversations::get(pool, conv.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!conv.unanswered);
    // Handed back: the assistant answers again.
    desk::take_over(pool, conv.id, None).await.unwrap();
    let h = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "zu-2", "", "3", "cảm ơn shop"),
    )
    .await
    .unwrap();
    assert!(h.answer.is_some());

    // Off: stored for a person, no reply.
    let off = config_with("web", Mode::Off);
    let h = desk::receive(
        pool,
        &off,
        &Senders::default(),
        vn(),
        &msg("web", "zu-3", "", "1", "xin chào"),
    )
    .await
    .unwrap();
    assert!(h.new && h.answer.is_none());
}

async fn chat_api(pool: &PgPool) -> (String, reqwest::Client) {
    let state = ApiState::new(pool.clone(), IntakeQueue::start(pool.clone(), 1))
        .with_assistant(config_with("web", Mode::Auto), vn());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, api::router(state)).await });
    (base, reqwest::Client::new())
}

#[tokio::test]
async fn the_websites_chat_endpoint() {
    let db = demo().await;
    let pool = &db.pool;
    let (base, http) = chat_api(pool).await;
    let token = api::keys::create(pool, "site", "chat:write", None, "test")
        .await
        .unwrap()
        .token;
    let orders_only = api::keys::create(pool, "orders", "orders:write", None, "test")
        .await
        .unwrap()
        .token;
    let url = format!("{base}/v1/chat/messages");
    let post = |token: String, body: Value| {
        let http = http.clone();
        let url = url.clone();
        async move {
            http.post(&url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };

    let r = post(
        token.clone(),
        json!({"session": "s1", "message_id": "1", "text": "shop có ship COD không?"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["stored"], true);
    assert_eq!(v["answered_by"], "assistant");
    let reply_id = v["reply"]["id"].as_i64().unwrap();
    assert!(v["reply"]["text"].as_str().unwrap().contains("COD"));
    // The same message again: not stored or answered twice.
    let v: Value = post(
        token.clone(),
        json!({"session": "s1", "message_id": "1", "text": "shop có ship COD không?"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (v["stored"].clone(), v["reply"].clone()),
        (json!(false), Value::Null)
    );
    // The page polls what was sent.
    let sent: Value = http
        .get(format!("{url}?session=s1&after=0"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sent.as_array().unwrap().len(), 1);
    assert_eq!(sent[0]["id"].as_i64(), Some(reply_id));

    // Refusals: each a problem document, nothing stored.
    let count = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from chat_messages")
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let n = count().await;
    let r = post(orders_only, json!({"session": "s2", "text": "hi"})).await;
    assert_eq!(r.status(), 403);
    let r = post(
        token.clone(),
        json!({"session": "s2", "text": "x".repeat(5000)}),
    )
    .await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "text", "{p}");
    let r = post(
        token.clone(),
        json!({"session": "s\u{1b}[2J", "text": "hi"}),
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = post(
        token.clone(),
        json!({"session": "s2", "text": "hi", "admin": true}),
    )
    .await;
    assert_eq!(r.status(), 400);
    assert_eq!(count().await, n);

    // Another buyer's order, asked by an anonymous visitor: declined in the same words
    // as an order that does not exist.
    let (their_order,): (String,) = sqlx::query_as("select number from orders order by id limit 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let real: Value = post(token.clone(), json!({"session": "s3", "text": format!("đơn {their_order} của mình tới đâu rồi, sđt 0911111111")}))
        .await
        .json()
        .await
        .unwrap();
    let none: Value = post(
        token.clone(),
        json!({"session": "s4", "text": "đơn OD-999999 của mình tới đâu rồi, sđt 0911111111"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(real["reply"]["text"], none["reply"]["text"]);
    assert!(
        !real["reply"]["text"]
            .as_str()
            .unwrap()
            .contains(&their_order)
    );

    // An angry buyer on a channel that answers by itself: told a person will answer, and
    // the conversation waits for that person (it is not "answered" by the telling).
    // Each message answered by the assistant, and after each the conversation still waits
    // for a person — the thanks afterwards too.
    for text in [
        "giao sai hàng mà không ai trả lời, cho tôi gặp người thật",
        "ok cảm ơn shop",
    ] {
        let v: Value = post(token.clone(), json!({"session": "s5", "text": text}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["answered_by"], "assistant", "{v}");
        let waits: (String, bool) = sqlx::query_as(
            "select needs_person, unanswered from conversations where buyer_key = 's5'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(waits, ("handover".to_string(), true), "after {text:?}");
    }
}

mod messenger {
    use super::*;
    use orderdeck_app::http::messenger::{MessengerHook, router};
    use orderdeck_integrations::messenger::sign;
    use orderdeck_sim::messenger::MessengerSim;
    use std::sync::Arc;

    struct Page {
        sim: MessengerSim,
        hook: String,
        senders: Senders,
        http: reqwest::Client,
    }

    async fn page(pool: &PgPool, mode: Mode) -> Page {
        let sim = MessengerSim::start(Default::default()).await.unwrap();
        let mut config = config_with("messenger", mode);
        config.messenger = Some(sim.config());
        let (senders, problems) = Senders::from_config(&config);
        assert!(problems.is_empty(), "{problems:?}");
        let hook = MessengerHook {
            pool: pool.clone(),
            assistant: Arc::new(config.clone()),
            page: sim.config(),
            senders: senders.clone(),
            offset: vn(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router(hook)).await });
        Page {
            sim,
            hook: format!("{base}/hooks/messenger"),
            senders,
            http: reqwest::Client::new(),
        }
    }

    async fn count(pool: &PgPool, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
    }

    #[tokio::test]
    async fn handshake_signature_and_messages_stored_once() {
        let db = demo().await;
        let pool = &db.pool;
        let p = page(pool, Mode::Auto).await;
        let token = p.sim.page.verify_token.clone();
        let ok = p
            .http
            .get(format!(
                "{}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
                p.hook
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.text().await.unwrap(), "1158201444");
        let wrong = p
            .http
            .get(format!(
                "{}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
                p.hook
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 403);

        // A buyer writes: stored, answered inside the window (RESPONSE).
        let (_, status) = p
            .sim
            .buyer_writes(&p.hook, "PSID1", "shop có ship COD không ạ")
            .await
            .unwrap();
        assert_eq!(status, 200);
        let sent = p.sim.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            (sent[0].psid.as_str(), sent[0].messaging_type.as_str()),
            ("PSID1", "RESPONSE")
        );
        assert!(sent[0].text.contains("COD"));

        // The same delivery twice (Meta retries): stored and answered once.
        let body =
            json!({"object": "page", "entry": [{"id": p.sim.page.page_id, "time": 1, "messaging": [
            {"sender": {"id": "PSID1"}, "recipient": {"id": p.sim.page.page_id},
             "timestamp": chrono::Utc::now().timestamp_millis(),
             "message": {"mid": "m_fixed", "text": "cảm ơn shop"}}]}]})
            .to_string();
        for _ in 0..2 {
            let r = p
                .http
                .post(&p.hook)
                .header(
                    "x-hub-signature-256",
                    sign(&p.sim.page.app_secret, body.as_bytes()),
                )
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        }
        assert_eq!(
            count(
                pool,
                "select count(*) from chat_messages where platform_id = 'm_fixed'"
            )
            .await,
            1
        );
        assert_eq!(p.sim.sent().len(), 2);

        // A wrong signature: refused, nothing stored.
        let before = count(pool, "select count(*) from chat_messages").await;
        let forged = body.replace("m_fixed", "m_forged");
        let r = p
            .http
            .post(&p.hook)
            .header(
                "x-hub-signature-256",
                sign("not-the-secret", forged.as_bytes()),
            )
            .body(forged)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(
            count(pool, "select count(*) from chat_messages").await,
            before
        );

        // A person answers in Meta's own inbox (an echo not ours): the assistant stops.
        let echo = json!({"object": "page", "entry": [{"id": p.sim.page.page_id, "time": 1, "messaging": [
            {"sender": {"id": p.sim.page.page_id}, "recipient": {"id": "PSID1"}, "timestamp": 1,
             "message": {"mid": "m_echo", "text": "Dạ em đây", "is_echo": true, "app_id": 263902037430900u64}}]}]})
        .to_string();
        let r = p
            .http
            .post(&p.hook)
            .header(
                "x-hub-signature-256",
                sign(&p.sim.page.app_secret, echo.as_bytes()),
            )
            .body(echo)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let sent_before = p.sim.sent().len();
        p.sim
            .buyer_writes(&p.hook, "PSID1", "còn hàng không shop")
            .await
            .unwrap();
        assert_eq!(
            p.sim.sent().len(),
            sent_before,
            "taken over: the assistant stays quiet"
        );
    }

    /// An order notice for a Messenger buyer: a plain message inside the 24-hour window;
    /// outside it, the Page's approved utility template (reference B5.3), checked by the
    /// simulator against the template's name, language and placeholders.
    #[tokio::test]
    async fn order_notices_outside_the_window_go_as_utility_messages() {
        use orderdeck_app::assistant::notices;
        use orderdeck_domain::order_event::OrderEventKind;
        use orderdeck_integrations::messenger::{NoticeField, UtilityTemplate};

        let db = demo().await;
        let pool = &db.pool;
        let p = page(pool, Mode::Draft).await;
        let mut page_config = p.sim.config();
        page_config.utility.insert(
            "delivered".into(),
            UtilityTemplate {
                name: "cap_nhat_don_hang".into(),
                languages: vec!["vi".into(), "en_US".into()],
                body: vec![
                    NoticeField::Number,
                    NoticeField::Status,
                    NoticeField::Tracking,
                ],
                url_button: None,
            },
        );
        let config = AssistantConfig {
            messenger: Some(page_config),
            ..config_with("messenger", Mode::Draft)
        };
        let (senders, problems) = Senders::from_config(&config);
        assert!(problems.is_empty(), "{problems:?}");
        notices::round(pool, &senders, None, 1000).await.unwrap();

        // A buyer on the Page whose phone is on two orders.
        p.sim
            .buyer_writes(&p.hook, "PSID9", "chào shop")
            .await
            .unwrap();
        let orders: Vec<(i64, String, String)> = sqlx::query_as(
            "select id, number, buyer_phone from orders where buyer_phone like '0_________'
             order by id limit 2",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        sqlx::query("update orders set buyer_phone = $1, buyer_email = '' where id = any($2)")
            .bind(&orders[0].2)
            .bind(vec![orders[0].0, orders[1].0])
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("update conversations set buyer_phone = $1 where buyer_key = 'PSID9'")
            .bind(&orders[0].2)
            .execute(pool)
            .await
            .unwrap();
        let delivered = |order_id: i64| async move {
            let mut conn = pool.acquire().await.unwrap();
            orderdeck_store::orders::add_event(
                &mut conn,
                order_id,
                "tracking",
                &OrderEventKind::Shipment("delivered".into()),
                "delivered",
                None,
                None,
            )
            .await
            .unwrap();
        };

        // Inside the window: a plain message.
        delivered(orders[0].0).await;
        let r = notices::round(pool, &senders, None, 1000).await.unwrap();
        assert_eq!((r.sent, r.not_sent), (1, 0));
        let sent = p.sim.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].messaging_type, "RESPONSE");
        assert!(sent[0].text.contains(&orders[0].1), "{sent:?}");

        // Two days on: the utility template, in Vietnamese, its placeholders filled.
        sqlx::query("update conversations set last_in_at = now() - interval '48 hours' where buyer_key = 'PSID9'")
            .execute(pool)
            .await
            .unwrap();
        p.sim.backdate("PSID9", 48);
        delivered(orders[1].0).await;
        let r = notices::round(pool, &senders, None, 1000).await.unwrap();
        assert_eq!((r.sent, r.not_sent), (1, 0));
        let sent = p.sim.sent();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].messaging_type, "UTILITY");
        assert!(
            sent[1].text.starts_with("cap_nhat_don_hang[vi]: ")
                && sent[1].text.contains(&orders[1].1),
            "{sent:?}"
        );
        assert_eq!(
            notices::round(pool, &senders, None, 1000)
                .await
                .unwrap()
                .sent,
            0,
            "each notice once"
        );

        // A template the Page does not have: refused by Meta, the notice says why.
        let mut wrong = config.messenger.clone().unwrap();
        if let Some(t) = wrong.utility.get_mut("delivered") {
            t.name = "khong_co".into();
        }
        let (senders, _) = Senders::from_config(&AssistantConfig {
            messenger: Some(wrong),
            ..config_with("messenger", Mode::Draft)
        });
        delivered(orders[1].0).await;
        let r = notices::round(pool, &senders, None, 1000).await.unwrap();
        assert_eq!((r.sent, r.not_sent), (0, 1));
        assert_eq!(p.sim.sent().len(), 2);
    }

    #[tokio::test]
    async fn the_reply_window_is_kept_before_any_call() {
        let db = demo().await;
        let pool = &db.pool;
        let p = page(pool, Mode::Draft).await;
        p.sim
            .buyer_writes(&p.hook, "PSID2", "shop mở cửa mấy giờ ạ")
            .await
            .unwrap();
        assert!(
            p.sim.sent().is_empty(),
            "draft mode: nothing sent by itself"
        );
        let conv: i64 =
            sqlx::query_scalar("select id from conversations where buyer_key = 'PSID2'")
                .fetch_one(pool)
                .await
                .unwrap();
        let age = |hours: i64| {
            let pool = pool.clone();
            async move {
                sqlx::query("update conversations set last_in_at = now() - make_interval(hours => $1::int) where buyer_key = 'PSID2'")
                    .bind(hours as i32)
                    .execute(&pool)
                    .await
                    .unwrap();
            }
        };
        // 25 hours on: the assistant may not answer; a person may, tagged HUMAN_AGENT.
        age(25).await;
        p.sim.backdate("PSID2", 25);
        let c = orderdeck_store::conversations::get(pool, conv)
            .await
            .unwrap()
            .unwrap();
        let refused = p
            .senders
            .deliver(pool, &c, "Dạ shop mở 8:00–21:00 ạ", false)
            .await;
        assert!(
            refused.unwrap_err().contains("24"),
            "refused with the reason"
        );
        assert!(p.sim.sent().is_empty(), "refused before any call");
        desk::send_draft(pool, &p.senders, conv, "lan", None)
            .await
            .unwrap();
        let sent = p.sim.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            (sent[0].messaging_type.as_str(), sent[0].tag.as_deref()),
            ("MESSAGE_TAG", Some("HUMAN_AGENT"))
        );

        // 8 days on: nobody may; the reply stays a draft with the reason, nothing sent.
        age(24 * 8).await;
        p.sim.backdate("PSID2", 24 * 7);
        let err = desk::send_own(
            pool,
            &p.senders,
            conv,
            "lan",
            "Dạ shop xin lỗi đã trả lời muộn ạ",
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, DeskError::NotDelivered(ref why) if why.contains('7')),
            "{err}"
        );
        assert_eq!(p.sim.sent().len(), 1);
        let d = orderdeck_store::conversations::draft(pool, conv)
            .await
            .unwrap()
            .unwrap();
        assert!(!d.error.is_empty());
    }
}

#[tokio::test]
async fn a_buyer_is_told_once_of_each_step_on_their_channel() {
    use orderdeck_app::assistant::notices;
    use orderdeck_domain::order_event::OrderEventKind;

    let db = demo().await;
    let pool = &db.pool;
    let none = Senders::default();
    // The first round marks where the timeline stands: history is not told.
    notices::round(pool, &none, None, 100).await.unwrap();
    let config = config_with("web", Mode::Auto);
    let (phone, _) = district3_customer(pool).await;
    for (id, text) in [("1", "mình lấy 1 áo thun cotton Basic trắng M, ship về Q.3")] {
        desk::receive(
            pool,
            &config,
            &none,
            vn(),
            &msg("web", "s-n", &phone, id, text),
        )
        .await
        .unwrap();
    }
    let (order_id, number): (i64, String) = sqlx::query_as(
        "select id, number from orders where external_id like 'chat-%' order by id desc limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    orderdeck_store::orders::add_event(
        &mut conn,
        order_id,
        "tracking",
        &OrderEventKind::Shipment("delivered".into()),
        "delivered",
        None,
        None,
    )
    .await
    .unwrap();
    drop(conn);
    // Two workers' rounds at once (a takeover mid-round): told once.
    let (a, b) = tokio::join!(
        notices::round(pool, &none, None, 100),
        notices::round(pool, &none, None, 100)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    assert_eq!(
        notices::round(pool, &none, None, 100).await.unwrap().sent,
        0
    );
    let told: Vec<String> = sqlx::query_scalar(
        "select m.body from chat_messages m join conversations c on c.id = m.conversation_id
         where c.buyer_key = 's-n' and m.intent = 'notice'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(told.len(), 1);
    assert!(
        told[0].contains(&number) && told[0].contains("đã giao thành công"),
        "{told:?}"
    );
    let timeline: i64 = sqlx::query_scalar(
        "select count(*) from order_events where order_id = $1 and kind = 'buyer_notified'",
    )
    .bind(order_id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(timeline, 1);

    // A buyer whose only channel has no client here (Zalo) and no e-mail: not sent, the
    // reason kept, nothing on the timeline.
    let zalo = config_with("zalo", Mode::Draft);
    desk::receive(
        pool,
        &zalo,
        &none,
        vn(),
        &msg("zalo", "z-n", &phone, "1", "xin chào"),
    )
    .await
    .unwrap();
    sqlx::query("update orders set buyer_email = '' where id = $1")
        .bind(order_id)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("delete from chat_messages where order_number = $1")
        .bind(&number)
        .execute(pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    orderdeck_store::orders::add_event(
        &mut conn,
        order_id,
        "tracking",
        &OrderEventKind::Shipment("out_for_delivery".into()),
        "",
        None,
        None,
    )
    .await
    .unwrap();
    drop(conn);
    let r = notices::round(pool, &none, None, 100).await.unwrap();
    assert_eq!((r.sent, r.not_sent), (0, 1));
    let reason: String =
        sqlx::query_scalar("select reason from buyer_notices where state = 'failed'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert!(
        reason.contains("Zalo") || reason.contains("zalo"),
        "{reason}"
    );
}

/// Zalo OA against the simulated OA over real HTTP: the webhook's signature, messages
/// stored once by `msg_id`, replies within 8 per 48 hours refused before any call
/// otherwise, the single-use refresh token spent once under the row lock, and order
/// notices by ZNS.
mod zalo {
    use super::*;
    use orderdeck_app::assistant::notices;
    use orderdeck_app::http::zalo::{ZaloHook, router};
    use orderdeck_app::zalo::DbZaloTokens;
    use orderdeck_domain::order_event::OrderEventKind;
    use orderdeck_integrations::marketplace::Secret;
    use orderdeck_integrations::zalo::{TokenSource, ZaloError, sign};
    use orderdeck_sim::zalo::ZaloSim;
    use std::sync::Arc;

    const CS: &str = "/v3.0/oa/message/cs";
    const TOKEN: &str = "/v4/oa/access_token";
    /// A Zalo user id: 19 digits, kept as a string.
    const USER: &str = "2512523625412515323";

    struct Oa {
        sim: ZaloSim,
        hook: String,
        senders: Senders,
        http: reqwest::Client,
    }

    /// The simulated OA, connected (a consent code exchanged for tokens in the database),
    /// and the hook on a listener of its own.
    async fn oa(
        pool: &PgPool,
        mode: Mode,
        zns: Option<orderdeck_integrations::zalo::ZnsConfig>,
    ) -> Oa {
        let sim = ZaloSim::start(Default::default()).await.unwrap();
        let mut config = config_with("zalo", mode);
        let mut z = sim.config();
        z.zns = zns;
        config.zalo = Some(z.clone());
        let (senders, problems) = Senders::from_config(&config);
        assert!(problems.is_empty(), "{problems:?}");
        let client = senders.zalo.clone().unwrap();
        orderdeck_app::zalo::connect(pool, &client, &sim.auth_code(), None)
            .await
            .unwrap();
        let hook = ZaloHook {
            pool: pool.clone(),
            assistant: Arc::new(config.clone()),
            oa: z,
            senders: senders.clone(),
            offset: vn(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router(hook)).await });
        Oa {
            sim,
            hook: format!("{base}/hooks/zalo"),
            senders,
            http: reqwest::Client::new(),
        }
    }

    async fn count(pool: &PgPool, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
    }

    /// Waits up to 5 s for `done` (the hook may answer before its task finishes).
    async fn eventually(mut done: impl FnMut() -> bool) {
        for _ in 0..100 {
            if done() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(done(), "not within 5 s");
    }

    async fn conversation(pool: &PgPool, user: &str) -> i64 {
        sqlx::query_scalar("select id from conversations where channel = 'zalo' and buyer_key = $1")
            .bind(user)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    async fn last_in(pool: &PgPool, user: &str, minutes_ago: i32) {
        sqlx::query(
            "update conversations set last_in_at = now() - make_interval(mins => $2)
             where channel = 'zalo' and buyer_key = $1",
        )
        .bind(user)
        .bind(minutes_ago)
        .execute(pool)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn signed_events_stored_once_and_answered_with_the_message_id_kept() {
        let db = demo().await;
        let pool = &db.pool;
        let z = oa(pool, Mode::Auto, None).await;

        // A buyer writes: stored, answered by a cs send, Zalo's message id kept.
        let (msg_id, status) = z
            .sim
            .buyer_writes(&z.hook, USER, "shop có ship COD không ạ")
            .await
            .unwrap();
        assert_eq!(status, 200);
        eventually(|| z.sim.sent().len() == 1).await;
        let sent = z.sim.sent();
        assert_eq!(sent[0].user_id, USER);
        assert!(sent[0].text.contains("COD"), "{}", sent[0].text);
        assert_eq!(
            count(pool, &format!("select count(*) from chat_messages where platform_id = '{msg_id}' and direction = 'in'")).await,
            1
        );
        let kept: Option<String> = sqlx::query_scalar(
            "select platform_id from chat_messages where direction = 'out' and state = 'sent'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(kept.as_deref(), Some(sent[0].message_id.as_str()));

        // The same event twice (Zalo retries): stored and answered once.
        let event = json!({
            "app_id": z.sim.oa.app_id, "user_id_by_app": "552177279717587730",
            "event_name": "user_send_text",
            "timestamp": chrono::Utc::now().timestamp_millis().to_string(),
            "sender": {"id": USER}, "recipient": {"id": z.sim.oa.oa_id},
            "message": {"msg_id": "96d3cdf3af150460909", "text": "cảm ơn shop"}});
        for _ in 0..2 {
            assert_eq!(z.sim.post_event(&z.hook, &event).await.unwrap(), 200);
        }
        assert_eq!(
            count(
                pool,
                "select count(*) from chat_messages where platform_id = '96d3cdf3af150460909'"
            )
            .await,
            1
        );
        eventually(|| z.sim.sent().len() == 2).await;

        // Refused with 403, nothing stored: a wrong key, the HMAC reading, no header,
        // another app's event, a body changed after signing.
        let before = count(pool, "select count(*) from chat_messages").await;
        let forged = event
            .to_string()
            .replace("96d3cdf3af150460909", "forged00000000001");
        let ts = event["timestamp"].as_str().unwrap().to_string();
        let app = z.sim.oa.app_id.clone();
        let wrong_key = sign(&app, forged.as_bytes(), &ts, "not-the-oa-key");
        assert_eq!(
            z.sim
                .post_signed(&z.hook, &forged, &wrong_key)
                .await
                .unwrap(),
            403
        );
        let with_app_secret = sign(&app, forged.as_bytes(), &ts, &z.sim.oa.app_secret);
        assert_eq!(
            z.sim
                .post_signed(&z.hook, &forged, &with_app_secret)
                .await
                .unwrap(),
            403
        );
        let signed_other = sign(
            &app,
            event.to_string().as_bytes(),
            &ts,
            &z.sim.oa.oa_secret_key,
        );
        assert_eq!(
            z.sim
                .post_signed(&z.hook, &forged, &signed_other)
                .await
                .unwrap(),
            403
        );
        let no_header = z
            .http
            .post(&z.hook)
            .body(forged.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(no_header.status(), 403);
        let mut other_app = event.clone();
        other_app["app_id"] = json!("1111111111111111111");
        other_app["message"]["msg_id"] = json!("other-app-1");
        assert_eq!(z.sim.post_event(&z.hook, &other_app).await.unwrap(), 403);
        assert_eq!(
            count(pool, "select count(*) from chat_messages").await,
            before
        );
        assert_eq!(z.sim.sent().len(), 2);
    }

    #[tokio::test]
    async fn the_window_8_replies_in_48_hours_kept_before_any_call() {
        let db = demo().await;
        let pool = &db.pool;
        let z = oa(pool, Mode::Draft, None).await;
        z.sim
            .buyer_writes(&z.hook, USER, "shop mở cửa mấy giờ ạ")
            .await
            .unwrap();
        let conv = conversation(pool, USER).await;
        assert!(
            z.sim.sent().is_empty(),
            "draft mode: nothing sent by itself"
        );
        assert_eq!(z.sim.calls(CS), 0);

        // 47 h 59 min after the buyer's message: a person's send goes.
        last_in(pool, USER, 47 * 60 + 59).await;
        z.sim.backdate(USER, 47);
        desk::send_draft(pool, &z.senders, conv, "lan", None)
            .await
            .unwrap();
        assert_eq!(z.sim.sent().len(), 1);

        // 48 h 01 min: refused here with the reason, Zalo never called, kept as a draft.
        last_in(pool, USER, 48 * 60 + 1).await;
        let calls = z.sim.calls(CS);
        let err = desk::send_own(
            pool,
            &z.senders,
            conv,
            "lan",
            "Dạ shop xin lỗi đã trả lời muộn ạ",
        )
        .await
        .unwrap_err();
        let why =
            ZaloError::Window(orderdeck_integrations::zalo::WindowRefusal::After48h).to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert!(why.contains("48"), "{why}");
        assert_eq!(z.sim.calls(CS), calls, "refused before any call");
        let d = orderdeck_store::conversations::draft(pool, conv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.error, why);

        // The buyer writes again: 8 replies go, the 9th is refused before any call.
        z.sim
            .buyer_writes(&z.hook, USER, "shop ơi còn đó không")
            .await
            .unwrap();
        for n in 1..=8 {
            desk::send_own(pool, &z.senders, conv, "lan", &format!("Dạ tin thứ {n} ạ"))
                .await
                .unwrap();
        }
        assert_eq!(z.sim.sent().len(), 9);
        let calls = z.sim.calls(CS);
        let err = desk::send_own(pool, &z.senders, conv, "lan", "Dạ tin thứ 9 ạ")
            .await
            .unwrap_err();
        let why =
            ZaloError::Window(orderdeck_integrations::zalo::WindowRefusal::RepliesUsed).to_string();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == why),
            "{err}"
        );
        assert_eq!(z.sim.calls(CS), calls, "the 9th: no call");
        assert_eq!(
            count(pool, &format!("select count(*) from chat_messages where conversation_id = {conv} and state = 'sent'")).await,
            9,
            "a refused reply is never marked sent"
        );

        // A text over 2000 characters: refused before any call.
        let c = orderdeck_store::conversations::get(pool, conv)
            .await
            .unwrap()
            .unwrap();
        let long = z.senders.deliver(pool, &c, &"a".repeat(2001), true).await;
        assert!(long.is_err());
        assert_eq!(z.sim.calls(CS), calls);
    }

    #[tokio::test]
    async fn an_expired_token_is_refreshed_once_and_the_new_refresh_token_kept() {
        let db = demo().await;
        let pool = &db.pool;
        let z = oa(pool, Mode::Auto, None).await;
        let first = orderdeck_store::chat_tokens::load(pool, "zalo")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(z.sim.calls(TOKEN), 1, "the code exchanged");

        // Zalo stops taking the access token: the send gets -216, refreshes, sends again.
        z.sim.expire_access_tokens();
        z.sim
            .buyer_writes(&z.hook, USER, "shop có ship COD không ạ")
            .await
            .unwrap();
        eventually(|| z.sim.sent().len() == 1).await;
        assert_eq!(z.sim.calls(CS), 2, "refused once, then sent");
        assert_eq!(z.sim.calls(TOKEN), 2, "one refresh");
        let second = orderdeck_store::chat_tokens::load(pool, "zalo")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(
            second.refresh_token, first.refresh_token,
            "the new refresh token stored"
        );
        assert_ne!(second.access_token, first.access_token);

        // The spent refresh token is refused by Zalo (single-use).
        let client = z.senders.zalo.clone().unwrap();
        let reused = client
            .refresh(&Secret::new(first.refresh_token.clone()))
            .await;
        assert!(
            matches!(reused, Err(ZaloError::OAuthRefused(ref why)) if why.contains("already used")),
            "{reused:?}"
        );

        // Two processes refused at once refresh once: the second finds the new pair
        // under the row lock and does not spend the refresh token again.
        z.sim.expire_access_tokens();
        let stale = Secret::new(second.access_token.clone());
        let (a, b) = tokio::join!(
            async {
                DbZaloTokens {
                    pool,
                    client: &client,
                }
                .renew(&stale)
                .await
            },
            async {
                DbZaloTokens {
                    pool,
                    client: &client,
                }
                .renew(&stale)
                .await
            }
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.expose(), b.expose());
        assert_eq!(
            z.sim.calls(TOKEN),
            4,
            "one refresh for both (and the reuse above)"
        );
        let third = orderdeck_store::chat_tokens::load(pool, "zalo")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(third.access_token, a.expose());

        // Not connected: a clear refusal, no call.
        sqlx::query("delete from chat_tokens")
            .execute(pool)
            .await
            .unwrap();
        let conv = conversation(pool, USER).await;
        let calls = z.sim.calls(CS);
        let err = desk::send_own(pool, &z.senders, conv, "lan", "Dạ shop đây ạ")
            .await
            .unwrap_err();
        assert!(
            matches!(err, DeskError::NotDelivered(ref w) if *w == ZaloError::NotConnected.to_string()),
            "{err}"
        );
        assert_eq!(z.sim.calls(CS), calls);
    }

    /// An order with a phone whose buyer has no conversation, and no e-mail.
    async fn order_with_phone(pool: &PgPool, skip: i64) -> (i64, String, String) {
        let row: (i64, String, String) = sqlx::query_as(
            "select id, number, buyer_phone from orders o where buyer_phone like '0_________'
             order by id offset $1 limit 1",
        )
        .bind(skip)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("update orders set buyer_email = '' where id = $1")
            .bind(row.0)
            .execute(pool)
            .await
            .unwrap();
        row
    }

    async fn event(pool: &PgPool, order_id: i64, kind: &str) {
        let mut conn = pool.acquire().await.unwrap();
        orderdeck_store::orders::add_event(
            &mut conn,
            order_id,
            "tracking",
            &OrderEventKind::Shipment(kind.into()),
            kind,
            None,
            None,
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn order_notices_by_zns_once_and_its_errors_said() {
        let db = demo().await;
        let pool = &db.pool;
        let z = oa(pool, Mode::Draft, Some(orderdeck_sim::zalo::demo_zns())).await;
        notices::round(pool, &z.senders, None, 1000).await.unwrap();
        let (order_id, number, phone) = order_with_phone(pool, 0).await;
        event(pool, order_id, "delivered").await;

        let r = notices::round(pool, &z.senders, None, 1000).await.unwrap();
        assert_eq!((r.sent, r.not_sent), (1, 0));
        assert_eq!(
            notices::round(pool, &z.senders, None, 1000)
                .await
                .unwrap()
                .sent,
            0
        );
        let zns = z.sim.zns_sent();
        assert_eq!(zns.len(), 1, "told once");
        assert_eq!(zns[0].phone, format!("84{}", &phone[1..]));
        assert_eq!(zns[0].template_id, "240104");
        assert_eq!(zns[0].template_data["order_code"], number);
        assert_eq!(
            zns[0].template_data["date"].len(),
            10,
            "{:?}",
            zns[0].template_data
        );
        let (notice_id, channel, state): (i64, String, String) =
            sqlx::query_as("select id, channel, state from buyer_notices where order_id = $1")
                .bind(order_id)
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!((channel.as_str(), state.as_str()), ("zns", "sent"));
        assert_eq!(zns[0].tracking_id, notice_id.to_string());
        assert_eq!(
            count(pool, &format!("select count(*) from order_events where order_id = {order_id} and kind = 'buyer_notified'")).await,
            1
        );

        // A template whose data lacks a parameter Zalo expects (-112), and one Zalo does
        // not know (-109): not sent, the reason said in words.
        let mut broken = orderdeck_sim::zalo::demo_zns();
        if let Some(t) = broken.out_for_delivery.as_mut() {
            t.data.remove("tracking_code");
        }
        if let Some(t) = broken.delivery_failed.as_mut() {
            t.template_id = "999999".into();
        }
        let mut config = config_with("zalo", Mode::Draft);
        let mut zc = z.sim.config();
        zc.zns = Some(broken);
        config.zalo = Some(zc);
        let (senders, _) = Senders::from_config(&config);
        let (second, _, _) = order_with_phone(pool, 1).await;
        let (third, _, _) = order_with_phone(pool, 2).await;
        event(pool, second, "out_for_delivery").await;
        event(pool, third, "delivery_failed").await;
        let r = notices::round(pool, &senders, None, 1000).await.unwrap();
        assert_eq!((r.sent, r.not_sent), (0, 2));
        let reason = |id: i64| async move {
            sqlx::query_scalar::<_, String>("select reason from buyer_notices where order_id = $1")
                .bind(id)
                .fetch_one(pool)
                .await
                .unwrap()
        };
        assert_eq!(
            reason(second).await,
            ZaloError::TemplateData(-112).to_string()
        );
        assert_eq!(
            reason(third).await,
            ZaloError::TemplateInvalid("999999".into()).to_string()
        );
        assert_eq!(z.sim.zns_sent().len(), 1);
    }
}

/// A follow-up that names no product ("giá bao nhiêu vậy shop", "còn màu đen không") is
/// about the product — and the variant — the conversation was on.
#[tokio::test]
async fn a_follow_up_is_about_the_product_asked_before() {
    let db = demo().await;
    let pool = &db.pool;
    let config = config_with("web", Mode::Auto);
    let say = |id: &'static str, text: &'static str| {
        let config = config.clone();
        async move {
            desk::receive(
                pool,
                &config,
                &Senders::default(),
                vn(),
                &msg("web", "fu-1", "", id, text),
            )
            .await
            .unwrap()
            .answer
            .unwrap()
        }
    };
    let facts = |a: &orderdeck_app::assistant::Answer, kind: &str| -> Vec<String> {
        a.facts
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.value.clone())
            .collect()
    };
    let first = say("f1", "áo thun basic trắng size M còn không shop").await;
    let sku = facts(&first, "sku");
    assert_eq!(sku.len(), 1, "{first:?}");
    let price = say("f2", "giá bao nhiêu vậy shop").await;
    assert_eq!(
        price.outcome,
        orderdeck_app::assistant::Outcome::Answered,
        "{price:?}"
    );
    assert_eq!(facts(&price, "sku"), sku, "the same variant: {price:?}");
    // A colour of its own: the same product, that colour.
    let black = say("f3", "còn màu đen không").await;
    assert_eq!(
        facts(&black, "product"),
        facts(&first, "product"),
        "{black:?}"
    );
    assert_ne!(facts(&black, "sku"), sku, "{black:?}");
    // A product the shop does not sell is not the shirt: a person answers.
    let other = say("f4", "có máy sấy tóc không shop").await;
    assert!(facts(&other, "sku").is_empty(), "{other:?}");
    // Without anything before, the same question goes to a person.
    let alone = desk::receive(
        pool,
        &config,
        &Senders::default(),
        vn(),
        &msg("web", "fu-2", "", "g1", "giá bao nhiêu vậy shop"),
    )
    .await
    .unwrap()
    .answer
    .unwrap();
    assert_eq!(
        alone.outcome,
        orderdeck_app::assistant::Outcome::Handover,
        "{alone:?}"
    );
}
