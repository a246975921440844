//! Sapo Web admin API (reference §9.1, B3) at `https://{store}.mysapo.net/admin/…`, a
//! private app's API key and secret as HTTP Basic user and password.
//!
//! - Listings: `GET /admin/variants.json?limit=250&page=N`; `item_id` the product,
//!   `sku_id` the variant.
//! - Stock: UNCONFIRMED. Sapo documents no stock-write endpoint (reference B3). This
//!   sends candidate (a), the Shopify-legacy `PUT /admin/variants/{id}.json` with
//!   `{"variant":{"id","inventory_quantity"}}`, one variant per call, and reads the
//!   variant it answers with. Whether Sapo honours `inventory_quantity` there (and for a
//!   variant whose `inventory_management` is not "bizweb"), and how stock is kept per
//!   location, must be tried on a trial store before a real shop relies on it.
//! - Rate limit: 40 calls a minute (single source); 429 with `Retry-After` is waited
//!   out per the client's retry policy.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{Admin, bad_ids, id, in_order, next_page, price, text, variant_name};
use crate::marketplace::{
    ChannelError, ChannelResult, Listing, ListingPage, PageCursor, StockPush, StockPushResult,
};

const PER_PAGE: usize = 250;
const PATH_VARIANTS: &str = "/admin/variants.json";

#[derive(Debug, Clone)]
pub(super) struct Sapo {
    pub(super) admin: Admin,
}

#[derive(Debug, Deserialize)]
struct Variants {
    #[serde(default)]
    variants: Vec<Variant>,
}

#[derive(Debug, Deserialize)]
struct Variant {
    #[serde(deserialize_with = "id")]
    id: i64,
    #[serde(deserialize_with = "id")]
    product_id: i64,
    #[serde(default, deserialize_with = "text")]
    sku: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default)]
    price: Value,
    #[serde(default)]
    inventory_quantity: Option<i64>,
    /// "bizweb": Sapo counts its stock; blank: not counted.
    #[serde(default, deserialize_with = "text")]
    inventory_management: String,
}

impl Sapo {
    pub(super) fn new(admin: Admin) -> Sapo {
        Sapo { admin }
    }

    fn channel(&self) -> &'static str {
        self.admin.channel()
    }

    pub(super) async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let (page, got): (u32, Variants) = self
            .admin
            .get_page(PATH_VARIANTS, "variants list", cursor, PER_PAGE)
            .await?;
        let mut listings = Vec::with_capacity(got.variants.len());
        for v in &got.variants {
            listings.push(Listing {
                item_id: v.product_id.to_string(),
                sku_id: v.id.to_string(),
                sku: v.sku.trim().to_string(),
                // The variants list carries no product title.
                name: variant_name("", &v.title),
                price: price(self.channel(), &v.price)?,
                stock: v.inventory_quantity,
                // No listing status on a variant; whether Sapo counts its stock is the
                // nearest thing a person needs to see.
                status: if v.inventory_management.trim().is_empty() {
                    "untracked".to_string()
                } else {
                    v.inventory_management.trim().to_string()
                },
            });
        }
        Ok(ListingPage {
            listings,
            next: next_page(page, got.variants.len(), PER_PAGE),
        })
    }

    pub(super) async fn push_stock(
        &self,
        pushes: &[StockPush],
    ) -> ChannelResult<Vec<StockPushResult>> {
        let mut out: Vec<Option<StockPushResult>> = vec![None; pushes.len()];
        for (i, p) in pushes.iter().enumerate() {
            let Some(variant) = p.sku_id.trim().parse::<i64>().ok().filter(|v| *v > 0) else {
                out[i] = Some(bad_ids(self.channel(), p));
                continue;
            };
            let path = format!("/admin/variants/{variant}.json");
            let body = put_body(variant, p.qty);
            let outcome = match self
                .admin
                .call(Method::PUT, &path, &[], Some(&body), Admin::rest_json)
                .await
            {
                Ok(reply) => read_put(self.channel(), p.qty, &reply),
                // This variant refused (gone, not valid): the others still go.
                Err(ChannelError::Rejected { code, message, .. }) => {
                    Err(format!("{code}: {message}"))
                }
                Err(e) => return Err(e),
            };
            out[i] = Some(StockPushResult {
                sku: p.sku.clone(),
                outcome,
            });
        }
        Ok(in_order(out, pushes))
    }
}

/// `{"variant":{"id":..,"inventory_quantity":..}}` (reference B3, candidate (a)).
pub(super) fn put_body(variant: i64, qty: u32) -> Value {
    json!({ "variant": { "id": variant, "inventory_quantity": qty } })
}

/// The variant Sapo answers with: its quantity, or the one sent when it does not echo
/// it. A different figure means the write was not taken as asked.
pub(super) fn read_put(channel: &'static str, sent: u32, reply: &Value) -> Result<u32, String> {
    match reply.get("variant").map(|v| v.get("inventory_quantity")) {
        None => Err(format!("{channel} answered without the variant")),
        Some(None | Some(Value::Null)) => Ok(sent),
        Some(Some(q)) => match q.as_i64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if n == sent => Ok(n),
            _ => Err(format!(
                "{channel} kept stock {q} instead of {sent} (is the variant's stock counted \
                 by Sapo?)"
            )),
        },
    }
}
