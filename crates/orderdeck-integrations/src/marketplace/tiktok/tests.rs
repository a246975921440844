use super::*;

#[test]
fn tiktok_codes_mean_what_they_say() {
    let r = |c: i64, m: &str| refusal(c, m.to_string(), Duration::from_secs(1));
    assert!(matches!(r(105002, ""), ChannelError::TokenExpired { .. }));
    assert!(matches!(
        r(36009004, "invalid x-tts-access-token"),
        ChannelError::TokenExpired { .. }
    ));
    assert!(matches!(
        r(36009004, "invalid app_key"),
        ChannelError::Auth { .. }
    ));
    assert!(matches!(
        r(106001, "invalid sign"),
        ChannelError::Auth { .. }
    ));
    assert!(matches!(r(36009002, ""), ChannelError::RateLimited { .. }));
    assert!(matches!(r(36009003, ""), ChannelError::Transport { .. }));
    assert!(matches!(r(12019001, "x"), ChannelError::Rejected { .. }));
}

#[test]
fn the_webhook_cancel_spelling() {
    let body = br#"{"type":1,"shop_id":"1","timestamp":1,"data":{"order_id":"57","order_status":"CANCEL","update_time":5}}"#;
    match parse_webhook(body).unwrap() {
        WebhookEvent::OrderStatus { status, .. } => {
            assert_eq!(status, ChannelStatus::Cancelled)
        }
        other => panic!("{other:?}"),
    }
}
