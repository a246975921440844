use super::*;

#[test]
fn shopee_errors_mean_what_they_say() {
    let r = |e: &str, m: &str| refusal(e, m, Duration::from_secs(2));
    assert!(matches!(
        r("invalid_acceess_token", ""),
        ChannelError::TokenExpired { .. }
    ));
    assert!(matches!(
        r("invalid_access_token", ""),
        ChannelError::TokenExpired { .. }
    ));
    assert!(matches!(
        r("error_auth", "Invalid access_token."),
        ChannelError::TokenExpired { .. }
    ));
    assert!(matches!(
        r("error_auth", "Invalid partner_id or shopid."),
        ChannelError::Auth { .. }
    ));
    assert!(matches!(
        r("error_sign", "Wrong sign."),
        ChannelError::Auth { .. }
    ));
    match r("error_rate_limit", "") {
        ChannelError::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Duration::from_secs(2))
        }
        other => panic!("{other:?}"),
    }
    match r("order.order_list_invalid_time", "diff in 15days") {
        ChannelError::Rejected { code, .. } => {
            assert_eq!(code, "order.order_list_invalid_time")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn daily_cap_waits_until_midnight_in_singapore() {
    // 15:00 UTC is 23:00 UTC+8: one hour to go.
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap();
    assert_eq!(until_shopee_midnight(now), Duration::from_secs(3600));
}

#[test]
fn numbers_for_shopee() {
    assert_eq!(
        decimal_number(Decimal::new(150000, 0)).unwrap(),
        json!(150000)
    );
    assert_eq!(decimal_number(Decimal::new(1200, 3)).unwrap(), json!(1.2));
}

#[test]
fn config_debug_hides_the_key() {
    let cfg = ShopeeConfig {
        base_url: "https://partner.shopeemobile.com".into(),
        partner_id: 1,
        partner_key: "shpk-0123456789abcdef".into(),
        shop_id: 2,
        ..ShopeeConfig::default()
    };
    let shown = format!("{cfg:?}");
    assert!(!shown.contains("0123456789"), "{shown}");
    assert!(shown.contains("****cdef"), "{shown}");
}
