//! Faults and lost replies: every fault maps to its error, and a create whose reply was
//! lost is found, never repeated.

use super::*;

#[tokio::test]
async fn every_fault_maps_to_its_error() {
    let sim = start(STILL).await;
    let faults = sim.faults();
    // A generous timeout: only the injected delay may run past it, even on a busy machine.
    for c in both(&sim, 1000) {
        let name = c.kind().code();
        let req = parcel("Q", Service::Express);
        // Warm up: VTP logs in on its first call, and faults below count calls.
        c.quote(&req).await.unwrap();

        faults.set(FaultSpec {
            delay_ms: 1500,
            timeout: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        assert!(matches!(e, CarrierError::Timeout { .. }), "{name}: {e:?}");
        assert!(e.outcome_unknown() && e.is_transient());
        assert!(e.to_string().contains("did not answer in time"), "{e}");

        faults.set(FaultSpec {
            http_500: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        assert!(
            matches!(e, CarrierError::Unavailable { status: 500, .. }),
            "{name}: {e:?}"
        );
        assert!(e.to_string().contains("unavailable (HTTP 500)"), "{e}");

        faults.set(FaultSpec {
            http_503: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.find("OD-X").await.unwrap_err();
        assert!(
            matches!(e, CarrierError::Unavailable { status: 503, .. }),
            "{name}: {e:?}"
        );

        faults.set(FaultSpec {
            rate_limit: Trigger::next(1),
            retry_after_secs: 7,
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        assert!(
            matches!(
                e,
                CarrierError::RateLimited {
                    retry_after_secs: 7,
                    ..
                }
            ),
            "{name}: {e:?}"
        );
        assert!(e.to_string().contains("try again in 7 s"), "{e}");

        faults.set(FaultSpec {
            malformed: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        match &e {
            CarrierError::Malformed { detail, .. } => {
                assert!(detail.contains("not JSON"), "{detail}");
                assert!(detail.chars().count() < 300, "a short excerpt: {detail}");
            }
            other => panic!("{name}: expected Malformed, got {other:?}"),
        }

        // Latency alone is no error.
        faults.set(FaultSpec {
            latency_ms: 100,
            ..FaultSpec::default()
        });
        let started = std::time::Instant::now();
        c.quote(&req).await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(100));

        // Only the named carrier is affected.
        let other = match c.kind() {
            CarrierKind::Ghn => CarrierKind::ViettelPost,
            CarrierKind::ViettelPost => CarrierKind::Ghn,
        };
        faults.set(FaultSpec {
            carrier: Some(other),
            http_500: Trigger::always(),
            ..FaultSpec::default()
        });
        c.quote(&req).await.unwrap();
        faults.clear();
    }
}

#[tokio::test]
async fn faults_can_be_set_over_http() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);
    let http = reqwest::Client::new();
    let base = format!("http://{}", sim.addr);

    let health: serde_json::Value = http
        .get(format!("{base}/_sim/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["ok"], true);
    assert_eq!(health["ghn_orders"], 0);

    let r = http
        .post(format!("{base}/_sim/faults"))
        .json(&serde_json::json!({ "carrier": "ghn", "http_503": { "next": 2 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for _ in 0..2 {
        let e = c.quote(&parcel("Q", Service::Express)).await.unwrap_err();
        assert!(
            matches!(e, CarrierError::Unavailable { status: 503, .. }),
            "{e:?}"
        );
    }
    c.quote(&parcel("Q", Service::Express)).await.unwrap();

    let r = http
        .post(format!("{base}/_sim/faults"))
        .body("{\"timeout\": 3}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a bad spec is refused");

    http.post(format!("{base}/_sim/faults"))
        .json(&serde_json::json!({ "http_500": { "probability": 1.0 } }))
        .send()
        .await
        .unwrap();
    assert!(c.quote(&parcel("Q", Service::Express)).await.is_err());
    let r = http
        .delete(format!("{base}/_sim/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    c.quote(&parcel("Q", Service::Express)).await.unwrap();

    // Status forcing, for another process driving a demo.
    let o = c.create(&parcel("OD-F", Service::Express)).await.unwrap();
    let r = http
        .post(format!("{base}/_sim/orders/status"))
        .json(&serde_json::json!({
            "carrier": "ghn", "tracking_number": o.tracking_number, "status": "delivery_fail"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.track(&o.tracking_number).await.unwrap().status,
        ShipmentStatus::DeliveryFailed
    );
}

#[tokio::test]
async fn wrong_credentials_are_auth_errors() {
    let sim = start(STILL).await;
    let req = parcel("Q", Service::Express);

    let bad_token = GhnConfig {
        token: "not-the-token".into(),
        ..sim.ghn_config()
    };
    let e = GhnClient::new(&bad_token)
        .unwrap()
        .quote(&req)
        .await
        .unwrap_err();
    match &e {
        CarrierError::Auth { message, .. } => assert!(message.contains("Token"), "{message}"),
        other => panic!("expected Auth, got {other:?}"),
    }
    assert!(!e.is_transient() && !e.outcome_unknown());
    assert!(
        e.to_string().contains("did not accept our credentials"),
        "{e}"
    );

    let bad_shop = GhnConfig {
        shop_id: 1,
        ..sim.ghn_config()
    };
    let e = GhnClient::new(&bad_shop)
        .unwrap()
        .create(&req)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, CarrierError::Auth { message, .. } if message.contains("ShopId 1")),
        "{e:?}"
    );
    // Token-only calls do not need the shop.
    assert_eq!(
        GhnClient::new(&bad_shop)
            .unwrap()
            .find("OD-X")
            .await
            .unwrap(),
        None
    );

    let bad_password = ViettelPostConfig {
        password: "hunter2-not-it".into(),
        ..sim.viettel_post_config()
    };
    let e = ViettelPostClient::new(&bad_password)
        .unwrap()
        .quote(&req)
        .await
        .unwrap_err();
    match &e {
        CarrierError::Auth { message, .. } => {
            assert!(message.contains("wrong username or password"), "{message}");
            assert!(
                !message.contains("hunter2"),
                "never the password: {message}"
            );
        }
        other => panic!("expected Auth, got {other:?}"),
    }
}

#[tokio::test]
async fn unreachable_carrier_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cfg = GhnConfig {
        base_url: format!("http://127.0.0.1:{port}/shiip/public-api"),
        token: "t".into(),
        shop_id: 1,
        timeout_secs: Some(2),
        pick_shift: None,
    };
    let e = GhnClient::new(&cfg)
        .unwrap()
        .quote(&parcel("Q", Service::Express))
        .await
        .unwrap_err();
    match &e {
        CarrierError::Network { detail, .. } => assert!(detail.contains("connection"), "{detail}"),
        other => panic!("expected Network, got {other:?}"),
    }
    assert!(e.outcome_unknown());
}

// ---------------------------------------------------------------------------------
// Idempotency: the create went through, its reply did not

#[tokio::test]
async fn accepted_create_whose_reply_times_out_is_found_not_repeated() {
    let sim = start(STILL).await;
    sim.faults().set(FaultSpec {
        delay_ms: 1000,
        accept_then_timeout: Trigger::next(2),
        ..FaultSpec::default()
    });
    // The lookups use a patient client: the reply the first one lost was slow, not them.
    let patient = both(&sim, 5000);
    for (c, lookup) in both(&sim, 500).iter().zip(&patient) {
        let req = parcel("OD-LOST-REPLY", Service::Express);
        let e = c.create(&req).await.unwrap_err();
        assert!(matches!(e, CarrierError::Timeout { .. }), "{e:?}");
        assert!(e.outcome_unknown());
        let found = lookup
            .find("OD-LOST-REPLY")
            .await
            .unwrap()
            .expect("stored at the carrier");
        assert!(!found.tracking_number.is_empty());
        assert_eq!(sim.orders_with_code(c.kind(), "OD-LOST-REPLY"), 1);
        assert_eq!(sim.order_count(c.kind()), 1);
    }

    // A garbled reply to a create that went through: the same recovery.
    sim.faults().set(FaultSpec {
        path_contains: Some("create".into()),
        malformed: Trigger::next(2),
        ..FaultSpec::default()
    });
    for (c, lookup) in both(&sim, 500).iter().zip(&patient) {
        let e = c
            .create(&parcel("OD-GARBLED", Service::Economy))
            .await
            .unwrap_err();
        assert!(
            matches!(e, CarrierError::Malformed { .. }) && e.outcome_unknown(),
            "{e:?}"
        );
        assert!(lookup.find("OD-GARBLED").await.unwrap().is_some());
        assert_eq!(sim.order_count(c.kind()), 2);
    }
}

/// The caller's side of the contract: after an unsure create, look it up, and create
/// again only when it is not there.
async fn ship_once(c: &AnyCarrier, req: &ParcelRequest) -> CarrierOrder {
    for _ in 0..30 {
        match c.create(req).await {
            Ok(o) => return o,
            Err(e) if e.outcome_unknown() || e.is_transient() => {}
            Err(e) => panic!("{}: {e}", req.client_order_code),
        }
        loop {
            match c.find(&req.client_order_code).await {
                Ok(Some(o)) => return o,
                Ok(None) => break,
                Err(e) if e.is_transient() => continue,
                Err(e) => panic!("{}: {e}", req.client_order_code),
            }
        }
    }
    panic!("{}: never created", req.client_order_code)
}

/// Ships `n` parcels through `c`, 20 at a time, then checks each exists once (through
/// `check`, a client with a long timeout: the check must not be what times out).
async fn ship_many(sim: &SimHandle, c: &AnyCarrier, check: &AnyCarrier, prefix: &str, n: usize) {
    let orders: Vec<(String, CarrierOrder)> = futures::stream::iter(0..n)
        .map(|i| {
            let code = format!("{prefix}-{i:04}");
            async move {
                let o = ship_once(c, &parcel(&code, Service::Express)).await;
                (code, o)
            }
        })
        .buffer_unordered(20)
        .collect()
        .await;
    let kind = c.kind();
    let tracking: HashSet<&str> = orders
        .iter()
        .map(|(_, o)| o.tracking_number.as_str())
        .collect();
    assert_eq!(tracking.len(), n, "{kind:?}: one distinct parcel per order");
    for (code, o) in &orders {
        assert_eq!(sim.orders_with_code(kind, code), 1, "{kind:?} {code}");
        let found = check.find(code).await.unwrap().unwrap();
        assert_eq!(found.tracking_number, o.tracking_number);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_creates_with_lost_replies_make_two_hundred_parcels() {
    let sim = start(STILL).await;
    // Every create is stored, then answered after the client gave up.
    sim.faults().set(FaultSpec {
        delay_ms: 450,
        accept_then_timeout: Trigger::always(),
        ..FaultSpec::default()
    });
    let [g, v] = both(&sim, 300);
    let [gc, vc] = both(&sim, 5000);
    tokio::join!(
        ship_many(&sim, &g, &gc, "OD-G", 200),
        ship_many(&sim, &v, &vc, "OD-V", 200)
    );
    assert_eq!(sim.order_count(CarrierKind::Ghn), 200);
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_replies_mixed_with_lost_requests_still_make_one_parcel_each() {
    let sim = start(STILL).await;
    // A third of creates never happen (they time out before the carrier acts); the rest
    // happen and lose their reply.
    sim.faults().set(FaultSpec {
        delay_ms: 450,
        timeout: Trigger::probability(0.33),
        accept_then_timeout: Trigger::always(),
        path_contains: Some("create".into()),
        ..FaultSpec::default()
    });
    let [g, v] = both(&sim, 300);
    let [gc, vc] = both(&sim, 5000);
    tokio::join!(
        ship_many(&sim, &g, &gc, "OD-MG", 60),
        ship_many(&sim, &v, &vc, "OD-MV", 60)
    );
    assert_eq!(sim.order_count(CarrierKind::Ghn), 60);
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 60);
}
