//! The order-intake HTTP API against a real PostgreSQL, over real HTTP: the router served
//! by `axum::serve` on a loopback port, called with reqwest (and a raw TCP client for a
//! body that trickles in). Every refusal is checked for its problem document and for
//! having written nothing.

use crate::common;

use std::time::Duration;

use orderdeck_app::api::{self, ApiLimits, ApiState};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_domain::api_access::body_fingerprint;
use orderdeck_store::idempotency::{self, Begun};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Api {
    pool: PgPool,
    base: String,
    http: reqwest::Client,
    /// A key with every scope, named `web`.
    token: String,
    _db: common::TestDb,
}

async fn start_with(limits: ApiLimits) -> Api {
    let db = common::fresh_db().await;
    // S0: 5 in HN; S1: none anywhere; S2: 3 in HN and 4 in HCM.
    common::catalog(&db.pool, &[(5, 0), (0, 0), (3, 4)]).await;
    let state =
        ApiState::new(db.pool.clone(), IntakeQueue::start(db.pool.clone(), 1)).with_limits(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, api::router(state)).await });
    let token = key(&db.pool, "web", "orders:write,orders:read,stock:read", None).await;
    Api {
        pool: db.pool.clone(),
        base,
        http: reqwest::Client::new(),
        token,
        _db: db,
    }
}

async fn start() -> Api {
    start_with(ApiLimits::default()).await
}

async fn key(pool: &PgPool, name: &str, scopes: &str, channel: Option<&str>) -> String {
    api::keys::create(pool, name, scopes, channel, "test")
        .await
        .unwrap()
        .token
}

fn order(external: &str, sku: &str, qty: i32) -> Value {
    json!({
        "channel": "website",
        "external_id": external,
        "customer": {"name": "Nguyễn Văn An", "phone": "0912 345 678"},
        "shipping_address": {"line1": "12 Lê Lợi", "ward": "Bến Nghé", "district": "Quận 1", "province": "TP. Hồ Chí Minh"},
        "shipping_fee": "30000",
        "lines": [{"sku": sku, "qty": qty}]
    })
}

/// Orders, reservations and kept idempotency keys in the database.
async fn counts(pool: &PgPool) -> (i64, i64, i64) {
    sqlx::query_as(
        "select (select count(*) from orders), (select count(*) from reservations),
                (select count(*) from idempotency_keys)",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

impl Api {
    async fn post_raw(
        &self,
        token: &str,
        idem: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .post(format!("{}/v1/orders", self.base))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body);
        if let Some(k) = idem {
            req = req.header("idempotency-key", k);
        }
        req.send().await.unwrap()
    }

    async fn post(&self, idem: Option<&str>, body: &Value) -> reqwest::Response {
        self.post_raw(&self.token, idem, body.to_string()).await
    }

    async fn get(&self, token: Option<&str>, path: &str) -> reqwest::Response {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }
}

/// A problem document: its status, content type and `type`; returns the document.
async fn problem(r: reqwest::Response, status: StatusCode, kind: &str) -> Value {
    assert_eq!(r.status(), status);
    assert_eq!(
        r.headers()["content-type"],
        "application/problem+json",
        "a problem document"
    );
    let doc: Value = r.json().await.unwrap();
    assert_eq!(
        doc["type"],
        format!("urn:orderdeck:problem:{kind}"),
        "{doc}"
    );
    assert_eq!(doc["status"], status.as_u16());
    assert!(
        doc["title"].is_string() && doc["detail"].is_string(),
        "{doc}"
    );
    doc
}

fn fields(doc: &Value) -> Vec<String> {
    doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_same_key_and_body_gets_the_first_answer_again() {
    let api = start().await;
    let first = api.post(Some("\"k-1\""), &order("W-1", "S0", 2)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].to_str().unwrap().to_string();
    let first_body = first.bytes().await.unwrap();
    let answer: Value = serde_json::from_slice(&first_body).unwrap();
    assert_eq!(answer["stock"], "reserved");
    assert_eq!(answer["status"], "reserved");
    assert_eq!(answer["short"], json!([]));
    assert_eq!(
        location,
        format!("/v1/orders/{}", answer["number"].as_str().unwrap())
    );

    // The same order with other spacing and key order, the key in Stripe's bare form.
    let same = "{ \"lines\": [ {\"qty\": 2, \"sku\": \"S0\"} ], \"shipping_fee\": \"30000\", \"external_id\": \"W-1\", \"channel\": \"website\",
        \"shipping_address\": {\"province\": \"TP. Hồ Chí Minh\", \"district\": \"Quận 1\", \"ward\": \"Bến Nghé\", \"line1\": \"12 Lê Lợi\"},
        \"customer\": {\"phone\": \"0912 345 678\", \"name\": \"Nguyễn Văn An\"} }";
    let again = api.post_raw(&api.token, Some("k-1"), same).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"], location.as_str());
    assert_eq!(
        again.bytes().await.unwrap(),
        first_body,
        "the same body, byte for byte"
    );
    assert_eq!(
        counts(&api.pool).await,
        (1, 1, 1),
        "one order, one reservation"
    );

    // A duplicate by external id under a new key is answered 200 and kept too.
    let dup = api.post(Some("k-2"), &order("W-1", "S0", 2)).await;
    assert_eq!(dup.status(), StatusCode::OK);
    let dup_body: Value = dup.json().await.unwrap();
    assert_eq!(dup_body["duplicate"], true);
    assert_eq!(dup_body["number"], answer["number"]);
    let replayed = api.post(Some("k-2"), &order("W-1", "S0", 2)).await;
    assert_eq!(replayed.status(), StatusCode::OK);
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    assert_eq!(counts(&api.pool).await, (1, 1, 2));
}

#[tokio::test]
async fn the_same_key_with_another_body_is_a_422_and_writes_nothing() {
    let api = start().await;
    assert_eq!(
        api.post(Some("k"), &order("W-1", "S0", 1)).await.status(),
        StatusCode::CREATED
    );
    let before = counts(&api.pool).await;
    let r = api.post(Some("k"), &order("W-2", "S0", 1)).await;
    let doc = problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
    )
    .await;
    assert_eq!(fields(&doc), ["Idempotency-Key"]);
    assert_eq!(counts(&api.pool).await, before);
}

#[tokio::test]
async fn a_key_in_flight_is_a_409_and_writes_nothing() {
    let api = start().await;
    let key_id: i64 = sqlx::query_scalar("select id from api_keys where name = 'web'")
        .fetch_one(&api.pool)
        .await
        .unwrap();
    let body = order("W-1", "S0", 1);
    // Another request holds the key: begun in the store, never finished.
    let held = idempotency::begin(
        &api.pool,
        key_id,
        "busy",
        &body_fingerprint(body.to_string().as_bytes()),
    )
    .await
    .unwrap();
    assert!(matches!(
        held,
        Begun::Carry {
            taken_over: false,
            ..
        }
    ));
    let r = api.post(Some("busy"), &body).await;
    assert_eq!(r.headers()["retry-after"], "1");
    problem(r, StatusCode::CONFLICT, "idempotency-key-in-flight").await;
    assert_eq!(counts(&api.pool).await, (0, 0, 1));

    // Abandoned for over a minute, the key is taken over and the order goes in.
    sqlx::query("update idempotency_keys set created_at = created_at - interval '61 seconds'")
        .execute(&api.pool)
        .await
        .unwrap();
    assert_eq!(
        api.post(Some("busy"), &body).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(counts(&api.pool).await, (1, 1, 1));
}

#[tokio::test]
async fn two_requests_at_once_with_one_key_make_one_order() {
    let api = start().await;
    let body = order("W-1", "S0", 1);
    let (a, b) = tokio::join!(api.post(Some("same"), &body), api.post(Some("same"), &body));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    // Either the second waited out the first and was replayed (201 twice), or it came
    // while the first was running (409).
    assert!(
        statuses == [201, 201] || statuses == [201, 409],
        "{statuses:?}"
    );
    assert_eq!(counts(&api.pool).await.0, 1);
}

#[tokio::test]
async fn a_missing_or_malformed_key_is_a_400_and_writes_nothing() {
    let api = start().await;
    let doc = problem(
        api.post(None, &order("W-1", "S0", 1)).await,
        StatusCode::BAD_REQUEST,
        "idempotency-key-missing",
    )
    .await;
    assert_eq!(fields(&doc), ["Idempotency-Key"]);
    for bad in ["\"open", "two words", "\"a\";x=1", "\"\"", &"k".repeat(256)] {
        let r = api.post(Some(bad), &order("W-1", "S0", 1)).await;
        let doc = problem(r, StatusCode::BAD_REQUEST, "idempotency-key-invalid").await;
        assert_eq!(fields(&doc), ["Idempotency-Key"], "{bad}");
    }
    assert_eq!(counts(&api.pool).await, (0, 0, 0));
}

#[tokio::test]
async fn idempotency_keys_are_per_api_key_not_global() {
    let api = start().await;
    let other = key(&api.pool, "shop-two", "orders:write", None).await;
    let a = api.post(Some("order-1"), &order("A-1", "S0", 1)).await;
    let b = api
        .post_raw(&other, Some("order-1"), order("B-1", "S0", 1).to_string())
        .await;
    assert_eq!(a.status(), StatusCode::CREATED);
    assert_eq!(
        b.status(),
        StatusCode::CREATED,
        "another client's key of the same text"
    );
    assert!(b.headers().get("idempotent-replayed").is_none());
    assert_eq!(counts(&api.pool).await, (2, 2, 2));
}

#[tokio::test]
async fn bad_missing_and_revoked_keys_are_401_and_a_missing_scope_403() {
    let api = start().await;
    let body = order("W-1", "S0", 1);
    // No key: no error attribute (RFC 6750 §3.1).
    let r = api
        .http
        .post(format!("{}/v1/orders", api.base))
        .header("content-type", "application/json")
        .header("idempotency-key", "k")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["www-authenticate"],
        "Bearer realm=\"orderdeck\""
    );
    problem(r, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // A made-up token of our shape, and one of no shape.
    for token in [
        format!("odk_AAAAAAAA_{}", "b".repeat(32)),
        "let-me-in".to_string(),
    ] {
        let r = api.post_raw(&token, Some("k"), body.to_string()).await;
        let challenge = r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            challenge.starts_with("Bearer realm=\"orderdeck\", error=\"invalid_token\""),
            "{challenge}"
        );
        problem(r, StatusCode::UNAUTHORIZED, "invalid-token").await;
    }
    // Revoked through the store: the very next request is refused.
    assert_eq!(
        api.post(Some("k1"), &body).await.status(),
        StatusCode::CREATED
    );
    let revoked = orderdeck_store::api_keys::revoke(&api.pool, "web", "test")
        .await
        .unwrap();
    assert_eq!(revoked, orderdeck_store::api_keys::Revoked::Now);
    let r = api.post(Some("k2"), &order("W-2", "S0", 1)).await;
    problem(r, StatusCode::UNAUTHORIZED, "invalid-token").await;
    let r = api.get(Some(&api.token), "/v1/stock?sku=S0").await;
    problem(r, StatusCode::UNAUTHORIZED, "invalid-token").await;
    // A live key without orders:write.
    let reader = key(&api.pool, "reader", "stock:read", None).await;
    let r = api
        .post_raw(&reader, Some("k3"), order("W-3", "S0", 1).to_string())
        .await;
    assert_eq!(
        r.headers()["www-authenticate"],
        "Bearer realm=\"orderdeck\", error=\"insufficient_scope\", scope=\"orders:write\""
    );
    problem(r, StatusCode::FORBIDDEN, "insufficient-scope").await;
    let r = api.get(Some(&reader), "/v1/orders/X").await;
    problem(r, StatusCode::FORBIDDEN, "insufficient-scope").await;
    assert_eq!(counts(&api.pool).await, (1, 1, 1), "only the first order");
}

#[tokio::test]
async fn a_body_too_big_is_a_413_and_a_wrong_type_a_415_writing_nothing() {
    let api = start().await;
    let mut big = order("W-1", "S0", 1);
    big["note"] = json!("x".repeat(1024 * 1024 + 10));
    let r = api.post(Some("big"), &big).await;
    problem(r, StatusCode::PAYLOAD_TOO_LARGE, "body-too-large").await;
    let r = api
        .http
        .post(format!("{}/v1/orders", api.base))
        .bearer_auth(&api.token)
        .header("idempotency-key", "form")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("channel=website")
        .send()
        .await
        .unwrap();
    problem(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
    )
    .await;
    assert_eq!(counts(&api.pool).await, (0, 0, 0));
}

#[tokio::test]
async fn a_body_that_trickles_in_is_a_408_and_writes_nothing() {
    let api = start_with(ApiLimits {
        body_timeout: Duration::from_millis(800),
        ..ApiLimits::default()
    })
    .await;
    let body = order("W-1", "S0", 1).to_string();
    let addr = api.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /v1/orders HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: slow\r\nContent-Length: {}\r\n\r\n",
        api.token,
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    // A byte every 200 ms: the whole body would take far longer than the limit.
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    for b in body.as_bytes().iter().take(20) {
        if tcp.write_all(&[*b]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut buf = [0u8; 4096];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(1), tcp.read(&mut buf)).await
            && n > 0
        {
            answer.extend_from_slice(&buf[..n]);
            break;
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), tcp.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("application/problem+json"), "{text}");
    assert!(
        text.contains("urn:orderdeck:problem:body-too-slow"),
        "{text}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "answered when the time ran out"
    );
    assert_eq!(counts(&api.pool).await, (0, 0, 0));
}

#[tokio::test]
async fn malformed_json_and_bad_fields_are_named_and_write_nothing() {
    let api = start().await;
    let r = api
        .post_raw(&api.token, Some("m1"), "{\"channel\": \"website\", ")
        .await;
    problem(r, StatusCode::BAD_REQUEST, "malformed-json").await;
    let mut wrong = order("W-1", "S0", 1);
    wrong["lines"][0]["qty"] = json!("two");
    let doc = problem(
        api.post(Some("m2"), &wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-order",
    )
    .await;
    assert_eq!(fields(&doc), ["lines[0].qty"]);
    assert_eq!(doc["errors"][0]["pointer"], "/lines/0/qty");
    let mut unknown_field = order("W-1", "S0", 1);
    unknown_field["lines"][0]["price"] = json!("1");
    let doc = problem(
        api.post(Some("m3"), &unknown_field).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-order",
    )
    .await;
    assert_eq!(fields(&doc), ["lines[0].price"]);
    // Every rule broken at once is listed at once, in English; a control character sent
    // comes back as text.
    let mut bad = order("W-1", "S0", 0);
    bad["customer"]["phone"] = json!("12345");
    bad["customer"]["name"] = json!("An\u{1b}[2J");
    let doc = problem(
        api.post(Some("m4"), &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-order",
    )
    .await;
    assert_eq!(
        fields(&doc),
        ["customer.name", "customer.phone", "lines[0].qty"]
    );
    let text = doc.to_string();
    assert!(
        !text.contains('\u{1b}') && !text.contains("\\u001b"),
        "{text}"
    );
    assert_eq!(counts(&api.pool).await, (0, 0, 0));
}

#[tokio::test]
async fn an_unknown_sku_is_named_writes_nothing_and_frees_the_key() {
    let api = start().await;
    let mut two = order("W-1", "NOPE-1", 1);
    two["lines"] =
        json!([{"sku": "NOPE-1", "qty": 1}, {"sku": "S0", "qty": 1}, {"sku": "NOPE-2", "qty": 1}]);
    let doc = problem(
        api.post(Some("u"), &two).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-order",
    )
    .await;
    assert_eq!(fields(&doc), ["lines[0].sku", "lines[2].sku"]);
    assert_eq!(doc["errors"][0]["pointer"], "/lines/0/sku");
    assert!(
        doc["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("NOPE-1"),
        "{doc}"
    );
    assert_eq!(
        counts(&api.pool).await,
        (0, 0, 0),
        "no order, and the key is not kept"
    );
    // The client fixes the order and sends it under the same key.
    let fixed = api.post(Some("u"), &order("W-1", "S0", 1)).await;
    assert_eq!(fixed.status(), StatusCode::CREATED);
    assert!(fixed.headers().get("idempotent-replayed").is_none());
    assert_eq!(counts(&api.pool).await, (1, 1, 1));
}

#[tokio::test]
async fn channels_a_key_may_not_send_are_403_naming_the_channel() {
    let api = start().await;
    let bound = key(&api.pool, "site-bound", "orders:write", Some("website")).await;
    let mut manual = order("M-1", "S0", 1);
    manual["channel"] = json!("manual");
    let r = api.post_raw(&bound, Some("c1"), manual.to_string()).await;
    let doc = problem(r, StatusCode::FORBIDDEN, "channel-not-allowed").await;
    assert_eq!(fields(&doc), ["channel"]);
    let mut shopee = order("SP-1", "S0", 1);
    shopee["channel"] = json!("shopee");
    let doc = problem(
        api.post(Some("c2"), &shopee).await,
        StatusCode::FORBIDDEN,
        "channel-not-allowed",
    )
    .await;
    assert_eq!(fields(&doc), ["channel"]);
    assert_eq!(counts(&api.pool).await, (0, 0, 0));
    // The bound key's own channel, and the manual channel for the unbound key.
    let r = api
        .post_raw(&bound, Some("c3"), order("W-9", "S0", 1).to_string())
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        api.post(Some("c4"), &manual).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn the_order_names_its_key_and_reads_back_as_the_database_has_it() {
    let api = start().await;
    // S1 has no stock: backordered, with what is short.
    let mut two = order("W-1", "S0", 2);
    two["lines"] =
        json!([{"sku": "S0", "qty": 2}, {"sku": "S1", "qty": 3, "unit_price": "120000"}]);
    let r = api.post(Some("t"), &two).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let made: Value = r.json().await.unwrap();
    assert_eq!(made["stock"], "backordered");
    assert_eq!(made["short"], json!([{"sku": "S1", "short": 3}]));
    let number = made["number"].as_str().unwrap();

    let actors: Vec<String> = sqlx::query_scalar(
        "select distinct e.actor from order_events e join orders o on o.id = e.order_id where o.number = $1",
    )
    .bind(number)
    .fetch_all(&api.pool)
    .await
    .unwrap();
    assert_eq!(actors, ["api:web"], "the timeline names the key");

    let r = api
        .get(Some(&api.token), &format!("/v1/orders/{number}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let got: Value = r.json().await.unwrap();
    let (status, channel, total, subtotal, buyer): (
        String,
        String,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        String,
    ) = sqlx::query_as(
        "select o.status, c.code, o.total, o.subtotal, o.buyer_name from orders o
             join sales_channels c on c.id = o.channel_id where o.number = $1",
    )
    .bind(number)
    .fetch_one(&api.pool)
    .await
    .unwrap();
    assert_eq!(got["number"], number);
    assert_eq!(got["status"], status.as_str());
    assert_eq!(got["channel"], channel.as_str());
    assert_eq!(got["external_id"], "W-1");
    assert_eq!(got["buyer_name"], buyer.as_str());
    assert_eq!(got["totals"]["total"], total.to_string());
    assert_eq!(got["totals"]["subtotal"], subtotal.to_string());
    assert_eq!(subtotal, rust_decimal_macros::dec!(560000));
    assert_eq!(got["lines"][0]["sku"], "S0");
    assert_eq!(got["lines"][0]["reserved"], 2);
    assert_eq!(got["lines"][1]["reserved"], 0);
    assert_eq!(got["parcels"], json!([]));
    let text = got.to_string();
    assert!(
        !text.contains("0912") && !text.contains("Lê Lợi"),
        "no phone, no address: {text}"
    );

    problem(
        api.get(Some(&api.token), "/v1/orders/NO-SUCH").await,
        StatusCode::NOT_FOUND,
        "order-not-found",
    )
    .await;
}

#[tokio::test]
async fn stock_is_available_per_warehouse_less_the_channels_buffer() {
    let api = start().await;
    // Take 1 of S2 in an order, and give the website a buffer of 2.
    assert_eq!(
        api.post(Some("s"), &order("W-1", "S2", 1)).await.status(),
        StatusCode::CREATED
    );
    sqlx::query("update sales_channels set stock_buffer = 2 where code = 'website'")
        .execute(&api.pool)
        .await
        .unwrap();
    let db: Vec<(String, String, i32)> = sqlx::query_as(
        "select v.sku, w.code, s.on_hand - s.reserved from stock_levels s
         join variants v on v.id = s.variant_id join warehouses w on w.id = s.warehouse_id
         where v.sku in ('S0', 'S2') order by 1, 2",
    )
    .fetch_all(&api.pool)
    .await
    .unwrap();
    let r = api
        .get(Some(&api.token), "/v1/stock?sku=S2,S0,NOPE&channel=website")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let got: Value = r.json().await.unwrap();
    assert_eq!(got["buffer"], 2);
    assert_eq!(got["unknown"], json!(["NOPE"]));
    for sku in got["skus"].as_array().unwrap() {
        let name = sku["sku"].as_str().unwrap();
        let mut sum = 0;
        for w in sku["warehouses"].as_array().unwrap() {
            let code = w["warehouse"].as_str().unwrap();
            let avail = db
                .iter()
                .find(|(s, c, _)| s == name && c == code)
                .map(|r| r.2)
                .unwrap_or(0);
            sum += avail;
            assert_eq!(w["available"], (avail - 2).max(0), "{name} in {code}");
        }
        assert_eq!(sku["total"], (sum - 2).max(0), "{name}");
    }
    // S2: HN 3 − 1 reserved = 2, HCM 4 (intake took from HN first or HCM: the sums hold).
    let s2 = got["skus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sku"] == "S2")
        .unwrap();
    assert_eq!(s2["total"], 4);
    // Without a channel, no buffer; a key bound to one uses its own.
    let r: Value = api
        .get(Some(&api.token), "/v1/stock?sku=S0")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["skus"][0]["total"], 5);
    problem(
        api.get(Some(&api.token), "/v1/stock").await,
        StatusCode::BAD_REQUEST,
        "invalid-query",
    )
    .await;
    let bound = key(&api.pool, "stock-bound", "stock:read", Some("website")).await;
    let r: Value = api
        .get(Some(&bound), "/v1/stock?sku=S0")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["buffer"], 2);
    assert_eq!(r["skus"][0]["total"], 3);
    problem(
        api.get(Some(&bound), "/v1/stock?sku=S0&channel=manual")
            .await,
        StatusCode::FORBIDDEN,
        "channel-not-allowed",
    )
    .await;
}

#[tokio::test]
async fn the_openapi_document_is_served_without_a_key_and_covers_it_all() {
    let api = start().await;
    let r = api.get(None, "/v1/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let post = &doc["paths"]["/v1/orders"]["post"];
    for status in [
        "200", "201", "400", "401", "403", "408", "409", "413", "415", "422", "503",
    ] {
        assert!(
            post["responses"][status].is_object(),
            "POST /v1/orders {status}"
        );
    }
    assert_eq!(
        post["parameters"][0]["$ref"],
        "#/components/parameters/IdempotencyKey"
    );
    assert!(doc["paths"]["/v1/orders/{number}"]["get"].is_object());
    assert!(doc["paths"]["/v1/stock"]["get"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc["components"]["schemas"]["Problem"]["properties"]["errors"].is_object());
    let description = doc["info"]["description"].as_str().unwrap();
    assert!(description.contains("not kept"), "{description}");
}
