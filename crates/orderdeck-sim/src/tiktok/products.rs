//! The product side of the simulated shop: listings, prices, stock updates and new items.

use super::*;

pub(super) fn product_json(p: &Product) -> Value {
    json!({
        "id": p.id,
        "title": p.title,
        "status": p.status,
        "skus": p.skus.iter().map(|s| json!({
            "id": s.id,
            "seller_sku": s.seller_sku,
            "price": { "currency": "VND", "tax_exclusive_price": s.price.to_string(), "sale_price": s.price.to_string() },
            "inventory": s.inventory.iter().map(|(w, q)| json!({ "warehouse_id": w, "quantity": q })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "sales_regions": ["VN"],
    })
}

pub(super) async fn product_search(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let (body, size, offset) = match (
        json_body(&state, &raw),
        page_size(&state, &q),
        page_offset(&state, &q),
    ) {
        (Ok(b), Ok(s), Ok(o)) => (b, s, o),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return *r,
    };
    let status = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("ALL")
        .to_string();
    let skus: Option<Vec<String>> = body.get("seller_skus").and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    });
    let store = lock(&state.tiktok);
    let matching: Vec<&Product> = store
        .products
        .values()
        .filter(|p| status == "ALL" || p.status == status)
        .filter(|p| {
            skus.as_ref()
                .is_none_or(|l| p.skus.iter().any(|s| l.contains(&s.seller_sku)))
        })
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|p| product_json(p))
        .collect();
    drop(store);
    let next = if offset + size < total {
        format!("pt_{}", offset + size)
    } else {
        String::new()
    };
    ok(
        &state,
        json!({ "next_page_token": next, "total_count": total, "products": page }),
    )
}

/// Get Product: the product whole, with each SKU's inventory per warehouse.
pub(super) async fn product_get(
    State(state): State<Arc<SimState>>,
    Path(product_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, None, true) {
        return r;
    }
    let found = lock(&state.tiktok)
        .products
        .get(&product_id)
        .map(product_json);
    match found {
        Some(p) => ok(&state, p),
        None => fail(&state, INVALID_PARAM, "product not found"),
    }
}

pub(super) async fn inventory_update(
    State(state): State<Arc<SimState>>,
    Path(product_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let body = match json_body(&state, &raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let Some(skus) = body
        .get("skus")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
    else {
        return fail(&state, INVALID_PARAM, "skus is required");
    };
    let mut store = lock(&state.tiktok);
    let Some(product) = store.products.get_mut(&product_id) else {
        drop(store);
        return fail(&state, INVALID_PARAM, "product not found");
    };
    if product.status != "ACTIVATE" {
        drop(store);
        return fail(&state, NOT_ACTIVATE, "the product is not ACTIVATE");
    }
    let mut errors = Vec::new();
    for s in skus {
        let sku_id = s
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let inv = s
            .get("inventory")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut refuse = |message: &str| {
            errors.push(json!({
                "code": INVALID_PARAM,
                "message": message,
                "detail": { "sku_id": sku_id, "extra_errors": [] },
            }));
        };
        let Some(target) = product.skus.iter_mut().find(|k| k.id == sku_id) else {
            refuse("the SKU does not belong to this product");
            continue;
        };
        // Every warehouse assigned to the SKU, each once (reference, Update Inventory);
        // with one warehouse, warehouse_id may be left out. 0 is taken for "sold out"
        // (the doc's range starts at 1; see notes).
        let assigned: Vec<String> = target.inventory.iter().map(|(w, _)| w.clone()).collect();
        let mut given: Vec<(String, i64)> = Vec::new();
        let mut bad = false;
        for entry in &inv {
            let w = match entry.get("warehouse_id").and_then(Value::as_str) {
                Some(w) => w.to_string(),
                None if assigned.len() == 1 && inv.len() == 1 => assigned[0].clone(),
                None => {
                    bad = true;
                    break;
                }
            };
            match entry.get("quantity").and_then(Value::as_i64) {
                Some(n) if (0..=99_999).contains(&n) && !given.iter().any(|(g, _)| *g == w) => {
                    given.push((w, n))
                }
                _ => {
                    bad = true;
                    break;
                }
            }
        }
        let mut named: Vec<&String> = given.iter().map(|(w, _)| w).collect();
        named.sort();
        let mut wanted: Vec<&String> = assigned.iter().collect();
        wanted.sort();
        if bad || named != wanted {
            refuse(&format!(
                "inventory must list every warehouse assigned to the SKU ({}), each with a quantity of 0 to 99,999",
                assigned.join(", ")
            ));
            continue;
        }
        target.inventory = given;
    }
    drop(store);
    ok(&state, json!({ "errors": errors }))
}

pub(super) async fn product_create(
    State(state): State<Arc<SimState>>,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &uri, &q, &headers, Some(&raw), true) {
        return r;
    }
    let body = match json_body(&state, &raw) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let (Some(title), Some(_category)) = (text("title"), text("category_id")) else {
        return fail(&state, INVALID_PARAM, "title and category_id are required");
    };
    if body
        .get("main_images")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        return fail(&state, INVALID_PARAM, "main_images is required");
    }
    if body
        .pointer("/package_weight/value")
        .and_then(Value::as_str)
        .is_none()
    {
        return fail(&state, INVALID_PARAM, "package_weight is required");
    }
    let Some(sku_list) = body
        .get("skus")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
    else {
        return fail(&state, INVALID_PARAM, "skus is required");
    };
    let mut store = lock(&state.tiktok);
    let product_id = store.new_id();
    let mut skus = Vec::new();
    for s in sku_list {
        let seller_sku = s
            .get("seller_sku")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let price = s
            .pointer("/price/amount")
            .and_then(Value::as_str)
            .and_then(|a| a.parse::<f64>().ok());
        let qty = s.pointer("/inventory/0/quantity").and_then(Value::as_i64);
        let warehouse = s
            .pointer("/inventory/0/warehouse_id")
            .and_then(Value::as_str)
            .unwrap_or(WAREHOUSE_ID)
            .to_string();
        let (Some(price), Some(qty)) = (price, qty) else {
            drop(store);
            return fail(
                &state,
                INVALID_PARAM,
                "each SKU needs price.amount and inventory",
            );
        };
        let id = store.new_id();
        skus.push(Sku {
            id,
            seller_sku,
            name: String::new(),
            price: price.round() as i64,
            inventory: vec![(warehouse, qty)],
        });
    }
    let reply_skus: Vec<Value> = skus
        .iter()
        .map(|s| json!({ "id": s.id, "seller_sku": s.seller_sku }))
        .collect();
    store.products.insert(
        product_id.clone(),
        Product {
            id: product_id.clone(),
            title: title.to_string(),
            status: "PENDING".into(),
            skus,
            request: Some(body.clone()),
        },
    );
    drop(store);
    ok(
        &state,
        json!({ "product_id": product_id, "skus": reply_skus, "warnings": [] }),
    )
}
