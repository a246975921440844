//! Shopify's GraphQL Admin API under `/shopify` (reference §11, B4):
//! `POST /admin/api/{version}/graphql.json` with `X-Shopify-Access-Token`.
//!
//! Not a GraphQL engine: it recognises our two operations by their root field and checks
//! their variables as strictly as Shopify's schema and resolvers do:
//!
//! - `productVariants(first:, after:, query:)` (query): `first` 1–250; the nodes carry
//!   `id sku title inventoryQuantity product { id title } inventoryItem { id }` whatever
//!   the selection asks (the fields the shared decisions name).
//! - `inventorySetQuantities(input: $input)` (mutation), `$input` declared as
//!   `InventorySetQuantitiesInput!`: `name` (`available`|`on_hand`), `reason` (Shopify's
//!   list), optional `referenceDocumentUri`, `quantities` (1–250) each with
//!   `inventoryItemId` (`gid://shopify/InventoryItem/<n>`), `locationId`
//!   (`gid://shopify/Location/<n>`), `quantity` (Int) and — from version 2026-04 —
//!   `changeFromQuantity` **present** (null opts out of the compare; a number must match,
//!   else `CHANGE_FROM_QUANTITY_STALE`). Type errors are top-level `errors` (as the
//!   schema's coercion gives them); the rest are `userErrors`, all-or-nothing.
//! - `@idempotent(key:)` on the mutation: whether `inventorySetQuantities` needs it is
//!   unconfirmed (B4), so it is optional here; when given, the same key with the same
//!   input answers the first result again without applying it twice, with another input
//!   `IDEMPOTENCY_KEY_PARAMETER_MISMATCH`.
//! - The cost bucket: 1000 points, 100 restored a second; a call whose requested cost
//!   exceeds what is available answers HTTP 200 with `errors[{message:"Throttled",
//!   extensions:{code:"THROTTLED"}}]`; every answer carries `extensions.cost`. Costs are
//!   approximations of Shopify's calculation: 10 for the mutation, 2 + 3 per requested
//!   variant for the listing.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use base64::Engine;
use serde_json::{Value, json};

use super::{Order, SHOPIFY_LOCATIONS, SHOPIFY_TOKEN, Store, json_reply};
use crate::{SimState, lock};

const MUTATION_COST: f64 = 10.0;
const MAX_INPUT: usize = 250;
const MAX_QUANTITY: i64 = 1_000_000_000;
const REASONS: [&str; 17] = [
    "correction",
    "cycle_count_available",
    "damaged",
    "movement_canceled",
    "movement_created",
    "movement_received",
    "movement_updated",
    "other",
    "promotion",
    "quality_control",
    "received",
    "reservation_created",
    "reservation_deleted",
    "reservation_updated",
    "restock",
    "safety_stock",
    "shrinkage",
];

pub(super) fn routes() -> Router<Arc<SimState>> {
    Router::new().route("/shopify/admin/api/{version}/graphql.json", post(graphql))
}

/// `YYYY-MM`, a quarterly release.
fn valid_version(v: &str) -> Option<(u32, u32)> {
    if v == "unstable" {
        // Ahead of every release.
        return Some((9999, 1));
    }
    let (y, m) = v.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    matches!(m, 1 | 4 | 7 | 10).then_some((y, m))
}

fn top_error(message: &str, extensions: Value) -> Value {
    json!({ "errors": [{ "message": message, "extensions": extensions }] })
}

fn cost(requested: f64, actual: Option<f64>, available: f64, state: &SimState) -> Value {
    let limits = state.storefronts.limits();
    json!({
        "requestedQueryCost": requested,
        "actualQueryCost": actual,
        "throttleStatus": {
            "maximumAvailable": limits.shopify_max_points,
            "currentlyAvailable": available.floor(),
            "restoreRate": limits.shopify_restore_per_sec,
        }
    })
}

/// The operation's kind, its root field and the text after the field name.
fn root_field(query: &str) -> Option<(String, String, String)> {
    // Comments out first: `#` to the end of a line.
    let text: String = query
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let open = text.find('{')?;
    let head = text[..open].trim();
    let op = head
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .filter(|w| !w.is_empty())
        .unwrap_or("query")
        .to_string();
    let rest = &text[open + 1..];
    let ident = |s: &str| -> (String, usize) {
        let s2 = s.trim_start();
        let skipped = s.len() - s2.len();
        let n = s2
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s2.len());
        (s2[..n].to_string(), skipped + n)
    };
    let (first, used) = ident(rest);
    let after = &rest[used..];
    // An alias: `alias: field`.
    let (field, after) = if let Some(stripped) = after.trim_start().strip_prefix(':') {
        let (f, u) = ident(stripped);
        (f, stripped[u..].to_string())
    } else {
        (first, after.to_string())
    };
    Some((op, field, after))
}

/// The arguments in `( … )` at the start of `after`, as name → raw text.
fn arguments(after: &str) -> (HashMap<String, String>, String) {
    let s = after.trim_start();
    let mut args = HashMap::new();
    let Some(inner) = s.strip_prefix('(') else {
        return (args, s.to_string());
    };
    let mut depth = 0;
    let mut in_str = false;
    let mut end = inner.len();
    for (i, c) in inner.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '(' | '{' | '[' if !in_str => depth += 1,
            ')' | '}' | ']' if !in_str && depth > 0 => depth -= 1,
            ')' if !in_str => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    for part in inner[..end].split(',') {
        if let Some((k, v)) = part.split_once(':') {
            args.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let rest = inner.get(end + 1..).unwrap_or("").to_string();
    (args, rest)
}

/// An argument's value: a `$variable`, or an int / string / null literal.
fn resolve(raw: &str, vars: &Value) -> Value {
    if let Some(name) = raw.strip_prefix('$') {
        return vars.get(name.trim()).cloned().unwrap_or(Value::Null);
    }
    if raw == "null" {
        return Value::Null;
    }
    if let Ok(n) = raw.parse::<i64>() {
        return json!(n);
    }
    if let Some(s) = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return json!(s);
    }
    Value::Null
}

async fn graphql(
    State(state): State<Arc<SimState>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let token = headers
        .get("x-shopify-access-token")
        .and_then(|v| v.to_str().ok());
    if token != Some(SHOPIFY_TOKEN) {
        return json_reply(
            StatusCode::UNAUTHORIZED,
            json!({ "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)" }),
        );
    }
    let Some(ver) = valid_version(&version) else {
        return json_reply(StatusCode::NOT_FOUND, json!({ "errors": "Not Found" }));
    };
    let Ok(body) = serde_json::from_slice::<Value>(&raw) else {
        return json_reply(
            StatusCode::BAD_REQUEST,
            json!({ "errors": { "query": "Required parameter missing or invalid" } }),
        );
    };
    let Some(query) = body.get("query").and_then(Value::as_str) else {
        return json_reply(
            StatusCode::BAD_REQUEST,
            json!({ "errors": { "query": "Required parameter missing or invalid" } }),
        );
    };
    let vars = body.get("variables").cloned().unwrap_or(json!({}));
    let Some((op, field, after)) = root_field(query) else {
        return json_reply(
            StatusCode::OK,
            top_error(
                "syntax error, unexpected end of file",
                json!({"code": "GRAPHQL_PARSE_FAILED"}),
            ),
        );
    };
    match (op.as_str(), field.as_str()) {
        ("query", "productVariants") => product_variants(&state, &after, &vars),
        ("mutation", "inventorySetQuantities") => {
            set_quantities(&state, query, &after, &vars, ver >= (2026, 4))
        }
        _ => json_reply(
            StatusCode::OK,
            top_error(
                &format!(
                    "Field '{field}' doesn't exist on type '{}' (the simulator serves productVariants and inventorySetQuantities)",
                    if op == "mutation" {
                        "Mutation"
                    } else {
                        "QueryRoot"
                    }
                ),
                json!({"code": "undefinedField", "typeName": if op == "mutation" { "Mutation" } else { "QueryRoot" }, "fieldName": field}),
            ),
        ),
    }
}

/// Takes `requested` points, or answers Throttled. Ok(points left).
fn take_points(state: &SimState, requested: f64) -> Result<f64, Response> {
    let limits = state.storefronts.limits();
    let now = Instant::now();
    let mut store = lock(&state.storefronts.shopify);
    let available = store.pace.points_now(&limits, now);
    if requested > available {
        drop(store);
        let mut v = top_error(
            "Throttled",
            json!({"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}),
        );
        v["extensions"] = json!({ "cost": cost(requested, None, available, state) });
        return Err(json_reply(StatusCode::OK, v));
    }
    store.pace.spend_points(requested, now);
    Ok(available - requested)
}

fn refund_points(state: &SimState, points: f64) {
    let limits = state.storefronts.limits();
    let now = Instant::now();
    let mut store = lock(&state.storefronts.shopify);
    let available = store.pace.points_now(&limits, now);
    store
        .pace
        .spend_points(-points.min(limits.shopify_max_points - available), now);
}

fn cursor(i: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{{\"last_id\":{i}}}"))
}

fn cursor_index(c: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(c).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    usize::try_from(v.get("last_id")?.as_u64()?).ok()
}

fn product_variants(state: &SimState, after: &str, vars: &Value) -> Response {
    let (args, _) = arguments(after);
    let first = args.get("first").map(|r| resolve(r, vars));
    let first = match first.as_ref().and_then(Value::as_i64) {
        Some(n) if (1..=250).contains(&n) => n as usize,
        Some(_) => {
            return json_reply(
                StatusCode::OK,
                top_error(
                    "The maximum number of records to fetch in a connection is 250 (first must be 1 to 250)",
                    json!({"code": "BAD_REQUEST"}),
                ),
            );
        }
        None => {
            return json_reply(
                StatusCode::OK,
                top_error(
                    "you must provide one of first or last",
                    json!({"code": "BAD_REQUEST"}),
                ),
            );
        }
    };
    let start = match args.get("after").map(|r| resolve(r, vars)) {
        None | Some(Value::Null) => 0,
        Some(Value::String(c)) => match cursor_index(&c) {
            Some(i) => i + 1,
            None => {
                return json_reply(
                    StatusCode::OK,
                    top_error(
                        &format!("Invalid cursor for current pagination sort: {c}"),
                        json!({"code": "BAD_REQUEST"}),
                    ),
                );
            }
        },
        Some(other) => {
            return json_reply(
                StatusCode::OK,
                top_error(
                    &format!("after must be a String, not {other}"),
                    json!({"code": "argumentLiteralsIncompatible"}),
                ),
            );
        }
    };
    let filter = args
        .get("query")
        .map(|r| resolve(r, vars))
        .and_then(|v| v.as_str().map(str::to_string))
        .and_then(|q| q.trim().strip_prefix("sku:").map(|s| s.trim().to_string()));
    let requested = 2.0 + 3.0 * first as f64;
    let left = match take_points(state, requested) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let store = lock(&state.storefronts.shopify);
    let all: Vec<Value> = store
        .products
        .iter()
        .flat_map(|p| p.variants.iter().map(move |v| (p, v)))
        .filter(|(_, v)| filter.as_ref().is_none_or(|s| v.sku == *s))
        .map(|(p, v)| {
            json!({
                "id": format!("gid://shopify/ProductVariant/{}", v.id),
                "sku": v.sku,
                "title": if v.title.is_empty() { "Default Title" } else { v.title.as_str() },
                "inventoryQuantity": v.total(),
                "product": { "id": format!("gid://shopify/Product/{}", p.id), "title": p.title },
                "inventoryItem": { "id": format!("gid://shopify/InventoryItem/{}", v.inventory_item) },
            })
        })
        .collect();
    drop(store);
    let end = (start + first).min(all.len());
    let edges: Vec<Value> = (start.min(end)..end)
        .map(|i| json!({ "cursor": cursor(i), "node": all[i] }))
        .collect();
    let actual = 2.0 + 3.0 * edges.len() as f64;
    refund_points(state, requested - actual);
    json_reply(
        StatusCode::OK,
        json!({
            "data": { "productVariants": {
                "edges": edges,
                "pageInfo": {
                    "hasNextPage": end < all.len(),
                    "hasPreviousPage": start > 0,
                    "endCursor": if end > start { Some(cursor(end - 1)) } else { None },
                    "startCursor": if end > start { Some(cursor(start)) } else { None },
                }
            }},
            "extensions": { "cost": cost(requested, Some(actual), left + requested - actual, state) },
        }),
    )
}

/// A schema coercion error on `$input` (top-level, HTTP 200, nothing done).
fn coercion(var: &str, path: &[Value], explanation: &str, value: &Value) -> Response {
    let dotted: Vec<String> = path
        .iter()
        .map(|p| match p {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    json_reply(
        StatusCode::OK,
        json!({ "errors": [{
            "message": format!("Variable ${var} of type InventorySetQuantitiesInput! was provided invalid value for {} ({explanation})", dotted.join(".")),
            "locations": [{"line": 1, "column": 1}],
            "extensions": { "value": value, "problems": [{ "path": path, "explanation": explanation }] },
        }]}),
    )
}

fn user_error(code: &str, field: Vec<Value>, message: &str) -> Value {
    json!({ "code": code, "field": field, "message": message })
}

/// The `n` of a `gid://shopify/{kind}/n`.
fn gid(value: &str, kind: &str) -> Option<i64> {
    value
        .strip_prefix("gid://shopify/")?
        .strip_prefix(kind)?
        .strip_prefix('/')?
        .parse()
        .ok()
}

fn set_quantities(
    state: &SimState,
    query: &str,
    after: &str,
    vars: &Value,
    change_from_required: bool,
) -> Response {
    let (args, rest) = arguments(after);
    let Some(var) = args
        .get("input")
        .and_then(|r| r.strip_prefix('$'))
        .map(|s| s.trim().to_string())
    else {
        return json_reply(
            StatusCode::OK,
            top_error(
                "inventorySetQuantities takes input: $variable (the simulator reads variables, not literals)",
                json!({"code": "missingRequiredArguments"}),
            ),
        );
    };
    // The variable must be declared with its type.
    let declared = query
        .split(&format!("${var}"))
        .nth(1)
        .map(|s| s.trim_start())
        .and_then(|s| s.strip_prefix(':'))
        .is_some_and(|s| s.trim_start().starts_with("InventorySetQuantitiesInput!"));
    if !declared {
        return json_reply(
            StatusCode::OK,
            top_error(
                &format!(
                    "Variable ${var} is used by inventorySetQuantities but not declared as InventorySetQuantitiesInput!"
                ),
                json!({"code": "variableNotDefined", "variableName": var}),
            ),
        );
    }
    // `@idempotent(key: "…")` or `@idempotent(key: $k)`.
    let idem_key = rest.trim_start().strip_prefix("@idempotent").and_then(|d| {
        let (a, _) = arguments(d);
        a.get("key")
            .map(|r| resolve(r, vars))
            .and_then(|v| v.as_str().map(str::to_string))
    });
    let input = vars.get(&var).cloned().unwrap_or(Value::Null);
    if !input.is_object() {
        return coercion(&var, &[], "Expected value to not be null", &input);
    }
    // Schema-level checks: types and non-null fields.
    for key in ["name", "reason"] {
        match input.get(key) {
            Some(Value::String(_)) => {}
            None | Some(Value::Null) => {
                return coercion(&var, &[json!(key)], "Expected value to not be null", &input);
            }
            Some(other) => {
                return coercion(
                    &var,
                    &[json!(key)],
                    &format!("Could not coerce value {other} to String"),
                    &input,
                );
            }
        }
    }
    if let Some(r) = input.get("referenceDocumentUri")
        && !(r.is_null() || r.is_string())
    {
        return coercion(
            &var,
            &[json!("referenceDocumentUri")],
            &format!("Could not coerce value {r} to String"),
            &input,
        );
    }
    let Some(quantities) = input.get("quantities").and_then(Value::as_array) else {
        return coercion(
            &var,
            &[json!("quantities")],
            "Expected value to not be null",
            &input,
        );
    };
    if quantities.len() > MAX_INPUT {
        return json_reply(
            StatusCode::OK,
            top_error(
                &format!(
                    "The input array size of {} is greater than the maximum allowed of {MAX_INPUT}.",
                    quantities.len()
                ),
                json!({"code": "MAX_INPUT_SIZE_EXCEEDED"}),
            ),
        );
    }
    for (i, q) in quantities.iter().enumerate() {
        if !q.is_object() {
            return coercion(
                &var,
                &[json!("quantities"), json!(i)],
                "Expected value to be an object",
                &input,
            );
        }
        for key in ["inventoryItemId", "locationId"] {
            match q.get(key) {
                Some(Value::String(_)) => {}
                None | Some(Value::Null) => {
                    return coercion(
                        &var,
                        &[json!("quantities"), json!(i), json!(key)],
                        "Expected value to not be null",
                        &input,
                    );
                }
                Some(other) => {
                    return coercion(
                        &var,
                        &[json!("quantities"), json!(i), json!(key)],
                        &format!("Could not coerce value {other} to ID"),
                        &input,
                    );
                }
            }
        }
        for key in ["quantity", "changeFromQuantity", "compareQuantity"] {
            match q.get(key) {
                None | Some(Value::Null) if key != "quantity" => {}
                None | Some(Value::Null) => {
                    return coercion(
                        &var,
                        &[json!("quantities"), json!(i), json!(key)],
                        "Expected value to not be null",
                        &input,
                    );
                }
                Some(v) if v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => {}
                Some(other) => {
                    return coercion(
                        &var,
                        &[json!("quantities"), json!(i), json!(key)],
                        &format!("Could not coerce value {other} to Int"),
                        &input,
                    );
                }
            }
        }
    }
    if let Some(key) = &idem_key {
        let store = lock(&state.storefronts.shopify);
        if let Some((seen, answer)) = store.idempotent.get(key) {
            let answer = if *seen == input {
                answer.clone()
            } else {
                json!({ "inventoryAdjustmentGroup": null, "userErrors": [user_error(
                    "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", vec![json!("input")],
                    "The same idempotency key cannot be used with different operation parameters.")] })
            };
            drop(store);
            return mutation_answer(state, answer);
        }
    }
    let left = match take_points(state, MUTATION_COST) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let result = apply_quantities(state, &input, quantities, change_from_required);
    if let Some(key) = idem_key {
        lock(&state.storefronts.shopify)
            .idempotent
            .insert(key, (input.clone(), result.clone()));
    }
    json_reply(
        StatusCode::OK,
        json!({
            "data": { "inventorySetQuantities": result },
            "extensions": { "cost": cost(MUTATION_COST, Some(MUTATION_COST), left, state) },
        }),
    )
}

fn mutation_answer(state: &SimState, result: Value) -> Response {
    let left = {
        let limits = state.storefronts.limits();
        lock(&state.storefronts.shopify)
            .pace
            .points_now(&limits, Instant::now())
    };
    json_reply(
        StatusCode::OK,
        json!({
            "data": { "inventorySetQuantities": result },
            "extensions": { "cost": cost(MUTATION_COST, Some(MUTATION_COST), left, state) },
        }),
    )
}

/// The resolver: every quantity is checked, then all are set or none.
fn apply_quantities(
    state: &SimState,
    input: &Value,
    quantities: &[Value],
    change_from_required: bool,
) -> Value {
    let name = input.get("name").and_then(Value::as_str).unwrap_or("");
    let reason = input.get("reason").and_then(Value::as_str).unwrap_or("");
    let mut errors = Vec::new();
    if name != "available" && name != "on_hand" {
        errors.push(user_error(
            "INVALID_NAME",
            vec![json!("input"), json!("name")],
            "The quantity name must be either 'available' or 'on_hand'.",
        ));
    }
    if !REASONS.contains(&reason) {
        errors.push(user_error(
            "INVALID_REASON",
            vec![json!("input"), json!("reason")],
            "The specified reason is invalid.",
        ));
    }
    if let Some(uri) = input.get("referenceDocumentUri").and_then(Value::as_str)
        && !uri.contains("://")
    {
        errors.push(user_error(
            "INVALID_REFERENCE_DOCUMENT",
            vec![json!("input"), json!("referenceDocumentUri")],
            "The specified reference document is invalid.",
        ));
    }
    let mut store = lock(&state.storefronts.shopify);
    let mut plan: Vec<(i64, i64, i64, i64)> = Vec::new(); // variant, location, before, after
    let mut seen = std::collections::HashSet::new();
    for (i, q) in quantities.iter().enumerate() {
        let field = |k: &str| {
            vec![
                json!("input"),
                json!("quantities"),
                json!(i.to_string()),
                json!(k),
            ]
        };
        let item = q
            .get("inventoryItemId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let loc = q.get("locationId").and_then(Value::as_str).unwrap_or("");
        let qty = q.get("quantity").and_then(Value::as_i64).unwrap_or(0);
        let variant = gid(item, "InventoryItem").and_then(|n| find_item(&store, n));
        let Some(variant) = variant else {
            errors.push(user_error(
                "INVALID_INVENTORY_ITEM",
                field("inventoryItemId"),
                "The specified inventory item could not be found.",
            ));
            continue;
        };
        let Some(location) = gid(loc, "Location").filter(|l| SHOPIFY_LOCATIONS.contains(l)) else {
            errors.push(user_error(
                "INVALID_LOCATION",
                field("locationId"),
                "The specified location could not be found.",
            ));
            continue;
        };
        if !seen.insert((variant, location)) {
            errors.push(user_error(
                "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
                field("inventoryItemId"),
                "The combination of inventoryItemId and locationId must be unique.",
            ));
            continue;
        }
        if qty < 0 {
            errors.push(user_error(
                "INVALID_QUANTITY_NEGATIVE",
                field("quantity"),
                "The quantity can't be negative.",
            ));
            continue;
        }
        if qty > MAX_QUANTITY {
            errors.push(user_error(
                "INVALID_QUANTITY_TOO_HIGH",
                field("quantity"),
                "The total quantity can't be higher than 1,000,000,000.",
            ));
            continue;
        }
        let before = store
            .variant_mut(variant)
            .and_then(|(v, _)| v.stock.get(&location).copied());
        let Some(before) = before else {
            errors.push(user_error(
                "ITEM_NOT_STOCKED_AT_LOCATION",
                field("inventoryItemId"),
                "The specified inventory item is not stocked at the location.",
            ));
            continue;
        };
        if change_from_required {
            match q.get("changeFromQuantity") {
                // The 2026-04 rule: omitting it is an error. Shopify's code for this case is
                // not in the reference or the enum pages read; the message says what is wrong.
                // (`code` is nullable in the schema: null rather than an invented value.)
                None => errors.push(json!({
                    "code": null,
                    "field": field("changeFromQuantity"),
                    "message": "changeFromQuantity must be given for each quantity (null to opt out of the check) from API version 2026-04.",
                })),
                Some(Value::Null) => {}
                Some(v) if v.as_i64() == Some(before) => {}
                Some(_) => errors.push(user_error(
                    "CHANGE_FROM_QUANTITY_STALE",
                    field("changeFromQuantity"),
                    "The changeFromQuantity value does not match persisted value.",
                )),
            }
        } else {
            let ignore = input
                .get("ignoreCompareQuantity")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            match q.get("compareQuantity").and_then(Value::as_i64) {
                _ if ignore => {}
                None => errors.push(user_error(
                    "COMPARE_QUANTITY_REQUIRED",
                    field("compareQuantity"),
                    "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.",
                )),
                Some(c) if c == before => {}
                Some(_) => errors.push(user_error(
                    "COMPARE_QUANTITY_STALE",
                    field("compareQuantity"),
                    "The compareQuantity value does not match persisted value.",
                )),
            }
        }
        plan.push((variant, location, before, qty));
    }
    if !errors.is_empty() {
        return json!({ "inventoryAdjustmentGroup": null, "userErrors": errors });
    }
    let mut changes = Vec::new();
    for (variant, location, before, after) in plan {
        if let Some((v, _)) = store.variant_mut(variant) {
            v.stock.insert(location, after);
            v.managed = true;
            changes.push(json!({
                "name": name, "delta": after - before, "quantityAfterChange": after,
                "item": { "id": format!("gid://shopify/InventoryItem/{}", v.inventory_item), "sku": v.sku },
                "location": { "id": format!("gid://shopify/Location/{location}") },
            }));
        }
    }
    json!({
        "inventoryAdjustmentGroup": {
            "createdAt": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "reason": reason,
            "referenceDocumentUri": input.get("referenceDocumentUri"),
            "changes": changes,
        },
        "userErrors": [],
    })
}

/// The variant id behind an inventory item number.
fn find_item(store: &Store, item: i64) -> Option<i64> {
    store
        .products
        .iter()
        .flat_map(|p| p.variants.iter())
        .find(|v| v.inventory_item == item)
        .map(|v| v.id)
}

fn money(n: i64) -> String {
    format!("{n}.00")
}

/// The `orders/*` webhook body (§11): money as strings, `admin_graphql_api_id`. Shopify
/// has no ward/district fields: the ward goes in `address2`, the district in `city` (a
/// common practice for Vietnamese stores, unconfirmed). The COD gateway text is not
/// captured in the reference (§11); "Cash on Delivery (COD)" is Shopify's manual payment
/// method name.
pub(super) fn order_json(o: &Order) -> Value {
    let b = &o.buyer;
    let address = json!({
        "first_name": b.first, "last_name": b.last, "name": b.full_name(),
        "phone": b.phone, "address1": b.street, "address2": b.ward,
        "city": b.district, "province": b.province, "province_code": null,
        "zip": null, "country": "Vietnam", "country_code": "VN", "company": null,
    });
    let gateway = if o.cod {
        "Cash on Delivery (COD)"
    } else {
        "shopify_payments"
    };
    let financial = match (o.paid(), o.cancelled_at.is_some()) {
        (true, _) => "paid",
        (false, true) => "voided",
        (false, false) => "pending",
    };
    let ts = |t: chrono::DateTime<chrono::Utc>| {
        (t + chrono::Duration::hours(7))
            .format("%Y-%m-%dT%H:%M:%S+07:00")
            .to_string()
    };
    let line_items: Vec<Value> = o.lines.iter().map(|l| json!({
            "id": l.id,
            "admin_graphql_api_id": format!("gid://shopify/LineItem/{}", l.id),
            "product_id": l.product_id, "variant_id": l.variant_id, "sku": l.sku,
            "title": l.title,
            "variant_title": if l.variant_title.is_empty() { Value::Null } else { json!(l.variant_title) },
            "name": if l.variant_title.is_empty() { l.title.clone() } else { format!("{} - {}", l.title, l.variant_title) },
            "quantity": l.qty, "price": money(l.price), "grams": l.grams,
            "total_discount": "0.00", "requires_shipping": true, "taxable": false,
        })).collect::<Vec<_>>();
    json!({
        "id": o.id,
        "admin_graphql_api_id": format!("gid://shopify/Order/{}", o.id),
        "name": format!("#{}", 1000 + o.number),
        "number": o.number,
        "order_number": 1000 + o.number,
        "token": o.key,
        "email": b.email,
        "phone": b.phone,
        "created_at": ts(o.created),
        "updated_at": ts(o.updated),
        "processed_at": ts(o.created),
        "cancelled_at": o.cancelled_at.map(ts),
        "cancel_reason": o.cancelled_at.map(|_| "customer"),
        "currency": "VND",
        "presentment_currency": "VND",
        "total_price": money(o.total()),
        "subtotal_price": money(o.subtotal() - o.discount),
        "total_line_items_price": money(o.subtotal()),
        "total_discounts": money(o.discount),
        "total_tax": "0.00",
        "taxes_included": false,
        "total_shipping_price_set": {"shop_money": {"amount": money(o.shipping_fee), "currency_code": "VND"}},
        "financial_status": financial,
        "fulfillment_status": null,
        "gateway": gateway,
        "payment_gateway_names": [gateway],
        "source_name": "web",
        "note": if o.note.is_empty() { Value::Null } else { json!(o.note) },
        "line_items": line_items,
        "shipping_address": address,
        "billing_address": address,
        "shipping_lines": [{"id": o.id + 1, "code": "Standard", "title": "Giao hàng tiêu chuẩn", "price": money(o.shipping_fee), "source": "shopify"}],
        "discount_codes": if o.discount > 0 { json!([{"code": "GIAM", "amount": money(o.discount), "type": "fixed_amount"}]) } else { json!([]) },
        "customer": {"id": 7_300_000_000_000 + o.id % 100_000, "email": b.email, "phone": b.phone,
                     "first_name": b.first, "last_name": b.last},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_root_field_through_aliases_comments_and_directives() {
        let q = "# set stock\nmutation SetStock($input: InventorySetQuantitiesInput!, $k: String!) {\n  set: inventorySetQuantities(input: $input) @idempotent(key: $k) { userErrors { code } }\n}";
        let (op, field, after) = root_field(q).expect("parsed");
        assert_eq!(
            (op.as_str(), field.as_str()),
            ("mutation", "inventorySetQuantities")
        );
        let (args, rest) = arguments(&after);
        assert_eq!(args.get("input").map(String::as_str), Some("$input"));
        assert!(rest.trim_start().starts_with("@idempotent"));
        let (op, field, _) =
            root_field("{ productVariants(first: 250) { edges { node { id } } } }")
                .expect("parsed");
        assert_eq!((op.as_str(), field.as_str()), ("query", "productVariants"));
    }

    #[test]
    fn versions_are_quarterly() {
        assert_eq!(valid_version("2026-10"), Some((2026, 10)));
        assert!(valid_version("2026-10") >= Some((2026, 4)));
        assert_eq!(valid_version("2026-05"), None);
        assert_eq!(valid_version("latest"), None);
    }
}
