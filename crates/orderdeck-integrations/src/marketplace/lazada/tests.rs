use super::*;

#[test]
fn lazada_codes_mean_what_they_say() {
    let r = |c: &str| refusal(c, String::new(), Duration::from_secs(1));
    assert!(matches!(
        r("IllegalAccessToken"),
        ChannelError::TokenExpired { .. }
    ));
    assert!(matches!(
        r("IncompleteSignature"),
        ChannelError::Auth { .. }
    ));
    assert!(matches!(
        r("IllegalRefreshToken"),
        ChannelError::Auth { .. }
    ));
    assert!(matches!(
        r("ApiCallLimit"),
        ChannelError::RateLimited { .. }
    ));
    assert!(matches!(r("901"), ChannelError::RateLimited { .. }));
    assert!(matches!(r("14"), ChannelError::Rejected { .. }));
}

#[test]
fn lazada_times() {
    let t = parse_time("2026-11-27 10:00:00 +0700").unwrap();
    assert_eq!(iso(t), "2026-11-27T10:00:00+07:00");
    assert_eq!(parse_time("2026-11-27T03:00:00Z"), Some(t));
}

#[test]
fn xml_is_escaped() {
    let mut s = String::new();
    push_tag(&mut s, "SellerSku", "A&B<1>");
    assert_eq!(s, "<SellerSku>A&amp;B&lt;1&gt;</SellerSku>");
}
