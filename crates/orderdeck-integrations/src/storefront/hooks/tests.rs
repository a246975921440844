//! Storefront webhooks read from realistic deliveries (reference §8.3, §9.2, §10.2, §11
//! examples, with Vietnamese buyers and addresses), signed as each platform signs them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use sha2::Sha256;

use super::*;
use crate::marketplace::ChannelStatus;

const SECRET: &str = "whsec_cua_hang_ao_thun";

fn secret() -> Secret {
    Secret::new(SECRET)
}

/// base64(HMAC-SHA256(key, body)), made here with the libraries directly.
fn sign(key: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (name, value) in pairs {
        h.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
    }
    h
}

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("test time")
        .with_timezone(&Utc)
}

// ------------------------------------------------------------------------------------
// Payloads

fn haravan_order() -> Value {
    json!({
        "id": 1234567890u64, "name": "#100020", "order_number": "#100020", "number": 100020,
        "email": "khach@example.com", "phone": "0907654321",
        "created_at": "2024-01-01T17:00:00+07:00", "updated_at": "2024-01-01T10:05:00Z",
        "financial_status": "pending", "fulfillment_status": null,
        "gateway": "Thanh toán khi giao hàng (COD)", "gateway_code": "COD",
        "currency": "VND", "total_price": 350000, "subtotal_price": 320000,
        "total_discounts": 0, "source_name": "web",
        "line_items": [{
            "id": 1, "product_id": 11, "variant_id": 111, "sku": "AO-M-DEN",
            "title": "Áo thun", "variant_title": "M / Đen", "name": "Áo thun - M / Đen",
            "quantity": 2, "price": 160000, "price_original": 160000, "grams": 200
        }],
        "shipping_address": {
            "name": "Nguyễn Văn A", "phone": "0901234567", "address1": "12 Lê Lợi",
            "address2": null, "ward": "Phường Bến Nghé", "ward_code": "26740",
            "district": "Quận 1", "district_code": "760", "province": "Hồ Chí Minh",
            "province_code": "79", "country": "Vietnam", "country_code": "VN"
        },
        "billing_address": {"name": "Nguyễn Văn A", "phone": "0901234567",
                            "address1": "12 Lê Lợi", "province": "Hồ Chí Minh"},
        "shipping_lines": [{"code": "GHN", "title": "Giao hàng nhanh", "price": 30000}],
        "customer": {"id": 5551, "email": "khach@example.com", "phone": "0907654321"},
        "note": "Giao giờ hành chính", "note_attributes": [],
        "cancel_reason": null, "cancelled_status": "uncancelled",
        "confirmed_status": "confirmed", "closed_status": "unclosed"
    })
}

fn haravan(order: &Value, topic: &str) -> (HeaderMap, Vec<u8>) {
    let body = serde_json::to_vec(order).expect("json");
    let h = headers(&[
        ("X-Haravan-Hmacsha256", &sign(SECRET, &body)),
        ("X-Haravan-Topic", topic),
        ("X-Haravan-Org-Id", "200000123"),
        ("X-Haravan-Order-Id", "1234567890"),
    ]);
    (h, body)
}

fn sapo_order() -> Value {
    json!({
        "id": 88001, "name": "#1045", "order_number": 1045,
        "email": "tranthib@example.vn", "phone": null,
        "created_at": "2025-03-08T02:15:00Z", "updated_at": "2025-03-08T02:16:30Z",
        "financial_status": "pending", "fulfillment_status": null,
        "gateway": "Thanh toán khi giao hàng (COD)",
        "currency": "VND", "total_price": 435000, "total_discounts": 20000,
        "line_items": [
            {"id": 9001, "variant_id": 701, "sku": "QUAN-JEAN-30", "title": "Quần jean",
             "variant_title": "30", "quantity": 1, "price": 420000},
            {"id": 9002, "variant_id": 702, "sku": "", "title": "Túi quà", "quantity": 1,
             "price": 0}
        ],
        "shipping_address": {
            "first_name": "Thị B", "last_name": "Trần", "phone": "0912 345 678",
            "address1": "45 Nguyễn Trãi", "address2": "Tầng 3",
            "ward": "Phường Bến Thành", "district": "Quận 1", "province": "Hồ Chí Minh"
        },
        "shipping_lines": [{"title": "Giao tiêu chuẩn", "price": 35000}],
        "note": ""
    })
}

fn sapo(order: &Value, topic: &str) -> (HeaderMap, Vec<u8>) {
    let body = serde_json::to_vec(order).expect("json");
    let h = headers(&[
        ("x-sapo-hmac-sha256", &sign(SECRET, &body)),
        ("x-sapo-topic", topic),
        ("x-sapo-tenant-domain", "aothunsaigon.mysapo.net"),
        ("x-sapo-object-id", "88001"),
        ("x-sapo-test", "false"),
    ]);
    (h, body)
}

fn woo_order() -> Value {
    json!({
        "id": 727, "parent_id": 0, "number": "727", "order_key": "wc_order_58d2d042d1d",
        "status": "processing", "currency": "VND",
        "date_created": "2025-04-02T16:48:26", "date_created_gmt": "2025-04-02T09:48:26",
        "date_modified": "2025-04-02T16:50:03", "date_modified_gmt": "2025-04-02T09:50:03",
        "discount_total": "30000", "shipping_total": "25000", "total": "445000",
        "customer_id": 0, "customer_note": "Gọi trước khi giao",
        "billing": {
            "first_name": "Văn Cường", "last_name": "Lê", "address_1": "88 Trần Phú",
            "address_2": "Phường Điện Biên", "city": "Quận Ba Đình", "state": "Hà Nội",
            "postcode": "", "country": "VN", "email": "cuong.le@example.vn",
            "phone": "0987654321"
        },
        "shipping": {
            "first_name": "Văn Cường", "last_name": "Lê", "address_1": "88 Trần Phú",
            "address_2": "Phường Điện Biên", "city": "Quận Ba Đình", "state": "Hà Nội",
            "postcode": "", "country": "VN"
        },
        "payment_method": "cod", "payment_method_title": "Trả tiền mặt khi nhận hàng",
        "line_items": [
            {"id": 315, "name": "Áo sơ mi trắng - L", "product_id": 93, "variation_id": 95,
             "quantity": 2, "subtotal": "300000", "total": "270000", "sku": "SOMI-TRANG-L",
             "price": 135000, "meta_data": []},
            {"id": 316, "name": "Cà vạt lụa", "product_id": 22, "variation_id": 0,
             "quantity": 1, "subtotal": "150000", "total": "150000", "sku": "CAVAT-LUA",
             "price": 150000, "meta_data": []}
        ],
        "shipping_lines": [{"id": 317, "method_title": "Giao hàng tận nơi", "total": "25000"}],
        "fee_lines": [], "coupon_lines": [{"code": "GIAM10", "discount": "30000"}]
    })
}

fn woo(order: &Value, topic: &str, delivery_id: &str) -> (HeaderMap, Vec<u8>) {
    let body = serde_json::to_vec(order).expect("json");
    let h = headers(&[
        ("X-WC-Webhook-Source", "https://thoitrangha.vn/"),
        ("X-WC-Webhook-Topic", topic),
        ("X-WC-Webhook-Resource", "order"),
        ("X-WC-Webhook-Event", topic.rsplit('.').next().unwrap_or("")),
        ("X-WC-Webhook-Signature", &sign(SECRET, &body)),
        ("X-WC-Webhook-ID", "12"),
        ("X-WC-Webhook-Delivery-ID", delivery_id),
    ]);
    (h, body)
}

fn shopify_order() -> Value {
    json!({
        "id": 820982911946154508u64,
        "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
        "name": "#1001", "number": 1, "order_number": 1001,
        "email": "phamthuha@example.com", "phone": null, "currency": "VND",
        "created_at": "2025-05-10T08:30:00-05:00", "updated_at": "2025-05-10T08:31:12-05:00",
        "total_price": "560000.00", "subtotal_price": "500000.00",
        "total_discounts": "50000.00", "financial_status": "pending",
        "fulfillment_status": null, "cancelled_at": null, "cancel_reason": null,
        "gateway": "Cash on Delivery (COD)",
        "payment_gateway_names": ["Cash on Delivery (COD)"],
        "line_items": [{
            "id": 466157049, "product_id": 632910392, "variant_id": 39072856,
            "sku": "VAY-HOA-S", "title": "Váy hoa", "name": "Váy hoa - S", "quantity": 2,
            "price": "275000.00", "total_discount": "0.00",
            "discount_allocations": [{"amount": "50000.00", "discount_application_index": 0}]
        }],
        "shipping_address": {
            "name": "Phạm Thu Hà", "phone": "+84 903 111 222", "address1": "21 Hai Bà Trưng",
            "address2": "Phường Tân Định", "city": "Quận 1", "province": "Hồ Chí Minh",
            "zip": "700000", "country": "Vietnam"
        },
        "shipping_lines": [{"title": "Giao nhanh", "price": "60000.00"}],
        "customer": {"id": 115310627314723954u64, "email": "phamthuha@example.com"},
        "note": null
    })
}

fn shopify(order: &Value, topic: &str, event_id: &str) -> (HeaderMap, Vec<u8>) {
    let body = serde_json::to_vec(order).expect("json");
    let h = headers(&[
        ("X-Shopify-Hmac-Sha256", &sign(SECRET, &body)),
        ("X-Shopify-Topic", topic),
        ("X-Shopify-Shop-Domain", "vay-hoa.myshopify.com"),
        ("X-Shopify-API-Version", "2026-10"),
        (
            "X-Shopify-Webhook-Id",
            "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        ),
        ("X-Shopify-Event-Id", event_id),
        ("X-Shopify-Triggered-At", "2025-05-10T13:31:12.123Z"),
    ]);
    (h, body)
}

fn read(kind: ChannelKind, (h, body): (HeaderMap, Vec<u8>)) -> Result<Delivery, HookRefusal> {
    read_delivery(kind, &secret(), &h, &body)
}

fn order_of(d: &Delivery) -> &ChannelOrder {
    d.order.as_ref().expect("an order")
}

// ------------------------------------------------------------------------------------
// Signatures

/// Reference §13's base64 vector, checked against each platform's own header.
#[test]
fn the_reference_vector_verifies_under_every_platforms_header() {
    let body = br#"{"id":1001,"total_price":"150000"}"#;
    let vector = "ZSH7ZVuuEchNv6fm/dVLAMUCo/DoQLFMTfaYGU3wvFk=";
    let key = Secret::new("test_secret");
    for (kind, header) in [
        (ChannelKind::Haravan, "X-Haravan-Hmacsha256"),
        (ChannelKind::Sapo, "X-Sapo-Hmac-Sha256"),
        (ChannelKind::WooCommerce, "X-WC-Webhook-Signature"),
        (ChannelKind::Shopify, "X-Shopify-Hmac-Sha256"),
    ] {
        let h = headers(&[(header, vector)]);
        assert_eq!(
            signature::check(kind, &key, &h, body),
            Ok(()),
            "{kind:?} refuses the §13 vector"
        );
        // The hex form of the same MAC is not what these platforms send.
        let hex = "6521fb655bae11c84dbfa7e6fdd54b00c502a3f0e840b14c4df698194df0bc59";
        let h = headers(&[(header, hex)]);
        assert_eq!(
            signature::check(kind, &key, &h, body),
            Err(HookRefusal::BadSignature),
            "{kind:?} took a hex signature"
        );
    }
    assert_eq!(sign("test_secret", body), vector);
}

#[test]
fn a_signed_vector_body_is_read_past_the_signature() {
    // The vector's body is not a whole order: the signature passes and the reading
    // then names the first field it misses.
    let body = br#"{"id":1001,"total_price":"150000"}"#;
    let h = headers(&[
        (
            "X-Shopify-Hmac-Sha256",
            "ZSH7ZVuuEchNv6fm/dVLAMUCo/DoQLFMTfaYGU3wvFk=",
        ),
        ("X-Shopify-Topic", "orders/create"),
    ]);
    let got = read_delivery(ChannelKind::Shopify, &Secret::new("test_secret"), &h, body);
    assert_eq!(got, Err(HookRefusal::Malformed("created_at".into())));
}

#[test]
fn a_wrong_secret_a_changed_byte_and_a_missing_header_are_refused() {
    for kind in ChannelKind::STOREFRONTS {
        let (h, body) = match kind {
            ChannelKind::Haravan => haravan(&haravan_order(), "orders/create"),
            ChannelKind::Sapo => sapo(&sapo_order(), "orders/create"),
            ChannelKind::WooCommerce => woo(&woo_order(), "order.created", "d1"),
            _ => shopify(&shopify_order(), "orders/create", "e1"),
        };
        assert!(
            read_delivery(kind, &secret(), &h, &body).is_ok(),
            "{kind:?}: the well-signed delivery is refused"
        );
        assert_eq!(
            read_delivery(kind, &Secret::new("another_secret"), &h, &body),
            Err(HookRefusal::BadSignature),
            "{kind:?}: wrong secret"
        );
        let mut changed = body.clone();
        let at = changed
            .iter()
            .position(|b| b.is_ascii_digit())
            .expect("a digit");
        changed[at] = if changed[at] == b'9' {
            b'8'
        } else {
            changed[at] + 1
        };
        assert_eq!(
            read_delivery(kind, &secret(), &h, &changed),
            Err(HookRefusal::BadSignature),
            "{kind:?}: one byte changed"
        );
        let name = signature::signature_header(kind).expect("storefront");
        let mut unsigned = h.clone();
        unsigned.remove(name);
        assert_eq!(
            read_delivery(kind, &secret(), &unsigned, &body),
            Err(HookRefusal::MissingSignature),
            "{kind:?}: no signature header"
        );
        // An empty secret would let anyone sign: nothing verifies against it.
        let mut empty_signed = h.clone();
        empty_signed.insert(name, HeaderValue::from_str(&sign("", &body)).expect("b64"));
        assert_eq!(
            read_delivery(kind, &Secret::new(""), &empty_signed, &body),
            Err(HookRefusal::BadSignature),
            "{kind:?}: empty secret"
        );
    }
}

#[test]
fn base64_must_be_exact() {
    let body = br#"{"id":1001,"total_price":"150000"}"#;
    let key = Secret::new("test_secret");
    for variant in [
        "ZSH7ZVuuEchNv6fm/dVLAMUCo/DoQLFMTfaYGU3wvFk", // padding dropped
        "ZSH7ZVuuEchNv6fm_dVLAMUCo_DoQLFMTfaYGU3wvFk=", // URL-safe alphabet
        "ZSH7ZVuuEchNv6fm/dVLAMUCo/DoQLFMTfaYGU3wvFk=ZSH7", // trailing bytes
        "",
    ] {
        assert!(
            !signature::base64_matches(&key, body, variant),
            "took {variant:?}"
        );
    }
}

#[test]
fn another_platforms_delivery_is_named_as_such() {
    let (h, body) = shopify(&shopify_order(), "orders/create", "e1");
    assert_eq!(
        read_delivery(ChannelKind::Haravan, &secret(), &h, &body),
        Err(HookRefusal::WrongPlatform)
    );
    let (h, body) = haravan(&haravan_order(), "orders/create");
    assert_eq!(
        read_delivery(ChannelKind::WooCommerce, &secret(), &h, &body),
        Err(HookRefusal::WrongPlatform)
    );
    // A marketplace is never read here.
    assert_eq!(
        read_delivery(ChannelKind::Shopee, &secret(), &h, &body),
        Err(HookRefusal::WrongPlatform)
    );
}

#[test]
fn refusals_are_worded_from_the_catalogue() {
    let text = HookRefusal::Malformed("line_items[0].price".into()).to_string();
    assert!(text.contains("line_items[0].price"), "{text}");
    assert!(!text.contains("err-hook"), "{text}");
    assert!(!HookRefusal::BadSignature.to_string().contains("err-hook"));
}

// ------------------------------------------------------------------------------------
// Haravan

#[test]
fn haravan_cod_order_maps_whole() {
    let d = read(
        ChannelKind::Haravan,
        haravan(&haravan_order(), "orders/create"),
    )
    .expect("read");
    assert_eq!(d.topic, Topic::Created);
    assert_eq!(d.shop, "200000123");
    assert_eq!(
        d.dedupe_key,
        "haravan:200000123:orders/create:1234567890:2024-01-01T10:05:00Z"
    );
    let o = order_of(&d);
    assert_eq!(o.channel, ChannelKind::Haravan);
    assert_eq!(o.external_id, "1234567890");
    assert_eq!(o.status, ChannelStatus::ToShip);
    assert_eq!(o.channel_status, "pending,uncancelled");
    assert!(o.cod);
    assert_eq!(o.note, "#100020 Giao giờ hành chính");
    assert_eq!(
        o.created_at,
        time("2024-01-01T10:00:00Z"),
        "+07:00 read as UTC"
    );
    assert_eq!(o.updated_at, time("2024-01-01T10:05:00Z"));
    assert_eq!(o.buyer.name, "Nguyễn Văn A");
    assert_eq!(o.buyer.phone, "0901234567", "shipping address phone first");
    assert_eq!(o.buyer.username, "khach@example.com");
    assert_eq!(o.address.line1, "12 Lê Lợi");
    assert_eq!(o.address.ward, "Phường Bến Nghé");
    assert_eq!(o.address.district, "Quận 1");
    assert_eq!(o.address.province, "Hồ Chí Minh");
    assert_eq!(o.currency, "VND");
    assert_eq!(o.lines.len(), 1);
    let l = &o.lines[0];
    assert_eq!(
        (l.external_line_id.as_str(), l.sku.as_str(), l.name.as_str()),
        ("1", "AO-M-DEN", "Áo thun - M / Đen")
    );
    assert_eq!(
        (l.qty, l.unit_price, l.discount),
        (2, dec!(160000), dec!(0))
    );
    assert_eq!(o.totals.subtotal, dec!(320000));
    assert_eq!(o.totals.discount, dec!(0));
    assert_eq!(o.totals.shipping_fee, dec!(30000));
    assert_eq!(o.totals.total, dec!(350000));
    assert!(o.seller_shipping);
}

#[test]
fn haravan_statuses_and_payment() {
    let mut paid = haravan_order();
    paid["gateway_code"] = json!("BankDeposit");
    paid["gateway"] = json!("Chuyển khoản ngân hàng");
    paid["financial_status"] = json!("paid");
    let d = read(ChannelKind::Haravan, haravan(&paid, "orders/paid")).expect("read");
    assert_eq!(d.topic, Topic::Paid);
    let o = order_of(&d);
    assert!(!o.cod, "bank transfer is not COD");
    assert_eq!(
        o.status,
        ChannelStatus::ToShip,
        "paid or not, reserved at once"
    );

    let mut cancelled = haravan_order();
    cancelled["cancelled_status"] = json!("cancelled");
    cancelled["cancel_reason"] = json!("customer");
    let d = read(
        ChannelKind::Haravan,
        haravan(&cancelled, "orders/cancelled"),
    )
    .expect("read");
    assert_eq!(d.topic, Topic::Cancelled);
    assert_eq!(order_of(&d).status, ChannelStatus::Cancelled);
    assert_eq!(order_of(&d).channel_status, "pending,cancelled");

    let mut shipped = haravan_order();
    shipped["fulfillment_status"] = json!("fulfilled");
    let d = read(ChannelKind::Haravan, haravan(&shipped, "orders/fulfilled")).expect("read");
    assert_eq!(d.topic, Topic::Fulfilled);
    assert_eq!(order_of(&d).status, ChannelStatus::Shipped);
}

#[test]
fn haravan_dedupe_key_repeats_for_a_redelivery_and_moves_with_an_update() {
    let first = read(
        ChannelKind::Haravan,
        haravan(&haravan_order(), "orders/updated"),
    )
    .expect("read");
    let again = read(
        ChannelKind::Haravan,
        haravan(&haravan_order(), "orders/updated"),
    )
    .expect("read");
    assert_eq!(first.dedupe_key, again.dedupe_key);
    let mut later = haravan_order();
    later["updated_at"] = json!("2024-01-01T11:00:00Z");
    let later = read(ChannelKind::Haravan, haravan(&later, "orders/updated")).expect("read");
    assert_ne!(first.dedupe_key, later.dedupe_key);
    assert!(first.dedupe_key.starts_with("haravan:"));
}

#[test]
fn haravan_without_org_or_updated_at_is_malformed() {
    let (mut h, body) = haravan(&haravan_order(), "orders/create");
    h.remove("x-haravan-org-id");
    assert_eq!(
        read_delivery(ChannelKind::Haravan, &secret(), &h, &body),
        Err(HookRefusal::Malformed("X-Haravan-Org-Id".into()))
    );
    let mut o = haravan_order();
    o.as_object_mut().expect("object").remove("updated_at");
    assert_eq!(
        read(ChannelKind::Haravan, haravan(&o, "orders/create")),
        Err(HookRefusal::Malformed("updated_at".into()))
    );
}

#[test]
fn money_as_numbers_or_strings_reads_the_same() {
    let numbers = read(
        ChannelKind::Haravan,
        haravan(&haravan_order(), "orders/create"),
    )
    .expect("read");
    let mut o = haravan_order();
    o["total_price"] = json!("350000");
    o["total_discounts"] = json!("0.00");
    o["line_items"][0]["price"] = json!("160000.00");
    o["shipping_lines"][0]["price"] = json!("30000");
    let strings = read(ChannelKind::Haravan, haravan(&o, "orders/create")).expect("read");
    assert_eq!(order_of(&numbers).totals, order_of(&strings).totals);
    assert_eq!(
        order_of(&numbers).lines[0].unit_price,
        order_of(&strings).lines[0].unit_price
    );
    // A fraction survives: 12.35 is not 12.3499999….
    let mut cents = haravan_order();
    cents["line_items"][0]["price"] = json!(12.35);
    let d = read(ChannelKind::Haravan, haravan(&cents, "orders/create")).expect("read");
    assert_eq!(order_of(&d).lines[0].unit_price, dec!(12.35));
}

#[test]
fn unreadable_fields_are_named() {
    let mut o = haravan_order();
    o["line_items"][0]["price"] = json!("một trăm");
    assert_eq!(
        read(ChannelKind::Haravan, haravan(&o, "orders/create")),
        Err(HookRefusal::Malformed("line_items[0].price".into()))
    );
    let mut o = haravan_order();
    o["line_items"][0]["quantity"] = json!(2.5);
    assert_eq!(
        read(ChannelKind::Haravan, haravan(&o, "orders/create")),
        Err(HookRefusal::Malformed("line_items[0].quantity".into()))
    );
    // Past any real order (and near `Decimal`'s limit, where sums would overflow).
    let mut o = haravan_order();
    o["line_items"][0]["price"] = json!("79228162514264337593543950335");
    assert_eq!(
        read(ChannelKind::Haravan, haravan(&o, "orders/create")),
        Err(HookRefusal::Malformed("line_items[0].price".into()))
    );
    let mut o = shopify_order();
    o["line_items"][0]["quantity"] = json!(i32::MAX);
    o["line_items"][0]["price"] = json!("999999999999999");
    let big = read(ChannelKind::Shopify, shopify(&o, "orders/create", "big")).expect("read");
    assert!(order_of(&big).totals.subtotal > dec!(1e24));
    let mut o = haravan_order();
    o["created_at"] = json!("hôm qua");
    assert_eq!(
        read(ChannelKind::Haravan, haravan(&o, "orders/create")),
        Err(HookRefusal::Malformed("created_at".into()))
    );
    let body = b"not json at all".to_vec();
    let h = headers(&[
        ("X-Haravan-Hmacsha256", &sign(SECRET, &body)),
        ("X-Haravan-Topic", "orders/create"),
        ("X-Haravan-Org-Id", "200000123"),
    ]);
    assert_eq!(
        read_delivery(ChannelKind::Haravan, &secret(), &h, &body),
        Err(HookRefusal::Malformed("body".into()))
    );
    let (mut h, body) = haravan(&haravan_order(), "orders/create");
    h.remove("x-haravan-topic");
    assert_eq!(
        read_delivery(ChannelKind::Haravan, &secret(), &h, &body),
        Err(HookRefusal::Malformed("X-Haravan-Topic".into()))
    );
}

#[test]
fn a_topic_without_an_order_has_a_stable_key() {
    let body = br#"{"org_id":200000123}"#.to_vec();
    let h = headers(&[
        ("X-Haravan-Hmacsha256", &sign(SECRET, &body)),
        ("X-Haravan-Topic", "app/uninstalled"),
        ("X-Haravan-Org-Id", "200000123"),
    ]);
    let d = read_delivery(ChannelKind::Haravan, &secret(), &h, &body).expect("read");
    assert_eq!(d.topic, Topic::Other("app/uninstalled".into()));
    assert_eq!(d.order, None);
    let again = read_delivery(ChannelKind::Haravan, &secret(), &h, &body).expect("read");
    assert_eq!(d.dedupe_key, again.dedupe_key);
    assert!(
        d.dedupe_key
            .starts_with("haravan:200000123:app/uninstalled:")
    );
}

// ------------------------------------------------------------------------------------
// Sapo

#[test]
fn sapo_order_maps_with_cod_from_the_gateway_text() {
    let d = read(ChannelKind::Sapo, sapo(&sapo_order(), "orders/create")).expect("read");
    assert_eq!(d.topic, Topic::Created);
    assert_eq!(d.shop, "aothunsaigon.mysapo.net");
    assert_eq!(
        d.dedupe_key,
        "sapo:88001:orders/create:2025-03-08T02:16:30Z"
    );
    let o = order_of(&d);
    assert_eq!(o.channel, ChannelKind::Sapo);
    assert_eq!(o.external_id, "88001");
    assert!(o.cod, "no gateway_code; the gateway text names COD");
    assert_eq!(o.note, "#1045");
    assert_eq!(o.buyer.name, "Trần Thị B");
    assert_eq!(o.buyer.phone, "0912 345 678");
    assert_eq!(o.buyer.username, "tranthib@example.vn");
    assert_eq!(o.address.line1, "45 Nguyễn Trãi, Tầng 3");
    assert_eq!(o.address.ward, "Phường Bến Thành");
    assert_eq!(o.lines.len(), 2);
    assert_eq!(
        o.lines[1].sku, "",
        "a line without SKU is kept, not refused"
    );
    assert_eq!(o.totals.subtotal, dec!(420000));
    assert_eq!(o.totals.discount, dec!(20000));
    assert_eq!(o.totals.shipping_fee, dec!(35000));
    assert_eq!(o.totals.total, dec!(435000));

    let mut paid = sapo_order();
    paid["gateway"] = json!("Chuyển khoản qua ngân hàng");
    let d = read(ChannelKind::Sapo, sapo(&paid, "orders/paid")).expect("read");
    assert!(!order_of(&d).cod);
    assert_eq!(d.topic, Topic::Paid);
}

#[test]
fn sapo_go_spelling_and_keys() {
    let d = read(ChannelKind::Sapo, sapo(&sapo_order(), "orders/update")).expect("read");
    assert_eq!(d.topic, Topic::Updated);
    let again = read(ChannelKind::Sapo, sapo(&sapo_order(), "orders/update")).expect("read");
    assert_eq!(d.dedupe_key, again.dedupe_key);
    let mut later = sapo_order();
    later["updated_at"] = json!("2025-03-08T03:00:00Z");
    later["cancelled_at"] = json!("2025-03-08T03:00:00Z");
    let later = read(ChannelKind::Sapo, sapo(&later, "orders/cancelled")).expect("read");
    assert_ne!(d.dedupe_key, later.dedupe_key);
    assert_eq!(order_of(&later).status, ChannelStatus::Cancelled);
}

// ------------------------------------------------------------------------------------
// WooCommerce

#[test]
fn woocommerce_order_maps_whole() {
    let d = read(
        ChannelKind::WooCommerce,
        woo(&woo_order(), "order.created", "a1b2"),
    )
    .expect("read");
    assert_eq!(d.topic, Topic::Created);
    assert_eq!(d.shop, "https://thoitrangha.vn/");
    assert_eq!(
        d.dedupe_key,
        "woocommerce:727:2025-04-02T09:50:03Z:processing"
    );
    let o = order_of(&d);
    assert_eq!(o.channel, ChannelKind::WooCommerce);
    assert_eq!(o.external_id, "727");
    assert_eq!(o.status, ChannelStatus::ToShip);
    assert_eq!(o.channel_status, "processing");
    assert!(o.cod);
    assert_eq!(
        o.note, "Gọi trước khi giao",
        "the number is the id: not said twice"
    );
    assert_eq!(o.created_at, time("2025-04-02T09:48:26Z"), "_gmt is UTC");
    assert_eq!(o.buyer.name, "Lê Văn Cường");
    assert_eq!(
        o.buyer.phone, "0987654321",
        "billing phone when shipping has none"
    );
    assert_eq!(o.buyer.username, "cuong.le@example.vn");
    assert_eq!(o.address.line1, "88 Trần Phú");
    assert_eq!(o.address.ward, "Phường Điện Biên");
    assert_eq!(o.address.district, "Quận Ba Đình");
    assert_eq!(o.address.province, "Hà Nội");
    let l = &o.lines[0];
    assert_eq!(l.sku, "SOMI-TRANG-L");
    assert_eq!(
        (l.qty, l.unit_price, l.discount),
        (2, dec!(150000), dec!(30000))
    );
    assert_eq!(o.lines[1].discount, dec!(0));
    assert_eq!(o.totals.subtotal, dec!(450000));
    assert_eq!(o.totals.discount, dec!(30000));
    assert_eq!(o.totals.shipping_fee, dec!(25000));
    assert_eq!(o.totals.total, dec!(445000));
    // What the intake checks: the lines, discount and fee add up to the total.
    let goods: rust_decimal::Decimal = o
        .lines
        .iter()
        .map(|l| rust_decimal::Decimal::from(l.qty) * l.unit_price - l.discount)
        .sum();
    assert_eq!(goods + o.totals.shipping_fee, o.totals.total);
}

#[test]
fn woocommerce_statuses_and_payment() {
    for (status, want) in [
        ("pending", ChannelStatus::ToShip),
        ("on-hold", ChannelStatus::ToShip),
        ("processing", ChannelStatus::ToShip),
        ("completed", ChannelStatus::Completed),
        ("cancelled", ChannelStatus::Cancelled),
        ("refunded", ChannelStatus::Cancelled),
        ("failed", ChannelStatus::Cancelled),
        ("trash", ChannelStatus::Cancelled),
        ("da-giao-hang", ChannelStatus::Unknown),
    ] {
        let mut o = woo_order();
        o["status"] = json!(status);
        let d = read(ChannelKind::WooCommerce, woo(&o, "order.updated", "x")).expect("read");
        assert_eq!(order_of(&d).status, want, "{status}");
        assert_eq!(order_of(&d).channel_status, status);
    }
    let mut bank = woo_order();
    bank["payment_method"] = json!("bacs");
    let d = read(ChannelKind::WooCommerce, woo(&bank, "order.updated", "x")).expect("read");
    assert!(!order_of(&d).cod);
}

#[test]
fn woocommerce_key_ignores_the_delivery_id_and_moves_with_date_modified() {
    let first = read(
        ChannelKind::WooCommerce,
        woo(&woo_order(), "order.updated", "0f1e2d"),
    )
    .expect("read");
    let resent = read(
        ChannelKind::WooCommerce,
        woo(&woo_order(), "order.updated", "99aa88"),
    )
    .expect("read");
    assert_eq!(first.dedupe_key, resent.dedupe_key);
    let mut later = woo_order();
    later["date_modified_gmt"] = json!("2025-04-02T10:15:00");
    later["status"] = json!("completed");
    let later = read(
        ChannelKind::WooCommerce,
        woo(&later, "order.updated", "0f1e2d"),
    )
    .expect("read");
    assert_ne!(first.dedupe_key, later.dedupe_key);
}

#[test]
fn woocommerce_shipping_address_falls_back_to_billing() {
    let mut o = woo_order();
    o["shipping"] = json!({"first_name": "", "last_name": "", "address_1": "", "address_2": "",
                           "city": "", "state": "", "postcode": "", "country": ""});
    o["billing"]["address_1"] = json!("5 Hàng Bài");
    o["shipping"]["phone"] = json!("");
    let d = read(ChannelKind::WooCommerce, woo(&o, "order.created", "x")).expect("read");
    let o = order_of(&d);
    assert_eq!(o.address.line1, "5 Hàng Bài");
    assert_eq!(o.buyer.name, "Lê Văn Cường");
}

#[test]
fn woocommerce_ping_needs_no_signature() {
    let h = headers(&[("User-Agent", "WooCommerce/9.8.1 Hookshot (WordPress/6.8)")]);
    let d = read_delivery(ChannelKind::WooCommerce, &secret(), &h, b"webhook_id=12").expect("ping");
    assert_eq!(d.topic, Topic::Ping);
    assert_eq!(d.order, None);
    assert_eq!(d.dedupe_key, "woocommerce:ping:12");
    // The same body claiming an order topic is an (unsigned) delivery, not a ping.
    let h = headers(&[("X-WC-Webhook-Topic", "order.created")]);
    assert_eq!(
        read_delivery(ChannelKind::WooCommerce, &secret(), &h, b"webhook_id=12"),
        Err(HookRefusal::MissingSignature)
    );
    // Only WooCommerce pings this way.
    assert_eq!(
        read_delivery(
            ChannelKind::Shopify,
            &secret(),
            &HeaderMap::new(),
            b"webhook_id=12"
        ),
        Err(HookRefusal::MissingSignature)
    );
}

#[test]
fn woocommerce_deleted_and_restored() {
    let body = br#"{"id":727}"#.to_vec();
    let h = headers(&[
        ("X-WC-Webhook-Topic", "order.deleted"),
        ("X-WC-Webhook-Signature", &sign(SECRET, &body)),
    ]);
    let d = read_delivery(ChannelKind::WooCommerce, &secret(), &h, &body).expect("read");
    assert_eq!(d.topic, Topic::Deleted);
    assert_eq!(d.order, None);
    assert_eq!(d.dedupe_key, "woocommerce:727:deleted");

    let mut trashed = woo_order();
    trashed["status"] = json!("trash");
    let d = read(
        ChannelKind::WooCommerce,
        woo(&trashed, "order.deleted", "x"),
    )
    .expect("read");
    assert_eq!(order_of(&d).status, ChannelStatus::Cancelled);

    let d = read(
        ChannelKind::WooCommerce,
        woo(&woo_order(), "order.restored", "x"),
    )
    .expect("read");
    assert_eq!(d.topic, Topic::Restored);
    assert_eq!(order_of(&d).status, ChannelStatus::ToShip);
}

#[test]
fn woocommerce_unit_price_that_does_not_divide() {
    let mut o = woo_order();
    o["line_items"][1]["quantity"] = json!(3);
    o["line_items"][1]["subtotal"] = json!("100000");
    o["line_items"][1]["total"] = json!("100000");
    let d = read(ChannelKind::WooCommerce, woo(&o, "order.created", "x")).expect("read");
    assert_eq!(order_of(&d).lines[1].unit_price, dec!(33333.33));
}

// ------------------------------------------------------------------------------------
// Shopify

#[test]
fn shopify_order_maps_whole() {
    let d = read(
        ChannelKind::Shopify,
        shopify(&shopify_order(), "orders/create", "7a6b5c4d-ev1"),
    )
    .expect("read");
    assert_eq!(d.topic, Topic::Created);
    assert_eq!(d.shop, "vay-hoa.myshopify.com");
    assert_eq!(d.dedupe_key, "shopify:7a6b5c4d-ev1");
    let o = order_of(&d);
    assert_eq!(o.external_id, "820982911946154508");
    assert_eq!(o.status, ChannelStatus::ToShip);
    assert_eq!(o.channel_status, "pending");
    assert!(o.cod, "payment gateway names COD");
    assert_eq!(o.note, "#1001");
    assert_eq!(
        o.created_at,
        time("2025-05-10T13:30:00Z"),
        "-05:00 read as UTC"
    );
    assert_eq!(o.updated_at, time("2025-05-10T13:31:12Z"));
    assert_eq!(o.buyer.name, "Phạm Thu Hà");
    assert_eq!(o.buyer.phone, "+84 903 111 222");
    assert_eq!(o.buyer.username, "phamthuha@example.com");
    assert_eq!(o.address.line1, "21 Hai Bà Trưng, Phường Tân Định");
    assert_eq!(o.address.ward, "");
    assert_eq!(o.address.district, "Quận 1");
    assert_eq!(o.address.province, "Hồ Chí Minh");
    let l = &o.lines[0];
    assert_eq!(
        (l.qty, l.unit_price, l.discount),
        (2, dec!(275000), dec!(50000))
    );
    assert_eq!(o.totals.subtotal, dec!(550000));
    assert_eq!(o.totals.discount, dec!(50000));
    assert_eq!(o.totals.shipping_fee, dec!(60000));
    assert_eq!(o.totals.total, dec!(560000));
}

#[test]
fn shopify_statuses_payment_and_keys() {
    let mut paid = shopify_order();
    paid["gateway"] = json!("shopify_payments");
    paid["payment_gateway_names"] = json!(["shopify_payments"]);
    paid["financial_status"] = json!("paid");
    let d = read(ChannelKind::Shopify, shopify(&paid, "orders/paid", "ev2")).expect("read");
    assert!(!order_of(&d).cod);
    assert_eq!(d.topic, Topic::Paid);

    let mut cancelled = shopify_order();
    cancelled["cancelled_at"] = json!("2025-05-11T09:00:00-05:00");
    cancelled["cancel_reason"] = json!("customer");
    let d = read(
        ChannelKind::Shopify,
        shopify(&cancelled, "orders/cancelled", "ev3"),
    )
    .expect("read");
    assert_eq!(order_of(&d).status, ChannelStatus::Cancelled);
    assert_eq!(order_of(&d).channel_status, "pending,cancelled");

    let mut fulfilled = shopify_order();
    fulfilled["fulfillment_status"] = json!("fulfilled");
    let d = read(
        ChannelKind::Shopify,
        shopify(&fulfilled, "orders/fulfilled", "ev4"),
    )
    .expect("read");
    assert_eq!(order_of(&d).status, ChannelStatus::Shipped);

    // Another subscription told of the same event: same Event-Id, same key.
    let (mut h, body) = shopify(&shopify_order(), "orders/updated", "ev5");
    h.insert(
        "x-shopify-webhook-id",
        HeaderValue::from_static("other-sub"),
    );
    let a = read_delivery(ChannelKind::Shopify, &secret(), &h, &body).expect("read");
    let b = read(
        ChannelKind::Shopify,
        shopify(&shopify_order(), "orders/updated", "ev5"),
    )
    .expect("read");
    assert_eq!(a.dedupe_key, b.dedupe_key);
    // Without an Event-Id the Webhook-Id keys the retries.
    h.remove("x-shopify-event-id");
    let c = read_delivery(ChannelKind::Shopify, &secret(), &h, &body).expect("read");
    assert_eq!(c.dedupe_key, "shopify:other-sub");
}

#[test]
fn shopify_delete_carries_no_order() {
    let body = br#"{"id":820982911946154508}"#.to_vec();
    let h = headers(&[
        ("X-Shopify-Hmac-Sha256", &sign(SECRET, &body)),
        ("X-Shopify-Topic", "orders/delete"),
        ("X-Shopify-Event-Id", "ev-del"),
    ]);
    let d = read_delivery(ChannelKind::Shopify, &secret(), &h, &body).expect("read");
    assert_eq!(d.topic, Topic::Deleted);
    assert_eq!(d.order, None);
    assert_eq!(d.dedupe_key, "shopify:ev-del");
}

// ------------------------------------------------------------------------------------
// Haravan's handshake

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_handshake_echoes_the_challenge_only_for_our_token() {
    let good = query(&[
        ("hub.mode", "subscribe"),
        ("hub.verify_token", "thu-token-9"),
        ("hub.challenge", "1158201444"),
    ]);
    assert_eq!(
        verify_handshake("thu-token-9", &good),
        Some("1158201444".into())
    );
    assert_eq!(verify_handshake("another", &good), None);
    assert_eq!(verify_handshake("", &good), None, "no token configured");
    let no_mode = query(&[("hub.verify_token", "thu-token-9"), ("hub.challenge", "42")]);
    assert_eq!(verify_handshake("thu-token-9", &no_mode), Some("42".into()));
    let wrong_mode = query(&[
        ("hub.mode", "unsubscribe"),
        ("hub.verify_token", "thu-token-9"),
        ("hub.challenge", "42"),
    ]);
    assert_eq!(verify_handshake("thu-token-9", &wrong_mode), None);
    let script = query(&[
        ("hub.verify_token", "thu-token-9"),
        ("hub.challenge", "<script>alert(1)</script> x"),
    ]);
    assert_eq!(verify_handshake("thu-token-9", &script), None);
    let no_challenge = query(&[("hub.verify_token", "thu-token-9")]);
    assert_eq!(verify_handshake("thu-token-9", &no_challenge), None);
}

// ------------------------------------------------------------------------------------
// Never a panic

fn signed_for(kind: ChannelKind, body: &[u8]) -> HeaderMap {
    let sig = sign(SECRET, body);
    match kind {
        ChannelKind::Haravan => headers(&[
            ("X-Haravan-Hmacsha256", &sig),
            ("X-Haravan-Topic", "orders/updated"),
            ("X-Haravan-Org-Id", "1"),
        ]),
        ChannelKind::Sapo => headers(&[
            ("x-sapo-hmac-sha256", &sig),
            ("x-sapo-topic", "orders/create"),
        ]),
        ChannelKind::WooCommerce => headers(&[
            ("X-WC-Webhook-Signature", &sig),
            ("X-WC-Webhook-Topic", "order.updated"),
        ]),
        _ => headers(&[
            ("X-Shopify-Hmac-Sha256", &sig),
            ("X-Shopify-Topic", "orders/create"),
        ]),
    }
}

fn a_storefront() -> impl Strategy<Value = ChannelKind> {
    prop::sample::select(ChannelKind::STOREFRONTS.to_vec())
}

proptest! {
    /// Any bytes, signed (so the reading really runs) or not.
    #[test]
    fn arbitrary_bytes_never_panic(kind in a_storefront(), body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_delivery(kind, &secret(), &signed_for(kind, &body), &body);
        let _ = read_delivery(kind, &secret(), &HeaderMap::new(), &body);
    }

    /// A real order with some of its bytes changed, then signed: always an answer.
    #[test]
    fn mangled_orders_never_panic(
        kind in a_storefront(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let order = match kind {
            ChannelKind::Haravan => haravan_order(),
            ChannelKind::Sapo => sapo_order(),
            ChannelKind::WooCommerce => woo_order(),
            _ => shopify_order(),
        };
        let mut body = serde_json::to_vec(&order).expect("json");
        for (at, byte) in edits {
            let i = at.index(body.len());
            body[i] = byte;
        }
        let _ = read_delivery(kind, &secret(), &signed_for(kind, &body), &body);
    }

    /// Any JSON value where a field is expected: read or refused, never a panic.
    #[test]
    fn odd_field_values_never_panic(
        kind in a_storefront(),
        field in prop::sample::select(vec!["id", "total_price", "total", "line_items", "created_at",
            "updated_at", "date_modified_gmt", "shipping_lines", "shipping_address", "billing",
            "shipping", "status", "currency", "discount_total", "total_discounts"]),
        value in prop_oneof![
            Just(Value::Null), any::<i64>().prop_map(Value::from), any::<f64>().prop_map(Value::from),
            ".*".prop_map(Value::from), Just(json!([1, "x", null])), Just(json!({"a": {}})),
            Just(json!(u64::MAX)), Just(json!("1e400")), Just(json!(-0.0)),
            Just(json!("79228162514264337593543950335")), Just(json!(1e300)),
            Just(json!(i32::MAX)), Just(json!([{"amount": "1e15"}, {"amount": null}])),
        ],
        line_pick in any::<u8>(),
    ) {
        let mut order = match kind {
            ChannelKind::Haravan => haravan_order(),
            ChannelKind::Sapo => sapo_order(),
            ChannelKind::WooCommerce => woo_order(),
            _ => shopify_order(),
        };
        let line_field = ["price", "quantity", "subtotal", "total", "sku", "total_discount",
            "discount_allocations"][usize::from(line_pick) % 7];
        order["line_items"][0][line_field] = value.clone();
        order[field] = value;
        let body = serde_json::to_vec(&order).expect("json");
        let _ = read_delivery(kind, &secret(), &signed_for(kind, &body), &body);
    }
}
