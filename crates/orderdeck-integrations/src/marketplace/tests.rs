use super::*;
use ChannelStatus as S;

#[test]
fn the_code_is_read_from_a_pasted_address_or_taken_as_is() {
    let from = |t: &str| consent_code(t);
    assert_eq!(
        from("https://localhost/orderdeck/authorised?code=4b6e7a&shop_id=123#x").as_deref(),
        Ok("4b6e7a")
    );
    assert_eq!(
        from("  code=abc_DEF-1&state=lazada ").as_deref(),
        Ok("abc_DEF-1")
    );
    assert_eq!(from("0_101234_Yx9").as_deref(), Ok("0_101234_Yx9"));
    assert!(from("").is_err());
    assert!(from("https://localhost/?code=&shop_id=1").is_err());
    assert!(from("not a code; drop table").is_err());
    assert!(from(&"a".repeat(10_000)).is_err());
}

#[test]
fn secrets_never_print_in_full() {
    let t = Secret::new("59777174636562737266615546704c6d");
    assert_eq!(format!("{t:?}"), "****4c6d");
    assert_eq!(t.to_string(), "****4c6d");
    let pair = TokenPair {
        access_token: t.clone(),
        refresh_token: Secret::new("short"),
        access_expires_at: Utc::now(),
        refresh_expires_at: None,
    };
    let shown = format!("{pair:?}");
    assert!(!shown.contains("5977717463656273"), "{shown}");
    assert!(!shown.contains("short"), "{shown}");
}

#[test]
fn platform_statuses_map() {
    assert_eq!(S::from_shopee("READY_TO_SHIP"), S::ToShip);
    assert_eq!(S::from_shopee("to_confirm_receive"), S::Delivered);
    assert_eq!(S::from_shopee("SOMETHING_NEW"), S::Unknown);
    assert_eq!(S::from_tiktok("CANCEL"), S::Cancelled);
    assert_eq!(S::from_tiktok("ON_HOLD"), S::OnHold);
    assert_eq!(S::from_lazada_item("canceled"), S::Cancelled);
    assert_eq!(S::from_lazada_item("shipped_back_success"), S::Returned);
    assert_eq!(S::ToShip.stage(), Some(Stage::New));
    assert_eq!(S::Shipped.stage(), Some(Stage::Processing));
    assert_eq!(S::Unknown.stage(), None);
    assert!(S::ToShip.wants_stock() && !S::AwaitingPayment.wants_stock());
}

#[test]
fn every_documented_value_is_known() {
    for s in [
        "UNPAID",
        "PENDING",
        "READY_TO_SHIP",
        "PROCESSED",
        "RETRY_SHIP",
        "SHIPPED",
        "TO_CONFIRM_RECEIVE",
        "IN_CANCEL",
        "CANCELLED",
        "TO_RETURN",
        "COMPLETED",
        "INVOICE_PENDING",
    ] {
        assert_ne!(S::from_shopee(s), S::Unknown, "{s}");
    }
    for s in [
        "unpaid",
        "pending",
        "packed",
        "repacked",
        "canceled",
        "ready_to_ship",
        "delivered",
        "returned",
        "shipped",
        "failed",
        "topack",
        "toship",
        "lost",
        "lost_by_3pl",
        "damaged_by_3pl",
        "failed_delivery",
        "shipped_back",
        "shipped_back_success",
        "shipped_back_failed",
        "shipping",
    ] {
        assert_ne!(S::from_lazada_item(s), S::Unknown, "{s}");
    }
    for s in [
        "UNPAID",
        "ON_HOLD",
        "AWAITING_SHIPMENT",
        "PARTIALLY_SHIPPING",
        "AWAITING_COLLECTION",
        "IN_TRANSIT",
        "DELIVERED",
        "COMPLETED",
        "CANCELLED",
    ] {
        assert_ne!(S::from_tiktok(s), S::Unknown, "{s}");
    }
}

#[test]
fn lazada_order_status_from_items() {
    assert_eq!(S::lazada_order(&[]), S::Unknown);
    assert_eq!(S::lazada_order(&[S::Cancelled, S::Cancelled]), S::Cancelled);
    // A cancelled item does not hold the rest back.
    assert_eq!(S::lazada_order(&[S::Cancelled, S::Shipped]), S::Shipped);
    // The slowest live item decides.
    assert_eq!(S::lazada_order(&[S::Shipped, S::ToShip]), S::ToShip);
    assert_eq!(S::lazada_order(&[S::Delivered, S::Shipped]), S::Shipped);
    // Exceptions and returns show.
    assert_eq!(
        S::lazada_order(&[S::Delivered, S::DeliveryFailed]),
        S::DeliveryFailed
    );
    assert_eq!(S::lazada_order(&[S::Delivered, S::Returned]), S::Returning);
    assert_eq!(S::lazada_order(&[S::Returned, S::Cancelled]), S::Returned);
    assert_eq!(S::lazada_order(&[S::Shipped, S::Unknown]), S::Unknown);
}

fn listing(sku: &str) -> Listing {
    Listing {
        item_id: "1".into(),
        sku_id: sku.into(),
        sku: sku.into(),
        name: String::new(),
        price: None,
        stock: None,
        status: "NORMAL".into(),
    }
}

#[test]
fn listings_match_by_sku() {
    let ours = vec![
        "AT-W-S".to_string(),
        "AT-W-M".to_string(),
        "QS-K-M".to_string(),
        "x-1".to_string(),
        "X-1".to_string(),
    ];
    let m = match_listings(
        &[
            listing(" AT-W-S "),
            listing("at-w-m"),
            listing("NOPE"),
            listing(""),
            listing("x-1"),
            listing("X-1 "),
            listing("AT-W-S"),
            listing("x-1\u{0}"),
        ],
        &ours,
    );
    let matched: Vec<&str> = m.matched.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(matched, ["AT-W-S", "AT-W-M", "x-1", "X-1", "AT-W-S"]);
    assert_eq!(m.unmatched.len(), 3);
    assert!(m.ambiguous.is_empty());
    assert_eq!(m.not_listed, ["QS-K-M"]);
    let m = match_listings(&[listing("X-1")], &["x-1".into(), "x-1 ".into()]);
    assert_eq!(m.matched.len(), 1, "trimmed duplicates are one SKU");
    let m = match_listings(&[listing("Ab")], &["AB".into(), "ab".into()]);
    assert_eq!(m.ambiguous.len(), 1);
}

#[test]
fn errors_say_what_to_do() {
    let e = ChannelError::RateLimited {
        channel: "Shopee",
        retry_after: Duration::from_millis(200),
    };
    assert_eq!(
        e.to_string(),
        "Shopee asks us to slow down; try again in 1 s"
    );
    assert!(e.is_transient() && !e.outcome_unknown());
    let e: ChannelError = CarrierError::Timeout { carrier: "Shopee" }.into();
    assert!(e.outcome_unknown());
    let e = ChannelError::Rejected {
        channel: "Shopee",
        code: "order.order_list_invalid_time".into(),
        message: "Start time must be earlier than end time and diff in 15days.".into(),
    };
    assert!(e.to_string().contains("order.order_list_invalid_time"));
}
