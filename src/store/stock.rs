//! Stock levels per variant and warehouse, and the ledger behind them.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;
use super::page::{PageKey, PageRequest, where_all};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StockRow {
    pub variant_id: i64,
    pub warehouse_id: i64,
    pub sku: String,
    pub product: String,
    pub attr_values: Vec<String>,
    pub warehouse: String,
    pub on_hand: i32,
    pub reserved: i32,
    pub incoming: i64,
    pub reorder_point: i32,
    /// Available and incoming over every warehouse: reorder points are per SKU.
    pub sku_available: i64,
    pub sku_incoming: i64,
    /// sku and warehouse code joined: the sort key.
    pub sort_key: String,
}

impl StockRow {
    pub fn key(&self) -> PageKey {
        PageKey::Text(self.sort_key.clone(), self.warehouse_id)
    }

    pub fn figures(&self) -> crate::domain::stock::StockFigures {
        crate::domain::stock::StockFigures {
            on_hand: self.on_hand,
            reserved: self.reserved,
        }
    }

    /// The SKU as a whole (all warehouses, plus what is on order) is at or under its reorder point.
    pub fn is_low(&self) -> bool {
        let total = crate::domain::stock::StockFigures {
            on_hand: i32::try_from(self.sku_available).unwrap_or(i32::MAX),
            reserved: 0,
        };
        total.is_low(
            self.reorder_point,
            i32::try_from(self.sku_incoming).unwrap_or(i32::MAX),
        )
    }
}

pub async fn page(pool: &PgPool, req: &PageRequest) -> Result<Vec<StockRow>> {
    let pattern = req.like_pattern();
    let mut conds = Vec::new();
    let mut next = 2;
    if pattern.is_some() {
        conds.push(format!(
            "(lower(v.sku) like ${next} or p.search_text like ${next} or lower(w.code) like ${next})"
        ));
        next += 1;
    }
    let sort = "(v.sku || ' ' || w.code)";
    let (key_cond, order) = req.keyset(sort, "s.warehouse_id", false, next);
    conds.push(key_cond);
    let sql = format!(
        "select s.variant_id, s.warehouse_id, v.sku, p.name as product, v.attr_values,
                w.code as warehouse, s.on_hand, s.reserved, v.reorder_point, {sort} as sort_key,
                coalesce((select sum(l.qty - l.received_qty - l.rejected_qty) from purchase_order_lines l
                          join purchase_orders po on po.id = l.purchase_order_id
                          where l.variant_id = s.variant_id and po.warehouse_id = s.warehouse_id
                            and po.status in ('confirmed', 'partially_received')), 0)::bigint as incoming,
                coalesce((select sum(l.qty - l.received_qty - l.rejected_qty) from purchase_order_lines l
                          join purchase_orders po on po.id = l.purchase_order_id
                          where l.variant_id = s.variant_id
                            and po.status in ('confirmed', 'partially_received')), 0)::bigint as sku_incoming,
                (select coalesce(sum(x.on_hand - x.reserved), 0) from stock_levels x where x.variant_id = s.variant_id)::bigint as sku_available
         from stock_levels s
         join variants v on v.id = s.variant_id
         join products p on p.id = v.product_id
         join warehouses w on w.id = s.warehouse_id
         where {} order by {order} limit $1",
        where_all(&conds)
    );
    let mut q = sqlx::query_as::<_, StockRow>(&sql).bind(req.limit);
    if let Some(p) = pattern {
        q = q.bind(p);
    }
    Ok(req.in_display_order(req.bind_key(q).fetch_all(pool).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StockMove {
    pub created_at: DateTime<Utc>,
    pub qty: i32,
    pub kind: String,
    pub reason: String,
    pub actor: String,
    pub balance: i64,
}

/// The ledger of one variant in one warehouse, newest first, with the running balance.
pub async fn ledger(
    pool: &PgPool,
    variant_id: i64,
    warehouse_id: i64,
    limit: i64,
) -> Result<Vec<StockMove>> {
    Ok(sqlx::query_as::<_, StockMove>(
        "select created_at, qty, kind, reason, actor, balance from (
            select id, created_at, qty, kind, reason, actor,
                   sum(qty) over (order by id)::bigint as balance
            from stock_moves where variant_id = $1 and warehouse_id = $2) m
         order by id desc limit $3",
    )
    .bind(variant_id)
    .bind(warehouse_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
