//! Haravan commerce API (reference §8.1, B2) at `https://apis.haravan.com/com/…`,
//! `Authorization: Bearer <token>` (a private app's token, or an app's OAuth token).
//!
//! - Listings: `GET /com/products.json?limit=250&page=N`, the variants inside each
//!   product; `item_id` the product, `sku_id` the variant.
//! - Stock: `POST /com/inventories/adjustorset.json` with `type: "set"` (the default
//!   `adjust` would add) at the configured location, 100 line items a call: the docs
//!   say 100 in one place and 200 in another (reference B2, a conflict), so the smaller.
//!   The reply's lines are not read back: an unchanged set answers `{"inventory": []}`.
//!   A refused call is split in halves until the bad line is alone (Haravan does not
//!   say which line it refused); a 403 saying "not found" is such a refusal, any other
//!   403 is our keys (Haravan answers 403 for both, reference B2).
//! - Rate limit: a bucket of 80 calls leaking 4 a second; overflow is 429 with
//!   `Retry-After`, waited out per the client's retry policy.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{
    Admin, bad_ids, id, in_order, malformed, next_page, price, refuse_all, text, variant_name,
};
use crate::http::Reply;
use crate::marketplace::{
    ChannelError, ChannelResult, Listing, ListingPage, PageCursor, StockPush, StockPushResult,
};

const PER_PAGE: usize = 250;
/// Line items per adjustorset call (reference B2: "100" vs "200", chunk at 100).
const LINES_PER_CALL: usize = 100;
const PATH_PRODUCTS: &str = "/com/products.json";
const PATH_SET: &str = "/com/inventories/adjustorset.json";
/// Haravan's reason list has no "sync"; `newproduct` is its default (reference B2).
const REASON: &str = "newproduct";
const NOTE: &str = "orderdeck stock sync";

#[derive(Debug, Clone)]
pub(super) struct Haravan {
    pub(super) admin: Admin,
    location_id: i64,
}

#[derive(Debug, Deserialize)]
struct Products {
    #[serde(default)]
    products: Vec<Product>,
}

#[derive(Debug, Deserialize)]
struct Product {
    #[serde(deserialize_with = "id")]
    id: i64,
    #[serde(default, deserialize_with = "text")]
    title: String,
    /// Absent: unknown; null: hidden from the shop.
    #[serde(default, deserialize_with = "present")]
    published_at: Option<Value>,
    #[serde(default)]
    variants: Vec<Variant>,
}

#[derive(Debug, Deserialize)]
struct Variant {
    #[serde(deserialize_with = "id")]
    id: i64,
    #[serde(default, deserialize_with = "text")]
    sku: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default)]
    price: Value,
    #[serde(default)]
    inventory_quantity: Option<i64>,
}

/// A field that is there, even as null (serde reads a null `Option` as absent).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl Haravan {
    pub(super) fn new(admin: Admin, location: &str) -> ChannelResult<Haravan> {
        let location_id =
            location
                .trim()
                .parse::<i64>()
                .map_err(|_| ChannelError::NotConfigured {
                    channel: admin.channel(),
                    detail: format!("location_id {location:?} is not Haravan's location number"),
                })?;
        Ok(Haravan { admin, location_id })
    }

    fn channel(&self) -> &'static str {
        self.admin.channel()
    }

    pub(super) async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let (page, got): (u32, Products) = self
            .admin
            .get_page(PATH_PRODUCTS, "products list", cursor, PER_PAGE)
            .await?;
        let mut listings = Vec::new();
        for p in &got.products {
            let status = match &p.published_at {
                None => "",
                Some(Value::Null) => "hidden",
                Some(_) => "published",
            };
            for v in &p.variants {
                listings.push(Listing {
                    item_id: p.id.to_string(),
                    sku_id: v.id.to_string(),
                    sku: v.sku.trim().to_string(),
                    name: variant_name(&p.title, &v.title),
                    price: price(self.channel(), &v.price)?,
                    stock: v.inventory_quantity,
                    status: status.to_string(),
                });
            }
        }
        Ok(ListingPage {
            listings,
            next: next_page(page, got.products.len(), PER_PAGE),
        })
    }

    pub(super) async fn push_stock(
        &self,
        pushes: &[StockPush],
    ) -> ChannelResult<Vec<StockPushResult>> {
        let mut out: Vec<Option<StockPushResult>> = vec![None; pushes.len()];
        let mut lines: Vec<Line<'_>> = Vec::new();
        for (i, p) in pushes.iter().enumerate() {
            let product = p.item_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
            let variant = p.sku_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
            match (product, variant) {
                (Some(product), Some(variant)) => lines.push((i, p, product, variant)),
                _ => out[i] = Some(bad_ids(self.channel(), p)),
            }
        }
        for chunk in lines.chunks(LINES_PER_CALL) {
            self.set_lines(chunk, &mut out).await?;
        }
        Ok(in_order(out, pushes))
    }
}

impl Haravan {
    /// One adjustorset call for up to 100 lines. Haravan refuses a call for one bad line
    /// and does not say which line per line, so a refused call of several lines is
    /// split in halves and each half sent again: the good lines land, and only the bad
    /// one is refused (about 2·log2(100) more calls for one bad line).
    fn set_lines<'a>(
        &'a self,
        chunk: &'a [Line<'a>],
        out: &'a mut [Option<StockPushResult>],
    ) -> futures::future::BoxFuture<'a, ChannelResult<()>> {
        Box::pin(async move {
            let body = set_body(self.location_id, chunk);
            match self
                .admin
                .call(Method::POST, PATH_SET, &[], Some(&body), read_set_reply)
                .await
            {
                Ok(reply) => {
                    if reply.get("inventory").is_none() {
                        return Err(malformed(
                            self.channel(),
                            "adjustorset reply without \"inventory\"",
                        ));
                    }
                    for (i, p, _, _) in chunk {
                        out[*i] = Some(StockPushResult {
                            sku: p.sku.clone(),
                            outcome: Ok(p.qty),
                        });
                    }
                    Ok(())
                }
                Err(ChannelError::Rejected { .. }) if chunk.len() > 1 => {
                    let (a, b) = chunk.split_at(chunk.len() / 2);
                    self.set_lines(a, out).await?;
                    self.set_lines(b, out).await
                }
                Err(ChannelError::Rejected { code, message, .. }) => {
                    let each = chunk.iter().map(|(i, p, _, _)| (*i, *p));
                    refuse_all(out, each, &format!("{code}: {message}"));
                    Ok(())
                }
                Err(e) => Err(e),
            }
        })
    }
}

/// Haravan answers 403 both for missing permission and for a product or variant that
/// is not there (reference B2). A 403 whose words say "not found" is that push's
/// refusal; any other 403 is our keys. (Haravan's exact wording is not documented:
/// the phrases below are the likely ones.)
fn read_set_reply(admin: &Admin, reply: &Reply) -> ChannelResult<Value> {
    if reply.status.as_u16() == 403 {
        let text = String::from_utf8_lossy(&reply.body).to_lowercase();
        let missing = ["not found", "not exist", "không tồn tại", "không tìm thấy"]
            .iter()
            .any(|w| text.contains(w));
        if missing {
            return Err(ChannelError::Rejected {
                channel: admin.channel(),
                code: "http_403".into(),
                message: crate::http::excerpt(&reply.body),
            });
        }
    }
    admin.rest_json(reply)
}

/// One line of an adjustment: (index among all pushes, the push, product, variant).
type Line<'a> = (usize, &'a StockPush, i64, i64);

/// The adjustorset body exactly as reference B2 shows it, with `type: "set"`.
pub(super) fn set_body(location_id: i64, chunk: &[Line<'_>]) -> Value {
    let line_items: Vec<Value> = chunk
        .iter()
        .map(|(_, p, product, variant)| {
            json!({ "product_id": product, "product_variant_id": variant, "quantity": p.qty })
        })
        .collect();
    json!({
        "inventory": {
            "location_id": location_id,
            "type": "set",
            "reason": REASON,
            "note": NOTE,
            "line_items": line_items,
        }
    })
}
