//! Products from the console: create one with its variants (every combination of up to
//! three attributes, each with its own SKU) and opening stock; edit its details and prices.

use sqlx::PgPool;

pub use orderdeck_domain::products::{
    FieldErrors, ProductEdit, ProductInput, VAT_RATES, parse_attribute, parse_opening,
};
use orderdeck_store::{self as store, StoreError};

/// Creates the product, its variants and their opening stock in one transaction.
pub async fn create(
    pool: &PgPool,
    p: &ProductInput,
    actor: &str,
) -> Result<Result<String, FieldErrors>, StoreError> {
    let mut errors = p.validate();
    let mut tx = pool.begin().await?;
    let mut warehouses = Vec::new();
    for (code, qty) in &p.opening {
        match sqlx::query_scalar::<_, i64>("select id from warehouses where code = $1 and active")
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?
        {
            Some(id) => warehouses.push((id, *qty)),
            None => errors.push((
                "opening".into(),
                orderdeck_i18n::t!("err-no-active-warehouse", warehouse = code),
            )),
        }
    }
    let combos = p.combinations();
    let skus: Vec<String> = (1..=combos.len())
        .map(|i| {
            if combos.len() == 1 {
                p.sku_prefix.clone()
            } else {
                format!("{}-{i}", p.sku_prefix)
            }
        })
        .collect();
    let taken: Vec<String> = sqlx::query_scalar("select sku from variants where sku = any($1)")
        .bind(&skus)
        .fetch_all(&mut *tx)
        .await?;
    if !taken.is_empty() {
        errors.push((
            "sku_prefix".into(),
            orderdeck_i18n::t!("err-product-sku-exists", skus = taken.join(", ")),
        ));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let names: Vec<String> = p.attributes.iter().map(|(n, _)| n.clone()).collect();
    let search = store::orders::search_text(&[&p.name, &p.category, &p.brand, &skus.join(" ")]);
    let id: i64 = sqlx::query_scalar(
        "insert into products (name, category, brand, description, specs, media_urls, attributes, vat_rate, search_text)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
    )
    .bind(p.name.trim())
    .bind(p.category.trim())
    .bind(p.brand.trim())
    .bind(&p.description)
    .bind(&p.specs)
    .bind(&p.media)
    .bind(&names)
    .bind(&p.vat_rate)
    .bind(search)
    .fetch_one(&mut *tx)
    .await?;
    for (sku, values) in skus.iter().zip(&combos) {
        let vid: i64 = sqlx::query_scalar(
            "insert into variants (product_id, sku, attr_values, cost_price, sale_price) values ($1, $2, $3, $4, $5) returning id",
        )
        .bind(id)
        .bind(sku)
        .bind(values)
        .bind(p.cost_price)
        .bind(p.sale_price)
        .fetch_one(&mut *tx)
        .await?;
        for (wh, qty) in &warehouses {
            let m = store::stock::Move {
                variant_id: vid,
                warehouse_id: *wh,
                qty: *qty,
                kind: "opening",
                reason: "opening stock",
                actor,
                reference: None,
            };
            store::stock::post_move(&mut tx, &m).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(orderdeck_i18n::t!(
        "common-product-created",
        name = p.name.trim(),
        count = skus.len(),
        skus = skus.join(", ")
    )))
}

/// Saves a product's details and its variants' prices in one transaction.
pub async fn update(
    pool: &PgPool,
    id: i64,
    e: &ProductEdit,
) -> Result<Result<String, FieldErrors>, StoreError> {
    let mut errors = Vec::new();
    if e.name.trim().is_empty() || e.name.chars().count() > 300 {
        errors.push(("name".into(), orderdeck_i18n::t!("err-length-1-300")));
    }
    if !VAT_RATES.contains(&e.vat_rate.as_str()) {
        errors.push((
            "vat_rate".into(),
            orderdeck_i18n::t!("err-vat-rate-choices"),
        ));
    }
    let mut tx = pool.begin().await?;
    let own: Vec<String> = sqlx::query_scalar("select sku from variants where product_id = $1")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    for (sku, cost, price, reorder) in &e.prices {
        if reorder.is_some_and(|r| r < 0) {
            errors.push((
                "prices".into(),
                orderdeck_i18n::t!("err-reorder-negative", sku = sku),
            ));
        }
        if !own.contains(sku) {
            errors.push((
                "prices".into(),
                orderdeck_i18n::t!("err-not-a-variant-of-product", sku = sku),
            ));
        }
        if cost.is_sign_negative() || price.is_sign_negative() {
            errors.push((
                "prices".into(),
                orderdeck_i18n::t!("err-prices-negative", sku = sku),
            ));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let search = store::orders::search_text(&[&e.name, &e.category, &e.brand, &own.join(" ")]);
    sqlx::query(
        "update products set name = $2, category = $3, brand = $4, vat_rate = $5, media_urls = $6, description = $7, specs = $8,
                search_text = $9, updated_at = now() where id = $1",
    )
    .bind(id)
    .bind(e.name.trim())
    .bind(e.category.trim())
    .bind(e.brand.trim())
    .bind(&e.vat_rate)
    .bind(&e.media)
    .bind(&e.description)
    .bind(&e.specs)
    .bind(search)
    .execute(&mut *tx)
    .await?;
    for (sku, cost, price, reorder) in &e.prices {
        sqlx::query("update variants set cost_price = $2, sale_price = $3, reorder_point = coalesce($4, reorder_point), updated_at = now() where sku = $1")
            .bind(sku)
            .bind(cost)
            .bind(price)
            .bind(reorder)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(orderdeck_i18n::t!(
        "common-product-saved",
        name = e.name.trim()
    )))
}
