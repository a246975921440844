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
            "inventory": [ { "warehouse_id": WAREHOUSE_ID, "quantity": s.quantity } ],
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
        // One warehouse: warehouse_id may be left out.
        let qty = match inv.as_slice() {
            [one]
                if one
                    .get("warehouse_id")
                    .and_then(Value::as_str)
                    .is_none_or(|w| w == WAREHOUSE_ID) =>
            {
                one.get("quantity").and_then(Value::as_i64)
            }
            _ => None,
        };
        match qty {
            // 0 is accepted for "sold out" (the doc's range starts at 1; see notes).
            Some(n) if (0..=99_999).contains(&n) => target.quantity = n,
            _ => refuse("inventory must list the shop's warehouse with a quantity of 0 to 99,999"),
        }
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
            quantity: qty,
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
