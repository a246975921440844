//! The language-model engine against the simulated OpenAI-compatible endpoint (real HTTP)
//! on the demo shop's data: it answers through the tools only, tells no one another
//! buyer's order, what it writes is checked against what the tools returned, arguments
//! that do not fit are sent back, and when the endpoint fails the built-in engine answers.

use crate::common;

use orderdeck_app::assistant::{self, Answer, Ask, AssistantConfig, Buyer, Outcome};
use orderdeck_i18n::Lang;
use orderdeck_sim::llm::{MODEL, ModelFaults, ModelSim};
use orderdeck_store::assistant as store;
use serde_json::{Value, json};
use sqlx::PgPool;

async fn demo() -> common::TestDb {
    let db = common::fresh_db().await;
    orderdeck_sim::demo::seed(&db.pool, chrono::Utc::now())
        .await
        .unwrap();
    db
}

fn with_model(sim: &ModelSim) -> AssistantConfig {
    AssistantConfig {
        model: Some(sim.config()),
        ..AssistantConfig::demo()
    }
}

async fn ask(pool: &PgPool, config: &AssistantConfig, buyer: Buyer, text: &str) -> Answer {
    let ask = Ask {
        channel: "website",
        buyer,
        text,
        usual: Lang::Vi,
        offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        about: None,
    };
    assistant::answer(pool, config, &ask).await.unwrap()
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
async fn the_model_answers_through_the_tools_with_the_databases_facts() {
    let db = demo().await;
    let sim = ModelSim::start(Some("sk-sim-key")).await.unwrap();
    let config = with_model(&sim);
    let buyers = store::sample_buyers(&db.pool, 1).await.unwrap();
    let (phone, order) = &buyers[0];

    let a = ask(
        &db.pool,
        &config,
        Buyer::Phone(phone.clone()),
        &format!("đơn {order} của mình tới đâu rồi shop"),
    )
    .await;
    assert_eq!(a.engine, "model", "{a:?}");
    assert_eq!(a.outcome, Outcome::Answered, "{a:?}");
    assert_eq!(a.intent, "order_status");
    assert_eq!(told(&a, "order"), vec![order.clone()]);
    assert!(a.reply.contains(order.as_str()), "{a:?}");
    let status = store::orders_by_number(&db.pool, std::slice::from_ref(order))
        .await
        .unwrap();
    assert_eq!(told(&a, "status"), vec![status[0].status.clone()]);

    // The protocol as the documents have it: the tools offered, the model's call sent
    // back unchanged, then one tool message answering it.
    let requests = sim.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    let names: Vec<&str> = requests[0]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "look_up_orders",
            "check_stock",
            "draft_order",
            "shop_policy",
            "quote_shipping",
            "hand_to_person"
        ]
    );
    assert!(
        requests[0].get("tool_choice").is_none(),
        "Ollama refuses it"
    );
    let second = requests[1]["messages"].as_array().unwrap();
    let call = &second[2];
    assert_eq!(call["role"], "assistant");
    assert_eq!(call["tool_calls"][0]["function"]["name"], "look_up_orders");
    assert_eq!(second[3]["role"], "tool");
    assert_eq!(second[3]["tool_call_id"], call["tool_calls"][0]["id"]);

    // A stock question: the same facts the built-in engine states.
    let text = "áo thun basic trắng size M còn không shop, giá bao nhiêu";
    let a = ask(&db.pool, &config, Buyer::Id("web-1".into()), text).await;
    let b = ask(
        &db.pool,
        &AssistantConfig::demo(),
        Buyer::Id("web-1".into()),
        text,
    )
    .await;
    assert_eq!((a.engine, b.engine), ("model", "built_in"));
    assert_eq!(a.outcome, Outcome::Answered, "{a:?}");
    assert!(!told(&a, "sku").is_empty(), "{a:?}");
    assert_eq!(told(&a, "sku"), told(&b, "sku"));
    assert_eq!(told(&a, "price"), told(&b, "price"));
    assert_eq!(told(&a, "available"), told(&b, "available"));

    // Shop texts come from the config, and a complaint goes to a person.
    let a = ask(
        &db.pool,
        &config,
        Buyer::Id("web-1".into()),
        "shop có ship COD không",
    )
    .await;
    assert_eq!((a.intent, a.outcome), ("cod", Outcome::Answered), "{a:?}");
    let a = ask(
        &db.pool,
        &config,
        Buyer::Id("web-1".into()),
        "cho mình gặp nhân viên, hàng bị lỗi",
    )
    .await;
    assert_eq!(a.outcome, Outcome::Handover, "{a:?}");
}

#[tokio::test]
async fn another_buyers_order_is_never_told_through_the_model() {
    let db = demo().await;
    let sim = ModelSim::start(None).await.unwrap();
    let config = with_model(&sim);
    let buyers = store::sample_buyers(&db.pool, 2).await.unwrap();
    let [(mine, _), (theirs, their_order)] = buyers.as_slice() else {
        panic!("two buyers: {buyers:?}");
    };
    for text in [
        format!("đơn {their_order} tới đâu rồi shop"),
        format!("cek pesanan nomor HP {theirs} dong kak"),
        format!("where is order {their_order}, phone {mine}"),
    ] {
        let a = ask(&db.pool, &config, Buyer::Phone(mine.clone()), &text).await;
        assert_eq!(a.engine, "model");
        assert_eq!(a.outcome, Outcome::Refused, "{text}: {a:?}");
        assert!(!a.reply.contains(their_order.as_str()), "{a:?}");
        assert!(a.facts.is_empty(), "{a:?}");
    }
    // Known only by a chat id, the model passing the order number is not enough.
    let a = ask(
        &db.pool,
        &config,
        Buyer::Id("psid-9".into()),
        &format!("đơn {their_order} sao rồi"),
    )
    .await;
    assert!(a.facts.is_empty(), "{a:?}");
    assert!(!a.reply.contains(their_order.as_str()), "{a:?}");
}

#[tokio::test]
async fn a_reply_stating_what_no_tool_returned_goes_to_a_person() {
    let db = demo().await;
    let sim = ModelSim::start(None).await.unwrap();
    let config = with_model(&sim);
    let buyers = store::sample_buyers(&db.pool, 1).await.unwrap();
    let (phone, order) = &buyers[0];
    sim.set_faults(ModelFaults {
        invent_fact: true,
        ..ModelFaults::default()
    });
    let a = ask(
        &db.pool,
        &config,
        Buyer::Phone(phone.clone()),
        &format!("mã vận đơn của đơn {order} là gì ạ"),
    )
    .await;
    assert_eq!(a.outcome, Outcome::Handover, "{a:?}");
    assert!(!a.reply.contains("GHN8XK2Q91"), "{a:?}");
    assert!(
        a.why.as_deref().is_some_and(|w| w.contains("GHN8XK2Q91")),
        "{a:?}"
    );
}

#[tokio::test]
async fn tool_calls_that_do_not_fit_are_refused_and_corrected() {
    let db = demo().await;
    let sim = ModelSim::start(None).await.unwrap();
    let config = with_model(&sim);
    for faults in [
        ModelFaults {
            broken_arguments: true,
            ..ModelFaults::default()
        },
        ModelFaults {
            extra_argument: true,
            ..ModelFaults::default()
        },
        ModelFaults {
            unknown_tool: true,
            ..ModelFaults::default()
        },
    ] {
        sim.set_faults(faults.clone());
        let before = sim.requests().len();
        let a = ask(
            &db.pool,
            &config,
            Buyer::Id("web-2".into()),
            "shop có cho đổi trả không",
        )
        .await;
        assert_eq!(
            (a.engine, a.outcome),
            ("model", Outcome::Answered),
            "{faults:?}: {a:?}"
        );
        assert_eq!(a.intent, "returns", "{faults:?}: {a:?}");
        // The bad call was answered with the reason, not run.
        let requests = &sim.requests()[before..];
        let refusal = requests[1]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["role"] == "tool")
            .cloned()
            .unwrap();
        let said: Value = serde_json::from_str(refusal["content"].as_str().unwrap()).unwrap();
        assert!(said.get("error").is_some(), "{faults:?}: {said}");
    }
}

#[tokio::test]
async fn the_built_in_engine_answers_when_the_model_cannot() {
    let db = demo().await;
    let sim = ModelSim::start(Some("sk-right")).await.unwrap();
    let text = "shop mở cửa mấy giờ";
    // The server failing, a wrong key, nothing listening.
    sim.set_faults(ModelFaults {
        status: Some(500),
        ..ModelFaults::default()
    });
    let a = ask(&db.pool, &with_model(&sim), Buyer::Id("w".into()), text).await;
    assert_eq!(
        (a.engine, a.intent, a.outcome),
        ("built_in", "hours", Outcome::Answered)
    );
    sim.set_faults(ModelFaults::default());
    let mut config = sim.config();
    config.api_key = Some("sk-wrong".into());
    let wrong_key = AssistantConfig {
        model: Some(config),
        ..AssistantConfig::demo()
    };
    let a = ask(&db.pool, &wrong_key, Buyer::Id("w".into()), text).await;
    assert_eq!((a.engine, a.outcome), ("built_in", Outcome::Answered));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut config = sim.config();
    config.base_url = format!("http://127.0.0.1:{port}/v1");
    let nothing = AssistantConfig {
        model: Some(config),
        ..AssistantConfig::demo()
    };
    let a = ask(&db.pool, &nothing, Buyer::Id("w".into()), text).await;
    assert_eq!((a.engine, a.outcome), ("built_in", Outcome::Answered));
}

/// The simulator refuses what the documents say a server refuses.
#[tokio::test]
async fn the_simulated_endpoint_is_strict() {
    let sim = ModelSim::start(Some("sk-k")).await.unwrap();
    let url = format!("http://{}/v1/chat/completions", sim.addr);
    let http = reqwest::Client::new();
    let post = |body: Value, key: &'static str| {
        let http = http.clone();
        let url = url.clone();
        async move {
            let r = http
                .post(&url)
                .bearer_auth(key)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let v: Value = r.json().await.unwrap();
            (status, v)
        }
    };
    let user = json!([{"role": "user", "content": "chào shop"}]);
    let (s, v) = post(json!({"model": MODEL, "messages": user}), "sk-wrong").await;
    assert_eq!(s, 401, "{v}");
    let (s, v) = post(json!({"messages": user}), "sk-k").await;
    assert_eq!(
        (s, v["error"]["param"].as_str()),
        (400, Some("model")),
        "{v}"
    );
    let (s, _) = post(json!({"model": "gpt-9", "messages": user}), "sk-k").await;
    assert_eq!(s, 404);
    let (s, v) = post(
        json!({"model": MODEL, "messages": [{"role": "user", "content": "x"},
               {"role": "tool", "tool_call_id": "call_x", "content": "{}"}]}),
        "sk-k",
    )
    .await;
    assert_eq!(s, 400, "a tool message answering no call: {v}");
    let (s, v) = post(
        json!({"model": MODEL, "messages": [{"role": "user", "content": "x"},
               {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                 "function": {"name": "shop_policy", "arguments": "{}"}}]},
               {"role": "user", "content": "y"}]}),
        "sk-k",
    )
    .await;
    assert_eq!(s, 400, "a call left unanswered: {v}");
    let (s, v) = post(
        json!({"model": MODEL, "messages": user, "tools": [{"type": "function", "function": {"name": "bad name!"}}]}),
        "sk-k",
    )
    .await;
    assert_eq!(s, 400, "{v}");
    let (s, v) = post(
        json!({"model": MODEL, "messages": user, "tool_choice": "sometimes"}),
        "sk-k",
    )
    .await;
    assert_eq!(s, 400, "{v}");
    // And a plain greeting is answered as a chat.completion.
    let (s, v) = post(json!({"model": MODEL, "messages": user}), "sk-k").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["object"], "chat.completion");
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    assert!(v["choices"][0]["message"]["content"].is_string());
}

/// The model quotes shipping through `quote_shipping`, the carriers' live fees, and its
/// reply passes the facts check because every number came from the tool.
#[tokio::test]
async fn the_model_quotes_shipping_through_the_carriers() {
    let db = demo().await;
    let model = ModelSim::start(None).await.unwrap();
    let (_carriers, _, quotes) = crate::assistant::quoting(&db.pool).await;
    let config = AssistantConfig {
        quotes: Some(quotes),
        ..with_model(&model)
    };
    let a = ask(
        &db.pool,
        &config,
        Buyer::Id("psid-ship".into()),
        "shipping to Da Nang how much?",
    )
    .await;
    assert_eq!(
        (a.engine, a.outcome, a.intent),
        ("model", Outcome::Answered, "shipping_fee"),
        "{a:?}"
    );
    assert_eq!(told(&a, "shipping_fee").len(), 2, "{a:?}");
    assert!(a.reply.contains("Đà Nẵng"), "{}", a.reply);
    let offered: Vec<String> = model.requests()[0]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        offered.contains(&"quote_shipping".to_string()),
        "{offered:?}"
    );
}
