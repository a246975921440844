//! Sapo order webhooks (reference §9.2). Sapo Web (`*.mysapo.net`) sends the
//! Shopify/Haravan order shape, which is what is read here; Sapo GO (`*.mysapogo.com`)
//! has its own payload (`code`, `customer_data`, `created_on`, `modified_on`; single
//! source) of which only the number and times are understood: a GO order without
//! `line_items` is refused as malformed, naming `line_items`.
//!
//! Which secret signs Sapo's webhooks (the app's client secret or one per webhook) is
//! unconfirmed (reference §9.2, §14.6): the channel's configured `webhook_secret` is used.
//! The `x-sapo-test` header's meaning is unconfirmed too; it is not acted on.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::marketplace::ChannelKind;

use super::fields::{body_object, key_time, malformed, mentions_cod, text};
use super::order_shape::{self, Places};
use super::signature::header;
use super::{Delivery, HookRefusal, Topic, body_digest};

const CODE: &str = "sapo";

pub(super) fn read(headers: &HeaderMap, body: &[u8]) -> Result<Delivery, HookRefusal> {
    let topic_name = header(headers, "x-sapo-topic").ok_or_else(|| malformed("X-Sapo-Topic"))?;
    let shop = header(headers, "x-sapo-tenant-domain").unwrap_or_default();
    let topic = Topic::from_orders_path(&topic_name);
    if !topic.carries_order() {
        return Ok(Delivery::without_order(
            format!("{CODE}:{topic_name}:{}", body_digest(body)),
            topic,
            shop,
        ));
    }
    let o = order_shape::unwrap_order(body_object(body)?);
    // Sapo addresses are assumed to carry `ward`/`district`/`province` like Haravan's
    // (the brief's reading; the reference only says the shape "mirrors" Shopify/Haravan).
    let mut order = order_shape::read(ChannelKind::Sapo, &o, Places::WardDistrictProvince)?;
    order.cod = is_cod(&o);
    // Reference §13: `x-sapo-object-id` + topic + modified time. The header is preferred;
    // the order's own id stands in when a delivery lacks it.
    let object_id = header(headers, "x-sapo-object-id")
        .or_else(|| header(headers, "x-sapo-order-id"))
        .unwrap_or_else(|| order.external_id.clone());
    Ok(Delivery {
        dedupe_key: format!(
            "{CODE}:{object_id}:{topic_name}:{}",
            key_time(order.updated_at)
        ),
        topic,
        shop,
        order: Some(order),
    })
}

/// `gateway_code == "COD"` as on Haravan, or the gateway's text naming COD. Sapo's exact
/// gateway fields were not verified (reference §9.2: "exact extra fields were not
/// verified"): the text match is a guess to test with a live shop.
fn is_cod(o: &Value) -> bool {
    text(o, "gateway_code").is_some_and(|c| c.eq_ignore_ascii_case("COD"))
        || text(o, "gateway").is_some_and(|g| mentions_cod(&g))
}
