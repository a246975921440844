//! The product side of the simulated shop: listings, prices, stock updates and new items.

use super::*;

pub(super) async fn item_list(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_ITEM_LIST, true) {
        return r;
    }
    let (offset, page_size) = match (int_param(&q, "offset"), int_param(&q, "page_size")) {
        (Ok(Some(o)), Ok(Some(p))) => (o, p),
        (Err(e), _) | (_, Err(e)) => return param_error(&state, &e),
        _ => return param_error(&state, "offset and page_size are required"),
    };
    if offset < 0 || !(1..=100).contains(&page_size) {
        return param_error(&state, "offset must be 0 or more and page_size 1 to 100.");
    }
    let statuses: Vec<&str> = q
        .iter()
        .filter(|(k, _)| k == "item_status")
        .map(|(_, v)| v.as_str())
        .collect();
    if statuses.is_empty() || statuses.iter().any(|s| !ITEM_STATUSES.contains(s)) {
        return param_error(&state, "item_status is required and must be valid.");
    }
    let store = lock(&state.shopee);
    let matching: Vec<&Item> = store
        .items
        .values()
        .filter(|i| statuses.contains(&i.status.as_str()))
        .collect();
    let (offset, size) = (offset as usize, page_size as usize);
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|i| json!({ "item_id": i.item_id, "item_status": i.status, "update_time": i.update_time }))
        .collect();
    let more = offset + size < matching.len();
    let total = matching.len();
    drop(store);
    ok(
        &state,
        json!({
            "item": page,
            "total_count": total,
            "has_next_page": more,
            "next_offset": if more { offset + size } else { total },
        }),
    )
}

pub(super) fn stock_info(stock: i64) -> Value {
    json!({
        "summary_info": { "total_reserved_stock": 0, "total_available_stock": stock },
        "seller_stock": [ { "location_id": "VNZ", "stock": stock, "if_saleable": true } ],
        "shopee_stock": [],
    })
}

pub(super) fn price_info(price: i64) -> Value {
    json!([{ "currency": "VND", "original_price": price as f64, "current_price": price as f64 }])
}

pub(super) async fn item_base_info(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_ITEM_BASE_INFO, true) {
        return r;
    }
    let ids: Result<Vec<i64>, _> = first(&q, "item_id_list")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::parse::<i64>)
        .collect();
    let ids = match ids {
        Ok(ids) if !ids.is_empty() && ids.len() <= 50 => ids,
        _ => return param_error(&state, "item_id_list should have 1 to 50 item ids."),
    };
    let store = lock(&state.shopee);
    let list: Vec<Value> = ids
        .iter()
        .filter_map(|id| store.items.get(id))
        .map(|i| {
            let mut v = json!({
                "item_id": i.item_id,
                "category_id": i.category_id,
                "item_name": i.name,
                "item_sku": i.sku,
                "item_status": i.status,
                "has_model": !i.models.is_empty(),
                "create_time": i.create_time,
                "update_time": i.update_time,
                "weight": "0.3",
                "image": { "image_id_list": [], "image_url_list": [] },
            });
            if i.models.is_empty() {
                v["price_info"] = price_info(i.price);
                v["stock_info_v2"] = stock_info(i.stock);
            }
            v
        })
        .collect();
    drop(store);
    ok(&state, json!({ "item_list": list }))
}

pub(super) async fn model_list(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_MODEL_LIST, true) {
        return r;
    }
    let item_id = match int_param(&q, "item_id") {
        Ok(Some(id)) => id,
        _ => return param_error(&state, "item_id is required."),
    };
    let store = lock(&state.shopee);
    let Some(item) = store.items.get(&item_id) else {
        drop(store);
        return fail(
            &state,
            StatusCode::OK,
            "error_item_not_found",
            "Item not found.",
        );
    };
    let reply = if item.models.is_empty() {
        json!({ "tier_variation": [], "model": [] })
    } else {
        json!({
            "tier_variation": [{
                "name": item.tier_name,
                "option_list": item.models.iter().map(|m| json!({ "option": m.option })).collect::<Vec<_>>(),
            }],
            "model": item.models.iter().enumerate().map(|(i, m)| json!({
                "model_id": m.model_id,
                "model_sku": m.sku,
                "tier_index": [i],
                "price_info": price_info(m.price),
                "stock_info_v2": stock_info(m.stock),
                "model_status": "MODEL_NORMAL",
            })).collect::<Vec<_>>(),
        })
    };
    drop(store);
    ok(&state, reply)
}

pub(super) async fn update_stock(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_UPDATE_STOCK, true) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    let item_id = match body::required_int(&v, "item_id") {
        Ok(id) => id,
        Err(e) => return param_error(&state, &e),
    };
    let Some(list) = v.get("stock_list").and_then(Value::as_array) else {
        return param_error(&state, "stock_list is required.");
    };
    if list.is_empty() || list.len() > 50 {
        return param_error(&state, "stock_list should have 1 to 50 entries.");
    }
    let mut store = lock(&state.shopee);
    let Some(item) = store.items.get_mut(&item_id) else {
        drop(store);
        return fail(
            &state,
            StatusCode::OK,
            "error_item_not_found",
            "Item not found.",
        );
    };
    let mut success = Vec::new();
    let mut failure = Vec::new();
    for entry in list {
        let model_id = entry.get("model_id").and_then(Value::as_i64).unwrap_or(-1);
        // `seller_stock` is a list; the object form went offline with `normal_stock`.
        let stock = entry
            .get("seller_stock")
            .and_then(Value::as_array)
            .map(|s| {
                s.iter()
                    .map(|x| x.get("stock").and_then(Value::as_i64))
                    .collect::<Option<Vec<i64>>>()
            });
        let stock = match stock {
            Some(Some(s)) if !s.is_empty() => s.iter().sum::<i64>(),
            _ => {
                failure.push(json!({ "model_id": model_id, "failed_reason": "seller_stock should be a list of {stock}" }));
                continue;
            }
        };
        if stock < 0 {
            failure.push(
                json!({ "model_id": model_id, "failed_reason": "stock should not be negative" }),
            );
            continue;
        }
        let slot = if item.models.is_empty() && model_id == 0 {
            Some(&mut item.stock)
        } else {
            item.models
                .iter_mut()
                .find(|m| m.model_id == model_id)
                .map(|m| &mut m.stock)
        };
        match slot {
            Some(s) => {
                *s = stock;
                success.push(json!({ "model_id": model_id, "location_id": "VNZ", "stock": stock }));
            }
            None => {
                failure.push(json!({ "model_id": model_id, "failed_reason": "model_id not found" }))
            }
        }
    }
    item.update_time = Utc::now().timestamp();
    drop(store);
    ok(
        &state,
        json!({ "success_list": success, "failure_list": failure }),
    )
}

pub(super) async fn add_item(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    if let Some(r) = gate(&state, &q, PATH_ADD_ITEM, true) {
        return r;
    }
    let v = match body::object(&raw) {
        Ok(v) => v,
        Err(e) => return param_error(&state, &e),
    };
    let number = |k: &str| v.get(k).and_then(Value::as_f64);
    let price = match number("original_price") {
        Some(p) if p > 0.0 => p,
        _ => return param_error(&state, "original_price is required and above 0."),
    };
    if !number("weight").is_some_and(|w| w > 0.0) {
        return param_error(&state, "weight is required and above 0.");
    }
    let (Some(name), Some(_)) = (body::text(&v, "item_name"), body::text(&v, "description")) else {
        return param_error(&state, "item_name and description are required.");
    };
    let category_id = match body::required_int(&v, "category_id") {
        Ok(c) => c,
        Err(e) => return param_error(&state, &e),
    };
    let images = v
        .pointer("/image/image_id_list")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if images == 0 {
        return param_error(&state, "image.image_id_list is required.");
    }
    let logistics_ok = v
        .get("logistic_info")
        .and_then(Value::as_array)
        .is_some_and(|l| {
            !l.is_empty()
                && l.iter()
                    .all(|x| x.get("logistic_id").and_then(Value::as_i64) == Some(LOGISTIC_ID))
        });
    if !logistics_ok {
        return fail(
            &state,
            StatusCode::OK,
            "product.error_logistic_info",
            "logistic_info is required and must name channels enabled for the shop.",
        );
    }
    let stock: i64 = v
        .get("seller_stock")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(|x| x.get("stock").and_then(Value::as_i64))
                .sum()
        })
        .unwrap_or(0);
    let status = body::text(&v, "item_status").unwrap_or_else(|| "NORMAL".into());
    let sku = body::text(&v, "item_sku").unwrap_or_default();
    let now = Utc::now().timestamp();
    let mut store = lock(&state.shopee);
    let item_id = store.next_item_id;
    store.next_item_id += 1;
    store.items.insert(
        item_id,
        Item {
            item_id,
            name: name.clone(),
            sku: sku.clone(),
            status: status.clone(),
            category_id,
            create_time: now,
            update_time: now,
            price: price.round() as i64,
            stock,
            tier_name: String::new(),
            models: Vec::new(),
            request: Some(v.clone()),
        },
    );
    drop(store);
    ok(
        &state,
        json!({
            "item_id": item_id,
            "item_name": name,
            "item_sku": sku,
            "item_status": status,
            "category_id": category_id,
            "price_info": price_info(price.round() as i64),
        }),
    )
}
