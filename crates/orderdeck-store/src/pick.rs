//! Pick lists: a batch of orders' reservations summed by warehouse and SKU, in the order
//! a picker walks the shelves; and the bins that order comes from.

use sqlx::PgPool;

use super::Result;
use orderdeck_domain::pick::{PickList, PickOrder, PickRow, clean_bin};

#[derive(sqlx::FromRow)]
struct Row {
    warehouse: String,
    bin: String,
    sku: String,
    name: String,
    attrs: Vec<String>,
    qty: i64,
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    number: String,
    status: Option<String>,
    ordered: i64,
    reserved: i64,
}

/// What each asked order has reserved (in the order asked, unknown numbers included),
/// and the list of the ones that have something to pick.
pub async fn pick_list(pool: &PgPool, numbers: &[String]) -> Result<(Vec<PickOrder>, PickList)> {
    let asked: Vec<String> = numbers.iter().map(|n| n.trim().to_uppercase()).collect();
    let orders: Vec<OrderRow> = sqlx::query_as(
        "select a.number, o.status,
                coalesce((select sum(l.qty) from order_lines l where l.order_id = o.id), 0)::bigint as ordered,
                coalesce((select sum(r.qty) from reservations r join order_lines l on l.id = r.order_line_id
                          where l.order_id = o.id), 0)::bigint as reserved
         from unnest($1::text[]) with ordinality as a(number, n)
         left join orders o on o.number = a.number
         order by a.n",
    )
    .bind(&asked)
    .fetch_all(pool)
    .await?;
    let orders: Vec<PickOrder> = orders
        .into_iter()
        .map(|o| PickOrder {
            number: o.number,
            status: o.status,
            ordered: o.ordered,
            reserved: o.reserved,
        })
        .collect();
    let picked: Vec<String> = orders
        .iter()
        .filter(|o| o.skip().is_none())
        .map(|o| o.number.clone())
        .collect();
    let rows: Vec<Row> = sqlx::query_as(
        "select w.code as warehouse, coalesce(s.bin, '') as bin, v.sku, p.name,
                v.attr_values as attrs, sum(r.qty)::bigint as qty
         from reservations r
         join order_lines l on l.id = r.order_line_id
         join orders o on o.id = l.order_id
         join variants v on v.id = r.variant_id
         join products p on p.id = v.product_id
         join warehouses w on w.id = r.warehouse_id
         left join stock_levels s on s.variant_id = r.variant_id and s.warehouse_id = r.warehouse_id
         where o.number = any($1)
         group by w.code, s.bin, v.sku, p.name, v.attr_values
         order by w.code, coalesce(s.bin, '') = '', coalesce(s.bin, ''), v.sku",
    )
    .bind(&picked)
    .fetch_all(pool)
    .await?;
    let mut list = PickList {
        orders: picked,
        rows: rows
            .into_iter()
            .map(|r| PickRow {
                warehouse: r.warehouse,
                bin: r.bin,
                sku: r.sku,
                name: r.name,
                attrs: r.attrs,
                qty: r.qty,
            })
            .collect(),
    };
    // SQL's text order follows the database's collation; the walk follows the codes.
    list.sort();
    Ok((orders, list))
}

/// What setting a bin did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BinSet {
    /// Set (the bin as stored; empty: cleared).
    Set(String),
    UnknownSku,
    UnknownWarehouse,
    TooLong,
}

/// Says where a SKU lies in a warehouse (`warehouse` is its code). A SKU never stocked
/// there gets its stock row, empty, so the bin is known before the first receipt.
pub async fn set_bin(pool: &PgPool, sku: &str, warehouse: &str, bin: &str) -> Result<BinSet> {
    let Some(bin) = clean_bin(bin) else {
        return Ok(BinSet::TooLong);
    };
    let variant: Option<i64> = sqlx::query_scalar("select id from variants where sku = $1")
        .bind(sku.trim())
        .fetch_optional(pool)
        .await?;
    let Some(variant) = variant else {
        return Ok(BinSet::UnknownSku);
    };
    let place: Option<i64> = sqlx::query_scalar("select id from warehouses where code = $1")
        .bind(warehouse.trim().to_uppercase())
        .fetch_optional(pool)
        .await?;
    let Some(place) = place else {
        return Ok(BinSet::UnknownWarehouse);
    };
    sqlx::query(
        "insert into stock_levels (variant_id, warehouse_id, bin) values ($1, $2, $3)
         on conflict (variant_id, warehouse_id) do update set bin = excluded.bin
         where stock_levels.bin is distinct from excluded.bin",
    )
    .bind(variant)
    .bind(place)
    .bind(&bin)
    .execute(pool)
    .await?;
    Ok(BinSet::Set(bin))
}
