//! Haravan order webhooks (reference §8.2–8.3): `X-Haravan-Topic`, `X-Haravan-Org-Id`,
//! the order as the body, money as numbers.

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::marketplace::ChannelKind;

use super::fields::{body_object, key_time, malformed, text};
use super::order_shape::{self, Places};
use super::signature::header;
use super::{Delivery, HookRefusal, Topic, body_digest};

const CODE: &str = "haravan";

pub(super) fn read(headers: &HeaderMap, body: &[u8]) -> Result<Delivery, HookRefusal> {
    let topic_name =
        header(headers, "x-haravan-topic").ok_or_else(|| malformed("X-Haravan-Topic"))?;
    // The org id is part of the de-duplication key: Haravan documents no delivery id
    // (reference §8.2), so (org, topic, order id, updated_at) stands in for one.
    let org = header(headers, "x-haravan-org-id").ok_or_else(|| malformed("X-Haravan-Org-Id"))?;
    let topic = Topic::from_orders_path(&topic_name);
    if !topic.carries_order() {
        return Ok(Delivery::without_order(
            format!("{CODE}:{org}:{topic_name}:{}", body_digest(body)),
            topic,
            org,
        ));
    }
    let o = order_shape::unwrap_order(body_object(body)?);
    let mut order = order_shape::read(ChannelKind::Haravan, &o, Places::WardDistrictProvince)?;
    order.cod = is_cod(&o);
    Ok(Delivery {
        // `updated_at` is assumed by analogy with Shopify in the reference (§8.3, "not
        // re-checked"); without it no key can tell a later change from a repeat, so an
        // order without it is refused as malformed rather than keyed on something else.
        dedupe_key: format!(
            "{CODE}:{org}:{topic_name}:{}:{}",
            order.external_id,
            key_time(order.updated_at)
        ),
        topic,
        shop: org,
        order: Some(order),
    })
}

/// `gateway_code == "COD"` (reference §8.3, confirmed); the display `gateway` is
/// Vietnamese text and is not read.
fn is_cod(o: &Value) -> bool {
    text(o, "gateway_code").is_some_and(|c| c.eq_ignore_ascii_case("COD"))
}
