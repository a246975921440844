//! WooCommerce REST API v3 (reference §10.3, B1), under `{site}/wp-json/wc/v3`, HTTP
//! Basic with the `ck_…` key and `cs_…` secret.
//!
//! - Listings: `GET /products?per_page=100&page=N`; a simple product is one listing
//!   (`sku_id` "0"), a variable product's variations (`GET /products/{id}/variations`,
//!   100 a page) are one each (`item_id` the product, `sku_id` the variation).
//! - Stock: `POST /products/{id}/variations/batch` per product and `POST
//!   /products/batch` for simple products, `{"update":[{"id","manage_stock":true,
//!   "stock_quantity"}]}`, at most 100 entries a call (more is a 413). `manage_stock` is
//!   sent with the quantity because WooCommerce clears a quantity on an item that does
//!   not manage stock after the update; a variation whose stock was managed by its
//!   parent ("parent") manages its own from then on. A refused entry comes back inside
//!   the 200 as `{"id", "error": {"code", "message"}}`: that push's refusal.
//! - No rate limit is published (the site's own server).

use std::collections::BTreeMap;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{
    Admin, bad_ids, decode, id, in_order, malformed, next_page, page_number, price, refuse_all,
    text, variant_name,
};
use crate::marketplace::{
    ChannelError, ChannelOrder, ChannelResult, Listing, ListingPage, OrderPage, OrderRef,
    PageCursor, StockPush, StockPushResult, TimeRange,
};

const PER_PAGE: usize = 100;
/// `woocommerce_rest_batch_items_limit`'s default (reference B1).
const BATCH: usize = 100;
/// Variations of one product; WooCommerce itself allows more, a shop rarely has them.
const MAX_VARIATION_PAGES: u32 = 50;

#[derive(Debug, Clone)]
pub(super) struct WooCommerce {
    pub(super) admin: Admin,
}

#[derive(Debug, Deserialize)]
struct Product {
    #[serde(deserialize_with = "id")]
    id: i64,
    #[serde(default, deserialize_with = "text")]
    name: String,
    #[serde(default, rename = "type", deserialize_with = "text")]
    kind: String,
    /// A variation found by `?sku=` names its product here.
    #[serde(default)]
    parent_id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    sku: String,
    #[serde(default)]
    price: Value,
    #[serde(default)]
    stock_quantity: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    status: String,
}

#[derive(Debug, Deserialize)]
struct Variation {
    #[serde(deserialize_with = "id")]
    id: i64,
    #[serde(default, deserialize_with = "text")]
    sku: String,
    #[serde(default)]
    price: Value,
    #[serde(default)]
    stock_quantity: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    status: String,
    #[serde(default)]
    attributes: Vec<Attribute>,
}

#[derive(Debug, Deserialize)]
struct Attribute {
    #[serde(default, deserialize_with = "text")]
    option: String,
}

/// Pushes for one batch call: (index among all pushes, the push, the id to update).
type Group<'a> = Vec<(usize, &'a StockPush, i64)>;

impl WooCommerce {
    pub(super) fn new(admin: Admin) -> WooCommerce {
        WooCommerce { admin }
    }

    fn channel(&self) -> &'static str {
        self.admin.channel()
    }

    async fn get(&self, path: &str, query: &[(&str, String)]) -> ChannelResult<Value> {
        self.admin
            .call(Method::GET, path, query, None, Admin::rest_json)
            .await
    }

    /// `GET /products` with `query`, read as products (the listing walk and the SKU
    /// search ask the same list).
    async fn products(&self, query: &[(&str, String)]) -> ChannelResult<Vec<Product>> {
        decode(
            self.channel(),
            "products list",
            self.get("/products", query).await?,
        )
    }

    fn listing(&self, p: &Product) -> ChannelResult<Listing> {
        Ok(Listing {
            item_id: p.id.to_string(),
            sku_id: "0".into(),
            sku: p.sku.trim().to_string(),
            name: p.name.clone(),
            price: price(self.channel(), &p.price)?,
            stock: p.stock_quantity,
            status: p.status.clone(),
        })
    }

    fn variation_listing(&self, product: &Product, v: &Variation) -> ChannelResult<Listing> {
        let options: Vec<&str> = v
            .attributes
            .iter()
            .map(|a| a.option.trim())
            .filter(|o| !o.is_empty())
            .collect();
        Ok(Listing {
            item_id: product.id.to_string(),
            sku_id: v.id.to_string(),
            sku: v.sku.trim().to_string(),
            name: variant_name(&product.name, &options.join(" / ")),
            price: price(self.channel(), &v.price)?,
            stock: v.stock_quantity,
            status: v.status.clone(),
        })
    }

    /// Every variation of a variable product (with `sku`, only those carrying it).
    async fn variations(
        &self,
        product: &Product,
        sku: Option<&str>,
    ) -> ChannelResult<Vec<Listing>> {
        let path = format!("/products/{}/variations", product.id);
        let mut out = Vec::new();
        for page in 1..=MAX_VARIATION_PAGES {
            let mut query = vec![
                ("per_page", PER_PAGE.to_string()),
                ("page", page.to_string()),
            ];
            if let Some(s) = sku {
                query.push(("sku", s.to_string()));
            }
            let got: Vec<Variation> = decode(
                self.channel(),
                "variations list",
                self.get(&path, &query).await?,
            )?;
            for v in &got {
                out.push(self.variation_listing(product, v)?);
            }
            if got.len() < PER_PAGE {
                return Ok(out);
            }
        }
        Err(malformed(
            self.channel(),
            format!(
                "product {} has more than {} variations",
                product.id,
                PER_PAGE as u32 * MAX_VARIATION_PAGES
            ),
        ))
    }

    /// Orders modified within `range`, oldest change first, a page at a time (REST v3
    /// `GET /orders?modified_after=…&modified_before=…&dates_are_gmt=true&orderby=modified`):
    /// the catch-up pull after the listener was down. WooCommerce does not retry a webhook
    /// that failed (it disables it after more than five failures in a row), so without this
    /// an order placed while orderdeck was unreachable would never arrive.
    pub(super) async fn orders_changed(
        &self,
        range: TimeRange,
        cursor: Option<&PageCursor>,
    ) -> ChannelResult<OrderPage> {
        let page = page_number(self.channel(), cursor)?;
        let utc = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%S").to_string();
        let list = self
            .get(
                "/orders",
                &[
                    // WooCommerce takes whole seconds, its start exclusive: a second
                    // wider on each side, so an order changed within the range's first or
                    // last second is not missed (a repeat is compared, never taken twice).
                    (
                        "modified_after",
                        utc(range.from - chrono::Duration::seconds(1)),
                    ),
                    (
                        "modified_before",
                        utc(range.to + chrono::Duration::seconds(1)),
                    ),
                    ("dates_are_gmt", "true".into()),
                    ("orderby", "modified".into()),
                    ("order", "asc".into()),
                    ("per_page", PER_PAGE.to_string()),
                    ("page", page.to_string()),
                ],
            )
            .await?;
        let Value::Array(items) = list else {
            return Err(ChannelError::Malformed {
                channel: self.channel(),
                detail: "orders list: not a list".into(),
            });
        };
        let n = items.len();
        let orders = items
            .iter()
            .filter_map(|o| {
                let id = match o.get("id") {
                    Some(Value::Number(n)) => n.to_string(),
                    _ => return None,
                };
                let status = o
                    .get("status")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                Some(OrderRef {
                    external_id: id,
                    channel_status: status,
                })
            })
            .collect();
        Ok(OrderPage {
            orders,
            next: next_page(page, n, PER_PAGE),
            reached: None,
        })
    }

    /// These orders whole (`GET /orders?include=…`, at most a page of ids a call), read as
    /// their webhooks are.
    pub(super) async fn order_details(&self, ids: &[String]) -> ChannelResult<Vec<ChannelOrder>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(PER_PAGE) {
            let list = self
                .get(
                    "/orders",
                    &[
                        ("include", chunk.join(",")),
                        ("per_page", PER_PAGE.to_string()),
                    ],
                )
                .await?;
            let Value::Array(items) = list else {
                return Err(ChannelError::Malformed {
                    channel: self.channel(),
                    detail: "orders list: not a list".into(),
                });
            };
            for o in &items {
                match super::hooks::woocommerce::order_from_rest(o) {
                    Ok(order) => out.push(order),
                    // One unreadable order does not stop the others: it is left out and
                    // said, and the next pull asks again.
                    Err(e) => tracing::warn!(channel = self.channel(), "order not read: {e}"),
                }
            }
        }
        Ok(out)
    }

    pub(super) async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let page = page_number(self.channel(), cursor)?;
        let products = self
            .products(&[
                ("per_page", PER_PAGE.to_string()),
                ("page", page.to_string()),
            ])
            .await?;
        let mut listings = Vec::new();
        for p in &products {
            match p.kind.as_str() {
                "variable" => listings.extend(self.variations(p, None).await?),
                // Grouped and external products hold no stock of their own.
                "grouped" | "external" => {}
                _ => listings.push(self.listing(p)?),
            }
        }
        Ok(ListingPage {
            listings,
            next: next_page(page, products.len(), PER_PAGE),
        })
    }

    /// `GET /products?sku=` (reference B1): the simple products carrying the SKU, and
    /// the variations carrying it of any variable product it finds.
    pub(super) async fn find_by_sku(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        let wanted = sku.trim();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let products = self
            .products(&[
                ("sku", wanted.to_string()),
                ("per_page", PER_PAGE.to_string()),
            ])
            .await?;
        let mut found = Vec::new();
        for p in &products {
            match (p.kind.as_str(), p.parent_id) {
                ("variable", _) => found.extend(
                    self.variations(p, Some(wanted))
                        .await?
                        .into_iter()
                        .filter(|l| l.sku == wanted),
                ),
                ("variation", Some(parent)) if p.sku.trim() == wanted => {
                    let mut l = self.listing(p)?;
                    l.item_id = parent.to_string();
                    l.sku_id = p.id.to_string();
                    found.push(l);
                }
                ("grouped" | "external" | "variation", _) => {}
                _ if p.sku.trim() == wanted => found.push(self.listing(p)?),
                _ => {}
            }
        }
        Ok(found)
    }

    pub(super) async fn push_stock(
        &self,
        pushes: &[StockPush],
    ) -> ChannelResult<Vec<StockPushResult>> {
        let mut out: Vec<Option<StockPushResult>> = vec![None; pushes.len()];
        let mut simple: Group<'_> = Vec::new();
        let mut variable: BTreeMap<i64, Group<'_>> = BTreeMap::new();
        for (i, p) in pushes.iter().enumerate() {
            let product = p.item_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
            let variation = p.sku_id.trim().parse::<i64>().ok().filter(|v| *v >= 0);
            match (product, variation) {
                (Some(product), Some(0)) => simple.push((i, p, product)),
                (Some(product), Some(v)) => variable.entry(product).or_default().push((i, p, v)),
                _ => out[i] = Some(bad_ids(self.channel(), p)),
            }
        }
        for chunk in simple.chunks(BATCH) {
            self.batch("/products/batch", chunk, &mut out).await?;
        }
        for (product, group) in &variable {
            let path = format!("/products/{product}/variations/batch");
            for chunk in group.chunks(BATCH) {
                self.batch(&path, chunk, &mut out).await?;
            }
        }
        Ok(in_order(out, pushes))
    }

    /// One batch call; each entry's result into `out`.
    async fn batch(
        &self,
        path: &str,
        chunk: &[(usize, &StockPush, i64)],
        out: &mut [Option<StockPushResult>],
    ) -> ChannelResult<()> {
        let body = batch_body(chunk);
        let reply = match self
            .admin
            .call(Method::POST, path, &[], Some(&body), Admin::rest_json)
            .await
        {
            Ok(v) => v,
            // The whole call refused (a product that is gone, a 400): its pushes say so,
            // the other calls still go.
            Err(ChannelError::Rejected { code, message, .. }) => {
                refuse_all(
                    out,
                    chunk.iter().map(|(i, p, _)| (*i, *p)),
                    &format!("{code}: {message}"),
                );
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        for (i, outcome) in read_batch(self.channel(), chunk, &reply)? {
            out[i] = Some(outcome);
        }
        Ok(())
    }
}

/// `{"update":[{"id","manage_stock":true,"stock_quantity"}, …]}` (reference B1).
pub(super) fn batch_body(chunk: &[(usize, &StockPush, i64)]) -> Value {
    let update: Vec<Value> = chunk
        .iter()
        .map(|(_, p, id)| json!({ "id": id, "manage_stock": true, "stock_quantity": p.qty }))
        .collect();
    json!({ "update": update })
}

fn entry_id(e: &Value) -> Option<i64> {
    match e.get("id") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Each push's outcome from a batch reply. Entries come back in the order sent (the
/// controller walks `update` in order); an entry is matched by position when its id
/// agrees or is 0 (a refused entry may carry id 0), else by id.
pub(super) fn read_batch(
    channel: &'static str,
    chunk: &[(usize, &StockPush, i64)],
    reply: &Value,
) -> ChannelResult<Vec<(usize, StockPushResult)>> {
    let Some(update) = reply.get("update").and_then(Value::as_array) else {
        return Err(malformed(channel, "batch reply without an \"update\" list"));
    };
    let mut results = Vec::with_capacity(chunk.len());
    for (k, (i, p, id)) in chunk.iter().enumerate() {
        let at = update
            .get(k)
            .filter(|e| matches!(entry_id(e), Some(x) if x == *id || x == 0));
        let entry = at.or_else(|| update.iter().find(|e| entry_id(e) == Some(*id)));
        let outcome = match entry {
            None => Err(format!("{channel} did not confirm this one")),
            Some(e) => match e.get("error") {
                Some(err) if !err.is_null() => {
                    let code = err.get("code").and_then(Value::as_str).unwrap_or("error");
                    let message = err.get("message").and_then(Value::as_str).unwrap_or("");
                    Err(format!("{code}: {message}"))
                }
                _ => match e.get("stock_quantity") {
                    // Not echoed: taken as sent.
                    None => Ok(p.qty),
                    Some(Value::Null) => Err(format!(
                        "{channel} did not keep the quantity: turn on \"Enable stock \
                         management\" in WooCommerce → Settings → Products → Inventory"
                    )),
                    Some(v) => v
                        .as_i64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| format!("{channel} reports stock {v}")),
                },
            },
        };
        results.push((
            *i,
            StockPushResult {
                sku: p.sku.clone(),
                outcome,
            },
        ));
    }
    Ok(results)
}
