//! Stock counts: start a count for a warehouse (or one category in it), enter counted
//! quantities (a scanner types a code then Enter: one unit), see the differences, post
//! them as ledger adjustments. Posting never takes stock below what is reserved.

use serde::Serialize;
use sqlx::PgPool;

use orderdeck_store::{self as store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum CountError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CountError {
    fn from(e: sqlx::Error) -> Self {
        CountError::Store(e.into())
    }
}

/// Starts a count: every active variant of the warehouse (or category) with the system's
/// figure at this moment. Returns the count id.
pub async fn start(
    pool: &PgPool,
    warehouse: &str,
    category: Option<&str>,
    actor: &str,
) -> Result<i64, CountError> {
    let mut tx = pool.begin().await?;
    let wh: Option<i64> =
        sqlx::query_scalar("select id from warehouses where code = $1 and active")
            .bind(warehouse)
            .fetch_optional(&mut *tx)
            .await?;
    let wh = wh.ok_or_else(|| {
        CountError::Refused(orderdeck_i18n::t!(
            "err-no-active-warehouse",
            warehouse = warehouse
        ))
    })?;
    let id: i64 = sqlx::query_scalar("insert into stock_counts (warehouse_id, category, started_by) values ($1, $2, $3) returning id")
        .bind(wh)
        .bind(category)
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
    let n = sqlx::query(
        "insert into stock_count_lines (stock_count_id, variant_id, expected_qty)
         select $1, v.id, coalesce(s.on_hand, 0) from variants v join products p on p.id = v.product_id
         left join stock_levels s on s.variant_id = v.id and s.warehouse_id = $2
         where v.active and ($3::text is null or p.category = $3)",
    )
    .bind(id)
    .bind(wh)
    .bind(category)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(CountError::Refused(orderdeck_i18n::t!("err-count-nothing")));
    }
    tx.commit().await?;
    Ok(id)
}

/// Counts `qty` more units of the variant with this barcode or SKU (a scan is one unit).
/// Returns (sku, counted so far).
pub async fn enter(
    pool: &PgPool,
    count_id: i64,
    code: &str,
    qty: i32,
) -> Result<(String, i32), CountError> {
    if !(-10_000..=10_000).contains(&qty) || qty == 0 {
        return Err(CountError::Refused(orderdeck_i18n::t!(
            "err-count-qty-range"
        )));
    }
    let row: Option<(String, i32)> = sqlx::query_as(
        "update stock_count_lines l set counted_qty = l.counted_qty + $3
         from variants v, stock_counts c
         where l.stock_count_id = $1 and c.id = l.stock_count_id and c.status = 'open' and v.id = l.variant_id
           and (v.barcode = $2 or upper(v.sku) = upper($2)) and l.counted_qty + $3 >= 0
         returning v.sku, l.counted_qty",
    )
    .bind(count_id)
    .bind(code.trim())
    .bind(qty)
    .fetch_optional(pool)
    .await?;
    row.ok_or_else(|| {
        CountError::Refused(orderdeck_i18n::t!(
            "err-count-not-in-count",
            code = code.trim()
        ))
    })
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct Difference {
    pub sku: String,
    pub system: i32,
    pub counted: i32,
    pub reserved: i32,
}

/// Lines whose count differs from the system's figure now.
pub async fn differences(pool: &PgPool, count_id: i64) -> Result<Vec<Difference>, CountError> {
    Ok(sqlx::query_as::<_, Difference>(
        "select v.sku, coalesce(s.on_hand, 0) as system, l.counted_qty as counted, coalesce(s.reserved, 0) as reserved
         from stock_count_lines l join stock_counts c on c.id = l.stock_count_id join variants v on v.id = l.variant_id
         left join stock_levels s on s.variant_id = l.variant_id and s.warehouse_id = c.warehouse_id
         where l.stock_count_id = $1 and l.counted_qty <> coalesce(s.on_hand, 0) order by v.sku",
    )
    .bind(count_id)
    .fetch_all(pool)
    .await?)
}

/// Posts the differences as `count` moves. Refused, changing nothing, when a count is
/// below what is reserved (those orders must be cancelled or moved first).
pub async fn post(pool: &PgPool, count_id: i64, actor: &str) -> Result<usize, CountError> {
    let mut tx = pool.begin().await?;
    let state: Option<(String, i64)> =
        sqlx::query_as("select status, warehouse_id from stock_counts where id = $1 for update")
            .bind(count_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((status, wh)) = state else {
        return Err(CountError::Refused(orderdeck_i18n::t!(
            "err-no-stock-count",
            count = count_id.to_string()
        )));
    };
    if status != "open" {
        return Err(CountError::Refused(orderdeck_i18n::t!(
            "err-stock-count-status",
            count = count_id.to_string(),
            status = &status
        )));
    }
    let variants: Vec<i64> =
        sqlx::query_scalar("select variant_id from stock_count_lines where stock_count_id = $1")
            .bind(count_id)
            .fetch_all(&mut *tx)
            .await?;
    store::stock::lock_levels(&mut tx, &variants).await?;
    let lines: Vec<(i64, String, i32, i32, i32)> = sqlx::query_as(
        "select l.variant_id, v.sku, l.counted_qty, coalesce(s.on_hand, 0), coalesce(s.reserved, 0)
         from stock_count_lines l join variants v on v.id = l.variant_id
         left join stock_levels s on s.variant_id = l.variant_id and s.warehouse_id = $2
         where l.stock_count_id = $1 order by l.variant_id",
    )
    .bind(count_id)
    .bind(wh)
    .fetch_all(&mut *tx)
    .await?;
    let below: Vec<String> = lines
        .iter()
        .filter(|(_, _, c, _, r)| c < r)
        .map(|(_, sku, c, _, r)| {
            orderdeck_i18n::t!(
                "err-count-below-reserved",
                sku = sku,
                counted = *c,
                reserved = *r
            )
        })
        .collect();
    if !below.is_empty() {
        return Err(CountError::Refused(orderdeck_i18n::t!(
            "err-count-not-posted",
            lines = below.join("; ")
        )));
    }
    let mut posted = 0;
    let mut increased = Vec::new();
    for (variant, _, counted, on_hand, _) in &lines {
        let diff = counted - on_hand;
        if diff != 0 {
            let reason = format!("stock count {count_id}");
            let m = store::stock::Move {
                variant_id: *variant,
                warehouse_id: wh,
                qty: diff,
                kind: "count",
                reason: &reason,
                actor,
                reference: Some(("stock_counts", count_id)),
            };
            store::stock::post_move(&mut tx, &m).await?;
            posted += 1;
        }
        if diff > 0 {
            increased.push(*variant);
        }
    }
    // Found stock goes to waiting backorders first, oldest order first.
    crate::purchasing::fill_backorders(&mut tx, &increased, actor).await?;
    sqlx::query("update stock_counts set status = 'posted', posted_at = now() where id = $1")
        .bind(count_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(posted)
}
