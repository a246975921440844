//! What a scanned code names, wherever it was scanned: a product (its barcode or SKU) or
//! an order (its number, a parcel's tracking number, the channel's order id).

use sqlx::PgPool;

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scanned {
    Order(i64),
    Product(i64),
}

/// The product or order a scan names. A product's barcode or SKU is looked at first: it is
/// an exact identifier, while an order is also found by its digits alone (`273` is
/// OD-000273), which a short in-house barcode could otherwise be taken for.
pub async fn scanned(pool: &PgPool, code: &str) -> Result<Option<Scanned>> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let product: Option<i64> = sqlx::query_scalar(
        "select product_id from variants where barcode = $1 or upper(sku) = upper($1)
         order by active desc, id limit 1",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?;
    if let Some(id) = product {
        return Ok(Some(Scanned::Product(id)));
    }
    Ok(crate::orders::find_for_goto(pool, code)
        .await?
        .map(|o| Scanned::Order(o.id)))
}
