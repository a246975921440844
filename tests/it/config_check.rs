//! `orderdeck config check` against the simulators: configured providers answer a cheap
//! authenticated call, unconfigured ones say so, wrong keys are named.

use crate::common;

use orderdeck_app::config::Config;
use orderdeck_app::config_check::{Checked, check_all};
use orderdeck_sim::{self as sim, SimOptions};

#[tokio::test]
async fn every_configured_provider_answers_and_wrong_keys_are_named() {
    let db = common::fresh_db().await;
    let sim = sim::start("127.0.0.1:0".parse().unwrap(), SimOptions::default())
        .await
        .unwrap();
    let mut config = Config {
        carriers: sim.carriers_config(),
        invoices: sim.invoice_providers_config(),
        smtp: Some(sim.smtp_config()),
        ..Config::default()
    };
    let checks = check_all(&db.pool, &config).await;
    let by = |name: &str, checks: &[orderdeck_app::config_check::Check]| {
        checks
            .iter()
            .find(|c| c.provider == name)
            .map(|c| c.checked.clone())
            .unwrap_or_else(|| panic!("{name} not checked"))
    };
    for name in [
        "Giao Hàng Nhanh",
        "Viettel Post",
        "Viettel S-Invoice",
        "MISA meInvoice",
        "SMTP",
    ] {
        assert!(
            matches!(by(name, &checks), Checked::Works(_)),
            "{name}: {checks:?}"
        );
    }
    for name in ["Shopee", "Lazada", "TikTok Shop"] {
        assert_eq!(by(name, &checks), Checked::NotConfigured, "{name}");
    }
    // A shop configured but never authorised says what to run.
    config.channels.shopee = Some(sim.shopee_config());
    if let Some(ghn) = config.carriers.ghn.as_mut() {
        ghn.token = "wrong".into();
    }
    let checks = check_all(&db.pool, &config).await;
    match by("Giao Hàng Nhanh", &checks) {
        Checked::Fails(why) => assert!(why.contains("credentials"), "{why}"),
        other => panic!("{other:?}"),
    }
    match by("Shopee", &checks) {
        Checked::Fails(why) => assert!(why.contains("channels link shopee"), "{why}"),
        other => panic!("{other:?}"),
    }
}
