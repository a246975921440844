//! The product side of the simulated shop: listings, prices, stock updates and new items.

use super::*;

pub(super) fn product_json(p: &Product) -> Value {
    json!({
        "item_id": p.item_id,
        "primary_category": p.category,
        "status": p.status,
        "created_time": (p.created * 1000).to_string(),
        "updated_time": (p.updated * 1000).to_string(),
        "attributes": { "name": p.name, "description": "" },
        "skus": p.skus.iter().map(|s| json!({
            "SkuId": s.sku_id,
            "SellerSku": s.seller_sku,
            "ShopSku": format!("{}_VNAMZ-{}", p.item_id, s.sku_id),
            "price": s.price as f64,
            "special_price": 0,
            "quantity": s.quantity,
            "Available": s.quantity,
            "Status": s.status,
        })).collect::<Vec<_>>(),
    })
}

pub(super) async fn products_get(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
) -> Response {
    let p = match admit(&state, &Method::GET, q, &[], "/products/get", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let filter = first(&p, "filter").unwrap_or("all");
    if !PRODUCT_FILTERS.contains(&filter) {
        return isv(&state, "MissingParameter", "filter is invalid");
    }
    let offset = match int_param(&p, "offset") {
        Ok(o) => o.unwrap_or(0),
        Err(_) => return isv(&state, "14", "Invalid Offset"),
    };
    if !(0..=MAX_PRODUCT_OFFSET).contains(&offset) {
        return isv(&state, "14", "Invalid Offset");
    }
    let limit = match int_param(&p, "limit") {
        Ok(l) => l.unwrap_or(10),
        Err(_) => return isv(&state, "19", "Invalid Limit"),
    };
    if !(1..=50).contains(&limit) {
        return isv(&state, "19", "Invalid Limit");
    }
    let skus: Option<Vec<String>> = match first(&p, "sku_seller_list") {
        None => None,
        Some(s) => match serde_json::from_str::<Vec<String>>(s) {
            Ok(v) if v.len() <= 100 => Some(v),
            _ => {
                return isv(
                    &state,
                    "MissingParameter",
                    "sku_seller_list must be a JSON list of up to 100 SKUs",
                );
            }
        },
    };
    let store = lock(&state.lazada);
    let matching: Vec<&Product> = store
        .products
        .values()
        .filter(|p| match filter {
            "live" => p.status == "Active",
            "inactive" => p.status == "inactive",
            "deleted" => p.status == "deleted",
            "all" => p.status != "deleted",
            _ => false,
        })
        .filter(|p| {
            skus.as_ref()
                .is_none_or(|list| p.skus.iter().any(|s| list.contains(&s.seller_sku)))
        })
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|p| product_json(p))
        .collect();
    drop(store);
    ok(&state, json!({ "total_products": total, "products": page }))
}

pub(super) fn payload(state: &SimState, p: &Params) -> Result<Element, Box<Response>> {
    let Some(text) = first(p, "payload") else {
        return Err(Box::new(isv(
            state,
            "MissingParameter",
            "payload is missing",
        )));
    };
    xml::parse(text).map_err(|e| {
        Box::new(isv(
            state,
            "InvalidParameter",
            &format!("payload is not valid XML: {e}"),
        ))
    })
}

pub(super) async fn price_quantity_update(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    let p = match admit(
        &state,
        &Method::POST,
        q,
        &raw,
        "/product/price_quantity/update",
        true,
    ) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let x = match payload(&state, &p) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let skus: Vec<&Element> = match x.path(&["Product", "Skus"]) {
        Some(s) => s.all("Sku").collect(),
        None => {
            return isv(
                &state,
                "InvalidParameter",
                "payload needs Request/Product/Skus/Sku",
            );
        }
    };
    if skus.len() > 50 {
        return isv(&state, "4171", "Too many SKUs: at most 50 per call");
    }
    let mut detail = Vec::new();
    let mut store = lock(&state.lazada);
    for s in skus {
        let seller_sku = s.text_of("SellerSku").unwrap_or_default();
        let sku_id = s.text_of("SkuId").and_then(|v| v.parse::<i64>().ok());
        let qty = match s.text_of("Quantity").map(|q| q.parse::<i64>()) {
            Some(Ok(q)) if q >= 0 => q,
            _ => {
                detail.push(json!({ "field": "Quantity", "seller_sku": seller_sku, "message": "Quantity must be a whole number, 0 or more" }));
                continue;
            }
        };
        let found = store
            .products
            .values_mut()
            .flat_map(|p| p.skus.iter_mut())
            .find(|k| {
                sku_id.is_some_and(|id| id == k.sku_id)
                    || (!seller_sku.is_empty() && k.seller_sku == seller_sku)
            });
        match found {
            Some(k) => k.quantity = qty,
            None => detail.push(json!({ "field": "SellerSku", "seller_sku": seller_sku, "message": "SKU not found" })),
        }
    }
    drop(store);
    if detail.is_empty() {
        ok(&state, json!({}))
    } else {
        axum::Json(json!({
            "type": "ISV",
            "code": "501",
            "message": "Update failed, check the detail field",
            "detail": detail,
            "request_id": request_id(&state),
        }))
        .into_response()
    }
}

pub(super) async fn product_create(
    State(state): State<Arc<SimState>>,
    Query(q): Query<Params>,
    raw: Bytes,
) -> Response {
    let p = match admit(&state, &Method::POST, q, &raw, "/product/create", true) {
        Ok(p) => p,
        Err(r) => return *r,
    };
    let x = match payload(&state, &p) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some(product) = x.child("Product") else {
        return isv(&state, "InvalidParameter", "payload needs Request/Product");
    };
    let Some(category) = product
        .text_of("PrimaryCategory")
        .and_then(|c| c.parse::<i64>().ok())
    else {
        return isv(&state, "MissingParameter", "PrimaryCategory is required");
    };
    let images = product
        .child("Images")
        .map_or(0, |i| i.all("Image").count());
    if images == 0 {
        return isv(&state, "MissingParameter", "Images/Image is required");
    }
    let Some(name) = product
        .path(&["Attributes"])
        .and_then(|a| a.text_of("name"))
    else {
        return isv(&state, "MissingParameter", "Attributes/name is required");
    };
    let sku_elements: Vec<&Element> = product
        .child("Skus")
        .map(|s| s.all("Sku").collect())
        .unwrap_or_default();
    if sku_elements.is_empty() {
        return isv(&state, "MissingParameter", "Skus/Sku is required");
    }
    let mut skus = Vec::new();
    let mut store = lock(&state.lazada);
    let item_id = store.next_item_id;
    for (i, s) in sku_elements.iter().enumerate() {
        let (Some(seller_sku), Some(price), Some(qty), Some(_weight)) = (
            s.text_of("SellerSku"),
            s.text_of("price").and_then(|v| v.parse::<f64>().ok()),
            s.text_of("quantity").and_then(|v| v.parse::<i64>().ok()),
            s.text_of("package_weight")
                .and_then(|v| v.parse::<f64>().ok()),
        ) else {
            drop(store);
            return isv(
                &state,
                "MissingParameter",
                "each Sku needs SellerSku, price, quantity and package_weight",
            );
        };
        skus.push(Sku {
            sku_id: item_id * 10 + i as i64 + 1,
            seller_sku,
            price: price.round() as i64,
            quantity: qty,
            status: "active".into(),
        });
    }
    store.next_item_id += 1;
    let now = Utc::now().timestamp();
    let sku_list: Vec<Value> = skus
        .iter()
        .map(|s| json!({ "sku_id": s.sku_id, "seller_sku": s.seller_sku, "shop_sku": format!("{item_id}_VNAMZ-{}", s.sku_id) }))
        .collect();
    store.products.insert(
        item_id,
        Product {
            item_id,
            name,
            status: "pending".into(),
            category,
            created: now,
            updated: now,
            skus,
            request: first(&p, "payload").map(str::to_string),
        },
    );
    drop(store);
    ok(&state, json!({ "item_id": item_id, "sku_list": sku_list }))
}
