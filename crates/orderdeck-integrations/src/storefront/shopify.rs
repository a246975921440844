//! Shopify GraphQL Admin API (reference B4): `POST /admin/api/{version}/graphql.json`
//! with `X-Shopify-Access-Token` on every request (REST is legacy since October 2024).
//!
//! - Listings: `productVariants(first: 250, after: $cursor)`; `item_id` the product GID,
//!   `sku_id` the variant's inventory item GID (stock is set per inventory item and
//!   location).
//! - Stock: `inventorySetQuantities` with `name: "available"`, `reason: "correction"`,
//!   a `referenceDocumentUri`, at most 250 quantities a call (Shopify's input-array
//!   limit), each with `changeFromQuantity: null` sent explicitly: from 2026-04 the
//!   field is mandatory and null opts out of compare-and-swap (orderdeck is the source
//!   of truth for the number it sets). The call carries `@idempotent(key:)` with a new
//!   UUID, kept across the retries of that call. Shopify makes the directive mandatory
//!   from 2026-04 for the adjust/move/on-hand mutations; whether `inventorySetQuantities`
//!   is on that list is UNCONFIRMED (reference B4), so it is always sent.
//! - `userErrors` name the quantity they are about in `field`
//!   (`["input","quantities","3",…]`): that push is refused. When Shopify applied
//!   nothing (no adjustment group), the quantities no error named are sent again once
//!   without the refused ones.
//! - Throttling: HTTP 200 with `errors[{message: "Throttled", extensions: {code:
//!   "THROTTLED"}}]` and `extensions.cost`; the wait is what the bucket lacks for the
//!   query's cost at its restore rate. HTTP 429 (not documented for GraphQL) is read the
//!   same way, from `Retry-After`.

use std::collections::HashMap;

use rand::Rng;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{Admin, bad_ids, decode, in_order, malformed, refuse_all, text, variant_name};
use crate::http::{self, Reply};
use crate::marketplace::{
    ChannelError, ChannelResult, Listing, ListingPage, PageCursor, StockPush, StockPushResult,
    status_refusal,
};

const PER_PAGE: usize = 250;
/// Shopify's limit on any input array (reference B4).
const QUANTITIES_PER_CALL: usize = 250;
/// The longest throttle wait believed; a bigger figure is a misreading.
const MAX_THROTTLE_WAIT_SECS: u64 = 60;
const ITEM_GID: &str = "gid://shopify/InventoryItem/";
const LOCATION_GID: &str = "gid://shopify/Location/";

const VARIANT_FIELDS: &str = "edges { node { id sku title inventoryQuantity product { id title } \
inventoryItem { id } } } pageInfo { hasNextPage endCursor }";

#[derive(Debug, Clone)]
pub(super) struct Shopify {
    pub(super) admin: Admin,
    /// `gid://shopify/Location/…`.
    location: String,
    /// `/admin/api/{version}/graphql.json`.
    path: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantConnection {
    #[serde(default)]
    edges: Vec<Edge>,
    page_info: PageInfo,
}

#[derive(Debug, Deserialize)]
struct Edge {
    node: VariantNode,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantNode {
    #[serde(default, deserialize_with = "text")]
    sku: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default)]
    inventory_quantity: Option<i64>,
    product: Named,
    inventory_item: Named,
}

#[derive(Debug, Deserialize)]
struct Named {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    #[serde(default)]
    has_next_page: bool,
    #[serde(default)]
    end_cursor: Option<String>,
}

/// A GID for `prefix`, from the GID itself or its bare number.
fn gid(prefix: &str, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.starts_with(prefix) && raw.len() > prefix.len() {
        Some(raw.to_string())
    } else if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("{prefix}{raw}"))
    } else {
        None
    }
}

/// A fresh idempotency key: a random (version 4) UUID.
fn new_key() -> String {
    let mut b: [u8; 16] = rand::rng().random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Shopify's search syntax for one SKU: bare when it is plain, else quoted.
pub(super) fn sku_query(sku: &str) -> String {
    let plain = sku
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if plain {
        format!("sku:{sku}")
    } else {
        format!("sku:\"{}\"", sku.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The mutation with its idempotency key written in (a UUID needs no escaping).
pub(super) fn set_mutation(key: &str) -> String {
    format!(
        "mutation SetStock($input: InventorySetQuantitiesInput!) {{\n  \
         inventorySetQuantities(input: $input) @idempotent(key: \"{key}\") {{\n    \
         inventoryAdjustmentGroup {{ createdAt reason changes {{ name delta }} }}\n    \
         userErrors {{ code field message }}\n  }}\n}}"
    )
}

/// The mutation's variables (reference B4's shape, `changeFromQuantity: null` on each).
pub(super) fn set_input(key: &str, location: &str, quantities: &[(&str, u32)]) -> Value {
    let quantities: Vec<Value> = quantities
        .iter()
        .map(|(item, qty)| {
            json!({
                "inventoryItemId": item,
                "locationId": location,
                "quantity": qty,
                "changeFromQuantity": Value::Null,
            })
        })
        .collect();
    json!({
        "input": {
            "name": "available",
            "reason": "correction",
            "referenceDocumentUri": format!("gid://orderdeck/StockSync/{key}"),
            "quantities": quantities,
        }
    })
}

/// Seconds until the bucket holds the query's cost again, from `extensions.cost`.
pub(super) fn throttle_wait(body: &Value) -> u64 {
    let cost = &body["extensions"]["cost"];
    let requested = cost["requestedQueryCost"].as_f64();
    let status = &cost["throttleStatus"];
    let available = status["currentlyAvailable"].as_f64();
    let rate = status["restoreRate"].as_f64().filter(|r| *r > 0.0);
    match (requested, available, rate) {
        (Some(requested), Some(available), Some(rate)) => {
            let secs = ((requested - available).max(0.0) / rate).ceil();
            // Bounded above, so the cast cannot wrap.
            (secs.min(MAX_THROTTLE_WAIT_SECS as f64) as u64).max(1)
        }
        _ => 1,
    }
}

/// A GraphQL reply: its `data`, or what went wrong as a [`ChannelError`].
pub(super) fn read_graphql(admin: &Admin, reply: &Reply) -> ChannelResult<Value> {
    let channel = admin.channel();
    if let Some(e) = status_refusal(channel, reply) {
        return Err(e);
    }
    let status = reply.status.as_u16();
    if matches!(status, 401 | 403) {
        return Err(ChannelError::Auth {
            channel,
            message: format!("HTTP {status}: {}", http::excerpt(&reply.body)),
        });
    }
    if !reply.status.is_success() {
        return Err(ChannelError::Rejected {
            channel,
            code: format!("http_{status}"),
            message: http::excerpt(&reply.body),
        });
    }
    let body = http::json_body(channel, reply, false)?;
    read_graphql_body(channel, body)
}

pub(super) fn read_graphql_body(channel: &'static str, mut body: Value) -> ChannelResult<Value> {
    match body.get("errors") {
        None | Some(Value::Null) => {}
        Some(Value::Array(errors)) if errors.is_empty() => {}
        Some(Value::Array(errors)) => {
            let code_of = |e: &Value| {
                e["extensions"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_uppercase()
            };
            if errors
                .iter()
                .any(|e| code_of(e) == "THROTTLED" || e["message"].as_str() == Some("Throttled"))
            {
                return Err(ChannelError::RateLimited {
                    channel,
                    retry_after: std::time::Duration::from_secs(throttle_wait(&body)),
                });
            }
            let message = errors
                .iter()
                .map(|e| e["message"].as_str().unwrap_or("(no message)").to_string())
                .collect::<Vec<_>>()
                .join("; ");
            if errors.iter().any(|e| code_of(e) == "ACCESS_DENIED") {
                return Err(ChannelError::Auth { channel, message });
            }
            let code = errors
                .iter()
                .map(code_of)
                .find(|c| !c.is_empty())
                .unwrap_or_else(|| "graphql".into());
            return Err(ChannelError::Rejected {
                channel,
                code,
                message,
            });
        }
        Some(other) => {
            return Err(ChannelError::Rejected {
                channel,
                code: "graphql".into(),
                message: super::client::flatten_errors(other),
            });
        }
    }
    match body.get_mut("data").map(Value::take) {
        Some(data) if !data.is_null() => Ok(data),
        _ => Err(malformed(channel, "GraphQL reply without data")),
    }
}

/// Which quantity of the call a user error names (`["input","quantities","3",…]`).
fn named_index(err: &Value) -> Option<usize> {
    let field = err.get("field")?.as_array()?;
    let at = field
        .iter()
        .position(|f| f.as_str() == Some("quantities"))?;
    match field.get(at + 1)? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
}

/// What one mutation reply says: per quantity index, its refusal; and whether Shopify
/// applied the rest (an adjustment group, or no errors at all).
pub(super) fn read_set(
    channel: &'static str,
    data: &Value,
    count: usize,
) -> ChannelResult<(HashMap<usize, String>, bool)> {
    let Some(payload) = data.get("inventorySetQuantities").filter(|p| !p.is_null()) else {
        return Err(malformed(channel, "reply without inventorySetQuantities"));
    };
    let errors = payload["userErrors"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut refused: HashMap<usize, String> = HashMap::new();
    for e in &errors {
        let why = format!(
            "{}: {}",
            e["code"].as_str().unwrap_or("error"),
            e["message"].as_str().unwrap_or("")
        );
        match named_index(e).filter(|i| *i < count) {
            Some(i) => {
                refused
                    .entry(i)
                    .and_modify(|w| {
                        w.push_str("; ");
                        w.push_str(&why);
                    })
                    .or_insert(why);
            }
            // An error about the whole input: every quantity of the call.
            None => {
                for i in 0..count {
                    refused.entry(i).or_insert_with(|| why.clone());
                }
            }
        }
    }
    let applied = errors.is_empty() || !payload["inventoryAdjustmentGroup"].is_null();
    Ok((refused, applied))
}

impl Shopify {
    pub(super) fn new(admin: Admin, location: &str, version: &str) -> Shopify {
        Shopify {
            admin,
            // check_admin made sure there is one; a bare number becomes its GID.
            location: gid(LOCATION_GID, location).unwrap_or_else(|| location.trim().to_string()),
            path: format!("/admin/api/{version}/graphql.json"),
        }
    }

    fn channel(&self) -> &'static str {
        self.admin.channel()
    }

    async fn graphql(&self, query: &str, variables: Value) -> ChannelResult<Value> {
        let body = json!({ "query": query, "variables": variables });
        self.admin
            .call(Method::POST, &self.path, &[], Some(&body), read_graphql)
            .await
    }

    fn to_listings(&self, conn: &VariantConnection) -> Vec<Listing> {
        conn.edges
            .iter()
            .map(|e| {
                let v = &e.node;
                Listing {
                    item_id: v.product.id.clone(),
                    sku_id: v.inventory_item.id.clone(),
                    sku: v.sku.trim().to_string(),
                    name: variant_name(&v.product.title, &v.title),
                    // Not asked for: stock sync and the match need none.
                    price: None,
                    stock: v.inventory_quantity,
                    status: String::new(),
                }
            })
            .collect()
    }

    pub(super) async fn listings(&self, cursor: Option<&PageCursor>) -> ChannelResult<ListingPage> {
        let query = format!(
            "query Listings($cursor: String) {{ productVariants(first: {PER_PAGE}, after: \
             $cursor) {{ {VARIANT_FIELDS} }} }}"
        );
        let after = cursor.map(|c| c.0.clone());
        let data = self.graphql(&query, json!({ "cursor": after })).await?;
        let conn: VariantConnection = decode(
            self.channel(),
            "productVariants",
            data["productVariants"].clone(),
        )?;
        let next = match (&conn.page_info.has_next_page, &conn.page_info.end_cursor) {
            (true, Some(c)) if !c.is_empty() => Some(PageCursor(c.clone())),
            (true, _) => {
                return Err(malformed(self.channel(), "hasNextPage without endCursor"));
            }
            _ => None,
        };
        Ok(ListingPage {
            listings: self.to_listings(&conn),
            next,
        })
    }

    /// `productVariants(query: "sku:…")`; Shopify's search is loose, so only exact SKUs
    /// are kept.
    pub(super) async fn find_by_sku(&self, sku: &str) -> ChannelResult<Vec<Listing>> {
        let wanted = sku.trim();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let query = format!(
            "query FindSku($query: String!) {{ productVariants(first: {PER_PAGE}, query: \
             $query) {{ {VARIANT_FIELDS} }} }}"
        );
        let data = self
            .graphql(&query, json!({ "query": sku_query(wanted) }))
            .await?;
        let conn: VariantConnection = decode(
            self.channel(),
            "productVariants",
            data["productVariants"].clone(),
        )?;
        Ok(self
            .to_listings(&conn)
            .into_iter()
            .filter(|l| l.sku == wanted)
            .collect())
    }

    pub(super) async fn push_stock(
        &self,
        pushes: &[StockPush],
    ) -> ChannelResult<Vec<StockPushResult>> {
        let mut out: Vec<Option<StockPushResult>> = vec![None; pushes.len()];
        let mut items: Vec<(usize, &StockPush, String)> = Vec::new();
        for (i, p) in pushes.iter().enumerate() {
            match gid(ITEM_GID, &p.sku_id) {
                Some(item) => items.push((i, p, item)),
                None => out[i] = Some(bad_ids(self.channel(), p)),
            }
        }
        for chunk in items.chunks(QUANTITIES_PER_CALL) {
            self.set_chunk(chunk, &mut out).await?;
        }
        Ok(in_order(out, pushes))
    }

    /// One mutation for up to 250 quantities; when Shopify refused some and applied
    /// none, the others once more on their own.
    async fn set_chunk(
        &self,
        chunk: &[(usize, &StockPush, String)],
        out: &mut [Option<StockPushResult>],
    ) -> ChannelResult<()> {
        let mut pending: Vec<&(usize, &StockPush, String)> = chunk.iter().collect();
        for round in 0..2 {
            let key = new_key();
            let quantities: Vec<(&str, u32)> = pending
                .iter()
                .map(|(_, p, item)| (item.as_str(), p.qty))
                .collect();
            let variables = set_input(&key, &self.location, &quantities);
            let data = match self.graphql(&set_mutation(&key), variables).await {
                Ok(d) => d,
                Err(ChannelError::Rejected { code, message, .. }) => {
                    refuse_all(
                        out,
                        pending.iter().map(|(i, p, _)| (*i, *p)),
                        &format!("{code}: {message}"),
                    );
                    return Ok(());
                }
                Err(e) => return Err(e),
            };
            let (refused, applied) = read_set(self.channel(), &data, pending.len())?;
            let mut again = Vec::new();
            for (k, entry) in pending.iter().enumerate() {
                let (i, p, _) = entry;
                let outcome = match refused.get(&k) {
                    Some(why) => Err(why.clone()),
                    None if applied => Ok(p.qty),
                    None if round == 0 => {
                        again.push(*entry);
                        continue;
                    }
                    None => Err(format!(
                        "{} applied nothing and named no reason",
                        self.channel()
                    )),
                };
                out[*i] = Some(StockPushResult {
                    sku: p.sku.clone(),
                    outcome,
                });
            }
            if again.is_empty() {
                return Ok(());
            }
            pending = again;
        }
        Ok(())
    }
}
