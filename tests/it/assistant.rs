//! The customer assistant on the demo shop's data and a real PostgreSQL: what it tells a
//! buyer is what the database holds, and never another buyer's order.

use crate::common;

use orderdeck_app::assistant::{self, Answer, Ask, AssistantConfig, Buyer, Outcome, eval};
use orderdeck_i18n::Lang;
use orderdeck_store::assistant as store;
use sqlx::PgPool;

async fn demo() -> common::TestDb {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    db
}

async fn ask(pool: &PgPool, buyer: Buyer, text: &str) -> Answer {
    let ask = Ask {
        channel: "website",
        buyer,
        text,
        usual: Lang::Vi,
        offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        about: None,
    };
    assistant::answer(pool, &AssistantConfig::demo(), &ask)
        .await
        .unwrap()
}

fn told(answer: &Answer, kind: &str) -> Vec<String> {
    answer
        .facts
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.value.clone())
        .collect()
}

#[tokio::test]
async fn another_buyers_order_is_never_told() {
    let db = demo().await;
    let buyers = store::sample_buyers(&db.pool, 2).await.unwrap();
    let [(mine, _), (theirs, their_order)] = buyers.as_slice() else {
        panic!("two buyers: {buyers:?}");
    };
    for text in [
        format!("đơn {their_order} tới đâu rồi shop"),
        format!("cek pesanan nomor HP {theirs} dong kak"),
        format!("where is order {their_order}, phone {mine}"),
    ] {
        let a = ask(&db.pool, Buyer::Phone(mine.clone()), &text).await;
        assert_eq!(a.outcome, Outcome::Refused, "{text}: {a:?}");
        assert!(!a.reply.contains(their_order.as_str()), "{a:?}");
        assert!(a.facts.is_empty(), "{a:?}");
    }
    // An order that does not exist is declined in the very same words.
    let none = ask(
        &db.pool,
        Buyer::Phone(mine.clone()),
        "đơn OD-999999 tới đâu rồi",
    )
    .await;
    let theirs_answer = ask(
        &db.pool,
        Buyer::Phone(mine.clone()),
        &format!("đơn {their_order} tới đâu rồi"),
    )
    .await;
    assert_eq!(none.reply, theirs_answer.reply);

    // Known only by a chat id: the order number alone is not enough, nor a wrong phone;
    // the order with the phone on it is.
    let stranger = Buyer::Id("psid-1".into());
    let a = ask(
        &db.pool,
        stranger.clone(),
        &format!("đơn {their_order} sao rồi"),
    )
    .await;
    assert!(told(&a, "order").is_empty(), "{a:?}");
    let a = ask(
        &db.pool,
        stranger.clone(),
        &format!("đơn {their_order} sđt {mine}"),
    )
    .await;
    assert_eq!(a.outcome, Outcome::Refused, "{a:?}");
    let a = ask(
        &db.pool,
        stranger,
        &format!("đơn {their_order} sđt {theirs}"),
    )
    .await;
    assert_eq!(a.outcome, Outcome::Answered, "{a:?}");
    assert_eq!(told(&a, "order"), std::slice::from_ref(their_order));
}

#[tokio::test]
async fn where_is_my_order_tells_what_the_database_holds() {
    let db = demo().await;
    for (phone, order) in store::sample_buyers(&db.pool, 6).await.unwrap() {
        let held = store::orders_by_number(&db.pool, std::slice::from_ref(&order))
            .await
            .unwrap()
            .pop()
            .unwrap();
        for text in [
            format!("Đơn {order} của em tới đâu rồi ạ"),
            format!("kak pesanan {order} kapan sampai?"),
            format!("where is my order {order}?"),
        ] {
            let a = ask(&db.pool, Buyer::Phone(phone.clone()), &text).await;
            assert_eq!(a.outcome, Outcome::Answered, "{text}: {a:?}");
            assert_eq!(told(&a, "order"), std::slice::from_ref(&order), "{a:?}");
            assert_eq!(
                told(&a, "status"),
                std::slice::from_ref(&held.status),
                "{a:?}"
            );
            if matches!(
                held.status.as_str(),
                "packed" | "shipped" | "delivered" | "completed"
            ) && let Some(t) = &held.tracking_number
            {
                assert!(a.reply.contains(t.as_str()), "{a:?}");
            }
        }
        let a = ask(
            &db.pool,
            Buyer::Phone(phone),
            "kak pesanan saya kapan sampai?",
        )
        .await;
        assert_eq!(a.language, "id");
        assert!(!told(&a, "order").is_empty(), "{a:?}");
    }
}

#[tokio::test]
async fn stock_is_what_the_warehouses_have_less_the_channels_buffer() {
    let db = demo().await;
    let offers = store::offers(&db.pool).await.unwrap();
    let v = offers
        .iter()
        .find(|o| o.product.starts_with("Áo thun cotton Basic") && o.available > 3)
        .expect("a basic t-shirt in stock");
    let (colour, size) = (&v.attr_values[0], &v.attr_values[1]);
    let text = format!(
        "shop ơi {} màu {} size {} còn không",
        v.product,
        colour.to_lowercase(),
        size
    );
    let a = ask(&db.pool, Buyer::Id("x".into()), &text).await;
    assert_eq!(a.outcome, Outcome::Answered, "{a:?}");
    assert_eq!(told(&a, "sku"), std::slice::from_ref(&v.sku), "{a:?}");
    assert_eq!(told(&a, "available"), [v.available.to_string()]);
    assert_eq!(told(&a, "price"), [v.price.to_string()]);

    let id: i64 = sqlx::query_scalar("select id from sales_channels where code = 'website'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    orderdeck_store::channels::set_stock_buffer(&db.pool, id, 2)
        .await
        .unwrap();
    let a = ask(&db.pool, Buyer::Id("x".into()), &text).await;
    assert_eq!(told(&a, "available"), [(v.available - 2).to_string()]);
}

#[tokio::test]
async fn the_labelled_set_never_discloses_or_misstates() {
    let db = demo().await;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/assistant/eval.jsonl"
    ))
    .unwrap();
    let cases = eval::parse(&text).unwrap();
    assert!(cases.len() >= 300, "{}", cases.len());
    let report = eval::run(
        &db.pool,
        &AssistantConfig::demo(),
        "website",
        chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        &cases,
    )
    .await
    .unwrap();
    assert_eq!(report.disclosed, 0);
    let wrong: Vec<_> = report
        .cases
        .iter()
        .filter(|c| c.verdict == eval::Verdict::Wrong)
        .map(|c| format!("{} {}: {}", c.id, c.why, c.text))
        .collect();
    assert_eq!(report.wrong_about_orders_or_stock, 0, "{wrong:#?}");
}

/// The simulated carriers, and shipping quotes by them from the demo shop with GHN's places
/// already stored (`serve` and the demo warm them so): a question never waits on the list.
pub(crate) async fn quoting(
    pool: &PgPool,
) -> (
    orderdeck_sim::SimHandle,
    orderdeck_integrations::carrier::CarriersConfig,
    std::sync::Arc<assistant::quote::Quotes>,
) {
    let sim = orderdeck_sim::start(
        "127.0.0.1:0".parse().unwrap(),
        orderdeck_sim::SimOptions::default(),
    )
    .await
    .unwrap();
    let carriers = orderdeck_integrations::carrier::CarriersConfig {
        ghn: Some(sim.ghn_config()),
        viettelpost: Some(sim.viettel_post_config()),
    };
    let quotes =
        assistant::quote::Quotes::from_config(&carriers, &orderdeck_sim::demo::demo_sender())
            .expect("GHN is set up");
    orderdeck_app::carrier_places::Places::new()
        .index(
            pool,
            &orderdeck_integrations::carriers::Carriers::new(&carriers).unwrap(),
            orderdeck_integrations::carrier::CarrierKind::Ghn,
        )
        .await
        .unwrap();
    (sim, carriers, quotes)
}

/// "Phí ship về Đà Nẵng bao nhiêu?" is answered with the carriers' own live quotes to the
/// place named (the district said with the fee), and the shop's text after; a place no
/// carrier list holds, or a shop that charges its own fee, gets the shop's text alone.
#[tokio::test]
async fn a_shipping_question_is_quoted_by_the_carriers_to_the_place_named() {
    let db = demo().await;
    let (sim, carriers, quotes) = quoting(&db.pool).await;
    let config = AssistantConfig {
        quotes: Some(quotes),
        ..AssistantConfig::demo()
    };
    let offset = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let ask = |text: &'static str, config: &AssistantConfig| {
        let ask = Ask {
            channel: "website",
            buyer: Buyer::Id("psid-quote".into()),
            text,
            usual: Lang::Vi,
            offset,
            about: None,
        };
        let config = config.clone();
        let pool = db.pool.clone();
        async move { assistant::answer(&pool, &config, &ask).await.unwrap() }
    };

    let a = ask("phí ship về Đà Nẵng bao nhiêu ạ", &config).await;
    assert_eq!(
        (a.outcome, a.intent),
        (Outcome::Answered, "shipping_fee"),
        "{a:?}"
    );
    let fees = told(&a, "shipping_fee");
    assert_eq!(fees.len(), 2, "both carriers quote: {a:?}");
    assert!(
        fees.iter().any(|f| f.starts_with("ghn:"))
            && fees.iter().any(|f| f.starts_with("viettelpost:"))
    );
    let place = told(&a, "place");
    assert!(place[0].ends_with("Đà Nẵng"), "{place:?}");
    assert!(
        a.reply.contains("Đà Nẵng") && a.reply.contains("quận/huyện khác"),
        "{}",
        a.reply
    );
    // The fee told is the one the carrier quotes for that place.
    let ghn_fee = fees.iter().find_map(|f| f.strip_prefix("ghn:")).unwrap();
    let money = orderdeck_i18n::format::money_in(Lang::Vi, ghn_fee.parse().unwrap());
    assert!(a.reply.contains(&money), "{money} in {}", a.reply);
    // GHN's date comes from its lead time on the shop's route.
    assert!(!told(&a, "expected_delivery").is_empty(), "{a:?}");
    assert!(sim.calls_to("/shiip/public-api/v2/shipping-order/leadtime") >= 1);
    // The shop's own words follow (its free-shipping rule).
    assert!(a.reply.contains("500.000"), "{}", a.reply);

    // A district alone is the shop's own city's; two items weigh a kilogram.
    let a = ask("gửi 2 cái về Q.3 thì phí ship bao nhiêu", &config).await;
    assert_eq!(a.intent, "shipping_fee", "{a:?}");
    assert!(told(&a, "place")[0].contains("Quận 3"), "{a:?}");
    assert!(
        a.reply.contains("1 kg") && !a.reply.contains("quận/huyện khác"),
        "{}",
        a.reply
    );

    // Indonesian, English: the same quote in the buyer's words.
    let a = ask("ongkir ke Hà Nội berapa kak?", &config).await;
    assert!(
        a.reply.starts_with("Ongkir ke") && told(&a, "shipping_fee").len() == 2,
        "{a:?}"
    );

    // No place a carrier knows: the shop's text, nothing quoted.
    let a = ask("ongkir ke Surabaya brp gan", &config).await;
    assert_eq!(a.outcome, Outcome::Answered, "{a:?}");
    assert!(told(&a, "shipping_fee").is_empty(), "{a:?}");
    // A shop that charges its own fee.
    let flat = AssistantConfig {
        quotes: None,
        ..config.clone()
    };
    let a = ask("phí ship về Đà Nẵng bao nhiêu ạ", &flat).await;
    assert!(
        told(&a, "shipping_fee").is_empty() && a.reply.contains("500.000"),
        "{a:?}"
    );
    let mut off = AssistantConfig {
        quote_shipping: Some(false),
        ..AssistantConfig::demo()
    };
    off.set_quotes(&carriers, &orderdeck_sim::demo::demo_sender());
    assert!(off.quotes.is_none());
}
